//! Feature `aws-sdk-appflow`: the generated conversions against the real SDK. Each request goes
//! through an `aws_sdk_appflow::Client` whose HTTP client captures what it would send (no network),
//! and the captured body must be the crate's own serde JSON of the same request; a canned
//! DescribeConnectorProfiles response replayed through the SDK and converted back must equal the
//! crate's own reading of that body.

use std::path::PathBuf;

use appflow_connector_profile::api::{
    CreateConnectorProfileRequest, DescribeConnectorProfilesRequest,
    DescribeConnectorProfilesResponse, UpdateConnectorProfileRequest,
};
use appflow_connector_profile::sdk::ConversionError;
use aws_sdk_appflow::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_appflow::operation::create_connector_profile::builders::CreateConnectorProfileInputBuilder;
use aws_sdk_appflow::operation::describe_connector_profiles::builders::DescribeConnectorProfilesInputBuilder;
use aws_sdk_appflow::operation::update_connector_profile::builders::UpdateConnectorProfileInputBuilder;
use aws_smithy_http_client::test_util::{capture_request, CaptureRequestReceiver};
use aws_smithy_types::body::SdkBody;
use serde_json::{json, Value};

/// A client with fake credentials whose HTTP client answers `response` (or an empty 200) and
/// captures the request.
fn client(response: Option<(u16, String)>) -> (aws_sdk_appflow::Client, CaptureRequestReceiver) {
    let response = response.map(|(status, body)| {
        http::Response::builder()
            .status(status)
            .header("content-type", "application/json")
            .body(SdkBody::from(body))
            .expect("a valid response")
    });
    let (http_client, captured) = capture_request(response);
    let config = aws_sdk_appflow::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(
            "AKIDEXAMPLE",
            "fake-secret",
            None,
            None,
            "test",
        ))
        .http_client(http_client)
        .build();
    (aws_sdk_appflow::Client::from_conf(config), captured)
}

fn body_json(captured: CaptureRequestReceiver) -> Value {
    let request = captured.expect_request();
    let bytes = request.body().bytes().expect("an in-memory body");
    serde_json::from_slice(bytes).expect("the SDK sends JSON")
}

fn fixtures() -> Vec<(String, Value)> {
    let dir: PathBuf = appflow_tests::root().join("tests/fixtures/connectors/api");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 30, "a fixture per connector");
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("readable");
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, serde_json::from_str(&text).expect("JSON"))
        })
        .collect()
}

/// The members `mapping.toml` says the SDK holds as a `bool` that is `false` unless set.
fn sdk_default_members() -> Vec<String> {
    let mapping: toml::Table = toml::from_str(&appflow_tests::inputs().mapping).expect("TOML");
    let entries = mapping["sdk_default"].as_array().expect("entries");
    entries
        .iter()
        .map(|e| e["member"].as_str().expect("member").to_owned())
        .collect()
}

/// Our JSON as the SDK writes it, by the documented differences: the SDK does not write a default
/// `false`. Returns how many members it removed.
fn without_default_false(value: &mut Value, members: &[String]) -> usize {
    match value {
        Value::Object(object) => {
            let before = object.len();
            object.retain(|k, v| !(members.contains(k) && *v == Value::Bool(false)));
            let removed = before - object.len();
            removed
                + object
                    .values_mut()
                    .map(|v| without_default_false(v, members))
                    .sum::<usize>()
        }
        Value::Array(items) => items
            .iter_mut()
            .map(|v| without_default_false(v, members))
            .sum(),
        _ => 0,
    }
}

/// Compares our body with the SDK's; the SDK fills an idempotency `clientToken` when the request has
/// none.
fn assert_same_body(name: &str, ours: &Value, sdk: &Value) {
    let mut ours = ours.clone();
    let mut sdk = sdk.clone();
    without_default_false(&mut ours, &sdk_default_members());
    if ours.get("clientToken").is_none() {
        let token = sdk
            .as_object_mut()
            .and_then(|o| o.remove("clientToken"))
            .expect("the SDK fills clientToken");
        assert!(token.as_str().is_some_and(|t| !t.is_empty()));
    }
    assert_eq!(ours, sdk, "{name}: the SDK's body differs from ours");
}

