//! The differ: two IRs compared module by module, type by type and member by member into
//! [`Change`]s, each in its [`Group`].

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{
    Constraints, Field, Ir, Module, ResourceMeta, Sensitivity, Shape, Struct, TypeDef, TypeRef,
};

use super::model::{
    Change, ConstraintChange, Drift, ErratumChange, Group, ModuleDrift, TerraformGap, TerraformGaps,
};

/// The semantic difference from `old` to `new`.
pub fn diff(old: &Ir, new: &Ir) -> Drift {
    let connectors = connector_keys(&[old, new]);
    let mut modules = Vec::new();
    for (old_module, new_module, resource) in [
        (&old.cfn, &new.cfn, Some((&old.resource, &new.resource))),
        (&old.api, &new.api, None),
    ] {
        let mut differ = ModuleDiffer {
            connectors: &connectors,
            changes: Vec::new(),
            doc_changes: 0,
        };
        differ.module(old_module, new_module);
        if let Some((old_meta, new_meta)) = resource {
            differ.resource(old_meta, new_meta);
        }
        if differ.changes.is_empty() && differ.doc_changes == 0 {
            continue;
        }
        let mut groups: BTreeMap<Group, Vec<Change>> = BTreeMap::new();
        for (group, change) in differ.changes {
            groups.entry(group).or_default().push(change);
        }
        modules.push(ModuleDrift {
            module: new_module.kind.module_name().to_owned(),
            groups,
            doc_changes: differ.doc_changes,
        });
    }
    Drift {
        modules,
        errata: Vec::new(),
        terraform: terraform_gaps(old, new),
    }
}

