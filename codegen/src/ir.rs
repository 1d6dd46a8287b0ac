//! The intermediate representation: plain, resolved data that says what to generate.
//!
//! Both readers lower into these types; emitters read nothing else. Nothing here holds raw JSON.

use std::collections::BTreeMap;

/// Everything both schemas say, merged.
#[derive(Debug, Clone, PartialEq)]
pub struct Ir {
    /// The CloudFormation resource's types.
    pub cfn: Module,
    /// The AppFlow API's types.
    pub api: Module,
    /// The CloudFormation resource's metadata.
    pub resource: ResourceMeta,
    /// The connectors: member names of the structs `mapping.toml` names as `connector_containers`
    /// (the per-connector credentials and properties), in either module.
    pub connectors: std::collections::BTreeSet<String>,
    /// Per-connector rules, resolved against both modules.
    pub rules: Vec<Rule>,
    /// (CloudFormation, API) type pairs whose members correspond, mapping.toml's roots first.
    pub pairs: Vec<(String, String)>,
    /// The conversion tables between the root pair's two forms (`lower::convert`).
    pub conversion: Conversion,
    /// The typed connector layer (`profile`), resolved against the API module (`lower::profile`).
    pub profile: ConnectorModel,
    /// Where the official Rust SDK, `aws-sdk-appflow`, has each API type.
    pub sdk: SdkMap,
    /// The resource's lifecycle: plan, import, IAM policy.
    pub lifecycle: Lifecycle,
    /// Every distinct pattern of both modules and of the formats (ECMA-262 source), compiled
    /// (`lower::pattern`).
    pub patterns: BTreeMap<String, CompiledPattern>,
    /// The formats the CloudFormation schema's `format` keyword names, by name
    /// (`schemas/formats.toml`; empty when that file is, as for the drift report).
    pub formats: BTreeMap<String, Format>,
    /// The Terraform providers' resources for a connector profile, their names resolved
    /// (`schemas/terraform.toml`, `lower::terraform`; empty when that file is).
    pub terraform: Vec<TerraformResource>,
}

/// What a value of the `format` keyword asks of a string (`schemas/formats.toml`): the whole value
/// matches `pattern` and has `min_length..=max_length` code points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Format {
    /// The `format` value, as the schema spells it.
    pub name: String,
    /// The generated static's name (`formats::AWS_S3_BUCKET_NAME`).
    pub rust_name: String,
    /// The rule in prose.
    pub rule: String,
    /// An ECMA-262 pattern, anchored at both ends, compiled in [`Ir::patterns`].
    pub pattern: String,
    /// Fewest code points.
    pub min_length: Option<u64>,
    /// Most code points.
    pub max_length: Option<u64>,
    /// The cfn-lint rule checking the same format.
    pub cfn_lint_rule: String,
    /// Where the rule is documented.
    pub source: String,
    /// The entry in `formats.toml`.
    pub origin: Origin,
}

/// How a document carries across between the CloudFormation and API forms of the root pair.
#[derive(Debug, Clone, PartialEq)]
pub struct Conversion {
    /// The CloudFormation root type.
    pub cfn_root: String,
    /// The API root type.
    pub api_root: String,
    /// CloudFormation → API: entry 0 is the root's table.
    pub to_api: Vec<MemberTable>,
    /// API → CloudFormation: entry 0 is the root's table.
    pub to_cfn: Vec<MemberTable>,
}

/// How the members of one struct carry over to its counterpart.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MemberTable {
    /// The struct the table reads; `None` when a pair names a type that is not a struct in both
    /// modules (the table is empty).
    pub source: Option<TableSource>,
    /// The members that have a counterpart, in the struct's member order.
    pub members: Vec<CarriedMember>,
    /// The struct of the other module the table writes (the source's counterpart), when both
    /// are structs.
    pub target: Option<String>,
}

/// The struct a member table reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableSource {
    /// Its module.
    pub module: ModuleKind,
    /// Its name.
    pub name: String,
    /// Whether it is a credentials object (unknown keys are shown masked).
    pub secrecy: Secrecy,
}

/// One member that carries over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CarriedMember {
    /// Its wire name in the source form.
    pub from: String,
    /// Its counterpart's wire name.
    pub to: String,
    /// The index of the table of its struct (in the same direction), when both hold a struct.
    pub child: Option<usize>,
}

