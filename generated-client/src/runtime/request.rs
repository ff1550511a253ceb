//! Request parts that generated methods fill in, and the value types they
//! exchange with callers.

use std::fmt;

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use reqwest::Method;
use serde::Serialize;

use super::Error;

/// Characters escaped in a path segment: everything RFC 3986 does not allow
/// in a segment, plus `/` so that a value cannot add a segment, and `%` so
/// that a value is never read as an escape.
const PATH_SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// Percent-encodes one path parameter value.
pub(crate) fn encode_path_segment(value: &str) -> String {
    utf8_percent_encode(value, PATH_SEGMENT).to_string()
}

/// Encoding of an array parameter in the query string or a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ListFormat {
    /// One pair with the values joined by the separator (`a,b`).
    Joined(&'static str),
    /// One pair per value (`name=a&name=b`).
    Repeated,
}

/// A value that can be written into a query string or form field.
pub(crate) trait QueryValue {
    /// Returns the text sent on the wire.
    fn to_query_value(&self) -> String;
}

impl QueryValue for String {
    fn to_query_value(&self) -> String {
        self.clone()
    }
}

impl QueryValue for str {
    fn to_query_value(&self) -> String {
        self.to_owned()
    }
}

impl QueryValue for i64 {
    fn to_query_value(&self) -> String {
        self.to_string()
    }
}

impl QueryValue for f64 {
    fn to_query_value(&self) -> String {
        self.to_string()
    }
}

/// Booleans are sent as `1` and `0`, because PHP reads any non-empty string
/// other than `0`, `false` included, as true.
impl QueryValue for bool {
    fn to_query_value(&self) -> String {
        if *self { "1" } else { "0" }.to_owned()
    }
}

/// JSON strings are sent without quotes, other values as JSON text.
impl QueryValue for serde_json::Value {
    fn to_query_value(&self) -> String {
        match self {
            serde_json::Value::String(text) => text.clone(),
            other => other.to_string(),
        }
    }
}

impl<T: QueryValue + ?Sized> QueryValue for &T {
    fn to_query_value(&self) -> String {
        (**self).to_query_value()
    }
}

/// The body a request carries.
#[derive(Debug, Default)]
pub(crate) enum Body {
    #[default]
    Empty,
    Json(serde_json::Value),
    Multipart(reqwest::multipart::Form),
}

/// One request, built by a generated method and sent by
/// [`Client`](crate::Client).
#[derive(Debug)]
pub(crate) struct Request {
    pub(crate) operation: &'static str,
    pub(crate) method: Method,
    /// Path below the base URL, already percent-encoded, starting with `/`.
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Body,
    /// Fields of an `application/x-www-form-urlencoded` body; the body is
    /// sent as a form when this is not empty.
    pub(crate) form: Vec<(String, String)>,
    /// Media type sent in `Accept`.
    pub(crate) accept: &'static str,
}

impl Request {
    pub(crate) fn new(operation: &'static str, method: Method, path: String) -> Request {
        Request {
            operation,
            method,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            body: Body::Empty,
            form: Vec::new(),
            accept: "application/json",
        }
    }

    pub(crate) fn accept(&mut self, media_type: &'static str) {
        self.accept = media_type;
    }

    pub(crate) fn query(&mut self, name: &str, value: &(impl QueryValue + ?Sized)) {
        self.query.push((name.to_owned(), value.to_query_value()));
    }

    pub(crate) fn query_list<T: QueryValue>(
        &mut self,
        name: &str,
        values: &[T],
        format: ListFormat,
    ) {
        push_list(&mut self.query, name, values, format);
    }

    /// Appends pairs that the spec does not declare, in the given order.
    pub(crate) fn extra_query(&mut self, pairs: &[(String, String)]) {
        self.query.extend(pairs.iter().cloned());
    }

    pub(crate) fn header(&mut self, name: &'static str, value: &(impl QueryValue + ?Sized)) {
        self.headers.push((name, value.to_query_value()));
    }

