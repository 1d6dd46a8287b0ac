//! Benchmarks `appflow-profile validate` on 1,000 `aws_appflow_connector_profile` resources in
//! one `.tf` file against the same profiles as a CloudFormation template (issue 26's target:
//! Terraform at most 2x the template). The profiles are the API fixtures of every connector
//! (`tests/fixtures/connectors/api`, min and max, cycling), written as hashicorp/aws resources
//! through the generated Terraform table and, converted by the crate's `to_cfn`, as the
//! `Properties` of a template's resources. Profiles either side cannot carry whole (Honeycode
//! has no CloudFormation form, Pardot no hashicorp/aws blocks, Snowflake's private key) are
//! left out, so both files hold the same values.
//!
//! Both are also written to `/tmp/appflow-bench/terraform-1000.tf` and
//! `/tmp/appflow-bench/terraform-1000.template.json`, so other tools can be timed on them.
//!
//! Two groups: `terraform-1000` in this process (each side's parse and check, and hcl-edit's parse
//! alone, the floor of any `.tf` reading), and `terraform-1000-process`, the `appflow-profile`
//! binary run whole on each file, as a user times it.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use appflow_connector_profile::{api, FromJson};
use appflow_profile_cli::{check, source, terraform, terraform_check};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use serde_json::{json, Value as Json};

#[path = "../tests/common/render.rs"]
mod render;

/// The command's allocator (`src/main.rs`), as the template bench runs under it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const PROFILES: usize = 1000;
const OUT_DIR: &str = "/tmp/appflow-bench";

fn api_fixtures() -> Vec<Json> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/connectors/api");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            serde_json::from_str(&std::fs::read_to_string(p).expect("readable")).expect("JSON")
        })
        .collect()
}

/// The `.tf` file and the template, with the same profiles.
fn inputs() -> (String, String) {
    let mut usable = Vec::new();
    for fixture in api_fixtures() {
        let (_, dropped) =
            render::resource(&appflow_connector_profile::terraform::AWS, "p", &fixture);
        // `clientToken` is the API's idempotency token, no part of the profile.
        if dropped.iter().any(|d| d != "/clientToken") {
            continue;
        }
        let mut request = fixture.clone();
        request
            .as_object_mut()
            .expect("an object")
            .remove("clientToken");
        let Ok(parsed) = api::CreateConnectorProfileRequest::from_json_str(&request.to_string())
        else {
            continue;
        };
        let Ok(cfn) = parsed.value.to_cfn() else {
            continue;
        };
        // What hashicorp/aws requires beyond the API (Redshift's and ServiceNow's user name and
        // password, which the API leaves optional beside other ways in): Terraform refuses such a
        // resource, so it is no profile both files can hold.
        let (resource, _) =
            render::resource(&appflow_connector_profile::terraform::AWS, "p", &request);
        if errors(&resource) > 0 {
            continue;
        }
        if !cfn.warnings.is_empty() {
            continue;
        }
        usable.push((
            request,
            serde_json::to_value(&cfn.value).expect("serializes"),
        ));
    }
    assert!(usable.len() >= 18, "{} usable fixtures", usable.len());
    let mut tf = String::new();
    let mut resources = serde_json::Map::new();
    for i in 0..PROFILES {
        let (request, properties) = &usable[i % usable.len()];
        let mut request = request.clone();
        let mut properties = properties.clone();
        let name = format!("profile-{i:04}");
        request["connectorProfileName"] = json!(name);
        properties["ConnectorProfileName"] = json!(name);
        let (resource, _) = render::resource(
            &appflow_connector_profile::terraform::AWS,
            &format!("p{i:04}"),
            &request,
        );
        tf.push_str(&resource);
        tf.push('\n');
        resources.insert(
            format!("Profile{i:04}"),
            json!({"Type": "AWS::AppFlow::ConnectorProfile", "Properties": properties}),
        );
    }
    let template = serde_json::to_string_pretty(&json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Resources": resources,
    }))
    .expect("serializes");
    std::fs::create_dir_all(OUT_DIR).expect("the output directory");
    std::fs::write(format!("{OUT_DIR}/terraform-1000.tf"), &tf).expect("written");
    std::fs::write(format!("{OUT_DIR}/terraform-1000.template.json"), &template).expect("written");
    (tf, template)
}

