//! `plan`, `import` and `iam-policy` on fixtures: snapshots of exit status and output, secrets
//! only where they belong (`--format cloudcontrol`), and the output of `import` passing `validate`.

mod common;

use common::Outcome;

fn run(args: &[&str]) -> Outcome {
    common::run_here(args, b"")
}

const OLD: &str = "tests/fixtures/plan-old.yaml";
const NEW: &str = "tests/fixtures/plan-new.yaml";
const SECRETS: &[&str] = &[
    "literal-secret-token-BBBB",
    "CANARY-api-key-0001",
    "CANARY-app-key-0002",
];

#[test]
fn plan_text_of_two_templates() {
    let outcome = run(&["plan", OLD, NEW]);
    assert_eq!(outcome.code, 0);
    for secret in SECRETS {
        assert!(!outcome.stdout.contains(secret));
    }
    insta::assert_snapshot!(outcome.render());
}

#[test]
fn plan_json_of_two_templates() {
    let outcome = run(&["plan", OLD, NEW, "--format", "json"]);
    assert_eq!(outcome.code, 0);
    let plans: serde_json::Value = serde_json::from_str(&outcome.stdout).unwrap();
    let actions: Vec<&str> = plans
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["update", "update", "replace", "delete", "create"]);
    assert!(!outcome.stdout.contains("literal-secret-token-BBBB"));
    insta::assert_snapshot!(outcome.render());
}

#[test]
fn plan_cloudcontrol_holds_the_real_values_of_updates_only() {
    let outcome = run(&["plan", OLD, NEW, "--format", "cloudcontrol"]);
    assert_eq!(outcome.code, 0);
    let patches: serde_json::Value = serde_json::from_str(&outcome.stdout).unwrap();
    let ids: Vec<&String> = patches.as_object().unwrap().keys().collect();
    assert_eq!(ids, ["Salesforce", "Datadog"]);
    assert!(outcome.stdout.contains("literal-secret-token-BBBB"));
    assert_eq!(
        patches["Datadog"][0]["value"]["ConnectorProfileProperties"]["Datadog"]["InstanceUrl"],
        serde_json::json!({"Fn::GetAtt": ["Endpoint", "EuUrl"]})
    );
    insta::assert_snapshot!(outcome.render());
}

#[test]
fn plan_detailed_exit_codes() {
    assert_eq!(run(&["plan", OLD, NEW, "--detailed-exitcode"]).code, 4);
    assert_eq!(run(&["plan", OLD, OLD, "--detailed-exitcode"]).code, 0);
    let old = "tests/fixtures/plan-properties-old.json";
    let new = "tests/fixtures/plan-properties-new.json";
    assert_eq!(run(&["plan", old, new, "--detailed-exitcode"]).code, 3);
    assert_eq!(run(&["plan", old, new]).code, 0);
}

#[test]
fn plan_of_two_properties_documents_redacts_secrets() {
    let outcome = run(&[
        "plan",
        "tests/fixtures/plan-properties-old.json",
        "tests/fixtures/plan-properties-new.json",
    ]);
    for secret in SECRETS {
        assert!(!outcome.stdout.contains(secret));
    }
    insta::assert_snapshot!(outcome.render());
}

#[test]
fn plan_refuses_an_input_with_errors_and_bad_usage() {
    let outcome = run(&["plan", OLD, "tests/fixtures/plan-invalid.yaml"]);
    assert_eq!(outcome.code, 1);
    assert!(outcome.stdout.is_empty());
    insta::assert_snapshot!(outcome.render());
    assert_eq!(run(&["plan", OLD]).code, 2);
    assert_eq!(run(&["plan", OLD, "tests/fixtures/missing.yaml"]).code, 2);
    assert_eq!(run(&["plan", OLD, NEW, "--format", "yaml"]).code, 2);
}

#[test]
fn an_unchanged_ref_is_no_change_and_a_changed_get_att_is() {
    let outcome = run(&["plan", OLD, OLD, "--format", "json"]);
    let plans: serde_json::Value = serde_json::from_str(&outcome.stdout).unwrap();
    assert!(plans
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["action"] == "no-change"));
    let outcome = run(&["plan", OLD, NEW, "--format", "json"]);
    let plans: serde_json::Value = serde_json::from_str(&outcome.stdout).unwrap();
    assert_eq!(plans[1]["resource"], "Datadog");
    assert_eq!(plans[1]["action"], "update");
}

