//! Diagnostics: what went wrong in an input page, where, and what was expected.
//!
//! Every stage reports problems here instead of panicking; the CLI prints them as
//! `file:line: severity: message` and `graphgen check` fails when any is an error.

use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The page was read, but something on it was odd and a best reading was taken.
    Warning,
    /// Part of the page could not be understood and was left out.
    Error,
}

/// One finding about one place in one input page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The page, as a path relative to the input folder.
    pub file: String,
    /// 1-based line in that page.
    pub line: usize,
    /// How bad it is.
    pub severity: Severity,
    /// What kind of finding it is (written `dead-link`, `malformed-row`, ...).
    pub kind: Kind,
    /// What was found and what was expected.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(
            f,
            "{}:{}: {sev}[{}]: {}",
            self.file, self.line, self.kind, self.message
        )
    }
}

/// Collects diagnostics for a whole run.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a warning.
    pub fn warn(&mut self, file: &str, line: usize, kind: Kind, message: impl Into<String>) {
        self.push(file, line, Severity::Warning, kind, message.into());
    }

    /// Records an error.
    pub fn error(&mut self, file: &str, line: usize, kind: Kind, message: impl Into<String>) {
        self.push(file, line, Severity::Error, kind, message.into());
    }

    fn push(&mut self, file: &str, line: usize, severity: Severity, kind: Kind, message: String) {
        self.items.push(Diagnostic {
            file: file.to_owned(),
            line,
            severity,
            kind,
            message,
        });
    }

    /// Appends all of `other`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// All diagnostics, sorted by file, line and message so output is deterministic.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut v = self.items.clone();
        v.sort_by(|a, b| {
            (a.file.as_str(), a.line, &a.message).cmp(&(b.file.as_str(), b.line, &b.message))
        });
        v
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// How many diagnostics there are.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Iterates in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

/// Declares [`Kind`]: each kind's variant, its written name, its summary category, and
/// the explanation `graphgen check --explain KIND` prints (the variant's doc).
macro_rules! kinds {
    ($( $(#[doc = $doc:literal])+ $variant:ident = $name:literal in $category:ident, )+) => {
        /// What kind of finding a diagnostic is. Written in kebab case (`dead-link`) in
        /// messages and JSON; `graphgen check --explain KIND` says what each means.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Kind {
            $( $(#[doc = $doc])+ $variant, )+
        }

        impl Kind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [Kind] = &[$(Kind::$variant),+];

            /// Its written name, e.g. `dead-link`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Kind::$variant => $name,)+
                }
            }

            /// Its summary category.
            pub fn category(self) -> Category {
                match self {
                    $(Kind::$variant => Category::$category,)+
                }
            }

            /// What it means, what graphgen did about it, and how to fix the page.
            pub fn explain(self) -> &'static str {
                match self {
                    $(Kind::$variant => concat!($($doc, "\n"),+),)+
                }
            }
        }
    };
}

