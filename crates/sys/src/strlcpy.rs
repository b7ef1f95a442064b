//! `strlcpy(3)`: in musl's libc.a and libc.so; in glibc only from 2.38, so
//! a glibc build looks it up at run time instead of failing to link or
//! start (catalogue D30).

use std::ffi::CStr;

use libc::{c_char, size_t};

type StrlcpyFn = unsafe extern "C" fn(*mut c_char, *const c_char, size_t) -> size_t;

#[cfg(target_env = "musl")]
fn strlcpy_fn() -> Result<Option<StrlcpyFn>, String> {
    extern "C" {
        fn strlcpy(dst: *mut c_char, src: *const c_char, size: size_t) -> size_t;
    }
    Ok(Some(strlcpy as StrlcpyFn))
}

#[cfg(not(target_env = "musl"))]
fn strlcpy_fn() -> Result<Option<StrlcpyFn>, String> {
    let scope = crate::dl::global_scope()?;
    // SAFETY: strlcpy has this C signature wherever it exists; the global
    // scope handle stays valid for the process's life.
    Ok(scope
        .symbol("strlcpy")
        .map(|p| unsafe { std::mem::transmute::<*mut libc::c_void, StrlcpyFn>(p) }))
}

/// `strlcpy(buf, "hello", 3)`: its return and the buffer, or `None` when
/// the libc has no strlcpy.
pub fn strlcpy_hello_3() -> Result<Option<(usize, String)>, String> {
    let Some(f) = strlcpy_fn()? else {
        return Ok(None);
    };
    let mut buf = [0 as c_char; 8];
    // SAFETY: the buffer holds 8 bytes and 3 is passed as its size.
    let ret = unsafe { f(buf.as_mut_ptr(), c"hello".as_ptr(), 3) };
    buf[7] = 0;
    // SAFETY: NUL-terminated inside the buffer.
    let text = unsafe { CStr::from_ptr(buf.as_ptr()) }
        .to_string_lossy()
        .into_owned();
    Ok(Some((ret, text)))
}
