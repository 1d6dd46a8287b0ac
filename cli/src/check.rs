//! Deciding what a document is, validating each connector profile in it, and keeping only the
//! findings that literal values deserve (an intrinsic's value is unknown until deployment).
//! Whatever cannot be judged is an error, never skipped: duplicate keys, malformed intrinsics,
//! unknown tags, a template whose `Resources` or resources have the wrong shape.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use appflow_connector_profile::api::keys::{
    create_connector_profile_request as create, update_connector_profile_request as update,
};
use appflow_connector_profile::cfn::keys::connector_profile as properties;
use appflow_connector_profile::cfn::resource::TYPE_NAME;
use appflow_connector_profile::validation::{self, Code as CrateCode, Mention};
use appflow_connector_profile::{api, cfn, FromJson, Severity, Validated, ValidationErrors};
use rayon::prelude::*;
use serde_json::Value as Json;

use crate::cloudformation;
use crate::cloudformation::functions::{self, Args};
use crate::codes::AnyCode;
use crate::conditions;
use crate::dynref;
use crate::grammar;
use crate::identifiers;
use crate::lower::{self, Choice, Lowered, Placeholder, ShadowKind, Tree};
use crate::source::{Node, Position, Value};
use crate::template::{Candidate, Source, Template};
use crate::template_codes::Code;
use crate::text::pointer_token;
use appflow_connector_profile::validation::{echo, echo_into};

/// What a document holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A CloudFormation template.
    CfnTemplate,
    /// The Properties of one `AWS::AppFlow::ConnectorProfile`.
    CfnProperties,
    /// A CreateConnectorProfile request body.
    CreateRequest,
    /// An UpdateConnectorProfile request body.
    UpdateRequest,
    /// A Terraform configuration: `.tf` and `.tf.json` files, a module's directory
    /// ([`crate::terraform`]).
    Terraform,
    /// A Terraform plan as JSON (`terraform show -json`).
    TerraformPlan,
    /// A hashicorp/aws resource's body in the API's member shape (checked as a create request,
    /// with Terraform's unknown values).
    TerraformApi,
    /// A hashicorp/awscc resource's body in CloudFormation's member shape (checked as
    /// Properties, without intrinsic functions: Terraform has none).
    TerraformCfn,
}

impl Kind {
    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Kind::CfnTemplate => "cfn-template",
            Kind::CfnProperties => "cfn-properties",
            Kind::CreateRequest => "create-request",
            Kind::UpdateRequest => "update-request",
            Kind::Terraform | Kind::TerraformApi | Kind::TerraformCfn => "terraform",
            Kind::TerraformPlan => "terraform-plan",
        }
    }

    /// Whether the document is CloudFormation, where intrinsic functions mean something.
    fn has_intrinsics(self) -> bool {
        matches!(self, Kind::CfnTemplate | Kind::CfnProperties)
    }
}

/// One thing wrong with a document: the generated crate's [`validation::Finding`], or one of the
/// command's own codes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// JSON Pointer into the document (as [`validation::Finding::pointer`]).
    pub pointer: String,
    /// What kind of problem it is.
    pub code: AnyCode,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, for a person.
    pub message: String,
    /// The known name the finding suggests instead of what was written
    /// ([`validation::Finding::suggestion`]): misspelled keys are read through it.
    pub suggestion: Option<String>,
    /// The members the message names, where it names them
    /// ([`validation::Finding::mentions`]): a dialect respells them, never searching the message.
    pub mentions: Vec<Mention>,
}

impl Finding {
    /// Puts `text` before the message, keeping the mentions on the names they mention.
    fn prepend(&mut self, text: &str) {
        self.message.insert_str(0, text);
        for mention in &mut self.mentions {
            mention.range = mention.range.start + text.len()..mention.range.end + text.len();
        }
    }
}

impl From<validation::Finding> for Finding {
    fn from(finding: validation::Finding) -> Self {
        Finding {
            pointer: finding.pointer,
            code: AnyCode::Crate(finding.code),
            severity: finding.severity,
            message: finding.message,
            suggestion: finding.suggestion,
            mentions: finding.mentions,
        }
    }
}

/// A finding placed in its file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    /// The logical id of the template resource, if any.
    pub resource: Option<String>,
    /// JSON Pointer into the file.
    pub pointer: String,
    /// Where in the file.
    pub at: Position,
    /// The finding.
    pub finding: Finding,
}

impl Located {
    /// A finding of one of the command's own codes.
    pub(crate) fn new(
        resource: Option<&str>,
        pointer: String,
        at: Position,
        code: Code,
        message: String,
    ) -> Self {
        Located {
            resource: resource.map(str::to_owned),
            pointer: pointer.clone(),
            at,
            finding: Finding {
                pointer,
                code: AnyCode::Command(code),
                severity: code.severity(),
                message,
                suggestion: None,
                mentions: Vec::new(),
            },
        }
    }

    fn error(
        resource: Option<&str>,
        pointer: String,
        at: Position,
        code: impl Into<AnyCode>,
        message: String,
    ) -> Self {
        Located {
            resource: resource.map(str::to_owned),
            pointer: pointer.clone(),
            at,
            finding: Finding {
                pointer,
                code: code.into(),
                severity: Severity::Error,
                message,
                suggestion: None,
                mentions: Vec::new(),
            },
        }
    }
}

fn keys(node: &Node) -> BTreeSet<&str> {
    match &node.value {
        Value::Map(entries) => entries.iter().map(|(k, _, _)| k.as_str()).collect(),
        _ => BTreeSet::new(),
    }
}

/// What a document looks like it is.
pub fn detect(root: &Node) -> Option<Kind> {
    let keys = keys(root);
    if keys.contains(grammar::RESOURCES) || keys.contains(grammar::AWS_TEMPLATE_FORMAT_VERSION) {
        Some(Kind::CfnTemplate)
    } else if keys.contains(properties::CONNECTOR_PROFILE_NAME)
        || keys.contains(properties::CONNECTOR_TYPE)
    {
        Some(Kind::CfnProperties)
    } else if keys.contains(create::CONNECTOR_TYPE) {
        Some(Kind::CreateRequest)
    } else if keys.contains(update::CONNECTOR_PROFILE_NAME) {
        Some(Kind::UpdateRequest)
    } else {
        None
    }
}

/// Validates a document; returns its kind, how many connector profiles it held, and the findings.
pub fn check_document(
    root: &Node,
    forced: Option<Kind>,
) -> Result<(Kind, usize, Vec<Located>), String> {
    let kind = forced.or_else(|| detect(root)).ok_or_else(|| {
        "cannot tell what this document is; pass --kind cfn-template|cfn-properties|create-request|update-request".to_owned()
    })?;
    // The whole document's walks, beside the profiles' checks (a template's, on other threads).
    let whole = || {
        let mut out = Vec::new();
        duplicate_keys(root, &mut Trail::new(""), &mut out);
        if kind.has_intrinsics() {
            for null in cloudformation::nulls(root, kind == Kind::CfnTemplate) {
                out.push(Located::new(
                    null.resource,
                    null.pointer,
                    null.at,
                    Code::NullValue,
                    null.message.to_owned(),
                ));
            }
        }
        out
    };
    let (mut out, count) = match kind {
        Kind::CfnTemplate => {
            let (mut out, (count, found)) = join(many_resources(root), whole, || {
                let mut found = Vec::new();
                (check_template(root, &mut found), found)
            });
            out.extend(found);
            (out, count)
        }
        _ => (whole(), 0),
    };
    let count = match kind {
        Kind::CfnTemplate => count,
        _ => {
            // A lone Properties document: intrinsics, but no template to resolve them in.
            let empty = Template::default();
            let around = Around {
                template: kind.has_intrinsics().then_some(&empty),
                condition: None,
            };
            check_profile(root, "", None, kind, around, &mut out);
            1
        }
    };
    Ok((kind, count, out))
}

