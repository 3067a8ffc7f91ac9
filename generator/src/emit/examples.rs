//! The pages' examples as tests: every example request or response body whose JSON parses
//! and is not marked truncated becomes a test that deserializes it into the generated type
//! and serializes it back to equal JSON (object member order aside, and the members that
//! are null: the service sends nulls, and a model reads a null as absent, `None`, which it
//! does not write back; the members of an update, `{T}Patch`, keep theirs as
//! `Patch::Null`).
//!
//! Before emitting, each example is checked against the IR the way serde will read it. An
//! example that cannot round-trip (a value of the wrong kind, an invalid timestamp, ...) is
//! still emitted, but as `#[ignore = "why"]`, and listed in the report: wrong examples are
//! listed, not silenced. Timestamps are checked by the runtime's own parser.

use super::layout::{all_properties, Layout};
use super::types::{body_type, ident, item_type, Extra, Names};
use crate::ir::{Edm, ExampleKind, Ir, RequestBody, ResponseBody, TypeDef, TypeKind, TypeRef};
use crate::naming;
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

// The runtime's timestamp rules, the same file the generated crates read `DateTimeOffset`
// with, so the checker refuses exactly the timestamps a generated crate cannot read.
#[expect(
    dead_code,
    reason = "the checker only asks whether a timestamp parses; the parts `parse` returns are read by the runtime's `DateTimeOffset`"
)]
#[path = "../../../generated/src/runtime/timestamp.rs"]
mod timestamp;

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
    /// Bodies not emitted again: another example already round-trips the same JSON through
    /// the same type (a create's request and response often match).
    pub repeated: usize,
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
/// compiled once for it): one `examples!` call per module, each put in `parts` (module
/// `""`, keyed by its module, so in module order), and returns what goes before them and
/// the report.
pub fn emit(
    ir: &Ir,
    layout: &Layout,
    names: &Names,
    plan: &crate::plan::Plan,
    crate_ident: &str,
    parts: &mut dyn super::Sink,
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
    // Per module (a feature), its tests: one `examples!` call each.
    let mut tests: BTreeMap<String, Vec<TokenStream>> = BTreeMap::new();
    let mut taken = BTreeSet::new();
    // (helper, type, JSON) of every test emitted.
    let mut emitted: BTreeSet<(String, String, String)> = BTreeSet::new();
    for (i, op) in ir.operations.iter().enumerate() {
        let module = layout.op_module.get(i).cloned().unwrap_or_default();
        let Some(planned) = plan.ops.get(i) else {
            continue;
        };
        let base_name = &planned.name;
        // The request example is the first path's body, as its function sends it.
        let patch = op
            .paths
            .first()
            .and_then(|p| crate::plan::patch_target(op, p));
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
                (ExampleKind::Request, Some(RequestBody::Type { ty, .. }), _) => match patch {
                    Some(name) => Target::Patch(name.to_owned()),
                    None => Target::Ty(ty.clone()),
                },
                (ExampleKind::Request, Some(RequestBody::Parameters { parameters }), _)
                    if names.body(i).is_some() && planned.kind != crate::plan::OpKind::Function =>
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
            let helper = match target {
                Target::Patch(_) => quote! { round_trip_patch },
                _ => quote! { round_trip },
            };
            if !emitted.insert((helper.to_string(), rust.to_string(), json.clone())) {
                report.repeated += 1;
                continue;
            }
            report.tests += 1;
            // The test's name says whose example it is and which; the doc says where.
            let doc = format!(" From {source}.");
            let json = raw_string(&json);
            tests.entry(module.clone()).or_default().push(quote! {
                #[doc = #doc]
                #ignore
                #test: #helper::<#rust>(#json);
            });
        }
    }
    for (module, tests) in tests {
        let tokens = quote! {
            #[cfg(feature = #module)]
            examples! { #(#tests)* }
        };
        parts.put("", module, tokens);
    }
    let tokens = quote! {
        #![doc = " The examples on the reference pages, as round-trip tests: each body deserializes into the generated type and serializes back to equal JSON, but for the null members of its objects, which the models read as absent."]
        #![allow(missing_docs)]
        #![cfg_attr(rustfmt, rustfmt::skip)]
        /// Deserializes `json` into `T` and checks that it serializes back to the same JSON,
        /// but for the members of its objects that are null: a model reads a null as absent
        /// (`None`), which it does not write back.
        #[allow(dead_code)]
        fn round_trip<T: ::serde::de::DeserializeOwned + ::serde::Serialize>(json: &str) {
            round_trip_comparing::<T>(json, without_nulls);
        }

        /// [`round_trip`] for the body of an update (`{T}Patch`): its own members must come
        /// back exactly, a null as a null (`Patch::Null`); the values inside them are models,
        /// compared as [`round_trip`] compares them.
        #[allow(dead_code)]
        fn round_trip_patch<T: ::serde::de::DeserializeOwned + ::serde::Serialize>(json: &str) {
            round_trip_comparing::<T>(json, |value| match value {
                ::serde_json::Value::Object(members) => ::serde_json::Value::Object(
                    members.into_iter().map(|(k, v)| (k, without_nulls(v))).collect(),
                ),
                other => without_nulls(other),
            });
        }

        /// `value` without the members of its objects, at any depth, that are null (a null
        /// in an array stays).
        fn without_nulls(value: ::serde_json::Value) -> ::serde_json::Value {
            match value {
                ::serde_json::Value::Object(members) => ::serde_json::Value::Object(
                    members
                        .into_iter()
                        .filter(|(_, v)| !v.is_null())
                        .map(|(k, v)| (k, without_nulls(v)))
                        .collect(),
                ),
                ::serde_json::Value::Array(items) => {
                    ::serde_json::Value::Array(items.into_iter().map(without_nulls).collect())
                }
                other => other,
            }
        }

        /// Deserializes `json` into `T`, serializes it back and checks that `compared` makes
        /// the two equal.
        fn round_trip_comparing<T: ::serde::de::DeserializeOwned + ::serde::Serialize>(
            json: &str,
            compared: fn(::serde_json::Value) -> ::serde_json::Value,
        ) {
            let original: ::serde_json::Value = ::serde_json::from_str(json).expect("the example is JSON");
            let value: T = match ::serde_json::from_value(original.clone()) {
                ::std::result::Result::Ok(v) => v,
                ::std::result::Result::Err(e) => panic!("the example does not deserialize: {e}\n{json}"),
            };
            let back = ::serde_json::to_value(&value).expect("serializes");
            assert_eq!(
                same_numbers(compared(back)),
                same_numbers(compared(original)),
                "the example changed in a round trip\n{json}"
            );
        }

        /// `value` with every whole number written one way: `1.0` (how an `Edm.Double` or
        /// `Edm.Single` writes one) and `1` (how a page may write it) are the same number.
        fn same_numbers(value: ::serde_json::Value) -> ::serde_json::Value {
            match value {
                ::serde_json::Value::Number(n) => match n.as_f64() {
                    ::std::option::Option::Some(f)
                        if n.is_f64() && f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 =>
                    {
                        ::serde_json::Value::from(f as i64)
                    }
                    _ => ::serde_json::Value::Number(n),
                },
                ::serde_json::Value::Object(members) => ::serde_json::Value::Object(
                    members.into_iter().map(|(k, v)| (k, same_numbers(v))).collect(),
                ),
                ::serde_json::Value::Array(items) => {
                    ::serde_json::Value::Array(items.into_iter().map(same_numbers).collect())
                }
                other => other,
            }
        }

        /// Example tests, each `#[doc] name: helper::<Type>(r#"json"#);`: a `#[test]`
        /// function that calls the helper. Written as one macro call per feature, each test
        /// takes a line or two.
        #[allow(unused_macros)] // No test to write: no call.
        macro_rules! examples {
            ($($(#[$m:meta])* $name:ident: $helper:ident::<$ty:ty>($json:literal);)*) => {
                $($(#[$m])* #[test] fn $name() { $helper::<$ty>($json); })*
            };
        }
    };
    (tokens, report)
}

/// `text` as a raw string literal (`r#"..."#`, with as many `#` as it needs), so that the
/// quotes of a JSON body are not escaped.
fn raw_string(text: &str) -> TokenStream {
    let mut hashes = "#".to_owned();
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}")
        .parse()
        .unwrap_or_else(|_| {
            let lit = proc_macro2::Literal::string(text);
            quote! { #lit }
        })
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
                // The page's other members are `Option`s, which read a null as absent, or
                // are kept as they are.
                _ if val.is_null() => {}
                "@odata.count" if !val.is_i64() => {
                    return Some("`@odata.count` is not an integer".into())
                }
                "@odata.nextLink" | "@odata.deltaLink" | "@odata.context" if !val.is_string() => {
                    return Some(format!("`{k}` is not a string"));
                }
                _ => {}
            }
        }
        None
    }

    fn check_patch(&self, v: &Value, ty: &TypeRef) -> Option<String> {
        let TypeKind::Type { name } = &ty.kind else {
            return None;
        };
        let Value::Object(map) = v else {
            return Some("the body is not a JSON object".into());
        };
        // A patch's own members keep a null (`Patch::Null`, sent as null), and its round
        // trip compares them exactly; but its `@odata.type` is an `Option`, which reads a
        // null as absent and does not give it back.
        if map.get("@odata.type").is_some_and(Value::is_null) {
            return Some("$.@odata.type is null, which an update reads as absent".into());
        }
        let t = self.by_name.get(name.as_str())?;
        self.check_object(v, all_properties(t, &self.by_name), "$")
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
            // A null reads as absent: every property (and `@odata.type`) is an `Option`,
            // or a `Patch`, which reads it as `Patch::Null`; a member the type does not
            // name is kept as the null it is.
            if val.is_null() {
                continue;
            }
            let here = format!("{at}.{k}");
            if k == "@odata.type" {
                if !val.is_string() {
                    return Some(format!("{here} is not a string"));
                }
                continue;
            }
            // Properties the type does not name are kept in additional_properties.
            if let Some(p) = props.iter().find(|p| &p.name == k) {
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
            TypeKind::List { item } => self.check(v, item, at),
            TypeKind::Map { value } => {
                let Value::Object(m) = v else {
                    return Some(format!("{at} should be an object"));
                };
                m.iter()
                    .find_map(|(k, it)| self.check(it, value, &format!("{at}.{k}")))
            }
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
                // A union's alternatives are not checked.
                let t = self.by_name.get(name).filter(|t| t.union.is_none())?;
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
        Edm::UInt64 => {
            if v.is_u64() {
                None
            } else {
                bad("an unsigned 64-bit number")
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
            Value::String(s) => timestamp::parse(s)
                .err()
                .map(|why| format!("{at} should be an RFC 3339 timestamp, found {v} ({why})")),
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

    fn timestamp_problem(s: &str) -> Option<String> {
        check_primitive(&Value::from(s), Edm::DateTimeOffset, "$.at")
    }

    #[test]
    fn timestamps_are_read_by_the_runtime_rules() {
        for good in [
            "2016-12-31T23:58:46.7156189-08:00",
            "2016-12-31T23:58:46Z",
            "2020-02-29T00:00:00Z",
            "2000-02-29T12:00:00+14:00",
            "2016-01-01T00:00:00+23:59",
            "1970-01-01T00:00:10",
        ] {
            assert_eq!(timestamp_problem(good), None, "{good}");
        }
        for (bad, why) in [
            ("2021-02-30T00:00:00Z", "day out of range"),
            ("2021-02-29T00:00:00Z", "day out of range"),
            ("1900-02-29T00:00:00Z", "day out of range"),
            ("2016-04-31T00:00:00Z", "day out of range"),
            ("2016-01-01T00:00:00+24:00", "offset out of range"),
            ("2016-01-01T00:00:00-08:60", "offset out of range"),
            ("2016-13-31T23:58:46Z", "month out of range"),
            ("2016-01-01T00:00:00Z ", "unexpected text after the offset"),
            ("String (timestamp)", "expected a four-digit year"),
        ] {
            let problem = timestamp_problem(bad);
            assert!(
                problem
                    .as_deref()
                    .is_some_and(|p| p.starts_with("$.at should be an RFC 3339 timestamp")
                        && p.ends_with(&format!("({why})"))),
                "{bad}: {problem:?}"
            );
        }
        assert!(check_primitive(&Value::from(5), Edm::DateTimeOffset, "$").is_some());
    }

    #[test]
    fn base64_must_be_standard_and_padded() {
        assert!(is_standard_base64("ZW5jcnlwdGVkUGZ4QmxvYg=="));
        assert!(!is_standard_base64("ZW5jcnlwdGVkUGZ4QmxvYg"));
        assert!(!is_standard_base64("binary"));
    }
}
