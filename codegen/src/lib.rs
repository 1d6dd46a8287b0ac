//! The AppFlow connector-profile code generator.
//!
//! Pipeline: [`read`] parses each input into a model of its own format, [`lower`] merges them into
//! the [`ir`], and [`emit`] turns the IR into formatted Rust files. [`generate`] runs all three;
//! [`write`] compares them with `generated/` and replaces it whole.
#![deny(missing_docs)]

pub mod diff;
pub mod docs;
pub mod emit;
pub mod error;
pub mod ident;
pub mod ir;
pub mod lower;
pub mod read;
pub mod stale;
pub mod write;

use std::collections::BTreeMap;
use std::path::PathBuf;

pub use error::Error;
pub use read::Inputs;
pub use stale::Stale;

/// Generates the crate: every file under `generated/`, keyed by its path relative to that directory.
/// A stale data-file entry is an error ([`Error::Stale`], listing every one).
pub fn generate(inputs: &Inputs) -> Result<BTreeMap<PathBuf, String>, Error> {
    let generated = generate_allowing_stale(inputs)?;
    stale::strict(generated.files, generated.stale)
}

/// What [`generate_allowing_stale`] produces.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Every file under `generated/`, keyed by its path relative to that directory.
    pub files: BTreeMap<PathBuf, String>,
    /// The data-file entries that match nothing in the schemas, each left out of the files.
    pub stale: Vec<Stale>,
}

/// Generates the crate with stale data-file entries left out and returned as notes, for taking an
/// upstream change (`cargo xtask update-schemas`) before the data files follow it.
pub fn generate_allowing_stale(inputs: &Inputs) -> Result<Generated, Error> {
    // Read: each input into the model of its format.
    let models = read::read(inputs)?;
    let package = read::data::read_package(read::PACKAGE, &inputs.package)?;
    // Lower: the models into the IR.
    let lowered = lower::lower(models)?;
    // Emit: the IR into files (the README and `return_forms.toml` carried verbatim).
    let mut files = emit::emit(&lowered.ir, &package, &inputs.readme)?;
    files.insert(
        PathBuf::from("src/data.rs"),
        emit::data_file(&inputs.return_forms)?,
    );
    Ok(Generated {
        files,
        stale: lowered.stale,
    })
}
