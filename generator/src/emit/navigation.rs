//! Navigation builders: one per (type, item or collection) that a documented path
//! addresses, in the type's module. A builder holds the client and the path so far and is
//! `Clone`; its methods are those [`crate::plan`] gave it: navigation (`by_id`, one per
//! relationship, `as_{derived}` casts) returning other builders, and requests (`get`,
//! `list`, `create`, `update`, `delete`, bound actions and functions, `count`, ...)
//! returning `crate::Request`. The first segments are methods of `Client`
//! (`client.device_management()`).

use super::docs::doc;
use super::layout::{op_refs, Layout};
use super::operations::{path_list, terminal_tokens};
use super::types::{describe, Cfg, Names};
use crate::ir::{Ir, RequestBody, TypeKind};
use crate::plan::{BuilderKey, BuilderPlan, NavKind, NavMethod, On, Plan, Terminal};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// `a collection of `T`` or `one `T``, for docs.
fn what(key: &BuilderKey) -> String {
    match (key.0.strip_prefix('~'), key.1) {
        (Some(seg), true) => format!("the `{seg}` collection (untyped: no page gives its type)"),
        (Some(seg), false) => format!("`{seg}` (untyped: no page gives its type)"),
        (None, true) => format!("a collection of `{}`", key.0),
        (None, false) => format!("one `{}`", key.0),
    }
}

