//! probe-env: "what is this box?" — the first probe a user runs in a suspect
//! container. Every check reads the box as it is; a missing or unreadable file
//! is reported as such, never a crash.

pub mod container;
pub mod cpu_count;
pub mod kernel;
pub mod loaders;
pub mod locale_env;
pub mod nameserver_reach;
pub mod os_release;
pub mod report_text;
pub mod resolv_conf;
pub mod resolv_search;
pub mod stack_limit;
pub mod system_libc;

use std::path::Path;

use muslab_report::Check;

/// The name probe-env shows the search expansion for: two dots, like most
/// names a service looks up (probe-dns --name shows any name's).
pub const EXAMPLE_NAME: &str = "api.example.com";

/// Every probe-env check, in the order a person reads them. With
/// `dns_reachability` the first nameserver is sent one query
/// ([`nameserver_reach`]); without, nothing leaves the box.
pub fn checks(dns_reachability: bool) -> Vec<Check> {
    let root = Path::new("/");
    let mut checks = Vec::new();
    checks.extend(kernel::checks());
    checks.push(loaders::check(root));
    checks.push(system_libc::check(root));
    checks.push(os_release::check(root));
    checks.push(container::check(root));
    checks.push(stack_limit::check());
    checks.extend(cpu_count::checks());
    checks.push(resolv_conf::check(root));
    checks.extend(resolv_search::checks(root, EXAMPLE_NAME, dns_reachability));
    checks.push(locale_env::check());
    checks
}

/// Reads a small text file under `root`, saying what went wrong if it could not.
fn read_text(root: &Path, path: &str) -> Result<String, String> {
    let full = root.join(path.trim_start_matches('/'));
    std::fs::read_to_string(&full).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => format!("{path}: not present"),
        _ => format!("{path}: {e}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use muslab_report::{Observed, Status};

    #[test]
    fn an_empty_root_is_reported_not_crashed_on() {
        let root = std::env::temp_dir().join(format!("muslab-empty-root-{}", std::process::id()));
        std::fs::create_dir_all(&root).unwrap();
        let os = os_release::check(&root);
        assert_eq!(os.status, Status::Ok);
        assert_eq!(os.observed, Observed::None);
        assert!(
            os.detail.contains("/etc/os-release: not present"),
            "{}",
            os.detail
        );
        let resolv = resolv_conf::check(&root);
        assert!(
            resolv.detail.contains("/etc/resolv.conf: not present"),
            "{}",
            resolv.detail
        );
        assert_eq!(loaders::check(&root).observed, Observed::List(vec![]));
        assert_eq!(
            system_libc::check(&root).observed,
            Observed::Record(Default::default())
        );
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn an_unreadable_file_says_why() {
        let root = std::env::temp_dir().join(format!("muslab-bad-root-{}", std::process::id()));
        std::fs::create_dir_all(root.join("etc/os-release")).unwrap();
        let err = read_text(&root, "/etc/os-release").unwrap_err();
        assert!(err.starts_with("/etc/os-release: "), "{err}");
        assert!(
            !err.contains("not present"),
            "a directory is not a missing file: {err}"
        );
        std::fs::remove_dir_all(&root).unwrap();
    }
}
