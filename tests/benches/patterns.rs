//! Cost of one pattern check: the generated crate's compiled tables (`pattern::Pattern::is_match`,
//! a DFA written by the generator) against `regex-lite`, the engine the crate used before, on the
//! same texts, in one criterion group per case so each ratio comes from one run.
//!
//! The texts are ASCII, where both engines' classes agree (regex-lite's `\s` is ASCII-only; the
//! generated crate's is ECMA-262's); the sanity check below asserts they give the same answers.
//!
//! Run: `cargo bench -p appflow-tests --bench patterns -- --warm-up-time 1 --measurement-time 2`.
use std::hint::black_box;

use appflow_connector_profile::pattern::{self, Pattern};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn find(source: &str) -> &'static Pattern {
    pattern::all()
        .iter()
        .copied()
        .find(|p| p.source() == source)
        .unwrap_or_else(|| panic!("no pattern {source}"))
}

fn cases() -> Vec<(&'static str, &'static str, String)> {
    let jwt_part = |n: usize| "aZ0-_=".chars().cycle().take(n).collect::<String>();
    vec![
        (
            "jwt_300",
            "^[A-Za-z0-9-_=]+\\.[A-Za-z0-9-_=]+\\.[A-Za-z0-9-_.+/=]*$",
            format!("{}.{}.{}", jwt_part(36), jwt_part(180), jwt_part(82)),
        ),
        ("credential_4096_anchored", "^\\S+$", "k".repeat(4096)),
        ("access_token_4096", "\\S+", "k".repeat(4096)),
        (
            "kms_arn",
            "arn:aws:kms:.*:[0-9]+:.*",
            "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
                .to_owned(),
        ),
        (
            "redirect_url",
            "^(https?)://[-a-zA-Z0-9+&@#/%?=~_|!:,.;]*[-a-zA-Z0-9+&@#/%=~_|]",
            "https://us-east-1.console.aws.amazon.com/appflow/oauth".to_owned(),
        ),
        (
            "profile_name",
            "[\\w/!@#+=.-]+",
            "salesforce-prod-profile".to_owned(),
        ),
        ("label_128_no_match", "^[\\w]{1,128}$", "l".repeat(129)),
    ]
}

fn bench(c: &mut Criterion) {
    for (name, source, text) in cases() {
        let ours = find(source);
        let lite = regex_lite::Regex::new(source).expect("regex-lite compiles the pattern");
        assert_eq!(
            ours.is_match(&text),
            lite.is_match(&text),
            "{name}: both engines agree on ASCII text"
        );
        let mut group = c.benchmark_group(format!("pattern/{name}"));
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function("compiled", |b| {
            b.iter(|| black_box(ours).is_match(black_box(&text)))
        });
        group.bench_function("regex_lite", |b| {
            b.iter(|| black_box(&lite).is_match(black_box(&text)))
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
