//! The per-connector rules of `schemas/rules.toml`, one fixture per rule and module under
//! `fixtures/rules/`: each fixture breaks its rule and nothing else, every rule has its fixtures,
//! the findings are snapshotted, and no finding of an invalid document repeats a secret.
//! `<rule-id>.api.json` is a CreateConnectorProfileRequest body; `<rule-id>.api-update.json`, an
//! UpdateConnectorProfileRequest body, is added where a rule is also anchored on the update
//! request (or can only be shown alone there).

use std::collections::{BTreeMap, BTreeSet};

use appflow_connector_profile::validation::Code;
use appflow_connector_profile::{api, cfn, Finding, FromJson, Severity, ValidationErrors};
use appflow_tests::root;
use codegen::ir::{Module, TypeDef, TypeRef};
use serde_json::{json, Value};

/// The other error findings a fixture cannot avoid, with the reason.
///
/// Two connector variants in one profile cannot both be the one `connectorType` names, so on
/// CloudFormation and on CreateConnectorProfile `profile-config-single-connector` always comes with
/// `connector-type-matches-config-variants`. The update request has no `connectorType`:
/// `profile-config-single-connector.api-update.json` shows the rule alone.
const UNAVOIDABLE: &[(&str, &str)] = &[
    (
        "profile-config-single-connector.cfn.json",
        "connector-type-matches-config-variants",
    ),
    (
        "profile-config-single-connector.api.json",
        "connector-type-matches-config-variants",
    ),
];

/// Which document a fixture is, from the part of its name after the rule id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// CloudFormation `Properties` of `AWS::AppFlow::ConnectorProfile`.
    Cfn,
    /// A CreateConnectorProfileRequest body.
    ApiCreate,
    /// An UpdateConnectorProfileRequest body.
    ApiUpdate,
}

impl Kind {
    fn parse(suffix: &str) -> Option<Kind> {
        match suffix {
            "cfn" => Some(Kind::Cfn),
            "api" => Some(Kind::ApiCreate),
            "api-update" => Some(Kind::ApiUpdate),
            _ => None,
        }
    }

    /// The `applies_to` module of rules.toml.
    fn module(self) -> &'static str {
        match self {
            Kind::Cfn => "cfn",
            Kind::ApiCreate | Kind::ApiUpdate => "api",
        }
    }

    /// The IR struct a document of this kind is.
    fn root_type(self) -> &'static str {
        match self {
            Kind::Cfn => "ConnectorProfile",
            Kind::ApiCreate => "CreateConnectorProfileRequest",
            Kind::ApiUpdate => "UpdateConnectorProfileRequest",
        }
    }

    /// The member a structural error is planted in (see `no_secret_in_findings`).
    fn name_member(self) -> &'static str {
        match self {
            Kind::Cfn => "ConnectorProfileName",
            Kind::ApiCreate | Kind::ApiUpdate => "connectorProfileName",
        }
    }

    fn check(self, value: Value) -> Result<Vec<Finding>, ValidationErrors> {
        match self {
            Kind::Cfn => cfn::ConnectorProfile::from_value(value).map(|v| v.warnings),
            Kind::ApiCreate => {
                api::CreateConnectorProfileRequest::from_value(value).map(|v| v.warnings)
            }
            Kind::ApiUpdate => {
                api::UpdateConnectorProfileRequest::from_value(value).map(|v| v.warnings)
            }
        }
    }

    fn check_str(self, text: &str) -> Result<Vec<Finding>, ValidationErrors> {
        match self {
            Kind::Cfn => cfn::ConnectorProfile::from_json_str(text).map(|v| v.warnings),
            Kind::ApiCreate => {
                api::CreateConnectorProfileRequest::from_json_str(text).map(|v| v.warnings)
            }
            Kind::ApiUpdate => {
                api::UpdateConnectorProfileRequest::from_json_str(text).map(|v| v.warnings)
            }
        }
    }
}

/// A fixture under `fixtures/rules/`: `<rule-id>.<cfn|api|api-update>.json`.
struct Fixture {
    file: String,
    rule: String,
    kind: Kind,
    text: String,
}

fn rule_fixtures() -> Vec<Fixture> {
    let dir = root().join("tests/fixtures/rules");
    let mut out: Vec<Fixture> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .map(|path| {
            let file = path.file_name().unwrap().to_string_lossy().into_owned();
            let stem = file
                .strip_suffix(".json")
                .unwrap_or_else(|| panic!("fixtures/rules/{file}: not a .json file"));
            let (rule, suffix) = stem
                .split_once('.')
                .unwrap_or_else(|| panic!("fixtures/rules/{file}: not <rule-id>.<kind>.json"));
            let kind = Kind::parse(suffix).unwrap_or_else(|| {
                panic!("fixtures/rules/{file}: kind `{suffix}` is not cfn, api or api-update")
            });
            Fixture {
                rule: rule.to_owned(),
                kind,
                text: std::fs::read_to_string(&path).unwrap(),
                file,
            }
        })
        .collect();
    out.sort_by(|a, b| a.file.cmp(&b.file));
    out
}

