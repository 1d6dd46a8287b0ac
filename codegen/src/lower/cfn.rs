//! Lowers the CloudFormation resource schema into an IR module.

use std::collections::BTreeMap;

use crate::docs;
use crate::error::{pointer_push, Error};
use crate::ident;
use crate::ir::{
    Constraints, Enum, Field, IntKind, MapDef, Module, ModuleKind, Origin, ResourceMeta, Secrecy,
    Sender, Shape, Struct, TypeDef, TypeRef, UnknownKeys,
};
use crate::read::cfn::{ResourceSchema, Schema};

/// Integers without both bounds: CloudFormation passes JSON numbers through, so take the widest.
const DEFAULT_INT: IntKind = IntKind::I64;

struct Lowering<'a> {
    file: &'a str,
    definitions: BTreeMap<&'a str, &'a Schema>,
    types: BTreeMap<String, TypeDef>,
}

/// Lowers the schema; `root_name` names the type of the resource's properties.
pub fn lower(
    file: &str,
    schema: &ResourceSchema,
    root_name: &str,
) -> Result<(Module, ResourceMeta), Error> {
    let mut lowering = Lowering {
        file,
        definitions: schema
            .definitions
            .iter()
            .map(|(n, s)| (n.as_str(), s))
            .collect(),
        types: BTreeMap::new(),
    };
    for (name, definition) in &schema.definitions {
        lowering.definition(name, definition)?;
    }
    let root = Schema {
        pointer: String::new(),
        ty: Some("object".to_owned()),
        description: schema.description.clone(),
        properties: schema.properties.clone(),
        required: schema.required.clone(),
        additional_properties: schema.additional_properties,
        ..Schema::default()
    };
    let root_struct = lowering.object(root_name, &root)?;
    lowering.insert(TypeDef::Struct(root_struct), "")?;
    let module = Module {
        kind: ModuleKind::Cfn,
        source_file: file.to_owned(),
        doc: docs::from_text(&format!(
            "Types of the CloudFormation resource `{}`: its properties and every object or enum definition of its schema, under the schema's names.",
            schema.type_name
        )),
        types: lowering.types,
    };
    let meta = ResourceMeta {
        type_name: schema.type_name.clone(),
        description: schema.description.clone().unwrap_or_default(),
        primary_identifier: schema.primary_identifier.clone(),
        create_only: schema.create_only.clone(),
        read_only: schema.read_only.clone(),
        write_only: schema.write_only.clone(),
        handlers: schema.handlers.clone(),
    };
    Ok((module, meta))
}

impl<'a> Lowering<'a> {
    fn origin(&self, pointer: &str) -> Origin {
        Origin {
            file: self.file.to_owned(),
            pointer: pointer.to_owned(),
        }
    }

    fn insert(&mut self, def: TypeDef, pointer: &str) -> Result<(), Error> {
        let name = def.name().to_owned();
        if self.types.contains_key(&name) {
            return Err(Error::NameCollision {
                file: self.file.to_owned(),
                pointer: pointer.to_owned(),
                message: format!("a second type would be named {name}"),
            });
        }
        self.types.insert(name, def);
        Ok(())
    }

    /// A definition becomes a type when it is an object or an enum; scalars are inlined where used.
    fn definition(&mut self, name: &str, schema: &Schema) -> Result<(), Error> {
        if schema.reference.is_some() {
            return Ok(());
        }
        let rust_name = ident::type_name(name);
        if let Some(values) = &schema.enumeration {
            let e = self.enumeration(&rust_name, schema, values)?;
            return self.insert(TypeDef::Enum(e), &schema.pointer);
        }
        if schema.ty.as_deref() == Some("object") {
            let def = if schema.pattern_properties.is_empty() {
                TypeDef::Struct(self.object(&rust_name, schema)?)
            } else {
                TypeDef::Map(self.map(&rust_name, schema)?)
            };
            return self.insert(def, &schema.pointer);
        }
        Ok(())
    }

