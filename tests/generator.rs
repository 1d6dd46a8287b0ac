//! The generator end to end: freshness of generated/, determinism, snapshots of emitted code,
//! output that follows schema changes, and located errors for bad input.

use std::path::{Path, PathBuf};

use appflow_tests::{edited_inputs, inputs, root};
use codegen::ir::TypeDef;
use codegen::Inputs;
use serde_json::{json, Value};

#[test]
fn generated_crate_is_fresh() {
    let expected = codegen::generate(&inputs()).expect("generation succeeds");
    let actual = codegen::write::existing_files(&root().join("generated")).unwrap();
    let stale = codegen::write::stale(&expected, &actual);
    assert!(
        stale.is_empty(),
        "generated/ is stale, run `cargo xtask regenerate`: {stale:?}"
    );
}

/// What `cargo xtask regenerate --check` refuses: a data-file entry matching nothing in the
/// schemas. `update-schemas` lets them through and lists them for review; they never land.
#[test]
fn no_data_file_entry_is_stale() {
    let stale = codegen::generate_allowing_stale(&inputs())
        .expect("generation succeeds")
        .stale;
    let listed: Vec<String> = stale.iter().map(ToString::to_string).collect();
    assert!(
        listed.is_empty(),
        "stale data-file entries:\n{}",
        listed.join("\n")
    );
}

/// Appends to each data file an entry that matches nothing in the schemas: a rule naming a missing
/// member, a secret of each kind, an SDK default, a rename and an IAM action no handler needs.
fn with_stale_entries(inputs: &mut Inputs) {
    inputs.rules.push_str(
        "\n[[rule]]\nid = \"stale-rule\"\nseverity = \"error\"\napplies_to = [\"cfn\", \"api\"]\n\
         message = \"m\"\ncondition = \"c\"\napi_anchors = [\"ConnectorProfileConfig\"]\n\
         then = [{ path = \"noSuchMember\", not_empty = true }]\n\
         source = { title = \"t\", url = \"u\", quote = \"q\" }\n",
    );
    inputs.secrets.push_str(
        "\n[[secret]]\nmember = \"ConnectorOAuthRequest$noSuchMember\"\nreason = \"r\"\n\
         \n[[secret]]\ncfn_member = \"NoSuchDefinition$Member\"\nreason = \"r\"\n",
    );
    inputs.mapping.push_str(
        "\n[[sdk_default]]\nshape = \"NoSuchShape\"\nmember = \"flag\"\nsource = \"s\"\n\
         \n[[rename]]\ncfn = \"NoSuchProperty\"\napi = \"noSuchMember\"\nsource = \"s\"\n",
    );
    inputs.iam.push_str(
        "\n[[action]]\naction = \"appflow:NoSuchAction\"\nresource = \"*\"\nsid = \"Stale\"\n\
         source = \"s\"\n",
    );
}

fn count(text: &str, header: &str) -> usize {
    text.lines().filter(|line| line.trim() == header).count()
}

