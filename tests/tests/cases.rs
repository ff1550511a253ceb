//! One test per case in `tests/fixtures/cases/`: the expected behaviour that
//! `tests/fixtures/cases/README.md` lists, checked on the generated text and
//! the warnings. `tests/tests/corpus.rs` compiles the same crates and runs
//! `tests/fixtures/cases/checks.rs` against them.

// Helpers outside `#[test]` functions fail a test by panicking, too.
#![allow(clippy::panic)]

use std::path::Path;

use hostbill_codegen::{CrateSettings, Generation, generate_from_document, load};
use hostbill_tests::{generate_fixture, source};

/// Returns `text` without whitespace, doc comment markers and trailing
/// commas, so that a check does not depend on where the formatter breaks
/// lines.
fn compact(text: &str) -> String {
    let squeezed: String = text
        .replace("///", "")
        .chars()
        .filter(|character| !character.is_whitespace())
        .collect();
    squeezed
        .replace(",)", ")")
        .replace(",]", "]")
        .replace(",}", "}")
}

fn assert_contains(text: &str, expected: &str, file: &str) {
    // A comma that ends `expected` may stand before a closing bracket in
    // `text`, where `compact` removes it.
    assert!(
        compact(text).contains(compact(expected).trim_end_matches(',')),
        "{file} does not contain `{expected}`:\n{text}"
    );
}

fn assert_lacks(text: &str, unexpected: &str, file: &str) {
    assert!(
        !compact(text).contains(&compact(unexpected)),
        "{file} contains `{unexpected}`:\n{text}"
    );
}

/// Returns the doc comment and signature of the method `name` in
/// `src/operations.rs`.
fn method_block<'a>(operations: &'a str, name: &str) -> &'a str {
    let signature = format!("pub async fn {name}(");
    let start = operations
        .find(&signature)
        .unwrap_or_else(|| panic!("no method `{name}` in src/operations.rs:\n{operations}"));
    let doc_start = operations[..start]
        .rfind("\n\n")
        .or_else(|| operations[..start].rfind("{\n"))
        .unwrap_or(0);
    let end = start
        + operations[start..]
            .find(") ->")
            .expect("a return type after the signature");
    &operations[doc_start..end]
}

/// Returns the messages of the warnings at `pointer`.
fn warnings_at<'a>(generation: &'a Generation, pointer: &str) -> Vec<&'a str> {
    generation
        .warnings
        .iter()
        .filter(|warning| warning.pointer == pointer)
        .map(|warning| warning.message.as_str())
        .collect()
}

/// Checks that exactly one warning at `pointer` contains `expected`.
fn assert_one_warning(generation: &Generation, pointer: &str, expected: &str) {
    let matching = warnings_at(generation, pointer)
        .into_iter()
        .filter(|message| message.contains(expected))
        .count();
    assert_eq!(
        matching, 1,
        "warnings at {pointer} that contain `{expected}`; all warnings: {:?}",
        generation.warnings
    );
}

/// Generates from spec text held in memory.
fn generate_text(name: &str, text: &str) -> Generation {
    let document = load::parse_document(Path::new(name), text.as_bytes())
        .unwrap_or_else(|error| panic!("{name} does not load: {error}"));
    let settings = CrateSettings {
        crate_name: "inline-client".to_owned(),
        spec_label: name.to_owned(),
    };
    generate_from_document(&document, &settings)
        .unwrap_or_else(|error| panic!("{name} does not generate: {error}"))
}

#[test]
fn missing_operation_id_derived() {
    let generation = generate_fixture("cases/missing-operation-id.json");
    let operations = source(&generation, "src/operations.rs");
    let block = method_block(operations, "get_zone_records");
    assert_contains(
        block,
        "Sends `GET /zone/{zone_id}/records`",
        "get_zone_records",
    );
    method_block(operations, "add_record");
    assert_one_warning(
        &generation,
        "/paths/~1zone~1@zone_id~1records/get",
        "GET /zone/@zone_id/records has no operationId; named it `get_zone_records`",
    );
}

