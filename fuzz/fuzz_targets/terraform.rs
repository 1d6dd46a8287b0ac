#![no_main]
//! `terraform`: bytes into `appflow-profile validate --kind terraform` and `--kind terraform-plan`
//! (hcl-edit and the JSON syntax, the shaping through the provider tables, unknown values, checks).

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| appflow_fuzz::terraform(data));
