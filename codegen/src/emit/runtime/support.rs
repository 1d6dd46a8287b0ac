//! Support types used by every generated module.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::Value;

/// A value as the `serde_json::Value` its `Serialize` impl writes, built through the generated
/// member tables (`read::object!`, `read::enums!`) for the crate's own conversions, plans,
/// imports and uniqueness checks. Serializing there through serde instantiated every type's
/// `Serialize` for serde_json's serializer inside the crate: 39k of its 250k lines of LLVM IR.
/// `Serialize` stays for users, compiled in their crates when they use it. Members keep their
/// declaration order (serde_json's `preserve_order` may be on) and `None` is left out, as the
/// derives' `skip_serializing_if` does; unknown members come last.
pub(crate) trait ToJson {
    fn to_json(&self) -> Value;

    /// The string the value is written as, when it is one: equal strings are equal JSON texts,
    /// so uniqueness compares them with nothing written (`checks::list`).
    fn as_json_str(&self) -> Option<&str> {
        None
    }
}

impl ToJson for String {
    fn to_json(&self) -> Value {
        Value::String(self.clone())
    }

    fn as_json_str(&self) -> Option<&str> {
        Some(self)
    }
}

impl ToJson for bool {
    fn to_json(&self) -> Value {
        Value::Bool(*self)
    }
}

macro_rules! integers_to_json {
    ($($t:ty),*) => {$(
        impl ToJson for $t {
            fn to_json(&self) -> Value {
                Value::from(*self)
            }
        }
    )*};
}
integers_to_json!(u8, u16, u32, u64, i8, i16, i32, i64);

impl ToJson for Timestamp {
    fn to_json(&self) -> Value {
        if self.nanos == 0 {
            Value::from(self.seconds)
        } else {
            // As `Serialize` writes it: the f64 whose shortest form is the decimal (`null` if none).
            let seconds: f64 = self.decimal().parse().unwrap_or(f64::NAN);
            serde_json::Number::from_f64(seconds).map_or(Value::Null, Value::Number)
        }
    }
}

impl ToJson for Value {
    fn to_json(&self) -> Value {
        self.clone()
    }
}

impl<T: ToJson> ToJson for Sensitive<T> {
    fn to_json(&self) -> Value {
        self.expose().to_json()
    }

    fn as_json_str(&self) -> Option<&str> {
        self.expose().as_json_str()
    }
}

impl<T: ToJson> ToJson for Box<T> {
    fn to_json(&self) -> Value {
        (**self).to_json()
    }

    fn as_json_str(&self) -> Option<&str> {
        (**self).as_json_str()
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn to_json(&self) -> Value {
        Value::Array(self.iter().map(ToJson::to_json).collect())
    }
}

impl<T: ToJson> ToJson for BTreeMap<String, T> {
    fn to_json(&self) -> Value {
        // Inserted one by one, not collected: collecting into a map sorts its input first, a
        // sort compiled again for each iterator type (9k lines of LLVM IR in all).
        let mut object = serde_json::Map::new();
        for (key, value) in self {
            object.insert(key.clone(), value.to_json());
        }
        Value::Object(object)
    }
}

/// Adds a struct's required member to the object being built.
#[inline]
pub(crate) fn put<T: ToJson>(object: &mut serde_json::Map<String, Value>, wire: &str, value: &T) {
    insert(object, wire, value.to_json());
}

/// Adds a struct's optional member to the object being built, when set.
#[inline]
pub(crate) fn put_some<T: ToJson>(object: &mut serde_json::Map<String, Value>, wire: &str, value: &Option<T>) {
    if let Some(value) = value {
        insert(object, wire, value.to_json());
    }
}

/// Not generic: the map's insertion is compiled once, not once per member type.
fn insert(object: &mut serde_json::Map<String, Value>, wire: &str, value: Value) {
    object.insert(wire.to_owned(), value);
}

/// Adds a struct's unknown members, after its own (as `#[serde(flatten)]` writes them).
pub(crate) fn put_unknown(object: &mut serde_json::Map<String, Value>, unknown: &UnknownMembers) {
    for (key, value) in unknown.iter() {
        object.insert(key.clone(), value.clone());
    }
}

/// A generated value from a `serde_json::Value`, through its JSON text (its reader is instantiated for
/// serde_json's text reader only).
pub(crate) fn from_json_value<T: serde::de::DeserializeOwned>(value: &Value) -> serde_json::Result<T> {
    serde_json::from_str(&value.to_string())
}

/// A connector container's boxed member, unboxed (`profile::Connector` holds the values).
pub(crate) fn unbox<T>(member: Option<Box<T>>) -> Option<T> {
    member.map(|boxed| *boxed)
}

/// What `Debug` prints in place of a secret.
pub const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// A secret. `Debug` prints [`REDACTED`]; serialization writes the real value.
///
/// There is deliberately no `Display`: reach the value with [`Sensitive::expose`].
///
/// ```
/// use appflow_connector_profile::Sensitive;
///
/// let token: Sensitive<String> = "s3cr3t".into();
/// assert_eq!(format!("{token:?}"), appflow_connector_profile::REDACTED);
/// assert_eq!(token.expose(), "s3cr3t");
/// ```
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Sensitive<T>(T);

impl<T> Sensitive<T> {
    /// Wraps a secret.
    pub fn new(value: T) -> Self {
        Sensitive(value)
    }

