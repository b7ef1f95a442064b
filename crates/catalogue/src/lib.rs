//! The catalogue of differences between glibc and musl (and between their
//! versions, kernels and container engines) that muslab observes: one typed
//! [`Id`] per row and one registry of [`Entry`] values holding what the
//! sources claim, why the libcs differ, the fixes, the symptoms users see,
//! and the symbols that expose an ELF file to the row. `docs/catalogue.md`
//! is generated from it (`muslab catalogue`).
//!
//! Claims are what sources say, to be verified: the lab shows measurements
//! and flags a measurement that contradicts a [`ValueClaim`], never the other
//! way round.

mod id;
mod markdown;
mod model;
pub mod rows;

pub use id::{Id, UnknownId};
pub use markdown::to_markdown;
pub use model::{
    Applies, Area, Claim, Command, Entry, Expected, ExposedBy, Fix, Libc, Source, ValueClaim,
};

use rows::{api, environment, loader, locale, resolver, seeds};

/// Every entry, in the order of the documentation. Adding a row: an [`Id`]
/// variant, one constant in `rows/`, one line here.
pub const ENTRIES: &[&Entry] = &[
    &seeds::S1,
    &seeds::S2,
    &seeds::S3,
    &seeds::S4,
    &seeds::S5,
    &loader::D01,
    &loader::D02,
    &loader::D03,
    &loader::D04,
    &loader::D05,
    &loader::D32,
    &resolver::D06,
    &resolver::D07,
    &resolver::D08,
    &resolver::D09,
    &resolver::D27,
    &resolver::D31,
    &locale::D10,
    &locale::D11,
    &locale::D12,
    &locale::D13,
    &api::D14,
    &api::D15,
    &api::D16,
    &api::D17,
    &api::D18,
    &api::D19,
    &api::D20,
    &api::D21,
    &api::D22,
    &api::D23,
    &api::D24,
    &api::D25,
    &api::D26,
    &api::D28,
    &api::D29,
    &api::D30,
    &api::D33,
    &environment::D34,
    &seeds::ENV,
    &seeds::RUN,
];

impl Id {
    /// This id's entry; every id has exactly one (a test checks it).
    pub fn entry(self) -> &'static Entry {
        ENTRIES
            .iter()
            .copied()
            .find(|e| e.id == self)
            .unwrap_or(&seeds::ENV)
    }

    pub fn title(self) -> &'static str {
        self.entry().title
    }
}

impl Entry {
    /// The fixes as one line of titles, best first, for tables.
    pub fn fix_summary(&self) -> String {
        if self.fixes.is_empty() {
            return "-".to_owned();
        }
        self.fixes
            .iter()
            .map(|f| f.title)
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// The fix called `name` in this entry.
    pub fn fix(&self, name: &str) -> Option<&'static Fix> {
        self.fixes.iter().find(|f| f.name == name)
    }
}

/// Every value claim with its row.
pub fn value_claims() -> impl Iterator<Item = (Id, &'static ValueClaim)> {
    ENTRIES
        .iter()
        .flat_map(|e| e.values.iter().map(move |v| (e.id, v)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_has_exactly_one_entry() {
        for &id in Id::ALL {
            let n = ENTRIES.iter().filter(|e| e.id == id).count();
            assert_eq!(n, 1, "{id}: got {n} entries, want 1");
            assert_eq!(id.entry().id, id);
        }
        assert_eq!(ENTRIES.len(), Id::ALL.len());
    }

    #[test]
    fn every_row_is_observed() {
        let not_yet: Vec<Id> = ENTRIES
            .iter()
            .filter(|e| !e.observed)
            .map(|e| e.id)
            .collect();
        assert_eq!(
            not_yet,
            Vec::<Id>::new(),
            "got rows not observed {not_yet:?}, want none"
        );
    }

    #[test]
    fn every_difference_row_has_claims_why_and_a_fix() {
        for e in ENTRIES.iter().filter(|e| e.area != Area::Lab) {
            assert!(!e.claims.is_empty(), "{}: no claims", e.id);
            assert!(!e.why.is_empty(), "{}: no why", e.id);
            assert!(!e.fixes.is_empty(), "{}: no fix", e.id);
        }
    }

    #[test]
    fn fix_names_are_unique_per_row_and_value_claims_are_all_there() {
        for e in ENTRIES {
            for f in e.fixes {
                let n = e.fixes.iter().filter(|g| g.name == f.name).count();
                assert_eq!(n, 1, "{}: fix {} appears {n} times", e.id, f.name);
            }
        }
        assert_eq!(value_claims().count(), 110);
        assert!(value_claims().all(|(id, _)| id.entry().observed));
    }
}
