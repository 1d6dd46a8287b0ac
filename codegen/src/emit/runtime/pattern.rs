//! The schemas' patterns, compiled when this crate was generated: each [`Pattern`] is a table
//! (a DFA over UTF-8 bytes) scanned once over a text, with no regex engine at run time and a
//! cost linear in the text. What the patterns mean is said in
//! [`validation`](crate::validation#patterns); [`all`] lists them.

/// One pattern of the schemas and its DFA.
///
/// States are numbered from 0: 0 and 1 are absorbing (no match can follow; a match was seen)
/// and 2 is where every text starts. Bytes are first mapped to classes (bytes that move every
/// state alike share a class), then each state has one row of next states, one per class, so a
/// byte costs two table reads. Up to eight states that loop on some bytes have a bit in
/// `loop_bytes`: a run of bytes keeping such a state is skipped eight bytes per branch.
pub struct Pattern {
    source: &'static str,
    classes: &'static [u8; 256],
    class_count: usize,
    /// Next state numbers, row-major; one byte each, or two (little-endian) when `wide`.
    transitions: &'static [u8],
    wide: bool,
    /// Per state, 1 when the text ending there contains a match.
    accept_at_end: &'static [u8],
    /// Per state, its bit in `loop_bytes` (0 for none).
    loop_bits: &'static [u8],
    /// Per byte, the bits of the states it leaves where they are.
    loop_bytes: &'static [u8; 256],
}

const REJECT: usize = 0;
const ACCEPT: usize = 1;
const START: usize = 2;

impl Pattern {
    /// A pattern from the generator's tables; a table of the wrong shape, a transition to a state
    /// that does not exist or a loop bit on a byte that leaves its state fails to compile (the
    /// checks run in `const` evaluation).
    pub(crate) const fn new(
        source: &'static str,
        classes: &'static [u8; 256],
        transitions: &'static [u8],
        wide: bool,
        accept_at_end: &'static [u8],
        loop_bits: &'static [u8],
        loop_bytes: &'static [u8; 256],
    ) -> Pattern {
        // Classes are numbered by their first byte, so the last class is the highest number.
        let mut class_count = 0;
        let mut i = 0;
        while i < 256 {
            if classes[i] as usize >= class_count {
                class_count = classes[i] as usize + 1;
            }
            i += 1;
        }
        let states = accept_at_end.len();
        assert!(loop_bits.len() == states);
        let width = if wide { 2 } else { 1 };
        assert!(states > START);
        assert!(transitions.len() == states * class_count * width);
        let mut i = 0;
        while i < states * class_count {
            assert!(next_state(transitions, wide, i) < states);
            i += 1;
        }
        // A byte marked as keeping a state must keep it: the scan skips it unread.
        let mut state = 0;
        while state < states {
            let bit = loop_bits[state];
            assert!(bit.count_ones() <= 1 && (bit == 0 || state >= START));
            let mut byte = 0;
            while byte < 256 {
                if loop_bytes[byte] & bit != 0 {
                    let i = state * class_count + classes[byte] as usize;
                    assert!(next_state(transitions, wide, i) == state);
                }
                byte += 1;
            }
            state += 1;
        }
        Pattern {
            source,
            classes,
            class_count,
            transitions,
            wide,
            accept_at_end,
            loop_bits,
            loop_bytes,
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

    /// Whether a match occurs in `text`, by the transitions alone, one byte at a time: what
    /// [`Pattern::is_match`] answers, without skipping runs. For tests comparing the two.
    #[doc(hidden)]
    pub fn is_match_byte_by_byte(&self, text: &str) -> bool {
        let mut state = START;
        for &byte in text.as_bytes() {
            let i = state * self.class_count + usize::from(self.classes[usize::from(byte)]);
            state = next_state(self.transitions, self.wide, i);
            if state <= ACCEPT {
                return state == ACCEPT;
            }
        }
        self.accept_at_end[state] == 1
    }

    /// Scans `text`: `Ok` when an absorbing state decided, else `Err` with the state at its end.
    #[inline(always)]
    fn run(&self, text: &str, next: impl Fn(usize) -> usize) -> Result<bool, usize> {
        let bytes = text.as_bytes();
        let mut at = 0;
        let mut state = START;
        let mut row = START * self.class_count;
        let mut bit = self.loop_bits[START];
        loop {
            if bit != 0 {
                at = self.skip_run(bytes, at, bit);
            }
            let Some(&byte) = bytes.get(at) else {
                break;
            };
            at += 1;
            let to = next(row + usize::from(self.classes[usize::from(byte)]));
            if to <= ACCEPT {
                return Ok(to == ACCEPT);
            }
            // A state's number, not its row's offset, is stored: finding its loop bit from an
            // offset took a division, the costliest step of a scan.
            if to != state {
                state = to;
                row = to * self.class_count;
                bit = self.loop_bits[to];
            }
        }
        debug_assert!(state != REJECT);
        Err(state)
    }

    /// Where the run of bytes from `at` keeping the state with loop bit `bit` ends: eight bytes
    /// per step (eight independent reads, one branch), then one at a time.
    #[inline(always)]
    fn skip_run(&self, bytes: &[u8], mut at: usize, bit: u8) -> usize {
        let keeps = self.loop_bytes;
        while let Some(chunk) = bytes.get(at..).and_then(<[u8]>::first_chunk::<8>) {
            let all = chunk.iter().fold(bit, |all, &byte| all & keeps[usize::from(byte)]);
            if all == 0 {
                break;
            }
            at += 8;
        }
        while let Some(&byte) = bytes.get(at) {
            if keeps[usize::from(byte)] & bit == 0 {
                break;
            }
            at += 1;
        }
        at
    }
}

/// Entry `i` of a transition table of one or two bytes per entry.
const fn next_state(transitions: &[u8], wide: bool, i: usize) -> usize {
    if wide {
        transitions[2 * i] as usize | (transitions[2 * i + 1] as usize) << 8
    } else {
        transitions[i] as usize
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
