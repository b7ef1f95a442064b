//! Thin wrappers over the C locale API: `setlocale`, `localeconv`,
//! `nl_langinfo`, `strftime`, `snprintf("%'d")`, `strcoll`, `strxfrm`, the
//! wide-character class functions, `mbrtowc` and `MB_CUR_MAX`.
//!
//! All of these read or change the process-global locale, so callers must be
//! single-threaded while they use them (the probes are). Strings handed to
//! them must not contain NUL; the wrappers refuse such input with `None`
//! or an error instead of truncating silently.

use std::cmp::Ordering;
use std::ffi::{CStr, CString};
use std::io;

use libc::{c_char, c_int, c_void, size_t};

extern "C" {
    /// Both libcs define `MB_CUR_MAX` as a call to this function.
    fn __ctype_get_mb_cur_max() -> size_t;
    fn towupper(wc: u32) -> u32;
    fn towlower(wc: u32) -> u32;
    fn iswupper(wc: u32) -> c_int;
    fn iswalpha(wc: u32) -> c_int;
    fn mbrtowc(pwc: *mut i32, s: *const c_char, n: size_t, ps: *mut c_void) -> size_t;
}

pub use libc::{LC_ALL, LC_COLLATE, LC_CTYPE, LC_MONETARY, LC_NUMERIC, LC_TIME};

/// `setlocale(category, name)`: the name of the locale now in effect, or
/// `None` when the C library refused the name (glibc: not installed; musl
/// refuses almost nothing). `name = None` only queries.
pub fn setlocale(category: c_int, name: Option<&str>) -> Option<String> {
    let owned = match name {
        Some(n) => Some(CString::new(n).ok()?),
        None => None,
    };
    let arg = owned.as_ref().map_or(std::ptr::null(), |c| c.as_ptr());
    // SAFETY: `arg` is NULL or a NUL-terminated string alive for the call; the
    // returned pointer is to static storage valid until the next setlocale,
    // and it is copied out at once.
    unsafe {
        let ret = libc::setlocale(category, arg);
        (!ret.is_null()).then(|| CStr::from_ptr(ret).to_string_lossy().into_owned())
    }
}

/// The numeric and monetary fields of `localeconv()` muslab compares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lconv {
    pub decimal_point: String,
    pub thousands_sep: String,
    /// `grouping` as its bytes: `[3, 3]` means groups of three.
    pub grouping: Vec<u8>,
    pub currency_symbol: String,
    pub mon_decimal_point: String,
}

/// `localeconv()` for the current LC_NUMERIC/LC_MONETARY.
pub fn localeconv() -> Lconv {
    // SAFETY: localeconv returns a pointer to a static struct whose string
    // fields are NUL-terminated (possibly empty, never NULL in glibc or musl);
    // everything is copied before any further locale call.
    unsafe {
        let l = &*libc::localeconv();
        let s = |p: *const c_char| {
            if p.is_null() {
                String::new()
            } else {
                CStr::from_ptr(p).to_string_lossy().into_owned()
            }
        };
        Lconv {
            decimal_point: s(l.decimal_point),
            thousands_sep: s(l.thousands_sep),
            grouping: if l.grouping.is_null() {
                Vec::new()
            } else {
                CStr::from_ptr(l.grouping).to_bytes().to_vec()
            },
            currency_symbol: s(l.currency_symbol),
            mon_decimal_point: s(l.mon_decimal_point),
        }
    }
}

/// `nl_langinfo(item)` for the current locale. Item numbers are the libc
/// crate's, which match both glibc's and musl's headers for the items used.
pub fn langinfo(item: libc::nl_item) -> String {
    // SAFETY: nl_langinfo never returns NULL (an unknown item gives ""); the
    // string is copied before the next locale call can overwrite it.
    unsafe {
        let p = libc::nl_langinfo(item);
        if p.is_null() {
            return String::new();
        }
        CStr::from_ptr(p).to_string_lossy().into_owned()
    }
}

/// A broken-down time for `strftime`, given field by field.
#[derive(Debug, Clone, Copy)]
pub struct Tm {
    pub year: i32,
    /// 1..=12
    pub month: i32,
    pub day: i32,
    pub hour: i32,
    pub minute: i32,
    pub second: i32,
    /// 0 = Sunday
    pub weekday: i32,
    /// 0 = 1 January
    pub yearday: i32,
}

