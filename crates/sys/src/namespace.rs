//! The calls that give a process (or one thread) namespaces of its own:
//! unshare, the uid/gid maps of a user namespace, mounts, chroot. Which
//! namespaces and which mounts is the caller's policy (the lab's rootfs
//! runner, the DNS fixture); this module only makes the calls.
//!
//! Everything a process does here dies with its mount namespace: the host's
//! mount table is never touched, provided [`make_mounts_private`] ran first.
//! The functions taking `CStr`s allocate nothing, so they are safe to call in
//! a forked child before exec (see [`before_exec`]).

use std::ffi::{CStr, CString};
use std::io;
use std::process::Command;

fn check(rc: libc::c_int) -> io::Result<()> {
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// The real user id.
pub fn uid() -> u32 {
    // SAFETY: getuid has no preconditions and cannot fail.
    unsafe { libc::getuid() }
}

/// The real group id.
pub fn gid() -> u32 {
    // SAFETY: getgid has no preconditions and cannot fail.
    unsafe { libc::getgid() }
}

/// The effective user id (0: root, allowed to unshare without a user
/// namespace).
pub fn euid() -> u32 {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() }
}

/// `unshare(flags)` (`libc::CLONE_NEW*`). CLONE_NEWNS and CLONE_NEWNET act
/// on the calling thread only, which the kernel allows in a multi-threaded
/// process; CLONE_NEWUSER needs a single-threaded one.
pub fn unshare(flags: libc::c_int) -> io::Result<()> {
    // SAFETY: unshare takes a flags word; no pointers.
    check(unsafe { libc::unshare(flags) })
}

/// Remounts `/` recursively as private (`MS_REC|MS_PRIVATE`), so that mounts
/// made later in this mount namespace do not propagate back to the parent's
/// (on systemd machines `/` is shared).
pub fn make_mounts_private() -> io::Result<()> {
    // SAFETY: "/" is a NUL-terminated string; source, fstype and data may be
    // null for a propagation change.
    check(unsafe {
        libc::mount(
            std::ptr::null(),
            c"/".as_ptr(),
            std::ptr::null(),
            libc::MS_REC | libc::MS_PRIVATE,
            std::ptr::null(),
        )
    })
}

/// The uid/gid map line ("0 <id> 1": `id` outside is root inside) for
/// [`write_id_maps`], built before fork because the child may not allocate.
pub fn id_map_line(id: u32) -> CString {
    // A formatted number has no NUL byte.
    CString::new(format!("0 {id} 1")).unwrap_or_default()
}

/// After `unshare(CLONE_NEWUSER)`: denies setgroups (required before an
/// unprivileged gid map) and writes the uid and gid maps.
pub fn write_id_maps(uid_map: &CStr, gid_map: &CStr) -> io::Result<()> {
    write_file(c"/proc/self/setgroups", c"deny")?;
    write_file(c"/proc/self/uid_map", uid_map)?;
    write_file(c"/proc/self/gid_map", gid_map)
}

/// Writes `contents` to `path` with one write(2), as procfs control files
/// require; no allocation.
fn write_file(path: &CStr, contents: &CStr) -> io::Result<()> {
    // SAFETY: path is a valid C string; the fd is closed below.
    let fd = unsafe { libc::open(path.as_ptr(), libc::O_WRONLY | libc::O_CLOEXEC) };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    let bytes = contents.to_bytes();
    // SAFETY: bytes is a live slice of its length; fd is open.
    let n = unsafe { libc::write(fd, bytes.as_ptr().cast(), bytes.len()) };
    let err = io::Error::last_os_error();
    // SAFETY: fd is ours and closed once.
    unsafe { libc::close(fd) };
    if usize::try_from(n).ok() == Some(bytes.len()) {
        Ok(())
    } else {
        Err(err)
    }
}

/// Bind-mounts the file or directory `source` over `target` (which must exist).
pub fn bind_mount(source: &CStr, target: &CStr) -> io::Result<()> {
    // SAFETY: valid C strings; fstype and data may be null for MS_BIND.
    check(unsafe {
        libc::mount(
            source.as_ptr(),
            target.as_ptr(),
            std::ptr::null(),
            libc::MS_BIND,
            std::ptr::null(),
        )
    })
}

/// Mounts a procfs at `target`. Fails inside a user namespace that does not
/// own a PID namespace.
pub fn mount_proc(target: &CStr) -> io::Result<()> {
    // SAFETY: valid C strings; data may be null.
    check(unsafe {
        libc::mount(
            c"proc".as_ptr(),
            target.as_ptr(),
            c"proc".as_ptr(),
            libc::MS_NOSUID | libc::MS_NODEV | libc::MS_NOEXEC,
            std::ptr::null(),
        )
    })
}

/// Mounts an empty tmpfs over the directory `target`.
pub fn mount_tmpfs(target: &CStr) -> io::Result<()> {
    // SAFETY: valid C strings; tmpfs takes null data (its defaults).
    check(unsafe {
        libc::mount(
            c"tmpfs".as_ptr(),
            target.as_ptr(),
            c"tmpfs".as_ptr(),
            0,
            std::ptr::null(),
        )
    })
}

/// Mounts `source` of type `fstype` on `target` with the file system's
/// own options `data` (`"inode32"`, `"lowerdir=...,upperdir=..."`).
pub fn mount_with_options(
    source: &CStr,
    target: &CStr,
    fstype: &CStr,
    data: &CStr,
) -> io::Result<()> {
    // SAFETY: valid C strings; data is the NUL-terminated option string the
    // file system parses.
    check(unsafe {
        libc::mount(
            source.as_ptr(),
            target.as_ptr(),
            fstype.as_ptr(),
            0,
            data.as_ptr() as *const libc::c_void,
        )
    })
}

