//! A connector profile resource's body in the shape of its provider's members, through the
//! generated crate's Terraform table (`appflow_connector_profile::terraform`): hashicorp/aws's
//! blocks and attributes as the API's request members, hashicorp/awscc's attributes and objects
//! as CloudFormation's properties, each member at the position of its Terraform name. Literal
//! scalars are converted to the attribute's Terraform type as Terraform converts them (`"443"`
//! for a number); `null` leaves an attribute unset. What the table does not know, a block written
//! as an attribute (or the reverse), a block given twice, an attribute given twice is a
//! [`Problem`], and is left out of the tree. [`terraform_pointer`] and [`attribute_name`]
//! take a finding about the tree back to Terraform's names.

use std::collections::BTreeSet;

use appflow_connector_profile::terraform::{Attribute, Form, Members, Resource, Scalar, Type};
use appflow_connector_profile::validation::{echo, Code as CrateCode};

use super::{hcl, json, Body, Content, Item};
use crate::codes::AnyCode;
use crate::source::{Node, Position, Unknown, Value};
use crate::template_codes::Code;
use crate::text::pointer_token;

/// Terraform's meta-arguments and meta-blocks of every resource: not the provider's.
pub const META: &[&str] = &[
    "count",
    "for_each",
    "provider",
    "depends_on",
    "lifecycle",
    "provisioner",
    "connection",
];

/// The block type that generates blocks (`dynamic "name" { for_each = … content { … } }`).
pub const DYNAMIC: &str = "dynamic";
/// The block of a `dynamic` block that holds what each generated block holds.
pub const CONTENT: &str = "content";

/// Something the dialect finds wrong before the checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Its code.
    pub code: AnyCode,
    /// Where.
    pub at: Position,
    /// Where, as a JSON Pointer of Terraform's names from the resource's body.
    pub pointer: String,
    /// What is wrong.
    pub message: String,
    /// The known name it suggests, for an unknown attribute.
    pub suggestion: Option<String>,
}

/// A resource's body in its provider's member shape.
#[derive(Debug)]
pub struct Shaped {
    /// The members.
    pub node: Node,
    /// What could not be shaped.
    pub problems: Vec<Problem>,
    /// Whether a `dynamic` block stands for blocks that may be absent (or repeated): the
    /// per-connector rules, which count connector blocks, cannot be judged.
    pub dynamic: bool,
    /// Whether these are a plan's values (nested blocks as arrays of one).
    pub planned: bool,
    /// The comments of its nested blocks written in JSON syntax (`"//"` members of a nested
    /// block's object), each with the lines of the block it comments. The resource block's own
    /// are its body's ([`Body::comments`]); in native syntax comments are the items'.
    pub comments: Vec<BlockComment>,
}

/// A comment in a nested block's body (JSON syntax).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockComment {
    /// Where the `"//"` member is.
    pub at: Position,
    /// Its text.
    pub text: String,
    /// The first and last line of the block it comments.
    pub block: (usize, usize),
    /// The index of the resource body's item it is in (whose file it is in).
    pub item: usize,
}

/// Shapes a resource's body (`at`: where the resource block starts).
pub fn shape(table: &'static Resource, body: &Body, at: Position) -> Shaped {
    shape_as(table, body, at, false)
}

/// Shapes a resource's planned values (`terraform show -json`): the provider wrote them, so an
/// attribute the table does not know (a computed one, `arn`, `tags_all`) is passed over, not
/// reported.
pub fn shape_planned(table: &'static Resource, body: &Body, at: Position) -> Shaped {
    shape_as(table, body, at, true)
}

fn shape_as(table: &'static Resource, body: &Body, at: Position, planned: bool) -> Shaped {
    let mut shaper = Shaper {
        table,
        problems: Vec::new(),
        dynamic: false,
        planned,
        comments: Vec::new(),
        item: 0,
    };
    let entries = shaper.body(table, body, table.attributes, &Path::ROOT, true, at);
    Shaped {
        node: Node {
            at,
            tag: None,
            value: Value::Map(entries),
        },
        problems: shaper.problems,
        dynamic: shaper.dynamic,
        planned,
        comments: shaper.comments,
    }
}

