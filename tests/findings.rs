//! Every finding on every fixture, pinned: each JSON fixture read as each of the document roots
//! users validate (`from_json_str`), and each fixture of any kind through the CLI's `validate`.
//! A change of the validation engine must leave these snapshots as they are, finding for finding
//! (pointer, code, severity, message); an intended change shows up here as a reviewed diff.

use std::fmt::Write as _;
use std::path::Path;

use appflow_connector_profile::validation::Code;
use appflow_connector_profile::{api, cfn, Finding, FromJson};
use appflow_tests::harness::run_cli;
use appflow_tests::root;
use serde_json::Value;

/// At most this many findings are written out per document; beyond it, the count and a hash of all
/// of them stand for the rest (a few hostile fixtures have tens of thousands).
const SHOWN: usize = 40;

/// FNV-1a: a stable hash with no dependency, enough to notice any change in a long list.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Findings in a stable order (sorted: the engine's order of discovery is not part of the
/// contract), cut to [`SHOWN`] lines with the count and hash of all.
fn summarize(lines: Vec<String>, out: &mut String) {
    let mut lines = lines;
    lines.sort();
    if lines.len() > SHOWN {
        let all = lines.join("\n");
        let _ = writeln!(
            out,
            "  {} findings, fnv1a {:016x}; the first {SHOWN}:",
            lines.len(),
            fnv1a(&all)
        );
        lines.truncate(SHOWN);
    }
    for line in lines {
        let _ = writeln!(out, "  {line}");
    }
}

fn library_findings<T: FromJson>(text: &str) -> Vec<String> {
    let findings: Vec<Finding> = match T::from_json_str(text) {
        Ok(validated) => validated.warnings,
        Err(errors) => errors.into_findings(),
    };
    findings.iter().map(|f| f.to_string()).collect()
}

