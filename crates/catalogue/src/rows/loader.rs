//! The dynamic loader and the ABI.

use crate::model::{
    Applies::*, Area, Claim, Command, Entry, Expected, ExposedBy, Fix, Libc::*, Source, ValueClaim,
};
use crate::Id;

pub const D01: Entry = Entry {
    id: Id::D01,
    area: Area::LoaderAndAbi,
    title: "dlclose is a no-op on musl",
    claims: &[
        Claim { libc: Glibc, versions: None, says: "dlclose unloads: destructors run in dlclose, statics are reset when the library is opened again", source: Source::GlibcSource("elf/dl-close.c") },
        Claim { libc: Musl, versions: None, says: "dlclose does nothing: the library stays mapped, destructors run at exit, statics keep their values", source: Source::MuslWiki },
    ],
    why: "musl never unmaps a library once loaded, which keeps its loader simple and safe against dangling pointers into unloaded code; glibc unloads when the reference count drops to zero.",
    fixes: &[Fix { name: "no-unload", title: "Do not rely on dlclose to run destructors or reset state", why: "plugin reloading must re-initialise state explicitly on musl", commands: &[] }],
    symptoms: &[],
    exposed_by: ExposedBy::Imports(&["dlclose"]),
    values: &[
        ValueClaim { case: "destructor", libc: Glibc, expected: Expected::Text("in dlclose"), source: "catalogue D01: glibc runs destructors in dlclose (elf/dl-close.c)" },
        ValueClaim { case: "destructor", libc: Musl, expected: Expected::Text("at exit"), source: "catalogue D01: musl's dlclose is a no-op, destructors run at exit (musl wiki)" },
        ValueClaim { case: "statics-after-reopen", libc: Glibc, expected: Expected::Int(1), source: "catalogue D01: glibc unloads, so statics start over (elf/dl-close.c)" },
        ValueClaim { case: "statics-after-reopen", libc: Musl, expected: Expected::Int(3), source: "catalogue D01: musl keeps the library, so statics keep their values (musl wiki)" },
    ],
    observed: true,
};

pub const D02: Entry = Entry {
    id: Id::D02,
    area: Area::LoaderAndAbi,
    title: "no lazy binding on musl",
    claims: &[
        Claim { libc: Glibc, versions: None, says: "RTLD_NOW fails with \"undefined symbol\"; RTLD_LAZY loads and the call fails with \"symbol lookup error\", exit 127; an executable with a missing symbol runs until the call", source: Source::GlibcSource("elf/dl-lookup.c") },
        Claim { libc: Musl, versions: None, says: "RTLD_NOW fails with \"Error relocating L: S: symbol not found\"; RTLD_LAZY loads and the call faults unless a library loaded later with RTLD_GLOBAL provides it (deferred binding); an executable with a missing symbol dies at start-up, exit 127", source: Source::MuslSource("ldso/dynlink.c") },
    ],
    why: "musl binds every symbol of an executable at start-up and resolves a lazily opened library's missing symbols only when a later RTLD_GLOBAL library provides them; glibc binds function calls on first use, so a missing symbol shows only when the call happens.",
    fixes: &[Fix { name: "link-everything", title: "Link against every library whose symbols you call, and test with LD_BIND_NOW=1 on glibc", why: "makes glibc fail at start-up the way musl does", commands: &[Command { applies: Any, line: "LD_BIND_NOW=1 {prog}" }] }],
    symptoms: &["Error relocating", "symbol not found", "undefined symbol", "symbol lookup error"],
    exposed_by: ExposedBy::Imports(&["dlopen"]),
    values: &[
        ValueClaim { case: "rtld-now", libc: Glibc, expected: Expected::Text("$DIR/libneed.so: undefined symbol: muslab_provided"), source: "catalogue D02: glibc's RTLD_NOW error is \"L: undefined symbol: S\" (elf/dl-lookup.c)" },
        ValueClaim { case: "rtld-now", libc: Musl, expected: Expected::Text("Error relocating $DIR/libneed.so: muslab_provided: symbol not found"), source: "catalogue D02: musl's is \"Error relocating L: S: symbol not found\" (ldso/dynlink.c)" },
    ],
    observed: true,
};

