//! Reading untrusted JSON in one pass: from text (or a `serde_json::Value`) straight to the typed
//! value, recording every finding on the way and going on after each. No intermediate tree, no
//! second walk: each member's [`Spec`] is checked as it is read, and the per-connector rules run
//! on the typed value at the end, when the document has no structural error.
//!
//! The same code is the crate's `Deserialize` ([`deserialize`]), with checking off: it then only
//! reads the structure and fails on the first structural error, as a derived impl would.
//!
//! The readers are type-erased at the parser (see [`Src`]): only a few adapters are generic over
//! serde's traits, so the parser's code is compiled once, not once per reader type.
//!
//! JSON Pointers are kept as a stack of segments (known keys borrowed from the generated tables)
//! and written out only when a finding is recorded.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::fmt::Write as _;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use crate::checks::{self, Report, Rules, Spec, When};
use crate::validation::{
    show, Code, Finding, JsonPath, Secrecy, Sender, Severity, Validated, ValidationErrors,
};
use crate::{Sensitive, Timestamp, UnknownMembers};

enum Segment {
    Key(&'static str),
    /// A map key as it came, shown (`show`) with this secrecy only when a pointer is written.
    MapKey(String, Secrecy),
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
    /// Reused by [`Cx::run_rules`] for each struct with rules, so that running them allocates
    /// nothing unless one reports.
    rules_path: JsonPath,
}

impl Cx {
    pub(crate) fn new(sender: Sender, checking: bool) -> Self {
        Cx {
            // Room for the deepest members of the schemas (six keys), so it is allocated once.
            trail: Vec::with_capacity(8),
            findings: Vec::new(),
            sound_only: Vec::new(),
            broken: false,
            checking,
            sender,
            secrecy: Secrecy::Plain,
            known: &[],
            policy: Unknown::Reject,
            first_error: None,
            rules_path: JsonPath::root_for(sender),
        }
    }

    /// The JSON Pointer of the current place, with `extra` as one more key.
    fn pointer(&self, extra: Option<&str>) -> String {
        fn push_token(out: &mut String, key: &str) {
            out.push('/');
            if !key.bytes().any(|b| b == b'~' || b == b'/') {
                out.push_str(key);
                return;
            }
            for c in key.chars() {
                match c {
                    '~' => out.push_str("~0"),
                    '/' => out.push_str("~1"),
                    c => out.push(c),
                }
            }
        }
        let mut out = String::with_capacity(128);
        for segment in &self.trail {
            match segment {
                // A member's name needs no escape (`plain_names` checks each at compile time).
                Segment::Key(key) => {
                    out.push('/');
                    out.push_str(key);
                }
                Segment::MapKey(key, secrecy) => push_token(&mut out, &show(key, &[], *secrecy)),
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
        // A document with one finding usually has several: skip the first regrowths.
        if self.findings.capacity() == 0 {
            self.findings.reserve(8);
        }
        match when {
            When::Always => self.findings.push(finding),
            When::Sound => self.sound_only.push(finding),
        }
    }

    /// A structural finding (wrong JSON type, missing member, unknown key of a closed object, an
    /// integer the Rust type cannot hold): an error breaks the document.
    fn structural(&mut self, extra: Option<&str>, code: Code, severity: Severity, message: String) {
        self.structural_suggesting(extra, code, severity, message, None);
    }

    /// [`Cx::structural`], with the known name the finding suggests.
    fn structural_suggesting(
        &mut self,
        extra: Option<&str>,
        code: Code,
        severity: Severity,
        message: String,
        suggestion: Option<&str>,
    ) {
        if severity == Severity::Error {
            self.broken = true;
            // Only `Deserialize` (checking off) reports the first error on its own.
            if !self.checking && self.first_error.is_none() {
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
                suggestion: suggestion.map(str::to_owned),
            });
        }
    }

    fn wrong_type(&mut self, expected: &str, found: &str) {
        self.structural(
            None,
            Code::Type,
            Severity::Error,
            ["must be ", expected, ", found ", found].concat(),
        );
    }

    /// Reads the value of the member `wire` into its slot; whether the document has the member
    /// (`null` counts as absent for an optional member).
    pub fn member<'de>(
        &mut self,
        map: &mut dyn MapSrc<'de>,
        wire: &'static str,
        required: bool,
        spec: &'static Spec,
        slot: &mut dyn ReadSlot,
    ) -> Result<bool, Stop> {
        // Not generic: the slot's type is behind `ReadSlot`, so this is compiled once (it was
        // compiled once per member type, a hundred times).
        self.trail.push(Segment::Key(wire));
        let cx = &mut *self;
        let null = if required {
            map.next_value(&mut |src| slot.read(src, spec, cx))?;
            false
        } else {
            map.next_optional_value(&mut |src| slot.read(src, spec, cx))?
        };
        self.trail.pop();
        Ok(!null)
    }