#[tokio::test]
async fn create_request_bodies_are_what_the_sdk_sends() {
    for (name, fixture) in fixtures() {
        let request: CreateConnectorProfileRequest =
            serde_json::from_value(fixture).expect("the fixture reads");
        let ours = serde_json::to_value(&request).expect("serializes");
        let (client, captured) = client(None);
        // The empty response may not parse; only the request matters here.
        let _ = CreateConnectorProfileInputBuilder::from(request)
            .send_with(&client)
            .await;
        assert_same_body(&name, &ours, &body_json(captured));
    }
}

#[tokio::test]
async fn update_request_bodies_are_what_the_sdk_sends() {
    for (name, fixture) in fixtures() {
        let mut update = json!({
            "connectorProfileName": fixture["connectorProfileName"],
            "connectionMode": fixture["connectionMode"],
            "connectorProfileConfig": fixture["connectorProfileConfig"],
        });
        if let Some(token) = fixture.get("clientToken") {
            update["clientToken"] = token.clone();
        }
        let request: UpdateConnectorProfileRequest =
            serde_json::from_value(update).expect("the update reads");
        let ours = serde_json::to_value(&request).expect("serializes");
        let (client, captured) = client(None);
        let _ = UpdateConnectorProfileInputBuilder::from(request)
            .send_with(&client)
            .await;
        assert_same_body(&name, &ours, &body_json(captured));
    }
}

/// A DescribeConnectorProfiles response holding every fixture's properties, timestamps with and
/// without a fraction, a provisioning state, and a connector type the model does not list.
fn describe_body() -> Value {
    let members = sdk_default_members();
    let details: Vec<Value> = fixtures()
        .into_iter()
        .enumerate()
        .map(|(i, (_, mut fixture))| {
            // The SDK does not keep a default `false` apart from unset (documented).
            without_default_false(&mut fixture, &members);
            json!({
                "connectorProfileArn": format!("arn:aws:appflow:us-east-1:123456789012:connectorprofile/p{i}"),
                "connectorProfileName": fixture["connectorProfileName"],
                "connectorType": fixture["connectorType"],
                "connectionMode": fixture["connectionMode"],
                "credentialsArn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:appflow-AbCdEf",
                "connectorProfileProperties": fixture["connectorProfileConfig"]["connectorProfileProperties"],
                // A fraction a binary f64 holds exactly: see `the_sdk_reads_fractional_seconds_as_f64`.
                "createdAt": 1700000000.5,
                "lastUpdatedAt": 1700000100 + i,
                "privateConnectionProvisioningState": {
                    "status": "FAILED",
                    "failureMessage": "no endpoint",
                    "failureCause": "CONNECTOR_AUTHENTICATION"
                }
            })
        })
        .chain([json!({
            "connectorProfileName": "from-the-future",
            "connectorType": "ConnectorOfTomorrow",
            "connectorProfileProperties": {}
        })])
        .collect();
    json!({ "connectorProfileDetails": details, "nextToken": "page-2" })
}

#[tokio::test]
async fn describe_response_read_through_the_sdk_is_ours() {
    let body = describe_body();
    let ours: DescribeConnectorProfilesResponse =
        serde_json::from_value(body.clone()).expect("our crate reads the response");
    let (client, captured) = client(Some((200, body.to_string())));
    let request = DescribeConnectorProfilesRequest::builder()
        .connector_type(appflow_connector_profile::api::ConnectorType::Salesforce)
        .max_results(50)
        .build();
    let ours_request = serde_json::to_value(&request).expect("serializes");
    let output = DescribeConnectorProfilesInputBuilder::from(request)
        .send_with(&client)
        .await
        .expect("the SDK reads the canned response");
    assert_eq!(
        body_json(captured),
        ours_request,
        "the describe request body"
    );
    let carried = DescribeConnectorProfilesResponse::try_from(output).expect("converts back");
    assert!(
        carried == ours,
        "the response converted back differs from ours"
    );
    assert_eq!(
        serde_json::to_value(&carried).expect("serializes"),
        body,
        "the response converted back writes the same JSON"
    );
}

