//! Two resources of the connector profile type in one template cannot share a primary
//! identifier (CloudFormation creates the first and the second create fails): found by comparing
//! identifiers as literals, values the template fixes and long-form expressions, with the
//! conditions that decide whether both resources exist.

use std::collections::BTreeMap;

use appflow_connector_profile::validation::echo;
use serde_json::Value as Json;

use crate::cloudformation::functions::{self, Function};
use crate::conditions;
use crate::grammar;
use crate::source::{Node, Position, Value};
use crate::template::{self, Known, Source, Template};
use crate::text::pointer_token;

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
    template: &Template<'_>,
    known: &Known,
) -> Option<(String, Option<(String, bool)>)> {
    match functions::call(node) {
        Some(c) if c.function == Some(Function::If) => None,
        Some(c) if c.is_no_value() => None,
        Some(c) => {
            let expression = functions::expression(node, true).to_string();
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
            let text = template::scalar_text(node)?;
            Some((json_string(&text), Some((text, false))))
        }
    }
}

/// `text` as a JSON string, as `serde_json` writes it; most need no escape and are only quoted
/// (one per profile's identifier: written through `Display`, a third of this check's cost).
fn json_string(text: &str) -> String {
    if text.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        return ["\"", text, "\""].concat();
    }
    Json::String(text.to_owned()).to_string()
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
pub fn duplicate_identifiers<'a>(root: &'a Node, template: &Template<'_>) -> Vec<Duplicate<'a>> {
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
        if functions::call(properties).is_some() {
            continue;
        }
        let mut identity = Identity {
            value: Some((Vec::new(), false)),
            ..Identity::default()
        };
        let known = condition
            .map(|c| conditions::known_when(c, template))
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
            .or_insert_with(|| conditions::can_hold_together(a, b, template) == Some(true))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_quoted_as_serde_json_writes_them() {
        for text in [
            "plain",
            "",
            "with \"quotes\"",
            "back\\slash",
            "tab\there",
            "é ü \u{7f}",
            "\u{1}",
        ] {
            assert_eq!(
                json_string(text),
                Json::String(text.to_owned()).to_string(),
                "{text:?}"
            );
        }
    }
}
