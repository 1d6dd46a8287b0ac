#![no_main]
//! `template`: bytes into `appflow-profile validate` (the YAML and JSON readers, intrinsics,
//! lowering, reports).

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| appflow_fuzz::template(data));
