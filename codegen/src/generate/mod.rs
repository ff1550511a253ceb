//! Code generation: from the [`Api`] model to formatted Rust files.
//!
//! Every file is built as tokens with `quote`, parsed back with `syn` (so
//! invalid output is an error here, not in the user's build) and printed
//! with `prettyplease`. Generated code names std, serde and reqwest items by
//! absolute paths (`::std::option::Option`), so a spec type called `Option`
//! or `Result` cannot shadow them.

mod contract;
mod operations;
mod responses;
mod types;

pub(crate) use contract::contract_tests;

use proc_macro2::TokenStream;
use quote::quote;

use crate::docs::rustdoc_lines;
use crate::error::{Error, Result};
use crate::model::{Api, Schema};
use crate::names::unraw;

/// One file of a generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the crate root, with `/` separators.
    pub path: String,
    /// Full file text.
    pub contents: String,
}

/// Name of the generated crate and the description of its source.
#[derive(Debug, Clone)]
pub struct CrateSettings {
    /// Cargo package name, such as `myip-client`.
    pub crate_name: String,
    /// The spec path shown in the generated header, such as
    /// `spec/myip.swagger.json`.
    pub spec_label: String,
}

/// Hand-written runtime files copied into every standalone crate. They are
/// the same files the committed client crate compiles.
pub const RUNTIME_FILES: &[(&str, &str)] = &[
    (
        "src/runtime/mod.rs",
        include_str!("../../../generated-client/src/runtime/mod.rs"),
    ),
    (
        "src/runtime/client.rs",
        include_str!("../../../generated-client/src/runtime/client.rs"),
    ),
    (
        "src/runtime/error.rs",
        include_str!("../../../generated-client/src/runtime/error.rs"),
    ),
    (
        "src/runtime/request.rs",
        include_str!("../../../generated-client/src/runtime/request.rs"),
    ),
    (
        "src/runtime/loose/mod.rs",
        include_str!("../../../generated-client/src/runtime/loose/mod.rs"),
    ),
    (
        "src/runtime/loose/collection.rs",
        include_str!("../../../generated-client/src/runtime/loose/collection.rs"),
    ),
    (
        "src/runtime/loose/list.rs",
        include_str!("../../../generated-client/src/runtime/loose/list.rs"),
    ),
    (
        "src/runtime/loose/map.rs",
        include_str!("../../../generated-client/src/runtime/loose/map.rs"),
    ),
    (
        "src/runtime/loose/object.rs",
        include_str!("../../../generated-client/src/runtime/loose/object.rs"),
    ),
    (
        "src/runtime/loose/scalar.rs",
        include_str!("../../../generated-client/src/runtime/loose/scalar.rs"),
    ),
    (
        "src/runtime/loose/tests.rs",
        include_str!("../../../generated-client/src/runtime/loose/tests.rs"),
    ),
];

/// Hand-written helpers of the generated contract tests, copied into every
/// standalone crate next to `tests/contract.rs`. They are the same files the
/// committed client crate's tests compile.
pub const TEST_SUPPORT_FILES: &[(&str, &str)] = &[(
    "tests/support/mod.rs",
    include_str!("../../../generated-client/tests/support/mod.rs"),
)];

/// The `[dev-dependencies]` table of every generated crate, which the
/// contract tests need. A test keeps it equal to the table in
/// `generated-client/Cargo.toml`.
pub const CLIENT_DEV_DEPENDENCIES: &str = r#"serde_json = "1"
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
wiremock = "0.6"
"#;

/// The `[dependencies]` table of every generated crate. A test keeps it equal
/// to the table in `generated-client/Cargo.toml`.
pub const CLIENT_DEPENDENCIES: &str = r#"percent-encoding = "2"
reqwest = { version = "0.13", default-features = false, features = ["rustls", "json", "query", "form", "multipart"] }
serde = { version = "1", features = ["derive"] }
serde_json = { version = "1", features = ["preserve_order"] }
serde_path_to_error = "0.1"
thiserror = "2"
tracing = "0.1"
"#;

