//! The fix column for catalogue D11 and seed S4: the same word list as
//! probe-locale, sorted with ICU4X's `icu_collator` (CLDR collation data
//! compiled into the binary). It does not read the C library's locale at
//! all, so its order is the same on glibc and musl, static or dynamic, in
//! any container, with or without installed locales.
//!
//! Kept out of the probe package: the compiled collation data makes the
//! binary a few MiB, over the small probes' size budget.

#![forbid(unsafe_code)]

use muslab_catalogue::Id;
use std::cmp::Ordering;

use icu_collator::{options::CollatorOptions, Collator};
use icu_locale_core::Locale;
use muslab_probes::locale::names;
use muslab_probes::locale::words::WORDS;
use muslab_report::{Check, Observed};

/// The BCP 47 tag for a POSIX locale name: `de_DE.UTF-8` → `de-DE`; the C
/// locales map to the root collation (`und`), CLDR's language-neutral order.
pub fn bcp47(posix: &str) -> String {
    let base = posix.split(['.', '@']).next().unwrap_or(posix);
    match base {
        "C" | "POSIX" | "" => "und".to_owned(),
        other => other.replace('_', "-"),
    }
}

/// The words in `tag`'s CLDR order, ties (none in the list) broken by bytes.
pub fn sort_icu(tag: &str) -> Result<Vec<String>, String> {
    let locale = Locale::try_from_str(tag).map_err(|e| format!("locale {tag}: {e}"))?;
    let collator = Collator::try_new((&locale).into(), CollatorOptions::default())
        .map_err(|e| format!("icu_collator for {tag}: {e}"))?;
    let mut words: Vec<String> = WORDS.iter().map(|s| s.to_string()).collect();
    words.sort_by(|a, b| {
        collator
            .compare(a, b)
            .then_with(|| a.as_bytes().cmp(b.as_bytes()))
    });
    Ok(words)
}

/// One S4 check per locale probe-locale sorts with strcoll.
pub fn icu_checks() -> Vec<Check> {
    names::locales()
        .iter()
        .map(|name| {
            let tag = bcp47(name);
            let check = Check::new(
                Id::S4,
                &format!("icu:{name}"),
                &format!("words sorted with icu_collator for {name} ({tag})"),
            );
            match sort_icu(&tag) {
                Ok(words) => check.ok(
                    Observed::List(words),
                    "CLDR data compiled in; independent of the C library and installed locales",
                ),
                Err(e) => check.error(e),
            }
        })
        .collect()
}

/// `Ordering` of two words in `tag`'s collation, for tests.
pub fn compare(tag: &str, a: &str, b: &str) -> Result<Ordering, String> {
    let locale = Locale::try_from_str(tag).map_err(|e| e.to_string())?;
    let collator = Collator::try_new((&locale).into(), CollatorOptions::default())
        .map_err(|e| e.to_string())?;
    Ok(collator.compare(a, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posix_names_map_to_bcp47() {
        assert_eq!(bcp47("de_DE.UTF-8"), "de-DE");
        assert_eq!(bcp47("C.UTF-8"), "und");
        assert_eq!(bcp47("C"), "und");
        assert_eq!(bcp47("de_DE@euro"), "de-DE");
    }

    #[test]
    fn turkish_orders_dotless_i_before_i() {
        assert_eq!(compare("tr-TR", "ılık", "ilk"), Ok(Ordering::Less));
        // Root collation treats ı as a variant of i: "ilk" < "ılık" by base letters.
        assert_eq!(compare("und", "ilk", "ılık"), Ok(Ordering::Less));
    }

    #[test]
    fn case_and_accents_are_secondary_in_english() {
        let w = sort_icu("en-US").unwrap();
        let pos = |s: &str| w.iter().position(|x| x == s).unwrap();
        assert!(pos("apple") < pos("Banana"));
        assert!(pos("éclair") < pos("zebra"));
        assert!(pos("Zürich") > pos("zebra"));
    }
}
