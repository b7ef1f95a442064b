//! Locales, collation, multibyte text and iconv.

use crate::model::{Applies::*, Area, Claim, Command, Entry, Expected, ExposedBy, Fix, Libc::*};
use crate::model::{Source, ValueClaim};
use crate::Id;

pub const D10: Entry = Entry {
    id: Id::D10,
    area: Area::LocaleAndText,
    title: "setlocale accepts anything; no numeric/time locale data on musl",
    claims: &[
        Claim { libc: Glibc, versions: None, says: "NULL for locales not installed; setlocale(LC_ALL, \"\") with an empty environment gives \"C\"; per-locale numeric, time and monetary data", source: Source::GlibcSource("locale/setlocale.c") },
        Claim { libc: Musl, versions: None, says: "never NULL (names with \"/\" or too long silently become C.UTF-8); \"\" with an empty environment gives \"C.UTF-8;C;C;C;C;C\"; no numeric, time or monetary data (month names only from MUSL_LOCPATH catalogues)", source: Source::MuslSource("src/locale/locale_map.c") },
    ],
    why: "glibc loads each category from installed locale files and refuses (NULL) a name it has no files for, so numbers, dates and month names follow the locale. musl keeps any well-formed name without checking, implements only C and C.UTF-8 behaviour, and reads nothing but message catalogues (via MUSL_LOCPATH): decimal point, grouping and strftime formats stay those of C.",
    fixes: &[
        Fix { name: "icu-format", title: "Format numbers and dates with ICU4X (icu_decimal, icu_datetime) or explicit formats", why: "do not rely on the C library for locale formatting in portable code", commands: &[] },
        Fix { name: "install-locale", title: "Check setlocale's return value on glibc and install the locale", why: "glibc returns NULL for a locale it has no files for", commands: &[Command { applies: Image, line: "apt-get install locales-all   # or locale-gen" }] },
    ],
    symptoms: &["setlocale: LC_ALL: cannot change locale"],
    exposed_by: ExposedBy::Imports(&["setlocale", "newlocale", "localeconv", "nl_langinfo", "nl_langinfo_l", "uselocale"]),
    values: &[
        ValueClaim { case: "setlocale:xx_YY.UTF-8", libc: Glibc, expected: Expected::Text("NULL"), source: "catalogue D10: glibc returns NULL for locales not installed" },
        ValueClaim { case: "setlocale:xx_YY.UTF-8", libc: Musl, expected: Expected::Text("xx_YY.UTF-8"), source: "catalogue D10: musl accepts any name" },
        ValueClaim { case: "setlocale-env:empty", libc: Musl, expected: Expected::Text("C.UTF-8;C;C;C;C;C"), source: "catalogue D10: musl's setlocale(LC_ALL, \"\") with an empty environment gives \"C.UTF-8;C;C;C;C;C\"" },
        ValueClaim { case: "decimal-point:de_DE.UTF-8", libc: Musl, expected: Expected::Text("."), source: "catalogue D10: musl's decimal_point is always \".\"" },
    ],
    observed: true,
};

pub const D11: Entry = Entry {
    id: Id::D11,
    area: Area::LocaleAndText,
    title: "strcoll/strxfrm are byte order on musl",
    claims: &[
        Claim { libc: Glibc, versions: None, says: "locale collation (en_US: strcoll(\"a\", \"B\") < 0)", source: Source::GlibcSource("string/strcoll_l.c") },
        Claim { libc: Musl, versions: None, says: "byte order in every locale; strxfrm copies", source: Source::MuslSource("src/locale/strcoll.c, src/locale/strxfrm.c") },
    ],
    why: "glibc collates with the locale's LC_COLLATE tables (ISO 14651 based: case and accents only break ties, Turkish orders dotless i first). musl's strcoll is strcmp and strxfrm copies the string in every locale, so sort order is byte order: all capitals before lowercase, accented letters after z.",
    fixes: &[
        Fix { name: "icu-collator", title: "Sort with icu_collator", why: "CLDR data compiled into the binary gives the same order on every libc and box", commands: &[] },
        Fix { name: "byte-order", title: "Or accept byte order explicitly (LC_ALL=C) on both libcs so they agree", why: "the same order everywhere, though not a language's", commands: &[Command { applies: Any, line: "LC_ALL=C {prog}" }] },
    ],
    symptoms: &[],
    exposed_by: ExposedBy::Imports(&["strcoll", "strxfrm", "wcscoll", "wcsxfrm", "strcoll_l", "strxfrm_l", "__strcoll_l", "__strxfrm_l"]),
    values: &[ValueClaim { case: "strcoll:en_US.UTF-8", libc: Musl, expected: Expected::ByteOrderedWords, source: "catalogue D11: musl's strcoll is strcmp byte order" }],
    observed: true,
};