#[test]
fn derived_operation_id_avoids_explicit() {
    let generation = generate_text(
        "derived-clash.json",
        r#"{"swagger": "2.0", "info": {"title": "case", "version": "1"}, "basePath": "/api",
        "paths": {
          "/zone/records": {"get": {"responses": {"200": {"description": "ok"}}}},
          "/zones": {"get": {"operationId": "get_zone_records", "responses": {"200": {"description": "ok"}}}}
        }}"#,
    );
    let operations = source(&generation, "src/operations.rs");
    let derived = method_block(operations, "get_zone_records_2");
    assert_contains(derived, "Sends `GET /zone/records`", "get_zone_records_2");
    let explicit = method_block(operations, "get_zone_records");
    assert_contains(explicit, "Sends `GET /zones`", "get_zone_records");
}

#[test]
fn duplicate_ids_suffixed_by_path() {
    let generation = generate_fixture("cases/duplicate-operation-ids.json");
    let operations = source(&generation, "src/operations.rs");
    let first = method_block(operations, "get_usage_history");
    assert_contains(
        first,
        "Sends `GET /server/{id}/history`",
        "get_usage_history",
    );
    let second = method_block(operations, "get_usage_history_2");
    assert_contains(
        second,
        "Sends `GET /vpn/{id}/history`",
        "get_usage_history_2",
    );
    assert_eq!(
        operations
            .matches("pub async fn get_usage_history(")
            .count(),
        1,
        "get_usage_history is defined more than once"
    );
    assert_one_warning(
        &generation,
        "/paths/~1vpn~1@id~1history/get",
        "operationId `getUsageHistory` of GET /vpn/@id/history is already used by another operation; renamed it `getUsageHistory_2`",
    );
}

#[test]
fn duplicate_ids_ignore_file_order() {
    let generation = generate_text(
        "duplicates-reversed.json",
        r#"{"swagger": "2.0", "info": {"title": "case", "version": "1"}, "basePath": "/api",
        "paths": {
          "/vpn/@id/history": {"get": {"operationId": "getUsageHistory", "responses": {"200": {"description": "ok"}}}},
          "/server/@id/history": {"get": {"operationId": "getUsageHistory", "responses": {"200": {"description": "ok"}}}}
        }}"#,
    );
    let operations = source(&generation, "src/operations.rs");
    let first = method_block(operations, "get_usage_history");
    assert_contains(
        first,
        "Sends `GET /server/{id}/history`",
        "get_usage_history",
    );
    let second = method_block(operations, "get_usage_history_2");
    assert_contains(
        second,
        "Sends `GET /vpn/{id}/history`",
        "get_usage_history_2",
    );
}

#[test]
fn spaced_operation_id_sanitised() {
    let generation = generate_fixture("cases/operation-id-with-spaces.json");
    let operations = source(&generation, "src/operations.rs");
    let spaced = method_block(operations, "vpn_management_get_servers");
    assert_contains(
        spaced,
        "operationId `VPN Management_getServers`",
        "vpn_management_get_servers",
    );
    method_block(operations, "get_servers");
    assert!(
        generation.warnings.is_empty(),
        "warnings: {:?}",
        generation.warnings
    );
}

