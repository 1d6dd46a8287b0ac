//! The resource's lifecycle: typed property paths, plans (create, update, replace, delete, no
//! change) with the RFC 6902 patch Cloud Control's `UpdateResource` takes, connector profile ARNs,
//! and an IAM policy from the handlers' permissions.
//!
//! The rules, each from a schema fact (the generated tables in [`crate::cfn::resource`]):
//!
//! - a read-only property is never compared, patched or sent (`readOnlyProperties`);
//! - a change of a create-only property replaces the resource (`createOnlyProperties`): the plan is
//!   [`Action::Replace`] with those properties as reasons, and no patch applies;
//! - otherwise any change is an [`Action::Update`]. Its patch replaces, adds or removes each changed
//!   property whole; every write-only property of the desired state is `add`ed whole, changed or
//!   not, because a read never returns it (`writeOnlyProperties`), so Cloud Control cannot compute
//!   it from the live state, and the update request may require it;
//! - a changed property the update request has no member for cannot be applied in place: a warning
//!   says so (the update succeeds and the change never takes effect);
//! - a write-only property the update request requires, missing from the desired state, is a
//!   warning: the update fails without it;
//! - removing a write-only property cannot be patched (it is not in the state the patch applies
//!   to): a warning.
//!
//! A plan's `Display` and `Debug` redact secret values; [`Plan::patch`] holds the real values.
use std::fmt;

use serde_json::{Map, Value};

use crate::cfn::resource::{
    Property, ARN_PARTITIONS, ARN_RESOURCE_TYPE, ARN_SERVICE, IAM_ACTIONS, IAM_SID_SCOPE,
    IDENTIFIER_MAX_LENGTH, PROPERTY_INFO, REDACTION, UPDATE_REQUEST,
};
use crate::validation::{echo, JsonTree, Shape};
use crate::REDACTED;

/// What an update request does with a property.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UpdateRule {
    /// The update request has the property's member.
    Sent {
        /// The update request requires it.
        required: bool,
    },
    /// Only the create request has it: an update cannot change it.
    NotInUpdate,
    /// No request has it (a read-only property).
    NeverSent,
}

/// The schema facts about one property.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PropertyInfo {
    /// The property's name.
    pub name: &'static str,
    /// `/properties/Name`.
    pub pointer: &'static str,
    /// In `createOnlyProperties`.
    pub create_only: bool,
    /// In `readOnlyProperties`.
    pub read_only: bool,
    /// In `writeOnlyProperties`.
    pub write_only: bool,
    /// In `primaryIdentifier`.
    pub primary_identifier: bool,
    /// Its member in the API's create request, if any.
    pub api_member: Option<&'static str>,
    /// What an update does with it.
    pub update: UpdateRule,
}

/// Where secrets are in one struct of the properties (generated, read by [`redact_property`]).
#[derive(Clone, Copy, Debug)]
pub struct RedactNode {
    /// A credentials object: members it does not declare are redacted too.
    pub credentials: bool,
    /// (member, holds a secret, required, node of the member's struct).
    pub members: &'static [(&'static str, bool, bool, Option<usize>)],
    /// The secret members whose value names a secret kept elsewhere (the ARN of a Secrets
    /// Manager secret) rather than holding one: redacted all the same (`schemas/secrets.toml`,
    /// `[[reference]]`).
    pub references: &'static [&'static str],
}

/// A pointer that names no property of the resource.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownProperty {
    pointer: String,
}

