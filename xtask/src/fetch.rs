//! `fetch-schemas`: vendor the two upstream files byte for byte and record where they came from.

use std::path::Path;

use anyhow::{Context, Result};

use crate::upstream::{self, Sources};

pub fn run(schemas: &Path, cfn_lint: Option<String>, botocore: Option<String>) -> Result<()> {
    let pinned = Sources::load(schemas).ok();
    let cfn_version = cfn_lint.or_else(|| {
        pinned
            .as_ref()
            .and_then(|p| p.version_of("cfn-lint").map(str::to_owned))
    });
    let api_version = botocore.or_else(|| {
        pinned
            .as_ref()
            .and_then(|p| p.version_of("botocore").map(str::to_owned))
    });
    let fetched = upstream::fetch(cfn_version.as_deref(), api_version.as_deref())?;
    vendor(schemas, &fetched)?;
    println!("next: cargo xtask regenerate, review the snapshot diffs, commit");
    Ok(())
}

/// Writes the two files and `sources.toml`, printing each file's provenance.
pub fn vendor(schemas: &Path, fetched: &upstream::Fetched) -> Result<()> {
    // Everything is in memory before anything is written.
    let sources = Sources {
        sources: vec![fetched.cfn.1.clone(), fetched.api.1.clone()],
    };
    let manifest = sources.to_toml()?;
    for (bytes, source) in [&fetched.cfn, &fetched.api] {
        let path = schemas.join(&source.file);
        std::fs::create_dir_all(path.parent().context("schema path has a parent")?)?;
        std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
        println!(
            "{}: {} {} ({}), sha256 {}",
            source.file, source.package, source.version, source.path, source.sha256
        );
    }
    std::fs::write(schemas.join("sources.toml"), manifest)?;
    Ok(())
}
