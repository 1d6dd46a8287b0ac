//! Hostile input: secrets under unknown keys never reach `Debug` or findings, echoed text is
//! bounded and escaped, cost stays near-linear, depth and size are limited, integers and
//! timestamps take every value the wire can carry without panicking, and responses stay readable
//! when the service knows more than this crate.

use appflow_connector_profile::validation::Code;
use appflow_connector_profile::{api, cfn, Finding, FromJson, Severity, Timestamp, Validate};
use serde_json::{json, Value};

const CANARY: &str = "TOKEN_CANARY_7f3a9c";

/// A valid Salesforce profile.
fn cfn_base() -> Value {
    json!({
        "ConnectorProfileName": "p", "ConnectionMode": "Public", "ConnectorType": "Salesforce",
        "ConnectorProfileConfig": {
            "ConnectorProfileCredentials": { "Salesforce": { "AccessToken": "t" } },
            "ConnectorProfileProperties": { "Salesforce": { "InstanceUrl": "https://x.example" } }
        }
    })
}

fn api_base() -> Value {
    json!({
        "connectorProfileName": "p", "connectionMode": "Public", "connectorType": "Salesforce",
        "connectorProfileConfig": {
            "connectorProfileCredentials": { "Salesforce": { "accessToken": "t" } },
            "connectorProfileProperties": { "Salesforce": { "instanceUrl": "https://x.example" } }
        }
    })
}

/// Every finding, whether the document passed or not.
fn findings<T: FromJson>(value: Value) -> Vec<Finding> {
    match T::from_value(value) {
        Ok(validated) => validated.warnings,
        Err(errors) => errors.into_findings(),
    }
}

fn findings_str<T: FromJson>(text: &str) -> Vec<Finding> {
    match T::from_json_str(text) {
        Ok(validated) => validated.warnings,
        Err(errors) => errors.into_findings(),
    }
}

fn render(findings: &[Finding]) -> String {
    findings.iter().map(|f| format!("{f}\n")).collect()
}

/// Canaries as unknown keys and under unknown keys, at several depths of the CloudFormation
/// properties (the root itself is closed).
fn cfn_with_canaries() -> Value {
    let mut doc = cfn_base();
    let config = &mut doc["ConnectorProfileConfig"];
    config[format!("AccessToken:{CANARY}1")] = Value::Null;
    config["Accesstoken"] = json!(format!("{CANARY}2"));
    let credentials = &mut config["ConnectorProfileCredentials"];
    credentials["salesforce"] = json!({ "AccessToken": format!("{CANARY}3") });
    credentials[format!("{CANARY}4")] = json!(1);
    let salesforce = &mut credentials["Salesforce"];
    salesforce["Accesstoken"] = json!(format!("{CANARY}5"));
    salesforce[format!("RefreshToken:{CANARY}6")] = Value::Null;
    salesforce["ConnectorOAuthRequest"] = json!({
        "AuthCode": "c",
        "Authcode2": format!("{CANARY}7"),
        format!("{CANARY}8"): [format!("{CANARY}9")],
    });
    doc
}

fn api_with_canaries() -> Value {
    let mut doc = api_base();
    doc["accesstoken"] = json!(format!("{CANARY}1"));
    let config = &mut doc["connectorProfileConfig"];
    config[format!("accessToken:{CANARY}2")] = Value::Null;
    let credentials = &mut config["connectorProfileCredentials"];
    credentials["salesforce"] = json!({ "accessToken": format!("{CANARY}3") });
    credentials["Salesforce"]["accesstoken"] = json!(format!("{CANARY}4"));
    credentials["Salesforce"]["oAuthRequest"] =
        json!({ "authCode": "c", format!("{CANARY}5"): format!("{CANARY}6") });
    doc
}

#[test]
fn unknown_members_never_reach_debug() {
    let resource: cfn::ConnectorProfile =
        serde_json::from_value(cfn_with_canaries()).expect("open objects keep unknown keys");
    let credentials = resource
        .connector_profile_config
        .as_ref()
        .and_then(|c| c.connector_profile_credentials.as_ref())
        .expect("credentials");
    assert_eq!(
        credentials.additional_properties.len(),
        2,
        "the keys are kept"
    );
    let debug = format!("{resource:?} {resource:#?}");
    assert!(!debug.contains(CANARY), "{debug}");
    assert!(
        debug.contains("UnknownMembers(2 keys, values redacted)"),
        "{debug}"
    );
    // Round trips are unchanged.
    assert_eq!(
        serde_json::to_value(&resource).unwrap(),
        cfn_with_canaries(),
        "a round trip keeps every unknown member"
    );

    let request: api::CreateConnectorProfileRequest =
        serde_json::from_value(api_with_canaries()).expect("the API ignores unknown members");
    let debug = format!("{request:?} {request:#?}");
    assert!(!debug.contains(CANARY), "{debug}");

    // Builders too.
    let builder = cfn::ConnectorProfileCredentials::builder()
        .additional_property(format!("AccessToken:{CANARY}"), json!(CANARY))
        .additional_property("misplaced_block", json!({ "AccessToken": CANARY }));
    let debug = format!("{builder:?} {builder:#?}");
    assert!(!debug.contains(CANARY), "{debug}");
    assert!(
        !debug.contains("misplaced_block"),
        "keys are not shown either: {debug}"
    );
    let built = builder.build();
    assert!(!format!("{built:?}").contains(CANARY));
    assert_eq!(built.additional_properties.len(), 2);
}

