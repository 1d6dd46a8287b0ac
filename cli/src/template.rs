//! What a template says beyond a resource's properties, for reasoning about them as
//! CloudFormation would: parameters (type, `Default`, `AllowedValues`, `NoEcho`), `Mappings`,
//! `Conditions`, and the other resources' types (for what their `Ref`/`Fn::GetAtt` return).
//! [`Template::resolve`] turns an intrinsic into the values it can take, when the template fixes
//! them.

use std::collections::BTreeMap;

use std::collections::BTreeSet;

use crate::cloudformation::functions::{self, call, Args, Attribute, Call};
use crate::dynref;
use crate::forms;
use crate::grammar;
use crate::source::{Node, Value};

/// At most this many values are tried for one intrinsic (allowed values, their combinations
/// in a `Fn::Join`/`Fn::Sub`); the rest are not checked.
pub const MAX_CANDIDATES: usize = 16;

/// What a scenario of the template's conditions says about the parameters: `Fn::Equals` atoms
/// that hold (`parameter = value`) or fail in every assignment giving it
/// ([`crate::conditions::scenarios`]). A `Ref` to the parameter then takes only the values left
/// (`HasKey: !Not [!Equals [!Ref KeyArn, ""]]` true: `KeyArn` is not its empty default).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Known {
    /// Parameters whose value is fixed.
    pub equal: BTreeMap<String, String>,
    /// Values parameters cannot have.
    pub not_equal: BTreeMap<String, BTreeSet<String>>,
}

impl Known {
    /// Whether `parameter` can be `value`.
    pub fn allows(&self, parameter: &str, value: &str) -> bool {
        self.equal.get(parameter).is_none_or(|v| v == value)
            && !self
                .not_equal
                .get(parameter)
                .is_some_and(|vs| vs.contains(value))
    }
}

/// A template parameter.
#[derive(Debug, Clone, Default)]
pub struct Parameter {
    /// `Type`.
    pub type_name: String,
    /// `Default`, as text.
    pub default: Option<String>,
    /// `AllowedValues`, as text.
    pub allowed: Vec<String>,
    /// `NoEcho: true`.
    pub no_echo: bool,
}

impl Parameter {
    /// Whether a `Ref` to it gives its value as written (not, say, an SSM parameter's name).
    fn plain(&self) -> bool {
        matches!(self.type_name.as_str(), "String" | "Number")
    }
}

/// The parts of a template that the properties of a resource can refer to.
#[derive(Debug, Default)]
pub struct Template<'a> {
    /// Parameters by name.
    pub parameters: BTreeMap<&'a str, Parameter>,
    /// `Mappings`.
    pub mappings: Option<&'a Node>,
    /// `Conditions` by name.
    pub conditions: BTreeMap<&'a str, &'a Node>,
    /// Whether the document is a template (with a `Conditions` section to name conditions in);
    /// a lone Properties document leaves every condition open.
    pub is_template: bool,
    /// Resource types by logical id.
    pub resources: BTreeMap<&'a str, &'a str>,
}

fn entries(node: &Node) -> &[(String, crate::source::Position, Node)] {
    match &node.value {
        Value::Map(entries) => entries,
        _ => &[],
    }
}

fn member<'a>(node: &'a Node, name: &str) -> Option<&'a Node> {
    entries(node)
        .iter()
        .rev()
        .find(|(k, _, _)| k == name)
        .map(|(_, _, n)| n)
}

