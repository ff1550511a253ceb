//! Invalid specs: each must stop the generator with an error that names the
//! file, the JSON location (line and column, or a JSON pointer) and what to
//! do next. None may panic, hang or overflow the stack, and the `xtask`
//! command must leave its output folder exactly as it was.
//!
//! The fixtures are in `tests/fixtures/bad/` (see the README there). Inputs
//! that would be large or binary in the repository are built in a temporary
//! folder by the tests.

// Helpers outside `#[test]` functions fail a test by panicking, too.
#![allow(clippy::panic)]

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use hostbill_codegen::load::MAX_SPEC_BYTES;
use hostbill_codegen::{CrateSettings, Error, Generation};
use hostbill_tests::{fixture, workspace_root};

/// Maximum time one generator run may take before the test counts it as a
/// hang. Real specs take well under a second in debug builds.
const RUN_LIMIT: Duration = Duration::from_secs(60);

/// Where an error must point.
#[derive(Debug, Clone, Copy)]
enum Location {
    /// Line and column of a JSON syntax error, both from 1.
    Position(usize, usize),
    /// JSON pointer of the invalid value.
    Pointer(&'static str),
}

/// Runs the whole pipeline on `path` in a thread, failing the test if it
/// panics or takes longer than [`RUN_LIMIT`].
fn generate(path: &Path) -> Result<Generation, Error> {
    let path = path.to_path_buf();
    let (sender, receiver) = mpsc::channel();
    let label = path.display().to_string();
    thread::spawn(move || {
        let settings = CrateSettings {
            crate_name: "bad-input-client".to_owned(),
            spec_label: path.display().to_string(),
        };
        // After a timeout the receiver is gone, and the result is not needed.
        let _ = sender.send(hostbill_codegen::generate_from_file(&path, &settings));
    });
    match receiver.recv_timeout(RUN_LIMIT) {
        Ok(result) => result,
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("generating from {label} took longer than {RUN_LIMIT:?}")
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            panic!("generating from {label} panicked; see the output above")
        }
    }
}

/// Generates from `path` and returns the error, failing if generation
/// succeeds.
fn expect_error(path: &Path) -> Error {
    match generate(path) {
        Ok(generation) => panic!(
            "{} generated {} operations, expected an error",
            path.display(),
            generation.api.operations.len()
        ),
        Err(error) => error,
    }
}

/// Checks that `error` names `path` and `location`, states `problem` and
/// ends with `fix`.
fn assert_error(error: &Error, path: &Path, location: Location, problem: &str, fix: &str) {
    let message = error.to_string();
    match location {
        Location::Position(line, column) => {
            let Error::Json {
                line: actual_line,
                column: actual_column,
                ..
            } = error
            else {
                panic!("expected a JSON syntax error, got {error:?}");
            };
            assert_eq!(*actual_line, line, "line of: {message}");
            assert_eq!(*actual_column, column, "column of: {message}");
            let prefix = format!("{}:{line}:{column}: ", path.display());
            assert!(
                message.starts_with(&prefix),
                "message does not start with `{prefix}`: {message}"
            );
        }
        Location::Pointer(pointer) => {
            assert_eq!(error.pointer(), Some(pointer), "pointer of: {message}");
            let prefix = format!("{} at {pointer}: ", path.display());
            assert!(
                message.starts_with(&prefix),
                "message does not start with `{prefix}`: {message}"
            );
        }
    }
    assert!(
        message.contains(problem),
        "message does not contain `{problem}`: {message}"
    );
    assert!(
        message.ends_with(fix),
        "message does not end with `{fix}`: {message}"
    );
}

fn assert_fixture_rejected(name: &str, location: Location, problem: &str, fix: &str) {
    let path = fixture(&format!("bad/{name}"));
    let error = expect_error(&path);
    assert_error(&error, &path, location, problem, fix);
}

const JSON_FIX: &str = "download the spec again or fix the JSON at that position";

#[test]
fn yaml_file_rejected_at_start() {
    assert_fixture_rejected(
        "not-json.json",
        Location::Position(1, 1),
        "the file starts with `swagger: \"2.0\"`, not with a JSON object",
        JSON_FIX,
    );
}

#[test]
fn truncated_file_rejected_at_end() {
    assert_fixture_rejected(
        "truncated.json",
        Location::Position(12, 1),
        "the file ends before the JSON is complete",
        JSON_FIX,
    );
}

#[test]
fn empty_file_rejected() {
    assert_fixture_rejected(
        "empty.json",
        Location::Position(1, 1),
        "invalid JSON: the file is empty",
        JSON_FIX,
    );
}

