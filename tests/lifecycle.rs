//! The lifecycle: plans and their patches against the schema facts (create-only, write-only,
//! read-only, the update request's members), redaction, ARNs, import of Describe results, enum
//! conversions between the two forms, `Profile`'s serde and `Validate`, the IAM policy.

use appflow_connector_profile::cfn::resource::{
    self, import, plan, requires_replacement, Property, ARN_PARTITIONS, IAM_ACTIONS, IAM_SID_SCOPE,
    NOT_RETURNED,
};
use appflow_connector_profile::lifecycle::{
    iam_policy, plan_documents, Action, Arn, PatchOp, PlanCode, PolicyScope,
};
use appflow_connector_profile::profile::{Connector, Profile};
use appflow_connector_profile::{api, cfn, Validate, REDACTED};
use appflow_tests::root;
use serde_json::{json, Value};

const SECRET: &str = "CANARY-secret-access-token-0042";

fn salesforce(mode: &str, token: &str) -> Value {
    json!({
        "ConnectorProfileName": "salesforce-prod",
        "ConnectorType": "Salesforce",
        "ConnectionMode": mode,
        "ConnectorProfileConfig": {
            "ConnectorProfileCredentials": {"Salesforce": {"AccessToken": token}},
            "ConnectorProfileProperties": {"Salesforce": {"InstanceUrl": "https://example.my.salesforce.com"}}
        }
    })
}

fn typed(value: Value) -> cfn::ConnectorProfile {
    serde_json::from_value(value).expect("a valid resource")
}

#[test]
fn the_metadata_says_which_properties_replace_the_resource() {
    // From the schema's createOnlyProperties, readOnlyProperties and writeOnlyProperties.
    let names = |f: fn(Property) -> bool| -> Vec<&str> {
        Property::ALL
            .iter()
            .copied()
            .filter(|p| f(*p))
            .map(Property::name)
            .collect()
    };
    assert_eq!(
        names(Property::requires_replacement),
        ["ConnectorLabel", "ConnectorProfileName", "ConnectorType"]
    );
    assert_eq!(
        names(Property::is_read_only),
        ["ConnectorProfileArn", "CredentialsArn"]
    );
    assert_eq!(
        names(Property::is_write_only),
        ["ConnectorProfileConfig", "KMSArn"]
    );
    assert_eq!(
        names(Property::is_primary_identifier),
        ["ConnectorProfileName"]
    );
    for pointer in resource::CREATE_ONLY_PROPERTIES {
        assert_eq!(requires_replacement(pointer), Ok(true), "{pointer}");
    }
    assert_eq!(requires_replacement("/ConnectionMode"), Ok(false));
    assert_eq!(
        requires_replacement("/ConnectorProfileConfig/ConnectorProfileProperties"),
        Ok(false)
    );
    let error = requires_replacement("/properties/ConnectorTyp").unwrap_err();
    assert!(error.to_string().contains("names no property"), "{error}");
}

#[test]
fn absent_states_plan_a_create_or_a_delete_without_a_patch() {
    let p = typed(salesforce("Public", SECRET));
    let create = plan(None, Some(&p));
    assert_eq!(create.action, Action::Create);
    assert!(create.patch.is_empty());
    let delete = plan(Some(&p), None);
    assert_eq!(delete.action, Action::Delete);
    assert!(delete.patch.is_empty());
    assert_eq!(plan(Some(&p), Some(&p)).action, Action::NoChange);
    assert!(!plan(Some(&p), Some(&p)).has_changes());
}

