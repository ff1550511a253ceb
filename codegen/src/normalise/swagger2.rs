//! Reading Swagger 2.0 as HostBill portals serve it.
//!
//! HostBill quirks handled here, each with a warning where information is
//! changed or dropped:
//! - `@name` path segments are templates. A template name declared `in:
//!   query` (or not declared) becomes a required path parameter, and a
//!   declared path parameter missing from the template moves to the query.
//! - For POST, PUT, PATCH and DELETE, parameters declared `in: query` form
//!   one JSON request body, because the portal reads them from a JSON body.
//!   `formData` parameters form a form or multipart body instead.
//! - Path item keys other than HTTP methods, `parameters` and `x-*`
//!   extensions (HostBill writes `""`) are skipped.
//! - Duplicate parameters in one operation are merged.
//! - `enum` placed on an array applies to its items, and an array without
//!   `items` contains any JSON value.

use std::cell::RefCell;
use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::{
    DraftApi, DraftBody, DraftField, DraftOperation, DraftParameter, DraftSchema, parse_template,
};
use crate::error::{Diagnostics, Pointer, Result};
use crate::example::extract_example;
use crate::json::{Reader, describe};
use crate::load::SpecDocument;
use crate::model::{
    BodyEncoding, CollectionFormat, HttpMethod, ParameterLocation, Response, ResponseKind,
    SecurityScheme, Tag,
};

/// Maximum number of `$ref` hops followed in a row. A longer chain is
/// rejected.
const MAX_REF_HOPS: usize = 32;

/// Deepest nesting of arrays that is read. The items below it are typed as
/// any JSON value. The OpenAPI 3.0 reader uses the same limit, so the
/// normalised spec reads back to the same types.
const MAX_NESTING: usize = 32;

/// Reads a Swagger 2.0 document into draft operations.
pub(crate) fn read(document: &SpecDocument, diagnostics: &mut Diagnostics) -> Result<DraftApi> {
    let reader = Reader {
        path: &document.path,
    };
    let root_pointer = Pointer::root();
    let root = reader.object(&document.value, &root_pointer, "the document")?;
    let context = Context {
        reader,
        root: &document.value,
        open_arrays: RefCell::new(Vec::new()),
    };

    let (title, version, description) = read_info(&context, root)?;
    let host = reader
        .optional_string(root, "host", &root_pointer)?
        .map(str::to_owned)
        .filter(|host| !host.is_empty());
    let base_path = normalise_base_path(reader.optional_string(root, "basePath", &root_pointer)?);
    let mut schemes = reader.string_list(root, "schemes", &root_pointer)?;
    schemes.sort_by_key(|scheme| scheme != "https");
    let security = read_security(&context, root, diagnostics)?;
    let tags = read_tags(&context, root)?;
    let global_consumes = reader.string_list(root, "consumes", &root_pointer)?;
    let global_produces = reader.string_list(root, "produces", &root_pointer)?;

    let paths_pointer = root_pointer.join("paths");
    let empty = Map::new();
    let paths = match root.get("paths") {
        None => &empty,
        Some(paths) => reader.object(paths, &paths_pointer, "`paths`")?,
    };

    let mut operations = Vec::new();
    for (path_key, path_item) in paths {
        let item_pointer = paths_pointer.join(path_key);
        if !path_key.starts_with('/') {
            return Err(reader.invalid(
                &item_pointer,
                format!("path `{path_key}` does not start with `/`"),
                "write every key of `paths` as a path that starts with `/`",
            ));
        }
        let item = reader.object(path_item, &item_pointer, &format!("path item `{path_key}`"))?;
        let shared_parameters = read_parameter_list(&context, item, &item_pointer, diagnostics)?;

        for (key, operation) in item {
            let pointer = item_pointer.join(key);
            let Some(method) = HttpMethod::from_key(key) else {
                skip_non_method_key(key, operation, path_key, &pointer, diagnostics);
                continue;
            };
            let operation = reader.object(operation, &pointer, &format!("{method} {path_key}"))?;
            let spec = OperationSource {
                method,
                path_key,
                pointer: &pointer,
                object: operation,
                shared_parameters: &shared_parameters,
                global_consumes: &global_consumes,
                global_produces: &global_produces,
            };
            operations.push(read_operation(&context, &spec, diagnostics)?);
        }
    }

    Ok(DraftApi {
        title,
        version,
        description,
        host,
        base_path,
        schemes,
        security,
        tags,
        operations,
    })
}

