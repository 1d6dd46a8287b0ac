//! Readers: each turns one input file into a typed model that mirrors its source.
//!
//! Readers know the input formats and nothing of Rust output.

pub mod botocore;
pub mod cfn;
pub mod data;
pub mod errata;
pub mod json;
pub mod terraform;

use std::path::{Path, PathBuf};

use crate::stale::Stale;
use crate::Error;

/// Paths of the inputs, relative to the schemas directory.
pub const CFN_SCHEMA: &str = "cloudformation/aws-appflow-connectorprofile.json";
/// The API model, relative to the schemas directory.
pub const API_MODEL: &str = "api/appflow-2020-08-23.json";
/// Secrets the API model does not mark.
pub const SECRETS: &str = "secrets.toml";
/// How the two schemas correspond.
pub const MAPPING: &str = "mapping.toml";
/// Per-connector rules.
pub const RULES: &str = "rules.toml";
/// What the CloudFormation schema's `format` values ask of a string.
pub const FORMATS: &str = "formats.toml";
/// The resource's ARN and the IAM actions' resource scopes.
pub const IAM: &str = "iam.toml";
/// Corrections of upstream documentation.
pub const ERRATA: &str = "errata.toml";
/// The generated crate's version and metadata.
pub const PACKAGE: &str = "package.toml";
/// The generated crate's README, also its crate-level documentation.
pub const CRATE_README: &str = "crate-README.md";

/// The Terraform providers' names for a connector profile.
pub const TERRAFORM: &str = "terraform.toml";

/// What `Ref`/`Fn::GetAtt` of other resource types return, for the CLI; carried verbatim into the
/// generated crate (`data::RETURN_FORMS`) so a published CLI has it.
pub const RETURN_FORMS: &str = "return_forms.toml";

/// The raw text of every input, keyed by its path relative to the schemas directory.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// The CloudFormation resource schema.
    pub cfn_schema: String,
    /// The AppFlow API model.
    pub api_model: String,
    /// `secrets.toml`.
    pub secrets: String,
    /// `mapping.toml`.
    pub mapping: String,
    /// `rules.toml`.
    pub rules: String,
    /// `iam.toml`.
    pub iam: String,
    /// `formats.toml` (empty: formats unchecked, an annotation only, as the drift report reads
    /// the schemas).
    pub formats: String,
    /// `errata.toml` (empty: no errata).
    pub errata: String,
    /// `package.toml`.
    pub package: String,
    /// `crate-README.md`.
    pub readme: String,
    /// `return_forms.toml`.
    pub return_forms: String,
    /// `terraform.toml` (empty: no Terraform providers).
    pub terraform: String,
}

impl Inputs {
    /// Reads every input from a schemas directory.
    pub fn load(schemas_dir: &Path) -> Result<Inputs, Error> {
        let read = |rel: &str| -> Result<String, Error> {
            let file: PathBuf = schemas_dir.join(rel);
            std::fs::read_to_string(&file).map_err(|source| Error::Io { file, source })
        };
        Ok(Inputs {
            cfn_schema: read(CFN_SCHEMA)?,
            api_model: read(API_MODEL)?,
            secrets: read(SECRETS)?,
            mapping: read(MAPPING)?,
            rules: read(RULES)?,
            iam: read(IAM)?,
            formats: read(FORMATS)?,
            errata: read(ERRATA)?,
            package: read(PACKAGE)?,
            readme: read(CRATE_README)?,
            return_forms: read(RETURN_FORMS)?,
            terraform: read(TERRAFORM)?,
        })
    }
}

/// Every input lowering takes, read into the model of its own format.
#[derive(Debug, Clone)]
pub struct Models {
    /// `mapping.toml`.
    pub mapping: data::Mapping,
    /// `secrets.toml`.
    pub secrets: data::Secrets,
    /// The CloudFormation resource schema, with the errata applied.
    pub cfn_schema: cfn::ResourceSchema,
    /// The AppFlow API model, with the errata applied.
    pub api_model: botocore::Model,
    /// `formats.toml` (`None` when empty: formats an annotation only).
    pub formats: Option<data::Formats>,
    /// `rules.toml`.
    pub rules: data::Rules,
    /// `iam.toml` (`None` when empty).
    pub iam: Option<data::Iam>,
    /// `terraform.toml`.
    pub terraform: terraform::Terraform,
    /// What reading found stale: errata whose upstream text changed.
    pub stale: Vec<Stale>,
}

/// Reads every input lowering takes ([`Models`]); a malformed file is an error naming it and
/// where.
pub fn read(inputs: &Inputs) -> Result<Models, Error> {
    let mut stale = Vec::new();
    let mapping = data::read_mapping(MAPPING, &inputs.mapping)?;
    let secrets = data::read_secrets(SECRETS, &inputs.secrets)?;
    let errata = errata::read(ERRATA, &inputs.errata)?;
    let cfn_schema = cfn::read_corrected(CFN_SCHEMA, &inputs.cfn_schema, &errata, &mut stale)?;
    let api_model = botocore::read_corrected(API_MODEL, &inputs.api_model, &errata, &mut stale)?;
    let formats = if inputs.formats.trim().is_empty() {
        None
    } else {
        Some(data::read_formats(FORMATS, &inputs.formats)?)
    };
    let rules = data::read_rules(RULES, &inputs.rules)?;
    let iam = if inputs.iam.trim().is_empty() {
        None
    } else {
        Some(data::read_iam(IAM, &inputs.iam)?)
    };
    let terraform = terraform::read(TERRAFORM, &inputs.terraform)?;
    Ok(Models {
        terraform,
        mapping,
        secrets,
        cfn_schema,
        api_model,
        formats,
        rules,
        iam,
        stale,
    })
}
