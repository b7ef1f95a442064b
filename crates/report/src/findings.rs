//! Findings: what a report means, row by row. For every catalogue row a
//! report's checks touch, one verdict built from the catalogue's texts (the
//! claim for this libc, the fix) and this run's measurements (the values the
//! catalogue states a claim for, the crashes and failed lookups). Nothing
//! here knows a probe: a new row with value claims gets findings without code.

use std::fmt;

use muslab_catalogue::{Expected, Id, Libc};
use serde::{Deserialize, Serialize};

use crate::{Check, Observed, Report, Status};

/// The width findings are wrapped at when the terminal's is not known.
pub const WIDTH: usize = 100;
/// How many failures of one row are spelled out before the rest are counted.
const FAILURES_SHOWN: usize = 2;
/// How many plain measurements stand for a row with no claim and no failure.
const MEASUREMENTS_SHOWN: usize = 2;
/// Longer measured values are shortened in a finding (the report has them whole).
const VALUE_CHARS: usize = 72;

/// What the run says about one catalogue row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub id: Id,
    /// The catalogue's title of the row.
    pub title: String,
    pub verdict: Verdict,
    /// The libc of the run the evidence comes from.
    pub libc: Libc,
    /// What the catalogue's sources say this libc does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim: Option<String>,
    /// This run's measurements, never the catalogue's.
    pub evidence: Vec<Evidence>,
    /// The catalogue's best fix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<FixAdvice>,
}

/// The verdict of a finding, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// A measurement differs from a value the catalogue claims for this libc.
    Contradicts,
    /// The code under test crashed, hung or a lookup failed.
    Bites,
    /// The values the catalogue claims for this libc were measured.
    AsClaimed,
    /// Measured; the catalogue states no value for this libc to compare.
    Measured,
}

impl Verdict {
    pub fn phrase(self) -> &'static str {
        match self {
            Verdict::Contradicts => "measured otherwise than the catalogue claims",
            Verdict::Bites => "bites here",
            Verdict::AsClaimed => "behaves as the catalogue says",
            Verdict::Measured => "measured",
        }
    }
}

/// One measurement backing a finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// The check's case key within the row.
    pub case: String,
    /// The check's title: what was measured.
    pub what: String,
    /// The measured value, or the status when the observation failed.
    pub measured: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim: Option<ClaimCheck>,
    /// Further checks of the same kind (failures, or measurements) not spelled out.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub more: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// A catalogue value claim held against the measurement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimCheck {
    pub expected: String,
    pub holds: bool,
    pub source: String,
}

/// The catalogue's first fix for a row, with its first command.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FixAdvice {
    pub name: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
}

/// The findings of one report, in catalogue order. Rows that only describe
/// the box (`ENV`, `RUN`) and rows with nothing observed give none.
pub fn of_report(report: &Report) -> Vec<Finding> {
    let libc = report.build.libc;
    let mut ids: Vec<Id> = report
        .checks
        .iter()
        .map(|c| c.id)
        .filter(|id| !matches!(id, Id::Env | Id::Run))
        .collect();
    ids.sort();
    ids.dedup();
    ids.into_iter()
        .filter_map(|id| {
            let checks: Vec<&Check> = report.checks.iter().filter(|c| c.id == id).collect();
            of_row(id, libc, &checks)
        })
        .collect()
}

fn of_row(id: Id, libc: Libc, checks: &[&Check]) -> Option<Finding> {
    if checks
        .iter()
        .all(|c| matches!(c.status, Status::Unsupported { .. }))
    {
        return None;
    }
    let entry = id.entry();
    let mut evidence = Vec::new();
    for claim in entry.values.iter().filter(|v| v.libc == libc) {
        let Some(check) = checks.iter().find(|c| c.case == claim.case) else {
            continue;
        };
        let holds = check.status == Status::Ok && holds(&claim.expected, &check.observed);
        evidence.push(Evidence {
            claim: Some(ClaimCheck {
                expected: expected_text(&claim.expected),
                holds,
                source: claim.source.to_owned(),
            }),
            ..evidence_of(check)
        });
    }
    let failures: Vec<&&Check> = checks.iter().filter(|c| failed(c)).collect();
    let (shown, rest) = failures.split_at(FAILURES_SHOWN.min(failures.len()));
    for (i, check) in shown.iter().enumerate() {
        let mut e = evidence_of(check);
        if i + 1 == shown.len() {
            e.more = rest.len();
        }
        evidence.push(e);
    }
    let verdict = if evidence
        .iter()
        .any(|e| e.claim.as_ref().is_some_and(|c| !c.holds))
    {
        Verdict::Contradicts
    } else if !failures.is_empty() {
        Verdict::Bites
    } else if !evidence.is_empty() {
        Verdict::AsClaimed
    } else {
        Verdict::Measured
    };
    if evidence.is_empty() {
        let measured: Vec<&&Check> = checks
            .iter()
            .filter(|c| c.status == Status::Ok && c.observed != Observed::None)
            .collect();
        for check in measured.iter().take(MEASUREMENTS_SHOWN) {
            evidence.push(evidence_of(check));
        }
        if let Some(last) = evidence.last_mut() {
            last.more = measured.len().saturating_sub(MEASUREMENTS_SHOWN);
        }
    }
    Some(Finding {
        id,
        title: entry.title.to_owned(),
        verdict,
        libc,
        claim: entry
            .claims
            .iter()
            .find(|c| c.libc == libc)
            .map(|c| c.says.to_owned()),
        evidence,
        fix: entry.fixes.first().map(|f| FixAdvice {
            name: f.name.to_owned(),
            title: f.title.to_owned(),
            command: f.commands.first().map(|c| c.line.to_owned()),
        }),
    })
}

