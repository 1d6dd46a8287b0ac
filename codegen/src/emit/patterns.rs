//! `patterns.rs`: the IR's compiled patterns as static tables for the runtime's `Pattern`.

use std::collections::BTreeMap;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{CompiledPattern, Ir};

/// Every distinct pattern of the IR, named after its source text: `patterns::p_<hash>()`, a
/// hash of the source, so that a pattern keeps its name whatever other patterns come and go.
#[derive(Debug, Default)]
pub struct Patterns<'a> {
    names: BTreeMap<&'a str, (String, &'a CompiledPattern)>,
}

/// Hex digits of a pattern's name: the shortest prefix of the hash, from 8 on, that tells every
/// pattern of the IR apart (8 unless two hashes ever share them).
const MIN_DIGITS: usize = 8;

impl<'a> Patterns<'a> {
    /// The IR's patterns, named.
    pub fn new(ir: &'a Ir) -> Patterns<'a> {
        let hashes: Vec<(&str, String, &CompiledPattern)> = ir
            .patterns
            .iter()
            .map(|(source, compiled)| {
                (source.as_str(), format!("{:016x}", fnv1a(source)), compiled)
            })
            .collect();
        let digits = (MIN_DIGITS..16)
            .find(|&n| {
                let distinct: std::collections::BTreeSet<&str> =
                    hashes.iter().map(|(_, hash, _)| &hash[..n]).collect();
                distinct.len() == hashes.len()
            })
            .unwrap_or(16);
        Patterns {
            names: hashes
                .into_iter()
                .map(|(source, hash, compiled)| (source, (hash[..digits].to_owned(), compiled)))
                .collect(),
        }
    }

    /// The function giving `pattern`'s `&'static Pattern` (`crate::patterns::p_<hash>`), for
    /// the specs' tables.
    pub fn function(&self, pattern: &str) -> TokenStream {
        let name = format_ident!("p_{}", self.names[pattern].0);
        quote!(crate::patterns::#name)
    }

    /// `patterns.rs`: one static table per pattern, and `ALL`.
    pub fn emit(&self) -> TokenStream {
        let functions = self.names.iter().map(|(source, (hash, compiled))| {
            let name = format_ident!("p_{}", hash);
            let table = format_ident!("P_{}", hash.to_uppercase());
            let doc = format!("`{source}`");
            let classes = Literal::byte_string(&compiled.classes);
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
            let loop_bits = Literal::byte_string(&compiled.loop_bits);
            let loop_bytes = Literal::byte_string(&compiled.loop_bytes);
            quote! {
                static #table: Pattern = Pattern::new(#source, #classes, #transitions, #wide, #accept, #loop_bits, #loop_bytes);
                #[doc = #doc]
                pub(crate) fn #name() -> &'static Pattern {
                    &#table
                }
            }
        });
        let all = self.names.values().map(|(hash, _)| {
            let table = format_ident!("P_{}", hash.to_uppercase());
            quote!(&#table)
        });
        let count = Literal::usize_unsuffixed(self.names.len());
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

/// 64-bit FNV-1a: a stable hash (unlike `std`'s, the same on every run and platform).
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::fnv1a;

    #[test]
    fn fnv1a_matches_the_reference_values() {
        assert_eq!(fnv1a(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
    }
}
