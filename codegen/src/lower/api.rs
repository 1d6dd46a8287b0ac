//! Lowers the API model's reachable shapes into an IR module.

use std::collections::{BTreeMap, BTreeSet};

use crate::docs;
use crate::error::{pointer_push, Error};
use crate::ident;
use crate::ir::{
    Constraints, Enum, ErrorInfo, Field, IntKind, MapDef, Module, ModuleKind, Origin, Secrecy,
    Sender, Sensitivity, Shape, Struct, TypeDef, TypeRef, UnknownKeys,
};
use crate::read::botocore::{self, Limits, Member, ShapeKind};
use crate::read::data::Secrets;
use crate::stale::Stale;

/// Lowers every shape reachable from `operations`. The secrets' `member`s are `Shape$member`
/// strings; one naming no member of the reachable shapes is noted in `stale`.
pub fn lower(
    model: &botocore::Model,
    operations: &[String],
    secrets: &Secrets,
    secrets_file: &str,
    stale: &mut Vec<Stale>,
) -> Result<Module, Error> {
    let file = model.file().to_owned();
    let shapes = model.reachable(operations)?;
    let listed: BTreeMap<&str, &str> = secrets
        .secrets
        .iter()
        .filter_map(|s| Some((s.member.as_deref()?, s.reason.as_str())))
        .collect();
    let mut used_listings = BTreeSet::new();
    let references: BTreeMap<&str, &str> = secrets
        .references
        .iter()
        .map(|r| (r.member.as_str(), r.reason.as_str()))
        .collect();
    let mut used_references = BTreeSet::new();
    // Operation inputs and outputs are rarely documented themselves: say what they are.
    let mut roles: BTreeMap<String, String> = BTreeMap::new();
    // What the service sends (outputs and errors) and what users send (inputs): a shape that is
    // both stays strict.
    let (mut sent, mut received) = (BTreeSet::new(), BTreeSet::new());
    for operation in operations {
        let op = model.operation(operation)?;
        sent.extend(op.output.iter().chain(op.errors.iter()).cloned());
        received.extend(op.input.iter().cloned());
        let summary = docs::from_html(op.documentation.as_deref().unwrap_or_default());
        for (shape, role) in [(&op.input, "input"), (&op.output, "output")] {
            if let Some(shape) = shape {
                roles.insert(
                    shape.clone(),
                    format!("The {role} of the `{operation}` operation. {summary}")
                        .trim_end()
                        .to_owned(),
                );
            }
        }
    }
    let mut types = BTreeMap::new();
    for shape in shapes.values() {
        let name = ident::type_name(&shape.name);
        let origin = Origin {
            file: file.clone(),
            pointer: shape.pointer.clone(),
        };
        let mut doc = docs::from_html(shape.documentation.as_deref().unwrap_or_default());
        if doc.is_empty() {
            doc = roles.get(&shape.name).cloned().unwrap_or_default();
        }
        let def = match &shape.kind {
            ShapeKind::Structure {
                members,
                required,
                http_status,
                sender_fault,
            } => {
                let mut fields = Vec::new();
                let mut rust_names = BTreeMap::new();
                for member in members {
                    let rust_name = ident::field_name(&member.name);
                    if let Some(other) = rust_names.insert(rust_name.clone(), member.name.clone()) {
                        return Err(Error::NameCollision {
                            file: file.clone(),
                            pointer: member.pointer.clone(),
                            message: format!(
                                "members {other} and {} both become field {rust_name}",
                                member.name
                            ),
                        });
                    }
                    let target = &shapes[&member.target];
                    let key = format!("{}${}", shape.name, member.name);
                    let sensitive = if let Some(reason) = listed.get(key.as_str()) {
                        used_listings.insert(key.clone());
                        Some(Sensitivity::Listed((*reason).to_owned()))
                    } else if holds_sensitive(target, &shapes) {
                        Some(Sensitivity::MarkedInModel)
                    } else {
                        None
                    };
                    let reference = references.get(key.as_str()).map(|reason| {
                        used_references.insert(key.clone());
                        (*reason).to_owned()
                    });
                    let doc_html = member
                        .documentation
                        .as_deref()
                        .or(target.documentation.as_deref())
                        .unwrap_or_default();
                    fields.push(Field {
                        wire_name: member
                            .json_name
                            .clone()
                            .unwrap_or_else(|| member.name.clone()),
                        rust_name,
                        doc: docs::from_html(doc_html),
                        required: required.contains(&member.name),
                        shape: shape_of(member, &shapes),
                        sensitive,
                        reference,
                        boxed: false,
                        counterpart: None,
                        origin: Origin {
                            file: file.clone(),
                            pointer: member.pointer.clone(),
                        },
                    });
                }
                TypeDef::Struct(Struct {
                    name: name.clone(),
                    doc,
                    fields,
                    unknown_keys: UnknownKeys::Ignore,
                    error: http_status.map(|http_status| ErrorInfo {
                        http_status,
                        fault: sender_fault
                            .map(|client| if client { "client" } else { "server" }.to_owned()),
                    }),
                    secrecy: Secrecy::Plain,
                    sender: if sent.contains(&shape.name) && !received.contains(&shape.name) {
                        Sender::Service
                    } else {
                        Sender::Client
                    },
                    origin,
                })
            }
            ShapeKind::String {
                enumeration: Some(values),
                ..
            } => {
                let out = super::enum_values(&file, &pointer_push(&shape.pointer, "enum"), values)?;
                TypeDef::Enum(Enum {
                    name: name.clone(),
                    doc,
                    values: out,
                    origin,
                })
            }
            ShapeKind::Map { key, value, limits } => TypeDef::Map(MapDef {
                name: name.clone(),
                doc,
                key: scalar_shape(&shapes[&key.target], &shapes),
                value: scalar_shape(&shapes[&value.target], &shapes),
                constraints: length(limits),
                origin,
            }),
            _ => continue,
        };
        types.insert(name, def);
    }
    for (i, entry) in secrets.secrets.iter().enumerate() {
        match entry.member.as_deref() {
            Some(member) if !used_listings.contains(member) => stale.push(Stale::new(
                secrets_file,
                format!("/secret/{i}/member"),
                format!("`{member}` is no member of the generated API shapes"),
            )),
            _ => {}
        }
    }
    for (i, entry) in secrets.references.iter().enumerate() {
        if !used_references.contains(entry.member.as_str()) {
            stale.push(Stale::new(
                secrets_file,
                format!("/reference/{i}/member"),
                format!(
                    "`{}` is no member of the generated API shapes",
                    entry.member
                ),
            ));
        }
    }
    Ok(Module {
        kind: ModuleKind::Api,
        source_file: file,
        doc: "Shapes of the Amazon AppFlow API reachable from the connector-profile operations, under the model's names.".to_owned(),
        types,
    })
}