#[test]
fn a_connection_mode_change_updates_and_carries_the_whole_write_only_config() {
    let before = typed(salesforce("Public", SECRET));
    let after = typed(salesforce("Private", SECRET));
    let plan = plan(Some(&before), Some(&after));
    assert_eq!(plan.action, Action::Update);
    assert!(plan.replacement_reasons.is_empty());
    assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
    let document = plan.patch_document();
    assert_eq!(
        document,
        json!([
            {"op": "replace", "path": "/ConnectionMode", "value": "Private"},
            {"op": "add", "path": "/ConnectorProfileConfig", "value": salesforce("Private", SECRET)["ConnectorProfileConfig"]},
        ])
    );
    // The patch holds the real secret, for Cloud Control; everything shown redacts it.
    assert!(document.to_string().contains(SECRET));
    for shown in [
        plan.to_string(),
        format!("{plan:?}"),
        plan.redacted_patch_document().to_string(),
    ] {
        assert!(!shown.contains(SECRET), "{shown}");
        assert!(shown.contains(REDACTED), "{shown}");
        assert!(
            shown.contains("https://example.my.salesforce.com"),
            "{shown}"
        );
    }
}

#[test]
fn a_changed_create_only_property_replaces_with_its_reasons_and_no_patch() {
    let before = salesforce("Public", SECRET);
    let mut after = before.clone();
    after["ConnectorProfileName"] = json!("salesforce-prod-2");
    after["ConnectorLabel"] = json!("label");
    let plan = plan_documents(Some(&before), Some(&after));
    assert_eq!(plan.action, Action::Replace);
    assert_eq!(
        plan.replacement_reasons,
        [Property::ConnectorLabel, Property::ConnectorProfileName]
    );
    assert!(plan.patch.is_empty());
    assert!(plan
        .to_string()
        .contains("ConnectorLabel, ConnectorProfileName"));
}

#[test]
fn a_kms_key_change_warns_that_no_update_applies_it() {
    let mut before = salesforce("Public", SECRET);
    before["KMSArn"] = json!("arn:aws:kms:eu-west-1:123456789012:key/one");
    let mut after = before.clone();
    after["KMSArn"] = json!("arn:aws:kms:eu-west-1:123456789012:key/two");
    let plan = plan_documents(Some(&before), Some(&after));
    assert_eq!(plan.action, Action::Update);
    let codes: Vec<PlanCode> = plan.warnings.iter().map(|w| w.code).collect();
    assert_eq!(codes, [PlanCode::NotUpdatable]);
    assert_eq!(plan.warnings[0].property, Property::KmsArn);
    assert!(plan.warnings[0]
        .message
        .contains("UpdateConnectorProfileRequest has no `kmsArn`"));
}

#[test]
fn an_update_without_the_config_warns_and_removing_a_write_only_property_cannot_be_patched() {
    let before = salesforce("Public", SECRET);
    let mut after = before.clone();
    after["ConnectionMode"] = json!("Private");
    after
        .as_object_mut()
        .unwrap()
        .remove("ConnectorProfileConfig");
    let plan = plan_documents(Some(&before), Some(&after));
    assert_eq!(plan.action, Action::Update);
    let codes: Vec<PlanCode> = plan.warnings.iter().map(|w| w.code).collect();
    assert_eq!(
        codes,
        [PlanCode::UpdateRequires, PlanCode::WriteOnlyRemoval]
    );
    assert_eq!(plan.patch.len(), 1);
    assert_eq!(plan.patch[0].op, PatchOp::Replace);
}

#[test]
fn optional_members_are_added_and_removed_and_read_only_ones_never_sent() {
    let before = salesforce("Public", SECRET);
    let mut after = before.clone();
    after["ConnectorProfileArn"] =
        json!("arn:aws:appflow:eu-west-1:123456789012:connectorprofile/x");
    let plan = plan_documents(Some(&before), Some(&after));
    assert_eq!(plan.action, Action::NoChange, "{plan}");
    assert_eq!(plan.warnings[0].code, PlanCode::ReadOnly);
    // An intrinsic function is compared as the expression it is.
    let mut with_ref = before.clone();
    with_ref["ConnectionMode"] = json!({"Ref": "Mode"});
    assert_eq!(
        plan_documents(Some(&with_ref), Some(&with_ref)).action,
        Action::NoChange
    );
    let mut other_ref = before.clone();
    other_ref["ConnectionMode"] = json!({"Ref": "OtherMode"});
    let changed = plan_documents(Some(&with_ref), Some(&other_ref));
    assert_eq!(changed.action, Action::Update);
    assert_eq!(changed.patch[0].op, PatchOp::Replace);
}

