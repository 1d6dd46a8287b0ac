//! Schema drift: the semantic diff of two IRs built from the real schemas and small edits of them,
//! as `cargo xtask drift` reports it (old = schemas/, new = the edited copy).

use appflow_tests::{edited_inputs, inputs};
use codegen::diff::{diff, Change, Drift, Group};
use codegen::ir::Ir;
use serde_json::{json, Value};

fn ir() -> Ir {
    appflow_tests::lower(&inputs()).expect("schemas/ lowers")
}

/// The IR of schemas/ after editing the parsed CloudFormation schema and API model.
fn modified(edit: impl FnOnce(&mut Value, &mut Value)) -> Ir {
    appflow_tests::lower(&edited_inputs(edit)).expect("the edited schemas lower")
}

/// schemas/ → schemas/ edited.
fn drift(edit: impl FnOnce(&mut Value, &mut Value)) -> Drift {
    diff(&ir(), &modified(edit))
}

fn add_acme(cfn: &mut Value, api: &mut Value) {
    cfn["definitions"]["ConnectorType"]["enum"]
        .as_array_mut()
        .unwrap()
        .push(json!("Acme"));
    cfn["definitions"]["AcmeConnectorProfileCredentials"] = json!({
        "type": "object", "additionalProperties": false, "required": ["ApiKey"],
        "properties": { "ApiKey": { "$ref": "#/definitions/ApiKey", "description": "The Acme API key." } }
    });
    cfn["definitions"]["ConnectorProfileCredentials"]["properties"]["Acme"] =
        json!({ "$ref": "#/definitions/AcmeConnectorProfileCredentials" });
    api["shapes"]["ConnectorType"]["enum"]
        .as_array_mut()
        .unwrap()
        .push(json!("Acme"));
    api["shapes"]["AcmeConnectorProfileCredentials"] = json!({
        "type": "structure", "required": ["apiKey"],
        "members": { "apiKey": { "shape": "ApiKey", "documentation": "<p>The Acme API key.</p>" } }
    });
    api["shapes"]["ConnectorProfileCredentials"]["members"]["Acme"] =
        json!({ "shape": "AcmeConnectorProfileCredentials" });
}

#[test]
fn schemas_against_themselves_is_empty() {
    let drift = diff(&ir(), &ir());
    assert!(drift.is_empty());
    assert_eq!(
        drift,
        Drift {
            terraform: drift.terraform.clone(),
            ..Drift::default()
        }
    );
    // The providers' gaps are listed, none new, and are no drift.
    assert_eq!(drift.terraform.len(), 2);
    assert!(drift
        .terraform
        .iter()
        .all(|g| g.members.iter().all(|m| !m.new)));
    assert_eq!(drift.impact(), None);
    assert_eq!(drift.to_text(), "no drift\n");
    assert_eq!(drift.to_markdown(), "No drift.\n");
}

