//! Resolved IR → the plan: every decision the emitters and the OpenAPI export share, made
//! once, so that they only render.
//!
//! Per operation: its [`OpKind`], workload and one name (the flat `Client` method, the
//! parameter struct and the examples are named after it). Per path line: the navigation
//! chain that produces it (`client.zoo().animals().by_id(id).feed(body)`): the segments
//! [`crate::resolve`] read to known types become calls of navigation builders, one builder
//! per (type, item or collection), and what is left (nothing, a bound action or function,
//! `$count`/`$value`/`$ref`, or segments that could not be read) becomes the request
//! method ("terminal") the chain ends in. Per builder: the methods it offers, unique, with
//! duplicates (two pages documenting one request on one builder) kept once.
//!
//! A path that cannot be navigated to its end (a segment resolve could not read, colon
//! addressing, a key of something that is no collection, ...) is navigated as far as it
//! can be, and the rest of it is written as the page writes it by a terminal named after
//! the operation, with an `unnavigable-path` diagnostic; a path whose first segment names
//! no type gets such a terminal on `Client` itself.

pub mod kind;

pub use kind::{is_function_page, kind, patch_target, patched_types, OpKind};

use crate::diagnostics::{Diagnostic, Diagnostics, Kind};
use crate::ir::{
    Edm, HttpMethod, HttpPath, Ir, Operation, PathSegment, RequestBody, ResponseBody, TypeKind,
    TypeRef, Via,
};
use crate::naming;
use std::collections::{BTreeMap, BTreeSet};

/// A navigation builder: a type, and whether it addresses a collection of it or one item.
pub type BuilderKey = (String, bool);

/// Where a method lives: `None` is `Client`, otherwise a builder.
pub type On = Option<BuilderKey>;

/// What a navigation method does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NavKind {
    /// A first segment, on `Client`: a singleton or entity set.
    Root,
    /// A relationship (or structural property, or inferred segment) of the type.
    Relationship,
    /// `{key}`: one item of a collection (`by_id`).
    Key,
    /// `microsoft.graph.T`: a cast to a derived type.
    Cast,
}

/// A method that returns another builder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NavMethod {
    /// Its Rust name.
    pub name: String,
    /// What it does.
    pub kind: NavKind,
    /// The segment it appends as written (empty for a key).
    pub segment: String,
    /// The builder it returns.
    pub target: BuilderKey,
    /// For a key: the type it takes when that is not text ([`path_param`]); `None` for
    /// `&str` and for every other kind.
    pub param: Option<TypeRef>,
}

/// What the end of a path is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TailKind {
    /// Nothing is left: the request acts on the builder itself (`get`, `list`, `create`,
    /// `update`, `put`, `delete`, `post`).
    Crud,
    /// A bound action or function.
    Operation,
    /// `$count`, `$value` or `$ref`.
    Special,
    /// Segments that could not be navigated, appended as written.
    Fallback,
}

/// A method that returns a `crate::Request`: the last call of a navigation chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Terminal {
    /// Its Rust name.
    pub name: String,
    /// The HTTP method.
    pub http: HttpMethod,
    /// The operation whose types it takes and returns (the first of `documented` that
    /// prefers the builder's type).
    pub op: usize,
    /// Its path line.
    pub path: usize,
    /// The first segment of that path the terminal appends (the rest are the chain's).
    pub start: usize,
    /// What it appends.
    pub kind: TailKind,
    /// Every (operation, path line) that documents this request, in IR order.
    pub documented: Vec<(usize, usize)>,
    /// Whether it is an operation's flat method itself (a first path with no navigable
    /// prefix, on `Client`).
    pub flat: bool,
}

/// The methods of `Client` (roots) or of one builder.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BuilderPlan {
    /// Navigation methods.
    pub methods: Vec<NavMethod>,
    /// Request methods.
    pub terminals: Vec<Terminal>,
    /// The paths documented through this builder: (operation, path line), IR order.
    pub documented: Vec<(usize, usize)>,
    /// When every page documented through this builder asks for the same permissions: the
    /// first of those operations. The builder's docs then state them once, and its request
    /// methods refer to them.
    pub permissions: Option<usize>,
}

/// One call of a navigation chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// The builder it is called on (`None`: `Client`).
    pub on: On,
    /// Index into that builder's [`BuilderPlan::methods`].
    pub method: usize,
    /// The path segment it appends.
    pub segment: usize,
}

/// How one path line is produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathPlan {
    /// The navigation calls, in order.
    pub steps: Vec<Step>,
    /// The request method it ends in: the builder and index into its terminals.
    pub terminal: (On, usize),
    /// The OpenAPI operationId: the chain (`zoo.animals.byId.feed`), unique.
    pub operation_id: String,
    /// Whether the whole path is navigated (no fallback).
    pub navigable: bool,
}

/// What the plan says of one operation page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpPlan {
    /// Its kind.
    pub kind: OpKind,
    /// Its workload module (and feature).
    pub workload: String,
    /// Its one name: the flat `Client` method; the parameter struct is `{Name}Parameters`.
    pub name: String,
    /// Per path line.
    pub paths: Vec<PathPlan>,
    /// The Rust name of each of the operation's typed query and header parameters (in
    /// [`Operation::parameters`] order): the argument of a required one, the setter of an
    /// optional one on the request.
    pub params: Vec<String>,
    /// Whether the operation has optional parameters, set on its request (typed by a
    /// marker of the operation in its workload's module, `crate::Request<T, {Name}Query>`).
    pub setters: bool,
}

/// The inherent methods of `crate::Request` (the runtime's): a parameter setter takes
/// none of these names.
pub const REQUEST_METHODS: &[&str] = &[
    "collect_all",
    "count",
    "decoder",
    "erase",
    "expand",
    "fail_with",
    "filter",
    "follow",
    "fmt",
    "header",
    "header_param",
    "into_parts",
    "json_body",
    "mark",
    "method",
    "new",
    "option",
    "orderby",
    "pages",
    "param",
    "query",
    "search",
    "select",
    "send",
    "skip",
    "stream",
    "top",
    "url",
    "with_url",
];

/// The type path placeholder `name` of `path` is taken as, decided once for navigation
/// keys, request methods and the paths test: `None` for text (`&str`: every placeholder of
/// the pages, and strings, uuids, dates, times and durations), else the type the document
/// gives it (an integer, a float, a boolean, an enum or a union: the importer keeps no
/// other), written in the path as its text.
pub fn path_param<'a>(path: &'a HttpPath, name: &str) -> Option<&'a TypeRef> {
    let ty = path.param_types.get(name)?;
    let text = !ty.collection
        && matches!(
            ty.kind,
            TypeKind::Primitive {
                edm: Edm::String | Edm::Guid | Edm::Date | Edm::TimeOfDay | Edm::Duration
            }
        );
    (!text).then_some(ty)
}

