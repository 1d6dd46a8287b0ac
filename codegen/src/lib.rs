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
pub mod write;

use std::collections::BTreeMap;
use std::path::PathBuf;

pub use error::Error;
pub use read::Inputs;

/// Generates the crate: every file under `generated/`, keyed by its path relative to that directory.
pub fn generate(inputs: &Inputs) -> Result<BTreeMap<PathBuf, String>, Error> {
    let ir = lower::build(inputs)?;
    let package = read::data::read_package(read::PACKAGE, &inputs.package)?;
    let mut files = emit::emit(&ir, &package, &inputs.readme)?;
    files.insert(
        PathBuf::from("src/data.rs"),
        emit::data_file(&inputs.return_forms)?,
    );
    Ok(files)
}
