//! Reader of a botocore service model (`service-2.json`): operations and shapes.
//!
//! Shapes are parsed on demand by name, so that a shape type we do not translate is an error only
//! when an operation we generate reaches it.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::errata::Errata;
use super::json::{self, At};
use crate::error::{pointer_push, Error};
use crate::stale::Stale;

/// The service model, as written.
#[derive(Debug, Clone)]
pub struct Model {
    file: String,
    operations: Map<String, Value>,
    shapes: Map<String, Value>,
}

/// An operation's input, output and error shapes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// Input shape.
    pub input: Option<String>,
    /// Output shape.
    pub output: Option<String>,
    /// Error shapes.
    pub errors: Vec<String>,
    /// Documentation (HTML).
    pub documentation: Option<String>,
}

/// A shape, as written.
#[derive(Debug, Clone)]
pub struct Shape {
    /// The shape's name.
    pub name: String,
    /// JSON Pointer of the shape.
    pub pointer: String,
    /// Documentation (HTML).
    pub documentation: Option<String>,
    /// `sensitive: true`.
    pub sensitive: bool,
    /// The type-specific part.
    pub kind: ShapeKind,
}

/// The type-specific part of a shape.
#[derive(Debug, Clone)]
pub enum ShapeKind {
    /// `structure`.
    Structure {
        /// Members in source order.
        members: Vec<Member>,
        /// `required`.
        required: Vec<String>,
        /// `error.httpStatusCode`, for error shapes.
        http_status: Option<u16>,
        /// `error.senderFault`.
        sender_fault: Option<bool>,
    },
    /// `string`.
    String {
        /// `enum`.
        enumeration: Option<Vec<String>>,
        /// Length limits.
        limits: Limits,
        /// `pattern`.
        pattern: Option<String>,
    },
    /// `integer` (32-bit) or `long` (64-bit).
    Integer {
        /// Whether it is `long`.
        long: bool,
        /// Value limits.
        limits: Limits,
    },
    /// `boolean`.
    Boolean,
    /// `timestamp`.
    Timestamp,
    /// `list`.
    List {
        /// The member.
        member: Member,
        /// Item count limits.
        limits: Limits,
    },
    /// `map`.
    Map {
        /// Key.
        key: Member,
        /// Value.
        value: Member,
        /// Entry count limits.
        limits: Limits,
    },
}

/// `min`/`max` of a shape.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Limits {
    /// `min`.
    pub min: Option<i64>,
    /// `max`.
    pub max: Option<i64>,
}

/// A reference to a shape, from a structure member or a list/map.
#[derive(Debug, Clone)]
pub struct Member {
    /// The member's name (`member`, `key` or `value` inside lists and maps).
    pub name: String,
    /// JSON Pointer of the member.
    pub pointer: String,
    /// The target shape.
    pub target: String,
    /// Documentation (HTML).
    pub documentation: Option<String>,
    /// The key on the wire when it differs from the member name (`jsonName`).
    pub json_name: Option<String>,
    /// `idempotencyToken: true`.
    pub idempotency_token: bool,
    /// `deprecated: true`.
    pub deprecated: bool,
}

const MEMBER_KEYS: &[&str] = &[
    "shape",
    "documentation",
    "jsonName",
    "idempotencyToken",
    "box",
    "deprecated",
    "deprecatedMessage",
];

/// Parses the model text.
pub fn read(file: &str, text: &str) -> Result<Model, Error> {
    read_corrected(file, text, &Errata::default(), &mut Vec::new())
}

/// Parses the model text with `errata` applied to its documentation; an erratum that does not
/// apply (upstream's text changed) is noted in `stale`.
pub fn read_corrected(
    file: &str,
    text: &str,
    errata: &Errata,
    stale: &mut Vec<Stale>,
) -> Result<Model, Error> {
    let mut root = json::parse(file, text)?;
    errata.apply_noting(file, &mut root, stale);
    let at = At {
        file,
        pointer: "",
        value: &root,
    };
    let object = at.object()?;
    let section = |key: &str| -> Result<Map<String, Value>, Error> {
        let pointer = pointer_push("", key);
        let value = object
            .get(key)
            .ok_or_else(|| at.invalid(format!("missing {key}")))?;
        At {
            file,
            pointer: &pointer,
            value,
        }
        .object()
        .cloned()
    };
    Ok(Model {
        file: file.to_owned(),
        operations: section("operations")?,
        shapes: section("shapes")?,
    })
}

impl Model {
    /// The input file.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// Whether a shape of that name exists.
    pub fn has_shape(&self, name: &str) -> bool {
        self.shapes.contains_key(name)
    }

