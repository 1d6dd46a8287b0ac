//! `appflow-profile validate`: AppFlow connector profiles in CloudFormation templates (JSON or
//! YAML, intrinsic functions included) and API request bodies, validated offline with the
//! generated crate's constraints and per-connector rules.

pub mod allocator;
#[cfg(feature = "aws")]
pub mod aws;
pub mod check;
pub mod cloudformation;
pub mod codes;
pub mod conditions;
pub mod config;
pub mod dynref;
pub mod forms;
pub mod grammar;
pub mod identifiers;
pub mod lifecycle;
pub mod lower;
pub mod report;
pub mod sarif;
pub mod source;
pub mod suppress;
pub mod template;
pub mod template_codes;
pub mod terraform;
pub mod terraform_check;
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
    /// Validate CloudFormation templates, resource properties, API request bodies or Terraform.
    #[command(after_long_help = validate_help())]
    Validate {
        /// What the files hold; `auto` decides from each document's shape.
        #[arg(long, value_enum, default_value_t = KindArg::Auto)]
        kind: KindArg,
        /// Output format [default: text, or the config file's `format`].
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// Exit 1 on an error finding, on any finding, or never [default: error, or the config
        /// file's `fail-on`].
        #[arg(long, value_enum, value_name = "LEVEL")]
        fail_on: Option<FailOn>,
        /// Leave out findings with this code (repeatable; added to the config file's `ignore`).
        #[arg(long, value_name = "CODE")]
        ignore: Vec<String>,
        /// Report a code's findings as errors, as warnings, or not at all (repeatable; over the
        /// config file's `[severity]`): `--severity unknown-key=error`.
        #[arg(long, value_name = "CODE=LEVEL")]
        severity: Vec<String>,
        /// Read settings from this file instead of the nearest `.appflow-profile.toml` upward
        /// from the working directory.
        #[arg(long, value_name = "FILE")]
        config: Option<std::path::PathBuf>,
        /// Check a template's (or a Terraform module's) connector profiles on this many threads
        /// [default: one per CPU].
        #[arg(long, short = 'j', value_name = "N")]
        jobs: Option<std::num::NonZeroUsize>,
        /// Files to read (a directory: a Terraform module); `-` reads standard input.
        #[arg(required = true)]
        files: Vec<String>,
    },
    /// Compare two templates (profiles matched by logical id), Properties or create requests:
    /// each profile's action, replacement reasons, warnings and Cloud Control patch.
    #[command(after_long_help = plan_help())]
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
    /// Turn a DescribeConnectorProfiles response into a template for resource import (or Terraform
    /// `import` blocks and resources).
    #[command(after_long_help = import_help())]
    Import {
        /// The response (JSON).
        file: String,
        /// Output format: a YAML or JSON template, or Terraform configuration.
        #[arg(long, value_enum, default_value_t = lifecycle::ImportFormat::Yaml)]
        format: lifecycle::ImportFormat,
        /// Print the JSON for `aws cloudformation create-change-set --resources-to-import` instead.
        #[arg(long)]
        resources_to_import: bool,
    },
    /// A least-privilege IAM policy for the resource handlers' operations.
    #[command(after_long_help = iam_policy_help())]
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
    /// Terraform configuration: `.tf`, `.tf.json`, a module's directory (told by the name
    /// without `--kind`).
    Terraform,
    /// A Terraform plan as JSON (`terraform show -json PLANFILE`; told by its `format_version`
    /// and `resource_changes` without `--kind`).
    TerraformPlan,
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// `FILE:LINE:COL: SEVERITY CODE PATH: MESSAGE`, then a summary.
    Text,
    /// An array of `{file, resource, path, line, column, severity, code, message}`.
    Json,
    /// SARIF 2.1.0 (GitHub code scanning and other SARIF viewers).
    Sarif,
    /// GitHub Actions workflow commands (`::error file=F,line=L,col=C,title=CODE::MESSAGE`),
    /// which annotate a pull request's files.
    Github,
}

