//! Builders: `X::builder().member(..).build()`, smithy-style setters, and `BuildError` naming the
//! type and member when a required member is missing. Each is one `support::builder!` call with a
//! labelled header and a row per member; the runtime macro writes the items.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::types::{bare, ident, present_type};
use crate::ident::{builder_name, ADDITIONAL_FIELD as ADDITIONAL};
use crate::ir::{Ir, Module, Struct, UnknownKeys};

/// One struct's builder (`lower::names` has checked that no member takes a builder method's name).
pub fn emit_builder(_module: &Module, _ir: &Ir, s: &Struct) -> TokenStream {
    let target = ident(&s.name);
    let builder = format_ident!("{}", builder_name(&s.name));
    let members = s.fields.iter().map(|field| {
        let name = ident(&field.rust_name);
        let set = format_ident!("set_{}", bare(&field.rust_name));
        let get = format_ident!("get_{}", bare(&field.rust_name));
        let ty = present_type(field);
        let wire = &field.wire_name;
        let presence = if field.required {
            quote!(required)
        } else {
            quote!(optional)
        };
        quote!(field = #name, wire = #wire, presence = #presence, type = #ty, setter = #set, getter = #get;)
    });
    let build = if s.fields.iter().any(|f| f.required) {
        quote!(fallible)
    } else {
        quote!(infallible)
    };
    let keep = (s.unknown_keys == UnknownKeys::Keep).then(|| {
        let extra = format_ident!("{}", ADDITIONAL);
        quote!(, unknown = Keep(#extra))
    });
    quote! {
        crate::support::builder!(type = #target, builder = #builder, build = #build #keep; #(#members)*);
    }
}
