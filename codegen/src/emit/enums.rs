//! String enums with a forward-compatible `Unknown` variant.

use proc_macro2::TokenStream;
use quote::quote;

use super::types::ident;
use crate::ir::Enum;

/// Emits an enum with `as_str`, `values`, `try_parse`, `From<&str>`, `FromStr`, `Display` and serde.
pub fn emit(e: &Enum, module_name: &str) -> TokenStream {
    let name = ident(&e.name);
    let type_name = &e.name;
    let base_doc = if e.doc.is_empty() {
        format!("The `{}` values.", e.name)
    } else {
        e.doc.clone()
    };
    let example = e.values.first().map(|v| {
        let variant = &v.variant;
        format!(
            "\n\nA value this version does not know deserializes into `{type_name}::Unknown` and serializes back \
             unchanged, so match with a wildcard arm:\n\n```\nuse appflow_connector_profile::{module}::{type_name};\n\n\
             let value: {type_name} = \"{wire}\".parse().unwrap();\nmatch value {{\n    {type_name}::{variant} => {{}}\n    \
             other => println!(\"{{}}\", other.as_str()),\n}}\n```",
            module = module_name,
            wire = v.wire.replace('\\', "\\\\").replace('"', "\\\""),
        )
    });
    let doc = format!("{base_doc}{}", example.unwrap_or_default());
    let variants: Vec<_> = e.values.iter().map(|v| ident(&v.variant)).collect();
    let wires: Vec<_> = e.values.iter().map(|v| v.wire.as_str()).collect();
    let variant_docs: Vec<_> = e.values.iter().map(|v| format!("`{}`", v.wire)).collect();
    let schemars_values = wires.clone();
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(
                #[doc = #variant_docs]
                #variants,
            )*
            /// A value this version of the crate does not know; kept verbatim.
            Unknown(crate::UnknownVariantValue),
        }

        impl #name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( #name::#variants => #wires, )*
                    #name::Unknown(value) => value.as_str(),
                }
            }

            /// Every value the schema lists, in schema order.
            pub const fn values() -> &'static [&'static str] {
                &[#(#wires),*]
            }

            /// Parses a listed value; `Err` holds a value the schema does not list.
            pub fn try_parse(value: &str) -> Result<Self, crate::UnknownVariantValue> {
                match Self::from(value) {
                    #name::Unknown(unknown) => Err(unknown),
                    known => Ok(known),
                }
            }

            /// Whether the value is one the schema does not list.
            pub fn is_unknown(&self) -> bool {
                matches!(self, #name::Unknown(_))
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #wires => #name::#variants, )*
                    other => #name::Unknown(crate::UnknownVariantValue::new(other)),
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from(value.as_ref()))
            }
        }

        #[cfg(feature = "schemars")]
        impl ::schemars::JsonSchema for #name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed(#type_name)
            }

            fn json_schema(_generator: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                ::schemars::json_schema!({
                    "type": "string",
                    "enum": [#(#schemars_values),*],
                })
            }
        }
    }
}
