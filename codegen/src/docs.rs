//! Turning spec prose into rustdoc that renders cleanly.
//!
//! HostBill descriptions carry HTML fragments (`<code>`, orphan `</p>`),
//! Markdown fences that are never closed, `\r` after fences, and text that
//! rustdoc would misread: indented lines become Rust doctests, `[x]` becomes
//! an intra-doc link, a bare URL triggers a lint. [`rustdoc_lines`] rewrites
//! all of these so that `cargo doc` and `cargo test --doc` see plain prose
//! and `text` or `json` blocks only.

/// Fence labels kept as written. Rustdoc compiles a fence whose label is
/// empty or made of Rust attributes (`rust`, `ignore`, `no_run`,
/// `rust,ignore`, ...), so every other label becomes `text`.
const SAFE_FENCE_LABELS: &[&str] = &[
    "json",
    "xml",
    "html",
    "php",
    "bash",
    "sh",
    "shell",
    "console",
    "text",
    "javascript",
    "js",
    "python",
    "http",
    "yaml",
    "ini",
    "sql",
];

/// Rewrites `text` as rustdoc lines. Fences are closed and labelled,
/// indented blocks become `text` fences, HTML is converted or escaped and
/// brackets that are not links are escaped.
pub fn rustdoc_lines(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "");
    let text = convert_html(&text);
    let mut lines = Vec::new();
    let mut fence: Option<String> = None;
    let mut indented_block: Vec<String> = Vec::new();
    let mut previous_blank = true;

    for line in text.lines() {
        let trimmed = line.trim_start();
        if let Some(marker) = &fence {
            if trimmed.starts_with(marker.as_str())
                && trimmed.trim_start_matches('`').trim().is_empty()
            {
                lines.push(marker.clone());
                fence = None;
            } else {
                lines.push(line.trim_end().to_owned());
            }
            continue;
        }

        let indented = line.starts_with("    ") || line.starts_with('\t');
        if indented && !trimmed.is_empty() && (previous_blank || !indented_block.is_empty()) {
            indented_block.push(line.to_owned());
            continue;
        }
        flush_indented(&mut indented_block, &mut lines);

        // A backtick in the info string means the line is inline code, not
        // a fence (CommonMark), so it is left to the prose escaping below.
        let fence_start = trimmed
            .strip_prefix("```")
            .filter(|rest| !rest.trim_start_matches('`').contains('`'));
        if let Some(rest) = fence_start {
            let ticks = 3 + rest
                .chars()
                .take_while(|character| *character == '`')
                .count();
            let marker = "`".repeat(ticks);
            let info = rest.trim_start_matches('`').trim();
            let label = info.split_whitespace().next().unwrap_or_default();
            let label = if SAFE_FENCE_LABELS.contains(&label) {
                label
            } else {
                "text"
            };
            lines.push(format!("{marker}{label}"));
            fence = Some(marker);
            previous_blank = false;
            continue;
        }

        previous_blank = trimmed.is_empty();
        if trimmed.starts_with("```") {
            // Not a fence (its info string has a backtick). Its backticks
            // become `'` so that no Markdown reader takes it for one.
            lines.push(escape_prose(&trimmed.trim_end().replace('`', "'")));
            continue;
        }
        lines.push(escape_prose(trimmed.trim_end()));
    }
    flush_indented(&mut indented_block, &mut lines);
    if let Some(marker) = fence {
        lines.push(marker);
    }
    trim_blank_edges(lines)
}

/// Returns a one-line summary for a rustdoc heading: the first line of
/// `text`, cleaned.
pub fn summary_line(text: &str) -> Option<String> {
    let line = text
        .replace('\r', "")
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty())?
        .to_owned();
    Some(escape_prose(&convert_html(&line)))
}

fn flush_indented(block: &mut Vec<String>, lines: &mut Vec<String>) {
    if block.is_empty() {
        return;
    }
    let indent = block
        .iter()
        .map(|line| line.len() - line.trim_start().len())
        .min()
        .unwrap_or(0);
    // The fence is longer than any backtick run inside, so that no line of
    // the block can close it.
    let longest_run = block
        .iter()
        .map(|line| longest_backtick_run(line))
        .max()
        .unwrap_or(0);
    let marker = "`".repeat(longest_run.max(2) + 1);
    lines.push(format!("{marker}text"));
    for line in block.drain(..) {
        lines.push(line.get(indent..).unwrap_or_default().trim_end().to_owned());
    }
    lines.push(marker);
}

