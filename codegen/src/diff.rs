//! Schema drift: a semantic diff of two IRs (`old` → `new`), grouped per module and connector.
//!
//! The diff compares what the generated crate is made of: types, members, requiredness,
//! constraints, enum values, secrecy, unknown-key policy and the resource metadata. Documentation
//! changes are counted per module, not listed. Origins (JSON Pointers) and counterparts are ignored:
//! they follow from the rest.
//!
//! **Renames.** Within one struct, a removed member and an added member are reported as one rename
//! when their shapes are identical (type and constraints) and either their wire names are equal
//! ignoring case, or their documentation is equal ignoring case and whitespace and is not empty.
//! Removed members are paired in schema order with the first added member that qualifies.
//!
//! **Connectors.** The connector keys are [`Ir::connectors`] of either IR: the member names of the
//! container structs `schemas/mapping.toml` names (`Salesforce`, `SAPOData`, …). A change
//! belongs to a connector when its type's name starts with that key (the longest key wins, and the
//! key must end at a word boundary: the end of the name or an uppercase letter or digit), when it is
//! a member named by that key, or when it is an enum value equal to the key
//! ignoring case (`Googleanalytics`). Everything else is "general".
//!
//! **Semver impact.** Each change has an [`Impact`] on the generated crate, and the drift's impact is
//! the highest of its changes' (documentation changes and errata are [`Impact::Documentation`]).
//! The generated structs and enums are `#[non_exhaustive]`, required members are plain fields and
//! optional ones `Option`s, secrets are `Sensitive<T>`, so:
//!
//! - **breaking**: a type removed or of another kind; a member removed, renamed, of another type,
//!   added as required, made required or made optional (its field changes between `T` and
//!   `Option<T>`); an enum value removed; a constraint tightened (`minLength`/`minimum` raised or
//!   added, `maxLength`/`maximum` lowered or added, `uniqueItems` added, a `pattern` added or
//!   changed, since two patterns' languages cannot be compared; an absent `minLength` is 0); secrecy gained or lost (the field
//!   changes between `T` and `Sensitive<T>`); unknown keys newly rejected, or no longer kept (the
//!   `additional_properties` field goes); the resource's `typeName` or `primaryIdentifier` changed,
//!   or a property made create-, read- or write-only (a plan that updated now replaces, a value
//!   that was sent is now refused or never returned).
//! - **additive**: a type added; an optional member added; an enum value added; a constraint
//!   loosened or a `pattern` dropped; unknown keys newly accepted; a property no longer create-,
//!   read- or write-only; handler permissions added or removed (the IAM policy the crate writes
//!   changes, no Rust does).
//! - **documentation**: the reason a secret is one changed (still `Sensitive<T>`); a `format`
//!   annotation changed (documented, never enforced); a bound that accepts the same values
//!   (`minLength` absent ⇄ 0); documentation text changed.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::Serialize;

use crate::ir::{
    Constraints, Field, Ir, Module, ResourceMeta, Sensitivity, Shape, Struct, TypeDef, TypeRef,
    UnknownKeys,
};

/// Everything that changed between two IRs. Empty when nothing did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drift {
    /// The modules with changes, `cfn` before `api`.
    pub modules: Vec<ModuleDrift>,
    /// Upstream texts that `schemas/errata.toml` corrects and that changed (see [`errata_changes`]).
    pub errata: Vec<ErratumChange>,
}

/// What a change does to the generated crate's users, in semver terms (see the module docs).
/// Ordered: the drift's impact is the maximum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    /// Only documentation changed: a patch release.
    Documentation,
    /// Something was added or loosened; code that compiled and values that were valid still are.
    Additive,
    /// Code that compiled, or a value that was valid, may no longer be: a major release.
    Breaking,
}

impl Impact {
    /// `documentation`, `additive` or `breaking`.
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::Documentation => "documentation",
            Impact::Additive => "additive",
            Impact::Breaking => "breaking",
        }
    }
}

impl std::fmt::Display for Impact {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An upstream text that an erratum corrects changed between the two sides: the erratum no longer
/// applies, and if upstream fixed the text it can be retired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErratumChange {
    /// The file under schemas/ (`cloudformation/…`, `api/…`).
    pub file: String,
    /// The JSON Pointer of the member in that file.
    pub member: String,
    /// The text the erratum corrects.
    pub erratum_upstream: String,
    /// The old side's text (`None`: the member or its text is absent).
    pub old: Option<String>,
    /// The new side's text.
    pub new: Option<String>,
}