/// The names of the `{param}` placeholders of a segment, in order.
pub fn placeholders(seg: &PathSegment) -> Vec<&str> {
    match seg {
        PathSegment::Literal(_) => Vec::new(),
        PathSegment::Param(n) => vec![n.as_str()],
        PathSegment::Mixed(pieces) => pieces
            .iter()
            .filter_map(|piece| match piece {
                crate::ir::Piece::Param(n) => Some(n.as_str()),
                crate::ir::Piece::Text(_) => None,
            })
            .collect(),
    }
}

/// The names of an operation's typed parameters (see [`OpPlan::params`]): the wire
/// name in `snake_case`, unique among them and never the name of a path parameter, `body`
/// or `self`; a setter whose name the runtime's request already has gets `_param`
/// (`query_param`).
pub fn param_names(op: &Operation) -> Vec<String> {
    if op.parameters.is_empty() {
        return Vec::new();
    }
    let mut taken: BTreeSet<String> = ["body", "self"].iter().map(|s| (*s).to_owned()).collect();
    for p in &op.paths {
        for seg in &p.segments {
            taken.extend(placeholders(seg).into_iter().map(naming::field));
        }
    }
    if let Some(RequestBody::Parameters { parameters }) = &op.request_body {
        if kind(op) == OpKind::Function {
            taken.extend(parameters.iter().map(|p| naming::field(&p.name)));
        }
    }
    op.parameters
        .iter()
        .map(|p| {
            let mut name = naming::field(&p.name);
            if !p.required && REQUEST_METHODS.contains(&name.as_str()) {
                name = format!("{}_param", name.trim_end_matches('_'));
            }
            naming::unique(name, &mut taken)
        })
        .collect()
}

/// Per builder, the navigation methods made so far: (builder, kind, segment, target, the
/// key's type, as text) → index into its methods.
type NavKeys = std::collections::HashMap<(On, NavKind, String, BuilderKey, Option<String>), usize>;

/// The plan of a whole crate.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    /// Per operation, in IR order.
    pub ops: Vec<OpPlan>,
    /// `Client` (`None`) and every builder.
    pub builders: BTreeMap<On, BuilderPlan>,
    /// The `unnavigable-path` diagnostics, one per path line that needs a fallback.
    pub diagnostics: Vec<Diagnostic>,
    /// Base type → every type derived from it, directly or not (sorted): the casts a
    /// builder offers and the alternatives of an `Any{T}` enum.
    pub derived: BTreeMap<String, Vec<String>>,
}

/// Base type → every type derived from it, directly or not (sorted, no repeats); a cycle of
/// bases ends the walk.
fn derived_types(ir: &Ir) -> BTreeMap<String, Vec<String>> {
    let by_name: BTreeMap<&str, &crate::ir::TypeDef> =
        ir.types.iter().map(|t| (t.name.as_str(), t)).collect();
    crate::ir::derived_index(&ir.types, |b| by_name.get(b).copied())
        .into_iter()
        .map(|(base, types)| {
            let mut names: Vec<String> = types.iter().map(|t| t.name.clone()).collect();
            names.sort();
            names.dedup();
            (base.to_owned(), names)
        })
        .collect()
}

/// The first operation of `documented` when all of them ask for the same, documented,
/// permissions.
fn shared_permissions(ir: &Ir, documented: &[(usize, usize)]) -> Option<usize> {
    let (first, _) = *documented.first()?;
    let perms = &ir.operations.get(first)?.permissions;
    let same = documented.iter().all(|&(i, _)| {
        ir.operations
            .get(i)
            .is_some_and(|o| &o.permissions == perms)
    });
    (same && !perms.is_empty()).then_some(first)
}

/// Names `Client` and every builder must not give a method: trait and inherent methods
/// they already have.
const RESERVED: &[&str] = &["client", "path"];

impl Plan {
    /// Plans resolved `ir`.
    pub fn new(ir: &Ir) -> Plan {
        let mut plan = Plan {
            derived: derived_types(ir),
            ..Plan::default()
        };
        plan.builders.insert(None, BuilderPlan::default());
        let names = op_names(ir);
        let mut diags = Diagnostics::new();
        // Per builder: dedup keys → method or terminal index.
        // Looked up, never walked: hashed, as their keys are long and share prefixes.
        let mut nav_keys: NavKeys = NavKeys::new();
        let mut term_keys: std::collections::HashMap<(On, HttpMethod, String, String), usize> =
            std::collections::HashMap::new();
        let kinds: Vec<OpKind> = ir.operations.iter().map(kind).collect();
        let collections = Collections::new(ir, &kinds);
        for (i, op) in ir.operations.iter().enumerate() {
            let k = kinds[i];
            let setters = op.parameters.iter().any(|q| !q.required);
            let mut paths = Vec::new();
            for (j, p) in op.paths.iter().enumerate() {
                let (steps, on, start, tail) = plan.walk(p, k, &collections, &mut nav_keys);
                let navigable = tail != TailKind::Fallback;
                if !navigable {
                    let at = p
                        .segments
                        .get(start)
                        .map(PathSegment::text)
                        .unwrap_or_default();
                    let reached = if steps.is_empty() {
                        "`Client`".to_owned()
                    } else {
                        format!(
                            "the builder of `{}`",
                            on.as_ref().map_or("?", |b| b.0.as_str())
                        )
                    };
                    diags.warn(
                        &p.source.file,
                        p.source.line,
                        Kind::UnnavigablePath,
                        format!(
                            "path `{}` cannot be navigated from segment `{at}` on; a request method on {reached} appends the rest as written",
                            p.template
                        ),
                    );
                }
                let flat = on.is_none() && j == 0;
                let tail_text: String = p.segments[start.min(p.segments.len())..]
                    .iter()
                    .map(|s| format!("/{}", s.text()))
                    .collect();
                let mut sig = signature(ir, i, p);
                // Requests whose own placeholders take other types share no method.
                let typed: Vec<String> = p.segments[start.min(p.segments.len())..]
                    .iter()
                    .flat_map(placeholders)
                    .filter_map(|name| Some(format!("{name}:{:?}", path_param(p, name)?)))
                    .collect();
                if !typed.is_empty() {
                    sig.push_str(&format!("|path{typed:?}"));
                }
                // The marker of optional parameters is its operation's workload's: requests
                // of two workloads with such parameters share no method.
                if setters {
                    sig.push('@');
                    sig.push_str(&crate::emit::layout::workload_of(&op.source.file));
                }
                // A flat method of its own, or a fallback on `Client`, is never shared.
                let shared_key = if on.is_none() {
                    format!("{sig}#{i}/{j}")
                } else {
                    sig
                };
                let key = (on.clone(), p.method, tail_text, shared_key);
                let b = plan.builders.entry(on.clone()).or_default();
                b.documented.push((i, j));
                let t = match term_keys.get(&key) {
                    Some(&t) => {
                        b.terminals[t].documented.push((i, j));
                        t
                    }
                    None => {
                        b.terminals.push(Terminal {
                            name: String::new(),
                            http: p.method,
                            op: i,
                            path: j,
                            start,
                            kind: tail,
                            documented: vec![(i, j)],
                            flat,
                        });
                        term_keys.insert(key, b.terminals.len() - 1);
                        b.terminals.len() - 1
                    }
                };
                for s in &steps {
                    if let Some(b) = plan.builders.get_mut(&s.on) {
                        if s.on.is_some() && b.documented.last() != Some(&(i, j)) {
                            b.documented.push((i, j));
                        }
                    }
                }
                paths.push(PathPlan {
                    steps,
                    terminal: (on, t),
                    operation_id: String::new(),
                    navigable,
                });
            }
            plan.ops.push(OpPlan {
                kind: k,
                workload: crate::emit::layout::workload_of(&op.source.file),
                name: names[i].clone(),
                paths,
                params: param_names(op),
                setters,
            });
        }
        plan.add_relationships(ir);
        for b in plan.builders.values_mut() {
            b.permissions = shared_permissions(ir, &b.documented);
        }
        plan.name_methods(ir);
        plan.operation_ids(ir);
        plan.diagnostics = diags.sorted();
        plan
    }

