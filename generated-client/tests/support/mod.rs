//! Hand-written helpers for the generated contract tests in
//! `tests/contract.rs`.
//!
//! The generator copies this file unchanged into every crate it writes, as it
//! does the runtime, so nothing here may depend on a particular spec. The
//! test file that declares this module must import the client crate as
//! `client_under_test` (`use myip_client as client_under_test;`).
//!
//! [`ExpectedRequest`] describes the one request an operation must send. It
//! mounts a mock that responds only to that request, and after the call it
//! explains, part by part, how the request the client sent differs from it.

// Each spec uses a different subset of these helpers.
#![allow(dead_code)]
// A broken contract is reported by panicking with a message.
#![allow(clippy::panic)]

use std::fmt::{self, Write as _};
use std::net::TcpListener;

use serde::Serialize;
use serde_json::Value;
use wiremock::{Match, Mock, MockServer, Request, ResponseTemplate, matchers};

use crate::client_under_test::{BinaryResponse, Client, Error};

/// User name of the Basic credentials every contract test sends.
pub const USERNAME: &str = "user@example.com";
/// Password of the Basic credentials every contract test sends.
pub const PASSWORD: &str = "secret";
/// `Authorization` value for [`USERNAME`] and [`PASSWORD`]: `Basic`
/// followed by the Base64 encoding of `user@example.com:secret`.
pub const BASIC_AUTHORIZATION: &str = "Basic dXNlckBleGFtcGxlLmNvbTpzZWNyZXQ=";
/// Token sent by clients made with [`bearer_client`].
pub const BEARER_TOKEN: &str = "sample-token";
/// `Authorization` value for [`BEARER_TOKEN`].
pub const BEARER_AUTHORIZATION: &str = "Bearer sample-token";
/// Body served to binary operations. It is not valid UTF-8, so a client
/// that decodes it as text changes it.
pub const BINARY_BODY: &[u8] = b"%PDF-1.4 sample \x00\xff\xfe";
/// File name served in `Content-Disposition` to binary operations.
pub const BINARY_FILE_NAME: &str = "sample file.pdf";
/// HostBill error bodies that every operation must turn into
/// [`Error::Api`] with the message `invalid method`: the list form the
/// portal sends and the single-string form.
pub const API_ERROR_BODIES: &[&str] = &[
    r#"{"error": ["invalid method"]}"#,
    r#"{"error": "invalid method"}"#,
];
/// Message of every body in [`API_ERROR_BODIES`].
pub const API_ERROR_MESSAGE: &str = "invalid method";

/// Maximum number of body bytes displayed when a request does not match.
const MAX_DISPLAYED_BODY_BYTES: usize = 2000;

/// Starts a mock server on a loopback port.
pub async fn start_server() -> MockServer {
    let listener =
        TcpListener::bind("127.0.0.1:0").expect("bind a loopback port for the mock server");
    MockServer::builder().listener(listener).start().await
}

/// Creates a client with Basic credentials for `server`.
///
/// The base URL is the server's URL followed by the spec's base path, as in
/// the crate's `DEFAULT_BASE_URL`, so the mock receives the full path that
/// the portal would receive.
pub fn basic_client(server: &MockServer, base_path: &str) -> Client {
    Client::new(&format!("{}{base_path}", server.uri()))
        .expect("the mock server URL is a valid base URL")
        .with_basic_auth(USERNAME, PASSWORD)
}

/// Creates a client with a Bearer token for `server`, with the base URL of
/// [`basic_client`].
pub fn bearer_client(server: &MockServer, base_path: &str) -> Client {
    Client::new(&format!("{}{base_path}", server.uri()))
        .expect("the mock server URL is a valid base URL")
        .with_bearer_token(BEARER_TOKEN)
}

/// Parses JSON text that the generator embedded in a test.
pub fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("the generator embeds valid JSON")
}

/// Parses an embedded JSON object, for the `extra` member of a JSON body.
pub fn json_object(text: &str) -> serde_json::Map<String, Value> {
    match json(text) {
        Value::Object(members) => members,
        other => panic!("the generator embeds a JSON object here, not {other}"),
    }
}

/// Returns a 200 response with `served` as its JSON body.
pub fn json_response(served: &Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(served)
}

/// Returns a response with a `text/plain` body.
pub fn text_response(status: u16, text: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_string(text)
}

/// Returns a 200 response with [`BINARY_BODY`], `media_type` as its
/// `Content-Type` and [`BINARY_FILE_NAME`] in `Content-Disposition`.
pub fn binary_response(media_type: &str) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header(
            "content-disposition",
            format!("attachment; filename=\"{BINARY_FILE_NAME}\""),
        )
        .set_body_raw(BINARY_BODY.to_vec(), media_type)
}

/// Checks that a JSON operation returned the served body.
///
/// The response is compared through `serde_json::to_value`, so the check
/// holds for any response type that serialises back to the JSON it was
/// decoded from, `serde_json::Value` included.
#[track_caller]
pub fn assert_json_response<T: Serialize>(
    operation: &str,
    result: Result<T, Error>,
    served: &Value,
) {
    let response = match result {
        Ok(response) => response,
        Err(error) => panic!("{operation} failed on the served response: {error}"),
    };
    let decoded = serde_json::to_value(&response).expect("the response serialises to JSON");
    let mut differences = Vec::new();
    json_differences("response", served, &decoded, &mut differences);
    assert!(
        differences.is_empty(),
        "{operation} returned a response that differs from the served JSON:\n- {}",
        differences.join("\n- ")
    );
}

/// Checks that a JSON operation returned a body that is not JSON as a JSON
/// string.
#[track_caller]
pub fn assert_text_response<T: Serialize>(operation: &str, result: Result<T, Error>, text: &str) {
    let response = match result {
        Ok(response) => response,
        Err(error) => panic!("{operation} failed on a text response: {error}"),
    };
    let decoded = serde_json::to_value(&response).expect("the response serialises to JSON");
    assert_eq!(
        decoded,
        Value::String(text.to_owned()),
        "{operation} must return a text body as a JSON string"
    );
}

