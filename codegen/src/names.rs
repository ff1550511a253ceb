//! Turning wire names into valid, unique Rust identifiers.
//!
//! Rules, applied in order:
//! - words are split on case changes, spaces, dashes and other punctuation,
//!   keeping acronyms with a version or plural suffix whole (`IPv4`, `IPs`);
//! - a name that starts with a digit gets a leading `_` (`2faenable` becomes
//!   `_2faenable`) for fields and methods, or a leading `V` for types and
//!   variants (`0` becomes `V0`);
//! - a Rust keyword becomes a raw identifier (`r#type`), except the keywords
//!   that cannot be raw (`self`, `Self`, `super`, `crate`), which get a
//!   trailing `_`;
//! - a name left empty becomes `value` (or `Value` for types);
//! - clashes within one scope are resolved by [`Scope`] with `_2`, `_3`, ...
//!   in declaration order.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords of Rust 2024, strict and reserved, plus `gen`.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that `r#` cannot escape.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Returns whether `name` is a Rust keyword.
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// Converts a wire name to a snake_case identifier for a method, argument or
/// field. The result is valid Rust, possibly a raw identifier such as
/// `r#type`.
pub fn snake_ident(name: &str) -> String {
    let snake = prepare_words(name).to_snake_case();
    let snake: String = snake
        .chars()
        .map(|character| {
            if character.is_ascii_alphanumeric() {
                character
            } else {
                '_'
            }
        })
        .collect();
    let snake = collapse_underscores(&snake);
    let snake = if snake.is_empty() {
        "value".to_owned()
    } else {
        snake
    };
    if snake.starts_with(|character: char| character.is_ascii_digit()) {
        return format!("_{snake}");
    }
    escape_keyword(snake)
}

/// Converts a wire name to an UpperCamelCase identifier for a type or enum
/// variant.
pub fn camel_ident(name: &str) -> String {
    // A negative number gets a word, so that `-1` and `1` do not both
    // become `V1`.
    let negative = name
        .strip_prefix('-')
        .filter(|rest| rest.starts_with(|character: char| character.is_ascii_digit()));
    if let Some(rest) = negative {
        return format!("Minus{}", camel_ident(rest).trim_start_matches('V'));
    }
    let camel = prepare_words(name).to_upper_camel_case();
    let camel: String = camel
        .chars()
        .filter(|character| character.is_ascii_alphanumeric())
        .collect();
    if camel.is_empty() {
        return "Value".to_owned();
    }
    if camel.starts_with(|character: char| character.is_ascii_digit()) {
        return format!("V{camel}");
    }
    // Upper-casing a non-ASCII first letter can give characters that the
    // filter above drops, leaving a lower-case ASCII start.
    let mut characters = camel.chars();
    let camel = match characters.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + characters.as_str(),
        None => camel,
    };
    // `Self` cannot name a type or variant, and `Self_` trips the
    // non_camel_case_types lint.
    if camel == "Self" {
        return "SelfValue".to_owned();
    }
    camel
}

/// Returns the identifier without a leading `r#`.
pub fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

fn escape_keyword(ident: String) -> String {
    if NOT_RAW.contains(&ident.as_str()) {
        format!("{ident}_")
    } else if is_keyword(&ident) {
        format!("r#{ident}")
    } else {
        ident
    }
}

fn collapse_underscores(text: &str) -> String {
    let mut collapsed = String::with_capacity(text.len());
    for character in text.chars() {
        if character == '_' && collapsed.ends_with('_') {
            continue;
        }
        collapsed.push(character);
    }
    collapsed.trim_matches('_').to_owned()
}

/// Lower-cases the tail of acronyms that carry a version or plural suffix, so
/// that `getIPv4IPs` splits as `get IPv4 IPs` and not `get I Pv4 I Ps`.
fn prepare_words(name: &str) -> String {
    let characters: Vec<char> = name.chars().collect();
    let mut prepared = String::with_capacity(name.len());
    let mut index = 0;
    while index < characters.len() {
        let start = index;
        while index < characters.len() && characters[index].is_ascii_uppercase() {
            index += 1;
        }
        let run = &characters[start..index];
        if run.len() >= 2 && acronym_suffix_follows(&characters, index) {
            prepared.push(run[0]);
            prepared.extend(run[1..].iter().map(char::to_ascii_lowercase));
            continue;
        }
        prepared.extend(run);
        if index < characters.len() && index == start {
            prepared.push(characters[index]);
            index += 1;
        }
    }
    prepared
}