/// A rule of rules.toml: its severity and the modules it applies to.
struct RuleSpec {
    severity: Severity,
    applies_to: Vec<String>,
}

fn rules() -> BTreeMap<String, RuleSpec> {
    let text = std::fs::read_to_string(root().join("schemas/rules.toml")).unwrap();
    let table: toml::Table = toml::from_str(&text).expect("rules.toml is TOML");
    let rules = table["rule"].as_array().expect("rules.toml has [[rule]]s");
    rules
        .iter()
        .map(|rule| {
            let id = rule["id"].as_str().expect("a rule has an id").to_owned();
            let severity = match rule["severity"].as_str() {
                Some("error") => Severity::Error,
                Some("warning") => Severity::Warning,
                other => panic!("rule {id}: severity {other:?}"),
            };
            let applies_to = rule["applies_to"]
                .as_array()
                .unwrap_or_else(|| panic!("rule {id}: applies_to"))
                .iter()
                .map(|m| m.as_str().expect("a module name").to_owned())
                .collect();
            (
                id,
                RuleSpec {
                    severity,
                    applies_to,
                },
            )
        })
        .collect()
}

fn all_findings(result: Result<Vec<Finding>, ValidationErrors>) -> Vec<Finding> {
    match result {
        Ok(warnings) => warnings,
        Err(e) => e.into_findings(),
    }
}

fn render(findings: &[Finding]) -> String {
    findings.iter().map(|f| format!("  {f}\n")).collect()
}

