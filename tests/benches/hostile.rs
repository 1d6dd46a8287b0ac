//! Cost of hostile input, set against parsing the same text (the floor), so that every ratio
//! comes from one run: near-linear cost means a small constant ratio, whatever the input's shape.
//!
//! Group `library` (about 1–2 MB of JSON each), `serde_json_parse` against `from_json_str`:
//! a 1 MB enum value, a 2 MB unknown key, 50,000 `uniqueItems` strings, 20,000 unknown keys in a
//! credentials object (masked), 2,000 arrays 120 levels deep.
//!
//! Group `command` (about 2 MB templates), `yaml_rust2_events` (yaml-rust2's bare event parser on
//! the same text) against `validate` (the command's reader and checks, no output): 20,000 intrinsics beside
//! 20,000 unknown keys, 60,000 unknown keys, 80,000 duplicate keys, 6,000 profiles with `!If`.
//!
//! Run: `cargo bench -p appflow-tests --bench hostile -- --warm-up-time 1 --measurement-time 3`.
use std::fmt::Write as _;
use std::hint::black_box;

use appflow_connector_profile::{api, cfn, FromJson};
use appflow_profile_cli::{check, source};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use serde_json::{json, Value};

fn profile() -> Value {
    json!({
        "ConnectorProfileName": "p", "ConnectorType": "Salesforce", "ConnectionMode": "Public",
        "ConnectorProfileConfig": {
            "ConnectorProfileProperties": { "Salesforce": { "InstanceUrl": "https://x.example.com" } }
        }
    })
}

fn nested(depth: usize) -> Value {
    let mut value = json!(1);
    for _ in 0..depth {
        value = Value::Array(vec![value]);
    }
    value
}

/// (name, whether the entry point is the CloudFormation one rather than the create request, JSON text).
fn library_inputs() -> Vec<(&'static str, bool, String)> {
    let mut enum_value = profile();
    enum_value["ConnectionMode"] = json!("Publik".repeat(170_000));
    let mut key = profile();
    key["ConnectorProfileConfig"]["ConnectorProfileProperties"]["Salesforce"]
        ["k".repeat(2_000_000)] = json!(1);
    let scopes: Vec<String> = (0..50_000).map(|i| format!("scope{i}")).collect();
    let unique = json!({
        "ConnectorProfileName": "p", "ConnectorType": "SAPOData", "ConnectionMode": "Public",
        "ConnectorProfileConfig": { "ConnectorProfileProperties": { "SAPOData": {
            "ApplicationHostUrl": "https://h.example.com", "ApplicationServicePath": "/sap/opu/odata",
            "ClientNumber": "100", "LogonLanguage": "EN", "PortNumber": 443,
            "OAuthProperties": {
                "AuthCodeUrl": "https://h.example.com/a", "TokenUrl": "https://h.example.com/t",
                "OAuthScopes": scopes
            }
        } } }
    });
    let mut masked = profile();
    masked["ConnectorProfileConfig"]["ConnectorProfileCredentials"] = json!({
        "Salesforce": (0..20_000)
            .map(|i| (format!("AccessToken:{i:020}"), json!(1)))
            .collect::<serde_json::Map<String, Value>>()
    });
    let mut deep = profile();
    deep["ConnectorProfileConfig"]["Deep"] =
        Value::Array((0..2_000).map(|_| nested(120)).collect());
    vec![
        ("enum_value_1MB", true, enum_value.to_string()),
        ("unknown_key_2MB", true, key.to_string()),
        ("unique_items_50k", true, unique.to_string()),
        ("masked_keys_20k", true, masked.to_string()),
        ("deep_arrays_2k_x120", true, deep.to_string()),
    ]
}

fn template_inputs() -> Vec<(&'static str, String)> {
    let head = "Resources:\n  P:\n    Type: AWS::AppFlow::ConnectorProfile\n    Properties:\n      ConnectorProfileName: sf\n      ConnectorType: Salesforce\n      ConnectionMode: Public\n      ConnectorProfileConfig:\n        ConnectorProfileProperties:\n          Salesforce:\n";
    let mut intrinsics = head.to_owned();
    for i in 0..20_000 {
        let _ = writeln!(intrinsics, "            Bad{i}: !Ref P{i}");
    }
    for i in 0..20_000 {
        let _ = writeln!(intrinsics, "      Wrong{i}: x");
    }
    let mut wide = head.to_owned();
    for i in 0..60_000 {
        let _ = writeln!(wide, "      X{i}: 1");
    }
    let mut duplicates = head.to_owned();
    for _ in 0..80_000 {
        duplicates.push_str("      ConnectionMode: Public\n");
    }
    let mut profiles = "Resources:\n".to_owned();
    for i in 0..6_000 {
        let _ = write!(profiles, "  P{i}:\n    Type: AWS::AppFlow::ConnectorProfile\n    Properties:\n      ConnectorProfileName: !Sub '${{A}}'\n      ConnectorType: Salesforce\n      ConnectionMode: !If [C, Public, Privat]\n      ConnectorProfileConfig:\n        ConnectorProfileProperties:\n          Salesforce:\n            InstanceUrl: !Ref U\n");
    }
    vec![
        ("intrinsics_and_bad_keys", intrinsics),
        ("unknown_keys_60k", wide),
        ("duplicate_keys_80k", duplicates),
        ("profiles_6k_with_if", profiles),
    ]
}

fn library(c: &mut Criterion) {
    let mut group = c.benchmark_group("library");
    group.sample_size(10);
    for (name, cfn_entry, text) in library_inputs() {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("serde_json_parse", name),
            &text,
            |b, text| b.iter(|| black_box(serde_json::from_str::<Value>(text).unwrap())),
        );
        group.bench_with_input(BenchmarkId::new("from_json_str", name), &text, |b, text| {
            b.iter(|| {
                if cfn_entry {
                    black_box(cfn::ConnectorProfile::from_json_str(text).is_ok())
                } else {
                    black_box(api::CreateConnectorProfileRequest::from_json_str(text).is_ok())
                }
            })
        });
    }
    group.finish();
}

/// yaml-rust2's bare event parser over the whole text: the floor of any YAML reader.
fn yaml_events(text: &str) -> usize {
    let mut parser = yaml_rust2::parser::Parser::new_from_str(text);
    let mut events = 0;
    loop {
        let (event, _) = parser.next_token().unwrap();
        if event == yaml_rust2::parser::Event::StreamEnd {
            return events;
        }
        events += 1;
    }
}

fn command(c: &mut Criterion) {
    let mut group = c.benchmark_group("command");
    group.sample_size(10);
    for (name, text) in template_inputs() {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("yaml_rust2_events", name),
            &text,
            |b, text| b.iter(|| black_box(yaml_events(text))),
        );
        group.bench_with_input(BenchmarkId::new("validate", name), &text, |b, text| {
            b.iter(|| {
                let root = source::parse(text, false).unwrap();
                black_box(check::check_document(&root, None).unwrap().2.len())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, library, command);
criterion_main!(benches);
