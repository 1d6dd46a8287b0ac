//! Per-connector rules (`schemas/rules.toml`): each anchor type's checks as data (`checks::Check`),
//! judged by the runtime's `checks::run_checks`; and the rules' table `src/rules.rs`.

use proc_macro2::TokenStream;
use quote::quote;

use super::types::ident;
use crate::ir::{Condition, Ir, Module, Predicate, Sender, Step, Struct, TypeDef};
use crate::Error;

/// The wire names of `steps`, as a static slice.
fn wire_path(steps: &[Step]) -> TokenStream {
    let wires = steps.iter().map(|step| &step.wire_name);
    quote!(&[#(#wires),*])
}

/// One condition as a `checks::Cond`.
fn cond(c: &Condition) -> TokenStream {
    let path = wire_path(&c.path);
    let test = match &c.predicate {
        Predicate::Present(present) => quote!(Present(#present)),
        Predicate::EqualsString(text) => quote!(Equals(#text)),
        Predicate::EqualsBool { value, negated } => quote!(EqualsBool(#value, #negated)),
        Predicate::OneOf { values, negated } => quote!(OneOf(&[#(#values),*], #negated)),
        Predicate::NotEmpty => quote!(NotEmpty),
        Predicate::CountSet {
            members,
            every,
            min,
            max,
        } => {
            let members = if *every {
                quote!(None)
            } else {
                let wires = members.iter().map(|m| &m.wire_name);
                quote!(Some(&[#(#wires),*]))
            };
            let min = proc_macro2::Literal::usize_unsuffixed(*min);
            let max = match max {
                Some(max) => {
                    let max = proc_macro2::Literal::usize_unsuffixed(*max);
                    quote!(Some(#max))
                }
                None => quote!(None),
            };
            quote!(CountSet(#members, #min, #max))
        }
        Predicate::NamesMemberOf { container, .. } => {
            let container = wire_path(container);
            quote!(NamesMemberOf(#container))
        }
        Predicate::SameMembersAs { other, .. } => {
            let other = wire_path(other);
            quote!(SameMembersAs(#other))
        }
        Predicate::HasMemberNamedBy { value, .. } => {
            let value = wire_path(value);
            quote!(HasMemberNamedBy(#value))
        }
    };
    quote!(Cond(#path, #test))
}

/// The rule checks anchored at `s`, as data: the body of its `own_rules`, empty when it has none.
pub fn emit_for(ir: &Ir, module: &Module, s: &Struct) -> Result<TokenStream, Error> {
    let sent_by_service = module
        .types
        .values()
        .any(|def| matches!(def, TypeDef::Struct(s) if s.sender == Sender::Service));
    let mut checks = Vec::new();
    for rule in &ir.rules {
        for instance in rule
            .instances
            .iter()
            .filter(|i| i.module == module.kind && i.anchor == s.name)
        {
            let variant = ident(&rule.variant);
            // An error that may stem from an enum value the schema does not list is a warning in
            // a document the service sends (the service may know the value).
            // Only a module with documents the service sends needs the check.
            let mut enum_members: Vec<&[Step]> = Vec::new();
            if sent_by_service && rule.error {
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
            }
            let enums = enum_members.into_iter().map(wire_path);
            let when = instance.when.iter().map(cond);
            let then = instance.then.iter().map(cond);
            checks.push(quote! {
                Check(RuleId::#variant, &[#(#when),*], &[#(#then),*], &[#(#enums),*])
            });
        }
    }
    if checks.is_empty() {
        return Ok(TokenStream::new());
    }
    Ok(quote! {
        use checks::{Check, Cond, Test::*};
        use crate::rules::RuleId;
        static CHECKS: &[Check] = &[#(#checks),*];
        checks::run_checks(self, CHECKS, path, out);
    })
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
