//! D10: the per-locale data behind numbers, dates and the character set.
//! glibc reads LC_NUMERIC, LC_TIME and LC_MONETARY from the installed
//! locale; musl has no such data (its locale files, found through
//! MUSL_LOCPATH, only translate strings), so a German decimal point stays
//! "." and `%c` stays in the C format whatever the name.

use muslab_catalogue::Id;
use muslab_report::{Check, Observed};
use muslab_sys::locale::{self, Tm};

use super::names;

/// Tuesday 5 March 2024, 14:07:09: a date whose day and month differ and
/// whose month name is spelt differently in every language asked about.
pub const SAMPLE_TIME: Tm = Tm {
    year: 2024,
    month: 3,
    day: 5,
    hour: 14,
    minute: 7,
    second: 9,
    weekday: 2,
    yearday: 64,
};

/// The number `printf("%'d")` formats.
pub const SAMPLE_NUMBER: i32 = 1234567;

const STRFTIME_FORMATS: &[&str] = &["%c", "%x", "%X", "%B", "%A"];

pub fn checks() -> Vec<Check> {
    let mut out = Vec::new();
    for name in &names::locales() {
        let cases = [
            ("codeset", "nl_langinfo(CODESET)"),
            ("decimal-point", "localeconv()->decimal_point"),
            ("grouping", "localeconv() thousands_sep and grouping"),
            ("currency", "localeconv()->currency_symbol"),
            ("printf-grouped", "printf(\"%'d\", 1234567)"),
            ("strftime", "strftime %c %x %X %B %A of 2024-03-05 14:07:09"),
            ("months", "nl_langinfo(MON_1..MON_12)"),
        ];
        match names::select(name) {
            Err(reason) => {
                for (case, title) in cases {
                    out.push(
                        Check::new(
                            Id::D10,
                            &format!("{case}:{name}"),
                            &format!("{title} in {name}"),
                        )
                        .unsupported(reason.clone()),
                    );
                }
            }
            Ok(_) => {
                let check = |case: &str, title: &str| {
                    Check::new(
                        Id::D10,
                        &format!("{case}:{name}"),
                        &format!("{title} in {name}"),
                    )
                };
                let conv = locale::localeconv();
                out.push(
                    check(cases[0].0, cases[0].1)
                        .ok(Observed::text(locale::langinfo(libc::CODESET)), ""),
                );
                out.push(
                    check(cases[1].0, cases[1].1)
                        .ok(Observed::text(conv.decimal_point.clone()), ""),
                );
                out.push(check(cases[2].0, cases[2].1).ok(
                    Observed::fields([
                        ("thousands_sep", format!("{:?}", conv.thousands_sep)),
                        ("grouping", grouping_text(&conv.grouping)),
                    ]),
                    "",
                ));
                out.push(
                    check(cases[3].0, cases[3].1)
                        .ok(Observed::text(conv.currency_symbol.clone()), ""),
                );
                let grouped = check(cases[4].0, cases[4].1);
                out.push(match locale::format_grouped(SAMPLE_NUMBER) {
                    Ok(s) => grouped.ok(Observed::text(s), ""),
                    Err(e) => grouped.error(format!("snprintf: {e}")),
                });
                let formatted: Vec<(String, String)> = STRFTIME_FORMATS
                    .iter()
                    .map(|f| {
                        let v = locale::strftime(f, &SAMPLE_TIME)
                            .unwrap_or_else(|| "(did not fit)".into());
                        (f.to_string(), v)
                    })
                    .collect();
                out.push(check(cases[5].0, cases[5].1).ok(Observed::fields(formatted), ""));
                out.push(check(cases[6].0, cases[6].1).ok(Observed::List(months()), ""));
            }
        }
        names::reset();
    }
    out
}

/// `[3, 3]` → "3;3"; an empty grouping means "no grouping".
fn grouping_text(g: &[u8]) -> String {
    if g.is_empty() {
        return "none".into();
    }
    g.iter()
        .map(|b| b.to_string())
        .collect::<Vec<_>>()
        .join(";")
}

fn months() -> Vec<String> {
    const MONTHS: [libc::nl_item; 12] = [
        libc::MON_1,
        libc::MON_2,
        libc::MON_3,
        libc::MON_4,
        libc::MON_5,
        libc::MON_6,
        libc::MON_7,
        libc::MON_8,
        libc::MON_9,
        libc::MON_10,
        libc::MON_11,
        libc::MON_12,
    ];
    MONTHS.iter().map(|m| locale::langinfo(*m)).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn grouping_is_shown_as_numbers() {
        assert_eq!(super::grouping_text(&[3, 3]), "3;3");
        assert_eq!(super::grouping_text(&[]), "none");
    }
}
