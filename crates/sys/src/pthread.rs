//! Raw POSIX threads, bypassing Rust's `std::thread` (which always asks for
//! 2 MiB and so hides the libc default that C libraries and FFI threads get).

use std::io;
use std::panic::{catch_unwind, AssertUnwindSafe};

fn check(rc: libc::c_int) -> io::Result<()> {
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::from_raw_os_error(rc))
    }
}

/// An initialised `pthread_attr_t`, destroyed on drop.
struct Attr(libc::pthread_attr_t);

impl Attr {
    fn new() -> io::Result<Self> {
        // SAFETY: pthread_attr_init initialises the zeroed storage we own.
        unsafe {
            let mut a: libc::pthread_attr_t = std::mem::zeroed();
            check(libc::pthread_attr_init(&mut a))?;
            Ok(Attr(a))
        }
    }

    fn stack_size(&self) -> io::Result<usize> {
        let mut size = 0;
        // SAFETY: self.0 is initialised.
        check(unsafe { libc::pthread_attr_getstacksize(&self.0, &mut size) })?;
        Ok(size)
    }
}

impl Drop for Attr {
    fn drop(&mut self) {
        // SAFETY: initialised in new() and destroyed once.
        unsafe {
            libc::pthread_attr_destroy(&mut self.0);
        }
    }
}

/// Stack size in a freshly initialised attribute: musl fills in its default
/// (128 KiB since 1.1.21, or PT_GNU_STACK's size), glibc its default (taken
/// from RLIMIT_STACK at start-up).
pub fn default_attr_stack_size() -> io::Result<usize> {
    Attr::new()?.stack_size()
}

/// Stack size of the calling thread (`pthread_getattr_np`, present in both
/// libcs). For the main thread this follows RLIMIT_STACK.
pub fn current_thread_stack_size() -> io::Result<usize> {
    // SAFETY: pthread_getattr_np initialises the attr we then read and destroy.
    unsafe {
        let mut a: libc::pthread_attr_t = std::mem::zeroed();
        check(libc::pthread_getattr_np(libc::pthread_self(), &mut a))?;
        let attr = Attr(a);
        attr.stack_size()
    }
}

/// `sysconf(_SC_THREAD_STACK_MIN)`: glibc >= 2.34 computes it at run time, so
/// the compile-time PTHREAD_STACK_MIN constant may be stale.
pub fn stack_min() -> io::Result<usize> {
    let n = crate::sysconf::sysconf(libc::_SC_THREAD_STACK_MIN)?;
    usize::try_from(n).map_err(|_| io::Error::other(format!("stack minimum {n} overflows usize")))
}

/// How to give the raw thread its stack.
#[derive(Debug, Clone, Copy)]
pub enum StackRequest<'a> {
    /// A NULL attribute: whatever the libc's default is.
    Default,
    /// `pthread_attr_setstacksize(n)`: the libc maps a stack of n bytes.
    Size(usize),
    /// `pthread_attr_setstack`: run on this caller-owned memory.
    Memory(&'a std::cell::UnsafeCell<[u8]>),
}

type Job<'a> = Box<dyn FnOnce() + Send + 'a>;

extern "C" fn trampoline(arg: *mut libc::c_void) -> *mut libc::c_void {
    // SAFETY: `arg` is the Box<Job> leaked by `run`, handed to us exactly once.
    let job: Box<Job> = unsafe { Box::from_raw(arg as *mut Job) };
    let ok = catch_unwind(AssertUnwindSafe(job)).is_ok();
    ok as usize as *mut libc::c_void
}

/// Runs `job` on a new raw pthread with the requested stack and joins it.
/// Returns false if the job panicked. A stack overflow is not caught: it
/// kills the process, so callers run this inside a forked child.
pub fn run<'a>(stack: StackRequest<'_>, job: impl FnOnce() + Send + 'a) -> io::Result<bool> {
    let job: Box<Job<'a>> = Box::new(Box::new(job));
    let raw = Box::into_raw(job) as *mut libc::c_void;
    let mut attr_storage;
    let attr: *const libc::pthread_attr_t = match stack {
        StackRequest::Default => std::ptr::null(),
        StackRequest::Size(n) => {
            attr_storage = Attr::new()?;
            // SAFETY: initialised attr; EINVAL for too-small sizes is reported.
            check(unsafe { libc::pthread_attr_setstacksize(&mut attr_storage.0, n) })?;
            &attr_storage.0
        }
        StackRequest::Memory(mem) => {
            attr_storage = Attr::new()?;
            let len = mem.get().len();
            let ptr = mem.get() as *mut u8 as *mut libc::c_void;
            // SAFETY: the memory outlives the thread because we join below.
            check(unsafe { libc::pthread_attr_setstack(&mut attr_storage.0, ptr, len) })?;
            &attr_storage.0
        }
    };
    // SAFETY: pthread_t is an integer or pointer type; all-zero is a valid
    // placeholder that pthread_create overwrites.
    let mut thread: libc::pthread_t = unsafe { std::mem::zeroed() };
    // SAFETY: trampoline takes ownership of `raw` only if creation succeeds.
    let rc = unsafe { libc::pthread_create(&mut thread, attr, trampoline, raw) };
    if rc != 0 {
        // SAFETY: the thread was not created, so we still own the job.
        drop(unsafe { Box::from_raw(raw as *mut Job) });
        return Err(io::Error::from_raw_os_error(rc));
    }
    let mut ret: *mut libc::c_void = std::ptr::null_mut();
    // SAFETY: joining the thread we created, once.
    check(unsafe { libc::pthread_join(thread, &mut ret) })?;
    Ok(!ret.is_null())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_thread_runs_job_and_reports_its_stack() {
        let mut seen = 0;
        let ok = run(StackRequest::Size(1 << 20), || {
            seen = current_thread_stack_size().unwrap();
        })
        .unwrap();
        assert!(ok);
        assert!(seen >= 1 << 20, "asked for 1 MiB, got {seen}");
    }

    #[test]
    fn panicking_job_is_reported_not_propagated() {
        assert!(!run(StackRequest::Default, || panic!("boom")).unwrap());
    }

    #[test]
    fn too_small_size_is_an_error() {
        assert!(run(StackRequest::Size(1), || {}).is_err());
    }
}
