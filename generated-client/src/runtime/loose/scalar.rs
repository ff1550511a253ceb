//! [`Loose<T>`]: a scalar that PHP may send as a number, a string or a
//! boolean.

use std::fmt;
use std::marker::PhantomData;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::mismatch;

/// A scalar response field of type `T` (`i64`, `f64`, `bool` or `String`)
/// that keeps the JSON value it was decoded from.
///
/// Every type accepts `null`, `""` and `[]` (PHP's empty array) as "no
/// value", for which [`get`](Loose::get) returns `None`. Besides its native
/// JSON form, each type accepts:
///
/// | `T` | also accepted | rejected besides objects and non-empty arrays |
/// |---|---|---|
/// | `i64` | whole numbers as floats (`15.0`); strings such as `"26"`, `"-3"`, `"15.00"` | other strings (`"abc"`, `"15.5"`, `"1e3"`), numbers outside `i64`, fractions, booleans |
/// | `f64` | integers; strings such as `"9.99"`, `"-1"`, `"1e3"` | other strings (`"abc"`, `"NaN"`, `"inf"`), booleans |
/// | `bool` | `1`, `0`, `"1"`, `"0"`, `"true"`, `"false"` (any case) | other numbers and strings, such as `2` or `"yes"` |
/// | `String` | numbers and booleans, as their JSON text (`26` gives `"26"`) | nothing |
///
/// Numeric and boolean strings may have surrounding whitespace, and a
/// string of only whitespace is "no value" for those types. Every `T`
/// rejects objects, `{}` included, and non-empty arrays.
///
/// A string that cannot mean `T`, such as `"abc"` for an `i64`, is a decode
/// error rather than a value whose `get` returns `None`. The field type comes
/// from an example that showed a number there, so such a value means the
/// type is wrong, and an error that names the expected kind and quotes the
/// value shows that. Returning `None` would make the value
/// indistinguishable from a field the server left empty. A field whose
/// content varies that much should be a `Loose<String>`.
///
/// Equality compares the wire form, so `"26"` and `26` are different values
/// with the same [`get`](Loose::get).
pub struct Loose<T> {
    raw: Value,
    scalar: PhantomData<fn() -> T>,
}

/// A scalar type that [`Loose`] can hold: `i64`, `f64`, `bool` or `String`.
///
/// This trait is sealed: other crates cannot implement it.
pub trait LooseScalar: sealed::Sealed {}

mod sealed {
    use serde_json::Value;

    /// The reason a JSON value cannot mean a scalar type.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Rejection {
        /// The JSON kind can never mean the type, such as an object.
        Type,
        /// The JSON kind is accepted but this value cannot mean the type,
        /// such as the string `"abc"` for an integer.
        Value,
    }

    /// The conversions behind [`super::LooseScalar`].
    pub trait Sealed: Sized {
        /// The accepted forms, as the end of a serde error message.
        const EXPECTED: &'static str;

        /// Reads a wire value: `Ok(None)` for a "no value" form.
        fn read(raw: &Value) -> Result<Option<Self>, Rejection>;

        /// Returns the JSON value that encodes `self`.
        fn write(self) -> Value;
    }
}

use sealed::{Rejection, Sealed};

/// Returns whether `raw` is one of the forms that mean "no value" for every
/// scalar type: `null`, `""` or `[]`.
fn is_no_value(raw: &Value) -> bool {
    match raw {
        Value::Null => true,
        Value::String(text) => text.is_empty(),
        Value::Array(items) => items.is_empty(),
        _ => false,
    }
}

/// Parses an integer written as `"26"`, `"+26"` or as a decimal with a zero
/// fraction such as `"15.00"` or `"15."`, the way PHP prints a whole float.
fn parse_integer_text(text: &str) -> Option<i64> {
    if let Ok(integer) = text.parse() {
        return Some(integer);
    }
    let (whole, fraction) = text.split_once('.')?;
    if !fraction.bytes().all(|digit| digit == b'0') {
        return None;
    }
    whole.parse().ok()
}

/// Converts a float with no fractional part that lies within `i64`.
fn whole_float_to_integer(float: f64) -> Option<i64> {
    // 2^63 is exactly representable as an f64, while i64::MAX is not.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    let in_range = (-LIMIT..LIMIT).contains(&float);
    (in_range && float.fract() == 0.0).then_some(float as i64)
}

impl LooseScalar for i64 {}

impl Sealed for i64 {
    const EXPECTED: &'static str =
        "an integer within i64 or a string holding one, such as \"26\" or \"15.00\"";

    fn read(raw: &Value) -> Result<Option<Self>, Rejection> {
        match raw {
            _ if is_no_value(raw) => Ok(None),
            Value::Number(number) => {
                // `as_i64` is None for an integer above i64::MAX.
                let integer = if number.is_f64() {
                    number.as_f64().and_then(whole_float_to_integer)
                } else {
                    number.as_i64()
                };
                integer.map(Some).ok_or(Rejection::Value)
            }
            Value::String(text) => match text.trim() {
                "" => Ok(None),
                trimmed => parse_integer_text(trimmed)
                    .map(Some)
                    .ok_or(Rejection::Value),
            },
            _ => Err(Rejection::Type),
        }
    }

    fn write(self) -> Value {
        Value::from(self)
    }
}

impl LooseScalar for f64 {}

