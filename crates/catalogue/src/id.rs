//! Catalogue ids as a type. Serialised as the stable strings the reports have
//! always carried (`"S2"`, `"D06"`, `"ENV"`, `"RUN"`), so `muslab.report/1`
//! and `muslab-check/1` keep their shape; an unknown string is a parse error.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! ids {
    ($($variant:ident => $text:literal),* $(,)?) => {
        /// One row of the catalogue: a seed scenario (`S1`..`S5`), a
        /// difference (`D01`..`D34`), the facts about the box (`ENV`) or the
        /// lab's own "the probe started" row (`RUN`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Id {
            $($variant),*
        }

        impl Id {
            /// Every id, in catalogue order.
            pub const ALL: &'static [Id] = &[$(Id::$variant),*];

            /// The stable text form (`"D06"`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Id::$variant => $text),*
                }
            }
        }
    };
}

ids! {
    S1 => "S1", S2 => "S2", S3 => "S3", S4 => "S4", S5 => "S5",
    D01 => "D01", D02 => "D02", D03 => "D03", D04 => "D04", D05 => "D05",
    D06 => "D06", D07 => "D07", D08 => "D08", D09 => "D09", D10 => "D10",
    D11 => "D11", D12 => "D12", D13 => "D13", D14 => "D14", D15 => "D15",
    D16 => "D16", D17 => "D17", D18 => "D18", D19 => "D19", D20 => "D20",
    D21 => "D21", D22 => "D22", D23 => "D23", D24 => "D24", D25 => "D25",
    D26 => "D26", D27 => "D27", D28 => "D28", D29 => "D29", D30 => "D30",
    D31 => "D31", D32 => "D32", D33 => "D33", D34 => "D34",
    Env => "ENV", Run => "RUN",
}

impl Id {
    /// A seed scenario (`S1`..`S5`) rather than a single difference.
    pub fn is_seed(self) -> bool {
        self.as_str().starts_with('S')
    }
}

/// The text is not a catalogue id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownId(pub String);

impl fmt::Display for UnknownId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not a catalogue id (S1..S5, D01..D34, ENV, RUN; see docs/catalogue.md)",
            self.0
        )
    }
}

impl std::error::Error for UnknownId {}

impl FromStr for Id {
    type Err = UnknownId;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Id::ALL
            .iter()
            .copied()
            .find(|id| id.as_str() == s)
            .ok_or_else(|| UnknownId(s.to_owned()))
    }
}

/// Pads like a string, so `{:<4}` lines up ids in tables.
impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_round_trips_through_text_and_json() {
        for &id in Id::ALL {
            assert_eq!(id.as_str().parse::<Id>(), Ok(id), "text of {id:?}");
            let json = serde_json::to_string(&id).unwrap();
            assert_eq!(json, format!("\"{}\"", id.as_str()));
            let back: Id = serde_json::from_str(&json).unwrap();
            assert_eq!(back, id, "got {back:?} from {json}, want {id:?}");
        }
        assert_eq!(Id::ALL.len(), 5 + 34 + 2);
        assert_eq!(Id::Env.as_str(), "ENV");
        assert_eq!(format!("{:<4}|", Id::S2), "S2  |");
    }

    #[test]
    fn unknown_ids_are_refused() {
        for bad in ["D35", "d06", "D6", "", "env"] {
            assert_eq!(bad.parse::<Id>(), Err(UnknownId(bad.into())));
            let json = format!("\"{bad}\"");
            let err = serde_json::from_str::<Id>(&json).unwrap_err().to_string();
            assert!(err.contains("not a catalogue id"), "got {err}");
        }
    }
}
