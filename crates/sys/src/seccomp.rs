//! Installing a seccomp BPF filter. Which program is the caller's policy (the
//! lab builds one that denies the i386 uname family); this module makes the
//! two prctl calls.

use std::io;

/// Installs `prog` for the calling thread and its future children. Sets
/// no_new_privs first, which an unprivileged caller needs and which also keeps
/// setuid programs from escaping the filter. Allocation-free: safe between
/// fork and exec.
pub fn install(prog: &[libc::sock_filter]) -> io::Result<()> {
    let len = u16::try_from(prog.len())
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "BPF program too long"))?;
    let fprog = libc::sock_fprog {
        len,
        filter: prog.as_ptr().cast_mut(),
    };
    // SAFETY: prctl with integer arguments.
    if unsafe { libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) } != 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: fprog points at `prog`, alive for the call; the kernel copies
    // it and never writes through `filter`.
    let rc = unsafe {
        libc::prctl(
            libc::PR_SET_SECCOMP,
            libc::SECCOMP_MODE_FILTER as libc::c_ulong,
            &fprog as *const libc::sock_fprog,
        )
    };
    if rc != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::namespace::{before_exec, ExecStep};
    use std::process::Command;

    /// Denies uname(2) (this architecture's number) with EPERM, allows the
    /// rest. Callers of any other ABI are let through unfiltered, which a
    /// test on one machine does not meet.
    fn deny_uname() -> Vec<libc::sock_filter> {
        let insn = |code: u32, jt: u8, jf: u8, k: u32| libc::sock_filter {
            code: code as u16,
            jt,
            jf,
            k,
        };
        vec![
            // Load seccomp_data.nr (offset 0).
            insn(libc::BPF_LD | libc::BPF_W | libc::BPF_ABS, 0, 0, 0),
            insn(
                libc::BPF_JMP | libc::BPF_JEQ | libc::BPF_K,
                1,
                0,
                libc::SYS_uname as u32,
            ),
            insn(libc::BPF_RET | libc::BPF_K, 0, 0, 0x7fff_0000),
            insn(
                libc::BPF_RET | libc::BPF_K,
                0,
                0,
                libc::SECCOMP_RET_ERRNO | libc::EPERM as u32,
            ),
        ]
    }

    #[test]
    fn an_installed_filter_applies_to_the_child() {
        let run = |steps| {
            let mut cmd = Command::new("uname");
            before_exec(&mut cmd, steps);
            cmd.output().unwrap()
        };
        assert!(run(Vec::new()).status.success());
        let denied = run(vec![ExecStep::Seccomp(deny_uname())]);
        assert!(
            !denied.status.success(),
            "uname ran under a filter denying it: {denied:?}"
        );
    }

    #[test]
    fn an_empty_program_is_refused() {
        let mut cmd = Command::new("true");
        before_exec(&mut cmd, vec![ExecStep::Seccomp(Vec::new())]);
        assert!(cmd.status().is_err());
    }
}
