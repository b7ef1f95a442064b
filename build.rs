//! Embeds into every probe what it was built as: the target triple, the libc it
//! links and that libc's version as found on this machine at build time, and
//! the rustc version. Nothing here is typed in by hand.

#![forbid(unsafe_code)]

#[path = "build-support/loader_fixtures.rs"]
mod loader_fixtures;

use std::env;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The stack size the `probe-stack-zstack` binary asks for in PT_GNU_STACK.
const ZSTACK_SIZE: u64 = 1 << 20;

fn main() {
    let target = env::var("TARGET").expect("cargo sets TARGET");
    let target_env = env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    let rustc = env::var("RUSTC").unwrap_or_else(|_| "rustc".into());

    let (libc, version, source) = match target_env.as_str() {
        "musl" => {
            let (v, s) = musl_version(&rustc, &target);
            ("musl", v, s)
        }
        "gnu" => {
            let (v, s) = glibc_header_version();
            ("glibc", v, s)
        }
        other => (
            "other",
            "unknown".to_owned(),
            format!("target_env {other:?}"),
        ),
    };

    loader_fixtures::build(&target, &target_env);

    println!("cargo:rustc-env=MUSLAB_TARGET={target}");
    println!("cargo:rustc-env=MUSLAB_LIBC={libc}");
    println!("cargo:rustc-env=MUSLAB_LIBC_VERSION={version}");
    println!("cargo:rustc-env=MUSLAB_LIBC_VERSION_SOURCE={source}");
    println!("cargo:rustc-env=MUSLAB_RUSTC={}", rustc_version(&rustc));
    println!("cargo:rustc-link-arg-bin=probe-stack-zstack=-Wl,-z,stack-size={ZSTACK_SIZE}");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=RUSTC");
}

fn rustc_version(rustc: &str) -> String {
    Command::new(rustc)
        .arg("-V")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_owned())
        .unwrap_or_else(|| "unknown".into())
}

/// Rust's musl targets link a musl bundled in the toolchain
/// (`lib/rustlib/<target>/lib/self-contained/libc.a`); its `version.lo` member
/// defines `__libc_version`, the string musl's own loader prints.
fn musl_version(rustc: &str, target: &str) -> (String, String) {
    let sysroot = Command::new(rustc)
        .args(["--print", "sysroot"])
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| PathBuf::from(s.trim()));
    let Some(sysroot) = sysroot else {
        return ("unknown".into(), "rustc --print sysroot failed".into());
    };
    let archive = sysroot
        .join("lib/rustlib")
        .join(target)
        .join("lib/self-contained/libc.a");
    println!("cargo:rerun-if-changed={}", archive.display());
    match read_libc_version_symbol(&archive) {
        Ok(v) => (v, format!("__libc_version in {}", archive.display())),
        Err(e) => ("unknown".into(), e),
    }
}

fn read_libc_version_symbol(archive: &Path) -> Result<String, String> {
    use object::read::archive::ArchiveFile;
    use object::{Object, ObjectSection, ObjectSymbol};

    let data = std::fs::read(archive).map_err(|e| format!("{}: {e}", archive.display()))?;
    let ar = ArchiveFile::parse(&*data).map_err(|e| format!("{}: {e}", archive.display()))?;
    for member in ar.members() {
        let member = member.map_err(|e| e.to_string())?;
        if member.name() != b"version.lo" && member.name() != b"version.o" {
            continue;
        }
        let bytes = member.data(&*data).map_err(|e| e.to_string())?;
        // Archive members are not aligned; the ELF reader wants 8-byte alignment.
        let mut aligned = vec![0u64; bytes.len().div_ceil(8)];
        // object parses only 8-byte-aligned data; a u64 buffer seen as bytes
        // (object's Pod cast, no unsafe) is.
        let view = &mut object::pod::bytes_of_slice_mut(&mut aligned)[..bytes.len()];
        view.copy_from_slice(bytes);
        let obj = object::File::parse(&*view).map_err(|e| e.to_string())?;
        let sym = obj
            .symbols()
            .find(|s| s.name() == Ok("__libc_version"))
            .ok_or("version.lo has no __libc_version")?;
        let section = sym.section_index().ok_or("__libc_version has no section")?;
        let content = obj
            .section_by_index(section)
            .and_then(|s| s.data())
            .map_err(|e| e.to_string())?;
        let start = sym.address() as usize;
        let raw = content
            .get(start..start + sym.size() as usize)
            .ok_or("symbol out of section")?;
        let text = raw.split(|b| *b == 0).next().unwrap_or_default();
        return Ok(String::from_utf8_lossy(text).into_owned());
    }
    Err(format!("{} has no version.lo member", archive.display()))
}

/// The glibc the probe is compiled against, from `<features.h>` as the target's
/// C compiler sees it (`cc -m32` for i686). The run-time glibc may be another;
/// the probe reports that one itself via `gnu_get_libc_version`.
fn glibc_header_version() -> (String, String) {
    let compiler = cc::Build::new().cargo_metadata(false).get_compiler();
    let mut cmd = compiler.to_command();
    cmd.args(["-dM", "-E", "-x", "c", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let describe = format!("<features.h> via {}", compiler.path().display());
    let Ok(mut child) = cmd.spawn() else {
        return ("unknown".into(), format!("{describe}: could not run"));
    };
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(b"#include <features.h>\n");
    }
    let Ok(out) = child.wait_with_output() else {
        return ("unknown".into(), format!("{describe}: failed"));
    };
    let text = String::from_utf8_lossy(&out.stdout);
    let define = |name: &str| {
        text.lines().find_map(|l| {
            l.strip_prefix("#define ")
                .and_then(|rest| rest.strip_prefix(name))
                .and_then(|rest| rest.strip_prefix(' '))
                .map(|v| v.trim().to_owned())
        })
    };
    match (define("__GLIBC__"), define("__GLIBC_MINOR__")) {
        (Some(major), Some(minor)) => (format!("{major}.{minor}"), describe),
        _ => ("unknown".into(), format!("{describe}: no __GLIBC__")),
    }
}