/// Which findings make `validate` exit 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// An error finding.
    Error,
    /// Any finding, warnings included.
    Warning,
    /// None: report only (exit 2 still says a file could not be checked).
    None,
}

/// `validate --help`'s closing text: formats, suppressions, the config file, codes (with their
/// cfn-lint counterparts, from [`codes`]), exit statuses.
fn validate_help() -> String {
    let mut cfn_lint = String::new();
    let with_rules: Vec<_> = codes::validate_codes()
        .into_iter()
        .filter(|c| !c.cfn_lint.is_empty())
        .collect();
    let width = with_rules
        .iter()
        .map(|c| c.code.as_str().len())
        .max()
        .unwrap_or(0);
    for code in with_rules {
        let ids: Vec<&str> = code.cfn_lint.iter().map(|r| r.id).collect();
        cfn_lint.push_str(&format!(
            "\n      {:<width$}  {}",
            code.code.as_str(),
            ids.join(" ")
        ));
    }
    format!(
        "\
Formats:
  text    FILE:LINE:COL: SEVERITY CODE PATH: MESSAGE per finding, then a summary
  json    an array of {{file, resource, path, line, column, severity, code, message}}
  sarif   SARIF 2.1.0: one rule per finding code, results with level and region (columns in
          Unicode code points: columnKind unicodeCodePoints); file paths relative to the
          working directory where possible. For GitHub code scanning (upload-sarif).
  github  GitHub Actions workflow commands: ::error file=F,line=L,col=C,title=CODE::PATH: MESSAGE
          (and ::warning), then the summary line
  Lines and columns count from 1; columns count code points.

Severity per code (as clippy's lint levels or ESLint's rule severities; LEVEL is error, warning
or off), over each code's usual severity listed below:
  --severity CODE=LEVEL      (repeatable) e.g. --severity unknown-key=error
  .appflow-profile.toml      [severity]
                             unknown-key = \"error\"
                             sapodata-one-credential-type = \"warning\"

Suppressions (a suppressed finding is left out and counted in the summary):
  --ignore CODE              everywhere (repeatable)
  .appflow-profile.toml      ignore = [CODE, ...], fail-on = \"warning\", format = \"sarif\"
                             (the nearest one upward from the working directory, or --config FILE)
  in Terraform, a comment before a block or attribute, or on its line (`#`, `//` or `/* */`):
    # appflow-profile:ignore CODE, ...
  on a resource, or at the top of a template:
    Metadata: {{appflow-profile: {{ignore: [CODE, ...]}}}}
    Metadata: {{cfn-lint: {{config: {{ignore_checks: [ID, ...]}}}}}}
      cfn-lint's rule ids, for the checks both tools make (on a resource an id suppresses that
      rule; at the top it is a prefix, as in cfn-lint):{cfn_lint}

{codes}
{status}",
        codes = codes_help(),
        status = exit_status_help(&[
            (OK, "no finding at the --fail-on level (default: no error)"),
            (FINDINGS, "a finding at the --fail-on level"),
            (UNUSABLE, "usage error, a bad config file, or a file that could not be read, parsed or recognized"),
        ]),
    )
}

/// Every code `validate` reports, from the code table ([`codes::validate_codes`]): the
/// document's, the template reasoning's and the per-connector rules', each with its usual
/// severity and title.
fn codes_help() -> String {
    let all = codes::validate_codes();
    let mut out = String::new();
    type Member<'a> = &'a dyn Fn(&codes::Description) -> bool;
    let groups: [(&str, Member); 3] = [
        ("Codes of the document's reading and checks:", &|c| {
            c.rule.is_none()
                && !matches!(c.code, codes::AnyCode::Command(code) if code.is_reasoning())
        }),
        (
            "Codes of the template reasoning (values the template resolves, conditions, secrets):",
            &|c| matches!(c.code, codes::AnyCode::Command(code) if code.is_reasoning()),
        ),
        ("Codes of the per-connector rules:", &|c| c.rule.is_some()),
    ];
    for (title, member) in groups {
        out.push_str(title);
        out.push('\n');
        let group: Vec<_> = all.iter().filter(|c| member(c)).collect();
        let width = group
            .iter()
            .map(|c| c.code.as_str().len())
            .max()
            .unwrap_or(0);
        for code in group {
            out.push_str(&format!(
                "  {:<width$}  {:<7}  {}\n",
                code.code.as_str(),
                code.severity.to_string(),
                code.title
            ));
        }
        out.push('\n');
    }
    out.push_str("`--format sarif` describes each code at length.\n");
    out
}

