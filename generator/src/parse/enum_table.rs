//! Enum member tables wherever they stand: the `## Members` table of a one-enum page, the
//! `### x values` sections of a many-enum page (`enums.md`), and `### x values` sections
//! after the Properties table of a resource page.
//!
//! Header variants read: `| Member |` alone, `Member | Value | Description`,
//! `Member | Int value | Description`, `Member | Member | Description`, `Value` or
//! `Value | Description` (the Value column then holds the names), and tables written
//! without leading or trailing pipes.

use super::markdown::{Block, Row};
use super::page::{header_names, paragraphs, tables, Page, Section};
use super::typecell::{clean_name, is_identifier, is_member_name};
use crate::diagnostics::Diagnostics;
use crate::diagnostics::Kind;
use crate::ir::{EnumDef, EnumMember, Property, Source, TypeDef, TypeKind};

/// The enum a `x values` heading names (also `x value`, `x enum values`, `` `x` values``),
/// or `None` for any other heading.
pub fn values_heading(title: &str) -> Option<String> {
    // Any run of whitespace (a no-break space too) counts as one space.
    let t = title.split_whitespace().collect::<Vec<_>>().join(" ");
    let t = t.as_str();
    let lower = t.to_ascii_lowercase();
    let cut = [" enumeration values", " enum values", " values", " value"]
        .iter()
        .find_map(|s| lower.strip_suffix(s).map(str::len))?;
    let name = clean_name(&t[..cut]);
    let prose = NOT_NAMES.contains(&name.to_ascii_lowercase().as_str());
    (is_identifier(&name) && !prose).then_some(name)
}

/// Words that stand before "values" in headings that name no enum ("Possible values").
const NOT_NAMES: &[&str] = &[
    "accepted",
    "all",
    "allowed",
    "default",
    "enum",
    "enumeration",
    "known",
    "member",
    "other",
    "possible",
    "property",
    "return",
    "supported",
    "the",
    "valid",
];

/// Whether a table header is that of a member table: a `Member` (or `Name`) column, or a
/// `Value` column, and no `Type` column (which makes it a property table).
pub fn is_member_header(h: &[String]) -> bool {
    !h.iter().any(|c| c == "type")
        && h.iter()
            .any(|c| c.starts_with("member") || c == "value" || c == "values" || c == "name")
}

/// The members of one member table. `header` are the lower-cased header cells
/// ([`header_names`]).
pub fn members(h: &[String], rows: &[Row], file: &str, diags: &mut Diagnostics) -> Vec<EnumMember> {
    // The names are in the Member (or Name) column; without one, in the Value column
    // (`| Value | Description |` tables list names there); else in the first column.
    let name_col = h
        .iter()
        .position(|c| c.starts_with("member") || c == "name")
        .or_else(|| h.iter().position(|c| c == "value" || c == "values"))
        .unwrap_or(0);
    let value_col = h
        .iter()
        .enumerate()
        .position(|(i, c)| i != name_col && c.contains("value"));
    let desc_col = h.iter().position(|c| c.contains("description"));
    // In a table whose rows start with `|`, a row that does not is the rest of the row
    // above, broken onto a new line.
    let piped = rows.iter().filter(|r| r.leading_pipe).count() * 2 > rows.len();
    let mut out: Vec<EnumMember> = Vec::new();
    for r in rows {
        let cell = |i: Option<usize>| {
            i.and_then(|i| r.cells.get(i))
                .map(|c| c.text.trim())
                .unwrap_or("")
        };
        if piped && !r.leading_pipe {
            if let Some(prev) = out.last_mut() {
                diags.warn(
                    file,
                    r.line,
                    Kind::ContinuedRow,
                    "a member row continues on this line (a line break inside a description); joined to the row above",
                );
                let more = r.raw_cells.join(" ");
                prev.description = format!("{} {}", prev.description, more.trim())
                    .trim()
                    .to_owned();
                continue;
            }
        }
        let raw = cell(Some(name_col));
        let name = member_name(raw);
        if name.is_empty() || name.chars().all(|c| c == '-' || c == ':') {
            diags.warn(
                file,
                r.line,
                Kind::MalformedRow,
                format!("expected a member name in the first cell, found `{raw}`; row skipped"),
            );
            continue;
        }
        if !is_member_name(&name) {
            diags.warn(
                file,
                r.line,
                Kind::MalformedRow,
                format!("member `{name}` is not an identifier; kept as written"),
            );
        }
        let value = cell(value_col).parse::<i64>().ok();
        out.push(EnumMember {
            name,
            value,
            description: cell(desc_col).to_owned(),
            source: Source {
                file: file.to_owned(),
                line: r.line,
            },
        });
    }
    out
}

