//! Secret canaries: values that must never be printed, planted in every secret member a document
//! reaches (found through the generated crate's IR) or under unknown keys, for the tests, the
//! property tests and the fuzz targets to look for in every output.

use std::collections::BTreeSet;

use codegen::ir::{Module, TypeDef, TypeRef, UnknownKeys};
use serde_json::Value;

pub const CANARY: &str = "CANARY-SECRET-";

/// An invalid secret holding a canary: longer than any secret may be and containing a space
/// (so it fails `^\S+$`), a `-` (so it fails `^[\w]{1,128}$` as a map key) and no `arn:aws:`.
pub fn canary_value(n: usize) -> String {
    let mut value = format!("{CANARY}{n} ");
    while value.chars().count() <= 10_000 {
        value.push_str("-x ");
    }
    value
}

/// An invalid map key holding a canary (`-` is outside `\w`).
pub fn canary_key(n: usize) -> String {
    format!("{CANARY}{n}-key")
}

/// Where the canaries were put.
#[derive(Default)]
pub struct Planted {
    /// How many canaries were planted.
    pub next: usize,
    /// Plant short canaries that satisfy `\S+` (`CANARY-SECRET-<n>`, and `CANARY-SECRET-<n>_key`
    /// as map keys) rather than invalid ones, so that a document can stay valid and its typed
    /// value be printed.
    pub valid: bool,
    /// (module, struct, member) of every secret member replaced.
    pub members: BTreeSet<(&'static str, String, String)>,
    /// JSON Pointers of the replaced members.
    pub pointers: Vec<String>,
}

pub fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Replaces the value of every secret member reached in `value`, a `type_name` of `module`,
/// with canaries: strings become invalid canary strings, maps get canary keys and values.
pub fn plant(
    module: &Module,
    type_name: &str,
    value: &mut Value,
    pointer: &str,
    planted: &mut Planted,
) {
    match module.types.get(type_name) {
        Some(TypeDef::Struct(s)) => {
            let Some(object) = value.as_object_mut() else {
                return;
            };
            for field in &s.fields {
                let Some(member) = object.get_mut(&field.wire_name) else {
                    continue;
                };
                let here = format!("{pointer}/{}", escape(&field.wire_name));
                if field.sensitive.is_some() {
                    planted.next += 1;
                    let n = planted.next;
                    *member = match member {
                        Value::Object(entries) => entries
                            .keys()
                            .enumerate()
                            .map(|(i, _)| {
                                if planted.valid {
                                    (
                                        format!("CANARY_SECRET_{}_key", n * 100 + i),
                                        Value::String(format!("{CANARY}{}", n * 100 + i)),
                                    )
                                } else {
                                    (
                                        canary_key(n * 100 + i),
                                        Value::String(canary_value(n * 100 + i)),
                                    )
                                }
                            })
                            .collect(),
                        _ if planted.valid => Value::String(format!("{CANARY}{n}")),
                        _ => Value::String(canary_value(n)),
                    };
                    planted.members.insert((
                        module.kind.module_name(),
                        s.name.clone(),
                        field.wire_name.clone(),
                    ));
                    planted.pointers.push(here);
                } else {
                    plant_shape(module, &field.shape.ty, member, &here, planted);
                }
            }
        }
        Some(TypeDef::Map(map)) => {
            if let Some(entries) = value.as_object_mut() {
                for (key, entry) in entries.iter_mut() {
                    let here = format!("{pointer}/{}", escape(key));
                    plant_shape(module, &map.value.ty, entry, &here, planted);
                }
            }
        }
        Some(TypeDef::Enum(_)) | None => {}
    }
}

fn plant_shape(
    module: &Module,
    ty: &TypeRef,
    value: &mut Value,
    pointer: &str,
    planted: &mut Planted,
) {
    match ty {
        TypeRef::Named(name) => plant(module, name, value, pointer, planted),
        TypeRef::List(item) => {
            if let Some(items) = value.as_array_mut() {
                for (i, entry) in items.iter_mut().enumerate() {
                    plant_shape(module, &item.ty, entry, &format!("{pointer}/{i}"), planted);
                }
            }
        }
        TypeRef::Map { value: v, .. } => {
            if let Some(entries) = value.as_object_mut() {
                for (key, entry) in entries.iter_mut() {
                    let here = format!("{pointer}/{}", escape(key));
                    plant_shape(module, &v.ty, entry, &here, planted);
                }
            }
        }
        _ => {}
    }
}

/// The value planted under unknown keys.
pub const UNKNOWN_CANARY: &str = "CANARY-UNKNOWN-VALUE";

/// Adds the members of [`plant_unknown`] to every object of `value` whose type (`type_name` of
/// `module`) is open, so that a valid document stays valid. Returns how many.
pub fn plant_unknown_where_open(module: &Module, type_name: &str, value: &mut Value) -> usize {
    let mut count = 0;
    match module.types.get(type_name) {
        Some(TypeDef::Struct(s)) => {
            let Some(object) = value.as_object_mut() else {
                return 0;
            };
            for field in &s.fields {
                if let Some(member) = object.get_mut(&field.wire_name) {
                    count += plant_unknown_in_shape(module, &field.shape.ty, member);
                }
            }
            if s.unknown_keys != UnknownKeys::Reject {
                object.insert(
                    "zz_unplanned_member".to_owned(),
                    Value::String(UNKNOWN_CANARY.to_owned()),
                );
                object.insert(
                    "Accesstoken".to_owned(),
                    serde_json::json!({ "token": UNKNOWN_CANARY }),
                );
                count += 2;
            }
        }
        Some(TypeDef::Map(map)) => {
            if let Some(entries) = value.as_object_mut() {
                for entry in entries.values_mut() {
                    count += plant_unknown_in_shape(module, &map.value.ty, entry);
                }
            }
        }
        Some(TypeDef::Enum(_)) | None => {}
    }
    count
}

fn plant_unknown_in_shape(module: &Module, ty: &TypeRef, value: &mut Value) -> usize {
    match (ty, value) {
        (TypeRef::Named(name), value) => plant_unknown_where_open(module, name, value),
        (TypeRef::List(item), Value::Array(items)) => items
            .iter_mut()
            .map(|v| plant_unknown_in_shape(module, &item.ty, v))
            .sum(),
        (TypeRef::Map { value: v, .. }, Value::Object(entries)) => entries
            .values_mut()
            .map(|e| plant_unknown_in_shape(module, &v.ty, e))
            .sum(),
        _ => 0,
    }
}

/// Adds a member `zz_unplanned_member` holding [`UNKNOWN_CANARY`] (as a string, and nested in an
/// object) to every object of `value`, at any depth: a misplaced secret. Returns how many.
pub fn plant_unknown(value: &mut Value) -> usize {
    match value {
        Value::Object(members) => {
            let mut count = 0;
            for member in members.values_mut() {
                count += plant_unknown(member);
            }
            members.insert(
                "zz_unplanned_member".to_owned(),
                Value::String(UNKNOWN_CANARY.to_owned()),
            );
            members.insert(
                "Accesstoken".to_owned(),
                serde_json::json!({ "token": UNKNOWN_CANARY }),
            );
            count + 2
        }
        Value::Array(items) => items.iter_mut().map(plant_unknown).sum(),
        _ => 0,
    }
}

/// Whether `text` shows any canary.
pub fn shows_canary(text: &str) -> bool {
    text.contains(CANARY) || text.contains(UNKNOWN_CANARY)
}
