//! Validation of typed values and of untrusted JSON: findings with JSON Pointers, codes and
//! messages; the API's constraints on CloudFormation members; unknown keys with suggestions.

use appflow_connector_profile::validation::Code;
use appflow_connector_profile::{api, cfn, Finding, FromJson, Severity, Validate};
use appflow_tests::root;
use serde_json::{json, Value};

fn fixture(dir: &str, name: &str) -> String {
    std::fs::read_to_string(root().join("tests/fixtures").join(dir).join(name)).unwrap()
}

fn render(findings: &[Finding]) -> String {
    findings.iter().map(|f| format!("{f}\n")).collect()
}

#[test]
fn documented_examples_validate_clean() {
    for (name, findings) in [
        (
            "redshift-terraform.cfn.json",
            cfn::ConnectorProfile::from_json_str(&fixture(
                "documented",
                "redshift-terraform.cfn.json",
            ))
            .map(|v| v.warnings),
        ),
        (
            "custom-connector-oauth2-alchemy.cfn.json",
            cfn::ConnectorProfile::from_json_str(&fixture(
                "documented",
                "custom-connector-oauth2-alchemy.cfn.json",
            ))
            .map(|v| v.warnings),
        ),
        (
            "redshift-terraform.api.json",
            api::CreateConnectorProfileRequest::from_json_str(&fixture(
                "documented",
                "redshift-terraform.api.json",
            ))
            .map(|v| v.warnings),
        ),
        (
            "update-salesforce.api.json",
            api::UpdateConnectorProfileRequest::from_json_str(&fixture(
                "documented",
                "update-salesforce.api.json",
            ))
            .map(|v| v.warnings),
        ),
    ] {
        match findings {
            // Alchemy's example labels its connector `Custom API Connector`: CloudFormation's
            // unanchored pattern accepts it, AppFlow (which matches whole values) would not.
            Ok(warnings) if name.contains("alchemy") => assert_eq!(
                render(&warnings),
                "warning pattern-partial /ConnectorLabel: matches the pattern `[\\w!@#.-]+` only in part; AppFlow matches the whole value, so the service may reject it\n"
            ),
            Ok(warnings) => assert!(warnings.is_empty(), "{name}:\n{}", render(&warnings)),
            Err(e) => panic!("{name}:\n{e}"),
        }
    }
}

#[test]
fn the_documented_lower_case_update_example_gets_suggestions() {
    // The API ignores unknown members, so these are warnings; the credentials would be lost.
    let text = fixture("documented", "update-salesforce.as-documented.api.json");
    let findings = match api::UpdateConnectorProfileRequest::from_json_str(&text) {
        Ok(validated) => validated.warnings,
        Err(e) => e.into_findings(),
    };
    assert!(findings
        .iter()
        .any(|f| f.message.contains("did you mean `Salesforce`?")));
    insta::assert_snapshot!(render(&findings));
}

/// Every finding's `suggestion` is the name its message's "did you mean" names, and only such
/// findings have one: tools read the suggestion as data, never out of the message.
fn assert_suggestions_match_messages(findings: &[Finding]) {
    for finding in findings {
        let named = finding.message.rfind("did you mean `").map(|start| {
            let rest = &finding.message[start + "did you mean `".len()..];
            &rest[..rest.find('`').unwrap()]
        });
        assert_eq!(finding.suggestion.as_deref(), named, "{finding}");
    }
}

