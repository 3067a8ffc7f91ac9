//! A page as a flat list of blocks with line numbers, built from pulldown-cmark events.
//!
//! The page parsers never look at raw Markdown events: they walk these blocks (headings,
//! paragraphs, tables, code blocks, HTML comments), which keep the text of each cell and
//! the links in it, and the line each block starts on.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// A link inside a paragraph or a cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// The link text.
    pub text: String,
    /// The destination as written.
    pub dest: String,
}

/// Inline content: text with the links it contains.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Inline {
    /// Plain text; code spans keep their backticks.
    pub text: String,
    /// Links in order.
    pub links: Vec<Link>,
}

/// A table row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// Cells, as pulldown-cmark split them (at most as many as the header).
    pub cells: Vec<Inline>,
    /// 1-based line.
    pub line: usize,
    /// The cells of the source line split at unescaped `|` (may be more than the header
    /// has when a description holds an unescaped `|`).
    pub raw_cells: Vec<String>,
    /// Whether the source line starts with `|`; a row that does not is usually the rest
    /// of the previous row's last cell, broken onto a new line.
    pub leading_pipe: bool,
}

/// A block-level element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// `#`..`######` heading.
    Heading {
        /// 1..=6.
        level: u8,
        /// Its text.
        text: String,
        /// 1-based line.
        line: usize,
    },
    /// A paragraph (outside block quotes).
    Paragraph {
        /// Content.
        inline: Inline,
        /// 1-based line.
        line: usize,
    },
    /// A paragraph inside a block quote (notes, warnings).
    Quote {
        /// Content.
        inline: Inline,
        /// 1-based line.
        line: usize,
    },
    /// A table.
    Table {
        /// Header cells.
        header: Vec<Inline>,
        /// Body rows.
        rows: Vec<Row>,
        /// 1-based line of the header.
        line: usize,
    },
    /// A fenced or indented code block.
    Code {
        /// The info string's first word, lower-cased (`http`, `json`, ...).
        lang: String,
        /// The content.
        text: String,
        /// 1-based line of the opening fence.
        line: usize,
    },
    /// A block of raw HTML (annotation comments live here).
    Html {
        /// The content.
        text: String,
        /// 1-based line.
        line: usize,
    },
}

impl Block {
    /// The block's 1-based line.
    pub fn line(&self) -> usize {
        match self {
            Block::Heading { line, .. }
            | Block::Paragraph { line, .. }
            | Block::Quote { line, .. }
            | Block::Table { line, .. }
            | Block::Code { line, .. }
            | Block::Html { line, .. } => *line,
        }
    }
}

/// Maps byte offsets to 1-based line numbers.
struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { starts }
    }

    /// The text of 0-based line `index` of `text` (the one `new` was given), without its
    /// `\n`: what `text.split('\n').nth(index)` gives.
    fn text<'a>(&self, text: &'a str, index: usize) -> Option<&'a str> {
        let start = *self.starts.get(index)?;
        let end = self
            .starts
            .get(index + 1)
            .map_or(text.len(), |next| next - 1);
        text.get(start..end)
    }

    fn line(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
}

/// Splits a raw table line into cells at unescaped `|` outside code spans.
fn split_raw_cells(line: &str) -> Vec<String> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    let mut cells = Vec::new();
    let mut start = 0;
    let mut prev = '\0';
    let mut in_code = false;
    for (i, c) in t.char_indices() {
        if c == '`' {
            in_code = !in_code;
        }
        if c == '|' && prev != '\\' && !in_code {
            cells.push(t[start..i].trim().to_owned());
            start = i + 1;
        }
        prev = c;
    }
    cells.push(t[start..].trim().to_owned());
    cells
}

