//! The pages' examples as tests: every example request or response body whose JSON parses
//! and is not marked truncated becomes a test that deserializes it into the generated type
//! and serializes it back to equal JSON (object member order aside).
//!
//! Before emitting, each example is checked against the IR the way serde will read it. An
//! example that cannot round-trip (a value of the wrong kind, an invalid timestamp, ...) is
//! still emitted, but as `#[ignore = "why"]`, and listed in the report: wrong examples are
//! listed, not silenced.

use super::layout::{all_properties, Layout};
use super::types::{body_type, ident, item_type, Extra, Names};
use crate::ir::{
    Edm, ExampleKind, HttpMethod, Ir, RequestBody, ResponseBody, TypeDef, TypeKind, TypeRef,
};
use crate::naming;
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// What became of the examples.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExampleReport {
    /// Example bodies on the pages (request and response).
    pub bodies: usize,
    /// Bodies skipped: marked truncated.
    pub truncated: usize,
    /// Bodies skipped: not JSON.
    pub not_json: usize,
    /// Bodies skipped: the operation has no typed body for them.
    pub untyped: usize,
    /// Tests emitted.
    pub tests: usize,
    /// Tests emitted as ignored, with the page, line and reason.
    pub wrong: Vec<String>,
}

/// What the round trip must deserialize into.
enum Target {
    Ty(TypeRef),
    Patch(String),
    Page(TypeRef),
    Params(Vec<crate::ir::Property>),
}

