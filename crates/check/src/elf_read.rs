//! Reads [`ElfFacts`] out of an ELF image with the `object` crate's low-level,
//! bounds-checked ELF API. Works on any `ReadRef`: a `ReadCache<File>` for
//! files on disk (reads only the headers and the few sections we need, so a
//! 200 MB library costs a handful of small reads) or a byte slice for archive
//! members. Every size and count comes from the file, so everything is checked
//! against the data length before use; nothing here can panic or allocate more
//! than the file is large.

use crate::elf_facts::{ElfFacts, FileKind, GnuStack, Import, Libc, VersionNeed};
use crate::export_set::ExportSet;
use crate::libc_flavour;
use crate::machine::machine_of;
use object::elf;
use object::read::elf::{
    Dyn, FileHeader, NoteIterator, ProgramHeader, Rel, Rela, SectionHeader, Sym,
};
use object::read::{ReadRef, StringTable};
use object::Endianness;
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

/// Why a file could not be read as ELF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ElfError {
    /// Not an ELF file at all (no `\x7fELF` magic).
    NotElf,
    /// Shorter than a structure it declares.
    Truncated(String),
    /// Structurally invalid.
    Malformed(String),
}

impl fmt::Display for ElfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotElf => write!(f, "not an ELF file"),
            Self::Truncated(what) => write!(f, "truncated ELF file: {what}"),
            Self::Malformed(what) => write!(f, "malformed ELF file: {what}"),
        }
    }
}

/// DT_RELR / DT_RELRSZ (gABI 2022; not in object 0.36).
const DT_RELR: u32 = 36;
const DT_RELRSZ: u32 = 35;

/// Upper bound on verneed/verdef entries we walk; real files have < 100.
const MAX_VERSION_ENTRIES: usize = 65_536;
/// Bytes of name lookups one `.dynsym` may cost, as a multiple of its string
/// table's size plus a slack. A linker's names share at most their tails, so
/// a real file scans little more than its string table once; a hostile one
/// whose symbols all point into one long string would scan that string once
/// per symbol (minutes for 100k symbols and 1 MiB).
const NAME_SCAN_FACTOR: usize = 4;
const NAME_SCAN_SLACK: usize = 1 << 20;
/// We read `.symtab` only for static files (to tell glibc from musl), and only if it is not huge.
const MAX_SYMTAB_BYTES: u64 = 64 << 20;

/// Reads the facts of an ELF image.
pub fn read_elf<'data, R: ReadRef<'data>>(data: R) -> Result<ElfFacts, ElfError> {
    let ident = data
        .read_bytes_at(0, 16)
        .map_err(|_| match data.read_bytes_at(0, 4) {
            Ok(m) if m == elf::ELFMAG => {
                ElfError::Truncated("shorter than the 16-byte ELF identification".into())
            }
            _ => ElfError::NotElf,
        })?;
    if ident[..4] != elf::ELFMAG {
        return Err(ElfError::NotElf);
    }
    match ident[4] {
        // EI_CLASS
        elf::ELFCLASS32 => read_class::<elf::FileHeader32<Endianness>, R>(data),
        elf::ELFCLASS64 => read_class::<elf::FileHeader64<Endianness>, R>(data),
        other => Err(ElfError::Malformed(format!("unknown ELF class {other}"))),
    }
}

fn file_len<'data, R: ReadRef<'data>>(data: R) -> u64 {
    data.len().unwrap_or(0)
}

fn os_abi_name(v: u8) -> String {
    match v {
        elf::ELFOSABI_SYSV => "sysv".into(),
        elf::ELFOSABI_GNU => "gnu".into(),
        elf::ELFOSABI_FREEBSD => "freebsd".into(),
        elf::ELFOSABI_NETBSD => "netbsd".into(),
        elf::ELFOSABI_OPENBSD => "openbsd".into(),
        elf::ELFOSABI_SOLARIS => "solaris".into(),
        other => format!("osabi-{other}"),
    }
}

/// A NUL-terminated string at `offset` in a string table.
fn cstr(table: &[u8], offset: u64) -> Option<String> {
    cstr_bytes(table, offset).map(|b| text(b).into_owned())
}

