//! `schemas/terraform.toml`: every attribute and block of hashicorp/aws's `aws_appflow_connector_profile`
//! maps to an AppFlow API member of the matching kind, by the file's rule (snake_case of the member's name,
//! after its word replacements) or by one of its listed entries; no listed entry is unused; and the API
//! members the provider cannot express are the known ones. This file's check of `[aws]` is written apart
//! from codegen's (`codegen::lower::terraform`), on the raw API model, and the two must agree on the
//! generated table (`appflow_connector_profile::terraform::AWS`).
//!
//! hashicorp/awscc's `awscc_appflow_connector_profile` (`[awscc]`): every attribute and object maps to a
//! CloudFormation property by the provider's rule (no entry listed), and the properties it cannot express
//! are the known ones.

use std::collections::{BTreeMap, BTreeSet};

use appflow_tests::root;
use heck::ToSnakeCase;
use serde_json::Value;

/// The file's `[aws]` table and the API model.
fn inputs() -> (toml::Table, Value) {
    let text = std::fs::read_to_string(root().join("schemas/terraform.toml")).unwrap();
    let table: toml::Table = toml::from_str(&text).expect("terraform.toml is TOML");
    let aws = table["aws"].as_table().unwrap().clone();
    let model =
        std::fs::read_to_string(root().join("schemas/api/appflow-2020-08-23.json")).unwrap();
    (aws, serde_json::from_str(&model).unwrap())
}

fn entries<'t>(aws: &'t toml::Table, key: &str) -> Vec<&'t toml::Table> {
    aws.get(key)
        .and_then(toml::Value::as_array)
        .map(|items| items.iter().map(|i| i.as_table().unwrap()).collect())
        .unwrap_or_default()
}

fn text<'t>(table: &'t toml::Table, key: &str) -> &'t str {
    table[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} in {table:?}"))
}

/// The Terraform name the rule gives an API member: its snake_case words, with each run of words
/// `api` (`o_auth`) written `terraform` (`oauth`), whole words only.
fn rule_name(member: &str, words: &[(Vec<String>, String)]) -> String {
    let snake = member.to_snake_case();
    let tokens: Vec<&str> = snake.split('_').collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    'tokens: while i < tokens.len() {
        for (api, terraform) in words {
            let api: Vec<&str> = api.iter().map(String::as_str).collect();
            if tokens[i..].starts_with(&api) {
                out.push(terraform.clone());
                i += api.len();
                continue 'tokens;
            }
            // `o_auth2`: the run's last word carries the digits that follow it.
            if let Some((last, head)) = api.split_last() {
                let n = head.len();
                if tokens[i..].len() > n
                    && tokens[i..i + n] == *head
                    && tokens[i + n].strip_prefix(last).is_some_and(|digits| {
                        !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
                    })
                {
                    let digits = &tokens[i + n][last.len()..];
                    out.push(format!("{terraform}{digits}"));
                    i += n + 1;
                    continue 'tokens;
                }
            }
        }
        out.push(tokens[i].to_owned());
        i += 1;
    }
    out.join("_")
}

/// A shape's members: name → target shape.
fn members(model: &Value, shape: &str) -> BTreeMap<String, String> {
    model["shapes"][shape]["members"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v["shape"].as_str().unwrap().to_owned()))
                .collect()
        })
        .unwrap_or_default()
}

fn shape_type<'m>(model: &'m Value, shape: &str) -> &'m str {
    model["shapes"][shape]["type"].as_str().unwrap()
}

/// Whether a Terraform attribute type fits an API shape type.
fn fits(terraform: &str, api: &str) -> bool {
    matches!(
        (terraform, api),
        ("string", "string")
            | ("number", "integer" | "long")
            | ("bool", "boolean")
            | ("list(string)", "list")
            | ("map(string)", "map")
    )
}

/// The API shape at `path` (member names from `root`), if every member exists.
fn api_shape(model: &Value, root_shape: &str, path: &str) -> Option<String> {
    let mut shape = root_shape.to_owned();
    for member in path.split('/') {
        shape = members(model, &shape).get(member)?.clone();
    }
    Some(shape)
}

struct Checked {
    problems: Vec<String>,
    /// API member paths the provider expresses.
    expressed: BTreeSet<String>,
    /// Each Terraform block's API shape and path.
    blocks: BTreeMap<String, (String, String)>,
}

