//! The dynamic loader and the ABI.

use crate::model::{Applies::*, Area, Claim, Command, Entry, ExposedBy, Fix, Libc::*, Source};
use crate::Id;

const NOT_YET: bool = false;

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
    values: &[],
    observed: NOT_YET,
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
    values: &[],
    observed: NOT_YET,
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
    values: &[],
    observed: NOT_YET,
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
    observed: NOT_YET,
};

pub const D05: Entry = Entry {
    id: Id::D05,
    area: Area::LoaderAndAbi,
    title: "IFUNC / IRELATIVE rejected by musl's loader",
    claims: &[
        Claim { libc: Glibc, versions: None, says: "IFUNC works in a PIE, a shared library and a static program", source: Source::GlibcSource("elf/dl-irel.h") },
        Claim { libc: Musl, versions: None, says: "PIE: \"Error relocating X: unsupported relocation type 37\"; an IFUNC exported by a shared library: \"symbol not found\"; static: silent failure or SIGSEGV", source: Source::MuslSource("ldso/dynlink.c") },
    ],
    why: "musl does not implement GNU indirect functions: a resolver chosen at load time is a glibc extension.",
    fixes: &[Fix { name: "no-ifunc", title: "Build without IFUNC (e.g. function multiversioning) for musl", why: "choose the implementation at run time with a function pointer instead", commands: &[] }],
    symptoms: &["unsupported relocation type 37", "symbol not found"],
    exposed_by: ExposedBy::Ifunc,
    values: &[],
    observed: NOT_YET,
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
    observed: NOT_YET,
};
