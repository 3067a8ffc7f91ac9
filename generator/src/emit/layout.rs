//! Where every item goes: one module (and cargo feature) per workload, and for each item
//! the set of features that need it, so that enabling one workload compiles exactly the
//! types that workload reaches.
//!
//! A workload is the word after `intune-` in the page's file name
//! (`intune-raimportcerts-userpfxcertificate.md` → `raimportcerts`); pages without that
//! prefix (such as `entity.md`) belong to `common`.

use crate::ir::{Ir, Property, RequestBody, ResponseBody, TypeDef, TypeKind, TypeRef};
use crate::naming;
use std::collections::{BTreeMap, BTreeSet};

/// The workload module of a page.
pub fn workload_of(file: &str) -> String {
    let name = file.rsplit('/').next().unwrap_or(file);
    let w = name
        .strip_prefix("intune-")
        .and_then(|rest| rest.split('-').next())
        .filter(|w| !w.is_empty() && !w.ends_with(".md"))
        .unwrap_or("common");
    naming::snake(w)
}

/// The placement of every item.
#[derive(Debug, Default)]
pub struct Layout {
    /// Type or enum name → its workload.
    pub module_of: BTreeMap<String, String>,
    /// Operation index → its workload.
    pub op_module: Vec<String>,
    /// Type or enum name → the workloads (features) that need it.
    pub features_of: BTreeMap<String, BTreeSet<String>>,
    /// Every workload, with the workloads whose feature must be on for its module to exist.
    pub modules: BTreeMap<String, BTreeSet<String>>,
    /// Base type → every type derived from it, directly or not (sorted).
    pub derived: BTreeMap<String, Vec<String>>,
    /// Base types that are referenced somewhere and have derived types: these get an
    /// `Any*` enum that deserializes by `@odata.type`.
    pub polymorphic: BTreeSet<String>,
    /// The large sets of features items are gated by, each with its internal feature.
    pub groups: super::types::Groups,
}

/// The named types a reference mentions.
pub(super) fn named(ty: &TypeRef) -> Option<&str> {
    match &ty.innermost().kind {
        TypeKind::Type { name } | TypeKind::Enum { name } => Some(name),
        _ => None,
    }
}

/// Every type reference of an operation.
pub fn op_refs(op: &crate::ir::Operation) -> Vec<&TypeRef> {
    let mut out = Vec::new();
    match &op.request_body {
        Some(RequestBody::Type { ty, .. }) => out.push(ty),
        Some(RequestBody::Parameters { parameters }) => {
            out.extend(parameters.iter().map(|p| &p.ty))
        }
        None => {}
    }
    match &op.response.body {
        ResponseBody::Single { ty } | ResponseBody::Collection { ty } => out.push(ty),
        ResponseBody::None => {}
    }
    for o in &op.outcomes {
        if let ResponseBody::Single { ty } | ResponseBody::Collection { ty } = &o.body {
            out.push(ty);
        }
    }
    out.extend(&op.error_body);
    out.extend(op.parameters.iter().map(|p| &p.ty));
    out.extend(op.paths.iter().flat_map(|p| p.param_types.values()));
    out
}

/// A type's properties including its base types' (base first, no repeats). A row some
/// pages give for the `@odata.type` annotation is left out: every struct has that field.
pub fn all_properties<'a>(
    t: &'a TypeDef,
    by_name: &BTreeMap<&str, &'a TypeDef>,
) -> Vec<&'a Property> {
    let chain = t.with_bases(|b| by_name.get(b).copied());
    let mut names = BTreeSet::from(["@odata.type"]);
    let mut out = Vec::new();
    for t in chain.into_iter().rev() {
        for p in t.properties.iter().chain(&t.navigation) {
            if names.insert(p.name.as_str()) {
                out.push(p);
            }
        }
    }
    out
}