/// `strftime(format, tm)` into a 256-byte buffer. `None` when the result
/// does not fit or the format contains NUL.
pub fn strftime(format: &str, t: &Tm) -> Option<String> {
    let fmt = CString::new(format).ok()?;
    let mut buf = [0u8; 256];
    // SAFETY: tm is plain data, zeroed then filled (tm_zone stays NULL, which
    // both libcs accept for formats without %Z); strftime writes at most
    // buf.len() bytes including the NUL and returns the length without it.
    let n = unsafe {
        let mut tm: libc::tm = std::mem::zeroed();
        tm.tm_year = t.year - 1900;
        tm.tm_mon = t.month - 1;
        tm.tm_mday = t.day;
        tm.tm_hour = t.hour;
        tm.tm_min = t.minute;
        tm.tm_sec = t.second;
        tm.tm_wday = t.weekday;
        tm.tm_yday = t.yearday;
        libc::strftime(
            buf.as_mut_ptr() as *mut c_char,
            buf.len(),
            fmt.as_ptr(),
            &tm,
        )
    };
    if n == 0 && !format.is_empty() {
        return None;
    }
    Some(String::from_utf8_lossy(&buf[..n]).into_owned())
}

/// `snprintf("%'d", n)`: the integer with the locale's thousands grouping.
/// The `'` flag is POSIX (XSI); both libcs accept it, musl ignores grouping
/// because it has no LC_NUMERIC data.
pub fn format_grouped(n: i32) -> io::Result<String> {
    let mut buf = [0u8; 64];
    // SAFETY: the format takes exactly one int; snprintf writes at most
    // buf.len() bytes including the NUL.
    let r = unsafe {
        libc::snprintf(
            buf.as_mut_ptr() as *mut c_char,
            buf.len(),
            c"%'d".as_ptr(),
            n as c_int,
        )
    };
    if r < 0 {
        return Err(io::Error::last_os_error());
    }
    let len = (r as usize).min(buf.len() - 1);
    Ok(String::from_utf8_lossy(&buf[..len]).into_owned())
}

/// `strcoll(a, b)` under the current LC_COLLATE. `None` if either contains NUL.
pub fn strcoll(a: &str, b: &str) -> Option<Ordering> {
    let (a, b) = (CString::new(a).ok()?, CString::new(b).ok()?);
    // SAFETY: two NUL-terminated strings alive for the call.
    let r = unsafe { libc::strcoll(a.as_ptr(), b.as_ptr()) };
    Some(r.cmp(&0))
}

/// `strcoll` on strings already NUL-terminated: no allocation per call, for
/// callers that compare the same strings many times (benches/collate.rs).
pub fn strcoll_cstr(a: &CStr, b: &CStr) -> Ordering {
    // SAFETY: two NUL-terminated strings alive for the call.
    unsafe { libc::strcoll(a.as_ptr(), b.as_ptr()) }.cmp(&0)
}

/// `strxfrm(s)`: the sort key whose byte order equals strcoll's order.
/// Calls twice: once for the length, once into a buffer of that size.
pub fn strxfrm(s: &str) -> Option<Vec<u8>> {
    let src = CString::new(s).ok()?;
    // SAFETY: with n = 0 strxfrm writes nothing and returns the key length.
    let need = unsafe { libc::strxfrm(std::ptr::null_mut(), src.as_ptr(), 0) };
    let mut buf = vec![0u8; need + 1];
    // SAFETY: buf holds need+1 bytes, enough for the key and its NUL.
    let got = unsafe { libc::strxfrm(buf.as_mut_ptr() as *mut c_char, src.as_ptr(), buf.len()) };
    if got >= buf.len() {
        return None;
    }
    buf.truncate(got);
    Some(buf)
}

/// `MB_CUR_MAX`: the longest multibyte character in the current LC_CTYPE.
pub fn mb_cur_max() -> usize {
    // SAFETY: no arguments, reads the current locale.
    unsafe { __ctype_get_mb_cur_max() }
}

