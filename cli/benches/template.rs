//! Benchmarks `appflow-profile validate` on a large CloudFormation template: 1,000
//! `AWS::AppFlow::ConnectorProfile` resources (every connector's fixture, cycling, with some
//! `!Ref`, `!GetAtt` and `!If` intrinsics) among 100 unrelated resources, as YAML and as JSON.
//!
//! The template is built at startup and also written to `/tmp/appflow-bench/template-1000.yaml`
//! and `.json`, so other tools can be timed on the same input.
//!
//! Two groups: `template-1000` in this process (the floor's parse, the command's parse, parse and
//! check, and the whole `run`), and `template-1000-process`, whole processes as a user times them
//! (the `appflow-profile` binary beside a process that only reads the file with the floor's
//! parser): the measure for the command.

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};

use appflow_profile_cli::{check, source};
use criterion::{criterion_group, Criterion, Throughput};
use serde_json::Value as Json;

/// The command's allocator (`src/main.rs`), so that `run/` measures what the binary does; the
/// floors run under it too, so each ratio compares like with like.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const PROFILES: usize = 1000;
const ROLES: usize = 20;
const OUT_DIR: &str = "/tmp/appflow-bench";

/// A template value: JSON plus CloudFormation intrinsics, which the two writers spell their way.
enum Y {
    Map(Vec<(String, Y)>),
    Seq(Vec<Y>),
    Str(String),
    Num(serde_json::Number),
    Bool(bool),
    Null,
    /// `!Ref X` / `{"Ref": X}`.
    Ref(String),
    /// `!GetAtt A.B` / `{"Fn::GetAtt": [A, B]}`.
    GetAtt(String, String),
    /// `!Name [..]` / `{"Fn::Name": [..]}`.
    Fn(&'static str, Vec<Y>),
}

fn s(text: &str) -> Y {
    Y::Str(text.to_owned())
}

fn map(entries: Vec<(&str, Y)>) -> Y {
    Y::Map(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    )
}

fn from_json(value: Json) -> Y {
    match value {
        Json::Object(m) => Y::Map(m.into_iter().map(|(k, v)| (k, from_json(v))).collect()),
        Json::Array(a) => Y::Seq(a.into_iter().map(from_json).collect()),
        Json::String(t) => Y::Str(t),
        Json::Number(n) => Y::Num(n),
        Json::Bool(b) => Y::Bool(b),
        Json::Null => Y::Null,
    }
}

fn get_mut<'a>(y: &'a mut Y, key: &str) -> Option<&'a mut Y> {
    match y {
        Y::Map(entries) => entries.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v),
        _ => None,
    }
}

/// Replaces every literal `…RoleArn` value with `!GetAtt <role>.Arn`; returns how many.
fn role_arns_to_getatt(y: &mut Y, role: &str) -> usize {
    let mut n = 0;
    match y {
        Y::Map(entries) => {
            for (k, v) in entries {
                if k.ends_with("RoleArn") && matches!(v, Y::Str(_)) {
                    *v = Y::GetAtt(role.to_owned(), "Arn".to_owned());
                    n += 1;
                } else {
                    n += role_arns_to_getatt(v, role);
                }
            }
        }
        Y::Seq(items) => {
            for v in items {
                n += role_arns_to_getatt(v, role);
            }
        }
        _ => {}
    }
    n
}

// ---------------------------------------------------------------------------------------------
// Writers.

fn quoted(text: &str) -> String {
    serde_json::to_string(text).expect("a string serializes")
}

fn yaml_key(key: &str) -> String {
    if !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.')
    {
        key.to_owned()
    } else {
        quoted(key)
    }
}

/// A value that fits on one line in YAML (scalars, intrinsics, empty collections).
fn yaml_inline(y: &Y) -> Option<String> {
    Some(match y {
        Y::Str(t) => quoted(t),
        Y::Num(n) => n.to_string(),
        Y::Bool(b) => b.to_string(),
        Y::Null => "null".to_owned(),
        Y::Ref(name) => format!("!Ref {}", quoted(name)),
        Y::GetAtt(a, b) => format!("!GetAtt {a}.{b}"),
        Y::Fn(name, args) => {
            let args: Option<Vec<String>> = args.iter().map(yaml_inline).collect();
            format!("!{name} [{}]", args?.join(", "))
        }
        Y::Map(entries) if entries.is_empty() => "{}".to_owned(),
        Y::Seq(items) if items.is_empty() => "[]".to_owned(),
        Y::Map(_) | Y::Seq(_) => return None,
    })
}

fn write_yaml_map(out: &mut String, entries: &[(String, Y)], indent: usize) {
    for (k, v) in entries {
        let pad = " ".repeat(indent);
        match yaml_inline(v) {
            Some(inline) => writeln!(out, "{pad}{}: {inline}", yaml_key(k)).unwrap(),
            None => {
                writeln!(out, "{pad}{}:", yaml_key(k)).unwrap();
                write_yaml_block(out, v, indent + 2);
            }
        }
    }
}

