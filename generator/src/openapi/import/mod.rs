//! An OpenAPI 3.0 or 3.1 document (YAML or JSON) → resolved IR.
//!
//! Schemas become types (objects; a single `allOf` `$ref` is the base, several are merged)
//! and enums (string enums); inline object schemas and inline enums become types and enums
//! named after where they sit (`InstanceEnsureRequestMigrate`, `TaskEventsGetResponse`);
//! nullable wrappers of both dialects (`nullable: true`, `type: [x, "null"]`,
//! `anyOf`/`oneOf` with a null member) are unwrapped; other `oneOf`/`anyOf` become unions
//! (internally or externally tagged, or untagged: see [`unions`]) or, when every member
//! is a string enum, one enum; arrays of arrays and `additionalProperties` maps become
//! [`TypeKind::List`] and [`TypeKind::Map`] references; operations, their parameters, request
//! bodies and the success response by status (every one, as outcomes, when several differ)
//! become operations; in a document the export
//! did not write, each operation goes to the workload of its first tag and each type to
//! the workload of the first operation that reaches it (see [`Importer::place_by_tags`]). The `x-graphgen-*`
//! extensions the export writes restore what OpenAPI cannot say, so pages → OpenAPI → IR
//! gives the IR the pages give. What the IR cannot represent gets a diagnostic naming the
//! JSON pointer of the node (`#/components/schemas/x/properties/y`), never a panic.
//!
//! References come out resolved (to a type, an enum, a primitive or untyped JSON), so no
//! [`crate::resolve`] pass is needed.
//!
//! The job is split: this file reads the document and holds the shared helpers;
//! [`schemas`] reads `components.schemas` and schema nodes into types, enums and type
//! references, [`inline`] names the inline ones, [`unions`] reads `oneOf`/`anyOf`; [`operations`] reads paths and
//! operations; [`workloads`] places items by tags; [`rows`] are the `x-graphgen-*` rows.

mod inline;
mod operations;
mod schemas;
mod unions;
mod workloads;

use super::rows;

use super::*;
use crate::diagnostics::Diagnostics;
use crate::diagnostics::Kind;
use crate::ir::{EnumDef, Ir, TypeDef, TypeKind};
use serde_yaml::{Mapping, Value};
use std::collections::{BTreeMap, BTreeSet};

/// How deep `$ref` chains and nested schemas may go before a cycle is assumed.
const MAX_DEPTH: usize = 32;

/// What [`Importer::shape`] calls a `type` list of several non-null types.
const UNION: &str = " union";

/// Reads `text` (the document at `file`) into IR. `None`, with an error diagnostic, when
/// it is not a YAML or JSON OpenAPI 3.0/3.1 document at all.
pub fn import(text: &str, file: &str, diags: &mut Diagnostics) -> Option<Ir> {
    let doc = parse_document(text, file, diags)?;
    let Some(root) = doc.as_mapping() else {
        diags.error(
            file,
            1,
            Kind::OpenapiMalformed,
            "#: expected an OpenAPI document (a mapping with `openapi`, `info` and `paths`)",
        );
        return None;
    };
    match root.get("openapi").map(scalar_text) {
        Some(Some(v)) if v.starts_with("3.0") || v.starts_with("3.1") => {}
        Some(v) => {
            diags.error(
                file,
                1,
                Kind::OpenapiVersion,
                format!(
                    "#/openapi: expected version 3.0.x or 3.1.x, found `{}`",
                    v.unwrap_or_default()
                ),
            );
            return None;
        }
        None if root.contains_key("swagger") => {
            diags.error(
                file,
                1,
                Kind::OpenapiVersion,
                "#/swagger: Swagger 2 documents are not supported; convert to OpenAPI 3 first",
            );
            return None;
        }
        None => {
            diags.error(
                file,
                1,
                Kind::OpenapiMalformed,
                "#/openapi: expected the `openapi: 3.x.y` field",
            );
            return None;
        }
    }
    let mut im = Importer::new(root, file, diags);
    let mut ir = im.run();
    ir.foreign = root.get(ext::PAGES).and_then(Value::as_bool) != Some(true);
    Some(ir)
}

