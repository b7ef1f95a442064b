//! Fixes, best first, with the commands to apply them. Chosen from the
//! verdicts: a fix is offered only for a failure or difference it addresses.
//! Fixes of a catalogue row (S1, S2, S5) take their texts and commands from
//! the catalogue (docs/catalogue.md) and are filled in for the file here;
//! the others (library paths, architectures, glibc floors) are about the
//! file alone.

use crate::catalogue::Exposure;
use crate::elf_facts::ElfFacts;
use crate::environment_id::EnvironmentId;
use crate::floors::Floors;
use crate::musl_binding::MuslBinding;
use crate::verdict::{EnvVerdict, FailReason, Verdict};
use crate::verdict_env::VerdictEnv;
use muslab_catalogue::Applies;
use muslab_catalogue::Id;
use muslab_report::Libc;
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

/// What fills a catalogue command's placeholders for one file.
struct Fill<'a> {
    arch: &'a str,
    rust_arch: &'a str,
    prog: &'a str,
    interp: &'a str,
    interp_name: &'a str,
    /// What kind of file this is: only commands for that kind are offered.
    origin: Applies,
}

/// What kind of file `path` is, for choosing the fixes that fit it: a
/// wheel's member, a Node addon, a distribution's file, or the user's own.
pub fn file_origin(path: &str) -> Applies {
    let member = path.rsplit_once("!/").map(|(_, m)| m).unwrap_or(path);
    let name = member.rsplit('/').next().unwrap_or(member);
    if path.contains(".whl!/")
        || member.contains("site-packages/")
        || member.contains("dist-packages/")
        || member.contains(".libs/")
        || name.contains(".cpython-")
        || name.ends_with(".abi3.so")
    {
        Applies::Wheel
    } else if name.ends_with(".node") || member.contains("node_modules/") {
        Applies::NodeAddon
    } else if !path.contains("!/")
        && [
            "/usr/bin/",
            "/bin/",
            "/usr/sbin/",
            "/sbin/",
            "/usr/lib/",
            "/lib/",
            "/usr/libexec/",
            "/lib64/",
            "/usr/lib64/",
        ]
        .iter()
        .any(|d| path.starts_with(d))
    {
        Applies::Distribution
    } else {
        Applies::RustProgram
    }
}

/// Whether a command written for `applies` fits a file of kind `origin`
/// (`RustProgram` standing for "your own program").
fn fits(applies: Applies, origin: Applies) -> bool {
    use muslab_catalogue::Applies::*;
    match origin {
        Distribution | Wheel | NodeAddon => applies == origin || matches!(applies, Image | Any),
        _ => !matches!(applies, Distribution | Wheel | NodeAddon),
    }
}

impl Fill<'_> {
    fn line(&self, template: &str) -> String {
        template
            .replace("{rust_arch}", self.rust_arch)
            .replace("{arch}", self.arch)
            .replace("{prog}", self.prog)
            .replace("{interp_name}", self.interp_name)
            .replace("{interp}", self.interp)
    }

    /// The catalogue row's fix `name`, filled in for this file; `None`
    /// when none of its commands fits this kind of file.
    fn catalogue(&self, id: Id, name: &str) -> Option<Fix> {
        let f = id.entry().fix(name)?;
        let commands: Vec<String> = f
            .commands
            .iter()
            .filter(|c| fits(c.applies, self.origin))
            .map(|c| self.line(c.line))
            .collect();
        (!commands.is_empty()).then(|| Fix {
            id: f.name,
            title: f.title.to_owned(),
            why: f.why.to_owned(),
            commands,
        })
    }
}

/// The environments whose libc is musl (whatever they add to it).
fn is_musl_root(env: &VerdictEnv) -> bool {
    matches!(
        env,
        VerdictEnv::Env(
            EnvironmentId::MuslRootfs
                | EnvironmentId::MuslRootfsLocpath
                | EnvironmentId::MuslLibc6Compat
                | EnvironmentId::MuslGcompat
                | EnvironmentId::MuslBundledGlibc
        )
    )
}

fn fails_with(
    verdicts: &[EnvVerdict],
    env: impl Fn(&VerdictEnv) -> bool,
    reason: Option<FailReason>,
) -> bool {
    verdicts.iter().any(|v| {
        env(&v.env)
            && matches!(&v.verdict, Verdict::Fails { reason: r, .. } if reason.is_none_or(|x| x == *r))
    })
}

