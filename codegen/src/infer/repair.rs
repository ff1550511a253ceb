//! Repairing the example JSON that HostBill writes into descriptions.
//!
//! The examples are hand-written and often invalid: `//` comments, `(...)`
//! where text was left out, trailing commas, raw line breaks inside strings,
//! a doubled pair of outer braces, missing commas. Each defect has its own
//! small step. The steps run in a fixed order, and the text is parsed again
//! after every step that changed it, so that the result lists only the
//! repairs that were needed to get that far. Every step works on tokens from
//! `super::lex`, so the text of strings keeps its meaning: a step only
//! escapes raw control characters in strings and turns single quotes into
//! double quotes.

use serde_json::Value;

use super::lex::{Token, TokenKind, tokenize};

/// An example parsed as JSON, with the repairs that made it parse.
#[derive(Debug, Clone, PartialEq)]
pub struct Repaired {
    /// The parsed example.
    pub value: Value,
    /// Each repair applied, in plain words ("removed 2 `//` comments"), in
    /// the order applied. Empty when the text parsed as it was.
    pub repairs: Vec<String>,
}

/// An example that is still not valid JSON after every repair.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct UnparseableExample {
    /// Description of the failure, with the repairs tried and the position
    /// of the remaining error.
    pub message: String,
    /// Line of the remaining error in the repaired text, from 1.
    pub line: usize,
    /// Column of the remaining error in the repaired text, from 1.
    pub column: usize,
}

/// Parses an example, repairing the defects of hand-written HostBill
/// examples when it is not valid JSON.
///
/// Each step is one pass over the tokens, followed by at most one parse, so
/// the work grows linearly with the length of `text`. Nesting deeper than
/// the `serde_json` recursion limit of 128 levels is an error.
///
/// # Errors
///
/// Returns [`UnparseableExample`] with the line and column of the remaining
/// JSON error when the text is still invalid after all repairs.
pub fn repair_example(text: &str) -> Result<Repaired, UnparseableExample> {
    if let Ok(value) = serde_json::from_str::<Value>(text) {
        return Ok(Repaired {
            value,
            repairs: Vec::new(),
        });
    }
    let mut current = text.to_owned();
    let mut repairs = Vec::new();
    for step in STEPS {
        let Some(edit) = step(&current) else {
            continue;
        };
        current = edit.text;
        repairs.extend(edit.descriptions);
        if let Ok(value) = serde_json::from_str::<Value>(&current) {
            return Ok(Repaired { value, repairs });
        }
    }
    Err(unparseable(&current, &repairs))
}

/// The text after one repair step, with what the step did.
#[derive(Debug)]
struct Edit {
    text: String,
    descriptions: Vec<String>,
}

type Step = fn(&str) -> Option<Edit>;

/// Repair steps in the order they run. Comments go first, because a comment
/// can contain quotes, commas and elisions. Elisions go before the comma
/// steps, because removing one leaves a trailing or doubled comma behind.
const STEPS: &[Step] = &[
    remove_byte_order_mark,
    remove_comments,
    escape_control_characters,
    convert_single_quoted_strings,
    remove_elisions,
    remove_doubled_outer_braces,
    remove_extra_commas,
    insert_missing_commas,
    remove_text_after_value,
];

fn remove_byte_order_mark(text: &str) -> Option<Edit> {
    let rest = text.strip_prefix('\u{feff}')?;
    Some(Edit {
        text: rest.to_owned(),
        descriptions: vec!["removed a byte order mark".to_owned()],
    })
}

/// Removes `//` and `/* */` comments outside strings. A block comment
/// becomes a space, so that it cannot join the tokens around it.
fn remove_comments(text: &str) -> Option<Edit> {
    let mut line_comments = 0;
    let mut block_comments = 0;
    let rebuilt = rebuild(text, |token| match token.kind {
        TokenKind::LineComment => {
            line_comments += 1;
            Some(String::new())
        }
        TokenKind::BlockComment => {
            block_comments += 1;
            Some(" ".to_owned())
        }
        _ => None,
    });
    let mut descriptions = Vec::new();
    if line_comments > 0 {
        descriptions.push(format!(
            "removed {}",
            count(line_comments, "`//` comment", "`//` comments")
        ));
    }
    if block_comments > 0 {
        descriptions.push(format!(
            "removed {}",
            count(block_comments, "`/* */` comment", "`/* */` comments")
        ));
    }
    edit(rebuilt, descriptions)
}