fn check(aws: &toml::Table, model: &Value) -> Checked {
    let api_root = text(aws, "api_root");
    let words: Vec<(Vec<String>, String)> = entries(aws, "word")
        .iter()
        .map(|w| {
            (
                text(w, "api").split('_').map(str::to_owned).collect(),
                text(w, "terraform").to_owned(),
            )
        })
        .collect();
    let renames: BTreeMap<&str, &str> = entries(aws, "rename")
        .iter()
        .map(|r| (text(r, "terraform"), text(r, "api")))
        .collect();
    let terraform_only: BTreeSet<&str> = entries(aws, "terraform_only")
        .iter()
        .map(|t| text(t, "terraform"))
        .collect();
    for entry in entries(aws, "word")
        .into_iter()
        .chain(entries(aws, "rename"))
        .chain(entries(aws, "terraform_only"))
    {
        assert!(!text(entry, "source").is_empty(), "{entry:?} has no source");
    }
    let mut used: BTreeSet<String> = BTreeSet::new();
    let mut checked = Checked {
        problems: Vec::new(),
        expressed: BTreeSet::new(),
        blocks: BTreeMap::new(),
    };
    checked
        .blocks
        .insert(String::new(), (api_root.to_owned(), String::new()));
    let blocks = entries(aws, "block");
    // Parents come before their children in the file.
    for block in &blocks {
        let path = text(block, "path");
        let attributes: Vec<(&str, &str)> = block
            .get("attributes")
            .and_then(toml::Value::as_table)
            .map(|a| {
                a.iter()
                    .map(|(k, v)| (k.as_str(), v.as_str().unwrap()))
                    .collect()
            })
            .unwrap_or_default();
        let children: Vec<&str> = blocks
            .iter()
            .map(|b| text(b, "path"))
            .filter(|p| {
                !p.is_empty()
                    && p.rsplit_once('/').map_or("", |(parent, _)| parent) == path
                    && *p != path
            })
            .collect();
        let Some((shape, api_path)) = checked.blocks.get(path).cloned() else {
            checked
                .problems
                .push(format!("block `{path}`: its parent maps to nothing"));
            continue;
        };
        let shape_members = members(model, &shape);
        let mut resolve = |name: &str, block: bool| -> Option<(String, String)> {
            let full = if path.is_empty() {
                name.to_owned()
            } else {
                format!("{path}/{name}")
            };
            if terraform_only.contains(full.as_str()) {
                used.insert(format!("terraform_only {full}"));
                return None;
            }
            let (member, target) = if let Some(api) = renames.get(full.as_str()) {
                used.insert(format!("rename {full}"));
                let target = api_shape(model, api_root, api);
                let member = api.rsplit('/').next().unwrap().to_owned();
                match target {
                    Some(t) if api.rsplit_once('/').map_or("", |(p, _)| p) == api_path => {
                        (member, t)
                    }
                    _ => {
                        checked.problems.push(format!(
                            "`{full}` is renamed to `{api}`, which is no member of `{shape}`"
                        ));
                        return None;
                    }
                }
            } else {
                let found: Vec<(&String, &String)> = shape_members
                    .iter()
                    .filter(|(m, _)| rule_name(m, &words) == name)
                    .collect();
                match found.as_slice() {
                    [(m, t)] => {
                        for (api, terraform) in &words {
                            if m.to_snake_case().contains(&api.join("_")) {
                                used.insert(format!("word {terraform}"));
                            }
                        }
                        ((*m).clone(), (*t).clone())
                    }
                    _ => {
                        checked.problems.push(format!(
                            "`{full}` maps to no member of `{shape}` ({} by the rule)",
                            found.len()
                        ));
                        return None;
                    }
                }
            };
            let kind = shape_type(model, &target);
            if block != (kind == "structure") {
                checked.problems.push(format!(
                    "`{full}` is a {} but `{member}` is a {kind}",
                    if block { "block" } else { "attribute" }
                ));
            }
            let member_path = if api_path.is_empty() {
                member
            } else {
                format!("{api_path}/{member}")
            };
            checked.expressed.insert(member_path.clone());
            Some((target, member_path))
        };
        let mut misfits = Vec::new();
        for (name, terraform_type) in attributes {
            if let Some((target, member_path)) = resolve(name, false) {
                let kind = shape_type(model, &target).to_owned();
                if !fits(terraform_type, &kind) {
                    misfits.push(format!(
                        "`{path}/{name}` is {terraform_type} but `{member_path}` is {kind}"
                    ));
                }
            }
        }
        for child in children {
            let name = child.rsplit('/').next().unwrap();
            if let Some(resolved) = resolve(name, true) {
                checked.blocks.insert(child.to_owned(), resolved);
            }
        }
        checked.problems.append(&mut misfits);
    }
    for word in entries(aws, "word") {
        if !used.contains(&format!("word {}", text(word, "terraform"))) {
            checked
                .problems
                .push(format!("word `{}` is never used", text(word, "api")));
        }
    }
    for (kind, list) in [("rename", "rename"), ("terraform_only", "terraform_only")] {
        for entry in entries(aws, list) {
            let key = format!("{kind} {}", text(entry, "terraform"));
            if !used.contains(&key) {
                checked
                    .problems
                    .push(format!("{key} names no attribute of the provider"));
            }
        }
    }
    checked
}