impl fmt::Display for UnknownProperty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` names no property of the resource",
            echo(&self.pointer)
        )
    }
}

impl std::error::Error for UnknownProperty {}

impl Property {
    /// The schema facts about the property.
    pub fn info(self) -> &'static PropertyInfo {
        &PROPERTY_INFO[self as usize]
    }

    /// The property's name (`ConnectorType`).
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// The resource schema's pointer (`/properties/ConnectorType`).
    pub fn as_pointer(self) -> &'static str {
        self.info().pointer
    }

    /// The pointer into the properties document, as in a patch (`/ConnectorType`).
    pub fn as_patch_path(self) -> &'static str {
        &self.info().pointer["/properties".len()..]
    }

    /// The property named `name`.
    pub fn from_name(name: &str) -> Option<Property> {
        Property::ALL.iter().copied().find(|p| p.name() == name)
    }

    /// The property a pointer is in: both the schema's form (`/properties/Name`, as in
    /// `createOnlyProperties`) and the document's form (`/Name`, as in a patch), and pointers
    /// deeper into the property (`/Name/Member`). Anything else is an error, never a guess.
    pub fn from_pointer(pointer: &str) -> Result<Property, UnknownProperty> {
        let rest = pointer
            .strip_prefix("/properties/")
            .or_else(|| pointer.strip_prefix('/'));
        rest.map(|rest| rest.split('/').next().unwrap_or(rest))
            .and_then(Property::from_name)
            .ok_or_else(|| UnknownProperty {
                pointer: pointer.to_owned(),
            })
    }

    /// A change replaces the resource (`createOnlyProperties`).
    pub fn requires_replacement(self) -> bool {
        self.info().create_only
    }

    /// Never sent, only returned (`readOnlyProperties`).
    pub fn is_read_only(self) -> bool {
        self.info().read_only
    }

    /// Never returned by a read (`writeOnlyProperties`).
    pub fn is_write_only(self) -> bool {
        self.info().write_only
    }

    /// Part of the primary identifier.
    pub fn is_primary_identifier(self) -> bool {
        self.info().primary_identifier
    }
}

/// What a plan does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Action {
    /// Nothing changes.
    NoChange,
    /// The resource is created.
    Create,
    /// The resource is updated in place (Cloud Control `UpdateResource` with [`Plan::patch`]).
    Update,
    /// The resource is deleted and created again: a create-only property changed.
    Replace,
    /// The resource is deleted.
    Delete,
}

impl Action {
    /// `no-change`, `create`, `update`, `replace` or `delete`.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::NoChange => "no-change",
            Action::Create => "create",
            Action::Update => "update",
            Action::Replace => "replace",
            Action::Delete => "delete",
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An RFC 6902 operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PatchOp {
    /// `add` (sets a member, whether or not it exists).
    Add,
    /// `replace` (the member exists).
    Replace,
    /// `remove`.
    Remove,
}

impl PatchOp {
    /// `add`, `replace` or `remove`.
    pub fn as_str(self) -> &'static str {
        match self {
            PatchOp::Add => "add",
            PatchOp::Replace => "replace",
            PatchOp::Remove => "remove",
        }
    }
}

/// One operation of a patch document. `Debug` redacts secret values; [`PatchOperation::to_json`]
/// writes the real ones.
#[derive(Clone, PartialEq)]
pub struct PatchOperation {
    /// The operation.
    pub op: PatchOp,
    /// The property changed.
    pub property: Property,
    /// The value (`None` for `remove`).
    pub value: Option<Value>,
}

impl PatchOperation {
    /// The JSON Pointer the operation applies to (`/ConnectionMode`).
    pub fn path(&self) -> &'static str {
        self.property.as_patch_path()
    }

    /// `{"op", "path", "value"}` with the real value.
    pub fn to_json(&self) -> Value {
        self.json(self.value.clone())
    }

    /// `{"op", "path", "value"}` with secret values replaced by [`REDACTED`].
    pub fn to_redacted_json(&self) -> Value {
        self.json(
            self.value
                .as_ref()
                .map(|v| redact_property(self.property, v)),
        )
    }

    fn json(&self, value: Option<Value>) -> Value {
        let mut out = Map::new();
        out.insert("op".to_owned(), Value::from(self.op.as_str()));
        out.insert("path".to_owned(), Value::from(self.path()));
        if let Some(value) = value {
            out.insert("value".to_owned(), value);
        }
        Value::Object(out)
    }
}

impl fmt::Debug for PatchOperation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.to_redacted_json())
    }
}

/// What kind of [`PlanWarning`] a plan gives. Its own type, apart from the findings'
/// [`Code`](crate::validation::Code): a plan warning is about a change between two states, never
/// about a document, so neither `match` needs the other's arms; the texts of the two never
/// coincide. [`PlanCode::as_str`] is the stable text, which `Display` and serde write and
/// [`PlanCode::parse`]/`FromStr`/serde read back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum PlanCode {
    /// `not-updatable`: a property changed that the update request does not carry.
    NotUpdatable,
    /// `update-requires`: the update request requires a write-only property the desired state
    /// lacks.
    UpdateRequires,
    /// `write-only-removal`: a write-only property is removed, which no patch can do.
    WriteOnlyRemoval,
    /// `read-only`: the desired state sets a read-only property.
    ReadOnly,
}

impl PlanCode {
    /// Every plan code, in declaration order.
    pub const ALL: &'static [PlanCode] = &[
        PlanCode::NotUpdatable,
        PlanCode::UpdateRequires,
        PlanCode::WriteOnlyRemoval,
        PlanCode::ReadOnly,
    ];

    /// The code as plans show it.
    pub const fn as_str(self) -> &'static str {
        match self {
            PlanCode::NotUpdatable => "not-updatable",
            PlanCode::UpdateRequires => "update-requires",
            PlanCode::WriteOnlyRemoval => "write-only-removal",
            PlanCode::ReadOnly => "read-only",
        }
    }

    /// The plan code whose [`PlanCode::as_str`] is `text`, if any.
    pub fn parse(text: &str) -> Option<PlanCode> {
        PlanCode::ALL.iter().copied().find(|code| code.as_str() == text)
    }
}

impl fmt::Display for PlanCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for PlanCode {
    type Err = crate::validation::UnknownCode;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        PlanCode::parse(text).ok_or(crate::validation::UnknownCode)
    }
}

impl serde::Serialize for PlanCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for PlanCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        PlanCode::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format_args!("`{}` is not a plan code", echo(&text)))
        })
    }
}

/// Something a plan cannot do, or that will not do what the desired state says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanWarning {
    /// The property concerned.
    pub property: Property,
    /// What kind of warning it is; [`PlanCode::as_str`] is its stable text.
    pub code: PlanCode,
    /// What a person reads (never a value).
    pub message: String,
}

impl fmt::Display for PlanWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "warning {} /{}: {}",
            self.code,
            self.property.name(),
            self.message
        )
    }
}

/// The comparison of a current and a desired state of the resource.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// What happens.
    pub action: Action,
    /// The create-only properties that changed (for [`Action::Replace`]), in schema order.
    pub replacement_reasons: Vec<Property>,
    /// Changes no update can apply, and updates that cannot succeed.
    pub warnings: Vec<PlanWarning>,
    /// For [`Action::Update`], the patch document of Cloud Control's `UpdateResource`, with the
    /// real values; empty otherwise (a replacement creates anew; a create or delete takes none).
    pub patch: Vec<PatchOperation>,
    /// For an update or a replacement, each leaf that differs, in document order: what a person
    /// reads, where the patch holds whole properties.
    pub changes: Vec<LeafChange>,
}

/// How a leaf differs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeKind {
    /// In both, with other values: `~`.
    Changed,
    /// Only in the desired state: `+`.
    Added,
    /// Only in the current state: `-`.
    Removed,
}

impl ChangeKind {
    /// `~`, `+` or `-`.
    pub const fn sign(self) -> &'static str {
        match self {
            ChangeKind::Changed => "~",
            ChangeKind::Added => "+",
            ChangeKind::Removed => "-",
        }
    }
}

/// One leaf of the properties that differs between the current and the desired state: a scalar,
/// an array (compared whole, as the patch does) or an intrinsic function (compared as the
/// expression it is).
#[derive(Clone, Debug, PartialEq)]
pub struct LeafChange {
    /// How it differs.
    pub kind: ChangeKind,
    /// JSON Pointer into the properties (`/ConnectorProfileConfig/.../InstanceUrl`).
    pub pointer: String,
    /// The current value (`None` when added). Real, secrets included: see [`LeafChange::sensitive`].
    pub before: Option<Value>,
    /// The desired value (`None` when removed).
    pub after: Option<Value>,
    /// Whether it holds a secret (a secret member, or any member of a credentials object the
    /// schema does not declare): shown only as "(sensitive value changed)".
    pub sensitive: bool,
}

impl LeafChange {
    /// The change without secret values, for reports: `{op, path, before, after}` or
    /// `{op, path, sensitive: true}`.
    pub fn to_redacted_json(&self) -> Value {
        let mut out = Map::new();
        out.insert("op".to_owned(), Value::from(self.kind.sign()));
        out.insert("path".to_owned(), Value::from(self.pointer.as_str()));
        if self.sensitive {
            out.insert("sensitive".to_owned(), Value::Bool(true));
        } else {
            if let Some(before) = &self.before {
                out.insert("before".to_owned(), before.clone());
            }
            if let Some(after) = &self.after {
                out.insert("after".to_owned(), after.clone());
            }
        }
        Value::Object(out)
    }
}

/// `~ /Path: old -> new`, `+ /Path: new`, `- /Path: old`; a secret as "(sensitive value
/// changed)" (added, removed) without its value.
impl fmt::Display for LeafChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: ", self.kind.sign(), self.pointer)?;
        if self.sensitive {
            let what = match self.kind {
                ChangeKind::Changed => "changed",
                ChangeKind::Added => "added",
                ChangeKind::Removed => "removed",
            };
            return write!(f, "(sensitive value {what})");
        }
        match (&self.before, &self.after) {
            (Some(before), Some(after)) => write!(f, "{before} -> {after}"),
            (Some(value), None) | (None, Some(value)) => write!(f, "{value}"),
            (None, None) => Ok(()),
        }
    }
}

/// Every leaf that differs between two properties documents (read-only properties left out).
pub fn leaf_changes(current: &Map<String, Value>, desired: &Map<String, Value>) -> Vec<LeafChange> {
    let mut out = Vec::new();
    let mut pointer = String::new();
    let root = Some(0);
    let mut keys: Vec<&String> = current.keys().collect();
    keys.extend(desired.keys().filter(|k| !current.contains_key(*k)));
    for key in keys {
        if Property::from_name(key).is_some_and(Property::is_read_only) {
            continue;
        }
        let (node, sensitive) = member_node(root, key, false);
        pointer.push('/');
        pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
        diff_leaves(current.get(key), desired.get(key), node, sensitive, &mut pointer, &mut out);
        pointer.clear();
    }
    out
}

/// The redaction node of `key`'s value under `node`, and whether it holds a secret.
fn member_node(node: Option<usize>, key: &str, sensitive: bool) -> (Option<usize>, bool) {
    let Some(entry) = node.and_then(|n| REDACTION.get(n)) else {
        return (None, sensitive);
    };
    match entry.members.iter().find(|(name, _, _, _)| *name == key) {
        Some((_, secret, _, child)) => (*child, sensitive || *secret),
        None => (None, sensitive || entry.credentials),
    }
}

/// A CloudFormation intrinsic function: an object of one member `Ref`, `Condition` or `Fn::…`.
fn is_intrinsic(value: &Value) -> bool {
    match value.as_object() {
        Some(map) if map.len() == 1 => map
            .keys()
            .next()
            .is_some_and(|key| key == "Ref" || key == "Condition" || key.starts_with("Fn::")),
        _ => false,
    }
}

fn diff_leaves(
    before: Option<&Value>,
    after: Option<&Value>,
    node: Option<usize>,
    sensitive: bool,
    pointer: &mut String,
    out: &mut Vec<LeafChange>,
) {
    if before == after {
        return;
    }
    fn object(value: Option<&Value>) -> Option<&Map<String, Value>> {
        value.filter(|v| !is_intrinsic(v)).and_then(Value::as_object)
    }
    let (b, a) = (object(before), object(after));
    // Into objects (absent counts as empty when the other side is one), not into arrays or
    // intrinsic functions, nor from an object to a scalar.
    let descend = match (before, after) {
        (Some(_), Some(_)) => b.is_some() && a.is_some(),
        (None, Some(_)) => a.is_some(),
        (Some(_), None) => b.is_some(),
        (None, None) => false,
    };
    if descend {
        let empty = Map::new();
        let (b, a) = (b.unwrap_or(&empty), a.unwrap_or(&empty));
        let mut keys: Vec<&String> = b.keys().collect();
        keys.extend(a.keys().filter(|k| !b.contains_key(*k)));
        for key in keys {
            let (child, secret) = member_node(node, key, sensitive);
            let len = pointer.len();
            pointer.push('/');
            pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
            diff_leaves(b.get(key), a.get(key), child, secret, pointer, out);
            pointer.truncate(len);
        }
        return;
    }
    let kind = match (before, after) {
        (Some(_), Some(_)) => ChangeKind::Changed,
        (None, Some(_)) => ChangeKind::Added,
        _ => ChangeKind::Removed,
    };
    out.push(LeafChange {
        kind,
        pointer: pointer.clone(),
        before: before.cloned(),
        after: after.cloned(),
        sensitive,
    });
}

impl Plan {
    /// The patch document with the real values, for `aws cloudcontrol update-resource
    /// --patch-document`. It holds secrets: never log it.
    pub fn patch_document(&self) -> Value {
        Value::Array(self.patch.iter().map(PatchOperation::to_json).collect())
    }

    /// The patch document with secret values replaced by [`REDACTED`].
    pub fn redacted_patch_document(&self) -> Value {
        Value::Array(
            self.patch
                .iter()
                .map(PatchOperation::to_redacted_json)
                .collect(),
        )
    }

    /// Whether anything changes.
    pub fn has_changes(&self) -> bool {
        self.action != Action::NoChange
    }
}

