//! The finding codes the command adds to the generated crate's, in one place: each with its
//! severity, a one-line description, its help and the cfn-lint rules that check the same (for the
//! rule map and suppressions). The document's own problems (duplicate keys, malformed intrinsics,
//! unknown tags, template sections of the wrong shape, unreadable suppressions) and the template
//! reasoning's. Findings about a value resolved from the template (a parameter's allowed value,
//! `Fn::FindInMap`, `Fn::Join`/`Fn::Sub` of literals) keep the crate's code (`pattern`, `length`,
//! …) and say in the message where the value comes from.

use appflow_connector_profile::Severity;

/// A code of a finding made by the command rather than by the generated crate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// A key given twice in one mapping.
    DuplicateKey,
    /// A malformed or unknown intrinsic function.
    Intrinsic,
    /// An unknown YAML tag.
    Tag,
    /// A template section (`Resources`, a resource) of the wrong shape.
    Template,
    /// Suppression metadata that cannot be read or names no code.
    Suppression,
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
    /// `null` in a template, which CloudFormation refuses.
    NullValue,
    /// Two resources of one type with the same primary identifier.
    DuplicateIdentifier,
}

impl Code {
    /// Every code, in order.
    pub const ALL: [Code; 15] = [
        Code::DuplicateKey,
        Code::Intrinsic,
        Code::Tag,
        Code::Template,
        Code::Suppression,
        Code::DynamicReference,
        Code::DynamicReferenceUnsupported,
        Code::Condition,
        Code::ConditionsBounded,
        Code::ReturnForm,
        Code::HardcodedSecret,
        Code::SecretParameter,
        Code::SecretPlainSsm,
        Code::NullValue,
        Code::DuplicateIdentifier,
    ];

