//! The typed connector layer: `mapping.toml`'s `[profile]` and connector containers resolved in
//! the API module into an [`ConnectorModel`]. A name that resolves to nothing, or to the wrong kind
//! of type, is an error at its place in `mapping.toml`.

use std::collections::BTreeSet;

use crate::ident;
use crate::ir::{
    ConfigMember, ConnectorContainer, ConnectorModel, ConnectorVariant, ContainerSlot, Field,
    Module, ProfileMember, ProfileSource, RequestSource, Secrecy, Sender, Shape, Struct, TypeDef,
    TypeRef, UnknownKeys, UpdateFill, UpdateMember,
};
use crate::read::data::ProfileSpec;
use crate::read::MAPPING;
use crate::Error;

fn dangling(pointer: &str, target: &str) -> Error {
    Error::DanglingRef {
        file: MAPPING.to_owned(),
        pointer: pointer.to_owned(),
        target: target.to_owned(),
    }
}

fn invalid(pointer: &str, message: String) -> Error {
    Error::Invalid {
        file: MAPPING.to_owned(),
        pointer: pointer.to_owned(),
        message,
    }
}

fn named(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(n) => Some(n),
        _ => None,
    }
}

fn profile_member(field: &Field, ty: &str) -> ProfileMember {
    ProfileMember {
        wire_name: field.wire_name.clone(),
        rust_name: field.rust_name.clone(),
        required: field.required,
        ty: ty.to_owned(),
    }
}

