//! Tests on the example responses of the real HostBill specs.

use std::path::Path;

use super::*;
use crate::model::Api;

const MYIP: &str = "../spec/myip.swagger.json";
const TIME4VPS: &str = "../tests/fixtures/specs/time4vps.swagger.json";

fn load_api(relative: &str) -> Api {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    let document = crate::load::load_file(&path)
        .unwrap_or_else(|error| unreachable!("{relative} failed to load: {error}"));
    crate::normalise::normalise(&document)
        .unwrap_or_else(|error| unreachable!("{relative} failed to normalise: {error}"))
        .api
}

/// The repair outcome of every example in a spec, by Rust method name.
struct Examples {
    parsed: Vec<(String, Value)>,
    repaired: Vec<(String, Vec<String>)>,
    unparseable: Vec<(String, String)>,
}

fn examples(relative: &str) -> Examples {
    let api = load_api(relative);
    let mut examples = Examples {
        parsed: Vec::new(),
        repaired: Vec::new(),
        unparseable: Vec::new(),
    };
    for operation in &api.operations {
        let Some(text) = &operation.response.example else {
            continue;
        };
        let name = operation.rust_name.clone();
        match repair_example(text) {
            Ok(result) => {
                if !result.repairs.is_empty() {
                    println!("{relative}: {name} repaired: {}", result.repairs.join(", "));
                    examples.repaired.push((name.clone(), result.repairs));
                }
                examples.parsed.push((name, result.value));
            }
            Err(error) => {
                println!("{relative}: {name} unparseable: {}", error.message);
                examples.unparseable.push((name, error.message));
            }
        }
    }
    examples
}

fn infer(examples: &Examples, type_scope: &mut Scope) -> Inferred {
    let inputs: Vec<ExampleInput<'_>> = examples
        .parsed
        .iter()
        .map(|(operation, value)| ExampleInput { operation, value })
        .collect();
    infer_types(&inputs, type_scope)
}

fn find<'a>(inferred: &'a Inferred, rust_name: &str) -> &'a StructDef {
    inferred
        .types
        .iter()
        .find(|def| def.rust_name == rust_name)
        .unwrap_or_else(|| unreachable!("no struct named {rust_name}"))
}

fn field_type<'a>(def: &'a StructDef, wire_name: &str) -> &'a TypeRef {
    &def.fields
        .iter()
        .find(|field| field.name == wire_name)
        .unwrap_or_else(|| unreachable!("{} has no field {wire_name}", def.rust_name))
        .ty
}

fn named(name: &str) -> TypeRef {
    TypeRef::Named(name.to_owned())
}

fn operation_names(pairs: &[(String, Vec<String>)]) -> Vec<&str> {
    pairs.iter().map(|(name, _)| name.as_str()).collect()
}

#[test]
fn myip_example_counts() {
    let examples = examples(MYIP);
    let total = examples.parsed.len() + examples.unparseable.len();
    assert_eq!(total, 40);
    assert_eq!(examples.parsed.len() - examples.repaired.len(), 36);
    assert_eq!(
        operation_names(&examples.repaired),
        [
            "profile_privs",
            "get_balance",
            "paymethod_fee",
            "cart_order_quote"
        ]
    );
    assert!(examples.unparseable.is_empty());
}

#[test]
fn myip_repairs_listed() {
    let examples = examples(MYIP);
    let expected: [(&str, &[&str]); 4] = [
        (
            "profile_privs",
            &["removed 27 `//` comments", "removed 2 `(...)` elisions"],
        ),
        ("get_balance", &["removed the doubled outer braces"]),
        ("paymethod_fee", &["removed 2 trailing commas"]),
        (
            "cart_order_quote",
            &["removed 5 `(...)` elisions", "removed 3 trailing commas"],
        ),
    ];
    for ((name, repairs), (expected_name, expected_repairs)) in
        examples.repaired.iter().zip(expected)
    {
        assert_eq!(name, expected_name);
        assert_eq!(repairs, expected_repairs, "{name}");
    }
}

#[test]
fn time4vps_example_counts() {
    // The spec has 42 `json` fences, but the one of `/certificate/@id/crt`
    // is empty, so `extract_example` finds 41 examples.
    let examples = examples(TIME4VPS);
    let total = examples.parsed.len() + examples.unparseable.len();
    assert_eq!(total, 41);
    assert_eq!(examples.parsed.len() - examples.repaired.len(), 31);
    assert_eq!(
        operation_names(&examples.repaired),
        [
            "profile_privs",
            "get_balance",
            "paymethod_fee",
            "cart_products",
            "cart_product",
            "get_available_products",
            "dns_get_zone",
            "certificate_details",
            "certificate_products",
            "certificate_software",
        ]
    );
    assert!(examples.unparseable.is_empty());
}

