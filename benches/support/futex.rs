//! Counting futex(2) calls without strace: a perf counter on the kernel's
//! `syscalls:sys_enter_futex` tracepoint, inherited by the threads created
//! after it is opened. The tracepoint's id is read from tracefs; where tracefs
//! is not mounted, the (single-threaded) measuring child mounts it in a
//! private mount namespace of its own, so the host's mounts stay untouched.

use std::ffi::CString;

const TRACEFS: &str = "/sys/kernel/tracing";
const FUTEX_ID: &str = "/sys/kernel/tracing/events/syscalls/sys_enter_futex/id";
const PERF_TYPE_TRACEPOINT: u32 = 2;
/// perf_event_attr bits: disabled is bit 0, inherit bit 1.
const ATTR_INHERIT: u64 = 1 << 1;

/// The first 64 bytes of `struct perf_event_attr` (PERF_ATTR_SIZE_VER0),
/// which is all a counting tracepoint event needs.
#[repr(C)]
#[derive(Default)]
struct PerfEventAttr {
    kind: u32,
    size: u32,
    config: u64,
    sample_period: u64,
    sample_type: u64,
    read_format: u64,
    flags: u64,
    wakeup_events: u32,
    bp_type: u32,
    config1: u64,
}

pub struct FutexCounter {
    fd: libc::c_int,
}

fn last_error(what: &str) -> String {
    format!("{what}: {}", std::io::Error::last_os_error())
}

/// Mounts tracefs in a new private mount namespace. Only for a
/// single-threaded process (unshare(CLONE_NEWNS) refuses shared fs state).
fn mount_tracefs_privately() -> Result<(), String> {
    // SAFETY: plain system calls with valid NUL-terminated strings.
    unsafe {
        if libc::unshare(libc::CLONE_NEWNS) != 0 {
            return Err(last_error("unshare(CLONE_NEWNS)"));
        }
        let root = CString::new("/").expect("no NUL");
        if libc::mount(
            std::ptr::null(),
            root.as_ptr(),
            std::ptr::null(),
            libc::MS_REC | libc::MS_PRIVATE,
            std::ptr::null(),
        ) != 0
        {
            return Err(last_error("mount --make-rprivate /"));
        }
        let fs = CString::new("tracefs").expect("no NUL");
        let target = CString::new(TRACEFS).expect("no NUL");
        if libc::mount(
            fs.as_ptr(),
            target.as_ptr(),
            fs.as_ptr(),
            0,
            std::ptr::null(),
        ) != 0
        {
            return Err(last_error("mount tracefs"));
        }
    }
    Ok(())
}

fn tracepoint_id() -> Result<u64, String> {
    let read = || std::fs::read_to_string(FUTEX_ID).ok();
    let text = match read() {
        Some(t) => t,
        None => {
            mount_tracefs_privately()?;
            read().ok_or_else(|| format!("{FUTEX_ID} missing even with tracefs mounted"))?
        }
    };
    text.trim().parse().map_err(|e| format!("{FUTEX_ID}: {e}"))
}

impl FutexCounter {
    /// Starts counting this process's futex calls, and those of threads it
    /// creates from now on. Needs root (or perf_event_paranoid <= 1).
    pub fn start() -> Result<Self, String> {
        let attr = PerfEventAttr {
            kind: PERF_TYPE_TRACEPOINT,
            size: std::mem::size_of::<PerfEventAttr>() as u32,
            config: tracepoint_id()?,
            sample_period: 0,
            flags: ATTR_INHERIT,
            ..Default::default()
        };
        // SAFETY: attr is a valid perf_event_attr of the size it states;
        // pid 0 / cpu -1 is "this process, any CPU".
        let fd = unsafe {
            libc::syscall(
                libc::SYS_perf_event_open,
                &attr as *const PerfEventAttr,
                0,
                -1,
                -1,
                0,
            )
        };
        if fd < 0 {
            return Err(last_error("perf_event_open(syscalls:sys_enter_futex)"));
        }
        Ok(FutexCounter {
            fd: fd as libc::c_int,
        })
    }

    /// futex calls so far, including those of inherited threads that have
    /// exited (join them first).
    pub fn read(&self) -> Result<u64, String> {
        let mut count = 0u64;
        // SAFETY: reads 8 bytes into a u64.
        let n = unsafe { libc::read(self.fd, (&mut count as *mut u64).cast(), 8) };
        if n != 8 {
            return Err(last_error("read perf counter"));
        }
        Ok(count)
    }
}

impl Drop for FutexCounter {
    fn drop(&mut self) {
        // SAFETY: our own descriptor, closed once.
        unsafe { libc::close(self.fd) };
    }
}
