//! What a value must meet, as data: one [`Spec`] per member, generated as a `static` and read by
//! two walkers that share every check here — the one-pass reader of untrusted JSON
//! ([`crate::read`]) and typed validation of values built in Rust ([`Walk`], behind
//! [`Validate`](crate::Validate)). A finding's pointer is built only when it is recorded
//! ([`Report`]).

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::validation::{
    closest, echo, echo_into, mask, show, Code, Finding, JsonPath, Mention, Secrecy, Sender,
    Severity,
};
use crate::{Sensitive, Timestamp};

/// A pattern's compiled matcher (its source is what messages show).
pub(crate) type Pattern = &'static crate::pattern::Pattern;

/// Whether `name` is the member name `known`, ignoring ASCII case (the per-connector rules'
/// names of members, from enum values). Compared whole first, the common case (the value spelled
/// as the member): against a literal that is a length test and a load or two, where a byte-wise
/// case-folding compare cost some hundred instructions a profile on the typical documents
/// (issue 23).
#[inline(always)]
pub(crate) fn same_name(known: &str, name: &str) -> bool {
    known == name || known.eq_ignore_ascii_case(name)
}

/// One schema's limits on a value. `by` ends each message: empty for the schema the type comes
/// from, `" (as the AppFlow API requires of `X.y`)"` for the other schema's stricter limits.
pub struct Limits {
    pub(crate) min_length: Option<u64>,
    pub(crate) max_length: Option<u64>,
    pub(crate) pattern: Option<Pattern>,
    /// The pattern matched against the whole value, when that differs: a value matching only
    /// in part gets a warning (the service matches whole values).
    pub(crate) whole: Option<Pattern>,
    pub(crate) minimum: Option<i128>,
    pub(crate) maximum: Option<i128>,
    pub(crate) unique: bool,
    pub(crate) by: &'static str,
    /// Reported by the reader only for a document without structural error.
    pub(crate) sound_only: bool,
}

impl Limits {
    /// No limit.
    pub(crate) const NONE: Limits = Limits {
        min_length: None,
        max_length: None,
        pattern: None,
        whole: None,
        minimum: None,
        maximum: None,
        unique: false,
        by: "",
        sound_only: false,
    };
}

/// A value of the CloudFormation schema's `format` keyword and what it asks of a string
/// (`schemas/formats.toml`, generated into `formats.rs`): the whole value matches `pattern` and
/// has `min_length..=max_length` code points.
pub struct Format {
    /// The format, as the schema spells it (`AWS::S3::Bucket.Name`).
    pub(crate) name: &'static str,
    /// The rule in prose, ending the finding's message.
    pub(crate) rule: &'static str,
    /// Anchored at both ends.
    pub(crate) pattern: Pattern,
    pub(crate) min_length: Option<u64>,
    pub(crate) max_length: Option<u64>,
}

impl Format {
    /// Whether `text` meets the format: a length test, then one scan of the pattern's DFA.
    pub(crate) fn accepts(&self, text: &str) -> bool {
        let fits = |len: u64| {
            self.min_length.is_none_or(|min| len >= min)
                && self.max_length.is_none_or(|max| len <= max)
        };
        let len_fits = if self.min_length.is_none() && self.max_length.is_none() {
            true
        } else {
            fits(text.chars().count() as u64)
        };
        len_fits && self.pattern.is_match(text)
    }
}

/// Everything a member's value must meet: its own limits, the other schema's stricter ones, its
/// format, and those of its items, map keys and map values. `secret`: the member holds a secret,
/// so map keys under it are never shown.
pub struct Spec {
    pub(crate) own: Limits,
    pub(crate) also: Option<&'static Limits>,
    pub(crate) format: Option<&'static Format>,
    pub(crate) item: Option<&'static Spec>,
    pub(crate) key: Option<&'static Limits>,
    pub(crate) value: Option<&'static Spec>,
    pub(crate) secret: bool,
}

/// The spec of a value nothing is asked of (generated specs start from it).
pub const EMPTY: Spec = Spec {
    own: Limits::NONE,
    also: None,
    format: None,
    item: None,
    key: None,
    value: None,
    secret: false,
};

/// [`EMPTY`], to point at.
pub static NONE: Spec = EMPTY;

