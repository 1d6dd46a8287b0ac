//! Terraform's native syntax (`.tf`), read by hcl-edit (which keeps each item's byte span and
//! refuses nesting deeper than its limits instead of overflowing the stack) into the dialect's
//! [`Body`]: literals become the source tree's values, every other expression a
//! [`Value::Unknown`] with the references it holds.

use hcl_edit::expr::{Expression, ObjectKey, TraversalOperator, UnaryOperator};
use hcl_edit::repr::{Decorate, Span};
use hcl_edit::structure::{self, BlockLabel, Structure};
use hcl_edit::template::{Element, Template};
use hcl_edit::visit::{self, Visit};

use super::{Body, Content, Item, Locator};
use crate::source::{Node, ParseError, Position, Unknown, UnknownForm, Value};

/// Parses a `.tf` file's text.
pub fn parse(text: &str) -> Result<Body, ParseError> {
    if let Some(at) = memchr::memchr(0, text.as_bytes()) {
        let mut locator = Locator::new(text);
        return Err(ParseError {
            at: locator.at(at),
            message: "a NUL character; Terraform files are text".to_owned(),
        });
    }
    if text.len() >= PARTS_FROM {
        if let Some(body) = parse_in_parts(text, PART_BYTES) {
            return Ok(body);
        }
    }
    let body = hcl_edit::parser::parse_body(text).map_err(|e| {
        let location = e.location();
        ParseError {
            at: Position {
                line: location.line(),
                column: location.column(),
            },
            message: format!("invalid HCL: {}", e.message()),
        }
    })?;
    let mut reader = Reader {
        text,
        base: 0,
        locator: Locator::new(text),
    };
    Ok(reader.file(body))
}

/// The size from which a file is read in parts, on several threads ([`parse_in_parts`]).
const PARTS_FROM: usize = 1 << 16;

/// The least size of a part.
const PART_BYTES: usize = 1 << 14;

/// A file read in parts of at least `part_bytes`, each parsed by hcl-edit on its own (several at
/// once): hcl-edit's parse is most of a large file's check, and a file is a sequence of
/// top-level blocks. A part ends after a line that is only `}` (and white space), where a
/// formatted file closes a top-level block. Such a line elsewhere (in a heredoc, a comment, a
/// block closed at the first column) leaves the part before it with something unclosed, which
/// hcl-edit refuses: `None` then, and the file is read whole (a file with an error is read whole
/// too, so the error is the one reading it whole gives). The items are the whole file's: each part
/// is read with the file's positions, and a body's items do not depend on the items before them.
fn parse_in_parts(text: &str, part_bytes: usize) -> Option<Body> {
    use rayon::prelude::*;
    let bytes = text.as_bytes();
    let mut parts: Vec<std::ops::Range<usize>> = Vec::new();
    let mut start = 0;
    let mut line_start = 0;
    for newline in memchr::memchr_iter(b'\n', bytes) {
        let line = &bytes[line_start..newline];
        if newline + 1 - start >= part_bytes
            && line.first() == Some(&b'}')
            && line[1..].iter().all(|b| matches!(b, b' ' | b'\t' | b'\r'))
        {
            parts.push(start..newline + 1);
            start = newline + 1;
        }
        line_start = newline + 1;
    }
    if parts.is_empty() {
        return None;
    }
    parts.push(start..text.len());
    let line_starts = super::line_starts(text);
    let ascii = text.is_ascii();
    let read: Vec<Option<Vec<Item>>> = parts
        .into_par_iter()
        .map(|part| {
            let body = hcl_edit::parser::parse_body(&text[part.clone()]).ok()?;
            let line = line_starts.partition_point(|&s| s <= part.start);
            let mut reader = Reader {
                text: &text[part.clone()],
                base: part.start,
                locator: Locator::from_line(text, &line_starts, ascii, line),
            };
            Some(reader.file(body).items)
        })
        .collect();
    let mut items = Vec::new();
    for part in read {
        items.extend(part?);
    }
    // hcl-edit refuses an attribute given twice in one body, which parts cannot see across
    // them: the file is then read whole, for that error.
    let mut attributes = std::collections::BTreeSet::new();
    for item in &items {
        if matches!(item.content, Content::Attribute(_)) && !attributes.insert(item.name.as_str()) {
            return None;
        }
    }
    Some(Body {
        items,
        ..Body::default()
    })
}

