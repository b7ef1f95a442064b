//! The glibc box: busybox plus this host's glibc (what Debian's `libc6` and
//! `libgcc-s1` put in a slim image) at the paths the host has them, so a
//! glibc binary built here starts as in a Debian-like container. Each
//! library is found as the host's glibc loader finds it (check's search
//! directories over `/`), and both word sizes are included when the host has
//! them (gcc-multilib's /lib32).

use std::path::Path;

use muslab_check::rootfs::{multiarch_triple, Rootfs};

use super::layout::{Entry, LIBC6_COMPAT_SONAMES};

/// libgcc_s: Rust's glibc builds need it for unwinding.
const EXTRA_SONAMES: &[&str] = &["libgcc_s.so.1", "libnss_files.so.2", "libnss_dns.so.2"];

/// (PT_INTERP path, machine, is_64) of each glibc the box may carry.
const LOADERS: &[(&str, &str, bool)] = &[
    ("/lib64/ld-linux-x86-64.so.2", "x86_64", true),
    ("/lib/ld-linux.so.2", "i686", false),
];

/// The loader of each word size the host has, and every library of the
/// list found for it, copied to where the host's loader finds it. At least
/// the 64-bit loader and its libc.so.6 must exist.
pub fn entries() -> Result<Vec<Entry>, String> {
    let host = Rootfs::new("/");
    // Debian's libc6-i386 ships this (ld.so.conf.d/zz_i386-biarch-compat.conf):
    // the i386 loader's own directories, which ldconfig and check read here.
    let mut out = vec![Entry::Text {
        path: "/etc/ld.so.conf",
        text: "/lib32\n/usr/lib32\n".into(),
    }];
    for (i, (interp, machine, is_64)) in LOADERS.iter().enumerate() {
        let Some(loader) = host.lookup(interp) else {
            if i == 0 {
                return Err(format!(
                    "{interp} is missing: the glibc box copies this host's glibc (apt-get install libc6)"
                ));
            }
            continue;
        };
        out.push(Entry::Copy {
            path: (*interp).to_owned(),
            from: loader,
        });
        let dirs = host.glibc_search_dirs(*is_64, multiarch_triple(machine));
        for soname in LIBC6_COMPAT_SONAMES.iter().chain(EXTRA_SONAMES) {
            let found = dirs.iter().find_map(|d| {
                let inside = format!("{d}/{soname}");
                let file = host.lookup(&inside)?;
                // The word size must match: /lib may hold either.
                (elf_class(&file)? == if *is_64 { 2 } else { 1 }).then_some((inside, file))
            });
            match found {
                Some((path, from)) => out.push(Entry::Copy { path, from }),
                None if *soname == "libc.so.6" => {
                    return Err(format!(
                        "no {machine} libc.so.6 beside {interp} on this host"
                    ))
                }
                None => {}
            }
        }
    }
    Ok(out)
}

/// EI_CLASS of an ELF file: 1 for 32-bit, 2 for 64-bit.
fn elf_class(file: &Path) -> Option<u8> {
    use std::io::Read;
    let mut ident = [0u8; 5];
    std::fs::File::open(file)
        .ok()?
        .read_exact(&mut ident)
        .ok()?;
    (ident[..4] == *b"\x7fELF").then_some(ident[4])
}

/// Size and modification time of every copied file: a glibc upgrade on the
/// host rebuilds the box.
pub fn fingerprint(entries: &[Entry]) -> String {
    use std::os::unix::fs::MetadataExt;
    entries
        .iter()
        .filter_map(|e| match e {
            Entry::Copy { from, .. } => Some(from.as_path()),
            _ => None,
        })
        .map(|p: &Path| {
            let (len, mtime) = std::fs::metadata(p)
                .map(|m| (m.len(), m.mtime()))
                .unwrap_or((0, 0));
            format!("{} {len} {mtime}\n", p.display())
        })
        .collect()
}
