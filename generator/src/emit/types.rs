//! The type mapper: IR type references → Rust types, and the table of Rust names and
//! module paths for every item the emitter writes.

use super::layout::Layout;
use crate::ir::{Edm, Ir, RequestBody, TypeKind, TypeRef};
use crate::naming;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// What kind of extra item a name is reserved for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Extra {
    /// `Any{T}`: the polymorphic enum of a base type.
    Any,
    /// `{T}Patch`: the three-state update body of a type.
    Patch,
}

/// Names every generated module can see without a path: the std prelude's (types, traits,
/// variants and the derive macros that share their names) and what the crate-private
/// prelude (`crate::runtime::prelude`, imported by `use crate::runtime::prelude::*;` at the
/// top of every generated module) brings. No generated type takes one of these names, so
/// the short paths the emitter writes (`Option<String>`, `Vec<T>`, `BTreeMap`, `Patch<T>`,
/// `edm::Binary`) always mean the std or runtime item, whatever the pages define.
pub const RESERVED: &[&str] = &[
    // The std prelude (2021 edition) and the std macros derived items use.
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Hash",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
    // What `crate::runtime::prelude` brings.
    "BTreeMap",
    "Client",
    "Deserialize",
    "Page",
    "Patch",
    "Request",
    "Serialize",
    "Value",
    // The runtime's names at the crate root, which docs name plainly.
    "Batch",
    "Error",
    "ServiceError",
];

/// The name table, shared by every [`Names`] view.
struct Table {
    /// OData name → (module, Rust name).
    items: BTreeMap<String, (String, String)>,
    extras: BTreeMap<(Extra, String), String>,
    bodies: BTreeMap<usize, (String, String)>,
    /// Operation index → the module and name of its request marker (`{Name}Query`).
    queries: BTreeMap<usize, (String, String)>,
    /// Operation index → the module and name of the enum of its outcomes (`{Name}Outcome`).
    outcomes: BTreeMap<usize, (String, String)>,
    /// Navigation builder (type, collection) → its module (the type's) and Rust name.
    builders: BTreeMap<(String, bool), (String, String)>,
    polymorphic: BTreeSet<String>,
}

/// Rust names and module paths of every emitted item. Names are unique across the whole
/// crate (so any two items can sit in one module and docs can name them plainly) and
/// never one of [`RESERVED`].
///
/// A view is either from inside the crate, at a module ([`Names::at`]: items of that
/// module are named bare, others `crate::module::Name`, std and runtime items through the
/// crate-private prelude), or from outside it ([`Names::from_outside`]: `::name::...` and
/// fully qualified std paths). Views are cheap to make and can be shared by threads.
#[derive(Clone)]
pub struct Names {
    table: std::sync::Arc<Table>,
    /// The crate's identifier when items are reached from outside it (`::name::...`);
    /// `None` inside it (`crate::...`).
    outside: Option<String>,
    /// The module the code is written in (inside the crate), whose items need no path.
    here: Option<String>,
}