impl ErratumChange {
    /// One line describing it; `code` formats names as for [`Change::describe`].
    pub fn describe(&self, code: &dyn Fn(&str) -> String) -> String {
        let text = |t: &Option<String>| t.as_deref().map_or_else(|| "none".to_owned(), code);
        let retire = if self.new.as_deref() == Some(self.erratum_upstream.as_str()) {
            "the erratum applies again"
        } else {
            "the erratum no longer applies: retire it from schemas/errata.toml if the new text is right, or update it"
        };
        format!(
            "upstream changed the text of {} that schemas/errata.toml corrects: {} → {}; {retire}",
            code(&format!("{}#{}", self.file, self.member)),
            text(&self.old),
            text(&self.new)
        )
    }
}

impl Serialize for Drift {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = serializer.serialize_struct("Drift", 3)?;
        out.serialize_field("impact", &self.impact())?;
        out.serialize_field("modules", &self.modules)?;
        out.serialize_field("errata", &self.errata)?;
        out.end()
    }
}

/// What changed in one module.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModuleDrift {
    /// `cfn` or `api`.
    pub module: String,
    /// Changes by group: connectors in name order, then "general". In JSON each change carries
    /// its `impact`.
    #[serde(serialize_with = "serialize_groups")]
    pub groups: BTreeMap<Group, Vec<Change>>,
    /// How many documentation strings (of the module, types, members) changed.
    pub doc_changes: usize,
}

impl ModuleDrift {
    /// The number of listed changes (documentation changes not included).
    pub fn change_count(&self) -> usize {
        self.groups.values().map(Vec::len).sum()
    }

    /// The highest impact of the module's changes; `None` when it has none.
    pub fn impact(&self) -> Option<Impact> {
        let docs = (self.doc_changes > 0).then_some(Impact::Documentation);
        self.groups
            .values()
            .flatten()
            .map(Change::impact)
            .chain(docs)
            .max()
    }
}

/// A change with its impact, for JSON.
#[derive(Serialize)]
struct Classified<'a> {
    #[serde(flatten)]
    change: &'a Change,
    impact: Impact,
}

fn serialize_groups<S: serde::Serializer>(
    groups: &BTreeMap<Group, Vec<Change>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = serializer.serialize_map(Some(groups.len()))?;
    for (group, changes) in groups {
        let classified: Vec<Classified<'_>> = changes
            .iter()
            .map(|change| Classified {
                change,
                impact: change.impact(),
            })
            .collect();
        map.serialize_entry(group, &classified)?;
    }
    map.end()
}

/// Which connector a change belongs to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    /// A connector, by its key.
    Connector(String),
    /// Everything that belongs to no single connector.
    General,
}

impl Group {
    /// The group's name: the connector key, or `general`.
    pub fn name(&self) -> &str {
        match self {
            Group::Connector(name) => name,
            Group::General => "general",
        }
    }
}

