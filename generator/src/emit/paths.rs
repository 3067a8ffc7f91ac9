//! The paths test file (`tests/paths.rs` of a generated crate): every path line of every
//! operation page, walked through the navigation chain [`crate::plan`] gives it, with
//! sample ids (`s1`, `s2`, ...; a typed path parameter has a sample of its type whose text
//! is known, see `path_sample`), must make `Request::url` equal the documented path with
//! those ids put in, byte for byte. A function whose parameters are typed writes them in
//! the URL its own way (`countByKind(kind='none')`), so for it the URL must start with
//! the documented path up to the function's name and `(`. Arguments of other types are
//! sample values read from JSON (`{}`, `[]`, a string, a number, ...), whichever the type
//! accepts first.

use super::operations::chain;
use super::types::Names;
use crate::ir::{Edm, Ir, PathSegment, Piece, RequestBody, TypeKind, TypeRef};
use crate::plan::{OpKind, Plan};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// What the paths test covers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PathReport {
    /// Path lines checked.
    pub checked: usize,
    /// Path lines left out (no chain could be rendered).
    pub left_out: usize,
}

/// The URL a path line is expected to produce with sample ids, or the prefix it must start
/// with (`true`) when its last segment is a call with typed parameters. `texts` are the
/// path texts of the placeholders' samples, in order; a placeholder past them is `s{n}`.
pub fn expected(segments: &[PathSegment], typed_call: bool, texts: &[String]) -> (String, bool) {
    let text = |n: usize| texts.get(n - 1).cloned().unwrap_or_else(|| format!("s{n}"));
    let mut out = String::new();
    let mut n = 0;
    for (k, seg) in segments.iter().enumerate() {
        out.push('/');
        if typed_call && k + 1 == segments.len() {
            if let Some(name) = seg.call_name() {
                out.push_str(name);
                out.push('(');
                return (out, true);
            }
        }
        match seg {
            PathSegment::Literal(l) => out.push_str(l),
            PathSegment::Param(_) => {
                n += 1;
                out.push_str(&text(n));
            }
            PathSegment::Mixed(pieces) => {
                for p in pieces {
                    match p {
                        Piece::Text(t) => out.push_str(t),
                        Piece::Param(_) => {
                            n += 1;
                            out.push_str(&text(n));
                        }
                    }
                }
            }
        }
    }
    if typed_call {
        // Parameters appended to a segment that is no call (`countByKind`).
        out.push('(');
        return (out, true);
    }
    (out, false)
}

