//! JSON text read directly, as a [`Src`]: keys and strings borrowed from the text when they have
//! no escapes, integers read in place, no serde visitor between the text and the readers.
//!
//! It reads only text serde_json reads, and reads it as serde_json does; anything else stops it
//! (`Err(Stop)`, with no error of its own), and the caller then reads the text again through
//! serde_json ([`read_document`]), whose error is the finding, with its line and column. So the
//! findings are those of serde_json's reader for every text, valid or not, and what is rare is
//! handed to serde_json on its own span: a string with escapes, a number that is not a small
//! integer (serde_json's float parsing, with the features it was built with), an open object's
//! unknown member kept as a `Value`. Nesting is counted as serde_json counts it
//! ([`crate::validation::MAX_DEPTH`]), so the recursion is bounded as the parser's is.

use super::*;

/// The text and where the reader is in it.
pub(crate) struct Text<'de> {
    text: &'de str,
    at: usize,
    /// How many more arrays and objects may open: serde_json's `remaining_depth`.
    depth: usize,
}

/// Bytes that end a run of a string's plain bytes: the closing quote, an escape, and the control
/// characters JSON refuses in a string.
static STRING_STOP: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = true;
        byte += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// The high bit of each byte of `word` (eight bytes of a string, little-endian) that is a
/// quote, a backslash or a control character; the lowest set bit is the first such byte (the
/// borrows of the subtractions reach only bytes above a match).
#[inline]
fn run_ends(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let quote = word ^ (ONES * u64::from(b'"'));
    let backslash = word ^ (ONES * u64::from(b'\\'));
    let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x;
    (zero_byte(quote) | zero_byte(backslash) | (word.wrapping_sub(ONES * 0x20) & !word)) & HIGHS
}

impl<'de> Text<'de> {
    pub(crate) fn new(text: &'de str) -> Self {
        Text {
            text,
            at: 0,
            depth: crate::validation::MAX_DEPTH,
        }
    }

    /// The next byte that is not white space (JSON's four), not consumed; `None` at the end.
    #[inline]
    fn peek(&mut self) -> Option<u8> {
        let bytes = self.text.as_bytes();
        while let Some(&byte) = bytes.get(self.at) {
            if !matches!(byte, b' ' | b'\n' | b'\t' | b'\r') {
                return Some(byte);
            }
            self.at += 1;
        }
        None
    }

