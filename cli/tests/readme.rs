//! Every command transcript of the workspace README runs here, so none can go stale.
//!
//! A transcript is a ```` ```console ```` block: each `$ appflow-profile ARGS` line is run in a
//! scratch directory and what follows it, up to the next `$` line, is its standard output then its
//! standard error, compared with snapbox (`...` on a line of its own stands for any lines, `[..]`
//! for any text within a line, so a transcript may show part of a long output). A line `? N`
//! after the output is the exit status (0 when there is none). `< FILE` feeds standard input, and
//! a trailing `# comment` is a comment.
//!
//! The scratch directory holds `tests/fixtures/` (this crate's), the files of [`PLACED`] under the
//! names the README gives them, and every code block the README introduces with a line
//! "Given `PATH`:".
//!
//! `README_TRANSCRIPTS=overwrite cargo test -p appflow-profile-cli --test readme` writes the
//! actual outputs into the README's transcripts that hold no wildcard (then review the diff).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Files the README names, placed in the scratch directory from this crate's fixtures.
const PLACED: &[(&str, &str)] = &[
    ("cdk.out/AppFlowStack.template.json", "cdk-synth.json"),
    ("sam/template.yaml", "sam-template.yaml"),
    ("plan-old.yaml", "plan-old.yaml"),
    ("plan-new.yaml", "plan-new.yaml"),
    ("describe.json", "describe-connector-profiles.json"),
    ("describe-v2.json", "describe-cli-v2.json"),
    ("describe-page.json", "describe-partial.json"),
    ("describe-pipedrive.json", "describe-unknown-connector.json"),
    ("describe-serverless.json", "describe-terraform.json"),
    ("templates/misspelled.yaml", "misspelled-open-key.yaml"),
    ("old-label.yaml", "plan-salesforce.yaml"),
    ("new-label.yaml", "plan-salesforce-label.yaml"),
];

fn readme_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md")
}

/// One command of a transcript and what it must print.
struct Step {
    command: String,
    expected: String,
    status: i32,
}

/// A transcript: its lines in the README (the fence lines excluded) and its steps.
struct Transcript {
    first_line: usize,
    end_line: usize,
    steps: Vec<Step>,
}

fn parse(readme: &str) -> (Vec<Transcript>, Vec<(String, String)>) {
    let lines: Vec<&str> = readme.lines().collect();
    let mut transcripts = Vec::new();
    let mut given = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let fence = line.trim_start();
        if !fence.starts_with("```") || fence == "```" {
            i += 1;
            continue;
        }
        let indent = line.len() - fence.len();
        let end = (i + 1..lines.len())
            .find(|&j| lines[j].trim() == "```")
            .unwrap_or_else(|| panic!("README line {}: the block is not closed", i + 1));
        let body: Vec<&str> = lines[i + 1..end]
            .iter()
            .map(|l| l.get(indent..).unwrap_or(l.trim_start()))
            .collect();
        // "Given `PATH`:" on the last non-empty line before the block.
        let before = lines[..i].iter().rev().find(|l| !l.trim().is_empty());
        if let Some(path) = before
            .and_then(|l| l.trim().strip_prefix("Given `"))
            .and_then(|rest| rest.strip_suffix("`:"))
        {
            given.push((path.to_owned(), format!("{}\n", body.join("\n"))));
        }
        if fence == "```console" {
            let mut steps: Vec<Step> = Vec::new();
            for text in &body {
                if let Some(command) = text.strip_prefix("$ ") {
                    steps.push(Step {
                        command: command.to_owned(),
                        expected: String::new(),
                        status: 0,
                    });
                    continue;
                }
                let step = steps.last_mut().unwrap_or_else(|| {
                    panic!("README line {}: a transcript starts with `$ `", i + 2)
                });
                match text.strip_prefix("? ").map(str::parse::<i32>) {
                    Some(Ok(status)) => step.status = status,
                    _ => {
                        step.expected.push_str(text);
                        step.expected.push('\n');
                    }
                }
            }
            transcripts.push(Transcript {
                first_line: i + 1,
                end_line: end,
                steps,
            });
        }
        i = end + 1;
    }
    (transcripts, given)
}

/// `ARGS` of `appflow-profile ARGS [< FILE] [# comment]`, with '…' and "…" quoting.
fn split(command: &str) -> (Vec<String>, Option<String>) {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut quote: Option<char> = None;
    for c in command.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.get_or_insert_with(String::new).push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                word.get_or_insert_with(String::new);
            }
            (None, '#') if word.is_none() => break,
            (None, c) if c.is_whitespace() => words.extend(word.take()),
            (None, c) => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    let mut stdin = None;
    if let Some(at) = words.iter().position(|w| w == "<") {
        stdin = words.get(at + 1).cloned();
        words.truncate(at);
    }
    assert_eq!(
        words.first().map(String::as_str),
        Some("appflow-profile"),
        "a transcript runs appflow-profile: {command}"
    );
    (words.split_off(1), stdin)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