/// Every key given twice in one mapping, reported at both places (CloudFormation rejects such a
/// template; a reader keeping only one of them would leave the other unchecked). The key itself is
/// not repeated: the positions say which it is.
fn duplicate_keys<'a>(node: &'a Node, trail: &mut Trail<'a>, out: &mut Vec<Located>) {
    match &node.value {
        Value::Map(entries) => {
            for (earlier, at) in repeated_keys(entries) {
                let pointer = trail.pointer();
                let shown = if pointer.is_empty() { "/" } else { &pointer };
                for (here, there) in [(earlier, at), (at, earlier)] {
                    out.push(Located::error(
                        None,
                        shown.to_owned(),
                        here,
                        Code::DuplicateKey,
                        format!(
                            "this key is given again at {}:{}; CloudFormation and AppFlow reject duplicate keys",
                            there.line, there.column
                        ),
                    ));
                }
            }
            // Only mappings and lists have keys below them: scalars are passed over without a
            // step on the trail (most of a document's values are scalars).
            for (key, _, value) in entries.iter().filter(|(_, _, value)| has_members(value)) {
                trail.steps.push(Step::Key(key));
                duplicate_keys(value, trail, out);
                trail.steps.pop();
            }
        }
        Value::Seq(items) => {
            for (index, item) in items
                .iter()
                .enumerate()
                .filter(|(_, item)| has_members(item))
            {
                trail.steps.push(Step::Index(index));
                duplicate_keys(item, trail, out);
                trail.steps.pop();
            }
        }
        _ => {}
    }
}

/// Whether `node` is a mapping or a list: a value with values below it.
fn has_members(node: &Node) -> bool {
    matches!(node.value, Value::Map(_) | Value::Seq(_))
}

/// Each key of `entries` given again: (its first place, the place of the repetition), in the
/// order of the repetitions.
fn repeated_keys(entries: &[(String, Position, Node)]) -> Vec<(Position, Position)> {
    const FEW: usize = 8;
    let mut repeated = Vec::new();
    if entries.len() <= FEW {
        for (index, (key, at, _)) in entries.iter().enumerate() {
            if let Some((_, first, _)) = entries[..index].iter().find(|(k, _, _)| k == key) {
                repeated.push((*first, *at));
            }
        }
        return repeated;
    }
    // Sorted by key, then by place in the mapping: each key's first place leads its run. No
    // allocation per key, and n log n however many keys repeat.
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by(|&a, &b| entries[a].0.cmp(&entries[b].0).then(a.cmp(&b)));
    let mut found: Vec<(usize, Position, Position)> = Vec::new();
    let mut first = order[0];
    for &index in &order[1..] {
        if entries[index].0 == entries[first].0 {
            found.push((index, entries[first].1, entries[index].1));
        } else {
            first = index;
        }
    }
    found.sort_by_key(|(index, _, _)| *index);
    repeated.extend(found.into_iter().map(|(_, first, at)| (first, at)));
    repeated
}

/// The way down to a node, as borrowed steps; written out as a JSON Pointer only for a finding.
/// Writing the pointer of every node visited (keys escaped and bounded) was a tenth of checking a
/// template of many profiles.
struct Trail<'a> {
    /// The pointer of where the walk started.
    base: &'a str,
    steps: Vec<Step<'a>>,
}

enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

impl<'a> Trail<'a> {
    fn new(base: &'a str) -> Self {
        Trail {
            base,
            steps: Vec::new(),
        }
    }

    /// The JSON Pointer (keys escaped and shown through [`echo`]).
    fn pointer(&self) -> String {
        let mut pointer = self.base.to_owned();
        for step in &self.steps {
            pointer.push('/');
            match step {
                Step::Key(key) => pointer.push_str(&echo(&pointer_token(key))),
                Step::Index(index) => pointer.push_str(&index.to_string()),
            }
        }
        pointer
    }
}

fn describe(value: &Value) -> &'static str {
    match value {
        Value::Map(_) => "a mapping",
        Value::Seq(_) => "a list",
        Value::Str(_) => "a string",
        Value::Number(_) => "a number",
        Value::Bool(_) => "a boolean",
        Value::Null => "null",
        Value::Unknown(_) => "a value known only later",
    }
}

fn member<'a>(
    entries: &'a [(String, Position, Node)],
    name: &str,
) -> Option<(&'a Position, &'a Node)> {
    // The last of duplicate keys, as JSON and YAML readers take it; the duplicate is reported.
    entries
        .iter()
        .rev()
        .find(|(k, _, _)| k == name)
        .map(|(_, at, node)| (at, node))
}

fn check_template(root: &Node, out: &mut Vec<Located>) -> usize {
    let Value::Map(entries) = &root.value else {
        out.push(Located::error(
            None,
            String::new(),
            root.at,
            Code::Template,
            format!(
                "a template must be a mapping, found {}",
                describe(&root.value)
            ),
        ));
        return 0;
    };
    let Some((resources_at, resources)) = member(entries, grammar::RESOURCES) else {
        out.push(Located::error(
            None,
            String::new(),
            root.at,
            CrateCode::Required,
            format!("a template must have a `{}` section", grammar::RESOURCES),
        ));
        return 0;
    };
    let Value::Map(resources) = &resources.value else {
        out.push(Located::error(
            None,
            format!("/{}", grammar::RESOURCES),
            *resources_at,
            Code::Template,
            format!(
                "`{}` must be a mapping of logical ids to resources, found {}",
                grammar::RESOURCES,
                describe(&resources.value)
            ),
        ));
        return 0;
    };
    let template = Template::read(root);
    let mut count = 0;
    // The profiles are checked after this loop, each on its own and several at once
    // ([`check_profiles`]); their findings go where the loop would have put them.
    let mut profiles = Vec::new();
    for (id, at, resource) in resources {
        // Written piece by piece: this loop runs before the profiles are checked at once.
        let mut base = String::with_capacity(grammar::RESOURCES.len() + id.len() + 2);
        base.push('/');
        base.push_str(grammar::RESOURCES);
        base.push('/');
        echo_into(&mut base, &pointer_token(id));
        let Value::Map(fields) = &resource.value else {
            out.push(Located::error(
                Some(id),
                base,
                *at,
                Code::Template,
                format!(
                    "a resource must be a mapping, found {}",
                    describe(&resource.value)
                ),
            ));
            continue;
        };
        let resource_type = match member(fields, grammar::TYPE) {
            None => {
                out.push(Located::error(
                    Some(id),
                    base,
                    *at,
                    CrateCode::Required,
                    format!("missing required member `{}`", grammar::TYPE),
                ));
                continue;
            }
            Some((_, node)) => match &node.value {
                Value::Str(text) if node.tag.is_none() => text,
                other => {
                    out.push(Located::error(
                        Some(id),
                        format!("{base}/{}", grammar::TYPE),
                        node.at,
                        CrateCode::Type,
                        format!(
                            "`{}` must be a resource type name, found {}",
                            grammar::TYPE,
                            describe(other)
                        ),
                    ));
                    continue;
                }
            },
        };
        if resource_type != TYPE_NAME {
            continue;
        }
        count += 1;
        let condition = match member(fields, grammar::CONDITION) {
            Some((
                _,
                Node {
                    value: Value::Str(name),
                    at,
                    ..
                },
            )) => {
                if !template.conditions.contains_key(name.as_str()) {
                    out.push(Located::new(
                        Some(id),
                        format!("{base}/{}", grammar::CONDITION),
                        *at,
                        Code::Condition,
                        format!(
                            "the resource's condition `{}` is not defined in `Conditions`",
                            echo(name)
                        ),
                    ));
                }
                Some(name.as_str())
            }
            _ => None,
        };
        match member(fields, grammar::PROPERTIES) {
            Some((_, properties)) => profiles.push(Profile {
                properties,
                base: [base.as_str(), "/", grammar::PROPERTIES].concat(),
                id,
                condition,
                at: out.len(),
            }),
            None => out.push(Located::error(
                Some(id),
                base,
                *at,
                CrateCode::Required,
                format!("missing required member `{}`", grammar::PROPERTIES),
            )),
        }
    }
    let ((), duplicates) = join(
        profiles.len() >= PARALLEL_FROM,
        || check_profiles(&profiles, &template, out),
        || identifiers::duplicate_identifiers(root, &template),
    );
    for duplicate in duplicates {
        let mut located = Located::new(
            Some(duplicate.resource),
            duplicate.pointer,
            duplicate.at,
            Code::DuplicateIdentifier,
            duplicate.message,
        );
        if duplicate.depends_on_parameters {
            located.finding.severity = Severity::Warning;
        }
        out.push(located);
    }
    count
}