    /// Consumes `byte` as the next byte that is not white space.
    #[inline]
    fn expect(&mut self, byte: u8) -> Result<(), Stop> {
        if self.peek() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(Stop)
        }
    }

    /// Consumes the rest of a literal (`null`, `true`, `false`) whose first byte was read.
    fn literal(&mut self, rest: &[u8]) -> Result<(), Stop> {
        let end = self.at + rest.len();
        if self.text.as_bytes().get(self.at..end) == Some(rest) {
            self.at = end;
            Ok(())
        } else {
            Err(Stop)
        }
    }

    /// One level deeper: an array or object opens.
    #[inline]
    fn enter(&mut self) -> Result<(), Stop> {
        self.depth -= 1;
        if self.depth == 0 {
            return Err(Stop);
        }
        Ok(())
    }

    /// A string whose opening quote is at `self.at`: borrowed when it has no escapes, otherwise
    /// serde_json's reading of its span.
    #[inline]
    fn string(&mut self) -> Result<Cow<'de, str>, Stop> {
        let bytes = self.text.as_bytes();
        let start = self.at + 1;
        let mut at = start;
        // Eight bytes at a time up to the first that ends the run; then byte by byte.
        while let Some(word) = bytes.get(at..at + 8) {
            let found = run_ends(u64::from_le_bytes(word.try_into().unwrap_or_default()));
            if found != 0 {
                at += (found.trailing_zeros() / 8) as usize;
                break;
            }
            at += 8;
        }
        while let Some(&byte) = bytes.get(at) {
            if STRING_STOP[usize::from(byte)] {
                if byte == b'"' {
                    self.at = at + 1;
                    // Both ends are ASCII bytes, so both are character boundaries.
                    return Ok(Cow::Borrowed(&self.text[start..at]));
                }
                return self.escaped_string(at);
            }
            at += 1;
        }
        Err(Stop)
    }

    /// A string with an escape at `at`: its span found here, its text read by serde_json.
    #[cold]
    fn escaped_string(&mut self, mut at: usize) -> Result<Cow<'de, str>, Stop> {
        let bytes = self.text.as_bytes();
        loop {
            match bytes.get(at) {
                Some(b'"') => break,
                // The escaped byte is skipped; serde_json judges the escape.
                Some(b'\\') => at += 2,
                Some(&byte) if byte < 0x20 => return Err(Stop),
                Some(_) => at += 1,
                None => return Err(Stop),
            }
        }
        let span = self.text.get(self.at..=at).ok_or(Stop)?;
        self.at = at + 1;
        let mut parser = serde_json::Deserializer::from_str(span);
        match de::Deserialize::deserialize(&mut parser) {
            Ok(Key(text)) => Ok(text),
            Err(_) => Err(Stop),
        }
    }

    /// A number starting at `self.at`, as serde_json's `deserialize_any` reads it: an integer
    /// of up to 18 digits in place, anything else by serde_json from its span.
    fn number(&mut self) -> Result<Json<'de>, Stop> {
        let bytes = self.text.as_bytes();
        let start = self.at;
        let negative = bytes[start] == b'-';
        let digits = start + usize::from(negative);
        let mut at = digits;
        let mut value: u64 = 0;
        while let Some(&byte) = bytes.get(at) {
            if !byte.is_ascii_digit() {
                break;
            }
            value = value.wrapping_mul(10).wrapping_add(u64::from(byte - b'0'));
            at += 1;
        }
        let count = at - digits;
        let plain = count > 0
            && count <= 18
            && (count == 1 || bytes[digits] != b'0')
            && !matches!(bytes.get(at), Some(b'.' | b'e' | b'E'))
            // serde_json reads `-0` as a float.
            && !(negative && value == 0);
        if plain {
            self.at = at;
            // Below 10^18, so both conversions are exact.
            let number = if negative {
                serde_json::Number::from(-(value as i64))
            } else {
                serde_json::Number::from(value)
            };
            return Ok(Json::Number(number));
        }
        self.other_number()
    }

    /// A number that is not a small integer: its span found by JSON's grammar, read by serde_json.
    #[cold]
    fn other_number(&mut self) -> Result<Json<'de>, Stop> {
        let bytes = self.text.as_bytes();
        let digits_from = |mut at: usize| {
            while bytes.get(at).is_some_and(u8::is_ascii_digit) {
                at += 1;
            }
            at
        };
        let start = self.at;
        let mut at = start + usize::from(bytes[start] == b'-');
        at = digits_from(at);
        if bytes.get(at) == Some(&b'.') {
            at = digits_from(at + 1);
        }
        if matches!(bytes.get(at), Some(b'e' | b'E')) {
            at += 1;
            if matches!(bytes.get(at), Some(b'+' | b'-')) {
                at += 1;
            }
            at = digits_from(at);
        }
        let span = self.text.get(start..at).ok_or(Stop)?;
        let mut parser = serde_json::Deserializer::from_str(span);
        let json = parser.deserialize_any(ScalarVisitor).map_err(|_| Stop)?;
        // serde_json read all of it, or the grammar and serde_json disagree: it decides.
        parser.end().map_err(|_| Stop)?;
        self.at = at;
        Ok(json)
    }

    /// The value at the reader as a scalar, an array or object skipped and named as such.
    fn scalar(&mut self) -> Result<Json<'de>, Stop> {
        match self.peek() {
            Some(b'"') => self.string().map(Json::Str),
            Some(b'{') => {
                self.skip()?;
                Ok(Json::Object)
            }
            Some(b'[') => {
                self.skip()?;
                Ok(Json::Array)
            }
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'n') => {
                self.at += 1;
                self.literal(b"ull").map(|()| Json::Null)
            }
            Some(b't') => {
                self.at += 1;
                self.literal(b"rue").map(|()| Json::Bool(true))
            }
            Some(b'f') => {
                self.at += 1;
                self.literal(b"alse").map(|()| Json::Bool(false))
            }
            _ => Err(Stop),
        }
    }

    /// Skips the value at the reader, judging it as serde_json's `deserialize_any` would (its
    /// strings, numbers and nesting), as `Skip` does.
    fn skip(&mut self) -> Result<(), Stop> {
        let close = match self.peek() {
            Some(b'{') => b'}',
            Some(b'[') => b']',
            _ => return self.scalar().map(drop),
        };
        self.enter()?;
        self.at += 1;
        if self.peek() == Some(close) {
            self.at += 1;
        } else {
            loop {
                if close == b'}' {
                    if self.peek() != Some(b'"') {
                        return Err(Stop);
                    }
                    self.string()?;
                    self.expect(b':')?;
                }
                self.skip()?;
                match self.peek() {
                    Some(b',') => self.at += 1,
                    Some(byte) if byte == close => {
                        self.at += 1;
                        break;
                    }
                    _ => return Err(Stop),
                }
            }
        }
        self.depth += 1;
        Ok(())
    }
}

