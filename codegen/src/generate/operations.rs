//! Emitting `operations.rs`: one async method on `Client` per operation.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attributes, ident, rust_type};
use crate::docs::{rustdoc_lines, summary_line};
use crate::model::{
    Api, BodyEncoding, CollectionFormat, HttpMethod, Operation, Parameter, ParameterLocation,
    PathSegment, RequestBody, ResponseKind, Schema, TypeRef,
};
use crate::names::unraw;

/// Builds the `impl Client` block with every operation.
pub(crate) fn operations_module(api: &Api) -> TokenStream {
    let methods = api.operations.iter().map(operation_method);
    quote! {
        impl crate::Client {
            #(#methods)*
        }
    }
}

fn operation_method(operation: &Operation) -> TokenStream {
    let docs = doc_attributes(&method_doc_lines(operation));
    let name = ident(&operation.rust_name);
    let operation_id = operation.operation_id.as_str();
    let http_method = method_tokens(operation.method);
    let deprecated = operation
        .deprecated
        .then(|| quote! { #[deprecated(note = "the spec marks this operation as deprecated")] });

    let mut arguments = Vec::new();
    for parameter in operation.parameters_in(ParameterLocation::Path) {
        let argument = ident(&parameter.rust_name);
        let ty = argument_type(&parameter.schema);
        arguments.push(quote! { #argument: #ty });
    }
    for parameter in operation.parameters_in(ParameterLocation::Header) {
        let argument = ident(&parameter.rust_name);
        let ty = argument_type(&parameter.schema);
        if parameter.required {
            arguments.push(quote! { #argument: #ty });
        } else {
            arguments.push(quote! { #argument: ::std::option::Option<#ty> });
        }
    }
    if let Some(query_type) = &operation.query_rust_name {
        let query_type = ident(query_type);
        arguments.push(quote! { query: &crate::types::#query_type });
    }
    if let Some(body) = &operation.body {
        let body_type = ident(&body.rust_name);
        arguments.push(quote! { body: &crate::types::#body_type });
    }

    let path = path_statements(operation);
    let headers = operation
        .parameters_in(ParameterLocation::Header)
        .map(header_statement);
    let query = operation
        .query_rust_name
        .as_ref()
        .map(|_| query_statements(operation));
    let body = operation.body.as_ref().map(body_statements);
    let (return_type, send) = match (&operation.response.kind, &operation.response_type) {
        (ResponseKind::Json, Some(response_type)) if *response_type != TypeRef::Any => (
            super::responses::item_type(response_type),
            quote! { self.send_typed(request).await },
        ),
        (ResponseKind::Json, _) => (
            quote! { ::serde_json::Value },
            quote! { self.send_json(request).await },
        ),
        (ResponseKind::Binary { media_type }, _) => (
            quote! { crate::runtime::BinaryResponse },
            quote! {
                request.accept(#media_type);
                self.send_binary(request).await
            },
        ),
    };
    let request_binding = if needs_mut_request(operation) {
        quote! { let mut request }
    } else {
        quote! { let request }
    };

    quote! {
        #docs
        #deprecated
        pub async fn #name(&self, #(#arguments),*) -> ::std::result::Result<#return_type, crate::Error> {
            #path
            #request_binding = crate::runtime::Request::new(#operation_id, #http_method, path);
            #(#headers)*
            #query
            #body
            #send
        }
    }
}

fn needs_mut_request(operation: &Operation) -> bool {
    operation.query_rust_name.is_some()
        || operation.body.is_some()
        || operation
            .parameters_in(ParameterLocation::Header)
            .next()
            .is_some()
        || matches!(operation.response.kind, ResponseKind::Binary { .. })
}

fn method_tokens(method: HttpMethod) -> TokenStream {
    match method {
        HttpMethod::Get => quote! { ::reqwest::Method::GET },
        HttpMethod::Put => quote! { ::reqwest::Method::PUT },
        HttpMethod::Post => quote! { ::reqwest::Method::POST },
        HttpMethod::Delete => quote! { ::reqwest::Method::DELETE },
        HttpMethod::Options => quote! { ::reqwest::Method::OPTIONS },
        HttpMethod::Head => quote! { ::reqwest::Method::HEAD },
        HttpMethod::Patch => quote! { ::reqwest::Method::PATCH },
    }
}

/// Builds the path with every parameter percent-encoded, as statements
/// that leave it in `path`. No parameter name reaches a `format!` string, so
/// keywords and other unusual names cannot break the generated code.
fn path_statements(operation: &Operation) -> TokenStream {
    let has_parameters = operation.path.parameter_names().next().is_some();
    if !has_parameters {
        let text = operation.path.to_string();
        return quote! { let path = ::std::string::String::from(#text); };
    }

    let mut statements = vec![quote! { let mut path = ::std::string::String::new(); }];
    for segment in &operation.path.segments {
        match segment {
            PathSegment::Literal(text) => {
                let mut characters = text.chars();
                match (characters.next(), characters.next()) {
                    (Some(character), None) => statements.push(quote! { path.push(#character); }),
                    _ => statements.push(quote! { path.push_str(#text); }),
                }
            }
            PathSegment::Parameter(name) => {
                // Normalisation adds a parameter for every template name, so
                // a missing one only keeps generation total.
                let Some(parameter) = operation
                    .parameters_in(ParameterLocation::Path)
                    .find(|parameter| &parameter.name == name)
                else {
                    continue;
                };
                let argument = ident(&parameter.rust_name);
                let value = path_value(argument, &parameter.schema);
                statements.push(quote! {
                    path.push_str(&crate::runtime::encode_path_segment(#value));
                });
            }
        }
    }
    quote! { #(#statements)* }
}

fn path_value(argument: syn::Ident, schema: &Schema) -> TokenStream {
    match schema {
        Schema::String => quote! { #argument },
        Schema::Array(_) => quote! {
            &#argument.iter().map(crate::runtime::QueryValue::to_query_value).collect::<::std::vec::Vec<_>>().join(",")
        },
        _ => quote! { &crate::runtime::QueryValue::to_query_value(&#argument) },
    }
}

fn header_statement(parameter: &Parameter) -> TokenStream {
    let argument = ident(&parameter.rust_name);
    let name = parameter.name.as_str();
    let value = header_value(&argument, &parameter.schema);
    if parameter.required {
        quote! { request.header(#name, &#value); }
    } else {
        quote! {
            if let ::std::option::Option::Some(#argument) = #argument {
                request.header(#name, &#value);
            }
        }
    }
}

fn header_value(argument: &syn::Ident, schema: &Schema) -> TokenStream {
    match schema {
        Schema::Array(_) => {
            quote! { #argument.iter().map(crate::runtime::QueryValue::to_query_value).collect::<::std::vec::Vec<_>>().join(",") }
        }
        _ => quote! { #argument },
    }
}

fn query_statements(operation: &Operation) -> TokenStream {
    let statements = operation
        .parameters_in(ParameterLocation::Query)
        .map(|parameter| {
            let field = ident(&parameter.rust_name);
            let push = pair_statement(
                quote! { request.query },
                quote! { request.query_list },
                &parameter.name,
                &parameter.schema,
                parameter.collection_format,
                quote! { value },
            );
            if parameter.required {
                quote! {
                    let value = &query.#field;
                    #push
                }
            } else {
                quote! {
                    if let ::std::option::Option::Some(value) = &query.#field {
                        #push
                    }
                }
            }
        });
    quote! {
        #(#statements)*
        request.extra_query(&query.extra);
    }
}

/// Emits the call that writes one value as a query or form pair, choosing
/// the list call and separator for arrays.
fn pair_statement(
    single: TokenStream,
    list: TokenStream,
    name: &str,
    schema: &Schema,
    format: CollectionFormat,
    value: TokenStream,
) -> TokenStream {
    match schema {
        Schema::Array(_) => {
            let format = list_format(format);
            quote! { #list(#name, #value.as_slice(), #format); }
        }
        _ => quote! { #single(#name, #value); },
    }
}

fn list_format(format: CollectionFormat) -> TokenStream {
    match format {
        CollectionFormat::Csv => quote! { crate::runtime::ListFormat::Joined(",") },
        CollectionFormat::Ssv => quote! { crate::runtime::ListFormat::Joined(" ") },
        CollectionFormat::Tsv => quote! { crate::runtime::ListFormat::Joined("\t") },
        CollectionFormat::Pipes => quote! { crate::runtime::ListFormat::Joined("|") },
        CollectionFormat::Multi => quote! { crate::runtime::ListFormat::Repeated },
    }
}

fn body_statements(body: &RequestBody) -> TokenStream {
    match body.encoding {
        BodyEncoding::Json => quote! { request.json_body(body)?; },
        BodyEncoding::Form => form_statements(body),
        BodyEncoding::Multipart => multipart_statements(body),
    }
}

fn form_statements(body: &RequestBody) -> TokenStream {
    let statements = body.fields.iter().map(|field| {
        let field_ident = ident(&field.rust_name);
        // Forms repeat the key for each item of an array.
        let push = pair_statement(
            quote! { request.form_field },
            quote! { request.form_list },
            &field.name,
            &field.schema,
            CollectionFormat::Multi,
            quote! { value },
        );
        if field.required {
            quote! {
                let value = &body.#field_ident;
                #push
            }
        } else {
            quote! {
                if let ::std::option::Option::Some(value) = &body.#field_ident {
                    #push
                }
            }
        }
    });
    quote! {
        #(#statements)*
        for (name, value) in &body.extra {
            request.form_field(name, value);
        }
    }
}

fn multipart_statements(body: &RequestBody) -> TokenStream {
    let statements = body.fields.iter().map(|field| {
        let field_ident = ident(&field.rust_name);
        let name = field.name.as_str();
        let add = match &field.schema {
            Schema::File => quote! {
                form = form.part(#name, value.to_part().map_err(|source| crate::Error::Transport { operation: request.operation, source })?);
            },
            Schema::Array(items) if **items == Schema::File => quote! {
                for file in value {
                    form = form.part(#name, file.to_part().map_err(|source| crate::Error::Transport { operation: request.operation, source })?);
                }
            },
            Schema::Array(_) => quote! {
                for item in value {
                    form = form.text(#name, crate::runtime::QueryValue::to_query_value(item));
                }
            },
            _ => quote! {
                form = form.text(#name, crate::runtime::QueryValue::to_query_value(value));
            },
        };
        if field.required {
            quote! {
                let value = &body.#field_ident;
                #add
            }
        } else {
            quote! {
                if let ::std::option::Option::Some(value) = &body.#field_ident {
                    #add
                }
            }
        }
    });
    quote! {
        let mut form = ::reqwest::multipart::Form::new();
        #(#statements)*
        for (name, value) in &body.extra {
            form = form.text(name.clone(), value.clone());
        }
        request.multipart_body(form);
    }
}

/// Returns the argument type for a path or header parameter: borrowed
/// strings and slices, owned scalars.
fn argument_type(schema: &Schema) -> TokenStream {
    match schema {
        Schema::String => quote! { &str },
        Schema::Array(items) => {
            let item = rust_type(items);
            quote! { &[#item] }
        }
        other => rust_type(other),
    }
}

fn method_doc_lines(operation: &Operation) -> Vec<String> {
    let mut lines = Vec::new();
    let summary = operation.summary.as_deref().and_then(summary_line);
    let description = operation
        .description
        .as_deref()
        .map(rustdoc_lines)
        .unwrap_or_default();
    match summary {
        Some(summary) => lines.push(summary),
        None => lines.push(format!(
            "Calls `{}`.",
            operation.operation_id.replace('`', "'")
        )),
    }
    if !description.is_empty() && description.first() != lines.first() {
        lines.push(String::new());
        lines.extend(description);
    }

    lines.push(String::new());
    let source_id = operation
        .source_operation_id
        .as_deref()
        .map(|source| format!(", `{}` in the source spec", source.replace('`', "'")))
        .unwrap_or_default();
    lines.push(format!(
        "Sends `{} {}` (operationId `{}`{source_id}).",
        operation.method,
        operation.path,
        operation.operation_id.replace('`', "'")
    ));

    let documented: Vec<&Parameter> = operation
        .parameters
        .iter()
        .filter(|parameter| parameter.location != ParameterLocation::Query)
        .collect();
    if !documented.is_empty() {
        lines.push(String::new());
        lines.push("# Arguments".to_owned());
        lines.push(String::new());
        for parameter in documented {
            let description = parameter
                .description
                .as_deref()
                .and_then(summary_line)
                .unwrap_or_else(|| {
                    format!(
                        "the `{}` {} parameter",
                        parameter.name.replace('`', "'"),
                        parameter.location.as_str()
                    )
                });
            lines.push(format!(
                "- `{}`: {description}",
                unraw(&parameter.rust_name)
            ));
        }
    }

    if let Some(example) = &operation.response.example {
        lines.push(String::new());
        lines.push("# Example response".to_owned());
        lines.push(String::new());
        lines.push("Copied from the spec; it may not be valid JSON.".to_owned());
        lines.push(String::new());
        lines.push("```json".to_owned());
        lines.extend(
            example
                .replace('\r', "")
                .lines()
                .map(|line| line.trim_end().replace("```", "'''")),
        );
        lines.push("```".to_owned());
    }
    lines
}