struct Context<'a> {
    reader: Reader<'a>,
    root: &'a Value,
    /// Locations of the array schemas whose `items` are being read, outermost
    /// first, to detect an array that contains itself through `$ref`.
    open_arrays: RefCell<Vec<Pointer>>,
}

struct OperationSource<'a> {
    method: HttpMethod,
    path_key: &'a str,
    pointer: &'a Pointer,
    object: &'a Map<String, Value>,
    shared_parameters: &'a [SourceParameter],
    global_consumes: &'a [String],
    global_produces: &'a [String],
}

/// A parameter as declared, before it is placed.
#[derive(Debug, Clone)]
struct SourceParameter {
    pointer: Pointer,
    name: String,
    declared_in: String,
    required: bool,
    description: Option<String>,
    schema: DraftSchema,
    collection_format: CollectionFormat,
    /// Properties of an `in: body` object schema, read as fields.
    body_fields: Option<Vec<DraftField>>,
}

fn read_info(
    context: &Context<'_>,
    root: &Map<String, Value>,
) -> Result<(String, String, Option<String>)> {
    let reader = context.reader;
    let pointer = Pointer::root().join("info");
    let Some(info) = root.get("info") else {
        return Ok(("API".to_owned(), "0".to_owned(), None));
    };
    let info = reader.object(info, &pointer, "`info`")?;
    let title = reader
        .optional_string(info, "title", &pointer)?
        .unwrap_or("API")
        .to_owned();
    let version = match info.get("version") {
        Some(Value::Number(number)) => number.to_string(),
        _ => reader
            .optional_string(info, "version", &pointer)?
            .unwrap_or("0")
            .to_owned(),
    };
    let description = reader
        .optional_string(info, "description", &pointer)?
        .map(str::to_owned);
    Ok((title, version, description))
}

/// Returns the base path with one leading `/` and no trailing `/`, or an
/// empty string for `/` and a missing base path.
pub(crate) fn normalise_base_path(base_path: Option<&str>) -> String {
    let trimmed = base_path.unwrap_or_default().trim().trim_matches('/');
    if trimmed.is_empty() {
        String::new()
    } else {
        format!("/{trimmed}")
    }
}

fn read_security(
    context: &Context<'_>,
    root: &Map<String, Value>,
    diagnostics: &mut Diagnostics,
) -> Result<Vec<SecurityScheme>> {
    let reader = context.reader;
    let pointer = Pointer::root().join("securityDefinitions");
    let Some(definitions) = root.get("securityDefinitions") else {
        return Ok(Vec::new());
    };
    let definitions = reader.object(definitions, &pointer, "`securityDefinitions`")?;
    let mut schemes = Vec::new();
    for (key, definition) in definitions {
        let definition_pointer = pointer.join(key);
        let definition = reader.object(
            definition,
            &definition_pointer,
            &format!("security scheme `{key}`"),
        )?;
        let kind = reader.optional_string(definition, "type", &definition_pointer)?;
        match kind {
            Some("basic") => schemes.push(SecurityScheme::Basic { key: key.clone() }),
            Some("apiKey") => {
                let name = reader
                    .optional_string(definition, "name", &definition_pointer)?
                    .unwrap_or_default()
                    .to_owned();
                let location = match reader.optional_string(definition, "in", &definition_pointer)? {
                    Some("query") => ParameterLocation::Query,
                    _ => ParameterLocation::Header,
                };
                schemes.push(SecurityScheme::ApiKey {
                    key: key.clone(),
                    name,
                    location,
                });
            }
            other => diagnostics.warn(
                definition_pointer.as_str(),
                format!(
                    "security scheme `{key}` of type {} is not supported and was skipped; the client offers Basic and Bearer authentication",
                    other.unwrap_or("(none)")
                ),
            ),
        }
    }
    Ok(schemes)
}