    /// How many path lines need a fallback.
    pub fn unnavigable(&self) -> usize {
        self.diagnostics.len()
    }

    /// The builder of `on` (`None`: `Client`).
    pub fn builder(&self, on: &On) -> Option<&BuilderPlan> {
        self.builders.get(on)
    }

    /// The terminal a path line ends in.
    pub fn terminal(&self, p: &PathPlan) -> Option<&Terminal> {
        self.builders
            .get(&p.terminal.0)?
            .terminals
            .get(p.terminal.1)
    }

    /// The navigation method a step calls.
    pub fn step_method(&self, s: &Step) -> Option<&NavMethod> {
        self.builders.get(&s.on)?.methods.get(s.method)
    }

    /// Gives every item builder of a type one method per relationship of the type and its
    /// bases (the Relationships tables), documented on a path or not, and the builders they
    /// lead to theirs in turn; a collection reached so gets `by_id`.
    fn add_relationships(&mut self, ir: &Ir) {
        let by_name: BTreeMap<&str, &crate::ir::TypeDef> =
            ir.types.iter().map(|t| (t.name.as_str(), t)).collect();
        let mut queue: Vec<String> = self
            .builders
            .keys()
            .flatten()
            .filter(|(t, _)| !is_untyped(t))
            .map(|(t, _)| t.clone())
            .collect();
        queue.sort();
        queue.dedup();
        let mut seen: BTreeSet<String> = queue.iter().cloned().collect();
        // Deterministic: types in name order, then what they lead to in the order found.
        queue.reverse();
        while let Some(ty) = queue.pop() {
            let Some(t) = by_name.get(ty.as_str()) else {
                continue;
            };
            let item: On = Some((ty.clone(), false));
            for owner in t.with_bases(|b| by_name.get(b).copied()) {
                for row in &owner.navigation {
                    let crate::ir::TypeKind::Type { name: target } = &row.ty.kind else {
                        continue;
                    };
                    if !by_name.contains_key(target.as_str()) || !plain(&row.name) {
                        continue;
                    }
                    let b = self.builders.entry(item.clone()).or_default();
                    if b.methods.iter().any(|m| {
                        m.kind == NavKind::Relationship && m.segment.eq_ignore_ascii_case(&row.name)
                    }) {
                        continue;
                    }
                    let to = (target.clone(), row.ty.collection);
                    b.methods.push(NavMethod {
                        name: String::new(),
                        kind: NavKind::Relationship,
                        segment: row.name.clone(),
                        target: to.clone(),
                        param: None,
                    });
                    let tb = self.builders.entry(Some(to.clone())).or_default();
                    if to.1 && !tb.methods.iter().any(|m| m.kind == NavKind::Key) {
                        tb.methods.push(NavMethod {
                            name: String::new(),
                            kind: NavKind::Key,
                            segment: String::new(),
                            target: (target.clone(), false),
                            param: None,
                        });
                    }
                    self.builders
                        .entry(Some((target.clone(), false)))
                        .or_default();
                    if seen.insert(target.clone()) {
                        queue.insert(0, target.clone());
                    }
                }
            }
        }
    }

    /// Reads one path into steps; returns them, the builder the terminal goes on, the
    /// first segment left for it, and what that tail is. A segment is a collection where
    /// any path makes it one (see [`Collections`]).
    fn walk(
        &mut self,
        p: &HttpPath,
        k: OpKind,
        collections: &Collections,
        keys: &mut NavKeys,
    ) -> (Vec<Step>, On, usize, TailKind) {
        let mut steps = Vec::new();
        let mut cur: On = None;
        let n = p.segments.len();
        let mut i = 0;
        while i < n {
            let (Some(seg), Some(a)) = (p.segments.get(i), p.addressed.get(i)) else {
                break;
            };
            let literal = match seg {
                PathSegment::Literal(l) => Some(l.as_str()),
                _ => None,
            };
            let keyed = matches!(p.segments.get(i + 1), Some(PathSegment::Param(_)))
                || literal.is_some_and(|l| collections.untyped.contains(l));
            // A typed segment: a collection where resolve read one on any path.
            let collection = a.collection
                || match (&a.ty, literal) {
                    (Some(ty), Some(l)) => {
                        collections
                            .typed
                            .contains(&(a.owner.clone(), l.to_owned(), ty.clone()))
                    }
                    _ => false,
                };
            let step = match (&cur, a.via, &a.ty, literal) {
                (None, Via::Root, Some(ty), Some(l)) if i == 0 => {
                    Some((NavKind::Root, l.to_owned(), (ty.clone(), collection)))
                }
                (None, Via::Root, None, Some(l)) if i == 0 && plain(l) => {
                    Some((NavKind::Root, l.to_owned(), (untyped(l), keyed)))
                }
                // Resolve stops reading a path at a key of something it could not type;
                // an untyped collection still has items.
                (Some((cur_ty, true)), Via::Key | Via::Unknown, ty, None)
                    if matches!(seg, PathSegment::Param(_)) =>
                {
                    let ty = ty.clone().unwrap_or_else(|| cur_ty.clone());
                    Some((NavKind::Key, String::new(), (ty, false)))
                }
                (
                    Some(_),
                    Via::Relationship | Via::DerivedRelationship | Via::Property | Via::Inferred,
                    Some(ty),
                    Some(l),
                ) if !(i + 1 == n && k.is_bound()) => Some((
                    NavKind::Relationship,
                    l.to_owned(),
                    (ty.clone(), collection),
                )),
                (
                    Some(_),
                    Via::Relationship
                    | Via::DerivedRelationship
                    | Via::Property
                    | Via::Inferred
                    | Via::Unknown,
                    None,
                    Some(l),
                ) if plain(l)
                    && !(i + 1 == n && (k.is_bound() || collections.bound.contains(l))) =>
                {
                    Some((NavKind::Relationship, l.to_owned(), (untyped(l), keyed)))
                }
                (Some(_), Via::Cast, Some(ty), Some(l)) => {
                    Some((NavKind::Cast, l.to_owned(), (ty.clone(), a.collection)))
                }
                _ => None,
            };
            let Some((nk, segment, target)) = step else {
                break;
            };
            let param = match seg {
                PathSegment::Param(name) if nk == NavKind::Key => path_param(p, name).cloned(),
                _ => None,
            };
            let key = (
                cur.clone(),
                nk,
                segment.clone(),
                target.clone(),
                param.as_ref().map(|t| format!("{t:?}")),
            );
            let b = self.builders.entry(cur.clone()).or_default();
            let m = match keys.get(&key) {
                Some(&m) => m,
                None => {
                    b.methods.push(NavMethod {
                        name: String::new(),
                        kind: nk,
                        segment,
                        target: target.clone(),
                        param,
                    });
                    keys.insert(key, b.methods.len() - 1);
                    b.methods.len() - 1
                }
            };
            steps.push(Step {
                on: cur.clone(),
                method: m,
                segment: i,
            });
            self.builders.entry(Some(target.clone())).or_default();
            cur = Some(target);
            i += 1;
        }
        let tail = match (&cur, n - i, p.addressed.get(i).map(|a| a.via)) {
            (None, _, _) => TailKind::Fallback,
            (Some(_), 0, _) => TailKind::Crud,
            (Some(_), 1, Some(Via::Operation)) => TailKind::Operation,
            (Some(_), 1, _)
                if p.segments[i].name().is_some_and(|l| {
                    k.is_bound() || (p.addressed[i].ty.is_none() && collections.bound.contains(l))
                }) =>
            {
                TailKind::Operation
            }
            (Some(_), 1, Some(Via::Special)) if matches!(&p.segments[i], PathSegment::Literal(l) if ["$count", "$value", "$ref"].contains(&l.as_str())) => {
                TailKind::Special
            }
            _ => TailKind::Fallback,
        };
        (steps, cur, i, tail)
    }

