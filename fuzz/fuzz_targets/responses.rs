#![no_main]
//! `responses`: JSON text into every response the service sends (DescribeConnectorProfiles,
//! CreateConnectorProfile), where unknown enum values must be tolerated.

use appflow_fuzz::{json_entry, Entry};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    json_entry(Entry::DescribeResponse, data);
    json_entry(Entry::CreateResponse, data);
});
