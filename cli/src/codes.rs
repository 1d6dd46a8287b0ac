//! Every finding code, described once: its title and help (SARIF rules, `--help`), the command
//! that reports it, and the cfn-lint rules that report the same problem (so cfn-lint's
//! `ignore_checks` suppress it too). The per-connector rules are not repeated here: they come
//! from the generated crate's [`RULES`], which `schemas/rules.toml` produces.
//!
//! The cfn-lint ids and titles were checked against cfn-lint 1.58.0: each id's rule class in
//! `cfnlint/rules/` (its `shortdesc` is the title below) and a template breaking each
//! constraint of `AWS::AppFlow::ConnectorProfile` once, run through `cfn-lint -f parseable`.

use appflow_connector_profile::rules::{Rule, RULES};
use appflow_connector_profile::validation::LIMIT;
use appflow_connector_profile::Severity;

use crate::template_codes::Code as TemplateCode;

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
pub struct Code {
    /// The code, as findings carry it.
    pub code: &'static str,
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
const E3037: CfnLintRule = rule("E3037", "Check if a list has duplicate values");

const fn validate(
    code: &'static str,
    title: &'static str,
    help: &'static str,
    cfn_lint: &'static [CfnLintRule],
) -> Code {
    Code {
        code,
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
    code: &'static str,
    severity: Severity,
    title: &'static str,
    help: &'static str,
) -> Code {
    Code {
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

/// The codes that are not per-connector rules, sorted by code. cfn-lint reports a malformed
/// intrinsic function under one rule per function (E1010 GetAtt, E1019 Sub, …) and an unknown
/// one as E3012 on the property, so `intrinsic` and `tag` map to none: no single id means the
/// same. `template` (a section of the wrong shape) is E1001 or E3001 in cfn-lint depending on
/// the section; neither id alone means ours, so it maps to none either.
pub const CODES: &[Code] = &[
    other(
        "connector",
        Severity::Error,
        "The typed profile's connector takes no configuration",
        "Reported by the generated crate's typed `profile` layer: this connector type takes no \
         credentials or properties in a connector profile.",
    ),
    validate(
        "duplicate-key",
        "A key is given twice in one mapping",
        "CloudFormation and AppFlow reject a mapping with a key given twice, and a reader keeping \
         only one of them would leave the other unchecked. Remove one of the two; both places \
         are reported.",
        &[E0000],
    ),
    validate(
        "enum",
        "A value is not one of the allowed values",
        "The schema lists the values this member takes; the message names the closest one. \
         Values are case-sensitive.",
        &[E3030],
    ),
    validate(
        "intrinsic",
        "A malformed or unknown intrinsic function",
        "An intrinsic function (`Fn::If`, `Fn::Sub`, `Ref`, …) with arguments of the wrong shape \
         or count, or a `Fn::` key CloudFormation does not know. CloudFormation rejects the \
         template.",
        &[],
    ),
    validate(
        "json",
        "The document is not valid JSON",
        "The JSON text cannot be read; the position is where reading stopped.",
        &[E0000],
    ),
    validate(
        "key-pattern",
        "A map key does not match the schema's key pattern",
        "Keys of this map must match the pattern the schema gives (for custom properties: word \
         characters, bounded length).",
        &[E3002],
    ),
    validate(
        "length",
        "A string, list or map is too short or too long",
        "Lengths count Unicode code points for strings, items for lists and entries for maps. \
         cfn-lint splits this between E3033 (strings) and E3032 (lists); ignoring either \
         suppresses it.",
        &[E3033, E3032],
    ),
    validate(
        LIMIT,
        "The document exceeds a limit of the validator",
        "Nesting deeper than the validator's depth limit or input larger than its size limit; \
         real templates and request bodies are far smaller.",
        &[],
    ),
    other(
        "not-carried",
        Severity::Warning,
        "A member has no counterpart in the other schema",
        "Reported by the generated crate's conversions between CloudFormation and the API: the \
         member is not carried over.",
    ),
    other(
        "not-updatable",
        Severity::Warning,
        "A property cannot be updated",
        "Reported by `plan`: the property is create-only, so changing it replaces the profile.",
    ),
    validate(
        "pattern",
        "A string does not match the schema's pattern",
        "The schema's patterns are unanchored: a value fails only when no part of it matches.",
        &[E3031],
    ),
    Code {
        code: "pattern-partial",
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
        "range",
        "A number is out of range",
        "The number is below the minimum or above the maximum the schema allows, or not a whole \
         number where one is required.",
        &[E3034],
    ),
    other(
        "read-only",
        Severity::Warning,
        "A read-only property is set",
        "Reported by `plan`: read-only properties are set by the service and never sent.",
    ),
    validate(
        "required",
        "A required member is missing",
        "Add the member; the message names it. For a template, also a missing `Resources`, \
         `Type` or `Properties`.",
        &[E3003],
    ),
    validate(
        "suppression",
        "A suppression cannot be read or names no code",
        "`Metadata: {appflow-profile: {ignore: [...]}}` must be a list of finding codes \
         (`appflow-profile validate --help` lists them); a code that does not exist would \
         suppress nothing.",
        &[],
    ),
    validate(
        "tag",
        "An unknown YAML tag",
        "A local tag CloudFormation does not know (`!Reff`), or a core tag this reader does not \
         take. CloudFormation rejects the template.",
        &[],
    ),
    validate(
        "template",
        "A template section has the wrong shape",
        "`Resources` must be a mapping of logical ids to resources, and each resource a mapping.",
        &[],
    ),
    validate(
        "type",
        "A value has the wrong JSON type",
        "The schema wants another type here (a string, a list, an object, …).",
        &[E3012],
    ),
    validate(
        "unique",
        "A list holds the same item twice",
        "The schema asks for unique items.",
        &[E3037],
    ),
    validate(
        "unknown-key",
        "A member the schema does not define",
        "Often a misspelling: the message suggests the member meant. Unknown keys are shown by \
         key only, masked in credentials, never with their value.",
        &[E3002],
    ),
    other(
        "update-requires",
        Severity::Warning,
        "An update needs another property too",
        "Reported by `plan`: the update request needs this member whenever it is sent.",
    ),
    other(
        "write-only-removal",
        Severity::Warning,
        "A write-only property is removed",
        "Reported by `plan`: no patch can remove a write-only property.",
    ),
];

/// The cfn-lint rules of one of the template reasoning's codes, with their titles.
const fn template_rules(code: TemplateCode) -> &'static [CfnLintRule] {
    match code {
        TemplateCode::DynamicReference => &[E1050],
        TemplateCode::DynamicReferenceUnsupported => &[E1027],
        TemplateCode::Condition => &[E8002, E1028],
        TemplateCode::ConditionsBounded => &[],
        TemplateCode::ReturnForm => &[E1041, E1040],
        TemplateCode::HardcodedSecret
        | TemplateCode::SecretParameter
        | TemplateCode::SecretPlainSsm => &[W2501],
    }
}

/// A code of the template reasoning ([`crate::template_codes`]), described from its enum.
fn template_code(code: TemplateCode) -> Code {
    Code {
        code: code.as_str(),
        title: code.description(),
        help: code.description(),
        help_uri: None,
        severity: code.severity(),
        reporter: Reporter::Validate,
        cfn_lint: template_rules(code),
        rule: None,
    }
}

/// A code's description, from [`CODES`], the template reasoning's codes or, for a per-connector
/// rule, [`RULES`].
pub fn describe(code: &str) -> Option<Code> {
    if let Some(found) = CODES.iter().find(|c| c.code == code) {
        return Some(*found);
    }
    if let Some(found) = TemplateCode::ALL.iter().find(|c| c.as_str() == code) {
        return Some(template_code(*found));
    }
    RULES.iter().find(|r| r.id == code).map(|r| Code {
        code: r.id,
        title: r.message,
        help: r.message,
        help_uri: r.source_url.starts_with("https://").then_some(r.source_url),
        severity: r.severity,
        reporter: Reporter::Validate,
        cfn_lint: &[],
        rule: Some(r),
    })
}

/// Every code `validate` reports: [`CODES`]' own, then the rules, each group sorted by code.
pub fn validate_codes() -> Vec<Code> {
    let mut rules: Vec<Code> = RULES.iter().filter_map(|r| describe(r.id)).collect();
    rules.sort_by_key(|c| c.code);
    let mut template: Vec<Code> = TemplateCode::ALL.into_iter().map(template_code).collect();
    template.sort_by_key(|c| c.code);
    CODES
        .iter()
        .copied()
        .filter(|c| c.reporter == Reporter::Validate)
        .chain(template)
        .chain(rules)
        .collect()
}

/// The code closest to `code` by edit distance, for "did you mean". Text far longer than any
/// code gets no suggestion: the distance costs its length times each code's.
pub fn closest(code: &str) -> Option<&'static str> {
    if code.len() > 128 {
        return None;
    }
    validate_codes()
        .into_iter()
        .map(|c| (distance(code, c.code), c.code))
        .filter(|(d, _)| *d <= 3)
        .min()
        .map(|(_, c)| c)
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

    #[test]
    fn codes_are_sorted_and_distinct_from_the_rules() {
        let codes: Vec<&str> = CODES.iter().map(|c| c.code).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(codes, sorted, "CODES sorted, each code once");
        for rule in RULES {
            assert!(
                !codes.contains(&rule.id),
                "{} is a rule and a code",
                rule.id
            );
        }
    }

    #[test]
    fn rules_are_described_from_the_generated_table() {
        let described = describe("salesforce-jwt-bearer-needs-jwt-token").expect("a rule");
        let rule = RULES
            .iter()
            .find(|r| r.id == "salesforce-jwt-bearer-needs-jwt-token")
            .expect("in RULES");
        assert_eq!(described.title, rule.message);
        assert_eq!(described.severity, rule.severity);
        assert_eq!(describe("no-such-code"), None);
        // Every rule, every template reasoning code and every validate code of CODES, once.
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
        assert_eq!(closest("unkown-key"), Some("unknown-key"));
        assert_eq!(closest("requird"), Some("required"));
        assert_eq!(closest("completely-different-thing"), None);
        assert_eq!(closest(&"required".repeat(1000)), None);
    }
}
