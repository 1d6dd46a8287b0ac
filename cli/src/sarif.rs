//! `--format sarif`: a SARIF 2.1.0 log (OASIS, errata 01) for GitHub code scanning and other
//! viewers. One run; its driver lists every code `validate` reports as a rule (description and
//! help from [`codes`], the per-connector rules' from the generated crate); each finding is a
//! result with its level, message and region. Regions count columns in Unicode code points, as
//! the text output does, and the run says so (`columnKind: unicodeCodePoints`). Artifact
//! locations are relative URI references, resolved against the working directory (where GitHub
//! expects the repository root); a file outside it is a `file://` URI. Files that could not be
//! checked are tool execution notifications, and the invocation is then unsuccessful.
//! Nothing absolute or time-dependent is written otherwise: the same input gives the same log.

use std::io::{self, Write};
use std::path::{Component, Path};

use appflow_connector_profile::Severity;
use serde_json::{json, Value as Json};

use crate::codes::{self, AnyCode, Description};
use crate::report::Report;
use crate::text::escape;

/// The schema a log names.
pub const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn rule(code: &Description) -> Json {
    let mut help = code.help.to_owned();
    if let Some(rule) = code.rule {
        // A per-connector rule: say where it comes from (an address, or the vendored schema
        // file and the JSON Pointer of the quoted text).
        help.push_str(&format!(
            " A per-connector rule of schemas/rules.toml; documented in {}: {}.",
            rule.source_title, rule.source_url
        ));
    }
    if !code.cfn_lint.is_empty() {
        let ids: Vec<String> = code
            .cfn_lint
            .iter()
            .map(|r| format!("{} ({})", r.id, r.title))
            .collect();
        help.push_str(&format!(
            " cfn-lint reports the same as {}; its ignore_checks suppress this code.",
            ids.join(", ")
        ));
    }
    let mut rule = json!({
        "id": code.code,
        "shortDescription": { "text": code.title },
        "fullDescription": { "text": code.help },
        "help": { "text": help },
        "defaultConfiguration": { "level": level(code.severity) },
        "properties": {
            "cfn-lint": code.cfn_lint.iter().map(|r| r.id).collect::<Vec<_>>(),
        },
    });
    if let Some(uri) = code.help_uri {
        rule["helpUri"] = json!(uri);
    }
    rule
}

/// Writes the report as a SARIF log; `base` is the working directory, against which absolute
/// paths are made relative.
pub fn write(report: &Report, base: Option<&Path>, out: &mut dyn Write) -> io::Result<()> {
    let rules = codes::validate_codes();
    let index = |code: AnyCode| rules.iter().position(|r| r.code == code);
    let results: Vec<Json> = report
        .findings()
        .map(|(file, l)| {
            let path = if l.pointer.is_empty() {
                "/"
            } else {
                &l.pointer
            };
            let mut result = json!({
                "ruleId": l.finding.code,
                "level": level(l.finding.severity),
                "message": { "text": format!("{}: {}", escape(path), escape(&l.finding.message)) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(file, base) },
                        "region": { "startLine": l.at.line, "startColumn": l.at.column },
                    },
                    "logicalLocations": [{ "fullyQualifiedName": escape(path), "kind": "member" }],
                }],
            });
            if let Some(i) = index(l.finding.code) {
                result["ruleIndex"] = json!(i);
            }
            if let Some(resource) = &l.resource {
                result["properties"] = json!({ "resource": escape(resource) });
            }
            result
        })
        .collect();
    let notifications: Vec<Json> = report
        .unusable_files()
        .iter()
        .map(|u| {
            let mut physical = json!({ "artifactLocation": { "uri": uri(&u.file, base) } });
            if let Some(at) = u.at {
                physical["region"] = json!({ "startLine": at.line, "startColumn": at.column });
            }
            json!({
                "level": "error",
                "message": { "text": escape(&u.message) },
                "locations": [{ "physicalLocation": physical }],
            })
        })
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "appflow-profile",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules.iter().map(rule).collect::<Vec<_>>(),
                }
            },
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

/// A file's URI reference: relative (forward slashes, percent-encoded) when the file is given
/// relative or lies under `base`; otherwise an absolute `file://` URI.
pub fn uri(file: &str, base: Option<&Path>) -> String {
    if file == "<stdin>" {
        return encode("<stdin>");
    }
    let path = Path::new(file);
    let relative = if path.is_absolute() {
        base.and_then(|b| path.strip_prefix(b).ok())
    } else {
        Some(path)
    };
    match relative {
        Some(rel) => {
            let parts: Vec<String> = rel
                .components()
                .filter(|c| !matches!(c, Component::CurDir))
                .map(|c| encode(&c.as_os_str().to_string_lossy()))
                .collect();
            parts.join("/")
        }
        None => {
            let parts: Vec<String> = path
                .components()
                .filter_map(|c| match c {
                    Component::Normal(p) => Some(encode(&p.to_string_lossy())),
                    _ => None,
                })
                .collect();
            format!("file:///{}", parts.join("/"))
        }
    }
}

/// Percent-encodes all but RFC 3986's unreserved characters (UTF-8 bytes).
fn encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_to_the_working_directory_and_encoded() {
        let base = Path::new("/work/repo");
        assert_eq!(
            uri("templates/a b.yaml", Some(base)),
            "templates/a%20b.yaml"
        );
        assert_eq!(uri("./x/%.json", Some(base)), "x/%25.json");
        assert_eq!(uri("/work/repo/t/é.yaml", Some(base)), "t/%C3%A9.yaml");
        assert_eq!(
            uri("/elsewhere/t.yaml", Some(base)),
            "file:///elsewhere/t.yaml"
        );
        assert_eq!(uri("/elsewhere/t.yaml", None), "file:///elsewhere/t.yaml");
        assert_eq!(uri("../up/t.yaml", Some(base)), "../up/t.yaml");
        assert_eq!(uri("<stdin>", Some(base)), "%3Cstdin%3E");
    }
}