/// The `Exit status:` paragraph of a subcommand's `--help`.
fn exit_status_help(statuses: &[(i32, &str)]) -> String {
    let mut out = String::from("Exit status:\n");
    for (status, meaning) in statuses {
        out.push_str(&format!("  {status}  {meaning}\n"));
    }
    out
}

/// `plan --help`'s closing text.
fn plan_help() -> String {
    exit_status_help(&[
        (OK, "planned (with --detailed-exitcode: planned, and nothing changes)"),
        (FINDINGS, "an input has error findings (printed as `validate` prints them)"),
        (UNUSABLE, "usage error, an input that could not be read, parsed or recognized, an update request, or two inputs of different kinds"),
        (lifecycle::CHANGES, "with --detailed-exitcode: a profile is created, updated or deleted"),
        (lifecycle::REPLACEMENT, "with --detailed-exitcode: a profile is replaced"),
    ])
}

/// `import --help`'s closing text.
fn import_help() -> String {
    exit_status_help(&[
        (OK, "the template (or Terraform configuration) is written"),
        (FINDINGS, "the response has error findings (nothing written), or the template is written but holds a value the CloudFormation schema does not list, or the Terraform configuration leaves out a member the provider cannot express or holds a value the API model does not list (said on standard error)"),
        (UNUSABLE, "usage error, or a file that could not be read or parsed"),
    ])
}

