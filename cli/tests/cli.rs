//! Runs the built `appflow-profile` binary on the fixtures under `tests/fixtures/` and snapshots
//! its exit status, standard output and standard error together.

use std::path::Path;

mod common;

use common::{run_here, Outcome};

fn run_with(args: &[&str], stdin: Option<&str>) -> Outcome {
    run_here(args, stdin.unwrap_or_default().as_bytes())
}

fn run(args: &[&str]) -> String {
    run_with(args, None).render()
}

fn validate(file: &str) -> String {
    run(&["validate", &format!("tests/fixtures/{file}")])
}

fn fixture_text(file: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(file);
    std::fs::read_to_string(path).expect("fixture is readable")
}

// Each fixture on its own, kind detected automatically.

#[test]
fn redshift_terraform_template_yaml() {
    insta::assert_snapshot!(validate("redshift-terraform.yaml"));
}

#[test]
fn template_valid_json_several_profiles_long_form_intrinsics() {
    insta::assert_snapshot!(validate("template-valid.json"));
}

#[test]
fn template_intrinsics_yaml_short_forms_and_if_branches() {
    insta::assert_snapshot!(validate("template-intrinsics.yaml"));
}

#[test]
fn template_invalid_yaml() {
    insta::assert_snapshot!(validate("template-invalid.yaml"));
}

#[test]
fn template_invalid_json() {
    insta::assert_snapshot!(validate("template-invalid.json"));
}

#[test]
fn properties_valid_json() {
    insta::assert_snapshot!(validate("properties-valid.json"));
}

#[test]
fn properties_valid_yaml() {
    insta::assert_snapshot!(validate("properties-valid.yaml"));
}

#[test]
fn properties_invalid_json() {
    insta::assert_snapshot!(validate("properties-invalid.json"));
}

#[test]
fn properties_invalid_yaml() {
    insta::assert_snapshot!(validate("properties-invalid.yaml"));
}

#[test]
fn properties_with_intrinsic_connector_type_and_bare_no_value() {
    insta::assert_snapshot!(validate("properties-intrinsic-type.yaml"));
}

#[test]
fn salesforce_lowercase_credentials_key_is_a_warning_with_suggestion() {
    insta::assert_snapshot!(validate("salesforce-lowercase.yaml"));
}

#[test]
fn unknown_key_in_closed_object_is_an_error() {
    insta::assert_snapshot!(validate("unknown-key.json"));
}

#[test]
fn create_request_valid() {
    insta::assert_snapshot!(validate("create-request-valid.json"));
}

#[test]
fn create_request_invalid() {
    insta::assert_snapshot!(validate("create-request-invalid.json"));
}

#[test]
fn update_request_valid() {
    insta::assert_snapshot!(validate("update-request-valid.json"));
}

#[test]
fn update_request_invalid() {
    insta::assert_snapshot!(validate("update-request-invalid.json"));
}

#[test]
fn unparseable_json() {
    insta::assert_snapshot!(validate("unparseable.json"));
}

#[test]
fn unparseable_yaml() {
    insta::assert_snapshot!(validate("unparseable.yaml"));
}

#[test]
fn undetectable_kind() {
    insta::assert_snapshot!(validate("undetectable.yaml"));
}

#[test]
fn missing_file() {
    insta::assert_snapshot!(validate("does-not-exist.yaml"));
}

// Several files, formats, forced kinds, standard input.

#[test]
fn several_files_at_once() {
    insta::assert_snapshot!(run(&[
        "validate",
        "tests/fixtures/redshift-terraform.yaml",
        "tests/fixtures/salesforce-lowercase.yaml",
        "tests/fixtures/unknown-key.json",
        "tests/fixtures/create-request-valid.json",
        "tests/fixtures/update-request-invalid.json",
    ]));
}

#[test]
fn several_files_with_unreadable_and_unparseable_ones() {
    insta::assert_snapshot!(run(&[
        "validate",
        "tests/fixtures/properties-valid.json",
        "tests/fixtures/does-not-exist.json",
        "tests/fixtures/unparseable.yaml",
        "tests/fixtures/unknown-key.json",
    ]));
}

#[test]
fn json_format_template() {
    insta::assert_snapshot!(run(&[
        "validate",
        "--format",
        "json",
        "tests/fixtures/template-invalid.yaml",
    ]));
}

