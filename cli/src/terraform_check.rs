//! The checks of a Terraform module ([`crate::terraform`]): each connector profile resource,
//! shaped as its provider's members, goes through the same checks as a request body or a
//! template's Properties (`check::check_profile`: the crate's constraints, formats and
//! per-connector rules, with Terraform's unknown values as placeholders), its findings are taken
//! back to Terraform's names, and the secrets are checked the Terraform way: a literal is a
//! `hardcoded-secret` (a `variable`'s literal `default` too, where it is declared), a variable
//! without `sensitive = true` a `secret-parameter`. Comments suppress
//! (`# appflow-profile:ignore CODE, …` before or on the line of a block or attribute).

use std::collections::{BTreeMap, BTreeSet};

use appflow_connector_profile::validation::{echo, Code as CrateCode};
use appflow_connector_profile::Severity;

use crate::check::{self, Around, Finding, Kind, Located};
use crate::codes::{self, AnyCode};
use crate::source::{Node, Position, UnknownDefault, Value};
use crate::template_codes::Code;
use crate::terraform::shape::{self, Problem};
use crate::terraform::{json, plan, Body, Content, Module, Variable};
use crate::text::pointer_token;
use appflow_connector_profile::terraform::{self as table, Attribute, Members, Resource as Table};

/// What one file of a module gave.
#[derive(Debug, Default)]
pub struct FileResult {
    /// How many connector profile resources it holds.
    pub resources: usize,
    /// Its findings (suppressed ones left out).
    pub findings: Vec<Located>,
    /// How many its comments suppressed.
    pub suppressed: usize,
}

/// The directive of a comment that suppresses.
pub const DIRECTIVE: &str = "appflow-profile:ignore";

/// Checks every connector profile resource of a module; one result per file, in its order.
pub fn check_module(module: &Module) -> Vec<FileResult> {
    let mut results: Vec<FileResult> = module.files.iter().map(|_| FileResult::default()).collect();
    let variables = module.variables();
    // The comments of nested blocks in JSON syntax, by file: only the provider's schema tells a
    // nested block's object (a block body, where `"//"` is a comment) from an attribute's.
    let mut nested_comments: Vec<Vec<shape::BlockComment>> =
        module.files.iter().map(|_| Vec::new()).collect();
    // Each resource shaped, then checked, on its own (several at once: `check::each_profile`).
    let mut resources = check::each_profile(module.resources(), |resource| {
        let shaped = shape::shape(resource.table, &resource.body, resource.at);
        (resource, shaped)
    });
    for (resource, shaped) in &mut resources {
        for comment in std::mem::take(&mut shaped.comments) {
            nested_comments[resource.file_of_item(comment.item)].push(comment);
        }
    }
    // A variable any secret attribute of the module reads: its default is a secret wherever else
    // it is read, so never shown.
    let mut secret_fed = BTreeSet::new();
    // Without variables, no secret reads one.
    if !variables.is_empty() {
        for (resource, shaped) in &resources {
            secret_variables(&shaped.node, resource.table.attributes, &mut secret_fed);
        }
    }
    let checked = check::each_profile(resources, |(resource, shaped)| {
        let mut base = String::with_capacity(resource.address.len() + 16);
        base.push_str("/resource");
        for part in resource.address.split('.') {
            base.push('/');
            base.push_str(&pointer_token(&echo(part)));
        }
        let found = check_shaped(
            resource.table,
            &resource.address,
            &base,
            shaped,
            Some((&variables, &secret_fed)),
        );
        // An item an override file gave is in that file.
        let files = resource.files_by_token();
        let placed: Vec<(usize, Located)> = found
            .into_iter()
            .map(|(file, located)| {
                let index = file.unwrap_or_else(|| {
                    let below = located.pointer.get(base.len()..).unwrap_or_default();
                    resource.file_of_pointer(&files, below)
                });
                (index, located)
            })
            .collect();
        (resource.file, placed)
    });
    for (file, placed) in checked {
        results[file].resources += 1;
        for (index, located) in placed {
            results[index].findings.push(located);
        }
    }
    for ((file, result), nested) in module.files.iter().zip(&mut results).zip(nested_comments) {
        let mut scopes = Vec::new();
        let mut problems = Vec::new();
        suppressions(&file.body, &mut scopes, &mut problems);
        for comment in &nested {
            block_comment(
                (comment.at, &comment.text),
                comment.block,
                &mut scopes,
                &mut problems,
            );
        }
        let before = result.findings.len();
        result.findings.retain(|l| {
            !scopes
                .iter()
                .any(|(lines, codes): &((usize, usize), Vec<AnyCode>)| {
                    lines.0 <= l.at.line && l.at.line <= lines.1 && codes.contains(&l.finding.code)
                })
        });
        result.suppressed = before - result.findings.len();
        result.findings.extend(problems);
    }
    results
}

