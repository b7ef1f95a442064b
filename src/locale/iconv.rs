//! D13: iconv. glibc supports `//TRANSLIT` (Zürich → Zurich in ASCII) and
//! stops with EILSEQ at a character the target cannot hold; musl (1.2.x)
//! has no transliteration, writes `*` for an unrepresentable character and
//! counts it in iconv's return value, and converts only *from* the CJK
//! legacy encodings. glibc's converters are loadable gconv modules, so a
//! box without them (a slim container, a 32-bit glibc without its gconv
//! directory) fails where the build itself would not.

use muslab_catalogue::Id;
use muslab_report::{Check, Observed};
use muslab_sys::iconv::{Conversion, Iconv};

use super::names;

/// `(case, to, from, input, title)`.
const CASES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "translit",
        "ASCII//TRANSLIT",
        "UTF-8",
        "Zürich €5",
        "UTF-8 → ASCII//TRANSLIT",
    ),
    (
        "unrepresentable",
        "ASCII",
        "UTF-8",
        "Zürich",
        "UTF-8 → ASCII of ü",
    ),
    (
        "latin1",
        "ISO-8859-1",
        "UTF-8",
        "Zürich",
        "UTF-8 → ISO-8859-1",
    ),
    ("to:GBK", "GBK", "UTF-8", "中文", "UTF-8 → GBK"),
    ("to:GB18030", "GB18030", "UTF-8", "中文", "UTF-8 → GB18030"),
    ("to:BIG5", "BIG5", "UTF-8", "中文", "UTF-8 → BIG5"),
    ("to:EUC-KR", "EUC-KR", "UTF-8", "한국", "UTF-8 → EUC-KR"),
    (
        "to:SHIFT_JIS",
        "SHIFT_JIS",
        "UTF-8",
        "日本",
        "UTF-8 → SHIFT_JIS",
    ),
    ("to:UNICODE", "UNICODE", "UTF-8", "A", "UTF-8 → \"UNICODE\""),
];

/// Decoding the other way: `(case, from, input bytes, title)`.
const FROM_CASES: &[(&str, &str, &[u8], &str)] = &[
    ("from:GBK", "GBK", b"\xd6\xd0\xce\xc4", "GBK 中文 → UTF-8"),
    (
        "from:BIG5",
        "BIG5",
        b"\xa4\xa4\xa4\xe5",
        "BIG5 中文 → UTF-8",
    ),
];

/// glibc transliterates by LC_CTYPE's table: in C, ü becomes "?"; in
/// en_US.UTF-8, "u". Measured in both.
const TRANSLIT_LOCALE: &str = "en_US.UTF-8";

pub fn checks() -> Vec<Check> {
    let mut out = Vec::new();
    for (case, to, from, input, title) in CASES {
        out.extend(convert(case, title, to, from, input.as_bytes()));
    }
    let (_, to, from, input, title) = CASES[0];
    let case = format!("translit:{TRANSLIT_LOCALE}");
    let title = format!("{title} in {TRANSLIT_LOCALE}");
    match names::select(TRANSLIT_LOCALE) {
        Ok(_) => out.extend(convert(&case, &title, to, from, input.as_bytes())),
        Err(reason) => out.push(Check::new(Id::D13, &case, &title).unsupported(reason)),
    }
    names::reset();
    for (case, from, input, title) in FROM_CASES {
        out.extend(convert(case, title, "UTF-8", from, input));
    }
    out
}

/// Two checks per conversion: whether `iconv_open` accepts the pair
/// (`<case>-open`: "ok" or the errno name) and what converting gives.
fn convert(case: &str, title: &str, to: &str, from: &str, input: &[u8]) -> Vec<Check> {
    let open = Check::new(
        Id::D13,
        &format!("{case}-open"),
        &format!("iconv_open {title}"),
    );
    let conv = Check::new(Id::D13, case, &format!("iconv {title}"));
    match Iconv::open(to, from) {
        Err(e) => vec![
            open.ok(Observed::text(errno_name(&e)), e.to_string()),
            conv.unsupported(format!(
                "iconv_open(\"{to}\", \"{from}\") failed: {}",
                errno_name(&e)
            )),
        ],
        Ok(mut cd) => {
            let c = cd.convert(input);
            vec![open.ok(Observed::text("ok"), ""), conv.ok(describe(&c), "")]
        }
    }
}

fn describe(c: &Conversion) -> Observed {
    let output = match std::str::from_utf8(&c.output) {
        Ok(s)
            if s.chars()
                .all(|ch| ch.is_ascii_graphic() || ch == ' ' || !ch.is_ascii()) =>
        {
            format!("{s:?} ({})", hex(&c.output))
        }
        _ => hex(&c.output),
    };
    let result = match (&c.error, c.irreversible) {
        (Some(e), _) => format!(
            "stopped: {} after {} input bytes",
            errno_name(e),
            c.consumed
        ),
        (None, Some(n)) => format!("done, {n} irreversible"),
        (None, None) => "done".into(),
    };
    Observed::fields([("output", output), ("result", result)])
}

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The errno name for the values iconv sets, the number otherwise.
pub fn errno_name(e: &std::io::Error) -> String {
    match e.raw_os_error() {
        Some(libc::EINVAL) => "EINVAL".into(),
        Some(libc::EILSEQ) => "EILSEQ".into(),
        Some(libc::E2BIG) => "E2BIG".into(),
        Some(libc::ENOENT) => "ENOENT".into(),
        Some(libc::ENOMEM) => "ENOMEM".into(),
        Some(n) => format!("errno {n}"),
        None => e.to_string(),
    }
}