impl Spec {
    pub(crate) fn item(&self) -> &'static Spec {
        self.item.unwrap_or(&NONE)
    }

    pub(crate) fn value(&self) -> &'static Spec {
        self.value.unwrap_or(&NONE)
    }

    /// Own limits, then the other schema's.
    fn limits(&self) -> impl Iterator<Item = &Limits> {
        std::iter::once(&self.own).chain(self.also)
    }
}

/// When a finding counts: always, or only when the whole document deserializes (the typed
/// checks: lengths of lists and maps, uniqueness, integer limits, the other schema's limits on
/// anything but strings). A document with a structural error reports what a reader of its JSON
/// can judge; the rest waits until its structure is fixed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum When {
    Always,
    Sound,
}

/// Where findings go, and what the walker knows of where it is.
pub trait Report {
    /// Records a finding at the current place.
    fn report(&mut self, code: Code, severity: Severity, message: String, when: When) {
        self.report_suggesting(code, severity, message, None, when);
    }
    /// Records a finding at the current place, with the known name it suggests instead of what
    /// was written ([`Finding::suggestion`]).
    fn report_suggesting(
        &mut self,
        code: Code,
        severity: Severity,
        message: String,
        suggestion: Option<&str>,
        when: When,
    );
    /// Records a finding at the member `key` of the current place, with the known name it
    /// suggests instead of the key, if any: a member of the same object, which the message
    /// names at the byte given ([`Finding::mentions`]).
    fn report_at_key(
        &mut self,
        key: &str,
        code: Code,
        severity: Severity,
        message: String,
        suggestion: Option<(&str, usize)>,
    );
    /// Who sent the document.
    fn sender(&self) -> Sender;
    /// The secrecy of the object being read.
    fn secrecy(&self) -> Secrecy;
}

/// Typed validation's [`Report`]: the pointer is the [`JsonPath`] built while walking.
pub struct Typed<'a> {
    pub(crate) path: &'a mut JsonPath,
    pub(crate) out: &'a mut Vec<Finding>,
}

impl Report for Typed<'_> {
    fn report_suggesting(
        &mut self,
        code: Code,
        severity: Severity,
        message: String,
        suggestion: Option<&str>,
        _: When,
    ) {
        self.out.push(Finding {
            pointer: self.path.as_str().to_owned(),
            code,
            severity,
            message,
            suggestion: suggestion.map(str::to_owned),
            mentions: Vec::new(),
        });
    }

    fn report_at_key(
        &mut self,
        key: &str,
        code: Code,
        severity: Severity,
        message: String,
        suggestion: Option<(&str, usize)>,
    ) {
        let mentions = suggestion
            .map(|(name, start)| vec![Mention::member(start, self.path.as_str(), name)])
            .unwrap_or_default();
        self.path.push_key(key);
        self.out.push(Finding {
            pointer: self.path.as_str().to_owned(),
            code,
            severity,
            message,
            suggestion: suggestion.map(|(name, _)| name.to_owned()),
            mentions,
        });
        self.path.pop();
    }

    fn sender(&self) -> Sender {
        self.path.sender()
    }

    fn secrecy(&self) -> Secrecy {
        self.path.secrecy()
    }
}

/// A number's decimal digits, written on the stack: the hot findings' messages are joined from
/// `&str` pieces (`[..].concat()`, one allocation of the right size), which `format!`'s
/// piece-by-piece `fmt::write` took about three times as long to build.
pub(crate) struct Decimal {
    digits: [u8; 20],
    start: usize,
}

impl Decimal {
    pub(crate) fn new(mut value: u64) -> Decimal {
        let mut digits = [b'0'; 20];
        let mut start = digits.len();
        loop {
            start -= 1;
            digits[start] = b'0' + (value % 10) as u8;
            value /= 10;
            if value == 0 {
                break;
            }
        }
        Decimal { digits, start }
    }

    pub(crate) fn as_str(&self) -> &str {
        std::str::from_utf8(&self.digits[self.start..]).unwrap_or_default()
    }
}

