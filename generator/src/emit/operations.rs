//! Request functions: one method on `crate::Client` per path line of every operation page.
//!
//! The rule for pages with several path lines: the first path gets the name from the page
//! title (`list_device_configuration_assignments`); every further path gets that name plus
//! `_via_` and the literal segments it has that the first path has not
//! (`..._via_group_assignments_device_configuration`), made unique with a number when needed.

use super::docs::doc;
use super::layout::Layout;
use super::types::{body_type, describe, ident, item_type, Extra, Names};
use crate::ir::{
    Edm, HttpMethod, HttpPath, Ir, Operation, PathSegment, Piece, Property, RequestBody,
    ResponseBody, TypeKind, TypeRef, Via,
};
use crate::naming;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// Whether the page is an OData function, whose parameters go in the URL: a GET whose
/// title says so ("... function") or whose path ends in a call (`getCounts(period='{p}')`,
/// `delta()`).
pub fn is_function(op: &Operation) -> bool {
    let Some(first) = op.paths.first() else {
        return false;
    };
    first.method == HttpMethod::Get
        && (op.title.to_ascii_lowercase().ends_with(" function")
            || first
                .segments
                .last()
                .is_some_and(|s| s.call_name().is_some()))
}

/// The type whose `{T}Patch` struct a path of `op` sends: a PATCH line whose body is one
/// entity or complex type. Decided here once, for the structs and the functions alike.
pub fn patch_target<'a>(op: &'a Operation, path: &HttpPath) -> Option<&'a str> {
    if path.method != HttpMethod::Patch || is_function(op) {
        return None;
    }
    match &op.request_body {
        Some(RequestBody::Type { ty, .. }) if !ty.collection => match &ty.kind {
            TypeKind::Type { name } => Some(name),
            _ => None,
        },
        _ => None,
    }
}

/// The types sent as PATCH bodies, by any path line of any operation: each gets a
/// `{T}Patch` struct.
pub fn patched_types(ir: &Ir) -> BTreeSet<String> {
    ir.operations
        .iter()
        .flat_map(|op| op.paths.iter().filter_map(|p| patch_target(op, p)))
        .map(str::to_owned)
        .collect()
}

/// The function names of every path of every operation, in IR order. Pages that share a
/// title get the subject they act on as a suffix (`assign_mobile_apps`,
/// `assign_managed_ios_store_app`); any clash left gets a number.
pub fn function_names(ir: &Ir) -> Vec<Vec<String>> {
    let mut taken = BTreeSet::new();
    let mut by_title: BTreeMap<String, usize> = BTreeMap::new();
    for op in &ir.operations {
        *by_title.entry(naming::function(&op.title)).or_default() += 1;
    }
    ir.operations
        .iter()
        .map(|op| {
            let mut base = naming::function(&op.title);
            // Pages with the same title ("assign action" on many types) are told apart by
            // what they act on: the last literal segment before the last one, a type cast
            // (`microsoft.graph.managedIOSStoreApp`) read as the type's name.
            if by_title.get(&base).copied().unwrap_or(0) > 1 {
                let subject = op.paths.first().and_then(|p| {
                    let lits: Vec<&str> = literals(p).collect();
                    lits.len().checked_sub(2).and_then(|i| lits.get(i)).copied()
                });
                if let Some(subject) = subject {
                    let subject = subject.strip_prefix("microsoft.graph.").unwrap_or(subject);
                    base = format!("{}_{}", base.trim_end_matches('_'), naming::snake(subject));
                }
            }
            let first_literals: BTreeSet<&str> = op
                .paths
                .first()
                .map(|p| literals(p).collect())
                .unwrap_or_default();
            op.paths
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    if i == 0 {
                        return naming::unique(base.clone(), &mut taken);
                    }
                    let extra: Vec<&str> = literals(p)
                        .filter(|l| !first_literals.contains(l))
                        .map(|l| l.strip_prefix("microsoft.graph.").unwrap_or(l))
                        .collect();
                    let suffix = if extra.is_empty() {
                        format!("path{}", i + 1)
                    } else {
                        naming::snake(&extra.join(" "))
                    };
                    naming::unique(format!("{base}_via_{suffix}"), &mut taken)
                })
                .collect()
        })
        .collect()
}

