//! Reading and clearing `errno`, for calls whose failure is only visible
//! there (`log(0)`, `sysconf` of an indeterminate limit, `snprintf`).

/// Sets errno to 0 so that a later read shows what the next call set.
pub fn clear() {
    // SAFETY: __errno_location returns this thread's errno slot (glibc and musl).
    unsafe { *libc::__errno_location() = 0 };
}

/// The calling thread's errno.
pub fn get() -> i32 {
    // SAFETY: as in `clear`.
    unsafe { *libc::__errno_location() }
}

#[cfg(test)]
mod tests {
    #[test]
    fn clear_then_get_is_zero() {
        super::clear();
        assert_eq!(super::get(), 0);
    }
}