struct Shaper {
    table: &'static Resource,
    problems: Vec<Problem>,
    dynamic: bool,
    /// Planned values: unknown names are the provider's computed attributes.
    planned: bool,
    /// The comments of the nested blocks' bodies.
    comments: Vec<BlockComment>,
    /// The index of the resource body's item being shaped.
    item: usize,
}

type Entries = Vec<(String, Position, Node)>;

/// A body being shaped: its attributes, where it is, and what it gave so far.
struct Level<'b, 'p> {
    table: &'static Resource,
    body: &'b Body,
    attributes: &'static [Attribute],
    pointer: &'b Path<'p>,
    entries: Entries,
    /// The attributes given, each with where it first is (a body holds few: a list, not a map).
    seen: Vec<(&'static Attribute, Position)>,
    /// The names given, built at the first unknown name.
    given: Option<BTreeSet<&'b str>>,
}

impl Level<'_, '_> {
    /// Where `attribute` was first given in this body.
    fn first(&self, attribute: &'static Attribute) -> Option<Position> {
        self.seen
            .iter()
            .find(|(seen, _)| std::ptr::eq(*seen, attribute))
            .map(|(_, at)| *at)
    }
}

impl Shaper {
    fn problem(
        &mut self,
        code: impl Into<AnyCode>,
        at: Position,
        pointer: String,
        message: String,
    ) {
        self.problems.push(Problem {
            code: code.into(),
            at,
            pointer,
            message,
            suggestion: None,
        });
    }

    /// What an unknown name that is a member the provider cannot express (the table's
    /// `inexpressible`: Redshift's `isRedshiftServerless`, PKCE's `codeVerifier`, …) is told.
    fn inexpressible_note(&self, name: &str, parent: &Path<'_>) -> String {
        let fold = |s: &str| -> String {
            s.chars()
                .filter(|c| *c != '_' && *c != '-')
                .flat_map(char::to_lowercase)
                .collect()
        };
        let parent = parent.members();
        let folded = fold(name);
        let found = self.table.inexpressible.iter().find(|path| {
            let (above, member) = path.rsplit_once('/').unwrap_or(("", path));
            above == parent && fold(member) == folded
        });
        let Some(path) = found else {
            return String::new();
        };
        let member = path.rsplit('/').next().unwrap_or(path);
        let whose = match self.table.members {
            Members::Api => "the API's",
            Members::CloudFormation => "CloudFormation's",
        };
        format!(
            "; {} has no attribute for {whose} `{member}`: this provider cannot set it",
            self.table.provider
        )
    }

    /// Reports an unknown name; returns the attribute it is read as: the suggestion, unless
    /// `given` holds it already (so what it holds is checked, as a misspelled key of a template
    /// is read through its suggestion).
    fn unknown_name(
        &mut self,
        name: &str,
        at: Position,
        parent: &Path<'_>,
        attributes: &'static [Attribute],
        given: &std::collections::BTreeSet<&str>,
    ) -> Option<&'static Attribute> {
        if self.planned {
            return None;
        }
        let suggestion = closest(name, attributes);
        let hint = suggestion
            .map(|s| format!("; did you mean `{}`?", s.name))
            .unwrap_or_default();
        let read_as = suggestion.filter(|s| !given.contains(s.name));
        let read = read_as
            .map(|s| format!(" (what it holds was checked as if it were `{}`)", s.name))
            .unwrap_or_default();
        // Meant as a comment, most likely: say where the JSON syntax reads one.
        let comment = if name == json::COMMENT {
            "; Terraform's JSON syntax reads a `\"//\"` member as a comment only in a block's object: in an attribute's value it is a key, which Terraform drops from an object without a word"
        } else {
            ""
        };
        self.problems.push(Problem {
            code: CrateCode::UnknownKey.into(),
            at,
            pointer: parent.child(name, "").pointer(),
            message: format!(
                "unknown attribute `{}`{hint}{read}{}{comment}",
                echo(name),
                self.inexpressible_note(name, parent)
            ),
            suggestion: suggestion.map(|s| s.name.to_owned()),
        });
        read_as
    }