/// `chroot(dir)` then `chdir("/")`, so no path reaches back out of the root.
pub fn chroot_into(dir: &CStr) -> io::Result<()> {
    // SAFETY: valid C string.
    check(unsafe { libc::chroot(dir.as_ptr()) })?;
    // SAFETY: valid C string.
    check(unsafe { libc::chdir(c"/".as_ptr()) })
}

/// One step of a child's set-up between fork and exec. The steps are data
/// the caller's policy chooses; running them calls only the allocation-free
/// functions of this module and [`crate::seccomp::install`], which is what
/// makes [`before_exec`] safe.
#[derive(Debug, Clone)]
pub enum ExecStep {
    Unshare(libc::c_int),
    IdMaps {
        uid_map: CString,
        gid_map: CString,
    },
    MakeMountsPrivate,
    BindMount {
        source: CString,
        target: CString,
    },
    /// /proc, where the namespace allows it; a failure is ignored.
    MountProcIfPossible(CString),
    Chroot(CString),
    Seccomp(Vec<libc::sock_filter>),
}

impl ExecStep {
    fn run(&self) -> io::Result<()> {
        match self {
            ExecStep::Unshare(flags) => unshare(*flags),
            ExecStep::IdMaps { uid_map, gid_map } => write_id_maps(uid_map, gid_map),
            ExecStep::MakeMountsPrivate => make_mounts_private(),
            ExecStep::BindMount { source, target } => bind_mount(source, target),
            ExecStep::MountProcIfPossible(target) => {
                let _ = mount_proc(target);
                Ok(())
            }
            ExecStep::Chroot(dir) => chroot_into(dir),
            ExecStep::Seccomp(prog) => crate::seccomp::install(prog),
        }
    }
}

/// Makes `cmd`'s child run `steps` in order after fork, before exec; the
/// first failure aborts the spawn with that error.
pub fn before_exec(cmd: &mut Command, steps: Vec<ExecStep>) {
    // SAFETY: the closure runs in the forked child; it only reads `steps`
    // (moved in, allocated before the fork) and calls the allocation-free,
    // async-signal-safe wrappers listed in `ExecStep::run`.
    unsafe {
        std::os::unix::process::CommandExt::pre_exec(cmd, move || {
            steps.iter().try_for_each(ExecStep::run)
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn private_namespace() -> Vec<ExecStep> {
        if euid() == 0 {
            vec![
                ExecStep::Unshare(libc::CLONE_NEWNS),
                ExecStep::MakeMountsPrivate,
            ]
        } else {
            vec![
                ExecStep::Unshare(libc::CLONE_NEWUSER | libc::CLONE_NEWNS),
                ExecStep::IdMaps {
                    uid_map: id_map_line(uid()),
                    gid_map: id_map_line(gid()),
                },
                ExecStep::MakeMountsPrivate,
            ]
        }
    }

    #[test]
    fn bind_mount_in_a_child_namespace_is_invisible_to_the_parent() {
        let dir = std::env::temp_dir().join(format!("muslab-sys-ns-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("marker"), "").unwrap();
        std::fs::write(dir.join("source"), "seen\n").unwrap();
        let c = |p: &std::path::Path| CString::new(p.to_str().unwrap()).unwrap();
        let mut steps = private_namespace();
        steps.push(ExecStep::BindMount {
            source: c(&dir.join("source")),
            target: c(&dir.join("marker")),
        });
        let mut cmd = Command::new("cat");
        cmd.arg(dir.join("marker"));
        before_exec(&mut cmd, steps);
        let out = cmd.output().unwrap();
        assert!(out.status.success(), "{out:?}");
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "seen\n",
            "the child saw no bind mount"
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("marker")).unwrap(),
            "",
            "the parent must not see the child's mount"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn chroot_into_a_missing_dir_fails_the_spawn() {
        let mut cmd = Command::new("true");
        before_exec(
            &mut cmd,
            vec![ExecStep::Chroot(c"/nonexistent-muslab-dir".to_owned())],
        );
        assert!(cmd.status().is_err());
    }

    /// The DNS fixture's pattern: one thread unshares its mount namespace
    /// (needs root), mounts there, and the rest of the process sees nothing.
    #[test]
    fn tmpfs_and_proc_mounted_in_a_threads_namespace_stay_there() {
        assert_eq!(euid(), 0, "needs root (unshare CLONE_NEWNS)");
        let dir = std::env::temp_dir().join(format!("muslab-sys-tmpfs-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("tmp")).unwrap();
        std::fs::create_dir_all(dir.join("proc")).unwrap();
        let c = |p: std::path::PathBuf| CString::new(p.to_str().unwrap()).unwrap();
        let (tmp, proc) = (c(dir.join("tmp")), c(dir.join("proc")));
        let seen = std::thread::spawn(move || -> io::Result<(bool, bool)> {
            unshare(libc::CLONE_NEWNS)?;
            make_mounts_private()?;
            mount_tmpfs(&tmp)?;
            mount_proc(&proc)?;
            let path = |c: &CString| std::path::PathBuf::from(c.to_str().unwrap());
            std::fs::write(path(&tmp).join("inside"), "")?;
            Ok((
                path(&tmp).join("inside").exists(),
                path(&proc).join("self").exists(),
            ))
        })
        .join()
        .unwrap()
        .unwrap();
        assert_eq!(
            seen,
            (true, true),
            "got (file in tmpfs, /proc/self), want both"
        );
        assert!(
            !dir.join("tmp/inside").exists(),
            "the tmpfs leaked to the process"
        );
        assert!(
            !dir.join("proc/self").exists(),
            "the procfs leaked to the process"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn id_map_lines_map_one_id_to_root() {
        assert_eq!(id_map_line(1000).as_bytes(), b"0 1000 1");
    }
}
