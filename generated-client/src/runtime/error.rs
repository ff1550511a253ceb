//! The client's error type.

use reqwest::StatusCode;
use serde_json::Value;

/// Maximum length of the response body in an error's display text, in bytes. The
/// whole body stays available in the variant's `body` field.
const DISPLAY_BODY_LIMIT: usize = 512;

/// An error from a client call.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The base URL given to [`Client::new`](crate::Client::new) is not an
    /// absolute `http` or `https` URL.
    #[error("invalid base URL `{url}`: {reason}")]
    InvalidBaseUrl {
        /// The URL as given.
        url: String,
        /// Reason for the rejection.
        reason: String,
    },

    /// The request body could not be encoded as JSON.
    #[error("cannot encode the request body of {operation}: {source}")]
    Encode {
        /// The operationId of the call.
        operation: &'static str,
        /// The serialisation error.
        #[source]
        source: serde_json::Error,
    },

    /// The request could not be sent or the response could not be read:
    /// connection, TLS, timeout or body errors.
    #[error("request of {operation} failed: {source}")]
    Transport {
        /// The operationId of the call.
        operation: &'static str,
        /// The underlying HTTP client error.
        #[source]
        source: reqwest::Error,
    },

    /// The portal responded with a non-success status and a body that is not
    /// a HostBill error object.
    #[error("{operation} returned HTTP {status}: {}", truncate(body))]
    Status {
        /// The operationId of the call.
        operation: &'static str,
        /// The HTTP status.
        status: StatusCode,
        /// The response body as text.
        body: String,
    },

    /// The portal responded with a HostBill error object such as
    /// `{"error": ["invalid method"]}`, with any status, 200 included.
    #[error("{operation} returned an API error (HTTP {status}): {}", messages.join("; "))]
    Api {
        /// The operationId of the call.
        operation: &'static str,
        /// The HTTP status, often 200.
        status: StatusCode,
        /// The messages of the `error` member. Items that are not strings
        /// are given as their JSON text.
        messages: Vec<String>,
    },

    /// A success response could not be decoded into the expected type.
    #[error("cannot decode the response of {operation} at `{path}`: {source}")]
    Decode {
        /// The operationId of the call.
        operation: &'static str,
        /// Path of the field that failed to decode, such as
        /// `invoice.items[0].id`, or `.` for the whole body.
        path: String,
        /// The deserialisation error, with the path of the offending field.
        #[source]
        source: serde_json::Error,
        /// The response body as text.
        body: String,
    },
}

impl Error {
    /// Returns the HTTP status of the response, for errors that have one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Status { status, .. } | Error::Api { status, .. } => Some(*status),
            Error::Transport { source, .. } => source.status(),
            _ => None,
        }
    }

    /// Returns the HostBill error messages, for [`Error::Api`].
    pub fn api_messages(&self) -> Option<&[String]> {
        match self {
            Error::Api { messages, .. } => Some(messages),
            _ => None,
        }
    }
}

/// Returns the messages of a HostBill error object: `{"error": [...]}` or
/// `{"error": "..."}` with at least one message. Any other value gives
/// `None`.
pub(crate) fn hostbill_error_messages(value: &Value) -> Option<Vec<String>> {
    let error = value.as_object()?.get("error")?;
    let messages: Vec<String> = match error {
        Value::Array(items) => items.iter().map(message_text).collect(),
        Value::String(text) => vec![text.clone()],
        Value::Object(members) => members.values().map(message_text).collect(),
        Value::Null | Value::Bool(false) => return None,
        other => vec![other.to_string()],
    };
    (!messages.is_empty()).then_some(messages)
}

fn message_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn truncate(body: &str) -> &str {
    if body.len() <= DISPLAY_BODY_LIMIT {
        return body;
    }
    let mut end = DISPLAY_BODY_LIMIT;
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    &body[..end]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn error_list_of_strings() {
        let messages = hostbill_error_messages(&json!({"error": ["invalid method"]}));
        assert_eq!(messages, Some(vec!["invalid method".to_owned()]));
    }

    #[test]
    fn error_items_that_are_not_strings() {
        let messages = hostbill_error_messages(&json!({"error": [{"code": 5}, 7]}));
        assert_eq!(
            messages,
            Some(vec![r#"{"code":5}"#.to_owned(), "7".to_owned()])
        );
    }

    #[test]
    fn empty_error_list_is_not_an_error() {
        assert_eq!(hostbill_error_messages(&json!({"error": []})), None);
    }

    #[test]
    fn success_body_is_not_an_error() {
        assert_eq!(
            hostbill_error_messages(&json!({"info": ["label_updated"]})),
            None
        );
    }

    #[test]
    fn long_body_truncated_on_char_boundary() {
        let body = "가".repeat(400);
        assert!(truncate(&body).len() <= DISPLAY_BODY_LIMIT);
    }
}
