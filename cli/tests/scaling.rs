//! The command's cost is linear in its input, checked without timing anything: each hostile shape
//! and each template feature is run through `appflow-profile validate` at two sizes, and the
//! work it does — heap allocations and bytes allocated, counted by this binary's allocator on the
//! test's own thread and the threads the command checks profiles on — must grow with the input,
//! not with its square.
//!
//! Doubling the input of a linear command doubles its work (plus a constant); a quadratic
//! command's quadruples. The bound, [`MAX_GROWTH`] for a doubling, sits between the two with room
//! for `n log n` (sorted maps) and for fixed costs that stay the same at both sizes. The
//! quadratic cost this test was written for (issue 23: a finding's annotation walked the whole
//! document, once per finding) made the allocations grow 3.9 times for a doubling.
//!
//! Work that allocates nothing is not counted: a loop comparing strings it already has would go
//! unseen. In this command nearly every step builds a string, a pointer or a node, so counting
//! allocations has caught every quadratic cost found so far; `tests/benches/hostile.rs` times
//! the same shapes against the parser's floor.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;

use appflow_connector_profile::{api, cfn, FromJson};
use serde_json::{json, Value};

/// Counts the allocations of the thread that asked for counting and of the threads the command
/// checks profiles on (rayon's, marked when they start); one measurement at a time
/// ([`MEASURING`]), so one test's work never lands in another's count, while the other tests'
/// own threads (building their inputs) are never counted.
struct Counting;

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static WORKER: Cell<bool> = const { Cell::new(false) };
}

/// Whether the measuring test's work is being counted (on the workers too).
static ON: AtomicBool = AtomicBool::new(false);
static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);
/// Held while a test measures.
static MEASURING: Mutex<()> = Mutex::new(());

fn count(size: usize) {
    // `try_with`: the thread's locals may be gone while it exits.
    let counted = COUNTING.try_with(Cell::get).unwrap_or(false)
        || (ON.load(Ordering::Relaxed) && WORKER.try_with(Cell::get).unwrap_or(false));
    if counted {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(size as u64, Ordering::Relaxed);
    }
}

/// The command's threads (rayon's global pool), marked as workers when they start.
fn mark_workers() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        rayon::ThreadPoolBuilder::new()
            .start_handler(|_| WORKER.with(|w| w.set(true)))
            .build_global()
            .expect("the global pool is built here first");
    });
}

// SAFETY: every call is passed to `System` unchanged; counting touches only thread-local cells.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        // SAFETY: the caller's contract is `System`'s.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size);
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The work of one run of the command: allocations and bytes allocated.
#[derive(Clone, Copy, Debug)]
struct Work {
    allocations: u64,
    bytes: u64,
}

/// How much the work may grow when the input doubles.
const MAX_GROWTH: f64 = 2.3;

/// The work of `f`, counted on this thread and the command's workers.
fn measured(f: impl FnOnce()) -> Work {
    mark_workers();
    let _measuring = MEASURING.lock().unwrap_or_else(|e| e.into_inner());
    ALLOCATIONS.store(0, Ordering::Relaxed);
    BYTES.store(0, Ordering::Relaxed);
    ON.store(true, Ordering::SeqCst);
    COUNTING.with(|on| on.set(true));
    f();
    COUNTING.with(|on| on.set(false));
    ON.store(false, Ordering::SeqCst);
    Work {
        allocations: ALLOCATIONS.load(Ordering::SeqCst),
        bytes: BYTES.load(Ordering::SeqCst),
    }
}

/// Runs `appflow-profile validate` (text and JSON output) on `text` given on standard input.
fn work(text: &str) -> Work {
    let mut total = Work {
        allocations: 0,
        bytes: 0,
    };
    for format in ["text", "json"] {
        let args: Vec<String> = ["appflow-profile", "validate", "--format", format, "-"]
            .iter()
            .map(|a| (*a).to_owned())
            .collect();
        let mut stdin = text.as_bytes();
        let mut out = Vec::new();
        let mut err = Vec::new();
        let mut status = 0;
        let counted = measured(|| {
            status = appflow_profile_cli::run(&args, &mut stdin, &mut out, &mut err);
        });
        assert_ne!(
            status,
            appflow_profile_cli::UNUSABLE,
            "the input is read: {}",
            String::from_utf8_lossy(&err)
        );
        total.allocations += counted.allocations;
        total.bytes += counted.bytes;
    }
    total
}

