use muslab_catalogue::Id;
use muslab_report::{Check, Observed};

/// The variables that choose the locale (and, for musl, where its locale files
/// are: MUSL_LOCPATH). Shown, not interpreted: probe-locale measures effects.
pub fn check() -> Check {
    let names = [
        "LANG",
        "LC_ALL",
        "LC_CTYPE",
        "LC_COLLATE",
        "LC_NUMERIC",
        "LANGUAGE",
        "MUSL_LOCPATH",
    ];
    let set: Vec<(String, String)> = names
        .iter()
        .filter_map(|n| std::env::var(n).ok().map(|v| (n.to_string(), v)))
        .collect();
    Check::new(Id::Env, "locale-env", "locale environment").ok(Observed::fields(set), "")
}
