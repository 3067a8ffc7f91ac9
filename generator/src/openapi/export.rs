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

use super::{ext, *};
use crate::ir::{
    EnumDef, HttpMethod, Ir, Operation, Permission, Property, RequestBody, ResponseBody, TypeDef,
    TypeDefKind, TypeKind, TypeRef, UnionDef, UnionStyle,
};
use crate::parse::typecell::{is_identifier, possible_values};
use serde_yaml::{Mapping, Value};
use std::collections::{BTreeMap, BTreeSet};

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
        t.union_refs().for_each(&mut add);
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
            duplicates.push(
                Obj::new()
                    .with("key", schema_key(name))
                    .with("schema", earlier)
                    .value(),
            );
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
    if !more.is_empty() {
        doc.put(ext::MORE_OPERATIONS, more);
    }
    if !duplicates.is_empty() {
        doc.put(ext::DUPLICATE_SCHEMAS, duplicates);
    }
    doc.value()
}

// ---------------------------------------------------------------- schemas

/// The schema of a type reference (no description): a primitive, a `$ref`, an array.
fn typeref_schema(ty: &TypeRef, ctx: &Ctx) -> Obj {
    let inner = match &ty.kind {
        TypeKind::Primitive { edm } => {
            let (t, f) = edm_schema(*edm);
            let mut o = Obj::new().with("type", t);
            if let Some(f) = f {
                o.put("format", f);
            }
            o
        }
        TypeKind::Type { name } if ctx.types.contains_key(name.as_str()) => {
            Obj::new().with("$ref", schema_ref(name))
        }
        TypeKind::Enum { name } if ctx.enums.contains(name.as_str()) => {
            Obj::new().with("$ref", schema_ref(name))
        }
        // A reference to something no schema defines: no `$ref` may dangle.
        TypeKind::Type { name } | TypeKind::Enum { name } => {
            let kind = if matches!(ty.kind, TypeKind::Enum { .. }) {
                "enum"
            } else {
                "type"
            };
            Obj::new().with(
                ext::MISSING_REF,
                Obj::new()
                    .with("kind", kind)
                    .with("name", name.as_str())
                    .value(),
            )
        }
        // A named type no page defines: a `$ref` to its placeholder schema.
        TypeKind::Json { name } if ctx.placeholder(name) => {
            Obj::new().with("$ref", schema_ref(name))
        }
        TypeKind::Json { name } => Obj::new().with(ext::JSON_TYPE, name.as_str()),
        TypeKind::List { item } => typeref_schema(item, ctx),
        TypeKind::Map { value } => Obj::new()
            .with("type", "object")
            .with("additionalProperties", typeref_schema(value, ctx).value()),
        TypeKind::Unresolved { name, link } => {
            let mut u = Obj::new().with("name", name.as_str());
            if let Some(l) = link {
                u.put("link", l.as_str());
            }
            Obj::new().with(ext::UNRESOLVED, u.value())
        }
    };
    if ty.collection {
        Obj::new()
            .with("type", "array")
            .with("items", inner.value())
    } else {
        inner
    }
}

/// The schema of one property row: its type, description and what the row says besides.
fn property_schema(p: &Property, navigation: bool, ctx: &Ctx) -> Value {
    let mut o = typeref_schema(&p.ty, ctx);
    if o.has("$ref") {
        // OpenAPI 3.0 ignores siblings of `$ref`: wrap it to keep the description.
        o = Obj::new().with("allOf", vec![o.value()]);
    }
    o.text("description", &p.description);
    if navigation {
        o.put("x-ms-navigationProperty", true);
    }
    if let Some(i) = &p.inherited_from {
        o.put(ext::INHERITED_FROM, i.as_str());
    }
    // Import reads the list from the description again; only a list that differs is kept.
    if p.possible_values != possible_values(&p.description) {
        o.put(ext::POSSIBLE_VALUES, p.possible_values.clone());
    }
    o.put(ext::SOURCE, source_text(&p.source));
    o.value()
}

