//! `appflow-profile validate` on Terraform (issue 26): `.tf`, `.tf.json` and module directories,
//! hashicorp/aws's and hashicorp/awscc's connector profile resources, unknown values, the
//! dialect's own checks, secrets, suppressions, output formats and hostile input. The fixtures
//! are under `tests/fixtures/terraform/`: `unknown/` (one per form of unknown value), `checks/`
//! (one per check), `module/` (a directory), `real/` (the eight public files of
//! `shared/real-world/real/hcl`, byte for byte, sources in `real/SOURCES.tsv`).

mod common;
#[path = "common/render.rs"]
mod render;

use common::{run_here, run_in, Outcome};

const DIR: &str = "tests/fixtures/terraform";

fn validate(args: &[&str]) -> Outcome {
    let mut all = vec!["validate"];
    all.extend_from_slice(args);
    run_here(&all, b"")
}

/// The fixtures of a folder, sorted.
fn fixtures(folder: &str) -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(DIR)
        .join(folder);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            entry
                .expect("an entry")
                .file_name()
                .into_string()
                .expect("UTF-8")
        })
        .filter(|name| name.ends_with(".tf") || name.ends_with(".tf.json"))
        .map(|name| format!("{DIR}/{folder}/{name}"))
        .collect();
    names.sort();
    names
}

/// The lines of a text report that are findings (not the summary).
fn finding_lines(out: &Outcome) -> Vec<&str> {
    out.stdout
        .lines()
        .filter(|l| l.contains(": error ") || l.contains(": warning "))
        .collect()
}

fn has(out: &Outcome, at: &str, code: &str) -> bool {
    finding_lines(out)
        .iter()
        .any(|l| l.contains(at) && l.contains(&format!(" {code} ")))
}

#[test]
fn every_fixture_snapshot() {
    let mut all = String::new();
    for folder in ["unknown", "checks", "real"] {
        for file in fixtures(folder) {
            let out = validate(&[&file]);
            all.push_str(&format!("==== {file}\n{}", out.render()));
        }
    }
    for path in [
        format!("{DIR}/module"),
        format!("{DIR}/override"),
        format!("{DIR}/plan/plan.json"),
    ] {
        let out = validate(&[&path]);
        all.push_str(&format!("==== {path}\n{}", out.render()));
    }
    insta::assert_snapshot!(all);
}

#[test]
fn unknown_values_give_no_error() {
    for file in fixtures("unknown") {
        let out = validate(&[&file]);
        assert_eq!(out.code, 0, "{file}\n{}", out.render());
        assert!(
            finding_lines(&out)
                .iter()
                .all(|l| l.contains(" warning secret-parameter ")),
            "{file}\n{}",
            out.render()
        );
    }
}

#[test]
fn the_real_files_give_no_false_error_and_their_noted_mistakes_are_found() {
    let real = |name: &str| validate(&[&format!("{DIR}/real/{name}")]);
    // What Terraform accepts: no error.
    for name in [
        "h01-checkov-aws-cmk-redshift.tf",
        "h02-awscc-example-salesforce.tf",
        "h03-hemil70-connector-profile-module.tf",
        "h05-datamindedbe-salesforce-connector.tf",
    ] {
        let out = real(name);
        assert_eq!(out.code, 0, "{name}\n{}", out.render());
    }
    // h04: attributes straight in the containers, the connector block commented out.
    let out = real("h04-sbkgit-dynamics365-module.tf");
    assert_eq!(out.code, 1, "{}", out.render());
    for at in [":10:7:", ":11:7:", ":16:7:", ":17:7:"] {
        assert!(has(&out, at, "unknown-key"), "{at}\n{}", out.render());
    }
    // h06: `is_sandbox`, client id and secret in Salesforce credentials, `tags`; and the
    // grant type, which hashicorp/awscc's Salesforce credentials do not have (the table's
    // `inexpressible`), so the client credentials grant never reaches AppFlow.
    let out = real("h06-awscc-checkov-style-pass-fail.tf");
    assert_eq!(out.code, 1, "{}", out.render());
    for at in [":12:9:", ":18:9:", ":19:9:", ":20:9:", ":25:3:"] {
        assert!(has(&out, at, "unknown-key"), "{at}\n{}", out.render());
    }
    assert!(out
        .stdout
        .contains("did you mean `is_sandbox_environment`?"));
    assert!(has(&out, ":17:9:", "hardcoded-secret"), "{}", out.render());
    // h07: the API's name for `name`, no connection mode, client id and secret.
    let out = real("h07-staruser143-qa-salesforce.tf");
    assert_eq!(out.code, 1, "{}", out.render());
    assert!(has(&out, ":3:3:", "unknown-key"), "{}", out.render());
    assert!(
        out.stdout.contains("did you mean `name`?"),
        "{}",
        out.render()
    );
    assert!(
        finding_lines(&out)
            .iter()
            .any(|l| l.contains(" required ") && l.contains("`connection_mode`")),
        "{}",
        out.render()
    );
    assert!(has(&out, ":10:9:", "unknown-key"), "{}", out.render());
    assert!(has(&out, ":11:9:", "unknown-key"), "{}", out.render());
    // h08: dummy tokens written into the configuration.
    let out = real("h08-paty-oliveira-salesforce-poc.tf");
    assert!(has(&out, ":62:13:", "hardcoded-secret"), "{}", out.render());
    assert!(has(&out, ":67:13:", "hardcoded-secret"), "{}", out.render());
}

