//! CI integration: `--format sarif` (valid against the official SARIF 2.1.0 schema) and
//! `--format github`, `--fail-on`, suppressions (`--ignore`, our and cfn-lint's `Metadata`, the
//! config file found upward), the action and the pre-commit hook definitions.

use std::collections::BTreeSet;
use std::path::Path;

use yaml_rust2::{Yaml, YamlLoader};

mod common;

use common::{run_here, run_in, Outcome};

fn run(args: &[&str]) -> Outcome {
    run_here(args, b"")
}

fn fixture(name: &str) -> String {
    format!("tests/fixtures/{name}")
}

/// The SARIF log with the tool's version replaced, so a version bump does not touch snapshots.
fn sarif(args: &[&str]) -> (Outcome, serde_json::Value) {
    let mut all = vec!["validate", "--format", "sarif"];
    all.extend_from_slice(args);
    let outcome = run(&all);
    let mut log: serde_json::Value = serde_json::from_str(&outcome.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", outcome.render()));
    assert_eq!(
        log["runs"][0]["tool"]["driver"]["version"],
        env!("CARGO_PKG_VERSION")
    );
    log["runs"][0]["tool"]["driver"]["version"] = "VERSION".into();
    (outcome, log)
}

fn pretty(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(value).expect("JSON")
}

fn sarif_schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas/sarif-schema-2.1.0.json"),
    )
    .expect("the vendored schema");
    let schema: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles")
}

fn assert_valid_sarif(log: &serde_json::Value) {
    let errors: Vec<String> = sarif_schema()
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "not valid SARIF 2.1.0:\n{}",
        errors.join("\n")
    );
}

// SARIF.

#[test]
fn sarif_of_a_cdk_template_with_suppressions() {
    let (outcome, log) = sarif(&[&fixture("cdk-synth.json")]);
    assert_eq!(outcome.code, 1, "{}", outcome.render());
    assert_valid_sarif(&log);
    // The rules are the same for every run: snapshot them once, the results per test.
    insta::assert_snapshot!(pretty(&log["runs"][0]["results"]));
}

#[test]
fn sarif_rules_describe_every_code() {
    let (_, log) = sarif(&[&fixture("sam-template.yaml")]);
    assert_valid_sarif(&log);
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    let ids: Vec<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
    for code in appflow_profile_cli::codes::validate_codes() {
        assert!(
            ids.contains(&code.code.as_str()),
            "{} has no SARIF rule",
            code.code
        );
    }
    for rule in appflow_connector_profile::rules::RULES {
        let sarif_rule = rules
            .iter()
            .find(|r| r["id"] == rule.id.as_str())
            .expect("each per-connector rule");
        assert_eq!(sarif_rule["shortDescription"]["text"], rule.message);
    }
    // Results point at their rule.
    for result in log["runs"][0]["results"].as_array().expect("results") {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
    assert_eq!(log["runs"][0]["columnKind"], "unicodeCodePoints");
    insta::assert_snapshot!(pretty(&log));
}

#[test]
fn sarif_of_several_files_and_an_unparseable_one() {
    let (outcome, log) = sarif(&[
        &fixture("template-invalid.yaml"),
        &fixture("unparseable.yaml"),
        &fixture("create-request-invalid.json"),
    ]);
    assert_eq!(outcome.code, 2, "{}", outcome.render());
    assert_valid_sarif(&log);
    let run = &log["runs"][0];
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
    insta::assert_snapshot!(pretty(&serde_json::json!([
        run["results"],
        run["invocations"]
    ])));
}

#[test]
fn sarif_validation_can_fail() {
    // The schema check is not vacuous: a log missing a required part is refused.
    let (_, mut log) = sarif(&[&fixture("cdk-synth.json")]);
    assert_valid_sarif(&log);
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    log["version"] = "2.0.0".into();
    assert!(sarif_schema().iter_errors(&log).count() >= 2);
}

#[test]
fn sarif_columns_count_code_points_and_paths_are_relative() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sub = dir.path().join("infra dir");
    std::fs::create_dir(&sub).expect("dir");
    // `é` is two bytes: the finding (at the key `ConnectionMode`) is at column 43 in code
    // points, 44 in bytes.
    std::fs::write(
        sub.join("t.yaml"),
        "Resources:\n  P:\n    Type: AWS::AppFlow::ConnectorProfile\n    Properties: {ConnectorProfileName: é, ConnectionMode: Bogus, ConnectorType: Slack}\n",
    )
    .expect("write");
    let absolute = sub.join("t.yaml").to_string_lossy().into_owned();
    for file in ["infra dir/t.yaml", absolute.as_str()] {
        let outcome = run_in(dir.path(), &["validate", "--format", "sarif", file], b"");
        let log: serde_json::Value = serde_json::from_str(&outcome.stdout).expect("JSON");
        let result = log["runs"][0]["results"]
            .as_array()
            .expect("results")
            .iter()
            .find(|r| r["ruleId"] == "enum")
            .expect("the enum finding")
            .clone();
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(
            location["artifactLocation"]["uri"], "infra%20dir/t.yaml",
            "{file}"
        );
        assert_eq!(location["region"]["startLine"], 4);
        assert_eq!(location["region"]["startColumn"], 43);
    }
}