impl Layout {
    /// Places every item of resolved `ir`, and the navigation builders `plan` gives.
    pub fn new(ir: &Ir, plan: &crate::plan::Plan) -> Layout {
        let by_name: BTreeMap<&str, &TypeDef> =
            ir.types.iter().map(|t| (t.name.as_str(), t)).collect();
        let mut l = Layout::default();
        for t in &ir.types {
            l.module_of
                .insert(t.name.clone(), workload_of(&t.source.file));
        }
        for e in &ir.enums {
            l.module_of
                .insert(e.name.clone(), workload_of(&e.source.file));
        }
        l.op_module = ir
            .operations
            .iter()
            .map(|o| workload_of(&o.source.file))
            .collect();

        // A builder of a segment no page types (see `plan::untyped`) goes in the module of
        // the first workload whose pages go through it, and is needed by all of them.
        for (on, b) in &plan.builders {
            let Some((name, _)) = on.as_ref().filter(|o| crate::plan::is_untyped(&o.0)) else {
                continue;
            };
            for (i, _) in &b.documented {
                if let Some(w) = l.op_module.get(*i).cloned() {
                    l.module_of.entry(name.clone()).or_insert_with(|| w.clone());
                    l.features_of.entry(name.clone()).or_default().insert(w);
                }
            }
        }
        // Derived types, transitively, as the plan found them.
        l.derived = plan.derived.clone();

        // What each type references directly (its flattened properties).
        let mut edges: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        let mut referenced: BTreeSet<&str> = BTreeSet::new();
        for t in &ir.types {
            let e = edges.entry(t.name.as_str()).or_default();
            let props = all_properties(t, &by_name).into_iter().map(|p| &p.ty);
            for ty in props.chain(t.other_refs()) {
                if let Some(n) = named(ty) {
                    e.insert(n);
                    referenced.insert(n);
                }
            }
        }

        // Roots of each workload: its own items and what its operations use.
        let mut roots: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
        for (name, w) in &l.module_of {
            roots.entry(w.clone()).or_default().insert(name.as_str());
        }
        for (op, w) in ir.operations.iter().zip(&l.op_module) {
            let r = roots.entry(w.clone()).or_default();
            for ty in op_refs(op) {
                if let Some(n) = named(ty) {
                    r.insert(n);
                    referenced.insert(n);
                }
            }
            // The navigation builders its paths go through, so that the workload's flat
            // methods can call them.
            for a in op.paths.iter().flat_map(|p| &p.addressed) {
                if let Some(n) = a.ty.as_deref().filter(|n| by_name.contains_key(n)) {
                    r.insert(n);
                }
            }
        }
        // Every workload's reach, walked over numbered names (the walk visits each type
        // once per workload; numbers keep it off string comparisons).
        let mut number: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        let mut named_as: Vec<&str> = Vec::new();
        for n in edges
            .iter()
            .flat_map(|(k, v)| std::iter::once(*k).chain(v.iter().copied()))
            .chain(roots.values().flatten().copied())
        {
            number.entry(n).or_insert_with(|| {
                named_as.push(n);
                named_as.len() - 1
            });
        }
        let next: Vec<Vec<usize>> = named_as
            .iter()
            .map(|n| {
                edges
                    .get(n)
                    .map(|e| e.iter().filter_map(|m| number.get(m).copied()).collect())
                    .unwrap_or_default()
            })
            .collect();
        let mut reached: Vec<Vec<&str>> = vec![Vec::new(); named_as.len()];
        for (w, start) in &roots {
            let mut stack: Vec<usize> = start
                .iter()
                .filter_map(|n| number.get(n).copied())
                .collect();
            let mut seen = vec![false; named_as.len()];
            while let Some(n) = stack.pop() {
                if std::mem::replace(&mut seen[n], true) {
                    continue;
                }
                reached[n].push(w.as_str());
                stack.extend(next[n].iter().copied());
            }
        }
        for (n, ws) in named_as.iter().zip(reached) {
            if !ws.is_empty() {
                l.features_of
                    .entry((*n).to_owned())
                    .or_default()
                    .extend(ws.into_iter().map(str::to_owned));
            }
        }
        for w in roots.keys() {
            l.modules.entry(w.clone()).or_default().insert(w.clone());
        }
        for (name, feats) in &l.features_of {
            if let Some(m) = l.module_of.get(name) {
                l.modules
                    .entry(m.clone())
                    .or_default()
                    .extend(feats.iter().cloned());
            }
        }
        l.polymorphic = referenced
            .into_iter()
            .filter(|n| l.derived.contains_key(*n))
            .map(str::to_owned)
            .collect();
        l.groups = l.feature_groups(plan);
        l
    }

