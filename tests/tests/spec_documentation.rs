//! Checks `spec/myip.swagger.json` against `spec/myip-user-api.txt`, the text
//! of the MyIP IDC User API documentation that the JSON was written from.
//!
//! The documentation is a text dump of an HTML page, so only blank lines
//! separate its parts. An entry reads:
//!
//! ```text
//! Title
//!
//! Description paragraph (absent for some entries, two for one)
//!
//! Code samples: POST_DATA=..., curl ..., PHP, Python
//! JSON 응답 형식 (Example Response):
//! Example, when the entry has one
//!
//! HTTP Request
//!
//! METHOD /path
//!
//! Query Parameters
//!
//! Parameter Type Description
//! name type
//!
//! Parameter description paragraphs, absent for some rows
//! ```
//!
//! A section heading ("Clientarea", "Billing", ...) sits between the last
//! parameter row of one entry and the title of the next entry. The dump does
//! not show where the description of that last row ends. The parser therefore
//! takes the title and the description paragraphs from the end of the text
//! before the code samples, with `DESCRIPTION_PARAGRAPHS` giving their count.
//! What remains before the heading is the last row's description.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fs;

use serde_json::Value;

const DOCUMENTATION: &str = "spec/myip-user-api.txt";
const SPEC: &str = "spec/myip.swagger.json";

/// Section headings in documentation order. "Services" opens two sections.
const SECTIONS: [&str; 7] = [
    "Clientarea",
    "Billing",
    "Support",
    "Services",
    "Cart",
    "DNS",
    "Services",
];

/// Entries whose title is followed by a number of description paragraphs
/// other than one. Every other entry has exactly one.
const DESCRIPTION_PARAGRAPHS: [(&str, &str, usize); 8] = [
    ("GET", "/affiliates/summary", 0),
    ("GET", "/affiliates/campaigns", 0),
    ("GET", "/affiliates/commissions", 0),
    ("GET", "/affiliates/payouts", 0),
    ("GET", "/affiliates/vouchers", 0),
    ("GET", "/affiliates/commissionplans", 0),
    ("POST", "/service/@id/reinstall", 0),
    ("POST", "/order/@product_id", 2),
];

const TABLE_HEADER: [&str; 4] = ["", "Query Parameters", "", "Parameter Type Description"];

/// Prefixes of the first line of an entry's code samples.
const CODE_PREFIXES: [&str; 3] = ["POST_DATA=", "curl ", "// "];

const EXAMPLE_MARKER: &str = "JSON 응답 형식 (Example Response):";

/// HostBill starts an embedded example with an opening fence followed by `\n`
/// and `\r`, and never closes the fence.
const EXAMPLE_PREFIX: &str = "```json\n\r";

/// The 200 description HostBill writes for an operation without an example.
const NO_EXAMPLE: &str = "`Success`";

const AVAILABLE_VALUES: &str = "Available values: ";

/// One documented parameter row.
#[derive(Debug, Clone)]
struct Parameter {
    name: String,
    type_word: String,
    /// Description paragraphs joined with a blank line, empty when the row has none.
    description: String,
}

/// One documented entry, from its title to its parameter table.
#[derive(Debug)]
struct Entry {
    section: &'static str,
    title: String,
    description: Vec<String>,
    /// Lines starting with `//` that precede the code samples.
    note: Option<String>,
    method: String,
    path: String,
    parameters: Vec<Parameter>,
    example: Option<String>,
}

