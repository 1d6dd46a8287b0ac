//! Reading a JSON or YAML file into a tree that remembers where each key and value is, and
//! which tag (`!Ref`, `!GetAtt`, `!!str`, …) each value carries.
//!
//! Everything is read or refused, never skipped: characters YAML forbids (a NUL ends other
//! readers silently), a second document, aliases and nesting deeper than [`MAX_DEPTH`] are errors
//! with their position. Duplicate keys are kept, in source order, for the checks to report.

pub mod json;

use std::fmt;

use yaml_rust2::parser::{Event, Parser, Tag as YamlTag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::text::escape;

/// How deeply mappings and sequences may nest. CloudFormation templates and AppFlow bodies need
/// a few dozen levels at most; the generated crate refuses JSON deeper than the same limit.
pub const MAX_DEPTH: usize = appflow_connector_profile::validation::MAX_DEPTH;

/// A 1-based line and column; columns count Unicode code points.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1, in code points.
    pub column: usize,
}

impl From<Marker> for Position {
    fn from(m: Marker) -> Self {
        Position {
            line: m.line().max(1),
            column: m.col() + 1,
        }
    }
}

/// A node's tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tag {
    /// A local tag such as `!Ref` or `!If` (the name without `!`).
    Local(String),
    /// A YAML core tag such as `!!str` (the name after `tag:yaml.org,2002:`).
    Core(String),
    /// Any other tag, verbatim (`!<tag:example.com:x>`).
    Other(String),
}

/// A value with its position and its tag.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Where the value starts.
    pub at: Position,
    /// Its tag, if it has one (the non-specific `!` counts as none).
    pub tag: Option<Tag>,
    /// The value.
    pub value: Value,
}

impl Node {
    /// The local tag's name (`Ref` for `!Ref`), if the node has one.
    pub fn local_tag(&self) -> Option<&str> {
        match &self.tag {
            Some(Tag::Local(name)) => Some(name),
            _ => None,
        }
    }
}

/// A value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A mapping, in source order, each key with its position; a key given twice is here twice.
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

/// A file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Where.
    pub at: Position,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.at.line, self.at.column, self.message)
    }
}

impl ParseError {
    fn new(at: impl Into<Position>, message: impl Into<String>) -> Self {
        ParseError {
            at: at.into(),
            message: message.into(),
        }
    }
}

/// Text as it came from a file: a leading byte order mark is dropped (YAML and JSON readers
/// alike would otherwise read it as part of the first key).
pub fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// The first character YAML does not allow in a stream (YAML 1.2 `c-printable`): C0 controls but
/// tab, line feed and carriage return; DEL; C1 controls but NEL; U+FFFE and U+FFFF.
fn forbidden_character(text: &str) -> Option<ParseError> {
    let mut line = 1;
    let mut column = 1;
    for c in text.chars() {
        let allowed = match c {
            '\t' | '\n' | '\r' | '\u{85}' => true,
            '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}' => false,
            _ => true,
        };
        if !allowed {
            return Some(ParseError::new(
                Position { line, column },
                format!(
                    "the character {} is not allowed in YAML; write it as an escape in a double-quoted string",
                    escape(&c.to_string())
                ),
            ));
        }
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    None
}

enum Frame {
    Map {
        at: Position,
        tag: Option<Tag>,
        entries: Vec<(String, Position, Node)>,
        key: Option<(String, Position)>,
    },
    Seq {
        at: Position,
        tag: Option<Tag>,
        items: Vec<Node>,
    },
}

fn tag(tag: Option<YamlTag>) -> Option<Tag> {
    let tag = tag?;
    match (tag.handle.as_str(), tag.suffix.as_str()) {
        // The non-specific tag `!`: a plain string.
        ("", "!") => None,
        ("!", name) => Some(Tag::Local(name.to_owned())),
        ("tag:yaml.org,2002:", name) => Some(Tag::Core(name.to_owned())),
        (handle, suffix) => Some(Tag::Other(format!("{handle}{suffix}"))),
    }
}

/// A plain scalar's value by the YAML 1.2 core schema (with YAML 1.1's `True`/`FALSE` spellings
/// that CloudFormation accepts); quoted scalars and `!!str` are strings.
fn scalar(text: String, style: TScalarStyle, tag: Option<&Tag>) -> Value {
    match tag {
        Some(Tag::Core(name)) if name == "str" => return Value::Str(text),
        Some(Tag::Local(_)) if text.is_empty() => return Value::Str(text),
        _ => {}
    }
    if style != TScalarStyle::Plain {
        return Value::Str(text);
    }
    match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        _ => number(&text).map_or(Value::Str(text), Value::Number),
    }
}

