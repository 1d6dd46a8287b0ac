//! Validation: every finding, not the first, each with a JSON Pointer into the wire document,
//! a stable code and a message. Messages never contain a secret's value.
//!
//! Semantics follow the schemas: lengths count Unicode code points; patterns are ECMA-262's (see
//! [Patterns](#patterns)). Integers are whole JSON numbers in any notation (`443`, `443.0`,
//! `4.43e2`, `-0`).
//!
//! # Patterns
//!
//! A value satisfies a pattern when a match occurs somewhere in it: patterns are not anchored
//! (unless they say `^`/`$`), as ECMA-262 `RegExp.prototype.test` and Smithy's `@pattern` do.
//! Their classes are ECMA-262's:
//!
//! - `\w` is `[0-9A-Za-z_]` and `\d` is `[0-9]` (ASCII only);
//! - `\s` is white space and line terminators: TAB, VT, FF, space, U+00A0 (no-break space),
//!   U+FEFF, every other space separator (U+1680, U+2000 to U+200A, U+202F, U+205F, U+3000), LF,
//!   CR, U+2028 and U+2029; a value of one no-break space does not match `\S+`;
//! - `\W`, `\D`, `\S` are their complements, and `.` is any character but LF, CR, U+2028 and
//!   U+2029.
//!
//! Characters are Unicode code points, as with ECMA-262's `u` flag and as lengths count them: a
//! character outside the Basic Multilingual Plane (an emoji) is one character, not two UTF-16
//! units. The generator compiles each pattern to a table ([`Pattern`](crate::pattern::Pattern)),
//! so checking one costs a single pass over the value.
//!
//! # Hostile input
//!
//! Every byte of a document is treated as hostile and every unknown key as a possibly misplaced
//! secret:
//!
//! - Text of the document that a finding repeats (an unknown key, an enum value, a map key) is
//!   shown through [`echo`]: at most [`ECHO_CHARS`] characters, control and invisible characters
//!   escaped. In credentials objects (objects whose members all hold secrets, and every object
//!   inside one) it is shown through [`mask`] instead, unless it is within the "did you mean"
//!   distance of a name the schema knows ([`show`]). Keys of secret maps are never shown.
//! - Such a key is also the last token of the finding's pointer in the same shown form, never raw:
//!   the pointer then names the key as findings display it (see [`Finding::pointer`]).
//! - [`Finding`]'s `Display` escapes control characters in the pointer and the message.
//! - [`FromJson`] refuses documents nested [`MAX_DEPTH`] deep and text over [`MAX_INPUT_BYTES`]
//!   with a [`Code::Limit`] finding, and takes an over-deep value apart without recursion.
//! - Suggestions compare only names of similar length, and `uniqueItems` sorts, so the cost of a
//!   document stays near-linear in its size.
//!
//! # Who sends a document
//!
//! Documents the service sends (API operation outputs and error shapes, [`Sender::Service`]) may
//! hold enum values added to the service after this crate was generated: there an unlisted value is
//! kept as `Unknown` with a warning, and a per-connector rule that fails only around such a value is
//! a warning too. Everything users write is judged strictly.

use std::borrow::Cow;
use std::fmt;
use std::fmt::Write as _;
use std::str::FromStr;

use serde_json::Value;

use crate::rules::RuleId;

pub use crate::read::{JsonTree, Shape};

/// Arrays and objects nested this deep are refused, before anything else reads the document: the
/// document itself is level 1, so at most `MAX_DEPTH - 1` levels are read. serde_json's parser
/// refuses the same documents, so [`FromJson::from_value`] and [`FromJson::from_json_str`] agree.
pub const MAX_DEPTH: usize = 128;

/// The longest text [`FromJson::from_json_str`] reads, in bytes (4 MiB).
pub const MAX_INPUT_BYTES: usize = 4 * 1024 * 1024;

/// The most characters [`echo`] writes before cutting the text short.
pub const ECHO_CHARS: usize = 64;

/// The most characters of the text [`mask`] keeps.
pub const MASK_CHARS: usize = 4;


/// Whether `c` is escaped by [`echo`] and [`mask`]: C0 and C1 controls, DEL, and the invisible
/// or direction-changing format characters (U+061C, U+200B–U+200F, U+2028–U+202E, U+2060–U+2069,
/// U+FEFF).
pub fn is_escaped(c: char) -> bool {
    matches!(
        c,
        '\u{0}'..='\u{1f}'
            | '\u{7f}'..='\u{9f}'
            | '\u{61c}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{2069}'
            | '\u{feff}'
    )
}

/// Writes `c`, escaped as `\u{XXXX}` (four upper-case hex digits) when [`is_escaped`].
fn push_char(out: &mut String, c: char) {
    if is_escaped(c) {
        let _ = write!(out, "\\u{{{:04X}}}", u32::from(c));
    } else {
        out.push(c);
    }
}

/// How many characters `c` takes once written by [`push_char`].
fn width(c: char) -> usize {
    if is_escaped(c) {
        8
    } else {
        1
    }
}

/// Text of the document as findings show it: control and invisible characters escaped as
/// `\u{XXXX}`, and cut after [`ECHO_CHARS`] characters of output (an escape counts as its eight),
/// followed by `…(N chars)` with N the text's length in code points when anything was cut.
/// Deterministic, so a caller can find the key a pointer token names by echoing each key.
///
/// ```
/// use appflow_connector_profile::validation::echo;
///
/// assert_eq!(echo("Accesstoken"), "Accesstoken");
/// assert_eq!(echo("\x1b[2J"), "\\u{001B}[2J");
/// assert_eq!(echo(&"k".repeat(100)), format!("{}…(100 chars)", "k".repeat(64)));
/// ```
pub fn echo(text: &str) -> String {
    let mut out = String::new();
    echo_into(&mut out, text);
    out
}

