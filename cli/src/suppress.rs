//! Suppressions: codes ignored for every file (`--ignore`, the config file), and in a template
//! per resource or for the whole template through `Metadata`:
//!
//! - ours, `Metadata: {appflow-profile: {ignore: [CODE, ...]}}` on a resource or at the top;
//! - cfn-lint's, `Metadata: {cfn-lint: {config: {ignore_checks: [ID, ...]}}}`, read as cfn-lint
//!   1.58.0 reads it: on a resource an id suppresses exactly that rule
//!   (`runner/template/runner.py`, `_check_metadata_directives`), at the top it is a prefix
//!   (`E30` suppresses E3002 and E3031; `rules/_rule.py`, `_rule_is_enabled`). A finding is
//!   suppressed when one of the cfn-lint rules [`codes`] maps its code to is.
//!
//! Our metadata that cannot be read, or names a code that does not exist, is a `suppression`
//! finding: a suppression that silently suppresses nothing is a trap. cfn-lint's metadata is
//! cfn-lint's to check; what does not have its shape is passed over, as cfn-lint does.

use std::collections::{BTreeMap, BTreeSet};

use appflow_connector_profile::validation::echo;
use appflow_connector_profile::Severity;

use crate::check::{Finding, Kind, Located};
use crate::codes::{self, AnyCode};
use crate::grammar;
use crate::source::{Node, Value};
use crate::template_codes::Code;

/// The key of our metadata.
pub const METADATA_KEY: &str = "appflow-profile";

/// What one scope (a resource, or the whole template) suppresses.
#[derive(Default, Debug)]
struct Scope {
    /// Our codes.
    codes: BTreeSet<AnyCode>,
    /// cfn-lint rule ids: exact on a resource, prefixes for the template.
    cfn_lint: BTreeSet<String>,
}

/// A document's suppressions, read from its `Metadata`.
#[derive(Default, Debug)]
pub struct Suppressions {
    template: Scope,
    resources: BTreeMap<String, Scope>,
    /// Problems with our metadata, as `suppression` findings.
    pub problems: Vec<Located>,
}

impl Suppressions {
    /// Reads a document's suppressions; only templates have any.
    pub fn read(root: &Node, kind: Kind) -> Self {
        let mut out = Suppressions::default();
        if kind != Kind::CfnTemplate {
            return out;
        }
        let Value::Map(top) = &root.value else {
            return out;
        };
        if let Some(metadata) = member(top, grammar::METADATA) {
            out.template = out.scope(metadata, None, format!("/{}", grammar::METADATA));
        }
        if let Some(Node {
            value: Value::Map(resources),
            ..
        }) = member(top, grammar::RESOURCES)
        {
            for (id, _, resource) in resources {
                let Value::Map(fields) = &resource.value else {
                    continue;
                };
                if let Some(metadata) = member(fields, grammar::METADATA) {
                    let base = format!(
                        "/{}/{}/{}",
                        grammar::RESOURCES,
                        echo(&crate::text::pointer_token(id)),
                        grammar::METADATA
                    );
                    let scope = out.scope(metadata, Some(id), base);
                    out.resources.insert(id.clone(), scope);
                }
            }
        }
        out
    }

    fn scope(&mut self, metadata: &Node, resource: Option<&str>, base: String) -> Scope {
        let mut scope = Scope::default();
        let Value::Map(entries) = &metadata.value else {
            return scope;
        };
        // cfn-lint's: a list of strings under cfn-lint.config.ignore_checks; anything else passed over.
        if let Some(Value::Seq(ids)) = member(entries, "cfn-lint")
            .and_then(|n| map_member(n, "config"))
            .and_then(|n| map_member(n, "ignore_checks"))
            .map(|n| &n.value)
        {
            for id in ids {
                if let Value::Str(id) = &id.value {
                    if !id.is_empty() {
                        scope.cfn_lint.insert(id.clone());
                    }
                }
            }
        }
        let Some(ours) = member(entries, METADATA_KEY) else {
            return scope;
        };
        let base = format!("{base}/{METADATA_KEY}");
        let Value::Map(ours_entries) = &ours.value else {
            self.problem(
                resource,
                base,
                ours,
                Severity::Error,
                "must be a mapping with the key `ignore` (a list of finding codes)".to_owned(),
            );
            return scope;
        };
        for (key, _, value) in ours_entries {
            if key != "ignore" {
                self.problem(
                    resource,
                    base.clone(),
                    value,
                    Severity::Error,
                    format!(
                        "unknown key `{}`; the only key is `ignore` (a list of finding codes)",
                        echo(key)
                    ),
                );
            }
        }
        let Some(list) = member(ours_entries, "ignore") else {
            return scope;
        };
        let base = format!("{base}/ignore");
        let Value::Seq(items) = &list.value else {
            self.problem(
                resource,
                base,
                list,
                Severity::Error,
                "`ignore` must be a list of finding codes".to_owned(),
            );
            return scope;
        };
        for (index, item) in items.iter().enumerate() {
            let pointer = format!("{base}/{index}");
            match &item.value {
                Value::Str(text) if item.tag.is_none() => {
                    match AnyCode::parse(text).filter(|code| codes::describe(*code).is_some()) {
                        Some(code) => {
                            scope.codes.insert(code);
                        }
                        None => {
                            let hint = codes::closest(text)
                                .map(|c| format!(" (did you mean `{c}`?)"))
                                .unwrap_or_default();
                            self.problem(
                                resource,
                                pointer,
                                item,
                                Severity::Warning,
                                format!(
                                    "`{}` is not a finding code, so it suppresses nothing{hint}",
                                    echo(text)
                                ),
                            );
                        }
                    }
                }
                _ => self.problem(
                    resource,
                    pointer,
                    item,
                    Severity::Error,
                    "each item of `ignore` must be a finding code (a plain string)".to_owned(),
                ),
            }
        }
        scope
    }