/// A row that is not a declared property of the schema: where it goes back on import.
fn other_row(p: &Property, index: usize, navigation: bool, ctx: &Ctx) -> Value {
    let mut o = Obj::new()
        .with("name", p.name.as_str())
        .with("index", index);
    if navigation {
        o.put("navigation", true);
    }
    o.put("schema", property_schema(p, navigation, ctx));
    o.value()
}

/// Whether import would infer `kind` without being told: entity when there is a key or an
/// `id` row.
pub(crate) fn inferred_kind<'x>(
    key: Option<&str>,
    mut rows: impl Iterator<Item = &'x str>,
) -> TypeDefKind {
    if key.is_some() || rows.any(|n| n == "id") {
        TypeDefKind::Entity
    } else {
        TypeDefKind::Complex
    }
}

fn type_schema(t: &TypeDef, ctx: &Ctx) -> Value {
    if let Some(u) = &t.union {
        return union_schema(t, u, ctx);
    }
    // The base reached through `allOf`: the page's base when a schema defines it, else
    // `entity` for an entity type that names none.
    let (base, implicit) = match t.base.as_deref() {
        Some(b) if ctx.types.contains_key(b) || (b == ENTITY && ctx.entity) => (Some(b), false),
        // A base no page defines: reached through its placeholder schema.
        Some(b) if ctx.placeholder(b) && b != ENTITY => (Some(b), false),
        Some(_) => (None, false),
        None if t.kind == TypeDefKind::Entity && t.name != ENTITY && ctx.entity => {
            (Some(ENTITY), true)
        }
        None => (None, false),
    };

    let mut own = Obj::new()
        .with("title", t.name.as_str())
        .with("type", "object");
    own.text("description", &t.description);
    let mut declared = Mapping::new();
    let mut others = Vec::new();
    for (rows, navigation) in [(&t.properties, false), (&t.navigation, true)] {
        for (i, p) in rows.iter().enumerate() {
            // An inherited row is declared by the base unless no schema of the base chain
            // has it (a placeholder base, a base page that leaves it out).
            let not_declared = (base.is_some_and(|b| ctx.chain_has(b, &p.name))
                && p.inherited_from.is_some())
                || (implicit && p.name == "id")
                || declared.contains_key(p.name.as_str());
            if not_declared {
                others.push(other_row(p, i, navigation, ctx));
            } else {
                declared.insert(
                    Value::String(p.name.clone()),
                    property_schema(p, navigation, ctx),
                );
            }
        }
    }
    if !declared.is_empty() {
        own.put("properties", declared);
    }
    if t.open {
        own.put("additionalProperties", true);
    }
    let names = t
        .properties
        .iter()
        .chain(&t.navigation)
        .map(|p| p.name.as_str());
    if inferred_kind(t.key.as_deref(), names) != t.kind {
        own.put(
            ext::KIND,
            match t.kind {
                TypeDefKind::Entity => "entity",
                TypeDefKind::Complex => "complex",
            },
        );
    }
    if let Some(k) = &t.key {
        own.put(ext::KEY, k.as_str());
    }
    if t.is_abstract {
        own.put(ext::ABSTRACT, true);
    }
    match (&t.base, base) {
        (Some(b), None) => own.put(ext::BASE, b.as_str()),
        (None, Some(_)) => own.put(ext::IMPLICIT_BASE, true),
        _ => {}
    }
    if !others.is_empty() {
        own.put(ext::OTHER_ROWS, others);
    }
    own.put(ext::SOURCE, source_text(&t.source));
    match base {
        Some(b) => Obj::new()
            .with(
                "allOf",
                vec![Obj::new().with("$ref", schema_ref(b)).value(), own.value()],
            )
            .value(),
        None => own.value(),
    }
}

