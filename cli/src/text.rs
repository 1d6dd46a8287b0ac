//! Text that came from a file, made safe to print: control and invisible formatting characters
//! escaped (a file cannot forge output lines or hide text with terminal escapes), and columns
//! counted in code points.

use std::borrow::Cow;

use appflow_connector_profile::validation::is_escaped;

/// `text` with every character the generated crate escapes in findings (controls, invisible and
/// direction-changing formatting) written the same way, `\u{XXXX}`, and nothing cut: for file
/// names, pointers and messages, which findings have already bounded.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_escaped(c) {
            out.push_str(&format!("\\u{{{:04X}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The 1-based code-point column of the 1-based byte column `byte_column` on line `line` (as
/// serde_json counts); column 0 (an error before the line's first character) is column 1.
pub fn char_column(text: &str, line: usize, byte_column: usize) -> usize {
    let Some(line_text) = text.split('\n').nth(line.saturating_sub(1)) else {
        return byte_column.max(1);
    };
    let mut end = byte_column.saturating_sub(1).min(line_text.len());
    while !line_text.is_char_boundary(end) {
        end -= 1;
    }
    line_text[..end].chars().count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_invisible_formatting() {
        assert_eq!(escape("plain é"), "plain é");
        assert_eq!(escape("a\u{1b}[2Jb"), "a\\u{001B}[2Jb");
        assert_eq!(escape("x\n0 error(s)"), "x\\u{000A}0 error(s)");
        assert_eq!(escape("\u{202e}txt"), "\\u{202E}txt");
    }

    #[test]
    fn columns_in_code_points() {
        assert_eq!(char_column("{\"é\": ,}", 1, 8), 7);
        assert_eq!(char_column("", 1, 0), 1);
        assert_eq!(char_column("ab\ncd", 2, 2), 2);
    }
}
