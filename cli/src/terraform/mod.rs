//! Terraform as an input dialect: `.tf` files (native syntax, [`hcl`]), `.tf.json` files
//! (Terraform's JSON syntax, [`json`]) and modules (a directory's files read together). Each
//! file is read into a [`Body`] of attributes and blocks with positions; [`Module`] finds the
//! connector profile resources of the providers the generated crate's Terraform table knows
//! (`appflow_connector_profile::terraform`) and the module's `variable` blocks, and [`shape`]
//! turns a resource's body into a source tree in the shape of its provider's members (the API's
//! for hashicorp/aws, CloudFormation's for hashicorp/awscc), which the checks read as they read
//! a request body or a template's Properties. What Terraform knows only at plan or apply
//! (references, calls, interpolations, …) is a [`Value::Unknown`]. [`import`] writes the other
//! way: a DescribeConnectorProfiles response as hashicorp/aws resources and `import` blocks.

pub mod hcl;
pub mod import;
pub mod json;
pub mod plan;
pub mod shape;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use appflow_connector_profile::validation::echo;

use appflow_connector_profile::terraform as table;

use crate::source::{Node, ParseError, Position, Value};
use crate::text::pointer_token;

/// The suffixes of the files a module is made of.
pub const SUFFIXES: [&str; 2] = [".tf", ".tf.json"];

/// Whether a file's name says it is Terraform, and in which syntax.
pub fn syntax_of(name: &str) -> Option<Syntax> {
    if name.ends_with(".tf.json") {
        Some(Syntax::Json)
    } else if name.ends_with(".tf") {
        Some(Syntax::Native)
    } else {
        None
    }
}

/// Whether a module's file (by its name in the directory) is one Terraform reads as part of the
/// module: a `.tf` or `.tf.json` file that is not hidden (a name starting with `.`). Override
/// files are read too, and merged ([`is_override`]).
pub fn read_in_module(name: &str) -> bool {
    syntax_of(name).is_some() && !name.starts_with('.')
}

/// Whether a file (a path, or a name) is an override file: `override.tf`, `*_override.tf` and
/// their JSON forms. Terraform reads the module's other files first, then merges each block of
/// an override file into the block of the same header (type and labels): an argument replaces
/// the argument of its name, a nested block type all the blocks of its type (their contents are
/// not merged). Override files are merged in the order of their names, then of their blocks.
pub fn is_override(path: &str) -> bool {
    let name = file_name(path);
    let Some(stem) = name
        .strip_suffix(".tf.json")
        .or_else(|| name.strip_suffix(".tf"))
    else {
        return false;
    };
    stem == "override" || stem.ends_with("_override")
}

/// A path's last component.
fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The override files of a module, by index, in the order Terraform merges them.
fn overrides(files: &[File]) -> Vec<usize> {
    let mut out: Vec<usize> = (0..files.len())
        .filter(|&i| is_override(&files[i].name))
        .collect();
    out.sort_by(|&a, &b| file_name(&files[a].name).cmp(file_name(&files[b].name)));
    out
}

/// What an item of a body stands for, as the first token of a finding's pointer below the body
/// holding it: its name, or for a `dynamic` block the name of the blocks it generates.
fn item_keys(item: &Item) -> Vec<&str> {
    if item.name != shape::DYNAMIC {
        return vec![item.name.as_str()];
    }
    match &item.content {
        Content::Block { labels, .. } => labels.iter().take(1).map(|(l, _)| l.as_str()).collect(),
        Content::Json(node) => {
            let objects = match &node.value {
                Value::Seq(items) => items.iter().collect(),
                _ => vec![node],
            };
            objects
                .into_iter()
                .flat_map(|object| match &object.value {
                    Value::Map(entries) => entries.iter().map(|(k, _, _)| k.as_str()).collect(),
                    _ => Vec::new(),
                })
                .collect()
        }
        Content::Attribute(_) => Vec::new(),
    }
}

/// Terraform's two syntaxes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    /// HCL (`.tf`).
    Native,
    /// JSON (`.tf.json`).
    Json,
}

