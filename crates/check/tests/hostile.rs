//! Hostile input: truncated files, garbage, absurd counts and sizes, byte
//! flips, symlink loops, FIFOs. Nothing may panic, hang, or allocate beyond
//! the file's size; every explicit error names the file in one line.

mod common;
use common::*;
use muslab_check::read_source::read_elf_bytes;
use std::path::Path;
use std::time::{Duration, Instant};

fn real_binary() -> Vec<u8> {
    let d = tempfile::tempdir().unwrap();
    std::fs::read(compile(d.path(), "subject", "gcc", &["-O2"], HELLO)).unwrap()
}

/// Deterministic pseudo-random numbers (no dependency, reproducible failures).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

fn put_u16(b: &mut [u8], off: usize, v: u16) {
    b[off..off + 2].copy_from_slice(&v.to_le_bytes());
}
fn put_u64(b: &mut [u8], off: usize, v: u64) {
    b[off..off + 8].copy_from_slice(&v.to_le_bytes());
}

#[test]
fn every_truncation_of_a_real_binary_is_an_error_or_a_result_never_a_panic() {
    let bin = real_binary();
    let mut errors = 0;
    for len in (0..bin.len())
        .step_by(97)
        .chain([0, 3, 4, 15, 16, 63, 64, 65])
    {
        if read_elf_bytes(&bin[..len]).is_err() {
            errors += 1;
        }
    }
    assert!(errors > 0, "short prefixes must be reported");
    // The header alone cannot be read as a complete file.
    let e = read_elf_bytes(&bin[..64]).unwrap_err().to_string();
    assert!(e.contains("truncated"), "{e}");
}

#[test]
fn random_byte_flips_do_not_panic() {
    let bin = real_binary();
    let mut rng = Lcg(0x5eed);
    let start = Instant::now();
    for _ in 0..1500 {
        let mut m = bin.clone();
        for _ in 0..(1 + rng.next() % 16) {
            let i = (rng.next() as usize) % m.len();
            m[i] = rng.next() as u8;
        }
        // Bias some flips into the headers, where the counts and offsets live.
        let i = (rng.next() as usize) % 64;
        m[i] ^= 1 << (rng.next() % 8);
        let _ = read_elf_bytes(&m);
    }
    assert!(
        start.elapsed() < Duration::from_secs(60),
        "mutants took {:?}",
        start.elapsed()
    );
}

#[test]
fn absurd_counts_and_sizes_are_refused_quickly() {
    let bin = real_binary();
    // e_shnum = 0xffff, e_phnum = 0xffff, e_shoff near the end.
    let mut a = bin.clone();
    put_u16(&mut a, 0x3c, 0xffff);
    put_u16(&mut a, 0x38, 0xffff);
    let mut b = bin.clone();
    put_u64(&mut b, 0x28, (bin.len() - 8) as u64);
    // Every section claims to be 2^60 bytes at offset 0.
    let mut c = bin.clone();
    let shoff = u64::from_le_bytes(bin[0x28..0x30].try_into().unwrap()) as usize;
    let shnum = u16::from_le_bytes(bin[0x3c..0x3e].try_into().unwrap()) as usize;
    for i in 1..shnum {
        put_u64(&mut c, shoff + i * 64 + 0x20, 1 << 60);
    }
    let start = Instant::now();
    for m in [a, b, c] {
        let _ = read_elf_bytes(&m);
    }
    assert!(start.elapsed() < Duration::from_secs(5));
}

#[test]
fn garbage_with_an_elf_magic_is_an_error() {
    let mut rng = Lcg(7);
    for n in [16usize, 64, 200, 4096] {
        let mut g: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
        g[..4].copy_from_slice(b"\x7fELF");
        g[4] = 2;
        g[5] = 1;
        assert!(read_elf_bytes(&g).is_err(), "{n} bytes of garbage");
    }
    assert_eq!(
        read_elf_bytes(b"#!/bin/sh\n").unwrap_err().to_string(),
        "not an ELF file"
    );
}

fn one_error_line(stderr: &str, path: &Path) {
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{stderr:?}");
    assert!(lines[0].contains(&path.display().to_string()), "{stderr:?}");
}

#[test]
fn explicit_bad_files_give_one_line_and_exit_2() {
    let d = tempfile::tempdir().unwrap();
    let bin = real_binary();
    let trunc = d.path().join("truncated");
    std::fs::write(&trunc, &bin[..100]).unwrap();
    // Not a script either (scripts are judged by their #! line: tests/scans.rs).
    let text_file = d.path().join("notes.txt");
    std::fs::write(&text_file, "echo hi\n").unwrap();
    let missing = d.path().join("missing");
    let fifo = d.path().join("fifo");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let looped = d.path().join("loop");
    std::os::unix::fs::symlink(&looped, &looped).unwrap();
    for (p, word) in [
        (&trunc, "truncated"),
        (&text_file, "not an ELF file"),
        (&missing, "no such file"),
        (&fifo, "not a regular file"),
        (&looped, "symlink"),
    ] {
        let o = cli(&[p.to_str().unwrap()]);
        assert_eq!(o.exit.code(), Some(2), "{}", p.display());
        let err = text(&o.stderr);
        one_error_line(&err, p);
        assert!(err.contains(word), "{err}");
    }
}

