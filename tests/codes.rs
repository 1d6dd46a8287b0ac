//! Typed codes and known keys: `validation::Code`, `rules::RuleId` and `lifecycle::PlanCode` read
//! and write exactly the texts findings carried as strings before they were typed, and the
//! generated `cfn::keys`/`api::keys` hold every member's wire name, checked against the raw
//! schemas.

use std::collections::{BTreeMap, BTreeSet};

use appflow_connector_profile::lifecycle::PlanCode;
use appflow_connector_profile::rules::{RuleId, RULES};
use appflow_connector_profile::validation::Code;
use appflow_connector_profile::{api, cfn, Finding, Severity};
use appflow_tests::{inputs, root};
use serde_json::Value;

/// The built-in codes as findings spelled them when `Finding::code` was a `&'static str`, and
/// `format` (issue 22) since.
const BUILT_IN_TEXTS: &[&str] = &[
    "required",
    "length",
    "pattern",
    "pattern-partial",
    "format",
    "enum",
    "range",
    "unique",
    "unknown-key",
    "key-pattern",
    "type",
    "json",
    "limit",
    "connector",
    "not-carried",
];

/// Plan warnings' codes as they were spelled.
const PLAN_TEXTS: &[&str] = &[
    "not-updatable",
    "update-requires",
    "write-only-removal",
    "read-only",
];