#[test]
fn json_format_several_files() {
    insta::assert_snapshot!(run(&[
        "validate",
        "--format",
        "json",
        "tests/fixtures/salesforce-lowercase.yaml",
        "tests/fixtures/properties-invalid.json",
        "tests/fixtures/create-request-valid.json",
    ]));
}

#[test]
fn json_format_without_findings_is_an_empty_array() {
    insta::assert_snapshot!(run(&[
        "validate",
        "--format=json",
        "tests/fixtures/template-valid.json",
    ]));
}

#[test]
fn json_format_unparseable() {
    insta::assert_snapshot!(run(&[
        "validate",
        "--format",
        "json",
        "tests/fixtures/unparseable.json",
    ]));
}

#[test]
fn kind_update_request_forced_on_a_create_request() {
    insta::assert_snapshot!(run(&[
        "validate",
        "--kind",
        "update-request",
        "tests/fixtures/create-request-valid.json",
    ]));
}

#[test]
fn kind_create_request_forced_on_an_update_request() {
    insta::assert_snapshot!(run(&[
        "validate",
        "--kind",
        "create-request",
        "tests/fixtures/update-request-valid.json",
    ]));
}

#[test]
fn kind_cfn_properties_forced_on_an_undetectable_document() {
    insta::assert_snapshot!(run(&[
        "validate",
        "--kind",
        "cfn-properties",
        "tests/fixtures/undetectable.yaml",
    ]));
}

#[test]
fn kind_cfn_template_forced_on_properties() {
    insta::assert_snapshot!(run(&[
        "validate",
        "--kind",
        "cfn-template",
        "tests/fixtures/properties-valid.yaml",
    ]));
}

#[test]
fn stdin_yaml() {
    let text = fixture_text("template-invalid.yaml");
    insta::assert_snapshot!(run_with(&["validate", "-"], Some(&text)).render());
}

#[test]
fn stdin_json_with_forced_kind() {
    let text = fixture_text("create-request-invalid.json");
    insta::assert_snapshot!(run_with(
        &[
            "validate",
            "--kind",
            "create-request",
            "--format",
            "json",
            "-"
        ],
        Some(&text)
    )
    .render());
}

/// Where an intrinsic stands for the connector type, only the per-connector rules cannot be
/// judged: a constraint of another member (here `pattern-partial`) is still reported.
#[test]
fn an_intrinsic_connector_type_leaves_out_only_the_rules() {
    let text = "ConnectorProfileName: p\nConnectorType: !Ref ConnectorTypeParam\n\
                ConnectionMode: Public\nConnectorLabel: Google BigQuery\n";
    let out = run_with(&["validate", "-"], Some(text)).render();
    assert!(
        out.contains("4:1: warning pattern-partial /ConnectorLabel"),
        "{out}"
    );
    assert!(out.contains("0 error(s), 1 warning(s)"), "{out}");
}

#[test]
fn stdin_together_with_a_file() {
    let text = fixture_text("salesforce-lowercase.yaml");
    insta::assert_snapshot!(run_with(
        &["validate", "tests/fixtures/properties-valid.json", "-"],
        Some(&text)
    )
    .render());
}

#[test]
fn stdin_unparseable() {
    let text = fixture_text("unparseable.json");
    insta::assert_snapshot!(run_with(&["validate", "-"], Some(&text)).render());
}

// Usage errors.

#[test]
fn usage_no_files() {
    insta::assert_snapshot!(run(&["validate"]));
}

#[test]
fn usage_bad_kind() {
    insta::assert_snapshot!(run(&[
        "validate",
        "--kind",
        "cloudformation",
        "tests/fixtures/properties-valid.json",
    ]));
}

#[test]
fn usage_bad_format() {
    insta::assert_snapshot!(run(&[
        "validate",
        "--format",
        "xml",
        "tests/fixtures/properties-valid.json",
    ]));
}

#[test]
fn usage_no_subcommand() {
    insta::assert_snapshot!(run(&[]));
}

// Secrets never leak.

const CANARY: &str = "CANARY-SECRET-123";

