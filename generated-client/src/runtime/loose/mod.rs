//! Value types for the fields of typed responses, tolerant of how a PHP back
//! end such as HostBill encodes its data.
//!
//! PHP is loose with types, so one field can arrive as `26`, `"26"`, `""` or
//! `null` across responses, an empty nested object arrives as `[]`, and an
//! array whose keys are not `0, 1, 2, ...` arrives as an object keyed by id.
//! The types here accept those forms and keep the wire form they were
//! decoded from, so encoding a decoded value gives back the same JSON:
//!
//! - [`Loose<T>`] for a scalar (`i64`, `f64`, `bool` or `String`),
//! - [`LooseObject<T>`] for a nested object,
//! - [`LooseList<T>`] for a list,
//! - [`LooseMap<T>`] for a map keyed by id or name.
//!
//! A struct field of one of these types is written as an `Option` with
//! [`deserialize_some`], so that an absent field is `None` and a field sent
//! as `null` is `Some` and is written back as `null`:
//!
//! ```text
//! #[serde(default, deserialize_with = "crate::runtime::deserialize_some",
//!         skip_serializing_if = "Option::is_none")]
//! pub id: Option<crate::runtime::Loose<i64>>,
//! ```
//!
//! Lists and maps keep their members in the order the decoder reads them.
//! NOTE: that is the wire order when decoding from JSON text. A
//! `serde_json::Value` sorts object members by key unless serde_json's
//! `preserve_order` feature is enabled, so decoding from a `Value` without
//! that feature iterates id-keyed members in key order.
//!
//! Error messages name the expected kind of value and quote what was found,
//! shortened to [`QUOTE_LIMIT`] bytes. A value cannot see its field name, so
//! the path comes from `serde_path_to_error`, which follows these types into
//! nested objects, lists and maps, as in `invoices.1693.items[0].id`.

mod collection;
mod list;
mod map;
mod object;
mod scalar;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Deserializer, de};
use serde_json::Value;

pub use list::LooseList;
pub use map::LooseMap;
pub use object::LooseObject;
pub use scalar::{Loose, LooseScalar};

/// Longest JSON text of a rejected value quoted in an error message, in
/// bytes.
const QUOTE_LIMIT: usize = 64;

/// Deserializes a field that is present as `Some`, including a field sent as
/// `null`.
///
/// Serde decodes `null` into `None` for a plain `Option` field, so a
/// response with `"client": null` would be encoded again without the field.
/// With `#[serde(default, deserialize_with = "deserialize_some")]` only an
/// absent field is `None`, and the wrapper inside `Some` keeps the `null`.
///
/// # Errors
///
/// Returns the error of `T`'s own `Deserialize` implementation.
pub fn deserialize_some<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

/// Builds the error for a value that a loose type does not accept, in serde's
/// own wording: `invalid type: string "abc", expected ...`.
fn mismatch<E: de::Error>(invalid_type: bool, found: &Value, expected: &dyn de::Expected) -> E {
    let problem = if invalid_type {
        "invalid type"
    } else {
        "invalid value"
    };
    E::custom(format_args!(
        "{problem}: {}, expected {expected}",
        describe(found)
    ))
}

/// Describes a JSON value for an error message: its kind and its JSON text,
/// cut to [`QUOTE_LIMIT`] bytes.
fn describe(value: &Value) -> String {
    let kind = match value {
        Value::Null => return "null".to_owned(),
        Value::Bool(_) => "boolean",
        Value::Number(number) if number.is_f64() => "floating point",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    let text = value.to_string();
    if text.len() <= QUOTE_LIMIT {
        return format!("{kind} {text}");
    }
    let mut end = QUOTE_LIMIT;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{kind} {}…", &text[..end])
}

/// Returns the name of `T` without module paths, such as `Loose<String>` for
/// `myip_client::runtime::Loose<alloc::string::String>`.
fn short_type_name<T: ?Sized>() -> String {
    let full = std::any::type_name::<T>();
    let mut short = String::with_capacity(full.len());
    // Where the path that is being copied starts in `short`. Each `::` cuts
    // `short` back to it, so only the last segment of a path remains.
    let mut path_start = 0;
    let mut rest = full;
    while let Some(character) = rest.chars().next() {
        if let Some(tail) = rest.strip_prefix("::") {
            short.truncate(path_start);
            rest = tail;
            continue;
        }
        short.push(character);
        if !(character.is_alphanumeric() || character == '_') {
            path_start = short.len();
        }
        rest = &rest[character.len_utf8()..];
    }
    short
}