/// `towupper(wc)` under the current LC_CTYPE.
pub fn to_upper(wc: u32) -> u32 {
    // SAFETY: pure function of its argument and the locale.
    unsafe { towupper(wc) }
}

/// `towlower(wc)` under the current LC_CTYPE.
pub fn to_lower(wc: u32) -> u32 {
    // SAFETY: pure function of its argument and the locale.
    unsafe { towlower(wc) }
}

/// `iswupper(wc) != 0`.
pub fn is_upper(wc: u32) -> bool {
    // SAFETY: pure function of its argument and the locale.
    unsafe { iswupper(wc) != 0 }
}

/// `iswalpha(wc) != 0`.
pub fn is_alpha(wc: u32) -> bool {
    // SAFETY: pure function of its argument and the locale.
    unsafe { iswalpha(wc) != 0 }
}

/// What `mbrtowc` made of the start of a byte string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoded {
    /// A character (as a `wchar_t` value) and how many bytes it took.
    Char { wc: u32, len: usize },
    /// `(size_t)-2`: the bytes are a valid but incomplete sequence.
    Incomplete,
    /// `(size_t)-1`: invalid; the errno value (EILSEQ in both libcs).
    Invalid(i32),
}

/// `mbrtowc` on `bytes` with a fresh conversion state.
pub fn decode_first(bytes: &[u8]) -> Decoded {
    let mut wc: i32 = 0;
    // Large enough for glibc's and musl's mbstate_t (8 bytes each), zeroed
    // as the initial state must be.
    let mut state = [0u64; 4];
    // SAFETY: `bytes` is readable for bytes.len(); wc and state are valid
    // for writes; a zeroed mbstate_t is the initial state.
    let r = unsafe {
        mbrtowc(
            &mut wc,
            bytes.as_ptr() as *const c_char,
            bytes.len(),
            state.as_mut_ptr() as *mut c_void,
        )
    };
    match r {
        usize::MAX => Decoded::Invalid(io::Error::last_os_error().raw_os_error().unwrap_or(0)),
        r if r == usize::MAX - 1 => Decoded::Incomplete,
        // 0 means the NUL character, which is one byte.
        r => Decoded::Char {
            wc: wc as u32,
            len: r.max(1),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// The locale is process-global and tests run on threads.
    static LOCALE: Mutex<()> = Mutex::new(());

    #[test]
    fn c_locale_basics() {
        let _g = LOCALE.lock().unwrap_or_else(|e| e.into_inner());
        assert_eq!(setlocale(LC_ALL, Some("C")).as_deref(), Some("C"));
        assert_eq!(localeconv().decimal_point, ".");
        assert_eq!(langinfo(libc::MON_1), "January");
        assert_eq!(strcoll("a", "b"), Some(Ordering::Less));
        assert_eq!(strxfrm("abc").unwrap(), b"abc");
        assert_eq!(to_upper('a' as u32), 'A' as u32);
        assert_eq!(format_grouped(1234567).unwrap(), "1234567");
        let t = Tm {
            year: 2024,
            month: 3,
            day: 5,
            hour: 14,
            minute: 7,
            second: 9,
            weekday: 2,
            yearday: 64,
        };
        assert_eq!(
            strftime("%Y-%m-%d %B %A", &t).unwrap(),
            "2024-03-05 March Tuesday"
        );
        assert_eq!(strcoll("a\0", "b"), None);
    }

    #[test]
    fn decodes_ascii_and_reports_incomplete_utf8() {
        let _g = LOCALE.lock().unwrap_or_else(|e| e.into_inner());
        setlocale(LC_ALL, Some("C"));
        assert_eq!(decode_first(b"A"), Decoded::Char { wc: 65, len: 1 });
        // In C.UTF-8 (both libcs) a lone lead byte is incomplete, not invalid.
        if setlocale(LC_CTYPE, Some("C.UTF-8")).is_some() {
            assert_eq!(decode_first(b"\xc3"), Decoded::Incomplete);
            assert_eq!(
                decode_first("é".as_bytes()),
                Decoded::Char { wc: 0xe9, len: 2 }
            );
            assert!(mb_cur_max() >= 4);
        }
        setlocale(LC_ALL, Some("C"));
    }
}