/// Checks a plan's created and updated connector profiles (`terraform show -json`); returns
/// how many and the findings, placed in the plan's JSON. Secrets are not judged: a plan holds
/// the values, not where they came from.
pub fn check_plan(root: &Node) -> (usize, Vec<Located>) {
    let types: Vec<&str> = table::RESOURCES.iter().map(|r| r.type_name).collect();
    let mut findings = Vec::new();
    let changes = plan::changes(root, &types);
    for change in &changes {
        let Some(table) = table::Resource::by_type_name(&change.type_name) else {
            continue;
        };
        let shaped = shape::shape_planned(table, &change.body, change.at);
        let found = check_shaped(table, &change.address, &change.pointer, shaped, None);
        findings.extend(found.into_iter().map(|(_, located)| located));
    }
    (changes.len(), findings)
}

/// The findings of one shaped resource (`base`: the pointer of its body), each with the index
/// of the file it is in when that is not the resource's (a variable's default). `variables`:
/// the module's, for the secret checks (`None`: not judged), with the names of those a secret
/// attribute reads.
fn check_shaped(
    table: &'static Table,
    address: &str,
    base: &str,
    shaped: shape::Shaped,
    variables: Option<(&BTreeMap<&str, Variable>, &BTreeSet<String>)>,
) -> Vec<(Option<usize>, Located)> {
    let mut out = Vec::new();
    let mut shaped = shaped;
    for problem in std::mem::take(&mut shaped.problems) {
        out.push((None, from_problem(address, base, problem)));
    }
    let kind = match table.members {
        Members::Api => Kind::TerraformApi,
        Members::CloudFormation => Kind::TerraformCfn,
    };
    let around = Around {
        template: None,
        condition: None,
    };
    if let Some((variables, secret_fed)) = variables.filter(|(v, _)| !v.is_empty()) {
        with_defaults(&mut shaped.node, table.attributes, variables, secret_fed);
    }
    let mut found = Vec::new();
    let owned = address.to_owned();
    check::check_profile(&shaped.node, "", Some(&owned), kind, around, &mut found);
    // Built when a finding is first asked about: most resources have no unknown value.
    let unknowns = std::cell::OnceCell::new();
    for mut located in found {
        // A `dynamic` block may stand for no block or several: the per-connector rules,
        // which count them, cannot be judged.
        if shaped.dynamic && located.finding.code.rule().is_some() {
            continue;
        }
        // Below an unknown value (or a member missing from one): about the placeholder's
        // content, not the configuration's.
        let inclusive = located.finding.code == CrateCode::Required;
        if shape::below_unknown(
            unknowns.get_or_init(|| shape::unknown_pointers(&shaped.node)),
            &located.pointer,
            inclusive,
        ) {
            continue;
        }
        in_terraform_names(table, &mut located.finding, &located.pointer);
        let pointer = format!(
            "{base}{}",
            shape::terraform_pointer(table, &located.pointer, shaped.planned)
        );
        located.pointer = pointer.clone();
        located.finding.pointer = pointer;
        out.push((None, located));
    }
    if let Some((variables, _)) = variables {
        let mut secrets = Secrets {
            address,
            base,
            variables,
            found: Vec::new(),
        };
        // Terraform's names from the body down (a few dozen bytes): allocated once.
        secrets.walk(
            &shaped.node,
            table.attributes,
            &mut String::with_capacity(256),
        );
        out.extend(secrets.found);
    }
    out
}

