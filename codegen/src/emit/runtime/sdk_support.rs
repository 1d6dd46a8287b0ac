//! Carrying members between this crate's `api` types and those of `aws-sdk-appflow`: the error of
//! the SDK → crate direction and the traits the generated conversions in [`crate::sdk`] call.

use std::collections::BTreeMap;
use std::fmt;

use aws_sdk_appflow::primitives::DateTime;

use crate::{Sensitive, Timestamp};

/// Why a value from `aws-sdk-appflow` cannot be this crate's: the type and member (as the API model
/// names them) and the reason. It never holds the value, which may be a secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConversionError {
    type_name: &'static str,
    member: &'static str,
    reason: Reason,
}

/// What was wrong with a member.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reason {
    /// A member this crate requires is unset (the SDK keeps operation members optional).
    Missing,
    /// A number beyond the type this crate holds it in (the model's bounds).
    OutOfRange,
    /// A timestamp this crate cannot hold.
    BadTimestamp,
}

impl ConversionError {
    fn new(at: At, reason: Reason) -> Self {
        ConversionError {
            type_name: at.0,
            member: at.1,
            reason,
        }
    }

    /// The API model's name of the type.
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// The member, as the API model spells it on the wire.
    pub fn member(&self) -> &'static str {
        self.member
    }
}

impl fmt::Display for ConversionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let reason = match self.reason {
            Reason::Missing => "is required but not set",
            Reason::OutOfRange => "is out of range",
            Reason::BadTimestamp => "is not a valid timestamp",
        };
        write!(f, "`{}` of {} {reason}", self.member, self.type_name)
    }
}

impl std::error::Error for ConversionError {}

impl From<std::convert::Infallible> for ConversionError {
    fn from(never: std::convert::Infallible) -> Self {
        match never {}
    }
}

/// Where a member is: (type, member) as the API model names them.
pub(crate) type At = (&'static str, &'static str);

/// A value of this crate carried into the SDK's type `T`. Infallible: the SDK's types are at least
/// as wide as this crate's.
pub(crate) trait IntoSdk<T> {
    fn into_sdk(self) -> T;
}

/// A value of the SDK's type `T` carried into this crate's.
pub(crate) trait FromSdk<T>: Sized {
    fn from_sdk(value: T, at: At) -> Result<Self, ConversionError>;
}

macro_rules! same {
    ($($t:ty),*) => {$(
        impl IntoSdk<$t> for $t {
            fn into_sdk(self) -> $t {
                self
            }
        }
        impl FromSdk<$t> for $t {
            fn from_sdk(value: $t, _: At) -> Result<Self, ConversionError> {
                Ok(value)
            }
        }
    )*};
}
same!(String, bool, i32, i64);

/// This crate holds integers in the narrowest type their bounds allow; the SDK in `i32` (model
/// `integer`) or `i64` (`long`).
macro_rules! narrow {
    ($($ours:ty => $sdk:ty),*) => {$(
        impl IntoSdk<$sdk> for $ours {
            fn into_sdk(self) -> $sdk {
                <$sdk>::from(self)
            }
        }
        impl FromSdk<$sdk> for $ours {
            fn from_sdk(value: $sdk, at: At) -> Result<Self, ConversionError> {
                <$ours>::try_from(value).map_err(|_| ConversionError::new(at, Reason::OutOfRange))
            }
        }
    )*};
}
narrow!(u8 => i32, i8 => i32, u16 => i32, i16 => i32, u8 => i64, i8 => i64, u16 => i64, i16 => i64, u32 => i64, i32 => i64);

impl IntoSdk<DateTime> for Timestamp {
    fn into_sdk(self) -> DateTime {
        DateTime::from_secs_and_nanos(self.secs(), self.subsec_nanos())
    }
}

impl FromSdk<DateTime> for Timestamp {
    fn from_sdk(value: DateTime, at: At) -> Result<Self, ConversionError> {
        Timestamp::from_secs_and_nanos(value.secs(), value.subsec_nanos())
            .ok_or(ConversionError::new(at, Reason::BadTimestamp))
    }
}

/// Secrets: the SDK holds them as plain values (and redacts them in its own `Debug`).
impl<T: IntoSdk<U>, U> IntoSdk<U> for Sensitive<T> {
    fn into_sdk(self) -> U {
        self.into_inner().into_sdk()
    }
}

impl<T: FromSdk<U>, U> FromSdk<U> for Sensitive<T> {
    fn from_sdk(value: U, at: At) -> Result<Self, ConversionError> {
        T::from_sdk(value, at).map(Sensitive::new)
    }
}

/// Connector container members: boxed here, held inline by the SDK.
impl<T: IntoSdk<U>, U> IntoSdk<U> for Box<T> {
    fn into_sdk(self) -> U {
        (*self).into_sdk()
    }
}