/// `a` and `b`, on two threads if `parallel` (else starting and waking threads would cost more
/// than it saves).
fn join<A: Send, B: Send>(
    parallel: bool,
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    if parallel {
        rayon::join(a, b)
    } else {
        (a(), b())
    }
}

/// `check` of each of `profiles`, in their order: on several threads (rayon's current pool,
/// `--jobs`) when there are [`PARALLEL_FROM`] or more.
pub(crate) fn each_profile<P: Send, R: Send>(
    profiles: Vec<P>,
    check: impl Fn(P) -> R + Send + Sync,
) -> Vec<R> {
    if profiles.len() < PARALLEL_FROM {
        profiles.into_iter().map(check).collect()
    } else {
        profiles.into_par_iter().map(check).collect()
    }
}

/// Whether a template has resources enough ([`PARALLEL_FROM`]) to be checked on several threads.
fn many_resources(root: &Node) -> bool {
    match &root.value {
        Value::Map(entries) => entries.iter().any(|(key, _, node)| {
            key == grammar::RESOURCES
                && matches!(&node.value, Value::Map(resources) if resources.len() >= PARALLEL_FROM)
        }),
        _ => false,
    }
}

/// A template's connector profile, to be checked ([`check_profiles`]).
struct Profile<'a> {
    /// Its `Properties`.
    properties: &'a Node,
    /// The JSON Pointer of its `Properties`.
    base: String,
    /// Its logical id.
    id: &'a String,
    /// Its `Condition`.
    condition: Option<&'a str>,
    /// Where its findings go among the template's.
    at: usize,
}

/// How many profiles a template needs before they are checked on several threads: below it,
/// starting the threads would cost more than they save.
const PARALLEL_FROM: usize = 16;

/// Checks each of `profiles` on its own (several at once: rayon's current pool, `--jobs`) and
/// puts its findings at its place among `out`'s, so the order is that of a check one by one.
fn check_profiles(profiles: &[Profile<'_>], template: &Template<'_>, out: &mut Vec<Located>) {
    let check = |profile: &Profile<'_>| {
        let mut found = Vec::new();
        check_profile(
            profile.properties,
            &profile.base,
            Some(profile.id),
            Kind::CfnProperties,
            Around {
                template: Some(template),
                condition: profile.condition,
            },
            &mut found,
        );
        // Put in the report's order here, on the profile's thread: the report then finds the
        // template's findings in order (a profile's come in the order of its checks) and sorts
        // nothing on its one thread. The same stable order, so the report is unchanged.
        in_position_order(found)
    };
    let found: Vec<Vec<Located>> = each_profile(profiles.iter().collect(), check);
    let mut template_findings = std::mem::take(out);
    out.reserve(template_findings.len() + found.iter().map(Vec::len).sum::<usize>());
    let mut earlier = template_findings.drain(..);
    let mut taken = 0;
    for (profile, found) in profiles.iter().zip(found) {
        out.extend(earlier.by_ref().take(profile.at - taken));
        taken = profile.at;
        out.extend(found);
    }
    out.extend(earlier);
}

/// `findings` by position, then pointer; findings at one place keep their order. Sorted by a
/// small key and moved once: `Located` is large, and sorting it in place moved each several
/// times (a tenth of the main thread's work on a template of many findings). Findings already in
/// that order are only looked at: a template's checks order each profile's findings on the
/// profile's thread ([`check_profiles`]), so the report ([`crate::report`]) seldom sorts on its
/// one thread.
pub(crate) fn in_position_order(findings: Vec<Located>) -> Vec<Located> {
    let before = |a: &Located, b: &Located| {
        (a.at.line, a.at.column, &a.pointer) <= (b.at.line, b.at.column, &b.pointer)
    };
    if findings.is_sorted_by(before) {
        return findings;
    }
    let mut order: Vec<(usize, usize, usize)> = findings
        .iter()
        .enumerate()
        .map(|(index, l)| (l.at.line, l.at.column, index))
        .collect();
    order.sort_unstable_by(|a, b| {
        (a.0, a.1)
            .cmp(&(b.0, b.1))
            .then_with(|| findings[a.2].pointer.cmp(&findings[b.2].pointer))
            .then(a.2.cmp(&b.2))
    });
    let mut slots: Vec<Option<Located>> = findings.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|(_, _, index)| slots[index].take())
        .collect()
}

/// The findings of the generated crate on `json`, read in place (`from_tree`): the command
/// keeps the tree for the secret checks.
fn validate(kind: Kind, json: &Tree<'_>) -> Vec<Finding> {
    fn all<T>(result: Result<Validated<T>, ValidationErrors>) -> Vec<Finding> {
        let findings = match result {
            Ok(validated) => validated.warnings,
            Err(errors) => errors.into_findings(),
        };
        findings.into_iter().map(Finding::from).collect()
    }
    match kind {
        Kind::CfnTemplate | Kind::CfnProperties | Kind::TerraformCfn => {
            all(cfn::ConnectorProfile::from_tree(json))
        }
        Kind::CreateRequest | Kind::TerraformApi | Kind::Terraform | Kind::TerraformPlan => {
            all(api::CreateConnectorProfileRequest::from_tree(json))
        }
        Kind::UpdateRequest => all(api::UpdateConnectorProfileRequest::from_tree(json)),
    }
}

/// A finding with where it lands in the source (its pointer mapped back to the source's keys).
#[derive(Clone)]
struct Placed {
    finding: Finding,
    place: lower::Place,
}

type Key = (String, AnyCode, String, Position);

fn key(p: &Placed) -> Key {
    (
        p.finding.pointer.clone(),
        p.finding.code,
        p.finding.message.clone(),
        p.place.at,
    )
}

/// A misspelled key read as its suggestion: in the object at `parent` (JSON Pointer, in the
/// renamed document), `from` is renamed `to`.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Rename {
    parent: String,
    from: String,
    to: String,
}

impl Rename {
    fn new_path(&self) -> String {
        format!("{}/{}", self.parent, pointer_token(&self.to))
    }

    fn old_path(&self) -> String {
        format!("{}/{}", self.parent, pointer_token(&self.from))
    }
}

/// `pointer` below `prefix` (or at it): the rest.
fn below<'p>(pointer: &'p str, prefix: &str) -> Option<&'p str> {
    let rest = pointer.strip_prefix(prefix)?;
    (rest.is_empty() || rest.starts_with('/')).then_some(rest)
}

/// A pointer of the renamed document as a pointer of the source's keys (borrowed when no rename
/// applies, as in most documents).
fn map_back<'p>(pointer: &'p str, renames: &[Rename]) -> Cow<'p, str> {
    let mut pointer = Cow::Borrowed(pointer);
    for rename in renames.iter().rev() {
        if let Some(rest) = below(&pointer, &rename.new_path()) {
            pointer = Cow::Owned(format!("{}{rest}", rename.old_path()));
        }
    }
    pointer
}