/// The typed connector layer: a `Profile` is the create request with its connector type and
/// configuration members replaced by one `Connector`, a variant per connector holding that
/// connector's member of each connector container. Every name here resolves in the API module.
#[derive(Debug, Clone, PartialEq)]
pub struct ConnectorModel {
    /// The create request a profile is.
    pub request: String,
    /// The create request's members in order, and where a profile finds each.
    pub request_members: Vec<ProfileSource>,
    /// The update request.
    pub update_request: String,
    /// The update request's members in order, and how a profile fills each.
    pub update_members: Vec<UpdateMember>,
    /// The request member holding the connector type; `ty` is its enum.
    pub connector_type: ProfileMember,
    /// The request member holding the connector configuration; `ty` is its struct.
    pub config: ProfileMember,
    /// The configuration struct's members in order; `container` when it holds a connector container.
    pub config_members: Vec<ConfigMember>,
    /// The configuration's members holding a connector container, in its member order.
    pub containers: Vec<ConnectorContainer>,
    /// One entry per connector ([`Ir::connectors`] order).
    pub connectors: Vec<ConnectorVariant>,
    /// The `Profile` struct: the request's own members, then `connector`.
    pub profile: Struct,
    /// Rust names of the request members a profile holds itself (all but type and configuration).
    pub own_members: Vec<String>,
    /// The CloudFormation root type (`to_cfn`, `TryFrom`).
    pub cfn_root: String,
}

/// A member of the create request the connector layer replaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileMember {
    /// Its wire name.
    pub wire_name: String,
    /// Its Rust field name.
    pub rust_name: String,
    /// Whether the request requires it.
    pub required: bool,
    /// The type it holds (an enum for the connector type, a struct for the configuration).
    pub ty: String,
}

/// Where a profile finds one member of the create request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileSource {
    /// The request member's Rust field name.
    pub rust_name: String,
    /// What fills it.
    pub source: RequestSource,
}

/// What fills a create request member from a profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestSource {
    /// The connector's type.
    ConnectorType,
    /// The connector's configuration.
    Config,
    /// The profile's member of the same name.
    Own,
}

/// How a profile fills one member of the update request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateMember {
    /// The update request member's Rust field name.
    pub rust_name: String,
    /// What fills it.
    pub fill: UpdateFill,
}

/// What fills an update request member from a profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateFill {
    /// The connector's configuration.
    Config,
    /// The profile's member, held alike (both required or both optional).
    Same,
    /// The profile's required member, optional in the update.
    Wrapped,
    /// The profile's optional member, required in the update: building it can fail.
    Required,
    /// Nothing: the profile has no such member and the update does not require it.
    Absent,
}

/// A member of the configuration struct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigMember {
    /// Its Rust field name.
    pub rust_name: String,
    /// Whether the configuration requires it.
    pub required: bool,
    /// Whether it holds a connector container.
    pub container: bool,
}

/// A connector container as a member of the configuration struct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectorContainer {
    /// The configuration member's wire name.
    pub wire_name: String,
    /// The configuration member's Rust field name.
    pub rust_name: String,
    /// Whether the configuration requires it.
    pub required: bool,
    /// The container struct.
    pub ty: String,
}

/// One connector: a `Connector` variant.
#[derive(Debug, Clone, PartialEq)]
pub struct ConnectorVariant {
    /// The connector's member name in the containers.
    pub key: String,
    /// The `Connector` variant's name.
    pub variant: String,
    /// The connector type's value naming it.
    pub type_value: EnumValue,
    /// Per container ([`ConnectorModel::containers`] order): the connector's member, if it has one.
    pub slots: Vec<Option<ContainerSlot>>,
}

/// A connector's member of one container.
#[derive(Debug, Clone, PartialEq)]
pub struct ContainerSlot {
    /// The container member's Rust field name.
    pub rust_name: String,
    /// Its type.
    pub ty: TypeRef,
    /// Whether the container holds it in a `Box` ([`Field::boxed`]); the variant holds it alike.
    pub boxed: bool,
}