/// A member cell without its markup: code spans, bold, quotes, a trailing footnote mark
/// or parenthetical (`none (default)`), surrounding spaces.
fn member_name(cell: &str) -> String {
    let name = clean_name(cell);
    if is_member_name(&name) {
        return name;
    }
    // `none (default)`, `value<br>note`: the first word, when it is a name and the rest
    // is a remark.
    if let Some((first, rest)) = name.split_once(char::is_whitespace) {
        let first = clean_name(first);
        let rest = rest.trim_start();
        if is_member_name(&first) && rest.starts_with(['(', '[', '-', '*', '<']) {
            return first;
        }
    }
    name
}

/// Reads the `x values` sections of a page into enums, in page order. `only_member_tables`
/// keeps only tables with a member header (resource pages, where other tables are other
/// things); on enum pages every table of such a section is read.
pub fn values_sections(
    page: &Page,
    only_member_tables: bool,
    diags: &mut Diagnostics,
) -> Vec<EnumDef> {
    let ns = page.namespace();
    let mut out = Vec::new();
    for s in page.sections() {
        let Some(name) = values_heading(s.title) else {
            continue;
        };
        let name = crate::ir::qualify(ns.as_deref(), &name);
        if let Some(e) = section_enum(page, &s, name, only_member_tables, diags) {
            out.push(e);
        }
    }
    out
}

/// The `x values` sections of a resource page whose type `ty` has been read. A section
/// named after a property whose type cell is a primitive (`| sortBy | String |` and
/// `### sortBy values`) only documents that property's values: they become its possible
/// values, and the property stays a string. Every other section is an enum (a property
/// whose type cell names it, by name or by a link to its anchor, resolves to it).
pub fn resource_sections(
    page: &Page,
    ty: Option<&mut TypeDef>,
    diags: &mut Diagnostics,
) -> Vec<EnumDef> {
    let enums = values_sections(page, true, diags);
    let Some(ty) = ty else {
        return enums;
    };
    let mut out = Vec::new();
    for e in enums {
        let short = e.name.rsplit('.').next().unwrap_or(&e.name).to_owned();
        let props = ty.properties.iter_mut().chain(ty.navigation.iter_mut());
        let named_by_a_type_cell = |p: &Property| match &p.ty.kind {
            TypeKind::Unresolved { name, link } => {
                name.eq_ignore_ascii_case(&short)
                    || link.as_deref().is_some_and(|l| {
                        l.split_once('#').is_some_and(|(_, a)| {
                            a.to_ascii_lowercase()
                                .starts_with(&short.to_ascii_lowercase())
                        })
                    })
            }
            _ => false,
        };
        let mut documented: Option<&mut Property> = None;
        let mut is_type = false;
        for p in props {
            if named_by_a_type_cell(p) {
                is_type = true;
            } else if p.name.eq_ignore_ascii_case(&short)
                && matches!(p.ty.kind, TypeKind::Primitive { .. })
            {
                documented = Some(p);
            }
        }
        match documented {
            Some(p) if !is_type => {
                if p.possible_values.is_empty() {
                    p.possible_values = e.members.iter().map(|m| m.name.clone()).collect();
                }
            }
            _ => out.push(e),
        }
    }
    out
}