    /// The code as reports show it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Code::DuplicateKey => "duplicate-key",
            Code::Intrinsic => "intrinsic",
            Code::Tag => "tag",
            Code::Template => "template",
            Code::Suppression => "suppression",
            Code::DynamicReference => "dynamic-reference",
            Code::DynamicReferenceUnsupported => "dynamic-reference-unsupported",
            Code::Condition => "condition",
            Code::ConditionsBounded => "conditions-bounded",
            Code::ReturnForm => "return-form",
            Code::HardcodedSecret => "hardcoded-secret",
            Code::SecretParameter => "secret-parameter",
            Code::SecretPlainSsm => "secret-plain-ssm",
            Code::NullValue => "null-value",
            Code::DuplicateIdentifier => "duplicate-identifier",
        }
    }

    /// The code whose [`Code::as_str`] is `text`, if any.
    pub fn parse(text: &str) -> Option<Code> {
        Code::ALL.into_iter().find(|code| code.as_str() == text)
    }

    /// Whether the template reasoning reports it (values resolved from the template, conditions,
    /// secrets), rather than the reading of the document.
    pub const fn is_reasoning(self) -> bool {
        !matches!(
            self,
            Code::DuplicateKey
                | Code::Intrinsic
                | Code::Tag
                | Code::Template
                | Code::Suppression
                | Code::NullValue
        )
    }

    /// How serious its findings usually are (a suppression naming no code is only a warning).
    pub const fn severity(self) -> Severity {
        match self {
            Code::DuplicateKey
            | Code::Intrinsic
            | Code::Tag
            | Code::Template
            | Code::Suppression
            | Code::DynamicReference
            | Code::DynamicReferenceUnsupported
            | Code::Condition
            | Code::ReturnForm
            | Code::NullValue
            | Code::DuplicateIdentifier => Severity::Error,
            Code::ConditionsBounded
            | Code::HardcodedSecret
            | Code::SecretParameter
            | Code::SecretPlainSsm => Severity::Warning,
        }
    }

    /// What it checks, in one line.
    pub const fn description(self) -> &'static str {
        match self {
            Code::DuplicateKey => "A key is given twice in one mapping",
            Code::Intrinsic => "A malformed or unknown intrinsic function",
            Code::Tag => "An unknown YAML tag",
            Code::Template => "A template section has the wrong shape",
            Code::Suppression => "A suppression cannot be read or names no code",
            Code::DynamicReference => "A dynamic reference {{resolve:ssm|ssm-secure|secretsmanager:...}} must follow its documented syntax",
            Code::DynamicReferenceUnsupported => "ssm-secure dynamic references are resolved only in a few resource types' properties, not in AWS::AppFlow::ConnectorProfile",
            Code::Condition => "Fn::If and a resource's Condition must name a condition of the template's Conditions",
            Code::ConditionsBounded => "Too many condition combinations: only some were checked",
            Code::ReturnForm => "Ref/Fn::GetAtt of another resource returns a value of the wrong form for this member",
            Code::HardcodedSecret => "A secret member holds a literal value: templates (and Terraform configuration) are stored and shown in plain text",
            Code::SecretParameter => "A secret member refers to a parameter that is not NoEcho (a Terraform variable that is not sensitive): its value is shown",
            Code::SecretPlainSsm => "A secret member refers to an SSM String parameter, stored unencrypted",
            Code::NullValue => "A template holds null, which CloudFormation refuses",
            Code::DuplicateIdentifier => "Two resources of one type have the same primary identifier: the second create fails",
        }
    }

    /// What a finding with this code means and what to do: for the template reasoning's codes,
    /// the description.
    pub const fn help(self) -> &'static str {
        match self {
            Code::DuplicateKey => "CloudFormation and AppFlow reject a mapping with a key given twice, and a reader keeping \
                 only one of them would leave the other unchecked. Remove one of the two; both places \
                 are reported.",
            Code::Intrinsic => "An intrinsic function (`Fn::If`, `Fn::Sub`, `Ref`, …) with arguments of the wrong shape \
                 or count, or a `Fn::` key CloudFormation does not know. CloudFormation rejects the \
                 template.",
            Code::Tag => "A local tag CloudFormation does not know (`!Reff`), or a core tag this reader does not \
                 take. CloudFormation rejects the template.",
            Code::Template => "`Resources` must be a mapping of logical ids to resources, and each resource a mapping.",
            Code::Suppression => "`Metadata: {appflow-profile: {ignore: [...]}}` must be a list of finding codes \
                 (`appflow-profile validate --help` lists them), as must a Terraform comment \
                 `# appflow-profile:ignore CODE, ...`; a code that does not exist would suppress \
                 nothing.",
            Code::NullValue => "CloudFormation refuses a template holding `null` anywhere (\"'null' values are not \
                 allowed in templates\"), even for an optional member. Remove the member or item; where a \
                 condition leaves a member out, write `!Ref AWS::NoValue`. API bodies read a null member \
                 as absent, so there it is no finding.",
            Code::DuplicateIdentifier => "The resource schema's primary identifier (for a connector profile, its name) names one \
                 resource in an account and region: two resources of the template with the same value \
                 cannot both be created. Literal values and values the template fixes (`Fn::Sub` and \
                 `Fn::Join` of literals, `Fn::FindInMap` with literal keys, the same expression) are \
                 compared; resources under conditions that cannot hold together are not duplicates.",
            _ => self.description(),
        }
    }

    /// The cfn-lint 1.58.0 rules that check the same, if any.
    pub const fn cfn_lint(self) -> &'static [&'static str] {
        match self {
            Code::DuplicateKey => &["E0000"],
            Code::Intrinsic | Code::Tag | Code::Template | Code::Suppression => &[],
            Code::DynamicReference => &["E1050"],
            Code::DynamicReferenceUnsupported => &["E1027"],
            Code::Condition => &["E8002", "E1028"],
            Code::ConditionsBounded => &[],
            Code::ReturnForm => &["E1041", "E1040"],
            Code::HardcodedSecret => &["W2501"],
            Code::SecretParameter => &["W2501"],
            Code::SecretPlainSsm => &["W2501"],
            Code::NullValue => &[],
            Code::DuplicateIdentifier => &["E3019"],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use appflow_connector_profile::lifecycle::PlanCode;
    use appflow_connector_profile::validation::Code as CrateCode;

    #[test]
    fn codes_are_distinct_and_never_the_crates() {
        let names: std::collections::BTreeSet<&str> =
            Code::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(names.len(), Code::ALL.len());
        for code in Code::ALL {
            assert_eq!(Code::parse(code.as_str()), Some(code));
            assert_eq!(CrateCode::parse(code.as_str()), None, "{code:?}");
            assert_eq!(PlanCode::parse(code.as_str()), None, "{code:?}");
        }
    }
}
