//! Paths and operations → IR operations (parameters, request bodies, the success response,
//! permissions, examples).

use super::schemas::place_rows;
use super::{child, entries, get, get_map, get_seq, get_str, scalar_text};
use super::{rows, Importer};
use crate::diagnostics::Kind;
use crate::ir::{
    Edm, Example, ExampleKind, Header, HttpMethod, HttpPath, Operation, Outcome, ParamIn,
    Parameter, Permission, RequestBody, Response, ResponseBody, Status, TypeKind, TypeRef,
};
use crate::openapi::*;
use serde_yaml::{Mapping, Value};
use std::collections::BTreeMap;

impl<'a> Importer<'a> {
    pub(super) fn operations(&mut self) -> Vec<Operation> {
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
        let root = self.root;
        for (i, entry) in get_seq(root, ext::MORE_OPERATIONS).iter().enumerate() {
            let ptr = format!("#/{}/{i}", ext::MORE_OPERATIONS);
            let expected = "`{path, method, operation}`";
            let Some(more) = self.row::<rows::MoreOperation>(entry, &ptr, expected) else {
                continue;
            };
            let Some(op) = entry.get("operation") else {
                self.error(
                    Kind::OpenapiBadSchema,
                    &ptr,
                    format!("expected {expected}; ignored"),
                );
                continue;
            };
            let Some(m) = HttpMethod::parse(&more.method.to_ascii_uppercase()) else {
                self.warn(
                    Kind::OpenapiUnsupported,
                    &ptr,
                    format!("method `{}` is not supported; ignored", more.method),
                );
                continue;
            };
            if let Some(f) = self.operation(&more.path, m, op, &[], &child(&ptr, "operation")) {
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
        // Inline schemas of this operation are named after it.
        self.op_name =
            Some(crate::naming::camel(&id.clone().unwrap_or_else(|| {
                format!("{} {template}", method.as_str())
            })));
        let title = get_str(m, "summary")
            .map(str::to_owned)
            .or_else(|| id.clone())
            .unwrap_or_else(|| format!("{} {template}", method.as_str()));
        let mut path = HttpPath {
            method,
            segments: path_segments(&template),
            query: get_str(m, ext::QUERY).map(str::to_owned),
            addressed: Vec::new(),
            source: self.src(get(m, ext::PATH_SOURCE)),
            template,
            param_types: BTreeMap::new(),
        };
        let path_of = get_str(m, ext::PATH_OF).map(|of| {
            (
                of.to_owned(),
                get(m, ext::PATH_INDEX).and_then(Value::as_u64).unwrap_or(0),
            )
        });

        // Parameters: path ones are in the template; `$` query options are allowed or
        // not; other query and header ones are typed. An operation's own parameter
        // replaces a path item's of the same name and location.
        let mut query_options = false;
        let mut headers = Vec::new();
        let mut parameters: Vec<Parameter> = Vec::new();
        let own = get_seq(m, "parameters")
            .iter()
            .enumerate()
            .map(|(i, v)| (v, format!("{ptr}/parameters/{i}")));
        let mut params: Vec<(&'a Value, String, &'a Value)> = Vec::new();
        for (p, pptr) in shared.iter().cloned().chain(own) {
            let Some(d) = self.deref(p, &pptr) else {
                continue;
            };
            let key = |v: &Value| {
                (
                    v.get("name").and_then(Value::as_str).map(str::to_owned),
                    v.get("in").and_then(Value::as_str).map(str::to_owned),
                )
            };
            match params.iter().position(|(q, _, _)| key(q) == key(d)) {
                Some(at) => params[at] = (d, pptr, p),
                None => params.push((d, pptr, p)),
            }
        }
        for (p, pptr, written) in params {
            let name = p.get("name").and_then(Value::as_str).unwrap_or_default();
            let location = match p.get("in").and_then(Value::as_str) {
                Some("path") => {
                    // Its type, when the schema says more than a string; whether a path
                    // can carry it is checked once every type is read (`path_types`).
                    if let Some(schema) = p.get("schema") {
                        self.param_name = Some(name.to_owned());
                        let ty = self.typeref(schema, &child(&pptr, "schema"), 0);
                        self.param_name = None;
                        if !is_plain_string(&ty) {
                            path.param_types.insert(name.to_owned(), ty);
                        }
                    }
                    continue;
                }
                Some("query") if name.starts_with('$') => {
                    query_options = true;
                    continue;
                }
                Some("query") => ParamIn::Query,
                Some("header") => ParamIn::Header,
                Some(other) => {
                    self.warn(
                        Kind::OpenapiUnsupported,
                        &pptr,
                        format!("{other} parameter `{name}` cannot be represented; ignored"),
                    );
                    continue;
                }
                None => {
                    self.error(
                        Kind::OpenapiBadSchema,
                        &pptr,
                        "a parameter needs `in`; ignored",
                    );
                    continue;
                }
            };
            if name.is_empty() {
                self.error(
                    Kind::OpenapiBadSchema,
                    &pptr,
                    "a parameter needs a `name`; ignored",
                );
                continue;
            }
            // A parameter of `components` is read where it is defined (its inline schemas
            // are named after it, once).
            let at = written
                .get("$ref")
                .and_then(Value::as_str)
                .filter(|r| self.pointer(r).is_some_and(|t| std::ptr::eq(t, p)))
                .map_or(pptr, str::to_owned);
            let ty = match p.get("schema") {
                Some(schema) => {
                    self.param_name = Some(name.to_owned());
                    let ty = self.typeref(schema, &child(&at, "schema"), 0);
                    self.param_name = None;
                    ty
                }
                None => {
                    self.warn(
                        Kind::OpenapiUnsupported,
                        &at,
                        format!("parameter `{name}` has no `schema`; read as a string"),
                    );
                    TypeRef {
                        kind: TypeKind::Primitive { edm: Edm::String },
                        collection: false,
                    }
                }
            };
            parameters.push(Parameter {
                name: name.to_owned(),
                location,
                required: p.get("required").and_then(Value::as_bool) == Some(true),
                ty,
                description: p
                    .get("description")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
            });
        }
        // The parameters name the placeholders of the path's key; a template of the same
        // shape written beside it (`x-graphgen-template`) may name them otherwise.
        let (by_key, by_template) = (template_params(key), template_params(&path.template));
        if by_key != by_template && !path.param_types.is_empty() {
            let mut types = std::mem::take(&mut path.param_types);
            for (k, t) in by_key.iter().zip(&by_template) {
                if let Some(ty) = types.remove(k) {
                    path.param_types.insert(t.clone(), ty);
                }
            }
        }
        if m.contains_key(ext::HEADERS) {
            let rows: Vec<(rows::HeaderRow, String)> =
                self.rows(m, ext::HEADERS, ptr, "`{name, value}`");
            headers = rows
                .into_iter()
                .map(|(h, _)| Header {
                    name: h.name,
                    value: h.value,
                })
                .collect();
        }

        let request_body = match get(m, "requestBody") {
            Some(b) => self.request_body(b, &child(ptr, "requestBody")),
            None => None,
        };
        let request_media = match (get(m, "requestBody"), &request_body) {
            (Some(b), Some(RequestBody::Type { ty, .. })) => self.raw_media(b, Some(ty)),
            (Some(b), Some(RequestBody::Parameters { .. })) => self.raw_media(b, None),
            _ => None,
        };
        let (response, response_media, outcomes) = self.response(m, ptr);
        let error_body = self.error_body(m, ptr);
        let permissions = self.permissions(m, ptr);
        let rows: Vec<(rows::ExampleRow, String)> = self.rows(
            m,
            ext::EXAMPLES,
            ptr,
            "`{kind, start_line, body, truncated, source}`",
        );
        let examples = rows
            .into_iter()
            .map(|(e, _)| Example {
                kind: if e.kind == "response" {
                    ExampleKind::Response
                } else {
                    ExampleKind::Request
                },
                start_line: e.start_line,
                body: e.body,
                truncated: e.truncated,
                source: self.src(e.source.map(Value::String).as_ref()),
            })
            .collect();
        let tag = get_seq(m, "tags").first().and_then(Value::as_str);
        let source = match (get(m, ext::SOURCE), tag) {
            (None, Some(tag)) => self.tag_source(tag),
            (s, _) => self.src(s),
        };
        self.op_name = None;
        Some(Found {
            op: Operation {
                title,
                description: get_str(m, "description").unwrap_or_default().to_owned(),
                paths: vec![path],
                permissions,
                headers,
                query_options,
                parameters,
                request_body,
                request_media,
                response_media,
                response,
                error_body,
                outcomes,
                examples,
                source,
            },
            id,
            path_of,
            ptr: ptr.to_owned(),
        })
    }

    /// The permissions: the rows the export kept, else the security requirements (each
    /// scheme standing for the kind its extension names, or its own name).
    fn permissions(&mut self, m: &Mapping, ptr: &str) -> Vec<Permission> {
        if m.contains_key(ext::PERMISSIONS) {
            let rows: Vec<(rows::PermissionRow, String)> =
                self.rows(m, ext::PERMISSIONS, ptr, "`{kind, scopes}`");
            return rows
                .into_iter()
                .map(|(r, _)| Permission {
                    kind: r.kind,
                    scopes: r.scopes,
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

    /// The media type of a request body sent as it is: the body's chosen media type (JSON
    /// first, as `content_schema` chooses) when it is not JSON and the body is a string
    /// (`text/plain`) or bytes (`format: binary`).
    fn raw_media(&self, body: &'a Value, ty: Option<&TypeRef>) -> Option<String> {
        let body = self.follow(body)?;
        let first = non_json_media(get_map(body.as_mapping()?, "content")?)?;
        // A form carries the fields of the body's type, whatever it is.
        if first == FORM_MEDIA {
            return Some(first);
        }
        let raw = ty.is_some_and(|ty| {
            matches!(
                ty.kind,
                TypeKind::Primitive {
                    edm: Edm::String | Edm::Stream
                }
            ) && !ty.collection
        });
        raw.then_some(first)
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
        let rows: Vec<(rows::BodyProperty, String)> =
            self.rows(m, ext::BODY_PROPERTIES, ptr, "`{name, schema}`");
        for (row, rptr) in rows {
            properties.push(self.property(row.name, &row.schema, &child(&rptr, "schema")));
        }
        Some(RequestBody::Type { ty, properties })
    }

    /// The success response: the one the export marked, else the lowest 2xx; its media
    /// type when it is not JSON; and, when the document declares several success
    /// responses that differ, every one of them (the first being that response).
    fn response(&mut self, m: &'a Mapping, ptr: &str) -> (Response, Option<String>, Vec<Outcome>) {
        let rptr = child(ptr, "responses");
        let fallback = |this: &Self| {
            (
                Response {
                    status: Status::Code(200),
                    body: ResponseBody::None,
                    source: this.src(None),
                },
                None,
                Vec::new(),
            )
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
        let mut success: Vec<(Status, String, &'a Value)> = Vec::new();
        for (code, r) in entries(responses) {
            match Status::parse(&code) {
                Some(s) if s.is_success() || r.get(ext::SOURCE).is_some() => {
                    success.push((s, code, r))
                }
                _ => {}
            }
        }
        // The documented one first, then by status (the `2XX` range after every code).
        success.sort_by_key(|(s, _, r)| (r.get(ext::SOURCE).is_none(), *s));
        let Some((_, code, r)) = success.first().cloned() else {
            self.warn(
                Kind::OpenapiMissingResponses,
                &rptr,
                "no 2xx response; assuming 200 with no body",
            );
            return fallback(self);
        };
        // Responses whose bodies are the same schema (e.g. `200` and `201` of one type)
        // share the kept one's type: nothing is lost. Otherwise each is an outcome.
        let kept_body = self.quiet_body_schema(r);
        let agree = success
            .iter()
            .skip(1)
            .all(|(_, _, other)| self.quiet_body_schema(other) == kept_body);
        // Two keys of one status (`200` and `"200"` in a JSON document read as YAML, `2XX`
        // and `2xx`): the first is read.
        let mut kept: BTreeMap<Status, (String, Option<&'a Value>)> = BTreeMap::new();
        let mut dropped = Vec::new();
        for (s, code, r) in &success {
            match kept.get(s) {
                Some((first, body)) if *body != self.quiet_body_schema(r) => {
                    dropped.push((code.clone(), first.clone()))
                }
                Some(_) => {}
                None => {
                    kept.insert(*s, (code.clone(), self.quiet_body_schema(r)));
                }
            }
        }
        for (code, first) in dropped {
            self.warn(
                Kind::OpenapiUnsupported,
                &child(&rptr, &code),
                format!("`{code}` is read as the status of `{first}`, which is kept; ignored"),
            );
        }
        success.retain(|(s, code, _)| kept.get(s).is_some_and(|(first, _)| first == code));
        let read = if agree { &success[..1] } else { &success[..] };
        self.kept_success = Some(code);
        let mut out: Vec<(Response, Option<String>, String)> = Vec::new();
        for (status, code, r) in read.iter().cloned() {
            out.push(self.one_response(status, &code, r, &rptr));
        }
        self.kept_success = None;
        // Outcomes only when what was read differs (two schemas may read as one type).
        let differ = out
            .iter()
            .skip(1)
            .any(|(r, media, _)| (&r.body, media) != (&out[0].0.body, &out[0].1));
        let outcomes: Vec<Outcome> = if differ {
            out.iter()
                .map(|(r, media, description)| Outcome {
                    status: r.status,
                    body: r.body.clone(),
                    media: media.clone(),
                    description: description.clone(),
                })
                .collect()
        } else {
            Vec::new()
        };
        match out.into_iter().next() {
            Some((response, media, _)) => (response, media, outcomes),
            None => fallback(self),
        }
    }

    /// One success response with status `status` (written `code`): the response, the
    /// media type of a body that is not JSON, and its description.
    fn one_response(
        &mut self,
        status: Status,
        code: &str,
        r: &'a Value,
        rptr: &str,
    ) -> (Response, Option<String>, String) {
        let cptr = child(rptr, code);
        let Some(r) = self.deref(r, &cptr) else {
            let response = Response {
                status,
                body: ResponseBody::None,
                source: self.src(None),
            };
            return (response, None, String::new());
        };
        let source = self.src(r.get(ext::SOURCE));
        let description = r
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let Some(rm) = r.as_mapping() else {
            self.error(
                Kind::OpenapiBadSchema,
                &cptr,
                "expected a response object; assuming no body",
            );
            return (
                Response {
                    status,
                    body: ResponseBody::None,
                    source,
                },
                None,
                description,
            );
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
        // A body that is not JSON is read as text (`text/...`) or bytes: a string schema
        // (`format: binary` or not) under another media type.
        let media = match &body {
            ResponseBody::Single { ty } if !ty.collection => {
                let string = matches!(
                    ty.kind,
                    TypeKind::Primitive {
                        edm: Edm::String | Edm::Stream | Edm::Binary
                    }
                );
                get_map(rm, "content")
                    .and_then(non_json_media)
                    .filter(|_| string)
            }
            _ => None,
        };
        let body = match (&media, body) {
            // Bytes whatever the schema's format said.
            (Some(m), ResponseBody::Single { .. }) if !m.starts_with("text/") => {
                ResponseBody::Single {
                    ty: TypeRef {
                        kind: TypeKind::Primitive { edm: Edm::Stream },
                        collection: false,
                    },
                }
            }
            (Some(_), ResponseBody::Single { .. }) => ResponseBody::Single {
                ty: TypeRef {
                    kind: TypeKind::Primitive { edm: Edm::String },
                    collection: false,
                },
            },
            (_, body) => body,
        };
        (
            Response {
                status,
                body,
                source,
            },
            media,
            description,
        )
    }

    /// The schema of a response's body (the response's own `$ref`s followed, the JSON
    /// media type preferred), read without diagnostics: to compare two responses.
    fn quiet_body_schema(&self, r: &'a Value) -> Option<&'a Value> {
        let r = self.follow(r)?;
        let content = get_map(r.as_mapping()?, "content")?;
        let list: Vec<(String, &'a Value)> = entries(content).collect();
        let (_, v) = list
            .iter()
            .find(|(k, _)| k.starts_with("application/json"))
            .or_else(|| list.iter().find(|(k, _)| k.contains("json")))
            .or_else(|| list.first())?;
        v.get("schema")
    }

    /// The type of the error responses' body (`4XX`/`4xx` codes first, then `5XX`, then
    /// `default` unless there is no 2xx one): the first one with a schema. The export's own Graph error response
    /// (`#/components/responses/error`) is not one: `ServiceError` parses that body.
    fn error_body(&mut self, m: &'a Mapping, ptr: &str) -> Option<TypeRef> {
        let rptr = child(ptr, "responses");
        let responses = get_map(m, "responses")?;
        // Without a 2xx response `default` stands for the success (e.g. a stream's `*/*`).
        let any_success = entries(responses).any(|(code, _)| code.starts_with('2'));
        let mut errors: Vec<(u16, String, &'a Value)> = Vec::new();
        for (code, r) in entries(responses) {
            let upper = code.to_ascii_uppercase();
            let rank = match upper.as_str() {
                "DEFAULT" if any_success => 900,
                "DEFAULT" => continue,
                "4XX" => 499,
                "5XX" => 599,
                _ => match code.parse::<u16>() {
                    Ok(s) if (400..600).contains(&s) => s,
                    _ => continue,
                },
            };
            let graph_error = format!("#/components/responses/{ERROR_RESPONSE}");
            if r.get("$ref").and_then(Value::as_str) == Some(graph_error.as_str()) {
                continue;
            }
            errors.push((rank, code, r));
        }
        errors.sort_by_key(|(rank, _, _)| *rank);
        for (_, code, r) in errors {
            let cptr = child(&rptr, &code);
            let Some(rm) = self.deref(r, &cptr).and_then(Value::as_mapping) else {
                continue;
            };
            if get_map(rm, "content").is_none() {
                continue;
            }
            if let Some((schema, sptr)) = self.content_schema(rm, &cptr) {
                return Some(self.typeref(schema, &sptr, 0));
            }
        }
        None
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

/// The media type a `content` object offers first when it offers no JSON one.
/// Whether a type is a plain string (what a path placeholder is unless its schema says
/// otherwise).
fn is_plain_string(ty: &TypeRef) -> bool {
    !ty.collection && ty.kind == (TypeKind::Primitive { edm: Edm::String })
}

/// Whether a path parameter can be taken as a value of `ty` and written in the path: a
/// primitive with a plain text form (not a timestamp, decimal or bytes), an enum, or a
/// union (`types` holds the unions by name); never a collection, an object or a map.
pub(super) fn fits_a_path(ty: &TypeRef, unions: &std::collections::BTreeSet<&str>) -> bool {
    if ty.collection {
        return false;
    }
    match &ty.kind {
        TypeKind::Primitive { edm } => !matches!(
            edm,
            Edm::DateTimeOffset | Edm::Decimal | Edm::Binary | Edm::Stream
        ),
        TypeKind::Enum { .. } => true,
        TypeKind::Type { name } => unions.contains(name.as_str()),
        _ => false,
    }
}

fn non_json_media(content: &Mapping) -> Option<String> {
    let keys: Vec<String> = entries(content).map(|(k, _)| k).collect();
    if keys.iter().any(|k| k.contains("json")) {
        return None;
    }
    keys.into_iter().next()
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::Diagnostics;
    use crate::ir::{Edm, Ir, ParamIn, Parameter, ResponseBody, Status, TypeKind};

    fn import(text: &str) -> (Ir, Diagnostics) {
        let mut diags = Diagnostics::new();
        let ir = super::super::import(text, "doc.yaml", &mut diags).expect("a document");
        (ir, diags)
    }

    /// The operation of `ir` whose title (its operationId) is `id`.
    fn op<'a>(ir: &'a Ir, id: &str) -> &'a crate::ir::Operation {
        ir.operations
            .iter()
            .find(|o| o.title == id)
            .unwrap_or_else(|| panic!("no operation {id}"))
    }

    /// `ir` exported, then imported again.
    fn read_again(ir: &Ir) -> Ir {
        let exported = serde_yaml::to_string(&crate::openapi::export::export(ir)).expect("yaml");
        import(&exported).0
    }

    const DOC: &str = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /projects/{project}:
    parameters:
      - $ref: "#/components/parameters/key"
      - {name: unique-key, in: query, schema: {type: string}}
      - {name: project, in: path, required: true, schema: {type: string}}
      - {name: mode, in: header, schema: {type: string, enum: [a, b]}}
    get:
      operationId: project_view
      parameters:
        - {name: key, in: query, description: own, schema: {type: boolean}}
        - {name: limit, in: query, required: true, schema: {type: integer, format: uint32}}
        - {name: since, in: query, schema: {type: string, format: date-time}}
        - {name: ids, in: query, schema: {type: array, items: {type: string, format: uuid}}}
        - {name: sort_by, in: query, schema: {type: string, enum: [asc, desc]}}
        - {name: X-Trace, in: header, required: true, schema: {type: string}}
        - {name: $top, in: query, schema: {type: integer}}
        - {name: session, in: cookie, schema: {type: string}}
      responses:
        "204": {description: none}
components:
  parameters:
    key: {name: key, in: query, description: shared, schema: {type: string}}
"##;

    #[test]
    fn path_parameters_keep_the_types_a_path_can_carry_and_round_trip() {
        let doc = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a/{name}/b/{id}/c/{kind}/d/{n}/e/{on}/f/{key}/g/{filter}/h/{at}:
    get:
      operationId: deep
      parameters:
        - {name: name, in: path, required: true, schema: {$ref: "#/components/schemas/Name"}}
        - {name: id, in: path, required: true, schema: {type: string, format: uuid}}
        - {name: kind, in: path, required: true, schema: {$ref: "#/components/schemas/Kind"}}
        - {name: n, in: path, required: true, schema: {type: integer, format: int32}}
        - {name: on, in: path, required: true, schema: {type: boolean}}
        - {name: key, in: path, required: true, schema: {$ref: "#/components/schemas/NameOrId"}}
        - {name: filter, in: path, required: true, schema: {$ref: "#/components/schemas/Obj"}}
        - {name: at, in: path, required: true, schema: {type: string, format: date-time}}
      responses:
        "204": {description: none}
components:
  schemas:
    Name: {type: string, pattern: "^[a-z]+$"}
    Kind: {type: string, enum: [big, small]}
    NameOrId:
      oneOf:
        - {title: id, type: string, format: uuid}
        - {title: name, allOf: [{$ref: "#/components/schemas/Name"}]}
    Obj: {type: object, properties: {a: {type: string}}}
"##;
        let (ir, diags) = import(doc);
        let prim = |edm| TypeKind::Primitive { edm };
        let got: Vec<(&str, &TypeKind)> = ir.operations[0].paths[0]
            .param_types
            .iter()
            .map(|(n, t)| (n.as_str(), &t.kind))
            .collect();
        // A plain string (`Name` is one) is not listed; an object or a timestamp cannot
        // be written in a path and is taken as a string, with a diagnostic.
        assert_eq!(
            got,
            [
                ("id", &prim(Edm::Guid)),
                (
                    "key",
                    &TypeKind::Type {
                        name: "NameOrId".into()
                    }
                ),
                (
                    "kind",
                    &TypeKind::Enum {
                        name: "Kind".into()
                    }
                ),
                ("n", &prim(Edm::Int32)),
                ("on", &prim(Edm::Boolean)),
            ]
        );
        let unsupported: Vec<String> = diags
            .sorted()
            .iter()
            .filter(|d| d.kind == crate::diagnostics::Kind::OpenapiUnsupported)
            .map(|d| d.message.clone())
            .collect();
        assert_eq!(unsupported.len(), 2, "{unsupported:?}");
        assert!(unsupported
            .iter()
            .any(|m| m.contains("`filter` of type `Obj`")));
        assert!(unsupported.iter().any(|m| m.contains("`at`")));
        // The export writes them, so export then import keeps them.
        assert_eq!(
            read_again(&ir).operations[0].paths[0].param_types,
            ir.operations[0].paths[0].param_types
        );
    }

    #[test]
    fn query_and_header_parameters_are_typed_and_an_operation_overrides_its_path() {
        let (ir, diags) = import(DOC);
        let op = &ir.operations[0];
        let got: Vec<(&str, ParamIn, bool, &TypeKind, bool)> = op
            .parameters
            .iter()
            .map(|p: &Parameter| {
                (
                    p.name.as_str(),
                    p.location,
                    p.required,
                    &p.ty.kind,
                    p.ty.collection,
                )
            })
            .collect();
        let prim = |edm| TypeKind::Primitive { edm };
        let sort = TypeKind::Enum {
            name: "ProjectViewSortBy".into(),
        };
        let mode = TypeKind::Enum {
            name: "ProjectViewMode".into(),
        };
        assert_eq!(
            got,
            [
                // The operation's `key` replaces the path item's, where the path item put it.
                ("key", ParamIn::Query, false, &prim(Edm::Boolean), false),
                (
                    "unique-key",
                    ParamIn::Query,
                    false,
                    &prim(Edm::String),
                    false
                ),
                ("mode", ParamIn::Header, false, &mode, false),
                ("limit", ParamIn::Query, true, &prim(Edm::Int64), false),
                (
                    "since",
                    ParamIn::Query,
                    false,
                    &prim(Edm::DateTimeOffset),
                    false
                ),
                ("ids", ParamIn::Query, false, &prim(Edm::Guid), true),
                ("sort_by", ParamIn::Query, false, &sort, false),
                ("X-Trace", ParamIn::Header, true, &prim(Edm::String), false),
            ]
        );
        assert_eq!(op.parameters[0].description, "own");
        // An inline enum is a named (open) enum, named after the operation and parameter.
        let e = ir
            .enums
            .iter()
            .find(|e| e.name == "ProjectViewSortBy")
            .expect("the enum");
        assert_eq!(e.members.len(), 2);
        // `$top` is an OData option; a cookie cannot be represented.
        assert!(op.query_options);
        let unsupported: Vec<String> = diags.sorted().iter().map(|d| d.message.clone()).collect();
        assert_eq!(unsupported.len(), 1, "{unsupported:?}");
        assert!(
            unsupported[0].contains("cookie parameter `session`"),
            "{unsupported:?}"
        );
    }

    #[test]
    fn parameter_names_avoid_each_other_the_path_and_the_runtime() {
        let (ir, _) = import(DOC);
        let mut op = ir.operations[0].clone();
        op.parameters.push(Parameter {
            name: "uniqueKey".into(),
            ..op.parameters[1].clone()
        });
        op.parameters.push(Parameter {
            name: "send".into(),
            ..op.parameters[1].clone()
        });
        op.parameters.push(Parameter {
            name: "project".into(),
            ..op.parameters[1].clone()
        });
        let required_query = Parameter {
            name: "query".into(),
            required: true,
            ..op.parameters[1].clone()
        };
        op.parameters.push(required_query);
        assert_eq!(
            crate::plan::param_names(&op),
            [
                "key",
                "unique_key",
                "mode",
                "limit",
                "since",
                "ids",
                "sort_by",
                "x_trace",
                "unique_key2",
                "send_param",
                "project2",
                // An argument may be named like a method of the request.
                "query",
            ]
        );
    }

    const ERRORS: &str = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      operationId: a
      responses:
        "200": {description: ok}
        default: {$ref: "#/components/responses/Fail"}
        "4XX":
          description: client error
          content: {application/json: {schema: {$ref: "#/components/schemas/Problem"}}}
  /b:
    get:
      operationId: b
      responses:
        "200": {description: ok}
        "5XX": {description: no body}
        default: {$ref: "#/components/responses/Fail"}
  /d:
    get:
      operationId: d
      responses:
        default: {$ref: "#/components/responses/Fail"}
  /c:
    get:
      operationId: c
      responses:
        "200": {description: ok}
        "4XX": {$ref: "#/components/responses/error"}
components:
  responses:
    Fail:
      description: failure
      content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}
    error:
      description: The Graph error response.
      content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}
  schemas:
    Error: {type: object, properties: {message: {type: string}}}
    Problem: {type: object, properties: {detail: {type: string}}}
"##;

    #[test]
    fn success_responses_of_one_schema_share_it_and_others_are_outcomes() {
        let doc = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /same:
    post:
      operationId: same
      responses:
        "200": {$ref: "#/components/responses/Thing"}
        "201":
          description: created
          content: {application/json: {schema: {$ref: "#/components/schemas/Thing"}}}
  /differ:
    post:
      operationId: differ
      responses:
        "200": {$ref: "#/components/responses/Thing"}
        "202": {description: accepted}
components:
  responses:
    Thing:
      description: a thing
      content: {application/json: {schema: {$ref: "#/components/schemas/Thing"}}}
  schemas:
    Thing: {type: object, properties: {id: {type: string}}}
"##;
        let (ir, diags) = import(doc);
        assert!(diags.sorted().is_empty(), "{:?}", diags.sorted());
        // Those that differ are outcomes, the first (through a `$ref`) with its description.
        let outcomes = |id: &str| -> Vec<(String, String)> {
            op(&ir, id)
                .outcomes
                .iter()
                .map(|o| (o.status.to_string(), o.description.clone()))
                .collect()
        };
        assert_eq!(outcomes("same"), []);
        assert_eq!(
            outcomes("differ"),
            [
                ("200".to_owned(), "a thing".to_owned()),
                ("202".to_owned(), "accepted".to_owned())
            ]
        );
        for op in &ir.operations {
            assert_eq!(op.response.status, Status::Code(200), "{}", op.title);
            assert!(
                matches!(op.response.body, ResponseBody::Single { .. }),
                "{}",
                op.title
            );
        }
    }

    #[test]
    fn text_and_binary_request_bodies_keep_their_media_type() {
        let doc = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /text:
    put:
      operationId: text
      requestBody: {content: {text/plain: {schema: {type: string}}}}
      responses: {"204": {description: ok}}
  /bytes:
    post:
      operationId: bytes
      requestBody: {content: {application/octet-stream: {schema: {type: string, format: binary}}}}
      responses: {"204": {description: ok}}
  /json:
    post:
      operationId: json
      requestBody: {content: {application/json: {schema: {type: string}}}}
      responses: {"204": {description: ok}}
  /form:
    post:
      operationId: form
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, properties: {client_id: {type: string}}}
      responses:
        "204": {description: ok}
        "4XX": {description: no, content: {application/json: {schema: {$ref: "#/components/schemas/Problem"}}}}
components:
  schemas:
    Problem: {type: object, properties: {message: {type: string}}}
"##;
        let (ir, _) = import(doc);
        let media = |ir: &Ir, id: &str| op(ir, id).request_media.clone();
        assert_eq!(media(&ir, "text").as_deref(), Some("text/plain"));
        assert_eq!(
            media(&ir, "bytes").as_deref(),
            Some("application/octet-stream")
        );
        assert_eq!(media(&ir, "json"), None);
        // A form of an inline object's fields.
        assert_eq!(
            media(&ir, "form").as_deref(),
            Some(crate::openapi::FORM_MEDIA)
        );
        // Exported and read again: the media types and the error body are kept.
        let again = read_again(&ir);
        for id in ["text", "bytes", "json", "form"] {
            assert_eq!(media(&again, id), media(&ir, id), "{id}");
        }
        let error = |ir: &Ir| op(ir, "form").error_body.clone();
        assert!(error(&ir).is_some());
        assert_eq!(error(&again), error(&ir));
    }

    #[test]
    fn text_and_binary_responses_are_text_and_bytes_and_round_trip() {
        let doc = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /readme:
    get:
      operationId: readme
      responses: {"200": {description: ok, content: {text/markdown: {schema: {type: string}}}}}
  /logo:
    get:
      operationId: logo
      responses: {"200": {description: ok, content: {image/png: {schema: {type: string, format: byte}}}}}
  /json:
    get:
      operationId: json
      responses: {"200": {description: ok, content: {application/json: {schema: {type: string}}}}}
"##;
        let (ir, _) = import(doc);
        let of = |ir: &Ir, id: &str| {
            let op = op(ir, id);
            let edm = match &op.response.body {
                ResponseBody::Single {
                    ty:
                        crate::ir::TypeRef {
                            kind: TypeKind::Primitive { edm },
                            ..
                        },
                } => Some(*edm),
                _ => None,
            };
            (op.response_media.clone(), edm)
        };
        assert_eq!(
            of(&ir, "readme"),
            (Some("text/markdown".into()), Some(Edm::String))
        );
        assert_eq!(
            of(&ir, "logo"),
            (Some("image/png".into()), Some(Edm::Stream))
        );
        assert_eq!(of(&ir, "json"), (None, Some(Edm::String)));
        let again = read_again(&ir);
        for id in ["readme", "logo", "json"] {
            assert_eq!(of(&again, id), of(&ir, id), "{id}");
        }
    }

    #[test]
    fn several_success_responses_are_outcomes_and_round_trip() {
        let doc = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /start:
    post:
      operationId: start
      responses:
        "202": {description: Under way., content: {application/json: {schema: {type: object, properties: {job: {type: string}}}}}}
        "200": {description: Done., content: {application/json: {schema: {$ref: "#/components/schemas/Thing"}}}}
        "204": {description: Nothing to do.}
        "206": {description: Some of it., content: {text/plain: {schema: {type: string}}}}
        "4XX": {description: error, content: {application/json: {schema: {type: string}}}}
  /same:
    post:
      operationId: same
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Thing"}}}}
        "201": {description: created, content: {application/json: {schema: {$ref: "#/components/schemas/Thing"}}}}
components:
  schemas:
    Thing: {type: object, properties: {id: {type: string}}}
"##;
        let (ir, diags) = import(doc);
        assert!(diags.sorted().is_empty(), "{:?}", diags.sorted());
        let start = op(&ir, "start");
        let seen: Vec<(String, Option<&str>, &str)> = start
            .outcomes
            .iter()
            .map(|o| {
                (
                    o.status.to_string(),
                    o.media.as_deref(),
                    o.description.as_str(),
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                ("200".to_owned(), None, "Done."),
                ("202".to_owned(), None, "Under way."),
                ("204".to_owned(), None, "Nothing to do."),
                ("206".to_owned(), Some("text/plain"), "Some of it."),
            ]
        );
        // The first is the response; another's inline schema keeps its status in its name.
        assert_eq!(start.response.status, Status::Code(200));
        assert_eq!(start.response.body, start.outcomes[0].body);
        assert_eq!(body_name(&start.outcomes[0].body), "Thing");
        assert_eq!(body_name(&start.outcomes[1].body), "StartResponse202");
        assert!(matches!(start.outcomes[2].body, ResponseBody::None));
        // Responses of one schema share it: no outcomes.
        let same = op(&ir, "same");
        assert!(same.outcomes.is_empty());
        assert_eq!(body_name(&same.response.body), "Thing");
        // Export then import keeps every outcome.
        let again = read_again(&ir);
        assert_eq!(op(&again, "start").outcomes, start.outcomes);
        assert_eq!(op(&again, "start").response, start.response);
        assert!(op(&again, "same").outcomes.is_empty());
    }

    #[test]
    fn a_range_is_an_outcome_of_its_own_and_comes_back_from_the_export() {
        let doc = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /start:
    post:
      operationId: start
      responses:
        "2XX": {description: Other., content: {application/json: {schema: {type: integer}}}}
        "200": {description: Done., content: {application/json: {schema: {type: string}}}}
        "202": {description: Queued.}
  /only:
    get:
      operationId: only
      responses:
        "2xx": {description: Fine., content: {application/json: {schema: {type: string}}}}
"##;
        let (ir, diags) = import(doc);
        assert!(diags.sorted().is_empty(), "{:?}", diags.sorted());
        // The range after every code, whatever the document's order.
        let statuses = |ir: &Ir| -> Vec<Status> {
            op(ir, "start").outcomes.iter().map(|o| o.status).collect()
        };
        let expected = [Status::Code(200), Status::Code(202), Status::AnySuccess];
        assert_eq!(statuses(&ir), expected);
        // A lone range (in either case) is the response, with no outcomes.
        assert_eq!(op(&ir, "only").response.status, Status::AnySuccess);
        assert!(op(&ir, "only").outcomes.is_empty());
        // The export writes `2XX` back, and reading it again gives the same.
        let again = read_again(&ir);
        assert_eq!(statuses(&again), expected);
        assert_eq!(op(&again, "only").response.status, Status::AnySuccess);
    }

    /// The type name of a single response body (else the body, for the failure message).
    fn body_name(body: &ResponseBody) -> String {
        match body {
            ResponseBody::Single { ty } => match &ty.kind {
                TypeKind::Type { name } => name.clone(),
                other => format!("{other:?}"),
            },
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn default_read_only_and_write_only_are_kept_and_written_back() {
        let doc = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Thing:
      type: object
      properties:
        id: {type: string, readOnly: true}
        secret: {type: string, writeOnly: true}
        start: {type: boolean, default: true}
        kind: {allOf: [{$ref: "#/components/schemas/Kind"}], default: {type: plain}}
    Kind: {type: object, properties: {type: {type: string}}}
"##;
        let keywords = |ir: &Ir| -> Vec<(String, crate::ir::Keywords)> {
            let t = ir.types.iter().find(|t| t.name == "Thing").expect("Thing");
            t.properties
                .iter()
                .map(|p| (p.name.clone(), p.keywords.clone()))
                .collect()
        };
        let (ir, _) = import(doc);
        let got = keywords(&ir);
        let of = |n: &str| {
            got.iter()
                .find(|(k, _)| k == n)
                .map(|(_, v)| v.clone())
                .expect(n)
        };
        assert!(of("id").read_only && !of("id").write_only);
        assert!(of("secret").write_only);
        assert_eq!(of("start").default.as_deref(), Some("true"));
        assert_eq!(of("kind").default.as_deref(), Some(r#"{"type":"plain"}"#));
        let again = read_again(&ir);
        assert_eq!(keywords(&again), got);
    }

    #[test]
    fn error_responses_give_the_error_body_type() {
        let (ir, _) = import(ERRORS);
        let error_of = |id: &str| match &op(&ir, id).error_body {
            Some(crate::ir::TypeRef {
                kind: TypeKind::Type { name },
                ..
            }) => Some(name.clone()),
            other => other.as_ref().map(|t| format!("{:?}", t.kind)),
        };
        // 4XX before default; a response without a body is skipped; the export's own
        // Graph error response is not a declared error type.
        assert_eq!(error_of("a").as_deref(), Some("Problem"));
        assert_eq!(error_of("b").as_deref(), Some("Error"));
        assert_eq!(error_of("c"), None);
        // Without a 2xx response, `default` is the success.
        assert_eq!(error_of("d"), None);
    }
}
