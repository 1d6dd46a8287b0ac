//! `drift`: what changed between schemas/ and upstream (or an older source), as a semantic diff.
//!
//! Exit status: 0 no drift, 1 any other error, 2 a usage error (clap's), 3 drift, 4 the packages
//! could not be downloaded. "Unavailable" has a status of its own so that a typo in a CI script
//! (status 2) never reads as "offline".

use std::path::Path;

use anyhow::{bail, Context, Result};
use codegen::diff::Drift;
use codegen::ir::Ir;
use codegen::Inputs;

use crate::upstream::{self, Sources, Unavailable};

/// Exit status when nothing drifted.
pub const NO_DRIFT: u8 = 0;
/// Exit status of any error but the ones below.
pub const ERROR: u8 = 1;
/// Exit status of a usage error: clap's, kept apart from every status of ours.
pub const USAGE: u8 = 2;
/// Exit status when something drifted.
pub const DRIFT: u8 = 3;
/// Exit status when pip could not provide a package (offline, no such version).
pub const UNAVAILABLE: u8 = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Markdown,
}

/// What to compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// schemas/ → the newest packages.
    Latest,
    /// schemas/ → the packages pinned in sources.toml, after checking every sha256.
    Pinned,
    /// An older source → schemas/.
    From(Vec<String>),
}

/// Runs the comparison and prints it; returns the exit status. Pip failures become
/// [`UNAVAILABLE`] with pip's message; other errors are returned.
pub fn run(schemas: &Path, mode: &Mode, format: Format) -> Result<u8> {
    match compare(schemas, mode) {
        Ok((old_label, new_label, drift)) => {
            print!("{}", render(&drift, format, &old_label, &new_label));
            Ok(if drift.is_empty() { NO_DRIFT } else { DRIFT })
        }
        Err(err) => match err.chain().find_map(|e| e.downcast_ref::<Unavailable>()) {
            Some(unavailable) => {
                eprintln!("drift: the upstream packages could not be downloaded: {unavailable}");
                Ok(UNAVAILABLE)
            }
            None => Err(err),
        },
    }
}

/// Renders the drift with a line saying what was compared.
pub fn render(drift: &Drift, format: Format, old: &str, new: &str) -> String {
    match format {
        Format::Text => format!("drift from {old} to {new}\n{}", drift.to_text()),
        Format::Markdown => format!(
            "# Schema drift\n\nFrom {old} to {new}.\n\n{}",
            drift.to_markdown()
        ),
        Format::Json => {
            let value = serde_json::json!({ "old": old, "new": new, "drift": drift });
            serde_json::to_string_pretty(&value).expect("plain data") + "\n"
        }
    }
}

/// (old label, new label, drift).
pub fn compare(schemas: &Path, mode: &Mode) -> Result<(String, String, Drift)> {
    let local = Inputs::load(schemas).with_context(|| format!("loading {}", schemas.display()))?;
    let local_label = format!("schemas/ ({})", describe_pinned(schemas));
    match mode {
        Mode::Latest => {
            let fetched = upstream::fetch(None, None)?;
            let label = format!(
                "cfn-lint {}, botocore {}",
                fetched.cfn.1.version, fetched.api.1.version
            );
            let upstream = with_files(&local, text(&fetched.cfn)?, text(&fetched.api)?);
            let drift = diff_inputs(&local, "schemas/", &upstream, "upstream")?;
            Ok((local_label, format!("upstream ({label})"), drift))
        }
        Mode::Pinned => {
            let sources = Sources::load(schemas)?;
            verify_stored(schemas, &sources)?;
            let pinned = |package: &str| {
                sources
                    .version_of(package)
                    .with_context(|| format!("sources.toml pins no {package}"))
                    .map(str::to_owned)
            };
            let fetched = upstream::fetch(Some(&pinned("cfn-lint")?), Some(&pinned("botocore")?))?;
            for (bytes, got) in [&fetched.cfn, &fetched.api] {
                let expected = sources
                    .sources
                    .iter()
                    .find(|s| s.file == got.file)
                    .with_context(|| format!("sources.toml has no entry for {}", got.file))?;
                if got.sha256 != expected.sha256 || upstream::sha256(bytes) != expected.sha256 {
                    bail!(
                        "{} from {} {} ({}) has sha256 {}, sources.toml says {}",
                        got.file,
                        got.package,
                        got.version,
                        got.path,
                        got.sha256,
                        expected.sha256
                    );
                }
            }
            let label = format!(
                "cfn-lint {}, botocore {}",
                fetched.cfn.1.version, fetched.api.1.version
            );
            let upstream = with_files(&local, text(&fetched.cfn)?, text(&fetched.api)?);
            let drift = diff_inputs(&local, "schemas/", &upstream, "the pinned packages")?;
            Ok((local_label, format!("the pinned packages ({label})"), drift))
        }
        Mode::From(specs) => {
            let (old, label) = load_source(schemas, &local, specs)?;
            let drift = diff_inputs(&old, &label, &local, "schemas/")?;
            Ok((label, local_label, drift))
        }
    }
}

