//! Every probe binary muslab builds, listed once: the lab's CLI and matrix,
//! the probe CLI tests and README.md's probe table all read [`PROBES`]. Also
//! where `make probes` puts the built files, so that every crate's tests can
//! find them.

use std::path::{Path, PathBuf};

use crate::target::Target;
use muslab_catalogue::Id;

/// The Cargo package a probe binary belongs to. The light package links only
/// libc and serde_json; ICU's collation tables would add megabytes to every
/// probe, so the one probe that needs them has a package of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Package {
    Probes,
    ProbesIcu,
}

impl Package {
    pub const ALL: [Package; 2] = [Package::Probes, Package::ProbesIcu];

    /// The name `cargo build -p` takes.
    pub fn cargo_name(self) -> &'static str {
        match self {
            Package::Probes => "muslab-probes",
            Package::ProbesIcu => "muslab-probes-icu",
        }
    }
}

/// Which muslab command runs a probe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunBy {
    /// `muslab matrix`, with `--json` and no other argument, in every environment.
    Matrix,
    /// `muslab dns`, inside the DNS lab's fixture with a scenario's arguments:
    /// run anywhere else it would ask the machine's real resolver.
    DnsLab,
}

impl RunBy {
    pub fn command(self) -> &'static str {
        match self {
            RunBy::Matrix => "muslab matrix",
            RunBy::DnsLab => "muslab dns",
        }
    }
}

/// One probe binary.
#[derive(Debug, PartialEq, Eq)]
pub struct Probe {
    /// The binary's file name, also the `probe` field of its report.
    pub name: &'static str,
    pub package: Package,
    /// The catalogue ids its checks report (besides `ENV`, facts about the box).
    pub areas: &'static [Id],
    /// What it observes, in one line for the README's table.
    pub observes: &'static str,
    pub run_by: RunBy,
}

pub const ENV: Probe = Probe {
    name: "probe-env",
    package: Package::Probes,
    areas: &[Id::S5, Id::D23],
    observes: "what is this box: its own build (target, libc + version, linkage), kernel, 32-bit on 64-bit, loaders present, system libc, os-release, container hints, RLIMIT_STACK, CPU count with and without affinity, resolv.conf, locale environment",
    run_by: RunBy::Matrix,
};

pub const STACK: Probe = Probe {
    name: "probe-stack",
    package: Package::Probes,
    areas: &[Id::S2],
    observes: "default thread stacks, the crash table (64 KiB .. 1 MiB of locals, default attr vs `pthread_attr_setstacksize`), measured stack use",
    run_by: RunBy::Matrix,
};

pub const STACK_ZSTACK: Probe = Probe {
    name: "probe-stack-zstack",
    package: Package::Probes,
    areas: &[Id::S2],
    observes: "S2 fix 2: the same binary linked with `-z stack-size`",
    run_by: RunBy::Matrix,
};

pub const LOCALE: Probe = Probe {
    name: "probe-locale",
    package: Package::Probes,
    areas: &[Id::D10, Id::D11, Id::D12, Id::S4],
    observes: "setlocale, localeconv, strftime, strcoll/strxfrm orders, ctype and multibyte",
    run_by: RunBy::Matrix,
};

pub const ICONV: Probe = Probe {
    name: "probe-iconv",
    package: Package::Probes,
    areas: &[Id::D13],
    observes: "`//TRANSLIT`, unrepresentable characters, CJK encodings",
    run_by: RunBy::Matrix,
};

pub const LIBC: Probe = Probe {
    name: "probe-libc",
    package: Package::Probes,
    areas: &[Id::D14, Id::D15, Id::D16, Id::D17, Id::D18, Id::D19, Id::D20, Id::D21, Id::D22, Id::D24, Id::D26, Id::D28, Id::D29, Id::D30, Id::D31, Id::D33],
    observes: "C library API: printf/scanf edge cases, strptime, getopt, basename, strerror_r, strerror and gai_strerror texts, realloc(p, 0), qsort order, crypt, libm errno and ulps, GNU-only symbols, inet_ntop, strlcpy, `_SC_GETPW_R_SIZE_MAX`, stat of a 64-bit inode; each fix beside it",
    run_by: RunBy::Matrix,
};

pub const COLLATE_ICU: Probe = Probe {
    name: "probe-collate-icu",
    package: Package::ProbesIcu,
    areas: &[Id::S4],
    observes: "the S4 fix: the same words sorted with icu_collator",
    run_by: RunBy::Matrix,
};

pub const LOADER: Probe = Probe {
    name: "probe-loader",
    package: Package::Probes,
    areas: &[Id::D01, Id::D02, Id::D03, Id::D04, Id::D05, Id::D32, Id::D25],
    observes: "helper programs built for the probe's libc, run under its loader: dlclose, lazy binding, symbol versions, LFS64 names, IFUNC, DT_RELR, thread cancellation",
    run_by: RunBy::Matrix,
};