/// [`echo`], appended to `out` (a message being written).
pub fn echo_into(out: &mut String, text: &str) {
    // The common case: short printable ASCII, which is shown as it is.
    if text.len() <= ECHO_CHARS && text.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        out.push_str(text);
        return;
    }
    let mut written = 0;
    for c in text.chars() {
        if written + width(c) > ECHO_CHARS {
            let _ = write!(out, "…({} chars)", text.chars().count());
            return;
        }
        push_char(out, c);
        written += width(c);
    }
}

/// Text that may be a secret, as findings show it: its first few characters (none for fewer than
/// four, then one per four characters, at most [`MASK_CHARS`]), escaped as by [`echo`], then
/// `…(N chars)` with N its length in code points. Deterministic, like [`echo`].
///
/// ```
/// use appflow_connector_profile::validation::mask;
///
/// assert_eq!(mask("AccessToken:TOKEN_CANARY"), "Acce…(24 chars)");
/// assert_eq!(mask("abcdefgh"), "ab…(8 chars)");
/// assert_eq!(mask("abc"), "…(3 chars)");
/// ```
pub fn mask(text: &str) -> String {
    let n = text.chars().count();
    let mut out = String::new();
    for c in text.chars().take((n / 4).min(MASK_CHARS)) {
        push_char(&mut out, c);
    }
    let _ = write!(out, "…({n} chars)");
    out
}

/// Where text that a finding shows comes from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Secrecy {
    /// An ordinary object: text is shown through [`echo`].
    #[default]
    Plain,
    /// A credentials object (its members all hold secrets, or it is inside such an object): text
    /// is shown through [`mask`], unless it is within the "did you mean" distance of a known name
    /// (equal ignoring ASCII case, or at most two edits away), which cannot hide a secret.
    Credentials,
}

/// An unknown key or enum value as findings show it (message and pointer): [`echo`] or [`mask`]
/// by `secrecy`, with the names the schema knows there. Map keys are shown with no known names.
pub fn show(text: &str, known: &[&str], secrecy: Secrecy) -> String {
    match secrecy {
        Secrecy::Credentials if closest(text, known).is_none() => mask(text),
        _ => echo(text),
    }
}

/// `text` with every [`is_escaped`] character escaped, nothing cut.
fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    text.chars().for_each(|c| push_char(&mut out, c));
    Cow::Owned(out)
}

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The service or CloudFormation would reject the document.
    Error,
    /// Accepted, but almost certainly not what was meant.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// What kind of problem a finding is: one variant per built-in check, and [`Code::Rule`] for the
/// per-connector rules of `schemas/rules.toml`. [`Code::as_str`] is the stable text findings show
/// (`required`, `unknown-key`, a rule's id), which `Display` and serde write and
/// [`Code::parse`]/`FromStr`/serde read back. Codes are ordered by declaration, the rules in
/// `schemas/rules.toml` order.
///
/// New codes may be added in minor versions, so a `match` needs a wildcard arm:
///
/// ```
/// use appflow_connector_profile::validation::Code;
///
/// fn action(code: Code) -> &'static str {
///     match code {
///         Code::Required | Code::UnknownKey => "fix the document's members",
///         Code::Rule(rule) => rule.rule().message,
///         _ => "fix the value",
///     }
/// }
///
/// assert_eq!("unknown-key".parse::<Code>(), Ok(Code::UnknownKey));
/// assert_eq!(Code::PatternPartial.to_string(), "pattern-partial");
/// assert_eq!(action(Code::Required), "fix the document's members");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Code {
    /// `required`: a required member is missing.
    Required,
    /// `length`: a string (in code points), list or map is too short or too long.
    Length,
    /// `pattern`: no part of a string matches the schema's pattern.
    Pattern,
    /// `pattern-partial`: a string matches the schema's pattern only in part (a warning: the
    /// service matches whole values).
    PatternPartial,
    /// `format`: a string that is not what the schema's `format` names (an S3 bucket name, an
    /// IAM role ARN, …; `schemas/formats.toml`).
    Format,
    /// `enum`: a value the schema does not list.
    Enum,
    /// `range`: a number out of the schema's range, not whole where it must be, or beyond `f64`.
    Range,
    /// `unique`: an item given twice in a list of unique items.
    Unique,
    /// `unknown-key`: a key the object does not declare.
    UnknownKey,
    /// `key-pattern`: a map key that does not match the schema's key pattern.
    KeyPattern,
    /// `type`: a value of the wrong JSON type.
    Type,
    /// `json`: text that is not JSON.
    Json,
    /// `limit`: a document nested [`MAX_DEPTH`] deep or longer than [`MAX_INPUT_BYTES`].
    Limit,
    /// `connector`: a typed [`Profile`](crate::profile::Profile) of a connector type that takes
    /// no credentials or properties.
    Connector,
    /// `not-carried`: a member with no counterpart in the other schema, left out by a conversion
    /// between CloudFormation and the API.
    NotCarried,
    /// A per-connector rule of `schemas/rules.toml` (its id).
    Rule(RuleId),
}