impl Serialize for Group {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// One change. Types and members are named as the schema spells them; shapes are rendered like
/// `string`, `i32`, `list<Name>`, `map<string, string>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    /// A type appeared.
    TypeAdded {
        /// The type.
        type_name: String,
        /// `struct`, `enum` or `map`.
        kind: String,
    },
    /// A type disappeared.
    TypeRemoved {
        /// The type.
        type_name: String,
        /// `struct`, `enum` or `map`.
        kind: String,
    },
    /// A type became another kind of type.
    TypeKindChanged {
        /// The type.
        type_name: String,
        /// The old kind.
        old: String,
        /// The new kind.
        new: String,
    },
    /// A struct member appeared.
    MemberAdded {
        /// The struct.
        type_name: String,
        /// The member's wire name.
        member: String,
        /// Its shape.
        shape: String,
        /// Whether it is required.
        required: bool,
    },
    /// A struct member disappeared.
    MemberRemoved {
        /// The struct.
        type_name: String,
        /// The member's wire name.
        member: String,
        /// Its shape.
        shape: String,
        /// Whether it was required.
        required: bool,
    },
    /// A struct member got another wire name (see the module docs for the heuristic).
    MemberRenamed {
        /// The struct.
        type_name: String,
        /// The old wire name.
        old: String,
        /// The new wire name.
        new: String,
    },
    /// A value's type changed (a member's, a list's items', a map's keys' or values').
    ShapeChanged {
        /// The type holding the value.
        type_name: String,
        /// Where in it: a member (`Member`, `Member[]` for its items, `Member{key}`/`Member{value}`),
        /// or `{key}`/`{value}` of a map type.
        target: String,
        /// The old shape.
        old: String,
        /// The new shape.
        new: String,
    },
    /// A member became required or optional.
    RequiredChanged {
        /// The struct.
        type_name: String,
        /// The member's wire name.
        member: String,
        /// Whether it is required now.
        required: bool,
    },
    /// A constraint changed; `None` means absent.
    ConstraintChanged {
        /// The type holding the value.
        type_name: String,
        /// Where in it, as for [`Change::ShapeChanged`]; empty for a map type's number of entries.
        target: String,
        /// The JSON Schema keyword: `minLength`, `maxLength`, `pattern`, `minimum`, `maximum`,
        /// `uniqueItems`, `format`.
        constraint: String,
        /// The old value.
        old: Option<String>,
        /// The new value.
        new: Option<String>,
    },
    /// An enum value appeared.
    EnumValueAdded {
        /// The enum.
        type_name: String,
        /// The wire value.
        value: String,
    },
    /// An enum value disappeared.
    EnumValueRemoved {
        /// The enum.
        type_name: String,
        /// The wire value.
        value: String,
    },
    /// Whether (or why) a member is a secret changed; `None` means not a secret.
    SensitivityChanged {
        /// The struct.
        type_name: String,
        /// The member's wire name.
        member: String,
        /// The old reason.
        old: Option<String>,
        /// The new reason.
        new: Option<String>,
    },
    /// What happens to undeclared keys changed (`reject`, `keep`, `ignore`).
    UnknownKeysChanged {
        /// The struct.
        type_name: String,
        /// The old policy.
        old: String,
        /// The new policy.
        new: String,
    },
    /// A list of the CloudFormation resource's metadata changed.
    ResourceChanged {
        /// `typeName`, `primaryIdentifier`, `createOnlyProperties`, `readOnlyProperties`,
        /// `writeOnlyProperties` or `handlers.<name>.permissions`.
        property: String,
        /// Entries added.
        added: Vec<String>,
        /// Entries removed.
        removed: Vec<String>,
    },
}

impl Change {
    /// The change's semver impact on the generated crate (the rules are in the module docs).
    pub fn impact(&self) -> Impact {
        use Impact::{Additive, Breaking, Documentation};
        match self {
            Change::TypeAdded { .. } | Change::EnumValueAdded { .. } => Additive,
            Change::TypeRemoved { .. }
            | Change::TypeKindChanged { .. }
            | Change::MemberRemoved { .. }
            | Change::MemberRenamed { .. }
            | Change::ShapeChanged { .. }
            | Change::RequiredChanged { .. }
            | Change::EnumValueRemoved { .. } => Breaking,
            Change::MemberAdded { required, .. } => {
                if *required {
                    Breaking
                } else {
                    Additive
                }
            }
            Change::ConstraintChanged {
                constraint,
                old,
                new,
                ..
            } => constraint_impact(constraint, old.as_deref(), new.as_deref()),
            // Only gaining or losing secrecy changes a field's type.
            Change::SensitivityChanged { old, new, .. } => {
                if old.is_some() == new.is_some() {
                    Documentation
                } else {
                    Breaking
                }
            }
            Change::UnknownKeysChanged { old, new, .. } => {
                if new == "reject" || old == "keep" {
                    Breaking
                } else {
                    Additive
                }
            }
            Change::ResourceChanged {
                property, added, ..
            } => match property.as_str() {
                "typeName" | "primaryIdentifier" => Breaking,
                _ if property.starts_with("handlers.") => Additive,
                _ if added.is_empty() => Additive,
                _ => Breaking,
            },
        }
    }