impl Entry {
    fn operation(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// Maps a documented type word to its Swagger 2.0 type.
fn swagger_type(word: &str) -> Option<&'static str> {
    match word {
        "int" => Some("integer"),
        "bool" | "boolean" => Some("boolean"),
        "decimal" => Some("number"),
        "string" => Some("string"),
        "array" => Some("array"),
        _ => None,
    }
}

/// Splits a line shaped like a parameter row (`lower_name lowerword`).
fn row_parts(line: &str) -> Option<(&str, &str)> {
    let (name, word) = line.split_once(' ')?;
    let name_ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    let word_ok = !word.is_empty() && word.chars().all(|c| c.is_ascii_lowercase());
    (name_ok && word_ok).then_some((name, word))
}

/// Groups lines into paragraphs separated by blank lines.
fn paragraphs(lines: &[&str]) -> Vec<String> {
    lines
        .split(|line| line.is_empty())
        .filter(|group| !group.is_empty())
        .map(|group| group.join("\n"))
        .collect()
}

/// Splits the lines after a table header into rows, each with the lines that
/// follow it up to the next row.
fn split_rows<'a>(lines: &[&'a str]) -> Vec<(Parameter, Vec<&'a str>)> {
    let mut rows: Vec<(Parameter, Vec<&'a str>)> = Vec::new();
    for &line in lines {
        if let Some((name, word)) = row_parts(line) {
            assert!(
                swagger_type(word).is_some(),
                "{DOCUMENTATION}: parameter row {line:?} has an unknown type word {word:?}"
            );
            let parameter = Parameter {
                name: name.to_owned(),
                type_word: word.to_owned(),
                description: String::new(),
            };
            rows.push((parameter, Vec::new()));
            continue;
        }
        let row = rows.last_mut();
        assert!(
            row.is_some() || line.is_empty(),
            "{DOCUMENTATION}: text {line:?} precedes the first parameter row"
        );
        if let Some((_, row_lines)) = row {
            row_lines.push(line);
        }
    }
    rows
}

fn description_paragraphs(method: &str, path: &str) -> usize {
    DESCRIPTION_PARAGRAPHS
        .iter()
        .find(|(m, p, _)| *m == method && *p == path)
        .map_or(1, |(_, _, count)| *count)
}

/// Parses every entry of the documentation text.
fn parse_documentation(text: &str) -> Vec<Entry> {
    let lines: Vec<&str> = text.split('\n').collect();
    let start = lines
        .iter()
        .position(|line| *line == SECTIONS[0])
        .expect("the first section heading, Clientarea, is missing from the documentation");
    let requests: Vec<usize> = (start..lines.len())
        .filter(|&i| lines[i] == "HTTP Request")
        .collect();

    let mut entries: Vec<Entry> = Vec::new();
    let mut sections_seen = 0;
    let mut region_start = start;
    for &request in &requests {
        assert_eq!(
            lines.get(request + 1),
            Some(&""),
            "{DOCUMENTATION} line {}: a blank line must follow HTTP Request",
            request + 2
        );
        let request_line = lines.get(request + 2).copied().unwrap_or_default();
        let (method, path) = request_line
            .split_once(' ')
            .expect("the line after HTTP Request must read METHOD /path");

        let code_start = (region_start..request)
            .find(|&i| CODE_PREFIXES.iter().any(|p| lines[i].starts_with(p)));
        assert!(
            code_start.is_some(),
            "{method} {path}: no code samples before the HTTP Request line"
        );
        let code_start = code_start.unwrap_or(request);
        let region = &lines[region_start..code_start];

        // The text before the code samples opens with the previous entry's
        // parameter table, if it has one.
        let mut rows = Vec::new();
        let trailing = match region.strip_prefix(&TABLE_HEADER[..]) {
            Some(table) => {
                let mut split = split_rows(table);
                let last_lines = split.last().map(|(_, l)| l.clone()).unwrap_or_default();
                for (parameter, row_lines) in &mut split {
                    parameter.description = paragraphs(row_lines).join("\n\n");
                }
                rows = split.into_iter().map(|(parameter, _)| parameter).collect();
                paragraphs(&last_lines)
            }
            None => paragraphs(region),
        };

        let count = description_paragraphs(method, path);
        assert!(
            trailing.len() > count,
            "{method} {path}: expected a title and {count} description paragraph(s) \
             before the code samples, found {trailing:?}"
        );
        let (before, header) = trailing.split_at(trailing.len() - 1 - count);
        let mut before = before.to_vec();
        if let Some(heading) = SECTIONS.get(sections_seen) {
            if let Some(i) = before.iter().position(|p| p == heading) {
                // Paragraphs after the heading describe the section, not an entry.
                before.truncate(i);
                sections_seen += 1;
            }
        }
        match rows.last_mut() {
            Some(last) => last.description = before.join("\n\n"),
            None => assert!(
                before.is_empty(),
                "{method} {path}: unexpected paragraphs before the title: {before:?}"
            ),
        }
        if !rows.is_empty() {
            let previous = entries
                .last_mut()
                .expect("a parameter table precedes the first entry");
            previous.parameters = rows;
        }

        let note = lines[code_start].starts_with("// ").then(|| {
            let end = (code_start..request)
                .find(|&i| lines[i].starts_with("POST_DATA=") || lines[i].starts_with("curl "))
                .expect("a `//` note block is not followed by code samples");
            lines[code_start..end].join("\n")
        });
        let example = (code_start..request)
            .find(|&i| lines[i] == EXAMPLE_MARKER)
            .map(|marker| {
                assert_eq!(
                    lines[request - 1],
                    "",
                    "{method} {path}: a blank line must separate the example from HTTP Request"
                );
                lines[marker + 1..request - 1].join("\n")
            });

        assert!(
            sections_seen > 0,
            "{method} {path}: the entry precedes the first section heading"
        );
        entries.push(Entry {
            section: SECTIONS[sections_seen - 1],
            title: header[0].clone(),
            description: header[1..].to_vec(),
            note,
            method: method.to_owned(),
            path: path.to_owned(),
            parameters: Vec::new(),
            example,
        });
        region_start = request + 3;
    }

    // The last entry's table runs to the end of the text.
    let region = &lines[region_start.min(lines.len())..];
    if let Some(table) = region.strip_prefix(&TABLE_HEADER[..]) {
        let rows = split_rows(table)
            .into_iter()
            .map(|(mut parameter, row_lines)| {
                parameter.description = paragraphs(&row_lines).join("\n\n");
                parameter
            })
            .collect();
        if let Some(last) = entries.last_mut() {
            last.parameters = rows;
        }
    }
    assert_eq!(
        sections_seen,
        SECTIONS.len(),
        "{DOCUMENTATION}: not every section heading was found in order"
    );
    entries
}

fn load_documentation() -> Vec<Entry> {
    let path = hostbill_tests::workspace_root().join(DOCUMENTATION);
    let text = fs::read_to_string(path).expect("failed to read spec/myip-user-api.txt");
    parse_documentation(&text)
}

fn load_spec() -> Value {
    let path = hostbill_tests::workspace_root().join(SPEC);
    let text = fs::read_to_string(path).expect("failed to read spec/myip.swagger.json");
    serde_json::from_str(&text).expect("spec/myip.swagger.json is not valid JSON")
}

/// Groups entries by method and path, because one operation may be documented twice.
fn operations(entries: &[Entry]) -> BTreeMap<(String, String), Vec<&Entry>> {
    let mut grouped: BTreeMap<(String, String), Vec<&Entry>> = BTreeMap::new();
    for entry in entries {
        let key = (entry.method.clone(), entry.path.clone());
        grouped.entry(key).or_default().push(entry);
    }
    grouped
}

/// Lists every operation in the spec as (METHOD, path, operation).
fn spec_operations(spec: &Value) -> Vec<(String, String, &Value)> {
    let mut found = Vec::new();
    let paths = spec.get("paths").and_then(Value::as_object);
    for (path, item) in paths.into_iter().flatten() {
        for (method, operation) in item.as_object().into_iter().flatten() {
            found.push((method.to_ascii_uppercase(), path.clone(), operation));
        }
    }
    found
}

fn spec_operation<'a>(spec: &'a Value, method: &str, path: &str) -> Option<&'a Value> {
    spec.get("paths")?
        .get(path)?
        .get(method.to_ascii_lowercase())
}