/// Checks that an operation with a typed response failed with
/// [`Error::Decode`] on a body that is not JSON, which the client reads as
/// the JSON string `text`.
#[track_caller]
pub fn assert_decode_error<T: fmt::Debug>(operation: &str, result: Result<T, Error>, text: &str) {
    match result {
        Err(Error::Decode {
            operation: reported,
            path,
            body,
            ..
        }) => {
            assert_eq!(reported, operation, "operation named in Error::Decode");
            assert_eq!(path, ".", "{operation}: the whole body fails to decode");
            assert_eq!(
                body,
                Value::String(text.to_owned()).to_string(),
                "{operation}: body"
            );
        }
        other => panic!("{operation} must return Error::Decode, returned {other:?}"),
    }
}

/// Checks that a binary operation returned [`binary_response`] unchanged.
#[track_caller]
pub fn assert_binary_response(
    operation: &str,
    result: Result<BinaryResponse, Error>,
    media_type: &str,
) {
    let response = match result {
        Ok(response) => response,
        Err(error) => panic!("{operation} failed on the served file: {error}"),
    };
    assert_eq!(
        response.media_type.as_deref(),
        Some(media_type),
        "{operation}: media type"
    );
    assert_eq!(
        response.file_name.as_deref(),
        Some(BINARY_FILE_NAME),
        "{operation}: file name from Content-Disposition"
    );
    assert_eq!(response.bytes, BINARY_BODY, "{operation}: body bytes");
}

/// Checks that a call failed with [`Error::Api`] carrying `messages`.
#[track_caller]
pub fn assert_api_error<T: fmt::Debug>(
    operation: &str,
    result: Result<T, Error>,
    status: u16,
    messages: &[&str],
) {
    match result {
        Err(Error::Api {
            operation: reported,
            status: received_status,
            messages: received,
            ..
        }) => {
            assert_eq!(reported, operation, "operation named in Error::Api");
            assert_eq!(received_status.as_u16(), status, "{operation}: status");
            assert_eq!(received, messages, "{operation}: messages");
        }
        other => panic!("{operation} must return Error::Api with {messages:?}, returned {other:?}"),
    }
}

/// Checks that a call failed with [`Error::Status`] carrying the status and
/// the body text.
#[track_caller]
pub fn assert_status_error<T: fmt::Debug>(
    operation: &str,
    result: Result<T, Error>,
    status: u16,
    body: &str,
) {
    match result {
        Err(Error::Status {
            operation: reported,
            status: received_status,
            body: received_body,
            ..
        }) => {
            assert_eq!(reported, operation, "operation named in Error::Status");
            assert_eq!(received_status.as_u16(), status, "{operation}: status");
            assert_eq!(received_body, body, "{operation}: body");
        }
        other => panic!("{operation} must return Error::Status {status}, returned {other:?}"),
    }
}

/// The body an operation must send.
#[derive(Debug, Clone, PartialEq)]
pub enum ExpectedBody {
    /// No body.
    Empty,
    /// A JSON value with exactly these members.
    Json(Value),
    /// An `application/x-www-form-urlencoded` form with exactly these
    /// fields, in any order.
    Form(Vec<(String, String)>),
    /// A `multipart/form-data` form with exactly these parts, in any order.
    Multipart(Vec<ExpectedPart>),
}

/// One part of a `multipart/form-data` body.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ExpectedPart {
    /// The `name` parameter of `Content-Disposition`.
    pub name: String,
    /// The `filename` parameter of `Content-Disposition`, for file parts.
    pub file_name: Option<String>,
    /// The part's `Content-Type`, for file parts.
    pub media_type: Option<String>,
    /// The part's contents.
    pub contents: Vec<u8>,
}

/// The request that one call of a generated method must send.
#[derive(Debug, Clone)]
pub struct ExpectedRequest {
    operation: &'static str,
    method: &'static str,
    /// Percent-encoded path, base path included.
    path: String,
    /// Decoded query pairs, compared in any order.
    query: Vec<(String, String)>,
    /// Header names in lower case with their exact values.
    headers: Vec<(String, String)>,
    body: ExpectedBody,
}

impl ExpectedRequest {
    /// Starts an expectation for `method` on the percent-encoded `path`,
    /// with no query, headers or body.
    pub fn new(operation: &'static str, method: &'static str, path: &str) -> ExpectedRequest {
        ExpectedRequest {
            operation,
            method,
            path: path.to_owned(),
            query: Vec::new(),
            headers: Vec::new(),
            body: ExpectedBody::Empty,
        }
    }