    /// The secret itself.
    pub fn expose(&self) -> &T {
        &self.0
    }

    /// The secret, unwrapped.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> fmt::Debug for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl<T> From<T> for Sensitive<T> {
    fn from(value: T) -> Self {
        Sensitive(value)
    }
}

impl From<&str> for Sensitive<String> {
    fn from(value: &str) -> Self {
        Sensitive(value.to_owned())
    }
}

impl<T: serde::Serialize> serde::Serialize for Sensitive<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Sensitive<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Sensitive)
    }
}

#[cfg(feature = "schemars")]
impl<T: schemars::JsonSchema> schemars::JsonSchema for Sensitive<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}

/// The members of an open object that its schema does not declare, kept as they came so that a
/// round trip loses nothing. Use it as the map it dereferences to.
///
/// A misspelled or misplaced member may hold a secret (`Accesstoken`, or a whole credentials block
/// under the wrong key), and even a key can be one (YAML reads `{AccessToken:TOKEN}` as a single
/// key), so `Debug` prints only how many there are, never a key or a value. Serialization writes
/// them back unchanged.
///
/// ```
/// use appflow_connector_profile::UnknownMembers;
///
/// let mut members = UnknownMembers::default();
/// members.insert("Accesstoken".to_owned(), "s3cr3t".into());
/// assert_eq!(format!("{members:?}"), "UnknownMembers(1 key, values redacted)");
/// assert_eq!(members["Accesstoken"], "s3cr3t");
/// ```
#[derive(Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct UnknownMembers(BTreeMap<String, Value>);

impl UnknownMembers {
    /// No members.
    pub fn new() -> Self {
        UnknownMembers::default()
    }

    /// The members as a map.
    pub fn into_inner(self) -> BTreeMap<String, Value> {
        self.0
    }
}

impl fmt::Debug for UnknownMembers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        let keys = if n == 1 { "key" } else { "keys" };
        write!(f, "UnknownMembers({n} {keys}, values redacted)")
    }
}