#[test]
fn time4vps_repairs_of_new_defects() {
    let examples = examples(TIME4VPS);
    let repairs = |operation: &str| {
        examples
            .repaired
            .iter()
            .find(|(name, _)| name == operation)
            .map(|(_, repairs)| repairs.clone())
            .unwrap_or_default()
    };
    assert_eq!(
        repairs("cart_products"),
        [
            "escaped 4 raw control characters inside strings",
            "removed a `(...)` elision",
            "removed a trailing comma",
        ]
    );
    assert_eq!(
        repairs("get_available_products"),
        ["escaped a raw control character inside strings"]
    );
    assert_eq!(repairs("dns_get_zone"), ["inserted 2 missing commas"]);
}

#[test]
fn myip_type_names() {
    let inferred = infer(&examples(MYIP), &mut Scope::default());
    let names: Vec<&str> = inferred
        .types
        .iter()
        .map(|def| def.rust_name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "GetTokenResponse",
            "DropTokenResponse",
            "RefreshTokenResponse",
            "RevokeTokenResponse",
            "GetDetailsResponse",
            "Client",
            "PostDetailsResponse",
            "ProfilesResponse",
            "Contact",
            "ProfilesAddResponse",
            "ProfilePrivsResponse",
            "Privileges",
            "ProfileDataResponse",
            "ProfileEditResponse",
            "GetBalanceResponse",
            "GetBalanceDetails",
            "GetInvoicesResponse",
            "Invoice",
            "GetInvoiceDetailsResponse",
            "InvoiceItem",
            "ApplyCreditResponse",
            "PaymethodResponse",
            "PaymethodFeeResponse",
            "Payment",
            "GetTicketsResponse",
            "Ticket",
            "CreateTicketResponse",
            "GetTicketDetailsResponse",
            "Reply",
            "CreateTicketReplyResponse",
            "ReopenTicketResponse",
            "CloseTicketResponse",
            "ServiceResponse",
            "Service",
            "ServiceDetailsResponse",
            "ServiceMethodsResponse",
            "Method",
            "UpgradeResponse",
            "Resource",
            "ResourceItem",
            "ServiceCancelResponse",
            "ServiceGetLabelResponse",
            "ServiceSetLabelResponse",
            "CartOrderQuoteResponse",
            "CartOrderQuoteSummary",
            "Recurring",
            "Tax",
            "CartOrderQuoteItem",
            "Product",
            "Domain",
            "CartCategoriesResponse",
            "Category",
            "CartOrderResponse",
            "CartOrderItems",
            "DnsGetResponse",
            "Zone",
            "DnsListZonesResponse",
            "DnsAddZoneResponse",
            "DnsGetZoneResponse",
            "Record",
            "DnsDeleteZoneResponse",
            "DnsAddRecordResponse",
            "DnsAddRecordRecord",
            "DnsEditRecordResponse",
        ]
    );
}

#[test]
fn myip_invoice_types() {
    let examples = examples(MYIP);
    let inferred = infer(&examples, &mut Scope::default());
    let index = examples
        .parsed
        .iter()
        .position(|(name, _)| name == "get_invoice_details")
        .unwrap_or_else(|| unreachable!("get_invoice_details has an example"));
    assert_eq!(
        inferred.roots[index],
        Some(named("GetInvoiceDetailsResponse"))
    );
    let response = find(&inferred, "GetInvoiceDetailsResponse");
    assert_eq!(field_type(response, "invoice"), &named("Invoice"));

    let invoice = find(&inferred, "Invoice");
    assert_eq!(
        field_type(invoice, "items"),
        &TypeRef::List(Box::new(named("InvoiceItem")))
    );
    assert_eq!(field_type(invoice, "client"), &named("Client"));
    assert_eq!(field_type(invoice, "total"), &TypeRef::Number);
    assert_eq!(field_type(invoice, "merge_id"), &TypeRef::Any);
    assert_eq!(invoice.used_by, ["get_invoices", "get_invoice_details"]);

    let item = find(&inferred, "InvoiceItem");
    assert_eq!(field_type(item, "id"), &TypeRef::Integer);
    assert_eq!(field_type(item, "item_id"), &TypeRef::Integer);
    assert_eq!(field_type(item, "qty"), &TypeRef::Number);
    assert_eq!(field_type(item, "description"), &TypeRef::String);
    let type_field = item.fields.iter().find(|field| field.name == "type");
    assert_eq!(
        type_field.map(|field| field.rust_name.as_str()),
        Some("r#type")
    );
}

