//! The generated crate's compiled patterns (`pattern::Pattern`, DFA tables written by the
//! generator) against the `regex` crate running the same ECMA-262 patterns, translated here
//! independently of the generator with ECMA's classes spelled out: on generated strings with
//! Unicode white space, line terminators, controls and astral characters, and on the cases that
//! matter (an NBSP, a 300-character JWT, a 4,096-character credential).

use appflow_connector_profile::pattern::{self, Pattern};
use appflow_connector_profile::validation::Code;
use appflow_connector_profile::{cfn, FromJson};
use appflow_tests::{inputs, root};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::Value;

/// ECMA-262 `\s`: WhiteSpace (TAB, VT, FF, SP, NBSP, ZWNBSP, every Zs) and LineTerminator.
const SPACE: &str = "\\t\\n\\x0B\\x0C\\r\\x20\\u{A0}\\u{1680}\\u{2000}-\\u{200A}\\u{2028}\\u{2029}\\u{202F}\\u{205F}\\u{3000}\\u{FEFF}";
const WORD: &str = "0-9A-Za-z_";
const DIGIT: &str = "0-9";
/// What ECMA-262 `.` does not match.
const LINE_TERMINATORS: &str = "\\n\\r\\u{2028}\\u{2029}";

/// An ECMA-262 pattern as the `regex` crate's syntax, with ECMA's meaning. `anchors: false`
/// drops `^` and `$` (for proptest's generator, which has none).
fn translate(ecma: &str, anchors: bool) -> String {
    let mut out = String::new();
    let mut in_class = false;
    let mut chars = ecma.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let e = chars.next().expect("no trailing backslash");
                let (set, negated) = match e {
                    's' => (SPACE, false),
                    'S' => (SPACE, true),
                    'w' => (WORD, false),
                    'W' => (WORD, true),
                    'd' => (DIGIT, false),
                    'D' => (DIGIT, true),
                    _ => {
                        assert!(!e.is_alphanumeric(), "escape \\{e} not translated");
                        out.push('\\');
                        out.push(e);
                        continue;
                    }
                };
                let hat = if negated { "^" } else { "" };
                // Inside a class, a nested class is a union with the rest.
                out.push_str(&format!("[{hat}{set}]"));
            }
            '[' if !in_class => {
                in_class = true;
                out.push('[');
                if chars.as_str().starts_with('^') {
                    out.push(chars.next().expect("^"));
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            // Literal in an ECMA class; set operators or nesting in the regex crate's.
            '[' | '&' | '~' if in_class => {
                out.push('\\');
                out.push(c);
            }
            '.' if !in_class => out.push_str(&format!("[^{LINE_TERMINATORS}]")),
            '^' | '$' if !in_class && !anchors => {}
            _ => out.push(c),
        }
    }
    out
}

fn reference(source: &str) -> regex::Regex {
    regex::Regex::new(&translate(source, true)).expect("the translation compiles")
}

fn find(source: &str) -> &'static Pattern {
    pattern::all()
        .iter()
        .copied()
        .find(|p| p.source() == source)
        .unwrap_or_else(|| panic!("no pattern {source}"))
}

/// Characters where the semantics differ between engines and flags.
const SPECIAL: &[char] = &[
    '\u{0}',
    '\u{1}',
    '\t',
    '\n',
    '\u{B}',
    '\u{C}',
    '\r',
    '\u{1F}',
    ' ',
    '\u{7F}',
    '\u{85}',
    '\u{A0}',
    '\u{1680}',
    '\u{180E}',
    '\u{2000}',
    '\u{2005}',
    '\u{200A}',
    '\u{200B}',
    '\u{2028}',
    '\u{2029}',
    '\u{202F}',
    '\u{205F}',
    '\u{3000}',
    '\u{FEFF}',
    'é',
    '٣',
    'ß',
    'K',
    '😀',
    '\u{10000}',
    '\u{10FFFF}',
    '-',
    '_',
    '=',
    '.',
    '/',
    '+',
    ':',
    '&',
    ';',
    '~',
];

fn noise() -> impl Strategy<Value = String> {
    let c = prop_oneof![
        4 => proptest::char::range(' ', '~'),
        3 => proptest::sample::select(SPECIAL),
        1 => any::<char>(),
    ];
    proptest::collection::vec(c, 0..6).prop_map(|v| v.into_iter().collect())
}

#[test]
fn every_pattern_of_the_schemas_is_listed() {
    let ir = appflow_tests::lower(&inputs()).expect("schemas/ lowers");
    let listed: Vec<&str> = pattern::all().iter().map(|p| p.source()).collect();
    let expected: Vec<&str> = ir.patterns.keys().map(String::as_str).collect();
    assert_eq!(listed, expected);
    assert!(listed.len() >= 20, "the schemas have some 25 patterns");
}

