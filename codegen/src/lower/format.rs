//! The CloudFormation schema's `format` values, resolved against `schemas/formats.toml`.
//!
//! Every `format` the schema writes must have an entry (an upstream schema adding one is an
//! error at its JSON Pointer: a format left unchecked would pass what cfn-lint fails); an entry
//! no `format` names is a stale note and left out.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::{pointer_push, Error};
use crate::ident;
use crate::ir::{Format, Origin};
use crate::read::cfn::{ResourceSchema, Schema};
use crate::read::data::Formats;
use crate::stale::Stale;

/// The formats `schema` uses, from `formats` (read from `formats_file`); the schema is
/// `schema_file`.
pub fn lower(
    formats: &Formats,
    formats_file: &str,
    schema: &ResourceSchema,
    schema_file: &str,
    stale: &mut Vec<Stale>,
) -> Result<BTreeMap<String, Format>, Error> {
    let mut known: BTreeMap<&str, usize> = BTreeMap::new();
    let mut statics: BTreeMap<String, usize> = BTreeMap::new();
    for (i, entry) in formats.formats.iter().enumerate() {
        let invalid = |field: &str, message: String| Error::Invalid {
            file: formats_file.to_owned(),
            pointer: format!("/format/{i}/{field}"),
            message,
        };
        if known.insert(&entry.name, i).is_some() {
            return Err(invalid("name", format!("`{}` is listed twice", entry.name)));
        }
        let rust_name = ident::format_static_name(&entry.name);
        if let Some(other) = statics.insert(rust_name.clone(), i) {
            return Err(invalid(
                "name",
                format!(
                    "`{}` and `{}` would both be `formats::{rust_name}`",
                    formats.formats[other].name, entry.name
                ),
            ));
        }
        if !(entry.pattern.starts_with('^') && entry.pattern.ends_with('$')) {
            return Err(invalid(
                "pattern",
                "must be anchored at both ends (`^…$`): the whole value is checked".to_owned(),
            ));
        }
        if let (Some(min), Some(max)) = (entry.min_length, entry.max_length) {
            if min > max {
                return Err(invalid(
                    "min_length",
                    format!("{min} is more than max_length {max}"),
                ));
            }
        }
    }
    let mut used: Vec<(&str, String)> = Vec::new();
    let all = schema
        .properties
        .iter()
        .chain(&schema.definitions)
        .map(|(_, s)| s);
    for s in all {
        collect(s, &mut used);
    }
    let mut out = BTreeMap::new();
    for (name, pointer) in used {
        let Some(&i) = known.get(name) else {
            return Err(Error::Unsupported {
                file: schema_file.to_owned(),
                pointer,
                what: "format",
                found: format!("`{name}` (not in schemas/{formats_file}: add its rule and source)"),
            });
        };
        let entry = &formats.formats[i];
        out.entry(entry.name.clone()).or_insert_with(|| Format {
            name: entry.name.clone(),
            rust_name: ident::format_static_name(&entry.name),
            rule: entry.rule.clone(),
            pattern: entry.pattern.clone(),
            min_length: entry.min_length,
            max_length: entry.max_length,
            cfn_lint_rule: entry.cfn_lint_rule.clone(),
            source: entry.source.clone(),
            origin: Origin {
                file: formats_file.to_owned(),
                pointer: format!("/format/{i}"),
            },
        });
    }
    let named: BTreeSet<&str> = out.keys().map(String::as_str).collect();
    for (i, entry) in formats.formats.iter().enumerate() {
        if !named.contains(entry.name.as_str()) {
            stale.push(Stale::new(
                formats_file,
                format!("/format/{i}"),
                format!(
                    "no `format` of the CloudFormation schema is `{}`; the entry is not generated",
                    entry.name
                ),
            ));
        }
    }
    Ok(out)
}

/// Every `format` at or under `schema`, with the pointer of the keyword.
fn collect<'s>(schema: &'s Schema, out: &mut Vec<(&'s str, String)>) {
    if let Some(format) = &schema.format {
        out.push((format, pointer_push(&schema.pointer, "format")));
    }
    for (_, child) in schema.properties.iter().chain(&schema.pattern_properties) {
        collect(child, out);
    }
    if let Some(items) = &schema.items {
        collect(items, out);
    }
}
