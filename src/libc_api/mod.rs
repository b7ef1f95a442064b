//! probe-libc: the C library API rows of the catalogue (D14-D22, D24,
//! D26, D28-D31, D33), each observed by calling the libc the probe was built
//! against, and the fixes observed where one exists (a row that gives the
//! same answer on both libcs). The raw calls live in `muslab_sys`.

pub mod crypt;
pub mod getopt;
pub mod large_inode;
pub mod math;
pub mod math_reference;
pub mod netdb;
pub mod printf;
pub mod qsort;
pub mod scanf;
pub mod strerror;
pub mod strings;
pub mod strptime;
pub mod symbols;
pub mod sysconf;

use muslab_report::Check;

/// Every probe-libc check, in catalogue order.
pub fn checks() -> Vec<Check> {
    let mut out = printf::checks();
    out.extend(scanf::checks());
    out.extend(strptime::checks());
    out.extend(getopt::checks());
    out.extend(strings::checks());
    out.extend(strerror::checks());
    out.extend(symbols::malloc_checks());
    out.extend(qsort::checks());
    out.extend(crypt::checks());
    out.extend(math::checks());
    out.extend(symbols::gnu_checks());
    out.extend(netdb::inet_ntop_checks());
    out.extend(sysconf::checks());
    out.extend(symbols::strlcpy_checks());
    out.extend(netdb::gai_strerror_checks());
    out.extend(large_inode::checks());
    out
}
