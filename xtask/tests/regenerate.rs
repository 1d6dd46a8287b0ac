//! `cargo xtask regenerate` end to end, through the binary: bad schemas leave the output directory
//! exactly as it was (nothing is written before everything generated), good ones replace it whole,
//! and `--check` then finds it fresh.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn regenerate(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("regenerate")
        .args(args)
        .env_remove("CARGO_MANIFEST_DIR")
        .output()
        .unwrap()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

#[test]
fn bad_schemas_leave_the_output_untouched_and_good_ones_replace_it_whole() {
    let scratch = tempfile::tempdir().unwrap();
    let schemas = scratch.path().join("schemas");
    copy_dir(&root().join("schemas"), &schemas);
    std::fs::write(
        schemas.join(codegen::read::CFN_SCHEMA),
        "{ \"typeName\": \"AWS::AppFlow::ConnectorProfile\", ",
    )
    .unwrap();
    let out = scratch.path().join("generated");
    std::fs::create_dir_all(out.join("src")).unwrap();
    std::fs::write(out.join("src/lib.rs"), "// sentinel\n").unwrap();
    std::fs::write(out.join("stale.txt"), "no longer generated\n").unwrap();

    let (schemas_arg, out_arg) = (schemas.to_str().unwrap(), out.to_str().unwrap());
    let failed = regenerate(&["--schemas", schemas_arg, "--out", out_arg]);
    assert_eq!(failed.status.code(), Some(1), "{failed:?}");
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(
        stderr.contains("aws-appflow-connectorprofile.json"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("src/lib.rs")).unwrap(),
        "// sentinel\n"
    );
    assert!(out.join("stale.txt").exists());
    assert!(!out.join("Cargo.toml").exists(), "nothing was written");

    let good = root().join("schemas");
    let written = regenerate(&["--schemas", good.to_str().unwrap(), "--out", out_arg]);
    assert!(written.status.success(), "{written:?}");
    // It says what it is doing on standard error before the long steps, and what it writes.
    let progress = String::from_utf8_lossy(&written.stderr);
    let reading = progress
        .find("regenerate: reading")
        .unwrap_or_else(|| panic!("{progress}"));
    let writing = progress
        .find("regenerate: writing")
        .unwrap_or_else(|| panic!("{progress}"));
    assert!(reading < writing, "{progress}");
    assert!(
        !out.join("stale.txt").exists(),
        "the directory is replaced whole"
    );
    assert_ne!(
        std::fs::read_to_string(out.join("src/lib.rs")).unwrap(),
        "// sentinel\n"
    );
    let check = regenerate(&[
        "--check",
        "--schemas",
        good.to_str().unwrap(),
        "--out",
        out_arg,
    ]);
    assert!(check.status.success(), "{check:?}");
}

#[test]
fn a_stale_data_file_entry_fails_regenerate_and_its_check() {
    // An iam.toml action no handler needs: `update-schemas` lets it through for review, but
    // `regenerate --check` (CI) and `regenerate` refuse it, naming the entry, and write nothing.
    let scratch = tempfile::tempdir().unwrap();
    let schemas = scratch.path().join("schemas");
    copy_dir(&root().join("schemas"), &schemas);
    let iam = schemas.join(codegen::read::IAM);
    let mut text = std::fs::read_to_string(&iam).unwrap();
    let index = text.lines().filter(|l| l.trim() == "[[action]]").count();
    text.push_str(
        "\n[[action]]\naction = \"appflow:NoSuchAction\"\nresource = \"*\"\nsid = \"Stale\"\nsource = \"s\"\n",
    );
    std::fs::write(&iam, text).unwrap();
    let schemas_arg = schemas.to_str().unwrap();
    let expected = format!(
        "iam.toml#/action/{index}: no handler of the resource schema needs `appflow:NoSuchAction`"
    );

    let real_out = root().join("generated");
    let check = regenerate(&[
        "--check",
        "--schemas",
        schemas_arg,
        "--out",
        real_out.to_str().unwrap(),
    ]);
    assert_eq!(check.status.code(), Some(1), "{check:?}");
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(stderr.contains(&expected), "{stderr}");

    let out = scratch.path().join("generated");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("sentinel.txt"), "untouched\n").unwrap();
    let write = regenerate(&["--schemas", schemas_arg, "--out", out.to_str().unwrap()]);
    assert_eq!(write.status.code(), Some(1), "{write:?}");
    assert!(String::from_utf8_lossy(&write.stderr).contains(&expected));
    assert!(out.join("sentinel.txt").exists(), "nothing was written");
    assert!(!out.join("Cargo.toml").exists(), "nothing was written");
}
