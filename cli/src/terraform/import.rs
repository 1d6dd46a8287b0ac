//! `appflow-profile import --format terraform`: the profiles of a DescribeConnectorProfiles
//! response as Terraform 1.5+ configuration: per profile an `import` block and an
//! `aws_appflow_connector_profile` resource, nested blocks per the generated mapping
//! (`appflow_connector_profile::terraform::AWS`: no provider attribute is spelled here), and
//! `sensitive` variables for the credentials the API does not return. Written as `terraform fmt`
//! writes it: two-space indents, the `=` of consecutive arguments aligned.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use appflow_connector_profile::api::{self, keys};
use appflow_connector_profile::cfn::resource::NOT_RETURNED;
use appflow_connector_profile::terraform::{Attribute, Form, Resource, Type, AWS};
use appflow_connector_profile::validation::Code;
use appflow_connector_profile::FromJson;
use serde_json::{Map, Value as Json};

/// The configuration, and what it could not say (one line each, for standard error).
#[derive(Debug, Default)]
pub struct Written {
    /// The HCL text.
    pub hcl: String,
    /// Values the provider cannot express, and profiles without an import id.
    pub warnings: Vec<String>,
}

/// The configuration of `profiles`.
pub fn write(profiles: &[api::ConnectorProfile]) -> Written {
    let resource = &AWS;
    let mut written = Written::default();
    let mut names = Vec::new();
    let mut variables = Vec::new();
    let _ = writeln!(
        written.hcl,
        "# Connector profiles imported by appflow-profile import from a DescribeConnectorProfiles response:"
    );
    let _ = writeln!(
        written.hcl,
        "# `terraform plan` (Terraform 1.5 or later) shows each import, `terraform apply` performs it."
    );
    for profile in profiles {
        let described = match serde_json::to_value(profile) {
            Ok(Json::Object(map)) => map,
            _ => Map::new(),
        };
        let profile_name = described
            .get(keys::connector_profile::CONNECTOR_PROFILE_NAME)
            .and_then(Json::as_str)
            .unwrap_or_default()
            .to_owned();
        let name = unique(&identifier(&profile_name), &names);
        names.push(name.clone());
        let (request, credentials) = request(resource, &described);
        // Each required credential of each connector: a variable.
        let mut references = BTreeMap::new();
        let mut declared = String::new();
        for (path, attribute) in credentials {
            let variable = unique(&format!("{name}_{}", attribute.name), &variables);
            variables.push(variable.clone());
            let _ = writeln!(declared, "\nvariable \"{variable}\" {{");
            let description = format!(
                "{} of connector profile {}: DescribeConnectorProfiles returns no credentials",
                attribute.name, profile_name
            );
            let mut lines = vec![
                ("description".to_owned(), string(&description)),
                ("type".to_owned(), "string".to_owned()),
            ];
            if attribute.secret {
                lines.push(("sensitive".to_owned(), "true".to_owned()));
            }
            aligned(&mut declared, "  ", &lines);
            declared.push_str("}\n");
            references.insert(path, format!("var.{variable}"));
        }
        written.hcl.push_str(&declared);
        let address = format!("{}.{name}", resource.type_name);
        // A value the API model does not list (a connector type added since) is written as it
        // came; the provider checks the same lists, so say now what `terraform validate` will.
        if let Err(errors) =
            api::CreateConnectorProfileRequest::from_value(Json::Object(request.clone()))
        {
            for finding in errors.findings().iter().filter(|f| f.code == Code::Enum) {
                written.warnings.push(format!(
                    "{address}: {finding}: written as the response has it, but the AppFlow API model this appflow-profile {} knows does not list it, and {} checks the same values: check for a newer appflow-profile, or edit the configuration",
                    env!("CARGO_PKG_VERSION"),
                    resource.provider,
                ));
            }
        }
        match resource
            .import_id
            .and_then(|member| described.get(member))
            .and_then(Json::as_str)
        {
            Some(id) => {
                let _ = writeln!(written.hcl, "\nimport {{");
                aligned(
                    &mut written.hcl,
                    "  ",
                    &[
                        ("to".to_owned(), address.clone()),
                        ("id".to_owned(), string(id)),
                    ],
                );
                written.hcl.push_str("}\n");
            }
            None => written.warnings.push(format!(
                "{address}: the response has no {} for the import block's id: add the block by hand",
                resource.import_id.unwrap_or("identifier")
            )),
        }
        let _ = writeln!(
            written.hcl,
            "\nresource \"{}\" \"{name}\" {{",
            resource.type_name
        );
        let mut writer = Body {
            address: &address,
            references: &references,
            warnings: &mut written.warnings,
        };
        let mut comments = Vec::new();
        for missing in NOT_RETURNED.iter().filter(|m| !m.secret) {
            if let Some(attribute) = resource.by_member(missing.api_member) {
                comments.push(format!(
                    "{}: DescribeConnectorProfiles does not return it; add it if the profile has one",
                    attribute.name
                ));
            }
        }
        writer.body(
            &mut written.hcl,
            1,
            resource.attributes,
            &request,
            &[],
            &comments,
        );
        written.hcl.push_str("}\n");
    }
    written
}

