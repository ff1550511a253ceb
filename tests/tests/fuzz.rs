//! Property tests that feed the generator random and mutated input.
//!
//! Every input must end in `Ok` or `Err`, never in a panic. When it ends in
//! `Ok`, every generated Rust file must parse with `syn`, the `Cargo.toml`
//! description must be one TOML string, and the normalised OpenAPI document
//! must read back without an error. The inputs are:
//! - arbitrary bytes, arbitrary JSON under a Swagger 2.0 or OpenAPI 3.0
//!   header, and Swagger 2.0 documents built from random paths, operations
//!   and parameters;
//! - the real specs (`tests/fixtures/specs/`, `spec/myip.swagger.json`), the
//!   cases in `tests/fixtures/cases/` and the normalised OpenAPI form of
//!   each, with random values replaced, keys deleted or renamed, method keys
//!   renamed and parameters duplicated;
//! - text for `docs::rustdoc_lines` and names for `names::snake_ident` and
//!   `names::camel_ident`.
//!
//! The default case counts keep this file under a minute in a debug build on
//! two cores. `PROPTEST_CASES` replaces every count. A long run is
//!
//! ```text
//! PROPTEST_CASES=20000 PROPTEST_FORK=true PROPTEST_TIMEOUT=60000 \
//!     cargo test --release -p hostbill-tests --test fuzz
//! ```
//!
//! where `PROPTEST_FORK` runs each case in a child process, so that a stack
//! overflow or a hang (past `PROPTEST_TIMEOUT` milliseconds) is reported
//! with its input too. An input that fails a check is also saved under
//! `<target>/fuzz-failures/`.

// Helpers outside `#[test]` functions fail a test by panicking, too.
#![allow(clippy::panic)]

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use hostbill_codegen::docs::rustdoc_lines;
use hostbill_codegen::generate::GeneratedFile;
use hostbill_codegen::names::{camel_ident, snake_ident};
use hostbill_codegen::{load, normalise, project};
use hostbill_tests::{fixture, workspace_root};
use proptest::prelude::*;
use proptest::test_runner::{Config as ProptestConfig, FileFailurePersistence};
use serde_json::{Map, Value};

/// Returns a proptest configuration with `default_cases` cases, or the
/// count in `PROPTEST_CASES`.
fn config(default_cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default_cases);
    ProptestConfig {
        cases,
        // Failing seeds go to `tests/tests/fuzz.proptest-regressions` and
        // run first next time. Commit the file to keep a regression test.
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::default()
    }
}

/// What one pipeline run produced, when it did not panic.
enum Outcome {
    /// The generator returned an error.
    Rejected,
    /// The generated files.
    Generated(Vec<GeneratedFile>),
}

/// Saves an input that failed a check and returns its path.
///
/// Each label has one file, which every failure overwrites: proptest runs
/// the smallest failing input last, so the file ends up holding the input
/// that the failure message shows.
fn save_failure(label: &str, bytes: &[u8]) -> PathBuf {
    let test_binary = std::env::current_exe().expect("path of the test binary");
    let folder = test_binary
        .ancestors()
        .nth(3)
        .unwrap_or(Path::new("."))
        .join("fuzz-failures");
    fs::create_dir_all(&folder).expect("create the fuzz-failures folder");
    let path = folder.join(format!("{label}.json"));
    fs::write(&path, bytes).expect("save the failing input");
    path
}

/// Runs everything `cargo xtask gen --out` runs before writing (load,
/// normalise, generate the crate, its contract tests and the normalised
/// spec) on `bytes`, and returns what came out, or a message naming the
/// saved input if anything panicked.
fn run_pipeline(label: &str, bytes: &[u8]) -> Result<Outcome, String> {
    let folder = tempfile::tempdir().expect("create a temporary folder");
    let spec = folder.path().join("fuzz.json");
    fs::write(&spec, bytes).expect("write the input");
    let out = folder.path().join("out");
    let result = catch_unwind(AssertUnwindSafe(|| {
        match project::standalone_outputs(&spec, &out, "fuzz-client") {
            Ok((_, files)) => Outcome::Generated(
                files
                    .into_iter()
                    .map(|file| GeneratedFile {
                        path: file
                            .path
                            .strip_prefix(&out)
                            .unwrap_or(&file.path)
                            .to_string_lossy()
                            .into_owned(),
                        contents: file.contents,
                    })
                    .collect(),
            ),
            Err(_) => Outcome::Rejected,
        }
    }));
    result.map_err(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|text| (*text).to_owned()))
            .unwrap_or_else(|| "a panic without a message".to_owned());
        let saved = save_failure(label, bytes);
        format!(
            "the generator panicked with `{message}` on the input saved at {}",
            saved.display()
        )
    })
}

