//! Where one of check's verdicts holds: one of the named environments, or
//! the `glibc-X.Y` model (one per `--glibc`, the version in its name). In
//! JSON and text it is the name users type (`musl-rootfs`, `glibc-2.28`).

use std::fmt;

use serde::Serialize;

use crate::environment_id::EnvironmentId;
use crate::floors::DottedVersion;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(into = "String")]
pub enum VerdictEnv {
    Env(EnvironmentId),
    /// Any glibc distribution with this glibc (`glibc-2.28`).
    Glibc(DottedVersion),
}

impl VerdictEnv {
    /// Whether this is the `glibc-X.Y` model of any version.
    pub fn is_glibc_model(&self) -> bool {
        matches!(self, Self::Glibc(_))
    }
}

impl From<EnvironmentId> for VerdictEnv {
    fn from(e: EnvironmentId) -> Self {
        Self::Env(e)
    }
}

impl PartialEq<EnvironmentId> for VerdictEnv {
    fn eq(&self, other: &EnvironmentId) -> bool {
        *self == Self::Env(*other)
    }
}

impl fmt::Display for VerdictEnv {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `pad`, so tables can align it with `{:<19}`.
        match self {
            Self::Env(e) => f.pad(e.name()),
            Self::Glibc(v) => f.pad(&format!("glibc-{v}")),
        }
    }
}

impl From<VerdictEnv> for String {
    fn from(e: VerdictEnv) -> String {
        e.to_string()
    }
}

impl std::str::FromStr for VerdictEnv {
    type Err = String;
    /// `glibc-X.Y` or an environment's name.
    fn from_str(s: &str) -> Result<Self, String> {
        if let Some(v) = s.strip_prefix("glibc-") {
            return DottedVersion::parse(v)
                .map(Self::Glibc)
                .ok_or_else(|| format!("'{s}': '{v}' is not a glibc version like 2.28"));
        }
        s.parse().map(Self::Env)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_environment_names_and_glibc_x_y() {
        for (env, name) in [
            (VerdictEnv::Env(EnvironmentId::MuslRootfs), "musl-rootfs"),
            (VerdictEnv::Glibc(DottedVersion(vec![2, 28])), "glibc-2.28"),
        ] {
            assert_eq!(env.to_string(), name);
            assert_eq!(format!("{env:<12}|"), format!("{name:<12}|"));
            assert_eq!(name.parse::<VerdictEnv>(), Ok(env.clone()), "got {name}");
            assert_eq!(serde_json::to_string(&env).unwrap(), format!("\"{name}\""));
        }
        let e = "glibc-new".parse::<VerdictEnv>().unwrap_err();
        assert!(e.contains("not a glibc version"), "got {e}");
    }
}