/// A credential the provider requires: its path of member names and its attribute.
type Needed = (Vec<String>, &'static Attribute);

/// The create request's form of a described profile (members the two share by name, the
/// properties under the config), and the credentials it needs: for each connector the
/// properties name, the path (member names) and attribute of each credential the provider
/// requires, each set to `null` in the request.
fn request(
    resource: &'static Resource,
    described: &Map<String, Json>,
) -> (Map<String, Json>, Vec<Needed>) {
    let mut request = Map::new();
    for attribute in resource.attributes {
        if let Some(value) = described.get(attribute.member) {
            request.insert(attribute.member.to_owned(), value.clone());
        }
    }
    let properties = described
        .get(keys::connector_profile::CONNECTOR_PROFILE_PROPERTIES)
        .cloned()
        .unwrap_or_else(|| Json::Object(Map::new()));
    let connectors: Vec<String> = properties
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    let mut config = Map::new();
    config.insert(
        keys::connector_profile_config::CONNECTOR_PROFILE_PROPERTIES.to_owned(),
        properties,
    );
    request.insert(
        keys::create_connector_profile_request::CONNECTOR_PROFILE_CONFIG.to_owned(),
        Json::Object(config),
    );
    let mut needed = Vec::new();
    for missing in NOT_RETURNED.iter().filter(|m| m.secret) {
        let path: Vec<String> = missing.api_member.split('.').map(str::to_owned).collect();
        let Some(container) = walk(resource.attributes, &path) else {
            continue;
        };
        let mut credentials = Map::new();
        for connector in &connectors {
            let Some(block) = container.by_member(connector) else {
                continue;
            };
            let mut at = path.clone();
            at.push(connector.clone());
            let mut value = Map::new();
            required(block, &at, &mut value, &mut needed);
            if !value.is_empty() {
                credentials.insert(connector.clone(), Json::Object(value));
            }
        }
        set(&mut request, &path, Json::Object(credentials));
    }
    (request, needed)
}

/// The attribute at a path of member names.
fn walk(attributes: &'static [Attribute], path: &[String]) -> Option<&'static Attribute> {
    let (first, rest) = path.split_first()?;
    let attribute = attributes.iter().find(|a| a.member == first.as_str())?;
    if rest.is_empty() {
        Some(attribute)
    } else {
        walk(attribute.children, rest)
    }
}

/// The required arguments under `block` (through required nested blocks), `null` in `value`.
fn required(
    block: &'static Attribute,
    at: &[String],
    value: &mut Map<String, Json>,
    needed: &mut Vec<Needed>,
) {
    for child in block.children.iter().filter(|c| c.required) {
        let mut path = at.to_vec();
        path.push(child.member.to_owned());
        match child.form {
            Form::Block | Form::Attribute(Type::Object) => {
                let mut inner = Map::new();
                required(child, &path, &mut inner, needed);
                value.insert(child.member.to_owned(), Json::Object(inner));
            }
            Form::Attribute(_) => {
                value.insert(child.member.to_owned(), Json::Null);
                needed.push((path, child));
            }
        }
    }
}

fn set(target: &mut Map<String, Json>, path: &[String], value: Json) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut at = target;
    for parent in parents {
        let entry = at
            .entry(parent.clone())
            .or_insert_with(|| Json::Object(Map::new()));
        if !entry.is_object() {
            *entry = Json::Object(Map::new());
        }
        let Json::Object(map) = entry else { return };
        at = map;
    }
    at.insert(last.clone(), value);
}

struct Body<'a> {
    address: &'a str,
    /// Member path → `var.name`.
    references: &'a BTreeMap<Vec<String>, String>,
    warnings: &'a mut Vec<String>,
}

