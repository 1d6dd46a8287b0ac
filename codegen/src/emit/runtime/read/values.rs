//! [`Read`] for every value type: scalars, integers, secrets, lists, maps, enums and objects.

use super::*;

/// A JSON value as scalar readers see it; arrays and objects are skipped.
pub enum Json<'de> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(serde_json::Number),
    /// A string.
    Str(Cow<'de, str>),
    /// An array, skipped.
    Array,
    /// An object, skipped.
    Object,
}

impl Json<'_> {
    pub(super) fn found(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(_) => "a number",
            Json::Str(_) => "a string",
            Json::Array => "an array",
            Json::Object => "an object",
        }
    }
}

impl Read for String {
    const SCALAR: bool = true;

    fn read_scalar(json: Json<'_>, spec: &'static Spec, cx: &mut Cx, out: &mut Option<Self>) {
        match json {
            Json::Str(text) => {
                if cx.checking {
                    checks::string(&text, spec, cx);
                }
                *out = Some(text.into_owned());
            }
            other => cx.wrong_type("a string", other.found()),
        }
    }
}

impl Read for bool {
    const SCALAR: bool = true;

    fn read_scalar(json: Json<'_>, _: &'static Spec, cx: &mut Cx, out: &mut Option<Self>) {
        match json {
            Json::Bool(value) => *out = Some(value),
            other => cx.wrong_type("true or false", other.found()),
        }
    }
}

impl Read for Timestamp {
    const SCALAR: bool = true;

    fn read_scalar(json: Json<'_>, _: &'static Spec, cx: &mut Cx, out: &mut Option<Self>) {
        match json {
            Json::Number(number) => {
                let timestamp = Timestamp::from_json_number(&number);
                if timestamp.is_none() {
                    let message = format!(
                        "must be seconds since the Unix epoch: a 64-bit whole number, or a fraction within ±{}; it is {number}",
                        Timestamp::MAX_SECS_F64
                    );
                    cx.structural(None, Code::Range, Severity::Error, message);
                }
                *out = timestamp;
            }
            // The AWS CLI v2 and several SDKs print the wire's number as a date-time.
            Json::Str(text) => match Timestamp::parse_rfc3339(&text) {
                Some(timestamp) => *out = Some(timestamp),
                None => {
                    let message = [crate::support::NOT_A_DATE_TIME, "; it is \"", &crate::validation::echo(&text), "\""].concat();
                    cx.structural(None, Code::Type, Severity::Error, message);
                }
            },
            other => cx.wrong_type("a number or an ISO 8601 date-time", other.found()),
        }
    }
}

/// An integer member: a whole number in any notation (`1`, `1.0`, `1e2`, `-0`) that fits the Rust
/// type; a whole number outside it is a `range` finding against the schema's limits (or the
/// type's), anything else not whole a `type` finding.
/// Not generic: the Rust type's bounds come in as `lo..=hi`, and the caller narrows the value,
/// which is then known to fit (this body was compiled once per integer type before).
pub(super) fn integer(json: Json<'_>, (lo, hi): (i128, i128), spec: &'static Spec, cx: &mut Cx) -> Option<i128> {
    let Json::Number(number) = json else {
        cx.wrong_type("a number", json.found());
        return None;
    };
    let whole = if let Some(v) = number.as_i64() {
        Some(i128::from(v))
    } else if let Some(v) = number.as_u64() {
        Some(i128::from(v))
    } else {
        match number.as_f64() {
            Some(v) if v.fract() != 0.0 || !v.is_finite() => None,
            // Every whole f64 below 2^127 in magnitude converts exactly.
            Some(v) if v.abs() < 1.0e38 => Some(v as i128),
            Some(v) if v > 0.0 => Some(i128::MAX),
            Some(_) => Some(i128::MIN),
            None => None,
        }
    };
    let Some(value) = whole else {
        cx.structural(None, Code::Type, Severity::Error, "must be a whole number".to_owned());
        return None;
    };
    if (lo..=hi).contains(&value) {
        if cx.checking {
            checks::integer(value, spec, cx);
        }
        return Some(value);
    }
    let (min, max) = (spec.own.minimum.unwrap_or(lo), spec.own.maximum.unwrap_or(hi));
    let message = if value < min {
        format!("must be at least {min}; it is {number}")
    } else {
        format!("must be at most {max}; it is {number}")
    };
    cx.structural(None, Code::Range, Severity::Error, message);
    None
}

