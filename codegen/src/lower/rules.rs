//! Resolves `schemas/rules.toml` against both modules: each rule's dotted API member paths become
//! field steps in the API anchor and, through the member links, in the CloudFormation type that
//! carries it. A rule that names a member, type or enum value the schemas lack is left out and
//! noted ([`crate::stale`]); a malformed one is an error.

use crate::error::Error;
use crate::ir::{
    Condition, Field, Leaf, MemberRef, Module, ModuleKind, Predicate, Rule, RuleInstance,
    RuleMention, Step, Struct, TypeDef, TypeRef,
};
use crate::read::data::{ConditionEntry, RuleEntry, Rules};
use crate::read::RULES;
use crate::stale::Stale;

/// Why a rule does not lower: it names something the schemas lack, or it is malformed.
enum Problem {
    /// The rule is left out, with a note.
    Stale { pointer: String, reason: String },
    /// Generation stops.
    Error(Error),
}

impl From<Error> for Problem {
    fn from(error: Error) -> Problem {
        Problem::Error(error)
    }
}

fn invalid(pointer: String, message: String) -> Problem {
    Problem::Error(Error::Invalid {
        file: RULES.to_owned(),
        pointer,
        message,
    })
}

fn stale(pointer: &str, reason: String) -> Problem {
    Problem::Stale {
        pointer: pointer.to_owned(),
        reason,
    }
}

/// Lowers every rule; `pairs` are the (CloudFormation, API) type pairs of the link step. A rule
/// naming what the schemas lack is left out and noted in `notes`.
pub fn lower(
    rules: &Rules,
    cfn: &Module,
    api: &Module,
    pairs: &[(String, String)],
    notes: &mut Vec<Stale>,
) -> Result<Vec<Rule>, Error> {
    let mut out = Vec::new();
    let mut ids = std::collections::BTreeSet::new();
    let mut variants = std::collections::BTreeSet::new();
    let unmentioned = std::cell::RefCell::new(Vec::new());
    let lists = ValueLists {
        reviewed: &rules.reviewed_values,
        unmentioned: &unmentioned,
    };
    for (i, entry) in rules.rules.iter().enumerate() {
        match lower_one(i, entry, (cfn, api), pairs, &lists, &mut ids, &mut variants) {
            Ok(rule) => out.push(rule),
            Err(Problem::Stale { pointer, reason }) => notes.push(Stale::new(
                RULES,
                pointer,
                format!("{reason}; rule `{}` is left out", entry.id),
            )),
            Err(Problem::Error(error)) => return Err(error),
        }
    }
    notes.extend(unmentioned.into_inner());
    Ok(out)
}

/// What `one_of`/`not_one_of` lists over an enum are checked against: `reviewed_values`, and the
/// notes for values upstream added that a list does not mention (the rule stays: it is right for
/// the values it names, and the review decides whether the new one belongs).
struct ValueLists<'a> {
    reviewed: &'a std::collections::BTreeMap<String, Vec<String>>,
    unmentioned: &'a std::cell::RefCell<Vec<Stale>>,
}

