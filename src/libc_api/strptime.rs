//! D16: strptime's `%s`, `%z`, `%Z`. glibc parses all three (`%s` through
//! the local time zone, so TZ is set to UTC0 first); musl up to 1.2.5
//! returns NULL for each, 1.2.6 parses them but `%s` leaves the time alone.

use muslab_catalogue::Id;
use muslab_report::{Check, Observed};
use muslab_sys::strptime::strptime;

const CASES: &[(&str, &str, &str)] = &[
    ("strptime:%s", "1700000000", "%s"),
    ("strptime:%z", "+0200", "%z"),
    ("strptime:%Z", "UTC", "%Z"),
];

pub fn checks() -> Vec<Check> {
    // glibc's %s calls localtime_r, which reads TZ once per process: a
    // POSIX zone string needs no zoneinfo files on the box.
    std::env::set_var("TZ", "UTC0");
    CASES
        .iter()
        .map(|(case, input, format)| {
            let title = format!("strptime(\"{input}\", \"{format}\")");
            let shown = match strptime(input, format) {
                None => "NULL".to_owned(),
                Some(p) => format!(
                    "{:04}-{:02}-{:02} {:02}:{:02}:{:02} gmtoff {} ({} bytes read)",
                    p.year, p.month, p.day, p.hour, p.minute, p.second, p.gmtoff, p.consumed
                ),
            };
            Check::new(Id::D16, case, &title).ok(Observed::text(shown), "")
        })
        .collect()
}
