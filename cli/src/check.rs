//! Deciding what a document is, validating each connector profile in it, and keeping only the
//! findings that literal values deserve (an intrinsic's value is unknown until deployment).

use std::collections::{BTreeMap, BTreeSet};

use appflow_connector_profile::{api, cfn, Finding, FromJson, Validated, ValidationErrors};
use serde_json::Value as Json;

use crate::lower::{self, Lowered, PLACEHOLDERS};
use crate::source::{Node, Position, Value};

/// What a document holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A CloudFormation template.
    CfnTemplate,
    /// The Properties of one `AWS::AppFlow::ConnectorProfile`.
    CfnProperties,
    /// A CreateConnectorProfile request body.
    CreateRequest,
    /// An UpdateConnectorProfile request body.
    UpdateRequest,
}

impl Kind {
    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Kind::CfnTemplate => "cfn-template",
            Kind::CfnProperties => "cfn-properties",
            Kind::CreateRequest => "create-request",
            Kind::UpdateRequest => "update-request",
        }
    }
}

/// A finding placed in its file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    /// The logical id of the template resource, if any.
    pub resource: Option<String>,
    /// JSON Pointer into the file.
    pub pointer: String,
    /// Where in the file.
    pub at: Position,
    /// The finding.
    pub finding: Finding,
}

fn keys(node: &Node) -> BTreeSet<&str> {
    match &node.value {
        Value::Map(entries) => entries.iter().map(|(k, _, _)| k.as_str()).collect(),
        _ => BTreeSet::new(),
    }
}

/// What a document looks like it is.
pub fn detect(root: &Node) -> Option<Kind> {
    let keys = keys(root);
    if keys.contains("Resources") || keys.contains("AWSTemplateFormatVersion") {
        Some(Kind::CfnTemplate)
    } else if keys.contains("ConnectorProfileName") || keys.contains("ConnectorType") {
        Some(Kind::CfnProperties)
    } else if keys.contains("connectorType") {
        Some(Kind::CreateRequest)
    } else if keys.contains("connectorProfileName") {
        Some(Kind::UpdateRequest)
    } else {
        None
    }
}

/// Validates a document; returns its kind, how many connector profiles it held, and the findings.
pub fn check_document(
    root: &Node,
    forced: Option<Kind>,
) -> Result<(Kind, usize, Vec<Located>), String> {
    let kind = forced.or_else(|| detect(root)).ok_or_else(|| {
        "cannot tell what this document is; pass --kind cfn-template|cfn-properties|create-request|update-request".to_owned()
    })?;
    let mut out = Vec::new();
    let count = match kind {
        Kind::CfnTemplate => check_template(root, &mut out),
        _ => {
            check_profile(root, "", None, kind, &mut out);
            1
        }
    };
    Ok((kind, count, out))
}

const RESOURCE_TYPE: &str = "AWS::AppFlow::ConnectorProfile";

fn check_template(root: &Node, out: &mut Vec<Located>) -> usize {
    let Value::Map(entries) = &root.value else {
        return 0;
    };
    let Some((_, _, resources)) = entries.iter().find(|(k, _, _)| k == "Resources") else {
        return 0;
    };
    let Value::Map(resources) = &resources.value else {
        return 0;
    };
    let mut count = 0;
    for (id, at, resource) in resources {
        let Value::Map(fields) = &resource.value else {
            continue;
        };
        let is_profile = fields
            .iter()
            .any(|(k, _, v)| k == "Type" && v.value == Value::Str(RESOURCE_TYPE.to_owned()));
        if !is_profile {
            continue;
        }
        count += 1;
        let base = format!("/Resources/{}", lower::escape(id));
        match fields.iter().find(|(k, _, _)| k == "Properties") {
            Some((_, _, properties)) => check_profile(
                properties,
                &format!("{base}/Properties"),
                Some(id),
                Kind::CfnProperties,
                out,
            ),
            None => out.push(Located {
                resource: Some(id.clone()),
                pointer: base,
                at: *at,
                finding: Finding {
                    pointer: String::new(),
                    code: "required",
                    severity: appflow_connector_profile::Severity::Error,
                    message: "missing required member `Properties`".to_owned(),
                },
            }),
        }
    }
    count
}

