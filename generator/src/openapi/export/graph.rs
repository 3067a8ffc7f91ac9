//! What every Graph operation shares: the error schemas and responses, the OData query
//! options, and permissions as OAuth2 scopes.

use super::*;

/// The Graph error body: `{"error": {"code", "message", "target", "details", "innerError"}}`.
pub(super) fn error_schemas() -> Vec<(String, Value)> {
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

pub(super) fn error_responses() -> Value {
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
pub(super) fn query_options() -> Vec<(&'static str, &'static str, &'static str, Value)> {
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

pub(super) fn query_parameters() -> Value {
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
pub(super) fn query_refs(op: &Operation) -> Vec<Value> {
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
pub(super) type Scopes = BTreeMap<&'static str, Vec<String>>;

/// The (scheme, scope) pairs of a permissions table. Rows that are not one of the three
/// kinds (feature-area sub-rows) belong to the kind above them; words that are not scope
/// names (`**TODO: ...`) are left out.
pub(super) fn scheme_scopes(perms: &[Permission]) -> Vec<(&'static SchemeInfo, String)> {
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

pub(super) fn security_schemes(scopes: &Scopes) -> Value {
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
