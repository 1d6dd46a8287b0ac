#![no_main]
//! `update_request`: JSON text into `Entry::UpdateRequest` (see `appflow_fuzz::json_entry`).

use appflow_fuzz::{json_entry, Entry};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| json_entry(Entry::UpdateRequest, data));
