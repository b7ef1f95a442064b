//! `iconv_open` / `iconv` / `iconv_close` as one owned converter.
//!
//! glibc loads converters from gconv modules (`/usr/lib/<triple>/gconv`),
//! so what it can convert depends on the box; musl's iconv is built in and
//! fixed. Both return `(iconv_t)-1` with EINVAL for a pair they do not know.

use std::ffi::CString;
use std::io;

use libc::{c_char, iconv_t, size_t};

/// An open conversion descriptor, closed on drop.
pub struct Iconv {
    cd: iconv_t,
}

/// The outcome of converting one whole input buffer.
#[derive(Debug)]
pub struct Conversion {
    /// Bytes written before the conversion stopped or finished.
    pub output: Vec<u8>,
    /// Input bytes consumed.
    pub consumed: usize,
    /// iconv's return value when it succeeded: the number of characters
    /// converted in a non-reversible way (musl counts its `*` substitutes).
    pub irreversible: Option<usize>,
    /// Why it stopped early (EILSEQ for an unrepresentable or invalid
    /// character, EINVAL for a truncated one).
    pub error: Option<io::Error>,
}

impl Iconv {
    /// `iconv_open(to, from)`.
    pub fn open(to: &str, from: &str) -> io::Result<Iconv> {
        let to = CString::new(to).map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?;
        let from = CString::new(from).map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?;
        // SAFETY: two NUL-terminated names alive for the call; failure is
        // (iconv_t)-1 with errno set.
        let cd = unsafe { libc::iconv_open(to.as_ptr(), from.as_ptr()) };
        if cd as isize == -1 {
            return Err(io::Error::last_os_error());
        }
        Ok(Iconv { cd })
    }

    /// Converts all of `input` in one `iconv` call into a buffer 8 times its
    /// size (enough for any of the encodings muslab asks for).
    pub fn convert(&mut self, input: &[u8]) -> Conversion {
        let mut out = vec![0u8; input.len() * 8 + 16];
        let mut in_ptr = input.as_ptr() as *mut c_char;
        let mut in_left: size_t = input.len();
        let mut out_ptr = out.as_mut_ptr() as *mut c_char;
        let mut out_left: size_t = out.len();
        // SAFETY: the pointers and counts describe `input` and `out`, which
        // outlive the call; iconv only reads the input (the `*mut` is
        // historical) and advances the pointers and counts as it goes.
        let r = unsafe {
            libc::iconv(
                self.cd,
                &mut in_ptr,
                &mut in_left,
                &mut out_ptr,
                &mut out_left,
            )
        };
        let error = (r == usize::MAX).then(io::Error::last_os_error);
        out.truncate(out.len() - out_left);
        Conversion {
            output: out,
            consumed: input.len() - in_left,
            irreversible: (r != usize::MAX).then_some(r),
            error,
        }
    }
}

impl Drop for Iconv {
    fn drop(&mut self) {
        // SAFETY: cd came from a successful iconv_open and is closed once.
        unsafe { libc::iconv_close(self.cd) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_to_latin1_and_back() {
        let mut cd = Iconv::open("ISO-8859-1", "UTF-8").unwrap();
        let c = cd.convert("Zürich".as_bytes());
        assert!(c.error.is_none(), "{:?}", c.error);
        assert_eq!(c.output, b"Z\xfcrich");
        assert_eq!(c.consumed, 7);
    }

    #[test]
    fn unknown_name_is_einval() {
        let e = Iconv::open("NO-SUCH-CHARSET-X", "UTF-8").err().unwrap();
        assert_eq!(e.raw_os_error(), Some(libc::EINVAL));
    }
}
