//! Normalisation: from a loaded document to the [`Api`] model.
//!
//! The format readers (`swagger2`, `openapi3`) turn a document into draft
//! operations whose parameters already sit where they travel. This module
//! then does what both formats share: unique operation ids, Rust method
//! names, deduplicated enums and struct names. Each lossy or repairing step
//! records a warning.

mod openapi3;
mod path;
mod swagger2;

pub use path::parse_template;

use std::collections::{BTreeMap, BTreeSet};

use crate::error::{Diagnostics, Pointer, Result, Warning};
use crate::infer::{ExampleInput, infer_types, repair_example};
use crate::load::{SpecDocument, SpecFormat};
use crate::model::{
    Api, BodyEncoding, BodyField, CollectionFormat, EnumDef, EnumVariant, ExampleStatus, FieldDef,
    HttpMethod, Operation, Parameter, ParameterLocation, PathTemplate, RequestBody, Response,
    ResponseKind, Schema, SecurityScheme, StructDef, Tag, TypeRef,
};
use crate::names::{self, Scope};

/// Methods of the runtime `Client` that generated methods must not shadow.
pub const RESERVED_METHOD_NAMES: &[&str] = &[
    "new",
    "with_http_client",
    "with_basic_auth",
    "with_bearer_token",
    "set_bearer_token",
    "clear_auth",
    "base_url",
    "http_client",
    "send_raw",
    "execute",
];

/// Type names the generated `types` module does not define. Generated code
/// names std and serde items by absolute paths, so these are reserved to
/// spare users a `types::Error` or `types::Option` next to the crate's own.
pub(crate) const RESERVED_TYPE_NAMES: &[&str] =
    &["Error", "Result", "Option", "Vec", "String", "Value", "Box"];

/// The result of normalising one document.
#[derive(Debug, Clone)]
pub struct Normalised {
    /// The normalised model.
    pub api: Api,
    /// Every lossy decision and repair, in the order they were taken.
    pub warnings: Vec<Warning>,
}

/// Normalises a loaded document into the API model.
pub fn normalise(document: &SpecDocument) -> Result<Normalised> {
    let mut diagnostics = Diagnostics::default();
    let draft = match document.format {
        SpecFormat::Swagger2 => swagger2::read(document, &mut diagnostics)?,
        SpecFormat::OpenApi30 => openapi3::read(document, &mut diagnostics)?,
    };
    let api = finish(draft, &mut diagnostics);
    Ok(Normalised {
        api,
        warnings: diagnostics.into_warnings(),
    })
}

/// An API whose operations are read but not yet named.
#[derive(Debug)]
pub(crate) struct DraftApi {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    pub host: Option<String>,
    pub base_path: String,
    pub schemes: Vec<String>,
    pub security: Vec<SecurityScheme>,
    pub tags: Vec<Tag>,
    pub operations: Vec<DraftOperation>,
}

#[derive(Debug)]
pub(crate) struct DraftOperation {
    pub pointer: Pointer,
    pub method: HttpMethod,
    pub source_path: String,
    pub template: PathTemplate,
    pub source_operation_id: Option<String>,
    pub tags: Vec<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub parameters: Vec<DraftParameter>,
    pub body: Option<DraftBody>,
    pub response: Response,
}

#[derive(Debug, Clone)]
pub(crate) struct DraftParameter {
    pub name: String,
    pub location: ParameterLocation,
    pub required: bool,
    pub description: Option<String>,
    pub schema: DraftSchema,
    pub collection_format: CollectionFormat,
}

#[derive(Debug, Clone)]
pub(crate) struct DraftBody {
    pub encoding: BodyEncoding,
    pub fields: Vec<DraftField>,
}

#[derive(Debug, Clone)]
pub(crate) struct DraftField {
    pub name: String,
    pub required: bool,
    pub description: Option<String>,
    pub schema: DraftSchema,
    pub source_location: String,
}

/// A parameter or field type before enums get their Rust names.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum DraftSchema {
    String,
    Integer,
    Number,
    Boolean,
    File,
    Any,
    StringEnum(Vec<String>),
    Array(Box<DraftSchema>),
}

