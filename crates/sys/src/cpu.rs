use std::io;

use crate::sysconf::sysconf;

/// `sysconf(_SC_NPROCESSORS_ONLN)`. glibc counts the CPUs online in the
/// system (/sys/devices/system/cpu/online); musl counts the CPUs in this
/// thread's affinity mask (sched_getaffinity), catalogue D23.
pub fn sysconf_online() -> io::Result<u64> {
    sysconf(libc::_SC_NPROCESSORS_ONLN)
}

fn current_mask() -> io::Result<libc::cpu_set_t> {
    // SAFETY: cpu_set_t is a plain bitmask; the kernel writes at most its size.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        if libc::sched_getaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &mut set) != 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(set)
    }
}

/// The CPUs in this thread's affinity mask (what `taskset` sets).
pub fn affinity_cpus() -> io::Result<Vec<usize>> {
    let set = current_mask()?;
    // SAFETY: CPU_ISSET reads the bitmask within its fixed size.
    Ok((0..libc::CPU_SETSIZE as usize)
        .filter(|&i| unsafe { libc::CPU_ISSET(i, &set) })
        .collect())
}

/// Narrows this thread's affinity mask to the single CPU `cpu`, as
/// `taskset -c N` would. Meant for a forked child: it changes the process.
pub fn pin_to(cpu: usize) -> io::Result<()> {
    // SAFETY: we build a mask with one bit and hand the kernel its size.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(cpu, &mut set);
        if libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set) != 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn affinity_mask_is_not_empty() {
        assert!(!super::affinity_cpus().unwrap().is_empty());
        assert!(super::sysconf_online().unwrap() >= 1);
    }
}
