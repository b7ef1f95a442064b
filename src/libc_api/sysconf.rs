//! D29: `sysconf(_SC_GETPW_R_SIZE_MAX)`, the buffer size programs pass to
//! getpwnam_r. POSIX lets it be indeterminate (-1 with errno unchanged).

use muslab_catalogue::Id;
use muslab_report::{Check, Observed};
use muslab_sys::sysconf::sysconf_limit;

pub fn checks() -> Vec<Check> {
    let check = Check::new(Id::D29, "getpw_r_size_max", "sysconf(_SC_GETPW_R_SIZE_MAX)");
    vec![match sysconf_limit(libc::_SC_GETPW_R_SIZE_MAX) {
        Ok(Some(v)) => check.ok(Observed::Int(v as i64), ""),
        Ok(None) => check.ok(Observed::Int(-1), "indeterminate: -1 with errno unchanged"),
        Err(e) => check.error(format!("sysconf: {e}")),
    }]
}
