//! Sorting 10,000 words three ways: by bytes (the control), with strcoll
//! under en_US.UTF-8, and with icu_collator (the fix that gives the same
//! order on every libc).
//!
//! glibc's strcoll walks the locale's ISO 14651 tables (several passes per
//! comparison); musl's strcoll is strcmp in every locale, so on musl the
//! strcoll sort is as fast as the byte sort and just as wrong for people.

use std::ffi::CString;
use std::hint::black_box;

use criterion::{BatchSize, Criterion};
use icu_collator::options::CollatorOptions;
use icu_collator::Collator;
use muslab_sys::locale;

#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use bench_support as support;
use support::timing::Family;

const WORDS: usize = 10_000;
const SEED: u64 = 0x6d75_736c_6162;
/// Syllables with the accents, umlauts and ligatures that make collation
/// differ from byte order.
const SYLLABLES: &[&str] = &[
    "ka", "lé", "mon", "zü", "ber", "ri", "ça", "do", "Äp", "fel", "stra", "ße", "ré", "su", "mé",
    "an", "ño", "ol", "ï", "vé", "tur", "ıs", "lak", "øy", "co", "ñe", "gå", "en", "is", "te",
];

/// xorshift64*: deterministic, so every libc sorts the very same list.
fn next(state: &mut u64) -> u64 {
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    state.wrapping_mul(0x2545_f491_4f6c_dd1d)
}

/// 10,000 words of 1-4 syllables, a fifth of them capitalised.
fn word_list() -> Vec<String> {
    let mut s = SEED;
    (0..WORDS)
        .map(|_| {
            let n = 1 + next(&mut s) % 4;
            let mut w: String = (0..n)
                .map(|_| SYLLABLES[(next(&mut s) % SYLLABLES.len() as u64) as usize])
                .collect();
            if next(&mut s) % 5 == 0 {
                let mut chars = w.chars();
                let first: String = chars
                    .next()
                    .into_iter()
                    .flat_map(char::to_uppercase)
                    .collect();
                w = first + chars.as_str();
            }
            w
        })
        .collect()
}

fn sorts(c: &mut Criterion) {
    let words = word_list();
    let cwords: Vec<CString> = words
        .iter()
        .map(|w| CString::new(w.as_str()).expect("generated words contain no NUL"))
        .collect();
    let locale_name = "en_US.UTF-8";
    let selected = locale::setlocale(locale::LC_COLLATE, Some(locale_name));
    if selected.is_none() {
        eprintln!(
            "collate: setlocale(LC_COLLATE, {locale_name}) refused; strcoll runs in the C locale \
             (install locales-all)"
        );
    }
    let icu = Collator::try_new(Default::default(), CollatorOptions::default())
        .expect("icu_collator's compiled data has the root collation");

    let mut g = c.benchmark_group("collate_sort_10k");
    g.bench_function("bytes", |b| {
        b.iter_batched(|| words.clone(), |mut w| w.sort(), BatchSize::LargeInput)
    });
    g.bench_function("strcoll_en_US.UTF-8", |b| {
        b.iter_batched(
            || cwords.iter().collect::<Vec<_>>(),
            |mut w| {
                w.sort_by(|a, b| locale::strcoll_cstr(a, b));
                black_box(w)
            },
            BatchSize::LargeInput,
        )
    });
    g.bench_function("icu_collator_root", |b| {
        b.iter_batched(
            || words.iter().map(String::as_str).collect::<Vec<_>>(),
            |mut w| {
                w.sort_by(|a, b| icu.compare(a, b));
                black_box(w)
            },
            BatchSize::LargeInput,
        )
    });
    g.finish();
}

fn main() {
    let mut c = support::timing::criterion(Family::Collation);
    sorts(&mut c);
    support::record_build("collate");
    c.final_summary();
}
