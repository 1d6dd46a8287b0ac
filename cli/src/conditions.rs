//! Which `Fn::If` branches can be taken together, reasoning about conditions as CloudFormation
//! evaluates them.
//!
//! The conditions a resource's `Fn::If`s name (and the resource's own `Condition`, which must be
//! true for the resource to exist) are formulas of `Fn::And`/`Fn::Or`/`Fn::Not`/`Condition` over
//! `Fn::Equals` atoms. An atom comparing a parameter with a literal is `parameter = value`:
//! one parameter has one value, so at most one such atom per parameter is true, exactly one
//! when the atoms name every allowed value, and a value outside `AllowedValues` is never
//! equal. Two literals compare as they are. Any other comparison (`AWS::Region`, a mapping) is
//! a free atom. Every assignment of the atoms is tried; the combinations of the `Fn::If`
//! conditions they produce, with the resource's condition true, are the scenarios to check.
//!
//! Bounded: at most [`MAX_ATOMS`] atoms and [`MAX_CONDITIONS`] conditions, at most
//! [`MAX_STEPS`] formula steps; beyond, the conditions are taken as independent (only the
//! resource's own condition fixed) and a note says so. At most [`MAX_SCENARIOS`] scenarios are
//! checked, chosen so that every branch that can be taken is taken at least once.

use std::collections::{BTreeMap, BTreeSet};

use crate::cloudformation::functions::{call, condition_reference, Args, Call, Function};
use crate::source::{Node, Position, Value};
pub use crate::template::Known;
use crate::template::{scalar_text, Template};

/// Distinct `Fn::Equals` atoms enumerated (2^12 assignments).
pub const MAX_ATOMS: usize = 12;
/// Distinct conditions named by one resource's `Fn::If`s that are reasoned about.
pub const MAX_CONDITIONS: usize = 12;
/// Scenarios (combinations of conditions) checked per resource.
pub const MAX_SCENARIOS: usize = 16;
/// Formula evaluation steps per resource.
pub const MAX_STEPS: usize = 200_000;

/// One combination of condition values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scenario {
    /// Condition name → its value (a condition not named is true).
    pub conditions: BTreeMap<String, bool>,
    /// What it says about parameters.
    pub known: Known,
}

/// The combinations of condition values to check one resource under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scenarios {
    /// The scenarios.
    pub list: Vec<Scenario>,
    /// Why not every possible combination was checked, if so.
    pub note: Option<String>,
    /// `Fn::If`s naming a condition `Conditions` does not define (in a template), with where.
    pub undefined: Vec<(String, Position)>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Atom {
    /// `parameter = value`.
    Param(String, String),
    /// Anything else, by its text.
    Other(String),
}