/// The value at the reader, as a [`Src`]; `read` says whether a reader took it.
pub(crate) struct TextSrc<'t, 'de> {
    text: &'t mut Text<'de>,
    read: bool,
}

impl<'t, 'de> TextSrc<'t, 'de> {
    pub(crate) fn new(text: &'t mut Text<'de>) -> Self {
        TextSrc { text, read: false }
    }
}

impl<'de> Src<'de> for TextSrc<'_, 'de> {
    fn accept(&mut self, target: &mut dyn Target<'de>) -> Result<(), Stop> {
        if std::mem::replace(&mut self.read, true) {
            return Err(Stop);
        }
        let text = &mut *self.text;
        match text.peek() {
            Some(b'{') => {
                text.enter()?;
                text.at += 1;
                let mut map = TextMap {
                    text: &mut *text,
                    state: MapState::First,
                };
                target.map(&mut map)?;
                // serde_json fails an object its reader did not read to the end.
                if map.state != MapState::Done {
                    return Err(Stop);
                }
                text.depth += 1;
                Ok(())
            }
            Some(b'[') => {
                text.enter()?;
                text.at += 1;
                let mut seq = TextSeq {
                    text: &mut *text,
                    state: SeqState::First,
                };
                target.seq(&mut seq)?;
                if seq.state != SeqState::Done {
                    return Err(Stop);
                }
                text.depth += 1;
                Ok(())
            }
            _ => {
                let json = text.scalar()?;
                target.scalar(json);
                Ok(())
            }
        }
    }

    fn scalar(&mut self) -> Result<Json<'de>, Stop> {
        if std::mem::replace(&mut self.read, true) {
            return Err(Stop);
        }
        self.text.scalar()
    }
}