/// The code under test did not get through: a crash, a hang, an error, or a
/// name lookup that returned an error.
fn failed(check: &Check) -> bool {
    match &check.status {
        Status::Crashed { .. } | Status::TimedOut { .. } | Status::Error { .. } => true,
        Status::Unsupported { .. } => false,
        Status::Ok => match &check.observed {
            Observed::Lookup(l) => !l.ok(),
            Observed::Batch(b) => !b.errors().is_empty(),
            _ => false,
        },
    }
}

fn evidence_of(check: &Check) -> Evidence {
    let measured = match &check.status {
        Status::Ok => check.observed.to_string(),
        other => other.to_string(),
    };
    Evidence {
        case: check.case.clone(),
        what: check.title.clone(),
        measured: shorten(&measured),
        claim: None,
        more: 0,
    }
}

fn shorten(text: &str) -> String {
    match text.char_indices().nth(VALUE_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// Whether a measurement is the value a claim states. Sizes and durations
/// get the tolerance the matrix uses ([`Observed::same_behaviour`]).
pub fn holds(expected: &Expected, observed: &Observed) -> bool {
    match (expected, observed) {
        (Expected::Bytes(n), o) => o.same_behaviour(&Observed::Bytes(*n)),
        (Expected::Int(n), Observed::Int(m)) => n == m,
        (Expected::Text(t), Observed::Text(s)) => t == s,
        (Expected::ByteOrderedWords, Observed::List(words)) => {
            words.windows(2).all(|w| w[0].as_bytes() <= w[1].as_bytes())
        }
        _ => false,
    }
}

fn expected_text(expected: &Expected) -> String {
    match expected {
        Expected::Bytes(n) => crate::format_bytes(*n),
        Expected::Int(n) => n.to_string(),
        Expected::Text(t) => (*t).to_owned(),
        Expected::ByteOrderedWords => "the words in byte order".to_owned(),
    }
}

impl fmt::Display for Evidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.what, self.measured)?;
        match &self.claim {
            Some(c) if c.holds => f.write_str(" (as claimed)")?,
            Some(c) => write!(f, " (the catalogue claims {}: {})", c.expected, c.source)?,
            None => {}
        }
        match self.more {
            0 => Ok(()),
            n => write!(f, " (and {n} more checks of this row)"),
        }
    }
}

/// Findings as text, each wrapped to `width` columns.
pub fn to_text(findings: &[Finding], width: usize) -> String {
    let mut out = String::new();
    for finding in findings {
        out.push_str(&finding.to_text(width));
    }
    out
}

impl Finding {
    /// The finding as a few wrapped lines: verdict, claim, evidence, fix.
    pub fn to_text(&self, width: usize) -> String {
        let mut out = String::new();
        let head = format!("{} {}: {}", self.id, self.title, self.verdict.phrase());
        push_wrapped(&mut out, "", &head, width);
        if let Some(claim) = &self.claim {
            push_wrapped(
                &mut out,
                "     ",
                &format!("{} per the catalogue: {claim}", self.libc),
                width,
            );
        }
        for e in &self.evidence {
            push_wrapped(&mut out, "     ", &format!("measured: {e}"), width);
        }
        if let Some(fix) = &self.fix {
            let line = match &fix.command {
                Some(c) => format!("Fix: {}: {c}", fix.title),
                None => format!("Fix: {}", fix.title),
            };
            push_wrapped(&mut out, "     ", &line, width);
        }
        out
    }
}

/// Appends `text` as lines of at most `width` characters, breaking at spaces;
/// continuation lines get two more spaces than `indent`.
pub fn push_wrapped(out: &mut String, indent: &str, text: &str, width: usize) {
    push_hanging(out, indent, &format!("{indent}  "), text, width);
}