#[test]
fn stale_data_file_entries_are_notes_and_left_out_of_the_output() {
    // Relative to what schemas/ gives (nothing, unless an upstream change is being taken with
    // `update-schemas`, which runs this test too).
    let clean = inputs();
    let baseline = codegen::generate_allowing_stale(&clean).expect("schemas/ generates");
    let mut edited = inputs();
    with_stale_entries(&mut edited);
    let generated = codegen::generate_allowing_stale(&edited).expect("stale entries are no error");
    let notes: Vec<String> = generated.stale.iter().map(ToString::to_string).collect();
    let at = |file: &str, pointer: String| {
        notes
            .iter()
            .any(|n| n.starts_with(&format!("{file}#{pointer}: ")))
    };
    let (rules, secrets) = (
        count(&clean.rules, "[[rule]]"),
        count(&clean.secrets, "[[secret]]"),
    );
    let (sdk_defaults, renames, actions) = (
        count(&clean.mapping, "[[sdk_default]]"),
        count(&clean.mapping, "[[rename]]"),
        count(&clean.iam, "[[action]]"),
    );
    for (file, pointer) in [
        ("rules.toml", format!("/rule/{rules}/then/0")),
        ("secrets.toml", format!("/secret/{secrets}/member")),
        (
            "secrets.toml",
            format!("/secret/{}/cfn_member", secrets + 1),
        ),
        (
            "mapping.toml",
            format!("/sdk_default/{sdk_defaults}/member"),
        ),
        ("mapping.toml", format!("/rename/{renames}")),
        ("iam.toml", format!("/action/{actions}")),
    ] {
        assert!(
            at(file, pointer.clone()),
            "no note at {file}#{pointer}: {notes:#?}"
        );
    }
    let added = notes.len() - baseline.stale.len();
    assert_eq!(added, 6, "{notes:#?}");
    // Each is left out: the output is what the data files without them give.
    assert!(
        generated.files == baseline.files,
        "a stale entry reached the output"
    );
    // Strict generation (`cargo xtask regenerate`) fails naming every one.
    let err = codegen::generate(&edited).unwrap_err().to_string();
    assert!(
        err.starts_with(&format!(
            "{} data-file entries under schemas/ match nothing",
            notes.len()
        )),
        "{err}"
    );
    for note in &notes {
        assert!(err.contains(note.as_str()), "{note} missing from: {err}");
    }
}

#[test]
fn an_erratum_whose_upstream_text_is_not_upstream_is_a_note() {
    let mut edited = inputs();
    let index = count(&edited.errata, "[[erratum]]");
    edited.errata.push_str(&format!(
        "\n[[erratum]]\nfile = \"{}\"\nmember = \"/properties/ConnectionMode\"\n\
         upstream = \"No upstream text reads like this.\"\ncorrected = \"c\"\nsource = \"s\"\n",
        codegen::read::CFN_SCHEMA
    ));
    let notes = codegen::lower::build_allowing_stale(&edited)
        .expect("a stale erratum is no error")
        .stale;
    let note = notes
        .iter()
        .find(|n| n.file == "errata.toml" && n.pointer == format!("/erratum/{index}"))
        .unwrap_or_else(|| panic!("no note for the erratum: {notes:?}"));
    assert!(note.reason.contains("/properties/ConnectionMode"), "{note}");
    assert!(codegen::lower::build(&edited).is_err());
}

/// A connector added to both schemas upstream: it joins the lists derived from the schema
/// (`one_of_variants_in`), and each rule whose written connector list does not mention it is a
/// review note (strict generation refuses), naming the rule, and only those rules.
#[test]
fn a_new_connector_names_each_rule_whose_list_omits_it() {
    let inputs = edited_inputs(with_synthetic_connector);
    let notes = codegen::lower::build_allowing_stale(&inputs)
        .expect("the synthetic connector lowers")
        .stale;
    let about_acme: Vec<String> = notes
        .iter()
        .filter(|n| n.file == "rules.toml" && n.reason.contains("`Acme`"))
        .map(ToString::to_string)
        .collect();
    let rules_toml: toml::Value = toml::from_str(&inputs.rules).unwrap();
    let listing: Vec<&str> = rules_toml["rule"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|rule| {
            ["when", "then"].iter().any(|key| {
                rule.get(*key)
                    .and_then(|c| c.as_array())
                    .is_some_and(|conditions| {
                        conditions.iter().any(|c| {
                            c["path"].as_str() == Some("connectorType")
                                && (c.get("one_of").is_some() || c.get("not_one_of").is_some())
                        })
                    })
            })
        })
        .map(|rule| rule["id"].as_str().unwrap())
        .collect();
    assert!(!listing.is_empty(), "{listing:?}");
    assert_eq!(about_acme.len(), listing.len(), "{about_acme:#?}");
    for id in listing {
        assert!(
            about_acme
                .iter()
                .any(|n| n.contains(&format!("rule `{id}`"))),
            "{id}: {about_acme:#?}"
        );
    }
    assert!(codegen::generate(&inputs).is_err());
    // The derived lists take it: its credentials are asked for at create time.
    let ir = appflow_tests::lower(&inputs).unwrap();
    let credentials_rule = ir
        .rules
        .iter()
        .find(|r| r.id == "create-needs-credentials-variant")
        .expect("the rule is kept");
    assert!(
        format!("{:?}", credentials_rule.instances).contains("\"Acme\""),
        "{credentials_rule:?}"
    );
    // Reviewed: the notes go.
    let mut reviewed = inputs.clone();
    reviewed.rules = reviewed.rules.replace(
        "ConnectorType = [\"Salesforce\"",
        "ConnectorType = [\"Acme\", \"Salesforce\"",
    );
    let notes = codegen::lower::build_allowing_stale(&reviewed)
        .unwrap()
        .stale;
    assert!(
        !notes.iter().any(|n| n.reason.contains("`Acme`")),
        "{notes:#?}"
    );
}