fn validate(kind: Kind, json: Json) -> Vec<Finding> {
    fn all<T>(result: Result<Validated<T>, ValidationErrors>) -> Vec<Finding> {
        match result {
            Ok(validated) => validated.warnings,
            Err(errors) => errors.into_findings(),
        }
    }
    match kind {
        Kind::CfnTemplate | Kind::CfnProperties => all(cfn::ConnectorProfile::from_value(json)),
        Kind::CreateRequest => all(api::CreateConnectorProfileRequest::from_value(json)),
        Kind::UpdateRequest => all(api::UpdateConnectorProfileRequest::from_value(json)),
    }
}

/// Whether a finding is about the literal value at an intrinsic (and so says nothing yet).
fn about_intrinsic(finding: &Finding, intrinsics: &[String]) -> bool {
    intrinsics.iter().any(|p| {
        (finding.pointer == *p || finding.pointer.starts_with(&format!("{p}/")))
            && !matches!(finding.code, "unknown-key" | "required")
    })
}

/// Codes of findings about one value's constraints or a document's structure; everything else
/// is a per-connector rule.
const CONSTRAINT_CODES: &[&str] = &[
    "required",
    "length",
    "pattern",
    "enum",
    "range",
    "unique",
    "unknown-key",
    "key-pattern",
    "type",
    "json",
];

/// One lowering of the document, with placeholder kinds adjusted until every intrinsic stands
/// where its JSON type is accepted.
fn pass(node: &Node, kind: Kind, branch: usize, variant: usize) -> (Lowered, Vec<Finding>) {
    let mut choice = lower::Choice {
        branch,
        variant,
        kinds: BTreeMap::new(),
    };
    loop {
        let mut lowered = Lowered::default();
        lowered.json = lower::lower(node, "", &choice, &mut lowered).unwrap_or(Json::Null);
        let findings = validate(kind, lowered.json.clone());
        // An intrinsic where the schema wants another JSON type: try the next placeholder.
        let retry: Vec<String> = lowered
            .intrinsics
            .iter()
            .filter(|p| {
                findings
                    .iter()
                    .any(|f| f.code == "type" && &f.pointer == *p)
            })
            .filter(|p| choice.kinds.get(*p).copied().unwrap_or(0) + 1 < PLACEHOLDERS)
            .cloned()
            .collect();
        if retry.is_empty() {
            return (lowered, findings);
        }
        for p in retry {
            *choice.kinds.entry(p).or_insert(0) += 1;
        }
    }
}

/// Validates one profile document and places its findings. Each `Fn::If` branch gets its own
/// passes; each branch is lowered twice with different placeholder values, and only findings of
/// both passes are kept, so none depends on a value known only at deployment. Where an intrinsic
/// stands for an enum (the connector type, say), the rules cannot be judged and are left out.
fn check_profile(
    node: &Node,
    base: &str,
    resource: Option<&String>,
    kind: Kind,
    out: &mut Vec<Located>,
) {
    let mut seen = BTreeSet::new();
    for branch in 0..2 {
        let (lowered, first) = pass(node, kind, branch, 0);
        let (_, second) = if lowered.intrinsics.is_empty() {
            (Lowered::default(), first.clone())
        } else {
            pass(node, kind, branch, 1)
        };
        let stable: BTreeSet<(&str, &str, &str)> = second
            .iter()
            .map(|f| (f.pointer.as_str(), f.code, f.message.as_str()))
            .collect();
        let enum_unknown = first
            .iter()
            .any(|f| f.code == "enum" && lowered.intrinsics.contains(&f.pointer));
        for finding in &first {
            if about_intrinsic(finding, &lowered.intrinsics)
                || !stable.contains(&(
                    finding.pointer.as_str(),
                    finding.code,
                    finding.message.as_str(),
                ))
                || (enum_unknown && !CONSTRAINT_CODES.contains(&finding.code))
            {
                continue;
            }
            if !seen.insert((
                finding.pointer.clone(),
                finding.code,
                finding.message.clone(),
            )) {
                continue;
            }
            let at = position(&lowered.positions, &finding.pointer).unwrap_or(node.at);
            out.push(Located {
                resource: resource.cloned(),
                pointer: format!("{base}{}", finding.pointer),
                at,
                finding: finding.clone(),
            });
        }
        if !lowered.has_if {
            break;
        }
    }
}

/// The position of the longest prefix of `pointer` that the source has.
fn position(positions: &BTreeMap<String, Position>, pointer: &str) -> Option<Position> {
    let mut current = pointer;
    loop {
        if let Some(at) = positions.get(current) {
            return Some(*at);
        }
        let cut = current.rfind('/')?;
        current = &current[..cut];
    }
}
