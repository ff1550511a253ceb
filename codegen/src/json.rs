//! Small helpers for reading untyped JSON with located errors.

use std::path::Path;

use serde_json::{Map, Value};

use crate::error::{Error, Pointer};

/// Describes a JSON value's type for error messages: `an object`, `a string`.
pub fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Reads typed members of JSON objects in one file and builds located errors.
#[derive(Debug, Clone, Copy)]
pub struct Reader<'a> {
    pub path: &'a Path,
}

impl<'a> Reader<'a> {
    /// Returns an [`Error::Invalid`] for the value at `pointer`.
    pub fn invalid(
        &self,
        pointer: &Pointer,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Error {
        Error::Invalid {
            path: self.path.to_path_buf(),
            pointer: pointer.as_str().to_owned(),
            message: message.into(),
            fix: fix.into(),
        }
    }

    /// Returns the value as an object, or an error naming what it is instead.
    pub fn object<'v>(
        &self,
        value: &'v Value,
        pointer: &Pointer,
        what: &str,
    ) -> Result<&'v Map<String, Value>, Error> {
        value.as_object().ok_or_else(|| {
            self.invalid(
                pointer,
                format!("{what} is {}, expected an object", describe(value)),
                format!("make {what} a JSON object"),
            )
        })
    }

    /// Returns an optional string member; present but not a string is an error.
    pub fn optional_string<'v>(
        &self,
        object: &'v Map<String, Value>,
        key: &str,
        pointer: &Pointer,
    ) -> Result<Option<&'v str>, Error> {
        match object.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) => Ok(Some(text)),
            Some(other) => Err(self.invalid(
                &pointer.join(key),
                format!("`{key}` is {}, expected a string", describe(other)),
                format!("write `{key}` as a JSON string"),
            )),
        }
    }

    /// Returns an optional array member; present but not an array is an error.
    pub fn optional_array<'v>(
        &self,
        object: &'v Map<String, Value>,
        key: &str,
        pointer: &Pointer,
    ) -> Result<&'v [Value], Error> {
        match object.get(key) {
            None | Some(Value::Null) => Ok(&[]),
            Some(Value::Array(items)) => Ok(items),
            Some(other) => Err(self.invalid(
                &pointer.join(key),
                format!("`{key}` is {}, expected an array", describe(other)),
                format!("write `{key}` as a JSON array"),
            )),
        }
    }

    /// Returns an optional array of strings, such as `tags` or `produces`.
    pub fn string_list(
        &self,
        object: &Map<String, Value>,
        key: &str,
        pointer: &Pointer,
    ) -> Result<Vec<String>, Error> {
        let items = self.optional_array(object, key, pointer)?;
        let mut strings = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            match item {
                Value::String(text) => strings.push(text.clone()),
                other => {
                    return Err(self.invalid(
                        &pointer.join(key).join(index),
                        format!("`{key}` item is {}, expected a string", describe(other)),
                        format!("list only strings in `{key}`"),
                    ));
                }
            }
        }
        Ok(strings)
    }
}