/// A pattern compiled at generation time: a DFA over the UTF-8 bytes of a text that answers
/// "does a match occur anywhere in it". States are numbered from 0: [`Self::REJECT`] and
/// [`Self::ACCEPT`] are absorbing (no match can follow, a match was seen), [`Self::START`] is
/// where every text begins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompiledPattern {
    /// For each of the 256 byte values, its class: bytes of one class move every state alike.
    pub classes: Vec<u8>,
    /// How many classes there are: the length of a row of `transitions`.
    pub class_count: usize,
    /// Row-major, one row per state: the state after reading a byte of each class.
    pub transitions: Vec<u16>,
    /// Per state: whether the text ending there contains a match (`$` and matches of the empty
    /// text are decided here).
    pub accept_at_end: Vec<bool>,
    /// Per state: its bit in [`Self::loop_bytes`] (at most eight states have one, those looping
    /// on the most bytes; 0 for the others and the absorbing states).
    pub loop_bits: Vec<u8>,
    /// For each of the 256 byte values, the bits of the states the byte leaves where they are. A
    /// scan in such a state skips a run of those bytes eight at a time (eight table reads and
    /// one branch) instead of walking the table: `\S+` and `.*` spend most of a value there.
    pub loop_bytes: Vec<u8>,
    /// The bytes every text must start with to get anywhere from the start (one byte value at a
    /// time leads on: the literal head of an anchored pattern, `arn:aws:kms:`), at most
    /// [`MAX_PREFIX`](crate::lower::pattern::MAX_PREFIX). A scan of a text starting with them
    /// goes straight to the state after them, with one comparison instead of a transition a byte.
    pub prefix: Vec<u8>,
}

impl CompiledPattern {
    /// No match can occur any more.
    pub const REJECT: u16 = 0;
    /// A match occurred.
    pub const ACCEPT: u16 = 1;
    /// The state before the first byte.
    pub const START: u16 = 2;

    /// How many states the table has.
    pub fn state_count(&self) -> usize {
        self.accept_at_end.len()
    }
}

/// How the `api` module maps onto `aws-sdk-appflow` (smithy-rs output), decided in lowering.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SdkMap {
    /// By API type name: the SDK's type. Map types are absent (the SDK uses plain maps too).
    pub types: BTreeMap<String, SdkType>,
}

/// An API type in the SDK.
#[derive(Debug, Clone, PartialEq)]
pub struct SdkType {
    /// Path below the crate root (`types::OAuth2Credentials`,
    /// `operation::create_connector_profile::CreateConnectorProfileInput`).
    pub path: Vec<String>,
    /// What the SDK makes of the shape.
    pub role: SdkRole,
    /// The struct's fields in order (empty for enums).
    pub members: Vec<SdkMember>,
}

/// What smithy-rs makes of a shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SdkRole {
    /// A struct in `types` whose required members are plain values.
    Shape,
    /// A string enum in `types` (`From<&str>`, `as_str()`).
    Enum,
    /// An operation's input: every member optional; its builder (this path) can `send_with` a client.
    Input {
        /// Path of the input's builder.
        builder: Vec<String>,
    },
    /// An operation's output: every member optional.
    Output,
    /// An error shape in `types::error`: every member optional.
    Error,
}

/// A field of an API struct as the SDK holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct SdkMember {
    /// The SDK's field and setter name (`o_auth2_grant_type`).
    pub name: String,
    /// How the SDK holds it.
    pub presence: SdkPresence,
}

/// How the SDK holds a member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SdkPresence {
    /// `Option<T>`: optional members, every member of operation inputs, outputs and errors, and
    /// required members holding a struct.
    Optional,
    /// A plain value (a required string, number, enum or list); the builder fails without it.
    Required,
    /// A plain `bool` that is `false` unless set and is not written when `false`
    /// (`mapping.toml` `[[sdk_default]]`).
    DefaultFalse,
}

/// Which schema a module comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ModuleKind {
    /// The CloudFormation resource schema.
    Cfn,
    /// The AppFlow API model.
    Api,
}

impl ModuleKind {
    /// The Rust module name.
    pub fn module_name(self) -> &'static str {
        match self {
            ModuleKind::Cfn => "cfn",
            ModuleKind::Api => "api",
        }
    }

    /// The other schema.
    pub fn other(self) -> ModuleKind {
        match self {
            ModuleKind::Cfn => ModuleKind::Api,
            ModuleKind::Api => ModuleKind::Cfn,
        }
    }
}

