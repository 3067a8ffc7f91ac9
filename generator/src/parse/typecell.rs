//! Type cells (`String`, `[x](link)`, `X collection`, `[x](link) collection`, and the
//! looser spellings hand-written pages use) and property rows.

use super::markdown::{Inline, Link, Row};
use crate::diagnostics::Diagnostics;
use crate::diagnostics::Kind;
use crate::ir::{Edm, Property, Source, TypeKind, TypeRef};

/// Strips markup that decorates a name: backticks, bold, a `microsoft.graph.` prefix.
pub fn clean_name(s: &str) -> String {
    let s = s
        .trim()
        .trim_matches(|c| c == '`' || c == '*' || c == '"')
        .trim();
    let s = s.strip_prefix('#').unwrap_or(s);
    let s = s.strip_prefix("microsoft.graph.").unwrap_or(s);
    s.trim().to_owned()
}

/// Whether `s` looks like an OData identifier (letters, digits, `_`, `.`).
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
}

/// Whether `s` can be a property or member name: like an identifier, but it may start with
/// a digit (`3dModel`, `2legged`); the Rust name is made valid by `naming`.
pub fn is_member_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '@')
}

/// Reads a type cell. Unknown shapes become [`TypeKind::Json`] with a diagnostic.
pub fn parse_type_cell(cell: &Inline, file: &str, line: usize, diags: &mut Diagnostics) -> TypeRef {
    let mut text = cell.text.trim().to_owned();
    let mut collection = false;
    // `Collection(X)`, in any case
    if let Some(inner) = text
        .get(..11)
        .filter(|p| p.eq_ignore_ascii_case("collection("))
        .and_then(|_| text.get(11..))
        .and_then(|t| t.strip_suffix(')'))
    {
        text = inner.trim().to_owned();
        collection = true;
    }
    // `X collection`
    let lower = text.to_ascii_lowercase();
    if let Some(stripped) = lower.strip_suffix(" collection") {
        text.truncate(stripped.len());
        text = text.trim().to_owned();
        collection = true;
    } else if let Some(i) = described_collection(&lower) {
        // `X collection. A description that slid into the type cell`
        text.truncate(i);
        text = text.trim().to_owned();
        collection = true;
    }
    let kind = if text.contains("Unknown Type") {
        diags.warn(
            file,
            line,
            Kind::UnknownTypeCell,
            format!("type cell `{}` names no type the pages define; expected a primitive or a link to a type page; kept as untyped JSON", cell.text),
        );
        TypeKind::Json {
            name: clean_name(&text),
        }
    } else if let Some(link) = cell.links.first() {
        TypeKind::Unresolved {
            name: super::resource_page::link_type_name(&link.text, &link.dest)
                .unwrap_or_else(|| clean_name(&link.text)),
            link: Some(link.dest.clone()),
        }
    } else {
        let name = clean_name(&unqualified(&text));
        if let Some(edm) = Edm::parse(&name) {
            TypeKind::Primitive { edm }
        } else if is_identifier(&name) {
            TypeKind::Unresolved { name, link: None }
        } else if let Some(edm) = text
            .split_whitespace()
            .last()
            .filter(|_| text.contains(' '))
            .and_then(|w| Edm::parse(w.trim_end_matches('.')))
        {
            // A description that slid into the type cell and ends with the type: "Moment
            // in time when the resource was created.  DateTimeOffset".
            TypeKind::Primitive { edm }
        } else if name.to_ascii_lowercase().contains("json") {
            // "Untyped JSON object": the `Json` type.
            TypeKind::Unresolved {
                name: "Json".to_owned(),
                link: None,
            }
        } else {
            diags.warn(
                file,
                line,
                Kind::UnknownTypeCell,
                format!("cannot read type cell `{}`; expected a primitive (String, Int32, ...), `[type](link)` or `X collection`; kept as untyped JSON", cell.text),
            );
            TypeKind::Json { name }
        }
    };
    TypeRef { kind, collection }
}

/// Where the type ends in a cell "X collection. Text" (or `,` `;` `:` after
/// `collection`): a single-word type followed by a description that slid into the cell.
fn described_collection(lower: &str) -> Option<usize> {
    let i = lower.find(" collection")?;
    let rest = &lower[i + " collection".len()..];
    let punct = rest.starts_with(['.', ',', ';', ':']) && !rest[1..].trim().is_empty();
    let one_word = !lower[..i].trim().contains(char::is_whitespace);
    (punct && one_word).then_some(i)
}

