//! Resource (type) pages: the name, key and base from the annotation and the
//! "Inherits from" line, and the Properties and Relationships tables.

use super::enum_table::is_member_header;
use super::markdown::Block;
use super::page::{header_names, paragraphs, tables, Page, Section};
use super::typecell::{clean_name, is_identifier, is_member_name, property_rows};
use crate::diagnostics::Diagnostics;
use crate::diagnostics::Kind;
use crate::ir::{Edm, Property, Source, TypeDef, TypeDefKind, TypeKind, TypeRef};

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
    let Some(name) = annotated.or(from_title).filter(|n| is_identifier(n)) else {
        diags.error(file, line, Kind::MissingTitle, "expected an H1 `# x resource type` or a `blockType: resource` annotation naming the type; page skipped");
        return None;
    };
    let name = crate::ir::qualify(page.namespace().as_deref(), &name);

    let parts = property_sections(page);
    let properties = match parts.first() {
        Some(_) => {
            let mut props = Vec::new();
            for s in parts {
                for p in table_properties(s, file, diags) {
                    // A property listed under two headings is one property.
                    if !props.iter().any(|q: &Property| q.name == p.name) {
                        props.push(p);
                    }
                }
            }
            props
        }
        None if has_property_table(intro_blocks(page)) => {
            let s = Section {
                title: "Properties",
                line,
                blocks: intro_blocks(page),
            };
            table_properties(s, file, diags)
        }
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
    let base = inherits_from(page)
        .or_else(|| {
            resource
                .as_ref()
                .and_then(|v| v.get("baseType"))
                .and_then(|v| v.as_str())
                .map(clean_name)
                .filter(|b| !b.is_empty())
        })
        .or_else(|| base_of_inherited_rows(&properties, &navigation));
    // A page without any property row still shows its properties in the JSON
    // representation that follows the `blockType: resource` comment.
    // (Not when the page states a base, whose properties the block may repeat with
    // placeholder types, nor for an open type, whose keys are examples.)
    let open = truthy(resource.as_ref().and_then(|v| v.get("openType")))
        || page
            .description()
            .to_ascii_lowercase()
            .contains("open type");
    let properties = if properties.is_empty() && navigation.is_empty() && base.is_none() && !open {
        json_properties(page, file)
    } else {
        properties
    };
    // A key names one of the type's properties, its own or its base's: a `keyProperty`
    // naming no row of a page that states no base is a copied template, not a key.
    let key = key.filter(|k| {
        base.is_some()
            || properties
                .iter()
                .chain(&navigation)
                .any(|p| p.name.eq_ignore_ascii_case(k))
    });
    let kind = type_kind(page, &name, key.as_deref(), &properties, &navigation);
    Some(TypeDef {
        name,
        kind,
        key,
        base,
        is_abstract: truthy(resource.as_ref().and_then(|v| v.get("abstract"))),
        open: truthy(resource.as_ref().and_then(|v| v.get("openType"))),
        additional: None,
        description: page.description(),
        properties,
        navigation,
        union: None,
        source: Source {
            file: file.to_owned(),
            line,
        },
    })
}

/// The properties of the JSON representation block after the `blockType: resource`
/// comment: its keys, typed from the placeholder values (`"String"`, `1024`, `true`,
/// `{"@odata.type": "microsoft.graph.x"}`, `[ ... ]` for collections). Values that name
/// no type (`"personal | business"`, examples) are strings; objects without a type are
/// untyped JSON.
fn json_properties(page: &Page, file: &str) -> Vec<Property> {
    let at = page
        .annotations(&mut Diagnostics::new())
        .into_iter()
        .find(|(_, v)| v.get("blockType").and_then(|b| b.as_str()) == Some("resource"))
        .map(|(i, _)| i);
    let Some(at) = at else {
        return Vec::new();
    };
    let Some((text, line)) = page.blocks[at..].iter().find_map(|b| match b {
        Block::Code { text, line, .. } => Some((text, *line)),
        _ => None,
    }) else {
        return Vec::new();
    };
    let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(text) else {
        return Vec::new();
    };
    map.iter()
        .filter(|(k, _)| !k.starts_with('@') && is_member_name(k))
        .map(|(k, v)| Property {
            name: k.clone(),
            ty: json_value_type(v),
            description: String::new(),
            inherited_from: None,
            possible_values: Vec::new(),
            keywords: Default::default(),
            source: Source {
                file: file.to_owned(),
                line,
            },
        })
        .collect()
}

