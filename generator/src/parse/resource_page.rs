//! Resource (type) pages: the name, key and base from the annotation and the
//! "Inherits from" line, and the Properties and Relationships tables.

use super::enum_table::is_member_header;
use super::markdown::Block;
use super::page::{header_names, paragraphs, tables, Page, Section};
use super::typecell::{clean_name, is_member_name, property_rows};
use crate::diagnostics::Diagnostics;
use crate::diagnostics::Kind;
use crate::ir::{Property, Source, TypeDef, TypeDefKind};

fn truthy(v: Option<&serde_json::Value>) -> bool {
    match v {
        Some(serde_json::Value::Bool(b)) => *b,
        Some(serde_json::Value::String(s)) => s.eq_ignore_ascii_case("true"),
        _ => false,
    }
}

/// Reads a resource page into a type definition.
pub fn parse(page: &Page, diags: &mut Diagnostics) -> Option<TypeDef> {
    let file = page.file.as_str();
    let title = page.title();
    let resource = page
        .annotations(diags)
        .into_iter()
        .map(|(_, v)| v)
        .find(|v| v.get("blockType").and_then(|b| b.as_str()) == Some("resource"));
    let annotated = resource
        .as_ref()
        .and_then(|v| v.get("@odata.type").or_else(|| v.get("@type")))
        .and_then(|v| v.as_str())
        .map(clean_name);
    let from_title = title.map(|(t, _)| {
        let t = t.trim();
        let lower = t.to_ascii_lowercase();
        let cut = lower
            .strip_suffix(" resource type")
            .or_else(|| lower.strip_suffix(" complex type"))
            .or_else(|| lower.strip_suffix(" entity type"))
            .map(str::len)
            .unwrap_or(t.len());
        clean_name(&t[..cut])
    });
    let line = title.map(|(_, l)| l).unwrap_or(1);
    let Some(name) = annotated.or(from_title).filter(|n| !n.is_empty()) else {
        diags.error(file, line, Kind::MissingTitle, "expected an H1 `# x resource type` or a `blockType: resource` annotation naming the type; page skipped");
        return None;
    };

    let properties = match page.section("Properties") {
        Some(s) => table_properties(s, file, diags),
        None => {
            diags.error(
                file,
                line,
                Kind::MissingSection,
                "expected a `## Properties` section with a | Property | Type | Description | table",
            );
            Vec::new()
        }
    };
    let navigation = page
        .section("Relationships")
        .map(|s| table_properties(s, file, diags))
        .unwrap_or_default();

    let key = resource
        .as_ref()
        .and_then(|v| v.get("keyProperty"))
        .and_then(|v| v.as_str())
        .map(str::to_owned);
    let base = inherits_from(page).or_else(|| {
        resource
            .as_ref()
            .and_then(|v| v.get("baseType"))
            .and_then(|v| v.as_str())
            .map(clean_name)
    });
    let kind = if key.is_some() || properties.iter().any(|p| p.name == "id") {
        TypeDefKind::Entity
    } else {
        TypeDefKind::Complex
    };
    Some(TypeDef {
        name,
        kind,
        key,
        base,
        is_abstract: truthy(resource.as_ref().and_then(|v| v.get("abstract"))),
        open: truthy(resource.as_ref().and_then(|v| v.get("openType"))),
        description: page.description(),
        properties,
        navigation,
        source: Source {
            file: file.to_owned(),
            line,
        },
    })
}

/// The base type from an "Inherits from [x](...)" paragraph.
fn inherits_from(page: &Page) -> Option<String> {
    paragraphs(&page.blocks).find_map(|(p, _)| {
        let i = p.text.find("nherits from")?;
        let after = &p.text[i..];
        p.links
            .iter()
            .find(|l| after.contains(&l.text))
            .map(|l| clean_name(&l.text))
    })
}

fn table_properties(s: Section<'_>, file: &str, diags: &mut Diagnostics) -> Vec<Property> {
    let mut out = Vec::new();
    let mut saw_table = false;
    for t in tables(s.blocks) {
        let Block::Table { header, rows, line } = t else {
            continue;
        };
        saw_table = true;
        let h = header_names(header);
        // A table of values (`| Member | Description |`, `| Pre-set constant | Color |`)
        // below the property table: a real header without a Type column.
        let real_header =
            is_member_header(&h) || !h.first().is_some_and(|c| is_member_name(&clean_name(c)));
        if real_header && !h.iter().any(|c| c.contains("type")) {
            diags.warn(
                file,
                *line,
                Kind::MalformedTable,
                format!("a table of values (| {} |, no Type column) stands in the `{}` section; not read as properties (an enum needs its own `### x values` heading)", h.join(" | "), s.title),
            );
            continue;
        }
        if h.len() < 3 || h[1] != "type" {
            diags.warn(
                file,
                *line,
                Kind::MalformedTable,
                format!("expected a | Property | Type | Description | table, found | {} |; reading it as one", h.join(" | ")),
            );
        }
        out.extend(property_rows(rows, file, header.len(), diags));
    }
    if !saw_table {
        let says_none = paragraphs(s.blocks)
            .any(|(p, _)| p.text.trim_end_matches('.').eq_ignore_ascii_case("none"));
        if !says_none && s.title.eq_ignore_ascii_case("Properties") {
            diags.warn(
                file,
                s.line,
                Kind::MissingTable,
                "expected a | Property | Type | Description | table or \"None\"",
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_of_values_in_properties_is_not_read_as_properties() {
        let md = "# category resource type\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n\
                  |color|String|A preset. See the note.|\n\n> **Note** The presets:\n\n\
                  | Pre-set constant | Color mapped to |\n|:--|:--|\n| None | No color |\n| Preset0 | Red |\n";
        let page = Page::read("resources/category.md", md);
        let mut d = Diagnostics::new();
        let t = parse(&page, &mut d).expect("a type");
        let names: Vec<&str> = t.properties.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["color"]);
        assert_eq!(d.len(), 1);
        assert_eq!(d.iter().next().map(|d| d.kind), Some(Kind::MalformedTable));
    }

    #[test]
    fn a_table_without_a_header_row_is_still_read() {
        // Some pages start the table with a data row: it becomes the header.
        let md = "# thing resource type\n\n## Relationships\n\n|items|[item](item.md) collection|The items.|\n|:--|:--|:--|\n|owner|[user](user.md)|The owner.|\n\n## Properties\n\nNone.\n";
        let page = Page::read("resources/thing.md", md);
        let mut d = Diagnostics::new();
        let t = parse(&page, &mut d).expect("a type");
        assert_eq!(t.navigation.len(), 1);
    }
}