fn read_tags(context: &Context<'_>, root: &Map<String, Value>) -> Result<Vec<Tag>> {
    let reader = context.reader;
    let pointer = Pointer::root();
    let mut tags = Vec::new();
    for (index, tag) in reader
        .optional_array(root, "tags", &pointer)?
        .iter()
        .enumerate()
    {
        let tag_pointer = pointer.join("tags").join(index);
        let tag = reader.object(tag, &tag_pointer, "a tag")?;
        let Some(name) = reader.optional_string(tag, "name", &tag_pointer)? else {
            return Err(reader.invalid(
                &tag_pointer,
                "tag has no `name`",
                "give every tag a `name`",
            ));
        };
        tags.push(Tag {
            name: name.to_owned(),
            description: reader
                .optional_string(tag, "description", &tag_pointer)?
                .map(str::to_owned),
        });
    }
    Ok(tags)
}

fn skip_non_method_key(
    key: &str,
    value: &Value,
    path_key: &str,
    pointer: &Pointer,
    diagnostics: &mut Diagnostics,
) {
    if key == "parameters" || key.starts_with("x-") {
        return;
    }
    if key == "$ref" {
        diagnostics.warn(
            pointer.as_str(),
            format!("path item `{path_key}` is a `$ref`, which is not supported; its operations were skipped"),
        );
        return;
    }
    let operation_id = value
        .get("operationId")
        .and_then(Value::as_str)
        .map(|id| format!(" (operationId `{id}`)"))
        .unwrap_or_default();
    diagnostics.warn(
        pointer.as_str(),
        format!(
            "skipped the operation{operation_id} under key `{key}` of path `{path_key}`: it is not an HTTP method; \
             fix the key in the spec to generate it"
        ),
    );
}

fn read_operation(
    context: &Context<'_>,
    source: &OperationSource<'_>,
    diagnostics: &mut Diagnostics,
) -> Result<DraftOperation> {
    let reader = context.reader;
    let pointer = source.pointer;
    let object = source.object;

    let source_operation_id = reader
        .optional_string(object, "operationId", pointer)?
        .map(str::to_owned);
    let tags = reader.string_list(object, "tags", pointer)?;
    let summary = reader
        .optional_string(object, "summary", pointer)?
        .map(str::to_owned);
    let description = reader
        .optional_string(object, "description", pointer)?
        .map(str::to_owned);
    let deprecated = object
        .get("deprecated")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let consumes = match object.get("consumes") {
        Some(_) => reader.string_list(object, "consumes", pointer)?,
        None => source.global_consumes.to_vec(),
    };
    let produces = match object.get("produces") {
        Some(_) => reader.string_list(object, "produces", pointer)?,
        None => source.global_produces.to_vec(),
    };

    let own_parameters = read_parameter_list(context, object, pointer, diagnostics)?;
    let parameters = merge_shared_parameters(source.shared_parameters, own_parameters);
    let parameters = merge_duplicates(parameters, source, diagnostics);

    let template = parse_template(source.path_key);
    let parameters = reconcile_with_template(parameters, &template, source, diagnostics);
    let (parameters, body) =
        place_parameters(parameters, source.method, &consumes, source, diagnostics);
    let response = read_response(context, object, pointer, &produces)?;

    Ok(DraftOperation {
        pointer: pointer.clone(),
        method: source.method,
        source_path: source.path_key.to_owned(),
        template,
        source_operation_id,
        tags,
        summary,
        description,
        deprecated,
        parameters,
        body,
        response,
    })
}

fn read_parameter_list(
    context: &Context<'_>,
    object: &Map<String, Value>,
    pointer: &Pointer,
    diagnostics: &mut Diagnostics,
) -> Result<Vec<SourceParameter>> {
    let reader = context.reader;
    let list = reader.optional_array(object, "parameters", pointer)?;
    let mut parameters = Vec::with_capacity(list.len());
    for (index, parameter) in list.iter().enumerate() {
        let parameter_pointer = pointer.join("parameters").join(index);
        parameters.push(read_parameter(
            context,
            parameter,
            &parameter_pointer,
            diagnostics,
        )?);
    }
    Ok(parameters)
}

