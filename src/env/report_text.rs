//! probe-env's readable report. Two labelled sections come first because
//! they answer different questions: the libc of this process (the probe's
//! own build) says how a program built like it behaves here, whatever the
//! box holds; the libcs installed on the box say which dynamically linked
//! programs can start here at all. A static musl probe in a glibc box shows
//! musl above and glibc below.

use muslab_report::{checks_text, BuildInfo, Id, Linkage, Report};

use super::system_libc::{self, Installed};

pub const PROCESS_HEADING: &str = "This process (the probe's own build)";
pub const BOX_HEADING: &str = "Libcs installed on this box";
pub const REST_HEADING: &str = "The rest of this box";

/// The report as text, `width` columns.
pub fn to_text(report: &Report, width: usize) -> String {
    let b = &report.build;
    let mut out = format!("{}: what is this box\n\n{PROCESS_HEADING}\n", report.probe);
    out.push_str(&format!(
        "  target  {} ({}-bit)\n",
        b.target, b.pointer_width
    ));
    out.push_str(&format!("  libc    {}\n", process_libc(b)));
    out.push_str(&format!("  rustc   {}\n", b.rustc));
    out.push_str(&report.kernel_text());
    out.push_str(&format!("\n{BOX_HEADING}\n"));
    match report.check(Id::Env, system_libc::CASE) {
        Some(check) => out.push_str(&installed_text(&system_libc::from_check(check))),
        None => out.push_str("  (not measured)\n"),
    }
    out.push_str(&format!("\n{REST_HEADING}\n"));
    out.push_str(&checks_text(
        report
            .checks
            .iter()
            .filter(|c| !(c.id == Id::Env && c.case == system_libc::CASE)),
        width,
    ));
    out.push_str(&report.findings_text(width));
    out
}

/// "musl 1.2.5, static-pie: its libc is inside the file ..." or the loader
/// and the version loaded for a dynamic build.
fn process_libc(b: &BuildInfo) -> String {
    match (b.linkage, &b.interpreter) {
        (Linkage::Static | Linkage::StaticPie, _) => format!(
            "{} {}, {}: the libc is inside the file; it needs no loader and no libc on the box",
            b.libc, b.libc_version, b.linkage
        ),
        (Linkage::Dynamic, interpreter) => format!(
            "{} {} (built against), dynamic: loaded by {} with the box's libc{}",
            b.libc,
            b.libc_version,
            interpreter.as_deref().unwrap_or("its loader"),
            b.runtime_libc_version
                .as_ref()
                .map(|v| format!(", running {v}"))
                .unwrap_or_default()
        ),
    }
}

/// One line a library: libc, version, arch, path; glibc first.
fn installed_text(found: &[Installed]) -> String {
    if found.is_empty() {
        return "  none (no libc.so.6 or ld-musl-*.so.1): only static programs run here\n"
            .to_owned();
    }
    let mut sorted: Vec<&Installed> = found.iter().collect();
    sorted.sort_by(|a, b| (a.libc, &a.path).cmp(&(b.libc, &b.path)));
    sorted
        .iter()
        .map(|i| {
            let (version, error) = match &i.version {
                Ok(v) => (v.as_str(), String::new()),
                Err(e) => ("?", format!(" ({e})")),
            };
            format!(
                "  {:<6}{:<8}{:<8}{}{error}\n",
                i.libc.to_string(),
                version,
                i.arch.unwrap_or("?"),
                i.path
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn installed_libcs_are_one_line_each_glibc_first() {
        let found = [
            Installed {
                path: "/lib/ld-musl-x86_64.so.1".into(),
                libc: muslab_report::Libc::Musl,
                arch: Some("x86_64"),
                version: Ok("1.2.3".into()),
            },
            Installed {
                path: "/lib32/libc.so.6".into(),
                libc: muslab_report::Libc::Glibc,
                arch: Some("i386"),
                version: Err("no version in the file".into()),
            },
        ];
        assert_eq!(
            installed_text(&found),
            "  glibc ?       i386    /lib32/libc.so.6 (no version in the file)\n  musl  1.2.3   x86_64  /lib/ld-musl-x86_64.so.1\n"
        );
        assert!(installed_text(&[]).contains("only static programs run here"));
    }
}