/// Parses a string of Terraform's JSON syntax as the template it is (`"${var.x}-a"`), placed at
/// `at` (the string's position in the JSON file).
pub fn template(text: &str, at: Position) -> Node {
    if !text.contains("${") && !text.contains("%{") {
        return Node {
            at,
            tag: None,
            value: Value::Str(text.to_owned()),
        };
    }
    let unknown = |references| Node {
        at,
        tag: None,
        value: Value::Unknown(Box::new(Unknown {
            expression: shown(text),
            form: UnknownForm::Template,
            references,
            default: None,
        })),
    };
    match hcl_edit::parser::parse_template(text) {
        Ok(template) => {
            let mut references = References::default();
            references.visit_template(&template);
            match literal_template(&template) {
                Some(literal) => Node {
                    at,
                    tag: None,
                    value: Value::Str(literal),
                },
                None => unknown(references.found),
            }
        }
        // Not a template Terraform can read: left unknown here, Terraform reports it.
        Err(_) => unknown(Vec::new()),
    }
}

/// An expression as a message shows it: at most [`Unknown::MAX_SHOWN`] characters.
fn shown(text: &str) -> String {
    let text = text.trim();
    match text.char_indices().nth(Unknown::MAX_SHOWN) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// The text of a template without interpolations or directives.
fn literal_template(template: &Template) -> Option<String> {
    let mut out = String::new();
    for element in template.iter() {
        match element {
            Element::Literal(literal) => out.push_str(literal.value()),
            Element::Interpolation(_) | Element::Directive(_) => return None,
        }
    }
    Some(out)
}

/// The references an expression holds: `var.x`, `local.y`, `aws_kms_key.k.arn` (the root
/// and the attribute names after it).
#[derive(Default)]
struct References {
    found: Vec<String>,
}

impl Visit for References {
    fn visit_expr(&mut self, expr: &Expression) {
        if let Expression::Variable(name) = expr {
            self.found.push(name.value().to_string());
        } else {
            visit::visit_expr(self, expr);
        }
    }

    fn visit_traversal(&mut self, traversal: &hcl_edit::expr::Traversal) {
        let Expression::Variable(root) = &traversal.expr else {
            visit::visit_traversal(self, traversal);
            return;
        };
        let mut reference = root.value().to_string();
        let mut rest = traversal.operators.iter();
        for operator in rest.by_ref() {
            match operator.value() {
                TraversalOperator::GetAttr(name) => {
                    reference.push('.');
                    reference.push_str(name.value());
                }
                other => {
                    self.visit_traversal_operator(other);
                    break;
                }
            }
        }
        self.found.push(reference);
        for operator in rest {
            self.visit_traversal_operator(operator);
        }
    }
}

struct Reader<'t> {
    /// The text read (a file, or a part of one).
    text: &'t str,
    /// Where `text` starts in the file.
    base: usize,
    locator: Locator<'t>,
}

