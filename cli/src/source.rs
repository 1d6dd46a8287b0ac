//! Reading a JSON or YAML file into a tree that remembers where each key and value is, and
//! which CloudFormation short-form tag (`!Ref`, `!GetAtt`, …) each value carries.

use std::fmt;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// A 1-based line and column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
}

impl From<Marker> for Position {
    fn from(m: Marker) -> Self {
        Position {
            line: m.line(),
            column: m.col() + 1,
        }
    }
}

/// A value with its position and its tag (`Ref` for `!Ref`).
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Where the value starts.
    pub at: Position,
    /// A local tag such as `Ref`, `GetAtt`, `If`.
    pub tag: Option<String>,
    /// The value.
    pub value: Value,
}

/// A value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A mapping, in source order, each key with its position.
    Map(Vec<(String, Position, Node)>),
    /// A sequence.
    Seq(Vec<Node>),
    /// A string.
    Str(String),
    /// A number, as written.
    Number(serde_json::Number),
    /// `true` or `false`.
    Bool(bool),
    /// `null` / `~` / empty.
    Null,
}

/// A file that could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Where.
    pub at: Position,
    /// What the parser said.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.at.line, self.at.column, self.message)
    }
}

enum Frame {
    Map {
        at: Position,
        tag: Option<String>,
        entries: Vec<(String, Position, Node)>,
        key: Option<(String, Position)>,
    },
    Seq {
        at: Position,
        tag: Option<String>,
        items: Vec<Node>,
    },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    root: Option<Node>,
    error: Option<ParseError>,
}

fn local_tag(tag: Option<yaml_rust2::parser::Tag>) -> Option<String> {
    tag.filter(|t| t.handle == "!").map(|t| t.suffix)
}

fn scalar(text: String, style: TScalarStyle) -> Value {
    if style != TScalarStyle::Plain {
        return Value::Str(text);
    }
    match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        _ => {
            let numeric =
                text.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+' || c == '.');
            match serde_json::from_str::<serde_json::Number>(text.trim_start_matches('+')) {
                Ok(n) if numeric => Value::Number(n),
                _ => Value::Str(text),
            }
        }
    }
}

impl Builder {
    fn push(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                None => {
                    // A key: only scalar keys are meaningful in templates and request bodies.
                    let text = match node.value {
                        Value::Str(s) => s,
                        Value::Number(n) => n.to_string(),
                        Value::Bool(b) => b.to_string(),
                        Value::Null => String::new(),
                        _ => {
                            self.error.get_or_insert(ParseError {
                                at: node.at,
                                message: "a mapping key must be a scalar".to_owned(),
                            });
                            String::new()
                        }
                    };
                    *key = Some((text, node.at));
                }
                Some((k, at)) => entries.push((k, at, node)),
            },
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let at = Position::from(mark);
        match event {
            Event::Scalar(text, style, _, tag) => {
                let node = Node {
                    at,
                    tag: local_tag(tag),
                    value: scalar(text, style),
                };
                self.push(node);
            }
            Event::SequenceStart(_, tag) => self.stack.push(Frame::Seq {
                at,
                tag: local_tag(tag),
                items: Vec::new(),
            }),
            Event::MappingStart(_, tag) => self.stack.push(Frame::Map {
                at,
                tag: local_tag(tag),
                entries: Vec::new(),
                key: None,
            }),
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(frame) = self.stack.pop() {
                    let node = match frame {
                        Frame::Seq { at, tag, items } => Node {
                            at,
                            tag,
                            value: Value::Seq(items),
                        },
                        Frame::Map {
                            at, tag, entries, ..
                        } => {
                            // A block mapping's start event is marked after its first key; the
                            // first key is where a reader sees the mapping begin.
                            let at = match entries.first() {
                                Some((_, first, _))
                                    if (first.line, first.column) < (at.line, at.column) =>
                                {
                                    *first
                                }
                                _ => at,
                            };
                            Node {
                                at,
                                tag,
                                value: Value::Map(entries),
                            }
                        }
                    };
                    self.push(node);
                }
            }
            Event::Alias(_) => {
                self.error.get_or_insert(ParseError {
                    at,
                    message: "YAML aliases are not supported".to_owned(),
                });
            }
            _ => {}
        }
    }
}

/// Parses JSON or YAML text. JSON is checked strictly with serde_json first, so a JSON file gets a
/// JSON parser's error; either way the tree comes from the YAML parser, which records positions.
pub fn parse(text: &str, json: bool) -> Result<Node, ParseError> {
    if json {
        if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
            let what = match e.classify() {
                serde_json::error::Category::Eof => "the text ends early",
                _ => "syntax error",
            };
            return Err(ParseError {
                at: Position {
                    line: e.line(),
                    column: e.column(),
                },
                message: format!("invalid JSON: {what}"),
            });
        }
    }
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    parser.load(&mut builder, false).map_err(|e| ParseError {
        at: Position::from(*e.marker()),
        message: format!("invalid YAML: {}", e.info()),
    })?;
    if let Some(error) = builder.error {
        return Err(error);
    }
    Ok(builder.root.unwrap_or(Node {
        at: Position { line: 1, column: 1 },
        tag: None,
        value: Value::Null,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_and_tags() {
        let node = parse("A:\n  B: !Ref X\n  C: [1, 'two']\n", false).unwrap();
        let Value::Map(entries) = node.value else {
            panic!()
        };
        let Value::Map(inner) = &entries[0].2.value else {
            panic!()
        };
        assert_eq!(inner[0].0, "B");
        assert_eq!(inner[0].1, Position { line: 2, column: 3 });
        assert_eq!(inner[0].2.tag.as_deref(), Some("Ref"));
        assert_eq!(
            inner[1].2.value,
            Value::Seq(vec![
                Node {
                    at: Position { line: 3, column: 7 },
                    tag: None,
                    value: Value::Number(1.into())
                },
                Node {
                    at: Position {
                        line: 3,
                        column: 10
                    },
                    tag: None,
                    value: Value::Str("two".into())
                },
            ])
        );
    }

    #[test]
    fn json_errors_come_from_the_json_parser() {
        let err = parse("{\n  \"a\": ,\n}", true).unwrap_err();
        assert_eq!(err.to_string(), "2:8: invalid JSON: syntax error");
    }
}
