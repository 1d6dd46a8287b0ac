//! From the source tree to the JSON the validator reads: intrinsic functions become placeholders
//! (their values are known only at deployment) unless the template fixes them (see
//! [`crate::template`]: they then become the value), a string holding a `{{resolve:…}}` dynamic
//! reference is a placeholder too, `Fn::If` takes the branch its condition's value in the
//! scenario says, `!Ref AWS::NoValue` removes its member. Beside the JSON, a [`Shadow`] of the same shape keeps each member's source
//! position and marks the intrinsics, so a finding's JSON Pointer is placed by walking it
//! (memory linear in the input: no pointer string is kept per node).
//!
//! The JSON is a [`Tree`] borrowing the source's strings, which the generated crate reads in
//! place (`FromJson::from_tree`): a `serde_json::Value` per lowering (hashed keys, every string
//! copied) was a third of checking a template's profiles.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet};

use appflow_connector_profile::validation::{JsonTree, Shape};
use serde_json::Value as Json;

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
    fn value(self, variant: usize, id: usize) -> Tree<'static> {
        match self {
            Placeholder::Text if variant == 0 => {
                Tree::String(Cow::Owned(format!("${{intrinsic 0 #{id}}}")))
            }
            Placeholder::Text => Tree::String(Cow::Owned(format!("${{intrinsic-1-#{id}}}"))),
            Placeholder::Number => Tree::Number((1 + variant).into()),
            Placeholder::Boolean => Tree::Bool(variant == 0),
            Placeholder::Object => Tree::Object(Vec::new()),
            Placeholder::Array => Tree::Array(Vec::new()),
        }
    }
}

/// The lowered JSON, its strings borrowed from the source where lowering keeps them as written.
/// An object holds its members in the order of the `serde_json::Value` it stands for
/// (`preserve_order`), each key once: [`Tree::insert`] and [`Tree::remove`] change them as
/// `serde_json::Map` does.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Tree<'a> {
    /// `null`.
    #[default]
    Null,
    /// A boolean.
    Bool(bool),
    /// A number.
    Number(serde_json::Number),
    /// A string.
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<Tree<'a>>),
    /// An object's members, in order, each key once.
    Object(Vec<(Cow<'a, str>, Tree<'a>)>),
}

impl<'a> Tree<'a> {
    /// A `serde_json::Value` as a tree (CloudFormation's conversions of a scalar make them).
    fn from_json(json: Json) -> Tree<'a> {
        match json {
            Json::Null => Tree::Null,
            Json::Bool(b) => Tree::Bool(b),
            Json::Number(n) => Tree::Number(n),
            Json::String(s) => Tree::String(Cow::Owned(s)),
            Json::Array(items) => Tree::Array(items.into_iter().map(Tree::from_json).collect()),
            Json::Object(map) => Tree::Object(
                map.into_iter()
                    .map(|(k, v)| (Cow::Owned(k), Tree::from_json(v)))
                    .collect(),
            ),
        }
    }

    /// Where the member `key` of `members` is.
    fn position(members: &[(Cow<'a, str>, Tree<'a>)], key: &str) -> Option<usize> {
        members.iter().position(|(k, _)| k == key)
    }

    /// The member `key` of an object.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Tree<'a>> {
        match self {
            Tree::Object(members) => {
                let at = Tree::position(members, key)?;
                Some(&mut members[at].1)
            }
            _ => None,
        }
    }

    /// Whether an object has the member `key`.
    pub fn contains_key(&self, key: &str) -> bool {
        match self {
            Tree::Object(members) => Tree::position(members, key).is_some(),
            _ => false,
        }
    }

    /// Removes the member `key` of an object, as `serde_json::Map::remove` does with
    /// `preserve_order`: the last member takes its place (`IndexMap::swap_remove`).
    pub fn remove(&mut self, key: &str) -> Option<Tree<'a>> {
        match self {
            Tree::Object(members) => {
                let at = Tree::position(members, key)?;
                Some(members.swap_remove(at).1)
            }
            _ => None,
        }
    }

    /// Sets the member `key` of an object, as `serde_json::Map::insert` does: in the place of
    /// the key if the object has it, else last.
    pub fn insert(&mut self, key: Cow<'a, str>, value: Tree<'a>) {
        if let Tree::Object(members) = self {
            match Tree::position(members, &key) {
                Some(at) => members[at].1 = value,
                None => members.push((key, value)),
            }
        }
    }
}

/// A lowered object's members.
type TreeMember<'t, 'a> = fn(&'t (Cow<'a, str>, Tree<'a>)) -> (&'t str, &'t Tree<'a>);

