//! The type-erased sources: the object-safe [`Src`], [`SeqSrc`], [`MapSrc`] and [`Target`],
//! and the adapters generic over serde's traits behind them.

use super::*;

// The reader is type-erased at the parser: every reader below sees the document through the
// object-safe `Src`, `SeqSrc` and `MapSrc`, and receives arrays and objects as a `Target`, scalars
// from `Src::scalar`. Only the adapters (`DeSrc`, `Dispatch`, `ScalarVisitor`, `SeqAdapter`,
// `MapAdapter`) are generic over serde's traits,
// and each is instantiated once per deserializer type: with a generic reader, serde_json's
// `deserialize_any` (some 540 lines of IR) was compiled again for each of the ~100 reader
// types, 30 % of the crate's machine code.

/// The parser failed (JSON syntax, nesting beyond its limit). The parser's own error is kept by
/// the adapter that met it, and handed back to the parser at the adapter that called in, so the
/// error reaching the caller is the parser's, with its line and column.
#[derive(Debug)]
pub struct Stop;

/// Keeps a parser error for its way back out.
pub(super) struct Stash<E>(Option<E>);

impl<E: de::Error> Stash<E> {
    pub(super) fn keep(&mut self, error: E) -> Stop {
        self.0 = Some(error);
        Stop
    }

    pub(super) fn give_back(&mut self, _: Stop) -> E {
        self.0
            .take()
            .unwrap_or_else(|| E::custom("the reader stopped without an error"))
    }
}

/// One JSON value of the document, read once.
pub trait Src<'de> {
    /// Parses the value into `target`.
    fn accept(&mut self, target: &mut dyn Target<'de>) -> Result<(), Stop>;
    /// Parses the value as a scalar, an array or object skipped and named as such: what
    /// `accept` does with a [`Target`] taking scalars only, returned rather than passed through
    /// one more dynamic call (scalars are most of a document's values).
    fn scalar(&mut self) -> Result<Json<'de>, Stop>;
}

