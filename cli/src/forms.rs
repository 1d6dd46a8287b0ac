//! What `Ref` and `Fn::GetAtt` of other resources return: `schemas/return_forms.toml` (each entry
//! with its source), compiled in and read once. An example value of the right form stands in for
//! the intrinsic, so the member's own constraints judge it.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

/// One return value: what it is, in words, and an example.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Form {
    /// What the value is (`the key id`).
    pub form: String,
    /// One such value.
    pub example: String,
}

/// A resource type's return values.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceForms {
    /// The resource type (`AWS::KMS::Key`).
    #[serde(rename = "type")]
    pub type_name: String,
    /// The Template Reference page (and section) the entry comes from.
    pub source: String,
    /// What `Ref` returns.
    #[serde(rename = "ref")]
    pub reference: Option<Form>,
    /// What `Fn::GetAtt` returns, by attribute.
    #[serde(default)]
    pub attributes: BTreeMap<String, Form>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    resource: Vec<ResourceForms>,
}

/// The data file's text.
pub const DATA: &str = appflow_connector_profile::data::RETURN_FORMS;

/// Parses the data file's text: every resource type once, every entry with a source.
pub fn parse(text: &str) -> Result<BTreeMap<String, ResourceForms>, String> {
    let file: File = toml::from_str(text).map_err(|e| format!("schemas/return_forms.toml: {e}"))?;
    let mut out = BTreeMap::new();
    for entry in file.resource {
        if entry.source.trim().is_empty() {
            return Err(format!(
                "schemas/return_forms.toml: {} has no source",
                entry.type_name
            ));
        }
        let name = entry.type_name.clone();
        if out.insert(name.clone(), entry).is_some() {
            return Err(format!("schemas/return_forms.toml: {name} is given twice"));
        }
    }
    Ok(out)
}

/// The return forms of the data file (read once; the file is checked by a test, so a broken
/// one never ships).
pub fn all() -> &'static BTreeMap<String, ResourceForms> {
    static FORMS: OnceLock<BTreeMap<String, ResourceForms>> = OnceLock::new();
    FORMS.get_or_init(|| parse(DATA).unwrap_or_default())
}

/// What `Ref` of a resource of `type_name` returns, if known.
pub fn reference(type_name: &str) -> Option<&'static Form> {
    all().get(type_name)?.reference.as_ref()
}

/// What `Fn::GetAtt` of `attribute` of a resource of `type_name` returns, if known.
pub fn attribute(type_name: &str, attribute: &str) -> Option<&'static Form> {
    all().get(type_name)?.attributes.get(attribute)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_file_parses_with_a_source_for_every_entry() {
        let forms = parse(DATA).unwrap();
        assert!(forms.len() >= 10, "{}", forms.len());
        let key = reference("AWS::KMS::Key").unwrap();
        assert_eq!(key.form, "the key id");
        assert!(attribute("AWS::KMS::Key", "Arn")
            .unwrap()
            .example
            .starts_with("arn:aws:kms:"));
        assert!(attribute("AWS::KMS::Key", "Nope").is_none());
        for (name, entry) in &forms {
            assert!(entry.source.contains("return-values"), "{name}");
        }
    }

    #[test]
    fn a_broken_file_is_an_error_naming_it() {
        let e = parse("[[resource]]\ntype = \"A\"\nsource = \"\"\n").unwrap_err();
        assert!(e.contains("A has no source"), "{e}");
        let e = parse("[[resource]]\ntype = \"A\"\nsource = \"s\"\n[[resource]]\ntype = \"A\"\nsource = \"s\"\n").unwrap_err();
        assert!(e.contains("given twice"), "{e}");
        assert!(parse("[[resource]]\nkind = 1\n").is_err());
    }
}