/// Appends `first` followed by `text`, broken at spaces into lines of at
/// most `width` characters (a longer word is split), the
/// continuation lines starting with `cont`.
pub fn push_hanging(out: &mut String, first: &str, cont: &str, text: &str, width: usize) {
    let mut line = String::from(first);
    let mut fresh = true;
    // A word longer than a whole line is split into line-long pieces.
    let room = width.saturating_sub(cont.chars().count()).max(16);
    let words = text.split(' ').flat_map(|word| {
        let chars: Vec<char> = word.chars().collect();
        match chars.len() {
            0 => vec![String::new()],
            _ => chars.chunks(room).map(|c| c.iter().collect()).collect(),
        }
    });
    for word in words {
        let len = line.chars().count();
        if !fresh && len + 1 + word.chars().count() > width {
            out.push_str(line.trim_end());
            out.push('\n');
            line = cont.to_owned();
            fresh = true;
        }
        if !fresh {
            line.push(' ');
        }
        line.push_str(&word);
        fresh = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
}

/// Where two reports (the host's and a container's, two builds) measured
/// one catalogue row differently, with what the catalogue says it breaks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Difference {
    pub id: Id,
    pub title: String,
    /// The checks measured in both reports with different behaviour.
    pub cases: Vec<CaseDifference>,
    /// How many checks of the row both reports measured.
    pub compared: usize,
    pub why: String,
    /// What users see when the row bites them (catalogue symptoms).
    pub symptoms: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<FixAdvice>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseDifference {
    pub case: String,
    pub what: String,
    /// The first report's value, the second's.
    pub values: [String; 2],
}

/// The rows where `a` and `b` measured a check differently (by
/// [`Observed::same_behaviour`], or a different status), in catalogue order.
/// Checks only one report has are not compared.
pub fn differences(a: &Report, b: &Report) -> Vec<Difference> {
    let mut out: Vec<Difference> = Vec::new();
    for ca in &a.checks {
        let Some(cb) = b.check(ca.id, &ca.case) else {
            continue;
        };
        let idx = match out.iter().position(|d| d.id == ca.id) {
            Some(i) => i,
            None => {
                let entry = ca.id.entry();
                out.push(Difference {
                    id: ca.id,
                    title: entry.title.to_owned(),
                    cases: Vec::new(),
                    compared: 0,
                    why: entry.why.to_owned(),
                    symptoms: entry.symptoms.iter().map(|s| (*s).to_owned()).collect(),
                    fix: entry.fixes.first().map(|f| FixAdvice {
                        name: f.name.to_owned(),
                        title: f.title.to_owned(),
                        command: f.commands.first().map(|c| c.line.to_owned()),
                    }),
                });
                out.len() - 1
            }
        };
        let d = &mut out[idx];
        d.compared += 1;
        let same = ca.status == cb.status
            && (ca.status != Status::Ok || ca.observed.same_behaviour(&cb.observed));
        if !same {
            d.cases.push(CaseDifference {
                case: ca.case.clone(),
                what: ca.title.clone(),
                values: [evidence_of(ca).measured, evidence_of(cb).measured],
            });
        }
    }
    out.retain(|d| !d.cases.is_empty());
    out.sort_by_key(|d| d.id);
    out
}

/// How many differing checks of one row are spelled out.
const CASES_SHOWN: usize = 4;

impl Difference {
    /// A few wrapped lines; `names` label the two reports.
    pub fn to_text(&self, names: [&str; 2], width: usize) -> String {
        let mut out = String::new();
        let head = format!(
            "{} {}: {} of {} checks differ",
            self.id,
            self.title,
            self.cases.len(),
            self.compared
        );
        push_wrapped(&mut out, "", &head, width);
        for c in self.cases.iter().take(CASES_SHOWN) {
            let line = format!(
                "{}: {} ({}) vs {} ({})",
                c.what, c.values[0], names[0], c.values[1], names[1]
            );
            push_wrapped(&mut out, "     ", &line, width);
        }
        if self.cases.len() > CASES_SHOWN {
            let more = format!("and {} more", self.cases.len() - CASES_SHOWN);
            push_wrapped(&mut out, "     ", &more, width);
        }
        if !self.symptoms.is_empty() {
            let line = format!("What it breaks: {}", self.symptoms.join("; "));
            push_wrapped(&mut out, "     ", &line, width);
        }
        if !self.why.is_empty() {
            push_wrapped(&mut out, "     ", &format!("Why: {}", self.why), width);
        }
        if let Some(fix) = &self.fix {
            let line = match &fix.command {
                Some(c) => format!("Fix: {}: {c}", fix.title),
                None => format!("Fix: {}", fix.title),
            };
            push_wrapped(&mut out, "     ", &line, width);
        }
        out
    }
}
