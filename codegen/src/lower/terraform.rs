//! The Terraform providers' names (`schemas/terraform.toml`) resolved against the IR: each
//! attribute and block of a provider's resource becomes the member it maps to (by the provider's
//! rule, or by a listed rename), checked to be of a matching kind.
//!
//! An attribute that maps to nothing, or to a member of another kind, and an entry of the file
//! that nothing uses, are [`Stale`] notes (the attribute left out): `cargo xtask regenerate`
//! refuses them, `update-schemas` lists them for review.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToSnakeCase;

use crate::ir::{
    Field, Ir, Module, ModuleKind, TerraformAttribute, TerraformForm, TerraformResource,
    TerraformScalar, TerraformType, TypeDef, TypeRef,
};
use crate::read::terraform::{Block, Provider, Rule, Terraform};
use crate::stale::Stale;
use crate::Error;

/// Every provider of `terraform` resolved against `ir`; `file` names the data file in errors and
/// notes.
pub fn lower(
    ir: &Ir,
    file: &str,
    terraform: &Terraform,
    stale: &mut Vec<Stale>,
) -> Result<Vec<TerraformResource>, Error> {
    terraform
        .providers
        .iter()
        .map(|(table, provider)| Resolver::new(ir, file, table, provider)?.run(stale))
        .collect()
}

/// The Terraform name `rule` gives a member: its snake_case words, each run of words a
/// `words` entry names (`o_auth`) written as the provider does (`oauth`, whole words only; a
/// trailing digit run stays attached: `o_auth2` → `oauth2`).
pub fn terraform_name(rule: Rule, member: &str, words: &[(Vec<String>, String)]) -> String {
    let snake = member.to_snake_case();
    let mut tokens: Vec<String> = snake.split('_').map(str::to_owned).collect();
    if rule == Rule::SnakeCaseDigitWords {
        tokens = tokens.iter().flat_map(|t| digit_runs(t)).collect();
    }
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    'tokens: while i < tokens.len() {
        for (api, terraform) in words {
            let n = api.len();
            if tokens.len() >= i + n && tokens[i..i + n] == api[..] {
                out.push(terraform.clone());
                i += n;
                continue 'tokens;
            }
            // `o_auth2`: the run's last word carries the digits that follow it.
            if let Some((last, head)) = api.split_last() {
                let h = head.len();
                if tokens.len() > i + h
                    && tokens[i..i + h] == *head
                    && tokens[i + h]
                        .strip_prefix(last.as_str())
                        .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
                {
                    let digits = &tokens[i + h][last.len()..];
                    out.push(format!("{terraform}{digits}"));
                    i += h + 1;
                    continue 'tokens;
                }
            }
        }
        out.push(tokens[i].clone());
        i += 1;
    }
    out.join("_")
}

/// `oauth2` → `oauth`, `2`; `v2beta` → `v`, `2`, `beta`.
fn digit_runs(token: &str) -> Vec<String> {
    let mut runs: Vec<String> = Vec::new();
    let mut previous_digit = None;
    for c in token.chars() {
        let digit = c.is_ascii_digit();
        match runs.last_mut() {
            Some(run) if previous_digit == Some(digit) => run.push(c),
            _ => runs.push(c.to_string()),
        }
        previous_digit = Some(digit);
    }
    runs
}

/// The Terraform type of a type name in the file.
fn parse_type(text: &str) -> Option<TerraformType> {
    let scalar = |s: &str| match s {
        "string" => Some(TerraformScalar::String),
        "number" => Some(TerraformScalar::Number),
        "bool" => Some(TerraformScalar::Bool),
        _ => None,
    };
    Some(match text {
        "string" => TerraformType::String,
        "number" => TerraformType::Number,
        "bool" => TerraformType::Bool,
        _ => {
            let (outer, inner) = text.strip_suffix(')')?.split_once('(')?;
            match outer {
                "list" => TerraformType::List(scalar(inner)?),
                "map" => TerraformType::Map(scalar(inner)?),
                _ => return None,
            }
        }
    })
}

struct Resolver<'a> {
    module: &'a Module,
    file: &'a str,
    table: &'a str,
    provider: &'a Provider,
    root: &'a str,
    words: Vec<(Vec<String>, String)>,
    /// Terraform path → (member path, index of the rename).
    renames: BTreeMap<&'a str, (&'a str, usize)>,
    terraform_only: BTreeMap<&'a str, usize>,
    /// Path → (index, entry) of each nested block or object; "" the body.
    nested: BTreeMap<&'a str, (usize, &'a Block)>,
    /// `blocks` (nested blocks) or `objects` (object attributes).
    nested_key: &'static str,
    used_words: BTreeSet<usize>,
    used_renames: BTreeSet<usize>,
    used_terraform_only: BTreeSet<usize>,
    /// Member paths expressed.
    expressed: BTreeSet<String>,
    /// Member path → struct, of every struct the resource reaches.
    reached: BTreeMap<String, String>,
    /// Member paths the resource returns and never accepts (CloudFormation's `readOnlyProperties`):
    /// not configuration, so not counted as inexpressible.
    read_only: BTreeSet<String>,
}