#[test]
fn each_check_is_found_where_it_is() {
    let check = |name: &str| validate(&[&format!("{DIR}/checks/{name}")]);
    let out = check("unknown-attribute.tf");
    assert!(has(&out, ":3:3:", "unknown-key") && out.stdout.contains("did you mean `name`?"));
    assert!(
        has(&out, ":10:9:", "unknown-key") && out.stdout.contains("did you mean `access_token`?")
    );
    assert!(has(&out, ":11:9:", "unknown-key"));
    assert!(has(&out, ":17:9:", "unknown-key"));
    // Read through its suggestion: the literal token is then a hardcoded secret.
    assert!(has(&out, ":10:9:", "hardcoded-secret"), "{}", out.render());

    let out = check("awscc-cloudformation-keys.tf");
    assert!(has(&out, ":9:5:", "unknown-key"), "{}", out.render());
    assert!(out
        .stdout
        .contains("did you mean `connector_profile_credentials`?"));
    assert!(has(&out, ":10:7:", "unknown-key"), "{}", out.render());
    assert!(has(&out, ":11:9:", "unknown-key"), "{}", out.render());

    let out = check("inexpressible.tf");
    assert!(has(&out, ":20:9:", "unknown-key"), "{}", out.render());
    assert!(
        out.stdout.contains(
            "hashicorp/aws has no attribute for the API's `isRedshiftServerless`: this provider cannot set it"
        ),
        "{}",
        out.stdout
    );
    assert!(has(&out, ":34:9:", "unknown-key"), "{}", out.render());
    assert!(out
        .stdout
        .contains("hashicorp/awscc has no attribute for CloudFormation's `OAuth2GrantType`"));

    let out = check("variable-defaults.tf");
    assert_eq!(out.code, 0, "{}", out.render());
    assert!(has(&out, ":22:3:", "enum"), "{}", out.render());
    assert!(out
        .stdout
        .contains("(when `var.mode` is resolved to `Hidden`, the default of variable `mode`)"));
    // A sensitive variable's default is not shown.
    assert!(has(&out, ":35:9:", "pattern"), "{}", out.render());
    assert!(out
        .stdout
        .contains("(when `var.url` is resolved, the default of variable `url`)"));
    assert!(!out.stdout.contains("not a url"));
    assert_eq!(finding_lines(&out).len(), 2, "{}", out.render());

    let out = check("block-as-attribute.tf");
    assert_eq!(finding_lines(&out).len(), 1, "{}", out.render());
    assert!(has(&out, ":7:3:", "type"));
    let out = check("attribute-as-block.tf");
    assert_eq!(finding_lines(&out).len(), 1, "{}", out.render());
    assert!(has(&out, ":7:3:", "type"));
    let out = check("second-block.tf");
    assert!(has(&out, ":18:3:", "duplicate-key"), "{}", out.render());
    let out = check("duplicate-attribute.tf");
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("duplicate-attribute.tf:4:3: error parse:"),
        "{}",
        out.stderr
    );

    let out = check("wrong-connector-block.tf");
    assert_eq!(out.code, 1, "{}", out.render());
    assert!(
        finding_lines(&out)
            .iter()
            .any(|l| l.contains("connector-type-matches-config-variants")),
        "{}",
        out.render()
    );
    let out = check("salesforce-grant-type.tf");
    assert!(
        has(&out, ":13:9:", "salesforce-jwt-bearer-needs-jwt-token")
            || has(&out, "", "salesforce-jwt-bearer-needs-jwt-token"),
        "{}",
        out.render()
    );
    assert!(
        has(
            &out,
            "",
            "salesforce-client-credentials-grant-not-supported"
        ),
        "{}",
        out.render()
    );

    let out = check("type-conversion.tf");
    assert_eq!(finding_lines(&out).len(), 1, "{}", out.render());
    assert!(has(&out, ":21:9:", "type"), "{}", out.render());

    let out = check("secrets.tf");
    assert!(has(&out, ":28:9:", "secret-parameter"), "{}", out.render());
    assert!(out
        .stdout
        .contains("variable `password` is not `sensitive = true`"));
    assert!(has(&out, ":11:15:", "hardcoded-secret"), "{}", out.render());
    assert!(has(&out, ":50:9:", "hardcoded-secret"), "{}", out.render());
    assert!(!has(&out, ":49:9:", "secret-parameter"), "{}", out.render());
    assert!(
        !finding_lines(&out)
            .iter()
            .any(|l| l.contains("amplitude_safe")),
        "{}",
        out.render()
    );
    // A map of secrets: a literal value and a variable in it.
    assert!(has(&out, ":89:11:", "hardcoded-secret"), "{}", out.render());
    assert!(has(&out, ":89:11:", "secret-parameter"), "{}", out.render());
    // A secret's value never appears.
    assert!(
        !out.stdout.contains("literal-secret-key")
            && !out.stdout.contains("a-default-key")
            && !out.stdout.contains("a-literal-key")
    );

    let out = check("suppressions.tf");
    assert_eq!(finding_lines(&out).len(), 2, "{}", out.render());
    assert!(has(&out, ":23:1:", "suppression"), "{}", out.render());
    assert!(has(&out, ":32:9:", "hardcoded-secret"), "{}", out.render());
    assert!(out.stdout.contains("2 suppressed"), "{}", out.stdout);

    let out = check("json-syntax.tf.json");
    assert!(has(&out, ":12:9:", "pattern"), "{}", out.render());
    assert!(has(&out, ":17:17:", "secret-parameter"), "{}", out.render());
    assert!(has(&out, ":18:17:", "hardcoded-secret"), "{}", out.render());
    assert!(has(&out, ":26:15:", "unknown-key"), "{}", out.render());
    // A `"//"` comment in the resource block's object suppresses in it.
    assert!(
        !has(&out, ":40:28:", "secret-parameter"),
        "{}",
        out.render()
    );
    assert!(out.stdout.contains("1 suppressed"), "{}", out.stdout);
}

/// Terraform's JSON syntax reads a `"//"` member as a comment only in an object that stands for
/// a block body (and at the root): in an attribute's value (a map, an awscc object) it is a key,
/// checked as any other. Terraform 1.11 with hashicorp/aws 5.100 agreed on the aws part of the
/// fixture: its only error was the map's `"//"` key ("Invalid map key").
#[test]
fn a_json_comment_is_one_only_in_a_block_body() {
    let out = validate(&[&format!("{DIR}/checks/json-comments.tf.json")]);
    let lines = finding_lines(&out);
    // Comments at the root (2), of the resource (14) and of a nested block (20): no finding.
    for line in [":2:", ":14:", ":20:"] {
        assert!(!lines.iter().any(|l| l.contains(line)), "{}", out.render());
    }
    // A key of a map attribute: kept, and refused as AppFlow (and Terraform) refuses it.
    assert!(has(&out, ":31:15:", "key-pattern"), "{}", out.render());
    assert!(
        out.stdout.contains("key `//` must contain"),
        "{}",
        out.stdout
    );
    // A key of an awscc object: an unknown attribute, where it is, told why it is no comment.
    assert!(has(&out, ":47:15:", "unknown-key"), "{}", out.render());
    assert!(
        out.stdout.contains(
            "salesforce/~1~1: unknown attribute `//`; Terraform's JSON syntax reads a `\"//\"` member as a comment only in a block's object"
        ),
        "{}",
        out.stdout
    );
    // ... and, being no comment, it suppresses nothing in its object.
    assert!(has(&out, ":46:15:", "hardcoded-secret"), "{}", out.render());
    // Comments of a variable's block (5) and of a nested block (23) suppress in them.
    assert!(!has(&out, ":8:", "hardcoded-secret"), "{}", out.render());
    assert!(!has(&out, ":25:", "hardcoded-secret"), "{}", out.render());
    assert!(out.stdout.contains("2 suppressed"), "{}", out.stdout);
    // A nested block's comment naming no code says so, on its line.
    assert!(has(&out, ":29:1:", "suppression"), "{}", out.render());
    assert_eq!(lines.len(), 5, "{}", out.render());

    // The root object's comment suppresses in the whole file; the same directive in a map's
    // value does not.
    let file = |root: &str, tags: &str| {
        format!(
            r#"{{{root}"resource": {{"aws_appflow_connector_profile": {{"p": {{"name": "p", "connector_type": "CustomConnector", "connector_label": "label", "connection_mode": "Public",
  "connector_profile_config": {{"connector_profile_credentials": {{"custom_connector": {{"authentication_type": "APIKEY", "api_key": {{"api_key": "a-literal-key"}}}}}},
  "connector_profile_properties": {{"custom_connector": {{"profile_properties": {{{tags}"k": "v"}}}}}}}}}}}}}}}}"#
        )
    };
    let directive = r#""//": "appflow-profile:ignore hardcoded-secret", "#;
    let run = |text: String| run_here(&["validate", "--kind", "terraform", "-"], text.as_bytes());
    let out = run(file(directive, ""));
    assert_eq!(finding_lines(&out).len(), 0, "{}", out.render());
    assert!(out.stdout.contains("1 suppressed"), "{}", out.stdout);
    let out = run(file("", directive));
    assert!(has(&out, ":2:", "hardcoded-secret"), "{}", out.render());
    assert!(has(&out, ":3:", "key-pattern"), "{}", out.render());
}

