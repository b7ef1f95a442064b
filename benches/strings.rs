//! String and memory functions at 16 B, 256 B, 4 KiB, 64 KiB and 1 MiB, and
//! UTF-8 decoding (mbstowcs, mbrtowc) in C.UTF-8.
//!
//! glibc picks an SSE2/AVX2/EVEX version of each function for the CPU at
//! load time (ifunc); musl has assembly for memcpy, memmove and memset on
//! x86_64 (rep movs / rep stos based) and portable C for the rest, which
//! reads a word (8 bytes) at a time once aligned. The functions are called
//! through `libc::` so that neither Rust's own code nor the compiler's
//! builtins stand in for the libc's.

use std::ffi::{c_char, CString};
use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput};

#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use bench_support as support;
use support::timing::Family;

const SIZES: [(usize, &str); 5] = [
    (16, "16B"),
    (256, "256B"),
    (4 << 10, "4KiB"),
    (64 << 10, "64KiB"),
    (1 << 20, "1MiB"),
];

/// `n - 1` bytes of 'a' then NUL: strlen is n-1, strchr/memchr find the
/// 'z' only in the last byte before the NUL (the whole string is scanned).
fn text(n: usize) -> Vec<u8> {
    let mut v = vec![b'a'; n];
    if n >= 2 {
        v[n - 2] = b'z';
    }
    v[n - 1] = 0;
    v
}

fn memory(c: &mut Criterion) {
    for name in [
        "memcpy", "memmove", "memset", "strlen", "strchr", "memchr", "strcmp",
    ] {
        let mut g = c.benchmark_group(format!("string_{name}"));
        for (n, label) in SIZES {
            g.throughput(Throughput::Bytes(n as u64));
            let src = text(n);
            let other = text(n);
            // memmove: one buffer, copied one byte up (overlapping, backwards).
            let mut dst = vec![0u8; n + 1];
            g.bench_function(BenchmarkId::from_parameter(label), |b| {
                let s = black_box(src.as_ptr());
                let o = black_box(other.as_ptr());
                let d = black_box(dst.as_mut_ptr());
                // SAFETY: every pointer covers n (dst: n+1) bytes; the
                // string functions stop at the NUL in the last byte.
                b.iter(|| unsafe {
                    match name {
                        "memcpy" => libc::memcpy(d.cast(), s.cast(), n) as usize,
                        "memmove" => libc::memmove(d.add(1).cast(), d.cast(), n) as usize,
                        "memset" => libc::memset(d.cast(), 0x55, n) as usize,
                        "strlen" => libc::strlen(s.cast()),
                        "strchr" => libc::strchr(s.cast(), b'z' as i32) as usize,
                        "memchr" => libc::memchr(s.cast(), b'z' as i32, n) as usize,
                        _ => libc::strcmp(s.cast(), o.cast()) as usize,
                    }
                })
            });
        }
        g.finish();
    }
}

/// 64 KiB of mixed-script UTF-8 text (ASCII, Latin-1, Greek, CJK, emoji).
fn utf8_text() -> CString {
    let piece = "Grüße, Ζεύς! 東京へ行く 🦀 plain ASCII words; ";
    let mut s = String::new();
    while s.len() < (64 << 10) - piece.len() {
        s.push_str(piece);
    }
    CString::new(s).expect("no NUL in the text")
}

fn utf8(c: &mut Criterion) {
    // SAFETY: setlocale with a valid NUL-terminated name; no other thread
    // uses the locale while the benches run.
    let set = unsafe { libc::setlocale(libc::LC_CTYPE, c"C.UTF-8".as_ptr()) };
    if set.is_null() {
        eprintln!("strings: setlocale(LC_CTYPE, C.UTF-8) refused; UTF-8 decoding not measured");
        return;
    }
    let text = utf8_text();
    let bytes = text.as_bytes().len();
    let chars = text.to_str().map_or(0, |s| s.chars().count());
    let mut wide = vec![0 as libc::wchar_t; chars + 1];
    let mut g = c.benchmark_group("utf8_decode");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("mbstowcs_64KiB", |b| {
        b.iter(|| {
            // SAFETY: wide has room for every character plus the NUL.
            let n = unsafe { mbstowcs(wide.as_mut_ptr(), text.as_ptr(), wide.len()) };
            assert_eq!(n, chars, "mbstowcs decoded {n} characters, want {chars}");
        })
    });
    g.bench_function("mbrtowc_64KiB", |b| {
        b.iter(|| {
            // SAFETY: a zeroed MbState is the initial state; p stays inside
            // text, whose length the loop bounds.
            unsafe {
                let mut st = MbState([0; 2]);
                let mut p = text.as_ptr();
                let mut left = bytes;
                let mut wc: libc::wchar_t = 0;
                let mut n = 0usize;
                while left > 0 {
                    let k = mbrtowc(&mut wc, p, left, &mut st);
                    if k == 0 || k > left {
                        break;
                    }
                    p = p.add(k);
                    left -= k;
                    n += 1;
                }
                assert_eq!(n, chars, "mbrtowc decoded {n} characters, want {chars}");
            }
        })
    });
    g.finish();
}

/// `mbstate_t`: 8 bytes on both libcs (glibc: a count and a 4-byte value;
/// musl: two unsigned ints); all zeros is the initial state.
#[repr(C)]
struct MbState([u32; 2]);

extern "C" {
    fn mbstowcs(dest: *mut libc::wchar_t, src: *const c_char, n: usize) -> usize;
    fn mbrtowc(pwc: *mut libc::wchar_t, s: *const c_char, n: usize, ps: *mut MbState) -> usize;
}

fn main() {
    let mut c = support::timing::criterion(Family::Strings);
    memory(&mut c);
    utf8(&mut c);
    support::record_build("strings");
    c.final_summary();
}