fn fixture_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("json" | "yaml" | "yml")
            ) {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn snapshot_of(dir: &str) -> String {
    let base = root().join(dir);
    let mut out = String::new();
    for path in fixture_files(&base) {
        let name = path.strip_prefix(&base).unwrap().display().to_string();
        let bytes = std::fs::read(&path).unwrap();
        if path.extension().and_then(|e| e.to_str()) == Some("json") {
            if let Ok(text) = std::str::from_utf8(&bytes) {
                for (root_type, lines) in [
                    (
                        "cfn::ConnectorProfile",
                        library_findings::<cfn::ConnectorProfile>(text),
                    ),
                    (
                        "api::CreateConnectorProfileRequest",
                        library_findings::<api::CreateConnectorProfileRequest>(text),
                    ),
                    (
                        "api::UpdateConnectorProfileRequest",
                        library_findings::<api::UpdateConnectorProfileRequest>(text),
                    ),
                    (
                        "api::DescribeConnectorProfilesResponse",
                        library_findings::<api::DescribeConnectorProfilesResponse>(text),
                    ),
                ] {
                    let _ = writeln!(out, "{name} as {root_type}:");
                    summarize(lines, &mut out);
                }
            }
        }
        let (status, stdout, _) = run_cli(&["--kind", "auto"], &bytes);
        let _ = writeln!(out, "{name} through the CLI (status {status}):");
        summarize(stdout.lines().map(str::to_owned).collect(), &mut out);
    }
    out
}

#[test]
fn findings_of_the_library_fixtures() {
    for dir in ["connectors", "documented", "rules", "describe", "hostile"] {
        let snapshot = snapshot_of(&format!("tests/fixtures/{dir}"));
        insta::assert_snapshot!(format!("library_{dir}"), snapshot);
    }
}

/// Replaces a leaf (string, number, boolean), or keeps it (`None`).
type Leaf<'a> = &'a dyn Fn(&Value) -> Option<Value>;

/// `value` with every string, number and boolean replaced through `leaf`.
fn map_leaves(value: &Value, leaf: Leaf<'_>) -> Value {
    match value {
        Value::Array(items) => Value::Array(items.iter().map(|v| map_leaves(v, leaf)).collect()),
        Value::Object(members) => Value::Object(
            members
                .iter()
                .map(|(k, v)| (k.clone(), map_leaves(v, leaf)))
                .collect(),
        ),
        other => leaf(other).unwrap_or_else(|| other.clone()),
    }
}

/// Deterministic mutations of each connector fixture, read as its own root type, so that every
/// constraint of every member is reached both in a document that deserializes (typed validation)
/// and in one with a structural error elsewhere (constraints checked on the JSON).
#[test]
fn findings_of_mutated_connector_fixtures() {
    let nbsp = |v: &Value| v.is_string().then(|| Value::from("\u{a0}"));
    let long = |v: &Value| v.is_string().then(|| Value::from("x y!".repeat(300)));
    let empty = |v: &Value| v.is_string().then(|| Value::from(""));
    let retyped = |v: &Value| match v {
        Value::Number(_) => Some(Value::from(-1)),
        Value::Bool(b) => Some(Value::from(b.to_string())),
        _ => None,
    };
    let mutations: [(&str, Leaf<'_>); 4] = [
        ("strings NBSP", &nbsp),
        ("strings long", &long),
        ("strings empty", &empty),
        ("numbers -1, booleans as strings", &retyped),
    ];
    let mut out = String::new();
    for module in ["cfn", "api"] {
        let base = root().join("tests/fixtures/connectors").join(module);
        for path in fixture_files(&base) {
            let name = path.strip_prefix(root()).unwrap().display().to_string();
            let value: Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            for (label, leaf) in &mutations {
                for broken in [false, true] {
                    let mut mutated = map_leaves(&value, leaf);
                    if broken {
                        mutated["UnexpectedMember"] = Value::from(1);
                    }
                    let text = mutated.to_string();
                    let lines = if module == "cfn" {
                        library_findings::<cfn::ConnectorProfile>(&text)
                    } else {
                        library_findings::<api::CreateConnectorProfileRequest>(&text)
                    };
                    let broken = if broken {
                        ", plus an unknown member"
                    } else {
                        ""
                    };
                    let _ = writeln!(out, "{name}, {label}{broken}:");
                    summarize(lines, &mut out);
                }
            }
        }
    }
    insta::assert_snapshot!("mutated_connectors", out);
}

#[test]
fn findings_of_the_cli_fixtures() {
    insta::assert_snapshot!("cli", snapshot_of("cli/tests/fixtures"));
}

/// Every finding of `T` read from `text`.
fn findings_of<T: FromJson>(text: &str) -> Vec<Finding> {
    match T::from_json_str(text) {
        Ok(validated) => validated.warnings,
        Err(errors) => errors.into_findings(),
    }
}

/// What [`check_mentions`] has seen, by code: findings of that code with mentions.
#[derive(Default)]
struct Mentioned {
    required: usize,
    suggested_keys: usize,
    rules: usize,
    rule_mentions: usize,
}

/// The mentions of `finding` are data a tool can respell the message by: in message order, each
/// on the exact text of the member's name (the last token of its pointer); a missing member's
/// finding mentions it, below the finding's place; an unknown key's suggestion is mentioned as
/// its sibling.
fn check_mentions(finding: &Finding, seen: &mut Mentioned) {
    let mut end = 0;
    for mention in &finding.mentions {
        assert!(
            end <= mention.range.start && mention.range.start < mention.range.end,
            "out of order or empty: {mention:?} in {finding}"
        );
        end = mention.range.end;
        let named = finding
            .message
            .get(mention.range.clone())
            .unwrap_or_else(|| panic!("{mention:?} is not in the message of {finding}"));
        let (_, token) = mention
            .pointer
            .rsplit_once('/')
            .expect("a member's pointer");
        let token = token.replace("~1", "/").replace("~0", "~");
        assert_eq!(named, token, "{mention:?} in {finding}");
    }
    match finding.code {
        Code::Required => {
            let [mention] = finding.mentions.as_slice() else {
                panic!("a required member is mentioned once: {finding}");
            };
            assert_eq!(
                mention.pointer.rsplit_once('/').map(|(object, _)| object),
                Some(finding.pointer.as_str()),
                "{finding}"
            );
            seen.required += 1;
        }
        Code::UnknownKey => match &finding.suggestion {
            Some(suggestion) => {
                let (object, _) = finding.pointer.rsplit_once('/').unwrap();
                let [mention] = finding.mentions.as_slice() else {
                    panic!("the suggestion is mentioned once: {finding}");
                };
                assert_eq!(
                    mention.pointer,
                    format!("{object}/{suggestion}"),
                    "{finding}"
                );
                seen.suggested_keys += 1;
            }
            None => assert!(finding.mentions.is_empty(), "{finding}"),
        },
        Code::Rule(_) => {
            // Its message and details name members (a rule whose details would only be structs
            // names none).
            seen.rules += usize::from(!finding.mentions.is_empty());
            seen.rule_mentions += finding.mentions.len();
        }
        // Values, limits and the document's own text are never mentions.
        _ => assert!(finding.mentions.is_empty(), "{finding}"),
    }
}

#[test]
fn every_mention_is_the_name_of_the_member_it_points_at() {
    let mut seen = Mentioned::default();
    for dir in ["connectors", "documented", "rules", "describe", "hostile"] {
        for path in fixture_files(&root().join("tests/fixtures").join(dir)) {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            if path.extension().and_then(|e| e.to_str()) != Some("json") {
                continue;
            }
            // Read through the document itself and with an unknown, misspelled member at its
            // root (a suggestion), as each root type.
            let mut texts = vec![text.clone()];
            if let Ok(Value::Object(mut members)) = serde_json::from_str::<Value>(&text) {
                members.insert("connectorTyp".to_owned(), Value::from("Salesforce"));
                members.insert("ConnectorTyp".to_owned(), Value::from("Salesforce"));
                texts.push(Value::Object(members).to_string());
            }
            for text in &texts {
                for finding in findings_of::<cfn::ConnectorProfile>(text)
                    .iter()
                    .chain(&findings_of::<api::CreateConnectorProfileRequest>(text))
                    .chain(&findings_of::<api::UpdateConnectorProfileRequest>(text))
                {
                    check_mentions(finding, &mut seen);
                }
            }
        }
    }
    // Each kind was met, so the checks above were not vacuous.
    assert!(seen.required > 10, "{}", seen.required);
    assert!(seen.suggested_keys > 10, "{}", seen.suggested_keys);
    assert!(seen.rules > 20, "{}", seen.rules);
    assert!(
        seen.rule_mentions > 2 * seen.rules,
        "{}",
        seen.rule_mentions
    );
}

/// A per-connector rule's finding mentions the members its message and details name, each
/// step of a dotted path on its own, and the members it says a container has set.
#[test]
fn a_rule_s_finding_mentions_every_member_it_names() {
    let text = std::fs::read_to_string(
        root().join("tests/fixtures/rules/connector-type-matches-config-variants.api.json"),
    )
    .unwrap();
    let findings = findings_of::<api::CreateConnectorProfileRequest>(&text);
    let finding = findings
        .iter()
        .find(|f| f.code.as_str() == "connector-type-matches-config-variants")
        .expect("the rule's finding");
    let mentioned: Vec<(&str, &str)> = finding
        .mentions
        .iter()
        .map(|m| (&finding.message[m.range.clone()], m.pointer.as_str()))
        .collect();
    assert_eq!(
        mentioned,
        [
            ("connectorType", "/connectorType"),
            ("connectorType", "/connectorType"),
            ("connectorProfileConfig", "/connectorProfileConfig"),
            (
                "connectorProfileCredentials",
                "/connectorProfileConfig/connectorProfileCredentials"
            ),
            (
                "Pardot",
                "/connectorProfileConfig/connectorProfileCredentials/Pardot"
            ),
        ],
        "{finding}"
    );
}
