//! What goes into a musl rootfs, as one list of entries: written by
//! [`build`], checked by [`problems`]. Keeping both on the same list means a
//! rootfs that passes the check has exactly what the builder writes.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use super::musl_locale_files::{self, LOCPATH};
use super::sources::Sources;
use super::Flavour;

#[derive(Debug, Clone)]
pub enum Entry {
    Dir(&'static str),
    /// A copy of a host file, executable.
    Copy {
        path: String,
        from: PathBuf,
    },
    /// A file with the given text.
    Text {
        path: &'static str,
        text: String,
    },
    /// A file with the given bytes.
    Bytes {
        path: String,
        bytes: Vec<u8>,
    },
    /// A symlink whose (absolute, rootfs-relative) target must exist.
    Link {
        path: String,
        target: String,
    },
}

/// The names Alpine's libc6-compat package pointed at musl, so that binaries
/// asking for glibc's sonames find musl's libc instead.
pub const LIBC6_COMPAT_SONAMES: &[&str] = &[
    "libc.so.6",
    "libm.so.6",
    "libpthread.so.0",
    "libdl.so.2",
    "librt.so.1",
    "libutil.so.1",
    "libresolv.so.2",
    "libcrypt.so.1",
];

pub const MUSL_LOADER: &str = "/lib/ld-musl-x86_64.so.1";
pub const MUSL_LOADER_I386: &str = "/lib/ld-musl-i386.so.1";
/// Where the environment bind-mounts the binary under test.
pub const SUBJECT: &str = "/x";
/// Where the bundled-glibc flavour keeps copied glibc loaders and libraries.
pub const GLIBC_DIR: &str = "/opt/glibc";

pub fn entries(flavour: Flavour, s: &Sources) -> Vec<Entry> {
    let mut e = vec![
        Entry::Dir("/bin"),
        Entry::Dir("/sbin"),
        Entry::Dir("/usr/bin"),
        Entry::Dir("/lib"),
        Entry::Dir("/etc"),
        Entry::Dir("/proc"),
        Entry::Dir("/tmp"),
        Entry::Copy {
            path: "/bin/busybox".into(),
            from: s.busybox.clone(),
        },
        Entry::Copy {
            path: MUSL_LOADER.into(),
            from: s.musl_x86_64.clone(),
        },
        Entry::Link {
            path: "/lib/libc.musl-x86_64.so.1".into(),
            target: MUSL_LOADER.into(),
        },
        Entry::Text {
            path: "/etc/resolv.conf",
            text: "# muslab rootfs: only muslab's own servers on loopback\nnameserver 127.0.0.1\n"
                .into(),
        },
        Entry::Text {
            path: "/etc/hosts",
            text: "127.0.0.1\tlocalhost\n::1\tlocalhost\n".into(),
        },
        Entry::Text {
            path: "/etc/passwd",
            text: "root:x:0:0:root:/:/bin/sh\n".into(),
        },
        Entry::Text {
            path: "/etc/group",
            text: "root:x:0:\n".into(),
        },
        Entry::Text {
            path: "/etc/os-release",
            text: {
                let libc = if flavour == Flavour::Glibc {
                    "glibc"
                } else {
                    "musl"
                };
                format!(
                    "NAME=\"muslab {libc} rootfs\"\nID=muslab-{libc}\nPRETTY_NAME=\"muslab {libc} rootfs ({})\"\n",
                    flavour.name()
                )
            },
        },
        Entry::Text {
            path: "/x",
            text: String::new(),
        },
    ];
    if let Some(i386) = &s.musl_i386 {
        e.push(Entry::Copy {
            path: MUSL_LOADER_I386.into(),
            from: i386.clone(),
        });
    }
    for applet in &s.applets {
        e.push(Entry::Link {
            path: format!("/bin/{applet}"),
            target: "/bin/busybox".into(),
        });
    }
    match flavour {
        // Its glibc comes from rootfs::glibc_box, which can fail.
        Flavour::Musl | Flavour::Glibc => {}
        Flavour::Libc6Compat => {
            e.push(Entry::Dir("/lib64"));
            e.push(Entry::Link {
                path: "/lib64/ld-linux-x86-64.so.2".into(),
                target: MUSL_LOADER.into(),
            });
            for so in LIBC6_COMPAT_SONAMES {
                e.push(Entry::Link {
                    path: format!("/lib/{so}"),
                    target: MUSL_LOADER.into(),
                });
            }
        }
        Flavour::BundledGlibc => {
            e.push(Entry::Dir("/opt"));
            e.push(Entry::Dir(GLIBC_DIR));
        }
        Flavour::MuslLocpath => {
            e.push(Entry::Dir(LOCPATH));
            for (locale, bytes) in musl_locale_files::files() {
                e.push(Entry::Bytes {
                    path: format!("{LOCPATH}/{locale}"),
                    bytes,
                });
            }
        }
    }
    e
}

fn host_path(root: &Path, path: &str) -> PathBuf {
    root.join(path.trim_start_matches('/'))
}

pub fn build(root: &Path, entries: &[Entry]) -> Result<(), String> {
    let err = |p: &Path, e: std::io::Error| format!("cannot create {}: {e}", p.display());
    for entry in entries {
        match entry {
            Entry::Dir(d) => {
                let p = host_path(root, d);
                std::fs::create_dir_all(&p).map_err(|e| err(&p, e))?;
            }
            Entry::Copy { path, from } => {
                let p = host_path(root, path);
                if let Some(parent) = p.parent() {
                    std::fs::create_dir_all(parent).map_err(|e| err(parent, e))?;
                }
                std::fs::copy(from, &p).map_err(|e| err(&p, e))?;
                std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755))
                    .map_err(|e| err(&p, e))?;
            }
            Entry::Text { path, text } => {
                let p = host_path(root, path);
                std::fs::write(&p, text).map_err(|e| err(&p, e))?;
            }
            Entry::Bytes { path, bytes } => {
                let p = host_path(root, path);
                std::fs::write(&p, bytes).map_err(|e| err(&p, e))?;
            }
            Entry::Link { path, target } => {
                let p = host_path(root, path);
                if p.symlink_metadata().is_ok() {
                    continue;
                }
                std::os::unix::fs::symlink(target, &p).map_err(|e| err(&p, e))?;
            }
        }
    }
    Ok(())
}

