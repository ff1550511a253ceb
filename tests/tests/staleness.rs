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
    let manifest = std::fs::read_to_string(workspace_root().join("generated-client/Cargo.toml"))
        .expect("read generated-client/Cargo.toml");
    let start = manifest
        .find("[dependencies]\n")
        .expect("a [dependencies] table")
        + "[dependencies]\n".len();
    let table = &manifest[start..];
    let end = table.find("\n[").map_or(table.len(), |index| index + 1);
    assert_eq!(
        &table[..end].trim_end(),
        &hostbill_codegen::generate::CLIENT_DEPENDENCIES.trim_end(),
        "generated-client/Cargo.toml [dependencies] and CLIENT_DEPENDENCIES in codegen/src/generate/mod.rs must be equal"
    );
}
