//! Source documentation made fit for rustdoc: the API model's HTML becomes Markdown, and text from
//! either schema is cleaned so that rustdoc finds no broken intra-doc link, bare URL or stray HTML tag.

/// Converts the API model's HTML documentation to rustdoc Markdown.
pub fn from_html(html: &str) -> String {
    let markdown = htmd::HtmlToMarkdown::builder()
        .build()
        .convert(html)
        .unwrap_or_else(|_| html.to_owned());
    clean(&markdown)
}

/// Cleans plain-text documentation (CloudFormation descriptions).
pub fn from_text(text: &str) -> String {
    clean(text)
}

/// Escapes what rustdoc would misread, outside code spans and Markdown links:
/// `[`/`]` that are not a link (they would be taken for intra-doc links), `<` that would open an
/// HTML tag, and bare URLs (wrapped in `<…>` so they become links).
fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (index, line) in text.trim().lines().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        out.push_str(&clean_line(line.trim_end()));
    }
    out
}

fn clean_line(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            // Copy a code span through its closing backtick unchanged.
            if let Some(end) = chars[i + 1..].iter().position(|&d| d == '`') {
                out.extend(&chars[i..=i + 1 + end]);
                i += end + 2;
                continue;
            }
            out.push_str("\\`");
            i += 1;
            continue;
        }
        if c == '[' {
            if let Some(len) = markdown_link_len(&chars[i..]) {
                out.extend(&chars[i..i + len]);
                i += len;
                continue;
            }
            out.push_str("\\[");
            i += 1;
            continue;
        }
        if c == ']' {
            out.push_str("\\]");
            i += 1;
            continue;
        }
        if c == '<' {
            if let Some(len) = autolink_len(&chars[i..]) {
                out.extend(&chars[i..i + len]);
                i += len;
                continue;
            }
            out.push_str("\\<");
            i += 1;
            continue;
        }
        if c == '>' {
            out.push_str("\\>");
            i += 1;
            continue;
        }
        if starts_url(&chars[i..]) && (i == 0 || !chars[i - 1].is_alphanumeric()) {
            let len = chars[i..]
                .iter()
                .position(|c| c.is_whitespace() || matches!(c, ')' | '"' | '\'' | '<' | '>'))
                .unwrap_or(chars.len() - i);
            let mut url: String = chars[i..i + len].iter().collect();
            let trailing: String = {
                let kept = url.trim_end_matches(['.', ',', ';', ':']).len();
                url.split_off(kept)
            };
            out.push('<');
            out.push_str(&url);
            out.push('>');
            out.push_str(&trailing);
            i += len;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

fn starts_url(chars: &[char]) -> bool {
    let prefix: String = chars.iter().take(8).collect();
    prefix.starts_with("http://") || prefix.starts_with("https://")
}

/// Length of `[text](url)` at the start of `chars`, if it is one.
fn markdown_link_len(chars: &[char]) -> Option<usize> {
    let close = chars.iter().position(|&c| c == ']')?;
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let end = chars[close + 2..].iter().position(|&c| c == ')')?;
    let url: String = chars[close + 2..close + 2 + end].iter().collect();
    (url.starts_with("http") && !url.contains(' ')).then_some(close + 3 + end)
}

/// Length of `<http…>` at the start of `chars`, if it is an autolink.
fn autolink_len(chars: &[char]) -> Option<usize> {
    if !starts_url(&chars[1..]) {
        return None;
    }
    let end = chars.iter().position(|&c| c == '>')?;
    (!chars[..end].iter().any(|c| c.is_whitespace())).then_some(end + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_markdown() {
        let md = from_html("<p>The <code>accessToken</code> of <a href=\"https://x.example/a\">Salesforce</a>.</p>");
        assert_eq!(
            md,
            "The `accessToken` of [Salesforce](https://x.example/a)."
        );
    }

    #[test]
    fn stray_brackets_and_tags_are_escaped() {
        assert_eq!(
            from_text("matches [a-z] or <region>"),
            "matches \\[a-z\\] or \\<region\\>"
        );
        assert_eq!(
            from_text("pattern `[\\w]+` stays"),
            "pattern `[\\w]+` stays"
        );
    }

    #[test]
    fn bare_urls_become_autolinks() {
        assert_eq!(
            from_text("see https://example.com/x."),
            "see <https://example.com/x>."
        );
        assert_eq!(from_text("<https://example.com>"), "<https://example.com>");
    }
}