fn read_parameter(
    context: &Context<'_>,
    value: &Value,
    pointer: &Pointer,
    diagnostics: &mut Diagnostics,
) -> Result<SourceParameter> {
    let reader = context.reader;
    let (value, pointer) = resolve_ref(context, value, pointer)?;
    let object = reader.object(value, &pointer, "a parameter")?;

    let name = match object.get("name") {
        Some(Value::String(name)) if !name.is_empty() => name.clone(),
        Some(Value::String(_)) | None | Some(Value::Null) => {
            return Err(reader.invalid(
                &pointer,
                "parameter has no `name`",
                "give the parameter the name the portal expects, or remove it",
            ));
        }
        Some(other) => {
            return Err(reader.invalid(
                &pointer.join("name"),
                format!("parameter `name` is {}, expected a string", describe(other)),
                "write the parameter name as a string",
            ));
        }
    };
    let declared_in = match reader.optional_string(object, "in", &pointer)? {
        Some(location @ ("query" | "path" | "header" | "formData" | "body")) => location.to_owned(),
        Some(other) => {
            return Err(reader.invalid(
                &pointer.join("in"),
                format!("parameter `{name}` has unknown `in` value `{other}`"),
                "use one of query, path, header, formData or body",
            ));
        }
        None => {
            return Err(reader.invalid(
                &pointer,
                format!("parameter `{name}` has no `in`"),
                "add `in` with one of query, path, header, formData or body",
            ));
        }
    };
    let required = object
        .get("required")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let description = reader
        .optional_string(object, "description", &pointer)?
        .map(str::to_owned)
        .filter(|text| !text.trim().is_empty());
    let collection_format = match reader.optional_string(object, "collectionFormat", &pointer)? {
        None => CollectionFormat::default(),
        Some(name) => CollectionFormat::from_name(name).ok_or_else(|| {
            reader.invalid(
                &pointer.join("collectionFormat"),
                format!("parameter `{name}` has unknown collectionFormat"),
                "use one of csv, ssv, tsv, pipes or multi",
            )
        })?,
    };

    let (schema, body_fields) = if declared_in == "body" {
        read_body_schema(context, object, &pointer, &name, diagnostics)?
    } else {
        (
            read_simple_type(context, object, &pointer, &name, diagnostics)?,
            None,
        )
    };
    // Only arrays are joined, so a format on anything else has no effect.
    let collection_format = if matches!(schema, DraftSchema::Array(_)) {
        collection_format
    } else {
        CollectionFormat::default()
    };

    Ok(SourceParameter {
        pointer,
        name,
        declared_in,
        required,
        description,
        schema,
        collection_format,
        body_fields,
    })
}

/// Follows `$ref` hops within the document. A chain that revisits a target
/// or exceeds [`MAX_REF_HOPS`] is a cycle.
fn resolve_ref<'a>(
    context: &Context<'a>,
    value: &'a Value,
    pointer: &Pointer,
) -> Result<(&'a Value, Pointer)> {
    let reader = context.reader;
    let mut current = value;
    let mut current_pointer = pointer.clone();
    let mut visited: Vec<&str> = Vec::new();
    while let Some(reference) = current.get("$ref") {
        let Some(reference) = reference.as_str() else {
            return Err(reader.invalid(
                &current_pointer.join("$ref"),
                format!("`$ref` is {}, expected a string", describe(reference)),
                "write `$ref` as a string such as \"#/definitions/Name\"",
            ));
        };
        let Some(target_pointer) = reference.strip_prefix('#') else {
            return Err(reader.invalid(
                &current_pointer.join("$ref"),
                format!("`$ref` `{reference}` points outside this document"),
                "inline the referenced definition; only references within the document (`#/...`) are supported",
            ));
        };
        if visited.contains(&reference) {
            visited.push(reference);
            return Err(reader.invalid(
                &current_pointer.join("$ref"),
                format!("reference cycle {}", visited.join(" -> ")),
                "replace one `$ref` in the cycle with the definition itself",
            ));
        }
        if visited.len() == MAX_REF_HOPS {
            return Err(reader.invalid(
                &current_pointer.join("$ref"),
                format!("more than {MAX_REF_HOPS} `$ref` hops in a row, starting at {pointer}"),
                "let references point to definitions directly",
            ));
        }
        visited.push(reference);
        let Some(target) = context.root.pointer(target_pointer) else {
            return Err(reader.invalid(
                &current_pointer.join("$ref"),
                format!("`$ref` `{reference}` points to nothing"),
                "add the missing definition or correct the reference",
            ));
        };
        current = target;
        current_pointer = Pointer::root();
        for token in target_pointer.split('/').skip(1) {
            current_pointer = current_pointer.join(token.replace("~1", "/").replace("~0", "~"));
        }
    }
    Ok((current, current_pointer))
}

