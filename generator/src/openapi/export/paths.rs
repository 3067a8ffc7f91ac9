//! Operations → `paths`: one operation object per path line, placed and named, with its
//! parameters, request body and responses.

use super::*;

/// One path line of one operation, placed in the document.
pub(super) struct Placed<'a> {
    op: &'a Operation,
    path: usize,
    id: String,
    primary: String,
}

/// `paths`, the operations that found their (path, method) taken, and the scopes used.
pub(super) fn paths(ir: &Ir, ctx: &Ctx) -> (Value, Vec<Value>, Scopes) {
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
            more.push(rows::value(&rows::MoreOperation {
                path: path.template.clone(),
                method,
                operation: obj.value(),
            }));
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
pub(super) fn generality(op: &Operation, ctx: &Ctx) -> usize {
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

pub(super) fn operation(p: &Placed, key: &str, ctx: &Ctx, scopes: &mut Scopes) -> Obj {
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

    // A placeholder's type is the path line's (a string unless it says otherwise); the
    // key may name its placeholders as another template of the same shape does.
    let own = op
        .paths
        .get(p.path)
        .map(|l| template_params(&l.template))
        .unwrap_or_default();
    let mut params: Vec<Value> = template_params(key)
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let ty = own
                .get(i)
                .and_then(|n| op.paths.get(p.path)?.param_types.get(n));
            let schema = match ty {
                Some(ty) => typeref_schema(ty, ctx).value(),
                None => Obj::new().with("type", "string").value(),
            };
            Obj::new()
                .with("name", name)
                .with("in", "path")
                .with("required", true)
                .with("schema", schema)
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
        o.put(
            "requestBody",
            request_body(body, op.request_media.as_deref(), first, ctx),
        );
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
                    rows::value(&rows::PermissionRow {
                        kind: p.kind.clone(),
                        scopes: p.scopes.clone(),
                    })
                })
                .collect();
            o.put(ext::PERMISSIONS, rows);
        }
        if !op.headers.is_empty() {
            let rows: Vec<Value> = op
                .headers
                .iter()
                .map(|h| {
                    rows::value(&rows::HeaderRow {
                        name: h.name.clone(),
                        value: h.value.clone(),
                    })
                })
                .collect();
            o.put(ext::HEADERS, rows);
        }
        if !op.examples.is_empty() {
            let rows: Vec<Value> = op
                .examples
                .iter()
                .map(|e| {
                    rows::value(&rows::ExampleRow {
                        kind: match e.kind {
                            crate::ir::ExampleKind::Request => "request",
                            crate::ir::ExampleKind::Response => "response",
                        }
                        .to_owned(),
                        start_line: e.start_line.clone(),
                        body: e.body.clone(),
                        truncated: e.truncated,
                        source: Some(source_text(&e.source)),
                    })
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

pub(super) fn json_content(schema: Value) -> Value {
    Obj::new()
        .with(
            "application/json",
            Obj::new().with("schema", schema).value(),
        )
        .value()
}

/// An inline object of parameter rows (an action's body); repeated names go to an extension.
pub(super) fn parameters_schema(rows: &[Property], ctx: &Ctx) -> Value {
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

/// A `content` object: `schema` under `media`, JSON when `None`.
fn content(media: Option<&str>, schema: Value) -> Value {
    match media {
        Some(m) => Obj::new()
            .with(m, Obj::new().with("schema", schema).value())
            .value(),
        None => json_content(schema),
    }
}

/// The request body object; `media` is the body's media type when it is not JSON.
pub(super) fn request_body(
    body: &RequestBody,
    media: Option<&str>,
    first: bool,
    ctx: &Ctx,
) -> Value {
    let mut o = Obj::new();
    match body {
        RequestBody::Type { ty, properties } => {
            o.put("content", content(media, typeref_schema(ty, ctx).value()));
            o.put("required", true);
            if first && !properties.is_empty() {
                let rows: Vec<Value> = properties
                    .iter()
                    .map(|p| {
                        rows::value(&rows::BodyProperty {
                            name: p.name.clone(),
                            schema: property_schema(p, false, ctx),
                        })
                    })
                    .collect();
                o.put(ext::BODY_PROPERTIES, rows);
            }
        }
        RequestBody::Parameters { parameters } => {
            o.put(
                "content",
                content(media, parameters_schema(parameters, ctx)),
            );
            o.put("required", true);
        }
    }
    o.value()
}

pub(super) fn responses(op: &Operation, ctx: &Ctx) -> Value {
    let r = &op.response;
    // Several success responses that differ: each is written with its own description.
    let description = match op.outcomes.first() {
        Some(o) => o.description.clone(),
        None => match r.status {
            Status::Code(code) => reason_phrase(code),
            Status::AnySuccess => "Success",
        }
        .to_owned(),
    };
    let mut ok = Obj::new().with("description", description);
    if let Some(content) = response_content(&r.body, op.response_media.as_deref(), ctx) {
        ok.put("content", content);
    }
    // On every path's object: it marks the documented response (which need not be 2xx).
    ok.put(ext::SOURCE, source_text(&r.source));
    // The declared error body, or Graph's error response.
    let error = || match &op.error_body {
        Some(ty) => Obj::new()
            .with("description", "Error")
            .with("content", json_content(typeref_schema(ty, ctx).value()))
            .value(),
        None => Obj::new()
            .with("$ref", format!("#/components/responses/{ERROR_RESPONSE}"))
            .value(),
    };
    let mut out = Obj::new().with(&r.status.to_string(), ok.value());
    for o in op.outcomes.iter().skip(1) {
        let mut other = Obj::new().with("description", o.description.as_str());
        if let Some(content) = response_content(&o.body, o.media.as_deref(), ctx) {
            other.put("content", content);
        }
        out.put(&o.status.to_string(), other.value());
    }
    out.with("4XX", error()).with("5XX", error()).value()
}

/// The `content` of a success response with `body` (of media type `media` when it is not
/// JSON); `None` without a body.
fn response_content(body: &ResponseBody, media: Option<&str>, ctx: &Ctx) -> Option<Value> {
    match body {
        ResponseBody::None => None,
        ResponseBody::Single { ty } => {
            let schema = typeref_schema(ty, ctx).value();
            Some(content(media, schema))
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
            Some(json_content(page.value()))
        }
    }
}

/// The name a reference shows in titles.
pub(super) fn type_name(ty: &TypeRef) -> String {
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
