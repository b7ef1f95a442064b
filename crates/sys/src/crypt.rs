//! `crypt(3)`. musl has it in libc itself; glibc 2.38 dropped its own and
//! Debian's comes from libxcrypt (`libcrypt.so.1`), which Rust's glibc
//! targets do not link: it is loaded at run time here, so a box without it
//! (Debian has no i386 libcrypt unless installed) says so instead of the
//! probe failing to start.

use std::ffi::{CStr, CString};

use libc::c_char;

type CryptFn = unsafe extern "C" fn(*const c_char, *const c_char) -> *mut c_char;

#[cfg(target_env = "musl")]
fn crypt_fn() -> Result<(CryptFn, &'static str), String> {
    extern "C" {
        fn crypt(key: *const c_char, setting: *const c_char) -> *mut c_char;
    }
    Ok((crypt as CryptFn, "musl libc crypt"))
}

#[cfg(not(target_env = "musl"))]
fn crypt_fn() -> Result<(CryptFn, &'static str), String> {
    let lib = crate::dl::open("libcrypt.so.1")?;
    let sym = lib
        .symbol("crypt")
        .ok_or_else(|| "libcrypt.so.1 has no crypt".to_owned())?;
    // SAFETY: libcrypt's `crypt` has exactly this C signature; the handle
    // is never closed, so the pointer stays valid.
    Ok((
        unsafe { std::mem::transmute::<*mut libc::c_void, CryptFn>(sym) },
        "libcrypt.so.1 (dlopen)",
    ))
}

/// Where crypt came from, or why there is none.
pub fn provider() -> Result<&'static str, String> {
    crypt_fn().map(|(_, from)| from)
}

/// `crypt(key, setting)`: `Ok(None)` for a NULL return.
pub fn crypt(key: &str, setting: &str) -> Result<Option<String>, String> {
    let (f, _) = crypt_fn()?;
    let key = CString::new(key).map_err(|e| e.to_string())?;
    let setting = CString::new(setting).map_err(|e| e.to_string())?;
    // SAFETY: both strings are NUL-terminated; crypt returns NULL or a
    // pointer to a static buffer, copied before any other crypt call.
    unsafe {
        let p = f(key.as_ptr(), setting.as_ptr());
        if p.is_null() {
            Ok(None)
        } else {
            Ok(Some(CStr::from_ptr(p).to_string_lossy().into_owned()))
        }
    }
}