/// A JSON Pointer token as the key it names (borrowed when it escapes nothing).
fn unescape(token: &str) -> Cow<'_, str> {
    if !token.contains('~') {
        return Cow::Borrowed(token);
    }
    Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
}

fn at_pointer_mut<'j, 'a>(json: &'j mut Tree<'a>, pointer: &str) -> Option<&'j mut Tree<'a>> {
    let mut current = json;
    for token in pointer.split('/').skip(1) {
        current = match current {
            Tree::Object(_) => current.get_mut(&unescape(token))?,
            Tree::Array(items) => items.get_mut(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(current)
}

fn apply(json: &mut Tree<'_>, rename: &Rename) {
    if let Some(object @ Tree::Object(_)) = at_pointer_mut(json, &rename.parent) {
        if !object.contains_key(&rename.to) {
            // Removed and inserted as in a `serde_json::Map`: the renamed member goes last, the
            // last member taking its place ([`Tree::remove`]).
            if let Some(value) = object.remove(&rename.from) {
                object.insert(rename.to.clone().into(), value);
            }
        }
    }
}

/// The rename an `unknown-key` finding suggests ([`Finding::suggestion`]), if its key is shown as
/// it is and the object lacks the suggestion.
fn suggested_rename(finding: &Finding, json: &mut Tree<'_>) -> Option<Rename> {
    if finding.code != CrateCode::UnknownKey {
        return None;
    }
    let to = finding.suggestion.as_deref()?;
    let (parent, token) = finding.pointer.rsplit_once('/')?;
    let from = unescape(token).into_owned();
    if echo(&from) != from || to.is_empty() {
        return None;
    }
    match at_pointer_mut(json, parent)? {
        object @ Tree::Object(_) if object.contains_key(&from) && !object.contains_key(to) => {
            Some(Rename {
                parent: parent.to_owned(),
                from,
                to: to.to_owned(),
            })
        }
        _ => None,
    }
}

/// One lowering and validation of the document, with placeholder kinds adjusted until every
/// intrinsic stands where its JSON type is accepted, and misspelled keys read as their
/// suggestions: the findings of the document as written, and those under each renamed key of
/// the document as read through the suggestions (so one run reports the typos below a typo).
struct Pass<'a> {
    lowered: Lowered<'a>,
    /// The document as validated last (renames applied).
    json: Tree<'a>,
    findings: Vec<Placed>,
    renames: Vec<Rename>,
    /// What a finding away from every resolved intrinsic is told about the values this pass
    /// chose (`annotate`): the same for all such findings, so built once, when first needed.
    /// Built per finding, it walked the whole document each time, quadratic in its size.
    elsewhere: std::cell::OnceCell<String>,
}

/// How many misspelled keys, one below another, are read through.
const MAX_RENAMES: usize = 8;

fn pass<'a>(
    node: &'a Node,
    kind: Kind,
    template: Option<&Template<'_>>,
    choice: &Choice,
    keep_json: bool,
) -> Pass<'a> {
    // Copied only when this pass changes it (a type finding): most passes lower it as given.
    let mut choice = Cow::Borrowed(choice);
    if choice.intrinsics != kind.has_intrinsics() {
        choice.to_mut().intrinsics = kind.has_intrinsics();
    }
    let mut renames: Vec<Rename> = Vec::new();
    let mut base: Option<Vec<Placed>> = None;
    let mut typos: Vec<Placed> = Vec::new();
    loop {
        let mut lowered = lower::lower_document(node, &choice, template);
        let mut json = std::mem::take(&mut lowered.json);
        // Renames apply to the JSON that is validated (and kept for the secret checks).
        for rename in &renames {
            apply(&mut json, rename);
        }
        let mut occurrences: BTreeMap<(String, AnyCode, String), usize> = BTreeMap::new();
        let raw = validate(kind, &json);
        let findings: Vec<(String, Placed)> = raw
            .into_iter()
            .map(|mut finding| {
                let renamed_pointer = finding.pointer.clone();
                finding.pointer = map_back(&finding.pointer, &renames).into_owned();
                let seen = occurrences
                    .entry((
                        finding.pointer.clone(),
                        finding.code,
                        finding.message.clone(),
                    ))
                    .or_default();
                let place = lower::place(&lowered.shadow, &finding.pointer, *seen);
                *seen += 1;
                (renamed_pointer, Placed { finding, place })
            })
            .collect();
        // An intrinsic where the schema wants another JSON type: try the next placeholder; a
        // resolved value of the wrong type is left unresolved.
        let mut retry = BTreeSet::new();
        let mut converted = false;
        for (_, placed) in &findings {
            if placed.finding.code != CrateCode::Type {
                continue;
            }
            if let Some(id) = placed.place.resolved {
                // CloudFormation reads the text as the number or boolean it spells, if it does;
                // else (or if that is of the wrong type too) it is left unresolved.
                let spells = lowered
                    .resolved
                    .get(&id)
                    .is_some_and(|(_, c)| cloudformation::converted_text(&c.value).is_some());
                if spells && choice.to_mut().converted_resolved.insert(id) {
                    converted = true;
                    continue;
                }
                choice.to_mut().unresolved.insert(id);
                retry.insert(id);
            } else if let Some(at) = placed.place.scalar {
                // A literal CloudFormation converts: read as converted; if that is of the wrong
                // type too, as written (the finding is then about the value as written).
                let choice = choice.to_mut();
                if choice.converted.remove(&at) {
                    choice.unconverted.insert(at);
                    converted = true;
                } else if !choice.unconverted.contains(&at) {
                    choice.converted.insert(at);
                    converted = true;
                }
            } else if let Some((id, true)) = placed.place.intrinsic {
                let kind = choice.kinds.get(id).copied().unwrap_or_default();
                if kind.next().is_some() {
                    retry.insert(id);
                }
            }
        }
        if !retry.is_empty() {
            let choice = choice.to_mut();
            choice
                .kinds
                .resize(lowered.intrinsics, Placeholder::default());
            for id in retry {
                if !choice.unresolved.contains(&id) || !lowered.resolved.contains_key(&id) {
                    // The last kind stays: no other JSON type is left to try.
                    choice.kinds[id] = choice.kinds[id].next().unwrap_or(choice.kinds[id]);
                }
            }
            continue;
        }
        if converted {
            continue;
        }
        if base.is_none() {
            base = Some(findings.iter().map(|(_, p)| p.clone()).collect());
        }
        let mut added = false;
        let suggests = |(_, p): &(String, Placed)| {
            p.finding.code == CrateCode::UnknownKey && p.finding.suggestion.is_some()
        };
        if renames.len() < MAX_RENAMES && findings.iter().any(suggests) {
            // Which suggestions can be read through: seen on the document as validated, `json`
            // (`suggested_rename` only looks).
            for (renamed_pointer, placed) in &findings {
                let mut finding = placed.finding.clone();
                finding.pointer = renamed_pointer.clone();
                if let Some(rename) = suggested_rename(&finding, &mut json) {
                    if !renames.contains(&rename) && renames.len() < MAX_RENAMES {
                        if !renames.is_empty() {
                            // A typo below a typo: seen in this round only.
                            typos.push(placed.clone());
                        }
                        renames.push(rename);
                        added = true;
                    }
                }
            }
        }
        if added {
            continue;
        }
        let mut out = base.unwrap_or_default();
        out.append(&mut typos);
        if !renames.is_empty() {
            for (renamed_pointer, placed) in findings {
                if renames
                    .iter()
                    .any(|r| below(&renamed_pointer, &r.new_path()).is_some())
                {
                    out.push(placed);
                }
            }
            // The misspelled keys say how they were read.
            for placed in &mut out {
                if placed.finding.code == CrateCode::UnknownKey {
                    if let Some(r) = renames
                        .iter()
                        .find(|r| map_back(&r.old_path(), &renames) == placed.finding.pointer)
                    {
                        let finding = &mut placed.finding;
                        finding
                            .message
                            .push_str("; what it holds was checked as if it were `");
                        let start = finding.message.len();
                        finding.message.push_str(&r.to);
                        finding.message.push('`');
                        finding
                            .mentions
                            .push(Mention::new(start..finding.message.len() - 1, r.new_path()));
                    }
                }
            }
        }
        // The document as validated (its renames applied), for the secret checks.
        let json = if keep_json { json } else { Tree::Null };
        return Pass {
            lowered,
            json,
            findings: out,
            renames,
            elsewhere: std::cell::OnceCell::new(),
        };
    }
}

