//! Terraform's JSON syntax (`.tf.json`), read with the command's own JSON reader (positions,
//! duplicate keys, limits) into the dialect's [`Body`]. Whether a member is an attribute or a
//! nested block is the provider schema's to say, so members stay JSON ([`Content::Json`]) until
//! [`super::shape`] reads them; strings are templates there ([`super::hcl::template`]).
//! A `"//"` member is a comment.

use std::borrow::Cow;

use super::{Body, Content, Item};
use crate::source::{self, Node, ParseError, Position, Value};

/// The key Terraform's JSON syntax reads as a comment.
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

/// The body an object stands for: each member an item ([`Content::Json`]); comments left out.
/// Anything else: an empty body.
pub fn body(node: &Node) -> Body {
    let Value::Map(entries) = &node.value else {
        return Body::default();
    };
    let items = entries
        .iter()
        .filter(|(key, _, _)| key != COMMENT)
        .map(|(key, at, value)| Item {
            name: key.clone(),
            at: *at,
            lines: (at.line, last_line(value).max(at.line)),
            comments: comments(value),
            content: Content::Json(value.clone()),
        })
        .collect();
    Body { items }
}

/// The `"//"` member of an object, as the comment of the item it is in.
fn comments(node: &Node) -> Vec<String> {
    match &node.value {
        Value::Map(entries) => entries
            .iter()
            .filter(|(key, _, _)| key == COMMENT)
            .filter_map(|(_, _, value)| match &value.value {
                Value::Str(text) => Some(format!("# {text}")),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
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
/// of objects at any level standing for each of them.
pub fn labelled<'n>(
    node: &'n Node,
    depth: usize,
    labels: &mut Vec<&'n str>,
    out: &mut Vec<(Vec<&'n str>, Position, Cow<'n, Body>)>,
) {
    match &node.value {
        Value::Seq(items) => {
            for item in items {
                labelled(item, depth, labels, out);
            }
        }
        Value::Map(entries) if depth > 0 => {
            for (key, _, value) in entries {
                if key == COMMENT {
                    continue;
                }
                labels.push(key);
                labelled(value, depth - 1, labels, out);
                labels.pop();
            }
        }
        Value::Map(_) => out.push((labels.clone(), node.at, Cow::Owned(body(node)))),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terraform::blocks_of;

    #[test]
    fn resources_in_json_syntax() {
        let body = parse(
            r#"{"resource": {"aws_x": {"a": {"name": "n", "//": "note"}, "b": [{"name": "m"}]}}}"#,
        )
        .unwrap();
        let found = blocks_of(&body.items[0], "resource", 2);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].0, vec!["aws_x", "a"]);
        assert_eq!(found[0].2.items.len(), 1);
        assert_eq!(found[1].0, vec!["aws_x", "b"]);
        assert!(parse("[1]").is_err());
        assert!(parse("{\"a\": \0}").is_err());
    }
}