    /// Whether a required member was read soundly; its absence is a finding.
    pub fn required<T>(&mut self, slot: &Slot<T>, wire: &str) -> bool {
        if !slot.seen {
            let message = ["missing required member `", wire, "`"].concat();
            self.structural(None, Code::Required, Severity::Error, message);
        }
        slot.value.is_some()
    }

    /// A key the object being read does not declare: an error in a closed object, a warning
    /// otherwise; kept in `keep` for an open object, skipped for an API shape.
    pub fn unknown<'de>(
        &mut self,
        map: &mut dyn MapSrc<'de>,
        key: Key<'de>,
        keep: Option<&mut UnknownMembers>,
    ) -> Result<(), Stop> {
        let known = self.known;
        match (self.policy, keep) {
            (Unknown::Keep, Some(keep)) => {
                if self.checking {
                    checks::unknown_key(&key.0, known, Severity::Warning, self);
                }
                let value = map.next_json()?;
                keep.insert(key.0.into_owned(), value);
            }
            (Unknown::Reject, _) => {
                checks::unknown_key(&key.0, known, Severity::Error, self);
                map.skip_value()?;
            }
            _ => {
                if self.checking {
                    checks::unknown_key(&key.0, known, Severity::Warning, self);
                }
                map.skip_value()?;
            }
        }
        Ok(())
    }

    /// Runs the rules of a struct just read whole, at the current place.
    fn run_rules<T: Rules>(&mut self, value: &T) {
        let mut path = std::mem::take(&mut self.rules_path);
        path.reset(self.sender);
        // Most structs' rules find nothing, so they first run with the root as their place, and
        // only when one reports is the place written out and the rules run again (they depend on
        // the value alone): a struct below the root costs no pointer unless it has a finding.
        let before = self.findings.len();
        value.own_rules(&mut path, &mut self.findings);
        if self.findings.len() > before && !self.trail.is_empty() {
            self.findings.truncate(before);
            self.write_place(&mut path);
            value.own_rules(&mut path, &mut self.findings);
        }
        self.rules_path = path;
    }

    /// Writes the current place into `path`, at the root on entry (not generic: compiled once).
    fn write_place(&self, path: &mut JsonPath) {
        for segment in &self.trail {
            match segment {
                Segment::Key(key) => path.push_key(key),
                Segment::MapKey(key, secrecy) => path.push_key(&show(key, &[], *secrecy)),
                Segment::Index(index) => path.push_index(*index),
            }
        }
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
    fn report_suggesting(
        &mut self,
        code: Code,
        severity: Severity,
        message: String,
        suggestion: Option<&str>,
        when: When,
    ) {
        let pointer = self.pointer(None);
        self.record(
            Finding {
                pointer,
                code,
                severity,
                message,
                suggestion: suggestion.map(str::to_owned),
            },
            when,
        );
    }

    fn report_at_key(
        &mut self,
        key: &str,
        code: Code,
        severity: Severity,
        message: String,
        suggestion: Option<&str>,
    ) {
        // Only unknown keys are reported at a key: an error there breaks a closed object.
        self.structural_suggesting(Some(key), code, severity, message, suggestion);
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
    /// Reads the value `src` holds, meant to be a `Self` meeting `spec`, into `out` (`None` on
    /// entry), which stays `None` when it cannot be one (the reason is a finding). `Err` only for
    /// what the parser itself fails on (JSON syntax, nesting beyond its limit). Values are written
    /// in place: generated structs can be large, and moving them through return values was most
    /// of the reader's cost.
    fn read_into<'de>(
        src: &mut dyn Src<'de>,
        spec: &'static Spec,
        cx: &mut Cx,
        out: &mut Option<Self>,
    ) -> Result<(), Stop>;
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
    /// Reads the members (generated by [`object!`]: one match arm per member).
    fn members<'de>(map: &mut dyn MapSrc<'de>, cx: &mut Cx, out: &mut Option<Self>) -> Result<(), Stop>;
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

/// A member's [`Slot`] whatever its type, as [`Cx::member`] reads it.
pub trait ReadSlot {
    /// Reads the member's value (not `null`) into the slot, emptied first (a key may repeat).
    fn read<'de>(&mut self, src: &mut dyn Src<'de>, spec: &'static Spec, cx: &mut Cx) -> Result<(), Stop>;
}

impl<T: Read> ReadSlot for Slot<T> {
    fn read<'de>(&mut self, src: &mut dyn Src<'de>, spec: &'static Spec, cx: &mut Cx) -> Result<(), Stop> {
        self.value = None;
        T::read_into(src, spec, cx, &mut self.value)
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