/// The rule ids of `schemas/rules.toml`, read from the file itself.
fn rule_ids() -> Vec<String> {
    let text = std::fs::read_to_string(root().join("schemas/rules.toml")).unwrap();
    let rules: toml::Value = toml::from_str(&text).unwrap();
    rules["rule"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn every_code_reads_back_its_text() {
    let all: Vec<Code> = Code::all().collect();
    assert_eq!(all.len(), Code::BUILT_IN.len() + RuleId::ALL.len());
    let texts: BTreeSet<&str> = all.iter().map(|c| c.as_str()).collect();
    assert_eq!(texts.len(), all.len(), "two codes share a text");
    for code in all {
        let text = code.as_str();
        assert_eq!(Code::parse(text), Some(code), "{text}");
        assert_eq!(text.parse::<Code>(), Ok(code), "{text}");
        assert_eq!(code.to_string(), text);
        let json = serde_json::to_string(&code).unwrap();
        assert_eq!(json, format!("\"{text}\""));
        assert_eq!(serde_json::from_str::<Code>(&json).unwrap(), code);
        assert_eq!(code.rule().is_some(), matches!(code, Code::Rule(_)));
    }
    for text in ["", "Required", "required ", "unknown_key", "rule"] {
        assert_eq!(Code::parse(text), None, "{text:?}");
        assert!(text.parse::<Code>().is_err(), "{text:?}");
    }
    let error = serde_json::from_str::<Code>("\"\\u001b[2J\"").unwrap_err();
    assert!(error.to_string().contains("\\u{001B}[2J"), "{error}");
}

#[test]
fn built_in_codes_keep_their_texts() {
    let texts: Vec<&str> = Code::BUILT_IN.iter().map(|c| c.as_str()).collect();
    assert_eq!(texts, BUILT_IN_TEXTS);
    let plan: Vec<&str> = PlanCode::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(plan, PLAN_TEXTS);
    for code in PlanCode::ALL.iter().copied() {
        let text = code.as_str();
        assert_eq!(PlanCode::parse(text), Some(code));
        assert_eq!(text.parse::<PlanCode>(), Ok(code));
        assert_eq!(code.to_string(), text);
        assert_eq!(serde_json::to_value(code).unwrap(), Value::from(text));
        assert_eq!(
            serde_json::from_value::<PlanCode>(Value::from(text)).unwrap(),
            code
        );
        // A plan code is never a finding code, and the other way round.
        assert_eq!(Code::parse(text), None);
    }
    for code in Code::all() {
        assert_eq!(PlanCode::parse(code.as_str()), None);
    }
}

#[test]
fn every_rule_is_a_code_with_its_id() {
    let ids = rule_ids();
    assert_eq!(RULES.len(), ids.len());
    assert_eq!(RuleId::ALL.len(), ids.len());
    for ((rule, id), text) in RULES.iter().zip(RuleId::ALL).zip(&ids) {
        assert_eq!(rule.id, *id);
        assert_eq!(id.as_str(), text);
        assert_eq!(id.to_string(), *text);
        assert_eq!(id.rule(), rule);
        let code = Code::Rule(*id);
        assert_eq!(Code::from(*id), code);
        assert_eq!(code.as_str(), text);
        assert_eq!(Code::parse(text), Some(code));
        assert_eq!(code.rule(), Some(*id));
        assert_eq!(serde_json::to_string(&code).unwrap(), format!("\"{text}\""));
    }
}

#[test]
fn findings_show_their_code_as_before() {
    let mut finding = Finding::new(
        "/ConnectorType".to_owned(),
        Code::Rule(RuleId::ALL[0]),
        Severity::Error,
        "m".to_owned(),
    );
    assert_eq!(
        finding.to_string(),
        format!("error {} /ConnectorType: m", RuleId::ALL[0].as_str())
    );
    finding.code = Code::UnknownKey;
    assert_eq!(finding.to_string(), "error unknown-key /ConnectorType: m");
}

/// `module name → constant values` of a generated keys file, read as text.
fn key_modules(file: &str) -> BTreeMap<String, BTreeSet<String>> {
    let text = std::fs::read_to_string(root().join("generated/src").join(file)).unwrap();
    assert!(text.starts_with("// @generated by `cargo xtask regenerate`"));
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut current = None;
    for line in text.lines() {
        if let Some(name) = line
            .strip_prefix("pub mod ")
            .and_then(|l| l.strip_suffix(" {"))
        {
            current = Some(name.to_owned());
            out.entry(name.to_owned()).or_default();
        } else if let Some(rest) = line.trim().strip_prefix("pub const ") {
            let value = rest.split_once("= \"").unwrap().1.trim_end_matches("\";");
            let module = current.clone().expect("a constant inside a module");
            assert!(out.get_mut(&module).unwrap().insert(value.to_owned()));
        } else if line == "}" {
            current = None;
        }
    }
    out
}

fn snake(name: &str) -> String {
    codegen::ident::keys_module_name(name)
}

#[test]
fn key_constants_hold_every_member_of_the_schemas() {
    let inputs = inputs();
    let schema: Value = serde_json::from_str(&inputs.cfn_schema).unwrap();
    let mut expected: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let keys = |properties: &Value| -> BTreeSet<String> {
        properties.as_object().unwrap().keys().cloned().collect()
    };
    let type_name = schema["typeName"].as_str().unwrap();
    let resource = type_name.rsplit("::").next().unwrap();
    let mut objects = vec![(resource.to_owned(), &schema["properties"])];
    for (name, definition) in schema["definitions"].as_object().unwrap() {
        if let Some(properties) = definition.get("properties") {
            objects.push((name.clone(), properties));
        }
    }
    while let Some((name, properties)) = objects.pop() {
        expected.insert(snake(&name), keys(properties));
        // An object written inline in a property is a type named after the property.
        for (property, schema) in properties.as_object().unwrap() {
            if let Some(inline) = schema.get("properties") {
                objects.push((codegen::ident::inline_type_name(property), inline));
            }
        }
    }
    assert_eq!(key_modules("cfn/keys.rs"), expected);

    // The API: every struct the crate has, with the members of its shape in the model.
    let model: Value = serde_json::from_str(&inputs.api_model).unwrap();
    let ir = codegen::lower::build(&inputs).unwrap();
    let found = key_modules("api/keys.rs");
    assert_eq!(
        found.len(),
        ir.api
            .types
            .values()
            .filter(|t| matches!(t, codegen::ir::TypeDef::Struct(s) if !s.fields.is_empty()))
            .count()
    );
    let mut matched = 0;
    for (shape, definition) in model["shapes"].as_object().unwrap() {
        if let Some(members) = found.get(&snake(shape)) {
            assert_eq!(*members, keys(&definition["members"]), "{shape}");
            matched += 1;
        }
    }
    assert_eq!(matched, found.len(), "each module is a shape's");

    // And the constants are usable as keys.
    use api::keys::create_connector_profile_request as request;
    use cfn::keys::connector_profile as properties;
    assert_eq!(properties::CONNECTOR_PROFILE_NAME, "ConnectorProfileName");
    assert_eq!(request::CONNECTOR_PROFILE_NAME, "connectorProfileName");
    assert_eq!(cfn::resource::TYPE_NAME, type_name);
}