fn tree_member<'t, 'a>((key, value): &'t (Cow<'a, str>, Tree<'a>)) -> (&'t str, &'t Tree<'a>) {
    (key, value)
}

impl<'a> JsonTree for Tree<'a> {
    type Members<'t>
        = std::iter::Map<std::slice::Iter<'t, (Cow<'a, str>, Tree<'a>)>, TreeMember<'t, 'a>>
    where
        Self: 't;

    fn shape(&self) -> Shape<'_, Self> {
        match self {
            Tree::Null => Shape::Null,
            Tree::Bool(b) => Shape::Bool(*b),
            Tree::Number(n) => Shape::Number(n),
            Tree::String(s) => Shape::String(s),
            Tree::Array(items) => Shape::Array(items),
            Tree::Object(members) => Shape::Object(members.iter().map(tree_member as TreeMember)),
        }
    }
}

/// An object's members as lowering writes them, in the order and with the values of a
/// `serde_json::Map` into which the same members are inserted and removed one by one (a key
/// given twice keeps its first place and takes the last value; `AWS::NoValue` after an earlier
/// duplicate removes the member, the last member taking its place): a key given twice is an
/// error of its own, but the validator's findings on the rest must not change.
struct ObjectWriter<'a> {
    members: Vec<(Cow<'a, str>, Tree<'a>)>,
    /// Where each key is among `members`, for objects too large to search: the key given twice
    /// would otherwise make writing them quadratic.
    index: Option<BTreeMap<&'a str, usize>>,
}

impl<'a> ObjectWriter<'a> {
    /// Objects of up to this many members are searched rather than indexed.
    const FEW: usize = 8;

    fn with_capacity(capacity: usize) -> Self {
        ObjectWriter {
            members: Vec::with_capacity(capacity),
            index: (capacity > Self::FEW).then(BTreeMap::new),
        }
    }

    fn position(&self, key: &str) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(key).copied(),
            None => self.members.iter().position(|(k, _)| k == key),
        }
    }

    fn insert(&mut self, key: &'a str, value: Tree<'a>) {
        match self.position(key) {
            Some(at) => self.members[at].1 = value,
            None => {
                if let Some(index) = &mut self.index {
                    index.insert(key, self.members.len());
                }
                self.members.push((Cow::Borrowed(key), value));
            }
        }
    }

    fn remove(&mut self, key: &'a str) {
        let Some(at) = self.position(key) else {
            return;
        };
        self.members.swap_remove(at);
        if let Some(index) = &mut self.index {
            index.remove(key);
            // The member that took its place (every key lowering writes is the source's).
            if let Some((Cow::Borrowed(moved), _)) = self.members.get(at) {
                index.insert(moved, at);
            }
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
    /// Whether no string of the document holds a dynamic reference (a walk over it found none,
    /// [`crate::dynref::contains`]): its strings are then not searched for one at each lowering.
    pub without_dynamic_references: bool,
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

/// An object's members by key, each key once as the JSON holds it (the last of duplicate keys).
/// Built for every object of every lowering, and most objects have a handful of members: those
/// are kept as written and searched from the last, larger ones sorted (a key given many times
/// would make searching them quadratic).
#[derive(Debug)]
pub enum Members<'a> {
    /// Up to [`Members::FEW`] members in source order, `None` where `AWS::NoValue` removes the
    /// member: of a key given twice, the last written is the one the JSON holds.
    AsWritten(Vec<(&'a str, Option<Shadow<'a>>)>),
    /// The members sorted by key, each key once.
    Sorted(Vec<(&'a str, Shadow<'a>)>),
}

impl<'a> Members<'a> {
    /// Objects of up to this many members are kept as written.
    const FEW: usize = 8;

    /// From the members in source order; `None` removes the member (`AWS::NoValue`).
    fn new(in_order: Vec<(&'a str, Option<Shadow<'a>>)>) -> Self {
        if in_order.len() <= Self::FEW {
            Members::AsWritten(in_order)
        } else {
            Members::sorted(in_order)
        }
    }

    /// Sorted, whatever their number.
    fn sorted(mut in_order: Vec<(&'a str, Option<Shadow<'a>>)>) -> Self {
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
        Members::Sorted(members)
    }

    /// The member named `key`.
    pub fn get(&self, key: &str) -> Option<&Shadow<'a>> {
        match self {
            Members::AsWritten(members) => {
                members.iter().rev().find(|(k, _)| *k == key)?.1.as_ref()
            }
            Members::Sorted(members) => members
                .binary_search_by(|(k, _)| (*k).cmp(key))
                .ok()
                .map(|i| &members[i].1),
        }
    }

    /// The members, each key once (in no particular order).
    pub fn iter(&self) -> impl Iterator<Item = (&'a str, &Shadow<'a>)> {
        let members: Vec<(&'a str, &Shadow<'a>)> = match self {
            Members::AsWritten(members) => members
                .iter()
                .enumerate()
                .filter(|(i, (key, _))| !members[i + 1..].iter().any(|(later, _)| later == key))
                .filter_map(|(_, (key, shadow))| Some((*key, shadow.as_ref()?)))
                .collect(),
            Members::Sorted(members) => members.iter().map(|(k, v)| (*k, v)).collect(),
        };
        members.into_iter()
    }
}