/// One generated module: its types by name.
#[derive(Debug, Clone, PartialEq)]
pub struct Module {
    /// Which schema.
    pub kind: ModuleKind,
    /// The input file, relative to the schemas directory.
    pub source_file: String,
    /// Documentation of the module.
    pub doc: String,
    /// Types by Rust name.
    pub types: BTreeMap<String, TypeDef>,
}

impl Module {
    /// The struct named `name`, if that type is a struct.
    pub fn struct_named(&self, name: &str) -> Option<&Struct> {
        match self.types.get(name) {
            Some(TypeDef::Struct(s)) => Some(s),
            _ => None,
        }
    }
}

/// Where a fact came from: the file and a JSON Pointer.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Origin {
    /// Input file relative to the schemas directory.
    pub file: String,
    /// JSON Pointer into it.
    pub pointer: String,
}

/// A generated type.
#[derive(Debug, Clone, PartialEq)]
// Built once per run and never moved in bulk: boxing would only add noise.
#[allow(clippy::large_enum_variant)]
pub enum TypeDef {
    /// A struct with named fields.
    Struct(Struct),
    /// A string enum.
    Enum(Enum),
    /// A map from strings to values (`patternProperties` objects, API map shapes).
    Map(MapDef),
}

impl TypeDef {
    /// The type's Rust name.
    pub fn name(&self) -> &str {
        match self {
            TypeDef::Struct(s) => &s.name,
            TypeDef::Enum(e) => &e.name,
            TypeDef::Map(m) => &m.name,
        }
    }
}

/// What happens to keys a struct does not declare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnknownKeys {
    /// `additionalProperties: false`: deserializing fails.
    Reject,
    /// The schema leaves the object open: unknown keys are kept and written back.
    Keep,
    /// The API model: unknown members are skipped, as AWS SDKs do for forward compatibility.
    Ignore,
}

/// A struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Rust name (also the schema name).
    pub name: String,
    /// Markdown documentation.
    pub doc: String,
    /// Fields in schema order.
    pub fields: Vec<Field>,
    /// Unknown-key policy.
    pub unknown_keys: UnknownKeys,
    /// Set for API error shapes.
    pub error: Option<ErrorInfo>,
    /// Whether the struct is a credentials object, where findings mask what they echo.
    pub secrecy: Secrecy,
    /// Who sends documents whose root is this struct.
    pub sender: Sender,
    /// Where the type is defined.
    pub origin: Origin,
}

/// Whether a struct holds credentials, derived in lowering: every member of a credentials container
/// holds a secret (is sensitive or reaches a sensitive member), and every struct reachable from one
/// is a credentials object too. A key or enum value there that is not close to a known name may be
/// a misplaced secret, so findings show it masked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Secrecy {
    /// An ordinary object: findings echo unknown keys and enum values (bounded, escaped).
    Plain,
    /// A credentials object: findings mask unknown keys and enum values not close to a known name.
    Credentials,
}

/// Who sends documents whose root is a struct, derived in lowering from the API operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sender {
    /// Written by users: requests, CloudFormation properties, and every type that is not a root.
    Client,
    /// Sent by the service: operation outputs and error shapes. An enum value the model does not
    /// list is kept (as `Unknown`) with a warning, since the service may know newer values.
    Service,
}

/// Facts about an API error shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorInfo {
    /// HTTP status code the service answers with.
    pub http_status: u16,
    /// `client` or `server`, when the model says.
    pub fault: Option<String>,
}

/// A struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The key on the wire, exactly as the schema spells it.
    pub wire_name: String,
    /// The Rust field name.
    pub rust_name: String,
    /// Markdown documentation from the schema.
    pub doc: String,
    /// Whether the schema requires the member.
    pub required: bool,
    /// The value's type and constraints.
    pub shape: Shape,
    /// Why the value is a secret, if it is.
    pub sensitive: Option<Sensitivity>,
    /// Why the value, redacted as a secret, names a secret kept elsewhere rather than holding
    /// one (`schemas/secrets.toml` `[[reference]]`, or the counterpart's): showing it exposes
    /// nothing.
    pub reference: Option<String>,
    /// Whether the value is held in a `Box`: the members of a connector container
    /// (`mapping.toml` `connector_containers`), one per connector with at most one set. Held
    /// inline, a container would be as large as every connector's struct together, and the
    /// document root that holds it would be copied kilobytes at a time while it is read.
    pub boxed: bool,
    /// The matching member in the other schema, if any.
    pub counterpart: Option<MemberRef>,
    /// Where the field is defined.
    pub origin: Origin,
}

