//! Helpers shared by this package's test targets: where the workspace is, its inputs, and edited
//! copies of them.

pub mod canary;
pub mod harness;

/// The workspace README's Rust examples, run as doctests (`cargo test -p appflow-tests --doc`), so
/// none can go stale; its command transcripts run in `cli/tests/readme.rs`.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeExamples;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use codegen::ir::Ir;
use codegen::Inputs;
use serde_json::Value;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace")
        .to_path_buf()
}

/// The inputs under schemas/.
pub fn inputs() -> Inputs {
    Inputs::load(&root().join("schemas")).expect("schemas/ loads")
}

/// The IR of `inputs` with stale data-file entries left out ([`codegen::stale`]), as
/// `update-schemas` builds it: the tests of the schemas and the generated crate run (and refresh
/// their snapshots) while the data files lag an upstream change. `generator.rs` fails on a stale
/// entry, as `cargo xtask regenerate --check` does.
pub fn lower(inputs: &Inputs) -> Result<Ir, codegen::Error> {
    codegen::lower::build_allowing_stale(inputs).map(|lowered| lowered.ir)
}

/// The generated files of `inputs` with stale data-file entries left out (see [`lower`]).
pub fn generate(inputs: &Inputs) -> Result<BTreeMap<PathBuf, String>, codegen::Error> {
    codegen::generate_allowing_stale(inputs).map(|generated| generated.files)
}

/// The text of every generated file of module `dir` (`cfn`, `api`): its `mod.rs`, a file per
/// type, `keys.rs`, …, in path order. What a search through the whole module reads.
pub fn module_text(files: &BTreeMap<PathBuf, String>, dir: &str) -> String {
    let under = Path::new("src").join(dir);
    files
        .iter()
        .filter(|(path, _)| path.starts_with(&under))
        .map(|(_, text)| text.as_str())
        .collect()
}

/// The inputs under schemas/ after editing the parsed CloudFormation schema and API model.
pub fn edited_inputs(edit: impl FnOnce(&mut Value, &mut Value)) -> Inputs {
    let mut inputs = inputs();
    let mut cfn: Value = serde_json::from_str(&inputs.cfn_schema).expect("the schema is JSON");
    let mut api: Value = serde_json::from_str(&inputs.api_model).expect("the model is JSON");
    edit(&mut cfn, &mut api);
    inputs.cfn_schema = serde_json::to_string_pretty(&cfn).expect("JSON serializes");
    inputs.api_model = serde_json::to_string_pretty(&api).expect("JSON serializes");
    inputs
}