/// A scalar as CloudFormation passes it on: text.
pub fn scalar_text(node: &Node) -> Option<String> {
    if call(node).is_some() {
        return None;
    }
    match &node.value {
        Value::Str(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

impl<'a> Template<'a> {
    /// Reads the sections of a template (`root` a mapping; anything else gives an empty one).
    pub fn read(root: &'a Node) -> Self {
        let mut template = Template {
            is_template: true,
            ..Template::default()
        };
        if let Some(parameters) = member(root, grammar::PARAMETERS) {
            for (name, _, p) in entries(parameters) {
                let allowed = match member(p, grammar::ALLOWED_VALUES).map(|a| &a.value) {
                    Some(Value::Seq(items)) => items.iter().filter_map(scalar_text).collect(),
                    _ => Vec::new(),
                };
                let no_echo = member(p, grammar::NO_ECHO).is_some_and(|n| {
                    matches!(&n.value, Value::Bool(true))
                        || matches!(&n.value, Value::Str(s) if s.eq_ignore_ascii_case("true"))
                });
                template.parameters.insert(
                    name,
                    Parameter {
                        type_name: member(p, grammar::TYPE)
                            .and_then(scalar_text)
                            .unwrap_or_default(),
                        default: member(p, grammar::DEFAULT).and_then(scalar_text),
                        allowed,
                        no_echo,
                    },
                );
            }
        }
        template.mappings = member(root, grammar::MAPPINGS);
        // Collected rather than inserted one by one: a map built from pairs sorts them once (in
        // a template's usual order, already sorted) and keeps the last of a repeated key, as
        // inserting would; inserting a thousand logical ids was a thirtieth of checking a
        // template of a thousand profiles.
        if let Some(conditions) = member(root, grammar::CONDITIONS) {
            template.conditions = entries(conditions)
                .iter()
                .map(|(name, _, c)| (name.as_str(), c))
                .collect();
        }
        if let Some(resources) = member(root, grammar::RESOURCES) {
            template.resources = entries(resources)
                .iter()
                .filter_map(
                    |(id, _, r)| match member(r, grammar::TYPE).map(|t| &t.value) {
                        Some(Value::Str(t)) => Some((id.as_str(), t.as_str())),
                        _ => None,
                    },
                )
                .collect();
        }
        template
    }
}

/// Where a resolved value comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A parameter's value: one of its `AllowedValues` (`allowed`), or its `Default`.
    Parameter {
        /// Its name.
        name: String,
        /// From `AllowedValues` rather than `Default`.
        allowed: bool,
        /// `NoEcho`: the value is never shown.
        no_echo: bool,
    },
    /// The default of a value another dialect knows only later (a Terraform variable's).
    Default {
        /// Whose default (`region` for `variable "region"`).
        name: String,
        /// The value must not be shown (a `sensitive` variable's).
        hidden: bool,
    },
    /// Another resource's return value.
    ReturnValue {
        /// `!Ref R` or `!GetAtt R.A`.
        spelled: String,
        /// Its resource type.
        type_name: String,
        /// The form, in words.
        form: &'static str,
    },
}

/// One value an intrinsic can take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The value.
    pub value: String,
    /// The template's choices that give it (none: it is the only value).
    pub sources: Vec<Source>,
}

impl Candidate {
    /// Whether a parameter takes part (the value then depends on the deployment).
    pub fn depends_on_parameters(&self) -> bool {
        self.sources
            .iter()
            .any(|s| matches!(s, Source::Parameter { .. } | Source::Default { .. }))
    }

    /// The return value it is, if it is one.
    pub fn return_value(&self) -> Option<&Source> {
        self.sources
            .iter()
            .find(|s| matches!(s, Source::ReturnValue { .. }))
    }
}

/// The values of an intrinsic the template fixes.
#[derive(Debug, Clone)]
pub struct Resolution {
    /// The function as written (`!Ref Env`, `Fn::Join`).
    pub spelled: String,
    /// Its values (at most [`MAX_CANDIDATES`]).
    pub candidates: Vec<Candidate>,
}

fn literal(text: &str) -> Vec<Candidate> {
    vec![Candidate {
        value: text.to_owned(),
        sources: Vec::new(),
    }]
}

/// Every concatenation of one candidate of each part, at most [`MAX_CANDIDATES`].
fn product(parts: Vec<Vec<Candidate>>, separator: &str) -> Vec<Candidate> {
    let mut out = literal("");
    for (i, part) in parts.into_iter().enumerate() {
        let mut next = Vec::new();
        'outer: for left in &out {
            for right in &part {
                if next.len() == MAX_CANDIDATES {
                    break 'outer;
                }
                let mut sources = left.sources.clone();
                sources.extend(right.sources.iter().cloned());
                let sep = if i == 0 { "" } else { separator };
                next.push(Candidate {
                    value: format!("{}{sep}{}", left.value, right.value),
                    sources,
                });
            }
        }
        out = next;
    }
    out
}

