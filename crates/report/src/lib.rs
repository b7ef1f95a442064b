//! The one data model every probe prints and the lab reads back.
//!
//! A probe builds a [`Report`], prints it as text for people or as JSON with
//! `--json`; the lab deserialises the same type. Nothing anywhere re-parses the
//! text form.
//!
//! Beside the model: the probe registry and the build targets ([`probes`],
//! [`target`]), so that every crate can name a probe and find its built file.

#![forbid(unsafe_code)]

pub mod findings;
pub mod probes;
pub mod target;

pub mod bench;

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

pub mod lookup;
pub mod same;

pub use lookup::{Batch, Eai, Lookup, LookupError, LOOKUP_FAILED_EXIT};
pub use muslab_catalogue::{Id, Libc};

/// Lists at least this long are printed once per report text.
const LONG_LIST: usize = 8;

/// Bumped whenever a field changes meaning or disappears; the lab refuses
/// reports of another schema instead of misreading them.
pub const SCHEMA: &str = "muslab.report/1";

/// Everything one probe run observed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub schema: String,
    pub probe: String,
    pub build: BuildInfo,
    pub host: HostInfo,
    pub checks: Vec<Check>,
    /// What the checks mean, row by row ([`findings::of_report`]); derived
    /// data carried for scripts reading `--json`. Optional, so reports
    /// without it keep parsing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<findings::Finding>,
}

/// How the probe binary itself was built, embedded by build.rs and completed at
/// run time from the process's own program headers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BuildInfo {
    pub target: String,
    pub libc: Libc,
    /// The libc version the binary was built against: for static musl the
    /// version inside the Rust target's bundled libc.a, for glibc the headers'.
    pub libc_version: String,
    /// Where `libc_version` was read at build time.
    pub libc_version_source: String,
    /// The glibc actually loaded at run time (`gnu_get_libc_version`); `None`
    /// for static musl, where the build version is the run-time version.
    pub runtime_libc_version: Option<String>,
    pub linkage: Linkage,
    /// PT_INTERP of the running binary, if it has one.
    pub interpreter: Option<String>,
    pub pointer_width: u32,
    pub rustc: String,
}

/// Read from the running process's program headers, not from build flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Linkage {
    /// ET_EXEC without PT_INTERP.
    Static,
    /// ET_DYN without PT_INTERP: a static PIE, relocating itself.
    StaticPie,
    /// Has PT_INTERP: needs a dynamic loader on the box.
    Dynamic,
}

impl fmt::Display for Linkage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Linkage::Static => "static",
            Linkage::StaticPie => "static-pie",
            Linkage::Dynamic => "dynamic",
        })
    }
}

/// The kernel as `uname(2)` describes it to this process. `uname` itself can
/// fail (seed S5: a sandbox that refuses it to 32-bit callers), so the fields
/// are optional and the error is kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HostInfo {
    pub sysname: Option<String>,
    pub release: Option<String>,
    pub machine: Option<String>,
    pub uname_error: Option<String>,
}

/// One observation. `id` is a catalogue row (docs/catalogue.md: `S2`, `D23` ...)
/// or `ENV` for facts about the box that are not differences themselves;
/// `case` is a stable key within the id, so `(id, case)` names a matrix row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Check {
    pub id: Id,
    pub case: String,
    pub title: String,
    pub status: Status,
    pub observed: Observed,
    pub detail: String,
}

impl Check {
    /// Starts a check: `Check::new(id, case, title).ok(observed, detail)`.
    #[allow(clippy::new_ret_no_self)]
    pub fn new(id: Id, case: &str, title: &str) -> CheckBuilder {
        CheckBuilder {
            id,
            case: case.to_owned(),
            title: title.to_owned(),
        }
    }
}

/// Names a check before its outcome is known; finishing it yields a [`Check`].
pub struct CheckBuilder {
    id: Id,
    case: String,
    title: String,
}

impl CheckBuilder {
    pub fn ok(self, observed: Observed, detail: impl Into<String>) -> Check {
        self.finish(Status::Ok, observed, detail.into())
    }

    pub fn status(self, status: Status, observed: Observed, detail: impl Into<String>) -> Check {
        self.finish(status, observed, detail.into())
    }

    pub fn error(self, message: impl Into<String>) -> Check {
        self.finish(
            Status::Error {
                message: message.into(),
            },
            Observed::None,
            String::new(),
        )
    }