/// Bytes as text, invalid UTF-8 replaced. Names in ELF files are nearly
/// always valid, and `from_utf8` checks that much faster than the chunked
/// walk `from_utf8_lossy` does; it runs once per symbol of every file.
fn text(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// The NUL-terminated string at `offset` of a string table, without the NUL.
fn cstr_bytes(table: &[u8], offset: u64) -> Option<&[u8]> {
    let start = usize::try_from(offset).ok()?;
    let rest = table.get(start..)?;
    let end = rest.iter().position(|&b| b == 0)?;
    Some(&rest[..end])
}

/// Translates a virtual address to a file offset through the PT_LOAD segments.
fn vaddr_to_offset<Elf: FileHeader<Endian = Endianness>>(
    endian: Endianness,
    phdrs: &[Elf::ProgramHeader],
    addr: u64,
) -> Option<u64> {
    phdrs
        .iter()
        .filter(|p| p.p_type(endian) == elf::PT_LOAD)
        .find_map(|p| {
            let vaddr: u64 = p.p_vaddr(endian).into();
            let filesz: u64 = p.p_filesz(endian).into();
            let off: u64 = p.p_offset(endian).into();
            (addr >= vaddr && addr - vaddr < filesz).then(|| off.saturating_add(addr - vaddr))
        })
}

fn read_class<'data, Elf, R>(data: R) -> Result<ElfFacts, ElfError>
where
    Elf: FileHeader<Endian = Endianness>,
    R: ReadRef<'data>,
{
    let len = file_len(data);
    let header =
        Elf::parse(data).map_err(|e| ElfError::Truncated(format!("{e} (file is {len} bytes)")))?;
    let endian = header
        .endian()
        .map_err(|_| ElfError::Malformed("unknown byte order".into()))?;
    let is_64 = header.is_type_64();
    let e_machine = header.e_machine(endian);
    let machine = machine_of(e_machine, is_64);
    let e_type = header.e_type(endian);

    let phdrs = header.program_headers(endian, data).map_err(|e| {
        ElfError::Truncated(format!(
            "program headers ({} at offset {}) do not fit in {len} bytes: {e}",
            header.e_phnum(endian),
            header.e_phoff(endian).into()
        ))
    })?;
    let sections = header.sections(endian, data).map_err(|e| {
        ElfError::Truncated(format!(
            "section headers (at offset {}) do not fit in {len} bytes: {e}",
            header.e_shoff(endian).into()
        ))
    })?;

    // A separate debug-info file (`objcopy --only-keep-debug`, /usr/lib/debug)
    // keeps the headers of the original but none of its code or dynamic data:
    // its PT_INTERP and PT_DYNAMIC point at nothing. It is never run.
    let is_debug_only = sections.iter().any(|s| is_exec_section::<Elf>(endian, s))
        && sections
            .iter()
            .filter(|s| is_exec_section::<Elf>(endian, s))
            .all(|s| s.sh_type(endian) == elf::SHT_NOBITS);

    let mut warnings = Vec::new();
    let mut interpreter = None;
    let mut gnu_stack = None;
    let mut tls = false;
    let mut dynamic_segment = None;
    let mut abi_tag = None;
    let mut x86_isa_needed = None;
    for ph in phdrs.iter().filter(|_| !is_debug_only) {
        match ph.p_type(endian) {
            elf::PT_INTERP => match ph.interpreter(endian, data) {
                Ok(Some(bytes)) => interpreter = Some(String::from_utf8_lossy(bytes).into_owned()),
                _ => {
                    return Err(ElfError::Truncated(
                        "PT_INTERP points outside the file".into(),
                    ))
                }
            },
            elf::PT_GNU_STACK => {
                gnu_stack = Some(GnuStack {
                    executable: ph.p_flags(endian) & elf::PF_X != 0,
                    size: ph.p_memsz(endian).into(),
                })
            }
            elf::PT_TLS => tls = true,
            elf::PT_DYNAMIC => dynamic_segment = Some(ph),
            elf::PT_NOTE => match ph.notes(endian, data) {
                Ok(Some(notes)) => {
                    read_notes::<Elf>(endian, notes, &mut abi_tag, &mut x86_isa_needed)
                }
                Ok(None) => {}
                Err(e) => warnings.push(format!("PT_NOTE: {e}")),
            },
            _ => {}
        }
    }

    // Dynamic section: from the section table, or from PT_DYNAMIC when the
    // section headers were stripped (sstrip), as the loader itself does.
    let mut dyn_entries: &'data [Elf::Dyn] = &[];
    let mut dyn_strings: &'data [u8] = &[];
    let dyn_section = sections
        .iter()
        .find(|s| s.sh_type(endian) == elf::SHT_DYNAMIC);
    if is_debug_only {
        // nothing to read: see above
    } else if let Some(sec) = dyn_section {
        dyn_entries = sec
            .data_as_array(endian, data)
            .map_err(|_| ElfError::Truncated(".dynamic section lies outside the file".into()))?;
        let link = sec.sh_link(endian) as usize;
        dyn_strings = section_bytes::<Elf, R>(&sections, endian, data, link).unwrap_or(&[]);
    } else if let Some(ph) = dynamic_segment {
        dyn_entries = ph
            .data_as_array(endian, data)
            .map_err(|_| ElfError::Truncated("PT_DYNAMIC lies outside the file".into()))?;
        let mut strtab = None;
        let mut strsz = 0u64;
        for d in dyn_entries {
            match d.tag32(endian) {
                Some(elf::DT_STRTAB) => strtab = Some(d.d_val(endian).into()),
                Some(elf::DT_STRSZ) => strsz = d.d_val(endian).into(),
                _ => {}
            }
        }
        if let Some(off) = strtab.and_then(|a| vaddr_to_offset::<Elf>(endian, phdrs, a)) {
            dyn_strings = data.read_bytes_at(off, strsz).unwrap_or(&[]);
        }
    }

    let mut needed = Vec::new();
    let mut soname = None;
    let mut rpath = Vec::new();
    let mut runpath = Vec::new();
    let mut flags_1 = 0u64;
    let mut relr = false;
    for d in dyn_entries {
        let Some(tag) = d.tag32(endian) else { continue };
        let val: u64 = d.d_val(endian).into();
        match tag {
            elf::DT_NULL => break,
            elf::DT_NEEDED => needed.extend(cstr(dyn_strings, val)),
            elf::DT_SONAME => soname = cstr(dyn_strings, val),
            elf::DT_RPATH => rpath.extend(split_path_list(cstr(dyn_strings, val))),
            elf::DT_RUNPATH => runpath.extend(split_path_list(cstr(dyn_strings, val))),
            elf::DT_FLAGS_1 => flags_1 = val,
            DT_RELR | DT_RELRSZ => relr = true,
            _ => {}
        }
    }

    let kind = match e_type {
        _ if is_debug_only => FileKind::DebugInfo,
        elf::ET_EXEC if interpreter.is_some() => FileKind::Executable,
        elf::ET_EXEC => FileKind::Static,
        elf::ET_DYN => {
            let pie_flag = flags_1 & u64::from(elf::DF_1_PIE) != 0;
            match (interpreter.is_some(), pie_flag, soname.is_some()) {
                (true, true, _) | (true, false, false) => FileKind::Pie,
                (true, false, true) => FileKind::SharedLibrary,
                (false, true, _) => FileKind::StaticPie,
                (false, false, _) => FileKind::SharedLibrary,
            }
        }
        elf::ET_REL => FileKind::Relocatable,
        _ => FileKind::Other,
    };

    let symbols = read_dynamic_symbols::<Elf, R>(&sections, endian, data, &mut warnings);

    let mut irelative_relocations = 0usize;
    if let Some(irel) = machine.irelative {
        for sec in sections.iter() {
            if sec.sh_flags(endian).into() & u64::from(elf::SHF_ALLOC) == 0 {
                continue;
            }
            match sec.sh_type(endian) {
                elf::SHT_RELA => {
                    if let Ok(relas) = sec.data_as_array::<Elf::Rela, R>(endian, data) {
                        irelative_relocations += relas
                            .iter()
                            .filter(|r| r.r_type(endian, false) == irel)
                            .count();
                    }
                }
                elf::SHT_REL => {
                    if let Ok(rels) = sec.data_as_array::<Elf::Rel, R>(endian, data) {
                        irelative_relocations +=
                            rels.iter().filter(|r| r.r_type(endian) == irel).count();
                    }
                }
                _ => {}
            }
        }
    }

    let mut ifunc_symbols = symbols.ifuncs;
    let mut static_markers = libc_flavour::StaticMarkers::default();
    let mut linked = Vec::new();
    if kind.is_static() {
        read_static_symtab::<Elf, R>(
            &sections,
            endian,
            data,
            &mut ifunc_symbols,
            &mut static_markers,
            &mut linked,
        );
    }
    linked.sort();
    linked.dedup();
    ifunc_symbols.sort();
    ifunc_symbols.dedup();

    let mut facts = ElfFacts {
        class: if is_64 { 64 } else { 32 },
        machine,
        e_machine,
        os_abi: os_abi_name(header.e_ident().os_abi),
        kind,
        interpreter,
        needed,
        soname,
        rpath,
        runpath,
        version_needs: symbols.version_needs,
        version_defs: symbols.version_defs,
        imports: symbols.imports,
        exports: symbols.exports,
        symbols_incomplete: symbols.incomplete,
        linked,
        ifunc_symbols,
        irelative_relocations,
        tls,
        x86_isa_needed,
        gnu_stack,
        abi_tag,
        relr,
        libc: Libc::Other,
        warnings,
    };
    facts.libc = libc_flavour::detect(&facts, &static_markers);
    Ok(facts)
}

fn is_exec_section<Elf: FileHeader<Endian = Endianness>>(
    endian: Endianness,
    s: &Elf::SectionHeader,
) -> bool {
    let flags: u64 = s.sh_flags(endian).into();
    flags & u64::from(elf::SHF_ALLOC) != 0 && flags & u64::from(elf::SHF_EXECINSTR) != 0
}

fn split_path_list(s: Option<String>) -> Vec<String> {
    s.map(|s| {
        s.split(':')
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect()
    })
    .unwrap_or_default()
}

/// The bytes of section `index`, if it exists and lies inside the file.
fn section_bytes<'data, Elf, R>(
    sections: &object::read::elf::SectionTable<'data, Elf, R>,
    endian: Endianness,
    data: R,
    index: usize,
) -> Option<&'data [u8]>
where
    Elf: FileHeader<Endian = Endianness>,
    R: ReadRef<'data>,
{
    let sec = sections.section(object::SectionIndex(index)).ok()?;
    if sec.sh_type(endian) == elf::SHT_NOBITS {
        return None;
    }
    sec.data(endian, data).ok()
}

