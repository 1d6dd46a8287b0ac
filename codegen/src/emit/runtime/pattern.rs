//! The schemas' patterns, compiled when this crate was generated: each [`Pattern`] is a table
//! (a DFA over UTF-8 bytes) scanned once over a text, with no regex engine at run time and a
//! cost linear in the text. What the patterns mean is said in
//! [`validation`](crate::validation#patterns); [`all`] lists them.

/// One pattern of the schemas and its DFA.
///
/// States are numbered from 0: 0 and 1 are absorbing (no match can follow; a match was seen)
/// and 2 is where every text starts. Bytes are first mapped to classes (bytes that move every
/// state alike share a class), then each state has one row of next states, one per class, so a
/// byte costs two table reads; a byte its state loops on costs one read and a bit test.
pub struct Pattern {
    source: &'static str,
    classes: &'static [u8; 256],
    class_count: usize,
    /// Next state numbers, row-major; one byte each, or two (little-endian) when `wide`.
    transitions: &'static [u8],
    wide: bool,
    /// Per state, 1 when the text ending there contains a match.
    accept_at_end: &'static [u8],
    /// Per state, the classes that leave it where it is (bit `c` for class `c`): a run of them
    /// costs a bit test per byte, not a dependent table walk.
    class_loops: &'static [u64],
}

const REJECT: usize = 0;
const ACCEPT: usize = 1;
const START: usize = 2;

impl Pattern {
    /// A pattern from the generator's tables; a table of the wrong shape or a transition to a
    /// state that does not exist fails to compile (the checks run in `const` evaluation).
    pub(crate) const fn new(
        source: &'static str,
        classes: &'static [u8; 256],
        class_count: usize,
        transitions: &'static [u8],
        wide: bool,
        accept_at_end: &'static [u8],
        class_loops: &'static [u64],
    ) -> Pattern {
        let states = accept_at_end.len();
        assert!(class_loops.len() == states);
        let width = if wide { 2 } else { 1 };
        assert!(states > START && class_count > 0 && class_count <= 256);
        assert!(transitions.len() == states * class_count * width);
        let mut i = 0;
        while i < 256 {
            assert!((classes[i] as usize) < class_count);
            i += 1;
        }
        let mut i = 0;
        while i < states * class_count {
            let next = if wide {
                transitions[2 * i] as usize | (transitions[2 * i + 1] as usize) << 8
            } else {
                transitions[i] as usize
            };
            assert!(next < states);
            i += 1;
        }
        Pattern {
            source,
            classes,
            class_count,
            transitions,
            wide,
            accept_at_end,
            class_loops,
        }
    }

    /// The pattern as the schema writes it (ECMA-262).
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// Whether a match of the pattern occurs anywhere in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        let state = if self.wide {
            self.run(text, |i| {
                usize::from(self.transitions[2 * i])
                    | usize::from(self.transitions[2 * i + 1]) << 8
            })
        } else {
            self.run(text, |i| usize::from(self.transitions[i]))
        };
        match state {
            Ok(matched) => matched,
            Err(state) => self.accept_at_end[state] == 1,
        }
    }

    /// Scans `text`: `Ok` when an absorbing state decided, else `Err` with the state at its end.
    #[inline(always)]
    fn run(&self, text: &str, next: impl Fn(usize) -> usize) -> Result<bool, usize> {
        let mut state = START;
        let mut row = START * self.class_count;
        let mut stay = self.class_loops[START];
        for &byte in text.as_bytes() {
            let class = self.classes[usize::from(byte)];
            // With over 64 classes every mask is 0, so the shift's wrap never matters.
            if stay.wrapping_shr(u32::from(class)) & 1 == 1 {
                continue;
            }
            let to = next(row + usize::from(class));
            if to <= ACCEPT {
                return Ok(to == ACCEPT);
            }
            // A state's number, not its row's offset, is stored: finding its loop mask from an
            // offset took a division, the costliest step of a scan.
            if to != state {
                state = to;
                row = to * self.class_count;
                stay = self.class_loops[to];
            }
        }
        debug_assert!(state != REJECT);
        Err(state)
    }
}

impl std::fmt::Debug for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Pattern").field(&self.source).finish()
    }
}

/// Every pattern of the schemas, in the order of their source text: for conformance tests and
/// tools that want to check a text the way [`validation`](crate::validation) does.
pub fn all() -> &'static [&'static Pattern] {
    &crate::patterns::ALL
}
