//! Stale data-file entries: an entry of a data file under `schemas/` that names something the
//! upstream schemas no longer (or not yet) have — an `iam.toml` action no handler needs, a rule or
//! a listed secret naming a member upstream lacks, an erratum whose upstream text changed.
//!
//! Lowering does not stop at one: it leaves the entry out of what it feeds (the IAM policy lists
//! only actions some handler needs, a rule that names a missing member is not generated) and
//! returns a [`Stale`] note saying which file, where in it and why. Whether notes are fatal is the
//! caller's choice: [`crate::generate`] and [`crate::lower::build`] (hence `cargo xtask
//! regenerate` and its `--check`) fail with [`Error::Stale`], so a stale data file never lands;
//! [`crate::generate_allowing_stale`] returns them with the files, which is how `cargo xtask
//! update-schemas` takes an upstream change in one go and lists each note for review.
//!
//! A malformed data file (invalid TOML, a duplicate entry, a bad statement id, a predicate that
//! does not fit) and a schema the generator cannot read stay errors.

use std::fmt;

use crate::Error;

/// One data-file entry that matches nothing in the schemas it describes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Stale {
    /// The data file, relative to `schemas/` (`iam.toml`).
    pub file: String,
    /// JSON Pointer of the entry in the file (`/action/3`).
    pub pointer: String,
    /// Why it is stale, and what was left out because of it.
    pub reason: String,
}

impl Stale {
    /// A note about the entry at `pointer` of `file`.
    pub fn new(file: &str, pointer: impl Into<String>, reason: impl Into<String>) -> Stale {
        Stale {
            file: file.to_owned(),
            pointer: pointer.into(),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for Stale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}: {}", self.file, self.pointer, self.reason)
    }
}

/// `value` when there are no notes, else [`Error::Stale`] with all of them.
pub fn strict<T>(value: T, stale: Vec<Stale>) -> Result<T, Error> {
    if stale.is_empty() {
        Ok(value)
    } else {
        Err(Error::Stale(stale))
    }
}

/// The message of [`Error::Stale`]: how many, then one line per note.
pub(crate) fn describe(stale: &[Stale]) -> String {
    let mut out = format!(
        "{} data-file entr{} under schemas/ match{} nothing in the upstream schemas (update or remove {}):",
        stale.len(),
        if stale.len() == 1 { "y" } else { "ies" },
        if stale.len() == 1 { "es" } else { "" },
        if stale.len() == 1 { "it" } else { "each" },
    );
    for note in stale {
        out.push_str("\n  ");
        out.push_str(&note.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_are_fatal_only_when_strict() {
        assert_eq!(strict(7, Vec::new()).unwrap(), 7);
        let note = Stale::new("iam.toml", "/action/0", "no handler needs it");
        assert_eq!(note.to_string(), "iam.toml#/action/0: no handler needs it");
        let err = strict(7, vec![note.clone()]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "1 data-file entry under schemas/ matches nothing in the upstream schemas (update or \
             remove it):\n  iam.toml#/action/0: no handler needs it"
        );
        let two = strict((), vec![note.clone(), note])
            .unwrap_err()
            .to_string();
        assert!(
            two.starts_with("2 data-file entries under schemas/ match nothing"),
            "{two}"
        );
        assert_eq!(two.lines().count(), 3, "{two}");
    }
}