/// `iam-policy --help`'s closing text.
fn iam_policy_help() -> String {
    exit_status_help(&[
        (OK, "the policy is written"),
        (
            UNUSABLE,
            "usage error: an unknown operation or partition, an account id or name that cannot be",
        ),
    ])
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
    let (kind, options, files) = match cli.command {
        Command::Validate {
            kind,
            format,
            fail_on,
            ignore,
            severity,
            config,
            jobs,
            files,
        } => (
            kind,
            Options {
                format,
                fail_on,
                ignore,
                severity,
                config,
                jobs,
            },
            files,
        ),
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
    let settings = match settings(options, stderr) {
        Ok(settings) => settings,
        Err(status) => return status,
    };
    let forced = match kind {
        KindArg::Auto => None,
        KindArg::CfnTemplate => Some(Kind::CfnTemplate),
        KindArg::CfnProperties => Some(Kind::CfnProperties),
        KindArg::CreateRequest => Some(Kind::CreateRequest),
        KindArg::UpdateRequest => Some(Kind::UpdateRequest),
        KindArg::Terraform => Some(Kind::Terraform),
        KindArg::TerraformPlan => Some(Kind::TerraformPlan),
    };
    let mut report = report::Report::default();
    let mut unusable = false;
    // Terraform files go by module (a directory's files, or the files given from one
    // directory), before the other files.
    let (terraform_files, files): (Vec<&String>, Vec<&String>) = files.iter().partition(|file| {
        forced == Some(Kind::Terraform) || (forced.is_none() && is_terraform(file))
    });
    if !terraform_files.is_empty() {
        unusable |= validate_terraform(&terraform_files, &settings, &mut report, stdin, stderr);
    }
    // Files that could not be checked, for the formats that carry them (stderr has them all).
    let mut problem =
        |report: &mut report::Report, file: &str, at: Option<source::Position>, message: String| {
            report.unusable(file, at, message);
            unusable = true;
        };
    for file in files {
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
                problem(&mut report, name, Some(at), message);
                continue;
            }
            Err((None, message)) => {
                let _ = writeln!(stderr, "{shown}: {message}");
                problem(&mut report, name, None, message);
                continue;
            }
        };
        let text = source::without_bom(&text);
        let json = is_json(file, text);
        let parsed = match &settings.pool {
            Some(pool) => pool.install(|| source::parse(text, json)),
            None => source::parse(text, json),
        };
        match &parsed {
            Err(e) => {
                let _ = writeln!(
                    stderr,
                    "{shown}:{}:{}: error parse: {}",
                    e.at.line, e.at.column, e.message
                );
                problem(&mut report, name, Some(e.at), e.message.clone());
            }
            Ok(root) => match check_document(root, forced, settings.pool.as_ref()) {
                Ok((kind, resources, findings)) => {
                    let (mut findings, suppressed) = settings.ignored.apply(root, kind, findings);
                    for located in &mut findings {
                        if let Some((_, level)) = settings
                            .severity
                            .iter()
                            .find(|(code, _)| *code == located.finding.code)
                        {
                            located.finding.severity = *level;
                        }
                    }
                    report.add(name, kind, resources, findings);
                    report.suppressed(suppressed);
                }
                Err(message) => {
                    let _ = writeln!(stderr, "{shown}: {message}");
                    problem(&mut report, name, None, message);
                }
            },
        }
        // A large document's tree is freed on another thread: the report need not wait for it
        // (freeing it is some 3 % of the instructions on a template of a thousand profiles).
        if text.len() >= LARGE_DOCUMENT {
            free_elsewhere(settings.pool.as_ref(), parsed);
        }
    }
    // Buffered here: the binary's standard output is line-buffered, a system call per finding.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout);
    let written = match settings.format {
        // Put together on the `--jobs` threads (rayon's global pool without `--jobs`), written
        // here: standard output is this thread's.
        Format::Text => match &settings.pool {
            Some(pool) => {
                let mut text = Vec::new();
                pool.install(|| report.write_text(&mut text))
                    .and_then(|()| out.write_all(&text))
            }
            None => report.write_text(&mut out),
        },
        Format::Json => report.write_json(&mut out),
        Format::Sarif => {
            let base = std::env::current_dir().ok();
            sarif::write(&report, base.as_deref(), &mut out)
        }
        Format::Github => report.write_github(&mut out),
    }
    .and_then(|()| out.flush());
    if let Err(e) = written {
        let _ = writeln!(stderr, "appflow-profile: cannot write the report: {e}");
        return UNUSABLE;
    }
    let status = if unusable {
        UNUSABLE
    } else if report.fails(settings.fail_on) {
        FINDINGS
    } else {
        OK
    };
    // Many findings are freed on another thread too: the status need not wait for them to go.
    if report.findings().nth(MANY_FINDINGS).is_some() {
        free_elsewhere(settings.pool.as_ref(), report);
    }
    status
}

/// The size from which a document's tree is freed on another thread.
const LARGE_DOCUMENT: usize = 1 << 16;

/// The number of findings from which a report is freed on another thread.
const MANY_FINDINGS: usize = 1 << 10;

/// Drops `value` on one of `pool`'s threads (rayon's global pool's without one): freeing a
/// large tree or report is work the caller need not wait for.
fn free_elsewhere<T: Send + 'static>(pool: Option<&rayon::ThreadPool>, value: T) {
    match pool {
        Some(pool) => pool.spawn(move || drop(value)),
        None => rayon::spawn(move || drop(value)),
    }
}