/// A union as a `oneOf` that import reads back as the same union: for an internally
/// tagged one, objects with the tag property (one value) beside an `allOf` of what the
/// alternative carries, and a `discriminator`; for an externally tagged one, strings and
/// objects of one property; for an untagged one, an `allOf` of each alternative's schema.
/// Every alternative has its name as `title`.
fn union_schema(t: &TypeDef, u: &UnionDef, ctx: &Ctx) -> Value {
    let mut own = Obj::new().with("title", t.name.as_str());
    own.text("description", &t.description);
    let mut members = Vec::new();
    for v in &u.variants {
        let wire = v.tag.clone().unwrap_or_default();
        let mut m = Obj::new();
        if !matches!(u.style, UnionStyle::External) || v.name != wire {
            m.put("title", v.name.as_str());
        }
        m.text("description", &v.description);
        match (&u.style, &v.ty) {
            (UnionStyle::Internal { tag }, ty) => {
                if let Some(ty) = ty {
                    m.put("allOf", vec![typeref_schema(ty, ctx).value()]);
                }
                let mut props = Mapping::new();
                props.insert(
                    Value::from(tag.as_str()),
                    Obj::new()
                        .with("type", "string")
                        .with("enum", vec![wire.clone()])
                        .value(),
                );
                m.put("type", "object");
                m.put("properties", props);
                m.put("required", vec![tag.clone()]);
            }
            (UnionStyle::External, Some(ty)) => {
                let mut props = Mapping::new();
                props.insert(Value::from(wire.as_str()), typeref_schema(ty, ctx).value());
                m.put("type", "object");
                m.put("properties", props);
                m.put("required", vec![wire.clone()]);
                m.put("additionalProperties", false);
            }
            (UnionStyle::External, None) => {
                m.put("type", "string");
                m.put("enum", vec![wire.clone()]);
            }
            (UnionStyle::Untagged, ty) => {
                let inner = match ty {
                    Some(ty) => typeref_schema(ty, ctx),
                    None => Obj::new(),
                };
                m.put("allOf", vec![inner.value()]);
                if !v.required.is_empty() {
                    m.put("required", v.required.clone());
                }
            }
        }
        members.push(m.value());
    }
    own.put("oneOf", members);
    if let UnionStyle::Internal { tag } = &u.style {
        own.put(
            "discriminator",
            Obj::new().with("propertyName", tag.as_str()).value(),
        );
    }
    own.put(ext::SOURCE, source_text(&t.source));
    own.value()
}

fn enum_schema(e: &EnumDef) -> Value {
    let mut o = Obj::new()
        .with("title", e.name.as_str())
        .with("type", "string");
    o.text("description", &e.description);
    let mut seen = BTreeSet::new();
    let names: Vec<Value> = e
        .members
        .iter()
        .filter(|m| seen.insert(m.name.as_str()))
        .map(|m| Value::from(m.name.as_str()))
        .collect();
    if !names.is_empty() {
        o.put("enum", names);
    }
    let values: Vec<Value> = e
        .members
        .iter()
        .map(|m| {
            let mut v = Obj::new().with("value", m.name.as_str());
            v.text("description", &m.description);
            if let Some(n) = m.value {
                v.put(ext::MEMBER_VALUE, n);
            }
            v.put(ext::SOURCE, source_text(&m.source));
            v.value()
        })
        .collect();
    o.put(
        "x-ms-enum",
        Obj::new()
            .with("name", e.name.as_str())
            .with("modelAsString", false)
            .with("values", values)
            .value(),
    );
    o.put(ext::SOURCE, source_text(&e.source));
    o.value()
}

/// `entity`, for inputs without its page.
fn entity_schema() -> Value {
    let id = Obj::new().with("type", "string").with(
        "description",
        "The unique identifier for an entity. Read-only.",
    );
    Obj::new()
        .with("title", ENTITY)
        .with("type", "object")
        .with("properties", Obj::new().with("id", id.value()).value())
        .with(ext::SYNTHESIZED, true)
        .value()
}

