//! `appflow-profile validate` on hostile input: nothing is skipped silently, nothing crashes,
//! nothing the file says can forge or hide a line of the report, and write errors are not ignored.
//! Each test names the defect it guards (issue 10).

use std::process::{Command, Stdio};

mod common;

use common::{run_in, Outcome};

/// Validates `text` written to a file named `name` in a fresh directory.
fn validate_file(name: &str, text: &[u8], extra: &[&str]) -> Outcome {
    let dir = tempfile::tempdir().expect("a temp dir");
    std::fs::write(dir.path().join(name), text).expect("the file is written");
    let mut args = vec!["validate"];
    args.extend_from_slice(extra);
    args.push(name);
    run_in(dir.path(), &args, b"")
}

fn validate_stdin(text: &[u8], extra: &[&str]) -> Outcome {
    let mut args = vec!["validate"];
    args.extend_from_slice(extra);
    args.push("-");
    run_in(std::path::Path::new("."), &args, text)
}

/// A valid Salesforce profile template; `{extra}` is spliced into its `Properties` mapping.
fn template(extra: &str) -> String {
    format!(
        "Resources:\n  P:\n    Type: AWS::AppFlow::ConnectorProfile\n    Properties:\n      ConnectorProfileName: sf\n      ConnectorType: Salesforce\n      ConnectionMode: Public\n      ConnectorProfileConfig:\n        ConnectorProfileProperties:\n          Salesforce:\n            InstanceUrl: https://example.my.salesforce.com\n{extra}"
    )
}

const BAD_MODE: &str = "      ConnectionMode: Hidden\n";

