//! From the source tree to the JSON the validator reads: intrinsic functions become placeholders
//! (their values are known only at deployment) unless the template fixes them (see
//! [`crate::template`]: they then become the value), a string holding a `{{resolve:…}}` dynamic
//! reference is a placeholder too, `Fn::If` takes the branch its condition's value in the
//! scenario says, `!Ref AWS::NoValue` removes its member. Beside the JSON, a [`Shadow`] of the same shape keeps each member's source
//! position and marks the intrinsics, so a finding's JSON Pointer is placed by walking it
//! (memory linear in the input: no pointer string is kept per node).

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value as Json};

use crate::cloudformation;
use crate::dynref;
use crate::source::{Node, Position, Tag, Value};
use crate::template::{Candidate, Template};
use crate::template_codes::Code;

/// What stands in for an intrinsic, tried in this order until the schema accepts its JSON type.
pub const PLACEHOLDERS: usize = 5;

/// The stand-in for intrinsic number `id`. Strings carry the number, so two intrinsics never look
/// equal (`uniqueItems`); `variant` 0 and 1 give different values, so a finding that depends on
/// the unknown value shows up in one pass only and is dropped. Only variant 0 holds white space,
/// so a pattern matched in part because of it (`pattern-partial`) is such a finding.
fn placeholder(kind: usize, variant: usize, id: usize) -> Json {
    match kind {
        0 if variant == 0 => Json::String(format!("${{intrinsic 0 #{id}}}")),
        0 => Json::String(format!("${{intrinsic-1-#{id}}}")),
        1 => Json::from(1 + variant),
        2 => Json::Bool(variant == 0),
        3 => Json::Object(Map::new()),
        _ => Json::Array(Vec::new()),
    }
}

/// A JSON Pointer token for `key` (RFC 6901: `~` and `/` escaped).
pub fn pointer_token(key: &str) -> String {
    if !key.contains(['~', '/']) {
        return key.to_owned();
    }
    key.replace('~', "~0").replace('/', "~1")
}

/// An intrinsic function call in the source: `!Name arg` or a one-key mapping `Ref: arg` /
/// `Fn::Name: arg`.
#[derive(Clone, Copy, Debug)]
pub struct Call<'a> {
    /// The function's name without `Fn::` (`Ref`, `If`, `GetAtt`, …).
    pub name: &'a str,
    /// Whether it was written as a tag (`!If`) rather than a mapping (`Fn::If`).
    pub short: bool,
    /// Its argument.
    pub arg: &'a Value,
    /// Where the argument starts.
    pub arg_at: Position,
}

impl Call<'_> {
    /// The function as written: `!If` or `Fn::If`.
    pub fn spelled(&self) -> String {
        match (self.short, self.name) {
            (true, name) => format!("!{name}"),
            (false, "Ref") => "Ref".to_owned(),
            (false, name) => format!("Fn::{name}"),
        }
    }
}

/// The intrinsic call at `node`, if it is one.
pub fn call(node: &Node) -> Option<Call<'_>> {
    if let Some(Tag::Local(name)) = &node.tag {
        return Some(Call {
            name,
            short: true,
            arg: &node.value,
            arg_at: node.at,
        });
    }
    if let Value::Map(entries) = &node.value {
        if let [(key, _, inner)] = entries.as_slice() {
            let name = if key == "Ref" {
                Some("Ref")
            } else {
                key.strip_prefix("Fn::")
            };
            if let Some(name) = name {
                return Some(Call {
                    name,
                    short: false,
                    arg: &inner.value,
                    arg_at: inner.at,
                });
            }
        }
    }
    None
}

fn is_no_value(call: &Call<'_>) -> bool {
    call.name == "Ref" && *call.arg == Value::Str("AWS::NoValue".to_owned())
}

/// The condition and branches of a well-formed `Fn::If`.
fn if_branches<'a>(call: &Call<'a>) -> Option<(&'a str, &'a Node, &'a Node)> {
    match call.arg {
        Value::Seq(items) if call.name == "If" => match items.as_slice() {
            [Node {
                value: Value::Str(condition),
                ..
            }, first, second] => Some((condition, first, second)),
            _ => None,
        },
        _ => None,
    }
}

