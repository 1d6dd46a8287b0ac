//! `regenerate` and `regenerate --check`: compare generated/ with what the schemas produce, and
//! write it whole or not at all. A stale data-file entry ([`codegen::stale`]) fails both, so a
//! data file out of step with the schemas never lands; `update-schemas` alone regenerates with
//! stale entries allowed ([`Stale::Allow`]) and lists them for review.

use std::path::Path;

use anyhow::{bail, Context, Result};
use codegen::write::{existing_files, stale, write_whole};

/// Whether stale data-file entries stop the regeneration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stale {
    /// They are an error (`regenerate`, `regenerate --check`).
    Deny,
    /// They are left out of the output and returned (`update-schemas`).
    Allow,
}

/// Regenerates (or, with `check`, compares) `out` from `schemas`; returns the stale data-file
/// entries, which only [`Stale::Allow`] lets through.
pub fn run(schemas: &Path, out: &Path, check: bool, policy: Stale) -> Result<Vec<codegen::Stale>> {
    // On standard error, so the report on standard output stays what it was: the steps below
    // take seconds (the patterns' automata), and a cold `cargo xtask` has compiled for a minute
    // before this line (cargo's own progress shows that part).
    eprintln!(
        "regenerate: reading {} and generating the crate (lowering, compiling the patterns, emitting)...",
        schemas.display()
    );
    let inputs = codegen::Inputs::load(schemas)?;
    let generated = match policy {
        Stale::Deny => codegen::Generated {
            files: codegen::generate(&inputs).context("generating from schemas/")?,
            stale: Vec::new(),
        },
        Stale::Allow => {
            codegen::generate_allowing_stale(&inputs).context("generating from schemas/")?
        }
    };
    let files = &generated.files;
    let actual = existing_files(out).with_context(|| format!("reading {}", out.display()))?;
    let stale = stale(files, &actual);
    if check {
        if stale.is_empty() {
            println!("generated/ is up to date ({} files)", files.len());
            return Ok(generated.stale);
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
        return Ok(generated.stale);
    }
    eprintln!(
        "regenerate: writing {} file(s) of {} into {}...",
        stale.len(),
        files.len(),
        out.display()
    );
    write_whole(out, files).with_context(|| format!("writing {}", out.display()))?;
    for (path, why) in &stale {
        println!("{}: {why}", out.join(path).display());
    }
    Ok(generated.stale)
}