#[test]
fn arns_parse_format_and_name_the_primary_identifier() {
    for partition in resource::ARN_PARTITIONS {
        let text = format!("arn:{partition}:appflow:us-east-1:123456789012:connectorprofile/p1");
        let arn: Arn = text.parse().unwrap();
        assert_eq!(arn.partition(), *partition);
        assert_eq!(arn.primary_identifier(), "p1");
        assert_eq!(arn.to_string(), text);
    }
    let built = Arn::new("aws", "eu-west-1", "123456789012", "p").unwrap();
    assert_eq!(
        built.to_string(),
        "arn:aws:appflow:eu-west-1:123456789012:connectorprofile/p"
    );
    assert!(Arn::new("aws", "eu-west-1", "123456789012", "x".repeat(257)).is_err());
    assert!(Arn::parse("arn:aws-iso:appflow:us-east-1:123456789012:connectorprofile/p").is_err());
    assert!(Arn::parse("arn:aws:appflow:us-east-1:123456789012:flow/p").is_err());
}

fn described() -> Vec<api::ConnectorProfile> {
    let text =
        std::fs::read_to_string(root().join("tests/fixtures/describe/connector-profiles.json"))
            .unwrap();
    let response: api::DescribeConnectorProfilesResponse = serde_json::from_str(&text).unwrap();
    response.connector_profile_details.unwrap()
}

#[test]
fn import_keeps_the_arns_and_says_what_a_read_cannot_return() {
    let profiles = described();
    assert_eq!(profiles.len(), 4);
    for described in &profiles {
        let imported = import(described).unwrap();
        let properties = serde_json::to_value(&imported.resource).unwrap();
        let name = described.connector_profile_name.as_deref().unwrap();
        assert_eq!(properties["ConnectorProfileName"], json!(name));
        assert_eq!(
            properties["ConnectorProfileArn"],
            json!(described.connector_profile_arn)
        );
        assert_eq!(
            properties["CredentialsArn"],
            json!(described.credentials_arn)
        );
        assert!(properties["ConnectorProfileConfig"]["ConnectorProfileProperties"].is_object());
        assert!(properties["ConnectorProfileConfig"]
            .get("ConnectorProfileCredentials")
            .is_none());
        assert_eq!(imported.arn.as_ref().unwrap().primary_identifier(), name);
        let profile = imported.profile.expect("a connector with configuration");
        assert_eq!(profile.connector_profile_name, name);
        assert_eq!(imported.not_returned, NOT_RETURNED);
        assert!(imported.dropped.contains(&"createdAt"));
    }
    let pointers: Vec<&str> = NOT_RETURNED.iter().map(|n| n.pointer).collect();
    assert_eq!(
        pointers,
        [
            "/ConnectorProfileConfig/ConnectorProfileCredentials",
            "/KMSArn"
        ]
    );
    assert!(NOT_RETURNED[0].secret);
    let custom = import(&profiles[3]).unwrap();
    let properties = serde_json::to_value(&custom.resource).unwrap();
    assert_eq!(properties["ConnectorLabel"], json!("InventoryConnector"));
    assert_eq!(
        properties["ConnectorProfileConfig"]["ConnectorProfileProperties"]["CustomConnector"]
            ["OAuth2Properties"]["OAuth2GrantType"],
        json!("CLIENT_CREDENTIALS")
    );
    assert!(matches!(
        custom.profile.unwrap().connector,
        Connector::CustomConnector { .. }
    ));
}

