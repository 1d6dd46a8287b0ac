//! Every finding code, described once: its title and help (SARIF rules, `--help`), the command
//! that reports it, and the cfn-lint rules that report the same problem (so cfn-lint's
//! `ignore_checks` suppress it too). The per-connector rules are not repeated here: they come
//! from the generated crate's [`RULES`], which `schemas/rules.toml` produces.
//!
//! The cfn-lint ids and titles were checked against cfn-lint 1.58.0: each id's rule class in
//! `cfnlint/rules/` (its `shortdesc` is the title below) and a template breaking each
//! constraint of `AWS::AppFlow::ConnectorProfile` once, run through `cfn-lint -f parseable`.

use std::fmt;

use appflow_connector_profile::lifecycle::PlanCode;
use appflow_connector_profile::rules::{Rule, RuleId, RULES};
use appflow_connector_profile::validation::Code as CrateCode;
use appflow_connector_profile::Severity;

use crate::template_codes::Code as TemplateCode;

/// A code of the command's output: a finding code of the generated crate (per-connector rules
/// included), a plan warning's, or one of the command's own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AnyCode {
    /// A finding code of the generated crate ([`CrateCode`]).
    Crate(CrateCode),
    /// A code of `plan`'s warnings ([`PlanCode`]).
    Plan(PlanCode),
    /// One of the command's own ([`TemplateCode`]).
    Command(TemplateCode),
}

impl AnyCode {
    /// The code as reports show it.
    pub const fn as_str(self) -> &'static str {
        match self {
            AnyCode::Crate(code) => code.as_str(),
            AnyCode::Plan(code) => code.as_str(),
            AnyCode::Command(code) => code.as_str(),
        }
    }

    /// The code whose text is `text`, if any (the crate's, a plan's, then the command's: their
    /// texts never coincide).
    pub fn parse(text: &str) -> Option<AnyCode> {
        CrateCode::parse(text)
            .map(AnyCode::Crate)
            .or_else(|| PlanCode::parse(text).map(AnyCode::Plan))
            .or_else(|| TemplateCode::parse(text).map(AnyCode::Command))
    }

    /// The per-connector rule, if it is one.
    pub fn rule(self) -> Option<RuleId> {
        match self {
            AnyCode::Crate(code) => code.rule(),
            _ => None,
        }
    }
}

impl From<CrateCode> for AnyCode {
    fn from(code: CrateCode) -> Self {
        AnyCode::Crate(code)
    }
}

impl From<PlanCode> for AnyCode {
    fn from(code: PlanCode) -> Self {
        AnyCode::Plan(code)
    }
}

impl From<TemplateCode> for AnyCode {
    fn from(code: TemplateCode) -> Self {
        AnyCode::Command(code)
    }
}

impl PartialEq<CrateCode> for AnyCode {
    fn eq(&self, other: &CrateCode) -> bool {
        *self == AnyCode::Crate(*other)
    }
}

impl PartialEq<TemplateCode> for AnyCode {
    fn eq(&self, other: &TemplateCode) -> bool {
        *self == AnyCode::Command(*other)
    }
}

impl fmt::Display for AnyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for AnyCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A cfn-lint rule reporting the same problem as one of our codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CfnLintRule {
    /// Its id, as in `ignore_checks`.
    pub id: &'static str,
    /// Its title (`shortdesc` in cfn-lint 1.58.0).
    pub title: &'static str,
}

/// Which command reports a code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reporter {
    /// `validate`: these codes are SARIF rules and can be suppressed.
    Validate,
    /// `plan` (warnings about a change), the generated crate's conversions or typed layer.
    Other,
}

/// One code's description.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Description {
    /// The code.
    pub code: AnyCode,
    /// One line: what the code is about.
    pub title: &'static str,
    /// What a finding with this code means and what to do.
    pub help: &'static str,
    /// Where it is documented beyond `help` (an https address), if anywhere.
    pub help_uri: Option<&'static str>,
    /// Its usual severity.
    pub severity: Severity,
    /// The command reporting it.
    pub reporter: Reporter,
    /// cfn-lint's rules for the same problem; any of them in `ignore_checks` suppresses it.
    pub cfn_lint: &'static [CfnLintRule],
    /// For a per-connector rule, its entry in the generated crate (with its source).
    pub rule: Option<&'static Rule>,
}

const fn rule(id: &'static str, title: &'static str) -> CfnLintRule {
    CfnLintRule { id, title }
}