#[test]
fn import_writes_a_template_that_validates() {
    let outcome = run(&["import", "tests/fixtures/describe-connector-profiles.json"]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    insta::assert_snapshot!(outcome.render());
    for format in ["yaml", "json"] {
        let outcome = run(&[
            "import",
            "tests/fixtures/describe-connector-profiles.json",
            "--format",
            format,
        ]);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(format!("imported.{format}"));
        std::fs::write(&file, &outcome.stdout).unwrap();
        let validated = run(&["validate", file.to_str().unwrap()]);
        assert_eq!(validated.code, 0, "{}", validated.render());
        assert!(
            validated.stdout.contains("0 error(s)"),
            "{}",
            validated.stdout
        );
        assert!(
            validated.stdout.contains("(4 connector profiles)"),
            "{}",
            validated.stdout
        );
        assert_eq!(outcome.stdout.matches("DeletionPolicy").count(), 4);
    }
}

#[test]
fn import_reads_the_aws_cli_v2_rendering_of_timestamps() {
    // The AWS CLI v2 prints the wire's epoch seconds as ISO 8601 strings; v1 and the SDKs print
    // numbers (the other fixture). Both import to the same template.
    let v2 = run(&["import", "tests/fixtures/describe-cli-v2.json"]);
    assert_eq!(v2.code, 0, "{}", v2.stderr);
    assert!(v2.stderr.is_empty(), "{}", v2.stderr);
    let v1 = run(&["import", "tests/fixtures/describe-connector-profiles.json"]);
    assert_eq!(v2.stdout, v1.stdout);
}

#[test]
fn import_of_one_page_says_the_listing_is_partial() {
    let outcome = run(&["import", "tests/fixtures/describe-partial.json"]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert!(outcome.stdout.contains("SalesforceProd"));
    assert!(outcome.stderr.contains("nextToken"), "{}", outcome.stderr);
    assert!(
        outcome.stderr.contains("--next-token"),
        "{}",
        outcome.stderr
    );
    insta::assert_snapshot!(outcome.stderr);
}

#[test]
fn import_of_a_connector_type_the_schema_lacks_says_why_it_will_not_validate() {
    let outcome = run(&["import", "tests/fixtures/describe-unknown-connector.json"]);
    assert_eq!(outcome.code, 1, "{}", outcome.render());
    // Written as it came, and what `validate` will say is said now.
    assert!(
        outcome.stdout.contains("ConnectorType: Pipedrive"),
        "{}",
        outcome.stdout
    );
    assert!(outcome.stderr.contains("`Pipedrive`"), "{}", outcome.stderr);
    assert!(
        outcome.stderr.contains("/ConnectorType"),
        "{}",
        outcome.stderr
    );
    insta::assert_snapshot!(outcome.stderr);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("imported.yaml");
    std::fs::write(&file, &outcome.stdout).unwrap();
    assert_eq!(run(&["validate", file.to_str().unwrap()]).code, 1);
}

#[test]
fn import_to_terraform_writes_import_blocks_resources_and_sensitive_variables() {
    let outcome = run(&[
        "import",
        "tests/fixtures/describe-connector-profiles.json",
        "--format",
        "terraform",
    ]);
    assert_eq!(outcome.code, 0, "{}", outcome.render());
    assert!(outcome.stderr.is_empty(), "{}", outcome.stderr);
    let hcl = &outcome.stdout;
    assert_eq!(hcl.matches("\nimport {\n").count(), 4);
    assert_eq!(
        hcl.matches("\nresource \"aws_appflow_connector_profile\" ")
            .count(),
        4
    );
    // The ARN is the import id (schemas/terraform.toml [aws.import]).
    assert!(hcl.contains(
        "  to = aws_appflow_connector_profile.datadog_eu\n  id = \"arn:aws:appflow:eu-west-1:123456789012:connectorprofile/datadog-eu\"\n"
    ));
    // Secrets the API does not return are sensitive variables, referenced where they belong.
    assert!(hcl.contains(
        "variable \"datadog_eu_api_key\" {\n  description = \"api_key of connector profile datadog-eu: DescribeConnectorProfiles returns no credentials\"\n  type        = string\n  sensitive   = true\n}\n"
    ));
    assert!(hcl.contains("        api_key         = var.datadog_eu_api_key\n"));
    // Nothing the read returns only for information: no credentials ARN, no timestamps.
    assert!(!hcl.contains("secretsmanager"), "{hcl}");
    assert!(!hcl.contains("1700000"), "{hcl}");
    insta::assert_snapshot!(outcome.render());
    // The AWS CLI v2's rendering imports the same.
    let v2 = run(&[
        "import",
        "tests/fixtures/describe-cli-v2.json",
        "--format",
        "terraform",
    ]);
    assert_eq!(v2.stdout, outcome.stdout);
}

#[test]
fn import_to_terraform_says_what_the_provider_cannot_express() {
    let outcome = run(&[
        "import",
        "tests/fixtures/describe-terraform.json",
        "--format",
        "terraform",
    ]);
    // Written, but not whole: status 1, and each member left out named.
    assert_eq!(outcome.code, 1, "{}", outcome.render());
    for member in ["Redshift.isRedshiftServerless", "Redshift.workgroupName"] {
        assert!(outcome.stderr.contains(member), "{}", outcome.stderr);
    }
    assert!(!outcome.stdout.contains("workgroup"), "{}", outcome.stdout);
    // Template sequences doubled, quotes and backslashes escaped; numbers and lists typed.
    assert!(outcome
        .stdout
        .contains("bucket_prefix     = \"appflow/$${date}/%%{x}\"\n"));
    assert!(outcome
        .stdout
        .contains("oauth_scopes  = [\"API_BUSINESS_PARTNER\", \"offline\\\\access\"]\n"));
    assert!(outcome.stdout.contains("port_number               = 443\n"));
    insta::assert_snapshot!(outcome.render());
}

#[test]
fn import_to_terraform_of_a_connector_type_the_model_lacks_says_why_it_will_not_validate() {
    let outcome = run(&[
        "import",
        "tests/fixtures/describe-unknown-connector.json",
        "--format",
        "terraform",
    ]);
    assert_eq!(outcome.code, 1, "{}", outcome.render());
    assert!(outcome.stdout.contains("connector_type  = \"Pipedrive\"\n"));
    assert!(
        outcome.stderr.contains(
            "aws_appflow_connector_profile.pipedrive_sales: error enum /connectorType: `Pipedrive`"
        ),
        "{}",
        outcome.stderr
    );
}

#[test]
fn import_to_terraform_has_no_resources_to_import() {
    let outcome = run(&[
        "import",
        "tests/fixtures/describe-connector-profiles.json",
        "--format",
        "terraform",
        "--resources-to-import",
    ]);
    assert_eq!(outcome.code, 2, "{}", outcome.render());
    assert!(outcome.stdout.is_empty());
    assert!(outcome.stderr.contains("--resources-to-import"));
}

/// The configuration `import --format terraform` writes passes `validate`.
#[test]
fn import_to_terraform_writes_configuration_that_validates() {
    for fixture in [
        "tests/fixtures/describe-connector-profiles.json",
        "tests/fixtures/describe-terraform.json",
    ] {
        let outcome = run(&["import", fixture, "--format", "terraform"]);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("imported.tf");
        std::fs::write(&file, &outcome.stdout).unwrap();
        let validated = run(&["validate", file.to_str().unwrap()]);
        assert_eq!(validated.code, 0, "{fixture}: {}", validated.render());
        assert!(
            validated.stdout.contains("0 error(s)"),
            "{fixture}: {}",
            validated.stdout
        );
    }
}

#[test]
fn import_prints_the_resources_to_import() {
    let outcome = run(&[
        "import",
        "tests/fixtures/describe-connector-profiles.json",
        "--resources-to-import",
    ]);
    assert_eq!(outcome.code, 0);
    let resources: serde_json::Value = serde_json::from_str(&outcome.stdout).unwrap();
    assert_eq!(resources.as_array().unwrap().len(), 4);
    assert_eq!(
        resources[3]["ResourceIdentifier"]["ConnectorProfileName"],
        "inventory-api"
    );
    insta::assert_snapshot!(outcome.render());
}

#[test]
fn iam_policy_for_every_operation_and_one_profile() {
    let outcome = run(&[
        "iam-policy",
        "--region",
        "eu-west-1",
        "--account",
        "123456789012",
        "--name",
        "salesforce-prod",
    ]);
    assert_eq!(outcome.code, 0);
    insta::assert_snapshot!(outcome.render());
    let read_only = run(&["iam-policy", "--operations", "read,list"]);
    let policy: serde_json::Value = serde_json::from_str(&read_only.stdout).unwrap();
    assert_eq!(policy["Statement"].as_array().unwrap().len(), 1);
    assert_eq!(run(&["iam-policy", "--operations", "read,destroy"]).code, 2);
}

#[test]
fn iam_policy_refuses_what_cannot_be_an_arn_with_a_suggestion() {
    for (args, said) in [
        (
            &["--partition", "aws-gov"][..],
            "did you mean `aws-us-gov`?",
        ),
        (&["--account", "12345"][..], "12 digits"),
        (&["--name", "bad name/"][..], "--name"),
        (&["--operations", "creat"][..], "did you mean `create`?"),
    ] {
        let mut all = vec!["iam-policy"];
        all.extend_from_slice(args);
        let outcome = run(&all);
        assert_eq!(outcome.code, 2, "{args:?}: {}", outcome.render());
        assert!(outcome.stdout.is_empty(), "{args:?}: {}", outcome.stdout);
        assert!(
            outcome.stderr.contains(said),
            "{args:?}: {}",
            outcome.stderr
        );
    }
    assert_eq!(run(&["iam-policy", "--name", "sales_force/prod-1"]).code, 0);
}

#[test]
fn plan_shows_each_changed_leaf_and_a_rotated_secret_without_its_value() {
    let old = "tests/fixtures/plan-properties-old.json";
    let new = "tests/fixtures/plan-properties-rotated.json";
    let outcome = run(&["plan", old, new]);
    assert_eq!(outcome.code, 0, "{}", outcome.render());
    let lines: Vec<&str> = outcome.stdout.lines().collect();
    assert!(
        lines.contains(&"  ~ /ConnectorProfileConfig/ConnectorProfileProperties/Datadog/InstanceUrl: \"https://api.datadoghq.eu\" -> \"https://api.datadoghq.com\""),
        "{}",
        outcome.stdout
    );
    assert!(
        lines.contains(&"  ~ /ConnectorProfileConfig/ConnectorProfileCredentials/Datadog/ApiKey: (sensitive value changed)"),
        "{}",
        outcome.stdout
    );
    // The unchanged secret is no change; no secret value anywhere; the patch stays whole.
    assert!(
        !outcome.stdout.contains("Datadog/ApplicationKey: ("),
        "{}",
        outcome.stdout
    );
    for secret in [
        "CANARY-api-key-0001",
        "CANARY-api-key-ROTATED",
        "CANARY-app-key-0002",
    ] {
        assert!(!outcome.stdout.contains(secret), "{}", outcome.stdout);
    }
    assert!(
        outcome.stdout.contains("    add /ConnectorProfileConfig {"),
        "{}",
        outcome.stdout
    );
    let json = run(&["plan", old, new, "--format", "json"]);
    let plans: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let changes = plans[0]["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 2, "{changes:?}");
    assert_eq!(changes[0]["sensitive"], true);
    assert!(changes[0].get("before").is_none() && changes[0].get("after").is_none());
    assert!(!json.stdout.contains("CANARY-api-key"), "{}", json.stdout);
    // A secret changed alone is a change, and said so.
    let cloud = run(&["plan", old, new, "--format", "cloudcontrol"]);
    assert!(cloud.stdout.contains("CANARY-api-key-ROTATED"));
}

#[test]
fn plan_refuses_two_inputs_of_different_kinds() {
    let outcome = run(&["plan", OLD, "tests/fixtures/create-request-valid.json"]);
    assert_eq!(outcome.code, 2, "{}", outcome.render());
    assert!(outcome.stdout.is_empty());
    assert!(
        outcome.stderr.contains("cfn-template"),
        "{}",
        outcome.stderr
    );
    assert!(
        outcome.stderr.contains("create-request"),
        "{}",
        outcome.stderr
    );
    let properties = "tests/fixtures/plan-properties-old.json";
    assert_eq!(
        run(&[
            "plan",
            properties,
            "tests/fixtures/create-request-valid.json"
        ])
        .code,
        2
    );
}

#[test]
fn plan_shows_the_findings_of_the_desired_document_that_bear_on_it() {
    let old = "tests/fixtures/plan-salesforce.yaml";
    let new = "tests/fixtures/plan-salesforce-label.yaml";
    let outcome = run(&["plan", old, new]);
    assert_eq!(outcome.code, 0, "{}", outcome.render());
    assert!(outcome.stdout.contains("replace"), "{}", outcome.stdout);
    assert!(
        outcome.stdout.contains("+ /ConnectorLabel: \"mylabel\""),
        "{}",
        outcome.stdout
    );
    assert!(
        outcome
            .stdout
            .contains("connector-label-only-for-custom-connector"),
        "{}",
        outcome.stdout
    );
    insta::assert_snapshot!(outcome.render());
    // Nothing changes: nothing to say.
    let same = run(&["plan", new, new]);
    assert!(!same.stdout.contains("connector-label"), "{}", same.stdout);
    let json = run(&["plan", old, new, "--format", "json"]);
    let plans: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(
        plans[0]["findings"][0]["code"],
        "connector-label-only-for-custom-connector"
    );
}
