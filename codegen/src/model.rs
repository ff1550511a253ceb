//! The normalised API model.
//!
//! Loading turns a Swagger 2.0 or OpenAPI 3.0 document into this model, code
//! generation and the OpenAPI writer read only from it, and two versions of
//! it can be compared field by field. Every name here is a wire name from the
//! spec unless its documentation calls it a Rust identifier.

use std::fmt;

pub use crate::infer::{FieldDef, StructDef, TypeRef};

/// One API, with everything the generator needs from the spec.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`, as written in the spec.
    pub description: Option<String>,
    /// Host name from Swagger `host` or the first OpenAPI server.
    pub host: Option<String>,
    /// Base path with a leading `/` and no trailing `/`, or empty.
    pub base_path: String,
    /// URL schemes, `https` first when present.
    pub schemes: Vec<String>,
    /// Authentication schemes the spec declares.
    pub security: Vec<SecurityScheme>,
    /// Tags in the order the spec lists them.
    pub tags: Vec<Tag>,
    /// Operations in spec order: paths in document order, then methods in
    /// document order within each path.
    pub operations: Vec<Operation>,
    /// String enums used by parameters and body fields, deduplicated by name
    /// and values.
    pub enums: Vec<EnumDef>,
    /// Response structs inferred from the example responses, each root
    /// before the structs it contains.
    pub response_types: Vec<StructDef>,
}

impl Api {
    /// Returns the default base URL (`https://host/basePath`), if the spec
    /// names a host.
    pub fn default_base_url(&self) -> Option<String> {
        let host = self.host.as_deref()?;
        let scheme = self
            .schemes
            .iter()
            .find(|scheme| scheme.as_str() == "https")
            .or_else(|| self.schemes.first())
            .map_or("https", String::as_str);
        Some(format!("{scheme}://{host}{}", self.base_path))
    }

    /// Counts what became of the example responses.
    pub fn example_summary(&self) -> ExampleSummary {
        let mut summary = ExampleSummary {
            operations: self.operations.len(),
            ..ExampleSummary::default()
        };
        for operation in &self.operations {
            match &operation.example_status {
                ExampleStatus::Missing => {}
                ExampleStatus::Parsed => summary.parsed += 1,
                ExampleStatus::Repaired(_) => summary.repaired += 1,
                ExampleStatus::Unparseable(_) => summary.unparseable += 1,
            }
            if matches!(&operation.response_type, Some(response_type) if *response_type != TypeRef::Any)
            {
                summary.typed += 1;
            }
        }
        summary
    }

    /// Looks up an enum by its Rust type name.
    pub fn enum_def(&self, rust_name: &str) -> Option<&EnumDef> {
        self.enums.iter().find(|def| def.rust_name == rust_name)
    }
}

/// An authentication scheme from `securityDefinitions` or
/// `components/securitySchemes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecurityScheme {
    /// HTTP Basic authentication.
    Basic {
        /// Key in the spec's security definitions.
        key: String,
    },
    /// HTTP Bearer authentication (OpenAPI 3.0 input only).
    Bearer {
        /// Key in the spec's security definitions.
        key: String,
    },
    /// An API key in a header or the query.
    ApiKey {
        /// Key in the spec's security definitions.
        key: String,
        /// Header or query parameter name.
        name: String,
        /// Location of the key: a header or the query.
        location: ParameterLocation,
    },
}

/// A tag, which HostBill uses for the sections of its documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// Tag name.
    pub name: String,
    /// Tag description.
    pub description: Option<String>,
}

/// HTTP methods that can carry an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HttpMethod {
    /// `GET`.
    Get,
    /// `PUT`.
    Put,
    /// `POST`.
    Post,
    /// `DELETE`.
    Delete,
    /// `OPTIONS`.
    Options,
    /// `HEAD`.
    Head,
    /// `PATCH`.
    Patch,
}

impl HttpMethod {
    /// All methods in the order Swagger 2.0 lists them.
    pub const ALL: [HttpMethod; 7] = [
        HttpMethod::Get,
        HttpMethod::Put,
        HttpMethod::Post,
        HttpMethod::Delete,
        HttpMethod::Options,
        HttpMethod::Head,
        HttpMethod::Patch,
    ];

    /// Parses a lower-case path item key such as `get`.
    pub fn from_key(key: &str) -> Option<HttpMethod> {
        HttpMethod::ALL
            .into_iter()
            .find(|method| method.as_key() == key)
    }