impl Names {
    /// Assigns unique names in a fixed order: types, enums, polymorphic enums, patch
    /// structs, parameter structs, request markers (`{Name}Query`) and outcome enums
    /// (`{Name}Outcome`, all three named after the operation's one name in `plan`), then
    /// navigation builders (`{T}ItemBuilder`,
    /// `{T}CollectionBuilder`); each group by name.
    pub fn new(
        ir: &Ir,
        layout: &Layout,
        patched: &BTreeSet<String>,
        plan: &crate::plan::Plan,
    ) -> Names {
        let mut taken: BTreeSet<String> = RESERVED.iter().map(|r| (*r).to_owned()).collect();
        let mut items = BTreeMap::new();
        for n in ir
            .types
            .iter()
            .map(|t| &t.name)
            .chain(ir.enums.iter().map(|e| &e.name))
        {
            if items.contains_key(n) {
                continue;
            }
            let module = layout
                .module_of
                .get(n)
                .cloned()
                .unwrap_or_else(|| "common".into());
            items.insert(
                n.clone(),
                (module, naming::unique(naming::type_name(n), &mut taken)),
            );
        }
        let mut extras = BTreeMap::new();
        for n in &layout.polymorphic {
            let wanted = format!("Any{}", naming::type_name(n));
            extras.insert((Extra::Any, n.clone()), naming::unique(wanted, &mut taken));
        }
        for n in patched {
            let wanted = format!("{}Patch", naming::type_name(n));
            extras.insert(
                (Extra::Patch, n.clone()),
                naming::unique(wanted, &mut taken),
            );
        }
        // The module an operation's own items (parameters, marker, outcomes) go in.
        let op_module = |i: usize| -> String {
            layout
                .op_module
                .get(i)
                .cloned()
                .unwrap_or_else(|| "common".into())
        };
        let mut bodies = BTreeMap::new();
        for (i, op) in ir.operations.iter().enumerate() {
            if let Some(RequestBody::Parameters { .. }) = op.request_body {
                let one = plan.ops.get(i).map(|o| o.name.as_str()).unwrap_or_default();
                let wanted = format!("{}Parameters", naming::camel(one));
                let module = op_module(i);
                bodies.insert(i, (module, naming::unique(wanted, &mut taken)));
            }
        }
        let mut queries = BTreeMap::new();
        for (i, o) in plan.ops.iter().enumerate() {
            if !o.setters {
                continue;
            }
            let wanted = format!("{}Query", naming::camel(&o.name));
            let module = op_module(i);
            queries.insert(i, (module, naming::unique(wanted, &mut taken)));
        }
        let mut outcomes = BTreeMap::new();
        for (i, (op, o)) in ir.operations.iter().zip(&plan.ops).enumerate() {
            if op.outcomes.is_empty() {
                continue;
            }
            let wanted = format!("{}Outcome", naming::camel(&o.name));
            let module = op_module(i);
            outcomes.insert(i, (module, naming::unique(wanted, &mut taken)));
        }
        let mut builders = BTreeMap::new();
        for (ty, collection) in plan.builders.keys().flatten() {
            let what = if *collection { "Collection" } else { "Item" };
            let wanted = format!("{}{what}Builder", naming::type_name(ty));
            let module = layout
                .module_of
                .get(ty)
                .cloned()
                .unwrap_or_else(|| "common".into());
            builders.insert(
                (ty.clone(), *collection),
                (module, naming::unique(wanted, &mut taken)),
            );
        }
        Names {
            table: std::sync::Arc::new(Table {
                items,
                extras,
                bodies,
                queries,
                outcomes,
                builders,
                polymorphic: layout.polymorphic.clone(),
            }),
            outside: None,
            here: None,
        }
    }

    /// `crate::module::Name` of the navigation builder of `ty` (a collection of it or one
    /// item), in the type's module.
    pub fn builder_path(&self, ty: &str, collection: bool) -> TokenStream {
        self.in_module(
            &self.builder_module(ty, collection),
            self.builder_ident(ty, collection),
        )
    }

    /// The identifier of a navigation builder.
    pub fn builder_ident(&self, ty: &str, collection: bool) -> Ident {
        match self.table.builders.get(&(ty.to_owned(), collection)) {
            Some((_, n)) => ident(n),
            None => ident(&format!(
                "{}{}Builder",
                naming::type_name(ty),
                if collection { "Collection" } else { "Item" }
            )),
        }
    }

    /// The module a navigation builder lives in.
    pub fn builder_module(&self, ty: &str, collection: bool) -> String {
        match self.table.builders.get(&(ty.to_owned(), collection)) {
            Some((m, _)) => m.clone(),
            None => self.module(ty),
        }
    }

    /// The module an item of `odata` lives in.
    pub fn module_of(&self, odata: &str) -> String {
        self.module(odata)
    }

    /// The same names, reached from outside the crate as `::crate_ident::...`.
    pub fn from_outside(&self, crate_ident: &str) -> Names {
        Names {
            table: self.table.clone(),
            outside: Some(crate_ident.to_owned()),
            here: None,
        }
    }

    /// The same names, written inside the crate in `module`: its own items are named bare.
    pub fn at(&self, module: &str) -> Names {
        Names {
            table: self.table.clone(),
            outside: None,
            here: Some(module.to_owned()),
        }
    }

    /// Whether the code is written inside the crate (and so sees the crate-private prelude).
    pub fn inside(&self) -> bool {
        self.outside.is_none()
    }