impl Code {
    /// Every code but the rules, in declaration order; [`Code::all`] adds the rules.
    pub const BUILT_IN: &'static [Code] = &[
        Code::Required,
        Code::Length,
        Code::Pattern,
        Code::PatternPartial,
        Code::Format,
        Code::Enum,
        Code::Range,
        Code::Unique,
        Code::UnknownKey,
        Code::KeyPattern,
        Code::Type,
        Code::Json,
        Code::Limit,
        Code::Connector,
        Code::NotCarried,
    ];

    /// Every code, in order: [`Code::BUILT_IN`], then each rule of [`RuleId::ALL`].
    pub fn all() -> impl Iterator<Item = Code> {
        Code::BUILT_IN
            .iter()
            .copied()
            .chain(RuleId::ALL.iter().copied().map(Code::Rule))
    }

    /// The code as findings show it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Code::Required => "required",
            Code::Length => "length",
            Code::Pattern => "pattern",
            Code::PatternPartial => "pattern-partial",
            Code::Format => "format",
            Code::Enum => "enum",
            Code::Range => "range",
            Code::Unique => "unique",
            Code::UnknownKey => "unknown-key",
            Code::KeyPattern => "key-pattern",
            Code::Type => "type",
            Code::Json => "json",
            Code::Limit => "limit",
            Code::Connector => "connector",
            Code::NotCarried => "not-carried",
            Code::Rule(rule) => rule.as_str(),
        }
    }

    /// The code whose [`Code::as_str`] is `text` (exactly: codes are lower case), if any.
    pub fn parse(text: &str) -> Option<Code> {
        Code::all().find(|code| code.as_str() == text)
    }

    /// The per-connector rule, for a [`Code::Rule`].
    pub const fn rule(self) -> Option<RuleId> {
        match self {
            Code::Rule(rule) => Some(rule),
            _ => None,
        }
    }
}

impl From<RuleId> for Code {
    fn from(rule: RuleId) -> Self {
        Code::Rule(rule)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Text that is no code ([`Code`]'s or a plan warning's `FromStr`). Says nothing of the text: it
/// may be hostile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct UnknownCode;

impl fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a known code")
    }
}

impl std::error::Error for UnknownCode {}

impl FromStr for Code {
    type Err = UnknownCode;

    fn from_str(text: &str) -> Result<Self, UnknownCode> {
        Code::parse(text).ok_or(UnknownCode)
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Code::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format_args!("`{}` is not a finding code", echo(&text)))
        })
    }
}

/// One thing wrong with a document.
///
/// `#[non_exhaustive]`: build one with [`Finding::new`]; fields may be added in minor versions.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Finding {
    /// JSON Pointer into the wire document (`""` is the document itself). Its tokens are the
    /// document's keys and indices, except a key the schema does not name (an unknown key, a map
    /// key), which appears as findings show it: [`show`]`(key, ..)`, that is [`echo`]`(key)` or
    /// [`mask`]`(key)`, then RFC 6901-escaped like any token. Keys of secret maps never appear:
    /// their findings point at the map.
    pub pointer: String,
    /// What kind of problem it is; [`Code::as_str`] is its stable text.
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, for a person.
    pub message: String,
    /// The known name meant, when the finding is about a name close to one (an unknown key, an
    /// enum value the schema does not list): what the message's "did you mean" names, as data,
    /// so that a tool can act on it without reading the message. For an `unknown-key` finding it
    /// is a member of the object holding the key (the key's sibling); for an `enum` finding, a
    /// value.
    pub suggestion: Option<String>,
    /// The members of the document the message names, in the order it names them (see
    /// [`Mention`]); empty when it names none.
    pub mentions: Vec<Mention>,
}

impl Finding {
    /// A finding with no suggestion and no mention.
    pub fn new(pointer: String, code: Code, severity: Severity, message: String) -> Self {
        Finding {
            pointer,
            code,
            severity,
            message,
            suggestion: None,
            mentions: Vec::new(),
        }
    }
}

/// A member of the document that a finding's message names, as data: where the name is in
/// [`Finding::message`] and which member it is. A tool that shows findings in other names (the
/// `appflow-profile` command writes a Terraform provider's attribute names) replaces each
/// mention's range, and never searches the message for names.
///
/// Mentioned: the missing member of a `required` finding; the member an `unknown-key` finding's
/// "did you mean" names; every member a per-connector rule's message and details name (each
/// step of a dotted path `a.b.c` is one mention) and the members it says a container has set;
/// the member a conversion does not carry. Not mentioned: values (an enum value, the values
/// the schema lists, an enum suggestion), the document's own text (an unknown key as it was
/// written), and the other schema's member a limit is cited from ("as the AppFlow API requires
/// of `X.y`").
///
/// ```
/// use appflow_connector_profile::api::CreateConnectorProfileRequest;
/// use appflow_connector_profile::validation::FromJson;
///
/// let errors = CreateConnectorProfileRequest::from_json_str(r#"{"connectorType": "Salesforce"}"#)
///     .unwrap_err();
/// let finding = &errors.findings()[0];
/// assert_eq!(finding.message, "missing required member `connectorProfileName`");
/// let mention = &finding.mentions[0];
/// assert_eq!(&finding.message[mention.range.clone()], "connectorProfileName");
/// assert_eq!(mention.pointer, "/connectorProfileName");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Mention {
    /// Where the member's name is in [`Finding::message`], in bytes: the name as the document's
    /// schema spells it, without the backticks that may surround it.
    pub range: std::ops::Range<usize>,
    /// The member's JSON Pointer in the document, written as [`Finding::pointer`] is. The member
    /// need not be present (a missing required member, a member a rule asks for).
    pub pointer: String,
}

impl Mention {
    /// The member at `pointer`, named at `range` of a finding's message.
    pub fn new(range: std::ops::Range<usize>, pointer: String) -> Self {
        Mention { range, pointer }
    }

    /// The member `name` of the object at `object` (a JSON Pointer), named at `start` of a
    /// finding's message. `name` is a member the schema declares: nothing to escape.
    pub(crate) fn member(start: usize, object: &str, name: &str) -> Self {
        let mut pointer = String::with_capacity(object.len() + 1 + name.len());
        pointer.push_str(object);
        pointer.push('/');
        pointer.push_str(name);
        Mention {
            range: start..start + name.len(),
            pointer,
        }
    }
}

