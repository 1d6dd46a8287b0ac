//! `plan`, `import` and `iam-policy`: the lifecycle of the generated crate
//! (`appflow_connector_profile::lifecycle`) on files. No schema knowledge here: the rules, the
//! redaction, the import tables and the IAM scopes are the crate's.

use std::io::Write;

use appflow_connector_profile::cfn::keys::connector_profile::CONNECTOR_PROFILE_CONFIG;
use appflow_connector_profile::cfn::keys::connector_profile_config as config;
use appflow_connector_profile::cfn::resource::{self, Property, NOT_RETURNED, TYPE_NAME};
use appflow_connector_profile::lifecycle::{
    first_intrinsic, iam_policy, plan_documents, required_members, Action, Plan, PolicyScope,
};
use appflow_connector_profile::validation::Code;
use appflow_connector_profile::{api, FromJson, Severity};
use serde_json::{json, Map, Value as Json};

use crate::check::{self, Kind};
use crate::cloudformation::functions::{expression, ref_expression};
use crate::grammar;
use crate::source::{Node, Value};
use crate::text::{escape, pointer_token};

/// One profile of a document: its label (logical id) and its properties as JSON expressions.
type Profiles = Vec<(String, Json)>;

/// The profiles of a parsed document; `Err` says why the document cannot be planned, with the
/// exit status: findings, or an input of a kind that cannot be planned.
fn profiles(root: &Node, kind: Kind) -> Result<Profiles, (i32, String)> {
    match kind {
        Kind::CfnTemplate => {
            let mut out = Vec::new();
            let Value::Map(entries) = &root.value else {
                return Ok(out);
            };
            let Some((_, _, resources)) = entries.iter().rev().find(|(k, _, _)| k == grammar::RESOURCES)
            else {
                return Ok(out);
            };
            let Value::Map(resources) = &resources.value else {
                return Ok(out);
            };
            for (id, _, node) in resources {
                let Value::Map(fields) = &node.value else { continue };
                let field = |name: &str| fields.iter().rev().find(|(k, _, _)| k == name).map(|(_, _, n)| n);
                if field(grammar::TYPE).map(|t| &t.value) != Some(&Value::Str(TYPE_NAME.to_owned())) {
                    continue;
                }
                let properties = field(grammar::PROPERTIES).map(|p| expression(p, true)).unwrap_or(json!({}));
                out.push((id.clone(), properties));
            }
            Ok(out)
        }
        Kind::CfnProperties => Ok(vec![(label(&expression(root, true)), expression(root, true))]),
        Kind::CreateRequest => {
            let request = api::CreateConnectorProfileRequest::from_value(expression(root, false))
                .map_err(|e| (crate::FINDINGS, format!("the request is not valid: {e}")))?;
            let properties = request
                .value
                .to_cfn()
                .map_err(|e| {
                    (
                        crate::FINDINGS,
                        format!("the request has no CloudFormation form: {e}"),
                    )
                })?;
            let properties = serde_json::to_value(&properties.value).unwrap_or_default();
            Ok(vec![(label(&properties), properties)])
        }
        Kind::UpdateRequest => Err((
            crate::UNUSABLE,
            "an update request cannot be planned: it lacks the connector type and the other create-only properties; pass a template, Properties or a create request".to_owned(),
        )),
        Kind::Terraform | Kind::TerraformApi | Kind::TerraformCfn | Kind::TerraformPlan => Err((
            crate::UNUSABLE,
            "Terraform is planned by `terraform plan`; `validate` checks its configuration".to_owned(),
        )),
    }
}

/// The label of a lone profile: its primary identifier when it is a string.
fn label(properties: &Json) -> String {
    Property::ALL
        .iter()
        .find(|p| p.is_primary_identifier())
        .and_then(|p| properties.get(p.name()))
        .and_then(Json::as_str)
        .map(str::to_owned)
        .unwrap_or_else(|| "-".to_owned())
}

/// Output formats of `plan`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum PlanFormat {
    /// One block per profile: action, reasons, warnings, the patch with secrets redacted.
    Text,
    /// `[{resource, action, replacement_reasons, warnings, patch}]`, secrets redacted.
    Json,
    /// `{logical id: patch document}` of every update, with the real values (secrets included).
    Cloudcontrol,
}

