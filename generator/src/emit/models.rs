//! Model items: one struct per entity or complex type, one open enum per enum type, an
//! `Any{T}` enum for every base type that values may arrive as a derived type of, a
//! three-state `{T}Patch` struct for every type sent in a PATCH, and a parameter struct
//! for every action.

use super::docs::{doc, doc_in_macro};
use super::layout::{all_properties, Layout};
use super::secrets::is_secret;
use super::types::{field_type, ident, Cfg, Extra, Names};
use super::Sink;
use crate::ir::{EnumDef, Ir, Property, TypeDef, TypeKind, UnionDef, UnionStyle};
use crate::naming;
use proc_macro2::{Ident, TokenStream};
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// Emits the model items of `ir` that belong to the modules `keep` accepts into `items`.
pub fn emit(
    ir: &Ir,
    plan: &crate::plan::Plan,
    layout: &Layout,
    names: &Names,
    patched: &BTreeSet<String>,
    items: &mut dyn Sink,
    keep: &dyn Fn(&str) -> bool,
) {
    let by_name: BTreeMap<&str, &TypeDef> = ir.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut put = |module: &str, key: String, tokens: TokenStream| items.put(module, key, tokens);
    for t in &ir.types {
        let module = layout.module_of.get(&t.name).cloned().unwrap_or_default();
        if !keep(&module) {
            continue;
        }
        let cfg = layout.tokens(&layout.item_cfg(&module, &[&t.name]));
        let id = names.ident(&t.name);
        if let Some(u) = &t.union {
            put(
                &module,
                id.to_string(),
                emit_union(t, u, &id, names, &by_name, &cfg),
            );
            if patched.contains(&t.name) {
                // A union has no properties to leave out: an update sends a whole value.
                let p = names.extra_ident(Extra::Patch, &t.name);
                let text = format!(
                    "The body of an update of a [`{id}`]: a whole value, as a union has no \
                     properties to send or leave out one by one."
                );
                let docs = doc(&text, "");
                put(
                    &module,
                    p.to_string(),
                    quote! { #docs #cfg pub type #p = #id; },
                );
            }
            continue;
        }
        let props = all_properties(t, &by_name);
        // One name per field, for the struct and its Patch twin alike.
        let idents = field_idents(&props);
        let members = Members {
            props: &props,
            idents: &idents,
        };
        // A field inherited from a base of the same module, compiled whenever this type
        // is, can link to the base's field instead of repeating its sentence.
        let features = layout.features(&t.name);
        let from: Vec<Option<(&str, bool)>> = inherited_from(t, &props, &by_name)
            .into_iter()
            .map(|b| {
                b.map(|b| {
                    let linkable = layout.module_of.get(b) == Some(&module)
                        && features.is_subset(&layout.features(b));
                    (b, linkable)
                })
            })
            .collect();
        let mut text = if t.description.trim().is_empty() {
            format!("The `{}` type.", t.name)
        } else {
            t.description.clone()
        };
        match (&t.base, ir.foreign) {
            (base, false) => {
                text.push_str(&format!("\n\nOData type `microsoft.graph.{}`", t.name));
                if let Some(base) = base {
                    text.push_str(&format!(
                        ", derived from `{base}` (its properties are included)"
                    ));
                }
                text.push('.');
            }
            (Some(base), true) => text.push_str(&format!(
                "\n\nDerived from `{base}` (its properties are included)."
            )),
            (None, true) => {}
        }
        // The type of undeclared properties: the type's own, else its nearest base's.
        let extra = t
            .with_bases(|b| by_name.get(b).copied())
            .into_iter()
            .find_map(|b| b.additional.as_ref())
            .map(|ty| field_type(ty, names));
        put(
            &module,
            id.to_string(),
            emit_struct(&id, &text, members, &from, extra.as_ref(), names, &cfg),
        );
        if layout.polymorphic.contains(&t.name) {
            let any = names.extra_ident(Extra::Any, &t.name);
            put(
                &module,
                any.to_string(),
                emit_any(t, layout, names, &module),
            );
        }
        if patched.contains(&t.name) {
            let p = names.extra_ident(Extra::Patch, &t.name);
            put(
                &module,
                p.to_string(),
                emit_patch(t, &p, members, extra.as_ref(), names, &cfg),
            );
        }
    }
    for e in &ir.enums {
        let module = layout.module_of.get(&e.name).cloned().unwrap_or_default();
        if !keep(&module) {
            continue;
        }
        let id = names.ident(&e.name);
        let cfg = layout.tokens(&layout.item_cfg(&module, &[&e.name]));
        put(
            &module,
            id.to_string(),
            emit_enum(e, names, &cfg, ir.foreign),
        );
    }
    for (i, (op, planned)) in ir.operations.iter().zip(&plan.ops).enumerate() {
        let module = layout.op_module.get(i).map_or("", String::as_str);
        if !keep(module) || planned.kind == crate::plan::OpKind::Function {
            continue;
        }
        if let (Some(crate::ir::RequestBody::Parameters { parameters }), Some((id, _))) =
            (&op.request_body, names.body(i))
        {
            let module = module.to_owned();
            let text = format!(
                "The parameters of `{}`, sent as the JSON request body.",
                op.title
            );
            let props: Vec<&Property> = parameters.iter().collect();
            let features = BTreeSet::from([module.clone()]);
            let cfg = layout.tokens(&layout.within_module(&module, Cfg::any(&features)));
            put(
                &module,
                id.to_string(),
                emit_struct(
                    &id,
                    &text,
                    Members {
                        props: &props,
                        idents: &field_idents(&props),
                    },
                    &[],
                    None,
                    names,
                    &cfg,
                ),
            );
        }
    }
}

/// Field identifiers for properties, unique within one struct.
fn field_idents(props: &[&Property]) -> Vec<Ident> {
    let mut taken = BTreeSet::from(["odata_type".to_owned(), "additional_properties".to_owned()]);
    props
        .iter()
        .map(|p| ident(&naming::unique(naming::field(&p.name), &mut taken)))
        .collect()
}

/// For each of `props` (all the properties of `t`, its bases' included), the base type it
/// comes from, or `None` for `t`'s own.
fn inherited_from<'a>(
    t: &'a TypeDef,
    props: &[&Property],
    by_name: &BTreeMap<&str, &'a TypeDef>,
) -> Vec<Option<&'a str>> {
    let chain = t.with_bases(|b| by_name.get(b).copied());
    props
        .iter()
        .map(|&p| {
            chain
                .iter()
                .find(|o| {
                    o.properties
                        .iter()
                        .chain(&o.navigation)
                        .any(|q| std::ptr::eq(q, p))
                })
                .filter(|o| o.name != t.name)
                .map(|o| o.name.as_str())
        })
        .collect()
}