// GitHub workflow commands.

#[test]
fn github_format_of_a_sam_template_and_an_invalid_one() {
    let outcome = run(&[
        "validate",
        "--format",
        "github",
        &fixture("sam-template.yaml"),
        &fixture("template-invalid.yaml"),
        &fixture("unparseable.json"),
    ]);
    insta::assert_snapshot!(outcome.render());
}

#[test]
fn github_format_escapes_properties_and_data() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A file name with `,` and `:` (which end a property) and `%`.
    let name = "a,b:c%.json";
    std::fs::write(
        dir.path().join(name),
        r#"{"ConnectorProfileName": "p", "ConnectorType": "Slack", "ConnectionMode": "Public 100%"}"#,
    )
    .expect("write");
    let outcome = run_in(dir.path(), &["validate", "--format", "github", name], b"");
    assert_eq!(outcome.code, 1, "{}", outcome.render());
    let line = outcome
        .stdout
        .lines()
        .find(|l| l.starts_with("::error") && l.contains("title=enum"))
        .unwrap_or_else(|| panic!("{}", outcome.render()));
    assert!(
        line.starts_with("::error file=a%2Cb%3Ac%25.json,line=1,col="),
        "{line}"
    );
    assert!(line.contains("`Public 100%25`"), "{line}");
}

// --fail-on and exit statuses.

#[test]
fn fail_on_sets_the_exit_status() {
    let sam = fixture("sam-template.yaml"); // one warning, no error
    let invalid = fixture("template-invalid.yaml"); // errors
    let status = |args: &[&str]| run(args).code;
    assert_eq!(status(&["validate", &sam]), 0);
    assert_eq!(status(&["validate", "--fail-on", "error", &sam]), 0);
    assert_eq!(status(&["validate", "--fail-on", "warning", &sam]), 1);
    assert_eq!(status(&["validate", "--fail-on", "none", &invalid]), 0);
    assert_eq!(status(&["validate", "--fail-on", "error", &invalid]), 1);
    // Unusable input is 2 whatever --fail-on says.
    assert_eq!(
        status(&[
            "validate",
            "--fail-on",
            "none",
            &fixture("unparseable.json")
        ]),
        2
    );
    assert_eq!(status(&["validate", "--fail-on", "sometimes", &sam]), 2);
}

