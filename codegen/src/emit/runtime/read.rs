//! Reading untrusted JSON in one pass: from text (or a `serde_json::Value`) straight to the typed
//! value, recording every finding on the way and going on after each. No intermediate tree, no
//! second walk: each member's [`Spec`] is checked as it is read, and the per-connector rules run
//! on the typed value at the end, when the document has no structural error.
//!
//! The same code is the crate's `Deserialize` ([`deserialize`]), with checking off: it then only
//! reads the structure and fails on the first structural error, as a derived impl would.
//!
//! JSON Pointers are kept as a stack of segments (known keys borrowed from the generated tables)
//! and written out only when a finding is recorded.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::fmt::Write as _;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use crate::checks::{self, Report, Rules, Spec, When};
use crate::validation::{
    show, Code, Finding, JsonPath, Secrecy, Sender, Severity, Validated, ValidationErrors,
};
use crate::{Sensitive, Timestamp, UnknownMembers};

enum Segment {
    Key(Cow<'static, str>),
    Index(usize),
}

/// What the reader knows while it reads: where it is, what it found, and whether the document
/// still deserializes.
pub struct Cx {
    trail: Vec<Segment>,
    findings: Vec<Finding>,
    /// Findings that count only when the document has no structural error ([`When::Sound`]).
    sound_only: Vec<Finding>,
    /// A structural error was found: the typed value cannot be built.
    broken: bool,
    /// Off for `Deserialize`: structure only, no findings kept but the first error.
    checking: bool,
    sender: Sender,
    /// The object being read: how its text is shown, its member names, what it does with others.
    secrecy: Secrecy,
    known: &'static [&'static str],
    policy: Unknown,
    first_error: Option<String>,
}

impl Cx {
    pub(crate) fn new(sender: Sender, checking: bool) -> Self {
        Cx {
            trail: Vec::new(),
            findings: Vec::new(),
            sound_only: Vec::new(),
            broken: false,
            checking,
            sender,
            secrecy: Secrecy::Plain,
            known: &[],
            policy: Unknown::Reject,
            first_error: None,
        }
    }

    /// The JSON Pointer of the current place, with `extra` as one more key.
    fn pointer(&self, extra: Option<&str>) -> String {
        fn push_token(out: &mut String, key: &str) {
            out.push('/');
            for c in key.chars() {
                match c {
                    '~' => out.push_str("~0"),
                    '/' => out.push_str("~1"),
                    c => out.push(c),
                }
            }
        }
        let mut out = String::new();
        for segment in &self.trail {
            match segment {
                Segment::Key(key) => push_token(&mut out, key),
                Segment::Index(index) => {
                    let _ = write!(out, "/{index}");
                }
            }
        }
        if let Some(key) = extra {
            push_token(&mut out, key);
        }
        out
    }

    fn record(&mut self, finding: Finding, when: When) {
        match when {
            When::Always => self.findings.push(finding),
            When::Sound => self.sound_only.push(finding),
        }
    }

    /// A structural finding (wrong JSON type, missing member, unknown key of a closed object, an
    /// integer the Rust type cannot hold): an error breaks the document.
    fn structural(&mut self, extra: Option<&str>, code: Code, severity: Severity, message: String) {
        if severity == Severity::Error {
            self.broken = true;
            if self.first_error.is_none() {
                let pointer = self.pointer(extra);
                self.first_error = Some(format!("{pointer}: {message}"));
            }
        }
        if self.checking {
            let pointer = self.pointer(extra);
            self.findings.push(Finding {
                pointer,
                code,
                severity,
                message,
            });
        }
    }

    fn wrong_type(&mut self, expected: &str, found: &str) {
        self.structural(
            None,
            Code::Type,
            Severity::Error,
            format!("must be {expected}, found {found}"),
        );
    }

