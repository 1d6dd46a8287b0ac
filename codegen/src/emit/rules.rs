//! Per-connector rules (`schemas/rules.toml`), as checks inside the anchor type's `Validate`.

use proc_macro2::TokenStream;
use quote::quote;

use super::types::ident;
use crate::ir::{Condition, Ir, Leaf, Module, Predicate, Step, Struct};

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

/// Per optional member of `container`: whether it is set and its wire name equals `text`
/// ignoring ASCII case (`set` chooses `is_some`/`is_none`). Written out one term per member:
/// an array of `(name, set)` pairs was built and copied on every run, for every document.
fn named_terms(members: &[Step], set: bool, text: &TokenStream) -> Vec<TokenStream> {
    members
        .iter()
        .filter(|m| !m.required)
        .map(|m| {
            let field = ident(&m.rust_name);
            let wire = &m.wire_name;
            if set {
                quote!((container.#field.is_some() && #wire.eq_ignore_ascii_case(#text)))
            } else {
                quote!((container.#field.is_none() || #wire.eq_ignore_ascii_case(#text)))
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

/// A boolean expression that is true when the condition holds (`want`) or fails (`!want`),
/// written without a leading `!` where the predicate has a natural opposite.
fn test(c: &Condition, want: bool) -> TokenStream {
    let value = access(&c.path);
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
            let container = access(container);
            let all = join(
                &named_terms(members, false, &quote!(text)),
                quote!(&&),
                quote!(true),
            );
            negate(quote! {
                match (#value, #container) {
                    (Some(v), Some(container)) => {
                        let text = #text;
                        #all
                    }
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
            let any = join(
                &named_terms(members, true, &quote!(text)),
                quote!(||),
                quote!(false),
            );
            negate(quote! {
                match #named_by {
                    Some(v) => #value.is_some_and(|container| {
                        let text = #text;
                        #any
                    }),
                    None => true,
                }
            })
        }
    }
}

/// `Some(text)` of the value at `steps` for a finding's detail: enums and booleans as they are,
/// strings through `echo`, never a secret; `None` for a struct (see [`members_set`]).
fn shown_value(steps: &[Step], leaf: Leaf) -> Option<TokenStream> {
    let value = access(steps);
    match leaf {
        Leaf::Enum => Some(quote!(#value.map(|v| crate::validation::echo(v.as_str())))),
        Leaf::String => Some(quote!(#value.map(|v| crate::validation::echo(v)))),
        Leaf::Boolean => Some(quote!(#value.map(|v| v.to_string()))),
        // Never a secret's value: only that it is set.
        Leaf::SecretString => Some(quote!(#value.map(|_| String::new()))),
        Leaf::Struct | Leaf::Other => None,
    }
}

/// The names of the members set in the container at `steps`, joined (`Datadog`), or `None` when
/// it is absent.
fn members_set(steps: &[Step], members: &[Step]) -> TokenStream {
    let value = access(steps);
    let pushes = optional(members).map(|m| {
        let field = ident(&m.rust_name);
        let wire = &m.wire_name;
        quote!(if c.#field.is_some() { set.push(#wire); })
    });
    quote!(#value.map(|c| {
        let mut set: Vec<&str> = Vec::new();
        #(#pushes)*
        let _ = c;
        set.join("`, `")
    }))
}

/// How a detail shows a value: 0 as it is, 1 the members set in it, 2 only whether it is set.
fn kind(leaf: Leaf) -> u8 {
    if leaf == Leaf::SecretString {
        2
    } else {
        0
    }
}

/// `(label, Option<String>, kind)` per member the `when` conditions and the failing
/// `then` name, in order, each once: what the finding says about the values involved.
fn detail(instance: &crate::ir::RuleInstance, then: &Condition) -> TokenStream {
    let mut seen: Vec<Vec<String>> = Vec::new();
    let mut parts: Vec<TokenStream> = Vec::new();
    let mut add = |steps: &[Step], value: Option<TokenStream>, kind: u8| {
        let names: Vec<String> = steps.iter().map(|s| s.wire_name.clone()).collect();
        if names.is_empty() || seen.contains(&names) {
            return;
        }
        let Some(value) = value else { return };
        let label = names.join(".");
        seen.push(names);
        parts.push(quote!((#label, #value, #kind)));
    };
    for c in instance.when.iter().chain([then]) {
        match &c.predicate {
            Predicate::NamesMemberOf { container, members } => {
                add(&c.path, shown_value(&c.path, c.leaf), kind(c.leaf));
                add(container, Some(members_set(container, members)), 1);
            }
            Predicate::HasMemberNamedBy {
                value,
                value_leaf,
                members,
            } => {
                add(value, shown_value(value, *value_leaf), kind(*value_leaf));
                add(&c.path, Some(members_set(&c.path, members)), 1);
            }
            Predicate::CountSet { members, .. } => {
                add(&c.path, Some(members_set(&c.path, members)), 1);
            }
            Predicate::SameMembersAs {
                members,
                other,
                other_members,
            } => {
                add(&c.path, Some(members_set(&c.path, members)), 1);
                add(other, Some(members_set(other, other_members)), 1);
            }
            _ => add(&c.path, shown_value(&c.path, c.leaf), kind(c.leaf)),
        }
    }
    quote!(&[#(#parts),*])
}

/// The rule checks anchored at `s`.
pub fn emit_for(ir: &Ir, module: &Module, s: &Struct) -> TokenStream {
    let mut out = TokenStream::new();
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
                    let pushes = then.path.iter().map(|step| {
                        let wire = &step.wire_name;
                        quote!(path.push_key(#wire);)
                    });
                    let pops = then.path.iter().map(|_| quote!(path.pop();));
                    let message = &instance.message;
                    let detail = detail(instance, then);
                    let report = quote! {
                        #(#pushes)*
                        crate::validation::push_rule(out, path, crate::rules::RuleId::#variant, #unknown_enum_value, #message, #detail);
                        #(#pops)*
                    };
                    (test(then, false), report)
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
            let mut conditions: Vec<TokenStream> =
                instance.when.iter().map(|c| test(c, true)).collect();
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
            if let ([(fails, report)], false) = (branches.as_slice(), conditions.is_empty()) {
                out.extend(quote!(if #(#conditions)&&* && #fails { #report }));
                continue;
            }
            let chain = branches.iter().enumerate().map(|(n, (fails, report))| {
                if n == 0 {
                    quote!(if #fails { #report })
                } else {
                    quote!(else if #fails { #report })
                }
            });
            let chain = quote!(#(#chain)*);
            out.extend(if conditions.is_empty() {
                chain
            } else {
                quote! {
                    if #(#conditions)&&* {
                        #chain
                    }
                }
            });
        }
    }
    out
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
