//! A ratio of two criterion means, with an interval, and what it amounts to.

use serde::{Deserialize, Serialize};

use super::criterion_data::Estimate;

/// Ratios at or beyond this factor (either way) are called large.
pub const LARGE: f64 = 2.0;

/// How a measured time compares with the glibc one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The two confidence intervals overlap: no difference shown.
    WithinNoise,
    /// Intervals apart, slower by less than LARGE.
    Slower,
    /// Intervals apart, faster by less than LARGE.
    Faster,
    /// Intervals apart and at least LARGE times slower.
    MuchSlower,
    /// Intervals apart and at least LARGE times faster.
    MuchFaster,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::WithinNoise => "within noise",
            Verdict::Slower => "slower",
            Verdict::Faster => "faster",
            Verdict::MuchSlower => "much slower",
            Verdict::MuchFaster => "much faster",
        }
    }

    pub fn is_large(self) -> bool {
        matches!(self, Verdict::MuchSlower | Verdict::MuchFaster)
    }
}

/// `subject / reference`: >1 means the subject takes longer.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Ratio {
    pub point: f64,
    /// subject.lower / reference.upper: the most favourable reading.
    pub lower: f64,
    /// subject.upper / reference.lower: the least favourable reading.
    pub upper: f64,
    pub verdict: Verdict,
}

impl Ratio {
    /// The interval bounds combine the two confidence intervals crudely
    /// (extreme over extreme), so they are wider than a proper interval for
    /// a ratio: a conservative "could be anywhere from .. to ..".
    pub fn of(subject: &Estimate, reference: &Estimate) -> Ratio {
        let point = subject.mean_ns / reference.mean_ns;
        let overlap =
            subject.lower_ns <= reference.upper_ns && reference.lower_ns <= subject.upper_ns;
        let verdict = if overlap {
            Verdict::WithinNoise
        } else if point >= LARGE {
            Verdict::MuchSlower
        } else if point <= 1.0 / LARGE {
            Verdict::MuchFaster
        } else if point > 1.0 {
            Verdict::Slower
        } else {
            Verdict::Faster
        };
        Ratio {
            point,
            lower: subject.lower_ns / reference.upper_ns.max(f64::MIN_POSITIVE),
            upper: subject.upper_ns / reference.lower_ns.max(f64::MIN_POSITIVE),
            verdict,
        }
    }

    /// `2.41× (2.2–2.6)`.
    pub fn display(&self) -> String {
        format!(
            "{}× ({}–{})",
            short(self.point),
            short(self.lower),
            short(self.upper)
        )
    }
}

fn short(x: f64) -> String {
    if x >= 10.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn est(mean: f64, half: f64) -> Estimate {
        Estimate {
            mean_ns: mean,
            lower_ns: mean - half,
            upper_ns: mean + half,
            confidence: 0.95,
        }
    }

    #[test]
    fn overlapping_intervals_are_noise_even_when_means_differ() {
        let r = Ratio::of(&est(110.0, 10.0), &est(100.0, 10.0));
        assert_eq!(r.verdict, Verdict::WithinNoise);
        assert!((r.point - 1.1).abs() < 1e-9);
    }

    #[test]
    fn separated_intervals_are_graded_by_size() {
        assert_eq!(
            Ratio::of(&est(300.0, 5.0), &est(100.0, 5.0)).verdict,
            Verdict::MuchSlower
        );
        assert_eq!(
            Ratio::of(&est(130.0, 5.0), &est(100.0, 5.0)).verdict,
            Verdict::Slower
        );
        assert_eq!(
            Ratio::of(&est(80.0, 5.0), &est(100.0, 5.0)).verdict,
            Verdict::Faster
        );
        assert_eq!(
            Ratio::of(&est(20.0, 1.0), &est(100.0, 5.0)).verdict,
            Verdict::MuchFaster
        );
    }

    #[test]
    fn interval_brackets_the_point() {
        let r = Ratio::of(&est(300.0, 30.0), &est(100.0, 10.0));
        assert!(r.lower < r.point && r.point < r.upper);
        assert!((r.lower - 270.0 / 110.0).abs() < 1e-9);
    }
}