pub const DNS: Probe = Probe {
    name: "probe-dns",
    package: Package::Probes,
    areas: &[Id::D06, Id::D07, Id::D08, Id::D09, Id::D27, Id::S3],
    observes: "getaddrinfo as a scenario asks: names, hints, rounds, concurrency",
    run_by: RunBy::DnsLab,
};

/// Every probe, in the order the matrix shows them.
pub const PROBES: &[&Probe] = &[
    &ENV,
    &STACK,
    &STACK_ZSTACK,
    &LOCALE,
    &ICONV,
    &LIBC,
    &COLLATE_ICU,
    &LOADER,
    &DNS,
];

pub fn by_name(name: &str) -> Option<&'static Probe> {
    PROBES.iter().copied().find(|p| p.name == name)
}

/// The probes `muslab matrix` runs, in order.
pub fn matrix_probes() -> impl Iterator<Item = &'static Probe> {
    PROBES.iter().copied().filter(|p| p.run_by == RunBy::Matrix)
}

/// Cargo's target directory as the build used it: `CARGO_TARGET_DIR` if set,
/// else `target` under the workspace root.
pub fn default_build_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"),
    }
}

/// The file of one probe built for one target, checked to exist.
pub fn binary(build_dir: &Path, target: &Target, probe: &Probe) -> Result<PathBuf, String> {
    let path = target.probe_dir(build_dir).join(probe.name);
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!(
            "{} is missing: build the probes first with `make probes` (or cargo build --profile probe --target {} -p {})",
            path.display(),
            target.triple,
            probe.package.cargo_name()
        ))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn workspace_file(name: &str) -> String {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(name);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// The README's row for a probe.
    fn readme_row(p: &Probe) -> String {
        format!(
            "| `{}` | {} | `{}` | {} |",
            p.name,
            p.areas
                .iter()
                .map(|id| id.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            p.run_by.command(),
            p.observes
        )
    }

    #[test]
    fn names_are_unique_and_probe_prefixed() {
        let names: BTreeSet<&str> = PROBES.iter().map(|p| p.name).collect();
        assert_eq!(
            names.len(),
            PROBES.len(),
            "got duplicate names in {names:?}"
        );
        for p in PROBES {
            assert!(p.name.starts_with("probe-"), "got {}, want probe-*", p.name);
            assert_eq!(by_name(p.name), Some(*p));
        }
    }

    #[test]
    fn readme_probe_table_matches_the_registry() {
        let readme = workspace_file("README.md");
        let table: Vec<&str> = readme
            .lines()
            .filter(|l| l.starts_with("| `probe-"))
            .collect();
        let want: Vec<String> = PROBES.iter().map(|p| readme_row(p)).collect();
        let mut problems = Vec::new();
        for row in &want {
            if !table.contains(&row.as_str()) {
                problems.push(format!("add to README.md's probe table: {row}"));
            }
        }
        for row in &table {
            if !want.iter().any(|w| w == row) {
                problems.push(format!("remove from README.md's probe table: {row}"));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        assert_eq!(
            table,
            want.iter().map(String::as_str).collect::<Vec<_>>(),
            "README.md's probe rows: got this order, want the registry's"
        );
    }

    /// The binaries Cargo builds for each probe package, as `cargo metadata`
    /// reads the manifests: a new `[[bin]]` must be registered here.
    #[test]
    fn every_probe_binary_of_the_probe_packages_is_registered() {
        let out = std::process::Command::new(env!("CARGO"))
            .args([
                "metadata",
                "--no-deps",
                "--offline",
                "--format-version",
                "1",
            ])
            .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."))
            .output()
            .expect("cargo metadata runs");
        assert!(
            out.status.success(),
            "cargo metadata: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let meta: serde_json::Value = serde_json::from_slice(&out.stdout).expect("metadata JSON");
        for package in Package::ALL {
            let manifest = meta["packages"]
                .as_array()
                .and_then(|ps| ps.iter().find(|p| p["name"] == package.cargo_name()))
                .unwrap_or_else(|| panic!("no package {} in the workspace", package.cargo_name()));
            let got: BTreeSet<&str> = manifest["targets"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|t| {
                    t["kind"]
                        .as_array()
                        .is_some_and(|k| k.iter().any(|k| k == "bin"))
                })
                .filter_map(|t| t["name"].as_str())
                .collect();
            let want: BTreeSet<&str> = PROBES
                .iter()
                .filter(|p| p.package == package)
                .map(|p| p.name)
                .collect();
            assert_eq!(
                got,
                want,
                "{}: got these bins, want the registry's",
                package.cargo_name()
            );
        }
    }

    #[test]
    fn make_probes_builds_every_probe_package() {
        let makefile = workspace_file("Makefile");
        let line = makefile
            .lines()
            .find_map(|l| l.strip_prefix("PROBE_PACKAGES :="))
            .expect("the Makefile sets PROBE_PACKAGES");
        let got: BTreeSet<&str> = line.split_whitespace().collect();
        let want: BTreeSet<&str> = Package::ALL.iter().map(|p| p.cargo_name()).collect();
        assert_eq!(
            got, want,
            "Makefile PROBE_PACKAGES: got {got:?}, want {want:?}"
        );
    }
}