fn finish(mut draft: DraftApi, diagnostics: &mut Diagnostics) -> Api {
    draft.operations = canonical_order(draft.operations, diagnostics);
    let operation_ids = assign_operation_ids(&draft.operations, diagnostics);
    let rust_names = assign_method_names(&draft.operations, &operation_ids, diagnostics);

    let mut enums = EnumRegistry::default();
    let mut type_scope = Scope::with_reserved(RESERVED_TYPE_NAMES.iter().copied());
    let mut operations = Vec::with_capacity(draft.operations.len());
    let mut pointers = Vec::with_capacity(draft.operations.len());

    for ((draft_operation, operation_id), rust_name) in draft
        .operations
        .into_iter()
        .zip(operation_ids)
        .zip(rust_names)
    {
        let pascal = names::camel_ident(names::unraw(&rust_name));
        let pointer = draft_operation.pointer.clone();

        let mut argument_scope = Scope::with_reserved(["self", "body", "query"]);
        let mut query_scope = Scope::with_reserved(["extra"]);
        let mut parameters = Vec::with_capacity(draft_operation.parameters.len());
        for parameter in draft_operation.parameters {
            let scope = match parameter.location {
                ParameterLocation::Query => &mut query_scope,
                ParameterLocation::Path | ParameterLocation::Header => &mut argument_scope,
            };
            let rust_name = claim_field(scope, &parameter.name, &pointer, diagnostics);
            let schema =
                enums.resolve(&parameter.schema, &parameter.name, &pascal, &mut type_scope);
            parameters.push(Parameter {
                name: parameter.name,
                rust_name,
                location: parameter.location,
                required: parameter.required,
                description: parameter.description,
                schema,
                collection_format: parameter.collection_format,
            });
        }

        let has_query = parameters
            .iter()
            .any(|parameter| parameter.location == ParameterLocation::Query);
        let query_rust_name = has_query.then(|| type_scope.claim_camel(&format!("{pascal}Query")));

        let body = draft_operation.body.map(|body| {
            let mut field_scope = Scope::with_reserved(["extra"]);
            let fields = body
                .fields
                .into_iter()
                .map(|field| BodyField {
                    rust_name: claim_field(&mut field_scope, &field.name, &pointer, diagnostics),
                    schema: enums.resolve(&field.schema, &field.name, &pascal, &mut type_scope),
                    name: field.name,
                    required: field.required,
                    description: field.description,
                    source_location: field.source_location,
                })
                .collect();
            RequestBody {
                encoding: body.encoding,
                rust_name: type_scope.claim_camel(&format!("{pascal}Request")),
                fields,
            }
        });

        let source_operation_id = match draft_operation.source_operation_id {
            Some(source) if source == operation_id => None,
            other => other,
        };
        operations.push(Operation {
            operation_id,
            source_operation_id,
            method: draft_operation.method,
            path: draft_operation.template,
            source_path: draft_operation.source_path,
            rust_name,
            tags: draft_operation.tags,
            summary: draft_operation.summary,
            description: draft_operation.description,
            deprecated: draft_operation.deprecated,
            parameters,
            query_rust_name,
            body,
            response: draft_operation.response,
            example_status: ExampleStatus::Missing,
            response_type: None,
        });
        pointers.push(pointer);
    }

    let response_types =
        infer_response_types(&mut operations, &pointers, &mut type_scope, diagnostics);

    Api {
        title: draft.title,
        version: draft.version,
        description: draft.description,
        host: draft.host,
        base_path: draft.base_path,
        schemes: draft.schemes,
        security: draft.security,
        tags: draft.tags,
        operations,
        enums: enums.into_defs(),
        response_types,
    }
}

/// Repairs and parses every JSON example response, infers the response
/// types from them and records the outcome on each operation.
fn infer_response_types(
    operations: &mut [Operation],
    pointers: &[Pointer],
    type_scope: &mut Scope,
    diagnostics: &mut Diagnostics,
) -> Vec<StructDef> {
    let mut parsed: Vec<(usize, serde_json::Value)> = Vec::new();
    for (index, operation) in operations.iter_mut().enumerate() {
        if operation.response.kind != ResponseKind::Json {
            continue;
        }
        let Some(example) = &operation.response.example else {
            continue;
        };
        match repair_example(example) {
            Ok(repaired) => {
                for repair in &repaired.repairs {
                    tracing::info!(operation = %operation.operation_id, "repaired the example response: {repair}");
                }
                operation.example_status = if repaired.repairs.is_empty() {
                    ExampleStatus::Parsed
                } else {
                    ExampleStatus::Repaired(repaired.repairs)
                };
                parsed.push((index, repaired.value));
            }
            Err(error) => {
                diagnostics.warn(
                    pointers[index].join("responses").join("200").join("description").as_str(),
                    format!(
                        "the example response of {} {} stays invalid JSON after repair ({}); `{}` returns serde_json::Value",
                        operation.method,
                        operation.source_path,
                        error.message,
                        names::unraw(&operation.rust_name)
                    ),
                );
                operation.example_status = ExampleStatus::Unparseable(error.message);
            }
        }
    }

    let method_names: Vec<String> = parsed
        .iter()
        .map(|(index, _)| names::unraw(&operations[*index].rust_name).to_owned())
        .collect();
    let inputs: Vec<ExampleInput<'_>> = parsed
        .iter()
        .zip(&method_names)
        .map(|((_, value), operation)| ExampleInput { operation, value })
        .collect();
    let mut inferred = infer_types(&inputs, type_scope);
    for ((index, _), root) in parsed.iter().zip(&inferred.roots) {
        operations[*index].response_type = root.clone();
    }
    add_info_fields(operations, &mut inferred.types);
    inferred.types
}