/// The request functions a relationship row opens as a path segment, keyed by the row's
/// page and line: those whose path reaches its last relationship through that row.
pub type Opens = BTreeMap<(String, usize), Vec<String>>;

/// Finds, for every relationship row, the functions whose paths it opens.
pub fn segment_functions(ir: &Ir, fn_names: &[Vec<String>]) -> Opens {
    let types: BTreeMap<&str, &crate::ir::TypeDef> =
        ir.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut opens = Opens::new();
    for (op, names) in ir.operations.iter().zip(fn_names) {
        for (p, name) in op.paths.iter().zip(names) {
            let last = p.addressed.iter().rposition(|a| {
                !matches!(a.via, Via::Key | Via::Cast | Via::Operation | Via::Special)
            });
            let Some(k) = last else { continue };
            let (Some(a), Some(seg)) = (
                p.addressed.get(k),
                p.segments.get(k).and_then(PathSegment::name),
            ) else {
                continue;
            };
            if !matches!(a.via, Via::Relationship | Via::DerivedRelationship) {
                continue;
            }
            let row = a.owner.as_deref().and_then(|o| types.get(o)).and_then(|t| {
                t.navigation
                    .iter()
                    .find(|r| r.name.eq_ignore_ascii_case(seg))
            });
            if let Some(row) = row {
                opens
                    .entry((row.source.file.clone(), row.source.line))
                    .or_default()
                    .push(name.clone());
            }
        }
    }
    for fns in opens.values_mut() {
        fns.sort();
        fns.dedup();
    }
    opens
}

/// `a` or `an` before a name, by how it starts (`an animal`, `a user`, `an unknown`).
fn article(name: &str) -> &'static str {
    let lower = name.to_ascii_lowercase();
    match lower.chars().next() {
        Some('a' | 'e' | 'i' | 'o') => "an",
        Some('u') if lower.starts_with("un") || lower.starts_with("up") => "an",
        _ => "a",
    }
}

/// A sentence on what a path addresses, and the key each parameter selects; empty when
/// the path could not be read. `args` are the path parameters: segment index and argument.
fn addressed_doc(path: &HttpPath, args: &[(usize, String)]) -> String {
    let mut out = String::new();
    let subject = path
        .addressed
        .iter()
        .enumerate()
        .rfind(|(_, a)| !matches!(a.via, Via::Operation | Via::Special | Via::Unknown));
    let bound = path
        .addressed
        .last()
        .is_some_and(|a| a.via == Via::Operation);
    let mut subject_key = None;
    if let Some((k, a)) = subject {
        if let Some(ty) = &a.ty {
            let lead = if bound { "Bound to" } else { "Addresses" };
            if a.collection {
                out.push_str(&format!("{lead} a collection of `{ty}`"));
            } else {
                out.push_str(&format!("{lead} {} `{ty}`", article(ty)));
            }
            match (
                a.via,
                &a.owner,
                path.segments.get(k).and_then(PathSegment::name),
            ) {
                (Via::Relationship | Via::DerivedRelationship, Some(o), Some(l)) => {
                    out.push_str(&format!(": the `{l}` relationship of `{o}`"))
                }
                (Via::Property, Some(o), Some(l)) => {
                    out.push_str(&format!(": the `{l}` property of `{o}`"))
                }
                (Via::Key, _, _) => {
                    if let Some((_, arg)) = args.iter().find(|(i, _)| *i == k) {
                        out.push_str(&format!(" selected by its key `{arg}`"));
                        subject_key = Some(k);
                    }
                }
                _ => {}
            }
            out.push('.');
        }
    }
    let keys: Vec<String> = args
        .iter()
        .filter(|(k, _)| Some(*k) != subject_key)
        .filter_map(|(k, arg)| {
            let ty = path.addressed.get(*k)?.ty.as_deref()?;
            Some(format!("`{arg}` is the key of {} `{ty}`", article(ty)))
        })
        .collect();
    if !keys.is_empty() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&keys.join(", "));
        out.push('.');
    }
    out
}