    /// Records whether the document has the member ([`Cx::member`]'s answer).
    #[inline]
    pub fn set_seen(&mut self, seen: bool) {
        self.seen = seen;
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

// The reader is type-erased at the parser: every reader below sees the document through the
// object-safe `Src`, `SeqSrc` and `MapSrc`, and receives arrays and objects as a `Target`, scalars
// from `Src::scalar`. Only the adapters (`DeSrc`, `Dispatch`, `ScalarVisitor`, `SeqAdapter`,
// `MapAdapter`) are generic over serde's traits,
// and each is instantiated once per deserializer type: with a generic reader, serde_json's
// `deserialize_any` (some 540 lines of IR) was compiled again for each of the ~100 reader
// types, 30 % of the crate's machine code.

/// The parser failed (JSON syntax, nesting beyond its limit). The parser's own error is kept by
/// the adapter that met it, and handed back to the parser at the adapter that called in, so the
/// error reaching the caller is the parser's, with its line and column.
#[derive(Debug)]
pub struct Stop;

/// Keeps a parser error for its way back out.
struct Stash<E>(Option<E>);

impl<E: de::Error> Stash<E> {
    fn keep(&mut self, error: E) -> Stop {
        self.0 = Some(error);
        Stop
    }

    fn give_back(&mut self, _: Stop) -> E {
        self.0
            .take()
            .unwrap_or_else(|| E::custom("the reader stopped without an error"))
    }
}

/// One JSON value of the document, read once.
pub trait Src<'de> {
    /// Parses the value into `target`.
    fn accept(&mut self, target: &mut dyn Target<'de>) -> Result<(), Stop>;
    /// Parses the value as a scalar, an array or object skipped and named as such: what
    /// `accept` does with a [`Target`] taking scalars only, returned rather than passed through
    /// one more dynamic call (scalars are most of a document's values).
    fn scalar(&mut self) -> Result<Json<'de>, Stop>;
}

/// The elements of a JSON array.
pub trait SeqSrc<'de> {
    /// Reads the next element with `read`; `false` at the end.
    fn next(&mut self, read: &mut dyn FnMut(&mut dyn Src<'de>) -> Result<(), Stop>) -> Result<bool, Stop>;
    /// Skips every element left.
    fn skip_rest(&mut self) -> Result<(), Stop>;
}

/// The members of a JSON object.
pub trait MapSrc<'de> {
    /// The next key, if any.
    fn next_key(&mut self) -> Result<Option<Key<'de>>, Stop>;
    /// Reads the value of the key just read with `read`.
    fn next_value(&mut self, read: &mut dyn FnMut(&mut dyn Src<'de>) -> Result<(), Stop>) -> Result<(), Stop>;
    /// Reads the value of the key just read with `read` unless it is `null`; whether it was.
    fn next_optional_value(&mut self, read: &mut dyn FnMut(&mut dyn Src<'de>) -> Result<(), Stop>) -> Result<bool, Stop>;
    /// The value of the key just read, as a `serde_json::Value`.
    fn next_json(&mut self) -> Result<Value, Stop>;
    /// Skips the value of the key just read.
    fn skip_value(&mut self) -> Result<(), Stop>;
    /// Skips every member left.
    fn skip_rest(&mut self) -> Result<(), Stop>;
}

/// What receives a JSON value: a scalar, or the elements or members of a compound.
pub trait Target<'de> {
    /// A scalar (`null` included).
    fn scalar(&mut self, value: Json<'de>);
    /// An array; by default skipped as the wrong type.
    fn seq(&mut self, seq: &mut dyn SeqSrc<'de>) -> Result<(), Stop> {
        seq.skip_rest()?;
        self.scalar(Json::Array);
        Ok(())
    }
    /// An object; by default skipped as the wrong type.
    fn map(&mut self, map: &mut dyn MapSrc<'de>) -> Result<(), Stop> {
        map.skip_rest()?;
        self.scalar(Json::Object);
        Ok(())
    }
}

/// A serde deserializer as a [`Src`].
struct DeSrc<'de, D: Deserializer<'de>> {
    de: Option<D>,
    stash: Stash<D::Error>,
}

impl<'de, D: Deserializer<'de>> DeSrc<'de, D> {
    fn new(de: D) -> Self {
        DeSrc {
            de: Some(de),
            stash: Stash(None),
        }
    }
}

impl<'de, D: Deserializer<'de>> Src<'de> for DeSrc<'de, D> {
    fn accept(&mut self, target: &mut dyn Target<'de>) -> Result<(), Stop> {
        let Some(de) = self.de.take() else {
            return Err(self.stash.keep(de::Error::custom("a value was read twice")));
        };
        de.deserialize_any(Dispatch(target))
            .map_err(|e| self.stash.keep(e))
    }

    fn scalar(&mut self) -> Result<Json<'de>, Stop> {
        let Some(de) = self.de.take() else {
            return Err(self.stash.keep(de::Error::custom("a value was read twice")));
        };
        de.deserialize_any(ScalarVisitor)
            .map_err(|e| self.stash.keep(e))
    }
}

/// The visitor behind [`Src::scalar`]: the value as a [`Json`], compounds skipped.
struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
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

/// The one visitor handed to the parser: forwards to a [`Target`].
struct Dispatch<'t, 'de>(&'t mut dyn Target<'de>);

impl<'de> Visitor<'de> for Dispatch<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.0.scalar(Json::Bool(v));
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.0.scalar(Json::Number(v.into()));
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.0.scalar(Json::Number(v.into()));
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.0
            .scalar(serde_json::Number::from_f64(v).map_or(Json::Null, Json::Number));
        Ok(())
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<(), E> {
        self.0.scalar(Json::Str(Cow::Borrowed(v)));
        Ok(())
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.0.scalar(Json::Str(Cow::Owned(v.to_owned())));
        Ok(())
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<(), E> {
        self.0.scalar(Json::Str(Cow::Owned(v)));
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.0.scalar(Json::Null);
        Ok(())
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.0.scalar(Json::Null);
        Ok(())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        let mut adapter = SeqAdapter {
            seq,
            stash: Stash(None),
        };
        self.0.seq(&mut adapter).map_err(|stop| adapter.stash.give_back(stop))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let mut adapter = MapAdapter {
            map,
            stash: Stash(None),
        };
        self.0.map(&mut adapter).map_err(|stop| adapter.stash.give_back(stop))
    }
}

/// Hands the parser's value to a reader as a [`Src`].
struct ReadSeed<'r, 'de>(&'r mut dyn FnMut(&mut dyn Src<'de>) -> Result<(), Stop>);

impl<'de> DeserializeSeed<'de> for ReadSeed<'_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        let mut src = DeSrc::new(deserializer);
        (self.0)(&mut src).map_err(|stop| src.stash.give_back(stop))
    }
}

/// Hands an optional member's value to a reader, `null` aside: the parser's `deserialize_option`
/// looks for `null` itself, so no wrapper stands between the parser and the value's reader.
struct OptionalSeed<'r, 'de> {
    read: &'r mut dyn FnMut(&mut dyn Src<'de>) -> Result<(), Stop>,
    null: &'r mut bool,
}

impl<'de> DeserializeSeed<'de> for OptionalSeed<'_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for OptionalSeed<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        *self.null = true;
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        *self.null = true;
        Ok(())
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        let mut src = DeSrc::new(deserializer);
        (self.read)(&mut src).map_err(|stop| src.stash.give_back(stop))
    }
}

