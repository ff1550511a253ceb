//! The shape of example values: classifying JSON values and merging the
//! shapes of several samples.

use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::naming;

/// Nesting deeper than this many levels gives [`Shape::Any`].
pub(super) const MAX_DEPTH: usize = 64;

/// Strings of more digits than this stay strings: card numbers, long ids
/// that do not fit an `f64` exactly.
const MAX_NUMBER_DIGITS: usize = 15;

/// The common shape of the samples at one place in a response.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) enum Shape<'a> {
    /// Only `null`, `[]` or `{}` seen. Merges into any other shape.
    #[default]
    Unknown,
    /// Samples that disagree, or nesting deeper than [`MAX_DEPTH`]. Stays
    /// `Any` when merged.
    Any,
    String,
    /// `from_text` is true when every sample was a string such as `"26"`.
    Integer {
        from_text: bool,
    },
    /// `from_text` is true when every sample was a string such as `"19.65"`.
    Number {
        from_text: bool,
    },
    Boolean,
    List(Box<Shape<'a>>),
    /// An object keyed by ids or other data, with the shape of its values.
    Map(Box<Shape<'a>>),
    Object(Box<ObjectShape<'a>>),
    /// An object after unification, by index into the unifier's classes.
    Class(usize),
}

impl Shape<'_> {
    /// Returns the kind of shape in words, for log messages.
    pub(super) fn kind(&self) -> &'static str {
        match self {
            Shape::Unknown => "null or empty",
            Shape::Any => "mixed",
            Shape::String => "string",
            Shape::Integer { .. } => "integer",
            Shape::Number { .. } => "number",
            Shape::Boolean => "boolean",
            Shape::List(_) => "array",
            Shape::Map(_) => "map",
            Shape::Object(_) | Shape::Class(_) => "object",
        }
    }
}

/// The merged fields of one or more object samples.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct ObjectShape<'a> {
    /// Fields in order of first appearance.
    pub(super) fields: IndexMap<String, FieldShape<'a>>,
    /// How many object samples were merged.
    pub(super) samples: usize,
    /// The sample with the most fields, the first one on a tie.
    pub(super) example: &'a Value,
}

/// One field of an [`ObjectShape`].
#[derive(Debug, Clone, PartialEq)]
pub(super) struct FieldShape<'a> {
    pub(super) shape: Shape<'a>,
    /// How many of the object samples contain the field.
    pub(super) seen: usize,
}

/// Two shapes that could not be merged, for logging.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Conflict {
    /// The key where the shapes met.
    pub(super) key: String,
    pub(super) left: &'static str,
    pub(super) right: &'static str,
}

/// Returns the shape of one sample. `key` is the object key the value
/// belongs to, or for array items and map values, the key of the array or
/// map. Conflicts between array items are added to `conflicts`.
pub(super) fn classify<'a>(
    value: &'a Value,
    key: &str,
    depth: usize,
    conflicts: &mut Vec<Conflict>,
) -> Shape<'a> {
    if depth > MAX_DEPTH {
        tracing::debug!(
            key,
            "example nests deeper than {MAX_DEPTH} levels; typed it Any"
        );
        return Shape::Any;
    }
    match value {
        Value::Null => Shape::Unknown,
        Value::Bool(_) => Shape::Boolean,
        Value::Number(number)
            if (number.is_i64() || number.is_u64()) && !naming::is_money_field(key) =>
        {
            Shape::Integer { from_text: false }
        }
        Value::Number(_) => Shape::Number { from_text: false },
        Value::String(text) => classify_text(text, key),
        Value::Array(items) => {
            let mut merged = Shape::Unknown;
            for item in items {
                let shape = classify(item, key, depth + 1, conflicts);
                merged = merge(merged, shape, key, conflicts);
            }
            match merged {
                Shape::Unknown if items.is_empty() => Shape::Unknown,
                merged => Shape::List(Box::new(merged)),
            }
        }
        Value::Object(members) => classify_object(value, members, key, depth, conflicts),
    }
}