/// Exit status of `plan --detailed-exitcode`: changes.
pub const CHANGES: i32 = 3;
/// Exit status of `plan --detailed-exitcode`: at least one replacement.
pub const REPLACEMENT: i32 = 4;

/// Reads, checks and plans one input; errors go to `stderr` in the report's style.
fn load(
    file: &str,
    stdin: &mut dyn std::io::Read,
    stderr: &mut dyn Write,
) -> Result<(Kind, Profiles, Vec<crate::Located>), i32> {
    let shown = escape(file);
    let text = match crate::read(file, stdin) {
        Ok(text) => text,
        Err((at, message)) => {
            let _ = match at {
                Some(at) => writeln!(
                    stderr,
                    "{shown}:{}:{}: error parse: {message}",
                    at.line, at.column
                ),
                None => writeln!(stderr, "{shown}: {message}"),
            };
            return Err(crate::UNUSABLE);
        }
    };
    let text = crate::source::without_bom(&text);
    let root = crate::source::parse(text, crate::is_json(file, text)).map_err(|e| {
        let _ = writeln!(
            stderr,
            "{shown}:{}:{}: error parse: {}",
            e.at.line, e.at.column, e.message
        );
        crate::UNUSABLE
    })?;
    let (kind, count, findings) = check::check_document(&root, None).map_err(|message| {
        let _ = writeln!(stderr, "{shown}: {message}");
        crate::UNUSABLE
    })?;
    let (errors, warnings): (Vec<_>, Vec<_>) = findings
        .into_iter()
        .partition(|f| f.finding.severity == Severity::Error);
    if !errors.is_empty() {
        let mut report = crate::report::Report::default();
        report.add(file, kind, count, errors);
        let _ = report.write_text(stderr);
        return Err(crate::FINDINGS);
    }
    profiles(&root, kind)
        .map(|profiles| (kind, profiles, warnings))
        .map_err(|(status, message)| {
            let _ = writeln!(stderr, "{shown}: {}", escape(&message));
            status
        })
}

/// One profile's plan, with the documents it compares (JSON expressions; `None`: absent): `apply`
/// (feature `aws`) sends the documents.
#[cfg_attr(not(feature = "aws"), allow(dead_code))]
pub(crate) struct Planned {
    /// The logical id, or the profile's name for a lone profile.
    pub id: String,
    /// The current properties.
    pub current: Option<Json>,
    /// The desired properties.
    pub desired: Option<Json>,
    /// The plan from `current` to `desired`.
    pub plan: Plan,
    /// `validate`'s findings (warnings: an error refuses the input) of the desired document that
    /// bear on the plan: in a property that changes, a per-connector rule's in a profile that
    /// changes, or anywhere in a profile created.
    pub findings: Vec<crate::Located>,
    /// The desired document's file, as shown.
    pub file: String,
}

/// The property of a profile a finding of a document of `kind` is in: its pointer's first token
/// below the profile's properties, a CloudFormation name or (in a request) the API member of one.
fn finding_property(finding: &crate::Located, kind: Kind, id: &str) -> Option<Property> {
    let relative = match kind {
        Kind::CfnTemplate => {
            let prefix = format!(
                "/{}/{}/{}/",
                grammar::RESOURCES,
                pointer_token(id),
                grammar::PROPERTIES
            );
            finding.pointer.strip_prefix(&prefix)?
        }
        _ => finding.pointer.strip_prefix('/')?,
    };
    let token = relative.split('/').next()?;
    Property::ALL.iter().copied().find(|p| {
        p.name() == token || (kind == Kind::CreateRequest && p.info().api_member == Some(token))
    })
}

/// Whether a finding of the desired document bears on a profile's plan.
fn bears_on(finding: &crate::Located, kind: Kind, id: &str, plan: &Plan) -> bool {
    let in_profile = kind != Kind::CfnTemplate || finding.resource.as_deref() == Some(id);
    if !in_profile {
        return false;
    }
    match plan.action {
        Action::Create => true,
        // A per-connector rule relates members (a label and the connector type): any change may
        // be what it is about.
        Action::Update | Action::Replace
            if matches!(
                finding.finding.code,
                crate::codes::AnyCode::Crate(Code::Rule(_))
            ) =>
        {
            true
        }
        Action::Update | Action::Replace => finding_property(finding, kind, id).is_some_and(|p| {
            plan.changes
                .iter()
                .any(|c| c.pointer.split('/').nth(1) == Some(p.name()))
        }),
        _ => false,
    }
}