/// Why a member is treated as a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sensitivity {
    /// The API model marks the member's shape `sensitive`.
    MarkedInModel,
    /// `schemas/secrets.toml` lists the member, with this reason.
    Listed(String),
    /// The counterpart member in the other schema is a secret.
    Counterpart,
}

/// A member of a struct in one of the modules.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct MemberRef {
    /// Which module.
    pub module: ModuleKind,
    /// The struct's name.
    pub type_name: String,
    /// The member's wire name.
    pub wire_name: String,
}

/// Whether member `a` of struct `a_struct` (in module `a_kind`) and member `b` of struct `b_struct`
/// (in the other module) are linked, either way round.
pub fn linked(a_kind: ModuleKind, a_struct: &str, a: &Field, b_struct: &str, b: &Field) -> bool {
    let b_ref = MemberRef {
        module: a_kind.other(),
        type_name: b_struct.to_owned(),
        wire_name: b.wire_name.clone(),
    };
    let a_ref = MemberRef {
        module: a_kind,
        type_name: a_struct.to_owned(),
        wire_name: a.wire_name.clone(),
    };
    a.counterpart.as_ref() == Some(&b_ref) || b.counterpart.as_ref() == Some(&a_ref)
}

/// A value's type plus the constraints on it.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// The type.
    pub ty: TypeRef,
    /// Constraints on the value.
    pub constraints: Constraints,
}

/// A reference to a type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    /// A string.
    String,
    /// A boolean.
    Boolean,
    /// An integer of the given Rust kind.
    Integer(IntKind),
    /// A point in time.
    Timestamp,
    /// A generated type in the same module.
    Named(String),
    /// An ordered list.
    List(Box<Shape>),
    /// A map with string keys (ordered).
    Map {
        /// Keys.
        key: Box<Shape>,
        /// Values.
        value: Box<Shape>,
    },
}

/// The narrowest Rust integer that holds a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum IntKind {
    U8,
    U16,
    U32,
    U64,
    I8,
    I16,
    I32,
    I64,
}

impl IntKind {
    /// The narrowest kind holding `min..=max`, or `default` when a bound is missing.
    pub fn fitting(min: Option<i64>, max: Option<i64>, default: IntKind) -> IntKind {
        let (Some(min), Some(max)) = (min, max) else {
            return default;
        };
        let candidates: [(IntKind, i128, i128); 8] = [
            (IntKind::U8, 0, u8::MAX as i128),
            (IntKind::I8, i8::MIN as i128, i8::MAX as i128),
            (IntKind::U16, 0, u16::MAX as i128),
            (IntKind::I16, i16::MIN as i128, i16::MAX as i128),
            (IntKind::U32, 0, u32::MAX as i128),
            (IntKind::I32, i32::MIN as i128, i32::MAX as i128),
            (IntKind::U64, 0, u64::MAX as i128),
            (IntKind::I64, i64::MIN as i128, i64::MAX as i128),
        ];
        candidates
            .into_iter()
            .find(|(_, lo, hi)| *lo <= min as i128 && max as i128 <= *hi)
            .map(|(kind, _, _)| kind)
            .unwrap_or(IntKind::I64)
    }

    /// The Rust type name.
    pub fn rust_name(self) -> &'static str {
        match self {
            IntKind::U8 => "u8",
            IntKind::U16 => "u16",
            IntKind::U32 => "u32",
            IntKind::U64 => "u64",
            IntKind::I8 => "i8",
            IntKind::I16 => "i16",
            IntKind::I32 => "i32",
            IntKind::I64 => "i64",
        }
    }
}

/// Constraints a schema puts on a value. All optional; `None` means unconstrained.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Constraints {
    /// Minimum length (code points for strings, items for lists, entries for maps).
    pub min_length: Option<u64>,
    /// Maximum length, likewise.
    pub max_length: Option<u64>,
    /// A regular expression the value must contain a match of (not anchored; ECMA-262 classes).
    pub pattern: Option<String>,
    /// Minimum integer value.
    pub minimum: Option<i64>,
    /// Maximum integer value.
    pub maximum: Option<i64>,
    /// List items must be distinct.
    pub unique_items: bool,
    /// A JSON Schema `format` (CloudFormation uses them to name the referenced resource): a key of
    /// [`Ir::formats`], checked, unless that is empty. An API member carries its CloudFormation
    /// counterpart's (`lower::link`).
    pub format: Option<String>,
}