fn read_notes<Elf: FileHeader<Endian = Endianness>>(
    endian: Endianness,
    mut notes: NoteIterator<'_, Elf>,
    abi_tag: &mut Option<String>,
    isa: &mut Option<String>,
) {
    while let Ok(Some(note)) = notes.next() {
        if note.name() != elf::ELF_NOTE_GNU {
            continue;
        }
        if note.n_type(endian) == elf::NT_GNU_ABI_TAG {
            let d = note.desc();
            if d.len() >= 16 {
                let w = |i: usize| endian_u32(endian, &d[i * 4..i * 4 + 4]);
                let os = match w(0) {
                    elf::ELF_NOTE_OS_LINUX => "Linux",
                    elf::ELF_NOTE_OS_GNU => "Hurd",
                    elf::ELF_NOTE_OS_SOLARIS2 => "Solaris",
                    elf::ELF_NOTE_OS_FREEBSD => "FreeBSD",
                    _ => "unknown-os",
                };
                *abi_tag = Some(format!("{os} {}.{}.{}", w(1), w(2), w(3)));
            }
        }
        if let Some(mut props) = note.gnu_properties(endian) {
            while let Ok(Some(p)) = props.next() {
                if p.pr_type() == elf::GNU_PROPERTY_X86_ISA_1_NEEDED {
                    if let Ok(bits) = p.data_u32(endian) {
                        *isa = Some(x86_isa_level(bits));
                    }
                }
            }
        }
    }
}

