//! Workloads of a document the export did not write: each operation goes to the workload
//! of its first tag, each type and enum to the workload of the first operation (in the
//! document's order) that reaches it, through its properties and bases; what no tagged
//! operation reaches stays in `common`.
//!
//! The emitter places items by the file name of their source
//! ([`crate::emit::layout::workload_of`]: the word after `intune-`), so a tagged item's
//! source names the tag that way: `nexus.json#/tags/intune-instances`.

use super::Importer;
use crate::emit::layout::{op_refs, workload_of};
use crate::ir::{Ir, Source, TypeKind};
use crate::naming;
use std::collections::{BTreeMap, BTreeSet};

impl Importer<'_> {
    /// The source of an operation with the tag `tag` and no `x-graphgen-source`.
    pub(super) fn tag_source(&self, tag: &str) -> Source {
        let word = naming::snake(tag);
        Source {
            file: format!("{}#/tags/intune-{word}", self.file),
            line: 0,
        }
    }

    /// Whether `s` is the default source (the item had no `x-graphgen-source`).
    fn unplaced(&self, s: &Source) -> bool {
        s.file == self.file && s.line == 0
    }

    /// Moves every type and enum without a source of its own to the workload of the first
    /// tagged operation that reaches it.
    pub(super) fn place_by_tags(&self, ir: &mut Ir) {
        let types: BTreeMap<String, usize> = ir
            .types
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.clone(), i))
            .collect();
        let enums: BTreeMap<String, usize> = ir
            .enums
            .iter()
            .enumerate()
            .map(|(i, e)| (e.name.clone(), i))
            .collect();
        let mut placed: BTreeMap<String, String> = BTreeMap::new();
        for op in &ir.operations {
            if workload_of(&op.source.file) == "common" {
                continue;
            }
            let mut todo: Vec<String> = op_refs(op)
                .into_iter()
                .filter_map(|r| match &r.innermost().kind {
                    TypeKind::Type { name } | TypeKind::Enum { name } => Some(name.clone()),
                    _ => None,
                })
                .collect();
            let mut seen: BTreeSet<String> = BTreeSet::new();
            while let Some(name) = todo.pop() {
                if !seen.insert(name.clone()) {
                    continue;
                }
                placed
                    .entry(name.clone())
                    .or_insert_with(|| op.source.file.clone());
                if let Some(t) = types.get(&name).map(|&i| &ir.types[i]) {
                    todo.extend(t.base.clone());
                    let props = t.properties.iter().chain(&t.navigation).map(|p| &p.ty);
                    for ty in props.chain(t.other_refs()) {
                        if let TypeKind::Type { name } | TypeKind::Enum { name } =
                            &ty.innermost().kind
                        {
                            todo.push(name.clone());
                        }
                    }
                }
            }
        }
        for (name, file) in placed {
            if let Some(t) = types.get(&name).map(|&i| &mut ir.types[i]) {
                if self.unplaced(&t.source) {
                    t.source.file = file;
                }
            } else if let Some(e) = enums.get(&name).map(|&i| &mut ir.enums[i]) {
                if self.unplaced(&e.source) {
                    e.source.file = file;
                }
            }
        }
    }
}