/// How a document is lowered: the conditions' values (which `Fn::If` branches), which
/// placeholder variant, which placeholder kind each intrinsic (numbered in document order) gets,
/// and which of the values the template fixes are used.
#[derive(Debug, Clone, Default)]
pub struct Choice {
    /// Each condition's value; a condition not listed is true (its `Fn::If`s take the first
    /// branch).
    pub conditions: BTreeMap<String, bool>,
    /// What the conditions' values say about the parameters.
    pub known: crate::conditions::Known,
    /// Whether values that depend on parameters (allowed values, defaults) are used; values the
    /// template fixes whatever the deployment (mappings, literals, return values) always are.
    pub parameters: bool,
    /// Which of its values each such intrinsic takes (modulo their number).
    pub pick: usize,
    /// Intrinsics left unresolved (their value was of the wrong JSON type for the schema).
    pub unresolved: BTreeSet<usize>,
    /// The placeholder variant.
    pub variant: usize,
    /// The placeholder kind per intrinsic number (0 when absent).
    pub kinds: Vec<usize>,
    /// Whether intrinsic functions are interpreted (templates) or plain data (API bodies).
    pub intrinsics: bool,
    /// Literal scalars (by their source position) read as CloudFormation converts them, because
    /// the schema wants another JSON type there ([`crate::cloudformation::converted`]).
    pub converted: BTreeSet<Position>,
    /// Literal scalars whose converted value was of the wrong type too: read as written.
    pub unconverted: BTreeSet<Position>,
    /// Resolved intrinsics whose text is read as the number or boolean it spells.
    pub converted_resolved: BTreeSet<usize>,
}

/// Where each lowered value came from, in the shape of the lowered JSON.
#[derive(Debug)]
pub struct Shadow<'a> {
    /// The member's key, or the item's value, in the source.
    pub at: Position,
    /// What stands here.
    pub kind: ShadowKind<'a>,
}

/// The shape of a [`Shadow`] node.
#[derive(Debug)]
pub enum ShadowKind<'a> {
    /// A scalar.
    Leaf,
    /// The placeholder of intrinsic number `.0`.
    Intrinsic(usize),
    /// Intrinsic number `.0`, replaced by a value the template fixes.
    Resolved(usize),
    /// A literal scalar of a template that CloudFormation would convert to another JSON type,
    /// with the scalar's own position (the key of `Shadow::at` for a member).
    Scalar(Position),
    /// An object's members by key (the last of duplicate keys, as in the JSON), and the keys
    /// by the other forms in which findings may show them.
    Map {
        /// The members.
        members: BTreeMap<&'a str, Shadow<'a>>,
        /// The mapping's entries in the source, from which `shown` is built.
        entries: &'a [(String, Position, Node)],
        /// Displayed form → the keys shown so, in source order, for keys whose displayed forms
        /// differ from them (several keys can share one masked form). Built when a pointer first
        /// misses a member: most mappings are never asked, and the forms (escaped, bounded,
        /// masked) of every key of every lowering were a tenth of a template's check.
        shown: OnceCell<BTreeMap<String, Vec<&'a str>>>,
    },
    /// An array's items, after `AWS::NoValue` items are removed.
    Seq(Vec<Shadow<'a>>),
}

/// The lowered document.
#[derive(Debug)]
pub struct Lowered<'a> {
    /// The JSON with placeholders.
    pub json: Json,
    /// Source positions, in the JSON's shape.
    pub shadow: Shadow<'a>,
    /// How many intrinsics were replaced by placeholders.
    pub intrinsics: usize,
    /// Each intrinsic's source node, by number.
    pub sources: Vec<&'a Node>,
    /// The resolved intrinsics: the function as written and the value used.
    pub resolved: BTreeMap<usize, (String, Candidate)>,
    /// The largest number of values an intrinsic that depends on parameters can take.
    pub max_candidates: usize,
}