pub const D03: Entry = Entry {
    id: Id::D03,
    area: Area::LoaderAndAbi,
    title: "symbol versions ignored by musl",
    claims: &[
        Claim { libc: Glibc, versions: None, says: "a reference to sym@VER_1 binds VER_1; gnu_get_libc_version exists", source: Source::GlibcSource("elf/dl-lookup.c") },
        Claim { libc: Musl, versions: None, says: "binds the default sym@@VER_2; dlsym(RTLD_DEFAULT, \"gnu_get_libc_version\") is NULL", source: Source::MuslSource("ldso/dynlink.c") },
    ],
    why: "glibc keeps old implementations under old version tags so programs linked long ago get the behaviour they were built for; musl's loader ignores versions and binds the default definition. A glibc program also names the newest version it needs, which an older glibc refuses.",
    fixes: &[Fix { name: "one-version", title: "Do not depend on a versioned symbol's old behaviour; build against the oldest glibc you support", why: "symbol versions are chosen at link time", commands: &[] }],
    symptoms: &["version `GLIBC_2.34' not found"],
    exposed_by: ExposedBy::Imports(&["dlvsym", "gnu_get_libc_version", "gnu_get_libc_release"]),
    values: &[
        ValueClaim { case: "versioned-ref", libc: Glibc, expected: Expected::Int(1), source: "catalogue D03: glibc binds the version the reference names, VER_1 (elf/dl-lookup.c)" },
        ValueClaim { case: "versioned-ref", libc: Musl, expected: Expected::Int(2), source: "catalogue D03: musl binds the default muslab_sym@@VER_2 (ldso/dynlink.c)" },
        ValueClaim { case: "gnu_get_libc_version", libc: Musl, expected: Expected::Text("NULL"), source: "catalogue D03: musl has no gnu_get_libc_version" },
    ],
    observed: true,
};

pub const D04: Entry = Entry {
    id: Id::D04,
    area: Area::LoaderAndAbi,
    title: "LFS64 names removed from musl's link-time API in 1.2.4",
    claims: &[
        Claim { libc: Glibc, versions: None, says: "open64, lseek64, off64_t ... are present", source: Source::GlibcSource("io/open64.c") },
        Claim { libc: Musl, versions: Some(">= 1.2.4"), says: "_GNU_SOURCE alone no longer declares them (off64_t is a compile error), _LARGEFILE64_SOURCE still does; they are not in the link-time API and dlsym finds none; binaries built before keep working through the loader's remap, which covers neither fcntl64 (never in musl) nor, before 1.2.6, posix_fallocate64", source: Source::MuslWhatsNew("1.2.4") },
    ],
    why: "off_t is always 64-bit on musl, so the *64 names were only aliases; musl dropped them from its API to stop programs relying on them, keeping a loader remap for old binaries.",
    fixes: &[Fix { name: "plain-names", title: "Use the plain names (open, lseek, off_t) with _FILE_OFFSET_BITS=64", why: "correct on both libcs", commands: &[Command { applies: CProgram, line: "cc -D_FILE_OFFSET_BITS=64 ..." }] }],
    symptoms: &["unknown type name 'off64_t'", "fcntl64: symbol not found"],
    exposed_by: ExposedBy::Lfs64Imports,
    values: &[],
    observed: true,
};

pub const D05: Entry = Entry {
    id: Id::D05,
    area: Area::LoaderAndAbi,
    title: "IFUNC / IRELATIVE rejected by musl's loader",
    claims: &[
        Claim { libc: Glibc, versions: None, says: "IFUNC works in a PIE, a shared library and a static program", source: Source::GlibcSource("elf/dl-irel.h") },
        Claim { libc: Musl, versions: None, says: "PIE: \"Error relocating X: unsupported relocation type 37\" (x86_64's R_X86_64_IRELATIVE); a shared library exporting an IFUNC loads, but the symbol is not found (dlsym: \"Symbol not found: S\"); static: silent failure or SIGSEGV", source: Source::MuslSource("ldso/dynlink.c") },
    ],
    why: "musl does not implement GNU indirect functions: a resolver chosen at load time is a glibc extension.",
    fixes: &[Fix { name: "no-ifunc", title: "Build without IFUNC (e.g. function multiversioning) for musl", why: "choose the implementation at run time with a function pointer instead", commands: &[] }],
    symptoms: &["unsupported relocation type 37", "symbol not found", "Symbol not found"],
    exposed_by: ExposedBy::Ifunc,
    values: &[],
    observed: true,
};

pub const D32: Entry = Entry {
    id: Id::D32,
    area: Area::LoaderAndAbi,
    title: "DT_RELR packed relocations",
    claims: &[
        Claim { libc: Glibc, versions: Some(">= 2.36"), says: "DT_RELR (-z pack-relative-relocs) supported", source: Source::GlibcNews("2.36") },
        Claim { libc: Musl, versions: Some(">= 1.2.4"), says: "DT_RELR supported; older musl crashes loading such a library", source: Source::MuslWhatsNew("1.2.4") },
    ],
    why: "DT_RELR is a newer compact relocation format; a loader that predates it applies no relocations from it.",
    fixes: &[Fix { name: "no-relr", title: "Link without -z pack-relative-relocs for older loaders", why: "the classic relocation format works everywhere", commands: &[] }],
    symptoms: &["Segmentation fault"],
    exposed_by: ExposedBy::Nothing,
    values: &[],
    observed: true,
};
