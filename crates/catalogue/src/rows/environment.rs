//! Rows about the box and the container engine rather than the libc.

use crate::model::{Applies::*, Area, Claim, Command, Entry, ExposedBy, Fix, Libc::*, Source};
use crate::Id;

pub const D34: Entry = Entry {
    id: Id::D34,
    area: Area::Environment,
    title: "container seccomp defaults and new syscalls",
    claims: &[Claim {
        libc: Musl,
        versions: Some("1.2.2 (Alpine 3.14)"),
        says: "faccessat2 is tried first and the fallback runs only on ENOSYS, so an engine profile answering EPERM breaks the shell",
        source: Source::Other("Alpine 3.14 release notes"),
    }, Claim {
        libc: Glibc,
        versions: Some(">= 2.34"),
        says: "pthread_create tries clone3 first and falls back to clone only on ENOSYS, so a profile answering EPERM for clone3 makes thread creation fail; musl creates threads with clone",
        source: Source::GlibcSource("sysdeps/unix/sysv/linux/clone-internal.c"),
    }],
    why: "Engines' default seccomp profiles fail syscalls they do not know with EPERM; a libc that tries a new syscall (faccessat2, clone3, the time64 calls) and falls back only on ENOSYS then fails where an older libc worked.",
    fixes: &[Fix { name: "update-engine", title: "Update the container engine and runc/libseccomp, or use a profile answering ENOSYS", why: "newer profiles know the syscall or answer ENOSYS", commands: &[Command { applies: Image, line: "docker run --security-opt seccomp=unconfined ...   # to confirm the cause only" }] }],
    symptoms: &["Operation not permitted", "make: /bin/sh: Operation not permitted"],
    exposed_by: ExposedBy::Nothing,
    values: &[],
    observed: true,
};