fn string_prop(description: &str) -> Value {
    Obj::new()
        .with("type", "string")
        .with("description", description)
        .value()
}

/// The Graph error body: `{"error": {"code", "message", "target", "details", "innerError"}}`.
fn error_schemas() -> Vec<(String, Value)> {
    let ns = "microsoft.graph.ODataErrors.";
    let r = |n: &str| format!("{SCHEMAS_POINTER}{ns}{n}");
    let object = |props: Obj, required: &[&str]| {
        Obj::new()
            .with("type", "object")
            .with(
                "required",
                required.iter().map(|s| Value::from(*s)).collect::<Vec<_>>(),
            )
            .with("properties", props.value())
            .with(ext::SYNTHESIZED, true)
            .value()
    };
    let odata_error = object(
        Obj::new().with("error", Obj::new().with("$ref", r("MainError")).value()),
        &["error"],
    );
    let main_error = object(
        Obj::new()
            .with("code", string_prop("A service-defined error code."))
            .with(
                "message",
                string_prop("A human-readable description of the error."),
            )
            .with("target", string_prop("The target of the error."))
            .with(
                "details",
                Obj::new()
                    .with("type", "array")
                    .with("items", Obj::new().with("$ref", r("ErrorDetails")).value())
                    .value(),
            )
            .with(
                "innerError",
                Obj::new()
                    .with(
                        "allOf",
                        vec![Obj::new().with("$ref", r("InnerError")).value()],
                    )
                    .with(
                        "description",
                        "Details the service adds: request id and date.",
                    )
                    .value(),
            ),
        &["code", "message"],
    );
    let details = object(
        Obj::new()
            .with("code", string_prop("A service-defined error code."))
            .with(
                "message",
                string_prop("A human-readable description of the error."),
            )
            .with("target", string_prop("The target of the error.")),
        &["code", "message"],
    );
    let inner = Obj::new()
        .with("type", "object")
        .with(
            "properties",
            Obj::new()
                .with("request-id", string_prop("Request ID, for support."))
                .with(
                    "client-request-id",
                    string_prop("Client request ID, for support."),
                )
                .with(
                    "date",
                    Obj::new()
                        .with("type", "string")
                        .with("format", "date-time")
                        .with("description", "Date and time of the request.")
                        .value(),
                )
                .value(),
        )
        .with("additionalProperties", true)
        .with(ext::SYNTHESIZED, true)
        .value();
    vec![
        (ERROR_SCHEMA.to_owned(), odata_error),
        (format!("{ns}MainError"), main_error),
        (format!("{ns}ErrorDetails"), details),
        (format!("{ns}InnerError"), inner),
    ]
}

fn error_responses() -> Value {
    let schema = Obj::new().with("$ref", format!("{SCHEMAS_POINTER}{ERROR_SCHEMA}"));
    Obj::new()
        .with(
            ERROR_RESPONSE,
            Obj::new()
                .with("description", "The Graph error response.")
                .with(
                    "content",
                    Obj::new()
                        .with(
                            "application/json",
                            Obj::new().with("schema", schema.value()).value(),
                        )
                        .value(),
                )
                .value(),
        )
        .value()
}

// ---------------------------------------------------------------- query options

/// The OData system query options: (component key, name, description, schema).
fn query_options() -> Vec<(&'static str, &'static str, &'static str, Value)> {
    let int = || {
        Obj::new()
            .with("type", "integer")
            .with("minimum", 0)
            .value()
    };
    let string = || Obj::new().with("type", "string").value();
    let strings = || {
        Obj::new()
            .with("type", "array")
            .with("uniqueItems", true)
            .with("items", Obj::new().with("type", "string").value())
            .value()
    };
    vec![
        ("top", "$top", "Show only the first n items.", int()),
        ("skip", "$skip", "Skip the first n items.", int()),
        (
            "search",
            "$search",
            "Search items by search phrases.",
            string(),
        ),
        (
            "filter",
            "$filter",
            "Filter items by property values.",
            string(),
        ),
        (
            "count",
            "$count",
            "Include the count of items.",
            Obj::new().with("type", "boolean").value(),
        ),
        (
            "orderby",
            "$orderby",
            "Order items by property values.",
            strings(),
        ),
        (
            "select",
            "$select",
            "Select the properties to be returned.",
            strings(),
        ),
        ("expand", "$expand", "Expand related entities.", strings()),
    ]
}

