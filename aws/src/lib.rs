//! AppFlow connector profiles on AWS: [`apply`] carries out a plan of the generated crate
//! (`appflow_connector_profile::lifecycle::Plan`) with Cloud Control (`CreateResource`,
//! `UpdateResource` with the plan's patch, `DeleteResource`, then `GetResourceRequestStatus` until
//! the request ends), and [`adopt`] reads a live profile with AppFlow's
//! `DescribeConnectorProfiles` into the generated crate's `Imported`.
//!
//! The functions take the SDK clients, so callers choose region, endpoint, credentials and retry
//! configuration (tests pass clients of `aws-smithy-mocks`). Throttling and transient errors are
//! retried by the client's retry configuration; waiting on a request uses the client's configured
//! sleep implementation, else Tokio's timer (so `apply` runs in a Tokio runtime with time
//! enabled), with a bounded backoff and a timeout ([`Wait`]). Nothing here prints: progress
//! goes to a [`Progress`].
//!
//! Secrets: requests carry the real values (Cloud Control needs them), but no [`Error`] holds a
//! value of the documents: service messages are scrubbed of every secret string of the
//! documents applied and bounded in length.

use std::time::Duration;

use appflow_connector_profile::api;
use appflow_connector_profile::cfn::resource::{self, Imported, Property, TYPE_NAME};
use appflow_connector_profile::lifecycle::{redact_properties, Action, Plan};
use appflow_connector_profile::validation::echo;
use aws_sdk_cloudcontrol::config::AsyncSleep;
use aws_sdk_cloudcontrol::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_cloudcontrol::types::{OperationStatus, ProgressEvent};
use serde_json::{Map, Value};

/// What can go wrong; never holds a secret value of the documents.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A document holds an intrinsic function (`Ref`, `Fn::…`): Cloud Control takes values.
    #[error("{pointer}: an intrinsic function ({function}); apply needs resolved values (deploy templates with CloudFormation)")]
    Unresolved {
        /// Where (a JSON Pointer into the properties, echoed bounded).
        pointer: String,
        /// The function's name.
        function: String,
    },
    /// A document lacks its primary identifier, or it is not a string.
    #[error("the {which} properties have no {property} string: it identifies the profile")]
    MissingIdentifier {
        /// `current` or `desired`.
        which: &'static str,
        /// The identifier's property name.
        property: &'static str,
    },
    /// The plan's action needs a document that was not given.
    #[error("a {action} needs the {which} properties")]
    MissingDocument {
        /// The plan's action.
        action: Action,
        /// `current` or `desired`.
        which: &'static str,
    },
    /// A call failed after the client's retries (throttling included).
    #[error("{operation} failed: {code}: {message}")]
    Call {
        /// The API operation.
        operation: &'static str,
        /// The error code (`ThrottlingException`, …) or the kind of failure.
        code: String,
        /// The service's message, scrubbed of secrets and bounded.
        message: String,
    },
    /// The Cloud Control request ended in `FAILED`.
    #[error("{operation} of {identifier} failed ({error_code}): {status_message} [request {request_token}]")]
    Failed {
        /// `CREATE`, `UPDATE` or `DELETE`.
        operation: &'static str,
        /// The profile's name.
        identifier: String,
        /// The request token.
        request_token: String,
        /// The handler's error code (`AlreadyExists`, `InvalidRequest`, …), or `-`.
        error_code: String,
        /// The status message, scrubbed of secrets and bounded.
        status_message: String,
    },
    /// The Cloud Control request was cancelled (`CANCEL_COMPLETE`).
    #[error("{operation} of {identifier} was cancelled [request {request_token}]")]
    Cancelled {
        /// `CREATE`, `UPDATE` or `DELETE`.
        operation: &'static str,
        /// The profile's name.
        identifier: String,
        /// The request token.
        request_token: String,
    },
    /// The request did not end within [`Wait::timeout`].
    #[error("{operation} of {identifier} still {status} after waiting {waited:?} [request {request_token}]; follow it with `aws cloudcontrol get-resource-request-status --request-token {request_token}`")]
    Timeout {
        /// `CREATE`, `UPDATE` or `DELETE`.
        operation: &'static str,
        /// The profile's name.
        identifier: String,
        /// The request token.
        request_token: String,
        /// The last status seen.
        status: String,
        /// The time spent waiting.
        waited: Duration,
    },
    /// A response lacked what the API promises (a request token, a progress event).
    #[error("{operation}: the response has no {missing}")]
    Incomplete {
        /// The API operation.
        operation: &'static str,
        /// What is missing.
        missing: &'static str,
    },
    /// No connector profile has the name.
    #[error("no connector profile named {name} in this account and region")]
    NotFound {
        /// The name asked for (echoed bounded).
        name: String,
    },
    /// The SDK's response has no form in the generated crate.
    #[error("DescribeConnectorProfiles: {0}")]
    Conversion(#[from] appflow_connector_profile::sdk::ConversionError),
    /// The profile read has no CloudFormation form.
    #[error("{0}")]
    Import(#[from] appflow_connector_profile::lifecycle::ImportError),
}

/// What [`apply`] reports while it works.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// A request was accepted by Cloud Control.
    Submitted {
        /// `CREATE`, `UPDATE` or `DELETE`.
        operation: &'static str,
        /// The profile's name.
        identifier: String,
        /// The request token.
        request_token: String,
    },
    /// A poll of the request's status.
    Polling {
        /// The request token.
        request_token: String,
        /// `PENDING`, `IN_PROGRESS`, `CANCEL_IN_PROGRESS`, …
        status: String,
    },
    /// The request succeeded.
    Done {
        /// `CREATE`, `UPDATE` or `DELETE`.
        operation: &'static str,
        /// The profile's name.
        identifier: String,
        /// The request token.
        request_token: String,
    },
}

