//! Reading a spec file and telling which format it is.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{Error, Result};

/// Largest spec file the loader reads, in bytes. Real HostBill specs are
/// under 200 KiB, so a larger file is almost surely the wrong download.
pub const MAX_SPEC_BYTES: u64 = 64 * 1024 * 1024;

/// The format of a loaded document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecFormat {
    /// Swagger 2.0, the format HostBill portals serve.
    Swagger2,
    /// OpenAPI 3.0.x, for example the normalised spec this generator writes.
    OpenApi30,
}

/// A parsed spec document.
#[derive(Debug, Clone)]
pub struct SpecDocument {
    /// The file it was read from, used in every error and warning.
    pub path: PathBuf,
    /// The detected format.
    pub format: SpecFormat,
    /// The parsed JSON.
    pub value: Value,
}

/// Reads and parses the spec at `path`.
pub fn load_file(path: &Path) -> Result<SpecDocument> {
    let bytes = read_limited(path, MAX_SPEC_BYTES)?;
    parse_document(path, &bytes)
}

/// Parses spec bytes that were read from `path`.
pub fn parse_document(path: &Path, bytes: &[u8]) -> Result<SpecDocument> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let json_error = |line: usize, column: usize, message: String| Error::Json {
        path: path.to_path_buf(),
        line,
        // serde_json gives column 0 at the start of a line, which editors
        // number 1.
        column: column.max(1),
        message,
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(json_error(1, 1, "the file is empty".to_owned()));
    }
    if let Err(error) = std::str::from_utf8(bytes) {
        let (line, column) = line_and_column(bytes, error.valid_up_to());
        let byte = bytes[error.valid_up_to()];
        return Err(json_error(
            line,
            column,
            format!("byte 0x{byte:02X} is not valid UTF-8, the only encoding JSON files may use"),
        ));
    }
    let value: Value = serde_json::from_slice(bytes).map_err(|error| {
        let message = match not_json_start(bytes, &error) {
            Some(start) => format!("the file starts with `{start}`, not with a JSON object"),
            None => json_error_message(&error),
        };
        json_error(error.line(), error.column(), message)
    })?;
    let format = detect_format(path, &value)?;
    Ok(SpecDocument {
        path: path.to_path_buf(),
        format,
        value,
    })
}

fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>> {
    let read_error = |error| Error::Read {
        path: path.to_path_buf(),
        error,
    };
    let file = File::open(path).map_err(read_error)?;
    let too_large = || Error::TooLarge {
        path: path.to_path_buf(),
        limit,
    };
    if file.metadata().map_err(read_error)?.len() > limit {
        return Err(too_large());
    }

    // The size check above can be wrong for pipes and files that grow while
    // being read, so the read itself is bounded too.
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(read_error)?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(bytes)
}

/// Returns the line and column, both from 1, of the byte at `offset`.
/// Columns count bytes, as serde_json's do.
fn line_and_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset];
    let line = before.iter().filter(|byte| **byte == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|byte| *byte == b'\n')
        .map_or(0, |index| index + 1);
    (line, offset - line_start + 1)
}

/// Returns the first line of the file, shortened, when the JSON parser
/// failed on its first character: the file is then YAML, an HTML login page
/// or other text rather than JSON with a mistake in it.
fn not_json_start(bytes: &[u8], error: &serde_json::Error) -> Option<String> {
    let first = bytes.iter().position(|byte| !byte.is_ascii_whitespace())?;
    if !error.is_syntax() || line_and_column(bytes, first) != (error.line(), error.column()) {
        return None;
    }
    let text = String::from_utf8_lossy(&bytes[first..bytes.len().min(first + 200)]);
    let line = text.lines().next().unwrap_or_default().trim_end();
    let mut start: String = line.chars().take(40).collect();
    if start.len() < line.len() {
        start.push_str("...");
    }
    Some(start.replace('`', "'"))
}

