//! A large YAML template read in parts, on several threads, into the tree reading it whole
//! gives: a template is mostly its resources, and the entries of a block mapping can each be
//! read on their own.
//!
//! The top-level `Resources:` line (a plain key at the first column, nothing after it but a
//! comment) is followed by its entries, each starting on a line indented exactly as the first
//! (`  Name:`, a plain key of letters and digits, nothing after it but a comment). Every line in
//! between is more indented, blank or a comment; the block ends at the first other line, which
//! must be at the first column. The document is read with the entries' lines blanked (the
//! skeleton: each key left with an empty value, every line kept), and the entries are read in
//! groups, each group's text on its own with its indentation kept, so columns are the file's and
//! lines are offset by the lines before it.
//!
//! Why a part reads as the whole does: at an entry's line the whole file's reader is in block
//! context at the entries' indentation, and reading the part's text from there depends on
//! nothing before it (no flow collection or quoted scalar is open, or the part before would end
//! inside it, which is an error; a plain or block scalar cannot continue onto a line indented
//! like the entries). What ends a part is given as the file gives it: the next entry's key line
//! (whose entry is dropped), or before a line at the first column the document end marker `...`,
//! which ends every scalar and block as that line does (yaml-rust2 reads some scalars differently
//! at the end of the text). Anything else is read whole: tabs, carriage returns, a byte order
//! mark, a NUL, a directive, an entry line that is not such a key, a skeleton whose root is not a
//! block mapping or holds `Resources` twice, and any error anywhere, so an error is always the
//! one the whole file gives.

use std::borrow::Cow;

use memchr::{memchr, memchr3, memmem};
use rayon::prelude::*;

use super::{read_yaml, Node, Position, Value};

/// The size from which a YAML template's resources are read in parts.
pub(super) const PARTS_FROM: usize = 1 << 16;

/// The least text of a group of entries read as one part (a part's reader costs a little to
/// start; groups of this size still share the work out evenly).
const GROUP_BYTES: usize = 1 << 14;

/// The top-level member whose entries are read in parts.
const RESOURCES: &str = crate::grammar::RESOURCES;

/// An entry of the `Resources` block: where its key line starts, its line, and where the key
/// line ends (after its line feed).
#[derive(Debug)]
struct Entry {
    offset: usize,
    line: usize,
    key_end: usize,
}

/// Where the top-level `Resources` block's entries are.
#[derive(Debug)]
struct Layout {
    /// The line of `Resources:`.
    line: usize,
    entries: Vec<Entry>,
    /// Where the block ends: the start of the first line after it, at the first column (or the
    /// end of the text), and that line's number.
    end: usize,
    end_line: usize,
}

/// The document read with the entries of its top-level `Resources` block read in parts, each
/// group of at least `group_bytes` on its own thread. `None` when its layout is not one whose
/// parts read as the whole, or anything fails: it is then read whole.
pub(super) fn parse_in_parts(text: &str) -> Option<Node> {
    parse_in_groups(text, GROUP_BYTES)
}

fn parse_in_groups(text: &str, group_bytes: usize) -> Option<Node> {
    let layout = layout(text)?;
    let groups = groups(&layout.entries, group_bytes);
    let skeleton = skeleton(text, &layout);
    let (root, parts) = rayon::join(
        || read_yaml(&skeleton, 0, 0).ok(),
        || {
            groups
                .par_iter()
                .map(|range| read_group(text, &layout, range.clone()))
                .collect::<Vec<_>>()
        },
    );
    let mut root = root?;
    // The root must be a block mapping: its position is its first key's (a flow mapping's is
    // its brace's).
    let Value::Map(top) = &mut root.value else {
        return None;
    };
    if root.tag.is_some() || top.first().map(|(_, at, _)| *at) != Some(root.at) {
        return None;
    }
    let mut resources = top.iter_mut().filter(|(key, _, _)| key == RESOURCES);
    let (_, at, node) = resources.next()?;
    let expected = Position {
        line: layout.line,
        column: 1,
    };
    if resources.next().is_some() || *at != expected || node.tag.is_some() {
        return None;
    }
    let Value::Map(slots) = &mut node.value else {
        return None;
    };
    if slots.len() != layout.entries.len() {
        return None;
    }
    let mut slots = slots.iter_mut();
    for part in parts {
        for (key, at, value) in part? {
            let (slot_key, slot_at, slot) = slots.next()?;
            let empty = slot.tag.is_none() && slot.value == Value::Null;
            if *slot_key != key || *slot_at != at || !empty {
                return None;
            }
            *slot = value;
        }
    }
    Some(root)
}

