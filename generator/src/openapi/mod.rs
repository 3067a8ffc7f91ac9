//! OpenAPI 3 out ([`export`]: resolved IR → document) and in ([`import`]: document → IR).
//!
//! What both directions share lives here, each in one place: the Edm ↔ (type, format)
//! table, schema naming (`microsoft.graph.<name>`), the `x-graphgen-*` extension names
//! that carry what OpenAPI cannot say natively (page sources, titles, permission rows,
//! examples), and the permission kind ↔ OAuth2 security scheme table.
//!
//! Documents are plain data ([`serde_yaml::Value`], whose mappings keep their order), so
//! the same value is written as YAML or JSON.

pub mod export;
pub mod import;
mod rows;

use crate::ir::{Edm, PathSegment, Source};
use serde_yaml::Value;

/// The OpenAPI version the export writes.
pub const OPENAPI_VERSION: &str = "3.0.3";

/// The namespace prefix of every schema name.
pub const NAMESPACE: &str = "microsoft.graph.";

/// Where named schemas live.
pub const SCHEMAS_POINTER: &str = "#/components/schemas/";

/// The name of the base type every entity derives from.
pub const ENTITY: &str = "entity";

/// The components.responses entry every operation's error statuses point to.
pub const ERROR_RESPONSE: &str = "error";

/// The Graph error schema (and the schemas it refers to).
pub const ERROR_SCHEMA: &str = "microsoft.graph.ODataErrors.ODataError";

/// The schema key of an IR type or enum name: `microsoft.graph.<name>`.
pub fn schema_key(name: &str) -> String {
    format!("{NAMESPACE}{name}")
}

/// A `$ref` to the schema of an IR type or enum name.
pub fn schema_ref(name: &str) -> String {
    format!("{SCHEMAS_POINTER}{}", escape_pointer(&schema_key(name)))
}

/// The IR name of a schema key: the `microsoft.graph.` prefix removed (other keys as they are).
pub fn name_of_key(key: &str) -> &str {
    key.strip_prefix(NAMESPACE).unwrap_or(key)
}

/// The `x-graphgen-*` extensions: whatever the IR holds that OpenAPI cannot say natively.
pub mod ext {
    /// `"file:line"` of the page (or row, or line) something was read from.
    pub const SOURCE: &str = "x-graphgen-source";
    /// Entity or complex, when it differs from what the key and an `id` row imply.
    pub const KIND: &str = "x-graphgen-kind";
    /// The key property of an entity type.
    pub const KEY: &str = "x-graphgen-key";
    /// The page marks the type abstract.
    pub const ABSTRACT: &str = "x-graphgen-abstract";
    /// A base type named by the page but defined by no page (so no `$ref` can reach it).
    pub const BASE: &str = "x-graphgen-base";
    /// The `allOf` `$ref` to `entity` was added by the export; the page names no base.
    pub const IMPLICIT_BASE: &str = "x-graphgen-implicit-base";
    /// A schema the export made up (`entity` when no page defines it, the error schemas).
    pub const SYNTHESIZED: &str = "x-graphgen-synthesized";
    /// Property rows that are not declared properties of the schema (inherited rows,
    /// repeated names, the `id` of an implicit entity), with their position.
    pub const OTHER_ROWS: &str = "x-graphgen-other-rows";
    /// The row says "Inherited from x".
    pub const INHERITED_FROM: &str = "x-graphgen-inherited-from";
    /// The values an inline "Possible values are" list names.
    pub const POSSIBLE_VALUES: &str = "x-graphgen-possible-values";
    /// A reference to a type or enum no schema defines: `{kind, name}`.
    pub const MISSING_REF: &str = "x-graphgen-missing-ref";
    /// Document level: earlier definitions of a name defined twice, as `{key, schema}`.
    pub const DUPLICATE_SCHEMAS: &str = "x-graphgen-duplicate-schemas";
    /// A type the pages do not define, kept as untyped JSON: its name as written.
    pub const JSON_TYPE: &str = "x-graphgen-json";
    /// A reference left unresolved: `{name, link}`.
    pub const UNRESOLVED: &str = "x-graphgen-unresolved";
    /// The documented number of an enum member.
    pub const MEMBER_VALUE: &str = "x-graphgen-value";
    /// The permissions table, row by row (`{kind, scopes}`).
    pub const PERMISSIONS: &str = "x-graphgen-permissions";
    /// The request headers table (`{name, value}`).
    pub const HEADERS: &str = "x-graphgen-headers";
    /// The examples (`{kind, start_line, body, truncated, source}`).
    pub const EXAMPLES: &str = "x-graphgen-examples";
    /// The rows documented for a request body of a type (`{name, schema}`).
    pub const BODY_PROPERTIES: &str = "x-graphgen-properties";
    /// The line of the path in the HTTP request block.
    pub const PATH_SOURCE: &str = "x-graphgen-path-source";
    /// The query string the page writes after the path (`$filter=...`), without `?`.
    pub const QUERY: &str = "x-graphgen-query";
    /// The path as the page writes it, when the path item's key names its parameters
    /// differently (OpenAPI allows one of equivalent templates).
    pub const TEMPLATE: &str = "x-graphgen-template";
    /// On the operation object of a second, third ... path of one page: the operationId
    /// of the first path's operation object, and the path's position.
    pub const PATH_OF: &str = "x-graphgen-path-of";
    /// See [`PATH_OF`].
    pub const PATH_INDEX: &str = "x-graphgen-path-index";
    /// Document level: `true` on an export of Graph-format pages (an import of any other
    /// document is [`crate::ir::Ir::foreign`]).
    pub const PAGES: &str = "x-graphgen-pages";
    /// Document level: operations whose (path, method) another page already has, as
    /// `{path, method, operation}`; OpenAPI allows one operation per path and method.
    pub const MORE_OPERATIONS: &str = "x-graphgen-operations";
    /// On a security scheme: the permission kind it stands for.
    pub const PERMISSION_KIND: &str = "x-graphgen-permission-kind";
}

