//! IR → resolved IR: every [`TypeKind::Unresolved`] reference becomes a reference to a
//! type or enum the pages define (found by the link's target page, else by name), or a
//! primitive, or untyped JSON with a diagnostic. Base types are checked the same way.

use crate::diagnostics::Diagnostics;
use crate::diagnostics::Kind;
use crate::ir::{Edm, Ir, Property, RequestBody, ResponseBody, Source, TypeKind, TypeRef};
use std::collections::BTreeMap;

pub mod paths;

#[derive(Clone)]
struct Target {
    name: String,
    is_enum: bool,
}

/// Lookup tables built from the defined types and enums.
struct Index {
    /// page path → target.
    by_file: BTreeMap<String, Target>,
    /// lower-cased page path → (page path, target).
    by_file_lower: BTreeMap<String, (String, Target)>,
    /// lower-cased name → target.
    by_name: BTreeMap<String, Target>,
    /// enum name → its member names.
    members: BTreeMap<String, Vec<String>>,
}

impl Index {
    fn new(ir: &Ir, diags: &mut Diagnostics) -> Index {
        let mut idx = Index {
            by_file: BTreeMap::new(),
            by_file_lower: BTreeMap::new(),
            by_name: BTreeMap::new(),
            members: ir
                .enums
                .iter()
                .map(|e| {
                    (
                        e.name.clone(),
                        e.members.iter().map(|m| m.name.clone()).collect(),
                    )
                })
                .collect(),
        };
        let all = ir
            .types
            .iter()
            .map(|t| (&t.name, &t.source, false))
            .chain(ir.enums.iter().map(|e| (&e.name, &e.source, true)));
        for (name, source, is_enum) in all {
            let target = Target {
                name: name.clone(),
                is_enum,
            };
            idx.by_file.insert(source.file.clone(), target.clone());
            idx.by_file_lower.insert(
                source.file.to_ascii_lowercase(),
                (source.file.clone(), target.clone()),
            );
            if let Some(prev) = idx.by_name.insert(name.to_ascii_lowercase(), target) {
                diags.warn(
                    &source.file,
                    source.line,
                    Kind::DuplicateType,
                    format!("type `{name}` is defined more than once (also as `{}`); the later page wins", prev.name),
                );
            }
        }
        idx
    }
}