    /// Reads the value of the member `wire` into its slot (`null` counts as absent for an
    /// optional member). Values are written in place: generated structs can be large, and
    /// moving them through return values was most of the reader's cost.
    pub fn member<'de, T: Read, A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
        wire: &'static str,
        required: bool,
        spec: &'static Spec,
        slot: &mut Slot<T>,
    ) -> Result<(), A::Error> {
        self.trail.push(Segment::Key(Cow::Borrowed(wire)));
        slot.value = None;
        slot.seen = true;
        map.next_value_seed(MemberSeed::<T> {
            required,
            spec,
            cx: self,
            slot,
        })?;
        self.trail.pop();
        Ok(())
    }

    /// Whether a required member was read soundly; its absence is a finding.
    pub fn required<T>(&mut self, slot: &Slot<T>, wire: &str) -> bool {
        if !slot.seen {
            let message = format!("missing required member `{wire}`");
            self.structural(None, Code::Required, Severity::Error, message);
        }
        slot.value.is_some()
    }

    /// A key the object being read does not declare: an error in a closed object, a warning
    /// otherwise; kept in `keep` for an open object, skipped for an API shape.
    pub fn unknown<'de, A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
        key: Key<'de>,
        keep: Option<&mut UnknownMembers>,
    ) -> Result<(), A::Error> {
        let known = self.known;
        match (self.policy, keep) {
            (Unknown::Keep, Some(keep)) => {
                if self.checking {
                    checks::unknown_key(&key.0, known, Severity::Warning, self);
                }
                let value: Value = map.next_value()?;
                keep.insert(key.0.into_owned(), value);
            }
            (Unknown::Reject, _) => {
                checks::unknown_key(&key.0, known, Severity::Error, self);
                map.next_value::<Skip>()?;
            }
            _ => {
                if self.checking {
                    checks::unknown_key(&key.0, known, Severity::Warning, self);
                }
                map.next_value::<Skip>()?;
            }
        }
        Ok(())
    }

    /// Runs the rules of a struct just read whole, at the current place.
    fn run_rules<T: Rules>(&mut self, value: &T) {
        let mut path = JsonPath::root_for(self.sender);
        for segment in &self.trail {
            match segment {
                Segment::Key(key) => path.push_key(key),
                Segment::Index(index) => path.push_index(*index),
            }
        }
        value.own_rules(&mut path, &mut self.findings);
    }

    /// Every finding, with the typed value when the document has no error. (Each struct's rules
    /// ran when it was read.)
    pub(crate) fn finish<T>(self, value: Option<T>) -> Result<Validated<T>, ValidationErrors> {
        let mut findings = self.findings;
        match value {
            Some(value) if !self.broken => {
                findings.extend(self.sound_only);
                if findings.iter().any(|f| f.severity == Severity::Error) {
                    Err(ValidationErrors::from_findings(findings))
                } else {
                    Ok(Validated {
                        value,
                        warnings: findings,
                    })
                }
            }
            _ => Err(ValidationErrors::from_findings(findings)),
        }
    }
}

impl Report for Cx {
    fn report(&mut self, code: Code, severity: Severity, message: String, when: When) {
        let pointer = self.pointer(None);
        self.record(
            Finding {
                pointer,
                code,
                severity,
                message,
            },
            when,
        );
    }

    fn report_at_key(&mut self, key: &str, code: Code, severity: Severity, message: String) {
        // Only unknown keys are reported at a key: an error there breaks a closed object.
        self.structural(Some(key), code, severity, message);
    }

    fn sender(&self) -> Sender {
        self.sender
    }

    fn secrecy(&self) -> Secrecy {
        self.secrecy
    }
}

/// A value read from JSON by the one-pass reader.
pub trait Read: Sized {
    /// Reads a value meant to be a `Self` and meeting `spec`; `None` when it cannot be one (the
    /// reason is a finding). `Err` only for what the deserializer itself fails on (JSON syntax,
    /// nesting beyond its limit).
    fn read<'de, D: Deserializer<'de>>(
        deserializer: D,
        spec: &'static Spec,
        cx: &mut Cx,
    ) -> Result<Option<Self>, D::Error>;

