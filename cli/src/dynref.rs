//! Dynamic references (`{{resolve:ssm:…}}`, `{{resolve:ssm-secure:…}}`,
//! `{{resolve:secretsmanager:…}}`): CloudFormation replaces them at deployment, so the value they
//! stand for is unknown here. What can be checked is the reference's own syntax, as the
//! CloudFormation User Guide documents it (dynamic-references-ssm.html,
//! dynamic-references-ssm-secure-strings.html, dynamic-references-secretsmanager.html) and as
//! cfn-lint 1.58.0 checks it (E1050, E1027):
//!
//! - `{{resolve:ssm:parameter-name}}` or `{{resolve:ssm:parameter-name:version}}`, the name of
//!   `a-zA-Z0-9_.-/`, the version digits;
//! - `ssm-secure` likewise, and only in the properties of a few resource types (not this one);
//! - `{{resolve:secretsmanager:secret-id:secret-string:json-key:version-stage:version-id}}`, all
//!   but the secret id optional, `secret-string` being `SecretString` or empty; the secret id may
//!   be a whole ARN (`arn:partition:secretsmanager:region:account:secret:name`).

use appflow_connector_profile::cfn::resource::TYPE_NAME;

/// A dynamic reference's problem: an error at the string holding it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Whether the reference is well formed but unsupported here (`ssm-secure`).
    pub unsupported: bool,
    /// What is wrong.
    pub message: String,
}

/// Whether `text` holds a dynamic reference: its value is then known only at deployment.
pub fn contains(text: &str) -> bool {
    references(text).next().is_some()
}

/// The references in `text` (what is between `{{` and `}}`, starting `resolve:`).
fn references(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        // Most strings have no brace at all: a byte search says so without setting up a
        // substring searcher for each of them.
        let brace = memchr::memchr(b'{', rest.as_bytes())?;
        let start = brace + rest[brace..].find("{{resolve:")?;
        let after = &rest[start + 2..];
        let end = after.find("}}")?;
        rest = &after[end + 2..];
        Some(&after[..end])
    })
}

fn ssm_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | '/'))
}

/// Every problem of the dynamic references in `text`.
pub fn check(text: &str) -> Vec<Problem> {
    use appflow_connector_profile::validation::echo;
    let mut out = Vec::new();
    for reference in references(text) {
        let shown = echo(&format!("{{{{{reference}}}}}"));
        // Inside `Fn::Sub`, `${Name}` is replaced before the reference is resolved.
        let substituted = without_variables(reference);
        let parts: Vec<&str> = substituted.split(':').collect();
        let bad = |why: String| Problem {
            unsupported: false,
            message: format!("the dynamic reference `{shown}` {why}"),
        };
        match parts.get(1).copied() {
            Some(kind @ ("ssm" | "ssm-secure")) => {
                if parts.len() < 3 || parts.len() > 4 {
                    out.push(bad(format!("must be `{{{{resolve:{kind}:parameter-name}}}}` or `{{{{resolve:{kind}:parameter-name:version}}}}`")));
                } else if !ssm_name(parts[2]) {
                    out.push(bad(
                        "names a parameter with characters other than a-z, A-Z, 0-9, `_`, `.`, `-` and `/`".to_owned(),
                    ));
                } else if parts.len() == 4
                    && (parts[3].is_empty() || !parts[3].bytes().all(|b| b.is_ascii_digit()))
                {
                    out.push(bad("has a version that is not a number".to_owned()));
                } else if kind == "ssm-secure" {
                    out.push(Problem {
                        unsupported: true,
                        message: format!(
                            "the dynamic reference `{shown}`: CloudFormation resolves `ssm-secure` only in the properties of a few resource types (IAM user passwords, RDS and Redshift master passwords, …), not {TYPE_NAME}; keep the secret in Secrets Manager and use `{{{{resolve:secretsmanager:...}}}}`"
                        ),
                    });
                }
            }
            Some("secretsmanager") => {
                let (arn, rest) = if parts.get(2) == Some(&"arn") {
                    // arn:partition:secretsmanager:region:account:secret:name
                    if parts.len() < 9 || parts[7] != "secret" {
                        out.push(bad("has a secret ARN that is not `arn:partition:secretsmanager:region:account-id:secret:name`".to_owned()));
                        continue;
                    }
                    (true, &parts[9..])
                } else {
                    (false, parts.get(3..).unwrap_or_default())
                };
                let id = if arn { parts[8] } else { parts.get(2).copied().unwrap_or("") };
                if id.is_empty() {
                    out.push(bad("has no secret id: `{{resolve:secretsmanager:secret-id:SecretString:json-key:version-stage:version-id}}`".to_owned()));
                } else if !id.chars().all(|c| (' '..='~').contains(&c)) {
                    out.push(bad("has a secret id with characters other than printable ASCII".to_owned()));
                } else if rest.len() > 4 {
                    out.push(bad("has too many parts: `{{resolve:secretsmanager:secret-id:SecretString:json-key:version-stage:version-id}}`".to_owned()));
                } else if rest.first().is_some_and(|s| !s.is_empty() && *s != "SecretString") {
                    out.push(bad(format!(
                        "has `{}` where `SecretString` (or nothing) must follow the secret id",
                        echo(rest[0])
                    )));
                }
            }
            Some(other) => out.push(bad(format!(
                "has the service `{}`; CloudFormation resolves `ssm`, `ssm-secure` and `secretsmanager`",
                echo(other)
            ))),
            None => out.push(bad(
                "names no service: `{{resolve:service:reference}}`".to_owned(),
            )),
        }
    }
    out
}