struct SeqAdapter<'de, A: SeqAccess<'de>> {
    seq: A,
    stash: Stash<A::Error>,
}

impl<'de, A: SeqAccess<'de>> SeqSrc<'de> for SeqAdapter<'de, A> {
    fn next(&mut self, read: &mut dyn FnMut(&mut dyn Src<'de>) -> Result<(), Stop>) -> Result<bool, Stop> {
        match self.seq.next_element_seed(ReadSeed(read)) {
            Ok(item) => Ok(item.is_some()),
            Err(e) => Err(self.stash.keep(e)),
        }
    }

    fn skip_rest(&mut self) -> Result<(), Stop> {
        loop {
            match self.seq.next_element::<Skip>() {
                Ok(Some(Skip)) => {}
                Ok(None) => return Ok(()),
                Err(e) => return Err(self.stash.keep(e)),
            }
        }
    }
}

struct MapAdapter<'de, A: MapAccess<'de>> {
    map: A,
    stash: Stash<A::Error>,
}

impl<'de, A: MapAccess<'de>> MapSrc<'de> for MapAdapter<'de, A> {
    fn next_key(&mut self) -> Result<Option<Key<'de>>, Stop> {
        self.map.next_key().map_err(|e| self.stash.keep(e))
    }

    fn next_value(&mut self, read: &mut dyn FnMut(&mut dyn Src<'de>) -> Result<(), Stop>) -> Result<(), Stop> {
        self.map.next_value_seed(ReadSeed(read)).map_err(|e| self.stash.keep(e))
    }

    fn next_optional_value(&mut self, read: &mut dyn FnMut(&mut dyn Src<'de>) -> Result<(), Stop>) -> Result<bool, Stop> {
        let mut null = false;
        self.map
            .next_value_seed(OptionalSeed { read, null: &mut null })
            .map_err(|e| self.stash.keep(e))?;
        Ok(null)
    }

    fn next_json(&mut self) -> Result<Value, Stop> {
        self.map.next_value().map_err(|e| self.stash.keep(e))
    }

    fn skip_value(&mut self) -> Result<(), Stop> {
        self.map
            .next_value::<Skip>()
            .map(|Skip| ())
            .map_err(|e| self.stash.keep(e))
    }

    fn skip_rest(&mut self) -> Result<(), Stop> {
        loop {
            match self.map.next_entry::<Skip, Skip>() {
                Ok(Some(_)) => {}
                Ok(None) => return Ok(()),
                Err(e) => return Err(self.stash.keep(e)),
            }
        }
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
pub enum Json<'de> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(serde_json::Number),
    /// A string.
    Str(Cow<'de, str>),
    /// An array, skipped.
    Array,
    /// An object, skipped.
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

/// The scalar `src` holds (an array or object skipped).
fn json<'de>(src: &mut dyn Src<'de>) -> Result<Json<'de>, Stop> {
    src.scalar()
}

impl Read for String {
    fn read_into<'de>(src: &mut dyn Src<'de>, spec: &'static Spec, cx: &mut Cx, out: &mut Option<Self>) -> Result<(), Stop> {
        match json(src)? {
            Json::Str(text) => {
                if cx.checking {
                    checks::string(&text, spec, cx);
                }
                *out = Some(text.into_owned());
            }
            other => cx.wrong_type("a string", other.found()),
        }
        Ok(())
    }
}

impl Read for bool {
    fn read_into<'de>(src: &mut dyn Src<'de>, _: &'static Spec, cx: &mut Cx, out: &mut Option<Self>) -> Result<(), Stop> {
        match json(src)? {
            Json::Bool(value) => *out = Some(value),
            other => cx.wrong_type("true or false", other.found()),
        }
        Ok(())
    }
}

impl Read for Timestamp {
    fn read_into<'de>(src: &mut dyn Src<'de>, _: &'static Spec, cx: &mut Cx, out: &mut Option<Self>) -> Result<(), Stop> {
        match json(src)? {
            Json::Number(number) => {
                let timestamp = Timestamp::from_json_number(&number);
                if timestamp.is_none() {
                    let message = format!(
                        "must be seconds since the Unix epoch: a 64-bit whole number, or a fraction within ±{}; it is {number}",
                        Timestamp::MAX_SECS_F64
                    );
                    cx.structural(None, Code::Range, Severity::Error, message);
                }
                *out = timestamp;
            }
            // The AWS CLI v2 and several SDKs print the wire's number as a date-time.
            Json::Str(text) => match Timestamp::parse_rfc3339(&text) {
                Some(timestamp) => *out = Some(timestamp),
                None => {
                    let message = [crate::support::NOT_A_DATE_TIME, "; it is \"", &crate::validation::echo(&text), "\""].concat();
                    cx.structural(None, Code::Type, Severity::Error, message);
                }
            },
            other => cx.wrong_type("a number or an ISO 8601 date-time", other.found()),
        }
        Ok(())
    }
}

