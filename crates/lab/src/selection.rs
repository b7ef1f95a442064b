//! `muslab matrix --id S2`: which probes and fixtures a set of catalogue rows
//! needs. The probe registry (`areas` of each probe) and the fixtures'
//! `*_AREAS` say which rows each subject observes; nothing else is run.

use muslab_catalogue::Id;
use muslab_report::probes::{self, Probe, RunBy};

use crate::fixtures;

/// What a matrix run executes.
#[derive(Debug, PartialEq, Eq)]
pub struct Subjects {
    pub probes: Vec<&'static Probe>,
    /// The hello builds of [`fixtures::hello_recipes`].
    pub hellos: bool,
    /// The static hellos built in the Debian suites' roots.
    pub debian_hellos: bool,
    /// The Go hellos (cgo and CGO_ENABLED=0).
    pub go: bool,
    /// The musl-gcc programs run under each Debian musl loader.
    pub musl_versions: bool,
}

/// The catalogue rows `--id` accepts: the seeds and the differences
/// (not `ENV`/`RUN`, which every probe reports).
pub fn catalogue_rows() -> impl Iterator<Item = Id> {
    Id::ALL
        .iter()
        .copied()
        .filter(|id| !matches!(id, Id::Env | Id::Run))
}

/// Parses one `--id` value; an unknown one is an error listing the valid ids.
pub fn parse_id(text: &str) -> Result<Id, String> {
    let upper = text.trim().to_ascii_uppercase();
    catalogue_rows()
        .find(|id| id.as_str() == upper)
        .ok_or_else(|| {
            let valid: Vec<&str> = catalogue_rows().map(Id::as_str).collect();
            format!(
                "--id {text:?} is not a catalogue row; valid ids: {}",
                valid.join(" ")
            )
        })
}

/// The subjects a run needs. With `ids` empty: every matrix probe (or
/// `chosen`) and, unless `no_fixtures`, every fixture. With `ids`: only the
/// probes and fixtures observing one of them, narrowed to `chosen` when
/// given; an id no matrix subject observes is an error that says so and
/// where it is measured instead, if anywhere.
pub fn subjects(
    ids: &[Id],
    chosen: &[&'static Probe],
    no_fixtures: bool,
) -> Result<Subjects, String> {
    let observes = |areas: &[Id]| ids.is_empty() || ids.iter().any(|id| areas.contains(id));
    let candidates: Vec<&'static Probe> = if chosen.is_empty() {
        probes::matrix_probes().collect()
    } else {
        chosen.to_vec()
    };
    let selected = Subjects {
        probes: candidates
            .iter()
            .copied()
            .filter(|p| observes(p.areas))
            .collect(),
        hellos: !no_fixtures && observes(fixtures::HELLO_AREAS),
        debian_hellos: !no_fixtures && observes(fixtures::DEBIAN_HELLO_AREAS),
        go: !no_fixtures && observes(fixtures::GO_AREAS),
        musl_versions: !no_fixtures && observes(fixtures::MUSL_VERSION_AREAS),
    };
    for &id in ids {
        let by_probe = probes::matrix_probes().any(|p| p.areas.contains(&id));
        let by_fixture = [
            fixtures::HELLO_AREAS,
            fixtures::DEBIAN_HELLO_AREAS,
            fixtures::GO_AREAS,
            fixtures::MUSL_VERSION_AREAS,
        ]
        .iter()
        .any(|areas| areas.contains(&id));
        if !by_probe && !by_fixture {
            return Err(unobserved(id));
        }
    }
    if selected.probes.is_empty()
        && !selected.hellos
        && !selected.debian_hellos
        && !selected.go
        && !selected.musl_versions
    {
        let wanted: Vec<&str> = ids.iter().map(|id| id.as_str()).collect();
        let observers: Vec<&str> = probes::matrix_probes()
            .filter(|p| ids.iter().any(|id| p.areas.contains(id)))
            .map(|p| p.name)
            .collect();
        let chosen: Vec<&str> = chosen.iter().map(|p| p.name).collect();
        let wanted = wanted.join(", ");
        return Err(match (chosen.is_empty(), observers.is_empty()) {
            (false, false) => format!(
                "--probe {} observes none of {wanted}; {} do",
                chosen.join(" --probe "),
                observers.join(", ")
            ),
            _ => format!(
                "only the hello fixtures observe {wanted}: drop --no-fixtures{}",
                if chosen.is_empty() {
                    ""
                } else {
                    " and --probe"
                }
            ),
        });
    }
    Ok(selected)
}

/// One line for an id no matrix subject observes.
fn unobserved(id: Id) -> String {
    let elsewhere: Vec<&Probe> = probes::PROBES
        .iter()
        .copied()
        .filter(|p| p.run_by != RunBy::Matrix && p.areas.contains(&id))
        .collect();
    match elsewhere.first() {
        Some(p) => format!(
            "{id} ({}) is measured by {} under `{}`, not by the matrix",
            id.title(),
            p.name,
            p.run_by.command()
        ),
        None => format!(
            "{id} ({}): no probe or fixture observes it yet (see `muslab catalogue`)",
            id.title()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use muslab_report::probes::{ENV, LOCALE, STACK, STACK_ZSTACK};

    #[test]
    fn s2_needs_the_stack_probes_and_no_fixture() {
        let got = subjects(&[Id::S2], &[], false).unwrap();
        assert_eq!(
            got,
            Subjects {
                probes: vec![&STACK, &STACK_ZSTACK],
                hellos: false,
                debian_hellos: false,
                go: false,
                musl_versions: false,
            }
        );
    }

    #[test]
    fn s5_needs_probe_env_and_both_hello_sets_unless_fixtures_are_off() {
        let got = subjects(&[Id::S5], &[], false).unwrap();
        assert_eq!(
            (got.probes, got.hellos, got.debian_hellos),
            (vec![&ENV], true, true)
        );
        let got = subjects(&[Id::S1], &[], true);
        assert!(
            got.as_ref()
                .is_err_and(|e| e == "only the hello fixtures observe S1: drop --no-fixtures"),
            "got {got:?}, want an error naming --no-fixtures"
        );
    }

    #[test]
    fn probe_narrows_the_ids_selection_and_a_mismatch_is_an_error() {
        let got = subjects(&[Id::S2], &[&STACK], false).unwrap();
        assert_eq!(got.probes, vec![&STACK]);
        let err = subjects(&[Id::S2], &[&LOCALE], false).unwrap_err();
        assert_eq!(
            err,
            "--probe probe-locale observes none of S2; probe-stack, probe-stack-zstack do"
        );
    }

    #[test]
    fn unknown_and_unobserved_ids_are_one_line_each() {
        let err = parse_id("D99").unwrap_err();
        assert!(
            err.starts_with("--id \"D99\" is not a catalogue row; valid ids: S1 S2")
                && err.ends_with("D34")
                && !err.contains('\n'),
            "got {err}"
        );
        assert_eq!(parse_id("d21"), Ok(Id::D21));
        assert!(parse_id("ENV").is_err(), "ENV is not a catalogue row");
        let err = subjects(&[Id::D07], &[], false).unwrap_err();
        assert!(
            err.starts_with("D07 (")
                && err.ends_with("is measured by probe-dns under `muslab dns`, not by the matrix"),
            "got {err}"
        );
    }
}
