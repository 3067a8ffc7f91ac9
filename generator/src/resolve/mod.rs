//! IR → resolved IR: every [`TypeKind::Unresolved`] reference becomes a reference to a
//! type or enum the pages define (found by the link's target page, else by name), or a
//! primitive, or untyped JSON with a diagnostic. Base types are checked the same way.

use crate::diagnostics::Diagnostics;
use crate::diagnostics::Kind;
use crate::ir::{Edm, Ir, Property, RequestBody, ResponseBody, Source, TypeKind, TypeRef};
use std::collections::BTreeMap;

pub mod enums;
pub mod paths;

#[derive(Clone)]
struct Target {
    name: String,
    is_enum: bool,
}

/// Lookup tables built from the defined types and enums.
struct Index {
    /// page path → the one type it defines (or, on a page without types, its one enum).
    by_file: BTreeMap<String, Target>,
    /// every page that defines something, by lower-cased path → the path.
    files_lower: BTreeMap<String, String>,
    /// (page path, lower-cased anchor) → an enum defined by a `x values` section there.
    by_anchor: BTreeMap<(String, String), Target>,
    /// lower-cased full name (`callrecords.session`) → target.
    by_name: BTreeMap<String, Target>,
    /// lower-cased last segment (`session`) → targets, in name order.
    by_short: BTreeMap<String, Vec<Target>>,
    /// enum name → its member names.
    members: BTreeMap<String, Vec<String>>,
}

