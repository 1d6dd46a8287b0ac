//! Validation: every finding, not the first, each with a JSON Pointer into the wire document,
//! a stable code and a message. Messages never contain a secret's value.
//!
//! Semantics follow the schemas: lengths count Unicode code points; patterns are not anchored
//! (a value is valid when the pattern matches somewhere in it, as ECMA-262 `RegExp.test` and
//! Smithy's `@pattern` do) and their `\w`, `\d`, `\s` are the ASCII classes
//! `[0-9A-Za-z_]`, `[0-9]` and `[\t\n\x0B\x0C\r ]`: patterns are compiled, once per process,
//! with `regex-lite`, whose classes are exactly these.

use std::fmt;

use serde_json::Value;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The service or CloudFormation would reject the document.
    Error,
    /// Accepted, but almost certainly not what was meant.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One thing wrong with a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// JSON Pointer into the wire document (`""` is the document itself).
    pub pointer: String,
    /// A stable machine code: `required`, `length`, `pattern`, `enum`, `range`, `unique`,
    /// `unknown-key`, `key-pattern`, `type`, `json`, or a rule id from `schemas/rules.toml`.
    pub code: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, for a person.
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() {
            "(document)"
        } else {
            &self.pointer
        };
        write!(
            f,
            "{} {} {}: {}",
            self.severity, self.code, pointer, self.message
        )
    }
}

/// All findings of a document that has at least one error (warnings included).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationErrors {
    findings: Vec<Finding>,
}

impl ValidationErrors {
    /// Findings of which at least one is an error.
    pub(crate) fn from_findings(findings: Vec<Finding>) -> Self {
        ValidationErrors { findings }
    }