/// Classifies an object as a map or a struct-like object.
///
/// It is a map when any key is a decimal integer, because HostBill keys by
/// id and never names a field with digits only. It is also a map when no
/// key looks like a field name (`hosting.com`, `1.2.3.4`) and all values
/// merge without a conflict. Otherwise it is an object with fields.
fn classify_object<'a>(
    value: &'a Value,
    members: &'a Map<String, Value>,
    key: &str,
    depth: usize,
    conflicts: &mut Vec<Conflict>,
) -> Shape<'a> {
    if members.is_empty() {
        return Shape::Unknown;
    }
    if members.keys().any(|member| naming::is_id_key(member)) {
        let mut merged = Shape::Unknown;
        for member in members.values() {
            let shape = classify(member, key, depth + 1, conflicts);
            merged = merge(merged, shape, key, conflicts);
        }
        return Shape::Map(Box::new(merged));
    }
    let mut fields = IndexMap::with_capacity(members.len());
    for (name, member) in members {
        let shape = classify(member, name, depth + 1, conflicts);
        fields.insert(name.clone(), FieldShape { shape, seen: 1 });
    }
    if !members.keys().any(|member| naming::is_field_like(member)) {
        let mut trial_conflicts = Vec::new();
        let mut merged = Shape::Unknown;
        for field in fields.values() {
            merged = merge(merged, field.shape.clone(), key, &mut trial_conflicts);
        }
        if trial_conflicts.is_empty() {
            return Shape::Map(Box::new(merged));
        }
    }
    Shape::Object(Box::new(ObjectShape {
        fields,
        samples: 1,
        example: value,
    }))
}

/// Types a string by its text. PHP portals send numbers as strings, so
/// `"26"` is an integer and `"19.65"` a number, but text with a leading
/// zero or `+`, more than 15 digits, or in a postcode, phone or address
/// field stays a string.
fn classify_text(text: &str, key: &str) -> Shape<'static> {
    if naming::is_free_text_field(key) {
        return Shape::String;
    }
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let is_digits = |part: &str| !part.is_empty() && part.bytes().all(|byte| byte.is_ascii_digit());
    let canonical_whole = is_digits(whole) && (whole == "0" || !whole.starts_with('0'));
    let digit_count = whole.len() + fraction.map_or(0, str::len);
    if !canonical_whole || digit_count > MAX_NUMBER_DIGITS {
        return Shape::String;
    }
    match fraction {
        None if naming::is_money_field(key) => Shape::Number { from_text: true },
        None => Shape::Integer { from_text: true },
        Some(fraction) if is_digits(fraction) => Shape::Number { from_text: true },
        Some(_) => Shape::String,
    }
}

/// Merges the shapes of two samples. Integer and number give a number, a
/// string and a number that was text give a string, and incompatible shapes
/// give [`Shape::Any`] and a [`Conflict`].
pub(super) fn merge<'a>(
    left: Shape<'a>,
    right: Shape<'a>,
    key: &str,
    conflicts: &mut Vec<Conflict>,
) -> Shape<'a> {
    match (left, right) {
        (Shape::Unknown, other) | (other, Shape::Unknown) => other,
        (Shape::Any, _) | (_, Shape::Any) => Shape::Any,
        (Shape::String, Shape::String) => Shape::String,
        (Shape::String, Shape::Integer { from_text: true } | Shape::Number { from_text: true })
        | (Shape::Integer { from_text: true } | Shape::Number { from_text: true }, Shape::String) => {
            Shape::String
        }
        (Shape::Integer { from_text: left }, Shape::Integer { from_text: right }) => {
            Shape::Integer {
                from_text: left && right,
            }
        }
        (
            Shape::Integer { from_text: left } | Shape::Number { from_text: left },
            Shape::Integer { from_text: right } | Shape::Number { from_text: right },
        ) => Shape::Number {
            from_text: left && right,
        },
        (Shape::Boolean, Shape::Boolean) => Shape::Boolean,
        (Shape::List(left), Shape::List(right)) => {
            Shape::List(Box::new(merge(*left, *right, key, conflicts)))
        }
        (Shape::Map(left), Shape::Map(right)) => {
            Shape::Map(Box::new(merge(*left, *right, key, conflicts)))
        }
        (Shape::Map(values), Shape::Object(object))
        | (Shape::Object(object), Shape::Map(values)) => {
            let mut merged = *values;
            for field in object.fields.into_values() {
                merged = merge(merged, field.shape, key, conflicts);
            }
            Shape::Map(Box::new(merged))
        }
        (Shape::Object(mut left), Shape::Object(right)) => {
            merge_objects(&mut left, *right, conflicts);
            Shape::Object(left)
        }
        (Shape::Class(left), Shape::Class(right)) if left == right => Shape::Class(left),
        (left, right) => {
            conflicts.push(Conflict {
                key: key.to_owned(),
                left: left.kind(),
                right: right.kind(),
            });
            Shape::Any
        }
    }
}

