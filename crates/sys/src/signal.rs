/// The conventional name of a signal number; `SIG<n>` for others. Written out
/// rather than asking `strsignal`, whose texts differ between libcs.
pub fn name(signal: i32) -> String {
    let known = match signal {
        libc::SIGHUP => "SIGHUP",
        libc::SIGINT => "SIGINT",
        libc::SIGQUIT => "SIGQUIT",
        libc::SIGILL => "SIGILL",
        libc::SIGTRAP => "SIGTRAP",
        libc::SIGABRT => "SIGABRT",
        libc::SIGBUS => "SIGBUS",
        libc::SIGFPE => "SIGFPE",
        libc::SIGKILL => "SIGKILL",
        libc::SIGSEGV => "SIGSEGV",
        libc::SIGPIPE => "SIGPIPE",
        libc::SIGALRM => "SIGALRM",
        libc::SIGTERM => "SIGTERM",
        libc::SIGSYS => "SIGSYS",
        _ => return format!("SIG{signal}"),
    };
    known.to_owned()
}

/// Sends SIGKILL to the single process `pid` (> 1, so never a group or
/// "every process").
pub fn kill(pid: u32) -> std::io::Result<()> {
    send(positive_pid(pid)?, libc::SIGKILL)
}

/// Sends SIGKILL to every process of the process group `pgid` (`kill(-pgid)`).
/// A command run through a shell or a chroot wrapper leaves its real work to
/// grandchildren that share the group; killing only the direct child would
/// leave them running and holding its output pipes open.
pub fn kill_process_group(pgid: u32) -> std::io::Result<()> {
    send(-positive_pid(pgid)?, libc::SIGKILL)
}

/// `pid` as a pid_t above 1: 0, 1 and anything that turns negative would
/// name the caller's group, init, or every process.
fn positive_pid(pid: u32) -> std::io::Result<libc::pid_t> {
    libc::pid_t::try_from(pid)
        .ok()
        .filter(|&p| p > 1)
        .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::InvalidInput))
}