    /// One line describing the change; `code` formats names and values (identity for text,
    /// backticks for Markdown).
    pub fn describe(&self, code: &dyn Fn(&str) -> String) -> String {
        let opt = |v: &Option<String>| v.as_deref().map_or_else(|| "none".to_owned(), code);
        let member = |t: &str, m: &str| code(&format!("{t}.{m}"));
        let target = |t: &str, at: &str| {
            if at.is_empty() {
                code(t)
            } else {
                member(t, at)
            }
        };
        match self {
            Change::TypeAdded { type_name, kind } => format!("added {kind} {}", code(type_name)),
            Change::TypeRemoved { type_name, kind } => {
                format!("removed {kind} {}", code(type_name))
            }
            Change::TypeKindChanged {
                type_name,
                old,
                new,
            } => format!("{} changed from {old} to {new}", code(type_name)),
            Change::MemberAdded {
                type_name,
                member: m,
                shape,
                required,
            } => {
                format!(
                    "added member {} ({}, {})",
                    member(type_name, m),
                    code(shape),
                    if *required { "required" } else { "optional" }
                )
            }
            Change::MemberRemoved {
                type_name,
                member: m,
                shape,
                required,
            } => {
                format!(
                    "removed member {} ({}, {})",
                    member(type_name, m),
                    code(shape),
                    if *required { "required" } else { "optional" }
                )
            }
            Change::MemberRenamed {
                type_name,
                old,
                new,
            } => {
                format!("renamed member {} to {}", member(type_name, old), code(new))
            }
            Change::ShapeChanged {
                type_name,
                target: at,
                old,
                new,
            } => {
                format!(
                    "{} type: {} → {}",
                    target(type_name, at),
                    code(old),
                    code(new)
                )
            }
            Change::RequiredChanged {
                type_name,
                member: m,
                required,
            } => {
                format!(
                    "{} is {}",
                    member(type_name, m),
                    if *required {
                        "now required"
                    } else {
                        "no longer required"
                    }
                )
            }
            Change::ConstraintChanged {
                type_name,
                target: at,
                constraint,
                old,
                new,
            } => {
                format!(
                    "{} {constraint}: {} → {}",
                    target(type_name, at),
                    opt(old),
                    opt(new)
                )
            }
            Change::EnumValueAdded { type_name, value } => {
                format!("added value {} to enum {}", code(value), code(type_name))
            }
            Change::EnumValueRemoved { type_name, value } => {
                format!(
                    "removed value {} from enum {}",
                    code(value),
                    code(type_name)
                )
            }
            Change::SensitivityChanged {
                type_name,
                member: m,
                old,
                new,
            } => {
                let label =
                    |v: &Option<String>| v.clone().unwrap_or_else(|| "not secret".to_owned());
                format!(
                    "{} secrecy: {} → {}",
                    member(type_name, m),
                    label(old),
                    label(new)
                )
            }
            Change::UnknownKeysChanged {
                type_name,
                old,
                new,
            } => format!("{} unknown keys: {old} → {new}", code(type_name)),
            Change::ResourceChanged {
                property,
                added,
                removed,
            } => {
                let mut parts = Vec::new();
                if !added.is_empty() {
                    parts.push(format!(
                        "added {}",
                        added.iter().map(|a| code(a)).collect::<Vec<_>>().join(", ")
                    ));
                }
                if !removed.is_empty() {
                    parts.push(format!(
                        "removed {}",
                        removed
                            .iter()
                            .map(|r| code(r))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                }
                format!("resource {}: {}", code(property), parts.join("; "))
            }
        }
    }
}

impl Drift {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.modules.is_empty() && self.errata.is_empty()
    }

    /// The highest impact of every change; `None` when nothing changed.
    pub fn impact(&self) -> Option<Impact> {
        let errata = (!self.errata.is_empty()).then_some(Impact::Documentation);
        self.modules
            .iter()
            .filter_map(ModuleDrift::impact)
            .chain(errata)
            .max()
    }

    /// The impact as a line: `semver impact: breaking` (`none` when nothing changed).
    fn impact_line(&self) -> String {
        format!(
            "semver impact: {}",
            self.impact().map_or("none", Impact::as_str)
        )
    }

    /// Plain text: one block per module, one indented block per group, one line per change.
    pub fn to_text(&self) -> String {
        if self.is_empty() {
            return "no drift\n".to_owned();
        }
        let mut out = String::new();
        let _ = writeln!(out, "{}", self.impact_line());
        for module in &self.modules {
            let _ = writeln!(out, "{}: {}", module.module, summary(module));
            for (group, changes) in &module.groups {
                let _ = writeln!(out, "  {}:", group.name());
                for change in changes {
                    let _ = writeln!(
                        out,
                        "    [{}] {}",
                        change.impact(),
                        change.describe(&|s| s.to_owned())
                    );
                }
            }
        }
        if !self.errata.is_empty() {
            let _ = writeln!(out, "errata:");
            for erratum in &self.errata {
                let _ = writeln!(out, "  {}", erratum.describe(&|s| s.to_owned()));
            }
        }
        out
    }

    /// Markdown for a pull request or issue body: a heading per module and group, bullet lists.
    pub fn to_markdown(&self) -> String {
        if self.is_empty() {
            return "No drift.\n".to_owned();
        }
        let code = |s: &str| format!("`{s}`");
        let mut out = String::new();
        let _ = writeln!(
            out,
            "**Semver impact: {}**\n",
            self.impact().map_or("none", Impact::as_str)
        );
        for module in &self.modules {
            let _ = writeln!(out, "## `{}`\n\n{}.\n", module.module, summary(module));
            for (group, changes) in &module.groups {
                let _ = writeln!(out, "### {}\n", group.name());
                for change in changes {
                    let _ = writeln!(out, "- **{}** {}", change.impact(), change.describe(&code));
                }
                out.push('\n');
            }
        }
        if !self.errata.is_empty() {
            out.push_str("## Errata\n\n");
            for erratum in &self.errata {
                let _ = writeln!(out, "- {}", erratum.describe(&code));
            }
        }
        out.truncate(out.trim_end().len());
        out.push('\n');
        out
    }

    /// Pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a Drift is plain data") + "\n"
    }
}

