//! Enums before references are resolved: one definition per name (an enum documented on
//! several pages is merged), and enums that only a property's "Possible values are" list
//! defines (its type cell names an enum no page or section defines).

use crate::diagnostics::Diagnostics;
use crate::diagnostics::Kind;
use crate::ir::{
    namespace_of, qualify, Edm, EnumDef, EnumMember, Ir, Property, RequestBody, TypeKind,
};
use crate::parse::typecell::is_member_name;
use std::collections::{BTreeMap, BTreeSet};

/// Merges enums defined more than once (an `enums.md` section and an enum page, say) into
/// one: the definition on a page of its own is kept (else the one with the most
/// members), and members only the others list are added after its own. Names compare
/// ignoring case. Returns the (page, enum name) of each definition merged away, so links
/// to those pages still lead to the enum.
pub fn merge_duplicates(ir: &mut Ir, diags: &mut Diagnostics) -> Vec<(String, String)> {
    let mut per_file: BTreeMap<String, usize> = BTreeMap::new();
    for e in &ir.enums {
        *per_file.entry(e.source.file.clone()).or_default() += 1;
    }
    let mut groups: BTreeMap<String, Vec<EnumDef>> = BTreeMap::new();
    for e in std::mem::take(&mut ir.enums) {
        groups
            .entry(e.name.to_ascii_lowercase())
            .or_default()
            .push(e);
    }
    let mut aliases = Vec::new();
    for (_, mut defs) in groups {
        // A page of its own first, then the fullest; ties keep page order.
        let best = (0..defs.len())
            .max_by_key(|&i| {
                (
                    per_file.get(&defs[i].source.file) == Some(&1),
                    defs[i].members.len(),
                    std::cmp::Reverse(i),
                )
            })
            .unwrap_or(0);
        let mut keep = defs.remove(best);
        for other in defs {
            let have: BTreeSet<String> = keep.members.iter().map(|m| m.name.clone()).collect();
            let extra: Vec<EnumMember> = other
                .members
                .into_iter()
                .filter(|m| !have.contains(&m.name))
                .collect();
            diags.warn(
                &other.source.file,
                other.source.line,
                Kind::DuplicateType,
                format!(
                    "enum `{}` is also defined at {}:{}; the two are merged ({} member{} only this one lists)",
                    other.name,
                    keep.source.file,
                    keep.source.line,
                    extra.len(),
                    if extra.len() == 1 { "" } else { "s" }
                ),
            );
            keep.members.extend(extra);
            if other.source.file != keep.source.file {
                aliases.push((other.source.file, keep.name.clone()));
            }
        }
        ir.enums.push(keep);
    }
    aliases
}

/// Every property of the IR (type properties and relationships, request body rows and
/// parameters), with the namespace of the type that holds it.
fn all_props(ir: &mut Ir) -> Vec<(Option<String>, &mut Property)> {
    let mut out = Vec::new();
    for t in &mut ir.types {
        let ns = namespace_of(&t.name).map(str::to_owned);
        for p in t.properties.iter_mut().chain(t.navigation.iter_mut()) {
            out.push((ns.clone(), p));
        }
    }
    for op in &mut ir.operations {
        match &mut op.request_body {
            Some(RequestBody::Type { properties, .. }) => {
                out.extend(properties.iter_mut().map(|p| (None, p)))
            }
            Some(RequestBody::Parameters { parameters }) => {
                out.extend(parameters.iter_mut().map(|p| (None, p)))
            }
            None => {}
        }
    }
    out
}

/// Whether a type cell refers to a definition of the input: called with the name as
/// written, the namespace of the type that holds the property, the cell's link and the
/// page.
pub type IsDefined<'a> = dyn Fn(&str, Option<&str>, Option<&str>, &str) -> bool + 'a;