/// The elements of a JSON array.
pub trait SeqSrc<'de> {
    /// Reads the next element with `read`; `false` at the end.
    fn next(&mut self, read: &mut dyn FnMut(&mut dyn Src<'de>) -> Result<(), Stop>) -> Result<bool, Stop>;
    /// Skips every element left.
    fn skip_rest(&mut self) -> Result<(), Stop>;
}

/// The members of a JSON object.
pub trait MapSrc<'de> {
    /// The next key, if any.
    fn next_key(&mut self) -> Result<Option<Key<'de>>, Stop>;
    /// Reads the value of the key just read with `read`.
    fn next_value(&mut self, read: &mut dyn FnMut(&mut dyn Src<'de>) -> Result<(), Stop>) -> Result<(), Stop>;
    /// Reads the value of the key just read with `read` unless it is `null`; whether it was.
    fn next_optional_value(&mut self, read: &mut dyn FnMut(&mut dyn Src<'de>) -> Result<(), Stop>) -> Result<bool, Stop>;
    /// The value of the key just read as a scalar, an array or object skipped and named as
    /// such ([`Src::scalar`] of the value, in one call).
    fn next_scalar(&mut self) -> Result<Json<'de>, Stop>;
    /// The value of the key just read, as a `serde_json::Value`.
    fn next_json(&mut self) -> Result<Value, Stop>;
    /// Skips the value of the key just read.
    fn skip_value(&mut self) -> Result<(), Stop>;
    /// Skips every member left.
    fn skip_rest(&mut self) -> Result<(), Stop>;
}

/// What receives a JSON value: a scalar, or the elements or members of a compound.
pub trait Target<'de> {
    /// A scalar (`null` included).
    fn scalar(&mut self, value: Json<'de>);
    /// An array; by default skipped as the wrong type.
    fn seq(&mut self, seq: &mut dyn SeqSrc<'de>) -> Result<(), Stop> {
        seq.skip_rest()?;
        self.scalar(Json::Array);
        Ok(())
    }
    /// An object; by default skipped as the wrong type.
    fn map(&mut self, map: &mut dyn MapSrc<'de>) -> Result<(), Stop> {
        map.skip_rest()?;
        self.scalar(Json::Object);
        Ok(())
    }
}

/// A serde deserializer as a [`Src`].
pub(super) struct DeSrc<'de, D: Deserializer<'de>> {
    pub(super) de: Option<D>,
    pub(super) stash: Stash<D::Error>,
}

impl<'de, D: Deserializer<'de>> DeSrc<'de, D> {
    pub(super) fn new(de: D) -> Self {
        DeSrc {
            de: Some(de),
            stash: Stash(None),
        }
    }
}

impl<'de, D: Deserializer<'de>> Src<'de> for DeSrc<'de, D> {
    fn accept(&mut self, target: &mut dyn Target<'de>) -> Result<(), Stop> {
        let Some(de) = self.de.take() else {
            return Err(self.stash.keep(de::Error::custom("a value was read twice")));
        };
        de.deserialize_any(Dispatch(target))
            .map_err(|e| self.stash.keep(e))
    }

    fn scalar(&mut self) -> Result<Json<'de>, Stop> {
        let Some(de) = self.de.take() else {
            return Err(self.stash.keep(de::Error::custom("a value was read twice")));
        };
        de.deserialize_any(ScalarVisitor)
            .map_err(|e| self.stash.keep(e))
    }
}

/// The visitor behind [`Src::scalar`]: the value as a [`Json`], compounds skipped.
pub(super) struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Json<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Json<'de>, E> {
        Ok(Json::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Json<'de>, E> {
        Ok(Json::Number(v.into()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Json<'de>, E> {
        Ok(Json::Number(v.into()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Json<'de>, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Json::Null, Json::Number))
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Json<'de>, E> {
        Ok(Json::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Json<'de>, E> {
        Ok(Json::Str(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Json<'de>, E> {
        Ok(Json::Str(Cow::Owned(v)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Json<'de>, E> {
        Ok(Json::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Json<'de>, E> {
        Ok(Json::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Json<'de>, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json<'de>, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(Json::Array)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json<'de>, A::Error> {
        while map.next_entry::<Skip, Skip>()?.is_some() {}
        Ok(Json::Object)
    }
}

/// Parses a value with [`ScalarVisitor`].
pub(super) struct ScalarSeed;

impl<'de> DeserializeSeed<'de> for ScalarSeed {
    type Value = Json<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Json<'de>, D::Error> {
        deserializer.deserialize_any(ScalarVisitor)
    }
}

/// The one visitor handed to the parser: forwards to a [`Target`].
pub(super) struct Dispatch<'t, 'de>(&'t mut dyn Target<'de>);

impl<'de> Visitor<'de> for Dispatch<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.0.scalar(Json::Bool(v));
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.0.scalar(Json::Number(v.into()));
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.0.scalar(Json::Number(v.into()));
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.0
            .scalar(serde_json::Number::from_f64(v).map_or(Json::Null, Json::Number));
        Ok(())
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<(), E> {
        self.0.scalar(Json::Str(Cow::Borrowed(v)));
        Ok(())
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.0.scalar(Json::Str(Cow::Owned(v.to_owned())));
        Ok(())
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<(), E> {
        self.0.scalar(Json::Str(Cow::Owned(v)));
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.0.scalar(Json::Null);
        Ok(())
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.0.scalar(Json::Null);
        Ok(())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        let mut adapter = SeqAdapter {
            seq,
            stash: Stash(None),
        };
        self.0.seq(&mut adapter).map_err(|stop| adapter.stash.give_back(stop))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let mut adapter = MapAdapter {
            map,
            stash: Stash(None),
        };
        self.0.map(&mut adapter).map_err(|stop| adapter.stash.give_back(stop))
    }
}

/// Hands the parser's value to a reader as a [`Src`].
pub(super) struct ReadSeed<'r, 'de>(&'r mut dyn FnMut(&mut dyn Src<'de>) -> Result<(), Stop>);

impl<'de> DeserializeSeed<'de> for ReadSeed<'_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        let mut src = DeSrc::new(deserializer);
        (self.0)(&mut src).map_err(|stop| src.stash.give_back(stop))
    }
}

/// Hands an optional member's value to a reader, `null` aside: the parser's `deserialize_option`
/// looks for `null` itself, so no wrapper stands between the parser and the value's reader.
pub(super) struct OptionalSeed<'r, 'de> {
    pub(super) read: &'r mut dyn FnMut(&mut dyn Src<'de>) -> Result<(), Stop>,
    pub(super) null: &'r mut bool,
}

impl<'de> DeserializeSeed<'de> for OptionalSeed<'_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for OptionalSeed<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        *self.null = true;
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        *self.null = true;
        Ok(())
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        let mut src = DeSrc::new(deserializer);
        (self.read)(&mut src).map_err(|stop| src.stash.give_back(stop))
    }
}

pub(super) struct SeqAdapter<'de, A: SeqAccess<'de>> {
    pub(super) seq: A,
    pub(super) stash: Stash<A::Error>,
}

impl<'de, A: SeqAccess<'de>> SeqSrc<'de> for SeqAdapter<'de, A> {
    fn next(&mut self, read: &mut dyn FnMut(&mut dyn Src<'de>) -> Result<(), Stop>) -> Result<bool, Stop> {
        match self.seq.next_element_seed(ReadSeed(read)) {
            Ok(item) => Ok(item.is_some()),
            Err(e) => Err(self.stash.keep(e)),
        }
    }

    fn skip_rest(&mut self) -> Result<(), Stop> {
        loop {
            match self.seq.next_element::<Skip>() {
                Ok(Some(Skip)) => {}
                Ok(None) => return Ok(()),
                Err(e) => return Err(self.stash.keep(e)),
            }
        }
    }
}

pub(super) struct MapAdapter<'de, A: MapAccess<'de>> {
    pub(super) map: A,
    pub(super) stash: Stash<A::Error>,
}

impl<'de, A: MapAccess<'de>> MapSrc<'de> for MapAdapter<'de, A> {
    fn next_key(&mut self) -> Result<Option<Key<'de>>, Stop> {
        self.map.next_key().map_err(|e| self.stash.keep(e))
    }

    fn next_value(&mut self, read: &mut dyn FnMut(&mut dyn Src<'de>) -> Result<(), Stop>) -> Result<(), Stop> {
        self.map.next_value_seed(ReadSeed(read)).map_err(|e| self.stash.keep(e))
    }

    fn next_optional_value(&mut self, read: &mut dyn FnMut(&mut dyn Src<'de>) -> Result<(), Stop>) -> Result<bool, Stop> {
        let mut null = false;
        self.map
            .next_value_seed(OptionalSeed { read, null: &mut null })
            .map_err(|e| self.stash.keep(e))?;
        Ok(null)
    }

    fn next_scalar(&mut self) -> Result<Json<'de>, Stop> {
        self.map.next_value_seed(ScalarSeed).map_err(|e| self.stash.keep(e))
    }

    fn next_json(&mut self) -> Result<Value, Stop> {
        self.map.next_value().map_err(|e| self.stash.keep(e))
    }

    fn skip_value(&mut self) -> Result<(), Stop> {
        self.map
            .next_value::<Skip>()
            .map(|Skip| ())
            .map_err(|e| self.stash.keep(e))
    }

    fn skip_rest(&mut self) -> Result<(), Stop> {
        loop {
            match self.map.next_entry::<Skip, Skip>() {
                Ok(Some(_)) => {}
                Ok(None) => return Ok(()),
                Err(e) => return Err(self.stash.keep(e)),
            }
        }
    }
}

/// A value read and dropped. Unlike serde's `IgnoredAny`, it goes through `deserialize_any`, so
/// the parser's own limits apply to what is skipped as to what is read: nesting beyond
/// [`MAX_DEPTH`](crate::validation::MAX_DEPTH) and numbers beyond `f64` fail the whole text, as
/// they do in a `serde_json::Value` parse.
pub(super) struct Skip;

impl<'de> de::Deserialize<'de> for Skip {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Skip, D::Error> {
        struct SkipVisitor;
        impl<'de> Visitor<'de> for SkipVisitor {
            type Value = Skip;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Skip, E> {
                Ok(Skip)
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Skip, E> {
                Ok(Skip)
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Skip, E> {
                Ok(Skip)
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Skip, E> {
                Ok(Skip)
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Skip, E> {
                Ok(Skip)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Skip, E> {
                Ok(Skip)
            }
            fn visit_none<E: de::Error>(self) -> Result<Skip, E> {
                Ok(Skip)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Skip, D::Error> {
                d.deserialize_any(self)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Skip, A::Error> {
                while seq.next_element::<Skip>()?.is_some() {}
                Ok(Skip)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Skip, A::Error> {
                while map.next_entry::<Skip, Skip>()?.is_some() {}
                Ok(Skip)
            }
        }
        deserializer.deserialize_any(SkipVisitor)
    }
}