fn query_parameters() -> Value {
    let mut o = Obj::new();
    for (key, name, description, schema) in query_options() {
        let array = schema.get("type").and_then(Value::as_str) == Some("array");
        let mut p = Obj::new()
            .with("name", name)
            .with("in", "query")
            .with("description", description);
        if array {
            p.put("style", "form");
            p.put("explode", false);
        }
        p.put("schema", schema);
        o.put(key, p.value());
    }
    o.value()
}

/// The query options an operation allows: all of them on collections, `$select` and
/// `$expand` otherwise.
fn query_refs(op: &Operation) -> Vec<Value> {
    let keys: &[&str] = match op.response.body {
        ResponseBody::Collection { .. } => &[
            "top", "skip", "search", "filter", "count", "orderby", "select", "expand",
        ],
        _ => &["select", "expand"],
    };
    keys.iter()
        .map(|k| {
            Obj::new()
                .with("$ref", format!("#/components/parameters/{k}"))
                .value()
        })
        .collect()
}

// ---------------------------------------------------------------- security

/// Scopes by security scheme, in first-seen order.
type Scopes = BTreeMap<&'static str, Vec<String>>;

/// The (scheme, scope) pairs of a permissions table. Rows that are not one of the three
/// kinds (feature-area sub-rows) belong to the kind above them; words that are not scope
/// names (`**TODO: ...`) are left out.
fn scheme_scopes(perms: &[Permission]) -> Vec<(&'static SchemeInfo, String)> {
    let mut out: Vec<(&'static SchemeInfo, String)> = Vec::new();
    let mut current = None;
    for p in perms {
        if let Some(s) = scheme_of_kind(&p.kind) {
            current = Some(s);
        }
        let Some(s) = current else { continue };
        // A cell is one scope, or several separated by spaces; prose is no scope.
        for cell in &p.scopes {
            if !cell.split_whitespace().all(is_scope) {
                continue;
            }
            for scope in cell.split_whitespace() {
                if !out.iter().any(|(o, x)| o.scheme == s.scheme && x == scope) {
                    out.push((s, scope.to_owned()));
                }
            }
        }
    }
    out
}

fn security_schemes(scopes: &Scopes) -> Value {
    let mut o = Obj::new();
    for s in SCHEMES {
        let mut map = Mapping::new();
        for sc in scopes.get(s.scheme).into_iter().flatten() {
            map.insert(Value::from(sc.as_str()), Value::from(sc.as_str()));
        }
        let base = format!("https://login.microsoftonline.com/{}/oauth2/v2.0", s.tenant);
        let flows = if s.app_only {
            Obj::new().with(
                "clientCredentials",
                Obj::new()
                    .with("tokenUrl", format!("{base}/token"))
                    .with("scopes", map)
                    .value(),
            )
        } else {
            Obj::new().with(
                "authorizationCode",
                Obj::new()
                    .with("authorizationUrl", format!("{base}/authorize"))
                    .with("tokenUrl", format!("{base}/token"))
                    .with("scopes", map)
                    .value(),
            )
        };
        o.put(
            s.scheme,
            Obj::new()
                .with("type", "oauth2")
                .with(
                    "description",
                    format!("Permissions of the kind \"{}\".", s.kind),
                )
                .with("flows", flows.value())
                .with(ext::PERMISSION_KIND, s.kind)
                .value(),
        );
    }
    o.value()
}

// ---------------------------------------------------------------- operations

/// One path line of one operation, placed in the document.
struct Placed<'a> {
    op: &'a Operation,
    path: usize,
    id: String,
    primary: String,
}

