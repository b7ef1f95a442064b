//! musl's locale files: one GNU gettext catalogue (`.mo` format) per locale,
//! named exactly like the locale (`de_DE.UTF-8`), in a directory listed in
//! MUSL_LOCPATH. musl (since 1.1.17) maps the file when a category is set to
//! that name and passes its C strings through it: month and day names from
//! `nl_langinfo`/`strftime`, strerror texts. Nothing else — no decimal point,
//! grouping, collation or ctype — so a box with these files still collates
//! by bytes. Alpine ships them as musl-locales under
//! /usr/share/i18n/locales/musl; the lab writes its own, small ones.

use std::collections::BTreeMap;

/// Where Alpine's musl-locales package puts the files, and where the
/// `musl-rootfs+locpath` environment puts ours.
pub const LOCPATH: &str = "/usr/share/i18n/locales/musl";

/// musl's C strings for months and days: full names first, then the
/// abbreviations (May is both, so it appears once in a catalogue).
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_ABBR: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const DAYS_ABBR: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

struct TimeNames {
    locale: &'static str,
    months: [&'static str; 12],
    months_abbr: [&'static str; 12],
    days: [&'static str; 7],
    days_abbr: [&'static str; 7],
}

const GERMAN: TimeNames = TimeNames {
    locale: "de_DE.UTF-8",
    months: [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
    months_abbr: [
        "Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez",
    ],
    days: [
        "Sonntag",
        "Montag",
        "Dienstag",
        "Mittwoch",
        "Donnerstag",
        "Freitag",
        "Samstag",
    ],
    days_abbr: ["So", "Mo", "Di", "Mi", "Do", "Fr", "Sa"],
};

const FRENCH: TimeNames = TimeNames {
    locale: "fr_FR.UTF-8",
    months: [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    months_abbr: [
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
        "déc.",
    ],
    days: [
        "dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
    ],
    days_abbr: ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."],
};

/// The catalogues the lab ships: (file name = locale name, .mo contents).
pub fn files() -> Vec<(&'static str, Vec<u8>)> {
    [GERMAN, FRENCH]
        .iter()
        .map(|t| (t.locale, mo_file(&time_pairs(t))))
        .collect()
}

/// English C string → translation for every month and day name, full and
/// abbreviated.
fn time_pairs(t: &TimeNames) -> Vec<(&'static str, &'static str)> {
    let zip = |from: &[&'static str], to: &[&'static str]| {
        from.iter()
            .copied()
            .zip(to.iter().copied())
            .collect::<Vec<_>>()
    };
    [
        zip(&MONTHS, &t.months),
        zip(&MONTHS_ABBR, &t.months_abbr),
        zip(&DAYS, &t.days),
        zip(&DAYS_ABBR, &t.days_abbr),
    ]
    .concat()
}

/// A GNU .mo catalogue: little-endian, revision 0, no hash table (musl
/// binary-searches the originals, so they are written in byte order, each
/// once; a later pair for the same original replaces an earlier one).
pub fn mo_file(pairs: &[(&str, &str)]) -> Vec<u8> {
    let sorted: BTreeMap<&[u8], &str> = pairs.iter().map(|(k, v)| (k.as_bytes(), *v)).collect();
    let n = sorted.len() as u32;
    let originals_at = 28u32;
    let translations_at = originals_at + 8 * n;
    let strings_at = translations_at + 8 * n;
    let mut strings = Vec::new();
    let mut place = |s: &[u8]| {
        let at = strings_at + strings.len() as u32;
        strings.extend_from_slice(s);
        strings.push(0);
        (s.len() as u32, at)
    };
    let originals: Vec<(u32, u32)> = sorted.keys().map(|k| place(k)).collect();
    let translations: Vec<(u32, u32)> = sorted.values().map(|v| place(v.as_bytes())).collect();
    let mut out = Vec::new();
    let magic = 0x9504_12de_u32;
    for word in [magic, 0, n, originals_at, translations_at, 0, 0] {
        out.extend_from_slice(&word.to_le_bytes());
    }
    for (len, at) in originals.iter().chain(&translations) {
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&at.to_le_bytes());
    }
    out.extend_from_slice(&strings);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(b: &[u8], i: usize) -> u32 {
        u32::from_le_bytes(b[4 * i..4 * i + 4].try_into().unwrap())
    }

    fn string(b: &[u8], table: u32, i: u32) -> &str {
        let e = (table + 8 * i) as usize;
        let (len, at) = (word(&b[e..], 0) as usize, word(&b[e..], 1) as usize);
        assert_eq!(b[at + len], 0, "NUL-terminated");
        std::str::from_utf8(&b[at..at + len]).unwrap()
    }

    #[test]
    fn mo_file_is_sorted_deduplicated_and_readable() {
        let b = mo_file(&[("b", "B"), ("a", "A"), ("b", "B2")]);
        assert_eq!(word(&b, 0), 0x950412de);
        assert_eq!(word(&b, 2), 2);
        let (o, t) = (word(&b, 3), word(&b, 4));
        assert_eq!((string(&b, o, 0), string(&b, t, 0)), ("a", "A"));
        assert_eq!((string(&b, o, 1), string(&b, t, 1)), ("b", "B2"));
    }

    #[test]
    fn german_catalogue_has_every_name_once() {
        let (name, b) = &files()[0];
        assert_eq!(*name, "de_DE.UTF-8");
        // 12 + 12 + 7 + 7 names, "May" counted once.
        assert_eq!(word(b, 2), 37);
        let (o, t) = (word(b, 3), word(b, 4));
        let found: Vec<(&str, &str)> = (0..37)
            .map(|i| (string(b, o, i), string(b, t, i)))
            .collect();
        assert!(found.contains(&("March", "März")));
        assert!(found.contains(&("Tue", "Di")));
        assert!(found.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