#[test]
fn swagger_12_rejected() {
    assert_fixture_rejected(
        "swagger-1.2.json",
        Location::Pointer("/swaggerVersion"),
        "Swagger \"1.2\" documents are not supported",
        "convert the document to Swagger 2.0 or OpenAPI 3.0",
    );
}

#[test]
fn openapi_31_rejected() {
    assert_fixture_rejected(
        "openapi-3.1.json",
        Location::Pointer("/openapi"),
        "unsupported OpenAPI version \"3.1.0\"",
        "convert the document to OpenAPI 3.0",
    );
}

#[test]
fn paths_array_rejected() {
    assert_fixture_rejected(
        "paths-not-object.json",
        Location::Pointer("/paths"),
        "`paths` is an array, expected an object",
        "make `paths` a JSON object",
    );
}

#[test]
fn path_item_string_rejected() {
    assert_fixture_rejected(
        "path-item-not-object.json",
        Location::Pointer("/paths/~1details"),
        "path item `/details` is a string, expected an object",
        "make path item `/details` a JSON object",
    );
}

#[test]
fn parameter_without_name_rejected() {
    assert_fixture_rejected(
        "parameter-without-name.json",
        Location::Pointer("/paths/~1service~1@id/get/parameters/1"),
        "parameter has no `name`",
        "give the parameter the name the portal expects, or remove it",
    );
}

#[test]
fn unknown_parameter_location_rejected() {
    assert_fixture_rejected(
        "unknown-parameter-location.json",
        Location::Pointer("/paths/~1details/get/parameters/0/in"),
        "parameter `session` has unknown `in` value `cookie`",
        "use one of query, path, header, formData or body",
    );
}

#[test]
fn unknown_parameter_type_rejected() {
    assert_fixture_rejected(
        "unknown-type.json",
        Location::Pointer("/paths/~1invoices/get/parameters/0/type"),
        "`since` has unknown type `datetime`",
        "use one of string, integer, number, boolean, array, object or file",
    );
}

#[test]
fn missing_definition_rejected() {
    assert_fixture_rejected(
        "missing-definition.json",
        Location::Pointer("/paths/~1contact/post/parameters/0/schema/$ref"),
        "`$ref` `#/definitions/Contact` points to nothing",
        "add the missing definition or correct the reference",
    );
}

#[test]
fn parameter_reference_cycle_rejected() {
    assert_fixture_rejected(
        "reference-cycle.json",
        Location::Pointer("/parameters/b/$ref"),
        "reference cycle #/parameters/a -> #/parameters/b -> #/parameters/a",
        "replace one `$ref` in the cycle with the definition itself",
    );
}

#[test]
fn openapi_paths_array_rejected() {
    assert_fixture_rejected(
        "openapi-paths-not-object.json",
        Location::Pointer("/paths"),
        "invalid OpenAPI 3.0 document: invalid type: sequence",
        "fix the value at that location so that it follows OpenAPI 3.0",
    );
}

#[test]
fn openapi_parameter_without_name_rejected() {
    assert_fixture_rejected(
        "openapi-parameter-without-name.json",
        Location::Pointer("/paths/~1details/get/parameters/0"),
        "missing field `name`",
        "fix the value at that location so that it follows OpenAPI 3.0",
    );
}

#[test]
fn openapi_unknown_type_rejected() {
    assert_fixture_rejected(
        "openapi-unknown-type.json",
        Location::Pointer("/paths/~1invoices/get/parameters/0/schema/type"),
        "unknown type `datetime`",
        "use one of string, integer, number, boolean, array or object",
    );
}

#[test]
fn openapi_missing_schema_rejected() {
    assert_fixture_rejected(
        "openapi-missing-schema.json",
        Location::Pointer("/paths/~1details/get/parameters/0/schema/$ref"),
        "`$ref` `#/components/schemas/Kind` points to nothing",
        "add the missing entry under components/schemas or correct the reference",
    );
}

#[test]
fn openapi_reference_cycle_rejected() {
    assert_fixture_rejected(
        "openapi-reference-cycle.json",
        Location::Pointer("/paths/~1details/get/parameters/0/$ref"),
        "reference cycle #/components/parameters/a -> #/components/parameters/b -> #/components/parameters/a",
        "replace one `$ref` in the cycle with the definition itself",
    );
}

/// Returns the warning messages whose pointer is `pointer`.
fn warnings_at<'a>(generation: &'a Generation, pointer: &str) -> Vec<&'a str> {
    generation
        .warnings
        .iter()
        .filter(|warning| warning.pointer == pointer)
        .map(|warning| warning.message.as_str())
        .collect()
}