/// A plain scalar that reads as a number. Numbers too large for a double (`1e400`) are kept as
/// the largest finite one of their sign, so they are reported as out of range, not as strings.
pub(crate) fn number(text: &str) -> Option<serde_json::Number> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    let numeric = digits.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'));
    if !numeric {
        return None;
    }
    let text = text.trim_start_matches('+');
    if let Ok(n) = serde_json::from_str::<serde_json::Number>(text) {
        return Some(n);
    }
    // serde_json refuses leading dots, trailing dots and overflows; Rust's float parser reads
    // YAML's spellings of these.
    let value: f64 = text.parse().ok()?;
    let finite = if value.is_finite() {
        value
    } else {
        f64::MAX.copysign(value)
    };
    serde_json::Number::from_f64(finite)
}

struct Builder {
    stack: Vec<Frame>,
    root: Option<Node>,
}

impl Builder {
    fn push(&mut self, node: Node) -> Result<(), ParseError> {
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                None => {
                    // Only scalar keys are meaningful in templates and request bodies.
                    let text = match node.value {
                        Value::Str(s) => s,
                        Value::Number(n) => n.to_string(),
                        Value::Bool(b) => b.to_string(),
                        Value::Null => String::new(),
                        Value::Map(_) | Value::Seq(_) => {
                            return Err(ParseError::new(node.at, "a mapping key must be a scalar"))
                        }
                    };
                    *key = Some((text, node.at));
                }
                Some((k, at)) => entries.push((k, at, node)),
            },
        }
        Ok(())
    }

    fn open(&mut self, frame: Frame, at: Position) -> Result<(), ParseError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(ParseError::new(
                at,
                format!("nesting deeper than {MAX_DEPTH} levels"),
            ));
        }
        self.stack.push(frame);
        Ok(())
    }

    fn close(&mut self) -> Result<(), ParseError> {
        let Some(frame) = self.stack.pop() else {
            return Ok(());
        };
        // Vectors grow by doubling; the tree is kept while the file is checked, so trim them.
        let node = match frame {
            Frame::Seq { at, tag, mut items } => {
                items.shrink_to_fit();
                Node {
                    at,
                    tag,
                    value: Value::Seq(items),
                }
            }
            Frame::Map {
                at,
                tag,
                mut entries,
                ..
            } => {
                entries.shrink_to_fit();
                // A block mapping's start event is marked after its first key; the first key is
                // where a reader sees the mapping begin.
                let at = match entries.first() {
                    Some((_, first, _)) if *first < at => *first,
                    _ => at,
                };
                Node {
                    at,
                    tag,
                    value: Value::Map(entries),
                }
            }
        };
        self.push(node)
    }

    fn on_event(&mut self, event: Event, at: Position) -> Result<(), ParseError> {
        match event {
            Event::Scalar(text, style, _, yaml_tag) => {
                // The non-specific tag `!` makes a plain scalar a string.
                let non_specific = yaml_tag
                    .as_ref()
                    .is_some_and(|t| t.handle.is_empty() && t.suffix == "!");
                let tag = tag(yaml_tag);
                let style = if non_specific {
                    TScalarStyle::SingleQuoted
                } else {
                    style
                };
                let value = scalar(text, style, tag.as_ref());
                self.push(Node { at, tag, value })
            }
            Event::SequenceStart(_, yaml_tag) => self.open(
                Frame::Seq {
                    at,
                    tag: tag(yaml_tag),
                    items: Vec::new(),
                },
                at,
            ),
            Event::MappingStart(_, yaml_tag) => self.open(
                Frame::Map {
                    at,
                    tag: tag(yaml_tag),
                    entries: Vec::new(),
                    key: None,
                },
                at,
            ),
            Event::SequenceEnd | Event::MappingEnd => self.close(),
            Event::Alias(_) => Err(ParseError::new(at, "YAML aliases are not supported")),
            Event::Nothing
            | Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart
            | Event::DocumentEnd => Ok(()),
        }
    }
}