impl Sealed for f64 {
    const EXPECTED: &'static str = "a number or a string holding one, such as \"9.99\"";

    fn read(raw: &Value) -> Result<Option<Self>, Rejection> {
        match raw {
            _ if is_no_value(raw) => Ok(None),
            Value::Number(number) => number.as_f64().map(Some).ok_or(Rejection::Value),
            Value::String(text) => match text.trim() {
                "" => Ok(None),
                trimmed => trimmed
                    .parse::<f64>()
                    .ok()
                    .filter(|float| float.is_finite())
                    .map(Some)
                    .ok_or(Rejection::Value),
            },
            _ => Err(Rejection::Type),
        }
    }

    /// Writes NaN and the infinities as `null`, because JSON has no form for
    /// them.
    fn write(self) -> Value {
        Value::from(self)
    }
}

impl LooseScalar for bool {}

impl Sealed for bool {
    const EXPECTED: &'static str = "a boolean or one of 1, 0, \"1\", \"0\", \"true\" and \"false\"";

    fn read(raw: &Value) -> Result<Option<Self>, Rejection> {
        match raw {
            _ if is_no_value(raw) => Ok(None),
            Value::Bool(boolean) => Ok(Some(*boolean)),
            Value::Number(number) => match number.as_u64() {
                Some(0) => Ok(Some(false)),
                Some(1) => Ok(Some(true)),
                _ => Err(Rejection::Value),
            },
            Value::String(text) => {
                let trimmed = text.trim();
                if trimmed.is_empty() {
                    Ok(None)
                } else if trimmed == "1" || trimmed.eq_ignore_ascii_case("true") {
                    Ok(Some(true))
                } else if trimmed == "0" || trimmed.eq_ignore_ascii_case("false") {
                    Ok(Some(false))
                } else {
                    Err(Rejection::Value)
                }
            }
            _ => Err(Rejection::Type),
        }
    }

    fn write(self) -> Value {
        Value::Bool(self)
    }
}

impl LooseScalar for String {}

impl Sealed for String {
    const EXPECTED: &'static str = "a string, number or boolean";

    fn read(raw: &Value) -> Result<Option<Self>, Rejection> {
        match raw {
            _ if is_no_value(raw) => Ok(None),
            Value::String(text) => Ok(Some(text.clone())),
            Value::Number(number) => Ok(Some(number.to_string())),
            Value::Bool(boolean) => Ok(Some(boolean.to_string())),
            _ => Err(Rejection::Type),
        }
    }

    fn write(self) -> Value {
        Value::String(self)
    }
}

impl<T: LooseScalar> Loose<T> {
    /// Returns the value, or `None` when the server sent `null`, `""` or
    /// `[]`.
    pub fn get(&self) -> Option<T> {
        // Every constructor stores a value that `read` accepts, so `ok()`
        // only discards an error that cannot occur.
        T::read(&self.raw).ok().flatten()
    }

    /// Returns the JSON value as the server sent it.
    pub fn raw(&self) -> &Value {
        &self.raw
    }

    /// Returns the JSON value as the server sent it, consuming `self`.
    pub fn into_raw(self) -> Value {
        self.raw
    }
}

impl<T> Clone for Loose<T> {
    fn clone(&self) -> Self {
        Loose {
            raw: self.raw.clone(),
            scalar: PhantomData,
        }
    }
}

impl<T> PartialEq for Loose<T> {
    fn eq(&self, other: &Self) -> bool {
        self.raw == other.raw
    }
}

impl<T> Eq for Loose<T> {}

/// Writes `Loose(` followed by the wire form as JSON text and `)`, such as
/// `Loose("26")`.
impl<T> fmt::Debug for Loose<T> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "Loose({})", self.raw)
    }
}

/// Writes the value as `T` writes it, or nothing when there is no value.
impl<T: LooseScalar + fmt::Display> fmt::Display for Loose<T> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.get() {
            Some(value) => value.fmt(formatter),
            None => Ok(()),
        }
    }
}

/// Returns a value without a value: `null`.
impl<T> Default for Loose<T> {
    fn default() -> Self {
        Loose {
            raw: Value::Null,
            scalar: PhantomData,
        }
    }
}

/// Wraps `value` in its native JSON form. An `f64` that is NaN or infinite
/// becomes `null`, and an empty `String` stays `""`, so both have no value
/// for [`get`](Loose::get).
impl<T: LooseScalar> From<T> for Loose<T> {
    fn from(value: T) -> Self {
        Loose {
            raw: value.write(),
            scalar: PhantomData,
        }
    }
}

/// Wraps `Some(value)` like `From<T>` and `None` as `null`.
impl<T: LooseScalar> From<Option<T>> for Loose<T> {
    fn from(value: Option<T>) -> Self {
        value.map(Loose::from).unwrap_or_default()
    }
}

impl From<&str> for Loose<String> {
    fn from(value: &str) -> Self {
        Loose::from(value.to_owned())
    }
}

impl<T> Serialize for Loose<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.raw.serialize(serializer)
    }
}

impl<'de, T: LooseScalar> Deserialize<'de> for Loose<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Value::deserialize(deserializer)?;
        match T::read(&raw) {
            Ok(_) => Ok(Loose {
                raw,
                scalar: PhantomData,
            }),
            Err(rejection) => Err(mismatch(rejection == Rejection::Type, &raw, &T::EXPECTED)),
        }
    }
}
