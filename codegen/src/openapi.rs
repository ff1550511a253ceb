//! Writing the normalised model as an OpenAPI 3.0.3 document.
//!
//! The document is built with the `openapiv3` types, whose maps keep
//! insertion order, so the JSON text is the same for the same model. HostBill
//! details that OpenAPI has no field for travel in extensions:
//! `x-hostbill-path` (the path as the portal writes it), `x-hostbill-in` (where
//! the Swagger document declared a body field), `x-hostbill-operation-id`
//! (an operationId that had to be renamed) and `x-collection-format` (`tsv`,
//! which OpenAPI cannot express).

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, ArrayType, Components, Info, MediaType, ObjectType, OpenAPI,
    Operation as OpenApiOperation, Parameter as OpenApiParameter, ParameterData,
    ParameterSchemaOrContent, PathItem, PathStyle, Paths, QueryStyle, ReferenceOr,
    RequestBody as OpenApiRequestBody, Response as OpenApiResponse, Responses,
    Schema as OpenApiSchema, SchemaData, SchemaKind, SecurityScheme as OpenApiSecurityScheme,
    Server, StatusCode, StringFormat, StringType, Tag as OpenApiTag, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use crate::model::{
    Api, BodyEncoding, CollectionFormat, EnumDef, HttpMethod, Operation, Parameter,
    ParameterLocation, RequestBody, ResponseKind, Schema, SecurityScheme, StructDef, TypeRef,
};

/// Extension that keeps the path as the source spec wrote it.
pub const PATH_EXTENSION: &str = "x-hostbill-path";
/// Extension that keeps where the source spec declared a body field.
pub const SOURCE_IN_EXTENSION: &str = "x-hostbill-in";
/// Extension that keeps an operationId the normaliser renamed.
pub const OPERATION_ID_EXTENSION: &str = "x-hostbill-operation-id";
/// Extension for collection formats OpenAPI 3.0 cannot express.
pub const COLLECTION_FORMAT_EXTENSION: &str = "x-collection-format";

/// Builds the OpenAPI 3.0.3 document for `api`.
pub fn to_openapi(api: &Api) -> OpenAPI {
    let mut paths = Paths::default();
    for operation in &api.operations {
        let key = operation.path.to_string();
        let item = paths
            .paths
            .entry(key)
            .or_insert_with(|| ReferenceOr::Item(PathItem::default()));
        if let ReferenceOr::Item(item) = item {
            *method_slot(item, operation.method) = Some(operation_object(api, operation));
        }
    }

    let mut components = Components::default();
    for def in &api.enums {
        components
            .schemas
            .insert(def.rust_name.clone(), ReferenceOr::Item(enum_schema(def)));
    }
    for def in &api.response_types {
        components.schemas.insert(
            def.rust_name.clone(),
            ReferenceOr::Item(response_struct_schema(def)),
        );
    }
    for scheme in &api.security {
        let (key, scheme) = security_scheme(scheme);
        components
            .security_schemes
            .insert(key, ReferenceOr::Item(scheme));
    }

    OpenAPI {
        openapi: "3.0.3".to_owned(),
        info: Info {
            title: api.title.clone(),
            description: api.description.clone(),
            version: api.version.clone(),
            ..Info::default()
        },
        servers: server_url(api)
            .map(|url| Server {
                url,
                ..Server::default()
            })
            .into_iter()
            .collect(),
        paths,
        components: Some(components),
        tags: api
            .tags
            .iter()
            .map(|tag| OpenApiTag {
                name: tag.name.clone(),
                description: tag.description.clone(),
                ..OpenApiTag::default()
            })
            .collect(),
        ..OpenAPI::default()
    }
}

/// Returns the server URL: absolute when the spec names a host, otherwise
/// the base path alone, so that it survives a round trip.
fn server_url(api: &Api) -> Option<String> {
    api.default_base_url()
        .or_else(|| (!api.base_path.is_empty()).then(|| api.base_path.clone()))
}

/// Serialises the document as pretty JSON with a final newline.
pub fn to_json_text(document: &OpenAPI) -> String {
    // The document contains only strings, maps with string keys and JSON
    // values, which serde_json always serialises.
    let mut text = serde_json::to_string_pretty(document).unwrap_or_default();
    text.push('\n');
    text
}

fn method_slot(item: &mut PathItem, method: HttpMethod) -> &mut Option<OpenApiOperation> {
    match method {
        HttpMethod::Get => &mut item.get,
        HttpMethod::Put => &mut item.put,
        HttpMethod::Post => &mut item.post,
        HttpMethod::Delete => &mut item.delete,
        HttpMethod::Options => &mut item.options,
        HttpMethod::Head => &mut item.head,
        HttpMethod::Patch => &mut item.patch,
    }
}