/// `action`, the replacement reasons, the warnings and the patch, secrets redacted.
impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.action)?;
        if !self.replacement_reasons.is_empty() {
            let names: Vec<&str> = self.replacement_reasons.iter().map(|p| p.name()).collect();
            write!(f, " (create-only properties changed: {})", names.join(", "))?;
        }
        for change in &self.changes {
            write!(f, "\n  {change}")?;
        }
        for warning in &self.warnings {
            write!(f, "\n  {warning}")?;
        }
        if !self.patch.is_empty() {
            write!(f, "\n  Cloud Control patch (write-only properties are sent whole):")?;
        }
        for op in &self.patch {
            write!(f, "\n    {} {}", op.op.as_str(), op.path())?;
            if let Some(value) = &op.value {
                write!(f, " {}", redact_property(op.property, value))?;
            }
        }
        Ok(())
    }
}

/// The value of `property` with every secret replaced by [`REDACTED`]: the members the schemas
/// mark as secrets, and in credentials objects every member they do not declare (a misplaced key
/// may hold a secret).
pub fn redact_property(property: Property, value: &Value) -> Value {
    match REDACTION[0]
        .members
        .iter()
        .find(|(name, _, _, _)| *name == property.name())
    {
        Some((_, true, _, _)) => Value::from(REDACTED),
        Some((_, false, _, node)) => redact(value, *node),
        None => value.clone(),
    }
}