fn summary(module: &ModuleDrift) -> String {
    let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}",
        plural(module.change_count(), "change"),
        plural(module.doc_changes, "documentation change")
    )
}

// ---- the diff ---------------------------------------------------------------------------------

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
    }
}

/// Which way a changed constraint moved: a tightening is breaking, a loosening additive, and a
/// change that accepts exactly the same values (`minLength` absent → 0) documentation.
fn constraint_impact(constraint: &str, old: Option<&str>, new: Option<&str>) -> Impact {
    let number = |v: Option<&str>| v.and_then(|v| v.parse::<f64>().ok());
    // Each bound with its absence made explicit: lengths start at 0, integers are unbounded.
    let (old_bound, new_bound, lower) = match constraint {
        "minLength" => (number(old).unwrap_or(0.0), number(new).unwrap_or(0.0), true),
        "minimum" => (
            number(old).unwrap_or(f64::NEG_INFINITY),
            number(new).unwrap_or(f64::NEG_INFINITY),
            true,
        ),
        "maxLength" | "maximum" => (
            number(old).unwrap_or(f64::INFINITY),
            number(new).unwrap_or(f64::INFINITY),
            false,
        ),
        "format" => return Impact::Documentation,
        // uniqueItems, pattern, and any keyword added later: tightened unless it went away.
        _ => {
            return if new.is_some() {
                Impact::Breaking
            } else {
                Impact::Additive
            }
        }
    };
    let tightened = if lower {
        new_bound > old_bound
    } else {
        new_bound < old_bound
    };
    if old_bound == new_bound {
        Impact::Documentation
    } else if tightened {
        Impact::Breaking
    } else {
        Impact::Additive
    }
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
            let label = |u: UnknownKeys| match u {
                UnknownKeys::Reject => "reject",
                UnknownKeys::Keep => "keep",
                UnknownKeys::Ignore => "ignore",
            };
            self.push(
                name,
                Change::UnknownKeysChanged {
                    type_name: name.clone(),
                    old: label(old.unknown_keys).to_owned(),
                    new: label(new.unknown_keys).to_owned(),
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
        for (constraint, o, n) in constraint_values(old)
            .into_iter()
            .zip(constraint_values(new))
            .map(|((k, o), (_, n))| (k, o, n))
        {
            if o != n {
                self.push(
                    type_name,
                    Change::ConstraintChanged {
                        type_name: type_name.to_owned(),
                        target: target.to_owned(),
                        constraint: constraint.to_owned(),
                        old: o,
                        new: n,
                    },
                );
            }
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

fn constraint_values(c: &Constraints) -> [(&'static str, Option<String>); 7] {
    [
        ("minLength", c.min_length.map(|v| v.to_string())),
        ("maxLength", c.max_length.map(|v| v.to_string())),
        ("pattern", c.pattern.clone()),
        ("minimum", c.minimum.map(|v| v.to_string())),
        ("maximum", c.maximum.map(|v| v.to_string())),
        ("uniqueItems", c.unique_items.then(|| "true".to_owned())),
        ("format", c.format.clone()),
    ]
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
        assert_eq!(
            drift.to_json(),
            "{\n  \"impact\": null,\n  \"modules\": [],\n  \"errata\": []\n}\n"
        );
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
