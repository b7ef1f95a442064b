//! A container image's root file system from the tarballs engines write:
//! `docker save` / `podman save` (a `manifest.json` naming layer tarballs,
//! applied in order) or `docker export` (the flattened root itself).
//! Whiteouts are honoured as the OCI layer format defines them: `.wh.NAME`
//! deletes NAME from the layers below, `.wh..wh..opq` empties its directory.

use std::io::Read;
use std::path::{Component, Path, PathBuf};

const WHITEOUT: &str = ".wh.";
const OPAQUE: &str = ".wh..wh..opq";

/// Extracts the root file system in `tarball` into `into` (created).
pub fn extract(tarball: &Path, into: &Path) -> Result<(), String> {
    let err = |e: std::io::Error| format!("{}: {e}", tarball.display());
    std::fs::create_dir_all(into).map_err(err)?;
    let manifest = read_member(tarball, "manifest.json")?;
    let Some(manifest) = manifest else {
        // `docker export`: the root itself, one layer.
        return apply_layer(open(tarball)?, into);
    };
    let layers = layer_names(&manifest)?;
    for layer in layers {
        let bytes = read_member(tarball, &layer)?.ok_or_else(|| {
            format!(
                "{}: manifest names {layer}, which is missing",
                tarball.display()
            )
        })?;
        apply_layer(decompressed(bytes)?, into).map_err(|e| format!("layer {layer}: {e}"))?;
    }
    Ok(())
}

fn open(path: &Path) -> Result<Box<dyn Read>, String> {
    let mut f = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut magic = [0u8; 2];
    let n = f
        .read(&mut magic)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let f = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(if n == 2 && magic == [0x1f, 0x8b] {
        Box::new(flate2::read::GzDecoder::new(f))
    } else {
        Box::new(f)
    })
}

fn decompressed(bytes: Vec<u8>) -> Result<Box<dyn Read>, String> {
    Ok(if bytes.starts_with(&[0x1f, 0x8b]) {
        Box::new(flate2::read::GzDecoder::new(std::io::Cursor::new(bytes)))
    } else {
        Box::new(std::io::Cursor::new(bytes))
    })
}

/// The bytes of one member of the outer tarball, if present.
fn read_member(tarball: &Path, name: &str) -> Result<Option<Vec<u8>>, String> {
    let mut archive = tar::Archive::new(open(tarball)?);
    let entries = archive
        .entries()
        .map_err(|e| format!("{}: {e}", tarball.display()))?;
    for entry in entries {
        let mut entry = entry.map_err(|e| format!("{}: {e}", tarball.display()))?;
        let path = entry.path().map_err(|e| e.to_string())?.into_owned();
        if path.strip_prefix("./").unwrap_or(&path) == Path::new(name) {
            let mut bytes = Vec::new();
            entry
                .read_to_end(&mut bytes)
                .map_err(|e| format!("{name}: {e}"))?;
            return Ok(Some(bytes));
        }
    }
    Ok(None)
}

/// `[{"Layers": ["a/layer.tar", ...]}]`: the first image's layers, bottom first.
fn layer_names(manifest: &[u8]) -> Result<Vec<String>, String> {
    let v: serde_json::Value =
        serde_json::from_slice(manifest).map_err(|e| format!("manifest.json: {e}"))?;
    v.get(0)
        .and_then(|i| i.get("Layers"))
        .and_then(|l| l.as_array())
        .map(|l| {
            l.iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect()
        })
        .ok_or_else(|| "manifest.json: no Layers".to_owned())
}

/// A member path made relative and free of `..`, or `None` to skip it.
fn clean(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::Normal(p) => out.push(p),
            Component::CurDir | Component::RootDir => {}
            Component::ParentDir | Component::Prefix(_) => return None,
        }
    }
    (!out.as_os_str().is_empty()).then_some(out)
}

