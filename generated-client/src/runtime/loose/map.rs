//! [`LooseMap<T>`]: a map keyed by id or name that PHP may send as an object
//! or, when its keys are `0, 1, 2, ...`, as an array.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::collection::{CollectionForm, Entries, deserialize_entries};

/// A map response field with `T` values, keyed by id or name, that keeps the
/// JSON form it was sent in.
///
/// Accepts an object, such as `{"10": "BankTransfer"}`, with its members in
/// wire order. PHP's `json_encode` writes a map whose keys happen to be
/// `0, 1, 2, ...` as a JSON array, and an empty map as `[]`. An array is
/// therefore accepted too, with the indices `"0"`, `"1"`, ... as keys. So
/// are `null`, `""` and `false` as an empty map. Any other value is
/// rejected, and a value that `T` rejects is rejected with `T`'s error.
///
/// A repeated key keeps the last value in the place of the first, as
/// `serde_json::Value` does. Encoding writes the same form back: an object
/// with the keys in wire order, an array, or the empty form.
///
/// [`get`](LooseMap::get) scans the entries in order, which suits the small
/// maps of a response. For many lookups in a large map, collect
/// [`iter`](LooseMap::iter) into a `HashMap`.
#[derive(Clone, PartialEq, Eq)]
pub struct LooseMap<T> {
    entries: Entries<T>,
}

impl<T> LooseMap<T> {
    /// Returns the number of entries.
    pub fn len(&self) -> usize {
        self.entries.values().len()
    }

    /// Returns whether the map has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.values().is_empty()
    }

    /// Returns the value of `key`. For a map sent as an array the keys are
    /// the indices `"0"`, `"1"`, ...
    pub fn get(&self, key: &str) -> Option<&T> {
        let position = self.entries.keys().iter().position(|name| name == key)?;
        self.entries.values().get(position)
    }

    /// Returns whether the map has an entry for `key`.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Returns an iterator over the entries in wire order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&str, &T)> + ExactSizeIterator {
        self.keys().zip(self.entries.values())
    }

    /// Returns an iterator over the keys in wire order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator {
        self.entries.keys().iter().map(String::as_str)
    }

    /// Returns an iterator over the values in wire order.
    pub fn values(&self) -> std::slice::Iter<'_, T> {
        self.entries.values().iter()
    }

    /// Returns whether the map was sent as a JSON array, `[]` included.
    pub fn is_array(&self) -> bool {
        self.entries.form() == CollectionForm::Array
    }
}

/// Returns an empty map that encodes as `{}`.
impl<T> Default for LooseMap<T> {
    fn default() -> Self {
        LooseMap {
            entries: Entries::object(Vec::new()),
        }
    }
}

/// Collects entries into a map that encodes as a JSON object. A repeated
/// key keeps the last value in the place of the first.
impl<T> FromIterator<(String, T)> for LooseMap<T> {
    fn from_iter<I: IntoIterator<Item = (String, T)>>(entries: I) -> Self {
        LooseMap {
            entries: Entries::object(entries),
        }
    }
}

impl<T> IntoIterator for LooseMap<T> {
    type Item = (String, T);
    type IntoIter = std::iter::Zip<std::vec::IntoIter<String>, std::vec::IntoIter<T>>;

    /// Returns the entries in wire order, consuming the map.
    fn into_iter(self) -> Self::IntoIter {
        let (keys, values) = self.entries.into_parts();
        keys.into_iter().zip(values)
    }
}

/// Writes `LooseMap(` followed by the entries in their wire form and `)`.
impl<T: fmt::Debug> fmt::Debug for LooseMap<T> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_tuple("LooseMap")
            .field(&self.entries)
            .finish()
    }
}

impl<T: Serialize> Serialize for LooseMap<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.entries.serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for LooseMap<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let entries = deserialize_entries(deserializer, "a map", true)?;
        Ok(LooseMap { entries })
    }
}
