/// The conventional name of a signal number; `SIG<n>` for others. Written out
/// rather than asking `strsignal`, whose texts differ between libcs.
pub fn name(signal: i32) -> String {
    let known = match signal {
        libc::SIGHUP => "SIGHUP",
        libc::SIGINT => "SIGINT",
        libc::SIGQUIT => "SIGQUIT",
        libc::SIGILL => "SIGILL",
        libc::SIGTRAP => "SIGTRAP",
        libc::SIGABRT => "SIGABRT",
        libc::SIGBUS => "SIGBUS",
        libc::SIGFPE => "SIGFPE",
        libc::SIGKILL => "SIGKILL",
        libc::SIGSEGV => "SIGSEGV",
        libc::SIGPIPE => "SIGPIPE",
        libc::SIGALRM => "SIGALRM",
        libc::SIGTERM => "SIGTERM",
        libc::SIGSYS => "SIGSYS",
        _ => return format!("SIG{signal}"),
    };
    known.to_owned()
}

/// Sends SIGKILL to the single process `pid` (> 1, so never a group or
/// "every process").
pub fn kill(pid: u32) -> std::io::Result<()> {
    send(positive_pid(pid)?, libc::SIGKILL)
}

/// Sends SIGKILL to every process of the process group `pgid` (`kill(-pgid)`).
/// A command run through a shell or a chroot wrapper leaves its real work to
/// grandchildren that share the group; killing only the direct child would
/// leave them running and holding its output pipes open.
pub fn kill_process_group(pgid: u32) -> std::io::Result<()> {
    send(-positive_pid(pgid)?, libc::SIGKILL)
}

/// `pid` as a pid_t above 1: 0, 1 and anything that turns negative would
/// name the caller's group, init, or every process.
fn positive_pid(pid: u32) -> std::io::Result<libc::pid_t> {
    libc::pid_t::try_from(pid)
        .ok()
        .filter(|&p| p > 1)
        .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::InvalidInput))
}

fn send(target: libc::pid_t, signal: libc::c_int) -> std::io::Result<()> {
    // SAFETY: kill(2) takes plain integers; `positive_pid` keeps `target`
    // from being 0, 1 or -1.
    if unsafe { libc::kill(target, signal) } == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_segv_and_unknowns() {
        assert_eq!(super::name(libc::SIGSEGV), "SIGSEGV");
        assert_eq!(super::name(99), "SIG99");
    }

    #[test]
    fn kill_process_group_reaches_grandchildren() {
        use std::io::BufRead;
        use std::os::unix::process::{CommandExt, ExitStatusExt};
        let mut child = std::process::Command::new("sh")
            .args(["-c", "sleep 30 & echo $!; wait"])
            .process_group(0)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let grandchild: u32 = line.trim().parse().unwrap();
        super::kill_process_group(child.id()).unwrap();
        assert_eq!(child.wait().unwrap().signal(), Some(libc::SIGKILL));
        // The sleep dies too (SIGKILL is acted on when it is next scheduled):
        // gone, or a zombie waiting for init to reap it.
        let dead = || {
            let stat =
                std::fs::read_to_string(format!("/proc/{grandchild}/stat")).unwrap_or_default();
            stat.is_empty() || stat.rsplit(") ").next().is_some_and(|s| s.starts_with('Z'))
        };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while !dead() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert!(dead(), "sleep {grandchild} still running");
    }

    #[test]
    fn kill_refuses_what_would_mean_a_group_or_everything() {
        for pid in [0, 1, u32::MAX] {
            assert!(super::kill_process_group(pid).is_err(), "group {pid}");
            assert!(super::kill(pid).is_err(), "pid {pid}");
        }
    }

    #[test]
    fn kill_ends_a_child() {
        use std::os::unix::process::ExitStatusExt;
        let mut child = std::process::Command::new("sleep")
            .arg("30")
            .spawn()
            .unwrap();
        super::kill(child.id()).unwrap();
        let got = child.wait().unwrap().signal();
        assert_eq!(got, Some(libc::SIGKILL), "got {got:?}, want SIGKILL");
    }
}