fn remove_any(p: &Path) {
    match std::fs::symlink_metadata(p) {
        Ok(m) if m.is_dir() => {
            let _ = std::fs::remove_dir_all(p);
        }
        Ok(_) => {
            let _ = std::fs::remove_file(p);
        }
        Err(_) => {}
    }
}

fn apply_layer(reader: Box<dyn Read>, into: &Path) -> Result<(), String> {
    let mut archive = tar::Archive::new(reader);
    archive.set_preserve_permissions(true);
    let entries = archive.entries().map_err(|e| e.to_string())?;
    for entry in entries {
        let mut entry = entry.map_err(|e| e.to_string())?;
        let raw = entry.path().map_err(|e| e.to_string())?.into_owned();
        let Some(rel) = clean(&raw) else { continue };
        let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let dir = into.join(rel.parent().unwrap_or(Path::new("")));
        if name == OPAQUE {
            if let Ok(children) = std::fs::read_dir(&dir) {
                for c in children.flatten() {
                    remove_any(&c.path());
                }
            }
            continue;
        }
        if let Some(hidden) = name.strip_prefix(WHITEOUT) {
            remove_any(&dir.join(hidden));
            continue;
        }
        let target = into.join(&rel);
        // A later layer replaces a file (or a directory with a non-directory).
        if !(entry.header().entry_type().is_dir() && target.is_dir()) {
            remove_any(&target);
        }
        entry
            .unpack_in(into)
            .map_err(|e| format!("{}: {e}", rel.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tar_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut b = tar::Builder::new(Vec::new());
        for (path, data) in files {
            let mut h = tar::Header::new_gnu();
            h.set_size(data.len() as u64);
            h.set_mode(0o755);
            h.set_cksum();
            b.append_data(&mut h, path, *data).unwrap();
        }
        b.into_inner().unwrap()
    }

    #[test]
    fn a_saved_image_applies_its_layers_in_order_with_whiteouts() {
        let dir = tempfile::tempdir().unwrap();
        let lower = tar_of(&[
            ("bin/sh", b"old"),
            ("lib/gone.so", b"x"),
            ("etc/a/keep", b"k"),
        ]);
        let upper = tar_of(&[
            ("bin/sh", b"new"),
            ("lib/.wh.gone.so", b""),
            ("etc/a/.wh..wh..opq", b""),
            ("etc/a/fresh", b"f"),
        ]);
        let manifest = br#"[{"Config":"c.json","Layers":["l1/layer.tar","l2/layer.tar"]}]"#;
        let saved = tar_of(&[
            ("manifest.json", manifest),
            ("l1/layer.tar", &lower),
            ("l2/layer.tar", &upper),
        ]);
        let file = dir.path().join("saved.tar");
        std::fs::write(&file, saved).unwrap();
        let root = dir.path().join("root");
        extract(&file, &root).unwrap();
        assert_eq!(std::fs::read(root.join("bin/sh")).unwrap(), b"new");
        assert!(!root.join("lib/gone.so").exists(), "whiteout not applied");
        assert!(!root.join("etc/a/keep").exists(), "opaque dir not emptied");
        assert_eq!(std::fs::read(root.join("etc/a/fresh")).unwrap(), b"f");
        assert!(!root.join("lib/.wh.gone.so").exists());
    }

    #[test]
    fn member_paths_stay_inside_the_root() {
        assert_eq!(clean(Path::new("./a/b")), Some(PathBuf::from("a/b")));
        assert_eq!(clean(Path::new("/etc/x")), Some(PathBuf::from("etc/x")));
        assert_eq!(clean(Path::new("a/../../x")), None);
        assert_eq!(clean(Path::new("./")), None);
    }

    #[test]
    fn an_exported_root_is_extracted_as_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("export.tar");
        std::fs::write(&file, tar_of(&[("./usr/bin/app", b"elf")])).unwrap();
        let root = dir.path().join("root");
        extract(&file, &root).unwrap();
        assert_eq!(std::fs::read(root.join("usr/bin/app")).unwrap(), b"elf");
    }
}
