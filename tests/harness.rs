//! The invariants every untrusted entry point keeps, checked on one input at a time by the
//! property tests (`invariants.rs`), the fuzz targets (`fuzz/`) and the replay of
//! `fixtures/hostile/`: no panic (the caller runs it), the same input gives the same findings, and
//! no canary planted in a secret member or under an unknown key appears in `Debug`, `Display`,
//! findings or the command's output.

use appflow_connector_profile::{api, cfn, FromJson, Validated, ValidationErrors};
use codegen::ir::Ir;
use serde_json::Value;

use crate::canary::{plant, plant_unknown, plant_unknown_where_open, shows_canary, Planted};

/// An entry point that reads untrusted JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    /// `cfn::ConnectorProfile` (a resource's Properties).
    CfnProperties,
    /// `api::CreateConnectorProfileRequest`.
    CreateRequest,
    /// `api::UpdateConnectorProfileRequest`.
    UpdateRequest,
    /// `api::DescribeConnectorProfilesResponse`.
    DescribeResponse,
    /// `api::CreateConnectorProfileResponse`.
    CreateResponse,
}

impl Entry {
    /// Every entry point.
    pub const ALL: [Entry; 5] = [
        Entry::CfnProperties,
        Entry::CreateRequest,
        Entry::UpdateRequest,
        Entry::DescribeResponse,
        Entry::CreateResponse,
    ];

    /// The IR type read, and its module.
    fn root(self) -> (&'static str, bool) {
        match self {
            Entry::CfnProperties => ("ConnectorProfile", true),
            Entry::CreateRequest => ("CreateConnectorProfileRequest", false),
            Entry::UpdateRequest => ("UpdateConnectorProfileRequest", false),
            Entry::DescribeResponse => ("DescribeConnectorProfilesResponse", false),
            Entry::CreateResponse => ("CreateConnectorProfileResponse", false),
        }
    }

    /// Everything the entry point prints about `text`: findings (`Display`, `Debug`) or the value
    /// (`Debug`), with the warnings.
    pub fn outputs_of_text(self, text: &str) -> String {
        match self {
            Entry::CfnProperties => render(cfn::ConnectorProfile::from_json_str(text)),
            Entry::CreateRequest => render(api::CreateConnectorProfileRequest::from_json_str(text)),
            Entry::UpdateRequest => render(api::UpdateConnectorProfileRequest::from_json_str(text)),
            Entry::DescribeResponse => {
                render(api::DescribeConnectorProfilesResponse::from_json_str(text))
            }
            Entry::CreateResponse => {
                render(api::CreateConnectorProfileResponse::from_json_str(text))
            }
        }
    }

    /// As [`Entry::outputs_of_text`], through `from_value`.
    pub fn outputs_of_value(self, value: Value) -> String {
        match self {
            Entry::CfnProperties => render(cfn::ConnectorProfile::from_value(value)),
            Entry::CreateRequest => render(api::CreateConnectorProfileRequest::from_value(value)),
            Entry::UpdateRequest => render(api::UpdateConnectorProfileRequest::from_value(value)),
            Entry::DescribeResponse => {
                render(api::DescribeConnectorProfilesResponse::from_value(value))
            }
            Entry::CreateResponse => render(api::CreateConnectorProfileResponse::from_value(value)),
        }
    }
}

/// The line around the first canary in `text`.
pub fn excerpt(text: &str) -> &str {
    let at = text.find("CANARY").unwrap_or(0);
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    &text[start..end]
}

fn render<T: std::fmt::Debug>(result: Result<Validated<T>, ValidationErrors>) -> String {
    match result {
        Ok(validated) => {
            let mut out = format!("{:?}\n{:#?}\n", validated.value, validated);
            for warning in &validated.warnings {
                out.push_str(&format!("{warning}\n{warning:?}\n"));
            }
            out
        }
        Err(errors) => format!("{errors}\n{errors:?}\n{errors:#?}\n"),
    }
}

/// Runs `appflow-profile validate` in-process on `input` as standard input; returns the exit
/// status, standard output and standard error.
pub fn run_cli(args: &[&str], input: &[u8]) -> (i32, String, String) {
    let mut argv = vec!["appflow-profile".to_owned(), "validate".to_owned()];
    argv.extend(args.iter().map(|a| (*a).to_owned()));
    argv.push("-".to_owned());
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let status = appflow_profile_cli::run(&argv, &mut &input[..], &mut stdout, &mut stderr);
    (
        status,
        String::from_utf8_lossy(&stdout).into_owned(),
        String::from_utf8_lossy(&stderr).into_owned(),
    )
}

/// The IR, for planting canaries where the schemas put secrets.
pub struct Harness {
    ir: Ir,
}

