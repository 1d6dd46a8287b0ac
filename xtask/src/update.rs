//! `update-schemas`: take an upstream change in one command — fetch the packages, vendor the two
//! files and `sources.toml`, bump the generated crate's version by the drift's semver impact, add a
//! CHANGELOG entry from the drift, regenerate, refresh the insta snapshots, print what to review.
//!
//! Data-file entries the new schemas leave stale (an `iam.toml` action no handler needs, a rule
//! naming a member upstream lacks, an erratum whose text changed: [`codegen::stale`]) do not stop
//! it: the crate is generated without them and each is a review item, in the printed review and
//! the pull request's body. `regenerate --check` fails until the data files follow.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};
use codegen::diff::{Change, Drift, Impact};
use codegen::Inputs;

use crate::drift;
use crate::upstream::{self, Sources, Unavailable};

/// What to take.
pub struct Options {
    /// cfn-lint version; the newest when `None`.
    pub cfn_lint: Option<String>,
    /// botocore version; the newest when `None`.
    pub botocore: Option<String>,
    /// Where to write `drift.md` (a pull request's body) and `drift.json`.
    pub report: Option<std::path::PathBuf>,
    /// Do not run `cargo test` to refresh the snapshots.
    pub skip_tests: bool,
}

/// Runs the update in the workspace `root`; returns the exit status (0, or
/// [`drift::UNAVAILABLE`] when pip could not provide a package).
pub fn run(root: &Path, options: &Options) -> Result<u8> {
    let schemas = root.join("schemas");
    let local = Inputs::load(&schemas).with_context(|| format!("loading {}", schemas.display()))?;
    let before = Sources::load(&schemas)?;
    let fetched = match upstream::fetch(options.cfn_lint.as_deref(), options.botocore.as_deref()) {
        Ok(fetched) => fetched,
        Err(err) => {
            match err.chain().find_map(|e| e.downcast_ref::<Unavailable>()) {
                Some(unavailable) => {
                    eprintln!("update-schemas: the upstream packages could not be downloaded: {unavailable}");
                    return Ok(drift::UNAVAILABLE);
                }
                None => return Err(err),
            }
        }
    };
    let after = Sources {
        sources: vec![fetched.cfn.1.clone(), fetched.api.1.clone()],
    };
    let same_bytes = after.sources.iter().all(|new| {
        before
            .sources
            .iter()
            .any(|old| old.file == new.file && old.sha256 == new.sha256)
    });
    if same_bytes {
        println!(
            "schemas/ already holds what {} provide: nothing to update",
            upstream_label(&after)
        );
        return Ok(drift::NO_DRIFT);
    }
    let upstream_inputs = Inputs {
        cfn_schema: drift::text(&fetched.cfn)?,
        api_model: drift::text(&fetched.api)?,
        ..local.clone()
    };
    let report = drift::diff_inputs(&local, "schemas/", &upstream_inputs, "upstream")?;
    let old_label = upstream_label(&before);
    let new_label = upstream_label(&after);

    // Every new text is computed before anything is written.
    let package_path = schemas.join(codegen::read::PACKAGE);
    let package_text = read(&package_path)?;
    let package = codegen::read::data::read_package(codegen::read::PACKAGE, &package_text)?;
    let version = match report.impact() {
        Some(impact) => bump(&package.version, impact)?,
        None => package.version.clone(),
    };
    let manifest_path = root.join("Cargo.toml");
    let manifest = read(&manifest_path)?;
    let changelog_path = root.join("CHANGELOG.md");
    let changelog = read(&changelog_path)?;
    let heading = if version == package.version {
        None
    } else {
        Some(format!("## [{version}] - {}", today()))
    };
    let entry = changelog_entry(heading.as_deref(), &report, &old_label, &new_label);
    let new_changelog = insert_entry(&changelog, &entry)?;
    let new_package = set_version(&package_text, "version", &version)?;
    let new_manifest = set_workspace_dependency_version(&manifest, &package.name, &version)?;

    // The new schemas must generate (with today's data files) before anything is written. Entries
    // of the data files that the new schemas leave stale are left out and reviewed below; what
    // stops here is a schema the generator cannot read or a malformed data file, with the report
    // saying what changed.
    let generated = Inputs {
        package: new_package.clone(),
        ..upstream_inputs.clone()
    };
    if let Err(err) = codegen::generate_allowing_stale(&generated) {
        print!(
            "{}",
            drift::render(&report, drift::Format::Text, &old_label, &new_label)
        );
        bail!(
            "the new schemas do not generate with the data files under schemas/: {err}\n\
             nothing was written; adapt the data file it names to the change above, then run again"
        );
    }
    crate::fetch::vendor(&schemas, &fetched)?;
    std::fs::write(&package_path, new_package)?;
    std::fs::write(&manifest_path, new_manifest)?;
    std::fs::write(&changelog_path, new_changelog)?;
    let stale = crate::regenerate::run(
        &schemas,
        &root.join("generated"),
        false,
        crate::regenerate::Stale::Allow,
    )?;
    // Cargo.lock records the generated crate's version.
    cargo(root, &["update", "--workspace", "--quiet"], &[])?;
    let failing = if options.skip_tests {
        None
    } else {
        Some(refresh_snapshots(root)?)
    };
    let review = review(
        &report,
        &Outcome {
            old_version: &package.version,
            new_version: &version,
            old: &old_label,
            new: &new_label,
            stale: &stale,
            failing: failing.as_deref(),
        },
    );
    if let Some(dir) = &options.report {
        // The pull request's body: what changed, and what this run found to review (the tests
        // still failing), since a pull request opened by a workflow's own token runs no CI.
        std::fs::create_dir_all(dir)?;
        let body = format!(
            "Upstream: {old_label} → {new_label}. The generated crate: {} → {version}.\n\n{}\n{}## Review\n\n```text\n{}```\n",
            package.version,
            drift::render(&report, drift::Format::Markdown, &old_label, &new_label),
            stale_markdown(&stale),
            review.trim_start()
        );
        std::fs::write(dir.join("drift.md"), body)?;
        std::fs::write(
            dir.join("drift.json"),
            drift::render(&report, drift::Format::Json, &old_label, &new_label),
        )?;
    }
    print!("{review}");
    Ok(drift::NO_DRIFT)
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

fn upstream_label(sources: &Sources) -> String {
    sources
        .sources
        .iter()
        .map(|s| format!("{} {}", s.package, s.version))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The next version after `version` for a change of `impact`. Below 1.0 the minor number is the
/// major one, as cargo reads it (`^0.1` accepts 0.1.x only): breaking bumps the minor, everything
/// else the patch. From 1.0: breaking the major, additive the minor, documentation the patch.
pub fn bump(version: &str, impact: Impact) -> Result<String> {
    let parts: Vec<u64> = version
        .split('.')
        .map(str::parse)
        .collect::<Result<_, _>>()
        .with_context(|| format!("version `{version}` is not MAJOR.MINOR.PATCH"))?;
    let [major, minor, patch] = parts[..] else {
        bail!("version `{version}` is not MAJOR.MINOR.PATCH");
    };
    Ok(match (major, impact) {
        (0, Impact::Breaking) => format!("0.{}.0", minor + 1),
        (0, _) => format!("0.{minor}.{}", patch + 1),
        (_, Impact::Breaking) => format!("{}.0.0", major + 1),
        (_, Impact::Additive) => format!("{major}.{}.0", minor + 1),
        (_, Impact::Documentation) => format!("{major}.{minor}.{}", patch + 1),
    })
}

/// Replaces the value of the one top-level `key = "…"` line of a TOML file, keeping the rest
/// (comments included) as it is.
pub fn set_version(text: &str, key: &str, value: &str) -> Result<String> {
    let prefix = format!("{key} = \"");
    let mut found = 0;
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            if line.starts_with(&prefix) {
                found += 1;
                format!("{key} = \"{value}\"")
            } else {
                line.to_owned()
            }
        })
        .collect();
    if found != 1 {
        bail!("expected one line `{key} = \"…\"`, found {found}");
    }
    Ok(lines.join("\n") + "\n")
}