/// The generated crate's entry points on JSON `text`: `cfn::ConnectorProfile` and the create
/// request read it (with every finding), and a DescribeConnectorProfiles response.
fn library_work(text: &str) -> Work {
    measured(|| {
        let _ = cfn::ConnectorProfile::from_json_str(text);
        let _ = api::CreateConnectorProfileRequest::from_json_str(text);
        let _ = api::DescribeConnectorProfilesResponse::from_json_str(text);
    })
}

/// Asserts that doubling `n` in `shape` at most [`MAX_GROWTH`]s the command's work (and that
/// the shape really grows: the larger input is about twice the smaller).
fn assert_linear(name: &str, n: usize, shape: impl Fn(usize) -> String) {
    assert_linear_in(name, n, shape, work);
}

fn assert_linear_in(name: &str, n: usize, shape: impl Fn(usize) -> String, work: fn(&str) -> Work) {
    let (small, large) = (shape(n), shape(2 * n));
    let size = large.len() as f64 / small.len() as f64;
    assert!(
        (1.6..=2.4).contains(&size),
        "{name}: the input should double, it grew {size:.2} times"
    );
    // One run first, so that what is built once per process (tables, caches) is not counted.
    work(&small);
    let (a, b) = (work(&small), work(&large));
    let allocations = b.allocations as f64 / a.allocations as f64;
    let bytes = b.bytes as f64 / a.bytes as f64;
    eprintln!(
        "{name}: {} -> {} bytes of input; allocations {} -> {} ({allocations:.2}x), bytes allocated {} -> {} ({bytes:.2}x)",
        small.len(),
        large.len(),
        a.allocations,
        b.allocations,
        a.bytes,
        b.bytes
    );
    assert!(
        allocations <= MAX_GROWTH && bytes <= MAX_GROWTH,
        "{name}: doubling the input ({} -> {} bytes) multiplied the allocations by {allocations:.2} and the bytes allocated by {bytes:.2} (at most {MAX_GROWTH}): the cost is not linear",
        small.len(),
        large.len()
    );
}

/// A Salesforce profile's template head; the properties mapping is open at `Salesforce:` (12
/// spaces for its members).
const SALESFORCE: &str = "Resources:\n  P:\n    Type: AWS::AppFlow::ConnectorProfile\n    Properties:\n      ConnectorProfileName: sf\n      ConnectorType: Salesforce\n      ConnectionMode: Public\n      ConnectorProfileConfig:\n        ConnectorProfileProperties:\n          Salesforce:\n            InstanceUrl: https://example.my.salesforce.com\n";

/// A custom connector's template head, open at its `CredentialsMap:` (18 spaces for its keys).
const CREDENTIALS_MAP: &str = "Resources:\n  P:\n    Type: AWS::AppFlow::ConnectorProfile\n    Properties:\n      ConnectorProfileName: cc\n      ConnectorType: CustomConnector\n      ConnectorLabel: lbl\n      ConnectionMode: Public\n      ConnectorProfileConfig:\n        ConnectorProfileCredentials:\n          CustomConnector:\n            AuthenticationType: CUSTOM\n            Custom:\n              CustomAuthenticationType: x\n              CredentialsMap:\n";

/// `n` resources, each from `profile(i)` (a resource body at 4 spaces).
fn profiles(head: &str, n: usize, profile: impl Fn(usize) -> String) -> String {
    let mut text = head.to_owned();
    text.push_str("Resources:\n");
    for i in 0..n {
        let _ = write!(
            text,
            "  P{i}:\n    Type: AWS::AppFlow::ConnectorProfile\n{}",
            profile(i)
        );
    }
    text
}

fn salesforce_properties(name: &str, mode: &str, url: &str) -> String {
    format!("    Properties:\n      ConnectorProfileName: {name}\n      ConnectorType: Salesforce\n      ConnectionMode: {mode}\n      ConnectorProfileConfig:\n        ConnectorProfileProperties:\n          Salesforce:\n            InstanceUrl: {url}\n")
}

// ---------------------------------------------------------------------------------------------
// The hostile classes of `tests/fixtures/hostile/`, each grown.