#[test]
fn a_module_is_its_directory_s_tf_files_read_together() {
    let out = validate(&[&format!("{DIR}/module")]);
    assert_eq!(out.code, 0, "{}", out.render());
    assert!(
        has(&out, "main.tf:12:9:", "secret-parameter"),
        "{}",
        out.render()
    );
    assert!(
        has(&out, "profiles.tf.json:10:46:", "secret-parameter"),
        "{}",
        out.render()
    );
    assert!(out.stdout.contains("in 3 file(s)"), "{}", out.stdout);
    // The files given one by one are one module too (the variable is found).
    let out = validate(&[
        &format!("{DIR}/module/main.tf"),
        &format!("{DIR}/module/variables.tf"),
    ]);
    assert!(
        has(&out, "main.tf:12:9:", "secret-parameter"),
        "{}",
        out.render()
    );
    // A directory without Terraform files cannot be checked.
    let out = validate(&[&format!("{DIR}/real/..")]);
    assert_eq!(out.code, 2, "{}", out.render());
}

/// A file given alone (as a pre-commit hook gives the changed ones) is read with the rest of its
/// directory, as Terraform reads it, and only its own findings are reported: the variable it
/// reads is found, an override merged into it is applied, a broken file beside it is not its
/// problem.
#[test]
fn a_file_given_alone_is_read_with_its_directory() {
    let out = validate(&[&format!("{DIR}/module/main.tf")]);
    assert!(
        has(&out, "main.tf:12:9:", "secret-parameter"),
        "{}",
        out.render()
    );
    assert!(out.stdout.contains("in 1 file(s)"), "{}", out.stdout);
    let whole = validate(&[&format!("{DIR}/override")]);
    let alone = validate(&[&format!("{DIR}/override/main.tf")]);
    let main_lines = |out: &Outcome| -> Vec<String> {
        finding_lines(out)
            .into_iter()
            .filter(|l| l.starts_with(&format!("{DIR}/override/main.tf:")))
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(
        finding_lines(&alone).len(),
        main_lines(&alone).len(),
        "{}",
        alone.render()
    );
    assert_eq!(main_lines(&alone), main_lines(&whole), "{}", alone.render());
    assert!(alone.stdout.contains("in 1 file(s)"), "{}", alone.stdout);
    let dir = tempfile::tempdir().expect("a temp dir");
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("{DIR}/module/main.tf")),
        dir.path().join("main.tf"),
    )
    .expect("copied");
    std::fs::write(dir.path().join("broken.tf"), "resource \"x\" {\n").expect("written");
    let out = run_in(dir.path(), &["validate", "main.tf"], b"");
    assert_ne!(out.code, 2, "{}", out.render());
    assert!(out.stderr.is_empty(), "{}", out.render());
    let out = run_in(dir.path(), &["validate", "main.tf", "broken.tf"], b"");
    assert_eq!(out.code, 2, "{}", out.render());
    // A folder that cannot be one module (a variable declared twice: separate examples) is not
    // read around the file: its variable is then not found.
    std::fs::remove_file(dir.path().join("broken.tf")).expect("removed");
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("{DIR}/module/variables.tf")),
        dir.path().join("variables.tf"),
    )
    .expect("copied");
    let out = run_in(dir.path(), &["validate", "main.tf"], b"");
    assert!(
        has(&out, "main.tf:12:9:", "secret-parameter"),
        "{}",
        out.render()
    );
    std::fs::write(
        dir.path().join("example.tf"),
        "variable \"client_secret\" {}\n",
    )
    .expect("written");
    let out = run_in(dir.path(), &["validate", "main.tf"], b"");
    assert!(
        !has(&out, "main.tf:12:9:", "secret-parameter"),
        "{}",
        out.render()
    );
    // Standard input comes from no directory: given beside a file, it is not read around.
    std::fs::remove_file(dir.path().join("example.tf")).expect("removed");
    std::fs::write(dir.path().join("other.tf"), "# nothing\n").expect("written");
    // Not a copy of `main.tf` (that would declare its resource twice, and the folder could
    // not be one module anyway).
    let main = std::fs::read_to_string(dir.path().join("main.tf"))
        .expect("read")
        .replace("\"zendesk\" {", "\"piped\" {");
    let out = run_in(
        dir.path(),
        &["validate", "--kind", "terraform", "-", "other.tf"],
        main.as_bytes(),
    );
    assert!(out.stdout.contains("<stdin>: checked"), "{}", out.render());
    assert!(
        !has(&out, "<stdin>:12:9:", "secret-parameter"),
        "{}",
        out.render()
    );
}

/// Override files are merged into the blocks of the same header, as Terraform merges them
/// (`tests/fixtures/terraform/override/`): an argument replaces the original's, a nested block
/// type all the original's blocks of that type, later files by name win; findings are placed
/// in the file the item came from. Terraform 1.11 with hashicorp/aws 5.100 reported the same
/// merged configuration: the override's `kms_arn`, and the missing `connector_profile_properties`
/// at `main_override.tf:15` (not the original's `connection_mode`).
#[test]
fn override_files_are_merged_into_what_they_override() {
    let out = validate(&[&format!("{DIR}/override")]);
    assert_eq!(out.code, 1, "{}", out.render());
    // The original's `connection_mode` is replaced: its mistake is not the configuration's.
    assert!(!out.stdout.contains("Publik"), "{}", out.stdout);
    assert!(
        !finding_lines(&out).iter().any(|l| l.contains("main.tf:")),
        "{}",
        out.render()
    );
    // An argument the override adds, in the override file.
    assert!(
        has(&out, "main_override.tf:8:3:", "pattern"),
        "{}",
        out.render()
    );
    // The later override file's `name` wins over the earlier one's.
    assert!(
        has(&out, "override.tf.json:6:9:", "pattern-partial"),
        "{}",
        out.render()
    );
    // A nested block replaces the original's whole: its contents are not merged.
    assert!(
        has(&out, "main_override.tf:15:3:", "required"),
        "{}",
        out.render()
    );
    assert!(out
        .stdout
        .contains("missing required member `connector_profile_properties`"));
    assert!(
        has(&out, "main_override.tf:20:9:", "hardcoded-secret"),
        "{}",
        out.render()
    );
    // Comments in the override files suppress there (a nested block's `"//"` in JSON syntax
    // too); the variable made `sensitive` by the override feeds the secrets without a
    // `secret-parameter`.
    assert!(!has(&out, ":19:", "hardcoded-secret"), "{}", out.render());
    assert!(!has(&out, ":12:", "hardcoded-secret"), "{}", out.render());
    assert!(!out.stdout.contains("secret-parameter"), "{}", out.stdout);
    assert!(
        out.stdout.contains("2 suppressed in 3 file(s)"),
        "{}",
        out.stdout
    );
    assert_eq!(finding_lines(&out).len(), 6, "{}", out.render());
}

