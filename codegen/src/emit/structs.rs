//! Structs: fields with serde names, the unknown-key policy, and error-shape impls.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::field_doc;
use super::types::{field_type, ident, schemars_attr, serde_attr};
use crate::ident::builder_name;
use crate::ir::{Ir, Module, Struct, UnknownKeys};

/// Name of the field that keeps undeclared keys of open objects.
pub use crate::ident::ADDITIONAL_FIELD as ADDITIONAL;

/// Emits a struct, its `builder()` and, for error shapes, `Display`/`Error`.
pub fn emit(ir: &Ir, module: &Module, s: &Struct) -> TokenStream {
    let name = ident(&s.name);
    let builder = format_ident!("{}", builder_name(&s.name));
    let doc = if s.doc.is_empty() {
        format!("The `{}` type.", s.name)
    } else {
        s.doc.clone()
    };
    let fields = s.fields.iter().map(|field| {
        let field_name = ident(&field.rust_name);
        let ty = field_type(field);
        let doc = field_doc(field, module, ir);
        let serde = serde_attr(field);
        let schemars = schemars_attr(&field.shape);
        quote! {
            #[doc = #doc]
            #serde
            #schemars
            pub #field_name: #ty,
        }
    });
    // `Deserialize` is the one-pass reader's (`read::object!`), which applies the unknown-key
    // policy itself; schemars still reads `deny_unknown_fields` for the schema it derives.
    let (container_attr, extra_field) = match s.unknown_keys {
        UnknownKeys::Reject => (
            quote!(#[cfg_attr(feature = "schemars", schemars(deny_unknown_fields))]),
            TokenStream::new(),
        ),
        UnknownKeys::Ignore => (TokenStream::new(), TokenStream::new()),
        UnknownKeys::Keep => {
            let extra = format_ident!("{}", ADDITIONAL);
            (
                TokenStream::new(),
                quote! {
                    /// Keys the schema does not declare. The schema leaves this object open, so they are
                    /// kept as they came and written back, and a round trip loses nothing. `Debug` shows
                    /// only how many there are: one may be a misplaced secret.
                    #[serde(flatten)]
                    pub #extra: crate::UnknownMembers,
                },
            )
        }
    };
    let mut out = quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq, ::serde::Serialize)]
        #[cfg_attr(feature = "schemars", derive(::schemars::JsonSchema))]
        #container_attr
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #extra_field
        }

        impl #name {
            /// A builder for this type.
            pub fn builder() -> builders::#builder {
                builders::#builder::default()
            }
        }
    };
    if let Some(error) = &s.error {
        let status = error.http_status;
        let type_name = &s.name;
        let message = s.fields.iter().find(|f| {
            f.wire_name.eq_ignore_ascii_case("message")
                && f.sensitive.is_none()
                && f.shape.ty == crate::ir::TypeRef::String
        });
        let with_message = format!("{type_name}: {{}}");
        let display = match message {
            Some(field) if field.required => {
                let m = ident(&field.rust_name);
                quote!(write!(f, #with_message, self.#m))
            }
            Some(field) => {
                let m = ident(&field.rust_name);
                quote! {
                    match &self.#m {
                        Some(message) => write!(f, #with_message, message),
                        None => f.write_str(#type_name),
                    }
                }
            }
            None => quote!(f.write_str(#type_name)),
        };
        let status_doc = format!("The HTTP status code the service answers with: {status}.");
        let fault = error.fault.as_deref().map(|fault| {
            let fault_doc = format!("Whose fault the error is, as the model says: `{fault}`.");
            quote! {
                #[doc = #fault_doc]
                pub const FAULT: &'static str = #fault;
            }
        });
        out.extend(quote! {
            impl #name {
                #[doc = #status_doc]
                pub const HTTP_STATUS_CODE: u16 = #status;
                #fault
            }

            impl ::std::fmt::Display for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    #display
                }
            }

            impl ::std::error::Error for #name {}
        });
    }
    out
}