fn verdict_of(verdicts: &[EnvVerdict], env: EnvironmentId) -> Option<&Verdict> {
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
    let musl_fails = fails_with(verdicts, is_musl_root, None);
    let glibc_floor_fails = fails_with(
        verdicts,
        VerdictEnv::is_glibc_model,
        Some(FailReason::MissingVersion),
    );
    let interp = facts
        .interpreter
        .as_deref()
        .unwrap_or("/lib64/ld-linux-x86-64.so.2");
    let fill = Fill {
        arch,
        rust_arch,
        prog,
        interp,
        interp_name: interp.rsplit('/').next().unwrap_or(interp),
        origin: file_origin(prog),
    };
    let own = fill.origin == Applies::RustProgram;

    if facts.libc == Libc::Glibc && !facts.kind.is_static() && (musl_fails || glibc_floor_fails) {
        for kind_fix in ["distribution-build", "musllinux-wheel", "musl-node-addon"] {
            out.extend(fill.catalogue(Id::S1, kind_fix));
        }
        out.extend(fill.catalogue(Id::S1, "rebuild-musl"));
        out.extend(fill.catalogue(Id::S1, "static-glibc").map(|mut f| {
            if exposures.iter().any(|e| e.id == Id::D09) {
                f.why
                    .push_str("; but getaddrinfo/getpwnam still dlopen NSS modules at run time");
            }
            f
        }));
    }
    if glibc_floor_fails && own {
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
    if facts.libc == Libc::Glibc && musl_fails && facts.kind.is_program() && !facts.kind.is_static()
    {
        if binding.missing.is_empty()
            && !facts
                .needed
                .iter()
                .any(|n| n.starts_with("libgcc_s") || n.starts_with("libstdc++"))
        {
            out.extend(fill.catalogue(Id::S1, "libc6-compat").map(|mut f| {
                f.why = "every libc symbol this file imports exists in musl, so musl can bind it; behaviour differences remain".into();
                f
            }));
        }
        out.extend(fill.catalogue(Id::S1, "gcompat").map(|mut f| {
            if !binding.missing.is_empty() {
                f.why = format!(
                    "musl lacks {} of its symbols; gcompat implements some of them",
                    binding.missing.len()
                );
            }
            f
        }));
        out.extend(fill.catalogue(Id::S1, "bundle-glibc"));
    }
    if facts.libc == Libc::Musl
        && !facts.kind.is_static()
        && (fails_with(
            verdicts,
            VerdictEnv::is_glibc_model,
            Some(FailReason::MissingInterpreter),
        ) || fails_with(
            verdicts,
            VerdictEnv::is_glibc_model,
            Some(FailReason::MissingLibrary),
        ))
    {
        out.extend(fill.catalogue(Id::S1, "distribution-build"));
        out.extend(fill.catalogue(Id::S1, "static-musl"));
        out.extend(fill.catalogue(Id::S1, "install-musl"));
    }
    if fails_with(verdicts, |_| true, Some(FailReason::MissingLibrary)) {
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
    if fails_with(verdicts, |_| true, Some(FailReason::WrongArchitecture))
        || verdicts.iter().any(|v| v.env == EnvironmentId::QemuUser)
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
        verdict_of(verdicts, EnvironmentId::I686OnX86_64),
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
    if facts.libc == Libc::Glibc && facts.machine.name == "i686" && facts.kind.is_static() {
        out.extend(fill.catalogue(Id::S5, "qemu-i386-s5"));
    }
    if exposures.iter().any(|e| e.id == Id::S2)
        && (facts.libc == Libc::Musl
            || verdicts.iter().any(
                |v| matches!(&v.verdict, Verdict::RunsDifferently { ids } if ids.contains(&Id::S2)),
            ))
    {
        out.extend(fill.catalogue(Id::S2, "thread-stack"));
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The catalogue fixes `fixes` offers, by row.
    const FROM_CATALOGUE: &[(Id, &str)] = &[
        (Id::S1, "distribution-build"),
        (Id::S1, "musllinux-wheel"),
        (Id::S1, "musl-node-addon"),
        (Id::S1, "rebuild-musl"),
        (Id::S1, "static-glibc"),
        (Id::S1, "libc6-compat"),
        (Id::S1, "gcompat"),
        (Id::S1, "bundle-glibc"),
        (Id::S1, "static-musl"),
        (Id::S1, "install-musl"),
        (Id::S2, "thread-stack"),
        (Id::S5, "qemu-i386-s5"),
    ];

    #[test]
    fn every_catalogue_fix_offered_here_exists() {
        for (id, name) in FROM_CATALOGUE {
            assert!(id.entry().fix(name).is_some(), "{id} has no fix {name}");
        }
    }

    #[test]
    fn fixes_fit_the_kind_of_file() {
        assert_eq!(file_origin("/usr/bin/python3"), Applies::Distribution);
        assert_eq!(file_origin("x.whl!/numpy.libs/libz-1.so"), Applies::Wheel);
        assert_eq!(
            file_origin("pkg.tgz!/package/x.linux-x64-gnu.node"),
            Applies::NodeAddon
        );
        assert_eq!(file_origin("./target/release/app"), Applies::RustProgram);
        let fill = |origin| Fill {
            arch: "x86_64",
            rust_arch: "x86_64",
            prog: "/bin/ls",
            interp: "/lib64/ld-linux-x86-64.so.2",
            interp_name: "ld-linux-x86-64.so.2",
            origin,
        };
        let distro = fill(Applies::Distribution);
        assert!(
            distro.catalogue(Id::S1, "rebuild-musl").is_none(),
            "no cargo build for /bin/ls"
        );
        assert!(distro.catalogue(Id::S1, "distribution-build").is_some());
        let own = fill(Applies::RustProgram);
        assert!(own.catalogue(Id::S1, "distribution-build").is_none());
        let b = own.catalogue(Id::S1, "bundle-glibc").unwrap();
        assert!(
            b.why.contains("Does not fix: locales and iconv"),
            "got {}",
            b.why
        );
    }

    #[test]
    fn placeholders_are_filled_and_awk_braces_kept() {
        let fill = Fill {
            arch: "x86_64",
            rust_arch: "x86_64",
            prog: "./app",
            interp: "/lib64/ld-linux-x86-64.so.2",
            interp_name: "ld-linux-x86-64.so.2",
            origin: Applies::RustProgram,
        };
        let f = fill.catalogue(Id::S1, "bundle-glibc").unwrap();
        assert_eq!(
            f.commands,
            [
                "mkdir -p bundle && cp $(ldd ./app | awk '/=> \\// {print $3}') /lib64/ld-linux-x86-64.so.2 bundle/",
                "bundle/ld-linux-x86-64.so.2 --library-path bundle ./app",
            ]
        );
        let f = fill.catalogue(Id::S1, "libc6-compat").unwrap();
        assert_eq!(
            f.commands[1],
            "ln -s /lib/ld-musl-x86_64.so.1 /lib64/ld-linux-x86-64.so.2"
        );
    }
}