/// The type a JSON representation's placeholder value stands for.
fn json_value_type(v: &serde_json::Value) -> TypeRef {
    use serde_json::Value;
    let prim = |edm| TypeKind::Primitive { edm };
    let named = |t: &str| {
        let t = t.trim().trim_start_matches('#');
        let t = t.strip_prefix("microsoft.graph.").unwrap_or(t);
        if let Some(edm) = Edm::parse(t) {
            prim(edm)
        } else if t.split('.').all(is_identifier) && !t.is_empty() {
            TypeKind::Unresolved {
                name: t.to_owned(),
                link: None,
            }
        } else {
            TypeKind::Json {
                name: String::new(),
            }
        }
    };
    let kind = match v {
        Value::Array(items) => {
            let inner = items.first().map(json_value_type).map(|t| t.kind);
            return TypeRef {
                kind: inner.unwrap_or(prim(Edm::String)),
                collection: true,
            };
        }
        Value::Bool(_) => prim(Edm::Boolean),
        Value::Number(n) if n.is_i64() || n.is_u64() => prim(Edm::Int32),
        Value::Number(_) => prim(Edm::Double),
        Value::String(s) => {
            // "String (identifier)", "DateTimeOffset", "Int64", "String (timestamp)";
            // anything else is a string.
            let word = s.split([' ', '(']).next().unwrap_or("");
            match Edm::parse(word) {
                Some(Edm::String) if s.to_ascii_lowercase().contains("timestamp") => {
                    prim(Edm::DateTimeOffset)
                }
                Some(edm) => prim(edm),
                None => prim(Edm::String),
            }
        }
        Value::Object(o) => match o.get("@odata.type").and_then(|t| t.as_str()) {
            Some(t) => named(t),
            None => TypeKind::Json {
                name: String::new(),
            },
        },
        Value::Null => TypeKind::Json {
            name: String::new(),
        },
    };
    TypeRef {
        kind,
        collection: false,
    }
}

/// The blocks between the H1 and the first other heading.
fn intro_blocks(page: &Page) -> &[Block] {
    let start = page
        .blocks
        .iter()
        .position(|b| matches!(b, Block::Heading { level: 1, .. }))
        .map_or(0, |i| i + 1);
    let end = page.blocks[start..]
        .iter()
        .position(|b| matches!(b, Block::Heading { .. }))
        .map_or(page.blocks.len(), |i| start + i);
    &page.blocks[start..end]
}

/// Whether the blocks hold a `| Property | Type | ... |` table.
fn has_property_table(blocks: &[Block]) -> bool {
    tables(blocks).any(|t| {
        let Block::Table { header, .. } = t else {
            return false;
        };
        let h = header_names(header);
        h.len() >= 2
            && ["property", "property name", "name"].contains(&h[0].as_str())
            && h[1] == "type"
    })
}

