//! Which set-up steps put a child process into a rootfs: a private mount
//! namespace, bind mounts, /proc, chroot. The steps run in the child between
//! fork and exec (`muslab_sys::namespace::before_exec`, where the raw calls
//! live). Everything they do dies with the child's mount namespace: the
//! host's mount table is never touched.

use muslab_sys::namespace::{self as sys_ns, ExecStep};

/// A new mount namespace whose mounts do not propagate back to the parent's
/// (`unshare(CLONE_NEWNS)` then `MS_REC|MS_PRIVATE` on `/`; without the second
/// step a shared `/` would leak our mounts to the host on systemd machines).
/// When not root, a user namespace mapping the caller to root comes first, so
/// an unprivileged user gets the same view.
pub fn private_mount_namespace() -> Vec<ExecStep> {
    let mut steps = if sys_ns::euid() == 0 {
        vec![ExecStep::Unshare(libc::CLONE_NEWNS)]
    } else {
        vec![
            ExecStep::Unshare(libc::CLONE_NEWUSER | libc::CLONE_NEWNS),
            ExecStep::IdMaps {
                uid_map: sys_ns::id_map_line(sys_ns::uid()),
                gid_map: sys_ns::id_map_line(sys_ns::gid()),
            },
        ]
    };
    steps.push(ExecStep::MakeMountsPrivate);
    steps
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CString;
    use std::process::Command;

    #[test]
    fn bind_mount_in_a_child_namespace_is_invisible_to_the_parent() {
        let dir = std::env::temp_dir().join(format!("muslab-ns-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("root/bin")).unwrap();
        std::fs::write(dir.join("root/marker"), "").unwrap();
        let target = CString::new(dir.join("root/marker").to_str().unwrap()).unwrap();
        let source = CString::new("/etc/hostname").unwrap();
        let mut steps = private_mount_namespace();
        steps.push(ExecStep::BindMount { source, target });
        let mut cmd = Command::new("cat");
        cmd.arg(dir.join("root/marker"));
        sys_ns::before_exec(&mut cmd, steps);
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
}
