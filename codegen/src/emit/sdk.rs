//! `sdk.rs` (feature `aws-sdk-appflow`): conversions between every `api` type and the SDK's, as
//! lowering mapped them (`ir::SdkMap`): per type one call of the runtime's `link_sdk!`
//! (`sdk_support.rs`) with a line per member. Into the SDK: `From` through the SDK's builders.
//! Back: `TryFrom`, each member through the runtime's `FromSdk`.

use proc_macro2::Ident;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::types::{bare, ident};
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
        let theirs = path(&sdk.path);
        items.extend(match ir.api.types.get(name) {
            Some(TypeDef::Struct(s)) => emit_struct(s, sdk, &ours, &theirs),
            Some(TypeDef::Enum(_)) => quote!(link_sdk!(enum = #ours, sdk = #theirs);),
            _ => quote!(link_sdk!(@link crate::api::#ours, #theirs);),
        });
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

        use crate::sdk_support::link_sdk;
        pub use crate::sdk_support::ConversionError;

        #items
    }
}

/// A struct's `link_sdk!` call: per member a row of this crate's field, wire name and whether it
/// is required, then the SDK's field, setter and how the SDK holds it.
fn emit_struct(s: &Struct, sdk: &SdkType, ours: &Ident, theirs: &TokenStream) -> TokenStream {
    let members = s.fields.iter().zip(&sdk.members).map(|(field, member)| {
        let local = ident(&field.rust_name);
        let wire = &field.wire_name;
        let required = if field.required {
            quote!(required)
        } else {
            quote!(optional)
        };
        let sdk_field = ident(&member.name);
        let setter = format_ident!("set_{}", bare(&member.name));
        let presence = match member.presence {
            SdkPresence::Optional => quote!(Optional),
            SdkPresence::Required => quote!(Required),
            SdkPresence::DefaultFalse => quote!(DefaultFalse),
        };
        quote!(field = #local, wire = #wire, presence = #required, sdk_field = #sdk_field, sdk_setter = #setter, sdk_presence = #presence;)
    });
    let builder = match &sdk.role {
        SdkRole::Input { builder } => {
            let builder = path(builder);
            quote!(, sdk_builder = #builder)
        }
        _ => TokenStream::new(),
    };
    quote! {
        link_sdk!(type = #ours, sdk = #theirs #builder; #(#members)*);
    }
}
