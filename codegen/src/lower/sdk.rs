//! Where `aws-sdk-appflow` (smithy-rs output) has each API type and how it holds each member: its
//! names (from `ident`), the operations' inputs, outputs and errors, and the members it holds with
//! a default (`mapping.toml` `[[sdk_default]]`).

use std::collections::{BTreeMap, BTreeSet};

use crate::error::{pointer_push, Error};
use crate::ident;
use crate::ir::{Module, SdkMap, SdkMember, SdkPresence, SdkRole, SdkType, TypeDef, TypeRef};
use crate::read::botocore;
use crate::read::data::SdkDefault;
use crate::stale::Stale;

/// The SDK's view of every type of the API module. A `[[sdk_default]]` naming no member of the API
/// module is noted in `stale`; one naming a required member is an error.
pub fn lower(
    model: &botocore::Model,
    operations: &[String],
    api: &Module,
    defaults: &[SdkDefault],
    mapping_file: &str,
    stale: &mut Vec<Stale>,
) -> Result<SdkMap, Error> {
    let mut roles: BTreeMap<String, (Vec<String>, SdkRole)> = BTreeMap::new();
    for operation in operations {
        let op = model.operation(operation)?;
        let module = ident::sdk_operation_module(operation);
        let operation_type = ident::sdk_type_name(operation);
        let path = |last: String| vec!["operation".to_owned(), module.clone(), last];
        if let Some(input) = op.input {
            let builder = vec![
                "operation".to_owned(),
                module.clone(),
                "builders".to_owned(),
                format!("{operation_type}InputBuilder"),
            ];
            roles.insert(
                ident::type_name(&input),
                (
                    path(format!("{operation_type}Input")),
                    SdkRole::Input { builder },
                ),
            );
        }
        if let Some(output) = op.output {
            roles.insert(
                ident::type_name(&output),
                (path(format!("{operation_type}Output")), SdkRole::Output),
            );
        }
        for error in op.errors {
            let path = vec![
                "types".to_owned(),
                "error".to_owned(),
                ident::sdk_type_name(&error),
            ];
            roles.insert(ident::type_name(&error), (path, SdkRole::Error));
        }
    }
    let mut with_default = BTreeSet::new();
    for (index, entry) in defaults.iter().enumerate() {
        let found = api
            .struct_named(&entry.shape)
            .and_then(|s| s.fields.iter().find(|f| f.wire_name == entry.member));
        let pointer = pointer_push(&format!("/sdk_default/{index}"), "member");
        match found {
            Some(field) if !field.required => {
                with_default.insert((entry.shape.as_str(), entry.member.as_str()));
            }
            Some(_) => {
                return Err(Error::Invalid {
                    file: mapping_file.to_owned(),
                    pointer,
                    message: format!(
                        "{}.{} is required; an SDK default is for an optional API member",
                        entry.shape, entry.member
                    ),
                })
            }
            None => stale.push(Stale::new(
                mapping_file,
                pointer,
                format!(
                    "`{}.{}` is no member of the generated API shapes",
                    entry.shape, entry.member
                ),
            )),
        }
    }
    let mut types = BTreeMap::new();
    for (name, def) in &api.types {
        let (path, role) = match (roles.remove(name), def) {
            (Some(known), _) => known,
            (None, TypeDef::Struct(_)) => (
                vec!["types".to_owned(), ident::sdk_type_name(name)],
                SdkRole::Shape,
            ),
            (None, TypeDef::Enum(_)) => (
                vec!["types".to_owned(), ident::sdk_type_name(name)],
                SdkRole::Enum,
            ),
            (None, TypeDef::Map(_)) => continue,
        };
        let members = match def {
            TypeDef::Struct(s) => s
                .fields
                .iter()
                .map(|f| SdkMember {
                    name: ident::sdk_field_name(&f.wire_name),
                    presence: if role != SdkRole::Shape {
                        SdkPresence::Optional
                    } else if with_default.contains(&(name.as_str(), f.wire_name.as_str())) {
                        SdkPresence::DefaultFalse
                    } else if f.required && !holds_struct(api, &f.shape.ty) {
                        SdkPresence::Required
                    } else {
                        SdkPresence::Optional
                    },
                })
                .collect(),
            _ => Vec::new(),
        };
        types.insert(
            name.clone(),
            SdkType {
                path,
                role,
                members,
            },
        );
    }
    Ok(SdkMap { types })
}

/// Whether a member holds a struct: smithy-rs keeps such a member an `Option` even when required
/// (`ConnectorProfileConfig.connector_profile_properties`), while required strings, numbers, enums
/// and lists are plain values.
fn holds_struct(api: &Module, ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Named(name) if api.struct_named(name).is_some())
}
