//! `apply` and `adopt` (feature `aws`) without AWS: `--dry-run` prints what `plan` prints, and a
//! deletion or replacement is refused without `--yes` when no terminal can confirm it, or when
//! the answer is not `yes`. Nothing here reaches a network: every case stops before a client.
#![cfg(feature = "aws")]

use std::process::{Command, Stdio};

const OLD: &str = "tests/fixtures/plan-old.yaml";
const NEW: &str = "tests/fixtures/plan-new.yaml";
const SECRETS: &[&str] = &[
    "literal-secret-token-BBBB",
    "CANARY-api-key-0001",
    "CANARY-app-key-0002",
];

fn binary(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_appflow-profile"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        // Any attempt to reach AWS would fail fast rather than leave the machine.
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
        .output()
        .expect("the binary runs");
    (
        output.status.code().expect("an exit status"),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn dry_run_prints_exactly_what_plan_prints() {
    let plan = binary(&["plan", OLD, NEW]);
    let dry = binary(&["apply", OLD, NEW, "--dry-run", "--region", "eu-west-1"]);
    assert_eq!(dry, plan);
    assert_eq!(dry.0, 0);
    assert!(dry.1.contains("Snowflake: replace"));
    for secret in SECRETS {
        assert!(!dry.1.contains(secret) && !dry.2.contains(secret));
    }
}

#[test]
fn a_replacement_or_deletion_without_yes_is_refused_when_stdin_is_no_terminal() {
    let (code, stdout, stderr) = binary(&["apply", OLD, NEW, "--region", "eu-west-1"]);
    assert_eq!(code, 2);
    // The plan is shown first, secrets redacted.
    assert!(stdout.starts_with("Salesforce: update\n"), "{stdout}");
    assert!(stdout.ends_with("5 profile(s): 5 to change, 1 to replace\n"));
    assert_eq!(
        stderr,
        "appflow-profile: refusing to delete or replace Snowflake (replace), Old (delete) without confirmation: standard input is not a terminal; pass --yes. A replacement deletes the profile first (its name is its identifier and cannot be held twice), then creates it: flows using it fail in between, and a failed create leaves no profile.\n"
    );
    for secret in SECRETS {
        assert!(!stdout.contains(secret) && !stderr.contains(secret));
    }
}

#[test]
fn an_answer_other_than_yes_applies_nothing() {
    let args: Vec<String> = ["appflow-profile", "apply", OLD, NEW]
        .iter()
        .map(|a| a.to_string())
        .collect();
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let status = appflow_profile_cli::run_interactive(
        &args,
        &mut &b"no\n"[..],
        true,
        &mut stdout,
        &mut stderr,
    );
    let stderr = String::from_utf8(stderr).unwrap();
    assert_eq!(status, 1, "{stderr}");
    assert!(stderr.starts_with("This deletes or replaces Snowflake (replace), Old (delete)."));
    assert!(
        stderr.ends_with("Type yes to go on: appflow-profile: not applied\n"),
        "{stderr}"
    );
}

#[test]
fn the_subcommands_are_listed_with_their_options() {
    let (code, stdout, _) = binary(&["apply", "--help"]);
    assert_eq!(code, 0);
    for option in ["--region", "--endpoint-url", "--dry-run", "--yes"] {
        assert!(stdout.contains(option), "{stdout}");
    }
    let (code, stdout, _) = binary(&["adopt", "--help"]);
    assert_eq!(code, 0);
    for option in ["--region", "--endpoint-url", "--format"] {
        assert!(stdout.contains(option), "{stdout}");
    }
}