/// A navigation method of `Client` (`on` is `None`) or of a builder.
fn nav_tokens(names: &Names, m: &NavMethod) -> TokenStream {
    let f = super::types::ident(&m.name);
    let ret = names.builder_path(&m.target.0, m.target.1);
    let segment = format!("/{}", m.segment);
    // The body is one call of the runtime's `nav::step` or `nav::key`, on `self` (a
    // builder, or `Client` at the root).
    let (text, args, body) = match m.kind {
        NavKind::Key => match &m.param {
            None => (
                format!(
                    "One item of the collection, selected by its key (`{{id}}`): {}.",
                    what(&m.target)
                ),
                quote! { , id: &str },
                quote! { crate::runtime::nav::key(self, id) },
            ),
            // A typed key is written in the path as its text.
            Some(ty) => {
                let (t, by_ref) = super::operations::param_type(ty, names);
                let id = if by_ref {
                    quote! { id }
                } else {
                    quote! { &id }
                };
                (
                    format!(
                        "One item of the collection, selected by its key (`{{id}}`, {} `{}`): {}.",
                        super::operations::article(&describe(ty)),
                        describe(ty),
                        what(&m.target)
                    ),
                    quote! { , id: #t },
                    quote! { crate::runtime::nav::key(self, &crate::runtime::path_text(#id)) },
                )
            }
        },
        NavKind::Cast => (
            format!(
                "The same path cast to `{}` (`{segment}`): {}.",
                m.target.0,
                what(&m.target)
            ),
            TokenStream::new(),
            quote! { crate::runtime::nav::step(self, #segment) },
        ),
        NavKind::Root => (
            format!("`{segment}`: {}.", what(&m.target)),
            TokenStream::new(),
            quote! { crate::runtime::nav::step(self, #segment) },
        ),
        NavKind::Relationship => (
            format!(
                "The `{}` segment (`{segment}`): {}.",
                m.segment,
                what(&m.target)
            ),
            TokenStream::new(),
            quote! { crate::runtime::nav::step(self, #segment) },
        ),
    };
    let docs = doc(&text, "");
    quote! {
        #docs
        pub fn #f(&self #args) -> #ret {
            #body
        }
    }
}

/// When a request method is compiled: when one of the workloads documenting it is on and
/// the types it names exist (and, for an action, its workload's parameter struct).
fn terminal_cfg(ir: &Ir, layout: &Layout, plan: &Plan, on: &On, t: &Terminal) -> Cfg {
    let workloads: BTreeSet<String> = t
        .documented
        .iter()
        .filter_map(|(i, _)| plan.ops.get(*i).map(|o| o.workload.clone()))
        .collect();
    let mut cfg = Cfg::any(&workloads);
    let mut named: Vec<&str> = Vec::new();
    if let Some((ty, _)) = on {
        named.push(ty);
    }
    if let Some(op) = ir.operations.get(t.op) {
        for r in op_refs(op) {
            if let TypeKind::Type { name } | TypeKind::Enum { name } = &r.kind {
                named.push(name);
            }
        }
        let setters = plan.ops.get(t.op).is_some_and(|o| o.setters);
        // The marker, the parameter struct and the outcome enum are the operation's.
        let own = setters || !op.outcomes.is_empty();
        if own || matches!(op.request_body, Some(RequestBody::Parameters { .. })) {
            if let Some(o) = plan.ops.get(t.op) {
                cfg = cfg.and(Cfg::any(&BTreeSet::from([o.workload.clone()])));
            }
        }
    }
    cfg.and(layout.cfg_naming(&named))
}

/// The docs of a builder struct: what it addresses, the paths documented through it and
/// the permissions their pages ask for.
fn builder_doc(ir: &Ir, key: &BuilderKey, b: &BuilderPlan) -> String {
    let mut text = format!(
        "Navigation to {}: holds the client and the path so far; its methods go one segment further or make a request.",
        what(key)
    );
    if b.documented.is_empty() {
        text.push_str(
            "\n\nNo page documents a request through it: it is reached through a relationship a type page lists.",
        );
    } else {
        text.push_str(&format!(
            "\n\nThe pages document these paths through it:\n{}",
            path_list(ir, &b.documented)
        ));
    }
    if let Some(op) = b.permissions.and_then(|i| ir.operations.get(i)) {
        text.push_str(&format!(
            "\n\nPermissions of each of those pages: {}.",
            super::operations::permissions_line(&op.permissions)
        ));
        return text;
    }
    let mut scopes: BTreeSet<&str> = BTreeSet::new();
    for (i, _) in &b.documented {
        if let Some(op) = ir.operations.get(*i) {
            for p in &op.permissions {
                scopes.extend(p.scopes.iter().map(String::as_str));
            }
        }
    }
    if !scopes.is_empty() {
        let all: Vec<&str> = scopes.into_iter().collect();
        let shown: Vec<String> = all.iter().take(16).map(|s| format!("`{s}`")).collect();
        let more = match all.len().saturating_sub(16) {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        text.push_str(&format!(
            "\n\nPermissions those pages ask for: {}{more}.",
            shown.join(", ")
        ));
    }
    text
}

/// Emits the builders of the types in the modules `keep` accepts, their methods, and the
/// `Client` methods that open them, into `items` (one part per builder).
pub fn emit(
    ir: &Ir,
    plan: &Plan,
    layout: &Layout,
    names: &Names,
    items: &mut dyn super::Sink,
    keep: &dyn Fn(&str) -> bool,
) {
    for (on, b) in &plan.builders {
        // Methods grouped by when they are compiled: one `impl` block per condition.
        let mut blocks: BTreeMap<String, (TokenStream, Vec<TokenStream>)> = BTreeMap::new();
        let mut add = |cfg: Cfg, item: TokenStream| {
            let c = layout.tokens(&cfg);
            blocks
                .entry(c.to_string())
                .or_insert_with(|| (c, Vec::new()))
                .1
                .push(item);
        };
        let Some(key) = on else {
            // `Client`: each root goes in the module of the builder it opens.
            for m in &b.methods {
                let target_module = names.builder_module(&m.target.0, m.target.1);
                if !keep(&target_module) {
                    continue;
                }
                let cfg = layout.tokens(&layout.cfg_naming(&[m.target.0.as_str()]));
                let f = nav_tokens(names, m);
                let text = format!(" The root `{}` of the navigation.", m.segment);
                items.put(
                    &target_module,
                    format!("~navigation/~client/{}", m.name),
                    quote! {
                        #cfg
                        #[doc = #text]
                        impl crate::Client { #f }
                    },
                );
            }
            continue;
        };
        let module = names.builder_module(&key.0, key.1);
        if !keep(&module) {
            continue;
        }
        for m in &b.methods {
            // A typed key needs its type too.
            let mut named = vec![key.0.as_str(), m.target.0.as_str()];
            if let Some(TypeKind::Type { name } | TypeKind::Enum { name }) =
                m.param.as_ref().map(|t| &t.kind)
            {
                named.push(name);
            }
            add(layout.cfg_naming(&named), nav_tokens(names, m));
        }
        for t in &b.terminals {
            add(
                terminal_cfg(ir, layout, plan, on, t),
                terminal_tokens(ir, plan, names, on, t),
            );
        }
        let id = names.builder_ident(&key.0, key.1);
        let struct_cfg = layout.tokens(&layout.cfg_naming(&[key.0.as_str()]));
        let docs = doc(&builder_doc(ir, key, b), "");
        let mut tokens = quote! {
            #docs
            #struct_cfg
            #[derive(Clone, Debug)]
            pub struct #id {
                pub(crate) client: crate::Client,
                pub(crate) path: ::std::string::String,
            }

            #struct_cfg
            builder!(#id);
        };
        for (_, (cfg, fns)) in blocks {
            tokens.extend(quote! {
                #cfg
                impl #id {
                    #(#fns)*
                }
            });
        }
        items.put(&module, format!("~navigation/{id}"), tokens);
    }
}

#[cfg(test)]
mod tests {
    use crate::emit::layout::Layout;
    use crate::emit::types::Names;
    use crate::plan::Plan;
    use std::path::Path;

    #[test]
    fn builder_names_never_clash_with_model_names() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/zoo");
        let mut ir = crate::load(&dir).expect("zoo").0;
        // A model whose name is the one the animal item builder wants.
        let mut clash = ir
            .types
            .iter()
            .find(|t| t.name == "enclosure")
            .cloned()
            .expect("enclosure");
        clash.name = "animalItemBuilder".into();
        ir.types.push(clash);
        ir.sort();
        let plan = Plan::new(&ir);
        let layout = Layout::new(&ir, &plan);
        let names = Names::new(&ir, &layout, &crate::plan::patched_types(&ir), &plan);
        assert_eq!(names.ident("animalItemBuilder"), "AnimalItemBuilder");
        assert_eq!(names.builder_ident("animal", false), "AnimalItemBuilder2");
        assert_eq!(
            names.builder_ident("animal", true),
            "AnimalCollectionBuilder"
        );
        assert_eq!(
            names.builder_path("animal", true).to_string(),
            quote::quote! { crate::zoo::AnimalCollectionBuilder }.to_string()
        );
    }

    #[test]
    fn untyped_builders_say_so() {
        assert_eq!(
            super::what(&(crate::plan::untyped("me"), false)),
            "`me` (untyped: no page gives its type)"
        );
        assert_eq!(
            super::what(&("animal".to_owned(), true)),
            "a collection of `animal`"
        );
    }
}