    /// Expects the decoded query pair `name=value`.
    pub fn query(mut self, name: &str, value: &str) -> ExpectedRequest {
        self.query.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Expects the header `name` with exactly `value`.
    pub fn header(mut self, name: &str, value: &str) -> ExpectedRequest {
        self.headers
            .push((name.to_ascii_lowercase(), value.to_owned()));
        self
    }

    /// Expects a JSON body equal to `value`.
    pub fn json_body(mut self, value: Value) -> ExpectedRequest {
        self.body = ExpectedBody::Json(value);
        self
    }

    /// Expects the form field `name=value`, making the body a form.
    pub fn form_field(mut self, name: &str, value: &str) -> ExpectedRequest {
        let pair = (name.to_owned(), value.to_owned());
        match &mut self.body {
            ExpectedBody::Form(fields) => fields.push(pair),
            _ => self.body = ExpectedBody::Form(vec![pair]),
        }
        self
    }

    /// Expects a multipart text part, making the body multipart.
    pub fn text_part(self, name: &str, value: &str) -> ExpectedRequest {
        self.part(ExpectedPart {
            name: name.to_owned(),
            file_name: None,
            media_type: None,
            contents: value.as_bytes().to_vec(),
        })
    }

    /// Expects a multipart file part, making the body multipart.
    pub fn file_part(
        self,
        name: &str,
        file_name: &str,
        media_type: &str,
        contents: &[u8],
    ) -> ExpectedRequest {
        self.part(ExpectedPart {
            name: name.to_owned(),
            file_name: Some(file_name.to_owned()),
            media_type: Some(media_type.to_owned()),
            contents: contents.to_vec(),
        })
    }

    fn part(mut self, part: ExpectedPart) -> ExpectedRequest {
        match &mut self.body {
            ExpectedBody::Multipart(parts) => parts.push(part),
            _ => self.body = ExpectedBody::Multipart(vec![part]),
        }
        self
    }

    /// Mounts a mock that responds to this request, and no other, with
    /// `response`, and expects it exactly once.
    pub async fn mount(&self, server: &MockServer, response: ResponseTemplate) {
        let mut mock =
            Mock::given(matchers::method(self.method)).and(matchers::path(self.path.as_str()));
        for (name, value) in &self.headers {
            mock = mock.and(matchers::header(name.as_str(), value.as_str()));
        }
        if let ExpectedBody::Json(value) = &self.body {
            mock = mock.and(matchers::body_json(value));
        }
        // The standard matchers above cover the method, path, headers and a
        // JSON body. This one adds the exact query and the other bodies.
        mock.and(self.clone())
            .respond_with(response)
            .named(self.operation)
            .expect(1)
            .mount(server)
            .await;
    }

    /// Checks that the server received exactly this request, and panics
    /// with each difference otherwise.
    pub async fn verify(&self, server: &MockServer) {
        let requests = server
            .received_requests()
            .await
            .expect("the mock server records requests");
        let operation = self.operation;
        match requests.as_slice() {
            [] => panic!("{operation} sent no request, expected {}", self.summary()),
            [request] => {
                let differences = self.differences(request);
                assert!(
                    differences.is_empty(),
                    "{operation} sent a request that does not match the spec:\n- {}\n\nexpected: {}\nreceived: {}",
                    differences.join("\n- "),
                    self.summary(),
                    describe_request(request),
                );
            }
            many => panic!(
                "{operation} sent {} requests, expected one: {}",
                many.len(),
                self.summary()
            ),
        }
    }

    /// Returns one line per part of `request` that differs from this
    /// expectation.
    pub fn differences(&self, request: &Request) -> Vec<String> {
        let mut differences = Vec::new();
        if request.method.as_str() != self.method {
            differences.push(format!(
                "method: expected {}, received {}",
                self.method, request.method
            ));
        }
        if request.url.path() != self.path {
            differences.push(format!(
                "path: expected `{}`, received `{}`",
                self.path,
                request.url.path()
            ));
        }
        let received_query: Vec<(String, String)> = request
            .url
            .query_pairs()
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect();
        pair_differences("query", &self.query, &received_query, &mut differences);
        for (name, value) in &self.headers {
            let received: Vec<String> = request
                .headers
                .get_all(name.as_str())
                .iter()
                .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
                .collect();
            if received != [value.as_str()] {
                differences.push(format!(
                    "header `{name}`: expected `{value}`, received {received:?}"
                ));
            }
        }
        self.body_differences(request, &mut differences);
        differences
    }

    fn body_differences(&self, request: &Request, differences: &mut Vec<String>) {
        let content_type = request
            .headers
            .get("content-type")
            .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
            .unwrap_or_default();
        let expected_media_type = match &self.body {
            ExpectedBody::Empty => {
                if !request.body.is_empty() {
                    differences.push(format!(
                        "body: expected none, received {} bytes",
                        request.body.len()
                    ));
                }
                return;
            }
            ExpectedBody::Json(_) => "application/json",
            ExpectedBody::Form(_) => "application/x-www-form-urlencoded",
            ExpectedBody::Multipart(_) => "multipart/form-data",
        };
        if !content_type.starts_with(expected_media_type) {
            differences.push(format!(
                "content type: expected `{expected_media_type}`, received `{content_type}`"
            ));
            return;
        }
        match &self.body {
            ExpectedBody::Empty => {}
            ExpectedBody::Json(expected) => match serde_json::from_slice::<Value>(&request.body) {
                Ok(received) => json_differences("body", expected, &received, differences),
                Err(error) => differences.push(format!("body: not JSON ({error})")),
            },
            ExpectedBody::Form(expected) => {
                let received = form_pairs(request);
                pair_differences("form field", expected, &received, differences);
            }
            ExpectedBody::Multipart(expected) => {
                match multipart_parts(&content_type, &request.body) {
                    Ok(received) => part_differences(expected, &received, differences),
                    Err(error) => differences.push(format!("multipart body: {error}")),
                }
            }
        }
    }

    /// Returns the expectation on one line, for failure messages.
    fn summary(&self) -> String {
        let mut text = format!("{} {}", self.method, self.path);
        if !self.query.is_empty() {
            let pairs: Vec<String> = self
                .query
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect();
            let _ = write!(text, " query [{}]", pairs.join(", "));
        }
        match &self.body {
            ExpectedBody::Empty => {}
            ExpectedBody::Json(value) => {
                let _ = write!(text, " JSON body {value}");
            }
            ExpectedBody::Form(fields) => {
                let _ = write!(text, " form {fields:?}");
            }
            ExpectedBody::Multipart(parts) => {
                let names: Vec<&str> = parts.iter().map(|part| part.name.as_str()).collect();
                let _ = write!(text, " multipart parts {names:?}");
            }
        }
        text
    }
}

impl Match for ExpectedRequest {
    fn matches(&self, request: &Request) -> bool {
        self.differences(request).is_empty()
    }
}

/// Describes a received request for a failure message: method, URL,
/// headers and the start of the body.
fn describe_request(request: &Request) -> String {
    let mut text = format!("{} {}", request.method, request.url);
    for (name, value) in &request.headers {
        let _ = write!(
            text,
            "\n  {name}: {}",
            String::from_utf8_lossy(value.as_bytes())
        );
    }
    if !request.body.is_empty() {
        let displayed_body = &request.body[..request.body.len().min(MAX_DISPLAYED_BODY_BYTES)];
        let _ = write!(
            text,
            "\n  body: {}",
            String::from_utf8_lossy(displayed_body)
        );
        if request.body.len() > MAX_DISPLAYED_BODY_BYTES {
            let _ = write!(text, " ({} bytes in all)", request.body.len());
        }
    }
    text
}

/// Lists the pairs missing from `received` and the unexpected ones. Both
/// lists are compared as multisets, so order does not matter but repeats
/// do.
fn pair_differences(
    label: &str,
    expected: &[(String, String)],
    received: &[(String, String)],
    differences: &mut Vec<String>,
) {
    let mut unmatched: Vec<&(String, String)> = received.iter().collect();
    for pair in expected {
        match unmatched.iter().position(|candidate| *candidate == pair) {
            Some(index) => {
                unmatched.remove(index);
            }
            None => {
                let sent_under_name: Vec<&str> = received
                    .iter()
                    .filter(|(name, _)| *name == pair.0)
                    .map(|(_, value)| value.as_str())
                    .collect();
                differences.push(format!(
                    "{label} `{}`: expected {:?}, received {sent_under_name:?}",
                    pair.0, pair.1
                ));
            }
        }
    }
    for (name, value) in unmatched {
        if !expected
            .iter()
            .any(|(expected_name, _)| expected_name == name)
        {
            differences.push(format!(
                "{label} `{name}`: not expected, received {value:?}"
            ));
        }
    }
}

/// Lists the differences between two JSON values, one line per member or
/// item, with the JSON path of each.
pub fn json_differences(
    location: &str,
    expected: &Value,
    received: &Value,
    differences: &mut Vec<String>,
) {
    match (expected, received) {
        (Value::Object(expected_members), Value::Object(received_members)) => {
            for (name, expected_value) in expected_members {
                let member = format!("{location}.{name}");
                match received_members.get(name) {
                    Some(received_value) => {
                        json_differences(&member, expected_value, received_value, differences);
                    }
                    None => {
                        differences.push(format!("{member}: missing, expected {expected_value}"))
                    }
                }
            }
            for (name, received_value) in received_members {
                if !expected_members.contains_key(name) {
                    differences.push(format!(
                        "{location}.{name}: not expected, received {received_value}"
                    ));
                }
            }
        }
        (Value::Array(expected_items), Value::Array(received_items))
            if expected_items.len() == received_items.len() =>
        {
            for (index, (expected_item, received_item)) in
                expected_items.iter().zip(received_items).enumerate()
            {
                json_differences(
                    &format!("{location}[{index}]"),
                    expected_item,
                    received_item,
                    differences,
                );
            }
        }
        _ if expected != received => differences.push(format!(
            "{location}: expected {expected}, received {received}"
        )),
        _ => {}
    }
}

/// Decodes an `application/x-www-form-urlencoded` body into pairs.
fn form_pairs(request: &Request) -> Vec<(String, String)> {
    // The URL parser decodes a query with the same rules as a form body.
    let mut url = request.url.clone();
    url.set_query(Some(&String::from_utf8_lossy(&request.body)));
    url.query_pairs()
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect()
}

/// Lists the parts missing from `received` and the unexpected ones.
fn part_differences(
    expected: &[ExpectedPart],
    received: &[ExpectedPart],
    differences: &mut Vec<String>,
) {
    let mut unmatched: Vec<&ExpectedPart> = received.iter().collect();
    for part in expected {
        match unmatched.iter().position(|candidate| *candidate == part) {
            Some(index) => {
                unmatched.remove(index);
            }
            None => differences.push(format!(
                "multipart part `{}`: expected {}, received {}",
                part.name,
                describe_part(part),
                received
                    .iter()
                    .filter(|candidate| candidate.name == part.name)
                    .map(describe_part)
                    .collect::<Vec<_>>()
                    .join(" and ")
            )),
        }
    }
    for part in unmatched {
        if !expected.iter().any(|candidate| candidate.name == part.name) {
            differences.push(format!(
                "multipart part `{}`: not expected, received {}",
                part.name,
                describe_part(part)
            ));
        }
    }
}

fn describe_part(part: &ExpectedPart) -> String {
    format!(
        "{{file name {:?}, media type {:?}, contents {:?}}}",
        part.file_name,
        part.media_type,
        String::from_utf8_lossy(&part.contents)
    )
}

/// Splits a `multipart/form-data` body into its parts.
fn multipart_parts(content_type: &str, body: &[u8]) -> Result<Vec<ExpectedPart>, String> {
    let boundary = content_type
        .split(';')
        .find_map(|parameter| parameter.trim().strip_prefix("boundary="))
        .map(|boundary| boundary.trim_matches('"'))
        .ok_or_else(|| format!("no boundary in content type `{content_type}`"))?;
    let delimiter = format!("--{boundary}").into_bytes();
    let mut parts = Vec::new();
    let sections = split_bytes(body, &delimiter).into_iter().skip(1);
    for section in sections {
        if section.starts_with(b"--") {
            return Ok(parts);
        }
        let section = section
            .strip_prefix(b"\r\n")
            .ok_or("a boundary is not followed by CRLF")?;
        let section = section
            .strip_suffix(b"\r\n")
            .ok_or("a part does not end with CRLF")?;
        let header_end = find_bytes(section, b"\r\n\r\n").ok_or("a part has no blank line")?;
        let headers = String::from_utf8_lossy(&section[..header_end]);
        let contents = section[header_end + 4..].to_vec();
        parts.push(multipart_part(&headers, contents)?);
    }
    Err("the body has no closing boundary".to_owned())
}

fn multipart_part(headers: &str, contents: Vec<u8>) -> Result<ExpectedPart, String> {
    let mut name = None;
    let mut file_name = None;
    let mut media_type = None;
    for line in headers.split("\r\n") {
        let Some((header, value)) = line.split_once(':') else {
            return Err(format!("invalid part header `{line}`"));
        };
        match header.trim().to_ascii_lowercase().as_str() {
            "content-disposition" => {
                for parameter in value.split(';').map(str::trim) {
                    if let Some(value) = parameter.strip_prefix("name=") {
                        name = Some(value.trim_matches('"').to_owned());
                    } else if let Some(value) = parameter.strip_prefix("filename=") {
                        file_name = Some(value.trim_matches('"').to_owned());
                    }
                }
            }
            "content-type" => media_type = Some(value.trim().to_owned()),
            _ => {}
        }
    }
    let name = name.ok_or_else(|| format!("a part has no name: `{headers}`"))?;
    Ok(ExpectedPart {
        name,
        file_name,
        media_type,
        contents,
    })
}

fn split_bytes<'a>(bytes: &'a [u8], delimiter: &[u8]) -> Vec<&'a [u8]> {
    let mut pieces = Vec::new();
    let mut rest = bytes;
    while let Some(index) = find_bytes(rest, delimiter) {
        pieces.push(&rest[..index]);
        rest = &rest[index + delimiter.len()..];
    }
    pieces.push(rest);
    pieces
}