/// A parsed document checked: a Terraform plan ([`terraform_check::check_plan`]), or what
/// [`check::check_document`] checks, on `pool`'s threads if given.
fn check_document(
    root: &source::Node,
    forced: Option<Kind>,
    pool: Option<&rayon::ThreadPool>,
) -> Result<(Kind, usize, Vec<Located>), String> {
    let plan = terraform::plan::is_plan(root);
    if forced == Some(Kind::TerraformPlan) && !plan {
        return Err(format!(
            "not a Terraform plan: `terraform show -json PLANFILE` writes an object with `{}` and `{}`",
            terraform::plan::FORMAT_VERSION,
            terraform::plan::RESOURCE_CHANGES
        ));
    }
    if plan && matches!(forced, None | Some(Kind::TerraformPlan)) {
        let (count, findings) = terraform_check::check_plan(root);
        return Ok((Kind::TerraformPlan, count, findings));
    }
    match pool {
        Some(pool) => pool.install(|| check::check_document(root, forced)),
        None => check::check_document(root, forced),
    }
}

/// Whether a file is Terraform by its name, or a directory (a module).
fn is_terraform(file: &str) -> bool {
    terraform::syntax_of(file).is_some() || (file != "-" && Path::new(file).is_dir())
}

/// The files of a module: a directory's `.tf` and `.tf.json` files, by name.
fn module_files(dir: &Path) -> Result<Vec<String>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read: {}", io_reason(&e)))?;
    let mut files: Vec<String> = entries
        .filter_map(Result::ok)
        // Through symbolic links, as Terraform reads them (a shared `variables.tf`).
        .filter(|entry| std::fs::metadata(entry.path()).is_ok_and(|m| m.is_file()))
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            terraform::read_in_module(&name).then(|| entry.path().to_string_lossy().into_owned())
        })
        .collect();
    files.sort();
    if files.is_empty() {
        return Err("a directory without .tf or .tf.json files: not a Terraform module".to_owned());
    }
    Ok(files)
}

