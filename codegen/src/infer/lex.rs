//! A lenient tokenizer for example JSON text.
//!
//! It accepts everything, so that the repair steps can see strings, comments
//! and elisions in text that is not JSON. Every token boundary is at an ASCII
//! byte, so slicing the text at token boundaries is always valid UTF-8.

/// The kind of a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TokenKind {
    /// A double-quoted string, unterminated when it runs to the end of the
    /// text.
    String,
    /// A terminated single-quoted string.
    SingleQuoted,
    /// `//` up to the end of the line.
    LineComment,
    /// `/*` up to `*/` or the end of the text.
    BlockComment,
    /// `(...)`, `...` or `…` that stands for omitted text.
    Elision,
    OpenBrace,
    CloseBrace,
    OpenBracket,
    CloseBracket,
    Colon,
    Comma,
    /// Spaces, tabs, line feeds and carriage returns.
    Whitespace,
    /// Anything else: numbers, `true`, `null` or stray text.
    Word,
}

impl TokenKind {
    /// Returns whether a JSON parser skips this token.
    pub(super) fn is_trivia(self) -> bool {
        matches!(
            self,
            TokenKind::Whitespace | TokenKind::LineComment | TokenKind::BlockComment
        )
    }

    /// Returns whether this token can start a value or an object key.
    pub(super) fn starts_value(self) -> bool {
        matches!(
            self,
            TokenKind::String
                | TokenKind::SingleQuoted
                | TokenKind::Word
                | TokenKind::OpenBrace
                | TokenKind::OpenBracket
        )
    }
}

/// A token as a byte range of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Token {
    pub(super) kind: TokenKind,
    pub(super) start: usize,
    pub(super) end: usize,
}

impl Token {
    /// Returns the text of the token.
    pub(super) fn text(self, text: &str) -> &str {
        &text[self.start..self.end]
    }
}

const ELLIPSIS: &[u8] = "…".as_bytes();

/// Splits `text` into tokens that cover it without gaps, in linear time.
pub(super) fn tokenize(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut index = 0;
    while index < bytes.len() {
        let (kind, end) = next_token(bytes, index);
        tokens.push(Token {
            kind,
            start: index,
            end,
        });
        index = end;
    }
    tokens
}

fn next_token(bytes: &[u8], start: usize) -> (TokenKind, usize) {
    let punctuation = match bytes[start] {
        b'{' => Some(TokenKind::OpenBrace),
        b'}' => Some(TokenKind::CloseBrace),
        b'[' => Some(TokenKind::OpenBracket),
        b']' => Some(TokenKind::CloseBracket),
        b':' => Some(TokenKind::Colon),
        b',' => Some(TokenKind::Comma),
        _ => None,
    };
    if let Some(kind) = punctuation {
        return (kind, start + 1);
    }
    if is_whitespace(bytes[start]) {
        let end = scan_while(bytes, start, is_whitespace);
        return (TokenKind::Whitespace, end);
    }
    if bytes[start] == b'"' {
        return (TokenKind::String, string_end(bytes, start, b'"').0);
    }
    if bytes[start] == b'\'' {
        // An apostrophe without a closing one is stray text, not a string
        // that would swallow the rest of the example.
        return match string_end(bytes, start, b'\'') {
            (end, true) => (TokenKind::SingleQuoted, end),
            (_, false) => (TokenKind::Word, start + 1),
        };
    }
    if bytes[start..].starts_with(b"//") {
        let end = scan_while(bytes, start, |byte| byte != b'\n' && byte != b'\r');
        return (TokenKind::LineComment, end);
    }
    if bytes[start..].starts_with(b"/*") {
        let end = find(bytes, start + 2, b"*/").map_or(bytes.len(), |found| found + 2);
        return (TokenKind::BlockComment, end);
    }
    if let Some(end) = elision_end(bytes, start) {
        return (TokenKind::Elision, end);
    }
    (TokenKind::Word, word_end(bytes, start))
}

fn is_whitespace(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r')
}

fn scan_while(bytes: &[u8], start: usize, keep: impl Fn(u8) -> bool) -> usize {
    bytes[start..]
        .iter()
        .position(|&byte| !keep(byte))
        .map_or(bytes.len(), |offset| start + offset)
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|window| window == needle)
        .map(|offset| from + offset)
}