/// The sections that list the type's properties: `## Properties`, its subsections
/// that hold a `| Property | Type |` table (`### Indicator observables - email`), except enum values (`### x values`) and
/// another object's properties (`### Properties of a policy definition`), and sibling
/// sections right after it that hold a `| Property | Type |` table (`## Page content`,
/// `## Authoring metadata`) up to the next section of another kind.
fn property_sections(page: &Page) -> Vec<Section<'_>> {
    let mut out = Vec::new();
    let mut top: Option<u8> = None;
    for (i, b) in page.blocks.iter().enumerate() {
        let Block::Heading { level, text, line } = b else {
            continue;
        };
        let end = page.blocks[i + 1..]
            .iter()
            .position(|b| matches!(b, Block::Heading { .. }))
            .map_or(page.blocks.len(), |p| i + 1 + p);
        let section = Section {
            title: text,
            line: *line,
            blocks: &page.blocks[i + 1..end],
        };
        let lower = text.trim().to_ascii_lowercase();
        match top {
            None if *level >= 2 && lower == "properties" => {
                top = Some(*level);
                out.push(section);
            }
            None => {}
            Some(l) if *level > l => {
                let other = lower.ends_with("values")
                    || lower.ends_with("value")
                    || lower.starts_with("properties of");
                if !other && has_property_table(section.blocks) {
                    out.push(section);
                }
            }
            Some(l) if *level == l && has_property_table(section.blocks) => {
                const OTHER: &[&str] = &["relationships", "methods", "json representation"];
                if OTHER.iter().any(|o| lower.starts_with(o)) {
                    break;
                }
                out.push(section);
            }
            Some(_) => break,
        }
    }
    out
}

/// Entity or complex. Entity types have identity: the metadata names a key, the page
/// has relationships (navigation properties), or the type has operations of its own (a
/// Methods table linking to method pages), or its `id` row is read-only. A bare `id` row
/// is not enough: complex types carry ids of other things.
fn type_kind(
    page: &Page,
    name: &str,
    key: Option<&str>,
    properties: &[Property],
    navigation: &[Property],
) -> TypeDefKind {
    // Methods that all return another type (a facet's page listing its item's methods:
    // "List bundles" returning `driveItem`) are that type's operations, not this one's.
    let short = name.rsplit('.').next().unwrap_or(name);
    let has_methods = page.section("Methods").is_some_and(|s| {
        let rows: Vec<_> = tables(s.blocks)
            .flat_map(|t| match t {
                Block::Table { rows, .. } => rows.as_slice(),
                _ => &[],
            })
            .filter(|r| {
                r.cells.first().is_some_and(|c| {
                    c.links
                        .iter()
                        .any(|l| l.dest.contains("api/") && !l.dest.contains("://"))
                })
            })
            .collect();
        let returned: Vec<String> = rows
            .iter()
            .filter_map(|r| r.cells.get(1))
            .flat_map(|c| &c.links)
            .filter_map(|l| link_type_name(&l.text, &l.dest))
            .collect();
        !rows.is_empty()
            && (returned.is_empty() || returned.iter().any(|n| n.eq_ignore_ascii_case(short)))
    });
    // The key of an entity is the service's: its `id` row says it is read-only (or that
    // it comes from `entity`); the id of a complex value is someone else's, and writable.
    let server_id = properties.iter().any(|p| {
        p.name == "id"
            && (p.inherited_from.as_deref() == Some("entity")
                || p.description.to_ascii_lowercase().contains("read-only"))
    });
    if key.is_some() || !navigation.is_empty() || has_methods || server_id {
        TypeDefKind::Entity
    } else {
        TypeDefKind::Complex
    }
}

/// The phrasings that introduce the base type in a paragraph about the type.
const BASE_PHRASES: &[&str] = &[
    "inherits from",
    "inherited from",
    "derived from",
    "derives from",
    "is a subtype of",
    "is a subclass of",
    "a subclass of",
    "a subclass from",
    "is the derivative of",
    "is a derivative of",
    "inherits all the properties of",
    "inherits properties from",
];