impl std::ops::Deref for UnknownMembers {
    type Target = BTreeMap<String, Value>;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl std::ops::DerefMut for UnknownMembers {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl From<BTreeMap<String, Value>> for UnknownMembers {
    fn from(members: BTreeMap<String, Value>) -> Self {
        UnknownMembers(members)
    }
}

impl From<UnknownMembers> for BTreeMap<String, Value> {
    fn from(members: UnknownMembers) -> Self {
        members.0
    }
}

impl FromIterator<(String, Value)> for UnknownMembers {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> Self {
        UnknownMembers(iter.into_iter().collect())
    }
}

impl IntoIterator for UnknownMembers {
    type Item = (String, Value);
    type IntoIter = std::collections::btree_map::IntoIter<String, Value>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a UnknownMembers {
    type Item = (&'a String, &'a Value);
    type IntoIter = std::collections::btree_map::Iter<'a, String, Value>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for UnknownMembers {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        <BTreeMap<String, Value> as schemars::JsonSchema>::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        <BTreeMap<String, Value> as schemars::JsonSchema>::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <BTreeMap<String, Value> as schemars::JsonSchema>::json_schema(generator)
    }
}

/// A struct's builder from a header and one row per member of the generated code, every argument
/// labelled: the builder struct (named `TBuilder`, documented as a builder for `T`), per member
/// `name(value)`, `set_name(Option<value>)` and `get_name()`, `additional_property`/
/// `set_additional_properties` when the struct keeps unknown members, and `build()`. Builders are
/// most of the generated text, and these items are the same for every struct but for names and types.
///
/// ```text
/// builder!(type = T, builder = TBuilder, build = fallible, unknown = Keep(additional_properties);
///     field = name, wire = "wireName", presence = required, type = Type, setter = set_name, getter = get_name;
///     field = other, wire = "other", presence = optional, type = Other, setter = set_other, getter = get_other;
/// );
/// ```
///
/// `build = fallible` when a member is `required`: `build()` returns `Result<T, BuildError>`,
/// naming every required member not set; `infallible` otherwise, returning `T`. `unknown =
/// Keep(field)` when the struct keeps unknown members in `field`. A row: the member's Rust
/// `field`, its `wire` name, its `presence`, its `type` in the struct and its methods' names.
macro_rules! builder {
    (
        type = $target:ident, builder = $builder:ident, build = $build:ident $(, unknown = Keep($extra:ident))?;
        $(field = $field:ident, wire = $wire:literal, presence = $presence:ident, type = $ty:ty, setter = $set:ident, getter = $get:ident;)*
    ) => {
        #[doc = concat!("A builder for [`", stringify!($target), "`].")]
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct $builder {
            $($field: Option<$ty>,)*
            $($extra: $crate::UnknownMembers,)?
        }

        impl $builder {
            $($crate::support::builder!(@methods $field, $set, $get, $ty, $wire, $presence);)*
            $($crate::support::builder!(@keep $extra);)?
            $crate::support::builder!(@build $build $target { $($field $wire $presence),* } $($extra)?);
        }
    };
    (@methods $field:ident, $set:ident, $get:ident, $ty:ty, $wire:literal, required) => {
        $crate::support::builder!(@methods $field, $set, $get, $ty, $wire, concat!("Sets `", $wire, "` (required)."));
    };
    (@methods $field:ident, $set:ident, $get:ident, $ty:ty, $wire:literal, optional) => {
        $crate::support::builder!(@methods $field, $set, $get, $ty, $wire, concat!("Sets `", $wire, "`."));
    };
    // `#[inline]`: a builder method is compiled where it is called, not here for every member
    // (they were 7 % of the crate's machine code).
    (@methods $field:ident, $set:ident, $get:ident, $ty:ty, $wire:literal, $doc:expr) => {
        #[doc = $doc]
        #[inline]
        pub fn $field(mut self, input: impl Into<$ty>) -> Self {
            self.$field = Some(input.into());
            self
        }
        #[doc = concat!("Sets or clears `", $wire, "`.")]
        #[inline]
        pub fn $set(mut self, input: Option<$ty>) -> Self {
            self.$field = input;
            self
        }
        #[doc = concat!("The `", $wire, "` set so far.")]
        #[inline]
        pub fn $get(&self) -> &Option<$ty> {
            &self.$field
        }
    };
    (@keep $extra:ident) => {
        /// Adds a key the schema does not declare; it is written as given.
        pub fn additional_property(mut self, key: impl Into<String>, value: impl Into<::serde_json::Value>) -> Self {
            self.$extra.insert(key.into(), value.into());
            self
        }
        /// Replaces every key the schema does not declare.
        pub fn set_additional_properties(mut self, input: impl Into<$crate::UnknownMembers>) -> Self {
            self.$extra = input.into();
            self
        }
    };
    (@build fallible $target:ident { $($field:ident $wire:literal $presence:ident),* } $($extra:ident)?) => {
        #[doc = concat!("Builds the [`", stringify!($target), "`]; fails naming every required member not set.")]
        #[inline]
        pub fn build(self) -> Result<$target, $crate::BuildError> {
            let mut missing = Vec::new();
            $($crate::support::builder!(@check missing, self.$field, $field, $wire, $presence);)*
            if !missing.is_empty() {
                return Err($crate::BuildError::missing_members($crate::support::bare(stringify!($target)), missing));
            }
            Ok($target {
                $($field: $crate::support::builder!(@take self.$field, $target, $field, $wire, $presence),)*
                $($extra: self.$extra,)?
            })
        }
    };
    (@check $missing:ident, $value:expr, $field:ident, $wire:literal, required) => {
        if $value.is_none() {
            $missing.push($crate::MissingMember {
                field: $crate::support::bare(stringify!($field)),
                wire_name: $wire,
            });
        }
    };
    (@check $missing:ident, $value:expr, $field:ident, $wire:literal, optional) => {};
    (@build infallible $target:ident { $($field:ident $wire:literal $presence:ident),* } $($extra:ident)?) => {
        #[doc = concat!("Builds the [`", stringify!($target), "`].")]
        #[inline]
        pub fn build(self) -> $target {
            $target {
                $($field: self.$field,)*
                $($extra: self.$extra,)?
            }
        }
    };
    // Every required member was checked above; the error is never built here.
    (@take $value:expr, $target:ident, $field:ident, $wire:literal, required) => {
        $value.ok_or_else(|| {
            $crate::BuildError::missing_members(
                $crate::support::bare(stringify!($target)),
                vec![$crate::MissingMember { field: $crate::support::bare(stringify!($field)), wire_name: $wire }],
            )
        })?
    };
    (@take $value:expr, $target:ident, $field:ident, $wire:literal, optional) => {
        $value
    };
}
pub(crate) use builder;

/// An identifier as written without `r#`: the Rust name a [`BuildError`] reports.
pub(crate) fn bare(ident: &'static str) -> &'static str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// A required member a builder's `build()` found unset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MissingMember {
    /// Its Rust name (the builder's method).
    pub field: &'static str,
    /// Its name in the document (`ConnectionMode`, `connectionMode`).
    pub wire_name: &'static str,
}

/// A builder's `build()` found required members unset: every one of them, in declaration order.
///
/// ```
/// use appflow_connector_profile::cfn;
///
/// let err = cfn::SnowflakeConnectorProfileProperties::builder()
///     .warehouse("COMPUTE_WH")
///     .build()
///     .unwrap_err();
/// let missing: Vec<&str> = err.missing().iter().map(|m| m.wire_name).collect();
/// assert_eq!(missing, ["BucketName", "Stage"]);
/// assert_eq!(
///     err.to_string(),
///     "SnowflakeConnectorProfileProperties: required members not set: `BucketName` (.bucket_name()), `Stage` (.stage())"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildError {
    type_name: &'static str,
    missing: Vec<MissingMember>,
}

impl BuildError {
    /// The error for one missing required member, by its Rust name (also its wire name here).
    pub fn missing_field(type_name: &'static str, field: &'static str) -> Self {
        BuildError {
            type_name,
            missing: vec![MissingMember {
                field,
                wire_name: field,
            }],
        }
    }