kinds! {
    /// A link in a page leads to no page of the input. The linked type is looked up by
    /// name instead; fix the link's path.
    DeadLink = "dead-link" in UnresolvedLinks,
    /// A type cell names a type that no page of the input defines. The property is kept as
    /// untyped JSON (`serde_json::Value`); add the type's page or fix the name.
    UnresolvedType = "unresolved-type" in UnresolvedLinks,
    /// A type's base type is defined by no page of the input. The type is kept without
    /// the base's properties; add the base's page or fix the name.
    UnresolvedBase = "unresolved-base" in UnresolvedLinks,
    /// A link differs in letter case from the page it means. It is followed anyway; fix
    /// the case so the link works on case-sensitive hosts.
    CaseMismatchedLink = "case-mismatched-link" in CaseMismatchedLinks,
    /// A link uses `_` where the page's file name uses `-` (an older link style). It is
    /// followed anyway.
    LegacyLink = "legacy-link" in CaseMismatchedLinks,
    /// A type cell of a property table could not be read as a primitive (`String`,
    /// `Int32`, ...), a link to a type page, or `X collection`. The property is kept as
    /// untyped JSON.
    UnknownTypeCell = "unknown-type-cell" in UnknownTypeCells,
    /// A table row does not have the cells its header promises (often an unescaped `|` in
    /// a description) or has no usable name. The best reading is taken, or the row is
    /// skipped; the message says which.
    MalformedRow = "malformed-row" in MalformedRows,
    /// A table row with a single cell, read as a group heading and skipped.
    GroupRow = "group-row" in MalformedRows,
    /// A type or a request body lists the same name twice (under two headings, or in a
    /// table per variant). The first row is kept; a type has one field per wire name.
    DuplicateRow = "duplicate-row" in MalformedRows,
    /// A table row continues on the next line (a line break inside a cell). The lines are
    /// joined into one row.
    ContinuedRow = "continued-row" in MalformedRows,
    /// A table's header is not the one the section calls for (`| Property | Type |
    /// Description |`, `| Member | Value | Description |`). It is read as well as it can be.
    MalformedTable = "malformed-table" in MalformedTables,
    /// A table in a Properties or Relationships section whose columns are not name, type,
    /// description (a table of colour constants, scenarios, or methods placed there): its
    /// rows describe something else and are not read as properties of the type.
    NotAPropertyTable = "not-a-property-table" in MalformedTables,
    /// A section that should hold a table holds none, or no row. Nothing is read from it.
    MissingTable = "missing-table" in MalformedTables,
    /// A page lacks a section its kind of page needs (`## Properties`, `## Members`). The
    /// page gives what the rest of it says.
    MissingSection = "missing-section" in MalformedTables,
    /// A section is there but says nothing (an empty `## Request body`). A default is
    /// assumed; the message says which.
    EmptySection = "empty-section" in MalformedTables,
    /// A line of the HTTP request block is not `METHOD /path`. The line is skipped.
    BadHttpLine = "bad-http-line" in HttpLines,
    /// A method page has no HTTP request block. The page gives no operation.
    NoHttpRequest = "no-http-request" in HttpLines,
    /// The request body section could not be read as "none", a type, or a table of
    /// parameters. The operation is generated without a typed body.
    UnreadRequestBody = "unread-request-body" in Bodies,
    /// The response section could not be read (no status code, no body type). A default
    /// is assumed; the message says which.
    UnreadResponse = "unread-response" in Bodies,
    /// The response section contradicts itself (204 No Content with a body). The body is
    /// kept.
    ContradictoryResponse = "contradictory-response" in Bodies,
    /// A page is not a method, resource or enum page (an overview, a concept page, an
    /// unknown `doc_type`). It is not read.
    UnclassifiedPage = "unclassified-page" in UnclassifiedPages,
    /// A page filed as a resource page (`doc_type: resourcePageType`) that names no type:
    /// no `blockType: resource` annotation and no H1 `# x resource type`. It is an overview
    /// or an API introduction, and is not read as a type (its title is no type name).
    NotAType = "not-a-type" in UnclassifiedPages,
    /// A page has no usable H1 title, so its type or enum cannot be named. It is skipped.
    MissingTitle = "missing-title" in UnclassifiedPages,
    /// A page is not valid UTF-8. The invalid bytes are replaced and the page is read.
    NotUtf8 = "not-utf8" in UnclassifiedPages,
    /// An annotation comment (`<!-- { ... } -->`) is not valid JSON. It is ignored.
    BadAnnotation = "bad-annotation" in UnclassifiedPages,
    /// A property's "Possible values are" list names a value its enum page does not have
    /// (the enum page is older than the list, or the list is wrong). The value is added to
    /// the enum as a member without a description; add it to the enum page, or fix the list.
    EnumListMismatch = "enum-list-mismatch" in EnumLists,
    /// A property's type cell names an enum (by name, by `microsoft.graph.x` or by a link to
    /// a page the input does not hold) that no enum page or `### x values` section defines,
    /// and its description lists the values ("Possible values are: `a`, `b`."). The enum
    /// is defined from those lists (every property that names it contributes); add the
    /// enum to an enum page to give its members descriptions.
    EnumFromProse = "enum-from-prose" in EnumLists,
    /// A property's type cell says `String` (or `String collection`), but its description
    /// lists exactly the members of one enum ("Possible values are: `a`, `b`."; a trailing
    /// `unknownFutureValue` may be left out). The property is typed as that enum; write the
    /// enum's name (or a link to it) in the type cell to say so.
    EnumFromValues = "enum-from-values" in EnumLists,
    /// Two pages define the same type. The later page (by file name) wins.
    DuplicateType = "duplicate-type" in DuplicateTypes,
    /// A path segment is not a relationship that any type page lists. Its type is inferred
    /// from the operations on that path, or from its name.
    UndocumentedRelationship = "undocumented-relationship" in PathSegments,
    /// A path segment is a relationship of a type derived from the one the path addresses,
    /// reached without a cast. It is read as that derived type's relationship.
    RelationshipOfDerivedType = "relationship-of-derived-type" in PathSegments,
    /// A path line cannot be navigated to its end (a segment no type explains, colon
    /// addressing, a key of something that is no collection, a first segment that names
    /// no type). It is navigated as far as it can be, and a request method named after the
    /// operation appends the rest of the path as the page writes it (on `Client` when not
    /// even the first segment can be navigated).
    UnnavigablePath = "unnavigable-path" in PathSegments,
    /// A schema of an OpenAPI document could not be read into a type. It is kept as
    /// untyped JSON, or left out; the message names its JSON pointer.
    OpenapiBadSchema = "openapi-bad-schema" in Openapi,
    /// An OpenAPI construct graphgen does not represent yet. The message says what was
    /// kept instead.
    OpenapiUnsupported = "openapi-unsupported" in Openapi,
    /// A `$ref` of an OpenAPI document leads to no schema. It is kept as untyped JSON.
    OpenapiDanglingRef = "openapi-dangling-ref" in Openapi,
    /// The file is not an OpenAPI document (no `openapi`, `info` or `paths`).
    OpenapiMalformed = "openapi-malformed" in Openapi,
    /// The document is not OpenAPI 3.0 or 3.1 (Swagger 2 must be converted first).
    OpenapiVersion = "openapi-version" in Openapi,
    /// An OpenAPI operation has no (2xx) response. 200 with no body is assumed.
    OpenapiMissingResponses = "openapi-missing-responses" in Openapi,
    /// Two OpenAPI schemas read as the same type name. The first is kept.
    OpenapiDuplicate = "openapi-duplicate" in Openapi,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Kind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl FromStr for Kind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Kind::ALL
            .iter()
            .copied()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                let all: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
                format!(
                    "no diagnostic kind `{s}`; the kinds are: {}",
                    all.join(", ")
                )
            })
    }
}

