//! Thin wrappers over the calls that put a child process into a rootfs:
//! a private mount namespace, bind mounts, /proc, chroot. Each is meant to run
//! in a forked child between fork and exec (`CommandExt::pre_exec`), so each
//! takes prepared `CStr`s and allocates nothing (async-signal-safe).
//! Everything they do dies with the child's mount namespace: the host's
//! mount table is never touched.

use std::ffi::CStr;
use std::io;

fn check(rc: libc::c_int) -> io::Result<()> {
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Moves the caller into a new mount namespace whose mounts do not propagate
/// back to the parent's (`unshare(CLONE_NEWNS)` then `MS_REC|MS_PRIVATE` on
/// `/`; without the second step a shared `/` would leak our mounts to the host
/// on systemd machines). When not root, a user namespace mapping the caller to
/// root comes first, so an unprivileged user gets the same view.
pub fn enter_private_mount_namespace(uid_map: &CStr, gid_map: &CStr) -> io::Result<()> {
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    if root {
        // SAFETY: unshare with a flags word; no pointers.
        check(unsafe { libc::unshare(libc::CLONE_NEWNS) })?;
    } else {
        // SAFETY: as above.
        check(unsafe { libc::unshare(libc::CLONE_NEWUSER | libc::CLONE_NEWNS) })?;
        write_file(c"/proc/self/setgroups", c"deny")?;
        write_file(c"/proc/self/uid_map", uid_map)?;
        write_file(c"/proc/self/gid_map", gid_map)?;
    }
    // SAFETY: all pointers are NUL-terminated C strings or null where the
    // kernel accepts null (source, fstype, data for a propagation change).
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

/// The uid/gid map line ("0 <id> 1") for [`enter_private_mount_namespace`],
/// built in the parent because the child may not allocate.
pub fn id_map_line(id: u32) -> std::ffi::CString {
    std::ffi::CString::new(format!("0 {id} 1")).expect("no NUL in a number")
}

fn write_file(path: &CStr, contents: &CStr) -> io::Result<()> {
    // SAFETY: path is a valid C string; the fd is closed below.
    let fd = unsafe { libc::open(path.as_ptr(), libc::O_WRONLY | libc::O_CLOEXEC) };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    let bytes = contents.to_bytes();
    // SAFETY: bytes is a live slice of its length.
    let n = unsafe { libc::write(fd, bytes.as_ptr().cast(), bytes.len()) };
    let err = io::Error::last_os_error();
    // SAFETY: fd is ours.
    unsafe { libc::close(fd) };
    if n == bytes.len() as isize {
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
/// own a PID namespace; callers treat /proc as optional.
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

/// `chroot(dir)` then `chdir("/")`, so no path reaches back out of the root.
pub fn chroot_into(dir: &CStr) -> io::Result<()> {
    // SAFETY: valid C strings.
    check(unsafe { libc::chroot(dir.as_ptr()) })?;
    check(unsafe { libc::chdir(c"/".as_ptr()) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CString;
    use std::os::unix::process::CommandExt;
    use std::process::Command;

    #[test]
    fn bind_mount_in_a_child_namespace_is_invisible_to_the_parent() {
        let dir = std::env::temp_dir().join(format!("muslab-ns-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("root/bin")).unwrap();
        std::fs::write(dir.join("root/marker"), "").unwrap();
        let target = CString::new(dir.join("root/marker").to_str().unwrap()).unwrap();
        let source = CString::new("/etc/hostname").unwrap();
        let (u, g) = unsafe { (id_map_line(libc::getuid()), id_map_line(libc::getgid())) };
        let mut cmd = Command::new("cat");
        cmd.arg(dir.join("root/marker"));
        unsafe {
            cmd.pre_exec(move || {
                enter_private_mount_namespace(&u, &g)?;
                bind_mount(&source, &target)
            });
        }
        let out = cmd.output().unwrap();
        assert!(out.status.success(), "{out:?}");
        let seen = String::from_utf8_lossy(&out.stdout).into_owned();
        let hostname = std::fs::read_to_string("/etc/hostname").unwrap_or_default();
        assert_eq!(seen, hostname, "the child saw the bind mount");
        assert_eq!(
            std::fs::read_to_string(dir.join("root/marker")).unwrap(),
            "",
            "the parent must not see the child's mount"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn chroot_into_a_missing_dir_fails() {
        let mut cmd = Command::new("true");
        unsafe {
            cmd.pre_exec(|| chroot_into(c"/nonexistent-muslab-dir"));
        }
        assert!(cmd.status().is_err());
    }
}
