//! The conversion tables between the CloudFormation and API forms of the root pair: for each pair
//! of corresponding structs reached from the roots, which member goes to which, and the table of
//! each member's own struct.

use std::collections::BTreeMap;

use crate::ir::{
    linked, CarriedMember, Conversion, MemberTable, Module, Struct, TableSource, TypeRef,
};

fn struct_of<'m>(module: &'m Module, ty: &TypeRef) -> Option<&'m Struct> {
    match ty {
        TypeRef::Named(n) => module.struct_named(n),
        TypeRef::List(item) => struct_of(module, &item.ty),
        _ => None,
    }
}

/// Both directions' tables from the root pair `(cfn_root, api_root)`.
pub fn lower(cfn: &Module, api: &Module, cfn_root: &str, api_root: &str) -> Conversion {
    Conversion {
        cfn_root: cfn_root.to_owned(),
        api_root: api_root.to_owned(),
        to_api: tables(cfn, api, (cfn_root, api_root)),
        to_cfn: tables(api, cfn, (api_root, cfn_root)),
    }
}

/// The member tables of one direction: entry N maps the members of one `from` struct; entry 0 is
/// the root's.
fn tables(from: &Module, to: &Module, root: (&str, &str)) -> Vec<MemberTable> {
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
            out.push(MemberTable::default());
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
            members.push(CarriedMember {
                from: f.wire_name.clone(),
                to: t.wire_name.clone(),
                child,
            });
        }
        out.push(MemberTable {
            source: Some(TableSource {
                module: from.kind,
                name: from_struct.name.clone(),
                secrecy: from_struct.secrecy,
            }),
            members,
            target: Some(to_struct.name.clone()),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::ir::ModuleKind;
    use crate::read::Inputs;

    #[test]
    fn tables_start_at_the_root_and_children_point_inside() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas");
        let ir = crate::lower::build(&Inputs::load(&dir).unwrap()).unwrap();
        let conversion = &ir.conversion;
        for (tables, module, root) in [
            (&conversion.to_api, ModuleKind::Cfn, &conversion.cfn_root),
            (&conversion.to_cfn, ModuleKind::Api, &conversion.api_root),
        ] {
            let source = tables[0].source.as_ref().expect("the root is a struct");
            assert_eq!((source.module, &source.name), (module, root));
            assert!(tables.len() > 1, "the root carries structs");
            for table in tables {
                for member in &table.members {
                    assert!(member.child.is_none_or(|n| n > 0 && n < tables.len()));
                }
            }
        }
    }
}
