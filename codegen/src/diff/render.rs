//! The drift as text, Markdown and JSON, and each change as one line.

use std::fmt::Write as _;

use super::model::{
    unknown_keys_label, Change, Drift, ErratumChange, Impact, ModuleDrift, TerraformGaps,
};

impl ErratumChange {
    /// One line describing it; `code` formats names as for [`Change::describe`].
    pub fn describe(&self, code: &dyn Fn(&str) -> String) -> String {
        let text = |t: &Option<String>| t.as_deref().map_or_else(|| "none".to_owned(), code);
        let retire = if self.new.as_deref() == Some(self.erratum_upstream.as_str()) {
            "the erratum applies again"
        } else {
            "the erratum no longer applies: retire it from schemas/errata.toml if the new text is right, or update it"
        };
        format!(
            "upstream changed the text of {} that schemas/errata.toml corrects: {} → {}; {retire}",
            code(&format!("{}#{}", self.file, self.member)),
            text(&self.old),
            text(&self.new)
        )
    }
}

impl Change {
    /// One line describing the change; `code` formats names and values (identity for text,
    /// backticks for Markdown).
    pub fn describe(&self, code: &dyn Fn(&str) -> String) -> String {
        let opt = |v: &Option<String>| v.as_deref().map_or_else(|| "none".to_owned(), code);
        let member = |t: &str, m: &str| code(&format!("{t}.{m}"));
        let target = |t: &str, at: &str| {
            if at.is_empty() {
                code(t)
            } else {
                member(t, at)
            }
        };
        match self {
            Change::TypeAdded { type_name, kind } => format!("added {kind} {}", code(type_name)),
            Change::TypeRemoved { type_name, kind } => {
                format!("removed {kind} {}", code(type_name))
            }
            Change::TypeKindChanged {
                type_name,
                old,
                new,
            } => format!("{} changed from {old} to {new}", code(type_name)),
            Change::MemberAdded {
                type_name,
                member: m,
                shape,
                required,
            } => {
                format!(
                    "added member {} ({}, {})",
                    member(type_name, m),
                    code(shape),
                    if *required { "required" } else { "optional" }
                )
            }
            Change::MemberRemoved {
                type_name,
                member: m,
                shape,
                required,
            } => {
                format!(
                    "removed member {} ({}, {})",
                    member(type_name, m),
                    code(shape),
                    if *required { "required" } else { "optional" }
                )
            }
            Change::MemberRenamed {
                type_name,
                old,
                new,
            } => {
                format!("renamed member {} to {}", member(type_name, old), code(new))
            }
            Change::ShapeChanged {
                type_name,
                target: at,
                old,
                new,
            } => {
                format!(
                    "{} type: {} → {}",
                    target(type_name, at),
                    code(old),
                    code(new)
                )
            }
            Change::RequiredChanged {
                type_name,
                member: m,
                required,
            } => {
                format!(
                    "{} is {}",
                    member(type_name, m),
                    if *required {
                        "now required"
                    } else {
                        "no longer required"
                    }
                )
            }
            Change::ConstraintChanged {
                type_name,
                target: at,
                constraint,
            } => {
                let (old, new) = constraint.texts();
                format!(
                    "{} {}: {} → {}",
                    target(type_name, at),
                    constraint.keyword(),
                    opt(&old),
                    opt(&new)
                )
            }
            Change::EnumValueAdded { type_name, value } => {
                format!("added value {} to enum {}", code(value), code(type_name))
            }
            Change::EnumValueRemoved { type_name, value } => {
                format!(
                    "removed value {} from enum {}",
                    code(value),
                    code(type_name)
                )
            }
            Change::SensitivityChanged {
                type_name,
                member: m,
                old,
                new,
            } => {
                let label =
                    |v: &Option<String>| v.clone().unwrap_or_else(|| "not secret".to_owned());
                format!(
                    "{} secrecy: {} → {}",
                    member(type_name, m),
                    label(old),
                    label(new)
                )
            }
            Change::UnknownKeysChanged {
                type_name,
                old,
                new,
            } => format!(
                "{} unknown keys: {} → {}",
                code(type_name),
                unknown_keys_label(*old),
                unknown_keys_label(*new)
            ),
            Change::ResourceChanged {
                property,
                added,
                removed,
            } => {
                let mut parts = Vec::new();
                if !added.is_empty() {
                    parts.push(format!(
                        "added {}",
                        added.iter().map(|a| code(a)).collect::<Vec<_>>().join(", ")
                    ));
                }
                if !removed.is_empty() {
                    parts.push(format!(
                        "removed {}",
                        removed
                            .iter()
                            .map(|r| code(r))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                }
                format!("resource {}: {}", code(property), parts.join("; "))
            }
        }
    }
}

impl Drift {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.modules.is_empty() && self.errata.is_empty()
    }

    /// The highest impact of every change; `None` when nothing changed.
    pub fn impact(&self) -> Option<Impact> {
        let errata = (!self.errata.is_empty()).then_some(Impact::Documentation);
        self.modules
            .iter()
            .filter_map(ModuleDrift::impact)
            .chain(errata)
            .max()
    }

    /// The impact as a line: `semver impact: breaking` (`none` when nothing changed).
    fn impact_line(&self) -> String {
        format!(
            "semver impact: {}",
            self.impact().map_or("none", Impact::as_str)
        )
    }

    /// Plain text: one block per module, one indented block per group, one line per change.
    pub fn to_text(&self) -> String {
        if self.is_empty() {
            return "no drift\n".to_owned();
        }
        let mut out = String::new();
        let _ = writeln!(out, "{}", self.impact_line());
        for module in &self.modules {
            let _ = writeln!(out, "{}: {}", module.module, summary(module));
            for (group, changes) in &module.groups {
                let _ = writeln!(out, "  {}:", group.name());
                for change in changes {
                    let _ = writeln!(
                        out,
                        "    [{}] {}",
                        change.impact(),
                        change.describe(&|s| s.to_owned())
                    );
                }
            }
        }
        if !self.errata.is_empty() {
            let _ = writeln!(out, "errata:");
            for erratum in &self.errata {
                let _ = writeln!(out, "  {}", erratum.describe(&|s| s.to_owned()));
            }
        }
        if !self.terraform.is_empty() {
            let _ = writeln!(out, "terraform: members a provider cannot express");
            for gaps in &self.terraform {
                let _ = writeln!(out, "  {}:", gaps.heading());
                for gap in &gaps.members {
                    let mark = if gap.new { "[new] " } else { "" };
                    let _ = writeln!(out, "    {mark}{}", gap.member);
                }
            }
        }
        out
    }

    /// Markdown for a pull request or issue body: a heading per module and group, bullet lists.
    pub fn to_markdown(&self) -> String {
        if self.is_empty() {
            return "No drift.\n".to_owned();
        }
        let code = |s: &str| format!("`{s}`");
        let mut out = String::new();
        let _ = writeln!(
            out,
            "**Semver impact: {}**\n",
            self.impact().map_or("none", Impact::as_str)
        );
        for module in &self.modules {
            let _ = writeln!(out, "## `{}`\n\n{}.\n", module.module, summary(module));
            for (group, changes) in &module.groups {
                let _ = writeln!(out, "### {}\n", group.name());
                for change in changes {
                    let _ = writeln!(out, "- **{}** {}", change.impact(), change.describe(&code));
                }
                out.push('\n');
            }
        }
        if !self.errata.is_empty() {
            out.push_str("## Errata\n\n");
            for erratum in &self.errata {
                let _ = writeln!(out, "- {}", erratum.describe(&code));
            }
        }
        if !self.terraform.is_empty() {
            if !out.ends_with("\n\n") {
                out.push('\n');
            }
            out.push_str("## Terraform: members a provider cannot express\n\n");
            for gaps in &self.terraform {
                let _ = writeln!(out, "### {}\n", gaps.heading());
                for gap in &gaps.members {
                    let mark = if gap.new { "**new** " } else { "" };
                    let _ = writeln!(out, "- {mark}`{}`", gap.member);
                }
                out.push('\n');
            }
        }
        out.truncate(out.trim_end().len());
        out.push('\n');
        out
    }

    /// Pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a Drift is plain data") + "\n"
    }
}