/// The layout of the top-level `Resources` block, if the text is one whose entries can be read
/// in parts.
fn layout(text: &str) -> Option<Layout> {
    let bytes = text.as_bytes();
    // Tabs and carriage returns change what indentation and lines are; a NUL ends yaml-rust2's
    // reading; a byte order mark and directives are read by the whole file's reader only.
    if memchr3(b'\t', b'\r', 0, bytes).is_some()
        || memmem::find(bytes, "\u{feff}".as_bytes()).is_some()
        || bytes.first() == Some(&b'%')
        || memmem::find(bytes, b"\n%").is_some()
    {
        return None;
    }
    let (start, resources) = resources_line(bytes)?;
    let mut offset = start;
    let mut line = resources + 1;
    let mut indent = None;
    let mut entries = Vec::new();
    let (end_line, end) = loop {
        if offset == bytes.len() {
            break (line, offset);
        }
        let next = memchr(b'\n', &bytes[offset..]).map_or(bytes.len(), |i| offset + i + 1);
        let this = &bytes[offset..next];
        let spaces = this.iter().take_while(|&&b| b == b' ').count();
        match this.get(spaces) {
            // Blank or a comment.
            None | Some(b'\n' | b'#') => {}
            Some(_) => {
                let indent = *indent.get_or_insert(spaces);
                if spaces < indent {
                    // A line indented less than the entries but more than the top level is
                    // an error or something this reading does not follow.
                    if spaces > 0 {
                        return None;
                    }
                    break (line, offset);
                }
                if spaces == indent {
                    if !plain_key_alone(&this[spaces..]) {
                        return None;
                    }
                    entries.push(Entry {
                        offset,
                        line,
                        key_end: next,
                    });
                }
            }
        }
        if this.last() == Some(&b'\n') {
            line += 1;
        }
        offset = next;
    };
    if indent == Some(0) || entries.is_empty() {
        return None;
    }
    Some(Layout {
        line: resources,
        entries,
        end,
        end_line,
    })
}

/// The line feeds in `bytes`.
fn lines_in(bytes: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', bytes).count()
}

/// Where the lines after the first `Resources:` line at the first column (nothing after it but
/// spaces and a comment) start, and that line's number.
fn resources_line(bytes: &[u8]) -> Option<(usize, usize)> {
    let key = format!("{RESOURCES}:");
    for found in memmem::find_iter(bytes, key.as_bytes()) {
        if found > 0 && bytes[found - 1] != b'\n' {
            continue;
        }
        let after = found + key.len();
        let end = memchr(b'\n', &bytes[after..])? + after;
        if nothing_but_a_comment(&bytes[after..end]) {
            return Some((end + 1, lines_in(&bytes[..found]) + 1));
        }
    }
    None
}

/// Whether a line (from its first character after the indentation) is a plain key of letters
/// and digits and a colon, then nothing but spaces and a comment.
fn plain_key_alone(line: &[u8]) -> bool {
    let key = line
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    let rest = line[key..].strip_prefix(b":").unwrap_or(b"x");
    key > 0 && nothing_but_a_comment(rest.strip_suffix(b"\n").unwrap_or(rest))
}

/// Whether the rest of a line after a key's colon is only spaces, then perhaps a comment (which
/// YAML wants after a space).
fn nothing_but_a_comment(rest: &[u8]) -> bool {
    let spaces = rest.iter().take_while(|&&b| b == b' ').count();
    match rest.get(spaces) {
        None => true,
        Some(b'#') => spaces > 0,
        Some(_) => false,
    }
}

/// The entries, in consecutive groups of at least `group_bytes` of text (the last may be
/// smaller).
fn groups(entries: &[Entry], group_bytes: usize) -> Vec<std::ops::Range<usize>> {
    let mut groups = Vec::new();
    let mut first = 0;
    for (i, entry) in entries.iter().enumerate().skip(1) {
        if entry.offset - entries[first].offset >= group_bytes {
            groups.push(first..i);
            first = i;
        }
    }
    groups.push(first..entries.len());
    groups
}