#[test]
fn tree_scans_skip_non_elf_and_go_on_past_errors() {
    let d = tempfile::tempdir().unwrap();
    let bin = real_binary();
    let t = d.path();
    std::fs::create_dir_all(t.join("a/b")).unwrap();
    std::fs::write(t.join("a/good"), &bin).unwrap();
    std::fs::write(t.join("a/b/truncated"), &bin[..200]).unwrap();
    std::fs::write(t.join("a/readme.txt"), "text").unwrap();
    std::fs::write(t.join("a/b/empty"), "").unwrap();
    std::os::unix::fs::symlink("..", t.join("a/b/up")).unwrap(); // directory loop through a symlink
    std::os::unix::fs::symlink("self", t.join("a/self")).unwrap();
    assert!(std::process::Command::new("mkfifo")
        .arg(t.join("a/fifo"))
        .status()
        .unwrap()
        .success());
    std::fs::write(t.join("a/z_good2"), &bin).unwrap();

    let start = Instant::now();
    let o = cli(&["--brief", t.to_str().unwrap()]);
    assert!(start.elapsed() < Duration::from_secs(30));
    let out = text(&o.stdout);
    let err = text(&o.stderr);
    assert_eq!(out.lines().count(), 2, "two good ELF files: {out}");
    assert!(
        out.contains("a/good:") && out.contains("a/z_good2:"),
        "{out}"
    );
    assert!(err.contains("a/b/truncated: truncated ELF file"), "{err}");
    assert!(
        !err.contains("readme") && !err.contains("empty"),
        "non-ELF skipped silently: {err}"
    );
    assert_eq!(o.exit.code(), Some(2));
}

#[test]
fn a_directory_of_many_files_is_scanned_in_bounded_time() {
    let d = tempfile::tempdir().unwrap();
    for i in 0..5000 {
        std::fs::write(d.path().join(format!("f{i}")), b"not elf").unwrap();
    }
    let start = Instant::now();
    let o = cli(&["--brief", d.path().to_str().unwrap()]);
    assert_eq!(o.exit.code(), Some(0));
    assert!(
        text(&o.stderr).contains("5000 non-ELF skipped"),
        "{}",
        text(&o.stderr)
    );
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "{:?}",
        start.elapsed()
    );
}

/// A shared library whose 2,000 exported names are all made to point into
/// one 200 KB name, each at a different offset: every name is distinct, and
/// reading them all would scan about 200 MB of string table.
fn library_with_overlapping_names(dir: &Path) -> Vec<u8> {
    use object::{Object, ObjectSection};
    let long = "n".repeat(200_000);
    let mut src = format!("void {long}(void) {{}}\n");
    for i in 0..2000 {
        src.push_str(&format!("void f{i}(void) {{}}\n"));
    }
    let lib = compile(dir, "libover.so", "gcc", &["-shared", "-fPIC", "-O0"], &src);
    let mut bytes = std::fs::read(lib).unwrap();
    let (sym_off, sym_size, long_at) = {
        let file = object::File::parse(&*bytes).unwrap();
        let (sym_off, sym_size) = file
            .section_by_name(".dynsym")
            .unwrap()
            .file_range()
            .unwrap();
        let (str_off, str_size) = file
            .section_by_name(".dynstr")
            .unwrap()
            .file_range()
            .unwrap();
        let strtab = &bytes[str_off as usize..(str_off + str_size) as usize];
        let long_at = strtab
            .windows(1000)
            .position(|w| w.iter().all(|&b| b == b'n'))
            .unwrap();
        (sym_off as usize, sym_size as usize, long_at)
    };
    // Elf64_Sym: st_name is the first 4 of its 24 bytes.
    for (i, entry) in (sym_off..sym_off + sym_size)
        .step_by(24)
        .enumerate()
        .skip(1)
    {
        let name = (long_at + i * 97 % 190_000) as u32;
        bytes[entry..entry + 4].copy_from_slice(&name.to_le_bytes());
    }
    bytes
}

#[test]
fn names_overlapping_in_one_long_string_stop_the_reading_and_make_verdicts_unsure() {
    let d = tempfile::tempdir().unwrap();
    let bytes = library_with_overlapping_names(d.path());
    let facts = read_elf_bytes(&bytes).unwrap();
    assert!(facts.symbols_incomplete);
    assert!(
        facts.warnings.iter().any(|w| w.contains("names overlap")),
        "{:?}",
        facts.warnings
    );
    assert!(
        facts.exports.len() < 100,
        "{} names read",
        facts.exports.len()
    );

    let path = d.path().join("libhostile.so");
    std::fs::write(&path, &bytes).unwrap();
    let o = cli(&["--json", path.to_str().unwrap()]);
    assert_eq!(o.exit.code(), Some(0), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    let f = &v["files"][0];
    assert_eq!(f["elf"]["symbols_incomplete"], true);
    let host = verdict_of(f, "host");
    assert_eq!(host["verdict"], "unknown", "{host}");
    assert!(
        host["why"].as_str().unwrap().contains("names overlap"),
        "{host}"
    );
}
