//! Golden-file snapshots of the normalised spec and the generated code.
//!
//! A change to the generator shows up here as a snapshot diff. Review it
//! with `cargo insta review` (or read the `.snap.new` files) and accept it
//! only when every changed line is intended.

use hostbill_codegen::project;
use hostbill_tests::{generate_fixture, source, warning_lines, workspace_root};

#[test]
fn myip_client_snapshots() {
    let (generation, _) =
        project::myip_outputs(&workspace_root()).expect("the MyIP spec generates");
    assert!(
        generation.warnings.is_empty(),
        "unexpected warnings:\n{}",
        warning_lines(&generation)
    );
    insta::assert_snapshot!("myip_openapi_json", generation.openapi_json);
    insta::assert_snapshot!("myip_lib_rs", source(&generation, "src/lib.rs"));
    insta::assert_snapshot!(
        "myip_operations_rs",
        source(&generation, "src/operations.rs")
    );
    insta::assert_snapshot!("myip_types_rs", source(&generation, "src/types.rs"));
}

/// Snapshots one rule spec: its warnings, its normalised OpenAPI document
/// and the generated types and methods.
fn assert_rule_snapshot(name: &str) {
    let generation = generate_fixture(&format!("rules/{name}.json"));
    let snapshot = format!(
        "warnings:\n{}\n--- openapi.json ---\n{}\n--- src/types.rs ---\n{}\n--- src/operations.rs ---\n{}",
        warning_lines(&generation),
        generation.openapi_json,
        source(&generation, "src/types.rs"),
        source(&generation, "src/operations.rs"),
    );
    insta::assert_snapshot!(format!("rule_{}", name.replace('-', "_")), snapshot);
}

#[test]
fn rule_path_templates() {
    assert_rule_snapshot("path-templates");
}

#[test]
fn rule_write_method_bodies() {
    assert_rule_snapshot("write-method-bodies");
}

#[test]
fn rule_operation_names() {
    assert_rule_snapshot("operation-names");
}

#[test]
fn rule_identifiers() {
    assert_rule_snapshot("identifiers");
}

#[test]
fn rule_parameter_types() {
    assert_rule_snapshot("parameter-types");
}

#[test]
fn rule_skipped_and_merged() {
    assert_rule_snapshot("skipped-and-merged");
}