/// Every fixture, valid or not (the invalid ones carry the canary in secret members).
fn all_fixtures() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .expect("fixtures directory")
        .map(|entry| entry.expect("directory entry"))
        // Folders (`terraform/`) hold fixtures of their own tests.
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
        .map(|entry| {
            let name = entry.file_name();
            format!("tests/fixtures/{}", name.to_string_lossy())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn canary_secret_is_in_the_invalid_fixtures() {
    let carriers: Vec<String> = all_fixtures()
        .into_iter()
        .filter(|f| {
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(f))
                .expect("readable")
                .contains(CANARY)
        })
        .collect();
    assert!(carriers.len() >= 7, "too few canary fixtures: {carriers:?}");
}

#[test]
fn canary_secret_never_appears_in_output() {
    for format in ["text", "json", "sarif", "github"] {
        // One file at a time, with detection and with every forced kind.
        for file in all_fixtures() {
            for kind in [
                "auto",
                "cfn-template",
                "cfn-properties",
                "create-request",
                "update-request",
                "terraform",
                "terraform-plan",
            ] {
                let outcome = run_with(
                    &["validate", "--format", format, "--kind", kind, &file],
                    None,
                );
                assert!(
                    !outcome.stdout.contains(CANARY) && !outcome.stderr.contains(CANARY),
                    "canary leaked for {file} (--format {format} --kind {kind}):\n{}",
                    outcome.render()
                );
                assert_ne!(outcome.code, 101, "the binary panicked on {file}");
            }
            // And through standard input.
            let text = fixture_text(file.trim_start_matches("tests/fixtures/"));
            let outcome = run_with(&["validate", "--format", format, "-"], Some(&text));
            assert!(
                !outcome.stdout.contains(CANARY) && !outcome.stderr.contains(CANARY),
                "canary leaked for {file} on stdin (--format {format}):\n{}",
                outcome.render()
            );
        }
        // All at once.
        let files = all_fixtures();
        let mut args = vec!["validate", "--format", format];
        args.extend(files.iter().map(String::as_str));
        let outcome = run_with(&args, None);
        assert_eq!(outcome.code, 2, "{}", outcome.render());
        assert!(
            !outcome.stdout.contains(CANARY) && !outcome.stderr.contains(CANARY),
            "canary leaked with all fixtures (--format {format}):\n{}",
            outcome.render()
        );
    }
}

// Template reasoning (issue 13): dynamic references, conditions, resolved values, return forms,
// misspelled keys read through, secrets.

#[test]
fn reasoning_dynamic_references_sam() {
    insta::assert_snapshot!(validate("reasoning-dynamic-references.yaml"));
}

#[test]
fn reasoning_conditions_cdk_json() {
    insta::assert_snapshot!(validate("reasoning-conditions.json"));
}

#[test]
fn reasoning_resolved_values_and_return_forms() {
    insta::assert_snapshot!(validate("reasoning-resolved.yaml"));
}

#[test]
fn reasoning_what_cloudformation_decides_conversion_nulls_identifiers() {
    insta::assert_snapshot!(validate("reasoning-cloudformation.yaml"));
}

#[test]
fn json_written_by_python_with_surrogate_pairs() {
    insta::assert_snapshot!(validate("python-json-dumps.json"));
}

#[test]
fn reasoning_misspelled_keys_are_read_through_api_reference_example() {
    let out = run_with(
        &[
            "validate",
            "tests/fixtures/apiref-salesforce-with-oauth.json",
        ],
        None,
    );
    // The typo below the typo is reported in the same run.
    assert!(
        out.stdout
            .contains("unknown key `oauthRequest`: it is ignored; did you mean `oAuthRequest`?"),
        "{}",
        out.stdout
    );
    insta::assert_snapshot!(out.render());
}

#[test]
fn reasoning_never_prints_secret_or_no_echo_values() {
    // A NoEcho parameter's default and a literal secret never appear, even in findings about
    // values resolved from them.
    let template = "Parameters:\n  Token: {Type: String, NoEcho: true, Default: CANARY-NOECHO-1}\n  Url: {Type: String, Default: CANARY-DEFAULT-2 x}\nResources:\n  P:\n    Type: AWS::AppFlow::ConnectorProfile\n    Properties:\n      ConnectorProfileName: p\n      ConnectorType: Salesforce\n      ConnectionMode: Public\n      KMSArn: !Ref Token\n      ConnectorProfileConfig:\n        ConnectorProfileCredentials:\n          Salesforce:\n            AccessToken: CANARY-LITERAL-3\n            RefreshToken: !Ref Url\n        ConnectorProfileProperties:\n          Salesforce:\n            InstanceUrl: https://example.my.salesforce.com\n";
    let out = run_with(&["validate", "-"], Some(template));
    let all = format!("{}{}", out.stdout, out.stderr);
    for canary in ["CANARY-NOECHO-1", "CANARY-DEFAULT-2", "CANARY-LITERAL-3"] {
        assert!(!all.contains(canary), "{canary} leaked:\n{all}");
    }
    assert!(
        all.contains("warning pattern /Resources/P/Properties/KMSArn"),
        "{all}"
    );
    assert!(all.contains("hardcoded-secret"), "{all}");
    assert!(all.contains("secret-parameter"), "{all}");
}

/// `ClientCredentialsArn` names a Secrets Manager secret, it does not hold one
/// (`schemas/secrets.toml`, `[[reference]]`): fed by an SSM String parameter, a parameter without
/// `NoEcho` or a literal, it draws no secret warning; a real secret beside it still does, from
/// each source.
#[test]
fn a_reference_to_a_secret_draws_no_secret_warning() {
    let template = |arn: &str, token: &str| {
        format!(
            "Parameters:\n  ArnParam: {{Type: String, Default: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:sf-AbCdEf'}}\n  TokenParam: {{Type: String, Default: t0ken}}\nResources:\n  P:\n    Type: AWS::AppFlow::ConnectorProfile\n    Properties:\n      ConnectorProfileName: p\n      ConnectorType: Salesforce\n      ConnectionMode: Public\n      ConnectorProfileConfig:\n        ConnectorProfileCredentials:\n          Salesforce:\n            ClientCredentialsArn: {arn}\n            AccessToken: {token}\n        ConnectorProfileProperties:\n          Salesforce:\n            InstanceUrl: https://example.my.salesforce.com\n"
        )
    };
    let secret_codes = ["secret-plain-ssm", "secret-parameter", "hardcoded-secret"];
    for (arn, token, expected) in [
        (
            "'{{resolve:ssm:/appflow/salesforce/client-credentials-arn}}'",
            "'{{resolve:ssm:/appflow/salesforce/token}}'",
            "secret-plain-ssm",
        ),
        ("!Ref ArnParam", "!Ref TokenParam", "secret-parameter"),
        (
            "'arn:aws:secretsmanager:us-east-1:123456789012:secret:sf-AbCdEf'",
            "t0ken",
            "hardcoded-secret",
        ),
    ] {
        let out = run_with(&["validate", "-"], Some(&template(arn, token)));
        let all = format!("{}{}", out.stdout, out.stderr);
        let secret_lines: Vec<&str> = all
            .lines()
            .filter(|line| secret_codes.iter().any(|code| line.contains(code)))
            .collect();
        assert_eq!(secret_lines.len(), 1, "{arn}:\n{all}");
        assert!(
            secret_lines[0].contains(&format!(
                "warning {expected} /Resources/P/Properties/ConnectorProfileConfig/ConnectorProfileCredentials/Salesforce/AccessToken"
            )),
            "{arn}:\n{all}"
        );
    }
}

/// A `format` finding is cfn-lint's E1156/E1157/E1161: `ignore_checks` of an unrelated rule keeps
/// it, one of those three suppresses the resource's `format` findings (one code for the three
/// rules, as `length` is for E3032 and E3033).
#[test]
fn format_findings_follow_cfn_lint_suppressions() {
    let template = |ignored: &str| {
        format!(
            "Resources:\n  P:\n    Type: AWS::AppFlow::ConnectorProfile\n    Metadata:\n      cfn-lint: {{config: {{ignore_checks: [{ignored}]}}}}\n    Properties:\n      ConnectorProfileName: p\n      ConnectorType: Snowflake\n      ConnectionMode: Public\n      KMSArn: 'arn:aws:kms::123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'\n      ConnectorProfileConfig:\n        ConnectorProfileCredentials:\n          Snowflake: {{Username: u, Password: '{{{{resolve:secretsmanager:s}}}}'}}\n        ConnectorProfileProperties:\n          Snowflake: {{Warehouse: w, Stage: s, BucketName: My_AppFlow_Bucket}}\n"
        )
    };
    let out = run_with(&["validate", "-"], Some(&template("E3031")));
    let formats: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.contains(" error format "))
        .collect();
    assert_eq!(formats.len(), 2, "{}", out.stdout);
    assert!(formats[0].contains("/KMSArn"), "{}", out.stdout);
    assert!(formats[1].ends_with("/Snowflake/BucketName: is not a valid `AWS::S3::Bucket.Name`: an S3 bucket name: 3 to 63 lower-case letters, digits, dots and hyphens, beginning and ending with a letter or digit, with no two adjacent dots and no dot beside a hyphen"), "{}", out.stdout);
    let out = run_with(&["validate", "-"], Some(&template("E1157")));
    assert!(!out.stdout.contains(" error format "), "{}", out.stdout);
    assert!(out.stdout.contains("2 suppressed"), "{}", out.stdout);
}

