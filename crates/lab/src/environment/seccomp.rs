//! A seccomp filter that makes `uname` fail for callers using the i386
//! syscall ABI and allows everything else: the kind of sandbox (an early AWS
//! Lambda-like one) where 32-bit binaries broke while 64-bit ones ran (S5).
//! The BPF program is written here instruction by instruction;
//! `muslab_sys::seccomp::install` installs it.

/// `seccomp_data.arch` for i386 callers: EM_386 (3) | __AUDIT_ARCH_LE.
pub const AUDIT_ARCH_I386: u32 = 0x4000_0003;

/// The i386 ABI's uname family (arch/x86/entry/syscalls/syscall_32.tbl):
/// 59 oldolduname, 109 olduname, 122 uname (the kernel's newuname).
pub const I386_UNAME_SYSCALLS: [u32; 3] = [59, 109, 122];

/// Offsets into `struct seccomp_data { int nr; __u32 arch; ... }`.
const OFFSET_NR: u32 = 0;
const OFFSET_ARCH: u32 = 4;

const SECCOMP_RET_ALLOW: u32 = 0x7fff_0000;

fn stmt(code: u32, k: u32) -> libc::sock_filter {
    libc::sock_filter {
        code: code as u16,
        jt: 0,
        jf: 0,
        k,
    }
}

fn jump_eq(k: u32, jt: u8, jf: u8) -> libc::sock_filter {
    libc::sock_filter {
        code: (libc::BPF_JMP | libc::BPF_JEQ | libc::BPF_K) as u16,
        jt,
        jf,
        k,
    }
}

/// The filter: i386 callers of the uname family get `-errno`; everything
/// else, including every x86_64 syscall, is allowed.
pub fn deny_i386_uname(errno: i32) -> Vec<libc::sock_filter> {
    let load = libc::BPF_LD | libc::BPF_W | libc::BPF_ABS;
    let n = I386_UNAME_SYSCALLS.len() as u8;
    let mut prog = vec![
        stmt(load, OFFSET_ARCH),
        // Not i386: skip the number loads and compares, land on ALLOW.
        jump_eq(AUDIT_ARCH_I386, 0, n + 1),
        stmt(load, OFFSET_NR),
    ];
    for (i, nr) in I386_UNAME_SYSCALLS.iter().enumerate() {
        let to_errno = n - i as u8;
        prog.push(jump_eq(*nr, to_errno, 0));
    }
    prog.push(stmt(libc::BPF_RET | libc::BPF_K, SECCOMP_RET_ALLOW));
    prog.push(stmt(
        libc::BPF_RET | libc::BPF_K,
        libc::SECCOMP_RET_ERRNO | (errno as u32 & 0xffff),
    ));
    prog
}

#[cfg(test)]
mod tests {
    use super::*;
    use muslab_sys::namespace::{before_exec, ExecStep};
    use std::process::Command;

    #[test]
    fn jumps_land_inside_the_program() {
        let p = deny_i386_uname(libc::EPERM);
        assert_eq!(p.len(), 3 + I386_UNAME_SYSCALLS.len() + 2);
        let allow = p.len() - 2;
        let errno = p.len() - 1;
        assert_eq!(1 + 1 + p[1].jf as usize, allow);
        for (i, insn) in p.iter().enumerate().skip(3).take(I386_UNAME_SYSCALLS.len()) {
            assert_eq!(i + 1 + insn.jt as usize, errno, "compare at {i}");
        }
        assert_eq!(p[errno].k, libc::SECCOMP_RET_ERRNO | libc::EPERM as u32);
    }

    #[test]
    fn x86_64_uname_still_works_under_the_filter() {
        let prog = deny_i386_uname(libc::EPERM);
        let mut cmd = Command::new("uname");
        cmd.arg("-m");
        before_exec(&mut cmd, vec![ExecStep::Seccomp(prog)]);
        let out = cmd.output().unwrap();
        assert!(out.status.success(), "{out:?}");
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "x86_64");
    }
}
