//! Archives users ship: Python wheels (zip) and tarballs (.tar, .tar.gz).
//! Every ELF member is judged like a file, named `ARCHIVE!/member`. Members
//! are read into memory with a size cap, so a hostile archive cannot exhaust it.
//! For wheels, the platform tag in the file name is checked against the
//! members: `manylinux_X_Y` promises glibc <= X.Y, `musllinux_X_Y` promises musl.

use crate::analysis::{check_member, FileReport, Options};
use crate::elf_facts::ElfFacts;
use crate::floors::DottedVersion;
use crate::inputs::ArchiveKind;
use crate::read_source::read_elf_bytes;
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

/// Largest member we read (bytes).
pub const MAX_MEMBER_BYTES: u64 = 1 << 30;
/// Most members we look at in one archive.
const MAX_MEMBERS: usize = 200_000;

/// What came out of one archive.
#[derive(Debug, Default)]
pub struct ArchiveOutcome {
    pub reports: Vec<FileReport>,
    /// (member display name, error)
    pub errors: Vec<(String, String)>,
    /// Tag promises the members break.
    pub tag_problems: Vec<String>,
}

/// Opens and judges an archive.
pub fn check_archive(
    path: &Path,
    kind: ArchiveKind,
    opts: &Options,
) -> Result<ArchiveOutcome, String> {
    let file = std::fs::File::open(path).map_err(|e| crate::read_source::io_text(&e))?;
    let mut out = ArchiveOutcome::default();
    let display = path.display().to_string();
    // Every ELF member is read first, then each is judged among the others:
    // `$ORIGIN` libraries (`<pkg>.libs/`) are members too.
    let mut read: Vec<(String, ElfFacts)> = Vec::new();
    let mut judge = |name: &str, bytes: Vec<u8>, out: &mut ArchiveOutcome| {
        if !bytes.starts_with(b"\x7fELF") {
            return;
        }
        match read_elf_bytes(&bytes) {
            Ok(f) => read.push((name.to_string(), f)),
            Err(e) => out
                .errors
                .push((format!("{display}!/{name}"), e.to_string())),
        }
    };
    match kind {
        ArchiveKind::Zip => {
            let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file))
                .map_err(|e| format!("not a readable zip/wheel: {e}"))?;
            for i in 0..zip.len().min(MAX_MEMBERS) {
                let mut entry = match zip.by_index(i) {
                    Ok(e) => e,
                    Err(e) => {
                        out.errors.push((format!("{display}!/#{i}"), e.to_string()));
                        continue;
                    }
                };
                if !entry.is_file() {
                    continue;
                }
                let name = entry.name().to_string();
                let size = entry.size();
                match read_capped(&mut entry, size) {
                    Ok(bytes) => judge(&name, bytes, &mut out),
                    Err(e) => out.errors.push((format!("{display}!/{name}"), e)),
                }
            }
        }
        ArchiveKind::Tar | ArchiveKind::TarGz => {
            let reader: Box<dyn Read> = if kind == ArchiveKind::TarGz {
                Box::new(flate2::read::GzDecoder::new(std::io::BufReader::new(file)))
            } else {
                Box::new(std::io::BufReader::new(file))
            };
            let mut tar = tar::Archive::new(reader);
            let entries = tar
                .entries()
                .map_err(|e| format!("not a readable tarball: {e}"))?;
            for (n, entry) in entries.enumerate() {
                if n >= MAX_MEMBERS {
                    break;
                }
                let mut entry = match entry {
                    Ok(e) => e,
                    Err(e) => {
                        // A broken tar stream cannot be resumed: report and stop.
                        out.errors
                            .push((format!("{display}!/#{n}"), format!("corrupt tarball: {e}")));
                        break;
                    }
                };
                if !entry.header().entry_type().is_file() {
                    continue;
                }
                let name = entry
                    .path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|_| format!("#{n}"));
                let size = entry.size();
                match read_capped(&mut entry, size) {
                    Ok(bytes) => judge(&name, bytes, &mut out),
                    Err(e) => out.errors.push((format!("{display}!/{name}"), e)),
                }
            }
        }
    }
    let members: HashMap<String, Arc<ElfFacts>> = read
        .iter()
        .map(|(n, f)| (crate::bundled::normalize(n), Arc::new(f.clone())))
        .collect();
    for (name, facts) in read {
        let member = crate::bundled::normalize(&name);
        let shown = format!("{display}!/{name}");
        out.reports
            .push(check_member(facts, &shown, &member, &members, opts));
    }
    if kind == ArchiveKind::Zip && display.ends_with(".whl") {
        out.tag_problems = wheel_tag_problems(path, &out.reports);
    }
    Ok(out)
}

fn read_capped(r: &mut dyn Read, declared: u64) -> Result<Vec<u8>, String> {
    if declared > MAX_MEMBER_BYTES {
        return Err(format!(
            "member of {declared} bytes is larger than the {MAX_MEMBER_BYTES}-byte limit"
        ));
    }
    let mut head = [0u8; 4];
    let mut got = 0;
    while got < 4 {
        match r.read(&mut head[got..]) {
            Ok(0) => return Ok(head[..got].to_vec()),
            Ok(n) => got += n,
            Err(e) => return Err(format!("cannot read member: {e}")),
        }
    }
    if head != *b"\x7fELF" {
        return Ok(head.to_vec()); // not ELF: caller skips it; don't decompress the rest
    }
    let mut bytes = head.to_vec();
    r.take(MAX_MEMBER_BYTES)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read member: {e}"))?;
    Ok(bytes)
}

/// Platform tags of a wheel file name: `name-ver(-build)?-py-abi-plat.whl`.
pub fn wheel_platform_tags(path: &Path) -> Vec<String> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let Some(stem) = name.strip_suffix(".whl") else {
        return vec![];
    };
    let parts: Vec<&str> = stem.split('-').collect();
    if parts.len() < 5 {
        return vec![];
    }
    parts[parts.len() - 1]
        .split('.')
        .map(str::to_string)
        .collect()
}

fn wheel_tag_problems(path: &Path, reports: &[FileReport]) -> Vec<String> {
    let mut problems = Vec::new();
    for tag in wheel_platform_tags(path) {
        if let Some(rest) = tag.strip_prefix("manylinux_") {
            let mut it = rest.splitn(3, '_');
            let (Some(major), Some(minor)) = (it.next(), it.next()) else {
                continue;
            };
            let Some(promise) = DottedVersion::parse(&format!("{major}.{minor}")) else {
                continue;
            };
            for r in reports {
                if let Some(f) = r.floors.glibc.as_ref().filter(|f| f.version > promise) {
                    problems.push(format!(
                        "tag {tag} promises glibc <= {promise}, but {} needs {}",
                        r.path, f.version_name
                    ));
                }
            }
        } else if tag.starts_with("musllinux_") {
            for r in reports {
                if r.verdict(crate::environment_id::EnvironmentId::MuslRootfs)
                    .is_some_and(|v| !v.verdict.starts())
                {
                    problems.push(format!(
                        "tag {tag} promises musl, but {} does not load on musl",
                        r.path
                    ));
                }
            }
        }
    }
    problems
}
