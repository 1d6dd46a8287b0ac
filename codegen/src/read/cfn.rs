//! Reader of a CloudFormation resource provider schema (JSON Schema draft-07 plus the provider
//! keys: `handlers`, `primaryIdentifier`, `createOnlyProperties`, …).
//!
//! Every keyword is either understood, known to be a pure annotation, or an error naming its
//! JSON Pointer: a schema that grows a keyword we do not translate must not be silently misread.

use serde_json::Value;

use super::errata::Errata;
use super::json::{self, At};
use crate::error::{pointer_push, Error};
use crate::stale::Stale;

/// The resource schema, as written.
#[derive(Debug, Clone)]
pub struct ResourceSchema {
    /// `typeName`.
    pub type_name: String,
    /// `description`.
    pub description: Option<String>,
    /// Top-level `properties`, in source order.
    pub properties: Vec<(String, Schema)>,
    /// `definitions`, in source order.
    pub definitions: Vec<(String, Schema)>,
    /// Top-level `required`.
    pub required: Vec<String>,
    /// Top-level `additionalProperties`.
    pub additional_properties: Option<bool>,
    /// `primaryIdentifier`.
    pub primary_identifier: Vec<String>,
    /// `createOnlyProperties`.
    pub create_only: Vec<String>,
    /// `readOnlyProperties`.
    pub read_only: Vec<String>,
    /// `writeOnlyProperties`.
    pub write_only: Vec<String>,
    /// `handlers`: operation → permissions.
    pub handlers: Vec<(String, Vec<String>)>,
}

/// One (sub)schema, as written.
#[derive(Debug, Clone, Default)]
pub struct Schema {
    /// JSON Pointer of this schema.
    pub pointer: String,
    /// `$ref`, as written.
    pub reference: Option<String>,
    /// `type`.
    pub ty: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `properties`, in source order.
    pub properties: Vec<(String, Schema)>,
    /// `patternProperties`, in source order.
    pub pattern_properties: Vec<(String, Schema)>,
    /// `required`.
    pub required: Vec<String>,
    /// `additionalProperties` (only the boolean form is supported).
    pub additional_properties: Option<bool>,
    /// `items`.
    pub items: Option<Box<Schema>>,
    /// `enum` (string values only).
    pub enumeration: Option<Vec<String>>,
    /// `minLength`.
    pub min_length: Option<u64>,
    /// `maxLength`.
    pub max_length: Option<u64>,
    /// `pattern`.
    pub pattern: Option<String>,
    /// `minimum`.
    pub minimum: Option<i64>,
    /// `maximum`.
    pub maximum: Option<i64>,
    /// `minItems`.
    pub min_items: Option<u64>,
    /// `maxItems`.
    pub max_items: Option<u64>,
    /// `uniqueItems`.
    pub unique_items: bool,
    /// `format`.
    pub format: Option<String>,
}

/// Keywords that only annotate and change nothing about the type or its valid values.
const ANNOTATIONS: &[&str] = &[
    "$comment",
    "title",
    "examples",
    "insertionOrder",
    "relationshipRef",
    "arrayType",
    "default",
];

/// Top-level keys of a provider schema that are not part of the property model.
const PROVIDER_KEYS: &[&str] = &[
    "$schema",
    "$id",
    "typeName",
    "description",
    "sourceUrl",
    "documentationUrl",
    "definitions",
    "properties",
    "required",
    "additionalProperties",
    "primaryIdentifier",
    "additionalIdentifiers",
    "createOnlyProperties",
    "readOnlyProperties",
    "writeOnlyProperties",
    "conditionalCreateOnlyProperties",
    "deprecatedProperties",
    "nonPublicProperties",
    "nonPublicDefinitions",
    "handlers",
    "tagging",
    "propertyTransform",
    "replacementStrategy",
    "resourceLink",
    "taggable",
    "oneOf",
    "anyOf",
    "allOf",
];

/// Parses the resource schema text.
pub fn read(file: &str, text: &str) -> Result<ResourceSchema, Error> {
    read_corrected(file, text, &Errata::default(), &mut Vec::new())
}

