//! `src/terraform.rs`: the Terraform providers' resources for a connector profile, each attribute
//! with the member it maps to (`ir::TerraformResource`), as static tables.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{
    Ir, ModuleKind, TerraformAttribute, TerraformForm, TerraformResource, TerraformScalar,
    TerraformType,
};

/// The module's items.
pub fn emit(ir: &Ir) -> TokenStream {
    let statics = ir.terraform.iter().map(resource);
    let names = ir.terraform.iter().map(static_name);
    quote! {
        //! Terraform's names for a connector profile: for each provider's resource
        //! (`aws_appflow_connector_profile` of hashicorp/aws, `awscc_appflow_connector_profile` of
        //! hashicorp/awscc), every argument and nested block of its schema with the member it maps
        //! to, from `schemas/terraform.toml` resolved against the schemas.
        //!
        //! hashicorp/aws names API members ([`Members::Api`], from `CreateConnectorProfileRequest`
        //! down) and nests blocks; hashicorp/awscc names CloudFormation properties
        //! ([`Members::CloudFormation`], from the resource's properties down) and nests object
        //! attributes. Lists are sorted by Terraform name.

        /// A provider's resource type.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct Resource {
            /// The resource type (`aws_appflow_connector_profile`).
            pub type_name: &'static str,
            /// The provider (`hashicorp/aws`).
            pub provider: &'static str,
            /// The provider version the schema was taken from.
            pub provider_version: &'static str,
            /// Whose names [`Attribute::member`] holds.
            pub members: Members,
            /// The resource body's arguments and blocks.
            pub attributes: &'static [Attribute],
            /// The member of a read whose value `terraform import` takes as the resource's id
            /// (for hashicorp/aws, a member of the API's `ConnectorProfile`, an item of
            /// DescribeConnectorProfiles' response), when known.
            pub import_id: Option<&'static str>,
            /// Arguments of the body that map to no member (`id`, `region`): accepted, not
            /// checked.
            pub terraform_only: &'static [&'static str],
            /// Members (paths of names, `/`-separated, from the body down) under what the
            /// resource reaches that no attribute expresses.
            pub inexpressible: &'static [&'static str],
        }

        /// Which schema's names a resource's attributes map to.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Members {
            /// The AppFlow API's members (`connectorProfileName`).
            Api,
            /// The CloudFormation resource's properties (`ConnectorProfileName`).
            CloudFormation,
        }

        /// One argument or nested block and the member it maps to.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct Attribute {
            /// The Terraform name (`oauth2_grant_type`).
            pub name: &'static str,
            /// The member's name (`oAuth2GrantType`).
            pub member: &'static str,
            /// How it is written.
            pub form: Form,
            /// Whether the provider's schema requires it in its parent.
            pub required: bool,
            /// Whether the member's own schema requires it in its parent (a provider's
            /// requirement beyond it is what only Terraform refuses).
            pub member_required: bool,
            /// Whether the member holds a secret (a member naming a secret kept elsewhere does
            /// not).
            pub secret: bool,
            /// What a block or an object holds.
            pub children: &'static [Attribute],
        }

        /// How an attribute is written.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Form {
            /// A nested block (`name { … }`), at most one.
            Block,
            /// An argument (`name = …`) of a type.
            Attribute(Type),
        }

        /// A Terraform type.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Type {
            /// `string`.
            String,
            /// `number`.
            Number,
            /// `bool`.
            Bool,
            /// `list(…)`.
            List(Scalar),
            /// `map(…)`.
            Map(Scalar),
            /// A nested object (`name = { … }`).
            Object,
        }

        /// The element type of a list or map.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Scalar {
            /// `string`.
            String,
            /// `number`.
            Number,
            /// `bool`.
            Bool,
        }

        impl Resource {
            /// The resource of a type name (`aws_appflow_connector_profile`).
            pub fn by_type_name(name: &str) -> Option<&'static Resource> {
                RESOURCES.iter().copied().find(|r| r.type_name == name)
            }

            /// The body's attribute or block called `name`.
            pub fn attribute(&self, name: &str) -> Option<&'static Attribute> {
                find(self.attributes, name)
            }

            /// The body's attribute or block that maps to `member`.
            pub fn by_member(&self, member: &str) -> Option<&'static Attribute> {
                self.attributes.iter().find(|a| a.member == member)
            }
        }

        impl Attribute {
            /// The child called `name` of a block or object.
            pub fn child(&self, name: &str) -> Option<&'static Attribute> {
                find(self.children, name)
            }

            /// The child of a block or object that maps to `member`.
            pub fn by_member(&self, member: &str) -> Option<&'static Attribute> {
                self.children.iter().find(|a| a.member == member)
            }
        }

        fn find(attributes: &'static [Attribute], name: &str) -> Option<&'static Attribute> {
            attributes
                .binary_search_by(|a| a.name.cmp(name))
                .ok()
                .map(|i| &attributes[i])
        }

        #(#statics)*

        /// Every resource.
        pub static RESOURCES: &[&Resource] = &[#(&#names),*];
    }
}

