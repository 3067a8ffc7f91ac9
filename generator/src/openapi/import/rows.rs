//! The `x-graphgen-*` extension rows the export writes, read with serde. Every row keeps
//! the form [`crate::openapi::export`] writes; a row of another form is reported where it
//! is and left out.

use serde::Deserialize;
use serde_yaml::Value;

/// [`crate::openapi::ext::DUPLICATE_SCHEMAS`]: an earlier definition of a name.
#[derive(Deserialize)]
pub(super) struct DuplicateSchema {
    pub key: String,
    pub schema: Value,
}

/// [`crate::openapi::ext::OTHER_ROWS`]: a property row that is not a declared property.
#[derive(Deserialize)]
pub(super) struct OtherRow {
    pub name: String,
    pub index: u64,
    pub schema: Value,
    #[serde(default)]
    pub navigation: bool,
}

/// [`crate::openapi::ext::MISSING_REF`]: a reference to a type or enum no schema defines.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct MissingRef {
    pub name: String,
    pub kind: String,
}

/// [`crate::openapi::ext::UNRESOLVED`]: a reference left unresolved.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Unresolved {
    pub name: String,
    pub link: Option<String>,
}

/// [`crate::openapi::ext::MORE_OPERATIONS`]: an operation whose (path, method) another
/// page has (its `operation` object is read where it is).
#[derive(Deserialize)]
pub(super) struct MoreOperation {
    pub path: String,
    pub method: String,
}

/// [`crate::openapi::ext::HEADERS`]: a row of the request headers table.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct HeaderRow {
    pub name: String,
    pub value: String,
}

/// [`crate::openapi::ext::PERMISSIONS`]: a row of the permissions table.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct PermissionRow {
    pub kind: String,
    pub scopes: Vec<String>,
}

/// [`crate::openapi::ext::EXAMPLES`]: an example request or response.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ExampleRow {
    pub kind: String,
    pub start_line: String,
    pub body: Option<String>,
    pub truncated: bool,
    pub source: Option<String>,
}

/// [`crate::openapi::ext::BODY_PROPERTIES`]: a row documented for a request body.
#[derive(Deserialize)]
pub(super) struct BodyProperty {
    pub name: String,
    pub schema: Value,
}
