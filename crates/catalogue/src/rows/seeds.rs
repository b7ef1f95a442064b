//! Seed scenarios: what users meet, each made of one or more differences.

use crate::model::{Applies::*, Area, Claim, Command, Entry, Expected, ExposedBy, Fix, Libc::*};
use crate::model::{Source, ValueClaim};
use crate::Id;

/// Rebuild for the musl target; shared by S1 and the RUN row.
pub const REBUILD_MUSL: Fix = Fix {
    name: "rebuild-musl",
    title: "Rebuild for the musl target (static by default in Rust)",
    why: "a static musl binary has no PT_INTERP and no symbol versions: it runs on any Linux of its architecture. Does not fix: the behaviour differences of musl (the catalogue's D and N rows), e.g. DNS and locale behaviour",
    commands: &[
        Command { applies: RustProgram, line: "rustup target add {rust_arch}-unknown-linux-musl && cargo build --release --target {rust_arch}-unknown-linux-musl" },
        Command { applies: CProgram, line: "musl-gcc -static -O2 -o prog prog.c   # C, Debian package musl-tools" },
    ],
};

/// Link glibc statically; shared by S1 and the RUN row.
pub const STATIC_GLIBC: Fix = Fix {
    name: "static-glibc",
    title: "Link glibc statically",
    why: "removes the loader and symbol-version checks. Does not fix: NSS (getpwnam, getaddrinfo beyond files/dns still dlopen glibc's modules), iconv and locales (gconv modules and locale files are loaded at run time)",
    commands: &[
        Command { applies: RustProgram, line: "RUSTFLAGS='-C target-feature=+crt-static' cargo build --release --target {rust_arch}-unknown-linux-gnu" },
        Command { applies: CProgram, line: "gcc -static -O2 -o prog prog.c" },
    ],
};

pub const LIBC6_COMPAT: Fix = Fix {
    name: "libc6-compat",
    title: "Add the glibc loader path as a symlink to musl's (Alpine: libc6-compat)",
    why: "musl's loader then starts the file and binds its imports; it works only when every libc symbol the file imports exists in musl (a plain C or Go cgo program using libc and libpthread), not for a Rust program needing libgcc_s and _Unwind_*; behaviour differences remain. Does not fix: glibc-only symbols (fcntl64, __*_chk, gnu_get_libc_version: `symbol not found`), IFUNC relocations, libgcc_s/libstdc++ needs",
    commands: &[
        Command { applies: Image, line: "apk add libc6-compat" },
        Command { applies: Image, line: "ln -s /lib/ld-musl-{arch}.so.1 {interp}" },
    ],
};

pub const GCOMPAT: Fix = Fix {
    name: "gcompat",
    title: "Install gcompat (glibc compatibility layer for musl)",
    why: "provides the glibc loader name and libc.so.6 on musl. Does not fix: the glibc symbols gcompat does not implement, symbol versions (musl ignores them), behaviour differences",
    commands: &[Command {
        applies: Image,
        line: "apk add gcompat",
    }],
};

pub const BUNDLE_GLIBC: Fix = Fix {
    name: "bundle-glibc",
    title: "Bundle the glibc loader and libraries and start through the loader",
    why:
        "needs no change to the image's libc; the bundle must be at least as new as the glibc floor; bundle the host's libgcc_s.so.1 and libstdc++.so.6 too when the file needs them. Does not fix: locales and iconv - no locale files or gconv modules are bundled, so setlocale(LC_ALL, \"de_DE.UTF-8\") returns NULL and iconv_open fails with EINVAL; NSS modules beyond files/dns",
    commands: &[
        Command {
            applies: Prebuilt,
            line:
                "mkdir -p bundle && cp $(ldd {prog} | awk '/=> \\// {print $3}') {interp} bundle/",
        },
        Command {
            applies: Prebuilt,
            line: "bundle/{interp_name} --library-path bundle {prog}",
        },
    ],
};

