//! `getopt(3)` and `getopt_long(3)` over an argv of our own. Both keep
//! their state in globals (`optind`, and glibc's hidden `__nextchar` and
//! first-call initialisation, where it reads POSIXLY_CORRECT; musl resets
//! on `optind = 0` differently), so a caller runs one parse per fresh
//! process: in a forked child (`crate::fork`).

use std::ffi::{CStr, CString};

use libc::{c_char, c_int};

#[repr(C)]
struct LongOption {
    name: *const c_char,
    has_arg: c_int,
    flag: *mut c_int,
    val: c_int,
}

extern "C" {
    static mut optind: c_int;
    static mut opterr: c_int;
    fn getopt(argc: c_int, argv: *const *mut c_char, optstring: *const c_char) -> c_int;
    fn getopt_long(
        argc: c_int,
        argv: *const *mut c_char,
        optstring: *const c_char,
        longopts: *const LongOption,
        longindex: *mut c_int,
    ) -> c_int;
}

/// What one parse saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parse {
    /// The option characters returned, in order (`?` for an unknown one).
    pub options: Vec<char>,
    /// `optind` after the last call: where the operands start.
    pub optind: i32,
    /// argv after parsing; glibc permutes it.
    pub argv: Vec<String>,
}

/// Parses `args` (argv[0] included) with `optstring` until -1, by `getopt`
/// or, with `long`, by `getopt_long` with one long option `--long` (as
/// `l`). Error messages are off (`opterr = 0`). Call once per process.
pub fn parse(args: &[&str], optstring: &str, long: bool) -> Parse {
    let owned: Vec<CString> = args
        .iter()
        .map(|a| CString::new(*a).unwrap_or_default())
        .collect();
    let mut argv: Vec<*mut c_char> = owned.iter().map(|a| a.as_ptr() as *mut c_char).collect();
    argv.push(std::ptr::null_mut());
    let optstring = CString::new(optstring).unwrap_or_default();
    let long_name = c"long";
    let longopts = [
        LongOption {
            name: long_name.as_ptr(),
            has_arg: 0,
            flag: std::ptr::null_mut(),
            val: c_int::from(b'l'),
        },
        LongOption {
            name: std::ptr::null(),
            has_arg: 0,
            flag: std::ptr::null_mut(),
            val: 0,
        },
    ];
    let argc = (argv.len() - 1) as c_int;
    let mut options = Vec::new();
    // SAFETY: argv is a NULL-terminated array of pointers into `owned`,
    // which outlives the calls; getopt only reorders the pointers. The
    // globals are touched from this one thread only (module contract).
    unsafe {
        opterr = 0;
        loop {
            let c = if long {
                getopt_long(
                    argc,
                    argv.as_ptr(),
                    optstring.as_ptr(),
                    longopts.as_ptr(),
                    std::ptr::null_mut(),
                )
            } else {
                getopt(argc, argv.as_ptr(), optstring.as_ptr())
            };
            if c == -1 {
                break;
            }
            options.push(u8::try_from(c).map(char::from).unwrap_or('?'));
        }
        let argv = argv[..argv.len() - 1]
            .iter()
            .map(|p| CStr::from_ptr(*p).to_string_lossy().into_owned())
            .collect();
        Parse {
            options,
            optind,
            argv,
        }
    }
}
