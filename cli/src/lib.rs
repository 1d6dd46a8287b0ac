//! `appflow-profile validate`: AppFlow connector profiles in CloudFormation templates (JSON or
//! YAML, intrinsic functions included) and API request bodies, validated offline with the
//! generated crate's constraints and per-connector rules.

#[cfg(feature = "aws")]
pub mod aws;
pub mod check;
pub mod codes;
pub mod conditions;
pub mod dynref;
pub mod forms;
pub mod lifecycle;
pub mod lower;
pub mod report;
pub mod source;
pub mod template;
pub mod text;

use std::io::{Read, Write};
use std::path::Path;

use clap::{Parser, Subcommand, ValueEnum};

pub use check::{Kind, Located};

/// The command line.
#[derive(Parser, Debug)]
#[command(
    name = "appflow-profile",
    version,
    about = "Validate, plan, import AWS AppFlow connector profiles offline, and write their IAM policy"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Validate CloudFormation templates, resource properties or API request bodies.
    Validate {
        /// What the files hold; `auto` decides from each document's shape.
        #[arg(long, value_enum, default_value_t = KindArg::Auto)]
        kind: KindArg,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Files to read; `-` reads standard input.
        #[arg(required = true)]
        files: Vec<String>,
    },
    /// Compare two templates (profiles matched by logical id), Properties or create requests:
    /// each profile's action, replacement reasons, warnings and Cloud Control patch.
    Plan {
        /// The current document.
        old: String,
        /// The desired document.
        new: String,
        /// Output format; `cloudcontrol` holds the real values, secrets included.
        #[arg(long, value_enum, default_value_t = lifecycle::PlanFormat::Text)]
        format: lifecycle::PlanFormat,
        /// Exit 0 when nothing changes, 3 on changes, 4 when a profile is replaced.
        #[arg(long)]
        detailed_exitcode: bool,
    },
    /// Turn a DescribeConnectorProfiles response into a template for resource import.
    Import {
        /// The response (JSON).
        file: String,
        /// Output format of the template.
        #[arg(long, value_enum, default_value_t = lifecycle::ImportFormat::Yaml)]
        format: lifecycle::ImportFormat,
        /// Print the JSON for `aws cloudformation create-change-set --resources-to-import` instead.
        #[arg(long)]
        resources_to_import: bool,
    },
    /// A least-privilege IAM policy for the resource handlers' operations.
    IamPolicy {
        /// The handlers' operations.
        #[arg(
            long,
            value_delimiter = ',',
            default_value = "create,read,update,delete,list"
        )]
        operations: Vec<String>,
        /// The partition.
        #[arg(long, default_value = "aws")]
        partition: String,
        /// The region (default: any).
        #[arg(long)]
        region: Option<String>,
        /// The account id (default: any).
        #[arg(long)]
        account: Option<String>,
        /// The connector profile's name (default: any).
        #[arg(long)]
        name: Option<String>,
    },
    /// Carry out the plan from OLD to NEW with Cloud Control (CreateResource, UpdateResource
    /// with the plan's patch, DeleteResource; a replacement deletes then creates), waiting on
    /// each request. Asks before a deletion or replacement unless --yes.
    #[cfg(feature = "aws")]
    Apply {
        /// The current document (as `plan`'s).
        old: String,
        /// The desired document.
        new: String,
        /// The AWS region (default: the SDK's, e.g. AWS_REGION).
        #[arg(long)]
        region: Option<String>,
        /// Send the requests to this endpoint instead of Cloud Control's.
        #[arg(long)]
        endpoint_url: Option<String>,
        /// Print what `plan` prints and call nothing.
        #[arg(long)]
        dry_run: bool,
        /// Delete or replace without asking.
        #[arg(long)]
        yes: bool,
    },
    /// Read a live connector profile (DescribeConnectorProfiles) into a template, as `import`.
    #[cfg(feature = "aws")]
    Adopt {
        /// The connector profile's name.
        name: String,
        /// The AWS region (default: the SDK's, e.g. AWS_REGION).
        #[arg(long)]
        region: Option<String>,
        /// Send the request to this endpoint instead of AppFlow's.
        #[arg(long)]
        endpoint_url: Option<String>,
        /// Output format of the template.
        #[arg(long, value_enum, default_value_t = lifecycle::ImportFormat::Yaml)]
        format: lifecycle::ImportFormat,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum KindArg {
    Auto,
    CfnTemplate,
    CfnProperties,
    CreateRequest,
    UpdateRequest,
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// `FILE:LINE:COL: SEVERITY CODE PATH: MESSAGE`, then a summary.
    Text,
    /// An array of `{file, resource, path, line, column, severity, code, message}`.
    Json,
}

/// Exit status: no error finding.
pub const OK: i32 = 0;
/// Exit status: at least one error finding.
pub const FINDINGS: i32 = 1;
/// Exit status: usage error, unreadable or unparseable file.
pub const UNUSABLE: i32 = 2;

/// Runs the command line with `args` (program name first); returns the exit status. Standard
/// input is taken for no terminal (`apply` then never prompts); see [`run_interactive`].
pub fn run(
    args: &[String],
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> i32 {
    run_interactive(args, stdin, false, stdout, stderr)
}

/// [`run`], saying whether standard input is a terminal (where `apply` may prompt).
pub fn run_interactive(
    args: &[String],
    stdin: &mut dyn Read,
    terminal: bool,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> i32 {
    let _ = terminal;
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let status = if e.use_stderr() { UNUSABLE } else { OK };
            let text = e.render().to_string();
            let _ = if e.use_stderr() {
                stderr.write_all(text.as_bytes())
            } else {
                stdout.write_all(text.as_bytes())
            };
            return status;
        }
    };
    let (kind, format, files) = match cli.command {
        Command::Validate {
            kind,
            format,
            files,
        } => (kind, format, files),
        Command::Plan {
            old,
            new,
            format,
            detailed_exitcode,
        } => return lifecycle::plan(&old, &new, format, detailed_exitcode, stdin, stdout, stderr),
        Command::Import {
            file,
            format,
            resources_to_import,
        } => return lifecycle::import(&file, format, resources_to_import, stdin, stdout, stderr),
        Command::IamPolicy {
            operations,
            partition,
            region,
            account,
            name,
        } => {
            let scope = appflow_connector_profile::lifecycle::PolicyScope {
                partition: Some(partition),
                region,
                account,
                name,
            };
            return lifecycle::policy(&operations, scope, stdout, stderr);
        }
        #[cfg(feature = "aws")]
        Command::Apply {
            old,
            new,
            region,
            endpoint_url,
            dry_run,
            yes,
        } => {
            let target = aws::Target {
                region,
                endpoint_url,
            };
            return aws::apply(
                &old, &new, &target, dry_run, yes, terminal, stdin, stdout, stderr,
            );
        }
        #[cfg(feature = "aws")]
        Command::Adopt {
            name,
            region,
            endpoint_url,
            format,
        } => {
            let target = aws::Target {
                region,
                endpoint_url,
            };
            return aws::adopt(&name, &target, format, stdout, stderr);
        }
    };
    let forced = match kind {
        KindArg::Auto => None,
        KindArg::CfnTemplate => Some(Kind::CfnTemplate),
        KindArg::CfnProperties => Some(Kind::CfnProperties),
        KindArg::CreateRequest => Some(Kind::CreateRequest),
        KindArg::UpdateRequest => Some(Kind::UpdateRequest),
    };
    let mut report = report::Report::default();
    let mut unusable = false;
    for file in &files {
        let name = if file == "-" {
            "<stdin>"
        } else {
            file.as_str()
        };
        let shown = text::escape(name);
        let text = match read(file, stdin) {
            Ok(text) => text,
            Err((Some(at), message)) => {
                let _ = writeln!(
                    stderr,
                    "{shown}:{}:{}: error parse: {message}",
                    at.line, at.column
                );
                unusable = true;
                continue;
            }
            Err((None, message)) => {
                let _ = writeln!(stderr, "{shown}: {message}");
                unusable = true;
                continue;
            }
        };
        let text = source::without_bom(&text);
        match source::parse(text, is_json(file, text)) {
            Err(e) => {
                let _ = writeln!(
                    stderr,
                    "{shown}:{}:{}: error parse: {}",
                    e.at.line, e.at.column, e.message
                );
                unusable = true;
            }
            Ok(root) => match check::check_document(&root, forced) {
                Ok((kind, resources, findings)) => report.add(name, kind, resources, findings),
                Err(message) => {
                    let _ = writeln!(stderr, "{shown}: {message}");
                    unusable = true;
                }
            },
        }
    }
    let written = match format {
        Format::Text => report.write_text(stdout),
        Format::Json => report.write_json(stdout),
    }
    .and_then(|()| stdout.flush());
    if let Err(e) = written {
        let _ = writeln!(stderr, "appflow-profile: cannot write the report: {e}");
        return UNUSABLE;
    }
    if unusable {
        UNUSABLE
    } else if report.has_errors() {
        FINDINGS
    } else {
        OK
    }
}

/// The largest file or standard input read, the generated crate's limit for JSON text: four times
/// CloudFormation's largest template body (1 MB), far above any AppFlow request. Larger input is
/// refused before it is parsed.
pub const MAX_INPUT_BYTES: u64 = appflow_connector_profile::validation::MAX_INPUT_BYTES as u64;

/// Reads a file (`-`: standard input) as UTF-8 text of at most [`MAX_INPUT_BYTES`].
/// A failure carries the position of the first byte that is not UTF-8, if that is the failure.
pub(crate) fn read(
    file: &str,
    stdin: &mut dyn Read,
) -> Result<String, (Option<source::Position>, String)> {
    let mut bytes = Vec::new();
    let result = if file == "-" {
        stdin
            .take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read standard input: {}", io_reason(&e)))
    } else {
        std::fs::File::open(file)
            .and_then(|f| f.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes))
            .map_err(|e| format!("cannot read: {}", io_reason(&e)))
    };
    result.map_err(|message| (None, message))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err((
            None,
            format!(
                "larger than {} MiB; templates and request bodies are far smaller",
                MAX_INPUT_BYTES / (1024 * 1024)
            ),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let valid = std::str::from_utf8(valid).unwrap_or_default();
        let line = valid.matches('\n').count() + 1;
        let column = valid
            .rsplit('\n')
            .next()
            .unwrap_or_default()
            .chars()
            .count()
            + 1;
        (
            Some(source::Position { line, column }),
            "not UTF-8 text".to_owned(),
        )
    })
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        std::io::ErrorKind::IsADirectory => "is a directory".to_owned(),
        _ => e.to_string(),
    }
}

/// JSON by extension, or for standard input and unknown extensions by the first character.
pub(crate) fn is_json(file: &str, text: &str) -> bool {
    match Path::new(file).extension().and_then(|e| e.to_str()) {
        Some("json") => true,
        Some("yaml" | "yml" | "template") => false,
        _ => text.trim_start().starts_with(['{', '[']),
    }
}