/// The attributes and blocks of a file or block body, in source order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Body {
    /// The items.
    pub items: Vec<Item>,
    /// In JSON syntax, the body's comments: the text of its object's `"//"` members, each with
    /// where its name is (in native syntax, comments are the items'). They comment the block
    /// (the file, for the root object).
    pub comments: Vec<(Position, String)>,
    /// In JSON syntax, the first and last line of the body's object (0 when unknown).
    pub lines: (usize, usize),
}

/// An attribute or a block.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// The attribute's name or the block's type.
    pub name: String,
    /// Where the name is.
    pub at: Position,
    /// The first and last line of the item (0 when unknown), for comments that suppress.
    pub lines: (usize, usize),
    /// The comments before the item and after it on its line (native syntax; in JSON syntax a
    /// block's comments are its [`Body`]'s).
    pub comments: Vec<String>,
    /// What it holds.
    pub content: Content,
}

/// What an item holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Content {
    /// An attribute's value (`name = value`).
    Attribute(Node),
    /// A block's labels and body (`name "label" { … }`).
    Block {
        /// The labels, each with its position.
        labels: Vec<(String, Position)>,
        /// The body.
        body: Body,
    },
    /// A member of Terraform's JSON syntax: an attribute's value or (an object, or an array of
    /// objects) a nested block's body; the provider's schema tells which.
    Json(Node),
}

/// Byte offsets to lines and columns (code points), cheap for offsets asked in increasing
/// order (the readers' order): the line is looked for from the previous answer's on, the
/// column counted on from the previous answer on its line.
pub struct Locator<'t> {
    text: &'t str,
    line_starts: std::borrow::Cow<'t, [usize]>,
    last: (usize, Position),
    /// Whether every character is one byte (columns are then byte distances).
    ascii: bool,
}

/// The byte offset of each line of `text`.
pub fn line_starts(text: &str) -> Vec<usize> {
    let mut line_starts = Vec::with_capacity(text.len() / 32 + 1);
    line_starts.push(0);
    line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
    line_starts
}

impl<'t> Locator<'t> {
    /// A locator for `text`.
    pub fn new(text: &'t str) -> Self {
        Locator {
            text,
            line_starts: std::borrow::Cow::Owned(line_starts(text)),
            last: (0, Position { line: 1, column: 1 }),
            ascii: text.is_ascii(),
        }
    }

    /// A locator for `text` with its [`line_starts`] (and whether it is ASCII) computed once
    /// for several locators, its answers counted on from the start of line `line` (1-based):
    /// one per part of a file read on its own.
    pub fn from_line(text: &'t str, line_starts: &'t [usize], ascii: bool, line: usize) -> Self {
        Locator {
            text,
            line_starts: std::borrow::Cow::Borrowed(line_starts),
            last: (line_starts[line - 1], Position { line, column: 1 }),
            ascii,
        }
    }

    /// The line of byte `offset` (no column counted).
    pub fn line(&self, offset: usize) -> usize {
        self.line_from(offset.min(self.text.len()), self.last.1.line)
    }

    /// The line of byte `offset`: a few lines on from line `hint` (the previous answer's),
    /// else searched for.
    fn line_from(&self, offset: usize, hint: usize) -> usize {
        let starts = &self.line_starts;
        if starts[hint - 1] <= offset {
            for line in hint..(hint + 8) {
                if line == starts.len() || starts[line] > offset {
                    return line;
                }
            }
        }
        starts.partition_point(|&start| start <= offset)
    }

    /// The position of byte `offset` (clamped to the text, moved back to a character boundary).
    pub fn at(&mut self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let (last_offset, last) = self.last;
        let line = self.line_from(offset, last.line);
        let (from, column) = if last.line == line && last_offset <= offset {
            (last_offset, last.column)
        } else {
            (self.line_starts[line - 1], 1)
        };
        let column = column
            + if self.ascii {
                offset - from
            } else {
                self.text[from..offset].chars().count()
            };
        let at = Position { line, column };
        self.last = (offset, at);
        at
    }
}

/// One file of a module, read.
#[derive(Debug)]
pub struct File {
    /// Its name as given.
    pub name: String,
    /// Its body.
    pub body: Body,
}

/// Reads a file's text in its syntax.
pub fn parse(text: &str, syntax: Syntax) -> Result<Body, ParseError> {
    match syntax {
        Syntax::Native => hcl::parse(text),
        Syntax::Json => json::parse(text),
    }
}