/// A `dynamic` block overrides and is overridden as the type of the blocks it generates, as
/// Terraform 1.11 merged these two (`terraform validate` reported the missing properties in the
/// override, and nothing of the original's block).
#[test]
fn a_dynamic_block_overrides_as_the_blocks_it_generates() {
    let config = |properties: &str| {
        format!(
            "connector_profile_credentials {{\n zendesk {{\n client_id = \"c\"\n client_secret = var.s\n }}\n }}\n{properties}"
        )
    };
    let properties = "connector_profile_properties {\n zendesk {\n instance_url = \"https://example.zendesk.com\"\n }\n }\n";
    let resource = |body: &str| {
        format!(
            "variable \"s\" {{\n sensitive = true\n}}\nresource \"aws_appflow_connector_profile\" \"z\" {{\n name = \"z\"\n connector_type = \"Zendesk\"\n connection_mode = \"Public\"\n{body}}}\n"
        )
    };
    let static_block = |inner: &str| format!("connector_profile_config {{\n{inner}}}\n");
    let dynamic_block = |inner: &str| {
        format!("dynamic \"connector_profile_config\" {{\n for_each = [1]\n content {{\n{inner}}}\n}}\n")
    };
    for (original, over) in [
        (
            dynamic_block(&config(properties)),
            static_block(&config("")),
        ),
        (
            static_block(&config(properties)),
            dynamic_block(&config("")),
        ),
    ] {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("main.tf"), resource(&original)).expect("written");
        let over = format!("resource \"aws_appflow_connector_profile\" \"z\" {{\n{over}}}\n");
        std::fs::write(dir.path().join("main_override.tf"), over).expect("written");
        let out = run_in(dir.path(), &["validate", "."], b"");
        let lines = finding_lines(&out);
        assert_eq!(lines.len(), 1, "{}", out.render());
        assert!(
            lines[0].contains("main_override.tf:") && lines[0].contains(" required "),
            "{}",
            out.render()
        );
    }
}

#[test]
fn output_formats_carry_positions_and_the_address() {
    let file = format!("{DIR}/checks/unknown-attribute.tf");
    let out = validate(&["--format", "json", &file]);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let first = &json[0];
    assert_eq!(first["resource"], "aws_appflow_connector_profile.sales");
    assert_eq!(first["line"], 3);
    assert_eq!(first["column"], 3);
    assert_eq!(first["code"], "unknown-key");
    let out = validate(&["--format", "github", &file]);
    assert!(
        out.stdout.contains("::error file=tests/fixtures/terraform/checks/unknown-attribute.tf,line=3,col=3,title=unknown-key::"),
        "{}",
        out.stdout
    );
    let out = validate(&["--format", "sarif", &file]);
    let sarif: serde_json::Value = serde_json::from_str(&out.stdout).expect("SARIF");
    let region = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 3, "{region}");
}

#[test]
fn fail_on_and_ignore_apply() {
    let file = format!("{DIR}/unknown/reference-data.tf");
    let secrets = format!("{DIR}/checks/suppressions.tf");
    assert_eq!(validate(&[&file]).code, 0);
    assert_eq!(validate(&["--fail-on", "warning", &secrets]).code, 1);
    assert_eq!(validate(&["--fail-on", "none", &secrets]).code, 0);
    let out = validate(&[
        "--fail-on",
        "warning",
        "--ignore",
        "hardcoded-secret",
        "--ignore",
        "suppression",
        &secrets,
    ]);
    assert_eq!(out.code, 0, "{}", out.render());
}

