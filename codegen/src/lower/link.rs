//! Links the two modules: which CloudFormation member carries which API member, and the
//! sensitivity and `format` that follow across the link.

use std::collections::BTreeSet;

use crate::error::Error;
use crate::ir::{MemberRef, Module, ModuleKind, Sensitivity, Shape, TypeDef, TypeRef};
use crate::read::data::{Mapping, Secrets};
use crate::stale::Stale;

/// Sets `counterpart` on both sides of each matched member pair and carries secrets across;
/// returns the (CloudFormation, API) type pairs found, mapping.toml's first. A rename that matches
/// no member pair and a CloudFormation secret naming no member are noted in `stale`.
pub fn link(
    cfn: &mut Module,
    api: &mut Module,
    mapping: &Mapping,
    mapping_file: &str,
    secrets: &Secrets,
    secrets_file: &str,
    stale: &mut Vec<Stale>,
) -> Result<Vec<(String, String)>, Error> {
    let mut pending: std::collections::VecDeque<(String, String)> =
        std::collections::VecDeque::new();
    for (i, pair) in mapping.pairs.iter().enumerate() {
        for (module, name, key) in [(&*cfn, &pair.cfn, "cfn"), (&*api, &pair.api, "api")] {
            if module.struct_named(name).is_none() {
                return Err(Error::DanglingRef {
                    file: mapping_file.to_owned(),
                    pointer: format!("/pair/{i}/{key}"),
                    target: name.clone(),
                });
            }
        }
        pending.push_back((pair.cfn.clone(), pair.api.clone()));
    }
    let mut visited = BTreeSet::new();
    let mut struct_pairs: Vec<(String, String)> = Vec::new();
    let mut links: Vec<(MemberRef, MemberRef)> = Vec::new();
    let mut used_renames = BTreeSet::new();
    while let Some((cfn_name, api_name)) = pending.pop_front() {
        if !visited.insert((cfn_name.clone(), api_name.clone())) {
            continue;
        }
        let (Some(cfn_struct), Some(api_struct)) =
            (cfn.struct_named(&cfn_name), api.struct_named(&api_name))
        else {
            continue;
        };
        for cfn_field in &cfn_struct.fields {
            let renamed = |api_field: &crate::ir::Field| {
                mapping
                    .renames
                    .iter()
                    .position(|r| r.cfn == cfn_field.wire_name && r.api == api_field.wire_name)
            };
            let matched = api_struct.fields.iter().find(|api_field| {
                api_field
                    .wire_name
                    .eq_ignore_ascii_case(&cfn_field.wire_name)
                    || renamed(api_field).is_some()
            });
            let Some(api_field) = matched else { continue };
            if let Some(rename) = renamed(api_field) {
                used_renames.insert(rename);
            }
            links.push((
                MemberRef {
                    module: ModuleKind::Cfn,
                    type_name: cfn_name.clone(),
                    wire_name: cfn_field.wire_name.clone(),
                },
                MemberRef {
                    module: ModuleKind::Api,
                    type_name: api_name.clone(),
                    wire_name: api_field.wire_name.clone(),
                },
            ));
            if let (Some(c), Some(a)) = (named(&cfn_field.shape.ty), named(&api_field.shape.ty)) {
                struct_pairs.push((c.to_owned(), a.to_owned()));
                pending.push_back((c.to_owned(), a.to_owned()));
            }
        }
    }
    // CloudFormation documents fewer types and members than the API: borrow the API's text.
    for (cfn_name, api_name) in &struct_pairs {
        let api_doc = match api.types.get(api_name) {
            Some(TypeDef::Struct(s)) => s.doc.clone(),
            Some(TypeDef::Enum(e)) => e.doc.clone(),
            Some(TypeDef::Map(m)) => m.doc.clone(),
            None => continue,
        };
        let cfn_doc = match cfn.types.get_mut(cfn_name) {
            Some(TypeDef::Struct(s)) => &mut s.doc,
            Some(TypeDef::Enum(e)) => &mut e.doc,
            Some(TypeDef::Map(m)) => &mut m.doc,
            None => continue,
        };
        if cfn_doc.is_empty() {
            *cfn_doc = api_doc;
        }
    }
    // Discovery order (the pairs' order in mapping.toml, then schema order) decides which
    // counterpart a member keeps when it has several: the create request's comes first.
    for (cfn_member, api_member) in &links {
        let api_sensitive = field(api, api_member)
            .and_then(|f| f.sensitive.clone())
            .is_some();
        let api_reference = field(api, api_member).and_then(|f| f.reference.clone());
        let api_doc = field(api, api_member)
            .map(|f| f.doc.clone())
            .unwrap_or_default();
        // The API has no formats: the member a CloudFormation member with one maps to names the
        // same resource, so it is held to the same format.
        let cfn_format = field(cfn, cfn_member).and_then(|f| format_of(&f.shape));
        if let (Some(format), Some(f)) = (cfn_format, field_mut(api, api_member)) {
            carry_format(&mut f.shape, format);
        }
        if let Some(f) = field_mut(cfn, cfn_member) {
            if f.doc.is_empty() {
                f.doc = api_doc;
            }
            f.counterpart.get_or_insert_with(|| api_member.clone());
            if api_sensitive && f.sensitive.is_none() {
                f.sensitive = Some(Sensitivity::Counterpart);
            }
            if f.reference.is_none() {
                f.reference = api_reference;
            }
        }
        if let Some(f) = field_mut(api, api_member) {
            f.counterpart.get_or_insert_with(|| cfn_member.clone());
        }
    }
    for (i, entry) in secrets.secrets.iter().enumerate() {
        let Some(spec) = &entry.cfn_member else {
            continue;
        };
        let member = spec.split_once('$').map(|(t, m)| MemberRef {
            module: ModuleKind::Cfn,
            type_name: t.to_owned(),
            wire_name: m.to_owned(),
        });
        let Some(f) = member.as_ref().and_then(|m| field_mut(cfn, m)) else {
            stale.push(Stale::new(
                secrets_file,
                format!("/secret/{i}/cfn_member"),
                format!("`{spec}` is no member of the CloudFormation schema's types"),
            ));
            continue;
        };
        f.sensitive = Some(Sensitivity::Listed(entry.reason.clone()));
        if let Some(api_member) = f.counterpart.clone() {
            if let Some(a) = field_mut(api, &api_member) {
                a.sensitive.get_or_insert(Sensitivity::Counterpart);
            }
        }
    }
    for (i, rename) in mapping.renames.iter().enumerate() {
        if !used_renames.contains(&i) {
            stale.push(Stale::new(
                mapping_file,
                format!("/rename/{i}"),
                format!(
                    "no CloudFormation member `{}` meets an API member `{}` in the linked types",
                    rename.cfn, rename.api
                ),
            ));
        }
    }
    let mut pairs: Vec<(String, String)> = mapping
        .pairs
        .iter()
        .map(|p| (p.cfn.clone(), p.api.clone()))
        .collect();
    for pair in struct_pairs {
        if !pairs.contains(&pair) {
            pairs.push(pair);
        }
    }
    Ok(pairs)
}

