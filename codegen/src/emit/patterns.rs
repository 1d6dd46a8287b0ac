//! `patterns.rs`: the IR's compiled patterns as static tables for the runtime's `Pattern`.

use std::collections::BTreeMap;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{CompiledPattern, Ir};

/// Every distinct pattern of the IR, named after its source text: `patterns::P_<HASH>`, a
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

    /// `pattern`'s `&'static Pattern` (`&crate::patterns::P_<HASH>`), for the specs' tables: a
    /// reference to the table itself, read with no call (a function returning it was two
    /// indirect calls a value checked).
    pub fn reference(&self, pattern: &str) -> TokenStream {
        let name = format_ident!("P_{}", self.names[pattern].0.to_uppercase());
        quote!(&crate::patterns::#name)
    }

    /// `patterns.rs`: one static table per pattern, and `ALL`.
    pub fn emit(&self) -> TokenStream {
        let tables = self.names.iter().map(|(source, (hash, compiled))| {
            let table = format_ident!("P_{}", hash.to_uppercase());
            let doc = format!("`{source}`");
            let classes = Literal::byte_string(&compiled.classes);
            // One row per state: the offset of the next state's row for each class (an offset,
            // not a state number, so a scan needs no multiplication), then the state's loop bit
            // and whether a text ending there matches. One byte an entry while they fit, else
            // two (little-endian; lowering keeps every offset within a `u16`).
            let width = compiled.class_count + 2;
            let rows: Vec<usize> = (0..compiled.state_count())
                .flat_map(|state| {
                    let next = &compiled.transitions
                        [state * compiled.class_count..(state + 1) * compiled.class_count];
                    next.iter().map(|&to| usize::from(to) * width).chain([
                        usize::from(compiled.loop_bits[state]),
                        usize::from(compiled.accept_at_end[state]),
                    ])
                })
                .collect();
            let wide = rows.iter().any(|&entry| entry > 255);
            let rows: Vec<u8> = if wide {
                rows.iter()
                    .flat_map(|&entry| (entry as u16).to_le_bytes())
                    .collect()
            } else {
                rows.iter().map(|&entry| entry as u8).collect()
            };
            let rows = Literal::byte_string(&rows);
            let loop_bytes = Literal::byte_string(&compiled.loop_bytes);
            let prefix = Literal::byte_string(&compiled.prefix);
            quote! {
                #[doc = #doc]
                pub(crate) static #table: Pattern =
                    Pattern::new(#source, #classes, #rows, #wide, #loop_bytes, #prefix);
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

            #(#tables)*

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