/// Parses `body` (the page after its front matter) into blocks. `line_offset` is the
/// number of lines before `body` in the file, so reported lines are file lines.
pub fn blocks(body: &str, line_offset: usize) -> Vec<Block> {
    let lines = Lines::new(body);
    let mut out = Vec::new();
    let mut quote_depth = 0usize;
    // Current inline being collected, and where it started.
    let mut inline: Option<(Inline, usize)> = None;
    let mut link_stack: Vec<(String, usize)> = Vec::new();
    let mut heading: Option<(u8, usize)> = None;
    let mut table: Option<(Vec<Inline>, Vec<Row>, usize)> = None;
    let mut row: Option<(Vec<Inline>, usize)> = None;
    let mut in_header = false;
    let mut code: Option<(String, String, usize)> = None;
    let mut html: Option<(String, usize)> = None;

    let parser = Parser::new_ext(body, Options::ENABLE_TABLES).into_offset_iter();
    for (event, range) in parser {
        let line = lines.line(range.start) + line_offset;
        match event {
            Event::Start(Tag::BlockQuote(_)) => quote_depth += 1,
            Event::End(TagEnd::BlockQuote(_)) => quote_depth = quote_depth.saturating_sub(1),
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((heading_level(level), line));
                inline = Some((Inline::default(), line));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let (Some((level, line)), Some((il, _))) = (heading.take(), inline.take()) {
                    out.push(Block::Heading {
                        level,
                        text: il.text.trim().to_owned(),
                        line,
                    });
                }
            }
            Event::Start(Tag::Paragraph) => inline = Some((Inline::default(), line)),
            Event::End(TagEnd::Paragraph) => {
                if let Some((mut il, line)) = inline.take() {
                    il.text = il.text.trim().to_owned();
                    out.push(if quote_depth > 0 {
                        Block::Quote { inline: il, line }
                    } else {
                        Block::Paragraph { inline: il, line }
                    });
                }
            }
            Event::Start(Tag::Table(_)) => table = Some((Vec::new(), Vec::new(), line)),
            Event::End(TagEnd::Table) => {
                if let Some((header, rows, line)) = table.take() {
                    out.push(Block::Table { header, rows, line });
                }
            }
            Event::Start(Tag::TableHead) => {
                in_header = true;
                row = Some((Vec::new(), line));
            }
            Event::End(TagEnd::TableHead) => {
                in_header = false;
                if let (Some((cells, _)), Some(t)) = (row.take(), table.as_mut()) {
                    t.0 = cells;
                }
            }
            Event::Start(Tag::TableRow) => row = Some((Vec::new(), line)),
            Event::End(TagEnd::TableRow) => {
                if let (Some((cells, line)), Some(t)) = (row.take(), table.as_mut()) {
                    if !in_header {
                        let source = lines.text(body, line - line_offset - 1).unwrap_or("");
                        t.1.push(Row {
                            cells,
                            line,
                            raw_cells: split_raw_cells(source),
                            leading_pipe: source.trim_start().starts_with('|'),
                        });
                    }
                }
            }
            Event::Start(Tag::TableCell) => inline = Some((Inline::default(), line)),
            Event::End(TagEnd::TableCell) => {
                if let (Some((mut il, _)), Some((cells, _))) = (inline.take(), row.as_mut()) {
                    il.text = il.text.trim().to_owned();
                    cells.push(il);
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split_whitespace()
                        .next()
                        .unwrap_or("")
                        .to_ascii_lowercase(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new(), line));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, text, line)) = code.take() {
                    out.push(Block::Code { lang, text, line });
                }
            }
            Event::Start(Tag::HtmlBlock) => html = Some((String::new(), line)),
            Event::End(TagEnd::HtmlBlock) => {
                if let Some((text, line)) = html.take() {
                    out.push(Block::Html { text, line });
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                let at = inline.as_ref().map(|(il, _)| il.text.len()).unwrap_or(0);
                link_stack.push((dest_url.to_string(), at));
            }
            Event::End(TagEnd::Link) => {
                if let (Some((dest, at)), Some((il, _))) = (link_stack.pop(), inline.as_mut()) {
                    let text = il.text.get(at..).unwrap_or("").trim().to_owned();
                    il.links.push(Link { text, dest });
                }
            }
            Event::Text(t) => {
                if let Some((_, s, _)) = code.as_mut() {
                    s.push_str(&t);
                } else if let Some((il, _)) = inline.as_mut() {
                    il.text.push_str(&t);
                }
            }
            Event::Code(t) => {
                if let Some((il, _)) = inline.as_mut() {
                    il.text.push('`');
                    il.text.push_str(&t);
                    il.text.push('`');
                }
            }
            Event::Html(t) => {
                if let Some((s, _)) = html.as_mut() {
                    s.push_str(&t);
                }
            }
            Event::InlineHtml(_) | Event::SoftBreak | Event::HardBreak => {
                if let Some((il, _)) = inline.as_mut() {
                    if !il.text.ends_with(' ') {
                        il.text.push(' ');
                    }
                }
            }
            _ => {}
        }
    }
    out
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_keep_links_code_and_lines() {
        let md = "# T\n\n|Property|Type|Description|\n|:---|:---|:---|\n|a|[x](../r/x.md) collection|Values: `p`, `q`.|\n|b|String|Pipe (*.a|*.b).|\n";
        let b = blocks(md, 10);
        assert_eq!(
            b[0],
            Block::Heading {
                level: 1,
                text: "T".into(),
                line: 11
            }
        );
        let Block::Table { header, rows, line } = &b[1] else {
            panic!("{b:?}")
        };
        assert_eq!(*line, 13);
        assert_eq!(header.len(), 3);
        assert_eq!(rows[0].cells[1].text, "x collection");
        assert_eq!(rows[0].cells[1].links[0].dest, "../r/x.md");
        assert_eq!(rows[0].cells[2].text, "Values: `p`, `q`.");
        assert_eq!(rows[0].line, 15);
        assert_eq!(rows[1].raw_cells, ["b", "String", "Pipe (*.a", "*.b)."]);
    }

    #[test]
    fn quotes_and_comments_are_separate_blocks() {
        let md = "> **Note:** hi\n\n<!-- {\n  \"blockType\": \"ignored\"\n}\n-->\n``` http\nGET /a\n```\n";
        let b = blocks(md, 0);
        assert!(matches!(&b[0], Block::Quote { .. }));
        assert!(matches!(&b[1], Block::Html { line: 3, .. }));
        assert_eq!(
            b[2],
            Block::Code {
                lang: "http".into(),
                text: "GET /a\n".into(),
                line: 7
            }
        );
    }
}

