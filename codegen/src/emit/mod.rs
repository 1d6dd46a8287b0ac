//! Emitters: the IR → Rust token streams → formatted files.
//!
//! Emitters never see JSON; they read the IR only, and render what lowering decided: the connector
//! model (`ir::ConnectorModel`), the conversion tables (`ir::Conversion`), and names checked free
//! (`lower::names`). What can still fail here: tokens that do not parse as Rust (a generator bug),
//! a map member and its map type limiting the entries differently (`validate::emit_struct`),
//! and `cfn::resource` without `iam.toml` (lowering leaves `ir::Lifecycle::iam` out when the
//! file is empty).

mod builders;
mod convert;
mod docs;
mod enums;
mod file;
mod keys;
mod manifest;
mod maps;
mod patterns;
mod profile;
mod resource;
mod rules;
mod runtime;
mod sdk;
mod structs;
mod terraform;
mod types;
mod validate;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use proc_macro2::{TokenStream, TokenTree};
use quote::quote;

use crate::ident::{builder_name, type_file_name, type_module_name};
use crate::ir::{Ir, Module, TypeDef};
use crate::read;
use crate::Error;

pub use file::HEADER_COMMAND;

/// `src/data.rs`: data files of `schemas/` that tools built on the crate read, verbatim.
pub fn data_file(return_forms: &str) -> Result<String, Error> {
    let source = format!("schemas/{}", read::RETURN_FORMS);
    let doc = format!("The text of `{source}`: what `Ref` and `Fn::GetAtt` of the resource types a connector profile refers to return, each entry with its source (read by `appflow-profile validate`).");
    let tokens = quote! {
        //! Data files of `schemas/` that tools built on this crate read, carried verbatim.
        #[doc = #doc]
        pub const RETURN_FORMS: &str = #return_forms;
    };
    file::format("src/data.rs", tokens, &source)
}

/// Emits every file of the generated crate, keyed by path relative to `generated/`: `package`
/// gives the manifest's metadata, and `readme` the crate's README (also its crate-level doc).
pub fn emit(
    ir: &Ir,
    package: &read::data::Package,
    readme: &str,
) -> Result<BTreeMap<PathBuf, String>, Error> {
    let both = format!(
        "schemas/{} and schemas/{}",
        read::CFN_SCHEMA,
        read::API_MODEL
    );
    let mut files = BTreeMap::new();
    files.insert(
        PathBuf::from("Cargo.toml"),
        manifest::emit(&format!("{both} and schemas/{}", read::PACKAGE), package),
    );
    files.insert(
        PathBuf::from(manifest::README),
        manifest::readme(readme, &format!("schemas/{}", read::CRATE_README)),
    );
    files.insert(
        PathBuf::from("src/lib.rs"),
        file::format("src/lib.rs", lib_rs(), &both)?,
    );
    files.insert(
        PathBuf::from("src/support.rs"),
        file::verbatim(runtime::SUPPORT, &both),
    );
    files.insert(
        PathBuf::from("src/validation.rs"),
        file::verbatim(runtime::VALIDATION, &both),
    );
    files.insert(
        PathBuf::from("src/checks.rs"),
        file::verbatim(runtime::CHECKS, &both),
    );
    for (name, text) in runtime::READ {
        files.insert(
            PathBuf::from(format!("src/read/{name}")),
            file::verbatim(text, &both),
        );
    }
    files.insert(
        PathBuf::from("src/sdk_support.rs"),
        file::verbatim(runtime::SDK_SUPPORT, &both),
    );
    files.insert(
        PathBuf::from("src/sdk.rs"),
        file::format("src/sdk.rs", sdk::emit(ir), &both)?,
    );
    files.insert(
        PathBuf::from("src/lifecycle.rs"),
        file::verbatim(runtime::LIFECYCLE, &both),
    );
    files.insert(
        PathBuf::from("src/profile.rs"),
        file::format("src/profile.rs", profile::emit(ir), &both)?,
    );
    files.insert(
        PathBuf::from("src/rules.rs"),
        file::format("src/rules.rs", rules::emit_table(ir), "schemas/rules.toml")?,
    );
    files.insert(
        PathBuf::from("src/terraform.rs"),
        file::format(
            "src/terraform.rs",
            terraform::emit(ir),
            &format!("schemas/{} and {both}", read::TERRAFORM),
        )?,
    );
    files.insert(
        PathBuf::from("src/convert.rs"),
        file::format("src/convert.rs", convert::emit(ir), &both)?,
    );
    files.insert(
        PathBuf::from("src/pattern.rs"),
        file::verbatim(runtime::PATTERN, &both),
    );
    let patterns = patterns::Patterns::new(ir);
    files.insert(
        PathBuf::from("src/patterns.rs"),
        file::format("src/patterns.rs", patterns.emit(), &both)?,
    );
    files.insert(
        PathBuf::from("src/formats.rs"),
        file::format(
            "src/formats.rs",
            validate::emit_formats(ir, &patterns),
            &format!("schemas/{} and schemas/{}", read::CFN_SCHEMA, read::FORMATS),
        )?,
    );
    for module in [&ir.cfn, &ir.api] {
        let dir = module.kind.module_name();
        let source = format!("schemas/{}", module.source_file);
        let layout = Layout::of(module);
        for def in module.types.values() {
            let path = format!("src/{dir}/{}", layout.files[def.name()]);
            let tokens = type_file(ir, module, &patterns, def)?;
            files.insert(PathBuf::from(&path), file::format(&path, tokens, &source)?);
        }
        let mut items = module_items(module, &layout);
        items.extend(quote! { pub mod keys; });
        files.insert(
            PathBuf::from(format!("src/{dir}/keys.rs")),
            file::format("keys.rs", keys::emit(module), &source)?,
        );
        if module.kind == crate::ir::ModuleKind::Cfn {
            items.extend(quote! { pub mod resource; });
            files.insert(
                PathBuf::from(format!("src/{dir}/resource.rs")),
                file::format("resource.rs", resource::emit(ir)?, &source)?,
            );
        }
        files.insert(
            PathBuf::from(format!("src/{dir}/mod.rs")),
            file::format("mod.rs", items, &source)?,
        );
    }
    Ok(files)
}