fn find_bytes(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// JSON pointer patterns of the typed fields in one operation's response,
/// which the generator writes from the inferred response types.
///
/// A pattern is a JSON pointer (RFC 6901) in which the segment `*` stands
/// for any array index or object key, so `/invoices/*/id` names the `id` of
/// every item of the `invoices` list. The empty pattern `""` is the whole
/// body. NOTE: JSON pointers have no escape for `*`, so a pattern for a
/// field named `*` matches every member of its object.
#[derive(Debug, Clone, Copy, Default)]
pub struct ResponseFields {
    /// Fields of type `Loose<i64>`.
    pub integers: &'static [&'static str],
    /// Fields of type `Loose<f64>`.
    pub numbers: &'static [&'static str],
    /// Struct fields of type `LooseObject<T>`.
    pub objects: &'static [&'static str],
    /// Every struct: the `LooseObject` fields, and a body, list item or map
    /// value decoded as a struct.
    pub structs: &'static [&'static str],
    /// Values of type `LooseList<T>`.
    pub lists: &'static [&'static str],
    /// Values of type `LooseMap<T>`.
    pub maps: &'static [&'static str],
}

/// A response body that differs from the spec's example the way a PHP
/// portal's responses do, with a label that names the difference.
#[derive(Debug, Clone, PartialEq)]
pub struct Variation {
    /// What was changed, such as `numbers and booleans as strings`.
    pub label: String,
    /// The varied body.
    pub body: Value,
}

