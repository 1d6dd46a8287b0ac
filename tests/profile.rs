//! The typed connector layer: profiles that cannot mix connectors, their conversions into the
//! API requests and the CloudFormation resource, and `TryFrom` the wire types with every finding.

use appflow_connector_profile::profile::{Connector, Profile};
use appflow_connector_profile::rules::RuleId;
use appflow_connector_profile::validation::Code;
use appflow_connector_profile::{api, cfn, FromJson, Validate};
use appflow_tests::root;
use proptest::prelude::*;

fn salesforce() -> Profile {
    Profile::builder()
        .connector_profile_name("salesforce-prod")
        .connection_mode(api::ConnectionMode::Public)
        .connector(Connector::Salesforce {
            connector_profile_credentials: Some(
                api::SalesforceConnectorProfileCredentials::builder()
                    .access_token("token")
                    .refresh_token("refresh")
                    .build(),
            ),
            connector_profile_properties: Some(
                api::SalesforceConnectorProfileProperties::builder()
                    .instance_url("https://example.my.salesforce.com")
                    .build(),
            ),
        })
        .build()
        .unwrap()
}

#[test]
fn a_profile_becomes_consistent_requests_and_a_resource() {
    let profile = salesforce();
    let create = profile.to_create_request();
    assert_eq!(create.connector_type, api::ConnectorType::Salesforce);
    assert_eq!(create.findings(), vec![]);
    let config = &create.connector_profile_config;
    assert!(config
        .connector_profile_credentials
        .as_ref()
        .unwrap()
        .salesforce
        .is_some());
    assert!(config.connector_profile_properties.salesforce.is_some());
    assert!(config.connector_profile_properties.datadog.is_none());

    let update = profile.to_update_request();
    assert_eq!(update.connector_profile_name, "salesforce-prod");
    assert_eq!(update.findings(), vec![]);

    let resource = profile.to_cfn().unwrap();
    assert_eq!(resource.warnings, vec![]);
    assert_eq!(
        resource.value.connector_type,
        cfn::ConnectorType::Salesforce
    );
    assert_eq!(Profile::try_from(resource.value).unwrap(), profile);
    assert_eq!(Profile::try_from(create).unwrap(), profile);
}

#[test]
fn builders_require_the_connector() {
    let err = Profile::builder()
        .connector_profile_name("p")
        .connection_mode(api::ConnectionMode::Public)
        .build()
        .unwrap_err();
    assert_eq!((err.type_name(), err.field()), ("Profile", "connector"));
}

#[test]
fn try_from_a_mixed_request_returns_every_finding() {
    let text = r#"{
        "connectorProfileName": "p", "connectorType": "Salesforce", "connectionMode": "Private",
        "connectorProfileConfig": {
            "connectorProfileCredentials": { "Datadog": { "apiKey": "k", "applicationKey": "a" } },
            "connectorProfileProperties": { "Datadog": { "instanceUrl": "https://x.example" } }
        }
    }"#;
    let request = api::CreateConnectorProfileRequest::from_json_str(text)
        .map(|v| v.value)
        .unwrap_or_else(|_| serde_json::from_str(text).unwrap());
    let err = Profile::try_from(request).unwrap_err();
    let codes: Vec<Code> = err.findings().iter().map(|f| f.code).collect();
    assert!(
        codes.contains(&Code::Rule(RuleId::ConnectorTypeMatchesConfigVariants)),
        "{err}"
    );
}

#[test]
fn api_only_members_are_reported_when_converting_to_cloudformation() {
    let text =
        std::fs::read_to_string(root().join("tests/fixtures/connectors/api/Snowflake.max.json"))
            .unwrap();
    let request = api::CreateConnectorProfileRequest::from_json_str(&text)
        .unwrap()
        .value;
    let findings = match request.to_cfn() {
        Ok(v) => v.warnings,
        Err(e) => e.into_findings(),
    };
    assert!(
        findings
            .iter()
            .any(|f| f.code == Code::NotCarried && f.pointer.ends_with("/Snowflake/privateKey")),
        "{findings:#?}"
    );
    assert!(
        findings.iter().all(|f| !f.message.contains("BEGIN")),
        "no secret in messages"
    );
}

fn api_fixtures() -> Vec<Profile> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(root().join("tests/fixtures/connectors/api")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let request = api::CreateConnectorProfileRequest::from_json_str(
                &std::fs::read_to_string(&path).unwrap(),
            )
            .unwrap()
            .value;
            out.push(
                Profile::try_from(request).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
            );
        }
    }
    out.sort_by(|a, b| a.connector_profile_name.cmp(&b.connector_profile_name));
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any profile built through the typed layer (every connector's fixture, with a generated name,
    /// KMS key and client token) validates clean and round-trips through serde in both forms.
    #[test]
    fn typed_profiles_validate_clean_and_round_trip(
        index in 0usize..38,
        name in "[A-Za-z0-9_/!@#+=.-]{1,256}",
        kms in proptest::option::of("arn:aws:kms:[a-z]{2}-[a-z]{4,9}-[1-3]:[0-9]{12}:key/[0-9a-f]{8}"),
        token in proptest::option::of("[ -~]{1,256}"),
    ) {
        let fixtures = api_fixtures();
        let mut profile = fixtures[index % fixtures.len()].clone();
        profile.connector_profile_name = name;
        profile.kms_arn = kms;
        profile.client_token = token;

        let create = profile.to_create_request();
        let errors: Vec<_> = create.findings().into_iter().filter(|f| f.severity == appflow_connector_profile::Severity::Error).collect();
        prop_assert!(errors.is_empty(), "{errors:#?}");
        let json = serde_json::to_string(&create).unwrap();
        let back = api::CreateConnectorProfileRequest::from_json_str(&json).unwrap().value;
        prop_assert_eq!(&back, &create);
        prop_assert_eq!(Profile::try_from(back).unwrap(), profile.clone());

        // The CloudFormation form, for connectors CloudFormation has.
        if let Ok(resource) = profile.to_cfn() {
            let json = serde_json::to_string(&resource.value).unwrap();
            let back = cfn::ConnectorProfile::from_json_str(&json).unwrap().value;
            prop_assert_eq!(&back, &resource.value);
        }
    }
}
