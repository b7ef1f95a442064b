//! `snprintf(3)`, `sscanf(3)` and `strtol(3)` with fixed formats: the
//! variadic calls are wrapped per format, so each call passes exactly the
//! argument its conversion reads and no caller can pass a format.

use std::ffi::{CStr, CString};

use libc::{c_char, c_int};

/// The integer conversions catalogue D14 compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntFormat {
    /// `%Ld`: glibc reads a long long; ISO C gives `L` to floating point only.
    CapitalL,
    /// `%qd`: the BSD spelling of `%lld`.
    Q,
    /// `%Zd`: the old GNU spelling of `%zd`.
    CapitalZ,
    /// `PRId64` from `<inttypes.h>`: `%ld` on 64-bit, `%lld` on 32-bit.
    PriD64,
}

impl IntFormat {
    pub fn spec(self) -> &'static str {
        match self {
            IntFormat::CapitalL => "%Ld",
            IntFormat::Q => "%qd",
            IntFormat::CapitalZ => "%Zd",
            IntFormat::PriD64 if cfg!(target_pointer_width = "64") => "%ld",
            IntFormat::PriD64 => "%lld",
        }
    }
}

/// What one `snprintf` call returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formatted {
    pub ret: i32,
    /// errno after the call (cleared before it).
    pub errno: i32,
    /// The buffer's contents up to its NUL.
    pub text: String,
}

/// `snprintf(buf, 64, spec, value)` with the argument type the spec reads.
pub fn format_int(format: IntFormat, value: i64) -> Formatted {
    let mut buf = [0 as c_char; 64];
    let spec = CString::new(format.spec()).unwrap_or_default();
    crate::errno::clear();
    // SAFETY: the buffer is 64 bytes and its size is passed; each spec has
    // one integer conversion and is passed the type it reads: long long for
    // %Ld and %qd (glibc's reading; musl rejects them before reading any
    // argument), size_t for %Zd, long / long long for PRId64.
    let ret = unsafe {
        let p = buf.as_mut_ptr();
        match format {
            IntFormat::CapitalL | IntFormat::Q => {
                libc::snprintf(p, buf.len(), spec.as_ptr(), value as libc::c_longlong)
            }
            IntFormat::CapitalZ => {
                libc::snprintf(p, buf.len(), spec.as_ptr(), value as libc::size_t)
            }
            IntFormat::PriD64 if cfg!(target_pointer_width = "64") => {
                libc::snprintf(p, buf.len(), spec.as_ptr(), value as libc::c_long)
            }
            IntFormat::PriD64 => {
                libc::snprintf(p, buf.len(), spec.as_ptr(), value as libc::c_longlong)
            }
        }
    };
    let errno = crate::errno::get();
    buf[buf.len() - 1] = 0;
    // SAFETY: the last byte is NUL, so the string ends inside the buffer.
    let text = unsafe { CStr::from_ptr(buf.as_ptr()) }
        .to_string_lossy()
        .into_owned();
    Formatted { ret, errno, text }
}

/// `sscanf(input, "%x", &u)`: the number of conversions and the value.
pub fn scan_hex(input: &str) -> (i32, u32) {
    let Ok(input) = CString::new(input) else {
        return (-1, 0);
    };
    let mut v: libc::c_uint = 0;
    // SAFETY: "%x" stores one unsigned int through the one pointer passed.
    let n = unsafe { libc::sscanf(input.as_ptr(), c"%x".as_ptr(), &mut v as *mut libc::c_uint) };
    (n, v)
}

/// `sscanf(input, "%f", &f)`: the number of conversions and the value.
pub fn scan_float(input: &str) -> (i32, f32) {
    let Ok(input) = CString::new(input) else {
        return (-1, 0.0);
    };
    let mut v: f32 = 0.0;
    // SAFETY: "%f" stores one float through the one pointer passed.
    let n = unsafe { libc::sscanf(input.as_ptr(), c"%f".as_ptr(), &mut v as *mut f32) };
    (n, v)
}

/// `strtol(input, &end, base)`: the value and how many bytes it consumed.
pub fn strtol(input: &str, base: c_int) -> (i64, usize) {
    let Ok(c) = CString::new(input) else {
        return (0, 0);
    };
    let mut end: *mut c_char = std::ptr::null_mut();
    // SAFETY: c is NUL-terminated; strtol sets end to a position inside it.
    let v = unsafe { libc::strtol(c.as_ptr(), &mut end, base) };
    let consumed = (end as usize).saturating_sub(c.as_ptr() as usize);
    (v as i64, consumed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_format_prints_the_value() {
        let f = format_int(IntFormat::PriD64, 12345678901);
        assert_eq!(f.text, "12345678901", "got {f:?}");
    }

    #[test]
    fn scan_hex_reads_a_number() {
        assert_eq!(scan_hex("ff"), (1, 255));
    }

    #[test]
    fn strtol_stops_after_the_zero_of_0x() {
        assert_eq!(strtol("0x", 16), (0, 1));
    }
}
