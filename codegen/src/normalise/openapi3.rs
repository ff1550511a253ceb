//! Reading OpenAPI 3.0 documents, such as the normalised spec this generator
//! writes.
//!
//! The document is parsed with the `openapiv3` types. The HostBill
//! extensions that [`crate::openapi`] writes are read back, so that feeding
//! the normalised spec to the generator gives the same client.

use std::cell::RefCell;

use indexmap::IndexMap;
use openapiv3::{
    OpenAPI, Parameter as OpenApiParameter, ParameterSchemaOrContent, QueryStyle, ReferenceOr,
    Schema as OpenApiSchema, SchemaKind, SecurityScheme as OpenApiSecurityScheme, StatusCode,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use super::swagger2::{is_json_media_type, normalise_base_path};
use super::{
    DraftApi, DraftBody, DraftField, DraftOperation, DraftParameter, DraftSchema, parse_template,
};
use crate::error::{Diagnostics, Error, Pointer, Result};
use crate::example::extract_example;
use crate::load::SpecDocument;
use crate::model::{
    BodyEncoding, CollectionFormat, HttpMethod, ParameterLocation, Response, ResponseKind,
    SecurityScheme, Tag,
};
use crate::openapi::{
    COLLECTION_FORMAT_EXTENSION, OPERATION_ID_EXTENSION, PATH_EXTENSION, SOURCE_IN_EXTENSION,
};

/// Maximum number of `$ref` hops followed in a row. A longer chain is
/// rejected.
const MAX_REF_HOPS: usize = 32;

/// Reads an OpenAPI 3.0 document into draft operations.
pub(crate) fn read(document: &SpecDocument, diagnostics: &mut Diagnostics) -> Result<DraftApi> {
    let openapi: OpenAPI = serde_path_to_error::deserialize(&document.value).map_err(|error| {
        let mut pointer = path_to_pointer(error.path());
        let mut message = error.inner().to_string();
        if pointer.as_str().starts_with("/paths") {
            if let Some((inner_pointer, inner_message)) = locate_path_item_error(&document.value) {
                pointer = inner_pointer;
                message = inner_message;
            }
        }
        Error::Invalid {
            path: document.path.clone(),
            pointer: pointer.as_str().to_owned(),
            message: format!("invalid OpenAPI 3.0 document: {message}"),
            fix: "fix the value at that location so that it follows OpenAPI 3.0".to_owned(),
        }
    })?;
    let context = Context {
        document,
        openapi: &openapi,
        open_references: RefCell::new(Vec::new()),
    };

    let (host, base_path, schemes) = read_server(&openapi);
    let mut operations = Vec::new();
    for (path_key, item) in &openapi.paths.paths {
        let item_pointer = Pointer::root().join("paths").join(path_key);
        let ReferenceOr::Item(item) = item else {
            diagnostics.warn(
                item_pointer.as_str(),
                format!("path item `{path_key}` is a `$ref`, which is not supported; its operations were skipped"),
            );
            continue;
        };
        for (method_key, operation) in item.iter() {
            let pointer = item_pointer.join(method_key);
            let Some(method) = HttpMethod::from_key(method_key) else {
                diagnostics.warn(
                    pointer.as_str(),
                    format!("skipped the `{method_key}` operation of `{path_key}`: the client does not send {method_key} requests"),
                );
                continue;
            };
            let shared = item
                .parameters
                .iter()
                .enumerate()
                .map(|(index, parameter)| (item_pointer.join("parameters").join(index), parameter));
            let own = operation
                .parameters
                .iter()
                .enumerate()
                .map(|(index, parameter)| (pointer.join("parameters").join(index), parameter));
            let parameters: Vec<(Pointer, &ReferenceOr<OpenApiParameter>)> =
                shared.chain(own).collect();
            operations.push(read_operation(
                &context,
                method,
                path_key,
                &pointer,
                operation,
                &parameters,
                diagnostics,
            )?);
        }
    }

    Ok(DraftApi {
        title: openapi.info.title.clone(),
        version: openapi.info.version.clone(),
        description: openapi.info.description.clone(),
        host,
        base_path,
        schemes,
        security: read_security(&openapi),
        tags: openapi
            .tags
            .iter()
            .map(|tag| Tag {
                name: tag.name.clone(),
                description: tag.description.clone(),
            })
            .collect(),
        operations,
    })
}

struct Context<'a> {
    document: &'a SpecDocument,
    openapi: &'a OpenAPI,
    /// Schema references being read, outermost first, to detect a schema
    /// that contains itself.
    open_references: RefCell<Vec<String>>,
}

