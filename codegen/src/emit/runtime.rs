//! The generated crate's fixed runtime, the same for every schema: `support.rs` (`Sensitive`,
//! `UnknownMembers`, `BuildError`, `UnknownVariantValue`, `Timestamp`) and `validation.rs` (`Finding`,
//! `JsonPath`, `Validate`, `FromJson`, `echo`/`mask`, the limits and the checks generated code
//! calls).
//!
//! Both are ordinary Rust files beside this one, written by hand and copied verbatim under the
//! generated header; they are not modules of the generator. They are compiled, linted, documented
//! and tested as part of the generated crate.

/// The text of the generated `src/support.rs`.
pub const SUPPORT: &str = include_str!("runtime/support.rs");

/// The text of the generated `src/validation.rs`.
pub const VALIDATION: &str = include_str!("runtime/validation.rs");

/// The text of the generated `src/pattern.rs`: `Pattern`, the matcher of the patterns' tables
/// that the generator writes into `src/patterns.rs`.
pub const PATTERN: &str = include_str!("runtime/pattern.rs");

/// The text of the generated `src/sdk_support.rs` (feature `aws-sdk-appflow`): `ConversionError`
/// and the traits that carry members between this crate's types and the SDK's.
pub const SDK_SUPPORT: &str = include_str!("runtime/sdk_support.rs");

/// The text of the generated `src/lifecycle.rs`: plans, patches, ARNs, import, IAM policies.
pub const LIFECYCLE: &str = include_str!("runtime/lifecycle.rs");

/// The text of the generated `src/checks.rs`: `Spec`/`Limits` and the checks shared by the
/// one-pass reader and typed validation (`Walk`, `Rules`).
pub const CHECKS: &str = include_str!("runtime/checks.rs");

/// The files of the generated `src/read/`, by name: the one-pass reader behind `FromJson` and
/// `Deserialize` (`mod.rs`: the shared traits and entry points; `cx.rs`, `erased.rs`,
/// `values.rs`, `macros.rs`, `tree.rs`: a parsed `serde_json::Value` as a source, and `text.rs`:
/// JSON text read directly).
pub const READ: [(&str, &str); 7] = [
    ("mod.rs", include_str!("runtime/read/mod.rs")),
    ("cx.rs", include_str!("runtime/read/cx.rs")),
    ("erased.rs", include_str!("runtime/read/erased.rs")),
    ("values.rs", include_str!("runtime/read/values.rs")),
    ("macros.rs", include_str!("runtime/read/macros.rs")),
    ("tree.rs", include_str!("runtime/read/tree.rs")),
    ("text.rs", include_str!("runtime/read/text.rs")),
];
