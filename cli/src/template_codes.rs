//! The finding codes the command adds to the generated crate's, in one place: each with its
//! severity, a one-line description and the cfn-lint rules that check the same (for the rule map
//! and suppressions). Findings about a value resolved from the template (a parameter's allowed
//! value, `Fn::FindInMap`, `Fn::Join`/`Fn::Sub` of literals) keep the crate's code (`pattern`,
//! `length`, …) and say in the message where the value comes from.

use appflow_connector_profile::Severity;

/// A code of a finding made by the command rather than by the generated crate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Code {
    /// A `{{resolve:…}}` dynamic reference whose syntax is wrong.
    DynamicReference,
    /// A dynamic reference kind CloudFormation does not resolve here (`ssm-secure` in this
    /// resource type).
    DynamicReferenceUnsupported,
    /// An `Fn::If` or a resource `Condition` naming no condition of `Conditions`.
    Condition,
    /// More condition combinations than are checked: which were, and how.
    ConditionsBounded,
    /// A `Ref`/`Fn::GetAtt` of another resource whose return value has the wrong form.
    ReturnForm,
    /// A literal value in a member that holds a secret.
    HardcodedSecret,
    /// A secret member given a parameter that is not `NoEcho`.
    SecretParameter,
    /// A secret member given an SSM String parameter (stored unencrypted).
    SecretPlainSsm,
}

impl Code {
    /// Every code, in order.
    pub const ALL: [Code; 8] = [
        Code::DynamicReference,
        Code::DynamicReferenceUnsupported,
        Code::Condition,
        Code::ConditionsBounded,
        Code::ReturnForm,
        Code::HardcodedSecret,
        Code::SecretParameter,
        Code::SecretPlainSsm,
    ];

    /// The code as reports show it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Code::DynamicReference => "dynamic-reference",
            Code::DynamicReferenceUnsupported => "dynamic-reference-unsupported",
            Code::Condition => "condition",
            Code::ConditionsBounded => "conditions-bounded",
            Code::ReturnForm => "return-form",
            Code::HardcodedSecret => "hardcoded-secret",
            Code::SecretParameter => "secret-parameter",
            Code::SecretPlainSsm => "secret-plain-ssm",
        }
    }

    /// How serious its findings are.
    pub const fn severity(self) -> Severity {
        match self {
            Code::DynamicReference
            | Code::DynamicReferenceUnsupported
            | Code::Condition
            | Code::ReturnForm => Severity::Error,
            Code::ConditionsBounded
            | Code::HardcodedSecret
            | Code::SecretParameter
            | Code::SecretPlainSsm => Severity::Warning,
        }
    }

    /// What it checks, in one line.
    pub const fn description(self) -> &'static str {
        match self {
            Code::DynamicReference => "A dynamic reference {{resolve:ssm|ssm-secure|secretsmanager:...}} must follow its documented syntax",
            Code::DynamicReferenceUnsupported => "ssm-secure dynamic references are resolved only in a few resource types' properties, not in AWS::AppFlow::ConnectorProfile",
            Code::Condition => "Fn::If and a resource's Condition must name a condition of the template's Conditions",
            Code::ConditionsBounded => "Too many condition combinations: only some were checked",
            Code::ReturnForm => "Ref/Fn::GetAtt of another resource returns a value of the wrong form for this member",
            Code::HardcodedSecret => "A secret member holds a literal value: templates are stored and shown in plain text",
            Code::SecretParameter => "A secret member refers to a parameter that is not NoEcho: its value is shown in the console and API",
            Code::SecretPlainSsm => "A secret member refers to an SSM String parameter, stored unencrypted",
        }
    }

    /// The cfn-lint 1.58.0 rules that check the same, if any.
    pub const fn cfn_lint(self) -> &'static [&'static str] {
        match self {
            Code::DynamicReference => &["E1050"],
            Code::DynamicReferenceUnsupported => &["E1027"],
            Code::Condition => &["E8002", "E1028"],
            Code::ConditionsBounded => &[],
            Code::ReturnForm => &["E1041", "E1040"],
            Code::HardcodedSecret => &["W2501"],
            Code::SecretParameter => &["W2501"],
            Code::SecretPlainSsm => &["W2501"],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_and_never_the_crates() {
        let names: std::collections::BTreeSet<&str> =
            Code::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(names.len(), Code::ALL.len());
        for taken in [
            "required",
            "length",
            "pattern",
            "enum",
            "range",
            "type",
            "unknown-key",
            "intrinsic",
            "tag",
            "template",
            "duplicate-key",
        ] {
            assert!(!names.contains(taken), "{taken}");
        }
    }
}