/// Returns whether `characters[index..]` starts with `s` or `v` followed by
/// a digit, and the suffix ends the word.
fn acronym_suffix_follows(characters: &[char], index: usize) -> bool {
    let at = |offset: usize| characters.get(index + offset).copied();
    let ends_word =
        |character: Option<char>| character.is_none_or(|character| !character.is_ascii_lowercase());
    match at(0) {
        Some('s') => ends_word(at(1)),
        Some('v') => at(1).is_some_and(|character| character.is_ascii_digit()),
        _ => false,
    }
}

/// A namespace in which every identifier must be unique.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// Creates a scope in which `reserved` names are already taken.
    pub fn with_reserved<'a>(reserved: impl IntoIterator<Item = &'a str>) -> Scope {
        Scope {
            taken: reserved.into_iter().map(str::to_owned).collect(),
        }
    }

    /// Claims `ident`, or the first free `ident_2`, `ident_3`, ... Returns
    /// the identifier claimed.
    pub fn claim(&mut self, ident: &str) -> String {
        if self.taken.insert(unraw(ident).to_owned()) {
            return ident.to_owned();
        }
        let base = unraw(ident).trim_end_matches('_');
        let mut counter = 2;
        loop {
            let candidate = format!("{base}_{counter}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            counter += 1;
        }
    }

    /// Claims a type or variant name, or the first free `Name2`, `Name3`, ...
    pub fn claim_camel(&mut self, ident: &str) -> String {
        if self.taken.insert(ident.to_owned()) {
            return ident.to_owned();
        }
        let mut counter = 2;
        loop {
            let candidate = format!("{ident}{counter}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            counter += 1;
        }
    }

    /// Returns whether `ident` is taken.
    pub fn contains(&self, ident: &str) -> bool {
        self.taken.contains(unraw(ident))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_ident_table() {
        let cases = [
            ("getDetails", "get_details"),
            ("VPN Management_getServers", "vpn_management_get_servers"),
            ("getIPv4IPs", "get_ipv4_ips"),
            ("changePTR", "change_ptr"),
            ("getOSList", "get_os_list"),
            ("bandwidth-graphs", "bandwidth_graphs"),
            ("2faenable", "_2faenable"),
            ("type", "r#type"),
            ("continue", "r#continue"),
            ("self", "self_"),
            ("Self", "self_"),
            ("super", "super_"),
            ("crate", "crate_"),
            ("", "value"),
            ("__", "value"),
            ("a.b[c]", "a_b_c"),
        ];
        for (input, expected) in cases {
            assert_eq!(snake_ident(input), expected, "snake_ident({input:?})");
        }
    }

    #[test]
    fn camel_ident_table() {
        let cases = [
            ("Private", "Private"),
            ("0", "V0"),
            ("2faenable", "V2faenable"),
            ("Self", "SelfValue"),
            ("", "Value"),
            ("in progress", "InProgress"),
            ("SSL Certificates", "SslCertificates"),
            ("ῶa", "A"),
            ("-1", "Minus1"),
        ];
        for (input, expected) in cases {
            assert_eq!(camel_ident(input), expected, "camel_ident({input:?})");
        }
    }

    #[test]
    fn scope_suffixes_clashes_in_order() {
        let mut scope = Scope::default();
        assert_eq!(scope.claim("get_usage_history"), "get_usage_history");
        assert_eq!(scope.claim("get_usage_history"), "get_usage_history_2");
        assert_eq!(scope.claim("get_usage_history"), "get_usage_history_3");
    }

    #[test]
    fn scope_treats_raw_and_plain_alike() {
        let mut scope = Scope::with_reserved(["type"]);
        assert_eq!(scope.claim("r#type"), "type_2");
    }

    #[test]
    fn every_keyword_gives_valid_ident() {
        for keyword in KEYWORDS {
            let ident = snake_ident(keyword);
            let parsed = if let Some(raw) = ident.strip_prefix("r#") {
                syn::parse_str::<syn::Ident>(&format!("r#{raw}")).is_ok()
            } else {
                syn::parse_str::<syn::Ident>(&ident).is_ok()
            };
            assert!(parsed, "{keyword} gave invalid ident {ident}");
        }
    }
}