#[test]
fn kind_terraform_reads_standard_input_and_other_names() {
    let text = std::fs::read(format!(
        "{}/{DIR}/checks/unknown-attribute.tf",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("the fixture");
    let out = run_here(&["validate", "--kind", "terraform", "-"], &text);
    assert_eq!(out.code, 1, "{}", out.render());
    assert!(
        out.stdout.starts_with("<stdin>:3:3: error unknown-key"),
        "{}",
        out.stdout
    );
    let dir = tempfile::tempdir().expect("a temp dir");
    std::fs::write(dir.path().join("profile.hcl"), &text).expect("written");
    let out = run_in(
        dir.path(),
        &["validate", "--kind", "terraform", "profile.hcl"],
        b"",
    );
    assert_eq!(out.code, 1, "{}", out.render());
}

#[test]
fn a_plan_is_checked_with_its_planned_values() {
    let plan = format!("{DIR}/plan/plan.json");
    let out = validate(&[&plan]);
    assert_eq!(out.code, 1, "{}", out.render());
    // Created and updated resources, child modules' too; not deleted ones, data sources or
    // other types.
    assert!(
        out.stdout.contains("(2 connector profiles)"),
        "{}",
        out.stdout
    );
    assert!(
        has(
            &out,
            "plan.json:22:19:",
            "salesforce-jwt-bearer-needs-jwt-token"
        ),
        "{}",
        out.render()
    );
    assert!(has(&out, "plan.json:86:11:", "enum"), "{}", out.render());
    // `kms_arn` and Zendesk's `client_secret` are known after apply: not reported missing or
    // wrong; computed attributes (`arn`, `id`) are no unknown attributes.
    assert_eq!(finding_lines(&out).len(), 2, "{}", out.render());
    let json = run_here(&["validate", "--format", "json", &plan], b"");
    let findings: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(
        findings[1]["resource"],
        "module.crm.aws_appflow_connector_profile.zendesk"
    );
    // `--kind terraform-plan` on standard input.
    let text = std::fs::read(format!("{}/{plan}", env!("CARGO_MANIFEST_DIR"))).expect("the plan");
    let out = run_here(&["validate", "--kind", "terraform-plan", "-"], &text);
    assert_eq!(out.code, 1, "{}", out.render());
    assert!(
        out.stdout.contains("checked as terraform-plan"),
        "{}",
        out.stdout
    );
    // Forced on what is no plan: refused, not read as one without resources.
    let out = run_here(
        &["validate", "--kind", "terraform-plan", "-"],
        b"{\"resources\": []}",
    );
    assert_eq!(out.code, 2, "{}", out.render());
    assert!(
        out.stderr.contains("not a Terraform plan"),
        "{}",
        out.stderr
    );
    // A forced kind wins over the name.
    let file = format!("{DIR}/checks/unknown-attribute.tf");
    let out = validate(&["--kind", "terraform-plan", &file]);
    assert_eq!(out.code, 2, "{}", out.render());
}

/// A plan Terraform wrote (`plan/from-terraform/`: Terraform 1.11.4, hashicorp/aws 5.100.0), not
/// one written by hand: every connector block the provider plans as an empty array, a child
/// module's resource, values known only after apply (`kms_arn` from a key the plan creates,
/// a `client_secret` from its id), values the plan marks sensitive (secrets, and an
/// `instance_url` a sensitive variable feeds).
#[test]
fn a_plan_terraform_wrote_is_checked_as_it_is() {
    let plan = format!("{DIR}/plan/from-terraform/plan.json");
    let out = validate(&[&plan]);
    assert_eq!(out.code, 1, "{}", out.render());
    // The two connector profiles, not the KMS key.
    assert!(
        out.stdout.contains("(2 connector profiles)"),
        "{}",
        out.stdout
    );
    assert!(
        has(&out, ":1:5114:", "salesforce-jwt-bearer-needs-jwt-token"),
        "{}",
        out.render()
    );
    // `instance_url` is fed by a sensitive variable: the plan marks it, and it is not judged
    // (nor shown).
    assert!(!out.stdout.contains("not a host"), "{}", out.render());
    assert!(
        has(
            &out,
            ":1:8514:",
            "private-connection-mode-supported-connectors"
        ),
        "{}",
        out.render()
    );
    // Nothing about the empty connector blocks, the unknown `kms_arn` and `client_secret`, or
    // the provider's computed attributes.
    assert_eq!(finding_lines(&out).len(), 2, "{}", out.render());
    let json = run_here(&["validate", "--format", "json", &plan], b"");
    let findings: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(
        findings[1]["resource"],
        "module.crm.aws_appflow_connector_profile.zendesk"
    );
    // The configuration it was planned from gives the same error, where it is written.
    let out = validate(&[&format!("{DIR}/plan/from-terraform")]);
    assert!(
        has(
            &out,
            "main.tf:34:7:",
            "salesforce-jwt-bearer-needs-jwt-token"
        ),
        "{}",
        out.render()
    );
}

/// A value the plan marks sensitive (`after_sensitive`: a sensitive variable feeds it) is shown
/// by Terraform as `(sensitive value)`: it is an unknown value here, so no finding shows it,
/// unless the attribute is a secret, whose value the checks read and no finding shows.
#[test]
fn a_value_the_plan_marks_sensitive_is_never_shown() {
    let path = format!("{}/{DIR}/plan/plan.json", env!("CARGO_MANIFEST_DIR"));
    let mut plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("the plan")).expect("JSON");
    let zendesk = &mut plan["resource_changes"][1]["change"];
    zendesk["after_sensitive"]["connection_mode"] = true.into();
    let salesforce = &mut plan["resource_changes"][0]["change"];
    salesforce["after"]["connector_profile_config"][0]["connector_profile_credentials"][0]
        ["salesforce"][0]["refresh_token"] = " ".into();
    let text = plan.to_string();
    let out = run_here(
        &["validate", "--kind", "terraform-plan", "-"],
        text.as_bytes(),
    );
    // `Hidden` (not one of the enum's values) is not shown, nor judged.
    assert!(!out.stdout.contains("Hidden"), "{}", out.render());
    assert!(
        !finding_lines(&out).iter().any(|l| l.contains(" enum ")),
        "{}",
        out.render()
    );
    // A secret the plan marks sensitive is still checked.
    assert!(
        finding_lines(&out)
            .iter()
            .any(|l| l.contains(" pattern ") && l.contains("/refresh_token")),
        "{}",
        out.render()
    );
    assert!(
        has(&out, "", "salesforce-jwt-bearer-needs-jwt-token"),
        "{}",
        out.render()
    );
    assert!(
        out.stdout.contains("(2 connector profiles)"),
        "{}",
        out.stdout
    );
}

/// Validates `text` written to `name` in a fresh directory.
fn validate_text(name: &str, text: &[u8]) -> Outcome {
    let dir = tempfile::tempdir().expect("a temp dir");
    std::fs::write(dir.path().join(name), text).expect("the file is written");
    run_in(dir.path(), &["validate", name], b"")
}

#[test]
fn hostile_input_is_an_error_with_its_position() {
    // A NUL.
    let out = validate_text("a.tf", b"variable \"x\" {\n  default = \"a\0b\"\n}\n");
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.starts_with("a.tf:2:15: error parse:"),
        "{}",
        out.stderr
    );
    // Not UTF-8.
    let out = validate_text("a.tf", b"variable \"x\" {\n  default = \"\xff\"\n}\n");
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.starts_with("a.tf:2:14: error parse: not UTF-8"),
        "{}",
        out.stderr
    );
    // Nesting: brackets, objects, blocks, operators; the parser's limits, not the stack's.
    for text in [
        format!("a = {}1{}", "[".repeat(50_000), "]".repeat(50_000)),
        format!("a = {}{}", "{b = ".repeat(50_000), "}".repeat(50_000)),
        format!("{}{}", "b {\n".repeat(50_000), "}\n".repeat(50_000)),
        format!("a = {}1", "-".repeat(100_000)),
        format!("a = 1{}", " * 2".repeat(100_000)),
        format!("a = {}", "x ? y : ".repeat(50_000) + "z"),
        format!("a = \"{}\"", "${".repeat(50_000)),
    ] {
        let out = validate_text("a.tf", text.as_bytes());
        assert_eq!(out.code, 2, "{}", out.render());
        assert!(
            out.stderr.starts_with("a.tf:") && out.stderr.contains(": error parse: invalid HCL"),
            "{}",
            out.stderr
        );
    }
    let deep_json = format!("{{\"a\": {}1{}}}", "[".repeat(50_000), "]".repeat(50_000));
    let out = validate_text("a.tf.json", deep_json.as_bytes());
    assert_eq!(out.code, 2, "{}", out.render());
    assert!(out.stderr.contains("nesting deeper"), "{}", out.stderr);
    // A huge heredoc is read (linear), a file over the limit refused.
    let heredoc = format!(
        "resource \"aws_appflow_connector_profile\" \"p\" {{\n  name = <<EOT\n{}EOT\n}}\n",
        "x".repeat(100)
            .repeat(30_000)
            .chars()
            .collect::<Vec<_>>()
            .chunks(100)
            .map(|c| c.iter().collect::<String>() + "\n")
            .collect::<String>()
    );
    let out = validate_text("a.tf", heredoc.as_bytes());
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stdout.contains("a.tf:2:3: error length"),
        "{}",
        out.stdout
    );
    let big = "#".repeat(5 * 1024 * 1024);
    let out = validate_text("a.tf", big.as_bytes());
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("larger than"), "{}", out.stderr);
    // Control characters in names are escaped, never echoed.
    let out = validate_text(
        "a.tf",
        "resource \"aws_appflow_connector_profile\" \"p\" {\n  \"x\u{1b}[31m\" = 1\n}\n".as_bytes(),
    );
    assert!(
        !out.stdout.contains('\u{1b}') && !out.stderr.contains('\u{1b}'),
        "{}",
        out.render()
    );
}

