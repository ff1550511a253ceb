//! Type information for the response variations that the contract tests
//! serve: the JSON pointer patterns of the integer, number, object, struct,
//! list and map fields of a typed response, and the integer field that the
//! decode failure test fills with text.
//!
//! The variations themselves are pure functions in the hand-written
//! `tests/support/mod.rs`. They see only JSON, so the patterns tell them
//! which values the inferred types read as numbers, `LooseObject`s,
//! `LooseList`s or `LooseMap`s.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use crate::model::{Api, TypeRef};

/// JSON pointer patterns of one response's typed fields, as in
/// `support::ResponseFields`: a JSON pointer in which the segment `*` is any
/// array index or object key, and `""` is the whole body.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct FieldPatterns {
    /// `Loose<i64>` values.
    pub(super) integers: Vec<String>,
    /// `Loose<f64>` values.
    pub(super) numbers: Vec<String>,
    /// Struct fields, which are `LooseObject<T>`.
    pub(super) objects: Vec<String>,
    /// Every struct: the object fields, and a body, list item or map value
    /// of a struct type.
    pub(super) structs: Vec<String>,
    /// `LooseList<T>` values.
    pub(super) lists: Vec<String>,
    /// `LooseMap<T>` values.
    pub(super) maps: Vec<String>,
}

impl FieldPatterns {
    /// Collects the patterns of a response of type `root`.
    pub(super) fn of_response(api: &Api, root: &TypeRef) -> FieldPatterns {
        let mut patterns = FieldPatterns::default();
        patterns.add(api, root, "", Position::Value, &mut Vec::new());
        patterns
    }