    /// `Name` when `module` is the one written in, else `root::module::Name`.
    fn in_module(&self, module: &str, id: Ident) -> TokenStream {
        if self.here.as_deref() == Some(module) {
            return quote! { #id };
        }
        let (root, m) = (self.root(), ident(module));
        quote! { #root::#m::#id }
    }

    fn module(&self, odata: &str) -> String {
        self.table
            .items
            .get(odata)
            .map(|(m, _)| m.clone())
            .unwrap_or_else(|| "common".into())
    }

    /// The Rust identifier of a defined type or enum.
    pub fn ident(&self, odata: &str) -> Ident {
        match self.table.items.get(odata) {
            Some((_, n)) => ident(n),
            None => ident(&naming::type_name(odata)),
        }
    }

    /// `crate::module::Name` of a defined type or enum (`Name` in its own module).
    pub fn path(&self, odata: &str) -> TokenStream {
        self.in_module(&self.module(odata), self.ident(odata))
    }

    /// The path every item is reached from: `crate` inside the crate, `::name` outside.
    pub fn root(&self) -> TokenStream {
        match &self.outside {
            None => quote! { crate },
            Some(name) => {
                let id = ident(name);
                quote! { ::#id }
            }
        }
    }

    /// The identifier of an extra item of type `odata`.
    pub fn extra_ident(&self, kind: Extra, odata: &str) -> Ident {
        let n = self
            .table
            .extras
            .get(&(kind, odata.to_owned()))
            .cloned()
            .unwrap_or_else(|| {
                let base = naming::type_name(odata);
                match kind {
                    Extra::Any => format!("Any{base}"),
                    Extra::Patch => format!("{base}Patch"),
                }
            });
        ident(&n)
    }

    /// `crate::module::Name` of an extra item (it lives in its type's module).
    pub fn extra_path(&self, kind: Extra, odata: &str) -> TokenStream {
        self.in_module(&self.module(odata), self.extra_ident(kind, odata))
    }

    /// Whether values of this type may be of derived types (and so use `Any{T}`).
    pub fn is_polymorphic(&self, odata: &str) -> bool {
        self.table.polymorphic.contains(odata)
    }

    /// The identifier and path of the request marker of operation `index`, which has
    /// optional parameters (`crate::Request<T, {Name}Query>` has their setters).
    pub fn query(&self, index: usize) -> Option<(Ident, TokenStream)> {
        let (m, n) = self.table.queries.get(&index)?;
        let id = ident(n);
        Some((id.clone(), self.in_module(m, id)))
    }

    /// The identifier and path of the enum of the outcomes of operation `index`, which
    /// has several success responses that differ.
    pub fn outcome(&self, index: usize) -> Option<(Ident, TokenStream)> {
        let (m, n) = self.table.outcomes.get(&index)?;
        let id = ident(n);
        Some((id.clone(), self.in_module(m, id)))
    }

    /// The identifier and path of the parameter struct of operation `index`.
    pub fn body(&self, index: usize) -> Option<(Ident, TokenStream)> {
        let (m, n) = self.table.bodies.get(&index)?;
        let id = ident(n);
        Some((id.clone(), self.in_module(m, id)))
    }
}

/// An identifier; `naming` guarantees the text is valid.
pub fn ident(s: &str) -> Ident {
    Ident::new(s, Span::call_site())
}

/// The Rust type of one Edm primitive: `edm::X` inside the crate (through its prelude),
/// `::name::edm::X` outside.
pub fn primitive(edm: Edm, names: &Names) -> TokenStream {
    let runtime = |id: TokenStream| {
        if names.inside() {
            quote! { edm::#id }
        } else {
            let root = names.root();
            quote! { #root::edm::#id }
        }
    };
    match edm {
        Edm::String | Edm::Guid | Edm::Date | Edm::TimeOfDay | Edm::Duration => {
            quote! { String }
        }
        Edm::Boolean => quote! { bool },
        Edm::Byte => quote! { u8 },
        Edm::SByte => quote! { i8 },
        Edm::Int16 => quote! { i16 },
        Edm::Int32 => quote! { i32 },
        Edm::Int64 => runtime(quote! { Int64 }),
        Edm::UInt64 => quote! { u64 },
        Edm::Single | Edm::Double => runtime(quote! { Double }),
        Edm::DateTimeOffset => runtime(quote! { DateTimeOffset }),
        Edm::Binary => runtime(quote! { Binary }),
        Edm::Decimal | Edm::Stream => quote! { serde_json::Value },
    }
}

/// The Rust type of one value of a (resolved) reference, ignoring `collection`.
/// Polymorphic base types become their `Any{T}` enum.
///
/// The std names it writes (`String`, `Vec`, `Box`) are the std prelude's: inside the
/// crate no generated type takes them ([`RESERVED`]), and outside it (the examples test
/// file) nothing is defined that could.
pub fn item_type(ty: &TypeRef, names: &Names) -> TokenStream {
    match &ty.kind {
        TypeKind::Primitive { edm } => primitive(*edm, names),
        TypeKind::Type { name } if names.is_polymorphic(name) => names.extra_path(Extra::Any, name),
        TypeKind::Type { name } | TypeKind::Enum { name } => names.path(name),
        TypeKind::List { item } => body_type(item, names),
        TypeKind::Map { value } => {
            let v = body_type(value, names);
            quote! { ::std::collections::BTreeMap<String, #v> }
        }
        TypeKind::Json { .. } | TypeKind::Unresolved { .. } => quote! { serde_json::Value },
    }
}

/// The Rust type of a field (without the outer `Option`). Single values of structured
/// types are boxed so that self-referencing types have a finite size.
pub fn field_type(ty: &TypeRef, names: &Names) -> TokenStream {
    let inner = item_type(ty, names);
    if ty.collection {
        quote! { Vec<#inner> }
    } else if matches!(ty.kind, TypeKind::Type { .. }) {
        quote! { Box<#inner> }
    } else {
        inner
    }
}

/// The Rust type of a whole request or response body (no boxing at the top level).
pub fn body_type(ty: &TypeRef, names: &Names) -> TokenStream {
    let inner = item_type(ty, names);
    if ty.collection {
        quote! { Vec<#inner> }
    } else {
        inner
    }
}

/// How the pages call a type, for doc comments: `Edm.String`, `userPfxPaddingScheme collection`.
pub fn describe(ty: &TypeRef) -> String {
    let base = match &ty.kind {
        TypeKind::Primitive { edm } => format!("Edm.{}", edm.name()),
        TypeKind::List { item } => describe(item),
        TypeKind::Map { value } => format!("map of {}", describe(value)),
        TypeKind::Type { name }
        | TypeKind::Enum { name }
        | TypeKind::Json { name }
        | TypeKind::Unresolved { name, .. } => name.clone(),
    };
    if ty.collection {
        format!("{base} collection")
    } else {
        base
    }
}

/// `#[cfg(...)]` for an item needed by these features (nothing when the set is empty).
pub fn cfg(features: &BTreeSet<String>, groups: &Groups) -> TokenStream {
    Cfg::any(features).tokens_in(groups)
}

/// Sets of features that many items need, each with an internal feature of the crate that
/// every member enables (`_any1`, ...): an item needed by such a set is gated by
/// `feature = "_any1"` instead of a long `any(...)`, which is the same condition.
pub type Groups = BTreeMap<BTreeSet<String>, String>;

/// The smallest set of features given a group (see [`Groups`]).
pub const GROUP_MIN: usize = 4;

/// When an item is compiled: every clause holds, a clause being "any of these features is
/// on". An item that names several types gets one clause per type, so it is never compiled
/// where one of them is not (an `impl From<Derived> for AnyBase` needs both).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cfg {
    clauses: Vec<BTreeSet<String>>,
}

impl Cfg {
    /// Compiled when any of `features` is on; always when the set is empty.
    pub fn any(features: &BTreeSet<String>) -> Cfg {
        let mut c = Cfg::default();
        if !features.is_empty() {
            c.clauses.push(features.clone());
        }
        c
    }

    /// Compiled when both `self` and `other` hold. A clause that another implies (its
    /// features are a superset of the other's) is dropped, so the attribute stays short.
    pub fn and(mut self, other: Cfg) -> Cfg {
        for clause in other.clauses {
            if self.clauses.iter().any(|c| c.is_subset(&clause)) {
                continue;
            }
            self.clauses.retain(|c| !clause.is_subset(c));
            self.clauses.push(clause);
        }
        self.clauses.sort();
        self
    }

    /// `self` where `context` already holds (the item sits in a module compiled only when
    /// any of `context` is on): a clause that `context` implies (it contains every feature
    /// of `context`) is dropped.
    pub fn within(mut self, context: &BTreeSet<String>) -> Cfg {
        if !context.is_empty() {
            self.clauses.retain(|c| !context.is_subset(c));
        }
        self
    }

    /// The attribute: `#[cfg(feature = "a")]`, `#[cfg(any(...))]`, `#[cfg(all(...))]`, or
    /// nothing when the item is always compiled.
    pub fn tokens(&self) -> TokenStream {
        self.tokens_in(&Groups::new())
    }

    /// [`Cfg::tokens`], with a clause that is one of `groups` written as its feature.
    pub fn tokens_in(&self, groups: &Groups) -> TokenStream {
        let clause = |c: &BTreeSet<String>| -> TokenStream {
            if let Some(g) = groups.get(c) {
                quote! { feature = #g }
            } else if c.len() == 1 {
                let f = c.iter().next().map(String::as_str).unwrap_or_default();
                quote! { feature = #f }
            } else {
                let fs = c.iter();
                quote! { any(#(feature = #fs),*) }
            }
        };
        match self.clauses.as_slice() {
            [] => TokenStream::new(),
            [one] => {
                let c = clause(one);
                quote! { #[cfg(#c)] }
            }
            many => {
                let cs = many.iter().map(clause);
                quote! { #[cfg(all(#(#cs),*))] }
            }
        }
    }
}

#[cfg(test)]
mod cfg_tests {
    use super::Cfg;
    use std::collections::BTreeSet;

    fn set(fs: &[&str]) -> BTreeSet<String> {
        fs.iter().map(|f| f.to_string()).collect()
    }

    #[test]
    fn an_item_naming_two_gated_types_needs_both() {
        let one = Cfg::any(&set(&["deviceconfig"])).and(Cfg::any(&set(&["shared", "devices"])));
        assert_eq!(
            one.tokens().to_string(),
            quote::quote! { #[cfg(all(feature = "deviceconfig", any(feature = "devices", feature = "shared")))] }
                .to_string()
        );
        // A clause implied by another is dropped.
        let implied = Cfg::any(&set(&["a"])).and(Cfg::any(&set(&["a", "b"])));
        assert_eq!(implied, Cfg::any(&set(&["a"])));
        let implied = Cfg::any(&set(&["a", "b"])).and(Cfg::any(&set(&["a"])));
        assert_eq!(implied, Cfg::any(&set(&["a"])));
        assert!(Cfg::any(&set(&[])).and(Cfg::default()).tokens().is_empty());
    }

    #[test]
    fn clauses_the_module_implies_are_dropped() {
        // The module is compiled with `a` or `b`: an item needed by both needs no cfg.
        let module = set(&["a", "b"]);
        assert!(Cfg::any(&set(&["a", "b"]))
            .within(&module)
            .tokens()
            .is_empty());
        // An item needed by `a` only keeps it.
        assert_eq!(
            Cfg::any(&set(&["a"])).within(&module),
            Cfg::any(&set(&["a"]))
        );
        // An impl naming this module's item and another module's keeps only the other.
        let both = Cfg::any(&set(&["a", "b"])).and(Cfg::any(&set(&["c"])));
        assert_eq!(both.within(&module), Cfg::any(&set(&["c"])));
        // Without a gate nothing is implied.
        assert_eq!(
            Cfg::any(&set(&["a"])).within(&set(&[])),
            Cfg::any(&set(&["a"]))
        );
    }

    /// Every name the crate-private prelude brings is reserved, and so is every name of
    /// the std prelude the generated code writes bare.
    #[test]
    fn the_prelude_s_names_are_reserved() {
        let prelude = crate::emit::krate::RUNTIME_FILES
            .iter()
            .find(|(n, _)| *n == "prelude.rs")
            .map(|(_, c)| *c)
            .expect("runtime/prelude.rs");
        let file = syn::parse_file(prelude).expect("parses");
        let mut brought = Vec::new();
        fn leaves(tree: &syn::UseTree, out: &mut Vec<String>) {
            match tree {
                syn::UseTree::Path(p) => leaves(&p.tree, out),
                syn::UseTree::Name(n) => out.push(n.ident.to_string()),
                syn::UseTree::Rename(r) => out.push(r.rename.to_string()),
                syn::UseTree::Group(g) => g.items.iter().for_each(|t| leaves(t, out)),
                syn::UseTree::Glob(_) => out.push("*".into()),
            }
        }
        for item in &file.items {
            if let syn::Item::Use(u) = item {
                leaves(&u.tree, &mut brought);
            }
        }
        assert!(brought.contains(&"Patch".to_owned()), "{brought:?}");
        for name in brought {
            // Lower-case names (modules, macros) cannot be type names.
            if name.starts_with(|c: char| c.is_ascii_lowercase()) {
                continue;
            }
            assert!(
                super::RESERVED.contains(&name.as_str()),
                "{name} is not reserved"
            );
        }
        for std in [
            "Option", "Some", "None", "Result", "Ok", "Err", "String", "Vec", "Box",
        ] {
            assert!(super::RESERVED.contains(&std), "{std}");
        }
    }
}
