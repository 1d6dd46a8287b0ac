//! One place owns naming: schema names become Rust identifiers here and nowhere else.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Name of the field that keeps undeclared keys of open objects.
pub const ADDITIONAL_FIELD: &str = "additional_properties";

/// Methods of every builder besides its members' setters: a member cannot take these names.
pub const BUILDER_METHODS: &[&str] = &["build", "additional_property", "set_additional_properties"];

/// Names the per-type modules of `cfn/` and `api/` cannot take: `mod.rs` itself and the module's
/// other children.
pub const RESERVED_MODULES: &[&str] = &["mod", "builders", "keys", "resource"];

/// Names of the Rust prelude that generated modules use unqualified: no type may take one.
pub const PRELUDE: &[&str] = &[
    "Option", "Some", "None", "Result", "Ok", "Err", "Vec", "String", "Into", "From", "Default",
];

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

/// The constant holding a member's wire name (`cfn::keys`, `api::keys`): its field name in upper
/// case (`KMSArn` → `KMS_ARN`, `type` → `TYPE`).
pub fn key_const_name(wire: &str) -> String {
    field_name(wire)
        .trim_start_matches("r#")
        .to_ascii_uppercase()
}

/// The module of a struct's key constants: its name in snake case
/// (`SAPODataConnectorProfileCredentials` → `sapo_data_connector_profile_credentials`).
pub fn keys_module_name(type_name: &str) -> String {
    field_name(type_name)
}

/// The private module holding one type, its impls and its builder, in `src/<module>/<name>.rs`:
/// the type name in snake case, raw where it would be a keyword (`Type` → `r#type`, in `type.rs`).
pub fn type_module_name(type_name: &str) -> String {
    field_name(type_name)
}

/// The file of a type's module (`r#type` → `type.rs`).
pub fn type_file_name(type_name: &str) -> String {
    let module = type_module_name(type_name);
    format!("{}.rs", module.strip_prefix("r#").unwrap_or(&module))
}

/// The static holding a `format` of the CloudFormation schema (`formats.rs`): its words in upper
/// case, joined by underscores (`AWS::S3::Bucket.Name` → `AWS_S3_BUCKET_NAME`), `_` first before
/// a digit.
pub fn format_static_name(format: &str) -> String {
    let words: Vec<String> = format
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_ascii_uppercase)
        .collect();
    let joined = words.join("_");
    if joined.is_empty() || joined.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{joined}")
    } else {
        joined
    }
}

/// The builder type of a struct.
pub fn builder_name(type_name: &str) -> String {
    format!("{type_name}Builder")
}

/// Words of a Smithy name as smithy-rs splits them (its `splitOnWordBoundaries` in
/// `codegen-core/.../util/Strings.kt`): a word ends where a lower-case letter or digit meets an
/// upper-case one (`oAuth2[G]rant`), where an acronym meets a capitalised word (`SAPO[D]ata`, but
/// not before a plural `s` as in `AR[N]s`, nor before `v` and a digit), at every non-alphanumeric
/// character, and, in all-lower-case names, where a digit meets a letter; `ipv4`, `ipv6`, `sigv4`,
/// `mib`, `gib`, `kib`, `ttl` are never split. Words come back lower-cased.
fn smithy_words(name: &str) -> Vec<String> {
    const COMPLETE: &[&str] = &["ipv4", "ipv6", "sigv4", "mib", "gib", "kib", "ttl"];
    let chars: Vec<char> = name.chars().collect();
    let all_lower = name.to_lowercase() == name;
    let mut out = Vec::new();
    let mut current = String::new();
    let emit = |current: &mut String, out: &mut Vec<String>, next: char| {
        if !current.is_empty() {
            out.push(current.to_lowercase());
        }
        *current = if next.is_alphanumeric() {
            next.to_string()
        } else {
            String::new()
        };
    };
    for (index, &next) in chars.iter().enumerate() {
        let peek = chars.get(index + 1).copied();
        let double_peek = chars.get(index + 2).copied();
        let rest: String = chars[index..].iter().collect();
        let joined = format!("{current}{rest}").to_lowercase();
        let complete_in_progress = COMPLETE.iter().any(|w| joined.starts_with(w))
            && !COMPLETE.contains(&current.to_lowercase().as_str());
        let last = current.chars().last();
        let lower_then_upper =
            next.is_uppercase() && last.is_some_and(|c| c.is_lowercase() || c.is_ascii_digit());
        let digit_then_lower = last.is_some_and(|c| c.is_ascii_digit()) && next.is_lowercase();
        let end_of_acronym = last.is_some_and(char::is_uppercase)
            && next.is_uppercase()
            && peek.is_some_and(char::is_lowercase)
            // Not `AR[N]s` (a plural) nor `DynamoD[B]v2`.
            && (peek != Some('s') || double_peek.is_some_and(char::is_lowercase))
            && (peek != Some('v') || !double_peek.is_some_and(|c| c.is_ascii_digit()));
        if !next.is_alphanumeric() {
            emit(&mut current, &mut out, next);
        } else if current.is_empty() {
            current.push(next);
        } else if (!complete_in_progress && lower_then_upper)
            || (!complete_in_progress && all_lower && digit_then_lower)
            || end_of_acronym
        {
            emit(&mut current, &mut out, next);
        } else {
            current.push(next);
        }
    }
    if !current.is_empty() {
        out.push(current.to_lowercase());
    }
    out
}