fn describe_pinned(schemas: &Path) -> String {
    match Sources::load(schemas) {
        Ok(s) => s
            .sources
            .iter()
            .map(|s| format!("{} {}", s.package, s.version))
            .collect::<Vec<_>>()
            .join(", "),
        Err(_) => "unpinned".to_owned(),
    }
}

pub fn text((bytes, source): &(Vec<u8>, upstream::Source)) -> Result<String> {
    String::from_utf8(bytes.clone()).with_context(|| {
        format!(
            "{} from {} {} is not UTF-8",
            source.path, source.package, source.version
        )
    })
}

fn with_files(base: &Inputs, cfn_schema: String, api_model: String) -> Inputs {
    Inputs {
        cfn_schema,
        api_model,
        ..base.clone()
    }
}

/// The IR of `inputs` without the rules, IAM scopes and format checks, stale data-file entries left
/// out: drift is about the schemas, and a rule that names a member an older schema lacks, an
/// erratum whose text changed (reported under "errata"), or a `format` formats.toml does not know
/// yet (reported as a constraint change; generation refuses it), must not stop the comparison.
fn build(inputs: &Inputs, label: &str) -> Result<Ir> {
    let schemas_only = Inputs {
        rules: String::new(),
        iam: String::new(),
        formats: String::new(),
        ..inputs.clone()
    };
    codegen::lower::build_allowing_stale(&schemas_only)
        .map(|lowered| lowered.ir)
        .with_context(|| format!("building the IR of {label}"))
}

/// The diff of the two IRs, plus the errata (schemas/'s) whose upstream text differs.
pub fn diff_inputs(old: &Inputs, old_label: &str, new: &Inputs, new_label: &str) -> Result<Drift> {
    let mut drift = codegen::diff::diff(&build(old, old_label)?, &build(new, new_label)?);
    let errata = codegen::read::errata::read(codegen::read::ERRATA, &new.errata)?;
    drift.errata = codegen::diff::errata_changes(&errata, old, new);
    Ok(drift)
}

/// Checks every file sources.toml lists against its sha256.
pub fn verify_stored(schemas: &Path, sources: &Sources) -> Result<()> {
    for source in &sources.sources {
        let path = schemas.join(&source.file);
        let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        let actual = upstream::sha256(&bytes);
        if actual != source.sha256 {
            bail!(
                "{} has sha256 {actual}, but sources.toml records {} ({} {}): edited by hand or fetched without updating sources.toml",
                path.display(),
                source.sha256,
                source.package,
                source.version
            );
        }
    }
    Ok(())
}