impl<'a> Resolver<'a> {
    fn new(
        ir: &'a Ir,
        file: &'a str,
        table: &'a str,
        provider: &'a Provider,
    ) -> Result<Resolver<'a>, Error> {
        let (module, root) = match (&provider.api_root, &provider.cfn_root) {
            (Some(root), _) => (&ir.api, root.as_str()),
            (None, Some(root)) => (&ir.cfn, root.as_str()),
            (None, None) => unreachable!("the reader requires one root"),
        };
        let invalid = |pointer: String, message: String| Error::Invalid {
            file: file.to_owned(),
            pointer,
            message,
        };
        if !matches!(module.types.get(root), Some(TypeDef::Struct(_))) {
            return Err(invalid(
                format!("/{table}"),
                format!(
                    "`{root}` is no struct of the {} module",
                    module.kind.module_name()
                ),
            ));
        }
        let (nested_key, entries) = if provider.objects.is_empty() {
            ("block", &provider.blocks)
        } else {
            ("object", &provider.objects)
        };
        let mut nested = BTreeMap::new();
        for (i, entry) in entries.iter().enumerate() {
            if nested.insert(entry.path.as_str(), (i, entry)).is_some() {
                return Err(invalid(
                    format!("/{table}/{nested_key}/{i}"),
                    format!("`{}` is given twice", entry.path),
                ));
            }
        }
        if !nested.contains_key("") {
            return Err(invalid(
                format!("/{table}"),
                "no entry for the resource body (path \"\")".to_owned(),
            ));
        }
        let mut renames = BTreeMap::new();
        for (i, rename) in provider.renames.iter().enumerate() {
            renames.insert(rename.terraform.as_str(), (rename.api.as_str(), i));
        }
        let terraform_only = provider
            .terraform_only
            .iter()
            .enumerate()
            .map(|(i, t)| (t.terraform.as_str(), i))
            .collect();
        let words = provider
            .words
            .iter()
            .map(|w| {
                (
                    w.api.split('_').map(str::to_owned).collect(),
                    w.terraform.clone(),
                )
            })
            .collect();
        Ok(Resolver {
            module,
            file,
            table,
            provider,
            root,
            words,
            renames,
            terraform_only,
            nested,
            nested_key,
            used_words: BTreeSet::new(),
            used_renames: BTreeSet::new(),
            used_terraform_only: BTreeSet::new(),
            expressed: BTreeSet::new(),
            reached: BTreeMap::new(),
            read_only: match module.kind {
                ModuleKind::Cfn => ir
                    .resource
                    .read_only
                    .iter()
                    .filter_map(|p| p.strip_prefix("/properties/"))
                    .map(str::to_owned)
                    .collect(),
                ModuleKind::Api => BTreeSet::new(),
            },
        })
    }

    fn run(mut self, stale: &mut Vec<Stale>) -> Result<TerraformResource, Error> {
        let attributes = self.resolve_block("", self.root, "", stale);
        let table = self.table;
        for (i, word) in self.provider.words.iter().enumerate() {
            if !self.used_words.contains(&i) {
                stale.push(Stale::new(
                    self.file,
                    format!("/{table}/word/{i}"),
                    format!("no member's name holds `{}`", word.api),
                ));
            }
        }
        for (i, rename) in self.provider.renames.iter().enumerate() {
            if !self.used_renames.contains(&i) {
                stale.push(Stale::new(
                    self.file,
                    format!("/{table}/rename/{i}"),
                    format!("`{}` names no attribute of the provider", rename.terraform),
                ));
            }
        }
        let mut terraform_only = Vec::new();
        for (i, only) in self.provider.terraform_only.iter().enumerate() {
            if self.used_terraform_only.contains(&i) {
                terraform_only.push(only.terraform.clone());
            } else {
                stale.push(Stale::new(
                    self.file,
                    format!("/{table}/terraform_only/{i}"),
                    format!("`{}` names no attribute of the provider", only.terraform),
                ));
            }
        }
        terraform_only.sort();
        let mut inexpressible = BTreeSet::new();
        for (path, name) in &self.reached {
            for field in fields(self.module, name) {
                let member = join(path, &field.wire_name);
                if !self.expressed.contains(&member) && !self.read_only.contains(&member) {
                    inexpressible.insert(member);
                }
            }
        }
        let mut import_id = None;
        if let Some(import) = &self.provider.import {
            if fields(self.module, &import.shape)
                .iter()
                .any(|f| f.wire_name == import.member)
            {
                import_id = Some(import.member.clone());
            } else {
                stale.push(Stale::new(
                    self.file,
                    format!("/{table}/import"),
                    format!(
                        "`{}` is no member of `{}` in the {} module",
                        import.member,
                        import.shape,
                        self.module.kind.module_name()
                    ),
                ));
            }
        }
        Ok(TerraformResource {
            import_id,
            table: table.to_owned(),
            type_name: self.provider.resource.clone(),
            provider: self.provider.source.provider.clone(),
            provider_version: self.provider.source.provider_version.clone(),
            module: self.module.kind,
            root: self.root.to_owned(),
            attributes,
            terraform_only,
            inexpressible: inexpressible.into_iter().collect(),
        })
    }

    /// The attributes and nested entries of the block or object at `path`, mapped into struct
    /// `name` (at member path `member_path`).
    fn resolve_block(
        &mut self,
        path: &str,
        name: &str,
        member_path: &str,
        stale: &mut Vec<Stale>,
    ) -> Vec<TerraformAttribute> {
        self.reached.insert(member_path.to_owned(), name.to_owned());
        let (index, block) = self.nested[path];
        let pointer = format!("/{}/{}/{index}", self.table, self.nested_key);
        let mut out = Vec::new();
        for (attribute, type_name) in &block.attributes {
            let full = join(path, attribute);
            let at = format!("{pointer}/attributes/{attribute}");
            let Some(ty) = parse_type(type_name) else {
                stale.push(Stale::new(
                    self.file,
                    at,
                    format!("`{type_name}` is no Terraform type this generator knows"),
                ));
                continue;
            };
            let Some(field) = self.member(&full, attribute, name, member_path, &at, stale) else {
                continue;
            };
            if !fits(self.module, &field.shape.ty, ty) {
                stale.push(Stale::new(
                    self.file,
                    at,
                    format!(
                        "`{full}` is {type_name} but `{}` is not",
                        join(member_path, &field.wire_name)
                    ),
                ));
                continue;
            }
            out.push(self.attribute(
                attribute,
                field,
                TerraformForm::Attribute(ty),
                block.required_attributes.contains(attribute),
                member_path,
                Vec::new(),
            ));
        }
        let children: Vec<(&'a str, usize, &'a Block)> = self
            .nested
            .iter()
            .filter(|(child, _)| !child.is_empty() && parent(child) == path)
            .map(|(child, (i, b))| (*child, *i, *b))
            .collect();
        for (child, i, child_block) in children {
            let child_name = child.rsplit('/').next().unwrap_or(child);
            let at = format!("/{}/{}/{i}", self.table, self.nested_key);
            let Some(field) = self.member(child, child_name, name, member_path, &at, stale) else {
                continue;
            };
            let TypeRef::Named(target) = &field.shape.ty else {
                stale.push(Stale::new(
                    self.file,
                    at,
                    format!("`{child}` nests, but `{}` is no struct", field.wire_name),
                ));
                continue;
            };
            if !matches!(self.module.types.get(target), Some(TypeDef::Struct(_))) {
                stale.push(Stale::new(
                    self.file,
                    at,
                    format!("`{child}` nests, but `{}` is no struct", field.wire_name),
                ));
                continue;
            }
            let target = target.clone();
            let child_member_path = join(member_path, &field.wire_name);
            let grandchildren = self.resolve_block(child, &target, &child_member_path, stale);
            let form = if self.nested_key == "block" {
                TerraformForm::Block
            } else {
                TerraformForm::Attribute(TerraformType::Object)
            };
            out.push(self.attribute(
                child_name,
                field,
                form,
                child_block.required,
                member_path,
                grandchildren,
            ));
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    fn attribute(
        &mut self,
        name: &str,
        field: &Field,
        form: TerraformForm,
        required: bool,
        member_path: &str,
        children: Vec<TerraformAttribute>,
    ) -> TerraformAttribute {
        self.expressed.insert(join(member_path, &field.wire_name));
        TerraformAttribute {
            name: name.to_owned(),
            member: field.wire_name.clone(),
            form,
            required,
            member_required: field.required,
            secret: field.sensitive.is_some() && field.reference.is_none(),
            children,
        }
    }

    /// The member of struct `name` the Terraform name `attribute` (at `full`) maps to; `None`
    /// (with a note, unless it is Terraform-only) when none does.
    fn member(
        &mut self,
        full: &str,
        attribute: &str,
        name: &str,
        member_path: &str,
        at: &str,
        stale: &mut Vec<Stale>,
    ) -> Option<&'a Field> {
        if let Some(&i) = self.terraform_only.get(full) {
            self.used_terraform_only.insert(i);
            return None;
        }
        let fields = fields(self.module, name);
        if let Some(&(api, i)) = self.renames.get(full) {
            self.used_renames.insert(i);
            let (api_parent, member) = api.rsplit_once('/').unwrap_or(("", api));
            let field = fields.iter().find(|f| f.wire_name == member);
            if api_parent != member_path || field.is_none() {
                stale.push(Stale::new(
                    self.file,
                    format!("/{}/rename/{i}", self.table),
                    format!("`{full}` is renamed to `{api}`, which is no member of `{name}`"),
                ));
            }
            return field;
        }
        let found: Vec<&Field> = fields
            .iter()
            .filter(|f| terraform_name(self.provider.rule, &f.wire_name, &self.words) == attribute)
            .collect();
        match found.as_slice() {
            [field] => {
                let snake = terraform_name(self.provider.rule, &field.wire_name, &[]);
                for (i, (api, _)) in self.words.iter().enumerate() {
                    if format!("_{snake}_").contains(&format!("_{}", api.join("_"))) {
                        self.used_words.insert(i);
                    }
                }
                Some(field)
            }
            _ => {
                stale.push(Stale::new(
                    self.file,
                    at.to_owned(),
                    format!(
                        "`{full}` maps to no member of `{name}` ({} by the rule)",
                        found.len()
                    ),
                ));
                None
            }
        }
    }
}

