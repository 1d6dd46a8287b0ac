//! `cargo xtask`: the project's automation, in Rust so that it needs only cargo.

mod drift;
mod fetch;
mod regenerate;
mod update;
mod upstream;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Project automation for the AppFlow connector-profile generator"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate generated/ from schemas/. A data-file entry that matches nothing in the schemas
    /// (an iam.toml action no handler needs, a rule naming a missing member, a stale erratum) is an
    /// error naming each one.
    Regenerate {
        /// Write nothing; fail naming each file of generated/ that differs from what schemas/
        /// produce (or each stale data-file entry).
        #[arg(long)]
        check: bool,
        /// The schemas directory.
        #[arg(long, default_value_os_t = workspace_root().join("schemas"))]
        schemas: PathBuf,
        /// The generated crate's directory.
        #[arg(long, default_value_os_t = workspace_root().join("generated"))]
        out: PathBuf,
    },
    /// Download the pinned (or given) cfn-lint and botocore with pip and vendor the two schemas.
    FetchSchemas {
        /// cfn-lint version (default: the one in schemas/sources.toml).
        #[arg(long = "cfn-lint")]
        cfn_lint: Option<String>,
        /// botocore version (default: the one in schemas/sources.toml).
        #[arg(long)]
        botocore: Option<String>,
        /// The schemas directory.
        #[arg(long, default_value_os_t = workspace_root().join("schemas"))]
        schemas: PathBuf,
    },
    /// Take an upstream change in one command: fetch cfn-lint and botocore (newest by default),
    /// vendor the two files and schemas/sources.toml, bump the generated crate's version by the
    /// drift's semver impact, add a CHANGELOG entry, regenerate, refresh the insta snapshots, and
    /// print what to review.
    ///
    /// Exit status: 0 updated (or nothing to update), 1 error, 2 usage error, 4 the packages could
    /// not be downloaded.
    UpdateSchemas {
        /// cfn-lint version (default: the newest).
        #[arg(long = "cfn-lint")]
        cfn_lint: Option<String>,
        /// botocore version (default: the newest).
        #[arg(long)]
        botocore: Option<String>,
        /// Also write DIR/drift.md (a pull request's body) and DIR/drift.json.
        #[arg(long, value_name = "DIR")]
        report: Option<PathBuf>,
        /// Do not run `cargo test --workspace` to refresh the snapshots.
        #[arg(long)]
        skip_tests: bool,
    },
    /// Compare schemas/ with upstream (newest, pinned, or an older source) and print what changed.
    ///
    /// Exit status: 0 no drift, 1 error, 2 usage error, 3 drift, 4 the packages could not be
    /// downloaded (pip failed: offline, no such version).
    Drift {
        /// Compare with the versions pinned in schemas/sources.toml, after checking every sha256.
        #[arg(long, conflicts_with = "from")]
        pinned: bool,
        /// Diff from an older source to schemas/: a directory laid out like schemas/, or
        /// `cfn-lint=VERSION` and/or `botocore=VERSION` (comma-separated or repeated).
        #[arg(long, value_name = "SOURCE")]
        from: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = drift::Format::Text)]
        format: drift::Format,
        /// The schemas directory.
        #[arg(long, default_value_os_t = workspace_root().join("schemas"))]
        schemas: PathBuf,
    },
}

/// The workspace root, found at run time so that a checkout moved or copied with its `target/` (as
/// CI caches do) reads its own schemas/, never the path baked in when xtask was compiled: the
/// parent of `CARGO_MANIFEST_DIR`, which `cargo run` (hence `cargo xtask`) sets for the process;
/// without it, the nearest directory holding `schemas/` and `Cargo.toml`, from the current one up;
/// else the current directory.
pub fn workspace_root() -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_default();
    root_from(
        std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from),
        &cwd,
    )
}

fn root_from(manifest_dir: Option<PathBuf>, cwd: &std::path::Path) -> PathBuf {
    if let Some(parent) = manifest_dir.as_deref().and_then(std::path::Path::parent) {
        return parent.to_path_buf();
    }
    cwd.ancestors()
        .find(|dir| dir.join("schemas").is_dir() && dir.join("Cargo.toml").is_file())
        .unwrap_or(cwd)
        .to_path_buf()
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // --help and --version print to stdout and succeed; a usage error is USAGE.
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() { drift::USAGE } else { 0 });
        }
    };
    match run(cli.command) {
        Ok(status) => ExitCode::from(status),
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(drift::ERROR)
        }
    }
}

fn run(command: Command) -> Result<u8> {
    match command {
        Command::Regenerate {
            check,
            schemas,
            out,
        } => regenerate::run(&schemas, &out, check, regenerate::Stale::Deny).map(|_| 0),
        Command::FetchSchemas {
            cfn_lint,
            botocore,
            schemas,
        } => fetch::run(&schemas, cfn_lint, botocore).map(|()| 0),
        Command::UpdateSchemas {
            cfn_lint,
            botocore,
            report,
            skip_tests,
        } => update::run(
            &workspace_root(),
            &update::Options {
                cfn_lint,
                botocore,
                report,
                skip_tests,
            },
        ),
        Command::Drift {
            pinned,
            from,
            format,
            schemas,
        } => {
            let mode = match (pinned, from.is_empty()) {
                (true, _) => drift::Mode::Pinned,
                (false, true) => drift::Mode::Latest,
                (false, false) => drift::Mode::From(from),
            };
            drift::run(&schemas, &mode, format)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_is_found_at_run_time() {
        let moved = tempfile::tempdir().unwrap();
        let xtask = moved.path().join("xtask");
        assert_eq!(
            root_from(Some(xtask), std::path::Path::new("/")),
            moved.path()
        );
        // Without CARGO_MANIFEST_DIR: the nearest directory with schemas/ and Cargo.toml.
        std::fs::create_dir_all(moved.path().join("schemas")).unwrap();
        std::fs::write(moved.path().join("Cargo.toml"), "").unwrap();
        let deep = moved.path().join("a/b");
        std::fs::create_dir_all(&deep).unwrap();
        assert_eq!(root_from(None, &deep), moved.path());
        let elsewhere = tempfile::tempdir().unwrap();
        assert_eq!(root_from(None, elsewhere.path()), elsewhere.path());
    }
}