/// Generates the files under `src/` that `cargo xtask gen` owns:
/// `lib.rs`, `operations.rs` and `types.rs`.
pub fn client_sources(api: &Api, settings: &CrateSettings) -> Result<Vec<GeneratedFile>> {
    validate_crate_name(&settings.crate_name)?;
    let files = [
        ("src/lib.rs", lib_tokens(api, settings)),
        ("src/operations.rs", operations_file_tokens(api)),
        ("src/types.rs", types_file_tokens(api)),
    ];
    files
        .into_iter()
        .map(|(path, tokens)| {
            Ok(GeneratedFile {
                path: path.to_owned(),
                contents: format_file(path, tokens, settings)?,
            })
        })
        .collect()
}

/// Generates a whole crate that builds on its own: `Cargo.toml`, the
/// runtime and the generated sources.
pub fn standalone_crate(api: &Api, settings: &CrateSettings) -> Result<Vec<GeneratedFile>> {
    let mut files = vec![GeneratedFile {
        path: "Cargo.toml".to_owned(),
        contents: cargo_manifest(api, settings),
    }];
    files.extend(RUNTIME_FILES.iter().map(|(path, contents)| GeneratedFile {
        path: (*path).to_owned(),
        contents: (*contents).to_owned(),
    }));
    files.extend(client_sources(api, settings)?);
    files.extend(
        TEST_SUPPORT_FILES
            .iter()
            .map(|(path, contents)| GeneratedFile {
                path: (*path).to_owned(),
                contents: (*contents).to_owned(),
            }),
    );
    Ok(files)
}

/// Checks that `name` is a valid Cargo package name.
pub fn validate_crate_name(name: &str) -> Result<()> {
    let valid = !name.is_empty()
        && name.len() <= 64
        && name.starts_with(|character: char| character.is_ascii_alphabetic())
        && name.chars().all(|character| {
            character.is_ascii_alphanumeric() || character == '-' || character == '_'
        });
    if valid {
        Ok(())
    } else {
        Err(Error::InvalidSetting {
            setting: "--crate-name",
            value: name.to_owned(),
            fix: "use ASCII letters, digits, `-` and `_`, starting with a letter (for example `acme-client`)"
                .to_owned(),
        })
    }
}

fn cargo_manifest(api: &Api, settings: &CrateSettings) -> String {
    let description = toml_string(&format!(
        "Typed async client for the {} (generated)",
        api.title
    ));
    format!(
        "# @generated by `cargo xtask gen` from {}. Do not edit by hand.\n\
         [package]\n\
         name = \"{}\"\n\
         version = \"0.1.0\"\n\
         edition = \"2024\"\n\
         description = {description}\n\
         publish = false\n\
         \n\
         [dependencies]\n\
         {CLIENT_DEPENDENCIES}\
         \n\
         [dev-dependencies]\n\
         {CLIENT_DEV_DEPENDENCIES}\
         \n\
         # An empty table keeps this crate out of any enclosing workspace.\n\
         [workspace]\n",
        single_line(&settings.spec_label),
        settings.crate_name
    )
}

/// Returns `text` as a TOML basic string, quotes included.
fn toml_string(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for character in text.chars() {
        match character {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\t' => quoted.push_str("\\t"),
            '\r' => quoted.push_str("\\r"),
            control if control.is_control() => {
                quoted.push_str(&format!("\\u{:04X}", u32::from(control)))
            }
            other => quoted.push(other),
        }
    }
    quoted.push('"');
    quoted
}

/// Replaces control characters, so that `text` fits in a line comment.
fn single_line(text: &str) -> String {
    text.chars()
        .map(|character| {
            if character.is_control() {
                '?'
            } else {
                character
            }
        })
        .collect()
}