#[test]
fn intrinsics_beside_invalid_keys_in_a_credentials_map() {
    // The shape of the regression: every finding on the map was annotated with every intrinsic.
    assert_linear("credentials map", 2_000, |n| {
        let mut text = CREDENTIALS_MAP.to_owned();
        for i in 0..n {
            let _ = writeln!(text, "                Good{i}: !Ref P{i}");
        }
        for i in 0..n {
            let _ = writeln!(text, "                bad-{i}: x");
        }
        text
    });
}

#[test]
fn intrinsics_beside_unknown_keys() {
    assert_linear("intrinsics and bad keys", 2_000, |n| {
        let mut text = SALESFORCE.to_owned();
        for i in 0..n {
            let _ = writeln!(text, "            Bad{i}: !Ref P{i}");
        }
        for i in 0..n {
            let _ = writeln!(text, "      Wrong{i}: x");
        }
        text
    });
}

#[test]
fn unknown_keys() {
    assert_linear("unknown keys", 4_000, |n| {
        let mut text = SALESFORCE.to_owned();
        for i in 0..n {
            let _ = writeln!(text, "      X{i}: 1");
        }
        text
    });
}

#[test]
fn unknown_keys_in_a_credentials_object_are_masked() {
    assert_linear("masked keys", 2_000, |n| {
        let mut text = SALESFORCE.to_owned();
        text.push_str("        ConnectorProfileCredentials:\n          Salesforce:\n");
        for i in 0..n {
            let _ = writeln!(text, "            AccessToken{i:08}: secret{i}");
        }
        text
    });
}

#[test]
fn duplicate_keys() {
    assert_linear("duplicate keys", 4_000, |n| {
        let mut text = SALESFORCE.to_owned();
        for _ in 0..n {
            text.push_str("      ConnectionMode: Public\n");
        }
        text
    });
}

#[test]
fn malformed_intrinsics_and_unknown_tags() {
    assert_linear("malformed intrinsics", 1_000, |n| {
        let mut text = SALESFORCE.to_owned();
        for i in 0..n {
            let _ = writeln!(text, "            M{i}: !GetAtt [a, b, c]");
            let _ = writeln!(text, "            T{i}: !Unknown {i}");
            let _ = writeln!(text, "            S{i}: {{\"Fn::Sub\": [1, 2, 3]}}");
        }
        text
    });
}

#[test]
fn control_characters_and_long_values() {
    assert_linear("control characters", 2_000, |n| {
        let mut text = SALESFORCE.to_owned();
        for i in 0..n {
            let _ = writeln!(
                text,
                "            \"K\\e\\u202e{i}\": \"v\\e\\x07{}\"",
                "x".repeat(40)
            );
        }
        let _ = writeln!(text, "      Description: \"{}\"", "\\e".repeat(20 * n));
        text
    });
}

#[test]
fn deep_values() {
    // Depth itself is limited (`MAX_DEPTH`); many deep values are not.
    assert_linear("deep values", 200, |n| {
        let mut text = SALESFORCE.to_owned();
        for i in 0..n {
            let _ = writeln!(
                text,
                "            D{i}: {}1{}",
                "[".repeat(100),
                "]".repeat(100)
            );
        }
        text
    });
}

#[test]
fn integers_out_of_range() {
    assert_linear("integers", 2_000, |n| {
        profiles("", n, |i| {
            format!("    Properties:\n      ConnectorProfileName: s{i}\n      ConnectorType: SAPOData\n      ConnectionMode: Public\n      ConnectorProfileConfig:\n        ConnectorProfileProperties:\n          SAPOData:\n            ApplicationHostUrl: https://h.example.com\n            ApplicationServicePath: /sap\n            ClientNumber: \"100\"\n            PortNumber: 1{i:0>30}\n")
        })
    });
}

#[test]
fn secrets_written_as_keys() {
    assert_linear("secret keys", 1_000, |n| {
        let mut text = SALESFORCE.to_owned();
        text.push_str("        ConnectorProfileCredentials:\n          Salesforce:\n");
        for i in 0..n {
            let _ = writeln!(text, "            AccessToken:t{i}-{}: x", "s".repeat(20));
        }
        text
    });
}

// ---------------------------------------------------------------------------------------------
// The template reasoning, each feature grown.

#[test]
fn many_profiles() {
    assert_linear("profiles", 500, |n| {
        profiles("", n, |i| {
            salesforce_properties(&format!("p{i}"), "Public", "https://x.example.com")
        })
    });
}

