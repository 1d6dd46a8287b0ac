//! Conversions between the CloudFormation and API forms of the root pair (`to_api`, `to_cfn`):
//! the member tables `lower::convert` built, rendered as statics, and a walker that carries a
//! JSON document across them, reporting what has no counterpart.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::types::ident;
use crate::ir::{Ir, MemberTable, Secrecy};

fn table_tokens(name: &str, table: &[MemberTable]) -> TokenStream {
    let name = format_ident!("{}", name);
    let entries = table.iter().map(|entry| {
        let secrecy = match entry.source.as_ref().map(|s| s.secrecy) {
            Some(Secrecy::Credentials) => quote!(Secrecy::Credentials),
            _ => quote!(Secrecy::Plain),
        };
        let declared = match &entry.source {
            Some(source) => {
                let (module, name) = (
                    format_ident!("{}", source.module.module_name()),
                    format_ident!("{}", source.name),
                );
                quote!(<crate::#module::#name as crate::read::Object>::KNOWN)
            }
            None => quote!(&[]),
        };
        let members = entry.members.iter().map(|m| {
            let (from, to) = (&m.from, &m.to);
            let child = match m.child {
                Some(n) => {
                    let n = proc_macro2::Literal::usize_unsuffixed(n);
                    quote!(Some(#n))
                }
                None => quote!(None),
            };
            quote!((#from, #to, #child))
        });
        quote!(Table { secrecy: #secrecy, declared: #declared, members: &[#(#members),*] })
    });
    quote!(static #name: &[Table] = &[#(#entries),*];)
}

/// `TryFrom` for every pair of structs a direction's tables carry between: entry N of `tables`
/// reads `from_module`'s struct and writes the other module's.
fn try_froms(
    tables: &[MemberTable],
    table: &str,
    to_module: &str,
    target_label: &str,
) -> Vec<TokenStream> {
    let table = format_ident!("{}", table);
    let to_module = format_ident!("{}", to_module);
    tables
        .iter()
        .enumerate()
        .filter_map(|(n, entry)| {
            let source = entry.source.as_ref()?;
            let target = entry.target.as_ref()?;
            let from_module = format_ident!("{}", source.module.module_name());
            let (from, to) = (ident(&source.name), ident(target));
            let n = proc_macro2::Literal::usize_unsuffixed(n);
            let doc = format!(
                "Carries the members across the conversion table and validates the result against the {target_label}. \
                 `Err` with every finding when a member has no counterpart (`not-carried`: nothing is dropped \
                 silently) or the result has an error."
            );
            Some(quote! {
                impl TryFrom<&crate::#from_module::#from> for crate::#to_module::#to {
                    type Error = ValidationErrors;

                    #[doc = #doc]
                    fn try_from(value: &crate::#from_module::#from) -> Result<Self, ValidationErrors> {
                        convert_strict(value, #table, #n, #target_label)
                    }
                }

                impl TryFrom<crate::#from_module::#from> for crate::#to_module::#to {
                    type Error = ValidationErrors;

                    #[doc = #doc]
                    fn try_from(value: crate::#from_module::#from) -> Result<Self, ValidationErrors> {
                        Self::try_from(&value)
                    }
                }
            })
        })
        .collect()
}

/// Emits `convert.rs` from [`crate::ir::Conversion`].
pub fn emit(ir: &Ir) -> TokenStream {
    let conversion = &ir.conversion;
    let (cfn_root, api_root) = (&conversion.cfn_root, &conversion.api_root);
    let try_from_cfn = try_froms(&conversion.to_api, "CFN_TO_API", "api", "AppFlow API");
    let try_from_api = try_froms(
        &conversion.to_cfn,
        "API_TO_CFN",
        "cfn",
        "CloudFormation resource schema",
    );
    let to_api_table = table_tokens("CFN_TO_API", &conversion.to_api);
    let to_cfn_table = table_tokens("API_TO_CFN", &conversion.to_cfn);
    let cfn_type = ident(cfn_root);
    let api_type = ident(api_root);
    let to_api_doc = format!(
        "The API's [`{api_root}`](crate::api::{api_root}) carrying this resource's values, validated against the API \
         model. Members the API does not have are reported as `not-carried` warnings (or, with errors, among the findings)."
    );
    let to_cfn_doc = format!(
        "The CloudFormation [`{cfn_root}`](crate::cfn::{cfn_root}) carrying this request's values, validated against \
         the resource schema. Members CloudFormation does not have are reported as `not-carried` warnings."
    );
    let enum_froms = ir.lifecycle.enum_links.iter().map(|link| {
        let cfn = ident(&link.cfn);
        let api = ident(&link.api);
        let doc_to_api = "The value that means the same in the other form (values equal ignoring case); any other \
                          value is kept as it is (`Unknown` unless that form lists it).";
        let to_api = link.values.iter().map(|(c, a)| {
            let (c, a) = (ident(c), ident(a));
            quote!(crate::cfn::#cfn::#c => crate::api::#api::#a,)
        });
        let to_cfn = link.values.iter().map(|(c, a)| {
            let (c, a) = (ident(c), ident(a));
            quote!(crate::api::#api::#a => crate::cfn::#cfn::#c,)
        });
        quote! {
            impl From<crate::cfn::#cfn> for crate::api::#api {
                #[doc = #doc_to_api]
                fn from(value: crate::cfn::#cfn) -> Self {
                    match value {
                        #(#to_api)*
                        other => crate::api::#api::from(other.as_str()),
                    }
                }
            }
            impl From<crate::api::#api> for crate::cfn::#cfn {
                #[doc = #doc_to_api]
                fn from(value: crate::api::#api) -> Self {
                    match value {
                        #(#to_cfn)*
                        other => crate::cfn::#cfn::from(other.as_str()),
                    }
                }
            }
        }
    });
    quote! {
        //! Conversions between the CloudFormation resource and the API request it becomes.

        use serde_json::{Map, Value};

        use crate::validation::{push_mentioning, show, Code, FromJson, Finding, JsonPath, Mention, Secrecy, Severity, Validated, ValidationErrors};

        /// How the members of one struct carry over.
        struct Table {
            /// Whether the struct is a credentials object (unknown keys are shown masked).
            secrecy: Secrecy,
            /// Every member the struct declares.
            declared: &'static [&'static str],
            /// (member, target member, index of the member's own table).
            members: &'static [(&'static str, &'static str, Option<usize>)],
        }

        #to_api_table
        #to_cfn_table

        /// Carries `value` across a member table; members without a counterpart go to `lost`,
        /// named as findings show keys the schema does not declare.
        fn carry(value: &Value, table: &[Table], index: usize, target: &str, path: &mut JsonPath, lost: &mut Vec<Finding>) -> Value {
            match value {
                Value::Array(items) => Value::Array(
                    items
                        .iter()
                        .enumerate()
                        .map(|(i, item)| {
                            path.push_index(i);
                            let carried = carry(item, table, index, target, path, lost);
                            path.pop();
                            carried
                        })
                        .collect(),
                ),
                Value::Object(object) => {
                    let entry = &table[index];
                    let mut out = Map::new();
                    for (key, member) in object {
                        match entry.members.iter().find(|(from, _, _)| from == key) {
                            Some((_, to, child)) => {
                                path.push_key(key);
                                let carried = match child {
                                    Some(child) => carry(member, table, *child, target, path, lost),
                                    None => member.clone(),
                                };
                                path.pop();
                                out.insert((*to).to_owned(), carried);
                            }
                            None => {
                                let shown = show(key, entry.declared, entry.secrecy);
                                path.push_key(&shown);
                                let message = format!("`{shown}` has no counterpart in the {target} and is not carried over");
                                // A member the struct declares is named as a member; an unknown
                                // key is the document's own text.
                                let mentions = if entry.declared.contains(&key.as_str()) {
                                    vec![Mention::new(1..1 + shown.len(), path.as_str().to_owned())]
                                } else {
                                    Vec::new()
                                };
                                push_mentioning(lost, path, Code::NotCarried, Severity::Warning, message, mentions);
                                path.pop();
                            }
                        }
                    }
                    Value::Object(out)
                }
                other => other.clone(),
            }
        }

        fn convert<T: FromJson, S: crate::support::ToJson>(source: &S, table: &[Table], target: &str) -> Result<Validated<T>, ValidationErrors> {
            let mut lost = Vec::new();
            let value = source.to_json();
            let carried = carry(&value, table, 0, target, &mut JsonPath::root(), &mut lost);
            match T::from_value(carried) {
                Ok(mut validated) => {
                    lost.append(&mut validated.warnings);
                    validated.warnings = lost;
                    Ok(validated)
                }
                Err(errors) => {
                    lost.extend(errors.into_findings());
                    Err(ValidationErrors::from_findings(lost))
                }
            }
        }

        /// [`convert`] from table `index`, refusing a conversion that loses a member.
        fn convert_strict<T: FromJson, S: crate::support::ToJson>(source: &S, table: &[Table], index: usize, target: &str) -> Result<T, ValidationErrors> {
            let mut lost = Vec::new();
            let value = source.to_json();
            let carried = carry(&value, table, index, target, &mut JsonPath::root(), &mut lost);
            match T::from_value(carried) {
                Ok(validated) if lost.is_empty() => Ok(validated.value),
                Ok(_) => Err(ValidationErrors::from_findings(lost)),
                Err(errors) => {
                    lost.extend(errors.into_findings());
                    Err(ValidationErrors::from_findings(lost))
                }
            }
        }

        #(#try_from_cfn)*
        #(#try_from_api)*

        impl crate::cfn::#cfn_type {
            #[doc = #to_api_doc]
            pub fn to_api(&self) -> Result<Validated<crate::api::#api_type>, ValidationErrors> {
                convert(self, CFN_TO_API, "AppFlow API")
            }
        }

        /// The request's JSON carried to the resource's properties, without validation (an import
        /// lacks what a read cannot return); members without a counterpart are left out.
        pub(crate) fn request_to_cfn_value(value: &Value) -> Value {
            carry(value, API_TO_CFN, 0, "CloudFormation resource schema", &mut JsonPath::root(), &mut Vec::new())
        }

        #(#enum_froms)*

        impl crate::api::#api_type {
            #[doc = #to_cfn_doc]
            pub fn to_cfn(&self) -> Result<Validated<crate::cfn::#cfn_type>, ValidationErrors> {
                convert(self, API_TO_CFN, "CloudFormation resource schema")
            }
        }
    }
}
