use muslab_catalogue::Id;
use std::path::Path;

use muslab_report::{Check, Observed};

/// os-release(5): /etc/os-release, falling back to /usr/lib/os-release.
pub fn check(root: &Path) -> Check {
    let check = Check::new(Id::Env, "os-release", "distribution (os-release)");
    let text = super::read_text(root, "/etc/os-release").or_else(|first| {
        super::read_text(root, "/usr/lib/os-release").map_err(|second| format!("{first}; {second}"))
    });
    match text {
        Ok(text) => {
            let fields = parse(&text);
            let keep = ["ID", "VERSION_ID", "PRETTY_NAME"];
            check.ok(
                Observed::fields(
                    fields
                        .into_iter()
                        .filter(|(k, _)| keep.contains(&k.as_str())),
                ),
                "",
            )
        }
        Err(e) => check.ok(Observed::None, e),
    }
}

/// KEY=value lines, with optional single or double quotes around the value.
pub fn parse(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|l| l.split_once('='))
        .filter(|(k, _)| !k.trim_start().starts_with('#'))
        .map(|(k, v)| {
            let v = v.trim();
            let v = v
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .or_else(|| v.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
                .unwrap_or(v);
            (k.trim().to_owned(), v.to_owned())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn parses_quoted_values() {
        let f = super::parse("ID=alpine\nPRETTY_NAME=\"Alpine Linux v3.20\"\n# c=1\n");
        assert_eq!(
            f,
            vec![
                ("ID".into(), "alpine".into()),
                ("PRETTY_NAME".into(), "Alpine Linux v3.20".into())
            ]
        );
    }
}
