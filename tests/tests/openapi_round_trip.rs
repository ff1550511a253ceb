//! Reading back the normalised OpenAPI 3.0 document that the generator
//! writes must give the same client code as the Swagger 2.0 spec it came
//! from: `spec/myip.openapi.json` against `spec/myip.swagger.json`, and the
//! same for the Time4VPS spec and every case fixture through a temporary
//! file.

// Helpers outside `#[test]` functions fail a test by panicking, too.
#![allow(clippy::panic)]

use std::fs;
use std::path::{Path, PathBuf};

use hostbill_codegen::{
    CrateSettings, Generation, generate_from_document, generate_from_file, load,
};
use hostbill_tests::{fixture, workspace_root};

/// Settings shared by both generations, so that the header comment, which
/// names the spec, is the same.
fn settings(label: &str) -> CrateSettings {
    CrateSettings {
        crate_name: "round-trip-client".to_owned(),
        spec_label: label.to_owned(),
    }
}

fn generate(path: &Path, label: &str) -> Generation {
    generate_from_file(path, &settings(label))
        .unwrap_or_else(|error| panic!("generating from {} failed: {error}", path.display()))
}

/// Returns the first line where `left` and `right` differ, with its number.
fn first_difference(left: &str, right: &str) -> String {
    let mut left_lines = left.lines();
    let mut right_lines = right.lines();
    let mut number = 1;
    loop {
        match (left_lines.next(), right_lines.next()) {
            (None, None) => return "no difference".to_owned(),
            (left_line, right_line) if left_line != right_line => {
                return format!(
                    "line {number}:\n  from Swagger: {}\n  from OpenAPI: {}",
                    left_line.unwrap_or("<end of file>"),
                    right_line.unwrap_or("<end of file>")
                );
            }
            _ => number += 1,
        }
    }
}

/// Checks that both generations produced the same files with the same
/// contents.
fn assert_same_sources(from_swagger: &Generation, from_openapi: &Generation, spec: &str) {
    let swagger_paths: Vec<&str> = from_swagger
        .sources
        .iter()
        .map(|file| file.path.as_str())
        .collect();
    let openapi_paths: Vec<&str> = from_openapi
        .sources
        .iter()
        .map(|file| file.path.as_str())
        .collect();
    assert_eq!(
        swagger_paths, openapi_paths,
        "{spec}: generated file lists differ"
    );
    for (swagger_file, openapi_file) in from_swagger.sources.iter().zip(&from_openapi.sources) {
        assert!(
            swagger_file.contents == openapi_file.contents,
            "{spec}: {} differs when generated from the normalised OpenAPI document, first at {}",
            swagger_file.path,
            first_difference(&swagger_file.contents, &openapi_file.contents)
        );
    }
}

/// Generates from a Swagger spec, then from the OpenAPI text it produced,
/// and returns both generations.
fn round_trip(swagger: &Path) -> (Generation, Generation) {
    let label = swagger.display().to_string();
    let from_swagger = generate(swagger, &label);
    let folder = tempfile::tempdir().expect("create a temporary folder");
    let openapi = folder.path().join("openapi.json");
    fs::write(&openapi, &from_swagger.openapi_json).expect("write the normalised spec");
    let from_openapi = generate(&openapi, &label);
    (from_swagger, from_openapi)
}

/// Checks that both generations read the spec into the same model.
fn assert_same_model(from_swagger: &Generation, from_openapi: &Generation, spec: &str) {
    let swagger_model = format!("{:#?}", from_swagger.api);
    let openapi_model = format!("{:#?}", from_openapi.api);
    assert!(
        swagger_model == openapi_model,
        "{spec}: the model read from the normalised OpenAPI document differs, first at {}",
        first_difference(&swagger_model, &openapi_model)
    );
}

fn case_fixtures() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = fs::read_dir(fixture("cases"))
        .expect("list tests/fixtures/cases")
        .map(|entry| entry.expect("read a folder entry").path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "json")
        })
        .collect();
    cases.sort();
    assert!(!cases.is_empty(), "no case fixtures found");
    cases
}

#[test]
fn committed_myip_openapi_round_trips() {
    let root = workspace_root();
    let label = "spec/myip.swagger.json";
    let from_swagger = generate(&root.join("spec/myip.swagger.json"), label);
    let from_openapi = generate(&root.join("spec/myip.openapi.json"), label);
    assert_same_sources(&from_swagger, &from_openapi, label);
}

#[test]
fn myip_openapi_model_round_trips() {
    let root = workspace_root();
    let label = "spec/myip.swagger.json";
    let from_swagger = generate(&root.join("spec/myip.swagger.json"), label);
    let from_openapi = generate(&root.join("spec/myip.openapi.json"), label);
    assert_same_model(&from_swagger, &from_openapi, label);
}

#[test]
fn time4vps_openapi_round_trips() {
    let spec = fixture("specs/time4vps.swagger.json");
    let (from_swagger, from_openapi) = round_trip(&spec);
    assert_same_sources(&from_swagger, &from_openapi, &spec.display().to_string());
}

#[test]
fn time4vps_openapi_model_round_trips() {
    let spec = fixture("specs/time4vps.swagger.json");
    let (from_swagger, from_openapi) = round_trip(&spec);
    assert_same_model(&from_swagger, &from_openapi, &spec.display().to_string());
}

#[test]
fn case_openapi_round_trips() {
    for case in case_fixtures() {
        let (from_swagger, from_openapi) = round_trip(&case);
        assert_same_sources(&from_swagger, &from_openapi, &case.display().to_string());
    }
}

#[test]
fn case_openapi_models_round_trip() {
    for case in case_fixtures() {
        let (from_swagger, from_openapi) = round_trip(&case);
        assert_same_model(&from_swagger, &from_openapi, &case.display().to_string());
    }
}

fn generate_text(name: &str, text: &str) -> Generation {
    let document = load::parse_document(Path::new(name), text.as_bytes())
        .unwrap_or_else(|error| panic!("{name} does not load: {error}"));
    generate_from_document(&document, &settings(name))
        .unwrap_or_else(|error| panic!("{name} does not generate: {error}"))
}

#[test]
fn deep_array_nesting_round_trips() {
    // 40 nested arrays exceed the nesting limit of both readers, which must
    // cut them at the same depth.
    let depth = 40;
    let parameter = format!(
        r#"{{"name": "matrix", "in": "query", "type": "array", "items": {}{}{}}}"#,
        r#"{"type": "array", "items": "#.repeat(depth - 1),
        r#"{"type": "string"}"#,
        "}".repeat(depth - 1)
    );
    let text = format!(
        r#"{{"swagger": "2.0", "info": {{"title": "case", "version": "1"}}, "basePath": "/api",
        "paths": {{"/matrix": {{"get": {{"operationId": "getMatrix", "parameters": [{parameter}],
        "responses": {{"200": {{"description": "ok"}}}}}}}}}}}}"#
    );
    let from_swagger = generate_text("deep.json", &text);
    let from_openapi = generate_text("deep.json", &from_swagger.openapi_json);
    assert_same_sources(&from_swagger, &from_openapi, "deep.json");
}
