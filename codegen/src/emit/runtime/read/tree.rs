//! A document already parsed, as a [`Src`]: a [`JsonTree`] read in place, no text written and
//! parsed again. A borrowed `serde_json::Value` is one; so is a caller's own tree (a document
//! lowered from another syntax), read without building a `Value` first. Generic over the tree
//! only, not over serde's traits, so it adds one small reader per tree type beside the parser's
//! adapters rather than a second copy of the readers.
//!
//! The findings are those of the tree's text: a tree has no duplicate keys and no numbers beyond
//! `f64`, and its members come in the order its text would write them. Its depth is checked as
//! it is read (see [`TreeSrc`]), so the recursion here is bounded as the parser's is.

use std::cell::Cell;

use super::*;
use crate::validation::MAX_DEPTH;

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

/// A [`JsonTree`] node as a [`Src`], `depth` levels below the root (the root is at 0).
///
/// The reader goes down the tree only where the schema does, a few levels; what it passes by
/// (a value skipped, kept as a `Value`, or of the wrong type) is checked against [`MAX_DEPTH`]
/// there, with the levels left, and `deep` set if it nests too deep. The whole tree is thus
/// checked once, as it is read, rather than walked first.
pub(crate) struct TreeSrc<'v, 'd, T> {
    value: &'v T,
    depth: usize,
    deep: &'d Cell<bool>,
}

/// Whether `value`, `depth` levels below the root, nests within [`MAX_DEPTH`]; if not, says so
/// in `deep`.
#[inline]
fn check<T: JsonTree>(value: &T, depth: usize, deep: &Cell<bool>) -> bool {
    match value.shape() {
        Shape::Array(_) | Shape::Object(_) => check_nested(value, depth, deep),
        _ => true,
    }
}

/// [`check`] on an array or object: out of line, as it is rare in the documents read.
#[inline(never)]
fn check_nested<T: JsonTree>(value: &T, depth: usize, deep: &Cell<bool>) -> bool {
    let within = depth + 1 < MAX_DEPTH && crate::validation::within(value, MAX_DEPTH - 1 - depth);
    if !within {
        deep.set(true);
    }
    within
}

/// A scalar, or an array or object named as such, which is passed by: checked for its depth.
fn scalar<'v, T: JsonTree>(value: &'v T, depth: usize, deep: &Cell<bool>) -> Json<'v> {
    match value.shape() {
        Shape::Null => Json::Null,
        Shape::Bool(b) => Json::Bool(b),
        Shape::Number(n) => Json::Number(n.clone()),
        Shape::String(s) => Json::Str(Cow::Borrowed(s)),
        Shape::Array(_) => {
            check_nested(value, depth, deep);
            Json::Array
        }
        Shape::Object(_) => {
            check_nested(value, depth, deep);
            Json::Object
        }
    }
}

impl<'v, T: JsonTree> Src<'v> for TreeSrc<'v, '_, T> {
    fn accept(&mut self, target: &mut dyn Target<'v>) -> Result<(), Stop> {
        // Read below: the levels the reader goes down are within the limit (a schema is a few
        // levels deep), and what it passes by is checked where it does.
        let (depth, deep) = (self.depth + 1, self.deep);
        match self.value.shape() {
            Shape::Array(items) => {
                if depth >= MAX_DEPTH {
                    deep.set(true);
                }
                target.seq(&mut TreeSeq {
                    items: items.iter(),
                    depth,
                    deep,
                })
            }
            Shape::Object(members) => {
                if depth >= MAX_DEPTH {
                    deep.set(true);
                }
                target.map(&mut TreeMap::<T> {
                    members,
                    value: None,
                    depth,
                    deep,
                })
            }
            _ => {
                target.scalar(scalar(self.value, self.depth, deep));
                Ok(())
            }
        }
    }

    fn scalar(&mut self) -> Result<Json<'v>, Stop> {
        Ok(scalar(self.value, self.depth, self.deep))
    }
}

/// The items of an array, `depth` levels below the root.
struct TreeSeq<'v, 'd, T> {
    items: std::slice::Iter<'v, T>,
    depth: usize,
    deep: &'d Cell<bool>,
}

