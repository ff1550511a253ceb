//! Helpers shared by the integration tests in `tests/tests/`: paths to the
//! workspace, the spec and the fixtures.

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
