//! Errors and warnings.
//!
//! Every error names the file and, where the problem is in the document, the
//! JSON pointer or line and column, and ends with what to do next. Warnings
//! record each lossy decision the normaliser takes, so that nothing in the
//! spec is dropped without a trace.

use std::fmt;
use std::io;
use std::path::PathBuf;

/// Result alias for the generator.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An error that stops generation. Nothing has been written when one is
/// returned.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The spec file could not be read.
    #[error("cannot read {}: {error}; check the path given with --spec", path.display())]
    Read {
        /// The spec file.
        path: PathBuf,
        /// The I/O error. It is part of the message and not returned by
        /// `source()`, so that reporters that print the chain show it once.
        error: io::Error,
    },

    /// The spec file is larger than [`crate::load::MAX_SPEC_BYTES`].
    #[error(
        "{} is larger than the {limit} byte limit for a spec; check that it is the Swagger JSON the portal serves",
        path.display()
    )]
    TooLarge {
        /// The spec file.
        path: PathBuf,
        /// The limit in bytes.
        limit: u64,
    },

    /// The spec file is not valid JSON.
    #[error(
        "{}:{line}:{column}: invalid JSON: {message}; download the spec again or fix the JSON at that position",
        path.display()
    )]
    Json {
        /// The spec file.
        path: PathBuf,
        /// Line of the error, from 1.
        line: usize,
        /// Column of the error, from 1.
        column: usize,
        /// Message of the JSON parser.
        message: String,
    },

    /// The document is JSON but not a spec this generator reads, or a part
    /// of it is invalid.
    #[error("{} at {pointer}: {message}; {fix}", path.display(), pointer = display_pointer(pointer))]
    Invalid {
        /// The spec file.
        path: PathBuf,
        /// JSON pointer (RFC 6901) of the offending value.
        pointer: String,
        /// Problem with the value.
        message: String,
        /// Next step for the maintainer.
        fix: String,
    },

    /// A command-line setting is invalid.
    #[error("invalid {setting} `{value}`: {fix}")]
    InvalidSetting {
        /// The option, such as `--crate-name`.
        setting: &'static str,
        /// The rejected value.
        value: String,
        /// Description of a valid value.
        fix: String,
    },

    /// An output file could not be written.
    #[error("cannot write {}: {error}; check that the output folder is writable", path.display())]
    Write {
        /// The file that could not be written.
        path: PathBuf,
        /// The I/O error. It is part of the message and not returned by
        /// `source()`, so that reporters that print the chain show it once.
        error: io::Error,
    },

    /// The generator produced Rust code that does not parse. This is a bug in
    /// the generator, not in the spec.
    #[error(
        "generated code for {file} does not parse: {message}; please report this with the spec that caused it"
    )]
    GeneratedCode {
        /// The generated file, relative to the crate root.
        file: String,
        /// The parser's message.
        message: String,
    },
}

impl Error {
    /// Returns the JSON pointer of the offending value, for errors that have
    /// one.
    pub fn pointer(&self) -> Option<&str> {
        match self {
            Error::Invalid { pointer, .. } => Some(pointer),
            _ => None,
        }
    }
}

fn display_pointer(pointer: &str) -> &str {
    if pointer.is_empty() { "/" } else { pointer }
}

/// A lossy decision or a repaired quirk, with where in the spec it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// JSON pointer of the value the warning is about.
    pub pointer: String,
    /// Decision taken or repair applied.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "{}: {}",
            display_pointer(&self.pointer),
            self.message
        )
    }
}

/// Collects warnings and logs each one through `tracing` as it arrives.
#[derive(Debug, Default)]
pub struct Diagnostics {
    warnings: Vec<Warning>,
}

impl Diagnostics {
    /// Records a warning about the value at `pointer`.
    pub fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        let warning = Warning {
            pointer: pointer.to_owned(),
            message: message.into(),
        };
        tracing::warn!(pointer = %display_pointer(&warning.pointer), "{}", warning.message);
        self.warnings.push(warning);
    }

    /// Returns the warnings recorded so far, in the order they arrived.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// Consumes the collector and returns its warnings.
    pub fn into_warnings(self) -> Vec<Warning> {
        self.warnings
    }
}

/// Builds JSON pointers (RFC 6901) while walking a document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pointer(String);

impl Pointer {
    /// Returns the pointer to the document root.
    pub fn root() -> Pointer {
        Pointer(String::new())
    }

    /// Returns a pointer to a member or element below this one, escaping `~`
    /// and `/` as RFC 6901 requires.
    pub fn join(&self, token: impl fmt::Display) -> Pointer {
        let token = token.to_string().replace('~', "~0").replace('/', "~1");
        Pointer(format!("{}/{token}", self.0))
    }

    /// Returns the pointer text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(display_pointer(&self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_slash_and_tilde() {
        let pointer = Pointer::root().join("paths").join("/a~b/@id").join(0);
        assert_eq!(pointer.as_str(), "/paths/~1a~0b~1@id/0");
    }

    #[test]
    fn invalid_error_names_file_pointer_and_fix() {
        let error = Error::Invalid {
            path: PathBuf::from("spec/x.json"),
            pointer: "/paths".to_owned(),
            message: "`paths` is a string, expected an object".to_owned(),
            fix: "make `paths` an object keyed by path".to_owned(),
        };
        assert_eq!(
            error.to_string(),
            "spec/x.json at /paths: `paths` is a string, expected an object; make `paths` an object keyed by path"
        );
    }

    #[test]
    fn root_pointer_displays_as_slash() {
        assert_eq!(Pointer::root().to_string(), "/");
    }
}