fn assert_no_canary(what: &str, findings: &[Finding]) {
    for f in findings {
        assert!(
            !f.message.contains(CANARY) && !f.pointer.contains(CANARY),
            "{what}: {f}"
        );
    }
}

#[test]
fn unknown_keys_under_credentials_are_masked_in_findings() {
    // Outside credentials objects, unknown keys are echoed (bounded and escaped).
    let cfn = findings::<cfn::ConnectorProfile>(cfn_with_canaries());
    assert!(
        cfn.iter().any(
            |f| f.pointer == format!("/ConnectorProfileConfig/AccessToken:{CANARY}1")
                && f.message == format!("unknown key `AccessToken:{CANARY}1`: it is ignored")
        ),
        "{}",
        render(&cfn)
    );
    let mut doc = cfn_with_canaries();
    let config = doc["ConnectorProfileConfig"].as_object_mut().unwrap();
    config.remove(&format!("AccessToken:{CANARY}1"));
    config.remove("Accesstoken");
    let cfn = findings::<cfn::ConnectorProfile>(doc);
    assert_no_canary("cfn", &cfn);
    assert!(
        cfn.iter().any(|f| f.code == Code::UnknownKey),
        "{}",
        render(&cfn)
    );
    // Keys close to a known name cannot hide a secret and are shown as they are.
    assert!(
        cfn.iter().any(|f| f.pointer
            == "/ConnectorProfileConfig/ConnectorProfileCredentials/salesforce"
            && f.message.contains("did you mean `Salesforce`?")),
        "{}",
        render(&cfn)
    );
    let mut doc = api_with_canaries();
    doc.as_object_mut().unwrap().remove("accesstoken");
    let config = doc["connectorProfileConfig"].as_object_mut().unwrap();
    config.remove(&format!("accessToken:{CANARY}2"));
    let api = findings::<api::CreateConnectorProfileRequest>(doc);
    assert_no_canary("api", &api);
    assert!(
        api.iter().any(|f| f.code == Code::UnknownKey),
        "{}",
        render(&api)
    );

    // The same through the deep walk of a document that cannot be deserialized.
    let mut broken = cfn_with_canaries();
    let config = broken["ConnectorProfileConfig"].as_object_mut().unwrap();
    config.remove(&format!("AccessToken:{CANARY}1"));
    config.remove("Accesstoken");
    broken["ConnectorProfileName"] = json!(1);
    let cfn = findings::<cfn::ConnectorProfile>(broken);
    assert!(cfn.iter().any(|f| f.code == Code::Type), "{}", render(&cfn));
    assert!(
        cfn.iter().any(|f| f.code == Code::UnknownKey),
        "{}",
        render(&cfn)
    );
    assert_no_canary("cfn, deep walk", &cfn);

    // Enum values in credentials objects are masked too.
    let mut doc = cfn_base();
    doc["ConnectorProfileConfig"]["ConnectorProfileCredentials"]["Salesforce"]["OAuth2GrantType"] =
        json!(CANARY);
    let cfn = findings::<cfn::ConnectorProfile>(doc);
    assert!(cfn.iter().any(|f| f.code == Code::Enum), "{}", render(&cfn));
    assert_no_canary("cfn enum", &cfn);
    let mut doc = api_base();
    doc["connectorProfileConfig"]["connectorProfileCredentials"]["Salesforce"]["oAuth2GrantType"] =
        json!(CANARY);
    let api = findings::<api::CreateConnectorProfileRequest>(doc);
    assert!(api.iter().any(|f| f.code == Code::Enum), "{}", render(&api));
    assert_no_canary("api enum", &api);
}

/// A finding's size as a person or a log sees it.
fn size(f: &Finding) -> usize {
    f.message.len() + f.pointer.len()
}

