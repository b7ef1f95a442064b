//! Builds probe-loader's helper programs and libraries (`fixtures/loader/`)
//! with the C compiler of the target's libc, and writes
//! `$OUT_DIR/loader_fixtures.rs`, which embeds each built file with
//! `include_bytes!` so the probe stays one file to drop into a box. A step
//! that cannot be built (no compiler for the libc, a linker option the
//! binutils lack) is listed with the reason instead; the probe reports it.

use std::env;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One compiler invocation. `{S}` is the source directory, `{O}` the output
/// directory; `out` is the file it makes, embedded when `embed`.
struct Step {
    out: &'static str,
    cxx: bool,
    args: &'static [&'static str],
    embed: bool,
}

const fn step(out: &'static str, args: &'static [&'static str]) -> Step {
    Step {
        out,
        cxx: false,
        args,
        embed: true,
    }
}

const fn link_only(out: &'static str, args: &'static [&'static str]) -> Step {
    Step {
        out,
        cxx: false,
        args,
        embed: false,
    }
}

const STEPS: &[Step] = &[
    step("driver", &["-o", "{O}/driver", "{S}/driver.c", "-ldl"]),
    step(
        "libctor.so",
        &["-shared", "-fPIC", "-o", "{O}/libctor.so", "{S}/libctor.c"],
    ),
    step(
        "libneed.so",
        &["-shared", "-fPIC", "-o", "{O}/libneed.so", "{S}/libneed.c"],
    ),
    step(
        "libprovider.so",
        &[
            "-shared",
            "-fPIC",
            "-o",
            "{O}/libprovider.so",
            "{S}/libprovider.c",
        ],
    ),
    link_only(
        "libdep-full.so",
        &[
            "-shared",
            "-fPIC",
            "-Wl,-soname,libdep.so",
            "-o",
            "{O}/libdep-full.so",
            "{S}/libdep.c",
        ],
    ),
    step(
        "libdep.so",
        &[
            "-shared",
            "-fPIC",
            "-Wl,-soname,libdep.so",
            "-DMUSLAB_DEP_OLD",
            "-o",
            "{O}/libdep.so",
            "{S}/libdep.c",
        ],
    ),
    step(
        "missing-exe",
        &[
            "-o",
            "{O}/missing-exe",
            "{S}/missing-exe.c",
            "{O}/libdep-full.so",
        ],
    ),
    step(
        "libver.so",
        &[
            "-shared",
            "-fPIC",
            "-Wl,--version-script={S}/libver.map",
            "-Wl,-soname,libver.so",
            "-o",
            "{O}/libver.so",
            "{S}/libver.c",
        ],
    ),
    link_only(
        "libver-old.so",
        &[
            "-shared",
            "-fPIC",
            "-DMUSLAB_VER_OLD",
            "-Wl,--version-script={S}/libver-old.map",
            "-Wl,-soname,libver.so",
            "-o",
            "{O}/libver-old.so",
            "{S}/libver.c",
        ],
    ),
    step(
        "ver-app",
        &["-o", "{O}/ver-app", "{S}/ver-app.c", "{O}/libver-old.so"],
    ),
    link_only(
        "liblfs64-link.so",
        &[
            "-shared",
            "-fPIC",
            "-Wl,-soname,liblfs64.so",
            "-o",
            "{O}/liblfs64-link.so",
            "{S}/lfs64-stub.c",
        ],
    ),
    step(
        "liblfs64.so",
        &[
            "-shared",
            "-fPIC",
            "-Wl,-soname,liblfs64.so",
            "-DMUSLAB_STUB_EMPTY",
            "-o",
            "{O}/liblfs64.so",
            "{S}/lfs64-stub.c",
        ],
    ),
    step(
        "open64-app",
        &[
            "-DMUSLAB_LFS64_CALL=1",
            "-o",
            "{O}/open64-app",
            "{S}/lfs64-app.c",
            "{O}/liblfs64-link.so",
        ],
    ),
    step(
        "fcntl64-app",
        &[
            "-DMUSLAB_LFS64_CALL=2",
            "-o",
            "{O}/fcntl64-app",
            "{S}/lfs64-app.c",
            "{O}/liblfs64-link.so",
        ],
    ),
    step(
        "libifunc.so",
        &["-shared", "-fPIC", "-o", "{O}/libifunc.so", "{S}/ifunc.c"],
    ),
    step(
        "ifunc-pie",
        &[
            "-DMUSLAB_IFUNC_MAIN",
            "-fPIE",
            "-pie",
            "-o",
            "{O}/ifunc-pie",
            "{S}/ifunc.c",
        ],
    ),
    step(
        "ifunc-static",
        &[
            "-DMUSLAB_IFUNC_MAIN",
            "-static",
            "-o",
            "{O}/ifunc-static",
            "{S}/ifunc.c",
        ],
    ),
    step(
        "librelr.so",
        &[
            "-shared",
            "-fPIC",
            "-Wl,-z,pack-relative-relocs",
            "-o",
            "{O}/librelr.so",
            "{S}/librelr.c",
        ],
    ),
    step(
        "cancel-c",
        &[
            "-pthread",
            "{EXCEPTIONS}",
            "-o",
            "{O}/cancel-c",
            "{S}/cancel.c",
        ],
    ),
    Step {
        out: "cancel-cxx",
        cxx: true,
        args: &["-pthread", "-o", "{O}/cancel-cxx", "{S}/cancel.cc"],
        embed: true,
    },
];

/// The C and C++ compilers for the target, or why there is none.
struct Compilers {
    c: Result<Vec<String>, String>,
    cxx: Result<Vec<String>, String>,
    /// Flags that make `__attribute__((cleanup))` run during an unwind.
    exceptions: Option<&'static str>,
}

fn compilers(target: &str, target_env: &str) -> Compilers {
    let from_cc = |cpp: bool| {
        let c = cc::Build::new()
            .cargo_metadata(false)
            .cpp(cpp)
            .get_compiler();
        // cc's own flags (-O0 -g -ffunction-sections ...) are for Rust's
        // objects; the fixtures keep only what selects the target (-m32).
        let mut argv = vec![c.path().display().to_string()];
        argv.extend(
            c.args()
                .iter()
                .map(|a| a.to_string_lossy().into_owned())
                .filter(|a| a.starts_with("-m") && !a.starts_with("-mno-")),
        );
        argv
    };
    match target_env {
        "gnu" => Compilers { c: Ok(from_cc(false)), cxx: Ok(from_cc(true)), exceptions: Some("-fexceptions") },
        "musl" if target.starts_with("x86_64-") => Compilers {
            c: Ok(vec!["musl-gcc".into()]),
            cxx: Err("no musl C++ compiler on the build machine (musl-gcc is C only)".into()),
            // Debian's libgcc_eh.a calls glibc's _dl_find_object, so nothing
            // that needs the unwinder links with musl-gcc.
            exceptions: None,
        },
        "musl" => Compilers {
            c: Err(format!("no C compiler for {target} on the build machine (Debian's musl-gcc is x86_64 only)")),
            cxx: Err(format!("no C++ compiler for {target} on the build machine")),
            exceptions: None,
        },
        other => Compilers {
            c: Err(format!("no fixtures for target_env {other:?}")),
            cxx: Err(format!("no fixtures for target_env {other:?}")),
            exceptions: None,
        },
    }
}

pub fn build(target: &str, target_env: &str) {
    let src = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("fixtures/loader");
    let out =
        PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("loader-fixtures");
    println!("cargo:rerun-if-changed={}", src.display());
    let _ = std::fs::create_dir_all(&out);
    let compilers = compilers(target, target_env);

    let mut built = String::new();
    let mut failed = String::new();
    for s in STEPS {
        let compiler = if s.cxx { &compilers.cxx } else { &compilers.c };
        let result = compiler
            .clone()
            .and_then(|argv| run_step(&argv, s, &src, &out, compilers.exceptions));
        if !s.embed {
            if let Err(e) = result {
                let _ = writeln!(failed, "    ({:?}, {:?}),", s.out, e);
            }
            continue;
        }
        match result {
            Ok(command) => {
                let _ = writeln!(
                    built,
                    "    Fixture {{ name: {:?}, command: {:?}, bytes: include_bytes!({:?}) }},",
                    s.out,
                    command,
                    out.join(s.out).display().to_string()
                );
            }
            Err(e) => {
                let _ = writeln!(failed, "    ({:?}, {:?}),", s.out, e);
            }
        }
    }
    let c_name = match &compilers.c {
        Ok(argv) => argv.join(" "),
        Err(e) => e.clone(),
    };
    let text = format!(
        "/// The C compiler the fixtures were built with, or why none.\npub static COMPILER: &str = {c_name:?};\n/// The fixtures built for this target.\npub static BUILT: &[Fixture] = &[\n{built}];\n/// The fixtures that could not be built, with the reason.\npub static NOT_BUILT: &[(&str, &str)] = &[\n{failed}];\n"
    );
    std::fs::write(out.join("../loader_fixtures.rs"), text).expect("OUT_DIR is writable");
}

/// Runs one step; on success returns the command as a reader would type it
/// (paths relative to fixtures/loader and the output directory).
fn run_step(
    argv: &[String],
    s: &Step,
    src: &Path,
    out: &Path,
    exceptions: Option<&str>,
) -> Result<String, String> {
    let expand = |a: &str| -> Option<(String, String)> {
        if a == "{EXCEPTIONS}" {
            return exceptions.map(|e| (e.to_owned(), e.to_owned()));
        }
        let real = a
            .replace("{S}", &src.display().to_string())
            .replace("{O}", &out.display().to_string());
        let shown = a.replace("{S}/", "").replace("{O}/", "");
        Some((real, shown))
    };
    let args: Vec<(String, String)> = s.args.iter().filter_map(|a| expand(a)).collect();
    let mut cmd = Command::new(&argv[0]);
    cmd.args(&argv[1..])
        .args(args.iter().map(|(real, _)| real))
        .arg("-s");
    let output = cmd.output().map_err(|e| format!("{}: {e}", argv[0]))?;
    let shown = std::iter::once(argv.join(" "))
        .chain(args.iter().map(|(_, shown)| shown.clone()))
        .collect::<Vec<_>>()
        .join(" ");
    if output.status.success() {
        Ok(shown)
    } else {
        let err = String::from_utf8_lossy(&output.stderr);
        let first = err
            .lines()
            .find(|l| l.contains("error"))
            .or_else(|| err.lines().next())
            .unwrap_or("failed");
        println!("cargo:warning=loader fixture {}: {first}", s.out);
        Err(format!("`{shown}` failed: {}", first.trim()))
    }
}