#[test]
fn suggestions_are_data() {
    let mut doc = base();
    doc["ConnectionMode"] = json!("Publik");
    doc["ConnectorLabell"] = json!("x");
    doc["ConnectorProfileConfig"]["ConnectorProfileCredentials"]["Salesforce"]["AccesToken"] =
        json!("t");
    let findings = match cfn::ConnectorProfile::from_json_str(&doc.to_string()) {
        Ok(v) => v.warnings,
        Err(e) => e.into_findings(),
    };
    let suggested = |code: Code, pointer: &str| {
        findings
            .iter()
            .find(|f| f.code == code && f.pointer == pointer)
            .and_then(|f| f.suggestion.clone())
    };
    assert_eq!(
        suggested(Code::UnknownKey, "/ConnectorLabell").as_deref(),
        Some("ConnectorLabel")
    );
    assert_eq!(
        suggested(
            Code::UnknownKey,
            "/ConnectorProfileConfig/ConnectorProfileCredentials/Salesforce/AccesToken"
        )
        .as_deref(),
        Some("AccessToken")
    );
    assert_eq!(
        suggested(Code::Enum, "/ConnectionMode").as_deref(),
        Some("Public")
    );
    assert_suggestions_match_messages(&findings);
    let text = fixture("documented", "update-salesforce.as-documented.api.json");
    let findings = match api::UpdateConnectorProfileRequest::from_json_str(&text) {
        Ok(validated) => validated.warnings,
        Err(e) => e.into_findings(),
    };
    assert!(findings.iter().any(|f| f.suggestion.is_some()));
    assert_suggestions_match_messages(&findings);
}

fn cfn_findings(properties: Value) -> String {
    match cfn::ConnectorProfile::from_value(properties) {
        Ok(v) => render(&v.warnings),
        Err(e) => render(e.findings()),
    }
}

/// A valid Salesforce profile.
fn base() -> Value {
    json!({
        "ConnectorProfileName": "p", "ConnectionMode": "Public", "ConnectorType": "Salesforce",
        "ConnectorProfileConfig": {
            "ConnectorProfileCredentials": { "Salesforce": { "AccessToken": "t" } },
            "ConnectorProfileProperties": { "Salesforce": { "InstanceUrl": "https://x.example" } }
        }
    })
}

#[test]
fn finding_kinds() {
    let mut doc = base();
    doc["ConnectorProfileName"] = json!("bad name ü".repeat(30));
    doc["ConnectionMode"] = json!("Publik");
    doc["KMSArn"] = json!("arn:aws:kms");
    doc["Extra"] = json!(1);
    doc["ConnectorProfileConfig"] = json!({
        "ConnectorProfileCredentials": { "salesforce": { "AccessToken": "t" } },
        "ConnectorProfileProperties": {
            "Redshift": { "BucketName": "ab", "RoleArn": "arn:aws:iam::1:role/r", "IsRedshiftServerless": "yes" },
            "CustomConnector": { "ProfileProperties": { "bad-key": "" }, "OAuth2Properties": { "OAuth2GrantType": "CLIENT_CREDENTIALS", "TokenUrl": "https://x.example/t" } },
            "SAPOData": { "PortNumber": 70000 },
            "Zendesk": {}
        }
    });
    insta::assert_snapshot!(cfn_findings(doc));
}

#[test]
fn typed_values_report_every_constraint() {
    let profile = cfn::ConnectorProfile::builder()
        .connector_profile_name("a b".repeat(100))
        .connection_mode(cfn::ConnectionMode::from("Hybrid"))
        .connector_type(cfn::ConnectorType::Redshift)
        .connector_profile_config(
            cfn::ConnectorProfileConfig::builder()
                .connector_profile_properties(
                    cfn::ConnectorProfileProperties::builder()
                        .sapo_data(
                            cfn::SAPODataConnectorProfileProperties::builder()
                                .o_auth_properties(
                                    cfn::OAuthProperties::builder()
                                        .o_auth_scopes(vec!["read".to_owned(), "read".to_owned()])
                                        .build(),
                                )
                                .port_number(0u16)
                                .build(),
                        )
                        .build(),
                )
                .build(),
        )
        .build()
        .unwrap();
    let findings = profile.findings();
    insta::assert_snapshot!(render(&findings));
    assert!(profile.validate().is_err());
}