impl<T: FromSdk<U>, U> FromSdk<U> for Box<T> {
    fn from_sdk(value: U, at: At) -> Result<Self, ConversionError> {
        T::from_sdk(value, at).map(Box::new)
    }
}

impl<T: IntoSdk<U>, U> IntoSdk<Option<U>> for Option<T> {
    fn into_sdk(self) -> Option<U> {
        self.map(IntoSdk::into_sdk)
    }
}

impl<T: FromSdk<U>, U> FromSdk<Option<U>> for Option<T> {
    fn from_sdk(value: Option<U>, at: At) -> Result<Self, ConversionError> {
        value.map(|v| T::from_sdk(v, at)).transpose()
    }
}

impl<T: IntoSdk<U>, U> IntoSdk<Vec<U>> for Vec<T> {
    fn into_sdk(self) -> Vec<U> {
        self.into_iter().map(IntoSdk::into_sdk).collect()
    }
}

impl<T: FromSdk<U>, U> FromSdk<Vec<U>> for Vec<T> {
    fn from_sdk(value: Vec<U>, at: At) -> Result<Self, ConversionError> {
        value.into_iter().map(|v| T::from_sdk(v, at)).collect()
    }
}

// The SDK's maps are `HashMap`s; this crate's are ordered. Converting is the one place the type
// is named, and iteration order does not reach any output: the result is a `BTreeMap` or the
// SDK's own map.
#[allow(clippy::disallowed_types)]
type SdkMap<V> = std::collections::HashMap<String, V>;

impl<T: IntoSdk<U>, U> IntoSdk<SdkMap<U>> for BTreeMap<String, T> {
    fn into_sdk(self) -> SdkMap<U> {
        self.into_iter().map(|(k, v)| (k, v.into_sdk())).collect()
    }
}

impl<T: FromSdk<U>, U> FromSdk<SdkMap<U>> for BTreeMap<String, T> {
    fn from_sdk(value: SdkMap<U>, at: At) -> Result<Self, ConversionError> {
        value
            .into_iter()
            .map(|(k, v)| Ok((k, T::from_sdk(v, at)?)))
            .collect()
    }
}

/// A member this crate requires that the SDK holds as an `Option` (operation inputs and outputs).
pub(crate) fn required<T>(value: Option<T>, at: At) -> Result<T, ConversionError> {
    value.ok_or(ConversionError::new(at, Reason::Missing))
}

/// A member the SDK holds with a default (a `bool` that is `false` unless set) and this crate as an
/// `Option`: the SDK never writes the default on the wire, so it reads back as unset.
pub(crate) fn unless_default<T: PartialEq>(value: T, default: T) -> Option<T> {
    (value != default).then_some(value)
}

/// What an SDK builder's `build()` returns: the value, or a `Result` when the shape has required
/// members.
pub(crate) trait Built<T> {
    fn built(self) -> T;
}

impl<T> Built<T> for T {
    fn built(self) -> T {
        self
    }
}

impl<T, E: fmt::Display> Built<T> for Result<T, E> {
    /// The generated conversions set every member the SDK requires: each is required in this crate's
    /// type too (the reverse conversion reads it as a plain value, so a disagreement does not
    /// compile), so this never fails for a value of this crate.
    fn built(self) -> T {
        match self {
            Ok(value) => value,
            Err(error) => panic!("aws-sdk-appflow requires a member this crate's model leaves optional: {error}"),
        }
    }
}