    fn enumeration(&self, name: &str, schema: &Schema, values: &[String]) -> Result<Enum, Error> {
        if schema.ty.as_deref().is_some_and(|t| t != "string") {
            return Err(Error::Unsupported {
                file: self.file.to_owned(),
                pointer: pointer_push(&schema.pointer, "enum"),
                what: "enum of type",
                found: schema.ty.clone().unwrap_or_default(),
            });
        }
        let out = super::enum_values(self.file, &pointer_push(&schema.pointer, "enum"), values)?;
        Ok(Enum {
            name: name.to_owned(),
            doc: docs::from_text(schema.description.as_deref().unwrap_or_default()),
            values: out,
            origin: self.origin(&schema.pointer),
        })
    }

    fn map(&mut self, name: &str, schema: &Schema) -> Result<MapDef, Error> {
        if schema.pattern_properties.len() != 1 || !schema.properties.is_empty() {
            return Err(Error::Unsupported {
                file: self.file.to_owned(),
                pointer: pointer_push(&schema.pointer, "patternProperties"),
                what: "patternProperties form",
                found: "more than one pattern, or patterns beside properties".to_owned(),
            });
        }
        let (key_pattern, value_schema) = &schema.pattern_properties[0];
        let value = self.shape(value_schema, name, "Value")?;
        let key = Shape {
            ty: TypeRef::String,
            constraints: Constraints {
                pattern: Some(key_pattern.clone()),
                ..Constraints::default()
            },
        };
        Ok(MapDef {
            name: name.to_owned(),
            doc: docs::from_text(schema.description.as_deref().unwrap_or_default()),
            key,
            value,
            constraints: Constraints::default(),
            origin: self.origin(&schema.pointer),
        })
    }

    fn object(&mut self, name: &str, schema: &Schema) -> Result<Struct, Error> {
        let mut fields = Vec::new();
        let mut rust_names = BTreeMap::new();
        for (wire, property) in &schema.properties {
            let rust_name = ident::field_name(wire);
            if let Some(other) = rust_names.insert(rust_name.clone(), wire.clone()) {
                return Err(Error::NameCollision {
                    file: self.file.to_owned(),
                    pointer: property.pointer.clone(),
                    message: format!("properties {other} and {wire} both become field {rust_name}"),
                });
            }
            let shape = self.shape(property, name, wire)?;
            let description = property.description.as_deref().or_else(|| {
                self.referenced(property)
                    .and_then(|d| d.description.as_deref())
            });
            fields.push(Field {
                wire_name: wire.clone(),
                rust_name,
                doc: docs::from_text(description.unwrap_or_default()),
                required: schema.required.contains(wire),
                shape,
                sensitive: None,
                reference: None,
                boxed: false,
                counterpart: None,
                origin: self.origin(&property.pointer),
            });
        }
        for (i, required) in schema.required.iter().enumerate() {
            if !schema.properties.iter().any(|(wire, _)| wire == required) {
                return Err(Error::Invalid {
                    file: self.file.to_owned(),
                    pointer: pointer_push(
                        &pointer_push(&schema.pointer, "required"),
                        &i.to_string(),
                    ),
                    message: format!("required property {required} is not among the properties"),
                });
            }
        }
        Ok(Struct {
            name: name.to_owned(),
            doc: docs::from_text(schema.description.as_deref().unwrap_or_default()),
            fields,
            unknown_keys: if schema.additional_properties == Some(false) {
                UnknownKeys::Reject
            } else {
                UnknownKeys::Keep
            },
            error: None,
            secrecy: Secrecy::Plain,
            sender: Sender::Client,
            origin: self.origin(&schema.pointer),
        })
    }