/// Whether a value of this shape carries something the model marks sensitive.
fn holds_sensitive(shape: &botocore::Shape, shapes: &BTreeMap<String, botocore::Shape>) -> bool {
    shape.sensitive
        || match &shape.kind {
            ShapeKind::List { member, .. } => holds_sensitive(&shapes[&member.target], shapes),
            ShapeKind::Map { key, value, .. } => {
                holds_sensitive(&shapes[&key.target], shapes)
                    || holds_sensitive(&shapes[&value.target], shapes)
            }
            _ => false,
        }
}

fn length(limits: &Limits) -> Constraints {
    Constraints {
        min_length: limits.min.map(|v| v.max(0) as u64),
        max_length: limits.max.map(|v| v.max(0) as u64),
        ..Constraints::default()
    }
}

fn shape_of(member: &Member, shapes: &BTreeMap<String, botocore::Shape>) -> Shape {
    scalar_shape(&shapes[&member.target], shapes)
}

/// The IR shape of a reference to `shape`: named types stay named, scalars carry their constraints.
fn scalar_shape(shape: &botocore::Shape, shapes: &BTreeMap<String, botocore::Shape>) -> Shape {
    match &shape.kind {
        ShapeKind::Structure { .. }
        | ShapeKind::Map { .. }
        | ShapeKind::String {
            enumeration: Some(_),
            ..
        } => Shape {
            ty: TypeRef::Named(ident::type_name(&shape.name)),
            constraints: Constraints::default(),
        },
        ShapeKind::String {
            enumeration: None,
            limits,
            pattern,
        } => Shape {
            ty: TypeRef::String,
            constraints: Constraints {
                pattern: pattern.clone(),
                ..length(limits)
            },
        },
        ShapeKind::Integer { long, limits } => Shape {
            ty: TypeRef::Integer(IntKind::fitting(
                limits.min,
                limits.max,
                if *long { IntKind::I64 } else { IntKind::I32 },
            )),
            constraints: Constraints {
                minimum: limits.min,
                maximum: limits.max,
                ..Constraints::default()
            },
        },
        ShapeKind::Boolean => Shape {
            ty: TypeRef::Boolean,
            constraints: Constraints::default(),
        },
        ShapeKind::Timestamp => Shape {
            ty: TypeRef::Timestamp,
            constraints: Constraints::default(),
        },
        ShapeKind::List { member, limits } => Shape {
            ty: TypeRef::List(Box::new(shape_of(member, shapes))),
            constraints: length(limits),
        },
    }
}