#[test]
fn help_documents_formats_fail_on_and_exit_statuses() {
    let help = run(&["validate", "--help"]);
    assert_eq!(help.code, 0);
    for format in ["text", "json", "sarif", "github"] {
        assert!(
            help.stdout.contains(&format!("\n  {format} ")),
            "format {format} undocumented:\n{}",
            help.stdout
        );
    }
    for needle in [
        "Exit status:",
        "  0  no finding at the --fail-on level",
        "  1  a finding at the --fail-on level",
        "  2  usage error",
        "--fail-on <LEVEL>",
        "--ignore <CODE>",
        ".appflow-profile.toml",
        "ignore_checks",
        "columnKind unicodeCodePoints",
        "      pattern                        E3031",
    ] {
        assert!(
            help.stdout.contains(needle),
            "{needle} missing:\n{}",
            help.stdout
        );
    }
    // Every code `validate` can report is listed, from the code table (the rules included), and
    // nothing points to a file of the repository an installed command lacks.
    for code in appflow_profile_cli::codes::validate_codes() {
        let line = format!("\n  {} ", code.code.as_str());
        assert!(
            help.stdout.contains(&line),
            "{line:?} missing:\n{}",
            help.stdout
        );
    }
    assert!(!help.stdout.contains("schemas/"), "{}", help.stdout);
}

#[test]
fn every_subcommand_states_the_exit_statuses() {
    for subcommand in ["validate", "plan", "import", "iam-policy"] {
        let help = run(&[subcommand, "--help"]);
        assert_eq!(help.code, 0);
        let statuses = help
            .stdout
            .split_once("Exit status:\n")
            .unwrap_or_else(|| panic!("{subcommand}: no exit statuses:\n{}", help.stdout))
            .1;
        assert!(statuses.contains("  0  "), "{subcommand}: {statuses}");
        assert!(
            statuses.contains("  2  usage error"),
            "{subcommand}: {statuses}"
        );
    }
}

#[test]
fn a_file_that_could_not_be_read_is_not_summed_up_as_fine() {
    let outcome = run(&["validate", "tests/fixtures/missing.yaml"]);
    assert_eq!(outcome.code, 2);
    assert!(
        outcome.stderr.contains("no such file"),
        "{}",
        outcome.stderr
    );
    assert!(
        outcome.stdout.contains("1 file(s) not checked"),
        "{}",
        outcome.stdout
    );
}

#[test]
fn import_and_validate_agree_on_unparseable_input() {
    for file in [
        "tests/fixtures/unparseable.yaml",
        "tests/fixtures/unparseable.json",
    ] {
        assert_eq!(run(&["validate", file]).code, 2, "{file}");
        let import = run(&["import", file]);
        assert_eq!(import.code, 2, "{file}: {}", import.render());
    }
}

// Suppressions.

/// The codes reported for `file` with `extra` arguments.
fn codes(file: &str, extra: &[&str]) -> BTreeSet<String> {
    let mut args = vec!["validate", "--format", "json", file];
    args.extend_from_slice(extra);
    let outcome = run(&args);
    let items: Vec<serde_json::Value> = serde_json::from_str(&outcome.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", outcome.render()));
    items
        .iter()
        .map(|i| {
            format!(
                "{} {}",
                i["resource"].as_str().unwrap_or("-"),
                i["code"].as_str().unwrap_or("")
            )
        })
        .collect()
}

#[test]
fn ignore_leaves_out_a_code_everywhere() {
    let file = fixture("template-invalid.yaml");
    let all = codes(&file, &[]);
    assert!(all.contains("WrongShapes required"), "{all:?}");
    let fewer = codes(&file, &["--ignore", "required", "--ignore", "enum"]);
    assert!(
        fewer
            .iter()
            .all(|c| !c.ends_with(" required") && !c.ends_with(" enum")),
        "{fewer:?}"
    );
    assert!(fewer.contains("DatadogProfile unknown-key"), "{fewer:?}");
    let text = run(&["validate", &file, "--ignore", "required"]).stdout;
    assert!(
        text.ends_with("8 error(s), 5 warning(s), 3 suppressed in 1 file(s)\n"),
        "{text}"
    );
}

#[test]
fn ignore_of_an_unknown_code_is_a_usage_error() {
    let outcome = run(&[
        "validate",
        "--ignore",
        "requird",
        &fixture("sam-template.yaml"),
    ]);
    insta::assert_snapshot!(outcome.render());
}

/// `template` with its resources' and its own `Metadata` replaced.
fn with_metadata(resource: &str, metadata: &str, top: &str) -> String {
    let base = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/template-invalid.yaml"),
    )
    .expect("fixture");
    let marker = format!("  {resource}:\n    Type: AWS::AppFlow::ConnectorProfile\n");
    assert!(base.contains(&marker), "{resource} in the fixture");
    let replaced = base.replacen(&marker, &format!("{marker}    Metadata:\n{metadata}"), 1);
    format!("{top}{replaced}")
}

