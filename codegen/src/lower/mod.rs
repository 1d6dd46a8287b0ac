//! Lowering: reader models → the IR. Resolves references, names types, links the two schemas
//! and checks what the emitted crate needs (no reference cycles, no name collisions). A data-file
//! entry that matches nothing in the schemas is left out and noted ([`crate::stale`]).

pub mod api;
pub mod cfn;
pub mod convert;
pub mod format;
pub mod lifecycle;
pub mod link;
pub mod names;
pub mod pattern;
pub mod profile;
pub mod rules;
pub mod sdk;
pub mod terraform;

use std::collections::BTreeMap;

use crate::error::{pointer_push, Error};
use crate::ident;
use crate::ir::{EnumValue, Field, Ir, Module, Secrecy, TypeDef, TypeRef};
use crate::read::{self, Inputs};
use crate::stale::Stale;

/// Reads every input ([`read::read`]) and builds the IR; a stale data-file entry is an error
/// ([`Error::Stale`]).
pub fn build(inputs: &Inputs) -> Result<Ir, Error> {
    let lowered = build_allowing_stale(inputs)?;
    crate::stale::strict(lowered.ir, lowered.stale)
}

/// The IR, and the data-file entries that match nothing in the schemas (left out of it).
#[derive(Debug, Clone)]
pub struct Lowered {
    /// The IR, built without the stale entries.
    pub ir: Ir,
    /// One note per stale entry, in the order lowering met them.
    pub stale: Vec<Stale>,
}

/// Reads every input ([`read::read`]) and builds the IR, leaving stale data-file entries out and
/// returning them as notes ([`crate::stale`]). Malformed data files and unreadable schemas are
/// still errors.
pub fn build_allowing_stale(inputs: &Inputs) -> Result<Lowered, Error> {
    lower(read::read(inputs)?)
}

/// The readers' models → the IR, stale data-file entries left out and returned as notes (with
/// those reading found).
pub fn lower(models: read::Models) -> Result<Lowered, Error> {
    let read::Models {
        mapping,
        secrets,
        cfn_schema,
        api_model: model,
        formats,
        rules: rule_entries,
        iam,
        terraform,
        mut stale,
    } = models;
    let formats = match &formats {
        None => BTreeMap::new(),
        Some(entries) => format::lower(
            entries,
            read::FORMATS,
            &cfn_schema,
            read::CFN_SCHEMA,
            &mut stale,
        )?,
    };
    let (mut cfn, resource) = cfn::lower(read::CFN_SCHEMA, &cfn_schema, &mapping.cfn_root)?;
    let mut api = api::lower(
        &model,
        &mapping.operations,
        &secrets,
        read::SECRETS,
        &mut stale,
    )?;
    check_acyclic(&cfn)?;
    check_acyclic(&api)?;
    let pairs = link::link(
        &mut cfn,
        &mut api,
        &mapping,
        read::MAPPING,
        &secrets,
        read::SECRETS,
        &mut stale,
    )?;
    // After linking, which carries secrecy across the schemas.
    mark_credentials(&mut cfn);
    mark_credentials(&mut api);
    names::check_module(&cfn)?;
    names::check_module(&api)?;
    let connectors = connectors(&[&cfn, &api], &mapping.connector_containers)?;
    box_container_members(&mut cfn, &mapping.connector_containers);
    box_container_members(&mut api, &mapping.connector_containers);
    let rules = rules::lower(&rule_entries, &cfn, &api, &pairs, &mut stale)?;
    let (cfn_root, api_root) = pairs.first().ok_or_else(|| Error::Invalid {
        file: read::MAPPING.to_owned(),
        pointer: "/pair".to_owned(),
        message: "no type pair".to_owned(),
    })?;
    let conversion = convert::lower(&cfn, &api, cfn_root, api_root);
    let profile = profile::lower(
        &api,
        &mapping.profile,
        &mapping.connector_containers,
        &connectors,
        cfn_root,
    )?;
    names::check_struct(&profile.profile)?;
    let sdk = sdk::lower(
        &model,
        &mapping.operations,
        &api,
        &mapping.sdk_defaults,
        read::MAPPING,
        &mut stale,
    )?;
    let lifecycle = lifecycle::lower(&cfn, &api, &resource, &mapping, iam.as_ref(), &mut stale)?;
    let mut ir = Ir {
        sdk,
        cfn,
        api,
        resource,
        connectors,
        rules,
        pairs,
        conversion,
        profile,
        lifecycle,
        patterns: BTreeMap::new(),
        formats,
        terraform: Vec::new(),
    };
    ir.patterns = pattern::compile_all(&ir)?;
    ir.terraform = terraform::lower(&ir, read::TERRAFORM, &terraform, &mut stale)?;
    Ok(Lowered { ir, stale })
}