/// Defines the enums that exist only as "Possible values are: `a`, `b`." lists: a property
/// whose type cell names a type (by name, by `microsoft.graph.x` or by a link) that no page
/// or section defines, and whose description lists backticked values, gets an enum of that
/// name with those members (the lists of every such property, merged). `defined` says
/// whether a name (as written, with the namespace of the property's type) is defined, and
/// whether a link leads to a page of the input.
pub fn from_prose(ir: &mut Ir, defined: &IsDefined<'_>, diags: &mut Diagnostics) {
    struct Found {
        def: EnumDef,
        uses: usize,
    }
    let mut made: BTreeMap<String, Found> = BTreeMap::new();
    for (ns, p) in all_props(ir) {
        let TypeKind::Unresolved { name, link } = &p.ty.kind else {
            continue;
        };
        if p.possible_values.is_empty()
            || Edm::parse(name).is_some()
            || defined(name, ns.as_deref(), link.as_deref(), &p.source.file)
        {
            continue;
        }
        let values: Vec<&String> = p
            .possible_values
            .iter()
            .filter(|v| is_member_name(v))
            .collect();
        if values.is_empty() {
            continue;
        }
        let full = qualify(ns.as_deref(), name);
        let f = made
            .entry(full.to_ascii_lowercase())
            .or_insert_with(|| Found {
                def: EnumDef {
                    name: full.clone(),
                    description: format!(
                    "The values the `{}` property's description lists (no page defines this enum).",
                    p.name
                ),
                    members: Vec::new(),
                    source: p.source.clone(),
                },
                uses: 0,
            });
        f.uses += 1;
        for v in values {
            if !f.def.members.iter().any(|m| &m.name == v) {
                f.def.members.push(EnumMember {
                    name: v.clone(),
                    value: None,
                    description: String::new(),
                    source: p.source.clone(),
                });
            }
        }
    }
    for (_, f) in made {
        let e = f.def;
        diags.warn(
            &e.source.file,
            e.source.line,
            Kind::EnumFromProse,
            format!(
                "no page defines the enum `{}`; its members ({}) are read from the \"Possible values\" list of {} propert{}",
                e.name,
                e.members.len(),
                f.uses,
                if f.uses == 1 { "y" } else { "ies" },
            ),
        );
        ir.enums.push(e);
    }
}

/// The members of a list or an enum as a set to compare: lower-cased, without
/// `unknownFutureValue` (lists often leave the sentinel out).
fn member_set<'a>(names: impl Iterator<Item = &'a str>) -> BTreeSet<String> {
    names
        .map(str::to_ascii_lowercase)
        .filter(|n| n != "unknownfuturevalue")
        .collect()
}

/// The words of a camelCase name, lower-cased (`firstDayOfWeek` → first, day, of, week).
fn camel_words(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut prev_upper = true;
    for c in name.chars() {
        let upper = c.is_ascii_uppercase();
        if out.is_empty() || (upper && !prev_upper) || !c.is_ascii_alphanumeric() {
            out.push(String::new());
        }
        if c.is_ascii_alphanumeric() {
            if let Some(w) = out.last_mut() {
                w.push(c.to_ascii_lowercase());
            }
        }
        prev_upper = upper;
    }
    out.retain(|w| !w.is_empty());
    out
}

/// Whether a property's name and an enum's name share a word of four letters or more,
/// one word being a prefix of the other (`status`/`operationStatus`,
/// `daysOfWeek`/`dayOfWeek`, `relationship`/`relationType`, `accountType`/
/// `userAccountSecurityType`).
fn names_related(prop: &str, enum_name: &str) -> bool {
    let a = camel_words(prop);
    let b = camel_words(enum_name);
    a.iter().filter(|w| w.len() >= 4).any(|x| {
        b.iter()
            .filter(|w| w.len() >= 4)
            .any(|y| x.starts_with(y.as_str()) || y.starts_with(x.as_str()))
    })
}