impl Condition {
    /// The enum members the condition reads: where one holds a value the schema does not list, the
    /// condition's outcome says nothing about the document.
    pub fn enum_members(&self) -> Vec<&[Step]> {
        let mut out = Vec::new();
        if self.leaf == Leaf::Enum {
            out.push(self.path.as_slice());
        }
        if let Predicate::HasMemberNamedBy {
            value,
            value_leaf: Leaf::Enum,
            ..
        } = &self.predicate
        {
            out.push(value.as_slice());
        }
        out
    }
}

impl Constraints {
    /// Whether nothing is constrained.
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

/// A string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    /// Rust name.
    pub name: String,
    /// Markdown documentation.
    pub doc: String,
    /// Values in schema order.
    pub values: Vec<EnumValue>,
    /// Where the type is defined.
    pub origin: Origin,
}

/// One enum value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumValue {
    /// The value on the wire.
    pub wire: String,
    /// The Rust variant name.
    pub variant: String,
}

/// A named map type.
#[derive(Debug, Clone, PartialEq)]
pub struct MapDef {
    /// Rust name.
    pub name: String,
    /// Markdown documentation.
    pub doc: String,
    /// Keys (always strings, possibly constrained).
    pub key: Shape,
    /// Values.
    pub value: Shape,
    /// Constraints on the number of entries.
    pub constraints: Constraints,
    /// Where the type is defined.
    pub origin: Origin,
}

/// The CloudFormation resource's metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceMeta {
    /// `AWS::AppFlow::ConnectorProfile`.
    pub type_name: String,
    /// The schema's description.
    pub description: String,
    /// JSON Pointers of the primary identifier.
    pub primary_identifier: Vec<String>,
    /// Properties whose change replaces the resource.
    pub create_only: Vec<String>,
    /// Properties the resource returns and never accepts.
    pub read_only: Vec<String>,
    /// Properties the resource accepts and never returns.
    pub write_only: Vec<String>,
    /// IAM permissions per handler (`create`, `read`, …), in schema order.
    pub handlers: Vec<(String, Vec<String>)>,
}

/// A per-connector rule from `schemas/rules.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// Stable id, the finding code.
    pub id: String,
    /// Its variant of the generated `rules::RuleId`.
    pub variant: String,
    /// Whether a violation is an error.
    pub error: bool,
    /// The message.
    pub message: String,
    /// Where it is documented (title).
    pub source_title: String,
    /// Where it is documented (address).
    pub source_url: String,
    /// Where it is checked.
    pub instances: Vec<RuleInstance>,
    /// The variants of the earlier rules whose finding, on the same anchor, stands for this one's.
    pub superseded_by: Vec<String>,
}

/// A rule resolved against one anchor type.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleInstance {
    /// The module.
    pub module: ModuleKind,
    /// The struct the rule is checked on.
    pub anchor: String,
    /// All must hold for the rule to apply.
    pub when: Vec<Condition>,
    /// Each must hold.
    pub then: Vec<Condition>,
    /// The message with the members spelled as this module spells them (`ConnectorType` in
    /// CloudFormation, `connectorType` in the API).
    pub message: String,
    /// Where `message` names members, in its order.
    pub mentions: Vec<RuleMention>,
}

/// A member a rule's message names: the name's bytes in the message and the member's wire
/// names from the rule's anchor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleMention {
    /// Bytes of the message.
    pub range: std::ops::Range<usize>,
    /// Wire names from the anchor, the last the member's.
    pub steps: Vec<String>,
}

/// A predicate on the member at `path`.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// Steps from the anchor (empty: the anchor).
    pub path: Vec<Step>,
    /// What the member's value is.
    pub leaf: Leaf,
    /// The predicate.
    pub predicate: Predicate,
}

/// One member step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Wire name (for pointers).
    pub wire_name: String,
    /// Rust field name.
    pub rust_name: String,
    /// Whether the field is non-optional.
    pub required: bool,
}