#[test]
fn myip_invoice_summary_fields_optional() {
    let inferred = infer(&examples(MYIP), &mut Scope::default());
    let invoice = find(&inferred, "Invoice");
    let presence = |wire_name: &str| {
        invoice
            .fields
            .iter()
            .find(|field| field.name == wire_name)
            .map(|field| field.always_present)
    };
    assert_eq!(presence("id"), Some(true));
    assert_eq!(presence("currency"), Some(true));
    assert_eq!(presence("dateorig"), Some(false));
    assert_eq!(presence("items"), Some(false));
}

#[test]
fn myip_client_record_shared() {
    let inferred = infer(&examples(MYIP), &mut Scope::default());
    for response in ["GetDetailsResponse", "PostDetailsResponse"] {
        assert_eq!(
            field_type(find(&inferred, response), "client"),
            &named("Client"),
            "{response}"
        );
    }
    let client = find(&inferred, "Client");
    assert_eq!(
        client.used_by,
        ["get_details", "post_details", "get_invoice_details"]
    );
    let lastlogin = client.fields.iter().find(|field| field.name == "lastlogin");
    assert_eq!(lastlogin.map(|field| field.always_present), Some(false));
    assert_eq!(field_type(client, "postcode"), &TypeRef::String);
    assert_eq!(field_type(client, "phonenumber"), &TypeRef::String);
    assert_eq!(field_type(client, "address2"), &TypeRef::String);
    assert_eq!(field_type(client, "id"), &TypeRef::Integer);
    // The sample with the most fields documents the struct.
    assert_eq!(client.example["lastlogin"], "2016-12-30 12:24:28");
}

#[test]
fn myip_id_keyed_maps() {
    let inferred = infer(&examples(MYIP), &mut Scope::default());
    assert_eq!(
        field_type(find(&inferred, "PaymethodResponse"), "payments"),
        &TypeRef::Map(Box::new(TypeRef::String))
    );
    let privileges = find(&inferred, "Privileges");
    for key in ["services", "domains"] {
        assert_eq!(
            field_type(privileges, key),
            &TypeRef::Map(Box::new(TypeRef::Any)),
            "{key}"
        );
    }
    assert_eq!(
        field_type(find(&inferred, "CartOrderQuoteItem"), "domains"),
        &TypeRef::Map(Box::new(named("Domain")))
    );
}

#[test]
fn time4vps_shared_and_array_roots() {
    let examples = examples(TIME4VPS);
    let inferred = infer(&examples, &mut Scope::default());
    let root = |operation: &str| {
        examples
            .parsed
            .iter()
            .position(|(name, _)| name == operation)
            .and_then(|index| inferred.roots[index].clone())
    };
    assert_eq!(
        root("get_os_list"),
        Some(TypeRef::List(Box::new(named("GetOsListItem"))))
    );
    assert_eq!(
        root("get_sessions"),
        Some(TypeRef::List(Box::new(named("GetSessionsItem"))))
    );
    assert_eq!(
        find(&inferred, "Service").used_by,
        ["service", "service_details", "certificate_details"]
    );
    let record = find(&inferred, "Record");
    assert_eq!(field_type(record, "content"), &TypeRef::String);
    assert_eq!(field_type(record, "type"), &TypeRef::String);
}

#[test]
fn real_type_scope_keeps_names_apart() {
    let api = load_api(MYIP);
    let mut scope = Scope::with_reserved(crate::normalise::RESERVED_TYPE_NAMES.iter().copied());
    let mut names_taken = Vec::new();
    for def in &api.enums {
        names_taken.push(scope.claim_camel(&def.rust_name));
    }
    for operation in &api.operations {
        if let Some(query) = &operation.query_rust_name {
            names_taken.push(scope.claim_camel(query));
        }
        if let Some(body) = &operation.body {
            names_taken.push(scope.claim_camel(&body.rust_name));
        }
    }
    let inferred = infer(&examples(MYIP), &mut scope);
    assert_eq!(
        field_type(find(&inferred, "GetDetailsResponse"), "client"),
        &named("Client")
    );
    for def in &inferred.types {
        assert!(
            !names_taken.contains(&def.rust_name),
            "{} is already taken",
            def.rust_name
        );
    }
}

#[test]
fn inference_is_deterministic() {
    for relative in [MYIP, TIME4VPS] {
        let examples = examples(relative);
        let first = infer(&examples, &mut Scope::default());
        let second = infer(&examples, &mut Scope::default());
        assert_eq!(first, second, "{relative}");
    }
}