/// Receives [`Event`]s; closures taking an `Event` are one.
pub trait Progress {
    /// One event.
    fn event(&mut self, event: Event);
}

impl<F: FnMut(Event)> Progress for F {
    fn event(&mut self, event: Event) {
        self(event)
    }
}

/// How [`apply`] waits on a request: polls after `initial`, doubling up to `max`, until the
/// waits add up to `timeout`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Wait {
    /// The first wait.
    pub initial: Duration,
    /// The longest wait between polls.
    pub max: Duration,
    /// The total wait after which [`Error::Timeout`].
    pub timeout: Duration,
}

impl Default for Wait {
    /// 1 s, doubling to 15 s, for 15 minutes.
    fn default() -> Self {
        Wait {
            initial: Duration::from_secs(1),
            max: Duration::from_secs(15),
            timeout: Duration::from_secs(15 * 60),
        }
    }
}

/// One finished Cloud Control request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    /// `CREATE`, `UPDATE` or `DELETE`.
    pub operation: &'static str,
    /// The profile's name.
    pub identifier: String,
    /// The request token.
    pub request_token: String,
}

/// The identifier's property (`ConnectorProfileName`).
fn identifier_property() -> Property {
    Property::ALL
        .iter()
        .copied()
        .find(|p| p.is_primary_identifier())
        .expect("the resource has a primary identifier")
}

fn identifier(document: &Value, which: &'static str) -> Result<String, Error> {
    let property = identifier_property();
    document
        .get(property.name())
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or(Error::MissingIdentifier {
            which,
            property: property.name(),
        })
}

fn resolved(document: &Value) -> Result<(), Error> {
    match appflow_connector_profile::lifecycle::first_intrinsic(document) {
        Some((pointer, function)) => Err(Error::Unresolved { pointer, function }),
        None => Ok(()),
    }
}