impl Context<'_> {
    fn invalid(
        &self,
        pointer: &Pointer,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Error {
        Error::Invalid {
            path: self.document.path.clone(),
            pointer: pointer.as_str().to_owned(),
            message: message.into(),
            fix: fix.into(),
        }
    }

    /// Follows `$ref` hops to `#/components/<kind>/<name>` entries.
    fn resolve<'a, T>(
        &'a self,
        item: &'a ReferenceOr<T>,
        pointer: &Pointer,
        kind: &str,
        lookup: impl Fn(&'a OpenAPI, &str) -> Option<&'a ReferenceOr<T>>,
    ) -> Result<&'a T> {
        let mut current = item;
        let mut visited: Vec<&str> = Vec::new();
        loop {
            match current {
                ReferenceOr::Item(value) => return Ok(value),
                ReferenceOr::Reference { reference } => {
                    if visited.contains(&reference.as_str()) {
                        visited.push(reference);
                        return Err(self.invalid(
                            &pointer.join("$ref"),
                            format!("reference cycle {}", visited.join(" -> ")),
                            "replace one `$ref` in the cycle with the definition itself",
                        ));
                    }
                    if visited.len() == MAX_REF_HOPS {
                        return Err(self.invalid(
                            &pointer.join("$ref"),
                            format!("more than {MAX_REF_HOPS} `$ref` hops in a row"),
                            "let references point to components directly",
                        ));
                    }
                    visited.push(reference);
                    current = component_name(reference, kind)
                        .and_then(|name| lookup(self.openapi, &name))
                        .ok_or_else(|| {
                            self.invalid(
                                &pointer.join("$ref"),
                                format!("`$ref` `{reference}` points to nothing"),
                                format!(
                                    "add the missing entry under components/{kind} or correct the reference"
                                ),
                            )
                        })?;
                }
            }
        }
    }

    fn resolve_schema<'a>(
        &'a self,
        schema: &'a ReferenceOr<OpenApiSchema>,
        pointer: &Pointer,
    ) -> Result<&'a OpenApiSchema> {
        self.resolve(schema, pointer, "schemas", |openapi, name| {
            openapi.components.as_ref()?.schemas.get(name)
        })
    }

    fn resolve_boxed_schema<'a>(
        &'a self,
        schema: &'a ReferenceOr<Box<OpenApiSchema>>,
        pointer: &Pointer,
    ) -> Result<&'a OpenApiSchema> {
        match schema {
            ReferenceOr::Item(schema) => Ok(schema),
            ReferenceOr::Reference { reference } => {
                let entry = component_name(reference, "schemas")
                    .and_then(|name| {
                        self.openapi
                            .components
                            .as_ref()
                            .and_then(|components| components.schemas.get(&name))
                    })
                    .ok_or_else(|| {
                        self.invalid(
                            &pointer.join("$ref"),
                            format!("`$ref` `{reference}` points to nothing"),
                            "add the missing entry under components/schemas or correct the reference",
                        )
                    })?;
                self.resolve_schema(entry, pointer)
            }
        }
    }
}

/// Returns the name in a `#/components/<kind>/<name>` reference, unescaped
/// as RFC 6901 requires, or `None` for a reference to anything else.
fn component_name(reference: &str, kind: &str) -> Option<String> {
    let name = reference
        .strip_prefix("#/components/")?
        .strip_prefix(kind)?
        .strip_prefix('/')?;
    if name.is_empty() || name.contains('/') {
        return None;
    }
    Some(name.replace("~1", "/").replace("~0", "~"))
}

