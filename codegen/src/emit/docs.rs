//! Documentation of generated items: the schema's text plus what a user needs to know about the
//! value (required, constraints, secrecy, and where the other schema says something else).

use crate::ir::{Constraints, Field, Ir, Module, Sensitivity, Shape, TypeRef};

/// The full doc of a field.
pub fn field_doc(field: &Field, module: &Module, ir: &Ir) -> String {
    let mut sections = Vec::new();
    if field.doc.is_empty() {
        sections.push(format!("The `{}` member.", field.wire_name));
    } else {
        sections.push(field.doc.clone());
    }
    let mut facts = Vec::new();
    facts.push(if field.required {
        "**Required.**".to_owned()
    } else {
        "Optional.".to_owned()
    });
    let constraints = describe_shape(&field.shape);
    if !constraints.is_empty() {
        facts.push(format!("Constraints: {constraints}."));
    }
    sections.push(facts.join(" "));
    if let Some(reason) = &field.sensitive {
        let why = match reason {
            Sensitivity::MarkedInModel => "the API model marks it sensitive".to_owned(),
            Sensitivity::Listed(reason) => format!(
                "it is a credential the API model does not mark sensitive ({})",
                crate::docs::from_text(reason.trim_end_matches('.'))
            ),
            Sensitivity::Counterpart => {
                "the matching member of the other schema is a secret".to_owned()
            }
        };
        sections.push(format!("**Secret:** held in [`Sensitive`](crate::Sensitive) and redacted in `Debug` output, because {why}."));
        if let Some(reference) = &field.reference {
            sections.push(format!(
                "**A reference, not a secret:** {}; a template or request that shows it exposes no secret.",
                crate::docs::from_text(reference.trim_end_matches('.'))
            ));
        }
    }
    if let Some(other) = &field.counterpart {
        let other_module = match other.module {
            crate::ir::ModuleKind::Cfn => &ir.cfn,
            crate::ir::ModuleKind::Api => &ir.api,
        };
        let other_field = other_module
            .struct_named(&other.type_name)
            .and_then(|s| s.fields.iter().find(|f| f.wire_name == other.wire_name));
        let module_name = other.module.module_name();
        let mut line = format!(
            "Corresponds to `{}` of [`{module_name}::{}`](crate::{module_name}::{}).",
            other.wire_name, other.type_name, other.type_name
        );
        if let Some(other_field) = other_field {
            let theirs = describe_shape(&other_field.shape);
            if normalized(&field.shape) != normalized(&other_field.shape) && !theirs.is_empty() {
                line.push_str(&format!(" There the constraints differ: {theirs}."));
            }
            if other_field.required != field.required {
                let (here, there) = if field.required {
                    ("required", "optional")
                } else {
                    ("optional", "required")
                };
                line.push_str(&format!(" It is {here} here and {there} there."));
            }
        }
        sections.push(line);
    } else if module.kind == crate::ir::ModuleKind::Cfn {
        sections.push("The AppFlow API has no matching member.".to_owned());
    }
    sections.join("\n\n")
}

/// A sentence fragment describing the constraints on a value, or an empty string.
pub fn describe_shape(shape: &Shape) -> String {
    let mut parts = describe(&shape.constraints, &shape.ty);
    match &shape.ty {
        TypeRef::List(item) => {
            let inner = describe(&item.constraints, &item.ty);
            if !inner.is_empty() {
                parts.push(format!("each item: {}", inner.join(", ")));
            }
        }
        TypeRef::Map { key, value } => {
            let k = describe(&key.constraints, &key.ty);
            if !k.is_empty() {
                parts.push(format!("each key: {}", k.join(", ")));
            }
            let v = describe(&value.constraints, &value.ty);
            if !v.is_empty() {
                parts.push(format!("each value: {}", v.join(", ")));
            }
        }
        _ => {}
    }
    parts.join("; ")
}

fn describe(c: &Constraints, ty: &TypeRef) -> Vec<String> {
    let unit = match ty {
        TypeRef::String => "characters (Unicode code points)",
        TypeRef::List(_) => "items",
        _ => "entries",
    };
    let mut parts = Vec::new();
    // A minimum length of 0 says nothing: "at most N", not "length 0 to N".
    match (c.min_length.filter(|&min| min > 0), c.max_length) {
        (Some(min), Some(max)) => parts.push(format!("length {min} to {max} {unit}")),
        (Some(min), None) => parts.push(format!("at least {min} {unit}")),
        (None, Some(max)) => parts.push(format!("at most {max} {unit}")),
        (None, None) => {}
    }
    match (c.minimum, c.maximum) {
        (Some(min), Some(max)) => parts.push(format!("value {min} to {max}")),
        (Some(min), None) => parts.push(format!("value at least {min}")),
        (None, Some(max)) => parts.push(format!("value at most {max}")),
        (None, None) => {}
    }
    if let Some(pattern) = &c.pattern {
        // What patterns mean is said once, in the validation module's docs.
        parts.push(format!(
            "contains a match of {} ([pattern](crate::validation#patterns))",
            code_span(pattern)
        ));
    }
    if c.unique_items {
        parts.push("items unique".to_owned());
    }
    if let Some(format) = &c.format {
        parts.push(format!("format {}", code_span(format)));
    }
    parts
}

/// A Markdown code span that survives backticks in its content.
pub fn code_span(text: &str) -> String {
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

/// A shape's constraints with vacuous bounds dropped, for comparing what two schemas allow.
fn normalized(shape: &Shape) -> Vec<Constraints> {
    let clean = |c: &Constraints| Constraints {
        min_length: c.min_length.filter(|&m| m > 0),
        format: None,
        ..c.clone()
    };
    let mut out = vec![clean(&shape.constraints)];
    match &shape.ty {
        TypeRef::List(item) => out.push(clean(&item.constraints)),
        TypeRef::Map { key, value } => {
            out.push(clean(&key.constraints));
            out.push(clean(&value.constraints));
        }
        _ => {}
    }
    out
}