/// The secret strings of the documents: those their redaction replaces.
fn secrets_of(documents: &[Option<&Value>]) -> Vec<String> {
    fn walk(plain: &Value, redacted: &Value, out: &mut Vec<String>) {
        match (plain, redacted) {
            (Value::Object(a), Value::Object(b)) => {
                for (key, value) in a {
                    match b.get(key) {
                        Some(other) => walk(value, other, out),
                        None => collect(value, out),
                    }
                }
            }
            (Value::Array(a), Value::Array(b)) => {
                for (x, y) in a.iter().zip(b) {
                    walk(x, y, out);
                }
            }
            (a, b) if a != b => collect(a, out),
            _ => {}
        }
    }
    fn collect(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::String(s) if !s.is_empty() => out.push(s.clone()),
            Value::Object(map) => map.values().for_each(|v| collect(v, out)),
            Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for document in documents.iter().flatten() {
        walk(document, &redact_properties(document), &mut out);
    }
    // Longest first, so a secret containing another is replaced whole.
    out.sort_by_key(|s| std::cmp::Reverse(s.len()));
    out.dedup();
    out
}

/// A service message without the documents' secrets, controls escaped, at most 512 characters.
fn scrub(message: &str, secrets: &[String]) -> String {
    let mut text = message.to_owned();
    for secret in secrets {
        text = text.replace(secret.as_str(), appflow_connector_profile::REDACTED);
    }
    let text: String = text
        .chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect();
    if text.chars().count() > 512 {
        let cut: String = text.chars().take(512).collect();
        format!("{cut}…")
    } else {
        text
    }
}

fn call_error<E, R>(operation: &'static str, error: &SdkError<E, R>, secrets: &[String]) -> Error
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    let (code, message) = match error {
        SdkError::ServiceError(_) => (
            error.code().unwrap_or("no error code").to_owned(),
            error.message().unwrap_or("-").to_owned(),
        ),
        // No response to read a code from: say what kind of failure, and why (a request body is
        // never part of these errors; the text is scrubbed all the same).
        SdkError::TimeoutError(_) => ("timeout".to_owned(), DisplayErrorContext(error).to_string()),
        SdkError::DispatchFailure(_) => (
            "dispatch failure".to_owned(),
            DisplayErrorContext(error).to_string(),
        ),
        SdkError::ResponseError(_) => (
            "unreadable response".to_owned(),
            DisplayErrorContext(error).to_string(),
        ),
        _ => (
            "request not built".to_owned(),
            DisplayErrorContext(error).to_string(),
        ),
    };
    Error::Call {
        operation,
        code,
        message: scrub(&message, secrets),
    }
}

/// The desired properties as Cloud Control's `DesiredState`: the read-only properties dropped,
/// the real values kept (secrets included).
pub fn desired_state(desired: &Value) -> Value {
    let mut out = Map::new();
    if let Value::Object(map) = desired {
        for (key, value) in map {
            let read_only = Property::from_name(key).is_some_and(Property::is_read_only);
            if !read_only {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    Value::Object(out)
}

struct Applier<'a> {
    client: &'a aws_sdk_cloudcontrol::Client,
    wait: Wait,
    progress: &'a mut dyn Progress,
    secrets: Vec<String>,
}

impl Applier<'_> {
    async fn create(&mut self, desired: &Value) -> Result<Applied, Error> {
        let identifier = identifier(desired, "desired")?;
        let state = serde_json::to_string(&desired_state(desired)).unwrap_or_default();
        let output = self
            .client
            .create_resource()
            .type_name(TYPE_NAME)
            .desired_state(state)
            .send()
            .await
            .map_err(|e| call_error("CreateResource", &e, &self.secrets))?;
        self.follow(
            "CREATE",
            "CreateResource",
            identifier,
            output.progress_event(),
        )
        .await
    }

    async fn update(&mut self, current: &Value, plan: &Plan) -> Result<Applied, Error> {
        let identifier = identifier(current, "current")?;
        let patch = serde_json::to_string(&plan.patch_document()).unwrap_or_default();
        let output = self
            .client
            .update_resource()
            .type_name(TYPE_NAME)
            .identifier(&identifier)
            .patch_document(patch)
            .send()
            .await
            .map_err(|e| call_error("UpdateResource", &e, &self.secrets))?;
        self.follow(
            "UPDATE",
            "UpdateResource",
            identifier,
            output.progress_event(),
        )
        .await
    }

    async fn delete(&mut self, current: &Value) -> Result<Applied, Error> {
        let identifier = identifier(current, "current")?;
        let output = self
            .client
            .delete_resource()
            .type_name(TYPE_NAME)
            .identifier(&identifier)
            .send()
            .await
            .map_err(|e| call_error("DeleteResource", &e, &self.secrets))?;
        self.follow(
            "DELETE",
            "DeleteResource",
            identifier,
            output.progress_event(),
        )
        .await
    }

    /// Waits on a request until it ends.
    async fn follow(
        &mut self,
        operation: &'static str,
        api: &'static str,
        identifier: String,
        event: Option<&ProgressEvent>,
    ) -> Result<Applied, Error> {
        let event = event.ok_or(Error::Incomplete {
            operation: api,
            missing: "ProgressEvent",
        })?;
        let request_token = event
            .request_token()
            .ok_or(Error::Incomplete {
                operation: api,
                missing: "RequestToken",
            })?
            .to_owned();
        self.progress.event(Event::Submitted {
            operation,
            identifier: identifier.clone(),
            request_token: request_token.clone(),
        });
        let sleep = self.client.config().sleep_impl();
        let mut status = event.operation_status().cloned();
        let mut last = event.clone();
        let mut delay = self.wait.initial;
        let mut waited = Duration::ZERO;
        loop {
            match status {
                Some(OperationStatus::Success) => {
                    self.progress.event(Event::Done {
                        operation,
                        identifier: identifier.clone(),
                        request_token: request_token.clone(),
                    });
                    return Ok(Applied {
                        operation,
                        identifier,
                        request_token,
                    });
                }
                Some(OperationStatus::Failed) => {
                    return Err(Error::Failed {
                        operation,
                        identifier,
                        request_token,
                        error_code: last
                            .error_code()
                            .map(|c| c.as_str().to_owned())
                            .unwrap_or_else(|| "-".to_owned()),
                        status_message: scrub(last.status_message().unwrap_or("-"), &self.secrets),
                    })
                }
                Some(OperationStatus::CancelComplete) => {
                    return Err(Error::Cancelled {
                        operation,
                        identifier,
                        request_token,
                    })
                }
                _ => {}
            }
            let shown = status
                .as_ref()
                .map(|s| echo(s.as_str()))
                .unwrap_or_else(|| "UNKNOWN".to_owned());
            if waited >= self.wait.timeout {
                return Err(Error::Timeout {
                    operation,
                    identifier,
                    request_token,
                    status: shown,
                    waited,
                });
            }
            self.progress.event(Event::Polling {
                request_token: request_token.clone(),
                status: shown,
            });
            let step = delay.min(self.wait.timeout - waited);
            match &sleep {
                Some(sleep) => sleep.sleep(step).await,
                None => tokio::time::sleep(step).await,
            }
            waited += step;
            delay = (delay * 2).min(self.wait.max);
            let output = self
                .client
                .get_resource_request_status()
                .request_token(&request_token)
                .send()
                .await
                .map_err(|e| call_error("GetResourceRequestStatus", &e, &self.secrets))?;
            last = output
                .progress_event()
                .ok_or(Error::Incomplete {
                    operation: "GetResourceRequestStatus",
                    missing: "ProgressEvent",
                })?
                .clone();
            status = last.operation_status().cloned();
        }
    }
}

/// Carries out `plan`, the plan from `current` to `desired` (properties documents of the
/// resource, with real values: no intrinsic functions; `None` where the plan has no resource),
/// with Cloud Control, waiting on each request until it ends:
///
/// - [`Action::Create`]: `CreateResource` with `DesiredState` = `desired` (read-only properties
///   dropped, secrets and write-only properties included).
/// - [`Action::Update`]: `UpdateResource` of `current`'s name with [`Plan::patch_document`].
/// - [`Action::Delete`]: `DeleteResource` of `current`'s name.
/// - [`Action::Replace`]: `DeleteResource` of the current profile, then `CreateResource` of the
///   desired one. CloudFormation replaces create-then-delete, but a profile's name is its
///   identifier and create-only, and AppFlow refuses a second profile of the same name: the old
///   profile must go first, and the profile is missing in between (a failed create leaves none).
/// - No call for [`Action::NoChange`].
///
/// Each call's idempotency `ClientToken` is the SDK's (one per call, kept across its retries).
/// Returns the finished requests in order.
pub async fn apply(
    client: &aws_sdk_cloudcontrol::Client,
    plan: &Plan,
    current: Option<&Value>,
    desired: Option<&Value>,
    wait: Wait,
    progress: &mut dyn Progress,
) -> Result<Vec<Applied>, Error> {
    for document in [current, desired].into_iter().flatten() {
        resolved(document)?;
    }
    let need = |document: Option<&Value>, which: &'static str| {
        document.cloned().ok_or(Error::MissingDocument {
            action: plan.action,
            which,
        })
    };
    let mut applier = Applier {
        client,
        wait,
        progress,
        secrets: secrets_of(&[current, desired]),
    };
    Ok(match plan.action {
        Action::NoChange => Vec::new(),
        Action::Create => vec![applier.create(&need(desired, "desired")?).await?],
        Action::Update => vec![applier.update(&need(current, "current")?, plan).await?],
        Action::Delete => vec![applier.delete(&need(current, "current")?).await?],
        Action::Replace => {
            let (current, desired) = (need(current, "current")?, need(desired, "desired")?);
            let deleted = applier.delete(&current).await?;
            let created = applier.create(&desired).await?;
            vec![deleted, created]
        }
    })
}

/// A live profile read back.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Adopted {
    /// What `DescribeConnectorProfiles` returned for it.
    pub described: api::ConnectorProfile,
    /// Its properties, typed profile, ARN and what a read never returns (credentials, KMSArn).
    pub imported: Imported,
}

