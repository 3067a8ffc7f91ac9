//! Requests: the request methods ("terminals") navigation chains end in, and the flat
//! methods on `crate::Client`, one per operation page, named after the page
//! (`create_user_pfx_certificate`) and delegating to the navigation chain of the page's
//! first path. What each method is and where it goes is decided by [`crate::plan`]; this
//! module renders it.

use super::docs::doc;
use super::types::{body_type, describe, ident, item_type, Extra, Names};
use crate::ir::{
    Edm, HttpMethod, HttpPath, Ir, Operation, ParamIn, Parameter, PathSegment, Piece, Property,
    RequestBody, ResponseBody, Status, TypeKind, TypeRef, Via,
};
use crate::naming;
use crate::plan::{NavKind, On, OpPlan, Plan, Terminal};
use proc_macro2::{Ident, TokenStream};
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// A request, rendered from the segments of a path line from `start` on.
pub struct Rendered {
    /// Its arguments: name and type.
    pub args: Vec<(Ident, TokenStream)>,
    /// The HTTP method.
    pub method: TokenStream,
    /// The pieces of the path after what the chain built, to concatenate.
    pub pieces: Vec<TokenStream>,
    /// The decoder of the response.
    pub decode: TokenStream,
    /// What the request returns.
    pub ret: TokenStream,
    /// `.json_body(body)` when it sends one.
    pub body_call: TokenStream,
    /// What a success answer carries, for the docs.
    pub returns_doc: String,
    /// The sentence naming the declared error body's type, if any, for the docs.
    pub error_doc: String,
    /// The path parameters that select a key: segment index and argument.
    pub key_args: Vec<(usize, String)>,
    /// Every path parameter, in path order: its argument and the type it takes when that
    /// is not text ([`crate::plan::path_param`]).
    pub path_args: Vec<(String, Option<TypeRef>)>,
    /// The calls that send the required typed parameters (`.param("limit", &limit)`).
    pub param_calls: TokenStream,
    /// The marker of the operation's request when it has optional parameters.
    pub marker: Option<TokenStream>,
}

