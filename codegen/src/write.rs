//! The writer: compares generated files with what is on disk and replaces the output directory
//! whole, so that an error part-way never leaves a mix of old and new files.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

/// Files under `dir`, relative to it, except build output.
pub fn existing_files(dir: &Path) -> io::Result<BTreeMap<PathBuf, String>> {
    let mut files = BTreeMap::new();
    if !dir.exists() {
        return Ok(files);
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current)? {
            let path = entry?.path();
            let rel = path
                .strip_prefix(dir)
                .map_err(io::Error::other)?
                .to_path_buf();
            if rel.starts_with("target") {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                let text = std::fs::read_to_string(&path)?;
                files.insert(rel, text.replace("\r\n", "\n"));
            }
        }
    }
    Ok(files)
}

/// Paths that differ: changed, missing, or present but no longer generated.
pub fn stale(
    expected: &BTreeMap<PathBuf, String>,
    actual: &BTreeMap<PathBuf, String>,
) -> Vec<(PathBuf, &'static str)> {
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

/// Writes every file into a fresh directory beside `out`, then swaps it in: a failure part-way
/// leaves `out` as it was.
pub fn write_whole(out: &Path, files: &BTreeMap<PathBuf, String>) -> io::Result<()> {
    let parent = out
        .parent()
        .ok_or_else(|| io::Error::other("output directory has no parent"))?;
    std::fs::create_dir_all(parent)?;
    let staging = tempfile::Builder::new()
        .prefix(".generated-")
        .tempdir_in(parent)?;
    for (rel, text) in files {
        let path = staging.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("a file has a parent"))?;
        std::fs::write(&path, text)?;
    }
    // Keep a build directory a user may have inside generated/ (cargo puts none there in a workspace).
    if out.join("target").is_dir() {
        std::fs::rename(out.join("target"), staging.path().join("target"))?;
    }
    let old = parent.join(format!(".generated-old-{}", std::process::id()));
    if out.exists() {
        std::fs::rename(out, &old)?;
    }
    let staging = staging.keep();
    if let Err(e) = std::fs::rename(&staging, out) {
        if old.exists() {
            std::fs::rename(&old, out)?;
        }
        return Err(e);
    }
    if old.exists() {
        std::fs::remove_dir_all(&old)?;
    }
    Ok(())
}
