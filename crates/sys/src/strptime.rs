//! `strptime(3)`: the extensions `%s`, `%z`, `%Z` are where glibc and musl
//! part (catalogue D16).

use std::ffi::CString;

/// The broken-down time `strptime` left, and how much input it consumed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parsed {
    pub consumed: usize,
    pub year: i32,
    pub month: i32,
    pub day: i32,
    pub hour: i32,
    pub minute: i32,
    pub second: i32,
    pub gmtoff: i64,
}

/// `strptime(input, format, &tm)` on a zeroed tm; `None` when it returns NULL.
/// glibc's `%s` converts through the local time zone, so callers that want a
/// fixed answer set `TZ` first.
pub fn strptime(input: &str, format: &str) -> Option<Parsed> {
    let input = CString::new(input).ok()?;
    let format = CString::new(format).ok()?;
    // SAFETY: tm is plain data; all-zero is a valid value.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    // SAFETY: both strings are NUL-terminated; tm is a valid out pointer; the
    // returned pointer points into `input` or is NULL.
    let end = unsafe { libc::strptime(input.as_ptr(), format.as_ptr(), &mut tm) };
    if end.is_null() {
        return None;
    }
    Some(Parsed {
        consumed: (end as usize).saturating_sub(input.as_ptr() as usize),
        year: tm.tm_year + 1900,
        month: tm.tm_mon + 1,
        day: tm.tm_mday,
        hour: tm.tm_hour,
        minute: tm.tm_min,
        second: tm.tm_sec,
        gmtoff: tm.tm_gmtoff as i64,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn iso_date_parses() {
        let p = super::strptime("2024-02-29", "%Y-%m-%d").expect("parsed");
        assert_eq!((p.year, p.month, p.day, p.consumed), (2024, 2, 29, 10));
    }
}
