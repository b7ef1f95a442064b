//! The human-readable report and the one-line `--brief` form.

use crate::analysis::FileReport;
use crate::verdict::Verdict;
use std::fmt::Write;

/// A short description: `x86_64 pie glibc>=2.34`.
pub fn summary(r: &FileReport) -> String {
    let e = &r.elf;
    let mut s = format!(
        "{} {} {}",
        e.machine.name,
        e.kind.label(),
        crate::elf_facts::libc_label(e.libc)
    );
    if let Some(f) = &r.floors.glibc {
        let _ = write!(s, ">={}", f.version);
    }
    s
}

/// `--brief`: `PATH: x86_64 pie glibc>=2.34 | host=runs glibc-2.28=FAILS musl-rootfs=FAILS ...`
pub fn brief_line(r: &FileReport) -> String {
    let envs: Vec<String> = r
        .verdicts
        .iter()
        .map(|v| format!("{}={}", v.env, v.verdict.word()))
        .collect();
    format!("{}: {} | {}", r.path, summary(r), envs.join(" "))
}

fn list(items: &[String], max: usize) -> String {
    let mut s = items
        .iter()
        .take(max)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > max {
        let _ = write!(s, " ... ({} more)", items.len() - max);
    }
    s
}

/// The full report for one file.
pub fn full_report(r: &FileReport) -> String {
    full_report_once(r, &mut std::collections::HashSet::new())
}

/// The full report, with a fix already printed for an earlier file of the
/// same scan named by title only (`shown` remembers them).
pub fn full_report_once(r: &FileReport, shown: &mut std::collections::HashSet<String>) -> String {
    let e = &r.elf;
    let mut s = String::new();
    let _ = writeln!(s, "{}", r.path);
    let _ = writeln!(
        s,
        "  ELF{} {} {} ({}), OS/ABI {}",
        e.class,
        e.machine.name,
        e.kind.label(),
        crate::elf_facts::libc_label(e.libc),
        e.os_abi
    );
    if let Some(i) = &e.interpreter {
        let _ = writeln!(s, "  interpreter  {i}");
    }
    if let Some(so) = &e.soname {
        let _ = writeln!(s, "  soname       {so}");
    }
    if !e.needed.is_empty() {
        let _ = writeln!(s, "  needs        {}", e.needed.join(" "));
    }
    if !e.rpath.is_empty() {
        let _ = writeln!(s, "  rpath        {}", e.rpath.join(":"));
    }
    if !e.runpath.is_empty() {
        let _ = writeln!(s, "  runpath      {}", e.runpath.join(":"));
    }
    for f in [
        &r.floors.glibc,
        &r.floors.glibcxx,
        &r.floors.cxxabi,
        &r.floors.gcc,
    ]
    .into_iter()
    .flatten()
    {
        let _ = writeln!(
            s,
            "  floor        {} {} (set by: {})",
            f.family,
            f.version,
            list(&f.symbols, 6)
        );
    }
    if !r.floors.glibc_private.is_empty() {
        let _ = writeln!(s, "  GLIBC_PRIVATE {}", list(&r.floors.glibc_private, 6));
    }
    if !r.musl.missing.is_empty() {
        let _ = writeln!(s, "  not in musl  {}", list(&r.musl.missing, 10));
    }
    if !r.musl.fortify.is_empty() {
        let _ = writeln!(s, "  fortify      {}", list(&r.musl.fortify, 8));
    }
    if !r.musl.lfs64.is_empty() {
        let _ = writeln!(s, "  LFS64        {}", list(&r.musl.lfs64, 8));
    }
    if !e.ifunc_symbols.is_empty() || e.irelative_relocations > 0 {
        let _ = writeln!(
            s,
            "  IFUNC        {} symbols, {} IRELATIVE relocations",
            e.ifunc_symbols.len(),
            e.irelative_relocations
        );
    }
    let mut misc = Vec::new();
    if e.tls {
        misc.push("TLS".to_string());
    }
    if let Some(isa) = &e.x86_isa_needed {
        misc.push(format!("ISA {isa}"));
    }
    if let Some(st) = e.gnu_stack {
        if st.executable {
            misc.push("EXECUTABLE STACK".into());
        }
        if st.size > 0 {
            misc.push(format!(
                "PT_GNU_STACK size {} (musl thread default)",
                st.size
            ));
        }
    }
    if let Some(t) = &e.abi_tag {
        misc.push(format!("ABI tag {t}"));
    }
    if e.relr {
        misc.push("DT_RELR".into());
    }
    if !misc.is_empty() {
        let _ = writeln!(s, "  also         {}", misc.join(", "));
    }
    for w in &e.warnings {
        let _ = writeln!(s, "  warning      {w}");
    }
    let _ = writeln!(s, "  verdicts");
    for v in &r.verdicts {
        let detail = match &v.verdict {
            Verdict::Runs => String::new(),
            Verdict::RunsDifferently { ids } if ids.is_empty() => "on the other libc".into(),
            Verdict::RunsDifferently { ids } => format!(
                "on the other libc: {}",
                ids.iter().map(|i| i.as_str()).collect::<Vec<_>>().join(" ")
            ),
            Verdict::Fails { message, .. } => message.clone(),
            Verdict::Unknown { why } | Verdict::NotApplicable { why } => why.clone(),
        };
        let _ = writeln!(s, "    {:<19} {:<8} {}", v.env, v.verdict.word(), detail);
        if let Verdict::Fails { details, .. } = &v.verdict {
            for d in details
                .iter()
                .skip(usize::from(
                    details.first().is_some_and(|d| detail.contains(d.as_str())),
                ))
                .take(4)
            {
                let _ = writeln!(s, "    {:<19} {:<8}   {}", "", "", d);
            }
        }
        for n in &v.notes {
            let _ = writeln!(s, "    {:<19} {:<8} note: {}", "", "", n);
        }
    }
    if !r.exposures.is_empty() {
        let _ = writeln!(s, "  catalogue (differences met on the other libc)");
        for x in &r.exposures {
            let _ = writeln!(s, "    {:<4} {} ({})", x.id, x.title, list(&x.symbols, 4));
        }
    }
    if !r.fixes.is_empty() {
        let _ = writeln!(s, "  fixes, best first");
        for (i, f) in r.fixes.iter().enumerate() {
            let key = format!("{}\n{}", f.id, f.commands.join("\n"));
            if !shown.insert(key) {
                let _ = writeln!(s, "    {}. {} (as above)", i + 1, f.title);
                continue;
            }
            let _ = writeln!(s, "    {}. {}", i + 1, f.title);
            let _ = writeln!(s, "       {}", f.why);
            for c in &f.commands {
                let _ = writeln!(s, "       $ {c}");
            }
        }
    }
    s
}