/// Emits `tests/paths.rs` for the crate `crate_ident`: one test per workload, each put in
/// `parts` as soon as it is made (module `""`, keyed by its workload, so in workload
/// order), and returns what goes before them and the report.
pub fn emit(
    ir: &Ir,
    plan: &Plan,
    names: &Names,
    crate_ident: &str,
    parts: &mut dyn super::Sink,
) -> (TokenStream, PathReport) {
    let names = &names.from_outside(crate_ident);
    let root = names.root();
    let mut report = PathReport::default();
    // Whether a path parameter's sample is read from its text (`sample_text`).
    let mut uses_sample_text = false;
    let mut by_workload: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, o) in plan.ops.iter().enumerate().take(ir.operations.len()) {
        by_workload.entry(o.workload.as_str()).or_default().push(i);
    }
    for (w, ops) in by_workload {
        let mut checks = Vec::new();
        for i in ops {
            let (op, o) = (&ir.operations[i], &plan.ops[i]);
            let typed = o.kind == OpKind::Function
                && matches!(&op.request_body, Some(RequestBody::Parameters { parameters }) if !parameters.is_empty());
            for (j, p) in op.paths.iter().enumerate() {
                let mut taken = BTreeSet::from(["client".to_owned()]);
                let Some((call, args, r)) =
                    chain(ir, plan, names, i, j, quote! { client }, &mut taken)
                else {
                    report.left_out += 1;
                    continue;
                };
                // Each argument is put in its place in the chain: a sample for a path
                // parameter (`s1`, `s2`, ... in order, or a value of its type whose text
                // is known), a sample value for anything else.
                let mut values: BTreeMap<String, TokenStream> = BTreeMap::new();
                let mut texts = Vec::new();
                for (k, (a, ty)) in r.path_args.iter().enumerate() {
                    let (v, text, by_text) = path_sample(ir, names, ty.as_ref(), k + 1);
                    uses_sample_text |= by_text;
                    values.insert(a.clone(), v);
                    // As the runtime writes it in the path.
                    texts.push(encode_path_segment(&text));
                }
                let mut n = texts.len();
                let others: Vec<(String, TokenStream)> = args
                    .iter()
                    .filter(|(a, _)| !values.contains_key(&a.to_string()))
                    .map(|(a, ty)| {
                        let ty = ty.to_string();
                        let v = if ty == "& str" {
                            n += 1;
                            let v = format!("s{n}");
                            quote! { #v }
                        } else if ty.starts_with("& [") {
                            quote! { &[] }
                        } else if ty.starts_with('&') {
                            quote! { &sample() }
                        } else {
                            quote! { sample() }
                        };
                        (a.to_string(), v)
                    })
                    .collect();
                values.extend(others);
                let call = substitute(call, &values);
                let (url, mut prefix) = expected(&p.segments, typed, &texts);
                // Required query parameters follow the path (`?limit=...`).
                prefix |= op
                    .parameters
                    .iter()
                    .any(|q| q.required && q.location == crate::ir::ParamIn::Query);
                // The documented template is the expected URL's source; where it is in the
                // pages says the rest.
                let what = format!("{}:{}", p.source.file, p.source.line);
                let check = if prefix {
                    quote! { check_prefix }
                } else {
                    quote! { check }
                };
                report.checked += 1;
                checks.push(quote! { #check #url #what #call; });
            }
        }
        if checks.is_empty() {
            continue;
        }
        let f = super::types::ident(&format!("paths_of_{w}"));
        let doc = format!(" Every path line of the `{w}` pages, through its navigation chain.");
        parts.put(
            "",
            w.to_owned(),
            quote! {
                #[doc = #doc]
                #[cfg(feature = #w)]
                #[test]
                fn #f() {
                    let client = client();
                    paths! { #(#checks)* }
                }
            },
        );
    }
    // Written only where a typed path parameter needs it.
    let sample_text = if uses_sample_text {
        quote! {
            /// A value of `T` read from the JSON string `text`: the sample of a typed path
            /// parameter (an enum, a union), which writes it back as `text`.
            #[allow(dead_code)]
            fn sample_text<T: ::serde::de::DeserializeOwned>(text: &str) -> T {
                ::serde_json::from_value(::serde_json::Value::String(text.to_owned()))
                    .expect("a sample value")
            }
        }
    } else {
        TokenStream::new()
    };
    let tokens = quote! {
        #![doc = " Every documented path, walked through the navigation chain that produces it with sample ids, makes the documented URL."]
        #![allow(missing_docs)]
        #![cfg_attr(rustfmt, rustfmt::skip)]

        const BASE: &str = "http://127.0.0.1:9/beta";

        #[allow(dead_code)]
        fn client() -> #root::Client {
            #root::Client::builder().base_url(BASE).build().expect("a client")
        }

        /// A sample value of `T`: the first of a few JSON values `T` reads.
        #[allow(dead_code)]
        fn sample<T: ::serde::de::DeserializeOwned>() -> T {
            for json in ["{}", "[]", "\"2020-01-01T00:00:00Z\"", "0", "false", "null"] {
                if let Ok(v) = ::serde_json::from_str(json) {
                    return v;
                }
            }
            panic!("no sample value")
        }

        #sample_text

        #[allow(dead_code)]
        fn check<T, P>(request: #root::Request<T, P>, path: &str, what: &str) {
            assert_eq!(request.url(), format!("{BASE}{path}"), "{what}");
        }

        #[allow(dead_code)]
        fn check_prefix<T, P>(request: #root::Request<T, P>, path: &str, what: &str) {
            let url = request.url();
            assert!(url.starts_with(&format!("{BASE}{path}")), "{what}: {url}");
        }

        /// Path lines, each `check "/expected/url" "page.md:line" chain;`: checks the URL
        /// each chain makes. Written as one macro call, each line takes a line or two.
        #[allow(unused_macros)] // No test to write: no call.
        macro_rules! paths {
            ($($check:ident $url:literal $what:literal $call:expr;)*) => {
                $($check($call, $url, $what);)*
            };
        }
    };
    (tokens, report)
}

/// The sample of the `n`th path parameter of a path line, decided once from the type the
/// plan gives it: the value (tokens), the text it is written in the path as, and whether
/// it is read by `sample_text`. Text is `"s{n}"`; an integer `n`; a float `n.0`; a boolean
/// `true`; an enum its first member (read from its wire value); a union the string
/// `s{n}`, read as the first alternative that takes it (or kept as its unknown value),
/// which writes it back as it is.
fn path_sample(
    ir: &Ir,
    names: &Names,
    ty: Option<&TypeRef>,
    n: usize,
) -> (TokenStream, String, bool) {
    let plain = format!("s{n}");
    let Some(ty) = ty else {
        return (quote! { #plain }, plain, false);
    };
    let literal = |text: String, lit: proc_macro2::Literal| (quote! { #lit }, text, false);
    match &ty.kind {
        TypeKind::Primitive { edm: Edm::Boolean } => (quote! { true }, "true".to_owned(), false),
        TypeKind::Primitive {
            edm: Edm::Single | Edm::Double,
        } => literal(
            format!("{n}.0"),
            proc_macro2::Literal::f64_unsuffixed(n as f64),
        ),
        TypeKind::Primitive { .. } => {
            literal(n.to_string(), proc_macro2::Literal::usize_unsuffixed(n))
        }
        _ => {
            let text = match &ty.kind {
                TypeKind::Enum { name } => ir
                    .enums
                    .iter()
                    .find(|e| &e.name == name)
                    .and_then(|e| e.members.first())
                    .map_or(plain, |m| m.name.clone()),
                _ => plain,
            };
            let by_ref = super::operations::param_type(ty, names).1;
            let v = if by_ref {
                quote! { &sample_text(#text) }
            } else {
                quote! { sample_text(#text) }
            };
            (v, text, true)
        }
    }
}

/// `text` percent-encoded as the runtime's `encode_path_segment` does: every byte but the
/// RFC 3986 unreserved characters becomes `%XX`.
fn encode_path_segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `tokens` with each identifier named in `values` (an argument, never a method: one
/// after a `.`) replaced by its value.
fn substitute(tokens: TokenStream, values: &BTreeMap<String, TokenStream>) -> TokenStream {
    use proc_macro2::{Group, TokenTree};
    let mut out = TokenStream::new();
    let mut after_dot = false;
    for t in tokens {
        let dot = matches!(&t, TokenTree::Punct(p) if p.as_char() == '.');
        match t {
            TokenTree::Ident(i) if !after_dot && values.contains_key(&i.to_string()) => {
                out.extend(values[&i.to_string()].clone());
            }
            TokenTree::Group(g) => {
                let mut inner = Group::new(g.delimiter(), substitute(g.stream(), values));
                inner.set_span(g.span());
                out.extend([TokenTree::Group(inner)]);
            }
            other => out.extend([other]),
        }
        after_dot = dot;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{expected, substitute};
    use crate::ir::{PathSegment, Piece};
    use quote::quote;

    #[test]
    fn arguments_are_replaced_but_methods_of_the_same_name_are_not() {
        let values = [
            ("id".to_owned(), quote! { "s1" }),
            ("body".to_owned(), quote! { &sample() }),
        ]
        .into_iter()
        .collect();
        let call = quote! { client.things().by_id(id).body().create(body) };
        assert_eq!(
            substitute(call, &values).to_string(),
            quote! { client.things().by_id("s1").body().create(&sample()) }.to_string()
        );
    }

    #[test]
    fn sample_ids_fill_the_placeholders_in_order() {
        let segs = vec![
            PathSegment::Literal("zoo".into()),
            PathSegment::Param("a".into()),
            PathSegment::Mixed(vec![
                Piece::Text("root:/".into()),
                Piece::Param("p".into()),
                Piece::Text(":".into()),
            ]),
        ];
        assert_eq!(
            expected(&segs, false, &[]),
            ("/zoo/s1/root:/s2:".to_owned(), false)
        );
        let call = vec![
            PathSegment::Literal("zoo".into()),
            PathSegment::Mixed(vec![
                Piece::Text("getCounts(period='".into()),
                Piece::Param("period".into()),
                Piece::Text("')".into()),
            ]),
        ];
        assert_eq!(
            expected(&call, true, &[]),
            ("/zoo/getCounts(".to_owned(), true)
        );
        let bare = vec![PathSegment::Literal("countByKind".into())];
        assert_eq!(
            expected(&bare, true, &[]),
            ("/countByKind(".to_owned(), true)
        );
        // Typed placeholders are their samples' texts; any past them are `s{n}`.
        assert_eq!(
            expected(&segs, false, &["read_bytes".to_owned()]),
            ("/zoo/read_bytes/root:/s2:".to_owned(), false)
        );
    }

    #[test]
    fn each_typed_path_parameter_has_a_sample_whose_text_is_known() {
        use crate::ir::{Edm, TypeKind, TypeRef};
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/zoo");
        let ir = crate::load(&dir).expect("zoo").0;
        let plan = crate::plan::Plan::new(&ir);
        let layout = crate::emit::layout::Layout::new(&ir, &plan);
        let names =
            crate::emit::types::Names::new(&ir, &layout, &crate::plan::patched_types(&ir), &plan);
        let sample = |kind: TypeKind, n| {
            let ty = TypeRef {
                kind,
                collection: false,
            };
            let (v, text, by_text) = super::path_sample(&ir, &names, Some(&ty), n);
            (v.to_string(), text, by_text)
        };
        let prim = |edm| TypeKind::Primitive { edm };
        let (v, text, _) = super::path_sample(&ir, &names, None, 3);
        assert_eq!((v.to_string(), text.as_str()), ("\"s3\"".to_owned(), "s3"));
        assert_eq!(
            sample(prim(Edm::Int32), 2),
            ("2".to_owned(), "2".to_owned(), false)
        );
        assert_eq!(
            sample(prim(Edm::Double), 2),
            ("2.0".to_owned(), "2.0".to_owned(), false)
        );
        assert_eq!(
            sample(prim(Edm::Boolean), 1),
            ("true".to_owned(), "true".to_owned(), false)
        );
        // An enum: its first member, read from its wire value.
        let e = ir.enums.first().expect("the zoo has an enum");
        let first = e.members.first().expect("a member").name.clone();
        let (v, text, by_text) = sample(
            TypeKind::Enum {
                name: e.name.clone(),
            },
            1,
        );
        assert_eq!((text, by_text), (first.clone(), true));
        assert_eq!(v, quote! { sample_text(#first) }.to_string());
        // Expected as the runtime writes it.
        assert_eq!(super::encode_path_segment("a/b c-é~"), "a%2Fb%20c-%C3%A9~");
    }
}
