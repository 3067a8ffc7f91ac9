//! The intermediate representation every stage passes through.
//!
//! The parser produces an [`Ir`] whose type references may still be
//! [`TypeKind::Unresolved`] (a name and the link the page gave); [`crate::resolve`] turns
//! those into references to known types, enums or primitives. The emitter only ever sees
//! resolved IR. Everything here is plain data, serializable to YAML (`graphgen ir DIR`).

use serde::{Deserialize, Serialize};

/// Where something came from: a page (relative to the input folder) and a 1-based line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// Page path relative to the input folder, with `/` separators.
    pub file: String,
    /// 1-based line.
    pub line: usize,
}

/// Everything read from one folder of pages.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Ir {
    /// Entity and complex types (and, from OpenAPI documents, unions: see
    /// [`TypeDef::union`]), sorted by name.
    pub types: Vec<TypeDef>,
    /// Enum types, sorted by name.
    pub enums: Vec<EnumDef>,
    /// Operations (method pages), sorted by title.
    pub operations: Vec<Operation>,
    /// Read from an OpenAPI document that is no export of Graph-format pages: its docs
    /// say nothing of OData (`microsoft.graph.` names).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub foreign: bool,
}

impl Ir {
    /// Puts types and enums in name order and operations in title order (ties by page),
    /// the order every later stage relies on for deterministic output.
    pub fn sort(&mut self) {
        self.types
            .sort_by(|a, b| (&a.name, &a.source.file).cmp(&(&b.name, &b.source.file)));
        self.enums
            .sort_by(|a, b| (&a.name, &a.source.file).cmp(&(&b.name, &b.source.file)));
        self.operations
            .sort_by(|a, b| (&a.title, &a.source.file).cmp(&(&b.title, &b.source.file)));
    }
}

/// Whether a type has identity (an entity, addressed by key) or is a plain value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TypeDefKind {
    /// Has a key property (usually `id`).
    Entity,
    /// A structured value without identity.
    Complex,
}

/// A resource type page: an entity or complex type.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TypeDef {
    /// The OData name, e.g. `userPFXCertificate`.
    pub name: String,
    /// Entity or complex.
    pub kind: TypeDefKind,
    /// The key property, when the page names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The base type, when the page names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    /// Whether the page marks it abstract.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub is_abstract: bool,
    /// Whether the type accepts properties it does not declare.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub open: bool,
    /// The type of every property it does not declare, when the document says one (an
    /// OpenAPI `additionalProperties` schema beside `properties`); else they are any JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional: Option<TypeRef>,
    /// The page's description of the type.
    pub description: String,
    /// Structural properties, in page order.
    pub properties: Vec<Property>,
    /// Navigation properties (the Relationships table), in page order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub navigation: Vec<Property>,
    /// Set when the type is one of several alternatives (an OpenAPI `oneOf`/`anyOf`), not
    /// an object with properties; `properties` and `navigation` are then empty. Pages
    /// never give one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub union: Option<UnionDef>,
    /// Where the type is defined.
    pub source: Source,
}

/// A type that is one of several alternatives (OpenAPI `oneOf`/`anyOf`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnionDef {
    /// How a value says which alternative it is.
    #[serde(flatten)]
    pub style: UnionStyle,
    /// The alternatives, in document order (the order an untagged value is tried in).
    pub variants: Vec<UnionVariant>,
}

/// How a value of a union says which alternative it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "style", rename_all = "camelCase")]
pub enum UnionStyle {
    /// A JSON object whose property `tag` holds the alternative's tag value; the other
    /// properties are the alternative's (serde's internally tagged enums).
    Internal {
        /// The property's wire name, e.g. `type`.
        tag: String,
    },
    /// A string (an alternative without data) or an object with one property named after
    /// the alternative, holding its value (serde's externally tagged enums).
    External,
    /// Nothing says it: the alternatives are tried in order.
    Untagged,
}

/// One alternative of a [`UnionDef`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnionVariant {
    /// Its name as the document gives it (a title, the tag value, the schema name) or
    /// `variant{N}`; the emitter makes it an UpperCamel identifier.
    pub name: String,
    /// The tag value (internal), or the property name or string (external); `None` when
    /// untagged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// The value it carries; `None` for an alternative that is only its tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(rename = "type")]
    pub ty: Option<TypeRef>,
    /// The document's description of it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The properties a JSON object must have to be read as this alternative (the
    /// schema's `required`); only untagged alternatives use it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub required: Vec<String>,
    /// The string formats the value must have to be read as this alternative, where they
    /// tell it apart from another alternative of the same shape (a `uuid` against any
    /// string, `ipv4` against `ipv6` properties); only untagged alternatives use them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub formats: Vec<FormatCheck>,
}