#[test]
fn a_ten_megabyte_key_or_enum_value_gives_a_short_finding() {
    let huge = "k".repeat(10 << 20);
    let mut doc = cfn_base();
    doc["ConnectorProfileConfig"]["ConnectorProfileProperties"][huge.as_str()] = json!(1);
    doc["ConnectorProfileConfig"]["ConnectorProfileCredentials"][huge.as_str()] = json!(1);
    doc["ConnectionMode"] = json!(huge);
    let all = findings::<cfn::ConnectorProfile>(doc);
    assert_eq!(
        all.iter()
            .filter(|f| f.code == Code::UnknownKey || f.code == Code::Enum)
            .count(),
        3,
        "{}",
        all.iter()
            .map(|f| f.code.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    );
    for f in &all {
        assert!(
            size(f) < 300,
            "{} bytes: {}",
            size(f),
            &f.to_string()[..300]
        );
    }

    let mut doc = api_base();
    doc["connectionMode"] = json!(huge);
    doc[huge.as_str()] = json!(1);
    for f in &findings::<api::CreateConnectorProfileRequest>(doc) {
        assert!(
            size(f) < 300,
            "{} bytes: {}",
            size(f),
            &f.to_string()[..300]
        );
    }
}

#[test]
fn control_characters_never_appear_raw_in_a_finding() {
    let nasty = [
        "\x1b[2J",
        "\n0 error(s)",
        "a\rb",
        "\u{202e}evil",
        "\u{200b}",
        "\u{85}",
    ];
    for text in nasty {
        let mut doc = cfn_base();
        doc["ConnectionMode"] = json!(text);
        doc["ConnectorProfileConfig"]["ConnectorProfileProperties"][text] = json!(1);
        doc["ConnectorProfileConfig"]["ConnectorProfileCredentials"]["Salesforce"]
            ["OAuth2GrantType"] = json!(text);
        let all = findings::<cfn::ConnectorProfile>(doc);
        assert!(all.len() >= 3, "{}", render(&all));
        for f in &all {
            let shown = f.to_string();
            assert!(
                !shown.chars().any(|c| c.is_control()
                    || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}')),
                "{shown:?}"
            );
        }
    }
}

#[test]
/// Its cost against a JSON parse of the same text is measured in `benches/hostile.rs`.
fn a_megabyte_enum_value_is_reported_in_a_short_message() {
    let mut doc = api_base();
    doc["connectorType"] = json!("Salesforcf".repeat(100_000));
    let all = findings::<api::CreateConnectorProfileRequest>(doc);
    let found = all
        .iter()
        .find(|f| f.code == Code::Enum)
        .expect("an enum finding");
    assert!(found.message.len() < 400, "{} bytes", found.message.len());
    assert!(found.message.contains("…(1000000 chars)"), "{found}");
}

#[test]
/// Its cost is measured in `benches/hostile.rs`.
fn unique_items_among_fifty_thousand_names_the_repeat() {
    let mut scopes: Vec<String> = (0..50_000).map(|i| format!("scope{i}")).collect();
    scopes.push("scope7".to_owned());
    let oauth = json!({ "AuthCodeUrl": "https://x.example/a", "TokenUrl": "https://x.example/t", "OAuthScopes": scopes });
    let value: cfn::OAuthProperties = serde_json::from_value(oauth).unwrap();
    let found = value.findings();
    let unique: Vec<&Finding> = found.iter().filter(|f| f.code == Code::Unique).collect();
    assert_eq!(unique.len(), 1, "{}", render(&found));
    assert_eq!(
        unique[0].message,
        "items must be unique; item 50000 repeats item 7"
    );
}

/// `depth` arrays (or objects) nested inside each other, built and checked without recursion.
fn nested(depth: usize, objects: bool) -> Value {
    let mut value = json!(1);
    for _ in 0..depth {
        value = if objects {
            // Not `json!`, which would copy `value` recursively.
            Value::Object(serde_json::Map::from_iter([("a".to_owned(), value)]))
        } else {
            Value::Array(vec![value])
        };
    }
    value
}

#[test]
fn a_hundred_thousand_levels_deep_value_is_a_limit_finding_not_a_stack_overflow() {
    for objects in [false, true] {
        // Under an unknown key of an open object, where nothing else would look.
        let mut doc = cfn_base();
        doc["ConnectorProfileConfig"]["Deep"] = nested(100_000, objects);
        let all = findings::<cfn::ConnectorProfile>(doc);
        assert!(
            all.iter().any(|f| f.code == Code::Limit),
            "{}",
            render(&all)
        );
        // As a whole document, of every root type.
        let deep = nested(100_000, objects);
        let all = findings::<api::DescribeConnectorProfilesResponse>(deep);
        assert!(
            all.iter().any(|f| f.code == Code::Limit),
            "{}",
            render(&all)
        );
    }
}

#[test]
fn whole_numbers_in_any_notation_are_integers() {
    for port in [json!(443), json!(443.0), json!(4.43e2), json!(1.0)] {
        let mut doc = cfn_base();
        doc["ConnectorProfileConfig"]["ConnectorProfileProperties"] = json!({
            "SAPOData": { "ApplicationHostUrl": "https://x.example", "ApplicationServicePath": "/s", "PortNumber": port, "ClientNumber": "010", "LogonLanguage": "EN" }
        });
        doc["ConnectorType"] = json!("SAPOData");
        doc["ConnectorProfileConfig"]["ConnectorProfileCredentials"] =
            json!({ "SAPOData": { "BasicAuthCredentials": { "Username": "u", "Password": "p" } } });
        let resource = cfn::ConnectorProfile::from_value(doc.clone())
            .unwrap_or_else(|e| panic!("{port}: {e}"));
        let sap = resource
            .value
            .connector_profile_config
            .unwrap()
            .connector_profile_properties
            .unwrap()
            .sapo_data
            .unwrap();
        assert_eq!(
            sap.port_number,
            Some(port.as_f64().unwrap() as u16),
            "{port}"
        );
    }
    let text = r#"{"maxResults": 1e2}"#;
    let request = api::DescribeConnectorProfilesRequest::from_json_str(text).unwrap();
    assert_eq!(request.value.max_results, Some(100));
    // `-0` is a whole number too: below the schema's minimum of 1 here, so a range finding (not
    // "type"), and it deserializes.
    let text = r#"{"maxResults": -0}"#;
    let all = findings_str::<api::DescribeConnectorProfilesRequest>(text);
    assert_eq!(all.len(), 1, "{}", render(&all));
    assert_eq!(
        (all[0].code.as_str(), all[0].message.as_str()),
        ("range", "must be at least 1; it is 0")
    );
    let request: api::DescribeConnectorProfilesRequest = serde_json::from_str(text).unwrap();
    assert_eq!(request.max_results, Some(0));
    let properties: api::SAPODataConnectorProfileProperties = serde_json::from_value(
        json!({ "applicationHostUrl": "h", "applicationServicePath": "/s", "portNumber": -0.0, "clientNumber": "010" }),
    )
    .unwrap();
    assert_eq!(properties.port_number, 0);
}

#[test]
fn numbers_beyond_an_integer_type_are_range_findings() {
    for (text, bound) in [
        ("18446744073709551616", "at most 65535"),
        ("-9223372036854775809", "at least 1"),
        ("1e300", "at most 65535"),
        ("70000", "at most 65535"),
        ("-1.0", "at least 1"),
    ] {
        let doc = format!(
            r#"{{"connectorProfileName":"p","connectionMode":"Public","connectorType":"SAPOData","connectorProfileConfig":{{"connectorProfileProperties":{{"SAPOData":{{"applicationHostUrl":"https://x.example","applicationServicePath":"/s","portNumber":{text},"clientNumber":"010"}}}}}}}}"#
        );
        let all = findings_str::<api::CreateConnectorProfileRequest>(&doc);
        let port: Vec<&Finding> = all
            .iter()
            .filter(|f| f.pointer.ends_with("/portNumber"))
            .collect();
        assert_eq!(port.len(), 1, "{text}: {}", render(&all));
        assert_eq!(port[0].code, Code::Range, "{text}: {}", port[0]);
        assert!(port[0].message.contains(bound), "{text}: {}", port[0]);
    }
    let all = findings_str::<api::DescribeConnectorProfilesRequest>(r#"{"maxResults": 1.5}"#);
    assert_eq!(all.len(), 1, "{}", render(&all));
    assert_eq!(all[0].code, Code::Type);
    assert_eq!(all[0].message, "must be a whole number");
    // Beyond f64: serde_json cannot read it at all.
    let all = findings_str::<api::DescribeConnectorProfilesRequest>("{\"maxResults\":\n 1e400}");
    assert_eq!(all.len(), 1, "{}", render(&all));
    assert_eq!(all[0].code, Code::Range, "{}", all[0]);
    assert!(all[0].message.contains("line 2 column"), "{}", all[0]);
}

/// A DescribeConnectorProfiles response as the service sends it, with a connector type newer
/// than this crate.
fn describe_response() -> &'static str {
    r#"{
      "connectorProfileDetails": [
        {
          "connectorProfileArn": "arn:aws:appflow:us-east-1:123456789012:connectorprofile/sf",
          "connectorProfileName": "sf",
          "connectorType": "Salesforce",
          "connectionMode": "Public",
          "credentialsArn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:appflow!sf",
          "connectorProfileProperties": { "Salesforce": { "instanceUrl": "https://x.my.salesforce.com", "isSandboxEnvironment": false } },
          "createdAt": 1700000000.123,
          "lastUpdatedAt": 1700000100
        },
        {
          "connectorProfileArn": "arn:aws:appflow:us-east-1:123456789012:connectorprofile/future",
          "connectorProfileName": "future",
          "connectorType": "QuantumCRM",
          "connectionMode": "Public",
          "connectorProfileProperties": {},
          "createdAt": 1700000200
        }
      ],
      "nextToken": "t"
    }"#
}