/// The findings of `choice` that hold whatever the unknown values are: the document is lowered
/// twice with different placeholder values and only findings of both are kept. Findings about a
/// placeholder's literal value are left out; where an intrinsic stands for an enum (the
/// connector type, say), the rules cannot be judged and are left out too.
fn stable<'a>(
    node: &'a Node,
    kind: Kind,
    template: Option<&Template<'_>>,
    choice: &Choice,
    keep_json: bool,
) -> (Pass<'a>, Vec<Placed>) {
    let first = pass(node, kind, template, choice, keep_json);
    let enum_unknown = first
        .findings
        .iter()
        .any(|p| p.finding.code == CrateCode::Enum && matches!(p.place.intrinsic, Some((_, true))));
    let candidates: Vec<&Placed> = first
        .findings
        .iter()
        .filter(|p| {
            let about_intrinsic = p.place.intrinsic.is_some()
                && p.finding.code != CrateCode::UnknownKey
                && p.finding.code != CrateCode::Required;
            // Where an intrinsic stands for an enum, the per-connector rules cannot be judged.
            !(about_intrinsic || (enum_unknown && p.finding.code.rule().is_some()))
        })
        .collect();
    // The second variant only takes findings away: with none left to take, it is not run (a
    // valid profile with an unresolved intrinsic, the common case, is then lowered and
    // validated once).
    let second: Option<BTreeSet<Key>> = (!candidates.is_empty()
        && first.lowered.intrinsics > first.lowered.resolved.len())
    .then(|| {
        let mut other = choice.clone();
        other.variant = 1;
        pass(node, kind, template, &other, false)
            .findings
            .iter()
            .map(key)
            .collect()
    });
    let kept = candidates
        .into_iter()
        .filter(|p| second.as_ref().is_none_or(|s| s.contains(&key(p))))
        .cloned()
        .collect();
    (first, kept)
}

/// Whether the member at `pointer` (into the properties) holds a secret, as the generated
/// crate's redaction says.
fn is_secret_pointer(pointer: &str) -> bool {
    let tokens: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|token| unescape(token).into_owned())
        .collect();
    let mut value = Json::String(String::new());
    for token in tokens.iter().rev() {
        let mut map = serde_json::Map::new();
        map.insert(token.clone(), value);
        value = Json::Object(map);
    }
    let redacted = appflow_connector_profile::lifecycle::redact_properties(&value);
    let mut current = &redacted;
    for token in &tokens {
        match current {
            Json::Object(map) => match map.get(token) {
                Some(next) => current = next,
                None => return false,
            },
            _ => break,
        }
    }
    *current == Json::String(appflow_connector_profile::REDACTED.to_owned())
}

fn describe_sources(candidate: &Candidate) -> Vec<String> {
    candidate
        .sources
        .iter()
        .map(|s| match s {
            Source::Parameter {
                name,
                allowed: true,
                ..
            } => {
                format!("an allowed value of parameter `{}`", echo(name))
            }
            Source::Parameter { name, .. } => format!("the default of parameter `{}`", echo(name)),
            Source::Default { name, .. } => format!("the default of variable `{}`", echo(name)),
            Source::ReturnValue {
                spelled,
                type_name,
                form,
            } => {
                format!("`{}` gives {form} of {type_name}", echo(spelled))
            }
        })
        .collect()
}

/// How the intrinsics of `pass` that depend on parameters were resolved, joined with `; `
/// (empty when none does): what every finding away from a resolved value holds under.
fn parameter_choices(pass: &Pass<'_>) -> String {
    let mut pointers = BTreeMap::new();
    resolved_pointers(&pass.lowered.shadow, &mut String::new(), &mut pointers);
    let mut seen = BTreeSet::new();
    let mut choices: Vec<String> = Vec::new();
    for (id, (spelled, candidate)) in &pass.lowered.resolved {
        if candidate.depends_on_parameters() {
            let hidden = hidden(candidate, pointers.get(id).map_or("", String::as_str));
            let value = if hidden {
                String::new()
            } else {
                format!(" to `{}`", echo(&candidate.value))
            };
            let text = format!(
                "`{}` is resolved{value}, {}",
                echo(spelled),
                describe_sources(candidate).join(", ")
            );
            if seen.insert(text.clone()) {
                choices.push(text);
            }
        }
    }
    choices.join("; ")
}

/// A finding about a value the template fixes, said so: where the value comes from (the value
/// itself unless it is a secret or a `NoEcho` parameter's). `None`: the finding is dropped
/// (a return value's example is only evidence of its form).
fn annotate(mut placed: Placed, pass: &Pass<'_>) -> Option<Placed> {
    let Some(id) = placed.place.resolved else {
        // Elsewhere: it holds when the parameters take the values of this pass.
        let choices = pass.elsewhere.get_or_init(|| parameter_choices(pass));
        if !choices.is_empty() {
            placed.finding.severity = Severity::Warning;
            placed.finding.message = format!("{} (when {choices})", placed.finding.message);
        }
        return Some(placed);
    };
    let (spelled, candidate) = pass.lowered.resolved.get(&id)?;
    if let Some(Source::ReturnValue {
        spelled,
        type_name,
        form,
    }) = candidate.return_value()
    {
        if placed.finding.code != CrateCode::Pattern && placed.finding.code != CrateCode::Enum {
            return None;
        }
        placed.finding.code = AnyCode::Command(Code::ReturnForm);
        placed.finding.severity = Code::ReturnForm.severity();
        placed.finding.prepend(&format!(
            "`{}` gives {form} of {type_name} (such as `{}`), and this member ",
            echo(spelled),
            echo(&candidate.value),
        ));
        return Some(placed);
    }
    let value = if hidden(candidate, &placed.finding.pointer) {
        String::new()
    } else {
        format!(" to `{}`", echo(&candidate.value))
    };
    let sources = describe_sources(candidate);
    let from = if sources.is_empty() {
        String::new()
    } else {
        format!(", {}", sources.join(", "))
    };
    if candidate.depends_on_parameters() {
        placed.finding.severity = Severity::Warning;
    }
    placed.finding.message = format!(
        "{} (when `{}` is resolved{value}{from})",
        placed.finding.message,
        echo(spelled)
    );
    Some(placed)
}

/// Whether a resolved value at `pointer` must not be shown: a `NoEcho` parameter's, or a
/// secret member's.
fn hidden(candidate: &Candidate, pointer: &str) -> bool {
    candidate.sources.iter().any(|s| {
        matches!(
            s,
            Source::Parameter { no_echo: true, .. } | Source::Default { hidden: true, .. }
        )
    }) || is_secret_pointer(pointer)
}