/// Sets `version` in the `name = { path = …, version = "…" }` line of the root manifest's
/// `[workspace.dependencies]`.
pub fn set_workspace_dependency_version(
    manifest: &str,
    name: &str,
    version: &str,
) -> Result<String> {
    let prefix = format!("{name} = {{");
    let mut found = 0;
    let mut out = Vec::new();
    for line in manifest.lines() {
        if line.starts_with(&prefix) {
            let start = line
                .find("version = \"")
                .with_context(|| format!("the root Cargo.toml's {name} has no version"))?
                + "version = \"".len();
            let end = start + line[start..].find('"').context("unterminated version")?;
            out.push(format!("{}{version}{}", &line[..start], &line[end..]));
            found += 1;
        } else {
            out.push(line.to_owned());
        }
    }
    if found != 1 {
        bail!("expected one `{name} = {{ … }}` in the root Cargo.toml, found {found}");
    }
    Ok(out.join("\n") + "\n")
}

/// The CHANGELOG entry: under `heading` (a new version) or, when the version does not change,
/// lines for the Unreleased section. Changes are sorted into Keep a Changelog's Added, Changed and
/// Removed, each marked with its impact when breaking.
pub fn changelog_entry(heading: Option<&str>, drift: &Drift, old: &str, new: &str) -> String {
    let impact = drift.impact().map_or("none", Impact::as_str);
    let mut sections: [(&str, Vec<String>); 3] = [
        ("Added", Vec::new()),
        ("Changed", Vec::new()),
        ("Removed", Vec::new()),
    ];
    let code = |s: &str| format!("`{s}`");
    for module in &drift.modules {
        for (group, changes) in &module.groups {
            for change in changes {
                let section = match change {
                    Change::TypeAdded { .. }
                    | Change::MemberAdded { .. }
                    | Change::EnumValueAdded { .. } => 0,
                    Change::TypeRemoved { .. }
                    | Change::MemberRemoved { .. }
                    | Change::EnumValueRemoved { .. } => 2,
                    _ => 1,
                };
                let mark = if change.impact() == Impact::Breaking {
                    "**breaking** "
                } else {
                    ""
                };
                sections[section].1.push(format!(
                    "- {mark}`{}` ({}): {}",
                    module.module,
                    group.name(),
                    change.describe(&code)
                ));
            }
        }
        if module.doc_changes > 0 {
            sections[1].1.push(format!(
                "- `{}`: {} documentation text(s) changed",
                module.module, module.doc_changes
            ));
        }
    }
    for erratum in &drift.errata {
        sections[1].1.push(format!("- {}", erratum.describe(&code)));
    }
    let mut out = String::new();
    if let Some(heading) = heading {
        let _ = writeln!(out, "{heading}\n");
    }
    let _ = writeln!(
        out,
        "Upstream schemas: {old} → {new}. Semver impact: {impact}.\n"
    );
    for (title, lines) in sections {
        if !lines.is_empty() {
            let _ = writeln!(out, "### {title}\n\n{}\n", lines.join("\n"));
        }
    }
    out
}

