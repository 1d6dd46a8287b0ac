//! The reader's state: the pointer trail, the findings, whether the document is broken, and
//! the object being read.

use std::cell::Cell;

use super::*;
use crate::validation::Mention;

pub(super) enum Segment {
    Key(&'static str),
    /// A map key as it came, shown (`show`) with this secrecy only when a pointer is written.
    MapKey(String, Secrecy),
    Index(usize),
}

/// What the reader knows while it reads: where it is, what it found, and whether the document
/// still deserializes.
pub struct Cx {
    pub(super) trail: Vec<Segment>,
    pub(super) findings: Vec<Finding>,
    /// Findings that count only when the document has no structural error ([`When::Sound`]).
    pub(super) sound_only: Vec<Finding>,
    /// A structural error was found: the typed value cannot be built.
    pub(super) broken: bool,
    /// Off for `Deserialize`: structure only, no findings kept but the first error.
    pub(super) checking: bool,
    pub(super) sender: Sender,
    /// The object being read: how its text is shown, its member names, what it does with others.
    pub(super) secrecy: Secrecy,
    pub(super) known: &'static [&'static str],
    pub(super) policy: Unknown,
    pub(super) first_error: Option<String>,
    /// Reused by [`Cx::run_rules`] for each struct with rules, so that running them allocates
    /// nothing unless one reports.
    pub(super) rules_path: JsonPath,
}

thread_local! {
    /// The trail of the last reader done on this thread, empty, for the next one: a document is
    /// small, and allocating and freeing its trail was a tenth of the reader's fixed cost.
    static SPARE_TRAIL: Cell<Vec<Segment>> = const { Cell::new(Vec::new()) };
}

impl Cx {
    pub(crate) fn new(sender: Sender, checking: bool) -> Self {
        let mut trail = SPARE_TRAIL.with(Cell::take);
        // Room for the deepest members of the schemas (six keys), so it is allocated once.
        trail.reserve(8);
        Cx {
            trail,
            findings: Vec::new(),
            sound_only: Vec::new(),
            broken: false,
            checking,
            sender,
            secrecy: Secrecy::Plain,
            known: &[],
            policy: Unknown::Reject,
            first_error: None,
            rules_path: JsonPath::root_for(sender),
        }
    }

    /// The JSON Pointer of the current place, with `extra` as one more key.
    pub(super) fn pointer(&self, extra: Option<&str>) -> String {
        fn push_token(out: &mut String, key: &str) {
            out.push('/');
            if !key.bytes().any(|b| b == b'~' || b == b'/') {
                out.push_str(key);
                return;
            }
            for c in key.chars() {
                match c {
                    '~' => out.push_str("~0"),
                    '/' => out.push_str("~1"),
                    c => out.push(c),
                }
            }
        }
        let mut out = String::with_capacity(128);
        for segment in &self.trail {
            match segment {
                // A member's name needs no escape (`plain_names` checks each at compile time).
                Segment::Key(key) => {
                    out.push('/');
                    out.push_str(key);
                }
                Segment::MapKey(key, secrecy) => push_token(&mut out, &show(key, &[], *secrecy)),
                Segment::Index(index) => {
                    let _ = write!(out, "/{index}");
                }
            }
        }
        if let Some(key) = extra {
            push_token(&mut out, key);
        }
        out
    }

    pub(super) fn record(&mut self, finding: Finding, when: When) {
        // A document with one finding usually has several: skip the first regrowths.
        if self.findings.capacity() == 0 {
            self.findings.reserve(8);
        }
        match when {
            When::Always => self.findings.push(finding),
            When::Sound => self.sound_only.push(finding),
        }
    }

    /// A structural finding (wrong JSON type, missing member, unknown key of a closed object, an
    /// integer the Rust type cannot hold): an error breaks the document.
    pub(super) fn structural(&mut self, extra: Option<&str>, code: Code, severity: Severity, message: String) {
        self.structural_suggesting(extra, code, severity, message, None, None);
    }

    /// [`Cx::structural`], with the known name the finding suggests, and the member of the
    /// object being read that its message names at the byte given ([`Finding::mentions`]).
    pub(super) fn structural_suggesting(
        &mut self,
        extra: Option<&str>,
        code: Code,
        severity: Severity,
        message: String,
        suggestion: Option<&str>,
        named: Option<(&str, usize)>,
    ) {
        if severity == Severity::Error {
            self.broken = true;
            // Only `Deserialize` (checking off) reports the first error on its own.
            if !self.checking && self.first_error.is_none() {
                let pointer = self.pointer(extra);
                self.first_error = Some(format!("{pointer}: {message}"));
            }
        }
        if self.checking {
            let pointer = self.pointer(extra);
            // The object being read: the place, which `extra` (a key, never escaped into a `/`)
            // is one token below.
            let mentions = named.map_or_else(Vec::new, |(name, at)| {
                let object = match extra {
                    Some(_) => pointer.rfind('/').map_or("", |end| &pointer[..end]),
                    None => &pointer,
                };
                vec![Mention::member(at, object, name)]
            });
            self.findings.push(Finding {
                pointer,
                code,
                severity,
                message,
                suggestion: suggestion.map(str::to_owned),
                mentions,
            });
        }
    }

    pub(super) fn wrong_type(&mut self, expected: &str, found: &str) {
        self.structural(
            None,
            Code::Type,
            Severity::Error,
            ["must be ", expected, ", found ", found].concat(),
        );
    }

