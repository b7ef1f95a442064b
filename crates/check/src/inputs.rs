//! Turns the command line's paths into work items. Directories are walked
//! without following symlinks (so symlink loops cannot trap the walk, and a
//! library reached through a link is not judged twice); only regular files are
//! opened (a FIFO in a tree would block). Files named explicitly are followed.

use std::ffi::OsString;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

/// Something to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A file. `explicit`: named on the command line, so "not ELF" is an error, not a skip.
    File { path: PathBuf, explicit: bool },
    /// A wheel/zip or tarball named on the command line.
    Archive { path: PathBuf, kind: ArchiveKind },
    /// A path that could not be used.
    Error { path: PathBuf, error: String },
}

/// Archive formats we open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArchiveKind {
    Zip,
    Tar,
    TarGz,
}

/// The archive kind a file name suggests.
pub fn archive_kind(path: &Path) -> Option<ArchiveKind> {
    let name = path.file_name()?.to_string_lossy().to_lowercase();
    if name.ends_with(".whl") || name.ends_with(".zip") {
        Some(ArchiveKind::Zip)
    } else if name.ends_with(".tar.gz") || name.ends_with(".tgz") {
        Some(ArchiveKind::TarGz)
    } else if name.ends_with(".tar") {
        Some(ArchiveKind::Tar)
    } else {
        None
    }
}

/// Expands one command-line path into items, calling `sink` for each in walk
/// order, until the walk ends or `sink` says stop (its reader is gone).
pub fn expand(path: &Path, sink: &mut dyn FnMut(Item) -> ControlFlow<()>) -> ControlFlow<()> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            let error = if std::fs::symlink_metadata(path).is_ok() {
                format!(
                    "dangling or looping symlink: {}",
                    crate::read_source::io_text(&e)
                )
            } else {
                crate::read_source::io_text(&e)
            };
            return sink(Item::Error {
                path: path.to_path_buf(),
                error,
            });
        }
    };
    if meta.is_dir() {
        walk_dir(path, sink)
    } else if meta.is_file() {
        match archive_kind(path) {
            Some(kind) => sink(Item::Archive {
                path: path.to_path_buf(),
                kind,
            }),
            None => sink(Item::File {
                path: path.to_path_buf(),
                explicit: true,
            }),
        }
    } else {
        sink(Item::Error {
            path: path.to_path_buf(),
            error: "not a regular file or directory".into(),
        })
    }
}

fn walk_dir(top: &Path, sink: &mut dyn FnMut(Item) -> ControlFlow<()>) -> ControlFlow<()> {
    let mut stack = vec![top.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) => {
                sink(Item::Error {
                    path: dir,
                    error: format!("cannot read directory: {}", crate::read_source::io_text(&e)),
                })?;
                continue;
            }
        };
        let mut names: Vec<(OsString, std::fs::FileType)> = Vec::new();
        for entry in entries {
            match entry.and_then(|e| Ok((e.file_name(), e.file_type()?))) {
                Ok(x) => names.push(x),
                Err(e) => sink(Item::Error {
                    path: dir.clone(),
                    error: crate::read_source::io_text(&e),
                })?,
            }
        }
        // Siblings: comparing names is comparing paths, without re-splitting the parent.
        names.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut subdirs = Vec::new();
        for (name, ft) in names {
            let path = dir.join(name);
            if ft.is_dir() {
                subdirs.push(path);
            } else if ft.is_file() {
                sink(Item::File {
                    path,
                    explicit: false,
                })?;
            }
        }
        // Depth-first in name order.
        stack.extend(subdirs.into_iter().rev());
    }
    ControlFlow::Continue(())
}