fn operation_object(api: &Api, operation: &Operation) -> OpenApiOperation {
    let mut extensions = IndexMap::new();
    extensions.insert(
        PATH_EXTENSION.to_owned(),
        Value::String(operation.source_path.clone()),
    );
    if let Some(source) = &operation.source_operation_id {
        extensions.insert(
            OPERATION_ID_EXTENSION.to_owned(),
            Value::String(source.clone()),
        );
    }

    OpenApiOperation {
        tags: operation.tags.clone(),
        summary: operation.summary.clone(),
        description: operation.description.clone(),
        operation_id: Some(operation.operation_id.clone()),
        parameters: operation
            .parameters
            .iter()
            .map(|parameter| ReferenceOr::Item(parameter_object(api, parameter)))
            .collect(),
        request_body: operation
            .body
            .as_ref()
            .map(|body| ReferenceOr::Item(request_body_object(api, body))),
        responses: responses_object(operation),
        deprecated: operation.deprecated,
        extensions,
        ..OpenApiOperation::default()
    }
}

fn parameter_object(api: &Api, parameter: &Parameter) -> OpenApiParameter {
    let is_array = matches!(parameter.schema, Schema::Array(_));
    let mut extensions = IndexMap::new();
    if is_array && parameter.collection_format == CollectionFormat::Tsv {
        extensions.insert(
            COLLECTION_FORMAT_EXTENSION.to_owned(),
            Value::String("tsv".to_owned()),
        );
    }
    let explode = match (parameter.location, is_array) {
        (ParameterLocation::Query, true) => {
            Some(parameter.collection_format == CollectionFormat::Multi)
        }
        _ => None,
    };
    let parameter_data = ParameterData {
        name: parameter.name.clone(),
        description: parameter.description.clone(),
        required: parameter.required,
        deprecated: None,
        format: ParameterSchemaOrContent::Schema(schema_ref(api, &parameter.schema)),
        example: None,
        examples: IndexMap::new(),
        explode,
        extensions,
    };
    match parameter.location {
        ParameterLocation::Path => OpenApiParameter::Path {
            parameter_data,
            style: PathStyle::Simple,
        },
        ParameterLocation::Query => OpenApiParameter::Query {
            parameter_data,
            allow_reserved: false,
            style: match (is_array, parameter.collection_format) {
                (true, CollectionFormat::Ssv) => QueryStyle::SpaceDelimited,
                (true, CollectionFormat::Pipes) => QueryStyle::PipeDelimited,
                _ => QueryStyle::Form,
            },
            allow_empty_value: None,
        },
        ParameterLocation::Header => OpenApiParameter::Header {
            parameter_data,
            style: openapiv3::HeaderStyle::Simple,
        },
    }
}

fn request_body_object(api: &Api, body: &RequestBody) -> OpenApiRequestBody {
    let mut object = ObjectType::default();
    for field in &body.fields {
        let mut schema = match schema_ref(api, &field.schema) {
            ReferenceOr::Item(schema) => schema,
            // A `$ref` cannot carry siblings in OpenAPI 3.0, so the field's
            // description and origin go on an `allOf` wrapper.
            reference @ ReferenceOr::Reference { .. } => OpenApiSchema {
                schema_data: SchemaData::default(),
                schema_kind: SchemaKind::AllOf {
                    all_of: vec![reference],
                },
            },
        };
        schema.schema_data.description = field.description.clone();
        schema.schema_data.extensions.insert(
            SOURCE_IN_EXTENSION.to_owned(),
            Value::String(field.source_location.clone()),
        );
        object
            .properties
            .insert(field.name.clone(), ReferenceOr::Item(Box::new(schema)));
        if field.required {
            object.required.push(field.name.clone());
        }
    }
    object.additional_properties = Some(AdditionalProperties::Any(true));

    let mut content = IndexMap::new();
    content.insert(
        body.encoding.media_type().to_owned(),
        MediaType {
            schema: Some(ReferenceOr::Item(schema_of_kind(SchemaKind::Type(
                Type::Object(object),
            )))),
            ..MediaType::default()
        },
    );
    OpenApiRequestBody {
        content,
        required: body.fields.iter().any(|field| field.required)
            || body.encoding == BodyEncoding::Multipart,
        ..OpenApiRequestBody::default()
    }
}

fn responses_object(operation: &Operation) -> Responses {
    let response = &operation.response;
    let mut content = IndexMap::new();
    match &response.kind {
        ResponseKind::Json => {
            let schema = match &operation.response_type {
                Some(response_type) => type_ref_schema(response_type),
                None => ReferenceOr::Item(schema_of_kind(SchemaKind::Any(Default::default()))),
            };
            content.insert(
                "application/json".to_owned(),
                MediaType {
                    schema: Some(schema),
                    ..MediaType::default()
                },
            );
        }
        ResponseKind::Binary { media_type } => {
            content.insert(
                media_type.clone(),
                MediaType {
                    schema: Some(ReferenceOr::Item(binary_schema())),
                    ..MediaType::default()
                },
            );
        }
    }
    let mut responses = Responses::default();
    responses.responses.insert(
        StatusCode::Code(200),
        ReferenceOr::Item(OpenApiResponse {
            description: response.description.clone().unwrap_or_default(),
            content,
            ..OpenApiResponse::default()
        }),
    );
    responses
}

