//! `regenerate` and `regenerate --check`: compare generated/ with what the schemas produce, and
//! write it whole or not at all.

use std::path::Path;

use anyhow::{bail, Context, Result};
use codegen::write::{existing_files, stale, write_whole};

pub fn run(schemas: &Path, out: &Path, check: bool) -> Result<()> {
    let inputs = codegen::Inputs::load(schemas)?;
    let files = codegen::generate(&inputs).context("generating from schemas/")?;
    let actual = existing_files(out).with_context(|| format!("reading {}", out.display()))?;
    let stale = stale(&files, &actual);
    if check {
        if stale.is_empty() {
            println!("generated/ is up to date ({} files)", files.len());
            return Ok(());
        }
        for (path, why) in &stale {
            eprintln!("stale: {} ({why})", out.join(path).display());
        }
        let hint = if std::env::var_os("CI").is_some() {
            "; run `cargo xtask regenerate` locally and commit"
        } else {
            "; run `cargo xtask regenerate`"
        };
        bail!(
            "{} generated file(s) differ from what schemas/ produce{hint}",
            stale.len()
        );
    }
    if stale.is_empty() {
        println!("generated/ is up to date ({} files)", files.len());
        return Ok(());
    }
    write_whole(out, &files).with_context(|| format!("writing {}", out.display()))?;
    for (path, why) in &stale {
        println!("{}: {why}", out.join(path).display());
    }
    Ok(())
}