impl fmt::Display for Finding {
    /// `severity code pointer: message`, control and invisible characters escaped.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() {
            Cow::Borrowed("(document)")
        } else {
            escape(&self.pointer)
        };
        write!(
            f,
            "{} {} {}: {}",
            self.severity,
            self.code,
            pointer,
            escape(&self.message)
        )
    }
}

/// All findings of a document that has at least one error (warnings included).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationErrors {
    findings: Vec<Finding>,
}

impl ValidationErrors {
    /// Findings of which at least one is an error.
    pub(crate) fn from_findings(findings: Vec<Finding>) -> Self {
        ValidationErrors { findings }
    }

    /// Every finding, in document order.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// Every finding, owned.
    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }

    /// The error findings.
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
    }

    /// The warning findings.
    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors = self.errors().count();
        write!(
            f,
            "{errors} error(s), {} warning(s)",
            self.findings.len() - errors
        )?;
        for finding in &self.findings {
            write!(f, "\n{finding}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

/// A value that passed validation, with the warnings it still has.
#[derive(Clone, Debug, PartialEq)]
pub struct Validated<T> {
    /// The value.
    pub value: T,
    /// Findings of severity warning.
    pub warnings: Vec<Finding>,
}

/// Who sends a document, which decides how strictly its enum values are judged.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Sender {
    /// Written by users (requests, CloudFormation properties): an enum value the schema does not
    /// list is an error.
    #[default]
    Client,
    /// Sent by the service (API operation outputs and error shapes): an enum value the model does
    /// not list is kept as `Unknown` with a warning, and a per-connector rule that fails only
    /// around such a value is a warning, since the service may know values added after this crate
    /// was generated.
    Service,
}

/// A JSON Pointer under construction, pushed and popped while walking a document, and who sent the
/// document.
#[derive(Clone, Debug, Default)]
pub struct JsonPath {
    buf: String,
    marks: Vec<usize>,
    sender: Sender,
    /// The secrecy of the object being walked, which decides how its unknown keys, enum values
    /// and map keys are shown.
    secrecy: Secrecy,
}

impl JsonPath {
    /// The pointer of a document users write.
    pub fn root() -> Self {
        JsonPath::default()
    }

    /// The pointer of a document `sender` sends.
    pub fn root_for(sender: Sender) -> Self {
        JsonPath {
            sender,
            ..JsonPath::default()
        }
    }

    /// Who sent the document.
    pub fn sender(&self) -> Sender {
        self.sender
    }

    /// The secrecy of the object being walked.
    pub fn secrecy(&self) -> Secrecy {
        self.secrecy
    }

    /// Enters an object of `secrecy`; returns the outer one, for [`JsonPath::leave`].
    pub(crate) fn enter(&mut self, secrecy: Secrecy) -> Secrecy {
        std::mem::replace(&mut self.secrecy, secrecy)
    }

    /// Leaves an object, back to the `outer` secrecy.
    pub(crate) fn leave(&mut self, outer: Secrecy) {
        self.secrecy = outer;
    }

    /// Descends into a member, escaping `~` and `/` (RFC 6901). `key` is a name the schema
    /// declares; other keys go through [`JsonPath::push_shown_key`].
    pub fn push_key(&mut self, key: &str) {
        self.marks.push(self.buf.len());
        self.buf.push('/');
        if !key.bytes().any(|b| b == b'~' || b == b'/') {
            self.buf.push_str(key);
            return;
        }
        for c in key.chars() {
            match c {
                '~' => self.buf.push_str("~0"),
                '/' => self.buf.push_str("~1"),
                c => self.buf.push(c),
            }
        }
    }

    /// Descends into a member the schema does not name (a map key), as findings show it:
    /// [`show`]`(key, &[], secrecy)`.
    pub fn push_shown_key(&mut self, key: &str, secrecy: Secrecy) {
        self.push_key(&show(key, &[], secrecy));
    }

    /// Descends into an array item.
    pub fn push_index(&mut self, index: usize) {
        self.marks.push(self.buf.len());
        let _ = write!(self.buf, "/{index}");
    }

    /// Goes back up one level.
    pub fn pop(&mut self) {
        if let Some(mark) = self.marks.pop() {
            self.buf.truncate(mark);
        }
    }

    /// Back to the root of a document `sender` sends, keeping the buffers for reuse.
    pub(crate) fn reset(&mut self, sender: Sender) {
        self.buf.clear();
        self.marks.clear();
        self.sender = sender;
        self.secrecy = Secrecy::Plain;
    }

    /// The pointer so far.
    pub fn as_str(&self) -> &str {
        &self.buf
    }
}

/// Validation of a typed value against its schema (and, for CloudFormation members carried to
/// the API, the API's constraints too), plus the per-connector rules.
pub trait Validate {
    /// Who sends documents whose root is this type: [`Sender::Service`] for API operation outputs
    /// and error shapes, [`Sender::Client`] for everything else.
    const SENDER: Sender = Sender::Client;

    /// Appends the findings of `self`, located under `path`.
    fn validate_into(&self, path: &mut JsonPath, out: &mut Vec<Finding>);

    /// Every finding, errors and warnings.
    fn findings(&self) -> Vec<Finding> {
        let mut out = Vec::new();
        self.validate_into(&mut JsonPath::root_for(Self::SENDER), &mut out);
        out
    }

    /// `Err` with every finding when there is at least one error; warnings alone pass.
    fn validate(&self) -> Result<(), ValidationErrors> {
        let findings = self.findings();
        if has_errors(&findings) {
            Err(ValidationErrors { findings })
        } else {
            Ok(())
        }
    }
}

/// Reading untrusted JSON: every problem becomes a finding (unknown keys with a suggestion,
/// missing members, wrong JSON types, constraint and rule violations, limits); nothing panics and
/// nothing recurses deeper than the schema. One pass from the text to the typed value: each
/// member is checked as it is read, and the per-connector rules run on the typed value of a
/// document without structural error. Constraints only a typed value can be judged by (lengths of
/// lists and maps, uniqueness, integer limits) are reported for such documents too.
pub trait FromJson: Sized + serde::de::DeserializeOwned + Validate + crate::read::Read + crate::checks::Rules {
    /// Checks, deserializes and validates a JSON value. A value nested [`MAX_DEPTH`] deep is a
    /// [`Code::Limit`] finding, and is taken apart without recursion.
    fn from_value(value: Value) -> Result<Validated<Self>, ValidationErrors> {
        let validated = Self::from_value_ref(&value);
        dispose(value);
        validated
    }

    /// [`FromJson::from_value`] on a borrowed value: read in place, without writing its text.
    /// The findings are those of the value's text through [`FromJson::from_json_str`] (a value
    /// has no duplicate keys and no number beyond `f64`), no size limit aside: the value is
    /// already in memory.
    fn from_value_ref(value: &Value) -> Result<Validated<Self>, ValidationErrors> {
        Self::from_tree(value)
    }

    /// [`FromJson::from_value_ref`] on any parsed document ([`JsonTree`]): a caller's own tree
    /// (one lowered from another syntax, its strings borrowed from the source) is read in place
    /// with the findings of the `Value` of the same JSON, without building that `Value`.
    fn from_tree<T: JsonTree>(tree: &T) -> Result<Validated<Self>, ValidationErrors> {
        // The depth is checked as the tree is read (`read_tree`): a walk of the whole tree first
        // was a twentieth of reading one. Only a tree nested too deep is walked again, for the
        // finding, which is then the only one.
        let mut cx = crate::read::Cx::new(Self::SENDER, true);
        let mut read = None;
        if !crate::read::read_tree::<Self, T>(tree, &mut cx, &mut read) {
            if let Some(finding) = check_depth(tree) {
                return Err(ValidationErrors {
                    findings: vec![finding],
                });
            }
            debug_assert!(false, "the reader found a depth the walk did not");
        }
        cx.finish(&mut read)
    }

    /// Parses, checks, deserializes and validates JSON text, in one pass. Text over
    /// [`MAX_INPUT_BYTES`] is a [`Code::Limit`] finding; so is nesting [`MAX_DEPTH`] deep, and a number
    /// beyond `f64` is a `range` finding, both with their line and column
    /// ([`json_error_finding`]); invalid JSON anywhere is a `json` finding and the only one.
    fn from_json_str(text: &str) -> Result<Validated<Self>, ValidationErrors> {
        if text.len() > MAX_INPUT_BYTES {
            let message = format!(
                "the text is {} bytes long; at most {MAX_INPUT_BYTES} bytes are read",
                text.len()
            );
            return Err(ValidationErrors {
                findings: vec![Finding {
                    pointer: String::new(),
                    code: Code::Limit,
                    severity: Severity::Error,
                    message,
                    suggestion: None,
                    mentions: Vec::new(),
                }],
            });
        }
        read_text(text)
    }
}

/// [`FromJson::from_json_str`] without the size limit: the text read directly, or through
/// serde_json where the direct reader stops (invalid JSON, limits), so that serde_json's error,
/// with its line and column, is the finding.
fn read_text<T: FromJson>(text: &str) -> Result<Validated<T>, ValidationErrors> {
    let mut cx = crate::read::Cx::new(T::SENDER, true);
    let mut value = None;
    if crate::read::read_text::<T>(text, &mut cx, &mut value).is_ok() {
        return cx.finish(&mut value);
    }
    drop(cx);
    read_text_through_serde(text)
}

/// [`FromJson::from_json_str`] through serde_json's parser alone, with no size limit: what it
/// falls back on. Public for tests comparing the two readers.
#[doc(hidden)]
pub fn read_text_through_serde<T: FromJson>(text: &str) -> Result<Validated<T>, ValidationErrors> {
    let mut cx = crate::read::Cx::new(T::SENDER, true);
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let mut value = None;
    let read = crate::read::read_document::<T, _>(&mut deserializer, &mut cx, &mut value)
        .and_then(|()| deserializer.end());
    match read {
        Ok(()) => cx.finish(&mut value),
        Err(e) => Err(ValidationErrors {
            findings: vec![json_error_finding(&e, text)],
        }),
    }
}

fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}