/// Member names of the connector containers; a container missing from every module is an error.
fn connectors(
    modules: &[&Module],
    containers: &[String],
) -> Result<std::collections::BTreeSet<String>, Error> {
    let mut keys = std::collections::BTreeSet::new();
    for (i, container) in containers.iter().enumerate() {
        let found: Vec<_> = modules
            .iter()
            .filter_map(|m| m.struct_named(container))
            .collect();
        if found.is_empty() {
            return Err(Error::DanglingRef {
                file: read::MAPPING.to_owned(),
                pointer: format!("/connector_containers/{i}"),
                target: container.clone(),
            });
        }
        keys.extend(
            found
                .iter()
                .flat_map(|s| s.fields.iter().map(|f| f.wire_name.clone())),
        );
    }
    Ok(keys)
}

/// Holds every struct member of the connector containers in a `Box` ([`Field::boxed`]).
fn box_container_members(module: &mut Module, containers: &[String]) {
    let structs: std::collections::BTreeSet<String> = module
        .types
        .iter()
        .filter(|(_, def)| matches!(def, TypeDef::Struct(_)))
        .map(|(name, _)| name.clone())
        .collect();
    for container in containers {
        if let Some(TypeDef::Struct(s)) = module.types.get_mut(container) {
            for field in &mut s.fields {
                field.boxed = matches!(&field.shape.ty, TypeRef::Named(n) if structs.contains(n));
            }
        }
    }
}

/// Marks the credentials objects of a module (`ir::Secrecy`): every struct with members that all
/// hold a secret (are sensitive, or reach a sensitive member), and every struct reachable from one.
/// Runs after the cycle check, so the walk ends.
fn mark_credentials(module: &mut Module) {
    fn holds(module: &Module, ty: &TypeRef, memo: &mut BTreeMap<String, bool>) -> bool {
        match ty {
            TypeRef::Named(name) => {
                if let Some(known) = memo.get(name) {
                    return *known;
                }
                let found = match module.types.get(name) {
                    Some(TypeDef::Struct(s)) => {
                        s.fields.iter().any(|f| field_holds(module, f, memo))
                    }
                    Some(TypeDef::Map(m)) => {
                        holds(module, &m.key.ty, memo) || holds(module, &m.value.ty, memo)
                    }
                    _ => false,
                };
                memo.insert(name.clone(), found);
                found
            }
            TypeRef::List(item) => holds(module, &item.ty, memo),
            TypeRef::Map { key, value } => {
                holds(module, &key.ty, memo) || holds(module, &value.ty, memo)
            }
            _ => false,
        }
    }
    fn field_holds(module: &Module, field: &Field, memo: &mut BTreeMap<String, bool>) -> bool {
        field.sensitive.is_some() || holds(module, &field.shape.ty, memo)
    }
    fn named(ty: &TypeRef, out: &mut Vec<String>) {
        match ty {
            TypeRef::Named(n) => out.push(n.clone()),
            TypeRef::List(item) => named(&item.ty, out),
            TypeRef::Map { key, value } => {
                named(&key.ty, out);
                named(&value.ty, out);
            }
            _ => {}
        }
    }
    let mut memo = BTreeMap::new();
    let mut pending: Vec<String> = module
        .types
        .values()
        .filter_map(|def| match def {
            TypeDef::Struct(s)
                if !s.fields.is_empty()
                    && s.fields.iter().all(|f| field_holds(module, f, &mut memo)) =>
            {
                Some(s.name.clone())
            }
            _ => None,
        })
        .collect();
    let mut marked = std::collections::BTreeSet::new();
    while let Some(name) = pending.pop() {
        if !marked.insert(name.clone()) {
            continue;
        }
        match module.types.get(&name) {
            Some(TypeDef::Struct(s)) => s
                .fields
                .iter()
                .for_each(|f| named(&f.shape.ty, &mut pending)),
            Some(TypeDef::Map(m)) => named(&m.value.ty, &mut pending),
            _ => {}
        }
    }
    for name in marked {
        if let Some(TypeDef::Struct(s)) = module.types.get_mut(&name) {
            s.secrecy = Secrecy::Credentials;
        }
    }
}