/// The base type from an "Inherits from [x](...)" paragraph or a sentence form ("This
/// type inherits from [x](...)", "The **x** entity is derived from [y](...)", "This
/// resource is a subclass of [y](...)", "The following properties are inherited from
/// [y](...)"): the first link after the phrase (an article may stand between them), or
/// a bare identifier right after it; else an opening sentence "A(n) [y](...) that ...".
fn inherits_from(page: &Page) -> Option<String> {
    paragraphs(&page.blocks)
        .find_map(|(p, _)| {
            let lower = p.text.to_ascii_lowercase();
            let i = BASE_PHRASES
                .iter()
                .filter_map(|ph| lower.find(ph).map(|i| i + ph.len()))
                .min()?;
            let mut after = p.text[i..].trim_start();
            for article in ["the ", "a ", "an "] {
                if after
                    .get(..article.len())
                    .is_some_and(|a| a.eq_ignore_ascii_case(article))
                {
                    after = after[article.len()..].trim_start();
                    break;
                }
            }
            // The link must start right after the phrase (`[**baseItem**](...)` is `baseItem`).
            if let Some(l) = p
                .links
                .iter()
                .filter(|l| !l.text.is_empty() && after.starts_with(&l.text))
                .max_by_key(|l| l.text.len())
            {
                return link_type_name(&l.text, &l.dest);
            }
            let word: String = after
                .chars()
                .take_while(|c| {
                    c.is_ascii_alphanumeric() || *c == '.' || *c == '_' || *c == '*' || *c == '`'
                })
                .collect();
            let word = clean_name(word.trim_end_matches('.'));
            // A bare word must look like a type name (camelCase), not prose ("derived from ISO").
            (is_identifier(&word)
                && word.starts_with(|c: char| c.is_ascii_lowercase())
                && word.chars().any(|c| c.is_ascii_uppercase()))
            .then_some(word)
        })
        .or_else(|| opening_kind_of(page))
}

/// "An [educationOutcome](educationoutcome.md) that gives a numerical grade.": a page
/// whose opening sentence says the type is a kind of another, linked, type.
fn opening_kind_of(page: &Page) -> Option<String> {
    let start = page
        .blocks
        .iter()
        .position(|b| matches!(b, Block::Heading { level: 1, .. }))
        .map_or(0, |i| i + 1);
    let p = page.blocks[start..]
        .iter()
        .take_while(|b| !matches!(b, Block::Heading { .. }))
        .find_map(|b| match b {
            Block::Paragraph { inline, .. }
                if !inline.text.starts_with("Namespace:") && !inline.text.starts_with("[!") =>
            {
                Some(inline)
            }
            _ => None,
        })?;
    let after = ["A ", "An "].iter().find_map(|a| p.text.strip_prefix(a))?;
    let l = p.links.first().filter(|l| {
        !l.text.is_empty()
            && after.starts_with(&l.text)
            && !l.dest.contains("://")
            && l.dest
                .split(['#', '?'])
                .next()
                .is_some_and(|d| d.ends_with(".md"))
    })?;
    let rest = after[l.text.len()..].trim_start();
    ["that ", "which ", "with "]
        .iter()
        .any(|w| rest.starts_with(w))
        .then(|| link_type_name(&l.text, &l.dest))
        .flatten()
}

/// The type a link names: its text when that is a type name, else the linked page's
/// file name (`[Conditional Access Session Control](conditionalaccesssessioncontrol.md)`).
pub fn link_type_name(text: &str, dest: &str) -> Option<String> {
    let name = clean_name(text);
    if is_identifier(&name) {
        return Some(name);
    }
    let file = dest.split(['#', '?']).next()?.rsplit('/').next()?;
    let stem = file.strip_suffix(".md")?;
    is_identifier(stem).then(|| stem.to_owned())
}

/// The base named by "Inherited from [x]" rows when the page names none elsewhere: the
/// one type they all name, or the one besides `entity` (which is further up the chain).
fn base_of_inherited_rows(properties: &[Property], navigation: &[Property]) -> Option<String> {
    let names: std::collections::BTreeSet<&str> = properties
        .iter()
        .chain(navigation)
        .filter_map(|p| p.inherited_from.as_deref())
        .collect();
    let non_entity: Vec<&str> = names.iter().copied().filter(|n| *n != "entity").collect();
    match (names.len(), non_entity.as_slice()) {
        (1, _) => names.first().map(|s| (*s).to_owned()),
        (2, [one]) => Some((*one).to_owned()),
        _ => None,
    }
}

