//! The paths test file (`tests/paths.rs` of a generated crate): every path line of every
//! operation page, walked through the navigation chain [`crate::plan`] gives it, with
//! sample ids (`s1`, `s2`, ...), must make `Request::url` equal the documented path with
//! those ids put in, byte for byte. A function whose parameters are typed writes them in
//! the URL its own way (`countByKind(kind='none')`), so for it the URL must start with
//! the documented path up to the function's name and `(`. Arguments of other types are
//! sample values read from JSON (`{}`, `[]`, a string, a number, ...), whichever the type
//! accepts first.

use super::operations::chain;
use super::types::Names;
use crate::ir::{Ir, PathSegment, Piece, RequestBody};
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
/// with (`true`) when its last segment is a call with typed parameters.
pub fn expected(segments: &[PathSegment], typed_call: bool) -> (String, bool) {
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
                out.push_str(&format!("s{n}"));
            }
            PathSegment::Mixed(pieces) => {
                for p in pieces {
                    match p {
                        Piece::Text(t) => out.push_str(t),
                        Piece::Param(_) => {
                            n += 1;
                            out.push_str(&format!("s{n}"));
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

/// Emits `tests/paths.rs` for the crate `crate_ident`: one test per workload.
pub fn emit(ir: &Ir, plan: &Plan, names: &Names, crate_ident: &str) -> (TokenStream, PathReport) {
    let names = &names.from_outside(crate_ident);
    let root = names.root();
    let mut report = PathReport::default();
    let mut by_workload: BTreeMap<&str, Vec<TokenStream>> = BTreeMap::new();
    for (i, (op, o)) in ir.operations.iter().zip(&plan.ops).enumerate() {
        let typed = o.kind == OpKind::Function
            && matches!(&op.request_body, Some(RequestBody::Parameters { parameters }) if !parameters.is_empty());
        for (j, p) in op.paths.iter().enumerate() {
            let mut taken = BTreeSet::from(["client".to_owned()]);
            let Some((call, args, _)) = chain(ir, plan, names, i, j, quote! { client }, &mut taken)
            else {
                report.left_out += 1;
                continue;
            };
            // Each argument is put in its place in the chain: a sample id for a key
            // (`s1`, `s2`, ... in order), a sample value for anything else.
            let mut n = 0;
            let values: BTreeMap<String, TokenStream> = args
                .iter()
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
            let call = substitute(call, &values);
            let (url, mut prefix) = expected(&p.segments, typed);
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
            by_workload
                .entry(o.workload.as_str())
                .or_default()
                .push(quote! { #check #url #what #call; });
        }
    }
    let tests = by_workload.into_iter().map(|(w, checks)| {
        let f = super::types::ident(&format!("paths_of_{w}"));
        let doc = format!(" Every path line of the `{w}` pages, through its navigation chain.");
        quote! {
            #[doc = #doc]
            #[cfg(feature = #w)]
            #[test]
            fn #f() {
                let client = client();
                paths! { #(#checks)* }
            }
        }
    });
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

        #(#tests)*
    };
    (tokens, report)
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
            expected(&segs, false),
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
        assert_eq!(expected(&call, true), ("/zoo/getCounts(".to_owned(), true));
        let bare = vec![PathSegment::Literal("countByKind".into())];
        assert_eq!(expected(&bare, true), ("/countByKind(".to_owned(), true));
    }
}
