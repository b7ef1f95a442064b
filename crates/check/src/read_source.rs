//! Opening inputs for the ELF reader: a file on disk through
//! `object::ReadCache` (only the parts needed are read), or bytes held in
//! memory (archive members). Also a process-wide cache of libraries' facts,
//! since every program of a tree needs libc.so.6's.

use crate::elf_facts::ElfFacts;
use crate::elf_read::{read_elf, ElfError};
use object::read::ReadCache;
use std::collections::HashMap;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Why a path could not be checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    Io(String),
    Elf(ElfError),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Io(e) => write!(f, "{e}"),
            Self::Elf(e) => write!(f, "{e}"),
        }
    }
}

/// Whether the first bytes of a file are the ELF magic (cheap pre-filter for tree scans).
pub fn has_elf_magic(path: &Path) -> std::io::Result<bool> {
    let mut f = File::open(path)?;
    let mut magic = [0u8; 4];
    let mut got = 0;
    while got < 4 {
        match f.read(&mut magic[got..])? {
            0 => return Ok(false),
            n => got += n,
        }
    }
    Ok(magic == *b"\x7fELF")
}

/// Reads the facts of the ELF file at `path`.
pub fn read_elf_file(path: &Path) -> Result<ElfFacts, ReadError> {
    let meta = std::fs::metadata(path).map_err(|e| ReadError::Io(io_text(&e)))?;
    if !meta.is_file() {
        return Err(ReadError::Io("not a regular file".into()));
    }
    let file = File::open(path).map_err(|e| ReadError::Io(io_text(&e)))?;
    let cache = ReadCache::new(file);
    read_elf(&cache).map_err(ReadError::Elf)
}

/// Reads the facts of an in-memory ELF image. Copies into a fresh buffer,
/// because the ELF structures must be aligned and an archive member's bytes
/// may start anywhere.
pub fn read_elf_bytes(bytes: &[u8]) -> Result<ElfFacts, ElfError> {
    let mut aligned: Vec<u64> = vec![0; bytes.len().div_ceil(8)];
    let view = as_bytes_mut(&mut aligned);
    view[..bytes.len()].copy_from_slice(bytes);
    read_elf(&view[..bytes.len()])
}

fn as_bytes_mut(words: &mut [u64]) -> &mut [u8] {
    // A u64 slice seen as its bytes, without unsafe: object's Pod helper does the cast.
    object::pod::bytes_of_slice_mut(words)
}

/// An I/O error as a short lower-case text (no "(os error 2)").
pub fn io_text(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_lowercase(),
                None => s,
            }
        }
    }
}

/// Facts of libraries and loaders, read once per path.
#[derive(Debug, Default)]
pub struct FactsCache {
    map: Mutex<HashMap<PathBuf, Option<Arc<ElfFacts>>>>,
}

impl FactsCache {
    /// Facts of the file at `path` (None when it is not a readable ELF file).
    pub fn get(&self, path: &Path) -> Option<Arc<ElfFacts>> {
        if let Ok(map) = self.map.lock() {
            if let Some(hit) = map.get(path) {
                return hit.clone();
            }
        }
        let facts = read_elf_file(path).ok().map(Arc::new);
        if let Ok(mut map) = self.map.lock() {
            map.insert(path.to_path_buf(), facts.clone());
        }
        facts
    }
}
