//! Dynamic symbol lookup at run time: `dlopen(NULL)` / `dlsym` /
//! `dlopen(name)`. A static musl binary has no dynamic linker: its dlopen and
//! dlsym fail with "Dynamic loading not supported".

use std::ffi::{c_void, CStr, CString};

fn dlerror_text() -> String {
    // SAFETY: dlerror returns NULL or a NUL-terminated string valid until
    // the next dl* call on this thread; copied at once.
    unsafe {
        let p = libc::dlerror();
        if p.is_null() {
            "no error text".to_owned()
        } else {
            CStr::from_ptr(p).to_string_lossy().into_owned()
        }
    }
}

/// The running program's global symbol scope (`dlopen(NULL, RTLD_NOW)`), or
/// dlerror's text where there is none (static binaries).
pub fn global_scope() -> Result<Handle, String> {
    // SAFETY: dlopen(NULL) returns the main program's handle or NULL.
    let h = unsafe { libc::dlopen(std::ptr::null(), libc::RTLD_NOW) };
    if h.is_null() {
        Err(dlerror_text())
    } else {
        Ok(Handle(h))
    }
}

/// A shared library loaded with `RTLD_NOW | RTLD_LOCAL`, or dlerror's text.
pub fn open(name: &str) -> Result<Handle, String> {
    let c = CString::new(name).map_err(|e| e.to_string())?;
    // SAFETY: c is NUL-terminated; dlopen returns a handle or NULL.
    let h = unsafe { libc::dlopen(c.as_ptr(), libc::RTLD_NOW | libc::RTLD_LOCAL) };
    if h.is_null() {
        Err(dlerror_text())
    } else {
        Ok(Handle(h))
    }
}

/// A dlopen handle. Never closed: the probes look symbols up and exit, and
/// function pointers taken from it must stay valid.
pub struct Handle(*mut c_void);

impl Handle {
    /// The symbol's address, or `None` when it is not defined.
    pub fn symbol(&self, name: &str) -> Option<*mut c_void> {
        let c = CString::new(name).ok()?;
        // SAFETY: a valid handle and a NUL-terminated name.
        let p = unsafe { libc::dlsym(self.0, c.as_ptr()) };
        (!p.is_null()).then_some(p)
    }
}
