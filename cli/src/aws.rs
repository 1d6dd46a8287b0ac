//! `apply` and `adopt` (feature `aws`): the plan of `plan` carried out with Cloud Control, and a
//! live profile read into the template of `import`, through `appflow-profile-aws`. The AWS work
//! is the library's; here are the prompt, the progress lines and the clients' configuration.

use std::io::{BufRead, BufReader, Read, Write};

use appflow_connector_profile::api;
use appflow_connector_profile::api::keys::describe_connector_profiles_response::CONNECTOR_PROFILE_DETAILS as DETAILS;
use appflow_connector_profile::lifecycle::Action;
use appflow_profile_aws::{Event, Progress, Wait};

use crate::lifecycle::{self, ImportFormat, PlanFormat, Planned};
use crate::text::escape;

/// Exit status of `apply`: a request failed (or the answer to the prompt was not `yes`).
pub const FAILED: i32 = 1;

/// Where the clients go.
#[derive(Clone, Debug, Default)]
pub struct Target {
    /// `--region` (else the SDK's chain: `AWS_REGION`, the profile's).
    pub region: Option<String>,
    /// `--endpoint-url` (else the service's).
    pub endpoint_url: Option<String>,
}

impl Target {
    async fn config(&self) -> aws_config::SdkConfig {
        let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest());
        if let Some(region) = &self.region {
            loader = loader.region(aws_config::Region::new(region.clone()));
        }
        if let Some(url) = &self.endpoint_url {
            loader = loader.endpoint_url(url);
        }
        loader.load().await
    }
}

fn runtime(stderr: &mut dyn Write) -> Option<tokio::runtime::Runtime> {
    match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => Some(runtime),
        Err(e) => {
            let _ = writeln!(stderr, "appflow-profile: cannot start the runtime: {e}");
            None
        }
    }
}

/// Progress lines on standard error: each request's submission and end, each new status, a dot
/// per poll.
struct Lines<'a> {
    out: &'a mut dyn Write,
    status: Option<String>,
}

impl Progress for Lines<'_> {
    fn event(&mut self, event: Event) {
        let _ = match event {
            Event::Submitted {
                operation,
                identifier,
                request_token,
            } => {
                self.status = None;
                writeln!(
                    self.out,
                    "{}: {operation} submitted (request {})",
                    escape(&identifier),
                    escape(&request_token)
                )
            }
            Event::Polling { status, .. } => {
                if self.status.as_deref() == Some(status.as_str()) {
                    write!(self.out, ".")
                } else {
                    let lead = if self.status.is_some() { "\n" } else { "" };
                    self.status = Some(status.clone());
                    write!(self.out, "{lead}  {} ", escape(&status))
                }
            }
            Event::Done {
                operation,
                identifier,
                ..
            } => {
                let lead = if self.status.take().is_some() {
                    "\n"
                } else {
                    ""
                };
                writeln!(self.out, "{lead}{}: {operation} done", escape(&identifier))
            }
            _ => Ok(()),
        };
        let _ = self.out.flush();
    }
}

