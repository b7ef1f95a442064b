//! What the lab has put into an engine and not yet taken out: its temporary
//! containers, the probes it copied into a user's container, and the
//! exported image roots under the build dir. Each is
//! registered while it exists, so an interrupt (Ctrl-C, SIGTERM) removes
//! them before `muslab` exits; ordinary ends (drop, error, timeout) remove
//! them where they happen. Engine commands that create things pass a gate
//! ([`engine_call`]) the cleanup closes first: it waits for those in
//! flight, so a `create` that was running when the signal came is seen and
//! removed, and none starts after.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, RwLock, RwLockReadGuard};

use super::engine::EngineCommand;
use super::handle;

#[derive(Debug, Clone)]
pub enum Leftover {
    /// A container the lab created (`rm -f`).
    Container { engine: EngineCommand, name: String },
    /// A file the lab copied into someone else's running container.
    File {
        engine: EngineCommand,
        container: String,
        path: String,
    },
    /// A file or directory on this machine (an exported image root).
    HostPath(std::path::PathBuf),
}

impl Leftover {
    /// Removes it; Err is one line naming it and how to remove it by hand.
    pub fn remove(&self) -> Result<(), String> {
        match self {
            Leftover::Container { engine, name } => handle::remove_container(engine, name),
            Leftover::File {
                engine,
                container,
                path,
            } => handle::remove_file_in(engine, container, path),
            Leftover::HostPath(path) => std::fs::remove_dir_all(path)
                .or_else(|_| std::fs::remove_file(path))
                .or_else(|e| match e.kind() {
                    std::io::ErrorKind::NotFound => Ok(()),
                    _ => Err(e),
                })
                .map_err(|e| format!("could not remove {}: {e}", path.display())),
        }
    }
}

static LIVE: Mutex<Vec<(u64, Leftover)>> = Mutex::new(Vec::new());

/// Held (shared) by every engine command but removals; the interrupt's
/// cleanup takes it exclusively and never gives it back.
static GATE: RwLock<()> = RwLock::new(());

/// Entry to an engine command: blocks for good once an interrupt's
/// cleanup has begun (the process is about to exit).
pub fn engine_call() -> RwLockReadGuard<'static, ()> {
    GATE.read().unwrap_or_else(|e| e.into_inner())
}

/// Where a command that registered leftovers ends, after its own removals:
/// once an interrupt's cleanup has begun this blocks until that cleanup
/// ends the process (130/143), so the process neither prints an error the
/// cleanup caused (a probe killed by `rm -f`: exit 137) nor exits half-way
/// through it; otherwise it closes the gate for good, so a later interrupt
/// lets the process end with its own status (there is nothing left to remove).
pub fn settle() {
    std::mem::forget(engine_call());
}

/// A registration: dropping it forgets the leftover (it was removed).
#[derive(Debug)]
pub struct Registered(u64);

/// Registers `leftover` before the engine command that creates it.
pub fn register(leftover: Leftover) -> Registered {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    LIVE.lock()
        .unwrap_or_else(|e| e.into_inner())
        .push((id, leftover));
    Registered(id)
}

impl Drop for Registered {
    fn drop(&mut self) {
        LIVE.lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|(id, _)| *id != self.0);
    }
}

/// Waits for the engine commands in flight, lets no other start, removes
/// everything registered, then kills the children still running (probes in
/// boxes, DNS servers, engine clients whose container is gone). Engine
/// commands are let finish rather than killed: a podman killed while it
/// holds a container's lock leaves that container unusable.
fn remove_all_and_stop() {
    let closed = GATE.write().unwrap_or_else(|e| e.into_inner());
    std::mem::forget(closed);
    let live = std::mem::take(&mut *LIVE.lock().unwrap_or_else(|e| e.into_inner()));
    for (_, l) in live {
        if let Err(e) = l.remove() {
            eprintln!("muslab: {e}");
        }
    }
    muslab_sys::process::kill_live_groups();
}

/// From now on SIGINT and SIGTERM remove every leftover and kill every
/// child, then end `muslab` with 130 or 143. Call before any thread is
/// started.
pub fn remove_on_interrupt() -> Result<(), String> {
    muslab_sys::signal::exit_on_interrupt(remove_all_and_stop)
        .map_err(|e| format!("cannot handle SIGINT/SIGTERM: {e}"))
}
