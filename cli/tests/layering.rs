//! The command's modules depend on each other one way: source → dialect → template reasoning →
//! lowering → checks → output (ARCHITECTURE.md, `cli/`). Read from `cli/src` as the project's
//! pre-stop hook reads it (a top-level module is `src/x.rs` or `src/x/`; a dependency is a
//! `crate::x` or `super::x` path outside `#[cfg(test)]` code and comments), so a module cycle, or
//! a dependency going up a layer, fails here before review. And no module reads a message: what a
//! finding says for a person (its `message`, a parser's) is written, never searched or parsed for
//! data (the members a finding names are `validation::Finding::mentions`, its suggestion
//! `suggestion`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The layers, lowest first. A module may use modules of its own layer (without a cycle) and of
/// the layers below; a new module must be placed here.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "leaves",
        &[
            "allocator",
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

/// `text` before its first `#[cfg(test)]`, without comments, with string and character literals
/// emptied (`""`, `' '`): what is left is code, so a word in a literal or a comment is not read
/// as one.
fn bare_code(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or_default();
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                i += 1;
            }
            i += 2;
        } else if c == 'r'
            && matches!(next, Some('"' | '#'))
            && !out.chars().next_back().is_some_and(is_ident)
        {
            // A raw string: r"…", r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            let close: Vec<char> = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            while j < chars.len() && !chars[j..].starts_with(&close) {
                j += 1;
            }
            out.push_str("\"\"");
            i = j + close.len();
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            out.push_str("\"\"");
            i += 1;
        } else if c == '\'' && (next == Some('\\') || chars.get(i + 2) == Some(&'\'')) {
            // A character literal (not a lifetime).
            i += 1;
            while i < chars.len() && chars[i] != '\'' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            out.push_str("' '");
            i += 1;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// What may be done with a message: write it (append, insert, replace a range a finding's data
/// names), copy or move it, and measure it. Anything else (`contains`, `find`, `split`,
/// `starts_with`, `replace`, `chars`, `trim`, `parse`, …) reads it.
const WRITES: &[&str] = &[
    "push_str",
    "push",
    "insert_str",
    "replace_range",
    "clone",
    "to_owned",
    "to_string",
    "into",
    "len",
    "is_empty",
    "is_char_boundary",
];

/// Where `code` (see [`bare_code`]) reads a message: a `message` (a field, a variable, a
/// parser's `message()` or `info()`) searched, sliced, compared or matched on.
fn message_reads(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let words = code
        .match_indices("message")
        .chain(code.match_indices("info()"));
    for (index, word) in words {
        let end = index + word.len();
        if code[..index].chars().next_back().is_some_and(is_ident)
            || code[end..].chars().next().is_some_and(is_ident)
        {
            continue;
        }
        let mut rest = code[end..].trim_start();
        if let Some(after_call) = rest.strip_prefix("()") {
            rest = after_call.trim_start();
        }
        let before = code[..index].trim_end_matches(|c: char| c == '&' || c.is_whitespace());
        let line = code[..index].matches('\n').count() + 1;
        let shown = format!("line {line}: {}", rest.lines().next().unwrap_or_default());
        // A method called on it (a field after `info()` is another type's).
        let method = rest.strip_prefix('.').and_then(|m| {
            let m = m.trim_start();
            let name_end = m.find(|c: char| !is_ident(c)).unwrap_or(m.len());
            let called = m[name_end..].trim_start();
            (called.starts_with('(') || called.starts_with("::<")).then(|| &m[..name_end])
        });
        let reads = match method {
            Some(method) => !WRITES.contains(&method),
            None => {
                rest.starts_with('[')
                    || rest.starts_with("==")
                    || rest.starts_with("!=")
                    || before.ends_with("==")
                    || before.ends_with("!=")
                    || before.ends_with("match")
                    || before.ends_with("matches!(")
            }
        };
        if reads {
            out.push(shown);
        }
    }
    out
}

/// Reads of a parser's message the command cannot do without, each with why: no finding's
/// message is among them.
const EXEMPT: &[(&str, &str, &str)] = &[
    (
        "config.rs",
        ".trim_end().replace",
        "the TOML parser's message made one line for a located error; nothing is taken from it",
    ),
    (
        "source/mod.rs",
        "== \"\"",
        "yaml-rust2's ScanError says it hit its nesting limit only in its text (`info()`)",
    ),
];

#[test]
fn the_command_reads_no_message() {
    fn walk(dir: &Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                let name = path
                    .strip_prefix(env!("CARGO_MANIFEST_DIR"))
                    .unwrap_or(&path);
                out.push((name.display().to_string(), text));
            }
        }
    }
    let mut files = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    assert!(files.len() > 20, "{}", files.len());
    let mut reads = Vec::new();
    for (path, text) in &files {
        for read in message_reads(&bare_code(text)) {
            let exempt = EXEMPT
                .iter()
                .any(|(file, shape, _)| path.ends_with(file) && read.contains(shape));
            if !exempt {
                reads.push(format!("{path}: {read}"));
            }
        }
    }
    assert_eq!(reads, Vec::<String>::new());
}

#[test]
fn the_message_check_sees_reads_and_lets_writes_be() {
    let reads = |text: &str| message_reads(&bare_code(text)).len();
    for read in [
        "let x = finding.message.rfind(\"did you mean `\");",
        "if located.finding.message.contains(\"x\") {}",
        "let word = &message[start..index];",
        "for (i, c) in message.char_indices() {}",
        "if e.message().starts_with(\"recursion\") {}",
        "let limit = e.info() == \"recursion limit exceeded\";",
        "if problem.message == \"x\" {}",
        "match message.as_str() { _ => {} }",
        "let m = message . split(':');",
    ] {
        assert_eq!(reads(read), 1, "{read}");
    }
    for write in [
        "finding.message.push_str(\"; what it holds\");",
        "placed.finding.message = format!(\"{} (when …)\", placed.finding.message);",
        "Located { message: problem.message, ..x }",
        "let start = finding.message.len(); finding.message.replace_range(0..1, \"x\");",
        "// finding.message.contains(\"x\")",
        "let s = \"message.contains(x)\";",
        "let t = r#\"message[0]\"#;",
        "let c = '\"'; let m = message.clone();",
        "fn f() {}\n#[cfg(test)]\nmod tests { fn g() { message.contains(\"x\"); } }",
        "let messages = all.messages.iter();",
    ] {
        assert_eq!(reads(write), 0, "{write}");
    }
}
