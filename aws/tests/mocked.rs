//! `apply` and `adopt` against clients of `aws-smithy-mocks`: every request asserted field by
//! field (the desired state and the patch with their real secrets), the order of a
//! replacement's calls, polling, failures, throttling retried by the SDK. No network.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use appflow_connector_profile::api;
use appflow_connector_profile::lifecycle::{plan_documents, Action};
use appflow_profile_aws::{adopt, apply, Applied, Error, Event, Wait};
use aws_sdk_cloudcontrol::config::retry::RetryConfig;
use aws_sdk_cloudcontrol::operation::create_resource::CreateResourceOutput;
use aws_sdk_cloudcontrol::operation::delete_resource::DeleteResourceOutput;
use aws_sdk_cloudcontrol::operation::get_resource_request_status::GetResourceRequestStatusOutput;
use aws_sdk_cloudcontrol::operation::update_resource::UpdateResourceOutput;
use aws_sdk_cloudcontrol::types::{HandlerErrorCode, Operation, OperationStatus, ProgressEvent};
use aws_sdk_cloudcontrol::Client;
use aws_smithy_mocks::{mock, mock_client, RuleMode};
use serde_json::{json, Value};

const SECRET: &str = "CANARY-secret-access-token-0042";
const KMS: &str = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const TYPE: &str = "AWS::AppFlow::ConnectorProfile";

fn salesforce(mode: &str, token: &str) -> Value {
    json!({
        "ConnectorProfileName": "salesforce-prod",
        "ConnectorType": "Salesforce",
        "ConnectionMode": mode,
        "KMSArn": KMS,
        "ConnectorProfileConfig": {
            "ConnectorProfileCredentials": {"Salesforce": {"AccessToken": token}},
            "ConnectorProfileProperties": {"Salesforce": {"InstanceUrl": "https://example.my.salesforce.com"}}
        }
    })
}

fn fast() -> Wait {
    Wait {
        initial: Duration::from_millis(1),
        max: Duration::from_millis(2),
        timeout: Duration::from_secs(5),
    }
}

fn event(token: &str, operation: Operation, status: OperationStatus) -> ProgressEvent {
    ProgressEvent::builder()
        .type_name(TYPE)
        .identifier("salesforce-prod")
        .request_token(token)
        .operation(operation)
        .operation_status(status)
        .build()
}

fn status_output(
    token: &str,
    operation: Operation,
    status: OperationStatus,
) -> GetResourceRequestStatusOutput {
    GetResourceRequestStatusOutput::builder()
        .progress_event(event(token, operation, status))
        .build()
}

/// A client whose retries wait 1 ms (the SDK's standard strategy, 3 attempts).
macro_rules! client {
    ($rules:expr) => {
        mock_client!(aws_sdk_cloudcontrol, RuleMode::Sequential, $rules, |c| c
            .retry_config(
                RetryConfig::standard()
                    .with_max_attempts(3)
                    .with_initial_backoff(Duration::from_millis(1))
            ))
    };
}

type Log = Arc<Mutex<Vec<String>>>;
/// The type name, desired state and client token of a CreateResource.
type Sent = Arc<Mutex<Option<(Option<String>, Option<String>, Option<String>)>>>;

fn events() -> (Arc<Mutex<Vec<Event>>>, impl FnMut(Event)) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    (seen, move |e| sink.lock().unwrap().push(e))
}