/// The first sentence of `text` (all of it when it has no sentence end).
fn first_sentence(text: &str) -> &str {
    let text = text.trim();
    match text.find(". ").or_else(|| text.find(".\n")) {
        Some(k) => &text[..=k],
        None => text,
    }
}

/// The doc of a model field: the page's description, then its wire name (on the
/// description's line when that is one line), and whether it is secret. A field inherited
/// from a base type (`from`) has the first sentence only and names the base, whose field
/// has the rest; a patch field (`patch_of` is the model) links to the model's field
/// instead of repeating its description.
fn field_doc(
    p: &Property,
    field: &Ident,
    from: Option<(&str, bool)>,
    names: &Names,
) -> (TokenStream, bool) {
    let wire = &p.name;
    let secret = is_secret(wire);
    // The wire name is said only where it is not the field's name in camelCase, the rule
    // `crate::conventions` states once.
    let named = !crate::naming::wire_is_camel(&field.to_string(), wire);
    let mut d = if let Some((base, linkable)) = from {
        let first = first_sentence(&p.description);
        let sep = if first.is_empty() { "" } else { " " };
        let wire_note = if named {
            format!(", wire name `{wire}`")
        } else {
            String::new()
        };
        let said = format!("{first}{sep}Inherited from `{base}`{wire_note}.");
        let linked = format!(
            "Inherited from [`{}::{field}`]{wire_note}.",
            names.ident(base)
        );
        if linkable && linked.len() < said.len() {
            linked
        } else {
            said
        }
    } else {
        let mut d = if p.description.trim().is_empty() {
            format!("The `{wire}` property.")
        } else {
            p.description.trim().to_owned()
        };
        // The Rust type says the rest (`Option<Vec<edm::DateTimeOffset>>`), but for a
        // primitive read as a plain string (`Edm.Guid`, `Edm.Date`, ...).
        let sep = if d.contains('\n') { "\n\n" } else { " " };
        let edm = match &p.ty.kind {
            crate::ir::TypeKind::Primitive { edm }
                if matches!(
                    edm,
                    crate::ir::Edm::Guid
                        | crate::ir::Edm::Date
                        | crate::ir::Edm::TimeOfDay
                        | crate::ir::Edm::Duration
                ) =>
            {
                Some(edm.name())
            }
            _ => None,
        };
        match (named, edm) {
            (true, Some(edm)) => d.push_str(&format!("{sep}Wire name `{wire}`, type `{edm}`.")),
            (false, Some(edm)) => d.push_str(&format!("{sep}Type `{edm}`.")),
            (true, None) => d.push_str(&format!("{sep}Wire name `{wire}`.")),
            (false, None) => {}
        }
        d
    };
    // What the schema says besides the type (`readOnly`, `default`, ...).
    let said = p.keywords.sentence();
    if !said.is_empty() {
        d.push(' ');
        d.push_str(&said);
    }
    if secret {
        d.push_str(" A secret: `Debug` shows it as `<redacted>`.");
    }
    (doc(&d, ""), secret)
}