/// Lowers a document as `choice` says.
pub fn lower_document<'a>(
    node: &'a Node,
    choice: &Choice,
    template: Option<&Template<'_>>,
) -> Lowered<'a> {
    let mut lowering = Lowering {
        choice,
        template,
        intrinsics: 0,
        sources: Vec::new(),
        resolved: BTreeMap::new(),
        max_candidates: 0,
    };
    let (json, shadow) = lowering.lower(node, node.at).unwrap_or((
        Json::Null,
        Shadow {
            at: node.at,
            kind: ShadowKind::Leaf,
        },
    ));
    Lowered {
        json,
        shadow,
        intrinsics: lowering.intrinsics,
        sources: lowering.sources,
        resolved: lowering.resolved,
        max_candidates: lowering.max_candidates,
    }
}

struct Lowering<'c, 'a, 't> {
    choice: &'c Choice,
    template: Option<&'t Template<'t>>,
    intrinsics: usize,
    sources: Vec<&'a Node>,
    resolved: BTreeMap<usize, (String, Candidate)>,
    max_candidates: usize,
}

impl<'a> Lowering<'_, 'a, '_> {
    /// Lowers `node`, placed at `at`; `None` when the member is to be left out. Recursion is
    /// bounded by the source's depth limit.
    fn lower(&mut self, node: &'a Node, at: Position) -> Option<(Json, Shadow<'a>)> {
        if self.choice.intrinsics {
            let call = call(node);
            let dynamic = match (&call, &node.value) {
                (None, Value::Str(text)) => node.tag.is_none() && dynref::contains(text),
                _ => false,
            };
            if let Some(call) = &call {
                if is_no_value(call) {
                    return None;
                }
                if let Some((condition, first, second)) = if_branches(call) {
                    let value = self.choice.conditions.get(condition).copied();
                    let chosen = if value.unwrap_or(true) { first } else { second };
                    return self.lower(chosen, at);
                }
            }
            if call.is_some() || dynamic {
                let id = self.intrinsics;
                self.intrinsics += 1;
                self.sources.push(node);
                if let (Some(call), Some(template)) = (&call, self.template) {
                    if !self.choice.unresolved.contains(&id) {
                        if let Some(resolution) = template.resolve(call, &self.choice.known) {
                            let variable = resolution
                                .candidates
                                .iter()
                                .any(Candidate::depends_on_parameters);
                            if variable {
                                self.max_candidates =
                                    self.max_candidates.max(resolution.candidates.len());
                            }
                            if !variable || self.choice.parameters {
                                let n = resolution.candidates.len();
                                let candidate = resolution.candidates[self.choice.pick % n].clone();
                                let converted = self
                                    .choice
                                    .converted_resolved
                                    .contains(&id)
                                    .then(|| cloudformation::converted_text(&candidate.value))
                                    .flatten();
                                let json = converted
                                    .unwrap_or_else(|| Json::String(candidate.value.clone()));
                                self.resolved.insert(id, (resolution.spelled, candidate));
                                return Some((
                                    json,
                                    Shadow {
                                        at,
                                        kind: ShadowKind::Resolved(id),
                                    },
                                ));
                            }
                        }
                    }
                }
                let kind = self.choice.kinds.get(id).copied().unwrap_or(0);
                return Some((
                    placeholder(kind, self.choice.variant, id),
                    Shadow {
                        at,
                        kind: ShadowKind::Intrinsic(id),
                    },
                ));
            }
        }
        let leaf = |json| {
            Some((
                json,
                Shadow {
                    at,
                    kind: ShadowKind::Leaf,
                },
            ))
        };
        if self.choice.intrinsics {
            if let Some(converted) = cloudformation::converted(&node.value) {
                let kind = ShadowKind::Scalar(node.at);
                if self.choice.converted.contains(&node.at) {
                    return Some((converted, Shadow { at, kind }));
                }
                let json = match &node.value {
                    Value::Str(s) => Json::String(s.clone()),
                    Value::Number(n) => Json::Number(n.clone()),
                    Value::Bool(b) => Json::Bool(*b),
                    _ => Json::Null,
                };
                return Some((json, Shadow { at, kind }));
            }
        }
        match &node.value {
            Value::Map(entries) => {
                let mut map = Map::with_capacity(entries.len());
                let mut shadows = BTreeMap::new();
                for (key, key_at, value) in entries {
                    if let Some((json, shadow)) = self.lower(value, *key_at) {
                        map.insert(key.clone(), json);
                        shadows.insert(key.as_str(), shadow);
                    } else {
                        // `AWS::NoValue` after an earlier duplicate: the member is gone.
                        map.remove(key);
                        shadows.remove(key.as_str());
                    }
                }
                Some((
                    Json::Object(map),
                    Shadow {
                        at,
                        kind: ShadowKind::Map {
                            members: shadows,
                            entries,
                            shown: OnceCell::new(),
                        },
                    },
                ))
            }
            Value::Seq(items) => {
                let mut json = Vec::with_capacity(items.len());
                let mut shadows = Vec::with_capacity(items.len());
                for item in items {
                    if let Some((value, shadow)) = self.lower(item, item.at) {
                        json.push(value);
                        shadows.push(shadow);
                    }
                }
                Some((
                    Json::Array(json),
                    Shadow {
                        at,
                        kind: ShadowKind::Seq(shadows),
                    },
                ))
            }
            Value::Str(s) => leaf(Json::String(s.clone())),
            Value::Number(n) => leaf(Json::Number(n.clone())),
            Value::Bool(b) => leaf(Json::Bool(*b)),
            Value::Null => leaf(Json::Null),
        }
    }
}

