//! Types and enums → `components.schemas` (with the `x-graphgen-*` rows that keep what
//! OpenAPI has no place for), and a type reference → its schema.

use super::*;

/// The schema of a type reference (no description): a primitive, a `$ref`, an array.
pub(super) fn typeref_schema(ty: &TypeRef, ctx: &Ctx) -> Obj {
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
                rows::value(&rows::MissingRef {
                    kind: kind.to_owned(),
                    name: name.clone(),
                }),
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
        TypeKind::Unresolved { name, link } => Obj::new().with(
            ext::UNRESOLVED,
            rows::value(&rows::Unresolved {
                name: name.clone(),
                link: link.clone(),
            }),
        ),
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
pub(super) fn property_schema(p: &Property, navigation: bool, ctx: &Ctx) -> Value {
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
    let k = &p.keywords;
    if let Some(d) = k
        .default
        .as_deref()
        .and_then(|d| serde_json::from_str::<Value>(d).ok())
    {
        o.put("default", d);
    }
    if k.read_only {
        o.put("readOnly", true);
    }
    if k.write_only {
        o.put("writeOnly", true);
    }
    if let Some(f) = &k.format {
        o.put("format", f.as_str());
    }
    o.put(ext::SOURCE, source_text(&p.source));
    o.value()
}

/// A row that is not a declared property of the schema: where it goes back on import.
pub(super) fn other_row(p: &Property, index: usize, navigation: bool, ctx: &Ctx) -> Value {
    rows::value(&rows::OtherRow {
        name: p.name.clone(),
        index: index as u64,
        navigation,
        schema: property_schema(p, navigation, ctx),
    })
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

pub(super) fn type_schema(t: &TypeDef, ctx: &Ctx) -> Value {
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
    match &t.additional {
        Some(ty) => own.put("additionalProperties", typeref_schema(ty, ctx).value()),
        None if t.open => own.put("additionalProperties", true),
        None => {}
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
pub(super) fn union_schema(t: &TypeDef, u: &UnionDef, ctx: &Ctx) -> Value {
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
                // A check of the value itself goes beside; a property's is the property's.
                if let Some(f) = v.formats.iter().find(|c| c.property.is_empty()) {
                    m.put("format", f.format.as_str());
                }
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

pub(super) fn enum_schema(e: &EnumDef) -> Value {
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
pub(super) fn entity_schema() -> Value {
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

pub(super) fn string_prop(description: &str) -> Value {
    Obj::new()
        .with("type", "string")
        .with("description", description)
        .value()
}