#[test]
fn conditions_and_scenarios() {
    assert_linear("conditions", 300, |n| {
        let mut head = "Parameters:\n  Env:\n    Type: String\n    AllowedValues: [dev, prod]\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\n  IsDev: !Not [!Condition IsProd]\n".to_owned();
        for i in 0..n {
            let _ = writeln!(
                head,
                "  C{i}: !And [!Condition IsProd, !Equals [!Ref Env, prod]]"
            );
        }
        profiles(&head, n, |i| {
            salesforce_properties(
                &format!("p{i}"),
                &format!("!If [C{i}, Public, !If [IsDev, Privat, Public]]"),
                "https://x.example.com",
            )
        })
    });
}

#[test]
fn parameters_with_many_allowed_values() {
    // Each reference to the parameter tries a bounded number of its values, not all of them.
    assert_linear("allowed values", 300, |n| {
        let mut head = "Parameters:\n  Mode:\n    Type: String\n    AllowedValues:\n".to_owned();
        for i in 0..n {
            let _ = writeln!(head, "      - Mode{i}");
        }
        profiles(&head, n, |i| {
            salesforce_properties(&format!("p{i}"), "!Ref Mode", "https://x.example.com")
        })
    });
}

#[test]
fn find_in_map_and_sub_resolution() {
    assert_linear("mappings", 300, |n| {
        let mut head = "Parameters:\n  Region:\n    Type: String\n    AllowedValues: [eu, us]\nMappings:\n  Urls:\n".to_owned();
        for i in 0..n {
            let _ = writeln!(
                head,
                "    k{i}:\n      eu: https://eu{i}.example.com\n      us: not-a-url-{i}"
            );
        }
        profiles(&head, n, |i| {
            salesforce_properties(
                &format!("!Sub 'p{i}-${{Region}}-${{AWS::Region}}'"),
                "!FindInMap [Urls, !Sub 'k${{AWS::NoValue}}', Public]",
                &format!("!FindInMap [Urls, k{i}, !Ref Region]"),
            )
        })
    });
}

#[test]
fn misspelled_keys_read_through_their_suggestions() {
    assert_linear("renames", 300, |n| {
        profiles("", n, |i| {
            format!("    Properties:\n      ConnectorProfileName: p{i}\n      ConnectorType: Salesforce\n      ConnectionMode: Public\n      ConnectorProfileConfg:\n        ConnectorProfileProperty:\n          Salesforce:\n            InstanceUrll: https://x.example.com\n            isSandboxEnviroment: true\n")
        })
    });
}

#[test]
fn secret_checks() {
    assert_linear("secrets", 300, |n| {
        let mut head = "Parameters:\n".to_owned();
        for i in 0..n {
            let _ = writeln!(
                head,
                "  Token{i}:\n    Type: String\n  Plain{i}:\n    Type: AWS::SSM::Parameter::Value<String>"
            );
        }
        profiles(&head, n, |i| {
            format!("{}        ConnectorProfileCredentials:\n          Salesforce:\n            AccessToken: !Ref Token{i}\n            RefreshToken: !Ref Plain{i}\n            ClientCredentialsArn: '{{{{resolve:ssm:name{i}}}}}'\n", salesforce_properties(&format!("p{i}"), "Public", "https://x.example.com"))
        })
    });
}

#[test]
fn return_values_of_other_resources() {
    assert_linear("return values", 300, |n| {
        let mut head = "Resources:\n".to_owned();
        for i in 0..n {
            let _ = writeln!(
                head,
                "  Key{i}:\n    Type: AWS::KMS::Key\n  Role{i}:\n    Type: AWS::IAM::Role"
            );
        }
        let body = profiles("", n, |i| {
            format!(
                "{}      KMSArn: !GetAtt Key{i}.Arn\n",
                salesforce_properties(&format!("!Ref Role{i}"), "Public", "https://x.example.com")
            )
        });
        // One `Resources` mapping: the profiles' entries after the other resources'.
        head + body.trim_start_matches("Resources:\n")
    });
}

// ---------------------------------------------------------------------------------------------
// The generated crate's readers (the `cfn-properties`, request and `describe-response` classes).

/// A Salesforce profile as CloudFormation properties, `edit` applied.
fn cfn_profile(edit: impl FnOnce(&mut Value)) -> String {
    let mut value = json!({
        "ConnectorProfileName": "p", "ConnectorType": "Salesforce", "ConnectionMode": "Public",
        "ConnectorProfileConfig": {
            "ConnectorProfileProperties": { "Salesforce": { "InstanceUrl": "https://x.example.com" } },
            "ConnectorProfileCredentials": { "Salesforce": { "AccessToken": "t" } }
        }
    });
    edit(&mut value);
    value.to_string()
}

