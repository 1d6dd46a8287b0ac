//! The semver impact of each change on the generated crate (the rules are in the module docs of
//! [`crate::diff`]), decided on the IR's typed values with exhaustive matches.

use crate::ir::UnknownKeys;

use super::model::{Change, ConstraintChange, Impact};

impl Change {
    /// The change's semver impact on the generated crate (the rules are in the module docs).
    pub fn impact(&self) -> Impact {
        use Impact::{Additive, Breaking, Documentation};
        match self {
            Change::TypeAdded { .. } | Change::EnumValueAdded { .. } => Additive,
            Change::TypeRemoved { .. }
            | Change::TypeKindChanged { .. }
            | Change::MemberRemoved { .. }
            | Change::MemberRenamed { .. }
            | Change::ShapeChanged { .. }
            | Change::RequiredChanged { .. }
            | Change::EnumValueRemoved { .. } => Breaking,
            Change::MemberAdded { required, .. } => {
                if *required {
                    Breaking
                } else {
                    Additive
                }
            }
            Change::ConstraintChanged { constraint, .. } => constraint.impact(),
            // Only gaining or losing secrecy changes a field's type.
            Change::SensitivityChanged { old, new, .. } => {
                if old.is_some() == new.is_some() {
                    Documentation
                } else {
                    Breaking
                }
            }
            Change::UnknownKeysChanged { old, new, .. } => {
                if *new == UnknownKeys::Reject || *old == UnknownKeys::Keep {
                    Breaking
                } else {
                    Additive
                }
            }
            Change::ResourceChanged {
                property, added, ..
            } => match property.as_str() {
                "typeName" | "primaryIdentifier" => Breaking,
                _ if property.starts_with("handlers.") => Additive,
                _ if added.is_empty() => Additive,
                _ => Breaking,
            },
        }
    }
}

impl ConstraintChange {
    /// Which way the constraint moved: a tightening is breaking, a loosening additive, and a
    /// change that accepts exactly the same values (`minLength` absent → 0) documentation.
    pub fn impact(&self) -> Impact {
        match self {
            // Lengths start at 0.
            ConstraintChange::MinLength(old, new) => {
                lower_bound(old.unwrap_or(0), new.unwrap_or(0))
            }
            // Integers are unbounded below and above.
            ConstraintChange::Minimum(old, new) => {
                lower_bound(old.unwrap_or(i64::MIN), new.unwrap_or(i64::MIN))
            }
            ConstraintChange::MaxLength(old, new) => {
                upper_bound(old.unwrap_or(u64::MAX), new.unwrap_or(u64::MAX))
            }
            ConstraintChange::Maximum(old, new) => {
                upper_bound(old.unwrap_or(i64::MAX), new.unwrap_or(i64::MAX))
            }
            // Two patterns' languages cannot be compared: tightened unless it went away.
            ConstraintChange::Pattern(_, new) => present_tightens(new.is_some()),
            ConstraintChange::UniqueItems(_, new) => present_tightens(*new),
            // Documented, never enforced.
            ConstraintChange::Format(..) => Impact::Documentation,
        }
    }
}

/// A lower bound raised is breaking, lowered additive.
fn lower_bound<T: Ord>(old: T, new: T) -> Impact {
    match new.cmp(&old) {
        std::cmp::Ordering::Equal => Impact::Documentation,
        std::cmp::Ordering::Greater => Impact::Breaking,
        std::cmp::Ordering::Less => Impact::Additive,
    }
}

/// An upper bound lowered is breaking, raised additive.
fn upper_bound<T: Ord>(old: T, new: T) -> Impact {
    lower_bound(new, old)
}

/// A constraint present now tightens; one gone loosens.
fn present_tightens(present: bool) -> Impact {
    if present {
        Impact::Breaking
    } else {
        Impact::Additive
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_move_the_way_they_tighten() {
        use ConstraintChange::*;
        assert_eq!(MinLength(None, Some(0)).impact(), Impact::Documentation);
        assert_eq!(MinLength(None, Some(1)).impact(), Impact::Breaking);
        assert_eq!(MinLength(Some(2), Some(1)).impact(), Impact::Additive);
        assert_eq!(MaxLength(Some(512), Some(300)).impact(), Impact::Breaking);
        assert_eq!(MaxLength(Some(300), None).impact(), Impact::Additive);
        assert_eq!(
            Minimum(None, Some(i64::MIN)).impact(),
            Impact::Documentation
        );
        assert_eq!(Minimum(Some(-1), Some(0)).impact(), Impact::Breaking);
        assert_eq!(Maximum(Some(10), Some(11)).impact(), Impact::Additive);
        assert_eq!(Maximum(None, Some(11)).impact(), Impact::Breaking);
        assert_eq!(Pattern(None, Some("a".into())).impact(), Impact::Breaking);
        assert_eq!(Pattern(Some("a".into()), None).impact(), Impact::Additive);
        assert_eq!(UniqueItems(false, true).impact(), Impact::Breaking);
        assert_eq!(UniqueItems(true, false).impact(), Impact::Additive);
        assert_eq!(
            Format(None, Some("x".into())).impact(),
            Impact::Documentation
        );
    }
}