    /// Gives every method of `Client` and of every builder a unique name.
    fn name_methods(&mut self, ir: &Ir) {
        let ops = &self.ops;
        // The flat methods that delegate are `Client` methods too: roots give way to them.
        let delegating: Vec<String> = ops
            .iter()
            .filter(|o| o.paths.first().is_some_and(|p| p.terminal.0.is_some()))
            .map(|o| o.name.clone())
            .collect();
        for (on, b) in self.builders.iter_mut() {
            let mut taken: BTreeSet<String> = RESERVED.iter().map(|s| (*s).to_owned()).collect();
            taken.extend(naming::CLIENT_METHODS.iter().map(|s| (*s).to_owned()));
            if on.is_none() {
                taken.extend(delegating.iter().cloned());
            }
            // (group, wanted, index, is terminal)
            let mut wants: Vec<(u8, String, usize, bool)> = Vec::new();
            // A builder whose keys take several types (`/disks/{disk_name}` a string,
            // `/v1/disks/{disk}` a `NameOrId`): the text one is `by_id`, each other one is
            // named after its type (`by_name_or_id`).
            let keys = b.methods.iter().filter(|m| m.kind == NavKind::Key).count();
            for (m, nav) in b.methods.iter().enumerate() {
                let (g, w) = match (nav.kind, &nav.param) {
                    (NavKind::Root | NavKind::Relationship, _) => (1, naming::snake(&nav.segment)),
                    (NavKind::Key, Some(ty)) if keys > 1 => {
                        (2, format!("by_{}", key_type_name(ty)))
                    }
                    (NavKind::Key, _) => (2, "by_id".to_owned()),
                    (NavKind::Cast, _) => (
                        3,
                        format!(
                            "as_{}",
                            naming::snake(nav.target.0.rsplit('.').next().unwrap_or_default())
                        ),
                    ),
                };
                wants.push((g, w, m, false));
            }
            // Terminals that differ only in their types: the one of the builder's own type
            // keeps the plain name, the others are named after their subject.
            let mut groups: BTreeMap<(HttpMethod, String), Vec<usize>> = BTreeMap::new();
            for (t, term) in b.terminals.iter().enumerate() {
                let Some(p) = ir
                    .operations
                    .get(term.op)
                    .and_then(|o| o.paths.get(term.path))
                else {
                    continue;
                };
                let tail: String = p.segments[term.start.min(p.segments.len())..]
                    .iter()
                    .map(PathSegment::text)
                    .collect();
                groups.entry((term.http, tail)).or_default().push(t);
            }
            let own = on.as_ref().map(|o| o.0.as_str());
            for (_, mut members) in groups {
                // The plain name goes to an operation of the builder's own type, then to a
                // bound action or function over a page that only ends in its segment.
                members.sort_by_key(|&t| {
                    let term = &b.terminals[t];
                    let op = &ir.operations[term.op];
                    let bound = ops.get(term.op).is_some_and(|o| o.kind.is_bound());
                    (
                        !own.is_some_and(|o| subjects(op).contains(&o)),
                        !bound,
                        term.op,
                    )
                });
                for (rank, &t) in members.iter().enumerate() {
                    let term = &b.terminals[t];
                    let op = &ir.operations[term.op];
                    let p = &op.paths[term.path];
                    let op_name = ops.get(term.op).map(|o| o.name.clone()).unwrap_or_default();
                    let (g, base) = match term.kind {
                        _ if term.flat => (0, op_name.clone()),
                        TailKind::Crud => (
                            0,
                            crud_name(term.http, on.as_ref().is_some_and(|o| o.1)).to_owned(),
                        ),
                        TailKind::Special => {
                            (0, special_name(term.http, &p.segments[term.start].text()))
                        }
                        TailKind::Operation => {
                            let seg = &p.segments[term.start];
                            let n = seg.call_name().or(seg.name()).unwrap_or("operation");
                            (
                                4,
                                naming::snake(n.strip_prefix("microsoft.graph.").unwrap_or(n)),
                            )
                        }
                        TailKind::Fallback if on.is_none() => {
                            (5, format!("{op_name}_path{}", term.path + 1))
                        }
                        TailKind::Fallback => (5, op_name.clone()),
                    };
                    let wanted = if rank == 0 || term.flat || term.kind == TailKind::Fallback {
                        base
                    } else {
                        match subjects(op).first() {
                            Some(s) => format!(
                                "{}_{}",
                                base.trim_end_matches('_'),
                                naming::snake(s.rsplit('.').next().unwrap_or(s))
                            ),
                            None => format!("{}_{}", base.trim_end_matches('_'), op_name),
                        }
                    };
                    wants.push((g, wanted, t, true));
                }
            }
            wants.sort();
            for (_, wanted, idx, terminal) in wants {
                let name = naming::unique(wanted, &mut taken);
                if terminal {
                    b.terminals[idx].name = name;
                } else {
                    b.methods[idx].name = name;
                }
            }
        }
    }

