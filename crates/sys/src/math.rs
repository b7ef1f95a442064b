//! libm calls, declared here so that they reach the C library's libm and
//! not Rust's own implementations or constant folding (catalogue D24).

use libc::c_int;

extern "C" {
    fn lgamma(x: f64) -> f64;
    fn sin(x: f64) -> f64;
    fn cos(x: f64) -> f64;
    fn tan(x: f64) -> f64;
    fn exp(x: f64) -> f64;
    fn log(x: f64) -> f64;
    fn pow(x: f64, y: f64) -> f64;
    fn feclearexcept(excepts: c_int) -> c_int;
    fn fetestexcept(excepts: c_int) -> c_int;
}

/// FE_DIVBYZERO: the architecture's own status bit, the same in glibc's and
/// musl's <fenv.h> (x87/SSE ZE; aarch64 FPSR.DZC, where 0x04 is overflow).
#[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
const FE_DIVBYZERO: c_int = 0x04;
#[cfg(target_arch = "aarch64")]
const FE_DIVBYZERO: c_int = 0x02;
#[cfg(not(any(target_arch = "x86", target_arch = "x86_64", target_arch = "aarch64")))]
compile_error!("FE_DIVBYZERO is not known for this architecture: add its <fenv.h> value");

/// The functions whose last bits the probe compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    Lgamma,
    Sin,
    Cos,
    Tan,
    Exp,
    Log,
    Pow,
}

impl Function {
    pub const ALL: [Function; 7] = [
        Function::Lgamma,
        Function::Sin,
        Function::Cos,
        Function::Tan,
        Function::Exp,
        Function::Log,
        Function::Pow,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Function::Lgamma => "lgamma",
            Function::Sin => "sin",
            Function::Cos => "cos",
            Function::Tan => "tan",
            Function::Exp => "exp",
            Function::Log => "log",
            Function::Pow => "pow",
        }
    }

    /// The libc's value at `x` (`pow` takes `y` too; the others ignore it).
    pub fn call(self, x: f64, y: f64) -> f64 {
        // SAFETY: pure libm functions of doubles (lgamma also writes the
        // global signgam, which nothing reads).
        unsafe {
            match self {
                Function::Lgamma => lgamma(x),
                Function::Sin => sin(x),
                Function::Cos => cos(x),
                Function::Tan => tan(x),
                Function::Exp => exp(x),
                Function::Log => log(x),
                Function::Pow => pow(x, y),
            }
        }
    }
}

/// What `log(0)` reported, besides its value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogZero {
    pub value: f64,
    /// errno after the call (cleared before it).
    pub errno: i32,
    /// Whether the FE_DIVBYZERO flag was raised.
    pub divbyzero: bool,
}

pub fn log_zero() -> LogZero {
    crate::errno::clear();
    // SAFETY: clearing and testing floating-point status flags of this thread.
    unsafe { feclearexcept(FE_DIVBYZERO) };
    let zero = std::hint::black_box(0.0);
    // SAFETY: a pure libm call.
    let value = unsafe { log(zero) };
    let errno = crate::errno::get();
    // SAFETY: as above.
    let divbyzero = unsafe { fetestexcept(FE_DIVBYZERO) } != 0;
    LogZero {
        value,
        errno,
        divbyzero,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_of_zero_is_minus_infinity_and_raises_divbyzero() {
        let r = log_zero();
        assert_eq!(r.value, f64::NEG_INFINITY);
        assert!(r.divbyzero, "got {r:?}, want FE_DIVBYZERO");
    }

    #[test]
    fn sin_of_zero_is_zero() {
        assert_eq!(Function::Sin.call(0.0, 0.0), 0.0);
    }
}