/// The format of a string, or of a list's string items.
fn format_of(shape: &Shape) -> Option<(bool, String)> {
    match &shape.ty {
        TypeRef::String => shape.constraints.format.clone().map(|f| (false, f)),
        TypeRef::List(item) if item.ty == TypeRef::String => {
            item.constraints.format.clone().map(|f| (true, f))
        }
        _ => None,
    }
}

/// Gives `shape` (or its items, `in_items`) the format, unless it has one.
fn carry_format(shape: &mut Shape, (in_items, format): (bool, String)) {
    let target = match (&mut shape.ty, in_items) {
        (TypeRef::String, false) => &mut shape.constraints,
        (TypeRef::List(item), true) if item.ty == TypeRef::String => &mut item.constraints,
        _ => return,
    };
    target.format.get_or_insert(format);
}

fn named(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(name) => Some(name),
        TypeRef::List(item) => named(&item.ty),
        _ => None,
    }
}

fn field<'m>(module: &'m Module, member: &MemberRef) -> Option<&'m crate::ir::Field> {
    module
        .struct_named(&member.type_name)?
        .fields
        .iter()
        .find(|f| f.wire_name == member.wire_name)
}

fn field_mut<'m>(module: &'m mut Module, member: &MemberRef) -> Option<&'m mut crate::ir::Field> {
    match module.types.get_mut(&member.type_name)? {
        TypeDef::Struct(s) => s
            .fields
            .iter_mut()
            .find(|f| f.wire_name == member.wire_name),
        _ => None,
    }
}