#[test]
fn library_long_values_and_keys() {
    assert_linear_in(
        "library: long enum value and key",
        100_000,
        |n| {
            cfn_profile(|v| {
                v["ConnectionMode"] = json!("Publik".repeat(n));
                v["ConnectorProfileConfig"]["ConnectorProfileProperties"]["Salesforce"]
                    ["k".repeat(n)] = json!(1);
            })
        },
        library_work,
    );
}

#[test]
fn library_unknown_and_misspelled_keys() {
    assert_linear_in(
        "library: unknown, masked and misspelled keys",
        2_000,
        |n| {
            cfn_profile(|v| {
                for i in 0..n {
                    v[format!("ConectorType{i}")] = json!(i);
                    v["ConnectorProfileConfig"]["ConnectorProfileCredentials"]["Salesforce"]
                        [format!("AccessTokn:{i:020}")] = json!("secret");
                }
            })
        },
        library_work,
    );
}

#[test]
fn library_unique_items_and_deep_values() {
    assert_linear_in(
        "library: uniqueItems and deep arrays",
        2_000,
        |n| {
            let scopes: Vec<String> = (0..n).map(|i| format!("scope{}", i % (n / 2))).collect();
            let mut deep = json!(1);
            for _ in 0..100 {
                deep = Value::Array(vec![deep]);
            }
            let value = json!({
                "ConnectorProfileName": "p", "ConnectorType": "SAPOData", "ConnectionMode": "Public",
                "ConnectorProfileConfig": { "ConnectorProfileProperties": { "SAPOData": {
                    "ApplicationHostUrl": "https://h.example.com", "ApplicationServicePath": "/sap",
                    "ClientNumber": "100", "PortNumber": 443,
                    "OAuthProperties": {
                        "AuthCodeUrl": "https://h.example.com/a", "TokenUrl": "https://h.example.com/t",
                        "OAuthScopes": scopes
                    }
                } } },
                "Deep": vec![deep; n / 20]
            });
            value.to_string()
        },
        library_work,
    );
}

#[test]
fn library_integers_and_timestamps_in_responses() {
    assert_linear_in(
        "library: responses",
        1_000,
        |n| {
            let details: Vec<Value> = (0..n)
                .map(|i| {
                    json!({
                        "connectorProfileName": format!("p{i}"), "connectorType": format!("Pipedrive{i}"),
                        "connectionMode": "Public", "createdAt": 1.7e9 + i as f64,
                        "lastUpdatedAt": format!("2023-11-14T22:13:{:02}Z", i % 60),
                        "connectorProfileProperties": { "SAPOData": { "portNumber": 1e300 } }
                    })
                })
                .collect();
            json!({ "connectorProfileDetails": details }).to_string()
        },
        library_work,
    );
}

// ---------------------------------------------------------------------------------------------
// What CloudFormation decides (issue 22), each grown.

#[test]
fn duplicate_identifiers_of_one_name_and_many_conditions() {
    // Every profile has the same name: each finding names a few of the others, and the
    // conditions (one per profile, beyond the pairwise limit, and none for some) are not
    // compared pair by pair.
    assert_linear("duplicate identifiers", 200, |n| {
        let mut head = "Parameters:\n  Env:\n    Type: String\nConditions:\n".to_owned();
        for i in 0..n {
            let _ = writeln!(head, "  C{i}: !Equals [!Ref Env, v{i}]");
        }
        profiles(&head, n, |i| {
            let condition = if i % 3 == 0 {
                String::new()
            } else {
                format!("    Condition: C{i}\n")
            };
            condition + &salesforce_properties("same", "Public", "https://x.example.com")
        })
    });
    assert_linear("duplicate identifiers by value", 300, |n| {
        profiles("Mappings:\n  M: {K: {Name: same}}\n", n, |i| {
            let name = match i % 3 {
                0 => "same",
                1 => "!FindInMap [M, K, Name]",
                _ => "!Sub [\"sa${X}\", {X: me}]",
            };
            salesforce_properties(name, "Public", "https://x.example.com")
        })
    });
}