/// The 1-based column, in code points, of serde_json's 1-based byte column `byte_column` on line
/// `line` of `text` (serde_json counts bytes, and reports column 0 before a line's first byte).
pub fn code_point_column(text: &str, line: usize, byte_column: usize) -> usize {
    let Some(line_text) = text.split('\n').nth(line.saturating_sub(1)) else {
        return byte_column.max(1);
    };
    let mut end = byte_column.saturating_sub(1).min(line_text.len());
    while !line_text.is_char_boundary(end) {
        end -= 1;
    }
    line_text[..end].chars().count() + 1
}

/// The finding for `text` that serde_json cannot read, at the document, with its line and column
/// (1-based, in code points): code [`Code::Limit`] for nesting [`MAX_DEPTH`] deep, `range` for a number
/// beyond `f64`, `json` otherwise. The message never quotes the text.
pub fn json_error_finding(error: &serde_json::Error, text: &str) -> Finding {
    let line = error.line().max(1);
    let column = code_point_column(text, error.line(), error.column());
    // serde_json's error codes are private; their messages are stable and start with the code.
    let text = error.to_string();
    let (code, message) = if text.starts_with("recursion limit exceeded") {
        (
            Code::Limit,
            format!(
                "arrays and objects nest {MAX_DEPTH} deep at line {line} column {column}; at most {} levels are read",
                MAX_DEPTH - 1
            ),
        )
    } else if text.starts_with("number out of range") {
        (
            Code::Range,
            format!(
                "the number at line {line} column {column} is beyond the range of a 64-bit float"
            ),
        )
    } else {
        let what = match error.classify() {
            serde_json::error::Category::Eof => "the text ends early",
            serde_json::error::Category::Syntax => "syntax error",
            _ => "not valid JSON",
        };
        (
            Code::Json,
            format!("invalid JSON at line {line} column {column}: {what}"),
        )
    };
    Finding {
        pointer: String::new(),
        code,
        severity: Severity::Error,
        message,
        suggestion: None,
        mentions: Vec::new(),
    }
}