macro_rules! read_integers {
    ($($t:ty),*) => {$(
        impl Read for $t {
            const SCALAR: bool = true;

            fn read_scalar(json: Json<'_>, spec: &'static Spec, cx: &mut Cx, out: &mut Option<Self>) {
                *out = integer(json, (i128::from(<$t>::MIN), i128::from(<$t>::MAX)), spec, cx)
                    .and_then(|value| <$t>::try_from(value).ok());
            }
        }
    )*};
}
read_integers!(u8, u16, u32, u64, i8, i16, i32, i64);

impl<T: Read> Read for Sensitive<T> {
    const SCALAR: bool = T::SCALAR;

    fn read_into<'de>(src: &mut dyn Src<'de>, spec: &'static Spec, cx: &mut Cx, out: &mut Option<Self>) -> Result<(), Stop> {
        let mut value = None;
        T::read_into(src, spec, cx, &mut value)?;
        *out = value.map(Sensitive::new);
        Ok(())
    }

    fn read_scalar(json: Json<'_>, spec: &'static Spec, cx: &mut Cx, out: &mut Option<Self>) {
        let mut value = None;
        T::read_scalar(json, spec, cx, &mut value);
        *out = value.map(Sensitive::new);
    }
}

impl<T: Read> Read for Box<T> {
    const SCALAR: bool = T::SCALAR;

    fn read_into<'de>(src: &mut dyn Src<'de>, spec: &'static Spec, cx: &mut Cx, out: &mut Option<Self>) -> Result<(), Stop> {
        let mut value = None;
        T::read_into(src, spec, cx, &mut value)?;
        *out = value.map(Box::new);
        Ok(())
    }

    fn read_scalar(json: Json<'_>, spec: &'static Spec, cx: &mut Cx, out: &mut Option<Self>) {
        let mut value = None;
        T::read_scalar(json, spec, cx, &mut value);
        *out = value.map(Box::new);
    }
}

/// An enum: a string, checked against the listed values. `is_unknown` says whether the string
/// made the `Unknown` variant, that is, is none of `values` (the generated `From<&str>` matches
/// them exactly): the value is compared once, by that `match`, not again by a scan of `values`.
pub fn read_enum<T: for<'a> From<&'a str>>(
    json: Json<'_>,
    values: &'static [&'static str],
    is_unknown: fn(&T) -> bool,
    cx: &mut Cx,
    out: &mut Option<T>,
) {
    match json {
        Json::Str(text) => {
            let value = T::from(&text);
            if cx.checking && is_unknown(&value) {
                checks::unknown_enum_value(&text, values, cx);
            }
            *out = Some(value);
        }
        other => cx.wrong_type("a string", other.found()),
    }
}

pub(super) struct ListTarget<'c, T> {
    pub(super) spec: &'static Spec,
    pub(super) cx: &'c mut Cx,
    pub(super) out: &'c mut Option<Vec<T>>,
}

impl<'de, T: Read + crate::support::ToJson> Target<'de> for ListTarget<'_, T> {
    fn scalar(&mut self, value: Json<'de>) {
        self.cx.wrong_type("an array", value.found());
    }

    fn seq(&mut self, seq: &mut dyn SeqSrc<'de>) -> Result<(), Stop> {
        let (spec, cx) = (self.spec, &mut *self.cx);
        let mut items = Vec::new();
        let mut sound = true;
        for index in 0.. {
            cx.trail.push(Segment::Index(index));
            let mut item = None;
            let more = seq.next(&mut |src| T::read_into(src, spec.item(), cx, &mut item))?;
            cx.trail.pop();
            if !more {
                break;
            }
            match item {
                Some(item) => items.push(item),
                None => sound = false,
            }
        }
        if !sound {
            return Ok(());
        }
        if cx.checking {
            checks::list(&items, spec, cx);
        }
        *self.out = Some(items);
        Ok(())
    }
}

impl<T: Read + crate::support::ToJson> Read for Vec<T> {
    fn read_into<'de>(src: &mut dyn Src<'de>, spec: &'static Spec, cx: &mut Cx, out: &mut Option<Self>) -> Result<(), Stop> {
        src.accept(&mut ListTarget { spec, cx, out })
    }

    fn read_scalar(json: Json<'_>, _: &'static Spec, cx: &mut Cx, _: &mut Option<Self>) {
        cx.wrong_type("an array", json.found());
    }
}

pub(super) struct MapTarget<'c, T> {
    pub(super) spec: &'static Spec,
    pub(super) cx: &'c mut Cx,
    pub(super) out: &'c mut Option<BTreeMap<String, T>>,
}