impl TerraformGaps {
    /// `aws_appflow_connector_profile (hashicorp/aws 6.66.0): 16 api members, 1 new`.
    fn heading(&self) -> String {
        let new = self.members.iter().filter(|g| g.new).count();
        let new = if new == 0 {
            String::new()
        } else {
            format!(", {new} new")
        };
        format!(
            "{} ({}): {} {} members{new}",
            self.resource,
            self.provider,
            self.members.len(),
            self.module
        )
    }
}

fn summary(module: &ModuleDrift) -> String {
    let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}",
        plural(module.change_count(), "change"),
        plural(module.doc_changes, "documentation change")
    )
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::diff::{ConstraintChange, Group};
    use crate::ir::UnknownKeys;

    /// The JSON of typed constraint and unknown-key changes is what the string-typed differ
    /// wrote: keyword as `constraint`, values as text or `null`, policies in lowercase.
    #[test]
    fn typed_changes_serialize_as_text() {
        let mut groups = BTreeMap::new();
        groups.insert(
            Group::General,
            vec![
                Change::ConstraintChanged {
                    type_name: "T".into(),
                    target: "m".into(),
                    constraint: ConstraintChange::MaxLength(Some(512), None),
                },
                Change::UnknownKeysChanged {
                    type_name: "T".into(),
                    old: UnknownKeys::Keep,
                    new: UnknownKeys::Reject,
                },
            ],
        );
        let drift = Drift {
            modules: vec![ModuleDrift {
                module: "api".into(),
                groups,
                doc_changes: 0,
            }],
            errata: Vec::new(),
            terraform: Vec::new(),
        };
        let json: serde_json::Value = serde_json::from_str(&drift.to_json()).unwrap();
        assert_eq!(
            json["modules"][0]["groups"]["general"],
            serde_json::json!([
                {"change": "constraint_changed", "type_name": "T", "target": "m",
                 "constraint": "maxLength", "old": "512", "new": null, "impact": "additive"},
                {"change": "unknown_keys_changed", "type_name": "T", "old": "keep",
                 "new": "reject", "impact": "breaking"}
            ])
        );
        let text = drift.to_text();
        assert!(
            text.contains("[additive] `T.m` maxLength: 512 → none")
                || text.contains("[additive] T.m maxLength: 512 → none"),
            "{text}"
        );
        assert!(text.contains("T unknown keys: keep → reject"), "{text}");
        let pretty = drift.to_json();
        let keys: Vec<&str> = pretty
            .lines()
            .filter_map(|l| l.trim().split('"').nth(1))
            .collect();
        let at = keys.iter().position(|k| *k == "constraint").unwrap();
        assert_eq!(
            &keys[at - 3..at + 4],
            [
                "change",
                "type_name",
                "target",
                "constraint",
                "old",
                "new",
                "impact"
            ]
        );
    }
}