/// Joins a relative link onto the folder of the page that holds it.
fn join_link(from_file: &str, dest: &str) -> Option<String> {
    if dest.contains("://") || dest.starts_with('/') {
        return None;
    }
    let dest = dest.split('#').next().unwrap_or(dest);
    let mut parts: Vec<&str> = from_file.split('/').collect();
    parts.pop();
    for seg in dest.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

impl Index {
    /// A type or enum by name, ignoring case; a bare name from a page of namespace `ns`
    /// prefers that namespace's type (`endpoint` from a callRecords page is
    /// `callRecords.endpoint` when it exists).
    fn by_name_in(&self, name: &str, ns: Option<&str>) -> Option<&Target> {
        let lower = name.to_ascii_lowercase();
        ns.filter(|_| !name.contains('.'))
            .and_then(|ns| {
                self.by_name
                    .get(&format!("{}.{lower}", ns.to_ascii_lowercase()))
            })
            .or_else(|| self.by_name.get(&lower))
    }
}

/// The namespace part of an IR name (`callRecords` of `callRecords.session`).
fn namespace_of(name: &str) -> Option<&str> {
    name.rsplit_once('.').map(|(ns, _)| ns)
}

fn resolve_ref(
    ty: &mut TypeRef,
    at: &Source,
    ns: Option<&str>,
    idx: &Index,
    diags: &mut Diagnostics,
) {
    let TypeKind::Unresolved { name, link } = &ty.kind else {
        return;
    };
    let mut found: Option<Target> = None;
    if let Some(dest) = link {
        if let Some(path) = join_link(&at.file, dest) {
            if let Some(t) = idx.by_file.get(&path) {
                found = Some(t.clone());
            } else if let Some((real, t)) = idx.by_file_lower.get(&path.to_ascii_lowercase()) {
                diags.warn(
                    &at.file,
                    at.line,
                    Kind::CaseMismatchedLink,
                    format!(
                        "link `{dest}` differs in case from the page `{real}`; followed anyway"
                    ),
                );
                found = Some(t.clone());
            } else if let Some((real, t)) = idx
                .by_file_lower
                .get(&path.replace('_', "-").to_ascii_lowercase())
            {
                diags.warn(
                    &at.file,
                    at.line,
                    Kind::LegacyLink,
                    format!(
                        "link `{dest}` uses `_` where the page `{real}` uses `-`; followed anyway"
                    ),
                );
                found = Some(t.clone());
            } else {
                diags.warn(
                    &at.file,
                    at.line,
                    Kind::DeadLink,
                    format!(
                        "link `{dest}` leads to no page in the input; looking `{name}` up by name"
                    ),
                );
            }
        }
    }
    let found = found.or_else(|| idx.by_name_in(name, ns).cloned());
    ty.kind = match found {
        Some(Target {
            name,
            is_enum: true,
        }) => TypeKind::Enum { name },
        Some(Target {
            name,
            is_enum: false,
        }) => TypeKind::Type { name },
        None => {
            match Edm::parse(name) {
                Some(edm) => TypeKind::Primitive { edm },
                None => {
                    diags.warn(&at.file, at.line, Kind::UnresolvedType, format!("type `{name}` is defined by no page in the input; kept as untyped JSON"));
                    TypeKind::Json { name: name.clone() }
                }
            }
        }
    };
}

fn resolve_props(props: &mut [Property], ns: Option<&str>, idx: &Index, diags: &mut Diagnostics) {
    for p in props {
        resolve_ref(&mut p.ty, &p.source, ns, idx, diags);
        // An inline "Possible values are" list must agree with the enum page it links to.
        if let TypeKind::Enum { name } = &p.ty.kind {
            let members = idx.members.get(name).map(Vec::as_slice).unwrap_or_default();
            let unknown: Vec<&str> = p
                .possible_values
                .iter()
                .filter(|v| !members.contains(v))
                .map(String::as_str)
                .collect();
            if !unknown.is_empty() {
                diags.warn(
                    &p.source.file,
                    p.source.line,
                    Kind::EnumListMismatch,
                    format!(
                        "`{}` lists {} as possible values, but the `{name}` enum page has no such member",
                        p.name,
                        unknown.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ")
                    ),
                );
            }
        }
    }
}

/// One type documented on several pages (`user` on its own page and in a partial page
/// of another family) is one type: its own page (file named after it), else the first,
/// gives its name, description and source, and every page adds the rows the earlier
/// ones lack.
/// Returns the pages merged into another's type, with that type's name, so links to
/// them still lead to it.
fn merge_partial_types(ir: &mut Ir, diags: &mut Diagnostics) -> Vec<(String, String)> {
    let mut aliases = Vec::new();
    // The type's own page (`user.md` for `user`) comes first, then the others in order.
    let own_page = |t: &crate::ir::TypeDef| {
        let stem = t.source.file.rsplit('/').next().unwrap_or("");
        let short = t.name.rsplit('.').next().unwrap_or(&t.name);
        !stem.eq_ignore_ascii_case(&format!("{short}.md"))
    };
    let mut types = std::mem::take(&mut ir.types);
    types.sort_by_cached_key(|t| (t.name.to_ascii_lowercase(), own_page(t)));
    let mut merged: Vec<crate::ir::TypeDef> = Vec::with_capacity(ir.types.len());
    let mut at: BTreeMap<String, usize> = BTreeMap::new();
    for t in types {
        let lower = t.name.to_ascii_lowercase();
        let Some(&i) = at.get(&lower) else {
            at.insert(lower, merged.len());
            merged.push(t);
            continue;
        };
        let first = &mut merged[i];
        aliases.push((t.source.file.clone(), first.name.clone()));
        diags.warn(
            &t.source.file,
            t.source.line,
            Kind::DuplicateType,
            format!(
                "type `{}` is also documented on `{}`; the rows of both pages are merged",
                t.name, first.source.file
            ),
        );
        // A row is added once: a name either table of the earlier pages has is skipped.
        let mut known: std::collections::BTreeSet<String> = first
            .properties
            .iter()
            .chain(&first.navigation)
            .map(|p| p.name.clone())
            .collect();
        for p in t.properties {
            if known.insert(p.name.clone()) {
                first.properties.push(p);
            }
        }
        for p in t.navigation {
            if known.insert(p.name.clone()) {
                first.navigation.push(p);
            }
        }
        if first.kind == crate::ir::TypeDefKind::Complex {
            first.kind = t.kind;
        }
        first.key = first.key.take().or(t.key);
        first.base = first.base.take().or(t.base);
        first.is_abstract |= t.is_abstract;
        first.open |= t.open;
        if first.description.is_empty() {
            first.description = t.description;
        }
    }
    ir.types = merged;
    ir.sort();
    aliases
}

/// Entity types (a key property, or an `id` row) without a base derive from `entity`
/// when the input defines it: Intune pages never say so, but the service's model does.
fn derive_entities(ir: &mut Ir) {
    if !ir.types.iter().any(|t| t.name == "entity") {
        return;
    }
    for t in &mut ir.types {
        if t.base.is_none() && t.name != "entity" && t.kind == crate::ir::TypeDefKind::Entity {
            t.base = Some("entity".to_owned());
        }
    }
}

/// Resolves every reference in `ir` in place.
pub fn resolve(ir: &mut Ir, diags: &mut Diagnostics) {
    let aliases = merge_partial_types(ir, diags);
    derive_entities(ir);
    let mut idx = Index::new(ir, diags);
    for (file, name) in aliases {
        let target = Target {
            name,
            is_enum: false,
        };
        idx.by_file_lower
            .insert(file.to_ascii_lowercase(), (file.clone(), target.clone()));
        idx.by_file.insert(file, target);
    }
    for t in &mut ir.types {
        let ns = namespace_of(&t.name).map(str::to_owned);
        resolve_props(&mut t.properties, ns.as_deref(), &idx, diags);
        resolve_props(&mut t.navigation, ns.as_deref(), &idx, diags);
        if let Some(base) = &t.base {
            match idx.by_name_in(base, ns.as_deref()) {
                Some(Target {
                    name,
                    is_enum: false,
                }) => t.base = Some(name.clone()),
                _ => diags.warn(
                    &t.source.file,
                    t.source.line,
                    Kind::UnresolvedBase,
                    format!(
                        "base type `{base}` of `{}` is defined by no page in the input",
                        t.name
                    ),
                ),
            }
        }
    }
    for op in &mut ir.operations {
        match &mut op.request_body {
            Some(RequestBody::Type { ty, properties }) => {
                resolve_ref(ty, &op.source, None, &idx, diags);
                resolve_props(properties, None, &idx, diags);
            }
            Some(RequestBody::Parameters { parameters }) => {
                resolve_props(parameters, None, &idx, diags)
            }
            None => {}
        }
        match &mut op.response.body {
            ResponseBody::Single { ty } | ResponseBody::Collection { ty } => {
                let at = op.response.source.clone();
                resolve_ref(ty, &at, None, &idx, diags);
            }
            ResponseBody::None => {}
        }
    }
    canonical_missing_names(ir);
    paths::address(ir, diags);
}

/// Every type reference in `ir`, mutably: property rows, request bodies and responses.
fn each_typeref(ir: &mut Ir, f: &mut dyn FnMut(&mut TypeRef)) {
    for t in &mut ir.types {
        for p in t.properties.iter_mut().chain(t.navigation.iter_mut()) {
            f(&mut p.ty);
        }
    }
    for op in &mut ir.operations {
        match &mut op.request_body {
            Some(RequestBody::Type { ty, properties }) => {
                f(ty);
                properties.iter_mut().for_each(|p| f(&mut p.ty));
            }
            Some(RequestBody::Parameters { parameters }) => {
                parameters.iter_mut().for_each(|p| f(&mut p.ty))
            }
            None => {}
        }
        if let ResponseBody::Single { ty } | ResponseBody::Collection { ty } = &mut op.response.body
        {
            f(ty);
        }
    }
}

/// One spelling per type no page defines: pages write the same missing type as
/// `dateTimeTimeZone` and `DateTimeTimeZone`; OData type names start lower-case, so the
/// spelling that does wins, then the most frequent one, then the first in order.
fn canonical_missing_names(ir: &mut Ir) {
    let mut spellings: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let mut count = |name: &str| {
        if crate::parse::typecell::is_identifier(name) {
            *spellings
                .entry(name.to_ascii_lowercase())
                .or_default()
                .entry(name.to_owned())
                .or_default() += 1;
        }
    };
    each_typeref(ir, &mut |ty| {
        if let TypeKind::Json { name } = &ty.kind {
            count(name);
        }
    });
    let defined: std::collections::BTreeSet<String> = ir
        .types
        .iter()
        .map(|t| t.name.to_ascii_lowercase())
        .collect();
    for t in &ir.types {
        if let Some(b) = t
            .base
            .as_deref()
            .filter(|b| !defined.contains(&b.to_ascii_lowercase()))
        {
            count(b);
        }
    }
    let best: BTreeMap<String, String> = spellings
        .into_iter()
        .filter_map(|(lower, names)| {
            let best = names.iter().max_by(|(a, na), (b, nb)| {
                let lower_first = |s: &str| s.starts_with(|c: char| c.is_ascii_lowercase());
                (lower_first(a), *na, std::cmp::Reverse(*a)).cmp(&(
                    lower_first(b),
                    *nb,
                    std::cmp::Reverse(*b),
                ))
            })?;
            Some((lower, best.0.clone()))
        })
        .collect();
    each_typeref(ir, &mut |ty| {
        if let TypeKind::Json { name } = &mut ty.kind {
            if let Some(b) = best.get(&name.to_ascii_lowercase()) {
                name.clone_from(b);
            }
        }
    });
    for t in &mut ir.types {
        if let Some(base) = &mut t.base {
            if let Some(b) = best.get(&base.to_ascii_lowercase()) {
                base.clone_from(b);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_join_relative_to_the_page() {
        assert_eq!(
            join_link("api/a.md", "../resources/b.md#x").as_deref(),
            Some("resources/b.md")
        );
        assert_eq!(join_link("a.md", "../../b.md"), None);
        assert_eq!(join_link("api/a.md", "https://x/y.md"), None);
    }

    #[test]
    fn a_type_on_two_pages_is_one_type_with_the_rows_of_both() {
        let page = |rows: &str| {
            format!("---\ndoc_type: resourcePageType\n---\n# user resource type\n\n## Properties\n\n|Property|Type|Description|\n|-|-|-|\n{rows}")
        };
        let mut ir = Ir::default();
        let mut d = Diagnostics::new();
        let a = page("|id|String|The id. Read-only.|\n|name|String|x|\n");
        let b = page("|name|Int32|x|\n|phone|[phone](phone.md)|x|\n");
        crate::parse::parse_page("resources/user.md", &a, &mut ir, &mut d);
        crate::parse::parse_page("resources/other-user.md", &b, &mut ir, &mut d);
        let link = "|owner|[user](other-user.md)|x|\n";
        let c = page(link).replace("# user", "# thing");
        crate::parse::parse_page("resources/thing.md", &c, &mut ir, &mut d);
        ir.sort();
        resolve(&mut ir, &mut d);
        let user = ir.types.iter().find(|t| t.name == "user").expect("user");
        let names: Vec<&str> = user.properties.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(ir.types.len(), 2);
        assert_eq!(names, ["id", "name", "phone"]);
        assert_eq!(
            user.properties[1].ty.kind,
            TypeKind::Primitive { edm: Edm::String }
        );
        let thing = ir.types.iter().find(|t| t.name == "thing").expect("thing");
        assert_eq!(
            thing.properties[0].ty.kind,
            TypeKind::Type {
                name: "user".into()
            }
        );
    }
}