/// Escapes raw control characters (line breaks, tabs) inside strings, which
/// JSON allows only as escapes.
fn escape_control_characters(text: &str) -> Option<Edit> {
    let mut escaped = 0;
    let rebuilt = rebuild(text, |token| {
        if !matches!(token.kind, TokenKind::String | TokenKind::SingleQuoted) {
            return None;
        }
        let part = token.text(text);
        if !part
            .chars()
            .any(|character| control_escape(character).is_some())
        {
            return None;
        }
        let mut replaced = String::with_capacity(part.len() + 8);
        for character in part.chars() {
            match control_escape(character) {
                Some(escape) => {
                    escaped += 1;
                    replaced.push_str(&escape);
                }
                None => replaced.push(character),
            }
        }
        Some(replaced)
    });
    if escaped == 0 {
        return None;
    }
    let description = format!(
        "escaped {} inside strings",
        count(escaped, "raw control character", "raw control characters")
    );
    edit(rebuilt, vec![description])
}

/// Returns the JSON escape for a character that JSON strings cannot contain
/// raw, or `None` for any other character.
fn control_escape(character: char) -> Option<String> {
    let escape = match character {
        '\n' => "\\n".to_owned(),
        '\r' => "\\r".to_owned(),
        '\t' => "\\t".to_owned(),
        '\u{8}' => "\\b".to_owned(),
        '\u{c}' => "\\f".to_owned(),
        character if u32::from(character) < 0x20 => format!("\\u{:04x}", u32::from(character)),
        _ => return None,
    };
    Some(escape)
}

/// Turns `'text'` into `"text"`, unescaping `\'` and escaping `"`.
fn convert_single_quoted_strings(text: &str) -> Option<Edit> {
    let mut converted = 0;
    let rebuilt = rebuild(text, |token| {
        if token.kind != TokenKind::SingleQuoted {
            return None;
        }
        converted += 1;
        let part = token.text(text);
        let inner = &part[1..part.len() - 1];
        let mut quoted = String::with_capacity(part.len() + 2);
        quoted.push('"');
        let mut characters = inner.chars();
        while let Some(character) = characters.next() {
            match character {
                '\\' => match characters.next() {
                    Some('\'') => quoted.push('\''),
                    Some(escaped) => {
                        quoted.push('\\');
                        quoted.push(escaped);
                    }
                    None => quoted.push_str("\\\\"),
                },
                '"' => quoted.push_str("\\\""),
                other => quoted.push(other),
            }
        }
        quoted.push('"');
        Some(quoted)
    });
    if converted == 0 {
        return None;
    }
    let description = format!(
        "converted {} to double quotes",
        count(converted, "single-quoted string", "single-quoted strings")
    );
    edit(rebuilt, vec![description])
}

/// Removes `(...)` elisions outside strings. An elision in place of a value
/// (after a colon) becomes `null`. A removed elision can leave a comma
/// behind, which [`remove_extra_commas`] removes.
fn remove_elisions(text: &str) -> Option<Edit> {
    let mut removed = 0;
    let mut replaced = 0;
    let mut previous = None;
    let rebuilt = rebuild(text, |token| {
        if token.kind.is_trivia() {
            return None;
        }
        if token.kind != TokenKind::Elision {
            previous = Some(token.kind);
            return None;
        }
        if previous == Some(TokenKind::Colon) {
            replaced += 1;
            previous = Some(TokenKind::Word);
            Some("null".to_owned())
        } else {
            removed += 1;
            Some(String::new())
        }
    });
    let mut descriptions = Vec::new();
    if removed > 0 {
        descriptions.push(format!(
            "removed {}",
            count(removed, "`(...)` elision", "`(...)` elisions")
        ));
    }
    if replaced > 0 {
        descriptions.push(format!(
            "replaced {} with null",
            count(replaced, "`(...)` value", "`(...)` values")
        ));
    }
    edit(rebuilt, descriptions)
}

