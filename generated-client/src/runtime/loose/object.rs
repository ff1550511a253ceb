//! [`LooseObject<T>`]: a nested object that PHP may send as an empty array,
//! `null`, `""` or `false`.

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeSeq;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::{mismatch, short_type_name};

/// A nested object response field, decoded as `T`, that keeps the form of an
/// empty value.
///
/// Accepts a JSON object, decoded as `T`, and four forms that mean "no
/// object": `null`, `[]`, `""` and `false`. PHP's `json_encode` writes an
/// empty array as `[]` even where the data is otherwise an object, and many
/// PHP functions return `false` when nothing is found. Any other value is
/// rejected, including a non-empty array, a non-empty string, `true` and
/// numbers. An object that `T` rejects is rejected with `T`'s error.
///
/// Encoding writes the object back through `T`, or the same empty form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LooseObject<T> {
    form: ObjectForm<T>,
}

/// The wire form of a [`LooseObject`].
#[derive(Debug, Clone, PartialEq, Eq)]
enum ObjectForm<T> {
    Object(T),
    Null,
    EmptyArray,
    EmptyString,
    False,
}

impl<T> LooseObject<T> {
    /// Returns the object, or `None` when the server sent `null`, `[]`, `""`
    /// or `false`.
    pub fn get(&self) -> Option<&T> {
        match &self.form {
            ObjectForm::Object(object) => Some(object),
            _ => None,
        }
    }

    /// Returns the object for changing it, or `None` when there is none.
    pub fn get_mut(&mut self) -> Option<&mut T> {
        match &mut self.form {
            ObjectForm::Object(object) => Some(object),
            _ => None,
        }
    }

    /// Returns the object, consuming `self`.
    pub fn into_inner(self) -> Option<T> {
        match self.form {
            ObjectForm::Object(object) => Some(object),
            _ => None,
        }
    }
}

/// Returns a value without an object: `null`.
impl<T> Default for LooseObject<T> {
    fn default() -> Self {
        LooseObject {
            form: ObjectForm::Null,
        }
    }
}

/// Wraps `object`, which encodes as a JSON object.
impl<T> From<T> for LooseObject<T> {
    fn from(object: T) -> Self {
        LooseObject {
            form: ObjectForm::Object(object),
        }
    }
}

impl<T: Serialize> Serialize for LooseObject<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.form {
            ObjectForm::Object(object) => object.serialize(serializer),
            ObjectForm::Null => serializer.serialize_unit(),
            ObjectForm::EmptyArray => serializer.serialize_seq(Some(0))?.end(),
            ObjectForm::EmptyString => serializer.serialize_str(""),
            ObjectForm::False => serializer.serialize_bool(false),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for LooseObject<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ObjectVisitor(PhantomData))
    }
}

struct ObjectVisitor<T>(PhantomData<fn() -> T>);

impl<T> ObjectVisitor<T> {
    fn wrap<E>(form: ObjectForm<T>) -> Result<LooseObject<T>, E> {
        Ok(LooseObject { form })
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = LooseObject<T>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "an object for {}, or null, [], \"\" or false",
            short_type_name::<T>()
        )
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        // Handing the same map to `T` keeps the path that
        // `serde_path_to_error` records for fields inside `T`.
        let object = T::deserialize(MapAccessDeserializer::new(map))?;
        Self::wrap(ObjectForm::Object(object))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Value>()? {
            items.push(item);
        }
        if items.is_empty() {
            return Self::wrap(ObjectForm::EmptyArray);
        }
        Err(mismatch(true, &Value::Array(items), &self))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        if text.is_empty() {
            return Self::wrap(ObjectForm::EmptyString);
        }
        Err(mismatch(true, &Value::from(text), &self))
    }

    fn visit_bool<E: de::Error>(self, boolean: bool) -> Result<Self::Value, E> {
        if !boolean {
            return Self::wrap(ObjectForm::False);
        }
        Err(mismatch(true, &Value::Bool(boolean), &self))
    }

    fn visit_i64<E: de::Error>(self, integer: i64) -> Result<Self::Value, E> {
        Err(mismatch(true, &Value::from(integer), &self))
    }

    fn visit_u64<E: de::Error>(self, integer: u64) -> Result<Self::Value, E> {
        Err(mismatch(true, &Value::from(integer), &self))
    }

    fn visit_f64<E: de::Error>(self, float: f64) -> Result<Self::Value, E> {
        Err(mismatch(true, &Value::from(float), &self))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Self::wrap(ObjectForm::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Self::wrap(ObjectForm::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}