#[test]
fn no_secret_value_appears_in_any_output() {
    const CANARY: &str = "CANARY-SECRET-123";
    let file = format!("{DIR}/checks/canary.tf");
    for format in ["text", "json", "sarif", "github"] {
        let out = validate(&["--format", format, &file]);
        assert_eq!(out.code, 1, "{}", out.render());
        assert!(
            !out.stdout.contains(CANARY) && !out.stderr.contains(CANARY),
            "--format {format}\n{}",
            out.render()
        );
    }
    let out = validate(&[&file]);
    assert!(has(&out, ":15:9:", "hardcoded-secret"), "{}", out.render());
    assert!(has(&out, ":4:13:", "hardcoded-secret"), "{}", out.render());
    assert!(has(&out, ":17:9:", "unknown-key"), "{}", out.render());
    assert!(has(&out, ":41:9:", "unknown-key"), "{}", out.render());
}

/// The per-connector fixtures of the generated crate (`tests/fixtures/connectors/`, every
/// optional member of each connector), written as each provider's resource.
fn connector_fixtures() -> Vec<(String, String, String)> {
    let root =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/connectors");
    let mut out = Vec::new();
    for (folder, table, provider) in [
        ("api", &appflow_connector_profile::terraform::AWS, "aws"),
        ("cfn", &appflow_connector_profile::terraform::AWSCC, "awscc"),
    ] {
        let mut names: Vec<String> = std::fs::read_dir(root.join(folder))
            .expect("the connector fixtures")
            .map(|e| {
                e.expect("an entry")
                    .file_name()
                    .into_string()
                    .expect("UTF-8")
            })
            .filter(|n| n.ends_with(".max.json"))
            .collect();
        names.sort();
        for name in names {
            let connector = name.trim_end_matches(".max.json");
            let text = std::fs::read_to_string(root.join(folder).join(&name)).expect("readable");
            let profile: serde_json::Value = serde_json::from_str(&text).expect("JSON");
            let (resource, dropped) = render::resource(table, &connector.to_lowercase(), &profile);
            let mut file = format!(
                "# {connector}: tests/fixtures/connectors/{folder}/{name} as hashicorp/{provider}'s resource,\n# written by cli/tests/terraform.rs (TERRAFORM_FIXTURES=overwrite).\n"
            );
            if !dropped.is_empty() {
                file.push_str(&format!(
                    "# Members the provider cannot express, left out: {}.\n",
                    dropped.join(", ")
                ));
            }
            file.push_str(&resource);
            out.push((
                format!("{DIR}/connectors/{provider}/{connector}.tf"),
                file,
                connector.to_owned(),
            ));
        }
    }
    out
}

#[test]
fn every_connector_of_both_providers_passes() {
    let overwrite = std::env::var("TERRAFORM_FIXTURES").as_deref() == Ok("overwrite");
    let fixtures = connector_fixtures();
    // 19 connectors in the API (Honeycode too), 18 in CloudFormation.
    assert_eq!(fixtures.len(), 37);
    for (path, text, connector) in &fixtures {
        let full = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
        if overwrite {
            std::fs::create_dir_all(full.parent().expect("a folder")).expect("the folder");
            std::fs::write(&full, text).expect("written");
        }
        let on_disk = std::fs::read_to_string(&full).unwrap_or_default();
        assert_eq!(
            &on_disk, text,
            "{path} is stale: TERRAFORM_FIXTURES=overwrite cargo test -p appflow-profile-cli --test terraform"
        );
        let out = validate(&[path]);
        // Only the literal secrets of the fixtures are reported, unless members were left out
        // (Pardot in hashicorp/aws has no blocks; Snowflake's private key, without which the
        // fixture has no password): then warnings that say so, and the one error Terraform
        // gives too: hashicorp/aws requires Snowflake's `password` (`terraform validate` with
        // the provider: "The argument "password" is required, but no definition was found").
        let dropped = text.contains("# Members the provider cannot express");
        let provider_requires = |line: &str| {
            dropped
                && line.contains(" error required ")
                && line.contains(
                    "hashicorp/aws aws_appflow_connector_profile requires the argument `password`",
                )
        };
        let lines = finding_lines(&out);
        let refused = lines.iter().any(|l| provider_requires(l));
        assert_eq!(
            refused,
            path.ends_with("aws/Snowflake.tf"),
            "{path}\n{}",
            out.render()
        );
        assert_eq!(out.code, i32::from(refused), "{path}\n{}", out.render());
        for line in lines {
            assert!(
                line.contains(" warning hardcoded-secret ")
                    || (dropped && line.contains(" warning "))
                    || provider_requires(line),
                "{path}: {line}"
            );
        }
        assert!(
            out.stdout.contains("(1 connector profile)"),
            "{connector}: {}",
            out.stdout
        );
    }
    // A finding of the crate inside a connector's block comes back at its Terraform name.
    let (path, text, _) = fixtures
        .iter()
        .find(|(p, _, _)| p.ends_with("aws/SAPOData.tf"))
        .expect("SAPOData");
    let broken = text.replace("port_number", "port_numbr");
    let out = validate_text("sap.tf", broken.as_bytes());
    assert_eq!(out.code, 1, "{path}\n{}", out.render());
    assert!(
        out.stdout.contains("did you mean `port_number`?"),
        "{}",
        out.stdout
    );
}

/// A module as Terraform reads it: files through symbolic links, not hidden files, and not the
/// override files Terraform merges into the resources they name (read alone, an override's
/// partial resource would miss what its original holds: `required` errors Terraform never gives).
#[test]
fn a_module_reads_what_terraform_reads() {
    let dir = tempfile::tempdir().expect("temp dir");
    let profile = r#"resource "aws_appflow_connector_profile" "m" {
  name            = "m"
  connector_type  = "Datadog"
  connection_mode = "Public"
  connector_profile_config {
    connector_profile_credentials {
      datadog {
        api_key         = var.api_key
        application_key = var.api_key
      }
    }
    connector_profile_properties {
      datadog {
        instance_url = "https://api.datadoghq.com"
      }
    }
  }
}
"#;
    let shared = dir.path().join("shared");
    std::fs::create_dir(&shared).expect("dir");
    std::fs::write(
        shared.join("variables.tf"),
        "variable \"api_key\" {\n  type = string\n}\n",
    )
    .expect("written");
    let module = dir.path().join("module");
    std::fs::create_dir(&module).expect("dir");
    std::fs::write(module.join("main.tf"), profile).expect("written");
    std::os::unix::fs::symlink(shared.join("variables.tf"), module.join("variables.tf"))
        .expect("symlink");
    let partial = |name: &str, mode: &str| {
        format!("resource \"aws_appflow_connector_profile\" \"{name}\" {{\n  connection_mode = \"{mode}\"\n}}\n")
    };
    // Override files are merged in the order of their names: `override.tf`'s value wins.
    std::fs::write(module.join("main_override.tf"), partial("m", "Privat")).expect("written");
    std::fs::write(module.join("override.tf"), partial("m", "Public")).expect("written");
    // Overriding nothing (Terraform's error): not a resource, not checked alone.
    std::fs::write(module.join("other_override.tf"), partial("lone", "x")).expect("written");
    std::fs::write(module.join(".hidden.tf"), partial("m", "Hidden!")).expect("written");
    let path = module.to_string_lossy().into_owned();
    let out = run_in(dir.path(), &["validate", &path], b"");
    assert_eq!(out.code, 0, "{}", out.render());
    // The variable read through the link: its secret is fed by a variable without `sensitive`.
    assert!(
        has(&out, "main.tf:8:9:", "secret-parameter"),
        "{}",
        out.render()
    );
    assert_eq!(finding_lines(&out).len(), 2, "{}", out.render());
    assert!(out.stdout.contains("in 5 file(s)"), "{}", out.stdout);
    assert!(
        out.stdout.contains("(1 connector profile)"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains(".hidden"), "{}", out.stdout);
    // Files of one directory spelled two ways are one module; a directory and a file in it are
    // read once.
    let out = run_in(
        dir.path(),
        &["validate", "module/main.tf", "./module/variables.tf"],
        b"",
    );
    assert!(
        has(&out, "main.tf:8:9:", "secret-parameter"),
        "{}",
        out.render()
    );
    let out = run_in(dir.path(), &["validate", "module", "module/main.tf"], b"");
    assert!(out.stdout.contains("in 5 file(s)"), "{}", out.stdout);
    assert_eq!(
        out.stdout.matches("secret-parameter").count(),
        2,
        "{}",
        out.stdout
    );
}

