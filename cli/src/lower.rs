//! From the source tree to the JSON the validator reads: intrinsic functions become placeholders
//! (their values are known only at deployment), `Fn::If` takes one branch, `!Ref AWS::NoValue`
//! removes its member, and every JSON Pointer keeps its source position.

use std::collections::BTreeMap;

use serde_json::{Map, Value as Json};

use crate::source::{Node, Position, Value};

/// The CloudFormation intrinsic functions and condition functions, as short-form tag names.
const SHORT_FORMS: &[&str] = &[
    "Ref",
    "GetAtt",
    "Sub",
    "Join",
    "If",
    "Select",
    "Split",
    "FindInMap",
    "ImportValue",
    "Base64",
    "GetAZs",
    "Cidr",
    "Equals",
    "And",
    "Or",
    "Not",
    "Condition",
    "Length",
    "ToJsonString",
    "Transform",
];

/// What stands in for an intrinsic, tried in this order until the schema accepts its JSON type.
pub const PLACEHOLDERS: usize = 5;

/// The stand-in for the intrinsic at `pointer`. Strings name their pointer, so two intrinsics
/// never look equal (`uniqueItems`); `variant` 0 and 1 give different values, so a finding that
/// depends on the unknown value shows up in one pass only and is dropped.
fn placeholder(kind: usize, variant: usize, pointer: &str) -> Json {
    match kind {
        0 => Json::String(format!("${{intrinsic {variant} at {pointer}}}")),
        1 => Json::from(1 + variant),
        2 => Json::Bool(variant == 0),
        3 => Json::Object(Map::new()),
        _ => Json::Array(Vec::new()),
    }
}

/// The lowered document.
#[derive(Debug, Default)]
pub struct Lowered {
    /// The JSON with placeholders.
    pub json: Json,
    /// Source position of each JSON Pointer (a member's key, an item's value).
    pub positions: BTreeMap<String, Position>,
    /// Pointers where an intrinsic stood.
    pub intrinsics: Vec<String>,
    /// Whether an `Fn::If` was seen (so the other branch needs its own pass).
    pub has_if: bool,
}

/// An intrinsic: a short-form tag, or a one-key mapping `Ref` / `Fn::…` / `Condition`.
fn intrinsic(node: &Node) -> Option<(String, &Node)> {
    if let Some(tag) = &node.tag {
        if SHORT_FORMS.contains(&tag.as_str()) {
            return Some((tag.clone(), node));
        }
    }
    if let Value::Map(entries) = &node.value {
        if let [(key, _, inner)] = entries.as_slice() {
            if key == "Ref" || key == "Condition" {
                return Some((key.clone(), inner));
            }
            if let Some(name) = key.strip_prefix("Fn::") {
                return Some((name.to_owned(), inner));
            }
        }
    }
    None
}

fn is_no_value(node: &Node) -> bool {
    matches!(intrinsic(node), Some((name, arg)) if name == "Ref" && arg.value == Value::Str("AWS::NoValue".to_owned()))
}

/// Escapes a JSON Pointer token.
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// How a document is lowered: which `Fn::If` branch (0 or 1), which placeholder variant, and
/// which placeholder kind at each intrinsic pointer.
#[derive(Debug, Clone, Default)]
pub struct Choice {
    /// The `Fn::If` branch taken.
    pub branch: usize,
    /// The placeholder variant.
    pub variant: usize,
    /// The placeholder kind per intrinsic pointer (0 when absent).
    pub kinds: BTreeMap<String, usize>,
}

/// Lowers `node` at `pointer` as `choice` says; `None` when the member is to be left out.
pub fn lower(node: &Node, pointer: &str, choice: &Choice, out: &mut Lowered) -> Option<Json> {
    out.positions.entry(pointer.to_owned()).or_insert(node.at);
    if is_no_value(node) {
        return None;
    }
    if let Some((name, arg)) = intrinsic(node) {
        if name == "If" {
            out.has_if = true;
            if let Value::Seq(items) = &arg.value {
                if let [_, first, second] = items.as_slice() {
                    let chosen = if choice.branch == 0 { first } else { second };
                    return lower(chosen, pointer, choice, out);
                }
            }
        }
        out.intrinsics.push(pointer.to_owned());
        let kind = choice.kinds.get(pointer).copied().unwrap_or(0);
        return Some(placeholder(kind, choice.variant, pointer));
    }
    Some(match &node.value {
        Value::Map(entries) => {
            let mut map = Map::new();
            for (key, at, value) in entries {
                let child = format!("{pointer}/{}", escape(key));
                out.positions.insert(child.clone(), *at);
                if let Some(lowered) = lower(value, &child, choice, out) {
                    map.insert(key.clone(), lowered);
                }
            }
            Json::Object(map)
        }
        Value::Seq(items) => {
            let mut lowered = Vec::new();
            for item in items {
                let child = format!("{pointer}/{}", lowered.len());
                if let Some(value) = lower(item, &child, choice, out) {
                    lowered.push(value);
                }
            }
            Json::Array(lowered)
        }
        Value::Str(s) => Json::String(s.clone()),
        Value::Number(n) => Json::Number(n.clone()),
        Value::Bool(b) => Json::Bool(*b),
        Value::Null => Json::Null,
    })
}
