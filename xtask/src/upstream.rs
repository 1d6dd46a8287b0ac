//! Obtaining the upstream packages with pip and extracting the two schema files from their wheels.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use sha2::{Digest, Sha256};

/// The CloudFormation resource type whose schema is vendored.
pub const CFN_TYPE: &str = "AWS::AppFlow::ConnectorProfile";
/// The AppFlow model inside botocore.
pub const BOTOCORE_MODEL: &str = "botocore/data/appflow/2020-08-23/service-2.json.gz";

/// One vendored file and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Source {
    /// Path under schemas/.
    pub file: String,
    /// PyPI package.
    pub package: String,
    /// Package version.
    pub version: String,
    /// Path inside the package.
    pub path: String,
    /// sha256 of the stored bytes.
    pub sha256: String,
}

/// `schemas/sources.toml`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Sources {
    #[serde(rename = "source")]
    pub sources: Vec<Source>,
}

impl Sources {
    pub fn load(schemas: &Path) -> Result<Sources> {
        let path = schemas.join("sources.toml");
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))
    }

    pub fn version_of(&self, package: &str) -> Option<&str> {
        self.sources
            .iter()
            .find(|s| s.package == package)
            .map(|s| s.version.as_str())
    }

    pub fn to_toml(&self) -> Result<String> {
        Ok(format!(
            "# Where each vendored schema comes from. Written by `cargo xtask fetch-schemas`; checked by\n\
             # `cargo xtask drift --pinned`. sha256 is of the stored bytes (the API model decompressed).\n\n{}",
            toml::to_string(self)?
        ))
    }
}

pub fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Why pip could not provide a package: distinct from every other failure, so callers can tell
/// "offline" from "drifted".
#[derive(Debug)]
pub struct Unavailable(pub String);

impl std::fmt::Display for Unavailable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unavailable {}

/// The Python that runs pip: `XTASK_PYTHON` if set (a runner whose Python 3 is `python`; the
/// exit-status tests point it at a program that fails), else `python3`.
fn python() -> std::ffi::OsString {
    std::env::var_os("XTASK_PYTHON").unwrap_or_else(|| "python3".into())
}

/// Downloads one wheel with `python3 -m pip download --no-deps`; `version` None means the newest.
pub fn download(package: &str, version: Option<&str>, dir: &Path) -> Result<PathBuf> {
    let spec = match version {
        Some(v) => format!("{package}=={v}"),
        None => package.to_owned(),
    };
    let python = python();
    let output = Command::new(&python)
        .args([
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary=:all:",
            "--disable-pip-version-check",
            "-q",
            "-d",
        ])
        .arg(dir)
        .arg(&spec)
        .output()
        .with_context(|| format!("running {} -m pip", python.to_string_lossy()))?;
    if !output.status.success() {
        let message = String::from_utf8_lossy(&output.stderr).trim().to_owned();
        return Err(Unavailable(format!("pip download {spec} failed: {message}")).into());
    }
    let prefix = format!("{}-", package.replace('-', "_"));
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        if name.starts_with(&prefix) && name.ends_with(".whl") {
            return Ok(path);
        }
    }
    bail!(
        "pip reported success but no {package} wheel is in {}",
        dir.display()
    )
}

/// The version in a wheel's file name (`cfn_lint-1.58.0-py3-none-any.whl` → `1.58.0`).
pub fn wheel_version(wheel: &Path) -> Result<String> {
    let name = wheel
        .file_name()
        .and_then(|n| n.to_str())
        .context("wheel has no name")?;
    name.split('-')
        .nth(1)
        .map(str::to_owned)
        .with_context(|| format!("no version in {name}"))
}

fn read_entry(archive: &mut zip::ZipArchive<std::fs::File>, path: &str) -> Result<Option<Vec<u8>>> {
    let mut file = match archive.by_name(path) {
        Ok(file) => file,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(Some(bytes))
}

/// The resource schema from a cfn-lint wheel, and its path inside the package. Reads both
/// layouts: `providers/us-east-1.json` mapping type names to hashed files (mid-2026 on), and
/// `providers/us_east_1/<type>.json` (before).
pub fn extract_cfn(wheel: &Path) -> Result<(Vec<u8>, String)> {
    let mut archive =
        zip::ZipArchive::new(std::fs::File::open(wheel)?).context("opening the cfn-lint wheel")?;
    if let Some(index) = read_entry(
        &mut archive,
        "cfnlint/data/schemas/providers/us-east-1.json",
    )? {
        let index: serde_json::Value =
            serde_json::from_slice(&index).context("parsing providers/us-east-1.json")?;
        let hash = index[CFN_TYPE]
            .as_str()
            .with_context(|| format!("{CFN_TYPE} is not in providers/us-east-1.json"))?;
        let path = format!("cfnlint/data/schemas/resources/{hash}.json");
        let bytes = read_entry(&mut archive, &path)?
            .with_context(|| format!("{path} is missing from the wheel"))?;
        return Ok((bytes, path));
    }
    let legacy = format!(
        "cfnlint/data/schemas/providers/us_east_1/{}.json",
        CFN_TYPE.to_lowercase().replace("::", "-")
    );
    let bytes = read_entry(&mut archive, &legacy)?
        .with_context(|| format!("neither layout holds {CFN_TYPE} in {}", wheel.display()))?;
    Ok((bytes, legacy))
}

/// The AppFlow model from a botocore wheel, decompressed.
pub fn extract_api(wheel: &Path) -> Result<(Vec<u8>, String)> {
    let mut archive =
        zip::ZipArchive::new(std::fs::File::open(wheel)?).context("opening the botocore wheel")?;
    let compressed = read_entry(&mut archive, BOTOCORE_MODEL)?
        .with_context(|| format!("{BOTOCORE_MODEL} is missing"))?;
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(compressed.as_slice())
        .read_to_end(&mut bytes)
        .context("decompressing the model")?;
    Ok((bytes, BOTOCORE_MODEL.to_owned()))
}

/// The two files of the given (or newest) versions, with their provenance.
pub struct Fetched {
    pub cfn: (Vec<u8>, Source),
    pub api: (Vec<u8>, Source),
}

pub fn fetch(cfn_lint: Option<&str>, botocore: Option<&str>) -> Result<Fetched> {
    let scratch = tempfile::tempdir()?;
    let (cfn_dir, api_dir) = (scratch.path().join("cfn"), scratch.path().join("api"));
    std::fs::create_dir_all(&cfn_dir)?;
    std::fs::create_dir_all(&api_dir)?;
    let cfn_wheel = download("cfn-lint", cfn_lint, &cfn_dir)?;
    let api_wheel = download("botocore", botocore, &api_dir)?;
    Ok(Fetched {
        cfn: vendored(
            codegen::read::CFN_SCHEMA,
            "cfn-lint",
            &cfn_wheel,
            extract_cfn(&cfn_wheel)?,
        )?,
        api: vendored(
            codegen::read::API_MODEL,
            "botocore",
            &api_wheel,
            extract_api(&api_wheel)?,
        )?,
    })
}

/// One extracted file with its provenance.
fn vendored(
    file: &str,
    package: &str,
    wheel: &Path,
    (bytes, path): (Vec<u8>, String),
) -> Result<(Vec<u8>, Source)> {
    let source = Source {
        file: file.to_owned(),
        package: package.to_owned(),
        version: wheel_version(wheel)?,
        path,
        sha256: sha256(&bytes),
    };
    Ok((bytes, source))
}