/// Reads both documents and plans each profile: templates' profiles matched by logical id, two
/// lone profiles (Properties or create requests) as the same resource whatever their names.
pub(crate) fn plan_files(
    old: &str,
    new: &str,
    stdin: &mut dyn std::io::Read,
    stderr: &mut dyn Write,
) -> Result<Vec<Planned>, i32> {
    let (old_kind, old_profiles, _) = load(old, stdin, stderr)?;
    let (new_kind, new_profiles, findings) = load(new, stdin, stderr)?;
    if old_kind != new_kind {
        let _ = writeln!(
            stderr,
            "appflow-profile: {} is a {} and {} a {}: plan compares two documents of one kind (two templates, two Properties documents or two create requests)",
            escape(old),
            old_kind.name(),
            escape(new),
            new_kind.name()
        );
        return Err(crate::UNUSABLE);
    }
    let mut pairs: Vec<(String, Option<Json>, Option<Json>)> = Vec::new();
    if old_kind != Kind::CfnTemplate && new_kind != Kind::CfnTemplate {
        // Two lone profiles are the same resource, whatever their names (a new name is a change).
        for ((_, old), (id, new)) in old_profiles.iter().zip(&new_profiles) {
            pairs.push((id.clone(), Some(old.clone()), Some(new.clone())));
        }
    } else {
        let mut ids: Vec<&String> = old_profiles.iter().map(|(id, _)| id).collect();
        for (id, _) in &new_profiles {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        let find = |profiles: &'_ Profiles, id: &str| {
            profiles
                .iter()
                .find(|(i, _)| i == id)
                .map(|(_, p)| p.clone())
        };
        for id in ids {
            pairs.push((id.clone(), find(&old_profiles, id), find(&new_profiles, id)));
        }
    }
    Ok(pairs
        .into_iter()
        .map(|(id, current, desired)| {
            let plan = plan_documents(current.as_ref(), desired.as_ref());
            let mut findings: Vec<crate::Located> = findings
                .iter()
                .filter(|f| bears_on(f, new_kind, &id, &plan))
                .cloned()
                .collect();
            findings.sort_by_key(|f| (f.at.line, f.at.column));
            Planned {
                plan,
                id,
                current,
                desired,
                findings,
                file: escape(new).into_owned(),
            }
        })
        .collect())
}

