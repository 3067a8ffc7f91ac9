//! Path templates → what each segment addresses: relationships as the path segments they
//! open.
//!
//! A path is read from its first segment, a singleton (`deviceManagement`) or an entity
//! set (`pfxUserCertificates`) named after a type, through the relationships of each type
//! it reaches (`deviceConfigurations` of `deviceManagement`, then `{id}` for one of them,
//! then `assignments` of `deviceConfiguration`), type casts (`microsoft.graph.T`) and, last
//! on an action or function page, the operation itself. A segment the owner's page does
//! not list is read by its name as a type's when one matches (the 2021 `deviceManagement`
//! page lists fewer relationships than the paths use), with one diagnostic per owner and
//! segment.

use crate::diagnostics::Diagnostics;
use crate::diagnostics::Kind;
use crate::ir::{
    Addressed, Ir, Operation, PathSegment, Property, RequestBody, ResponseBody, TypeDef, TypeKind,
    TypeRef, Via,
};
use std::collections::{BTreeMap, BTreeSet};

/// The types, looked up by lower-cased name, with what derives from each.
struct Types<'a> {
    by_lower: BTreeMap<String, &'a TypeDef>,
    derived: BTreeMap<&'a str, Vec<&'a TypeDef>>,
}

impl<'a> Types<'a> {
    fn new(ir: &'a Ir) -> Types<'a> {
        let mut by_lower = BTreeMap::new();
        for t in &ir.types {
            // A name defined twice keeps the later definition (the resolver's rule).
            by_lower.insert(t.name.to_ascii_lowercase(), t);
        }
        let derived = crate::ir::derived_index(by_lower.values().copied(), |b| {
            by_lower.get(&b.to_ascii_lowercase()).copied()
        });
        Types { by_lower, derived }
    }

    fn get(&self, name: &str) -> Option<&'a TypeDef> {
        self.by_lower.get(&name.to_ascii_lowercase()).copied()
    }

    /// `t` and its bases, nearest first.
    fn chain(by_lower: &BTreeMap<String, &'a TypeDef>, t: &'a TypeDef) -> Vec<&'a TypeDef> {
        t.with_bases(|b| by_lower.get(&b.to_ascii_lowercase()).copied())
    }

    /// The relationship or property `name` of `t` or a base: (owner, row, is relationship).
    fn member(&self, t: &'a TypeDef, name: &str) -> Option<(&'a TypeDef, &'a Property, bool)> {
        for owner in Self::chain(&self.by_lower, t) {
            if let Some(p) = owner
                .navigation
                .iter()
                .find(|p| p.name.eq_ignore_ascii_case(name))
            {
                return Some((owner, p, true));
            }
            if let Some(p) = owner
                .properties
                .iter()
                .find(|p| p.name.eq_ignore_ascii_case(name))
            {
                return Some((owner, p, false));
            }
        }
        None
    }

    /// A relationship `name` of a type derived from `t` (the first such type by name).
    fn derived_member(&self, t: &TypeDef, name: &str) -> Option<(&'a TypeDef, &'a Property)> {
        let mut found: Vec<(&TypeDef, &Property)> = self
            .derived
            .get(t.name.as_str())
            .into_iter()
            .flatten()
            .filter_map(|d| {
                d.navigation
                    .iter()
                    .find(|p| p.name.eq_ignore_ascii_case(name))
                    .map(|p| (*d, p))
            })
            .collect();
        found.sort_by(|a, b| a.0.name.cmp(&b.0.name));
        found.into_iter().next()
    }

    /// The type a segment names by itself: `deviceManagement`, or the singular of an
    /// entity set or collection relationship (`pfxUserCertificates`, `categories`).
    /// Returns the type and whether the segment is plural (a collection).
    fn by_segment_name(&self, segment: &str) -> Option<(&'a TypeDef, bool)> {
        if let Some(t) = self.get(segment) {
            return Some((t, false));
        }
        crate::naming::singulars(segment)
            .into_iter()
            .find_map(|s| self.get(&s))
            .map(|t| (t, true))
    }
}

fn addressed(
    via: Via,
    owner: Option<&TypeDef>,
    ty: Option<&TypeDef>,
    collection: bool,
) -> Addressed {
    Addressed {
        via,
        owner: owner.map(|o| o.name.clone()),
        ty: ty.map(|t| t.name.clone()),
        collection,
    }
}

/// Types learned for segments no page lists, from the operations on them:
/// (owner, segment), lower-cased → (type, collection).
type Learned = BTreeMap<(String, String), (String, bool)>;

fn is_bound_operation(op: &Operation) -> bool {
    crate::plan::kind(op).is_bound()
}