/// Turns `{ { ... } }` into `{ ... }`. Valid JSON never has `{` right after
/// `{`, because an object member starts with a key.
fn remove_doubled_outer_braces(text: &str) -> Option<Edit> {
    let tokens = tokenize(text);
    let significant: Vec<&Token> = tokens
        .iter()
        .filter(|token| !token.kind.is_trivia())
        .collect();
    let leading = significant
        .iter()
        .take_while(|token| token.kind == TokenKind::OpenBrace)
        .count();
    let trailing = significant
        .iter()
        .rev()
        .take_while(|token| token.kind == TokenKind::CloseBrace)
        .count();
    if leading < 2 || trailing < 2 {
        return None;
    }
    let pairs = leading.min(trailing) - 1;
    let mut dropped: Vec<usize> = significant[..pairs]
        .iter()
        .chain(&significant[significant.len() - pairs..])
        .map(|token| token.start)
        .collect();
    dropped.sort_unstable();
    let rebuilt = rebuild_without(text, &dropped);
    let description = if pairs == 1 {
        "removed the doubled outer braces".to_owned()
    } else {
        format!("removed {pairs} extra pairs of outer braces")
    };
    edit(rebuilt, vec![description])
}

/// Removes commas that separate nothing: a trailing comma before `]` or
/// `}`, a comma right after `[` or `{`, and doubled commas.
fn remove_extra_commas(text: &str) -> Option<Edit> {
    let tokens = tokenize(text);
    let significant: Vec<&Token> = tokens
        .iter()
        .filter(|token| !token.kind.is_trivia())
        .collect();
    let mut dropped = Vec::new();
    let mut trailing = 0;
    let mut extra = 0;
    let mut index = 0;
    while index < significant.len() {
        if significant[index].kind != TokenKind::Comma {
            index += 1;
            continue;
        }
        let run_start = index;
        while index < significant.len() && significant[index].kind == TokenKind::Comma {
            index += 1;
        }
        let run = &significant[run_start..index];

        // A run of commas keeps one comma only between two values.
        let after_opener = run_start
            .checked_sub(1)
            .is_none_or(|before| is_opener(significant[before].kind));
        let before_closer = significant
            .get(index)
            .is_none_or(|after| is_closer(after.kind));
        let commas_kept = if after_opener || before_closer { 0 } else { 1 };
        if before_closer {
            trailing += 1;
            extra += run.len() - 1;
        } else {
            extra += run.len() - commas_kept;
        }
        dropped.extend(run[commas_kept..].iter().map(|token| token.start));
    }

    let rebuilt = rebuild_without(text, &dropped);
    let mut descriptions = Vec::new();
    if trailing > 0 {
        descriptions.push(format!(
            "removed {}",
            count(trailing, "trailing comma", "trailing commas")
        ));
    }
    if extra > 0 {
        descriptions.push(format!(
            "removed {}",
            count(extra, "extra comma", "extra commas")
        ));
    }
    edit(rebuilt, descriptions)
}

fn is_opener(kind: TokenKind) -> bool {
    matches!(kind, TokenKind::OpenBrace | TokenKind::OpenBracket)
}

fn is_closer(kind: TokenKind) -> bool {
    matches!(kind, TokenKind::CloseBrace | TokenKind::CloseBracket)
}

/// Scan state of [`insert_missing_commas`] within the current container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Position {
    /// A value is expected: at the top level, after `[`, `:` or `,` in an
    /// array.
    Value,
    /// An object key is expected: after `{` or `,` in an object.
    Key,
    /// After an object key, before its colon.
    AfterKey,
    /// After a complete value or member, where `,` or a closer belongs.
    AfterValue,
}