fn write_yaml_block(out: &mut String, y: &Y, indent: usize) {
    match y {
        Y::Map(entries) => write_yaml_map(out, entries, indent),
        Y::Seq(items) => {
            let pad = " ".repeat(indent);
            for item in items {
                match yaml_inline(item) {
                    Some(inline) => writeln!(out, "{pad}- {inline}").unwrap(),
                    None => {
                        writeln!(out, "{pad}-").unwrap();
                        write_yaml_block(out, item, indent + 2);
                    }
                }
            }
        }
        _ => unreachable!("inline values are written by the caller"),
    }
}

fn write_json(out: &mut String, y: &Y, indent: usize) {
    let pad = " ".repeat(indent + 2);
    let end = " ".repeat(indent);
    match y {
        Y::Map(entries) if entries.is_empty() => out.push_str("{}"),
        Y::Seq(items) if items.is_empty() => out.push_str("[]"),
        Y::Map(entries) => {
            out.push_str("{\n");
            for (i, (k, v)) in entries.iter().enumerate() {
                write!(out, "{pad}{}: ", quoted(k)).unwrap();
                write_json(out, v, indent + 2);
                out.push_str(if i + 1 < entries.len() { ",\n" } else { "\n" });
            }
            write!(out, "{end}}}").unwrap();
        }
        Y::Seq(items) => {
            out.push_str("[\n");
            for (i, v) in items.iter().enumerate() {
                out.push_str(&pad);
                write_json(out, v, indent + 2);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            write!(out, "{end}]").unwrap();
        }
        Y::Str(t) => out.push_str(&quoted(t)),
        Y::Num(n) => out.push_str(&n.to_string()),
        Y::Bool(b) => out.push_str(&b.to_string()),
        Y::Null => out.push_str("null"),
        Y::Ref(name) => write!(out, "{{ \"Ref\": {} }}", quoted(name)).unwrap(),
        Y::GetAtt(a, b) => {
            write!(out, "{{ \"Fn::GetAtt\": [{}, {}] }}", quoted(a), quoted(b)).unwrap()
        }
        Y::Fn(name, args) => {
            write!(out, "{{ \"Fn::{name}\": [").unwrap();
            for (i, a) in args.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_json(out, a, indent + 2);
            }
            out.push_str("] }");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The template.

fn fixtures() -> Vec<(String, Json)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/connectors/cfn");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.ends_with(".max.json") || name.ends_with(".min.json")
        })
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no fixtures in {}", dir.display());
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("a readable fixture");
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, serde_json::from_str(&text).expect("a JSON fixture"))
        })
        .collect()
}

fn unrelated(j: usize) -> (String, Y) {
    match j % 5 {
        0 => (
            format!("AppFlowRole{:02}", j / 5),
            map(vec![
                ("Type", s("AWS::IAM::Role")),
                (
                    "Properties",
                    map(vec![(
                        "AssumeRolePolicyDocument",
                        map(vec![
                            ("Version", s("2012-10-17")),
                            (
                                "Statement",
                                Y::Seq(vec![map(vec![
                                    ("Effect", s("Allow")),
                                    (
                                        "Principal",
                                        map(vec![("Service", s("appflow.amazonaws.com"))]),
                                    ),
                                    ("Action", s("sts:AssumeRole")),
                                ])]),
                            ),
                        ]),
                    )]),
                ),
            ]),
        ),
        4 => (
            format!("NotificationTopic{j:03}"),
            map(vec![
                ("Type", s("AWS::SNS::Topic")),
                (
                    "Properties",
                    map(vec![("DisplayName", s(&format!("appflow-topic-{j:03}")))]),
                ),
            ]),
        ),
        _ => (
            format!("StagingBucket{j:03}"),
            map(vec![
                ("Type", s("AWS::S3::Bucket")),
                (
                    "Properties",
                    map(vec![(
                        "Tags",
                        Y::Seq(vec![map(vec![
                            ("Key", s("purpose")),
                            ("Value", s("appflow-staging")),
                        ])]),
                    )]),
                ),
            ]),
        ),
    }
}