#[test]
fn cloudformation_members_also_meet_the_api_constraints() {
    // CloudFormation allows a ConnectorLabel of one character; the API's pattern needs two.
    let mut doc = base();
    doc["ConnectorType"] = json!("CustomConnector");
    doc["ConnectorLabel"] = json!("a");
    doc["ConnectorProfileConfig"] = json!({
        "ConnectorProfileCredentials": { "CustomConnector": { "AuthenticationType": "APIKEY", "ApiKey": { "ApiKey": "k" } } },
        "ConnectorProfileProperties": { "CustomConnector": {} }
    });
    let findings = cfn_findings(doc);
    assert!(findings.contains("error pattern /ConnectorLabel: must contain a match of the pattern `[a-zA-Z0-9][\\w!@#.-]+` (as the AppFlow API requires of `CreateConnectorProfileRequest.connectorLabel`)"), "{findings}");
    // The API module holds API values to the API model alone.
    let request = api::CreateConnectorProfileRequest::from_value(json!({
        "connectorProfileName": "p", "connectorType": "CustomConnector", "connectionMode": "Public",
        "connectorLabel": "ab", "connectorProfileConfig": { "connectorProfileProperties": {} }
    }));
    assert!(request.is_ok(), "{:?}", request.err());
}

#[test]
fn lengths_count_code_points_and_patterns_are_unanchored_and_ascii() {
    let check = |name: &str| {
        let mut doc = base();
        doc["ConnectorProfileName"] = json!(name);
        cfn_findings(doc)
    };
    let errors = |findings: String| -> String {
        findings
            .lines()
            .filter(|l| l.starts_with("error"))
            .collect()
    };
    assert_eq!(
        errors(check(&format!("{}a", "é".repeat(255)))),
        "",
        "256 code points (511 bytes) fit a maxLength of 256"
    );
    assert!(check(&format!("{}a", "é".repeat(256))).contains("at most 256 characters"));
    // `[\w/!@#+=.-]+` matches part of `a b`: no error, but AppFlow matches whole values.
    assert_eq!(
        check("a b"),
        "warning pattern-partial /ConnectorProfileName: matches the pattern `[\\w/!@#+=.-]+` only in part; AppFlow matches the whole value, so the service may reject it\n"
    );
    assert!(
        check("é ü").contains("error pattern"),
        "\\w is ASCII: no match in `é ü`"
    );
}

#[test]
fn wrong_json_types_and_missing_members_are_findings_not_panics() {
    for doc in [
        json!(null),
        json!([]),
        json!("x"),
        json!({}),
        json!({"ConnectorProfileName": 3, "ConnectionMode": null, "ConnectorType": {}}),
    ] {
        let err = cfn::ConnectorProfile::from_value(doc.clone()).unwrap_err();
        assert!(err.errors().count() > 0, "{doc}");
    }
    let err = cfn::ConnectorProfile::from_json_str("{\"ConnectorProfileName\": ").unwrap_err();
    assert_eq!(err.findings()[0].code, Code::Json);
    assert_eq!(
        err.findings()[0].message,
        "invalid JSON at line 1 column 25: the text ends early"
    );
}

#[test]
fn null_is_absence_for_an_optional_member_and_a_type_error_for_a_required_one() {
    let mut doc = base();
    doc["KMSArn"] = json!(null);
    doc["ConnectorProfileConfig"]["ConnectorProfileCredentials"] = json!(null);
    let validated = cfn::ConnectorProfile::from_value(doc.clone()).unwrap();
    // Absent, so the rule asking a new profile for its connector's credentials warns.
    let warnings: Vec<_> = validated
        .warnings
        .iter()
        .map(|f| (f.pointer.as_str(), f.code.as_str()))
        .collect();
    assert_eq!(
        warnings,
        [(
            "/ConnectorProfileConfig/ConnectorProfileCredentials",
            "create-needs-credentials-variant"
        )]
    );
    assert!(validated.value.kms_arn.is_none());
    let config = validated.value.connector_profile_config.as_ref().unwrap();
    assert!(config.connector_profile_credentials.is_none());
    let typed: cfn::ConnectorProfile = serde_json::from_value(doc).unwrap();
    assert!(typed.kms_arn.is_none());

    let mut doc = base();
    doc["ConnectorProfileName"] = json!(null);
    let err = cfn::ConnectorProfile::from_value(doc).unwrap_err();
    let finding = &err.findings()[0];
    assert_eq!(
        (
            finding.pointer.as_str(),
            finding.code,
            finding.message.as_str()
        ),
        (
            "/ConnectorProfileName",
            Code::Type,
            "must be a string, found null"
        )
    );
}

