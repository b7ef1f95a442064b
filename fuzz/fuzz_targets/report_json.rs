//! Fuzzes the Report parser: the lab reads a probe's `--json` output from
//! boxes it does not trust (a rootfs, a sandbox, a container), so any bytes
//! must give a report or an error, never a panic; and a report that parses
//! serialises and parses back to the same report.
#![no_main]

use libfuzzer_sys::fuzz_target;
use muslab_report::Report;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(report) = Report::from_json(&text) {
        let again = Report::from_json(&report.to_json())
            .unwrap_or_else(|e| panic!("a parsed report does not parse back: {e}"));
        assert_eq!(again, report, "the round trip changed the report");
    }
});