/// A string format a value, or one of its properties, must have.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormatCheck {
    /// The property that holds the string; empty for the value itself.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub property: String,
    /// The OpenAPI format, one of [`FormatCheck::CHECKABLE`].
    pub format: String,
}

impl FormatCheck {
    /// The formats the generated crate's runtime can check.
    pub const CHECKABLE: [&'static str; 6] = ["uuid", "ipv4", "ipv6", "ip", "date-time", "date"];
}

impl TypeDef {
    /// The types it refers to besides its properties: those the alternatives of a union
    /// carry, and the type of its undeclared properties.
    pub fn other_refs(&self) -> impl Iterator<Item = &TypeRef> {
        self.union
            .iter()
            .flat_map(|u| u.variants.iter().filter_map(|v| v.ty.as_ref()))
            .chain(&self.additional)
    }

    /// This type and its bases, nearest first, each base found with `lookup`; the walk
    /// ends at a base `lookup` does not know, or where the chain comes back on itself.
    pub fn with_bases<'a>(
        &'a self,
        lookup: impl Fn(&str) -> Option<&'a TypeDef>,
    ) -> Vec<&'a TypeDef> {
        let mut chain = vec![self];
        let mut cur = self;
        while let Some(base) = cur.base.as_deref().and_then(&lookup) {
            if chain.iter().any(|t| t.name == base.name) {
                break;
            }
            chain.push(base);
            cur = base;
        }
        chain
    }
}

/// Base type → every type of `types` derived from it, directly or not, in the order of
/// `types`: the one index of subtypes the resolver and the plan both read. Bases are found
/// with `lookup` ([`TypeDef::with_bases`]); a type whose base `lookup` does not know is
/// derived from nothing further.
pub fn derived_index<'a>(
    types: impl IntoIterator<Item = &'a TypeDef>,
    lookup: impl Fn(&str) -> Option<&'a TypeDef> + Copy,
) -> std::collections::BTreeMap<&'a str, Vec<&'a TypeDef>> {
    let mut derived: std::collections::BTreeMap<&str, Vec<&TypeDef>> = Default::default();
    for t in types {
        for b in t.with_bases(lookup).into_iter().skip(1) {
            derived.entry(b.name.as_str()).or_default().push(t);
        }
    }
    derived
}

/// One row of a Properties, Relationships or parameter table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Property {
    /// The wire name, e.g. `encryptedPfxBlob`.
    pub name: String,
    /// Its type.
    #[serde(rename = "type")]
    pub ty: TypeRef,
    /// The description cell, as text.
    pub description: String,
    /// Set when the row says it is inherited from another type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inherited_from: Option<String>,
    /// Values listed inline in the description ("Possible values are: `a`, `b`.").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub possible_values: Vec<String>,
    /// What an OpenAPI schema says of it besides its type (nothing on Graph pages).
    #[serde(default, skip_serializing_if = "Keywords::is_empty")]
    pub keywords: Keywords,
    /// The row.
    pub source: Source,
}

/// The OpenAPI schema keywords a property can carry besides its type.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Keywords {
    /// `default`: the value the service assumes when the property is absent, as JSON text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// `readOnly`: set by the service; a value sent is ignored.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub read_only: bool,
    /// `writeOnly`: sent, never returned.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub write_only: bool,
    /// `format` of a string whose type does not already say it (`ipv4`, `email`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
}

impl Keywords {
    /// Whether it says nothing.
    pub fn is_empty(&self) -> bool {
        *self == Keywords::default()
    }

    /// What it says, as a sentence for docs (empty when nothing).
    pub fn sentence(&self) -> String {
        let mut out = Vec::new();
        if self.read_only {
            out.push("Read-only: set by the service; a value sent is ignored.".to_owned());
        }
        if self.write_only {
            out.push("Write-only: sent, never returned.".to_owned());
        }
        if let Some(f) = &self.format {
            out.push(format!("Format `{f}`."));
        }
        if let Some(d) = &self.default {
            out.push(format!("Absent, it is taken as `{d}`."));
        }
        out.join(" ")
    }
}