/// The outcome of serving each [`Variation`] to one operation, so that one
/// test run reports every variation that fails, not only the first.
#[derive(Debug)]
pub struct VariationReport {
    operation: &'static str,
    checked: usize,
    failures: Vec<String>,
}

impl VariationReport {
    /// Starts an empty report for `operation`.
    pub fn new(operation: &'static str) -> VariationReport {
        VariationReport {
            operation,
            checked: 0,
            failures: Vec::new(),
        }
    }

    /// Records whether the operation decoded `variation` into a response
    /// that encodes back to exactly `variation.body`.
    pub fn check<T: Serialize>(&mut self, variation: &Variation, result: Result<T, Error>) {
        self.checked += 1;
        let label = &variation.label;
        let served = displayed_json(&variation.body);
        match result {
            Err(error) => self.failures.push(format!(
                "{label}: the call failed: {error}\n  served: {served}"
            )),
            Ok(response) => {
                let encoded = match serde_json::to_value(&response) {
                    Ok(encoded) => encoded,
                    Err(error) => {
                        self.failures.push(format!(
                            "{label}: the response does not encode as JSON: {error}"
                        ));
                        return;
                    }
                };
                let mut differences = Vec::new();
                json_differences("response", &variation.body, &encoded, &mut differences);
                if !differences.is_empty() {
                    self.failures.push(format!(
                        "{label}: the response encodes to different JSON:\n  - {}\n  served: {served}",
                        differences.join("\n  - ")
                    ));
                }
            }
        }
    }

    /// Panics with every failed variation, if any.
    #[track_caller]
    pub fn assert_all_passed(&self) {
        assert!(
            self.failures.is_empty(),
            "{} failed {} of {} response variations:\n\n{}",
            self.operation,
            self.failures.len(),
            self.checked,
            self.failures.join("\n\n")
        );
    }
}

/// Returns the JSON text of `value`, cut to [`MAX_DISPLAYED_BODY_BYTES`].
fn displayed_json(value: &Value) -> String {
    let text = value.to_string();
    if text.len() <= MAX_DISPLAYED_BODY_BYTES {
        return text;
    }
    let mut end = MAX_DISPLAYED_BODY_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes in all)", &text[..end], text.len())
}

/// Checks that a call failed with [`Error::Decode`] at the field `path`, in
/// the notation of `serde_path_to_error` (`invoice.items[0].id`), with a
/// message that quotes `rejected`.
#[track_caller]
pub fn assert_field_decode_error<T: fmt::Debug>(
    operation: &str,
    result: Result<T, Error>,
    path: &str,
    rejected: &str,
) {
    match result {
        Err(Error::Decode {
            operation: reported,
            path: received_path,
            source,
            ..
        }) => {
            assert_eq!(reported, operation, "operation named in Error::Decode");
            assert_eq!(received_path, path, "{operation}: path in Error::Decode");
            let message = source.to_string();
            let quoted = Value::from(rejected).to_string();
            assert!(
                message.contains(&quoted),
                "{operation}: the message `{message}` does not quote {quoted}"
            );
        }
        other => panic!("{operation} must return Error::Decode at `{path}`, returned {other:?}"),
    }
}

/// Name of the member that [`with_unknown_members`] adds to every object.
pub const UNKNOWN_MEMBER_NAME: &str = "x_unexpected";

/// First key that [`lists_as_keyed_objects`] gives to the items of a list
/// whose items have no unique `id`.
const FIRST_SYNTHETIC_KEY: usize = 1693;

