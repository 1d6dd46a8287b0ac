//! `terraform.toml`: the Terraform providers' names for a connector profile, per provider a table
//! (`[aws]`, `[awscc]`) with the provider's schema for the resource and the rule that maps its
//! names to members of one of the two schemas, plus the entries the rule does not cover.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::Error;

/// The whole file: one entry per provider, keyed by the file's table name (`aws`, `awscc`), in
/// file order.
#[derive(Debug, Clone, Default)]
pub struct Terraform {
    /// The providers, in file order.
    pub providers: Vec<(String, Provider)>,
}

/// One provider's resource.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    /// The resource type (`aws_appflow_connector_profile`).
    pub resource: String,
    /// The API shape the resource body maps to, when its names are the API's.
    pub api_root: Option<String>,
    /// The CloudFormation type the resource body maps to, when its names are CloudFormation's.
    pub cfn_root: Option<String>,
    /// How a member's name becomes the Terraform name.
    pub rule: Rule,
    /// Where the provider's schema was taken from.
    pub source: Source,
    /// Runs of snake_case words the provider spells otherwise.
    #[serde(default, rename = "word")]
    pub words: Vec<Word>,
    /// Names the rule does not give.
    #[serde(default, rename = "rename")]
    pub renames: Vec<Rename>,
    /// Arguments with no member.
    #[serde(default, rename = "terraform_only")]
    pub terraform_only: Vec<TerraformOnly>,
    /// What `terraform import` takes as the resource's id.
    pub import: Option<ImportId>,
    /// Nested blocks (hashicorp/aws), "" the resource body.
    #[serde(default, rename = "block")]
    pub blocks: Vec<Block>,
    /// Nested object attributes (hashicorp/awscc), "" the resource body.
    #[serde(default, rename = "object")]
    pub objects: Vec<Block>,
}

/// How a member's name becomes the Terraform name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// heck's `to_snake_case` (`oAuth2GrantType` → `o_auth2_grant_type`), then the word entries.
    SnakeCase,
    /// As `SnakeCase`, and a run of digits is a word of its own (`OAuth2GrantType` →
    /// `o_auth_2_grant_type`).
    SnakeCaseDigitWords,
}

/// The package the provider's schema was taken from.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The package.
    pub package: String,
    /// Which registry serves it (`npm`, `PyPI`).
    pub registry: String,
    /// Its version.
    pub version: String,
    /// The sha256 of the package file, when recorded.
    pub package_sha256: Option<String>,
    /// The file in the package.
    pub path: String,
    /// The file's sha256.
    pub sha256: String,
    /// The provider (`hashicorp/aws`).
    pub provider: String,
    /// The provider version the bindings were generated from.
    pub provider_version: String,
    /// How the facts were taken from the file.
    pub extraction: Option<String>,
}

/// The member of a read (a struct of the resource's module) whose value is the import id.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportId {
    /// The struct (`ConnectorProfile`, DescribeConnectorProfiles' item for the API).
    pub shape: String,
    /// Its member (`connectorProfileArn`).
    pub member: String,
    /// Where that is documented.
    pub source: String,
}

/// A run of snake_case words (`o_auth`) the provider writes otherwise (`oauth`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Word {
    /// The words as the rule writes them.
    pub api: String,
    /// As the provider writes them.
    pub terraform: String,
    /// Where that is seen.
    pub source: String,
}

/// A Terraform name the rule does not give.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rename {
    /// The Terraform path (`connector_profile_config/…/name`).
    pub terraform: String,
    /// The member path (`connectorProfileConfig/…/member`).
    pub api: String,
    /// Where that is seen.
    pub source: String,
}

/// A resource argument with no member.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TerraformOnly {
    /// Its Terraform path.
    pub terraform: String,
    /// Where that is seen.
    pub source: String,
}

/// A nested block or object attribute and its attributes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Block {
    /// Names from the resource down, `/`-separated; "" the resource body.
    pub path: String,
    /// Whether the provider requires it in its parent.
    #[serde(default)]
    pub required: bool,
    /// Attribute name → Terraform type (`string`, `number`, `bool`, `list(string)`, `map(string)`).
    #[serde(default)]
    pub attributes: BTreeMap<String, String>,
    /// The required attributes.
    #[serde(default)]
    pub required_attributes: Vec<String>,
}

/// Reads `terraform.toml` (empty: no providers).
pub fn read(file: &str, text: &str) -> Result<Terraform, Error> {
    let invalid = |message: String| Error::Toml {
        file: file.to_owned(),
        message,
    };
    let table: toml::Table = toml::from_str(text).map_err(|e| invalid(e.to_string()))?;
    let mut providers = Vec::new();
    for (name, value) in table {
        let provider: Provider = value
            .try_into()
            .map_err(|e: toml::de::Error| invalid(format!("[{name}]: {e}")))?;
        if provider.api_root.is_some() == provider.cfn_root.is_some() {
            return Err(invalid(format!(
                "[{name}]: give exactly one of api_root and cfn_root"
            )));
        }
        if !provider.blocks.is_empty() && !provider.objects.is_empty() {
            return Err(invalid(format!(
                "[{name}]: a provider nests by blocks or by object attributes, not both"
            )));
        }
        providers.push((name, provider));
    }
    Ok(Terraform { providers })
}
