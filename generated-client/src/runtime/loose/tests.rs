//! Round trips, accessors and error messages of the loose value types, alone
//! and nested in structs shaped like generated response types.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::{Loose, LooseList, LooseMap, LooseObject, deserialize_some, short_type_name};

/// Decodes `value` as `T` and checks that encoding it again gives `value`.
fn round_trip<T: DeserializeOwned + Serialize>(value: &Value) -> T {
    let decoded: T = serde_json::from_value(value.clone())
        .unwrap_or_else(|error| panic!("{value} was rejected: {error}"));
    let encoded = serde_json::to_value(&decoded).expect("encode");
    assert_eq!(&encoded, value, "round trip of {value}");
    decoded
}

/// Returns the message of the error that decoding `value` as `T` gives.
fn rejection<T: DeserializeOwned + std::fmt::Debug>(value: &Value) -> String {
    match serde_json::from_value::<T>(value.clone()) {
        Ok(decoded) => panic!("{value} was accepted as {decoded:?}"),
        Err(error) => error.to_string(),
    }
}

const I64_EXPECTED: &str =
    "expected an integer within i64 or a string holding one, such as \"26\" or \"15.00\"";
const F64_EXPECTED: &str = "expected a number or a string holding one, such as \"9.99\"";
const BOOL_EXPECTED: &str =
    "expected a boolean or one of 1, 0, \"1\", \"0\", \"true\" and \"false\"";
const STRING_EXPECTED: &str = "expected a string, number or boolean";

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
struct Client {
    #[serde(
        default,
        deserialize_with = "deserialize_some",
        skip_serializing_if = "Option::is_none"
    )]
    id: Option<Loose<i64>>,
    #[serde(
        default,
        deserialize_with = "deserialize_some",
        skip_serializing_if = "Option::is_none"
    )]
    firstname: Option<Loose<String>>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
struct InvoiceItem {
    #[serde(
        default,
        deserialize_with = "deserialize_some",
        skip_serializing_if = "Option::is_none"
    )]
    id: Option<Loose<i64>>,
    #[serde(
        default,
        deserialize_with = "deserialize_some",
        skip_serializing_if = "Option::is_none"
    )]
    description: Option<Loose<String>>,
    #[serde(
        default,
        deserialize_with = "deserialize_some",
        skip_serializing_if = "Option::is_none"
    )]
    amount: Option<Loose<f64>>,
    #[serde(
        default,
        deserialize_with = "deserialize_some",
        skip_serializing_if = "Option::is_none"
    )]
    taxed: Option<Loose<bool>>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
struct Invoice {
    #[serde(
        default,
        deserialize_with = "deserialize_some",
        skip_serializing_if = "Option::is_none"
    )]
    id: Option<Loose<i64>>,
    #[serde(
        default,
        deserialize_with = "deserialize_some",
        skip_serializing_if = "Option::is_none"
    )]
    total: Option<Loose<f64>>,
    #[serde(
        default,
        deserialize_with = "deserialize_some",
        skip_serializing_if = "Option::is_none"
    )]
    paid: Option<Loose<bool>>,
    #[serde(
        default,
        deserialize_with = "deserialize_some",
        skip_serializing_if = "Option::is_none"
    )]
    datepaid: Option<Loose<String>>,
    #[serde(
        default,
        deserialize_with = "deserialize_some",
        skip_serializing_if = "Option::is_none"
    )]
    client: Option<LooseObject<Client>>,
    #[serde(
        default,
        deserialize_with = "deserialize_some",
        skip_serializing_if = "Option::is_none"
    )]
    items: Option<LooseList<InvoiceItem>>,
    #[serde(
        default,
        deserialize_with = "deserialize_some",
        skip_serializing_if = "Option::is_none"
    )]
    gateways: Option<LooseMap<Loose<String>>>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
struct InvoicesResponse {
    #[serde(
        default,
        deserialize_with = "deserialize_some",
        skip_serializing_if = "Option::is_none"
    )]
    success: Option<Loose<bool>>,
    #[serde(
        default,
        deserialize_with = "deserialize_some",
        skip_serializing_if = "Option::is_none"
    )]
    invoices: Option<LooseList<Invoice>>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

/// A struct without a flattened field, which serde decodes without
/// buffering.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
struct Plain {
    #[serde(
        default,
        deserialize_with = "deserialize_some",
        skip_serializing_if = "Option::is_none"
    )]
    id: Option<Loose<i64>>,
    #[serde(
        default,
        deserialize_with = "deserialize_some",
        skip_serializing_if = "Option::is_none"
    )]
    items: Option<LooseList<Plain>>,
}

