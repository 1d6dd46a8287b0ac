//! `cfn::keys` and `api::keys`: the wire names of each struct's members as constants, so that tools
//! built on the crate (the CLI) name a member through the schema instead of spelling it.

use proc_macro2::TokenStream;
use quote::quote;

use super::types::ident;
use crate::ident::{key_const_name, keys_module_name};
use crate::ir::{Module, TypeDef};

/// The items of `{module}/keys.rs`: one module per struct with members, in type-name order, with
/// one constant per member in schema order (`lower::names` has checked that no two collide).
pub fn emit(module: &Module) -> TokenStream {
    let dir = module.kind.module_name();
    let mut items = TokenStream::new();
    for def in module.types.values() {
        let TypeDef::Struct(s) = def else { continue };
        if s.fields.is_empty() {
            continue;
        }
        let name = keys_module_name(&s.name);
        let mut lines = Vec::new();
        for field in &s.fields {
            let constant = key_const_name(&field.wire_name);
            let constant = ident(&constant);
            let wire = &field.wire_name;
            lines.push(quote!(pub const #constant: &str = #wire;));
        }
        let doc = format!("Members of [`{0}`](crate::{dir}::{0}).", s.name);
        let name = ident(&name);
        items.extend(quote! {
            #[doc = #doc]
            pub mod #name {
                #(#lines)*
            }
        });
    }
    let doc = format!(
        "The wire names of each struct's members in `{dir}`, as constants: a module per struct\n\
         with members, named as the type in snake case, and a constant per member, named as its\n\
         field in upper case, holding the member's key. A constant's value is its documentation."
    );
    quote! {
        #![doc = #doc]
        #![allow(missing_docs)]
        #items
    }
}
