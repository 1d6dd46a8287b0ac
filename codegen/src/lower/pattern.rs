//! The schemas' patterns, compiled at generation time: ECMA-262 source → `regex-syntax` HIR with
//! ECMA's classes spelled out → a dense DFA from `regex-automata` → our own table
//! (`ir::CompiledPattern`), which the generated crate scans byte by byte with no regex engine.
//!
//! Semantics (ECMA-262 `RegExp.prototype.test` with the `u` flag, as JSON Schema and Smithy
//! patterns mean): not anchored, so a text matches when a match occurs anywhere in it; `\w` is
//! `[0-9A-Za-z_]` and `\d` is `[0-9]`; `\s` is ECMA white space and line terminators (TAB, VT,
//! FF, SP, U+00A0, U+FEFF, every `Zs`, LF, CR, U+2028, U+2029); `.` is any code point but LF, CR,
//! U+2028 and U+2029; `^`/`$` are the start and end of the text. Matching runs over the UTF-8
//! bytes of a `&str`, so a character outside the Basic Multilingual Plane is one code point, as
//! with the `u` flag (and as the length rules count), not two UTF-16 units.
//!
//! Anything whose meaning differs between ECMA-262 and `regex-syntax`, or that a DFA cannot do, is
//! refused: flags, named classes (`\p{..}`, `[[:alpha:]]`), nested classes and set operations
//! (`&&`, `--`, `~~`), an unescaped `]` opening a class, `\A`/`\z`, Unicode word boundaries,
//! `\x{..}`/`\U`, `\a`.

use std::collections::BTreeMap;

use regex_automata::dfa::{dense, Automaton, StartKind};
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::primitives::StateID;
use regex_automata::util::start;
use regex_automata::{Anchored, MatchKind};
use regex_syntax::ast::{self, Ast, ClassPerlKind, ClassSet, ClassSetItem, LiteralKind};
use regex_syntax::hir::{self, Class, ClassUnicode, ClassUnicodeRange, Hir, Look};

use crate::error::Error;
use crate::ir::{CompiledPattern, Ir, Origin, Shape, TypeDef, TypeRef};

/// The most states a compiled pattern may have (transitions are stored as `u16`).
const MAX_STATES: usize = 1 << 16;

/// Every distinct pattern of both modules, compiled; a pattern that cannot be is an error at
/// the first place it appears (CloudFormation module first, then the API's).
pub fn compile_all(ir: &Ir) -> Result<BTreeMap<String, CompiledPattern>, Error> {
    let mut found: BTreeMap<String, &Origin> = BTreeMap::new();
    for module in [&ir.cfn, &ir.api] {
        for def in module.types.values() {
            let mut shapes: Vec<(&Shape, &Origin)> = Vec::new();
            match def {
                TypeDef::Struct(s) => shapes.extend(s.fields.iter().map(|f| (&f.shape, &f.origin))),
                TypeDef::Map(m) => {
                    shapes.push((&m.key, &m.origin));
                    shapes.push((&m.value, &m.origin));
                }
                TypeDef::Enum(_) => {}
            }
            for (shape, origin) in shapes {
                for pattern in shape_patterns(shape) {
                    found.entry(pattern.to_owned()).or_insert(origin);
                }
            }
        }
    }
    // Each pattern that is not anchored at both ends also as a whole-value match: the service
    // matches whole values (it rejected `Google BigQuery` as a connector label, which contains a
    // match of `[a-zA-Z0-9][\w!@#.-]+`), so a value matching only in part gets a warning.
    let wholes: Vec<(String, &Origin)> = found
        .iter()
        .filter_map(|(pattern, origin)| whole(pattern).map(|w| (w, *origin)))
        .collect();
    found.extend(wholes);
    // The formats' patterns are anchored already: whole-value matches as written.
    for format in ir.formats.values() {
        found
            .entry(format.pattern.clone())
            .or_insert(&format.origin);
    }
    found
        .into_iter()
        .map(|(pattern, origin)| {
            let compiled = compile(&pattern).map_err(|reason| Error::Unsupported {
                file: origin.file.clone(),
                pointer: origin.pointer.clone(),
                what: "pattern",
                found: format!("{pattern}: {reason}"),
            })?;
            Ok((pattern, compiled))
        })
        .collect()
}