    /// Returns the lower-case key used in path items.
    pub fn as_key(self) -> &'static str {
        match self {
            HttpMethod::Get => "get",
            HttpMethod::Put => "put",
            HttpMethod::Post => "post",
            HttpMethod::Delete => "delete",
            HttpMethod::Options => "options",
            HttpMethod::Head => "head",
            HttpMethod::Patch => "patch",
        }
    }

    /// Returns the upper-case method name sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
        }
    }

    /// Returns whether HostBill reads this method's fields from a request
    /// body rather than from the query string.
    pub fn has_body(self) -> bool {
        matches!(
            self,
            HttpMethod::Post | HttpMethod::Put | HttpMethod::Patch | HttpMethod::Delete
        )
    }
}

impl fmt::Display for HttpMethod {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// A path template split into literal text and named parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTemplate {
    /// Literal and parameter pieces in path order.
    pub segments: Vec<PathSegment>,
}

/// One piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    /// Literal text, copied into the URL as it is.
    Literal(String),
    /// A parameter, by wire name.
    Parameter(String),
}

impl PathTemplate {
    /// Returns the parameter names in the order they appear.
    pub fn parameter_names(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|segment| match segment {
            PathSegment::Parameter(name) => Some(name.as_str()),
            PathSegment::Literal(_) => None,
        })
    }
}

impl fmt::Display for PathTemplate {
    /// Formats the template in OpenAPI form, `/service/{id}/vms`.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        for segment in &self.segments {
            match segment {
                PathSegment::Literal(text) => formatter.write_str(text)?,
                PathSegment::Parameter(name) => write!(formatter, "{{{name}}}")?,
            }
        }
        Ok(())
    }
}

/// One operation: a method on a path.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// Unique operation id. Equal to the spec's operationId unless that was
    /// missing or clashed with another, see `source_operation_id`.
    pub operation_id: String,
    /// The operationId as the spec wrote it, when it differs from
    /// `operation_id` or was missing (`None` then).
    pub source_operation_id: Option<String>,
    /// HTTP method.
    pub method: HttpMethod,
    /// Normalised path template, `/service/{id}/vms`.
    pub path: PathTemplate,
    /// The path key as the spec wrote it, `/service/@id/vms`.
    pub source_path: String,
    /// Rust method name, unique within the client.
    pub rust_name: String,
    /// Tags, which HostBill uses for documentation sections.
    pub tags: Vec<String>,
    /// One-line summary.
    pub summary: Option<String>,
    /// Longer description.
    pub description: Option<String>,
    /// Whether the spec marks the operation as deprecated.
    pub deprecated: bool,
    /// Path, query and header parameters. Path parameters come first, in
    /// template order.
    pub parameters: Vec<Parameter>,
    /// Rust type name of the struct that carries the query parameters, when
    /// the operation has any.
    pub query_rust_name: Option<String>,
    /// Request body, when the operation sends one.
    pub body: Option<RequestBody>,
    /// The successful response.
    pub response: Response,
    /// Outcome of reading the example response.
    pub example_status: ExampleStatus,
    /// Type of the JSON response body, inferred from the example. `None`
    /// when there is no usable example, and the method returns
    /// `serde_json::Value`.
    pub response_type: Option<TypeRef>,
}

/// Counts of example responses and typed responses in one API.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExampleSummary {
    /// Operations in the API.
    pub operations: usize,
    /// Examples that are valid JSON as written.
    pub parsed: usize,
    /// Examples that parsed after repair.
    pub repaired: usize,
    /// Examples that stay invalid after repair.
    pub unparseable: usize,
    /// Operations whose method returns a typed response.
    pub typed: usize,
}

impl fmt::Display for ExampleSummary {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "{} of {} operations have typed responses; of {} example responses, {} parsed as written, {} after repair and {} stay invalid",
            self.typed,
            self.operations,
            self.parsed + self.repaired + self.unparseable,
            self.parsed,
            self.repaired,
            self.unparseable
        )
    }
}

/// The outcome of reading an operation's example response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExampleStatus {
    /// The 200 description has no `json` example.
    Missing,
    /// The example is valid JSON as written.
    Parsed,
    /// The example parsed after the listed repairs.
    Repaired(Vec<String>),
    /// The example stays invalid after repair, with the parser's message.
    Unparseable(String),
}

impl Operation {
    /// Returns the parameters in one location, in declaration order.
    pub fn parameters_in(&self, location: ParameterLocation) -> impl Iterator<Item = &Parameter> {
        self.parameters
            .iter()
            .filter(move |parameter| parameter.location == location)
    }
}

/// Location of a parameter in the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ParameterLocation {
    /// A `{name}` in the path template.
    Path,
    /// The query string.
    Query,
    /// An HTTP header.
    Header,
}