/// A type name without the notes hand-written cells add to it: `(Optional) String`,
/// `string (url)`, `string, maximum size 20`, `alertStatus enum`, `error object`.
fn unqualified(text: &str) -> String {
    let mut t = text.trim();
    while let Some(rest) = t.strip_prefix('(') {
        match rest.find(')') {
            Some(i) => t = rest[i + 1..].trim(),
            None => break,
        }
    }
    if let Some(i) = t.find(['(', ',']).filter(|i| *i > 0) {
        t = t[..i].trim();
    }
    for suffix in [" enum", " object", " value"] {
        let cut = t.len().saturating_sub(suffix.len());
        if cut > 0
            && t.get(cut..)
                .is_some_and(|end| end.eq_ignore_ascii_case(suffix))
        {
            t = t[..cut].trim();
        }
    }
    t.to_owned()
}

/// Splits "Inherited from [x](link)" off a description (at its end, as Intune pages put
/// it, or anywhere, as hand-written pages do): the rest of the text and the type named
/// (the link's type, or the word after the phrase).
fn split_inherited(desc: &str, links: &[Link]) -> (String, Option<String>) {
    const PHRASE: &str = "inherited from ";
    let Some(i) = desc.to_ascii_lowercase().find(PHRASE) else {
        return (desc.to_owned(), None);
    };
    let after = &desc[i + PHRASE.len()..];
    let (name, rest) = match links
        .iter()
        .find(|l| !l.text.is_empty() && after.starts_with(&l.text))
    {
        Some(l) => (
            super::resource_page::link_type_name(&l.text, &l.dest),
            &after[l.text.len()..],
        ),
        None => {
            let end = after
                .find(|c: char| c.is_whitespace() || c == ',' || c == ';')
                .unwrap_or(after.len());
            let word = clean_name(after[..end].trim_end_matches('.'));
            // A bare word names a type only when it ends the note ("Inherited from
            // entity."); "inherited from a parent scope" or "from the template" is prose.
            let ends_note = after[..end].ends_with('.')
                || after[end..].trim_start().is_empty()
                || after[end..].starts_with([',', ';']);
            if !is_identifier(&word) || !ends_note {
                return (desc.to_owned(), None);
            }
            (Some(word), &after[end..])
        }
    };
    let rest = rest.trim_start_matches(['.', ' ']).trim();
    let before = desc[..i].trim();
    let description = match (before.is_empty(), rest.is_empty()) {
        (_, true) => before.to_owned(),
        (true, false) => rest.to_owned(),
        (false, false) => format!("{before} {rest}"),
    };
    (description, name)
}

/// The phrasings that introduce an inline list of values in a description.
const VALUE_LISTS: &[&str] = &[
    "possible values",
    "supported values",
    "valid values",
    "allowed values",
    "following values",
    "following string values",
    "property values are",
    "must be one of",
    "can be one of",
    "values:",
];

/// The backticked values of an inline "Possible values are: `a`, `b`." list, up to the
/// end of its sentence; without backticks, a plain list of names ("Possible values are:
/// **Private**, **Public**.", bold already dropped). Ranges and prose ("Valid values 0 to
/// 100") give nothing.
pub fn possible_values(desc: &str) -> Vec<String> {
    let lower = desc.to_ascii_lowercase();
    // Every phrase says "value" or "one of": most descriptions are passed over in two scans.
    let may_list = lower.contains("value") || lower.contains("one of");
    let Some(at) = VALUE_LISTS
        .iter()
        .filter(|_| may_list)
        .filter_map(|p| lower.find(p).map(|i| i + p.len()))
        .min()
    else {
        return colon_list(desc);
    };
    listed_after(desc, at)
}

/// A list of backticked values right after a colon, without a phrase to introduce it
/// ("The type of event message: `none`, `meetingRequest`."), when it has two values or
/// more and nothing but `,`, `and`, `or` between them, up to the end of the sentence.
fn colon_list(desc: &str) -> Vec<String> {
    let Some(at) = desc.find(": `") else {
        return Vec::new();
    };
    let mut rest = &desc[at + 2..];
    let mut out = Vec::new();
    while let Some(body) = rest.strip_prefix('`') {
        let Some(end) = body.find('`') else {
            return Vec::new();
        };
        let v = body[..end].trim();
        if v.is_empty() {
            return Vec::new();
        }
        out.push(v.to_owned());
        rest = body[end + 1..].trim_start();
        for sep in [",", "and ", "or "] {
            rest = rest.strip_prefix(sep).unwrap_or(rest).trim_start();
        }
    }
    let ends = rest.is_empty() || rest.starts_with(['.', ';']);
    if out.len() < 2 || !ends {
        return Vec::new();
    }
    out
}