/// Returns the location and message of the first invalid path item.
///
/// `openapiv3` reads `paths` as a flattened map of untagged `$ref`-or-item
/// values, which hides the location of an error inside it, so each path item
/// is read again on its own. The location still stops at a parameter or
/// schema, which are untagged or flattened too.
fn locate_path_item_error(document: &Value) -> Option<(Pointer, String)> {
    let paths = document.get("paths")?.as_object()?;
    paths.iter().find_map(|(path_key, item)| {
        let error = if item.get("$ref").is_some() {
            serde_path_to_error::deserialize::<_, ReferenceOr<openapiv3::PathItem>>(item).err()?
        } else {
            serde_path_to_error::deserialize::<_, openapiv3::PathItem>(item).err()?
        };
        let item_pointer = Pointer::root().join("paths").join(path_key);
        Some((
            append_path(item_pointer, error.path()),
            error.inner().to_string(),
        ))
    })
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> Pointer {
    append_path(Pointer::root(), path)
}

/// Returns `pointer` extended by the segments of a deserialization path.
fn append_path(mut pointer: Pointer, path: &serde_path_to_error::Path) -> Pointer {
    for segment in path.iter() {
        pointer = match segment {
            serde_path_to_error::Segment::Seq { index } => pointer.join(index),
            serde_path_to_error::Segment::Map { key } => pointer.join(key),
            serde_path_to_error::Segment::Enum { variant } => pointer.join(variant),
            serde_path_to_error::Segment::Unknown => pointer,
        };
    }
    pointer
}

fn read_server(openapi: &OpenAPI) -> (Option<String>, String, Vec<String>) {
    let Some(server) = openapi.servers.first() else {
        return (None, String::new(), Vec::new());
    };
    let url = server.url.as_str();
    let Some((scheme, rest)) = url.split_once("://") else {
        return (None, normalise_base_path(Some(url)), Vec::new());
    };
    let (host, path) = match rest.find('/') {
        Some(index) => (&rest[..index], &rest[index..]),
        None => (rest, ""),
    };
    let host = (!host.is_empty()).then(|| host.to_owned());
    (
        host,
        normalise_base_path(Some(path)),
        vec![scheme.to_owned()],
    )
}

fn read_security(openapi: &OpenAPI) -> Vec<SecurityScheme> {
    let Some(components) = &openapi.components else {
        return Vec::new();
    };
    components
        .security_schemes
        .iter()
        .filter_map(|(key, scheme)| match scheme {
            ReferenceOr::Item(OpenApiSecurityScheme::HTTP { scheme, .. })
                if scheme.eq_ignore_ascii_case("basic") =>
            {
                Some(SecurityScheme::Basic { key: key.clone() })
            }
            ReferenceOr::Item(OpenApiSecurityScheme::HTTP { scheme, .. })
                if scheme.eq_ignore_ascii_case("bearer") =>
            {
                Some(SecurityScheme::Bearer { key: key.clone() })
            }
            ReferenceOr::Item(OpenApiSecurityScheme::APIKey { location, name, .. }) => {
                Some(SecurityScheme::ApiKey {
                    key: key.clone(),
                    name: name.clone(),
                    location: match location {
                        openapiv3::APIKeyLocation::Query => ParameterLocation::Query,
                        _ => ParameterLocation::Header,
                    },
                })
            }
            _ => None,
        })
        .collect()
}

fn read_operation(
    context: &Context<'_>,
    method: HttpMethod,
    path_key: &str,
    pointer: &Pointer,
    operation: &openapiv3::Operation,
    parameters: &[(Pointer, &ReferenceOr<OpenApiParameter>)],
    diagnostics: &mut Diagnostics,
) -> Result<DraftOperation> {
    let source_path = operation
        .extensions
        .get(PATH_EXTENSION)
        .and_then(Value::as_str)
        .unwrap_or(path_key)
        .to_owned();
    let source_operation_id = operation
        .extensions
        .get(OPERATION_ID_EXTENSION)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .or_else(|| operation.operation_id.clone());
    let template = parse_template(path_key);

    let mut placed: Vec<DraftParameter> = Vec::new();
    for (parameter_pointer, parameter) in parameters {
        let parameter = context.resolve(
            parameter,
            parameter_pointer,
            "parameters",
            |openapi, name| openapi.components.as_ref()?.parameters.get(name),
        )?;
        if let Some(draft) = read_parameter(context, parameter, parameter_pointer, diagnostics)? {
            placed.retain(|existing| {
                !(existing.name == draft.name && existing.location == draft.location)
            });
            placed.push(draft);
        }
    }
    reconcile_with_template(
        &mut placed,
        &template,
        method,
        path_key,
        pointer,
        diagnostics,
    );

    let body = match &operation.request_body {
        None => None,
        Some(body) => {
            let body_pointer = pointer.join("requestBody");
            let body = context.resolve(body, &body_pointer, "requestBodies", |openapi, name| {
                openapi.components.as_ref()?.request_bodies.get(name)
            })?;
            read_body(context, body, &body_pointer, diagnostics)?
        }
    };

    Ok(DraftOperation {
        pointer: pointer.clone(),
        method,
        source_path,
        template,
        source_operation_id: if operation.extensions.contains_key(OPERATION_ID_EXTENSION) {
            source_operation_id.filter(|id| Some(id) != operation.operation_id.as_ref())
        } else {
            operation.operation_id.clone()
        },
        tags: operation.tags.clone(),
        summary: operation.summary.clone(),
        description: operation.description.clone(),
        deprecated: operation.deprecated,
        parameters: placed,
        body,
        response: read_response(context, operation, pointer)?,
    })
}

fn read_parameter(
    context: &Context<'_>,
    parameter: &OpenApiParameter,
    pointer: &Pointer,
    diagnostics: &mut Diagnostics,
) -> Result<Option<DraftParameter>> {
    let (location, data, query_style) = match parameter {
        OpenApiParameter::Path { parameter_data, .. } => {
            (ParameterLocation::Path, parameter_data, None)
        }
        OpenApiParameter::Query {
            parameter_data,
            style,
            ..
        } => (ParameterLocation::Query, parameter_data, Some(style)),
        OpenApiParameter::Header { parameter_data, .. } => {
            (ParameterLocation::Header, parameter_data, None)
        }
        OpenApiParameter::Cookie { parameter_data, .. } => {
            diagnostics.warn(
                pointer.as_str(),
                format!(
                    "cookie parameter `{}` is not supported and was skipped",
                    parameter_data.name
                ),
            );
            return Ok(None);
        }
    };
    if data.name.is_empty() {
        return Err(context.invalid(
            pointer,
            "parameter has no `name`",
            "give the parameter the name the portal expects, or remove it",
        ));
    }
    let schema = match &data.format {
        ParameterSchemaOrContent::Schema(schema) => {
            draft_schema(context, schema, &pointer.join("schema"), 0, diagnostics)?
        }
        ParameterSchemaOrContent::Content(_) => {
            diagnostics.warn(
                pointer.as_str(),
                format!(
                    "parameter `{}` uses `content`; it is sent as text",
                    data.name
                ),
            );
            DraftSchema::String
        }
    };
    let explode = data.explode.unwrap_or(true);
    let is_array = matches!(schema, DraftSchema::Array(_));
    // Only arrays are joined, so other parameters keep the default, as the
    // Swagger 2.0 reader gives them.
    let collection_format = match (
        query_style,
        data.extensions.get(COLLECTION_FORMAT_EXTENSION),
    ) {
        _ if !is_array => CollectionFormat::default(),
        (_, Some(Value::String(format))) if format == "tsv" => CollectionFormat::Tsv,
        (Some(QueryStyle::SpaceDelimited), _) => CollectionFormat::Ssv,
        (Some(QueryStyle::PipeDelimited), _) => CollectionFormat::Pipes,
        (Some(QueryStyle::Form), _) if explode => CollectionFormat::Multi,
        _ => CollectionFormat::Csv,
    };
    Ok(Some(DraftParameter {
        name: data.name.clone(),
        location,
        required: data.required || location == ParameterLocation::Path,
        description: data.description.clone(),
        schema,
        collection_format,
    }))
}

fn reconcile_with_template(
    parameters: &mut Vec<DraftParameter>,
    template: &crate::model::PathTemplate,
    method: HttpMethod,
    path_key: &str,
    pointer: &Pointer,
    diagnostics: &mut Diagnostics,
) {
    let names: Vec<String> = template.parameter_names().map(str::to_owned).collect();
    for name in &names {
        let declared = parameters.iter().any(|parameter| {
            parameter.location == ParameterLocation::Path && &parameter.name == name
        });
        if !declared {
            diagnostics.warn(
                pointer.as_str(),
                format!("template name `{name}` in {method} {path_key} has no path parameter; added a required string path parameter"),
            );
            parameters.push(DraftParameter {
                name: name.clone(),
                location: ParameterLocation::Path,
                required: true,
                description: None,
                schema: DraftSchema::String,
                collection_format: CollectionFormat::Csv,
            });
        }
    }
    for parameter in parameters.iter_mut() {
        if parameter.location == ParameterLocation::Path && !names.contains(&parameter.name) {
            diagnostics.warn(
                pointer.as_str(),
                format!(
                    "path parameter `{}` of {method} {path_key} is not in the path template; it is sent in the query instead",
                    parameter.name
                ),
            );
            parameter.location = ParameterLocation::Query;
        }
    }
    parameters.sort_by_key(|parameter| {
        names
            .iter()
            .position(|name| {
                parameter.location == ParameterLocation::Path && *name == parameter.name
            })
            .unwrap_or(usize::MAX)
    });
}

fn read_body(
    context: &Context<'_>,
    body: &openapiv3::RequestBody,
    pointer: &Pointer,
    diagnostics: &mut Diagnostics,
) -> Result<Option<DraftBody>> {
    let Some((media_type, content)) = body.content.first() else {
        return Ok(None);
    };
    let encoding = if media_type.starts_with("multipart/form-data") {
        BodyEncoding::Multipart
    } else if media_type.starts_with("application/x-www-form-urlencoded") {
        BodyEncoding::Form
    } else {
        BodyEncoding::Json
    };
    let content_pointer = pointer.join("content").join(media_type);
    let Some(schema) = &content.schema else {
        return Ok(None);
    };
    let schema_pointer = content_pointer.join("schema");
    let schema = context.resolve_schema(schema, &schema_pointer)?;
    let properties = match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => (&object.properties, &object.required),
        SchemaKind::Any(any) if !any.properties.is_empty() => (&any.properties, &any.required),
        _ => {
            diagnostics.warn(
                schema_pointer.as_str(),
                "request body schema is not an object with properties; the body is sent as one field `body` of any JSON value",
            );
            return Ok(Some(DraftBody {
                encoding,
                fields: vec![DraftField {
                    name: "body".to_owned(),
                    required: body.required,
                    description: body.description.clone(),
                    schema: DraftSchema::Any,
                    source_location: "body".to_owned(),
                }],
            }));
        }
    };
    let (properties, required): (
        &IndexMap<String, ReferenceOr<Box<OpenApiSchema>>>,
        &Vec<String>,
    ) = properties;

    let mut fields = Vec::with_capacity(properties.len());
    for (name, property) in properties {
        let property_pointer = schema_pointer.join("properties").join(name);
        let resolved = context.resolve_boxed_schema(property, &property_pointer)?;
        let source_location = resolved
            .schema_data
            .extensions
            .get(SOURCE_IN_EXTENSION)
            .and_then(Value::as_str)
            .unwrap_or("body")
            .to_owned();
        fields.push(DraftField {
            name: name.clone(),
            required: required.contains(name),
            description: resolved.schema_data.description.clone(),
            schema: draft_boxed_schema(context, property, &property_pointer, 0, diagnostics)?,
            source_location,
        });
    }
    Ok(Some(DraftBody { encoding, fields }))
}

