//! results/index.html in a real browser: headless Chromium (Debian's
//! `chromium`) loads the page of a host run, with the "differences only"
//! filter set through the URL's hash, and dumps the DOM the script left.
//! Needs root (the matrix), `make probes` and chromium; without chromium the
//! test fails and says so.

use std::path::Path;
use std::process::Command;

fn chromium(profile: &Path, args: &[&str]) -> std::process::Output {
    Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("chromium: {e} (apt-get install chromium)"))
}

#[test]
fn the_page_shows_findings_first_and_the_filter_hides_rows() {
    let dir = std::env::temp_dir().join(format!("muslab-html-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = Command::new(env!("CARGO_BIN_EXE_muslab"))
        .args([
            "matrix",
            "--quiet",
            "--env",
            "host",
            "--no-fixtures",
            "--out",
        ])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = dir.join("index.html");
    let url = format!("file://{}", page.display());

    let all = chromium(&dir.join("profile-a"), &["--dump-dom", &url]);
    let all = String::from_utf8_lossy(&all.stdout);
    let diff = chromium(
        &dir.join("profile-b"),
        &["--dump-dom", &format!("{url}#diff")],
    );
    let diff = String::from_utf8_lossy(&diff.stdout);

    let findings = all.find("id=\"findings\"").expect("a findings section");
    let first_table = all.find("<table").expect("a table");
    assert!(findings < first_table, "the findings come after a table");
    assert!(
        all.contains("S2: default thread stack size"),
        "no S2 finding in the page"
    );

    let hidden = |dom: &str| dom.matches("class=\"hidden\"").count();
    let rows = all.matches("<tr data-id=").count();
    assert_eq!(hidden(&all), 0, "rows hidden without a filter");
    let hidden_by_diff = hidden(&diff);
    let differing = diff.matches("data-verdict=\"libc_difference\"").count();
    assert!(differing > 0, "no differing row in the host run");
    assert_eq!(
        hidden_by_diff,
        rows - differing,
        "got {hidden_by_diff} rows hidden by #diff, want every row but the {differing} differing of {rows}"
    );
    let shot = dir.join("index.png");
    let out = chromium(
        &dir.join("profile-c"),
        &[
            "--window-size=1280,1600",
            &format!("--screenshot={}", shot.display()),
            &url,
        ],
    );
    assert!(
        shot.metadata().map(|m| m.len() > 10_000).unwrap_or(false),
        "no screenshot: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
