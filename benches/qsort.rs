//! Sorting with the libc's qsort against Rust's own sorts: 1M random ints
//! and 100k short strings (strcmp order).
//!
//! glibc's qsort (2.36, Debian 12's) is a merge sort into a malloc'ed
//! buffer, with an in-place quicksort only when the array is large against
//! physical memory; musl's qsort is smoothsort, in place and not stable. Every comparison is an indirect call
//! through a function pointer in both; Rust's sorts inline the comparison.

use std::cmp::Ordering;
use std::ffi::{c_char, c_void, CString};

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput};

#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use bench_support as support;
use support::timing::Family;

const INTS: usize = 1_000_000;
const STRINGS: usize = 100_000;

fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    state.wrapping_mul(0x2545_f491_4f6c_dd1d)
}

fn ints() -> Vec<i32> {
    let mut s = 0x71_736f_7274;
    (0..INTS).map(|_| xorshift(&mut s) as i32).collect()
}

/// 4..12 lowercase letters each.
fn strings() -> Vec<CString> {
    let mut s = 0x7374_7269_6e67;
    (0..STRINGS)
        .map(|_| {
            let len = 4 + xorshift(&mut s) % 9;
            let w: Vec<u8> = (0..len)
                .map(|_| b'a' + (xorshift(&mut s) % 26) as u8)
                .collect();
            CString::new(w).expect("letters only")
        })
        .collect()
}

extern "C" fn cmp_int(a: *const c_void, b: *const c_void) -> i32 {
    // SAFETY: qsort passes pointers to elements of the i32 array.
    let (a, b) = unsafe { (*(a as *const i32), *(b as *const i32)) };
    a.cmp(&b) as i32
}

extern "C" fn cmp_str(a: *const c_void, b: *const c_void) -> i32 {
    // SAFETY: qsort passes pointers to elements of an array of C string
    // pointers, each NUL-terminated.
    unsafe { libc::strcmp(*(a as *const *const c_char), *(b as *const *const c_char)) }
}

fn c_qsort<T>(v: &mut [T], cmp: extern "C" fn(*const c_void, *const c_void) -> i32) {
    // SAFETY: v is a valid array of v.len() elements of size_of::<T>().
    unsafe {
        libc::qsort(
            v.as_mut_ptr().cast(),
            v.len(),
            std::mem::size_of::<T>(),
            Some(cmp),
        )
    };
}

fn benches(c: &mut Criterion) {
    let ints = ints();
    let strings = strings();
    let ptrs: Vec<*const c_char> = strings.iter().map(|s| s.as_ptr()).collect();
    let by_strcmp = |a: &*const c_char, b: &*const c_char| -> Ordering {
        // SAFETY: both point into `strings`, NUL-terminated.
        unsafe { libc::strcmp(*a, *b).cmp(&0) }
    };

    let mut g = c.benchmark_group("qsort_1M_ints");
    g.throughput(Throughput::Elements(INTS as u64));
    g.bench_function(BenchmarkId::from_parameter("libc_qsort"), |b| {
        b.iter_batched(
            || ints.clone(),
            |mut v| c_qsort(&mut v, cmp_int),
            BatchSize::LargeInput,
        )
    });
    g.bench_function(BenchmarkId::from_parameter("rust_sort"), |b| {
        b.iter_batched(|| ints.clone(), |mut v| v.sort(), BatchSize::LargeInput)
    });
    g.bench_function(BenchmarkId::from_parameter("rust_sort_unstable"), |b| {
        b.iter_batched(
            || ints.clone(),
            |mut v| v.sort_unstable(),
            BatchSize::LargeInput,
        )
    });
    g.finish();

    let mut g = c.benchmark_group("qsort_100k_strings");
    g.throughput(Throughput::Elements(STRINGS as u64));
    g.bench_function(BenchmarkId::from_parameter("libc_qsort"), |b| {
        b.iter_batched(
            || ptrs.clone(),
            |mut v| c_qsort(&mut v, cmp_str),
            BatchSize::LargeInput,
        )
    });
    g.bench_function(BenchmarkId::from_parameter("rust_sort"), |b| {
        b.iter_batched(
            || ptrs.clone(),
            |mut v| v.sort_by(by_strcmp),
            BatchSize::LargeInput,
        )
    });
    g.finish();
}

fn main() {
    let mut c = support::timing::criterion(Family::Qsort);
    benches(&mut c);
    support::record_build("qsort");
    c.final_summary();
}
