//! `regenerate` and `regenerate --check`: compare generated/ with what the schemas produce, and
//! write it whole or not at all.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

/// Files under `dir`, relative to it, except build output.
pub fn existing_files(dir: &Path) -> Result<BTreeMap<PathBuf, String>> {
    let mut files = BTreeMap::new();
    if !dir.exists() {
        return Ok(files);
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).with_context(|| format!("listing {}", current.display()))? {
            let path = entry?.path();
            let rel = path.strip_prefix(dir)?.to_path_buf();
            if rel.starts_with("target") {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
                files.insert(rel, text.replace("\r\n", "\n"));
            }
        }
    }
    Ok(files)
}

/// Paths that differ: changed, missing, or present but no longer generated.
pub fn stale(expected: &BTreeMap<PathBuf, String>, actual: &BTreeMap<PathBuf, String>) -> Vec<(PathBuf, &'static str)> {
    let mut out = Vec::new();
    for (path, text) in expected {
        match actual.get(path) {
            None => out.push((path.clone(), "missing")),
            Some(existing) if existing != text => out.push((path.clone(), "out of date")),
            Some(_) => {}
        }
    }
    for path in actual.keys() {
        if !expected.contains_key(path) {
            out.push((path.clone(), "no longer generated"));
        }
    }
    out
}

pub fn run(schemas: &Path, out: &Path, check: bool) -> Result<()> {
    let inputs = codegen::Inputs::load(schemas)?;
    let files = codegen::generate(&inputs).context("generating from schemas/")?;
    let actual = existing_files(out)?;
    let stale = stale(&files, &actual);
    if check {
        if stale.is_empty() {
            println!("generated/ is up to date ({} files)", files.len());
            return Ok(());
        }
        for (path, why) in &stale {
            eprintln!("stale: {} ({why})", out.join(path).display());
        }
        let hint = if std::env::var_os("CI").is_some() { "; run `cargo xtask regenerate` locally and commit" } else { "; run `cargo xtask regenerate`" };
        bail!("{} generated file(s) differ from what schemas/ produce{hint}", stale.len());
    }
    if stale.is_empty() {
        println!("generated/ is up to date ({} files)", files.len());
        return Ok(());
    }
    write_whole(out, &files)?;
    for (path, why) in &stale {
        println!("{}: {why}", out.join(path).display());
    }
    Ok(())
}

/// Writes every file into a fresh directory beside `out`, then swaps it in: a failure part-way
/// leaves `out` as it was.
fn write_whole(out: &Path, files: &BTreeMap<PathBuf, String>) -> Result<()> {
    let parent = out.parent().context("output directory has no parent")?;
    std::fs::create_dir_all(parent)?;
    let staging = tempfile::Builder::new().prefix(".generated-").tempdir_in(parent)?;
    for (rel, text) in files {
        let path = staging.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("a file has a parent"))?;
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    // Keep a build directory a user may have inside generated/ (cargo puts none there in a workspace).
    if out.join("target").is_dir() {
        std::fs::rename(out.join("target"), staging.path().join("target"))?;
    }
    let old = parent.join(format!(".generated-old-{}", std::process::id()));
    if out.exists() {
        std::fs::rename(out, &old).with_context(|| format!("moving {} aside", out.display()))?;
    }
    let staging = staging.keep();
    if let Err(e) = std::fs::rename(&staging, out) {
        if old.exists() {
            std::fs::rename(&old, out)?;
        }
        return Err(e).with_context(|| format!("moving the new files into {}", out.display()));
    }
    if old.exists() {
        std::fs::remove_dir_all(&old)?;
    }
    Ok(())
}