fn endian_u32(endian: Endianness, b: &[u8]) -> u32 {
    let arr = [b[0], b[1], b[2], b[3]];
    match endian {
        Endianness::Little => u32::from_le_bytes(arr),
        Endianness::Big => u32::from_be_bytes(arr),
    }
}

/// GNU_PROPERTY_X86_ISA_1_NEEDED bits: 1 baseline, 2 v2, 4 v3, 8 v4. The highest wins.
fn x86_isa_level(bits: u32) -> String {
    let level = if bits & 8 != 0 {
        "x86-64-v4"
    } else if bits & 4 != 0 {
        "x86-64-v3"
    } else if bits & 2 != 0 {
        "x86-64-v2"
    } else {
        "x86-64-baseline"
    };
    level.to_string()
}

#[derive(Default)]
struct DynamicSymbols {
    imports: Vec<Import>,
    exports: ExportSet,
    ifuncs: Vec<String>,
    /// Not every symbol could be read: verdicts that rest on symbols are unsure.
    incomplete: bool,
    version_needs: Vec<VersionNeed>,
    version_defs: Vec<String>,
}

/// `.dynsym` with the symbol versions of `.gnu.version`, `.gnu.version_r`
/// (needs) and `.gnu.version_d` (definitions).
fn read_dynamic_symbols<'data, Elf, R>(
    sections: &object::read::elf::SectionTable<'data, Elf, R>,
    endian: Endianness,
    data: R,
    warnings: &mut Vec<String>,
) -> DynamicSymbols
where
    Elf: FileHeader<Endian = Endianness>,
    R: ReadRef<'data>,
{
    let mut out = DynamicSymbols::default();
    let Some(dynsym) = sections
        .iter()
        .find(|s| s.sh_type(endian) == elf::SHT_DYNSYM)
    else {
        return out;
    };
    let syms: &[Elf::Sym] = match dynsym.data_as_array(endian, data) {
        Ok(s) => s,
        Err(_) => {
            warnings.push(".dynsym lies outside the file".into());
            out.incomplete = true;
            return out;
        }
    };
    let strings = section_bytes::<Elf, R>(sections, endian, data, dynsym.sh_link(endian) as usize)
        .unwrap_or(&[]);

    // Version index -> (version name, library file for needs).
    let mut versions: HashMap<u16, (String, Option<String>)> = HashMap::new();
    let strtab = StringTable::new(strings, 0, strings.len() as u64);
    for sec in sections.iter() {
        match sec.sh_type(endian) {
            elf::SHT_GNU_VERNEED => match sec.gnu_verneed(endian, data) {
                Ok(Some((mut iter, _))) => {
                    let mut count = 0;
                    while let Ok(Some((need, mut auxs))) = iter.next() {
                        let file = need
                            .file(endian, strtab)
                            .map(|b| String::from_utf8_lossy(b).into_owned());
                        let file = file.unwrap_or_default();
                        let mut names = Vec::new();
                        while let Ok(Some(aux)) = auxs.next() {
                            count += 1;
                            if count > MAX_VERSION_ENTRIES {
                                break;
                            }
                            if let Ok(name) = aux.name(endian, strtab) {
                                let name = String::from_utf8_lossy(name).into_owned();
                                let idx = aux.vna_other.get(endian) & elf::VERSYM_VERSION;
                                versions.insert(idx, (name.clone(), Some(file.clone())));
                                names.push(name);
                            }
                        }
                        out.version_needs.push(VersionNeed {
                            file,
                            versions: names,
                        });
                        if count > MAX_VERSION_ENTRIES {
                            warnings.push(
                                ".gnu.version_r has too many entries; stopped reading".into(),
                            );
                            break;
                        }
                    }
                }
                Ok(None) => {}
                Err(e) => warnings.push(format!(".gnu.version_r: {e}")),
            },
            elf::SHT_GNU_VERDEF => match sec.gnu_verdef(endian, data) {
                Ok(Some((mut iter, _))) => {
                    let mut count = 0;
                    while let Ok(Some((def, mut auxs))) = iter.next() {
                        count += 1;
                        if count > MAX_VERSION_ENTRIES {
                            break;
                        }
                        let Ok(Some(aux)) = auxs.next() else { continue };
                        let Ok(name) = aux.name(endian, strtab) else {
                            continue;
                        };
                        let name = String::from_utf8_lossy(name).into_owned();
                        let idx = def.vd_ndx.get(endian) & elf::VERSYM_VERSION;
                        versions.insert(idx, (name.clone(), None));
                        if def.vd_flags.get(endian) & elf::VER_FLG_BASE == 0 {
                            out.version_defs.push(name);
                        }
                    }
                }
                Ok(None) => {}
                Err(e) => warnings.push(format!(".gnu.version_d: {e}")),
            },
            _ => {}
        }
    }
    let versym: &[elf::Versym<Endianness>] = sections
        .iter()
        .find(|s| s.sh_type(endian) == elf::SHT_GNU_VERSYM)
        .and_then(|s| s.data_as_array(endian, data).ok())
        .unwrap_or(&[]);

    let is_global = |sym: &Elf::Sym| {
        matches!(
            sym.st_bind(),
            elf::STB_GLOBAL | elf::STB_WEAK | elf::STB_GNU_UNIQUE
        )
    };
    let defined = syms
        .iter()
        .filter(|s| is_global(s) && s.st_shndx(endian) != elf::SHN_UNDEF)
        .count();
    out.exports = ExportSet::with_capacity(defined, strings.len());
    let mut scan_budget = strings
        .len()
        .saturating_mul(NAME_SCAN_FACTOR)
        .saturating_add(NAME_SCAN_SLACK);
    for (i, sym) in syms.iter().enumerate().skip(1) {
        if !is_global(sym) {
            continue;
        }
        let Some(bytes) = cstr_bytes(strings, sym.st_name(endian).into()) else {
            continue;
        };
        let Some(left) = scan_budget.checked_sub(bytes.len() + 1) else {
            warnings.push(format!(
                ".dynsym: names overlap far more than any linker's do; stopped reading at symbol {i} of {}",
                syms.len()
            ));
            out.incomplete = true;
            break;
        };
        scan_budget = left;
        if bytes.is_empty() {
            continue;
        }
        let name = text(bytes);
        if sym.st_shndx(endian) == elf::SHN_UNDEF {
            let name = name.into_owned();
            let v = versym.get(i).map(|v| v.0.get(endian) & elf::VERSYM_VERSION);
            let (version, from) = match v.and_then(|v| versions.get(&v)) {
                Some((n, f)) => (Some(n.clone()), f.clone()),
                None => (None, None),
            };
            out.imports.push(Import {
                name,
                version,
                from,
                weak: sym.st_bind() == elf::STB_WEAK,
            });
        } else {
            if sym.st_type() == elf::STT_GNU_IFUNC {
                out.ifuncs.push(name.to_string());
            }
            if !out.exports.is_truncated() && !out.exports.insert(&name) {
                warnings.push(format!(
                    ".dynsym: more than {} defined names of more than {} MiB; read no further",
                    out.exports.len(),
                    ExportSet::MAX_TEXT_BYTES >> 20
                ));
                out.incomplete = true;
            }
        }
    }
    out.exports.shrink_to_fit();
    out
}