/// A `variable` block.
#[derive(Clone, Debug, PartialEq)]
pub struct Variable {
    /// Its name.
    pub name: String,
    /// Where it is declared (the file's index in the module, and the position of its label).
    pub file: usize,
    /// Where its label is.
    pub at: Position,
    /// `sensitive = true`.
    pub sensitive: bool,
    /// Its `default`, if a literal.
    pub default: Option<Node>,
}

/// A connector profile resource.
#[derive(Debug)]
pub struct Resource<'m> {
    /// The file's index in the module.
    pub file: usize,
    /// `TYPE.NAME`.
    pub address: String,
    /// The provider's table.
    pub table: &'static table::Resource,
    /// Where the block starts.
    pub at: Position,
    /// The block's lines, for comments that suppress.
    pub lines: (usize, usize),
    /// The comments before the block.
    pub comments: &'m [String],
    /// Its body (borrowed from the file; built for the JSON syntax, or merged with override
    /// files' blocks).
    pub body: Cow<'m, Body>,
    /// The file each item of `body` comes from, when an override file gave some (else empty:
    /// all from `file`).
    pub item_files: Vec<usize>,
}

impl Resource<'_> {
    /// The file the item at `index` of the body comes from.
    pub fn file_of_item(&self, index: usize) -> usize {
        self.item_files.get(index).copied().unwrap_or(self.file)
    }

    /// Where the findings about the body are, when an override file gave some of its items:
    /// by the first token of a finding's pointer below the resource's (the item's name as
    /// findings write it), the file of the item. Built once per resource, so that placing a
    /// finding is a lookup. Empty when every item is in `file`.
    pub fn files_by_token(&self) -> BTreeMap<String, usize> {
        let mut out = BTreeMap::new();
        if self.item_files.is_empty() {
            return out;
        }
        for (index, item) in self.body.items.iter().enumerate() {
            for key in item_keys(item) {
                out.insert(pointer_token(&echo(key)), self.file_of_item(index));
            }
        }
        out
    }

    /// The file a finding is in (`below`: its pointer below the resource's), from
    /// [`Resource::files_by_token`]: the file of the item its first token names; the
    /// resource's for the resource itself.
    pub fn file_of_pointer(&self, files: &BTreeMap<String, usize>, below: &str) -> usize {
        below
            .strip_prefix('/')
            .map(|rest| rest.split('/').next().unwrap_or(rest))
            .and_then(|first| files.get(first))
            .copied()
            .unwrap_or(self.file)
    }

    /// Merges an override file's block of the same address into this one, as Terraform does:
    /// each argument or block type the override gives replaces every original item of that
    /// name, a `dynamic` block counting as the type of the blocks it generates (Terraform 1.11
    /// replaces an original `dynamic "x"` by an override's `x`, and the reverse, and keeps an
    /// original `dynamic "x"` beside an override's `dynamic "y"`).
    fn merge(&mut self, over: &Resource<'_>) {
        let replaced: BTreeSet<&str> = over.body.items.iter().flat_map(item_keys).collect();
        let files: Vec<usize> = (0..self.body.items.len())
            .map(|i| self.file_of_item(i))
            .collect();
        let body = self.body.to_mut();
        let mut kept_files = Vec::with_capacity(files.len() + over.body.items.len());
        let mut items = Vec::with_capacity(files.len() + over.body.items.len());
        for (mut item, file) in std::mem::take(&mut body.items).into_iter().zip(files) {
            let kept = if item.name != shape::DYNAMIC {
                !replaced.contains(item.name.as_str())
            } else {
                match &mut item.content {
                    Content::Block { labels, .. } => labels
                        .first()
                        .is_none_or(|(label, _)| !replaced.contains(label.as_str())),
                    // One member may stand for several `dynamic` blocks: those of the
                    // replaced types are left out.
                    Content::Json(node) => without_labels(node, &replaced),
                    Content::Attribute(_) => true,
                }
            };
            if kept {
                items.push(item);
                kept_files.push(file);
            }
        }
        for (index, item) in over.body.items.iter().enumerate() {
            items.push(item.clone());
            kept_files.push(over.file_of_item(index));
        }
        body.items = items;
        self.item_files = kept_files;
    }
}

