//! The generator's typed errors. Every variant says where: the input file and a JSON Pointer into it.

use std::path::PathBuf;

/// Why generation failed, and where in which input.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An input file could not be read.
    #[error("{file}: cannot read: {source}")]
    Io {
        /// The file.
        file: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// An input file is not valid JSON.
    #[error("{file}:{line}:{column}: invalid JSON: {message}")]
    Json {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// A data file under schemas/ is not valid TOML or does not have the expected fields.
    #[error("{file}: invalid data file: {message}")]
    Toml {
        /// The file.
        file: String,
        /// The parser's message, with its line and column.
        message: String,
    },
    /// The input uses a keyword or shape type the generator does not understand.
    #[error("{file}#{pointer}: unsupported {what}: {found}")]
    Unsupported {
        /// The file.
        file: String,
        /// JSON Pointer to the offending value.
        pointer: String,
        /// What kind of thing is unsupported (keyword, type, reference form…).
        what: &'static str,
        /// What was found.
        found: String,
    },
    /// A value has the wrong JSON type or is missing.
    #[error("{file}#{pointer}: {message}")]
    Invalid {
        /// The file.
        file: String,
        /// JSON Pointer to the offending value.
        pointer: String,
        /// What is wrong.
        message: String,
    },
    /// A `$ref` or shape reference points nowhere.
    #[error("{file}#{pointer}: dangling reference to {target}")]
    DanglingRef {
        /// The file.
        file: String,
        /// JSON Pointer to the reference.
        pointer: String,
        /// The reference as written.
        target: String,
    },
    /// Types refer to each other in a cycle, which the generated crate cannot represent without boxing.
    #[error("{file}#{pointer}: reference cycle: {cycle}")]
    Cycle {
        /// The file.
        file: String,
        /// JSON Pointer to the type where the cycle was found.
        pointer: String,
        /// The types on the cycle, joined by ` -> `.
        cycle: String,
    },
    /// Two schema names map to the same Rust identifier.
    #[error("{file}#{pointer}: name collision: {message}")]
    NameCollision {
        /// The file.
        file: String,
        /// JSON Pointer to the second name.
        pointer: String,
        /// The colliding names.
        message: String,
    },
    /// Data-file entries that match nothing in the upstream schemas ([`crate::stale`]): an error
    /// only where generation is strict (`regenerate`), each entry with its file and pointer.
    #[error("{}", crate::stale::describe(.0))]
    Stale(Vec<crate::stale::Stale>),
    /// The generated tokens did not parse as Rust (a generator bug).
    #[error("generated {file} is not valid Rust: {message}")]
    Emit {
        /// The output file.
        file: String,
        /// The parser's message.
        message: String,
    },
}

/// Appends one reference token to a JSON Pointer, escaping `~` and `/` as RFC 6901 says.
pub fn pointer_push(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", token.replace('~', "~0").replace('/', "~1"))
}

#[cfg(test)]
mod tests {
    use super::pointer_push;

    #[test]
    fn escapes_reference_tokens() {
        assert_eq!(pointer_push("/a", "b/c~d"), "/a/b~1c~0d");
        assert_eq!(pointer_push("", "x"), "/x");
    }
}