/// Length limits (code points, items or entries).
pub(crate) fn length(len: usize, limits: &Limits, unit: &str, when: When, to: &mut dyn Report) {
    let by = limits.by;
    let len_u64 = len as u64;
    let has = Decimal::new(len_u64);
    if let Some(min) = limits.min_length.filter(|&min| len_u64 < min) {
        let min = Decimal::new(min);
        let message = ["must be at least ", min.as_str(), " ", unit, " long", by, "; it has ", has.as_str()].concat();
        to.report(Code::Length, Severity::Error, message, when);
    }
    if let Some(max) = limits.max_length.filter(|&max| len_u64 > max) {
        let max = Decimal::new(max);
        let message = ["must be at most ", max.as_str(), " ", unit, " long", by, "; it has ", has.as_str()].concat();
        to.report(Code::Length, Severity::Error, message, when);
    }
}

/// Integer limits, the value shown as `shown`.
pub(crate) fn range(
    value: i128,
    shown: &dyn std::fmt::Display,
    (min, max): (Option<i128>, Option<i128>),
    by: &str,
    when: When,
    to: &mut dyn Report,
) {
    if let Some(min) = min.filter(|&min| value < min) {
        let message = format!("must be at least {min}{by}; it is {shown}");
        to.report(Code::Range, Severity::Error, message, when);
    }
    if let Some(max) = max.filter(|&max| value > max) {
        let message = format!("must be at most {max}{by}; it is {shown}");
        to.report(Code::Range, Severity::Error, message, when);
    }
}

/// A string's limits: length in code points and an unanchored pattern, own then the other
/// schema's; then its format.
pub(crate) fn string(text: &str, spec: &Spec, to: &mut dyn Report) {
    // Written out for the two schemas rather than over `Spec::limits` (an iterator chain):
    // most values meet their limits, and then this is a few tests and the pattern scans.
    let mut partial_reported = false;
    limits_of_string(text, &spec.own, &mut partial_reported, to);
    if let Some(also) = spec.also {
        limits_of_string(text, also, &mut partial_reported, to);
    }
    if let Some(format) = spec.format {
        if !format.accepts(text) {
            // The value is not shown: the rule says what it must be.
            let message = ["is not a valid `", format.name, "`: ", format.rule].concat();
            to.report(Code::Format, Severity::Error, message, When::Always);
        }
    }
}

#[inline]
fn limits_of_string(text: &str, limits: &Limits, partial_reported: &mut bool, to: &mut dyn Report) {
    let when = if limits.sound_only {
        When::Sound
    } else {
        When::Always
    };
    if (limits.min_length.is_some() || limits.max_length.is_some())
        && !byte_length_decides(text.len(), limits)
    {
        length(text.chars().count(), limits, "characters", when, to);
    }
    if let Some(pattern) = limits.pattern {
        // A whole-value match is a match: the common case scans the text once.
        match limits.whole {
            Some(whole) if whole.is_match(text) => {}
            None if pattern.is_match(text) => {}
            whole => pattern_findings(text, pattern, whole.is_some(), limits.by, when, partial_reported, to),
        }
    }
}

/// A value not matching its pattern, or not whole: a finding if it has no match at all, else a
/// warning (once a value) if the pattern should match whole.
#[cold]
fn pattern_findings(
    text: &str,
    pattern: Pattern,
    whole: bool,
    by: &str,
    when: When,
    partial_reported: &mut bool,
    to: &mut dyn Report,
) {
    let source = pattern.source();
    if !pattern.is_match(text) {
        let message = ["must contain a match of the pattern `", source, "`", by].concat();
        to.report(Code::Pattern, Severity::Error, message, when);
    } else if whole && !*partial_reported {
        *partial_reported = true;
        let message = format!(
            "matches the pattern `{source}`{by} only in part; AppFlow matches the whole value, so the service may reject it"
        );
        to.report(Code::PatternPartial, Severity::Warning, message, when);
    }
}

/// Whether a text of `bytes` UTF-8 bytes meets `limits`' lengths whatever its code points: a code
/// point is one to four bytes, so most values need no count.
fn byte_length_decides(bytes: usize, limits: &Limits) -> bool {
    let bytes = bytes as u64;
    limits.max_length.is_none_or(|max| bytes <= max)
        && limits.min_length.is_none_or(|min| bytes.div_ceil(4) >= min)
}

/// An integer's schema limits (its Rust type's bounds are the reader's concern).
pub(crate) fn integer(value: i128, spec: &Spec, to: &mut dyn Report) {
    for limits in spec.limits() {
        if limits.minimum.is_some() || limits.maximum.is_some() {
            let bounds = (limits.minimum, limits.maximum);
            range(value, &value, bounds, limits.by, When::Sound, to);
        }
    }
}

