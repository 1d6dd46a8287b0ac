//! `errata.toml`: corrections of upstream documentation that is wrong (a member described as
//! another one), applied by the readers to the parsed JSON before they read it.
//!
//! An erratum applies only while the upstream text is exactly the one it corrects: when upstream
//! changes the text (perhaps fixing it), the erratum stops applying, the drift report says so
//! ([`crate::diff::errata_changes`]) and the erratum is a stale entry ([`crate::stale`]): strict
//! generation (`cargo xtask regenerate`, a test of the vendored schemas) fails until it is retired
//! or updated, while `update-schemas` lists it for review, so taking an upstream change is never
//! blocked by one.

use serde::Deserialize;
use serde_json::Value;

use super::{API_MODEL, CFN_SCHEMA, ERRATA};
use crate::stale::Stale;
use crate::Error;

/// `errata.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Errata {
    /// One entry per corrected text.
    #[serde(default, rename = "erratum")]
    pub errata: Vec<Erratum>,
}

/// One correction.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Erratum {
    /// The upstream file, relative to schemas/ (`read::CFN_SCHEMA` or `read::API_MODEL`).
    pub file: String,
    /// JSON Pointer of the member (a schema object in the CloudFormation schema, a shape or shape
    /// member in the API model) whose documentation is corrected.
    pub member: String,
    /// The upstream text, exactly.
    pub upstream: String,
    /// The text used instead.
    pub corrected: String,
    /// Where the correction comes from.
    pub source: String,
}

impl Erratum {
    /// The documentation key of the member's format: `description` (JSON Schema) or
    /// `documentation` (botocore).
    fn doc_key(&self) -> &'static str {
        if self.file == API_MODEL {
            "documentation"
        } else {
            "description"
        }
    }

    /// The member's documentation in the parsed file, if it has one.
    pub fn text_in<'v>(&self, root: &'v Value) -> Option<&'v str> {
        root.pointer(&self.member)?.get(self.doc_key())?.as_str()
    }
}

/// Parses `errata.toml`: every entry names one of the two upstream files and a JSON Pointer, and
/// no member is corrected twice.
pub fn read(file: &str, text: &str) -> Result<Errata, Error> {
    let errata: Errata = super::data::parse(file, text)?;
    for (i, erratum) in errata.errata.iter().enumerate() {
        let invalid = |key: &str, message: String| Error::Invalid {
            file: file.to_owned(),
            pointer: format!("/erratum/{i}/{key}"),
            message,
        };
        if erratum.file != CFN_SCHEMA && erratum.file != API_MODEL {
            return Err(invalid(
                "file",
                format!("`{}` is neither {CFN_SCHEMA} nor {API_MODEL}", erratum.file),
            ));
        }
        if !erratum.member.starts_with('/') {
            return Err(invalid(
                "member",
                format!("`{}` is not a JSON Pointer", erratum.member),
            ));
        }
        for (key, value) in [
            ("upstream", &erratum.upstream),
            ("corrected", &erratum.corrected),
            ("source", &erratum.source),
        ] {
            if value.trim().is_empty() {
                return Err(invalid(key, "is empty".to_owned()));
            }
        }
        if errata.errata[..i]
            .iter()
            .any(|e| e.file == erratum.file && e.member == erratum.member)
        {
            return Err(invalid(
                "member",
                format!("{} is corrected twice", erratum.member),
            ));
        }
    }
    Ok(errata)
}

impl Errata {
    /// Replaces, in the parsed `file`, each corrected member's documentation by the corrected text
    /// where it is still the upstream text. Returns the errata of `file` that did not apply.
    pub fn apply(&self, file: &str, root: &mut Value) -> Vec<&Erratum> {
        let mut stale = Vec::new();
        for erratum in self.errata.iter().filter(|e| e.file == file) {
            if erratum.text_in(root) != Some(erratum.upstream.as_str()) {
                stale.push(erratum);
                continue;
            }
            if let Some(Value::Object(member)) = root.pointer_mut(&erratum.member) {
                member.insert(
                    erratum.doc_key().to_owned(),
                    Value::String(erratum.corrected.clone()),
                );
            }
        }
        stale
    }

