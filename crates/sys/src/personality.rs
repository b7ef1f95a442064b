use std::io;

/// Linux's PER_LINUX32: set by `linux32`/`setarch i686`, it makes `uname`
/// report `i686` to a 32-bit process on a 64-bit kernel.
pub const PER_LINUX32: u32 = 0x0008;

/// Queries the execution domain without changing it (`personality(0xffffffff)`).
pub fn current() -> io::Result<u32> {
    // SAFETY: 0xffffffff is the documented "query only" argument.
    let v = unsafe { libc::personality(0xffff_ffff) };
    if v < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(v as u32)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn personality_query_succeeds() {
        super::current().unwrap();
    }
}
