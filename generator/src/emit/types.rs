//! The type mapper: IR type references → Rust types, and the table of Rust names for the
//! types and enums the pages define.

use crate::ir::{Edm, Ir, RequestBody, TypeKind, TypeRef};
use crate::naming;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// Rust names of every defined type and enum (one namespace: `crate::models`).
pub struct Names {
    by_odata: BTreeMap<String, String>,
}

impl Names {
    /// Assigns unique names in a fixed order (types, then enums, each by name).
    pub fn new(ir: &Ir) -> Names {
        let mut taken = BTreeSet::new();
        let mut by_odata = BTreeMap::new();
        for n in ir
            .types
            .iter()
            .map(|t| &t.name)
            .chain(ir.enums.iter().map(|e| &e.name))
        {
            if by_odata.contains_key(n) {
                continue;
            }
            let rust = naming::unique(naming::type_name(n), &mut taken);
            by_odata.insert(n.clone(), rust);
        }
        for op in &ir.operations {
            if let Some(RequestBody::Parameters { .. }) = op.request_body {
                let wanted = format!("{}Body", naming::camel(&op.title));
                by_odata.insert(
                    Self::body_key(&op.title),
                    naming::unique(wanted, &mut taken),
                );
            }
        }
        Names { by_odata }
    }

    /// The key under which the parameter struct of the operation titled `title` is named.
    pub fn body_key(title: &str) -> String {
        format!("operation body: {title}")
    }

    /// The Rust identifier of a defined type or enum.
    pub fn ident(&self, odata: &str) -> Ident {
        let s = self
            .by_odata
            .get(odata)
            .cloned()
            .unwrap_or_else(|| naming::type_name(odata));
        ident(&s)
    }
}

/// An identifier; `naming` guarantees the text is valid.
pub fn ident(s: &str) -> Ident {
    Ident::new(s, Span::call_site())
}

/// The Rust type of one Edm primitive.
pub fn primitive(edm: Edm) -> TokenStream {
    match edm {
        Edm::String | Edm::Guid | Edm::Date | Edm::TimeOfDay | Edm::Duration => {
            quote! { ::std::string::String }
        }
        Edm::Boolean => quote! { bool },
        Edm::Byte => quote! { u8 },
        Edm::SByte => quote! { i8 },
        Edm::Int16 => quote! { i16 },
        Edm::Int32 => quote! { i32 },
        Edm::Int64 => quote! { crate::edm::Int64 },
        Edm::Single | Edm::Double => quote! { crate::edm::Double },
        Edm::DateTimeOffset => quote! { crate::edm::DateTimeOffset },
        Edm::Binary => quote! { crate::edm::Binary },
        Edm::Decimal | Edm::Stream => quote! { ::serde_json::Value },
    }
}

/// The Rust type of a (resolved) reference, without the outer `Option`. Single values of
/// structured types are boxed so that self-referencing types have a finite size.
pub fn rust_type(ty: &TypeRef, names: &Names) -> TokenStream {
    let (inner, boxable) = match &ty.kind {
        TypeKind::Primitive { edm } => (primitive(*edm), false),
        TypeKind::Type { name } => {
            let id = names.ident(name);
            (quote! { crate::models::#id }, true)
        }
        TypeKind::Enum { name } => {
            let id = names.ident(name);
            (quote! { crate::models::#id }, false)
        }
        TypeKind::Json { .. } | TypeKind::Unresolved { .. } => {
            (quote! { ::serde_json::Value }, false)
        }
    };
    if ty.collection {
        quote! { ::std::vec::Vec<#inner> }
    } else if boxable {
        quote! { ::std::boxed::Box<#inner> }
    } else {
        inner
    }
}

/// How the pages call a type, for doc comments: `String`, `userPfxPaddingScheme collection`.
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
