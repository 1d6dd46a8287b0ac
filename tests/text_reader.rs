//! `FromJson::from_json_str` reads JSON text directly and falls back on serde_json's parser for
//! whatever it does not read (issue 23). These tests read every JSON fixture of the repository,
//! and many mutations of each, both ways (`validation::read_text_through_serde` is the serde_json
//! path alone) and require the same result: the same typed value, the same findings, the same
//! errors with the same line and column.

use std::fmt::Debug;
use std::path::{Path, PathBuf};

use appflow_connector_profile::validation::read_text_through_serde;
use appflow_connector_profile::{api, cfn, FromJson};

/// Every JSON file of the repository's fixtures (the command's and the test crate's), sorted.
fn json_fixtures() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut stack = vec![root.join("tests/fixtures"), root.join("cli/tests/fixtures")];
    let mut files = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().and_then(|e| e.to_str()) == Some("json") {
                let text = std::fs::read_to_string(&path).unwrap();
                files.push((path, text));
            }
        }
    }
    files.sort();
    files
}

/// Reads `text` as a `T` both ways; panics with `what` when they differ.
fn agree<T: FromJson + PartialEq + Debug>(text: &str, what: &dyn Fn() -> String) {
    let direct = T::from_json_str(text);
    let through_serde = read_text_through_serde::<T>(text);
    assert!(
        direct == through_serde,
        "{}: the readers differ\n  direct: {direct:?}\n  serde:  {through_serde:?}\n  text: {text:?}",
        what()
    );
}

/// Reads `text` as each root type both ways.
fn agree_as_roots(text: &str, what: &dyn Fn() -> String) {
    agree::<cfn::ConnectorProfile>(text, what);
    agree::<api::CreateConnectorProfileRequest>(text, what);
    agree::<api::DescribeConnectorProfilesResponse>(text, what);
}

/// A deterministic source of small numbers (xorshift64).
struct Numbers(u64);

impl Numbers {
    fn below(&mut self, bound: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % bound as u64) as usize
    }
}

#[test]
fn every_json_fixture_reads_the_same_both_ways() {
    let fixtures = json_fixtures();
    assert!(fixtures.len() > 100, "{} fixtures", fixtures.len());
    for (path, text) in &fixtures {
        agree_as_roots(text, &|| path.display().to_string());
    }
}

/// What a mutation puts into a document: syntax the direct reader must read as serde_json does
/// or leave to it (escapes, numbers of every kind, literals, nesting, separators, bytes JSON
/// refuses).
const INSERTS: &[&str] = &[
    "\"",
    "\\",
    ",",
    ":",
    "{",
    "}",
    "[",
    "]",
    " ",
    "\n",
    "\t",
    "\r",
    "\u{0}",
    "\u{1f}",
    "\u{feff}",
    "\u{a0}",
    "é",
    "0",
    "-",
    ".",
    "e",
    "E",
    "+",
    "n",
    "t",
    "f",
    "null",
    "true",
    "false",
    "nul",
    "\\u00e9",
    "\\ud800",
    "\\ud83d\\ude00",
    "\\udc00",
    "\\x",
    "\\\"",
    "\\/",
    "\\n",
    "\\u12",
    "-0",
    "0.0",
    "1e2",
    "1E+2",
    "1e-2",
    "01",
    "1.",
    ".5",
    "-.5",
    "1e",
    "1e400",
    "-1e400",
    "1e-400",
    "123456789012345678",
    "1234567890123456789",
    "12345678901234567890",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775808",
    "-9223372036854775809",
    "4.43e2",
    "443.0",
    "0.1",
    "1.7976931348623157e308",
    "2.2250738585072014e-308",
    "5e-324",
];

/// Values that replace a whole value of a document.
const VALUES: &[&str] = &[
    "null",
    "true",
    "false",
    "0",
    "-0",
    "443",
    "-1",
    "4.43e2",
    "1e400",
    "12345678901234567890",
    "\"\"",
    "\"a\\u0000b\"",
    "\"\\ud800\"",
    "\"Salesforce\"",
    "\"\\u0053alesforce\"",
    "[]",
    "{}",
    "[null]",
    "{\"a\": 1}",
    "[1, [2, [3]]]",
    "{\"a\": {\"b\": {\"c\": [\"\\n\"]}}}",
    "[1,]",
    "{\"a\":1,}",
    "{\"a\" 1}",
    "[1 2]",
    "\"unterminated",
    "tru",
    "nulll",
    "[",
    "{",
];