/// API members under the shapes the provider's blocks map to that no attribute or block expresses.
fn inexpressible(model: &Value, checked: &Checked) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (shape, api_path) in checked.blocks.values() {
        for member in members(model, shape).keys() {
            let path = if api_path.is_empty() {
                member.clone()
            } else {
                format!("{api_path}/{member}")
            };
            if !checked.expressed.contains(&path) {
                out.insert(path);
            }
        }
    }
    out
}

#[test]
fn every_provider_attribute_maps_to_an_api_member() {
    let (aws, model) = inputs();
    let checked = check(&aws, &model);
    assert_eq!(checked.problems, Vec::<String>::new());
    assert_eq!(entries(&aws, "block").len(), 56);
    assert_eq!(checked.blocks.len(), 56, "every block resolved");
    assert!(checked.expressed.len() > 150);
    assert!(checked
        .expressed
        .contains("connectorProfileConfig/connectorProfileCredentials/Salesforce/oAuth2GrantType"));
}

#[test]
fn the_members_the_provider_cannot_express_are_known() {
    let (aws, model) = inputs();
    let checked = check(&aws, &model);
    let gaps = inexpressible(&model, &checked);
    let expected: BTreeSet<String> = [
        // Generated by the provider for each request.
        "clientToken",
        // hashicorp/terraform-provider-aws #48988 (issue 26).
        "connectorProfileConfig/connectorProfileProperties/Redshift/isRedshiftServerless",
        "connectorProfileConfig/connectorProfileProperties/Redshift/workgroupName",
        "connectorProfileConfig/connectorProfileProperties/SAPOData/disableSSO",
        "connectorProfileConfig/connectorProfileProperties/Pardot",
        "connectorProfileConfig/connectorProfileCredentials/Pardot",
        "connectorProfileConfig/connectorProfileCredentials/ServiceNow/oAuth2Credentials",
        "connectorProfileConfig/connectorProfileCredentials/Snowflake/privateKey",
    ]
    .map(str::to_owned)
    .into_iter()
    // PKCE's code verifier, in every OAuth request the provider has a block for.
    .chain(
        [
            "CustomConnector/oauth2",
            "GoogleAnalytics",
            "Honeycode",
            "Marketo",
            "SAPOData/oAuthCredentials",
            "Salesforce",
            "Slack",
            "Zendesk",
        ]
        .map(|c| {
            format!(
                "connectorProfileConfig/connectorProfileCredentials/{c}/oAuthRequest/codeVerifier"
            )
        }),
    )
    .collect();
    assert_eq!(gaps, expected);
}

#[test]
fn the_rule_and_the_check_can_fail() {
    let words = vec![(vec!["o".to_owned(), "auth".to_owned()], "oauth".to_owned())];
    assert_eq!(rule_name("oAuthRequest", &words), "oauth_request");
    assert_eq!(rule_name("oAuth2GrantType", &words), "oauth2_grant_type");
    assert_eq!(rule_name("SAPOData", &words), "sapo_data");
    assert_eq!(rule_name("twoAuthority", &words), "two_authority");
    let (mut aws, model) = inputs();
    // A rename dropped: `name` no longer maps, and a misspelled block is reported.
    aws.insert("rename".to_owned(), toml::Value::Array(Vec::new()));
    let problems = check(&aws, &model).problems;
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("`name` maps to no member")),
        "{problems:#?}"
    );
    let (mut aws, model) = inputs();
    aws.insert("word".to_owned(), toml::Value::Array(Vec::new()));
    let problems = check(&aws, &model).problems;
    assert!(
        problems
            .iter()
            .any(|p| p.contains("salesforce/oauth_request` maps to no member")),
        "{problems:#?}"
    );
}