fn static_name(resource: &TerraformResource) -> Ident {
    Ident::new(&resource.table.to_uppercase(), Span::call_site())
}

fn resource(resource: &TerraformResource) -> TokenStream {
    let name = static_name(resource);
    let doc = format!(
        "`{}` of {} {} (`schemas/terraform.toml` `[{}]`).",
        resource.type_name, resource.provider, resource.provider_version, resource.table
    );
    let type_name = &resource.type_name;
    let provider = &resource.provider;
    let version = &resource.provider_version;
    let members = match resource.module {
        ModuleKind::Api => quote!(Members::Api),
        ModuleKind::Cfn => quote!(Members::CloudFormation),
    };
    let attributes = resource.attributes.iter().map(attribute);
    let only = &resource.terraform_only;
    let import_id = match &resource.import_id {
        Some(member) => quote!(Some(#member)),
        None => quote!(None),
    };
    let inexpressible = &resource.inexpressible;
    quote! {
        #[doc = #doc]
        pub static #name: Resource = Resource {
            type_name: #type_name,
            provider: #provider,
            provider_version: #version,
            members: #members,
            attributes: &[#(#attributes),*],
            import_id: #import_id,
            terraform_only: &[#(#only),*],
            inexpressible: &[#(#inexpressible),*],
        };
    }
}

fn attribute(attribute: &TerraformAttribute) -> TokenStream {
    let name = &attribute.name;
    let member = &attribute.member;
    let form = match attribute.form {
        TerraformForm::Block => quote!(Form::Block),
        TerraformForm::Attribute(ty) => {
            let ty = terraform_type(ty);
            quote!(Form::Attribute(#ty))
        }
    };
    let required = attribute.required;
    let member_required = attribute.member_required;
    let secret = attribute.secret;
    let children = attribute.children.iter().map(self::attribute);
    quote! {
        Attribute {
            name: #name,
            member: #member,
            form: #form,
            required: #required,
            member_required: #member_required,
            secret: #secret,
            children: &[#(#children),*],
        }
    }
}

fn terraform_type(ty: TerraformType) -> TokenStream {
    match ty {
        TerraformType::String => quote!(Type::String),
        TerraformType::Number => quote!(Type::Number),
        TerraformType::Bool => quote!(Type::Bool),
        TerraformType::List(s) => {
            let s = scalar(s);
            quote!(Type::List(#s))
        }
        TerraformType::Map(s) => {
            let s = scalar(s);
            quote!(Type::Map(#s))
        }
        TerraformType::Object => quote!(Type::Object),
    }
}

fn scalar(s: TerraformScalar) -> TokenStream {
    match s {
        TerraformScalar::String => quote!(Scalar::String),
        TerraformScalar::Number => quote!(Scalar::Number),
        TerraformScalar::Bool => quote!(Scalar::Bool),
    }
}