#[test]
fn generation_is_deterministic() {
    let first = appflow_tests::generate(&inputs()).unwrap();
    let second = appflow_tests::generate(&inputs()).unwrap();
    assert_eq!(first, second);
}

#[test]
fn every_generated_file_says_it_is_generated_and_by_what() {
    for (path, text) in appflow_tests::generate(&inputs()).unwrap() {
        let first = text.lines().next().unwrap();
        assert!(
            first.contains("@generated by `cargo xtask regenerate` from schemas/")
                // The README's header is an HTML comment, invisible where it is rendered.
                && (first.ends_with("Do not edit.") || first.ends_with("Do not edit. -->")),
            "{}: {first}",
            path.display()
        );
    }
}

/// Every argument of every call of the generated crate's own macros is labelled (`label = value`),
/// in its header and in each member row (`;`-terminated parts, arguments split on `,`), so a
/// reviewer never has to guess what a bare `true` or `required` means. Calls inside the macros'
/// own definitions (`@`-prefixed internal rules) and doc comments are not calls of generated code.
/// Macros whose arguments are a list of like items, none of which means anything by its position,
/// are named here; any other macro the crate defines is checked.
#[test]
fn every_argument_of_the_crates_own_macro_calls_is_labelled() {
    use proc_macro2::{Delimiter, TokenStream, TokenTree};
    /// Helper macros of the fixed runtime, each called with a list of integer or value types.
    const LISTS: [&str; 5] = [
        "integers_to_json",
        "narrow",
        "read_integers",
        "same",
        "walk_integers",
    ];
    let files = appflow_tests::generate(&inputs()).unwrap();
    let rust: Vec<(&PathBuf, TokenStream)> = files
        .iter()
        .filter(|(path, _)| path.extension().is_some_and(|e| e == "rs"))
        .map(|(path, text)| (path, text.parse().expect("generated Rust tokenizes")))
        .collect();
    // The crate's own macros: every `macro_rules! name`.
    let mut defined = std::collections::BTreeSet::new();
    for (_, tokens) in &rust {
        let tokens: Vec<TokenTree> = tokens.clone().into_iter().collect();
        for window in tokens.windows(3) {
            if let [TokenTree::Ident(m), TokenTree::Punct(bang), TokenTree::Ident(name)] = window {
                if m == "macro_rules" && bang.as_char() == '!' {
                    defined.insert(name.to_string());
                }
            }
        }
    }
    for list in LISTS {
        assert!(
            defined.remove(list),
            "{list} is no longer a macro of the crate"
        );
    }
    for table in ["builder", "object", "link_sdk", "enums"] {
        assert!(defined.contains(table), "{table} is a macro of the crate");
    }
    // Calls: `name ! ( … )` at any depth; returns (macro, its arguments).
    fn calls(
        tokens: TokenStream,
        defined: &std::collections::BTreeSet<String>,
        out: &mut Vec<(String, TokenStream)>,
    ) {
        let tokens: Vec<TokenTree> = tokens.into_iter().collect();
        for (at, token) in tokens.iter().enumerate() {
            if let TokenTree::Group(group) = token {
                calls(group.stream(), defined, out);
            }
            if let [TokenTree::Ident(name), TokenTree::Punct(bang), TokenTree::Group(args)] =
                &tokens[at..tokens.len().min(at + 3)]
            {
                if bang.as_char() == '!'
                    && args.delimiter() != Delimiter::Brace
                    && defined.contains(&name.to_string())
                {
                    out.push((name.to_string(), args.stream()));
                }
            }
        }
    }
    /// Splits on a top-level punctuation character (groups are single tokens).
    fn split(tokens: Vec<TokenTree>, on: char) -> Vec<Vec<TokenTree>> {
        let mut parts = vec![Vec::new()];
        for token in tokens {
            match &token {
                TokenTree::Punct(p) if p.as_char() == on => parts.push(Vec::new()),
                _ => parts.last_mut().unwrap().push(token),
            }
        }
        parts.retain(|part| !part.is_empty());
        parts
    }
    let mut checked = std::collections::BTreeMap::<String, usize>::new();
    let mut unlabelled = Vec::new();
    for (path, tokens) in rust {
        let mut found = Vec::new();
        calls(tokens, &defined, &mut found);
        for (name, args) in found {
            let args: Vec<TokenTree> = args.into_iter().collect();
            if matches!(args.first(), Some(TokenTree::Punct(p)) if p.as_char() == '@') {
                continue; // a macro's internal rule, called from its own definition
            }
            *checked.entry(name.clone()).or_default() += 1;
            for part in split(args, ';') {
                for argument in split(part, ',') {
                    let labelled = matches!(
                        &argument[..],
                        [TokenTree::Ident(_), TokenTree::Punct(eq), _, ..]
                            if eq.as_char() == '=' && eq.spacing() == proc_macro2::Spacing::Alone
                    );
                    if !labelled {
                        let text: TokenStream = argument.into_iter().collect();
                        unlabelled.push(format!("{}: {name}!: `{text}`", path.display()));
                    }
                }
            }
        }
    }
    assert!(
        unlabelled.is_empty(),
        "{} unlabelled macro arguments, the first:\n{}",
        unlabelled.len(),
        unlabelled[..unlabelled.len().min(10)].join("\n")
    );
    // Not vacuous: the table macros are called, one call per struct or enum and SDK link.
    for table in ["builder", "object", "link_sdk", "enums"] {
        assert!(
            checked.get(table).is_some_and(|&n| n > 5),
            "{table}! calls: {checked:?}"
        );
    }
}