/// `validate` on Terraform files and directories: each directory a module, the files given
/// grouped into one module per directory they are in. Returns whether a file could not be
/// checked.
fn validate_terraform(
    given: &[&String],
    settings: &Settings,
    report: &mut report::Report,
    stdin: &mut dyn Read,
    stderr: &mut dyn Write,
) -> bool {
    let mut unusable = false;
    let mut problem =
        |report: &mut report::Report, file: &str, at: Option<source::Position>, message: String| {
            let shown = text::escape(file);
            let _ = match at {
                Some(at) => writeln!(
                    stderr,
                    "{shown}:{}:{}: error parse: {message}",
                    at.line, at.column
                ),
                None => writeln!(stderr, "{shown}: {message}"),
            };
            report.unusable(file, at, message);
            unusable = true;
        };
    // Modules in the order first given: (directory, files), each directory and file known by
    // its canonical path, so that `main.tf` and `./variables.tf`, or a directory and a file in
    // it, are one module and no file is read twice. A file is reported if given (itself or by
    // its directory).
    let canonical = |path: &Path| std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
    let mut modules: Vec<Module> = Vec::new();
    struct Module {
        dir: std::path::PathBuf,
        /// (canonical path, name as given, whether reported).
        files: Vec<(std::path::PathBuf, String, bool)>,
        /// Whether a file of it was given alone: the directory's other files are read too.
        context: bool,
    }
    let mut add = |dir: std::path::PathBuf, file: &str, reported: bool, alone: bool| {
        let key = canonical(Path::new(file));
        let index = match modules.iter().position(|m| m.dir == dir) {
            Some(index) => index,
            None => {
                modules.push(Module {
                    dir,
                    files: Vec::new(),
                    context: false,
                });
                modules.len() - 1
            }
        };
        let module = &mut modules[index];
        module.context |= alone;
        match module.files.iter_mut().find(|(k, _, _)| *k == key) {
            Some((_, _, was)) => *was |= reported,
            None => module.files.push((key, file.to_owned(), reported)),
        }
    };
    for file in given {
        let path = Path::new(file.as_str());
        if file.as_str() != "-" && path.is_dir() {
            match module_files(path) {
                Ok(files) => {
                    for f in files {
                        add(canonical(path), &f, true, false);
                    }
                }
                Err(message) => problem(report, file, None, message),
            }
            continue;
        }
        let dir = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => canonical(parent),
            _ => canonical(Path::new(".")),
        };
        add(dir, file, true, file.as_str() != "-");
    }
    // Standard input comes from no directory: a module holding it is read as given.
    for module in &mut modules {
        if module.files.iter().any(|(_, name, _)| name == "-") {
            module.context = false;
        }
    }
    // A file given alone (a pre-commit hook gives only the changed ones) is read with the rest
    // of its directory, as Terraform reads it: its variables, the overrides merged into it. Only
    // the files given are reported; the others are checked when given. A directory whose files
    // cannot be one module (below) is not read around them.
    for module in &mut modules {
        if !module.context {
            continue;
        }
        let Some(dir) = module
            .files
            .iter()
            .find(|(_, name, _)| name != "-")
            .and_then(|(_, name, _)| Path::new(name).parent().map(Path::to_owned))
        else {
            continue;
        };
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".").to_owned()
        } else {
            dir
        };
        for file in module_files(&dir).unwrap_or_default() {
            let key = canonical(Path::new(&file));
            if !module.files.iter().any(|(k, _, _)| *k == key) {
                module.files.push((key, file, false));
            }
        }
    }
    for Module { files, .. } in modules {
        let mut module = terraform::Module::default();
        let mut reported = Vec::new();
        for (_, file, given) in files {
            let name = if file == "-" {
                "<stdin>".to_owned()
            } else {
                file.clone()
            };
            let text = match read(&file, stdin) {
                Ok(text) => text,
                Err((at, message)) => {
                    if given {
                        problem(report, &name, at, message);
                    }
                    continue;
                }
            };
            let text = source::without_bom(&text);
            let syntax =
                terraform::syntax_of(&file).unwrap_or(if text.trim_start().starts_with('{') {
                    terraform::Syntax::Json
                } else {
                    terraform::Syntax::Native
                });
            let parsed = match &settings.pool {
                Some(pool) => pool.install(|| terraform::parse(text, syntax)),
                None => terraform::parse(text, syntax),
            };
            match parsed {
                Ok(body) => {
                    module.files.push(terraform::File { name, body });
                    reported.push(given);
                }
                // A file read for context only is reported when given itself.
                Err(e) if given => problem(report, &name, Some(e.at), e.message),
                Err(_) => {}
            }
        }
        // A directory that is no module (separate examples, each declaring its own `var.x`):
        // the files given are read alone.
        if reported.contains(&false) && !module.is_consistent() {
            let mut given = reported.iter();
            module.files.retain(|_| given.next() == Some(&true));
            reported.retain(|given| *given);
        }
        let results = match &settings.pool {
            Some(pool) => pool.install(|| terraform_check::check_module(&module)),
            None => terraform_check::check_module(&module),
        };
        let empty = source::Node {
            at: source::Position::default(),
            tag: None,
            value: source::Value::Null,
        };
        for ((file, result), _) in module
            .files
            .iter()
            .zip(results)
            .zip(&reported)
            .filter(|(_, given)| **given)
        {
            let (mut findings, suppressed) =
                settings
                    .ignored
                    .apply(&empty, Kind::Terraform, result.findings);
            for located in &mut findings {
                if let Some((_, level)) = settings
                    .severity
                    .iter()
                    .find(|(code, _)| *code == located.finding.code)
                {
                    located.finding.severity = *level;
                }
            }
            report.add(&file.name, Kind::Terraform, result.resources, findings);
            report.suppressed(suppressed + result.suppressed);
        }
    }
    unusable
}

/// `validate`'s options as given on the command line.
struct Options {
    format: Option<Format>,
    fail_on: Option<FailOn>,
    ignore: Vec<String>,
    severity: Vec<String>,
    config: Option<std::path::PathBuf>,
    jobs: Option<std::num::NonZeroUsize>,
}

