//! D10: which locale names `setlocale` accepts, and what `setlocale(LC_ALL,
//! "")` picks from the environment. glibc returns NULL for a locale whose
//! data is not installed; musl accepts any well-formed name (it keeps the
//! name for message translation and behaves as C.UTF-8), and with no
//! variables set musl's "" means C.UTF-8 where glibc's means C.

use muslab_catalogue::Id;
use std::time::Duration;

use muslab_report::{Check, Observed};
use muslab_sys::fork::run_in_child;
use muslab_sys::locale::{self, LC_ALL, LC_CTYPE};

use super::names::{self, NOWHERE};

/// The variables that choose a locale; each environment case starts with
/// all of them removed. MUSL_LOCPATH is left alone on purpose: it is part of
/// the box being probed.
const LOCALE_VARS: &[&str] = &[
    "LC_ALL",
    "LANG",
    "LANGUAGE",
    "LC_CTYPE",
    "LC_COLLATE",
    "LC_NUMERIC",
    "LC_TIME",
    "LC_MONETARY",
    "LC_MESSAGES",
];

/// `(case, variables)` for `setlocale(LC_ALL, "")`.
const ENV_CASES: &[(&str, &[(&str, &str)])] = &[
    ("empty", &[]),
    ("LANG=de_DE.UTF-8", &[("LANG", "de_DE.UTF-8")]),
    ("LANG=xx_YY.UTF-8", &[("LANG", "xx_YY.UTF-8")]),
    (
        "LC_ALL=C.UTF-8,LANG=de_DE.UTF-8",
        &[("LC_ALL", "C.UTF-8"), ("LANG", "de_DE.UTF-8")],
    ),
    (
        "LANG=de_DE.UTF-8,LC_COLLATE=tr_TR.UTF-8",
        &[("LANG", "de_DE.UTF-8"), ("LC_COLLATE", "tr_TR.UTF-8")],
    ),
];

pub fn checks() -> Vec<Check> {
    let mut out = Vec::new();
    for name in names::locales().iter().map(String::as_str).chain([NOWHERE]) {
        let check = Check::new(
            Id::D10,
            &format!("setlocale:{name}"),
            &format!("setlocale(LC_ALL, \"{name}\")"),
        );
        let got = locale::setlocale(LC_ALL, Some(name));
        names::reset();
        out.push(match got {
            Some(n) => check.ok(Observed::text(n), ""),
            None if name == NOWHERE => check.ok(
                Observed::text("NULL"),
                "refused: no system ships this locale",
            ),
            None => check.unsupported(names::not_installed(name)),
        });
    }
    for (case, vars) in ENV_CASES {
        out.extend(from_environment(case, vars));
    }
    out
}

/// Runs `setlocale(LC_ALL, "")` in a child whose locale variables are
/// exactly `vars`, so the probe's own environment stays untouched.
fn from_environment(case: &str, vars: &[(&str, &str)]) -> Vec<Check> {
    let all = Check::new(
        Id::D10,
        &format!("setlocale-env:{case}"),
        &format!("setlocale(LC_ALL, \"\") with {case}"),
    );
    let ctype = Check::new(
        Id::D10,
        &format!("mb-cur-max-env:{case}"),
        &format!("MB_CUR_MAX after setlocale(LC_ALL, \"\") with {case}"),
    );
    let run = run_in_child(Duration::from_secs(5), |w| {
        for v in LOCALE_VARS {
            std::env::remove_var(v);
        }
        for (k, v) in vars {
            std::env::set_var(k, v);
        }
        let name = locale::setlocale(LC_ALL, Some(""));
        let ctype = locale::setlocale(LC_CTYPE, None).unwrap_or_default();
        let _ = write!(
            w,
            "{}\n{}\n{}",
            name.as_deref().unwrap_or("NULL"),
            ctype,
            locale::mb_cur_max()
        );
        0
    });
    match run {
        Ok(r) if r.success() => {
            let mut lines = r.output.split('\n');
            let (name, ctype_name, max) = (lines.next(), lines.next(), lines.next());
            match (name, ctype_name, max.and_then(|m| m.parse::<i64>().ok())) {
                (Some(name), Some(ctype_name), Some(max)) => vec![
                    all.ok(Observed::text(name), ""),
                    ctype.ok(Observed::Int(max), format!("LC_CTYPE is {ctype_name:?}")),
                ],
                _ => vec![all.error(format!("child sent {:?}", r.output))],
            }
        }
        Ok(r) => vec![all.status(r.status(), Observed::None, "")],
        Err(e) => vec![all.error(format!("fork: {e}"))],
    }
}
