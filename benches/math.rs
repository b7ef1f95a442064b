//! libm throughput: sin, cos, exp, log, pow and lgamma over a fixed set of
//! inputs, through the libc the target links (Rust's f64 methods call the
//! C library's libm; lgamma is called directly). glibc's libm selects FMA
//! and AVX2 code paths at run time (ifunc) and uses correctly-rounded-ish
//! table methods for exp/log/pow; musl's libm is portable C (mostly FreeBSD
//! msun and ARM's optimized-routines for exp/log/pow), the same on every CPU.
//!
//! The results' bit patterns are recorded too, so the report can say how
//! often, and by how many ulps, the two libms disagree on the same inputs.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput};

#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use bench_support as support;
use support::timing::Family;

extern "C" {
    /// In both libms; glibc's also sets the global `signgam`.
    fn lgamma(x: f64) -> f64;
}

const INPUTS: usize = 1024;

fn xorshift(state: &mut u64) -> f64 {
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    (state.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11) as f64 / (1u64 << 53) as f64
}

/// INPUTS values uniformly in [lo, hi), the same on every build.
fn inputs(seed: u64, lo: f64, hi: f64) -> Vec<f64> {
    let mut s = seed;
    (0..INPUTS)
        .map(|_| lo + (hi - lo) * xorshift(&mut s))
        .collect()
}

type Unary = fn(f64) -> f64;

fn c_lgamma(x: f64) -> f64 {
    // SAFETY: lgamma is a pure libm function of one double.
    unsafe { lgamma(x) }
}

/// The functions and their input ranges: sin/cos over a few periods and
/// beyond (argument reduction), exp/log over their useful range, lgamma on
/// both sides of its roots at 1 and 2.
fn unary() -> Vec<(&'static str, Unary, Vec<f64>)> {
    vec![
        ("sin", f64::sin as Unary, inputs(1, -100.0, 100.0)),
        ("cos", f64::cos as Unary, inputs(2, -100.0, 100.0)),
        ("exp", f64::exp as Unary, inputs(3, -700.0, 700.0)),
        ("log", f64::ln as Unary, inputs(4, 1e-300, 1e300)),
        ("lgamma", c_lgamma as Unary, inputs(5, 0.001, 50.0)),
    ]
}

fn pow_inputs() -> (Vec<f64>, Vec<f64>) {
    (inputs(6, 0.0, 100.0), inputs(7, -30.0, 30.0))
}

fn benches(c: &mut Criterion, rec: &mut support::Recorder) {
    let mut g = c.benchmark_group("math");
    g.throughput(Throughput::Elements(INPUTS as u64));
    for (name, f, xs) in unary() {
        g.bench_function(BenchmarkId::from_parameter(name), |b| {
            b.iter(|| {
                let mut acc = 0.0;
                for &x in black_box(&xs) {
                    acc += f(black_box(x));
                }
                acc
            })
        });
        rec.math_outputs(name, xs.iter().map(|&x| f(x).to_bits()).collect());
    }
    let (xs, ys) = pow_inputs();
    g.bench_function(BenchmarkId::from_parameter("pow"), |b| {
        b.iter(|| {
            let mut acc = 0.0;
            for (&x, &y) in black_box(&xs).iter().zip(&ys) {
                acc += black_box(x).powf(black_box(y));
            }
            acc
        })
    });
    rec.math_outputs(
        "pow",
        xs.iter()
            .zip(&ys)
            .map(|(&x, &y)| x.powf(y).to_bits())
            .collect(),
    );
    g.finish();
}

fn main() {
    let mut c = support::timing::criterion(Family::Math);
    let mut rec = support::Recorder::new("math");
    benches(&mut c, &mut rec);
    rec.write();
    support::record_build("math");
    c.final_summary();
}