    pub fn unsupported(self, reason: impl Into<String>) -> Check {
        self.finish(
            Status::Unsupported {
                reason: reason.into(),
            },
            Observed::None,
            String::new(),
        )
    }

    fn finish(self, status: Status, observed: Observed, detail: String) -> Check {
        Check {
            id: self.id,
            case: self.case,
            title: self.title,
            status,
            observed,
            detail,
        }
    }
}

/// What happened when the probe tried to observe: never a prediction.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Status {
    /// The observation was made; `observed` holds it.
    Ok,
    /// The code under test was killed by a signal (in a child process).
    Crashed { signal: i32, name: String },
    /// The code under test did not finish in time and was killed.
    TimedOut { after_ms: u64 },
    /// The observation could not be made.
    Error { message: String },
    /// This build or box cannot have the behaviour at all.
    Unsupported { reason: String },
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Status::Ok => f.write_str("ok"),
            Status::Crashed { name, .. } => write!(f, "crashed ({name})"),
            Status::TimedOut { after_ms } => write!(f, "timed out after {after_ms} ms"),
            Status::Error { message } => write!(f, "error: {message}"),
            Status::Unsupported { reason } => write!(f, "unsupported: {reason}"),
        }
    }
}

/// A typed observation, so that the lab compares values, not strings.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Observed {
    None,
    Bool(bool),
    Int(i64),
    Bytes(u64),
    /// A duration in milliseconds; the lab compares durations with a
    /// tolerance, since timings vary from run to run.
    Millis(u64),
    Text(String),
    List(Vec<String>),
    Fields(BTreeMap<String, String>),
    /// Named typed values, compared field by field (so a duration inside a
    /// record still gets the duration tolerance).
    Record(BTreeMap<String, Observed>),
    /// One `getaddrinfo` call (probe-dns).
    Lookup(Lookup),
    /// Lookups started at once from threads (probe-dns).
    Batch(Batch),
}

impl Observed {
    pub fn text(s: impl Into<String>) -> Self {
        Observed::Text(s.into())
    }

    pub fn fields<K: Into<String>, V: Into<String>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        Observed::Fields(
            pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }

    pub fn record<K: Into<String>>(pairs: impl IntoIterator<Item = (K, Observed)>) -> Self {
        Observed::Record(pairs.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }
}

impl fmt::Display for Observed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Observed::None => f.write_str("-"),
            Observed::Bool(b) => f.write_str(if *b { "yes" } else { "no" }),
            Observed::Int(n) => write!(f, "{n}"),
            Observed::Bytes(n) => f.write_str(&format_bytes(*n)),
            Observed::Millis(n) => write!(f, "{n} ms"),
            Observed::Text(s) => f.write_str(s),
            Observed::List(items) if items.is_empty() => f.write_str("(none)"),
            Observed::List(items) => f.write_str(&items.join(", ")),
            Observed::Fields(map) => {
                let parts: Vec<String> = map.iter().map(|(k, v)| format!("{k}={v}")).collect();
                f.write_str(&parts.join(" "))
            }
            Observed::Record(map) => {
                let parts: Vec<String> = map
                    .iter()
                    .map(|(k, v)| match v {
                        Observed::Record(_) => format!("{k}=({v})"),
                        _ => format!("{k}={v}"),
                    })
                    .collect();
                f.write_str(&parts.join(" "))
            }
            Observed::Lookup(l) => write!(f, "{l}"),
            Observed::Batch(b) => write!(f, "{b}"),
        }
    }
}

/// `131072` → `128 KiB`; exact binary units when they divide evenly, so that a
/// reader sees `8 MiB` rather than `8192 KiB`, and bytes otherwise.
pub fn format_bytes(n: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * KIB;
    const GIB: u64 = 1024 * MIB;
    match n {
        0 => "0 B".to_owned(),
        n if n % GIB == 0 => format!("{} GiB", n / GIB),
        n if n % MIB == 0 => format!("{} MiB", n / MIB),
        n if n % KIB == 0 => format!("{} KiB", n / KIB),
        n if n >= MIB => format!("{:.2} MiB", n as f64 / MIB as f64),
        n if n >= KIB => format!("{:.1} KiB", n as f64 / KIB as f64),
        n => format!("{n} B"),
    }
}

