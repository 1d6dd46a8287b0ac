//! Per-connector rules (`schemas/rules.toml`), as checks inside the anchor type's `Validate`.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::types::ident;
use crate::ir::{Condition, Enum, Ir, Leaf, Module, Predicate, Step, Struct, TypeDef, TypeRef};

/// `Option<&T>` of the member at `steps` from `self`.
fn access(steps: &[Step]) -> TokenStream {
    let mut expr = quote!(Some(self));
    for (n, step) in steps.iter().enumerate() {
        let field = ident(&step.rust_name);
        expr = match (n, step.required) {
            (0, true) => quote!(Some(&self.#field)),
            (0, false) => quote!(self.#field.as_ref()),
            (_, true) => quote!(#expr.map(|v| &v.#field)),
            (_, false) => quote!(#expr.and_then(|v| v.#field.as_ref())),
        };
    }
    expr
}

/// `[v.a.is_some(), …]` for the members of the struct bound to `v`.
fn set_flags(members: &[Step]) -> Vec<TokenStream> {
    members
        .iter()
        .map(|m| {
            let field = ident(&m.rust_name);
            if m.required {
                quote!(true)
            } else {
                quote!(v.#field.is_some())
            }
        })
        .collect()
}

/// Per optional member of the container bound to `container`: whether it is set and its wire
/// name equals `text` ignoring ASCII case (`checks::same_name`; `set` chooses
/// `is_some`/`is_none`). Written out one
/// term per member: an array of `(name, set)` pairs was built and copied on every run, for every
/// document.
fn named_terms(
    container: &TokenStream,
    members: &[Step],
    set: bool,
    text: &TokenStream,
) -> Vec<TokenStream> {
    members
        .iter()
        .filter(|m| !m.required)
        .map(|m| {
            let field = ident(&m.rust_name);
            let wire = &m.wire_name;
            if set {
                quote!((#container.#field.is_some() && crate::checks::same_name(#wire, #text)))
            } else {
                quote!((#container.#field.is_none() || crate::checks::same_name(#wire, #text)))
            }
        })
        .collect()
}

/// The members of a container that may be unset.
fn optional(members: &[Step]) -> impl Iterator<Item = &Step> {
    members.iter().filter(|m| !m.required)
}

/// `terms` joined by `op`, or `empty` when there are none.
fn join(terms: &[TokenStream], op: TokenStream, empty: TokenStream) -> TokenStream {
    match terms.split_first() {
        Some((first, rest)) => quote!(#first #(#op #rest)*),
        None => empty,
    }
}

/// The struct holding the last member of `steps` from `anchor` (`anchor` itself for one step).
fn holder_of<'m>(module: &'m Module, anchor: &Struct, steps: &[Step]) -> Option<&'m Struct> {
    let (_, within) = steps.split_last()?;
    let mut current = module.struct_named(&anchor.name)?;
    for step in within {
        let field = current
            .fields
            .iter()
            .find(|f| f.rust_name == step.rust_name)?;
        current = match &field.shape.ty {
            TypeRef::Named(name) => module.struct_named(name)?,
            _ => return None,
        };
    }
    Some(current)
}

/// The type the member at `steps` from `anchor` holds, when it is a named type of the module.
fn type_at<'m>(module: &'m Module, anchor: &Struct, steps: &[Step]) -> Option<&'m TypeDef> {
    let last = steps.last()?;
    let field = holder_of(module, anchor, steps)?
        .fields
        .iter()
        .find(|f| f.rust_name == last.rust_name)?;
    match &field.shape.ty {
        TypeRef::Named(name) => module.types.get(name),
        _ => None,
    }
}

/// The enum the member at `steps` from `anchor` holds, when it holds one.
fn enum_at<'m>(module: &'m Module, anchor: &Struct, steps: &[Step]) -> Option<&'m Enum> {
    match type_at(module, anchor, steps)? {
        TypeDef::Enum(e) => Some(e),
        _ => None,
    }
}

/// `Enum::Variant | …` for the listed wire values the enum has (a value the module's enum lacks
/// can only be an unknown value, around which rules say nothing in what users write), or `None`
/// when there is none.
fn variants(e: &Enum, values: &[String]) -> Option<TokenStream> {
    let name = ident(&e.name);
    let found: Vec<TokenStream> = values
        .iter()
        .filter_map(|wire| e.values.iter().find(|v| &v.wire == wire))
        .map(|v| {
            let variant = ident(&v.variant);
            quote!(#name::#variant)
        })
        .collect();
    (!found.is_empty()).then(|| quote!(#(#found)|*))
}

/// A boolean expression that is true when the condition holds (`want`) or fails (`!want`),
/// written without a leading `!` where the predicate has a natural opposite. An enum member is
/// compared by variant (`v == &ConnectionMode::Private`), other strings by text.
///
/// A container's test that lists all its optional members calls the container's own method
/// instead (see [`container_methods`]), noted in `used`.
fn test(c: &Condition, want: bool, at: &Anchor, used: &mut Used) -> TokenStream {
    let (module, anchor) = (at.module, at.anchor);
    let value = access(&c.path);
    let enumeration = match c.leaf {
        Leaf::Enum => enum_at(module, anchor, &c.path),
        _ => None,
    };
    match (&c.predicate, enumeration) {
        (Predicate::EqualsString(s), Some(e)) => {
            let matched = match variants(e, std::slice::from_ref(s)) {
                Some(pattern) => quote!(#value.is_some_and(|v| matches!(v, #pattern))),
                None => quote!(false),
            };
            return if want { matched } else { quote!(!#matched) };
        }
        (Predicate::OneOf { values, negated }, Some(e)) => {
            let Some(pattern) = variants(e, values) else {
                let holds = if *negated {
                    quote!(true)
                } else {
                    quote!(false)
                };
                return if want { holds } else { quote!(!#holds) };
            };
            return if want != *negated {
                quote!(#value.is_some_and(|v| matches!(v, #pattern)))
            } else {
                quote!(#value.is_none_or(|v| !matches!(v, #pattern)))
            };
        }
        _ => {}
    }
    let text = match c.leaf {
        Leaf::SecretString => quote!(v.expose().as_str()),
        _ => quote!(v.as_str()),
    };
    let negate = |expr: TokenStream| if want { expr } else { quote!(!(#expr)) };
    match &c.predicate {
        Predicate::Present(present) => {
            if *present == want {
                quote!(#value.is_some())
            } else {
                quote!(#value.is_none())
            }
        }
        Predicate::EqualsString(s) => {
            if want {
                quote!(#value.is_some_and(|v| #text == #s))
            } else {
                quote!(#value.is_none_or(|v| #text != #s))
            }
        }
        Predicate::EqualsBool { value: b, negated } => {
            if want != *negated {
                quote!(#value == Some(&#b))
            } else {
                quote!(#value != Some(&#b))
            }
        }
        Predicate::OneOf { values, negated } => {
            if want != *negated {
                quote!(#value.is_some_and(|v| matches!(#text, #(#values)|*)))
            } else {
                quote!(#value.is_none_or(|v| !matches!(#text, #(#values)|*)))
            }
        }
        Predicate::NotEmpty => {
            if want {
                quote!(#value.is_some_and(|v| !#text.is_empty()))
            } else {
                quote!(#value.is_none_or(|v| #text.is_empty()))
            }
        }
        Predicate::CountSet { members, min, max } => {
            let flags = set_flags(members);
            let count = quote!((#(usize::from(#flags))+*));
            let bound = match max {
                Some(max) if max == min => quote!(#count == #max),
                Some(max) => quote!((#min..=#max).contains(&#count)),
                None => quote!(#count >= #min),
            };
            negate(quote!(#value.is_none_or(|v| #bound)))
        }
        Predicate::NamesMemberOf { container, members } => {
            let check = match whole_container(module, anchor, container, members) {
                Some(whole) => {
                    used.insert((whole.name.clone(), Helper::OnlyMemberNamed));
                    quote!(container.only_member_named(#text))
                }
                None => {
                    let all = join(
                        &named_terms(&quote!(container), members, false, &quote!(text)),
                        quote!(&&),
                        quote!(true),
                    );
                    quote!({
                        let text = #text;
                        #all
                    })
                }
            };
            let container = access(container);
            negate(quote! {
                match (#value, #container) {
                    (Some(v), Some(container)) => #check,
                    _ => true,
                }
            })
        }
        Predicate::SameMembersAs {
            members,
            other,
            other_members,
        } => {
            let other = access(other);
            // One flag per name either container has, in one order for both: the containers
            // have the same members set when the two arrays are equal. (Arrays of `(name, set)`
            // pairs, filtered and compared as iterators, took twice the time in perf.)
            let names: std::collections::BTreeSet<&str> = optional(members)
                .chain(optional(other_members))
                .map(|m| m.wire_name.as_str())
                .collect();
            let flags = |members: &[Step], binding: TokenStream| {
                let flags = names.iter().map(|name| {
                    match optional(members).find(|m| m.wire_name == *name) {
                        Some(m) => {
                            let field = ident(&m.rust_name);
                            quote!(#binding.#field.is_some())
                        }
                        None => quote!(false),
                    }
                });
                quote!([#(#flags),*])
            };
            let mine = flags(members, quote!(v));
            let theirs = flags(other_members, quote!(o));
            negate(quote! {
                match (#value, #other) {
                    (Some(v), Some(o)) => {
                        let (mine, theirs) = (#mine, #theirs);
                        !mine.contains(&true) || !theirs.contains(&true) || mine == theirs
                    }
                    _ => true,
                }
            })
        }
        Predicate::HasMemberNamedBy {
            value: named_by,
            members,
            ..
        } => {
            let named_by = access(named_by);
            let check = match whole_container(module, anchor, &c.path, members) {
                Some(whole) => {
                    used.insert((whole.name.clone(), Helper::HasMemberNamed));
                    quote!(container.has_member_named(#text))
                }
                None => {
                    let any = join(
                        &named_terms(&quote!(container), members, true, &quote!(text)),
                        quote!(||),
                        quote!(false),
                    );
                    quote!({
                        let text = #text;
                        #any
                    })
                }
            };
            negate(quote! {
                match #named_by {
                    Some(v) => #value.is_some_and(|container| #check),
                    None => true,
                }
            })
        }
    }
}

/// The `Option<validation::DetailValue>` of the value at `steps` for a finding's detail: enums
/// and booleans as they are, strings through `echo`, never a secret's value; `None` for a
/// struct (see [`members_set`]).
fn shown_value(steps: &[Step], leaf: Leaf) -> Option<TokenStream> {
    let value = access(steps);
    let shown =
        |text: TokenStream| quote!(#value.map(|v| crate::validation::DetailValue::Value(#text)));
    match leaf {
        Leaf::Enum => Some(shown(quote!(crate::validation::echo(v.as_str())))),
        Leaf::String => Some(shown(quote!(crate::validation::echo(v)))),
        Leaf::Boolean => Some(shown(quote!(v.to_string()))),
        // Never a secret's value: only that it is set.
        Leaf::SecretString => Some(quote!(#value.map(|_| crate::validation::DetailValue::Secret))),
        Leaf::Struct | Leaf::Other => None,
    }
}

/// The container struct at `steps` from `anchor` when `members` are all its optional members, in
/// its order, and it has some: the detail then calls the container's own
/// [`container_methods`] instead of listing them again in every rule.
fn whole_container<'m>(
    module: &'m Module,
    anchor: &Struct,
    steps: &[Step],
    members: &[Step],
) -> Option<&'m Struct> {
    let TypeDef::Struct(container) = type_at(module, anchor, steps)? else {
        return None;
    };
    let own: Vec<(&str, &str)> = container
        .fields
        .iter()
        .filter(|f| !f.required)
        .map(|f| (f.rust_name.as_str(), f.wire_name.as_str()))
        .collect();
    let listed: Vec<(&str, &str)> = optional(members)
        .map(|m| (m.rust_name.as_str(), m.wire_name.as_str()))
        .collect();
    (!own.is_empty() && own == listed).then_some(container)
}

/// The names of the members set in the container at `steps`, joined (`Datadog`), or `None` when
/// it is absent: through the container's `members_set()` when `members` are all of its optional
/// members (the container named in the result), else listed here.
fn members_set(steps: &[Step], members: &[Step], at: &Anchor) -> Shown {
    let value = access(steps);
    if let Some(container) = whole_container(at.module, at.anchor, steps, members) {
        return Shown {
            value: Some(
                quote!(#value.map(|c| crate::validation::DetailValue::Members(c.members_set()))),
            ),
            container: Some((container.name.clone(), Helper::MembersSet)),
        };
    }
    let pushes = optional(members).map(|m| {
        let field = ident(&m.rust_name);
        let wire = &m.wire_name;
        quote!(if c.#field.is_some() { set.push(#wire); })
    });
    Shown {
        value: Some(quote!(#value.map(|c| {
            let mut set: Vec<&'static str> = Vec::new();
            #(#pushes)*
            let _ = c;
            crate::validation::DetailValue::Members(set)
        }))),
        container: None,
    }
}

/// How a finding's detail shows one member: its `Option<validation::DetailValue>` expression
/// (`None`: not shown) and the container struct whose `members_set()` it calls.
struct Shown {
    value: Option<TokenStream>,
    container: Option<(String, Helper)>,
}

/// A member shown as it is (see [`shown_value`]).
fn shown(steps: &[Step], leaf: Leaf) -> Shown {
    Shown {
        value: shown_value(steps, leaf),
        container: None,
    }
}

/// A rule's anchor struct and its module: where the paths of its conditions start.
struct Anchor<'m> {
    module: &'m Module,
    anchor: &'m Struct,
}

/// A method of a connector container struct that rules call instead of repeating a term per
/// member in every rule (see [`container_methods`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Helper {
    /// `members_set()`: a finding's detail.
    MembersSet,
    /// `only_member_named(name)`: `names_member_of`.
    OnlyMemberNamed,
    /// `has_member_named(name)`: `has_member_named_by`.
    HasMemberNamed,
}

/// The container methods the rules of a module call, by struct name.
type Used = BTreeSet<(String, Helper)>;

/// The methods of a container struct that the rules of its module call: `members_set()` (the
/// wire names of the members set, for a finding's detail), `only_member_named(name)` and
/// `has_member_named(name)`, each only when a rule calls it. Empty when none does.
pub fn container_methods(ir: &Ir, module: &Module, s: &Struct) -> TokenStream {
    let mut used = Used::new();
    for rule in &ir.rules {
        for instance in rule.instances.iter().filter(|i| i.module == module.kind) {
            let Some(anchor) = module.struct_named(&instance.anchor) else {
                continue;
            };
            let at = Anchor { module, anchor };
            // What `emit_for` renders: every condition tested, a detail per `then`.
            for c in instance.when.iter().chain(&instance.then) {
                test(c, true, &at, &mut used);
            }
            for then in &instance.then {
                detail(instance, then, &at, &mut used);
            }
        }
    }
    let members: Vec<Step> = optional_fields(s)
        .map(|f| Step {
            wire_name: f.wire_name.clone(),
            rust_name: f.rust_name.clone(),
            required: false,
        })
        .collect();
    let mut methods = TokenStream::new();
    for (_, helper) in used.iter().filter(|(name, _)| *name == s.name) {
        methods.extend(match helper {
            Helper::MembersSet => {
                let pushes = members.iter().map(|m| {
                    let field = ident(&m.rust_name);
                    let wire = &m.wire_name;
                    quote!(if self.#field.is_some() { set.push(#wire); })
                });
                quote! {
                    /// The wire names of the members set, in order: what a per-connector rule's
                    /// finding says of this container.
                    pub(crate) fn members_set(&self) -> Vec<&'static str> {
                        let mut set: Vec<&'static str> = Vec::new();
                        #(#pushes)*
                        set
                    }
                }
            }
            Helper::OnlyMemberNamed => {
                let all = named_terms(&quote!(self), &members, false, &quote!(name));
                quote! {
                    /// Whether every member set is the one `name` names, ignoring ASCII case
                    /// (so also when none is set).
                    pub(crate) fn only_member_named(&self, name: &str) -> bool {
                        #(#all)&&*
                    }
                }
            }
            Helper::HasMemberNamed => {
                let any = named_terms(&quote!(self), &members, true, &quote!(name));
                quote! {
                    /// Whether the member `name` names, ignoring ASCII case, is set.
                    pub(crate) fn has_member_named(&self, name: &str) -> bool {
                        #(#any)||*
                    }
                }
            }
        });
    }
    if methods.is_empty() {
        return methods;
    }
    let name = ident(&s.name);
    quote! {
        /// What the per-connector rules ask of this container, written once for all of them.
        impl #name {
            #methods
        }
    }
}

/// The fields of `s` that may be unset.
fn optional_fields(s: &Struct) -> impl Iterator<Item = &crate::ir::Field> {
    s.fields.iter().filter(|f| !f.required)
}

/// `(steps, Option<validation::DetailValue>)` per member the `when` conditions and the failing
/// `then` name, in order, each once: what the finding says about the values involved.
/// Containers shown through their `members_set()` are noted in `containers`.
fn detail(
    instance: &crate::ir::RuleInstance,
    then: &Condition,
    at: &Anchor,
    containers: &mut Used,
) -> TokenStream {
    let mut seen: Vec<Vec<String>> = Vec::new();
    let mut parts: Vec<TokenStream> = Vec::new();
    let mut add = |steps: &[Step], shown: Shown| {
        let names: Vec<String> = steps.iter().map(|s| s.wire_name.clone()).collect();
        if names.is_empty() || seen.contains(&names) {
            return;
        }
        let Some(value) = shown.value else { return };
        let label = quote!(&[#(#names),*]);
        seen.push(names);
        parts.push(quote!((#label, #value)));
        containers.extend(shown.container);
    };
    for c in instance.when.iter().chain([then]) {
        match &c.predicate {
            Predicate::NamesMemberOf { container, members } => {
                add(&c.path, shown(&c.path, c.leaf));
                add(container, members_set(container, members, at));
            }
            Predicate::HasMemberNamedBy {
                value,
                value_leaf,
                members,
            } => {
                add(value, shown(value, *value_leaf));
                add(&c.path, members_set(&c.path, members, at));
            }
            Predicate::CountSet { members, .. } => {
                add(&c.path, members_set(&c.path, members, at));
            }
            Predicate::SameMembersAs {
                members,
                other,
                other_members,
            } => {
                add(&c.path, members_set(&c.path, members, at));
                add(other, members_set(other, other_members, at));
            }
            _ => add(&c.path, shown(&c.path, c.leaf)),
        }
    }
    quote!(&[#(#parts),*])
}

/// The rules anchored at `s`: a private method per rule, named after its id and documented with
/// its id, message and source, and the calls of them in `rules.toml` order (what the struct's
/// `checks::Rules::own_rules` runs). Both empty when `s` anchors no rule.
pub struct RuleMethods {
    /// The statements of `own_rules`: one call per rule.
    pub calls: TokenStream,
    /// The methods, for an `impl` block of the struct.
    pub methods: TokenStream,
}

/// The rule checks anchored at `s`, one method each.
pub fn emit_for(ir: &Ir, module: &Module, s: &Struct) -> RuleMethods {
    let at = Anchor { module, anchor: s };
    let mut out = TokenStream::new();
    let mut methods = TokenStream::new();
    let mut names: Vec<String> = Vec::new();
    let anchored = |rule: &&crate::ir::Rule| {
        rule.instances
            .iter()
            .any(|i| i.module == module.kind && i.anchor == s.name)
    };
    if ir
        .rules
        .iter()
        .filter(anchored)
        .any(|r| !r.superseded_by.is_empty())
    {
        // The findings of this struct's rules start here (a later rule may be superseded by one).
        out.extend(quote!(let start = out.len();));
    }
    for rule in &ir.rules {
        for instance in rule
            .instances
            .iter()
            .filter(|i| i.module == module.kind && i.anchor == s.name)
        {
            let variant = ident(&rule.variant);
            let mut name = rule.id.replace('-', "_");
            if names.contains(&name) {
                name = format!("{name}_{}", names.len());
            }
            names.push(name.clone());
            let method = ident(&name);
            let superseded = !rule.superseded_by.is_empty();
            let doc = format!(
                " `{}`: {}\n\n Source: {}, `{}`.",
                rule.id,
                crate::docs::from_text(&rule.message),
                crate::docs::from_text(&rule.source_title),
                rule.source_url
            );
            let (start_param, start_arg) = if superseded {
                (quote!(start: usize,), quote!(start,))
            } else {
                (TokenStream::new(), TokenStream::new())
            };
            out.extend(quote!(self.#method(#start_arg path, out);));
            let mut check = TokenStream::new();
            // A rule around an enum value the schema does not list says nothing in what users
            // write (the `enum` finding has said it: one cause, one finding), and is a warning in
            // what the service sends (the service may know the value).
            let mut enum_members: Vec<&[Step]> = Vec::new();
            for steps in instance
                .when
                .iter()
                .chain(&instance.then)
                .flat_map(Condition::enum_members)
            {
                if !enum_members.contains(&steps) {
                    enum_members.push(steps);
                }
            }
            let enums: Vec<TokenStream> = enum_members
                .into_iter()
                .map(|steps| {
                    let value = access(steps);
                    quote!(#value.is_some_and(|v| v.is_unknown()))
                })
                .collect();
            let unknown_enum_value = if enums.is_empty() {
                quote!(false)
            } else {
                quote!(#(#enums)||*)
            };
            // One finding per rule, at the first `then` that fails.
            let branches: Vec<(TokenStream, TokenStream)> = instance
                .then
                .iter()
                .map(|then| {
                    let wires = then.path.iter().map(|step| &step.wire_name);
                    let message = &instance.message;
                    let mentions = instance.mentions.iter().map(|m| {
                        let start = proc_macro2::Literal::usize_unsuffixed(m.range.start);
                        let end = proc_macro2::Literal::usize_unsuffixed(m.range.end);
                        let steps = &m.steps;
                        quote!((#start..#end, &[#(#steps),*]))
                    });
                    let detail = detail(instance, then, &at, &mut Used::new());
                    let report = quote! {
                        crate::validation::push_rule(
                            out,
                            path,
                            &[#(#wires),*],
                            crate::rules::RuleId::#variant,
                            #unknown_enum_value,
                            &crate::validation::RuleText { message: #message, mentions: &[#(#mentions),*] },
                            #detail,
                        );
                    };
                    (test(then, false, &at, &mut Used::new()), report)
                })
                .collect();
            // Consecutive `then`s reported at the same member share one branch.
            let mut merged: Vec<(TokenStream, TokenStream)> = Vec::new();
            for (fails, report) in branches {
                match merged.last_mut() {
                    Some((previous, last)) if last.to_string() == report.to_string() => {
                        *previous = quote!(#previous || #fails);
                    }
                    _ => merged.push((fails, report)),
                }
            }
            let branches = merged;
            let mut conditions: Vec<TokenStream> = instance
                .when
                .iter()
                .map(|c| test(c, true, &at, &mut Used::new()))
                .collect();
            if !rule.superseded_by.is_empty() {
                let by = rule.superseded_by.iter().map(|v| {
                    let v = ident(v);
                    quote!(crate::validation::Code::Rule(crate::rules::RuleId::#v))
                });
                conditions.insert(
                    0,
                    quote!(!out[start..].iter().any(|f| matches!(f.code, #(#by)|*))),
                );
            }
            let single = match (branches.as_slice(), conditions.is_empty()) {
                ([(fails, report)], false) => {
                    Some(quote!(if #(#conditions)&&* && #fails { #report }))
                }
                _ => None,
            };
            let chain = branches.iter().enumerate().map(|(n, (fails, report))| {
                if n == 0 {
                    quote!(if #fails { #report })
                } else {
                    quote!(else if #fails { #report })
                }
            });
            let chain = quote!(#(#chain)*);
            check.extend(if let Some(single) = single {
                single
            } else if conditions.is_empty() {
                chain
            } else {
                quote! {
                    if #(#conditions)&&* {
                        #chain
                    }
                }
            });
            methods.extend(quote! {
                #[doc = #doc]
                fn #method(&self, #start_param path: &mut validation::JsonPath, out: &mut Vec<validation::Finding>) {
                    #check
                }
            });
        }
    }
    RuleMethods {
        calls: out,
        methods,
    }
}

/// `src/rules.rs`: every rule of `schemas/rules.toml` as data (id, severity, message, source), so
/// tools reporting findings (the CLI's SARIF rules, say) describe a rule without repeating it, and
/// `RuleId`, the rules' finding codes (`validation::Code::Rule`).
pub fn emit_table(ir: &Ir) -> TokenStream {
    let variants: Vec<TokenStream> = ir
        .rules
        .iter()
        .map(|rule| {
            let variant = ident(&rule.variant);
            quote!(RuleId::#variant)
        })
        .collect();
    let declarations = ir.rules.iter().map(|rule| {
        let variant = ident(&rule.variant);
        let doc = format!("`{}`: {}", rule.id, crate::docs::from_text(&rule.message));
        quote!(#[doc = #doc] #variant)
    });
    let ids = ir.rules.iter().map(|rule| &rule.id);
    let entries = ir.rules.iter().zip(&variants).map(|(rule, id)| {
        let message = &rule.message;
        let title = &rule.source_title;
        let url = &rule.source_url;
        let severity = if rule.error {
            quote!(crate::validation::Severity::Error)
        } else {
            quote!(crate::validation::Severity::Warning)
        };
        quote! {
            Rule { id: #id, severity: #severity, message: #message, source_title: #title, source_url: #url }
        }
    });
    quote! {
        //! The per-connector rules checked by [`crate::Validate`], as data: a finding whose code is
        //! [`Code::Rule`](crate::validation::Code::Rule) breaks that rule.

        /// A per-connector rule: the [`Code`](crate::validation::Code) of its findings. Rules may
        /// be added in minor versions. [`RuleId::as_str`] is the rule's id in `schemas/rules.toml`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum RuleId {
            #(#declarations,)*
        }

        impl RuleId {
            /// Every rule, in `schemas/rules.toml` order (the order of [`RULES`]).
            pub const ALL: &'static [RuleId] = &[#(#variants),*];

            /// The rule's id, the text of its findings' code.
            pub const fn as_str(self) -> &'static str {
                match self {
                    #(#variants => #ids,)*
                }
            }

            /// The rule's entry in [`RULES`].
            pub const fn rule(self) -> &'static Rule {
                &RULES[self as usize]
            }
        }

        impl std::fmt::Display for RuleId {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// One per-connector rule.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct Rule {
            /// The rule, its finding code.
            pub id: RuleId,
            /// The severity of a violation (a warning instead in a document the service sent,
            /// where an enum value the model does not list is involved).
            pub severity: crate::validation::Severity,
            /// The finding's message.
            pub message: &'static str,
            /// Where the rule is documented: title.
            pub source_title: &'static str,
            /// Where the rule is documented: an https address, or a vendored schema file with a
            /// JSON Pointer to the quoted text.
            pub source_url: &'static str,
        }

        /// Every rule, in `schemas/rules.toml` order.
        pub const RULES: &[Rule] = &[#(#entries),*];
    }
}