/// Per provider of `new`, the members it cannot express, each marked new when `old`'s provider
/// of the same resource type could express it or `old` had no such gap listed.
pub fn terraform_gaps(old: &Ir, new: &Ir) -> Vec<TerraformGaps> {
    new.terraform
        .iter()
        .map(|resource| {
            let before = old
                .terraform
                .iter()
                .find(|r| r.type_name == resource.type_name);
            TerraformGaps {
                resource: resource.type_name.clone(),
                provider: format!("{} {}", resource.provider, resource.provider_version),
                module: resource.module.module_name().to_owned(),
                members: resource
                    .inexpressible
                    .iter()
                    .map(|member| TerraformGap {
                        member: member.clone(),
                        new: before.is_some_and(|b| !b.inexpressible.contains(member)),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The errata whose upstream text differs between the `old` and `new` inputs: what upstream
/// changed under a correction (unparseable files and absent members read as no text).
pub fn errata_changes(
    errata: &crate::read::errata::Errata,
    old: &crate::Inputs,
    new: &crate::Inputs,
) -> Vec<ErratumChange> {
    let text = |inputs: &crate::Inputs, erratum: &crate::read::errata::Erratum| {
        let source = if erratum.file == crate::read::API_MODEL {
            &inputs.api_model
        } else {
            &inputs.cfn_schema
        };
        let root: serde_json::Value = serde_json::from_str(source).ok()?;
        erratum.text_in(&root).map(str::to_owned)
    };
    errata
        .errata
        .iter()
        .filter_map(|erratum| {
            let (old, new) = (text(old, erratum), text(new, erratum));
            (old != new).then(|| ErratumChange {
                file: erratum.file.clone(),
                member: erratum.member.clone(),
                erratum_upstream: erratum.upstream.clone(),
                old,
                new,
            })
        })
        .collect()
}

/// The connector keys of every IR in `irs` (`Ir::connectors`, from `mapping.toml`).
pub fn connector_keys(irs: &[&Ir]) -> BTreeSet<String> {
    irs.iter()
        .flat_map(|ir| ir.connectors.iter().cloned())
        .collect()
}

/// The connector a type belongs to: the longest key its name starts with, ending at a word boundary.
fn connector_of_type(connectors: &BTreeSet<String>, type_name: &str) -> Group {
    connectors
        .iter()
        .filter(|key| {
            type_name.strip_prefix(key.as_str()).is_some_and(|rest| {
                rest.chars()
                    .next()
                    .is_none_or(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            })
        })
        .max_by_key(|key| key.len())
        .map_or(Group::General, |key| Group::Connector(key.clone()))
}

struct ModuleDiffer<'a> {
    connectors: &'a BTreeSet<String>,
    changes: Vec<(Group, Change)>,
    doc_changes: usize,
}

fn kind_of(def: &TypeDef) -> &'static str {
    match def {
        TypeDef::Struct(_) => "struct",
        TypeDef::Enum(_) => "enum",
        TypeDef::Map(_) => "map",
    }
}

fn doc_of(def: &TypeDef) -> &str {
    match def {
        TypeDef::Struct(s) => &s.doc,
        TypeDef::Enum(e) => &e.doc,
        TypeDef::Map(m) => &m.doc,
    }
}

impl ModuleDiffer<'_> {
    fn push(&mut self, type_name: &str, change: Change) {
        let group = connector_of_type(self.connectors, type_name);
        self.changes.push((group, change));
    }

    fn doc(&mut self, old: &str, new: &str) {
        if old != new {
            self.doc_changes += 1;
        }
    }

    fn module(&mut self, old: &Module, new: &Module) {
        self.doc(&old.doc, &new.doc);
        let names: BTreeSet<&String> = old.types.keys().chain(new.types.keys()).collect();
        for name in names {
            match (old.types.get(name), new.types.get(name)) {
                (None, Some(def)) => self.push(
                    name,
                    Change::TypeAdded {
                        type_name: name.clone(),
                        kind: kind_of(def).to_owned(),
                    },
                ),
                (Some(def), None) => self.push(
                    name,
                    Change::TypeRemoved {
                        type_name: name.clone(),
                        kind: kind_of(def).to_owned(),
                    },
                ),
                (Some(o), Some(n)) => self.type_def(name, o, n),
                (None, None) => {}
            }
        }
    }

    fn type_def(&mut self, name: &str, old: &TypeDef, new: &TypeDef) {
        self.doc(doc_of(old), doc_of(new));
        match (old, new) {
            (TypeDef::Struct(o), TypeDef::Struct(n)) => self.structure(o, n),
            (TypeDef::Enum(o), TypeDef::Enum(n)) => {
                let old_values: BTreeSet<&str> = o.values.iter().map(|v| v.wire.as_str()).collect();
                let new_values: BTreeSet<&str> = n.values.iter().map(|v| v.wire.as_str()).collect();
                for value in o
                    .values
                    .iter()
                    .filter(|v| !new_values.contains(v.wire.as_str()))
                {
                    let change = Change::EnumValueRemoved {
                        type_name: name.to_owned(),
                        value: value.wire.clone(),
                    };
                    self.push_enum_value(name, &value.wire, change);
                }
                for value in n
                    .values
                    .iter()
                    .filter(|v| !old_values.contains(v.wire.as_str()))
                {
                    let change = Change::EnumValueAdded {
                        type_name: name.to_owned(),
                        value: value.wire.clone(),
                    };
                    self.push_enum_value(name, &value.wire, change);
                }
            }
            (TypeDef::Map(o), TypeDef::Map(n)) => {
                self.constraints(name, "", &o.constraints, &n.constraints);
                self.shape(name, "{key}", &o.key, &n.key);
                self.shape(name, "{value}", &o.value, &n.value);
            }
            _ => self.push(
                name,
                Change::TypeKindChanged {
                    type_name: name.to_owned(),
                    old: kind_of(old).to_owned(),
                    new: kind_of(new).to_owned(),
                },
            ),
        }
    }

    fn push_enum_value(&mut self, type_name: &str, value: &str, change: Change) {
        match self
            .connectors
            .iter()
            .find(|key| key.eq_ignore_ascii_case(value))
        {
            Some(key) => self.changes.push((Group::Connector(key.clone()), change)),
            None => self.push(type_name, change),
        }
    }

    /// Changes of a member of `s`: a container's members belong to the connector they name.
    fn push_member(&mut self, s: &Struct, member: &str, change: Change) {
        if self.connectors.contains(member) {
            self.changes
                .push((Group::Connector(member.to_owned()), change));
        } else {
            self.push(&s.name, change);
        }
    }

    fn structure(&mut self, old: &Struct, new: &Struct) {
        let name = &new.name;
        if old.unknown_keys != new.unknown_keys {
            self.push(
                name,
                Change::UnknownKeysChanged {
                    type_name: name.clone(),
                    old: old.unknown_keys,
                    new: new.unknown_keys,
                },
            );
        }
        let find =
            |fields: &'_ [Field], wire: &str| fields.iter().position(|f| f.wire_name == wire);
        let removed: Vec<&Field> = old
            .fields
            .iter()
            .filter(|f| find(&new.fields, &f.wire_name).is_none())
            .collect();
        let mut added: Vec<&Field> = new
            .fields
            .iter()
            .filter(|f| find(&old.fields, &f.wire_name).is_none())
            .collect();
        // Pair renames first, so that they are compared like any other member.
        let mut pairs: Vec<(&Field, &Field)> = Vec::new();
        let mut gone = Vec::new();
        for r in removed {
            match added.iter().position(|a| is_rename(r, a)) {
                Some(i) => pairs.push((r, added.remove(i))),
                None => gone.push(r),
            }
        }
        for r in gone {
            let change = Change::MemberRemoved {
                type_name: name.clone(),
                member: r.wire_name.clone(),
                shape: shape_sig(&r.shape.ty),
                required: r.required,
            };
            self.push_member(new, &r.wire_name, change);
        }
        for n in &new.fields {
            if let Some(i) = find(&old.fields, &n.wire_name) {
                self.field(new, &old.fields[i], n);
            } else if let Some((o, _)) = pairs.iter().find(|(_, a)| a.wire_name == n.wire_name) {
                let change = Change::MemberRenamed {
                    type_name: name.clone(),
                    old: o.wire_name.clone(),
                    new: n.wire_name.clone(),
                };
                self.push_member(new, &n.wire_name, change);
                self.field(new, o, n);
            } else if added.iter().any(|a| a.wire_name == n.wire_name) {
                let change = Change::MemberAdded {
                    type_name: name.clone(),
                    member: n.wire_name.clone(),
                    shape: shape_sig(&n.shape.ty),
                    required: n.required,
                };
                self.push_member(new, &n.wire_name, change);
            }
        }
    }

    /// Compares a member of `s` with its old self (reported under the new wire name).
    fn field(&mut self, s: &Struct, old: &Field, new: &Field) {
        let member = &new.wire_name;
        self.doc(&old.doc, &new.doc);
        if old.required != new.required {
            let change = Change::RequiredChanged {
                type_name: s.name.clone(),
                member: member.clone(),
                required: new.required,
            };
            self.push_member(s, member, change);
        }
        let (old_secret, new_secret) = (secrecy(&old.sensitive), secrecy(&new.sensitive));
        if old_secret != new_secret {
            let change = Change::SensitivityChanged {
                type_name: s.name.clone(),
                member: member.clone(),
                old: old_secret,
                new: new_secret,
            };
            self.push_member(s, member, change);
        }
        let before = self.changes.len();
        self.shape(&s.name, member, &old.shape, &new.shape);
        // Shape changes of a container's member belong to its connector too.
        if self.connectors.contains(member) {
            for (group, _) in &mut self.changes[before..] {
                *group = Group::Connector(member.clone());
            }
        }
    }

    /// Compares two values' shapes: the type, then (when the type is the same) constraints all the
    /// way down.
    fn shape(&mut self, type_name: &str, target: &str, old: &Shape, new: &Shape) {
        let (old_sig, new_sig) = (shape_sig(&old.ty), shape_sig(&new.ty));
        if old_sig != new_sig {
            self.push(
                type_name,
                Change::ShapeChanged {
                    type_name: type_name.to_owned(),
                    target: target.to_owned(),
                    old: old_sig,
                    new: new_sig,
                },
            );
            return;
        }
        self.constraints(type_name, target, &old.constraints, &new.constraints);
        match (&old.ty, &new.ty) {
            (TypeRef::List(o), TypeRef::List(n)) => {
                self.shape(type_name, &format!("{target}[]"), o, n)
            }
            (TypeRef::Map { key: ok, value: ov }, TypeRef::Map { key: nk, value: nv }) => {
                self.shape(type_name, &format!("{target}{{key}}"), ok, nk);
                self.shape(type_name, &format!("{target}{{value}}"), ov, nv);
            }
            _ => {}
        }
    }

    fn constraints(&mut self, type_name: &str, target: &str, old: &Constraints, new: &Constraints) {
        for constraint in constraint_changes(old, new) {
            self.push(
                type_name,
                Change::ConstraintChanged {
                    type_name: type_name.to_owned(),
                    target: target.to_owned(),
                    constraint,
                },
            );
        }
    }

    fn resource(&mut self, old: &ResourceMeta, new: &ResourceMeta) {
        self.doc(&old.description, &new.description);
        let mut lists: Vec<(String, Vec<String>, Vec<String>)> = vec![
            (
                "typeName".to_owned(),
                vec![old.type_name.clone()],
                vec![new.type_name.clone()],
            ),
            (
                "primaryIdentifier".to_owned(),
                old.primary_identifier.clone(),
                new.primary_identifier.clone(),
            ),
            (
                "createOnlyProperties".to_owned(),
                old.create_only.clone(),
                new.create_only.clone(),
            ),
            (
                "readOnlyProperties".to_owned(),
                old.read_only.clone(),
                new.read_only.clone(),
            ),
            (
                "writeOnlyProperties".to_owned(),
                old.write_only.clone(),
                new.write_only.clone(),
            ),
        ];
        let handlers: BTreeSet<&String> = old
            .handlers
            .iter()
            .chain(&new.handlers)
            .map(|(h, _)| h)
            .collect();
        let permissions = |meta: &ResourceMeta, h: &str| {
            meta.handlers
                .iter()
                .find(|(name, _)| name == h)
                .map(|(_, p)| p.clone())
                .unwrap_or_default()
        };
        for h in handlers {
            lists.push((
                format!("handlers.{h}.permissions"),
                permissions(old, h),
                permissions(new, h),
            ));
        }
        for (property, o, n) in lists {
            let added: Vec<String> = n.iter().filter(|x| !o.contains(x)).cloned().collect();
            let removed: Vec<String> = o.iter().filter(|x| !n.contains(x)).cloned().collect();
            if !added.is_empty() || !removed.is_empty() {
                self.changes.push((
                    Group::General,
                    Change::ResourceChanged {
                        property,
                        added,
                        removed,
                    },
                ));
            }
        }
    }
}

/// A removed and an added member are one member renamed: same shape, and the same name ignoring
/// case or the same non-empty documentation ignoring case and whitespace.
fn is_rename(removed: &Field, added: &Field) -> bool {
    let normal = |doc: &str| {
        doc.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    removed.shape == added.shape
        && (removed.wire_name.eq_ignore_ascii_case(&added.wire_name)
            || (!normal(&removed.doc).is_empty() && normal(&removed.doc) == normal(&added.doc)))
}

/// A type without its constraints: `string`, `boolean`, `i32`, `timestamp`, `Name`, `list<…>`,
/// `map<…, …>`.
pub fn shape_sig(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "string".to_owned(),
        TypeRef::Boolean => "boolean".to_owned(),
        TypeRef::Integer(kind) => kind.rust_name().to_owned(),
        TypeRef::Timestamp => "timestamp".to_owned(),
        TypeRef::Named(name) => name.clone(),
        TypeRef::List(item) => format!("list<{}>", shape_sig(&item.ty)),
        TypeRef::Map { key, value } => {
            format!("map<{}, {}>", shape_sig(&key.ty), shape_sig(&value.ty))
        }
    }
}

/// Every constraint that differs, in keyword order (`minLength`, `maxLength`, `pattern`,
/// `minimum`, `maximum`, `uniqueItems`, `format`). Both sides are destructured whole: a field added
/// to `Constraints` does not compile until it has its [`ConstraintChange`] (and so its impact).
fn constraint_changes(old: &Constraints, new: &Constraints) -> Vec<ConstraintChange> {
    let Constraints {
        min_length: old_min_length,
        max_length: old_max_length,
        pattern: old_pattern,
        minimum: old_minimum,
        maximum: old_maximum,
        unique_items: old_unique_items,
        format: old_format,
    } = old.clone();
    let Constraints {
        min_length,
        max_length,
        pattern,
        minimum,
        maximum,
        unique_items,
        format,
    } = new.clone();
    let mut changes = Vec::new();
    let mut compare = |differs: bool, change: ConstraintChange| {
        if differs {
            changes.push(change);
        }
    };
    compare(
        old_min_length != min_length,
        ConstraintChange::MinLength(old_min_length, min_length),
    );
    compare(
        old_max_length != max_length,
        ConstraintChange::MaxLength(old_max_length, max_length),
    );
    compare(
        old_pattern != pattern,
        ConstraintChange::Pattern(old_pattern, pattern),
    );
    compare(
        old_minimum != minimum,
        ConstraintChange::Minimum(old_minimum, minimum),
    );
    compare(
        old_maximum != maximum,
        ConstraintChange::Maximum(old_maximum, maximum),
    );
    compare(
        old_unique_items != unique_items,
        ConstraintChange::UniqueItems(old_unique_items, unique_items),
    );
    compare(
        old_format != format,
        ConstraintChange::Format(old_format, format),
    );
    changes
}

fn secrecy(s: &Option<Sensitivity>) -> Option<String> {
    s.as_ref().map(|s| match s {
        Sensitivity::MarkedInModel => "marked sensitive in the model".to_owned(),
        Sensitivity::Listed(_) => "listed in secrets.toml".to_owned(),
        Sensitivity::Counterpart => "secret through its counterpart".to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schemas() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .unwrap()
            .join("schemas")
    }

    #[test]
    fn same_ir_has_no_drift() {
        let ir = crate::lower::build_allowing_stale(&crate::Inputs::load(&schemas()).unwrap())
            .unwrap()
            .ir;
        let drift = diff(&ir, &ir);
        assert!(drift.is_empty());
        assert_eq!(drift.to_text(), "no drift\n");
        // JSON carries the providers' standing gaps (none new) with the empty drift.
        let json: serde_json::Value = serde_json::from_str(&drift.to_json()).unwrap();
        assert_eq!(json["impact"], serde_json::Value::Null);
        assert_eq!(json["modules"], serde_json::json!([]));
        assert_eq!(json["errata"], serde_json::json!([]));
        assert_eq!(json["terraform"].as_array().map(Vec::len), Some(2));
        assert!(drift.to_json().starts_with(
            "{\n  \"impact\": null,\n  \"modules\": [],\n  \"errata\": [],\n  \"terraform\": ["
        ));
    }

    #[test]
    fn connector_keys_come_from_the_containers() {
        let ir = crate::lower::build_allowing_stale(&crate::Inputs::load(&schemas()).unwrap())
            .unwrap()
            .ir;
        let keys = connector_keys(&[&ir]);
        assert!(keys.len() > 10, "{keys:?}");
        let group = |name: &str| connector_of_type(&keys, name);
        for key in &keys {
            assert_eq!(
                group(&format!("{key}ConnectorProfileCredentials")),
                Group::Connector(key.clone())
            );
        }
        assert_eq!(group("OAuth2Credentials"), Group::General);
        assert_eq!(group("ConnectorProfileCredentials"), Group::General);
    }

    #[test]
    fn group_order_puts_general_last() {
        let mut groups = [
            Group::General,
            Group::Connector("Zendesk".into()),
            Group::Connector("Amplitude".into()),
        ];
        groups.sort();
        assert_eq!(
            groups.map(|g| g.name().to_owned()),
            ["Amplitude", "Zendesk", "general"]
        );
    }
}
