//! The resource's lifecycle facts (`ir::Lifecycle`): which properties force a replacement, which
//! an update cannot apply or must always carry, where the secrets are, where each member of a read
//! goes on import, which enums mean the same thing, and the IAM scopes of the handlers' actions.
//! Everything comes from the resource metadata, the member links, `mapping.toml` and `iam.toml`.

use std::collections::BTreeSet;

use crate::error::Error;
use crate::ident;
use crate::ir::{
    linked, EnumLink, IamAction, IamFacts, ImportMember, ImportTarget, Lifecycle, Module,
    ModuleKind, NotReturned, PropertyFact, RedactMember, RedactNode, ResourceMeta, Secrecy, Struct,
    TypeDef, TypeRef, UpdateFact,
};
use crate::read::data::{Iam, Mapping};
use crate::read::{IAM, MAPPING};

/// The struct a member holds, through lists.
fn struct_of<'m>(module: &'m Module, ty: &TypeRef) -> Option<&'m Struct> {
    match ty {
        TypeRef::Named(n) => module.struct_named(n),
        TypeRef::List(item) => struct_of(module, &item.ty),
        _ => None,
    }
}

fn dangling(file: &str, pointer: &str, target: &str) -> Error {
    Error::DanglingRef {
        file: file.to_owned(),
        pointer: pointer.to_owned(),
        target: target.to_owned(),
    }
}

