//! Resolved IR → an OpenAPI 3.0.3 document.
//!
//! - `components.schemas`: one schema per type (`microsoft.graph.<name>`, an object of its
//!   declared properties, behind `allOf: [{$ref: base}, {...}]` when it has a base; entity
//!   types whose page names no base derive from `entity`) and per enum (a string enum of
//!   the member names); the Graph error schemas.
//! - `paths`: one operation object per path line of each page, with a stable
//!   `operationId` (the path's navigation chain, from [`crate::plan`]), its path
//!   parameters, the OData query options the page allows, the request body, the documented
//!   response and the Graph error response, and the permissions as OAuth2 scopes.
//! - `x-graphgen-*` extensions carry the rest (sources, permission rows, examples, ...), so
//!   [`super::import`] gives back the same IR.

use super::{ext, rows, *};
use crate::ir::{
    EnumDef, HttpMethod, Ir, Operation, Permission, Property, RequestBody, ResponseBody, Status,
    TypeDef, TypeDefKind, TypeKind, TypeRef, UnionDef, UnionStyle,
};
use crate::parse::typecell::{is_identifier, possible_values};
use serde_yaml::{Mapping, Value};
use std::collections::{BTreeMap, BTreeSet};

mod graph;
mod paths;
mod schemas;
use graph::*;
use paths::*;
pub(crate) use schemas::inferred_kind;
use schemas::*;

/// An ordered JSON/YAML object under construction.
#[derive(Default)]
pub(crate) struct Obj(Mapping);

impl Obj {
    pub(crate) fn new() -> Obj {
        Obj::default()
    }

    pub(crate) fn put(&mut self, key: &str, value: impl Into<Value>) {
        self.0.insert(Value::String(key.to_owned()), value.into());
    }

    pub(crate) fn with(mut self, key: &str, value: impl Into<Value>) -> Obj {
        self.put(key, value);
        self
    }

    /// Sets `key` only when `value` is not empty text.
    fn text(&mut self, key: &str, value: &str) {
        if !value.is_empty() {
            self.put(key, value);
        }
    }

    fn has(&self, key: &str) -> bool {
        self.0.contains_key(key)
    }

    pub(crate) fn value(self) -> Value {
        Value::Mapping(self.0)
    }
}

/// What the export needs to know about the whole IR.
struct Ctx<'a> {
    types: BTreeMap<&'a str, &'a TypeDef>,
    enums: BTreeSet<&'a str>,
    /// Whether `entity` is a schema of the document (defined or synthesized).
    entity: bool,
}

impl Ctx<'_> {
    /// Whether the schema of `base` or of one of its bases declares a property `prop`.
    fn chain_has(&self, base: &str, prop: &str) -> bool {
        let mut cur = Some(base);
        let mut seen = BTreeSet::new();
        while let Some(b) = cur.filter(|b| seen.insert(*b)) {
            let Some(t) = self.types.get(b) else {
                return b == ENTITY && prop == "id";
            };
            if t.properties
                .iter()
                .chain(&t.navigation)
                .any(|p| p.name == prop)
            {
                return true;
            }
            cur = t.base.as_deref();
        }
        false
    }

    /// Whether `name` (a type no page defines, as the page wrote it) gets a placeholder
    /// schema a `$ref` can lead to: it must look like a type name and no defined type or
    /// enum may have its key.
    fn placeholder(&self, name: &str) -> bool {
        is_identifier(name) && !self.types.contains_key(name) && !self.enums.contains(name)
    }
}

/// The names of the types the IR refers to (as untyped JSON or as a base) that no page
/// defines, each of which gets a placeholder schema.
fn placeholder_names<'a>(ir: &'a Ir, ctx: &Ctx) -> BTreeSet<&'a str> {
    let mut out = BTreeSet::new();
    let mut add = |ty: &'a TypeRef| {
        if let TypeKind::Json { name } = &ty.innermost().kind {
            if ctx.placeholder(name) {
                out.insert(name.as_str());
            }
        }
    };
    for t in &ir.types {
        for p in t.properties.iter().chain(&t.navigation) {
            add(&p.ty);
        }
        t.other_refs().for_each(&mut add);
    }
    for op in &ir.operations {
        match &op.request_body {
            Some(RequestBody::Type { ty, properties }) => {
                add(ty);
                properties.iter().for_each(|p| add(&p.ty));
            }
            Some(RequestBody::Parameters { parameters }) => {
                parameters.iter().for_each(|p| add(&p.ty))
            }
            None => {}
        }
        if let ResponseBody::Single { ty } | ResponseBody::Collection { ty } = &op.response.body {
            add(ty);
        }
        for o in &op.outcomes {
            if let ResponseBody::Single { ty } | ResponseBody::Collection { ty } = &o.body {
                add(ty);
            }
        }
        op.parameters.iter().for_each(|p| add(&p.ty));
    }
    for t in &ir.types {
        if let Some(b) = t.base.as_deref() {
            if ctx.placeholder(b) && b != ENTITY {
                out.insert(b);
            }
        }
    }
    out
}