/// The Edm ↔ (type, format) table, as Microsoft's OData → OpenAPI conversion writes it.
/// The first row of each Edm type is the one the export writes.
const EDM_TABLE: &[(Edm, &str, Option<&str>)] = &[
    (Edm::String, "string", None),
    (Edm::Boolean, "boolean", None),
    (Edm::Byte, "integer", Some("uint8")),
    (Edm::SByte, "integer", Some("int8")),
    (Edm::Int16, "integer", Some("int16")),
    (Edm::Int32, "integer", Some("int32")),
    (Edm::Int64, "integer", Some("int64")),
    (Edm::UInt64, "integer", Some("uint64")),
    (Edm::Single, "number", Some("float")),
    (Edm::Double, "number", Some("double")),
    (Edm::Decimal, "number", Some("decimal")),
    (Edm::Guid, "string", Some("uuid")),
    (Edm::DateTimeOffset, "string", Some("date-time")),
    (Edm::Date, "string", Some("date")),
    (Edm::TimeOfDay, "string", Some("time")),
    (Edm::Duration, "string", Some("duration")),
    (Edm::Binary, "string", Some("base64url")),
    (Edm::Stream, "string", Some("binary")),
];

/// The media type of a form body: the fields of the body's type, URL-encoded.
pub const FORM_MEDIA: &str = "application/x-www-form-urlencoded";

/// Formats other documents use for the same Edm types (read only).
const EDM_ALIASES: &[(Edm, &str, &str)] = &[
    (Edm::Binary, "string", "byte"),
    (Edm::Binary, "string", "base64"),
    (Edm::Guid, "string", "guid"),
    (Edm::Int32, "number", "int32"),
    (Edm::Int64, "number", "int64"),
    (Edm::Int64, "string", "int64"),
    (Edm::Double, "integer", "double"),
    (Edm::Double, "string", "double"),
    (Edm::Decimal, "string", "decimal"),
    (Edm::Single, "integer", "float"),
];

/// The OpenAPI (type, format) of an Edm primitive.
pub fn edm_schema(edm: Edm) -> (&'static str, Option<&'static str>) {
    EDM_TABLE
        .iter()
        .find(|(e, _, _)| *e == edm)
        .map(|(_, t, f)| (*t, *f))
        .unwrap_or(("string", None))
}

/// The Edm primitive an OpenAPI (type, format) stands for; `None` for a type that is not
/// primitive. Unknown formats fall back to the plain type (`string`, `integer` as Int64,
/// `number` as Double).
pub fn edm_of(ty: &str, format: Option<&str>) -> Option<Edm> {
    if let Some(f) = format {
        if let Some((e, _, _)) = EDM_TABLE
            .iter()
            .find(|(_, t, ff)| *t == ty && *ff == Some(f))
        {
            return Some(*e);
        }
        if let Some((e, _, _)) = EDM_ALIASES.iter().find(|(_, t, ff)| *t == ty && *ff == f) {
            return Some(*e);
        }
    }
    match ty {
        "string" => Some(Edm::String),
        "boolean" => Some(Edm::Boolean),
        "integer" => Some(Edm::Int64),
        "number" => Some(Edm::Double),
        _ => None,
    }
}

/// `file:line`, the form sources take in `x-graphgen-source`.
pub fn source_text(s: &Source) -> String {
    format!("{}:{}", s.file, s.line)
}

/// Reads `file:line` back.
pub fn parse_source(s: &str) -> Option<Source> {
    let (file, line) = s.rsplit_once(':')?;
    Some(Source {
        file: file.to_owned(),
        line: line.parse().ok()?,
    })
}

