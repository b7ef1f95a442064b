//! The C fixtures the matrix runs besides the probes: the seed's plain hello
//! (fixtures/hello.c), compiled at matrix time with the host's C compilers.
//! These are not probes: they print no report, so the matrix records only
//! whether they started and the exact words the user saw.

use std::path::{Path, PathBuf};
use std::process::Command;

use muslab_catalogue::Id;
use muslab_report::Libc;

use crate::environment::EnvironmentId;
use crate::runner::Scoped;
use crate::target::Target;

/// One way of building a fixture for a target.
#[derive(Debug, Clone)]
pub struct Recipe {
    /// Row name in the matrix ("hello", "hello-static").
    pub name: &'static str,
    pub compiler: &'static str,
    pub flags: Vec<&'static str>,
}

pub fn source_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

/// The catalogue rows the hello builds show: whether a dynamic program
/// starts where its loader is missing (S1) and whether a 32-bit one starts
/// in a sandbox that breaks the i386 ABI (S5).
pub const HELLO_AREAS: &[Id] = &[Id::S1, Id::S5];

/// The hello builds for a target: dynamic (what a user gets by default) and
/// static (fix (a) of S1). glibc uses gcc (`-m32` for i686, gcc-multilib)
/// and, for aarch64, clang with Debian's arm64 cross glibc; musl uses
/// musl-gcc, which Debian ships for x86_64 only.
pub fn hello_recipes(target: &Target) -> Vec<Recipe> {
    let (compiler, arch_flags): (&str, Vec<&str>) = match (target.arch.as_str(), target.libc) {
        ("x86_64", Libc::Glibc) => ("gcc", vec![]),
        ("i686", Libc::Glibc) => ("gcc", vec!["-m32"]),
        ("x86_64", Libc::Musl) => ("musl-gcc", vec![]),
        ("aarch64", Libc::Glibc) => ("clang", vec!["--target=aarch64-linux-gnu"]),
        _ => return Vec::new(),
    };
    let mut static_flags = arch_flags.clone();
    static_flags.push("-static");
    vec![
        Recipe {
            name: "hello",
            compiler,
            flags: arch_flags,
        },
        Recipe {
            name: "hello-static",
            compiler,
            flags: static_flags,
        },
    ]
}

/// Where a compiled fixture lives: beside the target's probes.
pub fn output_path(build_dir: &Path, target: &Target, name: &str) -> PathBuf {
    build_dir.join(&target.triple).join("fixtures").join(name)
}

/// Compiles `source` with `recipe` unless the output is newer than the source.
pub fn build(
    build_dir: &Path,
    target: &Target,
    recipe: &Recipe,
    source: &Path,
) -> Result<PathBuf, String> {
    let out = output_path(build_dir, target, recipe.name);
    let fresh = match (std::fs::metadata(&out), std::fs::metadata(source)) {
        (Ok(o), Ok(s)) => o.modified().ok() >= s.modified().ok(),
        (_, Err(e)) => return Err(format!("{}: {e}", source.display())),
        _ => false,
    };
    if fresh {
        return Ok(out);
    }
    let dir = out.parent().expect("has a parent");
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let result = Command::new(recipe.compiler)
        .args(&recipe.flags)
        .args(["-O2", "-o"])
        .arg(&out)
        .arg(source)
        .output()
        .map_err(|e| {
            format!(
                "cannot run {}: {e}; install it with scripts/setup (apt-get install -y gcc-multilib musl-tools clang)",
                recipe.compiler
            )
        })?;
    if !result.status.success() {
        let said = String::from_utf8_lossy(&result.stderr);
        return Err(format!(
            "{} {} failed: {}; install the toolchain with scripts/setup (apt-get install -y gcc-multilib musl-tools)",
            recipe.compiler,
            recipe.flags.join(" "),
            said.lines().next().unwrap_or("").trim()
        ));
    }
    Ok(out)
}

/// Builds every hello recipe for `targets`: (target, row name, binary).
pub fn build_hellos(
    build_dir: &Path,
    targets: &[Target],
) -> Result<Vec<(Target, String, PathBuf)>, String> {
    let source = source_dir().join("hello.c");
    let mut out = Vec::new();
    for t in targets {
        for r in hello_recipes(t) {
            out.push((
                t.clone(),
                r.name.to_owned(),
                build(build_dir, t, &r, &source)?,
            ));
        }
    }
    Ok(out)
}

/// The Debian suites whose i386 gcc builds the static hello for S5: glibc
/// ≤ 2.35 static start-up calls uname (`_dl_discover_osversion`) and aborts
/// with `FATAL: cannot determine kernel version` when uname fails and /proc
/// is hidden; 2.36 removed that check. bullseye ships 2.31, bookworm 2.36.
pub const S5_SUITES: [&str; 2] = ["bullseye", "bookworm"];

/// The catalogue row the Debian suites' static hellos show: glibc's
/// start-up kernel version check (S5).
pub const DEBIAN_HELLO_AREAS: &[Id] = &[Id::S5];

/// Row name of the static hello built in a Debian suite's root.
pub fn debian_hello_name(suite: &str) -> String {
    format!("hello-static-{suite}")
}