#[test]
fn responses_keep_enum_values_the_model_does_not_list() {
    let validated = api::DescribeConnectorProfilesResponse::from_json_str(describe_response())
        .unwrap_or_else(|e| panic!("{e}"));
    let details = validated.value.connector_profile_details.as_ref().unwrap();
    assert_eq!(
        details[1].connector_type,
        Some(api::ConnectorType::from("QuantumCRM"))
    );
    assert!(details[1].connector_type.as_ref().unwrap().is_unknown());
    assert_eq!(
        validated.warnings.len(),
        1,
        "{}",
        render(&validated.warnings)
    );
    let warning = &validated.warnings[0];
    assert_eq!(
        (
            warning.code.as_str(),
            warning.severity,
            warning.pointer.as_str()
        ),
        (
            "enum",
            Severity::Warning,
            "/connectorProfileDetails/1/connectorType"
        )
    );
    assert!(warning.message.contains("kept as `Unknown`"), "{warning}");
    // The same value in a request is an error.
    let mut doc = api_base();
    doc["connectorType"] = json!("QuantumCRM");
    let all = findings::<api::CreateConnectorProfileRequest>(doc);
    assert!(
        all.iter()
            .any(|f| f.code == Code::Enum && f.severity == Severity::Error),
        "{}",
        render(&all)
    );
}