/// Where a finding's JSON Pointer lands in the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    /// The position of the deepest part of the pointer the source has.
    pub at: Position,
    /// The intrinsic on the way, and whether the pointer ends exactly at it.
    pub intrinsic: Option<(usize, bool)>,
    /// The resolved intrinsic the pointer ends at.
    pub resolved: Option<usize>,
    /// The convertible literal scalar the pointer ends at (its own position).
    pub scalar: Option<Position>,
}

/// The forms in which a finding's JSON Pointer may show a source key: findings show keys that
/// came from the input bounded and escaped, or masked where they may hold a secret.
fn displayed_forms(key: &str) -> [String; 2] {
    use appflow_connector_profile::validation::{echo, mask};
    [pointer_token(&echo(key)), pointer_token(&mask(key))]
}

/// Displayed form → the keys of `entries` shown so, in source order, for keys whose displayed
/// forms differ from them. A duplicate key keeps its first place among the keys shown alike.
fn shown_forms(entries: &[(String, Position, Node)]) -> BTreeMap<String, Vec<&str>> {
    let mut shown: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for (key, _, _) in entries {
        if seen.insert(key.as_str()) {
            for form in displayed_forms(key) {
                if form != *key {
                    shown.entry(form).or_default().push(key.as_str());
                }
            }
        }
    }
    shown
}