    fn referenced(&self, schema: &Schema) -> Option<&'a Schema> {
        let target = schema
            .reference
            .as_deref()?
            .strip_prefix("#/definitions/")?;
        self.definitions.get(target).copied()
    }

    /// The type and constraints of a property, following `$ref` to scalar definitions.
    fn shape(&mut self, schema: &Schema, parent: &str, property: &str) -> Result<Shape, Error> {
        if let Some(reference) = &schema.reference {
            let target =
                reference
                    .strip_prefix("#/definitions/")
                    .ok_or_else(|| Error::Unsupported {
                        file: self.file.to_owned(),
                        pointer: pointer_push(&schema.pointer, "$ref"),
                        what: "reference form",
                        found: reference.clone(),
                    })?;
            let definition =
                self.definitions
                    .get(target)
                    .copied()
                    .ok_or_else(|| Error::DanglingRef {
                        file: self.file.to_owned(),
                        pointer: pointer_push(&schema.pointer, "$ref"),
                        target: reference.clone(),
                    })?;
            let mut shape = if definition.enumeration.is_some()
                || (definition.ty.as_deref() == Some("object") && definition.reference.is_none())
            {
                Shape {
                    ty: TypeRef::Named(ident::type_name(target)),
                    constraints: Constraints::default(),
                }
            } else {
                if definition.reference.is_some() {
                    return Err(Error::Unsupported {
                        file: self.file.to_owned(),
                        pointer: pointer_push(&definition.pointer, "$ref"),
                        what: "reference form",
                        found: "a definition that is itself a $ref".to_owned(),
                    });
                }
                self.shape(definition, parent, property)?
            };
            overlay(&mut shape.constraints, schema);
            return Ok(shape);
        }
        if let Some(values) = &schema.enumeration {
            let name = self.inline_name(parent, property);
            let e = self.enumeration(&name, schema, values)?;
            self.insert(TypeDef::Enum(e), &schema.pointer)?;
            return Ok(Shape {
                ty: TypeRef::Named(name),
                constraints: Constraints::default(),
            });
        }
        let mut constraints = Constraints::default();
        overlay(&mut constraints, schema);
        let ty = match schema.ty.as_deref() {
            Some("string") => TypeRef::String,
            Some("boolean") => TypeRef::Boolean,
            Some("integer") => TypeRef::Integer(IntKind::fitting(
                schema.minimum,
                schema.maximum,
                DEFAULT_INT,
            )),
            Some("array") => {
                let items = schema.items.as_deref().ok_or_else(|| Error::Invalid {
                    file: self.file.to_owned(),
                    pointer: schema.pointer.clone(),
                    message: "array without items".to_owned(),
                })?;
                TypeRef::List(Box::new(self.shape(items, parent, property)?))
            }
            Some("object") => {
                let name = self.inline_name(parent, property);
                let def = if schema.pattern_properties.is_empty() {
                    TypeDef::Struct(self.object(&name, schema)?)
                } else {
                    TypeDef::Map(self.map(&name, schema)?)
                };
                self.insert(def, &schema.pointer)?;
                TypeRef::Named(name)
            }
            other => {
                return Err(Error::Unsupported {
                    file: self.file.to_owned(),
                    pointer: pointer_push(&schema.pointer, "type"),
                    what: "type",
                    found: other.unwrap_or("(none)").to_owned(),
                })
            }
        };
        Ok(Shape { ty, constraints })
    }

    /// A name for a type written inline: the property's name, or the parent's name plus it when taken.
    fn inline_name(&self, parent: &str, property: &str) -> String {
        let plain = ident::inline_type_name(property);
        if self.types.contains_key(&plain) || self.definitions.contains_key(plain.as_str()) {
            ident::inline_type_name(&format!("{parent}{plain}"))
        } else {
            plain
        }
    }
}

/// Copies the constraint keywords written on `schema` over `constraints`.
fn overlay(constraints: &mut Constraints, schema: &Schema) {
    let is_array = schema.ty.as_deref() == Some("array");
    if is_array {
        constraints.min_length = schema.min_items.or(constraints.min_length);
        constraints.max_length = schema.max_items.or(constraints.max_length);
    } else {
        constraints.min_length = schema.min_length.or(constraints.min_length);
        constraints.max_length = schema.max_length.or(constraints.max_length);
    }
    constraints.pattern = schema.pattern.clone().or(constraints.pattern.take());
    constraints.minimum = schema.minimum.or(constraints.minimum);
    constraints.maximum = schema.maximum.or(constraints.maximum);
    constraints.unique_items |= schema.unique_items;
    constraints.format = schema.format.clone().or(constraints.format.take());
}