fn section_enum(
    page: &Page,
    s: &Section<'_>,
    name: String,
    only_member_tables: bool,
    diags: &mut Diagnostics,
) -> Option<EnumDef> {
    let file = page.file.as_str();
    let mut members = Vec::new();
    let mut saw_table = false;
    for t in tables(s.blocks) {
        let Block::Table { header, rows, line } = t else {
            continue;
        };
        let h = header_names(header);
        if !is_member_header(&h) {
            if only_member_tables {
                continue;
            }
            diags.warn(
                file,
                *line,
                Kind::MalformedTable,
                format!(
                    "expected a | Member | Value | Description | table, found | {} |; reading it as one",
                    h.join(" | ")
                ),
            );
        }
        saw_table = true;
        members.extend(self::members(&h, rows, file, diags));
    }
    if !saw_table {
        if !only_member_tables {
            diags.warn(
                file,
                s.line,
                Kind::MissingTable,
                format!(
                    "expected a | Member | table under `{}`; no enum read",
                    s.title
                ),
            );
        }
        return None;
    }
    if members.is_empty() {
        diags.warn(
            file,
            s.line,
            Kind::MissingTable,
            format!(
                "the member table under `{}` has no member rows; no enum read",
                s.title
            ),
        );
        return None;
    }
    let description = paragraphs(s.blocks)
        .map(|(p, _)| p.text.clone())
        .next()
        .unwrap_or_default();
    Some(EnumDef {
        name,
        description,
        members,
        source: Source {
            file: file.to_owned(),
            line: s.line,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(md: &str, only: bool) -> (Vec<EnumDef>, Diagnostics) {
        let page = Page::read("resources/enums-x.md", md);
        let mut d = Diagnostics::new();
        (values_sections(&page, only, &mut d), d)
    }

    fn names(e: &EnumDef) -> Vec<&str> {
        e.members.iter().map(|m| m.name.as_str()).collect()
    }

    #[test]
    fn headings() {
        assert_eq!(
            values_heading("ageGroup values").as_deref(),
            Some("ageGroup")
        );
        assert_eq!(
            values_heading("`tlpLevel` values ").as_deref(),
            Some("tlpLevel")
        );
        assert_eq!(
            values_heading("responseMode value").as_deref(),
            Some("responseMode")
        );
        assert_eq!(
            values_heading("callType enum values").as_deref(),
            Some("callType")
        );
        assert_eq!(values_heading("Possible values"), None);
        assert_eq!(values_heading("Members"), None);
        assert_eq!(values_heading("Synchronization status code details"), None);
    }

    #[test]
    fn header_variants() {
        let md = "# Some enum values\n\nNamespace: microsoft.graph.things\n\n\
### a values\n\n|Member|\n|:---|\n|one|\n|Two|\n\n\
### b values\n\nAbout b.\n\n| Member | Value | Description |\n|:--|:--|:--|\n| x | 0 | The x. |\n| y | 1 | The y. |\n\n\
### c values\n\n| Member   | Int value |  Description |\n|:---|:---|:---|\n| None | 0 | Nothing. |\n| Some | 4 | More. |\n\n\
### d values\n\n| Member | Member | Description |\n|:---|:---|:---|\n| p | p | P. |\n\n\
### e values\n\n| Value |\n|:---|\n| none |\n| NotifySender |\n\n\
### f values\n\n| Member\n|:--------------\n| unknown\n| groupCall\n| unknownFutureValue\n\n\
### g values\n\n| Value | Description |\n|:--|:--|\n| `anonymous` | Anyone. |\n| **users** | Some. |\n| none (default) | Nobody. |\n";
        let (e, d) = read(md, false);
        assert!(d.is_empty(), "{d:?}");
        let got: Vec<(&str, Vec<&str>)> = e.iter().map(|e| (e.name.as_str(), names(e))).collect();
        assert_eq!(
            got,
            [
                ("things.a", vec!["one", "Two"]),
                ("things.b", vec!["x", "y"]),
                ("things.c", vec!["None", "Some"]),
                ("things.d", vec!["p"]),
                ("things.e", vec!["none", "NotifySender"]),
                (
                    "things.f",
                    vec!["unknown", "groupCall", "unknownFutureValue"]
                ),
                ("things.g", vec!["anonymous", "users", "none"]),
            ]
        );
        assert_eq!(e[1].description, "About b.");
        assert_eq!(e[1].members[1].value, Some(1));
        assert_eq!(e[1].members[1].description, "The y.");
        assert_eq!(e[2].members[1].value, Some(4));
        assert_eq!(e[2].members[1].description, "More.");
    }

    #[test]
    fn empty_sections_and_odd_rows_are_reported() {
        let md = "# Enum values\n\n### riskLevel values\n### kind values\n\n|Member|\n|:---|\n|``|\n|Not Ready|\n|ok|\n";
        let (e, d) = read(md, false);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].name, "kind");
        assert_eq!(names(&e[0]), ["Not Ready", "ok"]);
        let kinds: Vec<Kind> = d.iter().map(|d| d.kind).collect();
        assert_eq!(
            kinds,
            [Kind::MissingTable, Kind::MalformedRow, Kind::MalformedRow]
        );
    }

    #[test]
    fn resource_pages_read_member_tables_only() {
        let md = "# thing resource type\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|a|String|A.|\n\n\
### color values\n\n| Member | Description |\n|:--|:--|\n| red | Red. |\n\n\
### Other values\n\n| Scenario | Has x? |\n|:--|:--|\n| a | yes |\n";
        let (e, d) = read(md, true);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].name, "color");
        assert_eq!(names(&e[0]), ["red"]);
    }
}
