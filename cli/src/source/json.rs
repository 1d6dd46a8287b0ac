//! JSON (RFC 8259) read into the same tree of [`Node`]s the YAML reader builds: each key and
//! value with its line and column (code points, from 1), duplicate keys kept in source order for
//! the checks, nesting limited to [`MAX_DEPTH`], the input to [`MAX_INPUT_BYTES`].
//!
//! A scanner of our own: serde_json gives no position per value and keeps one of two duplicate
//! keys, and the YAML reader refused valid JSON (a surrogate pair `"\ud83d\ude00"`, which
//! Python's `json.dumps` writes by default). It runs in one loop with an explicit stack (no
//! recursion, so no stack overflow on deep input), reads each byte once and counts columns
//! incrementally (linear on a single-line, minified file too). Every error says where: the
//! offending character, or the escape of a lone surrogate.

use serde_json::Number;

use crate::source::{self, Node, ParseError, Position, Value, MAX_DEPTH};
use crate::text::escape;

/// The largest text read: the generated crate's limit for JSON text.
pub const MAX_INPUT_BYTES: usize = appflow_connector_profile::validation::MAX_INPUT_BYTES;

/// An open array or object. Their members and items wait on stacks shared by all open ones
/// (from `start` on), and each gets a vector of the exact size when it closes: no vector grows
/// by doubling and is trimmed again.
enum Frame {
    Object {
        at: Position,
        start: usize,
        /// The key read whose value comes next.
        key: Option<(String, Position)>,
    },
    Array {
        at: Position,
        start: usize,
    },
}

/// What the scanner expects next.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Want {
    /// A value (the document's, an item after `,`, a member's after `:`).
    Value,
    /// A value or `]`, just after `[`.
    ValueOrClose,
    /// A key or `}`, just after `{`.
    KeyOrClose,
    /// A key, after `,` in an object.
    Key,
    /// `,` or the closing bracket, or the end of the text at the top.
    Separator,
}

struct Scanner<'t> {
    text: &'t str,
    bytes: &'t [u8],
    offset: usize,
    /// The current line (from 1) and the offset where it starts.
    line: usize,
    line_start: usize,
    /// UTF-8 continuation bytes on the current line before the offset (all inside strings,
    /// counted as each string is read): a column is then a subtraction, not a count.
    continuations: usize,
}

impl<'t> Scanner<'t> {
    fn new(text: &'t str) -> Self {
        Scanner {
            text,
            bytes: text.as_bytes(),
            offset: 0,
            line: 1,
            line_start: 0,
            continuations: 0,
        }
    }

    /// The position of the current offset, between tokens.
    fn here(&self) -> Position {
        Position {
            line: self.line,
            column: self.offset - self.line_start - self.continuations + 1,
        }
    }

    /// Adds the continuation bytes of text just read (a string's).
    fn read_over(&mut self, text: &str) {
        if !text.is_ascii() {
            self.continuations += text.bytes().filter(|b| b & 0xC0 == 0x80).count();
        }
    }

    /// An error at the current offset, which may be inside a string: its column is counted.
    fn error(&self, message: impl std::fmt::Display) -> ParseError {
        let column = self.text[self.line_start..self.offset].chars().count() + 1;
        ParseError {
            at: Position {
                line: self.line,
                column,
            },
            message: format!("invalid JSON: {message}"),
        }
    }

    /// What is at the current offset, for a message: the character, escaped, or the end.
    fn found(&self) -> String {
        match self.text[self.offset..].chars().next() {
            Some(c) => format!("`{}`", escape(&c.to_string())),
            None => "the end of the text".to_owned(),
        }
    }