enum Form<'a> {
    Const(bool),
    Atom(Atom),
    And(&'a [Node]),
    Or(&'a [Node]),
    Not(&'a Node),
    Named(&'a str),
}

/// A compact, bounded text of an expression, to tell atoms apart.
fn canonical(node: &Node, out: &mut String) {
    if out.len() > 512 {
        return;
    }
    if let Some(tag) = node.local_tag() {
        out.push('!');
        out.push_str(tag);
        out.push(' ');
    }
    match &node.value {
        Value::Map(entries) => {
            out.push('{');
            for (k, _, v) in entries {
                out.push_str(k);
                out.push(':');
                canonical(v, out);
                out.push(',');
            }
            out.push('}');
        }
        Value::Seq(items) => {
            out.push('[');
            for v in items {
                canonical(v, out);
                out.push(',');
            }
            out.push(']');
        }
        other => out.push_str(&scalar_text(node).unwrap_or_else(|| format!("{other:?}"))),
    }
}

enum Term {
    Lit(String),
    Param(String),
    Other(String),
}

struct Solver<'t, 'a> {
    template: &'t Template<'a>,
    atoms: BTreeMap<Atom, usize>,
    steps: usize,
}

impl<'a> Solver<'_, 'a> {
    fn term(&self, node: &Node) -> Term {
        if let Some(c) = call(node) {
            if let Some(Args::Ref(name)) = c.args() {
                if self.template.parameters.contains_key(name) {
                    return Term::Param(name.to_owned());
                }
            }
        } else if let Some(text) = scalar_text(node) {
            return Term::Lit(text);
        }
        let mut text = String::new();
        canonical(node, &mut text);
        Term::Other(text)
    }

    fn form<'n>(&self, node: &'n Node) -> Form<'n> {
        if let Some(name) = condition_reference(node) {
            return Form::Named(name);
        }
        if let Some(c) = call(node) {
            match c.args() {
                Some(Args::And(items)) => return Form::And(items),
                Some(Args::Or(items)) => return Form::Or(items),
                Some(Args::Not(inner)) => return Form::Not(inner),
                Some(Args::Equals(a, b)) => {
                    return match (self.term(a), self.term(b)) {
                        (Term::Lit(a), Term::Lit(b)) => Form::Const(a == b),
                        (Term::Param(p), Term::Lit(v)) | (Term::Lit(v), Term::Param(p)) => {
                            let allowed = &self.template.parameters[p.as_str()].allowed;
                            if !allowed.is_empty() && !allowed.contains(&v) {
                                Form::Const(false)
                            } else {
                                Form::Atom(Atom::Param(p, v))
                            }
                        }
                        (a, b) => {
                            let text = |t: Term| match t {
                                Term::Lit(s) => format!("'{s}'"),
                                Term::Param(p) => format!("!Ref {p}"),
                                Term::Other(s) => s,
                            };
                            let (a, b) = (text(a), text(b));
                            let (a, b) = if a <= b { (a, b) } else { (b, a) };
                            Form::Atom(Atom::Other(format!("{a} == {b}")))
                        }
                    };
                }
                _ => {}
            }
        }
        let mut text = String::new();
        canonical(node, &mut text);
        Form::Atom(Atom::Other(text))
    }

    fn named(&self, name: &str) -> Option<&'a Node> {
        self.template.conditions.get(name).copied()
    }

    /// Registers the atoms of a formula; `false` when over a bound.
    fn collect(&mut self, node: &Node, depth: usize, seen: &mut BTreeSet<String>) -> bool {
        self.steps += 1;
        if depth > 64 || self.steps > MAX_STEPS || self.atoms.len() > MAX_ATOMS {
            return false;
        }
        match self.form(node) {
            Form::Const(_) => true,
            Form::Atom(atom) => {
                let next = self.atoms.len();
                self.atoms.entry(atom).or_insert(next);
                self.atoms.len() <= MAX_ATOMS
            }
            Form::And(items) | Form::Or(items) => {
                items.iter().all(|i| self.collect(i, depth + 1, seen))
            }
            Form::Not(inner) => self.collect(inner, depth + 1, seen),
            Form::Named(name) => self.collect_named(name, depth, seen),
        }
    }

    fn collect_named(&mut self, name: &str, depth: usize, seen: &mut BTreeSet<String>) -> bool {
        if !seen.insert(name.to_owned()) {
            return true;
        }
        match self.named(name) {
            Some(node) => self.collect(node, depth + 1, seen),
            None => {
                let next = self.atoms.len();
                self.atoms
                    .entry(Atom::Other(format!("condition {name}")))
                    .or_insert(next);
                self.atoms.len() <= MAX_ATOMS
            }
        }
    }

    /// The value of a formula under `assignment` (bit i: atom i); `None` over the budget.
    fn eval(&mut self, node: &Node, assignment: u64, depth: usize) -> Option<bool> {
        self.steps += 1;
        if depth > 64 || self.steps > MAX_STEPS {
            return None;
        }
        Some(match self.form(node) {
            Form::Const(b) => b,
            Form::Atom(atom) => assignment >> self.atoms.get(&atom)? & 1 == 1,
            Form::And(items) => {
                let mut all = true;
                for i in items {
                    all &= self.eval(i, assignment, depth + 1)?;
                }
                all
            }
            Form::Or(items) => {
                let mut any = false;
                for i in items {
                    any |= self.eval(i, assignment, depth + 1)?;
                }
                any
            }
            Form::Not(inner) => !self.eval(inner, assignment, depth + 1)?,
            Form::Named(name) => self.eval_named(name, assignment, depth)?,
        })
    }

    fn eval_named(&mut self, name: &str, assignment: u64, depth: usize) -> Option<bool> {
        match self.named(name) {
            Some(node) => self.eval(node, assignment, depth + 1),
            None => {
                let index = *self.atoms.get(&Atom::Other(format!("condition {name}")))?;
                Some(assignment >> index & 1 == 1)
            }
        }
    }

    /// Whether an assignment gives each parameter one value.
    fn consistent(&self, assignment: u64) -> bool {
        let mut by_param: BTreeMap<&str, (usize, BTreeSet<&str>)> = BTreeMap::new();
        for (atom, index) in &self.atoms {
            if let Atom::Param(p, v) = atom {
                let entry = by_param.entry(p).or_default();
                entry.1.insert(v);
                if assignment >> index & 1 == 1 {
                    entry.0 += 1;
                }
            }
        }
        by_param.iter().all(|(p, (true_count, values))| {
            let allowed = &self.template.parameters[*p].allowed;
            let covers = !allowed.is_empty() && allowed.iter().all(|a| values.contains(a.as_str()));
            *true_count <= 1 && (!covers || *true_count == 1)
        })
    }
}