    /// The operationIds: the navigation chain, each call by its segment (`byId` for a key,
    /// `as{Type}` for a cast) and the terminal by its name in lower camel case.
    fn operation_ids(&mut self, ir: &Ir) {
        let mut taken = BTreeSet::new();
        let mut next = std::collections::HashMap::new();
        // The same few names (`get`, `byId` keys, casts) come back on every path.
        let mut camel: std::collections::HashMap<String, String> = std::collections::HashMap::new();
        let mut camel_of = |s: &str| -> String {
            if let Some(c) = camel.get(s) {
                return c.clone();
            }
            let c = lower_camel(s);
            camel.insert(s.to_owned(), c.clone());
            c
        };
        let mut ids: Vec<Vec<String>> = Vec::new();
        for (i, op) in self.ops.iter().enumerate() {
            let mut per = Vec::new();
            for (j, p) in op.paths.iter().enumerate() {
                let mut parts: Vec<String> = p
                    .steps
                    .iter()
                    .filter_map(|s| {
                        let m = self.step_method(s)?;
                        Some(match m.kind {
                            NavKind::Key if m.param.is_some() => camel_of(&m.name),
                            NavKind::Key => "byId".to_owned(),
                            NavKind::Cast => camel_of(&m.name),
                            _ => m.segment.clone(),
                        })
                    })
                    .collect();
                let term = self.terminal(p).map_or("", |t| t.name.as_str());
                if parts.is_empty() && j == 0 {
                    parts.push(camel_of(&op.name));
                } else {
                    parts.push(camel_of(term));
                }
                let _ = (i, ir);
                per.push(naming::unique_repeated(
                    parts.join("."),
                    &mut taken,
                    &mut next,
                ));
            }
            ids.push(per);
        }
        for (op, per) in self.ops.iter_mut().zip(ids) {
            for (p, id) in op.paths.iter_mut().zip(per) {
                p.operation_id = id;
            }
        }
    }
}

/// The part of a typed key's method name after `by_`: its type's name in `snake_case`
/// (`name_or_id`, `disk_metric_name`, `int64`).
fn key_type_name(ty: &TypeRef) -> String {
    let name = match &ty.kind {
        TypeKind::Primitive { edm } => edm.name(),
        TypeKind::Type { name } | TypeKind::Enum { name } => {
            name.rsplit('.').next().unwrap_or(name)
        }
        _ => "value",
    };
    naming::snake(name).trim_end_matches('_').to_owned()
}

/// What the walk of one path learns from all of them: the segments some path makes a
/// collection, so that each is one collection builder, which also holds what the paths
/// that use it as one item do (`GET /me/events` is its `list`), never an item builder
/// beside it under a second name (`events2`); and the names bound operations end in.
#[derive(Debug, Default)]
struct Collections {
    /// Segments no page types that some path selects a key of (`/me/events/{id}`). Their
    /// builder is shared by name (see [`untyped`]).
    untyped: BTreeSet<String>,
    /// Typed segments that resolve reads as a collection on some path: (owner, segment,
    /// type), the owner `None` for a root.
    typed: BTreeSet<(Option<String>, String, String)>,
    /// The names bound actions and functions end in (`reply`, `delta`): where a page that
    /// is not read as one ends in such a segment no page types, it is that operation too,
    /// not a relationship named like it.
    bound: BTreeSet<String>,
}

impl Collections {
    fn new(ir: &Ir, kinds: &[OpKind]) -> Collections {
        let mut out = Collections::default();
        for (op, k) in ir.operations.iter().zip(kinds) {
            if !k.is_bound() {
                continue;
            }
            for p in &op.paths {
                let Some(last) = p.segments.last() else {
                    continue;
                };
                // A call with a bare argument (`borders({sideIndex})`) is a key in OData's
                // parentheses as likely as a function: its name is no operation's.
                let text = last.text();
                let args = text
                    .split_once('(')
                    .map_or("", |(_, a)| a.trim_end_matches(')'));
                if !args.is_empty() && !args.contains('=') {
                    continue;
                }
                if let Some(name) = last.call_name().or_else(|| last.name()) {
                    if plain(name) && !out.bound.contains(name) {
                        out.bound.insert(name.to_owned());
                    }
                }
            }
        }
        for p in ir.operations.iter().flat_map(|op| &op.paths) {
            for (i, (seg, a)) in p.segments.iter().zip(&p.addressed).enumerate() {
                let PathSegment::Literal(l) = seg else {
                    continue;
                };
                match &a.ty {
                    // (Looked up before it is cloned: most are there already.)
                    None if plain(l)
                        && matches!(p.segments.get(i + 1), Some(PathSegment::Param(_)))
                        && !out.untyped.contains(l) =>
                    {
                        out.untyped.insert(l.clone());
                    }
                    Some(ty) if a.collection && a.via != Via::Cast => {
                        out.typed.insert((a.owner.clone(), l.clone(), ty.clone()));
                    }
                    _ => {}
                }
            }
        }
        out
    }
}