/// The pointer of each resolved intrinsic in a shadow.
fn resolved_pointers(
    shadow: &lower::Shadow<'_>,
    pointer: &mut String,
    out: &mut BTreeMap<usize, String>,
) {
    match &shadow.kind {
        ShadowKind::Resolved(id) => {
            out.insert(*id, pointer.clone());
        }
        ShadowKind::Map { members, .. } => {
            for (key, member) in members.iter() {
                let mark = pointer.len();
                pointer.push('/');
                pointer.push_str(&pointer_token(key));
                resolved_pointers(member, pointer, out);
                pointer.truncate(mark);
            }
        }
        ShadowKind::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                let mark = pointer.len();
                pointer.push('/');
                pointer.push_str(&i.to_string());
                resolved_pointers(item, pointer, out);
                pointer.truncate(mark);
            }
        }
        _ => {}
    }
}

/// What a template's profile shows before it is lowered, found in one walk (three walks over
/// every profile were a tenth of checking them): its malformed intrinsics and unknown tags (as
/// [`functions::malformed`] finds them), its strings with a malformed or unsupported dynamic
/// reference, and the conditions its `Fn::If`s name (for [`conditions::scenarios_of`]).
#[derive(Default)]
struct Survey<'a> {
    malformed: Vec<functions::Malformed>,
    references: Vec<Located>,
    named: Vec<(&'a str, Position)>,
    /// Whether some string holds a dynamic reference, well formed or not.
    any_reference: bool,
}

impl<'a> Survey<'a> {
    /// Surveys `node` (`audited`: whether [`functions::malformed`] audits it, as it does every
    /// node but the argument of a call in its mapping form).
    fn walk(
        &mut self,
        node: &'a Node,
        audited: bool,
        trail: &mut Trail<'a>,
        resource: Option<&str>,
    ) {
        let call = functions::call(node);
        if audited {
            functions::audit_node(node, call.as_ref(), true, &mut self.malformed);
        }
        if let Some(call) = &call {
            conditions::note_if_condition(call, &mut self.named);
        }
        match &node.value {
            Value::Str(text) if dynref::contains(text) => {
                self.any_reference = true;
                for problem in dynref::check(text) {
                    let code = if problem.unsupported {
                        Code::DynamicReferenceUnsupported
                    } else {
                        Code::DynamicReference
                    };
                    self.references.push(Located::new(
                        resource,
                        trail.pointer(),
                        node.at,
                        code,
                        problem.message,
                    ));
                }
            }
            Value::Map(entries) => {
                let below = !(audited && call.is_some_and(|call| !call.is_short()));
                for (key, _, value) in entries {
                    trail.steps.push(Step::Key(key));
                    self.walk(value, below, trail, resource);
                    trail.steps.pop();
                }
            }
            Value::Seq(items) => {
                for (index, item) in items.iter().enumerate() {
                    trail.steps.push(Step::Index(index));
                    self.walk(item, true, trail, resource);
                    trail.steps.pop();
                }
            }
            _ => {}
        }
    }
}

/// A member's key and its pointer into the source (`source`, a JSON Pointer) as findings show
/// them: the key unescaped then echoed, each token of the pointer echoed.
fn shown_member(source: &str) -> (Cow<'_, str>, String) {
    let last = match source.bytes().rposition(|b| b == b'/') {
        Some(at) => &source[at + 1..],
        None => source,
    };
    // The common case, a pointer of printable ASCII whose tokens are short enough to be shown
    // whole: `echo` leaves each token, and the key (no longer than its token), as they are. One
    // scan rather than an echo per token: templates of many profiles have thousands of secrets.
    if (source.is_empty() || source.starts_with('/')) && shown_as_written(source) {
        return (unescape(last), source.to_owned());
    }
    (Cow::Owned(echo(&unescape(last))), echoed_tokens(source))
}

/// Whether `echo` shows each token of `pointer` as it is: printable ASCII, no token longer than
/// `echo` shows whole.
fn shown_as_written(pointer: &str) -> bool {
    // Every byte tested, without stopping at the first that fails: the compiler then tests
    // several at a time.
    let printable = pointer
        .bytes()
        .fold(true, |all, byte| all & (b' '..=b'~').contains(&byte));
    if !printable {
        return false;
    }
    // `rest` starts a token. Of its first `ECHO_CHARS + 1` bytes, those up to the last slash
    // are whole tokens short enough; no slash there, a token longer. One search per window
    // rather than per token.
    let mut rest = pointer.as_bytes();
    while rest.len() > validation::ECHO_CHARS {
        match memchr::memrchr(b'/', &rest[..=validation::ECHO_CHARS]) {
            Some(slash) => rest = &rest[slash + 1..],
            None => return false,
        }
    }
    true
}

/// `pointer` with each token echoed.
fn echoed_tokens(pointer: &str) -> String {
    let mut shown = String::with_capacity(pointer.len());
    for token in pointer.split('/').skip(1) {
        shown.push('/');
        echo_into(&mut shown, token);
    }
    shown
}

/// Whether `json` holds a literal that may be a secret: a non-empty string.
fn has_literal(json: &Tree<'_>) -> bool {
    match json {
        Tree::String(s) => !s.is_empty(),
        Tree::Array(items) => items.iter().any(has_literal),
        Tree::Object(members) => members.iter().any(|(_, member)| has_literal(member)),
        _ => false,
    }
}

/// The secret members of the document as validated (renamed keys read through): a literal is a
/// `hardcoded-secret`, a parameter without `NoEcho` a `secret-parameter`, an `ssm` dynamic
/// reference a `secret-plain-ssm`. Undeclared keys of credentials objects (redacted too) are
/// left to their `unknown-key` findings, and members that name a secret kept elsewhere (the
/// crate's `holds_secret_reference`, from `schemas/secrets.toml`) to nothing.
fn secrets(
    pass: &Pass<'_>,
    template: &Template<'_>,
    unknown: &BTreeSet<Position>,
    found: &mut Vec<(Code, String, Position, String)>,
) {
    // Last member first, as the walk this replaced did (the order findings at one place keep).
    for member in appflow_connector_profile::lifecycle::secret_members(&pass.json)
        .into_iter()
        .rev()
    {
        // Redacted, but the address of a secret rather than one (schemas/secrets.toml).
        if member.reference {
            continue;
        }
        let (pointer, value) = (member.pointer, member.value);
        let source = map_back(&pointer, &pass.renames);
        let place = lower::place(&pass.lowered.shadow, &source, 0);
        if unknown.contains(&place.at) {
            continue;
        }
        let (member, shown_pointer) = shown_member(&source);
        let id = place.resolved.or(match place.intrinsic {
            Some((id, true)) => Some(id),
            _ => None,
        });
        match id.and_then(|id| pass.lowered.sources.get(id)) {
            Some(node) => {
                if let Some(c) = functions::call(node) {
                    if let Some(Args::Ref(name)) = c.args() {
                        if let Some(p) = template.parameters.get(name) {
                            if !p.no_echo {
                                found.push((Code::SecretParameter, shown_pointer, place.at, format!(
                                    "`{member}` holds a secret, but parameter `{}` is not `NoEcho: true`: its value is shown by the console, `describe-stacks` and the API; add `NoEcho: true` to it, or use `{{{{resolve:secretsmanager:...}}}}`",
                                    echo(name)
                                )));
                            }
                        }
                    }
                } else if let Value::Str(text) = &node.value {
                    if dynref::is_plain_ssm(text) {
                        found.push((Code::SecretPlainSsm, shown_pointer, place.at, format!(
                            "`{member}` holds a secret, but `{{{{resolve:ssm:...}}}}` reads an SSM String parameter, stored unencrypted (cfn-lint W2501 asks for a secure dynamic reference); `ssm-secure` is not resolved in {TYPE_NAME} (cfn-lint E1027), so keep the secret in Secrets Manager and use `{{{{resolve:secretsmanager:...}}}}`"
                        )));
                    }
                }
            }
            None if place.intrinsic.is_none() && has_literal(value) => {
                // Concatenated rather than formatted: there is one per secret written in a
                // template, and templates of many profiles have thousands.
                let message = [
                    "`",
                    &*member,
                    "` holds a secret written into the template: anyone who can read the template or the stack's history sees it; use `{{resolve:secretsmanager:secret-id:SecretString:json-key}}` or a parameter with `NoEcho: true`",
                ]
                .concat();
                found.push((Code::HardcodedSecret, shown_pointer, place.at, message));
            }
            None => {}
        }
    }
}

