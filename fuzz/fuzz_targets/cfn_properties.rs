#![no_main]
//! `cfn_properties`: JSON text into `Entry::CfnProperties` (see `appflow_fuzz::json_entry`).

use appflow_fuzz::{json_entry, Entry};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| json_entry(Entry::CfnProperties, data));