/// Checks the files of one generation: Rust files parse, the manifest's
/// description stays on one line and the normalised spec reads back.
fn check_outputs(label: &str, bytes: &[u8], files: &[GeneratedFile]) -> Result<(), TestCaseError> {
    for file in files {
        // The runtime and the test helpers are copied unchanged.
        let copied =
            file.path.starts_with("src/runtime/") || file.path.starts_with("tests/support/");
        if file.path.ends_with(".rs") && !copied {
            if let Err(error) = syn::parse_file(&file.contents) {
                let saved = save_failure(label, bytes);
                return Err(TestCaseError::fail(format!(
                    "{} does not parse ({error}); input saved at {}",
                    file.path,
                    saved.display()
                )));
            }
        } else if file.path == "Cargo.toml" {
            let broken = file
                .contents
                .lines()
                .filter(|line| line.starts_with("description = "))
                .any(|line| !line.ends_with('"') || line.len() < "description = \"\"".len());
            if broken || !file.contents.contains("\ndescription = ") {
                let saved = save_failure(label, bytes);
                return Err(TestCaseError::fail(format!(
                    "the Cargo.toml description is not one TOML string; input saved at {}:\n{}",
                    saved.display(),
                    file.contents
                )));
            }
        } else if file.path == "openapi.json" {
            let read_back = catch_unwind(AssertUnwindSafe(|| {
                let document =
                    load::parse_document(Path::new("openapi.json"), file.contents.as_bytes())
                        .map_err(|error| error.to_string())?;
                normalise::normalise(&document)
                    .map(|_| ())
                    .map_err(|error| error.to_string())
            }));
            let problem = match read_back {
                Ok(Ok(())) => None,
                Ok(Err(error)) => Some(format!("is rejected: {error}")),
                Err(_) => Some("makes the reader panic".to_owned()),
            };
            if let Some(problem) = problem {
                let saved = save_failure(label, bytes);
                return Err(TestCaseError::fail(format!(
                    "the normalised spec {problem}; input saved at {}",
                    saved.display()
                )));
            }
        }
    }
    Ok(())
}

fn check_pipeline(label: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
    match run_pipeline(label, bytes) {
        Err(message) => Err(TestCaseError::fail(message)),
        Ok(Outcome::Rejected) => Ok(()),
        Ok(Outcome::Generated(files)) => check_outputs(label, bytes, &files),
    }
}

/// Strings that stress naming, templates and escaping.
const TRICKY_STRINGS: &[&str] = &[
    "",
    " ",
    "@",
    "@id",
    "/x/@id",
    "/x/{id}",
    "{",
    "}",
    "{}",
    "/",
    "//",
    "type",
    "self",
    "Self",
    "super",
    "crate",
    "r#type",
    "_",
    "__",
    "2fa",
    "0",
    "-1",
    "1.5",
    "extra",
    "query",
    "body",
    "new",
    "send_raw",
    "Client",
    "Error",
    "Option",
    "Result",
    "Value",
    "get",
    "post",
    "x-note",
    "$ref",
    "#/definitions/Missing",
    "#/parameters/a",
    "#",
    "array",
    "object",
    "file",
    "string",
    "integer",
    "multi",
    "formData",
    "path",
    "header",
    "body",
    "application/pdf",
    "multipart/form-data",
    "```",
    "```rust",
    "    indented",
    "<code>",
    "</p>",
    "[x]",
    "a\r\nb",
    "\"quoted\"",
    "back\\slash",
    "tab\there",
    "ünïcödé",
    "서버",
    "😀",
    "\u{0}",
    "\u{202e}",
    "a b c",
    "CamelCase",
    "snake_case",
    "IPv4IPs",
];