/// Parses the resource schema text with `errata` applied to its descriptions; an erratum that
/// does not apply (upstream's text changed) is noted in `stale`.
pub fn read_corrected(
    file: &str,
    text: &str,
    errata: &Errata,
    stale: &mut Vec<Stale>,
) -> Result<ResourceSchema, Error> {
    let mut root_value = json::parse(file, text)?;
    errata.apply_noting(file, &mut root_value, stale);
    let root = At {
        file,
        pointer: "",
        value: &root_value,
    };
    let object = root.object()?;
    let mut buf = String::new();
    for key in object.keys() {
        if !PROVIDER_KEYS.contains(&key.as_str()) {
            let pointer = pointer_push("", key);
            return Err(At {
                file,
                pointer: &pointer,
                value: &object[key],
            }
            .unsupported("top-level keyword", key.clone()));
        }
        if matches!(key.as_str(), "oneOf" | "anyOf" | "allOf") {
            let pointer = pointer_push("", key);
            return Err(At {
                file,
                pointer: &pointer,
                value: &object[key],
            }
            .unsupported("keyword", key.clone()));
        }
    }
    let child = |key: &str| -> Option<(String, &Value)> {
        object.get(key).map(|v| (pointer_push("", key), v))
    };
    let string_list = |key: &str, buf: &mut String| -> Result<Vec<String>, Error> {
        match child(key) {
            Some((pointer, value)) => At {
                file,
                pointer: &pointer,
                value,
            }
            .strings(buf),
            None => Ok(Vec::new()),
        }
    };

    let type_name = match child("typeName") {
        Some((pointer, value)) => At {
            file,
            pointer: &pointer,
            value,
        }
        .string()?
        .to_owned(),
        None => return Err(root.invalid("missing typeName")),
    };
    let description = match child("description") {
        Some((pointer, value)) => Some(
            At {
                file,
                pointer: &pointer,
                value,
            }
            .string()?
            .to_owned(),
        ),
        None => None,
    };
    let properties = match child("properties") {
        Some((pointer, value)) => named_schemas(At {
            file,
            pointer: &pointer,
            value,
        })?,
        None => Vec::new(),
    };
    let definitions = match child("definitions") {
        Some((pointer, value)) => named_schemas(At {
            file,
            pointer: &pointer,
            value,
        })?,
        None => Vec::new(),
    };
    let additional_properties = match child("additionalProperties") {
        Some((pointer, value)) => Some(
            At {
                file,
                pointer: &pointer,
                value,
            }
            .boolean()?,
        ),
        None => None,
    };
    let mut handlers = Vec::new();
    if let Some((pointer, value)) = child("handlers") {
        for (operation, handler) in (At {
            file,
            pointer: &pointer,
            value,
        })
        .object()?
        {
            let handler_pointer = pointer_push(&pointer, operation);
            let handler_at = At {
                file,
                pointer: &handler_pointer,
                value: handler,
            };
            let permissions = match handler_at.object()?.get("permissions") {
                Some(p) => {
                    let pp = pointer_push(&handler_pointer, "permissions");
                    At {
                        file,
                        pointer: &pp,
                        value: p,
                    }
                    .strings(&mut buf)?
                }
                None => Vec::new(),
            };
            handlers.push((operation.clone(), permissions));
        }
    }
    Ok(ResourceSchema {
        type_name,
        description,
        properties,
        definitions,
        required: string_list("required", &mut buf)?,
        additional_properties,
        primary_identifier: string_list("primaryIdentifier", &mut buf)?,
        create_only: string_list("createOnlyProperties", &mut buf)?,
        read_only: string_list("readOnlyProperties", &mut buf)?,
        write_only: string_list("writeOnlyProperties", &mut buf)?,
        handlers,
    })
}

fn named_schemas(at: At<'_>) -> Result<Vec<(String, Schema)>, Error> {
    at.object()?
        .iter()
        .map(|(name, value)| {
            let pointer = pointer_push(at.pointer, name);
            Ok((
                name.clone(),
                schema(At {
                    file: at.file,
                    pointer: &pointer,
                    value,
                })?,
            ))
        })
        .collect()
}

fn schema(at: At<'_>) -> Result<Schema, Error> {
    let object = at.object()?;
    let mut out = Schema {
        pointer: at.pointer.to_owned(),
        ..Schema::default()
    };
    let mut buf = String::new();
    for (key, value) in object {
        let pointer = pointer_push(at.pointer, key);
        let here = At {
            file: at.file,
            pointer: &pointer,
            value,
        };
        match key.as_str() {
            "$ref" => out.reference = Some(here.string()?.to_owned()),
            "type" => match value {
                Value::String(s) => out.ty = Some(s.clone()),
                other => return Err(here.unsupported("type", other.to_string())),
            },
            "description" => out.description = Some(here.string()?.to_owned()),
            "properties" => out.properties = named_schemas(here)?,
            "patternProperties" => out.pattern_properties = named_schemas(here)?,
            "required" => out.required = here.strings(&mut buf)?,
            "additionalProperties" => match value {
                Value::Bool(b) => out.additional_properties = Some(*b),
                _ => {
                    return Err(here.unsupported(
                        "additionalProperties form",
                        "a schema (only true or false is supported)",
                    ))
                }
            },
            "items" => out.items = Some(Box::new(schema(here)?)),
            "enum" => {
                let values = here
                    .strings(&mut buf)
                    .map_err(|_| here.unsupported("enum", "non-string values"))?;
                out.enumeration = Some(values);
            }
            "minLength" => out.min_length = Some(here.unsigned()?),
            "maxLength" => out.max_length = Some(here.unsigned()?),
            "minItems" => out.min_items = Some(here.unsigned()?),
            "maxItems" => out.max_items = Some(here.unsigned()?),
            "pattern" => out.pattern = Some(here.string()?.to_owned()),
            "minimum" => out.minimum = Some(here.integer()?),
            "maximum" => out.maximum = Some(here.integer()?),
            "uniqueItems" => out.unique_items = here.boolean()?,
            "format" => out.format = Some(here.string()?.to_owned()),
            other if ANNOTATIONS.contains(&other) => {}
            other => return Err(here.unsupported("keyword", other)),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsupported_keyword_names_its_pointer() {
        let text = r#"{"typeName":"A::B::C","properties":{"X":{"type":"string","oneOf":[]}}}"#;
        let err = read("s.json", text).unwrap_err().to_string();
        assert_eq!(
            err,
            "s.json#/properties/X/oneOf: unsupported keyword: oneOf"
        );
    }

    #[test]
    fn invalid_json_names_line_and_column() {
        let err = read("s.json", "{\n  \"typeName\": ,\n}")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("s.json:2:15: invalid JSON"), "{err}");
    }

    #[test]
    fn reads_provider_keys() {
        let text = r#"{"typeName":"A::B::C","primaryIdentifier":["/properties/N"],
            "handlers":{"create":{"permissions":["a:B"]}},"properties":{"N":{"type":"string","maxLength":3}}}"#;
        let schema = read("s.json", text).unwrap();
        assert_eq!(schema.primary_identifier, ["/properties/N"]);
        assert_eq!(
            schema.handlers,
            [("create".to_owned(), vec!["a:B".to_owned()])]
        );
        assert_eq!(schema.properties[0].1.max_length, Some(3));
        assert_eq!(schema.properties[0].1.pointer, "/properties/N");
    }
}