impl Default for Harness {
    fn default() -> Self {
        Self::new()
    }
}

impl Harness {
    /// Builds the IR from `schemas/`.
    pub fn new() -> Self {
        Harness {
            ir: crate::lower(&crate::inputs()).expect("schemas/ lower"),
        }
    }

    /// Raw text into an entry point: the same findings twice; and, where it is a JSON value,
    /// the value read in place (`from_value`) gives what its text gives (`from_json_str`).
    pub fn check_text(&self, entry: Entry, text: &str) -> Result<(), String> {
        let first = entry.outputs_of_text(text);
        let second = entry.outputs_of_text(text);
        if first != second {
            return Err(format!("{entry:?}: two runs on the same text differ"));
        }
        if let Ok(value) = serde_json::from_str::<Value>(text) {
            // The value's own text: no duplicate keys, numbers as the value holds them. Without
            // serde_json's `float_roundtrip` a number's text may read back one unit in the last
            // place away; the text then holds another value, and the comparison is left out.
            let written = value.to_string();
            if serde_json::from_str::<Value>(&written).is_ok_and(|again| again == value) {
                let of_text = entry.outputs_of_text(&written);
                if entry.outputs_of_value(value) != of_text {
                    return Err(format!(
                        "{entry:?}: the value and its text give different findings"
                    ));
                }
            }
        }
        Ok(())
    }

    /// Raw bytes into the command, as YAML and as JSON, in both formats: the same output twice.
    pub fn check_template_bytes(&self, bytes: &[u8]) -> Result<(), String> {
        for args in [
            &["--kind", "cfn-template"][..],
            &["--format", "json"][..],
            &[][..],
        ] {
            let first = run_cli(args, bytes);
            let second = run_cli(args, bytes);
            if first != second {
                return Err(format!("{args:?}: two runs on the same input differ"));
            }
        }
        Ok(())
    }

    /// Bytes into `appflow-profile validate` as Terraform (HCL, or its JSON syntax when they start
    /// with `{`) and as a plan, in text and JSON output: the same output twice, never the
    /// unusable-input status for what was read (a panic or a hang is libFuzzer's to catch).
    pub fn check_terraform_bytes(&self, bytes: &[u8]) -> Result<(), String> {
        for args in [
            &["--kind", "terraform"][..],
            &["--kind", "terraform", "--format", "json"][..],
            &["--kind", "terraform-plan"][..],
        ] {
            let first = run_cli(args, bytes);
            let second = run_cli(args, bytes);
            if first != second {
                return Err(format!("{args:?}: two runs on the same input differ"));
            }
        }
        Ok(())
    }

    /// A JSON document into `entry` with canaries planted in every secret member it reaches and
    /// under unknown keys everywhere; also as the Properties of a template through the command.
    /// Nothing printed shows a canary, and two runs agree.
    pub fn check_planted(&self, entry: Entry, mut value: Value) -> Result<(), String> {
        let (root, cfn) = entry.root();
        let module = if cfn { &self.ir.cfn } else { &self.ir.api };
        // Valid canaries, and unknown members only where the schema keeps them: a valid document
        // stays valid and its typed value is printed too.
        let mut quiet = value.clone();
        plant(
            module,
            root,
            &mut quiet,
            "",
            &mut Planted {
                valid: true,
                ..Planted::default()
            },
        );
        plant_unknown_where_open(module, root, &mut quiet);
        // Invalid canaries and unknown members everywhere: every finding is produced.
        plant(module, root, &mut value, "", &mut Planted::default());
        plant_unknown(&mut value);
        for document in [&quiet, &value] {
            let text = document.to_string();
            for output in [
                entry.outputs_of_text(&text),
                entry.outputs_of_value(document.clone()),
            ] {
                if shows_canary(&output) {
                    return Err(format!(
                        "{entry:?}: a canary is printed: {}",
                        excerpt(&output)
                    ));
                }
            }
            self.check_text(entry, &text)?;
        }
        if entry == Entry::CfnProperties {
            let template = serde_json::json!({
                "Resources": { "P": { "Type": "AWS::AppFlow::ConnectorProfile", "Properties": value } }
            })
            .to_string();
            for format in ["text", "json"] {
                let first = run_cli(&["--format", format], template.as_bytes());
                let printed = format!("{}{}", first.1, first.2);
                if shows_canary(&printed) {
                    return Err(format!(
                        "the command prints a canary: {}",
                        excerpt(&printed)
                    ));
                }
                if run_cli(&["--format", format], template.as_bytes()) != first {
                    return Err("two runs of the command differ".to_owned());
                }
            }
        }
        Ok(())
    }
}