/// Places `pointer` (RFC 6901) in `shadow`. A token that names no member exactly is looked up
/// among the members' displayed forms; where several keys share one, `occurrence` says which (the
/// validator reports members in source order, so the n-th finding with this pointer is about the
/// n-th of them).
pub fn place(shadow: &Shadow<'_>, pointer: &str, occurrence: usize) -> Place {
    let mut current = shadow;
    for token in pointer.split('/').skip(1) {
        let next = match &current.kind {
            ShadowKind::Intrinsic(id) => {
                return Place {
                    at: current.at,
                    intrinsic: Some((*id, false)),
                    resolved: None,
                    scalar: None,
                }
            }
            ShadowKind::Map {
                members,
                entries,
                shown,
            } => {
                let key = if token.contains('~') {
                    Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
                } else {
                    Cow::Borrowed(token)
                };
                members.get(key.as_ref()).or_else(|| {
                    let keys = shown.get_or_init(|| shown_forms(entries)).get(token)?;
                    let name = keys.get(occurrence).or(keys.last())?;
                    members.get(name)
                })
            }
            ShadowKind::Seq(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
            ShadowKind::Leaf | ShadowKind::Resolved(_) | ShadowKind::Scalar(_) => None,
        };
        match next {
            Some(next) => current = next,
            None => {
                return Place {
                    at: current.at,
                    intrinsic: None,
                    resolved: None,
                    scalar: None,
                }
            }
        }
    }
    Place {
        at: current.at,
        intrinsic: match current.kind {
            ShadowKind::Intrinsic(id) => Some((id, true)),
            _ => None,
        },
        resolved: match current.kind {
            ShadowKind::Resolved(id) => Some(id),
            _ => None,
        },
        scalar: match current.kind {
            ShadowKind::Scalar(source) => Some(source),
            _ => None,
        },
    }
}

/// How an intrinsic function's argument must look (the CloudFormation intrinsic function
/// reference: docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html).
#[derive(Clone, Copy, Debug)]
enum Args {
    /// A non-empty name (`Ref`).
    Name,
    /// `Resource.Attribute` or `[Resource, Attribute]`.
    GetAtt,
    /// A string, or `[string, {variables}]`.
    Sub,
    /// A list of `min..=max` items; with `leading_string`, the first is a string.
    List {
        min: usize,
        max: usize,
        leading_string: bool,
    },
    /// A string or an intrinsic function.
    StringOrCall,
    /// Anything (`Fn::Length`, `Fn::ToJsonString`, `Fn::Transform`).
    Any,
    /// A condition function: it decides a condition and never stands for a value.
    Condition,
}

const FUNCTIONS: &[(&str, Args)] = &[
    ("Ref", Args::Name),
    ("GetAtt", Args::GetAtt),
    ("Sub", Args::Sub),
    (
        "Join",
        Args::List {
            min: 2,
            max: 2,
            leading_string: true,
        },
    ),
    (
        "If",
        Args::List {
            min: 3,
            max: 3,
            leading_string: true,
        },
    ),
    (
        "Select",
        Args::List {
            min: 2,
            max: 2,
            leading_string: false,
        },
    ),
    (
        "Split",
        Args::List {
            min: 2,
            max: 2,
            leading_string: true,
        },
    ),
    (
        "FindInMap",
        Args::List {
            min: 3,
            max: 4,
            leading_string: false,
        },
    ),
    (
        "Cidr",
        Args::List {
            min: 3,
            max: 3,
            leading_string: false,
        },
    ),
    ("ImportValue", Args::StringOrCall),
    ("Base64", Args::StringOrCall),
    ("GetAZs", Args::StringOrCall),
    ("Length", Args::Any),
    ("ToJsonString", Args::Any),
    ("Transform", Args::Any),
    ("Equals", Args::Condition),
    ("And", Args::Condition),
    ("Or", Args::Condition),
    ("Not", Args::Condition),
    ("Condition", Args::Condition),
];

/// YAML core tags whose meaning the reader applies.
const CORE_TAGS: &[&str] = &["str", "int", "float", "bool", "null", "map", "seq"];

/// A problem with an intrinsic function or a tag, at its position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Malformed {
    /// [`Code::Intrinsic`] for a function, [`Code::Tag`] for a tag.
    pub code: Code,
    /// Where.
    pub at: Position,
    /// What is wrong.
    pub message: String,
}

/// Every malformed intrinsic function and unknown tag in `node` (with `intrinsics` false, as in
/// an API body, every local tag is unknown).
pub fn malformed(node: &Node, intrinsics: bool) -> Vec<Malformed> {
    let mut out = Vec::new();
    audit(node, intrinsics, &mut out);
    out
}

fn audit(node: &Node, intrinsics: bool, out: &mut Vec<Malformed>) {
    let mut report = |at: Position, message: String| {
        out.push(Malformed {
            code: Code::Tag,
            at,
            message,
        })
    };
    match &node.tag {
        Some(Tag::Core(name)) if !CORE_TAGS.contains(&name.as_str()) => {
            report(node.at, format!("unknown tag `!!{}`", echo(name)))
        }
        Some(Tag::Other(name)) => report(node.at, format!("unknown tag `!<{}>`", echo(name))),
        Some(Tag::Local(name)) if !intrinsics => report(
            node.at,
            format!(
                "the tag `!{}` has no meaning here: only templates have intrinsic functions",
                echo(name)
            ),
        ),
        _ => {}
    }
    if intrinsics {
        if let Some(call) = call(node) {
            check_call(&call, node.at, out);
            audit_children(call.arg, intrinsics, out);
            return;
        }
        if let Value::Map(entries) = &node.value {
            if entries.len() > 1 {
                for (key, at, _) in entries {
                    if key == "Ref" || key.starts_with("Fn::") {
                        out.push(Malformed {
                            code: Code::Intrinsic,
                            at: *at,
                            message: format!(
                                "`{}` must be the only key of its mapping to be an intrinsic function",
                                echo(key)
                            ),
                        });
                    }
                }
            }
        }
    }
    audit_children(&node.value, intrinsics, out);
}

