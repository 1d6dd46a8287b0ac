//! `.appflow-profile.toml`: settings for `validate` kept with a repository, found upward from the
//! working directory (the first one wins; none is fine) or named with `--config`.
//!
//! ```toml
//! ignore = ["connector-label-only-for-custom-connector"]  # codes ignored everywhere
//! fail-on = "warning"                                     # error (default), warning, none
//! format = "github"                                       # text (default), json, sarif, github
//!
//! [severity]                        # per code, as clippy's lint levels or ESLint's rule severities
//! unknown-key = "error"             # a misspelled key of an open object fails the build
//! sapodata-one-credential-type = "warning"
//! hardcoded-secret = "off"          # the same as `ignore`
//! ```
//!
//! The command line wins over the file: `--fail-on` and `--format` replace its values,
//! `--ignore` adds to its list, `--severity CODE=LEVEL` replaces a code's level. A file that cannot be read, an unknown key, a value of the wrong
//! kind and a code that does not exist are errors at their line and column (the whole command
//! stops: a CI job must not run with half its settings).

use std::path::{Path, PathBuf};

use clap::ValueEnum;
use serde::Deserialize;
use toml::Spanned;

use appflow_connector_profile::Severity;

use crate::codes::{self, AnyCode};
use crate::{FailOn, Format};

/// The file name looked for.
pub const FILE_NAME: &str = ".appflow-profile.toml";

/// The largest config file read; a real one is a few lines.
const MAX_BYTES: u64 = 64 * 1024;

/// The settings of a config file.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Config {
    /// Where it was read from.
    pub path: Option<PathBuf>,
    /// Codes ignored everywhere.
    pub ignore: Vec<AnyCode>,
    /// When the exit status is 1.
    pub fail_on: Option<FailOn>,
    /// The output format.
    pub format: Option<Format>,
    /// Per code, the severity its findings are reported with (`off` codes are in `ignore`).
    pub severity: Vec<(AnyCode, Severity)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct File {
    ignore: Option<Vec<Spanned<String>>>,
    fail_on: Option<Spanned<String>>,
    format: Option<Spanned<String>>,
    severity: Option<std::collections::BTreeMap<Spanned<String>, Spanned<String>>>,
}

/// A code's level in `[severity]` or `--severity CODE=LEVEL`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Level {
    /// Reported as an error.
    Error,
    /// Reported as a warning.
    Warning,
    /// Not reported (as `ignore`).
    Off,
}

/// A finding code as the config or command line names it, else why not (with the closest).
pub fn code(given: &str) -> Result<AnyCode, String> {
    AnyCode::parse(given)
        .filter(|c| codes::describe(*c).is_some())
        .ok_or_else(|| {
            let hint = codes::closest(given)
                .map(|c| format!(" (did you mean `{c}`?)"))
                .unwrap_or_default();
            format!(
                "`{}` is not a finding code{hint}; `appflow-profile validate --help` lists them",
                appflow_connector_profile::validation::echo(given)
            )
        })
}

/// A config file that cannot be used: where (file, and line:column if the text is at fault)
/// and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The file.
    pub path: PathBuf,
    /// 1-based line and column (code points), if a place in the text is at fault.
    pub at: Option<(usize, usize)>,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = crate::text::escape(&self.path.to_string_lossy()).into_owned();
        match self.at {
            Some((line, column)) => write!(
                f,
                "{path}:{line}:{column}: error config: {}",
                crate::text::escape(&self.message)
            ),
            None => write!(
                f,
                "{path}: error config: {}",
                crate::text::escape(&self.message)
            ),
        }
    }
}

/// The nearest `.appflow-profile.toml` in `start` or a directory above it.
pub fn find(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// Reads the config at `path`.
pub fn load(path: &Path) -> Result<Config, Error> {
    let fail = |at: Option<(usize, usize)>, message: String| Error {
        path: path.to_owned(),
        at,
        message,
    };
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(
            std::fs::File::open(path)
                .map_err(|e| fail(None, format!("cannot read: {}", crate::io_reason(&e))))?,
            MAX_BYTES + 1,
        ),
        &mut bytes,
    )
    .map_err(|e| fail(None, format!("cannot read: {}", crate::io_reason(&e))))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(fail(
            None,
            format!(
                "larger than {} KiB; a config file is a few lines",
                MAX_BYTES / 1024
            ),
        ));
    }
    let text = String::from_utf8(bytes).map_err(|_| fail(None, "not UTF-8 text".to_owned()))?;
    parse(&text).map_err(|(span, message)| fail(span.map(|s| line_column(&text, s)), message))
}

type Located<T> = Result<T, (Option<usize>, String)>;