    pub(crate) fn json_body(&mut self, body: &impl Serialize) -> Result<(), Error> {
        let value = serde_json::to_value(body).map_err(|source| Error::Encode {
            operation: self.operation,
            source,
        })?;
        self.body = Body::Json(value);
        Ok(())
    }

    pub(crate) fn form_field(&mut self, name: &str, value: &(impl QueryValue + ?Sized)) {
        self.form.push((name.to_owned(), value.to_query_value()));
    }

    pub(crate) fn form_list<T: QueryValue>(
        &mut self,
        name: &str,
        values: &[T],
        format: ListFormat,
    ) {
        push_list(&mut self.form, name, values, format);
    }

    pub(crate) fn multipart_body(&mut self, form: reqwest::multipart::Form) {
        self.body = Body::Multipart(form);
    }
}

fn push_list<T: QueryValue>(
    pairs: &mut Vec<(String, String)>,
    name: &str,
    values: &[T],
    format: ListFormat,
) {
    match format {
        ListFormat::Joined(separator) => {
            let joined: Vec<String> = values.iter().map(QueryValue::to_query_value).collect();
            pairs.push((name.to_owned(), joined.join(separator)));
        }
        ListFormat::Repeated => {
            pairs.extend(
                values
                    .iter()
                    .map(|value| (name.to_owned(), value.to_query_value())),
            );
        }
    }
}

/// A file to upload in a multipart request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilePart {
    /// File name sent in the part's `Content-Disposition`.
    pub file_name: String,
    /// Media type of the part; `application/octet-stream` when `None`.
    pub media_type: Option<String>,
    /// File contents.
    pub bytes: Vec<u8>,
}

impl FilePart {
    /// Creates a part from a file name and its contents.
    pub fn new(file_name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> FilePart {
        FilePart {
            file_name: file_name.into(),
            media_type: None,
            bytes: bytes.into(),
        }
    }

    pub(crate) fn to_part(&self) -> Result<reqwest::multipart::Part, reqwest::Error> {
        let part =
            reqwest::multipart::Part::bytes(self.bytes.clone()).file_name(self.file_name.clone());
        part.mime_str(
            self.media_type
                .as_deref()
                .unwrap_or("application/octet-stream"),
        )
    }
}

/// The body of a binary response, such as a PDF or an attachment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BinaryResponse {
    /// The `Content-Type` header, when the portal sent one.
    pub media_type: Option<String>,
    /// The file name from `Content-Disposition`, when the portal sent one.
    pub file_name: Option<String>,
    /// The body.
    pub bytes: Vec<u8>,
}

/// The error returned when parsing a string into a generated enum fails.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseEnumError {
    /// The Rust name of the enum.
    pub type_name: &'static str,
    /// The rejected text.
    pub value: String,
}

impl fmt::Display for ParseEnumError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "`{}` is not a value of {}",
            self.value, self.type_name
        )
    }
}

impl std::error::Error for ParseEnumError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segment_escapes_slash_and_reserved() {
        assert_eq!(encode_path_segment("a/b c?d#e%"), "a%2Fb%20c%3Fd%23e%25");
    }

    #[test]
    fn path_segment_keeps_unreserved() {
        assert_eq!(encode_path_segment("vm-1_a.b~c"), "vm-1_a.b~c");
    }

    #[test]
    fn path_segment_encodes_utf8() {
        assert_eq!(encode_path_segment("서버"), "%EC%84%9C%EB%B2%84");
    }

    #[test]
    fn booleans_sent_as_digits() {
        assert_eq!(true.to_query_value(), "1");
        assert_eq!(false.to_query_value(), "0");
    }

    #[test]
    fn list_formats() {
        let mut request = Request::new("test", Method::GET, "/".to_owned());
        request.query_list("ids", &[1_i64, 2], ListFormat::Joined(","));
        request.query_list(
            "tag",
            &["a".to_owned(), "b".to_owned()],
            ListFormat::Repeated,
        );
        assert_eq!(
            request.query,
            [
                ("ids".to_owned(), "1,2".to_owned()),
                ("tag".to_owned(), "a".to_owned()),
                ("tag".to_owned(), "b".to_owned()),
            ]
        );
    }
}
