//! [`LooseList<T>`]: a list that PHP may send as an array or as an object
//! keyed by id.

use std::fmt;
use std::ops::Index;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::collection::{CollectionForm, Entries, deserialize_entries};

/// A list response field of `T` items that keeps the JSON form it was sent
/// in.
///
/// PHP's `json_encode` writes an array as a JSON array only when its keys are
/// `0, 1, 2, ...` in order. Any other array, such as invoices keyed by id,
/// becomes an object: `{"1693": {...}, "1694": {...}}`. This type accepts
/// both, and keeps the items in wire order with their keys. It also accepts
/// `{}`, `null`, `""` and `false` as an empty list. Any other value is
/// rejected, and an item that `T` rejects is rejected with `T`'s error.
///
/// A repeated key in an object keeps the last value in the place of the
/// first, as `serde_json::Value` does. Encoding writes the same form back:
/// an array, an object with the keys in wire order, or the empty form.
#[derive(Clone, PartialEq, Eq)]
pub struct LooseList<T> {
    entries: Entries<T>,
}

impl<T> LooseList<T> {
    /// Returns the number of items.
    pub fn len(&self) -> usize {
        self.entries.values().len()
    }

    /// Returns whether the list has no items.
    pub fn is_empty(&self) -> bool {
        self.entries.values().is_empty()
    }

    /// Returns the item at `index` in wire order.
    pub fn get(&self, index: usize) -> Option<&T> {
        self.entries.values().get(index)
    }

    /// Returns the items in wire order.
    pub fn as_slice(&self) -> &[T] {
        self.entries.values()
    }

    /// Returns an iterator over the items in wire order.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.entries.values().iter()
    }

    /// Returns whether the list was sent as an object keyed by id, so that
    /// [`key`](LooseList::key) returns the keys.
    pub fn is_keyed(&self) -> bool {
        self.entries.form() == CollectionForm::Object
    }

    /// Returns the object key of the item at `index`, or `None` when the list
    /// was not sent as an object or `index` is out of range.
    pub fn key(&self, index: usize) -> Option<&str> {
        if !self.is_keyed() {
            return None;
        }
        self.entries.keys().get(index).map(String::as_str)
    }

    /// Returns an iterator over the items in wire order, each with its object
    /// key, or with `None` when the list was not sent as an object.
    pub fn iter_keyed(&self) -> impl ExactSizeIterator<Item = (Option<&str>, &T)> {
        let keyed = self.is_keyed();
        self.iter().enumerate().map(move |(index, item)| {
            let key = keyed.then(|| self.entries.keys()[index].as_str());
            (key, item)
        })
    }

    /// Returns the items in wire order, consuming `self`.
    pub fn into_vec(self) -> Vec<T> {
        self.entries.into_parts().1
    }
}

/// Returns an empty list that encodes as `[]`.
impl<T> Default for LooseList<T> {
    fn default() -> Self {
        LooseList::from(Vec::new())
    }
}

/// Wraps `items` as a list that encodes as a JSON array.
impl<T> From<Vec<T>> for LooseList<T> {
    fn from(items: Vec<T>) -> Self {
        LooseList {
            entries: Entries::array(items, false),
        }
    }
}

/// Collects items into a list that encodes as a JSON array.
impl<T> FromIterator<T> for LooseList<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        LooseList::from(items.into_iter().collect::<Vec<T>>())
    }
}

impl<T> Index<usize> for LooseList<T> {
    type Output = T;

    /// Returns the item at `index` in wire order.
    ///
    /// # Panics
    ///
    /// Panics when `index` is not less than [`len`](LooseList::len).
    fn index(&self, index: usize) -> &T {
        &self.as_slice()[index]
    }
}

impl<'a, T> IntoIterator for &'a LooseList<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T> IntoIterator for LooseList<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.into_vec().into_iter()
    }
}

/// Writes `LooseList(` followed by the items in their wire form and `)`.
impl<T: fmt::Debug> fmt::Debug for LooseList<T> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_tuple("LooseList")
            .field(&self.entries)
            .finish()
    }
}

impl<T: Serialize> Serialize for LooseList<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.entries.serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for LooseList<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let entries = deserialize_entries(deserializer, "a list", false)?;
        Ok(LooseList { entries })
    }
}