fn read_response(
    context: &Context<'_>,
    operation: &openapiv3::Operation,
    pointer: &Pointer,
) -> Result<Response> {
    let responses = &operation.responses;
    let success = [200_u16, 201, 202, 203, 204]
        .into_iter()
        .find_map(|code| {
            responses
                .responses
                .get(&StatusCode::Code(code))
                .map(|response| (code.to_string(), response))
        })
        .or_else(|| {
            responses
                .default
                .as_ref()
                .map(|response| ("default".to_owned(), response))
        });
    let Some((status, response)) = success else {
        return Ok(Response {
            description: None,
            example: None,
            kind: ResponseKind::Json,
        });
    };
    let response_pointer = pointer.join("responses").join(&status);
    let response = context.resolve(response, &response_pointer, "responses", |openapi, name| {
        openapi.components.as_ref()?.responses.get(name)
    })?;
    let kind = if response.content.is_empty()
        || response
            .content
            .keys()
            .any(|media| is_json_media_type(media))
    {
        ResponseKind::Json
    } else {
        let media_type = response.content.keys().next().cloned().unwrap_or_default();
        ResponseKind::Binary { media_type }
    };
    let description = Some(response.description.clone()).filter(|text| !text.is_empty());
    Ok(Response {
        example: description.as_deref().and_then(extract_example),
        description,
        kind,
    })
}