/// `pattern` matched against the whole text (`^(?:pattern)$`), or `None` when it is anchored at
/// both ends already.
pub fn whole(pattern: &str) -> Option<String> {
    let anchored = pattern.starts_with('^') && pattern.ends_with('$') && !pattern.ends_with("\\$");
    (!anchored).then(|| format!("^(?:{pattern})$"))
}

/// The patterns on a value and on its items, keys and values.
fn shape_patterns(shape: &Shape) -> Vec<&str> {
    let mut out: Vec<&str> = shape
        .constraints
        .pattern
        .iter()
        .map(String::as_str)
        .collect();
    match &shape.ty {
        TypeRef::List(item) => out.extend(shape_patterns(item)),
        TypeRef::Map { key, value } => {
            out.extend(shape_patterns(key));
            out.extend(shape_patterns(value));
        }
        _ => {}
    }
    out
}

/// Compiles one ECMA-262 pattern; `Err` says why it cannot be.
pub fn compile(pattern: &str) -> Result<CompiledPattern, String> {
    let hir = to_hir(pattern)?;
    let nfa = thompson::Compiler::new()
        .configure(
            thompson::Config::new()
                .utf8(true)
                .which_captures(WhichCaptures::None),
        )
        .build_from_hir(&hir)
        .map_err(|e| e.to_string())?;
    let dfa = dense::Builder::new()
        .configure(
            dense::Config::new()
                .start_kind(StartKind::Unanchored)
                .match_kind(MatchKind::All)
                .minimize(true)
                .accelerate(false)
                .specialize_start_states(false),
        )
        .build_from_nfa(&nfa)
        .map_err(|e| e.to_string())?;
    extract(&dfa)
}

/// The DFA's states reachable from the start of a text, as a table. `regex-automata` reports a
/// match one byte late (a state is a match state when a match ended before the byte that led
/// to it) and at the end of the text through a special end-of-input transition. Since only
/// "is there a match" is asked, every match state becomes the absorbing
/// [`CompiledPattern::ACCEPT`], dead states become [`CompiledPattern::REJECT`], and each other
/// state records whether its end-of-input transition reaches a match.
fn extract(dfa: &dense::DFA<Vec<u32>>) -> Result<CompiledPattern, String> {
    let start = dfa
        .start_state(&start::Config::new().anchored(Anchored::No))
        .map_err(|e| e.to_string())?;
    // Our numbering: 0 reject, 1 accept, then the live states in breadth-first order.
    let mut ours: BTreeMap<StateID, u16> = BTreeMap::new();
    let mut queue: Vec<StateID> = Vec::new();
    let mut rows: Vec<[u16; 256]> = vec![
        [CompiledPattern::REJECT; 256],
        [CompiledPattern::ACCEPT; 256],
    ];
    let mut accept_at_end = vec![false, true];
    let mut number = |id: StateID, queue: &mut Vec<StateID>| -> Result<u16, String> {
        if dfa.is_quit_state(id) {
            return Err("the DFA gives up on some input".to_owned());
        }
        if dfa.is_match_state(id) {
            return Ok(CompiledPattern::ACCEPT);
        }
        if dfa.is_dead_state(id) {
            return Ok(CompiledPattern::REJECT);
        }
        if let Some(&n) = ours.get(&id) {
            return Ok(n);
        }
        let n = ours.len() + 2;
        if n >= MAX_STATES {
            return Err(format!("more than {MAX_STATES} DFA states"));
        }
        let n = u16::try_from(n).map_err(|e| e.to_string())?;
        ours.insert(id, n);
        queue.push(id);
        Ok(n)
    };
    if number(start, &mut queue)? != CompiledPattern::START {
        return Err("the pattern matches or fails before reading the text".to_owned());
    }
    let mut next = 0;
    while let Some(&id) = queue.get(next) {
        next += 1;
        let mut row = [CompiledPattern::REJECT; 256];
        for (byte, slot) in (0..=u8::MAX).zip(row.iter_mut()) {
            *slot = number(dfa.next_state(id, byte), &mut queue)?;
        }
        rows.push(row);
        accept_at_end.push(dfa.is_match_state(dfa.next_eoi_state(id)));
    }
    // Bytes whose columns agree in every state share a class, numbered by first byte.
    let mut class_of_column: BTreeMap<Vec<u16>, u8> = BTreeMap::new();
    let mut classes = Vec::with_capacity(256);
    let mut representatives: Vec<usize> = Vec::new();
    for byte in 0..256 {
        let column: Vec<u16> = rows.iter().map(|row| row[byte]).collect();
        let next_class = class_of_column.len();
        let class = *class_of_column.entry(column).or_insert_with(|| {
            representatives.push(byte);
            u8::try_from(next_class).expect("at most 256 classes")
        });
        classes.push(class);
    }
    let transitions: Vec<u16> = rows
        .iter()
        .flat_map(|row| representatives.iter().map(move |&byte| row[byte]))
        .collect();
    let class_count = representatives.len();
    let (loop_bits, loop_bytes) = loops(&classes, class_count, &transitions);
    let prefix = forced_prefix(&classes, class_count, &transitions);
    // The crate's table holds next states as row offsets (a row: one entry per class, the loop
    // bit, the end-of-text answer) in at most two bytes each.
    if rows.len() * (class_count + 2) > 1 << 16 {
        return Err(format!(
            "{} DFA states of {class_count} byte classes: the table would be too large",
            rows.len()
        ));
    }
    Ok(CompiledPattern {
        classes,
        class_count,
        transitions,
        accept_at_end,
        loop_bits,
        loop_bytes,
        prefix,
    })
}

