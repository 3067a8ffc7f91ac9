//! Doc comments from page text.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` attributes for each line of `text` (blank lines kept as paragraph
/// breaks), with the page's prose made safe for rustdoc ([`prose`]). Empty text gives
/// `fallback`, so every item is documented. Each is written as a raw string ([`lit`]):
/// the formatter prints it as the same `///` line.
pub fn doc(text: &str, fallback: &str) -> TokenStream {
    attributes(text, fallback, lit)
}

/// [`doc`] for the input of a macro call, which the formatter prints as it is written: each
/// line is an escaped string (`"..."`), as a reader expects.
pub fn doc_in_macro(text: &str, fallback: &str) -> TokenStream {
    attributes(text, fallback, proc_macro2::Literal::string)
}

fn attributes(text: &str, fallback: &str, lit: fn(&str) -> proc_macro2::Literal) -> TokenStream {
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
        let l = lit(&l);
        out.extend(quote! { #[doc = #l] });
    }
    out
}

/// `text` as a string literal for a doc attribute outside a macro call. It is written raw
/// (`r"..."`, with as many `#` as it needs), which costs no escaping here and no unescaping
/// where it is formatted; a lone carriage return, which a raw string cannot hold, makes it
/// escaped as usual.
pub fn lit(text: &str) -> proc_macro2::Literal {
    // As many `#` as the longest run of them after a quote, plus one; none without quotes.
    let hashes = if text.contains('"') {
        text.split('"')
            .skip(1)
            .map(|rest| rest.len() - rest.trim_start_matches('#').len() + 1)
            .max()
            .unwrap_or(0)
    } else {
        0
    };
    let mut repr = String::with_capacity(text.len() + 3 + 2 * hashes);
    repr.push('r');
    repr.extend(std::iter::repeat_n('#', hashes));
    repr.push('"');
    repr.push_str(text);
    repr.push('"');
    repr.extend(std::iter::repeat_n('#', hashes));
    repr.parse()
        .unwrap_or_else(|_| proc_macro2::Literal::string(text))
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

    /// A raw doc literal formats as the same `///` line an escaped one does, whatever quotes,
    /// hashes, backslashes or carriage returns the text holds.
    #[test]
    fn raw_doc_literals_format_as_escaped_ones() {
        for text in [
            " Plain.",
            " Says \"quoted\" and \"# and \"## and a \\ backslash.",
            " A lone \r carriage return.",
            "",
        ] {
            let format = |docs: proc_macro2::TokenStream| {
                crate::emit::format_part(quote::quote! { #docs struct S; }).expect("formats")
            };
            let raw = format(super::doc(text, "fallback"));
            assert_eq!(
                raw,
                format(super::doc_in_macro(text, "fallback")),
                "{text:?}"
            );
            assert!(raw.starts_with("///"), "{raw}");
        }
        assert!(super::lit("a \"# b").to_string().starts_with("r##\""));
        assert!(super::lit("a \r b").to_string().starts_with('"'));
    }

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