/// Deepest nesting of arrays (and single-schema `allOf`) that is read. The
/// items below it are typed as any JSON value. The Swagger 2.0 reader uses
/// the same limit, so the normalised spec reads back to the same types.
const MAX_NESTING: usize = 32;

/// Reads a schema that may be a `$ref`.
fn draft_schema(
    context: &Context<'_>,
    schema: &ReferenceOr<OpenApiSchema>,
    pointer: &Pointer,
    depth: usize,
    diagnostics: &mut Diagnostics,
) -> Result<DraftSchema> {
    let reference = match schema {
        ReferenceOr::Reference { reference } => Some(reference.as_str()),
        ReferenceOr::Item(_) => None,
    };
    with_open_reference(context, reference, pointer, diagnostics, |diagnostics| {
        let resolved = context.resolve_schema(schema, pointer)?;
        draft_schema_of(context, resolved, pointer, depth, diagnostics)
    })
}

/// Reads a property or `items` schema that may be a `$ref`.
fn draft_boxed_schema(
    context: &Context<'_>,
    schema: &ReferenceOr<Box<OpenApiSchema>>,
    pointer: &Pointer,
    depth: usize,
    diagnostics: &mut Diagnostics,
) -> Result<DraftSchema> {
    let reference = match schema {
        ReferenceOr::Reference { reference } => Some(reference.as_str()),
        ReferenceOr::Item(_) => None,
    };
    with_open_reference(context, reference, pointer, diagnostics, |diagnostics| {
        let resolved = context.resolve_boxed_schema(schema, pointer)?;
        draft_schema_of(context, resolved, pointer, depth, diagnostics)
    })
}

