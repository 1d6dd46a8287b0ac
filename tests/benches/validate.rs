//! Cost of validating AppFlow connector profiles (CloudFormation shape), set against bare JSON
//! parsing and against the `jsonschema` crate on the vendored CloudFormation resource schema.
//!
//! One criterion group, `validate`, so every ratio comes from one run on the same documents:
//!
//! - `serde_json_parse`: `serde_json::from_str::<Value>` of the text (the floor);
//! - `from_json_str`: our validator end to end, in one pass from the text (structure,
//!   constraints and per-connector rules, every finding);
//! - `typed_parse`: `serde_json::from_str::<cfn::ConnectorProfile>`, the generated `Deserialize`
//!   (the same reader with checking off);
//! - `typed_findings`: `Validate::findings` alone, on a value deserialized beforehand;
//! - `jsonschema`: `jsonschema` on the already parsed `Value`, collecting every error with
//!   `iter_errors` (validator compiled once, outside the timing loop);
//! - `parse_then_jsonschema`: parse plus `jsonschema`, the like-for-like peer of
//!   `from_json_str`.
//!
//! A second group, `typical`, measures the documents people write (100 B – 1.5 KB): every
//! connector's `min` fixture (18 documents, 285–612 bytes) and every `max` fixture (407–1,532
//! bytes), each set read whole per iteration, where a fixed cost per document would show:
//! `serde_json_parse`, `from_json_str`, `typed_parse` and `parse_then_jsonschema` as above.
//!
//! Run: `cargo bench -p appflow-tests --bench validate -- --warm-up-time 1 --measurement-time 3`.
use std::hint::black_box;

use std::path::Path;

use appflow_connector_profile::{cfn, FromJson, Validate};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use serde_json::Value;

const SCHEMA: &str = include_str!("../../schemas/cloudformation/aws-appflow-connectorprofile.json");

/// The valid documents: `max` fixtures of about 1 KB.
const VALID: [(&str, &str); 3] = [
    (
        "Salesforce.max",
        include_str!("../fixtures/connectors/cfn/Salesforce.max.json"),
    ),
    (
        "CustomConnector.max",
        include_str!("../fixtures/connectors/cfn/CustomConnector.max.json"),
    ),
    (
        "Redshift.max",
        include_str!("../fixtures/connectors/cfn/Redshift.max.json"),
    ),
];

/// `Salesforce.max` with constraint violations that still deserialize, so that every
/// function does its full work: an unknown `ConnectionMode`, a name over 256 code points, a
/// KMS ARN too short and not matching its pattern, a blank access token (`\S+`) and a JWT
/// that does not match its pattern.
fn invalid_salesforce() -> String {
    let mut doc: Value = serde_json::from_str(VALID[0].1).expect("fixture is JSON");
    doc["ConnectionMode"] = "Hidden".into();
    doc["ConnectorProfileName"] = "n".repeat(300).into();
    doc["KMSArn"] = "arn:aws:kms:key".into();
    let credentials =
        &mut doc["ConnectorProfileConfig"]["ConnectorProfileCredentials"]["Salesforce"];
    credentials["AccessToken"] = "   ".into();
    credentials["JwtToken"] = "not a jwt".into();
    serde_json::to_string_pretty(&doc).expect("serializes")
}

