//! One place owns naming: schema names become Rust identifiers here and nowhere else.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust keywords that cannot be used as plain identifiers.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "gen", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// A field name: snake_case, with a raw-identifier prefix where it would be a keyword.
///
/// The schemas spell acronyms inconsistently (`KMSArn`, `oAuth2GrantType`, `isSandboxEnvironment`);
/// heck splits them into words the way a reader would.
pub fn field_name(wire: &str) -> String {
    let snake = wire.to_snake_case();
    let snake = if snake.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{snake}")
    } else {
        snake
    };
    if KEYWORDS.contains(&snake.as_str()) {
        if matches!(snake.as_str(), "self" | "super" | "crate") {
            format!("{snake}_")
        } else {
            format!("r#{snake}")
        }
    } else {
        snake
    }
}

/// A type name as the schema spells it, made a valid Rust identifier (schema type names are kept
/// verbatim so that `cfn::SAPODataConnectorProfileCredentials` is found under the name users know).
pub fn type_name(schema_name: &str) -> String {
    let cleaned: String = schema_name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let cleaned = if cleaned.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{cleaned}")
    } else {
        cleaned
    };
    match cleaned.as_str() {
        "Self" | "Option" | "Result" | "String" | "Vec" | "Box" => format!("{cleaned}_"),
        _ => cleaned,
    }
}

/// A type name derived from a property name, for an enum or object written inline in a property.
pub fn inline_type_name(property: &str) -> String {
    type_name(&property.to_upper_camel_case())
}

/// An enum variant for a wire value: UpperCamelCase (`CLIENT_CREDENTIALS` → `ClientCredentials`).
pub fn variant_name(value: &str) -> String {
    let camel = value.to_upper_camel_case();
    let camel: String = camel
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    if camel.is_empty() || camel.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{camel}")
    } else if camel == "Unknown" || camel == "Self_" || camel == "Self" {
        format!("{camel}Value")
    } else {
        camel
    }
}

/// The builder type of a struct.
pub fn builder_name(type_name: &str) -> String {
    format!("{type_name}Builder")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_follow_rust_conventions() {
        assert_eq!(field_name("KMSArn"), "kms_arn");
        assert_eq!(field_name("oAuth2GrantType"), "o_auth2_grant_type");
        assert_eq!(field_name("isSandboxEnvironment"), "is_sandbox_environment");
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("3d"), "_3d");
    }

    #[test]
    fn type_names_keep_schema_spelling_and_avoid_prelude() {
        assert_eq!(
            type_name("SAPODataConnectorProfileCredentials"),
            "SAPODataConnectorProfileCredentials"
        );
        assert_eq!(type_name("Result"), "Result_");
        assert_eq!(inline_type_name("ConnectionMode"), "ConnectionMode");
        assert_eq!(inline_type_name("connectionMode"), "ConnectionMode");
    }

    #[test]
    fn variants_are_camel_case_and_never_unknown() {
        assert_eq!(variant_name("CLIENT_CREDENTIALS"), "ClientCredentials");
        assert_eq!(variant_name("Googleanalytics"), "Googleanalytics");
        assert_eq!(variant_name("OAUTH2"), "Oauth2");
        assert_eq!(variant_name("Unknown"), "UnknownValue");
        assert_eq!(variant_name("1x"), "V1x");
    }
}
