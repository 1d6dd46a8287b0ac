//! Output: one line per finding (or a JSON array) and a summary; nothing but findings' messages,
//! which never contain a secret's value.

use std::io::{self, Write};

use rayon::prelude::*;

use appflow_connector_profile::Severity;

use crate::check::{in_position_order, Kind, Located};
use crate::source::Position;
use crate::text::escape;
use crate::FailOn;

/// Everything found in every file.
#[derive(Default)]
pub struct Report {
    files: Vec<(String, Kind, usize, Vec<Located>)>,
    suppressed: usize,
    unusable: Vec<Unusable>,
}

/// A file that could not be checked: unreadable, unparseable, of unknown kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unusable {
    /// The file as given (`<stdin>` for standard input).
    pub file: String,
    /// Where, if a place in the text is at fault.
    pub at: Option<Position>,
    /// Why.
    pub message: String,
}

impl Report {
    /// Records one file's result.
    pub fn add(&mut self, file: &str, kind: Kind, profiles: usize, findings: Vec<Located>) {
        self.files
            .push((file.to_owned(), kind, profiles, in_position_order(findings)));
    }

    /// Records findings left out by suppressions.
    pub fn suppressed(&mut self, count: usize) {
        self.suppressed += count;
    }

    /// Records a file that could not be checked.
    pub fn unusable(&mut self, file: &str, at: Option<Position>, message: String) {
        self.unusable.push(Unusable {
            file: file.to_owned(),
            at,
            message,
        });
    }

    /// Every file checked, with its findings in position order.
    pub fn findings(&self) -> impl Iterator<Item = (&str, &Located)> {
        self.files
            .iter()
            .flat_map(|(file, _, _, findings)| findings.iter().map(move |l| (file.as_str(), l)))
    }

    /// The files that could not be checked.
    pub fn unusable_files(&self) -> &[Unusable] {
        &self.unusable
    }

    /// Whether a finding reaches the `fail_on` level.
    pub fn fails(&self, fail_on: FailOn) -> bool {
        self.findings().any(|(_, l)| match fail_on {
            FailOn::Error => l.finding.severity == Severity::Error,
            FailOn::Warning => true,
            FailOn::None => false,
        })
    }