/// `paths`, the operations that found their (path, method) taken, and the scopes used.
fn paths(ir: &Ir, ctx: &Ctx) -> (Value, Vec<Value>, Scopes) {
    // Stable operationIds, one rule with the Rust client's names: the navigation chain of
    // each path line (`deviceManagement.userPfxCertificates.byId.get`), unique.
    let plan = crate::plan::Plan::new(ir);
    let mut placed = Vec::new();
    for (op, o) in ir.operations.iter().zip(&plan.ops) {
        let primary = o
            .paths
            .first()
            .map(|p| p.operation_id.clone())
            .unwrap_or_default();
        for (i, p) in o.paths.iter().enumerate().take(op.paths.len()) {
            placed.push(Placed {
                op,
                path: i,
                id: p.operation_id.clone(),
                primary: primary.clone(),
            });
        }
    }

    // OpenAPI has one operation per path and method; where several pages document the
    // same one (a page per derived type), the page about the most general type gets it
    // (`Get deviceConfiguration` rather than `Get androidCustomConfiguration`), the first
    // in title order among equals. The others go to an extension.
    let mut native: BTreeMap<(String, HttpMethod), (usize, usize)> = BTreeMap::new();
    for (i, p) in placed.iter().enumerate() {
        let Some(path) = p.op.paths.get(p.path) else {
            continue;
        };
        let rank = generality(p.op, ctx);
        native
            .entry((template_shape(&path.template), path.method))
            .and_modify(|best| {
                if rank < best.0 {
                    *best = (rank, i);
                }
            })
            .or_insert((rank, i));
    }

    let mut scopes: Scopes = BTreeMap::new();
    let mut items: BTreeMap<String, Mapping> = BTreeMap::new();
    // Templates equal but for parameter names are one path to OpenAPI: the first one
    // seen names it.
    let mut by_shape: BTreeMap<String, String> = BTreeMap::new();
    let mut more = Vec::new();
    for (i, p) in placed.iter().enumerate() {
        let Some(path) = p.op.paths.get(p.path) else {
            continue;
        };
        let method = path.method.as_str().to_ascii_lowercase();
        let shape = template_shape(&path.template);
        let key = by_shape
            .entry(shape.clone())
            .or_insert_with(|| path.template.clone())
            .clone();
        let free = native
            .get(&(shape, path.method))
            .is_some_and(|&(_, chosen)| chosen == i);
        let written_key = if free { &key } else { &path.template };
        let mut obj = operation(p, written_key, ctx, &mut scopes);
        if written_key != &path.template {
            obj.put(ext::TEMPLATE, path.template.as_str());
        }
        if free {
            items
                .entry(key)
                .or_default()
                .insert(Value::String(method), obj.value());
        } else {
            more.push(
                Obj::new()
                    .with("path", path.template.as_str())
                    .with("method", method)
                    .with("operation", obj.value())
                    .value(),
            );
        }
    }
    let mut paths = Mapping::new();
    for (k, v) in items {
        paths.insert(Value::String(k), Value::Mapping(v));
    }
    (Value::Mapping(paths), more, scopes)
}

/// How specific the types an operation sends and answers are: the fewest base-type hops
/// from one of them to the root of its hierarchy (0 without a typed body).
fn generality(op: &Operation, ctx: &Ctx) -> usize {
    let depth = |ty: &TypeRef| {
        let TypeKind::Type { name } = &ty.kind else {
            return 0;
        };
        let mut seen = BTreeSet::new();
        let mut cur = ctx.types.get(name.as_str());
        let mut n = 0;
        while let Some(t) = cur {
            if !seen.insert(t.name.as_str()) {
                break;
            }
            cur = t.base.as_deref().and_then(|b| ctx.types.get(b));
            if cur.is_some() {
                n += 1;
            }
        }
        n
    };
    let request = match &op.request_body {
        Some(RequestBody::Type { ty, .. }) => Some(depth(ty)),
        _ => None,
    };
    let response = match &op.response.body {
        ResponseBody::Single { ty } | ResponseBody::Collection { ty } => Some(depth(ty)),
        ResponseBody::None => None,
    };
    request.into_iter().chain(response).min().unwrap_or(0)
}