fn template_names(path: &str) -> Vec<&str> {
    path.split('/')
        .filter_map(|segment| segment.strip_prefix('@'))
        .collect()
}

fn spec_parameters(operation: &Value) -> Vec<&Value> {
    operation
        .get("parameters")
        .and_then(Value::as_array)
        .map(|list| list.iter().collect())
        .unwrap_or_default()
}

fn text_field<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key).and_then(Value::as_str)
}

/// Returns the values listed in an "Available values: A, B." paragraph.
fn available_values(description: &str) -> Option<Vec<String>> {
    let paragraph = description
        .split("\n\n")
        .find_map(|p| p.strip_prefix(AVAILABLE_VALUES))?;
    let list = paragraph.strip_suffix('.').unwrap_or(paragraph);
    Some(list.split(", ").map(str::to_owned).collect())
}

/// Builds the spec description of an entry. The paragraphs are joined with a
/// blank line, and the `//` note block, when there is one, follows as a fenced
/// json block.
fn expected_description(entry: &Entry) -> String {
    let mut description = entry.description.join("\n\n");
    if let Some(note) = &entry.note {
        description.push_str("\n\n```json\n");
        description.push_str(note);
        description.push_str("\n```");
    }
    description
}

#[test]
fn documented_operations_match_spec() {
    let entries = load_documentation();
    let spec = load_spec();

    assert_eq!(entries.len(), 79, "{DOCUMENTATION} should have 79 entries");
    let documented = operations(&entries);
    assert_eq!(
        documented.len(),
        78,
        "{DOCUMENTATION} should have 78 distinct method and path pairs"
    );

    for (method, path) in documented.keys() {
        assert!(
            spec_operation(&spec, method, path).is_some(),
            "{method} {path}: documented, but missing from {SPEC}"
        );
    }
    let in_spec: BTreeSet<(String, String)> = spec_operations(&spec)
        .into_iter()
        .map(|(method, path, _)| (method, path))
        .collect();
    for (method, path) in &in_spec {
        assert!(
            documented.contains_key(&(method.clone(), path.clone())),
            "{method} {path}: in {SPEC}, but not documented"
        );
    }
    assert_eq!(in_spec.len(), 78, "{SPEC} should have 78 operations");
}

