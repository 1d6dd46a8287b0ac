//! Terraform's plan as JSON (`terraform show -json PLANFILE`, format 1.x): every resource change
//! of a connector profile type that creates or updates, with its planned values (`change.after`)
//! in the dialect's [`Body`] and the values known only after apply (`change.after_unknown`) as
//! [`Value::Unknown`]s. Nested blocks are arrays of objects there, as in the JSON syntax; child
//! modules' resources are in `resource_changes` too, addressed `module.NAME.TYPE.NAME`. A value
//! `change.after_sensitive` marks (one a sensitive variable feeds) is shown by Terraform as
//! `(sensitive value)`, and is an unknown value here unless the provider's table holds it as a
//! secret, whose value no finding shows.

use appflow_connector_profile::terraform::{self as table, Attribute};

use super::{json, Body};
use crate::source::{Node, Position, Unknown, UnknownForm, Value};

/// The keys that tell a plan (`format_version` and `resource_changes` at the top).
pub const FORMAT_VERSION: &str = "format_version";
/// The resource changes.
pub const RESOURCE_CHANGES: &str = "resource_changes";

/// Whether a parsed JSON document is a plan.
pub fn is_plan(root: &Node) -> bool {
    let Value::Map(entries) = &root.value else {
        return false;
    };
    let has = |key: &str| entries.iter().any(|(k, _, _)| k == key);
    has(FORMAT_VERSION) && has(RESOURCE_CHANGES)
}

/// A created or updated resource of a plan.
#[derive(Debug)]
pub struct Change {
    /// Its address (`aws_appflow_connector_profile.sales`, `module.m.…`).
    pub address: String,
    /// Its type.
    pub type_name: String,
    /// The JSON Pointer of its planned values (`/resource_changes/N/change/after`).
    pub pointer: String,
    /// Where its planned values start.
    pub at: Position,
    /// The planned values, unknown ones marked.
    pub body: Body,
}

fn member<'a>(node: &'a Node, key: &str) -> Option<&'a Node> {
    match &node.value {
        Value::Map(entries) => entries
            .iter()
            .rev()
            .find(|(k, _, _)| k == key)
            .map(|(_, _, n)| n),
        _ => None,
    }
}

fn text<'a>(node: &'a Node, key: &str) -> Option<&'a str> {
    match &member(node, key)?.value {
        Value::Str(text) => Some(text),
        _ => None,
    }
}

/// The created or updated resources of `types` in a plan, in its order.
pub fn changes(root: &Node, types: &[&str]) -> Vec<Change> {
    let mut out = Vec::new();
    let Some(Node {
        value: Value::Seq(changes),
        ..
    }) = member(root, RESOURCE_CHANGES)
    else {
        return out;
    };
    for (index, change) in changes.iter().enumerate() {
        let Some(type_name) = text(change, "type") else {
            continue;
        };
        if !types.contains(&type_name) || text(change, "mode").is_some_and(|m| m != "managed") {
            continue;
        }
        let Some(planned) = member(change, "change") else {
            continue;
        };
        let acts = match member(planned, "actions").map(|a| &a.value) {
            Some(Value::Seq(actions)) => actions
                .iter()
                .any(|a| matches!(&a.value, Value::Str(t) if t == "create" || t == "update")),
            _ => false,
        };
        let Some(after) = member(planned, "after") else {
            continue;
        };
        if !acts || !matches!(after.value, Value::Map(_)) {
            continue;
        }
        let after = match member(planned, "after_unknown") {
            Some(unknown) => with_unknowns(after, unknown),
            None => after.clone(),
        };
        let after = match (
            member(planned, "after_sensitive"),
            table::Resource::by_type_name(type_name),
        ) {
            (Some(marks), Some(table)) => without_sensitive(after, marks, table.attributes, false),
            _ => after,
        };
        let address = text(change, "address").map_or_else(
            || format!("{type_name}.{}", text(change, "name").unwrap_or_default()),
            str::to_owned,
        );
        out.push(Change {
            address,
            type_name: type_name.to_owned(),
            pointer: format!("/{RESOURCE_CHANGES}/{index}/change/after"),
            at: after.at,
            // Values, not a block body: no member of theirs is a comment.
            body: json::members(&after),
        });
    }
    out
}

