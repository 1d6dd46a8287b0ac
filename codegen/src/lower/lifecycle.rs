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
use crate::stale::Stale;

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

/// Builds the lifecycle facts. `iam` is `None` when `iam.toml` is not read (the drift check); its
/// entries out of step with the handlers are noted in `stale` ([`iam_facts`]).
pub fn lower(
    cfn: &Module,
    api: &Module,
    resource: &ResourceMeta,
    mapping: &Mapping,
    iam: Option<&Iam>,
    stale: &mut Vec<Stale>,
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
    let iam = iam.map(|iam| iam_facts(iam, resource, stale)).transpose()?;
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
                    reference: f.sensitive.is_some() && f.reference.is_some(),
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

/// The ARN and the actions' scopes, checked against the handlers' permissions. A malformed entry
/// (an action listed twice, a statement id or resource of the wrong form) is an error. An entry no
/// handler needs is left out of the facts (so of the policy) and noted in `stale`, as is a
/// handler's action without an entry (it has no scope to be granted with).
/// The parts of a resource's ARN a policy can be scoped by (`PolicyScope`'s region, account and
/// name), as the ARN templates spell them.
const SCOPED_PARTS: &[&str] = &["${Name}", "${Account}", "${Region}"];

fn iam_facts(
    iam: &Iam,
    resource: &ResourceMeta,
    stale: &mut Vec<Stale>,
) -> Result<IamFacts, Error> {
    let handled: BTreeSet<&str> = resource
        .handlers
        .iter()
        .flat_map(|(_, permissions)| permissions.iter().map(String::as_str))
        .collect();
    let mut sid_scope = Vec::new();
    for (part, words) in &iam.sid_scope {
        let placeholder = format!("${{{part}}}");
        let problem = if !SCOPED_PARTS.contains(&placeholder.as_str()) {
            Some(format!(
                "not a part of the ARN a policy is scoped by; one of {}",
                SCOPED_PARTS.join(", ")
            ))
        } else if [&words.given, &words.any]
            .iter()
            .any(|w| w.is_empty() || !w.chars().all(|c| c.is_ascii_alphanumeric()))
        {
            Some("a statement id has only ASCII letters and digits".to_owned())
        } else {
            None
        };
        if let Some(message) = problem {
            return Err(Error::Invalid {
                file: IAM.to_owned(),
                pointer: format!("/sid_scope/{part}"),
                message,
            });
        }
        sid_scope.push((placeholder, words.given.clone(), words.any.clone()));
    }
    let mut seen = BTreeSet::new();
    let mut actions = Vec::new();
    for (i, entry) in iam.actions.iter().enumerate() {
        let pointer = format!("/action/{i}");
        let mut sid_text = entry.sid.clone();
        for (placeholder, _, _) in &sid_scope {
            sid_text = sid_text.replace(placeholder.as_str(), "");
        }
        let problem = if !seen.insert(entry.action.as_str()) {
            Some("the action is listed twice")
        } else if sid_text.is_empty() || !sid_text.chars().all(|c| c.is_ascii_alphanumeric()) {
            Some(
                "a statement id has only ASCII letters and digits, and placeholders of [sid_scope]",
            )
        } else if sid_scope
            .iter()
            .any(|(p, _, _)| entry.sid.contains(p.as_str()) && !entry.resource.contains(p.as_str()))
        {
            Some("a statement id names a part of the ARN its resource does not hold")
        } else if entry.resource != "*" && !entry.resource.starts_with("arn:${Partition}:") {
            Some("the resource is `*` or an ARN template starting `arn:${Partition}:`")
        } else {
            None
        };
        if let Some(message) = problem {
            return Err(Error::Invalid {
                file: IAM.to_owned(),
                pointer,
                message: message.to_owned(),
            });
        }
        if !handled.contains(entry.action.as_str()) {
            stale.push(Stale::new(
                IAM,
                pointer,
                format!(
                    "no handler of the resource schema needs `{}`; it is left out of the IAM policy",
                    entry.action
                ),
            ));
            continue;
        }
        actions.push(IamAction {
            action: entry.action.clone(),
            resource: entry.resource.clone(),
            sid: entry.sid.clone(),
        });
    }
    for missing in handled.iter().filter(|a| !seen.contains(*a)) {
        stale.push(Stale::new(
            IAM,
            "/action",
            format!(
                "the handlers need `{missing}`, which has no entry; it is left out of the IAM policy"
            ),
        ));
    }
    Ok(IamFacts {
        service: iam.arn.service.clone(),
        resource_type: iam.arn.resource_type.clone(),
        partitions: iam.arn.partitions.clone(),
        actions,
        sid_scope,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::data::read_iam;

    const ARN: &str = "[arn]\nservice = \"appflow\"\nresource_type = \"connectorprofile\"\n\
        source = \"s\"\npartitions = [\"aws\"]\npartitions_source = \"s\"\n";

    fn entry(action: &str, sid: &str) -> String {
        format!(
            "[[action]]\naction = \"{action}\"\nresource = \"*\"\nsid = \"{sid}\"\nsource = \"s\"\n"
        )
    }

    fn resource(handlers: &[(&str, &[&str])]) -> ResourceMeta {
        ResourceMeta {
            type_name: "AWS::X::Y".into(),
            description: String::new(),
            primary_identifier: Vec::new(),
            create_only: Vec::new(),
            read_only: Vec::new(),
            write_only: Vec::new(),
            handlers: handlers
                .iter()
                .map(|(name, permissions)| {
                    (
                        (*name).to_owned(),
                        permissions.iter().map(|p| (*p).to_owned()).collect(),
                    )
                })
                .collect(),
        }
    }

    fn actions(facts: &IamFacts) -> Vec<&str> {
        facts.actions.iter().map(|a| a.action.as_str()).collect()
    }

    #[test]
    fn an_entry_no_handler_needs_is_a_note_and_left_out_of_the_policy() {
        let iam = read_iam(
            IAM,
            &format!("{ARN}{}{}", entry("x:Create", "A"), entry("x:Gone", "B")),
        )
        .unwrap();
        let mut stale = Vec::new();
        let facts = iam_facts(&iam, &resource(&[("create", &["x:Create"])]), &mut stale).unwrap();
        assert_eq!(actions(&facts), ["x:Create"]);
        assert_eq!(stale.len(), 1, "{stale:?}");
        assert_eq!(stale[0].file, IAM);
        assert_eq!(stale[0].pointer, "/action/1");
        assert!(stale[0].reason.contains("no handler"), "{}", stale[0]);
        assert!(stale[0].reason.contains("`x:Gone`"), "{}", stale[0]);
    }

    #[test]
    fn without_handler_permissions_every_entry_is_stale_and_the_policy_empty() {
        // cfn-lint 1.30's schema: no `handlers` at all.
        let iam = read_iam(
            IAM,
            &format!("{ARN}{}{}", entry("x:Create", "A"), entry("x:Read", "B")),
        )
        .unwrap();
        let mut stale = Vec::new();
        let facts = iam_facts(&iam, &resource(&[]), &mut stale).unwrap();
        assert!(facts.actions.is_empty());
        let pointers: Vec<&str> = stale.iter().map(|s| s.pointer.as_str()).collect();
        assert_eq!(pointers, ["/action/0", "/action/1"]);
    }

    #[test]
    fn an_action_without_an_entry_is_a_note() {
        let iam = read_iam(IAM, &format!("{ARN}{}", entry("x:Create", "A"))).unwrap();
        let mut stale = Vec::new();
        let facts = iam_facts(
            &iam,
            &resource(&[("create", &["x:Create", "x:Tag"])]),
            &mut stale,
        )
        .unwrap();
        assert_eq!(actions(&facts), ["x:Create"]);
        assert_eq!(stale.len(), 1, "{stale:?}");
        assert_eq!(stale[0].pointer, "/action");
        assert!(
            stale[0].reason.contains("`x:Tag`, which has no entry"),
            "{}",
            stale[0]
        );
    }

    #[test]
    fn a_malformed_entry_is_an_error_even_when_no_handler_needs_it() {
        let handlers = resource(&[("create", &["x:Create"])]);
        for (text, message) in [
            (entry("x:Gone", "not a sid"), "statement id"),
            (
                entry("x:Create", "A") + &entry("x:Create", "B"),
                "listed twice",
            ),
            (
                entry("x:Gone", "A").replace("\"*\"", "\"arn:aws:x\""),
                "the resource is",
            ),
        ] {
            let iam = read_iam(IAM, &format!("{ARN}{text}")).unwrap();
            let err = iam_facts(&iam, &handlers, &mut Vec::new()).unwrap_err();
            assert!(err.to_string().contains(message), "{err}");
            assert!(err.to_string().starts_with("iam.toml#/action/"), "{err}");
        }
    }
}