impl Body<'_> {
    /// The arguments, then the nested blocks, of `value` (at member path `at`), `depth` levels in.
    fn body(
        &mut self,
        out: &mut String,
        depth: usize,
        attributes: &'static [Attribute],
        value: &Map<String, Json>,
        at: &[String],
        comments: &[String],
    ) {
        let indent = "  ".repeat(depth);
        for comment in comments {
            let _ = writeln!(out, "{indent}# {comment}");
        }
        let mut lines = Vec::new();
        let mut blocks = Vec::new();
        for (member, item) in value {
            let mut path = at.to_vec();
            path.push(member.clone());
            let Some(attribute) = attributes.iter().find(|a| a.member == member.as_str()) else {
                self.warnings.push(format!(
                    "{}: {} is in the response, but {} cannot express it: it is left out, and an update through Terraform may reset it",
                    self.address,
                    crate::text::escape(&path.join(".")),
                    AWS.provider,
                ));
                continue;
            };
            match attribute.form {
                Form::Block | Form::Attribute(Type::Object) => blocks.push((attribute, item, path)),
                Form::Attribute(ty) => {
                    let rendered = match self.references.get(&path) {
                        Some(reference) => reference.clone(),
                        None => match literal(item, ty) {
                            Some(text) => text,
                            None => continue,
                        },
                    };
                    lines.push((attribute.name.to_owned(), rendered));
                }
            }
        }
        lines.sort();
        aligned(out, &indent, &lines);
        blocks.sort_by_key(|(attribute, _, _)| attribute.name);
        for (i, (attribute, item, path)) in blocks.into_iter().enumerate() {
            if i > 0 || !lines.is_empty() {
                out.push('\n');
            }
            let inner = item.as_object().cloned().unwrap_or_default();
            let comments = if inner.is_empty() && self.credentials(&path) {
                vec![
                    "DescribeConnectorProfiles returns no credentials, and the connector requires none of them: add the ones it uses (secrets as sensitive variables) before the first apply, which sends the whole configuration".to_owned(),
                ]
            } else {
                Vec::new()
            };
            if inner.is_empty() && comments.is_empty() {
                let _ = writeln!(out, "{indent}{} {{}}", attribute.name);
                continue;
            }
            let _ = writeln!(out, "{indent}{} {{", attribute.name);
            self.body(out, depth + 1, attribute.children, &inner, &path, &comments);
            let _ = writeln!(out, "{indent}}}");
        }
    }

    /// Whether `path` is where the API keeps credentials it does not return.
    fn credentials(&self, path: &[String]) -> bool {
        NOT_RETURNED
            .iter()
            .any(|m| m.secret && m.api_member.split('.').eq(path.iter().map(String::as_str)))
    }
}

/// `name = value` lines with their `=` aligned, as `terraform fmt` aligns consecutive arguments.
fn aligned(out: &mut String, indent: &str, lines: &[(String, String)]) {
    let width = lines.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
    for (name, value) in lines {
        let _ = writeln!(out, "{indent}{name:<width$} = {value}");
    }
}

/// A JSON value as an HCL literal of type `ty`; `None` when it is not one (left out).
fn literal(value: &Json, ty: Type) -> Option<String> {
    match (ty, value) {
        (Type::String, Json::String(s)) => Some(string(s)),
        (Type::Number, Json::Number(n)) => Some(n.to_string()),
        (Type::Bool, Json::Bool(b)) => Some(b.to_string()),
        (Type::List(_), Json::Array(items)) => {
            let items: Vec<String> = items.iter().map(scalar).collect::<Option<_>>()?;
            Some(format!("[{}]", items.join(", ")))
        }
        (Type::Map(_), Json::Object(map)) => {
            if map.is_empty() {
                return Some("{}".to_owned());
            }
            let items: Vec<String> = map
                .iter()
                .map(|(k, v)| Some(format!("{} = {}", string(k), scalar(v)?)))
                .collect::<Option<_>>()?;
            Some(format!("{{ {} }}", items.join(", ")))
        }
        _ => None,
    }
}

fn scalar(value: &Json) -> Option<String> {
    match value {
        Json::String(s) => Some(string(s)),
        Json::Number(n) => Some(n.to_string()),
        Json::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// An HCL quoted string: escapes, and `${`/`%{` doubled so that no template sequence starts.
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
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A Terraform name from a profile name: its ASCII letters and digits, lowercase, other runs an
/// underscore; `profile` before one that would not start with a letter.
fn identifier(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    let out = out.trim_end_matches('_').to_owned();
    if out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out
    } else if out.is_empty() {
        "profile".to_owned()
    } else {
        format!("profile_{out}")
    }
}

fn unique(name: &str, taken: &[String]) -> String {
    let mut candidate = name.to_owned();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{name}_{n}");
        n += 1;
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_templates_and_controls() {
        assert_eq!(string("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(string("${x} %{y} $z"), "\"$${x} %%{y} $z\"");
        assert_eq!(string("a\nb\u{7}"), "\"a\\nb\\u0007\"");
    }

    #[test]
    fn identifiers_are_terraform_names() {
        assert_eq!(identifier("Sales-Prod.EU"), "sales_prod_eu");
        assert_eq!(identifier("42/x"), "profile_42_x");
        assert_eq!(identifier("@@"), "profile");
        assert_eq!(unique("a", &["a".to_owned(), "a_2".to_owned()]), "a_3");
    }
}
