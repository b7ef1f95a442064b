use std::io;
use std::os::fd::AsRawFd;

/// `ioctl(TIOCGWINSZ)` on `fd`: the terminal's columns, or an error when
/// `fd` is no terminal (a pipe, a file).
pub fn columns(fd: &impl AsRawFd) -> io::Result<u16> {
    // SAFETY: TIOCGWINSZ writes one winsize struct that we own; the fd is
    // borrowed for the call only.
    unsafe {
        let mut size: libc::winsize = std::mem::zeroed();
        if libc::ioctl(fd.as_raw_fd(), libc::TIOCGWINSZ, &mut size) != 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(size.ws_col)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_pipe_is_no_terminal() {
        let (r, _w) = std::io::pipe().unwrap();
        assert!(super::columns(&r).is_err(), "got columns for a pipe");
    }
}