fn codes_of_text(text: &str) -> BTreeSet<String> {
    let outcome = run_here(&["validate", "--format", "json", "-"], text.as_bytes());
    let items: Vec<serde_json::Value> = serde_json::from_str(&outcome.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", outcome.render()));
    items
        .iter()
        .map(|i| {
            format!(
                "{} {}",
                i["resource"].as_str().unwrap_or("-"),
                i["code"].as_str().unwrap_or("")
            )
        })
        .collect()
}

#[test]
fn resource_metadata_suppresses_on_that_resource_only() {
    let before = codes_of_text(&with_metadata("WrongShapes", "      x: 1\n", ""));
    assert!(before.contains("WrongShapes required") && before.contains("WrongShapes type"));
    assert!(before.contains("MissingProperties required"));
    let after = codes_of_text(&with_metadata(
        "WrongShapes",
        "      appflow-profile:\n        ignore: [required, type]\n",
        "",
    ));
    assert!(
        !after.contains("WrongShapes required") && !after.contains("WrongShapes type"),
        "{after:?}"
    );
    assert!(after.contains("WrongShapes enum"), "{after:?}");
    assert!(
        after.contains("MissingProperties required"),
        "other resources keep theirs: {after:?}"
    );
}

#[test]
fn cfn_lint_metadata_on_a_resource_matches_ids_exactly() {
    let exact = codes_of_text(&with_metadata(
        "WrongShapes",
        "      cfn-lint:\n        config:\n          ignore_checks: [E3003, E3012]\n",
        "",
    ));
    assert!(
        !exact.contains("WrongShapes required") && !exact.contains("WrongShapes type"),
        "{exact:?}"
    );
    assert!(exact.contains("WrongShapes enum"), "{exact:?}");
    // On a resource cfn-lint compares whole ids: a prefix suppresses nothing.
    let prefix = codes_of_text(&with_metadata(
        "WrongShapes",
        "      cfn-lint:\n        config:\n          ignore_checks: [E30]\n",
        "",
    ));
    assert!(
        prefix.contains("WrongShapes required") && prefix.contains("WrongShapes enum"),
        "{prefix:?}"
    );
}

#[test]
fn cfn_lint_metadata_at_the_top_is_a_prefix_for_the_whole_template() {
    let text = with_metadata(
        "WrongShapes",
        "      x: 1\n",
        "Metadata:\n  cfn-lint:\n    config:\n      ignore_checks: [E303]\n",
    );
    let found = codes_of_text(&text);
    // E3030 (enum), E3031 (pattern), E3033 (length) gone everywhere; E3002, E3003, E3012 stay.
    for gone in [
        "WrongShapes enum",
        "BranchProfile enum",
        "DatadogProfile pattern",
        "BranchProfile length",
    ] {
        assert!(!found.contains(gone), "{gone}: {found:?}");
    }
    for kept in [
        "WrongShapes required",
        "WrongShapes type",
        "DatadogProfile unknown-key",
    ] {
        assert!(found.contains(kept), "{kept}: {found:?}");
    }
}

#[test]
fn appflow_profile_metadata_at_the_top_applies_to_every_resource() {
    let text = with_metadata(
        "WrongShapes",
        "      x: 1\n",
        "Metadata:\n  appflow-profile:\n    ignore: [required]\n",
    );
    let found = codes_of_text(&text);
    assert!(found.iter().all(|c| !c.ends_with(" required")), "{found:?}");
}

#[test]
fn bad_suppression_metadata_is_reported_where_it_is() {
    let text = with_metadata(
        "WrongShapes",
        "      appflow-profile:\n        ignore: [requird, {a: b}]\n        except: [enum]\n",
        "",
    );
    let outcome = run_here(&["validate", "-"], text.as_bytes());
    let lines: Vec<&str> = outcome
        .stdout
        .lines()
        .filter(|l| l.contains(" suppression "))
        .collect();
    insta::assert_snapshot!(lines.join("\n"));
    let not_a_map = with_metadata("WrongShapes", "      appflow-profile: [required]\n", "");
    let outcome = run_here(&["validate", "-"], not_a_map.as_bytes());
    assert!(
        outcome.stdout.contains("<stdin>:47:24: error suppression /Resources/WrongShapes/Metadata/appflow-profile: must be a mapping"),
        "{}",
        outcome.render()
    );
}

#[test]
fn cdk_and_sam_suppressions() {
    // The CDK template suppresses E3031 through cfn-lint on one profile and a rule through ours
    // on another; without the metadata both findings are back.
    let cdk = fixture("cdk-synth.json");
    let with = run(&["validate", &cdk]);
    insta::assert_snapshot!(with.render());
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(&cdk))
        .expect("fixture")
        .replace("\"cfn-lint\"", "\"not-cfn-lint\"")
        .replace("\"appflow-profile\"", "\"not-appflow-profile\"");
    let without = codes_of_text(&text);
    assert!(
        without.contains("SalesforceProfile7A3C1B2D pattern"),
        "{without:?}"
    );
    assert!(
        without.contains("ZendeskProfile5F2E9A41 connector-label-only-for-custom-connector"),
        "{without:?}"
    );
    let sam = run(&["validate", &fixture("sam-template.yaml")]);
    insta::assert_snapshot!(sam.render());
}

