//! The CloudFormation resource's metadata as typed constants.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::types::ident;
use crate::ir::{ImportTarget, Ir, UpdateFact};
use crate::Error;

fn option_str(value: Option<&String>) -> TokenStream {
    match value {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    }
}

fn option_usize(value: Option<usize>) -> TokenStream {
    match value {
        Some(n) => {
            let n = proc_macro2::Literal::usize_unsuffixed(n);
            quote!(Some(#n))
        }
        None => quote!(None),
    }
}

/// Emits `cfn::resource`: the metadata constants, the typed properties and the lifecycle tables.
pub fn emit(ir: &Ir) -> Result<TokenStream, Error> {
    let meta = &ir.resource;
    let lifecycle = &ir.lifecycle;
    let iam = lifecycle.iam.as_ref().ok_or_else(|| Error::Emit {
        file: "resource.rs".to_owned(),
        message: "schemas/iam.toml was not read".to_owned(),
    })?;
    let variants: Vec<_> = lifecycle
        .properties
        .iter()
        .map(|p| ident(&p.variant))
        .collect();
    let variant_docs = lifecycle
        .properties
        .iter()
        .map(|p| format!("`{}`.", p.wire_name));
    let infos = lifecycle.properties.iter().map(|p| {
        let name = &p.wire_name;
        let pointer = format!("/properties/{name}");
        let (create_only, read_only, write_only, primary) = (
            p.create_only,
            p.read_only,
            p.write_only,
            p.primary_identifier,
        );
        let api_member = option_str(p.api_member.as_ref());
        let update = match p.update {
            UpdateFact::Sent { required } => quote!(UpdateRule::Sent { required: #required }),
            UpdateFact::NotInUpdate => quote!(UpdateRule::NotInUpdate),
            UpdateFact::NeverSent => quote!(UpdateRule::NeverSent),
        };
        quote!(PropertyInfo {
            name: #name,
            pointer: #pointer,
            create_only: #create_only,
            read_only: #read_only,
            write_only: #write_only,
            primary_identifier: #primary,
            api_member: #api_member,
            update: #update,
        })
    });
    let redaction = lifecycle.redaction.iter().map(|node| {
        let credentials = node.credentials;
        let members = node.members.iter().map(|m| {
            let (name, secret, required) = (&m.name, m.secret, m.required);
            let child = option_usize(m.child);
            quote!((#name, #secret, #required, #child))
        });
        let references = node
            .members
            .iter()
            .filter(|m| m.reference)
            .map(|m| m.name.as_str());
        quote!(RedactNode { credentials: #credentials, members: &[#(#members),*], references: &[#(#references),*] })
    });
    let import = lifecycle.import.iter().map(|m| {
        let member = &m.member;
        let target = match &m.target {
            ImportTarget::Request(path) => quote!(ImportTarget::Request(&[#(#path),*])),
            ImportTarget::Property(name) => {
                let variant = lifecycle
                    .properties
                    .iter()
                    .find(|p| &p.wire_name == name)
                    .map(|p| ident(&p.variant))
                    .unwrap_or_else(|| ident(name));
                quote!(ImportTarget::Property(Property::#variant))
            }
            ImportTarget::Dropped => quote!(ImportTarget::Dropped),
        };
        quote!((#member, #target))
    });
    let not_returned = lifecycle.not_returned.iter().map(|n| {
        let (pointer, member, secret) = (&n.pointer, &n.api_member, n.secret);
        quote!(NotReturned { pointer: #pointer, api_member: #member, secret: #secret })
    });
    let update_request = &lifecycle.update_request;
    let (service, resource_type, partitions) = (&iam.service, &iam.resource_type, &iam.partitions);
    let actions = iam.actions.iter().map(|a| {
        let (action, resource, sid) = (&a.action, &a.resource, &a.sid);
        quote!(IamAction { action: #action, resource: #resource, sid: #sid })
    });
    let sid_scope = iam.sid_scope.iter().map(|(placeholder, given, any)| {
        quote!(SidScope { placeholder: #placeholder, given: #given, any: #any })
    });
    let max_length = option_usize(lifecycle.identifier_max_length.map(|n| n as usize));
    let cfn_root = ident(&ir.conversion.cfn_root);
    let request = ident(&ir.profile.request);
    let describe = ident(&lifecycle.describe_item);
    let describe_doc = format!(
        "Imports a resource from what a read returns (an [`{0}`](crate::api::{0})): the resource's properties \
         with its read-only ARNs, the typed profile, and what a read cannot return (see [`Imported::not_returned`]). \
         Nothing is validated: an imported resource lacks what a read cannot return.",
        lifecycle.describe_item
    );
    let lifecycle_items = quote! {
        use crate::lifecycle::{
            Arn, IamAction, ImportError, ImportTarget, NotReturned, Plan, PropertyInfo, RedactNode,
            SidScope, UnknownProperty, UpdateRule,
        };

        /// A property of the resource: the typed form of the metadata pointers above.
        /// `from_pointer` takes both `/properties/Name` and `/Name`; `info()` has the schema's facts.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Property {
            #(#[doc = #variant_docs] #variants,)*
        }

        impl Property {
            /// Every property, in schema order.
            pub const ALL: &'static [Property] = &[#(Property::#variants),*];
        }

        /// The facts of each property, in the order of [`Property`].
        pub(crate) static PROPERTY_INFO: &[PropertyInfo] = &[#(#infos),*];

        /// Where secrets are: entry 0 is the properties document.
        pub(crate) static REDACTION: &[RedactNode] = &[#(#redaction),*];

        /// The API request an update sends.
        pub(crate) const UPDATE_REQUEST: &str = #update_request;

        /// Where each member of a read's result goes on import.
        pub(crate) static IMPORT: &[(&str, ImportTarget)] = &[#(#import),*];

        /// What a read never returns.
        pub const NOT_RETURNED: &[NotReturned] = &[#(#not_returned),*];

        /// The partitions the resource exists in (`schemas/iam.toml`).
        pub const ARN_PARTITIONS: &[&str] = &[#(#partitions),*];
        /// The ARN's service namespace.
        pub const ARN_SERVICE: &str = #service;
        /// The ARN's resource type.
        pub const ARN_RESOURCE_TYPE: &str = #resource_type;
        /// The longest primary identifier.
        pub(crate) const IDENTIFIER_MAX_LENGTH: Option<usize> = #max_length;

        /// Every IAM action of the handlers and what it can be scoped to (`schemas/iam.toml`).
        pub const IAM_ACTIONS: &[IamAction] = &[#(#actions),*];

        /// How a statement id says the scope its resource grants (`schemas/iam.toml`).
        pub const IAM_SID_SCOPE: &[SidScope] = &[#(#sid_scope),*];

        /// Whether changing the property a pointer is in (`/properties/Name` or `/Name`) replaces
        /// the resource; a pointer naming no property is an error.
        pub fn requires_replacement(pointer: &str) -> Result<bool, UnknownProperty> {
            Property::from_pointer(pointer).map(Property::requires_replacement)
        }

        /// Plans the change from `current` to `desired` (`None`: no resource); see
        /// [`crate::lifecycle`] for the rules.
        pub fn plan(
            current: Option<&super::#cfn_root>,
            desired: Option<&super::#cfn_root>,
        ) -> Plan {
            // Serializing these types cannot fail: every map has string keys.
            let json = |p: &super::#cfn_root| crate::support::ToJson::to_json(p);
            crate::lifecycle::plan_documents(current.map(json).as_ref(), desired.map(json).as_ref())
        }

        /// A resource read back: see [`import`].
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub struct Imported {
            /// The properties, with the read-only ones (the ARNs) the read returned.
            pub resource: super::#cfn_root,
            /// The typed profile; `None` when the connector type takes no connector configuration.
            pub profile: Option<crate::profile::Profile>,
            /// The resource's ARN, when the read returned one naming it.
            pub arn: Option<Arn>,
            /// What a read never returns: the resource lacks it, and it must come from elsewhere.
            pub not_returned: &'static [NotReturned],
            /// Members of the read's result no property carries (service state).
            pub dropped: Vec<&'static str>,
        }

        #[doc = #describe_doc]
        pub fn import(described: &crate::api::#describe) -> Result<Imported, ImportError> {
            let (request, resource, arn, dropped) =
                crate::lifecycle::import_value::<crate::api::#request, super::#cfn_root>(described, IMPORT)?;
            Ok(Imported {
                resource,
                profile: crate::profile::Profile::from_request(request),
                arn,
                not_returned: NOT_RETURNED,
                dropped,
            })
        }
    };
    let type_name = &meta.type_name;
    let module_doc = format!(
        "Metadata of `{type_name}` from its CloudFormation schema: identifiers, which properties are create-only \
         (changing one replaces the resource), read-only or write-only, and the IAM permissions each handler needs."
    );
    let lists = [
        ("PRIMARY_IDENTIFIER", "JSON Pointers of the properties that identify the resource (`primaryIdentifier`).", &meta.primary_identifier),
        ("CREATE_ONLY_PROPERTIES", "Properties that cannot change after creation: changing one replaces the resource (`createOnlyProperties`).", &meta.create_only),
        ("READ_ONLY_PROPERTIES", "Properties the resource returns but never accepts (`readOnlyProperties`).", &meta.read_only),
        ("WRITE_ONLY_PROPERTIES", "Properties the resource accepts but never returns, so they cannot be read back or imported (`writeOnlyProperties`).", &meta.write_only),
    ];
    let consts = lists.iter().map(|(name, doc, values)| {
        let name = format_ident!("{}", name);
        quote! {
            #[doc = #doc]
            pub const #name: &[&str] = &[#(#values),*];
        }
    });
    let handler_consts = meta.handlers.iter().map(|(handler, permissions)| {
        let name = format_ident!("{}_PERMISSIONS", handler.to_uppercase());
        let doc = format!("IAM permissions the `{handler}` handler needs.");
        quote! {
            #[doc = #doc]
            pub const #name: &[&str] = &[#(#permissions),*];
        }
    });
    let handler_entries = meta.handlers.iter().map(|(handler, _)| {
        let name = format_ident!("{}_PERMISSIONS", handler.to_uppercase());
        quote!(Handler { name: #handler, permissions: #name },)
    });
    let description = crate::docs::from_text(&meta.description);
    let type_doc = format!("The CloudFormation type name. {description}");
    Ok(quote! {
        #![doc = #module_doc]

        #[doc = #type_doc]
        pub const TYPE_NAME: &str = #type_name;

        #(#consts)*

        #(#handler_consts)*

        /// A resource handler and the IAM permissions it needs.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct Handler {
            /// `create`, `read`, `update`, `delete` or `list`.
            pub name: &'static str,
            /// IAM actions, as the schema lists them.
            pub permissions: &'static [&'static str],
        }

        /// Every handler, in schema order.
        pub const HANDLERS: &[Handler] = &[#(#handler_entries)*];

        #lifecycle_items
    })
}
