//! The typed connector layer: `Connector` (one variant per connector, holding that connector's
//! members of each connector container) and `Profile` (the create request with the connector type
//! and configuration replaced by a `Connector`), built from `mapping.toml`'s `[profile]`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::builders;
use super::types::{field_type, ident};
use crate::ir::{Field, Ir, Shape, Struct, TypeDef, TypeRef};
use crate::Error;

fn problem(message: String) -> Error {
    Error::Invalid {
        file: crate::read::MAPPING.to_owned(),
        pointer: "/profile".to_owned(),
        message,
    }
}

fn named(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(n) => Some(n),
        _ => None,
    }
}

/// One connector container as a member of the configuration struct.
struct Container<'a> {
    /// The member of the configuration struct that holds it.
    member: &'a Field,
    /// The container struct.
    def: &'a Struct,
}

/// Emits `profile.rs`.
pub fn emit(ir: &Ir) -> Result<TokenStream, Error> {
    let api = &ir.api;
    let spec = &ir.profile;
    let request = api
        .struct_named(&spec.request)
        .ok_or_else(|| problem(format!("no {}", spec.request)))?;
    let update = api
        .struct_named(&spec.update_request)
        .ok_or_else(|| problem(format!("no {}", spec.update_request)))?;
    let member = |name: &str| {
        request
            .fields
            .iter()
            .find(|f| f.wire_name == name)
            .ok_or_else(|| problem(format!("no member {name}")))
    };
    let type_member = member(&spec.connector_type_member)?;
    let config_member = member(&spec.connector_config_member)?;
    let type_enum = match named(&type_member.shape.ty).and_then(|n| api.types.get(n)) {
        Some(TypeDef::Enum(e)) => e,
        _ => {
            return Err(problem(format!(
                "{} is not an enum",
                spec.connector_type_member
            )))
        }
    };
    let config = named(&config_member.shape.ty)
        .and_then(|n| api.struct_named(n))
        .ok_or_else(|| {
            problem(format!(
                "{} is not a structure",
                spec.connector_config_member
            ))
        })?;
    let containers: Vec<Container> = config
        .fields
        .iter()
        .filter_map(|f| {
            let def = api.struct_named(named(&f.shape.ty)?)?;
            ir.connector_containers
                .contains(&def.name)
                .then_some(Container { member: f, def })
        })
        .collect();
    if let Some(other) = config
        .fields
        .iter()
        .find(|f| f.required && !containers.iter().any(|c| c.member.wire_name == f.wire_name))
    {
        return Err(problem(format!(
            "{} requires {}, which is not a connector container",
            config.name, other.wire_name
        )));
    }

    let config_type = ident(&config.name);
    let type_type = ident(&type_enum.name);
    let mut variants = Vec::new();
    let mut type_arms = Vec::new();
    let mut into_arms = Vec::new();
    let mut from_arms = Vec::new();
    for key in &ir.connectors {
        let Some(value) = type_enum
            .values
            .iter()
            .find(|v| v.wire.eq_ignore_ascii_case(key))
        else {
            return Err(problem(format!(
                "no {} value names connector {key}",
                type_enum.name
            )));
        };
        let variant = ident(&crate::ident::variant_name(key));
        let enum_variant = ident(&value.variant);
        let mut fields = Vec::new();
        let mut bindings = Vec::new();
        let mut extracted = Vec::new();
        for c in &containers {
            let Some(slot) = c.def.fields.iter().find(|f| &f.wire_name == key) else {
                continue;
            };
            let name = ident(&c.member.rust_name);
            let ty = super::types::value_type(&slot.shape.ty);
            let doc = format!("The `{key}` member of `{}`.", c.member.wire_name);
            fields.push(quote! {
                #[doc = #doc]
                #name: Option<#ty>
            });
            bindings.push(name.clone());
            let slot_name = ident(&slot.rust_name);
            extracted.push(if c.member.required {
                quote!(#name: config.#name.#slot_name)
            } else {
                quote!(#name: config.#name.and_then(|c| c.#slot_name))
            });
        }
        let doc = format!(
            "A profile for the `{key}` connector (connector type `{}`).",
            value.wire
        );
        variants.push(quote! {
            #[doc = #doc]
            #variant { #(#fields),* }
        });
        type_arms.push(quote!(Connector::#variant { .. } => #type_type::#enum_variant));
        let sets = containers.iter().map(|c| {
            let name = ident(&c.member.rust_name);
            let container = ident(&c.def.name);
            match c.def.fields.iter().find(|f| &f.wire_name == key) {
                Some(slot) => {
                    let setter = format_ident!("set_{}", super::types::bare(&slot.rust_name));
                    quote!(let #name = #container::builder().#setter(#name).build();)
                }
                None => quote!(let #name = #container::builder().build();),
            }
        });
        let config_fields = config.fields.iter().map(|f| {
            let name = ident(&f.rust_name);
            if containers.iter().any(|c| c.member.wire_name == f.wire_name) {
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
    let own: Vec<&Field> = request
        .fields
        .iter()
        .filter(|f| f.wire_name != type_member.wire_name && f.wire_name != config_member.wire_name)
        .collect();
    let connector_field = Field {
        wire_name: "connector".to_owned(),
        rust_name: "connector".to_owned(),
        doc: "The connector, with its own credentials and properties.".to_owned(),
        required: true,
        shape: Shape {
            ty: TypeRef::Named("Connector".to_owned()),
            constraints: Default::default(),
        },
        sensitive: None,
        counterpart: None,
        origin: request.origin.clone(),
    };
    let mut profile_fields: Vec<Field> = own.iter().map(|f| (*f).clone()).collect();
    profile_fields.push(connector_field);
    let profile = Struct {
        name: "Profile".to_owned(),
        doc: String::new(),
        fields: profile_fields,
        unknown_keys: crate::ir::UnknownKeys::Ignore,
        error: None,
        secrecy: crate::ir::Secrecy::Plain,
        sender: crate::ir::Sender::Client,
        origin: request.origin.clone(),
    };
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
    let builder = builders::emit_builder(api, ir, &profile)?;

    let request_type = ident(&request.name);
    let type_field = ident(&type_member.rust_name);
    let config_field = ident(&config_member.rust_name);
    let wrap = |f: &Field, expr: TokenStream| {
        if f.required {
            expr
        } else {
            quote!(Some(#expr))
        }
    };
    let type_value = wrap(type_member, quote!(self.connector.connector_type()));
    let config_value = wrap(config_member, quote!(self.connector.clone().into_config()));
    let request_fields = request.fields.iter().map(|f| {
        let name = ident(&f.rust_name);
        if f.wire_name == type_member.wire_name {
            quote!(#name: #type_value)
        } else if f.wire_name == config_member.wire_name {
            quote!(#name: #config_value)
        } else {
            quote!(#name: self.#name.clone())
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
    let own_moves = own.iter().map(|f| {
        let name = ident(&f.rust_name);
        quote!(#name: request.#name)
    });
    let type_wire = &type_member.wire_name;

    // The update request: the members it shares with a Profile.
    let update_type = ident(&update.name);
    let mut fallible = false;
    let mut update_fields = Vec::new();
    for f in &update.fields {
        let name = ident(&f.rust_name);
        if f.wire_name == config_member.wire_name {
            update_fields.push(quote!(#name: #config_value));
        } else if let Some(mine) = own.iter().find(|o| o.wire_name == f.wire_name) {
            update_fields.push(match (mine.required, f.required) {
                (true, true) | (false, false) => quote!(#name: self.#name.clone()),
                (true, false) => quote!(#name: Some(self.#name.clone())),
                (false, true) => {
                    fallible = true;
                    let type_name = &update.name;
                    let field_name = super::types::bare(&f.rust_name);
                    quote!(#name: self.#name.clone().ok_or_else(|| crate::BuildError::missing_field(#type_name, #field_name))?)
                }
            });
        } else if f.required {
            return Err(problem(format!(
                "{} requires {}, which a profile does not have",
                update.name, f.wire_name
            )));
        } else {
            update_fields.push(quote!(#name: None));
        }
    }
    let update_doc = format!(
        "The [`{}`] that makes an existing profile match this one.",
        update.name
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
    let request_doc = format!("The [`{}`] that creates this profile.", request.name);
    let cfn_root = ir
        .pairs
        .first()
        .map(|(c, _)| ident(c))
        .ok_or_else(|| problem("no type pair".to_owned()))?;
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
        request.name, update.name
    );
    let serde_doc = format!(
        "Written and read as the [`{}`] it is (the API's wire form); reading validates it and fails with \
         every finding (messages never hold a secret's value).",
        request.name
    );
    Ok(quote! {
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
            pub fn from_config(connector_type: &#type_type, config: #config_type) -> Option<Connector> {
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
    })
}