fn operation(p: &Placed, key: &str, ctx: &Ctx, scopes: &mut Scopes) -> Obj {
    let op = p.op;
    let first = p.path == 0;
    let mut o = Obj::new();
    if let Some(tag) = key
        .split('/')
        .find(|s| !s.is_empty() && !s.starts_with('{'))
    {
        o.put("tags", vec![Value::from(tag)]);
    }
    o.put("summary", op.title.as_str());
    o.text("description", &op.description);
    o.put("operationId", p.id.as_str());

    let mut params: Vec<Value> = template_params(key)
        .into_iter()
        .map(|name| {
            Obj::new()
                .with("name", name)
                .with("in", "path")
                .with("required", true)
                .with("schema", Obj::new().with("type", "string").value())
                .value()
        })
        .collect();
    if op.query_options {
        params.extend(query_refs(op));
    }
    for q in &op.parameters {
        let mut o = Obj::new()
            .with("name", q.name.as_str())
            .with("in", q.location.as_str());
        o.text("description", &q.description);
        if q.required {
            o.put("required", true);
        }
        o.put("schema", typeref_schema(&q.ty, ctx).value());
        params.push(o.value());
    }
    if !params.is_empty() {
        o.put("parameters", params);
    }

    if let Some(body) = &op.request_body {
        o.put("requestBody", request_body(body, first, ctx));
    }
    o.put("responses", responses(op, ctx));

    let pairs = scheme_scopes(&op.permissions);
    if !pairs.is_empty() {
        let reqs: Vec<Value> = pairs
            .iter()
            .map(|(s, scope)| {
                Obj::new()
                    .with(s.scheme, vec![Value::from(scope.as_str())])
                    .value()
            })
            .collect();
        o.put("security", reqs);
        for (s, scope) in pairs {
            let list = scopes.entry(s.scheme).or_default();
            if !list.contains(&scope) {
                list.push(scope);
            }
        }
    }

    if first {
        o.put(ext::SOURCE, source_text(&op.source));
        if !op.permissions.is_empty() {
            let rows: Vec<Value> = op
                .permissions
                .iter()
                .map(|p| {
                    Obj::new()
                        .with("kind", p.kind.as_str())
                        .with("scopes", p.scopes.clone())
                        .value()
                })
                .collect();
            o.put(ext::PERMISSIONS, rows);
        }
        if !op.headers.is_empty() {
            let rows: Vec<Value> = op
                .headers
                .iter()
                .map(|h| {
                    Obj::new()
                        .with("name", h.name.as_str())
                        .with("value", h.value.as_str())
                        .value()
                })
                .collect();
            o.put(ext::HEADERS, rows);
        }
        if !op.examples.is_empty() {
            let rows: Vec<Value> = op
                .examples
                .iter()
                .map(|e| {
                    let mut x = Obj::new()
                        .with(
                            "kind",
                            match e.kind {
                                crate::ir::ExampleKind::Request => "request",
                                crate::ir::ExampleKind::Response => "response",
                            },
                        )
                        .with("start_line", e.start_line.as_str());
                    if let Some(b) = &e.body {
                        x.put("body", b.as_str());
                    }
                    if e.truncated {
                        x.put("truncated", true);
                    }
                    x.put("source", source_text(&e.source));
                    x.value()
                })
                .collect();
            o.put(ext::EXAMPLES, rows);
        }
    } else {
        o.put(ext::PATH_OF, p.primary.as_str());
        o.put(ext::PATH_INDEX, p.path);
    }
    if let Some(path) = op.paths.get(p.path) {
        o.put(ext::PATH_SOURCE, source_text(&path.source));
        if let Some(q) = &path.query {
            o.put(ext::QUERY, q.as_str());
        }
    }
    o
}

