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
use crate::cloudformation::functions::{call, Args};
use crate::dynref;
use crate::source::{Node, Position, Value};
use crate::template::{Candidate, Known, Source, Template};
use crate::text::pointer_token;

/// What stands in for an intrinsic's unknown value: its JSON type, tried in this order
/// ([`Placeholder::next`]) until the schema accepts it where the intrinsic stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Placeholder {
    /// A string.
    #[default]
    Text,
    /// A number.
    Number,
    /// A boolean.
    Boolean,
    /// An object.
    Object,
    /// An array.
    Array,
}

impl Placeholder {
    /// The kind tried after this one, if any.
    pub fn next(self) -> Option<Placeholder> {
        match self {
            Placeholder::Text => Some(Placeholder::Number),
            Placeholder::Number => Some(Placeholder::Boolean),
            Placeholder::Boolean => Some(Placeholder::Object),
            Placeholder::Object => Some(Placeholder::Array),
            Placeholder::Array => None,
        }
    }

    /// The stand-in for intrinsic number `id`. Strings carry the number, so two intrinsics never
    /// look equal (`uniqueItems`); `variant` 0 and 1 give different values, so a finding that
    /// depends on the unknown value shows up in one pass only and is dropped. Only variant 0
    /// holds white space, so a pattern matched in part because of it (`pattern-partial`) is such
    /// a finding.
    fn value(self, variant: usize, id: usize) -> Json {
        match self {
            Placeholder::Text if variant == 0 => Json::String(format!("${{intrinsic 0 #{id}}}")),
            Placeholder::Text => Json::String(format!("${{intrinsic-1-#{id}}}")),
            Placeholder::Number => Json::from(1 + variant),
            Placeholder::Boolean => Json::Bool(variant == 0),
            Placeholder::Object => Json::Object(Map::new()),
            Placeholder::Array => Json::Array(Vec::new()),
        }
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
    pub known: Known,
    /// Whether values that depend on parameters (allowed values, defaults) are used; values the
    /// template fixes whatever the deployment (mappings, literals, return values) always are.
    pub parameters: bool,
    /// Which of its values each such intrinsic takes (modulo their number).
    pub pick: usize,
    /// Intrinsics left unresolved (their value was of the wrong JSON type for the schema).
    pub unresolved: BTreeSet<usize>,
    /// The placeholder variant.
    pub variant: usize,
    /// The placeholder kind per intrinsic number ([`Placeholder::Text`] when absent).
    pub kinds: Vec<Placeholder>,
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
        members: Members<'a>,
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

/// An object's members by key: sorted, each key once (the last of duplicate keys, as in the
/// JSON). A sorted vector rather than a map: built for every object of every lowering, and most
/// objects have a handful of members.
#[derive(Debug, Default)]
pub struct Members<'a>(Vec<(&'a str, Shadow<'a>)>);

impl<'a> Members<'a> {
    /// From the members in source order; `None` removes the member (`AWS::NoValue`).
    fn new(mut in_order: Vec<(&'a str, Option<Shadow<'a>>)>) -> Self {
        // Stable: of equal keys, the last written stays last, and is the one kept.
        in_order.sort_by(|a, b| a.0.cmp(b.0));
        let mut members: Vec<(&'a str, Shadow<'a>)> = Vec::with_capacity(in_order.len());
        let mut items = in_order.into_iter().peekable();
        while let Some((key, shadow)) = items.next() {
            if items.peek().is_some_and(|(next, _)| *next == key) {
                continue;
            }
            if let Some(shadow) = shadow {
                members.push((key, shadow));
            }
        }
        Members(members)
    }

    /// The member named `key`.
    pub fn get(&self, key: &str) -> Option<&Shadow<'a>> {
        self.0
            .binary_search_by(|(k, _)| (*k).cmp(key))
            .ok()
            .map(|i| &self.0[i].1)
    }

    /// The members, by key.
    pub fn iter(&self) -> impl Iterator<Item = (&'a str, &Shadow<'a>)> {
        self.0.iter().map(|(k, v)| (*k, v))
    }
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
                if call.is_no_value() {
                    return None;
                }
                if let Some(Args::If {
                    condition,
                    then,
                    otherwise,
                }) = call.args()
                {
                    let value = self.choice.conditions.get(condition).copied();
                    let chosen = if value.unwrap_or(true) {
                        then
                    } else {
                        otherwise
                    };
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
                let kind = self.choice.kinds.get(id).copied().unwrap_or_default();
                return Some((
                    kind.value(self.choice.variant, id),
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
                let mut shadows = Vec::with_capacity(entries.len());
                for (key, key_at, value) in entries {
                    let lowered = self.lower(value, *key_at);
                    if let Some((json, shadow)) = lowered {
                        map.insert(key.clone(), json);
                        shadows.push((key.as_str(), Some(shadow)));
                    } else {
                        // `AWS::NoValue` after an earlier duplicate: the member is gone.
                        map.remove(key);
                        shadows.push((key.as_str(), None));
                    }
                }
                let shadows = Members::new(shadows);
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
            Value::Unknown(_) => Some(self.unknown(node, at)),
        }
    }

    /// A value another dialect knows only later ([`Value::Unknown`]): a placeholder, as an
    /// intrinsic's.
    fn unknown(&mut self, node: &'a Node, at: Position) -> (Json, Shadow<'a>) {
        let id = self.intrinsics;
        self.intrinsics += 1;
        self.sources.push(node);
        // A default (a Terraform variable's) is tried where parameter values are.
        let default = match &node.value {
            Value::Unknown(unknown) => unknown.default.as_ref(),
            _ => None,
        };
        if let Some(default) = default {
            self.max_candidates = self.max_candidates.max(1);
            if self.choice.parameters && !self.choice.unresolved.contains(&id) {
                let candidate = Candidate {
                    value: default.value.clone(),
                    sources: vec![Source::Default {
                        name: default.name.clone(),
                        hidden: default.hidden,
                    }],
                };
                let json = self
                    .choice
                    .converted_resolved
                    .contains(&id)
                    .then(|| cloudformation::converted_text(&candidate.value))
                    .flatten()
                    .unwrap_or_else(|| Json::String(candidate.value.clone()));
                self.resolved
                    .insert(id, (default.spelled.clone(), candidate));
                return (
                    json,
                    Shadow {
                        at,
                        kind: ShadowKind::Resolved(id),
                    },
                );
            }
        }
        let kind = self.choice.kinds.get(id).copied().unwrap_or_default();
        (
            kind.value(self.choice.variant, id),
            Shadow {
                at,
                kind: ShadowKind::Intrinsic(id),
            },
        )
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

/// The tokens of a JSON Pointer, still escaped: `pointer.split('/').skip(1)`, by bytes (`/` is
/// ASCII), which is several times cheaper for the short tokens findings have; every finding is
/// placed.
fn pointer_tokens(pointer: &str) -> impl Iterator<Item = &str> {
    let mut rest = pointer.strip_prefix('/');
    std::iter::from_fn(move || {
        let text = rest?;
        match text.bytes().position(|b| b == b'/') {
            Some(end) => {
                rest = Some(&text[end + 1..]);
                Some(&text[..end])
            }
            None => {
                rest = None;
                Some(text)
            }
        }
    })
}

/// Places `pointer` (RFC 6901) in `shadow`. A token that names no member exactly is looked up
/// among the members' displayed forms; where several keys share one, `occurrence` says which (the
/// validator reports members in source order, so the n-th finding with this pointer is about the
/// n-th of them).
pub fn place(shadow: &Shadow<'_>, pointer: &str, occurrence: usize) -> Place {
    let mut current = shadow;
    for token in pointer_tokens(pointer) {
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
                let key = if token.as_bytes().contains(&b'~') {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::parse;

    #[test]
    fn pointer_tokens_are_those_split_at_slashes() {
        for pointer in [
            "",
            "/",
            "//",
            "/a",
            "/a/",
            "/a/b~1c/~0/0",
            "no-slash",
            "/é/ü/x",
        ] {
            assert_eq!(
                pointer_tokens(pointer).collect::<Vec<_>>(),
                pointer.split('/').skip(1).collect::<Vec<_>>(),
                "{pointer:?}"
            );
        }
    }

    #[test]
    fn api_bodies_have_no_intrinsics() {
        let node = parse("a: !Ref X\nb: {Ref: X}\n", false).unwrap();
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