/// Whether a segment can be a navigation method of an untyped builder: a plain name
/// (no cast, call, colon addressing or `$` segment).
fn plain(l: &str) -> bool {
    l.starts_with(|c: char| c.is_ascii_alphabetic())
        && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The builder key of a segment whose type no page gives (`/me`, `.../outlook`): `~` and
/// the segment, a name no type has. Its builder is untyped (a path holder like the others)
/// and shared by every path through a segment of that name.
pub fn untyped(segment: &str) -> String {
    format!("~{segment}")
}

/// Whether a builder key names no type (see [`untyped`]).
pub fn is_untyped(name: &str) -> bool {
    name.starts_with('~')
}

/// `snake_case` → `lowerCamelCase` for operationIds (`by_id` → `byId`).
fn lower_camel(s: &str) -> String {
    let camel = naming::camel(s);
    let mut chars = camel.chars();
    match chars.next() {
        Some(c) => c.to_ascii_lowercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// The request method of a builder for a request with nothing after the chain.
pub fn crud_name(http: HttpMethod, collection: bool) -> &'static str {
    match (http, collection) {
        (HttpMethod::Get, true) => "list",
        (HttpMethod::Get, false) => "get",
        (HttpMethod::Post, true) => "create",
        (HttpMethod::Post, false) => "post",
        (HttpMethod::Patch, _) => "update",
        (HttpMethod::Put, _) => "put",
        (HttpMethod::Delete, _) => "delete",
    }
}

/// The request method for `$count`, `$value` or `$ref`: `count()` and `value()` for a
/// GET, otherwise the verb and the segment (`put_value`, `get_ref`, `create_ref`,
/// `delete_ref`).
pub fn special_name(http: HttpMethod, segment: &str) -> String {
    let s = segment.trim_start_matches('$');
    match (http, s) {
        (HttpMethod::Get, "count" | "value") => s.to_owned(),
        _ => {
            let verb = match http {
                HttpMethod::Get => "get",
                HttpMethod::Post => "create",
                HttpMethod::Put => "put",
                HttpMethod::Patch => "update",
                HttpMethod::Delete => "delete",
            };
            format!("{verb}_{}", naming::snake(s).trim_end_matches('_'))
        }
    }
}

/// The types an operation takes or returns, body first.
fn subjects(op: &Operation) -> Vec<&str> {
    let mut out = Vec::new();
    if let Some(RequestBody::Type { ty, .. }) = &op.request_body {
        if let crate::ir::TypeKind::Type { name } = &ty.kind {
            out.push(name.as_str());
        }
    }
    if let ResponseBody::Single { ty } | ResponseBody::Collection { ty } = &op.response.body {
        if let crate::ir::TypeKind::Type { name } = &ty.kind {
            out.push(name.as_str());
        }
    }
    out
}

/// What a request takes and returns, as text: two requests on one builder and tail with
/// the same signature are one method (a request with optional parameters also needs the
/// same workload, where their marker is: see `Plan::new`).
fn signature(ir: &Ir, i: usize, p: &HttpPath) -> String {
    let Some(op) = ir.operations.get(i) else {
        return String::new();
    };
    let body = match (&op.request_body, kind(op)) {
        (Some(RequestBody::Parameters { parameters }), OpKind::Function) => format!(
            "fn{:?}",
            parameters
                .iter()
                .map(|p| (&p.name, &p.ty))
                .collect::<Vec<_>>()
        ),
        (_, OpKind::Function) => String::new(),
        (Some(RequestBody::Type { ty, .. }), _) => {
            format!("{ty:?}{}", patch_target(op, p).is_some())
        }
        // Each action page has a parameter struct of its own.
        (Some(RequestBody::Parameters { .. }), _) => format!("params#{i}"),
        (None, _) => String::new(),
    };
    // Requests share a method only when they take the same typed parameters (the method
    // then returns the first one's marker, whose setters are the same).
    let params = if op.parameters.is_empty() {
        String::new()
    } else {
        format!(
            "|params{:?}",
            op.parameters
                .iter()
                .map(|p| (&p.name, p.location, p.required, &p.ty))
                .collect::<Vec<_>>()
        )
    };
    // Each operation with several outcomes answers an enum of its own.
    let outcomes = if op.outcomes.is_empty() {
        String::new()
    } else {
        format!("|outcomes#{i}")
    };
    format!(
        "{body}|{:?}|{:?}|{:?}{params}{outcomes}",
        op.request_media, op.response.body, op.error_body
    )
}

/// The one name of every operation, in IR order: from the page title
/// ("Create userPFXCertificate" → `create_user_pfx_certificate`); pages that share a title
/// get the subject they act on as a suffix (`assign_mobile_apps`,
/// `assign_managed_ios_store_app`); any clash left gets a number.
pub fn op_names(ir: &Ir) -> Vec<String> {
    let mut taken = BTreeSet::new();
    let mut by_title: BTreeMap<String, usize> = BTreeMap::new();
    let titles: Vec<String> = ir
        .operations
        .iter()
        .map(|op| naming::function(&op.title))
        .collect();
    for t in &titles {
        *by_title.entry(t.clone()).or_default() += 1;
    }
    ir.operations
        .iter()
        .zip(titles)
        .map(|(op, title)| {
            let mut base = title;
            if by_title.get(&base).copied().unwrap_or(0) > 1 {
                // The last literal segment before the last one, a type cast read as the
                // type's name.
                let subject = op.paths.first().and_then(|p| {
                    let lits: Vec<&str> = p.segments.iter().filter_map(PathSegment::name).collect();
                    lits.len().checked_sub(2).and_then(|i| lits.get(i)).copied()
                });
                if let Some(subject) = subject {
                    let subject = subject.strip_prefix("microsoft.graph.").unwrap_or(subject);
                    base = format!("{}_{}", base.trim_end_matches('_'), naming::snake(subject));
                }
            }
            naming::unique(base, &mut taken)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Property, Source};
    use std::path::Path;

    fn zoo() -> Ir {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/zoo");
        crate::load(&dir).expect("zoo").0
    }

    fn op_index(ir: &Ir, title: &str) -> usize {
        ir.operations
            .iter()
            .position(|o| o.title == title)
            .unwrap_or_else(|| panic!("{title}"))
    }

    /// The method names of a path's chain, terminal last.
    fn chain(plan: &Plan, i: usize, j: usize) -> Vec<String> {
        let p = &plan.ops[i].paths[j];
        let mut out: Vec<String> = p
            .steps
            .iter()
            .map(|s| plan.step_method(s).expect("method").name.clone())
            .collect();
        out.push(plan.terminal(p).expect("terminal").name.clone());
        out
    }

    #[test]
    fn kinds_are_read_once_from_the_pages() {
        let ir = zoo();
        let kinds: Vec<(&str, OpKind)> = ir
            .operations
            .iter()
            .map(|o| (o.title.as_str(), kind(o)))
            .collect();
        assert_eq!(
            kinds,
            [
                ("Get enclosure", OpKind::Get),
                ("Get kennel", OpKind::Get),
                ("List animals", OpKind::List),
                ("Update animal", OpKind::Update),
                ("countByKind function", OpKind::Function),
                ("exportRecords action", OpKind::Action),
                ("feed action", OpKind::Action),
            ]
        );
    }

    #[test]
    fn every_zoo_path_is_a_navigation_chain() {
        let ir = zoo();
        let plan = Plan::new(&ir);
        assert_eq!(plan.unnavigable(), 0, "{:?}", plan.diagnostics);
        let kennel = op_index(&ir, "Get kennel");
        assert_eq!(
            chain(&plan, kennel, 0),
            ["zoo", "animals", "by_id", "kennel", "get"]
        );
        assert_eq!(
            chain(&plan, kennel, 1),
            ["zoo", "animals", "by_id", "as_dog", "kennel", "get"]
        );
        let feed = op_index(&ir, "feed action");
        assert_eq!(chain(&plan, feed, 0), ["zoo", "animals", "by_id", "feed"]);
        let count = op_index(&ir, "countByKind function");
        assert_eq!(chain(&plan, count, 0), ["zoo", "animals", "count_by_kind"]);
        let list = op_index(&ir, "List animals");
        assert_eq!(
            chain(&plan, list, 1),
            ["zoo", "enclosures", "by_id", "residents", "list"]
        );
        assert_eq!(plan.ops[feed].name, "feed");
        assert_eq!(
            plan.ops[feed].paths[0].operation_id,
            "zoo.animals.byId.feed"
        );
        assert_eq!(
            plan.ops[kennel].paths[1].operation_id,
            "zoo.animals.byId.asDog.kennel.get"
        );
    }

    #[test]
    fn one_request_documented_by_two_pages_is_one_method_listing_both() {
        let ir = zoo();
        let plan = Plan::new(&ir);
        let b = plan
            .builder(&Some(("enclosure".to_owned(), false)))
            .expect("enclosure item");
        let gets: Vec<&Terminal> = b.terminals.iter().filter(|t| t.name == "get").collect();
        assert_eq!(gets.len(), 1);
        // `Get enclosure` comes first in IR order and returns the builder's type.
        assert_eq!(ir.operations[gets[0].op].title, "Get enclosure");
        assert_eq!(gets[0].documented.len(), 3);
        // Both paths of `List animals` end in one `list` of the animal collection.
        let animals = plan
            .builder(&Some(("animal".to_owned(), true)))
            .expect("animal collection");
        let lists: Vec<&Terminal> = animals
            .terminals
            .iter()
            .filter(|t| t.name == "list")
            .collect();
        assert_eq!(lists.len(), 1);
        assert_eq!(lists[0].documented.len(), 2);
    }

    #[test]
    fn method_names_are_unique_per_builder_and_operation_ids_overall() {
        let mut ir = zoo();
        // A relationship called `update` on a type that also answers PATCH, and a path
        // segment no page explains.
        let animal = ir
            .types
            .iter_mut()
            .find(|t| t.name == "animal")
            .expect("animal");
        let mut row = animal.navigation.first().cloned().unwrap_or(Property {
            name: String::new(),
            ty: TypeRef {
                kind: TypeKind::Type {
                    name: "enclosure".into(),
                },
                collection: false,
            },
            description: String::new(),
            inherited_from: None,
            possible_values: Vec::new(),
            keywords: Default::default(),
            source: Source {
                file: "x.md".into(),
                line: 1,
            },
        });
        row.name = "update".into();
        row.ty = TypeRef {
            kind: TypeKind::Type {
                name: "enclosure".into(),
            },
            collection: false,
        };
        animal.navigation.push(row);
        let kennel = op_index(&ir, "Get kennel");
        let mut extra = ir.operations[kennel].paths[0].clone();
        extra.template = "/zoo/animals/{animalId}/update".into();
        extra.segments[3] = PathSegment::Literal("update".into());
        ir.operations[kennel].paths.push(extra.clone());
        extra.template = "/zoo/animals/{animalId}/root:/{path}:/content".into();
        extra.segments[3] = PathSegment::Mixed(vec![
            crate::ir::Piece::Text("root:/".into()),
            crate::ir::Piece::Param("path".into()),
            crate::ir::Piece::Text(":".into()),
        ]);
        extra.segments.push(PathSegment::Literal("content".into()));
        ir.operations[kennel].paths.push(extra);
        crate::resolve::paths::address(&mut ir, &mut Diagnostics::new());
        let plan = Plan::new(&ir);

        for (on, b) in &plan.builders {
            let mut names: Vec<&str> = b.methods.iter().map(|m| m.name.as_str()).collect();
            names.extend(b.terminals.iter().map(|t| t.name.as_str()));
            let n = names.len();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), n, "{on:?}: {names:?}");
        }
        // The request (`update`, PATCH) keeps its name; the relationship gives way.
        assert_eq!(
            chain(&plan, kennel, 2),
            ["zoo", "animals", "by_id", "update2", "get"]
        );
        // What cannot be navigated is navigated as far as it can, then written out.
        assert_eq!(plan.unnavigable(), 1, "{:?}", plan.diagnostics);
        assert_eq!(plan.diagnostics[0].kind, Kind::UnnavigablePath);
        assert_eq!(
            chain(&plan, kennel, 3),
            ["zoo", "animals", "by_id", "get_kennel"]
        );
        let ids: BTreeSet<&str> = plan
            .ops
            .iter()
            .flat_map(|o| &o.paths)
            .map(|p| p.operation_id.as_str())
            .collect();
        let paths: usize = ir.operations.iter().map(|o| o.paths.len()).sum();
        assert_eq!(ids.len(), paths);
    }

    #[test]
    fn a_segment_no_page_types_gets_an_untyped_builder() {
        // specs/ has no `deviceManagement` page: its root is untyped, the rest typed.
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
        let ir = crate::load(&dir).expect("specs").0;
        let plan = Plan::new(&ir);
        assert_eq!(plan.unnavigable(), 0, "{:?}", plan.diagnostics);
        let get = op_index(&ir, "Get userPFXCertificate");
        assert_eq!(
            chain(&plan, get, 0),
            ["device_management", "user_pfx_certificates", "by_id", "get"]
        );
        let root = &plan.ops[get].paths[0].steps[0];
        let m = plan.step_method(root).expect("root");
        assert_eq!(m.target, (untyped("deviceManagement"), false));
        assert!(is_untyped(&m.target.0));
        assert_eq!(
            plan.ops[get].paths[0].operation_id,
            "deviceManagement.userPfxCertificates.byId.get"
        );
    }

    #[test]
    fn a_segment_no_page_types_is_one_collection_where_any_path_selects_a_key() {
        // `/things` is listed on one path and keyed on another, and untyped on both.
        let doc = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /things:
    get:
      operationId: thing_list
      responses: {"200": {description: ok, content: {application/json: {schema: {type: array, items: {type: string}}}}}}
  /things/{id}/parts:
    get:
      operationId: thing_parts
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: ok, content: {application/json: {schema: {type: string}}}}}
  /tools:
    get:
      operationId: tool_view
      responses: {"200": {description: ok, content: {application/json: {schema: {type: string}}}}}
"#;
        let mut diags = Diagnostics::new();
        let ir = crate::openapi::import::import(doc, "doc.yaml", &mut diags).expect("doc");
        let plan = Plan::new(&ir);
        assert_eq!(plan.unnavigable(), 0, "{:?}", plan.diagnostics);
        // One `things` method on `Client`, to the collection: the list is its terminal.
        let client = plan.builder(&None).expect("client");
        let things: Vec<&NavMethod> = client
            .methods
            .iter()
            .filter(|m| m.segment == "things")
            .collect();
        assert_eq!(things.len(), 1, "{things:?}");
        assert_eq!(things[0].target, (untyped("things"), true));
        let list = op_index(&ir, "thing_list");
        assert_eq!(chain(&plan, list, 0), ["things", "list"]);
        let parts = op_index(&ir, "thing_parts");
        assert_eq!(chain(&plan, parts, 0), ["things", "by_id", "parts", "get"]);
        // A segment no path keys stays an item.
        let view = op_index(&ir, "tool_view");
        assert_eq!(chain(&plan, view, 0), ["tools", "get"]);
        let tools = client
            .methods
            .iter()
            .find(|m| m.segment == "tools")
            .expect("tools");
        assert_eq!(tools.target, (untyped("tools"), false));
    }

    #[test]
    fn a_page_that_ends_in_a_bound_operations_name_is_that_operation() {
        // `post: reply` is an action; another page ends in a `reply` segment under `notes`
        // without saying so. Both are operations named `reply`, never a `reply` step.
        let dir = std::env::temp_dir().join(format!("graphgen-bound-{}", std::process::id()));
        let api = dir.join("api");
        std::fs::create_dir_all(&api).expect("mkdir");
        let page = |title: &str, line: &str| {
            format!("# {title}\n\n## HTTP request\n```http\n{line}\n```\n\n## Request body\nIn the request body, provide a JSON object with the following parameters.\n\n| Parameter | Type | Description |\n|:--|:--|:--|\n|comment|String|The text.|\n\n## Response\n\nIf successful, this method returns `202 Accepted` response code. It does not return anything in the response body.\n")
        };
        let write = |name: &str, text: String| std::fs::write(api.join(name), text).expect("write");
        write(
            "post-reply.md",
            page("post: reply", "POST /groups/{id}/posts/{id}/reply"),
        );
        write(
            "note-answer.md",
            page("Answer a note", "POST /groups/{id}/notes/{id}/reply"),
        );
        write(
            "post-send.md",
            page("Send a post", "POST /groups/{id}/posts/{id}/send"),
        );
        let ir = crate::load(&dir).expect("pages").0;
        std::fs::remove_dir_all(&dir).expect("rm");
        let plan = Plan::new(&ir);
        let reply = op_index(&ir, "post: reply");
        assert_eq!(plan.ops[reply].kind, OpKind::Action);
        assert_eq!(
            chain(&plan, reply, 0),
            ["groups", "by_id", "posts", "by_id", "reply"]
        );
        let answer = op_index(&ir, "Answer a note");
        assert_eq!(
            chain(&plan, answer, 0),
            ["groups", "by_id", "notes", "by_id", "reply"]
        );
        // A segment no bound operation ends in stays a step.
        let send = op_index(&ir, "Send a post");
        assert_eq!(
            chain(&plan, send, 0).len(),
            6,
            "{:?}",
            chain(&plan, send, 0)
        );
    }

    #[test]
    fn item_builders_offer_every_relationship_their_type_pages_list() {
        let mut ir = zoo();
        let enclosure = ir
            .types
            .iter_mut()
            .find(|t| t.name == "enclosure")
            .expect("enclosure");
        let mut row = enclosure.properties[0].clone();
        row.name = "keepers".into();
        row.ty = TypeRef {
            kind: TypeKind::Type {
                name: "animal".into(),
            },
            collection: true,
        };
        enclosure.navigation.push(row);
        let plan = Plan::new(&ir);
        let item = plan
            .builder(&Some(("enclosure".to_owned(), false)))
            .expect("enclosure item");
        let keepers = item
            .methods
            .iter()
            .find(|m| m.segment == "keepers")
            .expect("an undocumented relationship is offered");
        assert_eq!(keepers.name, "keepers");
        assert_eq!(keepers.target, ("animal".to_owned(), true));
        // A relationship a path documents is not offered twice.
        assert_eq!(
            item.methods
                .iter()
                .filter(|m| m.segment == "residents")
                .count(),
            1
        );
    }

    #[test]
    fn a_root_gives_way_to_a_flat_method_of_the_same_name() {
        let mut ir = zoo();
        let feed = op_index(&ir, "feed action");
        ir.operations[feed].title = "zoo action".into();
        let plan = Plan::new(&ir);
        assert_eq!(plan.ops[feed].name, "zoo");
        assert_eq!(chain(&plan, feed, 0), ["zoo2", "animals", "by_id", "feed"]);
    }

    #[test]
    fn keys_of_several_types_are_methods_of_their_own() {
        let doc = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /disks/{disk_name}:
    get:
      operationId: by_name
      parameters:
        - {name: disk_name, in: path, required: true, schema: {type: string, format: uuid}}
      responses: {"200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Disk"}}}}}
  /v1/disks/{disk}:
    get:
      operationId: by_either
      parameters:
        - {name: disk, in: path, required: true, schema: {$ref: "#/components/schemas/NameOrId"}}
      responses: {"200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Disk"}}}}}
  /v1/disks/{disk}/metrics/{n}:
    get:
      operationId: metric
      parameters:
        - {name: disk, in: path, required: true, schema: {$ref: "#/components/schemas/NameOrId"}}
        - {name: n, in: path, required: true, schema: {type: integer}}
      responses: {"204": {description: none}}