/// Whether no array or object at or below `value` nests `levels` more levels deep: a walk that
/// allocates nothing and recurses at most `levels` deep, so the many documents far shallower than
/// the limit cost no stack of frames.
pub(crate) fn within<T: JsonTree>(value: &T, levels: usize) -> bool {
    match value.shape() {
        Shape::Array(items) => levels > 0 && items.iter().all(|item| within(item, levels - 1)),
        Shape::Object(mut members) => levels > 0 && members.all(|(_, member)| within(member, levels - 1)),
        _ => true,
    }
}

/// A [`Code::Limit`] finding at the first array or object nested [`MAX_DEPTH`] deep (the document is
/// level 1), if any. Walks with a stack of its own, so any depth is safe; keys in the pointer are
/// shown through [`echo`].
pub fn check_depth<T: JsonTree>(value: &T) -> Option<Finding> {
    if within(value, MAX_DEPTH - 1) {
        return None;
    }
    enum Frame<'a, T: JsonTree + 'a> {
        Array(std::iter::Enumerate<std::slice::Iter<'a, T>>),
        Object(T::Members<'a>),
    }
    enum Token<'a> {
        Index(usize),
        Key(&'a str),
    }
    fn open<T: JsonTree>(value: &T) -> Option<Frame<'_, T>> {
        match value.shape() {
            Shape::Array(items) => Some(Frame::Array(items.iter().enumerate())),
            Shape::Object(members) => Some(Frame::Object(members)),
            _ => None,
        }
    }
    let mut stack = vec![open(value)?];
    // tokens[i] leads from stack[i] into stack[i + 1].
    let mut tokens: Vec<Token<'_>> = Vec::new();
    while let Some(frame) = stack.last_mut() {
        let next = match frame {
            Frame::Array(items) => items.next().map(|(i, v)| (Token::Index(i), v)),
            Frame::Object(members) => members.next().map(|(k, v)| (Token::Key(k), v)),
        };
        let Some((token, child)) = next else {
            stack.pop();
            tokens.pop();
            continue;
        };
        let Some(child) = open(child) else {
            continue;
        };
        tokens.push(token);
        if stack.len() + 1 >= MAX_DEPTH {
            let mut path = JsonPath::root();
            for token in &tokens {
                match token {
                    Token::Index(i) => path.push_index(*i),
                    Token::Key(k) => path.push_key(&echo(k)),
                }
            }
            return Some(Finding {
                pointer: path.as_str().to_owned(),
                code: Code::Limit,
                severity: Severity::Error,
                message: format!(
                    "arrays and objects nest {MAX_DEPTH} deep here; at most {} levels are read",
                    MAX_DEPTH - 1
                ),
                suggestion: None,
                mentions: Vec::new(),
            });
        }
        stack.push(child);
    }
    None
}

/// Drops a value of any depth without recursion (dropping a deeply nested `Value` the ordinary way
/// recurses once per level and can overflow the stack).
pub fn dispose(value: Value) {
    let mut pending = vec![value];
    while let Some(value) = pending.pop() {
        match value {
            Value::Array(items) => pending.extend(items),
            Value::Object(members) => pending.extend(members.into_iter().map(|(_, v)| v)),
            _ => {}
        }
    }
}

/// Records a finding at `path`.
pub(crate) fn push(
    out: &mut Vec<Finding>,
    path: &JsonPath,
    code: Code,
    severity: Severity,
    message: String,
) {
    push_mentioning(out, path, code, severity, message, Vec::new());
}

/// Records a finding at `path` whose message names members of the document.
pub(crate) fn push_mentioning(
    out: &mut Vec<Finding>,
    path: &JsonPath,
    code: Code,
    severity: Severity,
    message: String,
    mentions: Vec<Mention>,
) {
    out.push(Finding {
        pointer: path.as_str().to_owned(),
        code,
        severity,
        message,
        suggestion: None,
        mentions,
    });
}

/// What a per-connector rule's finding says of the value of a member it names.
pub(crate) enum DetailValue {
    /// A value shown as it is (already echoed).
    Value(String),
    /// A container: the names of the members set in it, in its order.
    Members(Vec<&'static str>),
    /// A secret: only that it is set.
    Secret,
}

/// A member below the object at `anchor`, `steps` (member names, nothing to escape) away.
fn pointer_below(anchor: &str, steps: &[&str]) -> String {
    let mut pointer = String::with_capacity(anchor.len() + steps.iter().map(|s| s.len() + 1).sum::<usize>());
    pointer.push_str(anchor);
    for step in steps {
        pointer.push('/');
        pointer.push_str(step);
    }
    pointer
}

/// A per-connector rule's message in one module: the members spelled as the document does, and
/// where it names them (byte ranges of `message`, each with the member's steps from the rule's
/// anchor).
pub(crate) struct RuleText {
    pub(crate) message: &'static str,
    pub(crate) mentions: &'static [(std::ops::Range<usize>, &'static [&'static str])],
}

/// Records a finding of the per-connector rule `rule` anchored at `path`, at the member `at`
/// steps below it, with the rule's severity and `text`; `unknown_enum_value`: the rule fails
/// around an enum value the schema does not list (see [`rule_severity`]).
///
/// Around an enum value the schema does not list, nothing is reported in what users write: the
/// value's own `enum` finding is the one cause. `detail` names the values involved, each member
/// by its steps from the anchor, joined by `.`; an absent member as not set. Every member named
/// is a [`Mention`].
pub(crate) fn push_rule(
    out: &mut Vec<Finding>,
    path: &mut JsonPath,
    at: &[&str],
    rule: RuleId,
    unknown_enum_value: bool,
    text: &RuleText,
    detail: &[(&[&str], Option<DetailValue>)],
) {
    if unknown_enum_value && path.sender() == Sender::Client {
        return;
    }
    let entry = rule.rule();
    let anchor = path.as_str();
    let mentions = text.mentions;
    let mut text = text.message.trim_end_matches('.').to_owned();
    // Sized once: a mention per name of the message, per step of each detail and per member
    // it says is set.
    let members = |value: &Option<DetailValue>| match value {
        Some(DetailValue::Members(set)) => set.len(),
        _ => 0,
    };
    let count = mentions.len()
        + detail
            .iter()
            .map(|(steps, value)| steps.len() + members(value))
            .sum::<usize>();
    let mut named: Vec<Mention> = Vec::with_capacity(count);
    named.extend(mentions.iter().map(|(range, steps)| Mention {
        range: range.clone(),
        pointer: pointer_below(anchor, steps),
    }));
    for (i, (steps, value)) in detail.iter().enumerate() {
        text.push_str(if i == 0 { ": " } else { "; " });
        for (s, step) in steps.iter().enumerate() {
            if s > 0 {
                text.push('.');
            }
            named.push(Mention {
                range: text.len()..text.len() + step.len(),
                pointer: pointer_below(anchor, &steps[..=s]),
            });
            text.push_str(step);
        }
        match value {
            None => text.push_str(" is not set"),
            Some(DetailValue::Secret) => text.push_str(" is set"),
            Some(DetailValue::Members(set)) if set.is_empty() => text.push_str(" has no member set"),
            Some(DetailValue::Members(set)) => {
                text.push_str(" has `");
                let container = pointer_below(anchor, steps);
                for (m, member) in set.iter().enumerate() {
                    if m > 0 {
                        text.push_str("`, `");
                    }
                    named.push(Mention::member(text.len(), &container, member));
                    text.push_str(member);
                }
                text.push('`');
            }
            Some(DetailValue::Value(value)) => {
                text.push_str(" is `");
                text.push_str(value);
                text.push('`');
            }
        }
    }
    let severity = rule_severity(entry.severity, unknown_enum_value, path);
    for step in at {
        path.push_key(step);
    }
    push_mentioning(out, path, Code::Rule(rule), severity, text, named);
    for _ in at {
        path.pop();
    }
}

/// The severity of a rule finding: a rule that fails around an enum value the schema does not
/// list, in a document the service sent, is only a warning.
pub(crate) fn rule_severity(severity: Severity, unknown_enum_value: bool, path: &JsonPath) -> Severity {
    if unknown_enum_value && path.sender() == Sender::Service {
        Severity::Warning
    } else {
        severity
    }
}

/// The known name closest to `name`: equal ignoring ASCII case, or within two edits (ignoring
/// ASCII case). Only names whose lengths differ by at most two can be that close, so `name` is
/// measured only up to the longest known name and compared only with names of similar length:
/// the cost does not grow with `name`.
pub(crate) fn closest<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    let longest = known.iter().map(|k| k.chars().count()).max()?;
    let len = name.chars().take(longest + 3).count();
    if len > longest + 2 {
        return None;
    }
    if let Some(same) = known.iter().find(|k| k.eq_ignore_ascii_case(name)) {
        return Some(same);
    }
    known
        .iter()
        .filter(|k| k.chars().count().abs_diff(len) <= 2)
        .map(|k| (edit_distance(name, k, 2), *k))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, k)| k)
}