/// A template of many profiles (the invalid fixture's resources, twenty times over, ids
/// numbered): its profiles are checked on several threads, and the report is the same however
/// many there are.
#[test]
fn many_profiles_report_alike_on_any_number_of_threads() {
    let fixture: serde_json::Value =
        serde_json::from_str(&fixture_text("template-invalid.json")).expect("fixture is JSON");
    let mut resources = serde_json::Map::new();
    for n in 0..20 {
        for (id, resource) in fixture["Resources"].as_object().expect("resources") {
            resources.insert(format!("{id}{n:02}"), resource.clone());
        }
    }
    let template = serde_json::json!({ "Resources": resources });
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("many.json");
    std::fs::write(
        &path,
        serde_json::to_string_pretty(&template).expect("JSON"),
    )
    .expect("written");
    let path = path.to_str().expect("UTF-8 path");
    let alone = run(&["validate", "--jobs", "1", path]);
    assert!(
        alone.contains("checked as cfn-template (40 connector profiles)"),
        "{alone}"
    );
    reported_alike_on_any_threads(path, &alone);
}

#[test]
fn jobs_must_be_at_least_one() {
    let out = run_with(
        &[
            "validate",
            "--jobs",
            "0",
            "tests/fixtures/template-valid.json",
        ],
        None,
    );
    assert_eq!(out.code, 2, "{}", out.render());
    assert!(out.stderr.contains("--jobs"), "{}", out.stderr);
}