#[test]
fn nulls_and_converted_scalars() {
    assert_linear("nulls", 300, |n| {
        profiles("", n, |i| {
            salesforce_properties(&format!("p{i}"), "Public", "https://x.example.com")
                + "      KMSArn: null\n      ConnectorLabel: ~\n"
        })
    });
    assert_linear("converted scalars", 200, |n| {
        profiles("", n, |i| {
            format!("    Properties:\n      ConnectorProfileName: {i}\n      ConnectorType: SAPOData\n      ConnectionMode: Public\n      ConnectorProfileConfig:\n        ConnectorProfileProperties:\n          SAPOData:\n            ApplicationHostUrl: https://sap.example.com\n            ApplicationServicePath: /sap\n            PortNumber: \"{}\"\n            ClientNumber: 100\n            DisableSSO: \"False\"\n", 400 + i % 2 * 70_000)
        })
    });
}

#[test]
fn json_on_one_line_with_escapes_and_wide_characters() {
    // Minified, as tools write it: every column is on line 1.
    assert_linear("json one line", 300, |n| {
        let resources: Vec<String> = (0..n)
            .map(|i| {
                format!(
                    "\"P{i}\": {{\"Type\": \"AWS::AppFlow::ConnectorProfile\", \"Properties\": {{\"ConnectorProfileName\": \"p\\u00e9{i}\", \"ConnectorType\": \"Salesforce\", \"ConnectionMode\": \"Public\", \"ConnectorLabel\": \"\\ud83d\\ude00 Zürich {i}\", \"ConnectorProfileConfig\": {{\"ConnectorProfileProperties\": {{\"Salesforce\": {{\"InstanceUrl\": \"https://x.example.com\"}}}}}}}}}}"
                )
            })
            .collect();
        format!("{{\"Resources\": {{{}}}}}", resources.join(", "))
    });
}

// ---------------------------------------------------------------------------------------------
// Terraform (issue 26).

/// `appflow-profile validate --kind terraform` on `text` (text and JSON output).
fn terraform_work(text: &str) -> Work {
    kind_work(text, "terraform")
}

fn kind_work(text: &str, kind: &str) -> Work {
    let mut total = Work {
        allocations: 0,
        bytes: 0,
    };
    for format in ["text", "json"] {
        let args: Vec<String> = [
            "appflow-profile",
            "validate",
            "--kind",
            kind,
            "--format",
            format,
            "-",
        ]
        .iter()
        .map(|a| (*a).to_owned())
        .collect();
        let mut stdin = text.as_bytes();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut status = 0;
        let counted = measured(|| {
            status = appflow_profile_cli::run(&args, &mut stdin, &mut out, &mut err);
        });
        assert_ne!(
            status,
            appflow_profile_cli::UNUSABLE,
            "the input is read: {}",
            String::from_utf8_lossy(&err)
        );
        total.allocations += counted.allocations;
        total.bytes += counted.bytes;
    }
    total
}

/// An aws_appflow_connector_profile resource named `p{i}` whose Salesforce blocks hold `inner`.
fn terraform_resource(i: usize, inner: &str) -> String {
    format!(
        "resource \"aws_appflow_connector_profile\" \"p{i}\" {{\n  name            = \"p{i}\"\n  connector_type  = \"Salesforce\"\n  connection_mode = \"Public\"\n  connector_profile_config {{\n    connector_profile_credentials {{\n      salesforce {{\n{inner}      }}\n    }}\n    connector_profile_properties {{\n      salesforce {{\n        instance_url = \"https://example.my.salesforce.com\"\n      }}\n    }}\n  }}\n}}\n"
    )
}

#[test]
fn terraform_many_resources_with_unknowns_secrets_and_variables() {
    assert_linear_in(
        "terraform resources",
        200,
        |n| {
            let mut text = String::new();
            for i in 0..n {
                let _ = write!(text, "variable \"t{i}\" {{\n  type = string\n}}\n");
                let inner = format!(
                    "        access_token  = var.t{i}\n        refresh_token = \"literal-{i}\"\n        acces_token   = \"x\"\n        oauth2_grant_type = local.grant\n"
                );
                text.push_str(&terraform_resource(i, &inner));
            }
            text
        },
        terraform_work,
    );
}

#[test]
fn terraform_unknown_attributes_in_one_block() {
    assert_linear_in(
        "terraform unknown attributes",
        1_000,
        |n| {
            let mut inner = String::new();
            for i in 0..n {
                let _ = writeln!(inner, "        unknown_{i} = \"v{i}\"");
            }
            terraform_resource(0, &inner)
        },
        terraform_work,
    );
}

