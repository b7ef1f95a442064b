//! D11: the word list sorted with `strcoll` and with `strxfrm` keys in each
//! locale. glibc collates by the locale's LC_COLLATE tables (ISO 14651:
//! case and accents are secondary differences); musl's strcoll is strcmp
//! and its strxfrm copies the string, in every locale.

use muslab_catalogue::Id;
use std::cmp::Ordering;

use muslab_report::{Check, Observed};
use muslab_sys::locale;

use super::names;
use super::words::WORDS;

pub fn checks() -> Vec<Check> {
    let mut out = Vec::new();
    for name in &names::locales() {
        let coll = Check::new(
            Id::D11,
            &format!("strcoll:{name}"),
            &format!("words sorted with strcoll in {name}"),
        );
        let xfrm = Check::new(
            Id::D11,
            &format!("strxfrm:{name}"),
            &format!("words sorted by strxfrm keys in {name}"),
        );
        match names::select(name) {
            Err(reason) => {
                out.push(coll.unsupported(reason.clone()));
                out.push(xfrm.unsupported(reason));
            }
            Ok(_) => {
                out.push(match sort_strcoll() {
                    Some(w) => coll.ok(
                        Observed::List(w),
                        "ties broken by byte order, as GNU sort's last-resort comparison does",
                    ),
                    None => coll.error("a word contains NUL"),
                });
                out.push(match sort_strxfrm() {
                    Some(w) => xfrm.ok(Observed::List(w), ""),
                    None => xfrm.error("strxfrm failed"),
                });
            }
        }
        names::reset();
    }
    out
}

/// The words in the current LC_COLLATE's `strcoll` order.
pub fn sort_strcoll() -> Option<Vec<String>> {
    let mut words: Vec<String> = WORDS.iter().map(|s| s.to_string()).collect();
    for w in &words {
        locale::strcoll(w, "")?;
    }
    words.sort_by(|a, b| {
        locale::strcoll(a, b)
            .unwrap_or(Ordering::Equal)
            .then_with(|| a.as_bytes().cmp(b.as_bytes()))
    });
    Some(words)
}

/// The words ordered by the bytes of their `strxfrm` keys.
pub fn sort_strxfrm() -> Option<Vec<String>> {
    let mut keyed = Vec::with_capacity(WORDS.len());
    for w in WORDS {
        keyed.push((locale::strxfrm(w)?, w.to_string()));
    }
    keyed.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| a.1.as_bytes().cmp(b.1.as_bytes()))
    });
    Some(keyed.into_iter().map(|(_, w)| w).collect())
}