/// What is wrong with an existing rootfs, compared with `entries`; empty
/// when it can be reused as it is.
pub fn problems(root: &Path, entries: &[Entry]) -> Vec<String> {
    let mut out = Vec::new();
    for entry in entries {
        match entry {
            Entry::Dir(d) => {
                if !host_path(root, d).is_dir() {
                    out.push(format!("{d} is not a directory"));
                }
            }
            Entry::Copy { path, from } => {
                let have = std::fs::metadata(host_path(root, path));
                let want = std::fs::metadata(from);
                match (have, want) {
                    (Ok(h), Ok(w)) if h.len() == w.len() && h.permissions().mode() & 0o111 != 0 => {
                    }
                    (Ok(_), Ok(_)) => out.push(format!("{path} differs from {}", from.display())),
                    (Err(e), _) => out.push(format!("{path}: {e}")),
                    (_, Err(e)) => out.push(format!("{}: {e}", from.display())),
                }
            }
            Entry::Text { path, text } => match std::fs::read_to_string(host_path(root, path)) {
                Ok(t) if t == *text => {}
                Ok(_) => out.push(format!("{path} has other contents")),
                Err(e) => out.push(format!("{path}: {e}")),
            },
            Entry::Bytes { path, bytes } => match std::fs::read(host_path(root, path)) {
                Ok(b) if b == *bytes => {}
                Ok(_) => out.push(format!("{path} has other contents")),
                Err(e) => out.push(format!("{path}: {e}")),
            },
            Entry::Link { path, target } => {
                let p = host_path(root, path);
                match std::fs::read_link(&p) {
                    Ok(t) if t == Path::new(target) => {
                        if !host_path(root, target).exists() {
                            out.push(format!("{path} -> {target} dangles"));
                        }
                    }
                    Ok(t) => out.push(format!("{path} points at {}", t.display())),
                    Err(e) => out.push(format!("{path}: {e}")),
                }
            }
        }
    }
    out
}