/// Returns the variations of `served` that a typed response must decode and
/// encode back unchanged, each labelled:
///
/// - numbers and booleans as strings, everywhere ([`numbers_as_strings`]);
/// - numeric strings as numbers in integer and number fields
///   ([`numeric_strings_as_numbers`]);
/// - `[]`, then `null`, in place of every `LooseObject` field, and `[]` in
///   place of every map, one variation per nesting depth
///   ([`replaced_by_depth`]), because replacing an outer object removes the
///   objects inside it;
/// - every list as an object keyed by id ([`lists_as_keyed_objects`]);
/// - an unknown member in every struct ([`with_unknown_members`]);
/// - only the first, then only the last, member of every struct
///   ([`with_one_member`]);
/// - `""` in place of every number, boolean and string
///   ([`scalars_as_empty_strings`]).
///
/// A variation that leaves the body unchanged, or repeats an earlier one, is
/// left out.
pub fn response_variations(served: &Value, fields: &ResponseFields) -> Vec<Variation> {
    let mut candidates = vec![
        (
            "numbers and booleans as strings".to_owned(),
            numbers_as_strings(served),
        ),
        (
            "numeric strings as numbers in integer and number fields".to_owned(),
            numeric_strings_as_numbers(served, &[fields.integers, fields.numbers].concat()),
        ),
    ];
    let replacements = [
        ("objects as []", fields.objects, Value::Array(Vec::new())),
        ("objects as null", fields.objects, Value::Null),
        ("maps as []", fields.maps, Value::Array(Vec::new())),
    ];
    for (label, patterns, replacement) in replacements {
        for (depth, body) in replaced_by_depth(served, patterns, &replacement) {
            candidates.push((format!("{label} at depth {depth}"), body));
        }
    }
    candidates.extend([
        (
            "lists as objects keyed by id".to_owned(),
            lists_as_keyed_objects(served, fields.lists),
        ),
        (
            format!("unknown member `{UNKNOWN_MEMBER_NAME}` in every object"),
            with_unknown_members(served, fields.structs),
        ),
        (
            "only the first field of every object".to_owned(),
            with_one_member(served, fields.structs, KeptMember::First),
        ),
        (
            "only the last field of every object".to_owned(),
            with_one_member(served, fields.structs, KeptMember::Last),
        ),
        (
            "\"\" for every number, boolean and string".to_owned(),
            scalars_as_empty_strings(served),
        ),
    ]);

    let mut variations: Vec<Variation> = Vec::new();
    for (label, body) in candidates {
        let repeated = body == *served || variations.iter().any(|seen| seen.body == body);
        if !repeated {
            variations.push(Variation { label, body });
        }
    }
    variations
}

/// Replaces every number by its JSON text and every boolean by `"1"` or
/// `"0"`, as PHP prints them.
pub fn numbers_as_strings(value: &Value) -> Value {
    let mut varied = value.clone();
    for_each_value(&mut varied, &mut |value| match value {
        Value::Number(number) => *value = Value::String(number.to_string()),
        Value::Bool(boolean) => *value = Value::from(if *boolean { "1" } else { "0" }),
        _ => {}
    });
    varied
}

/// Replaces each string matched by `patterns` that contains only a number,
/// such as `"26"` or `" 19.65"`, by that JSON number: an integer when the
/// text is one, else a finite float. Other strings stay as they are.
pub fn numeric_strings_as_numbers(value: &Value, patterns: &[&str]) -> Value {
    let mut varied = value.clone();
    for_each_match(&mut varied, patterns, &mut |value| {
        let Value::String(text) = value else {
            return;
        };
        let text = text.trim();
        if let Ok(integer) = text.parse::<i64>() {
            *value = Value::from(integer);
        } else if let Some(float) = text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
        {
            *value = Value::Number(float);
        }
    });
    varied
}

/// Returns, for each nesting depth, a copy of `value` in which the values
/// matched by `patterns` at that depth are replaced by `replacement`.
///
/// The depth of a match is one more than the number of other matches that
/// contain it, so depth 1 replaces the outermost matches and the last
/// depth the innermost. Every match is replaced in exactly one copy.
pub fn replaced_by_depth(
    value: &Value,
    patterns: &[&str],
    replacement: &Value,
) -> Vec<(usize, Value)> {
    let matches = matching_paths(value, patterns);
    let depth_of = |path: &[String]| {
        1 + matches
            .iter()
            .filter(|other| other.len() < path.len() && path.starts_with(other))
            .count()
    };
    let max_depth = matches.iter().map(|path| depth_of(path)).max().unwrap_or(0);
    (1..=max_depth)
        .map(|depth| {
            let mut varied = value.clone();
            for path in matches.iter().filter(|path| depth_of(path) == depth) {
                if let Some(target) = value_at_mut(&mut varied, path) {
                    *target = replacement.clone();
                }
            }
            (depth, varied)
        })
        .collect()
}

/// Turns each non-empty array matched by `patterns` into an object keyed by
/// id, as PHP's `json_encode` writes an array whose keys are not
/// `0, 1, 2, ...`. The keys are the items' `id` members when every item has
/// a distinct string or number `id`, else `"1693"`, `"1694"`, ...
pub fn lists_as_keyed_objects(value: &Value, patterns: &[&str]) -> Value {
    let mut varied = value.clone();
    for_each_match(&mut varied, patterns, &mut |value| {
        let Value::Array(items) = value else {
            return;
        };
        if items.is_empty() {
            return;
        }
        let items = std::mem::take(items);
        let keys = item_keys(&items);
        *value = Value::Object(keys.into_iter().zip(items).collect());
    });
    varied
}

/// Returns the object keys for `items`: their `id` members when all are
/// present and distinct, else synthetic ids from [`FIRST_SYNTHETIC_KEY`].
fn item_keys(items: &[Value]) -> Vec<String> {
    let ids: Vec<String> = items
        .iter()
        .filter_map(|item| match item.get("id") {
            Some(Value::String(id)) if !id.is_empty() => Some(id.clone()),
            Some(Value::Number(id)) => Some(id.to_string()),
            _ => None,
        })
        .collect();
    let distinct = ids.len() == items.len()
        && ids
            .iter()
            .enumerate()
            .all(|(index, id)| !ids[..index].contains(id));
    if distinct {
        return ids;
    }
    (0..items.len())
        .map(|index| (FIRST_SYNTHETIC_KEY + index).to_string())
        .collect()
}

/// Adds a member that no response type declares to every object matched by
/// `patterns`: [`UNKNOWN_MEMBER_NAME`], or that name followed by `_` marks
/// when the object already has it, with a nested value.
pub fn with_unknown_members(value: &Value, patterns: &[&str]) -> Value {
    let mut varied = value.clone();
    for_each_match(&mut varied, patterns, &mut |value| {
        let Value::Object(members) = value else {
            return;
        };
        let mut name = UNKNOWN_MEMBER_NAME.to_owned();
        while members.contains_key(&name) {
            name.push('_');
        }
        let unknown = serde_json::json!({"nested": [1, "a", null, {"deep": true}]});
        members.insert(name, unknown);
    });
    varied
}