/// The members each Terraform provider cannot express, per provider, those the change opens
/// marked new: a connector upstream adds is one neither provider has.
#[test]
fn terraform_gaps_name_what_a_provider_cannot_express() {
    let drift = drift(add_acme);
    let gaps = |resource: &str| {
        drift
            .terraform
            .iter()
            .find(|g| g.resource == resource)
            .unwrap_or_else(|| panic!("{resource} listed"))
    };
    let aws = gaps("aws_appflow_connector_profile");
    assert_eq!(aws.module, "api");
    assert!(aws.provider.starts_with("hashicorp/aws "));
    let new: Vec<&str> = aws
        .members
        .iter()
        .filter(|g| g.new)
        .map(|g| g.member.as_str())
        .collect();
    assert_eq!(
        new,
        ["connectorProfileConfig/connectorProfileCredentials/Acme"]
    );
    assert!(aws.members.iter().any(|g| !g.new
        && g.member == "connectorProfileConfig/connectorProfileProperties/Redshift/workgroupName"));
    let awscc = gaps("awscc_appflow_connector_profile");
    assert_eq!(awscc.module, "cfn");
    let new: Vec<&str> = awscc
        .members
        .iter()
        .filter(|g| g.new)
        .map(|g| g.member.as_str())
        .collect();
    assert_eq!(
        new,
        ["ConnectorProfileConfig/ConnectorProfileCredentials/Acme"]
    );
    let text = drift.to_text();
    assert!(
        text.contains("terraform: members a provider cannot express\n  aws_appflow_connector_profile (hashicorp/aws "),
        "{text}"
    );
    assert!(
        text.contains("    [new] connectorProfileConfig/connectorProfileCredentials/Acme\n"),
        "{text}"
    );
    assert!(drift
        .to_markdown()
        .contains("- **new** `ConnectorProfileConfig/ConnectorProfileCredentials/Acme`"));
    let json: Value = serde_json::from_str(&drift.to_json()).unwrap();
    assert_eq!(
        json["terraform"][0]["resource"],
        "aws_appflow_connector_profile"
    );
    // The gaps change no impact: the connector's own changes decide it.
    assert_eq!(
        drift.impact(),
        Drift {
            terraform: Vec::new(),
            ..drift.clone()
        }
        .impact()
    );
}

#[test]
fn connector_added() {
    let drift = drift(add_acme);
    // The new connector is a connector key: everything about it is grouped under it.
    for module in &drift.modules {
        assert_eq!(
            module.groups.keys().collect::<Vec<_>>(),
            [&Group::Connector("Acme".into())],
            "{}",
            module.module
        );
    }
    insta::assert_snapshot!(drift.to_text());
}

#[test]
fn connector_added_markdown() {
    insta::assert_snapshot!(drift(add_acme).to_markdown());
}

#[test]
fn connector_removed_json() {
    // Old and new swapped: the connector disappears.
    let drift = diff(&modified(add_acme), &ir());
    insta::assert_snapshot!(drift.to_json());
}

#[test]
fn enum_value_removed() {
    let drift = drift(|cfn, api| {
        // A connector's value (matched to the key ServiceNow ignoring case) and a value of no connector.
        cfn["definitions"]["ConnectorType"]["enum"]
            .as_array_mut()
            .unwrap()
            .retain(|v| v != "Servicenow");
        api["shapes"]["ConnectorType"]["enum"]
            .as_array_mut()
            .unwrap()
            .retain(|v| v != "S3");
    });
    insta::assert_snapshot!(drift.to_text());
}

#[test]
fn max_length_tightened() {
    // AccessToken is inlined into every member that refers to it: each reports the change, under its connector.
    let drift = drift(|cfn, _| cfn["definitions"]["AccessToken"]["maxLength"] = json!(1234));
    insta::assert_snapshot!(drift.to_text());
}

#[test]
fn pattern_changed() {
    let drift = drift(|_, api| api["shapes"]["InstanceUrl"]["pattern"] = json!("^https://\\S+$"));
    insta::assert_snapshot!(drift.to_text());
}

#[test]
fn member_made_required() {
    let drift = drift(|cfn, api| {
        cfn["definitions"]["SalesforceConnectorProfileCredentials"]["required"] =
            json!(["AccessToken"]);
        api["shapes"]["SlackConnectorProfileCredentials"]["required"]
            .as_array_mut()
            .unwrap()
            .push(json!("accessToken"));
    });
    insta::assert_snapshot!(drift.to_text());
}

#[test]
fn member_renamed() {
    let drift = drift(|cfn, api| {
        // A change of case only, and a new name with the same shape and documentation.
        let props = cfn["definitions"]["SalesforceConnectorProfileProperties"]["properties"]
            .as_object_mut()
            .unwrap();
        let member = props.shift_remove("isSandboxEnvironment").unwrap();
        props.insert("IsSandboxEnvironment".into(), member);
        let members = api["shapes"]["SlackConnectorProfileCredentials"]["members"]
            .as_object_mut()
            .unwrap();
        let member = members.shift_remove("accessToken").unwrap();
        members.insert("bearerToken".into(), member);
    });
    // The CloudFormation member matched the API member by name: without it, it is no longer a secret.
    let api = drift.modules.iter().find(|m| m.module == "api").unwrap();
    assert!(
        api.groups[&Group::Connector("Slack".into())].contains(&Change::MemberRenamed {
            type_name: "SlackConnectorProfileCredentials".into(),
            old: "accessToken".into(),
            new: "bearerToken".into(),
        })
    );
    insta::assert_snapshot!(drift.to_text());
}

