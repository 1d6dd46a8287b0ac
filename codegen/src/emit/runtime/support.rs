//! Support types used by every generated module.

use std::fmt;

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

/// A builder's `build()` found a required member unset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildError {
    type_name: &'static str,
    field: &'static str,
}

impl BuildError {
    /// The error for a missing required member.
    pub fn missing_field(type_name: &'static str, field: &'static str) -> Self {
        BuildError { type_name, field }
    }

    /// The type being built.
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// The Rust name of the member that was not set.
    pub fn field(&self) -> &'static str {
        self.field
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} was not specified but it is required when building {}",
            self.field, self.type_name
        )
    }
}

impl std::error::Error for BuildError {}

/// An enum value the schema does not list, kept verbatim so it serializes back unchanged.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

impl fmt::Display for UnknownVariantValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown value {:?}", self.0)
    }
}

impl std::error::Error for UnknownVariantValue {}

/// A point in time, as the AppFlow API sends it: seconds since the Unix epoch (fractions allowed).
///
/// Converts to and from [`std::time::SystemTime`]; `Display` writes RFC 3339 in UTC.
///
/// ```
/// use appflow_connector_profile::Timestamp;
///
/// let t: Timestamp = serde_json::from_str("1700000000.5").unwrap();
/// assert_eq!(t.to_string(), "2023-11-14T22:13:20.5Z");
/// assert_eq!(serde_json::to_string(&t).unwrap(), "1700000000.5");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    seconds: i64,
    nanos: u32,
}

impl Timestamp {
    /// From whole seconds since the epoch.
    pub fn from_secs(seconds: i64) -> Self {
        Timestamp { seconds, nanos: 0 }
    }

    /// From seconds since the epoch with a fraction; `None` if not finite or out of range.
    pub fn from_secs_f64(seconds: f64) -> Option<Self> {
        if !seconds.is_finite() || seconds.abs() > 9.0e15 {
            return None;
        }
        let whole = seconds.floor();
        let nanos = ((seconds - whole) * 1e9).round() as u32;
        let (whole, nanos) = if nanos >= 1_000_000_000 {
            (whole + 1.0, 0)
        } else {
            (whole, nanos)
        };
        Some(Timestamp {
            seconds: whole as i64,
            nanos,
        })
    }

    /// Whole seconds since the epoch (floor).
    pub fn secs(&self) -> i64 {
        self.seconds
    }

    /// Nanoseconds past [`Timestamp::secs`].
    pub fn subsec_nanos(&self) -> u32 {
        self.nanos
    }

    /// As a `SystemTime`.
    pub fn to_system_time(&self) -> std::time::SystemTime {
        let since = std::time::Duration::new(self.seconds.unsigned_abs(), 0);
        let base = if self.seconds >= 0 {
            std::time::UNIX_EPOCH + since
        } else {
            std::time::UNIX_EPOCH - since
        };
        base + std::time::Duration::from_nanos(u64::from(self.nanos))
    }
}

impl From<std::time::SystemTime> for Timestamp {
    fn from(time: std::time::SystemTime) -> Self {
        match time.duration_since(std::time::UNIX_EPOCH) {
            Ok(after) => Timestamp {
                seconds: after.as_secs() as i64,
                nanos: after.subsec_nanos(),
            },
            Err(before) => {
                let before = before.duration();
                let (secs, nanos) = (before.as_secs() as i64, before.subsec_nanos());
                if nanos == 0 {
                    Timestamp {
                        seconds: -secs,
                        nanos: 0,
                    }
                } else {
                    Timestamp {
                        seconds: -secs - 1,
                        nanos: 1_000_000_000 - nanos,
                    }
                }
            }
        }
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Civil date from days since the epoch (Howard Hinnant's algorithm).
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

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.nanos == 0 {
            serializer.serialize_i64(self.seconds)
        } else {
            serializer.serialize_f64(self.seconds as f64 + f64::from(self.nanos) / 1e9)
        }
    }
}

impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl serde::de::Visitor<'_> for Visitor {
            type Value = Timestamp;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("seconds since the Unix epoch")
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
        schemars::json_schema!({ "type": "number", "description": "Seconds since the Unix epoch." })
    }
}
