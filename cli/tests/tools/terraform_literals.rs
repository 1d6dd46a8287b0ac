//! The literal values the command's Terraform reader reads from `.tf` files, for the
//! cross-check against python-hcl2 (`cli/tests/terraform_reader_hcl2.py`): per file, each
//! attribute whose value holds no expression, as `[[block type, labels…, name], value]`, JSON.

use appflow_profile_cli::source::{Node, Value};
use appflow_profile_cli::terraform::{self, Body, Content};
use serde_json::{json, Value as Json};

fn literal(node: &Node) -> Option<Json> {
    Some(match &node.value {
        Value::Str(text) => json!(text),
        Value::Number(n) => Json::Number(n.clone()),
        Value::Bool(b) => json!(b),
        Value::Null => Json::Null,
        Value::Seq(items) => Json::Array(items.iter().map(literal).collect::<Option<_>>()?),
        Value::Map(entries) => Json::Object(
            entries
                .iter()
                .map(|(k, _, v)| Some((k.clone(), literal(v)?)))
                .collect::<Option<_>>()?,
        ),
        Value::Unknown(_) => return None,
    })
}

fn walk(body: &Body, path: &mut Vec<String>, out: &mut Vec<Json>) {
    for item in &body.items {
        match &item.content {
            Content::Attribute(node) => {
                if let Some(value) = literal(node) {
                    let mut at = path.clone();
                    at.push(item.name.clone());
                    out.push(json!([at, value]));
                }
            }
            Content::Block { labels, body } => {
                let mark = path.len();
                path.push(item.name.clone());
                path.extend(labels.iter().map(|(l, _)| l.clone()));
                walk(body, path, out);
                path.truncate(mark);
            }
            Content::Json(_) => {}
        }
    }
}

fn main() {
    let mut files = serde_json::Map::new();
    for file in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&file).expect("a readable file");
        let value = match terraform::parse(&text, terraform::Syntax::Native) {
            Ok(body) => {
                let mut out = Vec::new();
                walk(&body, &mut Vec::new(), &mut out);
                Json::Array(out)
            }
            Err(e) => json!({"error": e.to_string()}),
        };
        files.insert(file, value);
    }
    println!("{}", Json::Object(files));
}
