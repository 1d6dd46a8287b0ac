//! Writing a profile (a CreateConnectorProfile body for hashicorp/aws, CloudFormation
//! Properties for hashicorp/awscc) as a Terraform resource, through the generated crate's
//! Terraform table: the per-connector fixtures of `tests/terraform.rs` and the benchmark's
//! 1,000 resources. Members the provider cannot express are left out (and returned).
// Each user takes a part of this module.
#![allow(dead_code)]

use std::fmt::Write as _;

use appflow_connector_profile::terraform::{Attribute, Form, Resource, Type};
use serde_json::Value as Json;

/// An HCL string literal: quotes, backslashes and control characters escaped, and the template
/// sequences `${` and `%{` doubled.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if c.is_control() => write!(out, "\\u{:04X}", c as u32).unwrap(),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A JSON value as an HCL expression (objects with quoted keys).
fn expression(value: &Json, indent: usize) -> String {
    match value {
        Json::String(text) => string(text),
        Json::Number(n) => n.to_string(),
        Json::Bool(b) => b.to_string(),
        Json::Null => "null".to_owned(),
        Json::Array(items) => {
            let items: Vec<String> = items.iter().map(|i| expression(i, indent)).collect();
            format!("[{}]", items.join(", "))
        }
        Json::Object(map) if map.is_empty() => "{}".to_owned(),
        Json::Object(map) => {
            let pad = " ".repeat(indent + 2);
            let mut out = String::from("{\n");
            for (key, value) in map {
                writeln!(
                    out,
                    "{pad}{} = {}",
                    string(key),
                    expression(value, indent + 2)
                )
                .unwrap();
            }
            out.push_str(&" ".repeat(indent));
            out.push('}');
            out
        }
    }
}

/// The body of `object` against `attributes`, at `indent`; members without an attribute are
/// pushed to `dropped` (their JSON Pointer).
fn body(
    object: &serde_json::Map<String, Json>,
    attributes: &'static [Attribute],
    indent: usize,
    pointer: &str,
    out: &mut String,
    dropped: &mut Vec<String>,
) {
    let pad = " ".repeat(indent);
    for (member, value) in object {
        let here = format!("{pointer}/{member}");
        let Some(attribute) = attributes.iter().find(|a| a.member == member) else {
            dropped.push(here);
            continue;
        };
        match (&attribute.form, value) {
            (Form::Block, Json::Object(inner)) => {
                writeln!(out, "{pad}{} {{", attribute.name).unwrap();
                body(inner, attribute.children, indent + 2, &here, out, dropped);
                writeln!(out, "{pad}}}").unwrap();
            }
            (Form::Attribute(Type::Object), Json::Object(inner)) => {
                writeln!(out, "{pad}{} = {{", attribute.name).unwrap();
                body(inner, attribute.children, indent + 2, &here, out, dropped);
                writeln!(out, "{pad}}}").unwrap();
            }
            (_, value) => {
                writeln!(
                    out,
                    "{pad}{} = {}",
                    attribute.name,
                    expression(value, indent)
                )
                .unwrap();
            }
        }
    }
}

/// `profile` as `resource "TYPE" "NAME" { … }`; the members left out, as JSON Pointers.
pub fn resource(table: &'static Resource, name: &str, profile: &Json) -> (String, Vec<String>) {
    let mut out = format!("resource \"{}\" \"{name}\" {{\n", table.type_name);
    let mut dropped = Vec::new();
    if let Json::Object(object) = profile {
        body(object, table.attributes, 2, "", &mut out, &mut dropped);
    }
    out.push_str("}\n");
    (out, dropped)
}
