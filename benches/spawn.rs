//! Process start: fork+exec+wait and posix_spawn+wait of a static musl, a
//! static glibc and a dynamic glibc hello (built by build.rs from
//! fixtures/hello.c), and fork from a parent with 1 GiB resident.
//!
//! The parent's libc decides how it forks and spawns: glibc's and musl's
//! posix_spawn both use clone(CLONE_VM|CLONE_VFORK), which shares the
//! parent's memory instead of copying its page tables; fork copies them,
//! so its cost grows with the parent's resident memory on either libc. The
//! child's libc decides its start-up: a static musl binary does little
//! before main; a static glibc one sets up more (IRELATIVE relocs, tunables);
//! a dynamic glibc one maps ld.so and libc.so and relocates first.

use std::ffi::{c_char, CString};
use std::hint::black_box;
use std::ptr;

use criterion::{BenchmarkId, Criterion};

#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use bench_support as support;
use support::timing::Family;

const HELLOS: [(&str, &str); 3] = [
    ("static_musl", env!("MUSLAB_HELLO_STATIC_MUSL")),
    ("static_glibc", env!("MUSLAB_HELLO_STATIC_GLIBC")),
    ("dynamic_glibc", env!("MUSLAB_HELLO_DYNAMIC_GLIBC")),
];

/// A program to run, prepared before any fork: after fork only
/// async-signal-safe calls are made.
struct Program {
    path: CString,
    argv: [*const c_char; 2],
    devnull: CString,
}

impl Program {
    fn new(path: &str) -> Self {
        let path = CString::new(path).expect("no NUL in the path");
        let argv = [path.as_ptr(), ptr::null()];
        Program {
            path,
            argv,
            devnull: c"/dev/null".to_owned(),
        }
    }
}

fn wait(pid: libc::pid_t) {
    let mut status = 0;
    // SAFETY: pid is our child.
    let r = unsafe { libc::waitpid(pid, &mut status, 0) };
    assert!(
        r == pid && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "child failed: waitpid {r}, status {status:#x}"
    );
}

fn fork_exec_wait(p: &Program) {
    // SAFETY: the child only calls open, dup2, execve and _exit, all
    // async-signal-safe, on data prepared before the fork.
    unsafe {
        let pid = libc::fork();
        assert!(pid >= 0, "fork: {}", std::io::Error::last_os_error());
        if pid == 0 {
            let fd = libc::open(p.devnull.as_ptr(), libc::O_WRONLY);
            libc::dup2(fd, 1);
            libc::execve(p.path.as_ptr(), p.argv.as_ptr(), ptr::null());
            libc::_exit(127);
        }
        wait(pid);
    }
}

fn spawn_wait(p: &Program) {
    // SAFETY: file actions are initialised and destroyed around the call;
    // argv is NULL-terminated; envp is an empty NULL-terminated list.
    unsafe {
        let mut fa: libc::posix_spawn_file_actions_t = std::mem::zeroed();
        libc::posix_spawn_file_actions_init(&mut fa);
        libc::posix_spawn_file_actions_addopen(&mut fa, 1, p.devnull.as_ptr(), libc::O_WRONLY, 0);
        let envp: [*mut c_char; 1] = [ptr::null_mut()];
        let mut pid = 0;
        let r = libc::posix_spawn(
            &mut pid,
            p.path.as_ptr(),
            &fa,
            ptr::null(),
            p.argv.as_ptr() as *const *mut c_char,
            envp.as_ptr(),
        );
        libc::posix_spawn_file_actions_destroy(&mut fa);
        assert_eq!(
            r,
            0,
            "posix_spawn: {}",
            std::io::Error::from_raw_os_error(r)
        );
        wait(pid);
    }
}

fn fork_exit_wait() {
    // SAFETY: the child calls only _exit.
    unsafe {
        let pid = libc::fork();
        assert!(pid >= 0, "fork: {}", std::io::Error::last_os_error());
        if pid == 0 {
            libc::_exit(0);
        }
        wait(pid);
    }
}

fn hellos() -> Vec<(&'static str, Program)> {
    HELLOS
        .iter()
        .filter_map(|&(name, path)| {
            if path.is_empty() {
                eprintln!("spawn: no {name} hello (its compiler failed at build time)");
                None
            } else {
                Some((name, Program::new(path)))
            }
        })
        .collect()
}

fn start(c: &mut Criterion) {
    let hellos = hellos();
    for (group, run) in [
        ("spawn_fork_exec_wait", fork_exec_wait as fn(&Program)),
        ("spawn_posix_spawn_wait", spawn_wait as fn(&Program)),
    ] {
        let mut g = c.benchmark_group(group);
        for (name, p) in &hellos {
            g.bench_function(BenchmarkId::from_parameter(name), |b| b.iter(|| run(p)));
        }
        g.finish();
    }
}

const GIB: usize = 1 << 30;

/// fork and posix_spawn from a parent with 1 GiB resident (touched).
fn big_parent(c: &mut Criterion) {
    let mut g = c.benchmark_group("spawn_1GiB_parent");
    let mut resident: Option<Vec<u8>> = None;
    let ensure = |resident: &mut Option<Vec<u8>>| {
        if resident.is_none() {
            *resident = Some(black_box(vec![1u8; GIB]));
        }
    };
    g.bench_function("fork_exit_wait", |b| {
        ensure(&mut resident);
        b.iter(fork_exit_wait)
    });
    if let Some((_, p)) = hellos().into_iter().find(|(n, _)| *n == "static_musl") {
        g.bench_function("posix_spawn_static_musl", |b| {
            ensure(&mut resident);
            b.iter(|| spawn_wait(&p))
        });
    }
    g.finish();
    drop(resident);
}

fn main() {
    let mut c = support::timing::criterion(Family::ProcessStart);
    start(&mut c);
    big_parent(&mut c);
    support::record_build("spawn");
    c.final_summary();
}