/// A variable's default that a secret attribute reads is a secret wherever else it is read: a
/// finding the default causes in another attribute does not show it.
#[test]
fn a_default_a_secret_reads_is_never_shown() {
    let text = r#"variable "shared" {
  default = "CANARY DEFAULT 7f3a"
}

resource "aws_appflow_connector_profile" "leak" {
  name            = "leak"
  connector_type  = "Datadog"
  connection_mode = "Public"
  connector_profile_config {
    connector_profile_credentials {
      datadog {
        api_key         = var.shared
        application_key = "x"
      }
    }
    connector_profile_properties {
      datadog {
        instance_url = var.shared
      }
    }
  }
}
"#;
    for format in ["text", "json", "sarif", "github"] {
        let out = run_here(
            &["validate", "--kind", "terraform", "--format", format, "-"],
            text.as_bytes(),
        );
        assert!(
            !out.stdout.contains("CANARY") && !out.stderr.contains("CANARY"),
            "{format}: {}",
            out.render()
        );
    }
    // The default is still tried (the warning about it stands), only not shown.
    let out = run_here(&["validate", "--kind", "terraform", "-"], text.as_bytes());
    assert!(
        out.stdout.contains("the default of variable `shared`"),
        "{}",
        out.render()
    );
}

/// A directive on a block's opening line (after its `{`) applies to the block, as one on an
/// attribute's line applies to the attribute; a misspelled code there is told.
#[test]
fn a_directive_on_a_block_s_opening_line_applies_to_the_block() {
    let tf = r#"resource "aws_appflow_connector_profile" "d" { # appflow-profile:ignore hardcoded-secret
  name            = "d"
  connector_type  = "Datadog"
  connection_mode = "Public"
  connector_profile_config {
    connector_profile_credentials {
      datadog { # appflow-profile:ignore unknwn-key
        api_key         = "a"
        application_key = "b"
      }
    }
    connector_profile_properties {
      datadog {
        instance_url = "https://api.datadoghq.com"
      }
    }
  }
}
"#;
    let out = validate_text("sup.tf", tf.as_bytes());
    assert!(out.stdout.contains("2 suppressed"), "{}", out.render());
    assert!(!out.stdout.contains("hardcoded-secret"), "{}", out.render());
    assert!(
        out.stdout.contains("sup.tf:7:") && out.stdout.contains("did you mean `unknown-key`"),
        "{}",
        out.render()
    );
}

/// `dynamic` blocks in JSON syntax, where each block level may be an object or an array of
/// objects and one `dynamic` member may hold several labels: each generated block is checked,
/// none is taken for missing.
#[test]
fn dynamic_blocks_in_json_syntax_in_every_form() {
    let text = r##"{
  "resource": {"aws_appflow_connector_profile": {
    "a": {
      "name": "a", "connector_type": "Datadog", "connection_mode": "Public",
      "connector_profile_config": {
        "dynamic": {"connector_profile_credentials": [{
          "for_each": "${[1]}",
          "content": {"datadog": {"api_key": "${var.k}", "application_key": "${var.k}"}}
        }]},
        "connector_profile_properties": {"datadog": {"instance_url": "https://api.datadoghq.eu"}}
      }
    },
    "b": {
      "name": "b", "connector_type": "Snowflake", "connection_mode": "Public",
      "connector_profile_config": {
        "connector_profile_credentials": {
          "dynamic": [{"snowflake": [{"for_each": "${[1]}", "content": [{"username": "u", "password": "${var.k}", "bogus_arr": 1}]}]}]
        },
        "connector_profile_properties": {"snowflake": {"warehouse": "w", "stage": "s", "bucket_name": "appflow-bucket"}}
      }
    },
    "c": {
      "name": "c", "connector_type": "Snowflake", "connection_mode": "Public",
      "connector_profile_config": {
        "connector_profile_credentials": {
          "dynamic": {"salesforce": {"for_each": "${[]}", "content": {}}, "snowflake": {"for_each": "${[1]}", "content": {"username": "u", "password": "${var.k}", "bogus_two": 1}}}
        },
        "connector_profile_properties": {"snowflake": {"warehouse": "w", "stage": "s", "bucket_name": "appflow-bucket"}}
      }
    }
  }},
  "variable": {"k": {"type": "string", "sensitive": true}}
}
"##;
    let out = validate_text("dynamic.tf.json", text.as_bytes());
    let lines = finding_lines(&out);
    assert_eq!(lines.len(), 2, "{}", out.render());
    assert!(
        has(&out, "dynamic.tf.json:17:115:", "unknown-key"),
        "{}",
        out.render()
    );
    assert!(
        has(&out, "dynamic.tf.json:26:164:", "unknown-key"),
        "{}",
        out.render()
    );
}

/// A plan's findings point into the plan: nested blocks are arrays of one there, and every
/// finding's path resolves in the plan's JSON.
#[test]
fn plan_findings_point_into_the_plan() {
    let path = format!("{DIR}/plan/plan.json");
    let plan: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(&path))
            .expect("readable"),
    )
    .expect("JSON");
    let out = validate(&["--format", "json", &path]);
    let findings: Vec<serde_json::Value> = serde_json::from_str(&out.stdout).expect("JSON output");
    assert!(!findings.is_empty(), "{}", out.render());
    for finding in &findings {
        let pointer = finding["path"].as_str().expect("a path");
        assert!(
            plan.pointer(pointer).is_some(),
            "{pointer} is not in the plan"
        );
    }
}