fn longest_backtick_run(line: &str) -> usize {
    line.split(|character| character != '`')
        .map(str::len)
        .max()
        .unwrap_or(0)
}

fn trim_blank_edges(mut lines: Vec<String>) -> Vec<String> {
    while lines.last().is_some_and(|line| line.is_empty()) {
        lines.pop();
    }
    let leading = lines.iter().take_while(|line| line.is_empty()).count();
    lines.drain(..leading);
    lines
}

/// Converts the HTML that HostBill descriptions use into Markdown: paired
/// `<code>`, `<strong>`/`<b>` and `<em>`/`<i>`, `<br>` and `<p>`. Any other
/// tag, and any unpaired one, is left for [`escape_prose`] to escape.
fn convert_html(text: &str) -> String {
    let mut converted = text.to_owned();
    for (tag, markdown) in [
        ("code", "`"),
        ("strong", "**"),
        ("b", "**"),
        ("em", "*"),
        ("i", "*"),
    ] {
        converted = replace_paired_tag(&converted, tag, markdown);
    }
    for line_break in ["<br>", "<br/>", "<br />", "<BR>"] {
        converted = converted.replace(line_break, "\n");
    }
    converted = replace_paired_tag(&converted, "p", "\n");
    converted
}

fn replace_paired_tag(text: &str, tag: &str, markdown: &str) -> String {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let mut result = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(&open) {
        let after_open = &rest[start + open.len()..];
        let Some(end) = after_open.find(&close) else {
            break;
        };
        // A nested opening tag means the pair is not simple; leave it.
        if after_open[..end].contains(&open) {
            result.push_str(&rest[..start + open.len()]);
            rest = after_open;
            continue;
        }
        result.push_str(&rest[..start]);
        result.push_str(markdown);
        result.push_str(&after_open[..end]);
        result.push_str(markdown);
        rest = &after_open[end + close.len()..];
    }
    result.push_str(rest);
    result
}

/// Escapes one prose line outside code spans: `<` and `>` as entities,
/// brackets that do not form a Markdown link, and bare URLs wrapped in `<>`.
fn escape_prose(line: &str) -> String {
    let backticks = line.matches('`').count();
    let mut escaped = String::with_capacity(line.len() + 8);
    for (index, part) in line.split('`').enumerate() {
        if index > 0 {
            let unpaired = backticks % 2 == 1 && index == backticks;
            escaped.push_str(if unpaired { "\\`" } else { "`" });
        }
        let in_code = index % 2 == 1 && !(backticks % 2 == 1 && index == backticks);
        if in_code {
            escaped.push_str(part);
        } else {
            escaped.push_str(&escape_plain(part));
        }
    }
    escaped
}

fn escape_plain(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    let characters: Vec<char> = text.chars().collect();
    let mut index = 0;
    while index < characters.len() {
        let character = characters[index];
        if character == '[' {
            if let Some(link_end) = markdown_link_end(&characters, index) {
                let link: String = characters[index..link_end].iter().collect();
                escaped.push_str(&link);
                index = link_end;
                continue;
            }
        }
        if starts_url(&characters, index) {
            let end = url_end(&characters, index);
            let url: String = characters[index..end].iter().collect();
            escaped.push('<');
            escaped.push_str(&url);
            escaped.push('>');
            index = end;
            continue;
        }
        match character {
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '[' => escaped.push_str("\\["),
            ']' => escaped.push_str("\\]"),
            '\\' => escaped.push_str("\\\\"),
            '&' if !entity_follows(&characters, index) => escaped.push_str("&amp;"),
            _ => escaped.push(character),
        }
        index += 1;
    }
    escaped
}

/// Returns the end of a Markdown link `[text](url)` that starts at `start`.
fn markdown_link_end(characters: &[char], start: usize) -> Option<usize> {
    let close = start
        + characters[start..]
            .iter()
            .position(|character| *character == ']')?;
    if characters.get(close + 1) != Some(&'(') {
        return None;
    }
    let text = &characters[start + 1..close];
    if text.is_empty() || text.contains(&'[') {
        return None;
    }
    let paren = close + 1;
    let end = paren
        + characters[paren..]
            .iter()
            .position(|character| *character == ')')?;
    let target: String = characters[paren + 1..end].iter().collect();
    let is_url = target.starts_with("http://") || target.starts_with("https://");
    (is_url && !target.contains(char::is_whitespace)).then_some(end + 1)
}