/// Rejects types that contain themselves: the emitter writes plain fields, never `Box`.
fn check_acyclic(module: &Module) -> Result<(), Error> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Active,
        Done,
    }
    fn visit(
        module: &Module,
        name: &str,
        marks: &mut BTreeMap<String, Mark>,
        path: &mut Vec<String>,
    ) -> Result<(), Error> {
        match marks.get(name) {
            Some(Mark::Done) => return Ok(()),
            Some(Mark::Active) => {
                let start = path.iter().position(|n| n == name).unwrap_or(0);
                let mut cycle: Vec<String> = path[start..].to_vec();
                cycle.push(name.to_owned());
                let origin = match module.types.get(name) {
                    Some(TypeDef::Struct(s)) => s.origin.clone(),
                    Some(TypeDef::Map(m)) => m.origin.clone(),
                    Some(TypeDef::Enum(e)) => e.origin.clone(),
                    None => return Ok(()),
                };
                return Err(Error::Cycle {
                    file: origin.file,
                    pointer: origin.pointer,
                    cycle: cycle.join(" -> "),
                });
            }
            None => {}
        }
        marks.insert(name.to_owned(), Mark::Active);
        path.push(name.to_owned());
        let mut children = Vec::new();
        match module.types.get(name) {
            Some(TypeDef::Struct(s)) => s
                .fields
                .iter()
                .for_each(|f| collect(&f.shape.ty, &mut children)),
            Some(TypeDef::Map(m)) => collect(&m.value.ty, &mut children),
            _ => {}
        }
        for child in children {
            visit(module, &child, marks, path)?;
        }
        path.pop();
        marks.insert(name.to_owned(), Mark::Done);
        Ok(())
    }
    fn collect(ty: &TypeRef, out: &mut Vec<String>) {
        match ty {
            TypeRef::Named(n) => out.push(n.clone()),
            TypeRef::List(item) => collect(&item.ty, out),
            TypeRef::Map { value, .. } => collect(&value.ty, out),
            _ => {}
        }
    }
    let mut marks = BTreeMap::new();
    for name in module.types.keys() {
        visit(module, name, &mut marks, &mut Vec::new())?;
    }
    Ok(())
}

/// Enum values with their variant names; two values that would share a variant are an error at
/// the second one's pointer (`enum_pointer` is the pointer of the `enum` array).
pub fn enum_values(
    file: &str,
    enum_pointer: &str,
    values: &[String],
) -> Result<Vec<EnumValue>, Error> {
    let mut seen = BTreeMap::new();
    let mut out = Vec::new();
    for (i, wire) in values.iter().enumerate() {
        let variant = ident::variant_name(wire);
        if let Some(previous) = seen.insert(variant.clone(), wire.clone()) {
            return Err(Error::NameCollision {
                file: file.to_owned(),
                pointer: pointer_push(enum_pointer, &i.to_string()),
                message: format!(
                    "enum values {previous:?} and {wire:?} both become variant {variant}"
                ),
            });
        }
        out.push(EnumValue {
            wire: wire.clone(),
            variant,
        });
    }
    Ok(out)
}
