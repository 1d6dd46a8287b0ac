//! The schemas' patterns, compiled when this crate was generated: each [`Pattern`] is a table
//! (a DFA over UTF-8 bytes) scanned once over a text, with no regex engine at run time and a
//! cost linear in the text. What the patterns mean is said in
//! [`validation`](crate::validation#patterns); [`all`] lists them.

/// One pattern of the schemas and its DFA.
///
/// States are numbered from 0: 0 and 1 are absorbing (no match can follow; a match was seen)
/// and 2 is where every text starts. Bytes are first mapped to classes (bytes that move every
/// state alike share a class), then each state has one row: the offset of the next state's row
/// for each class, the state's loop bit and whether a text ending there matches; a byte costs
/// two dependent table reads. Up to eight states that loop on some bytes have a bit in
/// `loop_bytes`: a run of bytes keeping such a state is skipped eight bytes per branch.
pub struct Pattern {
    source: &'static str,
    classes: &'static [u8; 256],
    /// Entries of a row: one per class, then the loop bit, then the end-of-text answer.
    width: usize,
    /// The rows, state by state; one byte an entry, or two (little-endian) when `wide`.
    rows: &'static [u8],
    wide: bool,
    /// Per byte, the loop bits of the states it leaves where they are.
    loop_bytes: &'static [u8; 256],
    /// The head every text must start with to get past the start, one byte value at a time
    /// (`arn:aws:kms:` of an anchored pattern), and the row of the state after it: a text
    /// starting with it goes there with one comparison, not a transition a byte (the
    /// transitions are dependent reads).
    prefix: &'static [u8],
    after_prefix: usize,
}

const REJECT: usize = 0;
const ACCEPT: usize = 1;
const START: usize = 2;

impl Pattern {
    /// A pattern from the generator's tables; a table of the wrong shape, a transition to a row
    /// that does not exist or a loop bit on a byte that leaves its state fails to compile (the
    /// checks run in `const` evaluation).
    pub(crate) const fn new(
        source: &'static str,
        classes: &'static [u8; 256],
        rows: &'static [u8],
        wide: bool,
        loop_bytes: &'static [u8; 256],
        prefix: &'static [u8],
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
        let width = class_count + 2;
        let entries = if wide { rows.len() / 2 } else { rows.len() };
        assert!(entries % width == 0 && entries / width > START);
        assert!(!wide || rows.len() % 2 == 0);
        let mut row = 0;
        while row < entries {
            let mut class = 0;
            while class < class_count {
                let next = entry(rows, wide, row + class);
                assert!(next % width == 0 && next < entries);
                class += 1;
            }
            let bit = entry(rows, wide, row + class_count);
            assert!(bit <= u8::MAX as usize && bit.count_ones() <= 1);
            assert!(bit == 0 || row >= START * width);
            assert!(entry(rows, wide, row + class_count + 1) <= 1);
            // A byte marked as keeping a state must keep it: the scan skips it unread.
            let mut byte = 0;
            while byte < 256 {
                if loop_bytes[byte] as usize & bit != 0 {
                    assert!(entry(rows, wide, row + classes[byte] as usize) == row);
                }
                byte += 1;
            }
            row += width;
        }
        assert!(entry(rows, wide, REJECT * width + class_count + 1) == 0);
        assert!(entry(rows, wide, ACCEPT * width + class_count + 1) == 1);
        // The state after the prefix, by its transitions; none of them may be absorbing (the
        // scan would have stopped there).
        let mut after_prefix = START * width;
        let mut i = 0;
        while i < prefix.len() {
            after_prefix = entry(rows, wide, after_prefix + classes[prefix[i] as usize] as usize);
            assert!(after_prefix > ACCEPT * width);
            i += 1;
        }
        Pattern {
            source,
            classes,
            width,
            rows,
            wide,
            loop_bytes,
            prefix,
            after_prefix,
        }
    }

    /// The pattern as the schema writes it (ECMA-262).
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// Whether a match of the pattern occurs anywhere in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        if self.wide {
            self.run(text, |i| {
                // One range check for both bytes, and one 16-bit load.
                let pair = &self.rows[2 * i..2 * i + 2];
                usize::from(u16::from_le_bytes([pair[0], pair[1]]))
            })
        } else {
            self.run(text, |i| usize::from(self.rows[i]))
        }
    }

    /// Whether a match occurs in `text`, by the transitions alone, one byte at a time: what
    /// [`Pattern::is_match`] answers, without skipping runs. For tests comparing the two.
    #[doc(hidden)]
    pub fn is_match_byte_by_byte(&self, text: &str) -> bool {
        let class_count = self.width - 2;
        let mut row = START * self.width;
        for &byte in text.as_bytes() {
            let class = usize::from(self.classes[usize::from(byte)]);
            row = entry(self.rows, self.wide, row + class);
            if row <= ACCEPT * self.width {
                return row == ACCEPT * self.width;
            }
        }
        entry(self.rows, self.wide, row + class_count + 1) == 1
    }

    /// Scans `text` with `entry` reading the rows.
    #[inline(always)]
    fn run(&self, text: &str, entry: impl Fn(usize) -> usize) -> bool {
        let bytes = text.as_bytes();
        let class_count = self.width - 2;
        let accept = ACCEPT * self.width;
        let (mut at, mut row) = if self.starts_with_prefix(bytes) {
            (self.prefix.len(), self.after_prefix)
        } else {
            (0, START * self.width)
        };
        let mut bit = entry(row + class_count);
        loop {
            if bit != 0 {
                at = self.skip_run(bytes, at, bit as u8);
            }
            let Some(&byte) = bytes.get(at) else {
                break;
            };
            at += 1;
            let to = entry(row + usize::from(self.classes[usize::from(byte)]));
            if to <= accept {
                return to == accept;
            }
            if to != row {
                row = to;
                bit = entry(row + class_count);
            }
        }
        debug_assert!(row != REJECT * self.width);
        entry(row + class_count + 1) == 1
    }

    /// Whether `bytes` starts with a prefix the pattern has, compared byte by byte: a short
    /// loop, not a call to the C library's `memcmp` (that call, with the vector state it
    /// switches, took a quarter of `from_json_str` on the typical documents).
    #[inline(always)]
    fn starts_with_prefix(&self, bytes: &[u8]) -> bool {
        !self.prefix.is_empty()
            && bytes.len() >= self.prefix.len()
            && self.prefix.iter().zip(bytes).all(|(p, b)| p == b)
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

/// Entry `i` of rows of one or two bytes an entry.
const fn entry(rows: &[u8], wide: bool, i: usize) -> usize {
    if wide {
        rows[2 * i] as usize | (rows[2 * i + 1] as usize) << 8
    } else {
        rows[i] as usize
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
