//! Signs that the probe runs in a container. Each hint names its evidence;
//! none is conclusive on its own.

use muslab_catalogue::Id;
use std::path::Path;

use muslab_report::{Check, Observed};

pub fn check(root: &Path) -> Check {
    let mut hints = Vec::new();
    for marker in ["/.dockerenv", "/run/.containerenv"] {
        if root.join(marker.trim_start_matches('/')).exists() {
            hints.push(format!("{marker} exists"));
        }
    }
    if let Ok(v) = std::env::var("container") {
        hints.push(format!("container={v} in environment"));
    }
    if std::env::var_os("KUBERNETES_SERVICE_HOST").is_some() {
        hints.push("KUBERNETES_SERVICE_HOST set".into());
    }
    if let Ok(v) = std::env::var("AWS_LAMBDA_FUNCTION_NAME") {
        hints.push(format!("AWS Lambda function {v}"));
    }
    if let Ok(cgroup) = super::read_text(root, "/proc/1/cgroup") {
        for word in ["docker", "kubepods", "containerd", "libpod", "lxc"] {
            if cgroup.contains(word) {
                hints.push(format!("/proc/1/cgroup mentions {word}"));
            }
        }
    }
    if let Ok(mounts) = super::read_text(root, "/proc/self/mountinfo") {
        if let Some(line) = mounts.lines().find(|l| l.split(' ').nth(4) == Some("/")) {
            if let Some(fs) = line
                .split(" - ")
                .nth(1)
                .and_then(|rest| rest.split(' ').next())
            {
                if fs == "overlay" {
                    hints.push("root filesystem is overlay".into());
                }
            }
        }
    }
    Check::new(Id::Env, "container", "container hints").ok(Observed::List(hints), "")
}