/// A reference to a type, as written in a type cell.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypeRef {
    /// What it refers to.
    #[serde(flatten)]
    pub kind: TypeKind,
    /// Whether it is a collection of that type.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub collection: bool,
}

impl TypeRef {
    /// The reference an array of arrays or a map ends in (itself for any other).
    pub fn innermost(&self) -> &TypeRef {
        match &self.kind {
            TypeKind::List { item: inner } | TypeKind::Map { value: inner } => inner.innermost(),
            _ => self,
        }
    }
}

/// What a [`TypeRef`] refers to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum TypeKind {
    /// An Edm primitive.
    Primitive {
        /// Which one.
        edm: Edm,
    },
    /// A named type before resolution: its name and the link the page gave, if any.
    Unresolved {
        /// The name as written.
        name: String,
        /// The link target as written, if the cell had a link.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        link: Option<String>,
    },
    /// An entity or complex type defined by the pages.
    Type {
        /// The type's OData name.
        name: String,
    },
    /// An enum defined by the pages.
    Enum {
        /// The enum's OData name.
        name: String,
    },
    /// A JSON array of `item` (itself a collection): with the reference's `collection`, an
    /// array of arrays. Only OpenAPI documents give one.
    List {
        /// What the inner array holds.
        item: Box<TypeRef>,
    },
    /// A JSON object whose every property is a `value` (OpenAPI `additionalProperties`
    /// with a schema and no `properties`). Only OpenAPI documents give one.
    Map {
        /// What each property holds.
        value: Box<TypeRef>,
    },
    /// A type the pages do not define: kept as untyped JSON.
    Json {
        /// The name as written.
        name: String,
    },
}

/// The Edm primitive types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum Edm {
    String,
    Boolean,
    Byte,
    SByte,
    Int16,
    Int32,
    Int64,
    /// Not an Edm type: an unsigned 64-bit integer (OpenAPI `format: uint64`), which
    /// `Int64` cannot hold above `i64::MAX`.
    UInt64,
    Single,
    Double,
    Decimal,
    Guid,
    DateTimeOffset,
    Date,
    TimeOfDay,
    Duration,
    Binary,
    Stream,
}

impl Edm {
    /// Every primitive, for lookups.
    pub const ALL: [Edm; 18] = [
        Edm::String,
        Edm::Boolean,
        Edm::Byte,
        Edm::SByte,
        Edm::Int16,
        Edm::Int32,
        Edm::Int64,
        Edm::UInt64,
        Edm::Single,
        Edm::Double,
        Edm::Decimal,
        Edm::Guid,
        Edm::DateTimeOffset,
        Edm::Date,
        Edm::TimeOfDay,
        Edm::Duration,
        Edm::Binary,
        Edm::Stream,
    ];

    /// The name as the pages write it (`Int32`, `DateTimeOffset`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Edm::String => "String",
            Edm::Boolean => "Boolean",
            Edm::Byte => "Byte",
            Edm::SByte => "SByte",
            Edm::Int16 => "Int16",
            Edm::Int32 => "Int32",
            Edm::Int64 => "Int64",
            Edm::UInt64 => "UInt64",
            Edm::Single => "Single",
            Edm::Double => "Double",
            Edm::Decimal => "Decimal",
            Edm::Guid => "Guid",
            Edm::DateTimeOffset => "DateTimeOffset",
            Edm::Date => "Date",
            Edm::TimeOfDay => "TimeOfDay",
            Edm::Duration => "Duration",
            Edm::Binary => "Binary",
            Edm::Stream => "Stream",
        }
    }

    /// Reads a primitive name, with or without an `Edm.` prefix, in any case.
    pub fn parse(name: &str) -> Option<Edm> {
        let n = name.trim();
        let n = n
            .strip_prefix("Edm.")
            .or_else(|| n.strip_prefix("edm."))
            .unwrap_or(n);
        // Free-text spellings hand-written pages use for the same types.
        let n = match n.to_ascii_lowercase().as_str() {
            "datetime" | "timestamp" => "DateTimeOffset",
            "integer" | "int" => "Int32",
            "bool" => "Boolean",
            "numeric" => "Decimal",
            _ => n,
        };
        Edm::ALL
            .into_iter()
            .find(|e| e.name().eq_ignore_ascii_case(n))
    }
}