const E0000: CfnLintRule = rule("E0000", "Parsing error found when parsing the template");
const E3002: CfnLintRule = rule("E3002", "Resource properties are invalid");
const E3003: CfnLintRule = rule("E3003", "Required Resource properties are missing");
const E3012: CfnLintRule = rule("E3012", "Check resource properties values");
const E3019: CfnLintRule = rule(
    "E3019",
    "Validate that all resources have unique primary identifiers",
);
const E3030: CfnLintRule = rule("E3030", "Check if properties have a valid value");
const E3031: CfnLintRule = rule(
    "E3031",
    "Check if property values adhere to a specific pattern",
);
const E3032: CfnLintRule = rule(
    "E3032",
    "Check if a array has between min and max number of values specified",
);
const E3033: CfnLintRule = rule(
    "E3033",
    "Check if a string has between min and max number of values specified",
);
const E3034: CfnLintRule = rule("E3034", "Check if a number is between min and max");
const E1027: CfnLintRule = rule(
    "E1027",
    "Check dynamic references secure strings are in supported locations",
);
const E1028: CfnLintRule = rule("E1028", "Check Fn::If structure for validity");
const E1040: CfnLintRule = rule("E1040", "Check if GetAtt matches destination format");
const E1041: CfnLintRule = rule("E1041", "Check if Ref matches destination format");
const E1050: CfnLintRule = rule("E1050", "Validate the structure of a dynamic reference");
const E8002: CfnLintRule = rule("E8002", "Check if the referenced Conditions are defined");
const W2501: CfnLintRule = rule(
    "W2501",
    "Check if Password Properties are correctly configured",
);
const E1156: CfnLintRule = rule("E1156", "Validate IAM role ARN format");
const E1157: CfnLintRule = rule("E1157", "Validate KMS key ARN format");
const E1161: CfnLintRule = rule("E1161", "Validate S3 bucket name format");
const E3037: CfnLintRule = rule("E3037", "Check if a list has duplicate values");

const fn validate(
    code: CrateCode,
    title: &'static str,
    help: &'static str,
    cfn_lint: &'static [CfnLintRule],
) -> Description {
    Description {
        code: AnyCode::Crate(code),
        title,
        help,
        help_uri: None,
        severity: Severity::Error,
        reporter: Reporter::Validate,
        cfn_lint,
        rule: None,
    }
}

const fn other(
    code: AnyCode,
    severity: Severity,
    title: &'static str,
    help: &'static str,
) -> Description {
    Description {
        code,
        title,
        help,
        help_uri: None,
        severity,
        reporter: Reporter::Other,
        cfn_lint: &[],
        rule: None,
    }
}

