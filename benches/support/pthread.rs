//! Raw pthreads through `libc::` (not std::thread, which always sets its
//! own stack size): what C code gets from pthread_create.

use std::ffi::c_void;

/// The stack a thread asks for: the libc's default attribute (musl: 128 KiB;
/// glibc: RLIMIT_STACK, usually 8 MiB) or an explicit size.
#[derive(Debug, Clone, Copy)]
pub enum Stack {
    LibcDefault,
    Size(usize),
}

extern "C" fn noop(_: *mut c_void) -> *mut c_void {
    std::ptr::null_mut()
}

/// Blocks in read(2) on the pipe whose read end is `arg` until it closes.
extern "C" fn wait_for_eof(arg: *mut c_void) -> *mut c_void {
    let fd = arg as usize as libc::c_int;
    let mut b = 0u8;
    // SAFETY: reads at most one byte into b.
    while unsafe { libc::read(fd, (&mut b as *mut u8).cast(), 1) } > 0 {}
    std::ptr::null_mut()
}

fn create(
    stack: Stack,
    f: extern "C" fn(*mut c_void) -> *mut c_void,
    arg: *mut c_void,
) -> Result<libc::pthread_t, String> {
    // SAFETY: attr is initialised before use and destroyed after; the thread
    // function and argument outlive the thread (static fn, integer arg).
    unsafe {
        let mut attr: libc::pthread_attr_t = std::mem::zeroed();
        libc::pthread_attr_init(&mut attr);
        if let Stack::Size(n) = stack {
            let r = libc::pthread_attr_setstacksize(&mut attr, n);
            if r != 0 {
                libc::pthread_attr_destroy(&mut attr);
                return Err(format!("pthread_attr_setstacksize({n}): error {r}"));
            }
        }
        let mut t: libc::pthread_t = std::mem::zeroed();
        let r = libc::pthread_create(&mut t, &attr, f, arg);
        libc::pthread_attr_destroy(&mut attr);
        if r != 0 {
            return Err(format!(
                "pthread_create: {}",
                std::io::Error::from_raw_os_error(r)
            ));
        }
        Ok(t)
    }
}

/// One pthread_create + pthread_join of a thread that returns at once.
pub fn create_join(stack: Stack) -> Result<(), String> {
    let t = create(stack, noop, std::ptr::null_mut())?;
    // SAFETY: t is a joinable thread we created, joined once.
    let r = unsafe { libc::pthread_join(t, std::ptr::null_mut()) };
    if r != 0 {
        return Err(format!("pthread_join: error {r}"));
    }
    Ok(())
}

/// Threads that sleep in read(2) until this value is dropped, then exit and
/// are joined.
pub struct IdleThreads {
    threads: Vec<libc::pthread_t>,
    read_fd: libc::c_int,
    write_fd: libc::c_int,
}

impl IdleThreads {
    pub fn spawn(n: usize, stack: Stack) -> Result<Self, String> {
        let mut fds = [0; 2];
        // SAFETY: fds has room for the two descriptors.
        if unsafe { libc::pipe(fds.as_mut_ptr()) } != 0 {
            return Err(format!("pipe: {}", std::io::Error::last_os_error()));
        }
        let mut idle = IdleThreads {
            threads: Vec::with_capacity(n),
            read_fd: fds[0],
            write_fd: fds[1],
        };
        for _ in 0..n {
            let t = create(stack, wait_for_eof, fds[0] as usize as *mut c_void)?;
            idle.threads.push(t);
        }
        Ok(idle)
    }

    pub fn len(&self) -> usize {
        self.threads.len()
    }

    pub fn is_empty(&self) -> bool {
        self.threads.is_empty()
    }
}

impl Drop for IdleThreads {
    fn drop(&mut self) {
        // SAFETY: closing the write end wakes every reader with EOF; each
        // thread is joined once; then the read end is closed.
        unsafe {
            libc::close(self.write_fd);
            for &t in &self.threads {
                libc::pthread_join(t, std::ptr::null_mut());
            }
            libc::close(self.read_fd);
        }
    }
}
