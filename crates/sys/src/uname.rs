use std::ffi::CStr;
use std::io;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uname {
    pub sysname: String,
    pub release: String,
    pub machine: String,
}

/// `uname(2)`. Returns the kernel's answer for this process's ABI: a 32-bit
/// process gets `i686` under `linux32`/`setarch`, `x86_64` otherwise. Fails
/// only when the kernel (or a seccomp filter, seed S5) refuses the call.
pub fn uname() -> io::Result<Uname> {
    // SAFETY: utsname is plain old data; uname fills it with NUL-terminated
    // fields on success and we read them only then.
    unsafe {
        let mut u: libc::utsname = std::mem::zeroed();
        if libc::uname(&mut u) != 0 {
            return Err(io::Error::last_os_error());
        }
        let field = |f: &[libc::c_char]| CStr::from_ptr(f.as_ptr()).to_string_lossy().into_owned();
        Ok(Uname {
            sysname: field(&u.sysname),
            release: field(&u.release),
            machine: field(&u.machine),
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn uname_names_linux() {
        let u = super::uname().unwrap();
        assert_eq!(u.sysname, "Linux");
        assert!(!u.release.is_empty());
    }
}