fn format_file(path: &str, tokens: TokenStream, settings: &CrateSettings) -> Result<String> {
    let file: syn::File = syn::parse2(tokens).map_err(|error| Error::GeneratedCode {
        file: path.to_owned(),
        message: error.to_string(),
    })?;
    let body = space_out_items(&prettyplease::unparse(&file));
    Ok(format!(
        "// @generated by `cargo xtask gen` from {}.\n\
         // Do not edit by hand: change the spec or the generator and run the command again.\n\n{body}",
        single_line(&settings.spec_label)
    ))
}

/// Puts a blank line between items, which prettyplease prints back to back:
/// after a line that closes an item (`}` or `};` or an item ending in `;`)
/// when the next line at the same indentation starts another item.
fn space_out_items(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut spaced = String::with_capacity(text.len() + text.len() / 16);
    for (index, line) in lines.iter().enumerate() {
        spaced.push_str(line);
        spaced.push('\n');
        let Some(next) = lines.get(index + 1) else {
            continue;
        };
        let indent = line.len() - line.trim_start().len();
        let next_indent = next.len() - next.trim_start().len();
        let trimmed = line.trim_start();
        // A comment line ending in `;` (such as `&gt;` in a doc) closes nothing.
        let closes_item = trimmed == "}"
            || trimmed == "};"
            || (is_item_start(trimmed) && trimmed.ends_with(';') && !trimmed.starts_with("//"));
        let inner_doc_ends = trimmed.starts_with("//!") && !next.trim_start().starts_with("//!");
        let header_ends = trimmed.starts_with("#![") && !next.trim_start().starts_with("#![");
        let module_list = is_module_line(trimmed) && is_module_line(next.trim_start());
        if (closes_item || inner_doc_ends || header_ends)
            && !module_list
            && indent == next_indent
            && is_item_start(next.trim_start())
        {
            spaced.push('\n');
        }
    }
    spaced
}

fn is_module_line(line: &str) -> bool {
    (line.starts_with("mod ") || line.starts_with("pub mod ")) && line.ends_with(';')
}

fn is_item_start(line: &str) -> bool {
    const STARTS: &[&str] = &[
        "///", "#[", "#![", "pub ", "pub(", "fn ", "async fn", "impl", "mod ", "use ", "const ",
        "struct ", "enum ", "type ", "static ", "trait ",
    ];
    STARTS.iter().any(|start| line.starts_with(start))
}

fn lib_tokens(api: &Api, settings: &CrateSettings) -> TokenStream {
    let crate_ident = settings.crate_name.replace('-', "_");
    let mut lines = vec![
        format!("Typed async client for the {}.", api.title),
        String::new(),
    ];
    if let Some(description) = &api.description {
        lines.extend(rustdoc_lines(description));
        lines.push(String::new());
    }
    lines.push(format!(
        "Generated from API version `{}`.",
        api.version.replace('`', "'")
    ));
    if let Some(url) = api.default_base_url() {
        lines.push(format!(
            "The portal's base URL is `{url}` ([`DEFAULT_BASE_URL`])."
        ));
    }
    lines.push(String::new());
    lines.extend(usage_example(api, &crate_ident));
    let docs = inner_doc_attributes(&lines);

    let base_url = api.default_base_url().map(|url| {
        quote! {
            /// Base URL built from the spec's scheme, host and base path.
            pub const DEFAULT_BASE_URL: &str = #url;
        }
    });
    let version = &api.version;
    quote! {
        #docs
        #![forbid(unsafe_code)]
        #![deny(missing_docs)]

        // The generated modules are formatted by prettyplease, not rustfmt.
        #[rustfmt::skip]
        mod operations;
        mod runtime;
        #[rustfmt::skip]
        pub mod types;

        pub use runtime::{BinaryResponse, Client, Error, FilePart, ParseEnumError};
        pub use runtime::{Loose, LooseList, LooseMap, LooseObject, LooseScalar};

        #base_url

        /// The `info.version` of the spec this crate was generated from.
        pub const API_VERSION: &str = #version;
    }
}

