//! Validation as data: every member's [`SpecData`] (its own constraints, the other schema's
//! stricter ones, its format, its items', keys' and values'), a static named after the member in
//! its type's file (`mod specs`), the formats into `formats.rs`; per struct,
//! the reader's member table (`read::Object`), the typed walk (`checks::Walk`) and the rules
//! (`checks::Rules`). The fixed runtime (`runtime/read/`, `runtime/checks.rs`) does the rest.

use std::collections::BTreeMap;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::patterns::Patterns;
use super::rules;
use super::types::ident;
use crate::ir::{
    Constraints, Field, Format, Ir, MapDef, Module, ModuleKind, Secrecy, Sender, Shape, Struct,
    TypeDef, TypeRef, UnknownKeys,
};
use crate::Error;

/// One schema's limits on a value, as the runtime's `checks::Limits` holds them.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct LimitsData {
    min_length: Option<u64>,
    max_length: Option<u64>,
    pattern: Option<String>,
    /// The pattern as a whole-value match, when it differs.
    whole: Option<String>,
    minimum: Option<i64>,
    maximum: Option<i64>,
    unique: bool,
    /// Who imposes them, ending each message (empty: the type's own schema).
    by: String,
    /// Reported only for a document without structural error: the other schema's limits on list
    /// items, which only typed validation judged before the one-pass reader.
    sound_only: bool,
}

impl LimitsData {
    fn is_empty(&self) -> bool {
        self.min_length.is_none()
            && self.max_length.is_none()
            && self.pattern.is_none()
            && self.minimum.is_none()
            && self.maximum.is_none()
            && !self.unique
    }

    /// The constraints of `c` that apply to a value of `ty` (a struct takes none).
    fn of(c: &Constraints, ty: &TypeRef, module: &Module) -> LimitsData {
        let mut limits = LimitsData::default();
        match ty {
            TypeRef::String => {
                limits.min_length = c.min_length;
                limits.max_length = c.max_length;
                limits.pattern = c.pattern.clone();
                limits.whole = c.pattern.as_deref().and_then(crate::lower::pattern::whole);
            }
            TypeRef::Integer(_) => {
                limits.minimum = c.minimum;
                limits.maximum = c.maximum;
            }
            TypeRef::List(_) => {
                limits.min_length = c.min_length;
                limits.max_length = c.max_length;
                limits.unique = c.unique_items;
            }
            TypeRef::Map { .. } => {
                limits.min_length = c.min_length;
                limits.max_length = c.max_length;
            }
            TypeRef::Named(name) if matches!(module.types.get(name), Some(TypeDef::Map(_))) => {
                limits.min_length = c.min_length;
                limits.max_length = c.max_length;
            }
            _ => {}
        }
        limits
    }
}

/// Everything a member's value must meet, as the runtime's `checks::Spec` holds it.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct SpecData {
    own: LimitsData,
    also: Option<LimitsData>,
    /// The static of the string's format (`formats::X`).
    format: Option<String>,
    item: Option<Box<SpecData>>,
    key: Option<LimitsData>,
    value: Option<Box<SpecData>>,
    secret: bool,
}

impl SpecData {
    fn is_empty(&self) -> bool {
        *self == SpecData::default()
    }