/// What the operations on a segment no page lists say it holds: a list's item type, a
/// create's body type, a get-by-key's response type. When they name different types (a
/// create per derived type), their nearest common base.
fn learn(ir: &Ir, types: &Types<'_>) -> Learned {
    let mut learned = Learned::new();
    let mut said_of: BTreeMap<(String, String), Vec<(&str, bool)>> = BTreeMap::new();
    for op in &ir.operations {
        if is_bound_operation(op) {
            continue;
        }
        for p in &op.paths {
            let walked = walk(
                types,
                &Learned::new(),
                &p.segments,
                false,
                &mut |_, _, _, _| {},
            );
            // The segment the operation acts on: the last, or the one before a last key.
            let at = match p.segments.last().map(PathSegment::name) {
                Some(None) => p.segments.len().checked_sub(2),
                _ => p.segments.len().checked_sub(1),
            };
            let Some(at) = at else { continue };
            let (Some(seg), Some(a)) = (
                p.segments.get(at).and_then(PathSegment::name),
                walked.get(at),
            ) else {
                continue;
            };
            if a.via != Via::Inferred {
                continue;
            }
            let said = match (&op.response.body, &op.request_body) {
                (ResponseBody::Collection { ty }, _) | (ResponseBody::Single { ty }, _)
                    if !ty.collection =>
                {
                    Some(ty)
                }
                (_, Some(RequestBody::Type { ty, .. })) if !ty.collection => Some(ty),
                _ => None,
            };
            if let Some(TypeRef {
                kind: TypeKind::Type { name },
                ..
            }) = said
            {
                let owner = a.owner.as_deref().unwrap_or("?").to_ascii_lowercase();
                let collection = at + 1 < p.segments.len()
                    || matches!(op.response.body, ResponseBody::Collection { .. })
                    || p.method == crate::ir::HttpMethod::Post;
                said_of
                    .entry((owner, seg.to_ascii_lowercase()))
                    .or_default()
                    .push((name.as_str(), collection));
            }
        }
    }
    // Several types said (a create of each derived type): their nearest common base.
    for (key, said) in said_of {
        let Some(&(first, collection)) = said.first() else {
            continue;
        };
        let chains: Vec<Vec<&TypeDef>> = said
            .iter()
            .filter_map(|(n, _)| types.get(n))
            .map(|t| Types::chain(&types.by_lower, t))
            .collect();
        let common = chains.first().and_then(|c| {
            c.iter()
                .find(|t| chains.iter().all(|o| o.iter().any(|x| x.name == t.name)))
        });
        let name = common.map_or(first, |t| t.name.as_str());
        let collection = collection || said.iter().any(|s| s.1);
        learned.insert(key, (name.to_owned(), collection));
    }
    learned
}

/// Fills [`crate::ir::HttpPath::addressed`] for every path of every operation of resolved
/// `ir`. Segments no relationship explains get a diagnostic, once per owner and segment.
pub fn address(ir: &mut Ir, diags: &mut Diagnostics) {
    // Each path line is walked on its own (on two threads, half the operations each); what
    // a walk reports is kept with it and said afterwards in page order, once per owner and
    // segment, so the result is what one thread would give.
    let walked: Vec<Vec<Walked>> = {
        let types = Types::new(ir);
        let learned = learn(ir, &types);
        let walk_op = |op: &Operation| -> Vec<Walked> {
            let bound_operation = is_bound_operation(op);
            op.paths
                .iter()
                .map(|p| {
                    let mut reports = Vec::new();
                    let a = walk(
                        &types,
                        &learned,
                        &p.segments,
                        bound_operation,
                        &mut |kind, owner, seg, msg| {
                            reports.push((kind, owner.to_owned(), seg.to_owned(), msg));
                        },
                    );
                    (a, reports)
                })
                .collect()
        };
        let ops = &ir.operations;
        let (first, second) = ops.split_at(ops.len() / 2);
        std::thread::scope(|s| {
            let later = s.spawn(|| second.iter().map(walk_op).collect::<Vec<_>>());
            let mut all: Vec<Vec<Walked>> = first.iter().map(walk_op).collect();
            match later.join() {
                Ok(rest) => all.extend(rest),
                Err(_) => all.extend(second.iter().map(walk_op)),
            }
            all
        })
    };
    let mut reported = BTreeSet::new();
    for (op, paths) in ir.operations.iter_mut().zip(walked) {
        for (p, (a, reports)) in op.paths.iter_mut().zip(paths) {
            for (kind, owner, seg, msg) in reports {
                if reported.insert((kind, owner, seg)) {
                    diags.warn(&p.source.file, p.source.line, kind, msg);
                }
            }
            p.addressed = a;
        }
    }
}

/// One walked path line: what each segment addresses, and what the walk reported (kind,
/// owner, segment, message).
type Walked = (Vec<Addressed>, Vec<(Kind, String, String, String)>);