/// Returns a crate-level example that calls the first operation without
/// arguments, or a shorter one when there is none.
fn usage_example(api: &Api, crate_ident: &str) -> Vec<String> {
    let base_url = if api.default_base_url().is_some() {
        format!("{crate_ident}::DEFAULT_BASE_URL")
    } else {
        "\"https://portal.example.com/api\"".to_owned()
    };
    let call = api
        .operations
        .iter()
        .find(|operation| {
            operation.parameters.is_empty()
                && operation.body.is_none()
                && matches!(operation.response.kind, crate::model::ResponseKind::Json)
        })
        .map(|operation| {
            format!(
                "let response = client.{}().await?;\nprintln!(\"{{response:?}}\");",
                operation.rust_name
            )
        });
    let mut lines = vec![
        "```no_run".to_owned(),
        format!("# async fn example() -> Result<(), {crate_ident}::Error> {{"),
        format!("let client = {crate_ident}::Client::new({base_url})?"),
        "    .with_basic_auth(\"user@example.com\", \"password\");".to_owned(),
    ];
    if let Some(call) = call {
        lines.extend(call.lines().map(str::to_owned));
    } else {
        lines.push("# let _ = client;".to_owned());
    }
    lines.push("# Ok(())".to_owned());
    lines.push("# }".to_owned());
    lines.push("```".to_owned());
    lines
}

fn operations_file_tokens(api: &Api) -> TokenStream {
    let methods = operations::operations_module(api);
    quote! {
        //! One async method on [`Client`](crate::Client) per operation of the spec.

        #methods
    }
}

fn types_file_tokens(api: &Api) -> TokenStream {
    let items = types::types_module(api);
    quote! {
        //! Enums, query parameter structs and request bodies used by the
        //! client's methods, and the response structs they return.

        #items
    }
}

/// Returns an identifier token, raw (`r#type`) for names that start with `r#`.
/// Names come from [`crate::names`], which only produces valid identifiers.
pub(crate) fn ident(name: &str) -> syn::Ident {
    match name.strip_prefix("r#") {
        Some(raw) => syn::Ident::new_raw(raw, proc_macro2::Span::call_site()),
        None => syn::Ident::new(name, proc_macro2::Span::call_site()),
    }
}

/// Returns whether a field needs `#[serde(rename)]`.
pub(crate) fn wire_name_differs(rust_name: &str, wire_name: &str) -> bool {
    unraw(rust_name) != wire_name
}

/// Returns the owned Rust type for a schema.
pub(crate) fn rust_type(schema: &Schema) -> TokenStream {
    match schema {
        Schema::String => quote! { ::std::string::String },
        Schema::Integer => quote! { i64 },
        Schema::Number => quote! { f64 },
        Schema::Boolean => quote! { bool },
        Schema::File => quote! { crate::runtime::FilePart },
        Schema::Any => quote! { ::serde_json::Value },
        Schema::Enum(name) => {
            let name = ident(name);
            quote! { crate::types::#name }
        }
        Schema::Array(items) => {
            let item = rust_type(items);
            quote! { ::std::vec::Vec<#item> }
        }
    }
}

/// Returns `#[doc = "..."]` attributes, one per line, each with the leading
/// space that `///` comments have.
pub(crate) fn doc_attributes(lines: &[String]) -> TokenStream {
    let attributes = lines.iter().map(|line| {
        let line = line.replace('\t', "    ");
        let text = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote! { #[doc = #text] }
    });
    quote! { #(#attributes)* }
}

fn inner_doc_attributes(lines: &[String]) -> TokenStream {
    let attributes = lines.iter().map(|line| {
        let line = line.replace('\t', "    ");
        let text = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote! { #![doc = #text] }
    });
    quote! { #(#attributes)* }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_string_escapes_quotes_and_controls() {
        assert_eq!(toml_string("a\"b\\c\nd\u{1}"), r#""a\"b\\c\nd\u0001""#);
    }

    #[test]
    fn single_line_replaces_newlines() {
        assert_eq!(single_line("a\nb.json"), "a?b.json");
    }
}
