//! D12: multibyte decoding and wide-character classes. In glibc's C locale
//! bytes above 0x7f are invalid (EILSEQ) and MB_CUR_MAX in C.UTF-8 is 6;
//! musl's C locale maps each high byte to U+DF80+(byte-0x80) so any byte
//! string round-trips, and its MB_CUR_MAX in UTF-8 is 4. Case mapping:
//! glibc's tr_TR maps i to İ, musl's towupper is locale-independent.

use muslab_catalogue::Id;
use muslab_report::{Check, Observed};
use muslab_sys::locale::{self, Decoded};

use super::names;

/// Where MB_CUR_MAX and mbrtowc are measured.
const MB_LOCALES: &[&str] = &["C", "C.UTF-8", "en_US.UTF-8"];

/// Where case mapping and classes are measured.
const WCTYPE_LOCALES: &[&str] = &["C", "C.UTF-8", "en_US.UTF-8", "de_DE.UTF-8", "tr_TR.UTF-8"];

/// `(case suffix, bytes)` given to mbrtowc.
const MB_INPUTS: &[(&str, &[u8])] = &[
    ("e9", b"\xe9"),
    ("c3a9", b"\xc3\xa9"),
    ("ff", b"\xff"),
    ("c3", b"\xc3"),
];

pub fn checks() -> Vec<Check> {
    let mut out = Vec::new();
    for name in MB_LOCALES {
        let max = Check::new(
            Id::D12,
            &format!("mb-cur-max:{name}"),
            &format!("MB_CUR_MAX in {name}"),
        );
        match names::select(name) {
            Err(reason) => {
                out.push(max.unsupported(reason.clone()));
                for (suffix, _) in MB_INPUTS {
                    out.push(mb_check(name, suffix).unsupported(reason.clone()));
                }
            }
            Ok(_) => {
                out.push(max.ok(Observed::Int(locale::mb_cur_max() as i64), ""));
                for (suffix, bytes) in MB_INPUTS {
                    out.push(mb_check(name, suffix).ok(Observed::text(decoded_text(bytes)), ""));
                }
            }
        }
        names::reset();
    }
    for name in WCTYPE_LOCALES {
        let check = Check::new(
            Id::D12,
            &format!("wctype:{name}"),
            &format!("towupper/towlower/iswupper/iswalpha in {name}"),
        );
        out.push(match names::select(name) {
            Err(reason) => check.unsupported(reason),
            Ok(_) => check.ok(wctype_fields(), ""),
        });
        names::reset();
    }
    out
}

fn mb_check(locale_name: &str, suffix: &str) -> muslab_report::CheckBuilder {
    Check::new(
        Id::D12,
        &format!("mbrtowc-{suffix}:{locale_name}"),
        &format!("mbrtowc(\"\\x{}\") in {locale_name}", pretty_hex(suffix)),
    )
}

fn pretty_hex(suffix: &str) -> String {
    suffix
        .as_bytes()
        .chunks(2)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("\\x")
}

/// "U+00E9, 2 bytes", "EILSEQ" or "incomplete".
pub fn decoded_text(bytes: &[u8]) -> String {
    match locale::decode_first(bytes) {
        Decoded::Char { wc, len } => {
            format!("U+{wc:04X}, {len} byte{}", if len == 1 { "" } else { "s" })
        }
        Decoded::Incomplete => "incomplete".into(),
        Decoded::Invalid(libc::EILSEQ) => "EILSEQ".into(),
        Decoded::Invalid(errno) => format!("invalid (errno {errno})"),
    }
}

fn show(wc: u32) -> String {
    match char::from_u32(wc) {
        Some(c) if !c.is_control() => format!("U+{wc:04X} {c}"),
        _ => format!("U+{wc:04X}"),
    }
}

fn wctype_fields() -> Observed {
    let up = |c: char| show(locale::to_upper(c as u32));
    let low = |c: char| show(locale::to_lower(c as u32));
    let yes = |b: bool| if b { "yes" } else { "no" }.to_string();
    Observed::fields([
        ("towupper(é)", up('é')),
        ("towupper(ß)", up('ß')),
        ("towupper(i)", up('i')),
        ("towupper(ı)", up('ı')),
        ("towlower(I)", low('I')),
        ("towlower(İ)", low('İ')),
        ("iswupper(É)", yes(locale::is_upper('É' as u32))),
        ("iswalpha(É)", yes(locale::is_alpha('É' as u32))),
        ("iswalpha(ß)", yes(locale::is_alpha('ß' as u32))),
    ])
}
