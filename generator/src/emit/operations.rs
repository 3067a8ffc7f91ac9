//! Request functions: one method on `crate::Client` per operation page.

use super::docs::doc;
use super::types::{describe, ident, rust_type, Names};
use crate::ir::{HttpMethod, Ir, Operation, PathSegment, RequestBody, ResponseBody};
use crate::naming;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

/// The `operations` module: `impl crate::Client { ... }` with every request function.
pub fn emit(ir: &Ir, names: &Names) -> TokenStream {
    let mut taken = BTreeSet::new();
    let fns = ir.operations.iter().map(|op| {
        let name = naming::unique(naming::function(&op.title), &mut taken);
        emit_operation(op, &name, names)
    });
    quote! {
        #![doc = " Request functions read from the method pages, as methods of [`crate::Client`]."]
        impl crate::Client {
            #(#fns)*
        }
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

fn emit_operation(op: &Operation, fn_name: &str, names: &Names) -> TokenStream {
    // The first path line is the one the function calls; the others are listed in its docs.
    let Some(path) = op.paths.first() else {
        return TokenStream::new();
    };
    let f = ident(fn_name);
    let method = method_tokens(path.method);

    // Path parameters become `&str` arguments, percent-encoded into their segment.
    let mut arg_names = BTreeSet::from(["body".to_owned()]);
    let mut args = Vec::new();
    // The path as pieces: literal text and encoded parameters, joined at run time.
    let mut pieces = Vec::new();
    let mut literal = String::new();
    for seg in &path.segments {
        literal.push('/');
        match seg {
            PathSegment::Literal(s) => literal.push_str(s),
            PathSegment::Param(p) => {
                let a = ident(&naming::unique(naming::field(p), &mut arg_names));
                pieces.push(quote! { #literal });
                literal.clear();
                pieces.push(quote! { crate::runtime::encode_path_segment(#a).as_str() });
                args.push(quote! { #a: &str });
            }
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
        Some(RequestBody::Type { ty, .. }) => {
            let rt = rust_type_unboxed(ty, names);
            (quote! { body: &#rt }, quote! { .json_body(body) })
        }
        Some(RequestBody::Parameters { .. }) => {
            let id = names.ident(&Names::body_key(&op.title));
            (
                quote! { body: &crate::models::#id },
                quote! { .json_body(body) },
            )
        }
        None => (TokenStream::new(), TokenStream::new()),
    };
    let body_arg = if body_arg.is_empty() {
        body_arg
    } else {
        quote! { , #body_arg }
    };

    let (ret, decode, returns_doc) = match &op.response.body {
        ResponseBody::None => (
            quote! { () },
            quote! { crate::runtime::decode_empty },
            "nothing".to_owned(),
        ),
        ResponseBody::Single { ty } => {
            let rt = rust_type_unboxed(ty, names);
            (
                quote! { #rt },
                quote! { crate::runtime::decode_json::<#rt> },
                format!("a `{}`", describe(ty)),
            )
        }
        ResponseBody::Collection { ty } => {
            let rt = rust_type_unboxed(ty, names);
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
    for other in &op.paths[1..] {
        text.push_str(&format!(
            "\n(also reachable as `{} {}`)",
            other.method.as_str(),
            other.template
        ));
    }
    text.push_str(&format!(
        "\n\nOn success the service answers `{}` with {returns_doc}.",
        op.response.status
    ));
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
        pub fn #f(&self #(, #args)* #body_arg) -> crate::Request<#ret> {
            crate::Request::new(self, #method, #path_expr, #decode)#body_call
        }
    }
}

/// Request and response bodies are owned values; no boxing needed at the top level.
fn rust_type_unboxed(ty: &crate::ir::TypeRef, names: &Names) -> TokenStream {
    let t = rust_type(ty, names);
    if ty.collection {
        return t;
    }
    match &ty.kind {
        crate::ir::TypeKind::Type { name } => {
            let id = names.ident(name);
            quote! { crate::models::#id }
        }
        _ => t,
    }
}
