//! Generator of typed Rust clients for HostBill "User API" specs.
//!
//! The pipeline has one module per step:
//! 1. [`load`] reads a Swagger 2.0 or OpenAPI 3.0 JSON file;
//! 2. [`normalise`] turns it into the [`model::Api`], repairing HostBill's
//!    quirks and recording a [`Warning`] for each lossy decision;
//! 3. [`openapi`] writes the model as an OpenAPI 3.0.3 document;
//! 4. [`generate`] emits the client crate's Rust files;
//! 5. [`output`] writes files atomically or checks them for staleness.
//!
//! [`generate_from_file`] runs steps 1 to 4 and returns everything in
//! memory, so that a failure at any step writes nothing.

#![deny(missing_docs)]

pub mod docs;
pub mod error;
pub mod example;
pub mod generate;
pub mod infer;
mod json;
pub mod load;
pub mod model;
pub mod names;
pub mod normalise;
pub mod openapi;
pub mod output;
pub mod project;

use std::path::Path;

pub use error::{Error, Result, Warning};
pub use generate::{CrateSettings, GeneratedFile};

/// Everything one generator run produces, before anything is written.
#[derive(Debug, Clone)]
pub struct Generation {
    /// The normalised model.
    pub api: model::Api,
    /// Lossy decisions and repairs, in the order they were taken.
    pub warnings: Vec<Warning>,
    /// The normalised spec as OpenAPI 3.0.3 JSON text.
    pub openapi_json: String,
    /// The generated source files, with paths relative to the crate root.
    pub sources: Vec<GeneratedFile>,
}

/// Loads, normalises and generates from the spec at `spec_path`.
///
/// # Errors
///
/// Returns an [`Error`] naming the file and the JSON location when the spec
/// cannot be read or is invalid, and when `settings` are invalid.
pub fn generate_from_file(spec_path: &Path, settings: &CrateSettings) -> Result<Generation> {
    let document = load::load_file(spec_path)?;
    generate_from_document(&document, settings)
}

/// Normalises and generates from an already loaded document.
///
/// # Errors
///
/// Returns an [`Error`] when the document is invalid or `settings` are.
pub fn generate_from_document(
    document: &load::SpecDocument,
    settings: &CrateSettings,
) -> Result<Generation> {
    let normalised = normalise::normalise(document)?;
    let openapi_json = openapi::to_json_text(&openapi::to_openapi(&normalised.api));
    let sources = generate::client_sources(&normalised.api, settings)?;
    Ok(Generation {
        api: normalised.api,
        warnings: normalised.warnings,
        openapi_json,
        sources,
    })
}
