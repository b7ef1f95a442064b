//! D24: how libm reports errors and how close its results are. glibc's
//! `math_errhandling` is MATH_ERRNO | MATH_ERREXCEPT (3) and log(0) sets
//! ERANGE; musl's is MATH_ERREXCEPT (2) and errno stays. The macro is a
//! header fact; the probe observes the behaviour it announces. The ulp
//! distances are against correctly rounded values computed once with
//! mpmath (`math_reference.rs`, scripts/gen-math-reference.py); glibc's
//! results can depend on the CPU's FMA paths, so only ranges are stable.

use muslab_catalogue::Id;
use muslab_report::{Check, Observed};
use muslab_sys::math::{log_zero, Function};

use super::math_reference::REFERENCE;

/// Distance in units in the last place: the number of doubles between
/// the two (0 for equal values, NaN against NaN 0, NaN against a number
/// u64::MAX).
pub fn ulps(got: f64, want: f64) -> u64 {
    if got == want || (got.is_nan() && want.is_nan()) {
        return 0;
    }
    if got.is_nan() || want.is_nan() {
        return u64::MAX;
    }
    // Doubles ordered as integers: negative values mirrored below zero.
    let ordered = |x: f64| -> i128 {
        let bits = x.to_bits() as i64;
        i128::from(if bits < 0 { i64::MIN - bits } else { bits })
    };
    (ordered(got) - ordered(want))
        .unsigned_abs()
        .min(u128::from(u64::MAX)) as u64
}

pub fn checks() -> Vec<Check> {
    let r = log_zero();
    let mut out = vec![
        Check::new(Id::D24, "log(0):errno", "errno after log(0)")
            .ok(Observed::Int(i64::from(r.errno)), format!("log(0) = {}", r.value)),
        Check::new(Id::D24, "math_errhandling:observed", "math_errhandling as log(0) behaves").ok(
            Observed::Int(i64::from(r.errno == libc::ERANGE) | (i64::from(r.divbyzero) << 1)),
            "MATH_ERRNO (1) if log(0) set ERANGE, plus MATH_ERREXCEPT (2) if it raised FE_DIVBYZERO; the macro itself is in the headers",
        ),
    ];
    for f in Function::ALL {
        let rows: Vec<_> = REFERENCE.iter().filter(|(g, ..)| *g == f).collect();
        // (ulps, x, y, got, want) of the input furthest from correct.
        let mut worst = (0u64, 0.0f64, 0.0f64, 0.0f64, 0.0f64);
        let mut inexact = 0;
        for (_, x, y, want) in &rows {
            let got = f.call(*x, *y);
            let d = ulps(got, *want);
            if d > 0 {
                inexact += 1;
            }
            if d > worst.0 {
                worst = (d, *x, *y, got, *want);
            }
        }
        let (_, x, y, got, want) = worst;
        let call = match f {
            Function::Pow => format!("pow({x}, {y})"),
            _ => format!("{}({x})", f.name()),
        };
        // Near a zero of the function (lgamma's negative roots) one ulp is
        // tiny, so a result off by its own size counts ~2^52 ulps: the
        // relative error says how wrong that is.
        let at = if worst.0 == 0 {
            "none".to_owned()
        } else {
            format!(
                "{call}: got {got:e}, correctly rounded {want:e} (relative error {:.2e})",
                ((got - want) / want).abs()
            )
        };
        out.push(
            Check::new(
                Id::D24,
                &format!("ulp:{}", f.name()),
                &format!("{}: most ulps from correctly rounded", f.name()),
            )
            .ok(
                Observed::Int(worst.0.min(i64::MAX as u64) as i64),
                format!(
                    "worst at {at}; {inexact} of {} inputs not correctly rounded",
                    rows.len()
                ),
            ),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::ulps;

    #[test]
    fn ulps_count_doubles_between() {
        assert_eq!(ulps(1.0, 1.0), 0);
        assert_eq!(ulps(f64::from_bits(1.0f64.to_bits() + 3), 1.0), 3);
        assert_eq!(ulps(-0.0, 0.0), 0);
        assert_eq!(ulps(f64::from_bits(1), -f64::from_bits(1)), 2);
    }
}
