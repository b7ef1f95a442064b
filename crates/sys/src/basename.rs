//! The two `basename(3)`s. glibc's symbol `basename` is the GNU one
//! (`<string.h>`, never modifies, "" for a trailing slash) and the POSIX one
//! from `<libgen.h>` is `__xpg_basename`; musl has only the POSIX one, under
//! the name `basename`.

use std::ffi::{CStr, CString};

use libc::c_char;

extern "C" {
    #[link_name = "basename"]
    fn basename_symbol(path: *mut c_char) -> *mut c_char;
    #[cfg_attr(target_env = "gnu", link_name = "__xpg_basename")]
    #[cfg_attr(not(target_env = "gnu"), link_name = "basename")]
    fn libgen_basename(path: *mut c_char) -> *mut c_char;
}

fn call(path: &str, f: unsafe extern "C" fn(*mut c_char) -> *mut c_char) -> String {
    let Ok(c) = CString::new(path) else {
        return String::new();
    };
    let mut bytes = c.into_bytes_with_nul();
    // SAFETY: a writable NUL-terminated copy the POSIX variant may modify;
    // the result points into it or to a static string, and is copied before
    // the copy is dropped.
    unsafe {
        let p = f(bytes.as_mut_ptr() as *mut c_char);
        if p.is_null() {
            return String::new();
        }
        CStr::from_ptr(p).to_string_lossy().into_owned()
    }
}

/// The symbol `basename`: what a program gets from `<string.h>` on glibc
/// with `_GNU_SOURCE`, and from either header on musl.
pub fn basename_symbol_result(path: &str) -> String {
    call(path, basename_symbol)
}

/// `<libgen.h>`'s basename on either libc.
pub fn libgen(path: &str) -> String {
    call(path, libgen_basename)
}

#[cfg(test)]
mod tests {
    #[test]
    fn libgen_drops_the_trailing_slash() {
        assert_eq!(super::libgen("/usr/lib/"), "lib");
    }
}