/// Adds an `info` field to each response struct that lacks one, because
/// HostBill may add `{"info": [...]}` messages to any successful response.
fn add_info_fields(operations: &[Operation], types: &mut [StructDef]) {
    let roots: BTreeSet<&str> = operations
        .iter()
        .filter_map(|operation| match &operation.response_type {
            Some(TypeRef::Named(name)) => Some(name.as_str()),
            _ => None,
        })
        .collect();
    for def in types
        .iter_mut()
        .filter(|def| roots.contains(def.rust_name.as_str()))
    {
        let taken = def
            .fields
            .iter()
            .any(|field| field.name == "info" || names::unraw(&field.rust_name) == "info");
        if !taken {
            def.fields.push(FieldDef {
                name: "info".to_owned(),
                rust_name: "info".to_owned(),
                ty: TypeRef::List(Box::new(TypeRef::String)),
                always_present: false,
            });
        }
    }
}

fn claim_field(
    scope: &mut Scope,
    wire_name: &str,
    pointer: &Pointer,
    diagnostics: &mut Diagnostics,
) -> String {
    let ident = names::snake_ident(wire_name);
    let claimed = scope.claim(&ident);
    if claimed != ident {
        diagnostics.warn(
            pointer.as_str(),
            format!("`{wire_name}` would be named `{ident}`, which is already taken in the same scope; named it `{claimed}`"),
        );
    }
    claimed
}

/// Orders operations the way an OpenAPI document lists them: by path
/// template in order of first appearance, then by method (get, put, post,
/// delete, options, head, patch). Reading back the normalised spec then
/// gives the same order. An operation whose template and method repeat an
/// earlier one (`/a/@id` and `/a/{id}`) is dropped with a warning, because
/// one OpenAPI path item cannot hold both.
fn canonical_order(
    operations: Vec<DraftOperation>,
    diagnostics: &mut Diagnostics,
) -> Vec<DraftOperation> {
    let mut first_seen: Vec<String> = Vec::new();
    let mut keyed: Vec<(usize, HttpMethod, DraftOperation)> = Vec::with_capacity(operations.len());
    for operation in operations {
        let template = operation.template.to_string();
        let position = match first_seen.iter().position(|seen| *seen == template) {
            Some(position) => position,
            None => {
                first_seen.push(template);
                first_seen.len() - 1
            }
        };
        if keyed.iter().any(|(other_position, method, _)| {
            *other_position == position && *method == operation.method
        }) {
            diagnostics.warn(
                operation.pointer.as_str(),
                format!(
                    "{} {} repeats the path template {} of another operation with the same method; it was skipped",
                    operation.method, operation.source_path, operation.template
                ),
            );
            continue;
        }
        keyed.push((position, operation.method, operation));
    }
    keyed.sort_by_key(|(position, method, _)| (*position, *method));
    keyed
        .into_iter()
        .map(|(_, _, operation)| operation)
        .collect()
}

/// Gives every operation a unique operation id. Explicit operationIds are
/// claimed first, so that an id derived for an operation without one
/// (`get_zone_records`, from the method and the literal path words) never
/// takes an explicit id. A repeated id gets `_2`, `_3`, ... in
/// path-then-method order.
fn assign_operation_ids(
    operations: &[DraftOperation],
    diagnostics: &mut Diagnostics,
) -> Vec<String> {
    let mut ids = vec![String::new(); operations.len()];
    let mut taken = Scope::default();
    let order = path_method_order(operations);
    let explicit = |operation: &DraftOperation| {
        operation
            .source_operation_id
            .as_ref()
            .filter(|id| !id.trim().is_empty())
            .cloned()
    };

    for &index in &order {
        let operation = &operations[index];
        if let Some(wanted) = explicit(operation) {
            ids[index] = claim_operation_id(&mut taken, wanted, operation, diagnostics);
        }
    }
    for &index in &order {
        let operation = &operations[index];
        if explicit(operation).is_some() {
            continue;
        }
        let derived = derived_operation_id(operation);
        diagnostics.warn(
            operation.pointer.as_str(),
            format!(
                "{} {} has no operationId; named it `{derived}` from its method and path",
                operation.method, operation.source_path
            ),
        );
        ids[index] = claim_operation_id(&mut taken, derived, operation, diagnostics);
    }
    ids
}

