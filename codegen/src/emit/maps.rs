//! Named map types: ordered maps, so serialization order is stable.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::describe_shape;
use super::types::{ident, value_type};
use crate::ir::{MapDef, Shape, TypeRef};

/// Emits a type alias for a map.
pub fn emit(m: &MapDef) -> TokenStream {
    let name = ident(&m.name);
    let as_shape = Shape {
        ty: TypeRef::Map {
            key: Box::new(m.key.clone()),
            value: Box::new(m.value.clone()),
        },
        constraints: m.constraints.clone(),
    };
    let constraints = describe_shape(&as_shape);
    let mut doc = if m.doc.is_empty() {
        format!("The `{}` map.", m.name)
    } else {
        m.doc.clone()
    };
    if !constraints.is_empty() {
        doc.push_str(&format!("\n\nConstraints: {constraints}."));
    }
    let ty = value_type(&as_shape.ty);
    quote! {
        #[doc = #doc]
        pub type #name = #ty;
    }
}