/// Runs `read` with `reference` marked as being read. A schema that refers
/// back to one being read contains itself, so it is typed as any JSON value
/// instead of being read forever.
fn with_open_reference(
    context: &Context<'_>,
    reference: Option<&str>,
    pointer: &Pointer,
    diagnostics: &mut Diagnostics,
    read: impl FnOnce(&mut Diagnostics) -> Result<DraftSchema>,
) -> Result<DraftSchema> {
    let Some(reference) = reference else {
        return read(diagnostics);
    };
    if context
        .open_references
        .borrow()
        .iter()
        .any(|open| open == reference)
    {
        diagnostics.warn(
            pointer.as_str(),
            format!(
                "`$ref` `{reference}` refers back to a schema that contains it; the value is typed as any JSON value"
            ),
        );
        return Ok(DraftSchema::Any);
    }
    context
        .open_references
        .borrow_mut()
        .push(reference.to_owned());
    let draft = read(diagnostics);
    context.open_references.borrow_mut().pop();
    draft
}

fn draft_schema_of(
    context: &Context<'_>,
    schema: &OpenApiSchema,
    pointer: &Pointer,
    depth: usize,
    diagnostics: &mut Diagnostics,
) -> Result<DraftSchema> {
    let too_deep = |diagnostics: &mut Diagnostics| {
        diagnostics.warn(
            pointer.as_str(),
            format!(
                "the schema nests more than {MAX_NESTING} levels deep; the values below are typed as any JSON value"
            ),
        );
        DraftSchema::Any
    };
    let draft = match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => {
            if matches!(
                string.format,
                VariantOrUnknownOrEmpty::Item(StringFormat::Binary)
            ) {
                DraftSchema::File
            } else {
                let values: Vec<String> = string.enumeration.iter().flatten().cloned().collect();
                if values.is_empty() {
                    DraftSchema::String
                } else {
                    DraftSchema::StringEnum(values)
                }
            }
        }
        SchemaKind::Type(Type::Integer(_)) => DraftSchema::Integer,
        SchemaKind::Type(Type::Number(_)) => DraftSchema::Number,
        SchemaKind::Type(Type::Boolean(_)) => DraftSchema::Boolean,
        SchemaKind::Type(Type::Array(array)) => {
            let items = match &array.items {
                Some(_) if depth == MAX_NESTING => too_deep(diagnostics),
                Some(items) => draft_boxed_schema(
                    context,
                    items,
                    &pointer.join("items"),
                    depth + 1,
                    diagnostics,
                )?,
                None => {
                    diagnostics.warn(
                        pointer.as_str(),
                        "the array has no `items`; its items are typed as any JSON value",
                    );
                    DraftSchema::Any
                }
            };
            DraftSchema::Array(Box::new(items))
        }
        SchemaKind::AllOf { .. } if depth == MAX_NESTING => too_deep(diagnostics),
        SchemaKind::AllOf { all_of } if all_of.len() == 1 => draft_schema(
            context,
            &all_of[0],
            &pointer.join("allOf").join(0),
            depth + 1,
            diagnostics,
        )?,
        SchemaKind::Any(any) => match any.typ.as_deref() {
            None | Some("string" | "integer" | "number" | "boolean" | "array" | "object") => {
                DraftSchema::Any
            }
            Some(other) => {
                return Err(context.invalid(
                    &pointer.join("type"),
                    format!("unknown type `{other}`"),
                    "use one of string, integer, number, boolean, array or object",
                ));
            }
        },
        _ => DraftSchema::Any,
    };
    Ok(draft)
}