/// Emits the examples test file (`tests/examples.rs`, outside the crate, so the library is
/// compiled once for it) and the report.
pub fn emit(
    ir: &Ir,
    layout: &Layout,
    names: &Names,
    fn_names: &[Vec<String>],
    crate_ident: &str,
) -> (TokenStream, ExampleReport) {
    let names = &names.from_outside(crate_ident);
    let root = &names.root();
    let by_name: BTreeMap<&str, &TypeDef> = ir.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let checker = Checker {
        ir,
        by_name,
        layout,
    };
    let mut report = ExampleReport::default();
    let mut tests = Vec::new();
    let mut taken = BTreeSet::new();
    for (i, op) in ir.operations.iter().enumerate() {
        let module = layout.op_module.get(i).cloned().unwrap_or_default();
        let Some(base_name) = fn_names.get(i).and_then(|n| n.first()) else {
            continue;
        };
        let patch = op
            .paths
            .first()
            .is_some_and(|p| p.method == HttpMethod::Patch);
        for (n, ex) in op.examples.iter().enumerate() {
            let Some(body) = &ex.body else { continue };
            report.bodies += 1;
            if ex.truncated {
                report.truncated += 1;
                continue;
            }
            let Ok(mut value) = serde_json::from_str::<Value>(body) else {
                report.not_json += 1;
                continue;
            };
            // A returned primitive or enum comes as `{"value": x}` (the client unwraps it), and
            // the Intune pages wrap a returned object the same way, which the service does
            // not: in both cases the value inside is what the example shows.
            if let (ExampleKind::Response, ResponseBody::Single { ty }) =
                (ex.kind, &op.response.body)
            {
                let wrapped = value
                    .as_object()
                    .filter(|m| m.len() == 1)
                    .and_then(|m| m.get("value"));
                let inner_is_value = match ty.kind {
                    TypeKind::Type { .. } => wrapped.is_some_and(Value::is_object),
                    _ => !ty.collection,
                };
                if let Some(inner) = wrapped.filter(|_| inner_is_value).cloned() {
                    value = inner;
                }
            }
            let target = match (ex.kind, &op.request_body, &op.response.body) {
                (ExampleKind::Request, Some(RequestBody::Type { ty, .. }), _) => match &ty.kind {
                    TypeKind::Type { name } if patch && !ty.collection => {
                        Target::Patch(name.clone())
                    }
                    _ => Target::Ty(ty.clone()),
                },
                (ExampleKind::Request, Some(RequestBody::Parameters { parameters }), _)
                    if names.body(i).is_some() && !super::operations::is_function(op) =>
                {
                    Target::Params(parameters.clone())
                }
                (ExampleKind::Response, _, ResponseBody::Single { ty }) => Target::Ty(ty.clone()),
                (ExampleKind::Response, _, ResponseBody::Collection { ty }) => {
                    Target::Page(ty.clone())
                }
                _ => {
                    report.untyped += 1;
                    continue;
                }
            };
            let (rust, problem) = match &target {
                Target::Ty(ty) => (body_type(ty, names), checker.check(&value, ty, "$")),
                Target::Patch(name) => {
                    let ty = TypeRef {
                        kind: TypeKind::Type { name: name.clone() },
                        collection: false,
                    };
                    (
                        names.extra_path(Extra::Patch, name),
                        checker.check_patch(&value, &ty),
                    )
                }
                Target::Page(ty) => {
                    let item = item_type(ty, names);
                    (
                        quote! { #root::Page<#item> },
                        checker.check_page(&value, ty),
                    )
                }
                Target::Params(params) => {
                    let path = names.body(i).map(|(_, p)| p).unwrap_or_default();
                    (
                        path,
                        checker.check_object(&value, params.iter().collect(), "$"),
                    )
                }
            };
            let kind = match ex.kind {
                ExampleKind::Request => "request",
                ExampleKind::Response => "response",
            };
            let test = ident(&naming::unique(
                format!(
                    "{}_{kind}_example_{}",
                    base_name.trim_end_matches('_'),
                    n + 1
                ),
                &mut taken,
            ));
            let json = serde_json::to_string(&value).unwrap_or_default();
            let source = format!("{}:{}", ex.source.file, ex.source.line);
            let ignore = match &problem {
                Some(why) => {
                    report.wrong.push(format!("{source}: {why}"));
                    let reason = format!("example on the page cannot round-trip: {why}");
                    quote! { #[ignore = #reason] }
                }
                None => TokenStream::new(),
            };
            report.tests += 1;
            let doc = format!(" The {kind} example of `{}` ({source}).", op.title);
            tests.push(quote! {
                #[doc = #doc]
                #[cfg(feature = #module)]
                #[test]
                #ignore
                fn #test() {
                    round_trip::<#rust>(#json);
                }
            });
        }
    }
    let tokens = quote! {
        #![doc = " The examples on the reference pages, as round-trip tests: each body deserializes into the generated type and serializes back to equal JSON."]
        #![allow(missing_docs)]
        #![cfg_attr(rustfmt, rustfmt::skip)]
        /// Deserializes `json` into `T` and checks that it serializes back to the same JSON.
        #[allow(dead_code)]
        fn round_trip<T: ::serde::de::DeserializeOwned + ::serde::Serialize>(json: &str) {
            let original: ::serde_json::Value = ::serde_json::from_str(json).expect("the example is JSON");
            let value: T = match ::serde_json::from_value(original.clone()) {
                ::std::result::Result::Ok(v) => v,
                ::std::result::Result::Err(e) => panic!("the example does not deserialize: {e}\n{json}"),
            };
            let back = ::serde_json::to_value(&value).expect("serializes");
            assert_eq!(back, original, "the example changed in a round trip");
        }

        #(#tests)*
    };
    (tokens, report)
}

struct Checker<'a> {
    ir: &'a Ir,
    by_name: BTreeMap<&'a str, &'a TypeDef>,
    layout: &'a Layout,
}

