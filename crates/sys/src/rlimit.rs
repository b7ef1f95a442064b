use std::io;

/// One resource limit; `None` means RLIM_INFINITY.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub soft: Option<u64>,
    pub hard: Option<u64>,
}

// rlim_t is 32 bits wide on i686 glibc.
#[allow(clippy::useless_conversion)]
fn finite(v: libc::rlim_t) -> Option<u64> {
    (v != libc::RLIM_INFINITY).then_some(u64::from(v))
}

// glibc declares the resource argument as an enum type, musl as int.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
type Resource = libc::__rlimit_resource_t;
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
type Resource = libc::c_int;

/// `getrlimit(RLIMIT_STACK)`: the main thread's stack limit, which glibc
/// (since NPTL) also uses as the default size of new threads' stacks.
pub fn stack() -> io::Result<Limit> {
    get(libc::RLIMIT_STACK)
}

fn get(resource: Resource) -> io::Result<Limit> {
    // SAFETY: getrlimit writes one rlimit struct that we own.
    unsafe {
        let mut r: libc::rlimit = std::mem::zeroed();
        if libc::getrlimit(resource, &mut r) != 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(Limit {
            soft: finite(r.rlim_cur),
            hard: finite(r.rlim_max),
        })
    }
}

/// `setrlimit(RLIMIT_CORE, 0)`: a probe's deliberately crashing child must not
/// leave core files behind in the user's container.
pub fn disable_core_dumps() {
    let r = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: plain syscall on a struct we own; failure leaves the limit as is,
    // which only means a core file may be written.
    unsafe {
        libc::setrlimit(libc::RLIMIT_CORE, &r);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn stack_limit_is_readable() {
        let l = super::stack().unwrap();
        if let (Some(s), Some(h)) = (l.soft, l.hard) {
            assert!(s <= h);
        }
    }
}