/// The name `aws-sdk-appflow` (smithy-rs) gives a member: its words joined with `_`
/// (`oAuth2GrantType` → `o_auth2_grant_type`, `SAPOData` → `sapo_data`), a keyword made raw.
pub fn sdk_field_name(member: &str) -> String {
    escape_keyword(smithy_words(member).join("_"))
}

/// The name `aws-sdk-appflow` gives a shape: its words capitalised (`SAPODataConnectorProfileCredentials`
/// → `SapoDataConnectorProfileCredentials`, `OAuth2Credentials` stays).
pub fn sdk_type_name(shape: &str) -> String {
    smithy_words(shape)
        .iter()
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// The module of an operation in `aws-sdk-appflow` (`CreateConnectorProfile` →
/// `create_connector_profile`); its input and output are `{Operation}Input` and `{Operation}Output`.
pub fn sdk_operation_module(operation: &str) -> String {
    smithy_words(operation).join("_")
}

fn escape_keyword(snake: String) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_statics_are_upper_case_words() {
        assert_eq!(
            format_static_name("AWS::S3::Bucket.Name"),
            "AWS_S3_BUCKET_NAME"
        );
        assert_eq!(format_static_name("AWS::IAM::Role.Arn"), "AWS_IAM_ROLE_ARN");
        assert_eq!(format_static_name("date-time"), "DATE_TIME");
        assert_eq!(format_static_name("3::x"), "_3_X");
        assert_eq!(format_static_name("::"), "_");
    }

    /// Names as aws-sdk-appflow 1.121.0 spells them (src/types/*.rs, src/operation/).
    #[test]
    fn sdk_names_follow_smithy_rs() {
        assert_eq!(sdk_field_name("oAuth2GrantType"), "o_auth2_grant_type");
        assert_eq!(
            sdk_field_name("isRedshiftServerless"),
            "is_redshift_serverless"
        );
        assert_eq!(sdk_field_name("SAPOData"), "sapo_data");
        assert_eq!(sdk_field_name("oAuthRequest"), "o_auth_request");
        assert_eq!(sdk_field_name("kmsArn"), "kms_arn");
        assert_eq!(sdk_field_name("CustomConnector"), "custom_connector");
        assert_eq!(sdk_field_name("GoogleAnalytics"), "google_analytics");
        assert_eq!(sdk_field_name("InforNexus"), "infor_nexus");
        assert_eq!(sdk_field_name("ServiceNow"), "service_now");
        assert_eq!(
            sdk_field_name("tokenUrlCustomProperties"),
            "token_url_custom_properties"
        );
        assert_eq!(sdk_field_name("type"), "r#type");
        assert_eq!(
            sdk_type_name("SAPODataConnectorProfileCredentials"),
            "SapoDataConnectorProfileCredentials"
        );
        assert_eq!(sdk_type_name("OAuth2Credentials"), "OAuth2Credentials");
        assert_eq!(
            sdk_type_name("ConnectorOAuthRequest"),
            "ConnectorOAuthRequest"
        );
        assert_eq!(sdk_type_name("OAuth2GrantType"), "OAuth2GrantType");
        assert_eq!(sdk_type_name("ApiKeyCredentials"), "ApiKeyCredentials");
        assert_eq!(
            sdk_operation_module("DescribeConnectorProfiles"),
            "describe_connector_profiles"
        );
        // The exceptions smithy-rs keeps whole, and acronym plurals.
        assert_eq!(sdk_field_name("IPv4Address"), "ipv4_address");
        assert_eq!(sdk_field_name("ARNs"), "arns");
        assert_eq!(sdk_field_name("DBProxy"), "db_proxy");
        assert_eq!(sdk_field_name("s3key"), "s3_key");
    }

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
    fn key_constants_are_upper_case_field_names() {
        assert_eq!(key_const_name("KMSArn"), "KMS_ARN");
        assert_eq!(key_const_name("oAuth2GrantType"), "O_AUTH2_GRANT_TYPE");
        assert_eq!(key_const_name("type"), "TYPE");
        assert_eq!(key_const_name("self"), "SELF_");
        assert_eq!(
            keys_module_name("SAPODataConnectorProfileCredentials"),
            "sapo_data_connector_profile_credentials"
        );
        assert_eq!(keys_module_name("ConnectorProfile"), "connector_profile");
        assert_eq!(
            type_file_name("SAPODataConnectorProfileCredentials"),
            "sapo_data_connector_profile_credentials.rs"
        );
        assert_eq!(type_module_name("Type"), "r#type");
        assert_eq!(type_file_name("Type"), "type.rs");
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