    /// A block body (or a JSON object standing for one) against its attributes.
    fn body(
        &mut self,
        table: &'static Resource,
        body: &Body,
        attributes: &'static [Attribute],
        pointer: &Path<'_>,
        top: bool,
        at: Position,
    ) -> Entries {
        if !top {
            self.comments
                .extend(body.comments.iter().map(|(at, text)| BlockComment {
                    at: *at,
                    text: text.clone(),
                    block: body.lines,
                    item: self.item,
                }));
        }
        let mut level = Level {
            table,
            body,
            attributes,
            pointer,
            entries: Vec::with_capacity(body.items.len()),
            seen: Vec::with_capacity(body.items.len()),
            given: None,
        };
        for (index, item) in body.items.iter().enumerate() {
            if top {
                self.item = index;
            }
            if top
                && (META.contains(&item.name.as_str())
                    || table.terraform_only.contains(&item.name.as_str()))
            {
                continue;
            }
            if item.name == DYNAMIC {
                // `dynamic "name" { content { … } }`: a block `name` holding what `content`
                // holds (in JSON syntax, one `dynamic` member may generate several, each label's
                // value an object or an array of them).
                self.dynamic = true;
                for (label, label_at, body) in dynamic_contents(item) {
                    let content = Content::Block {
                        labels: Vec::new(),
                        body,
                    };
                    self.item(&mut level, &label, label_at, &content);
                }
            } else {
                self.item(&mut level, &item.name, item.at, &item.content);
            }
        }
        // What the provider's schema requires beyond what the member's schema does (hashicorp/aws
        // requires Snowflake's `password`, which the API leaves optional beside a private key):
        // Terraform refuses the configuration at `validate`. Where the schema requires the member
        // too, the checks report it. Planned values passed Terraform's own validation.
        if !self.planned {
            for attribute in attributes
                .iter()
                .filter(|a| a.required && !a.member_required)
            {
                if level.first(attribute).is_some() {
                    continue;
                }
                let what = match attribute.form {
                    Form::Block => format!("a `{} {{ … }}` block", attribute.name),
                    Form::Attribute(_) => format!("the argument `{}`", attribute.name),
                };
                self.problem(
                    CrateCode::Required,
                    at,
                    pointer.child(attribute.name, attribute.member).pointer(),
                    format!(
                        "{} {} requires {what} here; Terraform refuses the configuration without it",
                        self.table.provider, self.table.type_name
                    ),
                );
            }
        }
        level.entries
    }

    /// One item of a body (`name` at `name_at`, holding `content`) as its member.
    fn item(
        &mut self,
        level: &mut Level<'_, '_>,
        name: &str,
        name_at: Position,
        content: &Content,
    ) {
        let attribute = match level.attributes.iter().find(|a| a.name == name) {
            Some(attribute) => attribute,
            None => {
                // The names given, once per body (per unknown name, it was quadratic).
                let body = level.body;
                let given = level
                    .given
                    .get_or_insert_with(|| body.items.iter().map(|i| i.name.as_str()).collect());
                match self.unknown_name(name, name_at, level.pointer, level.attributes, given) {
                    Some(attribute) => attribute,
                    None => return,
                }
            }
        };
        let here = level.pointer.child(name, attribute.member);
        if let Some(first) = level.first(attribute) {
            let what = if matches!(attribute.form, Form::Block) {
                "block; this resource takes at most one"
            } else {
                "attribute; Terraform reports it as redefined"
            };
            self.problem(
                Code::DuplicateKey,
                name_at,
                here.pointer(),
                format!(
                    "a second `{name}` {what} (the first is at {}:{})",
                    first.line, first.column
                ),
            );
            return;
        }
        level.seen.push((attribute, name_at));
        let table = level.table;
        let value = match (&attribute.form, content) {
            (Form::Block, Content::Block { body, .. }) => {
                Some(self.block(table, attribute, body, &here, name_at))
            }
            (Form::Block, Content::Json(node)) => {
                self.json_block(table, attribute, node, &here, name_at)
            }
            (Form::Block, Content::Attribute(_)) => {
                self.problem(
                    CrateCode::Type,
                    name_at,
                    here.pointer(),
                    format!("`{name}` is a block: write `{name} {{ … }}`, not `{name} = …`"),
                );
                Some(not_judged(name_at))
            }
            (Form::Attribute(_), Content::Block { .. }) => {
                self.problem(
                    CrateCode::Type,
                    name_at,
                    here.pointer(),
                    format!(
                        "`{name}` is an argument: write `{name} = …`, not a `{name} {{ … }}` block"
                    ),
                );
                Some(not_judged(name_at))
            }
            (Form::Attribute(ty), Content::Attribute(node)) => {
                self.value(attribute, ty, node, &here, false)
            }
            (Form::Attribute(ty), Content::Json(node)) => {
                self.value(attribute, ty, node, &here, true)
            }
        };
        if let Some(value) = value {
            level
                .entries
                .push((attribute.member.to_owned(), name_at, value));
        }
    }