/// `appflow-profile apply OLD NEW`: `terminal` says whether standard input is one (the prompt
/// needs it).
#[allow(clippy::too_many_arguments)]
pub fn apply(
    old: &str,
    new: &str,
    target: &Target,
    dry_run: bool,
    yes: bool,
    terminal: bool,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> i32 {
    if dry_run {
        return lifecycle::plan(old, new, PlanFormat::Text, false, stdin, stdout, stderr);
    }
    let planned = match lifecycle::plan_files(old, new, stdin, stderr) {
        Ok(planned) => planned,
        Err(status) => return status,
    };
    if lifecycle::write_text(&planned, stdout)
        .and_then(|()| stdout.flush())
        .is_err()
    {
        return crate::UNUSABLE;
    }
    if let Err(status) = confirm(&planned, yes, terminal, stdin, stderr) {
        return status;
    }
    if !planned.iter().any(|p| p.plan.has_changes()) {
        return crate::OK;
    }
    let Some(runtime) = runtime(stderr) else {
        return crate::UNUSABLE;
    };
    runtime.block_on(async {
        let config = target.config().await;
        let client = aws_sdk_cloudcontrol::Client::new(&config);
        apply_with(&client, &planned, Wait::default(), stderr).await
    })
}

/// Asks before a replacement or a deletion, unless `yes`; `Err` holds the exit status.
fn confirm(
    planned: &[Planned],
    yes: bool,
    terminal: bool,
    stdin: &mut dyn Read,
    stderr: &mut dyn Write,
) -> Result<(), i32> {
    let destructive: Vec<String> = planned
        .iter()
        .filter(|p| matches!(p.plan.action, Action::Replace | Action::Delete))
        .map(|p| format!("{} ({})", escape(&p.id), p.plan.action))
        .collect();
    if destructive.is_empty() || yes {
        return Ok(());
    }
    let list = destructive.join(", ");
    let replaced = planned.iter().any(|p| p.plan.action == Action::Replace);
    let note = if replaced {
        " A replacement deletes the profile first (its name is its identifier and cannot be held twice), then creates it: flows using it fail in between, and a failed create leaves no profile."
    } else {
        ""
    };
    if !terminal {
        let _ = writeln!(
            stderr,
            "appflow-profile: refusing to delete or replace {list} without confirmation: standard input is not a terminal; pass --yes.{note}"
        );
        return Err(crate::UNUSABLE);
    }
    let _ = write!(
        stderr,
        "This deletes or replaces {list}.{note}\nType yes to go on: "
    );
    let _ = stderr.flush();
    let mut answer = String::new();
    let _ = BufReader::new(stdin.take(64)).read_line(&mut answer);
    if answer.trim() == "yes" {
        Ok(())
    } else {
        let _ = writeln!(stderr, "appflow-profile: not applied");
        Err(FAILED)
    }
}

/// Applies the plans in order with `client`, progress on `stderr`; stops at the first failure.
pub(crate) async fn apply_with(
    client: &aws_sdk_cloudcontrol::Client,
    planned: &[Planned],
    wait: Wait,
    stderr: &mut dyn Write,
) -> i32 {
    for p in planned.iter().filter(|p| p.plan.has_changes()) {
        let mut lines = Lines {
            out: &mut *stderr,
            status: None,
        };
        let result = appflow_profile_aws::apply(
            client,
            &p.plan,
            p.current.as_ref(),
            p.desired.as_ref(),
            wait,
            &mut lines,
        )
        .await;
        if let Err(e) = result {
            let _ = writeln!(
                stderr,
                "{}: error: {}",
                escape(&p.id),
                escape(&e.to_string())
            );
            return FAILED;
        }
    }
    crate::OK
}

/// `appflow-profile adopt NAME`.
pub fn adopt(
    name: &str,
    target: &Target,
    format: ImportFormat,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> i32 {
    let Some(runtime) = runtime(stderr) else {
        return crate::UNUSABLE;
    };
    runtime.block_on(async {
        let config = target.config().await;
        let client = aws_sdk_appflow::Client::new(&config);
        adopt_with(&client, name, format, stdout, stderr).await
    })
}

/// `adopt` with `client`.
pub(crate) async fn adopt_with(
    client: &aws_sdk_appflow::Client,
    name: &str,
    format: ImportFormat,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> i32 {
    let adopted = match appflow_profile_aws::adopt(client, name).await {
        Ok(adopted) => adopted,
        Err(e) => {
            let _ = writeln!(stderr, "appflow-profile: {}", escape(&e.to_string()));
            return FAILED;
        }
    };
    let described = serde_json::to_value(&adopted.described).unwrap_or_default();
    let response: api::DescribeConnectorProfilesResponse =
        match serde_json::from_value(serde_json::json!({ (DETAILS): [described] })) {
            Ok(response) => response,
            Err(e) => {
                let _ = writeln!(stderr, "appflow-profile: {e}");
                return crate::UNUSABLE;
            }
        };
    lifecycle::write_import(response, &escape(name), format, false, stdout, stderr)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_lines_show_each_request_its_statuses_and_a_dot_per_poll() {
        let mut out = Vec::new();
        let mut lines = Lines {
            out: &mut out,
            status: None,
        };
        let polling = |status: &str| Event::Polling {
            request_token: "tok".into(),
            status: status.into(),
        };
        for event in [
            Event::Submitted {
                operation: "UPDATE",
                identifier: "salesforce-prod".into(),
                request_token: "5f0c…".into(),
            },
            polling("PENDING"),
            polling("IN_PROGRESS"),
            polling("IN_PROGRESS"),
            polling("IN_PROGRESS"),
            Event::Done {
                operation: "UPDATE",
                identifier: "salesforce-prod".into(),
                request_token: "5f0c…".into(),
            },
        ] {
            lines.event(event);
        }
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "salesforce-prod: UPDATE submitted (request 5f0c…)\n  PENDING \n  IN_PROGRESS ..\nsalesforce-prod: UPDATE done\n"
        );
    }
}
