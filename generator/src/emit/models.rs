//! Model structs (entity and complex types, action parameter bodies) and enums.

use super::docs::doc;
use super::secrets::is_secret;
use super::types::{describe, ident, rust_type, Names};
use crate::ir::{EnumDef, Ir, Property, RequestBody, TypeDef};
use crate::naming;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// The `models` module: every struct and enum, in name order.
pub fn emit(ir: &Ir, names: &Names) -> TokenStream {
    let by_name: BTreeMap<&str, &TypeDef> = ir.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut items: BTreeMap<String, TokenStream> = BTreeMap::new();
    for t in &ir.types {
        let id = names.ident(&t.name);
        let props = all_properties(t, &by_name);
        let fallback = format!("The `{}` type.", t.name);
        let mut text = if t.description.trim().is_empty() {
            fallback
        } else {
            t.description.clone()
        };
        text.push_str(&format!("\n\nOData type `microsoft.graph.{}`", t.name));
        if let Some(base) = &t.base {
            text.push_str(&format!(
                ", derived from `{base}` (its properties are included)"
            ));
        }
        text.push('.');
        items.insert(id.to_string(), emit_struct(&id, &text, &props, names));
    }
    for e in &ir.enums {
        let id = names.ident(&e.name);
        items.insert(id.to_string(), emit_enum(e, names));
    }
    for op in &ir.operations {
        if let Some(RequestBody::Parameters { parameters }) = &op.request_body {
            let id = names.ident(&Names::body_key(&op.title));
            let text = format!("The request body of `{}`.", op.title);
            let props: Vec<&Property> = parameters.iter().collect();
            items.insert(id.to_string(), emit_struct(&id, &text, &props, names));
        }
    }
    let items = items.values();
    quote! {
        #![doc = " Models read from the resource and enum pages: one struct per entity or complex type, one enum per enum type."]
        #(#items)*
    }
}

/// A type's own properties and those of its base types (base first), without repeats.
fn all_properties<'a>(t: &'a TypeDef, by_name: &BTreeMap<&str, &'a TypeDef>) -> Vec<&'a Property> {
    let mut chain = vec![t];
    let mut seen = BTreeSet::from([t.name.as_str()]);
    let mut cur = t;
    while let Some(base) = cur.base.as_deref().and_then(|b| by_name.get(b)) {
        if !seen.insert(base.name.as_str()) {
            break;
        }
        chain.push(base);
        cur = base;
    }
    let mut names = BTreeSet::new();
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

fn emit_struct(
    id: &proc_macro2::Ident,
    text: &str,
    props: &[&Property],
    names: &Names,
) -> TokenStream {
    let mut taken = BTreeSet::from(["odata_type".to_owned(), "additional_properties".to_owned()]);
    let mut fields = Vec::new();
    let mut debug_fields = Vec::new();
    for p in props {
        let f = ident(&naming::unique(naming::field(&p.name), &mut taken));
        let wire = &p.name;
        let ty = rust_type(&p.ty, names);
        let mut d = if p.description.trim().is_empty() {
            format!("The `{wire}` property.")
        } else {
            p.description.clone()
        };
        d.push_str(&format!(
            "\n\nWire name `{wire}`, type `{}`.",
            describe(&p.ty)
        ));
        let secret = is_secret(wire);
        if secret {
            d.push_str(" A secret: `Debug` shows it as `<redacted>`.");
        }
        let docs = doc(&d, "");
        fields.push(quote! {
            #docs
            #[serde(rename = #wire, default, skip_serializing_if = "::std::option::Option::is_none")]
            pub #f: ::std::option::Option<#ty>,
        });
        let fname = f.to_string();
        debug_fields.push(if secret {
            quote! { .field(#fname, &crate::runtime::redacted(&self.#f)) }
        } else {
            quote! { .field(#fname, &self.#f) }
        });
    }
    let docs = doc(text, "");
    let name = id.to_string();
    quote! {
        #docs
        #[derive(Clone, PartialEq, Default, ::serde::Serialize, ::serde::Deserialize)]
        pub struct #id {
            /// The `@odata.type` annotation: which type the service says this value is.
            #[serde(rename = "@odata.type", default, skip_serializing_if = "::std::option::Option::is_none")]
            pub odata_type: ::std::option::Option<::std::string::String>,
            #(#fields)*
            /// Properties the pages do not name, kept as sent so that a read, modify,
            /// write round trip loses nothing.
            #[serde(flatten)]
            pub additional_properties: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
        }

        impl ::std::fmt::Debug for #id {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#name)
                    .field("odata_type", &self.odata_type)
                    #(#debug_fields)*
                    .field("additional_properties", &self.additional_properties)
                    .finish()
            }
        }
    }
}

fn emit_enum(e: &EnumDef, names: &Names) -> TokenStream {
    let id = names.ident(&e.name);
    let unknown = ident(naming::UNKNOWN_VARIANT);
    let mut taken = BTreeSet::from([naming::UNKNOWN_VARIANT.to_owned()]);
    let mut variants = Vec::new();
    let mut to_str = Vec::new();
    let mut from_str = Vec::new();
    for m in &e.members {
        let v = ident(&naming::unique(naming::camel(&m.name), &mut taken));
        let wire = &m.name;
        let mut d = if m.description.trim().is_empty() {
            format!("`{wire}`.")
        } else {
            m.description.clone()
        };
        match m.value {
            Some(n) => d.push_str(&format!("\n\nWire value `{wire}` (documented number {n}).")),
            None => d.push_str(&format!("\n\nWire value `{wire}`.")),
        }
        let docs = doc(&d, "");
        variants.push(quote! { #docs #v, });
        to_str.push(quote! { Self::#v => #wire, });
        from_str.push(quote! { #wire => Self::#v, });
    }
    let mut text = if e.description.trim().is_empty() {
        format!("The `{}` enum.", e.name)
    } else {
        e.description.clone()
    };
    text.push_str(&format!(
        "\n\nOData enum `microsoft.graph.{}`. Written and read as the member name. A value this \
         version does not know is kept in [`{}::{}`] and written back unchanged.",
        e.name, id, unknown
    ));
    let docs = doc(&text, "");
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #id {
            #(#variants)*
            /// A value the pages did not list (newer service, or several flags), kept as sent.
            #unknown(::std::string::String),
        }

        impl #id {
            /// The value as written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::#unknown(value) => value.as_str(),
                }
            }
        }

        impl ::std::convert::From<&str> for #id {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::#unknown(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }

        impl ::std::fmt::Display for #id {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #id {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #id {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from(value.as_str()))
            }
        }
    }
}