fn tricky_string() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(TRICKY_STRINGS).prop_map(str::to_owned),
        1 => "[a-zA-Z0-9_@{}/ .-]{0,12}",
        1 => any::<String>(),
    ]
}

/// Arbitrary JSON values, biased towards the strings above.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        tricky_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 24, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((tricky_string(), inner), 0..6)
                .prop_map(|members| Value::Object(members.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Returns parameter objects with a random name, location and type.
fn parameter_object() -> impl Strategy<Value = Value> {
    let location = proptest::sample::select(vec![
        "query", "path", "header", "formData", "body", "cookie",
    ]);
    let kind = proptest::sample::select(vec![
        "string", "integer", "number", "boolean", "array", "file", "object", "",
    ]);
    let item_kind = proptest::option::of(proptest::sample::select(vec![
        "string", "integer", "array", "file", "object",
    ]));
    let format = proptest::option::of(proptest::sample::select(vec![
        "csv", "ssv", "tsv", "pipes", "multi",
    ]));
    let values = proptest::option::of(proptest::collection::vec(tricky_string(), 0..4));
    (
        tricky_string(),
        location,
        kind,
        any::<bool>(),
        item_kind,
        format,
        values,
    )
        .prop_map(
            |(name, location, kind, required, item_kind, format, values)| {
                let mut parameter = Map::new();
                parameter.insert("name".to_owned(), Value::from(name));
                parameter.insert("in".to_owned(), Value::from(location));
                if location == "body" {
                    let mut properties = Map::new();
                    properties.insert("field".to_owned(), serde_json::json!({"type": kind}));
                    parameter.insert(
                        "schema".to_owned(),
                        serde_json::json!({"type": "object", "properties": properties}),
                    );
                } else if !kind.is_empty() {
                    parameter.insert("type".to_owned(), Value::from(kind));
                }
                parameter.insert("required".to_owned(), Value::from(required));
                if let Some(item_kind) = item_kind {
                    parameter.insert("items".to_owned(), serde_json::json!({"type": item_kind}));
                }
                if let Some(format) = format {
                    parameter.insert("collectionFormat".to_owned(), Value::from(format));
                }
                if let Some(values) = values {
                    parameter.insert("enum".to_owned(), Value::from(values));
                }
                Value::Object(parameter)
            },
        )
}

/// Returns operation objects with a random operationId, parameters and
/// media types.
fn operation_object() -> impl Strategy<Value = Value> {
    let media = proptest::option::of(proptest::sample::select(vec![
        "application/json",
        "application/pdf",
        "multipart/form-data",
        "application/x-www-form-urlencoded",
        "text/plain",
    ]));
    (
        proptest::option::of(tricky_string()),
        proptest::collection::vec(parameter_object(), 0..5),
        media.clone(),
        media,
        proptest::option::of(tricky_string()),
    )
        .prop_map(
            |(operation_id, parameters, consumes, produces, description)| {
                let mut operation = Map::new();
                if let Some(operation_id) = operation_id {
                    operation.insert("operationId".to_owned(), Value::from(operation_id));
                }
                operation.insert("parameters".to_owned(), Value::from(parameters));
                if let Some(consumes) = consumes {
                    operation.insert("consumes".to_owned(), serde_json::json!([consumes]));
                }
                if let Some(produces) = produces {
                    operation.insert("produces".to_owned(), serde_json::json!([produces]));
                }
                let description = description.unwrap_or_default();
                operation.insert(
                    "responses".to_owned(),
                    serde_json::json!({"200": {"description": description}}),
                );
                Value::Object(operation)
            },
        )
}

/// Returns Swagger 2.0 documents built from random paths and operations,
/// so that most inputs reach the naming and generation steps.
fn swagger_document() -> impl Strategy<Value = Value> {
    let path_key = prop_oneof![
        tricky_string().prop_map(|text| format!("/{text}")),
        (tricky_string(), tricky_string())
            .prop_map(|(first, second)| format!("/{first}/@{second}")),
        (tricky_string(), tricky_string())
            .prop_map(|(first, second)| format!("/{first}/{{{second}}}")),
    ];
    let method = proptest::sample::select(vec![
        "get",
        "put",
        "post",
        "delete",
        "patch",
        "head",
        "options",
        "",
        "parameters",
    ]);
    let item = proptest::collection::vec((method, operation_object()), 1..4);
    (
        proptest::collection::vec((path_key, item), 0..5),
        proptest::option::of(tricky_string()),
        proptest::option::of(tricky_string()),
    )
        .prop_map(|(paths, base_path, host)| {
            let mut path_items = Map::new();
            for (key, operations) in paths {
                let mut item = Map::new();
                for (method, operation) in operations {
                    if method == "parameters" {
                        let parameters = operation.get("parameters").cloned().unwrap_or_default();
                        item.insert(method.to_owned(), parameters);
                    } else {
                        item.insert(method.to_owned(), operation);
                    }
                }
                path_items.insert(key, Value::Object(item));
            }
            let mut document = serde_json::json!({
                "swagger": "2.0",
                "info": {"title": "fuzz", "version": "1"},
                "paths": path_items,
            });
            if let Some(base_path) = base_path {
                document["basePath"] = Value::from(base_path);
            }
            if let Some(host) = host {
                document["host"] = Value::from(host);
            }
            document
        })
}

/// One change to a spec. `target` picks a value by its index in a walk of
/// the document, modulo the number of values, so that every mutation
/// applies to any document and shrinks towards the root.
#[derive(Debug, Clone)]
enum Mutation {
    Replace { target: usize, value: Value },
    ReplaceString { target: usize, text: String },
    Delete { target: usize },
    RenameKey { target: usize, key: String },
    DuplicateParameter { target: usize },
    RenameMethod { target: usize, key: String },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let method_keys = proptest::sample::select(vec![
        "",
        "GET",
        "get",
        "put",
        "post",
        "delete",
        "options",
        "head",
        "patch",
        "trace",
        "parameters",
        "x-extra",
        "$ref",
    ]);
    prop_oneof![
        3 => (any::<usize>(), json_value())
            .prop_map(|(target, value)| Mutation::Replace { target, value }),
        4 => (any::<usize>(), tricky_string())
            .prop_map(|(target, text)| Mutation::ReplaceString { target, text }),
        2 => any::<usize>().prop_map(|target| Mutation::Delete { target }),
        2 => (any::<usize>(), tricky_string())
            .prop_map(|(target, key)| Mutation::RenameKey { target, key }),
        1 => any::<usize>().prop_map(|target| Mutation::DuplicateParameter { target }),
        1 => (any::<usize>(), method_keys)
            .prop_map(|(target, key)| Mutation::RenameMethod { target, key: key.to_owned() }),
    ]
}

/// Returns the JSON pointers of every value in `value`, in document order.
fn pointers(value: &Value) -> Vec<String> {
    fn walk(value: &Value, pointer: String, out: &mut Vec<String>) {
        out.push(pointer.clone());
        match value {
            Value::Object(members) => {
                for (key, member) in members {
                    let token = key.replace('~', "~0").replace('/', "~1");
                    walk(member, format!("{pointer}/{token}"), out);
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    walk(item, format!("{pointer}/{index}"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, String::new(), &mut out);
    out
}

/// Splits a pointer into its parent pointer and last token, unescaped.
fn split_pointer(pointer: &str) -> Option<(&str, String)> {
    let (parent, token) = pointer.rsplit_once('/')?;
    Some((parent, token.replace("~1", "/").replace("~0", "~")))
}

/// Returns the pointers of the values whose key is `key`.
fn pointers_with_key(document: &Value, key: &str) -> Vec<String> {
    pointers(document)
        .into_iter()
        .filter(|pointer| split_pointer(pointer).is_some_and(|(_, token)| token == key))
        .collect()
}

fn apply(document: &mut Value, mutation: &Mutation) {
    match mutation {
        Mutation::Replace { target, value } => {
            let all = pointers(document);
            let pointer = &all[target % all.len()];
            if let Some(slot) = document.pointer_mut(pointer) {
                *slot = value.clone();
            }
        }
        Mutation::ReplaceString { target, text } => {
            let strings: Vec<String> = pointers(document)
                .into_iter()
                .filter(|pointer| document.pointer(pointer).is_some_and(Value::is_string))
                .collect();
            if strings.is_empty() {
                return;
            }
            let pointer = &strings[target % strings.len()];
            if let Some(slot) = document.pointer_mut(pointer) {
                *slot = Value::from(text.as_str());
            }
        }
        Mutation::Delete { target } => {
            let all = pointers(document);
            let pointer = all[target % all.len()].clone();
            remove(document, &pointer);
        }
        Mutation::RenameKey { target, key } => {
            let all = pointers(document);
            let pointer = all[target % all.len()].clone();
            rename(document, &pointer, key);
        }
        Mutation::DuplicateParameter { target } => {
            let lists = pointers_with_key(document, "parameters");
            if lists.is_empty() {
                return;
            }
            let list = &lists[target % lists.len()];
            if let Some(Value::Array(items)) = document.pointer_mut(list) {
                if let Some(first) = items.get(target % items.len().max(1)).cloned() {
                    items.push(first);
                }
            }
        }
        Mutation::RenameMethod { target, key } => {
            let methods: Vec<String> = ["get", "put", "post", "delete", "patch", ""]
                .iter()
                .flat_map(|method| pointers_with_key(document, method))
                .filter(|pointer| pointer.starts_with("/paths/"))
                .collect();
            if methods.is_empty() {
                return;
            }
            let pointer = methods[target % methods.len()].clone();
            rename(document, &pointer, key);
        }
    }
}

fn remove(document: &mut Value, pointer: &str) {
    let Some((parent, token)) = split_pointer(pointer) else {
        return;
    };
    match document.pointer_mut(parent) {
        Some(Value::Object(members)) => {
            members.shift_remove(&token);
        }
        Some(Value::Array(items)) => {
            if let Ok(index) = token.parse::<usize>() {
                if index < items.len() {
                    items.remove(index);
                }
            }
        }
        _ => {}
    }
}

/// Renames the member at `pointer` to `key`, keeping its position.
fn rename(document: &mut Value, pointer: &str, key: &str) {
    let Some((parent, token)) = split_pointer(pointer) else {
        return;
    };
    if let Some(Value::Object(members)) = document.pointer_mut(parent) {
        let renamed: Map<String, Value> = std::mem::take(members)
            .into_iter()
            .map(|(name, value)| {
                if name == token {
                    (key.to_owned(), value)
                } else {
                    (name, value)
                }
            })
            .collect();
        *members = renamed;
    }
}

/// Returns the specs that mutations start from, each with a label for saved
/// failures.
fn seed_specs() -> &'static [(String, Value)] {
    static SPECS: OnceLock<Vec<(String, Value)>> = OnceLock::new();
    SPECS.get_or_init(|| {
        let mut paths = vec![workspace_root().join("spec/myip.swagger.json")];
        for folder in ["specs", "cases"] {
            let mut found: Vec<PathBuf> = fs::read_dir(fixture(folder))
                .expect("list a fixture folder")
                .map(|entry| entry.expect("read a folder entry").path())
                .filter(|path| {
                    path.extension()
                        .is_some_and(|extension| extension == "json")
                })
                .collect();
            found.sort();
            paths.extend(found);
        }
        let mut seeds = Vec::new();
        for path in paths {
            let text = fs::read_to_string(&path).expect("read a seed spec");
            let value: Value = serde_json::from_str(&text).expect("a seed spec is JSON");
            let label = path
                .file_stem()
                .map(|stem| stem.to_string_lossy().replace('.', "-"))
                .unwrap_or_default();
            // The normalised OpenAPI 3.0 form of each seed exercises the
            // other reader.
            let document = load::parse_document(&path, text.as_bytes()).expect("a seed spec loads");
            let normalised = normalise::normalise(&document).expect("a seed spec normalises");
            let openapi = hostbill_codegen::openapi::to_json_text(
                &hostbill_codegen::openapi::to_openapi(&normalised.api),
            );
            let openapi: Value =
                serde_json::from_str(&openapi).expect("the normalised spec is JSON");
            seeds.push((label.clone(), value));
            seeds.push((format!("{label}-openapi"), openapi));
        }
        seeds
    })
}

/// Returns the seeds with fewer than 10 paths (every case), or with
/// `large` the others: the real specs, of 70 operations and more, which take
/// longer per run.
fn seeds(large: bool) -> Vec<&'static (String, Value)> {
    seed_specs()
        .iter()
        .filter(|(_, value)| {
            let paths = value
                .get("paths")
                .and_then(Value::as_object)
                .map_or(0, Map::len);
            (paths >= 10) == large
        })
        .collect()
}

proptest! {
    #![proptest_config(config(1000))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        check_pipeline("bytes", &bytes)?;
    }

    #[test]
    fn arbitrary_json_never_panics(
        header in proptest::sample::select(vec![
            ("swagger", "2.0"),
            ("openapi", "3.0.3"),
        ]),
        members in proptest::collection::vec((tricky_string(), json_value()), 0..6),
        paths in json_value(),
    ) {
        let mut document = Map::new();
        document.insert(header.0.to_owned(), Value::from(header.1));
        document.insert("paths".to_owned(), paths);
        document.extend(members);
        let bytes = serde_json::to_vec(&Value::Object(document)).expect("serialise");
        check_pipeline("json", &bytes)?;
    }

    #[test]
    fn random_swagger_never_panics(document in swagger_document()) {
        let bytes = serde_json::to_vec_pretty(&document).expect("serialise");
        check_pipeline("swagger", &bytes)?;
    }
}

proptest! {
    #![proptest_config(config(2000))]

    #[test]
    fn mutated_cases_never_panic(
        seed in 0..seeds(false).len(),
        mutations in proptest::collection::vec(mutation(), 1..5),
    ) {
        let (label, original) = seeds(false)[seed];
        let mut document = original.clone();
        for mutation in &mutations {
            apply(&mut document, mutation);
        }
        let bytes = serde_json::to_vec_pretty(&document).expect("serialise");
        check_pipeline(label, &bytes)?;
    }
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn mutated_real_specs_never_panic(
        seed in 0..seeds(true).len(),
        mutations in proptest::collection::vec(mutation(), 1..8),
    ) {
        let (label, original) = seeds(true)[seed];
        let mut document = original.clone();
        for mutation in &mutations {
            apply(&mut document, mutation);
        }
        let bytes = serde_json::to_vec_pretty(&document).expect("serialise");
        check_pipeline(label, &bytes)?;
    }
}

/// Text pieces that HostBill descriptions contain and rustdoc misreads.
const DOC_PIECES: &[&str] = &[
    "\n",
    "\n\n",
    "\r",
    "\r\n",
    "\n\r",
    " ",
    "    ",
    "\t",
    "```",
    "```json",
    "```rust",
    "```text",
    "````",
    "`",
    "<code>",
    "</code>",
    "<b>",
    "</b>",
    "<br>",
    "<p>",
    "</p>",
    "<script>",
    "<",
    ">",
    "&",
    "&amp;",
    "[",
    "]",
    "[x]",
    "[link](https://example.com)",
    "(",
    ")",
    "https://example.com/a",
    "http://x",
    "\\",
    "#",
    "# Heading",
    "*",
    "_",
    "|",
    "word",
    "Example:",
    "{\"a\": 1}",
    "1.",
    "- item",
    "> quote",
];

fn doc_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            4 => proptest::sample::select(DOC_PIECES).prop_map(str::to_owned),
            1 => any::<String>(),
        ],
        0..40,
    )
    .prop_map(|pieces| pieces.concat())
}

/// Languages that make rustdoc compile a fenced block as Rust.
const RUST_FENCE_LABELS: &[&str] = &[
    "",
    "rust",
    "ignore",
    "should_panic",
    "no_run",
    "compile_fail",
    "test_harness",
    "edition2015",
    "edition2018",
    "edition2021",
    "edition2024",
    "standalone_crate",
];

/// Checks the properties `rustdoc_lines` promises: no carriage return,
/// every fence closed and labelled with a language rustdoc does not
/// compile, and no indented line outside a fence.
fn check_rustdoc_lines(text: &str, lines: &[String]) -> Result<(), TestCaseError> {
    let mut open_fence: Option<String> = None;
    for line in lines {
        prop_assert!(
            !line.contains('\r'),
            "carriage return in {line:?} from {text:?}"
        );
        prop_assert!(
            !line.contains('\n'),
            "line break inside {line:?} from {text:?}"
        );
        if let Some(marker) = &open_fence {
            if line.trim_start().starts_with(marker.as_str())
                && line.trim_start().trim_start_matches('`').trim().is_empty()
            {
                open_fence = None;
            }
            continue;
        }
        // CommonMark: the info string of a backtick fence has no backtick,
        // so a line such as "``` `" opens no fence.
        let fence = line
            .strip_prefix("```")
            .filter(|rest| !rest.trim_start_matches('`').contains('`'));
        if let Some(rest) = fence {
            let ticks = 3 + rest
                .chars()
                .take_while(|character| *character == '`')
                .count();
            let label = rest.trim_start_matches('`').trim();
            let compiles = label
                .split(|character: char| character == ',' || character.is_whitespace())
                .all(|token| RUST_FENCE_LABELS.contains(&token));
            prop_assert!(
                !compiles,
                "fence {line:?} makes rustdoc compile the block; from {text:?}: {lines:?}"
            );
            open_fence = Some("`".repeat(ticks));
            continue;
        }
        prop_assert!(
            !line.starts_with(' ') && !line.starts_with('\t'),
            "indented line {line:?} outside a fence would become a doctest; from {text:?}: {lines:?}"
        );
        // Lines with code spans are left out, where `<` and `[` are literal.
        if !line.contains('`') {
            check_prose_line(line, text)?;
        }
    }
    prop_assert!(
        open_fence.is_none(),
        "a fence is left open; from {text:?}: {lines:?}"
    );
    Ok(())
}

/// Checks that a prose line has no raw HTML tag and no bracket that
/// rustdoc would read as an intra-doc link: `<` only opens an autolink
/// (`<https://...>`), and `[` is escaped or opens a Markdown link to a URL.
fn check_prose_line(line: &str, text: &str) -> Result<(), TestCaseError> {
    for (index, character) in line.char_indices() {
        let rest = &line[index..];
        let backslashes = line[..index]
            .chars()
            .rev()
            .take_while(|before| *before == '\\')
            .count();
        let escaped = backslashes % 2 == 1;
        if character == '<' {
            prop_assert!(
                rest.starts_with("<http://") || rest.starts_with("<https://"),
                "unescaped `<` in {line:?} from {text:?}"
            );
        }
        if character == '[' && !escaped {
            let is_link = rest
                .find("](")
                .is_some_and(|close| rest[close + 2..].starts_with("http"));
            prop_assert!(is_link, "unescaped `[` in {line:?} from {text:?}");
        }
    }
    Ok(())
}

/// Checks that `ident` is a valid identifier, raw identifiers included.
fn check_ident(ident: &str, input: &str, function: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        syn::parse_str::<syn::Ident>(ident).is_ok(),
        "{function}({input:?}) gave {ident:?}, which is not a Rust identifier"
    );
    Ok(())
}

proptest! {
    #![proptest_config(config(5000))]

    #[test]
    fn rustdoc_lines_are_safe(text in doc_text()) {
        let lines = catch_unwind(|| rustdoc_lines(&text))
            .map_err(|_| TestCaseError::fail(format!("rustdoc_lines panicked on {text:?}")))?;
        check_rustdoc_lines(&text, &lines)?;
    }

    #[test]
    fn names_are_identifiers(name in prop_oneof![tricky_string(), any::<String>()]) {
        let snake = catch_unwind(|| snake_ident(&name))
            .map_err(|_| TestCaseError::fail(format!("snake_ident panicked on {name:?}")))?;
        check_ident(&snake, &name, "snake_ident")?;
        let camel = catch_unwind(|| camel_ident(&name))
            .map_err(|_| TestCaseError::fail(format!("camel_ident panicked on {name:?}")))?;
        check_ident(&camel, &name, "camel_ident")?;
        prop_assert!(
            camel.starts_with(|character: char| character.is_ascii_uppercase()),
            "camel_ident({name:?}) gave {camel:?}, which does not start with an upper-case letter"
        );
    }
}
