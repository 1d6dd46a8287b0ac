//! What CloudFormation decides about a template, and `validate` agrees with (issue 22): scalars
//! converted to the JSON type the schema wants, `null` refused, primary identifiers unique; and
//! JSON read as RFC 8259 says (surrogate pairs), with every error where it is.

mod common;

use common::{run_here, run_in, Outcome};

/// Validates `text` written to a file named `name` in a fresh directory.
fn validate_text(name: &str, text: &str) -> Outcome {
    let dir = tempfile::tempdir().expect("a temp dir");
    std::fs::write(dir.path().join(name), text).expect("the file is written");
    run_in(dir.path(), &["validate", name], b"")
}

/// A SAPOData profile template with `{port}`, `{sso}` and `{name}` as the values of
/// `PortNumber`, `DisableSSO` and `ConnectorProfileName`.
fn sap_template(name: &str, port: &str, sso: &str) -> String {
    format!(
        "Resources:\n  P:\n    Type: AWS::AppFlow::ConnectorProfile\n    Properties:\n      ConnectorProfileName: {name}\n      ConnectorType: SAPOData\n      ConnectionMode: Public\n      ConnectorProfileConfig:\n        ConnectorProfileProperties:\n          SAPOData:\n            ApplicationHostUrl: https://sap.example.com\n            ApplicationServicePath: /sap/opu/odata\n            PortNumber: {port}\n            ClientNumber: \"100\"\n            DisableSSO: {sso}\n        ConnectorProfileCredentials:\n          SAPOData:\n            BasicAuthCredentials:\n              Username: appflow\n              Password: \"{{{{resolve:secretsmanager:sap:SecretString:password}}}}\"\n"
    )
}

/// The same profile as a CreateConnectorProfile request body.
fn sap_request(port: &str, sso: &str) -> String {
    format!(
        r#"{{"connectorProfileName": "sap", "connectorType": "SAPOData", "connectionMode": "Public",
  "connectorProfileConfig": {{
    "connectorProfileProperties": {{"SAPOData": {{"applicationHostUrl": "https://sap.example.com",
      "applicationServicePath": "/sap/opu/odata", "portNumber": {port}, "clientNumber": "100", "disableSSO": {sso}}}}},
    "connectorProfileCredentials": {{"SAPOData": {{"basicAuthCredentials": {{"username": "u", "password": "p"}}}}}}}}}}"#
    )
}

#[test]
fn scalars_cloudformation_converts_are_read_converted_in_templates_then_checked() {
    for (name, port, sso) in [
        ("sap", "\"443\"", "\"true\""),
        ("sap", "'443'", "'False'"),
        ("sap", "\"+443\"", "\"TRUE\""),
        ("sap", "!!str 443", "\"FALSE\""),
        ("20240101", "443", "True"),
        ("!!int 20240101", "443", "false"),
    ] {
        let out = validate_text("t.yaml", &sap_template(name, port, sso));
        assert_eq!(out.code, 0, "{name} {port} {sso}: {}", out.stdout);
        assert!(
            out.stdout.contains("0 error(s), 0 warning(s)"),
            "{}",
            out.stdout
        );
    }
    // Converted, then checked: out of range, or no number or boolean at all.
    let out = validate_text("t.yaml", &sap_template("sap", "\"99999\"", "\"true\""));
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(
        out.stdout
            .contains("t.yaml:13:13: error range /Resources/P/Properties/ConnectorProfileConfig/ConnectorProfileProperties/SAPOData/PortNumber: must be at most 65535; it is 99999"),
        "{}",
        out.stdout
    );
    for (port, sso, line, wanted) in [
        (
            "\"443\"",
            "\"yes\"",
            15,
            "must be true or false, found a string",
        ),
        (
            "\"443\"",
            "\"1\"",
            15,
            "must be true or false, found a string",
        ),
        ("\" 443\"", "true", 13, "must be a number, found a string"),
        ("\"0x1BB\"", "true", 13, "must be a number, found a string"),
        ("\"443.0\"", "true", 13, "must be a number, found a string"),
        ("\"4.43e2\"", "true", 13, "must be a number, found a string"),
        ("\"4_43\"", "true", 13, "must be a number, found a string"),
        (
            "\"443\"",
            "[true]",
            15,
            "must be true or false, found an array",
        ),
    ] {
        let out = validate_text("t.yaml", &sap_template("sap", port, sso));
        assert_eq!(out.code, 1, "{port} {sso}: {}", out.stdout);
        let at = format!("t.yaml:{line}:13: error type ");
        assert!(
            out.stdout.contains(&at) && out.stdout.contains(wanted),
            "{port} {sso}: {}",
            out.stdout
        );
    }
    // A number where a string is wanted is its text, and that text is checked: `ClientNumber`
    // must be three digits.
    let text =
        sap_template("sap", "443", "true").replace("ClientNumber: \"100\"", "ClientNumber: 10");
    let out = validate_text("t.yaml", &text);
    assert!(
        out.stdout.contains("t.yaml:14:13: error length ")
            && out
                .stdout
                .contains("must be at least 3 characters long; it has 2"),
        "{}",
        out.stdout
    );
}

