//! Output: one line per finding (or a JSON array) and a summary; nothing but findings' messages,
//! which never contain a secret's value.

use std::io::{self, Write};

use appflow_connector_profile::Severity;

use crate::check::{Kind, Located};
use crate::text::escape;

/// Everything found in every file.
#[derive(Default)]
pub struct Report {
    files: Vec<(String, Kind, usize, Vec<Located>)>,
}

impl Report {
    /// Records one file's result.
    pub fn add(&mut self, file: &str, kind: Kind, profiles: usize, mut findings: Vec<Located>) {
        findings.sort_by(|a, b| {
            (a.at.line, a.at.column, &a.pointer).cmp(&(b.at.line, b.at.column, &b.pointer))
        });
        self.files.push((file.to_owned(), kind, profiles, findings));
    }

    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.files
            .iter()
            .flat_map(|f| &f.3)
            .any(|l| l.finding.severity == Severity::Error)
    }

    /// The text form. File names, pointers and messages come from the input, so control and
    /// invisible formatting characters are escaped: a file cannot forge a line of the report.
    pub fn write_text(&self, out: &mut dyn Write) -> io::Result<()> {
        let (mut errors, mut warnings) = (0, 0);
        for (file, kind, profiles, findings) in &self.files {
            let file = escape(file);
            for l in findings {
                match l.finding.severity {
                    Severity::Error => errors += 1,
                    Severity::Warning => warnings += 1,
                }
                let path = if l.pointer.is_empty() {
                    "/"
                } else {
                    &l.pointer
                };
                writeln!(
                    out,
                    "{file}:{}:{}: {} {} {}: {}",
                    l.at.line,
                    l.at.column,
                    l.finding.severity,
                    l.finding.code,
                    escape(path),
                    escape(&l.finding.message)
                )?;
            }
            let noun = if *profiles == 1 {
                "connector profile"
            } else {
                "connector profiles"
            };
            writeln!(
                out,
                "{file}: checked as {} ({profiles} {noun})",
                kind.name()
            )?;
        }
        writeln!(
            out,
            "{errors} error(s), {warnings} warning(s) in {} file(s)",
            self.files.len()
        )
    }

    /// The JSON form.
    pub fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
        let items: Vec<serde_json::Value> = self
            .files
            .iter()
            .flat_map(|(file, _, _, findings)| {
                findings.iter().map(move |l| {
                    serde_json::json!({
                        "file": file,
                        "resource": l.resource,
                        "path": l.pointer,
                        "line": l.at.line,
                        "column": l.at.column,
                        "severity": l.finding.severity.to_string(),
                        "code": l.finding.code,
                        "message": l.finding.message,
                    })
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &items)?;
        writeln!(out)
    }
}