impl<'de, T: Read> Target<'de> for MapTarget<'_, T> {
    fn scalar(&mut self, value: Json<'de>) {
        self.cx.wrong_type("an object", value.found());
    }

    fn map(&mut self, map: &mut dyn MapSrc<'de>) -> Result<(), Stop> {
        let (spec, cx) = (self.spec, &mut *self.cx);
        let mut entries = BTreeMap::new();
        let mut sound = true;
        while let Some(key) = map.next_key()? {
            if cx.checking {
                checks::key(&key.0, spec, cx);
            }
            // A secret map's keys are secrets too: findings point at the map. The key is kept
            // in the trail as it came and shown only if a finding needs its pointer.
            let pushed = !spec.secret;
            let mut key = key.0.into_owned();
            if pushed {
                cx.trail.push(Segment::MapKey(std::mem::take(&mut key), cx.secrecy));
            }
            let mut value = None;
            map.next_value(&mut |src| T::read_into(src, spec.value(), cx, &mut value))?;
            if pushed {
                if let Some(Segment::MapKey(pushed_key, _)) = cx.trail.pop() {
                    key = pushed_key;
                }
            }
            match value {
                Some(value) => {
                    entries.insert(key, value);
                }
                None => sound = false,
            }
        }
        if !sound {
            return Ok(());
        }
        if cx.checking {
            checks::entries(entries.len(), spec, cx);
        }
        *self.out = Some(entries);
        Ok(())
    }
}

impl<T: Read> Read for BTreeMap<String, T> {
    fn read_into<'de>(src: &mut dyn Src<'de>, spec: &'static Spec, cx: &mut Cx, out: &mut Option<Self>) -> Result<(), Stop> {
        src.accept(&mut MapTarget { spec, cx, out })
    }

    fn read_scalar(json: Json<'_>, _: &'static Spec, cx: &mut Cx, _: &mut Option<Self>) {
        cx.wrong_type("an object", json.found());
    }
}

pub(super) struct ObjectTarget<'c, T> {
    pub(super) cx: &'c mut Cx,
    pub(super) out: &'c mut Option<T>,
}

impl<'de, T: Object> Target<'de> for ObjectTarget<'_, T> {
    fn scalar(&mut self, value: Json<'de>) {
        not_an_object(self.cx, value);
    }

    fn seq(&mut self, seq: &mut dyn SeqSrc<'de>) -> Result<(), Stop> {
        seq.skip_rest()?;
        not_an_object(self.cx, Json::Array);
        Ok(())
    }

    fn map(&mut self, map: &mut dyn MapSrc<'de>) -> Result<(), Stop> {
        let out = &mut *self.out;
        let object = (T::SECRECY, T::KNOWN, T::UNKNOWN);
        read_members(self.cx, object, &mut |cx| T::members(map, cx, out))?;
        if let (Some(value), true, true) = (&*self.out, T::HAS_RULES, self.cx.checking) {
            self.cx.run_rules(value);
        }
        Ok(())
    }
}

/// A scalar, array or object where an object belongs: the wrong type.
pub fn not_an_object(cx: &mut Cx, value: Json<'_>) {
    cx.wrong_type("an object", value.found());
}

/// Reads an object's members with `members`, with the object's secrecy, member names and
/// unknown-key policy in force.
pub(super) fn read_members(
    cx: &mut Cx,
    (secrecy, known, policy): (Secrecy, &'static [&'static str], Unknown),
    members: &mut dyn FnMut(&mut Cx) -> Result<(), Stop>,
) -> Result<(), Stop> {
    let outer = (cx.secrecy, cx.known, cx.policy);
    (cx.secrecy, cx.known, cx.policy) = (secrecy, known, policy);
    let read = members(cx);
    (cx.secrecy, cx.known, cx.policy) = outer;
    read
}

/// Checks at compile time that no member name holds `~` or `/`, so that a pointer through
/// members copies their names as they are (`Cx::pointer`).
pub const fn plain_names(names: &[&str]) {
    let mut i = 0;
    while i < names.len() {
        let name = names[i].as_bytes();
        let mut j = 0;
        while j < name.len() {
            assert!(name[j] != b'~' && name[j] != b'/', "a member name a JSON Pointer must escape");
            j += 1;
        }
        i += 1;
    }
}

/// Reads an object of type `T` into `out`.
pub fn read_object<'de, T: Object>(src: &mut dyn Src<'de>, cx: &mut Cx, out: &mut Option<T>) -> Result<(), Stop> {
    src.accept(&mut ObjectTarget { cx, out })
}

