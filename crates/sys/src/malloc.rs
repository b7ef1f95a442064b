//! `realloc(p, 0)`: glibc frees and returns NULL, musl returns a new
//! minimal block (catalogue D20).

/// Whether `realloc(malloc(16), 0)` returned NULL. A non-NULL result is freed.
/// The pointers pass through `black_box`: LLVM knows malloc and realloc and
/// would otherwise remove the unused pair and fold the answer at build time.
pub fn realloc_to_zero_is_null() -> bool {
    // SAFETY: p comes from malloc; realloc's result is either NULL (p freed)
    // or a block we free here.
    unsafe {
        let p = std::hint::black_box(libc::malloc(16));
        let q = std::hint::black_box(libc::realloc(p, 0));
        if q.is_null() {
            true
        } else {
            libc::free(q);
            false
        }
    }
}

#[cfg(test)]
mod tests {
    /// The test binary is built against the host's libc: glibc here.
    #[cfg(target_env = "gnu")]
    #[test]
    fn glibc_frees_and_returns_null() {
        assert!(super::realloc_to_zero_is_null(), "got non-NULL, want NULL");
    }
}