fn audit_children(value: &Value, intrinsics: bool, out: &mut Vec<Malformed>) {
    match value {
        Value::Map(entries) => {
            for (_, _, child) in entries {
                audit(child, intrinsics, out);
            }
        }
        Value::Seq(items) => {
            for item in items {
                audit(item, intrinsics, out);
            }
        }
        _ => {}
    }
}

fn is_string_or_call(node: &Node) -> bool {
    matches!(node.value, Value::Str(_)) && node.tag.is_none() || call(node).is_some()
}

fn check_call(call: &Call<'_>, at: Position, out: &mut Vec<Malformed>) {
    let spelled = echo(&call.spelled());
    let Some((_, args)) = FUNCTIONS.iter().find(|(name, _)| *name == call.name) else {
        let (code, what) = if call.short {
            (Code::Tag, "unknown tag")
        } else {
            (Code::Intrinsic, "unknown intrinsic function")
        };
        out.push(Malformed {
            code,
            at,
            message: format!("{what} `{spelled}`"),
        });
        return;
    };
    let problem = match (args, call.arg) {
        (Args::Condition, _) => Some(format!(
            "`{spelled}` is a condition function: it belongs in `Conditions`, not in a value"
        )),
        (Args::Name, Value::Str(name)) if !name.is_empty() => None,
        (Args::Name, _) => Some(format!(
            "`{spelled}` takes the non-empty name of a parameter or resource"
        )),
        (Args::GetAtt, Value::Str(text))
            if text
                .split_once('.')
                .is_some_and(|(r, a)| !r.is_empty() && !a.is_empty()) =>
        {
            None
        }
        (Args::GetAtt, Value::Seq(items))
            if items.len() == 2
                && matches!(items[0].value, Value::Str(_))
                && is_string_or_call(&items[1]) =>
        {
            None
        }
        (Args::GetAtt, _) => Some(format!(
            "`{spelled}` takes `Resource.Attribute` or a list of a resource name and an attribute"
        )),
        (Args::Sub, Value::Str(_)) => None,
        (Args::Sub, Value::Seq(items))
            if items.len() == 2
                && matches!(items[0].value, Value::Str(_))
                && matches!(items[1].value, Value::Map(_)) =>
        {
            None
        }
        (Args::Sub, _) => Some(format!(
            "`{spelled}` takes a string, or a list of a string and a mapping of variables"
        )),
        (
            Args::List {
                min,
                max,
                leading_string,
            },
            Value::Seq(items),
        ) => {
            let count = items.len();
            if count < *min || count > *max {
                let wanted = if min == max {
                    format!("{min}")
                } else {
                    format!("{min} to {max}")
                };
                Some(format!(
                    "`{spelled}` takes a list of {wanted} arguments; it has {count}"
                ))
            } else if *leading_string && !matches!(items[0].value, Value::Str(_)) {
                Some(format!(
                    "the first argument of `{spelled}` must be a string"
                ))
            } else {
                None
            }
        }
        (Args::List { min, max, .. }, _) => {
            let wanted = if min == max {
                format!("{min}")
            } else {
                format!("{min} to {max}")
            };
            Some(format!("`{spelled}` takes a list of {wanted} arguments"))
        }
        (Args::StringOrCall, Value::Str(_) | Value::Map(_)) => None,
        (Args::StringOrCall, _) => Some(format!("`{spelled}` takes a string")),
        (Args::Any, _) => None,
    };
    if let Some(message) = problem {
        out.push(Malformed {
            code: Code::Intrinsic,
            at,
            message,
        });
    }
}