#[test]
fn timestamps_never_panic_and_print_exactly() {
    use std::time::{Duration, UNIX_EPOCH};
    for (seconds, text) in [
        (i64::MAX, "292277026596-12-04T15:30:07Z"),
        (i64::MIN, "-292277022657-01-27T08:29:52Z"),
        (-1, "1969-12-31T23:59:59Z"),
        (0, "1970-01-01T00:00:00Z"),
    ] {
        let t = Timestamp::from_secs(seconds);
        assert_eq!(t.to_string(), text);
        assert_eq!(serde_json::to_string(&t).unwrap(), seconds.to_string());
        // No panic, whatever the platform's `SystemTime` can hold.
        if let Some(time) = t.to_system_time() {
            assert_eq!(Timestamp::from(time), t);
        }
    }
    assert_eq!(Timestamp::from_secs(0).to_system_time(), Some(UNIX_EPOCH));
    assert_eq!(
        Timestamp::from(UNIX_EPOCH - Duration::from_millis(1500)).to_string(),
        "1969-12-31T23:59:58.5Z"
    );
    for (json, text) in [
        ("1700000000.123", "2023-11-14T22:13:20.123Z"),
        ("9e15", "285200616-07-24T16:00:00Z"),
        ("-9e15", "-285196677-06-10T08:00:00Z"),
        ("9000000000000000.0", "285200616-07-24T16:00:00Z"),
        ("-1.5", "1969-12-31T23:59:58.5Z"),
        ("-0.5", "1969-12-31T23:59:59.5Z"),
        ("-0.000000001", "1969-12-31T23:59:59.999999999Z"),
        ("0.1", "1970-01-01T00:00:00.1Z"),
    ] {
        let t: Timestamp = serde_json::from_str(json).unwrap();
        assert_eq!(t.to_string(), text, "{json}");
        let written = serde_json::to_string(&t).unwrap();
        let back: Timestamp = serde_json::from_str(&written).unwrap();
        assert_eq!(back, t, "{json} is written as {written}");
        assert_eq!(
            serde_json::from_str::<f64>(&written).unwrap(),
            serde_json::from_str::<f64>(json).unwrap(),
            "{json} is written as {written}"
        );
        let _ = t.to_system_time();
    }
    // Beyond the nanosecond: rounded half up, carrying into the second.
    for (json, text) in [
        ("1.0000000005", "1970-01-01T00:00:01.000000001Z"),
        ("0.9999999999", "1970-01-01T00:00:01Z"),
        ("-0.0000000004", "1970-01-01T00:00:00Z"),
    ] {
        let t: Timestamp = serde_json::from_str(json).unwrap();
        assert_eq!(t.to_string(), text, "{json}");
    }
    // The same f64 text back, not its binary neighbour.
    let t: Timestamp = serde_json::from_str("1700000000.123").unwrap();
    assert_eq!(serde_json::to_string(&t).unwrap(), "1700000000.123");
    assert_eq!(t.subsec_nanos(), 123_000_000);
    for beyond in [9.0e15 + 2.0, -9.0e15 - 2.0, f64::NAN, f64::INFINITY] {
        assert_eq!(Timestamp::from_secs_f64(beyond), None, "{beyond}");
    }
    // Out of range on the wire: a finding at the member, not a failed document.
    let text = r#"{"connectorProfileDetails": [{"createdAt": 1e300}]}"#;
    let all = findings_str::<api::DescribeConnectorProfilesResponse>(text);
    assert_eq!(all.len(), 1, "{}", render(&all));
    assert_eq!(
        (all[0].code.as_str(), all[0].pointer.as_str()),
        ("range", "/connectorProfileDetails/0/createdAt")
    );
    // The AWS CLI v2's rendering is read as the instant it names; a string that is no date-time
    // with an offset is a `type` finding at the member, echoed bounded.
    let text = r#"{"connectorProfileDetails": [{"createdAt": "2023-11-14T22:13:20.123000+00:00", "lastUpdatedAt": "2023-11-14T22:13:20"}]}"#;
    let all = findings_str::<api::DescribeConnectorProfilesResponse>(text);
    assert_eq!(all.len(), 1, "{}", render(&all));
    assert_eq!(
        (all[0].code.as_str(), all[0].pointer.as_str()),
        ("type", "/connectorProfileDetails/0/lastUpdatedAt")
    );
    assert!(all[0].message.contains("ISO 8601"), "{}", all[0].message);
    let read: api::DescribeConnectorProfilesResponse = serde_json::from_str(
        r#"{"connectorProfileDetails": [{"createdAt": "2023-11-14T22:13:20.123000+00:00"}]}"#,
    )
    .unwrap();
    let created = read.connector_profile_details.unwrap()[0]
        .created_at
        .unwrap();
    assert_eq!(
        (created.secs(), created.subsec_nanos()),
        (1_700_000_000, 123_000_000)
    );
    let long = format!(
        r#"{{"connectorProfileDetails": [{{"createdAt": "{}"}}]}}"#,
        "9".repeat(10_000)
    );
    let all = findings_str::<api::DescribeConnectorProfilesResponse>(&long);
    assert!(all[0].message.len() < 400, "{}", all[0].message);
}