    fn block(
        &mut self,
        table: &'static Resource,
        attribute: &'static Attribute,
        body: &Body,
        pointer: &Path<'_>,
        at: Position,
    ) -> Node {
        let entries = self.body(table, body, attribute.children, pointer, false, at);
        Node {
            at,
            tag: None,
            value: Value::Map(entries),
        }
    }

    /// A nested block in JSON syntax: an object, or an array of at most one object.
    fn json_block(
        &mut self,
        table: &'static Resource,
        attribute: &'static Attribute,
        node: &Node,
        pointer: &Path<'_>,
        at: Position,
    ) -> Option<Node> {
        // A plan's values are written by Terraform: no member of theirs is a comment.
        let read = if self.planned {
            json::members
        } else {
            json::body
        };
        match &node.value {
            Value::Map(_) => Some(self.block(table, attribute, &read(node), pointer, at)),
            Value::Seq(items) => {
                if let Some(second) = items.get(1) {
                    self.problem(
                        Code::DuplicateKey,
                        second.at,
                        format!("{}/1", pointer.pointer()),
                        format!(
                            "a second `{}` block; this resource takes at most one",
                            attribute.name
                        ),
                    );
                }
                let first = items.first()?;
                match first.value {
                    Value::Map(_) => Some(self.block(table, attribute, &read(first), pointer, at)),
                    _ => {
                        self.not_a_block(attribute, first, pointer);
                        None
                    }
                }
            }
            Value::Null => None,
            _ => {
                self.not_a_block(attribute, node, pointer);
                Some(not_judged(at))
            }
        }
    }

    fn not_a_block(&mut self, attribute: &Attribute, node: &Node, pointer: &Path<'_>) {
        self.problem(
            CrateCode::Type,
            node.at,
            pointer.pointer(),
            format!(
                "`{}` is a block: in JSON syntax an object (or an array of one)",
                attribute.name
            ),
        );
    }

    /// An attribute's value, converted to its Terraform type where Terraform converts; `None`
    /// for `null` (the attribute is unset).
    fn value(
        &mut self,
        attribute: &'static Attribute,
        ty: &Type,
        node: &Node,
        pointer: &Path<'_>,
        json: bool,
    ) -> Option<Node> {
        let templates = json && !self.planned;
        // The common case, text for a string attribute: as it is.
        if let (Type::String, Value::Str(text), false) = (ty, &node.value, templates) {
            return Some(Node {
                at: node.at,
                tag: node.tag.clone(),
                value: Value::Str(text.clone()),
            });
        }
        // Strings are templates in the JSON syntax; a plan's values are values.
        let node = if templates {
            template_strings(node)
        } else {
            node.clone()
        };
        if matches!(node.value, Value::Null) {
            return None;
        }
        let value = match (ty, node.value) {
            (_, value @ Value::Unknown(_)) => value,
            (Type::String, value) => scalar(Scalar::String, value),
            (Type::Number, value) => scalar(Scalar::Number, value),
            (Type::Bool, value) => scalar(Scalar::Bool, value),
            (Type::List(item), Value::Seq(items)) => Value::Seq(
                items
                    .into_iter()
                    .map(|n| Node {
                        value: scalar(*item, n.value),
                        ..n
                    })
                    .collect(),
            ),
            (Type::Map(item), Value::Map(entries)) => Value::Map(
                entries
                    .into_iter()
                    .map(|(k, at, n)| {
                        (
                            k,
                            at,
                            Node {
                                value: scalar(*item, n.value),
                                ..n
                            },
                        )
                    })
                    .collect(),
            ),
            (Type::Object, Value::Map(entries)) => {
                Value::Map(self.object(attribute, entries, pointer))
            }
            (_, value) => value,
        };
        Some(Node { value, ..node })
    }