/// Every member path an attribute of `attributes` (at member path `at`) maps to, at any depth.
fn table_members(
    attributes: &[appflow_connector_profile::terraform::Attribute],
    at: &str,
    out: &mut BTreeSet<String>,
) {
    for attribute in attributes {
        let path = if at.is_empty() {
            attribute.member.to_owned()
        } else {
            format!("{at}/{}", attribute.member)
        };
        table_members(attribute.children, &path, out);
        out.insert(path);
    }
}

/// Every attribute of the `[[<provider>.<key>]]` entries, and every nested entry, as Terraform paths.
fn listed_attributes(provider: &toml::Table, key: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for entry in entries(provider, key) {
        let path = text(entry, "path");
        if !path.is_empty() {
            out.insert(path.to_owned());
        }
        if let Some(attributes) = entry.get("attributes").and_then(toml::Value::as_table) {
            for name in attributes.keys() {
                out.insert(if path.is_empty() {
                    name.clone()
                } else {
                    format!("{path}/{name}")
                });
            }
        }
    }
    out
}

/// Every attribute of the generated table, as Terraform paths.
fn table_attributes(
    attributes: &[appflow_connector_profile::terraform::Attribute],
    at: &str,
    out: &mut BTreeSet<String>,
) {
    for attribute in attributes {
        let path = if at.is_empty() {
            attribute.name.to_owned()
        } else {
            format!("{at}/{}", attribute.name)
        };
        table_attributes(attribute.children, &path, out);
        out.insert(path);
    }
}

#[test]
fn the_generated_aws_table_agrees_with_this_check() {
    use appflow_connector_profile::terraform::{Form, Members, Resource, AWS};
    let (aws, model) = inputs();
    let checked = check(&aws, &model);
    let mut members = BTreeSet::new();
    table_members(AWS.attributes, "", &mut members);
    assert_eq!(members, checked.expressed);
    let mut names = BTreeSet::new();
    table_attributes(AWS.attributes, "", &mut names);
    for only in AWS.terraform_only {
        names.insert((*only).to_owned());
    }
    assert_eq!(names, listed_attributes(&aws, "block"));
    assert_eq!(AWS.terraform_only, ["id", "region"]);
    assert_eq!(AWS.import_id, Some("connectorProfileArn"));
    assert_eq!(
        AWS.inexpressible
            .iter()
            .map(|m| (*m).to_owned())
            .collect::<BTreeSet<_>>(),
        inexpressible(&model, &checked)
    );
    assert_eq!(AWS.members, Members::Api);
    // Both directions, and the forms.
    let salesforce = AWS
        .attribute("connector_profile_config")
        .and_then(|c| c.child("connector_profile_credentials"))
        .and_then(|c| c.child("salesforce"))
        .unwrap();
    assert_eq!(salesforce.member, "Salesforce");
    assert_eq!(salesforce.form, Form::Block);
    let grant = salesforce.by_member("oAuth2GrantType").unwrap();
    assert_eq!(grant.name, "oauth2_grant_type");
    assert!(salesforce
        .child("client_credentials_arn")
        .is_some_and(|a| !a.secret));
    assert!(salesforce.child("access_token").is_some_and(|a| a.secret));
    assert_eq!(AWS.by_member("connectorProfileName").unwrap().name, "name");
    assert!(AWS.attribute("id").is_none());
    assert_eq!(
        Resource::by_type_name("aws_appflow_connector_profile"),
        Some(&AWS)
    );
}