impl Report {
    pub fn new(probe: &str, build: BuildInfo, host: HostInfo, checks: Vec<Check>) -> Self {
        Report {
            schema: SCHEMA.to_owned(),
            probe: probe.to_owned(),
            build,
            host,
            checks,
            findings: Vec::new(),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a Report always serialises")
    }

    /// Parses a probe's `--json` output, refusing other schemas.
    pub fn from_json(text: &str) -> Result<Self, ReportError> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| ReportError::Json(e.to_string()))?;
        match value.get("schema").and_then(|s| s.as_str()) {
            Some(SCHEMA) => {}
            Some(other) => return Err(ReportError::Schema(other.to_owned())),
            None => return Err(ReportError::Json("no \"schema\" field".to_owned())),
        }
        serde_json::from_value(value).map_err(|e| ReportError::Json(e.to_string()))
    }

    pub fn check(&self, id: Id, case: &str) -> Option<&Check> {
        self.checks.iter().find(|c| c.id == id && c.case == case)
    }

    /// Fills [`Report::findings`] from the checks.
    pub fn with_findings(mut self) -> Self {
        self.findings = findings::of_report(&self);
        self
    }

    /// The readable form printed without `--json`, findings wrapped at
    /// [`findings::WIDTH`] columns.
    pub fn to_text(&self) -> String {
        self.to_text_width(findings::WIDTH)
    }

    /// The readable form, `width` columns for the findings. A long list
    /// measured again unchanged is shown once.
    pub fn to_text_width(&self, width: usize) -> String {
        let mut out = self.build_text();
        out.push('\n');
        out.push_str(&checks_text(self.checks.iter(), width));
        out.push_str(&self.findings_text(width));
        out
    }

    /// The first lines of [`Report::to_text_width`]: the probe's own build
    /// and the kernel it runs on.
    pub fn build_text(&self) -> String {
        let b = &self.build;
        let mut out = String::new();
        out.push_str(&format!(
            "{}: {} build, {} {} ({}), {}\n",
            self.probe, b.target, b.libc, b.libc_version, b.linkage, b.rustc
        ));
        if let Some(rt) = &b.runtime_libc_version {
            out.push_str(&format!("  running on {} {rt}\n", b.libc));
        }
        out.push_str(&self.kernel_text());
        out
    }

    /// The kernel line (`  kernel Linux 6.1 x86_64`), or why uname failed.
    pub fn kernel_text(&self) -> String {
        match (&self.host.release, &self.host.uname_error) {
            (Some(release), _) => format!(
                "  kernel {} {release} {}\n",
                self.host.sysname.as_deref().unwrap_or("?"),
                self.host.machine.as_deref().unwrap_or("?")
            ),
            (None, Some(err)) => format!("  uname failed: {err}\n"),
            (None, None) => String::new(),
        }
    }

    /// The findings block of [`Report::to_text_width`], empty without findings.
    pub fn findings_text(&self, width: usize) -> String {
        if self.findings.is_empty() {
            return String::new();
        }
        format!(
            "\nFindings ({} {}, this run):\n{}",
            self.build.libc,
            self.build.libc_version,
            findings::to_text(&self.findings, width)
        )
    }
}

/// Checks one a line (id, title, value; detail below), `width` columns. A
/// long list measured again unchanged is shown once.
pub fn checks_text<'a>(checks: impl Iterator<Item = &'a Check> + Clone, width: usize) -> String {
    let mut out = String::new();
    let title_width = checks
        .clone()
        .map(|c| c.title.len())
        .max()
        .unwrap_or(0)
        .min(60);
    let mut lists_shown: Vec<(&Vec<String>, &str)> = Vec::new();
    for c in checks {
        let value = match (&c.status, &c.observed) {
            (Status::Ok, Observed::List(items)) if items.len() >= LONG_LIST => {
                match lists_shown.iter().find(|(l, _)| *l == items) {
                    Some((_, first)) => format!("the same {} items as {first}", items.len()),
                    None => {
                        lists_shown.push((items, &c.title));
                        c.observed.to_string()
                    }
                }
            }
            (Status::Ok, _) => c.observed.to_string(),
            (other, _) => other.to_string(),
        };
        let first = format!("{:<4} {:<title_width$}  ", c.id, c.title);
        let cont = " ".repeat(title_width + 7);
        findings::push_hanging(&mut out, &first, &cont, &value, width.max(first.len() + 20));
        if !c.detail.is_empty() {
            let detail = format!("({})", c.detail);
            findings::push_hanging(&mut out, &cont, &cont, &detail, width.max(cont.len() + 20));
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportError {
    Json(String),
    Schema(String),
}

impl fmt::Display for ReportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReportError::Json(e) => write!(f, "not a muslab report: {e}"),
            ReportError::Schema(s) => {
                write!(
                    f,
                    "report schema {s:?} is not {SCHEMA:?}: rebuild the probes (make probes)"
                )
            }
        }
    }
}