/// Inserts a comma where a value or key follows a complete value inside an
/// array or object (`"a": 1 "b": 2`). Line breaks between them do not count
/// as separators.
fn insert_missing_commas(text: &str) -> Option<Edit> {
    let tokens = tokenize(text);
    let mut containers: Vec<TokenKind> = Vec::new();
    let mut position = Position::Value;
    let mut previous_end = 0;
    let mut insert_at = Vec::new();

    for token in tokens.iter().filter(|token| !token.kind.is_trivia()) {
        let in_object = containers.last() == Some(&TokenKind::OpenBrace);
        if position == Position::AfterValue && token.kind.starts_value() && !containers.is_empty() {
            insert_at.push(previous_end);
            position = if in_object {
                Position::Key
            } else {
                Position::Value
            };
        }
        position = match token.kind {
            TokenKind::OpenBrace => {
                containers.push(token.kind);
                Position::Key
            }
            TokenKind::OpenBracket => {
                containers.push(token.kind);
                Position::Value
            }
            TokenKind::CloseBrace | TokenKind::CloseBracket => {
                containers.pop();
                Position::AfterValue
            }
            TokenKind::Comma if in_object => Position::Key,
            TokenKind::Comma | TokenKind::Colon => Position::Value,
            _ if position == Position::Key => Position::AfterKey,
            _ => Position::AfterValue,
        };
        previous_end = token.end;
    }
    if insert_at.is_empty() {
        return None;
    }

    let mut rebuilt = String::with_capacity(text.len() + insert_at.len());
    let mut copied = 0;
    for &at in &insert_at {
        rebuilt.push_str(&text[copied..at]);
        rebuilt.push(',');
        copied = at;
    }
    rebuilt.push_str(&text[copied..]);
    let description = format!(
        "inserted {}",
        count(insert_at.len(), "missing comma", "missing commas")
    );
    Some(Edit {
        text: rebuilt,
        descriptions: vec![description],
    })
}

/// Keeps only the first JSON value when text follows it, such as prose
/// after an example whose fence was never closed.
fn remove_text_after_value(text: &str) -> Option<Edit> {
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<Value>();
    let Some(Ok(_)) = stream.next() else {
        return None;
    };
    let end = stream.byte_offset();
    let rest = text.get(end..)?;
    if rest.trim().is_empty() {
        return None;
    }
    let description = format!(
        "removed the text after the JSON value ({})",
        count(rest.chars().count(), "character", "characters")
    );
    Some(Edit {
        text: text[..end].to_owned(),
        descriptions: vec![description],
    })
}

/// Rebuilds `text` token by token: `replace` returns the new text of a
/// token, or `None` to keep it.
fn rebuild(text: &str, mut replace: impl FnMut(&Token) -> Option<String>) -> String {
    let mut rebuilt = String::with_capacity(text.len());
    for token in tokenize(text) {
        match replace(&token) {
            Some(replacement) => rebuilt.push_str(&replacement),
            None => rebuilt.push_str(token.text(text)),
        }
    }
    rebuilt
}

/// Rebuilds `text` without the tokens that start at the byte offsets in
/// `dropped`, which must be in increasing order.
fn rebuild_without(text: &str, dropped: &[usize]) -> String {
    let mut remaining = dropped.iter().peekable();
    rebuild(text, |token| {
        let is_dropped = remaining.next_if_eq(&&token.start).is_some();
        is_dropped.then(String::new)
    })
}

/// Returns an [`Edit`] when the step described a change.
fn edit(rebuilt: String, descriptions: Vec<String>) -> Option<Edit> {
    (!descriptions.is_empty()).then_some(Edit {
        text: rebuilt,
        descriptions,
    })
}

/// Formats a count with the singular or plural noun: "a trailing comma",
/// "2 trailing commas".
fn count(number: usize, singular: &str, plural: &str) -> String {
    match number {
        1 if singular.starts_with(['a', 'e', 'i', 'o', 'u']) => format!("an {singular}"),
        1 => format!("a {singular}"),
        _ => format!("{number} {plural}"),
    }
}