#[test]
fn converted_scalars_in_json_templates_and_properties_and_from_parameters_and_mappings() {
    let properties = r#"{"ConnectorProfileName": 20240101, "ConnectorType": "SAPOData", "ConnectionMode": "Public",
 "ConnectorProfileConfig": {"ConnectorProfileProperties": {"SAPOData": {"ApplicationHostUrl": "https://sap.example.com",
   "ApplicationServicePath": "/sap", "PortNumber": "443", "ClientNumber": "100", "DisableSSO": "False"}},
  "ConnectorProfileCredentials": {"SAPOData": {"BasicAuthCredentials": {"Username": "u", "Password": "{{resolve:secretsmanager:s:SecretString:p}}"}}}}}"#;
    let out = validate_text("p.json", properties);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(
        out.stdout.contains("checked as cfn-properties"),
        "{}",
        out.stdout
    );
    let template = format!("{{\"Resources\": {{\"P\": {{\"Type\": \"AWS::AppFlow::ConnectorProfile\", \"Properties\": {properties}}}}}}}");
    let out = validate_text("t.json", &template);
    assert_eq!(out.code, 0, "{}", out.stdout);
    // Values resolved from a parameter's default and from a mapping are text: converted too.
    let text = format!(
        "Parameters:\n  Port: {{Type: Number, Default: 443}}\n  Sso: {{Type: String, Default: \"False\"}}\nMappings:\n  M: {{K: {{Port: 70000}}}}\n{}",
        sap_template("sap", "!Ref Port", "!Ref Sso")
    );
    let out = validate_text("t.yaml", &text);
    assert_eq!(out.code, 0, "{}", out.stdout);
    let out = validate_text(
        "t.yaml",
        &text.replace("!Ref Port", "!FindInMap [M, K, Port]"),
    );
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(
        out.stdout.contains(
            "must be at most 65535; it is 70000 (when `!FindInMap` is resolved to `70000`)"
        ),
        "{}",
        out.stdout
    );
}