/// A connector that is in neither schema, added to both and taken through the whole pipeline
/// (readers, lowering, linking, emitters): the output `generated/` cannot pin. It has a secret
/// and a plain member, an enum, a map with a key pattern, a list with unique items, and a member
/// whose API counterpart is stricter.
fn with_synthetic_connector(cfn: &mut Value, api: &mut Value) {
    cfn["definitions"]["ConnectorType"]["enum"]
        .as_array_mut()
        .unwrap()
        .push(json!("Acme"));
    api["shapes"]["ConnectorType"]["enum"]
        .as_array_mut()
        .unwrap()
        .push(json!("Acme"));
    cfn["definitions"]["AcmeRegion"] = json!({ "type": "string", "enum": ["north", "south"] });
    cfn["definitions"]["AcmeConnectorProfileCredentials"] = json!({
        "type": "object", "additionalProperties": false, "required": ["ApiKey"],
        "properties": {
            "ApiKey": { "type": "string", "maxLength": 256, "pattern": "\\S+" },
            "Region": { "$ref": "#/definitions/AcmeRegion" },
            "Scopes": { "type": "array", "uniqueItems": true, "items": { "type": "string", "maxLength": 64 } },
            "Labels": { "type": "object", "additionalProperties": false,
                        "patternProperties": { "^[a-z]{1,8}$": { "type": "string" } } },
            "Timeout": { "type": "integer", "minimum": 1, "maximum": 300 }
        }
    });
    cfn["definitions"]["ConnectorProfileCredentials"]["properties"]["Acme"] =
        json!({ "$ref": "#/definitions/AcmeConnectorProfileCredentials" });
    api["shapes"]["AcmeApiKey"] =
        json!({ "type": "string", "max": 128, "pattern": "^[A-Za-z0-9]+$", "sensitive": true });
    api["shapes"]["AcmeRegion"] = json!({ "type": "string", "enum": ["north", "south"] });
    api["shapes"]["AcmeConnectorProfileCredentials"] = json!({
        "type": "structure", "required": ["apiKey"],
        "members": {
            "apiKey": { "shape": "AcmeApiKey", "documentation": "<p>The Acme API key.</p>" },
            "region": { "shape": "AcmeRegion" }
        }
    });
    api["shapes"]["ConnectorProfileCredentials"]["members"]["Acme"] =
        json!({ "shape": "AcmeConnectorProfileCredentials" });
}