/// The values of the list that starts at byte `at` of `desc`.
fn listed_after(desc: &str, at: usize) -> Vec<String> {
    let rest = &desc[at..];
    // The list ends at the first ". " outside backticks (or the end of the text).
    let mut out = Vec::new();
    let mut in_code = false;
    let mut cur = String::new();
    let mut prev = '\0';
    for c in rest.chars() {
        match c {
            '`' if in_code => {
                in_code = false;
                let v = cur.trim().to_owned();
                if !v.is_empty() {
                    out.push(v);
                }
                cur.clear();
            }
            '`' => in_code = true,
            _ if in_code => cur.push(c),
            ' ' if prev == '.' => break,
            _ => {}
        }
        prev = c;
    }
    if out.is_empty() {
        return plain_list(rest);
    }
    out
}

/// "a, b and c." (up to the end of the sentence) as names, when every item is one name and
/// there are at least two; else nothing.
fn plain_list(rest: &str) -> Vec<String> {
    let rest = rest.trim_start();
    let rest = ["are", "include", "is"]
        .iter()
        .find_map(|w| rest.strip_prefix(w).filter(|r| r.starts_with([' ', ':'])))
        .unwrap_or(rest);
    let rest = rest.trim_start().trim_start_matches(':');
    let sentence = rest.split(". ").next().unwrap_or(rest);
    let sentence = sentence.trim().trim_end_matches('.');
    let items: Vec<&str> = sentence
        .split(',')
        .flat_map(|i| i.split(" and "))
        .flat_map(|i| i.split(" or "))
        .map(|i| {
            i.trim()
                .trim_start_matches("and ")
                .trim_start_matches("or ")
        })
        .map(|i| {
            i.trim_matches(|c: char| c == '"' || c == '\'' || c == '*')
                .trim()
        })
        .filter(|i| !i.is_empty())
        .collect();
    if items.len() < 2 || !items.iter().all(|i| is_identifier(i)) {
        return Vec::new();
    }
    items.into_iter().map(str::to_owned).collect()
}