/// Where each type of a module goes: a private module of its own, `src/<module>/<snake_case>.rs`.
struct Layout {
    /// Module identifier by type name.
    modules: BTreeMap<String, String>,
    /// File name by type name.
    files: BTreeMap<String, String>,
}

impl Layout {
    /// Each type's module and file (`lower::names` has checked that no two share a file and none
    /// takes one of [`crate::ident::RESERVED_MODULES`]).
    fn of(module: &Module) -> Layout {
        let mut layout = Layout {
            modules: BTreeMap::new(),
            files: BTreeMap::new(),
        };
        for def in module.types.values() {
            let name = def.name();
            layout
                .modules
                .insert(name.to_owned(), type_module_name(name));
            layout.files.insert(name.to_owned(), type_file_name(name));
        }
        layout
    }
}

/// One type's file: the `use` lines it needs, the type with its impls, member table and rules,
/// and for a struct its builder.
fn type_file(
    ir: &Ir,
    module: &Module,
    patterns: &patterns::Patterns,
    def: &TypeDef,
) -> Result<TokenStream, Error> {
    let mut body = emit_type(ir, module, patterns, def)?;
    if let TypeDef::Struct(s) = def {
        body.extend(builders::emit_builder(module, ir, s));
    }
    let mut used = BTreeSet::new();
    idents(&body, &mut used);
    let mut uses = TokenStream::new();
    // The module's other types and `builders`, reached through the module's re-exports.
    let siblings = used.iter().any(|name| {
        name == "builders" || (name != def.name() && module.types.contains_key(name.as_str()))
    });
    if siblings {
        uses.extend(quote! { use super::*; });
    }
    let runtime: Vec<_> = ["checks", "read", "validation"]
        .into_iter()
        .filter(|m| used.contains(*m))
        .map(types::ident)
        .collect();
    if !runtime.is_empty() {
        uses.extend(quote! { use crate::{#(#runtime),*}; });
    }
    uses.extend(body);
    Ok(uses)
}

/// Every identifier in `tokens`, at any depth.
fn idents(tokens: &TokenStream, out: &mut BTreeSet<String>) {
    for tree in tokens.clone() {
        match tree {
            TokenTree::Ident(ident) => {
                out.insert(ident.to_string());
            }
            TokenTree::Group(group) => idents(&group.stream(), out),
            TokenTree::Punct(_) | TokenTree::Literal(_) => {}
        }
    }
}

/// The items of one module's `mod.rs`: its doc, each type's module and re-export, the builders'
/// re-exports, and the reader's impls of every struct and enum (`lower::names` has checked that
/// no type shadows the prelude, which generated code names bare).
fn module_items(module: &Module, layout: &Layout) -> TokenStream {
    let doc = &module.doc;
    let mut items = quote! {
        #![doc = #doc]
    };
    for def in module.types.values() {
        let inner = types::ident(&layout.modules[def.name()]);
        let name = types::ident(def.name());
        items.extend(quote! {
            mod #inner;
            pub use #inner::#name;
        });
    }
    let builders_doc = format!(
        "Builders of the [`{0}`](super) types.",
        module.kind.module_name()
    );
    let builders = module.types.values().filter_map(|def| match def {
        TypeDef::Struct(s) => {
            let inner = types::ident(&layout.modules[&s.name]);
            let builder = types::ident(&builder_name(&s.name));
            Some(quote!(pub use super::#inner::#builder;))
        }
        _ => None,
    });
    items.extend(quote! {
        pub mod builders {
            #![doc = #builders_doc]
            #(#builders)*
        }
    });
    items
}

/// One type's items (struct with its impls, enum, or map alias).
pub fn emit_type(
    ir: &Ir,
    module: &Module,
    patterns: &patterns::Patterns,
    def: &TypeDef,
) -> Result<TokenStream, Error> {
    Ok(match def {
        TypeDef::Struct(s) => {
            let mut tokens = structs::emit(ir, module, s);
            tokens.extend(validate::emit_struct(ir, module, patterns, s)?);
            tokens
        }
        TypeDef::Enum(e) => {
            let mut tokens = enums::emit(e, module.kind.module_name());
            let name = types::ident(&e.name);
            tokens.extend(quote!(read::enums!(type = #name);));
            tokens
        }
        TypeDef::Map(m) => maps::emit(m),
    })
}

/// The formatted Rust of one type and, for a struct, its builder: what the snapshot tests look at.
pub fn render_type(ir: &Ir, module: &Module, name: &str) -> Result<String, Error> {
    let def = module.types.get(name).ok_or_else(|| Error::Emit {
        file: name.to_owned(),
        message: "no such type".to_owned(),
    })?;
    let patterns = patterns::Patterns::new(ir);
    let mut tokens = emit_type(ir, module, &patterns, def)?;
    if let TypeDef::Struct(s) = def {
        tokens.extend(builders::emit_builder(module, ir, s));
    }
    file::unparse(name, tokens)
}

/// The crate root. Its documentation is the README, so that the README's example is doctested and
/// a registry's page and docs.rs say the same.
fn lib_rs() -> TokenStream {
    let readme = format!("../{}", manifest::README);
    quote! {
        #![doc = include_str!(#readme)]
        #![forbid(unsafe_code)]
        #![deny(missing_docs)]

        pub mod api;
        pub mod cfn;
        mod checks;
        mod convert;
        pub mod data;
        mod formats;
        pub mod lifecycle;
        pub mod pattern;
        mod patterns;
        pub mod profile;
        mod read;
        pub mod rules;
        #[cfg(feature = "aws-sdk-appflow")]
        pub mod sdk;
        #[cfg(feature = "aws-sdk-appflow")]
        mod sdk_support;
        mod support;
        pub mod terraform;
        pub mod validation;

        pub use support::{BuildError, MissingMember, Sensitive, Timestamp, UnknownMembers, UnknownVariantValue, REDACTED};
        pub use validation::{Finding, FromJson, Severity, Validate, Validated, ValidationErrors};
    }
}