/// The names of a path's segments (literals, calls, colon addressing), in order.
fn literals(p: &HttpPath) -> impl Iterator<Item = &str> {
    p.segments.iter().filter_map(PathSegment::name)
}

/// Emits the operations of the modules `keep` accepts into `impl crate::Client` blocks,
/// one per workload module.
pub fn emit(
    ir: &Ir,
    layout: &Layout,
    names: &Names,
    fn_names: &[Vec<String>],
    items: &mut super::models::Items,
    keep: &dyn Fn(&str) -> bool,
) {
    let mut by_module: BTreeMap<&str, Vec<TokenStream>> = BTreeMap::new();
    for (i, op) in ir.operations.iter().enumerate() {
        let module = layout
            .op_module
            .get(i)
            .map(String::as_str)
            .unwrap_or("common");
        if !keep(module) {
            continue;
        }
        for (path, name) in op.paths.iter().zip(&fn_names[i]) {
            by_module
                .entry(module)
                .or_default()
                .push(emit_one(op, i, path, name, names));
        }
    }
    for (module, fns) in by_module {
        let text = format!(" Requests of the `{module}` workload.");
        let tokens = quote! {
            #[cfg(feature = #module)]
            #[doc = #text]
            impl crate::Client {
                #(#fns)*
            }
        };
        // Sorts after every model item of the module.
        items
            .entry(module.to_owned())
            .or_default()
            .insert("~operations".into(), tokens);
    }
}

fn method_tokens(m: HttpMethod) -> TokenStream {
    match m {
        HttpMethod::Get => quote! { ::reqwest::Method::GET },
        HttpMethod::Post => quote! { ::reqwest::Method::POST },
        HttpMethod::Put => quote! { ::reqwest::Method::PUT },
        HttpMethod::Patch => quote! { ::reqwest::Method::PATCH },
        HttpMethod::Delete => quote! { ::reqwest::Method::DELETE },
    }
}

