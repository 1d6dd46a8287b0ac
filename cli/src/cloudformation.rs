//! What CloudFormation itself decides about a template before any resource handler sees it, and
//! the command therefore checks in templates and Properties documents (never in API bodies):
//! `null` is refused anywhere, scalars are converted to the JSON type the schema wants, and two
//! resources of one type cannot share a primary identifier.

use std::collections::BTreeMap;

use appflow_connector_profile::validation::{echo, mask};
use serde_json::Value as Json;

use crate::grammar;
use crate::lower::pointer_token;
use crate::source::{Node, Position, Value};

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
        if child.value == Value::Null {
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
        Value::Map(_) | Value::Seq(_) | Value::Null => None,
    }
}

/// What a resource's primary identifier is known to be.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Identity {
    /// The expression of each identifier property that is an intrinsic function (long form),
    /// or its literal text: two equal ones give the same value in one stack.
    expression: Vec<String>,
    /// The value, when the template fixes it (literals, `Fn::Sub`/`Fn::Join` of literals,
    /// `Fn::FindInMap` with literal keys), or a parameter's one value (its default or only
    /// allowed value): with whether a parameter takes part.
    value: Option<(Vec<String>, bool)>,
}

/// A resource whose primary identifier another resource of the template has too.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Duplicate<'a> {
    /// The resource's logical id.
    pub resource: &'a str,
    /// JSON Pointer of its identifier property (the first, if there are several).
    pub pointer: String,
    /// Where that property's key is.
    pub at: Position,
    /// Whether the values are equal only when parameters take their default (a warning).
    pub depends_on_parameters: bool,
    /// What is wrong, naming the other resources.
    pub message: String,
}

/// The identifier properties of the resource type, from the generated crate's
/// `primaryIdentifier`: `None` when one of them is nested or read-only (set by the service), so
/// a template cannot give two resources the same one (cfn-lint E3019 skips them too).
fn identifier_properties() -> Option<Vec<&'static str>> {
    use appflow_connector_profile::cfn::resource::{Property, PRIMARY_IDENTIFIER};
    PRIMARY_IDENTIFIER
        .iter()
        .map(|pointer| {
            let name = pointer.strip_prefix("/properties/")?;
            let read_only = Property::from_pointer(pointer).is_ok_and(|p| p.is_read_only());
            (!name.contains('/') && !read_only).then_some(name)
        })
        .collect::<Option<Vec<_>>>()
        .filter(|names| !names.is_empty())
}

/// What `node`, an identifier property's value, is known to be; `None` when it cannot be
/// compared (an `Fn::If`, `AWS::NoValue`, a list or mapping).
///
/// A value is fixed when every parameter taking part has one possible value: a single allowed
/// value, or the one the resource's condition implies (`known`); else it holds only when the
/// parameters take their defaults.
fn identity_of(
    node: &Node,
    template: &crate::template::Template<'_>,
    known: &crate::conditions::Known,
) -> Option<(String, Option<(String, bool)>)> {
    use crate::lower::call;
    use crate::template::Source;
    match call(node) {
        Some(c) if c.name == "If" => None,
        Some(c) if c.name == "Ref" && *c.arg == Value::Str("AWS::NoValue".to_owned()) => None,
        Some(c) => {
            let expression = crate::lifecycle::expression(node, true).to_string();
            let value = template.resolve(&c, known).and_then(|resolution| {
                match resolution.candidates.as_slice() {
                    // A return value's example is only its form.
                    [one] if one.return_value().is_none() => {
                        let fixed = one.sources.iter().all(|source| match source {
                            Source::Parameter { name, allowed, .. } => {
                                known.equal.contains_key(name)
                                    || (*allowed
                                        && template
                                            .parameters
                                            .get(name.as_str())
                                            .is_some_and(|p| p.allowed.len() == 1))
                            }
                            _ => true,
                        });
                        Some((one.value.clone(), !fixed))
                    }
                    _ => None,
                }
            });
            Some((expression, value))
        }
        None => {
            let text = crate::template::scalar_text(node)?;
            Some((Json::String(text.clone()).to_string(), Some((text, false))))
        }
    }
}