    /// The named operation.
    pub fn operation(&self, name: &str) -> Result<Operation, Error> {
        let pointer = pointer_push("/operations", name);
        let value = self
            .operations
            .get(name)
            .ok_or_else(|| Error::DanglingRef {
                file: self.file.clone(),
                pointer: "/operations".to_owned(),
                target: name.to_owned(),
            })?;
        let at = At {
            file: &self.file,
            pointer: &pointer,
            value,
        };
        let object = at.object()?;
        let shape_of = |key: &str| -> Result<Option<String>, Error> {
            match object.get(key) {
                None => Ok(None),
                Some(v) => {
                    let p = pointer_push(&pointer, key);
                    let target = At {
                        file: &self.file,
                        pointer: &p,
                        value: v,
                    }
                    .object()?
                    .get("shape");
                    let sp = pointer_push(&p, "shape");
                    match target {
                        Some(t) => Ok(Some(
                            At {
                                file: &self.file,
                                pointer: &sp,
                                value: t,
                            }
                            .string()?
                            .to_owned(),
                        )),
                        None => Err(At {
                            file: &self.file,
                            pointer: &p,
                            value: v,
                        }
                        .invalid("missing shape")),
                    }
                }
            }
        };
        let mut errors = Vec::new();
        if let Some(list) = object.get("errors") {
            let p = pointer_push(&pointer, "errors");
            for (i, e) in list.as_array().into_iter().flatten().enumerate() {
                let ep = pointer_push(&pointer_push(&p, &i.to_string()), "shape");
                let shape = e.get("shape").unwrap_or(&Value::Null);
                errors.push(
                    At {
                        file: &self.file,
                        pointer: &ep,
                        value: shape,
                    }
                    .string()?
                    .to_owned(),
                );
            }
        }
        let documentation = object
            .get("documentation")
            .and_then(Value::as_str)
            .map(str::to_owned);
        Ok(Operation {
            input: shape_of("input")?,
            output: shape_of("output")?,
            errors,
            documentation,
        })
    }

    /// The named shape; `referrer` is the JSON Pointer of the reference, for the error if it dangles.
    pub fn shape(&self, name: &str, referrer: &str) -> Result<Shape, Error> {
        let value = self.shapes.get(name).ok_or_else(|| Error::DanglingRef {
            file: self.file.clone(),
            pointer: referrer.to_owned(),
            target: name.to_owned(),
        })?;
        let pointer = pointer_push("/shapes", name);
        let at = At {
            file: &self.file,
            pointer: &pointer,
            value,
        };
        let object = at.object()?;
        let field = |key: &str| object.get(key).map(|v| (pointer_push(&pointer, key), v));
        let limits = || -> Result<Limits, Error> {
            let mut limits = Limits::default();
            for (key, slot) in [("min", &mut limits.min), ("max", &mut limits.max)] {
                if let Some((p, v)) = field(key) {
                    *slot = Some(
                        At {
                            file: &self.file,
                            pointer: &p,
                            value: v,
                        }
                        .integer()?,
                    );
                }
            }
            Ok(limits)
        };
        let ty = match field("type") {
            Some((p, v)) => At {
                file: &self.file,
                pointer: &p,
                value: v,
            }
            .string()?
            .to_owned(),
            None => return Err(at.invalid("missing type")),
        };
        let mut buf = String::new();
        let kind = match ty.as_str() {
            "structure" => {
                let mut members = Vec::new();
                if let Some((p, v)) = field("members") {
                    for (member_name, member_value) in (At {
                        file: &self.file,
                        pointer: &p,
                        value: v,
                    })
                    .object()?
                    {
                        let mp = pointer_push(&p, member_name);
                        members.push(self.member(member_name, &mp, member_value)?);
                    }
                }
                let required = match field("required") {
                    Some((p, v)) => At {
                        file: &self.file,
                        pointer: &p,
                        value: v,
                    }
                    .strings(&mut buf)?,
                    None => Vec::new(),
                };
                let (mut http_status, mut sender_fault) = (None, None);
                if let Some((p, v)) = field("error") {
                    let error = At {
                        file: &self.file,
                        pointer: &p,
                        value: v,
                    }
                    .object()?;
                    if let Some(code) = error.get("httpStatusCode") {
                        let cp = pointer_push(&p, "httpStatusCode");
                        let code = At {
                            file: &self.file,
                            pointer: &cp,
                            value: code,
                        }
                        .unsigned()?;
                        http_status = Some(u16::try_from(code).map_err(|_| Error::Invalid {
                            file: self.file.clone(),
                            pointer: cp.clone(),
                            message: format!("HTTP status {code} out of range"),
                        })?);
                    }
                    sender_fault = error.get("senderFault").and_then(Value::as_bool);
                }
                ShapeKind::Structure {
                    members,
                    required,
                    http_status,
                    sender_fault,
                }
            }
            "string" => {
                let enumeration = match field("enum") {
                    Some((p, v)) => Some(
                        At {
                            file: &self.file,
                            pointer: &p,
                            value: v,
                        }
                        .strings(&mut buf)?,
                    ),
                    None => None,
                };
                let pattern = match field("pattern") {
                    Some((p, v)) => Some(
                        At {
                            file: &self.file,
                            pointer: &p,
                            value: v,
                        }
                        .string()?
                        .to_owned(),
                    ),
                    None => None,
                };
                ShapeKind::String {
                    enumeration,
                    limits: limits()?,
                    pattern,
                }
            }
            "integer" | "long" => ShapeKind::Integer {
                long: ty == "long",
                limits: limits()?,
            },
            "boolean" => ShapeKind::Boolean,
            "timestamp" => ShapeKind::Timestamp,
            "list" => {
                let (p, v) = field("member").ok_or_else(|| at.invalid("list without member"))?;
                ShapeKind::List {
                    member: self.member("member", &p, v)?,
                    limits: limits()?,
                }
            }
            "map" => {
                let (kp, kv) = field("key").ok_or_else(|| at.invalid("map without key"))?;
                let (vp, vv) = field("value").ok_or_else(|| at.invalid("map without value"))?;
                ShapeKind::Map {
                    key: self.member("key", &kp, kv)?,
                    value: self.member("value", &vp, vv)?,
                    limits: limits()?,
                }
            }
            other => {
                let p = pointer_push(&pointer, "type");
                return Err(At {
                    file: &self.file,
                    pointer: &p,
                    value: &Value::Null,
                }
                .unsupported("shape type", other));
            }
        };
        Ok(Shape {
            name: name.to_owned(),
            pointer: pointer.clone(),
            documentation: object
                .get("documentation")
                .and_then(Value::as_str)
                .map(str::to_owned),
            sensitive: object
                .get("sensitive")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            kind,
        })
    }

