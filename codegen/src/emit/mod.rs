//! Emitters: the IR → Rust token streams → formatted files.
//!
//! Emitters never see JSON; they read the IR only.

mod builders;
mod convert;
mod docs;
mod enums;
mod file;
mod manifest;
mod maps;
mod profile;
mod resource;
mod rules;
mod runtime;
mod sdk;
mod structs;
mod types;
mod validate;

use std::collections::BTreeMap;
use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Ir, Module, TypeDef};
use crate::read;
use crate::Error;

pub use file::HEADER_COMMAND;

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
        file::format("src/profile.rs", profile::emit(ir)?, &both)?,
    );
    files.insert(
        PathBuf::from("src/convert.rs"),
        file::format("src/convert.rs", convert::emit(ir)?, &both)?,
    );
    let patterns = validate::Patterns::collect(ir)?;
    files.insert(
        PathBuf::from("src/patterns.rs"),
        file::format("src/patterns.rs", patterns.emit(), &both)?,
    );
    for module in [&ir.cfn, &ir.api] {
        let dir = module.kind.module_name();
        let source = format!("schemas/{}", module.source_file);
        let mut items = module_items(ir, module, &patterns)?;
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
        files.insert(
            PathBuf::from(format!("src/{dir}/builders.rs")),
            file::format("builders.rs", builders::emit_module(module, ir)?, &source)?,
        );
    }
    Ok(files)
}

/// The items of one module's `mod.rs`: its doc, the builders module and every type.
fn module_items(
    ir: &Ir,
    module: &Module,
    patterns: &validate::Patterns,
) -> Result<TokenStream, Error> {
    let doc = &module.doc;
    let mut items = quote! {
        #![doc = #doc]
        pub mod builders;
    };
    for def in module.types.values() {
        items.extend(emit_type(ir, module, patterns, def)?);
    }
    Ok(items)
}

/// One type's items (struct with its impls, enum, or map alias).
pub fn emit_type(
    ir: &Ir,
    module: &Module,
    patterns: &validate::Patterns,
    def: &TypeDef,
) -> Result<TokenStream, Error> {
    let checks = validate::Checks {
        ir,
        module,
        patterns,
        uses_deep: std::cell::Cell::new(false),
        secrecy: std::cell::Cell::new(crate::ir::Secrecy::Plain),
    };
    Ok(match def {
        TypeDef::Struct(s) => {
            let mut tokens = structs::emit(ir, module, s)?;
            tokens.extend(checks.emit_struct(s)?);
            tokens
        }
        TypeDef::Enum(e) => {
            let mut tokens = enums::emit(e, module.kind.module_name());
            tokens.extend(checks.emit_enum(&e.name));
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
    let patterns = validate::Patterns::collect(ir)?;
    let mut tokens = emit_type(ir, module, &patterns, def)?;
    if let TypeDef::Struct(s) = def {
        tokens.extend(builders::emit_builder(module, ir, s)?);
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
        mod convert;
        pub mod lifecycle;
        mod patterns;
        pub mod profile;
        #[cfg(feature = "aws-sdk-appflow")]
        pub mod sdk;
        #[cfg(feature = "aws-sdk-appflow")]
        mod sdk_support;
        mod support;
        pub mod validation;

        pub use support::{BuildError, Sensitive, Timestamp, UnknownMembers, UnknownVariantValue, REDACTED};
        pub use validation::{Finding, FromJson, Severity, Validate, Validated, ValidationErrors};
    }
}
