//! The command's modules depend on each other one way: source → dialect → template reasoning →
//! lowering → checks → output (ARCHITECTURE.md, `cli/`). Read from `cli/src` as the project's
//! pre-stop hook reads it (a top-level module is `src/x.rs` or `src/x/`; a dependency is a
//! `crate::x` or `super::x` path outside `#[cfg(test)]` code and comments), so a module cycle, or
//! a dependency going up a layer, fails here before review.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The layers, lowest first. A module may use modules of its own layer (without a cycle) and of
/// the layers below; a new module must be placed here.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "leaves",
        &[
            "text",
            "grammar",
            "dynref",
            "forms",
            "template_codes",
            "codes",
            "config",
        ],
    ),
    ("source", &["source"]),
    ("dialect", &["cloudformation", "terraform"]),
    ("template reasoning", &["template", "conditions"]),
    ("lowering", &["lower"]),
    ("checks", &["check", "identifiers", "terraform_check"]),
    (
        "commands and output",
        &["suppress", "report", "sarif", "lifecycle", "aws"],
    ),
];

type Dependencies = BTreeMap<String, BTreeSet<String>>;

/// Text before the first `#[cfg(test)]`, without `//` comments.
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or_default();
    text.lines()
        .map(|line| line.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The module names `text` refers to through `crate::` or `super::` (a name, or any name in
/// the braces of a `use crate::{…}`).
fn referred(text: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for prefix in ["crate::", "super::"] {
        for (index, _) in text.match_indices(prefix) {
            if text[..index].chars().next_back().is_some_and(is_ident) {
                continue;
            }
            let rest = &text[index + prefix.len()..];
            let names: Vec<&str> = if let Some(group) = rest.strip_prefix('{') {
                group[..group.find('}').unwrap_or(group.len())]
                    .split(|c: char| !is_ident(c))
                    .collect()
            } else {
                vec![&rest[..rest.find(|c: char| !is_ident(c)).unwrap_or(rest.len())]]
            };
            out.extend(
                names
                    .into_iter()
                    .filter(|n| modules.contains(*n))
                    .map(str::to_owned),
            );
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(std::fs::read_to_string(&path).unwrap());
        }
    }
}

/// Each top-level module of `src` and the other top-level modules it uses.
fn dependencies(src: &Path) -> Dependencies {
    let mut texts: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for entry in std::fs::read_dir(src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            let mut files = Vec::new();
            rust_files(&path, &mut files);
            texts.insert(name, files);
        } else if path.extension().is_some_and(|e| e == "rs") && name != "lib" && name != "main" {
            texts.insert(name, vec![std::fs::read_to_string(&path).unwrap()]);
        }
    }
    let modules: BTreeSet<String> = texts.keys().cloned().collect();
    texts
        .into_iter()
        .map(|(name, files)| {
            let text: String = files.iter().map(|t| code(t)).collect();
            let mut uses = referred(&text, &modules);
            uses.remove(&name);
            (name, uses)
        })
        .collect()
}

/// Pairs of modules that depend on each other, directly or through others.
fn cycles(dependencies: &Dependencies) -> Vec<(String, String)> {
    fn reaches(from: &str, to: &str, deps: &Dependencies, seen: &mut BTreeSet<String>) -> bool {
        if from == to {
            return true;
        }
        if !seen.insert(from.to_owned()) {
            return false;
        }
        deps.get(from)
            .is_some_and(|next| next.iter().any(|n| reaches(n, to, deps, seen)))
    }
    let mut out = BTreeSet::new();
    for (module, uses) in dependencies {
        for used in uses {
            if reaches(used, module, dependencies, &mut BTreeSet::new()) {
                let pair = if module < used {
                    (module.clone(), used.clone())
                } else {
                    (used.clone(), module.clone())
                };
                out.insert(pair);
            }
        }
    }
    out.into_iter().collect()
}

fn layer(module: &str) -> Option<usize> {
    LAYERS
        .iter()
        .position(|(_, modules)| modules.contains(&module))
}

/// Dependencies that go up a layer, and modules no layer lists.
fn misplaced(dependencies: &Dependencies) -> Vec<String> {
    let mut out = Vec::new();
    for (module, uses) in dependencies {
        let Some(own) = layer(module) else {
            out.push(format!("`{module}` is in no layer of LAYERS"));
            continue;
        };
        for used in uses {
            if let Some(theirs) = layer(used) {
                if theirs > own {
                    out.push(format!(
                        "`{module}` ({}) uses `{used}` ({}), a higher layer",
                        LAYERS[own].0, LAYERS[theirs].0
                    ));
                }
            }
        }
    }
    out
}

#[test]
fn the_command_modules_depend_one_way() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let dependencies = dependencies(&src);
    assert!(dependencies.contains_key("check") && dependencies.contains_key("cloudformation"));
    assert!(dependencies["check"].contains("lower"), "{dependencies:#?}");
    assert_eq!(cycles(&dependencies), Vec::new(), "{dependencies:#?}");
    assert_eq!(misplaced(&dependencies), Vec::<String>::new());
}

#[test]
fn the_checker_sees_cycles_and_upward_dependencies() {
    let modules: BTreeSet<String> = ["lower", "template", "conditions"]
        .map(str::to_owned)
        .into();
    let text = code(
        "use crate::{template::Template, conditions};\n// crate::lower\nfn f() { super::lower::x() }\n#[cfg(test)]\nuse crate::lower;",
    );
    assert_eq!(
        referred(&text, &modules),
        ["conditions", "lower", "template"]
            .map(str::to_owned)
            .into()
    );
    let deps: Dependencies = [
        ("template", vec!["conditions"]),
        ("conditions", vec!["lower"]),
        ("lower", vec!["template"]),
        ("check", vec!["lower"]),
    ]
    .into_iter()
    .map(|(m, uses)| (m.to_owned(), uses.into_iter().map(str::to_owned).collect()))
    .collect();
    assert_eq!(cycles(&deps).len(), 3);
    let misplaced = misplaced(&deps);
    assert_eq!(
        misplaced,
        vec![
            "`conditions` (template reasoning) uses `lower` (lowering), a higher layer".to_owned()
        ]
    );
}