#[test]
fn recursive_array_typed_as_any() {
    let generation = generate(&fixture("bad/recursive-array.json")).expect("generation succeeds");
    let warnings = warnings_at(&generation, "/definitions/Tree");
    assert_eq!(warnings.len(), 1, "warnings: {:?}", generation.warnings);
    assert!(
        warnings[0].contains("refer back to /definitions/Tree"),
        "warning: {}",
        warnings[0]
    );
    let types = hostbill_tests::source(&generation, "src/types.rs");
    assert!(
        types.contains("pub tree: ::std::option::Option<::std::vec::Vec<::serde_json::Value>>"),
        "src/types.rs:\n{types}"
    );
}

#[test]
fn openapi_recursive_array_typed_as_any() {
    let generation =
        generate(&fixture("bad/openapi-recursive-array.json")).expect("generation succeeds");
    let warnings = warnings_at(&generation, "/paths/~1tree/get/parameters/0/schema/items");
    assert_eq!(warnings.len(), 1, "warnings: {:?}", generation.warnings);
    assert!(
        warnings[0].contains("`#/components/schemas/Tree` refers back to a schema"),
        "warning: {}",
        warnings[0]
    );
    let types = hostbill_tests::source(&generation, "src/types.rs");
    assert!(
        types.contains("pub tree: ::std::option::Option<::std::vec::Vec<::serde_json::Value>>"),
        "src/types.rs:\n{types}"
    );
}

/// Writes `contents` to `name` in a new temporary folder and returns both.
fn temporary_spec(name: &str, contents: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let folder = tempfile::tempdir().expect("create a temporary folder");
    let path = folder.path().join(name);
    fs::write(&path, contents).expect("write the temporary spec");
    (folder, path)
}

/// Returns a Swagger 2.0 document with one GET operation whose only
/// parameter is `parameter`, and with `root_members` (JSON object members,
/// such as `"definitions": {...}`) added at the top level.
fn swagger_with_parameter(parameter: &str, root_members: &str) -> String {
    let separator = if root_members.is_empty() { "" } else { ", " };
    format!(
        r#"{{"swagger": "2.0", "info": {{"title": "case", "version": "1"}}, "basePath": "/api",
"paths": {{"/details": {{"get": {{"operationId": "getDetails", "parameters": [{parameter}],
"responses": {{"200": {{"description": "ok"}}}}}}}}}}{separator}{root_members}}}"#
    )
}

