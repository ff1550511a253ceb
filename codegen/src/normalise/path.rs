//! Parsing path templates: HostBill's `@name` segments and OpenAPI's
//! `{name}` placeholders.

use crate::model::{PathSegment, PathTemplate};

/// Parses a path key such as `/service/@id/vms/{vmid}`.
///
/// `@name` runs until the next character that is not a letter, digit or
/// `_`, so `/ticket/@number.pdf` has the parameter `number` followed by the
/// literal `.pdf`. `{name}` runs to the next `}`. An `@` or `{` that starts
/// no name is literal text.
pub fn parse_template(path: &str) -> PathTemplate {
    let mut segments = Vec::new();
    let mut literal = String::new();
    let mut characters = path.char_indices().peekable();

    while let Some((index, character)) = characters.next() {
        let name = match character {
            '@' => {
                let name: String = path[index + 1..]
                    .chars()
                    .take_while(|next| next.is_ascii_alphanumeric() || *next == '_')
                    .collect();
                for _ in 0..name.chars().count() {
                    characters.next();
                }
                name
            }
            '{' => match path[index + 1..].find('}') {
                Some(end) if end > 0 => {
                    let name = path[index + 1..index + 1 + end].to_owned();
                    for _ in 0..=name.chars().count() {
                        characters.next();
                    }
                    name
                }
                _ => String::new(),
            },
            _ => String::new(),
        };

        if name.is_empty() {
            literal.push(character);
            continue;
        }
        if !literal.is_empty() {
            segments.push(PathSegment::Literal(std::mem::take(&mut literal)));
        }
        segments.push(PathSegment::Parameter(name));
    }
    if !literal.is_empty() {
        segments.push(PathSegment::Literal(literal));
    }
    PathTemplate { segments }
}

/// Returns the literal words of a path, for naming operations that have no
/// operationId: `/zone/@zone_id/records` gives `["zone", "records"]`.
pub fn literal_words(template: &PathTemplate) -> Vec<String> {
    template
        .segments
        .iter()
        .filter_map(|segment| match segment {
            PathSegment::Literal(text) => Some(text),
            PathSegment::Parameter(_) => None,
        })
        .flat_map(|text| text.split(|character: char| !character.is_ascii_alphanumeric()))
        .filter(|word| !word.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parameters(path: &str) -> Vec<String> {
        parse_template(path)
            .parameter_names()
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn at_segments_become_placeholders() {
        let template = parse_template("/service/@id/vms/@vmid");
        assert_eq!(template.to_string(), "/service/{id}/vms/{vmid}");
        assert_eq!(parameters("/service/@id/vms/@vmid"), ["id", "vmid"]);
    }

    #[test]
    fn braces_kept() {
        let template = parse_template("/service/{id}/dns");
        assert_eq!(template.to_string(), "/service/{id}/dns");
    }

    #[test]
    fn at_name_ends_at_punctuation() {
        let template = parse_template("/ticket/@number.pdf");
        assert_eq!(template.to_string(), "/ticket/{number}.pdf");
    }

    #[test]
    fn lone_at_and_brace_are_literal() {
        let template = parse_template("/a/@/b/{}");
        assert_eq!(template.to_string(), "/a/@/b/{}");
        assert!(parameters("/a/@/b/{}").is_empty());
    }

    #[test]
    fn literal_words_skip_parameters() {
        let template = parse_template("/zone/@zone_id/records");
        assert_eq!(literal_words(&template), ["zone", "records"]);
    }
}