/// What a condition's member holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leaf {
    /// An enum (compared by `as_str`).
    Enum,
    /// A plain string.
    String,
    /// A secret string.
    SecretString,
    /// A boolean.
    Boolean,
    /// A struct.
    Struct,
    /// Anything else.
    Other,
}

/// A rule predicate.
#[derive(Debug, Clone, PartialEq)]
pub enum Predicate {
    /// Set (or not).
    Present(bool),
    /// Equal to a string value.
    EqualsString(String),
    /// Equal (or not) to a boolean.
    EqualsBool {
        /// The value.
        value: bool,
        /// Negated.
        negated: bool,
    },
    /// One of the values (or, negated, none of them).
    OneOf {
        /// The values.
        values: Vec<String>,
        /// Negated.
        negated: bool,
    },
    /// A non-empty string.
    NotEmpty,
    /// How many of these optional members of a struct are set.
    CountSet {
        /// The members.
        members: Vec<Step>,
        /// At least this many.
        min: usize,
        /// At most this many.
        max: Option<usize>,
    },
    /// The enum value names every member set in the container, ignoring case.
    NamesMemberOf {
        /// The container.
        container: Vec<Step>,
        /// Its optional members.
        members: Vec<Step>,
    },
    /// The members set in this container have the same names as those set in another (when both
    /// have some).
    SameMembersAs {
        /// This container's optional members.
        members: Vec<Step>,
        /// The other container.
        other: Vec<Step>,
        /// Its optional members.
        other_members: Vec<Step>,
    },
    /// The container has the member the enum value names, ignoring case.
    HasMemberNamedBy {
        /// The enum member.
        value: Vec<Step>,
        /// What the enum member holds.
        value_leaf: Leaf,
        /// The container's optional members.
        members: Vec<Step>,
    },
}

/// What the resource's lifecycle (plan, import, IAM policy) is made of, decided in lowering from
/// the resource metadata, the member links, `mapping.toml` and `iam.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct Lifecycle {
    /// The resource's properties, in schema order.
    pub properties: Vec<PropertyFact>,
    /// The API request an update sends (`mapping.toml` `profile.update_request`).
    pub update_request: String,
    /// Where secrets are in the resource's properties: node 0 is the root; a member's node is its
    /// struct's (through lists).
    pub redaction: Vec<RedactNode>,
    /// The API shape a read returns per resource (`mapping.toml` `lifecycle.describe_item`).
    pub describe_item: String,
    /// Where each member of `describe_item` goes on import.
    pub import: Vec<ImportMember>,
    /// Properties a read never returns, so an imported resource lacks them.
    pub not_returned: Vec<NotReturned>,
    /// CloudFormation and API enums that mean the same thing, with their values paired.
    pub enum_links: Vec<EnumLink>,
    /// The ARN and the IAM actions' scopes (`iam.toml`); absent when that file is not read (drift).
    pub iam: Option<IamFacts>,
    /// The largest length of the primary identifier, from its constraints.
    pub identifier_max_length: Option<u64>,
}

/// One property of the resource and the schema facts about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropertyFact {
    /// The property's name.
    pub wire_name: String,
    /// The Rust variant of `cfn::resource::Property`.
    pub variant: String,
    /// In `createOnlyProperties`: a change replaces the resource.
    pub create_only: bool,
    /// In `readOnlyProperties`: never sent.
    pub read_only: bool,
    /// In `writeOnlyProperties`: never returned by a read.
    pub write_only: bool,
    /// In `primaryIdentifier`.
    pub primary_identifier: bool,
    /// Its member in the create request, linked.
    pub api_member: Option<String>,
    /// What an update does with it.
    pub update: UpdateFact,
}

/// What an update request does with a property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateFact {
    /// The update request has the member (and may require it).
    Sent {
        /// The update request requires it.
        required: bool,
    },
    /// The create request has it, the update request does not: a change never takes effect.
    NotInUpdate,
    /// No request has it (read-only).
    NeverSent,
}

/// Where secrets are in one struct of the resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedactNode {
    /// A credentials object: members it does not declare are redacted too.
    pub credentials: bool,
    /// The members.
    pub members: Vec<RedactMember>,
}