/// A Terraform module of many resources (a fixture's variables and resources five times over,
/// names numbered) is checked on several threads too, and reported alike however many.
#[test]
fn many_terraform_resources_report_alike_on_any_number_of_threads() {
    let fixture = fixture_text("terraform/checks/member-names.tf");
    let variables: Vec<&str> = fixture
        .lines()
        .filter_map(|line| line.strip_prefix("variable \"")?.split('"').next())
        .collect();
    let mut module = String::new();
    for n in 0..5 {
        let mut copy = fixture.replace("\" {", &format!("_{n}\" {{"));
        for variable in &variables {
            copy = copy.replace(&format!("var.{variable}"), &format!("var.{variable}_{n}"));
        }
        module.push_str(&copy);
    }
    let dir = tempfile::tempdir().expect("a temp dir");
    std::fs::write(dir.path().join("main.tf"), module).expect("written");
    let path = dir.path().to_str().expect("UTF-8 path");
    let alone = run(&["validate", "--jobs", "1", path]);
    assert!(alone.contains("(20 connector profiles)"), "{alone}");
    assert!(alone.matches(": error ").count() >= 10, "{alone}");
    reported_alike_on_any_threads(path, &alone);
}

/// `validate` on `path` with the default threads, two and five reports `alone` (its report with
/// one thread), byte for byte.
fn reported_alike_on_any_threads(path: &str, alone: &str) {
    for jobs in [None, Some("2"), Some("5")] {
        let mut args = vec!["validate"];
        if let Some(jobs) = jobs {
            args.extend(["-j", jobs]);
        }
        args.push(path);
        assert_eq!(run(&args), alone, "--jobs {jobs:?}");
    }
}
