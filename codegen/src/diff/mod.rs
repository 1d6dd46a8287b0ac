//! Schema drift: a semantic diff of two IRs (`old` → `new`), grouped per module and connector.
//!
//! The diff compares what the generated crate is made of: types, members, requiredness,
//! constraints, enum values, secrecy, unknown-key policy and the resource metadata. Documentation
//! changes are counted per module, not listed. Origins (JSON Pointers) and counterparts are ignored:
//! they follow from the rest.
//!
//! **Renames.** Within one struct, a removed member and an added member are reported as one rename
//! when their shapes are identical (type and constraints) and either their wire names are equal
//! ignoring case, or their documentation is equal ignoring case and whitespace and is not empty.
//! Removed members are paired in schema order with the first added member that qualifies.
//!
//! **Connectors.** The connector keys are [`Ir::connectors`](crate::ir::Ir::connectors) of either IR: the member names of the
//! container structs `schemas/mapping.toml` names (`Salesforce`, `SAPOData`, …). A change
//! belongs to a connector when its type's name starts with that key (the longest key wins, and the
//! key must end at a word boundary: the end of the name or an uppercase letter or digit), when it is
//! a member named by that key, or when it is an enum value equal to the key
//! ignoring case (`Googleanalytics`). Everything else is "general".
//!
//! **Semver impact.** Each change has an [`Impact`] on the generated crate, and the drift's impact is
//! the highest of its changes' (documentation changes and errata are [`Impact::Documentation`]).
//! The generated structs and enums are `#[non_exhaustive]`, required members are plain fields and
//! optional ones `Option`s, secrets are `Sensitive<T>`, so:
//!
//! - **breaking**: a type removed or of another kind; a member removed, renamed, of another type,
//!   added as required, made required or made optional (its field changes between `T` and
//!   `Option<T>`); an enum value removed; a constraint tightened (`minLength`/`minimum` raised or
//!   added, `maxLength`/`maximum` lowered or added, `uniqueItems` added, a `pattern` added or
//!   changed, since two patterns' languages cannot be compared; an absent `minLength` is 0); secrecy gained or lost (the field
//!   changes between `T` and `Sensitive<T>`); unknown keys newly rejected, or no longer kept (the
//!   `additional_properties` field goes); the resource's `typeName` or `primaryIdentifier` changed,
//!   or a property made create-, read- or write-only (a plan that updated now replaces, a value
//!   that was sent is now refused or never returned).
//! - **additive**: a type added; an optional member added; an enum value added; a constraint
//!   loosened or a `pattern` dropped; unknown keys newly accepted; a property no longer create-,
//!   read- or write-only; handler permissions added or removed (the IAM policy the crate writes
//!   changes, no Rust does).
//! - **documentation**: the reason a secret is one changed (still `Sensitive<T>`); a `format`
//!   annotation changed (documented, never enforced); a bound that accepts the same values
//!   (`minLength` absent ⇄ 0); documentation text changed.

//!
//! **Terraform.** [`Drift::terraform`] lists, per provider of `schemas/terraform.toml`, the
//! members of the new side its resource cannot express (the providers' schemas are pinned, the
//! AWS schemas move), marking those the old side did not list. It is reported with the changes,
//! is no change itself, and has no impact.
//!
//! **Layout.** [`model`] holds the data, [`impact`] the semver rules (on the IR's typed values,
//! matched exhaustively), [`render`] the text, Markdown and JSON forms, and [`differ`] the
//! comparison: `differ` → `model` ← `impact`, `render`; nothing depends on `differ`.

pub mod differ;
pub mod impact;
pub mod model;
pub mod render;

pub use differ::{connector_keys, diff, errata_changes, shape_sig, terraform_gaps};
pub use model::{
    unknown_keys_label, Change, ConstraintChange, Drift, ErratumChange, Group, Impact, ModuleDrift,
    TerraformGap, TerraformGaps,
};