fn claim_operation_id(
    taken: &mut Scope,
    wanted: String,
    operation: &DraftOperation,
    diagnostics: &mut Diagnostics,
) -> String {
    if !taken.contains(&wanted) {
        return taken.claim(&wanted);
    }
    let unique = taken.claim(&wanted);
    diagnostics.warn(
        operation.pointer.as_str(),
        format!(
            "operationId `{wanted}` of {} {} is already used by another operation; renamed it `{unique}`",
            operation.method, operation.source_path
        ),
    );
    unique
}

fn derived_operation_id(operation: &DraftOperation) -> String {
    let mut words = vec![operation.method.as_key().to_owned()];
    words.extend(path::literal_words(&operation.template));
    words.join("_")
}

/// Gives every operation a unique snake_case method name that does not
/// clash with the runtime client's own methods.
fn assign_method_names(
    operations: &[DraftOperation],
    operation_ids: &[String],
    diagnostics: &mut Diagnostics,
) -> Vec<String> {
    let mut names = vec![String::new(); operations.len()];
    let mut scope = Scope::with_reserved(RESERVED_METHOD_NAMES.iter().copied());
    for index in path_method_order(operations) {
        let operation = &operations[index];
        let mut wanted = names::snake_ident(&operation_ids[index]);
        if RESERVED_METHOD_NAMES.contains(&names::unraw(&wanted)) {
            let renamed = format!("{}_operation", names::unraw(&wanted));
            diagnostics.warn(
                operation.pointer.as_str(),
                format!(
                    "method name `{wanted}` is a method of the client itself; named it `{renamed}`"
                ),
            );
            wanted = renamed;
        }
        let claimed = scope.claim(&wanted);
        if claimed != wanted {
            diagnostics.warn(
                operation.pointer.as_str(),
                format!(
                    "method name `{wanted}` of {} {} clashes with another operation; named it `{claimed}`",
                    operation.method, operation.source_path
                ),
            );
        }
        names[index] = claimed;
    }
    names
}

/// Returns operation indices sorted by source path, then method, so that
/// clash resolution does not depend on the order of keys in the file.
fn path_method_order(operations: &[DraftOperation]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..operations.len()).collect();
    order.sort_by(|&left, &right| {
        let left = &operations[left];
        let right = &operations[right];
        (&left.source_path, left.method).cmp(&(&right.source_path, right.method))
    });
    order
}

/// Deduplicates string enums by name and values and names their variants.
#[derive(Debug, Default)]
struct EnumRegistry {
    defs: Vec<EnumDef>,
    by_values: BTreeMap<(String, Vec<String>), String>,
}

impl EnumRegistry {
    fn resolve(
        &mut self,
        schema: &DraftSchema,
        field: &str,
        operation_pascal: &str,
        type_scope: &mut Scope,
    ) -> Schema {
        match schema {
            DraftSchema::String => Schema::String,
            DraftSchema::Integer => Schema::Integer,
            DraftSchema::Number => Schema::Number,
            DraftSchema::Boolean => Schema::Boolean,
            DraftSchema::File => Schema::File,
            DraftSchema::Any => Schema::Any,
            DraftSchema::Array(items) => Schema::Array(Box::new(self.resolve(
                items,
                field,
                operation_pascal,
                type_scope,
            ))),
            DraftSchema::StringEnum(values) => {
                Schema::Enum(self.enum_name(values, field, operation_pascal, type_scope))
            }
        }
    }

    fn enum_name(
        &mut self,
        values: &[String],
        field: &str,
        operation_pascal: &str,
        type_scope: &mut Scope,
    ) -> String {
        let base = names::camel_ident(field);
        let key = (base.clone(), values.to_vec());
        if let Some(existing) = self.by_values.get(&key) {
            return existing.clone();
        }
        let wanted = if type_scope.contains(&base) {
            format!("{operation_pascal}{base}")
        } else {
            base
        };
        let rust_name = type_scope.claim_camel(&wanted);
        let mut variant_scope = Scope::default();
        let variants = values
            .iter()
            .map(|value| EnumVariant {
                value: value.clone(),
                rust_name: variant_scope.claim_camel(&names::camel_ident(value)),
            })
            .collect();
        self.defs.push(EnumDef {
            rust_name: rust_name.clone(),
            variants,
        });
        self.by_values.insert(key, rust_name.clone());
        rust_name
    }

    fn into_defs(self) -> Vec<EnumDef> {
        self.defs
    }
}