fn json_error_message(error: &serde_json::Error) -> String {
    let text = error.to_string();
    // serde_json appends " at line L column C", which the error already shows
    // in front of the message.
    let message = match text.rfind(" at line ") {
        Some(index) => &text[..index],
        None => text.as_str(),
    };
    if message == "recursion limit exceeded" {
        "values nest 128 or more levels deep, more than the JSON parser accepts".to_owned()
    } else if error.is_eof() {
        format!("the file ends before the JSON is complete ({message})")
    } else {
        message.to_owned()
    }
}

fn detect_format(path: &Path, value: &Value) -> Result<SpecFormat> {
    let invalid = |pointer: &str, message: String, fix: &str| Error::Invalid {
        path: path.to_path_buf(),
        pointer: pointer.to_owned(),
        message,
        fix: fix.to_owned(),
    };
    let Some(object) = value.as_object() else {
        return Err(invalid(
            "",
            format!(
                "the document is {}, expected an object",
                crate::json::describe(value)
            ),
            "load the Swagger JSON that the portal serves at ?cmd=userapi&action=swagger",
        ));
    };

    if let Some(version) = object.get("swagger") {
        return match version.as_str() {
            Some("2.0") => Ok(SpecFormat::Swagger2),
            _ => Err(invalid(
                "/swagger",
                format!("unsupported Swagger version {version}"),
                "only Swagger 2.0 and OpenAPI 3.0 are supported; convert the document to one of them",
            )),
        };
    }
    if let Some(version) = object.get("openapi") {
        let text = version.as_str().unwrap_or_default();
        return if text.starts_with("3.0.") || text == "3.0" {
            Ok(SpecFormat::OpenApi30)
        } else {
            Err(invalid(
                "/openapi",
                format!("unsupported OpenAPI version {version}"),
                "only Swagger 2.0 and OpenAPI 3.0 are supported; convert the document to OpenAPI 3.0",
            ))
        };
    }
    if let Some(version) = object.get("swaggerVersion") {
        return Err(invalid(
            "/swaggerVersion",
            format!("Swagger {version} documents are not supported"),
            "convert the document to Swagger 2.0 or OpenAPI 3.0",
        ));
    }
    Err(invalid(
        "",
        "the document has neither a `swagger` nor an `openapi` field".to_owned(),
        "load the Swagger 2.0 JSON that the portal serves, or an OpenAPI 3.0 document",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<SpecDocument> {
        parse_document(Path::new("spec.json"), text.as_bytes())
    }

    #[test]
    fn swagger_2_detected() {
        let document = parse(r#"{"swagger": "2.0", "paths": {}}"#).expect("valid document");
        assert_eq!(document.format, SpecFormat::Swagger2);
    }

    #[test]
    fn openapi_30_detected() {
        let document = parse(r#"{"openapi": "3.0.3", "paths": {}}"#).expect("valid document");
        assert_eq!(document.format, SpecFormat::OpenApi30);
    }

    #[test]
    fn openapi_31_rejected_with_pointer() {
        let error = parse(r#"{"openapi": "3.1.0"}"#).expect_err("3.1 is rejected");
        assert_eq!(error.pointer(), Some("/openapi"));
        assert!(error.to_string().contains("OpenAPI 3.0"), "{error}");
    }

    #[test]
    fn swagger_12_rejected() {
        let error = parse(r#"{"swaggerVersion": "1.2"}"#).expect_err("1.2 is rejected");
        assert_eq!(error.pointer(), Some("/swaggerVersion"));
    }

    #[test]
    fn truncated_json_names_line_and_column() {
        let error = parse("{\n \"swagger\": \"2.0\",\n \"paths\": {").expect_err("truncated");
        let Error::Json { line, .. } = &error else {
            panic!("expected a JSON error, got {error:?}");
        };
        assert_eq!(*line, 3);
        assert!(error.to_string().starts_with("spec.json:3:"), "{error}");
    }

    #[test]
    fn deep_nesting_rejected() {
        let text = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let error = parse(&text).expect_err("too deep");
        assert!(
            error.to_string().contains("128 or more levels deep"),
            "{error}"
        );
    }

    #[test]
    fn byte_order_mark_skipped() {
        let document = parse("\u{feff}{\"swagger\": \"2.0\"}").expect("BOM is skipped");
        assert_eq!(document.format, SpecFormat::Swagger2);
    }
}
