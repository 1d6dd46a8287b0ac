//! The JSON Schema that the `schemars` feature derives for `cfn::ConnectorProfile` says what the
//! vendored CloudFormation schema says: property names, required lists, enum value sets, and
//! string and integer limits, object by object. A disagreement names the JSON Pointer.

use std::collections::BTreeSet;
use std::path::Path;

use appflow_connector_profile::cfn;
use schemars::generate::SchemaSettings;
use serde_json::Value;

const LIMITS: &[&str] = &[
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "pattern",
    "uniqueItems",
];

fn vendored() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../schemas/cloudformation/aws-appflow-connectorprofile.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn derived() -> Value {
    let generator = SchemaSettings::draft07().into_generator();
    let schema = generator.into_root_schema_for::<cfn::ConnectorProfile>();
    serde_json::to_value(schema).unwrap()
}

/// Follows `$ref`s (to `#/definitions/…` or `#/$defs/…`) within `root`.
fn resolve<'a>(root: &'a Value, mut schema: &'a Value) -> &'a Value {
    while let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let pointer = reference.trim_start_matches('#');
        schema = root
            .pointer(pointer)
            .unwrap_or_else(|| panic!("dangling {reference}"));
    }
    // schemars wraps an optional member's schema as `anyOf: [schema, {"type": "null"}]`, and a
    // referenced schema with sibling keywords in `allOf`.
    for combinator in ["anyOf", "allOf"] {
        if let Some(options) = schema.get(combinator).and_then(Value::as_array) {
            let real: Vec<&Value> = options
                .iter()
                .filter(|o| o.get("type") != Some(&Value::from("null")))
                .collect();
            if real.len() == 1 {
                return resolve(root, real[0]);
            }
        }
    }
    schema
}

/// The value of `keyword` on a schema or on the schema it references (siblings win).
fn keyword<'a>(root: &'a Value, schema: &'a Value, keyword: &str) -> Option<&'a Value> {
    schema
        .get(keyword)
        .or_else(|| resolve(root, schema).get(keyword))
}

fn names(value: Option<&Value>) -> BTreeSet<String> {
    match value {
        Some(Value::Object(map)) => map.keys().cloned().collect(),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        _ => BTreeSet::new(),
    }
}

fn compare(
    vendored_root: &Value,
    v: &Value,
    derived_root: &Value,
    d: &Value,
    pointer: &str,
    problems: &mut Vec<String>,
) {
    let (vr, dr) = (resolve(vendored_root, v), resolve(derived_root, d));
    let v_enum = names(keyword(vendored_root, v, "enum"));
    let d_enum = names(keyword(derived_root, d, "enum"));
    if v_enum != d_enum {
        problems.push(format!("{pointer}: enum {v_enum:?} != {d_enum:?}"));
    }
    for limit in LIMITS {
        let (a, b) = (
            keyword(vendored_root, v, limit),
            keyword(derived_root, d, limit),
        );
        let equal = match (a, b) {
            (Some(Value::Number(x)), Some(Value::Number(y))) => x.as_f64() == y.as_f64(),
            (a, b) => a == b,
        };
        if !equal {
            problems.push(format!("{pointer}/{limit}: {a:?} != {b:?}"));
        }
    }
    if vr.get("patternProperties").is_some() {
        // A map: schemars writes additionalProperties for a BTreeMap; key patterns are not derived.
        return;
    }
    if vr.get("properties").is_some() {
        let (vp, dp) = (names(vr.get("properties")), names(dr.get("properties")));
        if vp != dp {
            problems.push(format!("{pointer}/properties: {vp:?} != {dp:?}"));
        }
        let (vq, dq) = (names(vr.get("required")), names(dr.get("required")));
        if vq != dq {
            problems.push(format!("{pointer}/required: {vq:?} != {dq:?}"));
        }
        let closed = |s: &Value| s.get("additionalProperties") == Some(&Value::Bool(false));
        if closed(vr) != closed(dr) {
            problems.push(format!(
                "{pointer}/additionalProperties: closed {} != {}",
                closed(vr),
                closed(dr)
            ));
        }
        for name in vp.intersection(&dp) {
            compare(
                vendored_root,
                &vr["properties"][name],
                derived_root,
                &dr["properties"][name],
                &format!("{pointer}/properties/{name}"),
                problems,
            );
        }
    }
    if let (Some(vi), Some(di)) = (vr.get("items"), dr.get("items")) {
        compare(
            vendored_root,
            vi,
            derived_root,
            di,
            &format!("{pointer}/items"),
            problems,
        );
    }
}

#[test]
fn derived_json_schema_agrees_with_the_vendored_schema() {
    let (vendored, derived) = (vendored(), derived());
    let mut problems = Vec::new();
    compare(&vendored, &vendored, &derived, &derived, "", &mut problems);
    assert!(
        problems.is_empty(),
        "disagreements:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_comparison_notices_a_difference() {
    let (mut vendored, derived) = (vendored(), derived());
    vendored["definitions"]["AccessToken"]["maxLength"] = 10.into();
    vendored["definitions"]["ConnectorType"]["enum"]
        .as_array_mut()
        .unwrap()
        .push("Acme".into());
    let mut problems = Vec::new();
    compare(&vendored, &vendored, &derived, &derived, "", &mut problems);
    assert!(
        problems
            .iter()
            .any(|p| p.contains("/Salesforce/properties/AccessToken/maxLength")),
        "{problems:#?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("/properties/ConnectorType: enum")),
        "{problems:#?}"
    );
}