/// An enum page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnumDef {
    /// The OData name, e.g. `userPfxIntendedPurpose`.
    pub name: String,
    /// The page's description.
    pub description: String,
    /// Members in page order.
    pub members: Vec<EnumMember>,
    /// Where it is defined.
    pub source: Source,
}

/// One enum member.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnumMember {
    /// The wire name, e.g. `smimeEncryption`.
    pub name: String,
    /// The numeric value the page gives, if any (documentation only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<i64>,
    /// The description cell.
    pub description: String,
    /// The row.
    pub source: Source,
}

/// HTTP methods the pages use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
#[allow(missing_docs)]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl HttpMethod {
    /// Reads an upper-case method name.
    pub fn parse(s: &str) -> Option<HttpMethod> {
        Some(match s {
            "GET" => HttpMethod::Get,
            "POST" => HttpMethod::Post,
            "PUT" => HttpMethod::Put,
            "PATCH" => HttpMethod::Patch,
            "DELETE" => HttpMethod::Delete,
            _ => return None,
        })
    }

    /// The upper-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
        }
    }
}

/// One line of an HTTP request block: a method and a path template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HttpPath {
    /// The method.
    pub method: HttpMethod,
    /// The path as written, e.g. `/deviceManagement/userPfxCertificates/{userPFXCertificateId}`.
    pub template: String,
    /// The path's segments.
    pub segments: Vec<PathSegment>,
    /// The type of each `{param}` placeholder whose OpenAPI schema is not a plain string
    /// (an integer, an enum, a union, a `uuid`...); a placeholder not listed is a string,
    /// as every placeholder of the pages is. [`crate::plan::path_param`] says how each is
    /// taken.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub param_types: std::collections::BTreeMap<String, TypeRef>,
    /// The query string the page writes after the path (`$filter=...`), without the `?`:
    /// documentation, never sent as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// What each segment addresses, one per segment, read by [`crate::resolve`] from the
    /// types' relationships (empty before resolution).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addressed: Vec<Addressed>,
    /// The line.
    pub source: Source,
}

/// What a path addresses once one more segment is read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Addressed {
    /// How the segment was read.
    pub via: Via,
    /// The type that owns the relationship or property the segment names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The entity or complex type addressed after the segment, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(rename = "type")]
    pub ty: Option<String>,
    /// Whether that is a collection of `ty`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub collection: bool,
}

/// How a path segment was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Via {
    /// The first segment: a singleton (`deviceManagement`) or an entity set
    /// (`pfxUserCertificates`) named after a type.
    Root,
    /// A relationship (navigation property) of the owner type or one of its bases.
    Relationship,
    /// A relationship of a type derived from the addressed one, reached without a cast.
    DerivedRelationship,
    /// A structural property of the owner type.
    Property,
    /// A segment no page lists as a relationship, read by its name as a type's.
    Inferred,
    /// A `{key}` selecting one item of a collection.
    Key,
    /// A type cast: `microsoft.graph.T`.
    Cast,
    /// The bound action or function the page documents.
    Operation,
    /// An OData segment such as `$value`, `$count` or `$ref`.
    Special,
    /// A segment that could not be read.
    Unknown,
}

/// A segment of a path template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PathSegment {
    /// Literal text.
    Literal(String),
    /// A `{param}` placeholder.
    Param(String),
    /// Text with `{param}` placeholders inside it: a call with arguments
    /// (`range(address='{address}')`) or colon addressing (`root:/{item-path}:`).
    Mixed(Vec<Piece>),
}

impl PathSegment {
    /// The text a segment starts with: a literal's whole text, a mixed segment's first
    /// piece when it is text; `None` for a parameter or a segment starting with one.
    fn leading_text(&self) -> Option<&str> {
        match self {
            PathSegment::Literal(l) => Some(l),
            PathSegment::Param(_) => None,
            PathSegment::Mixed(pieces) => match pieces.first() {
                Some(Piece::Text(t)) => Some(t),
                _ => None,
            },
        }
    }

