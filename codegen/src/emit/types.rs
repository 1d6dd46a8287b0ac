//! Rust types for IR type references, and the per-field attributes that go with them.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{Constraints, Field, Shape, TypeRef};

/// An identifier, accepting the raw form `r#type`.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => format_ident!("{}", name),
    }
}

/// The plain spelling of an identifier, for building other names from it (`set_type`).
pub fn bare(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// The Rust type of a value of `ty`.
pub fn value_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Boolean => quote!(bool),
        TypeRef::Integer(kind) => {
            let name = format_ident!("{}", kind.rust_name());
            quote!(#name)
        }
        TypeRef::Timestamp => quote!(crate::Timestamp),
        TypeRef::Named(name) => {
            let name = ident(name);
            quote!(#name)
        }
        TypeRef::List(item) => {
            let item = value_type(&item.ty);
            quote!(Vec<#item>)
        }
        TypeRef::Map { key, value } => {
            let key = value_type(&key.ty);
            let value = value_type(&value.ty);
            quote!(::std::collections::BTreeMap<#key, #value>)
        }
    }
}

/// The type a field holds when present: the value type, in a `Box` when [`Field::boxed`], in
/// `Sensitive` for secrets.
pub fn present_type(field: &Field) -> TokenStream {
    let inner = value_type(&field.shape.ty);
    if field.boxed {
        quote!(Box<#inner>)
    } else if field.sensitive.is_some() {
        quote!(crate::Sensitive<#inner>)
    } else {
        inner
    }
}

/// The field's declared type: `Option<…>` unless required.
pub fn field_type(field: &Field) -> TokenStream {
    let present = present_type(field);
    if field.required {
        present
    } else {
        quote!(Option<#present>)
    }
}

/// `#[serde(...)]` for a field: its wire name, and optional members left out when absent.
/// (Reading is the one-pass reader's, which takes integers in any whole notation.)
pub fn serde_attr(field: &Field) -> TokenStream {
    let wire = &field.wire_name;
    if field.required {
        quote!(#[serde(rename = #wire)])
    } else {
        quote!(#[serde(rename = #wire, skip_serializing_if = "Option::is_none")])
    }
}

/// `#[cfg_attr(feature = "schemars", schemars(...))]` carrying the constraints into JSON Schema.
pub fn schemars_attr(shape: &Shape) -> TokenStream {
    let mut parts = constraint_attrs(&shape.constraints);
    if let TypeRef::List(item) = &shape.ty {
        let inner = constraint_attrs(&item.constraints);
        if !inner.is_empty() {
            parts.push(quote!(inner(#(#inner),*)));
        }
    }
    if parts.is_empty() {
        return TokenStream::new();
    }
    quote!(#[cfg_attr(feature = "schemars", schemars(#(#parts),*))])
}

fn constraint_attrs(c: &Constraints) -> Vec<TokenStream> {
    let mut parts = Vec::new();
    let lengths = (
        c.min_length.map(Literal::u64_unsuffixed),
        c.max_length.map(Literal::u64_unsuffixed),
    );
    parts.extend(bounds("length", lengths));
    let values = (
        c.minimum.map(Literal::i64_unsuffixed),
        c.maximum.map(Literal::i64_unsuffixed),
    );
    parts.extend(bounds("range", values));
    if let Some(pattern) = &c.pattern {
        parts.push(quote!(pattern(#pattern)));
    }
    if c.unique_items {
        parts.push(quote!(extend("uniqueItems" = true)));
    }
    parts
}

/// `length(min = .., max = ..)` or `range(..)` with the bounds that are set, if any.
fn bounds(name: &str, (min, max): (Option<Literal>, Option<Literal>)) -> Option<TokenStream> {
    let name = format_ident!("{}", name);
    let min = min.map(|v| quote!(min = #v));
    let max = max.map(|v| quote!(max = #v));
    let set: Vec<TokenStream> = min.into_iter().chain(max).collect();
    (!set.is_empty()).then(|| quote!(#name(#(#set),*)))
}