/// The generated crate's codes that are not per-connector rules (its findings' and plans'),
/// sorted by code; the command's own are described by [`TemplateCode`], the rules by [`RULES`].
pub const CODES: &[Description] = &[
    other(
        AnyCode::Crate(CrateCode::Connector),
        Severity::Error,
        "The typed profile's connector takes no configuration",
        "Reported by the generated crate's typed `profile` layer: this connector type takes no \
         credentials or properties in a connector profile.",
    ),
    validate(
        CrateCode::Enum,
        "A value is not one of the allowed values",
        "The schema lists the values this member takes; the message names the closest one. \
         Values are case-sensitive.",
        &[E3030],
    ),
    validate(
        CrateCode::Format,
        "A string is not of the schema's format",
        "The schema marks the member with a `format` naming what it refers to (an S3 bucket name, \
         an IAM role ARN, a KMS key ARN), checked as cfn-lint checks it (schemas/formats.toml \
         holds each rule and its source); the API member it maps to is held to the same format.",
        &[E1156, E1157, E1161],
    ),
    validate(
        CrateCode::Json,
        "The document is not valid JSON",
        "The JSON text cannot be read; the position is where reading stopped.",
        &[E0000],
    ),
    validate(
        CrateCode::KeyPattern,
        "A map key does not match the schema's key pattern",
        "Keys of this map must match the pattern the schema gives (for custom properties: word \
         characters, bounded length).",
        &[E3002],
    ),
    validate(
        CrateCode::Length,
        "A string, list or map is too short or too long",
        "Lengths count Unicode code points for strings, items for lists and entries for maps. \
         cfn-lint splits this between E3033 (strings) and E3032 (lists); ignoring either \
         suppresses it.",
        &[E3033, E3032],
    ),
    validate(
        CrateCode::Limit,
        "The document exceeds a limit of the validator",
        "Nesting deeper than the validator's depth limit or input larger than its size limit; \
         real templates and request bodies are far smaller.",
        &[],
    ),
    other(
        AnyCode::Crate(CrateCode::NotCarried),
        Severity::Warning,
        "A member has no counterpart in the other schema",
        "Reported by the generated crate's conversions between CloudFormation and the API: the \
         member is not carried over.",
    ),
    other(
        AnyCode::Plan(PlanCode::NotUpdatable),
        Severity::Warning,
        "A property cannot be updated",
        "Reported by `plan`: the property is create-only, so changing it replaces the profile.",
    ),
    validate(
        CrateCode::Pattern,
        "A string does not match the schema's pattern",
        "The schema's patterns are unanchored: a value fails only when no part of it matches.",
        &[E3031],
    ),
    Description {
        code: AnyCode::Crate(CrateCode::PatternPartial),
        title: "A string matches the schema's pattern only in part",
        help: "The schemas' patterns are unanchored, so CloudFormation accepts a value that merely \
               contains a match, but AppFlow matches whole values: it rejected `Google BigQuery` as a \
               connector label (cdk-appflow pull request 282). Remove what the pattern does not allow \
               (often a space).",
        help_uri: None,
        severity: Severity::Warning,
        reporter: Reporter::Validate,
        cfn_lint: &[],
        rule: None,
    },
    validate(
        CrateCode::Range,
        "A number is out of range",
        "The number is below the minimum or above the maximum the schema allows, or not a whole \
         number where one is required.",
        &[E3034],
    ),
    other(
        AnyCode::Plan(PlanCode::ReadOnly),
        Severity::Warning,
        "A read-only property is set",
        "Reported by `plan`: read-only properties are set by the service and never sent.",
    ),
    validate(
        CrateCode::Required,
        "A required member is missing",
        "Add the member; the message names it. For a template, also a missing `Resources`, \
         `Type` or `Properties`.",
        &[E3003],
    ),
    validate(
        CrateCode::Type,
        "A value has the wrong JSON type",
        "The schema wants another type here (a string, a list, an object, …).",
        &[E3012],
    ),
    validate(
        CrateCode::Unique,
        "A list holds the same item twice",
        "The schema asks for unique items.",
        &[E3037],
    ),
    validate(
        CrateCode::UnknownKey,
        "A member the schema does not define",
        "Often a misspelling: the message suggests the member meant. Unknown keys are shown by \
         key only, masked in credentials, never with their value.",
        &[E3002],
    ),
    other(
        AnyCode::Plan(PlanCode::UpdateRequires),
        Severity::Warning,
        "An update needs another property too",
        "Reported by `plan`: the update request needs this member whenever it is sent.",
    ),
    other(
        AnyCode::Plan(PlanCode::WriteOnlyRemoval),
        Severity::Warning,
        "A write-only property is removed",
        "Reported by `plan`: no patch can remove a write-only property.",
    ),
];

/// The cfn-lint rules of one of the command's codes, with their titles. cfn-lint reports a
/// malformed intrinsic function under one rule per function (E1010 GetAtt, E1019 Sub, …) and an
/// unknown one as E3012 on the property, so `intrinsic` and `tag` map to none: no single id means
/// the same. `template` (a section of the wrong shape) is E1001 or E3001 in cfn-lint depending on
/// the section; neither id alone means ours, so it maps to none either.
const fn template_rules(code: TemplateCode) -> &'static [CfnLintRule] {
    match code {
        TemplateCode::DuplicateKey => &[E0000],
        TemplateCode::Intrinsic
        | TemplateCode::Tag
        | TemplateCode::Template
        | TemplateCode::Suppression => &[],
        TemplateCode::DynamicReference => &[E1050],
        TemplateCode::DynamicReferenceUnsupported => &[E1027],
        TemplateCode::Condition => &[E8002, E1028],
        TemplateCode::ConditionsBounded => &[],
        TemplateCode::ReturnForm => &[E1041, E1040],
        TemplateCode::HardcodedSecret
        | TemplateCode::SecretParameter
        | TemplateCode::SecretPlainSsm => &[W2501],
        // cfn-lint 1.58.0 reads a null as absent (no finding); CloudFormation refuses it.
        TemplateCode::NullValue => &[],
        TemplateCode::DuplicateIdentifier => &[E3019],
    }
}

/// One of the command's own codes ([`crate::template_codes`]), described from its enum.
fn template_code(code: TemplateCode) -> Description {
    Description {
        code: AnyCode::Command(code),
        title: code.description(),
        help: code.help(),
        help_uri: None,
        severity: code.severity(),
        reporter: Reporter::Validate,
        cfn_lint: template_rules(code),
        rule: None,
    }
}

/// A per-connector rule, described from its entry in [`RULES`].
fn rule_code(rule: &'static Rule) -> Description {
    Description {
        code: AnyCode::Crate(CrateCode::Rule(rule.id)),
        title: rule.message,
        help: rule.message,
        help_uri: rule
            .source_url
            .starts_with("https://")
            .then_some(rule.source_url),
        severity: rule.severity,
        reporter: Reporter::Validate,
        cfn_lint: &[],
        rule: Some(rule),
    }
}

