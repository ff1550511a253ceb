//! Fails when the committed generated files differ from a fresh generation.

use hostbill_codegen::output::stale_files;
use hostbill_codegen::project;
use hostbill_tests::workspace_root;

#[test]
fn committed_client_is_fresh() {
    let root = workspace_root();
    let (_, files) = project::myip_outputs(&root).expect("the MyIP spec generates");
    let stale: Vec<String> = stale_files(&files)
        .iter()
        .map(|path| {
            path.strip_prefix(&root)
                .unwrap_or(path)
                .display()
                .to_string()
        })
        .collect();
    assert!(
        stale.is_empty(),
        "these generated files differ from a fresh generation: {}; run `cargo xtask gen` and commit the result",
        stale.join(", ")
    );
}

#[test]
fn manifest_dependencies_match_generator() {
    assert_manifest_table(
        "dependencies",
        hostbill_codegen::generate::CLIENT_DEPENDENCIES,
        "CLIENT_DEPENDENCIES",
    );
}

#[test]
fn manifest_dev_dependencies_match_generator() {
    assert_manifest_table(
        "dev-dependencies",
        hostbill_codegen::generate::CLIENT_DEV_DEPENDENCIES,
        "CLIENT_DEV_DEPENDENCIES",
    );
}

/// Checks that the `[table]` of `generated-client/Cargo.toml` has the same
/// entries as `expected`, the constant `constant` in the generator. Blank
/// lines and comments are ignored.
fn assert_manifest_table(table: &str, expected: &str, constant: &str) {
    let manifest = std::fs::read_to_string(workspace_root().join("generated-client/Cargo.toml"))
        .expect("read generated-client/Cargo.toml");
    let header = format!("[{table}]");
    let entries: Vec<&str> = manifest
        .lines()
        .skip_while(|line| line.trim() != header)
        .skip(1)
        .take_while(|line| !line.starts_with('['))
        .filter(|line| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
        .collect();
    let expected: Vec<&str> = expected.lines().collect();
    assert_eq!(
        entries, expected,
        "generated-client/Cargo.toml {header} and {constant} in codegen/src/generate/mod.rs must be equal"
    );
}