/// A list's limits: number of items and uniqueness. Items are compared by their JSON text, in
/// O(n log n); strings (and enum values) as they are, which is the same comparison: writing
/// each item out was 1 % of `from_json_str` on the typical max documents (issue 23).
pub(crate) fn list<T: crate::support::ToJson>(items: &[T], spec: &Spec, to: &mut dyn Report) {
    for limits in spec.limits() {
        if limits.min_length.is_some() || limits.max_length.is_some() {
            length(items.len(), limits, "items", When::Sound, to);
        }
    }
    if spec.limits().any(|limits| limits.unique) {
        let texts: Vec<Cow<'_, str>> = items
            .iter()
            .map(|item| match item.as_json_str() {
                Some(text) => Cow::Borrowed(text),
                None => Cow::Owned(item.to_json().to_string()),
            })
            .collect();
        repeats(&texts, to);
    }
}

/// Reports each item whose JSON text repeats an earlier one's, in item order. Not generic, and
/// with no sort (a sort is ~2.5k lines of LLVM IR per element type and comparison), so it is
/// compiled once.
fn repeats(texts: &[Cow<'_, str>], to: &mut dyn Report) {
    let mut first_of: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, text) in texts.iter().enumerate() {
        match first_of.entry(text) {
            std::collections::btree_map::Entry::Occupied(first) => {
                let j = *first.get();
                let message = format!("items must be unique; item {i} repeats item {j}");
                to.report(Code::Unique, Severity::Error, message, When::Sound);
            }
            std::collections::btree_map::Entry::Vacant(first) => {
                first.insert(i);
            }
        }
    }
}

/// A map's number of entries.
pub(crate) fn entries(len: usize, spec: &Spec, to: &mut dyn Report) {
    for limits in spec.limits() {
        if limits.min_length.is_some() || limits.max_length.is_some() {
            length(len, limits, "entries", When::Sound, to);
        }
    }
}

/// A map key's limits, reported at the map. Keys of secret maps are never named; others are
/// shown by the object's secrecy.
pub(crate) fn key(key: &str, spec: &Spec, to: &mut dyn Report) {
    let Some(limits) = spec.key else {
        return;
    };
    if let Some(pattern) = limits.pattern {
        if !pattern.is_match(key) {
            let source = pattern.source();
            let which = if spec.secret {
                "a key".to_owned()
            } else {
                format!("key `{}`", show(key, &[], to.secrecy()))
            };
            let message = format!("{which} must contain a match of the pattern `{source}`");
            to.report(Code::KeyPattern, Severity::Error, message, When::Always);
        }
    }
    key_length(key, limits, to);
}

/// A key's length, which only typed validation judged before the reader existed.
fn key_length(key: &str, limits: &Limits, to: &mut dyn Report) {
    if limits.min_length.is_some() || limits.max_length.is_some() {
        let len = key.chars().count() as u64;
        if let Some(min) = limits.min_length.filter(|&min| len < min) {
            let message = format!("must be at least {min} characters long (a key); it has {len}");
            to.report(Code::Length, Severity::Error, message, When::Sound);
        }
        if let Some(max) = limits.max_length.filter(|&max| len > max) {
            let message = format!("must be at most {max} characters long (a key); it has {len}");
            to.report(Code::Length, Severity::Error, message, When::Sound);
        }
    }
}

/// An enum value the schema does not list: an error, or for a document the service sent, a
/// warning (the value is kept as `Unknown`). Shown masked in credentials objects unless close to
/// a listed value.
pub(crate) fn unknown_enum_value(value: &str, values: &[&str], to: &mut dyn Report) {
    let close = closest(value, values);
    // One string, written once: this runs for every unknown value of a document.
    let mut message = String::with_capacity(96);
    message.push('`');
    match (close, to.secrecy()) {
        (None, Secrecy::Credentials) => message.push_str(&mask(value)),
        _ => echo_into(&mut message, value),
    }
    message.push_str("` is not one of ");
    for (i, value) in values.iter().enumerate() {
        if i > 0 {
            message.push_str(", ");
        }
        message.push_str(value);
    }
    if let Some(close) = close {
        message.push_str(" (did you mean `");
        message.push_str(close);
        message.push_str("`?)");
    }
    match to.sender() {
        Sender::Client => {
            to.report_suggesting(Code::Enum, Severity::Error, message, close, When::Always)
        }
        Sender::Service => {
            message.push_str("; kept as `Unknown`: the service may know values this version does not");
            to.report_suggesting(Code::Enum, Severity::Warning, message, close, When::Always)
        }
    }
}