/// The static hello built with each [`S5_SUITES`] i386 root's own gcc, for
/// the i686 glibc target when it is among `targets`. The roots are built
/// (debootstrap) on first use under the build dir and reused afterwards.
pub fn build_debian_hellos(
    build_dir: &Path,
    targets: &[Target],
) -> Result<Vec<(Target, String, PathBuf)>, String> {
    let Some(target) = targets
        .iter()
        .find(|t| t.arch == "i686" && t.libc == Libc::Glibc)
    else {
        return Ok(Vec::new());
    };
    let source = source_dir().join("hello.c");
    let mut out = Vec::new();
    for suite in S5_SUITES {
        let root = crate::rootfs::debian::DebianRoot::with_gcc(suite, "i386").ensure(build_dir)?;
        let name = debian_hello_name(suite);
        let binary = output_path(build_dir, target, &name);
        if !newer_than_all(&binary, &[&source, &root.dir]) {
            crate::rootfs::debian::compile_in(&root.dir, &source, &["-static"], &binary)?;
        }
        out.push((target.clone(), name, binary));
    }
    Ok(out)
}

/// Whether `out` exists and is newer than each of `inputs`.
pub fn newer_than_all(out: &Path, inputs: &[&Path]) -> bool {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    match modified(out) {
        Some(o) => inputs.iter().all(|i| modified(i).is_some_and(|m| o >= m)),
        None => false,
    }
}

/// The Go hello's row name: `go-hello-cgo` or `go-hello-nocgo`.
pub fn go_hello_name(cgo: bool) -> &'static str {
    if cgo {
        "go-hello-cgo"
    } else {
        "go-hello-nocgo"
    }
}

/// The Go fixture (fixtures/go-hello) built with Debian's go: with cgo a
/// dynamically linked glibc program like the X-Ray daemon, with
/// CGO_ENABLED=0 a static one. Written beside the x86_64 glibc fixtures as
/// `go-hello-cgo` / `go-hello-nocgo`; go's caches live under the build dir
/// and nothing is fetched (GOPROXY=off).
pub fn build_go(build_dir: &Path, cgo: bool) -> Result<PathBuf, String> {
    let name = go_hello_name(cgo);
    let target = Target::new("x86_64-unknown-linux-gnu");
    let out = std::path::absolute(output_path(build_dir, &target, name))
        .map_err(|e| format!("{name}: {e}"))?;
    let package = source_dir().join("go-hello");
    let sources: Vec<PathBuf> = std::fs::read_dir(&package)
        .map_err(|e| format!("{}: {e}", package.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    if newer_than_all(
        &out,
        &sources.iter().map(PathBuf::as_path).collect::<Vec<_>>(),
    ) {
        return Ok(out);
    }
    let cache = std::path::absolute(build_dir.join("muslab").join("go"))
        .map_err(|e| format!("go cache: {e}"))?;
    let result = Command::new("go")
        .args(["build", "-o"])
        .arg(&out)
        .arg(".")
        .current_dir(&package)
        .env("CGO_ENABLED", if cgo { "1" } else { "0" })
        .env("GOCACHE", cache.join("cache"))
        .env("GOPATH", cache.join("path"))
        .env("GOPROXY", "off")
        .env("GOFLAGS", "-mod=mod")
        .env("GOTOOLCHAIN", "local")
        .output()
        .map_err(|e| {
            format!(
                "cannot run go: {e}; install it with scripts/setup (apt-get install -y golang-go)"
            )
        })?;
    if !result.status.success() {
        return Err(format!(
            "go build ({name}) failed: {}",
            String::from_utf8_lossy(&result.stderr).trim()
        ));
    }
    Ok(out)
}

/// The environments the Go hellos run in: where S1 shows (a glibc program in
/// a musl box, and the libc6-compat symlinks that let a cgo one start) and
/// this machine.
pub const GO_ENVIRONMENTS: [EnvironmentId; 3] = [
    EnvironmentId::Host,
    EnvironmentId::MuslRootfs,
    EnvironmentId::MuslLibc6Compat,
];

/// The rows the Go hellos observe.
pub const GO_AREAS: &[Id] = &[Id::S1];
/// The rows the musl version subjects observe: LFS64 names (D04) and
/// DT_RELR (D32) under each musl loader.
pub const MUSL_VERSION_AREAS: &[Id] = &[Id::D04, Id::D32];

/// The programs the matrix runs in some environments only, for `targets`:
/// with `go`, the Go hellos (x86_64 glibc target: the cgo build is a glibc
/// program) in [`GO_ENVIRONMENTS`]; with `musl_versions`, the musl version
/// subjects (x86_64 musl) under each musl version.
pub fn build_scoped(
    build_dir: &Path,
    targets: &[Target],
    go: bool,
    musl_versions: bool,
) -> Result<Vec<Scoped>, String> {
    let mut out = Vec::new();
    if let Some(gnu) = targets
        .iter()
        .find(|t| go && t.triple == "x86_64-unknown-linux-gnu")
    {
        for cgo in [true, false] {
            let path = build_go(build_dir, cgo)?;
            out.push(Scoped {
                target: gnu.clone(),
                name: go_hello_name(cgo).to_owned(),
                path,
                environments: GO_ENVIRONMENTS.to_vec(),
            });
        }
    }
    if let Some(musl) = targets
        .iter()
        .find(|t| musl_versions && t.triple == crate::version_subjects::TRIPLE)
    {
        let built = crate::version_subjects::build_musl(build_dir)?;
        let environments: Vec<EnvironmentId> = crate::environment::musl_version::SUITES
            .iter()
            .map(|(id, _)| *id)
            .collect();
        for (name, path) in built.programs {
            out.push(Scoped {
                target: musl.clone(),
                name: name.to_owned(),
                path,
                environments: environments.clone(),
            });
        }
    }
    Ok(out)
}
