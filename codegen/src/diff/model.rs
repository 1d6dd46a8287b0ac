//! The drift's data: [`Drift`], [`ModuleDrift`], [`Group`], [`Change`] with its typed
//! [`ConstraintChange`], [`Impact`] and [`ErratumChange`], and their JSON form.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::ir::UnknownKeys;

/// Everything that changed between two IRs. Empty when nothing did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drift {
    /// The modules with changes, `cfn` before `api`.
    pub modules: Vec<ModuleDrift>,
    /// Upstream texts that `schemas/errata.toml` corrects and that changed (see [`errata_changes`](super::errata_changes)).
    pub errata: Vec<ErratumChange>,
    /// Per Terraform provider (`schemas/terraform.toml`), the members of the new side it cannot
    /// express. Not drift: a standing list, reported with the drift so a new member the providers
    /// lack is seen; it neither makes the drift non-empty nor changes its impact.
    pub terraform: Vec<TerraformGaps>,
}

/// The members one Terraform provider's resource cannot express.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TerraformGaps {
    /// The resource type (`aws_appflow_connector_profile`).
    pub resource: String,
    /// The provider and the version its schema was taken from (`hashicorp/aws 6.66.0`).
    pub provider: String,
    /// `api` or `cfn`: whose members.
    pub module: String,
    /// The members (paths of wire names), sorted.
    pub members: Vec<TerraformGap>,
}

/// A member a provider cannot express.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TerraformGap {
    /// Its path of wire names from the resource body (`connectorProfileConfig/…/workgroupName`).
    pub member: String,
    /// Whether the old side's list lacks it: a member upstream added that the provider cannot
    /// express, or one the provider no longer maps (a gap this drift opens).
    pub new: bool,
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

impl Serialize for Drift {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = serializer.serialize_struct("Drift", 4)?;
        out.serialize_field("impact", &self.impact())?;
        out.serialize_field("modules", &self.modules)?;
        out.serialize_field("errata", &self.errata)?;
        out.serialize_field("terraform", &self.terraform)?;
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
    /// A constraint changed (in JSON: its keyword as `constraint`, and `old`/`new` as text,
    /// `null` when absent).
    ConstraintChanged {
        /// The type holding the value.
        type_name: String,
        /// Where in it, as for [`Change::ShapeChanged`]; empty for a map type's number of entries.
        target: String,
        /// Which constraint, with its old and new values.
        #[serde(flatten)]
        constraint: ConstraintChange,
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
    /// What happens to undeclared keys changed (in JSON `reject`, `keep`, `ignore`).
    UnknownKeysChanged {
        /// The struct.
        type_name: String,
        /// The old policy.
        #[serde(serialize_with = "serialize_unknown_keys")]
        old: UnknownKeys,
        /// The new policy.
        #[serde(serialize_with = "serialize_unknown_keys")]
        new: UnknownKeys,
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

/// A changed constraint of [`crate::ir::Constraints`], old value then new, typed as the IR holds
/// it (`None`: absent). One variant per field of `Constraints`: the differ destructures the
/// struct, so a new field does not compile until it has a variant here, and [`Change::impact`]
/// matches every variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConstraintChange {
    /// `minLength`.
    MinLength(Option<u64>, Option<u64>),
    /// `maxLength`.
    MaxLength(Option<u64>, Option<u64>),
    /// `pattern`.
    Pattern(Option<String>, Option<String>),
    /// `minimum`.
    Minimum(Option<i64>, Option<i64>),
    /// `maximum`.
    Maximum(Option<i64>, Option<i64>),
    /// `uniqueItems`.
    UniqueItems(bool, bool),
    /// `format`.
    Format(Option<String>, Option<String>),
}

impl ConstraintChange {
    /// The JSON Schema keyword: `minLength`, `maxLength`, `pattern`, `minimum`, `maximum`,
    /// `uniqueItems`, `format`.
    pub fn keyword(&self) -> &'static str {
        match self {
            ConstraintChange::MinLength(..) => "minLength",
            ConstraintChange::MaxLength(..) => "maxLength",
            ConstraintChange::Pattern(..) => "pattern",
            ConstraintChange::Minimum(..) => "minimum",
            ConstraintChange::Maximum(..) => "maximum",
            ConstraintChange::UniqueItems(..) => "uniqueItems",
            ConstraintChange::Format(..) => "format",
        }
    }

    /// The old and new values as text (`None`: absent; `uniqueItems` is `true` or absent).
    pub fn texts(&self) -> (Option<String>, Option<String>) {
        fn text<T: ToString>(v: &Option<T>) -> Option<String> {
            v.as_ref().map(ToString::to_string)
        }
        match self {
            ConstraintChange::MinLength(o, n) | ConstraintChange::MaxLength(o, n) => {
                (text(o), text(n))
            }
            ConstraintChange::Minimum(o, n) | ConstraintChange::Maximum(o, n) => (text(o), text(n)),
            ConstraintChange::Pattern(o, n) | ConstraintChange::Format(o, n) => {
                (o.clone(), n.clone())
            }
            ConstraintChange::UniqueItems(o, n) => {
                let text = |v: bool| v.then(|| "true".to_owned());
                (text(*o), text(*n))
            }
        }
    }
}

impl Serialize for ConstraintChange {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let (old, new) = self.texts();
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("constraint", self.keyword())?;
        map.serialize_entry("old", &old)?;
        map.serialize_entry("new", &new)?;
        map.end()
    }
}

/// `reject`, `keep` or `ignore`.
pub fn unknown_keys_label(policy: UnknownKeys) -> &'static str {
    match policy {
        UnknownKeys::Reject => "reject",
        UnknownKeys::Keep => "keep",
        UnknownKeys::Ignore => "ignore",
    }
}

fn serialize_unknown_keys<S: serde::Serializer>(
    policy: &UnknownKeys,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(unknown_keys_label(*policy))
}