#[test]
fn terraform_one_long_line_of_object_members() {
    // awscc's attribute objects on one line: columns must not be counted from the line's start
    // each time.
    assert_linear_in(
        "terraform long line",
        2_000,
        |n| {
            let mut members = String::new();
            for i in 0..n {
                let _ = write!(members, "Key{i} = \"v{i}\", ");
            }
            format!(
                "resource \"awscc_appflow_connector_profile\" \"p\" {{\n  connector_profile_name = \"p\"\n  connector_type = \"CustomConnector\"\n  connection_mode = \"Public\"\n  connector_label = \"l\"\n  connector_profile_config = {{ connector_profile_properties = {{ custom_connector = {{ profile_properties = {{ {members} }} }} }} }}\n}}\n"
            )
        },
        terraform_work,
    );
}

#[test]
fn terraform_dynamic_blocks_and_suppressions() {
    assert_linear_in(
        "terraform dynamic blocks and suppressions",
        200,
        |n| {
            let mut text = String::new();
            for i in 0..n {
                let _ = write!(
                    text,
                    "# appflow-profile:ignore hardcoded-secret, unknown-key, not-a-code\nresource \"aws_appflow_connector_profile\" \"p{i}\" {{\n  name = \"p{i}\"\n  connector_type = var.type\n  connection_mode = \"Public\"\n  connector_profile_config {{\n    connector_profile_credentials {{\n      dynamic \"snowflake\" {{\n        for_each = var.s\n        content {{\n          username = \"u\"\n          password = \"p{i}\"\n          bogus = 1\n        }}\n      }}\n    }}\n  }}\n}}\n"
                );
            }
            text
        },
        terraform_work,
    );
}

#[test]
fn terraform_json_syntax_and_plans() {
    let resource = |i: usize| {
        json!({"name": format!("p{i}"), "connector_type": "Salesforce", "connection_mode": "Hidden",
            "connector_profile_config": [{"connector_profile_credentials": [{"salesforce": [{"access_token": "${var.t}", "//": "appflow-profile:ignore secret-parameter"}]}],
            "connector_profile_properties": [{"salesforce": [{"instance_url": "https://example.my.salesforce.com"}]}]}]})
    };
    assert_linear_in(
        "terraform JSON syntax",
        200,
        |n| {
            let resources: serde_json::Map<String, Value> =
                (0..n).map(|i| (format!("p{i}"), resource(i))).collect();
            json!({"resource": {"aws_appflow_connector_profile": resources}}).to_string()
        },
        terraform_work,
    );
    assert_linear_in(
        "terraform plan",
        200,
        |n| {
            let changes: Vec<Value> = (0..n)
                .map(|i| {
                    json!({"address": format!("aws_appflow_connector_profile.p{i}"), "mode": "managed",
                        "type": "aws_appflow_connector_profile", "name": format!("p{i}"),
                        "change": {"actions": ["create"], "after": resource(i), "after_unknown": {"arn": true, "kms_arn": true}}})
                })
                .collect();
            json!({"format_version": "1.2", "resource_changes": changes}).to_string()
        },
        |text| kind_work(text, "terraform-plan"),
    );
}

#[test]
fn terraform_map_attribute_with_findings_and_unknowns() {
    // Each finding is checked against the unknown values (a lookup per step of its pointer).
    assert_linear_in(
        "terraform map attribute",
        1_000,
        |n| {
            let mut map = String::new();
            for i in 0..n {
                let _ = writeln!(map, "              \"bad key {i}\" = var.v{i}");
                let _ = writeln!(map, "              \"bad key b{i}\" = \"\"");
            }
            format!(
                "resource \"aws_appflow_connector_profile\" \"p\" {{\n  name = \"p\"\n  connector_type = \"CustomConnector\"\n  connector_label = \"l\"\n  connection_mode = \"Public\"\n  connector_profile_config {{\n    connector_profile_credentials {{\n      custom_connector {{\n        authentication_type = \"CUSTOM\"\n        custom {{\n          custom_authentication_type = \"x\"\n          credentials_map = {{\n{map}          }}\n        }}\n      }}\n    }}\n  }}\n}}\n"
            )
        },
        terraform_work,
    );
}