#[test]
fn documented_parameters_match_spec() {
    let entries = load_documentation();
    let spec = load_spec();

    for ((method, path), group) in operations(&entries) {
        let operation = spec_operation(&spec, &method, &path);
        assert!(
            operation.is_some(),
            "{method} {path}: documented, but missing from {SPEC}"
        );
        let Some(operation) = operation else { continue };
        let declared = spec_parameters(operation);
        let templates = template_names(&path);

        // Merge the rows of every entry for this operation. A name may repeat.
        let mut merged: Vec<(Parameter, Vec<String>)> = Vec::new();
        for parameter in group.iter().flat_map(|entry| &entry.parameters) {
            let position = merged.iter().position(|(p, _)| p.name == parameter.name);
            let index = position.unwrap_or_else(|| {
                merged.push((parameter.clone(), Vec::new()));
                merged.len() - 1
            });
            let (first, descriptions) = &mut merged[index];
            assert_eq!(
                first.type_word, parameter.type_word,
                "{method} {path} parameter {}: documented twice with different types",
                parameter.name
            );
            let text = &parameter.description;
            if !text.is_empty() && !descriptions.contains(text) {
                descriptions.push(text.clone());
            }
        }

        for (parameter, descriptions) in merged {
            let name = &parameter.name;
            let found = declared
                .iter()
                .find(|p| text_field(p, "name") == Some(name));
            assert!(
                found.is_some(),
                "{method} {path} parameter {name}: documented, but missing from {SPEC}"
            );
            let Some(declared) = found else { continue };

            let expected_type = swagger_type(&parameter.type_word).unwrap_or_default();
            assert_eq!(
                text_field(declared, "type"),
                Some(expected_type),
                "{method} {path} parameter {name}: documented as {}, so the type must be {expected_type}",
                parameter.type_word
            );

            let is_template = templates.contains(&name.as_str());
            let expected_in = if is_template { "path" } else { "query" };
            assert_eq!(
                text_field(declared, "in"),
                Some(expected_in),
                "{method} {path} parameter {name}: must be declared in {expected_in}"
            );
            let required = declared.get("required").and_then(Value::as_bool);
            let expected_required = is_template.then_some(true);
            assert_eq!(
                required, expected_required,
                "{method} {path} parameter {name}: required must be {expected_required:?}"
            );

            let expected_description = descriptions.join("\n\n");
            let description = text_field(declared, "description");
            if expected_description.is_empty() {
                assert_eq!(
                    description, None,
                    "{method} {path} parameter {name}: undocumented, so it must have no description"
                );
            } else {
                assert_eq!(
                    description,
                    Some(expected_description.as_str()),
                    "{method} {path} parameter {name}: description differs from the documentation"
                );
            }

            let items_type = declared
                .get("items")
                .and_then(|items| text_field(items, "type"));
            let expected_items = (expected_type == "array").then_some("string");
            assert_eq!(
                items_type, expected_items,
                "{method} {path} parameter {name}: items.type must be {expected_items:?}"
            );

            let values: Option<Vec<String>> = declared.get("enum").and_then(|list| {
                list.as_array().map(|list| {
                    list.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
            });
            assert_eq!(
                values,
                available_values(&expected_description),
                "{method} {path} parameter {name}: enum must list the documented available values"
            );
        }
    }
}

#[test]
fn spec_has_no_undocumented_parameters() {
    let entries = load_documentation();
    let spec = load_spec();
    let documented = operations(&entries);

    for (method, path, operation) in spec_operations(&spec) {
        let Some(group) = documented.get(&(method.clone(), path.clone())) else {
            continue;
        };
        let names: HashSet<&str> = group
            .iter()
            .flat_map(|entry| &entry.parameters)
            .map(|parameter| parameter.name.as_str())
            .collect();
        let templates = template_names(&path);

        let mut seen = HashSet::new();
        for declared in spec_parameters(operation) {
            let name = text_field(declared, "name").unwrap_or_default();
            assert!(
                seen.insert(name),
                "{method} {path} parameter {name}: declared twice"
            );
            assert!(
                names.contains(name) || templates.contains(&name),
                "{method} {path} parameter {name}: not in the documentation and not a path template name"
            );
        }
        for template in templates {
            assert!(
                seen.contains(template),
                "{method} {path} parameter {template}: the path template name is not declared"
            );
        }
    }
}

#[test]
fn examples_match_documentation() {
    let entries = load_documentation();
    let spec = load_spec();

    for ((method, path), group) in operations(&entries) {
        let Some(operation) = spec_operation(&spec, &method, &path) else {
            continue;
        };
        let response = operation
            .pointer("/responses/200/description")
            .and_then(Value::as_str);
        let examples: Vec<&String> = group
            .iter()
            .filter_map(|entry| entry.example.as_ref())
            .collect();
        assert!(
            examples.len() <= 1,
            "{method} {path}: documented with {} different examples",
            examples.len()
        );
        let expected = match examples.first() {
            Some(example) => format!("{EXAMPLE_PREFIX}{example}"),
            None => NO_EXAMPLE.to_owned(),
        };
        assert_eq!(
            response,
            Some(expected.as_str()),
            "{method} {path}: the 200 description must hold the documented example"
        );
    }
}

#[test]
fn summaries_match_documented_titles() {
    let entries = load_documentation();
    let spec = load_spec();

    for ((method, path), group) in operations(&entries) {
        let Some(operation) = spec_operation(&spec, &method, &path) else {
            continue;
        };
        let first = group[0];
        assert_eq!(
            text_field(operation, "summary"),
            Some(first.title.as_str()),
            "{}: summary must be the documented title",
            first.operation()
        );
    }
}

#[test]
fn descriptions_match_documentation() {
    let entries = load_documentation();
    let spec = load_spec();

    for ((method, path), group) in operations(&entries) {
        let Some(operation) = spec_operation(&spec, &method, &path) else {
            continue;
        };
        let description = text_field(operation, "description").unwrap_or_default();
        let first = expected_description(group[0]);
        if group.len() == 1 {
            assert_eq!(
                description, first,
                "{method} {path}: description differs from the documentation"
            );
            continue;
        }
        assert!(
            description.starts_with(&first),
            "{method} {path}: description must start with the first entry's description {first:?}"
        );
        for entry in &group[1..] {
            assert!(
                description.contains(&entry.title),
                "{method} {path}: description must name the other entry title {:?}",
                entry.title
            );
            let text = expected_description(entry);
            assert!(
                description.contains(&text),
                "{method} {path}: description must include the other entry's description {text:?}"
            );
        }
    }
}

#[test]
fn tags_match_documented_sections() {
    let entries = load_documentation();
    let spec = load_spec();

    let mut sections: Vec<&str> = Vec::new();
    for section in SECTIONS {
        if !sections.contains(&section) {
            sections.push(section);
        }
    }
    let tags: Vec<&str> = spec
        .get("tags")
        .and_then(Value::as_array)
        .map(|list| list.iter().filter_map(|t| text_field(t, "name")).collect())
        .unwrap_or_default();
    assert_eq!(
        tags, sections,
        "top-level tags must list the documented sections in order"
    );

    for entry in &entries {
        let Some(operation) = spec_operation(&spec, &entry.method, &entry.path) else {
            continue;
        };
        let tags = operation.get("tags").and_then(Value::as_array);
        let expected = vec![Value::from(entry.section)];
        assert_eq!(
            tags,
            Some(&expected),
            "{}: must be tagged with its section {}",
            entry.operation(),
            entry.section
        );
    }
}

#[test]
fn host_and_security_match_portal() {
    let spec = load_spec();

    assert_eq!(text_field(&spec, "swagger"), Some("2.0"), "swagger version");
    assert_eq!(text_field(&spec, "host"), Some("idc.myip.co.kr"), "host");
    assert_eq!(text_field(&spec, "basePath"), Some("/api"), "basePath");
    assert_eq!(
        spec.get("schemes"),
        Some(&serde_json::json!(["https"])),
        "schemes must be only https"
    );
    assert_eq!(
        spec.get("securityDefinitions"),
        Some(&serde_json::json!({ "http": { "type": "basic" } })),
        "securityDefinitions must declare basic authentication as HostBill does"
    );
}

#[test]
fn operation_ids_are_unique() {
    let spec = load_spec();

    let mut seen: BTreeMap<&str, String> = BTreeMap::new();
    for (method, path, operation) in spec_operations(&spec) {
        let id = text_field(operation, "operationId");
        assert!(id.is_some(), "{method} {path}: operationId is missing");
        let Some(id) = id else { continue };
        let operation_name = format!("{method} {path}");
        let other = seen.insert(id, operation_name.clone());
        assert!(
            other.is_none(),
            "{operation_name}: operationId {id} is also used by {}",
            other.unwrap_or_default()
        );
    }
}