impl Reader<'_> {
    fn at(&mut self, span: Option<std::ops::Range<usize>>) -> Position {
        self.locator.at(span.map_or(0, |s| self.base + s.start))
    }

    /// A file's items, each of hcl-edit's top-level structures dropped once read: the file's
    /// tree is given back as it is read, not held until the end beside the one read from it.
    fn file(&mut self, body: structure::Body) -> Body {
        let mut items = Vec::with_capacity(body.len());
        for mut structure in body {
            items.push(self.item(&mut structure));
        }
        Body {
            items,
            ..Body::default()
        }
    }

    /// A block's items, read in place.
    fn body(&mut self, body: &mut structure::Body) -> Body {
        let mut items = Vec::with_capacity(body.len());
        for index in 0..body.len() {
            let Some(structure) = body.get_mut(index) else {
                break;
            };
            items.push(self.item(structure));
        }
        Body {
            items,
            ..Body::default()
        }
    }

    /// An attribute or block, taking hcl-edit's names and strings over (left empty in its
    /// tree) instead of copying them, and moving none of its structures. Positions are asked for
    /// in increasing offsets, which the locator answers by counting on from its last answer.
    fn item(&mut self, structure: &mut Structure) -> Item {
        let comments = comments(structure);
        let span = structure.span();
        let lines = match &span {
            Some(span) => (
                self.locator.line(self.base + span.start),
                self.locator
                    .line(self.base + span.end.saturating_sub(1).max(span.start)),
            ),
            None => (0, 0),
        };
        let (name, at, content) = match structure {
            Structure::Attribute(attribute) => {
                let at = self.at(attribute.key.span());
                let name = take_ident(attribute.key.value_mut());
                (
                    name,
                    at,
                    Content::Attribute(self.expr(&mut attribute.value)),
                )
            }
            Structure::Block(block) => {
                let at = self.at(block.ident.span());
                let name = take_ident(block.ident.value_mut());
                let labels = block
                    .labels
                    .iter_mut()
                    .map(|label| {
                        let at = self.at(label.span());
                        let text = match label {
                            BlockLabel::Ident(ident) => take_ident(ident.value_mut()),
                            BlockLabel::String(string) => std::mem::take(string.value_mut()),
                        };
                        (text, at)
                    })
                    .collect();
                let body = self.body(&mut block.body);
                (name, at, Content::Block { labels, body })
            }
        };
        Item {
            name,
            at,
            lines,
            comments,
            content,
        }
    }

    fn unknown(&mut self, expr: &Expression, at: Position, form: UnknownForm) -> Node {
        let expression = expr
            .span()
            .and_then(|s| self.text.get(s))
            .map(shown)
            .unwrap_or_default();
        let mut references = References::default();
        references.visit_expr(expr);
        Node {
            at,
            tag: None,
            value: Value::Unknown(Box::new(Unknown {
                expression,
                form,
                references: references.found,
                default: None,
            })),
        }
    }

    /// An expression as a node, its strings taken over; the recursion is bounded by hcl-edit's
    /// nesting limit.
    fn expr(&mut self, expr: &mut Expression) -> Node {
        let at = self.at(expr.span());
        if let Some(form) = unknown_form(expr) {
            return self.unknown(expr, at, form);
        }
        let value = match expr {
            Expression::Null(_) => Value::Null,
            Expression::Bool(b) => Value::Bool(*b.value()),
            Expression::Number(n) => number_value(n.value()),
            Expression::String(s) => Value::Str(std::mem::take(s.value_mut())),
            Expression::Array(array) => {
                let items = array.iter_mut().map(|item| self.expr(item)).collect();
                Value::Seq(items)
            }
            Expression::Object(object) => {
                let mut entries = Vec::with_capacity(object.len());
                for (key, value) in object.iter_mut() {
                    let at = self.at(key.span());
                    let name = match key.get() {
                        ObjectKey::Ident(ident) => ident.value().to_string(),
                        ObjectKey::Expression(Expression::String(s)) => s.value().to_string(),
                        // Told unknown above.
                        ObjectKey::Expression(_) => continue,
                    };
                    entries.push((name, at, self.expr(value.expr_mut())));
                }
                Value::Map(entries)
            }
            Expression::StringTemplate(template) => Value::Str(literal_text(template)),
            Expression::HeredocTemplate(heredoc) => Value::Str(literal_text(&mut heredoc.template)),
            Expression::Parenthesis(inner) => {
                let mut node = self.expr(inner.inner_mut());
                node.at = at;
                return node;
            }
            Expression::UnaryOp(op) => match &op.expr {
                Expression::Number(n) => number(&format!("-{}", n.value())),
                // Told unknown above.
                _ => Value::Null,
            },
            // Told unknown above.
            Expression::Variable(_)
            | Expression::Traversal(_)
            | Expression::FuncCall(_)
            | Expression::Conditional(_)
            | Expression::BinaryOp(_)
            | Expression::ForExpr(_) => Value::Null,
        };
        Node {
            at,
            tag: None,
            value,
        }
    }
}

/// An identifier's text, taken over (the identifier left empty).
fn take_ident(ident: &mut hcl_edit::Ident) -> String {
    std::mem::replace(ident, hcl_edit::Ident::new_unchecked(String::new())).into_string()
}