#[test]
fn api_bodies_stay_strictly_typed() {
    let out = validate_text("r.json", &sap_request("443", "true"));
    assert_eq!(out.code, 0, "{}", out.stdout);
    let out = validate_text("r.json", &sap_request("\"443\"", "\"true\""));
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(
        out.stdout.contains("error type /connectorProfileConfig/connectorProfileProperties/SAPOData/portNumber: must be a number, found a string"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("error type /connectorProfileConfig/connectorProfileProperties/SAPOData/disableSSO: must be true or false, found a string"),
        "{}",
        out.stdout
    );
}

#[test]
fn null_in_a_template_is_an_error_where_it_is_and_absence_in_an_api_body() {
    let text = sap_template("sap", "443", "true").replace(
        "      ConnectionMode: Public\n",
        "      ConnectionMode: Public\n      KMSArn: null\n      ConnectorLabel: ~\n",
    ) + "Outputs:\n  Name:\n    Value: !Ref P\n    Export: {Name: [a, null]}\n";
    let out = validate_text("t.yaml", &text);
    assert_eq!(out.code, 1, "{}", out.stdout);
    for expected in [
        "t.yaml:8:7: error null-value /Resources/P/Properties/KMSArn: `null` is not allowed in a template",
        "t.yaml:9:7: error null-value /Resources/P/Properties/ConnectorLabel: `null`",
        "t.yaml:26:24: error null-value /Outputs/Name/Export/Name/1: `null` is not allowed in a template (CloudFormation: \"'null' values are not allowed in templates\"); remove the item",
    ] {
        assert!(out.stdout.contains(expected), "{expected}\n{}", out.stdout);
    }
    assert!(out.stdout.contains("3 error(s)"), "{}", out.stdout);
    // JSON templates and Properties documents alike.
    let out = validate_text(
        "p.json",
        "{\"ConnectorProfileName\": \"p\", \"ConnectorType\": \"Salesforce\", \"ConnectionMode\": \"Public\",\n \"KMSArn\": null}",
    );
    assert!(
        out.stdout
            .contains("p.json:2:2: error null-value /KMSArn: `null`"),
        "{}",
        out.stdout
    );
    // An API body: a null member is absent.
    let out = validate_text(
        "r.json",
        &sap_request("443", "true").replacen(
            '{',
            "{\"kmsArn\": null, \"connectorLabel\": null, ",
            1,
        ),
    );
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(!out.stdout.contains("null-value"), "{}", out.stdout);
}

/// Two Salesforce profiles, `A` and `B`, with the given names and conditions, in a template with
/// a parameter `Env` (default `dev`), `Mode` (blue or green), a mapping and conditions.
fn pair(a: &str, a_condition: &str, b: &str, b_condition: &str) -> String {
    let resource = |id: &str, name: &str, condition: &str| {
        let condition = if condition.is_empty() {
            String::new()
        } else {
            format!("    Condition: {condition}\n")
        };
        format!("  {id}:\n    Type: AWS::AppFlow::ConnectorProfile\n{condition}    Properties:\n      ConnectorProfileName: {name}\n      ConnectorType: Salesforce\n      ConnectionMode: Public\n      ConnectorProfileConfig:\n        ConnectorProfileProperties:\n          Salesforce:\n            InstanceUrl: https://example.my.salesforce.com\n")
    };
    format!(
        "Parameters:\n  Env: {{Type: String, Default: dev}}\n  Mode: {{Type: String, AllowedValues: [blue, green]}}\nMappings:\n  Names: {{Shared: {{Name: shared}}}}\nConditions:\n  IsBlue: !Equals [!Ref Mode, blue]\n  IsGreen: !Equals [!Ref Mode, green]\n  InIreland: !Equals [!Ref \"AWS::Region\", eu-west-1]\nResources:\n{}{}",
        resource("A", a, a_condition),
        resource("B", b, b_condition)
    )
}

fn duplicates(out: &Outcome) -> Vec<&str> {
    out.stdout
        .lines()
        .filter(|l| l.contains(" duplicate-identifier "))
        .collect()
}

#[test]
fn primary_identifiers_are_unique_within_a_template() {
    let certain = [
        ("shared", "shared"),
        ("shared", "\"shared\""),
        ("shared", "!FindInMap [Names, Shared, Name]"),
        ("shared", "!Sub \"sha${X}\"\n      # a variable of literals"),
        ("shared", "!Join [\"\", [sha, red]]"),
        (
            "!Sub \"${AWS::StackName}-p\"",
            "{\"Fn::Sub\": \"${AWS::StackName}-p\"}",
        ),
        ("!Ref Mode", "!Ref Mode"),
        ("20240101", "\"20240101\""),
    ];
    for (a, b) in certain {
        let b = b.replace("!Sub \"sha${X}\"", "!Sub [\"sha${X}\", {X: red}]");
        let out = validate_text("t.yaml", &pair(a, "", &b, ""));
        let found = duplicates(&out);
        assert_eq!(found.len(), 2, "{a} / {b}: {}", out.stdout);
        assert!(
            found[0].starts_with("t.yaml:14:7: error duplicate-identifier /Resources/A/Properties/ConnectorProfileName: `ConnectorProfileName` is ")
                && found[0].contains("in resource `B` (24:7) too")
                && found[0].ends_with(": the primary identifier names one AWS::AppFlow::ConnectorProfile per account and region, so the second create fails"),
            "{a} / {b}: {}",
            out.stdout
        );
        assert!(
            found[1].starts_with("t.yaml:24:7: error duplicate-identifier /Resources/B/Properties/ConnectorProfileName: ")
                && found[1].contains("in resource `A` (14:7) too"),
            "{a} / {b}: {}",
            out.stdout
        );
    }
    // Many of one name: each finding names three of the others and counts the rest.
    let mut text = pair("same", "", "same", "");
    let b = text[text.find("  B:\n").unwrap()..].to_owned();
    for id in ["C", "D", "E"] {
        text.push_str(&b.replace("  B:\n", &format!("  {id}:\n")));
    }
    let out = validate_text("t.yaml", &text);
    let found = duplicates(&out);
    assert_eq!(found.len(), 5, "{}", out.stdout);
    assert!(
        found[0]
            .contains("is `same` in resources `B` (24:7), `C` (34:7), `D` (44:7) and 1 more too"),
        "{}",
        out.stdout
    );
    // Equal only when the parameter takes its default: a warning.
    let out = validate_text("t.yaml", &pair("dev-p", "", "!Sub \"${Env}-p\"", ""));
    let found = duplicates(&out);
    assert_eq!(found.len(), 2, "{}", out.stdout);
    assert!(
        found[0].contains("warning duplicate-identifier")
            && found[0].contains("when the parameters take their default values"),
        "{}",
        out.stdout
    );
    // A parameter the resource's condition fixes (`IsBlue`: `Mode = blue`), or with one allowed
    // value: the values are certain, an error.
    for (a, a_condition, b) in [
        ("!Sub \"${Mode}-p\"", "IsBlue", "blue-p"),
        ("!Sub \"${One}-p\"", "", "only-p"),
    ] {
        let text = pair(a, a_condition, b, "").replace(
            "Parameters:\n",
            "Parameters:\n  One: {Type: String, AllowedValues: [only]}\n",
        );
        let out = validate_text("t.yaml", &text);
        let found = duplicates(&out);
        assert_eq!(found.len(), 2, "{a}: {}", out.stdout);
        assert!(
            found
                .iter()
                .all(|f| f.contains(": error duplicate-identifier ")),
            "{a}: {}",
            out.stdout
        );
    }
    // Different, unknown, or never together: no finding.
    for (a, a_condition, b, b_condition) in [
        ("one", "", "two", ""),
        ("!Ref Env", "", "!Sub \"${Env}-p\"", ""),
        (
            "!Sub \"${AWS::StackName}-a\"",
            "",
            "!Sub \"${AWS::StackName}-b\"",
            "",
        ),
        ("!GetAtt X.Name", "", "!GetAtt Y.Name", ""),
        ("shared", "IsBlue", "shared", "IsGreen"),
        ("!If [IsBlue, shared, other]", "", "shared", ""),
        ("shared", "", "!Ref AWS::NoValue", ""),
    ] {
        let out = validate_text("t.yaml", &pair(a, a_condition, b, b_condition));
        assert!(
            duplicates(&out).is_empty(),
            "{a} {a_condition} / {b} {b_condition}: {}",
            out.stdout
        );
    }
    // Conditions that can hold together: duplicates.
    for (a_condition, b_condition) in [
        ("IsBlue", ""),
        ("IsBlue", "IsBlue"),
        ("IsBlue", "InIreland"),
    ] {
        let out = validate_text(
            "t.yaml",
            &pair("shared", a_condition, "shared", b_condition),
        );
        assert_eq!(
            duplicates(&out).len(),
            2,
            "{a_condition} / {b_condition}: {}",
            out.stdout
        );
    }
}

#[test]
fn json_written_by_python_json_dumps_reads_surrogate_pairs_joined() {
    for file in ["python-json-dumps.json", "python-json-dumps-request.json"] {
        let text = std::fs::read_to_string(format!(
            "{}/tests/fixtures/{file}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        assert!(text.contains("\\ud83d"), "{file} holds a surrogate pair");
        let out = run_here(&["validate", &format!("tests/fixtures/{file}")], b"");
        assert_eq!(out.code, 0, "{file}: {}{}", out.stdout, out.stderr);
        assert!(
            out.stdout.contains("0 error(s), 0 warning(s) in 1 file(s)"),
            "{}",
            out.stdout
        );
    }
    // The joined character is one code point: a `ConnectorLabel` of a pair and 255 letters is
    // 256 characters long, the limit.
    let label = format!("\\ud83d\\ude00{}", "a".repeat(255));
    let text = format!("{{\"ConnectorProfileName\": \"p\", \"ConnectorType\": \"CustomConnector\", \"ConnectionMode\": \"Public\", \"ConnectorLabel\": \"{label}\"}}");
    let out = validate_text("p.json", &text);
    assert!(!out.stdout.contains("error length"), "{}", out.stdout);
    let out = validate_text("p.json", &text.replace("\\ude00", "\\ude00b"));
    assert!(out.stdout.contains("error length"), "{}", out.stdout);
}

#[test]
fn a_lone_surrogate_is_a_parse_error_at_its_escape() {
    let out = validate_text(
        "p.json",
        "{\"ConnectorProfileName\": \"p\",\n  \"ConnectorLabel\": \"é\\ud83dx\"}",
    );
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stderr
            .starts_with("p.json:2:23: error parse: invalid JSON: `\\ud83d` is a lone surrogate"),
        "{}",
        out.stderr
    );
    let out = validate_text("p.json", "[\"\\ude00\"]");
    assert!(
        out.stderr
            .starts_with("p.json:1:3: error parse: invalid JSON: `\\ude00` is a lone surrogate"),
        "{}",
        out.stderr
    );
}

#[test]
fn null_pointers_show_keys_as_the_crates_findings_do_and_never_a_secret() {
    let text = "Resources:\n  P:\n    Type: AWS::AppFlow::ConnectorProfile\n    Properties:\n      ConnectorProfileName: p\n      ConnectorType: Salesforce\n      ConnectionMode: Public\n      ConnectorProfileConfig:\n        ConnectorProfileCredentials:\n          Salesforce:\n            RefreshToken: null\n            AccessToken:CANARY-SECRET-0123456789:\n            ConnectorOAuthRequest:\n              AuthCode: null\n          CustomConnector:\n            AuthenticationType: CUSTOM\n            Custom:\n              CustomAuthenticationType: x\n              CredentialsMap:\n                CANARY-MAP-KEY: null\n";
    let out = validate_text("t.yaml", text);
    assert!(!out.stdout.contains("CANARY"), "{}", out.stdout);
    let base = "error null-value /Resources/P/Properties/ConnectorProfileConfig/ConnectorProfileCredentials";
    for expected in [
        // Declared members, secret or not, as the schema names them.
        format!("t.yaml:11:13: {base}/Salesforce/RefreshToken: "),
        format!("t.yaml:14:15: {base}/Salesforce/ConnectorOAuthRequest/AuthCode: "),
        // An undeclared key of a credentials object, and a map's key there: masked.
        format!("t.yaml:12:13: {base}/Salesforce/Acce…(36 chars): "),
        format!("t.yaml:20:17: {base}/CustomConnector/Custom/CredentialsMap/CAN…(14 chars): "),
    ] {
        assert!(out.stdout.contains(&expected), "{expected}\n{}", out.stdout);
    }
}
