//! Deciding what a document is, validating each connector profile in it, and keeping only the
//! findings that literal values deserve (an intrinsic's value is unknown until deployment).
//! Whatever cannot be judged is an error, never skipped: duplicate keys, malformed intrinsics,
//! unknown tags, a template whose `Resources` or resources have the wrong shape.

use std::collections::{BTreeMap, BTreeSet};

use appflow_connector_profile::{
    api, cfn, Finding, FromJson, Severity, Validated, ValidationErrors,
};
use serde_json::Value as Json;

use crate::lower::{self, Choice, Lowered, PLACEHOLDERS};
use crate::source::{Node, Position, Value};
use appflow_connector_profile::validation::echo;

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

    /// Whether the document is CloudFormation, where intrinsic functions mean something.
    fn has_intrinsics(self) -> bool {
        matches!(self, Kind::CfnTemplate | Kind::CfnProperties)
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

impl Located {
    fn error(
        resource: Option<&str>,
        pointer: String,
        at: Position,
        code: &'static str,
        message: String,
    ) -> Self {
        Located {
            resource: resource.map(str::to_owned),
            pointer: pointer.clone(),
            at,
            finding: Finding {
                pointer,
                code,
                severity: Severity::Error,
                message,
            },
        }
    }
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
    duplicate_keys(root, &mut String::new(), &mut out);
    let count = match kind {
        Kind::CfnTemplate => check_template(root, &mut out),
        _ => {
            check_profile(root, "", None, kind, &mut out);
            1
        }
    };
    Ok((kind, count, out))
}

/// Every key given twice in one mapping, reported at both places (CloudFormation rejects such a
/// template; a reader keeping only one of them would leave the other unchecked). The key itself is
/// not repeated: the positions say which it is.
fn duplicate_keys(node: &Node, pointer: &mut String, out: &mut Vec<Located>) {
    match &node.value {
        Value::Map(entries) => {
            let mut first: BTreeMap<&str, Position> = BTreeMap::new();
            for (key, at, _) in entries {
                if let Some(earlier) = first.get(key.as_str()) {
                    let shown = if pointer.is_empty() {
                        "/"
                    } else {
                        pointer.as_str()
                    };
                    for (here, there) in [(*earlier, *at), (*at, *earlier)] {
                        out.push(Located::error(
                            None,
                            shown.to_owned(),
                            here,
                            "duplicate-key",
                            format!(
                                "this key is given again at {}:{}; CloudFormation and AppFlow reject duplicate keys",
                                there.line, there.column
                            ),
                        ));
                    }
                } else {
                    first.insert(key, *at);
                }
            }
            for (key, _, value) in entries {
                let mark = pointer.len();
                pointer.push('/');
                pointer.push_str(&echo(&lower::pointer_token(key)));
                duplicate_keys(value, pointer, out);
                pointer.truncate(mark);
            }
        }
        Value::Seq(items) => {
            for (index, item) in items.iter().enumerate() {
                let mark = pointer.len();
                pointer.push('/');
                pointer.push_str(&index.to_string());
                duplicate_keys(item, pointer, out);
                pointer.truncate(mark);
            }
        }
        _ => {}
    }
}

const RESOURCE_TYPE: &str = "AWS::AppFlow::ConnectorProfile";

fn describe(value: &Value) -> &'static str {
    match value {
        Value::Map(_) => "a mapping",
        Value::Seq(_) => "a list",
        Value::Str(_) => "a string",
        Value::Number(_) => "a number",
        Value::Bool(_) => "a boolean",
        Value::Null => "null",
    }
}

fn member<'a>(
    entries: &'a [(String, Position, Node)],
    name: &str,
) -> Option<(&'a Position, &'a Node)> {
    // The last of duplicate keys, as JSON and YAML readers take it; the duplicate is reported.
    entries
        .iter()
        .rev()
        .find(|(k, _, _)| k == name)
        .map(|(_, at, node)| (at, node))
}

