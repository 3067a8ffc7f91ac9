//! Schemas: what each named schema is, and named schemas and schema nodes → IR types,
//! enums and type references.

use super::{child, entries, get, get_bool, get_map, get_seq, get_str, scalar_text};
use super::{rows, unions, Importer, Named, Shape, MAX_DEPTH, UNION};
use crate::diagnostics::Kind;
use crate::ir::{EnumDef, EnumMember, Ir, Property, TypeDef, TypeDefKind, TypeKind, TypeRef};
use crate::openapi::export::inferred_kind;
use crate::openapi::*;
use crate::parse::typecell::possible_values;
use serde_yaml::{Mapping, Value};
use std::collections::{BTreeMap, BTreeSet};

impl<'a> Importer<'a> {
    /// Decides what every named schema is, before any is read (references need it).
    pub(super) fn classify(&mut self) {
        let Some(schemas) = self.schemas else {
            return;
        };
        let mut names: BTreeMap<String, String> = BTreeMap::new();
        for (key, schema) in entries(schemas) {
            let ptr = child("#/components/schemas", &key);
            let kind = self.classify_one(&key, schema, &ptr, true);
            if let Named::Type(n) | Named::Enum(n) | Named::Union(n) = &kind {
                self.taken.insert(crate::naming::camel(n));
                if let Some(other) = names.insert(n.clone(), key.clone()) {
                    self.warn(
                        Kind::OpenapiDuplicate,
                        &ptr,
                        format!("`{key}` and `{other}` both read as the type `{n}`"),
                    );
                }
            }
            self.named.insert(key, kind);
        }
    }

    pub(super) fn classify_one(
        &mut self,
        key: &str,
        schema: &Value,
        ptr: &str,
        report: bool,
    ) -> Named {
        let name = name_of_key(key).to_owned();
        let Some(m) = schema.as_mapping() else {
            if schema.as_bool().is_some() {
                return Named::Alias;
            }
            if report {
                self.error(
                    Kind::OpenapiBadSchema,
                    ptr,
                    "expected a schema object; references to it are kept as untyped JSON",
                );
            }
            return Named::Unsupported;
        };
        if get_bool(m, ext::SYNTHESIZED) {
            return Named::Synthesized;
        }
        let shape = self.shape(m);
        if shape.ty.as_deref() == Some(UNION) {
            return Named::Union(name);
        }
        if m.contains_key("enum") || m.contains_key("x-ms-enum") {
            return match shape.ty.as_deref() {
                None | Some("string") | Some("integer") => Named::Enum(name),
                Some(t) => {
                    if report {
                        self.warn(
                            Kind::OpenapiUnsupported,
                            ptr,
                            format!("an enum of type `{t}` cannot be represented; references to it are kept as untyped JSON"),
                        );
                    }
                    Named::Unsupported
                }
            };
        }
        if Self::map_value(m).is_some() {
            return Named::Alias;
        }
        if shape.ty.as_deref() == Some("object")
            || m.contains_key("properties")
            || m.contains_key("allOf") && !self.is_wrapper(m)
        {
            return Named::Type(name);
        }
        if (m.contains_key("oneOf") || m.contains_key("anyOf")) && self.union_member(m).is_none() {
            if unions::is_enum_union(m) {
                return Named::Enum(name);
            }
            if unions::members(m, ptr).is_some_and(|l| !l.is_empty()) {
                return Named::Union(name);
            }
        }
        Named::Alias
    }