#[test]
fn deep_nesting_rejected() {
    let depth = 100_000;
    let text = format!(
        "{{\"swagger\": \"2.0\", \"x-deep\": {}{}}}",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let (_folder, path) = temporary_spec("deep.json", text.as_bytes());
    let error = expect_error(&path);
    // serde_json rejects the 128th nested value: after the object come 127
    // arrays, and the first `[` is at column 30, so the last is at 156.
    assert_error(
        &error,
        &path,
        Location::Position(1, 156),
        "values nest 128 or more levels deep",
        JSON_FIX,
    );
}

/// Nests `depth` arrays of strings as a query parameter, within the JSON
/// nesting limit.
fn nested_array_parameter(depth: usize) -> String {
    format!(
        r#"{{"name": "matrix", "in": "query", "type": "array", "items": {}{}{}}}"#,
        r#"{"type": "array", "items": "#.repeat(depth - 1),
        r#"{"type": "string"}"#,
        "}".repeat(depth - 1)
    )
}

#[test]
fn deep_array_nesting_capped() {
    let text = swagger_with_parameter(&nested_array_parameter(100), "");
    let (_folder, path) = temporary_spec("deep-arrays.json", text.as_bytes());
    let generation = generate(&path).expect("generation succeeds");
    let capped: Vec<&str> = generation
        .warnings
        .iter()
        .map(|warning| warning.message.as_str())
        .filter(|message| message.contains("nests more than 32 levels deep"))
        .collect();
    assert_eq!(capped.len(), 1, "warnings: {:?}", generation.warnings);
    let types = hostbill_tests::source(&generation, "src/types.rs");
    let field_start = types.find("pub matrix:").expect("a `matrix` field");
    let field_end = field_start
        + types[field_start..]
            .find("pub extra:")
            .expect("an `extra` field");
    let field = &types[field_start..field_end];
    // The outermost array and 32 nested ones are typed, and the items of
    // the 33rd are any JSON value.
    assert_eq!(
        field.matches("::std::vec::Vec<").count(),
        33,
        "field: {field}"
    );
    assert!(
        field.contains("::std::vec::Vec<::serde_json::Value>"),
        "field: {field}"
    );
}

#[test]
fn long_acyclic_reference_chain_capped() {
    // Each definition is an array of the next one. There is no cycle, but
    // reading the items to the end would recurse 5000 levels deep.
    let count = 5_000;
    let definitions: Vec<String> = (0..count)
        .map(|index| {
            if index + 1 == count {
                format!(r#""D{index}": {{"type": "string"}}"#)
            } else {
                format!(
                    r##""D{index}": {{"type": "array", "items": {{"$ref": "#/definitions/D{}"}}}}"##,
                    index + 1
                )
            }
        })
        .collect();
    let parameter = r##"{"name": "chain", "in": "query", "type": "array", "items": {"$ref": "#/definitions/D0"}}"##;
    let root_members = format!(r#""definitions": {{{}}}"#, definitions.join(", "));
    let text = swagger_with_parameter(parameter, &root_members);
    let (_folder, path) = temporary_spec("chain.json", text.as_bytes());

    let generation = generate(&path).expect("generation succeeds");
    let capped = generation
        .warnings
        .iter()
        .filter(|warning| warning.message.contains("nests more than 32 levels deep"))
        .count();
    assert_eq!(capped, 1, "warnings: {:?}", generation.warnings);
}

#[test]
fn long_reference_hop_chain_rejected() {
    let hops = 40;
    let parameters: Vec<String> = (0..hops)
        .map(|index| format!(r##""p{index}": {{"$ref": "#/parameters/p{}"}}"##, index + 1))
        .chain([format!(
            r#""p{hops}": {{"name": "id", "in": "query", "type": "string"}}"#
        )])
        .collect();
    let root_members = format!(r#""parameters": {{{}}}"#, parameters.join(", "));
    let text = swagger_with_parameter(r##"{"$ref": "#/parameters/p0"}"##, &root_members);
    let (_folder, path) = temporary_spec("hops.json", text.as_bytes());

    let error = expect_error(&path);
    assert_error(
        &error,
        &path,
        Location::Pointer("/parameters/p31/$ref"),
        "more than 32 `$ref` hops in a row, starting at /paths/~1details/get/parameters/0",
        "let references point to definitions directly",
    );
}

#[test]
fn invalid_utf8_rejected() {
    let mut bytes = b"{\n \"swagger\": \"2.0\",\n \"info\": {\"title\": \"caf".to_vec();
    bytes.push(0xE9);
    bytes.extend_from_slice(b"\", \"version\": \"1\"}\n}\n");
    let (_folder, path) = temporary_spec("latin1.json", &bytes);
    let error = expect_error(&path);
    assert_error(
        &error,
        &path,
        Location::Position(3, 24),
        "byte 0xE9 is not valid UTF-8",
        JSON_FIX,
    );
}

#[test]
fn oversized_file_rejected() {
    let folder = tempfile::tempdir().expect("create a temporary folder");
    let path = folder.path().join("huge.json");
    let file = fs::File::create(&path).expect("create the file");
    // A sparse file: its length exceeds the limit without using the disk.
    file.set_len(MAX_SPEC_BYTES + 1).expect("extend the file");
    let error = expect_error(&path);
    assert!(
        matches!(error, Error::TooLarge { .. }),
        "expected TooLarge, got {error:?}"
    );
    assert_eq!(
        error.to_string(),
        format!(
            "{} is larger than the {MAX_SPEC_BYTES} byte limit for a spec; check that it is the Swagger JSON the portal serves",
            path.display()
        )
    );
}

#[test]
fn missing_file_rejected() {
    let folder = tempfile::tempdir().expect("create a temporary folder");
    let path = folder.path().join("missing.json");
    let error = expect_error(&path);
    assert!(
        matches!(error, Error::Read { .. }),
        "expected Read, got {error:?}"
    );
    assert_eq!(
        error.to_string(),
        format!(
            "cannot read {}: No such file or directory (os error 2); check the path given with --spec",
            path.display()
        )
    );
    assert!(
        std::error::Error::source(&error).is_none(),
        "the I/O error is in the message, so it must not be repeated as the source"
    );
}

/// Returns the `xtask` binary, built by `cargo build` into the target folder
/// of this test, because `cargo test -p hostbill-tests` builds no other
/// package's binaries.
fn xtask_binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        let test_binary = std::env::current_exe().expect("path of the test binary");
        // The test binary is `<target>/<profile>/deps/bad_input-<hash>`.
        let profile_folder = test_binary
            .parent()
            .and_then(Path::parent)
            .expect("profile folder of the test binary")
            .to_path_buf();
        let target_folder = profile_folder.parent().expect("target folder");
        let mut command = Command::new(env!("CARGO"));
        command
            .args([
                "build",
                "--quiet",
                "--locked",
                "--package",
                "xtask",
                "--bin",
                "xtask",
            ])
            .arg("--target-dir")
            .arg(target_folder)
            .current_dir(workspace_root());
        if profile_folder
            .file_name()
            .is_some_and(|name| name == "release")
        {
            command.arg("--release");
        }
        let output = command.output().expect("run cargo build");
        assert!(
            output.status.success(),
            "cargo build -p xtask failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        profile_folder.join("xtask")
    })
}

/// Runs `cargo xtask gen --spec <spec> --out <out>` and waits at most
/// [`RUN_LIMIT`].
fn run_xtask_gen(spec: &Path, out: &Path) -> Output {
    let mut child = Command::new(xtask_binary())
        .arg("gen")
        .arg("--spec")
        .arg(spec)
        .arg("--out")
        .arg(out)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start xtask");
    let started = std::time::Instant::now();
    loop {
        if child.try_wait().expect("poll xtask").is_some() {
            return child.wait_with_output().expect("collect xtask output");
        }
        if started.elapsed() > RUN_LIMIT {
            // The process was started by this test, so it is the one killed.
            let _ = child.kill();
            panic!(
                "xtask gen --spec {} took longer than {RUN_LIMIT:?}",
                spec.display()
            );
        }
        thread::sleep(Duration::from_millis(20));
    }
}

/// Returns every file and folder under `root`, with the contents and mode
/// of each file, so that any change shows as a difference.
fn folder_state(root: &Path) -> BTreeMap<PathBuf, (u32, Option<Vec<u8>>)> {
    let mut state = BTreeMap::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in fs::read_dir(&folder).expect("list the output folder") {
            let entry = entry.expect("read a folder entry");
            let path = entry.path();
            let metadata = entry.metadata().expect("read metadata");
            let relative = path.strip_prefix(root).expect("below root").to_path_buf();
            let mode = metadata.permissions().mode();
            if metadata.is_dir() {
                pending.push(path);
                state.insert(relative, (mode, None));
            } else {
                let contents = fs::read(&path).expect("read a file");
                state.insert(relative, (mode, Some(contents)));
            }
        }
    }
    state
}

/// Runs `xtask gen` on `spec` into a folder that already contains files and
/// checks the exit status, the message and that nothing changed.
fn assert_xtask_rejects(spec: &Path, expected_message: &str) {
    let workspace = tempfile::tempdir().expect("create a temporary folder");
    let out = workspace.path().join("out");
    fs::create_dir_all(out.join("src")).expect("create the output folder");
    fs::write(out.join("Cargo.toml"), "[package]\nname = \"kept\"\n").expect("write a file");
    fs::write(out.join("src/lib.rs"), "// written by hand\n").expect("write a file");
    let before = folder_state(&out);

    let output = run_xtask_gen(spec, &out);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(1),
        "exit status of xtask gen --spec {}; stderr:\n{stderr}",
        spec.display()
    );
    assert!(
        stderr.contains(&format!("error: {expected_message}\n")),
        "stderr does not contain `error: {expected_message}`:\n{stderr}"
    );
    assert_eq!(
        folder_state(&out),
        before,
        "xtask gen --spec {} changed the output folder",
        spec.display()
    );

    let missing_out = workspace.path().join("never-created");
    let output = run_xtask_gen(spec, &missing_out);
    assert_eq!(output.status.code(), Some(1), "exit status, second run");
    assert!(
        !missing_out.exists(),
        "a failed run created {}",
        missing_out.display()
    );
}

#[test]
fn xtask_rejects_yaml_without_writing() {
    let spec = fixture("bad/not-json.json");
    let message = expect_error(&spec).to_string();
    assert_xtask_rejects(&spec, &message);
}

#[test]
fn xtask_rejects_unknown_location_without_writing() {
    let spec = fixture("bad/unknown-parameter-location.json");
    let message = expect_error(&spec).to_string();
    assert_xtask_rejects(&spec, &message);
}

#[test]
fn xtask_rejects_reference_cycle_without_writing() {
    let spec = fixture("bad/openapi-reference-cycle.json");
    let message = expect_error(&spec).to_string();
    assert_xtask_rejects(&spec, &message);
}

#[test]
fn xtask_rejects_missing_file_without_writing() {
    let folder = tempfile::tempdir().expect("create a temporary folder");
    let spec = folder.path().join("missing.json");
    let message = expect_error(&spec).to_string();
    assert_xtask_rejects(&spec, &message);
}
