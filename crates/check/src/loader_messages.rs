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

/// glibc ld.so, DT_NEEDED met only as a file that is not ELF (a linker
/// script named like the library).
pub fn glibc_invalid_elf_header(prog: &str, path: &str) -> String {
    format!("{prog}: error while loading shared libraries: {path}: invalid ELF header")
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

/// A file with DT_RELR under musl < 1.2.4: the loader skips the packed
/// relative relocations, the first relocated pointer is wrong and the
/// process dies; the shell reports the signal.
pub fn relr_crash(object: &str) -> String {
    format!("{object}: Segmentation fault (DT_RELR relocations not applied)")
}

/// The kernel cannot run the machine type.
pub fn exec_format_error(prog: &str) -> String {
    format!("bash: {prog}: cannot execute binary file: Exec format error")
}

/// A container engine's OCI runtime (runc, as podman and docker use it)
/// when exec() of the container's command returns ENOENT, which is also what
/// a missing PT_INTERP gives: the runtime's own words, exit status 1 under
/// podman, not a shell's.
pub fn oci_runtime_exec_enoent(prog: &str) -> String {
    format!("exec {prog}: no such file or directory")
}

/// Whether a failed start's stderr is the OCI runtime refusing to exec the
/// program (see [`oci_runtime_exec_enoent`]) rather than the program's own
/// output.
pub fn is_oci_runtime_exec_failure(stderr: &str) -> bool {
    stderr
        .lines()
        .any(|l| l.starts_with("exec ") && l.ends_with(": no such file or directory"))
}

/// qemu-user's words when a foreign program's PT_INTERP is absent (without
/// `-L`, qemu looks for the loader in this machine's own root); qemu then
/// exits with status 255 before any guest code ran.
pub fn qemu_missing_interpreter(emulator: &str, interp: &str) -> String {
    format!("{emulator}: Could not open '{interp}': No such file or directory")
}

/// Whether stderr shows qemu-user refusing to start a program (it could not
/// open the program's loader).
pub fn is_qemu_start_failure(stderr: &str) -> bool {
    stderr
        .lines()
        .any(|l| l.starts_with("qemu-") && l.contains(": Could not open '"))
}

/// Which of the failures above a start's stderr shows: the inverse of the
/// messages above, for comparing a prediction with a real run. musl's loader
/// reports every problem before it gives up, so one stderr can show several.
/// The shells' and loaders' wordings are matched, not the program's name.
pub fn reasons_shown(stderr: &str) -> Vec<crate::verdict::FailReason> {
    use crate::verdict::FailReason as R;
    let has = |w: &str| stderr.contains(w);
    let mut out = Vec::new();
    if has("unsupported relocation type") || has("Segmentation fault") {
        out.push(R::UnsupportedRelocation);
    }
    if has(": symbol not found") || has("undefined symbol: ") {
        out.push(R::MissingSymbol);
    }
    if has("version `") && has("' not found") {
        out.push(R::MissingVersion);
    }
    // dlopen()'s dlerror() has glibc's words without the program's prefix.
    if has("error while loading shared libraries")
        || has("Error loading shared library")
        || has("cannot open shared object file")
        || has(": invalid ELF header")
    {
        out.push(R::MissingLibrary);
    }
    if has("Exec format error") {
        out.push(R::WrongArchitecture);
    }
    if out.is_empty()
        && (has(": not found")
            || has("required file not found")
            || has("No such file or directory")
            || is_oci_runtime_exec_failure(stderr))
    {
        out.push(R::MissingInterpreter);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verdict::FailReason as R;

    #[test]
    fn every_message_shows_its_own_reason() {
        let cases = [
            (missing_interpreter_sh("/x"), R::MissingInterpreter),
            (missing_interpreter_bash("./x"), R::MissingInterpreter),
            (
                glibc_missing_library("./x", "libfoo.so.1"),
                R::MissingLibrary,
            ),
            (
                musl_missing_library("libgcc_s.so.1", "/x"),
                R::MissingLibrary,
            ),
            (
                glibc_missing_version("./x", "/lib/libc.so.6", "GLIBC_2.34", "./x"),
                R::MissingVersion,
            ),
            (
                glibc_undefined_symbol("./x", "./x", "gnu_get_libc_version"),
                R::MissingSymbol,
            ),
            (
                musl_missing_symbol("/x", "__register_atfork"),
                R::MissingSymbol,
            ),
            (
                musl_unsupported_relocation("/x", 37),
                R::UnsupportedRelocation,
            ),
            (exec_format_error("./x"), R::WrongArchitecture),
            (
                glibc_invalid_elf_header("./x", "/lib/x86_64-linux-gnu/libc.so"),
                R::MissingLibrary,
            ),
            (
                "libfoo.so.1: cannot open shared object file: No such file or directory".into(),
                R::MissingLibrary,
            ),
            (
                "/lib/x86_64-linux-gnu/libc.so: invalid ELF header".into(),
                R::MissingLibrary,
            ),
            (relr_crash("/x"), R::UnsupportedRelocation),
            (oci_runtime_exec_enoent("/x"), R::MissingInterpreter),
            (
                qemu_missing_interpreter("qemu-aarch64-static", "/lib/ld-linux-aarch64.so.1"),
                R::MissingInterpreter,
            ),
        ];
        for (message, want) in cases {
            assert_eq!(reasons_shown(&message), vec![want], "message {message:?}");
        }
        assert_eq!(reasons_shown("thread 'main' panicked"), vec![]);
        let qemu = qemu_missing_interpreter("qemu-aarch64-static", "/lib/ld-linux-aarch64.so.1");
        assert!(is_qemu_start_failure(&qemu), "got false for {qemu:?}");
        assert!(!is_qemu_start_failure(&missing_interpreter_sh("/x")));
        let both = format!(
            "{}\n{}",
            musl_missing_library("libgcc_s.so.1", "/x"),
            musl_missing_symbol("/x", "_Unwind_Resume")
        );
        assert_eq!(
            reasons_shown(&both),
            vec![R::MissingSymbol, R::MissingLibrary]
        );
    }
}