    /// An object attribute's members against the attribute's children (hashicorp/awscc).
    fn object(
        &mut self,
        attribute: &'static Attribute,
        entries: Entries,
        pointer: &Path<'_>,
    ) -> Entries {
        let mut out = Vec::with_capacity(entries.len());
        let owned: Vec<String> = entries.iter().map(|(k, _, _)| k.clone()).collect();
        let names: std::collections::BTreeSet<&str> = owned.iter().map(String::as_str).collect();
        for (key, at, node) in entries {
            let child = match attribute.children.iter().find(|a| a.name == key) {
                Some(child) => child,
                None => match self.unknown_name(&key, at, pointer, attribute.children, &names) {
                    Some(child) => child,
                    None => continue,
                },
            };
            let here = pointer.child(&key, child.member);
            let value = match &child.form {
                Form::Attribute(ty) => self.value(child, ty, &node, &here, false),
                Form::Block => {
                    // Objects all the way down in awscc; a block form here would be the table's.
                    Some(node)
                }
            };
            if let Some(value) = value {
                out.push((child.member.to_owned(), at, value));
            }
        }
        out
    }
}

/// Where the shaper is: Terraform's names from the resource's body, on the stack, written out
/// as a JSON Pointer only for a problem (writing one per item was a tenth of the shaping).
#[derive(Clone, Copy)]
struct Path<'p> {
    parent: Option<&'p Path<'p>>,
    name: &'p str,
    /// The member the name maps to.
    member: &'p str,
}

impl<'p> Path<'p> {
    const ROOT: Path<'static> = Path {
        parent: None,
        name: "",
        member: "",
    };

    fn child(&'p self, name: &'p str, member: &'p str) -> Path<'p> {
        Path {
            parent: Some(self),
            name,
            member,
        }
    }

    /// The members from the body down, `/`-separated (as the table's `inexpressible`).
    fn members(&self) -> String {
        let mut members = Vec::new();
        let mut at = Some(self);
        while let Some(path) = at {
            if path.parent.is_some() {
                members.push(path.member);
            }
            at = path.parent;
        }
        members.reverse();
        members.join("/")
    }

    /// The JSON Pointer (names shown as findings show keys: bounded, escaped).
    fn pointer(&self) -> String {
        let mut names = Vec::new();
        let mut at = Some(self);
        while let Some(path) = at {
            if path.parent.is_some() {
                names.push(path.name);
            }
            at = path.parent;
        }
        let mut out = String::new();
        for name in names.iter().rev() {
            out.push('/');
            out.push_str(&pointer_token(&echo(name)));
        }
        out
    }
}

/// What stands for a member written in the wrong form (reported already): an unknown value, so
/// that neither the member's absence nor what it holds is reported again.
fn not_judged(at: Position) -> Node {
    Node {
        at,
        tag: None,
        value: Value::Unknown(Box::new(Unknown {
            expression: String::new(),
            form: crate::source::UnknownForm::Operation,
            references: Vec::new(),
            default: None,
        })),
    }
}

/// A scalar converted to `want` as Terraform converts (a number or boolean to its text, text
/// spelling a number or boolean to it); anything else as it is (the checks report its type).
fn scalar(want: Scalar, value: Value) -> Value {
    match (want, value) {
        (Scalar::String, Value::Number(n)) => Value::Str(n.to_string()),
        (Scalar::String, Value::Bool(b)) => Value::Str(b.to_string()),
        (Scalar::Number, Value::Str(text)) => match crate::source::number(&text) {
            Some(n) => Value::Number(n),
            None => Value::Str(text),
        },
        (Scalar::Bool, Value::Str(text)) => match text.as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::Str(text),
        },
        (_, value) => value,
    }
}