    /// Skips the object at the offset (its `{`) to just after its `}`, lines and columns counted
    /// as reading it would; the offset after it. Braces balance in valid JSON whatever the
    /// arrays between them, so only braces and strings are looked for. `None` if it does not
    /// close: the text is then read in one go, which says what is wrong (as it does for
    /// anything else this skip passes over).
    fn skip_object(&mut self) -> Option<usize> {
        let start = self.offset;
        let mut depth = 0usize;
        let mut at = self.offset;
        // Searched eight bytes at a time: the bytes between are short (keys, indentation), too
        // short for a vectorized search to pay for setting up.
        let next = |mut at: usize, stops: fn(u64) -> u64| loop {
            match self.bytes.get(at..at + 8) {
                Some(chunk) => {
                    let found = stops(u64::from_le_bytes(chunk.try_into().unwrap_or_default()));
                    if found != 0 {
                        return Some(at + (found.trailing_zeros() / 8) as usize);
                    }
                    at += 8;
                }
                None => {
                    let rest = self.bytes.get(at..)?;
                    let found = rest.iter().position(|&b| stops(u64::from(b)) & 0x80 != 0)?;
                    return Some(at + found);
                }
            }
        };
        let end = loop {
            at = next(at, braces_or_quote)?;
            match self.bytes[at] {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        break at + 1;
                    }
                }
                _ => loop {
                    at = next(at + 1, quote_or_backslash)?;
                    if self.bytes[at] == b'"' {
                        break;
                    }
                    at += 1;
                },
            }
            at += 1;
        };
        // Lines and the continuation bytes of the last one, as reading would count them.
        if let Some(last) = memchr::memrchr(b'\n', &self.bytes[start..end]) {
            self.line += memchr::memchr_iter(b'\n', &self.bytes[start..end]).count();
            self.line_start = start + last + 1;
            self.continuations = 0;
        }
        let counted_from = self.line_start.max(start);
        self.continuations += self.bytes[counted_from..end]
            .iter()
            .filter(|b| **b & 0xC0 == 0x80)
            .count();
        self.offset = end;
        Some(end)
    }

    fn skip_white_space(&mut self) {
        while let Some(&b) = self.bytes.get(self.offset) {
            match b {
                b' ' | b'\t' | b'\r' => self.offset += 1,
                b'\n' => {
                    self.offset += 1;
                    self.line += 1;
                    self.line_start = self.offset;
                    self.continuations = 0;
                    // An indentation: its spaces eight at a time.
                    while let Some(chunk) = self.bytes.get(self.offset..self.offset + 8) {
                        if u64::from_le_bytes(chunk.try_into().unwrap_or_default()) != SPACES {
                            break;
                        }
                        self.offset += 8;
                    }
                }
                _ => break,
            }
        }
    }

    /// A string; the offset is at its opening quote.
    fn string(&mut self) -> Result<String, ParseError> {
        self.offset += 1;
        let start = self.offset;
        // The common case: no escape, copied whole. Eight bytes at a time up to the first
        // that ends the run (a quote, a backslash or a control character), then byte by byte.
        while let Some(chunk) = self.bytes.get(self.offset..self.offset + 8) {
            let stops = ends_of_run(u64::from_le_bytes(chunk.try_into().unwrap_or_default()));
            if stops != 0 {
                self.offset += (stops.trailing_zeros() / 8) as usize;
                break;
            }
            self.offset += 8;
        }
        while let Some(&b) = self.bytes.get(self.offset) {
            match b {
                b'"' => {
                    let text = &self.text[start..self.offset];
                    self.read_over(text);
                    self.offset += 1;
                    return Ok(text.to_owned());
                }
                b'\\' => break,
                0..=0x1F => return Err(self.control_character()),
                _ => self.offset += 1,
            }
        }
        let mut out = String::from(&self.text[start..self.offset]);
        self.read_over(&out);
        loop {
            let run = self.offset;
            while let Some(&b) = self.bytes.get(self.offset) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.offset += 1;
            }
            let text = &self.text[run..self.offset];
            self.read_over(text);
            out.push_str(text);
            match self.bytes.get(self.offset) {
                Some(b'"') => {
                    self.offset += 1;
                    return Ok(out);
                }
                Some(b'\\') => self.escape(&mut out)?,
                Some(_) => return Err(self.control_character()),
                None => return Err(self.error("the text ends inside a string")),
            }
        }
    }

    fn control_character(&self) -> ParseError {
        let c = self.bytes[self.offset] as char;
        let message = format!(
            "the character {} must be written as an escape in a JSON string",
            escape(&c.to_string())
        );
        self.error(message)
    }

    /// An escape; the offset is at its backslash.
    fn escape(&mut self, out: &mut String) -> Result<(), ParseError> {
        let Some(&kind) = self.bytes.get(self.offset + 1) else {
            self.offset += 1;
            return Err(self.error("the text ends inside a string"));
        };
        let simple = match kind {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                return self.unicode_escape(out);
            }
            _ => {
                let shown = self.text[self.offset..].chars().take(2).collect::<String>();
                let message = format!(
                    "`{}` is not an escape JSON knows (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)",
                    escape(&shown)
                );
                return Err(self.error(message));
            }
        };
        out.push(simple);
        self.offset += 2;
        Ok(())
    }

    /// The four hex digits of a `\u` escape at `offset` (its backslash), if one is there.
    fn hex4(&self, offset: usize) -> Option<u32> {
        if self.bytes.get(offset..offset + 2) != Some(b"\\u") {
            return None;
        }
        let digits = self.bytes.get(offset + 2..offset + 6)?;
        digits.iter().try_fold(0, |n, &b| {
            let digit = (b as char).to_digit(16)?;
            Some(n * 16 + digit)
        })
    }

    /// A `\uXXXX` escape, joined with the `\uXXXX` after it when they are a surrogate pair.
    fn unicode_escape(&mut self, out: &mut String) -> Result<(), ParseError> {
        let Some(unit) = self.hex4(self.offset) else {
            return Err(self.error("`\\u` must be followed by four hexadecimal digits"));
        };
        let code = match unit {
            0xD800..=0xDBFF => match self.hex4(self.offset + 6) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    let code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                    self.offset += 6;
                    code
                }
                _ => {
                    let message = format!(
                        "`\\u{unit:04x}` is a lone surrogate: a high surrogate (\\ud800 to \\udbff) must be followed by a low one (\\udc00 to \\udfff), together one character"
                    );
                    return Err(self.error(message));
                }
            },
            0xDC00..=0xDFFF => {
                let message = format!(
                    "`\\u{unit:04x}` is a lone surrogate: a low surrogate (\\udc00 to \\udfff) must follow a high one (\\ud800 to \\udbff), together one character"
                );
                return Err(self.error(message));
            }
            code => code,
        };
        // Every other value is a Unicode scalar value.
        out.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
        self.offset += 6;
        Ok(())
    }

    fn digits(&mut self) -> usize {
        let start = self.offset;
        while self.bytes.get(self.offset).is_some_and(u8::is_ascii_digit) {
            self.offset += 1;
        }
        self.offset - start
    }

    /// A number by RFC 8259's grammar, read as the YAML reader reads the same text.
    fn number(&mut self) -> Result<Number, ParseError> {
        let start = self.offset;
        let negative = self.bytes[self.offset] == b'-';
        if negative {
            self.offset += 1;
        }
        let mut plain = !negative;
        match self.bytes.get(self.offset) {
            Some(b'0') => self.offset += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.error(format!("expected a digit, found {}", self.found()))),
        }
        if self.bytes.get(self.offset) == Some(&b'.') {
            plain = false;
            self.offset += 1;
            if self.digits() == 0 {
                let message = format!(
                    "expected a digit after the decimal point, found {}",
                    self.found()
                );
                return Err(self.error(message));
            }
        }
        if matches!(self.bytes.get(self.offset), Some(b'e' | b'E')) {
            plain = false;
            self.offset += 1;
            if matches!(self.bytes.get(self.offset), Some(b'+' | b'-')) {
                self.offset += 1;
            }
            if self.digits() == 0 {
                let message = format!("expected a digit in the exponent, found {}", self.found());
                return Err(self.error(message));
            }
        }
        let text = &self.text[start..self.offset];
        if plain {
            if let Ok(n) = text.parse::<u64>() {
                return Ok(Number::from(n));
            }
        }
        // The grammar is JSON's, so this reads it (a number beyond a double is the largest).
        Ok(source::number(text).unwrap_or_else(|| Number::from(0)))
    }

    /// `true`, `false` or `null`, spelled exactly.
    fn literal(&mut self) -> Result<Value, ParseError> {
        for (word, value) in [
            ("true", Value::Bool(true)),
            ("false", Value::Bool(false)),
            ("null", Value::Null),
        ] {
            if self.bytes[self.offset..].starts_with(word.as_bytes()) {
                self.offset += word.len();
                return Ok(value);
            }
        }
        Err(self.error(format!("expected a value, found {}", self.found())))
    }
}

