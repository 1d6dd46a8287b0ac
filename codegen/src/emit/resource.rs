//! The CloudFormation resource's metadata as typed constants.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::ResourceMeta;

/// Emits `cfn::resource`.
pub fn emit(meta: &ResourceMeta) -> TokenStream {
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
    quote! {
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

        /// Whether changing the property at this JSON Pointer (`/properties/Name`) replaces the resource.
        pub fn requires_replacement(pointer: &str) -> bool {
            CREATE_ONLY_PROPERTIES.contains(&pointer)
        }
    }
}
