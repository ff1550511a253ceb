//! Tests of [`infer_types`] on small, made-up examples.

use std::time::{Duration, Instant};

use serde_json::json;

use super::*;

fn infer_one(operation: &str, value: &Value) -> Inferred {
    infer_types(&[ExampleInput { operation, value }], &mut Scope::default())
}

fn find<'a>(inferred: &'a Inferred, rust_name: &str) -> &'a StructDef {
    inferred
        .types
        .iter()
        .find(|def| def.rust_name == rust_name)
        .unwrap_or_else(|| unreachable!("no struct named {rust_name} in {inferred:#?}"))
}

fn named(name: &str) -> TypeRef {
    TypeRef::Named(name.to_owned())
}

#[test]
fn odd_keys_give_valid_field_names() {
    let value = json!({
        "2fa": 1, "type": 2, "self": 3, "": 4, "a-b": 5, "이름": 6, "extra": 7, "Type": 8
    });
    let inferred = infer_one("get_x", &value);
    let response = find(&inferred, "GetXResponse");
    let rust_names: Vec<&str> = response
        .fields
        .iter()
        .map(|field| field.rust_name.as_str())
        .collect();
    assert_eq!(
        rust_names,
        [
            "_2fa", "r#type", "self_", "value", "a_b", "value_2", "extra_2", "type_2"
        ]
    );
    let wire_names: Vec<&str> = response
        .fields
        .iter()
        .map(|field| field.name.as_str())
        .collect();
    assert_eq!(
        wire_names,
        ["2fa", "type", "self", "", "a-b", "이름", "extra", "Type"]
    );
}

#[test]
fn odd_keys_give_valid_type_names() {
    let value = json!({"2fa": {"on": true}, "self": {"id": 1}, "이름": {"a": "b"}});
    let inferred = infer_one("get_x", &value);
    let names: Vec<&str> = inferred
        .types
        .iter()
        .map(|def| def.rust_name.as_str())
        .collect();
    assert_eq!(names, ["GetXResponse", "V2fa", "SelfValue", "GetXValue"]);
}

#[test]
fn samples_of_one_operation_merge() {
    let first = json!({"id": 1, "name": "a"});
    let second = json!({"id": 2.5, "note": null});
    let inputs = [
        ExampleInput {
            operation: "get_x",
            value: &first,
        },
        ExampleInput {
            operation: "get_x",
            value: &second,
        },
    ];
    let inferred = infer_types(&inputs, &mut Scope::default());
    assert_eq!(
        inferred.roots,
        [Some(named("GetXResponse")), Some(named("GetXResponse"))]
    );
    assert_eq!(inferred.types.len(), 1);
    let fields = &inferred.types[0].fields;
    assert_eq!(fields[0].ty, TypeRef::Number);
    assert!(fields[0].always_present);
    assert!(!fields[1].always_present);
    assert_eq!(fields[2].ty, TypeRef::Any);
    assert!(!fields[2].always_present);
}

#[test]
fn different_shapes_with_one_name_get_qualified() {
    let first = json!({"owner": {"id": 1, "name": "a"}});
    let second = json!({"owner": {"login": "b", "groups": ["x"]}});
    let third = json!({"box": {"owner": {"email": "c", "age": 3}}});
    let inputs = [
        ExampleInput {
            operation: "get_a",
            value: &first,
        },
        ExampleInput {
            operation: "get_b",
            value: &second,
        },
        ExampleInput {
            operation: "get_c",
            value: &third,
        },
    ];
    let inferred = infer_types(&inputs, &mut Scope::default());
    assert_eq!(find(&inferred, "GetAResponse").fields[0].ty, named("Owner"));
    assert_eq!(
        find(&inferred, "GetBResponse").fields[0].ty,
        named("GetBOwner")
    );
    assert_eq!(find(&inferred, "Box").fields[0].ty, named("BoxOwner"));
}