    /// The error for the required members not set.
    pub fn missing_members(type_name: &'static str, missing: Vec<MissingMember>) -> Self {
        BuildError { type_name, missing }
    }

    /// The type being built.
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// The Rust name of the first member that was not set.
    pub fn field(&self) -> &'static str {
        self.missing.first().map_or("", |m| m.field)
    }

    /// Every required member that was not set.
    pub fn missing(&self) -> &[MissingMember] {
        &self.missing
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: required member", self.type_name)?;
        if self.missing.len() != 1 {
            f.write_str("s")?;
        }
        f.write_str(" not set: ")?;
        for (i, member) in self.missing.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "`{}` (.{}())", member.wire_name, member.field)?;
        }
        Ok(())
    }
}

impl std::error::Error for BuildError {}

/// An enum value the schema does not list, kept verbatim so it serializes back unchanged.
///
/// `Debug` and `Display` show it through [`validation::echo`](crate::validation::echo): at most 64
/// characters, control and invisible characters escaped.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnknownVariantValue(String);

impl UnknownVariantValue {
    pub(crate) fn new(value: &str) -> Self {
        UnknownVariantValue(value.to_owned())
    }

    /// The value as it appeared.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for UnknownVariantValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "UnknownVariantValue({:?})",
            crate::validation::echo(&self.0)
        )
    }
}

