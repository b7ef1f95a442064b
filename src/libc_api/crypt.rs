//! D22: crypt with yescrypt (`$y$`), SHA-512 (`$6$`), MD5 (`$1$`) and DES
//! settings. Debian's libxcrypt knows all four; musl knows the last three
//! and gives a 13-character DES hash for a prefix it does not know. The
//! fix, checking that the hash starts with the setting's prefix, turns
//! musl's silent wrong hash into a refusal.

use muslab_catalogue::Id;
use muslab_report::{Check, Observed};
use muslab_sys::crypt::{crypt, provider};

const KEY: &str = "password";
const YESCRYPT: &str = "$y$j9T$7v9sPz4K0YUbZ1Pp4cTg4/";

/// `(case, setting)`.
const CASES: &[(&str, &str)] = &[
    ("crypt:$y$", YESCRYPT),
    ("crypt:$6$", "$6$saltsalt$"),
    ("crypt:$1$", "$1$saltsalt$"),
    ("crypt:des", "ab"),
];

pub fn checks() -> Vec<Check> {
    let mut out = Vec::new();
    let from = match provider() {
        Ok(from) => from,
        Err(e) => {
            let reason = format!("crypt is not available to this build: {e}");
            for (case, setting) in CASES {
                out.push(
                    Check::new(Id::D22, case, &format!("crypt(\"{KEY}\", \"{setting}\")"))
                        .unsupported(&reason),
                );
            }
            return out;
        }
    };
    let mut yescrypt = None;
    for (case, setting) in CASES {
        let check = Check::new(Id::D22, case, &format!("crypt(\"{KEY}\", \"{setting}\")"));
        out.push(match crypt(KEY, setting) {
            Ok(Some(hash)) => {
                if *setting == YESCRYPT {
                    yescrypt = Some(hash.clone());
                }
                check.ok(Observed::text(hash), format!("from {from}"))
            }
            Ok(None) => check.ok(Observed::text("NULL"), format!("from {from}")),
            Err(e) => check.error(e),
        });
    }
    if let Some(hash) = yescrypt {
        out.push(
            Check::new(Id::D22, "crypt:$y$:length", "length of crypt's $y$ result")
                .ok(Observed::Int(hash.len() as i64), ""),
        );
        let verdict = if hash.starts_with("$y$") {
            "accepted: the hash is a $y$ hash"
        } else {
            "refused: the hash does not start with $y$"
        };
        out.push(
            Check::new(
                Id::D22,
                "fix:prefix-check:$y$",
                "fix: check the $y$ hash's prefix",
            )
            .ok(Observed::text(verdict), ""),
        );
    }
    out
}