/// Reads the connector profile `name` (AppFlow `DescribeConnectorProfiles`) into the resource's
/// properties, as Alchemy's `adopt`: [`Adopted::imported`] lacks what a read never returns
/// (listed in its `not_returned`).
pub async fn adopt(client: &aws_sdk_appflow::Client, name: &str) -> Result<Adopted, Error> {
    let output = client
        .describe_connector_profiles()
        .connector_profile_names(name)
        .send()
        .await
        .map_err(|e| call_error("DescribeConnectorProfiles", &e, &[]))?;
    let response = api::DescribeConnectorProfilesResponse::try_from(output)?;
    let described = response
        .connector_profile_details
        .unwrap_or_default()
        .into_iter()
        .find(|p| p.connector_profile_name.as_deref() == Some(name))
        .ok_or_else(|| Error::NotFound { name: echo(name) })?;
    let imported = resource::import(&described)?;
    Ok(Adopted {
        described,
        imported,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn intrinsics_are_found_with_their_pointer() {
        let doc = json!({"A": {"B": [1, {"Fn::GetAtt": ["X", "Y"]}]}});
        let Err(Error::Unresolved { pointer, function }) = resolved(&doc) else {
            panic!("not found")
        };
        assert_eq!(
            (pointer.as_str(), function.as_str()),
            ("/A/B/1", "Fn::GetAtt")
        );
        assert!(resolved(&json!({"A": {"Ref": 1, "B": 2}})).is_ok());
    }

    #[test]
    fn scrub_replaces_secrets_escapes_and_bounds() {
        let secrets = vec!["s3cr3t-long".to_owned(), "s3cr3t".to_owned()];
        assert_eq!(
            scrub("bad s3cr3t-long\n", &secrets),
            format!("bad {}\\n", appflow_connector_profile::REDACTED)
        );
        assert_eq!(scrub(&"x".repeat(600), &[]).chars().count(), 513);
    }
}
