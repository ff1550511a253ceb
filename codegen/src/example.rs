//! Finding the example response that HostBill embeds in a 200 description.
//!
//! HostBill writes the example as "```json" followed by `\n\r` and the JSON
//! text, usually without a closing fence. The text is kept exactly as written;
//! it is often not valid JSON.

/// Returns the example body text in a response description, without the
/// fence and the line break after it, or `None` when there is no `json`
/// fence.
pub fn extract_example(description: &str) -> Option<String> {
    let start = description.find("```json")?;
    let after_fence = &description[start + "```json".len()..];
    let body = after_fence
        .strip_prefix("\n\r")
        .or_else(|| after_fence.strip_prefix("\r\n"))
        .or_else(|| after_fence.strip_prefix('\n'))
        .unwrap_or(after_fence);
    let body = match body.find("```") {
        Some(end) => &body[..end],
        None => body,
    };
    let body = body.trim_matches(|character| character == '\n' || character == '\r');
    (!body.trim().is_empty()).then(|| body.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostbill_fence_with_newline_and_cr() {
        let example = extract_example("```json\n\r{\n \"status\": true\n}");
        assert_eq!(example.as_deref(), Some("{\n \"status\": true\n}"));
    }

    #[test]
    fn closed_fence_ends_example() {
        let example = extract_example("```json\n[1]\n```\ntrailing text");
        assert_eq!(example.as_deref(), Some("[1]"));
    }

    #[test]
    fn plain_description_has_no_example() {
        assert_eq!(extract_example("`Success`"), None);
    }

    #[test]
    fn empty_fence_has_no_example() {
        assert_eq!(extract_example("```json\n\r"), None);
    }
}
