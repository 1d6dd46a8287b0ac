//! Terraform's JSON syntax (`.tf.json`), read with the command's own JSON reader (positions,
//! duplicate keys, limits) into the dialect's [`Body`]. Whether a member is an attribute or a
//! nested block is the provider schema's to say, so members stay JSON ([`Content::Json`]) until
//! [`super::shape`] reads them; strings are templates there ([`super::hcl::template`]).
//! A `"//"` member is a comment only where Terraform reads it as one: in an object that stands
//! for a block body (the file's root object, a block's object after its labels, a nested
//! block's object), kept as the [`Body`]'s comments. In an attribute's value (a map, an object)
//! it is a key like any other, and at a label level a label.

use std::borrow::Cow;

use super::{Body, Content, Item};
use crate::source::{self, Node, ParseError, Position, Value};

/// The key Terraform's JSON syntax reads as a comment in a block body.
pub const COMMENT: &str = "//";

/// Parses a `.tf.json` file's text.
pub fn parse(text: &str) -> Result<Body, ParseError> {
    let root = source::json::parse(text)?;
    match &root.value {
        Value::Map(_) => Ok(body(&root)),
        _ => Err(ParseError {
            at: root.at,
            message: "a Terraform JSON file holds an object".to_owned(),
        }),
    }
}

/// The block body an object stands for: each member an item ([`Content::Json`]), but for the
/// `"//"` members, which are its comments (their text when a string). Anything else: an empty
/// body.
pub fn body(node: &Node) -> Body {
    read_body(node, true)
}

/// Every member of an object as an item, `"//"` too: a plan's values, which are attribute
/// values written by Terraform, not a block body written by hand.
pub fn members(node: &Node) -> Body {
    read_body(node, false)
}

fn read_body(node: &Node, block: bool) -> Body {
    let Value::Map(entries) = &node.value else {
        return Body::default();
    };
    let mut items = Vec::with_capacity(entries.len());
    let mut comments = Vec::new();
    for (key, at, value) in entries {
        if block && key == COMMENT {
            if let Value::Str(text) = &value.value {
                comments.push((*at, text.clone()));
            }
            continue;
        }
        items.push(Item {
            name: key.clone(),
            at: *at,
            lines: (at.line, last_line(value).max(at.line)),
            // In JSON syntax a block's comments are in its body.
            comments: Vec::new(),
            content: Content::Json(value.clone()),
        });
    }
    Body {
        items,
        comments,
        lines: (node.at.line, last_line(node).max(node.at.line)),
    }
}

/// The last line a node's text reaches that the tree knows (its last value's).
pub fn last_line(node: &Node) -> usize {
    let mut node = node;
    loop {
        let next = match &node.value {
            Value::Map(entries) => entries.last().map(|(_, _, n)| n),
            Value::Seq(items) => items.last(),
            _ => None,
        };
        match next {
            Some(next) => node = next,
            None => return node.at.line,
        }
    }
}

/// The labelled blocks `node` declares `depth` labels deep: `{"l1": {"l2": {body}}}`, an array
/// of objects at any level standing for each of them. A `"//"` member at a label level is a
/// label, as Terraform reads it (which then refuses its string value): not a comment.
pub fn labelled<'n>(
    node: &'n Node,
    depth: usize,
    labels: &mut Vec<&'n str>,
    out: &mut Vec<(Vec<&'n str>, Position, Cow<'n, Body>)>,
) {
    each_block(node, depth, labels, &mut |labels, object| {
        out.push((labels.to_vec(), object.at, Cow::Owned(body(object))))
    });
}

/// The comments of the labelled blocks `node` declares `depth` labels deep (as [`labelled`]):
/// each block's `"//"` members with the first and last line of its object. No body is built.
pub fn block_comments(node: &Node, depth: usize) -> Vec<(Position, &str, (usize, usize))> {
    let mut out = Vec::new();
    each_block(node, depth, &mut Vec::new(), &mut |_, object| {
        let Value::Map(entries) = &object.value else {
            return;
        };
        let lines = (object.at.line, last_line(object).max(object.at.line));
        for (key, at, value) in entries {
            if let (COMMENT, Value::Str(text)) = (key.as_str(), &value.value) {
                out.push((*at, text.as_str(), lines));
            }
        }
    });
    out
}

/// Calls `f` with the labels and the object of each block `node` declares `depth` labels deep.
fn each_block<'n>(
    node: &'n Node,
    depth: usize,
    labels: &mut Vec<&'n str>,
    f: &mut impl FnMut(&[&'n str], &'n Node),
) {
    match &node.value {
        Value::Seq(items) => {
            for item in items {
                each_block(item, depth, labels, f);
            }
        }
        Value::Map(entries) if depth > 0 => {
            for (key, _, value) in entries {
                labels.push(key);
                each_block(value, depth - 1, labels, f);
                labels.pop();
            }
        }
        Value::Map(_) => f(labels, node),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terraform::blocks_of;

    #[test]
    fn resources_in_json_syntax() {
        let file = parse(
            r#"{"resource": {"aws_x": {"a": {"name": "n", "//": "note"}, "b": [{"name": "m"}]}}}"#,
        )
        .unwrap();
        let found = blocks_of(&file.items[0], "resource", 2);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].0, vec!["aws_x", "a"]);
        assert_eq!(found[0].2.items.len(), 1);
        assert_eq!(found[0].2.comments[0].1, "note");
        assert_eq!(found[1].0, vec!["aws_x", "b"]);
        assert!(parse("[1]").is_err());
        // At a label level, `"//"` is a label: a string there stands for no block.
        let file =
            parse(r#"{"resource": {"//": "x", "aws_x": {"//": {"a": 1}, "b": {}}}}"#).unwrap();
        let found = blocks_of(&file.items[0], "resource", 2);
        let labels: Vec<_> = found
            .iter()
            .map(|(labels, _, _)| labels.join("."))
            .collect();
        assert_eq!(labels, ["aws_x.//", "aws_x.b"]);
        // A plan's values: every member is one.
        let root = source::json::parse(r#"{"tags": {"//": "k"}, "//": 1}"#).unwrap();
        assert_eq!(members(&root).items.len(), 2);
        assert_eq!(body(&root).items.len(), 1);
        assert!(parse("{\"a\": \0}").is_err());
    }
}
