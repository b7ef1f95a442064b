//! D15: a number prefix that cannot be completed. glibc counts `"0x"` for
//! `%x` and `"1e"` for `%f` as one conversion; musl as a matching failure.
//! The fix, strtol/strtod with the end pointer, reads the same on both.

use muslab_catalogue::Id;
use muslab_report::{Check, Observed};
use muslab_sys::stdio_format::{scan_float, scan_hex, strtol};

pub fn checks() -> Vec<Check> {
    let (n, v) = scan_hex("0x");
    let (nf, vf) = scan_float("1e");
    let (nf2, vf2) = scan_float("1e+");
    let (tv, consumed) = strtol("0x", 16);
    vec![
        Check::new(
            Id::D15,
            "sscanf:0x:%x",
            "sscanf(\"0x\", \"%x\") conversions",
        )
        .ok(Observed::Int(i64::from(n)), format!("value {v}")),
        Check::new(
            Id::D15,
            "sscanf:1e:%f",
            "sscanf(\"1e\", \"%f\") conversions",
        )
        .ok(Observed::Int(i64::from(nf)), format!("value {vf}")),
        Check::new(
            Id::D15,
            "sscanf:1e+:%f",
            "sscanf(\"1e+\", \"%f\") conversions",
        )
        .ok(Observed::Int(i64::from(nf2)), format!("value {vf2}")),
        Check::new(
            Id::D15,
            "fix:strtol:0x",
            "fix: strtol(\"0x\", &end, 16) bytes read",
        )
        .ok(Observed::Int(consumed as i64), format!("value {tv}")),
    ]
}
