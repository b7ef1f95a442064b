//! This process's memory as the kernel reports it in /proc/self/status.

/// A `Vm*:` line of /proc/self/status, in bytes (the file says kB).
pub fn status_bytes(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map(|kib| kib * 1024)
}

/// Resident set size now (VmRSS).
pub fn rss() -> u64 {
    status_bytes("VmRSS").unwrap_or(0)
}

/// Address space size now (VmSize).
pub fn vm_size() -> u64 {
    status_bytes("VmSize").unwrap_or(0)
}

/// Threads in this process right now.
pub fn threads() -> usize {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("Threads:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0)
}