#[test]
fn a_different_member_is_not_a_rename() {
    let drift = drift(|_, api| {
        let members = api["shapes"]["SlackConnectorProfileCredentials"]["members"]
            .as_object_mut()
            .unwrap();
        members.shift_remove("accessToken").unwrap();
        members.insert(
            "token".into(),
            json!({ "shape": "AccessToken", "documentation": "<p>Another token.</p>" }),
        );
    });
    let text = drift.to_text();
    assert!(
        text.contains(
            "removed member SlackConnectorProfileCredentials.accessToken (string, optional)"
        ),
        "{text}"
    );
    assert!(
        text.contains("added member SlackConnectorProfileCredentials.token (string, optional)"),
        "{text}"
    );
    assert!(!text.contains("renamed"), "{text}");
}

#[test]
fn sensitivity_flipped() {
    // The API shape loses its mark: its members and their CloudFormation counterparts stop being secrets.
    let drift = drift(|_, api| {
        api["shapes"]["ClientSecret"]
            .as_object_mut()
            .unwrap()
            .remove("sensitive");
    });
    insta::assert_snapshot!(drift.to_text());
}

#[test]
fn documentation_changes_are_counted_not_listed() {
    let drift = drift(|cfn, api| {
        cfn["definitions"]["SalesforceConnectorProfileCredentials"]["properties"]["AccessToken"]
            ["description"] = json!("New words.");
        api["shapes"]["SlackConnectorProfileCredentials"]["documentation"] =
            json!("<p>New words.</p>");
        api["shapes"]["SlackConnectorProfileCredentials"]["members"]["clientId"]["documentation"] =
            json!("<p>Other words.</p>");
    });
    assert!(!drift.is_empty());
    let counts: Vec<(String, usize, usize)> = drift
        .modules
        .iter()
        .map(|m| (m.module.clone(), m.change_count(), m.doc_changes))
        .collect();
    // The CloudFormation struct, undocumented, borrows the API's type documentation: 2 in cfn.
    assert_eq!(counts, [("cfn".to_owned(), 0, 2), ("api".to_owned(), 0, 2)]);
    let text = drift.to_text();
    assert_eq!(
        text.split_once("terraform:").map_or(text.as_str(), |(changes, _)| changes),
        "semver impact: documentation\ncfn: 0 changes, 2 documentation changes\napi: 0 changes, 2 documentation changes\n"
    );
}

#[test]
fn diff_is_deterministic() {
    let edit = |cfn: &mut Value, api: &mut Value| {
        add_acme(cfn, api);
        cfn["definitions"]["AccessToken"]["maxLength"] = json!(1234);
    };
    assert_eq!(drift(edit).to_json(), drift(edit).to_json());
}

// ---- semver impact ------------------------------------------------------------------------------

use codegen::diff::Impact;

/// The impact of every listed change, with its one-line description.
fn impacts(drift: &Drift) -> Vec<(Impact, String)> {
    drift
        .modules
        .iter()
        .flat_map(|m| m.groups.values().flatten())
        .map(|c| (c.impact(), c.describe(&|s| s.to_owned())))
        .collect()
}