/// Counts of verdicts by environment and reason over a scan, for the
/// closing summary of a directory or archive (instead of repeated blocks).
#[derive(Debug, Default)]
pub struct ReasonCounts {
    counts: std::collections::BTreeMap<(String, String), usize>,
}

impl ReasonCounts {
    pub fn add(&mut self, r: &FileReport) {
        for v in &r.verdicts {
            let why = match &v.verdict {
                Verdict::Fails { reason, .. } => format!(
                    "FAILS {}",
                    serde_json::to_value(reason)
                        .ok()
                        .and_then(|x| x.as_str().map(str::to_string))
                        .unwrap_or_default()
                ),
                other => other.word().to_string(),
            };
            *self.counts.entry((v.env.to_string(), why)).or_default() += 1;
        }
    }

    /// One line per environment: `musl-rootfs: 12 runs, 3 FAILS missing-library`.
    pub fn render(&self, files: usize) -> String {
        let mut s = format!("summary of {files} files by environment and reason\n");
        let mut env = None;
        let mut line = String::new();
        for ((e, why), n) in &self.counts {
            if env.as_ref() != Some(e) {
                if env.is_some() {
                    let _ = writeln!(s, "{line}");
                }
                line = format!("  {e}:");
                env = Some(e.clone());
            } else {
                line.push(',');
            }
            let _ = write!(line, " {n} {why}");
        }
        if env.is_some() {
            let _ = writeln!(s, "{line}");
        }
        s
    }
}