    fn problem(
        &mut self,
        resource: Option<&str>,
        pointer: String,
        node: &Node,
        severity: Severity,
        message: String,
    ) {
        self.problems.push(Located {
            resource: resource.map(str::to_owned),
            pointer: pointer.clone(),
            at: node.at,
            finding: Finding {
                pointer,
                code: AnyCode::Command(Code::Suppression),
                severity,
                message,
                suggestion: None,
                mentions: Vec::new(),
            },
        });
    }

    /// Whether the document's metadata suppresses `finding`.
    pub fn suppresses(&self, finding: &Located) -> bool {
        let code = finding.finding.code;
        let cfn_lint = codes::describe(code).map_or(&[][..], |c| c.cfn_lint);
        let template = self.template.codes.contains(&code)
            || cfn_lint.iter().any(|rule| {
                self.template
                    .cfn_lint
                    .iter()
                    .any(|prefix| rule.id.starts_with(prefix.as_str()))
            });
        if template {
            return true;
        }
        let Some(scope) = resource_of(finding).and_then(|id| self.resources.get(id)) else {
            return false;
        };
        scope.codes.contains(&code) || cfn_lint.iter().any(|rule| scope.cfn_lint.contains(rule.id))
    }
}

/// The logical id a finding is about: its resource, or else (a duplicate key, say) the resource
/// its pointer is under, as cfn-lint takes it from a match's path.
fn resource_of(finding: &Located) -> Option<&str> {
    finding.resource.as_deref().or_else(|| {
        let rest = finding
            .pointer
            .strip_prefix('/')?
            .strip_prefix(grammar::RESOURCES)?
            .strip_prefix('/')?;
        Some(rest.split('/').next().unwrap_or(rest))
    })
}

fn member<'a>(
    entries: &'a [(String, crate::source::Position, Node)],
    name: &str,
) -> Option<&'a Node> {
    // The last of duplicate keys, as the checks take it; the duplicate is reported.
    entries
        .iter()
        .rev()
        .find(|(k, _, _)| k == name)
        .map(|(_, _, node)| node)
}

fn map_member<'a>(node: &'a Node, name: &str) -> Option<&'a Node> {
    match &node.value {
        Value::Map(entries) => member(entries, name),
        _ => None,
    }
}

/// Codes ignored everywhere (`--ignore` and the config file's `ignore`).
#[derive(Default, Debug, Clone)]
pub struct Ignored {
    codes: BTreeSet<AnyCode>,
}

impl Ignored {
    /// Adds a code.
    pub fn add(&mut self, code: AnyCode) {
        self.codes.insert(code);
    }

    /// Keeps the findings neither `self` nor the document's metadata suppress (our metadata's
    /// own problems included); returns them and how many were suppressed.
    pub fn apply(
        &self,
        root: &Node,
        kind: Kind,
        mut findings: Vec<Located>,
    ) -> (Vec<Located>, usize) {
        let mut document = Suppressions::read(root, kind);
        let problems = std::mem::take(&mut document.problems);
        let total = findings.len() + problems.len();
        // Kept in place: findings are large, and most are kept.
        findings.retain(|f| !document.suppresses(f) && !self.codes.contains(&f.finding.code));
        findings.extend(
            problems
                .into_iter()
                .filter(|f| !self.codes.contains(&f.finding.code)),
        );
        let suppressed = total - findings.len();
        (findings, suppressed)
    }
}