/// `reference` with each `${…}` (an `Fn::Sub` variable) replaced by a plain word.
fn without_variables(reference: &str) -> String {
    let mut out = String::with_capacity(reference.len());
    let mut rest = reference;
    while let Some(start) = rest.find("${") {
        match rest[start..].find('}') {
            Some(end) => {
                out.push_str(&rest[..start]);
                out.push_str("variable");
                rest = &rest[start + end + 1..];
            }
            None => break,
        }
    }
    out.push_str(rest);
    out
}

/// Whether `text` is (or holds) an `ssm` (not `ssm-secure`) dynamic reference.
pub fn is_plain_ssm(text: &str) -> bool {
    references(text).any(|r| r.starts_with("resolve:ssm:"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(text: &str) -> Vec<String> {
        check(text).into_iter().map(|p| p.message).collect()
    }

    #[test]
    fn documented_forms_pass() {
        for ok in [
            "{{resolve:ssm:/appflow/kms-arn}}",
            "{{resolve:ssm:S3AccessControl:2}}",
            "{{resolve:secretsmanager:MySecret}}",
            "{{resolve:secretsmanager:MySecret:SecretString:password}}",
            "{{resolve:secretsmanager:MySecret:SecretString:password:AWSCURRENT}}",
            "{{resolve:secretsmanager:MySecret::password::a1b2c3}}",
            "{{resolve:secretsmanager:arn:aws:secretsmanager:us-west-2:123456789012:secret:MySecret-a1b2c3:SecretString:password}}",
            "prefix-{{resolve:ssm:/a/b}}-suffix",
            "{{resolve:ssm:/appflow/${Stage}/url}}",
            "{{resolve:secretsmanager:${AWS::StackName}-secret:SecretString:key}}",
            "no reference at all",
        ] {
            assert_eq!(messages(ok), Vec::<String>::new(), "{ok}");
        }
        assert!(contains("x{{resolve:ssm:/a}}y"));
        assert!(!contains("{{resolve:ssm:/a"));
        assert!(!contains("${Param}"));
    }

    #[test]
    fn malformed_references_are_named() {
        let cases = [
            ("{{resolve:ssm:bad name}}", "characters other than"),
            (
                "{{resolve:ssm:/a:1:2}}",
                "must be `{{resolve:ssm:parameter-name}}`",
            ),
            ("{{resolve:ssm:/a:latest}}", "version that is not a number"),
            ("{{resolve:ssm}}", "must be"),
            ("{{resolve:secretsmanager:}}", "has no secret id"),
            (
                "{{resolve:secretsmanager:S:SecretBinary}}",
                "`SecretBinary` where `SecretString`",
            ),
            (
                "{{resolve:secretsmanager:S:SecretString:k:AWSCURRENT:v:extra}}",
                "too many parts",
            ),
            (
                "{{resolve:secretsmanager:arn:aws:secretsmanager:r:1:parameter:x}}",
                "secret ARN",
            ),
            ("{{resolve:s3:bucket/key}}", "the service `s3`"),
            ("{{resolve:}}", "the service ``"),
        ];
        for (text, expected) in cases {
            let found = messages(text);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert!(found[0].contains(expected), "{text}: {found:?}");
        }
        let secure = check("{{resolve:ssm-secure:/db/password:3}}");
        assert_eq!(secure.len(), 1);
        assert!(secure[0].unsupported);
        assert!(is_plain_ssm("{{resolve:ssm:/x}}"));
        assert!(!is_plain_ssm("{{resolve:ssm-secure:/x}}"));
    }
}
