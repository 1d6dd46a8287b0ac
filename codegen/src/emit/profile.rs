//! The typed connector layer: `Connector` (one variant per connector, holding that connector's
//! members of each connector container) and `Profile` (the create request with the connector type
//! and configuration replaced by a `Connector`), built from `mapping.toml`'s `[profile]`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::builders;
use super::types::{field_type, ident};
use crate::ir::{Ir, ProfileMember, RequestSource, UpdateFill};

/// Emits `profile.rs` from [`crate::ir::ConnectorModel`].
pub fn emit(ir: &Ir) -> TokenStream {
    let model = &ir.profile;
    let type_member = &model.connector_type;
    let config_member = &model.config;
    let containers = &model.containers;

    let config_type = ident(&config_member.ty);
    let type_type = ident(&type_member.ty);
    let mut variants = Vec::new();
    let mut type_arms = Vec::new();
    let mut into_arms = Vec::new();
    let mut from_arms = Vec::new();
    for connector in &model.connectors {
        let key = &connector.key;
        let variant = ident(&connector.variant);
        let enum_variant = ident(&connector.type_value.variant);
        let mut fields = Vec::new();
        let mut bindings = Vec::new();
        let mut extracted = Vec::new();
        for (c, slot) in containers.iter().zip(&connector.slots) {
            let Some(slot) = slot else {
                continue;
            };
            let name = ident(&c.rust_name);
            let ty = super::types::value_type(&slot.ty);
            let doc = format!("The `{key}` member of `{}`.", c.wire_name);
            fields.push(quote! {
                #[doc = #doc]
                #name: Option<#ty>
            });
            bindings.push(name.clone());
            let slot_name = ident(&slot.rust_name);
            // A boxed container member is unboxed here: a variant holds one connector's values.
            // Members are taken, not moved out: moving out of a container dropped its other
            // members in each arm, drop code per connector (4k lines of LLVM IR); the config is
            // dropped once, at the end.
            let member = if c.required {
                quote!(config.#name.#slot_name.take())
            } else {
                quote!(config.#name.as_mut().and_then(|c| c.#slot_name.take()))
            };
            // `unbox` is one function, not a closure per connector and container.
            extracted.push(if slot.boxed {
                quote!(#name: crate::support::unbox(#member))
            } else {
                quote!(#name: #member)
            });
        }
        let doc = format!(
            "A profile for the `{key}` connector (connector type `{}`).",
            connector.type_value.wire
        );
        variants.push(quote! {
            #[doc = #doc]
            #variant { #(#fields),* }
        });
        type_arms.push(quote!(Connector::#variant { .. } => #type_type::#enum_variant));
        let sets = containers.iter().zip(&connector.slots).map(|(c, slot)| {
            let name = ident(&c.rust_name);
            let container = ident(&c.ty);
            match slot {
                Some(slot) => {
                    let setter = format_ident!("set_{}", super::types::bare(&slot.rust_name));
                    let rebox = slot.boxed.then(|| quote!(.map(Box::new)));
                    quote!(let #name = #container::builder().#setter(#name #rebox).build();)
                }
                None => quote!(let #name = #container::builder().build();),
            }
        });
        let config_fields = model.config_members.iter().map(|f| {
            let name = ident(&f.rust_name);
            if f.container {
                if f.required {
                    quote!(#name)
                } else {
                    quote!(#name: Some(#name))
                }
            } else {
                quote!(#name: None)
            }
        });
        into_arms.push(quote! {
            Connector::#variant { #(#bindings),* } => {
                #(#sets)*
                #config_type { #(#config_fields),* }
            }
        });
        from_arms.push(
            quote!(#type_type::#enum_variant => Some(Connector::#variant { #(#extracted),* })),
        );
    }

    // The Profile: the request's other members plus the connector.
    let profile = &model.profile;
    let profile_struct_fields = profile.fields.iter().map(|f| {
        let name = ident(&f.rust_name);
        let ty = field_type(f);
        let doc = if f.doc.is_empty() {
            format!("The `{}` member.", f.wire_name)
        } else {
            f.doc.clone()
        };
        quote! {
            #[doc = #doc]
            pub #name: #ty,
        }
    });
    let builder = builders::emit_builder(&ir.api, ir, profile);

    let request_type = ident(&model.request);
    let type_field = ident(&type_member.rust_name);
    let config_field = ident(&config_member.rust_name);
    let wrap = |f: &ProfileMember, expr: TokenStream| {
        if f.required {
            expr
        } else {
            quote!(Some(#expr))
        }
    };
    let type_value = wrap(type_member, quote!(self.connector.connector_type()));
    let config_value = wrap(config_member, quote!(self.connector.clone().into_config()));
    let request_fields = model.request_members.iter().map(|f| {
        let name = ident(&f.rust_name);
        match f.source {
            RequestSource::ConnectorType => quote!(#name: #type_value),
            RequestSource::Config => quote!(#name: #config_value),
            RequestSource::Own => quote!(#name: self.#name.clone()),
        }
    });
    let take_type = if type_member.required {
        quote!(Some(&request.#type_field))
    } else {
        quote!(request.#type_field.as_ref())
    };
    let take_config = if config_member.required {
        quote!(Some(request.#config_field))
    } else {
        quote!(request.#config_field)
    };
    let own_moves = model.own_members.iter().map(|f| {
        let name = ident(f);
        quote!(#name: request.#name)
    });
    let type_wire = &type_member.wire_name;

    // The update request: the members it shares with a Profile.
    let update_type = ident(&model.update_request);
    let fallible = model
        .update_members
        .iter()
        .any(|f| f.fill == UpdateFill::Required);
    let update_fields = model.update_members.iter().map(|f| {
        let name = ident(&f.rust_name);
        match f.fill {
            UpdateFill::Config => quote!(#name: #config_value),
            UpdateFill::Same => quote!(#name: self.#name.clone()),
            UpdateFill::Wrapped => quote!(#name: Some(self.#name.clone())),
            UpdateFill::Required => {
                let type_name = &model.update_request;
                let field_name = super::types::bare(&f.rust_name);
                quote!(#name: self.#name.clone().ok_or_else(|| crate::BuildError::missing_field(#type_name, #field_name))?)
            }
            UpdateFill::Absent => quote!(#name: None),
        }
    });
    let update_doc = format!(
        "The [`{}`] that makes an existing profile match this one.",
        model.update_request
    );
    let to_update = if fallible {
        quote! {
            #[doc = #update_doc]
            pub fn to_update_request(&self) -> Result<#update_type, crate::BuildError> {
                Ok(#update_type { #(#update_fields),* })
            }
        }
    } else {
        quote! {
            #[doc = #update_doc]
            pub fn to_update_request(&self) -> #update_type {
                #update_type { #(#update_fields),* }
            }
        }
    };
    let request_doc = format!("The [`{}`] that creates this profile.", model.request);
    let cfn_root = ident(&model.cfn_root);
    let module_doc = format!(
        "A typed layer over the API and CloudFormation forms in which a profile's connector type, credentials and \
         properties cannot disagree: [`Profile`] holds one [`Connector`], and converts into [`{}`], [`{}`] and the \
         CloudFormation resource; `TryFrom` the wire types validates them and returns every finding.\n\n\
         ```\n\
         use appflow_connector_profile::profile::{{Connector, Profile}};\n\
         use appflow_connector_profile::api::{{ConnectionMode, SalesforceConnectorProfileCredentials}};\n\n\
         let profile = Profile::builder()\n    .connector_profile_name(\"salesforce-prod\")\n    .connection_mode(ConnectionMode::Public)\n    \
         .connector(Connector::Salesforce {{\n        connector_profile_credentials: Some(SalesforceConnectorProfileCredentials::builder().access_token(\"token\").build()),\n        \
         connector_profile_properties: None,\n    }})\n    .build()\n    .unwrap();\n\
         assert_eq!(profile.to_create_request().connector_type.as_str(), \"Salesforce\");\n```",
        model.request, model.update_request
    );
    let serde_doc = format!(
        "Written and read as the [`{}`] it is (the API's wire form); reading validates it and fails with \
         every finding (messages never hold a secret's value).",
        model.request
    );
    quote! {
        #![doc = #module_doc]


        use crate::api::*;
        use crate::validation::{push, Code, JsonPath, Severity, Validate, ValidationErrors};

        /// One connector with its own members of each connector container: a profile built from it
        /// cannot carry another connector's credentials or properties.
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum Connector {
            #(#variants,)*
        }

        impl Connector {
            /// The connector type this connector is.
            pub fn connector_type(&self) -> #type_type {
                match self {
                    #(#type_arms,)*
                }
            }

            /// The configuration the API takes: each container with only this connector's member.
            pub fn into_config(self) -> #config_type {
                match self {
                    #(#into_arms)*
                }
            }

            /// The connector of `connector_type` with its members taken from `config`; `None` for a
            /// connector type that has no member in the containers.
            pub fn from_config(connector_type: &#type_type, mut config: #config_type) -> Option<Connector> {
                match connector_type {
                    #(#from_arms,)*
                    _ => None,
                }
            }
        }

        /// A connector profile whose connector type, credentials and properties agree by construction.
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub struct Profile {
            #(#profile_struct_fields)*
        }

        impl Profile {
            /// A builder for a profile.
            pub fn builder() -> ProfileBuilder {
                ProfileBuilder::default()
            }

            #[doc = #request_doc]
            pub fn to_create_request(&self) -> #request_type {
                #request_type { #(#request_fields),* }
            }

            #to_update

            /// The CloudFormation resource properties of this profile, validated against the resource
            /// schema; what CloudFormation cannot carry is reported.
            pub fn to_cfn(&self) -> Result<crate::Validated<crate::cfn::#cfn_root>, ValidationErrors> {
                self.to_create_request().to_cfn()
            }
        }

        impl ::std::convert::TryFrom<#request_type> for Profile {
            type Error = ValidationErrors;

            /// Validates the request (every finding on failure) and takes its connector apart.
            fn try_from(request: #request_type) -> Result<Self, Self::Error> {
                request.validate()?;
                Profile::from_request(request).ok_or_else(|| {
                    let mut findings = Vec::new();
                    let mut path = JsonPath::root();
                    path.push_key(#type_wire);
                    push(&mut findings, &path, Code::Connector, Severity::Error, "this connector type takes no credentials or properties in a connector profile".to_owned());
                    ValidationErrors::from_findings(findings)
                })
            }
        }

        impl Profile {
            /// Takes the request apart without validating it (an imported profile lacks what a read
            /// cannot return); `None` when its connector type takes no connector configuration.
            pub(crate) fn from_request(request: #request_type) -> Option<Profile> {
                let connector = #take_type.and_then(|t| #take_config.and_then(|config| Connector::from_config(t, config)))?;
                Some(Profile { #(#own_moves,)* connector })
            }
        }

        #[doc = #serde_doc]
        impl ::serde::Serialize for Profile {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                ::serde::Serialize::serialize(&self.to_create_request(), serializer)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for Profile {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let request = <#request_type as ::serde::Deserialize>::deserialize(deserializer)?;
                Profile::try_from(request).map_err(::serde::de::Error::custom)
            }
        }

        /// A profile is valid when the request it is is valid.
        impl Validate for Profile {
            fn validate_into(&self, path: &mut JsonPath, out: &mut Vec<crate::Finding>) {
                self.to_create_request().validate_into(path, out);
            }
        }

        impl ::std::convert::TryFrom<crate::cfn::#cfn_root> for Profile {
            type Error = ValidationErrors;

            /// Converts the resource to the API request (every finding on failure) and takes it apart.
            fn try_from(resource: crate::cfn::#cfn_root) -> Result<Self, Self::Error> {
                Profile::try_from(resource.to_api()?.value)
            }
        }

        #builder
    }
}
