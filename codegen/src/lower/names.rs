//! Names the generated crate gives: every type, file, key module, key constant and builder method
//! must be free. A collision is a lowering error at the second name's origin, so emitters never
//! meet one.

use std::collections::BTreeMap;

use crate::ident::{
    key_const_name, keys_module_name, type_file_name, ADDITIONAL_FIELD, BUILDER_METHODS, PRELUDE,
    RESERVED_MODULES,
};
use crate::ir::{Module, Struct, TypeDef, UnknownKeys};
use crate::Error;

/// Checks the names one module's types and members become.
pub fn check_module(module: &Module) -> Result<(), Error> {
    let dir = module.kind.module_name();
    // Per-type files: `src/<module>/<snake_case>.rs`.
    let mut files: BTreeMap<String, &str> = BTreeMap::new();
    for def in module.types.values() {
        let name = def.name();
        let origin = match def {
            TypeDef::Struct(s) => &s.origin,
            TypeDef::Enum(e) => &e.origin,
            TypeDef::Map(m) => &m.origin,
        };
        let collision = |message: String| Error::NameCollision {
            file: origin.file.clone(),
            pointer: origin.pointer.clone(),
            message,
        };
        // Generated code names the prelude's `Option`, `Result`, `Vec`, `String`, `Into`, … bare:
        // a schema type of such a name would shadow them.
        if PRELUDE.contains(&name) {
            return Err(collision(format!(
                "a type named `{name}` would shadow the Rust prelude's"
            )));
        }
        let file = type_file_name(name);
        let stem = file.trim_end_matches(".rs");
        let clash = if RESERVED_MODULES.contains(&stem) {
            Some(format!("`{stem}.rs` is the module's own"))
        } else {
            files
                .insert(file.clone(), name)
                .map(|other| format!("`{other}` is in `{file}` already"))
        };
        if let Some(clash) = clash {
            return Err(collision(format!(
                "the file of type `{name}` in `src/{dir}/` would be `{file}`, but {clash}"
            )));
        }
    }
    // `keys.rs`: a module per struct with members, a constant per member.
    let mut key_modules: BTreeMap<String, &str> = BTreeMap::new();
    for def in module.types.values() {
        let TypeDef::Struct(s) = def else { continue };
        check_struct(s)?;
        if s.fields.is_empty() {
            continue;
        }
        let name = keys_module_name(&s.name);
        if let Some(other) = key_modules.insert(name.clone(), &s.name) {
            return Err(Error::NameCollision {
                file: s.origin.file.clone(),
                pointer: s.origin.pointer.clone(),
                message: format!(
                    "the key modules of `{other}` and `{}` in `src/{dir}/keys.rs` are both `{name}`",
                    s.name
                ),
            });
        }
        let mut consts: BTreeMap<String, &str> = BTreeMap::new();
        for field in &s.fields {
            let constant = key_const_name(&field.wire_name);
            if let Some(other) = consts.insert(constant.clone(), &field.wire_name) {
                return Err(Error::NameCollision {
                    file: field.origin.file.clone(),
                    pointer: field.origin.pointer.clone(),
                    message: format!(
                        "`{}` members `{other}` and `{}` in `src/{dir}/keys.rs` are both `{constant}`",
                        s.name, field.wire_name
                    ),
                });
            }
        }
    }
    Ok(())
}

/// Checks that a struct's members leave its builder's methods and its unknown-key field free.
pub fn check_struct(s: &Struct) -> Result<(), Error> {
    if s.unknown_keys == UnknownKeys::Keep
        && s.fields.iter().any(|f| f.rust_name == ADDITIONAL_FIELD)
    {
        return Err(Error::NameCollision {
            file: s.origin.file.clone(),
            pointer: s.origin.pointer.clone(),
            message: format!(
                "a property of {} is named like the field that keeps unknown keys ({ADDITIONAL_FIELD})",
                s.name
            ),
        });
    }
    let bare = |name: &str| name.strip_prefix("r#").unwrap_or(name).to_owned();
    if let Some(clash) = s
        .fields
        .iter()
        .find(|f| BUILDER_METHODS.contains(&bare(&f.rust_name).as_str()))
    {
        return Err(Error::NameCollision {
            file: clash.origin.file.clone(),
            pointer: clash.origin.pointer.clone(),
            message: format!(
                "member {} would clash with a builder method",
                clash.wire_name
            ),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::read::Inputs;

    #[test]
    fn a_type_named_like_the_prelude_is_a_lowering_error() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas");
        let mut inputs = Inputs::load(&dir).unwrap();
        let mut cfn: serde_json::Value = serde_json::from_str(&inputs.cfn_schema).unwrap();
        cfn["definitions"]["Some"] =
            serde_json::json!({ "type": "object", "properties": { "A": { "type": "string" } } });
        inputs.cfn_schema = cfn.to_string();
        let err = match crate::lower::build_allowing_stale(&inputs) {
            Ok(_) => panic!("a type named `Some` lowered"),
            Err(err) => err,
        };
        assert_eq!(
            err.to_string(),
            "cloudformation/aws-appflow-connectorprofile.json#/definitions/Some: name collision: a type named `Some` would shadow the Rust prelude's"
        );
    }
}