/// Reads a non-body parameter's type, or a schema's type, as a draft schema.
fn read_simple_type(
    context: &Context<'_>,
    object: &Map<String, Value>,
    pointer: &Pointer,
    name: &str,
    diagnostics: &mut Diagnostics,
) -> Result<DraftSchema> {
    let reader = context.reader;
    let kind = match object.get("type") {
        None | Some(Value::Null) => None,
        Some(Value::String(kind)) => Some(kind.as_str()),
        Some(other) => {
            return Err(reader.invalid(
                &pointer.join("type"),
                format!("`{name}` has `type` {}, expected a string", describe(other)),
                "write the type as one of string, integer, number, boolean, array, object or file",
            ));
        }
    };
    let enum_values = read_enum_values(object);

    let schema = match kind {
        Some("string") => match enum_values {
            Some(values) if !values.is_empty() => DraftSchema::StringEnum(values),
            _ => DraftSchema::String,
        },
        Some("integer") => DraftSchema::Integer,
        Some("number") => DraftSchema::Number,
        Some("boolean") => DraftSchema::Boolean,
        Some("file") => DraftSchema::File,
        Some("object") => DraftSchema::Any,
        Some("array") => read_array_type(context, object, pointer, name, enum_values, diagnostics)?,
        Some(other) => {
            return Err(reader.invalid(
                &pointer.join("type"),
                format!("`{name}` has unknown type `{other}`"),
                "use one of string, integer, number, boolean, array, object or file",
            ));
        }
        None if object.contains_key("properties") => DraftSchema::Any,
        None => {
            diagnostics.warn(
                pointer.as_str(),
                format!("`{name}` declares no type; it is sent as any JSON value"),
            );
            DraftSchema::Any
        }
    };
    Ok(schema)
}

fn read_array_type(
    context: &Context<'_>,
    object: &Map<String, Value>,
    pointer: &Pointer,
    name: &str,
    enum_values: Option<Vec<String>>,
    diagnostics: &mut Diagnostics,
) -> Result<DraftSchema> {
    let reader = context.reader;
    let items = match object.get("items") {
        None | Some(Value::Null) => {
            diagnostics.warn(
                pointer.as_str(),
                format!("array `{name}` has no `items`; its items are typed as any JSON value"),
            );
            return Ok(DraftSchema::Array(Box::new(DraftSchema::Any)));
        }
        Some(items) => items,
    };
    let items_pointer = pointer.join("items");
    let (items, items_pointer) = resolve_ref(context, items, &items_pointer)?;
    if context.open_arrays.borrow().len() == MAX_NESTING {
        diagnostics.warn(
            pointer.as_str(),
            format!(
                "array `{name}` nests more than {MAX_NESTING} levels deep; its items are typed as any JSON value"
            ),
        );
        return Ok(DraftSchema::Array(Box::new(DraftSchema::Any)));
    }
    let recursive =
        items_pointer == *pointer || context.open_arrays.borrow().contains(&items_pointer);
    if recursive {
        diagnostics.warn(
            pointer.as_str(),
            format!(
                "the `items` of array `{name}` refer back to {items_pointer}, which contains the array itself; its items are typed as any JSON value"
            ),
        );
        return Ok(DraftSchema::Array(Box::new(DraftSchema::Any)));
    }
    let items = reader.object(items, &items_pointer, &format!("`items` of `{name}`"))?;
    context.open_arrays.borrow_mut().push(pointer.clone());
    let item_schema = read_simple_type(context, items, &items_pointer, name, diagnostics);
    context.open_arrays.borrow_mut().pop();
    let mut item_schema = item_schema?;

    // An `enum` on the array itself lists the values its items may take.
    if let Some(values) = enum_values.filter(|values| !values.is_empty()) {
        if item_schema == DraftSchema::String {
            tracing::debug!(pointer = %pointer, "applying the enum of array `{name}` to its items");
            item_schema = DraftSchema::StringEnum(values);
        } else {
            diagnostics.warn(
                pointer.as_str(),
                format!("ignored the `enum` on array `{name}` because its items are not strings"),
            );
        }
    }
    Ok(DraftSchema::Array(Box::new(item_schema)))
}

