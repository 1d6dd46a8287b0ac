//! The hostile-input invariants (`harness.rs`) on mutated fixtures, with proptest on the stable
//! toolchain, and on every input under `fixtures/hostile/` that ever broke one of them (the fuzz
//! targets under `fuzz/` check the same invariants with coverage guidance on nightly).

use std::path::Path;
use std::sync::OnceLock;

use appflow_tests::canary::shows_canary;
use appflow_tests::harness::{excerpt, run_cli, Entry, Harness};
use appflow_tests::root;
use proptest::prelude::*;
use serde_json::{json, Value};

fn harness() -> &'static Harness {
    static HARNESS: OnceLock<Harness> = OnceLock::new();
    HARNESS.get_or_init(Harness::new)
}

/// Every JSON fixture of a connector or a documented example, with the entry point that reads it.
fn seeds() -> &'static [(Entry, Value)] {
    static SEEDS: OnceLock<Vec<(Entry, Value)>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut seeds = Vec::new();
        for (dir, entry) in [
            ("connectors/cfn", Entry::CfnProperties),
            ("connectors/api", Entry::CreateRequest),
            ("documented", Entry::CreateRequest),
        ] {
            let path = root().join("tests/fixtures").join(dir);
            let mut names: Vec<_> = std::fs::read_dir(&path)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "json"))
                .collect();
            names.sort();
            for name in names {
                let text = std::fs::read_to_string(&name).unwrap();
                let entry = match name.to_string_lossy() {
                    n if n.ends_with(".cfn.json") => Entry::CfnProperties,
                    n if n.contains("update-") => Entry::UpdateRequest,
                    _ => entry,
                };
                seeds.push((entry, serde_json::from_str(&text).unwrap()));
            }
        }
        seeds.push((
            Entry::DescribeResponse,
            json!({ "connectorProfileDetails": [{
                "connectorProfileName": "p", "connectorType": "Salesforce", "connectionMode": "Public",
                "connectorProfileProperties": { "Salesforce": { "instanceUrl": "https://x" } },
                "createdAt": 1700000000.123, "lastUpdatedAt": 1700000000
            }], "nextToken": "t" }),
        ));
        seeds
    })
}

/// One change to a document.
#[derive(Clone, Debug)]
enum Mutation {
    /// Replace the value at the chosen place.
    Set(Value),
    /// Remove the chosen member or item.
    Remove,
    /// Add a member to the chosen object.
    Add(String, Value),
}

/// Strings a hostile document would hold: control characters, bidi overrides, long runs, keys
/// that look like JSON Pointers.
fn hostile_string() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[A-Za-z]{0,12}",
        Just("\u{1b}[2J\n0 error(s)".to_owned()),
        Just("\u{202e}\u{0}\u{feff}~1/~0".to_owned()),
        (1usize..5000).prop_map(|n| "x".repeat(n)),
        Just("Public".to_owned()),
        Just("Salesforce".to_owned()),
    ]
}

fn hostile_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        Just(json!(18446744073709551615u64)),
        hostile_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(hostile_string(), inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        hostile_value().prop_map(Mutation::Set),
        Just(Mutation::Remove),
        (hostile_string(), hostile_value()).prop_map(|(k, v)| Mutation::Add(k, v)),
    ]
}

/// Every place in `value`, as paths of keys and indices.
fn places(value: &Value, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(path.clone());
    match value {
        Value::Object(members) => {
            for (key, member) in members {
                path.push(key.clone());
                places(member, path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(i.to_string());
                places(item, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn apply(value: &mut Value, selector: usize, mutation: &Mutation) {
    let mut all = Vec::new();
    places(value, &mut Vec::new(), &mut all);
    let path = &all[selector % all.len()];
    let Some((last, parent_path)) = path.split_last() else {
        if let Mutation::Set(v) = mutation {
            *value = v.clone();
        }
        return;
    };
    let mut parent = &mut *value;
    for step in parent_path {
        parent = match parent {
            Value::Object(m) => m.get_mut(step).unwrap(),
            Value::Array(a) => &mut a[step.parse::<usize>().unwrap()],
            _ => unreachable!(),
        };
    }
    match (parent, mutation) {
        (Value::Object(m), Mutation::Set(v)) => {
            m.insert(last.clone(), v.clone());
        }
        (Value::Object(m), Mutation::Remove) => {
            m.remove(last);
        }
        (Value::Object(m), Mutation::Add(k, v)) => {
            m.insert(k.clone(), v.clone());
        }
        (Value::Array(a), Mutation::Set(v)) => a[last.parse::<usize>().unwrap()] = v.clone(),
        (Value::Array(a), Mutation::Remove) => {
            a.remove(last.parse::<usize>().unwrap());
        }
        (Value::Array(a), Mutation::Add(_, v)) => a.push(v.clone()),
        _ => {}
    }
}

proptest! {
    // Failures are kept under fixtures/hostile/ by hand, not in a proptest-regressions file.
    #![proptest_config(ProptestConfig {
        cases: 96,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn mutated_documents_keep_the_invariants(
        seed in any::<prop::sample::Index>(),
        mutations in prop::collection::vec((any::<usize>(), mutation()), 1..6),
    ) {
        let (entry, document) = seed.get(seeds());
        let mut document = document.clone();
        for (selector, mutation) in &mutations {
            apply(&mut document, *selector, mutation);
        }
        prop_assert_eq!(harness().check_planted(*entry, document.clone()), Ok(()));
        // The same document reaches the other entry points too.
        for other in Entry::ALL {
            prop_assert_eq!(harness().check_text(other, &document.to_string()), Ok(()));
        }
    }

    #[test]
    fn arbitrary_text_keeps_the_invariants(text in any::<String>()) {
        for entry in Entry::ALL {
            prop_assert_eq!(harness().check_text(entry, &text), Ok(()));
        }
        prop_assert_eq!(harness().check_template_bytes(text.as_bytes()), Ok(()));
    }
}

/// Every input that ever broke an invariant, under `fixtures/hostile/`, named
/// `<entry>.<what>.<ext>` with entry one of `cfn-properties`, `create-request`, `update-request`,
/// `describe-response`, `create-response` or `template`.
#[test]
fn every_input_that_ever_failed_is_replayed() {
    let dir = root().join("tests/fixtures/hostile");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    for file in &files {
        replay(file);
    }
}

fn replay(file: &Path) {
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    let bytes = std::fs::read(file).unwrap();
    let entry = match name.split('.').next().unwrap() {
        "template" => {
            assert_eq!(harness().check_template_bytes(&bytes), Ok(()), "{name}");
            // Secrets written into these templates stay in them.
            for format in ["text", "json"] {
                let (_, stdout, stderr) = run_cli(&["--format", format], &bytes);
                let printed = format!("{stdout}{stderr}");
                assert!(
                    !shows_canary(&printed),
                    "{name}: a secret is printed: {}",
                    excerpt(&printed)
                );
            }
            return;
        }
        "cfn-properties" => Entry::CfnProperties,
        "create-request" => Entry::CreateRequest,
        "update-request" => Entry::UpdateRequest,
        "describe-response" => Entry::DescribeResponse,
        "create-response" => Entry::CreateResponse,
        other => panic!("{name}: unknown entry `{other}`"),
    };
    let text = String::from_utf8_lossy(&bytes);
    assert_eq!(harness().check_text(entry, &text), Ok(()), "{name}");
    if let Ok(value) = serde_json::from_str::<Value>(&text) {
        assert_eq!(harness().check_planted(entry, value), Ok(()), "{name}");
    }
}