/// The `Fn::If` condition names in `node`, in document order, with where each is first named.
pub(crate) fn if_conditions<'n>(node: &'n Node, out: &mut Vec<(&'n str, Position)>) {
    if let Some(call) = call(node) {
        note_if_condition(&call, out);
    }
    match &node.value {
        Value::Map(entries) => entries.iter().for_each(|(_, _, v)| if_conditions(v, out)),
        Value::Seq(items) => items.iter().for_each(|v| if_conditions(v, out)),
        _ => {}
    }
}

/// Adds the condition `call` names if it is an `Fn::If` and `named` lacks it: what a walk over
/// the properties collects, in document order, for [`scenarios_of`].
pub fn note_if_condition<'n>(call: &Call<'n>, named: &mut Vec<(&'n str, Position)>) {
    if let Some((name, at)) = call.if_condition() {
        if !named.iter().any(|(n, _)| *n == name) {
            named.push((name, at));
        }
    }
}

/// The scenarios to check the properties `node` of a resource under, whose own `Condition` is
/// `resource_condition`.
pub fn scenarios(
    node: &Node,
    resource_condition: Option<&str>,
    template: &Template<'_>,
) -> Scenarios {
    let mut named = Vec::new();
    if_conditions(node, &mut named);
    scenarios_of(&named, resource_condition, template)
}