/// `appflow-profile plan OLD NEW`.
pub fn plan(
    old: &str,
    new: &str,
    format: PlanFormat,
    detailed: bool,
    stdin: &mut dyn std::io::Read,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> i32 {
    let planned = match plan_files(old, new, stdin, stderr) {
        Ok(planned) => planned,
        Err(status) => return status,
    };
    let written = match format {
        PlanFormat::Text => write_text(&planned, stdout),
        PlanFormat::Json => {
            let array: Vec<Json> = planned.iter().map(plan_json).collect();
            writeln!(
                stdout,
                "{}",
                serde_json::to_string_pretty(&array).unwrap_or_default()
            )
        }
        PlanFormat::Cloudcontrol => {
            let mut object = Map::new();
            for Planned { id, plan, .. } in &planned {
                if plan.action == Action::Update {
                    let patch = plan.patch_document();
                    // Cloud Control does not evaluate intrinsic functions: say so rather than hand
                    // over a patch that sets a property to `{"Ref": …}`.
                    if let Some((pointer, function)) = first_intrinsic(&patch) {
                        let _ = writeln!(
                            stderr,
                            "warning: {}: the patch holds `{function}` at {pointer}; resolve it before sending the patch to Cloud Control",
                            crate::text::escape(id)
                        );
                    }
                    object.insert(id.clone(), patch);
                }
            }
            writeln!(
                stdout,
                "{}",
                serde_json::to_string_pretty(&Json::Object(object)).unwrap_or_default()
            )
        }
    };
    if let Err(e) = written.and_then(|()| stdout.flush()) {
        let _ = writeln!(stderr, "appflow-profile: cannot write the plan: {e}");
        return crate::UNUSABLE;
    }
    if !detailed {
        return crate::OK;
    }
    if planned.iter().any(|p| p.plan.action == Action::Replace) {
        REPLACEMENT
    } else if planned.iter().any(|p| p.plan.has_changes()) {
        CHANGES
    } else {
        crate::OK
    }
}

fn plan_json(planned: &Planned) -> Json {
    let (id, plan) = (&planned.id, &planned.plan);
    json!({
        "resource": id,
        "action": plan.action.as_str(),
        "replacement_reasons": plan.replacement_reasons.iter().map(|p| p.name()).collect::<Vec<_>>(),
        "warnings": plan.warnings.iter().map(|w| json!({
            "code": w.code,
            "path": w.property.as_patch_path(),
            "message": w.message,
        })).collect::<Vec<_>>(),
        "changes": plan.changes.iter().map(|c| c.to_redacted_json()).collect::<Vec<_>>(),
        "patch": plan.redacted_patch_document(),
        "findings": planned.findings.iter().map(|l| json!({
            "file": planned.file,
            "path": l.pointer,
            "line": l.at.line,
            "column": l.at.column,
            "severity": l.finding.severity.to_string(),
            "code": l.finding.code.to_string(),
            "message": l.finding.message,
        })).collect::<Vec<_>>(),
    })
}

pub(crate) fn write_text(plans: &[Planned], out: &mut dyn Write) -> std::io::Result<()> {
    let (mut changes, mut replacements) = (0, 0);
    for Planned {
        id,
        plan,
        findings,
        file,
        ..
    } in plans
    {
        writeln!(out, "{}: {plan}", escape(id))?;
        if plan.action == Action::Replace {
            writeln!(
                out,
                "  (a replacement creates the profile anew: no patch applies)"
            )?;
            replacements += 1;
        }
        if !findings.is_empty() {
            writeln!(out, "  `validate` of {file} says, where the plan changes:")?;
        }
        for l in findings {
            writeln!(
                out,
                "    {file}:{}:{}: {} {} {}: {}",
                l.at.line,
                l.at.column,
                l.finding.severity,
                l.finding.code,
                escape(&l.pointer),
                escape(&l.finding.message)
            )?;
        }
        if plan.has_changes() {
            changes += 1;
        }
    }
    writeln!(
        out,
        "{} profile(s): {changes} to change, {replacements} to replace",
        plans.len()
    )
}

/// Output formats of `import`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportFormat {
    /// A YAML template.
    Yaml,
    /// A JSON template.
    Json,
    /// Terraform configuration: `import` blocks and `aws_appflow_connector_profile` resources.
    Terraform,
}

/// A logical id from a profile name: its letters and digits in UpperCamelCase, unique.
fn logical_id(name: &str, taken: &[String]) -> String {
    let mut id = String::new();
    let mut upper = true;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if upper {
                id.extend(c.to_uppercase());
            } else {
                id.push(c);
            }
            upper = false;
        } else {
            upper = true;
        }
    }
    if !id.starts_with(|c: char| c.is_ascii_alphabetic()) {
        id.insert_str(0, "ConnectorProfile");
    }
    let mut candidate = id.clone();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{id}{n}");
        n += 1;
    }
    candidate
}

fn set_pointer(target: &mut Json, pointer: &str, value: Json) {
    let mut at = target;
    let tokens: Vec<&str> = pointer.split('/').skip(1).collect();
    for (i, token) in tokens.iter().enumerate() {
        let Json::Object(map) = at else { return };
        if i + 1 == tokens.len() {
            map.insert((*token).to_owned(), value);
            return;
        }
        at = map.entry((*token).to_owned()).or_insert_with(|| json!({}));
    }
}