    /// The spec of a value of `shape`; `extra` is the other schema's shape of the same member and
    /// the words naming it, `in_list` whether the value is a list item.
    fn of(
        shape: &Shape,
        extra: Option<(&Shape, &str)>,
        secret: bool,
        in_list: bool,
        cx: (&Module, &BTreeMap<String, Format>),
    ) -> Result<SpecData, Error> {
        let (module, formats) = cx;
        let format = match shape.ty {
            TypeRef::String => shape.constraints.format.as_ref(),
            _ => None,
        };
        let mut spec = SpecData {
            own: LimitsData::of(&shape.constraints, &shape.ty, module),
            format: format
                .and_then(|name| formats.get(name))
                .map(|f| f.rust_name.clone()),
            secret,
            ..SpecData::default()
        };
        if let Some((other, by)) = extra {
            if std::mem::discriminant(&other.ty) == std::mem::discriminant(&shape.ty) {
                let stricter = stricter_only(&shape.constraints, &other.constraints);
                let mut also = LimitsData::of(&stricter, &shape.ty, module);
                also.by = by.to_owned();
                // Strings directly in a member were judged in a broken document too; anything
                // else only in a sound one.
                also.sound_only = in_list || shape.ty != TypeRef::String;
                if !also.is_empty() {
                    spec.also = Some(also);
                }
            }
        }
        let (key, value, map_limits) = match &shape.ty {
            TypeRef::List(item) => {
                let item_extra = extra.and_then(|(other, by)| match &other.ty {
                    TypeRef::List(other_item) => Some((other_item.as_ref(), by)),
                    _ => None,
                });
                let item = SpecData::of(item, item_extra, secret, true, cx)?;
                spec.item = (!item.is_empty()).then(|| Box::new(item));
                return Ok(spec);
            }
            TypeRef::Map { key, value } => (key.as_ref(), value.as_ref(), None),
            TypeRef::Named(name) => match module.types.get(name) {
                Some(TypeDef::Map(MapDef {
                    key,
                    value,
                    constraints,
                    ..
                })) => (
                    key,
                    value,
                    Some(LimitsData::of(constraints, &shape.ty, module)),
                ),
                _ => return Ok(spec),
            },
            _ => return Ok(spec),
        };
        if let Some(limits) = map_limits.filter(|l| !l.is_empty()) {
            // A named map's own limits on its entries; the member's, if any, must be the same.
            if !spec.own.is_empty() && spec.own != limits {
                return Err(Error::Emit {
                    file: shape_name(shape),
                    message: "a map member and its map type both limit the entries, differently"
                        .to_owned(),
                });
            }
            spec.own = limits;
        }
        let key_limits = LimitsData::of(&key.constraints, &key.ty, module);
        spec.key = (!key_limits.is_empty()).then_some(key_limits);
        let value = SpecData::of(value, None, secret, false, cx)?;
        spec.value = (!value.is_empty()).then(|| Box::new(value));
        Ok(spec)
    }
}

fn shape_name(shape: &Shape) -> String {
    match &shape.ty {
        TypeRef::Named(name) => name.clone(),
        other => format!("{other:?}"),
    }
}