/// Returns `enum` values as strings; numbers and booleans are written as
/// JSON text. Non-string enums are typed by their declared type instead, so
/// this is used only for `type: string` and arrays of strings.
fn read_enum_values(object: &Map<String, Value>) -> Option<Vec<String>> {
    let values = object.get("enum")?.as_array()?;
    let mut strings = Vec::with_capacity(values.len());
    for value in values {
        match value {
            Value::String(text) => {
                if !strings.contains(text) {
                    strings.push(text.clone());
                }
            }
            Value::Null => {}
            other => strings.push(other.to_string()),
        }
    }
    Some(strings)
}

/// Reads an `in: body` parameter. An object schema gives one field per
/// property; any other schema is sent as one JSON value.
fn read_body_schema(
    context: &Context<'_>,
    object: &Map<String, Value>,
    pointer: &Pointer,
    name: &str,
    diagnostics: &mut Diagnostics,
) -> Result<(DraftSchema, Option<Vec<DraftField>>)> {
    let reader = context.reader;
    let Some(schema) = object.get("schema") else {
        return Err(reader.invalid(
            pointer,
            format!("body parameter `{name}` has no `schema`"),
            "add a `schema` to the body parameter",
        ));
    };
    let (schema, schema_pointer) = resolve_ref(context, schema, &pointer.join("schema"))?;
    let schema = reader.object(
        schema,
        &schema_pointer,
        &format!("the schema of body parameter `{name}`"),
    )?;
    let Some(properties) = schema.get("properties") else {
        let draft = read_simple_type(context, schema, &schema_pointer, name, diagnostics)?;
        return Ok((draft, None));
    };
    let properties_pointer = schema_pointer.join("properties");
    let properties = reader.object(properties, &properties_pointer, "`properties`")?;
    let required: BTreeSet<String> = reader
        .string_list(schema, "required", &schema_pointer)?
        .into_iter()
        .collect();

    let mut fields = Vec::with_capacity(properties.len());
    for (property, property_schema) in properties {
        let property_pointer = properties_pointer.join(property);
        let (property_schema, property_pointer) =
            resolve_ref(context, property_schema, &property_pointer)?;
        let property_object = reader.object(
            property_schema,
            &property_pointer,
            &format!("property `{property}`"),
        )?;
        fields.push(DraftField {
            name: property.clone(),
            required: required.contains(property),
            description: reader
                .optional_string(property_object, "description", &property_pointer)?
                .map(str::to_owned),
            schema: read_simple_type(
                context,
                property_object,
                &property_pointer,
                property,
                diagnostics,
            )?,
            source_location: "body".to_owned(),
        });
    }
    Ok((DraftSchema::Any, Some(fields)))
}

/// Applies path-level parameters that the operation does not override.
fn merge_shared_parameters(
    shared: &[SourceParameter],
    own: Vec<SourceParameter>,
) -> Vec<SourceParameter> {
    let mut merged: Vec<SourceParameter> = shared
        .iter()
        .filter(|parameter| {
            !own.iter().any(|candidate| {
                candidate.name == parameter.name && candidate.declared_in == parameter.declared_in
            })
        })
        .cloned()
        .collect();
    merged.extend(own);
    merged
}

/// Merges parameters declared twice with the same name and location. The
/// first declaration wins; a later one adds `required` and a description the
/// first lacks.
fn merge_duplicates(
    parameters: Vec<SourceParameter>,
    source: &OperationSource<'_>,
    diagnostics: &mut Diagnostics,
) -> Vec<SourceParameter> {
    let mut merged: Vec<SourceParameter> = Vec::with_capacity(parameters.len());
    for parameter in parameters {
        let existing = merged.iter_mut().find(|candidate| {
            candidate.name == parameter.name && candidate.declared_in == parameter.declared_in
        });
        let Some(existing) = existing else {
            merged.push(parameter);
            continue;
        };
        let differs = existing.schema != parameter.schema;
        diagnostics.warn(
            parameter.pointer.as_str(),
            format!(
                "{} {} declares `{}` in {} twice; merged into the first declaration{}",
                source.method,
                source.path_key,
                parameter.name,
                parameter.declared_in,
                if differs { ", keeping its type" } else { "" }
            ),
        );
        existing.required |= parameter.required;
        if existing.description.is_none() {
            existing.description = parameter.description;
        }
    }
    merged
}

