//! `inet_ntop(3)` for IPv6 (catalogue D28).

use std::ffi::CStr;

use libc::{c_char, c_int, c_void, socklen_t};

extern "C" {
    fn inet_ntop(af: c_int, src: *const c_void, dst: *mut c_char, size: socklen_t)
        -> *const c_char;
}

/// The libc's text form of an IPv6 address.
pub fn ntop6(octets: [u8; 16]) -> String {
    let mut buf = [0 as c_char; 64];
    // SAFETY: src is 16 bytes (an in6_addr); dst is 64 bytes, more than
    // INET6_ADDRSTRLEN (46), and its size is passed.
    unsafe {
        let p = inet_ntop(
            libc::AF_INET6,
            octets.as_ptr() as *const c_void,
            buf.as_mut_ptr(),
            buf.len() as socklen_t,
        );
        if p.is_null() {
            return String::new();
        }
        CStr::from_ptr(p).to_string_lossy().into_owned()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn loopback() {
        let mut o = [0u8; 16];
        o[15] = 1;
        assert_eq!(super::ntop6(o), "::1");
    }
}