    /// Every finding, in document order.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// Every finding, owned.
    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }

    /// The error findings.
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
    }

    /// The warning findings.
    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors = self.errors().count();
        write!(
            f,
            "{errors} error(s), {} warning(s)",
            self.findings.len() - errors
        )?;
        for finding in &self.findings {
            write!(f, "\n{finding}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

/// A value that passed validation, with the warnings it still has.
#[derive(Clone, Debug, PartialEq)]
pub struct Validated<T> {
    /// The value.
    pub value: T,
    /// Findings of severity warning.
    pub warnings: Vec<Finding>,
}

/// A JSON Pointer under construction, pushed and popped while walking a document.
#[derive(Clone, Debug, Default)]
pub struct JsonPath {
    buf: String,
    marks: Vec<usize>,
}

impl JsonPath {
    /// The pointer of the document itself.
    pub fn root() -> Self {
        JsonPath::default()
    }

    /// Descends into a member, escaping `~` and `/` (RFC 6901).
    pub fn push_key(&mut self, key: &str) {
        self.marks.push(self.buf.len());
        self.buf.push('/');
        for c in key.chars() {
            match c {
                '~' => self.buf.push_str("~0"),
                '/' => self.buf.push_str("~1"),
                c => self.buf.push(c),
            }
        }
    }

    /// Descends into an array item.
    pub fn push_index(&mut self, index: usize) {
        self.marks.push(self.buf.len());
        self.buf.push('/');
        self.buf.push_str(&index.to_string());
    }

    /// Goes back up one level.
    pub fn pop(&mut self) {
        if let Some(mark) = self.marks.pop() {
            self.buf.truncate(mark);
        }
    }

    /// The pointer so far.
    pub fn as_str(&self) -> &str {
        &self.buf
    }
}

/// Validation of a typed value against its schema (and, for CloudFormation members carried to
/// the API, the API's constraints too), plus the per-connector rules.
pub trait Validate {
    /// Appends the findings of `self`, located under `path`.
    fn validate_into(&self, path: &mut JsonPath, out: &mut Vec<Finding>);

    /// Every finding, errors and warnings.
    fn findings(&self) -> Vec<Finding> {
        let mut out = Vec::new();
        self.validate_into(&mut JsonPath::root(), &mut out);
        out
    }

    /// `Err` with every finding when there is at least one error; warnings alone pass.
    fn validate(&self) -> Result<(), ValidationErrors> {
        let findings = self.findings();
        if findings.iter().any(|f| f.severity == Severity::Error) {
            Err(ValidationErrors { findings })
        } else {
            Ok(())
        }
    }
}

/// Reading untrusted JSON: every problem becomes a finding (unknown keys with a suggestion,
/// missing members, wrong JSON types, constraint and rule violations); nothing panics.
pub trait FromJson: Sized + serde::de::DeserializeOwned + Validate {
    /// Appends the structural findings of a JSON value meant to be a `Self` (unknown keys,
    /// missing members, wrong JSON types); with `deep`, also the constraints of its strings
    /// and enum values, for documents that cannot be deserialized.
    fn check_json(value: &Value, deep: bool, path: &mut JsonPath, out: &mut Vec<Finding>);

    /// Checks, deserializes and validates a JSON value.
    fn from_value(value: Value) -> Result<Validated<Self>, ValidationErrors> {
        let mut findings = Vec::new();
        Self::check_json(&value, false, &mut JsonPath::root(), &mut findings);
        if has_errors(&findings) {
            // Not deserializable: walk again, checking the values' constraints as JSON.
            findings.clear();
            Self::check_json(&value, true, &mut JsonPath::root(), &mut findings);
            return Err(ValidationErrors { findings });
        }
        let typed: Self = match serde_json::from_value(value) {
            Ok(typed) => typed,
            Err(_) => {
                // Deliberately not the serde message: it may quote a secret.
                push(
                    &mut findings,
                    &JsonPath::root(),
                    "type",
                    Severity::Error,
                    "the document does not have the expected shape".to_owned(),
                );
                return Err(ValidationErrors { findings });
            }
        };
        typed.validate_into(&mut JsonPath::root(), &mut findings);
        if has_errors(&findings) {
            Err(ValidationErrors { findings })
        } else {
            Ok(Validated {
                value: typed,
                warnings: findings,
            })
        }
    }

    /// Parses, checks, deserializes and validates JSON text.
    fn from_json_str(text: &str) -> Result<Validated<Self>, ValidationErrors> {
        match serde_json::from_str::<Value>(text) {
            Ok(value) => Self::from_value(value),
            Err(e) => {
                let what = match e.classify() {
                    serde_json::error::Category::Eof => "the text ends early",
                    serde_json::error::Category::Syntax => "syntax error",
                    _ => "not valid JSON",
                };
                let message = format!(
                    "invalid JSON at line {} column {}: {what}",
                    e.line(),
                    e.column()
                );
                let mut findings = Vec::new();
                push(
                    &mut findings,
                    &JsonPath::root(),
                    "json",
                    Severity::Error,
                    message,
                );
                Err(ValidationErrors { findings })
            }
        }
    }
}

fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}

/// Records a finding.
#[doc(hidden)]
pub fn push(
    out: &mut Vec<Finding>,
    path: &JsonPath,
    code: &'static str,
    severity: Severity,
    message: String,
) {
    out.push(Finding {
        pointer: path.as_str().to_owned(),
        code,
        severity,
        message,
    });
}

/// Length limits (code points, items or entries).
#[doc(hidden)]
pub fn check_length(
    len: usize,
    min: Option<u64>,
    max: Option<u64>,
    unit: &str,
    by: &str,
    path: &JsonPath,
    out: &mut Vec<Finding>,
) {
    let len_u64 = len as u64;
    if let Some(min) = min.filter(|&min| len_u64 < min) {
        push(
            out,
            path,
            "length",
            Severity::Error,
            format!("must be at least {min} {unit} long{by}; it has {len}"),
        );
    }
    if let Some(max) = max.filter(|&max| len_u64 > max) {
        push(
            out,
            path,
            "length",
            Severity::Error,
            format!("must be at most {max} {unit} long{by}; it has {len}"),
        );
    }
}

/// An unanchored pattern.
#[doc(hidden)]
pub fn check_pattern(
    value: &str,
    regex: &regex_lite::Regex,
    pattern: &str,
    by: &str,
    path: &JsonPath,
    out: &mut Vec<Finding>,
) {
    if !regex.is_match(value) {
        push(
            out,
            path,
            "pattern",
            Severity::Error,
            format!("must contain a match of the pattern `{pattern}`{by}"),
        );
    }
}

/// A map key's pattern; `secret` keys are not named.
#[doc(hidden)]
pub fn check_key_pattern(
    key: &str,
    regex: &regex_lite::Regex,
    pattern: &str,
    secret: bool,
    path: &JsonPath,
    out: &mut Vec<Finding>,
) {
    if !regex.is_match(key) {
        let which = if secret {
            "a key".to_owned()
        } else {
            format!("key `{key}`")
        };
        push(
            out,
            path,
            "key-pattern",
            Severity::Error,
            format!("{which} must contain a match of the pattern `{pattern}`"),
        );
    }
}

/// Integer limits.
#[doc(hidden)]
pub fn check_range(
    value: i128,
    min: Option<i128>,
    max: Option<i128>,
    by: &str,
    path: &JsonPath,
    out: &mut Vec<Finding>,
) {
    if let Some(min) = min.filter(|&min| value < min) {
        push(
            out,
            path,
            "range",
            Severity::Error,
            format!("must be at least {min}{by}; it is {value}"),
        );
    }
    if let Some(max) = max.filter(|&max| value > max) {
        push(
            out,
            path,
            "range",
            Severity::Error,
            format!("must be at most {max}{by}; it is {value}"),
        );
    }
}

/// `uniqueItems`.
#[doc(hidden)]
pub fn check_unique<T: PartialEq>(items: &[T], path: &JsonPath, out: &mut Vec<Finding>) {
    for (i, item) in items.iter().enumerate() {
        if let Some(j) = items[..i].iter().position(|earlier| earlier == item) {
            push(
                out,
                path,
                "unique",
                Severity::Error,
                format!("items must be unique; item {i} repeats item {j}"),
            );
        }
    }
}

/// An enum value the schema does not list.
#[doc(hidden)]
pub fn unknown_enum_value(value: &str, values: &[&str], path: &JsonPath, out: &mut Vec<Finding>) {
    let hint = match closest(value, values) {
        Some(close) => format!(" (did you mean `{close}`?)"),
        None => String::new(),
    };
    push(
        out,
        path,
        "enum",
        Severity::Error,
        format!("`{value}` is not one of {}{hint}", values.join(", ")),
    );
}

/// A key the schema does not declare. `path` is the object's; the pointer names the key.
#[doc(hidden)]
pub fn unknown_key(
    key: &str,
    known: &[&str],
    severity: Severity,
    path: &mut JsonPath,
    out: &mut Vec<Finding>,
) {
    let hint = match closest(key, known) {
        Some(close) => format!("; did you mean `{close}`?"),
        None => String::new(),
    };
    let consequence = match severity {
        Severity::Error => "the schema does not allow it",
        Severity::Warning => "it is ignored",
    };
    path.push_key(key);
    push(
        out,
        path,
        "unknown-key",
        severity,
        format!("unknown key `{key}`: {consequence}{hint}"),
    );
    path.pop();
}

/// A required member that is missing from an object at `path`.
#[doc(hidden)]
pub fn missing(member: &str, path: &JsonPath, out: &mut Vec<Finding>) {
    push(
        out,
        path,
        "required",
        Severity::Error,
        format!("missing required member `{member}`"),
    );
}

/// The known name closest to `name`: equal ignoring case, or within two edits.
fn closest<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    if let Some(same) = known.iter().find(|k| k.eq_ignore_ascii_case(name)) {
        return Some(same);
    }
    let lower = name.to_ascii_lowercase();
    known
        .iter()
        .map(|k| (edit_distance(&lower, &k.to_ascii_lowercase()), *k))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// The JSON type a member must have.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A JSON string.
    String,
    /// `true` or `false`.
    Boolean,
    /// A JSON number.
    Number,
    /// A JSON array.
    Array,
    /// A JSON object.
    Object,
}

