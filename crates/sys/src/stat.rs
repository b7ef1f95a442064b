//! `stat(2)` through the `libc` crate's `stat`: on i686-unknown-linux-gnu
//! that is glibc's non-LFS `stat` with a 32-bit `st_ino`, what a C program
//! built without `_FILE_OFFSET_BITS=64` calls (catalogue D33); on 64-bit
//! targets and on musl, where ino_t is always 64-bit, the same call is LFS.

use std::ffi::CString;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

/// `st_ino` as `stat` reports it, or its error (EOVERFLOW when the inode
/// number does not fit the caller's `ino_t`).
pub fn stat_inode(path: &Path) -> io::Result<u64> {
    let c = CString::new(path.as_os_str().as_bytes()).map_err(io::Error::other)?;
    // SAFETY: st is plain data; all-zero is a valid value.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: c is NUL-terminated and st a valid out pointer of the type this
    // `stat` symbol fills.
    if unsafe { libc::stat(c.as_ptr(), &mut st) } != 0 {
        return Err(io::Error::last_os_error());
    }
    #[allow(clippy::useless_conversion)]
    Ok(u64::from(st.st_ino))
}

/// The `f_type` of overlayfs (linux/magic.h).
pub const OVERLAYFS_MAGIC: u64 = 0x794c_7630;

/// The file system type `statfs(2)` reports for `path` (`f_type`, a magic
/// number such as [`OVERLAYFS_MAGIC`]).
pub fn filesystem_type(path: &Path) -> io::Result<u64> {
    let c = CString::new(path.as_os_str().as_bytes()).map_err(io::Error::other)?;
    // SAFETY: statfs is plain data; all-zero is a valid value.
    let mut st: libc::statfs = unsafe { std::mem::zeroed() };
    // SAFETY: c is NUL-terminated and st a valid out pointer.
    if unsafe { libc::statfs(c.as_ptr(), &mut st) } != 0 {
        return Err(io::Error::last_os_error());
    }
    // f_type is signed or unsigned, 32 or 64 bits, by libc and arch; the
    // magic numbers fit in 32 bits.
    #[allow(clippy::unnecessary_cast)]
    Ok(st.f_type as u64 & 0xffff_ffff)
}

/// The width of `st_ino` in the `stat` struct this build uses, in bits.
pub fn ino_bits() -> u32 {
    // SAFETY: only the field's size is read, from a zeroed value.
    let st: libc::stat = unsafe { std::mem::zeroed() };
    (std::mem::size_of_val(&st.st_ino) * 8) as u32
}

#[cfg(test)]
mod tests {
    #[test]
    fn root_has_an_inode() {
        assert!(super::stat_inode(std::path::Path::new("/")).is_ok());
    }

    #[test]
    fn proc_is_procfs() {
        let got = super::filesystem_type(std::path::Path::new("/proc")).unwrap();
        assert_eq!(got, 0x9fa0, "got {got:#x}, want PROC_SUPER_MAGIC");
    }
}