/// An integer member: a whole number in any notation (`1`, `1.0`, `1e2`, `-0`) that fits the Rust
/// type; a whole number outside it is a `range` finding against the schema's limits (or the
/// type's), anything else not whole a `type` finding.
/// Not generic: the Rust type's bounds come in as `lo..=hi`, and the caller narrows the value,
/// which is then known to fit (this body was compiled once per integer type before).
fn integer(json: Json<'_>, (lo, hi): (i128, i128), spec: &'static Spec, cx: &mut Cx) -> Option<i128> {
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
        return Some(value);
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
            fn read_into<'de>(src: &mut dyn Src<'de>, spec: &'static Spec, cx: &mut Cx, out: &mut Option<Self>) -> Result<(), Stop> {
                *out = integer(json(src)?, (i128::from(<$t>::MIN), i128::from(<$t>::MAX)), spec, cx)
                    .and_then(|value| <$t>::try_from(value).ok());
                Ok(())
            }
        }
    )*};
}
read_integers!(u8, u16, u32, u64, i8, i16, i32, i64);

impl<T: Read> Read for Sensitive<T> {
    fn read_into<'de>(src: &mut dyn Src<'de>, spec: &'static Spec, cx: &mut Cx, out: &mut Option<Self>) -> Result<(), Stop> {
        let mut value = None;
        T::read_into(src, spec, cx, &mut value)?;
        *out = value.map(Sensitive::new);
        Ok(())
    }
}