/// A finding of the checks in Terraform's names, from data alone (its message is never searched):
/// each member it mentions ([`Finding::mentions`], recorded where the message was written) by
/// its attribute's name, and an unknown key's suggestion (a member of the object holding the
/// key at `shaped`, the finding's pointer into the shaped tree) too. A member no attribute
/// expresses keeps the schema's name; a value (an enum's suggestion) is the same in Terraform.
fn in_terraform_names(table: &'static Table, finding: &mut Finding, shaped: &str) {
    // Mentions are in message order: each replacement moves those after it.
    let mut moved: isize = 0;
    for mention in &mut finding.mentions {
        let (Some(start), Some(end)) = (
            mention.range.start.checked_add_signed(moved),
            mention.range.end.checked_add_signed(moved),
        ) else {
            continue;
        };
        let fits = start <= end
            && end <= finding.message.len()
            && finding.message.is_char_boundary(start)
            && finding.message.is_char_boundary(end);
        let name = shape::attribute_name(table, &mention.pointer);
        match name.filter(|_| fits) {
            Some(name) => {
                finding.message.replace_range(start..end, name);
                mention.range = start..start + name.len();
                moved += name.len() as isize - (end - start) as isize;
            }
            None => mention.range = start..end,
        }
    }
    if finding.code == CrateCode::UnknownKey {
        if let (Some(suggestion), Some((object, _))) =
            (&mut finding.suggestion, shaped.rsplit_once('/'))
        {
            let member = format!("{object}/{}", pointer_token(suggestion));
            if let Some(name) = shape::attribute_name(table, &member) {
                *suggestion = name.to_owned();
            }
        }
    }
}

/// Each non-secret attribute that is a variable (`var.x`, whole) with a literal scalar `default`
/// gets it as its [`UnknownDefault`]: the checks try it as a template parameter's default, and
/// what only it causes is a warning naming it. Secrets are never resolved, and the default of a
/// variable that is `sensitive` or that a secret reads (`secret_fed`) is never shown.
fn with_defaults(
    node: &mut Node,
    attributes: &'static [Attribute],
    variables: &BTreeMap<&str, Variable>,
    secret_fed: &BTreeSet<String>,
) {
    let Value::Map(entries) = &mut node.value else {
        return;
    };
    for (member, _, value) in entries {
        let Some(attribute) = attributes.iter().find(|a| a.member == member) else {
            continue;
        };
        if attribute.secret {
            continue;
        }
        if let Value::Unknown(unknown) = &mut value.value {
            let [reference] = unknown.references.as_slice() else {
                continue;
            };
            if *reference != unknown.expression {
                continue;
            }
            let Some(variable) = reference
                .strip_prefix("var.")
                .filter(|name| !name.contains('.'))
                .and_then(|name| variables.get(name))
            else {
                continue;
            };
            let text = match variable.default.as_ref().map(|d| &d.value) {
                Some(Value::Str(text)) => text.clone(),
                Some(Value::Number(n)) => n.to_string(),
                Some(Value::Bool(b)) => b.to_string(),
                _ => continue,
            };
            unknown.default = Some(UnknownDefault {
                value: text,
                name: variable.name.clone(),
                spelled: reference.clone(),
                hidden: variable.sensitive || secret_fed.contains(&variable.name),
            });
        } else if !attribute.children.is_empty() {
            with_defaults(value, attribute.children, variables, secret_fed);
        }
    }
}

/// The names of the variables the secret attributes of a shaped resource read (`var.x`, anywhere
/// in the value: a map of secrets, an interpolation).
fn secret_variables(node: &Node, attributes: &'static [Attribute], out: &mut BTreeSet<String>) {
    fn references(node: &Node, out: &mut BTreeSet<String>) {
        match &node.value {
            Value::Unknown(unknown) => {
                for reference in &unknown.references {
                    if let Some(name) = reference.strip_prefix("var.") {
                        out.insert(name.split('.').next().unwrap_or(name).to_owned());
                    }
                }
            }
            Value::Map(entries) => entries.iter().for_each(|(_, _, v)| references(v, out)),
            Value::Seq(items) => items.iter().for_each(|v| references(v, out)),
            _ => {}
        }
    }
    let Value::Map(entries) = &node.value else {
        return;
    };
    for (member, _, value) in entries {
        let Some(attribute) = attributes.iter().find(|a| a.member == member) else {
            continue;
        };
        if attribute.secret {
            references(value, out);
        } else if !attribute.children.is_empty() {
            secret_variables(value, attribute.children, out);
        }
    }
}

