//! Emitting `tests/contract.rs`: one wiremock test per operation that checks
//! the request the generated method sends and the response it returns.
//!
//! Every test fills every parameter and body field with a sample value and
//! states the exact request those values must produce: method, encoded path
//! with the base path, query pairs, headers and body. It then serves a
//! response and checks what the method returns. The expected request is
//! computed here from the model, independently of the code in
//! `operations.rs`, so a generator change that alters the request on the
//! wire fails a test. The helpers the tests call live in the hand-written
//! `tests/support/mod.rs`.
//!
//! For an operation with a typed response, the test then serves variations
//! of the example in turn, such as numbers sent as strings or lists sent as
//! objects keyed by id. Each must decode and encode back to the same JSON.
//! The support module makes the variations, and the `variations` module
//! passes it the JSON pointers that the inferred types read as numbers,
//! objects, lists and maps.

mod variations;

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::{Map, Value};

use super::{CrateSettings, GeneratedFile, format_file, ident, inner_doc_attributes};
use crate::error::{Error, Result};
use crate::infer::repair_example;
use crate::model::{
    Api, BodyEncoding, CollectionFormat, HttpMethod, Operation, ParameterLocation, PathSegment,
    RequestBody, ResponseKind, Schema, TypeRef,
};
use crate::names::unraw;
use variations::{FieldPatterns, first_integer_field};

/// Path of the generated test file, relative to the crate root.
pub(crate) const CONTRACT_TESTS_PATH: &str = "tests/contract.rs";

/// Name of the extra member, field or query pair that every test adds
/// besides the declared ones, to check that `extra` values are sent.
const EXTRA_NAME: &str = "contract_extra";
/// Value sent under [`EXTRA_NAME`].
const EXTRA_VALUE: &str = "extra ä&=+";
/// Body served by the test that checks a text response.
const TEXT_BODY: &str = "OK, not JSON";
/// Body served by the test that checks a 404 response.
const NOT_FOUND_BODY: &str = "no such page";
/// Text served in an integer field by the test that checks a decode error.
const NON_NUMERIC_TEXT: &str = "abc";

/// Generates `tests/contract.rs` for `api`.
///
/// # Errors
///
/// Returns [`Error::GeneratedCode`] when an operation uses an enum that the
/// model does not define, or when the generated code does not parse.
pub(crate) fn contract_tests(api: &Api, settings: &CrateSettings) -> Result<GeneratedFile> {
    let mut summary = Summary::default();
    let mut tests = Vec::new();
    for operation in &api.operations {
        let served = served_response(operation);
        summary.count(operation, &served);
        let call = OperationCall::new(api, operation)?;
        tests.push(operation_test(api, operation, &call, &served));
    }
    let behaviour = client_behaviour_tests(api)?;

    let crate_ident = ident(&settings.crate_name.replace('-', "_"));
    let base_path = api.base_path.as_str();
    // Without operations no test reads the base path.
    let base_path = (!api.operations.is_empty()).then(|| {
        quote! {
            /// The spec's base path, which the client's base URL ends with.
            const BASE_PATH: &str = #base_path;
        }
    });
    let docs = inner_doc_attributes(&summary.doc_lines(&settings.spec_label, api.operations.len()));
    let uses_types = api.operations.iter().any(uses_types);
    let types_import = uses_types.then(|| quote! { use client_under_test::types; });
    let tokens = quote! {
        #docs
        // prettyplease formats this file, so rustfmt must not.
        #![cfg_attr(rustfmt, rustfmt_skip)]
        // The tests call deprecated operations too.
        #![allow(deprecated)]

        mod support;

        use #crate_ident as client_under_test;
        #types_import

        #base_path

        #(#tests)*

        #behaviour
    };
    Ok(GeneratedFile {
        path: CONTRACT_TESTS_PATH.to_owned(),
        contents: format_file(CONTRACT_TESTS_PATH, tokens, settings)?,
    })
}

/// The body a test serves as the operation's 200 response.
enum ServedResponse {
    /// The spec's example, parsed, and whether it needed repairs to parse.
    Example(Value, bool),
    /// The spec's example is a HostBill error object, so the method must
    /// return `Error::Api` with these messages.
    ErrorExample(Value, Vec<String>),
    /// `{}`, because the spec has no example.
    NoExample,
    /// `{}`, because the example is not valid JSON even after repairs.
    InvalidExample,
    /// `null` for a `HEAD` operation, whose response has no body.
    Head,
    /// A file with the operation's media type.
    Binary(String),
}

/// Counts of operations per kind of served response, for the file header.
#[derive(Default)]
struct Summary {
    examples: usize,
    repaired_examples: usize,
    error_examples: usize,
    without_example: usize,
    invalid_examples: usize,
    head: usize,
    binary: usize,
    /// Operations whose test also serves variations of the example.
    varied: usize,
}