impl<T: Read> Read for Box<T> {
    fn read_into<'de>(src: &mut dyn Src<'de>, spec: &'static Spec, cx: &mut Cx, out: &mut Option<Self>) -> Result<(), Stop> {
        let mut value = None;
        T::read_into(src, spec, cx, &mut value)?;
        *out = value.map(Box::new);
        Ok(())
    }
}

/// An enum: a string, checked against the listed values.
pub fn read_enum<'de, T: for<'a> From<&'a str>>(
    src: &mut dyn Src<'de>,
    values: &'static [&'static str],
    cx: &mut Cx,
    out: &mut Option<T>,
) -> Result<(), Stop> {
    match json(src)? {
        Json::Str(text) => {
            if cx.checking && !values.contains(&&*text) {
                checks::unknown_enum_value(&text, values, cx);
            }
            *out = Some(T::from(&text));
        }
        other => cx.wrong_type("a string", other.found()),
    }
    Ok(())
}

struct ListTarget<'c, T> {
    spec: &'static Spec,
    cx: &'c mut Cx,
    out: &'c mut Option<Vec<T>>,
}

impl<'de, T: Read + crate::support::ToJson> Target<'de> for ListTarget<'_, T> {
    fn scalar(&mut self, value: Json<'de>) {
        self.cx.wrong_type("an array", value.found());
    }

    fn seq(&mut self, seq: &mut dyn SeqSrc<'de>) -> Result<(), Stop> {
        let (spec, cx) = (self.spec, &mut *self.cx);
        let mut items = Vec::new();
        let mut sound = true;
        for index in 0.. {
            cx.trail.push(Segment::Index(index));
            let mut item = None;
            let more = seq.next(&mut |src| T::read_into(src, spec.item(), cx, &mut item))?;
            cx.trail.pop();
            if !more {
                break;
            }
            match item {
                Some(item) => items.push(item),
                None => sound = false,
            }
        }
        if !sound {
            return Ok(());
        }
        if cx.checking {
            checks::list(&items, spec, cx);
        }
        *self.out = Some(items);
        Ok(())
    }
}

impl<T: Read + crate::support::ToJson> Read for Vec<T> {
    fn read_into<'de>(src: &mut dyn Src<'de>, spec: &'static Spec, cx: &mut Cx, out: &mut Option<Self>) -> Result<(), Stop> {
        src.accept(&mut ListTarget { spec, cx, out })
    }
}

struct MapTarget<'c, T> {
    spec: &'static Spec,
    cx: &'c mut Cx,
    out: &'c mut Option<BTreeMap<String, T>>,
}

impl<'de, T: Read> Target<'de> for MapTarget<'_, T> {
    fn scalar(&mut self, value: Json<'de>) {
        self.cx.wrong_type("an object", value.found());
    }

    fn map(&mut self, map: &mut dyn MapSrc<'de>) -> Result<(), Stop> {
        let (spec, cx) = (self.spec, &mut *self.cx);
        let mut entries = BTreeMap::new();
        let mut sound = true;
        while let Some(key) = map.next_key()? {
            if cx.checking {
                checks::key(&key.0, spec, cx);
            }
            // A secret map's keys are secrets too: findings point at the map. The key is kept
            // in the trail as it came and shown only if a finding needs its pointer.
            let pushed = !spec.secret;
            let mut key = key.0.into_owned();
            if pushed {
                cx.trail.push(Segment::MapKey(std::mem::take(&mut key), cx.secrecy));
            }
            let mut value = None;
            map.next_value(&mut |src| T::read_into(src, spec.value(), cx, &mut value))?;
            if pushed {
                if let Some(Segment::MapKey(pushed_key, _)) = cx.trail.pop() {
                    key = pushed_key;
                }
            }
            match value {
                Some(value) => {
                    entries.insert(key, value);
                }
                None => sound = false,
            }
        }
        if !sound {
            return Ok(());
        }
        if cx.checking {
            checks::entries(entries.len(), spec, cx);
        }
        *self.out = Some(entries);
        Ok(())
    }
}

