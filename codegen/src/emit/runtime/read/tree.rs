//! A document already parsed, as a [`Src`]: a [`JsonTree`] read in place, no text written and
//! parsed again. A borrowed `serde_json::Value` is one; so is a caller's own tree (a document
//! lowered from another syntax), read without building a `Value` first. Generic over the tree
//! only, not over serde's traits, so it adds one small reader per tree type beside the parser's
//! adapters rather than a second copy of the readers.
//!
//! The findings are those of the tree's text: a tree has no duplicate keys and no numbers beyond
//! `f64`, and its members come in the order its text would write them. Its depth is checked
//! before it is read ([`crate::validation::check_depth`]), so the recursion here is bounded as
//! the parser's is.

use super::*;

/// A parsed JSON document that the reader reads in place ([`FromJson::from_tree`]) and the
/// secret walk walks ([`crate::lifecycle::secret_members`]): a `serde_json::Value`, or a tree of
/// the caller's (one whose strings are borrowed from its source, say), read as the `Value` of the
/// same JSON would be.
///
/// An object gives its members in the order the JSON text would write them, each key once (as a
/// `Value` keeps them: a tree that repeats a key is read as JSON text repeating it is).
///
/// [`FromJson::from_tree`]: crate::validation::FromJson::from_tree
pub trait JsonTree: Sized {
    /// An object's members, in order.
    type Members<'t>: Iterator<Item = (&'t str, &'t Self)>
    where
        Self: 't;

    /// What this node is.
    fn shape(&self) -> Shape<'_, Self>;

    /// The node as a `serde_json::Value` (an open object's undeclared members are kept as
    /// values). Recursive: called on trees whose depth is checked.
    fn to_value(&self) -> Value {
        match self.shape() {
            Shape::Null => Value::Null,
            Shape::Bool(b) => Value::Bool(b),
            Shape::Number(n) => Value::Number(n.clone()),
            Shape::String(s) => Value::String(s.to_owned()),
            Shape::Array(items) => Value::Array(items.iter().map(JsonTree::to_value).collect()),
            Shape::Object(members) => {
                // Inserted, not collected: a repeated key keeps its first place, as in a parse.
                let mut map = serde_json::Map::new();
                for (key, member) in members {
                    map.insert(key.to_owned(), member.to_value());
                }
                Value::Object(map)
            }
        }
    }
}

/// One node of a [`JsonTree`].
pub enum Shape<'t, T: JsonTree + 't> {
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number.
    Number(&'t serde_json::Number),
    /// A string.
    String(&'t str),
    /// An array's items.
    Array(&'t [T]),
    /// An object's members, in order.
    Object(T::Members<'t>),
}

/// A `serde_json::Map`'s member with its key as a `&str`.
type ValueMember<'t> = fn((&'t String, &'t Value)) -> (&'t str, &'t Value);

fn value_member<'t>((key, value): (&'t String, &'t Value)) -> (&'t str, &'t Value) {
    (key, value)
}

impl JsonTree for Value {
    type Members<'t> = std::iter::Map<serde_json::map::Iter<'t>, ValueMember<'t>>;

    fn shape(&self) -> Shape<'_, Value> {
        match self {
            Value::Null => Shape::Null,
            Value::Bool(b) => Shape::Bool(*b),
            Value::Number(n) => Shape::Number(n),
            Value::String(s) => Shape::String(s),
            Value::Array(items) => Shape::Array(items),
            Value::Object(members) => Shape::Object(members.iter().map(value_member as ValueMember<'_>)),
        }
    }

    fn to_value(&self) -> Value {
        self.clone()
    }
}

/// A [`JsonTree`] node as a [`Src`].
pub(crate) struct TreeSrc<'v, T>(pub(crate) &'v T);

fn scalar<T: JsonTree>(value: &T) -> Json<'_> {
    match value.shape() {
        Shape::Null => Json::Null,
        Shape::Bool(b) => Json::Bool(b),
        Shape::Number(n) => Json::Number(n.clone()),
        Shape::String(s) => Json::Str(Cow::Borrowed(s)),
        Shape::Array(_) => Json::Array,
        Shape::Object(_) => Json::Object,
    }
}

impl<'v, T: JsonTree> Src<'v> for TreeSrc<'v, T> {
    fn accept(&mut self, target: &mut dyn Target<'v>) -> Result<(), Stop> {
        match self.0.shape() {
            Shape::Array(items) => target.seq(&mut TreeSeq(items.iter())),
            Shape::Object(members) => target.map(&mut TreeMap::<T> {
                members,
                value: None,
            }),
            _ => {
                target.scalar(scalar(self.0));
                Ok(())
            }
        }
    }

    fn scalar(&mut self) -> Result<Json<'v>, Stop> {
        Ok(scalar(self.0))
    }
}

/// The items of an array.
struct TreeSeq<'v, T>(std::slice::Iter<'v, T>);

impl<'v, T: JsonTree> SeqSrc<'v> for TreeSeq<'v, T> {
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
struct TreeMap<'v, T: JsonTree + 'v> {
    members: T::Members<'v>,
    value: Option<&'v T>,
}

impl<'v, T: JsonTree> MapSrc<'v> for TreeMap<'v, T> {
    fn next_key(&mut self) -> Result<Option<Key<'v>>, Stop> {
        Ok(self.members.next().map(|(key, value)| {
            self.value = Some(value);
            Key(Cow::Borrowed(key))
        }))
    }

    fn next_value(&mut self, read: &mut dyn FnMut(&mut dyn Src<'v>) -> Result<(), Stop>) -> Result<(), Stop> {
        match self.value.take() {
            Some(value) => read(&mut TreeSrc(value)),
            None => read(&mut TreeSrc(&Value::Null)),
        }
    }

    fn next_optional_value(&mut self, read: &mut dyn FnMut(&mut dyn Src<'v>) -> Result<(), Stop>) -> Result<bool, Stop> {
        match self.value.take() {
            Some(value) if !matches!(value.shape(), Shape::Null) => read(&mut TreeSrc(value)).map(|()| false),
            _ => Ok(true),
        }
    }

    fn next_scalar(&mut self) -> Result<Json<'v>, Stop> {
        Ok(self.value.take().map_or(Json::Null, scalar))
    }

    fn next_json(&mut self) -> Result<Value, Stop> {
        Ok(self.value.take().map_or(Value::Null, JsonTree::to_value))
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
pub(crate) fn read_tree<T: Read, V: JsonTree>(tree: &V, cx: &mut Cx, out: &mut Option<T>) {
    // A tree source never stops: it has no syntax to fail on, and its depth is checked first.
    let read = T::read_into(&mut TreeSrc(tree), &checks::NONE, cx, out);
    debug_assert!(read.is_ok(), "a parsed value stopped the reader");
}