/// Makes the parameters agree with the path template.
fn reconcile_with_template(
    mut parameters: Vec<SourceParameter>,
    template: &crate::model::PathTemplate,
    source: &OperationSource<'_>,
    diagnostics: &mut Diagnostics,
) -> Vec<SourceParameter> {
    let template_names: Vec<&str> = template.parameter_names().collect();

    // A template name must be a required path parameter, whatever its `in`.
    for name in &template_names {
        if let Some(parameter) = parameters
            .iter_mut()
            .find(|parameter| parameter.name == *name && parameter.declared_in == "path")
        {
            parameter.required = true;
            continue;
        }
        if let Some(index) = parameters
            .iter()
            .position(|parameter| parameter.name == *name)
        {
            let parameter = &mut parameters[index];
            diagnostics.warn(
                parameter.pointer.as_str(),
                format!(
                    "`{name}` is a template name in {} {} but is declared in {}; it is sent as a required path parameter",
                    source.method, source.path_key, parameter.declared_in
                ),
            );
            parameter.declared_in = "path".to_owned();
            parameter.required = true;
            parameter.body_fields = None;
            if matches!(
                parameter.schema,
                DraftSchema::Any | DraftSchema::Array(_) | DraftSchema::File
            ) {
                parameter.schema = DraftSchema::String;
            }
            continue;
        }
        diagnostics.warn(
            source.pointer.as_str(),
            format!(
                "template name `{name}` in {} {} has no parameter; added a required string path parameter",
                source.method, source.path_key
            ),
        );
        parameters.push(SourceParameter {
            pointer: source.pointer.clone(),
            name: (*name).to_owned(),
            declared_in: "path".to_owned(),
            required: true,
            description: None,
            schema: DraftSchema::String,
            collection_format: CollectionFormat::default(),
            body_fields: None,
        });
    }

    // A declared path parameter that the template lacks would never be sent.
    for parameter in &mut parameters {
        if parameter.declared_in == "path" && !template_names.contains(&parameter.name.as_str()) {
            diagnostics.warn(
                parameter.pointer.as_str(),
                format!(
                    "path parameter `{}` of {} {} is not in the path template; it is sent in the query instead",
                    parameter.name, source.method, source.path_key
                ),
            );
            parameter.declared_in = "query".to_owned();
        }
    }

    // Path parameters first, in template order.
    parameters.sort_by_key(|parameter| {
        template_names
            .iter()
            .position(|name| parameter.declared_in == "path" && *name == parameter.name)
            .unwrap_or(usize::MAX)
    });
    parameters
}

