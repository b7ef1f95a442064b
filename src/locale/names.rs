//! The locale names probe-locale looks at, and selecting one of them.

use muslab_sys::locale::{self, LC_ALL};

/// The locales probed by default: C and C.UTF-8, English, and locales whose
/// decimal point (de, fr), case mapping (tr) or multibyte text (ja) differ
/// from C. The lab's setup installs the glibc ones
/// (Debian's locales-all); musl needs no files for them, since it implements
/// only C and C.UTF-8 behaviour whatever the name.
pub const LOCALES: &[&str] = &[
    "C",
    "C.UTF-8",
    "en_US.UTF-8",
    "de_DE.UTF-8",
    "fr_FR.UTF-8",
    "tr_TR.UTF-8",
    "ja_JP.UTF-8",
];

/// The environment variable that replaces [`LOCALES`] for one run: a
/// comma-separated list of names (`MUSLAB_LOCALES=C,pt_BR.UTF-8`), so an
/// environment can probe the locales its box actually has.
pub const LOCALES_VAR: &str = "MUSLAB_LOCALES";

/// The names to probe: [`LOCALES`], or the list in [`LOCALES_VAR`].
pub fn locales() -> Vec<String> {
    match std::env::var(LOCALES_VAR) {
        Ok(list) if !list.trim().is_empty() => list
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_owned)
            .collect(),
        _ => LOCALES.iter().map(|s| s.to_string()).collect(),
    }
}

/// A name no system ships: glibc refuses it, musl accepts any name.
pub const NOWHERE: &str = "xx_YY.UTF-8";

/// The status reason for a locale glibc refused on this box.
pub fn not_installed(name: &str) -> String {
    format!("locale {name} not installed (setlocale returned NULL; see `locale -a`)")
}

/// Switches every category to `name`; `Err` holds the not-installed reason.
/// Callers restore "C" with [`reset`] when done.
pub fn select(name: &str) -> Result<String, String> {
    locale::setlocale(LC_ALL, Some(name)).ok_or_else(|| not_installed(name))
}

/// Back to the C locale every program starts in.
pub fn reset() {
    locale::setlocale(LC_ALL, Some("C"));
}
