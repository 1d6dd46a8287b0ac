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

/// The tokens of `path` (into a profile's properties, keys only) as the generated crate's
/// findings show them: a probe document holding a value of the wrong type there (an array of
/// arrays) is validated, and the pointer of the finding at that place is taken, with each key
/// echoed, or masked where the crate masks it (a key a credentials object does not declare).
/// `None` when no finding lands there.
fn crate_tokens(path: &[Step<'_>]) -> Option<Vec<String>> {
    let mut keys = Vec::with_capacity(path.len());
    for step in path {
        match step {
            Step::Key(key) => keys.push(*key),
            Step::Index(_) => return None,
        }
    }
    let mut value = Json::Array(vec![Json::Array(Vec::new())]);
    for key in keys.iter().rev() {
        value = Json::Object([((*key).to_owned(), value)].into_iter().collect());
    }
    use appflow_connector_profile::FromJson;
    let findings = match appflow_connector_profile::cfn::ConnectorProfile::from_value(value) {
        Ok(validated) => validated.warnings,
        Err(errors) => errors.into_findings(),
    };
    findings.iter().find_map(|finding| {
        let tokens: Vec<&str> = finding.pointer.split('/').skip(1).collect();
        // At the place, or at the probe's first item (the member is a list).
        let at = tokens.len() == keys.len()
            || (tokens.len() == keys.len() + 1 && tokens.last() == Some(&"0"));
        (at && tokens.len() >= keys.len()).then(|| {
            tokens[..keys.len()]
                .iter()
                .map(|t| (*t).to_owned())
                .collect()
        })
    })
}

/// The JSON Pointer of `path` as findings show it: keys through `echo`, and inside a profile's
/// properties (from step `inside` on) as the generated crate shows them, masked inside
/// credentials objects: the longest part of the path the crate places a finding at
/// ([`crate_tokens`]; not a map's key, which the crate never puts in a pointer of its own),
/// the rest masked where the crate's redaction says a secret may be.
fn shown_pointer(path: &[Step<'_>], inside: Option<usize>) -> String {
    let (first, crate_shown) = match inside {
        Some(first) => (
            first,
            (first + 1..=path.len())
                .rev()
                .find_map(|end| crate_tokens(&path[first..end]))
                .unwrap_or_default(),
        ),
        None => (path.len(), Vec::new()),
    };
    let mut out = String::new();
    for (i, step) in path.iter().enumerate() {
        out.push('/');
        match step {
            Step::Index(index) => out.push_str(&index.to_string()),
            Step::Key(_) if i >= first && i - first < crate_shown.len() => {
                out.push_str(&crate_shown[i - first]);
            }
            Step::Key(key) => {
                let secret = i >= first && may_be_secret(&path[first..=i]);
                let shown = if secret { mask(key) } else { echo(key) };
                out.push_str(&pointer_token(&shown));
            }
        }
    }
    out
}

/// Every `null` below `root` (a template when `template`, else a Properties document), in
/// document order; the root itself is left to the checks of the document's shape. The walk
/// recurses at most as deep as the reader's depth limit ([`crate::source::MAX_DEPTH`]).
pub fn nulls(root: &Node, template: bool) -> Vec<Null<'_>> {
    let mut walk = NullWalk {
        template,
        path: Vec::new(),
        out: Vec::new(),
    };
    walk.visit(root, None, (!template).then_some(0));
    walk.out.sort_by_key(|n| n.at);
    walk.out
}

/// The walk of [`nulls`]: one path shared by every node, extended and cut back as the walk goes
/// down and up (a path copied per node was a twentieth of checking a template of many profiles).
struct NullWalk<'a> {
    template: bool,
    path: Vec<Step<'a>>,
    out: Vec<Null<'a>>,
}

impl<'a> NullWalk<'a> {
    /// The members or items of `node`; `inside` is the index in the path of the first step into
    /// a profile's properties.
    fn visit(&mut self, node: &'a Node, resource: Option<&'a str>, inside: Option<usize>) {
        match &node.value {
            Value::Map(entries) => {
                for (key, at, child) in entries {
                    self.step(Step::Key(key), *at, child, resource, inside);
                }
            }
            Value::Seq(items) => {
                for (index, item) in items.iter().enumerate() {
                    self.step(Step::Index(index), item.at, item, resource, inside);
                }
            }
            _ => {}
        }
    }

    fn step(
        &mut self,
        step: Step<'a>,
        at: Position,
        child: &'a Node,
        resource: Option<&'a str>,
        inside: Option<usize>,
    ) {
        // A scalar other than null has nothing below it to find: left before the path is
        // touched (most of a document's values are such scalars).
        let null = matches!(child.value, Value::Null);
        if !null && !matches!(child.value, Value::Map(_) | Value::Seq(_)) {
            return;
        }
        // `/Resources/<id>` and `/Resources/<id>/Properties` in a template.
        let (resource, inside) = match (self.template, self.path.as_slice(), step) {
            (true, [Step::Key(section)], Step::Key(id)) if *section == grammar::RESOURCES => {
                (Some(id), inside)
            }
            (true, [Step::Key(section), Step::Key(_)], Step::Key(key))
                if *section == grammar::RESOURCES && key == grammar::PROPERTIES =>
            {
                (resource, Some(self.path.len() + 1))
            }
            _ => (resource, inside),
        };
        self.path.push(step);
        if null {
            self.out.push(Null {
                resource,
                pointer: shown_pointer(&self.path, inside),
                at,
                message: match step {
                    Step::Key(_) => NULL_MEMBER,
                    Step::Index(_) => NULL_ITEM,
                },
            });
        } else {
            self.visit(child, resource, inside);
        }
        self.path.pop();
    }
}

/// cfn-lint 1.58.0's boolean spellings (`cfnlint.helpers.BOOLEAN_STRINGS`, accepted by its
/// non-strict E3012 where the schema wants a boolean).
const TRUE_SPELLINGS: [&str; 3] = ["true", "True", "TRUE"];
const FALSE_SPELLINGS: [&str; 3] = ["false", "False", "FALSE"];

/// What CloudFormation makes of template text where the schema wants a number or a boolean: the
/// integer it spells (`"443"`, `"+443"`, `"-1"`; digits only, as cfn-lint 1.58.0's non-strict
/// E3012 reads integers with Python's `int()`, whose leniencies — white space, `_` between digits
/// — are not taken), or the boolean of one of the six spellings; `None` for any other text
/// (`"yes"`, `"443.0"`, `"4.43e2"`, `" 443"`, `"0x1BB"`). The resource schema wants no
/// non-integer number anywhere, so decimal text is never converted.
pub fn converted_text(text: &str) -> Option<Json> {
    if TRUE_SPELLINGS.contains(&text) {
        return Some(Json::Bool(true));
    }
    if FALSE_SPELLINGS.contains(&text) {
        return Some(Json::Bool(false));
    }
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if let Ok(n) = text.parse::<i64>() {
        return Some(Json::from(n));
    }
    if let Ok(n) = text.parse::<u64>() {
        return Some(Json::from(n));
    }
    // Beyond 64 bits: a number all the same, out of any range the schema gives.
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
        Value::Map(_) | Value::Seq(_) | Value::Null | Value::Unknown(_) => None,
    }
}