#[test]
fn credentials_objects_and_senders_are_derived_in_lowering() {
    use codegen::ir::{Module, Secrecy, Sender, TypeDef};
    let ir = appflow_tests::lower(&appflow_tests::inputs()).expect("the schemas lower");
    let marked = |module: &Module, which: &dyn Fn(&codegen::ir::Struct) -> bool| -> Vec<String> {
        module
            .types
            .values()
            .filter_map(|def| match def {
                TypeDef::Struct(s) if which(s) => Some(s.name.clone()),
                _ => None,
            })
            .collect()
    };
    for (module, root) in [
        (&ir.cfn, "ConnectorProfile"),
        (&ir.api, "CreateConnectorProfileRequest"),
    ] {
        let credentials = marked(module, &|s| s.secrecy == Secrecy::Credentials);
        let kind = module.kind;
        // The container, every connector's credentials, and what they hold.
        for name in [
            "ConnectorProfileCredentials",
            "SalesforceConnectorProfileCredentials",
            "CustomConnectorProfileCredentials",
            "ConnectorOAuthRequest",
            "ApiKeyCredentials",
            "BasicAuthCredentials",
            "OAuth2Credentials",
            "CustomAuthCredentials",
        ] {
            assert!(
                credentials.iter().any(|c| c == name),
                "{kind:?} {name}: {credentials:?}"
            );
        }
        let per_connector = module
            .types
            .keys()
            .filter(|n| n.ends_with("ConnectorProfileCredentials"))
            .count();
        assert!(per_connector > 15);
        assert_eq!(
            credentials.len(),
            per_connector + 6,
            "{kind:?}: nothing else is a credentials object: {credentials:?}"
        );
        for name in [root, "ConnectorProfileConfig", "ConnectorProfileProperties"] {
            assert!(!credentials.iter().any(|c| c == name), "{kind:?} {name}");
        }
        assert!(
            !credentials.iter().any(|c| c.ends_with("Properties")),
            "{kind:?}: {credentials:?}"
        );
    }
    assert!(marked(&ir.cfn, &|s| s.sender == Sender::Service).is_empty());
    let sent = marked(&ir.api, &|s| s.sender == Sender::Service);
    for name in [
        "CreateConnectorProfileResponse",
        "DescribeConnectorProfilesResponse",
        "ValidationException",
    ] {
        assert!(sent.iter().any(|c| c == name), "{name}: {sent:?}");
    }
    for name in [
        "DescribeConnectorProfilesRequest",
        "ConnectorProfile",
        "ConnectorType",
    ] {
        assert!(!sent.iter().any(|c| c == name), "{name}: {sent:?}");
    }
}

#[test]
fn echo_and_mask_are_bounded_escaped_and_deterministic() {
    use appflow_connector_profile::validation::{echo, mask, show, Secrecy, ECHO_CHARS};
    assert_eq!(echo("ConnectorType"), "ConnectorType");
    assert_eq!(echo(""), "");
    assert_eq!(
        echo("\x1b[2J\n0 error(s)"),
        "\\u{001B}[2J\\u{000A}0 error(s)"
    );
    assert_eq!(
        echo("\u{7f}\u{85}\u{200b}\u{202e}\u{2066}\u{2028}\u{feff}"),
        "\\u{007F}\\u{0085}\\u{200B}\\u{202E}\\u{2066}\\u{2028}\\u{FEFF}"
    );
    let long = "ü".repeat(1000);
    assert_eq!(
        echo(&long),
        format!("{}…(1000 chars)", "ü".repeat(ECHO_CHARS))
    );
    assert_eq!(echo(&"a".repeat(ECHO_CHARS)), "a".repeat(ECHO_CHARS));
    // Escapes count their width: the output stays bounded whatever the text.
    let controls = "\x07".repeat(10_000);
    assert!(echo(&controls).chars().count() <= ECHO_CHARS + 20);
    assert!(echo(&controls).ends_with("…(10000 chars)"));

    assert_eq!(mask("AccessToken:TOKEN_CANARY"), "Acce…(24 chars)");
    assert_eq!(mask("abcdefg"), "a…(7 chars)");
    assert_eq!(mask("abc"), "…(3 chars)");
    assert_eq!(mask(""), "…(0 chars)");
    assert_eq!(mask("\x1b\x1b\x1b\x1bxyzw"), "\\u{001B}\\u{001B}…(8 chars)");
    assert_eq!(mask(&"s".repeat(10 << 20)), "ssss…(10485760 chars)");

    let known = ["AccessToken", "RefreshToken"];
    assert_eq!(
        show("Accesstoken", &known, Secrecy::Credentials),
        "Accesstoken"
    );
    assert_eq!(
        show("AccesToken", &known, Secrecy::Credentials),
        "AccesToken"
    );
    assert_eq!(
        show("AccessToken:TOKEN", &known, Secrecy::Credentials),
        "Acce…(17 chars)"
    );
    assert_eq!(
        show("AccessToken:TOKEN", &known, Secrecy::Plain),
        "AccessToken:TOKEN"
    );
    assert_eq!(show("x", &[], Secrecy::Credentials), "…(1 chars)");
}