    /// The `type` of a schema: a 3.1 list with `"null"` counts as its other member; a list
    /// of several other types is [`UNION`] (an untagged union, see [`unions`]).
    pub(super) fn shape<'v>(&self, m: &'v Mapping) -> Shape<'v> {
        let ty = match get(m, "type") {
            None => None,
            Some(Value::Sequence(list)) => {
                let non_null: Vec<String> = list
                    .iter()
                    .filter_map(scalar_text)
                    .filter(|t| t != "null")
                    .collect();
                match non_null.as_slice() {
                    [] => Some("null".to_owned()),
                    [one] => Some(one.clone()),
                    _ => Some(UNION.to_owned()),
                }
            }
            Some(v) => scalar_text(v),
        };
        Shape { map: m, ty }
    }

    /// The schema of every property of a map: an object schema with an
    /// `additionalProperties` schema and no `properties`, `allOf` or combination.
    pub(super) fn map_value(m: &Mapping) -> Option<&Value> {
        let value = get(m, "additionalProperties").filter(|v| v.is_mapping())?;
        let only = ["properties", "allOf", "oneOf", "anyOf", "enum", "$ref"]
            .iter()
            .all(|k| !m.contains_key(*k));
        let object = get_str(m, "type").is_none_or(|t| t == "object");
        (only && object).then_some(value)
    }

    /// `allOf` of exactly one schema and nothing that makes an object: a wrapper that
    /// carries a description or nullability around a reference.
    pub(super) fn is_wrapper(&self, m: &Mapping) -> bool {
        get_seq(m, "allOf").len() == 1
            && !m.contains_key("properties")
            && get_str(m, "type").is_none_or(|t| t != "object")
    }

    /// Whether a schema is only "null" (a nullable member of a union).
    pub(super) fn is_null(v: &Value) -> bool {
        let Some(m) = v.as_mapping() else {
            return false;
        };
        let t = get(m, "type");
        if t.and_then(Value::as_str) == Some("null") {
            return true;
        }
        if let Some(Value::Sequence(l)) = t {
            if l.iter().all(|x| x.as_str() == Some("null")) && !l.is_empty() {
                return true;
            }
        }
        if get_seq(m, "enum").iter().all(Value::is_null) && m.contains_key("enum") {
            return true;
        }
        if m.get("const").is_some_and(Value::is_null) {
            return true;
        }
        // 3.0: `{type: object, nullable: true}` and nothing else.
        get_bool(m, "nullable")
            && entries(m).all(|(k, _)| {
                matches!(
                    k.as_str(),
                    "type" | "nullable" | "description" | "title" | "x-ms-nullable"
                )
            })
            && t.and_then(Value::as_str).is_none_or(|t| t == "object")
    }

    /// The one schema a oneOf/anyOf stands for: the single non-null member, or the number
    /// of a number-or-string union (Graph writes doubles so). `None` for a real union.
    pub(super) fn union_member<'v>(&self, m: &'v Mapping) -> Option<&'v Value> {
        let list = get(m, "oneOf")
            .or_else(|| get(m, "anyOf"))
            .and_then(Value::as_sequence)?;
        let members: Vec<&Value> = list.iter().filter(|v| !Self::is_null(v)).collect();
        if let [one] = members.as_slice() {
            return Some(one);
        }
        let is_num = |v: &Value| {
            matches!(
                v.get("type").and_then(Value::as_str),
                Some("number") | Some("integer")
            )
        };
        let nums: Vec<&Value> = members.iter().copied().filter(|v| is_num(v)).collect();
        let rest_ok = members.iter().filter(|v| !is_num(v)).all(|v| {
            v.get("type").and_then(Value::as_str) == Some("string")
                || v.get("$ref")
                    .and_then(Value::as_str)
                    .is_some_and(|r| r.ends_with("/ReferenceNumeric"))
        });
        match nums.as_slice() {
            [n] if rest_ok => Some(n),
            _ => None,
        }
    }

    /// Reads one named schema into `ir` (types and enums; aliases are read where used).
    pub(super) fn definition(&mut self, key: &str, schema: &Value, ptr: &str, ir: &mut Ir) {
        let Some(m) = schema.as_mapping() else {
            return;
        };
        match self.named.get(key).cloned() {
            Some(Named::Type(name)) => {
                let t = self.type_def(name, m, ptr);
                ir.types.push(t);
            }
            Some(Named::Enum(name)) => {
                let e = self.enum_def(name, m, ptr);
                ir.enums.push(e);
            }
            Some(Named::Union(name)) => {
                if let Some(t) = self.union_type(name, m, ptr, 0) {
                    ir.types.push(t);
                }
            }
            _ => {}
        }
    }

    pub(super) fn type_def(&mut self, name: String, m: &Mapping, ptr: &str) -> TypeDef {
        // The parts that describe the type itself: inline allOf members, then the schema.
        // One `$ref` member is the base; the properties of several are merged in.
        let mut parts: Vec<(&Mapping, String)> = Vec::new();
        let mut merged: Vec<(&Mapping, String)> = Vec::new();
        let mut base: Option<String> = None;
        let members = get_seq(m, "allOf");
        let refs = members.iter().filter(|p| p.get("$ref").is_some()).count();
        for (i, part) in members.iter().enumerate() {
            let pptr = format!("{ptr}/allOf/{i}");
            let Some(pm) = part.as_mapping() else {
                self.error(
                    Kind::OpenapiBadSchema,
                    &pptr,
                    "expected a schema object; ignored",
                );
                continue;
            };
            match get_str(pm, "$ref") {
                Some(r) if refs == 1 => base = self.base_of(r, &pptr),
                Some(r) => self.merge_parts(r, &pptr, 0, &mut merged),
                None => parts.push((pm, pptr)),
            }
        }
        parts.push((m, ptr.to_owned()));

        let find = |key: &str| parts.iter().find_map(|(p, _)| get(p, key));
        let description = find("description")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let key = find(ext::KEY).and_then(Value::as_str).map(str::to_owned);
        let is_abstract = find(ext::ABSTRACT)
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let open = parts.iter().any(|(p, _)| {
            get(p, "additionalProperties").is_some_and(|v| v.as_bool() != Some(false))
        });
        // A schema for the undeclared properties types them; `{}` or `true` says nothing.
        let additional = parts.iter().find_map(|(p, pptr)| {
            let v = get(p, "additionalProperties")?;
            v.as_mapping().filter(|m| !m.is_empty())?;
            Some((v, child(pptr, "additionalProperties")))
        });
        let additional = additional
            .map(|(v, aptr)| self.typeref(v, &aptr, 1))
            .filter(|t| !matches!(t.kind, TypeKind::Json { .. }));
        if find(ext::IMPLICIT_BASE).and_then(Value::as_bool) == Some(true) {
            base = None;
        }
        if let Some(b) = find(ext::BASE).and_then(Value::as_str) {
            base = Some(b.to_owned());
        }
        let source = self.src(find(ext::SOURCE));

        let mut properties = Vec::new();
        let mut navigation = Vec::new();
        let mut others: Vec<(usize, bool, Property)> = Vec::new();
        let mut seen: BTreeSet<String> = BTreeSet::new();
        let merging = !merged.is_empty();
        for (p, pptr) in merged.iter().chain(&parts) {
            if let Some(props) = get(p, "properties") {
                let props_ptr = child(pptr, "properties");
                let Some(props) = props.as_mapping() else {
                    self.error(
                        Kind::OpenapiBadSchema,
                        &props_ptr,
                        "expected a mapping of property schemas",
                    );
                    continue;
                };
                for (pname, ps) in entries(props) {
                    // Merged schemas may repeat a property: the first is kept.
                    if merging && !seen.insert(pname.clone()) {
                        continue;
                    }
                    let prop_ptr = child(&props_ptr, &pname);
                    let nav = ps
                        .get("x-ms-navigationProperty")
                        .and_then(Value::as_bool)
                        .unwrap_or(false);
                    let prop = self.property(pname, ps, &prop_ptr);
                    if nav {
                        navigation.push(prop);
                    } else {
                        properties.push(prop);
                    }
                }
            }
            others.extend(self.other_rows(p, pptr));
        }
        place_rows(&mut properties, &mut navigation, others);

        let kind = match find(ext::KIND).and_then(Value::as_str) {
            Some("entity") => TypeDefKind::Entity,
            Some("complex") => TypeDefKind::Complex,
            _ => {
                let names = properties
                    .iter()
                    .chain(&navigation)
                    .map(|p| p.name.as_str());
                inferred_kind(key.as_deref(), names)
            }
        };
        TypeDef {
            name,
            kind,
            key,
            base,
            is_abstract,
            open,
            additional,
            description,
            properties,
            navigation,
            union: None,
            source,
        }
    }

    /// The rows an `x-graphgen-other-rows` list puts back: (index, navigation, row).
    pub(super) fn other_rows(&mut self, m: &Mapping, ptr: &str) -> Vec<(usize, bool, Property)> {
        let rows: Vec<(rows::OtherRow, String)> =
            self.rows(m, ext::OTHER_ROWS, ptr, "`{name, index, schema}`");
        rows.into_iter()
            .map(|(row, rptr)| {
                let p = self.property(row.name, &row.schema, &child(&rptr, "schema"));
                let at = usize::try_from(row.index).unwrap_or(usize::MAX);
                (at, row.navigation, p)
            })
            .collect()
    }

    /// The schemas an `allOf` member `$ref: r` brings into a merged type: the schema it
    /// names and, in order, the members of that schema's own `allOf`.
    fn merge_parts(
        &mut self,
        r: &str,
        ptr: &str,
        depth: usize,
        out: &mut Vec<(&'a Mapping, String)>,
    ) {
        if depth > MAX_DEPTH {
            self.error(
                Kind::OpenapiBadSchema,
                ptr,
                "`allOf` references nest too deeply (a cycle?); ignored",
            );
            return;
        }
        let Some(target) = self.pointer(r).and_then(Value::as_mapping) else {
            self.error(
                Kind::OpenapiDanglingRef,
                ptr,
                format!("`$ref: {r}` leads to no schema object; its properties are not included"),
            );
            return;
        };
        for (i, part) in get_seq(target, "allOf").iter().enumerate() {
            let pptr = format!("{r}/allOf/{i}");
            match (part.get("$ref").and_then(Value::as_str), part.as_mapping()) {
                (Some(inner), _) => self.merge_parts(inner, &pptr, depth + 1, out),
                (None, Some(pm)) => out.push((pm, pptr)),
                (None, None) => {}
            }
        }
        out.push((target, r.to_owned()));
    }

    /// The base type an `allOf` `$ref` names, if it is an object type.
    pub(super) fn base_of(&mut self, r: &str, ptr: &str) -> Option<String> {
        let Some(key) = r.strip_prefix(SCHEMAS_POINTER).map(unescape_pointer) else {
            self.warn(
                Kind::OpenapiUnsupported,
                ptr,
                format!("base `{r}` is not a schema of components.schemas; ignored"),
            );
            return None;
        };
        match self.named.get(&key) {
            Some(Named::Type(n)) => Some(n.clone()),
            // `entity` when no page defined it: the base is still `entity`.
            Some(Named::Synthesized) => Some(name_of_key(&key).to_owned()),
            Some(_) => {
                self.error(
                    Kind::OpenapiBadSchema,
                    ptr,
                    format!("base `{r}` is not an object schema; ignored"),
                );
                None
            }
            None => {
                self.error(
                    Kind::OpenapiDanglingRef,
                    ptr,
                    format!("`$ref: {r}` leads to no schema; base ignored"),
                );
                None
            }
        }
    }

    pub(super) fn enum_def(&mut self, name: String, m: &Mapping, ptr: &str) -> EnumDef {
        let mut members = Vec::new();
        let described = get_map(m, "x-ms-enum")
            .and_then(|x| get(x, "values"))
            .and_then(Value::as_sequence);
        match described {
            Some(values) => {
                for (i, v) in values.iter().enumerate() {
                    let vptr = format!("{ptr}/x-ms-enum/values/{i}");
                    let Some(vm) = v.as_mapping() else {
                        self.error(
                            Kind::OpenapiBadSchema,
                            &vptr,
                            "expected `{value, description}`; member ignored",
                        );
                        continue;
                    };
                    let Some(value) = get(vm, "value").and_then(scalar_text) else {
                        self.error(
                            Kind::OpenapiBadSchema,
                            &vptr,
                            "member without a `value`; ignored",
                        );
                        continue;
                    };
                    members.push(EnumMember {
                        name: value,
                        value: get(vm, ext::MEMBER_VALUE).and_then(Value::as_i64),
                        description: get_str(vm, "description").unwrap_or_default().to_owned(),
                        source: self.src(get(vm, ext::SOURCE)),
                    });
                }
            }
            _ => {
                // The values of the schema, or of each string enum of its `oneOf`/`anyOf`
                // (a member's description goes with its value when it has one value).
                let mut values: Vec<(&Value, Option<&str>)> =
                    get_seq(m, "enum").iter().map(|v| (v, None)).collect();
                if !m.contains_key("enum") {
                    for (member, _) in unions::members(m, ptr).unwrap_or_default() {
                        let list = member.get("enum").and_then(Value::as_sequence);
                        let list = list.map(Vec::as_slice).unwrap_or_default();
                        let d = member.get("description").and_then(Value::as_str);
                        let d = d.filter(|_| list.len() == 1);
                        values.extend(list.iter().map(|v| (v, d)));
                    }
                }
                for (v, d) in values {
                    if v.is_null() {
                        continue;
                    }
                    let Some(value) = scalar_text(v) else {
                        self.warn(
                            Kind::OpenapiUnsupported,
                            &child(ptr, "enum"),
                            "a member that is not a string or number is ignored",
                        );
                        continue;
                    };
                    members.push(EnumMember {
                        name: value,
                        value: None,
                        description: d.unwrap_or_default().to_owned(),
                        source: self.src(None),
                    });
                }
            }
        }
        EnumDef {
            name,
            description: get_str(m, "description").unwrap_or_default().to_owned(),
            members,
            source: self.src(get(m, ext::SOURCE)),
        }
    }

    /// One property: its type and what the row said.
    pub(super) fn property(&mut self, name: String, schema: &Value, ptr: &str) -> Property {
        let ty = self.typeref(schema, ptr, 0);
        let m = schema.as_mapping();
        let ext_of = |k: &str| m.and_then(|m| get(m, k));
        let description = self.description(schema).unwrap_or_default();
        let possible = match ext_of(ext::POSSIBLE_VALUES).and_then(Value::as_sequence) {
            Some(list) => list.iter().filter_map(scalar_text).collect(),
            None => possible_values(&description),
        };
        Property {
            name,
            ty,
            inherited_from: ext_of(ext::INHERITED_FROM)
                .and_then(Value::as_str)
                .map(str::to_owned),
            possible_values: possible,
            keywords: crate::ir::Keywords {
                default: ext_of("default").and_then(|v| serde_json::to_string(v).ok()),
                read_only: ext_of("readOnly").and_then(Value::as_bool) == Some(true),
                write_only: ext_of("writeOnly").and_then(Value::as_bool) == Some(true),
                format: loose_format(m),
            },
            source: self.src(ext_of(ext::SOURCE)),
            description,
        }
    }

    /// The description of a property schema, or of the one schema it wraps.
    pub(super) fn description(&self, schema: &Value) -> Option<String> {
        let m = schema.as_mapping()?;
        if let Some(d) = get_str(m, "description") {
            return Some(d.to_owned());
        }
        let inner = get_seq(m, "allOf")
            .first()
            .filter(|_| self.is_wrapper(m))
            .or_else(|| self.union_member(m))?;
        inner
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_owned)
    }

    pub(super) fn json(name: &str) -> TypeRef {
        TypeRef {
            kind: TypeKind::Json {
                name: name.to_owned(),
            },
            collection: false,
        }
    }

    /// The type a schema stands for.
    pub(super) fn typeref(&mut self, schema: &Value, ptr: &str, depth: usize) -> TypeRef {
        if depth > MAX_DEPTH {
            self.error(
                Kind::OpenapiBadSchema,
                ptr,
                "schemas nest or refer to each other too deeply (a cycle?); kept as untyped JSON",
            );
            return Self::json("Json");
        }
        let Some(m) = schema.as_mapping() else {
            if schema.as_bool().is_none() {
                self.error(
                    Kind::OpenapiBadSchema,
                    ptr,
                    "expected a schema object; kept as untyped JSON",
                );
            }
            return Self::json("Json");
        };
        if let Some(r) = get(m, "$ref") {
            let Some(r) = r.as_str() else {
                self.error(
                    Kind::OpenapiBadSchema,
                    ptr,
                    "`$ref` must be a string; kept as untyped JSON",
                );
                return Self::json("Json");
            };
            return self.reference(r, ptr, depth);
        }
        if let Some(x) = get(m, ext::MISSING_REF) {
            let x: rows::MissingRef = self
                .row(x, &child(ptr, ext::MISSING_REF), "`{kind, name}`")
                .unwrap_or_default();
            let kind = if x.kind == "enum" {
                TypeKind::Enum { name: x.name }
            } else {
                TypeKind::Type { name: x.name }
            };
            return TypeRef {
                kind,
                collection: false,
            };
        }
        if let Some(name) = get_str(m, ext::JSON_TYPE) {
            return Self::json(name);
        }
        if let Some(x) = get(m, ext::UNRESOLVED) {
            let x: rows::Unresolved = self
                .row(x, &child(ptr, ext::UNRESOLVED), "`{name, link}`")
                .unwrap_or_default();
            return TypeRef {
                kind: TypeKind::Unresolved {
                    name: x.name,
                    link: x.link,
                },
                collection: false,
            };
        }
        if m.contains_key("allOf") {
            if let Some(inner) = get_seq(m, "allOf").first().filter(|_| self.is_wrapper(m)) {
                return self.typeref(inner, &format!("{ptr}/allOf/0"), depth + 1);
            }
            // Several schemas together: a type of its own, named after where it sits.
            return self.inline_type(m, ptr, depth + 1);
        }
        // An object with properties and a oneOf/anyOf beside them (constraints such as
        // `required` alternatives) is read as the object, as a named one is.
        let object = m.contains_key("properties");
        for comb in ["oneOf", "anyOf"] {
            if m.contains_key(comb) && !object {
                return match self.union_member(m) {
                    Some(inner) => {
                        let pos = get_seq(m, comb)
                            .iter()
                            .position(|v| std::ptr::eq(v, inner))
                            .unwrap_or(0);
                        self.typeref(inner, &format!("{ptr}/{comb}/{pos}"), depth + 1)
                    }
                    None if unions::is_enum_union(m) => self.inline_enum(m, ptr),
                    None => self.inline_union(m, ptr, depth + 1),
                };
            }
        }
        if let Some(value) = Self::map_value(m) {
            let value = self.typeref(value, &child(ptr, "additionalProperties"), depth + 1);
            return TypeRef {
                kind: TypeKind::Map {
                    value: Box::new(value),
                },
                collection: false,
            };
        }
        if Self::is_null(schema) {
            // Only `null` (`enum: [null]`, `type: "null"`): untyped JSON reads it.
            return Self::json("Json");
        }
        let shape = self.shape(m);
        match shape.ty.as_deref() {
            Some("array") => {
                let Some(items) = get(shape.map, "items") else {
                    return TypeRef {
                        collection: true,
                        ..Self::json("Json")
                    };
                };
                let inner = self.typeref(items, &child(ptr, "items"), depth + 1);
                if inner.collection {
                    // An array of arrays.
                    return TypeRef {
                        kind: TypeKind::List {
                            item: Box::new(inner),
                        },
                        collection: true,
                    };
                }
                TypeRef {
                    kind: inner.kind,
                    collection: true,
                }
            }
            Some("object") | None if m.contains_key("properties") => {
                self.inline_type(m, ptr, depth + 1)
            }
            Some("string") | None if m.contains_key("enum") => self.inline_enum(m, ptr),
            Some(UNION) => self.inline_union(m, ptr, depth + 1),
            Some(t @ ("string" | "integer" | "number" | "boolean")) => {
                let edm = edm_of(t, get_str(m, "format")).unwrap_or(crate::ir::Edm::String);
                TypeRef {
                    kind: TypeKind::Primitive { edm },
                    collection: false,
                }
            }
            _ => Self::json("Json"),
        }
    }

    /// The type a `$ref` stands for.
    pub(super) fn reference(&mut self, r: &str, ptr: &str, depth: usize) -> TypeRef {
        if !r.starts_with('#') {
            self.warn(
                Kind::OpenapiUnsupported,
                ptr,
                format!("external reference `{r}` cannot be followed; kept as untyped JSON"),
            );
            return Self::json(r);
        }
        if let Some(key) = r.strip_prefix(SCHEMAS_POINTER).filter(|k| !k.contains('/')) {
            let key = unescape_pointer(key);
            let named = self.named.get(&key).cloned();
            let name = name_of_key(&key).to_owned();
            let kind = match named {
                Some(Named::Type(n)) => TypeKind::Type { name: n },
                Some(Named::Enum(n)) => TypeKind::Enum { name: n },
                Some(Named::Union(n)) => TypeKind::Type { name: n },
                Some(Named::Alias) => {
                    let target = self.schemas.and_then(|s| s.get(key.as_str()));
                    return match target {
                        Some(t) => self.typeref(t, &child("#/components/schemas", &key), depth + 1),
                        None => Self::json(&name),
                    };
                }
                Some(Named::Synthesized) | Some(Named::Unsupported) => TypeKind::Json { name },
                None => {
                    self.error(
                        Kind::OpenapiDanglingRef,
                        ptr,
                        format!("`$ref: {r}` leads to no schema; kept as untyped JSON"),
                    );
                    TypeKind::Json { name }
                }
            };
            return TypeRef {
                kind,
                collection: false,
            };
        }
        match self.pointer(r) {
            Some(target) => self.typeref(target, r, depth + 1),
            None => {
                self.error(
                    Kind::OpenapiDanglingRef,
                    ptr,
                    format!("`$ref: {r}` leads nowhere; kept as untyped JSON"),
                );
                Self::json("Json")
            }
        }
    }

    /// The node a local JSON pointer (`#/a/b`) names.
    pub(super) fn pointer(&self, r: &str) -> Option<&'a Value> {
        let path = r.strip_prefix('#')?;
        let mut cur: Option<&Value> = None;
        let root = self.root;
        for token in path.split('/').skip(1) {
            let t = unescape_pointer(token);
            cur = match cur {
                None => root.get(t.as_str()),
                Some(Value::Sequence(s)) => t.parse::<usize>().ok().and_then(|i| s.get(i)),
                Some(v) => v.as_mapping().and_then(|m| m.get(t.as_str())),
            };
            cur?;
        }
        cur
    }

    /// Follows the `$ref`s of a request body or response without diagnostics (`deref`
    /// reported them when the node was read), at most 8 levels: the node they lead to, or
    /// `None` when one leads nowhere.
    pub(super) fn follow(&self, v: &'a Value) -> Option<&'a Value> {
        let mut cur = v;
        for _ in 0..8 {
            match cur.get("$ref").and_then(Value::as_str) {
                Some(target) => cur = self.pointer(target)?,
                None => break,
            }
        }
        Some(cur)
    }

    /// Follows a `$ref` of a parameter, request body or response (one level or more).
    pub(super) fn deref(&mut self, v: &'a Value, ptr: &str) -> Option<&'a Value> {
        let mut cur = v;
        for _ in 0..MAX_DEPTH {
            let Some(r) = cur.get("$ref").and_then(Value::as_str) else {
                return Some(cur);
            };
            match self.pointer(r) {
                Some(t) => cur = t,
                None => {
                    self.error(
                        Kind::OpenapiDanglingRef,
                        ptr,
                        format!("`$ref: {r}` leads nowhere; ignored"),
                    );
                    return None;
                }
            }
        }
        self.error(
            Kind::OpenapiBadSchema,
            ptr,
            "`$ref` chain too long (a cycle?); ignored",
        );
        None
    }
}

/// Puts rows that were kept aside back at their positions (in ascending order, so every
/// index is a position in the list as it was).
pub(super) fn place_rows(
    properties: &mut Vec<Property>,
    navigation: &mut Vec<Property>,
    mut others: Vec<(usize, bool, Property)>,
) {
    others.sort_by_key(|(i, nav, _)| (*nav, *i));
    for (i, nav, p) in others {
        let list = if nav {
            &mut *navigation
        } else {
            &mut *properties
        };
        let at = i.min(list.len());
        list.insert(at, p);
    }
}

/// The `format` of a string property whose Rust type does not say it (`ipv4`, `email`,
/// `hostname`): kept for docs, union checks and the export.
fn loose_format(m: Option<&Mapping>) -> Option<String> {
    let m = m?;
    let f = get_str(m, "format")?;
    (get_str(m, "type") == Some("string")
        && crate::openapi::edm_of("string", Some(f)) == Some(crate::ir::Edm::String))
    .then(|| f.to_owned())
}