    /// [`Read::read`] into `out`, which is `None` on entry: structs build themselves there.
    fn read_into<'de, D: Deserializer<'de>>(
        deserializer: D,
        spec: &'static Spec,
        cx: &mut Cx,
        out: &mut Option<Self>,
    ) -> Result<(), D::Error> {
        *out = Self::read(deserializer, spec, cx)?;
        Ok(())
    }
}

/// What an object's reader needs to know of its type.
pub trait Object: Sized + Rules {
    /// The member names, as the wire spells them.
    const KNOWN: &'static [&'static str];
    /// What happens to other keys.
    const UNKNOWN: Unknown;
    /// How text of the document inside the object is shown.
    const SECRECY: Secrecy;
    /// Who sends documents whose root is this type.
    const SENDER: Sender;
    /// Whether it has per-connector rules of its own ([`Rules::own_rules`]).
    const HAS_RULES: bool;
    /// Reads the members (generated: one match arm per member).
    fn members<'de, A: MapAccess<'de>>(
        map: A,
        cx: &mut Cx,
        out: &mut Option<Self>,
    ) -> Result<(), A::Error>;
}

/// What an object does with keys it does not declare.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Unknown {
    /// A closed object: an error.
    Reject,
    /// An open object: kept and written back, with a warning.
    Keep,
    /// An API shape: skipped with a warning, as the SDKs skip them.
    Ignore,
}

/// A key of a JSON object, borrowed from the text when it has no escapes.
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Where a member's value is read to: `seen` when the document has the member (not `null` for
/// an optional one), `value` when it was read soundly.
pub struct Slot<T> {
    seen: bool,
    value: Option<T>,
}

impl<T> Default for Slot<T> {
    fn default() -> Self {
        Slot::new()
    }
}

impl<T> Slot<T> {
    /// A member not read yet.
    pub fn new() -> Self {
        Slot {
            seen: false,
            value: None,
        }
    }

    /// Whether an optional member is absent or was read soundly.
    pub fn sound(&self) -> bool {
        !self.seen || self.value.is_some()
    }

    /// The value read.
    pub fn into_value(self) -> Option<T> {
        self.value
    }
}

struct MemberSeed<'c, T> {
    required: bool,
    spec: &'static Spec,
    cx: &'c mut Cx,
    slot: &'c mut Slot<T>,
}

impl<'de, T: Read> DeserializeSeed<'de> for MemberSeed<'_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        if self.required {
            return T::read_into(deserializer, self.spec, self.cx, &mut self.slot.value);
        }
        struct OptionVisitor<'c, T>(MemberSeed<'c, T>);
        impl<'de, T: Read> Visitor<'de> for OptionVisitor<'_, T> {
            type Value = ();
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a value or null")
            }
            fn visit_none<E: de::Error>(self) -> Result<(), E> {
                self.0.slot.seen = false;
                Ok(())
            }
            fn visit_unit<E: de::Error>(self) -> Result<(), E> {
                self.0.slot.seen = false;
                Ok(())
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
                T::read_into(d, self.0.spec, self.0.cx, &mut self.0.slot.value)
            }
        }
        deserializer.deserialize_option(OptionVisitor(self))
    }
}

struct Seed<'c, T> {
    spec: &'static Spec,
    cx: &'c mut Cx,
    ty: PhantomData<T>,
}

impl<'de, T: Read> DeserializeSeed<'de> for Seed<'_, T> {
    type Value = Option<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        T::read(deserializer, self.spec, self.cx)
    }
}

/// A value read and dropped. Unlike serde's `IgnoredAny`, it goes through `deserialize_any`, so
/// the parser's own limits apply to what is skipped as to what is read: nesting beyond
/// [`MAX_DEPTH`](crate::validation::MAX_DEPTH) and numbers beyond `f64` fail the whole text, as
/// they do in a `serde_json::Value` parse.
struct Skip;