    fn member(&self, name: &str, pointer: &str, value: &Value) -> Result<Member, Error> {
        let at = At {
            file: &self.file,
            pointer,
            value,
        };
        let object = at.object()?;
        for key in object.keys() {
            if !MEMBER_KEYS.contains(&key.as_str()) {
                let p = pointer_push(pointer, key);
                return Err(At {
                    file: &self.file,
                    pointer: &p,
                    value: &object[key],
                }
                .unsupported("member trait", key.clone()));
            }
        }
        let sp = pointer_push(pointer, "shape");
        let target = At {
            file: &self.file,
            pointer: &sp,
            value: object.get("shape").unwrap_or(&Value::Null),
        }
        .string()?;
        Ok(Member {
            name: name.to_owned(),
            pointer: pointer.to_owned(),
            target: target.to_owned(),
            documentation: object
                .get("documentation")
                .and_then(Value::as_str)
                .map(str::to_owned),
            json_name: object
                .get("jsonName")
                .and_then(Value::as_str)
                .map(str::to_owned),
            idempotency_token: object
                .get("idempotencyToken")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            deprecated: object
                .get("deprecated")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        })
    }

    /// Names of every shape reachable from the given operations' inputs, outputs and errors, sorted.
    pub fn reachable(&self, operations: &[String]) -> Result<BTreeMap<String, Shape>, Error> {
        let mut found = BTreeMap::new();
        let mut stack: Vec<(String, String)> = Vec::new();
        for name in operations {
            let op = self.operation(name)?;
            let op_pointer = pointer_push("/operations", name);
            for shape in op
                .input
                .iter()
                .chain(op.output.iter())
                .chain(op.errors.iter())
            {
                stack.push((shape.clone(), op_pointer.clone()));
            }
        }
        while let Some((name, referrer)) = stack.pop() {
            if found.contains_key(&name) {
                continue;
            }
            let shape = self.shape(&name, &referrer)?;
            match &shape.kind {
                ShapeKind::Structure { members, .. } => stack.extend(
                    members
                        .iter()
                        .map(|m| (m.target.clone(), pointer_push(&m.pointer, "shape"))),
                ),
                ShapeKind::List { member, .. } => stack.push((
                    member.target.clone(),
                    pointer_push(&member.pointer, "shape"),
                )),
                ShapeKind::Map { key, value, .. } => {
                    stack.push((key.target.clone(), pointer_push(&key.pointer, "shape")));
                    stack.push((value.target.clone(), pointer_push(&value.pointer, "shape")));
                }
                _ => {}
            }
            found.insert(name, shape);
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dangling_shape_reference_names_the_referrer() {
        let text = r#"{"operations":{"Op":{"input":{"shape":"In"}}},"shapes":{"In":{"type":"structure","members":{"a":{"shape":"Missing"}}}}}"#;
        let model = read("m.json", text).unwrap();
        let err = model.reachable(&["Op".to_owned()]).unwrap_err().to_string();
        assert_eq!(
            err,
            "m.json#/shapes/In/members/a/shape: dangling reference to Missing"
        );
    }

    #[test]
    fn unsupported_shape_type_is_an_error_only_when_reached() {
        let text = r#"{"operations":{"Op":{"input":{"shape":"In"}}},"shapes":{
            "In":{"type":"structure","members":{"a":{"shape":"B"}}},"B":{"type":"blob"},"C":{"type":"union"}}}"#;
        let model = read("m.json", text).unwrap();
        let err = model.reachable(&["Op".to_owned()]).unwrap_err().to_string();
        assert_eq!(err, "m.json#/shapes/B/type: unsupported shape type: blob");
    }
}