fn lower_one(
    i: usize,
    entry: &RuleEntry,
    (cfn, api): (&Module, &Module),
    pairs: &[(String, String)],
    lists: &ValueLists<'_>,
    ids: &mut std::collections::BTreeSet<String>,
    variants: &mut std::collections::BTreeSet<String>,
) -> Result<Rule, Problem> {
    let at = format!("/rule/{i}");
    if !ids.insert(entry.id.clone()) {
        return Err(invalid(
            format!("{at}/id"),
            format!("duplicate rule id {}", entry.id),
        ));
    }
    // The id is a finding code: lower-case words joined by `-`, each rule its own variant.
    let well_formed = entry.id.split('-').all(|w| {
        !w.is_empty()
            && w.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    });
    let variant = crate::ident::variant_name(&entry.id);
    if !well_formed || !variants.insert(variant.clone()) {
        return Err(invalid(
            format!("{at}/id"),
            format!(
                "rule id {} must be lower-case words joined by `-`, distinct from the others",
                entry.id
            ),
        ));
    }
    let error = match entry.severity.as_str() {
        "error" => true,
        "warning" => false,
        other => {
            return Err(invalid(
                format!("{at}/severity"),
                format!("severity must be error or warning, not {other}"),
            ))
        }
    };
    for module in &entry.applies_to {
        if module != "api" && module != "cfn" {
            return Err(invalid(
                format!("{at}/applies_to"),
                format!("unknown module {module}"),
            ));
        }
    }
    let mut instances = Vec::new();
    for (a, anchor) in entry.api_anchors.iter().enumerate() {
        let anchor_at = format!("{at}/api_anchors/{a}");
        if entry.applies_to.iter().any(|m| m == "api") {
            let resolver = Resolver {
                module: api,
                other: None,
                rule_at: &at,
                lists: Some((lists, &entry.id)),
                names: Default::default(),
            };
            instances.push(resolver.instance(entry, anchor, anchor, &anchor_at)?);
        }
        if entry.applies_to.iter().any(|m| m == "cfn") {
            // Only anchors that CloudFormation carries (the update request, say, has no resource).
            for (cfn_anchor, _) in pairs.iter().filter(|(_, a)| a == anchor) {
                if instances
                    .iter()
                    .any(|i: &RuleInstance| i.module == ModuleKind::Cfn && &i.anchor == cfn_anchor)
                {
                    continue;
                }
                // The lists are checked once: on the API, or here for a CloudFormation-only rule.
                let cfn_only = !entry.applies_to.iter().any(|m| m == "api");
                let resolver = Resolver {
                    module: cfn,
                    other: Some(api),
                    rule_at: &at,
                    lists: cfn_only.then_some((lists, entry.id.as_str())),
                    names: Default::default(),
                };
                instances.push(resolver.instance(entry, anchor, cfn_anchor, &anchor_at)?);
            }
        }
    }
    let mut superseded_by = Vec::new();
    for (s, id) in entry.superseded_by.iter().enumerate() {
        let variant = crate::ident::variant_name(id);
        // Earlier rules only: their findings are in when this one runs.
        if !ids.contains(id) || id == &entry.id || !variants.contains(&variant) {
            return Err(invalid(
                format!("{at}/superseded_by/{s}"),
                format!("`{id}` is not a rule listed before this one"),
            ));
        }
        superseded_by.push(variant);
    }
    Ok(Rule {
        id: entry.id.clone(),
        variant,
        error,
        message: entry.message.clone(),
        source_title: entry.source.title.clone(),
        source_url: entry.source.url.clone(),
        instances,
        superseded_by,
    })
}

/// `message` with each API member name (a whole word) as this module spells it, and where
/// each such name is in the result with the member's steps from the anchor
/// ([`RuleMention`]s, in message order).
fn respell(message: &str, names: &[(String, Vec<String>)]) -> (String, Vec<RuleMention>) {
    let mut out = String::new();
    let mut mentions = Vec::new();
    let mut word = String::new();
    // Only names that cannot be English words (camelCase: `connectorLabel`, `disableSSO`), so
    // "the basic credentials" keeps its word though a member is called `basic`.
    let mut flush = |word: &mut String, out: &mut String| {
        let identifier = word.chars().skip(1).any(|c| c.is_ascii_uppercase());
        match names.iter().find(|(api, _)| identifier && api == word) {
            Some((_, steps)) => {
                let own = steps.last().map_or(word.as_str(), String::as_str);
                mentions.push(RuleMention {
                    range: out.len()..out.len() + own.len(),
                    steps: steps.clone(),
                });
                out.push_str(own);
            }
            None => out.push_str(word),
        }
        word.clear();
    };
    for c in message.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    (out, mentions)
}

