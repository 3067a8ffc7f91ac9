//! Enum pages: the `| Member | Value | Description |` table.

use super::markdown::Block;
use super::page::{header_names, tables, Page};
use super::typecell::{clean_name, is_identifier, is_member_name};
use crate::diagnostics::Diagnostics;
use crate::diagnostics::Kind;
use crate::ir::{EnumDef, EnumMember, Source};

/// Reads an enum page.
pub fn parse(page: &Page, diags: &mut Diagnostics) -> Option<EnumDef> {
    let file = page.file.as_str();
    let Some((title, line)) = page.title() else {
        diags.error(
            file,
            1,
            Kind::MissingTitle,
            "expected an H1 `# x enum type` on an enum page; page skipped",
        );
        return None;
    };
    let lower = title.to_ascii_lowercase();
    let cut = lower
        .strip_suffix(" enum type")
        .or_else(|| lower.strip_suffix(" values"))
        .map(str::len)
        .unwrap_or(title.len());
    let name = clean_name(&title[..cut]);
    if !is_identifier(&name) {
        diags.error(
            file,
            line,
            Kind::MissingTitle,
            format!("expected an enum name in the title, found `{title}`; page skipped"),
        );
        return None;
    }
    let Some(section) = page.section("Members") else {
        diags.error(
            file,
            line,
            Kind::MissingSection,
            "expected a `## Members` section with a | Member | Value | Description | table",
        );
        return None;
    };
    let mut members = Vec::new();
    for t in tables(section.blocks) {
        let Block::Table { header, rows, line } = t else {
            continue;
        };
        let h = header_names(header);
        if h.first().map(String::as_str) != Some("member") {
            diags.warn(
                file,
                *line,
                Kind::MalformedTable,
                format!(
                    "expected a | Member | Value | Description | table, found | {} |",
                    h.join(" | ")
                ),
            );
        }
        let value_col = h.iter().position(|c| c.contains("value"));
        let desc_col = h.iter().position(|c| c.contains("description"));
        for r in rows {
            let m = clean_name(r.cells.first().map(|c| c.text.as_str()).unwrap_or(""));
            if !is_member_name(&m) {
                diags.warn(
                    file,
                    r.line,
                    Kind::MalformedRow,
                    format!("expected a member name, found `{m}`; row skipped"),
                );
                continue;
            }
            let value = value_col
                .and_then(|i| r.cells.get(i))
                .and_then(|c| c.text.trim().parse::<i64>().ok());
            members.push(EnumMember {
                name: m,
                value,
                description: desc_col
                    .and_then(|i| r.cells.get(i))
                    .map(|c| c.text.clone())
                    .unwrap_or_default(),
                source: Source {
                    file: file.to_owned(),
                    line: r.line,
                },
            });
        }
    }
    if members.is_empty() {
        diags.error(
            file,
            section.line,
            Kind::MissingTable,
            "expected at least one member row in the Members table",
        );
    }
    Some(EnumDef {
        name,
        description: page.description(),
        members,
        source: Source {
            file: file.to_owned(),
            line,
        },
    })
}