fn unknown(at: Position) -> Node {
    unknown_as(at, "(known after apply)")
}

fn unknown_as(at: Position, shown: &str) -> Node {
    Node {
        at,
        tag: None,
        value: Value::Unknown(Box::new(Unknown {
            expression: shown.to_owned(),
            form: UnknownForm::Reference,
            references: Vec::new(),
            default: None,
        })),
    }
}

/// `after` with each value `after_unknown` marks `true` unknown (added where `after` leaves it
/// out, as Terraform does for a value known only after apply). Recursion is bounded by the JSON
/// reader's depth limit.
fn with_unknowns(after: &Node, marks: &Node) -> Node {
    match (&after.value, &marks.value) {
        (_, Value::Bool(true)) => unknown(after.at),
        (Value::Map(entries), Value::Map(marked)) => {
            let mut out: Vec<(String, Position, Node)> = entries
                .iter()
                .map(
                    |(key, at, value)| match marked.iter().find(|(k, _, _)| k == key) {
                        Some((_, _, mark)) => (key.clone(), *at, with_unknowns(value, mark)),
                        None => (key.clone(), *at, value.clone()),
                    },
                )
                .collect();
            for (key, at, mark) in marked {
                if matches!(mark.value, Value::Bool(true))
                    && !entries.iter().any(|(k, _, _)| k == key)
                {
                    out.push((key.clone(), *at, unknown(*at)));
                }
            }
            Node {
                value: Value::Map(out),
                ..after.clone()
            }
        }
        (Value::Seq(items), Value::Seq(marked)) => Node {
            value: Value::Seq(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| match marked.get(i) {
                        Some(mark) => with_unknowns(item, mark),
                        None => item.clone(),
                    })
                    .collect(),
            ),
            ..after.clone()
        },
        _ => after.clone(),
    }
}

/// `after` with each value `after_sensitive` marks `true` unknown, unless it is (or is in) an
/// attribute the table holds as a secret (`secret`: an enclosing one is): Terraform does not
/// show it, so no finding may. `attributes`: the table's at this level of blocks. Recursion is
/// bounded by the JSON reader's depth limit.
fn without_sensitive(
    after: Node,
    marks: &Node,
    attributes: &'static [Attribute],
    secret: bool,
) -> Node {
    match (after.value, &marks.value) {
        (value, Value::Bool(true)) if secret => Node { value, ..after },
        (_, Value::Bool(true)) => unknown_as(after.at, "(sensitive value)"),
        (Value::Map(entries), Value::Map(marked)) => {
            let entries = entries
                .into_iter()
                .map(
                    |(key, at, value)| match marked.iter().find(|(k, _, _)| *k == key) {
                        Some((_, _, mark)) => {
                            let attribute = attributes.iter().find(|a| a.name == key);
                            let value = without_sensitive(
                                value,
                                mark,
                                attribute.map_or(&[][..], |a| a.children),
                                secret || attribute.is_some_and(|a| a.secret),
                            );
                            (key, at, value)
                        }
                        None => (key, at, value),
                    },
                )
                .collect();
            Node {
                value: Value::Map(entries),
                ..after
            }
        }
        (Value::Seq(items), Value::Seq(marked)) => Node {
            value: Value::Seq(
                items
                    .into_iter()
                    .enumerate()
                    .map(|(i, item)| match marked.get(i) {
                        Some(mark) => without_sensitive(item, mark, attributes, secret),
                        None => item,
                    })
                    .collect(),
            ),
            ..after
        },
        (value, _) => Node { value, ..after },
    }
}