/// Removes docs directives from text: `[!INCLUDE [name](file)]` (read as
/// `[!INCLUDE name]`), `[!NOTE]`, `[!IMPORTANT]`... and zone-pivot markers (`::: zone ...`,
/// `::: zone-end`). They are instructions to the docs build, not descriptions.
pub fn strip_directives(text: &str) -> String {
    if !text.contains("[!") && !text.contains(":::") {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("[!") {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        // The directive ends at its matching `]`.
        let mut depth = 0usize;
        let mut end = tail.len();
        for (j, c) in tail.char_indices() {
            match c {
                '[' => depth += 1,
                ']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        end = j + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    let mut s = String::with_capacity(out.len());
    for part in out.split(":::") {
        let p = part.trim_start();
        let p = if p.starts_with("zone") {
            // `zone pivot="x"` / `zone-end`: drop the marker word and its attributes.
            let end = p
                .find(|c: char| c.is_whitespace())
                .map(|i| {
                    let after = &p[i..];
                    // Attributes run as `key="value"` pairs.
                    let mut k = i;
                    for w in after.split_whitespace() {
                        if w.contains('=') {
                            k = p.find(w).map(|x| x + w.len()).unwrap_or(k);
                        } else {
                            break;
                        }
                    }
                    k
                })
                .unwrap_or(p.len());
            &p[end..]
        } else {
            part
        };
        s.push_str(p);
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod directive_tests {
    use super::*;

    #[test]
    fn directives_are_not_text() {
        let b = blocks(
            "[!INCLUDE [beta-disclaimer](../../includes/beta-disclaimer.md)]\n\n|a|b|c|\n|-|-|-|\n|id|String|The id. [!INCLUDE [outlook-beta-id](../../includes/outlook-beta-id.md)] Read-only.|\n",
            0,
        );
        let Block::Paragraph { inline, .. } = &b[0] else {
            panic!("{b:?}")
        };
        assert_eq!(strip_directives(&inline.text), "");
        let Block::Table { rows, .. } = &b[1] else {
            panic!("{b:?}")
        };
        assert_eq!(
            strip_directives(&rows[0].cells[2].text),
            "The id. Read-only."
        );
        assert_eq!(strip_directives("> [!NOTE] Mind it."), "> Mind it.");
        assert_eq!(
            strip_directives("::: zone pivot=\"graph-preview\" Text here ::: zone-end"),
            "Text here"
        );
        assert_eq!(strip_directives("Unclosed [!NOTE"), "Unclosed");
    }
}