impl std::error::Error for ReportError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Report {
        Report::new(
            "probe-test",
            BuildInfo {
                target: "x86_64-unknown-linux-musl".into(),
                libc: Libc::Musl,
                libc_version: "1.2.5".into(),
                libc_version_source: "test".into(),
                runtime_libc_version: None,
                linkage: Linkage::StaticPie,
                interpreter: None,
                pointer_width: 64,
                rustc: "rustc 1.95.0".into(),
            },
            HostInfo {
                sysname: Some("Linux".into()),
                release: Some("6.1.0".into()),
                machine: Some("x86_64".into()),
                uname_error: None,
            },
            vec![
                Check::new(Id::S2, "default", "default stack").ok(Observed::Bytes(131072), ""),
                Check::new(Id::S2, "crash", "crash").status(
                    Status::Crashed {
                        signal: 11,
                        name: "SIGSEGV".into(),
                    },
                    Observed::None,
                    "killed",
                ),
                Check::new(Id::Env, "resolv", "resolv.conf")
                    .ok(Observed::fields([("nameserver", "127.0.0.1")]), ""),
                Check::new(Id::S3, "lookup/seq/0", "getaddrinfo").ok(
                    Observed::Lookup(Lookup {
                        name: "a.test".into(),
                        error: Some(LookupError {
                            code: Eai::Other(-105),
                            message: "odd".into(),
                        }),
                        addresses: vec!["fd00::1".parse().unwrap(), [10, 0, 0, 1].into()],
                        canonname: Some("a.test".into()),
                        elapsed: std::time::Duration::from_micros(1234),
                    }),
                    "",
                ),
            ],
        )
    }

    #[test]
    fn json_round_trips() {
        let r = sample();
        assert_eq!(Report::from_json(&r.to_json()).unwrap(), r);
    }

    #[test]
    fn lookups_keep_addresses_and_microseconds_in_json() {
        let json = sample().to_json();
        assert!(json.contains("\"fd00::1\""), "{json}");
        assert!(json.contains("\"elapsed_us\": 1234"), "{json}");
        assert!(json.contains("\"EAI_OTHER\": -105"), "{json}");
    }

    #[test]
    fn other_schema_is_refused() {
        let text = sample().to_json().replace(SCHEMA, "muslab.report/0");
        assert_eq!(
            Report::from_json(&text),
            Err(ReportError::Schema("muslab.report/0".into()))
        );
    }

    #[test]
    fn an_unknown_catalogue_id_is_a_parse_error() {
        let text = sample().to_json().replace("\"S2\"", "\"D99\"");
        match Report::from_json(&text) {
            Err(ReportError::Json(e)) => {
                assert!(e.contains("\"D99\" is not a catalogue id"), "got {e}")
            }
            other => panic!("got {other:?}, want a JSON error naming D99"),
        }
    }

    #[test]
    fn ids_serialise_as_their_catalogue_strings() {
        let json = sample().to_json();
        for want in ["\"id\": \"S2\"", "\"id\": \"ENV\""] {
            assert!(json.contains(want), "got {json}, want {want}");
        }
    }

    #[test]
    fn bytes_are_shown_in_exact_units() {
        assert_eq!(format_bytes(131072), "128 KiB");
        assert_eq!(format_bytes(8 << 20), "8 MiB");
        assert_eq!(format_bytes(1000), "1000 B");
        assert_eq!(format_bytes(1536), "1.5 KiB");
    }

    #[test]
    fn text_shows_status_instead_of_value_when_not_ok() {
        let text = sample().to_text();
        assert!(text.contains("crashed (SIGSEGV)"), "{text}");
        assert!(text.contains("128 KiB"), "{text}");
    }
}