/// What surrounds a profile in its document.
#[derive(Clone, Copy)]
pub(crate) struct Around<'t, 'a> {
    /// The template (or an empty one for a Properties document); `None` for API bodies.
    pub(crate) template: Option<&'t Template<'a>>,
    /// The resource's own `Condition`.
    pub(crate) condition: Option<&'a str>,
}

/// Validates one profile document and places its findings. Malformed intrinsics, unknown tags
/// and malformed dynamic references are errors first. The document is checked once per scenario
/// of its conditions ([`conditions::scenarios`]): with the values the template fixes whatever the
/// deployment (mappings, literals, other resources' return values), then once per value of the
/// parameters it uses (their allowed values, or their defaults), reporting what only those
/// values cause as warnings that name them.
pub(crate) fn check_profile(
    node: &Node,
    base: &str,
    resource: Option<&String>,
    kind: Kind,
    around: Around<'_, '_>,
    out: &mut Vec<Located>,
) {
    let resource_name = resource.map(String::as_str);
    let mut survey = Survey::default();
    if kind.has_intrinsics() {
        survey.walk(node, true, &mut Trail::new(base), resource_name);
    } else {
        survey.malformed = functions::malformed(node, false);
    }
    for problem in survey.malformed {
        out.push(Located::error(
            resource_name,
            base.to_owned(),
            problem.at,
            problem.code,
            problem.message,
        ));
    }
    let empty = Template::default();
    let scenarios = if kind.has_intrinsics() {
        let template = around.template.unwrap_or(&empty);
        out.append(&mut survey.references);
        let scenarios = conditions::scenarios_of(&survey.named, around.condition, template);
        for (name, at) in &scenarios.undefined {
            out.push(Located::new(
                resource_name,
                base.to_owned(),
                *at,
                Code::Condition,
                format!(
                    "`Fn::If` names the condition `{}`, which `Conditions` does not define",
                    echo(name)
                ),
            ));
        }
        if let Some(note) = &scenarios.note {
            out.push(Located::new(
                resource_name,
                base.to_owned(),
                node.at,
                Code::ConditionsBounded,
                note.clone(),
            ));
        }
        scenarios.list
    } else {
        vec![conditions::Scenario::default()]
    };
    let mut seen = BTreeSet::new();
    let mut secret_findings = Vec::new();
    let mut emit = |placed: Placed, out: &mut Vec<Located>| {
        if seen.insert(key(&placed)) {
            out.push(Located {
                resource: resource.cloned(),
                pointer: [base, placed.finding.pointer.as_str()].concat(),
                at: placed.place.at,
                finding: placed.finding,
            });
        }
    };
    for scenario in scenarios {
        let choice = Choice {
            conditions: scenario.conditions,
            known: scenario.known,
            intrinsics: kind.has_intrinsics(),
            without_dynamic_references: kind.has_intrinsics() && !survey.any_reference,
            ..Choice::default()
        };
        let (first, kept) = stable(node, kind, around.template, &choice, kind.has_intrinsics());
        let baseline: BTreeSet<Key> = kept.iter().map(key).collect();
        if kind.has_intrinsics() {
            let unknown: BTreeSet<Position> = first
                .findings
                .iter()
                .filter(|p| p.finding.code == CrateCode::UnknownKey)
                .map(|p| p.place.at)
                .collect();
            secrets(
                &first,
                around.template.unwrap_or(&empty),
                &unknown,
                &mut secret_findings,
            );
        }
        for placed in kept {
            if let Some(placed) = annotate(placed, &first) {
                emit(placed, out);
            }
        }
        // The values of the parameters: each allowed value (or the default) at least once.
        // A finding of every such pass does not depend on the values: it is reported as it is.
        let picks = first.lowered.max_candidates;
        let mut by_pick = Vec::with_capacity(picks);
        let mut count: BTreeMap<Key, usize> = BTreeMap::new();
        for pick in 0..picks {
            let choice = Choice {
                parameters: true,
                pick,
                ..choice.clone()
            };
            let (pass, kept) = stable(node, kind, around.template, &choice, false);
            let kept: Vec<Placed> = kept
                .into_iter()
                .filter(|p| !baseline.contains(&key(p)))
                .collect();
            for p in &kept {
                *count.entry(key(p)).or_default() += 1;
            }
            by_pick.push((pass, kept));
        }
        for (pass, kept) in by_pick {
            for placed in kept {
                if count.get(&key(&placed)) == Some(&picks) && placed.place.resolved.is_none() {
                    emit(placed, out);
                } else if let Some(placed) = annotate(placed, &pass) {
                    emit(placed, out);
                }
            }
        }
    }
    let mut secret_seen = BTreeSet::new();
    for (code, pointer, at, message) in secret_findings {
        if secret_seen.insert((code, at)) {
            out.push(Located::new(
                resource_name,
                [base, pointer.as_str()].concat(),
                at,
                code,
                message,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The dynamic references of `node` as a walk of their own finds them (what [`Survey`]
    /// replaced).
    fn dynamic_references<'a>(node: &'a Node, trail: &mut Trail<'a>, out: &mut Vec<Located>) {
        match &node.value {
            Value::Str(text) => {
                for problem in dynref::check(text) {
                    let code = if problem.unsupported {
                        Code::DynamicReferenceUnsupported
                    } else {
                        Code::DynamicReference
                    };
                    out.push(Located::new(
                        Some("R"),
                        trail.pointer(),
                        node.at,
                        code,
                        problem.message,
                    ));
                }
            }
            Value::Map(entries) => {
                for (key, _, value) in entries {
                    trail.steps.push(Step::Key(key));
                    dynamic_references(value, trail, out);
                    trail.steps.pop();
                }
            }
            Value::Seq(items) => {
                for (index, item) in items.iter().enumerate() {
                    trail.steps.push(Step::Index(index));
                    dynamic_references(item, trail, out);
                    trail.steps.pop();
                }
            }
            _ => {}
        }
    }

    /// One walk finds what the three walks it replaced find, in their order: malformed calls and
    /// tags (also within calls' arguments, long form and short), dynamic references, the
    /// conditions `Fn::If`s name.
    #[test]
    fn a_survey_finds_what_its_three_walks_found() {
        let documents = [
            "A: x\nB: {C: [1, 2, y]}\n",
            "A: !Ref\nB: !Bogus x\nC: !!bogus y\nD: !<tag:x> z\n",
            "A: {Ref: X, Other: 1}\nB: {Fn::Nope: x}\nC: {Fn::Sub: {Fn::Nope: [!Bogus1 a, {Ref: X, K: 1}]}}\n",
            "A: {Fn::Join: [',', [!Bogus2 a, {Fn::If: [C1, !Ref X, {Fn::If: [C2, a, b]}]}]]}\nB: {Fn::Sub: !Ref {Ref: Y}}\n",
            "A: !If [C1, {Fn::If: [C2, a, b]}, !If [C1, c, d]]\nB: {Fn::If: []}\nC: {Fn::Equals: [a, b]}\n",
            "A: '{{resolve:ssm:/a b}}'\nB: [x, '{{resolve:ssm-secure:p}}', {Fn::Sub: '{{resolve:nope:x}}'}]\nC: {'a/b~c': '{{resolve:secretsmanager:}}'}\n",
            "A: {Fn::If: [C3, {Ref: AWS::NoValue}, {B: !Bogus3 {Ref: X, Y: 1}}]}\n",
            "A: '{{resolve:ssm:name}}'\nB: x\n",
            "A: [x, {B: 'a{{resolve:secretsmanager:s}}b'}]\n",
        ];
        let shown = |malformed: &[functions::Malformed]| -> Vec<String> {
            malformed
                .iter()
                .map(|m| format!("{:?} {}:{} {}", m.code, m.at.line, m.at.column, m.message))
                .collect()
        };
        let located = |found: &[Located]| -> Vec<String> {
            found
                .iter()
                .map(|l| {
                    format!(
                        "{} {}:{} {}",
                        l.pointer, l.at.line, l.at.column, l.finding.message
                    )
                })
                .collect()
        };
        for yaml in documents {
            let node = crate::source::parse(yaml, false).unwrap();
            let mut survey = Survey::default();
            survey.walk(&node, true, &mut Trail::new("/P"), Some("R"));
            let mut references = Vec::new();
            dynamic_references(&node, &mut Trail::new("/P"), &mut references);
            let mut named = Vec::new();
            conditions::if_conditions(&node, &mut named);
            assert_eq!(
                shown(&survey.malformed),
                shown(&functions::malformed(&node, true)),
                "{yaml}"
            );
            assert_eq!(located(&survey.references), located(&references), "{yaml}");
            assert_eq!(survey.named, named, "{yaml}");
            // Told that no string holds a dynamic reference, lowering reads the document as it
            // does when it searches each string.
            let lowered = |without_dynamic_references| {
                let choice = Choice {
                    intrinsics: true,
                    without_dynamic_references,
                    ..Choice::default()
                };
                let lowered = lower::lower_document(&node, &choice, None);
                (lowered.json, lowered.intrinsics)
            };
            assert_eq!(lowered(!survey.any_reference), lowered(false), "{yaml}");
        }
    }

    /// A secret member's key and pointer are shown as echoing each token shows them, printable
    /// ASCII or not, short tokens or long.
    #[test]
    fn shown_members_are_echoed_tokens() {
        let long = "k".repeat(validation::ECHO_CHARS);
        let longer = "k".repeat(validation::ECHO_CHARS + 1);
        let escaped_long = format!("~1{}", "k".repeat(validation::ECHO_CHARS - 2));
        let pointers = [
            String::new(),
            "/".to_owned(),
            "/A/ApiKey".to_owned(),
            "/A/a~1b/c~0d".to_owned(),
            "/A/0/Secret Key".to_owned(),
            "//x".to_owned(),
            "/A/\u{1b}key".to_owned(),
            "/A/\u{7f}".to_owned(),
            "/A/ключ".to_owned(),
            "/A/\u{200b}".to_owned(),
            format!("/{long}/{long}"),
            format!("/{long}/{longer}"),
            format!("/{longer}/x"),
            format!("/A/{escaped_long}"),
            "A/b".to_owned(),
        ]
        .into_iter()
        // Tokens about as long as `echo` shows whole, where they fall around its windows.
        .chain([1, 30, 62, 63, 64, 65, 100].iter().flat_map(|&a| {
            [0, 1, 63, 64, 65].iter().flat_map(move |&b| {
                [1, 64, 65].iter().map(move |&c| {
                    format!("/{}/{}/{}", "a".repeat(a), "b".repeat(b), "c".repeat(c))
                })
            })
        }))
        .collect::<Vec<_>>();
        for pointer in &pointers {
            let last = pointer.rsplit('/').next().unwrap_or_default();
            let member = echo(&unescape(last));
            let mut shown = String::new();
            for token in pointer.split('/').skip(1) {
                shown.push('/');
                echo_into(&mut shown, token);
            }
            let (fast_member, fast_pointer) = shown_member(pointer);
            assert_eq!(
                (fast_member.as_ref(), fast_pointer.as_str()),
                (member.as_str(), shown.as_str()),
                "{pointer:?}"
            );
        }
    }

    /// A rename moves the member as `serde_json::Map::remove` and `insert` do: the renamed member
    /// goes last and the last member takes its place, so findings keep the order they had when
    /// the command validated a `serde_json::Value`.
    #[test]
    fn a_rename_reorders_members_as_a_json_map_does() {
        let written = serde_json::json!({"Outer": {"a": 1, "b": 2, "c": 3, "d": 4}, "z": 5});
        let rename = Rename {
            parent: "/Outer".to_owned(),
            from: "b".to_owned(),
            to: "B".to_owned(),
        };
        let mut expected = written.clone();
        let Some(Json::Object(map)) = expected.pointer_mut("/Outer") else {
            unreachable!()
        };
        let value = map.remove("b").unwrap();
        map.insert("B".to_owned(), value);
        let source = crate::source::parse(&written.to_string(), false).unwrap();
        let mut tree = lower::lower_document(&source, &Choice::default(), None).json;
        apply(&mut tree, &rename);
        assert_eq!(
            serde_json::to_string(&appflow_connector_profile::validation::JsonTree::to_value(
                &tree
            ))
            .unwrap(),
            serde_json::to_string(&expected).unwrap()
        );
        assert_eq!(
            serde_json::to_string(&expected["Outer"]).unwrap(),
            r#"{"a":1,"d":4,"c":3,"B":2}"#
        );
    }

    /// The findings of a template of many profiles, checked several at once, are those of its
    /// profiles checked one by one, each profile's together and in the template's order.
    #[test]
    fn profiles_checked_at_once_keep_the_template_order() {
        let mut yaml = String::from("Resources:\n");
        for n in 0..(2 * PARALLEL_FROM) {
            yaml.push_str(&format!(
                "  P{n}:\n    Type: {TYPE_NAME}\n    Properties:\n      ConnectorType: Zendesk\n      ConnectionMode: private\n      Unknown{n}: 1\n  Q{n}:\n    Type: {TYPE_NAME}\n"
            ));
        }
        let root = crate::source::parse(&yaml, false).expect("YAML");
        let (_, count, findings) = check_document(&root, None).expect("a template");
        assert_eq!(count, 4 * PARALLEL_FROM);
        let template = Template::read(&root);
        let Value::Map(resources) = &root.value else {
            unreachable!()
        };
        let Value::Map(resources) = &resources[0].2.value else {
            unreachable!()
        };
        let mut one_by_one = Vec::new();
        for (id, at, resource) in resources {
            match member(
                match &resource.value {
                    Value::Map(fields) => fields,
                    _ => unreachable!(),
                },
                grammar::PROPERTIES,
            ) {
                Some((_, properties)) => {
                    let mut found = Vec::new();
                    check_profile(
                        properties,
                        &format!("/Resources/{id}/Properties"),
                        Some(id),
                        Kind::CfnProperties,
                        Around {
                            template: Some(&template),
                            condition: None,
                        },
                        &mut found,
                    );
                    // In the report's order, as the profiles' threads leave them.
                    one_by_one.extend(in_position_order(found));
                }
                None => one_by_one.push(Located::error(
                    Some(id),
                    format!("/Resources/{id}"),
                    *at,
                    CrateCode::Required,
                    format!("missing required member `{}`", grammar::PROPERTIES),
                )),
            }
        }
        let shown = |found: &[Located]| -> Vec<(String, String)> {
            found
                .iter()
                .map(|l| (l.pointer.clone(), l.finding.message.clone()))
                .collect()
        };
        assert!(one_by_one.len() > 3 * PARALLEL_FROM);
        assert_eq!(shown(&findings), shown(&one_by_one));
    }
}
