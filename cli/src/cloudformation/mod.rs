//! The CloudFormation dialect: what a template's text means before any reasoning about the
//! template. Its intrinsic functions ([`functions`]: names, typed arguments, argument checks,
//! long forms), and what CloudFormation itself decides before any resource handler sees a
//! template, which the command therefore checks in templates and Properties documents (never in
//! API bodies): `null` is refused anywhere, and scalars are converted to the JSON type the schema
//! wants.
//!
//! A dialect depends only on the source tree ([`crate::source`]) and the command's leaf modules;
//! the template reasoning, the lowering and the checks depend on it, never the other way.

pub mod functions;

use appflow_connector_profile::validation::{echo, mask};
use serde_json::Value as Json;

use crate::grammar;
use crate::source::{Node, Position, Value};
use crate::text::pointer_token;

/// A `null` in a template: where, and what to say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Null<'a> {
    /// The logical id of the resource it is in, if any.
    pub resource: Option<&'a str>,
    /// JSON Pointer of the null value (keys as findings show them).
    pub pointer: String,
    /// The member's key, or the item.
    pub at: Position,
    /// What is wrong.
    pub message: &'static str,
}

const NULL_MEMBER: &str = "`null` is not allowed in a template (CloudFormation: \"'null' values are not allowed in templates\"); remove the member, or write `!Ref AWS::NoValue` where a condition leaves it out";
const NULL_ITEM: &str = "`null` is not allowed in a template (CloudFormation: \"'null' values are not allowed in templates\"); remove the item, or write `!Ref AWS::NoValue` where a condition leaves it out";

/// One step of a path into the document.
#[derive(Clone, Copy)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// The generated crate's redaction of a profile's properties holding `leaf` at `path`, and what
/// it makes of the leaf (`None`: an object above it was redacted whole).
fn redacted_at(path: &[Step<'_>], leaf: Json) -> Option<Json> {
    let key = |step: &Step<'_>| match step {
        Step::Key(key) => (*key).to_owned(),
        Step::Index(index) => index.to_string(),
    };
    let mut value = leaf;
    for step in path.iter().rev() {
        value = Json::Object([(key(step), value)].into_iter().collect());
    }
    let mut redacted = appflow_connector_profile::lifecycle::redact_properties(&value);
    for step in path {
        redacted = redacted.get(key(step))?.clone();
    }
    Some(redacted)
}

/// Whether the key at the end of `path` (into a profile's properties) may hold a secret and is
/// shown masked: the generated crate redacts it both as text and as an object, so it is a
/// member a credentials object does not declare (`{AccessToken:TOKEN}` without its space), or a
/// declared secret (masked too: the safe side).
fn may_be_secret(path: &[Step<'_>]) -> bool {
    let redacted = |leaf: Json| {
        redacted_at(path, leaf)
            .is_none_or(|v| v.as_str() == Some(appflow_connector_profile::REDACTED))
    };
    redacted(Json::String("x".into())) && redacted(Json::Object(serde_json::Map::new()))
}

/// The JSON Pointer of `path` as findings show it: keys through `echo`, or through `mask` inside
/// credentials objects (`inside`: the index of the first step into a profile's properties).
fn shown_pointer(path: &[Step<'_>], inside: Option<usize>) -> String {
    let mut out = String::new();
    for (i, step) in path.iter().enumerate() {
        out.push('/');
        match step {
            Step::Index(index) => out.push_str(&index.to_string()),
            Step::Key(key) => {
                let secret =
                    inside.is_some_and(|first| i >= first && may_be_secret(&path[first..=i]));
                let shown = if secret { mask(key) } else { echo(key) };
                out.push_str(&pointer_token(&shown));
            }
        }
    }
    out
}

/// Every `null` below `root` (a template when `template`, else a Properties document), in
/// document order; the root itself is left to the checks of the document's shape. Explicit
/// stack: no recursion.
pub fn nulls(root: &Node, template: bool) -> Vec<Null<'_>> {
    struct Open<'a> {
        node: &'a Node,
        path: Vec<Step<'a>>,
        resource: Option<&'a str>,
        /// The index in `path` of the first step into a profile's properties.
        inside: Option<usize>,
    }
    let mut out = Vec::new();
    let mut stack = vec![Open {
        node: root,
        path: Vec::new(),
        resource: None,
        inside: (!template).then_some(0),
    }];
    while let Some(open) = stack.pop() {
        let steps: Vec<(Step<'_>, Position, &Node)> = match &open.node.value {
            Value::Map(entries) => entries
                .iter()
                .map(|(key, at, child)| (Step::Key(key), *at, child))
                .collect(),
            Value::Seq(items) => items
                .iter()
                .enumerate()
                .map(|(index, item)| (Step::Index(index), item.at, item))
                .collect(),
            _ => Vec::new(),
        };
        let mut children: Vec<Open<'_>> = Vec::new();
        for (step, at, child) in steps {
            let mut path = open.path.clone();
            path.push(step);
            // `/Resources/<id>` and `/Resources/<id>/Properties` in a template.
            let (resource, inside) = match (template, open.path.as_slice(), step) {
                (true, [Step::Key(section)], Step::Key(id)) if *section == grammar::RESOURCES => {
                    (Some(id), open.inside)
                }
                (true, [Step::Key(section), Step::Key(_)], Step::Key(key))
                    if *section == grammar::RESOURCES && key == grammar::PROPERTIES =>
                {
                    (open.resource, Some(path.len()))
                }
                _ => (open.resource, open.inside),
            };
            if child.value == Value::Null {
                out.push(Null {
                    resource,
                    pointer: shown_pointer(&path, inside),
                    at,
                    message: match step {
                        Step::Key(_) => NULL_MEMBER,
                        Step::Index(_) => NULL_ITEM,
                    },
                });
                continue;
            }
            children.push(Open {
                node: child,
                path,
                resource,
                inside,
            });
        }
        // Popped in document order.
        stack.extend(children.into_iter().rev());
    }
    out.sort_by_key(|n| n.at);
    out
}

/// cfn-lint 1.58.0's boolean spellings (`cfnlint.helpers.BOOLEAN_STRINGS`, accepted by its
/// non-strict E3012 where the schema wants a boolean).
const TRUE_SPELLINGS: [&str; 3] = ["true", "True", "TRUE"];
const FALSE_SPELLINGS: [&str; 3] = ["false", "False", "FALSE"];

/// What CloudFormation makes of template text where the schema wants a number or a boolean: the
/// number it reads as (`"443"`, `"-1.5"`, `"4.43e2"`), or the boolean of one of the six
/// spellings; `None` for any other text (`"yes"`, `"0x1F"`, `" 443"`).
pub fn converted_text(text: &str) -> Option<Json> {
    if TRUE_SPELLINGS.contains(&text) {
        return Some(Json::Bool(true));
    }
    if FALSE_SPELLINGS.contains(&text) {
        return Some(Json::Bool(false));
    }
    crate::source::number(text).map(Json::Number)
}

/// What CloudFormation makes of a template scalar where the schema wants another JSON type:
/// text that reads as a number or a boolean becomes one ([`converted_text`]), a number or a
/// boolean becomes its text (`20240101` → `"20240101"`). `None`: no other reading (objects,
/// arrays, null, other text).
pub fn converted(value: &Value) -> Option<Json> {
    match value {
        Value::Str(text) => converted_text(text),
        Value::Number(n) => Some(Json::String(n.to_string())),
        Value::Bool(b) => Some(Json::String(b.to_string())),
        Value::Map(_) | Value::Seq(_) | Value::Null => None,
    }
}