impl Template<'_> {
    /// The values of `node` (a literal or an intrinsic), if the template fixes them.
    fn values(&self, node: &Node, depth: usize, known: &Known) -> Option<Vec<Candidate>> {
        match call(node) {
            Some(call) => self.call_values(&call, depth + 1, known),
            None => match &node.value {
                Value::Str(s) if dynref::contains(s) => None,
                _ => scalar_text(node).map(|t| literal(&t)),
            },
        }
    }

    fn call_values(&self, call: &Call<'_>, depth: usize, known: &Known) -> Option<Vec<Candidate>> {
        // Nesting is bounded by the source's depth limit; this is a second, cheaper guard.
        if depth > 32 {
            return None;
        }
        match call.args()? {
            Args::Ref(name) => self.ref_values(name, call.is_short(), known),
            Args::GetAtt {
                resource,
                attribute: Attribute::Name(attribute),
            } => self.getatt_values(resource, attribute, call.is_short()),
            Args::FindInMap {
                map,
                top,
                second,
                default: None,
            } => {
                let mut keys = Vec::new();
                for item in [map, top, second] {
                    match (&item.value, call_of(item)) {
                        (Value::Str(s), false) => keys.push(s.as_str()),
                        _ => return None,
                    }
                }
                let found = member(member(self.mappings?, keys[0])?, keys[1])?;
                let found = member(found, keys[2])?;
                scalar_text(found).map(|t| literal(&t))
            }
            Args::Join { separator, list } => {
                if call_of(list) {
                    return None;
                }
                let Value::Seq(parts) = &list.value else {
                    return None;
                };
                let parts = parts
                    .iter()
                    .map(|p| self.values(p, depth, known))
                    .collect::<Option<Vec<_>>>()?;
                Some(product(parts, separator))
            }
            Args::Sub {
                text,
                variables: None,
            } => self.sub_values(text, &[], depth, known),
            Args::Sub {
                text,
                variables: Some(variables),
            } => match &variables.value {
                Value::Map(vars) if !call_of(variables) => {
                    self.sub_values(text, vars, depth, known)
                }
                _ => None,
            },
            _ => None,
        }
    }

    fn ref_values(&self, name: &str, short: bool, known: &Known) -> Option<Vec<Candidate>> {
        if let Some(p) = self.parameters.get(name) {
            if !p.plain() {
                return None;
            }
            // Only the values tried are copied: a parameter with many allowed values, referred
            // to many times, must not cost their product.
            let (values, allowed) = if !p.allowed.is_empty() {
                (p.allowed.as_slice(), true)
            } else {
                (std::slice::from_ref(p.default.as_ref()?), false)
            };
            let candidates: Vec<Candidate> = values
                .iter()
                .filter(|v| known.allows(name, v))
                .take(MAX_CANDIDATES)
                .map(|value| Candidate {
                    value: value.clone(),
                    sources: vec![Source::Parameter {
                        name: name.to_owned(),
                        allowed,
                        no_echo: p.no_echo,
                    }],
                })
                .collect();
            // The conditions rule out every value: unknown after all.
            return (!candidates.is_empty()).then_some(candidates);
        }
        let type_name = self.resources.get(name)?;
        let form = forms::reference(type_name)?;
        let spelled = functions::spelled_ref(name, short);
        Some(vec![return_value(form, spelled, type_name)])
    }

    fn getatt_values(
        &self,
        resource: &str,
        attribute: &str,
        short: bool,
    ) -> Option<Vec<Candidate>> {
        let type_name = self.resources.get(resource)?;
        let form = forms::attribute(type_name, attribute)?;
        let spelled = functions::spelled_get_att(resource, attribute, short);
        Some(vec![return_value(form, spelled, type_name)])
    }

    /// `Fn::Sub`: `${Name}` is a variable, a parameter or (not resolved here) a pseudo
    /// parameter or resource; `${!Text}` is the literal `${Text}`.
    fn sub_values(
        &self,
        text: &str,
        variables: &[(String, crate::source::Position, Node)],
        depth: usize,
        known: &Known,
    ) -> Option<Vec<Candidate>> {
        if dynref::contains(text) {
            return None;
        }
        let mut parts = Vec::new();
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            parts.push(literal(&rest[..start]));
            let after = &rest[start + 2..];
            let end = after.find('}')?;
            let name = &after[..end];
            if let Some(escaped) = name.strip_prefix('!') {
                parts.push(literal(&format!("${{{escaped}}}")));
            } else if let Some((_, _, value)) = variables.iter().rev().find(|(k, _, _)| k == name) {
                parts.push(self.values(value, depth, known)?);
            } else if name.contains('.') || name.starts_with("AWS::") {
                return None;
            } else {
                parts.push(self.ref_values(name, true, known)?);
            }
            rest = &after[end + 1..];
        }
        parts.push(literal(rest));
        Some(product(parts, ""))
    }

    /// The values `call` can take, if the template fixes them: a plain parameter's allowed
    /// values or default, a `Fn::FindInMap` of literal keys, a `Fn::Join` or `Fn::Sub` of such
    /// parts, another resource's return value of a known form.
    pub fn resolve(&self, call: &Call<'_>, known: &Known) -> Option<Resolution> {
        let candidates = self.call_values(call, 0, known)?;
        if candidates.is_empty() {
            return None;
        }
        let spelled = call.spelled_with_name();
        Some(Resolution {
            spelled,
            candidates,
        })
    }
}