#[test]
fn keyword_fields_raw_or_suffixed() {
    let generation = generate_fixture("cases/keyword-names.json");
    let types = source(&generation, "src/types.rs");
    let file = "src/types.rs";
    assert_contains(
        types,
        "pub r#type: ::std::option::Option<crate::types::Type>,",
        file,
    );
    assert_contains(
        types,
        r#"#[serde(rename = "self", skip_serializing_if = "::std::option::Option::is_none")]
        pub self_: ::std::option::Option<::std::string::String>,"#,
        file,
    );
    assert_contains(
        types,
        "pub r#continue: ::std::option::Option<::std::string::String>,",
        file,
    );
    // serde strips `r#` from raw field names, so these need no rename.
    assert_lacks(types, r#"rename = "r#type""#, file);
    assert_lacks(types, r#"rename = "r#continue""#, file);
}

#[test]
fn keyword_query_names_escaped() {
    let generation = generate_fixture("cases/keyword-names-in-query.json");
    let operations = source(&generation, "src/operations.rs");
    let types = source(&generation, "src/types.rs");
    assert_contains(
        method_block(operations, "get_details"),
        "r#type: &str, query: &crate::types::GetDetailsQuery",
        "get_details",
    );
    let fields = [
        ("self", "self_"),
        ("Self", "self_2"),
        ("super", "super_"),
        ("crate", "crate_"),
        ("continue", "r#continue"),
        ("extern", "r#extern"),
        ("gen", "r#gen"),
    ];
    for (wire_name, field) in fields {
        assert_contains(types, &format!("pub {field}:"), "src/types.rs");
        assert_contains(
            operations,
            &format!("&query.{field} {{ request.query(\"{wire_name}\", value);"),
            "src/operations.rs",
        );
    }
    assert_one_warning(
        &generation,
        "/paths/~1details~1@type/get",
        "`Self` would be named `self_`",
    );
}

#[test]
fn digit_leading_names_kept_on_wire() {
    let generation = generate_fixture("cases/digit-leading-names.json");
    let types = source(&generation, "src/types.rs");
    let file = "src/types.rs";
    assert_contains(types, r#"rename = "2faenable""#, file);
    assert_contains(
        types,
        "pub _2faenable: ::std::option::Option<::std::vec::Vec<crate::types::V2faenable>>,",
        file,
    );
    assert_contains(types, r#"rename = "2fasecret""#, file);
    assert_contains(types, "pub _2fasecret:", file);
    assert_contains(types, r#"V2faenable::Enable => "Enable""#, file);
    assert_contains(
        types,
        r#""Enable" => ::std::result::Result::Ok(V2faenable::Enable)"#,
        file,
    );
}

#[test]
fn digit_leading_values_listed() {
    let generation = generate_fixture("cases/digit-leading-enum-values.json");
    let types = source(&generation, "src/types.rs");
    for value in ["1m", "3m", "12m", "0", "1", "-1", "12"] {
        let literal = format!("\"{value}\"");
        assert_eq!(
            types.matches(&format!("=> {literal}")).count(),
            1,
            "as_str arms returning {literal} in src/types.rs:\n{types}"
        );
        assert_eq!(
            types.matches(&format!("{literal} =>")).count(),
            1,
            "from_str arms matching {literal} in src/types.rs:\n{types}"
        );
    }
}

#[test]
fn template_name_promoted_to_path() {
    let generation = generate_fixture("cases/template-name-in-query.json");
    let operations = source(&generation, "src/operations.rs");
    let types = source(&generation, "src/types.rs");
    assert_contains(
        method_block(operations, "get_invoice_details"),
        "pub async fn get_invoice_details(&self, id: i64",
        "get_invoice_details",
    );
    assert_contains(
        operations,
        r#"path.push_str("/invoice/");
        path.push_str(&crate::runtime::encode_path_segment(&crate::runtime::QueryValue::to_query_value(&id)));"#,
        "src/operations.rs",
    );
    assert_lacks(types, "GetInvoiceDetailsQuery", "src/types.rs");
    assert_one_warning(
        &generation,
        "/paths/~1invoice~1@id/get/parameters/0",
        "`id` is a template name in GET /invoice/@id but is declared in query; it is sent as a required path parameter",
    );
}

#[test]
fn stray_path_parameter_moved_to_query() {
    let generation = generate_fixture("cases/path-parameter-not-in-template.json");
    let operations = source(&generation, "src/operations.rs");
    let types = source(&generation, "src/types.rs");
    assert_contains(
        method_block(operations, "service"),
        "pub async fn service(&self, query: &crate::types::ServiceQuery",
        "service",
    );
    assert_contains(
        types,
        "pub struct ServiceQuery { /// The `id` field. pub id: i64,",
        "src/types.rs",
    );
    assert_contains(
        operations,
        r#"let value = &query.id; request.query("id", value);"#,
        "src/operations.rs",
    );
    assert_one_warning(
        &generation,
        "/paths/~1service/get/parameters/0",
        "path parameter `id` of GET /service is not in the path template; it is sent in the query instead",
    );
}

#[test]
fn array_without_items_any_json() {
    let generation = generate_fixture("cases/array-without-items.json");
    let types = source(&generation, "src/types.rs");
    let file = "src/types.rs";
    assert_contains(
        types,
        "pub privileges: ::std::option::Option<::std::vec::Vec<::serde_json::Value>>,",
        file,
    );
    assert_contains(
        types,
        "pub emarketing: ::std::option::Option<::std::vec::Vec<crate::types::Emarketing>>,",
        file,
    );
    assert_contains(
        types,
        "pub enum Emarketing { /// `Subscribed` Subscribed,",
        file,
    );
    assert_one_warning(
        &generation,
        "/paths/~1contact/post/parameters/0",
        "array `privileges` has no `items`; its items are typed as any JSON value",
    );
    assert_eq!(
        generation.warnings.len(),
        1,
        "the enum on `emarketing` applies to its items without a warning: {:?}",
        generation.warnings
    );
}

#[test]
fn empty_method_key_skipped() {
    let generation = generate_fixture("cases/empty-method-key.json");
    assert!(
        generation.api.operations.is_empty(),
        "operations: {:?}",
        generation.api.operations
    );
    assert_eq!(
        generation.warnings.len(),
        1,
        "only the `\"\"` key is reported, not `parameters` or `x-note`: {:?}",
        generation.warnings
    );
    let warning = &generation.warnings[0];
    assert_eq!(warning.pointer, "/paths/~1vpn~1logindetails/", "pointer");
    assert!(
        warning.message.contains("`vpnLoginDetails`"),
        "warning: {}",
        warning.message
    );
    assert!(
        warning.message.contains("`/vpn/logindetails`"),
        "warning: {}",
        warning.message
    );
    let operations = source(&generation, "src/operations.rs");
    assert_lacks(operations, "pub async fn", "src/operations.rs");
}

#[test]
fn multipart_upload_has_file_part() {
    let generation = generate_fixture("cases/multipart-file-upload.json");
    let operations = source(&generation, "src/operations.rs");
    let types = source(&generation, "src/types.rs");
    assert_contains(
        types,
        "sent as a `multipart/form-data` form",
        "src/types.rs",
    );
    assert_contains(types, "pub file: crate::runtime::FilePart,", "src/types.rs");
    assert_contains(
        types,
        "pub note: ::std::option::Option<::std::string::String>,",
        "src/types.rs",
    );

    let file = "src/operations.rs";
    assert_contains(
        operations,
        "let mut form = ::reqwest::multipart::Form::new();",
        file,
    );
    assert_contains(
        operations,
        r#"form = form.part("file", value.to_part()"#,
        file,
    );
    assert_contains(operations, r#"form = form.text("note","#, file);
    assert_contains(operations, "request.multipart_body(form);", file);

    assert!(
        generation.warnings.is_empty(),
        "warnings: {:?}",
        generation.warnings
    );
}

#[test]
fn query_array_encoding_documented() {
    let generation = generate_fixture("cases/nested-query-array-get.json");
    let operations = source(&generation, "src/operations.rs");
    let types = source(&generation, "src/types.rs");
    assert_contains(
        operations,
        r#"request.query_list("items", value.as_slice(), crate::runtime::ListFormat::Joined(","));"#,
        "src/operations.rs",
    );
    let field_start = types.find("pub items:").expect("an `items` field");
    let doc_start = types[..field_start]
        .rfind("pub pay_method")
        .expect("the field before `items`");
    let items_doc = &types[doc_start..field_start];
    assert!(
        items_doc.contains("comma-separated"),
        "the doc of `items` does not say that the values are sent comma-separated:\n{items_doc}"
    );
    assert_contains(
        types,
        "PHP-style keys such as `items[0][cycle]`",
        "src/types.rs",
    );
    assert_contains(
        types,
        "pub extra: ::std::vec::Vec<(::std::string::String, ::std::string::String)>,",
        "src/types.rs",
    );
}

#[test]
fn body_array_extra_documented() {
    let generation = generate_fixture("cases/nested-query-array.json");
    let types = source(&generation, "src/types.rs");
    let file = "src/types.rs";
    assert_contains(
        types,
        "pub items: ::std::option::Option<::std::vec::Vec<::std::string::String>>,",
        file,
    );
    assert_contains(
        types,
        "List of products, each with product_id, domain, cycle",
        file,
    );
    assert_contains(
        types,
        "#[serde(flatten)] pub extra: ::serde_json::Map<::std::string::String, ::serde_json::Value>,",
        file,
    );
    assert_contains(
        types,
        "A member here replaces a declared field of the same name",
        file,
    );
}

#[test]
fn base_path_slash_trimmed() {
    let generation = generate_fixture("cases/base-path-trailing-slash.json");
    assert_eq!(generation.api.base_path, "/api", "base path");
    let lib = source(&generation, "src/lib.rs");
    assert_contains(
        lib,
        r#"pub const DEFAULT_BASE_URL: &str = "https://billing.example.com/api";"#,
        "src/lib.rs",
    );
    let operations = source(&generation, "src/operations.rs");
    assert_contains(
        operations,
        r#"let path = ::std::string::String::from("/details");"#,
        "src/operations.rs",
    );
}

#[test]
fn base_path_without_host_kept() {
    let generation = generate_fixture("cases/base-path-without-host.json");
    assert_eq!(generation.api.base_path, "/api", "base path");
    let lib = source(&generation, "src/lib.rs");
    assert_lacks(lib, "DEFAULT_BASE_URL", "src/lib.rs");
    assert_contains(
        lib,
        r#"Client::new("https://portal.example.com/api")"#,
        "src/lib.rs",
    );
}

#[test]
fn binary_response_returns_bytes() {
    let generation = generate_fixture("cases/binary-response.json");
    let operations = source(&generation, "src/operations.rs");
    assert_contains(
        method_block(operations, "get_invoice_pdf"),
        "pub async fn get_invoice_pdf(&self, id: i64",
        "get_invoice_pdf",
    );
    assert_contains(
        operations,
        "id: i64, ) -> ::std::result::Result<crate::runtime::BinaryResponse, crate::Error>",
        "src/operations.rs",
    );
    assert_contains(
        operations,
        r#"request.accept("application/pdf"); self.send_binary(request).await"#,
        "src/operations.rs",
    );
    assert_eq!(
        operations.matches("request.accept(").count(),
        1,
        "only the PDF operation changes `Accept`:\n{operations}"
    );
}

#[test]
fn hostile_description_made_safe() {
    let generation = generate_fixture("cases/rustdoc-hostile-description.json");
    let operations = source(&generation, "src/operations.rs");
    let block = method_block(operations, "profile_privs");
    let expected_lines = [
        "    /// List privileges.&lt;/code&gt; Each service may add more.\n",
        "    /// ```text\n    /// indented line that rustdoc would compile\n    /// ```\n",
        "    /// ```json\n    /// {\n",
    ];
    for expected in expected_lines {
        assert!(
            block.contains(expected),
            "the docs of profile_privs lack {expected:?}:\n{block}"
        );
    }
    assert!(!block.contains('\r'), "a carriage return is left:\n{block}");
    let fences: Vec<&str> = block
        .lines()
        .map(str::trim)
        .filter(|line| line.starts_with("/// ```"))
        .collect();
    assert_eq!(fences.len() % 2, 0, "a fence is left open: {fences:?}");
    for opening in fences.iter().step_by(2) {
        assert!(
            *opening == "/// ```text" || *opening == "/// ```json",
            "fence {opening:?} would make rustdoc compile the block"
        );
    }
}