use appflow_connector_profile::validation::echo;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::parse;

    fn problems(yaml: &str) -> Vec<String> {
        malformed(&parse(yaml, false).unwrap(), true)
            .into_iter()
            .map(|m| format!("{}:{} {}", m.at.line, m.at.column, m.message))
            .collect()
    }

    #[test]
    fn well_formed_intrinsics_pass() {
        let yaml = "A: !If [C, !Ref X, !GetAtt R.Arn]\nB: !Sub ['${X}', {X: !Ref Y}]\nC: {'Fn::Join': ['', [a, !Ref B]]}\nD: !GetAZs ''\nE: !Select [0, !GetAZs '']\nF: !FindInMap [M, K, V]\nG: !!str 443\n";
        assert_eq!(problems(yaml), Vec::<String>::new());
    }

    #[test]
    fn malformed_intrinsics_and_unknown_tags_are_reported_where_they_are() {
        let yaml = "A: !If [C, x]\nB: !If C\nC: {'Fn::Bogus': 1}\nD: !Ref ''\nE: !Equals [a, b]\nF: !Foo x\nG: !If [C, a, b, c]\nH: {'Fn::If': [C]}\nI: !!binary abc\nJ: {Ref: X, Other: 1}\n";
        let found = problems(yaml);
        assert_eq!(found.len(), 10, "{found:#?}");
        assert!(
            found[0].starts_with("1:8 `!If` takes a list of 3 arguments; it has 2"),
            "{found:#?}"
        );
        assert!(found[1].starts_with("2:8 `!If` takes a list of 3"));
        assert!(found[2].starts_with("3:4 unknown intrinsic function `Fn::Bogus`"));
        assert!(found[3].contains("`!Ref` takes the non-empty name"));
        assert!(found[4].contains("condition function"));
        assert!(found[5].contains("unknown tag `!Foo`"));
        assert!(found[6].contains("it has 4"));
        assert!(found[7].contains("`Fn::If` takes a list of 3 arguments; it has 1"));
        assert!(found[8].contains("unknown tag `!!binary`"));
        assert!(found[9].contains("`Ref` must be the only key"));
    }

    #[test]
    fn api_bodies_have_no_intrinsics() {
        let node = parse("a: !Ref X\nb: {Ref: X}\n", false).unwrap();
        let found = malformed(&node, false);
        assert_eq!(found.len(), 1);
        let lowered = lower_document(
            &node,
            &Choice {
                intrinsics: false,
                ..Choice::default()
            },
            None,
        );
        assert_eq!(lowered.intrinsics, 0);
        assert_eq!(lowered.json["b"], serde_json::json!({"Ref": "X"}));
    }

    #[test]
    fn findings_are_placed_through_if_branches_and_removed_items() {
        let yaml = "A:\n  - !Ref AWS::NoValue\n  - x\n  - !If [C, {K: 1}, !Ref P]\n";
        let node = parse(yaml, false).unwrap();
        let first = lower_document(
            &node,
            &Choice {
                intrinsics: true,
                ..Choice::default()
            },
            None,
        );
        assert_eq!(
            place(&first.shadow, "/A/1/K", 0),
            Place {
                at: Position {
                    line: 4,
                    column: 14
                },
                intrinsic: None,
                resolved: None,
                // A literal a template converts where the schema wants another type.
                scalar: Some(Position {
                    line: 4,
                    column: 17
                }),
            }
        );
        let second = lower_document(
            &node,
            &Choice {
                conditions: [("C".to_owned(), false)].into(),
                intrinsics: true,
                ..Choice::default()
            },
            None,
        );
        assert_eq!(place(&second.shadow, "/A/1", 0).intrinsic, Some((0, true)));
        assert_eq!(
            place(&second.shadow, "/A/1/x", 0).intrinsic,
            Some((0, false))
        );
        assert_eq!(
            place(&second.shadow, "/A/0", 0).at,
            Position { line: 3, column: 5 }
        );
    }
}
