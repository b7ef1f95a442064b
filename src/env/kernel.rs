//! The kernel and this process's ABI on it (seed S5: 32-bit binaries on a
//! 64-bit kernel, and `uname` failing for them in some sandboxes).

use muslab_catalogue::Id;
use muslab_report::{Check, Observed};
use muslab_sys::{personality, uname};

pub fn checks() -> Vec<Check> {
    let uname = uname::uname();
    let mut out = vec![match &uname {
        Ok(u) => Check::new(Id::Env, "kernel", "kernel (uname)").ok(
            Observed::text(format!("{} {} {}", u.sysname, u.release, u.machine)),
            "",
        ),
        Err(e) => {
            Check::new(Id::Env, "kernel", "kernel (uname)").error(format!("uname failed: {e}"))
        }
    }];

    let bits = usize::BITS;
    let abi = Check::new(Id::S5, "process-abi", "process word size vs kernel");
    out.push(match &uname {
        Ok(u) => {
            let kernel_64 = matches!(
                u.machine.as_str(),
                "x86_64" | "aarch64" | "ppc64le" | "s390x" | "riscv64"
            );
            let text = match (bits, kernel_64) {
                (32, true) => format!("32-bit process on 64-bit kernel ({})", u.machine),
                (32, false) => format!("32-bit process, kernel reports {}", u.machine),
                (_, _) => format!("{bits}-bit process on {}", u.machine),
            };
            abi.ok(Observed::text(text), "")
        }
        Err(e) => abi.error(format!("uname failed ({e}); {bits}-bit process")),
    });

    let persona = Check::new(Id::S5, "personality", "execution domain (personality)");
    out.push(match personality::current() {
        Ok(p) => {
            let linux32 = p & 0xff == personality::PER_LINUX32;
            persona.ok(
                Observed::text(format!(
                    "{p:#x}{}",
                    if linux32 { " (PER_LINUX32)" } else { "" }
                )),
                if linux32 {
                    "uname reports a 32-bit machine to this process"
                } else {
                    ""
                },
            )
        }
        Err(e) => persona.error(e.to_string()),
    });
    out
}