/// The member that [`with_one_member`] keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeptMember {
    /// The first member in the object's order.
    First,
    /// The last member in the object's order.
    Last,
}

/// Removes all members but one from every object matched by `patterns`.
pub fn with_one_member(value: &Value, patterns: &[&str], kept: KeptMember) -> Value {
    let mut varied = value.clone();
    for_each_match(&mut varied, patterns, &mut |value| {
        let Value::Object(members) = value else {
            return;
        };
        let name = match kept {
            KeptMember::First => members.keys().next(),
            KeptMember::Last => members.keys().next_back(),
        };
        if let Some(name) = name.cloned() {
            members.retain(|member, _| *member == name);
        }
    });
    varied
}

/// Replaces every number, boolean and string by `""`.
pub fn scalars_as_empty_strings(value: &Value) -> Value {
    let mut varied = value.clone();
    for_each_value(&mut varied, &mut |value| {
        if matches!(value, Value::Number(_) | Value::Bool(_) | Value::String(_)) {
            *value = Value::String(String::new());
        }
    });
    varied
}

/// Returns a copy of `value` with the value at the JSON pointer `pointer`
/// replaced by `replacement`.
///
/// # Panics
///
/// Panics when `value` has nothing at `pointer`.
#[track_caller]
pub fn replaced_at(value: &Value, pointer: &str, replacement: Value) -> Value {
    let mut varied = value.clone();
    match varied.pointer_mut(pointer) {
        Some(target) => *target = replacement,
        None => panic!("the served body has no value at `{pointer}`"),
    }
    varied
}

/// Splits a pattern of [`ResponseFields`] into its unescaped segments.
fn pattern_segments(pattern: &str) -> Vec<String> {
    pattern
        .split('/')
        .skip(1)
        .map(|segment| segment.replace("~1", "/").replace("~0", "~"))
        .collect()
}

fn path_matches(pattern: &[String], path: &[String]) -> bool {
    pattern.len() == path.len()
        && pattern
            .iter()
            .zip(path)
            .all(|(expected, segment)| expected == "*" || expected == segment)
}

/// Calls `change` on every value in `value`, the innermost first.
fn for_each_value(value: &mut Value, change: &mut dyn FnMut(&mut Value)) {
    for_each_path(value, &mut Vec::new(), &mut |value, _| change(value));
}

/// Calls `change` on every value whose path `patterns` match, the innermost
/// first, so a change to a list or object comes after the changes inside it.
fn for_each_match(value: &mut Value, patterns: &[&str], change: &mut dyn FnMut(&mut Value)) {
    let patterns: Vec<Vec<String>> = patterns
        .iter()
        .map(|pattern| pattern_segments(pattern))
        .collect();
    for_each_path(value, &mut Vec::new(), &mut |value, path| {
        if patterns.iter().any(|pattern| path_matches(pattern, path)) {
            change(value);
        }
    });
}

/// Calls `visit` on every value in `value` with its path: the items and
/// members first, then the value that contains them.
fn for_each_path(
    value: &mut Value,
    path: &mut Vec<String>,
    visit: &mut dyn FnMut(&mut Value, &[String]),
) {
    match value {
        Value::Array(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                path.push(index.to_string());
                for_each_path(item, path, visit);
                path.pop();
            }
        }
        Value::Object(members) => {
            for (name, member) in members.iter_mut() {
                path.push(name.clone());
                for_each_path(member, path, visit);
                path.pop();
            }
        }
        _ => {}
    }
    visit(value, path);
}

/// Returns the paths of the values in `value` that `patterns` match.
fn matching_paths(value: &Value, patterns: &[&str]) -> Vec<Vec<String>> {
    let patterns: Vec<Vec<String>> = patterns
        .iter()
        .map(|pattern| pattern_segments(pattern))
        .collect();
    let mut paths = Vec::new();
    collect_matching_paths(value, &patterns, &mut Vec::new(), &mut paths);
    paths
}

fn collect_matching_paths(
    value: &Value,
    patterns: &[Vec<String>],
    path: &mut Vec<String>,
    paths: &mut Vec<Vec<String>>,
) {
    if patterns.iter().any(|pattern| path_matches(pattern, path)) {
        paths.push(path.clone());
    }
    let children: Vec<(String, &Value)> = match value {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(index, item)| (index.to_string(), item))
            .collect(),
        Value::Object(members) => members
            .iter()
            .map(|(name, member)| (name.clone(), member))
            .collect(),
        _ => Vec::new(),
    };
    for (segment, child) in children {
        path.push(segment);
        collect_matching_paths(child, patterns, path, paths);
        path.pop();
    }
}