#[test]
fn pointers_name_unknown_and_map_keys_in_their_shown_form() {
    let huge = "k-".repeat(5 << 20);
    let mut doc = cfn_base();
    doc["ConnectorProfileConfig"]["ConnectorProfileProperties"] = json!({
        "CustomConnector": { "ProfileProperties": { huge.as_str(): "", "x\u{1b}/~": "" } }
    });
    let all = findings::<cfn::ConnectorProfile>(doc);
    for f in &all {
        assert!(size(f) < 300, "{} bytes", size(f));
    }
    // Key findings point at the map and show the key in the message; findings about a value point
    // through its key, shown the same way.
    let map =
        "/ConnectorProfileConfig/ConnectorProfileProperties/CustomConnector/ProfileProperties";
    let keys: Vec<&Finding> = all.iter().filter(|f| f.code == Code::KeyPattern).collect();
    assert_eq!(keys.len(), 2, "{}", render(&all));
    assert!(keys.iter().all(|f| f.pointer == map), "{}", render(&all));
    assert!(
        keys[0]
            .message
            .starts_with(&format!("key `{}…(10485760 chars)` must", "k-".repeat(32))),
        "{}",
        keys[0]
    );
    assert!(
        keys[1]
            .message
            .starts_with("key `x\\u{001B}/~` must contain"),
        "{}",
        keys[1]
    );
    let mut values: Vec<&str> = all
        .iter()
        .filter(|f| f.pointer.starts_with(&format!("{map}/")))
        .map(|f| f.pointer.as_str())
        .collect();
    values.dedup();
    assert_eq!(
        values,
        [
            format!("{map}/{}…(10485760 chars)", "k-".repeat(32)),
            format!("{map}/x\\u{{001B}}~1~0"),
        ],
        "{}",
        render(&all)
    );

    // Members the other schema lacks, in conversions, are named the same way.
    let mut doc = cfn_base();
    let salesforce =
        &mut doc["ConnectorProfileConfig"]["ConnectorProfileCredentials"]["Salesforce"];
    salesforce[format!("AccessToken:{CANARY}")] = Value::Null;
    salesforce["Accesstoken"] = json!(CANARY);
    let resource: cfn::ConnectorProfile = serde_json::from_value(doc).unwrap();
    let converted = resource.to_api().unwrap_or_else(|e| panic!("{e}"));
    let lost: Vec<&Finding> = converted
        .warnings
        .iter()
        .filter(|f| f.code == Code::NotCarried)
        .collect();
    assert_eq!(lost.len(), 2, "{}", render(&converted.warnings));
    assert_no_canary("to_api", &converted.warnings);
    // Keys the schema does not declare are the document's text, never mentions.
    assert!(lost.iter().all(|f| f.mentions.is_empty()), "{lost:?}");
    assert!(lost
        .iter()
        .any(|f| f.pointer.ends_with("/Salesforce/Accesstoken")));
    let masked = appflow_connector_profile::validation::mask(&format!("AccessToken:{CANARY}"));
    assert_eq!(masked, "Acce…(31 chars)");
    assert!(
        lost.iter()
            .any(|f| f.pointer.ends_with(&format!("/Salesforce/{masked}"))),
        "{}",
        render(&converted.warnings)
    );
}