/// Escapes one JSON pointer token (`~` → `~0`, `/` → `~1`).
pub fn escape_pointer(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Reads one JSON pointer token back.
pub fn unescape_pointer(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// The segments of a path template, the way the method page parser splits them: `{x}`
/// filling a whole segment is a parameter, text with `{x}` inside is mixed, everything
/// else literal text.
pub fn path_segments(template: &str) -> Vec<PathSegment> {
    crate::parse::method_page::path_segments(template)
}

/// Every `{name}` in a template, in order, without repeats (also those inside a segment,
/// e.g. `f(key='{key}')`: OpenAPI wants each declared as a path parameter).
pub fn template_params(template: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let name = &after[..close];
        if !name.is_empty() && !name.contains('{') && !out.iter().any(|n| n == name) {
            out.push(name.to_owned());
        }
        rest = &after[close + 1..];
    }
    out
}

/// The template with every parameter name blanked (`/a/{}/b`): templates equal under this
/// are the same path to OpenAPI.
pub fn template_shape(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut depth = 0usize;
    for c in template.chars() {
        match c {
            '{' => {
                if depth == 0 {
                    out.push('{');
                }
                depth += 1;
            }
            '}' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    out.push('}');
                }
            }
            _ if depth > 0 => {}
            _ => out.push(c),
        }
    }
    out
}

/// The reason phrase of a status code, for response descriptions.
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        203 => "Non-Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        207 => "Multi-Status",
        300..=399 => "Redirection",
        400..=499 => "Client error",
        500..=599 => "Server error",
        _ => "Success",
    }
}

/// A permission kind of the pages' permissions tables, and the OAuth2 security scheme
/// that stands for it.
pub struct SchemeInfo {
    /// The kind as the pages write it.
    pub kind: &'static str,
    /// The key in `components.securitySchemes`.
    pub scheme: &'static str,
    /// Whether the flow is client credentials (application) rather than authorization code.
    pub app_only: bool,
    /// The tenant segment of the sign-in endpoints.
    pub tenant: &'static str,
}

/// The three permission kinds, in table order.
pub const SCHEMES: &[SchemeInfo] = &[
    SchemeInfo {
        kind: "Delegated (work or school account)",
        scheme: "delegatedWorkOrSchool",
        app_only: false,
        tenant: "organizations",
    },
    SchemeInfo {
        kind: "Delegated (personal Microsoft account)",
        scheme: "delegatedPersonal",
        app_only: false,
        tenant: "consumers",
    },
    SchemeInfo {
        kind: "Application",
        scheme: "application",
        app_only: true,
        tenant: "common",
    },
];

/// The scheme of a permission kind, read loosely (`Delegated (work or school account`
/// with a missing parenthesis still counts). Other rows (the feature-area sub-rows some
/// Intune pages have under a kind) give `None`.
pub fn scheme_of_kind(kind: &str) -> Option<&'static SchemeInfo> {
    let k = kind.trim().to_ascii_lowercase();
    if k.starts_with("application") {
        return SCHEMES.iter().find(|s| s.app_only);
    }
    if k.starts_with("delegated") {
        let personal = k.contains("personal") || k.contains("microsoft account");
        return SCHEMES.get(if personal { 1 } else { 0 });
    }
    None
}

/// Whether a permission cell's word looks like a scope (`DeviceManagementApps.Read.All`).
pub fn is_scope(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// Writes a document as YAML, or as JSON when `json` is set.
pub fn render(doc: &Value, json: bool) -> Result<String, String> {
    if json {
        let mut s = serde_json::to_string_pretty(doc).map_err(|e| e.to_string())?;
        s.push('\n');
        Ok(s)
    } else {
        serde_yaml::to_string(doc).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_edm_type_maps_and_maps_back() {
        for edm in Edm::ALL {
            let (t, f) = edm_schema(edm);
            assert_eq!(edm_of(t, f), Some(edm), "{edm:?}");
        }
        assert_eq!(
            edm_schema(Edm::DateTimeOffset),
            ("string", Some("date-time"))
        );
        assert_eq!(edm_of("string", Some("email")), Some(Edm::String));
        assert_eq!(edm_of("object", None), None);
        assert_eq!(edm_of("integer", Some("uint64")), Some(Edm::UInt64));
    }

    #[test]
    fn templates() {
        assert_eq!(
            template_params("/a/{x}/f(k='{y}',j={x})"),
            ["x".to_owned(), "y".to_owned()]
        );
        assert_eq!(template_shape("/a/{x}/b/{yy}"), "/a/{}/b/{}");
        assert_eq!(template_params("/a/{unclosed"), Vec::<String>::new());
    }

    #[test]
    fn sources_and_pointers() {
        let s = Source {
            file: "api/a:b.md".into(),
            line: 12,
        };
        assert_eq!(parse_source(&source_text(&s)), Some(s));
        assert_eq!(parse_source("nope"), None);
        assert_eq!(escape_pointer("/a~b"), "~1a~0b");
        assert_eq!(unescape_pointer("~1a~0b"), "/a~b");
    }

    #[test]
    fn permission_kinds() {
        assert_eq!(
            scheme_of_kind("Delegated (work or school account").map(|s| s.scheme),
            Some("delegatedWorkOrSchool")
        );
        assert_eq!(
            scheme_of_kind("Delegated (personal Microsoft account)").map(|s| s.scheme),
            Some("delegatedPersonal")
        );
        assert!(scheme_of_kind("Policy Set").is_none());
        assert!(is_scope("DeviceManagementApps.Read.All"));
        assert!(!is_scope("**TODO:"));
    }
}