fn bench(c: &mut Criterion) {
    let schema: Value = serde_json::from_str(SCHEMA).expect("schema is JSON");
    // The schema has no `$schema`; CloudFormation resource schemas are draft-07. Provider
    // keys (`typeName`, `primaryIdentifier`, ...) are unknown keywords and ignored; the
    // `format`s (`AWS::KMS::Key.Arn`, ...) are unknown too and, in draft-07, annotations
    // only. The ECMA patterns compile with the default (fancy-regex) engine.
    let schema_validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .build(&schema)
        .expect("the CloudFormation schema compiles");

    let invalid = invalid_salesforce();
    let mut documents: Vec<(&str, &str)> = VALID.to_vec();
    documents.push(("Salesforce.invalid", &invalid));

    // Sanity: both validators agree on which documents are valid; report how many findings
    // each produces so the work per document is known.
    for (name, text) in &documents {
        let ours = match cfn::ConnectorProfile::from_json_str(text) {
            Ok(validated) => (0, validated.warnings.len()),
            Err(e) => (e.errors().count(), e.warnings().count()),
        };
        let value: Value = serde_json::from_str(text).expect("documents are JSON");
        let theirs = schema_validator.iter_errors(&value).count();
        eprintln!(
            "{name}: {} bytes; ours: {} error(s), {} warning(s); jsonschema: {theirs} error(s)",
            text.len(),
            ours.0,
            ours.1
        );
        assert_eq!(ours.0 == 0, theirs == 0, "{name}: the validators disagree");
    }

    let mut group = c.benchmark_group("validate");
    for (name, text) in &documents {
        let text: &str = text;
        group.throughput(Throughput::Bytes(text.len() as u64));
        let value: Value = serde_json::from_str(text).expect("documents are JSON");
        let profile: cfn::ConnectorProfile =
            serde_json::from_str(text).expect("documents deserialize");

        group.bench_with_input(BenchmarkId::new("serde_json_parse", name), text, |b, t| {
            b.iter(|| serde_json::from_str::<Value>(black_box(t)).expect("JSON"))
        });
        group.bench_with_input(BenchmarkId::new("from_json_str", name), text, |b, t| {
            b.iter(|| cfn::ConnectorProfile::from_json_str(black_box(t)))
        });
        group.bench_with_input(BenchmarkId::new("typed_parse", name), text, |b, t| {
            b.iter(|| serde_json::from_str::<cfn::ConnectorProfile>(black_box(t)).is_ok())
        });
        group.bench_with_input(
            BenchmarkId::new("typed_findings", name),
            &profile,
            |b, p| b.iter(|| Validate::findings(black_box(p))),
        );
        group.bench_with_input(BenchmarkId::new("jsonschema", name), &value, |b, v| {
            b.iter(|| {
                schema_validator
                    .iter_errors(black_box(v))
                    .collect::<Vec<_>>()
                    .len()
            })
        });
        group.bench_with_input(
            BenchmarkId::new("parse_then_jsonschema", name),
            text,
            |b, t| {
                b.iter(|| {
                    let v: Value = serde_json::from_str(black_box(t)).expect("JSON");
                    schema_validator.iter_errors(&v).collect::<Vec<_>>().len()
                })
            },
        );
    }
    group.finish();
}

/// Every connector's fixture of one size (`min` or `max`), read from `tests/fixtures/connectors/cfn`.
fn fixtures(size: &str) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/connectors/cfn");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("the fixtures directory reads")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(&format!(".{size}.json")))
        })
        .map(|path| {
            let name = path
                .file_stem()
                .and_then(|n| n.to_str())
                .unwrap_or("")
                .to_owned();
            (
                name,
                std::fs::read_to_string(&path).expect("the fixture reads"),
            )
        })
        .collect();
    out.sort();
    out
}

fn typical(c: &mut Criterion) {
    let schema: Value = serde_json::from_str(SCHEMA).expect("schema is JSON");
    let schema_validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .build(&schema)
        .expect("the CloudFormation schema compiles");
    let mut group = c.benchmark_group("typical");
    for size in ["min", "max"] {
        let documents = fixtures(size);
        assert_eq!(documents.len(), 18, "one {size} fixture per connector");
        let bytes: usize = documents.iter().map(|(_, t)| t.len()).sum();
        for (name, text) in &documents {
            assert!(
                cfn::ConnectorProfile::from_json_str(text).is_ok(),
                "{name} is valid"
            );
        }
        eprintln!(
            "typical/{size}: {} documents, {bytes} bytes",
            documents.len()
        );
        group.throughput(Throughput::Bytes(bytes as u64));
        let texts: Vec<&str> = documents.iter().map(|(_, t)| t.as_str()).collect();
        group.bench_with_input(
            BenchmarkId::new("serde_json_parse", size),
            &texts,
            |b, ts| {
                b.iter(|| {
                    for t in ts {
                        black_box(serde_json::from_str::<Value>(black_box(t)).expect("JSON"));
                    }
                })
            },
        );
        group.bench_with_input(BenchmarkId::new("from_json_str", size), &texts, |b, ts| {
            b.iter(|| {
                for t in ts {
                    black_box(cfn::ConnectorProfile::from_json_str(black_box(t)).is_ok());
                }
            })
        });
        group.bench_with_input(BenchmarkId::new("typed_parse", size), &texts, |b, ts| {
            b.iter(|| {
                for t in ts {
                    black_box(serde_json::from_str::<cfn::ConnectorProfile>(black_box(t)).is_ok());
                }
            })
        });
        group.bench_with_input(
            BenchmarkId::new("parse_then_jsonschema", size),
            &texts,
            |b, ts| {
                b.iter(|| {
                    for t in ts {
                        let v: Value = serde_json::from_str(black_box(t)).expect("JSON");
                        black_box(schema_validator.iter_errors(&v).count());
                    }
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, bench, typical);
criterion_main!(benches);