/// Inserts `entry` after the `## [Unreleased]` heading (and whatever the Unreleased section holds),
/// before the first released version.
pub fn insert_entry(changelog: &str, entry: &str) -> Result<String> {
    let unreleased = changelog
        .find("## [Unreleased]")
        .context("CHANGELOG.md has no `## [Unreleased]` section")?;
    let after = unreleased + "## [Unreleased]".len();
    let next = changelog[after..]
        .find("\n## [")
        .map_or(changelog.len(), |i| after + i + 1);
    let mut out = changelog[..next].trim_end().to_owned();
    out.push_str("\n\n");
    out.push_str(entry.trim_end());
    out.push_str("\n\n");
    out.push_str(&changelog[next..]);
    Ok(out.trim_end().to_owned() + "\n")
}

/// Today's date (UTC) as `YYYY-MM-DD`, for the CHANGELOG heading.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_date(secs / 86_400)
}

/// The proleptic Gregorian date `days` after 1970-01-01 (H. Hinnant's `civil_from_days`).
pub fn civil_date(days: u64) -> String {
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

fn cargo(root: &Path, args: &[&str], env: &[(&str, &str)]) -> Result<std::process::Output> {
    let program = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(program);
    command.args(args).current_dir(root);
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command
        .output()
        .with_context(|| format!("running cargo {}", args.join(" ")))?;
    if args[0] == "update" && !output.status.success() {
        bail!(
            "cargo {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(output)
}

/// Runs the tests with insta writing every snapshot that differs; returns the tests that still
/// fail (the freshness test on stale data-file entries, a fixture using a member upstream removed,
/// …): things to review.
fn refresh_snapshots(root: &Path) -> Result<Vec<String>> {
    println!("refreshing the snapshots: cargo test --workspace (INSTA_UPDATE=always)");
    let output = cargo(
        root,
        &["test", "--workspace", "--no-fail-fast"],
        &[("INSTA_UPDATE", "always"), ("INSTA_FORCE_PASS", "1")],
    )?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut failing: Vec<String> = stdout
        .lines()
        .filter_map(|line| {
            line.strip_prefix("test ")
                .and_then(|rest| rest.strip_suffix(" ... FAILED"))
        })
        .map(str::to_owned)
        .collect();
    if !output.status.success() && failing.is_empty() {
        // It did not get as far as running tests (a compile error): say so with its message.
        let stderr = String::from_utf8_lossy(&output.stderr);
        let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error")).collect();
        failing.push(format!(
            "the workspace does not build: {}",
            errors.join("; ")
        ));
    }
    Ok(failing)
}

/// The pull request body's section on stale data-file entries (empty when there are none).
pub fn stale_markdown(stale: &[codegen::Stale]) -> String {
    if stale.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "## Stale data-file entries ({})\n\nEntries of the data files under `schemas/` that match \
         nothing in the new schemas, left out of the generated crate. `cargo xtask regenerate \
         --check` (CI) fails until each is updated or removed.\n\n",
        stale.len()
    );
    for note in stale {
        let _ = writeln!(
            out,
            "- `schemas/{}#{}`: {}",
            note.file, note.pointer, note.reason
        );
    }
    out.push('\n');
    out
}

/// What an update did, for [`review`].
pub struct Outcome<'a> {
    /// The generated crate's version before.
    pub old_version: &'a str,
    /// And after.
    pub new_version: &'a str,
    /// The upstream packages before (`cfn-lint 1.40.0, botocore 1.38.0`).
    pub old: &'a str,
    /// And after.
    pub new: &'a str,
    /// The data-file entries the new schemas leave stale, left out of the generated crate.
    pub stale: &'a [codegen::Stale],
    /// The tests still failing with the refreshed snapshots; `None` when not run.
    pub failing: Option<&'a [String]>,
}

/// What to look at before committing.
pub fn review(drift: &Drift, outcome: &Outcome<'_>) -> String {
    let Outcome {
        old_version,
        new_version,
        old,
        new,
        stale,
        failing,
    } = *outcome;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\n{}",
        drift::render(drift, drift::Format::Text, old, new)
    );
    let _ = writeln!(out, "updated: {old} → {new}");
    if old_version == new_version {
        let _ = writeln!(
            out,
            "version: {old_version} (unchanged: nothing in the crate changed)"
        );
    } else {
        let _ = writeln!(
            out,
            "version: {old_version} → {new_version} ({} change); schemas/package.toml, Cargo.toml, Cargo.lock",
            drift.impact().map_or("no", Impact::as_str)
        );
    }
    let _ = writeln!(
        out,
        "written: schemas/ (the two files, sources.toml), generated/, CHANGELOG.md"
    );
    if stale.is_empty() {
        let _ = writeln!(out, "data files: every entry matches the new schemas");
    } else {
        let _ = writeln!(
            out,
            "stale data-file entries ({}), left out of the generated crate; `cargo xtask \
             regenerate --check` fails until each is updated or removed:",
            stale.len()
        );
        for note in stale {
            let _ = writeln!(out, "  schemas/{note}");
        }
    }
    match failing {
        None => {
            let _ = writeln!(out, "snapshots: not refreshed (--skip-tests)");
        }
        Some([]) => {
            let _ = writeln!(out, "tests: all pass with the refreshed snapshots");
        }
        Some(failing) => {
            let _ = writeln!(out, "tests still failing ({}):", failing.len());
            for test in failing {
                let _ = writeln!(out, "  {test}");
            }
        }
    }
    let stale_step = if stale.is_empty() {
        ""
    } else {
        "update or remove the stale data-file entries above; "
    };
    let _ = writeln!(
        out,
        "review: git diff (the snapshots in tests/snapshots/ against the report above); \
         {stale_step}add to schemas/secrets.toml, mapping.toml or errata.toml what the new schemas \
         cannot say; then `cargo xtask regenerate --check`, `cargo test --workspace` and \
         `cargo xtask drift --pinned` pass, and commit"
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_follow_the_impact() {
        let cases = [
            ("0.1.0", Impact::Breaking, "0.2.0"),
            ("0.1.3", Impact::Additive, "0.1.4"),
            ("0.1.3", Impact::Documentation, "0.1.4"),
            ("1.2.3", Impact::Breaking, "2.0.0"),
            ("1.2.3", Impact::Additive, "1.3.0"),
            ("1.2.3", Impact::Documentation, "1.2.4"),
        ];
        for (old, impact, new) in cases {
            assert_eq!(bump(old, impact).unwrap(), new, "{old} {impact}");
        }
        assert!(bump("1.2", Impact::Breaking).is_err());
        assert!(bump("1.x.3", Impact::Breaking).is_err());
    }

    #[test]
    fn the_version_lines_are_replaced_and_nothing_else() {
        let package = "# comment with version = \"9\"\nname = \"x\"\nversion = \"0.1.0\"\n";
        assert_eq!(
            set_version(package, "version", "0.2.0").unwrap(),
            "# comment with version = \"9\"\nname = \"x\"\nversion = \"0.2.0\"\n"
        );
        assert!(set_version("name = \"x\"\n", "version", "1.0.0").is_err());
        let manifest = "[workspace.dependencies]\nappflow-connector-profile = { path = \"generated\", version = \"0.1.0\" }\nanyhow = \"1\"\n";
        assert_eq!(
            set_workspace_dependency_version(manifest, "appflow-connector-profile", "0.2.0").unwrap(),
            "[workspace.dependencies]\nappflow-connector-profile = { path = \"generated\", version = \"0.2.0\" }\nanyhow = \"1\"\n"
        );
        assert!(set_workspace_dependency_version(
            "anyhow = \"1\"\n",
            "appflow-connector-profile",
            "1.0.0"
        )
        .is_err());
        // The workspace's real files have exactly one of each.
        let root = crate::workspace_root();
        set_version(
            &read(&root.join("schemas/package.toml")).unwrap(),
            "version",
            "9.9.9",
        )
        .unwrap();
        set_workspace_dependency_version(
            &read(&root.join("Cargo.toml")).unwrap(),
            "appflow-connector-profile",
            "9.9.9",
        )
        .unwrap();
    }

    #[test]
    fn the_entry_goes_after_unreleased() {
        let changelog = "# Changelog\n\n## [Unreleased]\n\n## [0.1.0] - 2026-11-25\n\nFirst.\n";
        let entry = "## [0.2.0] - 2026-12-01\n\nSecond.\n";
        assert_eq!(
            insert_entry(changelog, entry).unwrap(),
            "# Changelog\n\n## [Unreleased]\n\n## [0.2.0] - 2026-12-01\n\nSecond.\n\n## [0.1.0] - 2026-11-25\n\nFirst.\n"
        );
        assert!(insert_entry("# Changelog\n", entry).is_err());
        // The real CHANGELOG.md takes one.
        insert_entry(
            &read(&crate::workspace_root().join("CHANGELOG.md")).unwrap(),
            entry,
        )
        .unwrap();
    }

    #[test]
    fn the_entry_sorts_changes_by_kind_and_marks_breaking_ones() {
        let group = |change: Change| {
            let mut groups = std::collections::BTreeMap::new();
            groups.insert(codegen::diff::Group::General, vec![change]);
            groups
        };
        let mut drift = Drift::default();
        drift.modules.push(codegen::diff::ModuleDrift {
            module: "api".into(),
            groups: group(Change::EnumValueRemoved {
                type_name: "ConnectorType".into(),
                value: "S3".into(),
            }),
            doc_changes: 2,
        });
        let entry = changelog_entry(
            Some("## [0.2.0] - 2026-12-01"),
            &drift,
            "cfn-lint 1",
            "cfn-lint 2",
        );
        assert_eq!(
            entry,
            "## [0.2.0] - 2026-12-01\n\nUpstream schemas: cfn-lint 1 → cfn-lint 2. Semver impact: breaking.\n\n\
             ### Changed\n\n- `api`: 2 documentation text(s) changed\n\n\
             ### Removed\n\n- **breaking** `api` (general): removed value `S3` from enum `ConnectorType`\n\n"
        );
    }

    #[test]
    fn stale_entries_are_review_items_in_the_review_and_the_pull_request() {
        let stale = vec![codegen::Stale::new(
            "iam.toml",
            "/action/0",
            "no handler of the resource schema needs `appflow:X`",
        )];
        let outcome = Outcome {
            old_version: "0.1.0",
            new_version: "0.2.0",
            old: "cfn-lint 2",
            new: "cfn-lint 1",
            stale: &stale,
            failing: Some(&[]),
        };
        let text = review(&Drift::default(), &outcome);
        assert!(
            text.contains(
                "stale data-file entries (1), left out of the generated crate; `cargo xtask \
                 regenerate --check` fails until each is updated or removed:\n  \
                 schemas/iam.toml#/action/0: no handler of the resource schema needs `appflow:X`\n"
            ),
            "{text}"
        );
        let markdown = stale_markdown(&stale);
        assert!(
            markdown.starts_with("## Stale data-file entries (1)\n"),
            "{markdown}"
        );
        assert!(
            markdown.contains(
                "- `schemas/iam.toml#/action/0`: no handler of the resource schema needs `appflow:X`\n"
            ),
            "{markdown}"
        );
        let clean = review(
            &Drift::default(),
            &Outcome {
                stale: &[],
                ..outcome
            },
        );
        assert!(
            clean.contains("data files: every entry matches the new schemas"),
            "{clean}"
        );
        assert!(!clean.contains("stale data-file"), "{clean}");
        assert_eq!(stale_markdown(&[]), "");
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(11_016), "2000-02-29");
        assert_eq!(civil_date(20_417), "2025-11-25");
    }
}
