//! Diagnostics: what went wrong in an input page, where, and what was expected.
//!
//! Every stage reports problems here instead of panicking; the CLI prints them as
//! `file:line: severity: message` and `graphgen check` fails when any is an error.

use serde::Serialize;
use std::fmt;

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
    /// A short machine-friendly category, e.g. `dead-link` or `malformed-row`.
    pub kind: &'static str,
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
    pub fn warn(
        &mut self,
        file: &str,
        line: usize,
        kind: &'static str,
        message: impl Into<String>,
    ) {
        self.push(file, line, Severity::Warning, kind, message.into());
    }

    /// Records an error.
    pub fn error(
        &mut self,
        file: &str,
        line: usize,
        kind: &'static str,
        message: impl Into<String>,
    ) {
        self.push(file, line, Severity::Error, kind, message.into());
    }

    fn push(
        &mut self,
        file: &str,
        line: usize,
        severity: Severity,
        kind: &'static str,
        message: String,
    ) {
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

/// The summary `graphgen check` ends with: what it found, by category, each with the
/// diagnostic kinds it gathers. Every category is listed, found or not.
pub const SUMMARY: &[(&str, &[&str])] = &[
    (
        "unresolved links",
        &["dead-link", "unresolved-type", "unresolved-base"],
    ),
    (
        "case-mismatched links",
        &["case-mismatched-link", "legacy-link"],
    ),
    ("unknown type cells", &["unknown-type-cell"]),
    (
        "malformed rows",
        &["malformed-row", "group-row", "continued-row"],
    ),
    (
        "malformed tables and sections",
        &[
            "malformed-table",
            "missing-table",
            "missing-section",
            "empty-section",
        ],
    ),
    (
        "unreadable HTTP request lines",
        &["bad-http-line", "no-http-request"],
    ),
    (
        "unread request bodies or responses",
        &[
            "unread-request-body",
            "unread-response",
            "contradictory-response",
        ],
    ),
    (
        "pages it could not classify",
        &[
            "unclassified-page",
            "missing-title",
            "not-utf8",
            "bad-annotation",
        ],
    ),
    (
        "enum lists that disagree with enum pages",
        &["enum-list-mismatch"],
    ),
    ("duplicate types", &["duplicate-type"]),
    (
        "path segments no relationship explains",
        &["undocumented-relationship", "relationship-of-derived-type"],
    ),
];

impl Diagnostics {
    /// Counts by summary category, in [`SUMMARY`] order; kinds no category names are
    /// counted under "other".
    pub fn summary(&self) -> Vec<(&'static str, usize)> {
        let mut out: Vec<(&'static str, usize)> = SUMMARY.iter().map(|(c, _)| (*c, 0)).collect();
        let mut other = 0;
        for d in &self.items {
            match SUMMARY
                .iter()
                .position(|(_, kinds)| kinds.contains(&d.kind))
            {
                Some(i) => out[i].1 += 1,
                None => other += 1,
            }
        }
        out.push(("other", other));
        out
    }
}