impl<'de> de::Deserialize<'de> for Skip {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Skip, D::Error> {
        struct SkipVisitor;
        impl<'de> Visitor<'de> for SkipVisitor {
            type Value = Skip;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Skip, E> {
                Ok(Skip)
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Skip, E> {
                Ok(Skip)
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Skip, E> {
                Ok(Skip)
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Skip, E> {
                Ok(Skip)
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Skip, E> {
                Ok(Skip)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Skip, E> {
                Ok(Skip)
            }
            fn visit_none<E: de::Error>(self) -> Result<Skip, E> {
                Ok(Skip)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Skip, D::Error> {
                d.deserialize_any(self)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Skip, A::Error> {
                while seq.next_element::<Skip>()?.is_some() {}
                Ok(Skip)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Skip, A::Error> {
                while map.next_entry::<Skip, Skip>()?.is_some() {}
                Ok(Skip)
            }
        }
        deserializer.deserialize_any(SkipVisitor)
    }
}

/// A JSON value as scalar readers see it; arrays and objects are skipped.
enum Json<'de> {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    Str(Cow<'de, str>),
    Array,
    Object,
}

impl Json<'_> {
    fn found(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(_) => "a number",
            Json::Str(_) => "a string",
            Json::Array => "an array",
            Json::Object => "an object",
        }
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Json<'de>, E> {
        Ok(Json::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Json<'de>, E> {
        Ok(Json::Number(v.into()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Json<'de>, E> {
        Ok(Json::Number(v.into()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Json<'de>, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Json::Null, Json::Number))
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Json<'de>, E> {
        Ok(Json::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Json<'de>, E> {
        Ok(Json::Str(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Json<'de>, E> {
        Ok(Json::Str(Cow::Owned(v)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Json<'de>, E> {
        Ok(Json::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Json<'de>, E> {
        Ok(Json::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Json<'de>, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json<'de>, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(Json::Array)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json<'de>, A::Error> {
        while map.next_entry::<Skip, Skip>()?.is_some() {}
        Ok(Json::Object)
    }
}

fn json<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Json<'de>, D::Error> {
    deserializer.deserialize_any(JsonVisitor)
}

impl Read for String {
    fn read<'de, D: Deserializer<'de>>(d: D, spec: &'static Spec, cx: &mut Cx) -> Result<Option<Self>, D::Error> {
        Ok(match json(d)? {
            Json::Str(text) => {
                if cx.checking {
                    checks::string(&text, spec, cx);
                }
                Some(text.into_owned())
            }
            other => {
                cx.wrong_type("a string", other.found());
                None
            }
        })
    }
}

impl Read for bool {
    fn read<'de, D: Deserializer<'de>>(d: D, _: &'static Spec, cx: &mut Cx) -> Result<Option<Self>, D::Error> {
        Ok(match json(d)? {
            Json::Bool(value) => Some(value),
            other => {
                cx.wrong_type("true or false", other.found());
                None
            }
        })
    }
}

impl Read for Timestamp {
    fn read<'de, D: Deserializer<'de>>(d: D, _: &'static Spec, cx: &mut Cx) -> Result<Option<Self>, D::Error> {
        Ok(match json(d)? {
            Json::Number(number) => {
                let timestamp = Timestamp::from_json_number(&number);
                if timestamp.is_none() {
                    let message = format!(
                        "must be seconds since the Unix epoch: a 64-bit whole number, or a fraction within ±{}; it is {number}",
                        Timestamp::MAX_SECS_F64
                    );
                    cx.structural(None, Code::Range, Severity::Error, message);
                }
                timestamp
            }
            other => {
                cx.wrong_type("a number", other.found());
                None
            }
        })
    }
}

/// An integer member: a whole number in any notation (`1`, `1.0`, `1e2`, `-0`) that fits the Rust
/// type; a whole number outside it is a `range` finding against the schema's limits (or the
/// type's), anything else not whole a `type` finding.
fn integer<T: TryFrom<i128>>(
    json: Json<'_>,
    (lo, hi): (i128, i128),
    spec: &'static Spec,
    cx: &mut Cx,
) -> Option<T> {
    let Json::Number(number) = json else {
        cx.wrong_type("a number", json.found());
        return None;
    };
    let whole = if let Some(v) = number.as_i64() {
        Some(i128::from(v))
    } else if let Some(v) = number.as_u64() {
        Some(i128::from(v))
    } else {
        match number.as_f64() {
            Some(v) if v.fract() != 0.0 || !v.is_finite() => None,
            // Every whole f64 below 2^127 in magnitude converts exactly.
            Some(v) if v.abs() < 1.0e38 => Some(v as i128),
            Some(v) if v > 0.0 => Some(i128::MAX),
            Some(_) => Some(i128::MIN),
            None => None,
        }
    };
    let Some(value) = whole else {
        cx.structural(None, Code::Type, Severity::Error, "must be a whole number".to_owned());
        return None;
    };
    if (lo..=hi).contains(&value) {
        if cx.checking {
            checks::integer(value, spec, cx);
        }
        return T::try_from(value).ok();
    }
    let (min, max) = (spec.own.minimum.unwrap_or(lo), spec.own.maximum.unwrap_or(hi));
    let message = if value < min {
        format!("must be at least {min}; it is {number}")
    } else {
        format!("must be at most {max}; it is {number}")
    };
    cx.structural(None, Code::Range, Severity::Error, message);
    None
}

macro_rules! read_integers {
    ($($t:ty),*) => {$(
        impl Read for $t {
            fn read<'de, D: Deserializer<'de>>(d: D, spec: &'static Spec, cx: &mut Cx) -> Result<Option<Self>, D::Error> {
                Ok(integer(json(d)?, (i128::from(<$t>::MIN), i128::from(<$t>::MAX)), spec, cx))
            }
        }
    )*};
}
read_integers!(u8, u16, u32, u64, i8, i16, i32, i64);

impl<T: Read> Read for Sensitive<T> {
    fn read<'de, D: Deserializer<'de>>(d: D, spec: &'static Spec, cx: &mut Cx) -> Result<Option<Self>, D::Error> {
        Ok(T::read(d, spec, cx)?.map(Sensitive::new))
    }
}

/// An enum: a string, checked against the listed values.
pub fn read_enum<'de, T: for<'a> From<&'a str>, D: Deserializer<'de>>(
    d: D,
    values: &'static [&'static str],
    cx: &mut Cx,
) -> Result<Option<T>, D::Error> {
    Ok(match json(d)? {
        Json::Str(text) => {
            if cx.checking && !values.contains(&&*text) {
                checks::unknown_enum_value(&text, values, cx);
            }
            Some(T::from(&text))
        }
        other => {
            cx.wrong_type("a string", other.found());
            None
        }
    })
}

/// Readers of arrays and objects: the visitor calls [`Compound::seq`] or [`Compound::map`] for the
/// JSON type wanted; any other is a `type` finding, its content skipped.
trait Compound<'de>: Sized {
    type Out;
    const EXPECTED: &'static str;
    fn cx(&mut self) -> &mut Cx;
    fn seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<Option<Self::Out>, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        self.cx().wrong_type(Self::EXPECTED, "an array");
        Ok(None)
    }
    fn map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Option<Self::Out>, A::Error> {
        while map.next_entry::<Skip, Skip>()?.is_some() {}
        self.cx().wrong_type(Self::EXPECTED, "an object");
        Ok(None)
    }
}

struct CompoundVisitor<C>(C);

impl<C> CompoundVisitor<C> {
    fn wrong<'de, E>(mut self, found: &str) -> Result<Option<C::Out>, E>
    where
        C: Compound<'de>,
    {
        self.0.cx().wrong_type(C::EXPECTED, found);
        Ok(None)
    }
}

impl<'de, C: Compound<'de>> Visitor<'de> for CompoundVisitor<C> {
    type Value = Option<C::Out>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(C::EXPECTED)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        self.wrong("a boolean")
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        self.wrong("a number")
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        self.wrong("a number")
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        self.wrong("a number")
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        self.wrong("a string")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.wrong("null")
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.wrong("null")
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.0.seq(seq)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.0.map(map)
    }
}

struct ListReader<'c, T> {
    spec: &'static Spec,
    cx: &'c mut Cx,
    item: PhantomData<T>,
}

impl<'de, T: Read + serde::Serialize> Compound<'de> for ListReader<'_, T> {
    type Out = Vec<T>;
    const EXPECTED: &'static str = "an array";

    fn cx(&mut self) -> &mut Cx {
        self.cx
    }

    fn seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<Vec<T>>, A::Error> {
        let mut items = Vec::new();
        let mut sound = true;
        for index in 0.. {
            self.cx.trail.push(Segment::Index(index));
            let item = seq.next_element_seed(Seed::<T> {
                spec: self.spec.item(),
                cx: self.cx,
                ty: PhantomData,
            })?;
            self.cx.trail.pop();
            match item {
                None => break,
                Some(Some(item)) => items.push(item),
                Some(None) => sound = false,
            }
        }
        if !sound {
            return Ok(None);
        }
        if self.cx.checking {
            checks::list(&items, self.spec, self.cx);
        }
        Ok(Some(items))
    }
}

impl<T: Read + serde::Serialize> Read for Vec<T> {
    fn read<'de, D: Deserializer<'de>>(d: D, spec: &'static Spec, cx: &mut Cx) -> Result<Option<Self>, D::Error> {
        d.deserialize_any(CompoundVisitor(ListReader {
            spec,
            cx,
            item: PhantomData,
        }))
    }
}

struct MapReader<'c, T> {
    spec: &'static Spec,
    cx: &'c mut Cx,
    value: PhantomData<T>,
}

impl<'de, T: Read> Compound<'de> for MapReader<'_, T> {
    type Out = BTreeMap<String, T>;
    const EXPECTED: &'static str = "an object";

    fn cx(&mut self) -> &mut Cx {
        self.cx
    }

    fn map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<Self::Out>, A::Error> {
        let mut entries = BTreeMap::new();
        let mut sound = true;
        while let Some(key) = map.next_key::<Key<'de>>()? {
            if self.cx.checking {
                checks::key(&key.0, self.spec, self.cx);
            }
            // A secret map's keys are secrets too: findings point at the map.
            let pushed = !self.spec.secret;
            if pushed {
                let shown = show(&key.0, &[], self.cx.secrecy);
                self.cx.trail.push(Segment::Key(Cow::Owned(shown)));
            }
            let value = map.next_value_seed(Seed::<T> {
                spec: self.spec.value(),
                cx: self.cx,
                ty: PhantomData,
            })?;
            if pushed {
                self.cx.trail.pop();
            }
            match value {
                Some(value) => {
                    entries.insert(key.0.into_owned(), value);
                }
                None => sound = false,
            }
        }
        if !sound {
            return Ok(None);
        }
        if self.cx.checking {
            checks::entries(entries.len(), self.spec, self.cx);
        }
        Ok(Some(entries))
    }
}

impl<T: Read> Read for BTreeMap<String, T> {
    fn read<'de, D: Deserializer<'de>>(d: D, spec: &'static Spec, cx: &mut Cx) -> Result<Option<Self>, D::Error> {
        d.deserialize_any(CompoundVisitor(MapReader {
            spec,
            cx,
            value: PhantomData,
        }))
    }
}

struct ObjectReader<'c, T> {
    cx: &'c mut Cx,
    out: &'c mut Option<T>,
}

impl<'de, T: Object> Compound<'de> for ObjectReader<'_, T> {
    /// The object is written to `out`.
    type Out = ();
    const EXPECTED: &'static str = "an object";

    fn cx(&mut self) -> &mut Cx {
        self.cx
    }

    fn map<A: MapAccess<'de>>(self, map: A) -> Result<Option<()>, A::Error> {
        let outer = (self.cx.secrecy, self.cx.known, self.cx.policy);
        (self.cx.secrecy, self.cx.known, self.cx.policy) = (T::SECRECY, T::KNOWN, T::UNKNOWN);
        let read = T::members(map, self.cx, self.out);
        (self.cx.secrecy, self.cx.known, self.cx.policy) = outer;
        read?;
        if let (Some(value), true, true) = (&*self.out, T::HAS_RULES, self.cx.checking) {
            self.cx.run_rules(value);
        }
        Ok(Some(()))
    }
}

/// Reads an object of type `T` into `out`.
pub fn read_object<'de, T: Object, D: Deserializer<'de>>(
    d: D,
    cx: &mut Cx,
    out: &mut Option<T>,
) -> Result<(), D::Error> {
    d.deserialize_any(CompoundVisitor(ObjectReader::<T> { cx, out }))?;
    Ok(())
}

/// `Deserialize` through the reader, checking off: the first structural error fails, with its
/// pointer and message (which never hold a secret's value).
pub fn deserialize<'de, T: Read, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    let mut cx = Cx::new(Sender::Client, false);
    match T::read(d, &checks::NONE, &mut cx)? {
        Some(value) if !cx.broken => Ok(value),
        _ => Err(de::Error::custom(cx.first_error.unwrap_or_else(|| {
            "the document does not have the expected shape".to_owned()
        }))),
    }
}

/// `Read`, `Deserialize`, `Validate` and `FromJson` for the generated structs, from their
/// [`Object`], `Walk` and `Rules` impls.
macro_rules! objects {
    ($($t:ty),* $(,)?) => {$(
        impl $crate::read::Read for $t {
            fn read<'de, D: ::serde::Deserializer<'de>>(d: D, _: &'static $crate::checks::Spec, cx: &mut $crate::read::Cx) -> ::std::result::Result<::std::option::Option<Self>, D::Error> {
                let mut out = ::std::option::Option::None;
                $crate::read::read_object(d, cx, &mut out)?;
                ::std::result::Result::Ok(out)
            }
            fn read_into<'de, D: ::serde::Deserializer<'de>>(d: D, _: &'static $crate::checks::Spec, cx: &mut $crate::read::Cx, out: &mut ::std::option::Option<Self>) -> ::std::result::Result<(), D::Error> {
                $crate::read::read_object(d, cx, out)
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $t {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                $crate::read::deserialize(d)
            }
        }
        impl $crate::validation::Validate for $t {
            const SENDER: $crate::validation::Sender = <$t as $crate::read::Object>::SENDER;
            fn validate_into(&self, path: &mut $crate::validation::JsonPath, out: &mut ::std::vec::Vec<$crate::validation::Finding>) {
                $crate::checks::Walk::walk(self, &$crate::checks::NONE, path, out);
                $crate::checks::Rules::rules_into(self, path, out);
            }
        }
        impl $crate::validation::FromJson for $t {}
    )*};
}
pub(crate) use objects;

/// `Read`, `Walk`, `Rules` and `Validate` for the generated enums.
macro_rules! enums {
    ($($t:ty),* $(,)?) => {$(
        impl $crate::read::Read for $t {
            fn read<'de, D: ::serde::Deserializer<'de>>(d: D, _: &'static $crate::checks::Spec, cx: &mut $crate::read::Cx) -> ::std::result::Result<::std::option::Option<Self>, D::Error> {
                $crate::read::read_enum(d, <$t>::values(), cx)
            }
        }
        impl $crate::checks::Walk for $t {
            fn walk(&self, _: &'static $crate::checks::Spec, path: &mut $crate::validation::JsonPath, out: &mut ::std::vec::Vec<$crate::validation::Finding>) {
                if self.is_unknown() {
                    $crate::checks::unknown_enum_value(self.as_str(), <$t>::values(), &mut $crate::checks::Typed { path, out });
                }
            }
        }
        impl $crate::checks::Rules for $t {}
        impl $crate::validation::Validate for $t {
            fn validate_into(&self, path: &mut $crate::validation::JsonPath, out: &mut ::std::vec::Vec<$crate::validation::Finding>) {
                $crate::checks::Walk::walk(self, &$crate::checks::NONE, path, out);
            }
        }
    )*};
}
pub(crate) use enums;