fn send(target: libc::pid_t, signal: libc::c_int) -> std::io::Result<()> {
    // SAFETY: kill(2) takes plain integers; `positive_pid` keeps `target`
    // from being 0, 1 or -1.
    if unsafe { libc::kill(target, signal) } == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// The signals that end an interactive command: Ctrl-C and `kill`'s default.
pub const INTERRUPTS: [libc::c_int; 2] = [libc::SIGINT, libc::SIGTERM];

/// The exit status a shell shows for a command ended by `signal` (130 for
/// SIGINT, 143 for SIGTERM).
pub fn exit_status_for(signal: libc::c_int) -> i32 {
    128 + signal
}

/// Blocks [`INTERRUPTS`] in the calling thread and starts a thread that waits
/// for them (sigwait): the first to arrive runs `cleanup`, then the process
/// exits with [`exit_status_for`] it. Unlike a signal handler, `cleanup` runs
/// in an ordinary thread, so it may start processes (an engine's `rm -f`).
/// Call it before starting other threads: they inherit the blocked mask,
/// while a thread started earlier would still die by the default action.
/// Children keep their own signals: std's `Command` empties the mask in the
/// child before exec. A signal the process was started ignoring (`nohup`,
/// a non-interactive shell's `&`) stays ignored.
pub fn exit_on_interrupt(cleanup: impl FnOnce() + Send + 'static) -> std::io::Result<()> {
    let mut set = SignalSet::empty();
    for sig in INTERRUPTS {
        if !is_ignored(sig)? {
            set.add(sig)?;
        }
    }
    set.block_in_this_thread()?;
    std::thread::Builder::new()
        .name("interrupts".into())
        .spawn(move || {
            if let Ok(sig) = set.wait() {
                cleanup();
                std::process::exit(exit_status_for(sig));
            }
        })
        .map(drop)
}

/// Whether `signal`'s disposition is SIG_IGN.
fn is_ignored(signal: libc::c_int) -> std::io::Result<bool> {
    // SAFETY: a zeroed sigaction is a valid out-parameter; with a null `act`
    // sigaction(2) only reads the current disposition into it.
    let mut old: libc::sigaction = unsafe { std::mem::zeroed() };
    // SAFETY: `old` is a valid, writable sigaction; `act` is null.
    if unsafe { libc::sigaction(signal, std::ptr::null(), &mut old) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(old.sa_sigaction == libc::SIG_IGN)
}

/// A sigset_t: built with sigemptyset/sigaddset, used with pthread_sigmask
/// and sigwait.
struct SignalSet(libc::sigset_t);

impl SignalSet {
    fn empty() -> SignalSet {
        // SAFETY: sigemptyset initialises the zeroed set it is given; it
        // cannot fail for a valid pointer.
        let mut set: libc::sigset_t = unsafe { std::mem::zeroed() };
        // SAFETY: `set` is a valid, writable sigset_t.
        unsafe { libc::sigemptyset(&mut set) };
        SignalSet(set)
    }

    fn add(&mut self, signal: libc::c_int) -> std::io::Result<()> {
        // SAFETY: `self.0` was initialised by sigemptyset; an invalid signal
        // number is reported as EINVAL.
        if unsafe { libc::sigaddset(&mut self.0, signal) } == 0 {
            Ok(())
        } else {
            Err(std::io::Error::last_os_error())
        }
    }

    fn block_in_this_thread(&self) -> std::io::Result<()> {
        // SAFETY: a valid set; the old mask is not asked for.
        match unsafe { libc::pthread_sigmask(libc::SIG_BLOCK, &self.0, std::ptr::null_mut()) } {
            0 => Ok(()),
            e => Err(std::io::Error::from_raw_os_error(e)),
        }
    }

    /// Waits until one of the set's signals is pending and takes it.
    fn wait(&self) -> std::io::Result<libc::c_int> {
        let mut sig: libc::c_int = 0;
        // SAFETY: a valid set and a writable int.
        match unsafe { libc::sigwait(&self.0, &mut sig) } {
            0 => Ok(sig),
            e => Err(std::io::Error::from_raw_os_error(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_segv_and_unknowns() {
        assert_eq!(super::name(libc::SIGSEGV), "SIGSEGV");
        assert_eq!(super::name(99), "SIG99");
    }

    #[test]
    fn kill_process_group_reaches_grandchildren() {
        use std::io::BufRead;
        use std::os::unix::process::{CommandExt, ExitStatusExt};
        let mut child = std::process::Command::new("sh")
            .args(["-c", "sleep 30 & echo $!; wait"])
            .process_group(0)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let grandchild: u32 = line.trim().parse().unwrap();
        super::kill_process_group(child.id()).unwrap();
        assert_eq!(child.wait().unwrap().signal(), Some(libc::SIGKILL));
        // The sleep dies too (SIGKILL is acted on when it is next scheduled):
        // gone, or a zombie waiting for init to reap it.
        let dead = || {
            let stat =
                std::fs::read_to_string(format!("/proc/{grandchild}/stat")).unwrap_or_default();
            stat.is_empty() || stat.rsplit(") ").next().is_some_and(|s| s.starts_with('Z'))
        };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while !dead() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert!(dead(), "sleep {grandchild} still running");
    }

    #[test]
    fn kill_refuses_what_would_mean_a_group_or_everything() {
        for pid in [0, 1, u32::MAX] {
            assert!(super::kill_process_group(pid).is_err(), "group {pid}");
            assert!(super::kill(pid).is_err(), "pid {pid}");
        }
    }

    #[test]
    fn kill_ends_a_child() {
        use std::os::unix::process::ExitStatusExt;
        let mut child = std::process::Command::new("sleep")
            .arg("30")
            .spawn()
            .unwrap();
        super::kill(child.id()).unwrap();
        let got = child.wait().unwrap().signal();
        assert_eq!(got, Some(libc::SIGKILL), "got {got:?}, want SIGKILL");
    }
}