impl<T: Read> Read for BTreeMap<String, T> {
    fn read_into<'de>(src: &mut dyn Src<'de>, spec: &'static Spec, cx: &mut Cx, out: &mut Option<Self>) -> Result<(), Stop> {
        src.accept(&mut MapTarget { spec, cx, out })
    }
}

struct ObjectTarget<'c, T> {
    cx: &'c mut Cx,
    out: &'c mut Option<T>,
}

impl<'de, T: Object> Target<'de> for ObjectTarget<'_, T> {
    fn scalar(&mut self, value: Json<'de>) {
        not_an_object(self.cx, value);
    }

    fn seq(&mut self, seq: &mut dyn SeqSrc<'de>) -> Result<(), Stop> {
        seq.skip_rest()?;
        not_an_object(self.cx, Json::Array);
        Ok(())
    }

    fn map(&mut self, map: &mut dyn MapSrc<'de>) -> Result<(), Stop> {
        let out = &mut *self.out;
        let object = (T::SECRECY, T::KNOWN, T::UNKNOWN);
        read_members(self.cx, object, &mut |cx| T::members(map, cx, out))?;
        if let (Some(value), true, true) = (&*self.out, T::HAS_RULES, self.cx.checking) {
            self.cx.run_rules(value);
        }
        Ok(())
    }
}

fn not_an_object(cx: &mut Cx, value: Json<'_>) {
    cx.wrong_type("an object", value.found());
}

/// Reads an object's members with `members`, with the object's secrecy, member names and
/// unknown-key policy in force.
fn read_members(
    cx: &mut Cx,
    (secrecy, known, policy): (Secrecy, &'static [&'static str], Unknown),
    members: &mut dyn FnMut(&mut Cx) -> Result<(), Stop>,
) -> Result<(), Stop> {
    let outer = (cx.secrecy, cx.known, cx.policy);
    (cx.secrecy, cx.known, cx.policy) = (secrecy, known, policy);
    let read = members(cx);
    (cx.secrecy, cx.known, cx.policy) = outer;
    read
}

/// Checks at compile time that no member name holds `~` or `/`, so that a pointer through
/// members copies their names as they are (`Cx::pointer`).
pub const fn plain_names(names: &[&str]) {
    let mut i = 0;
    while i < names.len() {
        let name = names[i].as_bytes();
        let mut j = 0;
        while j < name.len() {
            assert!(name[j] != b'~' && name[j] != b'/', "a member name a JSON Pointer must escape");
            j += 1;
        }
        i += 1;
    }
}

/// Reads an object of type `T` into `out`.
pub fn read_object<'de, T: Object>(src: &mut dyn Src<'de>, cx: &mut Cx, out: &mut Option<T>) -> Result<(), Stop> {
    src.accept(&mut ObjectTarget { cx, out })
}

/// Reads a whole document from a deserializer into `out` (`None` on entry), which stays `None`
/// when the document cannot be a `T` (see `cx` for why). Written in place: a connector profile is
/// a 4 KB struct, and each move of it through a return value showed in profiles.
pub(crate) fn read_document<'de, T: Read, D: Deserializer<'de>>(
    d: D,
    cx: &mut Cx,
    out: &mut Option<T>,
) -> Result<(), D::Error> {
    let mut src = DeSrc::new(d);
    T::read_into(&mut src, &checks::NONE, cx, out).map_err(|stop| src.stash.give_back(stop))
}