/// The categories of the summary `graphgen check` ends with, in the order it prints them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// Links and type names that lead nowhere.
    UnresolvedLinks,
    /// Links followed although they differ from the page's file name.
    CaseMismatchedLinks,
    /// Type cells that name no type.
    UnknownTypeCells,
    /// Table rows that are not what the header promises.
    MalformedRows,
    /// Tables and sections that are missing or malformed.
    MalformedTables,
    /// HTTP request blocks that could not be read.
    HttpLines,
    /// Request bodies and responses that could not be read.
    Bodies,
    /// Pages that could not be classified or named.
    UnclassifiedPages,
    /// Enums read from lists in descriptions, and lists that disagree with enum pages.
    EnumLists,
    /// Types defined more than once.
    DuplicateTypes,
    /// Path segments no relationship explains.
    PathSegments,
    /// Findings in an OpenAPI document.
    Openapi,
}

impl Category {
    /// Every category, in summary order.
    pub const ALL: &'static [Category] = &[
        Category::UnresolvedLinks,
        Category::CaseMismatchedLinks,
        Category::UnknownTypeCells,
        Category::MalformedRows,
        Category::MalformedTables,
        Category::HttpLines,
        Category::Bodies,
        Category::UnclassifiedPages,
        Category::EnumLists,
        Category::DuplicateTypes,
        Category::PathSegments,
        Category::Openapi,
    ];

    /// How the summary names it.
    pub fn label(self) -> &'static str {
        match self {
            Category::UnresolvedLinks => "unresolved links",
            Category::CaseMismatchedLinks => "case-mismatched links",
            Category::UnknownTypeCells => "unknown type cells",
            Category::MalformedRows => "malformed rows",
            Category::MalformedTables => "malformed tables and sections",
            Category::HttpLines => "unreadable HTTP request lines",
            Category::Bodies => "unread request bodies or responses",
            Category::UnclassifiedPages => "pages it could not classify",
            Category::EnumLists => "enums read from value lists, or lists that disagree with them",
            Category::DuplicateTypes => "duplicate types",
            Category::PathSegments => "path segments no relationship explains",
            Category::Openapi => "OpenAPI document findings",
        }
    }

    /// The kinds it gathers.
    pub fn kinds(self) -> impl Iterator<Item = Kind> {
        Kind::ALL
            .iter()
            .copied()
            .filter(move |k| k.category() == self)
    }
}

impl Diagnostics {
    /// Counts by summary category, every category listed, found or not, in
    /// [`Category::ALL`] order.
    pub fn summary(&self) -> Vec<(&'static str, usize)> {
        Category::ALL
            .iter()
            .map(|c| {
                let n = self
                    .items
                    .iter()
                    .filter(|d| d.kind.category() == *c)
                    .count();
                (c.label(), n)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_written_in_kebab_case_and_read_back() {
        let mut seen = std::collections::BTreeSet::new();
        for k in Kind::ALL {
            let s = k.as_str();
            assert!(seen.insert(s), "{s} twice");
            assert!(
                s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{s}"
            );
            assert_eq!(s.parse::<Kind>(), Ok(*k));
            assert!(k.explain().len() > 20, "{s} is explained");
        }
        assert!("no-such-kind".parse::<Kind>().is_err());
        assert_eq!(
            serde_json::to_value(Kind::DeadLink).expect("serializes"),
            serde_json::json!("dead-link")
        );
    }

    #[test]
    fn every_category_is_in_the_summary_and_has_kinds() {
        for c in Category::ALL {
            assert!(c.kinds().next().is_some(), "{c:?} has no kind");
        }
        let mut d = Diagnostics::new();
        d.warn("a.md", 1, Kind::OpenapiUnsupported, "x");
        let summary = d.summary();
        assert_eq!(summary.len(), Category::ALL.len());
        assert!(summary.contains(&("OpenAPI document findings", 1)));
    }
}
