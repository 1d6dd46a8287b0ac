//! What the readers' tests share: repeatable random numbers for their mutation tests, and the
//! fixture files they read in parts and whole.

use std::path::{Path, PathBuf};

/// A repeatable pseudo-random number below its argument (xorshift64 from `seed`), for the
/// mutation tests.
pub(super) fn xorshift(seed: u64) -> impl FnMut(usize) -> usize {
    let mut state = seed;
    move |bound| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % bound as u64) as usize
    }
}

/// Every file with one of `extensions` among the repository's fixtures (the command's and the
/// test crate's) and, when they are beside the repository, the shared real-world files, with
/// its text.
pub(super) fn fixtures(extensions: &[&str]) -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut stack = vec![root.join("tests/fixtures"), root.join("../tests/fixtures")];
    let shared = root.join("../../shared/real-world");
    if shared.is_dir() {
        stack.push(shared);
    }
    let mut files = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let extension = path.extension().and_then(|e| e.to_str());
            if path.is_dir() {
                stack.push(path);
            } else if extension.is_some_and(|e| extensions.contains(&e)) {
                let text = std::fs::read_to_string(&path).unwrap();
                files.push((path, text));
            }
        }
    }
    files
}