#[test]
fn impact_of_the_fixtures() {
    let removed_enum_value = |cfn: &mut Value, _: &mut Value| {
        cfn["definitions"]["ConnectorType"]["enum"]
            .as_array_mut()
            .unwrap()
            .retain(|v| v != "Servicenow");
    };
    let cases: Vec<(&str, Drift, Impact)> = vec![
        ("connector added", drift(add_acme), Impact::Additive),
        (
            "connector removed",
            diff(&modified(add_acme), &ir()),
            Impact::Breaking,
        ),
        (
            "enum value removed",
            drift(removed_enum_value),
            Impact::Breaking,
        ),
        (
            "maxLength lowered",
            drift(|cfn, _| cfn["definitions"]["AccessToken"]["maxLength"] = json!(1234)),
            Impact::Breaking,
        ),
        (
            "maxLength raised",
            drift(|cfn, _| cfn["definitions"]["AccessToken"]["maxLength"] = json!(8192)),
            Impact::Additive,
        ),
        (
            "maxLength dropped",
            drift(|_, api| {
                api["shapes"]["InstanceUrl"]
                    .as_object_mut()
                    .unwrap()
                    .remove("max");
            }),
            Impact::Additive,
        ),
        (
            "minLength 0 added: the same values",
            drift(|_, api| api["shapes"]["InstanceUrl"]["min"] = json!(0)),
            Impact::Documentation,
        ),
        (
            "minLength 1 added",
            drift(|_, api| api["shapes"]["InstanceUrl"]["min"] = json!(1)),
            Impact::Breaking,
        ),
        (
            "pattern changed",
            drift(|_, api| api["shapes"]["InstanceUrl"]["pattern"] = json!("^https://\\S+$")),
            Impact::Breaking,
        ),
        (
            "pattern dropped",
            drift(|_, api| {
                api["shapes"]["InstanceUrl"]
                    .as_object_mut()
                    .unwrap()
                    .remove("pattern");
            }),
            Impact::Additive,
        ),
        (
            "member made required",
            drift(|cfn, _| {
                cfn["definitions"]["SalesforceConnectorProfileCredentials"]["required"] =
                    json!(["AccessToken"])
            }),
            Impact::Breaking,
        ),
        (
            "secrecy lost",
            drift(|_, api| {
                api["shapes"]["ClientSecret"]
                    .as_object_mut()
                    .unwrap()
                    .remove("sensitive");
            }),
            Impact::Breaking,
        ),
        (
            "documentation only",
            drift(|_, api| {
                api["shapes"]["SlackConnectorProfileCredentials"]["documentation"] =
                    json!("<p>New words.</p>")
            }),
            Impact::Documentation,
        ),
    ];
    for (name, drift, expected) in cases {
        assert_eq!(
            drift.impact(),
            Some(expected),
            "{name}: {:#?}",
            impacts(&drift)
        );
    }
    assert_eq!(diff(&ir(), &ir()).impact(), None);
}

#[test]
fn each_change_has_its_own_impact() {
    let drift = drift(|cfn, api| {
        add_acme(cfn, api);
        cfn["definitions"]["AccessToken"]["maxLength"] = json!(8192);
        // An optional member added is additive, a required one breaking.
        cfn["definitions"]["SlackConnectorProfileCredentials"]["properties"]["Extra"] =
            json!({"type": "string"});
        api["shapes"]["SlackConnectorProfileCredentials"]["members"]["extra"] =
            json!({"shape": "AccessToken"});
        api["shapes"]["SlackConnectorProfileCredentials"]["required"]
            .as_array_mut()
            .unwrap()
            .push(json!("extra"));
    });
    let all = impacts(&drift);
    let of = |needle: &str| {
        all.iter()
            .filter(|(_, line)| line.contains(needle))
            .map(|(impact, _)| *impact)
            .collect::<Vec<_>>()
    };
    assert_eq!(of("added value Acme"), [Impact::Additive, Impact::Additive]);
    assert_eq!(
        of("AccessToken maxLength: 4096 → 8192").first(),
        Some(&Impact::Additive)
    );
    assert_eq!(
        of("added member SlackConnectorProfileCredentials.Extra"),
        [Impact::Additive]
    );
    assert_eq!(
        of("added member SlackConnectorProfileCredentials.extra"),
        [Impact::Breaking]
    );
    assert_eq!(drift.impact(), Some(Impact::Breaking));
    // Every rendering says it: text, Markdown, and JSON per change and overall.
    assert!(drift.to_text().starts_with("semver impact: breaking\n"));
    assert!(drift
        .to_text()
        .contains("    [breaking] added member SlackConnectorProfileCredentials.extra"));
    assert!(drift
        .to_markdown()
        .starts_with("**Semver impact: breaking**\n"));
    assert!(drift
        .to_markdown()
        .contains("- **additive** added value `Acme` to enum `ConnectorType`"));
    let json: Value = serde_json::from_str(&drift.to_json()).unwrap();
    assert_eq!(json["impact"], "breaking");
    let slack = &json["modules"][1]["groups"]["Slack"];
    assert!(
        slack
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["member"] == "extra" && c["impact"] == "breaking"),
        "{slack}"
    );
}

