//! Fixes, best first, with the commands to apply them. Chosen from the
//! verdicts: a fix is offered only for a failure or difference it addresses.

use crate::catalogue::Exposure;
use crate::elf_facts::{ElfFacts, LibcFlavour};
use crate::floors::Floors;
use crate::musl_binding::MuslBinding;
use crate::verdict::{EnvVerdict, FailReason, Verdict};
use serde::Serialize;

/// One fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// Stable id (`rebuild-musl`, `static-glibc` ...).
    pub id: &'static str,
    pub title: String,
    /// Why it helps here / its limits.
    pub why: String,
    pub commands: Vec<String>,
}

fn fails_with(verdicts: &[EnvVerdict], env_prefix: &str, reason: Option<FailReason>) -> bool {
    verdicts.iter().any(|v| {
        v.env.starts_with(env_prefix)
            && matches!(&v.verdict, Verdict::Fails { reason: r, .. } if reason.is_none_or(|x| x == *r))
    })
}

fn verdict_of<'a>(verdicts: &'a [EnvVerdict], env: &str) -> Option<&'a Verdict> {
    verdicts.iter().find(|v| v.env == env).map(|v| &v.verdict)
}

/// Builds the fix list for one file.
pub fn fixes(
    facts: &ElfFacts,
    floors: &Floors,
    binding: &MuslBinding,
    exposures: &[Exposure],
    verdicts: &[EnvVerdict],
    prog: &str,
) -> Vec<Fix> {
    let mut out = Vec::new();
    let arch = facts.machine.name;
    let rust_arch = if arch == "arm" { "armv7" } else { arch };
    let musl_fails = fails_with(verdicts, "musl", None);
    let glibc_floor_fails = fails_with(verdicts, "glibc-", Some(FailReason::MissingVersion));

    if facts.libc == LibcFlavour::Glibc
        && !facts.kind.is_static()
        && (musl_fails || glibc_floor_fails)
    {
        out.push(Fix {
            id: "rebuild-musl",
            title: "Rebuild for the musl target (static by default in Rust)".into(),
            why: "a static musl binary has no PT_INTERP and no symbol versions: it runs on any Linux of its architecture".into(),
            commands: vec![
                format!("rustup target add {rust_arch}-unknown-linux-musl && cargo build --release --target {rust_arch}-unknown-linux-musl"),
                "musl-gcc -static -O2 -o prog prog.c   # C, Debian package musl-tools".into(),
            ],
        });
        out.push(Fix {
            id: "static-glibc",
            title: "Link glibc statically".into(),
            why: if exposures.iter().any(|e| e.id == "D09") {
                "removes the loader and version checks; but getaddrinfo/getpwnam still dlopen NSS modules at run time".into()
            } else {
                "removes the loader and symbol-version checks".into()
            },
            commands: vec![
                format!("RUSTFLAGS='-C target-feature=+crt-static' cargo build --release --target {rust_arch}-unknown-linux-gnu"),
                "gcc -static -O2 -o prog prog.c".into(),
            ],
        });
    }
    if glibc_floor_fails {
        if let Some(f) = &floors.glibc {
            let syms: Vec<&str> = f.symbols.iter().take(6).map(String::as_str).collect();
            out.push(Fix {
                id: "older-glibc",
                title: format!("Build against an older glibc (the floor {} comes from {})", f.version, if syms.is_empty() { "the link".into() } else { syms.join(", ") }),
                why: "symbol versions are chosen at link time by the glibc you link against".into(),
                commands: vec![
                    format!("cargo zigbuild --release --target {rust_arch}-unknown-linux-gnu.2.17   # pick the oldest glibc you support"),
                    "or build inside the oldest distribution you support (e.g. a manylinux_2_28 image for glibc 2.28)".into(),
                ],
            });
        }
    }
    if facts.libc == LibcFlavour::Glibc
        && musl_fails
        && facts.kind.is_program()
        && !facts.kind.is_static()
    {
        if binding.missing.is_empty()
            && !facts
                .needed
                .iter()
                .any(|n| n.starts_with("libgcc_s") || n.starts_with("libstdc++"))
        {
            out.push(Fix {
                id: "libc6-compat",
                title: "Add the glibc loader path as a symlink to musl's (Alpine: libc6-compat)".into(),
                why: "every libc symbol this file imports exists in musl, so musl can bind it; behaviour differences remain".into(),
                commands: vec![
                    "apk add libc6-compat".into(),
                    format!("ln -s /lib/ld-musl-{arch}.so.1 {}", facts.interpreter.as_deref().unwrap_or("/lib64/ld-linux-x86-64.so.2")),
                ],
            });
        }
        out.push(Fix {
            id: "gcompat",
            title: "Install gcompat (glibc compatibility layer for musl)".into(),
            why: if binding.missing.is_empty() {
                "provides the glibc loader name and libc.so.6 on musl".into()
            } else {
                format!(
                    "musl lacks {} of its symbols; gcompat implements some of them",
                    binding.missing.len()
                )
            },
            commands: vec!["apk add gcompat".into()],
        });
        out.push(Fix {
            id: "bundle-glibc",
            title: "Bundle the glibc loader and libraries and start through the loader".into(),
            why: "needs no change to the image's libc; the bundle must be at least as new as the glibc floor".into(),
            commands: vec![
                format!("mkdir -p bundle && cp $(ldd {prog} | awk '/=> \\// {{print $3}}') {} bundle/", facts.interpreter.as_deref().unwrap_or("/lib64/ld-linux-x86-64.so.2")),
                format!("bundle/{} --library-path bundle {prog}", facts.interpreter.as_deref().and_then(|i| i.rsplit('/').next()).unwrap_or("ld-linux-x86-64.so.2")),
            ],
        });
    }
    if facts.libc == LibcFlavour::Musl
        && !facts.kind.is_static()
        && fails_with(verdicts, "glibc-", Some(FailReason::MissingInterpreter))
    {
        out.push(Fix {
            id: "static-musl",
            title: "Link musl statically".into(),
            why: "a dynamic musl program needs musl's loader, which glibc systems lack".into(),
            commands: vec![
                format!("cargo build --release --target {rust_arch}-unknown-linux-musl   # Rust links musl statically unless -C target-feature=-crt-static"),
                "musl-gcc -static -O2 -o prog prog.c".into(),
            ],
        });
        out.push(Fix {
            id: "install-musl",
            title: "Install musl's loader on the glibc system".into(),
            why: "Debian's musl package provides /lib/ld-musl-ARCH.so.1".into(),
            commands: vec!["apt-get install musl".into()],
        });
    }
    if fails_with(verdicts, "", Some(FailReason::MissingLibrary)) {
        out.push(Fix {
            id: "ship-libraries",
            title: "Install the missing libraries, or ship them next to the program".into(),
            why: "a DT_NEEDED library is not in the loader's search path".into(),
            commands: {
                let mut c = vec![format!("# install the packages that provide: {}", facts.needed.join(" "))];
                if facts.needed.iter().any(|n| n.starts_with("libgcc_s")) {
                    c.push("apk add libgcc   # Alpine: libgcc_s.so.1 (dynamically linked Rust programs need it)".into());
                }
                c.push(format!("mkdir -p lib && cp LIBS lib/ && patchelf --set-rpath '$ORIGIN/lib' {prog}"));
                c
            },
        });
    }
    if fails_with(verdicts, "", Some(FailReason::WrongArchitecture))
        || verdicts.iter().any(|v| v.env == "qemu-user")
    {
        out.push(Fix {
            id: "qemu-user",
            title: format!("Run it under qemu-user ({arch})"),
            why: "the CPU cannot execute this architecture; qemu translates it".into(),
            commands: vec![
                "apt-get install qemu-user-static".into(),
                if facts.kind.is_static() {
                    format!("qemu-{arch}-static {prog}")
                } else {
                    format!("qemu-{arch}-static -L /path/to/{arch}-sysroot {prog}")
                },
            ],
        });
    }
    if matches!(
        verdict_of(verdicts, "i686-on-x86_64"),
        Some(Verdict::Fails { .. })
    ) {
        out.push(Fix {
            id: "i386-libraries",
            title: "Install the 32-bit loader and libraries, or link statically".into(),
            why: "a 64-bit-only install has no /lib/ld-linux.so.2 or ld-musl-i386".into(),
            commands: vec![
                "dpkg --add-architecture i386 && apt-get update && apt-get install libc6:i386"
                    .into(),
            ],
        });
    }
    if facts.libc == LibcFlavour::Glibc && facts.machine.name == "i686" && facts.kind.is_static() {
        out.push(Fix {
            id: "qemu-i386-s5",
            title: "Where uname() fails for 32-bit callers, run it under qemu-i386-static (S5)"
                .into(),
            why: "qemu-user answers uname() itself, so old static glibc's start-up check passes"
                .into(),
            commands: vec![format!("qemu-i386-static {prog}")],
        });
    }
    if exposures.iter().any(|e| e.id == "S2")
        && (facts.libc == LibcFlavour::Musl || verdicts.iter().any(|v| matches!(&v.verdict, Verdict::RunsDifferently { ids } if ids.iter().any(|i| i == "S2"))))
    {
        out.push(Fix {
            id: "thread-stack",
            title: "Give threads an explicit stack size (musl's default is 128 KiB)".into(),
            why: "pthread_create is called without pthread_attr_setstacksize; musl >= 1.1.21 also takes the default from PT_GNU_STACK".into(),
            commands: vec![
                "pthread_attr_setstacksize(&attr, 8 << 20);   // in the code".into(),
                "-Wl,-z,stack-size=8388608   # link flag; musl honours it, glibc ignores it".into(),
            ],
        });
    }
    if facts.gnu_stack.is_some_and(|s| s.executable) {
        out.push(Fix {
            id: "noexecstack",
            title: "Drop the executable stack".into(),
            why: "PT_GNU_STACK asks for an executable stack; hardened kernels and newer glibc refuse or warn".into(),
            commands: vec!["link with -Wl,-z,noexecstack".into()],
        });
    }
    out
}
