//! The terminal matrix of a host run (`muslab matrix --env host`): findings
//! first, fitting 120×50; the grid with --full fits the width and never
//! hides a difference in a cut cell; a closed output ends quietly. Needs root
//! and `make probes`.

use std::process::Command;
use std::sync::OnceLock;

use muslab::matrix::Matrix;
use muslab::render::terminal::{render, Style};

mod support;

const HOST: [&str; 6] = [
    "matrix",
    "--quiet",
    "--env",
    "host",
    "--no-fixtures",
    "--no-write",
];

fn host_matrix() -> &'static Matrix {
    static M: OnceLock<Matrix> = OnceLock::new();
    M.get_or_init(|| {
        let out = Command::new(env!("CARGO_BIN_EXE_muslab"))
            .args(HOST)
            .arg("--json")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        Matrix::from_json(&String::from_utf8_lossy(&out.stdout)).unwrap()
    })
}

fn widest(text: &str) -> usize {
    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

fn style(full: bool, width: usize) -> Style {
    Style {
        colour: false,
        full,
        width,
    }
}

#[test]
fn findings_fit_120_by_50_and_name_every_differing_row_with_its_title() {
    let m = host_matrix();
    let text = render(m, &style(false, 120));
    let lines = text.lines().count();
    assert!(lines <= 50, "got {lines} lines, want at most 50:\n{text}");
    assert!(
        widest(&text) <= 120,
        "got a line of {} characters:\n{text}",
        widest(&text)
    );
    assert!(
        m.differences().count() > 0,
        "the host run shows no difference"
    );
    for r in m.differences() {
        let want = format!("{} {}", r.id.as_str(), r.id.title());
        assert!(text.contains(&want), "got\n{text}\nwant {want:?}");
    }
    assert!(text.contains("fix: "), "{text}");
    assert!(text.contains("muslab matrix --full"), "{text}");
}

#[test]
fn the_full_grid_fits_the_width_and_shows_cut_cells_whole_where_they_differ() {
    let m = host_matrix();
    for width in [100, 120, 160] {
        let text = render(m, &style(true, width));
        assert!(
            widest(&text) <= width,
            "width {width}: got a line of {}:\n{text}",
            widest(&text)
        );
    }
    let text = render(m, &style(true, 120));
    // D11's word lists differ after their first words: the whole lists follow.
    assert!(text.contains("x86_64 musl: Apple, Banana"), "{text}");
    // ≠ only on rows whose shown cells differ.
    let s2_same = text
        .lines()
        .find(|l| l.contains("RLIMIT_STACK soft limit"))
        .unwrap_or_else(|| panic!("no RLIMIT_STACK row in\n{text}"));
    assert!(
        !s2_same.contains('≠'),
        "got {s2_same:?}, want no ≠ on equal cells"
    );
}

#[test]
fn a_closed_output_ends_quietly_with_exit_0() {
    let args: Vec<&std::ffi::OsStr> = HOST.iter().map(|a| a.as_ref()).collect();
    support::assert_quiet_on_closed_output(&args);
}
