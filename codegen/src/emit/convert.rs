//! Conversions between the CloudFormation and API forms of the root pair (`to_api`, `to_cfn`):
//! tables of corresponding members, generated from the member links, and a walker that carries a
//! JSON document across them, reporting what has no counterpart.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::types::ident;
use crate::ir::{linked, Ir, Module, Secrecy, Struct, TypeRef};
use crate::Error;

fn struct_of<'m>(module: &'m Module, ty: &TypeRef) -> Option<&'m Struct> {
    match ty {
        TypeRef::Named(n) => module.struct_named(n),
        TypeRef::List(item) => struct_of(module, &item.ty),
        _ => None,
    }
}

/// How the members of one `from` struct carry over.
#[derive(Default)]
struct Table {
    /// Whether the struct is a credentials object (unknown keys are shown masked).
    secrecy: Option<Secrecy>,
    /// The struct (its module and name), whose `KNOWN` lists every member it declares.
    declared: Option<(&'static str, String)>,
    /// (member, target member, table of the member's struct).
    members: Vec<(String, String, Option<usize>)>,
}

/// The member tables of one direction: entry N maps the members of one `from` struct.
fn table(from: &Module, to: &Module, root: (&str, &str)) -> Vec<Table> {
    let mut index: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut order: Vec<(String, String)> = Vec::new();
    index.insert((root.0.to_owned(), root.1.to_owned()), 0);
    order.push((root.0.to_owned(), root.1.to_owned()));
    let mut out = Vec::new();
    let mut next = 0;
    while next < order.len() {
        let (from_name, to_name) = order[next].clone();
        next += 1;
        let (Some(from_struct), Some(to_struct)) =
            (from.struct_named(&from_name), to.struct_named(&to_name))
        else {
            out.push(Table::default());
            continue;
        };
        let mut members = Vec::new();
        for f in &from_struct.fields {
            let Some(t) = to_struct
                .fields
                .iter()
                .find(|t| linked(from.kind, &from_name, f, &to_name, t))
            else {
                continue;
            };
            let child = match (struct_of(from, &f.shape.ty), struct_of(to, &t.shape.ty)) {
                (Some(a), Some(b)) => {
                    let key = (a.name.clone(), b.name.clone());
                    let n = *index.entry(key.clone()).or_insert_with(|| {
                        order.push(key);
                        order.len() - 1
                    });
                    Some(n)
                }
                _ => None,
            };
            members.push((f.wire_name.clone(), t.wire_name.clone(), child));
        }
        out.push(Table {
            secrecy: Some(from_struct.secrecy),
            declared: Some((from.kind.module_name(), from_struct.name.clone())),
            members,
        });
    }
    out
}

fn table_tokens(name: &str, table: &[Table]) -> TokenStream {
    let name = format_ident!("{}", name);
    let entries = table.iter().map(|entry| {
        let secrecy = match entry.secrecy {
            Some(Secrecy::Credentials) => quote!(Secrecy::Credentials),
            _ => quote!(Secrecy::Plain),
        };
        let declared = match &entry.declared {
            Some((module, name)) => {
                let (module, name) = (format_ident!("{}", module), format_ident!("{}", name));
                quote!(<crate::#module::#name as crate::read::Object>::KNOWN)
            }
            None => quote!(&[]),
        };
        let members = entry.members.iter().map(|(from, to, child)| {
            let child = match child {
                Some(n) => {
                    let n = proc_macro2::Literal::usize_unsuffixed(*n);
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

/// Emits `convert.rs`.
pub fn emit(ir: &Ir) -> Result<TokenStream, Error> {
    let (cfn_root, api_root) = ir.pairs.first().cloned().ok_or_else(|| Error::Emit {
        file: "convert.rs".to_owned(),
        message: "mapping.toml names no type pair".to_owned(),
    })?;
    let to_api = table(&ir.cfn, &ir.api, (&cfn_root, &api_root));
    let to_cfn = table(&ir.api, &ir.cfn, (&api_root, &cfn_root));
    let to_api_table = table_tokens("CFN_TO_API", &to_api);
    let to_cfn_table = table_tokens("API_TO_CFN", &to_cfn);
    let cfn_type = ident(&cfn_root);
    let api_type = ident(&api_root);
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
    Ok(quote! {
        //! Conversions between the CloudFormation resource and the API request it becomes.

        use serde_json::{Map, Value};

        use crate::validation::{push, show, Code, FromJson, Finding, JsonPath, Secrecy, Severity, Validated, ValidationErrors};

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
                                push(lost, path, Code::NotCarried, Severity::Warning, format!("`{shown}` has no counterpart in the {target} and is not carried over"));
                                path.pop();
                            }
                        }
                    }
                    Value::Object(out)
                }
                other => other.clone(),
            }
        }

        fn convert<T: FromJson, S: serde::Serialize>(source: &S, table: &[Table], target: &str) -> Result<Validated<T>, ValidationErrors> {
            let mut lost = Vec::new();
            let value = match crate::support::to_json_value(source) {
                Ok(value) => value,
                Err(_) => {
                    push(&mut lost, &JsonPath::root(), Code::Type, Severity::Error, "the value cannot be written as JSON".to_owned());
                    return Err(ValidationErrors::from_findings(lost));
                }
            };
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
    })
}
