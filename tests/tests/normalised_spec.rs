//! Checks that the committed normalised spec keeps every operation and
//! parameter of the Swagger document, each in the place the portal reads it
//! from.

use std::collections::BTreeSet;

use hostbill_tests::workspace_root;
use serde_json::Value;

const WRITE_METHODS: [&str; 4] = ["post", "put", "patch", "delete"];

fn read_json(relative: &str) -> Value {
    let text = std::fs::read_to_string(workspace_root().join(relative)).expect("read spec file");
    serde_json::from_str(&text).expect("spec file is JSON")
}

/// Converts a HostBill path (`/service/@id`) to its OpenAPI template.
fn template(path: &str) -> String {
    path.split('/')
        .map(|segment| match segment.strip_prefix('@') {
            Some(name) => format!("{{{name}}}"),
            None => segment.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn names_in(parameters: &Value, location: &str) -> BTreeSet<String> {
    parameters
        .as_array()
        .into_iter()
        .flatten()
        .filter(|parameter| parameter["in"] == location)
        .filter_map(|parameter| parameter["name"].as_str().map(str::to_owned))
        .collect()
}

#[test]
fn every_operation_has_a_template_path() {
    let openapi = read_json("spec/myip.openapi.json");
    let paths = openapi["paths"].as_object().expect("paths object");
    let mut operations = 0;
    for (path, item) in paths {
        assert!(!path.contains('@'), "{path} still has an @ segment");
        operations += item
            .as_object()
            .expect("path item object")
            .keys()
            .filter(|key| ["get", "put", "post", "delete", "patch"].contains(&key.as_str()))
            .count();
    }
    assert_eq!(operations, 78, "operations in spec/myip.openapi.json");
}

#[test]
fn every_parameter_in_its_place() {
    let swagger = read_json("spec/myip.swagger.json");
    let openapi = read_json("spec/myip.openapi.json");
    for (path, item) in swagger["paths"].as_object().expect("paths object") {
        for (method, operation) in item.as_object().expect("path item object") {
            let normalised = &openapi["paths"][template(path)][method];
            assert!(
                normalised.is_object(),
                "{method} {path} is missing from the normalised spec"
            );

            let path_names: BTreeSet<String> = path
                .split('/')
                .filter_map(|segment| segment.strip_prefix('@').map(str::to_owned))
                .collect();
            let body_names: BTreeSet<String> =
                normalised["requestBody"]["content"]["application/json"]["schema"]["properties"]
                    .as_object()
                    .map(|properties| properties.keys().cloned().collect())
                    .unwrap_or_default();
            let normalised_path = names_in(&normalised["parameters"], "path");
            let normalised_query = names_in(&normalised["parameters"], "query");

            for parameter in operation["parameters"].as_array().into_iter().flatten() {
                let name = parameter["name"].as_str().expect("parameter name");
                let (expected, found) = if path_names.contains(name) {
                    ("path", normalised_path.contains(name))
                } else if WRITE_METHODS.contains(&method.as_str()) {
                    ("JSON body", body_names.contains(name))
                } else {
                    ("query", normalised_query.contains(name))
                };
                assert!(
                    found,
                    "{} {path}: parameter `{name}` is not in the {expected}",
                    method.to_uppercase()
                );
            }
        }
    }
}

#[test]
fn typed_response_counts() {
    let myip = hostbill_tests::generate_fixture("../../spec/myip.swagger.json")
        .api
        .example_summary();
    assert_eq!(myip.operations, 78, "MyIP operations");
    assert_eq!(myip.parsed, 36, "MyIP examples parsed as written");
    assert_eq!(myip.repaired, 4, "MyIP examples parsed after repair");
    assert_eq!(myip.unparseable, 0, "MyIP examples that stay invalid");
    assert_eq!(myip.typed, 40, "MyIP typed responses");

    let time4vps = hostbill_tests::generate_fixture("specs/time4vps.swagger.json")
        .api
        .example_summary();
    assert_eq!(time4vps.operations, 72, "Time4VPS operations");
    assert_eq!(time4vps.parsed, 31, "Time4VPS examples parsed as written");
    assert_eq!(
        time4vps.repaired, 10,
        "Time4VPS examples parsed after repair"
    );
    assert_eq!(
        time4vps.unparseable, 0,
        "Time4VPS examples that stay invalid"
    );
    assert_eq!(time4vps.typed, 41, "Time4VPS typed responses");
}