/// Merges the object samples in `right` into `left`: the union of their
/// fields, in order of first appearance, with the counts of samples and of
/// samples with each field.
pub(super) fn merge_objects<'a>(
    left: &mut ObjectShape<'a>,
    right: ObjectShape<'a>,
    conflicts: &mut Vec<Conflict>,
) {
    if field_count(right.example) > field_count(left.example) {
        left.example = right.example;
    }
    left.samples += right.samples;
    for (name, field) in right.fields {
        match left.fields.get_mut(&name) {
            Some(existing) => {
                let shape = std::mem::take(&mut existing.shape);
                existing.shape = merge(shape, field.shape, &name, conflicts);
                existing.seen += field.seen;
            }
            None => {
                left.fields.insert(name, field);
            }
        }
    }
}

fn field_count(example: &Value) -> usize {
    example.as_object().map_or(0, Map::len)
}

/// Logs each conflict at debug level.
pub(super) fn log_conflicts(operation: &str, conflicts: &[Conflict]) {
    for conflict in conflicts {
        tracing::debug!(
            operation,
            key = conflict.key,
            "example samples of `{}` disagree ({} and {}); typed it Any",
            conflict.key,
            conflict.left,
            conflict.right
        );
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn shape_of(value: &Value) -> Shape<'_> {
        classify(value, "field", 0, &mut Vec::new())
    }

    #[test]
    fn text_types() {
        let cases = [
            ("26", Shape::Integer { from_text: true }),
            ("-2", Shape::Integer { from_text: true }),
            ("0", Shape::Integer { from_text: true }),
            ("19.65", Shape::Number { from_text: true }),
            ("0.00", Shape::Number { from_text: true }),
            ("-1.5", Shape::Number { from_text: true }),
            ("0123", Shape::String),
            ("+1", Shape::String),
            ("+1.24123123", Shape::String),
            ("1234567890123456", Shape::String),
            ("123456789012345", Shape::Integer { from_text: true }),
            ("0000-00-00 00:00:00", Shape::String),
            ("2016-12-30", Shape::String),
            ("1.", Shape::String),
            (".5", Shape::String),
            ("1e5", Shape::String),
            ("-", Shape::String),
            ("", Shape::String),
            ("true", Shape::String),
        ];
        for (text, expected) in cases {
            assert_eq!(classify_text(text, "value"), expected, "{text:?}");
        }
    }

    #[test]
    fn whole_money_values_are_numbers() {
        let mut conflicts = Vec::new();
        assert_eq!(
            classify_text("15", "amount"),
            Shape::Number { from_text: true }
        );
        assert_eq!(
            classify(&serde_json::json!(0), "credit", 0, &mut conflicts),
            Shape::Number { from_text: false }
        );
        assert_eq!(
            classify(&serde_json::json!(0), "index", 0, &mut conflicts),
            Shape::Integer { from_text: false }
        );
        assert!(conflicts.is_empty());
    }

    #[test]
    fn free_text_field_stays_string() {
        assert_eq!(classify_text("95401", "postcode"), Shape::String);
        assert_eq!(classify_text("3194", "address2"), Shape::String);
    }

    #[test]
    fn scalar_merges() {
        let integer = Shape::Integer { from_text: false };
        let number = Shape::Number { from_text: false };
        let text_integer = Shape::Integer { from_text: true };
        let mut conflicts = Vec::new();
        assert_eq!(
            merge(integer.clone(), number.clone(), "a", &mut conflicts),
            number
        );
        assert_eq!(
            merge(Shape::String, text_integer, "a", &mut conflicts),
            Shape::String
        );
        assert_eq!(
            merge(Shape::Unknown, Shape::Boolean, "a", &mut conflicts),
            Shape::Boolean
        );
        assert!(conflicts.is_empty());
        assert_eq!(
            merge(Shape::String, integer, "a", &mut conflicts),
            Shape::Any
        );
        assert_eq!(
            merge(Shape::Boolean, Shape::String, "b", &mut conflicts),
            Shape::Any
        );
        assert_eq!(conflicts.len(), 2);
        assert_eq!(conflicts[1].key, "b");
    }

    #[test]
    fn empty_values_are_unknown() {
        assert_eq!(shape_of(&json!(null)), Shape::Unknown);
        assert_eq!(shape_of(&json!([])), Shape::Unknown);
        assert_eq!(shape_of(&json!({})), Shape::Unknown);
        assert_eq!(
            shape_of(&json!([null])),
            Shape::List(Box::new(Shape::Unknown))
        );
    }

    #[test]
    fn array_items_merge_fields() {
        let value = json!([{"a": 1, "b": "x"}, {"a": 2.5}]);
        let Shape::List(item) = shape_of(&value) else {
            unreachable!("an array gives a list");
        };
        let Shape::Object(object) = *item else {
            unreachable!("objects give an object");
        };
        assert_eq!(object.samples, 2);
        assert_eq!(object.fields["a"].seen, 2);
        assert_eq!(object.fields["a"].shape, Shape::Number { from_text: false });
        assert_eq!(object.fields["b"].seen, 1);
        assert_eq!(object.example, &value[0]);
    }

    #[test]
    fn id_keys_give_map() {
        let value = json!({"10": "BankTransfer", "9": "PayPal"});
        assert_eq!(shape_of(&value), Shape::Map(Box::new(Shape::String)));
    }

    #[test]
    fn mixed_id_keys_give_map_of_any() {
        let value = json!({"full": 1, "332": ["basic"]});
        assert_eq!(shape_of(&value), Shape::Map(Box::new(Shape::Any)));
    }

    #[test]
    fn data_keys_with_same_shape_give_map() {
        let value = json!({"hosting.com": {"id": 6}, "example.org": {"id": 7, "tld": ".org"}});
        let Shape::Map(values) = shape_of(&value) else {
            unreachable!("domain keys give a map");
        };
        assert!(matches!(*values, Shape::Object(_)));
    }

    #[test]
    fn data_keys_with_mixed_shapes_give_object() {
        let value = json!({"Disk Size": "10GB", "Memory.Max": 2});
        assert!(matches!(shape_of(&value), Shape::Object(_)));
    }

    #[test]
    fn field_names_give_object() {
        let value = json!({"id": "1", "name": "x"});
        assert!(matches!(shape_of(&value), Shape::Object(_)));
    }

    #[test]
    fn deep_nesting_gives_any() {
        let mut value = json!(1);
        for _ in 0..(MAX_DEPTH + 10) {
            value = json!([value]);
        }
        let mut shape = shape_of(&value);
        let mut depth = 0;
        while let Shape::List(inner) = shape {
            shape = *inner;
            depth += 1;
        }
        assert_eq!(shape, Shape::Any);
        assert_eq!(depth, MAX_DEPTH + 1);
    }
}