fn check_template(root: &Node, out: &mut Vec<Located>) -> usize {
    let Value::Map(entries) = &root.value else {
        out.push(Located::error(
            None,
            String::new(),
            root.at,
            "template",
            format!(
                "a template must be a mapping, found {}",
                describe(&root.value)
            ),
        ));
        return 0;
    };
    let Some((resources_at, resources)) = member(entries, "Resources") else {
        out.push(Located::error(
            None,
            String::new(),
            root.at,
            "required",
            "a template must have a `Resources` section".to_owned(),
        ));
        return 0;
    };
    let Value::Map(resources) = &resources.value else {
        out.push(Located::error(
            None,
            "/Resources".to_owned(),
            *resources_at,
            "template",
            format!(
                "`Resources` must be a mapping of logical ids to resources, found {}",
                describe(&resources.value)
            ),
        ));
        return 0;
    };
    let mut count = 0;
    for (id, at, resource) in resources {
        let base = format!("/Resources/{}", echo(&lower::pointer_token(id)));
        let Value::Map(fields) = &resource.value else {
            out.push(Located::error(
                Some(id),
                base,
                *at,
                "template",
                format!(
                    "a resource must be a mapping, found {}",
                    describe(&resource.value)
                ),
            ));
            continue;
        };
        let resource_type = match member(fields, "Type") {
            None => {
                out.push(Located::error(
                    Some(id),
                    base,
                    *at,
                    "required",
                    "missing required member `Type`".to_owned(),
                ));
                continue;
            }
            Some((_, node)) => match &node.value {
                Value::Str(text) if node.tag.is_none() => text,
                other => {
                    out.push(Located::error(
                        Some(id),
                        format!("{base}/Type"),
                        node.at,
                        "type",
                        format!(
                            "`Type` must be a resource type name, found {}",
                            describe(other)
                        ),
                    ));
                    continue;
                }
            },
        };
        if resource_type != RESOURCE_TYPE {
            continue;
        }
        count += 1;
        match member(fields, "Properties") {
            Some((_, properties)) => check_profile(
                properties,
                &format!("{base}/Properties"),
                Some(id),
                Kind::CfnProperties,
                out,
            ),
            None => out.push(Located::error(
                Some(id),
                base,
                *at,
                "required",
                "missing required member `Properties`".to_owned(),
            )),
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

/// A finding with where it lands in the source.
struct Placed {
    finding: Finding,
    place: lower::Place,
}

/// One lowering of the document, with placeholder kinds adjusted until every intrinsic stands
/// where its JSON type is accepted.
fn pass<'a>(
    node: &'a Node,
    kind: Kind,
    branch: usize,
    variant: usize,
) -> (Lowered<'a>, Vec<Placed>) {
    let mut choice = Choice {
        branch,
        variant,
        kinds: Vec::new(),
        intrinsics: kind.has_intrinsics(),
    };
    loop {
        let mut lowered = lower::lower_document(node, &choice);
        let mut occurrences: BTreeMap<(String, &str, String), usize> = BTreeMap::new();
        let findings: Vec<Placed> = validate(kind, std::mem::take(&mut lowered.json))
            .into_iter()
            .map(|finding| {
                let seen = occurrences
                    .entry((
                        finding.pointer.clone(),
                        finding.code,
                        finding.message.clone(),
                    ))
                    .or_default();
                let place = lower::place(&lowered.shadow, &finding.pointer, *seen);
                *seen += 1;
                Placed { finding, place }
            })
            .collect();
        // An intrinsic where the schema wants another JSON type: try the next placeholder.
        let mut retry = BTreeSet::new();
        for placed in &findings {
            if let (Some((id, true)), "type") = (placed.place.intrinsic, placed.finding.code) {
                if choice.kinds.get(id).copied().unwrap_or(0) + 1 < PLACEHOLDERS {
                    retry.insert(id);
                }
            }
        }
        if retry.is_empty() {
            return (lowered, findings);
        }
        choice.kinds.resize(lowered.intrinsics, 0);
        for id in retry {
            choice.kinds[id] += 1;
        }
    }
}

/// Validates one profile document and places its findings. Malformed intrinsics and unknown tags
/// are errors first. Each `Fn::If` branch gets its own passes; each branch is lowered twice with
/// different placeholder values, and only findings of both passes are kept, so none depends on a
/// value known only at deployment. Where an intrinsic stands for an enum (the connector type,
/// say), the rules cannot be judged and are left out.
fn check_profile(
    node: &Node,
    base: &str,
    resource: Option<&String>,
    kind: Kind,
    out: &mut Vec<Located>,
) {
    for problem in lower::malformed(node, kind.has_intrinsics()) {
        out.push(Located::error(
            resource.map(String::as_str),
            base.to_owned(),
            problem.at,
            problem.code,
            problem.message,
        ));
    }
    let mut seen = BTreeSet::new();
    for branch in 0..2 {
        let (lowered, first) = pass(node, kind, branch, 0);
        let second = if lowered.intrinsics == 0 {
            None
        } else {
            Some(pass(node, kind, branch, 1).1)
        };
        // Findings are told apart by where they land too: keys that share a masked form give
        // findings with the same pointer and message.
        let stable: Option<BTreeSet<(&str, &str, &str, Position)>> =
            second.as_ref().map(|second| {
                second
                    .iter()
                    .map(|p| {
                        (
                            p.finding.pointer.as_str(),
                            p.finding.code,
                            p.finding.message.as_str(),
                            p.place.at,
                        )
                    })
                    .collect()
            });
        let enum_unknown = first
            .iter()
            .any(|p| p.finding.code == "enum" && matches!(p.place.intrinsic, Some((_, true))));
        for Placed { finding, place } in &first {
            let about_intrinsic =
                place.intrinsic.is_some() && !matches!(finding.code, "unknown-key" | "required");
            let unstable = stable.as_ref().is_some_and(|stable| {
                !stable.contains(&(
                    finding.pointer.as_str(),
                    finding.code,
                    finding.message.as_str(),
                    place.at,
                ))
            });
            if about_intrinsic
                || unstable
                || (enum_unknown && !CONSTRAINT_CODES.contains(&finding.code))
            {
                continue;
            }
            if !seen.insert((
                finding.pointer.clone(),
                finding.code,
                finding.message.clone(),
                place.at,
            )) {
                continue;
            }
            out.push(Located {
                resource: resource.cloned(),
                pointer: format!("{base}{}", finding.pointer),
                at: place.at,
                finding: finding.clone(),
            });
        }
        if !lowered.has_if {
            break;
        }
    }
}