#[test]
fn taken_qualified_name_gets_number() {
    let first = json!({"owner": {"id": 1}});
    let second = json!({"owner": {"login": "b"}});
    let inputs = [
        ExampleInput {
            operation: "get_a",
            value: &first,
        },
        ExampleInput {
            operation: "get_b",
            value: &second,
        },
    ];
    let mut scope = Scope::with_reserved(["GetBOwner"]);
    let inferred = infer_types(&inputs, &mut scope);
    assert_eq!(
        find(&inferred, "GetBResponse").fields[0].ty,
        named("GetBOwner2")
    );
}

#[test]
fn scope_names_are_not_reused() {
    let value = json!({"invoice": {"id": 1}, "type": {"a": 1}});
    let mut scope = Scope::with_reserved(["Invoice", "GetXResponse"]);
    let inferred = infer_types(
        &[ExampleInput {
            operation: "get_x",
            value: &value,
        }],
        &mut scope,
    );
    assert_eq!(inferred.roots, [Some(named("GetXResponse2"))]);
    let response = find(&inferred, "GetXResponse2");
    assert_eq!(response.fields[0].ty, named("GetXInvoice"));
    assert_eq!(response.fields[1].ty, named("GetXType"));
    assert!(scope.contains("GetXInvoice"));
}

#[test]
fn subset_shapes_share_a_struct() {
    let full = json!({"client": {"id": "1", "email": "a", "ip": "1.2.3.4"}});
    let part = json!({"invoice": {"client": {"id": "2", "email": "b"}}});
    let inputs = [
        ExampleInput {
            operation: "get_details",
            value: &full,
        },
        ExampleInput {
            operation: "get_invoice",
            value: &part,
        },
    ];
    let inferred = infer_types(&inputs, &mut Scope::default());
    let client = find(&inferred, "Client");
    assert_eq!(client.used_by, ["get_details", "get_invoice"]);
    assert_eq!(find(&inferred, "Invoice").fields[0].ty, named("Client"));
    assert!(client.fields[0].always_present);
    assert!(!client.fields[2].always_present);
}

#[test]
fn small_overlap_keeps_structs_apart() {
    let first = json!({"product": {"id": 1, "name": "a", "price": 2.5}});
    let second = json!({"product": {"id": 2, "stock": true, "qty": "3"}});
    let inputs = [
        ExampleInput {
            operation: "get_a",
            value: &first,
        },
        ExampleInput {
            operation: "get_b",
            value: &second,
        },
    ];
    let inferred = infer_types(&inputs, &mut Scope::default());
    assert_eq!(find(&inferred, "Product").used_by, ["get_a"]);
    assert_eq!(find(&inferred, "GetBProduct").used_by, ["get_b"]);
}

#[test]
fn conflicting_field_keeps_structs_apart() {
    let first = json!({"record": {"id": "1", "content": "1.2.3.4"}});
    let second = json!({"record": {"id": "2", "content": [10, "x"]}});
    let inputs = [
        ExampleInput {
            operation: "get_a",
            value: &first,
        },
        ExampleInput {
            operation: "get_b",
            value: &second,
        },
    ];
    let inferred = infer_types(&inputs, &mut Scope::default());
    assert_eq!(find(&inferred, "Record").fields[1].ty, TypeRef::String);
    assert_eq!(
        find(&inferred, "GetBRecord").fields[1].ty,
        TypeRef::List(Box::new(TypeRef::Any))
    );
}

#[test]
fn array_items_named_by_singular_key() {
    let value = json!({
        "categories": [{"id": "10"}],
        "invoice": {"items": [{"id": "1"}]},
        "details": {"a": 1},
        "statuses": [{"code": 1}]
    });
    let inferred = infer_one("get_x", &value);
    let response = find(&inferred, "GetXResponse");
    let types: Vec<&TypeRef> = response.fields.iter().map(|field| &field.ty).collect();
    assert_eq!(
        types,
        [
            &TypeRef::List(Box::new(named("Category"))),
            &named("Invoice"),
            &named("GetXDetails"),
            &TypeRef::List(Box::new(named("GetXStatus"))),
        ]
    );
    assert_eq!(
        find(&inferred, "Invoice").fields[0].ty,
        TypeRef::List(Box::new(named("InvoiceItem")))
    );
}