fn fields<'m>(module: &'m Module, name: &str) -> &'m [Field] {
    match module.types.get(name) {
        Some(TypeDef::Struct(s)) => &s.fields,
        _ => &[],
    }
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}/{name}")
    }
}

fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(parent, _)| parent)
}

/// Whether a member of type `ty` can be written as Terraform type `terraform`.
fn fits(module: &Module, ty: &TypeRef, terraform: TerraformType) -> bool {
    let scalar_fits = |ty: &TypeRef, scalar: TerraformScalar| match scalar {
        TerraformScalar::String => {
            matches!(ty, TypeRef::String)
                || matches!(ty, TypeRef::Named(n) if matches!(module.types.get(n), Some(TypeDef::Enum(_))))
        }
        TerraformScalar::Number => matches!(ty, TypeRef::Integer(_)),
        TerraformScalar::Bool => matches!(ty, TypeRef::Boolean),
    };
    match terraform {
        TerraformType::String => scalar_fits(ty, TerraformScalar::String),
        TerraformType::Number => scalar_fits(ty, TerraformScalar::Number),
        TerraformType::Bool => scalar_fits(ty, TerraformScalar::Bool),
        TerraformType::List(element) => {
            matches!(ty, TypeRef::List(shape) if scalar_fits(&shape.ty, element))
        }
        TerraformType::Map(value) => match ty {
            TypeRef::Map { value: shape, .. } => scalar_fits(&shape.ty, value),
            TypeRef::Named(n) => matches!(
                module.types.get(n),
                Some(TypeDef::Map(map)) if scalar_fits(&map.value.ty, value)
            ),
            _ => false,
        },
        TerraformType::Object => {
            matches!(ty, TypeRef::Named(n) if matches!(module.types.get(n), Some(TypeDef::Struct(_))))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rules_name_members() {
        let words = vec![(vec!["o".to_owned(), "auth".to_owned()], "oauth".to_owned())];
        let aws = |m| terraform_name(Rule::SnakeCase, m, &words);
        assert_eq!(aws("oAuthRequest"), "oauth_request");
        assert_eq!(aws("oAuth2GrantType"), "oauth2_grant_type");
        assert_eq!(aws("SAPOData"), "sapo_data");
        assert_eq!(aws("twoAuthority"), "two_authority");
        let awscc = |m| terraform_name(Rule::SnakeCaseDigitWords, m, &[]);
        assert_eq!(awscc("OAuth2GrantType"), "o_auth_2_grant_type");
        assert_eq!(awscc("Oauth2"), "oauth_2");
        assert_eq!(awscc("isSandboxEnvironment"), "is_sandbox_environment");
        assert_eq!(awscc("KMSArn"), "kms_arn");
        assert_eq!(awscc("SAPOData"), "sapo_data");
    }

    #[test]
    fn types_parse() {
        assert_eq!(
            parse_type("list(string)"),
            Some(TerraformType::List(TerraformScalar::String))
        );
        assert_eq!(
            parse_type("map(bool)"),
            Some(TerraformType::Map(TerraformScalar::Bool))
        );
        assert_eq!(parse_type("set(string)"), None);
        assert_eq!(parse_type("object"), None);
    }
}
