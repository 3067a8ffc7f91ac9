//! An OpenAPI 3.0 or 3.1 document (YAML or JSON) → resolved IR.
//!
//! Schemas become types (objects; the first `allOf` `$ref` is the base) and enums (string
//! enums); nullable wrappers of both dialects (`nullable: true`, `type: [x, "null"]`,
//! `anyOf`/`oneOf` with a null member) are unwrapped; operations, their parameters, request
//! bodies and the success response by status become operations. The `x-graphgen-*`
//! extensions the export writes restore what OpenAPI cannot say, so pages → OpenAPI → IR
//! gives the IR the pages give. What the IR cannot represent gets a diagnostic naming the
//! JSON pointer of the node (`#/components/schemas/x/properties/y`), never a panic.
//!
//! References come out resolved (to a type, an enum, a primitive or untyped JSON), so no
//! [`crate::resolve`] pass is needed.

use super::export::inferred_kind;
use super::*;
use crate::diagnostics::Diagnostics;
use crate::diagnostics::Kind;
use crate::ir::{
    EnumDef, EnumMember, Example, ExampleKind, Header, HttpMethod, HttpPath, Ir, Operation,
    Permission, Property, RequestBody, Response, ResponseBody, TypeDef, TypeDefKind, TypeKind,
    TypeRef,
};
use crate::parse::typecell::possible_values;
use serde_yaml::{Mapping, Value};
use std::collections::BTreeMap;

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
    Some(im.run())
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
    /// A string enum: an IR enum of this name.
    Enum(String),
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
}

/// A schema mapping with the text of its `type` (3.1 lists with `"null"` reduced to one).
struct Shape<'v> {
    map: &'v Mapping,
    ty: Option<String>,
}

impl<'a> Importer<'a> {
    fn new(root: &'a Mapping, file: &'a str, diags: &'a mut Diagnostics) -> Importer<'a> {
        let schemas = get_map(root, "components").and_then(|c| get_map(c, "schemas"));
        Importer {
            root,
            file,
            diags,
            schemas,
            named: BTreeMap::new(),
        }
    }

    fn src(&self, v: Option<&Value>) -> crate::ir::Source {
        v.and_then(Value::as_str)
            .and_then(parse_source)
            .unwrap_or_else(|| crate::ir::Source {
                file: self.file.to_owned(),
                line: 0,
            })
    }

    fn warn(&mut self, kind: Kind, ptr: &str, msg: impl std::fmt::Display) {
        self.diags.warn(self.file, 0, kind, format!("{ptr}: {msg}"));
    }

    fn error(&mut self, kind: Kind, ptr: &str, msg: impl std::fmt::Display) {
        self.diags
            .error(self.file, 0, kind, format!("{ptr}: {msg}"));
    }

    fn run(&mut self) -> Ir {
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
        let dups: Vec<&Value> = get_seq(self.root, ext::DUPLICATE_SCHEMAS).iter().collect();
        for (i, d) in dups.into_iter().enumerate() {
            let ptr = format!("#/{}/{i}", ext::DUPLICATE_SCHEMAS);
            let (Some(key), Some(schema)) = (d.get("key").and_then(Value::as_str), d.get("schema"))
            else {
                self.error(Kind::OpenapiBadSchema, &ptr, "expected `{key, schema}`");
                continue;
            };
            let kind = self.classify_one(key, schema, &ptr, false);
            let key = key.to_owned();
            // The earlier definition shares the name; read it as what it is.
            let saved = self.named.insert(key.clone(), kind);
            self.definition(&key, schema, &ptr, &mut ir);
            if let Some(s) = saved {
                self.named.insert(key, s);
            }
        }
        ir.operations = self.operations();
        ir.sort();
        // What the path segments address is read from the types, as for pages; its
        // diagnostics were the pages' and are not repeated here.
        crate::resolve::paths::address(&mut ir, &mut Diagnostics::new());
        ir
    }

    // ------------------------------------------------------------ schemas

    /// Decides what every named schema is, before any is read (references need it).
    fn classify(&mut self) {
        let Some(schemas) = self.schemas else {
            return;
        };
        let mut names: BTreeMap<String, String> = BTreeMap::new();
        for (key, schema) in entries(schemas) {
            let ptr = child("#/components/schemas", &key);
            let kind = self.classify_one(&key, schema, &ptr, true);
            if let Named::Type(n) | Named::Enum(n) = &kind {
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

    fn classify_one(&mut self, key: &str, schema: &Value, ptr: &str, report: bool) -> Named {
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
        let shape = self.shape(m, ptr, report);
        if shape.ty.as_deref() == Some(UNION) {
            // Reported by `shape`; references to it are untyped JSON.
            return Named::Unsupported;
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
        if shape.ty.as_deref() == Some("object")
            || m.contains_key("properties")
            || m.contains_key("allOf") && !self.is_wrapper(m)
        {
            return Named::Type(name);
        }
        if (m.contains_key("oneOf") || m.contains_key("anyOf")) && self.union_member(m).is_none() {
            if report {
                self.warn(
                    Kind::OpenapiUnsupported,
                    ptr,
                    "a oneOf/anyOf of several schemas cannot be represented; references to it are kept as untyped JSON",
                );
            }
            return Named::Unsupported;
        }
        Named::Alias
    }

    /// The `type` of a schema: a 3.1 list with `"null"` counts as its other member.
    fn shape<'v>(&mut self, m: &'v Mapping, ptr: &str, report: bool) -> Shape<'v> {
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
                    _ => {
                        if report {
                            self.warn(
                                Kind::OpenapiUnsupported,
                                &child(ptr, "type"),
                                format!(
                                    "a value of several types ({}) cannot be represented; kept as untyped JSON",
                                    non_null.join(", ")
                                ),
                            );
                        }
                        Some(UNION.to_owned())
                    }
                }
            }
            Some(v) => scalar_text(v),
        };
        Shape { map: m, ty }
    }