#[test]
fn snapshot_of_a_synthetic_connector_through_the_pipeline() {
    let inputs = edited_inputs(with_synthetic_connector);
    let ir = appflow_tests::lower(&inputs).expect("the synthetic connector lowers");
    let mut out = String::new();
    for (module, name) in [
        (&ir.cfn, "AcmeConnectorProfileCredentials"),
        (&ir.cfn, "AcmeRegion"),
        (&ir.api, "AcmeConnectorProfileCredentials"),
    ] {
        out.push_str(&codegen::emit::render_type(&ir, module, name).unwrap());
        out.push('\n');
    }
    // The members' specs as the runtime reads them are in each struct's own file (`mod specs`),
    // rendered above.
    insta::assert_snapshot!(out);
}

#[test]
fn every_schema_definition_and_reachable_shape_has_a_type() {
    let ir = appflow_tests::lower(&inputs()).unwrap();
    let schema: Value = serde_json::from_str(&inputs().cfn_schema).unwrap();
    for (name, definition) in schema["definitions"].as_object().unwrap() {
        let def = ir.cfn.types.get(name);
        if definition.get("patternProperties").is_some() {
            assert!(matches!(def, Some(TypeDef::Map(_))), "{name}: a map");
        } else if definition.get("properties").is_some() {
            assert!(matches!(def, Some(TypeDef::Struct(_))), "{name}: a struct");
        } else if definition.get("enum").is_some() {
            assert!(matches!(def, Some(TypeDef::Enum(_))), "{name}: an enum");
        } else {
            // Scalars are inlined into the members that use them, with their constraints.
            assert!(def.is_none(), "{name}: inlined");
        }
    }
    // The root and every struct reachable from it: each named member type is a type of the module.
    let model: Value = serde_json::from_str(&inputs().api_model).unwrap();
    for module in [&ir.cfn, &ir.api] {
        for def in module.types.values() {
            let TypeDef::Struct(s) = def else { continue };
            for field in &s.fields {
                let mut pending = vec![&field.shape.ty];
                while let Some(ty) = pending.pop() {
                    match ty {
                        codegen::ir::TypeRef::Named(name) => {
                            assert!(
                                module.types.contains_key(name),
                                "{}.{}: {name}",
                                s.name,
                                field.wire_name
                            )
                        }
                        codegen::ir::TypeRef::List(item) => pending.push(&item.ty),
                        codegen::ir::TypeRef::Map { key, value } => {
                            pending.push(&key.ty);
                            pending.push(&value.ty);
                        }
                        _ => {}
                    }
                }
            }
        }
    }
    // Every listed operation's input and output structure is an API struct.
    let mapping = codegen::read::data::read_mapping("mapping.toml", &inputs().mapping).unwrap();
    assert!(!mapping.operations.is_empty());
    for name in &mapping.operations {
        let operation = &model["operations"][name];
        for io in ["input", "output"] {
            if let Some(shape) = operation[io]["shape"].as_str() {
                assert!(ir.api.types.contains_key(shape), "{name} {io}: {shape}");
            }
        }
    }
}