// The config file.

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("infra/stacks")).expect("dirs");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sam-template.yaml"),
        dir.path().join("infra/stacks/sam.yaml"),
    )
    .expect("copy");
    dir
}

#[test]
fn config_file_found_upward_from_the_working_directory() {
    let dir = project();
    let stacks = dir.path().join("infra/stacks");
    let plain = run_in(&stacks, &["validate", "sam.yaml"], b"");
    assert_eq!(plain.code, 0, "{}", plain.render());
    // At the project's top: applies from two directories down.
    std::fs::write(
        dir.path().join(".appflow-profile.toml"),
        "fail-on = \"warning\"\nformat = \"github\"\n",
    )
    .expect("write");
    let strict = run_in(&stacks, &["validate", "sam.yaml"], b"");
    assert_eq!(strict.code, 1, "{}", strict.render());
    assert!(
        strict.stdout.starts_with("::warning file=sam.yaml,"),
        "{}",
        strict.render()
    );
    // The nearest wins.
    std::fs::write(
        dir.path().join("infra/.appflow-profile.toml"),
        "ignore = [\"connector-label-only-for-custom-connector\"]\n",
    )
    .expect("write");
    let nearest = run_in(&stacks, &["validate", "sam.yaml"], b"");
    assert_eq!(nearest.code, 0, "{}", nearest.render());
    assert!(
        nearest
            .stdout
            .ends_with("0 error(s), 0 warning(s), 3 suppressed in 1 file(s)\n"),
        "{}",
        nearest.render()
    );
    // The command line wins over the file; --config names another one.
    let flags = run_in(
        &stacks,
        &[
            "validate",
            "--config",
            "../../.appflow-profile.toml",
            "--format",
            "text",
            "--fail-on",
            "error",
            "sam.yaml",
        ],
        b"",
    );
    assert_eq!(flags.code, 0, "{}", flags.render());
    assert!(
        flags
            .stdout
            .contains("warning connector-label-only-for-custom-connector"),
        "{}",
        flags.render()
    );
}

