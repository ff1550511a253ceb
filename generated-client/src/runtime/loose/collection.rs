//! The storage, decoding and encoding shared by [`super::LooseList`] and
//! [`super::LooseMap`]: values in wire order, their keys, and the JSON form
//! they came in.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::{mismatch, short_type_name};

/// The JSON form a collection was sent in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CollectionForm {
    Array,
    Object,
    Null,
    EmptyString,
    False,
}

/// Values in wire order with their keys.
#[derive(Clone, PartialEq, Eq)]
pub(super) struct Entries<T> {
    /// The key of each value. These are the member names of an object, or
    /// for an array the indices as text when `index_keys` was set. Otherwise
    /// the vector is empty.
    keys: Vec<String>,
    values: Vec<T>,
    form: CollectionForm,
}

impl<T> Entries<T> {
    /// Stores the items of an array, with `"0"`, `"1"`, ... as keys when
    /// `index_keys` is set.
    pub(super) fn array(values: Vec<T>, index_keys: bool) -> Self {
        let keys = if index_keys {
            (0..values.len()).map(|index| index.to_string()).collect()
        } else {
            Vec::new()
        };
        Entries {
            keys,
            values,
            form: CollectionForm::Array,
        }
    }

    /// Stores the members of an object in order. A repeated key replaces the
    /// earlier value in its place, as `serde_json::Value` does.
    pub(super) fn object(pairs: impl IntoIterator<Item = (String, T)>) -> Self {
        let mut positions: HashMap<String, usize> = HashMap::new();
        let mut keys = Vec::new();
        let mut values = Vec::new();
        for (key, value) in pairs {
            match positions.entry(key) {
                Entry::Occupied(position) => values[*position.get()] = value,
                Entry::Vacant(position) => {
                    keys.push(position.key().clone());
                    position.insert(values.len());
                    values.push(value);
                }
            }
        }
        Entries {
            keys,
            values,
            form: CollectionForm::Object,
        }
    }

    pub(super) fn keys(&self) -> &[String] {
        &self.keys
    }

    pub(super) fn values(&self) -> &[T] {
        &self.values
    }

    pub(super) fn form(&self) -> CollectionForm {
        self.form
    }

    pub(super) fn into_parts(self) -> (Vec<String>, Vec<T>) {
        (self.keys, self.values)
    }
}

/// Writes the entries in their JSON form, such as `[1, 2]`, `{"7": 1}` or
/// `null`.
impl<T: fmt::Debug> fmt::Debug for Entries<T> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.form {
            CollectionForm::Array => formatter.debug_list().entries(&self.values).finish(),
            CollectionForm::Object => formatter
                .debug_map()
                .entries(self.keys.iter().zip(&self.values))
                .finish(),
            CollectionForm::Null => formatter.write_str("null"),
            CollectionForm::EmptyString => formatter.write_str("\"\""),
            CollectionForm::False => formatter.write_str("false"),
        }
    }
}

impl<T: Serialize> Serialize for Entries<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.form {
            CollectionForm::Array => {
                let mut seq = serializer.serialize_seq(Some(self.values.len()))?;
                for value in &self.values {
                    seq.serialize_element(value)?;
                }
                seq.end()
            }
            CollectionForm::Object => {
                let mut map = serializer.serialize_map(Some(self.values.len()))?;
                for (key, value) in self.keys.iter().zip(&self.values) {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
            CollectionForm::Null => serializer.serialize_unit(),
            CollectionForm::EmptyString => serializer.serialize_str(""),
            CollectionForm::False => serializer.serialize_bool(false),
        }
    }
}

/// Decodes entries from an array, an object, `null`, `""` or `false`.
/// `kind` names the collection in error messages, such as `"a list"`.
pub(super) fn deserialize_entries<'de, D, T>(
    deserializer: D,
    kind: &'static str,
    index_keys: bool,
) -> Result<Entries<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    deserializer.deserialize_any(EntriesVisitor {
        kind,
        index_keys,
        values: PhantomData,
    })
}

struct EntriesVisitor<T> {
    kind: &'static str,
    index_keys: bool,
    values: PhantomData<fn() -> T>,
}

impl<T> EntriesVisitor<T> {
    fn empty<E>(form: CollectionForm) -> Result<Entries<T>, E> {
        Ok(Entries {
            keys: Vec::new(),
            values: Vec::new(),
            form,
        })
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for EntriesVisitor<T> {
    type Value = Entries<T>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "{} of {} as an array or an object, or null, \"\" or false",
            self.kind,
            short_type_name::<T>()
        )
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut values = Vec::new();
        while let Some(value) = seq.next_element()? {
            values.push(value);
        }
        Ok(Entries::array(values, self.index_keys))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut pairs = Vec::new();
        while let Some(pair) = map.next_entry::<String, T>()? {
            pairs.push(pair);
        }
        Ok(Entries::object(pairs))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        if text.is_empty() {
            return Self::empty(CollectionForm::EmptyString);
        }
        Err(mismatch(true, &Value::from(text), &self))
    }

    fn visit_bool<E: de::Error>(self, boolean: bool) -> Result<Self::Value, E> {
        if !boolean {
            return Self::empty(CollectionForm::False);
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
        Self::empty(CollectionForm::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Self::empty(CollectionForm::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}