/// The options merged with the config file: the command line wins, ignores add up.
struct Settings {
    format: Format,
    fail_on: FailOn,
    ignored: suppress::Ignored,
    /// Per code, the severity its findings are reported with.
    severity: Vec<(codes::AnyCode, appflow_connector_profile::Severity)>,
    /// The threads `--jobs` asks for (`None`: rayon's global pool, one per CPU).
    pool: Option<rayon::ThreadPool>,
}

/// Reads the config file (named, or the nearest upward from the working directory) and merges
/// the command line in; on failure the error is written and the exit status returned.
fn settings(options: Options, stderr: &mut dyn Write) -> Result<Settings, i32> {
    let path = options.config.clone().or_else(|| {
        std::env::current_dir()
            .ok()
            .and_then(|dir| config::find(&dir))
    });
    let file = match path.as_deref().map(config::load).transpose() {
        Ok(file) => file.unwrap_or_default(),
        Err(e) => {
            let _ = writeln!(stderr, "{e}");
            return Err(UNUSABLE);
        }
    };
    let mut ignored = suppress::Ignored::default();
    for code in &file.ignore {
        ignored.add(*code);
    }
    for given in &options.ignore {
        match codes::AnyCode::parse(given).filter(|code| codes::describe(*code).is_some()) {
            Some(code) => ignored.add(code),
            None => {
                let hint = codes::closest(given)
                    .map(|c| format!(" (did you mean `{c}`?)"))
                    .unwrap_or_default();
                let _ = writeln!(
                    stderr,
                    "appflow-profile: --ignore {}: not a finding code{hint}; `appflow-profile validate --help` lists them",
                    text::escape(&appflow_connector_profile::validation::echo(given))
                );
                return Err(UNUSABLE);
            }
        }
    }
    let mut severity = file.severity.clone();
    for given in &options.severity {
        let parsed = given
            .split_once('=')
            .ok_or_else(|| "takes CODE=LEVEL, such as unknown-key=error".to_owned())
            .and_then(|(code, level)| {
                let code = config::code(code)?;
                let level = <config::Level as ValueEnum>::from_str(level, false).map_err(|_| {
                    format!(
                        "`{}` is not a level; it takes error, warning, off",
                        appflow_connector_profile::validation::echo(level)
                    )
                })?;
                Ok((code, level))
            });
        match parsed {
            Ok((code, config::Level::Off)) => ignored.add(code),
            Ok((code, level)) => {
                let level = if level == config::Level::Error {
                    appflow_connector_profile::Severity::Error
                } else {
                    appflow_connector_profile::Severity::Warning
                };
                severity.retain(|(c, _)| *c != code);
                severity.push((code, level));
            }
            Err(message) => {
                let _ = writeln!(
                    stderr,
                    "appflow-profile: --severity {}: {}",
                    text::escape(&appflow_connector_profile::validation::echo(given)),
                    text::escape(&message)
                );
                return Err(UNUSABLE);
            }
        }
    }
    let pool = match options.jobs {
        None => None,
        Some(jobs) => match rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.get())
            .build()
        {
            Ok(pool) => Some(pool),
            Err(e) => {
                let _ = writeln!(
                    stderr,
                    "appflow-profile: --jobs {jobs}: cannot start the threads: {e}"
                );
                return Err(UNUSABLE);
            }
        },
    };
    Ok(Settings {
        format: options.format.or(file.format).unwrap_or(Format::Text),
        fail_on: options.fail_on.or(file.fail_on).unwrap_or(FailOn::Error),
        ignored,
        severity,
        pool,
    })
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
            .and_then(|f| {
                // Sized once: through `take`, the file's size is no longer a hint, and the
                // buffer would grow by doubling, copying the text each time.
                let size = f.metadata().map_or(0, |m| m.len()).min(MAX_INPUT_BYTES + 1);
                bytes.reserve_exact(usize::try_from(size).unwrap_or(0) + 1);
                f.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes)
            })
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

pub(crate) fn io_reason(e: &std::io::Error) -> String {
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
