//! Enum pages: one enum (`# x enum type` and a `## Members` table), or many (`### x values`
//! sections, as on `enums.md`). The member tables are read by [`super::enum_table`].

use super::enum_table::{self, values_heading};
use super::markdown::Block;
use super::page::{header_names, tables, Page};
use super::typecell::{clean_name, is_identifier};
use crate::diagnostics::Diagnostics;
use crate::diagnostics::Kind;
use crate::ir::{EnumDef, Source};

/// Reads an enum page: every `x values` section is an enum; a page without such sections
/// defines the one enum its title names.
pub fn parse(page: &Page, diags: &mut Diagnostics) -> Vec<EnumDef> {
    if page
        .sections()
        .iter()
        .any(|s| values_heading(s.title).is_some())
    {
        let out = enum_table::values_sections(page, false, diags);
        if out.is_empty() {
            diags.error(
                &page.file,
                page.title().map(|(_, l)| l).unwrap_or(1),
                Kind::MissingTable,
                "expected member tables under the page's `### x values` sections; no enum read",
            );
        }
        return out;
    }
    parse_one(page, diags).into_iter().collect()
}

/// Reads a one-enum page.
fn parse_one(page: &Page, diags: &mut Diagnostics) -> Option<EnumDef> {
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
        .or_else(|| lower.strip_suffix(" enumeration type"))
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
        members.extend(enum_table::members(&h, rows, file, diags));
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
        name: crate::ir::qualify(page.namespace().as_deref(), &name),
        description: page.description(),
        members,
        source: Source {
            file: file.to_owned(),
            line,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Ir;
    use crate::parse::{parse_page, PageKind};

    #[test]
    fn one_enum_pages_and_many_enum_pages() {
        let mut ir = Ir::default();
        let mut d = Diagnostics::new();
        let one = "---\ndoc_type: resourcePageType\n---\n# fileKind enumeration type\n\nNamespace: microsoft.graph.files\n\n\
                   ## Members\n|Member|Value|Description|\n|:--|:--|:--|\n|text|0|Text.|\n|binary|1|Bytes.|\n";
        let many = "---\ndoc_type: enumTypes\n---\n# Multi-thing enumeration values\n\n\
                    ### a values\n\n|Member|\n|:---|\n|x|\n\n### b values\n\n|Member|\n|:---|\n|y|\n";
        assert_eq!(
            parse_page("resources/filekind.md", one, &mut ir, &mut d),
            PageKind::Enum
        );
        assert_eq!(
            parse_page("resources/enums-multi.md", many, &mut ir, &mut d),
            PageKind::Enum
        );
        assert!(d.is_empty(), "{d:?}");
        let names: Vec<&str> = ir.enums.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["files.fileKind", "a", "b"]);
        assert_eq!(ir.enums[0].members[1].value, Some(1));
    }
}