    /// Reads the value of the member `wire` into its slot; whether the document has the member
    /// (`null` counts as absent for an optional member).
    pub fn member<'de>(
        &mut self,
        map: &mut dyn MapSrc<'de>,
        wire: &'static str,
        required: bool,
        spec: &'static Spec,
        slot: &mut dyn ReadSlot,
    ) -> Result<bool, Stop> {
        // Not generic: the slot's type is behind `ReadSlot`, so this is compiled once (it was
        // compiled once per member type, a hundred times).
        self.trail.push(Segment::Key(wire));
        let cx = &mut *self;
        let null = if required {
            map.next_value(&mut |src| slot.read(src, spec, cx))?;
            false
        } else {
            map.next_optional_value(&mut |src| slot.read(src, spec, cx))?
        };
        self.trail.pop();
        Ok(!null)
    }

    /// Whether a required member was read soundly; its absence is a finding.
    pub fn required<T>(&mut self, slot: &Slot<T>, wire: &str) -> bool {
        if !slot.seen {
            const BEFORE: &str = "missing required member `";
            let message = [BEFORE, wire, "`"].concat();
            let named = Some((wire, BEFORE.len()));
            self.structural_suggesting(None, Code::Required, Severity::Error, message, None, named);
        }
        slot.value.is_some()
    }

    /// A key the object being read does not declare: an error in a closed object, a warning
    /// otherwise; kept in `keep` for an open object, skipped for an API shape.
    pub fn unknown<'de>(
        &mut self,
        map: &mut dyn MapSrc<'de>,
        key: Key<'de>,
        keep: Option<&mut UnknownMembers>,
    ) -> Result<(), Stop> {
        let known = self.known;
        match (self.policy, keep) {
            (Unknown::Keep, Some(keep)) => {
                if self.checking {
                    checks::unknown_key(&key.0, known, Severity::Warning, self);
                }
                let value = map.next_json()?;
                keep.insert(key.0.into_owned(), value);
            }
            (Unknown::Reject, _) => {
                checks::unknown_key(&key.0, known, Severity::Error, self);
                map.skip_value()?;
            }
            _ => {
                if self.checking {
                    checks::unknown_key(&key.0, known, Severity::Warning, self);
                }
                map.skip_value()?;
            }
        }
        Ok(())
    }

    /// Runs the rules of a struct just read whole, at the current place.
    pub(super) fn run_rules<T: Rules>(&mut self, value: &T) {
        let mut path = std::mem::take(&mut self.rules_path);
        path.reset(self.sender);
        // Most structs' rules find nothing, so they first run with the root as their place, and
        // only when one reports is the place written out and the rules run again (they depend on
        // the value alone): a struct below the root costs no pointer unless it has a finding.
        let before = self.findings.len();
        value.own_rules(&mut path, &mut self.findings);
        if self.findings.len() > before && !self.trail.is_empty() {
            self.findings.truncate(before);
            self.write_place(&mut path);
            value.own_rules(&mut path, &mut self.findings);
        }
        self.rules_path = path;
    }

    /// Writes the current place into `path`, at the root on entry (not generic: compiled once).
    pub(super) fn write_place(&self, path: &mut JsonPath) {
        for segment in &self.trail {
            match segment {
                Segment::Key(key) => path.push_key(key),
                Segment::MapKey(key, secrecy) => path.push_key(&show(key, &[], *secrecy)),
                Segment::Index(index) => path.push_index(*index),
            }
        }
    }

    /// Every finding, with the typed value when the document has no error (each struct's rules
    /// ran when it was read). The value is taken from where the reader wrote it and moved once,
    /// into the result: a connector profile is 512 bytes, and passed by value and matched, it was
    /// copied three times (`memcpy` 5 % of `from_json_str` on the small documents).
    pub(crate) fn finish<T>(
        mut self,
        value: &mut Option<T>,
    ) -> Result<Validated<T>, ValidationErrors> {
        let mut findings = std::mem::take(&mut self.findings);
        if self.broken || value.is_none() {
            return Err(ValidationErrors::from_findings(findings));
        }
        findings.append(&mut self.sound_only);
        if findings.iter().any(|f| f.severity == Severity::Error) {
            return Err(ValidationErrors::from_findings(findings));
        }
        match value.take() {
            Some(value) => Ok(Validated {
                value,
                warnings: findings,
            }),
            None => Err(ValidationErrors::from_findings(findings)),
        }
    }
}

impl Drop for Cx {
    fn drop(&mut self) {
        let mut trail = std::mem::take(&mut self.trail);
        trail.clear();
        // Not kept while the thread's locals are being torn down.
        let _ = SPARE_TRAIL.try_with(|spare| spare.set(trail));
    }
}

impl Report for Cx {
    fn report_suggesting(
        &mut self,
        code: Code,
        severity: Severity,
        message: String,
        suggestion: Option<&str>,
        when: When,
    ) {
        let pointer = self.pointer(None);
        self.record(
            Finding {
                pointer,
                code,
                severity,
                message,
                suggestion: suggestion.map(str::to_owned),
                mentions: Vec::new(),
            },
            when,
        );
    }

    fn report_at_key(
        &mut self,
        key: &str,
        code: Code,
        severity: Severity,
        message: String,
        suggestion: Option<(&str, usize)>,
    ) {
        // Only unknown keys are reported at a key: an error there breaks a closed object.
        let name = suggestion.map(|(name, _)| name);
        self.structural_suggesting(Some(key), code, severity, message, name, suggestion);
    }

    fn sender(&self) -> Sender {
        self.sender
    }

    fn secrecy(&self) -> Secrecy {
        self.secrecy
    }
}

