//! Readers of the project's own data files under schemas/: facts neither upstream schema states.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::Error;

/// `secrets.toml`: members that hold secrets although the API model does not mark them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Secrets {
    /// One entry per member.
    #[serde(default, rename = "secret")]
    pub secrets: Vec<SecretEntry>,
    /// Members marked secret (by the model or above) whose value names a secret kept elsewhere
    /// rather than holding one.
    #[serde(default, rename = "reference")]
    pub references: Vec<ReferenceEntry>,
}

/// A member that holds a reference to a secret (the ARN of a Secrets Manager secret), not a
/// secret: still redacted, but a template showing it exposes nothing.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceEntry {
    /// `Shape$member` in the API model.
    pub member: String,
    /// Why its value is a reference.
    pub reason: String,
    /// Where that is documented.
    pub source: String,
}

/// One listed secret.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretEntry {
    /// `Shape$member` in the API model.
    pub member: Option<String>,
    /// `Definition$Property` in the CloudFormation schema, for a secret the API does not have.
    pub cfn_member: Option<String>,
    /// Why it is a secret.
    pub reason: String,
}

/// `mapping.toml`: which operations are generated and how the two schemas' types correspond.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// The API operations whose inputs, outputs and errors are generated.
    pub operations: Vec<String>,
    /// Name of the type generated for the CloudFormation resource's properties.
    pub cfn_root: String,
    /// Structs with one member per connector (credentials, properties), in both schemas.
    pub connector_containers: Vec<String>,
    /// Pairs of types whose members correspond; members are matched by name, ignoring case.
    #[serde(rename = "pair")]
    pub pairs: Vec<Pair>,
    /// Members whose names differ between the schemas beyond case.
    #[serde(default, rename = "rename")]
    pub renames: Vec<Rename>,
    /// The typed connector layer.
    pub profile: ProfileSpec,
    /// Members `aws-sdk-appflow` holds as plain values with a default.
    #[serde(default, rename = "sdk_default")]
    pub sdk_defaults: Vec<SdkDefault>,
    /// The lifecycle: plan and import.
    pub lifecycle: LifecycleSpec,
}

/// A member the Smithy model gives a default that botocore's JSON omits, so smithy-rs holds it as a
/// plain value (`bool`, `false` unless set) where the API model leaves it optional.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SdkDefault {
    /// The API shape.
    pub shape: String,
    /// The member, as the API model spells it.
    pub member: String,
    /// Where the SDK shows it.
    pub source: String,
}

/// What the lifecycle (plan, import) is built from.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LifecycleSpec {
    /// The API shape a read (DescribeConnectorProfiles) returns per resource.
    pub describe_item: String,
}

/// `iam.toml`: the ARN of the resource and which IAM actions can be scoped to a resource.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Iam {
    /// The resource's ARN.
    pub arn: ArnSpec,
    /// How a statement id's `${Name}`, `${Account}` and `${Region}` are written, by placeholder
    /// name (`Name`).
    #[serde(default)]
    pub sid_scope: BTreeMap<String, SidScopeEntry>,
    /// One entry per IAM action of the handlers.
    #[serde(rename = "action")]
    pub actions: Vec<IamActionEntry>,
}

/// The words of a statement id for one part of the resource's ARN.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SidScopeEntry {
    /// When the policy is scoped to one value of the part.
    pub given: String,
    /// When the part is a wildcard.
    pub any: String,
}

/// The resource's ARN: `arn:{partition}:{service}:{region}:{account}:{resource_type}/{name}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArnSpec {
    /// The service namespace.
    pub service: String,
    /// The resource type before the slash.
    pub resource_type: String,
    /// Where the format is documented.
    pub source: String,
    /// The partitions the resource exists in.
    pub partitions: Vec<String>,
    /// Where the partitions are documented.
    pub partitions_source: String,
}

/// One IAM action and the resource it can be scoped to.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IamActionEntry {
    /// `service:Action`.
    pub action: String,
    /// An ARN template (`${Partition}`, `${Region}`, `${Account}`, `${Name}`) or `*`.
    pub resource: String,
    /// The statement id (letters and digits), saying why the scope is what it is.
    pub sid: String,
    /// Where it is documented.
    pub source: String,
}

/// Parses `iam.toml`.
pub fn read_iam(file: &str, text: &str) -> Result<Iam, Error> {
    parse(file, text)
}

/// What the typed connector layer is built from.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileSpec {
    /// The API request a profile is.
    pub request: String,
    /// The API request that updates one.
    pub update_request: String,
    /// The member of `request` holding the connector type.
    pub connector_type_member: String,
    /// The member of `request` holding the connector containers.
    pub connector_config_member: String,
}

/// A CloudFormation type and the API shape that carries the same values.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pair {
    /// CloudFormation type (a definition name, or `cfn_root`).
    pub cfn: String,
    /// API shape name.
    pub api: String,
    /// Where the correspondence is documented.
    pub source: String,
}

/// A CloudFormation property spelled differently from its API member.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rename {
    /// The CloudFormation property name.
    pub cfn: String,
    /// The API member name.
    pub api: String,
    /// Where the correspondence is documented.
    pub source: String,
}

pub(crate) fn parse<T: for<'de> Deserialize<'de>>(file: &str, text: &str) -> Result<T, Error> {
    toml::from_str(text).map_err(|e| Error::Toml {
        file: file.to_owned(),
        message: e.to_string().trim().to_owned(),
    })
}

