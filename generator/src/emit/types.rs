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

/// Rust names and module paths of every emitted item. Names are unique across the whole
/// crate (so any two items can sit in one module and docs can name them plainly).
pub struct Names {
    /// OData name → (module, Rust name).
    items: BTreeMap<String, (String, String)>,
    extras: BTreeMap<(Extra, String), String>,
    bodies: BTreeMap<usize, (String, String)>,
    /// Navigation builder (type, collection) → its module (the type's) and Rust name.
    builders: BTreeMap<(String, bool), (String, String)>,
    polymorphic: BTreeSet<String>,
    /// The crate's identifier when items are reached from outside it (`::name::...`);
    /// `None` inside it (`crate::...`). Plain data, so `Names` can be shared by threads.
    outside: Option<String>,
}

impl Names {
    /// Assigns unique names in a fixed order: types, enums, polymorphic enums, patch
    /// structs, parameter structs (named after the operation's one name in `plan`), then
    /// navigation builders (`{T}ItemBuilder`, `{T}CollectionBuilder`); each group by name.
    pub fn new(
        ir: &Ir,
        layout: &Layout,
        patched: &BTreeSet<String>,
        plan: &crate::plan::Plan,
    ) -> Names {
        let mut taken = BTreeSet::new();
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
        let mut bodies = BTreeMap::new();
        for (i, op) in ir.operations.iter().enumerate() {
            if let Some(RequestBody::Parameters { .. }) = op.request_body {
                let one = plan.ops.get(i).map(|o| o.name.as_str()).unwrap_or_default();
                let wanted = format!("{}Parameters", naming::camel(one));
                let module = layout
                    .op_module
                    .get(i)
                    .cloned()
                    .unwrap_or_else(|| "common".into());
                bodies.insert(i, (module, naming::unique(wanted, &mut taken)));
            }
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
            items,
            extras,
            bodies,
            builders,
            polymorphic: layout.polymorphic.clone(),
            outside: None,
        }
    }

    /// `crate::module::Name` of the navigation builder of `ty` (a collection of it or one
    /// item), in the type's module.
    pub fn builder_path(&self, ty: &str, collection: bool) -> TokenStream {
        let (root, m) = (&self.root(), ident(&self.builder_module(ty, collection)));
        let id = self.builder_ident(ty, collection);
        quote! { #root::#m::#id }
    }

    /// The identifier of a navigation builder.
    pub fn builder_ident(&self, ty: &str, collection: bool) -> Ident {
        match self.builders.get(&(ty.to_owned(), collection)) {
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
        match self.builders.get(&(ty.to_owned(), collection)) {
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
            items: self.items.clone(),
            extras: self.extras.clone(),
            bodies: self.bodies.clone(),
            builders: self.builders.clone(),
            polymorphic: self.polymorphic.clone(),
            outside: Some(crate_ident.to_owned()),
        }
    }

    fn module(&self, odata: &str) -> String {
        self.items
            .get(odata)
            .map(|(m, _)| m.clone())
            .unwrap_or_else(|| "common".into())
    }

    /// The Rust identifier of a defined type or enum.
    pub fn ident(&self, odata: &str) -> Ident {
        match self.items.get(odata) {
            Some((_, n)) => ident(n),
            None => ident(&naming::type_name(odata)),
        }
    }

    /// `crate::module::Name` of a defined type or enum.
    pub fn path(&self, odata: &str) -> TokenStream {
        let (root, m, id) = (&self.root(), ident(&self.module(odata)), self.ident(odata));
        quote! { #root::#m::#id }
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
        let (root, m, id) = (
            &self.root(),
            ident(&self.module(odata)),
            self.extra_ident(kind, odata),
        );
        quote! { #root::#m::#id }
    }

    /// Whether values of this type may be of derived types (and so use `Any{T}`).
    pub fn is_polymorphic(&self, odata: &str) -> bool {
        self.polymorphic.contains(odata)
    }

    /// The identifier and path of the parameter struct of operation `index`.
    pub fn body(&self, index: usize) -> Option<(Ident, TokenStream)> {
        let (m, n) = self.bodies.get(&index)?;
        let (root, m, id) = (&self.root(), ident(m), ident(n));
        Some((id.clone(), quote! { #root::#m::#id }))
    }
}

/// An identifier; `naming` guarantees the text is valid.
pub fn ident(s: &str) -> Ident {
    Ident::new(s, Span::call_site())
}

/// The Rust type of one Edm primitive (`root` is `crate` or `::name`).
pub fn primitive(edm: Edm, root: &TokenStream) -> TokenStream {
    match edm {
        Edm::String | Edm::Guid | Edm::Date | Edm::TimeOfDay | Edm::Duration => {
            quote! { ::std::string::String }
        }
        Edm::Boolean => quote! { bool },
        Edm::Byte => quote! { u8 },
        Edm::SByte => quote! { i8 },
        Edm::Int16 => quote! { i16 },
        Edm::Int32 => quote! { i32 },
        Edm::Int64 => quote! { #root::edm::Int64 },
        Edm::Single | Edm::Double => quote! { #root::edm::Double },
        Edm::DateTimeOffset => quote! { #root::edm::DateTimeOffset },
        Edm::Binary => quote! { #root::edm::Binary },
        Edm::Decimal | Edm::Stream => quote! { ::serde_json::Value },
    }
}

/// The Rust type of one value of a (resolved) reference, ignoring `collection`.
/// Polymorphic base types become their `Any{T}` enum.
pub fn item_type(ty: &TypeRef, names: &Names) -> TokenStream {
    match &ty.kind {
        TypeKind::Primitive { edm } => primitive(*edm, &names.root()),
        TypeKind::Type { name } if names.is_polymorphic(name) => names.extra_path(Extra::Any, name),
        TypeKind::Type { name } | TypeKind::Enum { name } => names.path(name),
        TypeKind::Json { .. } | TypeKind::Unresolved { .. } => quote! { ::serde_json::Value },
    }
}

/// The Rust type of a field (without the outer `Option`). Single values of structured
/// types are boxed so that self-referencing types have a finite size.
pub fn field_type(ty: &TypeRef, names: &Names) -> TokenStream {
    let inner = item_type(ty, names);
    if ty.collection {
        quote! { ::std::vec::Vec<#inner> }
    } else if matches!(ty.kind, TypeKind::Type { .. }) {
        quote! { ::std::boxed::Box<#inner> }
    } else {
        inner
    }
}

/// The Rust type of a whole request or response body (no boxing at the top level).
pub fn body_type(ty: &TypeRef, names: &Names) -> TokenStream {
    let inner = item_type(ty, names);
    if ty.collection {
        quote! { ::std::vec::Vec<#inner> }
    } else {
        inner
    }
}

/// How the pages call a type, for doc comments: `Edm.String`, `userPfxPaddingScheme collection`.
pub fn describe(ty: &TypeRef) -> String {
    let base = match &ty.kind {
        TypeKind::Primitive { edm } => format!("Edm.{}", edm.name()),
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
pub fn cfg(features: &BTreeSet<String>) -> TokenStream {
    Cfg::any(features).tokens()
}

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

    /// The attribute: `#[cfg(feature = "a")]`, `#[cfg(any(...))]`, `#[cfg(all(...))]`, or
    /// nothing when the item is always compiled.
    pub fn tokens(&self) -> TokenStream {
        let clause = |c: &BTreeSet<String>| -> TokenStream {
            if c.len() == 1 {
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
}