#[test]
fn requests_round_trip_through_the_sdk_types_with_their_secrets() {
    for (name, fixture) in fixtures() {
        let request: CreateConnectorProfileRequest =
            serde_json::from_value(fixture).expect("the fixture reads");
        let input =
            aws_sdk_appflow::operation::create_connector_profile::CreateConnectorProfileInput::from(
                request.clone(),
            );
        // Secrets are carried as the SDK's plain values, which its own Debug redacts.
        let debug = format!("{input:?}");
        for secret in [
            "accessToken",
            "clientSecret",
            "password",
            "secretKey",
            "apiKey",
        ] {
            let value = serde_json::to_value(&request).unwrap()["connectorProfileConfig"]
                ["connectorProfileCredentials"]
                .as_object()
                .and_then(|c| c.values().next())
                .and_then(|c| c.get(secret))
                .and_then(Value::as_str)
                .map(str::to_owned);
            if let Some(value) = value {
                assert!(
                    !debug.contains(&value),
                    "{name}: {secret} in the SDK's Debug"
                );
            }
        }
        let back = CreateConnectorProfileRequest::try_from(input).expect("converts back");
        let mut expected = serde_json::to_value(&request).unwrap();
        without_default_false(&mut expected, &sdk_default_members());
        assert!(
            serde_json::to_value(&back).unwrap() == expected,
            "{name}: differs after the round trip"
        );
    }
}

#[test]
fn sdk_values_this_crate_cannot_hold_are_errors_naming_the_member() {
    let empty =
        aws_sdk_appflow::operation::create_connector_profile::CreateConnectorProfileInput::builder(
        )
        .build()
        .expect("the SDK builds inputs without their members");
    let error: ConversionError = CreateConnectorProfileRequest::try_from(empty).unwrap_err();
    assert_eq!(error.type_name(), "CreateConnectorProfileRequest");
    assert_eq!(error.member(), "connectorProfileName");

    let sap = aws_sdk_appflow::types::SapoDataConnectorProfileProperties::builder()
        .application_host_url("https://sap.example.com")
        .application_service_path("/sap/opu/odata")
        .port_number(70000)
        .client_number("100")
        .build()
        .expect("the SDK holds any i32");
    let error = appflow_connector_profile::api::SAPODataConnectorProfileProperties::try_from(sap)
        .unwrap_err();
    assert_eq!(error.member(), "portNumber");
    assert_eq!(
        error.to_string(),
        "`portNumber` of SAPODataConnectorProfileProperties is out of range"
    );
}

/// A difference found: the SDK reads epoch seconds through an `f64`, so `1700000000.123` arrives as
/// 1700000000 s + 122999906 ns; this crate reads the number's decimal text (123000000 ns).
#[tokio::test]
async fn the_sdk_reads_fractional_seconds_as_f64() {
    let body = json!({ "connectorProfileDetails": [{ "createdAt": 1700000000.123 }] });
    let ours: DescribeConnectorProfilesResponse = serde_json::from_value(body.clone()).unwrap();
    let (client, _captured) = client(Some((200, body.to_string())));
    let output = client.describe_connector_profiles().send().await.unwrap();
    let carried = DescribeConnectorProfilesResponse::try_from(output).unwrap();
    let created = |r: &DescribeConnectorProfilesResponse| {
        let t = r.connector_profile_details.as_ref().unwrap()[0]
            .created_at
            .unwrap();
        (t.secs(), t.subsec_nanos())
    };
    assert_eq!(created(&ours), (1_700_000_000, 123_000_000));
    assert_eq!(created(&carried), (1_700_000_000, 122_999_906));
}