/// One file per type (issue 12): each type of `cfn` and `api` is defined, with its impls, member
/// table, rules and builder, in `src/<module>/<snake_case>.rs`, which `mod.rs` declares and
/// re-exports; nothing else is a file of the module.
#[test]
fn every_type_has_one_file_with_its_builder_and_rules_declared_by_mod_rs() {
    let ir = appflow_tests::lower(&inputs()).unwrap();
    let files = appflow_tests::generate(&inputs()).unwrap();
    for module in [&ir.cfn, &ir.api] {
        let dir = module.kind.module_name();
        let under = Path::new("src").join(dir);
        let mod_rs = &files[&under.join("mod.rs")];
        let mut expected: std::collections::BTreeSet<PathBuf> = ["mod.rs", "keys.rs"]
            .into_iter()
            .map(|f| under.join(f))
            .collect();
        if dir == "cfn" {
            expected.insert(under.join("resource.rs"));
        }
        for def in module.types.values() {
            let name = def.name();
            let file = codegen::ident::type_file_name(name);
            let stem = file.strip_suffix(".rs").unwrap();
            let path = under.join(&file);
            assert!(expected.insert(path.clone()), "{dir}::{name}: {file} twice");
            let definition = match def {
                TypeDef::Struct(_) => format!("pub struct {name} {{"),
                TypeDef::Enum(_) => format!("pub enum {name} {{"),
                TypeDef::Map(_) => format!("pub type {name} ="),
            };
            let mut parts = vec![definition];
            if let TypeDef::Struct(_) = def {
                parts.push(format!("builder!(type = {name}, builder = {name}Builder, "));
                parts.push(format!("read::object!(type = {name}, "));
                parts.push(format!("impl checks::Rules for {name} "));
                assert!(
                    mod_rs.contains(&format!("pub use super::{stem}::{name}Builder;\n")),
                    "{dir}::builders re-exports {name}Builder"
                );
            }
            for part in &parts {
                let holders: Vec<&PathBuf> = files
                    .iter()
                    .filter(|(p, text)| {
                        // An `object!` or `builder!` call puts its header on its own line when it has members.
                        p.starts_with(&under)
                            && text.replace("(\n    ", "(").contains(part.as_str())
                    })
                    .map(|(p, _)| p)
                    .collect();
                assert_eq!(holders, [&path], "{dir}::{name}: `{part}`");
            }
            assert!(
                mod_rs.contains(&format!("\nmod {stem};\npub use {stem}::{name};\n")),
                "{dir}/mod.rs declares {stem} and re-exports {name}"
            );
        }
        let actual: std::collections::BTreeSet<PathBuf> = files
            .keys()
            .filter(|p| p.starts_with(&under))
            .cloned()
            .collect();
        assert_eq!(actual, expected, "the files of src/{dir}/");
    }
}

// ---- output follows the schemas -------------------------------------------------------------

fn modified(
    edit: impl FnOnce(&mut Value, &mut Value),
) -> Result<std::collections::BTreeMap<PathBuf, String>, codegen::Error> {
    appflow_tests::generate(&edited_inputs(edit))
}

#[test]
fn output_follows_a_tightened_max_length_and_an_added_connector() {
    let files = modified(|cfn, api| {
        cfn["definitions"]["AccessToken"]["maxLength"] = json!(1234);
        cfn["definitions"]["ConnectorType"]["enum"].as_array_mut().unwrap().push(json!("Acme"));
        cfn["definitions"]["AcmeConnectorProfileCredentials"] = json!({
            "type": "object", "additionalProperties": false, "required": ["ApiKey"],
            "properties": { "ApiKey": { "$ref": "#/definitions/ApiKey" } }
        });
        cfn["definitions"]["ConnectorProfileCredentials"]["properties"]["Acme"] =
            json!({ "$ref": "#/definitions/AcmeConnectorProfileCredentials" });
        api["shapes"]["ConnectorType"]["enum"].as_array_mut().unwrap().push(json!("Acme"));
        api["shapes"]["AcmeConnectorProfileCredentials"] = json!({
            "type": "structure", "required": ["apiKey"],
            "members": { "apiKey": { "shape": "ApiKey", "documentation": "<p>The Acme API key.</p>" } }
        });
        api["shapes"]["ConnectorProfileCredentials"]["members"]["Acme"] =
            json!({ "shape": "AcmeConnectorProfileCredentials" });
    })
    .unwrap();
    let cfn = &appflow_tests::module_text(&files, "cfn");
    let api = &appflow_tests::module_text(&files, "api");
    let original = appflow_tests::generate(&inputs()).unwrap();
    assert!(!appflow_tests::module_text(&original, "cfn").contains("Acme"));
    assert!(files.contains_key(Path::new("src/cfn/acme_connector_profile_credentials.rs")));

    assert!(
        cfn.contains("at most 1234 characters"),
        "tightened maxLength reaches the docs"
    );
    assert!(
        cfn.contains("schemars(length(min = 0, max = 1234)"),
        "and the JSON Schema attributes"
    );
    for module in [cfn, api] {
        assert!(module.contains("    Acme,\n"), "enum variant");
        assert!(
            module.contains("\"Acme\" => ConnectorType::Acme"),
            "parsing"
        );
        assert!(
            module.contains("pub struct AcmeConnectorProfileCredentials {"),
            "credentials struct"
        );
        assert!(
            module.contains("pub acme: Option<Box<AcmeConnectorProfileCredentials>>"),
            "credentials variant, boxed like every connector container member"
        );
    }
    // The API marks ApiKey sensitive; the CloudFormation member follows through the link.
    let cfn_struct = &cfn[cfn
        .find("pub struct AcmeConnectorProfileCredentials {")
        .unwrap()..];
    assert!(
        cfn_struct[..cfn_struct.find("\n}").unwrap()].contains("pub api_key: crate::Sensitive<")
    );
    assert!(api.contains("/// The Acme API key."));
}

