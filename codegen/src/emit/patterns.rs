//! `patterns.rs`: the IR's compiled patterns as static tables for the runtime's `Pattern`.

use std::collections::BTreeMap;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{CompiledPattern, Ir};

/// Every distinct pattern of the IR, numbered in sorted order; `patterns::pN()` is pattern N.
#[derive(Debug, Default)]
pub struct Patterns<'a> {
    numbers: BTreeMap<&'a str, (usize, &'a CompiledPattern)>,
}

impl<'a> Patterns<'a> {
    /// The IR's patterns, numbered.
    pub fn new(ir: &'a Ir) -> Patterns<'a> {
        Patterns {
            numbers: ir
                .patterns
                .iter()
                .enumerate()
                .map(|(i, (source, compiled))| (source.as_str(), (i, compiled)))
                .collect(),
        }
    }

    /// The function giving `pattern`'s `&'static Pattern` (`crate::patterns::pN`), for the
    /// specs' tables.
    pub fn function(&self, pattern: &str) -> TokenStream {
        let name = format_ident!("p{}", self.numbers[pattern].0);
        quote!(crate::patterns::#name)
    }

    /// `patterns.rs`: one static table per pattern, and `ALL`.
    pub fn emit(&self) -> TokenStream {
        let functions = self.numbers.iter().map(|(source, (n, compiled))| {
            let name = format_ident!("p{}", n);
            let table = format_ident!("P{}", n);
            let doc = format!("`{source}`");
            let classes = Literal::byte_string(&compiled.classes);
            let class_count = Literal::usize_unsuffixed(compiled.class_count);
            // Next states by number: one byte each while they fit, else two (little-endian; a
            // state number is a `u16` in the IR).
            let wide = compiled.transitions.iter().any(|&next| next > 255);
            let transitions: Vec<u8> = if wide {
                compiled
                    .transitions
                    .iter()
                    .flat_map(|&next| next.to_le_bytes())
                    .collect()
            } else {
                compiled.transitions.iter().map(|&next| next as u8).collect()
            };
            let transitions = Literal::byte_string(&transitions);
            let accept: Vec<u8> = compiled.accept_at_end.iter().map(|&a| u8::from(a)).collect();
            let accept = Literal::byte_string(&accept);
            let loops = compiled.class_loops.iter().map(|&mask| Literal::u64_unsuffixed(mask));
            quote! {
                static #table: Pattern = Pattern::new(#source, #classes, #class_count, #transitions, #wide, #accept, &[#(#loops),*]);
                #[doc = #doc]
                pub(crate) fn #name() -> &'static Pattern {
                    &#table
                }
            }
        });
        let all = self.numbers.values().map(|(n, _)| {
            let table = format_ident!("P{}", n);
            quote!(&#table)
        });
        let count = Literal::usize_unsuffixed(self.numbers.len());
        quote! {
            //! The schemas' patterns, compiled by the generator into the tables of
            //! [`Pattern`](crate::pattern::Pattern).
            use crate::pattern::Pattern;

            #(#functions)*

            /// Every pattern, in the order of their source text.
            pub(crate) static ALL: [&Pattern; #count] = [#(#all),*];
        }
    }
}