fn parse(text: &str) -> Located<Config> {
    let file: File = toml::from_str(text).map_err(|e| {
        (
            e.span().map(|s| s.start),
            e.message().trim_end().replace('\n', " "),
        )
    })?;
    let mut config = Config::default();
    for given in file.ignore.unwrap_or_default() {
        let code = code(given.get_ref()).map_err(|message| (Some(given.span().start), message))?;
        config.ignore.push(code);
    }
    for (given, level) in file.severity.unwrap_or_default() {
        let code = code(given.get_ref()).map_err(|message| (Some(given.span().start), message))?;
        match value::<Level>(given.get_ref(), &level)? {
            Level::Error => config.severity.push((code, Severity::Error)),
            Level::Warning => config.severity.push((code, Severity::Warning)),
            Level::Off => config.ignore.push(code),
        }
    }
    config.fail_on = file.fail_on.map(|v| value("fail-on", &v)).transpose()?;
    config.format = file.format.map(|v| value("format", &v)).transpose()?;
    Ok(config)
}

fn value<T: ValueEnum>(key: &str, value: &Spanned<String>) -> Located<T> {
    T::from_str(value.get_ref(), false).map_err(|_| {
        let allowed: Vec<String> = T::value_variants()
            .iter()
            .filter_map(|v| v.to_possible_value().map(|p| p.get_name().to_owned()))
            .collect();
        (
            Some(value.span().start),
            format!(
                "`{key}` is `{}`; it takes {}",
                appflow_connector_profile::validation::echo(value.get_ref()),
                allowed.join(", ")
            ),
        )
    })
}

/// 1-based line and column (code points) of byte offset `at` in `text`.
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let before = text.get(..at.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_setting() {
        let config = parse(
            "ignore = [\"unknown-key\", \"sapodata-one-credential-type\"]\nfail-on = \"warning\"\nformat = \"sarif\"\n",
        )
        .expect("valid");
        let ignored: Vec<&str> = config.ignore.iter().map(|c| c.as_str()).collect();
        assert_eq!(ignored, ["unknown-key", "sapodata-one-credential-type"]);
        assert_eq!(config.fail_on, Some(FailOn::Warning));
        assert_eq!(config.format, Some(Format::Sarif));
        assert_eq!(parse("").expect("empty is fine"), Config::default());
    }

    #[test]
    fn reads_per_code_severities() {
        let config = parse(
            "[severity]\nunknown-key = \"error\"\nsapodata-one-credential-type = \"warning\"\nhardcoded-secret = \"off\"\n",
        )
        .expect("valid");
        let levels: Vec<(&str, Severity)> = config
            .severity
            .iter()
            .map(|(c, s)| (c.as_str(), *s))
            .collect();
        assert_eq!(
            levels,
            [
                ("sapodata-one-credential-type", Severity::Warning),
                ("unknown-key", Severity::Error)
            ]
        );
        let ignored: Vec<&str> = config.ignore.iter().map(|c| c.as_str()).collect();
        assert_eq!(ignored, ["hardcoded-secret"]);

        let text = "[severity]\nunkown-key = \"error\"\n";
        let (at, message) = parse(text).expect_err("unknown code");
        assert_eq!(at.map(|a| line_column(text, a)), Some((2, 1)));
        assert!(message.contains("did you mean `unknown-key`"), "{message}");
        let text = "[severity]\nunknown-key = \"deny\"\n";
        let (at, message) = parse(text).expect_err("unknown level");
        assert_eq!(at.map(|a| line_column(text, a)), Some((2, 15)));
        assert!(message.contains("error, warning, off"), "{message}");
    }

    #[test]
    fn errors_are_located() {
        let text = "fail-on = \"warning\"\nignore = [\"required\", \"unkown-key\"]\n";
        let (at, message) = parse(text).expect_err("unknown code");
        assert_eq!(at.map(|a| line_column(text, a)), Some((2, 23)));
        assert!(message.contains("did you mean `unknown-key`"), "{message}");

        let text = "fail_on = \"warning\"\n";
        let (at, message) = parse(text).expect_err("unknown key");
        assert_eq!(at.map(|a| line_column(text, a)), Some((1, 1)));
        assert!(message.contains("unknown field `fail_on`"), "{message}");

        let text = "# é\nformat = \"xml\"\n";
        let (at, message) = parse(text).expect_err("bad format");
        assert_eq!(at.map(|a| line_column(text, a)), Some((2, 10)));
        assert!(message.contains("text, json, sarif, github"), "{message}");

        let text = "ignore = \"required\"\n";
        let (at, _) = parse(text).expect_err("not a list");
        assert_eq!(at.map(|a| line_column(text, a)), Some((1, 10)));
    }

    #[test]
    fn columns_count_code_points() {
        assert_eq!(line_column("é = 1\nab", 7), (2, 1));
        assert_eq!(line_column("éé x", 5), (1, 4));
    }

    #[test]
    fn found_in_the_nearest_directory_upward() {
        let root = tempfile::tempdir().expect("temp dir");
        let deep = root.path().join("a/b/c");
        std::fs::create_dir_all(&deep).expect("dirs");
        // Whatever lies above the temporary directory is found from both alike.
        assert_eq!(find(&deep), find(root.path()));
        std::fs::write(root.path().join(FILE_NAME), "").expect("write");
        assert_eq!(find(&deep), Some(root.path().join(FILE_NAME)));
        std::fs::write(root.path().join("a").join(FILE_NAME), "").expect("write");
        assert_eq!(find(&deep), Some(root.path().join("a").join(FILE_NAME)));
    }
}
