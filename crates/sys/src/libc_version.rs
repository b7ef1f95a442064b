/// `gnu_get_libc_version()`: the glibc loaded into this process right now,
/// which may be newer than the headers the binary was built with. musl has no
/// such call (and no symbol: catalogue D03), so this exists for glibc builds only.
#[cfg(target_env = "gnu")]
pub fn runtime() -> Option<String> {
    extern "C" {
        fn gnu_get_libc_version() -> *const libc::c_char;
    }
    // SAFETY: returns a pointer to a static NUL-terminated string.
    let s = unsafe { std::ffi::CStr::from_ptr(gnu_get_libc_version()) };
    Some(s.to_string_lossy().into_owned())
}

#[cfg(not(target_env = "gnu"))]
pub fn runtime() -> Option<String> {
    None
}
