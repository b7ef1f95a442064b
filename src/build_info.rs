//! What this probe binary is: embedded by build.rs, completed from the running
//! process (linkage and interpreter from its own program headers).

use muslab_report::{BuildInfo, HostInfo, Libc, Linkage};
use muslab_sys::{elf_self, libc_version, uname};

/// The build facts plus what the running image says about itself.
pub fn embedded() -> BuildInfo {
    let image = elf_self::inspect();
    let linkage = match (&image.interpreter, image.has_dynamic) {
        (Some(_), _) => Linkage::Dynamic,
        (None, true) => Linkage::StaticPie,
        (None, false) => Linkage::Static,
    };
    BuildInfo {
        target: env!("MUSLAB_TARGET").to_owned(),
        libc: match env!("MUSLAB_LIBC") {
            "glibc" => Libc::Glibc,
            "musl" => Libc::Musl,
            _ => Libc::Other,
        },
        libc_version: env!("MUSLAB_LIBC_VERSION").to_owned(),
        libc_version_source: env!("MUSLAB_LIBC_VERSION_SOURCE").to_owned(),
        runtime_libc_version: libc_version::runtime(),
        linkage,
        interpreter: image.interpreter,
        pointer_width: usize::BITS,
        rustc: env!("MUSLAB_RUSTC").to_owned(),
    }
}

/// The kernel as seen through `uname`, or why it could not be seen.
pub fn host() -> HostInfo {
    match uname::uname() {
        Ok(u) => HostInfo {
            sysname: Some(u.sysname),
            release: Some(u.release),
            machine: Some(u.machine),
            uname_error: None,
        },
        Err(e) => HostInfo {
            sysname: None,
            release: None,
            machine: None,
            uname_error: Some(e.to_string()),
        },
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn build_info_matches_this_build() {
        let b = super::embedded();
        assert_eq!(b.pointer_width as usize, std::mem::size_of::<usize>() * 8);
        assert!(b.rustc.starts_with("rustc "), "{}", b.rustc);
        assert!(
            b.libc_version
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit()),
            "{b:?}"
        );
    }
}