/// A distribution's program: take it from a base image or package of the other libc.
pub const DISTRIBUTION_BUILD: Fix = Fix {
    name: "distribution-build",
    title: "Use the distribution's build for the target libc (a base image of that libc, or its package)",
    why: "the distribution already builds this program for each libc; copying a glibc build into a musl image is what fails. Does not fix: differences between the distributions' versions and configurations of the program",
    commands: &[
        Command { applies: Distribution, line: "FROM alpine   # musl: apk add the package that provides {prog}" },
        Command { applies: Distribution, line: "FROM debian   # glibc: apt-get install the package that provides {prog}" },
    ],
};

/// A wheel: install the musllinux wheel, or build from source.
pub const MUSLLINUX_WHEEL: Fix = Fix {
    name: "musllinux-wheel",
    title: "Install the musllinux wheel, or build the package from source on musl",
    why: "pip chooses manylinux (glibc) or musllinux (musl) wheels by the interpreter's libc; a manylinux wheel copied into a musl image fails to load. Does not fix: packages that publish no musllinux wheel and do not build from source on musl (missing build dependencies)",
    commands: &[
        Command { applies: Wheel, line: "pip install --only-binary=:all: --platform musllinux_1_2_{arch} --target DIR PACKAGE   # or run pip inside the musl image" },
        Command { applies: Wheel, line: "pip install --no-binary=:all: PACKAGE   # build from source on musl (apk add build-base)" },
    ],
};

/// A Node addon: install the -musl package.
pub const MUSL_NODE_ADDON: Fix = Fix {
    name: "musl-node-addon",
    title: "Install the addon's -musl package (npm picks it by libc when installing inside the musl image)",
    why: "native addons publish one package per libc (`-linux-x64-gnu`, `-linux-x64-musl`); node_modules copied from a glibc machine holds the -gnu build. Does not fix: addons without a -musl build (then build from source: npm rebuild --build-from-source)",
    commands: &[
        Command { applies: NodeAddon, line: "npm ci   # run inside the musl image so the -musl optional dependency is chosen" },
        Command { applies: NodeAddon, line: "npm install --os=linux --cpu=x64 --libc=musl   # npm >= 10.4, when installing from elsewhere" },
    ],
};

pub const STATIC_MUSL: Fix = Fix {
    name: "static-musl",
    title: "Link musl statically",
    why: "a dynamic musl program needs musl's loader, which glibc systems lack. Does not fix: a musl-linked library loaded by a glibc program (python, node): that needs the glibc build",
    commands: &[
        Command { applies: RustProgram, line: "cargo build --release --target {rust_arch}-unknown-linux-musl   # Rust links musl statically unless -C target-feature=-crt-static" },
        Command { applies: CProgram, line: "musl-gcc -static -O2 -o prog prog.c" },
    ],
};

pub const INSTALL_MUSL: Fix = Fix {
    name: "install-musl",
    title: "Install musl's loader on the glibc system",
    why: "Debian's musl package provides /lib/ld-musl-ARCH.so.1. Does not fix: the other libraries the program needs (they must be musl builds too); a musl library loaded by a glibc process",
    commands: &[Command {
        applies: Image,
        line: "apt-get install musl",
    }],
};

pub const S1: Entry = Entry {
    id: Id::S1,
    area: Area::Seed,
    title: "glibc binary in a musl-only container: `not found`",
    claims: &[
        Claim { libc: Glibc, versions: None, says: "a dynamic glibc program names /lib64/ld-linux-x86-64.so.2 (x86_64) or /lib/ld-linux.so.2 (i686) in PT_INTERP", source: Source::Other("System V ABI, x86_64 and i386 supplements") },
        Claim { libc: Musl, versions: None, says: "a musl box has only /lib/ld-musl-ARCH.so.1, so execve of a glibc program fails with ENOENT; on Alpine >= 3.19 gcompat provides libc6-compat", source: Source::MuslWiki },
    ],
    why: "The kernel starts a dynamic program through the loader named in its PT_INTERP. A musl-only box has no glibc loader, so execve fails with ENOENT and the shell reports the program itself as `not found`, although it exists. A script whose interpreter is missing (`#!/bin/bash`, a CRLF shebang) fails the same way.",
    fixes: &[DISTRIBUTION_BUILD, MUSLLINUX_WHEEL, MUSL_NODE_ADDON, REBUILD_MUSL, STATIC_GLIBC, LIBC6_COMPAT, GCOMPAT, BUNDLE_GLIBC, STATIC_MUSL, INSTALL_MUSL],
    symptoms: &["sh: ./x: not found", "exec /x: no such file or directory", "No such file or directory"],
    exposed_by: ExposedBy::Nothing,
    values: &[],
    observed: true,
};