/// A secret computed from the configuration alone (`sensitive("…")`, a function of literals) is
/// written into it as much as a literal is; one a variable feeds is not, and the value is
/// never shown.
#[test]
fn a_secret_the_configuration_spells_out_is_hardcoded() {
    let profile = |api_key: &str| {
        format!(
            r#"variable "k" {{
  type      = string
  sensitive = true
}}

resource "aws_appflow_connector_profile" "d" {{
  name            = "d"
  connector_type  = "Datadog"
  connection_mode = "Public"
  connector_profile_config {{
    connector_profile_credentials {{
      datadog {{
        api_key         = {api_key}
        application_key = var.k
      }}
    }}
    connector_profile_properties {{
      datadog {{
        instance_url = "https://api.datadoghq.com"
      }}
    }}
  }}
}}
"#
        )
    };
    for spelled in [
        r#"sensitive("CANARY0key")"#,
        r#"base64decode("Q0FOQVJZMGtleQ==")"#,
    ] {
        let out = validate_text("d.tf", profile(spelled).as_bytes());
        assert!(
            has(&out, "d.tf:13:9:", "hardcoded-secret"),
            "{spelled}: {}",
            out.render()
        );
        assert!(
            !out.stdout.contains("CANARY") && !out.stdout.contains("Q0FO"),
            "{}",
            out.render()
        );
    }
    let out = validate_text("d.tf", profile("sensitive(var.k)").as_bytes());
    assert!(finding_lines(&out).is_empty(), "{}", out.render());
}

/// The members a finding names are written in its provider's names, from the members the
/// generated crate records for each finding (`validation::Finding::mentions`), never by reading
/// its message: hashicorp/aws's (`oauth2_grant_type`, the connector block `snowflake`),
/// hashicorp/awscc's (`connector_label`, digits as words: `oauth_2`), for a rule naming two
/// members, the members a container has set, a missing required member, an unknown attribute's
/// suggestion and a constraint. What is not a member keeps its text: values (`CustomConnector`,
/// `Salesforce`), a variable spelled like a member (`connectorLabel`), prose.
#[test]
fn findings_name_members_in_each_provider_s_names() {
    let out = validate(&[&format!("{DIR}/checks/member-names.tf")]);
    assert_eq!(out.code, 1, "{}", out.render());
    let aws = "/resource/aws_appflow_connector_profile";
    let awscc = "/resource/awscc_appflow_connector_profile";
    let expected = [
        // A variable's name is quoted as it is, though a member is spelled alike.
        format!(":24:3: warning enum {aws}/custom/connection_mode: `Hidden` is not one of Public, Private (when `var.connectorLabel` is resolved to `Hidden`, the default of variable `connectorLabel`)"),
        // A missing required member.
        format!(":29:9: error required {aws}/custom/connector_profile_config/connector_profile_properties/custom_connector/oauth2_properties: missing required member `oauth2_grant_type`"),
        // A rule naming two members (a dotted path, step by step), and a container's members.
        format!(":48:3: error connector-type-matches-config-variants {aws}/grant/connector_type: The credentials and properties in the profile must be for the connector named by connector_type: connector_type is `Salesforce`; connector_profile_config.connector_profile_properties has `snowflake`"),
        format!(":53:5: error profile-config-single-connector {aws}/grant/connector_profile_config/connector_profile_credentials: A connector profile can carry credentials and properties for one connector only: connector_profile_credentials has `salesforce`; connector_profile_properties has `snowflake`"),
        format!(":54:7: error salesforce-jwt-bearer-needs-jwt-token {aws}/grant/connector_profile_config/connector_profile_credentials/salesforce/jwt_token: A Salesforce profile whose OAuth2 grant type is JWT_BEARER must carry a JWT token: oauth2_grant_type is `JWT_BEARER`; jwt_token is not set"),
        // An unknown attribute's suggestion.
        format!(":55:9: error unknown-key {aws}/grant/connector_profile_config/connector_profile_credentials/salesforce/oauth2_grant_typ: unknown attribute `oauth2_grant_typ`; did you mean `oauth2_grant_type`?"),
        // A constraint: the pointer in Terraform's names, the message as the crate wrote it.
        format!(":62:9: error length {aws}/grant/connector_profile_config/connector_profile_properties/snowflake/bucket_name: must be at least 3 characters long; it has 1"),
        // A rule's message naming a member beside a value spelled like one (`CustomConnector`).
        format!(":69:10: error connector-label-required-for-custom-connector {awscc}/custom/connector_label: A CustomConnector profile must name the registered connector in connector_label: connector_type is `CustomConnector`; connector_label is not set"),
        format!(":82:7: error custom-connector-oauth2-auth-needs-oauth2-block {awscc}/custom/connector_profile_config/connector_profile_credentials/custom_connector/oauth_2: A custom connector profile with authentication type OAUTH2 must carry the OAuth 2.0 credentials: authentication_type is `OAUTH2`"),
        format!(":91:3: error connector-type-matches-config-variants {awscc}/label/connector_type: The credentials and properties in the profile must be for the connector named by connector_type: connector_type is `Salesforce`; connector_profile_config.connector_profile_properties has `snowflake`"),
        format!(":91:3: warning connector-label-only-for-custom-connector {awscc}/label/connector_type: connector_label is only used with CustomConnector profiles; it has no effect here: connector_label is `Label`; connector_type is `Salesforce`"),
        format!(":95:5: error profile-config-single-connector {awscc}/label/connector_profile_config/connector_profile_credentials: A connector profile can carry credentials and properties for one connector only: connector_profile_credentials has `salesforce`; connector_profile_properties has `snowflake`"),
        format!(":97:9: error unknown-key {awscc}/label/connector_profile_config/connector_profile_credentials/salesforce/access_toke: unknown attribute `access_toke`; did you mean `access_token`?"),
        format!(":104:9: error length {awscc}/label/connector_profile_config/connector_profile_properties/snowflake/bucket_name: must be at least 3 characters long; it has 1"),
    ];
    let lines = finding_lines(&out);
    for line in &expected {
        assert!(
            lines.iter().any(|l| l.contains(line.as_str())),
            "missing: {line}\n{}",
            out.render()
        );
    }
    // No schema name of a member the message names is left (the CloudFormation and API names
    // of the members above).
    for schema_name in [
        "oAuth2GrantType",
        "OAuth2GrantType",
        "jwtToken",
        "connectorType",
        "ConnectorType",
        "ConnectorLabel",
        "connectorLabel is",
        "in connectorLabel",
        "connectorProfileProperties",
        "ConnectorProfileProperties",
        "`Snowflake`",
        "AuthenticationType",
        "Oauth2",
    ] {
        assert!(
            !lines.iter().any(|l| l.contains(schema_name)),
            "{schema_name} is left in\n{}",
            out.render()
        );
    }
    // The same names in every output format.
    let json = validate(&[&format!("{DIR}/checks/member-names.tf"), "--format", "json"]);
    assert!(json.stdout.contains("named by connector_type: connector_type is `Salesforce`; connector_profile_config.connector_profile_properties has `snowflake`"), "{}", json.stdout);
}