#[test]
fn depth_is_limited_where_serde_json_limits_it() {
    use appflow_connector_profile::validation::{check_depth, MAX_DEPTH};
    for objects in [false, true] {
        // MAX_DEPTH - 1 levels are read, by both entry points.
        let fits = nested(MAX_DEPTH - 1, objects);
        let text = serde_json::to_string(&fits).unwrap();
        assert!(serde_json::from_str::<Value>(&text).is_ok());
        assert_eq!(check_depth(&fits), None);
        let all = findings_str::<api::DescribeConnectorProfilesResponse>(&text);
        assert!(
            all.iter().all(|f| f.code != Code::Limit),
            "{}",
            render(&all)
        );
        // MAX_DEPTH levels are not.
        let deep = nested(MAX_DEPTH, objects);
        let text = serde_json::to_string(&deep).unwrap();
        let from_text = findings_str::<api::DescribeConnectorProfilesResponse>(&text);
        assert_eq!(from_text.len(), 1, "{}", render(&from_text));
        assert_eq!(from_text[0].code, Code::Limit);
        let column = if objects {
            5 * MAX_DEPTH - 4
        } else {
            MAX_DEPTH
        };
        assert!(
            from_text[0]
                .message
                .contains(&format!("line 1 column {column};")),
            "{}",
            from_text[0]
        );
        let from_value = findings::<api::DescribeConnectorProfilesResponse>(deep);
        assert_eq!(from_value.len(), 1, "{}", render(&from_value));
        assert_eq!(from_value[0].code, Code::Limit);
        let token = if objects { "/a" } else { "/0" };
        assert_eq!(from_value[0].pointer, token.repeat(MAX_DEPTH - 1));
    }
    // Just under the limit inside an open object: kept, deserialized and dropped on this thread's
    // ordinary stack.
    let mut doc = cfn_base();
    doc["ConnectorProfileConfig"]["Deep"] = nested(MAX_DEPTH - 3, false);
    let validated = cfn::ConnectorProfile::from_value(doc).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        validated.warnings.len(),
        1,
        "{}",
        render(&validated.warnings)
    );
    // At the limit there: one finding, pointing into the unknown key.
    let mut doc = cfn_base();
    doc["ConnectorProfileConfig"]["Deep"] = nested(MAX_DEPTH - 2, true);
    let all = findings::<cfn::ConnectorProfile>(doc);
    assert_eq!(all.len(), 1, "{}", render(&all));
    assert_eq!(
        all[0].pointer,
        format!("/ConnectorProfileConfig/Deep{}", "/a".repeat(MAX_DEPTH - 3))
    );
}

#[test]
fn text_over_the_size_limit_is_not_read() {
    use appflow_connector_profile::validation::MAX_INPUT_BYTES;
    let mut doc = cfn_base();
    doc["Description"] = json!("x".repeat(MAX_INPUT_BYTES));
    let text = serde_json::to_string(&doc).unwrap();
    let all = findings_str::<cfn::ConnectorProfile>(&text);
    assert_eq!(all.len(), 1, "{}", render(&all));
    assert_eq!((all[0].code, all[0].pointer.as_str()), (Code::Limit, ""));
    assert!(
        all[0].message.contains(&MAX_INPUT_BYTES.to_string()),
        "{}",
        all[0]
    );
}

#[test]
fn rules_failing_around_an_unknown_enum_value_are_warnings_in_documents_the_service_sends() {
    use appflow_connector_profile::validation::{JsonPath, Sender};
    let mut doc = api_base();
    doc["connectorType"] = json!("QuantumCRM");
    doc["connectionMode"] = json!("Private");
    // A rule no enum value is involved in stays an error.
    doc["connectorProfileConfig"]["connectorProfileCredentials"]["Slack"] =
        json!({ "clientId": "i", "clientSecret": "s" });
    let request: api::CreateConnectorProfileRequest = serde_json::from_value(doc).unwrap();
    let mut strict = Vec::new();
    request.validate_into(&mut JsonPath::root(), &mut strict);
    let mut lenient = Vec::new();
    request.validate_into(&mut JsonPath::root_for(Sender::Service), &mut lenient);
    let codes = |all: &[Finding]| {
        all.iter()
            .map(|f| (f.code.as_str(), f.severity))
            .collect::<Vec<_>>()
    };
    // (create-needs-properties-variant is superseded by the connector-type rule: one cause.)
    let expected = [
        ("enum", Severity::Warning),
        ("profile-config-single-connector", Severity::Error),
        ("connector-type-matches-config-variants", Severity::Warning),
        (
            "private-connection-mode-supported-connectors",
            Severity::Warning,
        ),
    ];
    assert_eq!(codes(&lenient), expected, "{}", render(&lenient));
    // In what users write, the `enum` error is the one finding of the unknown value: the rules
    // around it say nothing more.
    let strict_expected = [
        ("enum", Severity::Error),
        ("profile-config-single-connector", Severity::Error),
    ];
    assert_eq!(codes(&strict), strict_expected, "{}", render(&strict));
}

#[test]
fn json_errors_are_placed_in_one_based_code_point_columns() {
    // serde_json counts bytes (`é` is two) and says column 0 for an empty text.
    let err = cfn::ConnectorProfile::from_json_str("{\"ConnectorLabel\": \"ééé\" ,,}").unwrap_err();
    assert!(
        err.findings()[0].message.contains("line 1 column 27"),
        "{err}"
    );
    let err = cfn::ConnectorProfile::from_json_str("").unwrap_err();
    assert!(
        err.findings()[0].message.contains("line 1 column 1:"),
        "{err}"
    );
}