pub const THREAD_STACK: Fix = Fix {
    name: "thread-stack",
    title: "Give threads an explicit stack size instead of the libc's default",
    why: "pthread_create is called without pthread_attr_setstacksize; musl >= 1.1.21 also takes the default from PT_GNU_STACK",
    commands: &[
        Command { applies: CProgram, line: "pthread_attr_setstacksize(&attr, 8 << 20);   // in the code" },
        Command { applies: Any, line: "-Wl,-z,stack-size=8388608   # link flag; musl honours it, glibc ignores it" },
    ],
};

const RUST_THREAD_STACK: &str = "catalogue S2: Rust std::thread asks for 2 MiB on both libcs";

pub const S2: Entry = Entry {
    id: Id::S2,
    area: Area::Seed,
    title: "default thread stack size (a small fixed default on musl, RLIMIT_STACK on glibc)",
    claims: &[
        Claim { libc: Musl, versions: Some(">= 1.1.21"), says: "a thread created without a stack size gets 128 KiB, or PT_GNU_STACK's size when the program was linked with -z stack-size", source: Source::MuslWhatsNew("1.1.21") },
        Claim { libc: Glibc, versions: None, says: "the default is RLIMIT_STACK's soft limit (usually 8 MiB; 2 MiB when unlimited); PT_GNU_STACK's size is ignored", source: Source::GlibcSource("sysdeps/nptl/pthread_early_init.h") },
    ],
    why: "musl gives a pthread created without a stack size a small fixed default (since 1.1.21), or the PT_GNU_STACK size when the binary was linked with -z stack-size; glibc takes RLIMIT_STACK's soft limit and ignores PT_GNU_STACK's size. Code with large locals on a raw pthread (C libraries, FFI callbacks, language runtimes) overflows only on musl; Rust's std::thread asks for its own size on both libcs.",
    fixes: &[
        THREAD_STACK,
        Fix {
            name: "rust-link-stack-size",
            title: "Link a Rust musl program with a larger default thread stack",
            why: "musl takes the default thread stack from PT_GNU_STACK; std::thread::Builder::stack_size sets it for Rust threads",
            commands: &[Command { applies: RustProgram, line: "RUSTFLAGS=\"-C link-arg=-Wl,-z,stack-size=8388608\" cargo build --release --target {rust_arch}-unknown-linux-musl" }],
        },
    ],
    symptoms: &["Segmentation fault", "SIGSEGV"],
    exposed_by: ExposedBy::ThreadsWithDefaultStack,
    values: &[
        ValueClaim { case: "default-attr", libc: Musl, expected: Expected::Bytes(128 << 10), source: "catalogue S2: musl's default thread stack is 128 KiB" },
        ValueClaim { case: "std-thread", libc: Glibc, expected: Expected::Bytes(2 << 20), source: RUST_THREAD_STACK },
        ValueClaim { case: "std-thread", libc: Musl, expected: Expected::Bytes(2 << 20), source: RUST_THREAD_STACK },
    ],
    observed: true,
};

pub const S3: Entry = Entry {
    id: Id::S3,
    area: Area::Seed,
    title: "DNS lookups: sequential vs concurrent, caching, timeouts",
    claims: &[
        Claim { libc: Glibc, versions: None, says: "nameservers in order with failover on timeout; no cache without nscd or systemd-resolved", source: Source::GlibcSource("resolv/res_send.c") },
        Claim { libc: Musl, versions: None, says: "nameservers queried in parallel; no cache; resolv.conf read on every lookup", source: Source::MuslSource("src/network/res_msend.c") },
    ],
    why: "Both stub resolvers query on every lookup; their retry and parallelism rules differ (D06-D09, D27, D31).",
    fixes: &[Fix { name: "caching-resolver", title: "A resolver with a cache (hickory-resolver), or a local caching DNS server", why: "the application then no longer depends on the libc's resolver rules", commands: &[] }],
    symptoms: &["Name does not resolve", "Temporary failure in name resolution"],
    exposed_by: ExposedBy::Nothing,
    values: &[],
    observed: true,
};