/// Resolves API member paths in `module` (the API itself, or CloudFormation through the links).
/// A resolved path: its steps, the field it reaches (none for the anchor itself) and the struct
/// that field holds, if any.
type Resolved = (Vec<Step>, Option<Field>, Option<String>);

/// The API anchor and the type of this module the rule is checked on.
struct Anchors<'a> {
    api: &'a Struct,
    own: &'a Struct,
}

struct Resolver<'a> {
    module: &'a Module,
    /// The API module when resolving CloudFormation paths.
    other: Option<&'a Module>,
    rule_at: &'a str,
    /// Checks the value lists, with the rule's id (on one module only, so each list is checked
    /// once).
    lists: Option<(&'a ValueLists<'a>, &'a str)>,
    /// Every API member name a path went through, with this module's steps from the anchor to
    /// it (the last its name in this module).
    names: std::cell::RefCell<Vec<(String, Vec<String>)>>,
}

impl Resolver<'_> {
    fn instance(
        &self,
        entry: &RuleEntry,
        api_anchor: &str,
        own_anchor: &str,
        anchor_at: &str,
    ) -> Result<RuleInstance, Problem> {
        let api = self.other.unwrap_or(self.module);
        let dangling = |module: &Module, name: &str| {
            stale(
                anchor_at,
                format!("module {} has no struct {name}", module.kind.module_name()),
            )
        };
        let api_struct = api
            .struct_named(api_anchor)
            .ok_or_else(|| dangling(api, api_anchor))?;
        let own_struct = self
            .module
            .struct_named(own_anchor)
            .ok_or_else(|| dangling(self.module, own_anchor))?;
        let anchors = Anchors {
            api: api_struct,
            own: own_struct,
        };
        let conditions = |list: &[ConditionEntry], key: &str| -> Result<Vec<Condition>, Problem> {
            list.iter()
                .enumerate()
                .map(|(j, c)| self.condition(c, &anchors, &format!("{}/{key}/{j}", self.rule_at)))
                .collect()
        };
        let when = conditions(&entry.when, "when")?;
        let then = conditions(&entry.then, "then")?;
        let (message, mentions) = respell(&entry.message, &self.names.borrow());
        Ok(RuleInstance {
            module: self.module.kind,
            anchor: own_anchor.to_owned(),
            when,
            then,
            message,
            mentions,
        })
    }

    /// The steps of a dotted API path from the anchors, in this module, the field reached and
    /// the struct it holds (the anchor itself for an empty path).
    fn path(&self, anchors: &Anchors<'_>, dotted: &str, at: &str) -> Result<Resolved, Problem> {
        let api = self.other.unwrap_or(self.module);
        let mut api_struct = anchors.api;
        let mut own = anchors.own;
        let mut steps = Vec::new();
        let mut leaf: Option<Field> = None;
        let segments: Vec<&str> = if dotted.is_empty() {
            Vec::new()
        } else {
            dotted.split('.').collect()
        };
        for (n, segment) in segments.iter().enumerate() {
            let api_field = api_struct
                .fields
                .iter()
                .find(|f| f.wire_name == *segment)
                .ok_or_else(|| stale(at, format!("{} has no member {segment}", api_struct.name)))?;
            let field = match self.other {
                None => api_field.clone(),
                Some(_) => self
                    .counterpart_in(own, &api_struct.name, api_field)
                    .ok_or_else(|| {
                        stale(
                            at,
                            format!(
                                "{} has no member carrying {}.{segment}",
                                own.name, api_struct.name
                            ),
                        )
                    })?,
            };
            steps.push(Step {
                wire_name: field.wire_name.clone(),
                rust_name: field.rust_name.clone(),
                required: field.required,
            });
            self.names.borrow_mut().push((
                (*segment).to_owned(),
                steps.iter().map(|s| s.wire_name.clone()).collect(),
            ));
            if n + 1 < segments.len() {
                let not_struct = || invalid(at.to_owned(), format!("{segment} is not a structure"));
                api_struct = named_struct(api, &api_field.shape.ty).ok_or_else(not_struct)?;
                own = named_struct(self.module, &field.shape.ty).ok_or_else(not_struct)?;
            }
            leaf = Some(field);
        }
        let struct_name = match &leaf {
            None => Some(own.name.clone()),
            Some(f) => named_struct(self.module, &f.shape.ty).map(|s| s.name.clone()),
        };
        Ok((steps, leaf, struct_name))
    }

    fn counterpart_in(&self, own: &Struct, api_struct: &str, api_field: &Field) -> Option<Field> {
        let target = MemberRef {
            module: ModuleKind::Api,
            type_name: api_struct.to_owned(),
            wire_name: api_field.wire_name.clone(),
        };
        own.fields
            .iter()
            .find(|f| {
                f.counterpart.as_ref() == Some(&target)
                    || api_field
                        .counterpart
                        .as_ref()
                        .is_some_and(|c| c.type_name == own.name && c.wire_name == f.wire_name)
            })
            .cloned()
    }

    fn leaf_of(&self, field: Option<&Field>) -> Leaf {
        let Some(field) = field else {
            return Leaf::Struct;
        };
        match &field.shape.ty {
            TypeRef::String if field.sensitive.is_some() => Leaf::SecretString,
            TypeRef::String => Leaf::String,
            TypeRef::Boolean => Leaf::Boolean,
            TypeRef::Named(n) => match self.module.types.get(n) {
                Some(TypeDef::Enum(_)) => Leaf::Enum,
                Some(TypeDef::Struct(_)) => Leaf::Struct,
                _ => Leaf::Other,
            },
            _ => Leaf::Other,
        }
    }

    fn optional_members(
        &self,
        struct_name: Option<&str>,
        names: Option<&[String]>,
        at: &str,
        anchors: &Anchors<'_>,
        path: &str,
    ) -> Result<Vec<Step>, Problem> {
        let own = struct_name
            .and_then(|n| self.module.struct_named(n))
            .ok_or_else(|| invalid(at.to_owned(), format!("{path} is not a structure")))?;
        match names {
            None => Ok(own
                .fields
                .iter()
                .map(|f| Step {
                    wire_name: f.wire_name.clone(),
                    rust_name: f.rust_name.clone(),
                    required: f.required,
                })
                .collect()),
            Some(names) => names
                .iter()
                .map(|name| {
                    let dotted = if path.is_empty() {
                        name.clone()
                    } else {
                        format!("{path}.{name}")
                    };
                    let (steps, _, _) = self.path(anchors, &dotted, at)?;
                    Ok(steps.last().cloned().expect("a named member has a step"))
                })
                .collect(),
        }
    }

    fn condition(
        &self,
        c: &ConditionEntry,
        anchors: &Anchors<'_>,
        at: &str,
    ) -> Result<Condition, Problem> {
        let (path, leaf_field, struct_name) = self.path(anchors, &c.path, at)?;
        let leaf = self.leaf_of(leaf_field.as_ref());
        let mut predicates = Vec::new();
        if let Some(present) = c.present {
            predicates.push(Predicate::Present(present));
        }
        for (value, negated) in [(&c.equals, false), (&c.not_equals, true)] {
            match value {
                Some(toml::Value::Boolean(b)) => {
                    predicates.push(Predicate::EqualsBool { value: *b, negated })
                }
                Some(toml::Value::String(s)) if !negated => {
                    if let (Leaf::Enum, Some(field)) = (leaf, &leaf_field) {
                        self.check_enum_value(field, s, at)?;
                    }
                    predicates.push(Predicate::EqualsString(s.clone()))
                }
                Some(other) => {
                    return Err(invalid(
                        at.to_owned(),
                        format!("unsupported comparison value {other}"),
                    ))
                }
                None => {}
            }
        }
        for (values, negated) in [(&c.one_of, false), (&c.not_one_of, true)] {
            if let Some(values) = values {
                if let (Leaf::Enum, Some(field)) = (leaf, &leaf_field) {
                    let key = if negated { "not_one_of" } else { "one_of" };
                    self.check_value_list(field, values, &format!("{at}/{key}"))?;
                }
                predicates.push(Predicate::OneOf {
                    values: values.clone(),
                    negated,
                });
            }
        }
        if c.not_empty == Some(true) {
            predicates.push(Predicate::NotEmpty);
        }
        if c.at_most_one_member == Some(true) {
            let members =
                self.optional_members(struct_name.as_deref(), None, at, anchors, &c.path)?;
            predicates.push(Predicate::CountSet {
                members,
                min: 0,
                max: Some(1),
            });
        }
        if let Some(names) = &c.exactly_one_of {
            let members =
                self.optional_members(struct_name.as_deref(), Some(names), at, anchors, &c.path)?;
            predicates.push(Predicate::CountSet {
                members,
                min: 1,
                max: Some(1),
            });
        }
        if let Some(names) = &c.at_least_one_of {
            let members =
                self.optional_members(struct_name.as_deref(), Some(names), at, anchors, &c.path)?;
            predicates.push(Predicate::CountSet {
                members,
                min: 1,
                max: None,
            });
        }
        if let Some(container) = &c.one_of_variants_in {
            let (_, _, container_struct) = self.path(anchors, container, at)?;
            let values = self.variants_in(leaf_field.as_ref(), container_struct.as_deref(), at)?;
            predicates.push(Predicate::OneOf {
                values,
                negated: false,
            });
        }
        if let Some(container) = &c.names_member_of {
            let (container_steps, _, container_struct) = self.path(anchors, container, at)?;
            let members =
                self.optional_members(container_struct.as_deref(), None, at, anchors, container)?;
            predicates.push(Predicate::NamesMemberOf {
                container: container_steps,
                members,
            });
        }
        if let Some(other_path) = &c.same_members_as {
            let (other, _, other_struct) = self.path(anchors, other_path, at)?;
            let members =
                self.optional_members(struct_name.as_deref(), None, at, anchors, &c.path)?;
            let other_members =
                self.optional_members(other_struct.as_deref(), None, at, anchors, other_path)?;
            predicates.push(Predicate::SameMembersAs {
                members,
                other,
                other_members,
            });
        }
        if let Some(value_path) = &c.has_member_named_by {
            let (value_steps, value_field, _) = self.path(anchors, value_path, at)?;
            let members =
                self.optional_members(struct_name.as_deref(), None, at, anchors, &c.path)?;
            predicates.push(Predicate::HasMemberNamedBy {
                value: value_steps,
                value_leaf: self.leaf_of(value_field.as_ref()),
                members,
            });
        }
        if predicates.len() != 1 {
            return Err(invalid(
                at.to_owned(),
                format!(
                    "a condition needs exactly one predicate, found {}",
                    predicates.len()
                ),
            ));
        }
        let predicate = predicates.remove(0);
        let fits = matches!(
            (&predicate, leaf),
            (
                Predicate::EqualsString(_)
                    | Predicate::OneOf { .. }
                    | Predicate::NamesMemberOf { .. },
                Leaf::Enum | Leaf::String
            ) | (Predicate::EqualsBool { .. }, Leaf::Boolean)
                | (Predicate::NotEmpty, Leaf::String | Leaf::SecretString)
                | (
                    Predicate::CountSet { .. }
                        | Predicate::HasMemberNamedBy { .. }
                        | Predicate::SameMembersAs { .. },
                    Leaf::Struct
                )
                | (Predicate::Present(_), _)
        );
        if !fits {
            return Err(invalid(
                at.to_owned(),
                format!("the predicate does not fit the member at `{}`", c.path),
            ));
        }
        Ok(Condition {
            path,
            leaf,
            predicate,
        })
    }

    /// A list of an enum's values, in the module that checks it (the API, unless the rule is
    /// CloudFormation's only; the other module may lack some, as CloudFormation lacks
    /// `Honeycode`): each one a value of the enum (else stale), and every value
    /// of the enum either in the list or in `reviewed_values` (else a note naming the rule and
    /// the values, the rule kept). An enum without `reviewed_values` is an error: its lists could
    /// go stale silently.
    fn check_value_list(&self, field: &Field, values: &[String], at: &str) -> Result<(), Problem> {
        let (Some((lists, rule)), TypeRef::Named(n)) = (self.lists, &field.shape.ty) else {
            return Ok(());
        };
        for value in values {
            self.check_enum_value(field, value, at)?;
        }
        let Some(TypeDef::Enum(e)) = self.module.types.get(n) else {
            return Ok(());
        };
        let Some(reviewed) = lists.reviewed.get(n) else {
            return Err(invalid(
                at.to_owned(),
                format!(
                    "a list of {n} values needs `reviewed_values.{n}`: the values it was decided against"
                ),
            ));
        };
        let new: Vec<String> = e
            .values
            .iter()
            .map(|v| v.wire.clone())
            .filter(|v| !values.contains(v) && !reviewed.contains(v))
            .collect();
        if !new.is_empty() {
            let shown: Vec<String> = new.iter().map(|v| format!("`{v}`")).collect();
            lists.unmentioned.borrow_mut().push(Stale::new(
                RULES,
                at.to_owned(),
                format!(
                    "rule `{rule}` does not mention the new {n} value(s) {}: decide whether each belongs in this list, then add it to `reviewed_values.{n}`",
                    shown.join(", ")
                ),
            ));
        }
        Ok(())
    }

    /// The values of the enum `field` holds that name (ignoring ASCII case) a member of the
    /// struct `container` whose type is a struct with members, in the enum's order.
    fn variants_in(
        &self,
        field: Option<&Field>,
        container: Option<&str>,
        at: &str,
    ) -> Result<Vec<String>, Problem> {
        let e = match field.map(|f| &f.shape.ty) {
            Some(TypeRef::Named(n)) => match self.module.types.get(n) {
                Some(TypeDef::Enum(e)) => e,
                _ => {
                    return Err(invalid(
                        at.to_owned(),
                        "one_of_variants_in needs an enum member".to_owned(),
                    ))
                }
            },
            _ => {
                return Err(invalid(
                    at.to_owned(),
                    "one_of_variants_in needs an enum member".to_owned(),
                ))
            }
        };
        let container = container
            .and_then(|name| self.module.struct_named(name))
            .ok_or_else(|| {
                invalid(
                    at.to_owned(),
                    "one_of_variants_in names no struct".to_owned(),
                )
            })?;
        let with_members = |f: &Field| {
            named_struct(self.module, &f.shape.ty).is_some_and(|s| !s.fields.is_empty())
        };
        Ok(e.values
            .iter()
            .filter(|v| {
                container
                    .fields
                    .iter()
                    .any(|f| f.wire_name.eq_ignore_ascii_case(&v.wire) && with_members(f))
            })
            .map(|v| v.wire.clone())
            .collect())
    }

    fn check_enum_value(&self, field: &Field, value: &str, at: &str) -> Result<(), Problem> {
        if let TypeRef::Named(n) = &field.shape.ty {
            if let Some(TypeDef::Enum(e)) = self.module.types.get(n) {
                if !e.values.iter().any(|v| v.wire == value) {
                    return Err(stale(at, format!("{value} is not a value of {n}")));
                }
            }
        }
        Ok(())
    }
}

fn named_struct<'m>(module: &'m Module, ty: &TypeRef) -> Option<&'m Struct> {
    match ty {
        TypeRef::Named(n) => module.struct_named(n),
        _ => None,
    }
}
