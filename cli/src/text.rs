//! Text that came from a file, made safe to print: control and invisible formatting characters
//! escaped (a file cannot forge output lines or hide text with terminal escapes).

use std::borrow::Cow;

use appflow_connector_profile::validation::is_escaped;

/// `text` with every character the generated crate escapes in findings (controls, invisible and
/// direction-changing formatting) written the same way, `\u{XXXX}`, and nothing cut: for file
/// names, pointers and messages, which findings have already bounded.
pub fn escape(text: &str) -> Cow<'_, str> {
    // Printable ASCII, what nearly every message is, has nothing to escape: tested in blocks
    // without an early exit, so the test is vectorized.
    let printable_ascii = text.as_bytes().chunks(64).all(|block| {
        block
            .iter()
            .fold(true, |all, &b| all & (b' '..=b'~').contains(&b))
    });
    if printable_ascii || !text.chars().any(is_escaped) {
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

/// A JSON Pointer token for `key` (RFC 6901: `~` and `/` escaped). `#[inline]`: it runs for
/// every key a walk passes, and its callers are in other codegen units.
#[inline]
pub fn pointer_token(key: &str) -> String {
    if !key.contains(['~', '/']) {
        return key.to_owned();
    }
    key.replace('~', "~0").replace('/', "~1")
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
    fn pointer_tokens_escape_tilde_then_slash() {
        assert_eq!(pointer_token("a/b~c"), "a~1b~0c");
        assert_eq!(pointer_token("~1"), "~01");
        assert_eq!(pointer_token("plain"), "plain");
    }
}