    /// [`Errata::apply`], noting each erratum of `file` that did not apply in `stale`.
    pub fn apply_noting(&self, file: &str, root: &mut Value, stale: &mut Vec<Stale>) {
        let unapplied = self.apply(file, root);
        for erratum in unapplied {
            let index = self
                .errata
                .iter()
                .position(|e| std::ptr::eq(e, erratum))
                .unwrap_or_default();
            let reason = match erratum.text_in(root) {
                None => format!(
                    "{file}#{} has no documentation text any more; the erratum is not applied",
                    erratum.member
                ),
                Some(_) => format!(
                    "upstream changed the text of {file}#{} that this erratum corrects; it is not \
                     applied (retire it if upstream fixed the text, else correct the new one)",
                    erratum.member
                ),
            };
            stale.push(Stale::new(ERRATA, format!("/erratum/{index}"), reason));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(member: &str, upstream: &str) -> String {
        format!(
            "[[erratum]]\nfile = \"{CFN_SCHEMA}\"\nmember = \"{member}\"\nupstream = \"{upstream}\"\n\
             corrected = \"The name.\"\nsource = \"The API model.\"\n"
        )
    }

    #[test]
    fn applies_only_while_upstream_is_unchanged() {
        let errata = read("errata.toml", &one("/properties/Name", "The batch size.")).unwrap();
        let mut schema =
            serde_json::json!({"properties": {"Name": {"description": "The batch size."}}});
        assert!(errata.apply(CFN_SCHEMA, &mut schema).is_empty());
        assert_eq!(schema["properties"]["Name"]["description"], "The name.");
        // Another file's errata are not this file's.
        let mut model =
            serde_json::json!({"properties": {"Name": {"description": "The batch size."}}});
        assert!(errata.apply(API_MODEL, &mut model).is_empty());
        assert_eq!(
            model["properties"]["Name"]["description"],
            "The batch size."
        );
        // Upstream changed the text: left alone, reported stale.
        let mut fixed =
            serde_json::json!({"properties": {"Name": {"description": "The profile's name."}}});
        assert_eq!(errata.apply(CFN_SCHEMA, &mut fixed).len(), 1);
        assert_eq!(
            fixed["properties"]["Name"]["description"],
            "The profile's name."
        );
        let mut gone = serde_json::json!({"properties": {}});
        assert_eq!(errata.apply(CFN_SCHEMA, &mut gone).len(), 1);
    }

    #[test]
    fn an_erratum_that_does_not_apply_is_noted_with_its_index() {
        let text = one("/properties/Other", "Other.") + &one("/properties/Name", "The batch size.");
        let errata = read("errata.toml", &text).unwrap();
        let mut schema = serde_json::json!({"properties": {
            "Name": {"description": "The profile's name."},
            "Other": {"description": "Other."}
        }});
        let mut stale = Vec::new();
        errata.apply_noting(CFN_SCHEMA, &mut schema, &mut stale);
        assert_eq!(stale.len(), 1, "{stale:?}");
        assert_eq!(stale[0].file, ERRATA);
        assert_eq!(stale[0].pointer, "/erratum/1");
        assert!(stale[0].reason.contains("/properties/Name"), "{}", stale[0]);
        assert_eq!(schema["properties"]["Other"]["description"], "The name.");
    }

    #[test]
    fn bad_entries_say_where() {
        let err = read("errata.toml", &one("properties/Name", "x")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "errata.toml#/erratum/0/member: `properties/Name` is not a JSON Pointer"
        );
        let twice = one("/properties/Name", "x") + &one("/properties/Name", "y");
        let err = read("errata.toml", &twice).unwrap_err();
        assert!(
            err.to_string()
                .contains("/erratum/1/member: /properties/Name is corrected twice"),
            "{err}"
        );
        let err = read(
            "errata.toml",
            &one("/p", "x").replace("The API model.", " "),
        )
        .unwrap_err();
        assert!(
            err.to_string().ends_with("/erratum/0/source: is empty"),
            "{err}"
        );
        let err = read("errata.toml", "[[erratum]]\nfile = \"x\"\n").unwrap_err();
        assert!(err.to_string().starts_with("errata.toml: "), "{err}");
    }
}