/// The longest head a prefix skip takes in one comparison.
pub const MAX_PREFIX: usize = 32;

/// [`CompiledPattern::prefix`]: from the start, while exactly one byte value leads to a state
/// that is not absorbing, that byte.
fn forced_prefix(classes: &[u8], class_count: usize, transitions: &[u16]) -> Vec<u8> {
    let mut prefix = Vec::new();
    let mut state = usize::from(CompiledPattern::START);
    while prefix.len() < MAX_PREFIX {
        let mut leads_on = (0..=255u8).filter_map(|byte| {
            let to = transitions[state * class_count + usize::from(classes[usize::from(byte)])];
            (to != CompiledPattern::REJECT).then_some((byte, to))
        });
        let (Some((byte, to)), None) = (leads_on.next(), leads_on.next()) else {
            break;
        };
        if to == CompiledPattern::ACCEPT {
            break;
        }
        prefix.push(byte);
        state = usize::from(to);
    }
    prefix
}

/// How many states get a bit in `loop_bytes` (one byte per entry).
const LOOP_SLOTS: usize = 8;

/// Per state its bit (`loop_bits`), and per byte the bits of the states it leaves in place
/// (`loop_bytes`). The bits go to the states looping on the most bytes (ties to the lower
/// number), at most [`LOOP_SLOTS`]; the absorbing states, where a scan has already stopped, get
/// none.
fn loops(classes: &[u8], class_count: usize, transitions: &[u16]) -> (Vec<u8>, Vec<u8>) {
    let states = transitions.len() / class_count;
    let first = usize::from(CompiledPattern::START);
    let keeps = |state: usize, byte: usize| {
        usize::from(transitions[state * class_count + usize::from(classes[byte])]) == state
    };
    let mut looping: Vec<(usize, usize)> = (first..states)
        .map(|state| ((0..256).filter(|&byte| keeps(state, byte)).count(), state))
        .filter(|&(bytes, _)| bytes > 0)
        .collect();
    looping.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut loop_bits = vec![0u8; states];
    let mut loop_bytes = vec![0u8; 256];
    for (slot, &(_, state)) in looping.iter().take(LOOP_SLOTS).enumerate() {
        let bit = 1u8 << slot;
        loop_bits[state] = bit;
        for (byte, bits) in loop_bytes.iter_mut().enumerate() {
            if keeps(state, byte) {
                *bits |= bit;
            }
        }
    }
    (loop_bits, loop_bytes)
}

/// ECMA white space and line terminators: `\s`.
const WHITE_SPACE: &[(char, char)] = &[
    ('\t', '\r'), // TAB, LF, VT, FF, CR
    (' ', ' '),
    ('\u{A0}', '\u{A0}'),
    ('\u{1680}', '\u{1680}'),
    ('\u{2000}', '\u{200A}'),
    ('\u{2028}', '\u{2029}'),
    ('\u{202F}', '\u{202F}'),
    ('\u{205F}', '\u{205F}'),
    ('\u{3000}', '\u{3000}'),
    ('\u{FEFF}', '\u{FEFF}'),
];

