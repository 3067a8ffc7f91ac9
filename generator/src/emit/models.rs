//! Model items: one struct per entity or complex type, one open enum per enum type, an
//! `Any{T}` enum for every base type that values may arrive as a derived type of, a
//! three-state `{T}Patch` struct for every type sent in a PATCH, and a parameter struct
//! for every action.

use super::docs::doc;
use super::layout::{all_properties, Layout};
use super::secrets::is_secret;
use super::types::{cfg, describe, field_type, ident, Extra, Names};
use crate::ir::{EnumDef, Ir, Property, TypeDef};
use crate::naming;
use crate::plan::Opens;
use proc_macro2::{Ident, TokenStream};
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// Items of each module, keyed by module then by Rust name (so output order is fixed).
pub type Items = BTreeMap<String, BTreeMap<String, TokenStream>>;

/// Emits the model items of `ir` that belong to the modules `keep` accepts into `items`.
pub fn emit(
    ir: &Ir,
    layout: &Layout,
    names: &Names,
    patched: &BTreeSet<String>,
    opens: &Opens,
    items: &mut Items,
    keep: &dyn Fn(&str) -> bool,
) {
    let by_name: BTreeMap<&str, &TypeDef> = ir.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut put = |module: &str, key: String, tokens: TokenStream| {
        items
            .entry(module.to_owned())
            .or_default()
            .insert(key, tokens);
    };
    for t in &ir.types {
        let module = layout.module_of.get(&t.name).cloned().unwrap_or_default();
        if !keep(&module) {
            continue;
        }
        let features = layout.features(&t.name);
        let id = names.ident(&t.name);
        let props = all_properties(t, &by_name);
        let mut text = if t.description.trim().is_empty() {
            format!("The `{}` type.", t.name)
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
        put(
            &module,
            id.to_string(),
            emit_struct(&id, &text, &props, names, opens, &features),
        );
        if layout.polymorphic.contains(&t.name) {
            let any = names.extra_ident(Extra::Any, &t.name);
            put(&module, any.to_string(), emit_any(t, layout, names));
        }
        if patched.contains(&t.name) {
            let p = names.extra_ident(Extra::Patch, &t.name);
            put(
                &module,
                p.to_string(),
                emit_patch(t, &p, &props, names, opens, &features),
            );
        }
    }
    for e in &ir.enums {
        let module = layout.module_of.get(&e.name).cloned().unwrap_or_default();
        if !keep(&module) {
            continue;
        }
        let id = names.ident(&e.name);
        put(
            &module,
            id.to_string(),
            emit_enum(e, names, &layout.features(&e.name)),
        );
    }
    for (i, op) in ir.operations.iter().enumerate() {
        if crate::plan::kind(op) == crate::plan::OpKind::Function {
            continue;
        }
        if let (Some(crate::ir::RequestBody::Parameters { parameters }), Some((id, _))) =
            (&op.request_body, names.body(i))
        {
            let module = layout.op_module.get(i).cloned().unwrap_or_default();
            if !keep(&module) {
                continue;
            }
            let text = format!(
                "The parameters of `{}`, sent as the JSON request body.",
                op.title
            );
            let props: Vec<&Property> = parameters.iter().collect();
            let features = BTreeSet::from([module.clone()]);
            put(
                &module,
                id.to_string(),
                emit_struct(&id, &text, &props, names, opens, &features),
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

fn field_doc(p: &Property, opens: &Opens) -> (TokenStream, bool) {
    let wire = &p.name;
    let mut d = if p.description.trim().is_empty() {
        format!("The `{wire}` property.")
    } else {
        p.description.clone()
    };
    d.push_str(&format!(
        "\n\nWire name `{wire}`, type `{}`.",
        describe(&p.ty)
    ));
    if let Some(fns) = opens.get(&(p.source.file.clone(), p.source.line)) {
        const SHOWN: usize = 6;
        let shown: Vec<String> = fns.iter().take(SHOWN).map(|f| format!("`{f}`")).collect();
        let more = match fns.len().saturating_sub(SHOWN) {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        d.push_str(&format!(
            "\n\nAs a path segment it is opened by the request functions {}{more}.",
            shown.join(", ")
        ));
    }
    let secret = is_secret(wire);
    if secret {
        d.push_str(" A secret: `Debug` shows it as `<redacted>`.");
    }
    (doc(&d, ""), secret)
}

/// The fields of a model (`Option<T>`) or of a patch (`crate::Patch<T>`), with the
/// matching lines of a redacting `Debug`.
struct Fields {
    fields: Vec<TokenStream>,
    debug_fields: Vec<TokenStream>,
    idents: Vec<Ident>,
    /// Whether any property is secret (then `Debug` is written out, redacting it).
    any_secret: bool,
}

fn fields(props: &[&Property], names: &Names, opens: &Opens, patch: bool) -> Fields {
    let idents = field_idents(props);
    let mut out = Fields {
        fields: Vec::new(),
        debug_fields: Vec::new(),
        idents: idents.clone(),
        any_secret: false,
    };
    for (p, f) in props.iter().zip(&idents) {
        let wire = &p.name;
        let ty = field_type(&p.ty, names);
        let (docs, secret) = field_doc(p, opens);
        out.any_secret |= secret;
        out.fields.push(if patch {
            quote! {
                #docs
                #[serde(rename = #wire, default, skip_serializing_if = "crate::Patch::is_absent")]
                pub #f: crate::Patch<#ty>,
            }
        } else {
            quote! {
                #docs
                #[serde(rename = #wire, default, skip_serializing_if = "::std::option::Option::is_none")]
                pub #f: ::std::option::Option<#ty>,
            }
        });
        let fname = f.to_string();
        out.debug_fields.push(if secret {
            quote! { .field(#fname, &crate::runtime::redacted(&self.#f)) }
        } else {
            quote! { .field(#fname, &self.#f) }
        });
    }
    out
}

fn emit_struct(
    id: &Ident,
    text: &str,
    props: &[&Property],
    names: &Names,
    opens: &Opens,
    features: &BTreeSet<String>,
) -> TokenStream {
    let Fields {
        fields,
        debug_fields,
        any_secret,
        ..
    } = fields(props, names, opens, false);
    let docs = doc(text, "");
    let cfg = cfg(features);
    // Debug is derived unless a property is secret; then it is written out with redaction.
    let (derive_debug, debug_impl) = debug_parts(id, any_secret, &cfg, &debug_fields);
    quote! {
        #docs
        #cfg
        #[derive(::std::clone::Clone, ::std::cmp::PartialEq, ::std::default::Default, ::serde::Serialize, ::serde::Deserialize #derive_debug)]
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

        #debug_impl
    }
}

/// A derived `Debug` when nothing is secret, else a written-out one that redacts.
fn debug_parts(
    id: &Ident,
    any_secret: bool,
    cfg: &TokenStream,
    fields: &[TokenStream],
) -> (TokenStream, TokenStream) {
    if !any_secret {
        return (quote! { , ::std::fmt::Debug }, TokenStream::new());
    }
    let name = id.to_string();
    let imp = quote! {
        #cfg
        impl ::std::fmt::Debug for #id {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#name)
                    .field("odata_type", &self.odata_type)
                    #(#fields)*
                    .field("additional_properties", &self.additional_properties)
                    .finish()
            }
        }
    };
    (TokenStream::new(), imp)
}

/// `Any{T}`: a value typed as `T` on the pages, which may be any type derived from it.
fn emit_any(base: &TypeDef, layout: &Layout, names: &Names) -> TokenStream {
    let any = names.extra_ident(Extra::Any, &base.name);
    let base_id = names.ident(&base.name);
    let base_path = names.path(&base.name);
    let derived = layout.derived.get(&base.name).cloned().unwrap_or_default();
    let mut variants = Vec::new();
    let mut de_arms = Vec::new();
    let mut ser_arms = Vec::new();
    let mut froms = Vec::new();
    for d in &derived {
        let v = names.ident(d);
        let p = names.path(d);
        let c = cfg(&layout.features(d));
        let wire = d.as_str();
        let text = format!(" A `{d}` (`@odata.type` `#microsoft.graph.{d}`).");
        variants.push(quote! { #[doc = #text] #c #v(#p), });
        de_arms.push(quote! {
            #c
            #wire => ::serde_json::from_value(value).map(Self::#v),
        });
        ser_arms.push(
            quote! { #c Self::#v(value) => ::serde::Serialize::serialize(value, serializer), },
        );
        // The impl names both the derived type and the `Any` enum of the base, which are
        // gated on different features.
        let from_cfg = layout.cfg_naming(&[d, &base.name]).tokens();
        froms.push(quote! {
            #from_cfg
            impl ::std::convert::From<#p> for #any {
                fn from(value: #p) -> Self {
                    Self::#v(value)
                }
            }
        });
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
    let cfg = cfg(&layout.features(&base.name));
    quote! {
        #docs
        #cfg
        #[derive(::std::clone::Clone, ::std::fmt::Debug, ::std::cmp::PartialEq)]
        #[non_exhaustive]
        pub enum #any {
            #[doc = #base_text]
            #base_id(#base_path),
            #(#variants)*
        }

        #cfg
        impl ::std::convert::From<#base_path> for #any {
            fn from(value: #base_path) -> Self {
                Self::#base_id(value)
            }
        }

        #(#froms)*

        #cfg
        impl ::serde::Serialize for #any {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    Self::#base_id(value) => ::serde::Serialize::serialize(value, serializer),
                    #(#ser_arms)*
                }
            }
        }

        #cfg
        impl<'de> ::serde::Deserialize<'de> for #any {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let tag = value
                    .get("@odata.type")
                    .and_then(::serde_json::Value::as_str)
                    .map(|t| t.trim_start_matches('#').trim_start_matches("microsoft.graph."))
                    .unwrap_or_default()
                    .to_owned();
                let result = match tag.as_str() {
                    #(#de_arms)*
                    _ => ::serde_json::from_value(value).map(Self::#base_id),
                };
                result.map_err(<D::Error as ::serde::de::Error>::custom)
            }
        }
    }
}

/// `{T}Patch`: the body of an update, where each property is absent, null or set.
fn emit_patch(
    t: &TypeDef,
    id: &Ident,
    props: &[&Property],
    names: &Names,
    opens: &Opens,
    features: &BTreeSet<String>,
) -> TokenStream {
    let Fields {
        fields,
        debug_fields,
        idents,
        any_secret,
    } = fields(props, names, opens, true);
    let from_fields = idents
        .iter()
        .map(|f| quote! { #f: crate::Patch::from(value.#f), });
    let model = names.path(&t.name);
    let text = format!(
        "Changes to a `{n}`, for an update: each property is left out ([`crate::Patch::Absent`], the \
         default), cleared ([`crate::Patch::Null`], sent as `null`) or set ([`crate::Patch::Set`]).\n\n\
         Nothing is sent that was not asked for. Properties of derived types can be set through \
         `additional_properties`.",
        n = t.name
    );
    let docs = doc(&text, "");
    let cfg = cfg(features);
    let (derive_debug, debug_impl) = debug_parts(id, any_secret, &cfg, &debug_fields);
    quote! {
        #docs
        #cfg
        #[derive(::std::clone::Clone, ::std::cmp::PartialEq, ::std::default::Default, ::serde::Serialize, ::serde::Deserialize #derive_debug)]
        pub struct #id {
            /// The `@odata.type` to send, needed when patching a derived type through a base path.
            #[serde(rename = "@odata.type", default, skip_serializing_if = "::std::option::Option::is_none")]
            pub odata_type: ::std::option::Option<::std::string::String>,
            #(#fields)*
            /// Further properties to send as they are (a JSON `null` clears one).
            #[serde(flatten)]
            pub additional_properties: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
        }

        #debug_impl

        #cfg
        impl ::std::convert::From<#model> for #id {
            /// Every property that is set on the model is set in the patch; the rest stay absent.
            fn from(value: #model) -> Self {
                Self {
                    odata_type: value.odata_type,
                    #(#from_fields)*
                    additional_properties: value.additional_properties,
                }
            }
        }
    }
}

fn emit_enum(e: &EnumDef, names: &Names, features: &BTreeSet<String>) -> TokenStream {
    let id = names.ident(&e.name);
    let unknown = ident(naming::UNKNOWN_VARIANT);
    let mut taken = BTreeSet::from([naming::UNKNOWN_VARIANT.to_owned()]);
    let mut variants = Vec::new();
    let mut to_str = Vec::new();
    let mut from_str = Vec::new();
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
    let cfg = cfg(features);
    quote! {
        #docs
        #cfg
        #[derive(::std::clone::Clone, ::std::fmt::Debug, ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::hash::Hash, ::std::cmp::PartialOrd, ::std::cmp::Ord)]
        #[non_exhaustive]
        pub enum #id {
            #(#variants)*
            /// A value the pages did not list (newer service, or several flags), kept as sent.
            #unknown(::std::string::String),
        }

        #cfg
        impl #id {
            /// The value as written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::#unknown(value) => value.as_str(),
                }
            }
        }

        #cfg
        impl ::std::convert::From<&str> for #id {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::#unknown(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }

        #cfg
        impl ::std::fmt::Display for #id {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #cfg
        impl ::serde::Serialize for #id {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #cfg
        impl<'de> ::serde::Deserialize<'de> for #id {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from(value.as_str()))
            }
        }
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
        let from = "impl ::std::convert::From<crate::beta::Special> for AnyThing";
        let at = alpha
            .find(from)
            .unwrap_or_else(|| panic!("no `{from}` in:\n{alpha}"));
        let before = alpha[..at].trim_end();
        assert!(
            before.ends_with(r#"#[cfg(all(feature = "alpha", feature = "beta"))]"#),
            "the impl must be gated on both workloads: {}",
            &before[before.len().saturating_sub(120)..]
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
        assert!(alpha.contains("pub struct ThingPatch"), "{alpha}");
        assert!(alpha.contains("body: &crate::alpha::ThingPatch"), "{alpha}");
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
        assert!(all.contains("pub w: ::std::option::Option<") && all.contains("OddWeird"));
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
        assert_eq!(
            alpha.matches("rename = \"@odata.type\"").count(),
            1,
            "{alpha}"
        );
    }
}