/// Builds the error for text that is still invalid after all steps.
fn unparseable(repaired: &str, repairs: &[String]) -> UnparseableExample {
    let error = match serde_json::from_str::<Value>(repaired) {
        Err(error) => error,
        Ok(_) => {
            return UnparseableExample {
                message: "example is not valid JSON".to_owned(),
                line: 0,
                column: 0,
            };
        }
    };
    let line = error.line();
    let column = error.column();
    let near = repaired
        .lines()
        .nth(line.saturating_sub(1))
        .map(str::trim)
        .filter(|excerpt| !excerpt.is_empty())
        .map(|excerpt| format!(", near `{}`", shorten(excerpt, 60)))
        .unwrap_or_default();
    let message = if repairs.is_empty() {
        format!("example is not valid JSON: {error}{near}")
    } else {
        format!(
            "example is not valid JSON even after repair ({}): {error} of the repaired text{near}",
            repairs.join(", ")
        )
    };
    UnparseableExample {
        message,
        line,
        column,
    }
}

fn shorten(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use serde_json::json;

    use super::*;

    fn repaired(text: &str) -> Repaired {
        match repair_example(text) {
            Ok(repaired) => repaired,
            Err(error) => unreachable!("{text:?} stayed unparseable: {}", error.message),
        }
    }

    #[test]
    fn valid_json_needs_no_repair() {
        let result = repaired("{\"status\": true}  \n\t ");
        assert_eq!(result.value, json!({"status": true}));
        assert!(result.repairs.is_empty());
    }

    #[test]
    fn comments_after_values_and_on_own_line() {
        // From the profile privileges example, with a comment line added.
        let text = "{\n \"billing\": [\n \"emails\", // Receive billing notifications\n \
                    // Allow to view/pay invoices\n \"payinvoice\" // last\n ]\n}";
        let result = repaired(text);
        assert_eq!(result.value, json!({"billing": ["emails", "payinvoice"]}));
        assert_eq!(result.repairs, vec!["removed 3 `//` comments"]);
    }

    #[test]
    fn slashes_inside_string_stay() {
        let text =
            "{\"url\": \"https://downloads.example.com//x\", // link\n \"b\": \"//.../g.php\"}";
        let result = repaired(text);
        assert_eq!(result.value["url"], "https://downloads.example.com//x");
        assert_eq!(result.value["b"], "//.../g.php");
        assert_eq!(result.repairs, vec!["removed a `//` comment"]);
    }

    #[test]
    fn block_comment_removed() {
        let result = repaired("[1, /* two */ 2]");
        assert_eq!(result.value, json!([1, 2]));
        assert_eq!(result.repairs, vec!["removed a `/* */` comment"]);
    }

    #[test]
    fn elision_as_array_item() {
        // From the privileges example, after its comments are gone.
        let text = "[\n \"upgrade\",\n \"notify\",\t\n (...)\n \"logindetails\"\n]";
        let result = repaired(text);
        assert_eq!(result.value, json!(["upgrade", "notify", "logindetails"]));
        assert_eq!(result.repairs, vec!["removed a `(...)` elision"]);
    }

    #[test]
    fn elision_after_last_array_item() {
        // From the certificate software example.
        let text = "{\n \"software\": [\n {\n \"id\": 0,\n \"name\": \"AOL\"\n },\n (...)\n ]\n}";
        let result = repaired(text);
        assert_eq!(
            result.value,
            json!({"software": [{"id": 0, "name": "AOL"}]})
        );
        assert_eq!(
            result.repairs,
            vec!["removed a `(...)` elision", "removed a trailing comma"]
        );
    }

    #[test]
    fn elision_as_member_placeholder() {
        // From the order quote example.
        let text = "{\"product\": {\n \"id\": 1080,\n \"domain\": \"test.api\",\n (...)\n },\n \
                    \"domains\": {\n (...)\n },\n \"price\": \"12.00\",\n (...) \n}";
        let result = repaired(text);
        assert_eq!(
            result.value,
            json!({"product": {"id": 1080, "domain": "test.api"}, "domains": {}, "price": "12.00"})
        );
        assert_eq!(
            result.repairs,
            vec!["removed 3 `(...)` elisions", "removed 2 trailing commas"]
        );
    }

    #[test]
    fn elision_as_value_becomes_null() {
        let result = repaired("{\"a\": (...), \"b\": …}");
        assert_eq!(result.value, json!({"a": null, "b": null}));
        assert_eq!(result.repairs, vec!["replaced 2 `(...)` values with null"]);
    }

    #[test]
    fn elision_inside_string_stays() {
        let text = "{\"token\": \"eyJ0eXAi(...)5lZ9T\", \"more\": (...)}";
        let result = repaired(text);
        assert_eq!(result.value["token"], "eyJ0eXAi(...)5lZ9T");
    }

    #[test]
    fn trailing_commas_removed() {
        // From the payment fees example.
        let text = "{\n \"payments\": [\n {\n \"id\": 1,\n \"percent_fee\": \"0.0\",\n },\n \
                    {\n \"id\": 2,\n \"percent_fee\": \"2.9\",\n }\n ]\n}";
        let result = repaired(text);
        assert_eq!(
            result.value,
            json!({"payments": [{"id": 1, "percent_fee": "0.0"}, {"id": 2, "percent_fee": "2.9"}]})
        );
        assert_eq!(result.repairs, vec!["removed 2 trailing commas"]);
    }

    #[test]
    fn extra_commas_removed() {
        let result = repaired("[, 1,, 2, ,]");
        assert_eq!(result.value, json!([1, 2]));
        assert_eq!(
            result.repairs,
            vec!["removed a trailing comma", "removed 3 extra commas"]
        );
    }

    #[test]
    fn commas_inside_strings_stay() {
        let result = repaired("[\"a,]\", \"b,}\", \"c\",]");
        assert_eq!(result.value, json!(["a,]", "b,}", "c"]));
        assert_eq!(result.repairs, vec!["removed a trailing comma"]);
    }

    #[test]
    fn doubled_outer_braces_removed() {
        // The balance example.
        let text = "{\n    {\n        \"success\": true,\n        \"details\": {\n            \
                    \"currency\": \"USD\",\n            \"acc_credit\": \"0.00\"\n        }\n    }\n}";
        let result = repaired(text);
        assert_eq!(
            result.value,
            json!({"success": true, "details": {"currency": "USD", "acc_credit": "0.00"}})
        );
        assert_eq!(result.repairs, vec!["removed the doubled outer braces"]);
    }

    #[test]
    fn tripled_outer_braces_removed() {
        let result = repaired("{{{\"a\": {\"b\": 1}}}}");
        assert_eq!(result.value, json!({"a": {"b": 1}}));
        assert_eq!(
            result.repairs,
            vec!["removed 2 extra pairs of outer braces"]
        );
    }

    #[test]
    fn control_characters_in_strings_escaped() {
        // From the product list example: raw line breaks in a description.
        let text = "{\n \"description\": \"Disk:10GB\nMemory:2GB\n\tEmail:100 Users\n\",\n \"qty\": \"0\"\n}";
        let result = repaired(text);
        assert_eq!(
            result.value["description"],
            "Disk:10GB\nMemory:2GB\n\tEmail:100 Users\n"
        );
        assert_eq!(
            result.repairs,
            vec!["escaped 4 raw control characters inside strings"]
        );
    }

    #[test]
    fn missing_commas_inserted() {
        // From the DNS zone example, with its tab indentation.
        let text = "{\n \"service_id\": 10,\n \t\"records\": [\n \t\t{\n \t\t\t\"id\":\"10\",\n \
                    \t\t\t\"content\":\"127.0.0.1\"\n \t\t\t\"type\":\"A\"\n \t\t}\n \t\t{\"id\":\"11\"}\n \t]\n}";
        let result = repaired(text);
        assert_eq!(
            result.value,
            json!({"service_id": 10, "records": [{"id": "10", "content": "127.0.0.1", "type": "A"}, {"id": "11"}]})
        );
        assert_eq!(result.repairs, vec!["inserted 2 missing commas"]);
    }

    #[test]
    fn single_quoted_strings_converted() {
        let text = "{'name': 'Joe \\'JD\\' \"Doe\"', 'url': 'http://x//y', \"it's\": 1}";
        let result = repaired(text);
        assert_eq!(
            result.value,
            json!({"name": "Joe 'JD' \"Doe\"", "url": "http://x//y", "it's": 1})
        );
        assert_eq!(
            result.repairs,
            vec!["converted 4 single-quoted strings to double quotes"]
        );
    }

    #[test]
    fn text_after_value_removed() {
        let result = repaired("{\"a\": 1}\n\nReturns the account.");
        assert_eq!(result.value, json!({"a": 1}));
        assert_eq!(
            result.repairs,
            vec!["removed the text after the JSON value (22 characters)"]
        );
    }

    #[test]
    fn byte_order_mark_removed() {
        let result = repaired("\u{feff}[1]");
        assert_eq!(result.value, json!([1]));
        assert_eq!(result.repairs, vec!["removed a byte order mark"]);
    }

    #[test]
    fn several_defects_repaired_in_order() {
        let text = "{ {\n \"a\": [1, // one\n (...)\n ],\n \"b\": \"x\ny\"\n} }";
        let result = repaired(text);
        assert_eq!(result.value, json!({"a": [1], "b": "x\ny"}));
        assert_eq!(
            result.repairs,
            vec![
                "removed a `//` comment",
                "escaped a raw control character inside strings",
                "removed a `(...)` elision",
                "removed the doubled outer braces",
                "removed a trailing comma",
            ]
        );
    }

    #[test]
    fn unparseable_reports_line_and_column() {
        let error = repair_example("{\n \"a\": 1, // note\n \"b\": ]\n}")
            .err()
            .unwrap_or_else(|| unreachable!("a missing value cannot be repaired"));
        assert_eq!(error.line, 3);
        assert_eq!(error.column, 7);
        assert!(
            error.message.contains("removed a `//` comment"),
            "{}",
            error.message
        );
        assert!(
            error.message.contains("line 3 column 7"),
            "{}",
            error.message
        );
        assert!(
            error.message.contains("near `\"b\": ]`"),
            "{}",
            error.message
        );
    }

    #[test]
    fn unparseable_without_repairs() {
        let error = repair_example("nonsense")
            .err()
            .unwrap_or_else(|| unreachable!("plain text is not JSON"));
        assert_eq!(error.line, 1);
        assert!(
            error.message.starts_with("example is not valid JSON: "),
            "{}",
            error.message
        );
    }

    #[test]
    fn deep_nesting_is_an_error() {
        let text = "[".repeat(100_000);
        assert!(repair_example(&text).is_err());
        let text = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert!(repair_example(&text).is_err());
    }

    #[test]
    fn large_inputs_finish_quickly() {
        let started = Instant::now();
        let inputs = [
            "{\"a\": [1, (...), 2,],} // x\n".repeat(20_000),
            "(".repeat(200_000),
            "( \t".repeat(100_000),
            "'".repeat(200_000),
            "\"".repeat(200_000),
            "/*".repeat(100_000),
            "{".repeat(100_000) + &"}".repeat(100_000),
            ",".repeat(200_000),
            "\"a\" ".repeat(100_000),
        ];
        for input in &inputs {
            let _ = repair_example(input);
        }
        // A generous bound for unoptimised builds. Quadratic work on these
        // 200 000-byte inputs would be in the order of 10^10 steps.
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "took {:?}",
            started.elapsed()
        );
    }

    #[test]
    fn random_text_never_panics() {
        const ALPHABET: &[&str] = &[
            "{", "}", "[", "]", ":", ",", "\"", "'", "\\", "/", "*", "(", ")", ".", "...", "…",
            "//", "/*", "*/", "\n", "\r", "\t", " ", "a", "1", "-", "null", "true", "é", "한",
            "\u{0}", "\u{feff}", "(...)",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..5_000 {
            let length = next() % 40;
            let text: String = (0..length)
                .map(|_| {
                    let index = usize::try_from(next() % ALPHABET.len() as u64).unwrap_or(0);
                    ALPHABET[index]
                })
                .collect();
            if let Ok(result) = repair_example(&text) {
                let again = serde_json::to_string(&result.value)
                    .unwrap_or_else(|error| unreachable!("{error}"));
                assert!(serde_json::from_str::<Value>(&again).is_ok(), "{text:?}");
            }
        }
    }
}