/// `\w`.
const WORD: &[(char, char)] = &[('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')];

/// `\d`.
const DIGIT: &[(char, char)] = &[('0', '9')];

/// Line terminators: what `.` does not match.
const LINE_TERMINATORS: &[(char, char)] = &[('\n', '\n'), ('\r', '\r'), ('\u{2028}', '\u{2029}')];

fn class(ranges: &[(char, char)]) -> ClassUnicode {
    ClassUnicode::new(
        ranges
            .iter()
            .map(|&(lo, hi)| ClassUnicodeRange::new(lo, hi)),
    )
}

fn negated(mut c: ClassUnicode) -> ClassUnicode {
    c.negate();
    c
}

fn perl(p: &ast::ClassPerl) -> ClassUnicode {
    let ranges = match p.kind {
        ClassPerlKind::Digit => DIGIT,
        ClassPerlKind::Space => WHITE_SPACE,
        ClassPerlKind::Word => WORD,
    };
    if p.negated {
        negated(class(ranges))
    } else {
        class(ranges)
    }
}

/// Parses `pattern` as `regex-syntax` does and translates it with ECMA's meaning.
pub fn to_hir(pattern: &str) -> Result<Hir, String> {
    let ast = ast::parse::ParserBuilder::new()
        .octal(false)
        .build()
        .parse(pattern)
        .map_err(|e| e.kind().to_string())?;
    translate(&ast)
}

fn translate(node: &Ast) -> Result<Hir, String> {
    Ok(match node {
        Ast::Empty(_) => Hir::empty(),
        Ast::Flags(_) => return Err("flags are not ECMA-262".to_owned()),
        Ast::Literal(lit) => Hir::literal(literal(lit)?.to_string().into_bytes()),
        Ast::Dot(_) => Hir::class(Class::Unicode(negated(class(LINE_TERMINATORS)))),
        Ast::Assertion(a) => Hir::look(match a.kind {
            ast::AssertionKind::StartLine => Look::Start,
            ast::AssertionKind::EndLine => Look::End,
            ast::AssertionKind::WordBoundary => Look::WordAscii,
            ast::AssertionKind::NotWordBoundary => Look::WordAsciiNegate,
            _ => return Err("an assertion ECMA-262 does not have".to_owned()),
        }),
        Ast::ClassUnicode(_) => return Err("Unicode property classes".to_owned()),
        Ast::ClassPerl(p) => Hir::class(Class::Unicode(perl(p))),
        Ast::ClassBracketed(b) => {
            let mut set = match &b.kind {
                ClassSet::Item(item) => set_item(item)?,
                ClassSet::BinaryOp(_) => {
                    return Err("class set operations (`&&`, `--`, `~~`)".to_owned())
                }
            };
            if b.negated {
                set.negate();
            }
            Hir::class(Class::Unicode(set))
        }
        Ast::Repetition(r) => {
            let (min, max) = match &r.op.kind {
                ast::RepetitionKind::ZeroOrOne => (0, Some(1)),
                ast::RepetitionKind::ZeroOrMore => (0, None),
                ast::RepetitionKind::OneOrMore => (1, None),
                ast::RepetitionKind::Range(ast::RepetitionRange::Exactly(n)) => (*n, Some(*n)),
                ast::RepetitionKind::Range(ast::RepetitionRange::AtLeast(n)) => (*n, None),
                ast::RepetitionKind::Range(ast::RepetitionRange::Bounded(m, n)) => (*m, Some(*n)),
            };
            Hir::repetition(hir::Repetition {
                min,
                max,
                greedy: r.greedy,
                sub: Box::new(translate(&r.ast)?),
            })
        }
        Ast::Group(g) => match &g.kind {
            ast::GroupKind::CaptureIndex(_)
            | ast::GroupKind::CaptureName {
                starts_with_p: false,
                ..
            } => translate(&g.ast)?,
            ast::GroupKind::NonCapturing(flags) if flags.items.is_empty() => translate(&g.ast)?,
            _ => return Err("a group form ECMA-262 does not have".to_owned()),
        },
        Ast::Alternation(a) => {
            Hir::alternation(a.asts.iter().map(translate).collect::<Result<_, _>>()?)
        }
        Ast::Concat(c) => Hir::concat(c.asts.iter().map(translate).collect::<Result<_, _>>()?),
    })
}