fn starts_url(characters: &[char], index: usize) -> bool {
    let rest: String = characters[index..characters.len().min(index + 8)]
        .iter()
        .collect();
    let preceded_by_word = index > 0 && characters[index - 1].is_alphanumeric();
    !preceded_by_word && (rest.starts_with("http://") || rest.starts_with("https://"))
}

fn url_end(characters: &[char], start: usize) -> usize {
    let mut end = start;
    while end < characters.len()
        && !characters[end].is_whitespace()
        && !matches!(
            characters[end],
            '<' | '>' | '"' | '`' | '(' | ')' | '[' | ']'
        )
    {
        end += 1;
    }
    // Trailing punctuation belongs to the sentence, not the URL.
    while end > start
        && matches!(
            characters[end - 1],
            '.' | ',' | ';' | ':' | '!' | '?' | '\''
        )
    {
        end -= 1;
    }
    end
}

fn entity_follows(characters: &[char], index: usize) -> bool {
    let rest: String = characters[index..characters.len().min(index + 10)]
        .iter()
        .collect();
    let Some(semicolon) = rest.find(';') else {
        return false;
    };
    let name = &rest[1..semicolon];
    !name.is_empty()
        && (name
            .chars()
            .all(|character| character.is_ascii_alphanumeric())
            || (name.starts_with('#')
                && name[1..]
                    .chars()
                    .all(|character| character.is_ascii_alphanumeric())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unclosed_json_fence_closed_and_cr_stripped() {
        let lines = rustdoc_lines("```json\n\r{\n \"a\": 1\n}");
        assert_eq!(lines, ["```json", "{", " \"a\": 1", "}", "```"]);
    }

    #[test]
    fn rust_attribute_labels_become_text() {
        for label in [
            "rust",
            "rust,ignore",
            "no_run",
            "edition2021",
            "should_panic",
        ] {
            let lines = rustdoc_lines(&format!("```{label}\nx\n```"));
            assert_eq!(lines[0], "```text", "label {label}");
        }
    }

    #[test]
    fn backticks_in_info_string_are_not_a_fence() {
        let lines = rustdoc_lines("``` ```");
        assert_eq!(lines, ["''' '''"]);
    }

    #[test]
    fn indented_fence_line_stays_inside_block() {
        let lines = rustdoc_lines("    ```\n");
        assert_eq!(lines, ["````text", "```", "````"]);
    }

    #[test]
    fn unlabelled_fence_becomes_text() {
        let lines = rustdoc_lines("Example:\n```\nlet x = 1;\n```");
        assert_eq!(lines, ["Example:", "```text", "let x = 1;", "```"]);
    }

    #[test]
    fn indented_block_becomes_text_fence() {
        let lines =
            rustdoc_lines("List privileges.\n\n    indented line that rustdoc would compile\n");
        assert_eq!(
            lines,
            [
                "List privileges.",
                "",
                "```text",
                "indented line that rustdoc would compile",
                "```"
            ]
        );
    }

    #[test]
    fn orphan_closing_tag_escaped() {
        let lines = rustdoc_lines("set to false</code> to terminate");
        assert_eq!(lines, ["set to false&lt;/code&gt; to terminate"]);
    }

    #[test]
    fn paired_code_tag_becomes_code_span() {
        let lines = rustdoc_lines("output from <code>GET /contact/privileges</code>");
        assert_eq!(lines, ["output from `GET /contact/privileges`"]);
    }

    #[test]
    fn brackets_escaped_but_links_kept() {
        let lines = rustdoc_lines("items[0][cycle] and [REST API](https://example.com/x)");
        assert_eq!(
            lines,
            ["items\\[0\\]\\[cycle\\] and [REST API](https://example.com/x)"]
        );
    }

    #[test]
    fn bare_url_wrapped() {
        let lines = rustdoc_lines("See https://example.com/api.");
        assert_eq!(lines, ["See <https://example.com/api>."]);
    }

    #[test]
    fn unpaired_backtick_escaped() {
        let lines = rustdoc_lines("a `b` c ` d");
        assert_eq!(lines, ["a `b` c \\` d"]);
    }

    #[test]
    fn code_span_content_untouched() {
        let lines = rustdoc_lines("use `<id>` here");
        assert_eq!(lines, ["use `<id>` here"]);
    }

    #[test]
    fn ampersand_escaped_unless_entity() {
        let lines = rustdoc_lines("a & b &amp; c");
        assert_eq!(lines, ["a &amp; b &amp; c"]);
    }
}