/// Reads one path's segments.
fn walk<'a>(
    types: &Types<'a>,
    learned: &Learned,
    segments: &[PathSegment],
    bound_operation: bool,
    report: &mut dyn FnMut(Kind, &str, &str, String),
) -> Vec<Addressed> {
    let mut out = Vec::with_capacity(segments.len());
    // What the path addresses so far: a type (if known) and whether it is a collection.
    let mut cur: Option<&'a TypeDef> = None;
    let mut collection = false;
    let mut stopped = false;
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        // A `{key}` next means this segment is a collection, whatever its name says.
        let keyed = segments.get(i + 1).is_some_and(|s| s.name().is_none());
        // A segment is read by its name: a call (`range(address='{a}')`) by the function's,
        // colon addressing (`root:/{item-path}:`) by what it starts from; one without a
        // name (`{id}`, `{hostname}:/{path}`) selects a key.
        let a = match seg.name() {
            _ if stopped => addressed(Via::Unknown, None, None, false),
            None if i > 0 && collection => {
                collection = false;
                addressed(Via::Key, None, cur, false)
            }
            None => {
                stopped = true;
                addressed(Via::Unknown, None, None, false)
            }
            Some(l) if l.starts_with('$') => {
                stopped = true;
                addressed(Via::Special, None, None, false)
            }
            Some(l) if i == 0 => match types.by_segment_name(l) {
                Some((t, plural)) => {
                    cur = Some(t);
                    collection = plural || keyed;
                    addressed(Via::Root, None, cur, collection)
                }
                None => {
                    cur = None;
                    addressed(Via::Root, None, None, false)
                }
            },
            Some(l) => {
                let cast = l
                    .strip_prefix("microsoft.graph.")
                    .and_then(|n| types.get(n));
                if let Some(t) = cast {
                    cur = Some(t);
                    addressed(Via::Cast, None, cur, collection)
                } else if last && bound_operation || l.starts_with("microsoft.graph.") {
                    stopped = true;
                    addressed(Via::Operation, None, None, false)
                } else {
                    let found = cur.and_then(|t| types.member(t, l));
                    // Only looked for when the type and its bases have no such member.
                    let derived = match found {
                        Some(_) => None,
                        None => cur.and_then(|t| types.derived_member(t, l).map(|d| (t, d))),
                    };
                    match (found, derived, cur) {
                        (Some((owner, p, nav)), _, _) => {
                            let via = if nav {
                                Via::Relationship
                            } else {
                                Via::Property
                            };
                            let (ty, coll) = target(types, p);
                            cur = ty;
                            collection = coll;
                            addressed(via, Some(owner), cur, collection)
                        }
                        (None, Some((t, (owner, p))), _) => {
                            report(
                                Kind::RelationshipOfDerivedType,
                                &t.name,
                                l,
                                format!(
                                    "path segment `{l}` is a relationship of `{}`, derived from `{}`, but the path has no `microsoft.graph.{}` cast before it; read as that relationship",
                                    owner.name, t.name, owner.name
                                ),
                            );
                            let (ty, coll) = target(types, p);
                            cur = ty;
                            collection = coll;
                            addressed(Via::DerivedRelationship, Some(owner), cur, collection)
                        }
                        (None, None, owner) => {
                            let owner_name = owner.map_or("?", |o| o.name.as_str());
                            let key = (owner_name.to_ascii_lowercase(), l.to_ascii_lowercase());
                            let from_ops = learned
                                .get(&key)
                                .and_then(|(t, c)| types.get(t).map(|t| (t, *c)));
                            // What the operations on it say beats what its name suggests.
                            let guess = from_ops.or_else(|| types.by_segment_name(l));
                            if let Some(o) = owner {
                                let how = if from_ops.is_some() {
                                    "from what its operations take and return"
                                } else {
                                    "by its name"
                                };
                                let reading = match guess {
                                    Some((t, plural)) if plural || keyed => format!("read as a collection of `{}` {how}", t.name),
                                    Some((t, _)) => format!("read as a `{}` {how}", t.name),
                                    None => "no type has its name and no operation says, so what it addresses is unknown".to_owned(),
                                };
                                report(
                                    Kind::UndocumentedRelationship,
                                    owner_name,
                                    l,
                                    format!(
                                        "path segment `{l}` is no relationship or property on the `{}` page; {reading}",
                                        o.name
                                    ),
                                );
                            }
                            cur = guess.map(|g| g.0);
                            collection = guess.is_some_and(|g| g.1 || keyed);
                            addressed(Via::Inferred, owner, cur, collection)
                        }
                    }
                }
            }
        };
        out.push(a);
    }
    out
}

/// What a relationship or property row leads to: its type when that is an entity or
/// complex type, and whether it is a collection.
fn target<'a>(types: &Types<'a>, p: &Property) -> (Option<&'a TypeDef>, bool) {
    match &p.ty.kind {
        TypeKind::Type { name } => (types.get(name), p.ty.collection),
        _ => (None, p.ty.collection),
    }
}
