//! Type names derived from JSON keys, and the key tests that tell a map
//! from a struct.
//!
//! A nested object is named after its key (`invoice` gives `Invoice`), and
//! the items of an array or map after the singular of their key (`replies`
//! gives `Reply`). A name that says little on its own (`Item`, `Details`,
//! `Data`) is prefixed with the name of the parent type (`InvoiceItem`,
//! `ServiceDetails`), or with the operation when the parent is the response
//! itself.

use crate::names;

/// Lower-case names that are too vague to stand alone as a type name.
const VAGUE_NAMES: &[&str] = &[
    "attribute",
    "attributes",
    "body",
    "config",
    "configuration",
    "content",
    "data",
    "detail",
    "details",
    "element",
    "entry",
    "error",
    "extra",
    "field",
    "fields",
    "general",
    "info",
    "information",
    "item",
    "items",
    "list",
    "meta",
    "metadata",
    "misc",
    "object",
    "option",
    "options",
    "other",
    "param",
    "parameter",
    "parameters",
    "params",
    "property",
    "response",
    "result",
    "row",
    "setting",
    "settings",
    "status",
    "summary",
    "type",
    "value",
];

/// Last words that end in `s` but are not plurals.
const NOT_PLURAL: &[&str] = &[
    "access", "alias", "atlas", "bias", "canvas", "dns", "gas", "gps", "https", "ios", "its",
    "news", "os", "series", "sms", "species", "this", "yes",
];

/// Plurals whose singular the suffix rules get wrong.
const IRREGULAR_PLURALS: &[(&str, &str)] = &[
    ("aliases", "alias"),
    ("analyses", "analysis"),
    ("cookies", "cookie"),
    ("indices", "index"),
    ("matrices", "matrix"),
    ("movies", "movie"),
    ("oses", "os"),
    ("vertices", "vertex"),
];

/// Lower-case fragments of field names whose values are free text even when
/// an example shows only digits (`"postcode": "95401"`).
const FREE_TEXT_FRAGMENTS: &[&str] = &[
    "address",
    "fax",
    "mobile",
    "phone",
    "postalcode",
    "postcode",
    "zip",
];

/// Returns the operation's Rust method name as an UpperCamelCase type name
/// prefix: `get_invoice_details` gives `GetInvoiceDetails`.
pub(super) fn operation_pascal(operation: &str) -> String {
    names::camel_ident(names::unraw(operation))
}

/// Returns the preferred type name of an object that is the value of `key`.
pub(super) fn object_name(key: &str, parent: &str) -> String {
    qualify_if_vague(names::camel_ident(key), parent)
}

/// Returns the preferred type name of the items of an array or map that is the
/// value of `key`.
pub(super) fn item_name(key: &str, parent: &str) -> String {
    qualify_if_vague(names::camel_ident(&singular(key)), parent)
}

fn qualify_if_vague(name: String, parent: &str) -> String {
    if VAGUE_NAMES.contains(&name.to_ascii_lowercase().as_str()) && !name.starts_with(parent) {
        format!("{parent}{name}")
    } else {
        name
    }
}

/// Returns the singular of a simple English plural in the last word of
/// `key`: `categories` gives `category`, `last_tasks` gives `last_task`,
/// `serverIDs` gives `serverID`. Words such as `status`, `address` and `dns`
/// stay as they are.
pub(super) fn singular(key: &str) -> String {
    let word_start = last_word_start(key);
    let (prefix, word) = key.split_at(word_start);
    let lower = word.to_ascii_lowercase();
    if !lower.ends_with('s') || NOT_PLURAL.contains(&lower.as_str()) {
        return key.to_owned();
    }
    if let Some((_, singular)) = IRREGULAR_PLURALS
        .iter()
        .find(|(plural, _)| *plural == lower)
    {
        return format!("{prefix}{}", match_case(word, singular));
    }
    let (cut, replacement) = plural_suffix(&lower);
    if cut == 0 {
        return key.to_owned();
    }
    let stem = &word[..word.len() - cut];
    let replacement = if word[word.len() - cut..]
        .chars()
        .all(|character| character.is_ascii_uppercase())
    {
        replacement.to_ascii_uppercase()
    } else {
        replacement.to_owned()
    };
    format!("{prefix}{stem}{replacement}")
}

/// Returns how many bytes of the plural ending to cut from a lower-case
/// word that ends in `s`, and what to put in their place. Cuts nothing from
/// words that are not plurals.
fn plural_suffix(lower: &str) -> (usize, &'static str) {
    if lower.ends_with("ss") || lower.ends_with("us") || lower.ends_with("is") {
        return (0, "");
    }
    if lower.len() <= 3 {
        // Short words are plurals only with a vowel left (`ips`, `ids`), so
        // that `dns`-like acronyms stay whole.
        let stem = &lower[..lower.len() - 1];
        let has_vowel = stem.contains(['a', 'e', 'i', 'o', 'u']);
        return if stem.len() >= 2 && has_vowel {
            (1, "")
        } else {
            (0, "")
        };
    }
    if lower.ends_with("ies") {
        return (3, "y");
    }
    let drops_es = ["sses", "uses", "xes", "zzes", "shes"]
        .iter()
        .any(|ending| lower.ends_with(ending))
        || (lower.ends_with("ches") && !lower.ends_with("aches"));
    if drops_es { (2, "") } else { (1, "") }
}

/// Returns the byte index where the last word of `key` starts: after the
/// last character that is not an ASCII letter, or at a lower-to-upper case
/// change (`serverIDs` has the last word `IDs`).
fn last_word_start(key: &str) -> usize {
    let bytes = key.as_bytes();
    let mut start = bytes.len();
    while start > 0 && bytes[start - 1].is_ascii_alphabetic() {
        let case_change = start < bytes.len()
            && bytes[start - 1].is_ascii_lowercase()
            && bytes[start].is_ascii_uppercase();
        if case_change {
            break;
        }
        start -= 1;
    }
    start
}