/// Whether `value` is of `kind`; a finding when not. `null` counts as absent for optional
/// members and is checked by the caller.
#[doc(hidden)]
pub fn expect(value: &Value, kind: Kind, path: &JsonPath, out: &mut Vec<Finding>) -> bool {
    let ok = match kind {
        Kind::String => value.is_string(),
        Kind::Boolean => value.is_boolean(),
        Kind::Number => value.is_number(),
        Kind::Array => value.is_array(),
        Kind::Object => value.is_object(),
    };
    if !ok {
        let expected = match kind {
            Kind::String => "a string",
            Kind::Boolean => "true or false",
            Kind::Number => "a number",
            Kind::Array => "an array",
            Kind::Object => "an object",
        };
        let found = match value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        };
        push(
            out,
            path,
            "type",
            Severity::Error,
            format!("must be {expected}, found {found}"),
        );
    }
    ok
}

/// An integer member: a whole number that fits the Rust type (`lo..=hi`); a number outside
/// it is reported against the schema's limits `min`/`max`.
#[doc(hidden)]
pub fn expect_integer(
    value: &Value,
    lo: i128,
    hi: i128,
    min: Option<i128>,
    max: Option<i128>,
    path: &JsonPath,
    out: &mut Vec<Finding>,
) {
    let whole = value
        .as_i64()
        .map(i128::from)
        .or_else(|| value.as_u64().map(i128::from));
    match whole {
        Some(v) if (lo..=hi).contains(&v) => {}
        Some(v) => check_range(v, min.or(Some(lo)), max.or(Some(hi)), "", path, out),
        None => {
            if expect(value, Kind::Number, path, out) {
                push(
                    out,
                    path,
                    "type",
                    Severity::Error,
                    "must be a whole number".to_owned(),
                );
            }
        }
    }
}