impl Summary {
    fn count(&mut self, operation: &Operation, served: &ServedResponse) {
        if serves_variations(operation, served) {
            self.varied += 1;
        }
        match served {
            ServedResponse::Example(_, repaired) => {
                self.examples += 1;
                self.repaired_examples += usize::from(*repaired);
            }
            ServedResponse::ErrorExample(..) => self.error_examples += 1,
            ServedResponse::NoExample => self.without_example += 1,
            ServedResponse::InvalidExample => self.invalid_examples += 1,
            ServedResponse::Head => self.head += 1,
            ServedResponse::Binary(_) => self.binary += 1,
        }
    }

    fn doc_lines(&self, spec_label: &str, operations: usize) -> Vec<String> {
        let mut lines = vec![
            format!(
                "Contract tests for the {operations} operations of `{}`, one test per operation.",
                spec_label.replace('`', "'")
            ),
            String::new(),
            "Each test calls the generated method with a sample value for every parameter and"
                .to_owned(),
            "body field against a mock server that responds only to the exact request those"
                .to_owned(),
            "values must produce, then checks the returned value. Served responses:".to_owned(),
            String::new(),
        ];
        let kinds = [
            (
                self.examples,
                format!(
                    "the example response from the spec ({} of them after repairing invalid JSON)",
                    self.repaired_examples
                ),
            ),
            (
                self.error_examples,
                "the spec's example, which is a HostBill error object, so the method must return `Error::Api`"
                    .to_owned(),
            ),
            (
                self.without_example,
                "`{}`, because the spec has no example".to_owned(),
            ),
            (
                self.invalid_examples,
                "`{}`, because the spec's example is not valid JSON even after repairs".to_owned(),
            ),
            (self.head, "no body, because the method is `HEAD`".to_owned()),
            (self.binary, "a file (binary responses)".to_owned()),
        ];
        for (count, served) in kinds {
            if count > 0 {
                lines.push(format!("- {}: {served}.", operation_count(count)));
            }
        }
        lines.push(String::new());
        if self.varied > 0 {
            lines.extend([
                format!(
                    "The tests of the {} with a typed response then serve variations of the example",
                    operation_count(self.varied)
                ),
                "as a PHP portal sends them: numbers as strings, `[]` for objects, lists keyed by id,"
                    .to_owned(),
                "unknown and missing fields, and more that `support::response_variations` lists."
                    .to_owned(),
                "Each must decode and encode back to the same JSON.".to_owned(),
                String::new(),
            ]);
        }
        lines.push(
            "The module `client_behaviour` checks Bearer authentication and the handling of error,"
                .to_owned(),
        );
        lines.push(
            "text and undecodable responses once for the crate. The helpers are in".to_owned(),
        );
        lines.push("`tests/support/mod.rs`.".to_owned());
        lines
    }
}

fn operation_count(count: usize) -> String {
    if count == 1 {
        "1 operation".to_owned()
    } else {
        format!("{count} operations")
    }
}

fn served_response(operation: &Operation) -> ServedResponse {
    if let ResponseKind::Binary { media_type } = &operation.response.kind {
        return ServedResponse::Binary(served_media_type(media_type));
    }
    if operation.method == HttpMethod::Head {
        return ServedResponse::Head;
    }
    let Some(example) = &operation.response.example else {
        return ServedResponse::NoExample;
    };
    // The same repair that response type inference uses, so that the tests
    // serve what the inferred types were made from.
    match repair_example(example) {
        Ok(repaired) => match hostbill_error_messages(&repaired.value) {
            Some(messages) => ServedResponse::ErrorExample(repaired.value, messages),
            None => ServedResponse::Example(repaired.value, !repaired.repairs.is_empty()),
        },
        Err(_) => ServedResponse::InvalidExample,
    }
}

/// Returns the messages the client reports for a HostBill error object,
/// following `hostbill_error_messages` in the runtime's `error.rs`.
fn hostbill_error_messages(value: &Value) -> Option<Vec<String>> {
    let error = value.as_object()?.get("error")?;
    let text = |value: &Value| match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    let messages: Vec<String> = match error {
        Value::Array(items) => items.iter().map(text).collect(),
        Value::String(message) => vec![message.clone()],
        Value::Object(members) => members.values().map(text).collect(),
        Value::Null | Value::Bool(false) => return None,
        other => vec![other.to_string()],
    };
    (!messages.is_empty()).then_some(messages)
}

/// Returns the media type to serve for a binary operation: its own, unless
/// that is a wildcard, which is not valid in `Content-Type`.
fn served_media_type(media_type: &str) -> String {
    if media_type.contains('*') {
        "application/octet-stream".to_owned()
    } else {
        media_type.to_owned()
    }
}

fn uses_types(operation: &Operation) -> bool {
    operation.query_rust_name.is_some()
        || operation.body.is_some()
        || operation
            .parameters
            .iter()
            .any(|parameter| schema_uses_types(&parameter.schema))
}

fn schema_uses_types(schema: &Schema) -> bool {
    match schema {
        Schema::Enum(_) => true,
        Schema::Array(items) => schema_uses_types(items),
        _ => false,
    }
}

/// Credentials a test sends.
#[derive(Clone, Copy)]
enum Auth {
    Basic,
    Bearer,
}