/// An `api` type's conversions to and from the SDK's, from one line of the generated `sdk.rs`, and
/// the link that lets members holding it be carried (`IntoSdk`/`FromSdk`).
///
/// ```text
/// link_sdk!(enum = Kind, sdk = ::aws_sdk_appflow::types::Kind);
/// link_sdk!(type = Shape, sdk = ::aws_sdk_appflow::types::Shape;
///     field = name, wire = "wireName", presence = required, sdk_field = sdk_name, sdk_setter = set_sdk_name, sdk_presence = Optional;
/// );
/// link_sdk!(type = Request, sdk = ::aws_sdk_appflow::operation::op::OpInput, sdk_builder = ::aws_sdk_appflow::operation::op::builders::OpInputBuilder;
///     …
/// );
/// ```
///
/// An enum goes by its string both ways. A struct: `TryFrom` the SDK's type, each member read
/// through `FromSdk` as the SDK holds it (`sdk_presence`: `Optional`, `Required`, `DefaultFalse`)
/// and this crate wants it (`presence`: `required`, `optional`); `From` into the SDK's type through
/// its builder, each member set through `IntoSdk` (for an operation's input, `From` into the
/// input's `sdk_builder` too, and the input through it). A row names the member as this crate's
/// `field`, its `wire` name (for errors), then as the SDK's field and setter.
macro_rules! link_sdk {
    (enum = $ours:ident, sdk = $sdk:ty) => {
        impl From<$crate::api::$ours> for $sdk {
            fn from(value: $crate::api::$ours) -> Self {
                <$sdk>::from(value.as_str())
            }
        }
        impl From<$sdk> for $crate::api::$ours {
            fn from(value: $sdk) -> Self {
                <$crate::api::$ours>::from(value.as_str())
            }
        }
        $crate::sdk_support::link_sdk!(@link $crate::api::$ours, $sdk);
    };
    (
        type = $ours:ident, sdk = $sdk:ty, sdk_builder = $builder:ty;
        $(field = $field:ident, wire = $wire:literal, presence = $req:ident,
          sdk_field = $sdk_field:ident, sdk_setter = $set:ident, sdk_presence = $presence:ident;)*
    ) => {
        $crate::sdk_support::link_sdk!(@try_from $ours, $sdk; $($field $wire $req $sdk_field $presence),*);
        impl From<$crate::api::$ours> for $builder {
            fn from(value: $crate::api::$ours) -> Self {
                let $crate::api::$ours { $($field),* } = value;
                <$sdk>::builder() $(.$set($crate::sdk_support::link_sdk!(@into $field $req)))*
            }
        }
        impl From<$crate::api::$ours> for $sdk {
            fn from(value: $crate::api::$ours) -> Self {
                $crate::sdk_support::Built::built(<$builder>::from(value).build())
            }
        }
        $crate::sdk_support::link_sdk!(@link $crate::api::$ours, $sdk);
    };
    (
        type = $ours:ident, sdk = $sdk:ty;
        $(field = $field:ident, wire = $wire:literal, presence = $req:ident,
          sdk_field = $sdk_field:ident, sdk_setter = $set:ident, sdk_presence = $presence:ident;)*
    ) => {
        $crate::sdk_support::link_sdk!(@try_from $ours, $sdk; $($field $wire $req $sdk_field $presence),*);
        impl From<$crate::api::$ours> for $sdk {
            fn from(value: $crate::api::$ours) -> Self {
                let $crate::api::$ours { $($field),* } = value;
                $crate::sdk_support::Built::built(
                    <$sdk>::builder() $(.$set($crate::sdk_support::link_sdk!(@into $field $req)))* .build(),
                )
            }
        }
        $crate::sdk_support::link_sdk!(@link $crate::api::$ours, $sdk);
    };
    // An empty struct reads nothing from the SDK's value.
    (@try_from $ours:ident, $sdk:ty;) => {
        impl ::std::convert::TryFrom<$sdk> for $crate::api::$ours {
            type Error = $crate::sdk_support::ConversionError;
            fn try_from(_value: $sdk) -> Result<Self, $crate::sdk_support::ConversionError> {
                Ok($crate::api::$ours {})
            }
        }
    };
    (@try_from $ours:ident, $sdk:ty; $($field:ident $wire:literal $req:ident $sdk_field:ident $presence:ident),+) => {
        impl ::std::convert::TryFrom<$sdk> for $crate::api::$ours {
            type Error = $crate::sdk_support::ConversionError;
            fn try_from(value: $sdk) -> Result<Self, $crate::sdk_support::ConversionError> {
                Ok($crate::api::$ours {
                    $($field: $crate::sdk_support::FromSdk::from_sdk(
                        $crate::sdk_support::link_sdk!(@read value.$sdk_field, (stringify!($ours), $wire), $req $presence),
                        (stringify!($ours), $wire),
                    )?),+
                })
            }
        }
    };
    // Reading a member: as the SDK holds it, into what `FromSdk` takes for this crate's field.
    (@read $value:expr, $at:expr, required Optional) => {
        $crate::sdk_support::required($value, $at)?
    };
    (@read $value:expr, $at:expr, optional DefaultFalse) => {
        $crate::sdk_support::unless_default($value, false)
    };
    (@read $value:expr, $at:expr, optional Required) => {
        Some($value)
    };
    (@read $value:expr, $at:expr, $req:ident $presence:ident) => {
        $value
    };
    // Setting a member: the SDK's setters take an `Option`.
    (@into $field:ident required) => {
        Some($crate::sdk_support::IntoSdk::into_sdk($field))
    };
    (@into $field:ident optional) => {
        $crate::sdk_support::IntoSdk::into_sdk($field)
    };
    // Members holding the type.
    (@link $ours:ty, $sdk:ty) => {
        impl $crate::sdk_support::IntoSdk<$sdk> for $ours {
            fn into_sdk(self) -> $sdk {
                <$sdk>::from(self)
            }
        }
        impl $crate::sdk_support::FromSdk<$sdk> for $ours {
            fn from_sdk(
                value: $sdk,
                _: $crate::sdk_support::At,
            ) -> Result<Self, $crate::sdk_support::ConversionError> {
                <$ours>::try_from(value).map_err(Into::into)
            }
        }
    };
}
pub(crate) use link_sdk;