    /// Adds the patterns of a value of type `ty` at `pattern`. `open` lists
    /// the structs that contain this value, so that a struct that contains
    /// itself is expanded only once.
    fn add<'a>(
        &mut self,
        api: &'a Api,
        ty: &TypeRef,
        pattern: &str,
        position: Position,
        open: &mut Vec<&'a str>,
    ) {
        match ty {
            TypeRef::Any | TypeRef::String | TypeRef::Boolean => {}
            TypeRef::Integer => self.integers.push(pattern.to_owned()),
            TypeRef::Number => self.numbers.push(pattern.to_owned()),
            TypeRef::List(items) => {
                self.lists.push(pattern.to_owned());
                self.add(api, items, &format!("{pattern}/*"), Position::Value, open);
            }
            TypeRef::Map(values) => {
                self.maps.push(pattern.to_owned());
                self.add(api, values, &format!("{pattern}/*"), Position::Value, open);
            }
            TypeRef::Named(name) => {
                if position == Position::Field {
                    self.objects.push(pattern.to_owned());
                }
                self.structs.push(pattern.to_owned());
                let Some(def) = api.response_types.iter().find(|def| def.rust_name == *name) else {
                    return;
                };
                if open.contains(&def.rust_name.as_str()) {
                    return;
                }
                open.push(&def.rust_name);
                for field in &def.fields {
                    let field_pattern = format!("{pattern}/{}", escape_segment(&field.name));
                    self.add(api, &field.ty, &field_pattern, Position::Field, open);
                }
                open.pop();
            }
        }
    }

    /// Returns the `support::ResponseFields` expression of these patterns.
    pub(super) fn tokens(&self) -> TokenStream {
        let FieldPatterns {
            integers,
            numbers,
            objects,
            structs,
            lists,
            maps,
        } = self;
        quote! {
            support::ResponseFields {
                integers: &[#(#integers),*],
                numbers: &[#(#numbers),*],
                objects: &[#(#objects),*],
                structs: &[#(#structs),*],
                lists: &[#(#lists),*],
                maps: &[#(#maps),*],
            }
        }
    }
}

/// Where a value sits, which decides whether a struct there is a
/// `LooseObject`: the generated struct fields wrap structs in `LooseObject`,
/// while bodies, list items and map values are plain structs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Position {
    Field,
    Value,
}

/// Escapes a member name as a JSON pointer segment (RFC 6901).
fn escape_segment(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// One value of an example that an integer pattern matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct IntegerField {
    /// JSON pointer of the value in the example, without wildcards.
    pub(super) pointer: String,
    /// The same location as `serde_path_to_error` writes it, such as
    /// `invoice.items[0].id`.
    pub(super) path: String,
}

/// Finds the first value of `example` that an integer pattern matches,
/// taking the first item or member for each `*`.
pub(super) fn first_integer_field(
    example: &Value,
    patterns: &FieldPatterns,
) -> Option<IntegerField> {
    patterns
        .integers
        .iter()
        .find_map(|pattern| resolve(example, pattern))
}

/// Follows `pattern` through `example`.
fn resolve(example: &Value, pattern: &str) -> Option<IntegerField> {
    let mut value = example;
    let mut pointer = String::new();
    let mut path = String::new();
    for segment in pattern.split('/').skip(1) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        match value {
            Value::Array(items) => {
                let index = if segment == "*" {
                    0
                } else {
                    segment.parse().ok()?
                };
                value = items.get(index)?;
                pointer.push_str(&format!("/{index}"));
                path.push_str(&format!("[{index}]"));
            }
            Value::Object(members) => {
                let (name, member) = if segment == "*" {
                    members.iter().next()?
                } else {
                    members.get_key_value(&segment)?
                };
                value = member;
                pointer.push('/');
                pointer.push_str(&escape_segment(name));
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(name);
            }
            _ => return None,
        }
    }
    if path.is_empty() {
        path.push('.');
    }
    Some(IntegerField { pointer, path })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::model::{FieldDef, StructDef};

    fn field(name: &str, ty: TypeRef) -> FieldDef {
        FieldDef {
            name: name.to_owned(),
            rust_name: name.replace('/', "_"),
            ty,
            always_present: true,
        }
    }

    fn struct_def(rust_name: &str, fields: Vec<FieldDef>) -> StructDef {
        StructDef {
            rust_name: rust_name.to_owned(),
            fields,
            example: Value::Null,
            used_by: Vec::new(),
        }
    }

    fn api_with(types: Vec<StructDef>) -> Api {
        Api {
            title: String::new(),
            version: String::new(),
            description: None,
            host: None,
            base_path: String::new(),
            schemes: Vec::new(),
            security: Vec::new(),
            tags: Vec::new(),
            operations: Vec::new(),
            enums: Vec::new(),
            response_types: types,
        }
    }

    fn named(name: &str) -> TypeRef {
        TypeRef::Named(name.to_owned())
    }

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|item| (*item).to_owned()).collect()
    }

    #[test]
    fn patterns_of_nested_response() {
        let api = api_with(vec![
            struct_def(
                "Response",
                vec![
                    field("invoice", named("Invoice")),
                    field("gateways", TypeRef::Map(Box::new(TypeRef::String))),
                    field("a/b~c", TypeRef::Integer),
                ],
            ),
            struct_def(
                "Invoice",
                vec![
                    field("id", TypeRef::Integer),
                    field("total", TypeRef::Number),
                    field("paid", TypeRef::Boolean),
                    field("items", TypeRef::List(Box::new(named("Item")))),
                ],
            ),
            struct_def("Item", vec![field("id", TypeRef::Integer)]),
        ]);
        let patterns = FieldPatterns::of_response(&api, &named("Response"));
        let expected = FieldPatterns {
            integers: strings(&["/invoice/id", "/invoice/items/*/id", "/a~1b~0c"]),
            numbers: strings(&["/invoice/total"]),
            objects: strings(&["/invoice"]),
            structs: strings(&["", "/invoice", "/invoice/items/*"]),
            lists: strings(&["/invoice/items"]),
            maps: strings(&["/gateways"]),
        };
        assert_eq!(patterns, expected);
    }

    #[test]
    fn patterns_of_list_of_maps() {
        let api = api_with(vec![struct_def("Item", vec![field("n", TypeRef::Number)])]);
        let root = TypeRef::List(Box::new(TypeRef::Map(Box::new(named("Item")))));
        let patterns = FieldPatterns::of_response(&api, &root);
        assert_eq!(patterns.lists, strings(&[""]));
        assert_eq!(patterns.maps, strings(&["/*"]));
        assert_eq!(patterns.structs, strings(&["/*/*"]));
        assert!(patterns.objects.is_empty(), "map values are plain structs");
        assert_eq!(patterns.numbers, strings(&["/*/*/n"]));
    }

    #[test]
    fn struct_containing_itself_expanded_once() {
        let api = api_with(vec![struct_def(
            "Node",
            vec![
                field("id", TypeRef::Integer),
                field("parent", named("Node")),
            ],
        )]);
        let patterns = FieldPatterns::of_response(&api, &named("Node"));
        assert_eq!(patterns.integers, strings(&["/id"]));
        assert_eq!(patterns.objects, strings(&["/parent"]));
        assert_eq!(patterns.structs, strings(&["", "/parent"]));
    }

    #[test]
    fn myip_invoice_patterns() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/myip.swagger.json");
        let document = crate::load::load_file(&path).expect("the MyIP spec loads");
        let api = crate::normalise::normalise(&document)
            .expect("the MyIP spec normalises")
            .api;
        let operation = api
            .operations
            .iter()
            .find(|operation| operation.operation_id == "getInvoiceDetails")
            .expect("the MyIP spec has getInvoiceDetails");
        let root = operation.response_type.as_ref().expect("a typed response");
        let patterns = FieldPatterns::of_response(&api, root);
        assert_eq!(patterns.objects, strings(&["/invoice", "/invoice/client"]));
        assert_eq!(
            patterns.structs,
            strings(&["", "/invoice", "/invoice/items/*", "/invoice/client"])
        );
        assert_eq!(patterns.lists, strings(&["/invoice/items", "/info"]));
        assert!(patterns.maps.is_empty());
        assert!(
            patterns
                .integers
                .contains(&"/invoice/items/*/id".to_owned())
        );
        assert!(patterns.numbers.contains(&"/invoice/total".to_owned()));

        let example = crate::infer::repair_example(
            operation.response.example.as_deref().expect("an example"),
        )
        .expect("the example parses")
        .value;
        let field = first_integer_field(&example, &patterns);
        assert_eq!(
            field,
            Some(IntegerField {
                pointer: "/invoice/id".to_owned(),
                path: "invoice.id".to_owned(),
            })
        );
    }

    #[test]
    fn integer_field_resolved_in_example() {
        let patterns = FieldPatterns {
            integers: strings(&["/missing", "/invoices/*/items/*/id"]),
            ..FieldPatterns::default()
        };
        let example = json!({"invoices": {"1693": {"items": [{"id": "5"}]}}});
        let field = first_integer_field(&example, &patterns);
        assert_eq!(
            field,
            Some(IntegerField {
                pointer: "/invoices/1693/items/0/id".to_owned(),
                path: "invoices.1693.items[0].id".to_owned(),
            })
        );
    }

    #[test]
    fn integer_field_paths_of_root_and_escaped_names() {
        let root = FieldPatterns {
            integers: strings(&[""]),
            ..FieldPatterns::default()
        };
        let field = first_integer_field(&json!(5), &root).map(|field| field.path);
        assert_eq!(field.as_deref(), Some("."));

        let escaped = FieldPatterns {
            integers: strings(&["/*/a~1b"]),
            ..FieldPatterns::default()
        };
        let field = first_integer_field(&json!([{"a/b": 1}]), &escaped);
        assert_eq!(
            field,
            Some(IntegerField {
                pointer: "/0/a~1b".to_owned(),
                path: "[0].a/b".to_owned(),
            })
        );
    }
}