/// Whether the member at `pointer` (a JSON Pointer into the properties document; array indices
/// allowed) is redacted as a secret but names one kept elsewhere, such as the ARN of a Secrets
/// Manager secret (`schemas/secrets.toml`, `[[reference]]`): a template that shows its value
/// exposes no secret, so a check for exposed secrets passes it by.
pub fn holds_secret_reference(pointer: &str) -> bool {
    let mut node = 0;
    let mut tokens = pointer.split('/').skip(1).peekable();
    while let Some(token) = tokens.next() {
        // Unescaped only where there is an escape: most tokens have none.
        let token: std::borrow::Cow<'_, str> = if token.contains('~') {
            token.replace("~1", "/").replace("~0", "~").into()
        } else {
            token.into()
        };
        let Some(entry) = REDACTION.get(node) else {
            return false;
        };
        let member = entry.members.iter().find(|(name, _, _, _)| *name == token);
        match member {
            Some((name, _, _, child)) => {
                if tokens.peek().is_none() {
                    return entry.references.contains(name);
                }
                match child {
                    Some(child) => node = *child,
                    None => return false,
                }
            }
            // An item of a list of structs: the same node.
            None if !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit()) => {}
            None => return false,
        }
    }
    false
}

/// A member the schema requires in the object at a pointer of the properties document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequiredMember {
    /// JSON Pointer of the member (`/ConnectorProfileConfig/ConnectorProfileCredentials/Datadog/ApiKey`).
    pub pointer: String,
    /// Whether it holds a secret.
    pub secret: bool,
}

/// The scalar members the schema requires under the object at `pointer` (a pointer into the
/// properties document, such as a [`NotReturned`] pointer and a connector's name), through
/// required objects; `None` when the pointer names no object of the schema. What an import must
/// ask for: the credentials a read does not return.
pub fn required_members(pointer: &str) -> Option<Vec<RequiredMember>> {
    let mut node = 0;
    for token in pointer.split('/').skip(1) {
        let (_, _, _, child) = REDACTION
            .get(node)?
            .members
            .iter()
            .find(|(n, _, _, _)| *n == token)?;
        node = (*child)?;
    }
    let mut out = Vec::new();
    collect_required(node, pointer, &mut out);
    Some(out)
}

fn collect_required(node: usize, pointer: &str, out: &mut Vec<RequiredMember>) {
    let Some(entry) = REDACTION.get(node) else {
        return;
    };
    for (name, secret, required, child) in entry.members {
        if !required {
            continue;
        }
        let here = format!("{pointer}/{name}");
        match child {
            Some(child) if !secret => collect_required(*child, &here, out),
            _ => out.push(RequiredMember {
                pointer: here,
                secret: *secret,
            }),
        }
    }
}

/// A whole properties document with its secrets redacted.
pub fn redact_properties(properties: &Value) -> Value {
    redact(properties, Some(0))
}

/// A member of a properties document that [`redact_properties`] would redact; `T` is the
/// document's tree type ([`JsonTree`]): a `serde_json::Value`, or a caller's own.
#[derive(Clone, Debug, PartialEq)]
pub struct SecretMember<'v, T = Value> {
    /// Its JSON Pointer.
    pub pointer: String,
    /// Its value.
    pub value: &'v T,
    /// Whether it names a secret kept elsewhere rather than holding one
    /// ([`holds_secret_reference`] of its pointer).
    pub reference: bool,
}

/// Every member of a properties document that [`redact_properties`] would redact, with its JSON
/// Pointer, in document order, without copying the document: what a check for exposed secrets
/// walks. A member whose value is already [`REDACTED`] is passed by. The document is any parsed
/// tree ([`JsonTree`]).
pub fn secret_members<T: JsonTree>(properties: &T) -> Vec<SecretMember<'_, T>> {
    let mut found = Vec::new();
    walk_secrets(properties, 0, None, &mut found);
    found
}

/// One step of the way from the document to the value being walked: a chain on the walk's own
/// stack, written out as a pointer only for a secret found (most keys lead to none, and writing
/// each key into a pointer string and taking it off again was half of the walk).
struct Step<'p, 'v> {
    token: Token<'v>,
    up: Option<&'p Step<'p, 'v>>,
}

#[derive(Clone, Copy)]
enum Token<'v> {
    /// A member the schemas declare: its name needs no escape (`read::plain_names` checks every
    /// member name of the structs at compile time).
    Name(&'v str),
    /// A key they do not declare, escaped as it needs.
    Key(&'v str),
    Index(usize),
}

impl Step<'_, '_> {
    /// The JSON Pointer of the value this step leads to, in a string allocated once.
    fn pointer(&self) -> String {
        let mut length = 0;
        let mut step = Some(self);
        while let Some(here) = step {
            length += 1 + match here.token {
                Token::Name(name) | Token::Key(name) => name.len(),
                Token::Index(_) => 20,
            };
            step = here.up;
        }
        let mut pointer = String::with_capacity(length);
        self.write(&mut pointer);
        pointer
    }

    /// Writes the steps up to this one (no deeper than the walk that made them).
    fn write(&self, pointer: &mut String) {
        if let Some(up) = self.up {
            up.write(pointer);
        }
        pointer.push('/');
        match self.token {
            Token::Name(name) => {
                debug_assert!(!name.contains(['~', '/']), "{name}");
                pointer.push_str(name);
            }
            // Bytes, not `char`s: a search for a `char` pattern decodes every character.
            Token::Key(key) if key.bytes().any(|b| b == b'~' || b == b'/') => {
                pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
            }
            Token::Key(key) => pointer.push_str(key),
            Token::Index(index) => {
                use std::fmt::Write as _;
                // Writing into a `String` never fails.
                let _ = write!(pointer, "{index}");
            }
        }
    }
}

/// The member `key` of a redaction node. Lengths first: most names differ from the key in
/// length; the rest are compared eight bytes at a time, in line (a call to the C library's
/// `memcmp` for each, on names of a few words, was a tenth of the walk).
fn declared<'n>(
    members: &'n [(&'static str, bool, bool, Option<usize>)],
    key: &str,
) -> Option<&'n (&'static str, bool, bool, Option<usize>)> {
    let key = key.as_bytes();
    members
        .iter()
        .find(|(name, _, _, _)| name.len() == key.len() && same_bytes(name.as_bytes(), key))
}