/// The form of an expression whose value Terraform knows only later, if it is one: a reference,
/// splat, call, conditional, operation, `for`, a template with interpolations or directives, an
/// object with a computed key (its members are unknown).
fn unknown_form(expr: &Expression) -> Option<UnknownForm> {
    let literal = |template: &Template| template.iter().all(|e| matches!(e, Element::Literal(_)));
    match expr {
        Expression::Null(_)
        | Expression::Bool(_)
        | Expression::Number(_)
        | Expression::String(_)
        | Expression::Array(_)
        | Expression::Parenthesis(_) => None,
        Expression::Object(object) => object
            .iter()
            .any(|(key, _)| {
                matches!(key, ObjectKey::Expression(e) if !matches!(e, Expression::String(_)))
            })
            .then_some(UnknownForm::Operation),
        Expression::StringTemplate(template) => {
            (!literal(template)).then_some(UnknownForm::Template)
        }
        Expression::HeredocTemplate(heredoc) => {
            (!literal(&heredoc.template)).then_some(UnknownForm::Template)
        }
        Expression::UnaryOp(op) => match (op.operator.value(), &op.expr) {
            (UnaryOperator::Neg, Expression::Number(_)) => None,
            _ => Some(UnknownForm::Operation),
        },
        Expression::Variable(_) => Some(UnknownForm::Reference),
        Expression::Traversal(traversal) => {
            let splat = traversal.operators.iter().any(|op| {
                matches!(
                    op.value(),
                    TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_)
                )
            });
            Some(if splat {
                UnknownForm::Splat
            } else {
                UnknownForm::Reference
            })
        }
        Expression::FuncCall(_) => Some(UnknownForm::Call),
        Expression::Conditional(_) => Some(UnknownForm::Conditional),
        Expression::BinaryOp(_) => Some(UnknownForm::Operation),
        Expression::ForExpr(_) => Some(UnknownForm::For),
    }
}

/// The text of a template of literals only ([`unknown_form`] told the others), taken over.
fn literal_text(template: &mut Template) -> String {
    let mut out = String::new();
    for element in template.iter_mut() {
        if let Element::Literal(literal) = element {
            if out.is_empty() {
                out = std::mem::take(literal.value_mut());
            } else {
                out.push_str(literal.value());
            }
        }
    }
    out
}

/// A number literal as the source tree's number: the value hcl-edit read, as the text it
/// prints would read (integers as integers, floats as the same double).
fn number_value(n: &hcl_edit::Number) -> Value {
    let read = if n.is_f64() {
        n.as_f64().and_then(serde_json::Number::from_f64)
    } else if let Some(u) = n.as_u64() {
        Some(u.into())
    } else {
        n.as_i64().map(Into::into)
    };
    read.map_or_else(|| number(&n.to_string()), Value::Number)
}

fn number(text: &str) -> Value {
    crate::source::number(text).map_or_else(|| Value::Str(text.to_owned()), Value::Number)
}

/// The comments before a structure and after it on its line that hold a directive of ours
/// (`appflow-profile:`), the only comments read: keeping every item's white space and comments
/// was a tenth of reading a large file.
fn comments(structure: &Structure) -> Vec<String> {
    let decor = structure.decor();
    // An attribute's comment on its line follows its value; a block's follows its `{` and
    // leads its body.
    let value = match structure {
        Structure::Attribute(attribute) => attribute.value.decor().suffix(),
        Structure::Block(block) => block.body.decor().prefix(),
    };
    let mut found = Vec::new();
    for raw in [decor.prefix(), decor.suffix(), value]
        .into_iter()
        .flatten()
    {
        let raw: &str = raw;
        // Most are a space or a line break: shorter than a directive.
        if raw.len() >= DIRECTIVE_PREFIX.len() && raw.contains(DIRECTIVE_PREFIX) {
            found.push(raw.to_owned());
        }
    }
    found
}