/// A spec as a constant expression of `checks::Spec` (nested specs and limits inline, borrowed
/// as promoted constants).
fn spec_value(spec: &SpecData, patterns: &Patterns) -> TokenStream {
    let mut parts = Vec::new();
    if !spec.own.is_empty() {
        let own = limits_value(&spec.own, patterns);
        parts.push(quote!(own: #own));
    }
    if let Some(also) = &spec.also {
        let also = limits_value(also, patterns);
        parts.push(quote!(also: Some(&#also)));
    }
    if let Some(format) = &spec.format {
        let format = format_ident!("{}", format);
        parts.push(quote!(format: Some(&crate::formats::#format)));
    }
    if let Some(item) = &spec.item {
        let item = spec_value(item, patterns);
        parts.push(quote!(item: Some(&#item)));
    }
    if let Some(key) = &spec.key {
        let key = limits_value(key, patterns);
        parts.push(quote!(key: Some(&#key)));
    }
    if let Some(value) = &spec.value {
        let value = spec_value(value, patterns);
        parts.push(quote!(value: Some(&#value)));
    }
    if spec.secret {
        parts.push(quote!(secret: true));
    }
    quote!(Spec { #(#parts,)* ..checks::EMPTY })
}

/// Limits as a constant expression of `checks::Limits`.
fn limits_value(l: &LimitsData, patterns: &Patterns) -> TokenStream {
    let mut parts = Vec::new();
    let some_u64 = |v: u64| {
        let v = Literal::u64_unsuffixed(v);
        quote!(Some(#v))
    };
    let some_i128 = |v: i64| {
        let v = Literal::i128_unsuffixed(i128::from(v));
        quote!(Some(#v))
    };
    if let Some(v) = l.min_length {
        let v = some_u64(v);
        parts.push(quote!(min_length: #v));
    }
    if let Some(v) = l.max_length {
        let v = some_u64(v);
        parts.push(quote!(max_length: #v));
    }
    if let Some(p) = &l.pattern {
        let matcher = patterns.reference(p);
        parts.push(quote!(pattern: Some(#matcher)));
    }
    if let Some(p) = &l.whole {
        let matcher = patterns.reference(p);
        parts.push(quote!(whole: Some(#matcher)));
    }
    if let Some(v) = l.minimum {
        let v = some_i128(v);
        parts.push(quote!(minimum: #v));
    }
    if let Some(v) = l.maximum {
        let v = some_i128(v);
        parts.push(quote!(maximum: #v));
    }
    if l.unique {
        parts.push(quote!(unique: true));
    }
    if !l.by.is_empty() {
        let by = &l.by;
        parts.push(quote!(by: #by));
    }
    if l.sound_only {
        parts.push(quote!(sound_only: true));
    }
    quote!(Limits { #(#parts,)* ..Limits::NONE })
}

/// The spec of a struct member: its own shape, with the API member's stricter constraints for a
/// CloudFormation member carried to the API.
fn field_spec(ir: &Ir, module: &Module, field: &Field) -> Result<SpecData, Error> {
    let counterpart = counterpart(ir, module, field);
    let by = counterpart.as_ref().map(|(other_struct, other_field)| {
        format!(
            " (as the AppFlow API requires of `{}.{}`)",
            other_struct, other_field.wire_name
        )
    });
    let extra = counterpart
        .as_ref()
        .zip(by.as_deref())
        .map(|((_, f), by)| (&f.shape, by));
    SpecData::of(
        &field.shape,
        extra,
        field.sensitive.is_some(),
        false,
        (module, &ir.formats),
    )
}

/// The API member whose constraints a CloudFormation member must also meet.
fn counterpart(ir: &Ir, module: &Module, field: &Field) -> Option<(String, Field)> {
    if module.kind != ModuleKind::Cfn {
        return None;
    }
    let other = field.counterpart.as_ref()?;
    let s = ir.api.struct_named(&other.type_name)?;
    let f = s.fields.iter().find(|f| f.wire_name == other.wire_name)?;
    Some((other.type_name.clone(), f.clone()))
}

/// Whether a value of `ty` can hold a struct with per-connector rules of its own.
fn has_rules(ir: &Ir, module: &Module, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(name) => match module.types.get(name) {
            Some(TypeDef::Struct(s)) => {
                ir.rules.iter().any(|rule| {
                    rule.instances
                        .iter()
                        .any(|i| i.module == module.kind && i.anchor == s.name)
                }) || s.fields.iter().any(|f| has_rules(ir, module, &f.shape.ty))
            }
            _ => false,
        },
        TypeRef::List(item) => has_rules(ir, module, &item.ty),
        _ => false,
    }
}

/// Per struct: the reader's member table, the typed walk and the rules.
pub fn emit_struct(
    ir: &Ir,
    module: &Module,
    patterns: &Patterns,
    s: &Struct,
) -> Result<TokenStream, Error> {
    let name = ident(&s.name);
    let unknown = match s.unknown_keys {
        UnknownKeys::Reject => quote!(Reject),
        UnknownKeys::Keep => quote!(Keep),
        UnknownKeys::Ignore => quote!(Ignore),
    };
    let secrecy = match s.secrecy {
        Secrecy::Plain => quote!(Plain),
        Secrecy::Credentials => quote!(Credentials),
    };
    let sender = match s.sender {
        Sender::Client => quote!(Client),
        Sender::Service => quote!(Service),
    };
    let additional = format_ident!("{}", super::structs::ADDITIONAL);
    let unknown = match s.unknown_keys {
        UnknownKeys::Keep => quote!(#unknown(#additional)),
        _ => unknown,
    };
    let mut members = Vec::new();
    let mut statics = Vec::new();
    let mut rule_walks = Vec::new();
    for field in &s.fields {
        let member = ident(&field.rust_name);
        let wire = &field.wire_name;
        let data = field_spec(ir, module, field)?;
        let spec = if data.is_empty() {
            quote!(checks::NONE)
        } else {
            // Named after the member, so a change to one member's constraints rewrites only
            // the files of the types holding it.
            let name = format_ident!(
                "{}",
                field.rust_name.trim_start_matches("r#").to_uppercase()
            );
            let doc = format!(" What `{}` must meet.", field.wire_name);
            let value = spec_value(&data, patterns);
            statics.push(quote! {
                #[doc = #doc]
                pub(super) static #name: Spec = #value;
            });
            quote!(specs::#name)
        };
        let presence = if field.required {
            quote!(required)
        } else {
            quote!(optional)
        };
        members.push(quote!(field = #member, wire = #wire, presence = #presence, spec = #spec;));
        if has_rules(ir, module, &field.shape.ty) {
            rule_walks.push(quote!(checks::member_rules(&self.#member, #wire, path, out);));
        }
    }
    let rules::RuleMethods {
        calls: own_rules,
        methods: rule_methods,
    } = rules::emit_for(ir, module, s);
    let has_own_rules = !own_rules.is_empty();
    let container_methods = rules::container_methods(ir, module, s);
    let rule_methods = if rule_methods.is_empty() {
        TokenStream::new()
    } else {
        quote! {
            /// The per-connector rules anchored here (`schemas/rules.toml`), one method each.
            impl #name {
                #rule_methods
            }
        }
    };
    let own_rules_fn = if has_own_rules {
        quote! {
            fn own_rules(&self, path: &mut validation::JsonPath, out: &mut Vec<validation::Finding>) {
                #own_rules
            }
        }
    } else {
        TokenStream::new()
    };
    let rules_into_fn = if rule_walks.is_empty() {
        TokenStream::new()
    } else {
        quote! {
            fn rules_into(&self, path: &mut validation::JsonPath, out: &mut Vec<validation::Finding>) {
                #(#rule_walks)*
                self.own_rules(path, out);
            }
        }
    };
    let rules_impl = if own_rules_fn.is_empty() && rules_into_fn.is_empty() {
        quote!(impl checks::Rules for #name {})
    } else {
        quote! {
            impl checks::Rules for #name {
                #own_rules_fn
                #rules_into_fn
            }
        }
    };
    let specs = if statics.is_empty() {
        TokenStream::new()
    } else {
        let doc = format!(
            "What each member of [`{}`] must meet, read by the reader and typed validation.",
            s.name
        );
        let statics = quote!(#(#statics)*);
        let limits = statics
            .to_string()
            .contains("Limits")
            .then(|| quote!(Limits,));
        quote! {
            #[doc = #doc]
            mod specs {
                use crate::checks::{self, #limits Spec};
                #statics
            }
        }
    };
    Ok(quote! {
        read::object!(type = #name, secrecy = #secrecy, sender = #sender, unknown = #unknown, rules = #has_own_rules; #(#members)*);
        #specs
        #rules_impl
        #rule_methods
        #container_methods
    })
}

/// The constraints of `other` that are not already implied by `own` (so each limit is checked once).
fn stricter_only(own: &Constraints, other: &Constraints) -> Constraints {
    let keep_min = |mine: Option<u64>, theirs: Option<u64>| {
        theirs.filter(|t| *t > 0 && mine.is_none_or(|m| t > &m))
    };
    let keep_max =
        |mine: Option<u64>, theirs: Option<u64>| theirs.filter(|t| mine.is_none_or(|m| t < &m));
    Constraints {
        min_length: keep_min(own.min_length, other.min_length),
        max_length: keep_max(own.max_length, other.max_length),
        pattern: other
            .pattern
            .clone()
            .filter(|p| own.pattern.as_ref() != Some(p)),
        minimum: other.minimum.filter(|t| own.minimum.is_none_or(|m| t > &m)),
        maximum: other.maximum.filter(|t| own.maximum.is_none_or(|m| t < &m)),
        unique_items: other.unique_items && !own.unique_items,
        format: None,
    }
}

/// `formats.rs`: a static per format of the IR, named after it.
pub fn emit_formats(ir: &Ir, patterns: &Patterns) -> TokenStream {
    let statics = ir.formats.values().map(|format| {
        let name = format_ident!("{}", format.rust_name);
        let doc = format!(
            "`{}`: {}.\n\nChecked by cfn-lint as {}. Source: {}",
            format.name, format.rule, format.cfn_lint_rule, format.source
        );
        let format_name = &format.name;
        let rule = &format.rule;
        let pattern = patterns.reference(&format.pattern);
        let bound = |v: Option<u64>| match v {
            Some(v) => {
                let v = Literal::u64_unsuffixed(v);
                quote!(Some(#v))
            }
            None => quote!(None),
        };
        let (min, max) = (bound(format.min_length), bound(format.max_length));
        quote! {
            #[doc = #doc]
            pub(crate) static #name: crate::checks::Format = crate::checks::Format {
                name: #format_name,
                rule: #rule,
                pattern: #pattern,
                min_length: #min,
                max_length: #max,
            };
        }
    });
    quote! {
        //! The CloudFormation schema's `format` values (`schemas/formats.toml`): what each asks of
        //! a string, read by the specs of the members that hold one.

        #(#statics)*
    }
}