#[test]
fn a_bad_config_file_is_a_located_error() {
    let dir = project();
    let stacks = dir.path().join("infra/stacks");
    let mut seen = Vec::new();
    for text in [
        "fail-on = \"warning\"\nignore = [\"required\", \"unkown-key\"]\n",
        "failon = \"warning\"\n",
        "format = \"xml\"\n",
        "fail-on = [\n",
    ] {
        std::fs::write(dir.path().join(".appflow-profile.toml"), text).expect("write");
        let outcome = run_in(&stacks, &["validate", "sam.yaml"], b"");
        assert_eq!(outcome.code, 2, "{}", outcome.render());
        assert!(outcome.stdout.is_empty());
        // The absolute temporary path is not stable; the file name and the rest are.
        let stderr = outcome
            .stderr
            .replace(&dir.path().to_string_lossy().into_owned(), "DIR");
        seen.push(stderr);
    }
    let missing = run_in(
        &stacks,
        &["validate", "--config", "nope.toml", "sam.yaml"],
        b"",
    );
    assert_eq!(missing.code, 2);
    seen.push(missing.stderr);
    insta::assert_snapshot!(seen.join(""));
}

// Every code the fixtures produce is described.

#[test]
fn every_reported_code_is_in_the_code_table() {
    let mut files = Vec::new();
    for dir in [
        "tests/fixtures",
        "../tests/fixtures/rules",
        "../tests/fixtures/connectors",
    ] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        let Ok(entries) = std::fs::read_dir(&path) else {
            continue;
        };
        for entry in entries {
            let entry = entry.expect("entry");
            if entry.path().is_file() {
                files.push(entry.path().to_string_lossy().into_owned());
            }
        }
    }
    files.sort();
    assert!(files.len() > 30, "{files:?}");
    let mut seen = BTreeSet::new();
    for file in &files {
        let outcome = run(&["validate", "--format", "json", file]);
        if let Ok(items) = serde_json::from_str::<Vec<serde_json::Value>>(&outcome.stdout) {
            for item in items {
                seen.insert(item["code"].as_str().unwrap_or_default().to_owned());
            }
        }
    }
    assert!(seen.len() > 10, "{seen:?}");
    for code in &seen {
        assert!(
            appflow_profile_cli::codes::AnyCode::parse(code)
                .and_then(appflow_profile_cli::codes::describe)
                .is_some(),
            "code `{code}` is reported but not in cli/src/codes.rs"
        );
    }
}

// The action and the pre-commit hook.

fn yaml(path: &str) -> Yaml {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut docs = YamlLoader::load_from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert_eq!(docs.len(), 1, "{path}: one document");
    docs.remove(0)
}

#[test]
fn action_is_a_composite_that_uploads_sarif() {
    let action = yaml("action.yml");
    for key in ["name", "description"] {
        assert!(action[key].as_str().is_some_and(|s| !s.is_empty()), "{key}");
    }
    assert!(action["inputs"]["files"]["required"].as_bool() == Some(true));
    for (name, input) in action["inputs"].as_hash().expect("inputs") {
        assert!(
            input["description"].as_str().is_some(),
            "input {name:?} undocumented"
        );
    }
    let runs = &action["runs"];
    assert_eq!(runs["using"].as_str(), Some("composite"));
    let steps = runs["steps"].as_vec().expect("steps");
    let script: String = steps
        .iter()
        .filter_map(|s| s["run"].as_str())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(script.contains("cargo install --locked --quiet --path \"$ACTION_PATH/cli\""));
    assert!(script.contains("--format sarif"));
    for step in steps.iter().filter(|s| s["run"].as_str().is_some()) {
        // Composite run steps must name their shell; inputs reach scripts through env only.
        assert_eq!(step["shell"].as_str(), Some("bash"), "{step:?}");
        assert!(
            !step["run"].as_str().unwrap_or("").contains("${{"),
            "{step:?}"
        );
    }
    let upload = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif@"))
        })
        .expect("an upload-sarif step");
    assert!(upload["with"]["sarif_file"].as_str().is_some());
    // Every flag the action passes exists.
    let help = run(&["validate", "--help"]).stdout;
    for flag in ["--format", "--fail-on", "--ignore", "--config"] {
        assert!(script.contains(flag) && help.contains(flag), "{flag}");
    }
}