/// A `dynamic` member of the JSON syntax (an object of labels, or an array of such objects)
/// without the labels in `replaced`; whether any label is left.
fn without_labels(node: &mut Node, replaced: &BTreeSet<&str>) -> bool {
    match &mut node.value {
        Value::Map(entries) => {
            entries.retain(|(label, _, _)| !replaced.contains(label.as_str()));
            !entries.is_empty()
        }
        Value::Seq(objects) => {
            objects.retain_mut(|object| without_labels(object, replaced));
            !objects.is_empty()
        }
        _ => true,
    }
}

/// A module: its files, read.
#[derive(Debug, Default)]
pub struct Module {
    /// The files, in the order given (a directory's sorted by name).
    pub files: Vec<File>,
}

impl Module {
    /// The module's `variable` blocks by name (the first of a name given twice; Terraform
    /// rejects the second).
    pub fn variables(&self) -> BTreeMap<&str, Variable> {
        let mut out = BTreeMap::new();
        for (index, file) in self.files.iter().enumerate() {
            if is_override(&file.name) {
                continue;
            }
            for item in &file.body.items {
                for (label, at, body) in blocks_of(item, "variable", 1) {
                    let [name] = label.as_slice() else { continue };
                    let sensitive = attribute(&body, "sensitive")
                        .is_some_and(|n| matches!(n.value, Value::Bool(true)));
                    let default = attribute(&body, "default")
                        .filter(|n| is_literal(n))
                        .cloned();
                    out.entry(*name).or_insert(Variable {
                        name: (*name).to_owned(),
                        file: index,
                        at,
                        sensitive,
                        default,
                    });
                }
            }
        }
        // Override files: each argument given replaces the original's (a variable nothing
        // else declares is Terraform's error, not a variable).
        for index in overrides(&self.files) {
            for item in &self.files[index].body.items {
                for (label, _, body) in blocks_of(item, "variable", 1) {
                    let [name] = label.as_slice() else { continue };
                    let Some(variable) = out.get_mut(name) else {
                        continue;
                    };
                    if let Some(sensitive) = attribute(&body, "sensitive") {
                        variable.sensitive = matches!(sensitive.value, Value::Bool(true));
                    }
                    if let Some(default) = attribute(&body, "default") {
                        variable.default = is_literal(default).then(|| default.clone());
                        variable.file = index;
                    }
                }
            }
        }
        out
    }

    /// Whether the files can be one module as Terraform reads one: no `resource` or `variable`
    /// declared twice outside override files (Terraform refuses such a module). A folder of
    /// separate examples is not one.
    pub fn is_consistent(&self) -> bool {
        let mut resources = std::collections::BTreeSet::new();
        let mut variables = std::collections::BTreeSet::new();
        for file in self.files.iter().filter(|f| !is_override(&f.name)) {
            for item in &file.body.items {
                for (labels, _, _) in blocks_of(item, "resource", 2) {
                    if !resources.insert(labels) {
                        return false;
                    }
                }
                for (labels, _, _) in blocks_of(item, "variable", 1) {
                    if !variables.insert(labels) {
                        return false;
                    }
                }
            }
        }
        true
    }

    /// Every resource of a type the Terraform table knows, in file and source order, with the
    /// blocks of override files merged in ([`is_override`]; one with no original is
    /// Terraform's error, not a resource).
    pub fn resources(&self) -> Vec<Resource<'_>> {
        let mut out = Vec::new();
        let mut overriding = Vec::new();
        for (index, file) in self.files.iter().enumerate() {
            let into = if is_override(&file.name) {
                &mut overriding
            } else {
                &mut out
            };
            for item in &file.body.items {
                for (labels, at, body) in blocks_of(item, "resource", 2) {
                    let [type_name, name] = labels.as_slice() else {
                        continue;
                    };
                    let Some(table) = table::Resource::by_type_name(type_name) else {
                        continue;
                    };
                    into.push(Resource {
                        file: index,
                        address: [*type_name, *name].join("."),
                        table,
                        at,
                        lines: item.lines,
                        comments: &item.comments,
                        body,
                        item_files: Vec::new(),
                    });
                }
            }
        }
        let mut rank = vec![0; self.files.len()];
        for (position, index) in overrides(&self.files).into_iter().enumerate() {
            rank[index] = position;
        }
        // By file name, then in file order (the sort is stable).
        overriding.sort_by_key(|r| rank[r.file]);
        let by_address: BTreeMap<String, usize> = out
            .iter()
            .enumerate()
            .rev()
            .map(|(index, r)| (r.address.clone(), index))
            .collect();
        for over in &overriding {
            if let Some(&index) = by_address.get(&over.address) {
                out[index].merge(over);
            }
        }
        out
    }
}