/// The old side of `--from`: a directory laid out like schemas/, or `cfn-lint=V`/`botocore=V`
/// (comma-separated or repeated; the side not named comes from schemas/).
pub fn load_source(schemas: &Path, local: &Inputs, specs: &[String]) -> Result<(Inputs, String)> {
    let parts: Vec<&str> = specs
        .iter()
        .flat_map(|s| s.split(','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if parts.is_empty() {
        bail!("--from needs a directory or cfn-lint=VERSION / botocore=VERSION");
    }
    if let [single] = parts.as_slice() {
        let dir = Path::new(single);
        if !single.contains('=') || dir.is_dir() {
            return load_dir(schemas, dir).map(|inputs| (inputs, dir.display().to_string()));
        }
    }
    let (mut cfn_lint, mut botocore) = (None, None);
    for part in parts {
        match part.split_once('=') {
            Some(("cfn-lint", v)) if !v.is_empty() => cfn_lint = Some(v.to_owned()),
            Some(("botocore", v)) if !v.is_empty() => botocore = Some(v.to_owned()),
            _ => bail!("--from {part}: expected a directory, cfn-lint=VERSION or botocore=VERSION"),
        }
    }
    let scratch = tempfile::tempdir()?;
    let mut inputs = local.clone();
    let mut labels = Vec::new();
    if let Some(version) = &cfn_lint {
        let wheel = upstream::download("cfn-lint", Some(version), scratch.path())?;
        let (bytes, path) = upstream::extract_cfn(&wheel)?;
        inputs.cfn_schema = String::from_utf8(bytes)
            .with_context(|| format!("{path} in cfn-lint {version} is not UTF-8"))?;
        labels.push(format!("cfn-lint {version}"));
    }
    if let Some(version) = &botocore {
        let wheel = upstream::download("botocore", Some(version), scratch.path())?;
        let (bytes, path) = upstream::extract_api(&wheel)?;
        inputs.api_model = String::from_utf8(bytes)
            .with_context(|| format!("{path} in botocore {version} is not UTF-8"))?;
        labels.push(format!("botocore {version}"));
    }
    if cfn_lint.is_none() || botocore.is_none() {
        labels.push("the rest from schemas/".to_owned());
    }
    Ok((inputs, labels.join(", ")))
}

/// A directory laid out like schemas/; secrets.toml, mapping.toml and errata.toml default to
/// schemas/'s.
fn load_dir(schemas: &Path, dir: &Path) -> Result<Inputs> {
    if !dir.is_dir() {
        bail!("--from {}: no such directory", dir.display());
    }
    let read = |rel: &str, required: bool| -> Result<String> {
        let path = dir.join(rel);
        if !required && !path.exists() {
            let fallback = schemas.join(rel);
            return std::fs::read_to_string(&fallback)
                .with_context(|| format!("reading {}", fallback.display()));
        }
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))
    };
    Ok(Inputs {
        cfn_schema: read(codegen::read::CFN_SCHEMA, true)?,
        api_model: read(codegen::read::API_MODEL, true)?,
        secrets: read(codegen::read::SECRETS, false)?,
        mapping: read(codegen::read::MAPPING, false)?,
        rules: String::new(),
        iam: String::new(),
        formats: String::new(),
        errata: read(codegen::read::ERRATA, false)?,
        package: read(codegen::read::PACKAGE, false)?,
        readme: read(codegen::read::CRATE_README, false)?,
        return_forms: read(codegen::read::RETURN_FORMS, false)?,
        terraform: read(codegen::read::TERRAFORM, false)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schemas() -> std::path::PathBuf {
        crate::workspace_root().join("schemas")
    }

    /// A directory like schemas/ holding only the two files, the API model edited.
    fn older_dir(edit: impl FnOnce(&mut serde_json::Value)) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for rel in [codegen::read::CFN_SCHEMA, codegen::read::API_MODEL] {
            let target = dir.path().join(rel);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(schemas().join(rel), &target).unwrap();
        }
        let api = dir.path().join(codegen::read::API_MODEL);
        let mut model: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&api).unwrap()).unwrap();
        edit(&mut model);
        std::fs::write(&api, serde_json::to_string_pretty(&model).unwrap()).unwrap();
        dir
    }

    #[test]
    fn from_a_directory_reports_what_schemas_added() {
        // The older source lacks the enum value schemas/ has: schemas/ added it.
        let dir = older_dir(|model| {
            let values = model["shapes"]["ConnectorType"]["enum"]
                .as_array_mut()
                .unwrap();
            values.retain(|v| v != "Upsolver");
        });
        let mode = Mode::From(vec![dir.path().display().to_string()]);
        let (old, new, drift) = compare(&schemas(), &mode).unwrap();
        assert_eq!(old, dir.path().display().to_string());
        assert!(new.starts_with("schemas/ ("), "{new}");
        let text = drift.to_text();
        let (changes, terraform) = text.split_once("terraform:").unwrap();
        assert_eq!(changes, "semver impact: additive\napi: 1 change, 0 documentation changes\n  general:\n    [additive] added value Upsolver to enum ConnectorType\n");
        // The providers' gaps, read from terraform.toml (schemas/'s, as the directory has none).
        assert!(
            terraform.contains("\n  aws_appflow_connector_profile (hashicorp/aws "),
            "{terraform}"
        );
        assert_eq!(run(&schemas(), &mode, Format::Text).unwrap(), DRIFT);
    }

    #[test]
    fn from_an_unchanged_directory_is_no_drift() {
        let dir = older_dir(|_| {});
        let mode = Mode::From(vec![dir.path().display().to_string()]);
        assert_eq!(run(&schemas(), &mode, Format::Json).unwrap(), NO_DRIFT);
    }

    #[test]
    fn from_a_missing_directory_is_an_error() {
        let err =
            compare(&schemas(), &Mode::From(vec!["/nonexistent/schemas".into()])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "--from /nonexistent/schemas: no such directory"
        );
        let err = compare(
            &schemas(),
            &Mode::From(vec!["pip=1".into(), "botocore=1".into()]),
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("expected a directory, cfn-lint=VERSION or botocore=VERSION"),
            "{err}"
        );
    }

    #[test]
    fn stored_files_are_checked_against_sources_toml() {
        let sources = Sources::load(&schemas()).unwrap();
        verify_stored(&schemas(), &sources).unwrap();
        let mut wrong = sources.clone();
        wrong.sources[1].sha256 = "0".repeat(64);
        let err = verify_stored(&schemas(), &wrong).unwrap_err().to_string();
        assert!(
            err.contains("api/appflow-2020-08-23.json has sha256 ea75"),
            "{err}"
        );
    }
}