#[test]
fn pre_commit_hook_runs_validate_on_templates() {
    let hooks = yaml(".pre-commit-hooks.yaml");
    let hooks = hooks.as_vec().expect("a list of hooks");
    assert_eq!(hooks.len(), 1);
    let hook = &hooks[0];
    for key in ["id", "name", "entry", "language"] {
        assert!(hook[key].as_str().is_some(), "{key}");
    }
    assert_eq!(hook["entry"].as_str(), Some("appflow-profile validate"));
    assert_eq!(hook["language"].as_str(), Some("system"));
    let files = hook["files"].as_str().expect("files");
    // The names the README promises.
    for name in [
        "template.yaml",
        "infra/app-stack.json",
        "cfn/bucket.template",
        "x/my-template.yml",
        "main.tf",
        "infra/profiles.tf.json",
    ] {
        assert!(matches_hook(files, name), "{name} should match {files}");
    }
    for name in [
        "package.json",
        "docker-compose.yml",
        "terraform.tfvars",
        "x.tf.bak",
    ] {
        assert!(
            !matches_hook(files, name),
            "{name} should not match {files}"
        );
    }
}

/// pre-commit applies `files` with Python's `re.search`; this pattern means the same in the
/// regex crate (no look-around or Python-only syntax).
fn matches_hook(pattern: &str, path: &str) -> bool {
    regex::Regex::new(pattern)
        .expect("the pattern compiles")
        .is_match(path)
}

// Per-code severity.

#[test]
fn a_code_can_be_raised_to_an_error_or_lowered_to_a_warning() {
    const FILE: &str = "misspelled-open-key.yaml";
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        Path::new("tests/fixtures").join(FILE),
        dir.path().join(FILE),
    )
    .unwrap();
    // An unknown key of an open object is a warning: CI passes at the default --fail-on error.
    let plain = run_in(dir.path(), &["validate", FILE], b"");
    assert_eq!(plain.code, 0, "{}", plain.render());
    assert!(
        plain.stdout.contains("warning unknown-key"),
        "{}",
        plain.stdout
    );
    // Raised in the config file, as clippy's lint levels or ESLint's severities.
    std::fs::write(
        dir.path().join(".appflow-profile.toml"),
        "[severity]\nunknown-key = \"error\"\n",
    )
    .unwrap();
    let raised = run_in(dir.path(), &["validate", FILE], b"");
    assert_eq!(raised.code, 1, "{}", raised.render());
    assert!(
        raised.stdout.contains("error unknown-key"),
        "{}",
        raised.stdout
    );
    // The command line wins over the file; `off` leaves the code out.
    let lowered = run_in(
        dir.path(),
        &["validate", FILE, "--severity", "unknown-key=warning"],
        b"",
    );
    assert_eq!(lowered.code, 0, "{}", lowered.render());
    let off = run_in(
        dir.path(),
        &["validate", FILE, "--severity", "unknown-key=off"],
        b"",
    );
    assert!(!off.stdout.contains("unknown-key"), "{}", off.stdout);
    assert!(off.stdout.contains("1 suppressed"), "{}", off.stdout);
    // A rule lowered to a warning no longer fails.
    let rule = "tests/fixtures/template-invalid.yaml";
    let errors = run(&["validate", "--format", "json", rule]);
    let items: Vec<serde_json::Value> = serde_json::from_str(&errors.stdout).unwrap();
    let codes: BTreeSet<&str> = items
        .iter()
        .filter(|i| i["severity"] == "error")
        .map(|i| i["code"].as_str().unwrap())
        .collect();
    let mut args = vec!["validate".to_owned(), rule.to_owned()];
    for code in &codes {
        args.push("--severity".to_owned());
        args.push(format!("{code}=warning"));
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let lowered = run(&args);
    assert_eq!(lowered.code, 0, "{}", lowered.render());
    let summary = lowered.stdout.lines().last().unwrap_or_default();
    assert!(summary.starts_with("0 error(s)"), "{}", lowered.stdout);
    // Bad levels and codes are usage errors with a suggestion.
    let bad = run(&["validate", rule, "--severity", "unkown-key=error"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("did you mean `unknown-key`"),
        "{}",
        bad.stderr
    );
    assert_eq!(
        run(&["validate", rule, "--severity", "unknown-key=deny"]).code,
        2
    );
    assert_eq!(
        run(&["validate", rule, "--severity", "unknown-key"]).code,
        2
    );
}