// Scalars

#[test]
fn integer_accepted_forms() {
    let cases = [
        (json!(26), Some(26)),
        (json!(-3), Some(-3)),
        (json!(0), Some(0)),
        (json!(i64::MAX), Some(i64::MAX)),
        (json!(i64::MIN), Some(i64::MIN)),
        (json!(15.0), Some(15)),
        (json!(-2.0), Some(-2)),
        (json!("26"), Some(26)),
        (json!("+26"), Some(26)),
        (json!("-3"), Some(-3)),
        (json!(" 26 "), Some(26)),
        (json!("15.00"), Some(15)),
        (json!("15."), Some(15)),
        (json!("-0.0"), Some(0)),
        (json!("9223372036854775807"), Some(i64::MAX)),
        (json!(""), None),
        (json!("  "), None),
        (json!(null), None),
        (json!([]), None),
    ];
    for (value, expected) in cases {
        let decoded: Loose<i64> = round_trip(&value);
        assert_eq!(decoded.get(), expected, "get of {value}");
        assert_eq!(decoded.raw(), &value, "raw of {value}");
    }
}

#[test]
fn integer_rejected_forms() {
    let cases = [
        (json!("abc"), r#"invalid value: string "abc""#),
        (json!("15.5"), r#"invalid value: string "15.5""#),
        (json!("1e3"), r#"invalid value: string "1e3""#),
        (json!("1 000"), r#"invalid value: string "1 000""#),
        (
            json!("9223372036854775808"),
            r#"invalid value: string "9223372036854775808""#,
        ),
        (json!(15.5), "invalid value: floating point 15.5"),
        (
            json!(u64::MAX),
            "invalid value: integer 18446744073709551615",
        ),
        (json!(1e19), "invalid value: floating point 1e+19"),
        (json!(true), "invalid type: boolean true"),
        (json!({}), "invalid type: object {}"),
        (json!({"a": 1}), r#"invalid type: object {"a":1}"#),
        (json!([1]), "invalid type: array [1]"),
    ];
    for (value, found) in cases {
        let message = rejection::<Loose<i64>>(&value);
        assert_eq!(
            message,
            format!("{found}, {I64_EXPECTED}"),
            "error for {value}"
        );
    }
}

#[test]
fn float_accepted_forms() {
    let cases = [
        (json!(9.99), Some(9.99)),
        (json!(26), Some(26.0)),
        (json!(-1), Some(-1.0)),
        (json!(1e300), Some(1e300)),
        (json!("9.99"), Some(9.99)),
        (json!("26"), Some(26.0)),
        (json!(" -0.5 "), Some(-0.5)),
        (json!("1e3"), Some(1000.0)),
        (json!("15.00"), Some(15.0)),
        (json!(""), None),
        (json!(null), None),
        (json!([]), None),
    ];
    for (value, expected) in cases {
        let decoded: Loose<f64> = round_trip(&value);
        assert_eq!(decoded.get(), expected, "get of {value}");
    }
}

#[test]
fn float_rejected_forms() {
    let cases = [
        (json!("abc"), r#"invalid value: string "abc""#),
        (json!("9,99"), r#"invalid value: string "9,99""#),
        (json!("NaN"), r#"invalid value: string "NaN""#),
        (json!("inf"), r#"invalid value: string "inf""#),
        (json!(false), "invalid type: boolean false"),
        (json!({}), "invalid type: object {}"),
        (json!([1.5]), "invalid type: array [1.5]"),
    ];
    for (value, found) in cases {
        let message = rejection::<Loose<f64>>(&value);
        assert_eq!(
            message,
            format!("{found}, {F64_EXPECTED}"),
            "error for {value}"
        );
    }
}

#[test]
fn boolean_accepted_forms() {
    let cases = [
        (json!(true), Some(true)),
        (json!(false), Some(false)),
        (json!(1), Some(true)),
        (json!(0), Some(false)),
        (json!("1"), Some(true)),
        (json!("0"), Some(false)),
        (json!("true"), Some(true)),
        (json!("false"), Some(false)),
        (json!("TRUE"), Some(true)),
        (json!(" False "), Some(false)),
        (json!(""), None),
        (json!(null), None),
        (json!([]), None),
    ];
    for (value, expected) in cases {
        let decoded: Loose<bool> = round_trip(&value);
        assert_eq!(decoded.get(), expected, "get of {value}");
    }
}

#[test]
fn boolean_rejected_forms() {
    let cases = [
        (json!(2), "invalid value: integer 2"),
        (json!(-1), "invalid value: integer -1"),
        (json!(1.0), "invalid value: floating point 1.0"),
        (json!("yes"), r#"invalid value: string "yes""#),
        (json!("2"), r#"invalid value: string "2""#),
        (json!({}), "invalid type: object {}"),
        (json!([true]), "invalid type: array [true]"),
    ];
    for (value, found) in cases {
        let message = rejection::<Loose<bool>>(&value);
        assert_eq!(
            message,
            format!("{found}, {BOOL_EXPECTED}"),
            "error for {value}"
        );
    }
}

#[test]
fn string_accepted_forms() {
    let cases = [
        (json!("Paid"), Some("Paid")),
        (json!("0000-00-00 00:00:00"), Some("0000-00-00 00:00:00")),
        (json!(" "), Some(" ")),
        (json!(26), Some("26")),
        (json!(-1), Some("-1")),
        (json!(9.99), Some("9.99")),
        (json!(true), Some("true")),
        (json!(false), Some("false")),
        (json!(""), None),
        (json!(null), None),
        (json!([]), None),
    ];
    for (value, expected) in cases {
        let decoded: Loose<String> = round_trip(&value);
        assert_eq!(decoded.get().as_deref(), expected, "get of {value}");
    }
}

#[test]
fn string_rejected_forms() {
    let cases = [
        (json!({}), "invalid type: object {}"),
        (json!({"a": "b"}), r#"invalid type: object {"a":"b"}"#),
        (json!(["a"]), r#"invalid type: array ["a"]"#),
    ];
    for (value, found) in cases {
        let message = rejection::<Loose<String>>(&value);
        assert_eq!(
            message,
            format!("{found}, {STRING_EXPECTED}"),
            "error for {value}"
        );
    }
}

#[test]
fn rejected_value_quote_is_shortened() {
    let long = "x".repeat(200);
    let message = rejection::<Loose<i64>>(&json!(long));
    let quote = format!("\"{}…", "x".repeat(63));
    assert!(message.contains(&quote), "{message}");
    assert!(!message.contains(&"x".repeat(64)), "{message}");
    assert!(message.ends_with(I64_EXPECTED), "{message}");
}

#[test]
fn rejected_value_quote_keeps_characters_whole() {
    // 63 ASCII bytes and then a two-byte character that crosses the limit.
    let text = format!("{}é", "x".repeat(62));
    let message = rejection::<Loose<f64>>(&json!(text));
    assert!(
        message.contains(&format!("\"{}…", "x".repeat(62))),
        "{message}"
    );
}

#[test]
fn nested_rejection_from_text_has_position() {
    let error = serde_json::from_str::<Plain>(r#"{"id": "abc"}"#).expect_err("abc is rejected");
    assert_eq!(
        error.to_string(),
        format!(r#"invalid value: string "abc", {I64_EXPECTED} at line 1 column 13"#)
    );
}

#[test]
fn scalar_from_native_values() {
    assert_eq!(Loose::from(26_i64).raw(), &json!(26));
    assert_eq!(Loose::from(9.5_f64).raw(), &json!(9.5));
    assert_eq!(Loose::from(f64::NAN).raw(), &json!(null));
    assert_eq!(Loose::from(true).raw(), &json!(true));
    assert_eq!(Loose::from("Paid").raw(), &json!("Paid"));
    assert_eq!(
        Loose::from(String::from("Paid")).get().as_deref(),
        Some("Paid")
    );
    assert_eq!(Loose::<i64>::from(None).raw(), &json!(null));
    assert_eq!(Loose::from(Some(5_i64)).get(), Some(5));
    assert_eq!(Loose::<bool>::default().raw(), &json!(null));
    assert_eq!(Loose::from(7_i64).into_raw(), json!(7));
}

#[test]
fn scalar_equality_compares_wire_form() {
    let text: Loose<i64> = serde_json::from_value(json!("26")).expect("decode");
    let number: Loose<i64> = serde_json::from_value(json!(26)).expect("decode");
    assert_eq!(text.get(), number.get());
    assert_ne!(text, number);
    assert_eq!(number, Loose::from(26));
}

#[test]
fn scalar_display_and_debug() {
    let whole: Loose<i64> = serde_json::from_value(json!("15.00")).expect("decode");
    assert_eq!(whole.to_string(), "15");
    let price: Loose<f64> = serde_json::from_value(json!("9.99")).expect("decode");
    assert_eq!(price.to_string(), "9.99");
    let flag: Loose<bool> = serde_json::from_value(json!("1")).expect("decode");
    assert_eq!(flag.to_string(), "true");
    let empty: Loose<String> = serde_json::from_value(json!("")).expect("decode");
    assert_eq!(empty.to_string(), "");
    assert_eq!(format!("{whole:?}"), r#"Loose("15.00")"#);
    assert_eq!(format!("{:?}", Loose::<i64>::default()), "Loose(null)");
}

// Objects

#[test]
fn object_accepted_forms() {
    let cases = [
        json!({"id": "5", "firstname": "Ann"}),
        json!({"id": 5, "firstname": null, "companyname": "Acme"}),
        json!({}),
        json!(null),
        json!([]),
        json!(""),
        json!(false),
    ];
    for value in cases {
        let decoded: LooseObject<Client> = round_trip(&value);
        assert_eq!(decoded.get().is_some(), value.is_object(), "get of {value}");
    }
}

#[test]
fn object_get_reads_fields() {
    let decoded: LooseObject<Client> =
        round_trip(&json!({"id": "5", "firstname": "Ann", "status": "Active"}));
    let client = decoded.get().expect("an object");
    assert_eq!(client.id.as_ref().and_then(Loose::get), Some(5));
    assert_eq!(
        client.firstname.as_ref().and_then(Loose::get).as_deref(),
        Some("Ann")
    );
    assert_eq!(client.extra.get("status"), Some(&json!("Active")));
    assert_eq!(
        decoded.into_inner().map(|client| client.extra.len()),
        Some(1)
    );
}

#[test]
fn object_rejected_forms() {
    let expected = r#"expected an object for Client, or null, [], "" or false"#;
    let cases = [
        (json!("abc"), r#"invalid type: string "abc""#),
        (json!(true), "invalid type: boolean true"),
        (json!(5), "invalid type: integer 5"),
        (json!(-5), "invalid type: integer -5"),
        (json!(1.5), "invalid type: floating point 1.5"),
        (json!([1, 2]), "invalid type: array [1,2]"),
        (json!([{"id": 1}]), r#"invalid type: array [{"id":1}]"#),
    ];
    for (value, found) in cases {
        let message = rejection::<LooseObject<Client>>(&value);
        assert_eq!(message, format!("{found}, {expected}"), "error for {value}");
    }
}

#[test]
fn object_field_rejection_passes_through() {
    let message = rejection::<LooseObject<Client>>(&json!({"id": "abc"}));
    assert_eq!(
        message,
        format!(r#"invalid value: string "abc", {I64_EXPECTED}"#)
    );
}

#[test]
fn object_from_value_and_default() {
    let wrapped = LooseObject::from(Client::default());
    assert_eq!(serde_json::to_value(&wrapped).expect("encode"), json!({}));
    let empty = LooseObject::<Client>::default();
    assert_eq!(empty.get(), None);
    assert_eq!(serde_json::to_value(&empty).expect("encode"), json!(null));
}

#[test]
fn object_get_mut_changes_field() {
    let mut decoded: LooseObject<Client> = round_trip(&json!({"id": "5"}));
    if let Some(client) = decoded.get_mut() {
        client.id = Some(Loose::from(6));
    }
    assert_eq!(
        serde_json::to_value(&decoded).expect("encode"),
        json!({"id": 6})
    );
}

// Lists

#[test]
fn list_accepted_forms() {
    let cases = [
        (json!([1, "2", "", null]), 4, false),
        (json!([]), 0, false),
        (json!({"1693": 1, "1694": "2"}), 2, true),
        (json!({}), 0, true),
        (json!(null), 0, false),
        (json!(""), 0, false),
        (json!(false), 0, false),
    ];
    for (value, len, keyed) in cases {
        let decoded: LooseList<Loose<i64>> = round_trip(&value);
        assert_eq!(decoded.len(), len, "len of {value}");
        assert_eq!(decoded.is_empty(), len == 0, "is_empty of {value}");
        assert_eq!(decoded.is_keyed(), keyed, "is_keyed of {value}");
    }
}

#[test]
fn list_array_access() {
    let decoded: LooseList<Loose<i64>> = round_trip(&json!([1, "2", ""]));
    let values: Vec<Option<i64>> = decoded.iter().map(Loose::get).collect();
    assert_eq!(values, [Some(1), Some(2), None]);
    assert_eq!(decoded[1].get(), Some(2));
    assert_eq!(decoded.get(2).map(Loose::get), Some(None));
    assert_eq!(decoded.get(3), None);
    assert_eq!(decoded.key(0), None);
    let keys: Vec<Option<&str>> = decoded.iter_keyed().map(|(key, _)| key).collect();
    assert_eq!(keys, [None, None, None]);
}

#[test]
fn list_keyed_object_keeps_wire_order() {
    let text = r#"{"1694":{"id":"1694"},"1693":{"id":1693},"20":{"id":"20","x":1}}"#;
    let decoded: LooseList<Plain> = serde_json::from_str(text).expect("decode");
    let keyed: Vec<(Option<&str>, Option<i64>)> = decoded
        .iter_keyed()
        .map(|(key, item)| (key, item.id.as_ref().and_then(Loose::get)))
        .collect();
    assert_eq!(
        keyed,
        [
            (Some("1694"), Some(1694)),
            (Some("1693"), Some(1693)),
            (Some("20"), Some(20)),
        ]
    );
    assert_eq!(decoded.key(1), Some("1693"));
    assert_eq!(decoded.key(3), None);
    assert_eq!(decoded[0].id.as_ref().and_then(Loose::get), Some(1694));
}

#[test]
fn list_keyed_object_writes_wire_order() {
    let text = r#"{"20":"b","1693":"a","3":""}"#;
    let decoded: LooseList<Loose<String>> = serde_json::from_str(text).expect("decode");
    assert_eq!(serde_json::to_string(&decoded).expect("encode"), text);
}

#[test]
fn list_repeated_key_keeps_last_value() {
    let text = r#"{"7":"a","8":"b","7":"c"}"#;
    let decoded: LooseList<Loose<String>> = serde_json::from_str(text).expect("decode");
    let keyed: Vec<(Option<&str>, Option<String>)> = decoded
        .iter_keyed()
        .map(|(key, value)| (key, value.get()))
        .collect();
    assert_eq!(
        keyed,
        [
            (Some("7"), Some("c".to_owned())),
            (Some("8"), Some("b".to_owned()))
        ]
    );
    let as_value: Value = serde_json::from_str(text).expect("decode as Value");
    assert_eq!(serde_json::to_value(&decoded).expect("encode"), as_value);
}

#[test]
fn list_rejected_forms() {
    let expected =
        r#"expected a list of Loose<i64> as an array or an object, or null, "" or false"#;
    let cases = [
        (json!("abc"), r#"invalid type: string "abc""#),
        (json!(true), "invalid type: boolean true"),
        (json!(5), "invalid type: integer 5"),
        (json!(0.5), "invalid type: floating point 0.5"),
    ];
    for (value, found) in cases {
        let message = rejection::<LooseList<Loose<i64>>>(&value);
        assert_eq!(message, format!("{found}, {expected}"), "error for {value}");
    }
}

#[test]
fn list_item_rejection_passes_through() {
    let message = rejection::<LooseList<Loose<i64>>>(&json!([1, "x"]));
    assert_eq!(
        message,
        format!(r#"invalid value: string "x", {I64_EXPECTED}"#)
    );
}

#[test]
fn list_constructors() {
    let list: LooseList<i64> = vec![1, 2].into();
    assert_eq!(serde_json::to_value(&list).expect("encode"), json!([1, 2]));
    let collected: LooseList<i64> = (1..=3).collect();
    assert_eq!(collected.as_slice(), [1, 2, 3]);
    assert_eq!(collected.clone().into_vec(), [1, 2, 3]);
    let owned: Vec<i64> = collected.into_iter().collect();
    assert_eq!(owned, [1, 2, 3]);
    let empty = LooseList::<i64>::default();
    assert_eq!(serde_json::to_value(&empty).expect("encode"), json!([]));
    assert_eq!(format!("{list:?}"), "LooseList([1, 2])");
}

// Maps

#[test]
fn map_accepted_forms() {
    let cases = [
        (json!({"10": "BankTransfer", "2": "PayPal"}), 2, false),
        (json!({}), 0, false),
        (json!(["BankTransfer", "PayPal"]), 2, true),
        (json!([]), 0, true),
        (json!(null), 0, false),
        (json!(""), 0, false),
        (json!(false), 0, false),
    ];
    for (value, len, array) in cases {
        let decoded: LooseMap<Loose<String>> = round_trip(&value);
        assert_eq!(decoded.len(), len, "len of {value}");
        assert_eq!(decoded.is_empty(), len == 0, "is_empty of {value}");
        assert_eq!(decoded.is_array(), array, "is_array of {value}");
    }
}

#[test]
fn map_object_access_in_wire_order() {
    let text = r#"{"10":"BankTransfer","2":"PayPal","name":""}"#;
    let decoded: LooseMap<Loose<String>> = serde_json::from_str(text).expect("decode");
    let entries: Vec<(&str, Option<String>)> = decoded
        .iter()
        .map(|(key, value)| (key, value.get()))
        .collect();
    assert_eq!(
        entries,
        [
            ("10", Some("BankTransfer".to_owned())),
            ("2", Some("PayPal".to_owned())),
            ("name", None),
        ]
    );
    assert_eq!(
        decoded.get("2").and_then(Loose::get).as_deref(),
        Some("PayPal")
    );
    assert_eq!(decoded.get("3"), None);
    assert!(decoded.contains_key("name"));
    assert_eq!(decoded.keys().collect::<Vec<_>>(), ["10", "2", "name"]);
    assert_eq!(decoded.values().len(), 3);
    assert_eq!(serde_json::to_string(&decoded).expect("encode"), text);
}

#[test]
fn map_array_uses_index_keys() {
    let decoded: LooseMap<Loose<String>> = round_trip(&json!(["BankTransfer", "PayPal"]));
    assert_eq!(
        decoded.get("1").and_then(Loose::get).as_deref(),
        Some("PayPal")
    );
    assert_eq!(decoded.get("2"), None);
    assert_eq!(decoded.keys().collect::<Vec<_>>(), ["0", "1"]);
    let owned: Vec<(String, Option<String>)> = decoded
        .into_iter()
        .map(|(key, value)| (key, value.get()))
        .collect();
    assert_eq!(owned[0], ("0".to_owned(), Some("BankTransfer".to_owned())));
}

#[test]
fn map_rejected_forms() {
    let expected =
        r#"expected a map of Loose<String> as an array or an object, or null, "" or false"#;
    let cases = [
        (json!("abc"), r#"invalid type: string "abc""#),
        (json!(true), "invalid type: boolean true"),
        (json!(5), "invalid type: integer 5"),
        (json!(0.5), "invalid type: floating point 0.5"),
    ];
    for (value, found) in cases {
        let message = rejection::<LooseMap<Loose<String>>>(&value);
        assert_eq!(message, format!("{found}, {expected}"), "error for {value}");
    }
}

#[test]
fn map_value_rejection_passes_through() {
    let message = rejection::<LooseMap<Loose<String>>>(&json!({"10": {"a": 1}}));
    assert_eq!(
        message,
        format!(r#"invalid type: object {{"a":1}}, {STRING_EXPECTED}"#)
    );
}

#[test]
fn map_constructors() {
    let collected: LooseMap<i64> = [
        ("b".to_owned(), 1),
        ("a".to_owned(), 2),
        ("b".to_owned(), 3),
    ]
    .into_iter()
    .collect();
    assert_eq!(collected.iter().collect::<Vec<_>>(), [("b", &3), ("a", &2)]);
    assert_eq!(
        serde_json::to_string(&collected).expect("encode"),
        r#"{"b":3,"a":2}"#
    );
    let empty = LooseMap::<i64>::default();
    assert_eq!(serde_json::to_value(&empty).expect("encode"), json!({}));
    assert_eq!(format!("{collected:?}"), r#"LooseMap({"b": 3, "a": 2})"#);
}

// Fields of generated structs

#[test]
fn field_absent_or_null() {
    let absent: Plain = round_trip(&json!({}));
    assert_eq!(absent.id, None);
    let null: Plain = round_trip(&json!({"id": null}));
    assert_eq!(null.id, Some(Loose::default()));
    assert_eq!(null.id.as_ref().and_then(Loose::get), None);
}

#[test]
fn nested_combinations_round_trip() {
    let cases = [
        // A list sent as an id-keyed object of structs with unknown fields.
        json!({"items": {"1693": {"id": "1693", "description": "VPS", "amount": "9.99",
                                  "taxed": "1", "period": "monthly"},
                         "1694": {"id": 1694, "amount": 10, "taxed": 0}}}),
        // The same list sent as an array.
        json!({"items": [{"id": "1693", "amount": 9.99}, {"id": 1694, "taxed": true}]}),
        // A wrapped detail that is null, [] for an object and [] for a map.
        json!({"client": null, "gateways": []}),
        json!({"client": [], "gateways": {"10": "BankTransfer", "11": 5}}),
        json!({"client": "", "items": "", "gateways": ""}),
        json!({"client": false, "items": false, "gateways": null}),
        json!({"client": {"id": "12", "status": "Active", "groups": [1, 2]}, "items": {}}),
        // Unknown fields of every JSON kind.
        json!({"id": 1, "x": null, "y": [], "z": {"a": [1, {"b": ""}]}, "w": 1.5}),
    ];
    for value in cases {
        round_trip::<Invoice>(&value);
    }
}

#[test]
fn nested_list_of_maps_round_trip() {
    let cases = [
        json!([{"a": "1"}, [], {"0": 2}, ["3", 4], null]),
        json!({"x": {"k": ""}, "y": []}),
    ];
    for value in cases {
        round_trip::<LooseList<LooseMap<Loose<i64>>>>(&value);
    }
}

#[test]
fn nested_rejection_names_expected_type() {
    let value = json!({"items": {"1693": {"id": "VPS"}}});
    let message = rejection::<Invoice>(&value);
    assert_eq!(
        message,
        format!(r#"invalid value: string "VPS", {I64_EXPECTED}"#)
    );
}

/// Returns the path `serde_path_to_error` gives for the error of decoding
/// `text` as `T`, first from the text and then from a parsed `Value`, which
/// must agree.
fn rejected_path<T: DeserializeOwned + std::fmt::Debug>(text: &str) -> String {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let from_text = serde_path_to_error::deserialize::<_, T>(&mut deserializer)
        .expect_err("the text is rejected");
    let value: Value = serde_json::from_str(text).expect("valid JSON");
    let from_value =
        serde_path_to_error::deserialize::<_, T>(&value).expect_err("the value is rejected");
    assert_eq!(from_text.path().to_string(), from_value.path().to_string());
    from_text.path().to_string()
}

#[test]
fn nested_rejection_path() {
    assert_eq!(
        rejected_path::<Plain>(r#"{"items": [{"id": 1}, {"items": {"7": {"id": "abc"}}}]}"#),
        "items[1].items.7.id"
    );
    assert_eq!(
        rejected_path::<Invoice>(r#"{"items": {"1693": {"id": "abc"}}}"#),
        "items.1693.id"
    );
    assert_eq!(
        rejected_path::<Invoice>(r#"{"client": {"id": "abc"}, "x": 1}"#),
        "client.id"
    );
    assert_eq!(
        rejected_path::<Invoice>(r#"{"gateways": {"10": {}}}"#),
        "gateways.10"
    );
    assert_eq!(
        rejected_path::<InvoicesResponse>(r#"{"invoices": {"5": {"client": "x"}}}"#),
        "invoices.5.client"
    );
}

/// A response shaped like HostBill's invoice list. It has the variations a
/// PHP portal sends: numbers as strings and the reverse, `[]` for an object
/// and for a map, and an id-keyed object for a list. It also has unknown
/// fields, missing fields and zero dates.
const HOSTBILL_INVOICES: &str = r#"{
    "success": true,
    "call": "getInvoices",
    "server_time": 1721890000,
    "invoices": {
        "1693": {
            "id": "1693",
            "total": "9.99",
            "paid": "1",
            "datepaid": "2024-07-01 10:00:00",
            "status": "Paid",
            "currency": {"code": "KRW", "rate": "1.000"},
            "client": {"id": 12, "firstname": "Ann", "companyname": ""},
            "items": [
                {"id": "501", "description": "VPS Linux", "amount": "9.99", "taxed": "0", "qty": "1"},
                {"id": 502, "description": 2024, "amount": 0, "taxed": false}
            ],
            "gateways": {"10": "BankTransfer", "12": "PayPal"}
        },
        "1694": {
            "id": 1694,
            "total": 15,
            "paid": 0,
            "datepaid": "0000-00-00 00:00:00",
            "client": [],
            "items": {
                "77": {"id": "77", "amount": "15.00", "taxed": "true", "type": "Hosting"},
                "78": {"id": "78", "amount": "", "taxed": null}
            },
            "gateways": []
        },
        "1695": {
            "id": "1695",
            "total": "",
            "paid": "",
            "client": null,
            "items": "",
            "gateways": ["BankTransfer"],
            "notes": null
        },
        "1696": {
            "id": "1696.00",
            "paid": true,
            "client": false,
            "items": {},
            "gateways": null,
            "credit": 0.0
        }
    }
}"#;

#[test]
fn hostbill_response_round_trip() {
    let original: Value = serde_json::from_str(HOSTBILL_INVOICES).expect("valid JSON");
    let response: InvoicesResponse =
        serde_json::from_str(HOSTBILL_INVOICES).expect("decode the response");
    let encoded = serde_json::to_value(&response).expect("encode the response");
    assert_eq!(encoded, original);
}

#[test]
fn hostbill_response_values() {
    let response: InvoicesResponse =
        serde_json::from_str(HOSTBILL_INVOICES).expect("decode the response");
    assert_eq!(response.success.as_ref().and_then(Loose::get), Some(true));
    assert_eq!(response.extra.get("call"), Some(&json!("getInvoices")));
    let invoices = response.invoices.expect("invoices");
    assert_eq!(invoices.len(), 4);
    let keys: Vec<Option<&str>> = invoices.iter_keyed().map(|(key, _)| key).collect();
    assert_eq!(
        keys,
        [Some("1693"), Some("1694"), Some("1695"), Some("1696")]
    );

    let first = &invoices[0];
    assert_eq!(first.id.as_ref().and_then(Loose::get), Some(1693));
    assert_eq!(first.total.as_ref().and_then(Loose::get), Some(9.99));
    assert_eq!(first.paid.as_ref().and_then(Loose::get), Some(true));
    assert_eq!(first.extra.get("status"), Some(&json!("Paid")));
    let client = first
        .client
        .as_ref()
        .and_then(LooseObject::get)
        .expect("client");
    assert_eq!(client.id.as_ref().and_then(Loose::get), Some(12));
    let items = first.items.as_ref().expect("items");
    assert_eq!(
        items[1]
            .description
            .as_ref()
            .and_then(Loose::get)
            .as_deref(),
        Some("2024")
    );
    assert_eq!(items[1].taxed.as_ref().and_then(Loose::get), Some(false));
    let gateways = first.gateways.as_ref().expect("gateways");
    assert_eq!(
        gateways.get("12").and_then(Loose::get).as_deref(),
        Some("PayPal")
    );

    let second = &invoices[1];
    assert_eq!(second.total.as_ref().and_then(Loose::get), Some(15.0));
    assert_eq!(
        second.datepaid.as_ref().and_then(Loose::get).as_deref(),
        Some("0000-00-00 00:00:00")
    );
    assert_eq!(second.client.as_ref().map(LooseObject::get), Some(None));
    let second_items = second.items.as_ref().expect("items");
    assert_eq!(second_items.key(0), Some("77"));
    assert_eq!(
        second_items[0].amount.as_ref().and_then(Loose::get),
        Some(15.0)
    );
    assert_eq!(second_items[1].amount.as_ref().and_then(Loose::get), None);
    assert!(second.gateways.as_ref().is_some_and(LooseMap::is_empty));

    let third = &invoices[2];
    assert_eq!(third.total.as_ref().and_then(Loose::get), None);
    assert_eq!(third.datepaid, None);
    assert!(third.items.as_ref().is_some_and(LooseList::is_empty));
    let third_gateways = third.gateways.as_ref().expect("gateways");
    assert_eq!(
        third_gateways.get("0").and_then(Loose::get).as_deref(),
        Some("BankTransfer")
    );

    let fourth = &invoices[3];
    assert_eq!(fourth.id.as_ref().and_then(Loose::get), Some(1696));
    assert_eq!(fourth.total, None);
    assert_eq!(fourth.extra.get("credit"), Some(&json!(0.0)));
}

#[test]
fn short_type_names() {
    assert_eq!(short_type_name::<String>(), "String");
    assert_eq!(short_type_name::<Loose<String>>(), "Loose<String>");
    assert_eq!(
        short_type_name::<LooseMap<Vec<Client>>>(),
        "LooseMap<Vec<Client>>"
    );
    assert_eq!(short_type_name::<(i64, Option<u8>)>(), "(i64, Option<u8>)");
}
