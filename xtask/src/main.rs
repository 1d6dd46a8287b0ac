//! `cargo xtask`: the project's automation, in Rust so that it needs only cargo.

mod drift;
mod fetch;
mod regenerate;
mod upstream;

use std::path::PathBuf;

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
    /// Regenerate generated/ from schemas/.
    Regenerate {
        /// Write nothing; fail naming each file of generated/ that differs from what schemas/ produce.
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
    /// Compare schemas/ with upstream (newest, pinned, or an older source) and print what changed.
    /// Exit status: 0 no drift, 3 drift, 2 packages unavailable, 1 error.
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

/// The workspace root: xtask lives one level below it.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask is inside the workspace")
        .to_path_buf()
}

fn main() -> Result<()> {
    match Cli::parse().command {
        Command::Regenerate {
            check,
            schemas,
            out,
        } => regenerate::run(&schemas, &out, check),
        Command::FetchSchemas {
            cfn_lint,
            botocore,
            schemas,
        } => fetch::run(&schemas, cfn_lint, botocore),
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
            let status = drift::run(&schemas, &mode, format)?;
            std::process::exit(status)
        }
    }
}