/// The sample arguments of one operation and the request they must produce.
struct OperationCall {
    /// `support::ExpectedRequest::new(...)` and its calls, without the
    /// `Authorization` header.
    expected: TokenStream,
    /// `let query = ...;` and `let body = ...;`.
    arguments: TokenStream,
    /// `client.method(...)`, without `.await`.
    call: TokenStream,
}

impl OperationCall {
    fn new(api: &Api, operation: &Operation) -> Result<OperationCall> {
        let mut samples = Samples::new(api);
        let operation_id = operation.operation_id.as_str();
        let method = operation.method.as_str();

        let mut call_arguments = Vec::new();
        let mut path_values = Vec::new();
        for parameter in operation.parameters_in(ParameterLocation::Path) {
            let sample = samples.sample(&parameter.schema, &parameter.name, Site::Path)?;
            call_arguments.push(sample.argument_expression());
            path_values.push((parameter.name.as_str(), sample.path_text()));
        }
        let path = expected_path(api, operation, &path_values);

        let mut expectations = Vec::new();
        let accept = match &operation.response.kind {
            ResponseKind::Json => "application/json",
            ResponseKind::Binary { media_type } => media_type.as_str(),
        };
        expectations.push(quote! { .header("accept", #accept) });

        for parameter in operation.parameters_in(ParameterLocation::Header) {
            let sample = samples.sample(&parameter.schema, &parameter.name, Site::Header)?;
            let argument = sample.argument_expression();
            call_arguments.push(if parameter.required {
                argument
            } else {
                quote! { Some(#argument) }
            });
            let name = parameter.name.as_str();
            let value = sample.joined_text(",");
            expectations.push(quote! { .header(#name, #value) });
        }

        let mut arguments = TokenStream::new();
        if let Some(query_type) = &operation.query_rust_name {
            let mut fields = Vec::new();
            for parameter in operation.parameters_in(ParameterLocation::Query) {
                let sample = samples.sample(&parameter.schema, &parameter.name, Site::Query)?;
                fields.push(struct_field(
                    &parameter.rust_name,
                    parameter.required,
                    &sample,
                ));
                for value in sample.query_texts(parameter.collection_format) {
                    let name = parameter.name.as_str();
                    expectations.push(quote! { .query(#name, #value) });
                }
            }
            let query_type = ident(query_type);
            let extra_key = format!("{EXTRA_NAME}[0][key]");
            arguments.extend(quote! {
                let query = types::#query_type {
                    #(#fields)*
                    extra: vec![(#extra_key.to_owned(), #EXTRA_VALUE.to_owned())],
                };
            });
            expectations.push(quote! { .query(#extra_key, #EXTRA_VALUE) });
            call_arguments.push(quote! { &query });
        }

        if let Some(body) = &operation.body {
            let (statement, body_expectations) = body_arguments(&mut samples, body)?;
            arguments.extend(statement);
            expectations.extend(body_expectations);
            call_arguments.push(quote! { &body });
        }

        let method_ident = ident(&operation.rust_name);
        Ok(OperationCall {
            expected: quote! {
                support::ExpectedRequest::new(#operation_id, #method, #path)
                    #(#expectations)*
            },
            arguments,
            call: quote! { client.#method_ident(#(#call_arguments),*) },
        })
    }

    /// Returns the statements that mount `response` for the expected
    /// request sent with `auth`, call the method and verify the request,
    /// leaving the method's return value in `result`.
    fn statements(&self, auth: Auth, response: TokenStream) -> TokenStream {
        let (authorization, client) = match auth {
            Auth::Basic => (
                quote! { support::BASIC_AUTHORIZATION },
                quote! { support::basic_client(&server, BASE_PATH) },
            ),
            Auth::Bearer => (
                quote! { support::BEARER_AUTHORIZATION },
                quote! { support::bearer_client(&server, BASE_PATH) },
            ),
        };
        let OperationCall {
            expected,
            arguments,
            call,
        } = self;
        quote! {
            let server = support::start_server().await;
            let expected = #expected
                .header("authorization", #authorization);
            expected.mount(&server, #response).await;

            let client = #client;
            #arguments
            let result = #call.await;
            expected.verify(&server).await;
        }
    }
}

/// Builds the percent-encoded path the server must receive: the base path,
/// then the template with each parameter's sample encoded as one segment.
fn expected_path(api: &Api, operation: &Operation, values: &[(&str, String)]) -> String {
    let mut path = api.base_path.clone();
    for segment in &operation.path.segments {
        match segment {
            PathSegment::Literal(text) => path.push_str(text),
            PathSegment::Parameter(name) => {
                if let Some((_, value)) = values.iter().find(|(wire_name, _)| wire_name == name) {
                    path.push_str(&encode_path_segment(value));
                }
            }
        }
    }
    path
}

/// Percent-encodes every byte except the RFC 3986 `pchar` characters
/// (unreserved, sub-delims, `:` and `@`), as the runtime's
/// `encode_path_segment` must.
fn encode_path_segment(value: &str) -> String {
    let mut encoded = String::new();
    for byte in value.bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&byte);
        if keep {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// Returns the `let body = ...;` statement and the body expectations.
fn body_arguments(
    samples: &mut Samples<'_>,
    body: &RequestBody,
) -> Result<(TokenStream, Vec<TokenStream>)> {
    let mut fields = Vec::new();
    let mut expectations = Vec::new();
    let mut json = Map::new();
    for field in &body.fields {
        let sample = samples.sample(&field.schema, &field.name, Site::Body)?;
        fields.push(struct_field(&field.rust_name, field.required, &sample));
        let name = field.name.as_str();
        match body.encoding {
            BodyEncoding::Json => {
                json.insert(field.name.clone(), sample.json());
            }
            // Forms repeat the field name for each item of an array.
            BodyEncoding::Form => {
                for value in sample.query_texts(CollectionFormat::Multi) {
                    expectations.push(quote! { .form_field(#name, #value) });
                }
            }
            BodyEncoding::Multipart => expectations.extend(multipart_expectations(name, &sample)),
        }
    }

    let extra = match body.encoding {
        BodyEncoding::Json => {
            json.insert(EXTRA_NAME.to_owned(), Value::String(EXTRA_VALUE.to_owned()));
            let text = raw_string(&pretty_json(&Value::Object(json)));
            expectations.push(quote! { .json_body(support::json(#text)) });
            let extra = raw_string(&Value::Object(extra_member()).to_string());
            quote! { support::json_object(#extra) }
        }
        BodyEncoding::Form => {
            expectations.push(quote! { .form_field(#EXTRA_NAME, #EXTRA_VALUE) });
            quote! { vec![(#EXTRA_NAME.to_owned(), #EXTRA_VALUE.to_owned())] }
        }
        BodyEncoding::Multipart => {
            expectations.push(quote! { .text_part(#EXTRA_NAME, #EXTRA_VALUE) });
            quote! { vec![(#EXTRA_NAME.to_owned(), #EXTRA_VALUE.to_owned())] }
        }
    };
    let body_type = ident(&body.rust_name);
    let statement = quote! {
        let body = types::#body_type {
            #(#fields)*
            extra: #extra,
        };
    };
    Ok((statement, expectations))
}

fn extra_member() -> Map<String, Value> {
    let mut members = Map::new();
    members.insert(EXTRA_NAME.to_owned(), Value::String(EXTRA_VALUE.to_owned()));
    members
}

fn multipart_expectations(name: &str, sample: &Sample) -> Vec<TokenStream> {
    let items = match sample {
        Sample::List(items) => items.iter().collect(),
        other => vec![other],
    };
    items
        .into_iter()
        .map(|item| match item {
            Sample::File {
                file_name,
                media_type,
                contents,
            } => {
                let contents = Literal::byte_string(contents.as_bytes());
                quote! { .file_part(#name, #file_name, #media_type, #contents) }
            }
            other => {
                let value = other.joined_text(",");
                quote! { .text_part(#name, #value) }
            }
        })
        .collect()
}

fn struct_field(rust_name: &str, required: bool, sample: &Sample) -> TokenStream {
    let field = ident(rust_name);
    let value = sample.owned_expression();
    if required {
        quote! { #field: #value, }
    } else {
        quote! { #field: Some(#value), }
    }
}

/// A sample value for one parameter or body field.
enum Sample {
    Text(String),
    Integer(i64),
    Number(f64),
    Boolean(bool),
    Enum {
        type_name: String,
        variant: String,
        value: String,
    },
    Any(Value),
    File {
        file_name: String,
        media_type: String,
        contents: String,
    },
    List(Vec<Sample>),
}

/// The part of the request a sample value is sent in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Site {
    Path,
    /// Header values stay ASCII, because `HeaderValue::to_str`, which the
    /// header matcher uses, rejects other bytes.
    Header,
    Query,
    Body,
}

/// Hands out sample values, distinct within one operation.
struct Samples<'a> {
    api: &'a Api,
    /// Next integer. Number and JSON samples use it too.
    next_integer: i64,
    /// Next boolean. Booleans alternate, so that both `1` and `0` are sent.
    next_boolean: bool,
    /// Number in the next path text sample.
    next_path_text: usize,
}

impl<'a> Samples<'a> {
    fn new(api: &'a Api) -> Samples<'a> {
        Samples {
            api,
            next_integer: 101,
            next_boolean: true,
            next_path_text: 1,
        }
    }

    /// Returns a sample of `schema` for the parameter or field `wire_name`.
    /// Path texts contain a space, a `/` and a non-ASCII letter, which must
    /// all be percent-encoded. Query and body texts contain a non-ASCII
    /// letter, `&`, `=` and `+`, which must be encoded in a query or form.
    fn sample(&mut self, schema: &Schema, wire_name: &str, site: Site) -> Result<Sample> {
        let letter = if site == Site::Header { "a" } else { "ä" };
        Ok(match schema {
            Schema::String if site == Site::Path => {
                let text = format!("vm {}/ä", self.next_path_text);
                self.next_path_text += 1;
                Sample::Text(text)
            }
            Schema::String if site == Site::Header => Sample::Text(format!("{wire_name} value")),
            Schema::String => Sample::Text(format!("{wire_name} ä&=+")),
            Schema::Integer => Sample::Integer(self.integer()),
            Schema::Number => Sample::Number(self.integer() as f64 + 0.5),
            Schema::Boolean => {
                let value = self.next_boolean;
                self.next_boolean = !value;
                Sample::Boolean(value)
            }
            Schema::Enum(name) => {
                let variant = self
                    .api
                    .enum_def(name)
                    .and_then(|def| def.variants.first())
                    .ok_or_else(|| Error::GeneratedCode {
                        file: CONTRACT_TESTS_PATH.to_owned(),
                        message: format!(
                            "`{wire_name}` uses the enum `{name}`, which has no variants in the model"
                        ),
                    })?;
                Sample::Enum {
                    type_name: name.clone(),
                    variant: variant.rust_name.clone(),
                    value: variant.value.clone(),
                }
            }
            // Keys in sorted order, so that the JSON text is the same
            // whether or not serde_json preserves insertion order.
            Schema::Any => {
                let mut members = Map::new();
                members.insert("count".to_owned(), Value::from(self.integer()));
                members.insert(
                    "key".to_owned(),
                    Value::String(format!("{wire_name} {letter}")),
                );
                Sample::Any(Value::Object(members))
            }
            Schema::File => Sample::File {
                file_name: format!("{wire_name}-{}.txt", self.integer()),
                media_type: "text/plain".to_owned(),
                contents: format!("contents of {wire_name}"),
            },
            Schema::Array(items) => {
                let first = self.sample(items, &format!("{wire_name} 1"), site)?;
                let second = self.sample(items, &format!("{wire_name} 2"), site)?;
                Sample::List(vec![first, second])
            }
        })
    }

    fn integer(&mut self) -> i64 {
        let value = self.next_integer;
        self.next_integer += 1;
        value
    }
}

impl Sample {
    /// Returns the value as `serde_json` serialises the Rust value.
    fn json(&self) -> Value {
        match self {
            Sample::Text(text) => Value::String(text.clone()),
            Sample::Integer(value) => Value::from(*value),
            Sample::Number(value) => Value::from(*value),
            Sample::Boolean(value) => Value::Bool(*value),
            Sample::Enum { value, .. } => Value::String(value.clone()),
            Sample::Any(value) => value.clone(),
            Sample::File { file_name, .. } => Value::String(file_name.clone()),
            Sample::List(items) => Value::Array(items.iter().map(Sample::json).collect()),
        }
    }

    /// Returns the text sent for a single value in a path, query, header or
    /// form: booleans as `1` and `0`, JSON strings without quotes, other
    /// JSON as its text. A list gives its items joined by `,`.
    fn text(&self) -> String {
        match self {
            Sample::Text(text) => text.clone(),
            Sample::Integer(value) => value.to_string(),
            Sample::Number(value) => value.to_string(),
            Sample::Boolean(value) => if *value { "1" } else { "0" }.to_owned(),
            Sample::Enum { value, .. } => value.clone(),
            Sample::Any(Value::String(text)) => text.clone(),
            Sample::Any(value) => value.to_string(),
            Sample::File { contents, .. } => contents.clone(),
            Sample::List(_) => self.joined_text(","),
        }
    }

    fn joined_text(&self, separator: &str) -> String {
        match self {
            Sample::List(items) => items
                .iter()
                .map(Sample::text)
                .collect::<Vec<_>>()
                .join(separator),
            other => other.text(),
        }
    }

    fn path_text(&self) -> String {
        self.joined_text(",")
    }

    /// Returns the query values sent for this sample, one per pair.
    fn query_texts(&self, format: CollectionFormat) -> Vec<String> {
        let separator = match format {
            CollectionFormat::Csv => ",",
            CollectionFormat::Ssv => " ",
            CollectionFormat::Tsv => "\t",
            CollectionFormat::Pipes => "|",
            CollectionFormat::Multi => {
                return match self {
                    Sample::List(items) => items.iter().map(Sample::text).collect(),
                    other => vec![other.text()],
                };
            }
        };
        vec![self.joined_text(separator)]
    }

    /// Returns an expression of the owned Rust type (`String`, `Vec<T>`).
    fn owned_expression(&self) -> TokenStream {
        match self {
            Sample::Text(text) => quote! { #text.to_owned() },
            Sample::List(items) => {
                let items = items.iter().map(Sample::owned_expression);
                quote! { vec![#(#items),*] }
            }
            other => other.scalar_expression(),
        }
    }

    /// Returns an expression of the type generated methods take for path
    /// and header parameters (`&str`, `&[T]`).
    fn argument_expression(&self) -> TokenStream {
        match self {
            Sample::Text(text) => quote! { #text },
            Sample::List(items) => {
                let items = items.iter().map(Sample::owned_expression);
                quote! { &[#(#items),*] }
            }
            other => other.scalar_expression(),
        }
    }

    fn scalar_expression(&self) -> TokenStream {
        match self {
            Sample::Text(text) => quote! { #text },
            Sample::Integer(value) => {
                let literal = Literal::i64_unsuffixed(*value);
                quote! { #literal }
            }
            Sample::Number(value) => {
                let literal = Literal::f64_unsuffixed(*value);
                quote! { #literal }
            }
            Sample::Boolean(value) => quote! { #value },
            Sample::Enum {
                type_name, variant, ..
            } => {
                let type_ident = ident(type_name);
                let variant_ident = ident(variant);
                quote! { types::#type_ident::#variant_ident }
            }
            Sample::Any(value) => {
                let text = raw_string(&value.to_string());
                quote! { support::json(#text) }
            }
            Sample::File {
                file_name,
                media_type,
                contents,
            } => {
                let contents = Literal::byte_string(contents.as_bytes());
                quote! {
                    client_under_test::FilePart {
                        file_name: #file_name.to_owned(),
                        media_type: Some(#media_type.to_owned()),
                        bytes: #contents.to_vec(),
                    }
                }
            }
            Sample::List(_) => self.owned_expression(),
        }
    }
}

/// Returns a raw string literal token for `text`, with enough `#` marks.
fn raw_string(text: &str) -> TokenStream {
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    let literal: Literal = format!("r{hashes}\"{text}\"{hashes}")
        .parse()
        .unwrap_or_else(|_| Literal::string(text));
    quote! { #literal }
}

fn pretty_json(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}

/// Emits the test for one operation, named after its method, with Basic
/// credentials, and with the response variations when the operation has a
/// typed response.
fn operation_test(
    api: &Api,
    operation: &Operation,
    call: &OperationCall,
    served: &ServedResponse,
) -> TokenStream {
    let name = ident(&format!("{}_contract", unraw(&operation.rust_name)));
    let request = format!(
        "Sends `{} {}` (operationId `{}`)",
        operation.method,
        operation.path,
        operation.operation_id.replace('`', "'")
    );
    let variations = typed_response(operation)
        .filter(|_| serves_variations(operation, served))
        .map(|response_type| variation_statements(api, operation, call, response_type));
    served_response_test(
        operation,
        call,
        served,
        Auth::Basic,
        &name,
        &request,
        variations,
    )
}

/// Emits the statements that follow a typed operation's check of its
/// example: serve each variation of `served` for the same request, and
/// check that the response encodes back to the varied JSON.
fn variation_statements(
    api: &Api,
    operation: &Operation,
    call: &OperationCall,
    response_type: &TypeRef,
) -> TokenStream {
    let operation_id = operation.operation_id.as_str();
    let fields = FieldPatterns::of_response(api, response_type).tokens();
    let call = &call.call;
    quote! {
        let fields = #fields;
        let mut report = support::VariationReport::new(#operation_id);
        for variation in support::response_variations(&served, &fields) {
            server.reset().await;
            expected.mount(&server, support::json_response(&variation.body)).await;
            let result = #call.await;
            expected.verify(&server).await;
            report.check(&variation, result);
        }
        report.assert_all_passed();
    }
}

/// Emits a test that calls the operation with `auth` credentials, serves
/// `served` and checks the result, then runs `variations` if given.
/// `request` starts the doc comment.
fn served_response_test(
    operation: &Operation,
    call: &OperationCall,
    served: &ServedResponse,
    auth: Auth,
    name: &syn::Ident,
    request: &str,
    variations: Option<TokenStream>,
) -> TokenStream {
    let operation_id = operation.operation_id.as_str();
    let (mut doc, served_statement, response, check) = match served {
        ServedResponse::Example(value, repaired) => (
            if *repaired {
                format!(
                    " {request}. Serves the example response from the spec, repaired into valid JSON."
                )
            } else {
                format!(" {request}. Serves the example response from the spec.")
            },
            served_json_statement(value),
            quote! { support::json_response(&served) },
            response_assertion(operation),
        ),
        ServedResponse::ErrorExample(value, messages) => (
            format!(
                " {request}. Serves the spec's example, a HostBill error object, which must give `Error::Api`."
            ),
            served_json_statement(value),
            quote! { support::json_response(&served) },
            quote! { support::assert_api_error(#operation_id, result, 200, &[#(#messages),*]); },
        ),
        ServedResponse::NoExample | ServedResponse::InvalidExample => {
            let reason = if matches!(served, ServedResponse::NoExample) {
                "the spec has no example"
            } else {
                "the spec's example is not valid JSON even after repairs"
            };
            let value = Value::Object(Map::new());
            (
                format!(" {request}. Serves `{value}`, because {reason}."),
                served_json_statement(&value),
                quote! { support::json_response(&served) },
                response_assertion(operation),
            )
        }
        ServedResponse::Head => (
            format!(" {request}. Serves no body, because the method is `HEAD`."),
            served_json_statement(&Value::Null),
            quote! { support::json_response(&served) },
            response_assertion(operation),
        ),
        ServedResponse::Binary(media_type) => (
            format!(" {request}. Serves a file of type `{media_type}`."),
            TokenStream::new(),
            quote! { support::binary_response(#media_type) },
            quote! { support::assert_binary_response(#operation_id, result, #media_type); },
        ),
    };
    if variations.is_some() {
        doc.push_str(" Then serves each variation from `support::response_variations`.");
    }
    let statements = call.statements(auth, response);
    quote! {
        #[doc = #doc]
        #[tokio::test]
        async fn #name() {
            #served_statement
            #statements

            #check
            #variations
        }
    }
}

fn served_json_statement(value: &Value) -> TokenStream {
    let text = raw_string(&pretty_json(value));
    quote! { let served = support::json(#text); }
}

/// Emits the check of a successful JSON response. Every operation test
/// uses this one check, so a change to the methods' return types changes
/// only this function or `support::assert_json_response`.
fn response_assertion(operation: &Operation) -> TokenStream {
    let operation_id = operation.operation_id.as_str();
    quote! { support::assert_json_response(#operation_id, result, &served); }
}

/// Returns whether the operation's method returns `serde_json::Value`.
fn returns_json_value(operation: &Operation) -> bool {
    matches!(operation.response.kind, ResponseKind::Json) && typed_response(operation).is_none()
}

/// Returns the type a JSON operation's method decodes its response into,
/// or `None` when it returns `serde_json::Value` or is not a JSON operation.
///
/// NOTE: this repeats the choice of return type in `operation_method` in
/// `operations.rs`, and must change with it.
fn typed_response(operation: &Operation) -> Option<&TypeRef> {
    match (&operation.response.kind, &operation.response_type) {
        (ResponseKind::Json, Some(response_type)) if *response_type != TypeRef::Any => {
            Some(response_type)
        }
        _ => None,
    }
}

/// Returns whether the operation's test serves variations of its example:
/// the method returns a typed response and the test serves the example.
fn serves_variations(operation: &Operation, served: &ServedResponse) -> bool {
    matches!(served, ServedResponse::Example(..)) && typed_response(operation).is_some()
}

/// Emits `mod client_behaviour` with the checks that do not depend on the
/// operation. Each runs on the first operation of the spec that it applies
/// to: any operation for Bearer credentials and a 404, a JSON operation for
/// an error object, and one returning `serde_json::Value` or a typed
/// response for a text body. A check without such an operation is left out.
fn client_behaviour_tests(api: &Api) -> Result<TokenStream> {
    let Some(first) = api.operations.first() else {
        return Ok(TokenStream::new());
    };
    let first_json = api
        .operations
        .iter()
        .find(|operation| matches!(operation.response.kind, ResponseKind::Json));
    let mut tests = Vec::new();

    let call = OperationCall::new(api, first)?;
    let first_id = first.operation_id.as_str();
    let request = format!(
        "Sends `{}` with a Bearer token instead of Basic credentials",
        first_id.replace('`', "'")
    );
    tests.push(served_response_test(
        first,
        &call,
        &served_response(first),
        Auth::Bearer,
        &ident("bearer_token_sent"),
        &request,
        None,
    ));

    let not_found = call.statements(
        Auth::Basic,
        quote! { support::text_response(404, #NOT_FOUND_BODY) },
    );
    let doc = format!(" A 404 with a text body gives `Error::Status`, checked on `{first_id}`.");
    tests.push(quote! {
        #[doc = #doc]
        #[tokio::test]
        async fn status_404_with_text_body() {
            #not_found
            support::assert_status_error(#first_id, result, 404, #NOT_FOUND_BODY);
        }
    });

    if let Some(operation) = first_json {
        let call = OperationCall::new(api, operation)?;
        let operation_id = operation.operation_id.as_str();
        let api_error = call.statements(
            Auth::Basic,
            quote! { support::json_response(&support::json(error_body)) },
        );
        let doc = format!(
            " A HostBill error object with status 200 gives `Error::Api`, checked on `{operation_id}`."
        );
        tests.push(quote! {
            #[doc = #doc]
            #[tokio::test]
            async fn api_error_with_status_200() {
                for error_body in support::API_ERROR_BODIES {
                    #api_error
                    support::assert_api_error(#operation_id, result, 200, &[support::API_ERROR_MESSAGE]);
                }
            }
        });
    }

    if let Some(operation) = api
        .operations
        .iter()
        .find(|operation| returns_json_value(operation))
    {
        let call = OperationCall::new(api, operation)?;
        let operation_id = operation.operation_id.as_str();
        let text = call.statements(
            Auth::Basic,
            quote! { support::text_response(200, #TEXT_BODY) },
        );
        let doc = format!(
            " A 200 body that is not JSON gives the text as a JSON string, checked on `{operation_id}`."
        );
        tests.push(quote! {
            #[doc = #doc]
            #[tokio::test]
            async fn text_body_for_json_operation() {
                #text
                support::assert_text_response(#operation_id, result, #TEXT_BODY);
            }
        });
    }

    let typed = api.operations.iter().find(|operation| {
        matches!(operation.response.kind, ResponseKind::Json) && !returns_json_value(operation)
    });
    if let Some(operation) = typed {
        let call = OperationCall::new(api, operation)?;
        let operation_id = operation.operation_id.as_str();
        let text = call.statements(
            Auth::Basic,
            quote! { support::text_response(200, #TEXT_BODY) },
        );
        let doc = format!(
            " A 200 body that is not JSON gives `Error::Decode` for a typed response, checked on `{operation_id}`."
        );
        tests.push(quote! {
            #[doc = #doc]
            #[tokio::test]
            async fn text_body_for_typed_operation() {
                #text
                support::assert_decode_error(#operation_id, result, #TEXT_BODY);
            }
        });
    }

    if let Some(test) = text_in_integer_field_test(api)? {
        tests.push(test);
    }

    Ok(quote! {
        /// Client behaviour that does not depend on the operation, checked once
        /// per crate.
        mod client_behaviour {
            use super::*;

            #(#tests)*
        }
    })
}

/// Emits the test that serves an example with [`NON_NUMERIC_TEXT`] in an
/// integer field and expects `Error::Decode` at that field. It runs on the
/// first typed operation whose example has an integer field inside an
/// object or list, else on the first with any integer field, and is left
/// out when no example has one.
fn text_in_integer_field_test(api: &Api) -> Result<Option<TokenStream>> {
    let candidates: Vec<_> = api
        .operations
        .iter()
        .filter_map(|operation| {
            let ServedResponse::Example(example, _) = served_response(operation) else {
                return None;
            };
            let patterns = FieldPatterns::of_response(api, typed_response(operation)?);
            let field = first_integer_field(&example, &patterns)?;
            Some((operation, example, field))
        })
        .collect();
    let nested = candidates
        .iter()
        .find(|(_, _, field)| field.path.contains(['.', '[']));
    let Some((operation, example, field)) = nested.or(candidates.first()) else {
        return Ok(None);
    };

    let call = OperationCall::new(api, operation)?;
    let operation_id = operation.operation_id.as_str();
    let served = served_json_statement(example);
    let pointer = field.pointer.as_str();
    let path = field.path.as_str();
    let statements = call.statements(Auth::Basic, quote! { support::json_response(&served) });
    let doc = format!(
        " The string `\"{NON_NUMERIC_TEXT}\"` in the integer field `{}` gives `Error::Decode` at that field, checked on `{operation_id}`.",
        path.replace('`', "'")
    );
    Ok(Some(quote! {
        #[doc = #doc]
        #[tokio::test]
        async fn text_in_integer_field() {
            #served
            let served = support::replaced_at(&served, #pointer, serde_json::Value::from(#NON_NUMERIC_TEXT));
            #statements
            support::assert_field_decode_error(#operation_id, result, #path, #NON_NUMERIC_TEXT);
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segment_encoding() {
        assert_eq!(encode_path_segment("vm 1/ä"), "vm%201%2F%C3%A4");
        assert_eq!(encode_path_segment("a-b_c.d~e,f"), "a-b_c.d~e,f");
        assert_eq!(encode_path_segment("x?y#z%"), "x%3Fy%23z%25");
    }

    #[test]
    fn raw_string_with_quote_and_hash() {
        let literal = raw_string("say \"#hi\"").to_string();
        assert_eq!(literal, "r##\"say \"#hi\"\"##");
    }

    /// Returns the text of the generated test function `name`, up to the
    /// documentation of the next item.
    fn test_text<'a>(contents: &'a str, name: &str) -> &'a str {
        let start = contents
            .find(&format!("async fn {name}()"))
            .unwrap_or_else(|| unreachable!("no test `{name}` in the generated file"));
        let rest = &contents[start..];
        let end = rest.find("///").unwrap_or(rest.len());
        &rest[..end]
    }

    #[test]
    fn variations_only_for_typed_examples() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures/specs/time4vps.swagger.json");
        let document = crate::load::load_file(&path).expect("the Time4VPS spec loads");
        let api = crate::normalise::normalise(&document)
            .expect("the Time4VPS spec normalises")
            .api;
        let settings = CrateSettings {
            crate_name: "time4vps-client".to_owned(),
            spec_label: "time4vps.swagger.json".to_owned(),
        };
        let file = contract_tests(&api, &settings).expect("the contract tests generate");
        let contents = file.contents.as_str();

        let mut varied = 0;
        for operation in &api.operations {
            let name = format!("{}_contract", unraw(&operation.rust_name));
            let text = test_text(contents, &name);
            let expected = serves_variations(operation, &served_response(operation));
            varied += usize::from(expected);
            assert_eq!(
                text.contains("support::response_variations"),
                expected,
                "variations in {name}"
            );
        }
        assert_eq!(varied, 41, "operations with variations");

        let bearer = test_text(contents, "bearer_token_sent");
        assert!(!bearer.contains("support::response_variations"));
        let text_in_integer = test_text(contents, "text_in_integer_field");
        assert!(
            text_in_integer.contains(r#""/client/id""#),
            "{text_in_integer}"
        );
        assert!(
            text_in_integer.contains(r#""client.id""#),
            "{text_in_integer}"
        );
    }

    #[test]
    fn error_example_detected() {
        let value: Value = serde_json::json!({"error": ["invalid method"]});
        assert_eq!(
            hostbill_error_messages(&value),
            Some(vec!["invalid method".to_owned()])
        );
        assert_eq!(
            hostbill_error_messages(&serde_json::json!({"error": []})),
            None
        );
        assert_eq!(
            hostbill_error_messages(&serde_json::json!({"info": ["ok"]})),
            None
        );
    }
}
