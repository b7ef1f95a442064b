//! docs/catalogue.md is generated from this crate; it must not drift.

use std::path::Path;

#[test]
fn committed_docs_match_the_catalogue() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/catalogue.md");
    let committed = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; run `make docs`", path.display()));
    let generated = muslab_catalogue::to_markdown();
    if committed != generated {
        let line = committed
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .map_or_else(
                || committed.lines().count().min(generated.lines().count()) + 1,
                |i| i + 1,
            );
        panic!(
            "docs/catalogue.md is stale (first difference at line {line}): run `make docs` \
             (or `cargo run -p muslab -- catalogue > docs/catalogue.md`) and commit it"
        );
    }
}