/// A JSON-syntax attribute value with its strings read as templates. Its objects are values,
/// not block bodies: a `"//"` member is a key like any other (Terraform keeps it in a map, and
/// drops it from an object as any key its type does not have).
fn template_strings(node: &Node) -> Node {
    let value = match &node.value {
        Value::Str(text) => return hcl::template(text, node.at),
        Value::Seq(items) => Value::Seq(items.iter().map(template_strings).collect()),
        Value::Map(entries) => Value::Map(
            entries
                .iter()
                .map(|(k, at, n)| (k.clone(), *at, template_strings(n)))
                .collect(),
        ),
        other => other.clone(),
    };
    Node {
        value,
        ..node.clone()
    }
}

/// The blocks a `dynamic` block generates: each label with its `content` body. In native
/// syntax one (`dynamic "label" { content { … } }`); in JSON syntax, where every block level may
/// be an object or an array of objects, one per label and `content`.
fn dynamic_contents(item: &Item) -> Vec<(String, Position, Body)> {
    /// A JSON block level: an object, or the objects of an array.
    fn objects(node: &Node) -> Vec<&Node> {
        match &node.value {
            Value::Map(_) => vec![node],
            Value::Seq(items) => items
                .iter()
                .filter(|item| matches!(item.value, Value::Map(_)))
                .collect(),
            _ => Vec::new(),
        }
    }
    fn members(node: &Node) -> &[(String, Position, Node)] {
        match &node.value {
            Value::Map(entries) => entries,
            _ => &[],
        }
    }
    let mut out = Vec::new();
    match &item.content {
        Content::Block { labels, body } => {
            let Some((label, at)) = labels.first() else {
                return out;
            };
            let Some(content) = body.items.iter().find(|i| i.name == CONTENT) else {
                return out;
            };
            match &content.content {
                Content::Block { body, .. } => out.push((label.clone(), *at, body.clone())),
                Content::Json(node) => out.push((label.clone(), *at, json::body(node))),
                Content::Attribute(_) => {}
            }
        }
        Content::Json(node) => {
            for dynamic in objects(node) {
                for (label, at, specs) in members(dynamic) {
                    for spec in objects(specs) {
                        // The `dynamic` block's own comments: it stands for the blocks its
                        // `content` generates, so they comment those, over its lines.
                        let comments: Vec<(Position, String)> = members(spec)
                            .iter()
                            .filter_map(|(key, at, value)| match &value.value {
                                Value::Str(text) if key == json::COMMENT => {
                                    Some((*at, text.clone()))
                                }
                                _ => None,
                            })
                            .collect();
                        for (key, _, content) in members(spec) {
                            if key != CONTENT {
                                continue;
                            }
                            for content in objects(content) {
                                let mut body = json::body(content);
                                if !comments.is_empty() {
                                    body.comments.splice(0..0, comments.iter().cloned());
                                    body.lines = (spec.at.line, json::last_line(spec));
                                }
                                out.push((label.clone(), *at, body));
                            }
                        }
                    }
                }
            }
        }
        Content::Attribute(_) => {}
    }
    out
}

/// The attribute whose name is closest to `name`: its name or its member's with the same
/// letters ignoring case and `_` (a CloudFormation spelling in an awscc object, the API's
/// `connector_profile_name` for aws's `name`), else at most two edits away, else the one
/// attribute whose name `name` begins (`is_sandbox` for `is_sandbox_environment`).
pub fn closest(name: &str, attributes: &'static [Attribute]) -> Option<&'static Attribute> {
    if name.len() > 128 {
        return None;
    }
    let fold = |s: &str| -> String {
        s.chars()
            .filter(|c| *c != '_' && *c != '-')
            .flat_map(char::to_lowercase)
            .collect()
    };
    let folded = fold(name);
    if let Some(same) = attributes
        .iter()
        .find(|a| fold(a.name) == folded || fold(a.member) == folded)
    {
        return Some(same);
    }
    if let Some((_, near)) = attributes
        .iter()
        .map(|a| (distance(name, a.name), a))
        .filter(|(d, a)| *d <= 2 && *d < a.name.len())
        .min_by_key(|(d, a)| (*d, a.name))
    {
        return Some(near);
    }
    let mut begun = attributes
        .iter()
        .filter(|a| name.len() >= 4 && a.name.starts_with(name));
    match (begun.next(), begun.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}

fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(current + 1);
            previous = current;
        }
    }
    row[b.len()]
}

