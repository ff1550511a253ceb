//! Helpers shared by the integration tests in `tests/tests/`: paths to the
//! workspace, the spec and the fixtures.

// These helpers run only inside tests, where a panic is how a test fails.
#![allow(clippy::panic)]

use std::path::{Path, PathBuf};

/// Returns the workspace root, the folder that contains `spec/` and `codegen/`.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

/// Returns the path of a file under `tests/fixtures/`.
pub fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(relative)
}

use hostbill_codegen::{CrateSettings, Generation};

/// Generates from a fixture spec with a fixed crate name, panicking with the
/// generator's message on failure.
pub fn generate_fixture(relative: &str) -> Generation {
    let settings = CrateSettings {
        crate_name: "fixture-client".to_owned(),
        spec_label: relative.to_owned(),
    };
    match hostbill_codegen::generate_from_file(&fixture(relative), &settings) {
        Ok(generation) => generation,
        Err(error) => panic!("generating from {relative} failed: {error}"),
    }
}

/// Returns the generated source file at `path` (such as `src/types.rs`).
pub fn source<'a>(generation: &'a Generation, path: &str) -> &'a str {
    generation
        .sources
        .iter()
        .find(|file| file.path == path)
        .map(|file| file.contents.as_str())
        .unwrap_or_else(|| panic!("no generated file {path}"))
}

/// Returns the warning messages, one per line, for snapshots.
pub fn warning_lines(generation: &Generation) -> String {
    generation
        .warnings
        .iter()
        .map(|warning| format!("- {warning}\n"))
        .collect()
}

/// Compiles the Rust examples in the README as doctests.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