/// A code's description, from [`CODES`], the command's codes or, for a per-connector rule,
/// [`RULES`]; `None` for a code of the generated crate this command does not know.
pub fn describe(code: AnyCode) -> Option<Description> {
    match code {
        AnyCode::Command(code) => Some(template_code(code)),
        _ => match code.rule() {
            Some(rule) => Some(rule_code(rule.rule())),
            None => CODES.iter().find(|c| c.code == code).copied(),
        },
    }
}

/// Every code `validate` reports, in three groups each sorted by code: the document's (the
/// crate's of [`CODES`] and the command's reading of the document), the template reasoning's,
/// then the per-connector rules.
pub fn validate_codes() -> Vec<Description> {
    let mut document: Vec<Description> = CODES
        .iter()
        .copied()
        .filter(|c| c.reporter == Reporter::Validate)
        .chain(
            TemplateCode::ALL
                .into_iter()
                .filter(|c| !c.is_reasoning())
                .map(template_code),
        )
        .collect();
    document.sort_by_key(|c| c.code.as_str());
    let mut reasoning: Vec<Description> = TemplateCode::ALL
        .into_iter()
        .filter(|c| c.is_reasoning())
        .map(template_code)
        .collect();
    reasoning.sort_by_key(|c| c.code.as_str());
    let mut rules: Vec<Description> = RULES.iter().map(rule_code).collect();
    rules.sort_by_key(|c| c.code.as_str());
    document.into_iter().chain(reasoning).chain(rules).collect()
}

/// The code closest to `code` by edit distance, for "did you mean". Text far longer than any
/// code gets no suggestion: the distance costs its length times each code's.
pub fn closest(code: &str) -> Option<AnyCode> {
    if code.len() > 128 {
        return None;
    }
    validate_codes()
        .into_iter()
        .map(|c| (distance(code, c.code.as_str()), c.code.as_str(), c.code))
        .filter(|(d, _, _)| *d <= 3)
        .min()
        .map(|(_, _, c)| c)
}

fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(current + 1);
            previous = current;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code the command can meet: the crate's (rules included), the plans', its own.
    fn every_code() -> Vec<AnyCode> {
        CrateCode::all()
            .map(AnyCode::Crate)
            .chain(PlanCode::ALL.iter().copied().map(AnyCode::Plan))
            .chain(TemplateCode::ALL.into_iter().map(AnyCode::Command))
            .collect()
    }

    #[test]
    fn codes_are_sorted_and_distinct_from_the_rules() {
        let codes: Vec<&str> = CODES.iter().map(|c| c.code.as_str()).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(codes, sorted, "CODES sorted, each code once");
        assert!(CODES.iter().all(|c| c.code.rule().is_none()));
    }

    #[test]
    fn every_code_is_described_and_read_back() {
        let all = every_code();
        let texts: std::collections::BTreeSet<&str> = all.iter().map(|c| c.as_str()).collect();
        assert_eq!(texts.len(), all.len(), "no two codes share a text");
        for code in all {
            let described = describe(code).unwrap_or_else(|| panic!("{code} is not described"));
            assert_eq!(described.code, code);
            assert_eq!(AnyCode::parse(code.as_str()), Some(code));
            assert_eq!(
                serde_json::to_string(&code).unwrap(),
                format!("\"{}\"", code.as_str())
            );
        }
        assert_eq!(AnyCode::parse("no-such-code"), None);
    }

    #[test]
    fn rules_are_described_from_the_generated_table() {
        for rule in RULES {
            let described = describe(AnyCode::Crate(CrateCode::Rule(rule.id))).expect("a rule");
            assert_eq!(described.title, rule.message);
            assert_eq!(described.severity, rule.severity);
            assert_eq!(described.rule, Some(rule));
        }
        // Every rule, every command code and every validate code of CODES, once.
        assert_eq!(
            validate_codes().len(),
            RULES.len()
                + TemplateCode::ALL.len()
                + CODES
                    .iter()
                    .filter(|c| c.reporter == Reporter::Validate)
                    .count()
        );
    }

    #[test]
    fn closest_code_for_a_misspelling() {
        assert_eq!(closest("unkown-key"), Some(CrateCode::UnknownKey.into()));
        assert_eq!(closest("requird"), Some(CrateCode::Required.into()));
        assert_eq!(
            closest("duplicate-kye"),
            Some(TemplateCode::DuplicateKey.into())
        );
        assert_eq!(closest("completely-different-thing"), None);
        assert_eq!(closest(&"required".repeat(1000)), None);
    }
}