fn from_problem(address: &str, base: &str, problem: Problem) -> Located {
    let pointer = format!("{base}{}", problem.pointer);
    let severity = match problem.code {
        AnyCode::Command(code) => code.severity(),
        _ => Severity::Error,
    };
    Located {
        resource: Some(address.to_owned()),
        pointer: pointer.clone(),
        at: problem.at,
        finding: Finding {
            pointer,
            code: problem.code,
            severity,
            message: problem.message,
            suggestion: problem.suggestion,
            mentions: Vec::new(),
        },
    }
}

/// The secret members of a shaped resource.
struct Secrets<'a> {
    address: &'a str,
    base: &'a str,
    variables: &'a BTreeMap<&'a str, Variable>,
    /// Findings with the index of the file they are in, when not the resource's.
    found: Vec<(Option<usize>, Located)>,
}

impl Secrets<'_> {
    fn push(
        &mut self,
        file: Option<usize>,
        code: Code,
        pointer: String,
        at: Position,
        message: String,
    ) {
        self.found.push((
            file,
            Located::new(Some(self.address), pointer, at, code, message),
        ));
    }

    /// `pointer`: Terraform's names from the resource's body.
    fn walk(&mut self, node: &Node, attributes: &'static [Attribute], pointer: &mut String) {
        let Value::Map(entries) = &node.value else {
            return;
        };
        for (member, at, value) in entries {
            let Some(attribute) = attributes.iter().find(|a| a.member == member) else {
                continue;
            };
            if !attribute.secret && attribute.children.is_empty() {
                continue;
            }
            let mark = pointer.len();
            pointer.push('/');
            // Terraform's names are identifiers: nothing to escape.
            pointer.push_str(attribute.name);
            if attribute.secret {
                self.secret(attribute, value, *at, pointer);
            } else {
                self.walk(value, attribute.children, pointer);
            }
            pointer.truncate(mark);
        }
    }

    fn secret(&mut self, attribute: &Attribute, value: &Node, at: Position, pointer: &str) {
        let name = attribute.name;
        let full = format!("{}{pointer}", self.base);
        // A map of secrets (`credentials_map`) holds its values: each literal or variable.
        let mut literal = false;
        let mut computed = false;
        let mut references: Vec<&str> = Vec::new();
        let mut pending = vec![value];
        while let Some(node) = pending.pop() {
            match &node.value {
                Value::Str(text) => literal |= !text.is_empty(),
                // An expression nothing outside the configuration feeds (`sensitive("…")`,
                // `base64decode("…")`): its value is spelled out in the configuration too.
                Value::Unknown(unknown) if unknown.references.is_empty() => computed = true,
                Value::Unknown(unknown) => {
                    references.extend(unknown.references.iter().map(String::as_str))
                }
                Value::Map(entries) => pending.extend(entries.iter().map(|(_, _, n)| n)),
                Value::Seq(items) => pending.extend(items),
                _ => {}
            }
        }
        if literal {
            self.push(
                None,
                Code::HardcodedSecret,
                full.clone(),
                at,
                format!(
                    "`{name}` holds a secret written into the configuration: anyone who can read it sees it (and Terraform keeps it in the state); pass it in a variable with `sensitive = true`, or read it from Secrets Manager with `data \"aws_secretsmanager_secret_version\"`"
                ),
            );
        } else if computed {
            self.push(
                None,
                Code::HardcodedSecret,
                full.clone(),
                at,
                format!(
                    "`{name}` holds a secret the configuration spells out: its expression reads no variable, resource or data source, so anyone who can read the configuration can compute it (`sensitive(…)` hides it from plan output only); pass it in a variable with `sensitive = true`, or read it from Secrets Manager with `data \"aws_secretsmanager_secret_version\"`"
                ),
            );
        }
        let mut seen = BTreeSet::new();
        for reference in references {
            let Some(variable) = reference
                .strip_prefix("var.")
                .map(|rest| rest.split('.').next().unwrap_or(rest))
                .and_then(|v| self.variables.get(v))
            else {
                continue;
            };
            if !seen.insert(variable.name.as_str()) {
                continue;
            }
            if let Some(default) = &variable.default {
                if matches!(&default.value, Value::Str(text) if !text.is_empty()) {
                    self.push(
                        Some(variable.file),
                        Code::HardcodedSecret,
                        format!("/variable/{}/default", pointer_token(&echo(&variable.name))),
                        default.at,
                        format!(
                            "variable `{}` feeds the secret `{name}` of `{}`, and its `default` is a secret written into the configuration; leave the default out and pass the value at plan time",
                            echo(&variable.name),
                            echo(self.address)
                        ),
                    );
                }
            }
            if !variable.sensitive {
                self.push(
                    None,
                    Code::SecretParameter,
                    full.clone(),
                    at,
                    format!(
                        "`{name}` holds a secret, but variable `{}` is not `sensitive = true`: Terraform shows its value in plan and apply output; add `sensitive = true` to it",
                        echo(&variable.name)
                    ),
                );
            }
        }
    }
}

