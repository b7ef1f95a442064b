//! The exact words users see when a start fails, per loader. Kept in one
//! place so tests and the lab's matrix can compare them with reality.

/// exec() of a file whose PT_INTERP does not exist returns ENOENT; shells
/// then blame the program itself (S1). busybox ash (Alpine) prints this.
pub fn missing_interpreter_sh(prog: &str) -> String {
    format!("sh: {prog}: not found")
}

/// bash >= 5.1's wording for the same ENOENT.
pub fn missing_interpreter_bash(prog: &str) -> String {
    format!("bash: {prog}: cannot execute: required file not found")
}

/// glibc ld.so, DT_NEEDED not found.
pub fn glibc_missing_library(prog: &str, lib: &str) -> String {
    format!("{prog}: error while loading shared libraries: {lib}: cannot open shared object file: No such file or directory")
}

/// glibc ld.so, a needed symbol version is not defined by the library.
pub fn glibc_missing_version(
    prog: &str,
    lib_path: &str,
    version: &str,
    required_by: &str,
) -> String {
    format!("{prog}: {lib_path}: version `{version}' not found (required by {required_by})")
}

/// glibc ld.so, undefined symbol (at start-up for data and BIND_NOW, at the first call otherwise: D02).
pub fn glibc_undefined_symbol(prog: &str, object: &str, sym: &str) -> String {
    format!("{prog}: symbol lookup error: {object}: undefined symbol: {sym}")
}

/// musl ldso, DT_NEEDED not found.
pub fn musl_missing_library(lib: &str, needed_by: &str) -> String {
    format!("Error loading shared library {lib}: No such file or directory (needed by {needed_by})")
}

/// musl ldso, symbol not exported by anything loaded.
pub fn musl_missing_symbol(object: &str, sym: &str) -> String {
    format!("Error relocating {object}: {sym}: symbol not found")
}

/// musl ldso, relocation type it does not implement (IRELATIVE is 37 on x86_64, D05).
pub fn musl_unsupported_relocation(object: &str, rtype: u32) -> String {
    format!("Error relocating {object}: unsupported relocation type {rtype}")
}

/// The kernel cannot run the machine type.
pub fn exec_format_error(prog: &str) -> String {
    format!("bash: {prog}: cannot execute binary file: Exec format error")
}