/// A key the object does not declare; the finding's pointer names the key as its message shows
/// it.
pub(crate) fn unknown_key(key: &str, known: &[&str], severity: Severity, to: &mut dyn Report) {
    let close = closest(key, known);
    let shown = match (close, to.secrecy()) {
        (None, Secrecy::Credentials) => mask(key),
        _ => echo(key),
    };
    let consequence = match severity {
        Severity::Error => "the schema does not allow it",
        Severity::Warning => "it is ignored",
    };
    let mut message = format!("unknown key `{shown}`: {consequence}");
    let suggestion = close.map(|close| {
        message.push_str("; did you mean `");
        let at = message.len();
        message.push_str(close);
        message.push_str("`?");
        (close, at)
    });
    to.report_at_key(&shown, Code::UnknownKey, severity, message, suggestion);
}

/// Typed validation of a member's value against its [`Spec`], nested values included.
pub trait Walk {
    fn walk(&self, spec: &'static Spec, path: &mut JsonPath, out: &mut Vec<Finding>);
}

impl Walk for String {
    fn walk(&self, spec: &'static Spec, path: &mut JsonPath, out: &mut Vec<Finding>) {
        string(self, spec, &mut Typed { path, out });
    }
}

impl Walk for bool {
    fn walk(&self, _: &'static Spec, _: &mut JsonPath, _: &mut Vec<Finding>) {}
}

impl Walk for Timestamp {
    fn walk(&self, _: &'static Spec, _: &mut JsonPath, _: &mut Vec<Finding>) {}
}

macro_rules! walk_integers {
    ($($t:ty),*) => {$(
        impl Walk for $t {
            fn walk(&self, spec: &'static Spec, path: &mut JsonPath, out: &mut Vec<Finding>) {
                integer(i128::from(*self), spec, &mut Typed { path, out });
            }
        }
    )*};
}
walk_integers!(u8, u16, u32, u64, i8, i16, i32, i64);

impl<T: Walk> Walk for Sensitive<T> {
    fn walk(&self, spec: &'static Spec, path: &mut JsonPath, out: &mut Vec<Finding>) {
        self.expose().walk(spec, path, out);
    }
}

impl<T: Walk> Walk for Box<T> {
    fn walk(&self, spec: &'static Spec, path: &mut JsonPath, out: &mut Vec<Finding>) {
        (**self).walk(spec, path, out);
    }
}

impl<T: Walk> Walk for Option<T> {
    fn walk(&self, spec: &'static Spec, path: &mut JsonPath, out: &mut Vec<Finding>) {
        if let Some(value) = self {
            value.walk(spec, path, out);
        }
    }
}

impl<T: Walk + crate::support::ToJson> Walk for Vec<T> {
    fn walk(&self, spec: &'static Spec, path: &mut JsonPath, out: &mut Vec<Finding>) {
        list(self, spec, &mut Typed { path, out });
        for (index, item) in self.iter().enumerate() {
            path.push_index(index);
            item.walk(spec.item(), path, out);
            path.pop();
        }
    }
}

impl<T: Walk> Walk for BTreeMap<String, T> {
    fn walk(&self, spec: &'static Spec, path: &mut JsonPath, out: &mut Vec<Finding>) {
        entries(self.len(), spec, &mut Typed { path, out });
        for (k, value) in self {
            key(k, spec, &mut Typed { path, out });
            // A secret map's keys are secrets too: findings point at the map.
            if spec.secret {
                value.walk(spec.value(), path, out);
            } else {
                let secrecy = path.secrecy();
                path.push_shown_key(k, secrecy);
                value.walk(spec.value(), path, out);
                path.pop();
            }
        }
    }
}

/// Walks the member `wire` of a struct.
pub(crate) fn member<T: Walk>(
    value: &T,
    wire: &str,
    spec: &'static Spec,
    path: &mut JsonPath,
    out: &mut Vec<Finding>,
) {
    path.push_key(wire);
    value.walk(spec, path, out);
    path.pop();
}

/// Typed validation of an open object's unknown members: a warning each, as the reader gives.
pub(crate) fn unknown_members(
    members: &crate::UnknownMembers,
    known: &[&str],
    path: &mut JsonPath,
    out: &mut Vec<Finding>,
) {
    for key in members.keys() {
        unknown_key(key, known, Severity::Warning, &mut Typed { path, out });
    }
}

/// Runs the rules inside the member `wire` of a struct.
pub(crate) fn member_rules<T: Rules>(value: &T, wire: &str, path: &mut JsonPath, out: &mut Vec<Finding>) {
    path.push_key(wire);
    value.rules_into(path, out);
    path.pop();
}

/// The per-connector rules of `schemas/rules.toml`, run on a typed value and everything in it.
/// Only structs have rules of their own; containers pass them down.
pub trait Rules {
    /// The rules anchored at this value (a struct's own), not those of values inside it: the
    /// one-pass reader runs them on each struct as soon as it is read whole, so a struct read
    /// soundly gets its rules even in a document with a structural error elsewhere.
    fn own_rules(&self, _path: &mut JsonPath, _out: &mut Vec<Finding>) {}