fn json_content(schema: Value) -> Value {
    Obj::new()
        .with(
            "application/json",
            Obj::new().with("schema", schema).value(),
        )
        .value()
}

/// An inline object of parameter rows (an action's body); repeated names go to an extension.
fn parameters_schema(rows: &[Property], ctx: &Ctx) -> Value {
    let mut props = Mapping::new();
    let mut others = Vec::new();
    for (i, p) in rows.iter().enumerate() {
        if props.contains_key(p.name.as_str()) {
            others.push(other_row(p, i, false, ctx));
        } else {
            props.insert(
                Value::String(p.name.clone()),
                property_schema(p, false, ctx),
            );
        }
    }
    let mut o = Obj::new().with("type", "object");
    if !props.is_empty() {
        o.put("properties", props);
    }
    if !others.is_empty() {
        o.put(ext::OTHER_ROWS, others);
    }
    o.value()
}

fn request_body(body: &RequestBody, first: bool, ctx: &Ctx) -> Value {
    let mut o = Obj::new();
    match body {
        RequestBody::Type { ty, properties } => {
            o.put("content", json_content(typeref_schema(ty, ctx).value()));
            o.put("required", true);
            if first && !properties.is_empty() {
                let rows: Vec<Value> = properties
                    .iter()
                    .map(|p| {
                        Obj::new()
                            .with("name", p.name.as_str())
                            .with("schema", property_schema(p, false, ctx))
                            .value()
                    })
                    .collect();
                o.put(ext::BODY_PROPERTIES, rows);
            }
        }
        RequestBody::Parameters { parameters } => {
            o.put("content", json_content(parameters_schema(parameters, ctx)));
            o.put("required", true);
        }
    }
    o.value()
}

fn responses(op: &Operation, ctx: &Ctx) -> Value {
    let r = &op.response;
    let mut ok = Obj::new().with("description", reason_phrase(r.status));
    match &r.body {
        ResponseBody::None => {}
        ResponseBody::Single { ty } => {
            ok.put("content", json_content(typeref_schema(ty, ctx).value()));
        }
        ResponseBody::Collection { ty } => {
            let next = Obj::new()
                .with("type", "string")
                .with("nullable", true)
                .with("description", "The link to the next page, if any.");
            let page = Obj::new()
                .with("title", format!("Collection of {}", type_name(ty)))
                .with("type", "object")
                .with(
                    "properties",
                    Obj::new()
                        .with(
                            "value",
                            Obj::new()
                                .with("type", "array")
                                .with("items", typeref_schema(ty, ctx).value())
                                .value(),
                        )
                        .with("@odata.nextLink", next.value())
                        .value(),
                );
            ok.put("content", json_content(page.value()));
        }
    }
    // On every path's object: it marks the documented response (which need not be 2xx).
    ok.put(ext::SOURCE, source_text(&r.source));
    let error = || {
        Obj::new()
            .with("$ref", format!("#/components/responses/{ERROR_RESPONSE}"))
            .value()
    };
    Obj::new()
        .with(&r.status.to_string(), ok.value())
        .with("4XX", error())
        .with("5XX", error())
        .value()
}

/// The name a reference shows in titles.
fn type_name(ty: &TypeRef) -> String {
    match &ty.kind {
        TypeKind::Primitive { edm } => format!("Edm.{}", edm.name()),
        TypeKind::List { item } => format!("{} collection", type_name(item)),
        TypeKind::Map { value } => format!("map of {}", type_name(value)),
        TypeKind::Type { name }
        | TypeKind::Enum { name }
        | TypeKind::Json { name }
        | TypeKind::Unresolved { name, .. } => name.clone(),
    }
}

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