/// Byte positions of `text` that are character boundaries, every `step`-th, and the end.
fn boundaries(text: &str, numbers: &mut Numbers, count: usize) -> Vec<usize> {
    let mut out: Vec<usize> = (0..count)
        .map(|_| numbers.below(text.len() + 1))
        .map(|mut at| {
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            at
        })
        .collect();
    out.push(text.len());
    out
}

#[test]
fn mutated_fixtures_read_the_same_both_ways() {
    let mut numbers = Numbers(0x9e37_79b9_7f4a_7c15);
    let mut compared = 0;
    for (path, text) in json_fixtures() {
        // Big templates add time and nothing new.
        if text.len() > 8_000 {
            continue;
        }
        let name = path.display().to_string();
        // Text inserted at random places.
        for at in boundaries(&text, &mut numbers, 12) {
            let insert = INSERTS[numbers.below(INSERTS.len())];
            let mutated = [&text[..at], insert, &text[at..]].concat();
            agree_as_roots(&mutated, &|| format!("{name}, {insert:?} inserted at {at}"));
            compared += 1;
        }
        // A byte range removed, and the text cut short.
        for at in boundaries(&text, &mut numbers, 6) {
            let mut end = (at + 1 + numbers.below(8)).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            let mutated = [&text[..at], &text[end..]].concat();
            agree_as_roots(&mutated, &|| format!("{name}, {at}..{end} removed"));
            agree_as_roots(&text[..at], &|| format!("{name}, cut at {at}"));
            compared += 2;
        }
        // A whole value replaced: the text after each `:` up to the next `,` or `}` of its line.
        let colons: Vec<usize> = text.match_indices(':').map(|(at, _)| at + 1).collect();
        for _ in 0..colons.len().min(8) {
            let start = colons[numbers.below(colons.len())];
            let end = text[start..]
                .find(['\n', ','])
                .map_or(text.len(), |len| start + len);
            let value = VALUES[numbers.below(VALUES.len())];
            let mutated = [&text[..start], " ", value, &text[end..]].concat();
            agree_as_roots(&mutated, &|| format!("{name}, {value} at {start}"));
            compared += 1;
        }
    }
    assert!(compared > 2_000, "{compared} mutations");
}

/// Nesting around the limit (`MAX_DEPTH`), in a member the reader skips, in one an open object
/// keeps and in one it reads, and well past it: the same result, and no stack overflow.
#[test]
fn nesting_reads_the_same_both_ways_at_and_past_the_limit() {
    let limit = appflow_connector_profile::validation::MAX_DEPTH;
    for depth in [
        1,
        2,
        limit - 3,
        limit - 2,
        limit - 1,
        limit,
        limit + 1,
        100_000,
    ] {
        let arrays = ["[".repeat(depth), "]".repeat(depth)];
        let objects = ["{\"a\":".repeat(depth), "}".repeat(depth)];
        for [open, close] in [&arrays, &objects] {
            let documents = [
                format!("{open}{close}"),
                format!("{{\"Unknown\": {open}{close}}}"),
                format!("{{\"ConnectorType\": {open}{close}}}"),
                format!(
                    "{{\"ConnectorType\": \"Snowflake\", \"ConnectorProfileName\": \"n\", \"ConnectionMode\": \"Public\", \
                     \"ConnectorProfileConfig\": {{\"ConnectorProfileCredentials\": {{\"Snowflake\": \
                     {{\"Username\": \"u\", \"Password\": \"p\", \"Kept\": {open}{close}}}}}}}}}"
                ),
                // Unclosed: the text ends inside.
                format!("{{\"Unknown\": {open}"),
            ];
            for document in &documents {
                agree_as_roots(document, &|| format!("depth {depth}"));
            }
        }
    }
}

