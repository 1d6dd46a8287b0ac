//! Terraform: the configuration language of the hashicorp/aws and hashicorp/awscc providers, whose
//! names for a connector profile are the generated crate's `terraform` tables.

pub mod import;
