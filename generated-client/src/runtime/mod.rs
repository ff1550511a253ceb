//! Hand-written runtime support for the generated client.
//!
//! The generator copies this folder unchanged into every crate it writes, so
//! nothing here may depend on a particular spec. Generated code reaches it
//! through `crate::runtime`.

// One spec rarely uses every request feature (forms, uploads, binary
// responses), and the runtime is the same for all of them.
#![allow(dead_code, unused_imports)]

mod client;
mod error;
mod loose;
mod request;

pub use client::Client;
pub use error::Error;
pub use loose::{Loose, LooseList, LooseMap, LooseObject, LooseScalar, deserialize_some};
pub use request::{BinaryResponse, FilePart, ParseEnumError};

pub(crate) use request::{ListFormat, QueryValue, Request, encode_path_segment};