/// Whether two byte strings of the same length are equal: a word at a time, the last word
/// overlapping the one before it (names are rarely a whole number of words).
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    fn word(bytes: &[u8], at: usize) -> u64 {
        let mut word = [0; 8];
        word.copy_from_slice(&bytes[at..at + 8]);
        u64::from_ne_bytes(word)
    }
    let length = a.len();
    if b.len() != length {
        return false;
    }
    if length < 8 {
        return a.iter().zip(b).all(|(x, y)| x == y);
    }
    let mut at = 0;
    while at + 8 < length {
        if word(a, at) != word(b, at) {
            return false;
        }
        at += 8;
    }
    word(a, length - 8) == word(b, length - 8)
}

fn walk_secrets<'v, T: JsonTree>(
    value: &'v T,
    index: usize,
    up: Option<&Step<'_, 'v>>,
    found: &mut Vec<SecretMember<'v, T>>,
) {
    let Some(node) = REDACTION.get(index) else {
        return;
    };
    match value.shape() {
        Shape::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let step = Step {
                    token: Token::Index(i),
                    up,
                };
                walk_secrets(item, index, Some(&step), found);
            }
        }
        Shape::Object(object) => {
            for (key, member) in object {
                // `Some(reference)` for a secret.
                let member_of = declared(node.members, key);
                let secret = match member_of {
                    Some((name, true, _, _)) => Some(node.references.contains(name)),
                    Some((_, false, _, Some(child))) => {
                        let step = Step {
                            token: Token::Name(key),
                            up,
                        };
                        walk_secrets(member, *child, Some(&step), found);
                        None
                    }
                    // A scalar member, or one of a struct without secrets.
                    Some((_, false, _, None)) => None,
                    None => node.credentials.then_some(false),
                };
                if let Some(reference) = secret {
                    if !matches!(member.shape(), Shape::String(text) if text == REDACTED) {
                        let step = Step {
                            token: match member_of {
                                Some(_) => Token::Name(key),
                                None => Token::Key(key),
                            },
                            up,
                        };
                        found.push(SecretMember {
                            pointer: step.pointer(),
                            value: member,
                            reference,
                        });
                    }
                }
            }
        }
        _ => {}
    }
}

fn redact(value: &Value, node: Option<usize>) -> Value {
    let Some((index, node)) = node.and_then(|n| REDACTION.get(n).map(|node| (n, node))) else {
        return value.clone();
    };
    match value {
        Value::Array(items) => Value::Array(items.iter().map(|i| redact(i, Some(index))).collect()),
        Value::Object(object) => {
            // Inserted, not collected: see `ToJson for BTreeMap`.
            let mut redacted = Map::new();
            for (key, member) in object {
                let value = match node.members.iter().find(|(name, _, _, _)| name == key) {
                    Some((_, true, _, _)) => Value::from(REDACTED),
                    Some((_, false, _, child)) => redact(member, *child),
                    None if node.credentials => Value::from(REDACTED),
                    None => member.clone(),
                };
                redacted.insert(key.clone(), value);
            }
            Value::Object(redacted)
        }
        other => other.clone(),
    }
}

/// Plans the change from `current` to `desired`, properties documents of the resource (JSON
/// objects; anything else is treated as an empty document). `None` is an absent resource.
/// Values are compared as JSON: an intrinsic function written as JSON is compared as the
/// expression it is.
pub fn plan_documents(current: Option<&Value>, desired: Option<&Value>) -> Plan {
    let empty = Map::new();
    let current = current.map(|v| v.as_object().unwrap_or(&empty));
    let desired = desired.map(|v| v.as_object().unwrap_or(&empty));
    let mut plan = Plan {
        action: Action::NoChange,
        replacement_reasons: Vec::new(),
        warnings: Vec::new(),
        patch: Vec::new(),
        changes: Vec::new(),
    };
    let (current, desired) = match (current, desired) {
        (None, None) => return plan,
        (None, Some(desired)) => {
            plan.action = Action::Create;
            read_only_warnings(desired, &mut plan);
            return plan;
        }
        (Some(_), None) => {
            plan.action = Action::Delete;
            return plan;
        }
        (Some(current), Some(desired)) => (current, desired),
    };
    read_only_warnings(desired, &mut plan);
    plan.changes = leaf_changes(current, desired);
    let changed: Vec<Property> = Property::ALL
        .iter()
        .copied()
        .filter(|p| !p.is_read_only() && current.get(p.name()) != desired.get(p.name()))
        .collect();
    plan.replacement_reasons = changed
        .iter()
        .copied()
        .filter(|p| p.requires_replacement())
        .collect();
    if !plan.replacement_reasons.is_empty() {
        plan.action = Action::Replace;
        return plan;
    }
    if changed.is_empty() {
        return plan;
    }
    plan.action = Action::Update;
    for property in Property::ALL.iter().copied().filter(|p| !p.is_read_only()) {
        let name = property.name();
        let (before, after) = (current.get(name), desired.get(name));
        let info = property.info();
        if property.is_write_only() {
            match after {
                Some(value) => plan.patch.push(PatchOperation {
                    op: PatchOp::Add,
                    property,
                    value: Some(value.clone()),
                }),
                None => {
                    if let UpdateRule::Sent { required: true } = info.update {
                        plan.warnings.push(PlanWarning {
                            property,
                            code: PlanCode::UpdateRequires,
                            message: format!(
                                "{UPDATE_REQUEST} requires `{}`, and {name} is write-only (a read never returns it, so Cloud Control cannot take it from the live state): the update fails unless the desired state has the whole {name}",
                                info.api_member.unwrap_or(name)
                            ),
                        });
                    }
                    if before.is_some() {
                        plan.warnings.push(PlanWarning {
                            property,
                            code: PlanCode::WriteOnlyRemoval,
                            message: format!(
                                "{name} is write-only: it is not in the state a patch applies to, so its removal cannot be patched; the service keeps the value it has"
                            ),
                        });
                    }
                }
            }
        } else if changed.contains(&property) {
            let op = match (before, after) {
                (Some(_), Some(_)) => PatchOp::Replace,
                (None, Some(_)) => PatchOp::Add,
                _ => PatchOp::Remove,
            };
            plan.patch.push(PatchOperation {
                op,
                property,
                value: after.cloned(),
            });
        }
        if changed.contains(&property) && info.update == UpdateRule::NotInUpdate {
            plan.warnings.push(PlanWarning {
                property,
                code: PlanCode::NotUpdatable,
                message: format!(
                    "{name} changed, but {UPDATE_REQUEST} has no `{}`: the update succeeds and the change never takes effect; change a create-only property (such as the name) to replace the resource instead",
                    info.api_member.unwrap_or(name)
                ),
            });
        }
    }
    plan
}

