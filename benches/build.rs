//! Builds the hello programs the process-start bench runs: fixtures/hello.c
//! as a static musl (musl-gcc), a static glibc and a dynamic glibc (gcc)
//! executable in OUT_DIR. A compiler that is missing or fails only costs
//! that bench: the path is exported empty and the bench says why.

use std::path::PathBuf;
use std::process::Command;

fn main() {
    let src = PathBuf::from("../fixtures/hello.c");
    println!("cargo:rerun-if-changed=../fixtures/hello.c");
    println!("cargo:rerun-if-changed=build.rs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    for (var, cc, flags, name) in [
        (
            "MUSLAB_HELLO_STATIC_MUSL",
            "musl-gcc",
            &["-static"][..],
            "hello-static-musl",
        ),
        (
            "MUSLAB_HELLO_STATIC_GLIBC",
            "gcc",
            &["-static"][..],
            "hello-static-glibc",
        ),
        (
            "MUSLAB_HELLO_DYNAMIC_GLIBC",
            "gcc",
            &[][..],
            "hello-dynamic-glibc",
        ),
    ] {
        let exe = out.join(name);
        let ok = Command::new(cc)
            .args(flags)
            .args(["-O2", "-o"])
            .arg(&exe)
            .arg(&src)
            .status()
            .is_ok_and(|s| s.success());
        if ok {
            println!("cargo:rustc-env={var}={}", exe.display());
        } else {
            println!("cargo:warning={cc} {} failed: the process-start bench skips {name} (install musl-tools / libc6-dev)", flags.join(" "));
            println!("cargo:rustc-env={var}=");
        }
    }
}
