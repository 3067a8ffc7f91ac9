//! A page split into front matter and blocks, with helpers to find sections,
//! annotations and tables in it.

use super::markdown::{self, Block, Inline};
use crate::diagnostics::Diagnostics;
use crate::diagnostics::Kind;
use std::collections::BTreeMap;

/// One input page, read and split into blocks.
#[derive(Debug)]
pub struct Page {
    /// Path relative to the input folder.
    pub file: String,
    /// Front matter keys and values (quotes stripped).
    pub front_matter: BTreeMap<String, String>,
    /// The blocks after the front matter.
    pub blocks: Vec<Block>,
}

/// A `##` (or deeper) section: its heading and its blocks.
#[derive(Debug, Clone, Copy)]
pub struct Section<'a> {
    /// The heading text.
    pub title: &'a str,
    /// The heading's line.
    pub line: usize,
    /// Blocks up to the next heading of the same or a higher level.
    pub blocks: &'a [Block],
}

impl Page {
    /// Splits `text` into front matter and blocks.
    pub fn read(file: &str, text: &str) -> Page {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let (front_matter, body, offset) = split_front_matter(text);
        Page {
            file: file.to_owned(),
            front_matter,
            blocks: markdown::blocks(body, offset),
        }
    }

    /// The front matter `doc_type`, normalized (quotes and a trailing `_` removed).
    pub fn doc_type(&self) -> Option<&str> {
        self.front_matter
            .get("doc_type")
            .map(|s| s.trim_end_matches('_'))
    }

    /// The first H1 and its line.
    pub fn title(&self) -> Option<(&str, usize)> {
        self.blocks.iter().find_map(|b| match b {
            Block::Heading {
                level: 1,
                text,
                line,
            } => Some((text.as_str(), *line)),
            _ => None,
        })
    }

    /// The first paragraph after the H1 that is not the `Namespace:` line: the page's
    /// description.
    pub fn description(&self) -> String {
        let start = self
            .blocks
            .iter()
            .position(|b| matches!(b, Block::Heading { level: 1, .. }))
            .map(|i| i + 1)
            .unwrap_or(0);
        for b in &self.blocks[start..] {
            match b {
                Block::Heading { .. } => break,
                Block::Paragraph { inline, .. } if !inline.text.starts_with("Namespace:") => {
                    let text = markdown::strip_directives(&inline.text);
                    if !text.is_empty() {
                        return text;
                    }
                }
                _ => {}
            }
        }
        String::new()
    }

    /// The page's namespace relative to `microsoft.graph` (`Namespace:
    /// microsoft.graph.callRecords` → `callRecords`), from its `Namespace:` line or else a
    /// `"namespace"` annotation; `None` for `microsoft.graph` itself or when the page
    /// names none. Names defined on the page are qualified with it.
    pub fn namespace(&self) -> Option<String> {
        let line = self.blocks.iter().find_map(|b| match b {
            Block::Paragraph { inline, .. } => inline
                .text
                .strip_prefix("Namespace:")
                .map(|n| n.split_whitespace().next().unwrap_or("").to_owned()),
            _ => None,
        });
        let ns = line.or_else(|| {
            self.annotations(&mut Diagnostics::new())
                .into_iter()
                .find_map(|(_, v)| v.get("namespace")?.as_str().map(str::to_owned))
        })?;
        let ns = ns.trim().trim_matches('`').trim_end_matches('.');
        let rel = ns.strip_prefix("microsoft.graph")?;
        let rel = rel.strip_prefix('.').unwrap_or(rel);
        (!rel.is_empty() && rel.split('.').all(super::typecell::is_identifier))
            .then(|| rel.to_owned())
    }