impl fmt::Display for UnknownVariantValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown value `{}`", crate::validation::echo(&self.0))
    }
}

impl std::error::Error for UnknownVariantValue {}

/// A point in time, as the AppFlow API sends it: seconds since the Unix epoch (fractions allowed),
/// to the nanosecond.
///
/// Converts to and from [`std::time::SystemTime`]; `Display` writes RFC 3339 in UTC (proleptic
/// Gregorian, years beyond 9999 and before 0 written with more digits or a sign). Fractions are read
/// through the number's shortest decimal form, so `1700000000.123` is 123 ms past the second, and
/// written back the same way.
///
/// Reading also takes an ISO 8601 date-time with an offset ([`Timestamp::parse_rfc3339`]), the
/// rendering of the same instant that the AWS CLI v2 and several SDKs print
/// (`"2023-11-14T22:13:20.123000+00:00"`); it is always written back as the wire's number.
///
/// ```
/// use appflow_connector_profile::Timestamp;
///
/// let t: Timestamp = serde_json::from_str("1700000000.123").unwrap();
/// assert_eq!(t.to_string(), "2023-11-14T22:13:20.123Z");
/// assert_eq!(serde_json::to_string(&t).unwrap(), "1700000000.123");
///
/// let printed: Timestamp = serde_json::from_str(r#""2023-11-14T22:13:20.123000+00:00""#).unwrap();
/// assert_eq!(printed, t);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    seconds: i64,
    nanos: u32,
}

impl Timestamp {
    /// The largest magnitude, in seconds, [`Timestamp::from_secs_f64`] accepts: about 285 million
    /// years, where an `f64` still resolves whole seconds.
    pub const MAX_SECS_F64: f64 = 9.0e15;

    /// From whole seconds since the epoch.
    pub fn from_secs(seconds: i64) -> Self {
        Timestamp { seconds, nanos: 0 }
    }

    /// From whole seconds since the epoch (floor) and nanoseconds past them; `None` unless
    /// `nanos` is below one second.
    pub fn from_secs_and_nanos(seconds: i64, nanos: u32) -> Option<Self> {
        (nanos < 1_000_000_000).then_some(Timestamp { seconds, nanos })
    }

    /// From seconds since the epoch with a fraction, read through the number's shortest decimal
    /// form and rounded to the nanosecond; `None` if not finite or beyond
    /// [`Timestamp::MAX_SECS_F64`].
    pub fn from_secs_f64(seconds: f64) -> Option<Self> {
        if !seconds.is_finite() || seconds.abs() > Self::MAX_SECS_F64 {
            return None;
        }
        // `Display` of an f64 is its shortest round-trip decimal and never uses an exponent.
        Self::from_decimal(&format!("{seconds}"))
    }

    /// From a JSON number, as deserialization reads one: any `i64`, or a fraction within
    /// [`Timestamp::MAX_SECS_F64`].
    pub fn from_json_number(number: &serde_json::Number) -> Option<Self> {
        match number.as_i64() {
            Some(seconds) => Some(Timestamp::from_secs(seconds)),
            None if number.is_u64() => None,
            None => number.as_f64().and_then(Timestamp::from_secs_f64),
        }
    }