#[test]
fn every_awscc_attribute_maps_to_a_cloudformation_property() {
    use appflow_connector_profile::terraform::{Form, Members, Resource, Type, AWSCC};
    let text = std::fs::read_to_string(root().join("schemas/terraform.toml")).unwrap();
    let table: toml::Table = toml::from_str(&text).unwrap();
    let awscc = table["awscc"].as_table().unwrap();
    // By the rule alone: nothing listed.
    for key in ["word", "rename", "terraform_only"] {
        assert!(
            entries(awscc, key).is_empty(),
            "[awscc] lists {key} entries"
        );
    }
    // Codegen leaves out (and `regenerate` refuses) an attribute that maps to nothing; so every
    // attribute the file lists is in the table.
    let mut names = BTreeSet::new();
    table_attributes(AWSCC.attributes, "", &mut names);
    assert_eq!(names, listed_attributes(awscc, "object"));
    assert_eq!(entries(awscc, "object").len(), 52);
    assert_eq!(names.len(), 169);
    assert_eq!(AWSCC.members, Members::CloudFormation);
    let properties = AWSCC
        .attribute("connector_profile_config")
        .and_then(|c| c.child("connector_profile_properties"))
        .unwrap();
    assert_eq!(properties.form, Form::Attribute(Type::Object));
    let oauth2 = properties
        .child("custom_connector")
        .and_then(|c| c.child("o_auth_2_properties"))
        .unwrap();
    assert_eq!(oauth2.member, "OAuth2Properties");
    assert_eq!(
        oauth2.child("o_auth_2_grant_type").unwrap().member,
        "OAuth2GrantType"
    );
    assert_eq!(
        properties
            .child("salesforce")
            .and_then(|s| s.child("is_sandbox_environment"))
            .map(|a| (a.member, a.form)),
        Some(("isSandboxEnvironment", Form::Attribute(Type::Bool)))
    );
    assert_eq!(AWSCC.by_member("KMSArn").unwrap().name, "kms_arn");
    assert_eq!(AWSCC.import_id, None);
    assert_eq!(
        Resource::by_type_name("awscc_appflow_connector_profile"),
        Some(&AWSCC)
    );
}

#[test]
fn the_properties_awscc_cannot_express_are_known() {
    use appflow_connector_profile::terraform::AWSCC;
    // The provider's schema was generated from an older CloudFormation schema (the read-only
    // `ConnectorProfileArn` and `CredentialsArn` are computed attributes, not counted).
    assert_eq!(
        AWSCC.inexpressible,
        [
            "ConnectorProfileConfig/ConnectorProfileCredentials/Salesforce/JwtToken",
            "ConnectorProfileConfig/ConnectorProfileCredentials/Salesforce/OAuth2GrantType",
            "ConnectorProfileConfig/ConnectorProfileCredentials/ServiceNow/OAuth2Credentials",
            "ConnectorProfileConfig/ConnectorProfileProperties/SAPOData/DisableSSO",
            "ConnectorProfileConfig/ConnectorProfileProperties/Salesforce/usePrivateLinkForMetadataAndAuthorization",
        ]
    );
}

#[test]
fn codegen_refuses_an_attribute_that_maps_to_nothing() {
    let mut inputs = appflow_tests::inputs();
    // An attribute the rule cannot map, and an object whose parent property is gone.
    inputs.terraform = inputs.terraform.replace(
        "attributes = { api_key = \"string\", secret_key = \"string\" }",
        "attributes = { api_key = \"string\", secret_keys = \"string\" }",
    );
    inputs.terraform = inputs
        .terraform
        .replace("rule = \"snake_case_digit_words\"", "rule = \"snake_case\"");
    // An entry nothing uses.
    inputs.terraform = inputs.terraform.replacen(
        "\n[[aws.block]]\npath = \"\"\n",
        "\n[[aws.terraform_only]]\nterraform = \"tags\"\nsource = \"none\"\n\n[[aws.block]]\npath = \"\"\n",
        1,
    );
    inputs.terraform = inputs.terraform.replace(
        "member = \"connectorProfileArn\"",
        "member = \"connectorProfileUrn\"",
    );
    let notes = match codegen::lower::build(&inputs) {
        Err(codegen::Error::Stale(notes)) => notes,
        other => panic!("stale entries expected: {:?}", other.err()),
    };
    let notes: Vec<String> = notes.iter().map(ToString::to_string).collect();
    assert!(
        notes.iter().any(|n| n.contains("`connector_profile_config/connector_profile_credentials/amplitude/secret_keys` maps to no member")),
        "{notes:#?}"
    );
    assert!(
        notes.iter().any(|n| n.starts_with(
            "terraform.toml#/aws/import: `connectorProfileUrn` is no member of `ConnectorProfile`"
        )),
        "{notes:#?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n
                .starts_with("terraform.toml#/aws/terraform_only/2: `tags` names no attribute")),
        "{notes:#?}"
    );
    // With heck's rule alone, awscc's `o_auth_2_grant_type` maps to nothing.
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("terraform.toml#/awscc/object/")
                && n.contains("o_auth_2_properties` maps to no member")),
        "{notes:#?}"
    );
}
