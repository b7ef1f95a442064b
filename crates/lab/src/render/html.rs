//! results/index.html: the whole matrix as one self-contained page (inline
//! CSS and a small inline script, no network): the findings first (where
//! glibc and musl differ, evidence, why and fix once per catalogue id),
//! contents, filters (differences only, by environment, by catalogue id; kept
//! in the URL's hash, e.g. `#diff&env=host&id=S2`), then the tables: rows
//! are check ids with titles, columns target × environment, cells coloured
//! by what happened.

use std::fmt::Write;

use muslab_report::Status;

use super::{label_with_environment, marker, prediction_text, probes, summary};
use crate::matrix::{Cell, Matrix, Row, Verdict};

const STYLE: &str = "
body{font:13px/1.35 system-ui,sans-serif;margin:16px;color:#1b1b1b;background:#fff}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:22px 0 6px}
p.lede{margin:0 0 10px;color:#444;max-width:70em}
table{border-collapse:collapse;margin-bottom:8px}
th,td{border:1px solid #c9c9c9;padding:3px 5px;vertical-align:top;text-align:left}
thead th{background:#f0f0f0;font-weight:600;white-space:nowrap}
th.env{text-align:center;background:#e4e8f0}
td.id{font-family:ui-monospace,monospace;white-space:nowrap}
td.title{min-width:14em;max-width:22em}
td.cell{max-width:13em;overflow-wrap:anywhere;font-size:12px}
td.same{background:#e3f4e1}td.varies{background:#eef2d6}td.diff{background:#ffd9a8;font-weight:600}
td.error{background:#f7c4c4}td.crash{background:#e88;color:#fff;font-weight:600}td.na{background:#eee;color:#777}
td.none{background:#fafafa;color:#aaa}
tr.why td{background:#fff8ea;font-size:12px;border-top:none}
tr.why div{position:sticky;left:8px;max-width:min(95vw,90em)}
tr.why b{color:#8a4b00}
details summary{cursor:pointer}details div{font-weight:400;color:#333;margin-top:3px;white-space:pre-wrap}
ul.legend{list-style:none;padding:0;display:flex;gap:10px;flex-wrap:wrap}
ul.legend li span{display:inline-block;width:1em;height:1em;border:1px solid #999;vertical-align:-2px;margin-right:4px}
code{font-family:ui-monospace,monospace;background:#f3f3f3;padding:0 2px}
section.finding{max-width:70em;margin:0 0 10px}section.finding h3{font-size:14px;margin:8px 0 2px}
section.finding p{margin:2px 0}
form.filters{position:sticky;top:0;background:#fff;padding:6px 0;border-bottom:1px solid #ddd;z-index:2}
.hidden{display:none}
";

/// Applies the filters (rows by verdict and id, columns by environment) and
/// keeps them in the URL's hash, so a filtered view can be linked.
const SCRIPT: &str = "
(function(){
var f=document.getElementById('filters');
function apply(){
 var diff=f.diff.checked, env=f.env.value, id=f.id.value;
 document.querySelectorAll('tr[data-id]').forEach(function(r){
  var hide=(diff&&r.dataset.verdict!=='libc_difference')||(id&&r.dataset.id!==id);
  r.classList.toggle('hidden',hide);});
 document.querySelectorAll('[data-env]').forEach(function(c){
  c.classList.toggle('hidden',!!env&&c.dataset.env!==env);});
 var h=[];if(diff)h.push('diff');if(env)h.push('env='+env);if(id)h.push('id='+id);
 history.replaceState(null,'',h.length?'#'+h.join('&'):location.pathname);
}
function load(){
 location.hash.slice(1).split('&').forEach(function(p){
  if(p==='diff')f.diff.checked=true;
  var kv=p.split('=');if(kv[0]==='env')f.env.value=decodeURIComponent(kv[1]);
  if(kv[0]==='id')f.id.value=kv[1];});
 apply();
}
f.addEventListener('change',apply);load();
})();
";

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Backticked spans of catalogue text as <code>.
fn prose(s: &str) -> String {
    escape(s)
        .split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("<code>{part}</code>")
            } else {
                part.to_owned()
            }
        })
        .collect()
}

/// The colour class of a cell: what happened first, then how the row compares.
fn class(row: &Row, cell: Option<&Cell>) -> &'static str {
    let Some(cell) = cell else { return "none" };
    match &cell.status {
        Status::Unsupported { .. } => "na",
        Status::Crashed { .. } | Status::TimedOut { .. } => "crash",
        Status::Error { .. } => "error",
        Status::Ok => match row.verdict {
            Verdict::LibcDifference => "diff",
            Verdict::Varies => "varies",
            Verdict::Same => "same",
        },
    }
}

fn cell_html(row: &Row, cell: Option<&Cell>, env: &str) -> String {
    let class = class(row, cell);
    let env = escape(env);
    let Some(cell) = cell else {
        return format!("<td class=\"cell {class}\" data-env=\"{env}\">-</td>");
    };
    let summary = escape(&cell.summary());
    let mut detail = cell.detail.trim().to_owned();
    if let Some(p) = &cell.prediction {
        if !detail.is_empty() {
            detail.push('\n');
        }
        detail.push_str(&prediction_text(p));
    }
    if detail.is_empty() {
        format!("<td class=\"cell {class}\" data-env=\"{env}\">{summary}</td>")
    } else {
        format!(
            "<td class=\"cell {class}\" data-env=\"{env}\"><details><summary>{summary}</summary><div>{}</div></details></td>",
            escape(&detail)
        )
    }
}

/// Column groups: consecutive columns of one environment share a header.
fn environment_spans(m: &Matrix) -> Vec<(&str, usize)> {
    let mut spans: Vec<(&str, usize)> = Vec::new();
    for c in &m.columns {
        match spans.last_mut() {
            Some((env, n)) if *env == c.environment => *n += 1,
            _ => spans.push((&c.environment, 1)),
        }
    }
    spans
}

pub fn render(m: &Matrix) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width\">\
         <title>muslab matrix</title><style>{STYLE}</style></head><body>\n"
    );
    let _ = writeln!(out, "<h1>muslab matrix</h1>");
    let _ = writeln!(
        out,
        "<p class=\"lede\">Generated by <code>make matrix</code> (muslab {}): {} columns, {} rows, \
         {} where the glibc and musl builds differ on the same arch and environment. Every cell is \
         what a probe or program observed on this run; open a cell for the exact words and the \
         prediction of `muslab check` (verdict and fixes). results/matrix.md is the text twin.</p>",
        escape(&m.muslab_version),
        m.columns.len(),
        m.rows.len(),
        m.differences().count()
    );
    let _ = writeln!(
        out,
        "<ul class=\"legend\">\
         <li><span style=\"background:#e3f4e1\"></span>same everywhere</li>\
         <li><span style=\"background:#eef2d6\"></span>varies (not glibc vs musl)</li>\
         <li><span style=\"background:#ffd9a8\"></span>glibc and musl differ</li>\
         <li><span style=\"background:#f7c4c4\"></span>error / did not start</li>\
         <li><span style=\"background:#e88\"></span>crashed / timed out</li>\
         <li><span style=\"background:#eee\"></span>not available here</li></ul>"
    );
    let found = summary::findings(m);
    let contra = summary::contradictions(m);
    let _ = write!(
        out,
        "<nav><b>Contents:</b> <a href=\"#findings\">Findings</a>"
    );
    if !contra.is_empty() {
        let _ = write!(out, " · <a href=\"#contradictions\">Contradictions</a>");
    }
    let _ = write!(out, " · <a href=\"#environments\">Environments</a>");
    for probe in probes(m) {
        let _ = write!(out, " · <a href=\"#{0}\">{0}</a>", escape(probe));
    }
    let _ = writeln!(out, "</nav>");
    findings_html(&mut out, m, &found);
    if !contra.is_empty() {
        let _ = writeln!(
            out,
            "<h2 id=\"contradictions\">Measurements that contradict the catalogue or check</h2><ul>"
        );
        for c in contra {
            let cells = c.cell_labels(m);
            let _ = writeln!(
                out,
                "<li>{} {} ({} cells: {})</li>",
                escape(c.id.as_str()),
                escape(&c.text),
                c.columns.len(),
                escape(&cells)
            );
        }
        let _ = writeln!(out, "</ul>");
    }
    let _ = writeln!(out, "<h2 id=\"environments\">Environments</h2><ul>");
    for e in &m.environments {
        let _ = writeln!(
            out,
            "<li><b>{}</b>: {}</li>",
            escape(&e.name),
            escape(&e.description)
        );
    }
    let _ = writeln!(out, "</ul>");
    filters_html(&mut out, m);
    let spans = environment_spans(m);
    let with_env = label_with_environment(m);
    for probe in probes(m) {
        let _ = writeln!(
            out,
            "<h2 id=\"{0}\">{0}</h2>\n<table><thead>",
            escape(probe)
        );
        let _ = write!(
            out,
            "<tr><th rowspan=\"2\"></th><th rowspan=\"2\">id</th><th rowspan=\"2\">check</th>"
        );
        for (env, n) in &spans {
            let _ = write!(
                out,
                "<th class=\"env\" colspan=\"{n}\" data-env=\"{0}\">{0}</th>",
                escape(env)
            );
        }
        let _ = write!(out, "</tr>\n<tr>");
        for c in &m.columns {
            let label = if with_env {
                c.target.short()
            } else {
                c.label(false)
            };
            let _ = write!(
                out,
                "<th title=\"{}\" data-env=\"{}\">{}</th>",
                escape(&c.target.triple),
                escape(&c.environment),
                escape(&label)
            );
        }
        let _ = writeln!(out, "</tr></thead><tbody>");
        for r in m.rows.iter().filter(|r| r.probe == probe) {
            let bang = if r.contradictions.is_empty() { "" } else { "!" };
            let verdict = match r.verdict {
                Verdict::LibcDifference => "libc_difference",
                Verdict::Varies => "varies",
                Verdict::Same => "same",
            };
            let id = escape(r.id.as_str());
            let id_cell = if r.verdict == Verdict::LibcDifference {
                format!("<a href=\"#why-{id}\">{id}</a>")
            } else {
                id.clone()
            };
            let _ = write!(
                out,
                "<tr data-id=\"{id}\" data-verdict=\"{verdict}\"><td>{}{bang}</td><td class=\"id\">{id_cell}</td><td class=\"title\">{}</td>",
                marker(r),
                escape(&r.title)
            );
            for (c, cell) in r.cells.iter().enumerate() {
                out.push_str(&cell_html(r, cell.as_ref(), &m.columns[c].environment));
            }
            let _ = writeln!(out, "</tr>");
        }
        let _ = writeln!(out, "</tbody></table>");
    }
    let _ = writeln!(out, "<script>{SCRIPT}</script>");
    let _ = writeln!(out, "</body></html>");
    out
}

/// Where glibc and musl differ: per catalogue id the count, one measured
/// pair, why and the fix, once.
fn findings_html(out: &mut String, m: &Matrix, found: &[summary::RowFinding]) {
    let _ = writeln!(
        out,
        "<h2 id=\"findings\">Findings: glibc and musl differ in {} checks of {} catalogue rows</h2>",
        m.differences().count(),
        found.len()
    );
    if found.is_empty() {
        let _ = writeln!(
            out,
            "<p>The glibc and musl builds behaved the same in every check.</p>"
        );
    }
    for f in found {
        let e = f.id.entry();
        let id = escape(f.id.as_str());
        let _ = writeln!(
            out,
            "<section class=\"finding\" id=\"why-{id}\"><h3>{id}: {} ({} checks differ)</h3>",
            escape(e.title),
            f.rows.len()
        );
        if let Some(x) = &f.example {
            let _ = writeln!(
                out,
                "<p>Measured: {} @{} {}: glibc <code>{}</code>, musl <code>{}</code></p>",
                escape(&x.row.title),
                escape(x.environment),
                escape(x.arch),
                escape(&x.glibc),
                escape(&x.musl)
            );
        }
        let _ = writeln!(
            out,
            "<p><b>Why.</b> {}</p><p><b>Fix.</b> {}</p></section>",
            prose(e.why),
            prose(&e.fix_summary())
        );
    }
}

/// The filter form the script reads.
fn filters_html(out: &mut String, m: &Matrix) {
    let _ = write!(
        out,
        "<form id=\"filters\" class=\"filters\"><label><input type=\"checkbox\" name=\"diff\"> differences only</label> \
         <label>environment <select name=\"env\"><option value=\"\">all</option>"
    );
    for e in &m.environments {
        let _ = write!(out, "<option>{}</option>", escape(&e.name));
    }
    let _ = write!(
        out,
        "</select></label> <label>catalogue id <select name=\"id\"><option value=\"\">all</option>"
    );
    let mut ids: Vec<_> = m.rows.iter().map(|r| r.id).collect();
    ids.sort();
    ids.dedup();
    for id in ids {
        let _ = write!(
            out,
            "<option value=\"{0}\">{0} {1}</option>",
            escape(id.as_str()),
            escape(id.title())
        );
    }
    let _ = writeln!(out, "</select></label></form>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_marks_code() {
        assert_eq!(escape("<a href='x'>&"), "&lt;a href=&#39;x&#39;&gt;&amp;");
        assert_eq!(prose("run `a<b`"), "run <code>a&lt;b</code>");
    }

    #[test]
    fn an_empty_matrix_is_a_whole_page_without_network() {
        let m = Matrix::build(vec![], vec![], vec![]);
        let page = render(&m);
        assert!(page.starts_with("<!DOCTYPE html>") && page.ends_with("</html>\n"));
        assert!(!page.contains("http://") && !page.contains("https://"));
        assert!(!page.contains("<script src"), "an external script");
    }
}