#[test]
fn enums_convert_between_the_forms_keeping_unknown_values() {
    assert_eq!(
        api::ConnectorType::from(cfn::ConnectorType::Googleanalytics),
        api::ConnectorType::Googleanalytics
    );
    assert_eq!(
        cfn::ConnectorType::from(api::ConnectorType::CustomConnector),
        cfn::ConnectorType::CustomConnector
    );
    assert_eq!(
        api::ConnectionMode::from(cfn::ConnectionMode::Private),
        api::ConnectionMode::Private
    );
    assert_eq!(
        api::AuthenticationType::from(cfn::AuthenticationType::Oauth2).as_str(),
        "OAUTH2"
    );
    // API-only values stay what they are.
    let s3 = cfn::ConnectorType::from(api::ConnectorType::S3);
    assert!(s3.is_unknown());
    assert_eq!(s3.as_str(), "S3");
    assert_eq!(api::ConnectorType::from(s3), api::ConnectorType::S3);
    for value in cfn::ConnectorType::values() {
        let api_value = api::ConnectorType::from(cfn::ConnectorType::from(*value));
        assert!(api_value.as_str().eq_ignore_ascii_case(value));
        assert!(!api_value.is_unknown(), "{value}");
    }
}

#[test]
fn profiles_serialize_as_their_create_request_and_validate_on_reading() {
    let profile: Profile = serde_json::from_value(json!({
        "connectorProfileName": "p",
        "connectorType": "Datadog",
        "connectionMode": "Public",
        "connectorProfileConfig": {
            "connectorProfileCredentials": {"Datadog": {"apiKey": SECRET, "applicationKey": "k"}},
            "connectorProfileProperties": {"Datadog": {"instanceUrl": "https://api.datadoghq.eu"}}
        }
    }))
    .unwrap();
    assert!(profile.validate().is_ok());
    let written = serde_json::to_value(&profile).unwrap();
    assert_eq!(written["connectorType"], json!("Datadog"));
    assert_eq!(serde_json::from_value::<Profile>(written).unwrap(), profile);
    let error = serde_json::from_value::<Profile>(json!({
        "connectorProfileName": "p",
        "connectorType": "Datadog",
        "connectionMode": "Public",
        "connectorProfileConfig": {
            "connectorProfileCredentials": {"Datadog": {"apiKey": SECRET, "applicationKey": ""}},
            "connectorProfileProperties": {"Datadog": {"instanceUrl": "https://api.datadoghq.eu"}}
        }
    }))
    .unwrap_err()
    .to_string();
    assert!(error.contains("error"), "{error}");
    assert!(!error.contains(SECRET), "{error}");
}

#[test]
fn the_iam_policy_scopes_what_can_be_scoped() {
    let scope = PolicyScope {
        partition: Some("aws".into()),
        region: Some("eu-west-1".into()),
        account: Some("123456789012".into()),
        name: Some("p1".into()),
    };
    let policy = iam_policy(&["create", "read", "update", "delete", "list"], &scope).unwrap();
    assert_eq!(policy["Version"], json!("2012-10-17"));
    let statements = policy["Statement"].as_array().unwrap();
    let mut actions = Vec::new();
    for statement in statements {
        let sid = statement["Sid"].as_str().unwrap();
        assert!(sid.chars().all(|c| c.is_ascii_alphanumeric()), "{sid}");
        for action in statement["Action"].as_array().unwrap() {
            actions.push(action.as_str().unwrap().to_owned());
        }
        let resource = statement["Resource"].as_str().unwrap();
        if statement["Action"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "appflow:CreateConnectorProfile")
        {
            assert_eq!(
                resource,
                "arn:aws:appflow:eu-west-1:123456789012:connectorprofile/p1"
            );
        }
        assert!(!resource.contains("${"), "{resource}");
    }
    let mut expected: Vec<String> = IAM_ACTIONS.iter().map(|a| a.action.to_owned()).collect();
    expected.sort();
    actions.sort();
    assert_eq!(actions, expected);
    let read_only = iam_policy(&["read"], &PolicyScope::default()).unwrap();
    assert_eq!(read_only["Statement"].as_array().unwrap().len(), 1);
    assert_eq!(read_only["Statement"][0]["Resource"], json!("*"));
    let error = iam_policy(&["creat"], &scope).unwrap_err();
    assert!(error.contains("did you mean `create`?"), "{error}");
}