pub const D12: Entry = Entry {
    id: Id::D12,
    area: Area::LocaleAndText,
    title: "multibyte and ctype in the C locale",
    claims: &[
        Claim { libc: Glibc, versions: None, says: "C locale: mbrtowc(\"\\xe9\") fails with EILSEQ; MB_CUR_MAX in C.UTF-8 is 6", source: Source::GlibcSource("wcsmbs/mbrtowc.c") },
        Claim { libc: Musl, versions: None, says: "C locale maps byte b >= 0x80 to U+DF00+b; MB_CUR_MAX is 4", source: Source::MuslSource("src/multibyte/mbrtowc.c") },
    ],
    why: "glibc's C locale is ASCII: mbrtowc of a high byte fails, and its C.UTF-8 allows the old six-byte sequences. musl's C locale maps each high byte into a private range so byte strings round-trip, its UTF-8 stops at four bytes, and case mapping is one Unicode table for all locales (no Turkish i, ß uppercases to U+1E9E).",
    fixes: &[Fix { name: "decode-yourself", title: "Decode UTF-8 yourself (Rust str, ICU4X casemap with a tr locale for Turkish) instead of mbrtowc/towupper", why: "when the result must not depend on the libc or locale", commands: &[] }],
    symptoms: &["Invalid or incomplete multibyte or wide character"],
    exposed_by: ExposedBy::Imports(&["mbrtowc", "mbtowc", "mbstowcs", "mbsrtowcs", "__ctype_get_mb_cur_max", "btowc"]),
    values: &[
        ValueClaim { case: "mb-cur-max:C.UTF-8", libc: Glibc, expected: Expected::Int(6), source: "catalogue D12: glibc's MB_CUR_MAX in C.UTF-8 is 6" },
        ValueClaim { case: "mb-cur-max:C.UTF-8", libc: Musl, expected: Expected::Int(4), source: "catalogue D12: musl's MB_CUR_MAX is 4" },
        ValueClaim { case: "mbrtowc-e9:C", libc: Glibc, expected: Expected::Text("EILSEQ"), source: "catalogue D12: glibc's C locale rejects \\xe9 with EILSEQ" },
        ValueClaim { case: "mbrtowc-e9:C", libc: Musl, expected: Expected::Text("U+DFE9, 1 byte"), source: "catalogue D12: musl's C locale maps high bytes to 0xDF80+" },
    ],
    observed: true,
};

pub const D13: Entry = Entry {
    id: Id::D13,
    area: Area::LocaleAndText,
    title: "iconv: no //TRANSLIT, fewer charsets on musl",
    claims: &[
        Claim { libc: Glibc, versions: None, says: "//TRANSLIT supported; an unrepresentable character stops with EILSEQ", source: Source::GlibcSource("iconv/gconv_trans.c") },
        Claim { libc: Musl, versions: None, says: "//TRANSLIT and //IGNORE give EINVAL; an unrepresentable character becomes `*` and is counted; cannot encode GBK, GB18030, GB2312, Big5, EUC-KR (decodes them); no UNICODE, no UTF-7", source: Source::MuslSource("src/locale/iconv.c") },
    ],
    why: "glibc's iconv loads gconv modules: //TRANSLIT, every CJK encoding in both directions, the alias UNICODE; an unrepresentable character stops the conversion with EILSEQ. musl's iconv is built in: no //TRANSLIT (iconv_open fails with EINVAL), CJK legacy encodings only as sources, and an unrepresentable character becomes `*`, counted in iconv's return value.",
    fixes: &[
        Fix { name: "encoding-rs", title: "Use a pure-Rust converter (encoding_rs) or link GNU libiconv on musl", why: "the same conversions on every libc", commands: &[] },
        Fix { name: "translit-fallback", title: "Never pass //TRANSLIT without a fallback for EINVAL", why: "musl refuses it at iconv_open", commands: &[] },
    ],
    symptoms: &["iconv_open: Invalid argument"],
    exposed_by: ExposedBy::Imports(&["iconv_open", "iconv"]),
    values: &[
        ValueClaim { case: "translit-open", libc: Musl, expected: Expected::Text("EINVAL"), source: "catalogue D13: musl's iconv_open rejects //TRANSLIT with EINVAL" },
        ValueClaim { case: "to:GBK-open", libc: Musl, expected: Expected::Text("EINVAL"), source: "catalogue D13: musl cannot convert to GBK" },
        ValueClaim { case: "to:UNICODE-open", libc: Musl, expected: Expected::Text("EINVAL"), source: "catalogue D13: musl has no \"UNICODE\"" },
    ],
    observed: true,
};