/// Builds the template; returns it and how many of each intrinsic it holds.
fn template() -> (Y, [usize; 3]) {
    let fixtures = fixtures();
    let mut parameters = vec![
        (
            "Environment".to_owned(),
            map(vec![
                ("Type", s("String")),
                ("Default", s("dev")),
                ("AllowedValues", Y::Seq(vec![s("dev"), s("prod")])),
            ]),
        ),
        (
            "KmsMode".to_owned(),
            map(vec![
                ("Type", s("String")),
                ("Default", s("aws-managed")),
                ("AllowedValues", Y::Seq(vec![s("aws-managed"), s("custom")])),
            ]),
        ),
    ];
    let conditions = map(vec![
        (
            "IsProduction",
            Y::Fn("Equals", vec![Y::Ref("Environment".into()), s("prod")]),
        ),
        (
            "UseCustomKms",
            Y::Fn("Equals", vec![Y::Ref("KmsMode".into()), s("custom")]),
        ),
    ]);
    let mut resources = Vec::new();
    let (mut refs, mut getatts, mut ifs) = (0, 0, 0);
    for i in 0..PROFILES {
        let (_, fixture) = &fixtures[i % fixtures.len()];
        let mut props = from_json(fixture.clone());
        let base = match get_mut(&mut props, "ConnectorProfileName") {
            Some(Y::Str(name)) => name.clone(),
            _ => "profile".to_owned(),
        };
        let name = format!("{base}-{i:04}");
        let name_value = if i % 10 == 3 {
            let parameter = format!("ProfileName{i:04}");
            parameters.push((
                parameter.clone(),
                map(vec![("Type", s("String")), ("Default", s(&name))]),
            ));
            refs += 1;
            Y::Ref(parameter)
        } else if i % 25 == 19 {
            ifs += 1;
            Y::Fn(
                "If",
                vec![
                    s("IsProduction"),
                    s(&format!("{name}-prod")),
                    s(&format!("{name}-dev")),
                ],
            )
        } else {
            Y::Str(name)
        };
        if let Some(v) = get_mut(&mut props, "ConnectorProfileName") {
            *v = name_value;
        }
        if i % 25 == 7 {
            if let Some(kms) = get_mut(&mut props, "KMSArn") {
                let literal = std::mem::replace(kms, Y::Null);
                *kms = Y::Fn(
                    "If",
                    vec![s("UseCustomKms"), literal, Y::Ref("AWS::NoValue".into())],
                );
                ifs += 1;
            }
        }
        getatts += role_arns_to_getatt(&mut props, &format!("AppFlowRole{:02}", i % ROLES));
        resources.push((
            format!("Profile{i:04}"),
            map(vec![
                ("Type", s("AWS::AppFlow::ConnectorProfile")),
                ("Properties", props),
            ]),
        ));
        if i % 10 == 9 {
            resources.push(unrelated(i / 10));
        }
    }
    let template = map(vec![
        ("AWSTemplateFormatVersion", s("2010-09-09")),
        (
            "Description",
            s("1,000 AppFlow connector profiles for benchmarking"),
        ),
        ("Parameters", Y::Map(parameters)),
        ("Conditions", conditions),
        ("Resources", Y::Map(resources)),
    ]);
    (template, [refs, getatts, ifs])
}

fn write_files() -> (String, String) {
    let (template, [refs, getatts, ifs]) = template();
    let mut yaml = String::new();
    write_yaml_block(&mut yaml, &template, 0);
    let mut json = String::new();
    write_json(&mut json, &template, 0);
    json.push('\n');
    std::fs::create_dir_all(OUT_DIR).expect("the output directory");
    std::fs::write(format!("{OUT_DIR}/template-1000.yaml"), &yaml).expect("the YAML file");
    std::fs::write(format!("{OUT_DIR}/template-1000.json"), &json).expect("the JSON file");
    eprintln!(
        "template: {PROFILES} connector profiles, {} unrelated resources, {refs} !Ref, {getatts} !GetAtt, {ifs} !If; YAML {} bytes, JSON {} bytes",
        PROFILES / 10,
        yaml.len(),
        json.len()
    );
    (yaml, json)
}

/// yaml-rust2's bare event parser over the whole text: the floor of any YAML reader.
fn yaml_events(text: &str) -> usize {
    let mut parser = yaml_rust2::parser::Parser::new_from_str(text);
    let mut events = 0;
    loop {
        let (event, _) = parser.next_token().expect("the benchmark's YAML parses");
        if event == yaml_rust2::parser::Event::StreamEnd {
            return events;
        }
        events += 1;
    }
}