/// Reads the rows of a `| Property | Type | Description |` table (or a parameter table)
/// into properties. Group-heading rows and rows without a name are reported and skipped.
pub fn property_rows(
    rows: &[Row],
    file: &str,
    header_len: usize,
    diags: &mut Diagnostics,
) -> Vec<Property> {
    let mut out: Vec<Property> = Vec::new();
    for row in rows {
        let non_empty = row.cells.iter().filter(|c| !c.text.is_empty()).count();
        // A line without a leading `|` continues the previous row's description.
        if non_empty <= 1 && !row.leading_pipe {
            if let Some(prev) = out.last_mut() {
                let more = row.raw_cells.join("|");
                let more = more.trim().trim_end_matches('|').trim();
                diags.warn(
                    file,
                    row.line,
                    Kind::ContinuedRow,
                    "a table row continues on this line (a line break inside a description); joined to the row above",
                );
                prev.description =
                    format!("{} {more}", prev.description.trim_end_matches('|').trim());
                prev.possible_values = possible_values(&prev.description);
                continue;
            }
        }
        if non_empty <= 1 {
            diags.warn(
                file,
                row.line,
                Kind::GroupRow,
                "table row has a single cell (a group heading?); expected | name | type | description |; skipped",
            );
            continue;
        }
        // An unescaped `|` in the description splits it; the source line still has it whole.
        let rejoined = (row.raw_cells.len() > header_len && header_len >= 3).then(|| {
            diags.warn(
                file,
                row.line,
                Kind::MalformedRow,
                format!(
                    "row has {} cells but the header has {header_len} (an unescaped `|` in a description?); reading the rest of the line as the description",
                    row.raw_cells.len()
                ),
            );
            row.raw_cells[header_len - 1..].join("|")
        });
        let name = clean_name(row.cells.first().map(|c| c.text.as_str()).unwrap_or(""));
        // `capabilities (deprecated)`: a note after the name is no part of it.
        let (name, name_note) = match name.split_once(" (") {
            Some((n, note)) if is_member_name(n.trim()) && note.ends_with(')') => {
                (n.trim().to_owned(), Some(format!("({note}")))
            }
            _ => (name, None),
        };
        if !is_member_name(&name) {
            diags.warn(
                file,
                row.line,
                Kind::MalformedRow,
                format!("expected a property name in the first cell, found `{name}`; row skipped"),
            );
            continue;
        }
        let ty = match row.cells.get(1) {
            Some(cell) => parse_type_cell(cell, file, row.line, diags),
            None => {
                diags.warn(
                    file,
                    row.line,
                    Kind::MalformedRow,
                    "row has no type cell; kept as untyped JSON",
                );
                TypeRef {
                    kind: TypeKind::Json {
                        name: String::new(),
                    },
                    collection: false,
                }
            }
        };
        let desc = rejoined
            .as_deref()
            .unwrap_or_else(|| row.cells.get(2).map(|c| c.text.as_str()).unwrap_or(""));
        let links = row
            .cells
            .get(2)
            .map(|c| c.links.as_slice())
            .unwrap_or_default();
        let desc = super::markdown::strip_directives(desc);
        let (description, inherited_from) = split_inherited(&desc, links);
        let description = match name_note {
            Some(note) if description.is_empty() => note,
            Some(note) => format!("{note} {description}"),
            None => description,
        };
        let possible_values = possible_values(&description);
        out.push(Property {
            name,
            ty,
            description,
            inherited_from,
            possible_values,
            keywords: Default::default(),
            source: Source {
                file: file.to_owned(),
                line: row.line,
            },
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str, link: Option<&str>) -> Inline {
        Inline {
            text: text.into(),
            links: link
                .map(|d| {
                    vec![Link {
                        text: text.split(' ').next().unwrap_or("").into(),
                        dest: d.into(),
                    }]
                })
                .unwrap_or_default(),
        }
    }

    #[test]
    fn four_intune_forms() {
        let mut d = Diagnostics::new();
        let t = parse_type_cell(&cell("DateTimeOffset", None), "f", 1, &mut d);
        assert_eq!(
            t.kind,
            TypeKind::Primitive {
                edm: Edm::DateTimeOffset
            }
        );
        let t = parse_type_cell(&cell("String collection", None), "f", 1, &mut d);
        assert!(t.collection);
        let t = parse_type_cell(&cell("x collection", Some("../r/x.md")), "f", 1, &mut d);
        assert!(t.collection);
        assert_eq!(
            t.kind,
            TypeKind::Unresolved {
                name: "x".into(),
                link: Some("../r/x.md".into())
            }
        );
        let t = parse_type_cell(&cell("Edm.Guid", None), "f", 1, &mut d);
        assert_eq!(t.kind, TypeKind::Primitive { edm: Edm::Guid });
        let t = parse_type_cell(&cell("Collection(alertSeverity)", None), "f", 1, &mut d);
        assert!(t.collection);
        assert!(d.is_empty());
        let t = parse_type_cell(&cell("string or number, or whatever", None), "f", 3, &mut d);
        assert!(matches!(t.kind, TypeKind::Json { .. }));
        assert_eq!(d.len(), 1);
    }

    #[test]
    fn a_description_in_the_type_cell_ending_with_the_type() {
        let mut d = Diagnostics::new();
        let t = parse_type_cell(
            &cell("Moment in time when it was created.  DateTimeOffset", None),
            "f",
            1,
            &mut d,
        );
        assert_eq!(
            t.kind,
            TypeKind::Primitive {
                edm: Edm::DateTimeOffset
            }
        );
        assert!(d.is_empty());
    }

    #[test]
    fn hand_written_forms() {
        let mut d = Diagnostics::new();
        let prim = |s: &str, d: &mut Diagnostics| parse_type_cell(&cell(s, None), "f", 1, d);
        for (text, edm, coll) in [
            ("string (url)", Edm::String, false),
            ("(Optional) String", Edm::String, false),
            ("string, maximum size 20", Edm::String, false),
            ("collection(string)", Edm::String, true),
            ("Edm.Single", Edm::Single, false),
            ("guid", Edm::Guid, false),
            ("Int16", Edm::Int16, false),
            ("numeric", Edm::Decimal, false),
            ("`Edm.Duration` collection", Edm::Duration, true),
            ("Collection(Edm.Byte)", Edm::Byte, true),
        ] {
            let t = prim(text, &mut d);
            assert_eq!(
                (t.kind, t.collection),
                (TypeKind::Primitive { edm }, coll),
                "{text}"
            );
        }
        for (text, name) in [
            ("alertStatus enum", "alertStatus"),
            ("**identitySet**", "identitySet"),
            ("microsoft.graph.callRecords.session", "callRecords.session"),
            ("Untyped JSON object", "Json"),
        ] {
            let t = prim(text, &mut d);
            assert_eq!(
                t.kind,
                TypeKind::Unresolved {
                    name: name.into(),
                    link: None
                },
                "{text}"
            );
        }
        // A description that slid into the cell after `X collection`.
        let t = parse_type_cell(
            &cell(
                "grade collection. Holds the grades, if any.",
                Some("grade.md"),
            ),
            "f",
            1,
            &mut d,
        );
        assert!(t.collection);
        assert_eq!(
            t.kind,
            TypeKind::Unresolved {
                name: "grade".into(),
                link: Some("grade.md".into())
            }
        );
        let t = prim("String collection, at most 10", &mut d);
        assert_eq!(
            (t.kind, t.collection),
            (TypeKind::Primitive { edm: Edm::String }, true)
        );
        assert!(d.is_empty(), "{:?}", d.sorted());
        // Multi-byte text never splits inside a character.
        for odd in ["collectioné(x)", "é enum", "(((", "Collection(", "ü"] {
            let _ = prim(odd, &mut d);
        }
        // A link whose text is prose names its page's type.
        let mut c = cell("x", Some("../resources/identityset.md"));
        c.text = "the identity set".into();
        c.links[0].text = "the identity set".into();
        let t = parse_type_cell(&c, "f", 1, &mut d);
        assert_eq!(
            t.kind,
            TypeKind::Unresolved {
                name: "identityset".into(),
                link: Some("../resources/identityset.md".into())
            }
        );
    }

    #[test]
    fn inline_value_lists() {
        assert_eq!(
            possible_values(
                "Purpose. Possible values are: `unassigned`, `smimeEncryption`, `vpn`. Other `x`."
            ),
            ["unassigned", "smimeEncryption", "vpn"]
        );
        assert_eq!(
            possible_values("Valid values 0 to 100"),
            Vec::<String>::new()
        );
        assert_eq!(possible_values("No list `here`."), Vec::<String>::new());
        // A colon alone introduces a list of two backticked values or more.
        assert_eq!(
            possible_values("The type of message: `none`, `meetingRequest`. Else `x`."),
            ["none", "meetingRequest"]
        );
        assert_eq!(
            possible_values("Set to this: `true` when on."),
            Vec::<String>::new()
        );
        assert_eq!(
            possible_values("Key types: `X509Cert`: the usage must be `Verify`."),
            Vec::<String>::new()
        );
        assert_eq!(possible_values("Kind: `a`, `b`, or `c`"), ["a", "b", "c"]);
        assert_eq!(
            possible_values("Supports only two values: `none` or `assignIfOpen`."),
            ["none", "assignIfOpen"]
        );
        assert_eq!(
            possible_values("Visibility. Possible values are: Private, Public. If unset, x."),
            ["Private", "Public"]
        );
        assert_eq!(
            possible_values("Allowed values: `null`, `minor` and `adult`."),
            ["null", "minor", "adult"]
        );
        assert_eq!(
            possible_values("Possible values include low, medium, and high."),
            ["low", "medium", "high"]
        );
        assert_eq!(
            possible_values("Possible values are any string up to 10 characters."),
            Vec::<String>::new()
        );
    }

    #[test]
    fn inherited_suffix_is_split() {
        assert_eq!(
            split_inherited("The id. Inherited from entity", &[]),
            ("The id.".into(), Some("entity".into()))
        );
        let link = Link {
            text: "identity".into(),
            dest: "../resources/identity.md".into(),
        };
        assert_eq!(
            split_inherited("Inherited from identity. ID of the user.", &[link]),
            ("ID of the user.".into(), Some("identity".into()))
        );
        let link = Link {
            text: "Conditional Access Session Control".into(),
            dest: "conditionalaccesssessioncontrol.md".into(),
        };
        assert_eq!(
            split_inherited(
                "Whether enabled. Inherited from Conditional Access Session Control.",
                &[link]
            ),
            (
                "Whether enabled.".into(),
                Some("conditionalaccesssessioncontrol".into())
            )
        );
        // Prose that happens to say "inherited from" names no type.
        for prose in [
            "`Inherited` (if the role is inherited from a parent scope) or `User`.",
            "Settings. Some settings are inherited from the template.",
        ] {
            assert_eq!(split_inherited(prose, &[]), (prose.into(), None));
        }
    }
}