/// The property (among those read so far) whose values the table after `lead` lists: a
/// paragraph or note just before the table that speaks of "the possible values for
/// **color**" ("values of", "values for"), when that property has no value list yet.
fn values_for<'a>(lead: &Block, props: &'a mut [Property]) -> Option<&'a mut Property> {
    let (Block::Paragraph { inline, .. } | Block::Quote { inline, .. }) = lead else {
        return None;
    };
    let text = inline.text.to_ascii_lowercase();
    props.iter_mut().find(|p| {
        let name = p.name.to_ascii_lowercase();
        p.possible_values.is_empty()
            && ["values for ", "values of "].iter().any(|phrase| {
                text.match_indices(phrase).any(|(at, _)| {
                    let after = text[at + phrase.len()..].trim_start_matches(['*', '`']);
                    after.starts_with(&name)
                        && !after[name.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
                })
            })
    })
}

fn table_properties(s: Section<'_>, file: &str, diags: &mut Diagnostics) -> Vec<Property> {
    let mut out = Vec::new();
    let mut saw_table = false;
    for (i, t) in s.blocks.iter().enumerate() {
        let Block::Table { header, rows, line } = t else {
            continue;
        };
        saw_table = true;
        let h = header_names(header);
        // A table whose second column is no type column lists something else (values of an
        // enum, colour constants, scenarios, methods): its rows are not properties. A table
        // whose first row is data (no header) is still read.
        let real_header =
            is_member_header(&h) || !h.first().is_some_and(|c| is_member_name(&clean_name(c)));
        if real_header
            && (h.len() < 2
                || !h[1].contains("type")
                || h[0] == "method"
                || h[1].contains("return"))
        {
            if let Some(p) = i
                .checked_sub(1)
                .and_then(|j| values_for(&s.blocks[j], &mut out))
            {
                p.possible_values = rows
                    .iter()
                    .filter_map(|r| r.cells.first())
                    .map(|c| clean_name(&c.text))
                    .filter(|v| is_member_name(v))
                    .collect();
                continue;
            }
            diags.warn(
                file,
                *line,
                Kind::NotAPropertyTable,
                format!("table | {} | in `{}` has no Type column after the name; expected | Property | Type | Description |; its rows are not read as properties (an enum needs its own `### x values` heading)", h.join(" | "), s.title),
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
    fn a_table_after_a_note_on_the_values_of_a_property_lists_them() {
        let md = "# category resource type\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n\
                  |shade|String|A preset. See the note.|\n|name|String|N.|\n\n\
                  > **Note** The possible values for **shade** are pre-set constants such as `Dim`.\n\n\
                  | Pre-set constant | Shade mapped to |\n|:--|:--|\n| Dim | Grey |\n| Bright1 | White |\n| *(none)* | x |\n";
        let page = Page::read("resources/category.md", md);
        let mut d = Diagnostics::new();
        let t = parse(&page, &mut d).expect("a type");
        assert!(d.is_empty(), "{:?}", d.sorted());
        let shade = &t.properties[0];
        assert_eq!(shade.possible_values, ["Dim", "Bright1"]);
        assert!(t.properties[1].possible_values.is_empty());
        // "the values of shadow" is no note on `shade`.
        let other = md.replace("values for **shade**", "values of **shadow**");
        let mut d = Diagnostics::new();
        let t = parse(&Page::read("resources/category.md", &other), &mut d).expect("a type");
        assert!(t.properties[0].possible_values.is_empty());
        assert_eq!(d.len(), 1);
    }

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
        assert_eq!(
            d.iter().next().map(|d| d.kind),
            Some(Kind::NotAPropertyTable)
        );
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

    fn read(text: &str) -> (TypeDef, Diagnostics) {
        let mut d = Diagnostics::new();
        let page = Page::read("resources/x.md", text);
        (parse(&page, &mut d).expect("a type"), d)
    }

    const ID_ONLY: &str = "# widget resource type\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|id|String|The id of the thing it counts.|\n";

    #[test]
    fn entity_needs_a_key_relationships_or_methods() {
        // A bare `id` row is not identity; a read-only one is.
        assert_eq!(read(ID_ONLY).0.kind, TypeDefKind::Complex);
        let read_only = ID_ONLY.replace("counts.|", "counts. Read-only.|");
        assert_eq!(read(&read_only).0.kind, TypeDefKind::Entity);
        let with_methods = ID_ONLY.replace(
            "## Properties",
            "## Methods\n\n|Method|Return type|Description|\n|:--|:--|:--|\n|[Get](../api/widget-get.md)|[widget](widget.md)|Read it.|\n\n## Properties",
        );
        assert_eq!(read(&with_methods).0.kind, TypeDefKind::Entity);
        let with_nav = format!("{ID_ONLY}\n## Relationships\n\n|Relationship|Type|Description|\n|:--|:--|:--|\n|parts|[part](part.md) collection|The parts.|\n");
        assert_eq!(read(&with_nav).0.kind, TypeDefKind::Entity);
        let keyed = format!("{ID_ONLY}\n<!-- {{\"blockType\": \"resource\", \"keyProperty\": \"id\", \"@odata.type\": \"microsoft.graph.widget\"}} -->\n");
        assert_eq!(read(&keyed).0.kind, TypeDefKind::Entity);
    }

    #[test]
    fn base_from_sentences_metadata_and_rows() {
        let derived = ID_ONLY.replace(
            "## Properties",
            "The **widget** entity is derived from [**gadget**](gadget.md).\n\n## Properties",
        );
        assert_eq!(read(&derived).0.base.as_deref(), Some("gadget"));
        let spaced = ID_ONLY.replace(
            "## Properties",
            "Widgets. Inherits from [Fancy Gadget](fancygadget.md).\n\n## Properties",
        );
        assert_eq!(read(&spaced).0.base.as_deref(), Some("fancygadget"));
        // Prose that is not a type name is no base.
        let prose = ID_ONLY.replace(
            "## Properties",
            "A code derived from ISO 639-1.\n\n## Properties",
        );
        assert_eq!(read(&prose).0.base, None);
        let meta = format!("{ID_ONLY}\n<!-- {{\"blockType\": \"resource\", \"baseType\": \"microsoft.graph.gadget\", \"@odata.type\": \"microsoft.graph.widget\"}} -->\n");
        assert_eq!(read(&meta).0.base.as_deref(), Some("gadget"));
        let rows = ID_ONLY.replace(
            "The id of the thing it counts.|",
            "Inherited from [gadget](gadget.md). The id.|\n|name|String|The name. Inherited from [entity](entity.md).|",
        );
        let (t, _) = read(&rows);
        assert_eq!(t.base.as_deref(), Some("gadget"));
        assert_eq!(t.properties[0].description, "The id.");
    }

    #[test]
    fn base_from_more_sentence_forms() {
        let with = |intro: &str| {
            read(&ID_ONLY.replace("## Properties", &format!("{intro}\n\n## Properties")))
                .0
                .base
        };
        for intro in [
            "This resource is the derivative of the [gadget](gadget.md) resource.",
            "This resource is a subclass of [gadget](gadget.md).",
            "A subclass of [gadget](gadget.md). It counts things.",
            "Each widget holds one. This creates a subclass from [gadget](gadget.md),",
            "A widget record. Inherited from [gadget](gadget.md) entity.",
            "A widget. Inherits from\nthe [gadget](gadget.md).",
            "The following properties are inherited from **[gadget][]**.\n\n[gadget]: gadget.md",
            "An [gadget](gadget.md) that counts things.",
        ] {
            assert_eq!(with(intro).as_deref(), Some("gadget"), "{intro}");
        }
        // An opening "A [x](...)" that is no kind-of sentence, or a link later on, is no base.
        assert_eq!(with("A [gadget](gadget.md) holds widgets."), None);
        assert_eq!(with("Counts. An [gadget](gadget.md) that counts."), None);
        assert_eq!(with("Some settings are inherited from the template."), None);
    }

    #[test]
    fn properties_from_subsections_and_following_sections() {
        let md = "# widget resource type\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|id|String|The id.|\n\n\
                  ### Observables - email\n\n|Property|Type|Description|\n|:--|:--|:--|\n|emailSubject|String|The subject.|\n|id|String|Listed twice.|\n\n\
                  ### kind values\n\n|Member|Value|Description|\n|:--|:--|:--|\n|one|1|First.|\n\n\
                  ### Properties of a widget definition\n\n|Property|Type|Description|\n|:--|:--|:--|\n|Version|Int32|Not ours.|\n\n\
                  ### Limits\n\n|Resource|Maximum|\n|:--|:--|\n|widget|3 days|\n\n\
                  ## Authoring metadata\n\n|Property name|Type|Description|\n|:--|:--|:--|\n|title|String|The title.|\n\n\
                  ## Relationships\n\n|Relationship|Type|Description|\n|:--|:--|:--|\n|parts|[part](part.md) collection|Parts.|\n\n\
                  ## See also\n\n|Property|Type|Description|\n|:--|:--|:--|\n|other|String|Not ours.|\n";
        let (t, d) = read(md);
        let names: Vec<&str> = t.properties.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["id", "emailSubject", "title"]);
        assert_eq!(t.navigation.len(), 1);
        assert_eq!(d.len(), 0, "{:?}", d.sorted());
        // A page without a Properties heading may hold its table right under the title.
        let (t, d) = read("# widget resource type\n\nA widget.\n\n|Property|Type|Description|\n|:--|:--|:--|\n|name|String|The name.|\n\n## JSON representation\n");
        assert_eq!(t.properties.len(), 1);
        assert_eq!(d.len(), 0);
    }

    #[test]
    fn properties_from_the_json_representation_when_no_table_lists_them() {
        let md = "# widget resource type\n\nA widget.\n\n## JSON representation\n\n\
                  <!-- {\"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.widget\"} -->\n\n\
                  ```json\n{\n  \"color\": \"string\",\n  \"count\": 1024,\n  \"ratio\": 0.5,\n  \"enabled\": true,\n  \"kind\": \"small | large\",\n\
                  \"changed\": \"String (timestamp)\",\n  \"icon\": {\"@odata.type\": \"microsoft.graph.workbookIcon\"},\n\
                  \"parts\": [{\"@odata.type\": \"#microsoft.graph.callRecords.part\"}],\n  \"values\": {\"@odata.type\": \"microsoft.graph.Json\"},\n\
                  \"@odata.type\": \"#microsoft.graph.widget\"\n}\n```\n";
        let (t, d) = read(md);
        let got: Vec<(String, String)> = t
            .properties
            .iter()
            .map(|p| {
                let k = match &p.ty.kind {
                    TypeKind::Primitive { edm } => format!("{edm:?}"),
                    TypeKind::Unresolved { name, .. } => name.clone(),
                    other => format!("{other:?}"),
                };
                (
                    p.name.clone(),
                    format!("{k}{}", if p.ty.collection { "*" } else { "" }),
                )
            })
            .collect();
        let want = [
            ("changed", "DateTimeOffset"),
            ("color", "String"),
            ("count", "Int32"),
            ("enabled", "Boolean"),
            ("icon", "workbookIcon"),
            ("kind", "String"),
            ("parts", "callRecords.part*"),
            ("ratio", "Double"),
            ("values", "Json"),
        ];
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect();
        assert_eq!(got, want);
        assert_eq!(
            d.iter().filter(|x| x.kind != Kind::MissingSection).count(),
            0
        );
        // A table wins; a stated base or an open type keeps the block's keys out.
        let with_table = md.replace(
            "A widget.",
            "A widget.\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|color|String|The colour.|",
        );
        assert_eq!(read(&with_table).0.properties.len(), 1);
        let derived = md.replace("A widget.", "A widget. Inherits from [gadget](gadget.md).");
        assert!(read(&derived).0.properties.is_empty());
        let open = md.replace("A widget.", "This is an _open type_ of flags.");
        assert!(read(&open).0.properties.is_empty());
    }

    #[test]
    fn methods_returning_another_type_make_no_entity() {
        const FACET: &str = "# bundle resource type\n\n## Methods\n\n|Method|Return type|Description|\n|:--|:--|:--|\n\
            |[List bundles][list]|[driveItem][] collection|List.|\n|[Get bundle][get]|[driveItem][]|Get.|\n|[Delete bundle][del]|None|Delete.|\n\n\
            [list]: ../api/bundle-list.md\n[get]: ../api/bundle-get.md\n[del]: ../api/bundle-delete.md\n[driveItem]: driveitem.md\n\n\
            ## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|childCount|Int32|Children.|\n";
        assert_eq!(read(FACET).0.kind, TypeDefKind::Complex);
        // One method returning the type itself, or methods without return types, are its own.
        let own = FACET.replace(
            "|[Delete bundle][del]|None|",
            "|[Delete bundle][del]|[bundle](bundle.md)|",
        );
        assert_eq!(read(&own).0.kind, TypeDefKind::Entity);
        let untyped = FACET.replace("[driveItem][]", "None");
        assert_eq!(read(&untyped).0.kind, TypeDefKind::Entity);
    }

    #[test]
    fn a_note_after_the_property_name_is_no_part_of_it() {
        let md = ID_ONLY.replace(
            "|id|String|",
            "|capabilities (deprecated)|String collection|Use another.|\n|_score (deprecated)|Int32||\n|id|String|",
        );
        let (t, d) = read(&md);
        let rows: Vec<(&str, &str)> = t
            .properties
            .iter()
            .map(|p| (p.name.as_str(), p.description.as_str()))
            .collect();
        assert_eq!(
            rows,
            [
                ("capabilities", "(deprecated) Use another."),
                ("_score", "(deprecated)"),
                ("id", "The id of the thing it counts.")
            ]
        );
        assert_eq!(d.len(), 0);
    }

    #[test]
    fn a_key_naming_no_row_is_no_key() {
        const NO_ID: &str = "# widget resource type\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|count|Int32|The count.|\n\n<!-- {\"blockType\": \"resource\", \"keyProperty\": \"id\", \"@odata.type\": \"microsoft.graph.widget\"} -->\n";
        let (t, _) = read(NO_ID);
        assert_eq!((t.kind, t.key), (TypeDefKind::Complex, None));
        // With a stated base, the key may be the base's.
        let derived = NO_ID.replace(
            "## Properties",
            "Inherits from [gadget](gadget.md).\n\n## Properties",
        );
        assert_eq!(read(&derived).0.kind, TypeDefKind::Entity);
        let with_id = NO_ID.replace("|count|", "|id|String|The id.|\n|count|");
        assert_eq!(read(&with_id).0.kind, TypeDefKind::Entity);
    }

    #[test]
    fn tables_without_a_type_column_are_no_properties() {
        let page = format!(
            "[!INCLUDE [beta-disclaimer](../../includes/beta-disclaimer.md)]\n\n{}\n| Pre-set constant | Colour |\n|:--|:--|\n| Preset0 | Red |\n",
            ID_ONLY.replace("# widget resource type\n\n", "")
        );
        let page = format!("# widget resource type\n\n{page}");
        let (t, d) = read(&page);
        assert_eq!(t.description, "");
        assert_eq!(t.properties.len(), 1);
        assert!(d
            .sorted()
            .iter()
            .any(|x| x.to_string().contains("not-a-property-table")));
    }
}