#[test]
fn each_fixture_breaks_its_rule_and_nothing_else() {
    let rules = rules();
    let fixtures = rule_fixtures();
    assert!(!fixtures.is_empty());
    let mut failures = Vec::new();
    for fixture in &fixtures {
        let Some(spec) = rules.get(&fixture.rule) else {
            failures.push(format!(
                "{}: `{}` is not a rule of rules.toml",
                fixture.file, fixture.rule
            ));
            continue;
        };
        if !spec
            .applies_to
            .iter()
            .any(|m| m.as_str() == fixture.kind.module())
        {
            failures.push(format!(
                "{}: the rule does not apply to {}",
                fixture.file,
                fixture.kind.module()
            ));
        }
        let findings = all_findings(fixture.kind.check_str(&fixture.text));
        let own: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.code.as_str() == fixture.rule)
            .collect();
        if own.is_empty() {
            failures.push(format!(
                "{}: no `{}` finding; findings:\n{}",
                fixture.file,
                fixture.rule,
                render(&findings)
            ));
        }
        for finding in &own {
            if finding.severity != spec.severity {
                failures.push(format!(
                    "{}: `{}` is reported as {}, rules.toml says {}",
                    fixture.file, fixture.rule, finding.severity, spec.severity
                ));
            }
        }
        let other_errors: BTreeSet<&str> = findings
            .iter()
            .filter(|f| f.severity == Severity::Error && f.code.as_str() != fixture.rule)
            .map(|f| f.code.as_str())
            .collect();
        let allowed: BTreeSet<&str> = UNAVOIDABLE
            .iter()
            .filter(|(file, _)| *file == fixture.file)
            .map(|(_, code)| *code)
            .collect();
        if other_errors != allowed {
            failures.push(format!(
                "{}: other errors {other_errors:?}, expected {allowed:?}; findings:\n{}",
                fixture.file,
                render(&findings)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_rule_has_a_fixture_for_each_module_it_applies_to() {
    let mut have: BTreeSet<(String, &str)> = BTreeSet::new();
    for fixture in rule_fixtures() {
        have.insert((fixture.rule, fixture.kind.module()));
    }
    let mut missing = Vec::new();
    for (id, spec) in rules() {
        for module in &spec.applies_to {
            if !have.contains(&(id.clone(), module.as_str())) {
                let suffix = if module == "api" {
                    "api|api-update"
                } else {
                    module
                };
                missing.push(format!("fixtures/rules/{id}.{suffix}.json"));
            }
        }
    }
    assert!(missing.is_empty(), "missing:\n{}", missing.join("\n"));
}

#[test]
fn snapshot_of_the_findings_of_every_rule_fixture() {
    let mut out = String::new();
    for fixture in rule_fixtures() {
        for finding in all_findings(fixture.kind.check_str(&fixture.text)) {
            out.push_str(&format!("{}: {finding}\n", fixture.file));
        }
    }
    insta::assert_snapshot!(out);
}

// ---------------------------------------------------------------------------------------------
// Secrets
// ---------------------------------------------------------------------------------------------

use appflow_tests::canary::{canary_key, canary_value, plant, Planted, CANARY};

/// Every secret member reachable from `type_name`: (module, struct, member).
fn reachable_secrets(
    module: &Module,
    type_name: &str,
    seen: &mut BTreeSet<String>,
    out: &mut BTreeSet<(&'static str, String, String)>,
) {
    if !seen.insert(type_name.to_owned()) {
        return;
    }
    let mut named = Vec::new();
    match module.types.get(type_name) {
        Some(TypeDef::Struct(s)) => {
            for field in &s.fields {
                if field.sensitive.is_some() {
                    out.insert((
                        module.kind.module_name(),
                        s.name.clone(),
                        field.wire_name.clone(),
                    ));
                }
                named_types(&field.shape.ty, &mut named);
            }
        }
        Some(TypeDef::Map(map)) => named_types(&map.value.ty, &mut named),
        Some(TypeDef::Enum(_)) | None => {}
    }
    for name in named {
        reachable_secrets(module, &name, seen, out);
    }
}

fn named_types(ty: &TypeRef, out: &mut Vec<String>) {
    match ty {
        TypeRef::Named(name) => out.push(name.clone()),
        TypeRef::List(item) => named_types(&item.ty, out),
        TypeRef::Map { value, .. } => named_types(&value.ty, out),
        _ => {}
    }
}

/// The CustomConnector credentials blocks that no connector fixture holds (the `max` fixture
/// uses OAUTH2), so that every secret member is covered.
fn other_custom_connector_blocks(kind: Kind) -> Value {
    match kind {
        Kind::Cfn => json!({
            "ApiKey": { "ApiKey": "k", "ApiSecretKey": "s" },
            "Basic": { "Username": "u", "Password": "p" },
            "Custom": { "CustomAuthenticationType": "t", "CredentialsMap": { "a": "b", "c": "d" } }
        }),
        Kind::ApiCreate | Kind::ApiUpdate => json!({
            "apiKey": { "apiKey": "k", "apiSecretKey": "s" },
            "basic": { "username": "u", "password": "p" },
            "custom": { "customAuthenticationType": "t", "credentialsMap": { "a": "b", "c": "d" } }
        }),
    }
}

/// The documents the canaries are planted in: every rule fixture and every connector fixture,
/// the CustomConnector ones with all four credentials blocks.
fn canary_documents() -> Vec<(String, Kind, Value)> {
    let mut docs: Vec<(String, Kind, Value)> = rule_fixtures()
        .into_iter()
        .map(|f| {
            let value = serde_json::from_str(&f.text).unwrap();
            (format!("rules/{}", f.file), f.kind, value)
        })
        .collect();
    for (dir, kind) in [("cfn", Kind::Cfn), ("api", Kind::ApiCreate)] {
        let path = root().join("tests/fixtures/connectors").join(dir);
        let mut names: Vec<String> = std::fs::read_dir(&path)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".json"))
            .collect();
        names.sort();
        for name in names {
            let mut value: Value =
                serde_json::from_str(&std::fs::read_to_string(path.join(&name)).unwrap()).unwrap();
            if name.starts_with("CustomConnector.") {
                let (config, credentials) = match kind {
                    Kind::Cfn => ("ConnectorProfileConfig", "ConnectorProfileCredentials"),
                    _ => ("connectorProfileConfig", "connectorProfileCredentials"),
                };
                let block = &mut value[config][credentials]["CustomConnector"];
                for (key, extra) in other_custom_connector_blocks(kind).as_object().unwrap() {
                    block[key] = extra.clone();
                }
            }
            docs.push((format!("connectors/{dir}/{name}"), kind, value));
        }
    }
    docs
}

fn assert_no_canary(what: &str, err: &ValidationErrors) {
    for finding in err.findings() {
        assert!(
            !finding.message.contains(CANARY) && !finding.pointer.contains(CANARY),
            "{what}: a finding repeats a secret: {finding:?}"
        );
    }
    assert!(
        !format!("{err:?}").contains(CANARY),
        "{what}: Debug repeats a secret"
    );
    assert!(
        !err.to_string().contains(CANARY),
        "{what}: Display repeats a secret"
    );
    assert!(
        !format!("{err:#?}").contains(CANARY),
        "{what}: Debug (alternate) repeats a secret"
    );
}

#[test]
fn no_secret_in_findings() {
    let ir = appflow_tests::lower(&appflow_tests::inputs()).unwrap();
    let module = |kind: Kind| if kind == Kind::Cfn { &ir.cfn } else { &ir.api };

    let mut planted = Planted::default();
    let mut checked = 0;
    for (name, kind, mut doc) in canary_documents() {
        let before = planted.pointers.len();
        plant(module(kind), kind.root_type(), &mut doc, "", &mut planted);
        let pointers = planted.pointers[before..].to_vec();
        assert_eq!(
            doc.to_string().contains(CANARY),
            !pointers.is_empty(),
            "{name}: canaries planted at {pointers:?}"
        );
        if pointers.is_empty() {
            // No secret in this document.
            continue;
        }
        // As is: the document is well-formed, so the typed value is validated. With a wrong JSON
        // type elsewhere: the structural check reports every constraint (`deep`) instead.
        let mut broken = doc.clone();
        broken[kind.name_member()] = json!(5);
        for (how, doc) in [("typed", doc), ("structural", broken)] {
            let what = format!("{name} ({how})");
            let err = kind
                .check(doc)
                .expect_err(&format!("{what}: the document is invalid"));
            assert_no_canary(&what, &err);
            for pointer in &pointers {
                assert!(
                    err.errors().any(|f| &f.pointer == pointer),
                    "{what}: no error at the invalid secret {pointer}:\n{err}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 0);

    // Every secret member of the three documents got a canary somewhere.
    let mut reachable = BTreeSet::new();
    for kind in [Kind::Cfn, Kind::ApiCreate, Kind::ApiUpdate] {
        reachable_secrets(
            module(kind),
            kind.root_type(),
            &mut BTreeSet::new(),
            &mut reachable,
        );
    }
    assert!(!reachable.is_empty());
    let uncovered: Vec<_> = reachable.difference(&planted.members).collect();
    assert!(
        uncovered.is_empty(),
        "secret members without a canary: {uncovered:?}"
    );
}

#[test]
fn canary_values_are_themselves_invalid() {
    // JSON text too: the canary test's documents are checked as values, this one as text.
    let doc = json!({
        "ConnectorProfileName": "p", "ConnectionMode": "Public", "ConnectorType": "CustomConnector",
        "ConnectorLabel": "ExampleSaaSConnector",
        "ConnectorProfileConfig": {
            "ConnectorProfileProperties": { "CustomConnector": {} },
            "ConnectorProfileCredentials": { "CustomConnector": {
                "AuthenticationType": "CUSTOM",
                "Custom": { "CustomAuthenticationType": "t",
                            "CredentialsMap": { canary_key(1): canary_value(2) } }
            } }
        }
    });
    let err = Kind::Cfn.check_str(&doc.to_string()).unwrap_err();
    assert_no_canary("CredentialsMap", &err);
    let codes: BTreeSet<Code> = err
        .findings()
        .iter()
        .filter(|f| f.pointer == "/ConnectorProfileConfig/ConnectorProfileCredentials/CustomConnector/Custom/CredentialsMap")
        .map(|f| f.code)
        .collect();
    assert!(
        codes.contains(&Code::KeyPattern) && codes.contains(&Code::Length),
        "{err}"
    );
}

/// The third part of `profile-config-single-connector`: credentials and properties for one
/// connector each, but not the same one. The fixtures show the first two parts (two members in
/// one container); this one needs its own documents. Each side with one member, the same on
/// both, or one side empty, gives no finding.
#[test]
fn credentials_and_properties_must_name_the_same_connector() {
    const RULE: &str = "profile-config-single-connector";
    let salesforce_properties = json!({ "InstanceUrl": "https://example.my.salesforce.com" });
    let slack_properties = json!({ "InstanceUrl": "https://example.slack.com" });
    let cfn_doc = |credentials: Value, properties: Value| {
        json!({
            "ConnectorProfileName": "same-connector",
            "ConnectorType": "Salesforce",
            "ConnectionMode": "Public",
            "ConnectorProfileConfig": {
                "ConnectorProfileCredentials": credentials,
                "ConnectorProfileProperties": properties,
            },
        })
    };
    let update_doc = |credentials: Value, properties: Value| {
        json!({
            "connectorProfileName": "same-connector",
            "connectionMode": "Public",
            "connectorProfileConfig": {
                "connectorProfileCredentials": credentials,
                "connectorProfileProperties": properties,
            },
        })
    };
    let rule_pointers = |kind: Kind, doc: Value| -> Vec<String> {
        all_findings(kind.check_str(&doc.to_string()))
            .into_iter()
            .filter(|f| f.code.as_str() == RULE)
            .map(|f| f.pointer)
            .collect()
    };

    let mismatched = cfn_doc(
        json!({ "Salesforce": {} }),
        json!({ "Slack": slack_properties }),
    );
    assert_eq!(
        rule_pointers(Kind::Cfn, mismatched),
        ["/ConnectorProfileConfig/ConnectorProfileCredentials"]
    );
    let mismatched = update_doc(
        json!({ "Salesforce": {} }),
        json!({ "Slack": { "instanceUrl": "https://example.slack.com" } }),
    );
    assert_eq!(
        rule_pointers(Kind::ApiUpdate, mismatched),
        ["/connectorProfileConfig/connectorProfileCredentials"]
    );

    for (credentials, properties) in [
        (
            json!({ "Salesforce": {} }),
            json!({ "Salesforce": salesforce_properties }),
        ),
        (json!({}), json!({ "Slack": slack_properties })),
        (json!({ "Salesforce": {} }), json!({})),
    ] {
        let doc = cfn_doc(credentials, properties);
        assert_eq!(
            rule_pointers(Kind::Cfn, doc.clone()),
            Vec::<String>::new(),
            "{doc}"
        );
    }
}

/// Every finding of a CloudFormation profile.
fn cfn_findings(value: serde_json::Value) -> Vec<appflow_connector_profile::Finding> {
    match cfn::ConnectorProfile::from_value(value) {
        Ok(validated) => validated.warnings,
        Err(errors) => errors.into_findings(),
    }
}

#[test]
fn one_cause_gives_one_finding_naming_the_values_involved() {
    // Datadog credentials on a Snowflake profile: one error, naming both connectors, spelled as
    // CloudFormation spells the members.
    let findings = cfn_findings(serde_json::json!({
        "ConnectorProfileName": "p", "ConnectorType": "Snowflake", "ConnectionMode": "Public",
        "ConnectorProfileConfig": {"ConnectorProfileCredentials": {"Datadog": {"ApiKey": "k", "ApplicationKey": "a"}}}
    }));
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let message = &findings[0].message;
    assert_eq!(
        findings[0].code.as_str(),
        "connector-type-matches-config-variants"
    );
    assert!(
        message.contains("ConnectorType is `Snowflake`"),
        "{message}"
    );
    assert!(message.contains("has `Datadog`"), "{message}");
    assert!(!message.contains("connectorType"), "{message}");
    // A misspelled connector type: the `enum` error alone.
    let findings = cfn_findings(serde_json::json!({
        "ConnectorProfileName": "p", "ConnectorType": "Salesforc", "ConnectionMode": "Public",
        "ConnectorProfileConfig": {"ConnectorProfileCredentials": {"Salesforce": {"AccessToken": "t"}}}
    }));
    let codes: Vec<&str> = findings.iter().map(|f| f.code.as_str()).collect();
    assert_eq!(codes, ["enum"], "{findings:#?}");
    // The API's spelling in an API document; a grant type named.
    let request: serde_json::Value = serde_json::json!({
        "connectorProfileName": "p", "connectorType": "Salesforce", "connectionMode": "Public",
        "connectorProfileConfig": {
            "connectorProfileCredentials": {"Salesforce": {"oAuth2GrantType": "CLIENT_CREDENTIALS"}},
            "connectorProfileProperties": {"Salesforce": {"instanceUrl": "https://x.my.salesforce.com"}}
        }
    });
    let findings = match api::CreateConnectorProfileRequest::from_value(request) {
        Ok(validated) => validated.warnings,
        Err(errors) => errors.into_findings(),
    };
    let grant = findings
        .iter()
        .find(|f| f.code.as_str() == "salesforce-client-credentials-grant-not-supported")
        .unwrap_or_else(|| panic!("{findings:#?}"));
    assert!(
        grant
            .message
            .contains("oAuth2GrantType is `CLIENT_CREDENTIALS`"),
        "{}",
        grant.message
    );
}

#[test]
fn a_rule_is_superseded_only_by_one_listed_before_it() {
    let mut inputs = appflow_tests::inputs();
    let given = "superseded_by = [\"connector-type-matches-config-variants\"]";
    assert!(inputs.rules.contains(given));
    inputs.rules = inputs.rules.replacen(
        given,
        "superseded_by = [\"snowflake-password-or-private-key-not-both\"]",
        1,
    );
    let error = codegen::lower::build(&inputs).unwrap_err().to_string();
    assert!(error.contains("superseded_by"), "{error}");
    assert!(
        error.contains("not a rule listed before this one"),
        "{error}"
    );
}
