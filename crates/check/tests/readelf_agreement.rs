//! This machine's real binaries: no crash, and the facts agree with binutils'
//! `readelf` on a bounded, deterministic sample (every k-th ELF file of
//! /usr/bin and /usr/lib/x86_64-linux-gnu, 200 at most).

use muslab_check::floors::{split_version_name, DottedVersion};
use muslab_check::read_source::has_elf_magic;
use std::path::PathBuf;
use std::process::Command;

const SAMPLE: usize = 200;

fn sample() -> Vec<PathBuf> {
    let mut all = Vec::new();
    for dir in ["/usr/bin", "/usr/lib/x86_64-linux-gnu"] {
        let Ok(rd) = std::fs::read_dir(dir) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            let Ok(ft) = e.file_type() else { continue };
            if ft.is_file() && has_elf_magic(&p).unwrap_or(false) {
                all.push(p);
            }
        }
    }
    all.sort();
    assert!(
        all.len() >= 50,
        "expected a Debian system with binaries, found {}",
        all.len()
    );
    let step = all.len().div_ceil(SAMPLE).max(1);
    all.into_iter().step_by(step).collect()
}

fn readelf(args: &[&str], p: &PathBuf) -> String {
    let o = Command::new("readelf")
        .args(args)
        .arg(p)
        .output()
        .expect("readelf (binutils) is installed");
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Highest GLIBC_x.y in the "Version needs" part of `readelf -V`.
fn readelf_glibc_floor(text: &str) -> Option<DottedVersion> {
    let mut in_needs = false;
    let mut best: Option<DottedVersion> = None;
    for line in text.lines() {
        if line.starts_with("Version needs section") {
            in_needs = true;
        } else if line.starts_with("Version ") {
            in_needs = false;
        }
        if !in_needs {
            continue;
        }
        if let Some(name) = line
            .split("Name: ")
            .nth(1)
            .and_then(|s| s.split_whitespace().next())
        {
            if let Some(("GLIBC", v)) = split_version_name(name) {
                if best.as_ref().is_none_or(|b| v > *b) {
                    best = Some(v);
                }
            }
        }
    }
    best
}

fn readelf_needed(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| l.contains("(NEEDED)"))
        .filter_map(|l| {
            l.split('[')
                .nth(1)
                .and_then(|s| s.split(']').next())
                .map(str::to_string)
        })
        .collect()
}

fn readelf_interp(text: &str) -> Option<String> {
    text.lines()
        .find_map(|l| l.split("[Requesting program interpreter: ").nth(1))
        .map(|s| s.trim_end_matches(']').to_string())
}

#[test]
fn floors_needed_and_interpreter_agree_with_readelf_on_a_sample() {
    let files = sample();
    let mut compared = 0;
    let mut with_floor = 0;
    for p in &files {
        let r = muslab_check::predict(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        let ours = r.floors.glibc.as_ref().map(|f| f.version.clone());
        let theirs = readelf_glibc_floor(&readelf(&["-V", "--wide"], p));
        assert_eq!(ours, theirs, "{}: glibc floor", p.display());
        assert_eq!(
            r.elf.needed,
            readelf_needed(&readelf(&["-d", "--wide"], p)),
            "{}: NEEDED",
            p.display()
        );
        assert_eq!(
            r.elf.interpreter,
            readelf_interp(&readelf(&["-l", "--wide"], p)),
            "{}: PT_INTERP",
            p.display()
        );
        compared += 1;
        with_floor += usize::from(ours.is_some());
    }
    eprintln!("compared {compared} files with readelf ({with_floor} with a glibc floor)");
    assert!(
        with_floor > compared / 2,
        "the sample should be mostly glibc-linked files"
    );
}