    fn summary(&self) -> String {
        let (mut errors, mut warnings) = (0, 0);
        for (_, l) in self.findings() {
            match l.finding.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
            }
        }
        let suppressed = if self.suppressed == 0 {
            String::new()
        } else {
            format!(", {} suppressed", self.suppressed)
        };
        // A file that could not be checked is never summed up as if it were fine.
        let unusable = if self.unusable.is_empty() {
            String::new()
        } else {
            format!(
                "; {} file(s) not checked: could not be read, parsed or recognized (the reasons are on standard error)",
                self.unusable.len()
            )
        };
        format!(
            "{errors} error(s), {warnings} warning(s){suppressed} in {} file(s){unusable}",
            self.files.len()
        )
    }

    /// The text form. File names, pointers and messages come from the input, so control and
    /// invisible formatting characters are escaped: a file cannot forge a line of the report.
    /// Many findings ([`MANY_LINES`]) are put together a block at a time on rayon's current pool
    /// (run it inside the `--jobs` pool), the blocks written in order.
    pub fn write_text(&self, out: &mut dyn Write) -> io::Result<()> {
        for (file, kind, profiles, findings) in &self.files {
            let file = escape(file);
            if findings.len() >= MANY_LINES {
                let blocks: Vec<Vec<u8>> = findings
                    .par_chunks(LINES_PER_BLOCK)
                    .map(|block| text_lines(&file, block))
                    .collect();
                for block in &blocks {
                    out.write_all(block)?;
                }
            } else {
                out.write_all(&text_lines(&file, findings))?;
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
        writeln!(out, "{}", self.summary())
    }

    /// GitHub Actions workflow commands, one per finding (and per file that could not be
    /// checked), then the summary as a plain log line. Text is escaped as for the text form,
    /// then as GitHub requires (see [`github_data`], [`github_property`]).
    pub fn write_github(&self, out: &mut dyn Write) -> io::Result<()> {
        for (file, l) in self.findings() {
            let path = if l.pointer.is_empty() {
                "/"
            } else {
                &l.pointer
            };
            writeln!(
                out,
                "::{} file={},line={},col={},title={}::{}: {}",
                l.finding.severity,
                github_property(&escape(file)),
                l.at.line,
                l.at.column,
                github_property(l.finding.code.as_str()),
                github_data(&escape(path)),
                github_data(&escape(&l.finding.message))
            )?;
        }
        for u in &self.unusable {
            let at =
                u.at.map(|at| format!(",line={},col={}", at.line, at.column))
                    .unwrap_or_default();
            writeln!(
                out,
                "::error file={}{at},title=unusable::{}",
                github_property(&escape(&u.file)),
                github_data(&escape(&u.message))
            )?;
        }
        writeln!(out, "{}", self.summary())
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

/// The number of findings of a file from which its text lines are put together on several
/// threads, and how many lines each of them puts together at a time.
const MANY_LINES: usize = 1 << 10;
const LINES_PER_BLOCK: usize = 1 << 9;

/// The text report's lines of `findings` from `file` (escaped already).
fn text_lines(file: &str, findings: &[Located]) -> Vec<u8> {
    // Each line put together in one buffer: `writeln!` with six arguments per finding was most
    // of the report's cost on a template of many findings.
    let size = findings
        .iter()
        .map(|l| file.len() + l.pointer.len() + l.finding.message.len() + 64)
        .sum();
    let mut lines = String::with_capacity(size);
    let (mut line_number, mut column_number) = (itoa::Buffer::new(), itoa::Buffer::new());
    for l in findings {
        let path = if l.pointer.is_empty() {
            "/"
        } else {
            &l.pointer
        };
        for part in [
            file,
            ":",
            line_number.format(l.at.line),
            ":",
            column_number.format(l.at.column),
            ": ",
            severity_name(l.finding.severity),
            " ",
            l.finding.code.as_str(),
            " ",
            &escape(path),
            ": ",
            &escape(&l.finding.message),
            "\n",
        ] {
            lines.push_str(part);
        }
    }
    lines.into_bytes()
}

/// As `Severity` displays itself.
fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// A workflow command's message: `%`, CR and LF percent-encoded, as GitHub's runner decodes them
/// (`@actions/core`'s `escapeData`).
pub fn github_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: as [`github_data`], and `:` and `,`, which end a
/// property (`@actions/core`'s `escapeProperty`).
pub fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escaping() {
        assert_eq!(github_data("50% a:b,c\r\nd"), "50%25 a:b,c%0D%0Ad");
        assert_eq!(github_property("C:\\x,y%\n.yaml"), "C%3A\\x%2Cy%25%0A.yaml");
    }

    /// A file's many findings, their lines put together in blocks on several threads, read as
    /// the same findings written one line at a time (and an escape in one of them stays one).
    #[test]
    fn many_findings_are_written_as_one_by_one() {
        use crate::check::Kind;
        use crate::template_codes::Code;
        let findings: Vec<Located> = (0..MANY_LINES * 3 + 7)
            .map(|i| {
                Located::new(
                    Some("Profile"),
                    format!("/Resources/Profile/Properties/P{i}"),
                    Position {
                        line: i + 1,
                        column: i % 7 + 1,
                    },
                    Code::DuplicateKey,
                    format!("finding {i}{}", if i == 900 { "\u{1b}" } else { "" }),
                )
            })
            .collect();
        let mut expected = String::new();
        for l in &findings {
            expected += &format!(
                "t.json:{}:{}: {} {} {}: {}\n",
                l.at.line,
                l.at.column,
                l.finding.severity,
                l.finding.code.as_str(),
                l.pointer,
                escape(&l.finding.message)
            );
        }
        expected += "t.json: checked as cfn-template (1 connector profile)\n";
        let mut report = Report::default();
        report.add("t.json", Kind::CfnTemplate, 1, findings);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .unwrap();
        let mut written = Vec::new();
        pool.install(|| report.write_text(&mut written)).unwrap();
        let written = String::from_utf8(written).unwrap();
        assert!(expected.contains("finding 900\\u{001B}"));
        assert_eq!(written.lines().count(), expected.lines().count() + 1);
        assert!(written.starts_with(&expected), "the lines in order");
    }

    #[test]
    fn severities_are_named_as_they_display() {
        for severity in [Severity::Error, Severity::Warning] {
            assert_eq!(severity_name(severity), severity.to_string());
        }
    }
}
