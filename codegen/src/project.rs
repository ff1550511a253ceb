//! The files `cargo xtask gen` owns in this repository, shared by the
//! command and by the staleness test so that both compare the same set.

use std::path::{Path, PathBuf};

use crate::error::Result;
use crate::generate::{CrateSettings, GeneratedFile, contract_tests, standalone_crate};
use crate::output::OutputFile;
use crate::{Generation, generate_from_document, generate_from_file, load};

/// The MyIP spec, relative to the workspace root.
pub const MYIP_SPEC: &str = "spec/myip.swagger.json";
/// The normalised MyIP spec, relative to the workspace root.
pub const MYIP_OPENAPI: &str = "spec/myip.openapi.json";
/// The committed client crate, relative to the workspace root.
pub const CLIENT_CRATE: &str = "generated-client";
/// The committed client crate's package name.
pub const CLIENT_CRATE_NAME: &str = "myip-client";

/// Generates the committed MyIP client and returns the files that
/// `cargo xtask gen` writes, with absolute paths under `root`.
pub fn myip_outputs(root: &Path) -> Result<(Generation, Vec<OutputFile>)> {
    let settings = CrateSettings {
        crate_name: CLIENT_CRATE_NAME.to_owned(),
        spec_label: MYIP_SPEC.to_owned(),
    };
    let generation = generate_from_file(&root.join(MYIP_SPEC), &settings)?;
    let mut files = vec![OutputFile {
        path: root.join(MYIP_OPENAPI),
        contents: generation.openapi_json.clone(),
    }];
    files.extend(placed(&root.join(CLIENT_CRATE), &generation.sources));
    let contract_tests = contract_tests(&generation.api, &settings)?;
    files.extend(placed(&root.join(CLIENT_CRATE), &[contract_tests]));
    Ok((generation, files))
}

/// Generates a standalone crate from `spec` into `out`: `Cargo.toml`, the
/// runtime, the generated sources, the contract tests and `openapi.json`.
pub fn standalone_outputs(
    spec: &Path,
    out: &Path,
    crate_name: &str,
) -> Result<(Generation, Vec<OutputFile>)> {
    let spec_label = spec
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| spec.display().to_string());
    let settings = CrateSettings {
        crate_name: crate_name.to_owned(),
        spec_label,
    };
    crate::generate::validate_crate_name(crate_name)?;
    let document = load::load_file(spec)?;
    let generation = generate_from_document(&document, &settings)?;
    let crate_files = standalone_crate(&generation.api, &settings)?;
    let mut files = placed(out, &crate_files);
    files.extend(placed(out, &[contract_tests(&generation.api, &settings)?]));
    files.push(OutputFile {
        path: out.join("openapi.json"),
        contents: generation.openapi_json.clone(),
    });
    Ok((generation, files))
}

/// Returns the default crate name for a spec file: its name up to the first
/// dot, followed by `-client` (`time4vps.swagger.json` gives
/// `time4vps-client`).
pub fn default_crate_name(spec: &Path) -> String {
    let stem = spec
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = stem.split('.').next().unwrap_or_default();
    let cleaned: String = stem
        .chars()
        .map(|character| {
            if character.is_ascii_alphanumeric() {
                character.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let cleaned = cleaned.trim_matches('-');
    if cleaned.is_empty() || cleaned.starts_with(|character: char| character.is_ascii_digit()) {
        format!("api-{cleaned}-client").replace("--", "-")
    } else {
        format!("{cleaned}-client")
    }
}

fn placed(root: &Path, files: &[GeneratedFile]) -> Vec<OutputFile> {
    files
        .iter()
        .map(|file| OutputFile {
            path: file
                .path
                .split('/')
                .fold(PathBuf::from(root), |path, part| path.join(part)),
            contents: file.contents.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_name_from_spec_file() {
        assert_eq!(
            default_crate_name(Path::new("x/time4vps.swagger.json")),
            "time4vps-client"
        );
        assert_eq!(
            default_crate_name(Path::new("My Portal.json")),
            "my-portal-client"
        );
        assert_eq!(default_crate_name(Path::new("1st.json")), "api-1st-client");
    }
}