impl Index {
    /// `aliases` are (page, enum) pairs of definitions merged into another page's, and
    /// `type_aliases` (page, type) pairs of pages whose type was merged into another's.
    fn new(
        ir: &Ir,
        aliases: &[(String, String)],
        type_aliases: &[(String, String)],
        diags: &mut Diagnostics,
    ) -> Index {
        let mut idx = Index {
            by_file: BTreeMap::new(),
            files_lower: BTreeMap::new(),
            by_anchor: BTreeMap::new(),
            by_name: BTreeMap::new(),
            by_short: BTreeMap::new(),
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
        // page → (types, enums) it defines.
        let mut per_file: BTreeMap<&str, (Vec<Target>, Vec<Target>)> = BTreeMap::new();
        for (name, source, is_enum) in all {
            let target = Target {
                name: name.clone(),
                is_enum,
            };
            let entry = per_file.entry(source.file.as_str()).or_default();
            if is_enum {
                entry.1.push(target.clone());
                idx.add_anchors(&source.file, name, &target);
            } else {
                entry.0.push(target.clone());
            }
            let lower = name.to_ascii_lowercase();
            idx.by_short
                .entry(lower.rsplit('.').next().unwrap_or(&lower).to_owned())
                .or_default()
                .push(target.clone());
            if let Some(prev) = idx.by_name.insert(lower, target) {
                diags.warn(
                    &source.file,
                    source.line,
                    Kind::DuplicateType,
                    format!("type `{name}` is defined more than once (also as `{}`); the later page wins", prev.name),
                );
            }
        }
        for (file, name) in aliases {
            let target = Target {
                name: name.clone(),
                is_enum: true,
            };
            per_file
                .entry(file.as_str())
                .or_default()
                .1
                .push(target.clone());
            idx.add_anchors(file, name, &target);
        }
        for (file, name) in type_aliases {
            let target = Target {
                name: name.clone(),
                is_enum: false,
            };
            per_file.entry(file.as_str()).or_default().0.push(target);
        }
        for (file, (types, enums)) in per_file {
            idx.files_lower
                .insert(file.to_ascii_lowercase(), file.to_owned());
            let only = match (types.as_slice(), enums.as_slice()) {
                ([t], _) => Some(t),
                ([], [e]) => Some(e),
                _ => None,
            };
            if let Some(t) = only {
                idx.by_file.insert(file.to_owned(), t.clone());
            }
        }
        idx
    }

    /// The anchors a link to the `x values` section of enum `name` on `file` may use.
    fn add_anchors(&mut self, file: &str, name: &str, target: &Target) {
        let short = name.rsplit('.').next().unwrap_or(name).to_ascii_lowercase();
        for anchor in [
            format!("{short}-values"),
            format!("{short}-value"),
            format!("{short}-enum-values"),
            short,
        ] {
            self.by_anchor
                .insert((file.to_owned(), anchor), target.clone());
        }
    }

    /// A name as a type cell writes it (`session`, `callRecords.session`), seen from a
    /// type in namespace `ns`: that namespace first, then the full name, then (for enums
    /// only, when one enum has it) the last segment: a method page may name
    /// `callRecords.callType` as `callType`, but a bare `group` is not `termStore.group`.
    fn by_name(&self, name: &str, ns: Option<&str>) -> Option<&Target> {
        let lower = name.to_ascii_lowercase();
        let in_ns = ns.filter(|_| !lower.contains('.')).and_then(|ns| {
            self.by_name
                .get(&format!("{}.{lower}", ns.to_ascii_lowercase()))
        });
        in_ns.or_else(|| self.by_name.get(&lower)).or_else(|| {
            let short = lower.rsplit('.').next().unwrap_or(&lower);
            match self.by_short.get(short).map(Vec::as_slice) {
                Some([one]) if one.is_enum => Some(one),
                _ => None,
            }
        })
    }

    /// What a type cell (`name`, the link it had, the namespace of the type that holds
    /// it) refers to, from the page `at`. Links are followed first: to the page's one
    /// type or enum, or by their anchor (`enums.md#x-values`, `#x-values`) to an enum
    /// section; then the name is looked up.
    fn find(
        &self,
        name: &str,
        link: Option<&str>,
        ns: Option<&str>,
        at: &Source,
        diags: &mut Diagnostics,
    ) -> Option<Target> {
        let mut found: Option<Target> = None;
        if let Some(dest) = link {
            let (page, anchor) = match dest.split_once('#') {
                Some((p, a)) => (p, Some(a.to_ascii_lowercase())),
                None => (dest, None),
            };
            let path = if page.is_empty() {
                Some(at.file.clone())
            } else {
                join_link(&at.file, page)
            };
            if let Some(path) = path {
                let lower = path.to_ascii_lowercase();
                let real = if self.files_lower.get(&lower) == Some(&path) {
                    Some(path.clone())
                } else if let Some(real) = self.files_lower.get(&lower) {
                    diags.warn(
                        &at.file,
                        at.line,
                        Kind::CaseMismatchedLink,
                        format!(
                            "link `{dest}` differs in case from the page `{real}`; followed anyway"
                        ),
                    );
                    Some(real.clone())
                } else if let Some(real) = self.files_lower.get(&lower.replace('_', "-")) {
                    diags.warn(
                        &at.file,
                        at.line,
                        Kind::LegacyLink,
                        format!(
                            "link `{dest}` uses `_` where the page `{real}` uses `-`; followed anyway"
                        ),
                    );
                    Some(real.clone())
                } else {
                    if !page.is_empty() {
                        diags.warn(
                            &at.file,
                            at.line,
                            Kind::DeadLink,
                            format!(
                                "link `{dest}` leads to no page in the input; looking `{name}` up by name"
                            ),
                        );
                    }
                    None
                };
                if let Some(real) = real {
                    found = anchor
                        .as_ref()
                        .and_then(|a| self.by_anchor.get(&(real.clone(), a.clone())))
                        .cloned();
                    // An anchor into the page itself names a section of it, not its type.
                    let own_section = anchor.is_some() && real == at.file;
                    if found.is_none() && !own_section {
                        found = self.by_file.get(&real).cloned();
                    }
                }
            }
        }
        found.or_else(|| self.by_name(name, ns).cloned())
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
    let found = idx.find(name, link.as_deref(), ns, at, diags);
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

/// Members that a property's "Possible values are" list names and its enum lacks, by enum
/// name: the first list that names each, with its row.
type ListedMembers = BTreeMap<String, Vec<(String, Source)>>;

fn resolve_props(
    props: &mut [Property],
    ns: Option<&str>,
    idx: &Index,
    listed: &mut ListedMembers,
    diags: &mut Diagnostics,
) {
    for p in props {
        resolve_ref(&mut p.ty, &p.source, ns, idx, diags);
        // An inline "Possible values are" list names values its enum page may lack (the
        // page is older than the list): those are members too.
        if let TypeKind::Enum { name } = &p.ty.kind {
            let members = idx.members.get(name).map(Vec::as_slice).unwrap_or_default();
            let unknown: Vec<&str> = p
                .possible_values
                .iter()
                .filter(|v| crate::parse::typecell::is_member_name(v))
                .filter(|v| !members.iter().any(|m| m.eq_ignore_ascii_case(v)))
                .map(String::as_str)
                .collect();
            if !unknown.is_empty() {
                diags.warn(
                    &p.source.file,
                    p.source.line,
                    Kind::EnumListMismatch,
                    format!(
                        "`{}` lists {} as possible values, but the `{name}` enum page has no such member; added to the enum",
                        p.name,
                        unknown.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ")
                    ),
                );
                let added = listed.entry(name.clone()).or_default();
                for v in unknown {
                    if !added.iter().any(|(a, _)| a.eq_ignore_ascii_case(v)) {
                        added.push((v.to_owned(), p.source.clone()));
                    }
                }
            }
        }
    }
}

/// Adds the members that only "Possible values are" lists name to their enums.
fn add_listed_members(ir: &mut Ir, listed: ListedMembers) {
    for e in &mut ir.enums {
        let Some(added) = listed.get(&e.name) else {
            continue;
        };
        for (v, source) in added {
            if !e.members.iter().any(|m| m.name.eq_ignore_ascii_case(v)) {
                e.members.push(crate::ir::EnumMember {
                    name: v.clone(),
                    value: None,
                    description: String::new(),
                    source: source.clone(),
                });
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
        first.additional = first.additional.take().or(t.additional);
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

/// One spelling per namespace, and the enums of a namespace's enum page in it.
///
/// Pages spell a namespace in different cases (`Namespace: microsoft.graph.termstore` on
/// one page, `microsoft.graph.termStore` on eight others): every type and enum takes the
/// spelling most names (definitions and type cells) use, ties going to the one with
/// capitals. An enum page `enums-{ns}.md` without a `Namespace:` line defines the enums of
/// namespace `{ns}` when other pages name that namespace (in any case); otherwise its enums
/// stay in `microsoft.graph`.
fn normalize_namespaces(ir: &mut Ir) {
    let mut spellings: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let mut count = |name: &str| {
        if let Some(ns) = crate::ir::namespace_of(name) {
            *spellings
                .entry(ns.to_ascii_lowercase())
                .or_default()
                .entry(ns.to_owned())
                .or_default() += 1;
        }
    };
    for t in &ir.types {
        count(&t.name);
        for p in t.properties.iter().chain(&t.navigation) {
            if let TypeKind::Unresolved { name, .. } = &p.ty.kind {
                count(name);
            }
        }
    }
    for e in &ir.enums {
        count(&e.name);
    }
    let canonical: BTreeMap<String, String> = spellings
        .into_iter()
        .filter_map(|(lower, names)| {
            let best = names.into_iter().max_by(|(a, na), (b, nb)| {
                na.cmp(nb)
                    .then_with(|| {
                        let caps = |s: &str| s.chars().any(|c| c.is_ascii_uppercase());
                        caps(a).cmp(&caps(b))
                    })
                    .then_with(|| b.cmp(a))
            })?;
            Some((lower, best.0))
        })
        .collect();
    let respell = |name: &mut String| {
        if let Some(ns) = crate::ir::namespace_of(name) {
            if let Some(c) = canonical.get(&ns.to_ascii_lowercase()) {
                if c != ns {
                    *name = format!("{c}{}", &name[ns.len()..]);
                }
            }
        }
    };
    for t in &mut ir.types {
        respell(&mut t.name);
    }
    for e in &mut ir.enums {
        respell(&mut e.name);
        if e.name.contains('.') {
            continue;
        }
        let stem = e.source.file.rsplit('/').next().unwrap_or("");
        let page_ns = stem
            .strip_prefix("enums-")
            .and_then(|s| s.strip_suffix(".md"))
            .map(str::to_ascii_lowercase);
        if let Some(ns) = page_ns.and_then(|ns| canonical.get(&ns)) {
            e.name = crate::ir::qualify(Some(ns), &e.name);
        }
    }
}

/// Keeps the first row of each name among `rows` (a type's properties and relationships,
/// or a request body's parameters): a name listed twice is one field on the wire.
fn dedupe_rows(rows: &mut [&mut Vec<Property>], owner: &str, diags: &mut Diagnostics) {
    let mut seen: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    for list in rows.iter_mut() {
        list.retain(|p| {
            if seen.insert(p.name.clone()) {
                return true;
            }
            diags.warn(
                &p.source.file,
                p.source.line,
                Kind::DuplicateRow,
                format!(
                    "`{}` of {owner} is listed again; the first row is kept",
                    p.name
                ),
            );
            false
        });
    }
}

/// Resolves every reference in `ir` in place.
pub fn resolve(ir: &mut Ir, diags: &mut Diagnostics) {
    normalize_namespaces(ir);
    for t in &mut ir.types {
        let owner = format!("`{}`", t.name);
        dedupe_rows(&mut [&mut t.properties, &mut t.navigation], &owner, diags);
    }
    for op in &mut ir.operations {
        if let Some(RequestBody::Parameters { parameters }) = &mut op.request_body {
            let owner = format!("the body of `{}`", op.title);
            dedupe_rows(&mut [parameters], &owner, diags);
        }
    }
    let type_aliases = merge_partial_types(ir, diags);
    derive_entities(ir);
    let aliases = enums::merge_duplicates(ir, diags);
    {
        let before = Index::new(ir, &aliases, &type_aliases, &mut Diagnostics::new());
        let defined = |name: &str, ns: Option<&str>, link: Option<&str>, file: &str| {
            let at = Source {
                file: file.to_owned(),
                line: 0,
            };
            before
                .find(name, link, ns, &at, &mut Diagnostics::new())
                .is_some()
        };
        enums::from_prose(ir, &defined, diags);
    }
    ir.sort();
    let idx = Index::new(ir, &aliases, &type_aliases, diags);
    let mut listed = ListedMembers::new();
    for t in &mut ir.types {
        let ns = crate::ir::namespace_of(&t.name).map(str::to_owned);
        resolve_props(&mut t.properties, ns.as_deref(), &idx, &mut listed, diags);
        resolve_props(&mut t.navigation, ns.as_deref(), &idx, &mut listed, diags);
        if let Some(base) = &t.base {
            match idx.by_name(base, ns.as_deref()) {
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
                resolve_props(properties, None, &idx, &mut listed, diags);
            }
            Some(RequestBody::Parameters { parameters }) => {
                resolve_props(parameters, None, &idx, &mut listed, diags)
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
        for o in &mut op.outcomes {
            if let ResponseBody::Single { ty } | ResponseBody::Collection { ty } = &mut o.body {
                resolve_ref(ty, &op.response.source, None, &idx, diags);
            }
        }
        if let Some(ty) = &mut op.error_body {
            resolve_ref(ty, &op.response.source, None, &idx, diags);
        }
        for q in &mut op.parameters {
            resolve_ref(&mut q.ty, &op.source, None, &idx, diags);
            // A parameter of a type no page defines is sent as the text it is given.
            if matches!(q.ty.kind, TypeKind::Json { .. }) {
                q.ty.kind = TypeKind::Primitive { edm: Edm::String };
            }
        }
    }
    add_listed_members(ir, listed);
    enums::from_member_lists(ir, diags);
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
        for o in &mut op.outcomes {
            if let ResponseBody::Single { ty } | ResponseBody::Collection { ty } = &mut o.body {
                f(ty);
            }
        }
        if let Some(ty) = &mut op.error_body {
            f(ty);
        }
        op.parameters.iter_mut().for_each(|q| f(&mut q.ty));
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

    fn page(name: &str, ns: &str, props: &str, after: &str) -> String {
        format!(
            "---\ndoc_type: resourcePageType\n---\n\n# {name} resource type\n\nNamespace: {ns}\n\n\
             ## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n{props}\n\n{after}\n\n\
             <!-- {{\n  \"blockType\": \"resource\",\n  \"@odata.type\": \"{ns}.{name}\"\n}} -->\n"
        )
    }

    const ENUMS: &str =
        "---\ndoc_type: enumPageType\n---\n\n# Enum values\n\nNamespace: microsoft.graph\n\n\
        ### threatCategory values\n\n|Member|\n|:---|\n|spam|\n|phishing|\n\n\
        ### responseType values\n\n| Member\n|:---\n| none\n| accepted\n";

    const CALL_ENUMS: &str = "---\ndoc_type: enumTypes\n---\n\n# Call enum values\n\n\
        Namespace: microsoft.graph.calls\n\n### callType values\n\n| Member\n|:---\n| groupCall\n| peerToPeer\n";

    fn load(pages: &[(&str, String)]) -> (Ir, Diagnostics) {
        let mut ir = Ir::default();
        let mut d = Diagnostics::new();
        for (file, text) in pages {
            crate::parse::parse_page(file, text, &mut ir, &mut d);
        }
        ir.sort();
        resolve(&mut ir, &mut d);
        (ir, d)
    }

    fn prop<'a>(ir: &'a Ir, ty: &str, name: &str) -> &'a Property {
        ir.types
            .iter()
            .find(|t| t.name == ty)
            .and_then(|t| t.properties.iter().find(|p| p.name == name))
            .unwrap_or_else(|| panic!("no {ty}.{name}"))
    }

    fn is_enum(p: &Property, name: &str) -> bool {
        p.ty.kind == TypeKind::Enum { name: name.into() }
    }

    #[test]
    fn type_cells_reach_enums_in_sections() {
        let (ir, d) = load(&[
            ("resources/enums.md", ENUMS.into()),
            ("resources/enums-calls.md", CALL_ENUMS.into()),
            (
                "resources/request.md",
                page(
                    "request",
                    "microsoft.graph",
                    "|category|[threatCategory](enums.md#threatcategory-values)|C.|\n\
                     |bare|threatCategory|B.|\n\
                     |kind|microsoft.graph.calls.callType|K.|\n\
                     |kinds|Collection(callType)|Ks.|\n\
                     |ageGroup|[ageGroup](#agegroup-values)|A.|\n\
                     |sortBy|String|How to sort. See below.|\n\
                     |mode|[responseType](#responsetype-values)|Not the global one.|",
                    "### ageGroup values\n\n| Member | Description |\n|:--|:--|\n|minor|A minor.|\n|adult|An adult.|\n\n\
                     ### sortBy values\n\n| Value | Description |\n|:--|:--|\n|`name`|By name.|\n|`size`|By size.|",
                ),
            ),
            (
                "resources/calls-record.md",
                page("record", "microsoft.graph.calls", "|type|callType|T.|", ""),
            ),
        ]);
        let kinds: Vec<Kind> = d.iter().map(|d| d.kind).collect();
        assert!(!kinds.contains(&Kind::DeadLink), "{d:?}");
        assert!(!kinds.contains(&Kind::UnresolvedType), "{d:?}");
        assert!(is_enum(prop(&ir, "request", "category"), "threatCategory"));
        assert!(is_enum(prop(&ir, "request", "bare"), "threatCategory"));
        assert!(is_enum(prop(&ir, "request", "kind"), "calls.callType"));
        let kinds = prop(&ir, "request", "kinds");
        assert!(is_enum(kinds, "calls.callType") && kinds.ty.collection);
        assert!(is_enum(prop(&ir, "request", "ageGroup"), "ageGroup"));
        assert!(is_enum(prop(&ir, "calls.record", "type"), "calls.callType"));
        // The anchor names a section the page does not have: looked up by name.
        assert!(is_enum(prop(&ir, "request", "mode"), "responseType"));
        // `String` with a section of its values stays a string; the values document it.
        let sort = prop(&ir, "request", "sortBy");
        assert_eq!(sort.ty.kind, TypeKind::Primitive { edm: Edm::String });
        assert_eq!(sort.possible_values, ["name", "size"]);
        let names: Vec<&str> = ir.enums.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "ageGroup",
                "calls.callType",
                "responseType",
                "threatCategory"
            ]
        );
        // The section's rows are members, never properties of the type.
        let request = ir
            .types
            .iter()
            .find(|t| t.name == "request")
            .expect("request");
        assert!(!request.properties.iter().any(|p| p.name == "minor"));
    }

    #[test]
    fn value_lists_define_enums_no_page_defines() {
        let (ir, d) = load(&[(
            "resources/alert.md",
            page(
                "alert",
                "microsoft.graph",
                "|severity|alertSeverity|How bad. Possible values are: `low`, `high`.|\n\
                 |other|[alertSeverity](alertseverity.md)|Possible values are: `low`, `medium`.|\n\
                 |status|String|Possible values are: `new`, `done`.|\n\
                 |owner|person|Possible values are: `x y`.|",
                "",
            ),
        )]);
        let e = ir
            .enums
            .iter()
            .find(|e| e.name == "alertSeverity")
            .expect("made");
        let m: Vec<&str> = e.members.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(m, ["low", "high", "medium"]);
        assert!(is_enum(prop(&ir, "alert", "severity"), "alertSeverity"));
        assert!(is_enum(prop(&ir, "alert", "other"), "alertSeverity"));
        assert_eq!(
            prop(&ir, "alert", "status").ty.kind,
            TypeKind::Primitive { edm: Edm::String }
        );
        assert_eq!(ir.enums.len(), 1, "no enum from a String cell or non-names");
        assert_eq!(
            d.iter().filter(|d| d.kind == Kind::EnumFromProse).count(),
            1
        );
    }

    #[test]
    fn one_spelling_per_namespace_and_enum_pages_named_after_theirs() {
        let enums = |ns_line: &str, names: &[&str]| {
            let mut md = format!("---\ndoc_type: enumTypes\n---\n\n# Enum values\n\n{ns_line}\n\n");
            for n in names {
                md.push_str(&format!(
                    "### {n} values\n\n|Member|\n|:---|\n|one|\n|two|\n\n"
                ));
            }
            md
        };
        let (ir, _) = load(&[
            (
                "resources/farm-barn.md",
                page("barn", "microsoft.graph.farmLife", "|kind|barnKind|K.|", ""),
            ),
            (
                "resources/farm-silo.md",
                page("silo", "microsoft.graph.farmLife", "|id|String|I.|", ""),
            ),
            (
                "resources/enums-farmlife.md",
                enums("Namespace: microsoft.graph.farmlife", &["barnKind"]),
            ),
            // No Namespace line: the file name says it, in the case the other pages use.
            ("resources/enums-farmLIFE.md", enums("", &["siloKind"])),
            // No Namespace line, and no page names such a namespace: microsoft.graph.
            ("resources/enums-misc.md", enums("", &["looseKind"])),
        ]);
        let names: Vec<&str> = ir.enums.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(
            names,
            ["farmLife.barnKind", "farmLife.siloKind", "looseKind"]
        );
        let types: Vec<&str> = ir.types.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(types, ["farmLife.barn", "farmLife.silo"]);
        assert!(is_enum(
            prop(&ir, "farmLife.barn", "kind"),
            "farmLife.barnKind"
        ));
    }

    #[test]
    fn a_value_list_of_two_enums_takes_the_one_named_like_the_property() {
        let enums = "---\ndoc_type: enumPageType\n---\n\n# Enum values\n\n\
            ### priority values\n\n|Member|\n|:---|\n|None|\n|High|\n|Low|\n\n\
            ### taskPriority values\n\n|Member|\n|:---|\n|none|\n|high|\n|low|\n";
        let (ir, _) = load(&[
            ("resources/enums.md", enums.to_owned()),
            (
                "resources/note.md",
                page(
                    "note",
                    "microsoft.graph",
                    "|priority|String|How urgent. Valid values are `None`, `High` and `Low`.|\n\
                     |urgency|String|How urgent. Valid values are `None`, `High` and `Low`.|",
                    "",
                ),
            ),
        ]);
        assert!(is_enum(prop(&ir, "note", "priority"), "priority"));
        // Neither enum is named like `urgency` (nor related to it): a string.
        assert_eq!(
            prop(&ir, "note", "urgency").ty.kind,
            TypeKind::Primitive { edm: Edm::String }
        );
    }

    #[test]
    fn a_bare_type_name_is_not_read_as_a_namespaced_type() {
        let (ir, _) = load(&[
            (
                "resources/t-group.md",
                page("group", "microsoft.graph.t", "|id|String|I.|", ""),
            ),
            (
                "resources/holder.md",
                page("holder", "microsoft.graph", "|g|group|G.|", ""),
            ),
        ]);
        assert!(matches!(
            prop(&ir, "holder", "g").ty.kind,
            TypeKind::Json { .. }
        ));
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

    #[test]
    fn a_row_listed_twice_is_kept_once() {
        let page = "---\ndoc_type: resourcePageType\n---\n# thing resource type\n\n## Properties\n\n\
                    |Property|Type|Description|\n|-|-|-|\n|name|String|x|\n|size|Int32|y|\n\n\
                    ## Relationships\n\n|Relationship|Type|Description|\n|-|-|-|\n|name|String|again|\n";
        let mut ir = Ir::default();
        let mut d = Diagnostics::new();
        crate::parse::parse_page("resources/thing.md", page, &mut ir, &mut d);
        resolve(&mut ir, &mut d);
        let t = &ir.types[0];
        let names: Vec<&str> = t
            .properties
            .iter()
            .chain(&t.navigation)
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(names, ["name", "size"]);
        assert_eq!(d.iter().filter(|x| x.kind == Kind::DuplicateRow).count(), 1);
    }

    #[test]
    fn value_lists_add_members_their_enum_page_lacks() {
        let (ir, d) = load(&[
            (
                "resources/enums.md",
                "---\ndoc_type: enumPageType\n---\n# Enum values\n\nNamespace: microsoft.graph\n\n\
                 ### hive values\n\n|Member|\n|:---|\n|user|\n|machine|\n"
                    .into(),
            ),
            (
                "resources/key.md",
                page(
                    "key",
                    "microsoft.graph",
                    "|hive|[hive](enums.md#hive-values)|Possible values are: `user`, `machine`, `machineSoftware`.|\n\
                     |other|hive|Possible values are: `Machine`, `machineSoftware`, `x y`.|",
                    "",
                ),
            ),
        ]);
        let e = ir.enums.iter().find(|e| e.name == "hive").expect("hive");
        let m: Vec<&str> = e.members.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(m, ["user", "machine", "machineSoftware"]);
        assert_eq!(e.members[2].source.file, "resources/key.md");
        // Reported on each row that lists a new value (case aside; prose is no value).
        assert_eq!(
            d.iter()
                .filter(|d| d.kind == Kind::EnumListMismatch)
                .count(),
            2,
            "{d:?}"
        );
    }

    #[test]
    fn string_cells_listing_an_enums_members_are_that_enum() {
        let (ir, d) = load(&[
            (
                "resources/enums.md",
                "---\ndoc_type: enumPageType\n---\n# Enum values\n\nNamespace: microsoft.graph\n\n\
                 ### operationStatus values\n\n|Member|\n|:---|\n|notStarted|\n|running|\n|failed|\n|unknownFutureValue|\n\n\
                 ### printJobState values\n\n|Member|\n|:---|\n|notStarted|\n|running|\n|failed|\n\n\
                 ### dayOfWeek values\n\n|Member|\n|:---|\n|monday|\n|tuesday|\n\n\
                 ### weekDay values\n\n|Member|\n|:---|\n|monday|\n|tuesday|\n"
                    .into(),
            ),
            (
                "resources/job.md",
                page(
                    "job",
                    "microsoft.graph",
                    "|status|String|Possible values are: `NotStarted`, `running`, `failed`.|\n\
                     |days|String collection|Possible values are: `monday`, `tuesday`.|\n\
                     |daysOfWeek|String collection|Possible values are: `monday`, `tuesday`.|\n\
                     |phase|String|Possible values are: `notStarted`, `running`, `failed`.|\n\
                     |state|String|Possible values are: `notStarted`, `running`.|",
                    "",
                ),
            ),
        ]);
        // `status` is related to `operationStatus` only; the sentinel may be left out.
        assert!(is_enum(prop(&ir, "job", "status"), "operationStatus"));
        // `daysOfWeek` is related to both day enums' names: `dayOfWeek` and `weekDay`
        // share a word with it, so it stays a string; `days` shares none of four letters.
        let string = TypeKind::Primitive { edm: Edm::String };
        assert_eq!(prop(&ir, "job", "daysOfWeek").ty.kind, string);
        assert_eq!(prop(&ir, "job", "days").ty.kind, string);
        // No enum's name is related to `phase`; `state` lists a part of the members.
        assert_eq!(prop(&ir, "job", "phase").ty.kind, string);
        assert_eq!(prop(&ir, "job", "state").ty.kind, string);
        assert_eq!(
            d.iter().filter(|d| d.kind == Kind::EnumFromValues).count(),
            1,
            "{d:?}"
        );
    }

    #[test]
    fn string_collections_listing_an_enums_members_are_collections_of_it() {
        let (ir, _) = load(&[
            (
                "resources/enums.md",
                "---\ndoc_type: enumPageType\n---\n# Enum values\n\nNamespace: microsoft.graph\n\n\
                 ### dayOfWeek values\n\n|Member|\n|:---|\n|monday|\n|tuesday|\n"
                    .into(),
            ),
            (
                "resources/pattern.md",
                page(
                    "pattern",
                    "microsoft.graph",
                    "|daysOfWeek|String collection|Possible values are: `monday`, `tuesday`.|",
                    "",
                ),
            ),
        ]);
        let p = prop(&ir, "pattern", "daysOfWeek");
        assert!(is_enum(p, "dayOfWeek") && p.ty.collection);
    }
}