impl Checker<'_> {
    fn check_page(&self, v: &Value, item: &TypeRef) -> Option<String> {
        let Value::Object(map) = v else {
            return Some("a collection response is not a JSON object".into());
        };
        for (k, val) in map {
            match k.as_str() {
                "value" => {
                    let Value::Array(items) = val else {
                        return Some("`value` is not an array".into());
                    };
                    let one = TypeRef {
                        kind: item.kind.clone(),
                        collection: false,
                    };
                    for (n, it) in items.iter().enumerate() {
                        if let Some(p) = self.check(it, &one, &format!("$.value[{n}]")) {
                            return Some(p);
                        }
                    }
                }
                "@odata.count" if !val.is_i64() => {
                    return Some("`@odata.count` is not an integer".into())
                }
                "@odata.nextLink" | "@odata.deltaLink" | "@odata.context" if !val.is_string() => {
                    return Some(format!("`{k}` is not a string"));
                }
                _ if val.is_null() => return Some(format!("`{k}` is null, which reads as absent")),
                _ => {}
            }
        }
        None
    }

    fn check_patch(&self, v: &Value, ty: &TypeRef) -> Option<String> {
        // A patch keeps nulls (Patch::Null), so only check the non-null members.
        let TypeKind::Type { name } = &ty.kind else {
            return None;
        };
        let Value::Object(map) = v else {
            return Some("the body is not a JSON object".into());
        };
        let stripped: serde_json::Map<String, Value> = map
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let t = self.by_name.get(name.as_str())?;
        self.check_object(
            &Value::Object(stripped),
            all_properties(t, &self.by_name),
            "$",
        )
    }

    fn check_object(
        &self,
        v: &Value,
        props: Vec<&crate::ir::Property>,
        at: &str,
    ) -> Option<String> {
        let Value::Object(map) = v else {
            return Some(format!("{at} is not a JSON object"));
        };
        for (k, val) in map {
            let here = format!("{at}.{k}");
            if k == "@odata.type" {
                if !val.is_string() {
                    return Some(format!("{here} is not a string"));
                }
                continue;
            }
            // Properties the type does not name are kept in additional_properties.
            if let Some(p) = props.iter().find(|p| &p.name == k) {
                if val.is_null() {
                    return Some(format!("{here} is null, which reads as absent"));
                }
                if let Some(problem) = self.check(val, &p.ty, &here) {
                    return Some(problem);
                }
            }
        }
        None
    }

    /// Whether `v` round-trips through the Rust type of `ty`; the problem if not.
    fn check(&self, v: &Value, ty: &TypeRef, at: &str) -> Option<String> {
        if ty.collection {
            let Value::Array(items) = v else {
                return Some(format!("{at} should be an array"));
            };
            let one = TypeRef {
                kind: ty.kind.clone(),
                collection: false,
            };
            return items
                .iter()
                .enumerate()
                .find_map(|(n, it)| self.check(it, &one, &format!("{at}[{n}]")));
        }
        match &ty.kind {
            TypeKind::Primitive { edm } => check_primitive(v, *edm, at),
            TypeKind::Enum { .. } => {
                (!v.is_string()).then(|| format!("{at} should be an enum member name (a string)"))
            }
            TypeKind::Type { name } => {
                let mut name = name.as_str();
                // A polymorphic value is read as the type its @odata.type names.
                if let Some(tag) = v.get("@odata.type").and_then(Value::as_str) {
                    let tag = tag
                        .trim_start_matches('#')
                        .trim_start_matches("microsoft.graph.");
                    let derived = self
                        .layout
                        .derived
                        .get(name)
                        .is_some_and(|d| d.iter().any(|d| d == tag));
                    if derived && self.layout.polymorphic.contains(name) {
                        name = self
                            .ir
                            .types
                            .iter()
                            .find(|t| t.name == tag)
                            .map(|t| t.name.as_str())
                            .unwrap_or(name);
                    }
                }
                let t = self.by_name.get(name)?;
                self.check_object(v, all_properties(t, &self.by_name), at)
            }
            TypeKind::Json { .. } | TypeKind::Unresolved { .. } => None,
        }
    }
}

