//! The generated crate's behaviour: round trips of documented examples, redaction of every
//! secret, builders, forward-compatible enums, error shapes and resource metadata.

use appflow_connector_profile::{api, cfn, BuildError, Sensitive, REDACTED};
use appflow_tests::root;
use codegen::ir::{Module, Shape, TypeDef, TypeRef};
use serde_json::{json, Value};
use std::collections::BTreeSet;

fn fixture(name: &str) -> Value {
    let text =
        std::fs::read_to_string(root().join("tests/fixtures/documented").join(name)).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(name: &str) -> T {
    let original = fixture(name);
    let typed: T =
        serde_json::from_value(original.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(
        serde_json::to_value(&typed).unwrap(),
        original,
        "{name} changed in a round trip"
    );
    typed
}

#[test]
fn documented_update_salesforce_request_round_trips() {
    let request: api::UpdateConnectorProfileRequest = round_trip("update-salesforce.api.json");
    let salesforce = request
        .connector_profile_config
        .connector_profile_credentials
        .as_ref()
        .and_then(|c| c.salesforce.as_ref())
        .expect("Salesforce credentials");
    assert!(salesforce.access_token.is_some());
}

#[test]
fn terraform_redshift_example_round_trips_in_both_forms() {
    let profile: cfn::ConnectorProfile = round_trip("redshift-terraform.cfn.json");
    assert_eq!(profile.connector_type, cfn::ConnectorType::Redshift);
    let request: api::CreateConnectorProfileRequest = round_trip("redshift-terraform.api.json");
    assert_eq!(request.connector_type, api::ConnectorType::Redshift);
}

#[test]
fn alchemy_custom_connector_oauth2_example_round_trips_in_both_forms() {
    let profile: cfn::ConnectorProfile = round_trip("custom-connector-oauth2-alchemy.cfn.json");
    assert_eq!(profile.connector_type, cfn::ConnectorType::CustomConnector);
    let _: api::CreateConnectorProfileRequest = round_trip("custom-connector-oauth2.api.json");
}

#[test]
fn open_objects_keep_unknown_keys_and_closed_ones_reject_them() {
    let properties = json!({
        "ConnectorProfileName": "p", "ConnectionMode": "Public", "ConnectorType": "Salesforce",
        "ConnectorProfileConfig": { "ConnectorProfileCredentials": { "salesforce": { "AccessToken": "t" } } }
    });
    let profile: cfn::ConnectorProfile = serde_json::from_value(properties.clone()).unwrap();
    assert_eq!(
        serde_json::to_value(&profile).unwrap(),
        properties,
        "the misspelt key is kept and written back"
    );
    let credentials = profile
        .connector_profile_config
        .unwrap()
        .connector_profile_credentials
        .unwrap();
    assert!(credentials.salesforce.is_none());
    assert!(credentials.additional_properties.contains_key("salesforce"));

    let closed = json!({ "ConnectorProfileName": "p", "ConnectionMode": "Public", "ConnectorType": "Salesforce", "Extra": 1 });
    let err = serde_json::from_value::<cfn::ConnectorProfile>(closed)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("/Extra: unknown key `Extra`: the schema does not allow it"),
        "{err}"
    );
}

#[test]
fn builders_name_the_type_and_member_when_a_required_member_is_missing() {
    let err: BuildError = cfn::ConnectorProfile::builder()
        .connector_profile_name("p")
        .connector_type(cfn::ConnectorType::Salesforce)
        .build()
        .unwrap_err();
    assert_eq!(err.type_name(), "ConnectorProfile");
    assert_eq!(err.field(), "connection_mode");
    assert_eq!(
        err.to_string(),
        "ConnectorProfile: required member not set: `ConnectionMode` (.connection_mode())"
    );
    // Every missing member, by its wire name, in each module's spelling.
    let err = cfn::ConnectorProfile::builder().build().unwrap_err();
    let missing: Vec<&str> = err.missing().iter().map(|m| m.wire_name).collect();
    assert_eq!(
        missing,
        ["ConnectionMode", "ConnectorProfileName", "ConnectorType"]
    );
    let err = api::CreateConnectorProfileRequest::builder()
        .build()
        .unwrap_err();
    let missing: Vec<&str> = err.missing().iter().map(|m| m.wire_name).collect();
    assert_eq!(
        missing,
        [
            "connectorProfileName",
            "connectorType",
            "connectionMode",
            "connectorProfileConfig"
        ]
    );

    let profile = cfn::ConnectorProfile::builder()
        .connector_profile_name("p")
        .connection_mode(cfn::ConnectionMode::Public)
        .connector_type(cfn::ConnectorType::Salesforce)
        .connector_profile_config(
            cfn::ConnectorProfileConfig::builder()
                .connector_profile_credentials(
                    cfn::ConnectorProfileCredentials::builder()
                        .salesforce(
                            cfn::SalesforceConnectorProfileCredentials::builder()
                                .access_token("tok")
                                .build(),
                        )
                        .build(),
                )
                .build(),
        )
        .build()
        .unwrap();
    assert_eq!(
        serde_json::to_value(&profile).unwrap(),
        json!({
            "ConnectionMode": "Public", "ConnectorProfileName": "p", "ConnectorType": "Salesforce",
            "ConnectorProfileConfig": { "ConnectorProfileCredentials": { "Salesforce": { "AccessToken": "tok" } } }
        })
    );
}

#[test]
fn enums_keep_unknown_values_and_parse_known_ones() {
    let known: api::ConnectorType = serde_json::from_value(json!("Googleanalytics")).unwrap();
    assert_eq!(known, api::ConnectorType::Googleanalytics);
    assert_eq!(known.to_string(), "Googleanalytics");
    let unknown: api::ConnectorType = serde_json::from_value(json!("Quantum")).unwrap();
    assert!(unknown.is_unknown());
    assert_eq!(serde_json::to_value(&unknown).unwrap(), json!("Quantum"));
    assert_eq!(
        api::ConnectorType::try_parse("Quantum")
            .unwrap_err()
            .as_str(),
        "Quantum"
    );
    assert!(api::ConnectorType::values().contains(&"Servicenow"));
    assert_eq!(
        "Public".parse::<cfn::ConnectionMode>().unwrap(),
        cfn::ConnectionMode::Public
    );
}

#[test]
fn error_shapes_know_their_http_status() {
    assert_eq!(api::ValidationException::HTTP_STATUS_CODE, 400);
    assert_eq!(api::ResourceNotFoundException::HTTP_STATUS_CODE, 404);
    assert_eq!(api::ConflictException::HTTP_STATUS_CODE, 409);
    assert_eq!(api::InternalServerException::HTTP_STATUS_CODE, 500);
    let e: api::ValidationException =
        serde_json::from_value(json!({"message": "bad name"})).unwrap();
    assert_eq!(e.to_string(), "ValidationException: bad name");
}

#[test]
fn resource_metadata_matches_the_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(
            root().join("schemas/cloudformation/aws-appflow-connectorprofile.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let list = |key: &str| -> Vec<String> { serde_json::from_value(schema[key].clone()).unwrap() };
    use cfn::resource::*;
    assert_eq!(TYPE_NAME, schema["typeName"]);
    assert_eq!(PRIMARY_IDENTIFIER, list("primaryIdentifier"));
    assert_eq!(CREATE_ONLY_PROPERTIES, list("createOnlyProperties"));
    assert_eq!(READ_ONLY_PROPERTIES, list("readOnlyProperties"));
    assert_eq!(WRITE_ONLY_PROPERTIES, list("writeOnlyProperties"));
    for handler in HANDLERS {
        let expected: Vec<String> =
            serde_json::from_value(schema["handlers"][handler.name]["permissions"].clone())
                .unwrap();
        assert_eq!(handler.permissions, expected, "{}", handler.name);
    }
    assert_eq!(
        HANDLERS.len(),
        schema["handlers"].as_object().unwrap().len()
    );
    assert_eq!(requires_replacement("/properties/ConnectorType"), Ok(true));
    assert_eq!(requires_replacement("/ConnectorType"), Ok(true));
    assert_eq!(
        requires_replacement("/properties/ConnectionMode"),
        Ok(false)
    );
    assert!(requires_replacement("/properties/Nope").is_err());
}

#[test]
fn timestamps_are_epoch_seconds_on_the_wire() {
    let profile: api::ConnectorProfile =
        serde_json::from_value(json!({"createdAt": 1700000000, "lastUpdatedAt": 1700000000.25}))
            .unwrap();
    assert_eq!(profile.created_at.unwrap().secs(), 1_700_000_000);
    assert_eq!(
        profile.last_updated_at.unwrap().to_string(),
        "2023-11-14T22:13:20.25Z"
    );
    assert_eq!(
        serde_json::to_value(&profile).unwrap()["lastUpdatedAt"],
        json!(1700000000.25)
    );
}

// ---- secrets ------------------------------------------------------------------------------------

const CANARY: &str = "CANARY-7f3a9c";

/// Builds a JSON value for `shape`: secrets get the canary, everything else a harmless value.
/// Records each struct visited that has a secret member.
fn fill(
    module: &Module,
    shape: &Shape,
    secret: bool,
    seen: &mut BTreeSet<String>,
    secrets: &mut usize,
) -> Value {
    match &shape.ty {
        TypeRef::String if secret => {
            *secrets += 1;
            json!(CANARY)
        }
        TypeRef::String => json!("x"),
        TypeRef::Boolean => json!(true),
        TypeRef::Integer(_) => json!(1),
        TypeRef::Timestamp => json!(0),
        TypeRef::List(item) => json!([fill(module, item, secret, seen, secrets)]),
        TypeRef::Map { key, value } => map(module, key, value, secret, seen, secrets),
        TypeRef::Named(name) => match &module.types[name] {
            TypeDef::Enum(e) => json!(e.values[0].wire),
            TypeDef::Map(m) => map(module, &m.key, &m.value, secret, seen, secrets),
            TypeDef::Struct(s) => {
                let mut object = serde_json::Map::new();
                for field in &s.fields {
                    if field.sensitive.is_some() {
                        seen.insert(s.name.clone());
                    }
                    object.insert(
                        field.wire_name.clone(),
                        fill(
                            module,
                            &field.shape,
                            field.sensitive.is_some(),
                            seen,
                            secrets,
                        ),
                    );
                }
                Value::Object(object)
            }
        },
    }
}

fn map(
    module: &Module,
    _key: &Shape,
    value: &Shape,
    secret: bool,
    seen: &mut BTreeSet<String>,
    secrets: &mut usize,
) -> Value {
    let key = if secret {
        format!("{CANARY}-key")
    } else {
        "k".to_owned()
    };
    let mut object = serde_json::Map::new();
    object.insert(key, fill(module, value, secret, seen, secrets));
    Value::Object(object)
}

fn with_secret_members(module: &Module) -> BTreeSet<String> {
    module
        .types
        .values()
        .filter_map(|d| match d {
            TypeDef::Struct(s) if s.fields.iter().any(|f| f.sensitive.is_some()) => {
                Some(s.name.clone())
            }
            _ => None,
        })
        .collect()
}

fn assert_redacted<T: serde::de::DeserializeOwned + serde::Serialize + std::fmt::Debug>(
    module: &Module,
    root: &str,
    seen: &mut BTreeSet<String>,
) {
    let mut secrets = 0;
    let shape = Shape {
        ty: TypeRef::Named(root.to_owned()),
        constraints: Default::default(),
    };
    let value = fill(module, &shape, false, seen, &mut secrets);
    let typed: T = serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("{root}: {e}"));
    let debug = format!("{typed:?}");
    assert!(
        !debug.contains(CANARY),
        "{root} Debug leaks a secret: {debug}"
    );
    assert!(debug.contains(REDACTED));
    let written = serde_json::to_string(&typed).unwrap();
    assert_eq!(
        written.matches(CANARY).count(),
        serde_json::to_string(&value)
            .unwrap()
            .matches(CANARY)
            .count()
    );
    assert!(secrets > 0);
}

#[test]
fn a_canary_in_every_secret_of_every_struct_never_reaches_debug() {
    let inputs = appflow_tests::inputs();
    let ir = appflow_tests::lower(&inputs).unwrap();

    let mut seen = BTreeSet::new();
    assert_redacted::<cfn::ConnectorProfile>(&ir.cfn, "ConnectorProfile", &mut seen);
    assert_eq!(
        seen,
        with_secret_members(&ir.cfn),
        "every CloudFormation struct with a secret was exercised"
    );

    let mut seen = BTreeSet::new();
    assert_redacted::<api::CreateConnectorProfileRequest>(
        &ir.api,
        "CreateConnectorProfileRequest",
        &mut seen,
    );
    assert_redacted::<api::UpdateConnectorProfileRequest>(
        &ir.api,
        "UpdateConnectorProfileRequest",
        &mut seen,
    );
    assert_eq!(
        seen,
        with_secret_members(&ir.api),
        "every API struct with a secret was exercised"
    );
}

#[test]
fn builders_redact_too() {
    let builder = api::OAuth2Credentials::builder()
        .refresh_token("CANARY-r")
        .client_secret(Sensitive::from("CANARY-s".to_owned()));
    let debug = format!("{builder:?}");
    assert!(!debug.contains("CANARY"), "{debug}");
}

/// Independent of the generator's own reasoning: every member the model marks sensitive, and
/// every member secrets.toml lists, is a secret in the IR, on both sides of the link.
#[test]
fn every_marked_or_listed_member_is_a_secret() {
    let inputs = appflow_tests::inputs();
    let ir = appflow_tests::lower(&inputs).unwrap();
    let model: Value = serde_json::from_str(&inputs.api_model).unwrap();
    let listed: toml::Table = toml::from_str(&inputs.secrets).unwrap();
    let listed: BTreeSet<String> = listed["secret"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e.get("member").and_then(|m| m.as_str()).map(str::to_owned))
        .collect();
    assert!(
        listed.contains("OAuthCredentials$refreshToken")
            && listed.contains("ConnectorOAuthRequest$authCode")
    );
    let shapes = model["shapes"].as_object().unwrap();
    let sensitive = |name: &str| -> bool {
        let s = &shapes[name];
        s["sensitive"] == json!(true)
            || ["key", "value", "member"].iter().any(|k| {
                s[*k]["shape"]
                    .as_str()
                    .is_some_and(|t| shapes[t]["sensitive"] == json!(true))
            })
    };
    let mut checked = 0;
    for def in ir.api.types.values() {
        let TypeDef::Struct(s) = def else { continue };
        for field in &s.fields {
            let member = &shapes[&s.name]["members"][&field.wire_name];
            let expected = sensitive(member["shape"].as_str().unwrap())
                || listed.contains(&format!("{}${}", s.name, field.wire_name));
            assert_eq!(
                field.sensitive.is_some(),
                expected,
                "api {}.{}",
                s.name,
                field.wire_name
            );
            if expected {
                checked += 1;
                if let Some(other) = &field.counterpart {
                    let cfn_field = ir
                        .cfn
                        .struct_named(&other.type_name)
                        .unwrap()
                        .fields
                        .iter()
                        .find(|f| f.wire_name == other.wire_name)
                        .unwrap();
                    assert!(
                        cfn_field.sensitive.is_some(),
                        "cfn {}.{} carries api {}.{}",
                        other.type_name,
                        other.wire_name,
                        s.name,
                        field.wire_name
                    );
                }
            }
        }
    }
    assert!(checked >= 30, "{checked} secret members");
}

#[test]
fn cfn_and_api_structs_that_mean_the_same_convert_both_ways() {
    let cfn_properties = cfn::SnowflakeConnectorProfileProperties::builder()
        .warehouse("COMPUTE_WH")
        .stage("DB.PUBLIC.STAGE")
        .bucket_name("staging-bucket")
        .account_name("xy12345")
        .build()
        .unwrap();
    let api_properties =
        api::SnowflakeConnectorProfileProperties::try_from(&cfn_properties).unwrap();
    assert_eq!(api_properties.warehouse, "COMPUTE_WH");
    assert_eq!(api_properties.account_name.as_deref(), Some("xy12345"));
    let back = cfn::SnowflakeConnectorProfileProperties::try_from(api_properties).unwrap();
    assert_eq!(back, cfn_properties);
    // Secrets carry over, and stay redacted in Debug.
    let credentials = cfn::SalesforceConnectorProfileCredentials::builder()
        .access_token("CANARY-token")
        .build();
    let api_credentials =
        api::SalesforceConnectorProfileCredentials::try_from(&credentials).unwrap();
    assert_eq!(
        api_credentials.access_token.as_ref().unwrap().expose(),
        "CANARY-token"
    );
    assert!(!format!("{api_credentials:?}").contains("CANARY"));
    // A member with no counterpart is never dropped silently: the conversion fails naming it.
    let mut with_extra = cfn::ConnectorProfile::builder()
        .connector_profile_name("p")
        .connection_mode(cfn::ConnectionMode::Public)
        .connector_type(cfn::ConnectorType::Salesforce)
        .build()
        .unwrap();
    with_extra.credentials_arn =
        Some("arn:aws:secretsmanager:eu-west-1:123456789012:secret:x".into());
    let err = api::CreateConnectorProfileRequest::try_from(&with_extra).unwrap_err();
    assert!(
        err.findings()
            .iter()
            .any(|f| f.code.as_str() == "not-carried" && f.pointer == "/CredentialsArn"),
        "{err}"
    );
    // The member it names is a mention: a tool can respell it without reading the message.
    let lost = &err.findings()[0];
    let [mention] = lost.mentions.as_slice() else {
        panic!("{err}");
    };
    assert_eq!(&lost.message[mention.range.clone()], "CredentialsArn");
    assert_eq!(mention.pointer, "/CredentialsArn");
}