/// The fields of a model (`Option<T>`), with the matching lines of a redacting `Debug`.
struct Fields {
    fields: Vec<TokenStream>,
    debug_fields: Vec<TokenStream>,
    /// `field("wireName")` for the `model!` call.
    wires: Vec<TokenStream>,
    /// Whether any property is secret (then `Debug` is written out, redacting it).
    any_secret: bool,
}

fn fields(
    props: &[&Property],
    idents: &[Ident],
    from: &[Option<(&str, bool)>],
    names: &Names,
) -> Fields {
    let mut out = Fields {
        fields: Vec::new(),
        debug_fields: Vec::new(),
        wires: Vec::new(),
        any_secret: false,
    };
    for (k, (p, f)) in props.iter().zip(idents).enumerate() {
        let ty = field_type(&p.ty, names);
        let (docs, secret) = field_doc(p, f, from.get(k).copied().flatten(), names);
        out.any_secret |= secret;
        let wire = &p.name;
        out.wires.push(quote! { #f(#wire) });
        out.fields.push(quote! { #docs pub #f: Option<#ty>, });
        out.debug_fields.push(debug_field(f, secret));
    }
    out
}

/// A model's properties and the names of their fields ([`field_idents`]), made once for
/// its struct and its Patch twin.
#[derive(Clone, Copy)]
struct Members<'a> {
    props: &'a [&'a Property],
    idents: &'a [Ident],
}

/// The struct of a model with its `members`.
fn emit_struct(
    id: &Ident,
    text: &str,
    Members { props, idents }: Members<'_>,
    from: &[Option<(&str, bool)>],
    extra: Option<&TokenStream>,
    names: &Names,
    cfg: &TokenStream,
) -> TokenStream {
    let Fields {
        fields,
        debug_fields,
        wires,
        any_secret,
        ..
    } = fields(props, idents, from, names);
    let docs = doc(text, "");
    let (extra_ty, extra_kw, extra_doc) = match extra {
        Some(ty) => (
            ty.clone(),
            quote! { extra #ty },
            quote! { #[doc = " Properties not named above, each of the type the document gives them ([`crate::conventions`])."] },
        ),
        None => (
            quote! { serde_json::Value },
            TokenStream::new(),
            quote! { #[doc = " Properties not named above ([`crate::conventions`])."] },
        ),
    };
    // Debug is derived unless a property is secret; then it is written out with redaction.
    let (derive_debug, debug_impl) = debug_parts(id, any_secret, cfg, &debug_fields);
    quote! {
        #docs
        #cfg
        #[derive(Clone, PartialEq, Default #derive_debug)]
        pub struct #id {
            /// The `@odata.type` ([`crate::conventions`]).
            pub odata_type: Option<String>,
            #(#fields)*
            #extra_doc
            pub additional_properties: BTreeMap<String, #extra_ty>,
        }

        #cfg
        model!(#id #extra_kw { #(#wires),* });

        #debug_impl
    }
}

/// A field as `redacted_debug!` lists it: in brackets when its value is redacted.
fn debug_field(f: &Ident, secret: bool) -> TokenStream {
    if secret {
        quote! { [#f] }
    } else {
        quote! { #f }
    }
}

/// A derived `Debug` when nothing is secret, else a `redacted_debug!` call (a macro of
/// the runtime) that prints the same but redacts the secret fields (given in brackets).
fn debug_parts(
    id: &Ident,
    any_secret: bool,
    cfg: &TokenStream,
    fields: &[TokenStream],
) -> (TokenStream, TokenStream) {
    if !any_secret {
        return (quote! { , Debug }, TokenStream::new());
    }
    let imp = quote! {
        #cfg
        redacted_debug!(#id { odata_type, #(#fields,)* additional_properties });
    };
    (TokenStream::new(), imp)
}

/// `Any{T}`: a value typed as `T` on the pages, which may be any type derived from it.
/// The enum is written here, its impls (`From` each type, `Serialize`, `Deserialize` by
/// `@odata.type`) by one `any_enum!` call, a macro of the runtime.
fn emit_any(base: &TypeDef, layout: &Layout, names: &Names, module: &str) -> TokenStream {
    let any = names.extra_ident(Extra::Any, &base.name);
    let base_id = names.ident(&base.name);
    let base_path = names.path(&base.name);
    let derived = layout.derived.get(&base.name).cloned().unwrap_or_default();
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    for d in &derived {
        let v = names.ident(d);
        let p = names.path(d);
        // Where the derived type is; the whole enum is only where the base type is, so
        // this is also where the `From<Derived>` impl, which names both, compiles.
        let c = layout.tokens(&layout.item_cfg(module, &[d]));
        let wire = d.as_str();
        let text = format!(" A `{d}` (`@odata.type` `#microsoft.graph.{d}`).");
        variants.push(quote! { #[doc = #text] #c #v(#p), });
        arms.push(quote! { #c #wire => #v(#p) });
    }
    let text = format!(
        "A `{b}` or any type derived from it, told apart by `@odata.type` when read.\n\n\
         A value whose `@odata.type` names a type this build does not have (another workload's \
         feature is off, or the service is newer) is read as [`{b_id}`], keeping its \
         `odata_type` and all its other properties.",
        b = base.name,
        b_id = base_id
    );
    let docs = doc(&text, "");
    let base_text = format!(
        " A plain `{}`, or a derived type this build does not know.",
        base.name
    );
    let cfg = layout.tokens(&layout.item_cfg(module, &[&base.name]));
    quote! {
        #docs
        #cfg
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #any {
            #[doc = #base_text]
            #base_id(#base_path),
            #(#variants)*
        }

        #cfg
        any_enum!(#any, #base_id(#base_path) { #(#arms),* });
    }
}

/// A union (an OpenAPI `oneOf`/`anyOf`): an enum with a variant per alternative, holding
/// its value (boxed when that is a union too, so that unions may hold each other), and
/// `UnknownValue(serde_json::Value)` for a value none matches; its impls come from one
/// `one_of!` call (a macro of the runtime).
fn emit_union(
    t: &TypeDef,
    u: &UnionDef,
    id: &Ident,
    names: &Names,
    by_name: &BTreeMap<&str, &TypeDef>,
    cfg: &TokenStream,
) -> TokenStream {
    let mut taken = BTreeSet::from([naming::UNKNOWN_VARIANT.to_owned()]);
    let mut variants = Vec::new();
    let mut data = Vec::new();
    let mut units = Vec::new();
    let mut seen_tags = BTreeSet::new();
    for v in &u.variants {
        // Two alternatives with one tag: the first is the one read.
        if let Some(tag) = &v.tag {
            if !seen_tags.insert(tag.as_str()) {
                continue;
            }
        }
        let vid = ident(&naming::unique(naming::camel(&v.name), &mut taken));
        let mut d = if v.description.trim().is_empty() {
            format!("The `{}` alternative.", v.name)
        } else {
            v.description.trim().to_owned()
        };
        // A sentence of its own after a description that does not end one.
        if !d.ends_with(['.', '!', '?', ':']) {
            d.push('.');
        }
        let sep = if d.contains('\n') { "\n\n" } else { " " };
        match (&u.style, &v.tag) {
            (UnionStyle::Internal { tag }, Some(w)) => {
                d.push_str(&format!("{sep}Written with `\"{tag}\": \"{w}\"`."))
            }
            (UnionStyle::External, Some(w)) if v.ty.is_some() => {
                d.push_str(&format!("{sep}Written as `{{\"{w}\": value}}`."))
            }
            (UnionStyle::External, Some(w)) => d.push_str(&format!("{sep}Written as `\"{w}\"`.")),
            _ => {}
        }
        if !v.formats.is_empty() {
            let checks: Vec<String> = v
                .formats
                .iter()
                .map(|c| match c.property.as_str() {
                    "" => format!("the value is a string of format `{}`", c.format),
                    p => format!("`{p}` is a string of format `{}`", c.format),
                })
                .collect();
            d.push_str(&format!(
                "{sep}Read as this alternative only where {}.",
                checks.join(" and ")
            ));
        }
        let docs = doc(&d, "");
        let wire = v.tag.clone().unwrap_or_default();
        match &v.ty {
            Some(ty) => {
                let inner = super::types::item_type(ty, names);
                let is_union = matches!(&ty.kind, TypeKind::Type { name }
                    if by_name.get(name.as_str()).is_some_and(|t| t.union.is_some()));
                let rust = if ty.collection {
                    quote! { Vec<#inner> }
                } else if is_union {
                    quote! { Box<#inner> }
                } else {
                    inner
                };
                variants.push(quote! { #docs #vid(#rust), });
                data.push(match &u.style {
                    UnionStyle::Untagged => {
                        let req = (!v.required.is_empty()).then(|| {
                            let req = &v.required;
                            quote! { [#(#req),*] }
                        });
                        let formats = (!v.formats.is_empty()).then(|| {
                            let at = v.formats.iter().map(|c| &c.property);
                            let format = v.formats.iter().map(|c| &c.format);
                            quote! { { #(#at : #format),* } }
                        });
                        quote! { #vid #req #formats => #rust }
                    }
                    UnionStyle::Internal { tag } if has_property(ty, tag, by_name) => {
                        quote! { #vid(#wire, keep) => #rust }
                    }
                    _ => quote! { #vid(#wire) => #rust },
                });
            }
            None => {
                variants.push(quote! { #docs #vid, });
                units.push(quote! { #vid(#wire) });
            }
        }
    }
    let how = match &u.style {
        UnionStyle::Internal { tag } => format!(
            "Written and read as a JSON object whose `{tag}` property says which alternative it is."
        ),
        UnionStyle::External => "Written and read as the name of an alternative without data, or \
             an object with one property, named after the alternative, holding its value."
            .to_owned(),
        UnionStyle::Untagged => {
            "Read as the first alternative, in order, that reads the value.".to_owned()
        }
    };
    let mut text = if t.description.trim().is_empty() {
        format!("The `{}` type: one of several alternatives.", t.name)
    } else {
        t.description.clone()
    };
    text.push_str(&format!(
        "\n\n{how} A value no alternative matches is kept in [`{id}::{u}`] and written back \
         unchanged.",
        u = naming::UNKNOWN_VARIANT
    ));
    let docs = doc(&text, "");
    let unknown = ident(naming::UNKNOWN_VARIANT);
    let call = match &u.style {
        UnionStyle::Internal { tag } => {
            quote! { one_of!(#id, internal #tag, { #(#data),* }, { #(#units),* }); }
        }
        UnionStyle::External => quote! { one_of!(#id, external, { #(#data),* }, { #(#units),* }); },
        UnionStyle::Untagged => quote! { one_of!(#id, untagged, { #(#data),* }); },
    };
    quote! {
        #docs
        #cfg
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #id {
            #(#variants)*
            /// A value no alternative matches, kept as read.
            #unknown(serde_json::Value),
        }

        #cfg
        #call
    }
}

/// Whether the type `ty` names has a property `wire` (itself or through a base).
fn has_property(ty: &crate::ir::TypeRef, wire: &str, by_name: &BTreeMap<&str, &TypeDef>) -> bool {
    match &ty.kind {
        TypeKind::Type { name } if !ty.collection => by_name
            .get(name.as_str())
            .is_some_and(|t| all_properties(t, by_name).iter().any(|p| p.name == wire)),
        _ => false,
    }
}

/// `{T}Patch`: the body of an update, where each property is absent, null or set.
/// The Patch twin of `t`, with the members of its struct.
fn emit_patch(
    t: &TypeDef,
    id: &Ident,
    Members { props, idents }: Members<'_>,
    extra: Option<&TokenStream>,
    names: &Names,
    cfg: &TokenStream,
) -> TokenStream {
    // The struct is written by the runtime's `patch_model!` from this list: each field's
    // type and wire name, with docs only where there is more to say than the link to the
    // model's field the macro writes (the wire name, when it is not the field's camelCase;
    // a secret).
    let mut items = Vec::new();
    let mut debug_fields = Vec::new();
    let mut any_secret = false;
    for (p, f) in props.iter().zip(idents) {
        let ty = field_type(&p.ty, names);
        let wire = &p.name;
        let secret = is_secret(wire);
        any_secret |= secret;
        let mut more = Vec::new();
        if !crate::naming::wire_is_camel(&f.to_string(), wire) {
            more.push(format!("Wire name `{wire}`."));
        }
        if secret {
            more.push("A secret: `Debug` shows it as `<redacted>`.".to_owned());
        }
        let docs = if more.is_empty() {
            TokenStream::new()
        } else {
            doc_in_macro(&more.join(" "), "")
        };
        items.push(quote! { #docs #f(#wire): #ty });
        debug_fields.push(debug_field(f, secret));
    }
    let model = names.ident(&t.name);
    let text = format!(
        "Changes to a `{n}`, for an update: each property a [`Patch`] ([`crate::conventions`]).",
        n = t.name
    );
    let docs = doc_in_macro(&text, "");
    let (derive_debug, debug_impl) = debug_parts(id, any_secret, cfg, &debug_fields);
    let extra_kw = extra.map(|ty| quote! { extra #ty });
    quote! {
        #cfg
        patch_model!(
            #docs
            #[derive(Clone, PartialEq, Default #derive_debug)]
            #id from #model #extra_kw { #(#items),* }
        );

        #debug_impl
    }
}

/// An open enum: the type with its documented variants and `UnknownValue(String)`, and
/// one `open_enum!` call (a macro of the runtime) that writes its impls from the
/// variants and their wire values.
fn emit_enum(e: &EnumDef, names: &Names, cfg: &TokenStream, foreign: bool) -> TokenStream {
    let id = names.ident(&e.name);
    let unknown = ident(naming::UNKNOWN_VARIANT);
    let mut taken = BTreeSet::from([naming::UNKNOWN_VARIANT.to_owned()]);
    let mut variants = Vec::new();
    let mut pairs = Vec::new();
    let mut seen_wire = BTreeSet::new();
    for m in &e.members {
        if !seen_wire.insert(m.name.as_str()) {
            continue;
        }
        let v = ident(&naming::unique(naming::camel(&m.name), &mut taken));
        let wire = &m.name;
        let mut d = if m.description.trim().is_empty() {
            format!("`{wire}`.")
        } else {
            m.description.trim().to_owned()
        };
        // On the description's line when that is one line.
        let sep = if d.contains('\n') { "\n\n" } else { " " };
        match m.value {
            Some(n) => d.push_str(&format!(
                "{sep}Wire value `{wire}` (documented number {n})."
            )),
            None => d.push_str(&format!("{sep}Wire value `{wire}`.")),
        }
        let docs = doc(&d, "");
        variants.push(quote! { #docs #v, });
        pairs.push(quote! { #v(#wire) });
    }
    let mut text = if e.description.trim().is_empty() {
        format!("The `{}` enum.", e.name)
    } else {
        e.description.clone()
    };
    let odata = if foreign {
        String::new()
    } else {
        format!("OData enum `microsoft.graph.{}`. ", e.name)
    };
    text.push_str(&format!(
        "\n\n{odata}Written and read as the member name. A value this version does not know \
         is kept in [`{id}::{unknown}`] and written back unchanged."
    ));
    let docs = doc(&text, "");
    quote! {
        #docs
        #cfg
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #id {
            #(#variants)*
            /// A value the pages did not list (newer service, or several flags), kept as sent.
            #unknown(String),
        }

        #cfg
        open_enum!(#id { #(#pairs),* });
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::Diagnostics;
    use crate::ir::Ir;

    fn resource(name: &str, base: Option<&str>, props: &str) -> String {
        let inherits = base
            .map(|b| format!("Inherits from [{b}](../resources/intune-alpha-{b}.md)\n"))
            .unwrap_or_default();
        format!(
            "---\ntitle: \"{name} resource type\"\ndoc_type: resourcePageType\n---\n\n\
             # {name} resource type\n\nNamespace: microsoft.graph\n\nA {name}.\n\n{inherits}\
             ## Properties\n|Property|Type|Description|\n|:---|:---|:---|\n{props}\n\n\
             ## Relationships\nNone\n\n## JSON Representation\n<!-- {{\n  \"blockType\": \"resource\",\n  \
             \"@odata.type\": \"microsoft.graph.{name}\"\n}}\n-->\n``` json\n{{}}\n```\n"
        )
    }

    /// Reads `pages` (file, text), resolves them and emits the generated modules.
    fn generate(pages: &[(&str, &str)]) -> (Ir, Diagnostics, Vec<crate::emit::GeneratedFile>) {
        let mut ir = Ir::default();
        let mut diags = Diagnostics::new();
        for (file, text) in pages {
            crate::parse::parse_page(file, text, &mut ir, &mut diags);
        }
        crate::resolve::resolve(&mut ir, &mut diags);
        let files = crate::emit::generate(&ir).expect("emits valid Rust");
        (ir, diags, files)
    }

    /// The text of the generated module `name`.
    fn module<'a>(files: &'a [crate::emit::GeneratedFile], name: &str) -> &'a str {
        let path = format!("src/generated/{name}.rs");
        files
            .iter()
            .find(|f| f.path == path)
            .map(|f| f.contents.as_str())
            .unwrap_or_else(|| panic!("no module {name}"))
    }

    /// A base type needed by one workload and a type derived from it in another: the
    /// `From<Derived> for AnyBase` impl names both, so it is compiled only where both are.
    #[test]
    fn from_impls_into_any_enums_are_gated_on_both_types() {
        let holder = resource(
            "holder",
            None,
            "|item|[thing](../resources/intune-alpha-thing.md)|The thing.|",
        );
        let thing = resource("thing", None, "|id|String|Its id.|");
        let special = resource("special", Some("thing"), "|extra|String|More.|");
        let (_, _, files) = generate(&[
            ("resources/intune-alpha-holder.md", &holder),
            ("resources/intune-alpha-thing.md", &thing),
            ("resources/intune-beta-special.md", &special),
        ]);
        let alpha = module(&files, "alpha");
        // The `any_enum!` call writes `From<Special> for AnyThing` under the attributes of
        // the `special` arm, and the whole call is only where `AnyThing` is.
        let arm = r#"#[cfg(feature = "beta")] "special" => Special(crate::beta::Special)"#;
        let call: String = alpha
            .split("any_enum!(")
            .nth(1)
            .and_then(|rest| rest.split(");").next())
            .unwrap_or_default()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            // prettyplease writes macro tokens apart: `crate ::beta`.
            .replace("crate ::", "crate::");
        assert!(call.contains(arm), "no `{arm}` in `{call}`:\n{alpha}");
        let mod_rs = files
            .iter()
            .find(|f| f.path == "src/generated/mod.rs")
            .map(|f| f.contents.as_str())
            .unwrap_or_default();
        // The module is compiled only with `alpha` (its declaration says so), so the arm
        // adds only the other workload.
        assert!(
            mod_rs.contains("#[cfg(feature = \"alpha\")]\npub mod alpha;"),
            "{mod_rs}"
        );
        let at = alpha.find("any_enum!(").unwrap_or_default();
        assert!(
            !alpha[..at].trim_end().ends_with(")]"),
            "the call itself needs no cfg"
        );
    }

    /// A page whose first path line is a POST and a later one a PATCH (one page documents
    /// creating a thing on one path and updating it on another): the PATCH function sends
    /// `ThingPatch`, so that struct must exist.
    #[test]
    fn a_patch_on_any_path_line_gets_its_patch_struct() {
        let method = "---\ntitle: \"Create or update thing\"\ndoc_type: apiPageType\n---\n\n\
             # Create or update thing\n\nNamespace: microsoft.graph\n\nCreates or updates.\n\n\
             ## HTTP request\n\n```http\nPOST /things\nPATCH /things/{id}\n```\n\n\
             ## Request body\nIn the request body, supply a JSON representation of a \
             [thing](../resources/intune-alpha-thing.md) object.\n\n\
             ## Response\nIf successful, this method returns a `200 OK` response code and a \
             [thing](../resources/intune-alpha-thing.md) object in the response body.\n";
        let thing = resource("thing", None, "|id|String|Its id.|");
        let (ir, diags, files) = generate(&[
            ("resources/intune-alpha-thing.md", &thing),
            ("api/intune-alpha-thing-upsert.md", method),
        ]);
        assert_eq!(ir.operations.len(), 1, "{:?}", diags.sorted());
        let alpha = module(&files, "alpha");
        assert!(alpha.contains("ThingPatch from Thing"), "{alpha}");
        assert!(alpha.contains("body: &ThingPatch"), "{alpha}");
    }

    /// Enums read from `### x values` sections, with members that are keywords, numbers,
    /// words with spaces, differ only in case or repeat: every one renders as a distinct
    /// valid variant (the files are formatted through syn, which rejects invalid Rust).
    #[test]
    fn awkward_section_members_render_as_distinct_variants() {
        let enums = "---\ntitle: \"Enum values\"\ndoc_type: enumPageType\n---\n\n# Enum values\n\n\
             Namespace: microsoft.graph.odd\n\n### weird values\n\n| Member\n|:---\n| None\n| Self\n\
             | 1\n| Not Ready\n| ready\n| Ready\n| ready\n| UnknownValue\n| id_token\n| id-token\n| null\n";
        let holder = resource(
            "holder",
            None,
            "|w|[weird](../resources/enums.md#weird-values)|W.|",
        );
        let (ir, _, files) = generate(&[
            ("resources/enums.md", enums),
            ("resources/intune-alpha-holder.md", &holder),
        ]);
        assert_eq!(ir.enums[0].name, "odd.weird");
        let all: String = files.iter().map(|f| f.contents.as_str()).collect();
        for v in [
            "None,",
            "Self_,",
            "V1,",
            "NotReady,",
            "Ready,",
            "Ready2,",
            "UnknownValue2,",
            "IdToken,",
            "IdToken2,",
            "Null,",
        ] {
            assert!(all.contains(v), "no variant `{v}` in the output");
        }
        assert!(all.contains("pub w: Option<") && all.contains("OddWeird"));
    }

    /// Some pages list the `@odata.type` annotation as a property row; the struct's own
    /// `odata_type` field is that property, so the row adds no second field with the same
    /// wire name (which serde would reject as an unreachable pattern).
    #[test]
    fn an_odata_type_row_is_the_struct_s_own_field() {
        let page = resource(
            "thing",
            None,
            "|id|String|Its id.|\n|@odata.type|String|The OData type.|",
        );
        let (_, _, files) = generate(&[("resources/intune-alpha-thing.md", &page)]);
        let alpha = module(&files, "alpha");
        // `model!` gives `odata_type` the wire name `@odata.type`; no field repeats it.
        assert!(alpha.contains("model!(Thing { id(\"id\") });"), "{alpha}");
        assert_eq!(alpha.matches("pub odata_type").count(), 1, "{alpha}");
    }

    /// A struct is plain fields, and one `model!` call that gives every field its wire
    /// name (in order), for the runtime's `Serialize`/`Deserialize`.
    #[test]
    fn structs_list_their_wire_names_in_one_model_call() {
        let page = resource(
            "thing",
            None,
            "|id|String|Its id.|\n|URL|String|An acronym.|\n|3dModel|String|A digit.|\n\
             |type|String|A keyword.|\n|wifi_SSID|String|Snake case on the wire.|",
        );
        let (_, _, files) = generate(&[("resources/intune-alpha-thing.md", &page)]);
        let alpha = module(&files, "alpha");
        let call: String = alpha
            .split("model!(")
            .nth(1)
            .and_then(|rest| rest.split(");").next())
            .unwrap_or_default()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(
            call,
            r#"Thing { id("id"), url("URL"), n3d_model("3dModel"), type_("type"), wifi_ssid("wifi_SSID") }"#,
            "{alpha}"
        );
        assert!(!alpha.contains("#[serde"), "{alpha}");
        assert!(
            alpha.contains("#[derive(Clone, PartialEq, Default, Debug)]"),
            "{alpha}"
        );
    }

    /// Graph types named like what the std prelude or the crate-private prelude brings take
    /// other names, so the short paths the generated code writes keep their meaning; a
    /// module's own items are named bare, and items needed by every feature that compiles
    /// their module carry no `#[cfg]`.
    #[test]
    fn reserved_names_are_never_taken_and_own_items_are_bare() {
        let option = resource(
            "option",
            None,
            "|inner|[string](../resources/intune-alpha-string.md)|Inner.|\n|label|String|L.|",
        );
        let string = resource("string", None, "|text|String|T.|");
        let patch = resource("patch", None, "|x|Int32|X.|");
        let (_, _, files) = generate(&[
            ("resources/intune-alpha-option.md", &option),
            ("resources/intune-alpha-string.md", &string),
            ("resources/intune-alpha-patch.md", &patch),
        ]);
        let alpha = module(&files, "alpha");
        for taken in ["Option", "String", "Patch"] {
            assert!(!alpha.contains(&format!("pub struct {taken} ")), "{alpha}");
        }
        assert!(alpha.contains("pub struct Option2 {"), "{alpha}");
        assert!(alpha.contains("pub struct String2 {"), "{alpha}");
        assert!(alpha.contains("pub struct Patch2 {"), "{alpha}");
        assert!(
            alpha.contains("pub inner: Option<Box<String2>>,"),
            "{alpha}"
        );
        assert!(alpha.contains("pub label: Option<String>,"), "{alpha}");
        assert!(alpha.contains("use crate::runtime::prelude::*;"), "{alpha}");
        assert!(!alpha.contains("#[cfg("), "{alpha}");
        assert!(!alpha.contains("crate::alpha::"), "{alpha}");
    }

    /// An enum is its documented variants and one `open_enum!` call with the wire values.
    #[test]
    fn enum_impls_come_from_the_runtime_macro() {
        let enums = "---\ntitle: \"Enum values\"\ndoc_type: enumPageType\n---\n\n# Enum values\n\n\
             Namespace: microsoft.graph\n\n### color values\n\n| Member\n|:---\n| red\n| darkBlue\n";
        let holder = resource(
            "holder",
            None,
            "|c|[color](../resources/enums.md#color-values)|C.|",
        );
        let (_, _, files) = generate(&[
            ("resources/enums.md", enums),
            ("resources/intune-alpha-holder.md", &holder),
        ]);
        let all: String = files.iter().map(|f| f.contents.as_str()).collect();
        let call: String = all
            .split("open_enum!(")
            .nth(1)
            .and_then(|rest| rest.split(");").next())
            .unwrap_or_default()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(
            call, r#"Color { Red("red"), DarkBlue("darkBlue") }"#,
            "{all}"
        );
        assert!(all.contains("UnknownValue(String),"), "{all}");
        assert!(!all.contains("fn as_str"), "{all}");
    }
}