    /// From an RFC 3339 date-time (ISO 8601's extended form with an offset), as the AWS CLI v2
    /// (`2023-11-14T22:13:20.123000+00:00`), JavaScript's `toISOString`, Java's `Instant` or Go's
    /// `time.Time` print one: `YYYY-MM-DDThh:mm:ss`, an optional fraction (`.` or `,`, digits beyond
    /// the nanosecond dropped), then `Z` or an offset `±hh:mm` (also `±hhmm`, `±hh`). A space may
    /// stand for the `T` (Python's `str` of a `datetime`), lower case for `T` and `Z`; a leap second
    /// (`:60`) is the next minute's first. `None` for anything else, a date-time without an offset
    /// included: it names no instant.
    ///
    /// ```
    /// use appflow_connector_profile::Timestamp;
    ///
    /// let t = Timestamp::parse_rfc3339("2023-11-14T23:13:20.5+01:00").unwrap();
    /// assert_eq!((t.secs(), t.subsec_nanos()), (1_700_000_000, 500_000_000));
    /// assert_eq!(Timestamp::parse_rfc3339("2023-11-14T22:13:20"), None);
    /// ```
    pub fn parse_rfc3339(text: &str) -> Option<Self> {
        fn number(bytes: &[u8]) -> Option<i64> {
            if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_digit) {
                return None;
            }
            Some(bytes.iter().fold(0, |n, d| n * 10 + i64::from(d - b'0')))
        }
        let b = text.as_bytes();
        if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[13] != b':' || b[16] != b':' {
            return None;
        }
        if !matches!(b[10], b'T' | b't' | b' ') {
            return None;
        }
        let (year, month, day) = (number(&b[0..4])?, number(&b[5..7])?, number(&b[8..10])?);
        let (hour, minute, second) = (number(&b[11..13])?, number(&b[14..16])?, number(&b[17..19])?);
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let month_days = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            1..=12 => 31,
            _ => return None,
        };
        if !(1..=month_days).contains(&day) || hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        let mut rest = &b[19..];
        let mut nanos: u32 = 0;
        if let Some((b'.' | b',', fraction)) = rest.split_first() {
            let digits = fraction.iter().take_while(|d| d.is_ascii_digit()).count();
            if digits == 0 {
                return None;
            }
            let mut scale = 100_000_000;
            for digit in &fraction[..digits.min(9)] {
                nanos += u32::from(digit - b'0') * scale;
                scale /= 10;
            }
            rest = &fraction[digits..];
        }
        let offset = match rest {
            [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), zone @ ..] => {
                let (hours, minutes) = match zone {
                    [h1, h2] => (number(&[*h1, *h2])?, 0),
                    [h1, h2, b':', m1, m2] | [h1, h2, m1, m2] => {
                        (number(&[*h1, *h2])?, number(&[*m1, *m2])?)
                    }
                    _ => return None,
                };
                if hours > 23 || minutes > 59 {
                    return None;
                }
                let offset = hours * 3600 + minutes * 60;
                if *sign == b'-' {
                    -offset
                } else {
                    offset
                }
            }
            _ => return None,
        };
        // Days since the epoch from the civil date (Howard Hinnant's algorithm, the inverse of
        // `Display`'s).
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let year_of_era = y - era * 400;
        let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        let days = era * 146_097 + day_of_era - 719_468;
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset;
        Some(Timestamp { seconds, nanos })
    }

    /// `[-]digits[.digits]`, rounded half up to the nanosecond.
    fn from_decimal(text: &str) -> Option<Self> {
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let mut whole: i64 = whole.parse().ok()?;
        let mut nanos: u32 = 0;
        let mut scale = 100_000_000;
        for (i, digit) in fraction.bytes().enumerate() {
            let digit = u32::from(digit.checked_sub(b'0').filter(|d| *d <= 9)?);
            if i < 9 {
                nanos += digit * scale;
                scale /= 10;
            } else {
                if digit >= 5 {
                    nanos += 1;
                }
                break;
            }
        }
        if nanos == 1_000_000_000 {
            whole = whole.checked_add(1)?;
            nanos = 0;
        }
        Some(match (negative, nanos) {
            (false, _) => Timestamp {
                seconds: whole,
                nanos,
            },
            (true, 0) => Timestamp {
                seconds: whole.checked_neg()?,
                nanos: 0,
            },
            (true, _) => Timestamp {
                seconds: whole.checked_neg()?.checked_sub(1)?,
                nanos: 1_000_000_000 - nanos,
            },
        })
    }

    /// The shortest decimal of the value: `1700000000.123`, `-1.5`, `42`.
    fn decimal(&self) -> String {
        if self.nanos == 0 {
            return self.seconds.to_string();
        }
        let (sign, whole, fraction) = if self.seconds >= 0 {
            ("", self.seconds.unsigned_abs(), self.nanos)
        } else {
            // seconds + nanos/1e9 = -((-seconds - 1) + (1e9 - nanos)/1e9)
            (
                "-",
                (self.seconds + 1).unsigned_abs(),
                1_000_000_000 - self.nanos,
            )
        };
        let fraction = format!("{fraction:09}");
        format!("{sign}{whole}.{}", fraction.trim_end_matches('0'))
    }

    /// Whole seconds since the epoch (floor).
    pub fn secs(&self) -> i64 {
        self.seconds
    }

    /// Nanoseconds past [`Timestamp::secs`].
    pub fn subsec_nanos(&self) -> u32 {
        self.nanos
    }

    /// As a `SystemTime`; `None` where the platform's `SystemTime` cannot represent it.
    pub fn to_system_time(&self) -> Option<std::time::SystemTime> {
        let whole = std::time::Duration::from_secs(self.seconds.unsigned_abs());
        let base = if self.seconds >= 0 {
            std::time::UNIX_EPOCH.checked_add(whole)?
        } else {
            std::time::UNIX_EPOCH.checked_sub(whole)?
        };
        base.checked_add(std::time::Duration::from_nanos(u64::from(self.nanos)))
    }
}