/// Levenshtein distance ignoring ASCII case, one row kept, on the stack for the short names
/// it is called with (it runs for every unknown key and enum value, so it does not allocate).
/// Only distances up to `cap` matter: past it, `cap + 1` is returned as soon as a whole row
/// exceeds `cap`.
fn edit_distance(a: &str, b: &str, cap: usize) -> usize {
    if a.is_ascii() && b.is_ascii() {
        // The common case, a byte per character. Most names tried are nothing alike: two lower
        // bounds rule them out without the table, the cheaper first (the bag distance alone
        // took 70 ns a pair, more than the rest of an unknown value's finding).
        let (a_bytes, b_bytes) = (a.as_bytes(), b.as_bytes());
        if set_distance(a_bytes, b_bytes) > cap || bag_distance(a_bytes, b_bytes) > cap {
            return cap + 1;
        }
        distance(a.bytes(), b_bytes, cap, |x, y| x.eq_ignore_ascii_case(y))
    } else {
        let b: Vec<char> = b.chars().collect();
        distance(a.chars(), &b, cap, |x, y| x.eq_ignore_ascii_case(y))
    }
}

/// An ASCII byte's bucket of 32: `& 31` folds case (letters differ from their capitals in bit 5
/// alone); other bytes sharing a bucket with a letter (a digit, punctuation) only lower the
/// bounds below, which stay lower bounds.
fn bucket(byte: u8) -> usize {
    usize::from(byte & 31)
}

/// A lower bound of the edit distance of two ASCII strings, ignoring case, cheaper and weaker
/// than [`bag_distance`]: the buckets one uses and the other lacks, the larger of the two counts
/// (every character in such a bucket must be deleted or replaced, one edit each).
fn set_distance(a: &[u8], b: &[u8]) -> usize {
    let used = |text: &[u8]| text.iter().fold(0u32, |set, &byte| set | 1 << bucket(byte));
    let (a, b) = (used(a), used(b));
    (a & !b).count_ones().max((b & !a).count_ones()) as usize
}