/// Builds the lifecycle facts. `iam` is `None` when `iam.toml` is not read (the drift check).
pub fn lower(
    cfn: &Module,
    api: &Module,
    resource: &ResourceMeta,
    mapping: &Mapping,
    iam: Option<&Iam>,
) -> Result<Lifecycle, Error> {
    let root = cfn
        .struct_named(&mapping.cfn_root)
        .ok_or_else(|| dangling(MAPPING, "/cfn_root", &mapping.cfn_root))?;
    let request = api
        .struct_named(&mapping.profile.request)
        .ok_or_else(|| dangling(MAPPING, "/profile/request", &mapping.profile.request))?;
    let update = api
        .struct_named(&mapping.profile.update_request)
        .ok_or_else(|| {
            dangling(
                MAPPING,
                "/profile/update_request",
                &mapping.profile.update_request,
            )
        })?;
    let describe = api
        .struct_named(&mapping.lifecycle.describe_item)
        .ok_or_else(|| {
            dangling(
                MAPPING,
                "/lifecycle/describe_item",
                &mapping.lifecycle.describe_item,
            )
        })?;
    // Every metadata pointer names a property.
    for (key, list) in [
        ("primaryIdentifier", &resource.primary_identifier),
        ("createOnlyProperties", &resource.create_only),
        ("readOnlyProperties", &resource.read_only),
        ("writeOnlyProperties", &resource.write_only),
    ] {
        for (i, pointer) in list.iter().enumerate() {
            let name = pointer.strip_prefix("/properties/").unwrap_or(pointer);
            if name.contains('/') || !root.fields.iter().any(|f| f.wire_name == name) {
                return Err(Error::Unsupported {
                    file: crate::read::CFN_SCHEMA.to_owned(),
                    pointer: format!("/{key}/{i}"),
                    what: "property pointer (a top-level property is expected)",
                    found: pointer.clone(),
                });
            }
        }
    }
    let listed =
        |list: &[String], name: &str| list.iter().any(|p| p == &format!("/properties/{name}"));
    let mut properties = Vec::new();
    for field in &root.fields {
        let name = &field.wire_name;
        let api_member = request
            .fields
            .iter()
            .find(|r| linked(ModuleKind::Cfn, &root.name, field, &request.name, r));
        let update_fact = match api_member {
            None => UpdateFact::NeverSent,
            Some(member) => match update
                .fields
                .iter()
                .find(|u| u.wire_name == member.wire_name)
            {
                Some(u) => UpdateFact::Sent {
                    required: u.required,
                },
                None => UpdateFact::NotInUpdate,
            },
        };
        properties.push(PropertyFact {
            wire_name: name.clone(),
            variant: ident::variant_name(name),
            create_only: listed(&resource.create_only, name),
            read_only: listed(&resource.read_only, name),
            write_only: listed(&resource.write_only, name),
            primary_identifier: listed(&resource.primary_identifier, name),
            api_member: api_member.map(|m| m.wire_name.clone()),
            update: update_fact,
        });
    }
    let identifier_max_length = root
        .fields
        .iter()
        .find(|f| listed(&resource.primary_identifier, &f.wire_name))
        .and_then(|f| f.shape.constraints.max_length);

    // Import: each member of the read's result goes to the create request (directly, or into the
    // struct of the config member, where the read flattens it), to a linked property, or nowhere.
    let config_member = &mapping.profile.connector_config_member;
    let config_field = request
        .fields
        .iter()
        .find(|f| &f.wire_name == config_member)
        .ok_or_else(|| dangling(MAPPING, "/profile/connector_config_member", config_member))?;
    let config = struct_of(api, &config_field.shape.ty).ok_or_else(|| Error::Invalid {
        file: MAPPING.to_owned(),
        pointer: "/profile/connector_config_member".to_owned(),
        message: format!("`{config_member}` does not hold a struct"),
    })?;
    let mut import = Vec::new();
    let mut produced: BTreeSet<Vec<String>> = BTreeSet::new();
    for member in &describe.fields {
        let name = &member.wire_name;
        let target = if request.fields.iter().any(|f| &f.wire_name == name) {
            ImportTarget::Request(vec![name.clone()])
        } else if config.fields.iter().any(|f| &f.wire_name == name) {
            ImportTarget::Request(vec![config_member.clone(), name.clone()])
        } else if let Some(property) = root
            .fields
            .iter()
            .find(|p| linked(ModuleKind::Api, &describe.name, member, &root.name, p))
        {
            ImportTarget::Property(property.wire_name.clone())
        } else {
            ImportTarget::Dropped
        };
        if let ImportTarget::Request(path) = &target {
            produced.insert(path.clone());
        }
        import.push(ImportMember {
            member: name.clone(),
            target,
        });
    }
    // What the read cannot give: request members with a property, not produced.
    let mut not_returned = Vec::new();
    for property in &root.fields {
        let Some(member) = request
            .fields
            .iter()
            .find(|r| linked(ModuleKind::Cfn, &root.name, property, &request.name, r))
        else {
            continue;
        };
        if produced.contains(&vec![member.wire_name.clone()]) {
            continue;
        }
        if &member.wire_name == config_member {
            let Some(cfn_config) = struct_of(cfn, &property.shape.ty) else {
                continue;
            };
            for inner in &config.fields {
                if produced.contains(&vec![config_member.clone(), inner.wire_name.clone()]) {
                    continue;
                }
                let Some(cfn_inner) = cfn_config
                    .fields
                    .iter()
                    .find(|c| linked(ModuleKind::Cfn, &cfn_config.name, c, &config.name, inner))
                else {
                    continue;
                };
                let secret = struct_of(api, &inner.shape.ty)
                    .is_some_and(|s| s.secrecy == Secrecy::Credentials)
                    || inner.sensitive.is_some();
                not_returned.push(NotReturned {
                    pointer: format!("/{}/{}", property.wire_name, cfn_inner.wire_name),
                    api_member: format!("{config_member}.{}", inner.wire_name),
                    secret,
                });
            }
        } else {
            not_returned.push(NotReturned {
                pointer: format!("/{}", property.wire_name),
                api_member: member.wire_name.clone(),
                secret: member.sensitive.is_some(),
            });
        }
    }

    let enum_links = mapping_enum_links(cfn, api);
    let redaction = redaction(cfn, root);
    let iam = iam.map(|iam| iam_facts(iam, resource)).transpose()?;
    Ok(Lifecycle {
        properties,
        update_request: update.name.clone(),
        redaction,
        describe_item: describe.name.clone(),
        import,
        not_returned,
        enum_links,
        iam,
        identifier_max_length,
    })
}