/// Documents written to reach each path of the direct reader: duplicate keys, `null` members,
/// escapes in keys and values, numbers of every notation where integers, timestamps and strings
/// belong, white space everywhere, trailing text.
#[test]
fn hand_written_documents_read_the_same_both_ways() {
    let documents = [
        "",
        " ",
        "{}",
        " {} ",
        "{} x",
        "{}{}",
        "\u{feff}{}",
        "[]",
        "null",
        "\"text\"",
        "{\"ConnectorType\": \"Salesforce\", \"ConnectorType\": \"Snowflake\"}",
        "{\"ConnectorType\": null, \"ConnectionMode\": null}",
        "{\"Connector\\u0054ype\": \"Sales\\u0066orce\", \"ConnectorProfileName\": \"a\\/b\"}",
        "{\"ConnectorType\":\"Salesforce\",\"ConnectorProfileName\":\"n\",\"ConnectionMode\":\"Public\"}",
        "\t{\r\n\"ConnectorType\"\t:\n\"Salesforce\"\r}\n",
        "{\"ConnectorType\": \"Salesforce\",}",
        "{,\"ConnectorType\": \"Salesforce\"}",
        "{\"ConnectorType\" \"Salesforce\"}",
        "{\"ConnectorType\": \"Salesforce\" \"ConnectionMode\": \"Public\"}",
        "{1: 2}",
        "{\"a\": [1, 2,]}",
        "{\"a\": [1 2]}",
        "{\"a\": [,1]}",
        "{\"ConnectorProfileConfig\": {\"ConnectorProfileProperties\": {\"Redshift\": {\"ClusterIdentifier\": \"c\", \"DataApiRoleArn\": \"arn:aws:iam::123456789012:role/r\", \"DatabaseName\": \"d\", \"BucketName\": \"b\", \"RoleArn\": \"arn:aws:iam::123456789012:role/r\", \"IsRedshiftServerless\": true, \"WorkgroupName\": \"w\", \"Kept\": {\"x\": [1, 2.5, -0, \"\\u00e9\", null, true, {}]}}}}}",
        "{\"connectorProfileDetails\": [{\"lastUpdatedAt\": 1.7e9, \"createdAt\": \"2024-01-01T00:00:00Z\"}, {\"createdAt\": 1700000000}, {\"createdAt\": -0}, {\"createdAt\": 1e400}]}",
        "{\"connectorProfileDetails\": [{\"createdAt\": 123456789012345678901234567890}]}",
        "{\"connectorProfileDetails\": [{\"createdAt\": 00}]}",
        "{\"connectorProfileDetails\": [{\"createdAt\": -}]}",
        "{\"nextToken\": \"\\ud83d\\ude00\", \"connectorProfileDetails\": []}",
        "{\"nextToken\": \"\\ud83d\", \"connectorProfileDetails\": []}",
        "{\"nextToken\": \"tab\there\"}",
        "{\"nextToken\": \"é ü 日本\"}",
        "{\"ConnectorProfileConfig\": {\"ConnectorProfileProperties\": {\"SAPOData\": {\"PortNumber\": 0}}}}",
        "{\"ConnectorProfileConfig\": {\"ConnectorProfileProperties\": {\"SAPOData\": {\"PortNumber\": -0}}}}",
        "{\"ConnectorProfileConfig\": {\"ConnectorProfileProperties\": {\"SAPOData\": {\"PortNumber\": 1}}}}",
        "{\"ConnectorProfileConfig\": {\"ConnectorProfileProperties\": {\"SAPOData\": {\"PortNumber\": 443}}}}",
        "{\"ConnectorProfileConfig\": {\"ConnectorProfileProperties\": {\"SAPOData\": {\"PortNumber\": 443.0}}}}",
        "{\"ConnectorProfileConfig\": {\"ConnectorProfileProperties\": {\"SAPOData\": {\"PortNumber\": 4.43e2}}}}",
        "{\"ConnectorProfileConfig\": {\"ConnectorProfileProperties\": {\"SAPOData\": {\"PortNumber\": 65535}}}}",
        "{\"ConnectorProfileConfig\": {\"ConnectorProfileProperties\": {\"SAPOData\": {\"PortNumber\": 65536}}}}",
        "{\"ConnectorProfileConfig\": {\"ConnectorProfileProperties\": {\"SAPOData\": {\"PortNumber\": -1}}}}",
        "{\"ConnectorProfileConfig\": {\"ConnectorProfileProperties\": {\"SAPOData\": {\"PortNumber\": 1e5}}}}",
        "{\"ConnectorProfileConfig\": {\"ConnectorProfileProperties\": {\"SAPOData\": {\"PortNumber\": 0.5}}}}",
        "{\"ConnectorProfileConfig\": {\"ConnectorProfileProperties\": {\"SAPOData\": {\"PortNumber\": 12345678901234567890}}}}",
        "{\"ConnectorProfileConfig\": {\"ConnectorProfileProperties\": {\"SAPOData\": {\"PortNumber\": -9223372036854775809}}}}",
        "{\"ConnectorProfileConfig\": {\"ConnectorProfileProperties\": {\"SAPOData\": {\"PortNumber\": \"443\"}}}}",
        "{\"ConnectorType\": tru}",
        "{\"ConnectorType\": nul}",
        "{\"ConnectorType\": falsey}",
    ];
    for document in documents {
        agree_as_roots(document, &|| format!("{document:?}"));
    }
}
