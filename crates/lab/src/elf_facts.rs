//! The few facts about an ELF file that explain whether it starts in a given
//! box: its loader (PT_INTERP), the libraries it needs (DT_NEEDED) and the
//! dynamic symbols it expects someone else to define. Read from the file, never
//! guessed from its name. (The full checker is `muslab check`; this is the
//! minimum the matrix needs to explain a `RUN` cell.)

use std::path::Path;

use object::elf::{FileHeader32, FileHeader64, PT_INTERP};
use object::read::elf::{Dyn, FileHeader, ProgramHeader};
use object::{Endianness, Object, ObjectSymbol};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElfFacts {
    /// 32 or 64.
    pub class: u8,
    /// PT_INTERP: the loader the kernel maps before the program; `None` for
    /// static binaries.
    pub interpreter: Option<String>,
    /// DT_NEEDED in file order.
    pub needed: Vec<String>,
    /// Undefined dynamic symbols (without version suffixes), sorted.
    pub undefined: Vec<String>,
}

impl ElfFacts {
    pub fn read(path: &Path) -> Result<Self, String> {
        let data =
            std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        Self::parse(&data).map_err(|e| format!("{}: {e}", path.display()))
    }

    pub fn parse(data: &[u8]) -> Result<Self, String> {
        let kind = object::FileKind::parse(data).map_err(|e| format!("not an ELF file: {e}"))?;
        let (class, interpreter, needed) = match kind {
            object::FileKind::Elf32 => {
                let h = FileHeader32::<Endianness>::parse(data).map_err(|e| e.to_string())?;
                let (i, n) = loader_and_needed(h, data)?;
                (32, i, n)
            }
            object::FileKind::Elf64 => {
                let h = FileHeader64::<Endianness>::parse(data).map_err(|e| e.to_string())?;
                let (i, n) = loader_and_needed(h, data)?;
                (64, i, n)
            }
            other => return Err(format!("not an ELF file ({other:?})")),
        };
        let file = object::File::parse(data).map_err(|e| e.to_string())?;
        let mut undefined: Vec<String> = file
            .dynamic_symbols()
            .filter(|s| s.is_undefined())
            .filter_map(|s| {
                s.name()
                    .ok()
                    .map(|n| n.split('@').next().unwrap_or(n).to_owned())
            })
            .filter(|n| !n.is_empty())
            .collect();
        undefined.sort();
        undefined.dedup();
        Ok(ElfFacts {
            class,
            interpreter,
            needed,
            undefined,
        })
    }

    /// Undefined symbols matching the unwinder that Rust's glibc builds take
    /// from libgcc_s (`_Unwind_*`), which musl's libc does not define.
    pub fn unwinder_symbols(&self) -> Vec<&str> {
        self.undefined
            .iter()
            .filter(|s| s.starts_with("_Unwind_"))
            .map(String::as_str)
            .collect()
    }
}

fn loader_and_needed<H: FileHeader<Endian = Endianness>>(
    header: &H,
    data: &[u8],
) -> Result<(Option<String>, Vec<String>), String> {
    let endian = header.endian().map_err(|e| e.to_string())?;
    let mut interpreter = None;
    for ph in header
        .program_headers(endian, data)
        .map_err(|e| e.to_string())?
    {
        if ph.p_type(endian) == PT_INTERP {
            if let Ok(Some(bytes)) = ph.interpreter(endian, data) {
                interpreter = Some(String::from_utf8_lossy(bytes).into_owned());
            }
        }
    }
    let mut needed = Vec::new();
    let sections = header.sections(endian, data).map_err(|e| e.to_string())?;
    if let Some((entries, link)) = sections.dynamic(endian, data).map_err(|e| e.to_string())? {
        let strings = sections
            .strings(endian, data, link)
            .map_err(|e| e.to_string())?;
        for d in entries {
            if d.tag32(endian) == Some(object::elf::DT_NEEDED) {
                if let Ok(name) = d.string(endian, strings) {
                    needed.push(String::from_utf8_lossy(name).into_owned());
                }
            }
        }
    }
    Ok((interpreter, needed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_this_test_binary() {
        let me = std::env::current_exe().unwrap();
        let f = ElfFacts::read(&me).unwrap();
        assert_eq!(f.class, 64);
        let interp = f.interpreter.expect("the test binary is dynamic glibc");
        assert!(interp.contains("ld-linux"), "{interp}");
        assert!(f.needed.iter().any(|n| n == "libc.so.6"), "{:?}", f.needed);
        assert!(f.undefined.iter().any(|s| s == "malloc"));
    }

    #[test]
    fn rejects_non_elf() {
        assert!(ElfFacts::parse(b"#!/bin/sh\n").is_err());
    }
}