/// Reads `.symtab` of a static file: IFUNC definitions, libc markers, and
/// the global functions the catalogue ties to rows (`linked`).
fn read_static_symtab<'data, Elf, R>(
    sections: &object::read::elf::SectionTable<'data, Elf, R>,
    endian: Endianness,
    data: R,
    ifuncs: &mut Vec<String>,
    markers: &mut libc_flavour::StaticMarkers,
    linked: &mut Vec<String>,
) where
    Elf: FileHeader<Endian = Endianness>,
    R: ReadRef<'data>,
{
    let Some(symtab) = sections
        .iter()
        .find(|s| s.sh_type(endian) == elf::SHT_SYMTAB)
    else {
        return;
    };
    if symtab.sh_size(endian).into() > MAX_SYMTAB_BYTES {
        return;
    }
    let Ok(syms) = symtab.data_as_array::<Elf::Sym, R>(endian, data) else {
        return;
    };
    let strings = section_bytes::<Elf, R>(sections, endian, data, symtab.sh_link(endian) as usize)
        .unwrap_or(&[]);
    for sym in syms {
        if sym.st_shndx(endian) == elf::SHN_UNDEF {
            continue;
        }
        let Some(name) = cstr(strings, sym.st_name(endian).into()) else {
            continue;
        };
        markers.note(&name);
        let global = matches!(sym.st_bind(), elf::STB_GLOBAL | elf::STB_WEAK);
        if global
            && matches!(sym.st_type(), elf::STT_FUNC | elf::STT_GNU_IFUNC)
            && crate::catalogue::is_exposing_symbol(&name)
        {
            linked.push(name.clone());
        }
        if sym.st_type() == elf::STT_GNU_IFUNC {
            ifuncs.push(name);
        }
    }
}