fn schema_ref(api: &Api, schema: &Schema) -> ReferenceOr<OpenApiSchema> {
    match schema {
        Schema::Enum(name) if api.enum_def(name).is_some() => ReferenceOr::Reference {
            reference: format!("#/components/schemas/{name}"),
        },
        other => ReferenceOr::Item(inline_schema(api, other)),
    }
}

fn inline_schema(api: &Api, schema: &Schema) -> OpenApiSchema {
    let kind = match schema {
        Schema::String | Schema::Enum(_) => SchemaKind::Type(Type::String(StringType::default())),
        Schema::Integer => SchemaKind::Type(Type::Integer(Default::default())),
        Schema::Number => SchemaKind::Type(Type::Number(Default::default())),
        Schema::Boolean => SchemaKind::Type(Type::Boolean(Default::default())),
        Schema::File => return binary_schema(),
        Schema::Any => SchemaKind::Any(Default::default()),
        Schema::Array(items) => {
            let items = boxed(schema_ref(api, items));
            SchemaKind::Type(Type::Array(ArrayType {
                items: Some(items),
                min_items: None,
                max_items: None,
                unique_items: false,
            }))
        }
    };
    schema_of_kind(kind)
}

/// Builds the schema of an inferred response struct, with the example it
/// was inferred from. Fields are not `required`, because the portal may
/// leave any of them out, and unknown fields are allowed.
fn response_struct_schema(def: &StructDef) -> OpenApiSchema {
    let mut object = ObjectType::default();
    for field in &def.fields {
        object
            .properties
            .insert(field.name.clone(), boxed(type_ref_schema(&field.ty)));
    }
    object.additional_properties = Some(AdditionalProperties::Any(true));
    let mut schema = schema_of_kind(SchemaKind::Type(Type::Object(object)));
    schema.schema_data.example = Some(def.example.clone());
    schema
}

fn type_ref_schema(type_ref: &TypeRef) -> ReferenceOr<OpenApiSchema> {
    let kind = match type_ref {
        TypeRef::Named(name) => {
            return ReferenceOr::Reference {
                reference: format!("#/components/schemas/{name}"),
            };
        }
        TypeRef::Any => SchemaKind::Any(Default::default()),
        TypeRef::String => SchemaKind::Type(Type::String(StringType::default())),
        TypeRef::Integer => SchemaKind::Type(Type::Integer(Default::default())),
        TypeRef::Number => SchemaKind::Type(Type::Number(Default::default())),
        TypeRef::Boolean => SchemaKind::Type(Type::Boolean(Default::default())),
        TypeRef::List(items) => SchemaKind::Type(Type::Array(ArrayType {
            items: Some(boxed(type_ref_schema(items))),
            min_items: None,
            max_items: None,
            unique_items: false,
        })),
        TypeRef::Map(values) => SchemaKind::Type(Type::Object(ObjectType {
            additional_properties: Some(AdditionalProperties::Schema(Box::new(type_ref_schema(
                values,
            )))),
            ..ObjectType::default()
        })),
    };
    ReferenceOr::Item(schema_of_kind(kind))
}

fn boxed(schema: ReferenceOr<OpenApiSchema>) -> ReferenceOr<Box<OpenApiSchema>> {
    match schema {
        ReferenceOr::Item(schema) => ReferenceOr::Item(Box::new(schema)),
        ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference },
    }
}

fn binary_schema() -> OpenApiSchema {
    schema_of_kind(SchemaKind::Type(Type::String(StringType {
        format: VariantOrUnknownOrEmpty::Item(StringFormat::Binary),
        ..StringType::default()
    })))
}

fn enum_schema(def: &EnumDef) -> OpenApiSchema {
    schema_of_kind(SchemaKind::Type(Type::String(StringType {
        enumeration: def
            .variants
            .iter()
            .map(|variant| Some(variant.value.clone()))
            .collect(),
        ..StringType::default()
    })))
}

fn schema_of_kind(kind: SchemaKind) -> OpenApiSchema {
    OpenApiSchema {
        schema_data: SchemaData::default(),
        schema_kind: kind,
    }
}

fn security_scheme(scheme: &SecurityScheme) -> (String, OpenApiSecurityScheme) {
    match scheme {
        SecurityScheme::Basic { key } => (
            key.clone(),
            OpenApiSecurityScheme::HTTP {
                scheme: "basic".to_owned(),
                bearer_format: None,
                description: None,
                extensions: IndexMap::new(),
            },
        ),
        SecurityScheme::Bearer { key } => (
            key.clone(),
            OpenApiSecurityScheme::HTTP {
                scheme: "bearer".to_owned(),
                bearer_format: None,
                description: None,
                extensions: IndexMap::new(),
            },
        ),
        SecurityScheme::ApiKey {
            key,
            name,
            location,
        } => (
            key.clone(),
            OpenApiSecurityScheme::APIKey {
                location: match location {
                    ParameterLocation::Query => openapiv3::APIKeyLocation::Query,
                    _ => openapiv3::APIKeyLocation::Header,
                },
                name: name.clone(),
                description: None,
                extensions: IndexMap::new(),
            },
        ),
    }
}