impl Rendered {
    /// The type the request method returns: `crate::Request<T>`, or `crate::Request<T, M>`
    /// with the marker of an operation that has optional parameters.
    pub fn request_type(&self, names: &Names) -> TokenStream {
        let (root, ret) = (names.root(), &self.ret);
        match &self.marker {
            Some(m) => quote! { #root::Request<#ret, #m> },
            None => quote! { #root::Request<#ret> },
        }
    }
}

/// The Rust type a typed parameter's value is passed as, and whether that is a reference
/// already: `&str` for text, `&[T]` for a list, numbers (`i64`, `f64`), booleans and
/// enums by value, other types by reference.
pub fn param_type(ty: &TypeRef, names: &Names) -> (TokenStream, bool) {
    if ty.collection {
        let item = item_type(ty, names);
        return (quote! { &[#item] }, true);
    }
    match &ty.kind {
        TypeKind::Primitive { edm } => match edm {
            Edm::String | Edm::Guid | Edm::Date | Edm::TimeOfDay | Edm::Duration => {
                (quote! { &str }, true)
            }
            Edm::Boolean => (quote! { bool }, false),
            Edm::Byte => (quote! { u8 }, false),
            Edm::SByte => (quote! { i8 }, false),
            Edm::Int16 => (quote! { i16 }, false),
            Edm::Int32 => (quote! { i32 }, false),
            Edm::Int64 => (quote! { i64 }, false),
            Edm::UInt64 => (quote! { u64 }, false),
            Edm::Single | Edm::Double => (quote! { f64 }, false),
            _ => {
                let t = body_type(ty, names);
                (quote! { &#t }, true)
            }
        },
        TypeKind::Enum { .. } => (item_type(ty, names), false),
        _ => {
            let t = body_type(ty, names);
            (quote! { &#t }, true)
        }
    }
}

/// The call that sends typed parameter `p` whose value is `value` (a reference or not, as
/// [`param_type`] says).
fn param_call(p: &Parameter, value: &Ident, by_ref: bool) -> TokenStream {
    let wire = p.name.as_str();
    let v = if by_ref {
        quote! { #value }
    } else {
        quote! { &#value }
    };
    match p.location {
        ParamIn::Query => quote! { .param(#wire, #v) },
        ParamIn::Header => quote! { .header_param(#wire, #v) },
    }
}

/// The marker of the request of operation `index` and the setters of its optional
/// parameters (an `impl crate::Request<T, Marker>` block), written in the operation's
/// module; empty when it has none.
pub fn setter_tokens(
    op: &Operation,
    index: usize,
    params: &[String],
    names: &Names,
    cfg: &TokenStream,
) -> TokenStream {
    let Some((marker, _)) = names.query(index) else {
        return TokenStream::new();
    };
    let setters = op
        .parameters
        .iter()
        .zip(params)
        .filter(|(p, _)| !p.required)
        .map(|(p, name)| {
            let f = ident(name);
            let (ty, by_ref) = param_type(&p.ty, names);
            let call = param_call(p, &ident("value"), by_ref);
            let mut text = format!(
                "Sets the {} parameter `{}` ({}).",
                p.location.as_str(),
                p.name,
                describe(&p.ty)
            );
            if !p.description.trim().is_empty() {
                text.push_str(&format!("\n\n{}", p.description.trim()));
            }
            let docs = doc(&text, "");
            quote! {
                #docs
                pub fn #f(self, value: #ty) -> Self {
                    self #call
                }
            }
        });
    let text = format!(
        "Marks the request of `{}`: `crate::Request<T, {marker}>` has a setter per optional parameter of the operation. Never constructed.",
        op.title
    );
    let marker_doc = doc(&text, "");
    quote! {
        #marker_doc
        #cfg
        pub enum #marker {}

        #cfg
        impl<T> crate::Request<T, #marker> {
            #(#setters)*
        }
    }
}

/// Renders what a request appends from segment `start` of `path` on, and its types;
/// `plan` is the operation's plan (its kind and its parameters' names).
pub fn render(
    op: &Operation,
    index: usize,
    path: &HttpPath,
    start: usize,
    names: &Names,
    plan: &OpPlan,
) -> Rendered {
    let method = method_tokens(path.method);
    let function = plan.kind == crate::plan::OpKind::Function;
    let params = plan.params.as_slice();

    // A function's typed parameters (its parameter table) replace the arguments the
    // path writes in its last segment: `getCounts(period='{period}')` → `getCounts` and
    // the typed list below.
    let typed_call = match (function, &op.request_body) {
        (true, Some(RequestBody::Parameters { parameters })) => !parameters.is_empty(),
        _ => false,
    };

    // Path parameters become arguments (`&str`, or the type the plan gives them, written
    // as its text), percent-encoded into their segment.
    let mut arg_names: BTreeSet<String> =
        ["body", "self"].iter().map(|s| (*s).to_owned()).collect();
    let mut args = Vec::new();
    let mut key_args = Vec::new();
    let mut path_args = Vec::new();
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut param = |p: &str,
                     k: usize,
                     key: bool,
                     keep_slashes: bool,
                     literal: &mut String,
                     pieces: &mut Vec<TokenStream>,
                     args: &mut Vec<(Ident, TokenStream)>,
                     arg_names: &mut BTreeSet<String>| {
        let a = ident(&naming::unique(
            key_name(path, k, naming::field(p), arg_names),
            arg_names,
        ));
        if key {
            key_args.push((k, a.to_string()));
        }
        let typed = crate::plan::path_param(path, p);
        path_args.push((a.to_string(), typed.cloned()));
        pieces.push(quote! { #literal });
        literal.clear();
        if let Some(ty) = typed {
            let (t, by_ref) = param_type(ty, names);
            let v = if by_ref {
                quote! { #a }
            } else {
                quote! { &#a }
            };
            pieces.push(quote! {
                crate::runtime::encode_path_segment(&crate::runtime::path_text(#v)).as_str()
            });
            args.push((a.clone(), t));
            return;
        }
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
        args.push((a.clone(), quote! { &str }));
    };
    for (k, seg) in path.segments.iter().enumerate().skip(start) {
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
                args.push((a.clone(), quote! { &#ty }));
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
    if !literal.is_empty() {
        pieces.push(quote! { #literal });
    }

    // Required typed parameters are arguments, after the path's.
    let mut param_calls = TokenStream::new();
    for (p, name) in op.parameters.iter().zip(params) {
        if !p.required {
            continue;
        }
        let a = ident(&naming::unique(name.clone(), &mut arg_names));
        let (ty, by_ref) = param_type(&p.ty, names);
        param_calls.extend(param_call(p, &a, by_ref));
        args.push((a, ty));
    }

    // A typed body goes as JSON, or as a form (the fields of its type, URL-encoded).
    let form = op.request_media.as_deref() == Some(crate::openapi::FORM_MEDIA);
    let encode = if form {
        quote! { .form_body(body) }
    } else {
        quote! { .json_body(body) }
    };
    let (body_arg, body_call) = match &op.request_body {
        _ if function => (None, TokenStream::new()),
        // A body sent as it is: text as a string, anything else as bytes.
        Some(RequestBody::Type { ty, .. }) if op.request_media.is_some() && !form => {
            let media = op.request_media.as_deref().unwrap_or_default();
            match ty.kind {
                TypeKind::Primitive { edm: Edm::String } => (
                    Some((ident("body"), quote! { &str })),
                    quote! { .raw_body(body.as_bytes().to_vec(), #media) },
                ),
                _ => (
                    Some((ident("body"), quote! { &[u8] })),
                    quote! { .raw_body(body.to_vec(), #media) },
                ),
            }
        }
        Some(RequestBody::Type { ty, .. }) => {
            // A PATCH of JSON sends the `Patch` twin; a form, the type itself.
            let rt = match crate::plan::patch_target(op, path) {
                Some(name) => names.extra_path(Extra::Patch, name),
                None => body_type(ty, names),
            };
            (Some((ident("body"), quote! { &#rt })), encode)
        }
        Some(RequestBody::Parameters { .. }) => match names.body(index) {
            Some((_, p)) => (Some((ident("body"), quote! { &#p })), encode),
            None => (None, TokenStream::new()),
        },
        None => (None, TokenStream::new()),
    };
    args.extend(body_arg);

    let (ret, decode, returns_doc) = match names.outcome(index) {
        // Several success responses: the enum of them, decoded by status.
        Some((_, path)) => (
            quote! { #path },
            quote! { #path::decode },
            outcomes_doc(op, &path),
        ),
        None => response_parts(&op.response.body, op.response_media.as_deref(), names),
    };
    // Such a body is asked for by its media type.
    let body_call = match accept(op) {
        Some(m) => quote! { #body_call .header("Accept", #m) },
        None => body_call,
    };

    // The declared error body: the type to read `Error::Service`'s body as.
    let error_doc = match &op.error_body {
        Some(ty) => {
            let rt = body_type(ty, names).to_string().replace(' ', "");
            format!(
                " On an error status it answers with {} `{}`: read it with \
                 `error.service_body::<{rt}>()` ([`crate::Error::service_body`]).",
                article(&describe(ty)),
                describe(ty)
            )
        }
        None => String::new(),
    };

    Rendered {
        args,
        method,
        pieces,
        decode,
        ret,
        body_call,
        returns_doc,
        error_doc,
        key_args,
        path_args,
        param_calls,
        marker: names.query(index).map(|(_, path)| path),
    }
}

/// What a request whose success response has `body` (of media type `media` when it is
/// not JSON) returns: the Rust type, its decoder, and what it carries, for the docs.
fn response_parts(
    body: &ResponseBody,
    media: Option<&str>,
    names: &Names,
) -> (TokenStream, TokenStream, String) {
    match (media, body) {
        // A body that is not JSON: text or bytes, as the document's media type says.
        (Some(m), ResponseBody::Single { .. }) if m.starts_with("text/") => (
            quote! { String },
            quote! { crate::runtime::decode_text },
            format!("text (`{m}`)"),
        ),
        (Some(m), ResponseBody::Single { .. }) => (
            quote! { crate::edm::Binary },
            quote! { crate::runtime::decode_bytes },
            format!("bytes (`{m}`)"),
        ),
        (_, body) => match body {
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
        },
    }
}

/// The `Accept` header a request sends when it is not JSON: the media type of its
/// success body, or of each of its outcomes' bodies (JSON ones as `application/json`)
/// when one of them is not JSON.
fn accept(op: &Operation) -> Option<String> {
    if op.outcomes.is_empty() {
        return op.response_media.clone();
    }
    if op.outcomes.iter().all(|o| o.media.is_none()) {
        return None;
    }
    let mut medias: Vec<&str> = Vec::new();
    for o in &op.outcomes {
        let m = match (&o.media, &o.body) {
            (Some(m), _) => m.as_str(),
            (None, ResponseBody::None) => continue,
            (None, _) => "application/json",
        };
        if !medias.contains(&m) {
            medias.push(m);
        }
    }
    Some(medias.join(", "))
}

/// What the enum of an operation's outcomes (at `path`) carries, for the request's docs.
fn outcomes_doc(op: &Operation, path: &TokenStream) -> String {
    let each: Vec<String> = op
        .outcomes
        .iter()
        .map(|o| format!("`{}`", o.status))
        .collect();
    format!(
        "one of the outcomes of [`{}`] ({})",
        path.to_string().replace(' ', ""),
        each.join(", ")
    )
}

/// The enum of the outcomes of operation `index` (named by [`Names::outcome`]): a
/// variant per success response, `Status{code}` carrying its body (a unit variant without
/// one) and `Status2xx` for a `2XX` range, carrying the status first; and the decoder that
/// picks the variant by the status, the range's last. Empty when the operation has a
/// single success response.
pub fn outcome_tokens(
    op: &Operation,
    index: usize,
    names: &Names,
    cfg: &TokenStream,
) -> TokenStream {
    let Some((id, _)) = names.outcome(index) else {
        return TokenStream::new();
    };
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    // The `2XX` range's arm goes last: it matches what no code before it does.
    let mut range_arm = None;
    for o in &op.outcomes {
        let (ret, decode, what) = response_parts(&o.body, o.media.as_deref(), names);
        // `a` as the request's docs say it, or `an` by the type's name.
        let what = match what.strip_prefix("a `") {
            Some(rest) => format!("{} `{rest}", article(rest)),
            None => what,
        };
        let mut text = match o.status {
            Status::Code(code) => format!("The `{code}` response, with {what}."),
            Status::AnySuccess => {
                format!("Any other success (`2XX`) response: its status, with {what}.")
            }
        };
        if !o.description.trim().is_empty() {
            text.push_str(&format!("\n\n{}", o.description.trim()));
        }
        let docs = doc(&text, "");
        let unit = matches!(o.body, ResponseBody::None);
        match o.status {
            Status::Code(code) => {
                let v = ident(&format!("Status{code}"));
                let status = proc_macro2::Literal::u16_unsuffixed(code);
                if unit {
                    variants.push(quote! { #docs #v, });
                    arms.push(quote! { #status => Ok(Self::#v), });
                } else {
                    variants.push(quote! { #docs #v(#ret), });
                    arms.push(quote! { #status => #decode(status, body).map(Self::#v), });
                }
            }
            Status::AnySuccess => {
                let v = ident("Status2xx");
                if unit {
                    variants.push(quote! { #docs #v(u16), });
                    range_arm = Some(quote! { 200..=299 => Ok(Self::#v(status)), });
                } else {
                    variants.push(quote! { #docs #v(u16, #ret), });
                    range_arm = Some(quote! {
                        200..=299 => #decode(status, body).map(|b| Self::#v(status, b)),
                    });
                }
            }
        }
    }
    arms.extend(range_arm);
    let text = format!(
        "The outcomes of `{}`: one variant per success response the document declares, \
         chosen by the status the service answers with.",
        op.title
    );
    let docs = doc(&text, "");
    quote! {
        #docs
        #cfg
        #[derive(Clone, Debug, PartialEq)]
        pub enum #id {
            #(#variants)*
        }

        #cfg
        impl #id {
            /// Decodes a success response, its status and body as received, into the
            /// variant of that status, as the request's `send` does: for a response that
            /// came some other way (a cache, a log). A status none of the variants stands
            /// for, or a body that does not fit its type, is an error.
            pub fn decode(status: u16, body: &[u8]) -> ::std::result::Result<Self, ::serde_json::Error> {
                match status {
                    #(#arms)*
                    _ => Err(crate::runtime::unexpected_status(status)),
                }
            }
        }
    }
}

/// `a` or `an` before a name, by how it starts (`an animal`, `a user`, `an unknown`).
pub(super) fn article(name: &str) -> &'static str {
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

/// How many documented paths a doc comment lists before it says how many more there are.
const LISTED: usize = 3;

/// `METHOD /path` lines for docs, at most [`LISTED`] of them.
pub fn path_list(ir: &Ir, documented: &[(usize, usize)]) -> String {
    let mut lines: Vec<(&str, &str)> = documented
        .iter()
        .filter_map(|&(i, j)| {
            let p = ir.operations.get(i)?.paths.get(j)?;
            Some((p.method.as_str(), p.template.as_str()))
        })
        .collect();
    lines.dedup();
    // Only the lines shown are written out; the rest are counted.
    let more = lines.len().saturating_sub(LISTED);
    let mut out: Vec<String> = lines
        .into_iter()
        .take(LISTED)
        .map(|(method, template)| format!("- `{method} {template}`"))
        .collect();
    if more > 0 {
        out.push(format!("- and {more} more"));
    }
    out.join("\n")
}

/// The short name of a kind of account in a permissions table, as `crate::conventions`
/// explains them; a kind the Graph pages do not use is kept as the page writes it.
fn account_kind(kind: &str) -> &str {
    match kind {
        "Delegated (work or school account)" => "delegated",
        "Delegated (personal Microsoft account)" => "personal",
        "Application" => "application",
        other => other,
    }
}

/// An operation's permissions on one line: each list of scopes, least privileged first,
/// with the kinds of account it serves in parentheses (kinds with the same scopes said
/// together), and the kinds that are not supported; empty when the page lists none.
pub fn permissions_line(permissions: &[crate::ir::Permission]) -> String {
    // Scope lists in the page's order, each with the kinds that ask for it.
    let mut groups: Vec<(&[String], Vec<&str>)> = Vec::new();
    for p in permissions {
        let kind = account_kind(&p.kind);
        match groups.iter_mut().find(|(s, _)| *s == p.scopes.as_slice()) {
            Some((_, kinds)) => kinds.push(kind),
            None => groups.push((&p.scopes, vec![kind])),
        }
    }
    groups
        .iter()
        .map(|(scopes, kinds)| {
            let kinds = kinds.join(", ");
            if scopes.is_empty() {
                format!("not supported ({kinds})")
            } else {
                let scopes: Vec<String> = scopes.iter().map(|s| format!("`{s}`")).collect();
                format!("{} ({kinds})", scopes.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The permissions paragraph of a request method's docs: the page's, or a reference to
/// its builder's docs when the builder states them for every page (`shared`).
fn permissions_doc(op: &Operation, shared: bool) -> String {
    if op.permissions.is_empty() {
        String::new()
    } else if shared {
        "\n\nPermissions: as in [`Self`]'s docs.".to_owned()
    } else {
        format!("\n\nPermissions: {}.", permissions_line(&op.permissions))
    }
}

/// The docs of a request: the page's title and description, what it addresses, what it
/// answers, its permissions.
fn request_doc(
    op: &Operation,
    params: &[String],
    path: &HttpPath,
    r: &Rendered,
    paths: &str,
    shared_permissions: bool,
) -> String {
    let mut text = op.title.clone();
    if !op.description.trim().is_empty() {
        text.push_str(&format!("\n\n{}", op.description.trim()));
    }
    text.push_str(&format!("\n\n{paths}"));
    let addressed = addressed_doc(path, &r.key_args);
    if !addressed.is_empty() {
        text.push_str(&format!("\n\n{addressed}"));
    }
    if op.outcomes.is_empty() {
        let status = match op.response.status {
            Status::Code(code) => format!("`{code}`"),
            Status::AnySuccess => "a success (`2XX`) status".to_owned(),
        };
        text.push_str(&format!(
            "\n\nOn success the service answers {status} with {}.{}",
            r.returns_doc, r.error_doc
        ));
    } else {
        text.push_str(&format!(
            "\n\nOn success the service answers {}.{}",
            r.returns_doc, r.error_doc
        ));
    }
    if op.query_options {
        text.push_str(
            " The page documents OData query options (`$select`, `$filter`, ...) for it.",
        );
    }
    text.push_str(&params_doc(op, params));
    text.push_str(&permissions_doc(op, shared_permissions));
    text
}

/// The paragraph listing an operation's typed parameters: the arguments and the setters.
fn params_doc(op: &Operation, params: &[String]) -> String {
    let mut text = String::new();
    for (p, name) in op.parameters.iter().zip(params) {
        if text.is_empty() {
            text.push_str("\n\nParameters:");
        }
        let how = if p.required {
            format!("the argument `{name}`")
        } else {
            format!("optional, set with `.{name}(...)`")
        };
        let what = p
            .description
            .split("\n\n")
            .next()
            .unwrap_or_default()
            .trim();
        let what = if what.is_empty() {
            String::new()
        } else {
            format!(": {what}")
        };
        text.push_str(&format!(
            "\n- {} `{}` ({how}){what}",
            p.location.as_str(),
            p.name
        ));
    }
    text
}

/// A request method (the end of a navigation chain) on `Client` (`on` is `None`) or on a
/// builder: a method item, for an `impl` block.
pub fn terminal_tokens(
    ir: &Ir,
    plan: &Plan,
    names: &Names,
    on: &On,
    term: &Terminal,
) -> TokenStream {
    let (Some(op), f) = (ir.operations.get(term.op), ident(&term.name)) else {
        return TokenStream::new();
    };
    let (Some(path), Some(o)) = (op.paths.get(term.path), plan.ops.get(term.op)) else {
        return TokenStream::new();
    };
    let r = render(op, term.op, path, term.start, names, o);
    let (client, mut pieces) = match on {
        None => (quote! { self }, Vec::new()),
        Some(_) => (quote! { &self.client }, vec![quote! { self.path.as_str() }]),
    };
    pieces.extend(r.pieces.iter().cloned());
    let path_expr = match pieces.as_slice() {
        [] => quote! { ::std::string::String::new() },
        [_] if on.is_some() => quote! { ::std::clone::Clone::clone(&self.path) },
        [one] => quote! { ::std::string::String::from(#one) },
        _ => quote! { [#(#pieces),*].concat() },
    };
    let paths = format!("Documented as:\n{}", path_list(ir, &term.documented));
    let shared = on.is_some() && plan.builder(on).is_some_and(|b| b.permissions.is_some());
    let docs = doc(&request_doc(op, &o.params, path, &r, &paths, shared), "");
    let args = r.args.iter().map(|(a, t)| quote! { #a: #t });
    let (method, decode, body_call, calls) = (&r.method, &r.decode, &r.body_call, &r.param_calls);
    let ret = r.request_type(names);
    let mark = match r.marker {
        Some(_) => quote! { .mark() },
        None => TokenStream::new(),
    };
    quote! {
        #docs
        pub fn #f(&self #(, #args)*) -> #ret {
            crate::Request::new(#client, #method, #path_expr, #decode)#body_call #calls #mark
        }
    }
}

/// The argument name of the key in segment `k` of `path`, `name` unless `taken` has it: a
/// page that uses one placeholder name twice (`.../{id}/things/{id}`) names the second
/// after the collection it selects from (`thing_id`).
fn key_name(path: &HttpPath, k: usize, name: String, taken: &BTreeSet<String>) -> String {
    if !taken.contains(&name) {
        return name;
    }
    let Some(l) = k
        .checked_sub(1)
        .and_then(|j| path.segments.get(j))
        .and_then(PathSegment::name)
    else {
        return name;
    };
    let one = naming::singulars(l).into_iter().next();
    // `override` is `override_` as a name of its own, but `override_id` here.
    let stem = naming::field(one.as_deref().unwrap_or(l));
    format!("{}_id", stem.trim_end_matches('_'))
}

/// A rendered navigation chain: the calls, the arguments they take (name and type), and
/// the rendering of the request it ends in.
pub type Chain = (TokenStream, Vec<(Ident, TokenStream)>, Rendered);

/// The navigation chain of path line `j` of operation `i` as method calls after `self`
/// (a `Client`), with the arguments it takes (key arguments named from `taken`, then the
/// terminal's), and the terminal's rendering.
pub fn chain(
    ir: &Ir,
    plan: &Plan,
    names: &Names,
    i: usize,
    j: usize,
    root: TokenStream,
    taken: &mut BTreeSet<String>,
) -> Option<Chain> {
    let path = ir.operations.get(i)?.paths.get(j)?;
    let p = plan.ops.get(i)?.paths.get(j)?;
    let mut args = Vec::new();
    let mut calls = Vec::new();
    let mut keys = Vec::new();
    let mut path_args = Vec::new();
    for s in &p.steps {
        let m = plan.step_method(s)?;
        let f = ident(&m.name);
        if m.kind == NavKind::Key {
            let name = key_name(path, s.segment, key_arg_name(path, s.segment), taken);
            let a = ident(&naming::unique(name, taken));
            keys.push((s.segment, a.to_string()));
            path_args.push((a.to_string(), m.param.clone()));
            calls.push(quote! { .#f(#a) });
            let ty = match &m.param {
                Some(ty) => param_type(ty, names).0,
                None => quote! { &str },
            };
            args.push((a, ty));
        } else {
            calls.push(quote! { .#f() });
        }
    }
    let term = plan.terminal(p)?;
    let t_op = ir.operations.get(term.op)?;
    let t_plan = plan.ops.get(term.op)?;
    let mut r = render(
        t_op,
        term.op,
        t_op.paths.get(term.path)?,
        term.start,
        names,
        t_plan,
    );
    let mut t_args = Vec::new();
    let mut renamed = BTreeMap::new();
    for (a, ty) in &r.args {
        let local = ident(&naming::unique(a.to_string(), taken));
        renamed.insert(a.to_string(), local.to_string());
        t_args.push(local.clone());
        args.push((local, ty.clone()));
    }
    // The keys this path selects: the chain's, then the terminal's (its segments counted
    // from where this path's chain ends).
    let own_start = p.steps.len();
    for (k, a) in &r.key_args {
        let local = renamed.get(a).cloned().unwrap_or_else(|| a.clone());
        keys.push((k - term.start + own_start, local));
    }
    r.key_args = keys;
    for (a, ty) in &r.path_args {
        let local = renamed.get(a).cloned().unwrap_or_else(|| a.clone());
        path_args.push((local, ty.clone()));
    }
    r.path_args = path_args;
    let f = ident(&term.name);
    Some((quote! { #root #(#calls)* .#f(#(#t_args),*) }, args, r))
}

/// The argument name of the key at segment `k` of a path: the placeholder's name; one
/// the path already used is named after the collection it selects from (`thing_id`).
fn key_arg_name(path: &HttpPath, k: usize) -> String {
    match path.segments.get(k) {
        Some(PathSegment::Param(p)) => naming::field(p),
        _ => "id".to_owned(),
    }
}

/// Emits the flat methods (and the fallback requests that have no builder) of the
/// operations of the modules `keep` accepts into `impl crate::Client` blocks, one per
/// workload module.
pub fn emit(
    ir: &Ir,
    plan: &Plan,
    layout: &super::layout::Layout,
    names: &Names,
    items: &mut dyn super::Sink,
    keep: &dyn Fn(&str) -> bool,
) {
    let mut by_module: BTreeMap<&str, Vec<TokenStream>> = BTreeMap::new();
    let client = plan.builder(&None);
    for (i, (op, o)) in ir.operations.iter().zip(&plan.ops).enumerate() {
        let module = o.workload.as_str();
        if !keep(module) {
            continue;
        }
        // The marker of its request and the setters of its optional parameters.
        if let Some((marker, _)) = names.query(i) {
            let named: Vec<&str> = op
                .parameters
                .iter()
                .filter_map(|p| match &p.ty.kind {
                    TypeKind::Type { name } | TypeKind::Enum { name } => Some(name.as_str()),
                    _ => None,
                })
                .collect();
            let cfg = workload_item_cfg(layout, module, &named);
            items.put(
                module,
                marker.to_string(),
                setter_tokens(op, i, &o.params, names, &cfg),
            );
        }
        // The enum of its outcomes, when it has several success responses.
        if let Some((id, _)) = names.outcome(i) {
            let named: Vec<&str> = op
                .outcomes
                .iter()
                .filter_map(|o| match &o.body {
                    ResponseBody::Single { ty } | ResponseBody::Collection { ty } => {
                        super::layout::named(ty)
                    }
                    ResponseBody::None => None,
                })
                .collect();
            let cfg = workload_item_cfg(layout, module, &named);
            items.put(module, id.to_string(), outcome_tokens(op, i, names, &cfg));
        }
        let fns = by_module.entry(module).or_default();
        // Requests on `Client` itself: paths whose first segment names no type.
        for (j, p) in o.paths.iter().enumerate() {
            if p.terminal.0.is_none() {
                if let Some(t) = client.and_then(|c| c.terminals.get(p.terminal.1)) {
                    if t.op == i && t.path == j {
                        fns.push(terminal_tokens(ir, plan, names, &None, t));
                    }
                }
            }
        }
        if o.paths.first().is_some_and(|p| p.terminal.0.is_some()) {
            fns.extend(flat_tokens(ir, plan, names, i, op));
        }
    }
    for (module, fns) in by_module {
        let text = format!(" Requests of the `{module}` workload, one per page.");
        let tokens = quote! {
            #[cfg(feature = #module)]
            #[doc = #text]
            impl crate::Client {
                #(#fns)*
            }
        };
        // Sorts after every model item of the module.
        items.put(module, "~operations".into(), tokens);
    }
}

/// The `#[cfg]` of an item of an operation's own (its marker, its enum of outcomes) in its
/// workload's `module`, naming the types `named`: compiled with the workload's feature and
/// where those types are.
fn workload_item_cfg(layout: &super::layout::Layout, module: &str, named: &[&str]) -> TokenStream {
    let features = BTreeSet::from([module.to_owned()]);
    layout
        .within_module(
            module,
            super::types::Cfg::any(&features).and(layout.cfg_naming(named)),
        )
        .tokens()
}

/// A chain of calls as it is written (`client.zoo().animals().by_id(animal_id).get()`).
fn shown(call: &TokenStream) -> String {
    call.to_string()
        .replace(" . ", ".")
        .replace(" (", "(")
        .replace("( ", "(")
        .replace(" )", ")")
        .replace(" ,", ",")
}

/// The flat method of an operation: named after the page, it takes every argument of
/// its first path's chain and calls that chain.
fn flat_tokens(
    ir: &Ir,
    plan: &Plan,
    names: &Names,
    i: usize,
    op: &Operation,
) -> Option<TokenStream> {
    let o = plan.ops.get(i)?;
    let mut taken: BTreeSet<String> = ["self"].iter().map(|s| (*s).to_owned()).collect();
    let (call, args, r) = chain(ir, plan, names, i, 0, quote! { self }, &mut taken)?;
    let path = op.paths.first()?;
    let f = ident(&o.name);
    // The page's full docs (description, what it addresses, response, permissions) are on
    // the builder method the chain ends in; the flat method says what it sends and which
    // chain it stands for (what it addresses is said there too).
    let more = match op.paths.len().saturating_sub(1) {
        0 => String::new(),
        1 => "; the page documents 1 more path".to_owned(),
        n => format!("; the page documents {n} more paths"),
    };
    let text = format!(
        "{}\n\n`{} {}`, the same as `{}` (full docs there{more}).",
        op.title,
        path.method.as_str(),
        path.template,
        shown(&call).replacen("self", "client", 1)
    );
    let docs = doc(&text, "");
    let ret = r.request_type(names);
    let args = args.iter().map(|(a, t)| quote! { #a: #t });
    Some(quote! {
        #docs
        pub fn #f(&self #(, #args)*) -> #ret {
            #call
        }
    })
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permissions_say_each_list_of_scopes_once_with_its_kinds() {
        let p = |kind: &str, scopes: &[&str]| crate::ir::Permission {
            kind: kind.to_owned(),
            scopes: scopes.iter().map(|s| (*s).to_owned()).collect(),
        };
        let graph = [
            p("Delegated (work or school account)", &["A.Read", "A.Write"]),
            p("Delegated (personal Microsoft account)", &[]),
            p("Application", &["A.Read", "A.Write"]),
        ];
        assert_eq!(
            permissions_line(&graph),
            "`A.Read`, `A.Write` (delegated, application); not supported (personal)"
        );
        let other = [p("Policy Set", &["B"]), p("Application", &["C"])];
        assert_eq!(
            permissions_line(&other),
            "`B` (Policy Set); `C` (application)"
        );
        assert_eq!(permissions_line(&[]), "");
    }

    #[test]
    fn articles_follow_the_first_letter() {
        assert_eq!(article("enclosure"), "an");
        assert_eq!(article("Edm.Stream"), "an");
        assert_eq!(article("deviceConfiguration"), "a");
        assert_eq!(article("userPFXCertificate"), "a");
        assert_eq!(article("unknownThing"), "an");
    }
}