/// `appflow-profile import DESCRIBE.json`.
pub fn import(
    file: &str,
    format: ImportFormat,
    resources_to_import: bool,
    stdin: &mut dyn std::io::Read,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> i32 {
    let shown = escape(file);
    if resources_to_import && format == ImportFormat::Terraform {
        let _ = writeln!(
            stderr,
            "appflow-profile: --resources-to-import is CloudFormation's; --format terraform writes Terraform's `import` blocks"
        );
        return crate::UNUSABLE;
    }
    let text = match crate::read(file, stdin) {
        Ok(text) => text,
        Err((_, message)) => {
            let _ = writeln!(stderr, "{shown}: {message}");
            return crate::UNUSABLE;
        }
    };
    let text = crate::source::without_bom(&text);
    // `--output yaml` of the AWS CLI: read as the JSON it renders.
    let json_text = if crate::is_json(file, text) {
        std::borrow::Cow::Borrowed(text)
    } else {
        match crate::source::parse(text, false) {
            Ok(root) => std::borrow::Cow::Owned(expression(&root, false).to_string()),
            Err(e) => {
                let _ = writeln!(
                    stderr,
                    "{shown}:{}:{}: error parse: {}",
                    e.at.line, e.at.column, e.message
                );
                return crate::UNUSABLE;
            }
        }
    };
    let (response, warnings) =
        match api::DescribeConnectorProfilesResponse::from_json_str(&json_text) {
            Ok(validated) => (validated.value, validated.warnings),
            Err(errors) => {
                for finding in errors.findings() {
                    let _ = writeln!(stderr, "{shown}: {finding}");
                }
                // Text that is not JSON could not be read; anything else is a finding.
                return if errors.findings().iter().any(|f| f.code == Code::Json) {
                    crate::UNUSABLE
                } else {
                    crate::FINDINGS
                };
            }
        };
    // What the service sent that this version of the API model does not know (a connector type
    // added since) is kept as it came; `write_import` says what that means for the template.
    for finding in &warnings {
        let _ = writeln!(stderr, "{shown}: {finding}");
    }
    write_import(
        response,
        &shown,
        format,
        resources_to_import,
        stdout,
        stderr,
    )
}

/// `nextToken` as the AWS CLI spells its option: `--next-token`.
fn cli_option(wire_name: &str) -> String {
    let mut option = "--".to_owned();
    for c in wire_name.chars() {
        if c.is_ascii_uppercase() {
            option.push('-');
        }
        option.push(c.to_ascii_lowercase());
    }
    option
}

/// The template (or `--resources-to-import` JSON) of the profiles of a Describe response.
pub(crate) fn write_import(
    response: api::DescribeConnectorProfilesResponse,
    shown: &str,
    format: ImportFormat,
    resources_to_import: bool,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> i32 {
    let identifier = Property::ALL
        .iter()
        .copied()
        .find(|p| p.is_primary_identifier())
        .map(Property::name)
        .unwrap_or_default();
    let mut parameters = Map::new();
    let mut resources = Map::new();
    let mut to_import = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    let mut unknown_values = false;
    if response.next_token.is_some() {
        let _ = writeln!(
            stderr,
            "{shown}: warning: the response has a {next}: it is one page of the listing, and only its {count} profile(s) are imported. Fetch the rest with `aws appflow describe-connector-profiles {option} TOKEN` (TOKEN: the response's {next}), again while a page has one, and import each page, or list the profiles by name with {names}",
            next = api::keys::describe_connector_profiles_response::NEXT_TOKEN,
            count = response.connector_profile_details.as_ref().map_or(0, Vec::len),
            option = cli_option(api::keys::describe_connector_profiles_request::NEXT_TOKEN),
            names = cli_option(api::keys::describe_connector_profiles_request::CONNECTOR_PROFILE_NAMES),
        );
    }
    if format == ImportFormat::Terraform {
        let profiles = response.connector_profile_details.unwrap_or_default();
        let written = crate::terraform::import::write(&profiles);
        for warning in &written.warnings {
            let _ = writeln!(stderr, "{shown}: warning: {warning}");
        }
        if let Err(e) = write!(stdout, "{}", written.hcl).and_then(|()| stdout.flush()) {
            let _ = writeln!(
                stderr,
                "appflow-profile: cannot write the configuration: {e}"
            );
            return crate::UNUSABLE;
        }
        return if written.warnings.is_empty() {
            crate::OK
        } else {
            crate::FINDINGS
        };
    }
    for described in response.connector_profile_details.unwrap_or_default() {
        let imported = match resource::import(&described) {
            Ok(imported) => imported,
            Err(e) => {
                let _ = writeln!(stderr, "{shown}: {e}");
                return crate::FINDINGS;
            }
        };
        let mut properties = serde_json::to_value(&imported.resource).unwrap_or_default();
        // A value the CloudFormation schema does not list (a connector type the service has and
        // the resource schema lacks, or one neither lists yet) is written as it came, but the
        // template will not validate: say which and why. Other findings are what a read cannot
        // return (credentials), listed in the metadata below.
        if let Err(errors) =
            appflow_connector_profile::cfn::ConnectorProfile::from_value(properties.clone())
        {
            for finding in errors.findings().iter().filter(|f| f.code == Code::Enum) {
                let _ = writeln!(
                    stderr,
                    "{shown}: {}: {finding}: written as the response has it, but the {TYPE_NAME} schema this appflow-profile {} knows does not list it, so `appflow-profile validate` and CloudFormation refuse the template until it does (check for a newer appflow-profile, or edit the template)",
                    escape(properties.get(identifier).and_then(Json::as_str).unwrap_or_default()),
                    env!("CARGO_PKG_VERSION"),
                );
                unknown_values = true;
            }
        }
        let name = properties
            .get(identifier)
            .and_then(Json::as_str)
            .unwrap_or_default()
            .to_owned();
        let id = logical_id(&name, &ids);
        ids.push(id.clone());
        let mut metadata = Map::new();
        if let Json::Object(map) = &mut properties {
            for property in Property::ALL.iter().copied().filter(|p| p.is_read_only()) {
                if let Some(value) = map.remove(property.name()) {
                    metadata.insert(property.name().to_owned(), value);
                }
            }
        }
        let mut not_returned = Vec::new();
        for missing in NOT_RETURNED {
            if !missing.secret {
                not_returned.push(json!(format!(
                    "{}: DescribeConnectorProfiles does not return it; add it if the profile has one",
                    missing.pointer
                )));
                continue;
            }
            // The connectors named by the read's configuration (credentials and properties are
            // keyed by the same connector names).
            let connectors: Vec<String> = properties
                .pointer(&missing.pointer.replace(
                    config::CONNECTOR_PROFILE_CREDENTIALS,
                    config::CONNECTOR_PROFILE_PROPERTIES,
                ))
                .and_then(Json::as_object)
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default();
            for connector in connectors {
                let base = format!("{}/{}", missing.pointer, pointer_token(&connector));
                let required = required_members(&base).unwrap_or_default();
                for member in &required {
                    let member_name = member.pointer.rsplit('/').next().unwrap_or_default();
                    let parameter = logical_id(&format!("{id} {member_name}"), &ids);
                    ids.push(parameter.clone());
                    let mut declaration = Map::new();
                    declaration.insert(grammar::TYPE.to_owned(), json!("String"));
                    if member.secret {
                        declaration.insert(grammar::NO_ECHO.to_owned(), json!(true));
                    }
                    declaration.insert(
                        grammar::DESCRIPTION.to_owned(),
                        json!(format!(
                            "{} of connector profile {name}: DescribeConnectorProfiles returns no credentials",
                            member.pointer
                        )),
                    );
                    parameters.insert(parameter.clone(), Json::Object(declaration));
                    set_pointer(&mut properties, &member.pointer, ref_expression(&parameter));
                }
                let message = if required.is_empty() {
                    format!("{base}: DescribeConnectorProfiles returns no credentials; add them (as NoEcho parameters or {{{{resolve:secretsmanager:...}}}} references) before the first update, which must carry the whole {CONNECTOR_PROFILE_CONFIG}")
                } else {
                    format!("{base}: DescribeConnectorProfiles returns no credentials; the required ones are parameters, add any others the connector uses")
                };
                not_returned.push(json!(message));
            }
        }
        metadata.insert("NotReturned".to_owned(), Json::Array(not_returned));
        resources.insert(
            id.clone(),
            json!({
                (grammar::TYPE): TYPE_NAME,
                "DeletionPolicy": "Retain",
                "UpdateReplacePolicy": "Retain",
                (grammar::METADATA): {"AppFlowProfileImport": Json::Object(metadata)},
                (grammar::PROPERTIES): properties,
            }),
        );
        to_import.push(json!({
            "ResourceType": TYPE_NAME,
            "LogicalResourceId": id,
            "ResourceIdentifier": { identifier: name },
        }));
    }
    let written = if resources_to_import {
        writeln!(
            stdout,
            "{}",
            serde_json::to_string_pretty(&to_import).unwrap_or_default()
        )
    } else {
        let mut template = Map::new();
        template.insert(
            grammar::AWS_TEMPLATE_FORMAT_VERSION.to_owned(),
            json!("2010-09-09"),
        );
        template.insert(
            grammar::DESCRIPTION.to_owned(),
            json!("Connector profiles imported by appflow-profile import from a DescribeConnectorProfiles response"),
        );
        if !parameters.is_empty() {
            template.insert(grammar::PARAMETERS.to_owned(), Json::Object(parameters));
        }
        template.insert(grammar::RESOURCES.to_owned(), Json::Object(resources));
        let template = Json::Object(template);
        match format {
            ImportFormat::Json => writeln!(
                stdout,
                "{}",
                serde_json::to_string_pretty(&template).unwrap_or_default()
            ),
            ImportFormat::Yaml | ImportFormat::Terraform => {
                write!(stdout, "{}", to_yaml(&template))
            }
        }
    };
    if let Err(e) = written.and_then(|()| stdout.flush()) {
        let _ = writeln!(stderr, "appflow-profile: cannot write the template: {e}");
        return crate::UNUSABLE;
    }
    if unknown_values {
        crate::FINDINGS
    } else {
        crate::OK
    }
}

/// JSON as YAML (block style, strings quoted where YAML would read them otherwise).
fn to_yaml(value: &Json) -> String {
    fn convert(value: &Json) -> yaml_rust2::Yaml {
        use yaml_rust2::Yaml;
        match value {
            Json::Null => Yaml::Null,
            Json::Bool(b) => Yaml::Boolean(*b),
            Json::Number(n) => match n.as_i64() {
                Some(i) => Yaml::Integer(i),
                None => Yaml::Real(n.to_string()),
            },
            Json::String(s) => Yaml::String(s.clone()),
            Json::Array(items) => Yaml::Array(items.iter().map(convert).collect()),
            Json::Object(map) => Yaml::Hash(
                map.iter()
                    .map(|(k, v)| (Yaml::String(k.clone()), convert(v)))
                    .collect(),
            ),
        }
    }
    let mut out = String::new();
    let mut emitter = yaml_rust2::YamlEmitter::new(&mut out);
    let _ = emitter.dump(&convert(value));
    let out = out.strip_prefix("---\n").unwrap_or(&out).to_owned();
    format!("{out}\n")
}

/// `appflow-profile iam-policy`.
pub fn policy(
    operations: &[String],
    scope: PolicyScope,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> i32 {
    let operations: Vec<&str> = operations.iter().map(String::as_str).collect();
    // The name is the primary identifier: a name the resource schema refuses (its pattern, whole)
    // names no profile.
    if let Some(name) = &scope.name {
        if let Some(problem) = identifier_problem(name) {
            let _ = writeln!(stderr, "appflow-profile: --name: {}", escape(&problem));
            return crate::UNUSABLE;
        }
    }
    match iam_policy(&operations, &scope) {
        Ok(policy) => {
            if writeln!(
                stdout,
                "{}",
                serde_json::to_string_pretty(&policy).unwrap_or_default()
            )
            .and_then(|()| stdout.flush())
            .is_err()
            {
                return crate::UNUSABLE;
            }
            crate::OK
        }
        Err(message) => {
            let _ = writeln!(stderr, "appflow-profile: {}", escape(&message));
            crate::UNUSABLE
        }
    }
}

/// Why `name` cannot be the primary identifier of a resource, from the resource schema's checks
/// of that property (a partial pattern match included: the service matches whole values).
fn identifier_problem(name: &str) -> Option<String> {
    let identifier = Property::ALL.iter().find(|p| p.is_primary_identifier())?;
    let mut properties = Map::new();
    properties.insert(identifier.name().to_owned(), Json::from(name));
    let findings = match appflow_connector_profile::cfn::ConnectorProfile::from_value(Json::Object(
        properties,
    )) {
        Ok(validated) => validated.warnings,
        Err(errors) => errors.into_findings(),
    };
    let at = format!("/{}", pointer_token(identifier.name()));
    findings
        .into_iter()
        .find(|f| f.pointer == at)
        .map(|f| f.message)
}