    /// The name a path is read by at this segment: a literal's text; for a call
    /// (`range(address='{address}')`) the name before `(`; for colon addressing
    /// (`root:/{item-path}:`) the text before `:`. `None` for a parameter, or text that
    /// starts with one (`{hostname}:/{path}`).
    pub fn name(&self) -> Option<&str> {
        let text = self.leading_text()?;
        let name = text.split(['(', ':']).next().unwrap_or(text);
        name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '$' || c == '_')
            .then_some(name)
    }

    /// For a call segment (`getActivities(interval='{interval}')`, `delta()`): the
    /// function's name.
    pub fn call_name(&self) -> Option<&str> {
        let text = self.leading_text()?;
        let (name, _) = text.split_once('(')?;
        let ident = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
        (ident && self.text().ends_with(')')).then_some(name)
    }

    /// The segment as written in the template.
    pub fn text(&self) -> String {
        match self {
            PathSegment::Literal(l) => l.clone(),
            PathSegment::Param(p) => format!("{{{p}}}"),
            PathSegment::Mixed(pieces) => pieces
                .iter()
                .map(|p| match p {
                    Piece::Text(t) => t.clone(),
                    Piece::Param(p) => format!("{{{p}}}"),
                })
                .collect(),
        }
    }
}

/// A piece of a [`PathSegment::Mixed`] segment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Piece {
    /// Literal text.
    Text(String),
    /// A `{param}` placeholder.
    Param(String),
}

/// One row of the permissions table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Permission {
    /// e.g. `Delegated (work or school account)`.
    pub kind: String,
    /// The scopes, least privileged first as the page lists them; empty when not supported.
    pub scopes: Vec<String>,
}

/// A request header the page documents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// Header name.
    pub name: String,
    /// The value column, as text.
    pub value: String,
}

/// Where a [`Parameter`] is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ParamIn {
    /// In the query string (`form` style, exploded: `?tag=a&tag=b`).
    Query,
    /// As a request header (`simple` style: `a,b`).
    Header,
}

impl ParamIn {
    /// The OpenAPI `in` value.
    pub fn as_str(self) -> &'static str {
        match self {
            ParamIn::Query => "query",
            ParamIn::Header => "header",
        }
    }
}

/// A typed query or header parameter of an operation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Parameter {
    /// The wire name, e.g. `page_token` or `X-Request-Id`.
    pub name: String,
    /// Where it is sent.
    #[serde(rename = "in")]
    pub location: ParamIn,
    /// Whether every request must carry it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// Its type.
    #[serde(rename = "type")]
    pub ty: TypeRef,
    /// Its description.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// What an operation takes as its request body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum RequestBody {
    /// A JSON representation of a type; `properties` are the rows the page lists for it.
    Type {
        /// The type.
        #[serde(rename = "type")]
        ty: TypeRef,
        /// The documented properties (informational).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        properties: Vec<Property>,
    },
    /// A JSON object of parameters (actions).
    Parameters {
        /// The parameters.
        parameters: Vec<Property>,
    },
}

/// What a successful response carries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ResponseBody {
    /// Nothing (e.g. `204 No Content`).
    None,
    /// One value of a type.
    Single {
        /// The type.
        #[serde(rename = "type")]
        ty: TypeRef,
    },
    /// A page of values (`value` array plus `@odata.nextLink`).
    Collection {
        /// The item type.
        #[serde(rename = "type")]
        ty: TypeRef,
    },
}

/// The status of a success response: one code, or the `2XX` range an OpenAPI document
/// may declare. Written as the code (`201`) or as `"2XX"`; codes order before the range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// One status code, e.g. 201.
    Code(u16),
    /// `2XX`: any success status that no other response of the operation declares.
    AnySuccess,
}

impl Status {
    /// How OpenAPI writes it: `201`, or `2XX`.
    pub const RANGE: &'static str = "2XX";

    /// Reads a response key of an OpenAPI document (`201`, `2XX` in either case).
    pub fn parse(code: &str) -> Option<Status> {
        if code.eq_ignore_ascii_case(Self::RANGE) {
            Some(Status::AnySuccess)
        } else {
            code.parse().ok().map(Status::Code)
        }
    }

    /// Whether it is a success status (2xx, or the range).
    pub fn is_success(self) -> bool {
        match self {
            Status::Code(c) => (200..300).contains(&c),
            Status::AnySuccess => true,
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Status::Code(c) => write!(f, "{c}"),
            Status::AnySuccess => f.write_str(Self::RANGE),
        }
    }
}