/// Reads one value with `read`, which must take it.
#[inline]
fn read_value<'de>(
    text: &mut Text<'de>,
    read: &mut dyn FnMut(&mut dyn Src<'de>) -> Result<(), Stop>,
) -> Result<(), Stop> {
    let mut src = TextSrc::new(text);
    read(&mut src)?;
    if src.read {
        Ok(())
    } else {
        Err(Stop)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum SeqState {
    First,
    Next,
    Done,
}

/// The elements of an array whose `[` was read.
struct TextSeq<'t, 'de> {
    text: &'t mut Text<'de>,
    state: SeqState,
}

impl TextSeq<'_, '_> {
    /// Whether an element follows (its separator read), or the array ends (its `]` read).
    fn more(&mut self) -> Result<bool, Stop> {
        match (self.state, self.text.peek()) {
            (SeqState::Done, _) => Ok(false),
            (SeqState::First | SeqState::Next, Some(b']')) => {
                self.text.at += 1;
                self.state = SeqState::Done;
                Ok(false)
            }
            (SeqState::First, Some(_)) => {
                self.state = SeqState::Next;
                Ok(true)
            }
            (SeqState::Next, Some(b',')) => {
                self.text.at += 1;
                Ok(true)
            }
            _ => Err(Stop),
        }
    }
}

impl<'de> SeqSrc<'de> for TextSeq<'_, 'de> {
    fn next(&mut self, read: &mut dyn FnMut(&mut dyn Src<'de>) -> Result<(), Stop>) -> Result<bool, Stop> {
        if !self.more()? {
            return Ok(false);
        }
        read_value(self.text, read).map(|()| true)
    }

    fn skip_rest(&mut self) -> Result<(), Stop> {
        while self.more()? {
            self.text.skip()?;
        }
        Ok(())
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum MapState {
    /// Before the first key.
    First,
    /// A key was read; its value is next.
    Value,
    /// A value was read; a `,` or the `}` is next.
    Next,
    Done,
}

/// The members of an object whose `{` was read.
struct TextMap<'t, 'de> {
    text: &'t mut Text<'de>,
    state: MapState,
}

impl<'de> TextMap<'_, 'de> {
    /// Checks that a key was just read, and that its value is read next.
    #[inline]
    fn value(&mut self) -> Result<(), Stop> {
        if self.state != MapState::Value {
            return Err(Stop);
        }
        self.state = MapState::Next;
        Ok(())
    }
}

impl<'de> MapSrc<'de> for TextMap<'_, 'de> {
    fn next_key(&mut self) -> Result<Option<Key<'de>>, Stop> {
        let text = &mut *self.text;
        match (self.state, text.peek()) {
            (MapState::First | MapState::Next, Some(b'}')) => {
                text.at += 1;
                self.state = MapState::Done;
                return Ok(None);
            }
            (MapState::First, Some(b'"')) => {}
            (MapState::Next, Some(b',')) => {
                text.at += 1;
                if text.peek() != Some(b'"') {
                    return Err(Stop);
                }
            }
            (MapState::Done, _) => return Ok(None),
            _ => return Err(Stop),
        }
        let key = text.string()?;
        text.expect(b':')?;
        self.state = MapState::Value;
        Ok(Some(Key(key)))
    }

    fn next_value(&mut self, read: &mut dyn FnMut(&mut dyn Src<'de>) -> Result<(), Stop>) -> Result<(), Stop> {
        self.value()?;
        read_value(self.text, read)
    }

    fn next_optional_value(&mut self, read: &mut dyn FnMut(&mut dyn Src<'de>) -> Result<(), Stop>) -> Result<bool, Stop> {
        self.value()?;
        if self.text.peek() == Some(b'n') {
            self.text.at += 1;
            self.text.literal(b"ull")?;
            return Ok(true);
        }
        read_value(self.text, read).map(|()| false)
    }

    fn next_scalar(&mut self) -> Result<Json<'de>, Stop> {
        self.value()?;
        self.text.scalar()
    }

    fn next_json(&mut self) -> Result<Value, Stop> {
        self.value()?;
        self.text.peek();
        let start = self.text.at;
        self.text.skip()?;
        let span = self.text.text.get(start..self.text.at).ok_or(Stop)?;
        serde_json::from_str(span).map_err(|_| Stop)
    }

    fn skip_value(&mut self) -> Result<(), Stop> {
        self.value()?;
        self.text.skip()
    }

    fn skip_rest(&mut self) -> Result<(), Stop> {
        if self.state == MapState::Value {
            self.skip_value()?;
        }
        while self.next_key()?.is_some() {
            self.skip_value()?;
        }
        Ok(())
    }
}

/// Reads a whole document from its text into `out` (`None` on entry), as [`read_document`] reads
/// it through serde_json; `Err(Stop)` for anything serde_json must judge (see the module's notes).
pub(crate) fn read_text<T: Read>(text: &str, cx: &mut Cx, out: &mut Option<T>) -> Result<(), Stop> {
    let mut reader = Text::new(text);
    let mut src = TextSrc::new(&mut reader);
    T::read_into(&mut src, &checks::NONE, cx, out)?;
    if !src.read || reader.peek().is_some() {
        return Err(Stop);
    }
    Ok(())
}