/// Strings made to match (from the pattern, anchors dropped) with noise around them, and noise
/// alone: both engines agree on every one.
#[test]
fn compiled_patterns_agree_with_the_regex_crate() {
    for compiled in pattern::all() {
        let source = compiled.source();
        let reference = reference(source);
        let matching = proptest::string::string_regex(&translate(source, false))
            .expect("proptest generates from the translation");
        let text = prop_oneof![
            (noise(), matching, noise()).prop_map(|(a, b, c)| format!("{a}{b}{c}")),
            noise(),
        ];
        let mut runner = TestRunner::new(Config {
            cases: 256,
            failure_persistence: None,
            ..Config::default()
        });
        runner
            .run(&text, |text| {
                prop_assert_eq!(
                    compiled.is_match(&text),
                    reference.is_match(&text),
                    "pattern {} on {:?}",
                    source,
                    text
                );
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{e}"));
    }
}

/// Long runs of one character (0–40 of them, so that runs end at every offset of an eight-byte
/// step) around and inside matching strings: skipping runs (`is_match`) answers as reading every
/// byte through the transitions does, and as the regex crate does.
#[test]
fn skipping_runs_agrees_with_reading_every_byte() {
    let piece = || {
        prop_oneof![
            (
                prop_oneof![
                    proptest::char::range(' ', '~'),
                    proptest::sample::select(SPECIAL)
                ],
                0..40usize
            )
                .prop_map(|(c, n)| c.to_string().repeat(n)),
            noise(),
        ]
    };
    for compiled in pattern::all() {
        let source = compiled.source();
        let reference = reference(source);
        let matching = proptest::string::string_regex(&translate(source, false))
            .expect("proptest generates from the translation");
        let text = (piece(), matching, piece(), piece())
            .prop_map(|(a, b, c, d)| format!("{a}{b}{c}{d}"))
            .prop_flat_map(|text| {
                // And every prefix of it: a run ending at the end of the text.
                let len = text.len();
                (Just(text), 0..=len)
            })
            .prop_map(|(text, cut)| {
                let cut = (0..=cut)
                    .rev()
                    .find(|&i| text.is_char_boundary(i))
                    .unwrap_or(0);
                text[..cut].to_owned()
            });
        let mut runner = TestRunner::new(Config {
            cases: 256,
            failure_persistence: None,
            ..Config::default()
        });
        runner
            .run(&text, |text| {
                let skipping = compiled.is_match(&text);
                prop_assert_eq!(
                    skipping,
                    compiled.is_match_byte_by_byte(&text),
                    "pattern {} on {:?}",
                    source,
                    text
                );
                prop_assert_eq!(
                    skipping,
                    reference.is_match(&text),
                    "pattern {} on {:?}",
                    source,
                    text
                );
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{e}"));
    }
}

/// Every special character alone and between two letters, and the empty text.
#[test]
fn compiled_patterns_agree_on_each_special_character() {
    for compiled in pattern::all() {
        let reference = reference(compiled.source());
        let texts = SPECIAL
            .iter()
            .flat_map(|c| [c.to_string(), format!("a{c}b"), c.to_string().repeat(3)])
            .chain([String::new()]);
        for text in texts {
            assert_eq!(
                compiled.is_match(&text),
                reference.is_match(&text),
                "pattern {} on {text:?}",
                compiled.source()
            );
        }
    }
}

#[test]
fn ecma_white_space_is_not_a_non_space() {
    let non_space = find("\\S+");
    for space in ["\u{A0}", "\u{FEFF}", "\u{2028}", "\u{3000}", " \t\n"] {
        assert!(!non_space.is_match(space), "{space:?} is all white space");
    }
    assert!(non_space.is_match("\u{A0}x"));
    assert!(non_space.is_match("\u{200B}"), "ZERO WIDTH SPACE is not Zs");
}

/// The one change of findings the ECMA classes make: a ClientId of one NBSP.
#[test]
fn a_client_id_of_one_nbsp_is_a_pattern_error() {
    let text = std::fs::read_to_string(
        root().join("tests/fixtures/connectors/cfn/GoogleAnalytics.max.json"),
    )
    .expect("fixture");
    let mut doc: Value = serde_json::from_str(&text).expect("JSON");
    let credentials = "/ConnectorProfileConfig/ConnectorProfileCredentials/GoogleAnalytics";
    doc.pointer_mut(&format!("{credentials}/ClientId"))
        .map(|v| *v = "\u{A0}".into())
        .expect("the fixture has a ClientId");
    let errors =
        cfn::ConnectorProfile::from_json_str(&doc.to_string()).expect_err("one NBSP fails \\S+");
    let found: Vec<_> = errors
        .errors()
        .map(|f| (f.pointer.as_str(), f.code))
        .collect();
    assert_eq!(
        found,
        [(&*format!("{credentials}/ClientId"), Code::Pattern)]
    );
}

#[test]
fn a_300_character_jwt() {
    let jwt = find("^[A-Za-z0-9-_=]+\\.[A-Za-z0-9-_=]+\\.[A-Za-z0-9-_.+/=]*$");
    let part = |n: usize| "aZ0-_=".chars().cycle().take(n).collect::<String>();
    let token = format!("{}.{}.{}", part(36), part(180), part(82));
    assert_eq!(token.len(), 300);
    assert!(jwt.is_match(&token));
    assert!(!jwt.is_match(&format!("{token} ")), "anchored at the end");
    assert!(
        !jwt.is_match(&format!("{}.{}", part(36), part(263))),
        "two dots needed"
    );
    assert!(!jwt.is_match(&token.replacen('Z', "\u{A0}", 1)));
}

#[test]
fn a_4096_character_credential() {
    let whole = find("^\\S+$");
    let credential = "k".repeat(4095) + "😀";
    assert_eq!(credential.chars().count(), 4096);
    assert!(whole.is_match(&credential));
    assert!(!whole.is_match(&format!("{credential}\u{A0}")));
    assert!(!whole.is_match(&format!("\u{FEFF}{credential}")));
    let somewhere = find("\\S+");
    assert!(somewhere.is_match(&format!("{}x", "\u{3000}".repeat(4095))));
}