/// At most this many other resources are named in a finding (the rest are counted).
const MAX_LISTED: usize = 3;
/// Conditions of one group of equal identifiers reasoned about pairwise.
const MAX_CONDITION_BUCKETS: usize = 16;

/// The resources of one group of equal identifiers under one condition (or all of them).
#[derive(Default)]
struct Bucket<'i> {
    members: Vec<usize>,
    /// How many have an identifier that no parameter takes part in.
    independent: usize,
    /// How many have each expression.
    expressions: BTreeMap<&'i Vec<String>, usize>,
}

/// One resource's duplicates.
struct Clash {
    resource: usize,
    others: usize,
    listed: Vec<usize>,
    /// Whether a duplicate holds whatever the parameters are (same expression, or values no
    /// parameter takes part in).
    certain: bool,
}

/// Resources of the connector profile type in `root` (a template) that share a primary
/// identifier: each one, naming the others. Two resources whose conditions cannot both be true
/// are no duplicates; when that is not known (the reasoning about conditions is bounded), they
/// are not reported.
pub fn duplicate_identifiers<'a>(
    root: &'a Node,
    template: &crate::template::Template<'_>,
) -> Vec<Duplicate<'a>> {
    use appflow_connector_profile::cfn::resource::TYPE_NAME;
    let Some(names) = identifier_properties() else {
        return Vec::new();
    };
    let member = |node: &'a Node, name: &str| -> Option<(Position, &'a Node)> {
        match &node.value {
            Value::Map(entries) => entries
                .iter()
                .rev()
                .find(|(k, _, _)| k == name)
                .map(|(_, at, n)| (*at, n)),
            _ => None,
        }
    };
    struct Candidate<'a> {
        id: &'a str,
        at: Position,
        condition: Option<&'a str>,
        identity: Identity,
    }
    let mut candidates: Vec<Candidate<'a>> = Vec::new();
    let Some((_, resources)) = member(root, grammar::RESOURCES) else {
        return Vec::new();
    };
    let Value::Map(resources) = &resources.value else {
        return Vec::new();
    };
    'resources: for (id, _, resource) in resources {
        match member(resource, grammar::TYPE) {
            Some((
                _,
                Node {
                    value: Value::Str(t),
                    tag: None,
                    ..
                },
            )) if t == TYPE_NAME => {}
            _ => continue,
        }
        let condition = match member(resource, grammar::CONDITION) {
            Some((
                _,
                Node {
                    value: Value::Str(c),
                    ..
                },
            )) => Some(c.as_str()),
            Some(_) => continue,
            None => None,
        };
        let Some((_, properties)) = member(resource, grammar::PROPERTIES) else {
            continue;
        };
        if crate::lower::call(properties).is_some() {
            continue;
        }
        let mut identity = Identity {
            value: Some((Vec::new(), false)),
            ..Identity::default()
        };
        let known = condition
            .map(|c| crate::conditions::known_when(c, template))
            .unwrap_or_default();
        let mut first_at = None;
        for name in &names {
            // A missing identifier is given by the service: unique.
            let Some((at, node)) = member(properties, name) else {
                continue 'resources;
            };
            let Some((expression, value)) = identity_of(node, template, &known) else {
                continue 'resources;
            };
            first_at.get_or_insert(at);
            identity.expression.push(expression);
            identity.value = match (identity.value.take(), value) {
                (Some((mut values, depends)), Some((value, this))) => {
                    values.push(value);
                    Some((values, depends || this))
                }
                _ => None,
            };
        }
        candidates.push(Candidate {
            id,
            at: first_at.unwrap_or_default(),
            condition,
            identity,
        });
    }
    // Grouped by value where the template fixes one, else by expression (the same expression
    // resolves to the same value), then by condition within a group: the cost is linear in the
    // resources even when all share one name (no pair is looked at one by one).
    let mut groups: BTreeMap<(bool, &Vec<String>), Vec<usize>> = BTreeMap::new();
    for (i, c) in candidates.iter().enumerate() {
        let key = match &c.identity.value {
            Some((values, _)) => (true, values),
            None => (false, &c.identity.expression),
        };
        groups.entry(key).or_default().push(i);
    }
    let mut together_cache: BTreeMap<(&str, &str), bool> = BTreeMap::new();
    let mut together = |a: &'a str, b: &'a str| -> bool {
        *together_cache
            .entry((a, b))
            .or_insert_with(|| crate::conditions::can_hold_together(a, b, template) == Some(true))
    };
    let depends = |i: usize| candidates[i].identity.value.as_ref().is_some_and(|v| v.1);
    let mut clashes: Vec<Clash> = Vec::new();
    for members in groups.values().filter(|m| m.len() > 1) {
        let mut buckets: BTreeMap<Option<&str>, Bucket<'_>> = BTreeMap::new();
        let mut all = Bucket::default();
        for &i in members {
            let c = &candidates[i];
            for bucket in [buckets.entry(c.condition).or_default(), &mut all] {
                bucket.members.push(i);
                bucket.independent += usize::from(!depends(i));
                *bucket
                    .expressions
                    .entry(&c.identity.expression)
                    .or_default() += 1;
            }
        }
        let conditioned = buckets.keys().filter(|c| c.is_some()).count();
        for &i in members {
            let c = &candidates[i];
            let mut clash = Clash {
                resource: i,
                others: 0,
                listed: Vec::new(),
                certain: false,
            };
            let add = |bucket: &Bucket<'_>, clash: &mut Clash| {
                let own = bucket.members.contains(&i);
                clash.others += bucket.members.len() - usize::from(own);
                clash.listed.extend(
                    bucket
                        .members
                        .iter()
                        .filter(|&&j| j != i)
                        .take(MAX_LISTED.saturating_sub(clash.listed.len())),
                );
                let same_expression = bucket
                    .expressions
                    .get(&c.identity.expression)
                    .copied()
                    .unwrap_or(0);
                let independent = bucket.independent - usize::from(own && !depends(i));
                clash.certain |=
                    same_expression > usize::from(own) || (!depends(i) && independent > 0);
            };
            match c.condition {
                // Always there: with every other resource of the group.
                None => add(&all, &mut clash),
                Some(own) => {
                    for (condition, bucket) in &buckets {
                        let with = match condition {
                            None => true,
                            Some(other) if *other == own => together(own, own),
                            // Beyond a few conditions, pairs of different ones are not
                            // reasoned about: not reported.
                            Some(_) if conditioned > MAX_CONDITION_BUCKETS => false,
                            Some(other) => together(own, other),
                        };
                        if with {
                            add(bucket, &mut clash);
                        }
                    }
                }
            }
            if clash.others > 0 {
                clashes.push(clash);
            }
        }
    }
    clashes.sort_by_key(|c| c.resource);
    let shown_names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    let mut out = Vec::new();
    for clash in clashes {
        let c = &candidates[clash.resource];
        let depends = !clash.certain;
        let listed: Vec<String> = clash
            .listed
            .iter()
            .map(|&j| {
                let o = &candidates[j];
                format!("`{}` ({}:{})", echo(o.id), o.at.line, o.at.column)
            })
            .collect();
        let more = clash.others - listed.len();
        let resources = format!(
            "resource{} {}{}",
            if clash.others > 1 { "s" } else { "" },
            listed.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        );
        let shown = shown_names.join(", ");
        let what = match &c.identity.value {
            _ if depends => format!(
                "{shown} is the same as in {resources} when the parameters take their default values"
            ),
            Some((values, false)) => {
                format!("{shown} is `{}` in {resources} too", echo(&values.join("`, `")))
            }
            _ => format!("{shown} is the same expression in {resources} too, so the same value"),
        };
        out.push(Duplicate {
            resource: c.id,
            pointer: format!(
                "/{}/{}/{}/{}",
                grammar::RESOURCES,
                echo(&pointer_token(c.id)),
                grammar::PROPERTIES,
                pointer_token(names[0])
            ),
            at: c.at,
            depends_on_parameters: depends,
            message: format!(
                "{what}: the primary identifier names one {TYPE_NAME} per account and region, so the second create fails"
            ),
        });
    }
    out
}