/// [`scenarios`] for properties whose `Fn::If`s name the conditions `named` (each once, in
/// document order, with where: [`note_if_condition`]), collected by a walk the caller makes
/// anyway.
pub fn scenarios_of(
    named: &[(&str, Position)],
    resource_condition: Option<&str>,
    template: &Template<'_>,
) -> Scenarios {
    let undefined = if template.is_template {
        named
            .iter()
            .filter(|(n, _)| !template.conditions.contains_key(n))
            .map(|(n, at)| ((*n).to_owned(), *at))
            .collect()
    } else {
        Vec::new()
    };
    if named.is_empty() && resource_condition.is_none() {
        return Scenarios {
            list: vec![Scenario::default()],
            note: None,
            undefined,
        };
    }
    let names: Vec<&str> = named.iter().map(|(n, _)| *n).collect();
    let mut solver = Solver {
        template,
        atoms: BTreeMap::new(),
        steps: 0,
    };
    let mut seen = BTreeSet::new();
    let within = names.len() <= MAX_CONDITIONS
        && names
            .iter()
            .copied()
            .chain(resource_condition)
            .all(|n| solver.collect_named(n, 0, &mut seen));
    let mut possible: Option<BTreeMap<Vec<bool>, (u64, u64)>> = None;
    if within {
        // Per row: the atoms true in some assignment giving it, and those false in some.
        let mut found: BTreeMap<Vec<bool>, (u64, u64)> = BTreeMap::new();
        let mut ok = true;
        'assignments: for assignment in 0..(1u64 << solver.atoms.len()) {
            if !solver.consistent(assignment) {
                continue;
            }
            if let Some(c) = resource_condition {
                match solver.eval_named(c, assignment, 0) {
                    Some(true) => {}
                    Some(false) => continue,
                    None => {
                        ok = false;
                        break 'assignments;
                    }
                }
            }
            let mut row = Vec::with_capacity(names.len());
            for n in &names {
                match solver.eval_named(n, assignment, 0) {
                    Some(v) => row.push(v),
                    None => {
                        ok = false;
                        break 'assignments;
                    }
                }
            }
            let entry = found.entry(row).or_insert((0, 0));
            entry.0 |= assignment;
            entry.1 |= !assignment;
        }
        if ok {
            possible = Some(found);
        }
    }
    let params: Vec<(&String, &String, usize)> = solver
        .atoms
        .iter()
        .filter_map(|(atom, i)| match atom {
            Atom::Param(p, v) => Some((p, v, *i)),
            Atom::Other(_) => None,
        })
        .collect();
    let known_of = |(some_true, some_false): (u64, u64)| {
        let mut known = Known::default();
        for (p, v, i) in &params {
            if some_false >> i & 1 == 0 {
                known.equal.insert((*p).clone(), (*v).clone());
            } else if some_true >> i & 1 == 0 {
                known
                    .not_equal
                    .entry((*p).clone())
                    .or_default()
                    .insert((*v).clone());
            }
        }
        known
    };
    let (rows, mut note): (Vec<(Vec<bool>, Known)>, Option<String>) = match possible {
        Some(found) if !found.is_empty() => (
            found
                .into_iter()
                .rev()
                .map(|(row, seen)| (row, known_of(seen)))
                .collect(),
            None,
        ),
        // The resource's condition is never true: it is never created; check its first branches.
        Some(_) => (vec![(vec![true; names.len()], Known::default())], None),
        None => {
            let fixed = |value: bool| -> Vec<bool> {
                names
                    .iter()
                    .map(|n| Some(*n) == resource_condition || value)
                    .collect()
            };
            let mut rows = vec![(fixed(true), Known::default())];
            if fixed(false) != rows[0].0 {
                rows.push((fixed(false), Known::default()));
            }
            (
                rows,
                Some(format!(
                    "the conditions of this resource's `Fn::If`s are too many to reason about (more than {MAX_CONDITIONS} conditions or {MAX_ATOMS} `Fn::Equals`): they are taken as independent, and only all first branches and all second branches were checked"
                )),
            )
        }
    };
    let total = rows.len();
    let rows = if total > MAX_SCENARIOS {
        // Every branch that can be taken, then the rest in order.
        let mut chosen: Vec<usize> = Vec::new();
        let mut covered: BTreeSet<(usize, bool)> = BTreeSet::new();
        for (i, (row, _)) in rows.iter().enumerate() {
            if row
                .iter()
                .enumerate()
                .any(|(j, v)| !covered.contains(&(j, *v)))
            {
                covered.extend(row.iter().enumerate().map(|(j, v)| (j, *v)));
                chosen.push(i);
            }
        }
        for i in 0..total {
            if chosen.len() >= MAX_SCENARIOS {
                break;
            }
            if !chosen.contains(&i) {
                chosen.push(i);
            }
        }
        chosen.sort_unstable();
        note = Some(format!(
            "{} of the {total} possible combinations of the conditions in this resource's `Fn::If`s were checked (at most {MAX_SCENARIOS}), every branch that can be taken at least once",
            chosen.len()
        ));
        chosen.into_iter().map(|i| rows[i].clone()).collect()
    } else {
        rows
    };
    Scenarios {
        list: rows
            .into_iter()
            .map(|(row, known)| Scenario {
                conditions: names
                    .iter()
                    .zip(row)
                    .map(|(n, v)| ((*n).to_owned(), v))
                    .collect(),
                known,
            })
            .collect(),
        note,
        undefined,
    }
}