#[test]
fn empty_examples_give_no_root() {
    for value in [json!(null), json!([]), json!({}), json!([[], {}])] {
        let inferred = infer_one("get_x", &value);
        let expected = match value {
            Value::Array(ref items) if !items.is_empty() => {
                Some(TypeRef::List(Box::new(TypeRef::Any)))
            }
            _ => None,
        };
        assert_eq!(inferred.roots, [expected], "{value}");
        assert!(inferred.types.is_empty(), "{value}");
    }
}

#[test]
fn disagreeing_samples_give_no_root() {
    let object = json!({"a": 1});
    let list = json!([1]);
    let inputs = [
        ExampleInput {
            operation: "get_x",
            value: &object,
        },
        ExampleInput {
            operation: "get_x",
            value: &list,
        },
    ];
    let inferred = infer_types(&inputs, &mut Scope::default());
    assert_eq!(inferred.roots, [None, None]);
}

#[test]
fn scalar_and_array_roots() {
    assert_eq!(
        infer_one("get_x", &json!("text")).roots,
        [Some(TypeRef::String)]
    );
    assert_eq!(
        infer_one("get_x", &json!([1, "2.5"])).roots,
        [Some(TypeRef::List(Box::new(TypeRef::Number)))]
    );
    let inferred = infer_one(
        "get_os_list",
        &json!([{"os": "centos-7", "title": "Centos 7"}]),
    );
    assert_eq!(
        inferred.roots,
        [Some(TypeRef::List(Box::new(named("GetOsListItem"))))]
    );
}

#[test]
fn id_keyed_root_is_map() {
    let value = json!({"1": {"name": "a"}, "2": {"name": "b", "extra": true}});
    let inferred = infer_one("get_x", &value);
    assert_eq!(
        inferred.roots,
        [Some(TypeRef::Map(Box::new(named("GetXItem"))))]
    );
    let item = find(&inferred, "GetXItem");
    assert_eq!(item.fields[1].rust_name, "extra_2");
    assert!(!item.fields[1].always_present);
}

#[test]
fn mixed_scalars_become_any() {
    let value = json!({"rows": [{"a": "x"}, {"a": 5}], "b": [true, "1"]});
    let inferred = infer_one("get_x", &value);
    let response = find(&inferred, "GetXResponse");
    assert_eq!(response.fields[1].ty, TypeRef::List(Box::new(TypeRef::Any)));
    let row = find(&inferred, "GetXRow");
    assert_eq!(row.fields[0].ty, TypeRef::Any);
}

#[test]
fn deep_nesting_is_bounded() {
    let mut value = json!({"leaf": 1});
    for _ in 0..200 {
        value = json!({"child": value});
    }
    let inferred = infer_one("get_x", &value);
    assert!(inferred.types.len() <= 66, "{} types", inferred.types.len());
    let deepest = inferred
        .types
        .iter()
        .filter(|def| def.fields.iter().any(|field| field.ty == TypeRef::Any))
        .count();
    assert_eq!(deepest, 1);
}

#[test]
fn large_example_is_fast() {
    let items: Vec<Value> = (0..20_000)
        .map(|index| json!({"id": index.to_string(), "name": "x", "tags": [{"k": index}]}))
        .collect();
    let value = json!({ "items": items });
    let started = Instant::now();
    let inferred = infer_one("get_x", &value);
    assert_eq!(inferred.types.len(), 3);
    // NOTE: a generous bound for unoptimised test builds.
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn same_input_gives_same_output() {
    let value = json!({"b": {"z": 1, "a": [{"y": "1"}]}, "a": {"1": "x"}});
    let first = infer_one("get_x", &value);
    let second = infer_one("get_x", &value);
    assert_eq!(first, second);
    let names: Vec<&str> = first.types[0]
        .fields
        .iter()
        .map(|field| field.name.as_str())
        .collect();
    assert_eq!(names, ["b", "a"]);
}