/// Returns the end of the string that opens at `start` with `quote`, and
/// whether it is terminated. The end is after the closing quote, or the end
/// of the text when there is none. A backslash escapes the byte after it.
fn string_end(bytes: &[u8], start: usize, quote: u8) -> (usize, bool) {
    let mut index = start + 1;
    while index < bytes.len() {
        match bytes[index] {
            b'\\' => index += 2,
            byte if byte == quote => return (index + 1, true),
            _ => index += 1,
        }
    }
    (bytes.len(), false)
}

/// Returns the end of an elision at `start`: `(...)` with optional spaces
/// inside the parentheses, a bare `...`, or `…` in either form.
fn elision_end(bytes: &[u8], start: usize) -> Option<usize> {
    if let Some(end) = dots_end(bytes, start) {
        return Some(end);
    }
    if bytes[start] != b'(' {
        return None;
    }
    let inner = scan_while(bytes, start + 1, |byte| byte == b' ' || byte == b'\t');
    let after_dots = dots_end(bytes, inner)?;
    let close = scan_while(bytes, after_dots, |byte| byte == b' ' || byte == b'\t');
    (bytes.get(close) == Some(&b')')).then_some(close + 1)
}

fn dots_end(bytes: &[u8], start: usize) -> Option<usize> {
    let rest = bytes.get(start..)?;
    if rest.starts_with(b"...") {
        Some(scan_while(bytes, start, |byte| byte == b'.'))
    } else if rest.starts_with(ELLIPSIS) {
        Some(start + ELLIPSIS.len())
    } else {
        None
    }
}

/// Returns the end of a word: before whitespace, punctuation, a double quote
/// or a comment. An apostrophe inside a word (`don't`) stays in the word.
fn word_end(bytes: &[u8], start: usize) -> usize {
    let mut index = start + 1;
    while index < bytes.len() {
        let byte = bytes[index];
        let stops = is_whitespace(byte)
            || matches!(byte, b'{' | b'}' | b'[' | b']' | b':' | b',' | b'"')
            || bytes[index..].starts_with(b"//")
            || bytes[index..].starts_with(b"/*");
        if stops {
            break;
        }
        index += 1;
    }
    // Stop only at ASCII bytes, so `index` is a character boundary.
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(TokenKind, &str)> {
        tokenize(text)
            .into_iter()
            .map(|token| (token.kind, token.text(text)))
            .collect()
    }

    #[test]
    fn tokens_cover_text() {
        let text = "{\"a\": [1, 'b', (...)], // note\n /* x */ \"c\\\"d\": …}";
        let joined: String = kinds(text).into_iter().map(|(_, part)| part).collect();
        assert_eq!(joined, text);
    }

    #[test]
    fn comment_inside_string_stays_string() {
        let tokens = kinds("\"https://example.com\" // real");
        assert_eq!(tokens[0], (TokenKind::String, "\"https://example.com\""));
        assert_eq!(tokens[2], (TokenKind::LineComment, "// real"));
    }

    #[test]
    fn elision_forms() {
        for text in ["(...)", "( ... )", "...", "…", "(…)", "(....)"] {
            assert_eq!(kinds(text), vec![(TokenKind::Elision, text)], "{text:?}");
        }
    }

    #[test]
    fn parenthesis_without_dots_is_word() {
        assert_eq!(kinds("(x)"), vec![(TokenKind::Word, "(x)")]);
    }

    #[test]
    fn lone_apostrophe_is_word() {
        let tokens = kinds("don't 'x");
        assert_eq!(tokens[0], (TokenKind::Word, "don't"));
        assert_eq!(tokens[2], (TokenKind::Word, "'"));
        assert_eq!(tokens[3], (TokenKind::Word, "x"));
    }

    #[test]
    fn escaped_closing_apostrophe_is_word() {
        let tokens = kinds("'abc\\'");
        assert_eq!(tokens[0], (TokenKind::Word, "'"));
    }

    #[test]
    fn unterminated_string_runs_to_end() {
        assert_eq!(kinds("\"abc"), vec![(TokenKind::String, "\"abc")]);
        assert_eq!(kinds("\"abc\\"), vec![(TokenKind::String, "\"abc\\")]);
    }

    #[test]
    fn multibyte_text_in_words() {
        let text = "한국어,x…";
        let tokens = kinds(text);
        assert_eq!(tokens[0], (TokenKind::Word, "한국어"));
        assert_eq!(tokens[2], (TokenKind::Word, "x…"));
    }
}
