//! The exit statuses of `cargo xtask drift`, from the binary itself: 0 no drift, 1 error, 2 usage
//! error, 3 drift, 4 packages unavailable. CI scripts branch on them, so each is asserted here.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// Runs xtask from a directory that is not the workspace, with the schemas named explicitly, and
/// with `XTASK_PYTHON` pointing at a program that always fails (so no test reaches the network).
fn xtask(args: &[&str]) -> Output {
    let scratch = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(scratch.path())
        .env("XTASK_PYTHON", "false")
        .env_remove("CARGO_MANIFEST_DIR")
        .output()
        .unwrap()
}

fn status(output: &Output) -> i32 {
    output.status.code().expect("exited, not killed")
}

/// A directory like schemas/ holding the two upstream files, the API model edited.
fn older(edit: impl FnOnce(&mut serde_json::Value)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for rel in [codegen::read::CFN_SCHEMA, codegen::read::API_MODEL] {
        let target = dir.path().join(rel);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(root().join("schemas").join(rel), &target).unwrap();
    }
    let api = dir.path().join(codegen::read::API_MODEL);
    let mut model: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&api).unwrap()).unwrap();
    edit(&mut model);
    std::fs::write(&api, serde_json::to_string_pretty(&model).unwrap()).unwrap();
    dir
}

fn drift_from(source: &str) -> Output {
    let schemas = root().join("schemas");
    xtask(&[
        "drift",
        "--schemas",
        schemas.to_str().unwrap(),
        "--from",
        source,
    ])
}

#[test]
fn no_drift_is_0() {
    let dir = older(|_| {});
    let output = drift_from(dir.path().to_str().unwrap());
    assert_eq!(status(&output), 0, "{output:?}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("no drift"));
}

#[test]
fn drift_is_3() {
    let dir = older(|model| {
        model["shapes"]["ConnectorType"]["enum"]
            .as_array_mut()
            .unwrap()
            .retain(|v| v != "Upsolver");
    });
    let output = drift_from(dir.path().to_str().unwrap());
    assert_eq!(status(&output), 3, "{output:?}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("added value Upsolver"));
}

#[test]
fn an_error_is_1() {
    let output = drift_from("/nonexistent/schemas");
    assert_eq!(status(&output), 1, "{output:?}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("no such directory"));
}

#[test]
fn a_usage_error_is_2() {
    let output = xtask(&["drift", "--pinnned"]);
    assert_eq!(status(&output), 2, "{output:?}");
    let output = xtask(&["drift", "--pinned", "--from", "x"]);
    assert_eq!(status(&output), 2, "{output:?}");
}

#[test]
fn unavailable_packages_are_4() {
    // XTASK_PYTHON=false: pip "fails" as it does offline.
    let output = drift_from("cfn-lint=1.30.0");
    assert_eq!(status(&output), 4, "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("could not be downloaded: pip download cfn-lint==1.30.0 failed"),
        "{stderr}"
    );
    // The same for the comparison with the newest packages.
    let schemas = root().join("schemas");
    let output = xtask(&["drift", "--schemas", schemas.to_str().unwrap()]);
    assert_eq!(status(&output), 4, "{output:?}");
}

#[test]
fn the_schemas_are_found_from_the_current_directory() {
    // No CARGO_MANIFEST_DIR (as when the binary runs outside cargo) and no --schemas: the
    // workspace is the nearest directory holding schemas/, here the real one.
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["regenerate", "--check"])
        .current_dir(root().join("codegen/src"))
        .env_remove("CARGO_MANIFEST_DIR")
        .output()
        .unwrap();
    assert_eq!(status(&output), 0, "{output:?}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("generated/ is up to date"));
}