/// Whether a node holds no unknown value.
fn is_literal(node: &Node) -> bool {
    match &node.value {
        Value::Unknown(_) => false,
        Value::Map(entries) => entries.iter().all(|(_, _, n)| is_literal(n)),
        Value::Seq(items) => items.iter().all(is_literal),
        _ => true,
    }
}

/// The value of a body's attribute (the last given).
pub fn attribute<'b>(body: &'b Body, name: &str) -> Option<&'b Node> {
    body.items
        .iter()
        .rev()
        .find(|item| item.name == name)
        .and_then(|item| match &item.content {
            Content::Attribute(node) | Content::Json(node) => Some(node),
            Content::Block { .. } => None,
        })
}

/// The blocks of type `kind` an item of a file's body declares, with `depth` labels each: a
/// native block as it is; in JSON syntax, `"kind": {"label": … {body}}` nested `depth` deep (an
/// array of such objects at any level, as Terraform's JSON syntax allows).
pub fn blocks_of<'i>(
    item: &'i Item,
    kind: &str,
    depth: usize,
) -> Vec<(Vec<&'i str>, Position, Cow<'i, Body>)> {
    if item.name != kind {
        return Vec::new();
    }
    match &item.content {
        Content::Block { labels, body } => {
            let at = labels.first().map_or(item.at, |(_, at)| *at);
            vec![(
                labels.iter().map(|(l, _)| l.as_str()).collect(),
                at,
                Cow::Borrowed(body),
            )]
        }
        Content::Json(node) => {
            let mut out = Vec::new();
            json::labelled(node, depth, &mut Vec::new(), &mut out);
            out
        }
        Content::Attribute(_) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locator_counts_code_points_in_any_order() {
        let text = "ab\nçd é\nx";
        let mut locator = Locator::new(text);
        assert_eq!(locator.at(0), Position { line: 1, column: 1 });
        assert_eq!(locator.at(6), Position { line: 2, column: 3 });
        assert_eq!(locator.at(7), Position { line: 2, column: 4 });
        assert_eq!(locator.at(9), Position { line: 2, column: 5 });
        // Inside `ç`: its first byte.
        assert_eq!(locator.at(4), Position { line: 2, column: 1 });
        assert_eq!(locator.at(10), Position { line: 3, column: 1 });
        assert_eq!(locator.at(99), Position { line: 3, column: 2 });
    }

    #[test]
    fn an_override_replaces_the_dynamic_blocks_of_its_types() {
        let module = |original: &str, over: &str| Module {
            files: vec![
                File {
                    name: "main.tf.json".to_owned(),
                    body: json::parse(original).unwrap(),
                },
                File {
                    name: "dir/x_override.tf.json".to_owned(),
                    body: json::parse(over).unwrap(),
                },
            ],
        };
        let original = r#"{"resource": {"aws_appflow_connector_profile": {"p": {"name": "p",
            "dynamic": [{"a": {"content": {}}, "b": {"content": {}}}, {"c": {"content": {}}}]}}}}"#;
        let over = r#"{"resource": {"aws_appflow_connector_profile": {"p": {"a": {}, "c": {}, "name": "q"}}}}"#;
        let module = module(original, over);
        let resources = module.resources();
        let [merged] = resources.as_slice() else {
            panic!("{resources:?}")
        };
        let keys: Vec<&str> = merged.body.items.iter().flat_map(item_keys).collect();
        assert_eq!(keys, ["b", "a", "c", "name"]);
        assert_eq!(merged.item_files, [0, 1, 1, 1]);
        assert!(is_override("x/override.tf") && is_override("a_override.tf.json"));
        assert!(!is_override("override.tf/main.tf") && !is_override("overrides.tf"));
    }

    #[test]
    fn syntax_by_name() {
        assert_eq!(syntax_of("main.tf"), Some(Syntax::Native));
        assert_eq!(syntax_of("main.tf.json"), Some(Syntax::Json));
        assert_eq!(syntax_of("main.json"), None);
    }
}
