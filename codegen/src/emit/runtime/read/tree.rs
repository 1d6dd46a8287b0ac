//! A document already parsed, as a [`Src`]: a borrowed `serde_json::Value` read in place, no
//! text written and parsed again. Not generic over serde's traits, so it adds one small reader
//! beside the parser's adapters rather than a second copy of the readers.
//!
//! The findings are those of the value's text: a `Value` has no duplicate keys and no numbers
//! beyond `f64`, and its members come in the order its text would write them. Its depth is
//! checked before it is read ([`crate::validation::check_depth`]), so the recursion here is
//! bounded as the parser's is.

use super::*;

/// A `serde_json::Value` as a [`Src`].
pub(crate) struct TreeSrc<'v>(pub(crate) &'v Value);

fn scalar(value: &Value) -> Json<'_> {
    match value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Number(n) => Json::Number(n.clone()),
        Value::String(s) => Json::Str(Cow::Borrowed(s)),
        Value::Array(_) => Json::Array,
        Value::Object(_) => Json::Object,
    }
}

impl<'v> Src<'v> for TreeSrc<'v> {
    fn accept(&mut self, target: &mut dyn Target<'v>) -> Result<(), Stop> {
        match self.0 {
            Value::Array(items) => target.seq(&mut TreeSeq(items.iter())),
            Value::Object(members) => target.map(&mut TreeMap {
                members: members.iter(),
                value: None,
            }),
            scalar_value => {
                target.scalar(scalar(scalar_value));
                Ok(())
            }
        }
    }

    fn scalar(&mut self) -> Result<Json<'v>, Stop> {
        Ok(scalar(self.0))
    }
}

/// The items of an array.
struct TreeSeq<'v>(std::slice::Iter<'v, Value>);

impl<'v> SeqSrc<'v> for TreeSeq<'v> {
    fn next(&mut self, read: &mut dyn FnMut(&mut dyn Src<'v>) -> Result<(), Stop>) -> Result<bool, Stop> {
        match self.0.next() {
            Some(item) => read(&mut TreeSrc(item)).map(|()| true),
            None => Ok(false),
        }
    }

    fn skip_rest(&mut self) -> Result<(), Stop> {
        self.0.by_ref().for_each(drop);
        Ok(())
    }
}

/// The members of an object; `value` is that of the key read last.
struct TreeMap<'v> {
    members: serde_json::map::Iter<'v>,
    value: Option<&'v Value>,
}

impl TreeMap<'_> {
    fn value(&mut self) -> &Value {
        self.value.take().unwrap_or(&Value::Null)
    }
}

impl<'v> MapSrc<'v> for TreeMap<'v> {
    fn next_key(&mut self) -> Result<Option<Key<'v>>, Stop> {
        Ok(self.members.next().map(|(key, value)| {
            self.value = Some(value);
            Key(Cow::Borrowed(key.as_str()))
        }))
    }

    fn next_value(&mut self, read: &mut dyn FnMut(&mut dyn Src<'v>) -> Result<(), Stop>) -> Result<(), Stop> {
        let value = self.value.take().unwrap_or(&Value::Null);
        read(&mut TreeSrc(value))
    }

    fn next_optional_value(&mut self, read: &mut dyn FnMut(&mut dyn Src<'v>) -> Result<(), Stop>) -> Result<bool, Stop> {
        match self.value.take() {
            None | Some(Value::Null) => Ok(true),
            Some(value) => read(&mut TreeSrc(value)).map(|()| false),
        }
    }

    fn next_scalar(&mut self) -> Result<Json<'v>, Stop> {
        Ok(scalar(self.value.take().unwrap_or(&Value::Null)))
    }

    fn next_json(&mut self) -> Result<Value, Stop> {
        Ok(self.value().clone())
    }

    fn skip_value(&mut self) -> Result<(), Stop> {
        self.value = None;
        Ok(())
    }

    fn skip_rest(&mut self) -> Result<(), Stop> {
        self.value = None;
        self.members.by_ref().for_each(drop);
        Ok(())
    }
}

/// Reads a whole parsed document into `out` (`None` on entry), as [`read_document`] reads text.
pub(crate) fn read_tree<T: Read>(value: &Value, cx: &mut Cx, out: &mut Option<T>) {
    // A tree source never stops: it has no syntax to fail on, and its depth is checked first.
    let read = T::read_into(&mut TreeSrc(value), &checks::NONE, cx, out);
    debug_assert!(read.is_ok(), "a parsed value stopped the reader");
}