/// A probe `!If [name, "", ""]`: the scenarios of a node naming only this condition.
fn probe(name: &str) -> Node {
    let text = |t: &str| Node {
        at: Position::default(),
        tag: None,
        value: Value::Str(t.to_owned()),
    };
    Node {
        at: Position::default(),
        tag: Some(Box::new(crate::source::Tag::Local(
            Function::If.name().to_owned(),
        ))),
        value: Value::Seq(vec![text(name), text(""), text("")]),
    }
}

/// What the condition `name` being true says about the parameters (`Env = prod` under
/// `IsProd: !Equals [!Ref Env, prod]`); nothing when that reasoning is bounded.
pub fn known_when(name: &str, template: &Template<'_>) -> Known {
    let found = scenarios(&probe(name), Some(name), template);
    match found.list.as_slice() {
        [one] if found.note.is_none() && one.conditions.get(name) == Some(&true) => {
            one.known.clone()
        }
        _ => Known::default(),
    }
}

/// Whether the conditions `a` and `b` (defined in the template) can both be true in one
/// deployment, as [`scenarios`] reasons; `None` when that reasoning is bounded or a condition
/// is not defined, so the answer is not known.
pub fn can_hold_together(a: &str, b: &str, template: &Template<'_>) -> Option<bool> {
    let defined = |n: &str| template.conditions.contains_key(n);
    if !defined(a) || !defined(b) {
        return None;
    }
    let possible = |n: &str| -> Option<bool> {
        let found = scenarios(&probe(n), None, template);
        if found.note.is_some() {
            return None;
        }
        Some(
            found
                .list
                .iter()
                .any(|s| s.conditions.get(n) == Some(&true)),
        )
    };
    if !possible(a)? || !possible(b)? {
        return Some(false);
    }
    if a == b {
        return Some(true);
    }
    let found = scenarios(&probe(b), Some(a), template);
    if found.note.is_some() {
        return None;
    }
    Some(
        found
            .list
            .iter()
            .any(|s| s.conditions.get(b) == Some(&true)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::parse;

    fn run(template: &str, properties: &str, condition: Option<&str>) -> Scenarios {
        let root = parse(template, false).unwrap();
        let t = Template::read(&root);
        let node = parse(properties, false).unwrap();
        scenarios(&node, condition, &t)
    }

    fn rows(s: &Scenarios) -> Vec<String> {
        s.list
            .iter()
            .map(|m| {
                m.conditions
                    .iter()
                    .map(|(k, v)| format!("{k}={}", if *v { 'T' } else { 'F' }))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    const T: &str = "Parameters:\n  Env: {Type: String, AllowedValues: [dev, staging, prod]}\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\n  IsDev: !Equals [dev, !Ref Env]\n  NotProd: !Not [!Condition IsProd]\n  ProdOrDev: {'Fn::Or': [{Condition: IsProd}, {Condition: IsDev}]}\n  IsStaging: !Equals [!Ref Env, staging]\n  InEu: !Equals [!Ref 'AWS::Region', eu-west-1]\n  Never: !Equals [a, b]\n  ProdInEu: !And [!Condition IsProd, !Condition InEu]\nResources: {}\n";

    #[test]
    fn the_resource_condition_fixes_its_own_and_implied_branches() {
        let s = run(
            T,
            "A: !If [IsProd, x, y]\nB: !If [NotProd, x, y]\nC: !If [IsDev, x, y]\n",
            Some("IsProd"),
        );
        assert_eq!(rows(&s), vec!["IsDev=F IsProd=T NotProd=F"]);
        assert_eq!(s.note, None);
    }

    #[test]
    fn one_parameter_has_one_value() {
        let s = run(
            T,
            "A: !If [IsProd, x, y]\nB: !If [IsDev, x, y]\nC: !If [IsStaging, x, y]\n",
            None,
        );
        // Exactly one of the three is true: the allowed values are all named.
        assert_eq!(
            rows(&s),
            vec![
                "IsDev=F IsProd=T IsStaging=F",
                "IsDev=T IsProd=F IsStaging=F",
                "IsDev=F IsProd=F IsStaging=T"
            ]
        );
        let s = run(T, "A: !If [ProdOrDev, x, y]\n", Some("IsStaging"));
        assert_eq!(rows(&s), vec!["ProdOrDev=F"]);
        let s = run(T, "A: !If [Never, x, y]\n", None);
        assert_eq!(rows(&s), vec!["Never=F"]);
        let s = run(
            T,
            "A: !If [ProdInEu, x, y]\nB: !If [InEu, x, y]\n",
            Some("IsDev"),
        );
        assert_eq!(rows(&s), vec!["InEu=T ProdInEu=F", "InEu=F ProdInEu=F"]);
    }

    #[test]
    fn undefined_conditions_are_listed_and_free_outside_templates() {
        let s = run(T, "A: !If [Nope, x, y]\n", None);
        assert_eq!(s.undefined.len(), 1);
        assert_eq!(rows(&s), vec!["Nope=T", "Nope=F"]);
        let node = parse("A: !If [Nope, x, y]\n", false).unwrap();
        let s = scenarios(&node, None, &Template::default());
        assert!(
            s.undefined.is_empty(),
            "a lone Properties document has no Conditions section"
        );
        assert_eq!(rows(&s), vec!["Nope=T", "Nope=F"]);
    }

    #[test]
    fn many_conditions_are_bounded_and_say_so() {
        let mut t = String::from("Conditions:\n");
        let mut p = String::new();
        for i in 0..20 {
            t.push_str(&format!("  C{i}: !Equals [!Ref 'AWS::Region', r{i}]\n"));
            p.push_str(&format!("A{i}: !If [C{i}, x, y]\n"));
        }
        let s = run(&t, &p, None);
        assert_eq!(s.list.len(), 2);
        assert!(s.note.as_deref().unwrap().contains("too many"), "{s:?}");
        let mut t = String::from("Conditions:\n");
        let mut p = String::new();
        for i in 0..6 {
            t.push_str(&format!("  C{i}: !Equals [!Ref 'AWS::Region', r{i}]\n"));
            p.push_str(&format!("A{i}: !If [C{i}, x, y]\n"));
        }
        let s = run(&t, &p, None);
        assert_eq!(s.list.len(), MAX_SCENARIOS);
        assert!(
            s.note.as_deref().unwrap().contains("of the 64 possible"),
            "{s:?}"
        );
        for j in 0..6 {
            for v in [true, false] {
                assert!(
                    s.list.iter().any(|m| m.conditions[&format!("C{j}")] == v),
                    "C{j}={v}"
                );
            }
        }
    }

    #[test]
    fn scenarios_say_what_parameters_can_be() {
        let t = "Parameters:\n  KeyArn: {Type: String, Default: ''}\nConditions:\n  HasKey: !Not [!Equals [!Ref KeyArn, '']]\n";
        let s = run(t, "K: !If [HasKey, !Ref KeyArn, !Ref AWS::NoValue]\n", None);
        assert_eq!(s.list.len(), 2);
        assert!(!s.list[0].known.allows("KeyArn", ""), "{s:?}");
        assert!(s.list[0].known.allows("KeyArn", "arn:aws:kms:x"));
        assert!(s.list[1].known.allows("KeyArn", ""));
        assert!(!s.list[1].known.allows("KeyArn", "other"));
        // The resource's condition alone constrains them too.
        let s = run(t, "K: !Ref KeyArn\n", Some("HasKey"));
        assert_eq!(s.list.len(), 1);
        assert!(!s.list[0].known.allows("KeyArn", ""));
    }

    #[test]
    fn cycles_and_deep_chains_end() {
        let t = "Conditions:\n  A: !Condition B\n  B: !Not [!Condition A]\n";
        let s = run(t, "X: !If [A, x, y]\n", None);
        assert!(!s.list.is_empty());
    }
}