/// A literal whose escape means the same in ECMA-262.
fn literal(lit: &ast::Literal) -> Result<char, String> {
    match &lit.kind {
        LiteralKind::Verbatim
        | LiteralKind::Meta
        | LiteralKind::Superfluous
        | LiteralKind::HexFixed(ast::HexLiteralKind::X | ast::HexLiteralKind::UnicodeShort)
        | LiteralKind::HexBrace(ast::HexLiteralKind::UnicodeShort) => Ok(lit.c),
        LiteralKind::Special(kind) => match kind {
            ast::SpecialLiteralKind::Bell | ast::SpecialLiteralKind::Space => {
                Err("an escape ECMA-262 does not have".to_owned())
            }
            _ => Ok(lit.c),
        },
        _ => Err("an escape ECMA-262 does not have".to_owned()),
    }
}

fn set_item(item: &ClassSetItem) -> Result<ClassUnicode, String> {
    Ok(match item {
        ClassSetItem::Empty(_) => ClassUnicode::empty(),
        ClassSetItem::Literal(lit) => {
            if lit.c == ']' && lit.kind == LiteralKind::Verbatim {
                // `regex-syntax` reads `[]a]` as a class holding `]`; ECMA-262 as `[]` then `a]`.
                return Err("an unescaped `]` opening a class".to_owned());
            }
            let c = literal(lit)?;
            class(&[(c, c)])
        }
        ClassSetItem::Range(r) => class(&[(literal(&r.start)?, literal(&r.end)?)]),
        ClassSetItem::Ascii(_) => return Err("POSIX classes (`[[:alpha:]]`)".to_owned()),
        ClassSetItem::Unicode(_) => return Err("Unicode property classes".to_owned()),
        ClassSetItem::Perl(p) => perl(p),
        ClassSetItem::Bracketed(_) => return Err("a nested class".to_owned()),
        ClassSetItem::Union(u) => {
            let mut set = ClassUnicode::empty();
            for item in &u.items {
                set.union(&set_item(item)?);
            }
            set
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs a compiled pattern as the generated runtime does.
    fn is_match(p: &CompiledPattern, text: &str) -> bool {
        let mut state = CompiledPattern::START;
        for &byte in text.as_bytes() {
            let class = usize::from(p.classes[usize::from(byte)]);
            state = p.transitions[usize::from(state) * p.class_count + class];
            if state <= CompiledPattern::ACCEPT {
                return state == CompiledPattern::ACCEPT;
            }
        }
        p.accept_at_end[usize::from(state)]
    }

    fn matches(pattern: &str, text: &str) -> bool {
        is_match(&compile(pattern).expect("compiles"), text)
    }

    #[test]
    fn a_state_loops_on_exactly_the_bytes_that_keep_it() {
        let p = compile("^(?:x[a-c]+)$").expect("compiles");
        let after = |state: u16, b: u8| {
            let class = usize::from(p.classes[usize::from(b)]);
            p.transitions[usize::from(state) * p.class_count + class]
        };
        let in_run = after(after(CompiledPattern::START, b'x'), b'a');
        let bit = p.loop_bits[usize::from(in_run)];
        assert_ne!(bit, 0, "the run's state has a bit");
        for b in [b'a', b'b', b'c'] {
            assert_eq!(p.loop_bytes[usize::from(b)] & bit, bit, "{}", b as char);
        }
        for b in [b'x', b'd', b' ', 0xC2] {
            assert_eq!(p.loop_bytes[usize::from(b)] & bit, 0, "{b}");
        }
        // Before the `x` nothing loops; the absorbing states carry no bit.
        assert_eq!(p.loop_bits[usize::from(CompiledPattern::START)], 0);
        assert_eq!(p.loop_bits[usize::from(CompiledPattern::REJECT)], 0);
        assert_eq!(p.loop_bits[usize::from(CompiledPattern::ACCEPT)], 0);
    }

    #[test]
    fn at_most_eight_states_get_a_loop_bit_those_looping_on_most_bytes() {
        // `\S+` has more looping states than bits (UTF-8's continuation states loop too).
        let p = compile(r"\S+").expect("compiles");
        let bits: Vec<u8> = p.loop_bits.iter().copied().filter(|&b| b != 0).collect();
        assert_eq!(bits.len(), LOOP_SLOTS, "{:?}", p.loop_bits);
        let distinct: std::collections::BTreeSet<u8> = bits.iter().copied().collect();
        assert_eq!(distinct.len(), LOOP_SLOTS, "one bit per state");
        // Matched whole, the state after an ASCII non-space loops on every ASCII non-space.
        let p = compile(r"^\S+$").expect("compiles");
        let class = usize::from(p.classes[usize::from(b'a')]);
        let in_run = p.transitions[usize::from(CompiledPattern::START) * p.class_count + class];
        let bit = p.loop_bits[usize::from(in_run)];
        assert_ne!(bit, 0);
        assert_eq!(p.loop_bytes[usize::from(b'z')] & bit, bit);
        assert_eq!(p.loop_bytes[usize::from(b' ')] & bit, 0);
    }

    #[test]
    fn unanchored_unless_anchored() {
        assert!(matches("b+", "abc"));
        assert!(!matches("^b+", "abc"));
        assert!(matches("^a", "abc"));
        assert!(!matches("b$", "abc"));
        assert!(matches("c$", "abc"));
        assert!(matches("^$", ""));
        assert!(!matches("^$", "x"));
        assert!(matches(".*", ""));
        assert!(matches("^$|com.x", "a com/x"));
        assert!(!matches("^\\d{3}$", "1234"));
        assert!(matches("^\\d{3}$", "123"));
        assert!(!matches("^\\d{3}$", "12"));
    }

    #[test]
    fn ecma_classes() {
        for space in [
            "\u{A0}", "\u{FEFF}", "\u{1680}", "\u{2000}", "\u{200A}", "\u{2028}", "\u{2029}",
            "\u{202F}", "\u{205F}", "\u{3000}", "\t", "\u{B}", "\u{C}", " ", "\n", "\r",
        ] {
            assert!(matches("\\s", space), "{space:?} is white space");
            assert!(!matches("\\S", space), "{space:?} is not \\S");
            assert!(matches("[\\s]", space), "{space:?} in a class");
            assert!(!matches("[^\\s]", space), "{space:?} in a negated class");
        }
        for other in ["\u{200B}", "\u{85}", "\u{1}", "é", "😀"] {
            assert!(!matches("^\\s$", other), "{other:?} is not white space");
            assert!(matches("^\\S$", other), "{other:?} is one \\S code point");
        }
        assert!(!matches("\\w", "é"));
        assert!(!matches("\\d", "٣"));
        assert!(matches("\\W", "é"));
        assert!(matches("\\D", "٣"));
        assert!(
            matches("^.$", "😀"),
            "an astral character is one code point"
        );
        for terminator in ["\n", "\r", "\u{2028}", "\u{2029}"] {
            assert!(
                !matches(".", terminator),
                "{terminator:?} is a line terminator"
            );
        }
        assert!(matches("^.$", "\u{85}"));
        assert!(matches("[\\s\\w/!@#+=.-]*x", "a\u{A0}b x"));
        assert!(matches("^[A-Za-z0-9-_=]+$", "a-_="));
    }

    #[test]
    fn tables_are_closed_and_large_ones_need_wide_states() {
        let p = compile("\\S+").expect("compiles");
        assert_eq!(p.classes.len(), 256);
        assert_eq!(p.transitions.len(), p.state_count() * p.class_count);
        assert_eq!(p.accept_at_end.len(), p.state_count());
        assert!(p
            .transitions
            .iter()
            .all(|&s| usize::from(s) < p.state_count()));
        // `^[\w]{1,256}$` needs more than 256 states: transitions are wider than a byte.
        let long = compile("^[\\w]{1,256}$").expect("compiles");
        assert!(long.state_count() > 256);
        assert!(is_match(&long, &"a".repeat(256)));
        assert!(!is_match(&long, &"a".repeat(257)));
    }

    #[test]
    fn refuses_what_ecma_reads_otherwise() {
        for pattern in [
            "(?i)a",
            "\\pL",
            "[[:alpha:]]",
            "[a&&b]",
            "[[a]]",
            "[]a]",
            "\\A",
            "\\x{41}",
            "\\a",
            "(?P<n>a)",
            "a(",
            "(?=a)",
            "\\1",
        ] {
            assert!(compile(pattern).is_err(), "{pattern} is refused");
        }
    }
}
