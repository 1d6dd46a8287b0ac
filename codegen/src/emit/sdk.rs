//! `sdk.rs` (feature `aws-sdk-appflow`): conversions between every `api` type and the SDK's, as
//! lowering mapped them (`ir::SdkMap`). Into the SDK: `From` through the SDK's builders. Back:
//! `TryFrom`, each member through the runtime's `FromSdk` (`sdk_support.rs`).

use proc_macro2::TokenStream;
use quote::quote;

use super::types::ident;
use crate::ir::{Ir, SdkPresence, SdkRole, SdkType, Struct, TypeDef};

fn path(segments: &[String]) -> TokenStream {
    let segments = segments.iter().map(|s| ident(s));
    quote!(::aws_sdk_appflow #(::#segments)*)
}

/// Emits `sdk.rs`.
pub fn emit(ir: &Ir) -> TokenStream {
    let mut items = TokenStream::new();
    for (name, sdk) in &ir.sdk.types {
        let ours = ident(name);
        let ours = quote!(crate::api::#ours);
        let theirs = path(&sdk.path);
        items.extend(match ir.api.types.get(name) {
            Some(TypeDef::Struct(s)) => emit_struct(s, sdk, &ours, &theirs),
            Some(TypeDef::Enum(_)) => quote! {
                impl From<#ours> for #theirs {
                    fn from(value: #ours) -> Self {
                        <#theirs>::from(value.as_str())
                    }
                }
                impl From<#theirs> for #ours {
                    fn from(value: #theirs) -> Self {
                        <#ours>::from(value.as_str())
                    }
                }
            },
            _ => TokenStream::new(),
        });
        items.extend(quote!(link_sdk!(#ours, #theirs);));
    }
    let doc = "Conversions between the [`api`](crate::api) types and those of the official Rust SDK, \
        [`aws_sdk_appflow`], for every shape reachable from the four operations.\n\n\
        - Into the SDK: `From<api::X> for aws_sdk_appflow::types::X`, and for each request `From` into the \
        operation's input (`aws_sdk_appflow::operation::create_connector_profile::CreateConnectorProfileInput`) and \
        into its builder, whose `send_with(&client)` sends it.\n\
        - Back: `TryFrom<aws_sdk_appflow::…> for api::X` with [`ConversionError`] (a member this crate requires \
        that the SDK leaves unset, a number beyond this crate's bounds).\n\n\
        Secrets are carried: `Sensitive<T>` becomes the SDK's plain `T` (which its own `Debug` redacts) and back. \
        Enum values the model does not list travel as the same string. Members the SDK holds as a `bool` that is \
        `false` unless set (`mapping.toml` `[[sdk_default]]`) read back as unset when `false`, as on the wire, \
        where the SDK does not write them.\n\n\
        Into the SDK never fails for a value of this crate: the SDK's builders fail only when a member it requires \
        is unset, and every such member is required here too (the reverse conversion reads them as plain values, \
        so a disagreement would not compile).";
    quote! {
        #![doc = #doc]

        use crate::sdk_support::{link_sdk, required, unless_default, Built, FromSdk, IntoSdk};
        pub use crate::sdk_support::ConversionError;

        #items
    }
}

fn emit_struct(s: &Struct, sdk: &SdkType, ours: &TokenStream, theirs: &TokenStream) -> TokenStream {
    let type_name = &s.name;
    let fields: Vec<_> = s.fields.iter().map(|f| ident(&f.rust_name)).collect();
    let mut setters = Vec::new();
    let mut reads = Vec::new();
    for ((field, member), local) in s.fields.iter().zip(&sdk.members).zip(&fields) {
        let setter = quote::format_ident!("set_{}", super::types::bare(&member.name));
        let sdk_field = ident(&member.name);
        let wire = &field.wire_name;
        let at = quote!(at(#wire));
        setters.push(if field.required {
            quote!(.#setter(Some(#local.into_sdk())))
        } else {
            quote!(.#setter(#local.into_sdk()))
        });
        let value = quote!(value.#sdk_field);
        let read = match (field.required, &member.presence) {
            (true, SdkPresence::Optional) => quote!(required(#value, #at)?),
            (false, SdkPresence::DefaultFalse) => quote!(unless_default(#value, false)),
            (true, SdkPresence::DefaultFalse) => quote!(#value),
            (false, SdkPresence::Required) => quote!(Some(#value)),
            _ => value,
        };
        reads.push(quote!(#local: FromSdk::from_sdk(#read, #at)?));
    }
    let destructure = quote!(let #ours { #(#fields),* } = value;);
    // An empty struct reads nothing from the SDK's value.
    let param = if fields.is_empty() {
        quote!(_value)
    } else {
        quote!(value)
    };
    // Where a member is, for a conversion error: the type and the member's wire name.
    let at_fn = if fields.is_empty() {
        TokenStream::new()
    } else {
        quote!(let at = |member: &'static str| (#type_name, member);)
    };
    let mut tokens = quote! {
        impl ::std::convert::TryFrom<#theirs> for #ours {
            type Error = ConversionError;
            fn try_from(#param: #theirs) -> Result<Self, ConversionError> {
                #at_fn
                Ok(#ours { #(#reads),* })
            }
        }
    };
    match &sdk.role {
        SdkRole::Input { builder } => {
            let builder = path(builder);
            tokens.extend(quote! {
                impl From<#ours> for #builder {
                    fn from(value: #ours) -> Self {
                        #destructure
                        <#theirs>::builder() #(#setters)*
                    }
                }
                impl From<#ours> for #theirs {
                    fn from(value: #ours) -> Self {
                        <#builder>::from(value).build().built()
                    }
                }
            });
        }
        _ => tokens.extend(quote! {
            impl From<#ours> for #theirs {
                fn from(value: #ours) -> Self {
                    #destructure
                    <#theirs>::builder() #(#setters)* .build().built()
                }
            }
        }),
    }
    tokens
}
