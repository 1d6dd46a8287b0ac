//! Validation impls: `Validate` (typed values: constraints of the value's own schema, the API's
//! constraints on CloudFormation members carried to it, unknown keys, rules) and `FromJson`
//! (structural checks of untrusted JSON before deserializing).

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::patterns::Patterns;
use super::rules;
use super::types::{ident, value_type};
use crate::ir::{
    Constraints, Field, IntKind, Ir, MapDef, Module, ModuleKind, Secrecy, Sender, Shape, Struct,
    TypeDef, TypeRef, UnknownKeys,
};
use crate::Error;

/// Context for emitting one module's checks.
pub struct Checks<'a> {
    /// The whole IR (for counterparts).
    pub ir: &'a Ir,
    /// The module being emitted.
    pub module: &'a Module,
    /// The pattern table.
    pub patterns: &'a Patterns<'a>,
    /// Set when the struct being emitted checks values in `check_json`'s deep mode.
    pub uses_deep: std::cell::Cell<bool>,
    /// The secrecy of the struct being emitted.
    pub secrecy: std::cell::Cell<Secrecy>,
}

fn opt_u64(v: Option<u64>) -> TokenStream {
    match v {
        Some(v) => {
            let v = Literal::u64_unsuffixed(v);
            quote!(::std::option::Option::Some(#v))
        }
        None => quote!(::std::option::Option::None),
    }
}

fn opt_i128(v: Option<i64>) -> TokenStream {
    match v {
        Some(v) => {
            let v = Literal::i128_unsuffixed(i128::from(v));
            quote!(::std::option::Option::Some(#v))
        }
        None => quote!(::std::option::Option::None),
    }
}

fn int_bounds(kind: IntKind) -> (i128, i128) {
    match kind {
        IntKind::U8 => (0, u8::MAX.into()),
        IntKind::U16 => (0, u16::MAX.into()),
        IntKind::U32 => (0, u32::MAX.into()),
        IntKind::U64 => (0, u64::MAX.into()),
        IntKind::I8 => (i8::MIN.into(), i8::MAX.into()),
        IntKind::I16 => (i16::MIN.into(), i16::MAX.into()),
        IntKind::I32 => (i32::MIN.into(), i32::MAX.into()),
        IntKind::I64 => (i64::MIN.into(), i64::MAX.into()),
    }
}

impl Checks<'_> {
    /// `crate::validation::Secrecy::…` of the struct being emitted.
    fn secrecy_tokens(&self) -> TokenStream {
        match self.secrecy.get() {
            Secrecy::Plain => quote!(crate::validation::Secrecy::Plain),
            Secrecy::Credentials => quote!(crate::validation::Secrecy::Credentials),
        }
    }

    /// Whether values of `ty` are `Ord` (strings, booleans, integers, timestamps, enums, and lists
    /// of them), so `uniqueItems` can sort them.
    fn is_ord(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::String | TypeRef::Boolean | TypeRef::Integer(_) | TypeRef::Timestamp => true,
            TypeRef::Named(name) => matches!(self.module.types.get(name), Some(TypeDef::Enum(_))),
            TypeRef::List(item) => self.is_ord(&item.ty),
            TypeRef::Map { .. } => false,
        }
    }

    /// Checks of the constraints `c` on a string/integer/list `value` (a `&T` expression); `by`
    /// names who imposes them in the message.
    fn constraint_checks(
        &self,
        c: &Constraints,
        ty: &TypeRef,
        value: &TokenStream,
        by: &str,
    ) -> TokenStream {
        let mut out = TokenStream::new();
        let (min, max) = (opt_u64(c.min_length), opt_u64(c.max_length));
        let has_length = c.min_length.is_some() || c.max_length.is_some();
        match ty {
            TypeRef::String => {
                if has_length {
                    out.extend(quote!(crate::validation::check_length(#value.chars().count(), #min, #max, "characters", #by, path, out);));
                }
                if let Some(pattern) = &c.pattern {
                    let regex = self.patterns.accessor(pattern);
                    out.extend(quote!(crate::validation::check_pattern(#value, #regex, #pattern, #by, path, out);));
                }
            }
            TypeRef::Integer(_) => {
                if c.minimum.is_some() || c.maximum.is_some() {
                    let (lo, hi) = (opt_i128(c.minimum), opt_i128(c.maximum));
                    out.extend(quote!(crate::validation::check_range(i128::from(*#value), #lo, #hi, #by, path, out);));
                }
            }
            TypeRef::List(_) => {
                if has_length {
                    out.extend(quote!(crate::validation::check_length(#value.len(), #min, #max, "items", #by, path, out);));
                }
                if c.unique_items {
                    let ordered = match ty {
                        TypeRef::List(item) => self.is_ord(&item.ty),
                        _ => false,
                    };
                    out.extend(if ordered {
                        quote!(crate::validation::check_unique(#value, path, out);)
                    } else {
                        quote!(crate::validation::check_unique_serialized(#value, path, out);)
                    });
                }
            }
            TypeRef::Map { .. } | TypeRef::Named(_) => {
                if has_length {
                    out.extend(quote!(crate::validation::check_length(#value.len(), #min, #max, "entries", #by, path, out);));
                }
            }
            TypeRef::Boolean | TypeRef::Timestamp => {}
        }
        out
    }

    /// Every check of a value of `shape` (`value` is a `&T` expression), with `extra` the other
    /// schema's shape for the same member when its constraints apply too.
    fn shape_checks(
        &self,
        shape: &Shape,
        extra: Option<(&Shape, &str)>,
        value: &TokenStream,
        secret: bool,
    ) -> TokenStream {
        let mut out = self.constraint_checks(&shape.constraints, &shape.ty, value, "");
        if let Some((other, by)) = extra {
            if std::mem::discriminant(&other.ty) == std::mem::discriminant(&shape.ty) {
                let differs = stricter_only(&shape.constraints, &other.constraints);
                out.extend(self.constraint_checks(&differs, &shape.ty, value, by));
            }
        }
        match &shape.ty {
            TypeRef::Named(name) => match self.module.types.get(name) {
                // In a credentials object, an unknown enum value is masked: checked here, where the
                // secrecy is known, rather than by the enum's own `Validate`.
                Some(TypeDef::Enum(_)) if self.secrecy.get() == Secrecy::Credentials => {
                    let ty = ident(name);
                    let secrecy = self.secrecy_tokens();
                    out.extend(quote! {
                        if let #ty::Unknown(unknown) = #value {
                            crate::validation::unknown_enum_value(unknown.as_str(), #ty::values(), #secrecy, path, out);
                        }
                    });
                }
                Some(TypeDef::Struct(_)) | Some(TypeDef::Enum(_)) => {
                    out.extend(
                        quote!(crate::validation::Validate::validate_into(#value, path, out);),
                    );
                }
                Some(TypeDef::Map(m)) => {
                    out.extend(self.map_checks(&m.key, &m.value, &m.constraints, value, secret))
                }
                None => {}
            },
            TypeRef::List(item) => {
                let item_extra = extra.and_then(|(other, by)| match &other.ty {
                    TypeRef::List(other_item) => Some((other_item.as_ref(), by)),
                    _ => None,
                });
                let checks = self.shape_checks(item, item_extra, &quote!(item), secret);
                if !checks.is_empty() {
                    out.extend(quote! {
                        for (index, item) in #value.iter().enumerate() {
                            path.push_index(index);
                            #checks
                            path.pop();
                        }
                    });
                }
            }
            TypeRef::Map {
                key,
                value: map_value,
            } => {
                out.extend(self.map_checks(key, map_value, &Constraints::default(), value, secret))
            }
            _ => {}
        }
        out
    }

    fn map_checks(
        &self,
        key: &Shape,
        value_shape: &Shape,
        c: &Constraints,
        value: &TokenStream,
        secret: bool,
    ) -> TokenStream {
        let mut out = TokenStream::new();
        if c.min_length.is_some() || c.max_length.is_some() {
            let (min, max) = (opt_u64(c.min_length), opt_u64(c.max_length));
            out.extend(quote!(crate::validation::check_length(#value.len(), #min, #max, "entries", "", path, out);));
        }
        let secrecy = self.secrecy_tokens();
        let mut key_checks = TokenStream::new();
        if let Some(pattern) = &key.constraints.pattern {
            let regex = self.patterns.accessor(pattern);
            key_checks.extend(quote!(crate::validation::check_key_pattern(key, #regex, #pattern, #secret, #secrecy, path, out);));
        }
        if key.constraints.min_length.is_some() || key.constraints.max_length.is_some() {
            let (min, max) = (
                opt_u64(key.constraints.min_length),
                opt_u64(key.constraints.max_length),
            );
            key_checks.extend(quote!(crate::validation::check_length(key.chars().count(), #min, #max, "characters", " (a key)", path, out);));
        }
        let value_checks = self.shape_checks(value_shape, None, &quote!(entry), secret);
        if key_checks.is_empty() && value_checks.is_empty() {
            return out;
        }
        // A secret map's keys are secrets too: findings point at the map, never name the key.
        // Other keys are named as findings show them.
        let (push, pop) = if secret {
            (TokenStream::new(), TokenStream::new())
        } else {
            (
                quote!(path.push_shown_key(key, #secrecy);),
                quote!(path.pop();),
            )
        };
        let key_binding = if key_checks.is_empty() && secret {
            quote!(_key)
        } else {
            quote!(key)
        };
        let entry_binding = if value_checks.is_empty() {
            quote!(_entry)
        } else {
            quote!(entry)
        };
        out.extend(quote! {
            for (#key_binding, #entry_binding) in #value.iter() {
                #key_checks
                #push
                #value_checks
                #pop
            }
        });
        out
    }

    fn field_checks(&self, s: &Struct, field: &Field) -> TokenStream {
        let name = ident(&field.rust_name);
        let wire = &field.wire_name;
        let secret = field.sensitive.is_some();
        let value = if secret {
            quote!(value.expose())
        } else {
            quote!(value)
        };
        let counterpart = self.counterpart(field);
        let by = counterpart
            .as_ref()
            .map(|(other_struct, other_field)| {
                format!(
                    " (as the AppFlow API requires of `{}.{}`)",
                    other_struct, other_field.wire_name
                )
            })
            .unwrap_or_default();
        let extra = counterpart.as_ref().map(|(_, f)| (&f.shape, by.as_str()));
        let checks = self.shape_checks(&field.shape, extra, &value, secret);
        if checks.is_empty() {
            return TokenStream::new();
        }
        let _ = s;
        let bind = if field.required {
            quote!(let value = &self.#name;)
        } else {
            quote!(if let ::std::option::Option::Some(value) = &self.#name)
        };
        if field.required {
            quote! {{
                #bind
                path.push_key(#wire);
                #checks
                path.pop();
            }}
        } else {
            quote! {
                #bind {
                    path.push_key(#wire);
                    #checks
                    path.pop();
                }
            }
        }
    }

    /// The API member whose constraints a CloudFormation member must also meet.
    fn counterpart(&self, field: &Field) -> Option<(String, Field)> {
        if self.module.kind != ModuleKind::Cfn {
            return None;
        }
        let other = field.counterpart.as_ref()?;
        let s = self.ir.api.struct_named(&other.type_name)?;
        let f = s.fields.iter().find(|f| f.wire_name == other.wire_name)?;
        Some((other.type_name.clone(), f.clone()))
    }

    /// `impl Validate` and `impl FromJson` for a struct.
    pub fn emit_struct(&self, s: &Struct) -> Result<TokenStream, Error> {
        self.secrecy.set(s.secrecy);
        let secrecy = self.secrecy_tokens();
        let name = ident(&s.name);
        let known: Vec<&str> = s.fields.iter().map(|f| f.wire_name.as_str()).collect();
        let mut body: TokenStream = s.fields.iter().map(|f| self.field_checks(s, f)).collect();
        if s.unknown_keys == UnknownKeys::Keep {
            body.extend(quote! {
                for key in self.additional_properties.keys() {
                    crate::validation::unknown_key(key, &[#(#known),*], crate::validation::Severity::Warning, #secrecy, path, out);
                }
            });
        }
        body.extend(rules::emit_for(self.ir, self.module, s)?);
        let (path, out) = if body.is_empty() {
            (quote!(_path), quote!(_out))
        } else {
            (quote!(path), quote!(out))
        };
        self.uses_deep.set(false);
        let json = self.json_struct(s);
        let deep = if self.uses_deep.get() {
            quote!(deep)
        } else {
            quote!(_deep)
        };
        let sender = match s.sender {
            Sender::Client => TokenStream::new(),
            Sender::Service => quote! {
                const SENDER: crate::validation::Sender = crate::validation::Sender::Service;
            },
        };
        Ok(quote! {
            impl crate::validation::Validate for #name {
                #sender
                fn validate_into(&self, #path: &mut crate::validation::JsonPath, #out: &mut ::std::vec::Vec<crate::validation::Finding>) {
                    #body
                }
            }

            impl crate::validation::FromJson for #name {
                fn check_json(value: &::serde_json::Value, #deep: bool, path: &mut crate::validation::JsonPath, out: &mut ::std::vec::Vec<crate::validation::Finding>) {
                    #json
                }
            }
        })
    }

    /// `impl Validate` for an enum: an unlisted value is a finding.
    pub fn emit_enum(&self, name: &str) -> TokenStream {
        let name = ident(name);
        quote! {
            impl crate::validation::Validate for #name {
                fn validate_into(&self, path: &mut crate::validation::JsonPath, out: &mut ::std::vec::Vec<crate::validation::Finding>) {
                    if let #name::Unknown(value) = self {
                        crate::validation::unknown_enum_value(value.as_str(), Self::values(), crate::validation::Secrecy::Plain, path, out);
                    }
                }
            }
        }
    }

    fn json_struct(&self, s: &Struct) -> TokenStream {
        let known: Vec<&str> = s.fields.iter().map(|f| f.wire_name.as_str()).collect();
        let members = s.fields.iter().map(|field| {
            let wire = &field.wire_name;
            let by = self.counterpart(field).map(|(other_struct, other_field)| {
                (
                    format!(
                        " (as the AppFlow API requires of `{}.{}`)",
                        other_struct, other_field.wire_name
                    ),
                    other_field.shape,
                )
            });
            let extra = by.as_ref().map(|(by, shape)| (shape, by.as_str()));
            let check = self.json_checks(
                &field.shape,
                extra,
                &quote!(member),
                field.sensitive.is_some(),
            );
            let present = if field.required {
                quote!(::std::option::Option::Some(member))
            } else {
                quote!(::std::option::Option::Some(member) if !member.is_null())
            };
            let absent = if field.required {
                quote!(::std::option::Option::None => crate::validation::missing(#wire, path, out),)
            } else {
                quote!(_ => {})
            };
            quote! {
                match object.get(#wire) {
                    #present => {
                        path.push_key(#wire);
                        #check
                        path.pop();
                    }
                    #absent
                }
            }
        });
        let secrecy = self.secrecy_tokens();
        let report = |severity: TokenStream| {
            quote! {
                const KNOWN: &[&str] = &[#(#known),*];
                for other in object.keys().filter(|key| !KNOWN.contains(&key.as_str())) {
                    crate::validation::unknown_key(other, KNOWN, #severity, #secrecy, path, out);
                }
            }
        };
        let unknown = match s.unknown_keys {
            UnknownKeys::Reject => Some(report(quote!(crate::validation::Severity::Error))),
            UnknownKeys::Ignore => Some(report(quote!(crate::validation::Severity::Warning))),
            // Typed validation reports these (they are kept); a document too broken to deserialize
            // gets them here, in the deep walk.
            UnknownKeys::Keep => {
                self.uses_deep.set(true);
                let body = report(quote!(crate::validation::Severity::Warning));
                Some(quote! {
                    if deep {
                        #body
                    }
                })
            }
        };
        let object = if s.fields.is_empty() && unknown.is_none() {
            quote!(_object)
        } else {
            quote!(object)
        };
        quote! {
            let ::std::option::Option::Some(#object) = value.as_object() else {
                crate::validation::expect(value, crate::validation::Kind::Object, path, out);
                return;
            };
            #(#members)*
            #unknown
        }
    }

    fn json_checks(
        &self,
        shape: &Shape,
        extra: Option<(&Shape, &str)>,
        member: &TokenStream,
        secret: bool,
    ) -> TokenStream {
        let kind = |k: &str| {
            let k = format_ident!("{}", k);
            quote!(crate::validation::expect(#member, crate::validation::Kind::#k, path, out);)
        };
        match &shape.ty {
            TypeRef::String => {
                // With `deep`, the value's constraints too, so a document with structural errors
                // still gets every finding.
                let mut checks =
                    self.constraint_checks(&shape.constraints, &shape.ty, &quote!(text), "");
                if let Some((other, by)) = extra {
                    checks.extend(self.constraint_checks(
                        &stricter_only(&shape.constraints, &other.constraints),
                        &shape.ty,
                        &quote!(text),
                        by,
                    ));
                }
                let mut out = kind("String");
                if !checks.is_empty() {
                    self.uses_deep.set(true);
                    out.extend(quote! {
                        if deep {
                            if let ::std::option::Option::Some(text) = #member.as_str() {
                                #checks
                            }
                        }
                    });
                }
                out
            }
            TypeRef::Boolean => kind("Boolean"),
            TypeRef::Timestamp => {
                quote!(crate::validation::expect_timestamp(#member, path, out);)
            }
            TypeRef::Integer(int) => {
                let (lo, hi) = int_bounds(*int);
                let (lo, hi) = (Literal::i128_unsuffixed(lo), Literal::i128_unsuffixed(hi));
                let (min, max) = (
                    opt_i128(shape.constraints.minimum),
                    opt_i128(shape.constraints.maximum),
                );
                quote!(crate::validation::expect_integer(#member, #lo, #hi, #min, #max, path, out);)
            }
            TypeRef::Named(name) => match self.module.types.get(name) {
                Some(TypeDef::Struct(_)) => {
                    let ty = value_type(&shape.ty);
                    {
                        self.uses_deep.set(true);
                        quote!(<#ty as crate::validation::FromJson>::check_json(#member, deep, path, out);)
                    }
                }
                Some(TypeDef::Enum(_)) => {
                    let ty = value_type(&shape.ty);
                    let secrecy = self.secrecy_tokens();
                    self.uses_deep.set(true);
                    let mut out = kind("String");
                    out.extend(quote! {
                        if deep {
                            if let ::std::option::Option::Some(text) = #member.as_str() {
                                if !#ty::values().contains(&text) {
                                    crate::validation::unknown_enum_value(text, #ty::values(), #secrecy, path, out);
                                }
                            }
                        }
                    });
                    out
                }
                Some(TypeDef::Map(MapDef { key, value, .. })) => {
                    self.json_map(key, value, member, secret)
                }
                None => TokenStream::new(),
            },
            TypeRef::List(item) => {
                let checks = self.json_checks(item, None, &quote!(item), secret);
                let fail = kind("Array");
                quote! {
                    match #member.as_array() {
                        ::std::option::Option::Some(items) => {
                            for (index, item) in items.iter().enumerate() {
                                path.push_index(index);
                                #checks
                                path.pop();
                            }
                        }
                        ::std::option::Option::None => { #fail }
                    }
                }
            }
            TypeRef::Map { key, value } => self.json_map(key, value, member, secret),
        }
    }

    fn json_map(
        &self,
        key: &Shape,
        value: &Shape,
        member: &TokenStream,
        secret: bool,
    ) -> TokenStream {
        let checks = self.json_checks(value, None, &quote!(entry), secret);
        let fail =
            quote!(crate::validation::expect(#member, crate::validation::Kind::Object, path, out););
        let secrecy = self.secrecy_tokens();
        let key_checks = match &key.constraints.pattern {
            Some(pattern) => {
                self.uses_deep.set(true);
                let regex = self.patterns.accessor(pattern);
                quote! {
                    if deep {
                        crate::validation::check_key_pattern(key, #regex, #pattern, #secret, #secrecy, path, out);
                    }
                }
            }
            None => TokenStream::new(),
        };
        let (push, pop) = if secret {
            (TokenStream::new(), TokenStream::new())
        } else {
            (
                quote!(path.push_shown_key(key, #secrecy);),
                quote!(path.pop();),
            )
        };
        let key_binding = if secret && key_checks.is_empty() {
            quote!(_key)
        } else {
            quote!(key)
        };
        quote! {
            match #member.as_object() {
                ::std::option::Option::Some(entries) => {
                    for (#key_binding, entry) in entries {
                        #key_checks
                        #push
                        #checks
                        #pop
                    }
                }
                ::std::option::Option::None => { #fail }
            }
        }
    }
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