/// The schema standing for a type no page defines: an object that says nothing more,
/// marked so import reads references to it as untyped JSON of that name again.
fn placeholder_schema(name: &str) -> Value {
    Obj::new()
        .with("title", name)
        .with("type", "object")
        .with(
            "description",
            format!("`{name}` is named by the pages but defined by none of them."),
        )
        .with(ext::UNRESOLVED, true)
        .with(ext::SYNTHESIZED, true)
        .value()
}

/// Writes the document for resolved `ir`.
pub fn export(ir: &Ir) -> Value {
    let types: BTreeMap<&str, &TypeDef> = ir.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let enums: BTreeSet<&str> = ir.enums.iter().map(|e| e.name.as_str()).collect();
    // `entity` is a schema unless an enum took its name.
    let entity = types.contains_key(ENTITY) || !enums.contains(ENTITY);
    let ctx = Ctx {
        entity,
        types,
        enums,
    };

    // Schemas, by key; a name defined twice keeps the later definition (the resolver's rule)
    // and lists the earlier ones in an extension.
    let mut schemas: BTreeMap<String, Value> = BTreeMap::new();
    let mut duplicates = Vec::new();
    let defs = ir
        .types
        .iter()
        .map(|t| (t.name.as_str(), type_schema(t, &ctx)))
        .chain(ir.enums.iter().map(|e| (e.name.as_str(), enum_schema(e))));
    for (name, schema) in defs {
        if let Some(earlier) = schemas.insert(schema_key(name), schema) {
            duplicates.push(rows::value(&rows::DuplicateSchema {
                key: schema_key(name),
                schema: earlier,
            }));
        }
    }
    if !ctx.types.contains_key(ENTITY) && !ctx.enums.contains(ENTITY) {
        schemas.insert(schema_key(ENTITY), entity_schema());
    }
    for name in placeholder_names(ir, &ctx) {
        schemas
            .entry(schema_key(name))
            .or_insert_with(|| placeholder_schema(name));
    }
    for (key, schema) in error_schemas() {
        schemas.entry(key).or_insert(schema);
    }
    let mut schemas_map = Mapping::new();
    for (k, v) in schemas {
        schemas_map.insert(Value::String(k), v);
    }

    let (paths, more, scopes) = paths(ir, &ctx);

    let mut components = Obj::new();
    components.put("schemas", schemas_map);
    components.put("responses", error_responses());
    components.put("parameters", query_parameters());
    components.put("securitySchemes", security_schemes(&scopes));

    let mut doc = Obj::new()
        .with("openapi", OPENAPI_VERSION)
        .with(
            "info",
            Obj::new()
                .with("title", "Microsoft Graph")
                .with(
                    "description",
                    format!(
                        "Written by graphgen from the reference pages: {} types, {} enums, {} operations.",
                        ir.types.len(),
                        ir.enums.len(),
                        ir.operations.len()
                    ),
                )
                .with("version", "beta")
                .value(),
        )
        .with(
            "servers",
            vec![Obj::new()
                .with("url", "https://graph.microsoft.com/beta")
                .value()],
        )
        .with("paths", paths)
        .with("components", components.value());
    if !ir.foreign {
        doc.put(ext::PAGES, true);
    }
    if !more.is_empty() {
        doc.put(ext::MORE_OPERATIONS, more);
    }
    if !duplicates.is_empty() {
        doc.put(ext::DUPLICATE_SCHEMAS, duplicates);
    }
    doc.value()
}

// ---------------------------------------------------------------- schemas

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Permission;

    #[test]
    fn sub_rows_belong_to_the_kind_above() {
        let p = |k: &str, s: &[&str]| Permission {
            kind: k.into(),
            scopes: s.iter().map(|s| s.to_string()).collect(),
        };
        let got = scheme_scopes(&[
            p("Delegated (work or school account)", &[]),
            p("Policy Set", &["A.Read.All", "A.ReadWrite.All"]),
            p("Delegated (personal Microsoft account)", &[]),
            p(
                "Application",
                &["**TODO: Determine scopes **", "B.All C.All"],
            ),
        ]);
        let got: Vec<(&str, &str)> = got.iter().map(|(s, x)| (s.scheme, x.as_str())).collect();
        assert_eq!(
            got,
            [
                ("delegatedWorkOrSchool", "A.Read.All"),
                ("delegatedWorkOrSchool", "A.ReadWrite.All"),
                ("application", "B.All"),
                ("application", "C.All"),
            ]
        );
    }
}