#[tokio::test]
async fn create_sends_the_whole_desired_state_with_its_secrets_and_polls_to_success() {
    let desired = salesforce("Public", SECRET);
    let plan = plan_documents(None, Some(&desired));
    assert_eq!(plan.action, Action::Create);
    let sent: Sent = Default::default();
    let keep = sent.clone();
    let create = mock!(Client::create_resource).then_compute_output(move |req| {
        *keep.lock().unwrap() = Some((
            req.type_name().map(str::to_owned),
            req.desired_state().map(str::to_owned),
            req.client_token().map(str::to_owned),
        ));
        CreateResourceOutput::builder()
            .progress_event(event(
                "tok-create",
                Operation::Create,
                OperationStatus::Pending,
            ))
            .build()
    });
    let in_progress = mock!(Client::get_resource_request_status)
        .match_requests(|r| r.request_token() == Some("tok-create"))
        .sequence()
        .output(|| status_output("tok-create", Operation::Create, OperationStatus::InProgress))
        .times(2)
        .output(|| status_output("tok-create", Operation::Create, OperationStatus::Success))
        .build();
    let client = client!(&[&create, &in_progress]);
    let (seen, mut sink) = events();
    let applied = apply(&client, &plan, None, Some(&desired), fast(), &mut sink)
        .await
        .unwrap();
    assert_eq!(
        applied,
        [Applied {
            operation: "CREATE",
            identifier: "salesforce-prod".into(),
            request_token: "tok-create".into()
        }]
    );
    let (type_name, state, token) = sent.lock().unwrap().clone().unwrap();
    assert_eq!(type_name.as_deref(), Some(TYPE));
    assert!(token.is_some(), "the SDK fills the idempotency ClientToken");
    let state: Value = serde_json::from_str(&state.unwrap()).unwrap();
    let object = state.as_object().unwrap();
    assert_eq!(object.len(), 5, "{state}");
    assert_eq!(state["ConnectorProfileName"], "salesforce-prod");
    assert_eq!(state["ConnectorType"], "Salesforce");
    assert_eq!(state["ConnectionMode"], "Public");
    // Write-only members, with their real values.
    assert_eq!(state["KMSArn"], KMS);
    assert_eq!(
        state["ConnectorProfileConfig"]["ConnectorProfileCredentials"]["Salesforce"]["AccessToken"],
        SECRET
    );
    assert_eq!(
        state["ConnectorProfileConfig"]["ConnectorProfileProperties"]["Salesforce"]["InstanceUrl"],
        "https://example.my.salesforce.com"
    );
    assert_eq!(in_progress.num_calls(), 3);
    let seen = seen.lock().unwrap();
    let statuses: Vec<_> = seen
        .iter()
        .filter_map(|e| match e {
            Event::Polling { status, .. } => Some(status.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(statuses, ["PENDING", "IN_PROGRESS", "IN_PROGRESS"]);
    assert!(
        matches!(seen.first(), Some(Event::Submitted { request_token, .. }) if request_token == "tok-create")
    );
    assert!(matches!(
        seen.last(),
        Some(Event::Done {
            operation: "CREATE",
            ..
        })
    ));
    assert!(!format!("{seen:?}").contains(SECRET));
}

#[tokio::test]
async fn create_drops_read_only_properties() {
    let mut desired = salesforce("Public", SECRET);
    desired["ConnectorProfileArn"] =
        json!("arn:aws:appflow:eu-west-1:123456789012:connectorprofile/salesforce-prod");
    let plan = plan_documents(None, Some(&desired));
    let state: Arc<Mutex<String>> = Default::default();
    let keep = state.clone();
    let create = mock!(Client::create_resource).then_compute_output(move |req| {
        *keep.lock().unwrap() = req.desired_state().unwrap_or_default().to_owned();
        CreateResourceOutput::builder()
            .progress_event(event("t", Operation::Create, OperationStatus::Success))
            .build()
    });
    let client = client!(&[&create]);
    apply(&client, &plan, None, Some(&desired), fast(), &mut |_| {})
        .await
        .unwrap();
    let state: Value = serde_json::from_str(&state.lock().unwrap()).unwrap();
    assert!(state.get("ConnectorProfileArn").is_none());
    assert_eq!(state["ConnectorProfileName"], "salesforce-prod");
}

#[tokio::test]
async fn update_sends_the_plans_patch_with_the_real_write_only_values() {
    let current = salesforce("Public", "old-token");
    let desired = salesforce("Private", SECRET);
    let plan = plan_documents(Some(&current), Some(&desired));
    assert_eq!(plan.action, Action::Update);
    let sent: Arc<Mutex<Option<(String, String, bool)>>> = Default::default();
    let keep = sent.clone();
    let update = mock!(Client::update_resource).then_compute_output(move |req| {
        *keep.lock().unwrap() = Some((
            req.identifier().unwrap_or_default().to_owned(),
            req.patch_document().unwrap_or_default().to_owned(),
            req.type_name() == Some(TYPE) && req.client_token().is_some(),
        ));
        UpdateResourceOutput::builder()
            .progress_event(event(
                "tok-update",
                Operation::Update,
                OperationStatus::InProgress,
            ))
            .build()
    });
    let done = mock!(Client::get_resource_request_status)
        .then_output(|| status_output("tok-update", Operation::Update, OperationStatus::Success));
    let client = client!(&[&update, &done]);
    let applied = apply(
        &client,
        &plan,
        Some(&current),
        Some(&desired),
        fast(),
        &mut |_| {},
    )
    .await
    .unwrap();
    assert_eq!(applied[0].operation, "UPDATE");
    let (identifier, patch, typed) = sent.lock().unwrap().clone().unwrap();
    assert_eq!(identifier, "salesforce-prod");
    assert!(typed);
    let patch: Value = serde_json::from_str(&patch).unwrap();
    let ops = patch.as_array().unwrap();
    let find = |path: &str| ops.iter().find(|op| op["path"] == path).cloned().unwrap();
    assert_eq!(
        find("/ConnectionMode"),
        json!({"op": "replace", "path": "/ConnectionMode", "value": "Private"})
    );
    // The write-only properties are added whole, with their real values.
    let config = find("/ConnectorProfileConfig");
    assert_eq!(config["op"], "add");
    assert_eq!(config["value"], desired["ConnectorProfileConfig"]);
    assert_eq!(
        config["value"]["ConnectorProfileCredentials"]["Salesforce"]["AccessToken"],
        SECRET
    );
    assert_eq!(
        find("/KMSArn"),
        json!({"op": "add", "path": "/KMSArn", "value": KMS})
    );
    assert_eq!(ops.len(), 3, "{patch}");
    assert_eq!(patch, plan.patch_document());
}

#[tokio::test]
async fn delete_sends_the_identifier() {
    let current = salesforce("Public", SECRET);
    let plan = plan_documents(Some(&current), None);
    assert_eq!(plan.action, Action::Delete);
    let delete = mock!(Client::delete_resource)
        .match_requests(|r| {
            r.type_name() == Some(TYPE)
                && r.identifier() == Some("salesforce-prod")
                && r.client_token().is_some()
        })
        .then_output(|| {
            DeleteResourceOutput::builder()
                .progress_event(event(
                    "tok-delete",
                    Operation::Delete,
                    OperationStatus::InProgress,
                ))
                .build()
        });
    let done = mock!(Client::get_resource_request_status)
        .then_output(|| status_output("tok-delete", Operation::Delete, OperationStatus::Success));
    let client = client!(&[&delete, &done]);
    let applied = apply(&client, &plan, Some(&current), None, fast(), &mut |_| {})
        .await
        .unwrap();
    assert_eq!(applied[0].operation, "DELETE");
    assert_eq!((delete.num_calls(), done.num_calls()), (1, 1));
}

#[tokio::test]
async fn replace_deletes_the_old_profile_then_creates_the_new_one() {
    let current = salesforce("Public", SECRET);
    let mut desired = salesforce("Public", SECRET);
    desired["ConnectorLabel"] = json!("label");
    let plan = plan_documents(Some(&current), Some(&desired));
    assert_eq!(plan.action, Action::Replace);
    let log: Log = Default::default();
    let (l1, l2, l3) = (log.clone(), log.clone(), log.clone());
    let delete = mock!(Client::delete_resource).then_compute_output(move |r| {
        l1.lock()
            .unwrap()
            .push(format!("delete {}", r.identifier().unwrap_or_default()));
        DeleteResourceOutput::builder()
            .progress_event(event(
                "tok-delete",
                Operation::Delete,
                OperationStatus::InProgress,
            ))
            .build()
    });
    let status = |token: &'static str, operation: Operation, log: Log| {
        mock!(Client::get_resource_request_status)
            .match_requests(move |r| r.request_token() == Some(token))
            .then_compute_output(move |r| {
                log.lock()
                    .unwrap()
                    .push(format!("status {}", r.request_token().unwrap_or_default()));
                status_output(token, operation.clone(), OperationStatus::Success)
            })
    };
    let deleted = status("tok-delete", Operation::Delete, l2);
    let l4 = log.clone();
    let create = mock!(Client::create_resource).then_compute_output(move |r| {
        let state: Value = serde_json::from_str(r.desired_state().unwrap_or_default()).unwrap();
        l3.lock()
            .unwrap()
            .push(format!("create {}", state["ConnectorLabel"]));
        CreateResourceOutput::builder()
            .progress_event(event(
                "tok-create",
                Operation::Create,
                OperationStatus::InProgress,
            ))
            .build()
    });
    let created = status("tok-create", Operation::Create, l4);
    let client = client!(&[&delete, &deleted, &create, &created]);
    let applied = apply(
        &client,
        &plan,
        Some(&current),
        Some(&desired),
        fast(),
        &mut |_| {},
    )
    .await
    .unwrap();
    let operations: Vec<_> = applied.iter().map(|a| a.operation).collect();
    assert_eq!(operations, ["DELETE", "CREATE"]);
    assert_eq!(
        *log.lock().unwrap(),
        [
            "delete salesforce-prod",
            "status tok-delete",
            "create \"label\"",
            "status tok-create"
        ]
    );
}

#[tokio::test]
async fn no_change_calls_nothing() {
    let current = salesforce("Public", SECRET);
    let plan = plan_documents(Some(&current), Some(&current));
    assert_eq!(plan.action, Action::NoChange);
    let any =
        mock!(Client::delete_resource).then_output(|| DeleteResourceOutput::builder().build());
    let client = client!(&[&any]);
    let applied = apply(
        &client,
        &plan,
        Some(&current),
        Some(&current),
        fast(),
        &mut |_| {},
    )
    .await
    .unwrap();
    assert!(applied.is_empty());
    assert_eq!(any.num_calls(), 0);
}

#[tokio::test]
async fn a_failed_request_is_an_error_with_its_code_and_message_without_secrets() {
    let desired = salesforce("Public", SECRET);
    let plan = plan_documents(None, Some(&desired));
    let create = mock!(Client::create_resource).then_output(|| {
        CreateResourceOutput::builder()
            .progress_event(event(
                "tok-fail",
                Operation::Create,
                OperationStatus::InProgress,
            ))
            .build()
    });
    let failed = mock!(Client::get_resource_request_status).then_output(|| {
        GetResourceRequestStatusOutput::builder()
            .progress_event(
                ProgressEvent::builder()
                    .request_token("tok-fail")
                    .operation(Operation::Create)
                    .operation_status(OperationStatus::Failed)
                    .error_code(HandlerErrorCode::InvalidCredentials)
                    .status_message(format!("Salesforce rejected the access token {SECRET}"))
                    .build(),
            )
            .build()
    });
    let client = client!(&[&create, &failed]);
    let error = apply(&client, &plan, None, Some(&desired), fast(), &mut |_| {})
        .await
        .unwrap_err();
    let Error::Failed {
        error_code,
        status_message,
        request_token,
        ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(error_code, "InvalidCredentials");
    assert_eq!(request_token, "tok-fail");
    assert_eq!(
        status_message,
        &format!(
            "Salesforce rejected the access token {}",
            appflow_connector_profile::REDACTED
        )
    );
    assert!(!format!("{error} {error:?}").contains(SECRET));
    assert_eq!(
        error.to_string(),
        "CREATE of salesforce-prod failed (InvalidCredentials): Salesforce rejected the access token *** Sensitive Data Redacted *** [request tok-fail]"
    );
}

#[tokio::test]
async fn a_cancelled_request_and_a_timeout_are_errors() {
    let current = salesforce("Public", SECRET);
    let plan = plan_documents(Some(&current), None);
    let delete = || {
        mock!(Client::delete_resource).then_output(|| {
            DeleteResourceOutput::builder()
                .progress_event(event("t", Operation::Delete, OperationStatus::InProgress))
                .build()
        })
    };
    let (d1, d2) = (delete(), delete());
    let cancelled = mock!(Client::get_resource_request_status)
        .then_output(|| status_output("t", Operation::Delete, OperationStatus::CancelComplete));
    let client = client!(&[&d1, &cancelled]);
    let error = apply(&client, &plan, Some(&current), None, fast(), &mut |_| {})
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Cancelled { .. }), "{error:?}");

    let forever = mock!(Client::get_resource_request_status)
        .sequence()
        .output(|| status_output("t", Operation::Delete, OperationStatus::InProgress))
        .repeatedly()
        .build();
    let client = client!(&[&d2, &forever]);
    let wait = Wait {
        timeout: Duration::from_millis(10),
        ..fast()
    };
    let error = apply(&client, &plan, Some(&current), None, wait, &mut |_| {})
        .await
        .unwrap_err();
    let Error::Timeout { status, waited, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(status, "IN_PROGRESS");
    assert_eq!(*waited, Duration::from_millis(10));
    // 1 + 2 + 2 + 2 + 2 + 1 ms: six polls, the backoff capped at `max`.
    assert_eq!(forever.num_calls(), 6);
}

const THROTTLED: &str =
    r#"{"__type":"com.amazonaws.cloudcontrolapi#ThrottlingException","Message":"Rate exceeded"}"#;

#[tokio::test]
async fn a_throttled_call_is_retried_by_the_sdk_then_succeeds() {
    let current = salesforce("Public", SECRET);
    let plan = plan_documents(Some(&current), None);
    let delete = mock!(Client::delete_resource)
        .sequence()
        .http_status(400, Some(THROTTLED.to_owned()))
        .output(|| {
            DeleteResourceOutput::builder()
                .progress_event(event("t", Operation::Delete, OperationStatus::InProgress))
                .build()
        })
        .build();
    let status = mock!(Client::get_resource_request_status)
        .sequence()
        .http_status(400, Some(THROTTLED.to_owned()))
        .output(|| status_output("t", Operation::Delete, OperationStatus::Success))
        .build();
    let client = client!(&[&delete, &status]);
    let applied = apply(&client, &plan, Some(&current), None, fast(), &mut |_| {})
        .await
        .unwrap();
    assert_eq!(applied.len(), 1);
    assert_eq!((delete.num_calls(), status.num_calls()), (2, 2));
}

#[tokio::test]
async fn throttling_beyond_the_retries_is_an_error() {
    let current = salesforce("Public", SECRET);
    let plan = plan_documents(Some(&current), None);
    let delete = mock!(Client::delete_resource)
        .sequence()
        .http_status(400, Some(THROTTLED.to_owned()))
        .times(3)
        .build();
    let client = client!(&[&delete]);
    let error = apply(&client, &plan, Some(&current), None, fast(), &mut |_| {})
        .await
        .unwrap_err();
    let Error::Call {
        operation,
        code,
        message,
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(
        (*operation, code.as_str(), message.as_str()),
        ("DeleteResource", "ThrottlingException", "Rate exceeded")
    );
    assert_eq!(delete.num_calls(), 3);
}

#[tokio::test]
async fn a_refused_call_is_an_error_with_its_code_and_a_message_without_secrets() {
    let current = salesforce("Public", "old-token");
    let desired = salesforce("Private", SECRET);
    let plan = plan_documents(Some(&current), Some(&desired));
    let body = format!(
        r#"{{"__type":"com.amazonaws.cloudcontrolapi#ClientTokenConflictException","Message":"token {SECRET} and old-token\u0007 seen"}}"#
    );
    let update = mock!(Client::update_resource)
        .sequence()
        .http_status(400, Some(body))
        .build();
    let client = client!(&[&update]);
    let error = apply(
        &client,
        &plan,
        Some(&current),
        Some(&desired),
        fast(),
        &mut |_| {},
    )
    .await
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "UpdateResource failed: ClientTokenConflictException: token *** Sensitive Data Redacted *** and *** Sensitive Data Redacted ***\\u{7} seen"
    );
    assert_eq!(update.num_calls(), 1, "not retried");
}

#[tokio::test]
async fn unresolved_documents_and_missing_identifiers_are_refused_before_any_call() {
    let mut desired = salesforce("Public", SECRET);
    desired["ConnectionMode"] = json!({"Ref": "Mode"});
    let plan = plan_documents(None, Some(&desired));
    let create =
        mock!(Client::create_resource).then_output(|| CreateResourceOutput::builder().build());
    let client = client!(&[&create]);
    let error = apply(&client, &plan, None, Some(&desired), fast(), &mut |_| {})
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "/ConnectionMode: an intrinsic function (Ref); apply needs resolved values (deploy templates with CloudFormation)"
    );
    let mut nameless = salesforce("Public", SECRET);
    nameless
        .as_object_mut()
        .unwrap()
        .remove("ConnectorProfileName");
    let plan = plan_documents(None, Some(&nameless));
    let error = apply(&client, &plan, None, Some(&nameless), fast(), &mut |_| {})
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::MissingIdentifier {
                which: "desired",
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(create.num_calls(), 0);
}

mod adopt {
    use super::*;
    use aws_sdk_appflow::operation::describe_connector_profiles::DescribeConnectorProfilesOutput;

    fn fixture() -> api::DescribeConnectorProfilesResponse {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/fixtures/describe/connector-profiles.json"
        ))
        .unwrap();
        serde_json::from_str(&text).unwrap()
    }

    #[tokio::test]
    async fn reads_the_named_profile_into_its_properties() {
        let rule = mock!(aws_sdk_appflow::Client::describe_connector_profiles)
            .match_requests(|r| r.connector_profile_names() == ["salesforce-prod".to_owned()])
            .then_output(|| {
                let mut response = fixture();
                response
                    .connector_profile_details
                    .as_mut()
                    .unwrap()
                    .truncate(1);
                DescribeConnectorProfilesOutput::from(response)
            });
        let client = mock_client!(aws_sdk_appflow, [&rule]);
        let adopted = adopt(&client, "salesforce-prod").await.unwrap();
        let properties = serde_json::to_value(&adopted.imported.resource).unwrap();
        assert_eq!(properties["ConnectorProfileName"], "salesforce-prod");
        assert_eq!(properties["ConnectorType"], "Salesforce");
        assert_eq!(properties["ConnectionMode"], "Public");
        assert_eq!(
            properties["ConnectorProfileConfig"]["ConnectorProfileProperties"]["Salesforce"]
                ["InstanceUrl"],
            "https://example.my.salesforce.com"
        );
        assert!(properties["ConnectorProfileConfig"]
            .get("ConnectorProfileCredentials")
            .is_none());
        assert!(properties.get("KMSArn").is_none());
        let missing: Vec<_> = adopted
            .imported
            .not_returned
            .iter()
            .map(|n| n.pointer)
            .collect();
        assert!(
            missing.contains(&"/ConnectorProfileConfig/ConnectorProfileCredentials"),
            "{missing:?}"
        );
        assert_eq!(
            adopted.imported.arn.unwrap().primary_identifier(),
            "salesforce-prod"
        );
        assert_eq!(rule.num_calls(), 1);
    }

    #[tokio::test]
    async fn an_unknown_connector_type_is_carried_through() {
        let rule = mock!(aws_sdk_appflow::Client::describe_connector_profiles).then_output(|| {
            let mut value = serde_json::to_value(fixture()).unwrap();
            let profile = &mut value["connectorProfileDetails"][0];
            profile["connectorType"] = json!("Quantumforce");
            profile["connectorProfileProperties"] = json!({});
            profile["connectorProfileName"] = json!("future");
            let mut response: api::DescribeConnectorProfilesResponse =
                serde_json::from_value(value).unwrap();
            response
                .connector_profile_details
                .as_mut()
                .unwrap()
                .truncate(1);
            DescribeConnectorProfilesOutput::from(response)
        });
        let client = mock_client!(aws_sdk_appflow, [&rule]);
        let adopted = adopt(&client, "future").await.unwrap();
        let properties = serde_json::to_value(&adopted.imported.resource).unwrap();
        assert_eq!(properties["ConnectorType"], "Quantumforce");
        assert_eq!(properties["ConnectorProfileName"], "future");
    }

    #[tokio::test]
    async fn a_missing_name_is_a_clear_error() {
        let rule = mock!(aws_sdk_appflow::Client::describe_connector_profiles)
            .then_output(|| DescribeConnectorProfilesOutput::builder().build());
        let client = mock_client!(aws_sdk_appflow, [&rule]);
        let error = adopt(&client, "nope\u{7}").await.unwrap_err();
        assert_eq!(
            error.to_string(),
            "no connector profile named nope\\u{0007} in this account and region"
        );
    }
}