/// Enum pairs: every CloudFormation enum held by a member linked to an API member holding an enum,
/// values paired ignoring case (as the conversions compare them).
fn mapping_enum_links(cfn: &Module, api: &Module) -> Vec<EnumLink> {
    let mut pairs: BTreeSet<(String, String)> = BTreeSet::new();
    for def in cfn.types.values() {
        let TypeDef::Struct(s) = def else { continue };
        for field in &s.fields {
            let Some(counterpart) = &field.counterpart else {
                continue;
            };
            let Some(other) = api.struct_named(&counterpart.type_name) else {
                continue;
            };
            let Some(other_field) = other
                .fields
                .iter()
                .find(|f| f.wire_name == counterpart.wire_name)
            else {
                continue;
            };
            if let (TypeRef::Named(a), TypeRef::Named(b)) = (&field.shape.ty, &other_field.shape.ty)
            {
                if matches!(cfn.types.get(a), Some(TypeDef::Enum(_)))
                    && matches!(api.types.get(b), Some(TypeDef::Enum(_)))
                {
                    pairs.insert((a.clone(), b.clone()));
                }
            }
        }
    }
    pairs
        .into_iter()
        .filter_map(|(a, b)| {
            let (Some(TypeDef::Enum(ea)), Some(TypeDef::Enum(eb))) =
                (cfn.types.get(&a), api.types.get(&b))
            else {
                return None;
            };
            let values = ea
                .values
                .iter()
                .filter_map(|va| {
                    eb.values
                        .iter()
                        .find(|vb| vb.wire.eq_ignore_ascii_case(&va.wire))
                        .map(|vb| (va.variant.clone(), vb.variant.clone()))
                })
                .collect();
            Some(EnumLink {
                cfn: a,
                api: b,
                values,
            })
        })
        .collect()
}

/// The secrets of the resource's properties, as a table of structs from the root.
fn redaction(cfn: &Module, root: &Struct) -> Vec<RedactNode> {
    let mut order: Vec<String> = vec![root.name.clone()];
    let mut out = Vec::new();
    let mut next = 0;
    while next < order.len() {
        let name = order[next].clone();
        next += 1;
        let Some(s) = cfn.struct_named(&name) else {
            out.push(RedactNode {
                credentials: false,
                members: Vec::new(),
            });
            continue;
        };
        let members = s
            .fields
            .iter()
            .map(|f| {
                let child = struct_of(cfn, &f.shape.ty).map(|c| {
                    match order.iter().position(|o| o == &c.name) {
                        Some(n) => n,
                        None => {
                            order.push(c.name.clone());
                            order.len() - 1
                        }
                    }
                });
                RedactMember {
                    name: f.wire_name.clone(),
                    secret: f.sensitive.is_some(),
                    required: f.required,
                    child,
                }
            })
            .collect();
        out.push(RedactNode {
            credentials: s.secrecy == Secrecy::Credentials,
            members,
        });
    }
    out
}

/// The ARN and the actions' scopes, checked against the handlers' permissions: every action has
/// exactly one entry and every entry is an action of a handler.
fn iam_facts(iam: &Iam, resource: &ResourceMeta) -> Result<IamFacts, Error> {
    let handled: BTreeSet<&str> = resource
        .handlers
        .iter()
        .flat_map(|(_, permissions)| permissions.iter().map(String::as_str))
        .collect();
    let mut seen = BTreeSet::new();
    for (i, entry) in iam.actions.iter().enumerate() {
        let problem = if !handled.contains(entry.action.as_str()) {
            Some("no handler of the resource schema needs this action".to_owned())
        } else if !seen.insert(entry.action.as_str()) {
            Some("the action is listed twice".to_owned())
        } else if entry.sid.is_empty() || !entry.sid.chars().all(|c| c.is_ascii_alphanumeric()) {
            Some("a statement id has only ASCII letters and digits".to_owned())
        } else if entry.resource != "*" && !entry.resource.starts_with("arn:${Partition}:") {
            Some("the resource is `*` or an ARN template starting `arn:${Partition}:`".to_owned())
        } else {
            None
        };
        if let Some(message) = problem {
            return Err(Error::Invalid {
                file: IAM.to_owned(),
                pointer: format!("/action/{i}"),
                message,
            });
        }
    }
    if let Some(missing) = handled.iter().find(|a| !seen.contains(*a)) {
        return Err(Error::Invalid {
            file: IAM.to_owned(),
            pointer: "/action".to_owned(),
            message: format!("the handlers need `{missing}`, which has no entry"),
        });
    }
    Ok(IamFacts {
        service: iam.arn.service.clone(),
        resource_type: iam.arn.resource_type.clone(),
        partitions: iam.arn.partitions.clone(),
        actions: iam
            .actions
            .iter()
            .map(|a| IamAction {
                action: a.action.clone(),
                resource: a.resource.clone(),
                sid: a.sid.clone(),
            })
            .collect(),
    })
}