/// A pointer into the shaped tree (members' names) as a pointer of Terraform's names; into a
/// plan's values (`planned`), where each nested block is an array of one, with its index.
pub fn terraform_pointer(table: &'static Resource, pointer: &str, planned: bool) -> String {
    let mut out = String::with_capacity(pointer.len());
    let mut level: Option<&'static [Attribute]> = Some(table.attributes);
    let mut verbatim = false;
    let mut in_block = false;
    for token in pointer.split('/').skip(1) {
        if std::mem::take(&mut in_block) {
            out.push_str("/0");
        }
        out.push('/');
        if verbatim {
            out.push_str(token);
            continue;
        }
        let member = token.replace("~1", "/").replace("~0", "~");
        match level.and_then(|attributes| attributes.iter().find(|a| a.member == member)) {
            Some(attribute) => {
                out.push_str(&pointer_token(attribute.name));
                in_block = planned && matches!(attribute.form, Form::Block);
                level = match attribute.form {
                    Form::Block | Form::Attribute(Type::Object) => Some(attribute.children),
                    // An index into a list, a key of a map: the user's, as written.
                    Form::Attribute(_) => {
                        verbatim = true;
                        None
                    }
                };
            }
            None if token.parse::<usize>().is_ok() => out.push_str(token),
            None => {
                out.push_str(token);
                verbatim = true;
            }
        }
    }
    out
}

/// The Terraform name of the member at `pointer` (into the shaped tree: members' names), when an
/// attribute of the table expresses it; an index into a list of blocks stays at its level.
/// `None` for a member no attribute expresses, a map's key, or a list's item.
pub fn attribute_name(table: &'static Resource, pointer: &str) -> Option<&'static str> {
    let mut level: &'static [Attribute] = table.attributes;
    let mut named = None;
    for token in pointer.split('/').skip(1) {
        let member = token.replace("~1", "/").replace("~0", "~");
        match level.iter().find(|a| a.member == member) {
            Some(attribute) => {
                named = Some(attribute.name);
                level = attribute.children;
            }
            None if named.is_some() && token.parse::<usize>().is_ok() => named = None,
            None => return None,
        }
    }
    named
}

/// The JSON Pointers (members' names) of the unknown values of a shaped tree.
pub fn unknown_pointers(node: &Node) -> BTreeSet<String> {
    fn walk(node: &Node, pointer: &mut String, out: &mut BTreeSet<String>) {
        match &node.value {
            Value::Unknown(_) => {
                out.insert(pointer.clone());
            }
            Value::Map(entries) => {
                for (key, _, value) in entries {
                    let mark = pointer.len();
                    pointer.push('/');
                    if key.contains(['~', '/']) {
                        pointer.push_str(&pointer_token(key));
                    } else {
                        pointer.push_str(key);
                    }
                    walk(value, pointer, out);
                    pointer.truncate(mark);
                }
            }
            Value::Seq(items) => {
                for (index, item) in items.iter().enumerate() {
                    let mark = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&index.to_string());
                    walk(item, pointer, out);
                    pointer.truncate(mark);
                }
            }
            _ => {}
        }
    }
    fn has_unknown(node: &Node) -> bool {
        match &node.value {
            Value::Unknown(_) => true,
            Value::Map(entries) => entries.iter().any(|(_, _, n)| has_unknown(n)),
            Value::Seq(items) => items.iter().any(has_unknown),
            _ => false,
        }
    }
    let mut out = BTreeSet::new();
    if has_unknown(node) {
        walk(node, &mut String::new(), &mut out);
    }
    out
}

/// Whether `pointer` lies below one of `unknowns` ([`unknown_pointers`]), or (`inclusive`) is
/// one: a lookup per step of the pointer, however many unknown values and findings there are.
pub fn below_unknown(unknowns: &BTreeSet<String>, pointer: &str, inclusive: bool) -> bool {
    if unknowns.is_empty() {
        return false;
    }
    let below = pointer
        .match_indices('/')
        .any(|(index, _)| unknowns.contains(&pointer[..index]));
    below || (inclusive && unknowns.contains(pointer))
}

/// The unknown value a node is, if it is one.
pub fn unknown(node: &Node) -> Option<&Unknown> {
    match &node.value {
        Value::Unknown(unknown) => Some(unknown),
        _ => None,
    }
}