/// The lowered document.
#[derive(Debug)]
pub struct Lowered<'a> {
    /// The JSON with placeholders.
    pub json: Tree<'a>,
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
        Tree::Null,
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
    fn lower(&mut self, node: &'a Node, at: Position) -> Option<(Tree<'a>, Shadow<'a>)> {
        if self.choice.intrinsics {
            let call = call(node);
            let dynamic = match (&call, &node.value) {
                (None, Value::Str(text)) => {
                    !self.choice.without_dynamic_references
                        && node.tag.is_none()
                        && dynref::contains(text)
                }
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
                                let json = converted.map_or_else(
                                    || Tree::String(Cow::Owned(candidate.value.clone())),
                                    Tree::from_json,
                                );
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
        if self.choice.intrinsics && convertible(&node.value) {
            let kind = ShadowKind::Scalar(node.at);
            if self.choice.converted.contains(&node.at) {
                if let Some(converted) = cloudformation::converted(&node.value) {
                    return Some((Tree::from_json(converted), Shadow { at, kind }));
                }
            }
            let json = match &node.value {
                Value::Str(s) => Tree::String(Cow::Borrowed(s)),
                Value::Number(n) => Tree::Number(n.clone()),
                Value::Bool(b) => Tree::Bool(*b),
                _ => Tree::Null,
            };
            return Some((json, Shadow { at, kind }));
        }
        match &node.value {
            Value::Map(entries) => {
                let mut object = ObjectWriter::with_capacity(entries.len());
                let mut shadows = Vec::with_capacity(entries.len());
                for (key, key_at, value) in entries {
                    let lowered = self.lower(value, *key_at);
                    if let Some((json, shadow)) = lowered {
                        object.insert(key, json);
                        shadows.push((key.as_str(), Some(shadow)));
                    } else {
                        // `AWS::NoValue` after an earlier duplicate: the member is gone.
                        object.remove(key);
                        shadows.push((key.as_str(), None));
                    }
                }
                let shadows = Members::new(shadows);
                Some((
                    Tree::Object(object.members),
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
                    Tree::Array(json),
                    Shadow {
                        at,
                        kind: ShadowKind::Seq(shadows),
                    },
                ))
            }
            Value::Str(s) => leaf(Tree::String(Cow::Borrowed(s))),
            Value::Number(n) => leaf(Tree::Number(n.clone())),
            Value::Bool(b) => leaf(Tree::Bool(*b)),
            Value::Null => leaf(Tree::Null),
            Value::Unknown(_) => Some(self.unknown(node, at)),
        }
    }

    /// A value another dialect knows only later ([`Value::Unknown`]): a placeholder, as an
    /// intrinsic's.
    fn unknown(&mut self, node: &'a Node, at: Position) -> (Tree<'a>, Shadow<'a>) {
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
                    .map_or_else(
                        || Tree::String(Cow::Owned(candidate.value.clone())),
                        Tree::from_json,
                    );
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

/// Whether CloudFormation converts the scalar `value` where the schema wants another JSON type
/// ([`cloudformation::converted`] is `Some`), without making the converted value: most scalars
/// are read as written.
fn convertible(value: &Value) -> bool {
    match value {
        Value::Str(text) => cloudformation::converted_text(text).is_some(),
        Value::Number(_) | Value::Bool(_) => true,
        Value::Map(_) | Value::Seq(_) | Value::Null | Value::Unknown(_) => false,
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

/// The tokens of a JSON Pointer, still escaped: `pointer.split('/').skip(1)`, split at the byte
/// by `memchr` (`str::split`'s `char` searcher, set up for each token, was a third of placing a
/// finding, and a byte-by-byte search a fifth).
fn tokens(pointer: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(pointer);
    std::iter::from_fn(move || {
        let text = rest?;
        match memchr::memchr(b'/', text.as_bytes()) {
            Some(at) => {
                rest = Some(&text[at + 1..]);
                Some(&text[..at])
            }
            None => {
                rest = None;
                Some(text)
            }
        }
    })
    .skip(1)
}

/// Places `pointer` (RFC 6901) in `shadow`. A token that names no member exactly is looked up
/// among the members' displayed forms; where several keys share one, `occurrence` says which (the
/// validator reports members in source order, so the n-th finding with this pointer is about the
/// n-th of them).
pub fn place(shadow: &Shadow<'_>, pointer: &str, occurrence: usize) -> Place {
    // Searched once for the whole pointer: most escape nothing.
    let escaped = memchr::memchr(b'~', pointer.as_bytes()).is_some();
    let mut current = shadow;
    for token in tokens(pointer) {
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
                let key = if escaped && token.as_bytes().contains(&b'~') {
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
        assert_eq!(
            lowered.json.to_value()["b"],
            serde_json::json!({"Ref": "X"})
        );
    }

    /// A lowered object holds what a `serde_json::Map` (`preserve_order`) holds after the same
    /// inserts and removals, in the same order: a repeated key keeps its first place and takes
    /// the last value, `AWS::NoValue` after an earlier duplicate removes the member and the last
    /// member takes its place; in objects searched (few members) and indexed (many).
    #[test]
    fn objects_are_lowered_as_a_json_map_holds_them() {
        for n in [3, 12] {
            let mut yaml = String::new();
            let mut expected = serde_json::Map::new();
            let mut write = |key: String, value: Option<&str>| match value {
                Some(value) => {
                    yaml.push_str(&format!("{key}: {value}\n"));
                    expected.insert(key, Json::from(value));
                }
                None => {
                    yaml.push_str(&format!("{key}: !Ref AWS::NoValue\n"));
                    expected.remove(&key);
                }
            };
            for i in 0..n {
                write(format!("k{i}"), Some("first"));
            }
            // The last member moves into the removed one's place, and is found there.
            write("k1".to_owned(), None);
            write(format!("k{}", n - 1), Some("moved"));
            write("k1".to_owned(), Some("back"));
            write("k0".to_owned(), Some("again"));
            write("absent".to_owned(), None);
            let node = parse(&yaml, false).unwrap();
            let lowered = lower_document(
                &node,
                &Choice {
                    intrinsics: true,
                    ..Choice::default()
                },
                None,
            );
            let shown = |json: &Json| serde_json::to_string(json).unwrap();
            assert_eq!(
                shown(&lowered.json.to_value()),
                shown(&Json::Object(expected)),
                "{n} members"
            );
        }
    }

    /// Members kept as written answer as sorted ones do: the last of duplicate keys, none where
    /// the last is removed (`AWS::NoValue`), each key once.
    #[test]
    fn members_as_written_are_found_as_sorted_ones_are() {
        let keys = ["b", "a", "b", "c", "a", "d", "c", "e"];
        // Every removal pattern of those eight entries (`None` where bit i is set).
        for removed in 0..(1u32 << keys.len()) {
            let in_order = || {
                keys.iter()
                    .enumerate()
                    .map(|(i, key)| {
                        let shadow = Shadow {
                            at: Position {
                                line: i + 1,
                                column: 1,
                            },
                            kind: ShadowKind::Leaf,
                        };
                        (*key, (removed & (1 << i) == 0).then_some(shadow))
                    })
                    .collect::<Vec<_>>()
            };
            let as_written = Members::new(in_order());
            assert!(matches!(as_written, Members::AsWritten(_)));
            let sorted = Members::sorted(in_order());
            for key in ["a", "b", "c", "d", "e", "f", ""] {
                assert_eq!(
                    as_written.get(key).map(|s| s.at),
                    sorted.get(key).map(|s| s.at),
                    "{key:?} with removed {removed:b}"
                );
            }
            let all = |members: &Members<'_>| {
                let mut all: Vec<(String, Position)> =
                    members.iter().map(|(k, s)| (k.to_owned(), s.at)).collect();
                all.sort();
                all
            };
            assert_eq!(all(&as_written), all(&sorted), "removed {removed:b}");
        }
    }

    #[test]
    fn pointer_tokens_are_those_of_a_split() {
        for pointer in ["", "/", "/a", "/a/b", "/a//b/", "//", "/ä/~1/x", "a/b"] {
            assert_eq!(
                tokens(pointer).collect::<Vec<_>>(),
                pointer.split('/').skip(1).collect::<Vec<_>>(),
                "{pointer:?}"
            );
        }
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