/// The scopes (first and last line, codes) a file's comments suppress, and the problems of
/// directives that name no code: in native syntax, each item's comments, over the item; in JSON
/// syntax, the `"//"` members of the root object (over the file) and of each `resource` and
/// `variable` block's object (over the block). Those of nested blocks in JSON syntax are the
/// shaper's ([`shape::Shaped::comments`]).
fn suppressions(
    body: &Body,
    scopes: &mut Vec<((usize, usize), Vec<AnyCode>)>,
    problems: &mut Vec<Located>,
) {
    for (at, text) in &body.comments {
        block_comment((*at, text), body.lines, scopes, problems);
    }
    for item in &body.items {
        let mut codes_here = Vec::new();
        for comment in &item.comments {
            // A comment before the item ends on the item's line: it starts as many lines above
            // as it has line breaks (one after the item has none).
            let first = item.lines.0.saturating_sub(comment.matches('\n').count());
            directive_codes(comment, first, &mut codes_here, problems);
        }
        if !codes_here.is_empty() {
            scopes.push((item.lines, codes_here));
        }
        match &item.content {
            Content::Block { body, .. } => suppressions(body, scopes, problems),
            // A top-level block in JSON syntax: its labels, then its body's object.
            Content::Json(node) => {
                let depth = match item.name.as_str() {
                    "resource" => 2,
                    "variable" => 1,
                    _ => continue,
                };
                for (at, text, lines) in json::block_comments(node, depth) {
                    block_comment((at, text), lines, scopes, problems);
                }
            }
            Content::Attribute(_) => {}
        }
    }
}

/// A comment of a block body in JSON syntax (a `"//"` member at `at`): what it suppresses, over
/// the block's `lines`.
fn block_comment(
    (at, text): (Position, &str),
    lines: (usize, usize),
    scopes: &mut Vec<((usize, usize), Vec<AnyCode>)>,
    problems: &mut Vec<Located>,
) {
    let mut codes_here = Vec::new();
    directive_codes(text, at.line, &mut codes_here, problems);
    if !codes_here.is_empty() {
        scopes.push((lines, codes_here));
    }
}

/// The codes of the directives in `comment` (whose first line is `first`); a name that is no
/// code is a `suppression` warning.
fn directive_codes(
    comment: &str,
    first: usize,
    codes_here: &mut Vec<AnyCode>,
    problems: &mut Vec<Located>,
) {
    for (offset, line) in comment.lines().enumerate() {
        let Some(start) = line.find(DIRECTIVE) else {
            continue;
        };
        let list = line[start + DIRECTIVE.len()..]
            .split("*/")
            .next()
            .unwrap_or_default();
        for given in list.split([',', ' ', '\t']).filter(|s| !s.is_empty()) {
            match AnyCode::parse(given).filter(|c| codes::describe(*c).is_some()) {
                Some(code) => codes_here.push(code),
                None => {
                    let hint = codes::closest(given)
                        .map(|c| format!(" (did you mean `{c}`?)"))
                        .unwrap_or_default();
                    let mut located = Located::new(
                        None,
                        String::new(),
                        Position {
                            line: (first + offset).max(1),
                            column: 1,
                        },
                        Code::Suppression,
                        format!(
                            "`{}` is not a finding code, so it suppresses nothing{hint}",
                            echo(given)
                        ),
                    );
                    located.finding.severity = Severity::Warning;
                    problems.push(located);
                }
            }
        }
    }
}
