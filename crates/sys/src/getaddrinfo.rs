//! `getaddrinfo(3)` / `freeaddrinfo(3)` / `gai_strerror(3)`: the call every
//! DNS observation goes through.
//!
//! Both libcs use the same numeric values for the flags and error codes that
//! POSIX names (the `libc` crate has them); `AI_IDN` is a GNU extension that
//! only glibc's headers define, so its glibc value is kept here and passed to
//! musl unchanged, where musl (1.2.5 `getaddrinfo.c`) refuses any flag outside
//! its mask with `EAI_BADFLAGS`.

use std::ffi::{CStr, CString};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use muslab_report::Eai;

/// glibc's `AI_IDN` (`<netdb.h>`, `__USE_GNU`): convert the name with IDNA.
pub const AI_IDN: i32 = 0x0040;

/// What to pass as the `hints` argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hints {
    /// A NULL pointer: each libc picks its own default flags.
    Null,
    /// A zeroed `addrinfo` with these fields set.
    Given {
        family: i32,
        socktype: i32,
        flags: i32,
    },
}

/// One entry of the returned list, in the order the libc returned it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddrInfo {
    pub family: i32,
    pub socktype: i32,
    pub addr: IpAddr,
    pub canonname: Option<String>,
}

/// A non-zero return of `getaddrinfo`, with `errno` when it is `EAI_SYSTEM`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GaiError {
    pub code: i32,
    pub errno: Option<i32>,
}

impl GaiError {
    /// The constant the code stands for, or [`Eai::Other`] for a code this
    /// wrapper does not know.
    pub fn code(&self) -> Eai {
        match self.code {
            libc::EAI_BADFLAGS => Eai::BadFlags,
            libc::EAI_NONAME => Eai::NoName,
            libc::EAI_AGAIN => Eai::Again,
            libc::EAI_FAIL => Eai::Fail,
            libc::EAI_NODATA => Eai::NoData,
            libc::EAI_FAMILY => Eai::Family,
            libc::EAI_SOCKTYPE => Eai::SockType,
            libc::EAI_SERVICE => Eai::Service,
            libc::EAI_MEMORY => Eai::Memory,
            libc::EAI_SYSTEM => Eai::System,
            libc::EAI_OVERFLOW => Eai::Overflow,
            other => Eai::Other(other),
        }
    }

    /// The libc's own message for the code (`gai_strerror`).
    pub fn message(&self) -> String {
        gai_strerror(self.code)
    }
}

/// `gai_strerror(code)`, copied out.
pub fn gai_strerror(code: i32) -> String {
    // SAFETY: gai_strerror returns a pointer to a static NUL-terminated
    // string for any code, known or not, in both glibc and musl.
    unsafe {
        let p = libc::gai_strerror(code);
        if p.is_null() {
            return String::new();
        }
        CStr::from_ptr(p).to_string_lossy().into_owned()
    }
}

/// Resolves `name` (no service) and returns every entry, in order. The list
/// is copied out and freed before returning. A name with an interior NUL is
/// reported as `EAI_NONAME` without calling the libc.
pub fn getaddrinfo(name: &str, hints: Hints) -> Result<Vec<AddrInfo>, GaiError> {
    let Ok(cname) = CString::new(name) else {
        return Err(GaiError {
            code: libc::EAI_NONAME,
            errno: None,
        });
    };
    // SAFETY: a zeroed addrinfo is a valid hints value (all pointers NULL);
    // the result list is only read between a successful call and
    // freeaddrinfo, and every ai_addr is read as the family it declares.
    unsafe {
        let mut h: libc::addrinfo = std::mem::zeroed();
        let hints_ptr: *const libc::addrinfo = match hints {
            Hints::Null => std::ptr::null(),
            Hints::Given {
                family,
                socktype,
                flags,
            } => {
                h.ai_family = family;
                h.ai_socktype = socktype;
                h.ai_flags = flags;
                &h
            }
        };
        let mut res: *mut libc::addrinfo = std::ptr::null_mut();
        let rc = libc::getaddrinfo(cname.as_ptr(), std::ptr::null(), hints_ptr, &mut res);
        if rc != 0 {
            let errno = (rc == libc::EAI_SYSTEM)
                .then(|| std::io::Error::last_os_error().raw_os_error())
                .flatten();
            return Err(GaiError { code: rc, errno });
        }
        let mut out = Vec::new();
        let mut p = res;
        while !p.is_null() {
            let ai = &*p;
            if let Some(addr) = sockaddr_ip(ai.ai_addr, ai.ai_family) {
                out.push(AddrInfo {
                    family: ai.ai_family,
                    socktype: ai.ai_socktype,
                    addr,
                    canonname: (!ai.ai_canonname.is_null()).then(|| {
                        CStr::from_ptr(ai.ai_canonname)
                            .to_string_lossy()
                            .into_owned()
                    }),
                });
            }
            p = ai.ai_next;
        }
        libc::freeaddrinfo(res);
        Ok(out)
    }
}

/// # Safety
/// `sa` is NULL or points to a sockaddr of `family`'s type.
unsafe fn sockaddr_ip(sa: *const libc::sockaddr, family: i32) -> Option<IpAddr> {
    if sa.is_null() {
        return None;
    }
    match family {
        libc::AF_INET => {
            // SAFETY: the caller guarantees `sa` points to a sockaddr_in.
            let sin = unsafe { &*(sa as *const libc::sockaddr_in) };
            Some(IpAddr::V4(Ipv4Addr::from(u32::from_be(
                sin.sin_addr.s_addr,
            ))))
        }
        libc::AF_INET6 => {
            // SAFETY: the caller guarantees `sa` points to a sockaddr_in6.
            let sin6 = unsafe { &*(sa as *const libc::sockaddr_in6) };
            Some(IpAddr::V6(Ipv6Addr::from(sin6.sin6_addr.s6_addr)))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numeric() -> Hints {
        Hints::Given {
            family: libc::AF_UNSPEC,
            socktype: libc::SOCK_STREAM,
            flags: libc::AI_NUMERICHOST,
        }
    }

    #[test]
    fn numeric_host_needs_no_resolver() {
        let v = getaddrinfo("127.0.0.2", numeric()).unwrap();
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].addr, "127.0.0.2".parse::<IpAddr>().unwrap());
        assert_eq!(v[0].family, libc::AF_INET);
        let v6 = getaddrinfo("::1", numeric()).unwrap();
        assert_eq!(v6[0].addr, IpAddr::V6(Ipv6Addr::LOCALHOST));
    }

    #[test]
    fn non_numeric_name_with_numerichost_is_an_error_with_a_name() {
        let e = getaddrinfo("not-a-number", numeric()).unwrap_err();
        assert_eq!(e.code(), Eai::NoName);
        assert!(!e.message().is_empty());
    }

    #[test]
    fn unknown_code_is_kept_as_its_number() {
        let e = GaiError {
            code: -999,
            errno: None,
        };
        assert_eq!(e.code(), Eai::Other(-999));
        assert_eq!(e.code().to_string(), "EAI_-999");
    }
}
