//! Doc comments from page text.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` attributes for each line of `text` (blank lines kept as paragraph
/// breaks), with the page's prose made safe for rustdoc ([`prose`]). Empty text gives
/// `fallback`, so every item is documented.
pub fn doc(text: &str, fallback: &str) -> TokenStream {
    let text = if text.trim().is_empty() {
        fallback
    } else {
        text.trim()
    };
    // Each line's attribute is moved into the result, not interpolated (which copies).
    let mut out = TokenStream::new();
    for l in text.lines() {
        let l = if l.trim().is_empty() {
            String::new()
        } else {
            format!(" {}", prose(l.trim_end()))
        };
        out.extend(quote! { #[doc = #l] });
    }
    out
}

/// One line of docs as rustdoc should show it, outside code spans:
/// - brackets that are no link (`[Deprecated]`, `PCR[0]`, `http[s]`) are escaped, so
///   rustdoc does not read them as intra-doc links; a Markdown link (`[text](url)`) and a
///   link to an item (`` [`Name`] ``, as the generator writes them) are kept;
/// - a bare `http://` or `https://` URL is put in `<...>`, which makes it a link.
pub fn prose(line: &str) -> String {
    if !line.contains(['[', ']']) && !line.contains("http") {
        return line.to_owned();
    }
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 8);
    let mut in_code = false;
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k];
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            k += 1;
            continue;
        }
        if in_code {
            out.push(c);
            k += 1;
            continue;
        }
        if c == '[' {
            if let Some(close) = closing_bracket(&chars, k) {
                let is_link = chars.get(k + 1) == Some(&'`')
                    || matches!(chars.get(close + 1), Some('(') | Some('['));
                if !is_link {
                    out.push_str("\\[");
                    out.extend(&chars[k + 1..close]);
                    out.push_str("\\]");
                    k = close + 1;
                    continue;
                }
            } else {
                out.push_str("\\[");
                k += 1;
                continue;
            }
        }
        if c == ']' && (k == 0 || chars[k - 1] != '\\') && !closes_earlier(&chars, k) {
            out.push_str("\\]");
            k += 1;
            continue;
        }
        let rest: String = chars[k..chars.len().min(k + 8)].iter().collect();
        let bare = (rest.starts_with("http://") || rest.starts_with("https://"))
            && !matches!(k.checked_sub(1).map(|p| chars[p]), Some('<' | '(' | '"'));
        if bare {
            let mut end = k;
            while end < chars.len() && !chars[end].is_whitespace() && chars[end] != '`' {
                end += 1;
            }
            // Trailing punctuation ends the sentence, not the URL.
            while end > k && matches!(chars[end - 1], '.' | ',' | ';' | ':' | ')' | '\'') {
                end -= 1;
            }
            out.push('<');
            out.extend(&chars[k..end]);
            out.push('>');
            k = end;
            continue;
        }
        out.push(c);
        k += 1;
    }
    out
}

/// The `]` that closes the `[` at `open`, on the same line (no nesting).
fn closing_bracket(chars: &[char], open: usize) -> Option<usize> {
    chars[open + 1..]
        .iter()
        .position(|&c| c == ']' || c == '[')
        .map(|p| open + 1 + p)
        .filter(|&p| chars[p] == ']')
}

/// Whether the `]` at `at` closes a `[` before it (a link kept as it is).
fn closes_earlier(chars: &[char], at: usize) -> bool {
    chars[..at]
        .iter()
        .rposition(|&c| c == '[' || c == ']')
        .is_some_and(|p| chars[p] == '[')
}

#[cfg(test)]
mod tests {
    use super::prose;

    #[test]
    fn brackets_that_are_no_link_are_escaped() {
        assert_eq!(prose("[Deprecated] Old."), "\\[Deprecated\\] Old.");
        assert_eq!(
            prose("captured in PCR[0] here"),
            "captured in PCR\\[0\\] here"
        );
        assert_eq!(
            prose("a valid Url (http[s]://x/)"),
            "a valid Url (http\\[s\\]://x/)"
        );
        assert_eq!(prose("odd ] and [ alone"), "odd \\] and \\[ alone");
    }

    #[test]
    fn links_and_code_are_kept() {
        for line in [
            "See [`Patch::Absent`] and [`Model::field`].",
            "See [the docs](https://example.com/x).",
            "In code: `a[0]` and `[x]`.",
            "Already <https://example.com/x>.",
        ] {
            assert_eq!(prose(line), line);
        }
    }

    #[test]
    fn bare_urls_become_links() {
        assert_eq!(
            prose("See https://docs.example.com/a?b=1. More"),
            "See <https://docs.example.com/a?b=1>. More"
        );
        assert_eq!(prose("http://x.test"), "<http://x.test>");
    }
}