// ---- bad input --------------------------------------------------------------------------------

fn error_of(edit: impl FnOnce(&mut Value, &mut Value)) -> String {
    modified(edit).expect_err("generation fails").to_string()
}

#[test]
fn dangling_ref_names_file_and_pointer() {
    let err = error_of(|cfn, _| {
        cfn["definitions"]["SalesforceConnectorProfileCredentials"]["properties"]["AccessToken"] =
            json!({"$ref": "#/definitions/Nope"});
    });
    assert_eq!(
        err,
        "cloudformation/aws-appflow-connectorprofile.json#/definitions/SalesforceConnectorProfileCredentials/properties/AccessToken/$ref: dangling reference to #/definitions/Nope"
    );
}

#[test]
fn unsupported_keyword_names_file_and_pointer() {
    let err = error_of(|cfn, _| {
        cfn["definitions"]["RoleArn"]["oneOf"] = json!([]);
    });
    assert_eq!(err, "cloudformation/aws-appflow-connectorprofile.json#/definitions/RoleArn/oneOf: unsupported keyword: oneOf");
}

#[test]
fn unsupported_shape_type_names_file_and_pointer() {
    let err = error_of(|_, api| {
        api["shapes"]["ClientId"] = json!({"type": "blob"});
    });
    assert_eq!(
        err,
        "api/appflow-2020-08-23.json#/shapes/ClientId/type: unsupported shape type: blob"
    );
}

#[test]
fn pattern_ecma_reads_otherwise_names_file_and_pointer() {
    let err = error_of(|cfn, _| {
        cfn["definitions"]["ClusterIdentifier"]["pattern"] = json!("[[:alpha:]]+");
    });
    assert_eq!(err, "cloudformation/aws-appflow-connectorprofile.json#/definitions/RedshiftConnectorProfileProperties/properties/ClusterIdentifier: unsupported pattern: [[:alpha:]]+: POSIX classes (`[[:alpha:]]`)");
    let err = error_of(|_, api| {
        api["shapes"]["ClusterIdentifier"]["pattern"] = json!("(?i)x");
    });
    assert_eq!(err, "api/appflow-2020-08-23.json#/shapes/RedshiftConnectorProfileProperties/members/clusterIdentifier: unsupported pattern: (?i)x: flags are not ECMA-262");
}