/// `Deserialize` through the reader, checking off: the first structural error fails, with its
/// pointer and message (which never hold a secret's value).
pub fn deserialize<'de, T: Read, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    let mut cx = Cx::new(Sender::Client, false);
    let mut out = None;
    read_document(d, &mut cx, &mut out)?;
    match out {
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
            fn read_into<'de>(src: &mut dyn $crate::read::Src<'de>, _: &'static $crate::checks::Spec, cx: &mut $crate::read::Cx, out: &mut ::std::option::Option<Self>) -> ::std::result::Result<(), $crate::read::Stop> {
                $crate::read::read_object(src, cx, out)
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

/// A generated struct's member table: its [`Object`] impl (the reader's one match arm per member)
/// and its typed `Walk`, from one line per member: the field, its wire name, `required` or
/// `optional`, and its [`Spec`]. The header gives the object's secrecy, the sender of documents
/// rooted at it, its unknown-key policy (`Keep(field)` names the field keeping them) and whether
/// it has rules of its own.
macro_rules! object {
    ($t:ident; $secrecy:ident $sender:ident $unknown:ident $(($extra:ident))? $has_rules:literal;
     $($field:ident $wire:literal $presence:ident $spec:path),* $(,)?) => {
        const _: () = $crate::read::plain_names(<$t as $crate::read::Object>::KNOWN);
        impl $crate::read::Object for $t {
            const KNOWN: &'static [&'static str] = &[$($wire),*];
            const UNKNOWN: $crate::read::Unknown = $crate::read::Unknown::$unknown;
            const SECRECY: $crate::validation::Secrecy = $crate::validation::Secrecy::$secrecy;
            const SENDER: $crate::validation::Sender = $crate::validation::Sender::$sender;
            const HAS_RULES: bool = $has_rules;
            fn members<'de>(
                map: &mut dyn $crate::read::MapSrc<'de>,
                cx: &mut $crate::read::Cx,
                out: &mut Option<Self>,
            ) -> Result<(), $crate::read::Stop> {
                $(let mut $field = $crate::read::Slot::new();)*
                let mut extra = $crate::UnknownMembers::new();
                while let Some(key) = map.next_key()? {
                    match key.as_str() {
                        $($wire => {
                            let seen = cx.member(
                                map,
                                $wire,
                                $crate::read::object!(@required $presence),
                                &$spec,
                                &mut $field,
                            )?;
                            $field.set_seen(seen);
                        })*
                        _ => cx.unknown(map, key, Some(&mut extra))?,
                    }
                }
                // Every member is judged (so each missing one is reported) before any is used.
                if !(true $(& $crate::read::object!(@sound cx $field $wire $presence))*) {
                    return Ok(());
                }
                let _ = &mut extra;
                *out = Some(Self {
                    $($field: $crate::read::object!(@take $field $presence),)*
                    $($extra: extra,)?
                });
                Ok(())
            }
        }
        impl $crate::support::ToJson for $t {
            fn to_json(&self) -> ::serde_json::Value {
                let mut object = ::serde_json::Map::new();
                $($crate::read::object!(@put $presence)(&mut object, $wire, &self.$field);)*
                $($crate::support::put_unknown(&mut object, &self.$extra);)?
                let _ = &mut object;
                ::serde_json::Value::Object(object)
            }
        }
        impl $crate::checks::Walk for $t {
            fn walk(
                &self,
                _: &'static $crate::checks::Spec,
                path: &mut $crate::validation::JsonPath,
                out: &mut Vec<$crate::validation::Finding>,
            ) {
                let outer = path.enter($crate::validation::Secrecy::$secrecy);
                $($crate::checks::member(&self.$field, $wire, &$spec, path, out);)*
                $($crate::checks::unknown_members(
                    &self.$extra,
                    <Self as $crate::read::Object>::KNOWN,
                    path,
                    out,
                );)?
                let _ = &out;
                path.leave(outer);
            }
        }
    };
    (@put required) => { $crate::support::put };
    (@put optional) => { $crate::support::put_some };
    (@required required) => { true };
    (@required optional) => { false };
    (@sound $cx:ident $field:ident $wire:literal required) => { $cx.required(&$field, $wire) };
    (@sound $cx:ident $field:ident $wire:literal optional) => { $field.sound() };
    (@take $field:ident required) => {
        match $field.into_value() {
            Some(value) => value,
            None => return Ok(()),
        }
    };
    (@take $field:ident optional) => { $field.into_value() };
}
pub(crate) use object;

/// `Read`, `Walk`, `Rules` and `Validate` for the generated enums.
macro_rules! enums {
    ($($t:ty),* $(,)?) => {$(
        impl $crate::read::Read for $t {
            fn read_into<'de>(src: &mut dyn $crate::read::Src<'de>, _: &'static $crate::checks::Spec, cx: &mut $crate::read::Cx, out: &mut ::std::option::Option<Self>) -> ::std::result::Result<(), $crate::read::Stop> {
                $crate::read::read_enum(src, <$t>::values(), cx, out)
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
        impl $crate::support::ToJson for $t {
            fn to_json(&self) -> ::serde_json::Value {
                ::serde_json::Value::String(self.as_str().to_owned())
            }
        }
    )*};
}
pub(crate) use enums;
