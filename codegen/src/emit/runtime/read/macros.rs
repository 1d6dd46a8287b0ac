//! The macros generated types call: `object!` (a struct's member table and the impls built on
//! it) and `enums!`.


/// A generated struct's member table: its [`Object`] impl (the reader's one match arm per member),
/// its typed `Walk`, and the `Read`, `Deserialize`, `Validate` and `FromJson` built on them, from
/// a header and one row per member, every argument labelled.
///
/// ```text
/// object!(type = T, secrecy = Plain, sender = Client, unknown = Keep(additional_properties), rules = true;
///     field = name, wire = "wireName", presence = required, spec = specs::NAME;
///     field = other, wire = "other", presence = optional, spec = checks::NONE;
/// );
/// ```
///
/// The header: the struct's `type`, its `secrecy` ([`Secrecy`](crate::validation::Secrecy)), the
/// `sender` of documents rooted at it ([`Sender`](crate::validation::Sender)), its `unknown`-key
/// policy ([`Unknown`]; `Keep(field)` names the field keeping them) and whether it has `rules` of
/// its own. A row: the member's Rust `field`, its `wire` name, its `presence` (`required` or
/// `optional`) and its [`Spec`].
macro_rules! object {
    (type = $t:ident, secrecy = $secrecy:ident, sender = $sender:ident,
     unknown = $unknown:ident $(($extra:ident))?, rules = $has_rules:literal;
     $(field = $field:ident, wire = $wire:literal, presence = $presence:ident, spec = $spec:path;)*) => {
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
                        $($wire => $field.read_member(
                            map,
                            $wire,
                            $crate::read::object!(@required $presence),
                            &$spec,
                            cx,
                        )?,)*
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
        impl $crate::read::Read for $t {
            fn read_into<'de>(src: &mut dyn $crate::read::Src<'de>, _: &'static $crate::checks::Spec, cx: &mut $crate::read::Cx, out: &mut ::std::option::Option<Self>) -> ::std::result::Result<(), $crate::read::Stop> {
                $crate::read::read_object(src, cx, out)
            }
            fn read_scalar(json: $crate::read::Json<'_>, _: &'static $crate::checks::Spec, cx: &mut $crate::read::Cx, _: &mut ::std::option::Option<Self>) {
                $crate::read::not_an_object(cx, json);
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

/// `Read`, `Walk`, `Rules`, `Validate` and `ToJson` for a generated enum:
/// `enums!(type = ConnectorType);`.
macro_rules! enums {
    (type = $t:ident) => {
        impl $crate::read::Read for $t {
            const SCALAR: bool = true;
            fn read_scalar(json: $crate::read::Json<'_>, _: &'static $crate::checks::Spec, cx: &mut $crate::read::Cx, out: &mut ::std::option::Option<Self>) {
                $crate::read::read_enum(json, <$t>::values(), <$t>::is_unknown, cx, out);
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
            fn as_json_str(&self) -> ::std::option::Option<&str> {
                ::std::option::Option::Some(self.as_str())
            }
        }
    };
}
pub(crate) use enums;
