//! Running one binary inside a rootfs the way a user in that box would: the
//! binary appears as /x (bind mount), /proc is mounted, and the box's own
//! /bin/sh starts it, so a failure reads exactly as the shell prints it
//! (`/bin/sh: /x: not found`). All of it happens in the child's private
//! mount namespace and disappears when the child exits.

use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use muslab_sys::namespace::{before_exec, ExecStep};
use muslab_sys::process::{self, ProcessOutput};

use super::namespace;
use crate::rootfs::layout::SUBJECT;

/// Quotes one word for a POSIX shell.
pub fn shell_quote(word: &str) -> String {
    if !word.is_empty()
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./=:,+".contains(&b))
    {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// A path as the C string the mount and chroot calls take.
pub fn cstring(p: &Path) -> std::io::Result<CString> {
    CString::new(p.as_os_str().as_bytes())
        .map_err(|_| std::io::Error::other(format!("NUL in path {}", p.display())))
}

/// `command_line` is what the box's shell runs (`/x --json`, or a loader
/// wrapper around /x); `binary` is bind-mounted as /x first.
pub fn run(
    rootfs: &Path,
    binary: &Path,
    command_line: &str,
    timeout: Duration,
) -> std::io::Result<ProcessOutput> {
    let subject = ExecStep::BindMount {
        source: cstring(&std::fs::canonicalize(binary)?)?,
        target: cstring(&rootfs.join(SUBJECT.trim_start_matches('/')))?,
    };
    shell(rootfs, vec![subject], command_line, timeout)
}

/// The box's `/bin/sh -c command_line` after `mounts` (made in the child's
/// private mount namespace), with /proc, chrooted into `rootfs`.
pub fn shell(
    rootfs: &Path,
    mounts: Vec<ExecStep>,
    command_line: &str,
    timeout: Duration,
) -> std::io::Result<ProcessOutput> {
    let mut steps = namespace::private_mount_namespace();
    steps.extend(mounts);
    steps.extend([
        // Optional: probes must also work without /proc.
        ExecStep::MountProcIfPossible(cstring(&rootfs.join("proc"))?),
        ExecStep::Chroot(cstring(rootfs)?),
    ]);
    let mut cmd = Command::new("/bin/sh");
    cmd.arg("-c")
        .arg(command_line)
        .env_clear()
        .env("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin")
        .env("HOME", "/")
        .current_dir("/");
    before_exec(&mut cmd, steps);
    process::run(cmd, timeout)
}

/// `/x arg...` with each argument quoted.
pub fn subject_command(args: &[&str]) -> String {
    std::iter::once(SUBJECT.to_owned())
        .chain(args.iter().map(|a| shell_quote(a)))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_what_needs_it() {
        assert_eq!(shell_quote("--json"), "--json");
        assert_eq!(shell_quote("a b"), "'a b'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(subject_command(&["--json"]), "/x --json");
    }
}