/// Resolves the connector layer: `spec` is `[profile]`, `container_names` the connector
/// containers, `connectors` the connectors' member names, `cfn_root` the CloudFormation root type.
pub fn lower(
    api: &Module,
    spec: &ProfileSpec,
    container_names: &[String],
    connectors: &BTreeSet<String>,
    cfn_root: &str,
) -> Result<ConnectorModel, Error> {
    let request = api
        .struct_named(&spec.request)
        .ok_or_else(|| dangling("/profile/request", &spec.request))?;
    let update = api
        .struct_named(&spec.update_request)
        .ok_or_else(|| dangling("/profile/update_request", &spec.update_request))?;
    let member = |key: &str, name: &str| {
        request
            .fields
            .iter()
            .find(|f| f.wire_name == name)
            .ok_or_else(|| dangling(&format!("/profile/{key}"), name))
    };
    let type_member = member("connector_type_member", &spec.connector_type_member)?;
    let config_member = member("connector_config_member", &spec.connector_config_member)?;
    let type_enum = match named(&type_member.shape.ty).and_then(|n| api.types.get(n)) {
        Some(TypeDef::Enum(e)) => e,
        _ => {
            return Err(invalid(
                "/profile/connector_type_member",
                format!("`{}` is not an enum", spec.connector_type_member),
            ))
        }
    };
    let config = named(&config_member.shape.ty)
        .and_then(|n| api.struct_named(n))
        .ok_or_else(|| {
            invalid(
                "/profile/connector_config_member",
                format!("`{}` is not a structure", spec.connector_config_member),
            )
        })?;
    let mut containers = Vec::new();
    let mut container_defs = Vec::new();
    for f in &config.fields {
        let Some(def) = named(&f.shape.ty).and_then(|n| api.struct_named(n)) else {
            continue;
        };
        if container_names.contains(&def.name) {
            containers.push(ConnectorContainer {
                wire_name: f.wire_name.clone(),
                rust_name: f.rust_name.clone(),
                required: f.required,
                ty: def.name.clone(),
            });
            container_defs.push(def);
        }
    }
    let is_container = |f: &Field| containers.iter().any(|c| c.wire_name == f.wire_name);
    if let Some(other) = config
        .fields
        .iter()
        .find(|f| f.required && !is_container(f))
    {
        return Err(invalid(
            "/profile/connector_config_member",
            format!(
                "{} requires {}, which is not a connector container",
                config.name, other.wire_name
            ),
        ));
    }
    let config_members = config
        .fields
        .iter()
        .map(|f| ConfigMember {
            rust_name: f.rust_name.clone(),
            required: f.required,
            container: is_container(f),
        })
        .collect();

    let mut variants = Vec::new();
    for key in connectors {
        let Some(value) = type_enum
            .values
            .iter()
            .find(|v| v.wire.eq_ignore_ascii_case(key))
        else {
            return Err(invalid(
                "/profile/connector_type_member",
                format!("no {} value names connector {key}", type_enum.name),
            ));
        };
        let slots = container_defs
            .iter()
            .map(|def| {
                def.fields
                    .iter()
                    .find(|f| &f.wire_name == key)
                    .map(|slot| ContainerSlot {
                        rust_name: slot.rust_name.clone(),
                        ty: slot.shape.ty.clone(),
                        boxed: slot.boxed,
                    })
            })
            .collect();
        variants.push(ConnectorVariant {
            key: key.clone(),
            variant: ident::variant_name(key),
            type_value: value.clone(),
            slots,
        });
    }

    let role = |f: &Field| {
        if f.wire_name == type_member.wire_name {
            RequestSource::ConnectorType
        } else if f.wire_name == config_member.wire_name {
            RequestSource::Config
        } else {
            RequestSource::Own
        }
    };
    let request_members = request
        .fields
        .iter()
        .map(|f| ProfileSource {
            rust_name: f.rust_name.clone(),
            source: role(f),
        })
        .collect();
    let own: Vec<&Field> = request
        .fields
        .iter()
        .filter(|f| role(f) == RequestSource::Own)
        .collect();

    let mut update_members = Vec::new();
    for f in &update.fields {
        let fill = if f.wire_name == config_member.wire_name {
            UpdateFill::Config
        } else if let Some(mine) = own.iter().find(|o| o.wire_name == f.wire_name) {
            match (mine.required, f.required) {
                (true, true) | (false, false) => UpdateFill::Same,
                (true, false) => UpdateFill::Wrapped,
                (false, true) => UpdateFill::Required,
            }
        } else if f.required {
            return Err(invalid(
                "/profile/update_request",
                format!(
                    "{} requires {}, which a profile does not have",
                    update.name, f.wire_name
                ),
            ));
        } else {
            UpdateFill::Absent
        };
        update_members.push(UpdateMember {
            rust_name: f.rust_name.clone(),
            fill,
        });
    }

    // The Profile: the request's other members plus the connector.
    let mut fields: Vec<Field> = own.iter().map(|f| (*f).clone()).collect();
    fields.push(Field {
        wire_name: "connector".to_owned(),
        rust_name: "connector".to_owned(),
        doc: "The connector, with its own credentials and properties.".to_owned(),
        required: true,
        shape: Shape {
            ty: TypeRef::Named("Connector".to_owned()),
            constraints: Default::default(),
        },
        sensitive: None,
        reference: None,
        boxed: false,
        counterpart: None,
        origin: request.origin.clone(),
    });
    let profile = Struct {
        name: "Profile".to_owned(),
        doc: String::new(),
        fields,
        unknown_keys: UnknownKeys::Ignore,
        error: None,
        secrecy: Secrecy::Plain,
        sender: Sender::Client,
        origin: request.origin.clone(),
    };

    Ok(ConnectorModel {
        request: request.name.clone(),
        request_members,
        update_request: update.name.clone(),
        update_members,
        connector_type: profile_member(type_member, &type_enum.name),
        config: profile_member(config_member, &config.name),
        config_members,
        containers,
        connectors: variants,
        own_members: own.iter().map(|f| f.rust_name.clone()).collect(),
        profile,
        cfn_root: cfn_root.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::read::Inputs;
    use crate::Error;

    fn lower_with_mapping(edit: impl Fn(&str) -> String) -> Result<crate::ir::Ir, Error> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas");
        let mut inputs = Inputs::load(&dir).unwrap();
        inputs.mapping = edit(&inputs.mapping);
        crate::lower::build_allowing_stale(&inputs).map(|l| l.ir)
    }

    #[test]
    fn the_real_mapping_resolves() {
        let ir = lower_with_mapping(str::to_owned).unwrap();
        assert!(!ir.profile.connectors.is_empty());
        assert!(!ir.profile.containers.is_empty());
    }

    #[test]
    fn an_unresolved_member_is_an_error_at_its_pointer() {
        let err = lower_with_mapping(|m| {
            m.replace(
                "connector_type_member = \"connectorType\"",
                "connector_type_member = \"connectorKind\"",
            )
        })
        .unwrap_err();
        match err {
            Error::DanglingRef {
                file,
                pointer,
                target,
            } => {
                assert_eq!(file, "mapping.toml");
                assert_eq!(pointer, "/profile/connector_type_member");
                assert_eq!(target, "connectorKind");
            }
            other => panic!("expected a dangling reference, got {other}"),
        }
    }

    #[test]
    fn a_member_of_the_wrong_kind_is_an_error_at_its_pointer() {
        let err = lower_with_mapping(|m| {
            m.replace(
                "connector_type_member = \"connectorType\"",
                "connector_type_member = \"connectorProfileName\"",
            )
        })
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "mapping.toml#/profile/connector_type_member: `connectorProfileName` is not an enum"
        );
    }
}