fn read_only_warnings(desired: &Map<String, Value>, plan: &mut Plan) {
    for property in Property::ALL.iter().copied().filter(|p| p.is_read_only()) {
        if desired.contains_key(property.name()) {
            plan.warnings.push(PlanWarning {
                property,
                code: PlanCode::ReadOnly,
                message: format!(
                    "{} is read-only: it is never sent, and its value here is ignored",
                    property.name()
                ),
            });
        }
    }
}

/// An ARN that is not one of this resource.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArnError {
    message: String,
}

impl fmt::Display for ArnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ArnError {}

/// The ARN of a resource: `arn:{partition}:{service}:{region}:{account}:{type}/{name}`, the name
/// being its primary identifier.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Arn {
    partition: String,
    region: String,
    account: String,
    name: String,
}

impl Arn {
    /// An ARN from its parts, each checked: a known partition, a region of lowercase letters,
    /// digits and hyphens, a 12-digit account and a non-empty name within the identifier's length.
    pub fn new(
        partition: impl Into<String>,
        region: impl Into<String>,
        account: impl Into<String>,
        name: impl Into<String>,
    ) -> Result<Arn, ArnError> {
        let arn = Arn {
            partition: partition.into(),
            region: region.into(),
            account: account.into(),
            name: name.into(),
        };
        check_partition(&arn.partition)
            .and_then(|()| check_region(&arn.region))
            .and_then(|()| check_account(&arn.account))
            .and_then(|()| check_name(&arn.name))
            .map_err(|message| ArnError { message })?;
        Ok(arn)
    }

    /// Parses `arn:{partition}:{service}:{region}:{account}:{type}/{name}`.
    pub fn parse(text: &str) -> Result<Arn, ArnError> {
        let fail = |message: String| Err(ArnError { message });
        let mut parts = text.splitn(6, ':');
        let (
            Some("arn"),
            Some(partition),
            Some(service),
            Some(region),
            Some(account),
            Some(resource),
        ) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        )
        else {
            return fail(format!(
                "`{}` is not an ARN (arn:partition:{ARN_SERVICE}:region:account:{ARN_RESOURCE_TYPE}/name)",
                echo(text)
            ));
        };
        if service != ARN_SERVICE {
            return fail(format!(
                "the service is `{}`, not `{ARN_SERVICE}`",
                echo(service)
            ));
        }
        let Some(name) = resource
            .strip_prefix(ARN_RESOURCE_TYPE)
            .and_then(|r| r.strip_prefix('/'))
        else {
            return fail(format!(
                "the resource is `{}`, not `{ARN_RESOURCE_TYPE}/name`",
                echo(resource)
            ));
        };
        Arn::new(partition, region, account, name)
    }

    /// The partition (`aws`, `aws-cn`, `aws-us-gov`).
    pub fn partition(&self) -> &str {
        &self.partition
    }

    /// The region.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The account id.
    pub fn account(&self) -> &str {
        &self.account
    }

    /// The name: the resource's primary identifier.
    pub fn primary_identifier(&self) -> &str {
        &self.name
    }
}

impl fmt::Display for Arn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "arn:{}:{ARN_SERVICE}:{}:{}:{ARN_RESOURCE_TYPE}/{}",
            self.partition, self.region, self.account, self.name
        )
    }
}

impl std::str::FromStr for Arn {
    type Err = ArnError;
    fn from_str(text: &str) -> Result<Arn, ArnError> {
        Arn::parse(text)
    }
}

/// An IAM action of the handlers and the resource it can be scoped to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IamAction {
    /// `service:Action`.
    pub action: &'static str,
    /// An ARN template (`${Partition}`, `${Region}`, `${Account}`, `${Name}`) or `*`.
    pub resource: &'static str,
    /// The statement id, which says what it grants and why the scope is what it is; it may hold
    /// the placeholders of [`SidScope`], written by [`iam_policy`] for the scope it is given.
    pub sid: &'static str,
}

/// A check of one part of an ARN: why the text cannot be that part.
type PartCheck = fn(&str) -> Result<(), String>;

/// A partition the resource exists in, else why not (with the closest known one).
fn check_partition(partition: &str) -> Result<(), String> {
    if ARN_PARTITIONS.contains(&partition) {
        return Ok(());
    }
    // Within two edits, or the known partition holding every word of the given one
    // (`aws-gov` is `aws-us-gov`).
    let close = crate::validation::closest(partition, ARN_PARTITIONS).or_else(|| {
        ARN_PARTITIONS.iter().copied().find(|known| {
            partition.len() <= known.len()
                && partition.split('-').all(|word| !word.is_empty() && known.split('-').any(|k| k == word))
        })
    });
    let hint = close.map(|c| format!(" (did you mean `{c}`?)")).unwrap_or_default();
    Err(format!(
        "unknown partition `{}`{hint}; one of {}",
        echo(partition),
        ARN_PARTITIONS.join(", ")
    ))
}