    /// `allOf` of exactly one schema and nothing that makes an object: a wrapper that
    /// carries a description or nullability around a reference.
    fn is_wrapper(&self, m: &Mapping) -> bool {
        get_seq(m, "allOf").len() == 1
            && !m.contains_key("properties")
            && get_str(m, "type").is_none_or(|t| t != "object")
    }

    /// Whether a schema is only "null" (a nullable member of a union).
    fn is_null(v: &Value) -> bool {
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
    fn union_member<'v>(&self, m: &'v Mapping) -> Option<&'v Value> {
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
    fn definition(&mut self, key: &str, schema: &Value, ptr: &str, ir: &mut Ir) {
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
            _ => {}
        }
    }

    fn type_def(&mut self, name: String, m: &Mapping, ptr: &str) -> TypeDef {
        // The parts that describe the type itself: inline allOf members, then the schema.
        let mut parts: Vec<(&Mapping, String)> = Vec::new();
        let mut base: Option<String> = None;
        for (i, part) in get_seq(m, "allOf").iter().enumerate() {
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
                Some(r) => {
                    let b = self.base_of(r, &pptr);
                    match (&base, b) {
                        (None, Some(b)) => base = Some(b),
                        (Some(first), Some(b)) => self.warn(
                            Kind::OpenapiUnsupported,
                            &pptr,
                            format!("a second base type `{b}` cannot be represented (the base is `{first}`); its properties are not included"),
                        ),
                        (_, None) => {}
                    }
                }
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
        for (p, pptr) in &parts {
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
            description,
            properties,
            navigation,
            source,
        }
    }

    /// The rows an `x-graphgen-other-rows` list puts back: (index, navigation, row).
    fn other_rows(&mut self, m: &Mapping, ptr: &str) -> Vec<(usize, bool, Property)> {
        let mut out = Vec::new();
        for (i, row) in get_seq(m, ext::OTHER_ROWS).iter().enumerate() {
            let rptr = format!("{}/{i}", child(ptr, ext::OTHER_ROWS));
            let (Some(name), Some(index), Some(schema)) = (
                row.get("name").and_then(Value::as_str),
                row.get("index").and_then(Value::as_u64),
                row.get("schema"),
            ) else {
                self.error(
                    Kind::OpenapiBadSchema,
                    &rptr,
                    "expected `{name, index, schema}`; row ignored",
                );
                continue;
            };
            let nav = row
                .get("navigation")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let p = self.property(name.to_owned(), schema, &child(&rptr, "schema"));
            out.push((usize::try_from(index).unwrap_or(usize::MAX), nav, p));
        }
        out
    }

    /// The base type an `allOf` `$ref` names, if it is an object type.
    fn base_of(&mut self, r: &str, ptr: &str) -> Option<String> {
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

    fn enum_def(&mut self, name: String, m: &Mapping, ptr: &str) -> EnumDef {
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
                for v in get_seq(m, "enum") {
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
                        description: String::new(),
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
    fn property(&mut self, name: String, schema: &Value, ptr: &str) -> Property {
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
            source: self.src(ext_of(ext::SOURCE)),
            description,
        }
    }

    /// The description of a property schema, or of the one schema it wraps.
    fn description(&self, schema: &Value) -> Option<String> {
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

    fn json(name: &str) -> TypeRef {
        TypeRef {
            kind: TypeKind::Json {
                name: name.to_owned(),
            },
            collection: false,
        }
    }

    /// The type a schema stands for.
    fn typeref(&mut self, schema: &Value, ptr: &str, depth: usize) -> TypeRef {
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
        if let Some(x) = get_map(m, ext::MISSING_REF) {
            let name = get_str(x, "name").unwrap_or_default().to_owned();
            let kind = if get_str(x, "kind") == Some("enum") {
                TypeKind::Enum { name }
            } else {
                TypeKind::Type { name }
            };
            return TypeRef {
                kind,
                collection: false,
            };
        }
        if let Some(name) = get_str(m, ext::JSON_TYPE) {
            return Self::json(name);
        }
        if let Some(x) = get_map(m, ext::UNRESOLVED) {
            return TypeRef {
                kind: TypeKind::Unresolved {
                    name: get_str(x, "name").unwrap_or_default().to_owned(),
                    link: get_str(x, "link").map(str::to_owned),
                },
                collection: false,
            };
        }
        if m.contains_key("allOf") {
            if let Some(inner) = get_seq(m, "allOf").first().filter(|_| self.is_wrapper(m)) {
                return self.typeref(inner, &format!("{ptr}/allOf/0"), depth + 1);
            }
            self.warn(Kind::OpenapiUnsupported, ptr, "an inline allOf of several schemas (an anonymous type) cannot be represented; kept as untyped JSON");
            return Self::json("Json");
        }
        for comb in ["oneOf", "anyOf"] {
            if m.contains_key(comb) {
                return match self.union_member(m) {
                    Some(inner) => {
                        let pos = get_seq(m, comb)
                            .iter()
                            .position(|v| std::ptr::eq(v, inner))
                            .unwrap_or(0);
                        self.typeref(inner, &format!("{ptr}/{comb}/{pos}"), depth + 1)
                    }
                    None => {
                        self.warn(Kind::OpenapiUnsupported, &child(ptr, comb), format!("a {comb} of several schemas cannot be represented; kept as untyped JSON"));
                        Self::json("Json")
                    }
                };
            }
        }
        let shape = self.shape(m, ptr, true);
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
                    self.warn(
                        Kind::OpenapiUnsupported,
                        &child(ptr, "items"),
                        "an array of arrays cannot be represented; kept as untyped JSON",
                    );
                    return TypeRef {
                        collection: true,
                        ..Self::json("Json")
                    };
                }
                TypeRef {
                    kind: inner.kind,
                    collection: true,
                }
            }
            Some("object") | None if m.contains_key("properties") => {
                self.warn(Kind::OpenapiUnsupported, ptr, "an inline object schema (an anonymous type) cannot be represented; give it a name in components.schemas; kept as untyped JSON");
                Self::json("Json")
            }
            Some(t @ ("string" | "integer" | "number" | "boolean")) => {
                if m.contains_key("enum") && t == "string" {
                    self.warn(Kind::OpenapiUnsupported, &child(ptr, "enum"), "an inline enum (an anonymous type) cannot be represented; give it a name in components.schemas; read as a string");
                }
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
    fn reference(&mut self, r: &str, ptr: &str, depth: usize) -> TypeRef {
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
    fn pointer(&self, r: &str) -> Option<&'a Value> {
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

    /// Follows a `$ref` of a parameter, request body or response (one level or more).
    fn deref(&mut self, v: &'a Value, ptr: &str) -> Option<&'a Value> {
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

    // ------------------------------------------------------------ operations

    fn operations(&mut self) -> Vec<Operation> {
        let mut found: Vec<Found> = Vec::new();
        if let Some(paths) = get(self.root, "paths") {
            match paths.as_mapping() {
                Some(paths) => {
                    for (key, item) in entries(paths) {
                        let ptr = child("#/paths", &key);
                        self.path_item(&key, item, &ptr, &mut found);
                    }
                }
                None => self.error(
                    Kind::OpenapiBadSchema,
                    "#/paths",
                    "expected a mapping of paths",
                ),
            }
        }
        let more: Vec<&Value> = get_seq(self.root, ext::MORE_OPERATIONS).iter().collect();
        for (i, entry) in more.into_iter().enumerate() {
            let ptr = format!("#/{}/{i}", ext::MORE_OPERATIONS);
            let (Some(path), Some(method), Some(op)) = (
                entry.get("path").and_then(Value::as_str),
                entry.get("method").and_then(Value::as_str),
                entry.get("operation"),
            ) else {
                self.error(
                    Kind::OpenapiBadSchema,
                    &ptr,
                    "expected `{path, method, operation}`; ignored",
                );
                continue;
            };
            let Some(m) = HttpMethod::parse(&method.to_ascii_uppercase()) else {
                self.warn(
                    Kind::OpenapiUnsupported,
                    &ptr,
                    format!("method `{method}` is not supported; ignored"),
                );
                continue;
            };
            if let Some(f) = self.operation(path, m, op, &[], &child(&ptr, "operation")) {
                found.push(f);
            }
        }

        // Join the extra paths of one page to its first.
        let mut ops: Vec<Operation> = Vec::new();
        let mut by_id: BTreeMap<String, usize> = BTreeMap::new();
        let mut extra: Vec<(String, u64, Found)> = Vec::new();
        for f in found {
            match f.path_of.clone() {
                Some((of, index)) => extra.push((of, index, f)),
                None => {
                    if let Some(id) = &f.id {
                        by_id.insert(id.clone(), ops.len());
                    }
                    ops.push(f.op);
                }
            }
        }
        extra.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
        for (of, _, f) in extra {
            match by_id.get(&of).and_then(|&i| ops.get_mut(i)) {
                Some(op) => op.paths.extend(f.op.paths),
                None => {
                    self.warn(
                        Kind::OpenapiDanglingRef,
                        &f.ptr,
                        format!(
                            "`{}: {of}` names no operation; read as an operation of its own",
                            ext::PATH_OF
                        ),
                    );
                    ops.push(f.op);
                }
            }
        }
        ops
    }

    fn path_item(&mut self, key: &str, item: &'a Value, ptr: &str, found: &mut Vec<Found>) {
        let Some(m) = item.as_mapping() else {
            self.error(
                Kind::OpenapiBadSchema,
                ptr,
                "expected a path item (a mapping of methods); ignored",
            );
            return;
        };
        if !key.starts_with('/') {
            self.warn(Kind::OpenapiBadSchema, ptr, "a path must start with `/`");
        }
        if m.contains_key("$ref") {
            self.warn(
                Kind::OpenapiUnsupported,
                &child(ptr, "$ref"),
                "a path item `$ref` cannot be followed; ignored",
            );
        }
        let shared: Vec<(&'a Value, String)> = get_seq(m, "parameters")
            .iter()
            .enumerate()
            .map(|(i, v)| (v, format!("{ptr}/parameters/{i}")))
            .collect();
        for (k, op) in entries(m) {
            let optr = child(ptr, &k);
            match k.as_str() {
                "get" | "put" | "post" | "delete" | "patch" => {
                    let Some(method) = HttpMethod::parse(&k.to_ascii_uppercase()) else {
                        continue;
                    };
                    if let Some(f) = self.operation(key, method, op, &shared, &optr) {
                        found.push(f);
                    }
                }
                "head" | "options" | "trace" => self.warn(
                    Kind::OpenapiUnsupported,
                    &optr,
                    format!(
                        "method `{}` is not supported; operation ignored",
                        k.to_ascii_uppercase()
                    ),
                ),
                _ => {}
            }
        }
    }

    fn operation(
        &mut self,
        key: &str,
        method: HttpMethod,
        op: &'a Value,
        shared: &[(&'a Value, String)],
        ptr: &str,
    ) -> Option<Found> {
        let Some(m) = op.as_mapping() else {
            self.error(
                Kind::OpenapiBadSchema,
                ptr,
                "expected an operation object; ignored",
            );
            return None;
        };
        let template = get_str(m, ext::TEMPLATE).unwrap_or(key).to_owned();
        let id = get_str(m, "operationId").map(str::to_owned);
        let title = get_str(m, "summary")
            .map(str::to_owned)
            .or_else(|| id.clone())
            .unwrap_or_else(|| format!("{} {template}", method.as_str()));
        let path = HttpPath {
            method,
            segments: path_segments(&template),
            query: get_str(m, ext::QUERY).map(str::to_owned),
            addressed: Vec::new(),
            source: self.src(get(m, ext::PATH_SOURCE)),
            template,
        };
        let path_of = get_str(m, ext::PATH_OF).map(|of| {
            (
                of.to_owned(),
                get(m, ext::PATH_INDEX).and_then(Value::as_u64).unwrap_or(0),
            )
        });

        // Parameters: path ones are in the template; `$` query options are allowed or
        // not; headers are documented.
        let mut query_options = false;
        let mut headers = Vec::new();
        let params: Vec<(&'a Value, String)> = shared
            .iter()
            .cloned()
            .chain(
                get_seq(m, "parameters")
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (v, format!("{ptr}/parameters/{i}"))),
            )
            .collect();
        for (p, pptr) in params {
            let Some(p) = self.deref(p, &pptr) else {
                continue;
            };
            let name = p.get("name").and_then(Value::as_str).unwrap_or_default();
            match p.get("in").and_then(Value::as_str) {
                Some("path") => {}
                Some("query") if name.starts_with('$') => query_options = true,
                Some("header") => headers.push(Header {
                    name: name.to_owned(),
                    value: p
                        .get("description")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned(),
                }),
                Some(other) => self.warn(
                    Kind::OpenapiUnsupported,
                    &pptr,
                    format!("{other} parameter `{name}` cannot be represented; ignored"),
                ),
                None => self.error(
                    Kind::OpenapiBadSchema,
                    &pptr,
                    "a parameter needs `in`; ignored",
                ),
            }
        }
        if let Some(rows) = get(m, ext::HEADERS).and_then(Value::as_sequence) {
            headers = rows
                .iter()
                .map(|h| Header {
                    name: h
                        .get("name")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned(),
                    value: h
                        .get("value")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned(),
                })
                .collect();
        }

        let request_body = match get(m, "requestBody") {
            Some(b) => self.request_body(b, &child(ptr, "requestBody")),
            None => None,
        };
        let response = self.response(m, ptr);
        let permissions = self.permissions(m);
        let examples = get_seq(m, ext::EXAMPLES)
            .iter()
            .map(|e| Example {
                kind: if e.get("kind").and_then(Value::as_str) == Some("response") {
                    ExampleKind::Response
                } else {
                    ExampleKind::Request
                },
                start_line: e
                    .get("start_line")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
                body: e.get("body").and_then(Value::as_str).map(str::to_owned),
                truncated: e.get("truncated").and_then(Value::as_bool).unwrap_or(false),
                source: self.src(e.get("source")),
            })
            .collect();
        Some(Found {
            op: Operation {
                title,
                description: get_str(m, "description").unwrap_or_default().to_owned(),
                paths: vec![path],
                permissions,
                headers,
                query_options,
                request_body,
                response,
                examples,
                source: self.src(get(m, ext::SOURCE)),
            },
            id,
            path_of,
            ptr: ptr.to_owned(),
        })
    }

    /// The permissions: the rows the export kept, else the security requirements (each
    /// scheme standing for the kind its extension names, or its own name).
    fn permissions(&mut self, m: &Mapping) -> Vec<Permission> {
        if let Some(rows) = get(m, ext::PERMISSIONS).and_then(Value::as_sequence) {
            return rows
                .iter()
                .map(|r| Permission {
                    kind: r
                        .get("kind")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned(),
                    scopes: r
                        .get("scopes")
                        .and_then(Value::as_sequence)
                        .map(|s| s.iter().filter_map(scalar_text).collect())
                        .unwrap_or_default(),
                })
                .collect();
        }
        let reqs = get(m, "security")
            .or_else(|| get(self.root, "security"))
            .and_then(Value::as_sequence);
        let schemes = get_map(self.root, "components").and_then(|c| get_map(c, "securitySchemes"));
        let mut out: Vec<Permission> = Vec::new();
        for req in reqs.into_iter().flatten() {
            let Some(req) = req.as_mapping() else {
                continue;
            };
            for (scheme, scopes) in entries(req) {
                let kind = schemes
                    .and_then(|s| get_map(s, &scheme))
                    .and_then(|s| get_str(s, ext::PERMISSION_KIND))
                    .map(str::to_owned)
                    .unwrap_or(scheme);
                if !out.iter().any(|p| p.kind == kind) {
                    out.push(Permission {
                        kind: kind.clone(),
                        scopes: Vec::new(),
                    });
                }
                let Some(row) = out.iter_mut().find(|p| p.kind == kind) else {
                    continue;
                };
                for s in scopes
                    .as_sequence()
                    .into_iter()
                    .flatten()
                    .filter_map(scalar_text)
                {
                    if !row.scopes.contains(&s) {
                        row.scopes.push(s);
                    }
                }
            }
        }
        out
    }

    /// The JSON (or else first) media type's schema of a `content` mapping.
    fn content_schema(&mut self, m: &'a Mapping, ptr: &str) -> Option<(&'a Value, String)> {
        let content = get_map(m, "content")?;
        let list: Vec<(String, &'a Value)> = entries(content).collect();
        let (media, v) = list
            .iter()
            .find(|(k, _)| k.starts_with("application/json"))
            .or_else(|| list.iter().find(|(k, _)| k.contains("json")))
            .or_else(|| list.first())?;
        let mptr = child(&child(ptr, "content"), media);
        match v.get("schema") {
            Some(s) => Some((s, child(&mptr, "schema"))),
            None => {
                self.warn(
                    Kind::OpenapiUnsupported,
                    &mptr,
                    "a media type without a schema is read as untyped JSON",
                );
                None
            }
        }
    }

    fn request_body(&mut self, body: &'a Value, ptr: &str) -> Option<RequestBody> {
        let body = self.deref(body, ptr)?;
        let Some(m) = body.as_mapping() else {
            self.error(
                Kind::OpenapiBadSchema,
                ptr,
                "expected a request body object; ignored",
            );
            return None;
        };
        let Some((schema, sptr)) = self.content_schema(m, ptr) else {
            return Some(RequestBody::Type {
                ty: Self::json("Json"),
                properties: Vec::new(),
            });
        };
        // An inline object is an action's parameters.
        if let Some(sm) = schema.as_mapping() {
            let inline_object = !sm.contains_key("$ref")
                && !sm.contains_key("allOf")
                && !sm.contains_key("oneOf")
                && !sm.contains_key("anyOf")
                && (get_str(sm, "type") == Some("object") || sm.contains_key("properties"));
            if inline_object {
                let mut parameters = Vec::new();
                if let Some(props) = get_map(sm, "properties") {
                    for (name, ps) in entries(props) {
                        let pptr = child(&child(&sptr, "properties"), &name);
                        parameters.push(self.property(name, ps, &pptr));
                    }
                }
                let others = self.other_rows(sm, &sptr);
                place_rows(&mut parameters, &mut Vec::new(), others);
                return Some(RequestBody::Parameters { parameters });
            }
        }
        let ty = self.typeref(schema, &sptr, 0);
        let mut properties = Vec::new();
        for (i, row) in get_seq(m, ext::BODY_PROPERTIES).iter().enumerate() {
            let rptr = format!("{}/{i}", child(ptr, ext::BODY_PROPERTIES));
            let (Some(name), Some(s)) =
                (row.get("name").and_then(Value::as_str), row.get("schema"))
            else {
                self.error(
                    Kind::OpenapiBadSchema,
                    &rptr,
                    "expected `{name, schema}`; row ignored",
                );
                continue;
            };
            properties.push(self.property(name.to_owned(), s, &child(&rptr, "schema")));
        }
        Some(RequestBody::Type { ty, properties })
    }

    /// The success response: the one the export marked, else the lowest 2xx.
    fn response(&mut self, m: &'a Mapping, ptr: &str) -> Response {
        let rptr = child(ptr, "responses");
        let fallback = |this: &Self| Response {
            status: 200,
            body: ResponseBody::None,
            source: this.src(None),
        };
        let Some(responses) = get(m, "responses") else {
            self.error(
                Kind::OpenapiMissingResponses,
                ptr,
                "an operation needs `responses`; assuming 200 with no body",
            );
            return fallback(self);
        };
        let Some(responses) = responses.as_mapping() else {
            self.error(
                Kind::OpenapiBadSchema,
                &rptr,
                "expected a mapping of status codes to responses; assuming 200 with no body",
            );
            return fallback(self);
        };
        let mut success: Vec<(u16, String, &'a Value)> = Vec::new();
        for (code, r) in entries(responses) {
            let status = if code.eq_ignore_ascii_case("2XX") {
                Some(200)
            } else {
                code.parse::<u16>().ok()
            };
            match status {
                Some(s) if (200..300).contains(&s) || r.get(ext::SOURCE).is_some() => {
                    success.push((s, code, r))
                }
                _ => {}
            }
        }
        // The documented one first, then by status.
        success.sort_by_key(|(s, _, r)| (r.get(ext::SOURCE).is_none(), *s));
        let Some((status, code, r)) = success.first().cloned() else {
            self.warn(
                Kind::OpenapiMissingResponses,
                &rptr,
                "no 2xx response; assuming 200 with no body",
            );
            return fallback(self);
        };
        for (_, other, _) in success.iter().skip(1) {
            self.warn(
                Kind::OpenapiUnsupported,
                &child(&rptr, other),
                format!(
                    "one success response can be represented; `{code}` is kept, `{other}` ignored"
                ),
            );
        }
        let cptr = child(&rptr, &code);
        let Some(r) = self.deref(r, &cptr) else {
            return fallback(self);
        };
        let source = self.src(r.get(ext::SOURCE));
        let Some(rm) = r.as_mapping() else {
            self.error(
                Kind::OpenapiBadSchema,
                &cptr,
                "expected a response object; assuming no body",
            );
            return Response {
                status,
                body: ResponseBody::None,
                source,
            };
        };
        let body = match self.content_schema(rm, &cptr) {
            None => ResponseBody::None,
            Some((schema, sptr)) => match self.page_items(schema, &sptr) {
                Some((items, iptr)) => ResponseBody::Collection {
                    ty: self.typeref(items, &iptr, 0),
                },
                None => ResponseBody::Single {
                    ty: self.typeref(schema, &sptr, 0),
                },
            },
        };
        Response {
            status,
            body,
            source,
        }
    }

    /// A Graph page (`{value: [...], @odata.nextLink}`, inline or named, its properties
    /// possibly spread over `allOf` members): its items schema and that schema's pointer.
    fn page_items(&self, schema: &'a Value, ptr: &str) -> Option<(&'a Value, String)> {
        let mut props = Vec::new();
        self.collect_properties(schema, ptr, 0, &mut props);
        let (_, value, vptr) = props.iter().find(|(k, _, _)| k == "value")?;
        let paging = props
            .iter()
            .all(|(k, _, _)| k == "value" || k.starts_with("@odata."))
            && props.iter().any(|(k, _, _)| k == "@odata.nextLink");
        if !paging || value.get("type").and_then(Value::as_str) != Some("array") {
            return None;
        }
        Some((value.get("items")?, child(vptr, "items")))
    }

    /// The properties of a schema and of its `allOf` members (references followed), as
    /// (name, schema, pointer).
    fn collect_properties(
        &self,
        schema: &'a Value,
        ptr: &str,
        depth: usize,
        out: &mut Vec<(String, &'a Value, String)>,
    ) {
        if depth > 4 {
            return;
        }
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            if let Some(target) = self.pointer(r) {
                self.collect_properties(target, r, depth + 1, out);
            }
            return;
        }
        let Some(m) = schema.as_mapping() else {
            return;
        };
        if let Some(props) = get_map(m, "properties") {
            let pptr = child(ptr, "properties");
            for (k, v) in entries(props) {
                let vptr = child(&pptr, &k);
                out.push((k, v, vptr));
            }
        }
        for (i, part) in get_seq(m, "allOf").iter().enumerate() {
            self.collect_properties(part, &format!("{ptr}/allOf/{i}"), depth + 1, out);
        }
    }
}

/// One operation object read: its operation (with its one path), and how it joins others.
struct Found {
    op: Operation,
    id: Option<String>,
    path_of: Option<(String, u64)>,
    ptr: String,
}

/// Puts rows that were kept aside back at their positions (in ascending order, so every
/// index is a position in the list as it was).
fn place_rows(
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
