//! What an operation does, decided once from its page: the one rule the parser, the
//! path resolver, the emitters and the OpenAPI export share.

use crate::ir::{HttpMethod, HttpPath, Ir, Operation, RequestBody, ResponseBody, TypeKind};
use std::collections::BTreeSet;

/// The kind of an operation page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OpKind {
    /// A GET answering with a page of values.
    List,
    /// A GET answering with one value (or nothing).
    Get,
    /// A POST that is no action.
    Create,
    /// A PATCH.
    Update,
    /// A PUT.
    Replace,
    /// A DELETE.
    Delete,
    /// A bound OData action: a POST whose title says "action".
    Action,
    /// A bound OData function, whose parameters go in the URL: a GET whose title says
    /// "function" or whose path ends in a call (`getCounts(period='{p}')`, `delta()`).
    Function,
}

impl OpKind {
    /// Whether the page is a bound action or function (its last path segment names it).
    pub fn is_bound(self) -> bool {
        matches!(self, OpKind::Action | OpKind::Function)
    }
}

/// Whether a page with this title and first path line is an OData function (see
/// [`OpKind::Function`]); the parser asks before the operation exists.
pub fn is_function_page(title: &str, first: &HttpPath) -> bool {
    first.method == HttpMethod::Get
        && (title.to_ascii_lowercase().ends_with(" function")
            || first
                .segments
                .last()
                .is_some_and(|s| s.call_name().is_some()))
}

/// Whether the title is the `type: operation` form of a bound action or function
/// (`message: copy`) and names what the path line ends in (`.../messages/{id}/copy`, in
/// any case, with or without `microsoft.graph.` or a call's parentheses).
fn titled_by_last_segment(title: &str, first: &HttpPath) -> bool {
    let Some((subject, name)) = title.split_once(':') else {
        return false;
    };
    let (subject, name) = (subject.trim(), name.trim());
    if !super::plain(subject) || !super::plain(name) {
        return false;
    }
    first
        .segments
        .last()
        .and_then(|s| s.call_name().or_else(|| s.name()))
        .map(|s| s.strip_prefix("microsoft.graph.").unwrap_or(s))
        .is_some_and(|s| s.eq_ignore_ascii_case(name))
}

/// The kind of `op`.
pub fn kind(op: &Operation) -> OpKind {
    let Some(first) = op.paths.first() else {
        return OpKind::Get;
    };
    if is_function_page(&op.title, first) {
        return OpKind::Function;
    }
    if op.title.to_ascii_lowercase().ends_with(" action")
        || (first.method == HttpMethod::Post && titled_by_last_segment(&op.title, first))
    {
        return OpKind::Action;
    }
    match first.method {
        HttpMethod::Get => match op.response.body {
            ResponseBody::Collection { .. } => OpKind::List,
            _ => OpKind::Get,
        },
        HttpMethod::Post => OpKind::Create,
        HttpMethod::Patch => OpKind::Update,
        HttpMethod::Put => OpKind::Replace,
        HttpMethod::Delete => OpKind::Delete,
    }
}

/// The type whose `{T}Patch` struct a path of `op` sends: a PATCH line whose body is one
/// entity or complex type, sent as JSON (a form has no null to clear a property with, so
/// a form body is the plain type). Decided here once, for the structs and the functions
/// alike.
pub fn patch_target<'a>(op: &'a Operation, path: &HttpPath) -> Option<&'a str> {
    if path.method != HttpMethod::Patch
        || kind(op) == OpKind::Function
        || op.request_media.is_some()
    {
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