/// Types as enums the properties whose type cell says `String` but whose description lists
/// ("Possible values are: `a`, `b`.") exactly the members of an enum the input defines
/// (case aside; `unknownFutureValue` may be missing from either) and whose name is
/// related to the property's (see [`names_related`]: `status` and `operationStatus`,
/// `daysOfWeek` and `dayOfWeek`, `relationship` and `relationType`). When several enums qualify, the one in the namespace
/// of the property's type is taken, then the one named exactly like the property; if that
/// leaves more than one, the property stays a string. A collection of
/// strings becomes a collection of the enum.
pub fn from_member_lists(ir: &mut Ir, diags: &mut Diagnostics) {
    let enums: Vec<(String, BTreeSet<String>)> = ir
        .enums
        .iter()
        .map(|e| {
            let set = member_set(e.members.iter().map(|m| m.name.as_str()));
            (e.name.clone(), set)
        })
        .filter(|(_, set)| set.len() >= 2)
        .collect();
    for (ns, p) in all_props(ir) {
        if p.ty.kind != (TypeKind::Primitive { edm: Edm::String }) {
            continue;
        }
        let values: Vec<&str> = p
            .possible_values
            .iter()
            .map(String::as_str)
            .filter(|v| is_member_name(v))
            .collect();
        if values.len() != p.possible_values.len() {
            continue;
        }
        let set = member_set(values.into_iter());
        if set.len() < 2 {
            continue;
        }
        let mut cands: Vec<&str> = enums
            .iter()
            .filter(|(_, m)| *m == set)
            .map(|(n, _)| n.as_str())
            .collect();
        if cands.len() > 1 {
            let same_ns: Vec<&str> = cands
                .iter()
                .copied()
                .filter(|n| namespace_of(n) == ns.as_deref())
                .collect();
            if !same_ns.is_empty() {
                cands = same_ns;
            }
        }
        // The enum's name and the property's must be related: a list of four states fits
        // many enums, and the name is what the type cell left out.
        cands.retain(|n| names_related(&p.name, n.rsplit('.').next().unwrap_or(n)));
        // Of several, the enum named exactly like the property (`priority`, not
        // `taskPriority`) is the one.
        if cands.len() > 1 {
            let same: Vec<&str> = cands
                .iter()
                .copied()
                .filter(|n| {
                    n.rsplit('.')
                        .next()
                        .unwrap_or(n)
                        .eq_ignore_ascii_case(&p.name)
                })
                .collect();
            if same.len() == 1 {
                cands = same;
            }
        }
        let [name] = cands.as_slice() else {
            continue;
        };
        diags.warn(
            &p.source.file,
            p.source.line,
            Kind::EnumFromValues,
            format!(
                "`{}` is typed `String`, but its possible values are the members of the enum `{name}`; typed as `{name}`",
                p.name
            ),
        );
        p.ty.kind = TypeKind::Enum {
            name: (*name).to_owned(),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Source;

    fn member(name: &str) -> EnumMember {
        EnumMember {
            name: name.into(),
            value: None,
            description: String::new(),
            source: Source {
                file: "f".into(),
                line: 1,
            },
        }
    }

    fn enum_def(name: &str, file: &str, members: &[&str]) -> EnumDef {
        EnumDef {
            name: name.into(),
            description: String::new(),
            members: members.iter().map(|m| member(m)).collect(),
            source: Source {
                file: file.into(),
                line: 3,
            },
        }
    }

    #[test]
    fn duplicates_merge_into_the_one_on_its_own_page() {
        let mut ir = Ir {
            enums: vec![
                enum_def("color", "resources/a.md", &["red", "blue"]),
                enum_def("Color", "resources/enums.md", &["red", "green", "blue"]),
                enum_def("size", "resources/enums.md", &["s"]),
            ],
            ..Ir::default()
        };
        let mut d = Diagnostics::new();
        let aliases = merge_duplicates(&mut ir, &mut d);
        assert_eq!(ir.enums.len(), 2);
        assert_eq!(ir.enums[0].source.file, "resources/a.md");
        let m: Vec<&str> = ir.enums[0]
            .members
            .iter()
            .map(|m| m.name.as_str())
            .collect();
        assert_eq!(m, ["red", "blue", "green"]);
        assert_eq!(d.len(), 1);
        assert_eq!(
            aliases,
            [("resources/enums.md".to_owned(), "color".to_owned())]
        );
    }
}