#[test]
fn the_iam_policy_refuses_what_cannot_be_in_an_arn() {
    let with = |edit: &dyn Fn(&mut PolicyScope)| {
        let mut scope = PolicyScope::default();
        edit(&mut scope);
        iam_policy(&["create"], &scope)
    };
    let error = with(&|s| s.partition = Some("aws-gov".into())).unwrap_err();
    assert!(error.contains("did you mean `aws-us-gov`?"), "{error}");
    let error = with(&|s| s.partition = Some("aws-cm".into())).unwrap_err();
    assert!(error.contains("did you mean `aws-cn`?"), "{error}");
    assert!(with(&|s| s.account = Some("12345".into())).is_err());
    assert!(with(&|s| s.account = Some("12345678901a".into())).is_err());
    assert!(with(&|s| s.region = Some("EU West".into())).is_err());
    assert!(with(&|s| s.name = Some(String::new())).is_err());
    assert!(with(&|s| s.name = Some("x".repeat(257))).is_err());
    for partition in ARN_PARTITIONS {
        assert!(with(&|s| s.partition = Some((*partition).into())).is_ok());
    }
}

#[test]
fn the_iam_policy_statement_ids_say_the_scope_they_grant() {
    let sids = |scope: &PolicyScope| -> Vec<(String, String)> {
        let policy = iam_policy(&["create", "read", "update", "delete", "list"], scope).unwrap();
        policy["Statement"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s["Sid"].as_str().unwrap().to_owned(),
                    s["Resource"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let words = |placeholder: &str| {
        IAM_SID_SCOPE
            .iter()
            .find(|w| w.placeholder == placeholder)
            .unwrap()
    };
    let (name, account, region) = (words("${Name}"), words("${Account}"), words("${Region}"));
    // Nothing given: no statement id claims one profile, account or region.
    for (sid, resource) in sids(&PolicyScope::default()) {
        assert!(!sid.contains('$'), "{sid}");
        assert!(sid.chars().all(|c| c.is_ascii_alphanumeric()), "{sid}");
        for part in [name, account, region] {
            assert!(!sid.contains(part.given), "{sid} grants {resource}");
        }
        if resource.contains("connectorprofile/*") {
            assert!(sid.contains(name.any), "{sid}");
        }
    }
    // Every part given: the statement of the profile's own actions says so.
    let scope = PolicyScope {
        partition: Some("aws".into()),
        region: Some("eu-west-1".into()),
        account: Some("123456789012".into()),
        name: Some("p1".into()),
    };
    let named: Vec<_> = sids(&scope)
        .into_iter()
        .filter(|(_, r)| r.ends_with("connectorprofile/p1"))
        .collect();
    assert_eq!(named.len(), 1, "{named:?}");
    for part in [name, account, region] {
        assert!(named[0].0.contains(part.given), "{named:?}");
        assert!(!named[0].0.contains(part.any), "{named:?}");
    }
}

#[test]
fn iam_toml_must_cover_exactly_the_handlers_actions() {
    // An entry no handler needs (here misspelled, so the real action has none either) is stale:
    // strict lowering (`regenerate`) fails naming both, `update-schemas` lowers without them.
    let mut misspelled = appflow_tests::inputs();
    misspelled.iam = misspelled
        .iam
        .replace("action = \"kms:ListKeys\"", "action = \"kms:ListKeyz\"");
    let error = codegen::lower::build(&misspelled).unwrap_err().to_string();
    assert!(error.contains("iam.toml#/action/"), "{error}");
    assert!(error.contains("no handler"), "{error}");
    assert!(
        error.contains("`kms:ListKeys`, which has no entry"),
        "{error}"
    );
    let lowered = codegen::lower::build_allowing_stale(&misspelled).unwrap();
    let notes: Vec<String> = lowered.stale.iter().map(ToString::to_string).collect();
    assert_eq!(notes.len(), 2, "{notes:?}");
    let actions: Vec<&str> = lowered
        .ir
        .lifecycle
        .iam
        .as_ref()
        .unwrap()
        .actions
        .iter()
        .map(|a| a.action.as_str())
        .collect();
    assert!(!actions.contains(&"kms:ListKeyz"), "{actions:?}");
    assert!(!actions.contains(&"kms:ListKeys"), "{actions:?}");
    // A malformed entry stays an error, even where stale entries are allowed.
    let mut bad_sid = appflow_tests::inputs();
    let sid = "sid = \"AppFlow${Name}${Account}${Region}\"";
    assert!(bad_sid.iam.contains(sid));
    bad_sid.iam = bad_sid.iam.replacen(sid, "sid = \"not a sid\"", 1);
    assert!(codegen::lower::build(&bad_sid).is_err());
    assert!(codegen::lower::build_allowing_stale(&bad_sid).is_err());
    // A statement id naming a part its resource lacks (IAM ARNs have no region), or a scope word
    // that is not letters and digits, is an error too.
    let mut no_region = appflow_tests::inputs();
    let sid = "sid = \"IamPassRoleEveryRole${Account}TheRoleIsChosenPerConnector\"";
    assert!(no_region.iam.contains(sid));
    no_region.iam = no_region
        .iam
        .replacen(sid, "sid = \"IamPassRole${Region}\"", 1);
    let error = codegen::lower::build(&no_region).unwrap_err().to_string();
    assert!(error.contains("does not hold"), "{error}");
    let mut bad_words = appflow_tests::inputs();
    bad_words.iam = bad_words
        .iam
        .replacen("any = \"InAnyRegion\"", "any = \"in any region\"", 1);
    let error = codegen::lower::build(&bad_words).unwrap_err().to_string();
    assert!(error.contains("sid_scope"), "{error}");
}

#[test]
fn a_plans_values_are_what_serde_writes() {
    // The crate writes typed values as JSON through its member tables, not serde: every value a
    // patch carries must be the one `Serialize` writes (member order included), secrets, boxed
    // connector structs, maps, enums, numbers and unknown members of open objects alike.
    let mut checked = 0;
    for (name, text) in fixture_files("connectors/cfn") {
        let mut desired: Value = serde_json::from_str(&text).unwrap();
        if name == "Salesforce.max.json" {
            desired["ConnectorProfileConfig"]["ConnectorProfileCredentials"]["Salesforce"]
                ["Extra"] = json!({"kept": [1, 2.5, null, "x", {"b": true}]});
        }
        let mut current = desired.clone();
        current["ConnectionMode"] = json!(if desired["ConnectionMode"] == "Public" {
            "Private"
        } else {
            "Public"
        });
        let desired = typed(desired);
        let plan = plan(Some(&typed(current)), Some(&desired));
        let written = serde_json::to_value(&desired).unwrap();
        for op in plan.patch_document().as_array().unwrap() {
            let property = op["path"].as_str().unwrap().trim_start_matches('/');
            assert_eq!(
                serde_json::to_string(&op["value"]).unwrap(),
                serde_json::to_string(&written[property]).unwrap(),
                "{name}: {property}"
            );
            checked += 1;
        }
    }
    // ConnectionMode, ConnectorProfileConfig and KMSArn (when set) for every connector.
    assert!(checked >= 60, "{checked} values compared");
}

fn fixture_files(dir: &str) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> =
        std::fs::read_dir(root().join("tests/fixtures").join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                (name, std::fs::read_to_string(&p).unwrap())
            })
            .collect();
    files.sort();
    files
}

#[test]
fn a_plan_lists_each_changed_leaf_and_marks_secrets() {
    use appflow_connector_profile::lifecycle::ChangeKind;
    let current = json!({
        "ConnectorProfileName": "p", "ConnectorType": "Salesforce", "ConnectionMode": "Public",
        "ConnectorProfileConfig": {
            "ConnectorProfileCredentials": {"Salesforce": {"AccessToken": "old-token", "Misplaced": "x"}},
            "ConnectorProfileProperties": {"Salesforce": {"InstanceUrl": {"Ref": "Url"}}}
        }
    });
    let mut desired = current.clone();
    let config = &mut desired["ConnectorProfileConfig"];
    config["ConnectorProfileCredentials"]["Salesforce"]["AccessToken"] = json!("new-token");
    config["ConnectorProfileCredentials"]["Salesforce"]["Misplaced"] = json!("y");
    config["ConnectorProfileProperties"]["Salesforce"]["InstanceUrl"] = json!({"Ref": "OtherUrl"});
    config["ConnectorProfileProperties"]["Salesforce"]["isSandboxEnvironment"] = json!(true);
    desired.as_object_mut().unwrap().remove("ConnectionMode");
    let plan = plan_documents(Some(&current), Some(&desired));
    let changes: Vec<(ChangeKind, &str, bool)> = plan
        .changes
        .iter()
        .map(|c| (c.kind, c.pointer.as_str(), c.sensitive))
        .collect();
    assert_eq!(
        changes,
        [
            (ChangeKind::Removed, "/ConnectionMode", false),
            (ChangeKind::Changed, "/ConnectorProfileConfig/ConnectorProfileCredentials/Salesforce/AccessToken", true),
            (ChangeKind::Changed, "/ConnectorProfileConfig/ConnectorProfileCredentials/Salesforce/Misplaced", true),
            (ChangeKind::Changed, "/ConnectorProfileConfig/ConnectorProfileProperties/Salesforce/InstanceUrl", false),
            (ChangeKind::Added, "/ConnectorProfileConfig/ConnectorProfileProperties/Salesforce/isSandboxEnvironment", false),
        ]
    );
    let shown = plan.to_string();
    assert!(
        !shown.contains("token") && !shown.contains("\"y\""),
        "{shown}"
    );
    assert!(shown.contains("(sensitive value changed)"), "{shown}");
    assert!(
        shown.contains(r#"{"Ref":"Url"} -> {"Ref":"OtherUrl"}"#),
        "{shown}"
    );
    assert!(shown.contains("- /ConnectionMode: \"Public\""), "{shown}");
    // Unchanged: no leaf.
    assert!(plan_documents(Some(&current), Some(&current))
        .changes
        .is_empty());
}

/// `schemas/secrets.toml` `[[reference]]`: a member redacted as a secret that names one kept
/// elsewhere (the ARN of a Secrets Manager secret) is told from a secret, on the CloudFormation
/// side through the link to its API member.
#[test]
fn secret_references_are_told_from_secrets() {
    use appflow_connector_profile::lifecycle::{holds_secret_reference, redact_properties};
    let credentials = "/ConnectorProfileConfig/ConnectorProfileCredentials";
    for connector in ["Salesforce", "Pardot"] {
        let arn = format!("{credentials}/{connector}/ClientCredentialsArn");
        assert!(holds_secret_reference(&arn), "{arn}");
        assert!(!holds_secret_reference(&format!(
            "{credentials}/{connector}/AccessToken"
        )));
        // Still redacted.
        let doc = serde_json::json!({"ConnectorProfileConfig": {"ConnectorProfileCredentials": {
            connector: {"ClientCredentialsArn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:x"}
        }}});
        let redacted = redact_properties(&doc);
        assert_eq!(
            redacted.pointer(&arn),
            Some(&serde_json::Value::from(
                appflow_connector_profile::REDACTED
            ))
        );
    }
    for other in [
        "",
        "/",
        "/KMSArn",
        "/ConnectorProfileConfig",
        "/ConnectorProfileConfig/ConnectorProfileCredentials/Zendesk/ClientSecret",
        "/ConnectorProfileConfig/ConnectorProfileCredentials/Salesforce/ClientCredentialsArn/x",
        "/Nope/ClientCredentialsArn",
    ] {
        assert!(!holds_secret_reference(other), "{other}");
    }
}

/// `secret_members` finds exactly what `redact_properties` redacts, with the same pointers, and
/// says which of them name a secret kept elsewhere as `holds_secret_reference` does: the
/// command's secret checks walk the document with it instead of comparing a redacted copy.
#[test]
fn secret_members_are_what_redaction_replaces() {
    use appflow_connector_profile::lifecycle::{
        holds_secret_reference, redact_properties, secret_members,
    };
    fn replaced(original: &Value, redacted: &Value, pointer: &str, out: &mut Vec<String>) {
        match (original, redacted) {
            (Value::Object(a), Value::Object(b)) => {
                for (key, value) in a {
                    let token = key.replace('~', "~0").replace('/', "~1");
                    replaced(value, &b[key], &format!("{pointer}/{token}"), out);
                }
            }
            (Value::Array(a), Value::Array(b)) => {
                for (i, (value, shown)) in a.iter().zip(b).enumerate() {
                    replaced(value, shown, &format!("{pointer}/{i}"), out);
                }
            }
            (value, Value::String(shown))
                if shown == REDACTED && value.as_str() != Some(REDACTED) =>
            {
                out.push(pointer.to_owned())
            }
            _ => {}
        }
    }
    let mut documents: Vec<Value> = Vec::new();
    for entry in std::fs::read_dir(root().join("tests/fixtures/connectors/cfn")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            documents.push(serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap());
        }
    }
    assert!(documents.len() >= 18, "{}", documents.len());
    // Undeclared keys in credentials (redacted whole), escapes in keys, an object where a secret
    // stands, a value that is already the redaction marker.
    documents.push(json!({"ConnectorProfileConfig": {"ConnectorProfileCredentials": {
        "Salesforce": {"AccessToken": {"nested": "x"}, "Mystery~/Key": "y", "RefreshToken": REDACTED},
        "Snowflake": {"Username": "u", "Password": "p"}
    }, "ConnectorProfileProperties": {"Snowflake": {"Warehouse": "w"}}}, "ConnectorType": "Salesforce"}));
    // Arrays where objects belong: their items are walked as the object would be, and an
    // array where a secret stands is redacted whole.
    documents.push(
        json!({"ConnectorProfileConfig": {"ConnectorProfileCredentials": {
            "Salesforce": [{"AccessToken": "a"}, "b", [{"ClientCredentialsArn": "c", "Odd/~": 1}]],
            "Datadog": {"ApiKey": ["k1", "k2"], "ApplicationKey": REDACTED},
            "Mystery": [{"x": "y"}]
        }}}),
    );
    // Keys as long as a member's name, differing from it in the last byte or in the middle: not
    // the member (so nothing below them is a secret).
    let credentials = json!({"ConnectorProfileCredentials": {"Datadog": {"ApiKey": "k"}}});
    documents.push(json!({
        "ConnectorProfileConfiG": credentials, "ConnectorProfileCOnfig": credentials,
        "ConnectorProfileConfig": {"ConnectorProfileCredentialS": credentials["ConnectorProfileCredentials"]}
    }));
    let mut total = 0;
    let mut references = 0;
    for document in &documents {
        let mut expected = Vec::new();
        replaced(document, &redact_properties(document), "", &mut expected);
        let found: Vec<String> = secret_members(document)
            .into_iter()
            .map(|member| member.pointer)
            .collect();
        assert_eq!(found, expected, "{document}");
        for member in secret_members(document) {
            assert_eq!(
                document.pointer(&member.pointer),
                Some(member.value),
                "{}",
                member.pointer
            );
            assert_eq!(
                member.reference,
                holds_secret_reference(&member.pointer),
                "{}",
                member.pointer
            );
            references += usize::from(member.reference);
        }
        total += found.len();
    }
    assert!(total > documents.len(), "{total}");
    assert!(references > 0, "no fixture names a secret kept elsewhere");
}