/// An expression giving the OData URL literal of function parameter `arg`.
fn function_literal(p: &Property, arg: &proc_macro2::Ident) -> TokenStream {
    let quoted = |inner: TokenStream| quote! { ["'", #inner, "'"].concat() };
    if p.ty.collection {
        return quote! { ::serde_json::to_string(#arg).unwrap_or_default() };
    }
    match &p.ty.kind {
        TypeKind::Primitive { edm: Edm::String } => quoted(quote! { &#arg.replace('\'', "''") }),
        TypeKind::Primitive {
            edm: Edm::Guid | Edm::Date | Edm::TimeOfDay | Edm::Duration,
        } => quote! { ::std::string::ToString::to_string(#arg) },
        TypeKind::Primitive {
            edm: Edm::DateTimeOffset,
        } => quote! { ::std::string::ToString::to_string(#arg.as_str()) },
        TypeKind::Enum { .. } => quoted(quote! { #arg.as_str() }),
        _ => quote! { ::serde_json::to_string(#arg).unwrap_or_default() },
    }
}

fn emit_one(
    op: &Operation,
    index: usize,
    path: &HttpPath,
    fn_name: &str,
    names: &Names,
) -> TokenStream {
    let f = ident(fn_name);
    let method = method_tokens(path.method);
    let function = is_function(op);

    // A function's typed parameters (its parameter table) replace the arguments the
    // path writes in its last segment: `getCounts(period='{period}')` → `getCounts` and
    // the typed list below.
    let typed_call = match (function, &op.request_body) {
        (true, Some(RequestBody::Parameters { parameters })) => !parameters.is_empty(),
        _ => false,
    };

    // Path parameters become `&str` arguments, percent-encoded into their segment.
    let mut arg_names = BTreeSet::from(["body".to_owned()]);
    let mut args = Vec::new();
    let mut key_args = Vec::new();
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut param = |p: &str,
                     k: usize,
                     key: bool,
                     keep_slashes: bool,
                     literal: &mut String,
                     pieces: &mut Vec<TokenStream>,
                     args: &mut Vec<TokenStream>,
                     arg_names: &mut BTreeSet<String>| {
        // A page that uses one placeholder name twice (`.../{id}/things/{id}`):
        // the second is named after the collection it selects from (`thing_id`).
        let mut name = naming::field(p);
        if arg_names.contains(&name) {
            if let Some(l) = k
                .checked_sub(1)
                .and_then(|j| path.segments.get(j))
                .and_then(PathSegment::name)
            {
                let one = naming::singulars(l).into_iter().next();
                // `override` is `override_` as a name of its own, but `override_id` here.
                let stem = naming::field(one.as_deref().unwrap_or(l));
                name = format!("{}_id", stem.trim_end_matches('_'));
            }
        }
        let a = ident(&naming::unique(name, arg_names));
        if key {
            key_args.push((k, a.to_string()));
        }
        pieces.push(quote! { #literal });
        literal.clear();
        if keep_slashes {
            // A path inside colon addressing (`root:/{item-path}:`) keeps its `/`.
            pieces.push(quote! {
                #a.split('/')
                    .map(crate::runtime::encode_path_segment)
                    .collect::<::std::vec::Vec<_>>()
                    .join("/")
                    .as_str()
            });
        } else {
            pieces.push(quote! { crate::runtime::encode_path_segment(#a).as_str() });
        }
        args.push(quote! { #a: &str });
    };
    for (k, seg) in path.segments.iter().enumerate() {
        literal.push('/');
        match seg {
            _ if typed_call && k + 1 == path.segments.len() && seg.call_name().is_some() => {
                literal.push_str(seg.call_name().unwrap_or_default());
            }
            PathSegment::Literal(s) => literal.push_str(s),
            PathSegment::Param(p) => param(
                p,
                k,
                true,
                false,
                &mut literal,
                &mut pieces,
                &mut args,
                &mut arg_names,
            ),
            PathSegment::Mixed(parts) => {
                let key = seg.name().is_none();
                let mut colon_path = false;
                for part in parts {
                    match part {
                        Piece::Text(t) => {
                            colon_path |= t.contains(":/");
                            literal.push_str(t);
                        }
                        Piece::Param(p) => param(
                            p,
                            k,
                            key,
                            colon_path,
                            &mut literal,
                            &mut pieces,
                            &mut args,
                            &mut arg_names,
                        ),
                    }
                }
            }
        }
    }
    // A function's parameters go in the URL: `name(a='x',b=2)`.
    if let (true, Some(RequestBody::Parameters { parameters })) = (typed_call, &op.request_body) {
        {
            literal.push('(');
            for (k, p) in parameters.iter().enumerate() {
                let a = ident(&naming::unique(naming::field(&p.name), &mut arg_names));
                let ty = body_type(&p.ty, names);
                args.push(quote! { #a: &#ty });
                literal.push_str(if k == 0 { "" } else { "," });
                literal.push_str(&p.name);
                literal.push('=');
                pieces.push(quote! { #literal });
                literal.clear();
                let lit = function_literal(p, &a);
                pieces.push(quote! { crate::runtime::encode_path_segment(&#lit).as_str() });
            }
            literal.push(')');
        }
    }
    let path_expr = if pieces.is_empty() {
        quote! { ::std::string::String::from(#literal) }
    } else {
        if !literal.is_empty() {
            pieces.push(quote! { #literal });
        }
        quote! { [#(#pieces),*].concat() }
    };

    let (body_arg, body_call) = match &op.request_body {
        _ if function => (None, TokenStream::new()),
        Some(RequestBody::Type { ty, .. }) => {
            let rt = match patch_target(op, path) {
                Some(name) => names.extra_path(Extra::Patch, name),
                None => body_type(ty, names),
            };
            (Some(quote! { body: &#rt }), quote! { .json_body(body) })
        }
        Some(RequestBody::Parameters { .. }) => match names.body(index) {
            Some((_, p)) => (Some(quote! { body: &#p }), quote! { .json_body(body) }),
            None => (None, TokenStream::new()),
        },
        None => (None, TokenStream::new()),
    };
    args.extend(body_arg);

    let (ret, decode, returns_doc) = match &op.response.body {
        ResponseBody::None => (
            quote! { () },
            quote! { crate::runtime::decode_empty },
            "nothing".to_owned(),
        ),
        ResponseBody::Single {
            ty:
                ty @ TypeRef {
                    kind: TypeKind::Primitive { edm: Edm::Stream },
                    collection: false,
                },
        } => (
            quote! { crate::edm::Binary },
            quote! { crate::runtime::decode_stream },
            format!(
                "{} `{}`: its bytes, as sent (the `{{\"value\": base64}}` form the pages show is unwrapped)",
                article(&describe(ty)),
                describe(ty)
            ),
        ),
        ResponseBody::Single { ty } => {
            let rt = body_type(ty, names);
            // OData wraps a returned primitive or enum as `{"value": x}`.
            let decode = match ty.kind {
                TypeKind::Type { .. } | TypeKind::Json { .. } => {
                    quote! { crate::runtime::decode_json::<#rt> }
                }
                _ if ty.collection => quote! { crate::runtime::decode_json::<#rt> },
                _ => quote! { crate::runtime::decode_value::<#rt> },
            };
            (quote! { #rt }, decode, format!("a `{}`", describe(ty)))
        }
        ResponseBody::Collection { ty } => {
            let rt = item_type(ty, names);
            (
                quote! { crate::Page<#rt> },
                quote! { crate::runtime::decode_json::<crate::Page<#rt>> },
                format!(
                    "a page of `{}` (`value` and `@odata.nextLink`)",
                    describe(ty)
                ),
            )
        }
    };

    let mut text = op.title.clone();
    if !op.description.trim().is_empty() {
        text.push_str(&format!("\n\n{}", op.description.trim()));
    }
    text.push_str(&format!("\n\n`{} {}`", path.method.as_str(), path.template));
    let addressed = addressed_doc(path, &key_args);
    if !addressed.is_empty() {
        text.push_str(&format!("\n\n{addressed}"));
    }
    let others: Vec<String> = op
        .paths
        .iter()
        .filter(|p| *p != path)
        .map(|p| format!("`{} {}`", p.method.as_str(), p.template))
        .collect();
    if !others.is_empty() {
        text.push_str(&format!(
            "\n\nThe same operation is reachable as {}, each with its own function.",
            others.join(", ")
        ));
    }
    text.push_str(&format!(
        "\n\nOn success the service answers `{}` with {returns_doc}.",
        op.response.status
    ));
    if op.query_options {
        text.push_str(
            " The page documents OData query options (`$select`, `$filter`, ...) for it.",
        );
    }
    if !op.permissions.is_empty() {
        text.push_str("\n\nPermissions (least to most privileged):");
        for p in &op.permissions {
            let scopes = if p.scopes.is_empty() {
                "not supported".to_owned()
            } else {
                p.scopes.join(", ")
            };
            text.push_str(&format!("\n- {}: {scopes}", p.kind));
        }
    }
    let docs = doc(&text, "");
    quote! {
        #docs
        pub fn #f(&self #(, #args)*) -> crate::Request<#ret> {
            crate::Request::new(self, #method, #path_expr, #decode)#body_call
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_follow_the_first_letter() {
        assert_eq!(article("enclosure"), "an");
        assert_eq!(article("Edm.Stream"), "an");
        assert_eq!(article("deviceConfiguration"), "a");
        assert_eq!(article("userPFXCertificate"), "a");
        assert_eq!(article("unknownThing"), "an");
    }
}