#[test]
fn a_valid_template_passes() {
    let out = validate_file("t.yaml", template("").as_bytes(), &[]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
}

#[test]
fn a_nul_byte_is_a_parse_error_at_its_position_not_the_end_of_the_file() {
    // Before: the parse ended at the NUL and the invalid mode after it was never checked.
    let text = format!("# a comment with a NUL \u{0}\n{}", template(BAD_MODE));
    let out = validate_file("t.yaml", text.as_bytes(), &[]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(
        out.stderr.starts_with("t.yaml:1:24: error parse:"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains('\u{0}'));
    let text = format!("{}\u{1}", template(""));
    assert_eq!(validate_file("t.yaml", text.as_bytes(), &[]).code, 2);
}

#[test]
fn a_second_yaml_document_is_refused_not_ignored() {
    let text = format!("{}---\n: garbage [\n", template(""));
    let out = validate_file("t.yaml", text.as_bytes(), &[]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(
        out.stderr.contains("second YAML document"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_byte_order_mark_is_dropped_in_yaml_json_and_standard_input() {
    let yaml = format!("\u{feff}{}", template(BAD_MODE));
    let json = "\u{feff}{\"Resources\": {\"P\": {\"Type\": \"AWS::AppFlow::ConnectorProfile\", \"Properties\": {\"ConnectorProfileName\": \"p\", \"ConnectorType\": \"Salesforce\", \"ConnectionMode\": \"Hidden\"}}}}";
    for out in [
        validate_file("t.yaml", yaml.as_bytes(), &[]),
        validate_file("t.json", json.as_bytes(), &[]),
        validate_stdin(yaml.as_bytes(), &[]),
        validate_stdin(json.as_bytes(), &[]),
    ] {
        assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
        assert!(
            out.stdout.contains("(1 connector profile)"),
            "{}",
            out.stdout
        );
        assert!(
            out.stdout.contains("`Hidden` is not one of"),
            "{}",
            out.stdout
        );
    }
}

#[test]
fn duplicate_keys_are_errors_at_both_positions() {
    // A property given twice: the first (invalid) value used to be dropped unchecked.
    let out = validate_file(
        "t.yaml",
        template("      ConnectionMode: Hidden\n").as_bytes(),
        &[],
    );
    assert_eq!(out.code, 1);
    assert!(out.stdout.contains("t.yaml:7:7: error duplicate-key /Resources/P/Properties: this key is given again at 12:7"), "{}", out.stdout);
    assert!(out.stdout.contains("t.yaml:12:7: error duplicate-key /Resources/P/Properties: this key is given again at 7:7"), "{}", out.stdout);
    // A resource id given twice: both resources are checked.
    let twice = format!(
        "{}  P:\n    Type: AWS::AppFlow::ConnectorProfile\n    Properties:\n      ConnectorProfileName: sf\n      ConnectorType: Salesforc\n",
        template("")
    );
    let out = validate_file("t.yaml", twice.as_bytes(), &[]);
    assert_eq!(out.code, 1);
    assert!(
        out.stdout
            .contains("t.yaml:2:3: error duplicate-key /Resources"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("(2 connector profiles)"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("`Salesforc` is not one of"),
        "{}",
        out.stdout
    );
    // In JSON too.
    let json = "{\"ConnectorProfileName\": \"a\", \"ConnectorType\": \"Salesforce\", \"ConnectionMode\": \"Public\", \"ConnectionMode\": \"Public\"}";
    let out = validate_file("p.json", json.as_bytes(), &[]);
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stdout.matches("duplicate-key").count(),
        2,
        "{}",
        out.stdout
    );
}

#[test]
fn malformed_intrinsics_and_unknown_tags_are_errors_where_they_are() {
    let cases = [
        (
            "      ConnectorLabel: !If [C, a]\n",
            "takes a list of 3 arguments; it has 2",
        ),
        ("      ConnectorLabel: !If [C, a, b, c]\n", "it has 4"),
        (
            "      ConnectorLabel: !If C\n",
            "takes a list of 3 arguments",
        ),
        (
            "      ConnectorLabel: {Fn::Bogus: x}\n",
            "unknown intrinsic function `Fn::Bogus`",
        ),
        ("      ConnectorLabel: !Ref ''\n", "non-empty name"),
        (
            "      ConnectorLabel: !Equals [a, b]\n",
            "condition function",
        ),
        ("      ConnectorLabel: !Foo x\n", "unknown tag `!Foo`"),
    ];
    for (line, message) in cases {
        let out = validate_file("t.yaml", template(line).as_bytes(), &[]);
        assert_eq!(out.code, 1, "{line}: {}", out.stdout);
        assert!(out.stdout.contains(message), "{line}: {}", out.stdout);
        assert!(out.stdout.contains("t.yaml:12:"), "{line}: {}", out.stdout);
    }
    // `!!str 443` is a string: a connector label must match `[\w!@#.-]+`, which "443" does.
    let out = validate_file(
        "t.yaml",
        template("      ConnectorLabel: !!str 443\n").as_bytes(),
        &[],
    );
    assert_eq!(out.code, 0, "{}", out.stdout);
    // A number where the schema wants a string is its text in a template, as CloudFormation
    // converts it; an object is not.
    let out = validate_file(
        "t.yaml",
        template("      ConnectorLabel: 443\n").as_bytes(),
        &[],
    );
    assert_eq!(out.code, 0, "{}", out.stdout);
    let out = validate_file(
        "t.yaml",
        template("      ConnectorLabel: {A: 443}\n").as_bytes(),
        &[],
    );
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(out.stdout.contains("must be a string"), "{}", out.stdout);
}

#[test]
fn request_bodies_have_no_intrinsic_functions() {
    // `{"Ref": …}` in an API body is an object where a string belongs, not a value to skip.
    let body = "{\"connectorProfileName\": \"p\", \"connectorType\": {\"Ref\": \"T\"}, \"connectionMode\": \"Public\", \"connectorProfileConfig\": {\"connectorProfileProperties\": {}}}";
    let out = validate_file(
        "create.json",
        body.as_bytes(),
        &["--kind", "create-request"],
    );
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(
        out.stdout
            .contains("/connectorType: must be a string, found an object"),
        "{}",
        out.stdout
    );
}

#[test]
fn template_sections_of_the_wrong_shape_are_errors() {
    let cases = [
        ("Resources: [a, b]\n", "`Resources` must be a mapping"),
        ("Resources: text\n", "`Resources` must be a mapping"),
        ("Resources:\n", "`Resources` must be a mapping"),
        ("Resources:\n  P: scalar\n", "a resource must be a mapping"),
        (
            "Resources:\n  P:\n    Type: [AWS::AppFlow::ConnectorProfile]\n",
            "`Type` must be a resource type name",
        ),
        (
            "Resources:\n  P:\n    Properties: {}\n",
            "missing required member `Type`",
        ),
        (
            "AWSTemplateFormatVersion: '2010-09-09'\n",
            "must have a `Resources` section",
        ),
    ];
    for (text, message) in cases {
        let out = validate_file("t.yaml", text.as_bytes(), &[]);
        assert_eq!(out.code, 1, "{text}: {}{}", out.stdout, out.stderr);
        assert!(out.stdout.contains(message), "{text}: {}", out.stdout);
    }
    let out = validate_file("t.yaml", b"[1, 2]\n", &["--kind", "cfn-template"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.contains("a template must be a mapping"),
        "{}",
        out.stdout
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let inside = template(&format!("      Deep: {}x\n", "[".repeat(13_000)));
    let outside = "- ".repeat(30_000) + "x";
    let json = "[".repeat(100_000) + &"]".repeat(100_000);
    for (name, text) in [
        ("in.yaml", inside),
        ("out.yaml", outside.clone()),
        ("deep.json", json),
    ] {
        let out = validate_file(name, text.as_bytes(), &["--kind", "cfn-template"]);
        assert_eq!(out.code, 2, "{name}: {}", out.stderr);
        assert!(
            out.stderr.contains("nesting deeper than 128 levels"),
            "{name}: {}",
            out.stderr
        );
    }
    let block = (0..13_000)
        .map(|i| format!("{}- \n", " ".repeat(i * 2)))
        .collect::<String>();
    let out = validate_stdin(block.as_bytes(), &["--kind", "cfn-template"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
}

#[test]
fn control_characters_from_the_file_are_escaped_in_text_output() {
    let forged = template("            \"\\u202eKey\": 1\n      \"Extra\\e[2J\\n0 error(s), 0 warning(s) in 1 file(s)\": 1\n");
    let out = validate_file("t.yaml", forged.as_bytes(), &[]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(!out.stdout.contains('\u{1b}'), "{}", out.stdout);
    assert!(!out.stdout.contains('\u{202e}'), "{}", out.stdout);
    // Only the real summary line starts a line with a count.
    let summaries = out
        .stdout
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_digit()))
        .count();
    assert_eq!(summaries, 1, "{}", out.stdout);
    assert!(out.stdout.contains("\\u{001B}"), "{}", out.stdout);
    // A file name with a newline and an escape.
    let out = validate_file(
        "evil\n0 error(s)\u{1b}[31m.yaml",
        template(BAD_MODE).as_bytes(),
        &[],
    );
    assert_eq!(out.code, 1);
    assert!(!out.stdout.contains('\u{1b}'), "{}", out.stdout);
    assert!(
        out.stdout.lines().all(|l| !l.starts_with("0 error(s)")),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("evil\\u{000A}0 error(s)\\u{001B}[31m.yaml:"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_failed_write_to_standard_output_exits_2_with_a_message() {
    let dir = tempfile::tempdir().expect("a temp dir");
    std::fs::write(dir.path().join("t.yaml"), template(BAD_MODE)).expect("written");
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full opens");
    let output = Command::new(env!("CARGO_BIN_EXE_appflow-profile"))
        .args(["validate", "t.yaml"])
        .current_dir(dir.path())
        .stdout(full)
        .stderr(Stdio::piped())
        .output()
        .expect("the binary runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot write the report"), "{stderr}");
}

#[test]
fn columns_are_one_based_code_points_in_parse_errors() {
    let out = validate_file("empty.json", b"", &[]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.starts_with("empty.json:1:1: error parse:"),
        "{}",
        out.stderr
    );
    let out = validate_file("p.json", "{\"ConnectorLabel\": \"ééé\" ,,}".as_bytes(), &[]);
    assert!(
        out.stderr.starts_with("p.json:1:27: error parse:"),
        "{}",
        out.stderr
    );
    let bad_utf8 = b"a: 1\nb: \xff\n";
    let out = validate_file("t.yaml", bad_utf8, &[]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .starts_with("t.yaml:2:4: error parse: not UTF-8 text"),
        "{}",
        out.stderr
    );
}

#[test]
fn oversized_input_is_refused_before_parsing() {
    let big = vec![b' '; 5 * 1024 * 1024];
    let out = validate_stdin(&big, &[]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("larger than 4 MiB"), "{}", out.stderr);
}

#[test]
fn a_secret_written_as_a_yaml_key_is_never_printed() {
    // `{AccessToken:TOKEN}` without the space is one key: it used to be printed twice, whole.
    let secret = "CANARY-flow-token-0123456789abcdef";
    let text = template("").replace(
        "        ConnectorProfileProperties:",
        &format!("        ConnectorProfileCredentials: {{Salesforce: {{AccessToken:{secret}}}}}\n        ConnectorProfileProperties:"),
    );
    for format in ["text", "json"] {
        let out = validate_file("t.yaml", text.as_bytes(), &["--format", format]);
        // The key's value is null, which CloudFormation refuses: an error, its pointer masked
        // like the unknown key's.
        assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
        assert!(
            !out.stdout.contains("CANARY") && !out.stderr.contains("CANARY"),
            "{}",
            out.stdout
        );
        assert!(out.stdout.contains("unknown-key"), "{}", out.stdout);
        assert!(out.stdout.contains("null-value"), "{}", out.stdout);
    }
    let out = validate_file("t.yaml", text.as_bytes(), &[]);
    // Still placed on the key.
    assert!(
        out.stdout.contains("t.yaml:9:52: warning unknown-key"),
        "{}",
        out.stdout
    );
}

#[test]
fn echoed_values_are_bounded() {
    let long = "Publik".repeat(200_000);
    let out = validate_file(
        "t.yaml",
        template(&format!(
            "      ConnectorLabel: x\n      ConnectionMode: {long}\n"
        ))
        .as_bytes(),
        &[],
    );
    assert_eq!(out.code, 1);
    assert!(out.stdout.len() < 4_000, "{} bytes", out.stdout.len());
    assert!(out.stdout.contains("…(1200000 chars)"), "{}", out.stdout);
}

#[test]
fn integers_out_of_range_are_range_findings() {
    let sap = |port: &str| {
        format!("Resources:\n  P:\n    Type: AWS::AppFlow::ConnectorProfile\n    Properties:\n      ConnectorProfileName: sap\n      ConnectorType: SAPOData\n      ConnectionMode: Public\n      ConnectorProfileConfig:\n        ConnectorProfileProperties:\n          SAPOData:\n            ApplicationHostUrl: https://h.example.com\n            ApplicationServicePath: /sap/opu/odata\n            ClientNumber: '100'\n            LogonLanguage: EN\n            PortNumber: {port}\n")
    };
    for port in [
        "18446744073709551616",
        "-9223372036854775809",
        "1e400",
        "70000",
    ] {
        let out = validate_file("t.yaml", sap(port).as_bytes(), &[]);
        assert_eq!(out.code, 1, "{port}: {}", out.stdout);
        assert!(out.stdout.contains("error range /Resources/P/Properties/ConnectorProfileConfig/ConnectorProfileProperties/SAPOData/PortNumber"), "{port}: {}", out.stdout);
        assert!(
            !out.stdout.contains("whole number") && !out.stdout.contains("found a string"),
            "{port}: {}",
            out.stdout
        );
    }
    for port in ["0.443e3", "1e2", "443.0"] {
        let out = validate_file("t.yaml", sap(port).as_bytes(), &[]);
        assert!(!out.stdout.contains("PortNumber"), "{port}: {}", out.stdout);
    }
}

#[test]
fn keys_that_share_a_masked_form_are_each_reported_where_they_are() {
    // Masked alike (`Acce…(25 chars)`), these used to collapse into one finding.
    let keys: String = (0..5)
        .map(|i| format!("              AccessToken:CANARY-{i:06}-x: 1\n"))
        .collect();
    let text = template("").replace(
        "        ConnectorProfileProperties:",
        &format!("        ConnectorProfileCredentials:\n          Salesforce:\n{keys}        ConnectorProfileProperties:"),
    );
    let out = validate_file("t.yaml", text.as_bytes(), &[]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(!out.stdout.contains("CANARY"), "{}", out.stdout);
    for line in 11..16 {
        assert!(
            out.stdout
                .contains(&format!("t.yaml:{line}:15: warning unknown-key")),
            "{line}: {}",
            out.stdout
        );
    }
}