/// Parses JSON or YAML text (a leading byte order mark already removed). JSON is read by
/// [`json`], YAML from yaml-rust2's events; either way the tree carries positions and is
/// built without recursion.
pub fn parse(text: &str, json: bool) -> Result<Node, ParseError> {
    if json {
        return json::parse(text);
    }
    if let Some(error) = forbidden_character(text) {
        return Err(error);
    }
    let mut builder = Builder {
        stack: Vec::new(),
        root: None,
    };
    let mut parser = Parser::new_from_str(text);
    let mut documents = 0;
    loop {
        let (event, mark) = parser.next_token().map_err(|e| {
            // The scanner's own limit on flow nesting (it reads ahead of the events).
            let message = if e.info() == "recursion limit exceeded" {
                format!("nesting deeper than {MAX_DEPTH} levels")
            } else {
                format!("invalid YAML: {}", e.info())
            };
            ParseError::new(*e.marker(), message)
        })?;
        match event {
            Event::StreamEnd => break,
            Event::DocumentStart => {
                documents += 1;
                if documents > 1 {
                    return Err(ParseError::new(
                        mark,
                        "a second YAML document: a template or body is one document",
                    ));
                }
            }
            event => builder.on_event(event, Position::from(mark))?,
        }
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

    fn map(node: &Node) -> &[(String, Position, Node)] {
        match &node.value {
            Value::Map(entries) => entries,
            other => panic!("not a mapping: {other:?}"),
        }
    }

    #[test]
    fn positions_and_tags() {
        let node = parse("A:\n  B: !Ref X\n  C: [1, 'two']\n", false).unwrap();
        let inner = map(&map(&node)[0].2);
        assert_eq!(inner[0].0, "B");
        assert_eq!(inner[0].1, Position { line: 2, column: 3 });
        assert_eq!(inner[0].2.local_tag(), Some("Ref"));
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
    fn json_errors_come_from_the_json_reader_in_code_points() {
        let err = parse("{\n  \"a\": ,\n}", true).unwrap_err();
        assert_eq!(
            err.to_string(),
            "2:8: invalid JSON: expected a value, found `,`"
        );
        // `é` is two bytes but one column.
        let err = parse("{\"é\": ,}", true).unwrap_err();
        assert_eq!(err.at, Position { line: 1, column: 7 });
        let err = parse("", true).unwrap_err();
        assert_eq!(err.at, Position { line: 1, column: 1 });
    }

    #[test]
    fn a_nul_or_other_forbidden_character_is_an_error_at_its_position() {
        let err = parse("A: 1\nB: x\u{0}\nC: [unclosed\n", false).unwrap_err();
        assert_eq!(err.at, Position { line: 2, column: 5 });
        assert!(err.message.contains("\\u{0000}"), "{}", err.message);
        for c in ['\u{1}', '\u{1b}', '\u{7f}', '\u{9b}', '\u{ffff}'] {
            assert!(parse(&format!("A: '{c}'"), false).is_err(), "{c:?}");
        }
        for c in ['\t', '\u{85}', '\u{a0}', '\u{2028}'] {
            assert!(parse(&format!("A: '{c}'"), false).is_ok(), "{c:?}");
        }
    }

    #[test]
    fn a_second_document_is_an_error() {
        let err = parse("A: 1\n---\nB: [\n", false).unwrap_err();
        assert_eq!(err.at.line, 2);
        assert!(parse("A: 1\n--- \n", false).is_err());
        assert!(parse("---\nA: 1\n...\n", false).is_ok());
    }

    #[test]
    fn depth_is_limited_without_recursion() {
        let deep = "- ".repeat(30_000) + "x";
        let err = parse(&deep, false).unwrap_err();
        assert_eq!(
            err.message,
            format!("nesting deeper than {MAX_DEPTH} levels")
        );
        let flow = "[".repeat(100_000);
        assert!(parse(&flow, false).is_err());
        let json = "[".repeat(100_000) + &"]".repeat(100_000);
        let err = parse(&json, true).unwrap_err();
        assert!(err.message.contains("nesting deeper"), "{err}");
        let fits = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&fits, false).is_ok());
    }

    #[test]
    fn core_tags_and_numbers() {
        let node = parse(
            "a: !!str 443\nb: ! 443\nc: 1e400\nd: -0\ne: .5\nf: !Ref\ng: 0x1F\n",
            false,
        )
        .unwrap();
        let entries = map(&node);
        assert_eq!(entries[0].2.value, Value::Str("443".into()));
        assert_eq!(entries[1].2.value, Value::Str("443".into()));
        assert_eq!(
            entries[2].2.value,
            Value::Number(serde_json::Number::from_f64(f64::MAX).unwrap())
        );
        assert!(matches!(entries[3].2.value, Value::Number(_)));
        assert!(matches!(entries[4].2.value, Value::Number(_)));
        assert_eq!(entries[5].2.value, Value::Str(String::new()));
        assert_eq!(entries[6].2.value, Value::Str("0x1F".into()));
    }

    #[test]
    fn duplicate_keys_are_kept() {
        let node = parse("A: 1\nA: 2\n", false).unwrap();
        assert_eq!(map(&node).len(), 2);
    }
}