impl From<std::time::SystemTime> for Timestamp {
    /// Saturates at the ends of the `i64` range of seconds (beyond any platform's `SystemTime` today).
    fn from(time: std::time::SystemTime) -> Self {
        let (seconds, nanos) = match time.duration_since(std::time::UNIX_EPOCH) {
            Ok(after) => (i128::from(after.as_secs()), after.subsec_nanos()),
            Err(before) => {
                let before = before.duration();
                match before.subsec_nanos() {
                    0 => (-i128::from(before.as_secs()), 0),
                    nanos => (-i128::from(before.as_secs()) - 1, 1_000_000_000 - nanos),
                }
            }
        };
        match i64::try_from(seconds) {
            Ok(seconds) => Timestamp { seconds, nanos },
            Err(_) if seconds > 0 => Timestamp {
                seconds: i64::MAX,
                nanos: 999_999_999,
            },
            Err(_) => Timestamp::from_secs(i64::MIN),
        }
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Civil date from days since the epoch (Howard Hinnant's algorithm); no step overflows
        // for any i64 of seconds.
        let days = self.seconds.div_euclid(86_400);
        let second_of_day = self.seconds.rem_euclid(86_400);
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z.rem_euclid(146_097);
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let mp = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        write!(
            f,
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
            second_of_day / 3600,
            second_of_day / 60 % 60,
            second_of_day % 60
        )?;
        if self.nanos != 0 {
            let fraction = format!("{:09}", self.nanos);
            write!(f, ".{}", fraction.trim_end_matches('0'))?;
        }
        f.write_str("Z")
    }
}

/// Why a string is not a timestamp.
pub(crate) const NOT_A_DATE_TIME: &str = "must be an ISO 8601 date-time with an offset, such as 2023-11-14T22:13:20.123Z or 2023-11-14T22:13:20.123000+00:00 (the AWS CLI v2's form), or a number of seconds since the Unix epoch";

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.nanos == 0 {
            serializer.serialize_i64(self.seconds)
        } else {
            // Through the decimal, so the f64 written is the one whose shortest form it is.
            let seconds: f64 = self.decimal().parse().unwrap_or(f64::NAN);
            serializer.serialize_f64(seconds)
        }
    }
}

impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl serde::de::Visitor<'_> for Visitor {
            type Value = Timestamp;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("seconds since the Unix epoch, or an ISO 8601 date-time with an offset")
            }

            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Timestamp, E> {
                Ok(Timestamp::from_secs(v))
            }

            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Timestamp, E> {
                i64::try_from(v)
                    .map(Timestamp::from_secs)
                    .map_err(|_| E::custom("timestamp out of range"))
            }

            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Timestamp, E> {
                Timestamp::from_secs_f64(v).ok_or_else(|| E::custom("timestamp out of range"))
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Timestamp, E> {
                Timestamp::parse_rfc3339(v).ok_or_else(|| E::custom(NOT_A_DATE_TIME))
            }
        }

        deserializer.deserialize_any(Visitor)
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for Timestamp {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed("Timestamp")
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "anyOf": [
                { "type": "number", "description": "Seconds since the Unix epoch (the wire's form)." },
                { "type": "string", "format": "date-time", "description": "An RFC 3339 date-time with an offset." }
            ]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_date_times_are_the_instants_they_name() {
        let at = |text: &str| Timestamp::parse_rfc3339(text).map(|t| (t.secs(), t.subsec_nanos()));
        // The AWS CLI v2, JavaScript, Python's str(datetime), offsets either side, short offsets.
        assert_eq!(at("2023-11-14T22:13:20.123000+00:00"), Some((1_700_000_000, 123_000_000)));
        assert_eq!(at("2023-11-14T22:13:20.123Z"), Some((1_700_000_000, 123_000_000)));
        assert_eq!(at("2023-11-14 22:13:20+00:00"), Some((1_700_000_000, 0)));
        assert_eq!(at("2023-11-14t22:13:20z"), Some((1_700_000_000, 0)));
        assert_eq!(at("2023-11-15T00:13:20+0200"), Some((1_700_000_000, 0)));
        assert_eq!(at("2023-11-14T17:13:20-05"), Some((1_700_000_000, 0)));
        assert_eq!(at("2023-11-14T22:13:20,5Z"), Some((1_700_000_000, 500_000_000)));
        assert_eq!(at("2023-11-14T22:13:20.1234567891Z"), Some((1_700_000_000, 123_456_789)));
        assert_eq!(at("1970-01-01T00:00:00Z"), Some((0, 0)));
        assert_eq!(at("1969-12-31T23:59:59.5Z"), Some((-1, 500_000_000)));
        assert_eq!(at("2000-02-29T00:00:00Z"), Some((951_782_400, 0)));
        assert_eq!(at("2016-12-31T23:59:60Z"), Some((1_483_228_800, 0)));
        for bad in [
            "2023-11-14T22:13:20",
            "2023-11-14",
            "2023-11-14T22:13:20.Z",
            "2023-13-14T22:13:20Z",
            "2023-02-29T22:13:20Z",
            "2023-11-14T24:00:00Z",
            "2023-11-14T22:13:20+24:00",
            "2023-11-14T22:13:20+1",
            "2023-11-14T22:13:20Z ",
            "+2023-11-14T22:13:20Z",
            "2023-11-14X22:13:20Z",
            "２０23-11-14T22:13:20Z",
            "1700000000",
        ] {
            assert_eq!(at(bad), None, "{bad}");
        }
        // Every second of a day and every day of 400 years round-trips through Display.
        for seconds in (-20_000_000_000_i64..20_000_000_000).step_by(86_399 * 7 + 13) {
            let t = Timestamp::from_secs(seconds);
            assert_eq!(Timestamp::parse_rfc3339(&t.to_string()), Some(t), "{t}");
        }
    }

    #[test]
    fn to_json_writes_what_serialize_writes() {
        for (secs, nanos) in [(0, 0), (1_700_000_000, 0), (1_700_000_000, 123_000_000), (-5, 500_000_000), (1, 1)] {
            let t = Timestamp::from_secs_and_nanos(secs, nanos).expect("in range");
            assert_eq!(t.to_json(), serde_json::to_value(t).unwrap(), "{secs}.{nanos}");
        }
        let secret: Sensitive<String> = "s".into();
        assert_eq!(secret.to_json(), serde_json::to_value(&secret).unwrap());
        let nested: BTreeMap<String, Vec<Box<i64>>> =
            [("a".to_owned(), vec![Box::new(1), Box::new(-2)])].into_iter().collect();
        assert_eq!(nested.to_json(), serde_json::to_value(&nested).unwrap());
        assert_eq!(true.to_json(), Value::Bool(true));
        assert_eq!(u64::MAX.to_json(), serde_json::to_value(u64::MAX).unwrap());
    }
}