fn call_of(node: &Node) -> bool {
    call(node).is_some()
}

fn return_value(form: &'static forms::Form, spelled: String, type_name: &str) -> Candidate {
    Candidate {
        value: form.example.clone(),
        sources: vec![Source::ReturnValue {
            spelled,
            type_name: type_name.to_owned(),
            form: &form.form,
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::parse;

    fn values(template: &str, expression: &str) -> Option<Vec<String>> {
        let root = parse(template, false).unwrap();
        let t = Template::read(&root);
        let node = parse(expression, false).unwrap();
        let c = call(&node)?;
        t.resolve(&c, &Known::default())
            .map(|r| r.candidates.into_iter().map(|c| c.value).collect())
    }

    const T: &str = "Parameters:\n  Env: {Type: String, AllowedValues: [dev, prod]}\n  Name: {Type: String, Default: n1}\n  Free: {Type: String}\n  FromSsm: {Type: 'AWS::SSM::Parameter::Value<String>', Default: /a/b}\nMappings:\n  M: {eu: {key: arn:aws:kms:eu-west-1:1:key/x, port: 443}}\nResources:\n  Key: {Type: AWS::KMS::Key}\n  Role: {Type: AWS::IAM::Role}\n  Other: {Type: AWS::SNS::Topic}\n";

    #[test]
    fn parameters_mappings_joins_and_subs_resolve() {
        assert_eq!(
            values(T, "!Ref Env"),
            Some(vec!["dev".into(), "prod".into()])
        );
        assert_eq!(values(T, "!Ref Name"), Some(vec!["n1".into()]));
        assert_eq!(values(T, "!Ref Free"), None);
        assert_eq!(
            values(T, "!Ref FromSsm"),
            None,
            "the default is the SSM name, not the value"
        );
        assert_eq!(values(T, "!Ref AWS::Region"), None);
        assert_eq!(
            values(T, "!FindInMap [M, eu, key]"),
            Some(vec!["arn:aws:kms:eu-west-1:1:key/x".into()])
        );
        assert_eq!(
            values(T, "!FindInMap [M, eu, port]"),
            Some(vec!["443".into()])
        );
        assert_eq!(values(T, "!FindInMap [M, !Ref AWS::Region, key]"), None);
        assert_eq!(values(T, "!FindInMap [M, us, key]"), None);
        assert_eq!(
            values(T, "!Join ['-', [a, !Ref Env]]"),
            Some(vec!["a-dev".into(), "a-prod".into()])
        );
        assert_eq!(
            values(T, "!Sub 'x-${Env}-${Name}-${!Literal}'"),
            Some(vec![
                "x-dev-n1-${Literal}".into(),
                "x-prod-n1-${Literal}".into()
            ])
        );
        assert_eq!(values(T, "!Sub 'x-${AWS::Region}'"), None);
        assert_eq!(
            values(T, "!Sub ['${A}-b', {A: !Ref Name}]"),
            Some(vec!["n1-b".into()])
        );
        assert_eq!(values(T, "!Sub '{{resolve:ssm:/x}}'"), None);
        assert_eq!(values(T, "!Join ['', ['{{resolve:ssm:/x}}']]"), None);
    }

    #[test]
    fn return_values_come_from_the_data_file() {
        assert_eq!(
            values(T, "!Ref Key"),
            Some(vec!["1234abcd-12ab-34cd-56ef-1234567890ab".into()])
        );
        assert!(values(T, "!GetAtt Key.Arn").unwrap()[0].starts_with("arn:aws:kms:"));
        assert!(values(T, "{'Fn::GetAtt': [Role, Arn]}").unwrap()[0].starts_with("arn:aws:iam::"));
        assert_eq!(values(T, "!Ref Other"), None);
        assert_eq!(values(T, "!GetAtt Key.Unknown"), None);
    }

    #[test]
    fn a_repeated_name_reads_as_its_last_definition() {
        // Read as a JSON template: its reader keeps a repeated key twice (reported elsewhere).
        let root = parse(
            r#"{"Conditions": {"C": {"Fn::Equals": ["a", "a"]}, "D": {"Fn::Equals": ["b", "b"]}, "C": {"Fn::Equals": ["a", "z"]}},
                "Resources": {"Z": {"Type": "AWS::SNS::Topic"}, "A": {"Type": "AWS::KMS::Key"}, "N": {},
                              "A": {"Type": "AWS::IAM::Role"}}}"#,
            true,
        )
        .unwrap();
        let t = Template::read(&root);
        let resources: Vec<_> = t.resources.iter().map(|(id, t)| (*id, *t)).collect();
        assert_eq!(
            resources,
            [("A", "AWS::IAM::Role"), ("Z", "AWS::SNS::Topic")],
            "sorted by logical id, the last type of a repeated id, none for a resource without one"
        );
        assert_eq!(t.conditions.keys().copied().collect::<Vec<_>>(), ["C", "D"]);
        let Value::Map(c) = &t.conditions["C"].value else {
            panic!("a condition")
        };
        let Value::Seq(compared) = &c[0].2.value else {
            panic!("two values")
        };
        assert_eq!(compared[1].value, Value::Str("z".into()), "the last `C`");
    }

    #[test]
    fn combinations_are_bounded() {
        let many: Vec<String> = (0..40).map(|i| format!("v{i}")).collect();
        let t = format!(
            "Parameters:\n  A: {{Type: String, AllowedValues: [{0}]}}\n  B: {{Type: String, AllowedValues: [{0}]}}\n",
            many.join(", ")
        );
        let found = values(&t, "!Sub '${A}${B}'").unwrap();
        assert_eq!(found.len(), MAX_CANDIDATES);
    }
}
