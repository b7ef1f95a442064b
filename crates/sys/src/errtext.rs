//! The libc's own texts: `strerror(3)`, the two `strerror_r(3)` flavours.

use std::ffi::CStr;

use libc::{c_char, c_int, size_t};

extern "C" {
    /// The symbol called `strerror_r`: glibc's is the GNU one (returns a
    /// `char *`, possibly not into the buffer), musl's the XSI one (returns
    /// an int, text in the buffer). Declared with an int return, which reads
    /// the low half of glibc's pointer: enough to tell 0 from not 0.
    #[link_name = "strerror_r"]
    fn strerror_r_symbol(errnum: c_int, buf: *mut c_char, len: size_t) -> c_int;
}

/// `strerror(errnum)`, copied out at once.
pub fn strerror(errnum: i32) -> String {
    // SAFETY: strerror returns a NUL-terminated string valid until the next
    // strerror call on this thread; it is copied before returning.
    unsafe {
        let p = libc::strerror(errnum);
        if p.is_null() {
            return String::new();
        }
        CStr::from_ptr(p).to_string_lossy().into_owned()
    }
}

/// What the `strerror_r` symbol did with a buffer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StrerrorR {
    /// The return value (its low 32 bits when the libc returns a pointer).
    pub ret: i32,
    /// The buffer after the call.
    pub buffer: String,
}

/// Calls the `strerror_r` symbol with a 128-byte buffer that starts empty.
pub fn strerror_r_symbol_call(errnum: i32) -> StrerrorR {
    let mut buf = [0 as c_char; 128];
    // SAFETY: the buffer and its size are passed; both flavours write at
    // most len bytes, NUL included, and the last byte is forced to NUL.
    let ret = unsafe { strerror_r_symbol(errnum, buf.as_mut_ptr(), buf.len()) };
    buf[buf.len() - 1] = 0;
    // SAFETY: NUL-terminated inside the buffer.
    let buffer = unsafe { CStr::from_ptr(buf.as_ptr()) }
        .to_string_lossy()
        .into_owned();
    StrerrorR { ret, buffer }
}

#[cfg(test)]
mod tests {
    #[test]
    fn enoent_has_a_text() {
        assert_eq!(super::strerror(libc::ENOENT), "No such file or directory");
    }
}
