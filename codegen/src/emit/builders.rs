//! Builders: `X::builder().member(..).build()`, smithy-style setters, and `BuildError` naming the
//! type and member when a required member is missing.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::types::{bare, ident, present_type};
use crate::ident::{builder_name, ADDITIONAL_FIELD as ADDITIONAL};
use crate::ir::{Ir, Module, Struct, UnknownKeys};

/// One struct's builder (`lower::names` has checked that no member takes a builder method's name).
pub fn emit_builder(_module: &Module, _ir: &Ir, s: &Struct) -> TokenStream {
    let target = ident(&s.name);
    let builder = format_ident!("{}", builder_name(&s.name));
    let type_name = &s.name;
    let doc = format!("A builder for [`{}`].", s.name);
    let mut slots = Vec::new();
    let mut methods = Vec::new();
    let mut assignments = Vec::new();
    for field in &s.fields {
        let name = ident(&field.rust_name);
        let set = format_ident!("set_{}", bare(&field.rust_name));
        let get = format_ident!("get_{}", bare(&field.rust_name));
        let ty = present_type(field);
        slots.push(quote!(#name: Option<#ty>,));
        let wire = &field.wire_name;
        let presence = field.required.then(|| quote!(, required));
        methods.push(quote! {
            crate::support::setters!(#name, #set, #get, #ty, #wire #presence);
        });
        let field_str = bare(&field.rust_name);
        assignments.push(if field.required {
            quote!(#name: self.#name.ok_or_else(|| missing(#field_str))?,)
        } else {
            quote!(#name: self.#name,)
        });
    }
    if s.unknown_keys == UnknownKeys::Keep {
        let extra = format_ident!("{}", ADDITIONAL);
        slots.push(quote!(#extra: crate::UnknownMembers,));
        methods.push(quote! {
            /// Adds a key the schema does not declare; it is written as given.
            pub fn additional_property(mut self, key: impl Into<String>, value: impl Into<::serde_json::Value>) -> Self {
                self.#extra.insert(key.into(), value.into());
                self
            }
            /// Replaces every key the schema does not declare.
            pub fn set_additional_properties(mut self, input: impl Into<crate::UnknownMembers>) -> Self {
                self.#extra = input.into();
                self
            }
        });
        assignments.push(quote!(#extra: self.#extra,));
    }
    let has_required = s.fields.iter().any(|f| f.required);
    let build = if has_required {
        let build_doc =
            format!("Builds the [`{type_name}`]; fails naming the first required member not set.");
        quote! {
            #[doc = #build_doc]
            #[inline]
            pub fn build(self) -> Result<#target, crate::BuildError> {
                let missing = |field| crate::BuildError::missing_field(#type_name, field);
                Ok(#target { #(#assignments)* })
            }
        }
    } else {
        let build_doc = format!("Builds the [`{type_name}`].");
        quote! {
            #[doc = #build_doc]
            #[inline]
            pub fn build(self) -> #target {
                #target { #(#assignments)* }
            }
        }
    };
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct #builder {
            #(#slots)*
        }

        impl #builder {
            #(#methods)*
            #build
        }
    }
}