/// A region's form: lowercase letters, digits and hyphens.
fn check_region(region: &str) -> Result<(), String> {
    let ok = !region.is_empty()
        && region
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{}` is not a region (lowercase letters, digits and hyphens, such as eu-west-1)",
            echo(region)
        ))
    }
}

/// An account id: 12 digits.
fn check_account(account: &str) -> Result<(), String> {
    if account.len() == 12 && account.chars().all(|c| c.is_ascii_digit()) {
        Ok(())
    } else {
        Err(format!(
            "`{}` is not an account id (12 digits)",
            echo(account)
        ))
    }
}

/// A primary identifier's length and characters (its pattern is the schema's, checked by
/// validation).
fn check_name(name: &str) -> Result<(), String> {
    let length = name.chars().count();
    if length == 0 || IDENTIFIER_MAX_LENGTH.is_some_and(|max| length > max) {
        return Err(format!(
            "the name must have 1 to {} characters; it has {length}",
            IDENTIFIER_MAX_LENGTH.unwrap_or(usize::MAX)
        ));
    }
    if name.chars().any(char::is_control) {
        return Err("the name has control characters".to_owned());
    }
    Ok(())
}

/// How a statement id says the scope of its resource: its `placeholder` (`${Name}`) is written
/// `given` when the policy is scoped to one value of that part of the ARN, `any` when the part is
/// a wildcard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SidScope {
    /// The ARN template's placeholder.
    pub placeholder: &'static str,
    /// The words when the part is given.
    pub given: &'static str,
    /// The words when the part is a wildcard.
    pub any: &'static str,
}

/// What an IAM policy is scoped to; an absent part is a wildcard.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PolicyScope {
    /// The partition (`${AWS::Partition}`-like wildcard `*` when absent).
    pub partition: Option<String>,
    /// The region.
    pub region: Option<String>,
    /// The account id.
    pub account: Option<String>,
    /// The resource's name.
    pub name: Option<String>,
}

/// The first CloudFormation intrinsic function in `value` (a one-member object `Ref`, `Condition` or
/// `Fn::…`): its JSON Pointer (each key shown through [`echo`]) and its name (likewise). Its value is known only at
/// deployment, so a document holding one cannot go to Cloud Control or AppFlow as it is.
pub fn first_intrinsic(value: &Value) -> Option<(String, String)> {
    find_intrinsic(value, &mut String::new())
}

fn find_intrinsic(value: &Value, pointer: &mut String) -> Option<(String, String)> {
    match value {
        Value::Object(map) => {
            if map.len() == 1 {
                let key = map.keys().next().map(String::as_str).unwrap_or_default();
                if key == "Ref" || key == "Condition" || key.starts_with("Fn::") {
                    return Some((pointer.clone(), echo(key)));
                }
            }
            for (key, item) in map {
                let len = pointer.len();
                pointer.push('/');
                // Each key bounded on its own, so the pointer keeps its shape.
                pointer.push_str(&echo(key).replace('~', "~0").replace('/', "~1"));
                if let Some(found) = find_intrinsic(item, pointer) {
                    return Some(found);
                }
                pointer.truncate(len);
            }
            None
        }
        Value::Array(items) => items.iter().enumerate().find_map(|(i, item)| {
            let len = pointer.len();
            pointer.push_str(&format!("/{i}"));
            let found = find_intrinsic(item, pointer);
            pointer.truncate(len);
            found
        }),
        _ => None,
    }
}

/// A least-privilege policy document (`Version` 2012-10-17) for the handlers named in `handlers`
/// (`create`, `read`, `update`, `delete`, `list`): one statement per statement id, actions sorted,
/// each resource-scoped as the action allows (`*` where it supports no resource-level permission).
/// An unknown handler name (with the closest one), or a scope that cannot be part of an ARN (an
/// unknown partition, an account id that is not 12 digits, a region or name of the wrong form), is
/// an error. Each statement id says the scope its resource grants (`IAM_SID_SCOPE`).
pub fn iam_policy(handlers: &[&str], scope: &PolicyScope) -> Result<Value, String> {
    use crate::cfn::resource::HANDLERS;
    let known: Vec<&str> = HANDLERS.iter().map(|h| h.name).collect();
    let mut actions: Vec<&str> = Vec::new();
    for name in handlers {
        let handler = HANDLERS.iter().find(|h| h.name == *name).ok_or_else(|| {
            let hint = crate::validation::closest(name, &known)
                .map(|c| format!(" (did you mean `{c}`?)"))
                .unwrap_or_default();
            format!(
                "unknown operation `{}`{hint}; one of {}",
                echo(name),
                known.join(", ")
            )
        })?;
        actions.extend(handler.permissions.iter().copied());
    }
    let checks: [(&Option<String>, &str, PartCheck); 4] = [
        (&scope.partition, "partition", check_partition),
        (&scope.region, "region", check_region),
        (&scope.account, "account", check_account),
        (&scope.name, "name", check_name),
    ];
    for (part, what, check) in checks {
        if let Some(value) = part {
            check(value).map_err(|message| format!("{what}: {message}"))?;
        }
    }
    let wildcard = |part: &Option<String>| part.clone().unwrap_or_else(|| "*".to_owned());
    let partition = wildcard(&scope.partition);
    let given = |placeholder: &str| match placeholder {
        "${Region}" => scope.region.is_some(),
        "${Account}" => scope.account.is_some(),
        "${Name}" => scope.name.is_some(),
        _ => false,
    };
    let mut statements: Vec<(String, Vec<&str>, String)> = Vec::new();
    for entry in IAM_ACTIONS {
        if !actions.contains(&entry.action) {
            continue;
        }
        let resource = entry
            .resource
            .replace("${Partition}", &partition)
            .replace("${Region}", &wildcard(&scope.region))
            .replace("${Account}", &wildcard(&scope.account))
            .replace("${Name}", &wildcard(&scope.name));
        let mut sid = entry.sid.to_owned();
        for words in IAM_SID_SCOPE {
            let text = if given(words.placeholder) { words.given } else { words.any };
            sid = sid.replace(words.placeholder, text);
        }
        match statements
            .iter_mut()
            .find(|(s, _, r)| *s == sid && *r == resource)
        {
            Some((_, list, _)) => list.push(entry.action),
            None => statements.push((sid, vec![entry.action], resource)),
        }
    }
    let statements: Vec<Value> = statements
        .into_iter()
        .map(|(sid, mut list, resource)| {
            list.sort_unstable();
            list.dedup();
            let mut out = Map::new();
            out.insert("Sid".to_owned(), Value::from(sid));
            out.insert("Effect".to_owned(), Value::from("Allow"));
            out.insert("Action".to_owned(), Value::from(list));
            out.insert("Resource".to_owned(), Value::from(resource));
            Value::Object(out)
        })
        .collect();
    let mut policy = Map::new();
    policy.insert("Version".to_owned(), Value::from("2012-10-17"));
    policy.insert("Statement".to_owned(), Value::Array(statements));
    Ok(Value::Object(policy))
}

/// Where a member of a read's result goes on import.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportTarget {
    /// A member path of the create request (then carried to the properties like any request).
    Request(&'static [&'static str]),
    /// A (read-only) property, linked.
    Property(Property),
    /// Service state no property carries (timestamps, provisioning state).
    Dropped,
}

/// A part of the resource a read never returns, so an imported resource lacks it and it must
/// come from elsewhere (the credentials, say).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotReturned {
    /// JSON Pointer into the properties (`/KMSArn`).
    pub pointer: &'static str,
    /// The API member path (`kmsArn`).
    pub api_member: &'static str,
    /// Whether it holds secrets (credentials).
    pub secret: bool,
}

/// A read's result that cannot become the resource.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ImportError {}

/// The parts of an import: the create request, the resource's properties, the resource's ARN
/// (the read-only property that parses as one naming the resource) and the members dropped.
pub(crate) type ImportParts<R, C> = (R, C, Option<Arn>, Vec<&'static str>);

/// Splits a read's result (`described`) as `import` says, into the create request `R` and the
/// resource's properties `C`, neither validated: an imported resource lacks what a read cannot
/// return.
pub(crate) fn import_value<R, C>(
    described: &impl crate::support::ToJson,
    import: &[(&'static str, ImportTarget)],
) -> Result<ImportParts<R, C>, ImportError>
where
    R: serde::de::DeserializeOwned,
    C: serde::de::DeserializeOwned,
{
    let failed = |what: &str, e: serde_json::Error| ImportError {
        message: format!(
            "the described resource cannot become {what}: {}",
            echo(&e.to_string())
        ),
    };
    let value = described.to_json();
    let empty = Map::new();
    let object = value.as_object().unwrap_or(&empty);
    let mut request = Value::Object(Map::new());
    let mut read_only = Vec::new();
    let mut dropped = Vec::new();
    for (member, target) in import {
        let Some(member_value) = object.get(*member) else {
            continue;
        };
        match target {
            ImportTarget::Request(path) => {
                let mut at = &mut request;
                for step in path.iter() {
                    let Value::Object(map) = at else { break };
                    at = map
                        .entry((*step).to_owned())
                        .or_insert_with(|| Value::Object(Map::new()));
                }
                *at = member_value.clone();
            }
            ImportTarget::Property(property) => read_only.push((*property, member_value.clone())),
            ImportTarget::Dropped => dropped.push(*member),
        }
    }
    let mut properties = crate::convert::request_to_cfn_value(&request);
    let mut arn = None;
    if let Value::Object(map) = &mut properties {
        let identifier = Property::ALL
            .iter()
            .find(|p| p.is_primary_identifier())
            .and_then(|p| map.get(p.name()))
            .and_then(Value::as_str)
            .map(str::to_owned);
        for (property, value) in read_only {
            if let Some(parsed) = value.as_str().and_then(|s| Arn::parse(s).ok()) {
                if identifier.as_deref() == Some(parsed.primary_identifier()) {
                    arn = Some(parsed);
                }
            }
            map.insert(property.name().to_owned(), value);
        }
    }
    let request = crate::support::from_json_value(&request).map_err(|e| failed("a create request", e))?;
    let properties =
        crate::support::from_json_value(&properties).map_err(|e| failed("the resource's properties", e))?;
    Ok((request, properties, arn, dropped))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_of_both_forms_and_deeper_name_the_property() {
        for property in Property::ALL.iter().copied() {
            assert_eq!(Property::from_pointer(property.as_pointer()), Ok(property));
            assert_eq!(
                Property::from_pointer(property.as_patch_path()),
                Ok(property)
            );
            let deeper = format!("{}/Member", property.as_patch_path());
            assert_eq!(Property::from_pointer(&deeper), Ok(property));
        }
        for bad in ["", "/", "/properties/", "/properties/Nope", "Nope", "/nope"] {
            assert!(Property::from_pointer(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_plan_between_equal_documents_changes_nothing() {
        let doc = serde_json::json!({"a": 1});
        let plan = plan_documents(Some(&doc), Some(&doc));
        assert_eq!(plan.action, Action::NoChange);
        assert!(plan.patch.is_empty());
        assert_eq!(plan_documents(None, None).action, Action::NoChange);
        assert_eq!(plan_documents(None, Some(&doc)).action, Action::Create);
        assert_eq!(plan_documents(Some(&doc), None).action, Action::Delete);
    }

    #[test]
    fn arns_round_trip_and_bad_parts_are_refused() {
        let name = "my-profile/with.slash";
        let text = format!(
            "arn:{}:{ARN_SERVICE}:eu-west-1:123456789012:{ARN_RESOURCE_TYPE}/{name}",
            ARN_PARTITIONS[0]
        );
        let arn = Arn::parse(&text).unwrap();
        assert_eq!(arn.primary_identifier(), name);
        assert_eq!(arn.to_string(), text);
        for bad in [
            text.replacen(ARN_PARTITIONS[0], "aws-xx", 1),
            text.replacen("123456789012", "12345", 1),
            text.replacen("eu-west-1", "", 1),
            text.replacen(ARN_SERVICE, "s3", 1),
            text.replacen(&format!("{ARN_RESOURCE_TYPE}/"), "flow/", 1),
            text.replacen(name, "", 1),
            "arn:aws".to_owned(),
        ] {
            assert!(Arn::parse(&bad).is_err(), "{bad}");
        }
    }
}