/// A lower bound of the edit distance of two ASCII strings, ignoring case: the characters of
/// one that the other lacks, counted with repeats, the larger of the two counts (each edit
/// mends at most one of each side).
fn bag_distance(a: &[u8], b: &[u8]) -> usize {
    // `i16`: texts reaching here are at most a few characters longer than a known name.
    let mut counts = [0i16; 32];
    for &byte in a {
        counts[bucket(byte)] = counts[bucket(byte)].saturating_add(1);
    }
    for &byte in b {
        counts[bucket(byte)] = counts[bucket(byte)].saturating_sub(1);
    }
    let (mut only_a, mut only_b) = (0usize, 0usize);
    for count in counts {
        only_a += usize::from(count.max(0).unsigned_abs());
        only_b += usize::from(count.min(0).unsigned_abs());
    }
    only_a.max(only_b)
}

fn distance<T: Copy>(a: impl Iterator<Item = T>, b: &[T], cap: usize, same: impl Fn(&T, &T) -> bool) -> usize {
    let n = b.len();
    let mut stack = [0usize; 33];
    let mut heap = Vec::new();
    let row: &mut [usize] = if n < stack.len() {
        &mut stack[..=n]
    } else {
        heap.resize(n + 1, 0);
        &mut heap
    };
    for (j, cell) in row.iter_mut().enumerate() {
        *cell = j;
    }
    for (i, ca) in a.enumerate() {
        // `diagonal` is the previous row's cell left of `j + 1`; `row[j + 1]` still holds the
        // previous row's until it is overwritten.
        let mut diagonal = row[0];
        row[0] = i + 1;
        let mut smallest = row[0];
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            let substitution = diagonal + usize::from(!same(&ca, cb));
            row[j + 1] = substitution.min(above + 1).min(row[j] + 1);
            smallest = smallest.min(row[j + 1]);
            diagonal = above;
        }
        if smallest > cap {
            return cap + 1;
        }
    }
    row[n].min(cap + 1)
}


#[cfg(test)]
mod tests {
    use super::{closest, edit_distance};

    #[test]
    fn edit_distance_ignores_ascii_case_and_counts_code_points() {
        let uncapped = usize::MAX - 1;
        assert_eq!(edit_distance("kitten", "sitting", uncapped), 3);
        assert_eq!(edit_distance("PRIVATE", "Private", uncapped), 0);
        assert_eq!(edit_distance("Privat", "Private", uncapped), 1);
        assert_eq!(edit_distance("", "abc", uncapped), 3);
        assert_eq!(edit_distance("abc", "", uncapped), 3);
        assert_eq!(edit_distance("é", "e", uncapped), 1);
        assert_eq!(edit_distance("ÉTÉ", "été", uncapped), 2, "case is ignored for ASCII only");
        // Past the stack row (32 code points) the row is on the heap; the answer is the same.
        let long = "a".repeat(100);
        assert_eq!(edit_distance(&long, &format!("{long}bc"), uncapped), 2);
        assert_eq!(edit_distance(&format!("x{long}"), &long, uncapped), 1);
        // Capped: anything past the cap is the cap plus one, early or not.
        assert_eq!(edit_distance("kitten", "sitting", 2), 3);
        assert_eq!(edit_distance("Hidden", "Public", 2), 3);
        assert_eq!(edit_distance("Pubic", "Public", 2), 1);
    }

    #[test]
    fn bag_and_set_distances_are_lower_bounds_of_the_edit_distance() {
        use super::{bag_distance, set_distance};
        let words = [
            "", "a", "Public", "Private", "private", "Pubic", "Hidden", "kitten", "sitting",
            "JWT_BEARER", "AUTHORIZATION_CODE", "CLIENT_CREDENTIALS", "abc", "cba", "a1b2", "p0",
        ];
        for a in words {
            for b in words {
                let distance = edit_distance(a, b, usize::MAX - 1);
                let bag = bag_distance(a.as_bytes(), b.as_bytes());
                let set = set_distance(a.as_bytes(), b.as_bytes());
                assert!(bag <= distance, "bag: {a} / {b}");
                assert!(set <= bag, "set: {a} / {b}");
            }
        }
        assert_eq!(bag_distance(b"Hidden", b"Public"), 5);
        assert_eq!(bag_distance(b"abc", b"CBA"), 0, "case and order do not count");
        assert_eq!(bag_distance(b"kitten", b"sitting"), 3);
        assert_eq!(set_distance(b"Hidden", b"Private"), 5, "p, r, v, a, t (Hidden lacks)");
        assert_eq!(set_distance(b"aaab", b"AB"), 0, "repeats do not count");
        assert_eq!(set_distance(b"kitten", b"sitting"), 2);
    }

    #[test]
    fn echo_shows_printable_ascii_up_to_the_limit_and_cuts_or_escapes_the_rest() {
        use super::{echo, ECHO_CHARS};
        let full = "k".repeat(ECHO_CHARS);
        assert_eq!(echo(&full), full);
        let over = "k".repeat(ECHO_CHARS + 1);
        assert_eq!(echo(&over), format!("{full}…({} chars)", ECHO_CHARS + 1));
        assert_eq!(echo(" ~"), " ~");
        assert_eq!(echo("a\u{7f}b"), "a\\u{007F}b", "DEL is a control character");
        assert_eq!(echo("a\tb"), "a\\u{0009}b");
    }

    #[test]
    fn closest_finds_a_name_within_two_edits() {
        let known = ["Public", "Private"];
        assert_eq!(closest("private", &known), Some("Private"));
        assert_eq!(closest("Pubic", &known), Some("Public"));
        assert_eq!(closest("Hidden", &known), None);
    }
}
