//! Scripts: the kernel starts a `#!` file through the interpreter named on
//! its first line, so a script "runs" where that interpreter exists. A CRLF
//! line ending makes the interpreter's name end in `\r`, which exists
//! nowhere ("bad interpreter: No such file or directory"). `#!/usr/bin/env
//! NAME` needs `env` and then NAME in PATH.

use crate::environment_id::EnvironmentId;
use crate::rootfs::Rootfs;
use serde::Serialize;
use std::io::Read;
use std::path::Path;

/// The first line of a script.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shebang {
    pub interpreter: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub argument: Option<String>,
    /// The line ends in CR LF: the kernel sees the CR as part of the name.
    pub crlf: bool,
}

/// One environment's answer for a script.
#[derive(Debug, Clone, Serialize)]
pub struct ScriptVerdict {
    pub env: EnvironmentId,
    pub starts: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

/// What `muslab check` says about a script.
#[derive(Debug, Clone, Serialize)]
pub struct ScriptReport {
    pub path: String,
    pub shebang: Shebang,
    pub verdicts: Vec<ScriptVerdict>,
}

/// PATH as `env` searches it in a login-less start (Debian's and busybox's default).
const PATH_DIRS: [&str; 6] = [
    "/usr/local/sbin",
    "/usr/local/bin",
    "/usr/sbin",
    "/usr/bin",
    "/sbin",
    "/bin",
];

/// Interpreters an Alpine-like busybox root has (busybox applets at these paths).
const BUSYBOX_PATHS: [&str; 6] = [
    "/bin/sh",
    "/bin/ash",
    "/bin/busybox",
    "/usr/bin/env",
    "/usr/bin/awk",
    "/bin/sed",
];

/// Reads the shebang from the start of a file (`None`: not a script).
pub fn read_shebang(path: &Path) -> std::io::Result<Option<Shebang>> {
    let mut head = Vec::with_capacity(256);
    std::fs::File::open(path)?
        .take(256)
        .read_to_end(&mut head)?;
    Ok(parse_shebang(&head))
}

/// Parses `#!INTERP [ARG]` (Linux passes the rest of the line as one argument).
pub fn parse_shebang(head: &[u8]) -> Option<Shebang> {
    let rest = head.strip_prefix(b"#!")?;
    let line_end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
    let line = String::from_utf8_lossy(&rest[..line_end]).into_owned();
    let crlf = line.ends_with('\r');
    let line = line.trim_end_matches('\r').trim();
    let (interp, arg) = match line.split_once([' ', '\t']) {
        Some((i, a)) => (i, Some(a.trim().to_string()).filter(|a| !a.is_empty())),
        None => (line, None),
    };
    (!interp.is_empty()).then(|| Shebang {
        interpreter: interp.to_string(),
        argument: arg,
        crlf,
    })
}

/// Which package provides an interpreter, on Alpine and on Debian.
pub fn package_hint(program: &str) -> String {
    let base = program.rsplit('/').next().unwrap_or(program);
    let (alpine, debian) = match base {
        "bash" => ("bash", "bash"),
        "zsh" => ("zsh", "zsh"),
        "python3" | "python" => ("python3", "python3"),
        "perl" => ("perl", "perl"),
        "node" | "nodejs" => ("nodejs", "nodejs"),
        "ruby" => ("ruby", "ruby"),
        "env" => ("coreutils (busybox has env)", "coreutils"),
        "awk" | "gawk" => ("gawk", "gawk"),
        _ => return format!("install the package that provides {base}"),
    };
    format!("Alpine: apk add {alpine}; Debian: apt-get install {debian}")
}

/// Judges a script in `rootfs` and in the Alpine-like model.
pub fn check_script(display: &str, shebang: Shebang, rootfs: &Rootfs) -> ScriptReport {
    let root_env = if rootfs.is_host() {
        EnvironmentId::Host
    } else {
        EnvironmentId::Root
    };
    let in_root = |p: &str| rootfs.lookup(p).is_some();
    let in_busybox = |p: &str| BUSYBOX_PATHS.contains(&p);
    let verdicts = vec![
        judge(root_env, display, &shebang, &in_root),
        judge(EnvironmentId::MuslRootfs, display, &shebang, &in_busybox),
    ];
    ScriptReport {
        path: display.to_string(),
        shebang,
        verdicts,
    }
}

fn judge(
    env: EnvironmentId,
    display: &str,
    s: &Shebang,
    exists: &dyn Fn(&str) -> bool,
) -> ScriptVerdict {
    let fail = |problem: String| ScriptVerdict {
        env,
        starts: false,
        problem: Some(problem),
    };
    if s.crlf {
        return fail(format!(
            "{display}: {}^M: bad interpreter: No such file or directory (CRLF line ending: convert with dos2unix or sed -i 's/\\r$//')",
            s.interpreter
        ));
    }
    if !exists(&s.interpreter) {
        return fail(format!(
            "{display}: {}: bad interpreter: No such file or directory ({})",
            s.interpreter,
            package_hint(&s.interpreter)
        ));
    }
    let via_env = s.interpreter.rsplit('/').next() == Some("env");
    if let Some(name) = s.argument.as_deref().filter(|_| via_env) {
        let name = name.split_whitespace().last().unwrap_or(name);
        let found = name.starts_with('/') && exists(name)
            || PATH_DIRS.iter().any(|d| exists(&format!("{d}/{name}")));
        if !found {
            return fail(format!(
                "env: '{name}': No such file or directory ({})",
                package_hint(name)
            ));
        }
    }
    ScriptVerdict {
        env,
        starts: true,
        problem: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shebangs_parse_with_argument_and_crlf() {
        let s = parse_shebang(b"#!/usr/bin/env python3\r\nprint(1)\n").unwrap();
        assert_eq!(s.interpreter, "/usr/bin/env");
        assert_eq!(s.argument.as_deref(), Some("python3"));
        assert!(s.crlf);
        assert_eq!(parse_shebang(b"\x7fELF"), None);
        assert_eq!(parse_shebang(b"#!\n"), None);
    }
}