pub const S4: Entry = Entry {
    id: Id::S4,
    area: Area::Seed,
    title: "locale: sorting, classification, formatting",
    claims: &[
        Claim {
            libc: Glibc,
            versions: None,
            says: "per-locale collation, classification and formatting from installed locale files",
            source: Source::GlibcSource("locale/"),
        },
        Claim {
            libc: Musl,
            versions: None,
            says: "only C and C.UTF-8 behaviour; message catalogues via MUSL_LOCPATH",
            source: Source::MuslWiki,
        },
    ],
    why: "musl implements only the C and C.UTF-8 behaviours (D10-D13).",
    fixes: &[Fix {
        name: "icu",
        title: "ICU (icu_collator) for collation and formatting",
        why: "CLDR data compiled into the program gives the same result on every libc and box",
        commands: &[],
    }],
    symptoms: &[],
    exposed_by: ExposedBy::Nothing,
    values: &[],
    observed: true,
};

pub const QEMU_I386: Fix = Fix {
    name: "qemu-i386-s5",
    title: "Where uname() fails for 32-bit callers, run it under qemu-i386-static (S5)",
    why: "qemu-user answers uname() itself, so old static glibc's start-up check passes",
    commands: &[Command {
        applies: Prebuilt,
        line: "qemu-i386-static {prog}",
    }],
};

pub const S5: Entry = Entry {
    id: Id::S5,
    area: Area::Seed,
    title: "32-bit binaries on a 64-bit kernel",
    claims: &[
        Claim { libc: Glibc, versions: Some("<= 2.35"), says: "static binaries call uname at start-up (_dl_discover_osversion), then read /proc/sys/kernel/osrelease; if both fail: \"FATAL: cannot determine kernel version\"; removed in 2.36", source: Source::GlibcNews("2.36") },
        Claim { libc: Musl, versions: None, says: "no kernel version check at start-up", source: Source::MuslSource("src/env/__libc_start_main.c") },
    ],
    why: "A 32-bit process uses the i386 syscall ABI; sandboxes that filter it, and old static glibc that refuses to start when uname fails, break only 32-bit builds. Static glibc 2.35 and older (bullseye's 2.31 measured) run _dl_discover_osversion before main: uname() first, then /proc/sys/kernel/osrelease; where both fail it prints \"FATAL: cannot determine kernel version\" and aborts (SIGABRT); glibc 2.36 (bookworm) dropped the check and runs. The seed's backtrace (__syscall_error inside _dl_discover_osversion) is this start-up check in an older glibc: the failed uname's errno being set on the way to the abort. qemu-user answers the guest's uname through the 64-bit ABI, so the same binary runs under qemu-i386-static. Without IA32 emulation the kernel cannot start 32-bit programs at all; non-LFS 32-bit programs also fail on 64-bit inode numbers (D33).",
    fixes: &[
        Fix { name: "build-x86_64", title: "Build for x86_64", why: "a 64-bit build uses the 64-bit syscall ABI", commands: &[] },
        QEMU_I386,
    ],
    symptoms: &["FATAL: cannot determine kernel version", "Exec format error"],
    exposed_by: ExposedBy::Nothing,
    values: &[],
    observed: true,
};

pub const ENV: Entry = Entry {
    id: Id::Env,
    area: Area::Lab,
    title: "facts about the box",
    claims: &[],
    why: "Not a libc difference: what the box and the build are. Rows differ when the probe's own build differs (word size, libc).",
    fixes: &[],
    symptoms: &[],
    exposed_by: ExposedBy::Nothing,
    values: &[],
    observed: true,
};

pub const RUN: Entry = Entry {
    id: Id::Run,
    area: Area::Lab,
    title: "the probe binary starts",
    claims: &[],
    why: "A dynamically linked binary needs the loader named in its PT_INTERP; when that file is missing the kernel's execve fails with ENOENT, which shells print as `not found` even though the binary exists.",
    fixes: &[REBUILD_MUSL, STATIC_GLIBC, BUNDLE_GLIBC],
    symptoms: &["not found", "no such file or directory"],
    exposed_by: ExposedBy::Nothing,
    values: &[],
    observed: true,
};