#[test]
fn warnings_alone_pass() {
    let mut doc = base();
    doc["ConnectorProfileConfig"]["Extra"] = json!(true);
    let validated = cfn::ConnectorProfile::from_value(doc).unwrap();
    assert_eq!(validated.warnings.len(), 1);
    assert_eq!(validated.warnings[0].severity, Severity::Warning);
    assert_eq!(
        validated.warnings[0].pointer,
        "/ConnectorProfileConfig/Extra"
    );
}

fn files(dir: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(root().join("tests/fixtures").join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_connector_has_a_minimal_and_a_maximal_fixture_that_validate_clean() {
    let ir = appflow_tests::lower(&appflow_tests::inputs()).unwrap();
    for (module, dir) in [(&ir.cfn, "connectors/cfn"), (&ir.api, "connectors/api")] {
        let names: Vec<String> = files(dir).into_iter().map(|(n, _)| n).collect();
        let container = module.struct_named("ConnectorProfileCredentials").unwrap();
        for field in &container.fields {
            for size in ["min", "max"] {
                let name = format!("{}.{size}.json", field.wire_name);
                assert!(names.contains(&name), "{dir}/{name} is missing");
            }
        }
    }
    for (name, text) in files("connectors/cfn") {
        match cfn::ConnectorProfile::from_json_str(&text) {
            Ok(v) => assert!(
                v.warnings.is_empty(),
                "cfn/{name}:\n{}",
                render(&v.warnings)
            ),
            Err(e) => panic!("cfn/{name}:\n{e}"),
        }
    }
    for (name, text) in files("connectors/api") {
        match api::CreateConnectorProfileRequest::from_json_str(&text) {
            Ok(v) => assert!(
                v.warnings.is_empty(),
                "api/{name}:\n{}",
                render(&v.warnings)
            ),
            Err(e) => panic!("api/{name}:\n{e}"),
        }
    }
}

#[test]
fn map_keys_and_open_object_keys() {
    let mut doc = base();
    doc["ConnectorType"] = json!("CustomConnector");
    doc["ConnectorLabel"] = json!("my-connector");
    doc["ConnectorProfileConfig"] = json!({
        "ConnectorProfileCredentials": { "CustomConnector": {
            "AuthenticationType": "CUSTOM",
            "Custom": { "CustomAuthenticationType": "t", "CredentialsMap": { "not a key!": "CANARY-KEY-VALUE" } }
        } },
        "ConnectorProfileProperties": { "CustomConnector": { "ProfileProperties": { "bad key": "v" }, "oauth2Properties": {} } }
    });
    let findings = cfn_findings(doc);
    assert!(
        !findings.contains("not a key!"),
        "a secret map's keys are never named: {findings}"
    );
    assert!(!findings.contains("CANARY"), "{findings}");
    insta::assert_snapshot!(findings);
}

/// The `format` findings of `doc` as (pointer, code) pairs, read from JSON and, when it
/// deserializes, validated again as a typed value: both walkers must agree.
fn format_findings<T>(doc: &Value) -> Vec<String>
where
    T: FromJson + Validate + serde::de::DeserializeOwned,
{
    let text = doc.to_string();
    let read: Vec<Finding> = match T::from_json_str(&text) {
        Ok(v) => v.warnings,
        Err(e) => e.findings().to_vec(),
    };
    let formats = |findings: &[Finding]| -> Vec<String> {
        findings
            .iter()
            .filter(|f| f.code == Code::Format)
            .map(|f| {
                assert_eq!(f.severity, Severity::Error);
                f.pointer.clone()
            })
            .collect()
    };
    let from_reader = formats(&read);
    if let Ok(typed) = serde_json::from_str::<T>(&text) {
        assert_eq!(
            formats(&typed.findings()),
            from_reader,
            "typed validation of {text}"
        );
    }
    from_reader
}

/// The schema's `format` values (issue 22): what cfn-lint 1.58.0 fails (E1156, E1157, E1161) is a
/// `format` error here, on the CloudFormation member and on the API member it maps to.
#[test]
fn formats_of_bucket_names_and_arns_are_checked_in_both_schemas() {
    let redshift_cfn = |bucket: &str, role: &str, kms: &str| {
        let mut doc: Value =
            serde_json::from_str(&fixture("connectors/cfn", "Redshift.max.json")).unwrap();
        let props = &mut doc["ConnectorProfileConfig"]["ConnectorProfileProperties"]["Redshift"];
        props["BucketName"] = Value::from(bucket);
        props["RoleArn"] = Value::from(role);
        doc["KMSArn"] = Value::from(kms);
        doc
    };
    let redshift_api = |bucket: &str, role: &str, kms: &str| {
        let mut doc: Value =
            serde_json::from_str(&fixture("connectors/api", "Redshift.max.json")).unwrap();
        let props = &mut doc["connectorProfileConfig"]["connectorProfileProperties"]["Redshift"];
        props["bucketName"] = Value::from(bucket);
        props["roleArn"] = Value::from(role);
        doc["kmsArn"] = Value::from(kms);
        doc
    };
    let good_bucket = "appflow-redshift.staging-2";
    let good_role = "arn:aws:iam::123456789012:role/service-role/AppFlow";
    let good_kms = "arn:aws-us-gov:kms:us-gov-west-1:123456789012:alias/appflow";
    let cfn_bucket = "/ConnectorProfileConfig/ConnectorProfileProperties/Redshift/BucketName";
    let cfn_role = "/ConnectorProfileConfig/ConnectorProfileProperties/Redshift/RoleArn";
    let api_bucket = "/connectorProfileConfig/connectorProfileProperties/Redshift/bucketName";
    let api_role = "/connectorProfileConfig/connectorProfileProperties/Redshift/roleArn";
    assert_eq!(
        format_findings::<cfn::ConnectorProfile>(&redshift_cfn(good_bucket, good_role, good_kms)),
        Vec::<String>::new()
    );
    assert_eq!(
        format_findings::<api::CreateConnectorProfileRequest>(&redshift_api(
            good_bucket,
            good_role,
            good_kms
        )),
        Vec::<String>::new()
    );
    for bucket in [
        "My_AppFlow_Bucket",
        "appflow..bucket",
        "appflow-bucket.",
        "-appflow",
        "appflow.-bucket",
        "appflow-.bucket",
        "ab",
        &"a".repeat(64),
        "appflow bucket",
        "appflow-bucket\n",
    ] {
        assert_eq!(
            format_findings::<cfn::ConnectorProfile>(&redshift_cfn(bucket, good_role, good_kms)),
            [cfn_bucket],
            "{bucket:?}"
        );
        assert_eq!(
            format_findings::<api::CreateConnectorProfileRequest>(&redshift_api(
                bucket, good_role, good_kms
            )),
            [api_bucket],
            "{bucket:?}"
        );
    }
    for role in [
        "arn:aws:iam:us-east-1:123456789012:role/AppFlow",
        "arn:aws:iam::123456789012:user/AppFlow",
        "arn:aws:iam::12345678901:role/AppFlow",
        "arn:aws:iam::123456789012:role/",
        "arn:aws:s3:::123456789012:role/AppFlow",
    ] {
        assert_eq!(
            format_findings::<cfn::ConnectorProfile>(&redshift_cfn(good_bucket, role, good_kms)),
            [cfn_role],
            "{role:?}"
        );
        assert_eq!(
            format_findings::<api::CreateConnectorProfileRequest>(&redshift_api(
                good_bucket,
                role,
                good_kms
            )),
            [api_role],
            "{role:?}"
        );
    }
    for kms in [
        "arn:aws:kms::123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "arn:aws:kms:us-east-1:12345678901:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "arn:aws:kms:us-east-1:123456789012:secret/1234abcd-12ab-34cd-56ef",
        "arn:aws:kms:US-EAST-1:123456789012:key/1234abcd-12ab-34cd-56ef",
        "alias/appflow-salesforce",
    ] {
        assert_eq!(
            format_findings::<cfn::ConnectorProfile>(&redshift_cfn(good_bucket, good_role, kms)),
            ["/KMSArn"],
            "{kms:?}"
        );
        assert_eq!(
            format_findings::<api::CreateConnectorProfileRequest>(&redshift_api(
                good_bucket,
                good_role,
                kms
            )),
            ["/kmsArn"],
            "{kms:?}"
        );
    }
    // The message names the format and its rule, not the value.
    let doc = redshift_cfn("My_AppFlow_Bucket", good_role, good_kms);
    let findings = cfn_findings(doc);
    assert!(
        findings.contains(&format!(
            "error format {cfn_bucket}: is not a valid `AWS::S3::Bucket.Name`: an S3 bucket name: 3 to 63 lower-case letters"
        )),
        "{findings}"
    );
    assert!(!findings.contains("My_AppFlow_Bucket"), "{findings}");
}

/// The reader judges an enum value unknown by the variant its `From<&str>` makes
/// (`read::read_enum`), not by a scan of `values()`: the two must agree for every enum, on every
/// listed value and on values that are not listed (another case, a blank, the empty string).
#[test]
fn an_enum_value_is_unknown_exactly_when_it_is_not_listed() {
    macro_rules! check {
        ($($t:ty),*) => {$(
            for &value in <$t>::values() {
                let parsed = <$t>::from(value);
                assert!(!parsed.is_unknown(), "{value}");
                assert_eq!(parsed.as_str(), value);
                let other = value.to_ascii_lowercase();
                if !<$t>::values().contains(&other.as_str()) {
                    assert!(<$t>::from(other.as_str()).is_unknown(), "{other}");
                }
                assert!(<$t>::from(format!("{value} ").as_str()).is_unknown());
            }
            assert!(<$t>::from("").is_unknown());
        )*};
    }
    check!(
        cfn::ConnectorType,
        cfn::ConnectionMode,
        cfn::AuthenticationType,
        cfn::OAuth2GrantType,
        api::ConnectorType,
        api::ConnectionMode,
        api::AuthenticationType,
        api::OAuth2GrantType,
        api::PrivateConnectionProvisioningStatus,
        api::PrivateConnectionProvisioningFailureCause
    );
}

/// A caller's own tree ([`JsonTree`]): strings borrowed, objects as member vectors in order.
#[derive(Debug, PartialEq)]
enum Borrowed<'a> {
    Null,
    Bool(bool),
    Number(&'a serde_json::Number),
    String(&'a str),
    Array(Vec<Borrowed<'a>>),
    Object(Vec<(&'a str, Borrowed<'a>)>),
}

impl<'a> Borrowed<'a> {
    fn of(value: &'a Value) -> Self {
        match value {
            Value::Null => Borrowed::Null,
            Value::Bool(b) => Borrowed::Bool(*b),
            Value::Number(n) => Borrowed::Number(n),
            Value::String(s) => Borrowed::String(s),
            Value::Array(items) => Borrowed::Array(items.iter().map(Borrowed::of).collect()),
            Value::Object(members) => Borrowed::Object(
                members
                    .iter()
                    .map(|(k, v)| (k.as_str(), Borrowed::of(v)))
                    .collect(),
            ),
        }
    }
}

type BorrowedMember<'t, 'a> = fn(&'t (&'a str, Borrowed<'a>)) -> (&'t str, &'t Borrowed<'a>);

fn borrowed_member<'t, 'a>(
    (key, value): &'t (&'a str, Borrowed<'a>),
) -> (&'t str, &'t Borrowed<'a>) {
    (key, value)
}

impl<'a> appflow_connector_profile::validation::JsonTree for Borrowed<'a> {
    type Members<'t>
        = std::iter::Map<std::slice::Iter<'t, (&'a str, Borrowed<'a>)>, BorrowedMember<'t, 'a>>
    where
        Self: 't;

    fn shape(&self) -> appflow_connector_profile::validation::Shape<'_, Self> {
        use appflow_connector_profile::validation::Shape;
        match self {
            Borrowed::Null => Shape::Null,
            Borrowed::Bool(b) => Shape::Bool(*b),
            Borrowed::Number(n) => Shape::Number(n),
            Borrowed::String(s) => Shape::String(s),
            Borrowed::Array(items) => Shape::Array(items),
            Borrowed::Object(members) => {
                Shape::Object(members.iter().map(borrowed_member as BorrowedMember))
            }
        }
    }
}

/// `from_tree` on a caller's own tree reads what `from_value_ref` reads on the `Value` of the
/// same JSON: the same findings in the same order and the same typed value (undeclared members of
/// open objects kept as values), nesting refused at the same depth; `secret_members` finds the
/// same members. Every connector and rule fixture, and a document of each finding kind.
#[test]
fn a_callers_tree_reads_as_its_value_does() {
    use appflow_connector_profile::lifecycle::secret_members;
    use appflow_connector_profile::validation::{JsonTree, MAX_DEPTH};
    fn same<T: FromJson + std::fmt::Debug>(value: &Value, what: &str) {
        let tree = Borrowed::of(value);
        let shown = |read: Result<
            appflow_connector_profile::Validated<T>,
            appflow_connector_profile::ValidationErrors,
        >| match read {
            Ok(validated) => format!("{:?}\n{}", validated.value, render(&validated.warnings)),
            Err(errors) => format!("errors\n{}", render(&errors.into_findings())),
        };
        assert_eq!(
            shown(T::from_tree(&tree)),
            shown(T::from_value_ref(value)),
            "{what}"
        );
    }
    let mut documents: Vec<(String, Value)> = Vec::new();
    for dir in ["connectors/cfn", "connectors/api", "rules"] {
        for (name, text) in files(dir) {
            documents.push((
                format!("{dir}/{name}"),
                serde_json::from_str(&text).unwrap(),
            ));
        }
    }
    assert!(documents.len() > 60, "{}", documents.len());
    documents.push((
        "every kind of finding".to_owned(),
        json!({"ConnectorProfileName": "bad name!", "ConnectorType": 7, "ConnectionMode": null,
            "Unknwon": {"deep": [1, {"x": null}]}, "ConnectorProfileConfig": {
            "ConnectorProfileProperties": {"CustomConnector": {"ProfileProperties": {"k": "v", "n": null}}},
            "ConnectorProfileCredentials": {"Salesforce": {"AccessToken": {"nested": "x"}, "Mystery~/Key": "y"}}}}),
    ));
    for (name, value) in &documents {
        same::<cfn::ConnectorProfile>(value, name);
        same::<api::CreateConnectorProfileRequest>(value, name);
        let tree = Borrowed::of(value);
        let in_tree: Vec<(String, Value, bool)> = secret_members(&tree)
            .into_iter()
            .map(|m| (m.pointer, m.value.to_value(), m.reference))
            .collect();
        let in_value: Vec<(String, Value, bool)> = secret_members(value)
            .into_iter()
            .map(|m| (m.pointer, m.value.clone(), m.reference))
            .collect();
        assert_eq!(in_tree, in_value, "{name}");
    }
    // Nesting: MAX_DEPTH - 1 levels read, MAX_DEPTH refused with the same finding.
    for levels in [MAX_DEPTH - 1, MAX_DEPTH] {
        let mut deep = json!({});
        for _ in 0..levels - 1 {
            deep = json!({ "Unknown": deep });
        }
        same::<cfn::ConnectorProfile>(&deep, &format!("{levels} levels"));
        let limited = cfn::ConnectorProfile::from_tree(&Borrowed::of(&deep))
            .err()
            .is_some_and(|e| e.into_findings().iter().any(|f| f.code == Code::Limit));
        assert_eq!(limited, levels == MAX_DEPTH, "{levels} levels");
    }
}

/// The depth is checked as a tree is read: wherever the nesting is (below a key skipped, a
/// member kept as a value, a value of the wrong type, an array where an object belongs, the
/// values of a map, the items of a list), `from_tree` refuses exactly what the walk before
/// reading (`check_depth`) refuses, with its finding alone, and reads the rest.
#[test]
fn a_tree_is_refused_for_its_depth_where_the_walk_refuses_it() {
    use appflow_connector_profile::validation::{check_depth, MAX_DEPTH};
    fn depth(value: &Value) -> usize {
        match value {
            Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
            Value::Object(members) => 1 + members.values().map(depth).max().unwrap_or(0),
            _ => 0,
        }
    }
    /// A document with the nested value at a place, and what the place is.
    type Place = (&'static str, fn(Value) -> Value);
    let places: Vec<Place> = vec![
        (
            "an unknown key",
            |deep| json!({"ConnectorType": "Salesforce", "Unknown": deep}),
        ),
        ("a kept member", |deep| {
            json!({"ConnectorProfileConfig": {"ConnectorProfileCredentials": {"Snowflake": {
                "Username": "u", "Password": "p", "Extra": deep}}}})
        }),
        (
            "a string member",
            |deep| json!({"ConnectorProfileName": deep}),
        ),
        ("an enum member", |deep| json!({"ConnectorType": [deep]})),
        (
            "an array for an object",
            |deep| json!({"ConnectorProfileConfig": [1, deep]}),
        ),
        ("a map's value", |deep| {
            json!({"ConnectorProfileConfig": {"ConnectorProfileProperties": {"CustomConnector": {
                "ProfileProperties": {"k": deep}}}}})
        }),
        ("a list's item", |deep| {
            json!({"ConnectorProfileConfig": {"ConnectorProfileProperties": {"SAPOData": {
                "OAuthProperties": {"OAuthScopes": ["s", deep]}}}}})
        }),
        ("the root", |deep| deep),
    ];
    let mut refused = 0;
    for (place, at) in places {
        let outside = depth(&at(json!(null)));
        for total in [MAX_DEPTH - 2, MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1] {
            for item in [json!({}), json!([])] {
                let mut deep = item.clone();
                for level in 1..total - outside {
                    deep = if level % 2 == 0 {
                        json!([deep])
                    } else {
                        json!({ "k": deep })
                    };
                }
                let document = at(deep);
                assert_eq!(depth(&document), total, "{place}");
                let what = format!("{place}, {total} levels");
                let found = |read: Result<
                    appflow_connector_profile::Validated<cfn::ConnectorProfile>,
                    appflow_connector_profile::ValidationErrors,
                >| match read {
                    Ok(validated) => validated.warnings,
                    Err(errors) => errors.into_findings(),
                };
                let findings = found(cfn::ConnectorProfile::from_tree(&document));
                match check_depth(&document) {
                    Some(finding) => {
                        assert_eq!(render(&findings), render(&[finding]), "{what}");
                        refused += 1;
                    }
                    None => assert!(
                        findings.iter().all(|f| f.code != Code::Limit) && !findings.is_empty(),
                        "{what}: {}",
                        render(&findings)
                    ),
                }
                assert_eq!(
                    total >= MAX_DEPTH,
                    check_depth(&document).is_some(),
                    "{what}"
                );
            }
        }
    }
    assert_eq!(refused, 8 * 2 * 2);
}
