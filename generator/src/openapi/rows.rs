//! The `x-graphgen-*` extension rows: the export writes them and the import reads them
//! through these same structs with serde, so the two cannot drift apart. The field order
//! is the order they are written in. A row of another form is reported where it is and
//! left out on import.

use serde::{Deserialize, Serialize};
use serde_yaml::Value;

/// [`crate::openapi::ext::DUPLICATE_SCHEMAS`]: an earlier definition of a name.
#[derive(Serialize, Deserialize)]
pub(crate) struct DuplicateSchema {
    pub key: String,
    pub schema: Value,
}

/// [`crate::openapi::ext::OTHER_ROWS`]: a property row that is not a declared property.
#[derive(Serialize, Deserialize)]
pub(crate) struct OtherRow {
    pub name: String,
    pub index: u64,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub navigation: bool,
    pub schema: Value,
}

/// [`crate::openapi::ext::MISSING_REF`]: a reference to a type or enum no schema defines.
#[derive(Serialize, Deserialize, Default)]
#[serde(default)]
pub(crate) struct MissingRef {
    pub kind: String,
    pub name: String,
}

/// [`crate::openapi::ext::UNRESOLVED`]: a reference left unresolved.
#[derive(Serialize, Deserialize, Default)]
#[serde(default)]
pub(crate) struct Unresolved {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

/// [`crate::openapi::ext::MORE_OPERATIONS`]: an operation whose (path, method) another
/// page has; its `operation` object is read where it is.
#[derive(Serialize, Deserialize)]
pub(crate) struct MoreOperation {
    pub path: String,
    pub method: String,
    /// The operation object (left out when reading: it is read in place).
    #[serde(default, skip_deserializing)]
    pub operation: Value,
}

/// [`crate::openapi::ext::HEADERS`]: a row of the request headers table.
#[derive(Serialize, Deserialize, Default)]
#[serde(default)]
pub(crate) struct HeaderRow {
    pub name: String,
    pub value: String,
}

/// [`crate::openapi::ext::PERMISSIONS`]: a row of the permissions table.
#[derive(Serialize, Deserialize, Default)]
#[serde(default)]
pub(crate) struct PermissionRow {
    pub kind: String,
    pub scopes: Vec<String>,
}

/// [`crate::openapi::ext::EXAMPLES`]: an example request or response.
#[derive(Serialize, Deserialize, Default)]
#[serde(default)]
pub(crate) struct ExampleRow {
    pub kind: String,
    pub start_line: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// [`crate::openapi::ext::BODY_PROPERTIES`]: a row documented for a request body.
#[derive(Serialize, Deserialize)]
pub(crate) struct BodyProperty {
    pub name: String,
    pub schema: Value,
}

/// A row as the YAML value the export writes.
pub(crate) fn value<T: Serialize>(row: &T) -> Value {
    // Rows are strings, numbers, booleans and values: serializing them cannot fail.
    serde_yaml::to_value(row).unwrap_or(Value::Null)
}