/// An upstream schema adding a `format` formats.toml does not know stops generation at the
/// keyword: left unchecked, it would pass what cfn-lint fails. An entry no `format` names is a
/// stale note, and a malformed entry an error at its place.
#[test]
fn formats_must_be_known_and_entries_used() {
    let err = error_of(|cfn, _| {
        cfn["definitions"]["ClusterIdentifier"]["format"] = json!("AWS::Redshift::Cluster.Id");
    });
    assert_eq!(
        err,
        "cloudformation/aws-appflow-connectorprofile.json#/definitions/ClusterIdentifier/format: unsupported format: `AWS::Redshift::Cluster.Id` (not in schemas/formats.toml: add its rule and source)"
    );
    let err = error_of(|cfn, _| {
        cfn["properties"]["KMSArn"]["format"] = json!("AWS::KMS::Key.Id");
    });
    assert!(
        err.starts_with("cloudformation/aws-appflow-connectorprofile.json#/properties/KMSArn/format: unsupported format: `AWS::KMS::Key.Id`"),
        "{err}"
    );
    let mut unused = inputs();
    unused.formats.push_str(
        "\n[[format]]\nname = \"AWS::SNS::Topic.Arn\"\nrule = \"r\"\npattern = '^x$'\ncfn_lint_rule = \"E1158\"\ncfn_lint_pattern = \"x\"\ncfn_lint_source = \"s\"\nsource = \"s\"\n",
    );
    let lowered = codegen::lower::build_allowing_stale(&unused).unwrap();
    assert!(
        lowered
            .stale
            .iter()
            .any(|note| note.file == "formats.toml" && note.pointer == "/format/3"),
        "{:#?}",
        lowered.stale
    );
    assert!(!lowered.ir.formats.contains_key("AWS::SNS::Topic.Arn"));
    assert!(codegen::generate(&unused).is_err());
    let mut unanchored = inputs();
    unanchored.formats = unanchored
        .formats
        .replacen("pattern = '^", "pattern = '", 1);
    let err = appflow_tests::generate(&unanchored)
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "formats.toml#/format/0/pattern: must be anchored at both ends (`^…$`): the whole value is checked"
    );
}

#[test]
fn reference_cycle_names_the_cycle() {
    let err = error_of(|cfn, _| {
        cfn["definitions"]["ConnectorOAuthRequest"]["properties"]["Again"] =
            json!({"$ref": "#/definitions/ConnectorOAuthRequest"});
    });
    assert_eq!(
        err,
        "cloudformation/aws-appflow-connectorprofile.json#/definitions/ConnectorOAuthRequest: reference cycle: ConnectorOAuthRequest -> ConnectorOAuthRequest"
    );
}

#[test]
fn types_sharing_a_file_name_name_file_and_pointer() {
    let object = json!({ "type": "object", "properties": { "A": { "type": "string" } } });
    let err = error_of(|cfn, _| {
        cfn["definitions"]["SapoDataConnectorProfileCredentials"] = object.clone();
    });
    assert!(
        err.starts_with(
            "cloudformation/aws-appflow-connectorprofile.json#/definitions/SapoDataConnectorProfileCredentials: name collision: "
        ) && err.contains("`sapo_data_connector_profile_credentials.rs`"),
        "{err}"
    );
    let err = error_of(|cfn, _| cfn["definitions"]["Keys"] = object.clone());
    assert!(
        err.starts_with(
            "cloudformation/aws-appflow-connectorprofile.json#/definitions/Keys: name collision: "
        ) && err.contains("`keys.rs`"),
        "{err}"
    );
}

#[test]
fn invalid_json_names_line_and_column() {
    let mut inputs = inputs();
    inputs.api_model = "{\n  \"shapes\": {,\n}".to_owned();
    let err = appflow_tests::generate(&inputs).unwrap_err().to_string();
    assert!(
        err.starts_with("api/appflow-2020-08-23.json:2:14: invalid JSON"),
        "{err}"
    );
}

#[test]
fn a_successful_write_replaces_the_directory_whole() {
    // That bad input leaves the directory untouched is tested through the command itself
    // (`xtask/tests/regenerate.rs`): `generate` alone never writes, so a test of it could not fail.
    let scratch = tempfile_dir();
    let out = scratch.join("generated");
    std::fs::create_dir_all(out.join("src")).unwrap();
    std::fs::write(out.join("src/stale.rs"), "// no longer generated\n").unwrap();
    let good = appflow_tests::generate(&Inputs::load(&root().join("schemas")).unwrap()).unwrap();
    codegen::write::write_whole(&out, &good).unwrap();
    let written = codegen::write::existing_files(&out).unwrap();
    assert!(codegen::write::stale(&good, &written).is_empty());
    assert!(!out.join("src/stale.rs").exists());
    std::fs::remove_dir_all(&scratch).unwrap();
}

fn tempfile_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("appflow-gen-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