    /// Every rule in this value, those of the values inside it included.
    fn rules_into(&self, path: &mut JsonPath, out: &mut Vec<Finding>) {
        self.own_rules(path, out);
    }
}

impl Rules for String {}
impl Rules for bool {}
impl Rules for Timestamp {}
impl Rules for u8 {}
impl Rules for u16 {}
impl Rules for u32 {}
impl Rules for u64 {}
impl Rules for i8 {}
impl Rules for i16 {}
impl Rules for i32 {}
impl Rules for i64 {}

impl<T: Rules> Rules for Sensitive<T> {
    fn rules_into(&self, path: &mut JsonPath, out: &mut Vec<Finding>) {
        self.expose().rules_into(path, out);
    }
}

impl<T: Rules> Rules for Box<T> {
    fn rules_into(&self, path: &mut JsonPath, out: &mut Vec<Finding>) {
        (**self).rules_into(path, out);
    }
}

impl<T: Rules> Rules for Option<T> {
    fn rules_into(&self, path: &mut JsonPath, out: &mut Vec<Finding>) {
        if let Some(value) = self {
            value.rules_into(path, out);
        }
    }
}

impl<T: Rules> Rules for Vec<T> {
    fn rules_into(&self, path: &mut JsonPath, out: &mut Vec<Finding>) {
        for (index, item) in self.iter().enumerate() {
            path.push_index(index);
            item.rules_into(path, out);
            path.pop();
        }
    }
}

/// Map values carry no rule anchors (the generator checks this), so nothing to pass down.
impl<T> Rules for BTreeMap<String, T> {}

#[cfg(test)]
mod tests {
    use super::*;

    fn lengths(min: Option<u64>, max: Option<u64>) -> Limits {
        Limits {
            min_length: min,
            max_length: max,
            ..Limits::NONE
        }
    }

    #[test]
    fn decimal_writes_every_u64() {
        for value in [0, 7, 10, 99, 100, 256, 4096, u64::from(u32::MAX), u64::MAX] {
            assert_eq!(Decimal::new(value).as_str(), value.to_string());
        }
    }

    #[test]
    fn the_byte_length_decides_only_when_every_code_point_count_agrees() {
        // 10 bytes are 3 to 10 code points.
        assert!(byte_length_decides(10, &lengths(None, Some(10))));
        assert!(!byte_length_decides(11, &lengths(None, Some(10))));
        assert!(byte_length_decides(10, &lengths(Some(3), None)));
        assert!(!byte_length_decides(10, &lengths(Some(4), None)));
        assert!(byte_length_decides(10, &lengths(Some(3), Some(10))));
        assert!(byte_length_decides(0, &lengths(Some(0), Some(0))));
        assert!(!byte_length_decides(0, &lengths(Some(1), None)));
        // "é" (2 bytes) four times: 8 bytes, 4 code points.
        let text = "éééé";
        assert!(!byte_length_decides(text.len(), &lengths(None, Some(4))));
        assert_eq!(text.chars().count(), 4);
    }
}