fn bench(c: &mut Criterion) {
    let (yaml, json) = write_files();
    let inputs = [("yaml", yaml, false), ("json", json, true)];

    // Sanity: both parse, are seen as templates with every profile, and agree on the findings.
    for (label, text, is_json) in &inputs {
        let root = source::parse(text, *is_json).unwrap_or_else(|e| panic!("{label}: {e}"));
        let (kind, profiles, findings) =
            check::check_document(&root, None).unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(kind, check::Kind::CfnTemplate, "{label}");
        assert_eq!(profiles, PROFILES, "{label}");
        eprintln!("{label}: {profiles} profiles, {} findings", findings.len());
    }

    let mut group = c.benchmark_group("template-1000");
    group.sample_size(10);
    for (label, text, is_json) in &inputs {
        group.throughput(Throughput::Bytes(text.len() as u64));
        // The floor: the cost of reading the text at all, by the parser each syntax's reader is
        // measured against (yaml-rust2's bare events; a `serde_json::Value` tree).
        if *is_json {
            group.bench_function(format!("floor/{label}"), |b| {
                b.iter(|| serde_json::from_str::<Json>(black_box(text)).unwrap())
            });
        } else {
            group.bench_function(format!("floor/{label}"), |b| {
                b.iter(|| yaml_events(black_box(text)))
            });
        }
        group.bench_function(format!("parse/{label}"), |b| {
            b.iter(|| source::parse(black_box(text), *is_json).unwrap())
        });
        group.bench_function(format!("parse+check/{label}"), |b| {
            b.iter(|| {
                let root = source::parse(black_box(text), *is_json).unwrap();
                check::check_document(&root, None).unwrap()
            })
        });
        let args: Vec<String> = [
            "appflow-profile".to_owned(),
            "validate".to_owned(),
            format!("{OUT_DIR}/template-1000.{label}"),
        ]
        .into();
        let mut out = Vec::with_capacity(1 << 16);
        let mut err = Vec::new();
        let status = appflow_profile_cli::run(&args, &mut std::io::empty(), &mut out, &mut err);
        assert_ne!(
            status,
            appflow_profile_cli::UNUSABLE,
            "{label}: {}",
            String::from_utf8_lossy(&err)
        );
        group.bench_function(format!("run/{label}"), |b| {
            b.iter(|| {
                out.clear();
                err.clear();
                appflow_profile_cli::run(
                    black_box(&args),
                    &mut std::io::empty(),
                    &mut out,
                    &mut err,
                )
            })
        });
    }
    group.finish();
}

/// Set in the environment of this benchmark's own executable, run again as the floor's process:
/// the syntax (`yaml` or `json`) and the file to read.
const FLOOR_PROCESS: &str = "APPFLOW_BENCH_FLOOR_PROCESS";

/// The floor as a whole process: read the file, parse it as the floor does, exit.
fn floor_process(spec: &str) {
    let (label, path) = spec.split_once(':').expect("`label:path`");
    let text = std::fs::read_to_string(path).expect("the floor's input reads");
    if label == "json" {
        black_box(serde_json::from_str::<Json>(&text).expect("the floor's input parses"));
    } else {
        black_box(yaml_events(&text));
    }
}

/// Whole processes, as a user runs them: `appflow-profile validate FILE` (its output to the null
/// device, as a timing tool sends it; by default on a thread per CPU, and with `--jobs 1`) beside a process that reads the same file with the floor's
/// parser (this executable, run again with [`FLOOR_PROCESS`] set). Both pay for starting a
/// process and reading the file, as the command's users do.
fn bench_processes(c: &mut Criterion) {
    use std::process::{Command, Stdio};
    let (_yaml, _json) = write_files();
    let me = std::env::current_exe().expect("the benchmark knows its executable");
    let command = env!("CARGO_BIN_EXE_appflow-profile");
    let mut group = c.benchmark_group("template-1000-process");
    group.sample_size(20);
    for label in ["yaml", "json"] {
        let path = format!("{OUT_DIR}/template-1000.{label}");
        let status = Command::new(&me)
            .env(FLOOR_PROCESS, format!("{label}:{path}"))
            .status()
            .expect("the floor process runs");
        assert!(status.success(), "{label}: floor process {status}");
        group.bench_function(format!("floor/{label}"), |b| {
            b.iter(|| {
                Command::new(&me)
                    .env(FLOOR_PROCESS, format!("{label}:{path}"))
                    .stdout(Stdio::null())
                    .status()
                    .expect("the floor process runs")
            })
        });
        let status = Command::new(command)
            .args(["validate", &path])
            .stdout(Stdio::null())
            .status()
            .expect("the command runs");
        assert_ne!(
            status.code(),
            Some(appflow_profile_cli::UNUSABLE),
            "{label}: the command could not check {path}"
        );
        group.bench_function(format!("run/{label}"), |b| {
            b.iter(|| {
                Command::new(command)
                    .args(["validate", &path])
                    .stdout(Stdio::null())
                    .status()
                    .expect("the command runs")
            })
        });
        // On one thread: the work itself, beside the default (a thread per CPU).
        group.bench_function(format!("run-jobs-1/{label}"), |b| {
            b.iter(|| {
                Command::new(command)
                    .args(["validate", "--jobs", "1", &path])
                    .stdout(Stdio::null())
                    .status()
                    .expect("the command runs")
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench, bench_processes);

fn main() {
    if let Ok(spec) = std::env::var(FLOOR_PROCESS) {
        // The floor's allocator set up as the command's (`src/main.rs`): like with like.
        appflow_profile_cli::allocator::keep_freed_memory();
        floor_process(&spec);
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