fn check_primitive(v: &Value, edm: Edm, at: &str) -> Option<String> {
    let bad = |what: &str| Some(format!("{at} should be {what}, found {v}"));
    match edm {
        Edm::String | Edm::Guid | Edm::Date | Edm::TimeOfDay | Edm::Duration => {
            if v.is_string() {
                None
            } else {
                bad("a string")
            }
        }
        Edm::Boolean => {
            if v.is_boolean() {
                None
            } else {
                bad("a boolean")
            }
        }
        Edm::Byte => in_range(v, 0, 255)
            .then_some(())
            .map_or_else(|| bad("an integer 0..=255"), |_| None),
        Edm::SByte => in_range(v, -128, 127)
            .then_some(())
            .map_or_else(|| bad("an integer -128..=127"), |_| None),
        Edm::Int16 => in_range(v, -32768, 32767)
            .then_some(())
            .map_or_else(|| bad("an Int16"), |_| None),
        Edm::Int32 => in_range(v, i32::MIN.into(), i32::MAX.into())
            .then_some(())
            .map_or_else(|| bad("an Int32"), |_| None),
        Edm::Int64 => {
            if v.is_i64() {
                None
            } else {
                bad("an Int64 number")
            }
        }
        Edm::Single | Edm::Double => match v {
            Value::Number(n)
                if n.is_f64() || n.as_i64().is_some_and(|i| i.unsigned_abs() < (1 << 53)) =>
            {
                None
            }
            Value::String(s) if ["NaN", "INF", "-INF"].contains(&s.as_str()) => None,
            _ => bad("a number"),
        },
        Edm::DateTimeOffset => match v {
            Value::String(s) if valid_timestamp(s) => None,
            _ => bad("an RFC 3339 timestamp"),
        },
        Edm::Binary => match v {
            Value::String(s) if is_standard_base64(s) => None,
            _ => bad("standard padded base64"),
        },
        Edm::Decimal | Edm::Stream => None,
    }
}

fn in_range(v: &Value, lo: i64, hi: i64) -> bool {
    v.as_i64().is_some_and(|i| (lo..=hi).contains(&i))
}

/// `YYYY-MM-DDThh:mm:ss[.f{1,9}][Z|±hh:mm]`, as the runtime's `DateTimeOffset` reads it.
fn valid_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let num =
        |r: std::ops::Range<usize>| s.get(r).and_then(|t| t.parse::<u32>().ok()).unwrap_or(99);
    if b.len() < 19
        || !digits(0..4)
        || b[4] != b'-'
        || !digits(5..7)
        || b[7] != b'-'
        || !digits(8..10)
    {
        return false;
    }
    if !matches!(b[10], b'T' | b't')
        || !digits(11..13)
        || b[13] != b':'
        || !digits(14..16)
        || b[16] != b':'
        || !digits(17..19)
    {
        return false;
    }
    if !(1..=12).contains(&num(5..7))
        || !(1..=31).contains(&num(8..10))
        || num(11..13) > 23
        || num(14..16) > 59
        || num(17..19) > 59
    {
        return false;
    }
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 || n > 9 {
            return false;
        }
        rest = &frac[n..];
    }
    match rest.as_bytes() {
        [] | [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => [h1, h2, m1, m2].iter().all(|d| d.is_ascii_digit()),
        _ => false,
    }
}

fn is_standard_base64(s: &str) -> bool {
    let body = s.trim_end_matches('=');
    s.len() % 4 == 0
        && s.len() - body.len() <= 2
        && body
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'+' || c == b'/')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_and_base64() {
        assert!(valid_timestamp("2016-12-31T23:58:46.7156189-08:00"));
        assert!(valid_timestamp("2016-12-31T23:58:46Z"));
        assert!(!valid_timestamp("2016-13-31T23:58:46Z"));
        assert!(!valid_timestamp("String (timestamp)"));
        assert!(is_standard_base64("ZW5jcnlwdGVkUGZ4QmxvYg=="));
        assert!(!is_standard_base64("ZW5jcnlwdGVkUGZ4QmxvYg"));
        assert!(!is_standard_base64("binary"));
    }
}