fn value_at_mut<'a>(value: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    let mut current = value;
    for segment in path {
        current = match current {
            Value::Array(items) => items.get_mut(segment.parse::<usize>().ok()?)?,
            Value::Object(members) => members.get_mut(segment)?,
            _ => return None,
        };
    }
    Some(current)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const FIELDS: ResponseFields = ResponseFields {
        integers: &["/invoice/id", "/invoice/items/*/id"],
        numbers: &["/invoice/total"],
        objects: &["/invoice", "/invoice/client"],
        structs: &["", "/invoice", "/invoice/client", "/invoice/items/*"],
        lists: &["/invoice/items"],
        maps: &["/gateways"],
    };

    fn served() -> Value {
        json!({
            "invoice": {
                "id": "26",
                "total": "19.65",
                "paid": true,
                "client": {"id": 7, "name": "Ann"},
                "items": [{"id": 1693, "amount": 9.99}, {"id": 1694, "amount": 0}]
            },
            "gateways": {"10": "BankTransfer"},
            "code": "0123"
        })
    }

    #[test]
    fn numbers_and_booleans_become_strings() {
        let varied = numbers_as_strings(&json!({"a": 26, "b": [9.99, true, false], "c": "x"}));
        assert_eq!(
            varied,
            json!({"a": "26", "b": ["9.99", "1", "0"], "c": "x"})
        );
    }

    #[test]
    fn numeric_strings_become_numbers_in_numeric_fields() {
        let varied = numeric_strings_as_numbers(&served(), &["/invoice/id", "/invoice/total"]);
        assert_eq!(varied["invoice"]["id"], json!(26));
        assert_eq!(varied["invoice"]["total"], json!(19.65));
        assert_eq!(
            varied["code"],
            json!("0123"),
            "a field not matched stays a string"
        );
    }

    #[test]
    fn numeric_strings_keep_other_text() {
        let value = json!({"a": "abc", "b": " 12 ", "c": "1e400", "d": ""});
        let varied = numeric_strings_as_numbers(&value, &["/a", "/b", "/c", "/d"]);
        assert_eq!(varied, json!({"a": "abc", "b": 12, "c": "1e400", "d": ""}));
    }

    #[test]
    fn replacements_by_depth() {
        let varied = replaced_by_depth(&served(), FIELDS.objects, &json!([]));
        assert_eq!(varied.len(), 2);
        assert_eq!(varied[0].0, 1);
        assert_eq!(varied[0].1["invoice"], json!([]));
        assert_eq!(varied[1].0, 2);
        assert_eq!(varied[1].1["invoice"]["client"], json!([]));
        assert_eq!(varied[1].1["invoice"]["id"], json!("26"));
    }

    #[test]
    fn replacements_without_match() {
        assert!(replaced_by_depth(&served(), &["/missing"], &Value::Null).is_empty());
    }

    #[test]
    fn lists_keyed_by_item_ids() {
        let varied = lists_as_keyed_objects(&served(), FIELDS.lists);
        assert_eq!(
            varied["invoice"]["items"],
            json!({"1693": {"id": 1693, "amount": 9.99}, "1694": {"id": 1694, "amount": 0}})
        );
    }

    #[test]
    fn lists_keyed_by_synthetic_ids() {
        let value = json!({"a": [{"id": 5}, {"id": 5}], "b": ["x", "y"], "c": []});
        let varied = lists_as_keyed_objects(&value, &["/a", "/b", "/c"]);
        assert_eq!(
            varied,
            json!({
                "a": {"1693": {"id": 5}, "1694": {"id": 5}},
                "b": {"1693": "x", "1694": "y"},
                "c": []
            })
        );
    }

    #[test]
    fn nested_lists_keyed_inside_out() {
        let value = json!({"outer": [{"id": "a", "inner": [1, 2]}]});
        let varied = lists_as_keyed_objects(&value, &["/outer", "/outer/*/inner"]);
        assert_eq!(
            varied,
            json!({"outer": {"a": {"id": "a", "inner": {"1693": 1, "1694": 2}}}})
        );
    }

    #[test]
    fn unknown_members_in_every_struct() {
        let varied = with_unknown_members(&served(), FIELDS.structs);
        let unknown = json!({"nested": [1, "a", null, {"deep": true}]});
        assert_eq!(varied[UNKNOWN_MEMBER_NAME], unknown);
        assert_eq!(varied["invoice"][UNKNOWN_MEMBER_NAME], unknown);
        assert_eq!(varied["invoice"]["client"][UNKNOWN_MEMBER_NAME], unknown);
        assert_eq!(varied["invoice"]["items"][1][UNKNOWN_MEMBER_NAME], unknown);
        assert!(
            varied["gateways"].get(UNKNOWN_MEMBER_NAME).is_none(),
            "maps get no member"
        );
    }

    #[test]
    fn unknown_member_name_not_taken() {
        let value = json!({UNKNOWN_MEMBER_NAME: 1});
        let varied = with_unknown_members(&value, &[""]);
        assert_eq!(varied[UNKNOWN_MEMBER_NAME], json!(1));
        assert!(varied.get(format!("{UNKNOWN_MEMBER_NAME}_")).is_some());
    }

    #[test]
    fn one_member_kept() {
        let first = with_one_member(&served(), FIELDS.structs, KeptMember::First);
        assert_eq!(first, json!({"invoice": {"id": "26"}}));
        let last = with_one_member(&served(), FIELDS.structs, KeptMember::Last);
        assert_eq!(last, json!({"code": "0123"}));
        let value = json!({"a": {"b": 1, "c": {"d": 2, "e": 3}}});
        let last = with_one_member(&value, &["", "/a", "/a/c"], KeptMember::Last);
        assert_eq!(last, json!({"a": {"c": {"e": 3}}}));
    }

    #[test]
    fn scalars_become_empty_strings() {
        let value = json!({"a": 1, "b": [true, "x", null, {}], "c": {"d": 2.5}});
        let varied = scalars_as_empty_strings(&value);
        assert_eq!(
            varied,
            json!({"a": "", "b": ["", "", null, {}], "c": {"d": ""}})
        );
    }

    #[test]
    fn pattern_segments_unescaped() {
        assert!(pattern_segments("").is_empty());
        assert_eq!(pattern_segments("/a~1b/*/c~0d"), ["a/b", "*", "c~d"]);
    }

    #[test]
    fn value_replaced_at_pointer() {
        let varied = replaced_at(&served(), "/invoice/items/0/id", json!("abc"));
        assert_eq!(varied["invoice"]["items"][0]["id"], json!("abc"));
    }

    #[test]
    fn variations_labelled_and_distinct() {
        let served = served();
        let variations = response_variations(&served, &FIELDS);
        let labels: Vec<&str> = variations
            .iter()
            .map(|variation| variation.label.as_str())
            .collect();
        assert_eq!(
            labels,
            [
                "numbers and booleans as strings",
                "numeric strings as numbers in integer and number fields",
                "objects as [] at depth 1",
                "objects as [] at depth 2",
                "objects as null at depth 1",
                "objects as null at depth 2",
                "maps as [] at depth 1",
                "lists as objects keyed by id",
                "unknown member `x_unexpected` in every object",
                "only the first field of every object",
                "only the last field of every object",
                "\"\" for every number, boolean and string",
            ]
        );
        for variation in &variations {
            assert_ne!(
                variation.body, served,
                "{} changes nothing",
                variation.label
            );
        }
    }

    #[test]
    fn unchanged_variations_left_out() {
        let variations = response_variations(&json!({"a": null}), &ResponseFields::default());
        assert!(variations.is_empty(), "{variations:?}");
    }
}