impl ParameterLocation {
    /// Returns the `in` value used by Swagger and OpenAPI.
    pub fn as_str(self) -> &'static str {
        match self {
            ParameterLocation::Path => "path",
            ParameterLocation::Query => "query",
            ParameterLocation::Header => "header",
        }
    }
}

/// A path, query or header parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// Wire name.
    pub name: String,
    /// Rust identifier for the argument or field, unique within its scope.
    pub rust_name: String,
    /// Location of the parameter in the request.
    pub location: ParameterLocation,
    /// Whether the caller must give a value.
    pub required: bool,
    /// Description from the spec.
    pub description: Option<String>,
    /// Type of the value.
    pub schema: Schema,
    /// Separator style for array values in the query.
    pub collection_format: CollectionFormat,
}

/// Serialisation style of an array query parameter (Swagger 2.0
/// `collectionFormat`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CollectionFormat {
    /// `a,b`, the Swagger 2.0 default.
    #[default]
    Csv,
    /// `a b`.
    Ssv,
    /// `a\tb`.
    Tsv,
    /// `a|b`.
    Pipes,
    /// `name=a&name=b`.
    Multi,
}

impl CollectionFormat {
    /// Returns the Swagger 2.0 name.
    pub fn as_str(self) -> &'static str {
        match self {
            CollectionFormat::Csv => "csv",
            CollectionFormat::Ssv => "ssv",
            CollectionFormat::Tsv => "tsv",
            CollectionFormat::Pipes => "pipes",
            CollectionFormat::Multi => "multi",
        }
    }

    /// Parses a Swagger 2.0 name.
    pub fn from_name(name: &str) -> Option<CollectionFormat> {
        match name {
            "csv" => Some(CollectionFormat::Csv),
            "ssv" => Some(CollectionFormat::Ssv),
            "tsv" => Some(CollectionFormat::Tsv),
            "pipes" => Some(CollectionFormat::Pipes),
            "multi" => Some(CollectionFormat::Multi),
            _ => None,
        }
    }
}

/// The type of a parameter or body field.
#[derive(Debug, Clone, PartialEq)]
pub enum Schema {
    /// Text.
    String,
    /// Whole number, `i64` in Rust.
    Integer,
    /// Decimal number, `f64` in Rust.
    Number,
    /// `true` or `false`.
    Boolean,
    /// Uploaded file contents (Swagger `type: file`).
    File,
    /// A string enum, by Rust type name in `Api::enums`.
    Enum(String),
    /// A list of values of one type.
    Array(Box<Schema>),
    /// Any JSON value: nested objects and arrays without declared items.
    Any,
}

/// A string enum shared by every parameter with the same name and values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumDef {
    /// Rust type name.
    pub rust_name: String,
    /// Wire values in spec order, each with its Rust variant name.
    pub variants: Vec<EnumVariant>,
}

/// One value of a string enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumVariant {
    /// Wire value.
    pub value: String,
    /// Rust variant name.
    pub rust_name: String,
}

/// Encoding of a request body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyEncoding {
    /// `application/json` object.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`, required for file uploads.
    Multipart,
}

impl BodyEncoding {
    /// Returns the media type.
    pub fn media_type(self) -> &'static str {
        match self {
            BodyEncoding::Json => "application/json",
            BodyEncoding::Form => "application/x-www-form-urlencoded",
            BodyEncoding::Multipart => "multipart/form-data",
        }
    }
}

/// A request body made of named fields.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    /// Encoding of the body.
    pub encoding: BodyEncoding,
    /// Rust type name of the body struct.
    pub rust_name: String,
    /// Fields in declaration order.
    pub fields: Vec<BodyField>,
}

/// One field of a request body.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyField {
    /// Wire name.
    pub name: String,
    /// Rust field name, unique within the body.
    pub rust_name: String,
    /// Whether the caller must give a value.
    pub required: bool,
    /// Description from the spec.
    pub description: Option<String>,
    /// Type of the value.
    pub schema: Schema,
    /// Location where the source spec declared the field (`query`, `formData`,
    /// `body`), kept so that a later comparison can tell a moved field.
    pub source_location: String,
}

/// The successful (200) response of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The 200 description as the spec wrote it.
    pub description: Option<String>,
    /// Example body text found in the description, with the fence removed.
    pub example: Option<String>,
    /// Kind of body the response carries.
    pub kind: ResponseKind,
}

/// The kind of body a successful response carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponseKind {
    /// JSON, decoded as `serde_json::Value`.
    Json,
    /// Raw bytes with the media type to request in `Accept`.
    Binary {
        /// Media type sent in `Accept`, from the spec's `produces`.
        media_type: String,
    },
}