/// Parses `secrets.toml`.
pub fn read_secrets(file: &str, text: &str) -> Result<Secrets, Error> {
    parse(file, text)
}

/// Parses `mapping.toml`.
pub fn read_mapping(file: &str, text: &str) -> Result<Mapping, Error> {
    parse(file, text)
}

/// `rules.toml`: per-connector rules neither schema can express.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// The rules, in file order.
    #[serde(default, rename = "rule")]
    pub rules: Vec<RuleEntry>,
}

/// One rule as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleEntry {
    /// Stable kebab-case id, used as the finding code.
    pub id: String,
    /// `error` or `warning`.
    pub severity: String,
    /// `cfn` and/or `api`.
    pub applies_to: Vec<String>,
    /// What a person reads.
    pub message: String,
    /// The rule in prose.
    pub condition: String,
    /// API shapes the rule is checked on.
    pub api_anchors: Vec<String>,
    /// Conditions that make the rule apply.
    #[serde(default)]
    pub when: Vec<ConditionEntry>,
    /// Conditions that must then hold.
    pub then: Vec<ConditionEntry>,
    /// Rules (earlier in the file, on the same anchor) whose finding has the same cause: when one
    /// of them reports, this rule does not.
    #[serde(default)]
    pub superseded_by: Vec<String>,
    /// Where the rule is documented.
    pub source: RuleSource,
}

/// A rule's documentation source.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSource {
    /// Page title.
    pub title: String,
    /// Address or schema pointer.
    pub url: String,
    /// The sentence that states the rule.
    pub quote: String,
}

/// One condition: a member path and exactly one predicate.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionEntry {
    /// Dotted API member names from the anchor; empty for the anchor itself.
    pub path: String,
    /// `present = true|false`.
    pub present: Option<bool>,
    /// `equals = "V"` or `equals = true`.
    pub equals: Option<toml::Value>,
    /// `not_equals = true`.
    pub not_equals: Option<toml::Value>,
    /// `one_of = [..]`.
    pub one_of: Option<Vec<String>>,
    /// `not_one_of = [..]`.
    pub not_one_of: Option<Vec<String>>,
    /// `not_empty = true`.
    pub not_empty: Option<bool>,
    /// `at_most_one_member = true`.
    pub at_most_one_member: Option<bool>,
    /// `exactly_one_of = [members]`.
    pub exactly_one_of: Option<Vec<String>>,
    /// `at_least_one_of = [members]`.
    pub at_least_one_of: Option<Vec<String>>,
    /// `names_member_of = "container path"`.
    pub names_member_of: Option<String>,
    /// `has_member_named_by = "enum path"`.
    pub has_member_named_by: Option<String>,
    /// `same_members_as = "container path"`.
    pub same_members_as: Option<String>,
}

/// Parses `rules.toml`.
pub fn read_rules(file: &str, text: &str) -> Result<Rules, Error> {
    parse(file, text)
}

/// `package.toml`: the generated crate's version and the metadata registries and docs.rs show.
/// The version is bumped by `cargo xtask update-schemas` by the drift's semver impact.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Package {
    /// The crate's name.
    pub name: String,
    /// `MAJOR.MINOR.PATCH`.
    pub version: String,
    /// One sentence.
    pub description: String,
    /// An SPDX expression.
    pub license: String,
    /// The Rust edition of the generated code.
    pub edition: String,
    /// The minimum supported Rust version (default features).
    pub rust_version: String,
    /// The source repository's URL.
    pub repository: String,
    /// The documentation's URL.
    pub documentation: String,
    /// At most five.
    pub keywords: Vec<String>,
    /// Category slugs.
    pub categories: Vec<String>,
}

/// Parses `package.toml`: a three-part version, at most five keywords.
pub fn read_package(file: &str, text: &str) -> Result<Package, Error> {
    let package: Package = parse(file, text)?;
    let invalid = |pointer: &str, message: String| Error::Invalid {
        file: file.to_owned(),
        pointer: pointer.to_owned(),
        message,
    };
    let three_numbers = |v: &str| {
        let parts: Vec<&str> = v.split('.').collect();
        parts.len() == 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    };
    if !three_numbers(&package.version) {
        return Err(invalid(
            "/version",
            format!("`{}` is not MAJOR.MINOR.PATCH", package.version),
        ));
    }
    if package.keywords.len() > 5 {
        return Err(invalid(
            "/keywords",
            format!("{} keywords; at most 5", package.keywords.len()),
        ));
    }
    Ok(package)
}

/// `formats.toml`: what each value of the CloudFormation schema's `format` keyword asks of a
/// string.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Formats {
    /// One entry per format, in file order.
    #[serde(default, rename = "format")]
    pub formats: Vec<FormatEntry>,
}

/// One format.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormatEntry {
    /// The `format` value, as the schema spells it.
    pub name: String,
    /// The rule in prose.
    pub rule: String,
    /// An ECMA-262 pattern the whole value must match.
    pub pattern: String,
    /// Fewest code points.
    pub min_length: Option<u64>,
    /// Most code points.
    pub max_length: Option<u64>,
    /// The cfn-lint rule that checks the format.
    pub cfn_lint_rule: String,
    /// cfn-lint's pattern, verbatim.
    pub cfn_lint_pattern: String,
    /// Where cfn-lint defines it.
    pub cfn_lint_source: String,
    /// Where the rule is documented.
    pub source: String,
}

/// Parses `formats.toml`.
pub fn read_formats(file: &str, text: &str) -> Result<Formats, Error> {
    parse(file, text)
}