fn check_terraform(text: &str) -> usize {
    let body = terraform::parse(text, terraform::Syntax::Native).expect("the .tf file parses");
    let module = terraform::Module {
        files: vec![terraform::File {
            name: "terraform-1000.tf".to_owned(),
            body,
        }],
    };
    terraform_check::check_module(&module)
        .iter()
        .map(|r| r.findings.len())
        .sum()
}

/// The errors of a `.tf` text.
fn errors(text: &str) -> usize {
    let body = terraform::parse(text, terraform::Syntax::Native).expect("the .tf file parses");
    let module = terraform::Module {
        files: vec![terraform::File {
            name: "one.tf".to_owned(),
            body,
        }],
    };
    terraform_check::check_module(&module)
        .iter()
        .flat_map(|r| &r.findings)
        .filter(|l| l.finding.severity == appflow_connector_profile::Severity::Error)
        .count()
}

fn check_template(text: &str) -> usize {
    let root = source::parse(text, true).expect("the template parses");
    check::check_document(&root, None)
        .expect("a template")
        .2
        .len()
}

fn bench(c: &mut Criterion) {
    let (tf, template) = inputs();
    // Sanity: both hold every profile, and agree on what they find (the fixtures' literal
    // secrets are findings of both).
    let body = terraform::parse(&tf, terraform::Syntax::Native).expect("parses");
    let module = terraform::Module {
        files: vec![terraform::File {
            name: "t.tf".to_owned(),
            body,
        }],
    };
    let results = terraform_check::check_module(&module);
    assert_eq!(results[0].resources, PROFILES);
    let errors = results[0]
        .findings
        .iter()
        .filter(|l| l.finding.severity == appflow_connector_profile::Severity::Error)
        .count();
    assert_eq!(errors, 0, "{:?}", results[0].findings.first());
    eprintln!(
        "terraform: {} bytes, {} findings; template: {} bytes, {} findings",
        tf.len(),
        check_terraform(&tf),
        template.len(),
        check_template(&template)
    );

    let mut group = c.benchmark_group("terraform-1000");
    group.sample_size(10);
    group.throughput(Throughput::Elements(PROFILES as u64));
    group.bench_function("check/cfn-template-json", |b| {
        b.iter(|| check_template(black_box(&template)))
    });
    group.bench_function("check/terraform-tf", |b| {
        b.iter(|| check_terraform(black_box(&tf)))
    });
    group.bench_function("parse/terraform-tf", |b| {
        b.iter(|| terraform::parse(black_box(&tf), terraform::Syntax::Native).unwrap())
    });
    // The floor: hcl-edit's parse alone, which any reading of the `.tf` file pays (no better
    // maintained HCL parser with spans was found).
    group.bench_function("parse/hcl-edit-only", |b| {
        b.iter(|| hcl_edit::parser::parse_body(black_box(&tf)).unwrap())
    });
    group.finish();
}

/// Whole processes, as a user times them: `appflow-profile validate` on the `.tf` file beside the
/// same command on the template (outputs to the null device, as a timing tool sends them).
fn bench_processes(c: &mut Criterion) {
    use std::process::{Command, Stdio};
    let _ = inputs();
    let command = env!("CARGO_BIN_EXE_appflow-profile");
    let mut group = c.benchmark_group("terraform-1000-process");
    group.sample_size(20);
    for (label, file) in [
        ("cfn-template-json", "terraform-1000.template.json"),
        ("terraform-tf", "terraform-1000.tf"),
    ] {
        let path = format!("{OUT_DIR}/{file}");
        let validate = || {
            Command::new(command)
                .args(["validate", "--fail-on", "none", &path])
                .stdout(Stdio::null())
                .status()
                .expect("the command runs")
        };
        assert!(validate().success(), "{label}: the command refused {path}");
        group.bench_function(format!("run/{label}"), |b| b.iter(validate));
    }
    group.finish();
}

criterion_group!(benches, bench, bench_processes);
criterion_main!(benches);