/// Reads JSON text (a leading byte order mark is dropped) into a tree of [`Node`]s.
pub fn parse(text: &str) -> Result<Node, ParseError> {
    let text = source::without_bom(text);
    if text.len() > MAX_INPUT_BYTES {
        return Err(ParseError {
            at: Position { line: 1, column: 1 },
            message: format!(
                "larger than {} MiB; templates and request bodies are far smaller",
                MAX_INPUT_BYTES / (1024 * 1024)
            ),
        });
    }
    if text.len() >= PARTS_FROM {
        if let Some(root) = parse_in_parts(text) {
            return Ok(root);
        }
    }
    let mut s = Scanner::new(text);
    value(&mut s, 0, None)
}

/// The bytes of `word` (eight of a string, in text order from the lowest) that end a run of
/// plain string bytes: `"`, `\` and the control characters below U+0020. The result's lowest
/// set bit is the high bit of the first such byte (the higher bits may be set by borrows and
/// mean nothing).
fn ends_of_run(word: u64) -> u64 {
    quote_or_backslash(word) | (word.wrapping_sub(ONES * 0x20) & !word & HIGHS)
}

const ONES: u64 = 0x0101_0101_0101_0101;
/// Eight spaces, as a word.
const SPACES: u64 = ONES * 0x20;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The bytes of `word` equal to `byte`, as [`ends_of_run`] marks them (the lowest mark exact).
fn bytes_equal(word: u64, byte: u8) -> u64 {
    let x = word ^ (ONES * u64::from(byte));
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// `"` and `\` in `word`, as [`ends_of_run`] marks them.
fn quote_or_backslash(word: u64) -> u64 {
    bytes_equal(word, b'"') | bytes_equal(word, b'\\')
}

/// `"`, `{` and `}` in `word`, as [`ends_of_run`] marks them.
fn braces_or_quote(word: u64) -> u64 {
    bytes_equal(word, b'"') | bytes_equal(word, b'{') | bytes_equal(word, b'}')
}

/// The size from which a template's resources are parsed in parts, on several threads.
const PARTS_FROM: usize = 1 << 16;

/// A resource of a template whose value is parsed on its own ([`parse_in_parts`]): where its
/// value starts (the scanner's state there) and ends.
#[derive(Clone, Copy)]
struct Deferred {
    offset: usize,
    line: usize,
    line_start: usize,
    continuations: usize,
    at: Position,
    end: usize,
}

/// The document parsed with each resource's value (an object, a member of the top-level
/// `Resources`) skipped over and then parsed on its own, several at once: a template is mostly
/// its resources. `None` when anything is not as it seems (a value that does not end where the
/// skip found its end, any error): the text is then parsed in one go, so an error is always the
/// one that gives. A value parsed from its start with the scanner's state there is the value
/// the whole parse reads, positions included.
fn parse_in_parts(text: &str) -> Option<Node> {
    // Each resource is handed to the pool as soon as it is skipped over, so the skipping (one
    // thread's work) goes on beside the parsing of the resources found before it.
    let (sender, receiver) = std::sync::mpsc::channel();
    let mut deferred = Vec::new();
    let root = rayon::scope(|scope| {
        let mut defer = |part: Deferred| {
            let (index, sender) = (deferred.len(), sender.clone());
            scope.spawn(move |_| {
                // The receiver outlives the scope: sending cannot fail.
                let _ = sender.send((index, parse_part(text, &part)));
            });
            deferred.push(part);
        };
        value(&mut Scanner::new(text), 0, Some(&mut defer))
    });
    drop(sender);
    let mut root = root.ok()?;
    if deferred.is_empty() {
        return Some(root);
    }
    let mut values: Vec<Option<Node>> = Vec::new();
    values.resize_with(deferred.len(), || None);
    for (index, node) in receiver {
        values[index] = Some(node?);
    }
    // Each value back in its place, in document order.
    let mut pending = deferred.iter().zip(values).peekable();
    let Value::Map(top) = &mut root.value else {
        return None;
    };
    for (key, _, resources) in top.iter_mut() {
        if key != RESOURCES {
            continue;
        }
        let Value::Map(resources) = &mut resources.value else {
            continue;
        };
        for (_, _, node) in resources.iter_mut() {
            if pending
                .peek()
                .is_some_and(|(d, _)| d.at == node.at && node.value == Value::Null)
            {
                *node = pending.next()?.1?;
            }
        }
    }
    pending.peek().is_none().then_some(root)
}

/// The value of one resource `part` of `text`, if it ends where the skip over it ended.
fn parse_part(text: &str, part: &Deferred) -> Option<Node> {
    let mut s = Scanner {
        text,
        bytes: text.as_bytes(),
        offset: part.offset,
        line: part.line,
        line_start: part.line_start,
        continuations: part.continuations,
    };
    let node = value(&mut s, 2, None).ok()?;
    (s.offset == part.end).then_some(node)
}

/// Whether the value about to be read is a member of the top-level `Resources` object.
fn in_resources(stack: &[Frame]) -> bool {
    matches!(
        stack,
        [
            Frame::Object {
                key: Some((key, _)),
                ..
            },
            Frame::Object { key: Some(_), .. },
        ] if key == RESOURCES
    )
}

/// The top-level member whose object members are parsed in parts.
const RESOURCES: &str = crate::grammar::RESOURCES;

/// One JSON value from the scanner's offset, nested `depth` levels deep already: the whole
/// text's (`depth` 0: nothing may follow it) or a part's (the scanner is left after it). With
/// `defer`, the objects that are members of the top-level `Resources` object are skipped over,
/// each recorded there and left `null` in the tree.
fn value(
    s: &mut Scanner<'_>,
    depth: usize,
    mut defer: Option<&mut dyn FnMut(Deferred)>,
) -> Result<Node, ParseError> {
    // Room for a resource's usual nesting and members from the start: a template's resources
    // are parsed each on its own, and growing these from nothing was a twentieth of the parse.
    let mut stack: Vec<Frame> = Vec::with_capacity(16);
    let mut entries: Vec<(String, Position, Node)> = Vec::with_capacity(64);
    let mut items: Vec<Node> = Vec::with_capacity(16);
    let mut root: Option<Node> = None;
    let mut want = Want::Value;
    loop {
        if depth > 0 && want == Want::Separator && stack.is_empty() {
            break;
        }
        s.skip_white_space();
        let Some(&byte) = s.bytes.get(s.offset) else {
            if want == Want::Separator && stack.is_empty() {
                break;
            }
            return Err(s.error("the text ends early"));
        };
        // A finished value, to be put in its parent.
        let node = match want {
            Want::Key | Want::KeyOrClose => match byte {
                b'"' => {
                    let at = s.here();
                    let key = s.string()?;
                    s.skip_white_space();
                    if s.bytes.get(s.offset) != Some(&b':') {
                        let message = format!("expected `:` after a key, found {}", s.found());
                        return Err(s.error(message));
                    }
                    s.offset += 1;
                    if let Some(Frame::Object { key: slot, .. }) = stack.last_mut() {
                        *slot = Some((key, at));
                    }
                    want = Want::Value;
                    continue;
                }
                b'}' if want == Want::KeyOrClose => {
                    s.offset += 1;
                    close(stack.pop(), &mut entries, &mut items)
                }
                b'}' => return Err(s.error("a comma before `}`: expected another member")),
                _ => {
                    let message = format!(
                        "expected a key (a string in double quotes), found {}",
                        s.found()
                    );
                    return Err(s.error(message));
                }
            },
            Want::Separator => match (byte, stack.last()) {
                (_, None) => {
                    let message = format!("text after the JSON value: {}", s.found());
                    return Err(s.error(message));
                }
                (b',', Some(Frame::Object { .. })) => {
                    s.offset += 1;
                    want = Want::Key;
                    continue;
                }
                (b',', Some(Frame::Array { .. })) => {
                    s.offset += 1;
                    want = Want::Value;
                    continue;
                }
                (b'}', Some(Frame::Object { .. })) | (b']', Some(Frame::Array { .. })) => {
                    s.offset += 1;
                    close(stack.pop(), &mut entries, &mut items)
                }
                (_, Some(Frame::Object { .. })) => {
                    let message = format!("expected `,` or `}}`, found {}", s.found());
                    return Err(s.error(message));
                }
                (_, Some(Frame::Array { .. })) => {
                    let message = format!("expected `,` or `]`, found {}", s.found());
                    return Err(s.error(message));
                }
            },
            Want::Value | Want::ValueOrClose => {
                let at = s.here();
                match byte {
                    b']' if want == Want::ValueOrClose => {
                        s.offset += 1;
                        close(stack.pop(), &mut entries, &mut items)
                    }
                    b'{' if defer.is_some() && in_resources(&stack) => {
                        let start = (s.offset, s.line, s.line_start, s.continuations);
                        let end = s
                            .skip_object()
                            .ok_or_else(|| s.error("a resource to read whole"))?;
                        if let Some(defer) = defer.as_deref_mut() {
                            defer(Deferred {
                                offset: start.0,
                                line: start.1,
                                line_start: start.2,
                                continuations: start.3,
                                at,
                                end,
                            });
                        }
                        Node {
                            at,
                            tag: None,
                            value: Value::Null,
                        }
                    }
                    b'{' | b'[' => {
                        if depth + stack.len() >= MAX_DEPTH {
                            return Err(ParseError {
                                at,
                                message: format!("nesting deeper than {MAX_DEPTH} levels"),
                            });
                        }
                        s.offset += 1;
                        if byte == b'{' {
                            stack.push(Frame::Object {
                                at,
                                start: entries.len(),
                                key: None,
                            });
                            want = Want::KeyOrClose;
                        } else {
                            stack.push(Frame::Array {
                                at,
                                start: items.len(),
                            });
                            want = Want::ValueOrClose;
                        }
                        continue;
                    }
                    b'"' => Node {
                        at,
                        tag: None,
                        value: Value::Str(s.string()?),
                    },
                    b'-' | b'0'..=b'9' => Node {
                        at,
                        tag: None,
                        value: Value::Number(s.number()?),
                    },
                    _ => Node {
                        at,
                        tag: None,
                        value: s.literal()?,
                    },
                }
            }
        };
        want = Want::Separator;
        match stack.last_mut() {
            None => root = Some(node),
            Some(Frame::Array { .. }) => items.push(node),
            Some(Frame::Object { key, .. }) => {
                if let Some((key, key_at)) = key.take() {
                    entries.push((key, key_at, node));
                }
            }
        }
    }
    Ok(root.unwrap_or(Node {
        at: Position { line: 1, column: 1 },
        tag: None,
        value: Value::Null,
    }))
}

/// The node of the closed array or object `frame`, its members or items taken off the shared
/// stacks.
fn close(
    frame: Option<Frame>,
    entries: &mut Vec<(String, Position, Node)>,
    items: &mut Vec<Node>,
) -> Node {
    match frame {
        Some(Frame::Object { at, start, .. }) => Node {
            at,
            tag: None,
            value: Value::Map(entries.drain(start..).collect()),
        },
        Some(Frame::Array { at, start }) => Node {
            at,
            tag: None,
            value: Value::Seq(items.drain(start..).collect()),
        },
        None => Node {
            at: Position::default(),
            tag: None,
            value: Value::Null,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::test_support::{fixtures, xorshift};

    /// The first byte of eight that ends a string's plain run, found a word at a time, is the
    /// one a byte-by-byte scan finds, whatever the bytes around it.
    #[test]
    fn a_run_ends_where_a_byte_scan_says() {
        let is_stop = |b: u8| b == b'"' || b == b'\\' || b < 0x20;
        let first = |bytes: [u8; 8]| {
            let stops = ends_of_run(u64::from_le_bytes(bytes));
            (stops != 0).then(|| (stops.trailing_zeros() / 8) as usize)
        };
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for value in 0..=255u8 {
            for at in 0..8 {
                // Plain bytes around, and then bytes of every kind after it.
                let mut bytes = [b'a'; 8];
                bytes[at] = value;
                let expected = is_stop(value).then_some(at);
                assert_eq!(first(bytes), expected, "{bytes:?}");
                for _ in 0..32 {
                    let mut noisy = next().to_le_bytes();
                    noisy[..at].fill(b'a');
                    noisy[at] = value;
                    let expected = noisy.iter().position(|&b| is_stop(b));
                    assert_eq!(first(noisy), expected, "{noisy:?}");
                }
            }
        }
    }

    fn read(text: &str) -> Result<Node, ParseError> {
        parse(text)
    }

    fn error(text: &str) -> String {
        read(text).unwrap_err().to_string()
    }

    /// The JSON files among the fixtures.
    fn json_fixtures() -> Vec<(std::path::PathBuf, String)> {
        fixtures(&["json"])
    }

    /// Every JSON file of the repository's fixtures gives the tree the YAML reader gives it
    /// (JSON is YAML), positions included: the two readers agree wherever both read.
    #[test]
    fn the_tree_is_the_yaml_readers_for_every_json_fixture() {
        let mut compared = 0;
        for (path, text) in json_fixtures() {
            let text = source::without_bom(&text);
            if let (Ok(json), Ok(yaml)) = (read(text), source::parse(text, false)) {
                assert_eq!(json, yaml, "{}", path.display());
                compared += 1;
            }
        }
        assert!(compared > 100, "{compared}");
    }

    /// The tree as serde_json's `Value` (the last of duplicate keys wins, as there).
    fn to_json(node: &Node) -> serde_json::Value {
        match &node.value {
            Value::Map(entries) => {
                let mut map = serde_json::Map::new();
                for (key, _, value) in entries {
                    map.insert(key.clone(), to_json(value));
                }
                serde_json::Value::Object(map)
            }
            Value::Seq(items) => serde_json::Value::Array(items.iter().map(to_json).collect()),
            Value::Str(s) => serde_json::Value::String(s.clone()),
            Value::Number(n) => serde_json::Value::Number(n.clone()),
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Null | Value::Unknown(_) => serde_json::Value::Null,
        }
    }

    /// Mutated documents (bytes inserted, removed and replaced by a fixed-seed generator, with
    /// JSON's own characters, escapes and surrogates) are read exactly when serde_json reads
    /// them, into the same value, and never panic.
    /// The whole text's reading (what `parse` does below [`PARTS_FROM`]).
    fn whole(text: &str) -> Result<Node, ParseError> {
        value(&mut Scanner::new(text), 0, None)
    }

    /// A template read in parts (each resource's value on its own) is the template read whole,
    /// positions included, for every JSON fixture and for templates mutated at random (braces
    /// and quotes in strings, escapes, characters beyond ASCII before and after a resource,
    /// `Resources` given twice); a text with an error is never read in parts.
    #[test]
    fn a_template_read_in_parts_is_the_template_read_whole() {
        let mut in_parts = 0;
        for (path, text) in json_fixtures() {
            let text = source::without_bom(&text);
            if let Some(node) = parse_in_parts(text) {
                assert_eq!(Ok(node), whole(text), "{}", path.display());
                in_parts += 1;
            }
        }
        assert!(in_parts > 30, "{in_parts}");
        let seeds = [
            "{\"A\": \"é\", \"Resources\": {\"P\": {\"Type\": \"T\", \"Properties\": {\"K\": \"}{\\\"\\\\\", \"L\": [{\"x\": [1, {}]}, \"é😀\"]}},\n  \"Q\": {\"é\": {\"\\u00e9\": \"\\\"}\"}}, \"N\": null, \"S\": \"s\"},\n \"Z\": {\"Resources\": {\"In\": {}}}}",
            "{\"Resources\": {\"P\": {}}, \"Resources\": {\"R\": {\"a\": \"\\\\\"}, \"S\": {\"b\": [\"}\"]}}}",
            "{\n\"Resources\":\n{\n\"P\":\n{\n\"é\":\n\"😀\"\n}\n,\n\"Q\": {\"x\": \"\\ud83d\\ude00\"}}}",
        ];
        let pieces: &[&str] = &[
            "{",
            "}",
            "[",
            "]",
            ",",
            ":",
            "\"",
            "\\",
            "\\u",
            "0",
            " ",
            "\n",
            "\u{1f}",
            "é",
            "😀",
            "\"Resources\": {\"X\": {}}, ",
            "{\"k\": \"}\"}",
        ];
        let mut next = xorshift(0x2545_F491_4F6C_DD1D);
        let mut read_in_parts = 0;
        for round in 0..20_000 {
            let mut text = seeds[round % seeds.len()].to_owned();
            for _ in 0..next(3) {
                let mut at = next(text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                if next(2) == 0 {
                    text.insert_str(at, pieces[next(pieces.len())]);
                } else {
                    let end = (at + 1..=text.len())
                        .find(|&e| text.is_char_boundary(e))
                        .unwrap_or(text.len());
                    text.replace_range(at..end, "");
                }
            }
            if let Some(parts) = parse_in_parts(&text) {
                assert_eq!(Ok(parts), whole(&text), "{text:?}");
                read_in_parts += 1;
            }
        }
        assert!(read_in_parts > 5_000, "{read_in_parts}");
    }

    #[test]
    fn mutated_documents_are_judged_as_serde_json_judges_them() {
        let seeds = [
            r#"{"a": [1, -2.5e3, true, false, null], "b\u00e9": "x\ud83d\ude00y", "c": {"d": ""}}"#,
            "[\"\\n\\t\\\"\\/\", 0, 1E+2, {}, [], \"é€😀\"]",
            r#"{"Resources": {"P": {"Type": "AWS::AppFlow::ConnectorProfile", "Properties": {"ConnectorProfileName": "p"}}}}"#,
        ];
        let pieces: &[&str] = &[
            "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud83d", "\\ude00", "0", "-", ".",
            "e", "1", "true", "null", " ", "\n", "\u{0}", "\u{1f}", "\u{7f}", "é", "😀", "\\x",
        ];
        let mut next = xorshift(0x9E37_79B9_7F4A_7C15);
        let mut read_both = 0;
        for round in 0..20_000 {
            let mut text = seeds[round % seeds.len()].to_owned();
            for _ in 0..1 + next(3) {
                let mut at = next(text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                match next(3) {
                    0 => text.insert_str(at, pieces[next(pieces.len())]),
                    1 => {
                        let end = (at + 1 + next(3)).min(text.len());
                        let end = (end..=text.len())
                            .find(|&e| text.is_char_boundary(e))
                            .unwrap();
                        text.replace_range(at..end, "");
                    }
                    _ => {
                        let end = (at + 1).min(text.len());
                        let end = (end..=text.len())
                            .find(|&e| text.is_char_boundary(e))
                            .unwrap();
                        text.replace_range(at..end, pieces[next(pieces.len())]);
                    }
                }
            }
            let ours = read(&text);
            let theirs = serde_json::from_str::<serde_json::Value>(&text);
            match (&ours, &theirs) {
                (Ok(node), Ok(value)) => {
                    assert_eq!(&to_json(node), value, "{text:?}");
                    // Where the YAML reader reads the same values, it places them alike.
                    if let Ok(yaml) = source::parse(&text, false) {
                        if to_json(&yaml) == *value {
                            assert_eq!(node, &yaml, "{text:?}");
                        }
                    }
                    read_both += 1;
                }
                (Err(_), Err(_)) => {}
                // serde_json refuses numbers beyond a double; we read them as the largest.
                (Ok(_), Err(e)) if e.to_string().starts_with("number out of range") => {}
                _ => panic!("{text:?}: ours {ours:?}, serde_json {theirs:?}"),
            }
        }
        assert!(read_both > 1_000, "{read_both}");
    }

    #[test]
    fn positions_are_code_points_from_one() {
        let node = read("{\n  \"é\": [1, \"x\"],\n\t\"b\": {}}").unwrap();
        let Value::Map(entries) = &node.value else {
            panic!()
        };
        assert_eq!(node.at, Position { line: 1, column: 1 });
        assert_eq!(entries[0].1, Position { line: 2, column: 3 });
        assert_eq!(entries[0].2.at, Position { line: 2, column: 8 });
        let Value::Seq(items) = &entries[0].2.value else {
            panic!()
        };
        assert_eq!(
            items[1].at,
            Position {
                line: 2,
                column: 12
            }
        );
        assert_eq!(entries[1].1, Position { line: 3, column: 2 });
    }

    #[test]
    fn surrogate_pairs_are_joined_and_lone_surrogates_are_errors_where_they_are() {
        let node = read(r#"{"a": "x\ud83d\ude00y\u00e9\/"}"#).unwrap();
        let Value::Map(entries) = &node.value else {
            panic!()
        };
        assert_eq!(entries[0].2.value, Value::Str("x\u{1F600}yé/".into()));
        assert_eq!(
            error("{\n \"a\": \"ab\\ud83d\"}"),
            "2:10: invalid JSON: `\\ud83d` is a lone surrogate: a high surrogate (\\ud800 to \\udbff) must be followed by a low one (\\udc00 to \\udfff), together one character"
        );
        assert!(
            error(r#"["\ude00"]"#).starts_with("1:3: invalid JSON: `\\ude00` is a lone surrogate")
        );
        assert!(error(r#"["\ud83d\u0041"]"#).starts_with("1:3: invalid JSON: `\\ud83d`"));
        assert!(error(r#"["\ud83d\n"]"#).starts_with("1:3: invalid JSON: `\\ud83d`"));
        // Found by the mutation test: a low surrogate's digits without their backslash.
        assert!(error(r#"["\ud83d.ude00"]"#).starts_with("1:3: invalid JSON: `\\ud83d`"));
        assert_eq!(
            error(r#"["\u12G4"]"#),
            "1:3: invalid JSON: `\\u` must be followed by four hexadecimal digits"
        );
        assert!(error(r#"["\x"]"#).starts_with("1:3: invalid JSON: `\\x` is not an escape"));
    }

    #[test]
    fn syntax_errors_are_at_the_offending_character() {
        assert_eq!(
            error("{\n  \"a\": ,\n}"),
            "2:8: invalid JSON: expected a value, found `,`"
        );
        assert_eq!(
            error("{\"é\": ,}"),
            "1:7: invalid JSON: expected a value, found `,`"
        );
        assert_eq!(error(""), "1:1: invalid JSON: the text ends early");
        assert_eq!(error("  \n "), "2:2: invalid JSON: the text ends early");
        assert_eq!(
            error("{\"a\": 1,}"),
            "1:9: invalid JSON: a comma before `}`: expected another member"
        );
        assert_eq!(
            error("[1,]"),
            "1:4: invalid JSON: expected a value, found `]`"
        );
        assert_eq!(
            error("{\"a\" 1}"),
            "1:6: invalid JSON: expected `:` after a key, found `1`"
        );
        assert_eq!(
            error("{\"a\": 1 \"b\": 2}"),
            "1:9: invalid JSON: expected `,` or `}`, found `\"`"
        );
        assert_eq!(
            error("[1 2]"),
            "1:4: invalid JSON: expected `,` or `]`, found `2`"
        );
        assert_eq!(
            error("{} x"),
            "1:4: invalid JSON: text after the JSON value: `x`"
        );
        assert_eq!(
            error("{a: 1}"),
            "1:2: invalid JSON: expected a key (a string in double quotes), found `a`"
        );
        assert_eq!(
            error("[tru]"),
            "1:2: invalid JSON: expected a value, found `t`"
        );
        assert_eq!(
            error("[01]"),
            "1:3: invalid JSON: expected `,` or `]`, found `1`"
        );
        assert_eq!(
            error("[1.]"),
            "1:4: invalid JSON: expected a digit after the decimal point, found `]`"
        );
        assert_eq!(
            error("[1e+]"),
            "1:5: invalid JSON: expected a digit in the exponent, found `]`"
        );
        assert_eq!(
            error("[-x]"),
            "1:3: invalid JSON: expected a digit, found `x`"
        );
        assert_eq!(
            error("[\"ab"),
            "1:5: invalid JSON: the text ends inside a string"
        );
        assert_eq!(
            error("[\"ab\\"),
            "1:6: invalid JSON: the text ends inside a string"
        );
        assert_eq!(
            error("{\"a\": [1, 2"),
            "1:12: invalid JSON: the text ends early"
        );
    }

    #[test]
    fn control_characters_must_be_escaped_and_forbidden_ones_are_errors_at_their_place() {
        assert_eq!(
            error("{\"a\": \"x\u{0}y\"}"),
            "1:9: invalid JSON: the character \\u{0000} must be written as an escape in a JSON string"
        );
        assert_eq!(
            error("{\"a\":\n\"x\ty\"}"),
            "2:3: invalid JSON: the character \\u{0009} must be written as an escape in a JSON string"
        );
        assert_eq!(
            error("[1]\u{0}"),
            "1:4: invalid JSON: text after the JSON value: `\\u{0000}`"
        );
        // Escaped, any character is a value; DEL, C1 controls and noncharacters are allowed raw
        // by RFC 8259 (findings escape them when they show them).
        let node = read("[\"\\u0000\", \"\u{7f}\u{85}\u{ffff}\"]").unwrap();
        assert_eq!(
            node.value,
            Value::Seq(vec![
                Node {
                    at: Position { line: 1, column: 2 },
                    tag: None,
                    value: Value::Str("\u{0}".into())
                },
                Node {
                    at: Position {
                        line: 1,
                        column: 12
                    },
                    tag: None,
                    value: Value::Str("\u{7f}\u{85}\u{ffff}".into())
                },
            ])
        );
    }

    #[test]
    fn numbers_read_as_the_yaml_reader_reads_them() {
        for text in [
            "0",
            "-0",
            "443",
            "-443",
            "443.0",
            "4.43e2",
            "1E-3",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775809",
            "1e400",
            "-1e400",
        ] {
            assert_eq!(
                read(text).unwrap().value,
                source::parse(text, false).unwrap().value,
                "{text}"
            );
        }
    }

    #[test]
    fn duplicate_keys_are_kept_in_order() {
        let node = read("{\"A\": 1, \"A\": 2}").unwrap();
        let Value::Map(entries) = &node.value else {
            panic!()
        };
        assert_eq!(entries.len(), 2);
        assert_eq!(
            entries[1].1,
            Position {
                line: 1,
                column: 10
            }
        );
    }

    #[test]
    fn depth_is_limited_without_recursion_and_a_bom_is_dropped() {
        let fits = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(read(&fits).is_ok());
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert_eq!(
            error(&deep),
            format!(
                "1:{}: nesting deeper than {MAX_DEPTH} levels",
                MAX_DEPTH + 1
            )
        );
        assert!(read(&"{\"a\":".repeat(1_000_000)).is_err());
        assert_eq!(read("\u{feff}{}").unwrap().value, Value::Map(Vec::new()));
        let large = format!("[{}1]", " ".repeat(MAX_INPUT_BYTES));
        assert!(
            error(&large).starts_with("1:1: larger than 4 MiB"),
            "{}",
            error(&large)
        );
    }

    #[test]
    fn a_minified_line_is_read_in_linear_time() {
        // 200,000 values on one line: counting each column from the line's start would take
        // 2e10 steps.
        let text = format!("[{}1]", "\"é\",".repeat(200_000));
        let node = read(&text).unwrap();
        let Value::Seq(items) = &node.value else {
            panic!()
        };
        assert_eq!(items[200_000].at.column, 2 + 4 * 200_000);
    }
}