impl Serialize for Status {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Status::Code(c) => s.serialize_u16(*c),
            Status::AnySuccess => s.serialize_str(Self::RANGE),
        }
    }
}

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Written {
            Code(u16),
            Text(String),
        }
        match Written::deserialize(d)? {
            Written::Code(c) => Ok(Status::Code(c)),
            Written::Text(t) => Status::parse(&t).ok_or_else(|| {
                serde::de::Error::custom(format!("expected a status code or `2XX`, got `{t}`"))
            }),
        }
    }
}

/// The documented success response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Response {
    /// Status, e.g. 201.
    pub status: Status,
    /// Body.
    pub body: ResponseBody,
    /// The sentence it was read from.
    pub source: Source,
}

/// One of several success responses of an operation ([`Operation::outcomes`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// Status, e.g. 202, or the `2XX` range.
    pub status: Status,
    /// Body.
    pub body: ResponseBody,
    /// The media type of a body that is not JSON, as [`Operation::response_media`] says
    /// it; `None` for JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media: Option<String>,
    /// The response's description.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// Whether an example is a request or a response.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ExampleKind {
    /// An example request.
    Request,
    /// An example response.
    Response,
}

/// An example from the page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Example {
    /// Request or response.
    pub kind: ExampleKind,
    /// The first line of the http block (`POST https://...` or `HTTP/1.1 201 Created`).
    pub start_line: String,
    /// The body text, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// Whether the page marks it as truncated.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
    /// Where the block starts.
    pub source: Source,
}

/// An API page: one operation, possibly reachable through several paths.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Operation {
    /// The H1 title, e.g. `Create userPFXCertificate`.
    pub title: String,
    /// The page's description.
    pub description: String,
    /// Every path line of the HTTP request block.
    pub paths: Vec<HttpPath>,
    /// The permissions table.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub permissions: Vec<Permission>,
    /// The request headers table.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<Header>,
    /// Whether the page has an "Optional query parameters" section.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub query_options: bool,
    /// The typed query and header parameters (OData `$` options and path parameters are
    /// not among them), in document order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<Parameter>,
    /// The request body, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_body: Option<RequestBody>,
    /// The media type of a request body sent as it is, not as JSON: `text/plain` (a
    /// string) or `application/octet-stream` (bytes); `None` for JSON and on Graph pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_media: Option<String>,
    /// The media type of a success body that is not JSON: `text/...` (read as text) or
    /// anything else (read as bytes); `None` for JSON and on Graph pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_media: Option<String>,
    /// The success response.
    pub response: Response,
    /// Every success response, when the document declares several that differ (in body or
    /// media type): the request then answers an enum of them, chosen by the status. The
    /// first is the one `response` and `response_media` describe. Empty when there is one
    /// success response, or when they all share one body (then `response` says it all);
    /// always empty on Graph pages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outcomes: Vec<Outcome>,
    /// The type of the body of the error responses (`4XX`, `5XX`, `default`, ...) when the
    /// document declares one; the client reads it with `Error::service_body`. Graph pages
    /// declare none: their error body is the one `ServiceError` parses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_body: Option<TypeRef>,
    /// Examples.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Example>,
    /// The page.
    pub source: Source,
}

/// `name` in namespace `ns`, as the IR names it: relative to `microsoft.graph`
/// (`callRecords.session`); a bare name outside a namespace, or one already qualified,
/// stays as it is.
pub fn qualify(ns: Option<&str>, name: &str) -> String {
    match ns {
        Some(ns) if !ns.is_empty() && !name.contains('.') => format!("{ns}.{name}"),
        _ => name.to_owned(),
    }
}

/// The namespace part of a qualified IR name (`callRecords.session` → `callRecords`).
pub fn namespace_of(name: &str) -> Option<&str> {
    name.rsplit_once('.').map(|(ns, _)| ns)
}

#[cfg(test)]
mod tests {
    use super::Status;

    #[test]
    fn a_status_is_written_as_its_code_or_as_the_range() {
        let json = serde_json::to_string(&[Status::Code(201), Status::AnySuccess]).unwrap();
        assert_eq!(json, r#"[201,"2XX"]"#);
        let back: Vec<Status> = serde_json::from_str(r#"[201,"2xx"]"#).unwrap();
        assert_eq!(back, [Status::Code(201), Status::AnySuccess]);
        let bad = serde_json::from_str::<Status>(r#""3XX""#).unwrap_err();
        assert!(
            bad.to_string().contains("expected a status code or `2XX`"),
            "{bad}"
        );
    }
}