impl<'v, T: JsonTree> SeqSrc<'v> for TreeSeq<'v, '_, T> {
    fn next(&mut self, read: &mut dyn FnMut(&mut dyn Src<'v>) -> Result<(), Stop>) -> Result<bool, Stop> {
        match self.items.next() {
            Some(value) => read(&mut TreeSrc {
                value,
                depth: self.depth,
                deep: self.deep,
            })
            .map(|()| true),
            None => Ok(false),
        }
    }

    fn skip_rest(&mut self) -> Result<(), Stop> {
        let (depth, deep) = (self.depth, self.deep);
        self.items.by_ref().for_each(|item| {
            check(item, depth, deep);
        });
        Ok(())
    }
}

/// The members of an object, `depth` levels below the root; `value` is that of the key read
/// last.
struct TreeMap<'v, 'd, T: JsonTree + 'v> {
    members: T::Members<'v>,
    value: Option<&'v T>,
    depth: usize,
    deep: &'d Cell<bool>,
}

impl<'v, T: JsonTree> TreeMap<'v, '_, T> {
    fn src(&self, value: &'v T) -> TreeSrc<'v, '_, T> {
        TreeSrc {
            value,
            depth: self.depth,
            deep: self.deep,
        }
    }
}

impl<'v, T: JsonTree> MapSrc<'v> for TreeMap<'v, '_, T> {
    fn next_key(&mut self) -> Result<Option<Key<'v>>, Stop> {
        // A value its reader left unread is passed by.
        self.skip_value()?;
        Ok(self.members.next().map(|(key, value)| {
            self.value = Some(value);
            Key(Cow::Borrowed(key))
        }))
    }

    fn next_value(&mut self, read: &mut dyn FnMut(&mut dyn Src<'v>) -> Result<(), Stop>) -> Result<(), Stop> {
        match self.value.take() {
            Some(value) => read(&mut self.src(value)),
            None => read(&mut TreeSrc {
                value: &Value::Null,
                depth: self.depth,
                deep: self.deep,
            }),
        }
    }

    fn next_optional_value(&mut self, read: &mut dyn FnMut(&mut dyn Src<'v>) -> Result<(), Stop>) -> Result<bool, Stop> {
        match self.value.take() {
            Some(value) if !matches!(value.shape(), Shape::Null) => read(&mut self.src(value)).map(|()| false),
            _ => Ok(true),
        }
    }

    fn next_scalar(&mut self) -> Result<Json<'v>, Stop> {
        Ok(match self.value.take() {
            Some(value) => scalar(value, self.depth, self.deep),
            None => Json::Null,
        })
    }

    fn next_json(&mut self) -> Result<Value, Stop> {
        Ok(match self.value.take() {
            // Not copied when too deep: the document is refused for its depth alone.
            Some(value) if check(value, self.depth, self.deep) => value.to_value(),
            _ => Value::Null,
        })
    }

    fn skip_value(&mut self) -> Result<(), Stop> {
        if let Some(value) = self.value.take() {
            check(value, self.depth, self.deep);
        }
        Ok(())
    }

    fn skip_rest(&mut self) -> Result<(), Stop> {
        self.skip_value()?;
        let (depth, deep) = (self.depth, self.deep);
        self.members.by_ref().for_each(|(_, value)| {
            check(value, depth, deep);
        });
        Ok(())
    }
}

/// Reads a whole parsed document into `out` (`None` on entry), as [`read_document`] reads text;
/// `false` when the tree nests [`MAX_DEPTH`] deep (what was read then counts for nothing).
pub(crate) fn read_tree<T: Read, V: JsonTree>(tree: &V, cx: &mut Cx, out: &mut Option<T>) -> bool {
    let deep = Cell::new(false);
    let mut src = TreeSrc {
        value: tree,
        depth: 0,
        deep: &deep,
    };
    // A tree source never stops: it has no syntax to fail on.
    let read = T::read_into(&mut src, &checks::NONE, cx, out);
    debug_assert!(read.is_ok(), "a parsed value stopped the reader");
    !deep.get()
}