// ---- errata -------------------------------------------------------------------------------------

fn errata() -> codegen::read::errata::Errata {
    codegen::read::errata::read(codegen::read::ERRATA, &inputs().errata).expect("errata.toml reads")
}

#[test]
fn every_erratum_applies_to_the_vendored_schemas() {
    // Fails when upstream changed a corrected text: retire the erratum (upstream fixed it) or
    // update it (see the drift report).
    let inputs = inputs();
    let errata = errata();
    assert!(!errata.errata.is_empty());
    for (file, text) in [
        (codegen::read::CFN_SCHEMA, &inputs.cfn_schema),
        (codegen::read::API_MODEL, &inputs.api_model),
    ] {
        let mut root: Value = serde_json::from_str(text).unwrap();
        let stale: Vec<_> = errata
            .apply(file, &mut root)
            .iter()
            .map(|e| e.member.clone())
            .collect();
        assert!(stale.is_empty(), "stale errata in {file}: {stale:?}");
    }
}

#[test]
fn the_generated_docs_carry_the_corrections() {
    let files = appflow_tests::generate(&inputs()).unwrap();
    let cfn = &appflow_tests::module_text(&files, "cfn");
    for erratum in &errata().errata {
        assert!(!cfn.contains(&erratum.upstream), "{}", erratum.member);
        assert!(cfn.contains(&erratum.corrected), "{}", erratum.member);
    }
    // Without errata.toml the upstream text is back: the reader applied them.
    let mut bare = inputs();
    bare.errata = String::new();
    let files = appflow_tests::generate(&bare).unwrap();
    assert!(appflow_tests::module_text(&files, "cfn")
        .contains("The maximum number of items to retrieve in a single batch."));
}

#[test]
fn drift_reports_an_upstream_change_under_an_erratum() {
    let fixed = "The name of the connector profile.";
    let new = edited_inputs(|cfn, _| {
        cfn["properties"]["ConnectorProfileName"]["description"] = json!(fixed);
    });
    let changes = codegen::diff::errata_changes(&errata(), &inputs(), &new);
    assert_eq!(changes.len(), 1, "{changes:#?}");
    assert_eq!(changes[0].member, "/properties/ConnectorProfileName");
    assert_eq!(changes[0].new.as_deref(), Some(fixed));
    let mut drift = diff(&ir(), &appflow_tests::lower(&new).unwrap());
    drift.errata = changes;
    // The erratum no longer applies: the docs change to upstream's new text, and the report says why.
    assert_eq!(drift.impact(), Some(Impact::Documentation));
    let text = drift.to_text();
    assert!(
        text.contains("errata:\n  upstream changed the text of cloudformation/aws-appflow-connectorprofile.json#/properties/ConnectorProfileName that schemas/errata.toml corrects: The maximum number of items to retrieve in a single batch. → The name of the connector profile.; the erratum no longer applies"),
        "{text}"
    );
    assert!(drift
        .to_markdown()
        .contains("## Errata\n\n- upstream changed the text of `cloudformation/"));
    // An unchanged text is no change.
    assert!(codegen::diff::errata_changes(&errata(), &inputs(), &inputs()).is_empty());
}