    /// The section whose heading (level >= 2) equals `name`, ignoring case.
    pub fn section(&self, name: &str) -> Option<Section<'_>> {
        self.sections()
            .into_iter()
            .find(|s| s.title.eq_ignore_ascii_case(name))
    }

    /// Every section of level 2 or deeper, in page order. A section's blocks end at the
    /// next heading of any level, so `## Example` and `### Request` are separate.
    pub fn sections(&self) -> Vec<Section<'_>> {
        let mut out = Vec::new();
        for (i, b) in self.blocks.iter().enumerate() {
            if let Block::Heading { level, text, line } = b {
                if *level < 2 {
                    continue;
                }
                let end = self.blocks[i + 1..]
                    .iter()
                    .position(|b| matches!(b, Block::Heading { .. }))
                    .map(|p| i + 1 + p)
                    .unwrap_or(self.blocks.len());
                out.push(Section {
                    title: text,
                    line: *line,
                    blocks: &self.blocks[i + 1..end],
                });
            }
        }
        out
    }

    /// The JSON annotation comments (`<!-- { ... } -->`) on the page, each with the index
    /// of the block it stands in. Comments that are not valid JSON get a warning.
    pub fn annotations(&self, diags: &mut Diagnostics) -> Vec<(usize, serde_json::Value)> {
        let mut out = Vec::new();
        for (i, b) in self.blocks.iter().enumerate() {
            let Block::Html { text, line } = b else {
                continue;
            };
            let t = text.trim();
            let Some(inner) = t
                .strip_prefix("<!--")
                .and_then(|t| t.trim_end().strip_suffix("-->"))
            else {
                continue;
            };
            let inner = inner.trim();
            if !inner.starts_with('{') {
                continue;
            }
            match serde_json::from_str::<serde_json::Value>(inner) {
                Ok(v) => out.push((i, v)),
                Err(e) => diags.warn(
                    &self.file,
                    *line,
                    Kind::BadAnnotation,
                    format!("annotation comment is not valid JSON ({e}); expected `<!-- {{ \"blockType\": ... }} -->`"),
                ),
            }
        }
        out
    }
}

/// Splits YAML-ish front matter (`---` ... `---`) from the body. Returns the key/value
/// pairs, the body, and how many lines precede the body.
fn split_front_matter(text: &str) -> (BTreeMap<String, String>, &str, usize) {
    let mut map = BTreeMap::new();
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return (map, text, 0);
    };
    let mut consumed = text.len() - rest.len();
    let mut lines = 1;
    for line in rest.split_inclusive('\n') {
        consumed += line.len();
        lines += 1;
        let l = line.trim_end();
        if l == "---" {
            return (map, &text[consumed..], lines);
        }
        if let Some((k, v)) = l.split_once(':') {
            let v = v.trim().trim_matches(|c| c == '"' || c == '\'');
            map.insert(k.trim().to_owned(), v.to_owned());
        }
    }
    // No closing fence: treat the whole file as body.
    (BTreeMap::new(), text, 0)
}

/// Lower-cased, trimmed header cell texts of a table, for matching.
pub fn header_names(header: &[Inline]) -> Vec<String> {
    header
        .iter()
        .map(|c| {
            c.text
                .replace('\u{a0}', " ")
                .trim()
                .trim_matches('*')
                .to_ascii_lowercase()
        })
        .collect()
}

/// The tables of a section.
pub fn tables<'a>(blocks: &'a [Block]) -> impl Iterator<Item = &'a Block> + 'a {
    blocks.iter().filter(|b| matches!(b, Block::Table { .. }))
}

/// The paragraphs of a section.
pub fn paragraphs<'a>(blocks: &'a [Block]) -> impl Iterator<Item = (&'a Inline, usize)> + 'a {
    blocks.iter().filter_map(|b| match b {
        Block::Paragraph { inline, line } => Some((inline, *line)),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_lines_are_counted() {
        let p = Page::read(
            "a.md",
            "---\ntitle: \"X\"\ndoc_type: apiPageType\n---\n\n# X\n",
        );
        assert_eq!(p.doc_type(), Some("apiPageType"));
        assert_eq!(p.front_matter["title"], "X");
        assert_eq!(p.title(), Some(("X", 6)));
    }

    #[test]
    fn unclosed_front_matter_is_body() {
        let p = Page::read("a.md", "---\ntitle: X\n# Y\n");
        assert!(p.front_matter.is_empty());
    }
}