/// Returns `replacement` in upper case when `original` is all upper case.
fn match_case(original: &str, replacement: &str) -> String {
    if original
        .chars()
        .all(|character| character.is_ascii_uppercase())
    {
        replacement.to_ascii_uppercase()
    } else {
        replacement.to_owned()
    }
}

/// Returns whether `key` is a decimal integer (`"332"`, `"-2"`), which
/// HostBill uses for ids and never for field names.
pub(super) fn is_id_key(key: &str) -> bool {
    let digits = key.strip_prefix('-').unwrap_or(key);
    !digits.is_empty() && digits.bytes().all(|byte| byte.is_ascii_digit())
}

/// Returns whether `key` looks like a field name: letters, digits, `_`, `-`
/// and `$` only, and not an id. Keys such as `hosting.com`, `1.2.3.4`,
/// `custom[1618]`, `Disk Size` or `""` are data.
pub(super) fn is_field_like(key: &str) -> bool {
    !key.is_empty()
        && !is_id_key(key)
        && key
            .chars()
            .all(|character| character.is_alphanumeric() || matches!(character, '_' | '-' | '$'))
}

/// Returns whether the values of field `key` are free text even when they
/// look like numbers: postcodes, phone numbers, address lines.
pub(super) fn is_free_text_field(key: &str) -> bool {
    let squashed: String = key
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|character| character.to_ascii_lowercase())
        .collect();
    FREE_TEXT_FRAGMENTS
        .iter()
        .any(|fragment| squashed.contains(fragment))
}

/// Name fragments of money fields. An example often shows a whole amount
/// (`"credit": 0`) where the portal later sends a fraction (`12.5`), so
/// these fields are typed as numbers even when the example is whole.
const MONEY_FRAGMENTS: &[&str] = &[
    "amount", "balance", "charge", "cost", "credit", "discount", "fee", "funds", "paid", "price",
    "rate", "subtotal", "tax", "total",
];

/// Returns whether `key` names an amount of money or a rate.
pub(super) fn is_money_field(key: &str) -> bool {
    let lower = key.to_ascii_lowercase();
    MONEY_FRAGMENTS
        .iter()
        .any(|fragment| lower.contains(fragment))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_fields() {
        for key in [
            "credit",
            "taxrate",
            "tax2",
            "linetotal",
            "acc_balance",
            "setup_price",
            "rate3",
        ] {
            assert!(is_money_field(key), "{key} is a money field");
        }
        for key in ["id", "index", "ttl", "priority", "invoice_id", "qty"] {
            assert!(!is_money_field(key), "{key} is not a money field");
        }
    }

    #[test]
    fn singular_table() {
        let cases = [
            ("items", "item"),
            ("invoices", "invoice"),
            ("categories", "category"),
            ("replies", "reply"),
            ("addresses", "address"),
            ("statuses", "status"),
            ("status", "status"),
            ("address", "address"),
            ("boxes", "box"),
            ("taxes", "tax"),
            ("matches", "match"),
            ("caches", "cache"),
            ("licenses", "license"),
            ("sslservices", "sslservice"),
            ("last_tasks", "last_task"),
            ("dns_servers", "dns_server"),
            ("serverIDs", "serverID"),
            ("ITEMS", "ITEM"),
            ("CATEGORIES", "CATEGORY"),
            ("ips", "ip"),
            ("ids", "id"),
            ("dns", "dns"),
            ("os", "os"),
            ("oses", "os"),
            ("news", "news"),
            ("analysis", "analysis"),
            ("bonus", "bonus"),
            ("s", "s"),
            ("", ""),
            ("tax", "tax"),
            ("info", "info"),
            ("2fa", "2fa"),
            ("한국어s", "한국어s"),
        ];
        for (plural, expected) in cases {
            assert_eq!(singular(plural), expected, "singular({plural:?})");
        }
    }

    #[test]
    fn vague_names_take_parent() {
        assert_eq!(item_name("items", "Invoice"), "InvoiceItem");
        assert_eq!(object_name("details", "Service"), "ServiceDetails");
        assert_eq!(object_name("invoice", "Whatever"), "Invoice");
        assert_eq!(item_name("replies", "Ticket"), "Reply");
        assert_eq!(object_name("", "Invoice"), "InvoiceValue");
    }

    #[test]
    fn vague_name_not_doubled() {
        assert_eq!(item_name("items", "Item"), "Item");
    }

    #[test]
    fn key_classes() {
        assert!(is_id_key("332"));
        assert!(is_id_key("-2"));
        assert!(!is_id_key("-"));
        assert!(!is_id_key("2fa"));
        assert!(is_field_like("2fa"));
        assert!(is_field_like("first_name"));
        assert!(is_field_like("bandwidth-graphs"));
        assert!(is_field_like("이름"));
        assert!(!is_field_like("hosting.com"));
        assert!(!is_field_like("custom[1618]"));
        assert!(!is_field_like("Disk Size"));
        assert!(!is_field_like(""));
        assert!(!is_field_like("332"));
    }

    #[test]
    fn free_text_fields() {
        for key in [
            "postcode",
            "PostalCode",
            "postal_code",
            "phonenumber",
            "address2",
            "zip",
        ] {
            assert!(is_free_text_field(key), "{key}");
        }
        for key in ["id", "total", "ticket_number"] {
            assert!(!is_free_text_field(key), "{key}");
        }
    }
}