/// A member in a [`RedactNode`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedactMember {
    /// The member's name.
    pub name: String,
    /// It holds a secret.
    pub secret: bool,
    /// It is redacted as a secret but names one kept elsewhere ([`Field::reference`]).
    pub reference: bool,
    /// The schema requires it.
    pub required: bool,
    /// The node of the member's struct.
    pub child: Option<usize>,
}

/// Where a member of the read's result goes on import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportMember {
    /// The member of `describe_item`.
    pub member: String,
    /// Where it goes.
    pub target: ImportTarget,
}

/// The destination of an imported member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportTarget {
    /// A member path in the create request (then converted like any request).
    Request(Vec<String>),
    /// A (read-only) property of the resource, linked.
    Property(String),
    /// Service state no property carries (timestamps, provisioning state).
    Dropped,
}

/// A property (or member of one) a read never returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotReturned {
    /// JSON Pointer in the resource's properties (`/KMSArn`).
    pub pointer: String,
    /// The API member path (`kmsArn`).
    pub api_member: String,
    /// Whether every member under it holds a secret (credentials).
    pub secret: bool,
}

/// A CloudFormation enum and the API enum linked to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumLink {
    /// The CloudFormation enum.
    pub cfn: String,
    /// The API enum.
    pub api: String,
    /// (CloudFormation variant, API variant) of the values equal ignoring case.
    pub values: Vec<(String, String)>,
}

/// The resource's ARN and the IAM actions' scopes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IamFacts {
    /// The ARN's service namespace.
    pub service: String,
    /// The ARN's resource type.
    pub resource_type: String,
    /// The partitions.
    pub partitions: Vec<String>,
    /// Every action of the handlers, in `iam.toml` order.
    pub actions: Vec<IamAction>,
    /// The words of a statement id per placeholder of the ARN (`${Name}`): (placeholder, when
    /// given, when a wildcard).
    pub sid_scope: Vec<(String, String, String)>,
}

/// An IAM action and its scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IamAction {
    /// `service:Action`.
    pub action: String,
    /// ARN template or `*`.
    pub resource: String,
    /// Statement id, with the placeholders of `IamFacts::sid_scope` its resource holds.
    pub sid: String,
}

/// A Terraform provider's resource for a connector profile (`schemas/terraform.toml`), its names
/// resolved against one of the modules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TerraformResource {
    /// The file's table for it (`aws`).
    pub table: String,
    /// The resource type (`aws_appflow_connector_profile`).
    pub type_name: String,
    /// The provider (`hashicorp/aws`).
    pub provider: String,
    /// The provider version its schema was taken from.
    pub provider_version: String,
    /// Whose member names the attributes map to.
    pub module: ModuleKind,
    /// The struct the resource body maps to.
    pub root: String,
    /// The body's arguments and blocks, sorted by name.
    pub attributes: Vec<TerraformAttribute>,
    /// Body arguments with no member, sorted.
    pub terraform_only: Vec<String>,
    /// The member of a read whose value `terraform import` takes as the id, if the file says.
    pub import_id: Option<String>,
    /// The members (paths of wire names, `/`-separated) under the structs the resource reaches
    /// that no attribute expresses, sorted.
    pub inexpressible: Vec<String>,
}

/// One Terraform argument or nested block and the member it maps to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TerraformAttribute {
    /// The Terraform name.
    pub name: String,
    /// The member's wire name.
    pub member: String,
    /// Block or typed attribute.
    pub form: TerraformForm,
    /// Whether the provider requires it.
    pub required: bool,
    /// Whether the member's own schema requires it (the checks report its absence; a provider
    /// requirement beyond it is the dialect's to report).
    pub member_required: bool,
    /// Whether the member holds a secret (a secret reference does not).
    pub secret: bool,
    /// What a block or object holds, sorted by name.
    pub children: Vec<TerraformAttribute>,
}

/// How an attribute is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TerraformForm {
    /// A nested block, at most one.
    Block,
    /// An argument of a Terraform type.
    Attribute(TerraformType),
}

/// A Terraform type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TerraformType {
    /// `string`.
    String,
    /// `number`.
    Number,
    /// `bool`.
    Bool,
    /// `list(…)`.
    List(TerraformScalar),
    /// `map(…)`.
    Map(TerraformScalar),
    /// A nested object attribute.
    Object,
}

/// The element type of a Terraform list or map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TerraformScalar {
    /// `string`.
    String,
    /// `number`.
    Number,
    /// `bool`.
    Bool,
}
