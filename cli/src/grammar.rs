//! CloudFormation's template grammar that the command reads and writes, spelled once: section
//! names, resource attributes, parameter attributes. None of them is a member of the resource's
//! schema (those come from the generated crate: `cfn::keys`, `cfn::resource::TYPE_NAME`);
//! intrinsic function names are in [`crate::lower`]'s table of functions.

/// The template section of the format version.
pub const AWS_TEMPLATE_FORMAT_VERSION: &str = "AWSTemplateFormatVersion";
/// The template section, and the parameter attribute, of a description.
pub const DESCRIPTION: &str = "Description";
/// The template section, and the resource attribute, of metadata.
pub const METADATA: &str = "Metadata";
/// The template section of parameters.
pub const PARAMETERS: &str = "Parameters";
/// The template section of mappings.
pub const MAPPINGS: &str = "Mappings";
/// The template section of conditions.
pub const CONDITIONS: &str = "Conditions";
/// The template section of resources.
pub const RESOURCES: &str = "Resources";

/// The resource attribute, and the parameter attribute, of a type.
pub const TYPE: &str = "Type";
/// The resource attribute of a resource's properties.
pub const PROPERTIES: &str = "Properties";
/// The resource attribute of a resource's condition.
pub const CONDITION: &str = "Condition";

/// The parameter attribute hiding its value.
pub const NO_ECHO: &str = "NoEcho";
/// The parameter attribute of its allowed values.
pub const ALLOWED_VALUES: &str = "AllowedValues";
/// The parameter attribute of its default.
pub const DEFAULT: &str = "Default";