    /// Every set of at least [`GROUP_MIN`](super::types::GROUP_MIN) features an item can be
    /// gated by (what an item needs, what a module needs, the workloads documenting a
    /// request method), named `_any1`, `_any2`, ... in order.
    fn feature_groups(&self, plan: &crate::plan::Plan) -> super::types::Groups {
        let mut sets: BTreeSet<BTreeSet<String>> = BTreeSet::new();
        for name in self.module_of.keys() {
            sets.insert(self.features(name));
        }
        sets.extend(self.modules.values().cloned());
        for t in plan.builders.values().flat_map(|b| &b.terminals) {
            sets.insert(
                t.documented
                    .iter()
                    .filter_map(|(i, _)| plan.ops.get(*i).map(|o| o.workload.clone()))
                    .collect(),
            );
        }
        sets.into_iter()
            .filter(|s| s.len() >= super::types::GROUP_MIN)
            .enumerate()
            .map(|(k, s)| (s, format!("_any{}", k + 1)))
            .collect()
    }

    /// The `#[cfg]` attribute of `cfg`, a large set written as its group's feature.
    pub fn tokens(&self, cfg: &super::types::Cfg) -> proc_macro2::TokenStream {
        cfg.tokens_in(&self.groups)
    }

    /// When an item that names all of `items` (types, enums, `Any` enums by their base) is
    /// compiled: where each of them is.
    pub fn cfg_naming(&self, items: &[&str]) -> super::types::Cfg {
        items.iter().fold(super::types::Cfg::default(), |c, n| {
            c.and(super::types::Cfg::any(&self.features(n)))
        })
    }

    /// When an item of `module` that names all of `items` is compiled, beyond what its
    /// module's declaration already says: [`Layout::cfg_naming`] [`within`](Layout::within_module) the module.
    pub fn item_cfg(&self, module: &str, items: &[&str]) -> super::types::Cfg {
        self.within_module(module, self.cfg_naming(items))
    }

    /// `cfg` without the clauses the declaration of `module` already implies: the module
    /// is compiled only when one of its features is on, so an item needed by all of them
    /// (the usual case) needs no `#[cfg]` of its own.
    pub fn within_module(&self, module: &str, cfg: super::types::Cfg) -> super::types::Cfg {
        match self.modules.get(module) {
            Some(gate) => cfg.within(gate),
            None => cfg,
        }
    }

    /// The features that need the named item (at least its own workload).
    pub fn features(&self, name: &str) -> BTreeSet<String> {
        let mut f = self.features_of.get(name).cloned().unwrap_or_default();
        if let Some(m) = self.module_of.get(name) {
            f.insert(m.clone());
        }
        f
    }
}

#[cfg(test)]
mod tests {
    use super::workload_of;

    #[test]
    fn workloads_from_file_names() {
        assert_eq!(
            workload_of("resources/intune-raimportcerts-userpfxcertificate.md"),
            "raimportcerts"
        );
        assert_eq!(
            workload_of("api/intune-deviceconfigv2-x-get.md"),
            "deviceconfigv2"
        );
        assert_eq!(workload_of("resources/entity.md"), "common");
        assert_eq!(workload_of("resources/intune-.md"), "common");
    }
}