components:
  schemas:
    Disk: {type: object, properties: {name: {type: string}}}
    NameOrId:
      oneOf:
        - {title: id, type: string, format: uuid}
        - {title: name, type: string}
"##;
        let mut diags = Diagnostics::new();
        let ir = crate::openapi::import::import(doc, "doc.yaml", &mut diags).expect("imported");
        // A uuid is text; a union and an integer are typed.
        let by_name = op_index(&ir, "by_name");
        assert_eq!(
            path_param(&ir.operations[by_name].paths[0], "disk_name"),
            None
        );
        let metric = &ir.operations[op_index(&ir, "metric")].paths[0];
        assert_eq!(
            path_param(metric, "n").map(|t| &t.kind),
            Some(&TypeKind::Primitive { edm: Edm::Int64 })
        );
        let plan = Plan::new(&ir);
        // `/disks` and `/v1/disks` are collections of `Disk`, one builder: the text key
        // is `by_id`, the union's is named after its type.
        let disks = plan
            .builder(&Some(("Disk".to_owned(), true)))
            .expect("the collection of disks");
        let mut keys: Vec<(&str, Option<&TypeKind>)> = disks
            .methods
            .iter()
            .filter(|m| m.kind == NavKind::Key)
            .map(|m| (m.name.as_str(), m.param.as_ref().map(|t| &t.kind)))
            .collect();
        keys.sort_by_key(|k| k.0);
        let union = TypeKind::Type {
            name: "NameOrId".into(),
        };
        assert_eq!(keys, [("by_id", None), ("by_name_or_id", Some(&union))]);
        let either = op_index(&ir, "by_either");
        assert_eq!(chain(&plan, by_name, 0)[1..], ["by_id", "get"]);
        assert_eq!(chain(&plan, either, 0)[2..], ["by_name_or_id", "get"]);
        assert!(plan.ops[either].paths[0]
            .operation_id
            .contains(".byNameOrId."));
    }

    #[test]
    fn special_segments_have_plain_names() {
        assert_eq!(special_name(HttpMethod::Get, "$count"), "count");
        assert_eq!(special_name(HttpMethod::Get, "$value"), "value");
        assert_eq!(special_name(HttpMethod::Put, "$value"), "put_value");
        assert_eq!(special_name(HttpMethod::Get, "$ref"), "get_ref");
        assert_eq!(special_name(HttpMethod::Post, "$ref"), "create_ref");
        assert_eq!(special_name(HttpMethod::Delete, "$ref"), "delete_ref");
        assert_eq!(crud_name(HttpMethod::Get, true), "list");
        assert_eq!(crud_name(HttpMethod::Post, true), "create");
    }
}
