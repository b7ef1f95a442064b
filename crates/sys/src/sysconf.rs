//! `sysconf(3)`, the one wrapper the CPU count and the thread stack minimum
//! share.

use std::io;

/// `sysconf(name)`; -1 (an unknown name or an unsupported limit) becomes the
/// error the libc left in errno.
pub fn sysconf(name: libc::c_int) -> io::Result<u64> {
    // SAFETY: sysconf takes an integer and returns -1 on failure.
    let v = unsafe { libc::sysconf(name) };
    u64::try_from(v).map_err(|_| io::Error::last_os_error())
}

/// `sysconf(name)` for a limit POSIX allows to be indeterminate: `Ok(None)`
/// when it returns -1 and leaves errno at 0.
pub fn sysconf_limit(name: libc::c_int) -> io::Result<Option<u64>> {
    crate::errno::clear();
    // SAFETY: as in `sysconf`.
    let v = unsafe { libc::sysconf(name) };
    match u64::try_from(v) {
        Ok(v) => Ok(Some(v)),
        Err(_) if crate::errno::get() == 0 => Ok(None),
        Err(_) => Err(io::Error::last_os_error()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn page_size_is_a_power_of_two() {
        let page = super::sysconf(libc::_SC_PAGESIZE).unwrap();
        assert!(
            page >= 4096 && page.is_power_of_two(),
            "got {page}, want a power of two >= 4096"
        );
    }

    #[test]
    fn unknown_name_is_an_error() {
        assert!(super::sysconf(-1).is_err());
    }
}