/// What every directive comment of ours begins with.
pub const DIRECTIVE_PREFIX: &str = "appflow-profile:";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_unknowns_and_positions() {
        let body = parse(
            "resource \"t\" \"n\" {\n  a = \"x\"\n  b = -3\n  c = var.p\n  d = \"k-${local.z}\"\n  e = <<-EOT\n    hi\n  EOT\n}\n",
        )
        .unwrap();
        let Content::Block { labels, body } = &body.items[0].content else {
            panic!()
        };
        assert_eq!(labels[1].0, "n");
        let value = |i: usize| match &body.items[i].content {
            Content::Attribute(node) => node.clone(),
            _ => panic!(),
        };
        assert_eq!(body.items[0].at, Position { line: 2, column: 3 });
        assert_eq!(value(0).value, Value::Str("x".into()));
        assert_eq!(value(1).value, Value::Number((-3).into()));
        match value(2).value {
            Value::Unknown(u) => {
                assert_eq!(u.references, vec!["var.p".to_owned()]);
                assert_eq!(u.form, UnknownForm::Reference);
            }
            other => panic!("{other:?}"),
        }
        match value(3).value {
            Value::Unknown(u) => {
                assert_eq!(u.references, vec!["local.z".to_owned()]);
                assert_eq!(u.form, UnknownForm::Template);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(value(4).value, Value::Str("hi\n".into()));
    }

    #[test]
    fn hostile_text_is_an_error_with_its_position() {
        let err = parse("a = 1\nb = \"x\0\"\n").unwrap_err();
        assert_eq!(err.at, Position { line: 2, column: 7 });
        let deep = format!("a = {}1{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(parse(&deep).is_err());
        let ops = format!("a = {}1", "!".repeat(100_000));
        assert!(parse(&ops).is_err());
        let chain = format!("a = 1{}", " + 1".repeat(100_000));
        assert!(parse(&chain).is_err());
        let err = parse("a = {\n  b = \n}").unwrap_err();
        assert_eq!(err.at.line, 2);
    }

    /// Reading the whole file, as `parse` does below [`PARTS_FROM`].
    fn whole(text: &str) -> Body {
        let body = hcl_edit::parser::parse_body(text).expect("valid HCL");
        Reader {
            text,
            base: 0,
            locator: Locator::new(text),
        }
        .file(body)
    }

    /// Every `.tf` fixture read in parts as small as they come (a part after each line that is
    /// only `}`) gives the items, positions, lines and comments of reading it whole.
    #[test]
    fn a_file_read_in_parts_is_the_file_read_whole() {
        let mut files = Vec::new();
        let mut dirs =
            vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/terraform")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).expect("a fixture folder") {
                let path = entry.expect("an entry").path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "tf") {
                    files.push(path);
                }
            }
        }
        let mut in_parts = 0;
        for path in &files {
            let text = std::fs::read_to_string(path).expect("UTF-8 fixture");
            let Ok(body) = hcl_edit::parser::parse_body(&text) else {
                continue;
            };
            drop(body);
            if let Some(parts) = parse_in_parts(&text, 1) {
                assert_eq!(parts, whole(&text), "{}", path.display());
                in_parts += 1;
            }
        }
        assert!(
            in_parts * 10 >= files.len() * 9,
            "{in_parts} of {} read in parts",
            files.len()
        );
    }

    /// A line that is only `}` inside a heredoc or a comment, or closing a nested block, is no
    /// place to cut: the file is read whole. A file with an error is read whole, and the error is
    /// that of reading it whole.
    #[test]
    fn a_cut_inside_something_reads_the_file_whole() {
        let heredoc = "a {\n  x = <<EOT\n}\nEOT\n}\nb {\n}\n";
        assert_eq!(parse_in_parts(heredoc, 1), None);
        let comment = "a {\n}\n/*\n}\n*/\nb {\n}\n";
        assert_eq!(parse_in_parts(comment, 1), None);
        let nested = "a {\n  b {\n}\n}\n";
        assert_eq!(parse_in_parts(nested, 1), None);
        let cut = "a {\n}\nb {\n}\n";
        assert_eq!(parse_in_parts(cut, 1), Some(whole(cut)));
        // An attribute given twice at the top, in two parts: the whole file's error.
        let twice = format!("a = 1\n{}a = 2\n", "b {\n}\n".repeat(PARTS_FROM / 8));
        assert_eq!(parse_in_parts(&twice, PART_BYTES), None);
        assert!(parse(&twice).is_err());
        // Large enough to be read in parts: the error is the whole file's.
        let mut large = "resource \"t\" \"n\" {\n  x = 1\n}\n".repeat(PARTS_FROM / 20);
        large.push_str("resource \"t\" \"bad\" {\n  x = \n}\n");
        let err = parse(&large).unwrap_err();
        let whole_err = hcl_edit::parser::parse_body(&large).unwrap_err();
        assert_eq!(err.at.line, whole_err.location().line());
        assert!(
            err.message.ends_with(whole_err.message()),
            "{}",
            err.message
        );
        // And without the error, in parts: the same items as whole.
        large.truncate(large.len() - "resource \"t\" \"bad\" {\n  x = \n}\n".len());
        assert!(parse_in_parts(&large, PART_BYTES).is_some());
        assert_eq!(parse(&large).expect("valid"), whole(&large));
    }
}
