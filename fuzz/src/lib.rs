//! What every fuzz target does with its input: the invariants of `appflow_tests::harness`, a
//! violated one being a crash that libFuzzer keeps under `artifacts/`.

use std::sync::OnceLock;

pub use appflow_tests::harness::Entry;
use appflow_tests::harness::Harness;

fn harness() -> &'static Harness {
    static HARNESS: OnceLock<Harness> = OnceLock::new();
    HARNESS.get_or_init(Harness::new)
}

/// Text into a JSON entry point (the same findings twice); when the text is JSON, the document
/// again with canaries planted in its secrets and under unknown keys (none printed).
pub fn json_entry(entry: Entry, data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(broken) = harness().check_text(entry, text) {
        panic!("{broken}");
    }
    if let Ok(value) = serde_json::from_str(text) {
        if let Err(broken) = harness().check_planted(entry, value) {
            panic!("{broken}");
        }
    }
}

/// Bytes into `appflow-profile validate`, as given, as a template and as JSON output: the same
/// output twice (a panic, an overflow or a hang is libFuzzer's to catch).
pub fn template(data: &[u8]) {
    if let Err(broken) = harness().check_template_bytes(data) {
        panic!("{broken}");
    }
}

/// Bytes into `appflow-profile validate` as Terraform configuration and as a plan: the same output
/// twice (a panic, an overflow or a hang is libFuzzer's to catch).
pub fn terraform(data: &[u8]) {
    if let Err(broken) = harness().check_terraform_bytes(data) {
        panic!("{broken}");
    }
}