fn write(dir: &Path, relative: &str, text: &[u8]) {
    let path = dir.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn run(dir: &Path, step: &Step) -> (String, i32) {
    let (args, stdin) = split(&step.command);
    let input = match &stdin {
        Some(file) if file != "/dev/null" => std::fs::read(dir.join(file)).unwrap(),
        _ => Vec::new(),
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_appflow-profile"))
        .args(&args)
        .current_dir(dir)
        .env_remove("CI")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let _ = child.stdin.take().unwrap().write_all(&input);
    }
    let output = child.wait_with_output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap()
    );
    (text, output.status.code().unwrap_or(-1))
}

fn has_wildcard(expected: &str) -> bool {
    expected.lines().any(|l| l == "...") || expected.contains("[..]")
}

#[test]
fn every_transcript_of_the_readme_prints_what_it_shows() {
    let readme_file = readme_path();
    let readme = std::fs::read_to_string(&readme_file).unwrap();
    let (transcripts, given) = parse(&readme);
    assert!(transcripts.len() >= 10, "{} transcripts", transcripts.len());
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    copy_dir(&fixtures, &dir.join("tests/fixtures"));
    for (name, fixture) in PLACED {
        write(dir, name, &std::fs::read(fixtures.join(fixture)).unwrap());
    }
    for (name, text) in &given {
        write(dir, name, text.as_bytes());
    }
    let overwrite = std::env::var("README_TRANSCRIPTS").as_deref() == Ok("overwrite");
    let mut lines: Vec<String> = readme.lines().map(str::to_owned).collect();
    let mut failures = Vec::new();
    // Replaced from the end, so earlier line numbers stay right.
    for transcript in transcripts.iter().rev() {
        let mut rewritten = Vec::new();
        let mut same = true;
        for step in &transcript.steps {
            let (actual, status) = run(dir, step);
            let matches = snapbox::Assert::new()
                .normalize_paths(false)
                .try_eq(None, actual.clone().into(), step.expected.clone().into())
                .is_ok();
            if !matches || status != step.status {
                same = false;
                failures.push(format!(
                    "README line {}: `$ {}` (exit {status}, shown {}):\n--- shown\n{}--- actual\n{}",
                    transcript.first_line, step.command, step.status, step.expected, actual
                ));
            }
            rewritten.push(format!("$ {}", step.command));
            let shown = if has_wildcard(&step.expected) {
                step.expected.clone()
            } else {
                actual
            };
            rewritten.extend(shown.lines().map(str::to_owned));
            if status != 0 {
                rewritten.push(format!("? {status}"));
            }
        }
        if !same && overwrite {
            lines.splice(transcript.first_line..transcript.end_line, rewritten);
        }
    }
    if overwrite {
        std::fs::write(&readme_file, format!("{}\n", lines.join("\n"))).unwrap();
        return;
    }
    assert!(
        failures.is_empty(),
        "{} transcript command(s) differ (README_TRANSCRIPTS=overwrite rewrites them):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_transcript_parser_reads_commands_statuses_and_given_files() {
    let text = "Given `a.yaml`:\n\n```yaml\nx: 1\n```\n\n```console\n$ appflow-profile validate a.yaml  # why\nout\n? 1\n$ appflow-profile plan 'o ld.yaml' n.yaml < in.json\n```\n";
    let (transcripts, given) = parse(text);
    assert_eq!(given, [("a.yaml".to_owned(), "x: 1\n".to_owned())]);
    let steps = &transcripts[0].steps;
    assert_eq!((steps[0].expected.as_str(), steps[0].status), ("out\n", 1));
    assert_eq!(split(&steps[0].command).0, ["validate", "a.yaml"]);
    let (args, stdin) = split(&steps[1].command);
    assert_eq!(args, ["plan", "o ld.yaml", "n.yaml"]);
    assert_eq!(stdin.as_deref(), Some("in.json"));
    assert_eq!(
        (transcripts[0].first_line, transcripts[0].end_line),
        (7, 11)
    );
}

#[test]
fn the_readme_counts_the_codes_there_are() {
    // Prose no transcript checks: "(52 today: its own 28 and the 24 per-connector rules".
    let readme = std::fs::read_to_string(readme_path()).unwrap();
    // Lines may wrap anywhere.
    let readme = readme.split_whitespace().collect::<Vec<_>>().join(" ");
    let codes = appflow_profile_cli::codes::validate_codes();
    let rules = codes.iter().filter(|c| c.rule.is_some()).count();
    for said in [
        format!(
            "({} today: its own {} and the {rules} per-connector rules",
            codes.len(),
            codes.len() - rules
        ),
        format!("({rules} per-connector rules, each citing its source)"),
    ] {
        assert!(readme.contains(&said), "the README should say {said:?}");
    }
}