/// The text with the lines of each entry but its key line blanked (kept as empty lines, so every
/// position outside the entries is the text's).
fn skeleton(text: &str, layout: &Layout) -> String {
    let entries = &layout.entries;
    let blanked = layout.end_line - entries[0].line;
    let mut out = String::with_capacity(
        entries[0].offset + entries.len() * 32 + blanked + text.len() - layout.end,
    );
    out.push_str(&text[..entries[0].offset]);
    for (i, entry) in entries.iter().enumerate() {
        let next_line = entries.get(i + 1).map_or(layout.end_line, |e| e.line);
        let key_line = &text[entry.offset..entry.key_end];
        out.push_str(key_line);
        let lines = next_line - entry.line;
        let blank = lines.saturating_sub(usize::from(key_line.ends_with('\n')));
        out.extend(std::iter::repeat_n('\n', blank));
    }
    out.push_str(&text[layout.end..]);
    out
}

/// The entries `range` read on their own: their text, then what ends them in the file as it
/// would (the next entry's key line, whose entry is dropped; before a line at the first column,
/// the document end marker `...`, which ends every scalar and block as that line does).
fn read_group(
    text: &str,
    layout: &Layout,
    range: std::ops::Range<usize>,
) -> Option<Vec<(String, Position, Node)>> {
    let first = &layout.entries[range.start];
    let following = layout.entries.get(range.end);
    let part = match following {
        Some(following) => Cow::Borrowed(&text[first.offset..following.key_end]),
        None if layout.end == text.len() => Cow::Borrowed(&text[first.offset..]),
        None => Cow::Owned(format!("{}...\n", &text[first.offset..layout.end])),
    };
    // The part is the value of `Resources`, one level into the document.
    let part = read_yaml(&part, 1, first.line - 1).ok()?;
    let Value::Map(mut entries) = part.value else {
        return None;
    };
    if part.tag.is_some() {
        return None;
    }
    if let Some(following) = following {
        let (_, at, _) = entries.pop()?;
        if at.line != following.line {
            return None;
        }
    }
    (entries.len() == range.len()).then_some(entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::test_support::{fixtures, xorshift};
    use crate::source::{parse, ParseError};

    /// The whole text's reading (what `parse` does with a text it does not read in parts).
    fn whole(text: &str) -> Result<Node, ParseError> {
        read_yaml(text, 0, 0)
    }

    /// The YAML files among the fixtures.
    fn yaml_fixtures() -> Vec<(std::path::PathBuf, String)> {
        fixtures(&["yaml", "yml", "template"])
    }

    /// A template with a little of everything YAML allows inside and around its resources:
    /// comments at every indentation, block scalars kept, folded and stripped, multi-line plain
    /// and quoted scalars, flow collections, tags, anchors, empty and tagged empty values,
    /// sequences indented and not, keys that are numbers or words.
    const TEMPLATE: &str = r#"AWSTemplateFormatVersion: "2010-09-09"
Description: >-
  A folded
  description
Parameters:
  Env: {Type: String, Default: dev}
Resources: # the resources
# profiles, from the first column
  P1:
    Type: "AWS::AppFlow::ConnectorProfile"
    Properties:
      Name: !Ref Env
      List:
        - a
        - !GetAtt R.Arn
      Flow: {a: 1, b: [x, "y:z"]}
      Text: |
        line one
          line two

  # a comment at the entries' indentation
  P2: # a comment after a key
    Type: 'AWS::S3::Bucket'
    Properties:
      Plain: a plain
        scalar on two lines
      Quoted: "a quoted
        scalar with \"escapes\" é"
      Single: 'it''s'
      Keep: |+
        kept

# a comment at the first column

  P3:
    Type: X
    Empty:
    Tagged: !Sub
    Seq:
    - indentless
    - &anchor item
    Nested:
      Deep:
        Deeper: ~
  123:
    Properties:
      Strip: |-
        stripped
  true:
    Folded: >
      folded
      text
Outputs:
  O:
    Value: 1
"#;

    /// The template's other shapes: an explicit document, entries indented by four, the block
    /// last and ending without a line feed, an empty value last.
    const OTHER: &str = "---\n# heading\nResources:\n\n    A1:\n        Type: T\n        P: [1,\n          2]\n    A2:\n        Type: T\n        Q:\n          - - x\n            - y\n    A3:\n        R: \"tail\"\n    A4:\n        E:";

    /// A template whose last entry's value is empty and is followed by the end of the
    /// document.
    const ENDS: &str = "Resources:\n  P1:\n    T: 1\n  P2:\n...\n";

    #[test]
    fn a_template_is_read_in_parts_as_whole_whatever_the_groups() {
        for text in [TEMPLATE, OTHER, ENDS] {
            for group_bytes in [1, 40, 1 << 20] {
                let parts = parse_in_groups(text, group_bytes);
                assert!(parts.is_some(), "{group_bytes} {text}");
                assert_eq!(Ok(parts.unwrap()), whole(text), "{group_bytes} {text}");
            }
        }
    }

    /// Texts the layout refuses are read whole.
    #[test]
    fn what_could_read_differently_is_read_whole() {
        let refused = [
            // A tab, a carriage return, a byte order mark, a directive.
            "Resources:\n  P1:\n    K:\tv\n",
            "Resources:\r\n  P1:\r\n    K: v\r\n",
            "Resources:\n  P1:\n    K: \u{feff}v\n",
            "%YAML 1.2\n---\nResources:\n  P1:\n    K: v\n",
            // An entry line that is not a plain key alone.
            "Resources:\n  P1: {K: v}\n",
            "Resources:\n  \"P1\":\n    K: v\n",
            "Resources:\n  P1:# c\n    K: v\n",
            "Resources:#c\n  P1:\n    K: v\n",
            "Resources:\n  P1:\n    K: v\n  - x\n",
            "Resources:\n  ? P1\n  : K\n",
            // `Resources` given twice, not at the top, in a flow mapping, or with its value on
            // its line.
            "Resources:\n  P1:\n    K: v\nResources:\n  P2:\n    K: v\n",
            "A:\n  Resources:\n    P1:\n      K: v\n",
            "{\nResources:\n  P1:\n    K: v\n}\n",
            "Resources: !Tag\n  P1:\n    K: v\n",
            "Resources:\nP1:\n  K: v\n",
            "Resources:\n",
            // Errors.
            "Resources:\n  P1:\n    K: [v\n  P2:\n    K: v]\n",
            "Resources:\n  P1:\n    K: \"v\n  P2:\n    K: v\"\n",
            "Resources:\n  P1:\n    K: *a\n",
            "A: \"x\nResources:\n  P1:\n    K: v\nB: \"\n",
        ];
        for text in refused {
            assert_eq!(parse_in_groups(text, 1), None, "{text:?}");
        }
    }

    /// A resource nested as deep as the whole text's reader allows is read in parts; one level
    /// deeper is an error whole and is not read in parts.
    #[test]
    fn nesting_is_limited_in_parts_as_whole() {
        use crate::source::MAX_DEPTH;
        // The document, `Resources`, the resource and `K` hold the sequences.
        for sequences in [MAX_DEPTH - 4, MAX_DEPTH - 3, MAX_DEPTH - 2] {
            let nested = "[".repeat(sequences) + &"]".repeat(sequences);
            let text = format!("Resources:\n  P1:\n    K: {nested}\n  P2:\n    K: 1\n");
            let whole = whole(&text);
            assert_eq!(whole.is_ok(), sequences <= MAX_DEPTH - 3, "{sequences}");
            assert_eq!(parse_in_groups(&text, 1).ok_or(()), whole.map_err(|_| ()));
        }
    }

    /// Every YAML fixture read in parts (each entry alone, and in one group) is the fixture
    /// read whole, positions included.
    #[test]
    fn every_yaml_fixture_reads_alike_in_parts() {
        let mut in_parts = 0;
        for (path, text) in yaml_fixtures() {
            let text = crate::source::without_bom(&text);
            if crate::source::forbidden_character(text).is_some() {
                continue;
            }
            for group_bytes in [1, 1 << 20] {
                if let Some(node) = parse_in_groups(text, group_bytes) {
                    assert_eq!(Ok(node), whole(text), "{}", path.display());
                    in_parts += 1;
                }
            }
        }
        assert!(in_parts > 20, "{in_parts}");
    }

    /// Templates mutated at random, line by line (lines deleted, repeated, swapped, indented
    /// more or less, comments, keys, document markers, quotes, brackets, block scalar
    /// indicators, tabs inserted) and character by character, are read in parts (in groups of
    /// any size) exactly as whole, or not read in parts.
    #[test]
    fn mutated_templates_read_in_parts_read_as_whole() {
        let seeds = [TEMPLATE, OTHER, ENDS];
        let lines: &[&str] = &[
            "# c",
            "  # c",
            "---",
            "...",
            "%YAML 1.2",
            "  P9:",
            "    P9:",
            "    K: v",
            "      K: v",
            "Resources:",
            "  - x",
            "- x",
            "\t",
            "  K:\tv",
            "  \"q",
            "    K: 'a",
            "    K: \"a",
            "    K: [",
            "    K: {",
            "    ]",
            "    K: |",
            "    K: >-",
            "    K: |2+",
            "    ? K",
            "    : v",
            "    K: *anchor",
            "    K: &b x",
            "    K: !T",
            "",
            "   ",
            "x",
            "  x",
            "X:",
            "  P1:",
            "Outputs: {}",
        ];
        let pieces: &[&str] = &[
            ":", " ", "  ", "#", " #", "\"", "'", "\t", "[", "]", "{", "}", ",", "|", ">", "-",
            "- ", "? ", "&a ", "*a", "!", "!!str ", "\n", "é", "%", "\r", "\u{feff}", "...",
        ];
        let mut next = xorshift(0x2545_F491_4F6C_DD1D);
        let mut read_in_parts = 0;
        for round in 0..20_000 {
            let seed = seeds[round % seeds.len()];
            let mut text: Vec<String> = seed.split('\n').map(str::to_owned).collect();
            for _ in 0..1 + next(3) {
                let at = next(text.len());
                match next(7) {
                    0 => {
                        text.remove(at);
                    }
                    1 => text.insert(at, text[at].clone()),
                    2 if at + 1 < text.len() => text.swap(at, at + 1),
                    3 => text[at].insert_str(0, ["  ", " "][next(2)]),
                    4 => {
                        let spaces = text[at].len() - text[at].trim_start_matches(' ').len();
                        text[at].drain(..spaces.min(1 + next(2)));
                    }
                    5 => text.insert(at, lines[next(lines.len())].to_owned()),
                    _ => {
                        let line = &mut text[at];
                        let mut i = next(line.len() + 1);
                        while !line.is_char_boundary(i) {
                            i -= 1;
                        }
                        if next(3) == 0 && i < line.len() {
                            line.remove(i);
                        } else {
                            line.insert_str(i, pieces[next(pieces.len())]);
                        }
                    }
                }
                if text.is_empty() {
                    text.push(String::new());
                }
            }
            let text = text.join("\n");
            let group_bytes = [1, 2, 64, 1 << 20][next(4)];
            if let Some(parts) = parse_in_groups(&text, group_bytes) {
                assert_eq!(Ok(parts), whole(&text), "{group_bytes} {text:?}");
                read_in_parts += 1;
            }
        }
        assert!(read_in_parts > 5_000, "{read_in_parts}");
    }

    /// A template large enough is read in parts by `parse`, into the tree read whole; its
    /// errors (a forbidden character, a second document, bad YAML in a resource) are the whole
    /// text's.
    #[test]
    fn a_large_template_is_read_in_parts_and_its_errors_are_the_whole_texts() {
        let (head, resources) = TEMPLATE.split_once("Resources: # the resources\n").unwrap();
        let (resources, tail) = resources.split_once("Outputs:").unwrap();
        let mut text = format!("{head}Resources:\n");
        let mut copies = 0;
        while text.len() < PARTS_FROM {
            let renamed = resources
                .replace("  P", &format!("  C{copies}P"))
                .replace("  123:", &format!("  N{copies}:"))
                .replace("  true:", &format!("  T{copies}:"));
            text.push_str(&renamed);
            copies += 1;
        }
        text.push_str("Outputs:");
        text.push_str(tail);
        assert!(parse_in_parts(&text).is_some());
        let read = parse(&text, false).unwrap();
        assert_eq!(Ok(read.clone()), whole(&text));
        let Value::Map(top) = &read.value else {
            panic!()
        };
        let Value::Map(entries) = &top[3].2.value else {
            panic!()
        };
        assert_eq!(entries.len(), copies * 5);

        let middle = text.len() / 2;
        let line_start = text[..middle].rfind('\n').unwrap() + 1;
        for (inserted, message) in [
            ("    K: \u{1}\n", "is not allowed in YAML"),
            ("---\n", "a second YAML document"),
            ("    K: [\n", "invalid YAML"),
            ("    K: *a\n", "invalid YAML"),
        ] {
            let mut bad = text.clone();
            bad.insert_str(line_start, inserted);
            let error = parse(&bad, false).unwrap_err();
            assert!(error.message.contains(message), "{error}");
            let whole_error = match crate::source::forbidden_character(&bad) {
                Some(error) => error,
                None => whole(&bad).unwrap_err(),
            };
            assert_eq!(error, whole_error);
        }
    }
}