/// Splits parameters into those that travel in the URL or headers and a
/// request body.
fn place_parameters(
    parameters: Vec<SourceParameter>,
    method: HttpMethod,
    consumes: &[String],
    source: &OperationSource<'_>,
    diagnostics: &mut Diagnostics,
) -> (Vec<DraftParameter>, Option<DraftBody>) {
    let has_explicit_body = parameters
        .iter()
        .any(|parameter| parameter.declared_in == "body");
    let has_form_data = parameters
        .iter()
        .any(|parameter| parameter.declared_in == "formData");
    let has_file = parameters
        .iter()
        .any(|parameter| parameter.schema == DraftSchema::File);
    let query_goes_to_body = method.has_body() && !has_explicit_body;

    let encoding = if has_form_data {
        let multipart = has_file
            || consumes
                .iter()
                .any(|media| media.starts_with("multipart/form-data"));
        if multipart {
            BodyEncoding::Multipart
        } else {
            BodyEncoding::Form
        }
    } else {
        BodyEncoding::Json
    };

    let mut placed = Vec::new();
    let mut fields = Vec::new();
    let mut body_seen = false;
    for parameter in parameters {
        let location = match parameter.declared_in.as_str() {
            "path" => Some(ParameterLocation::Path),
            "header" => Some(ParameterLocation::Header),
            "query" if !query_goes_to_body => Some(ParameterLocation::Query),
            _ => None,
        };
        if let Some(location) = location {
            let schema = text_instead_of_file(
                parameter.schema,
                &parameter.name,
                &parameter.pointer,
                diagnostics,
            );
            placed.push(DraftParameter {
                name: parameter.name,
                location,
                required: parameter.required,
                description: parameter.description,
                schema,
                collection_format: parameter.collection_format,
            });
            continue;
        }

        if parameter.declared_in == "body" {
            if body_seen {
                diagnostics.warn(
                    parameter.pointer.as_str(),
                    format!(
                        "{} {} declares more than one body parameter; `{}` was dropped",
                        source.method, source.path_key, parameter.name
                    ),
                );
                continue;
            }
            body_seen = true;
            match parameter.body_fields {
                Some(body_fields) => fields.extend(body_fields),
                None => fields.push(DraftField {
                    name: parameter.name,
                    required: parameter.required,
                    description: parameter.description,
                    schema: parameter.schema,
                    source_location: "body".to_owned(),
                }),
            }
            continue;
        }

        let schema = if encoding == BodyEncoding::Multipart {
            parameter.schema
        } else {
            text_instead_of_file(
                parameter.schema,
                &parameter.name,
                &parameter.pointer,
                diagnostics,
            )
        };
        fields.push(DraftField {
            name: parameter.name,
            required: parameter.required,
            description: parameter.description,
            schema,
            source_location: parameter.declared_in,
        });
    }

    let body = (!fields.is_empty()).then_some(DraftBody { encoding, fields });
    (placed, body)
}

/// Types a `file` parameter that cannot travel as a file (outside a
/// multipart body) as text.
fn text_instead_of_file(
    schema: DraftSchema,
    name: &str,
    pointer: &Pointer,
    diagnostics: &mut Diagnostics,
) -> DraftSchema {
    if schema != DraftSchema::File {
        return schema;
    }
    diagnostics.warn(
        pointer.as_str(),
        format!("file parameter `{name}` outside a multipart body is sent as text"),
    );
    DraftSchema::String
}

fn read_response(
    context: &Context<'_>,
    object: &Map<String, Value>,
    pointer: &Pointer,
    produces: &[String],
) -> Result<Response> {
    let reader = context.reader;
    let responses_pointer = pointer.join("responses");
    let empty = Map::new();
    let responses = match object.get("responses") {
        None => &empty,
        Some(responses) => reader.object(responses, &responses_pointer, "`responses`")?,
    };
    let success = ["200", "201", "202", "203", "204", "default"]
        .into_iter()
        .find_map(|status| responses.get(status).map(|response| (status, response)));

    let mut description = None;
    let mut file_schema = false;
    if let Some((status, response)) = success {
        let response_pointer = responses_pointer.join(status);
        let (response, response_pointer) = resolve_ref(context, response, &response_pointer)?;
        let response = reader.object(response, &response_pointer, &format!("response {status}"))?;
        description = reader
            .optional_string(response, "description", &response_pointer)?
            .map(str::to_owned);
        file_schema = response
            .get("schema")
            .and_then(|schema| schema.get("type"))
            .and_then(Value::as_str)
            == Some("file");
    }

    let json_media = produces.iter().any(|media| is_json_media_type(media));
    let kind = match produces.first() {
        Some(media) if file_schema || !json_media => ResponseKind::Binary {
            media_type: media.clone(),
        },
        None if file_schema => ResponseKind::Binary {
            media_type: "application/octet-stream".to_owned(),
        },
        _ => ResponseKind::Json,
    };
    let example = description.as_deref().and_then(extract_example);
    Ok(Response {
        description,
        example,
        kind,
    })
}

/// Returns whether a media type is JSON (`application/json`, `text/json`,
/// `application/problem+json`, ...).
pub(crate) fn is_json_media_type(media: &str) -> bool {
    let essence = media
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || essence == "text/json"
        || essence.ends_with("+json")
        || essence == "*/*"
}