/// JSON when it looks like JSON, else YAML; a syntax error is a diagnostic at its line.
fn parse_document(text: &str, file: &str, diags: &mut Diagnostics) -> Option<Value> {
    let looks_json = text.trim_start().starts_with('{');
    if looks_json {
        match serde_json::from_str::<Value>(text) {
            Ok(v) => return Some(v),
            Err(e) => {
                diags.error(
                    file,
                    e.line(),
                    Kind::OpenapiMalformed,
                    format!("#: not valid JSON: {e}"),
                );
                return None;
            }
        }
    }
    match serde_yaml::from_str::<Value>(text) {
        Ok(mut v) => {
            // `<<` merge keys; a malformed merge is left as written.
            let _ = v.apply_merge();
            Some(v)
        }
        Err(e) => {
            let line = e.location().map(|l| l.line()).unwrap_or(1);
            diags.error(
                file,
                line,
                Kind::OpenapiMalformed,
                format!("#: not valid YAML or JSON: {e}"),
            );
            None
        }
    }
}

/// A scalar as text (YAML reads `200:` and `3.0` as numbers).
fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Tagged(t) => scalar_text(&t.value),
        _ => None,
    }
}

fn get<'v>(m: &'v Mapping, key: &str) -> Option<&'v Value> {
    m.get(key)
}

fn get_str<'v>(m: &'v Mapping, key: &str) -> Option<&'v str> {
    m.get(key).and_then(Value::as_str)
}

fn get_map<'v>(m: &'v Mapping, key: &str) -> Option<&'v Mapping> {
    m.get(key).and_then(Value::as_mapping)
}

fn get_seq<'v>(m: &'v Mapping, key: &str) -> &'v [Value] {
    m.get(key)
        .and_then(Value::as_sequence)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

fn get_bool(m: &Mapping, key: &str) -> bool {
    m.get(key).and_then(Value::as_bool).unwrap_or(false)
}

/// The entries of a mapping with their keys as text.
fn entries(m: &Mapping) -> impl Iterator<Item = (String, &Value)> {
    m.iter().filter_map(|(k, v)| scalar_text(k).map(|k| (k, v)))
}

fn child(ptr: &str, token: &str) -> String {
    format!("{ptr}/{}", escape_pointer(token))
}

/// What a named schema is.
#[derive(Clone, Debug)]
enum Named {
    /// An object: an IR type of this name.
    Type(String),
    /// A string enum (or a `oneOf` of string enums): an IR enum of this name.
    Enum(String),
    /// A `oneOf`/`anyOf` of several schemas: an IR type of this name holding a union.
    Union(String),
    /// Something a reference can stand for (a primitive, an array, a nullable wrapper).
    Alias,
    /// Made up by the export (`entity`, error schemas): not read back.
    Synthesized,
    /// Nothing the IR can hold (reported where it is defined).
    Unsupported,
}

struct Importer<'a> {
    root: &'a Mapping,
    file: &'a str,
    diags: &'a mut Diagnostics,
    schemas: Option<&'a Mapping>,
    named: BTreeMap<String, Named>,
    /// Inline schemas read as named types or enums, by JSON pointer (a node reached twice,
    /// through an alias, is one type).
    inline: BTreeMap<String, TypeKind>,
    /// The types and enums made for inline schemas, in the order they were met.
    inline_types: Vec<TypeDef>,
    inline_enums: Vec<EnumDef>,
    /// The Rust names (`UpperCamelCase`) of every type and enum, so made names are unique.
    taken: BTreeSet<String>,
    /// The name of the operation being read (`TaskEventsGet`): inline schemas of its
    /// parameters, body and responses are named after it.
    op_name: Option<String>,
    /// The wire name of the parameter whose schema is being read: an inline schema there
    /// is named after it (`ProjectListSortBy`).
    param_name: Option<String>,
    /// The status code (as written) of the success response kept as the operation's
    /// `Response` while its responses are read: inline schemas of its other success
    /// responses keep their status in their name (`TaskCreateResponse202`).
    kept_success: Option<String>,
}

/// A schema mapping with the text of its `type` (3.1 lists with `"null"` reduced to one).
struct Shape<'v> {
    map: &'v Mapping,
    ty: Option<String>,
}

impl<'a> Importer<'a> {
    pub(super) fn new(
        root: &'a Mapping,
        file: &'a str,
        diags: &'a mut Diagnostics,
    ) -> Importer<'a> {
        let schemas = get_map(root, "components").and_then(|c| get_map(c, "schemas"));
        Importer {
            root,
            file,
            diags,
            schemas,
            named: BTreeMap::new(),
            inline: BTreeMap::new(),
            inline_types: Vec::new(),
            inline_enums: Vec::new(),
            taken: BTreeSet::new(),
            op_name: None,
            param_name: None,
            kept_success: None,
        }
    }

    pub(super) fn src(&self, v: Option<&Value>) -> crate::ir::Source {
        v.and_then(Value::as_str)
            .and_then(parse_source)
            .unwrap_or_else(|| crate::ir::Source {
                file: self.file.to_owned(),
                line: 0,
            })
    }

    pub(super) fn warn(&mut self, kind: Kind, ptr: &str, msg: impl std::fmt::Display) {
        self.diags.warn(self.file, 0, kind, format!("{ptr}: {msg}"));
    }

    pub(super) fn error(&mut self, kind: Kind, ptr: &str, msg: impl std::fmt::Display) {
        self.diags
            .error(self.file, 0, kind, format!("{ptr}: {msg}"));
    }

    /// A row of an `x-graphgen-*` list read as `T`; `None`, with an error naming what
    /// was `expected`, when it has another form.
    pub(super) fn row<T: serde::de::DeserializeOwned>(
        &mut self,
        v: &Value,
        ptr: &str,
        expected: &str,
    ) -> Option<T> {
        match T::deserialize(v) {
            Ok(t) => Some(t),
            Err(e) => {
                self.error(
                    Kind::OpenapiBadSchema,
                    ptr,
                    format!("expected {expected}; ignored ({e})"),
                );
                None
            }
        }
    }

    /// Every row of the `x-graphgen-*` list `key` of `m` read as `T`, with its pointer.
    pub(super) fn rows<T: serde::de::DeserializeOwned>(
        &mut self,
        m: &Mapping,
        key: &str,
        ptr: &str,
        expected: &str,
    ) -> Vec<(T, String)> {
        let mut out = Vec::new();
        for (i, v) in get_seq(m, key).iter().enumerate() {
            let rptr = format!("{}/{i}", child(ptr, key));
            if let Some(t) = self.row(v, &rptr, expected) {
                out.push((t, rptr));
            }
        }
        out
    }

    pub(super) fn run(&mut self) -> Ir {
        let mut ir = Ir::default();
        self.classify();
        let schemas: Vec<(String, &Value)> = self
            .schemas
            .map(|s| entries(s).collect())
            .unwrap_or_default();
        for (key, schema) in &schemas {
            let ptr = child("#/components/schemas", key);
            self.definition(key, schema, &ptr, &mut ir);
        }
        let root = self.root;
        let dups: Vec<(rows::DuplicateSchema, String)> =
            self.rows(root, ext::DUPLICATE_SCHEMAS, "#", "`{key, schema}`");
        for (d, ptr) in dups {
            let kind = self.classify_one(&d.key, &d.schema, &ptr, false);
            // The earlier definition shares the name; read it as what it is.
            let saved = self.named.insert(d.key.clone(), kind);
            self.definition(&d.key, &d.schema, &ptr, &mut ir);
            if let Some(s) = saved {
                self.named.insert(d.key, s);
            }
        }
        ir.operations = self.operations();
        ir.types.append(&mut self.inline_types);
        ir.enums.append(&mut self.inline_enums);
        self.path_types(&mut ir);
        self.place_by_tags(&mut ir);
        ir.sort();
        // What the path segments address is read from the types, as for pages; its
        // diagnostics were the pages' and are not repeated here.
        crate::resolve::paths::address(&mut ir, &mut Diagnostics::new());
        ir
    }

    /// Keeps the type of a path parameter only where a path can carry it
    /// ([`operations::fits_a_path`]); any other (an object, an array, a timestamp...) is
    /// taken as a string, with a diagnostic.
    fn path_types(&mut self, ir: &mut Ir) {
        let unions: BTreeSet<&str> = ir
            .types
            .iter()
            .filter(|t| t.union.is_some())
            .map(|t| t.name.as_str())
            .collect();
        let mut dropped = Vec::new();
        for op in &mut ir.operations {
            for p in &mut op.paths {
                p.param_types.retain(|name, ty| {
                    let fits = operations::fits_a_path(ty, &unions);
                    if !fits {
                        dropped.push((p.template.clone(), p.method, name.clone(), ty.clone()));
                    }
                    fits
                });
            }
        }
        for (template, method, name, ty) in dropped {
            let ptr = child(
                &child("#/paths", &template),
                &method.as_str().to_ascii_lowercase(),
            );
            self.warn(
                Kind::OpenapiUnsupported,
                &ptr,
                format!(
                    "path parameter `{name}` of type `{}` cannot be written in a path; taken as a string",
                    crate::emit::types::describe(&ty)
                ),
            );
        }
    }
}
