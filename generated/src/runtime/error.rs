//! The crate's [`Error`] type and the parsed Graph error body, [`ServiceError`].

use std::fmt;

use serde_json::Value;

/// Everything that can go wrong when building a client or sending a request.
#[non_exhaustive]
#[derive(Debug)]
pub enum Error {
    /// The service answered with a non-2xx status.
    Service(Box<ServiceError>),
    /// No usable response: the connection failed, timed out, or the body could not be read.
    Transport(reqwest::Error),
    /// The service answered with a 2xx status but the body could not be decoded.
    Decode {
        /// The HTTP status code of the response.
        status: u16,
        /// Why the body could not be decoded.
        source: serde_json::Error,
        /// The response body (invalid UTF-8 replaced by U+FFFD).
        body: String,
    },
    /// The request body could not be serialized to JSON.
    Encode(serde_json::Error),
    /// The client or request is misconfigured (bad base URL, bad header, ...).
    Config(String),
}

impl Error {
    /// The HTTP status code of the response, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Service(e) => Some(e.status),
            Error::Decode { status, .. } => Some(*status),
            Error::Transport(e) => e.status().map(|s| s.as_u16()),
            Error::Encode(_) | Error::Config(_) => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Service(e) => fmt::Display::fmt(e, f),
            Error::Transport(e) => write!(f, "request to Graph failed: {e}"),
            Error::Decode { status, source, .. } => {
                write!(f, "could not decode the {status} response body: {source}")
            }
            Error::Encode(e) => write!(f, "could not serialize the request body: {e}"),
            Error::Config(msg) => {
                f.write_str("invalid configuration: ")?;
                write_one_line(f, msg)
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(e),
            Error::Decode { source, .. } => Some(source),
            Error::Encode(e) => Some(e),
            // The service error's details are already part of this error's message.
            Error::Service(_) | Error::Config(_) => None,
        }
    }
}

/// A non-2xx answer from the service, with the parsed Graph error body.
///
/// Graph error bodies look like
/// `{"error":{"code":"ResourceNotFound","message":"...","innerError":{"date":"...","request-id":"...","client-request-id":"..."}}}`.
/// A body that is not in that shape is kept in [`ServiceError::body`] with the parsed
/// fields left `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceError {
    /// The HTTP status code.
    pub status: u16,
    /// The Graph error code (`error.code`), e.g. `ResourceNotFound`.
    pub code: Option<String>,
    /// The human-readable message (`error.message`).
    pub message: Option<String>,
    /// The request id: `error.innerError["request-id"]`, else the `request-id` response header.
    pub request_id: Option<String>,
    /// The client request id: `error.innerError["client-request-id"]`.
    pub client_request_id: Option<String>,
    /// When the service handled the request: `error.innerError.date`.
    pub date: Option<String>,
    /// The raw response body (invalid UTF-8 replaced by U+FFFD).
    pub body: String,
}

impl ServiceError {
    /// Parses an error response; never fails.
    pub(crate) fn from_response(
        status: u16,
        header_request_id: Option<String>,
        body: &[u8],
    ) -> Self {
        let parsed: Option<Value> = serde_json::from_slice(body).ok();
        let error = parsed.as_ref().and_then(|v| v.get("error"));
        let text = |v: Option<&Value>, key: &str| -> Option<String> {
            v.and_then(|v| v.get(key))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        let inner = error.and_then(Value::as_object).and_then(|obj| {
            obj.get("innerError")
                .or_else(|| obj.get("innererror"))
                .or_else(|| {
                    obj.iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case("innererror"))
                        .map(|(_, v)| v)
                })
        });
        ServiceError {
            status,
            code: text(error, "code"),
            message: text(error, "message"),
            request_id: text(inner, "request-id").or(header_request_id),
            client_request_id: text(inner, "client-request-id"),
            date: text(inner, "date"),
            body: String::from_utf8_lossy(body).into_owned(),
        }
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Graph service error {}", self.status)?;
        if let Some(reason) = reqwest::StatusCode::from_u16(self.status)
            .ok()
            .and_then(|s| s.canonical_reason())
        {
            write!(f, " {reason}")?;
        }
        let parts: Vec<&str> = [self.code.as_deref(), self.message.as_deref()]
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .collect();
        for part in parts {
            f.write_str(": ")?;
            write_one_line(f, part)?;
        }
        if let Some(id) = self.request_id.as_deref().filter(|s| !s.is_empty()) {
            f.write_str(" (request-id: ")?;
            write_one_line(f, id)?;
            f.write_str(")")?;
        }
        Ok(())
    }
}

impl std::error::Error for ServiceError {}

/// Writes `s` with control characters (line breaks, tabs, ...) replaced by spaces.
fn write_one_line(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    for part in s.split(char::is_control).enumerate() {
        if part.0 > 0 {
            f.write_str(" ")?;
        }
        f.write_str(part.1)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = r#"{"error":{"code":"ResourceNotFound","message":"Resource not found","innerError":{"date":"2026-11-27T03:00:00","request-id":"abc","client-request-id":"def"}}}"#;

    #[test]
    fn parses_graph_error_body() {
        let e = ServiceError::from_response(404, Some("header-id".into()), BODY.as_bytes());
        assert_eq!(e.status, 404);
        assert_eq!(e.code.as_deref(), Some("ResourceNotFound"));
        assert_eq!(e.message.as_deref(), Some("Resource not found"));
        assert_eq!(e.request_id.as_deref(), Some("abc"));
        assert_eq!(e.client_request_id.as_deref(), Some("def"));
        assert_eq!(e.date.as_deref(), Some("2026-11-27T03:00:00"));
        assert_eq!(e.body, BODY);
        assert_eq!(
            Error::Service(Box::new(e)).to_string(),
            "Graph service error 404 Not Found: ResourceNotFound: Resource not found (request-id: abc)"
        );
    }

    #[test]
    fn accepts_lowercase_innererror_and_header_fallback() {
        let body = r#"{"error":{"code":"X","message":"m","innererror":{"client-request-id":"c"}}}"#;
        let e = ServiceError::from_response(400, Some("hdr".into()), body.as_bytes());
        assert_eq!(e.client_request_id.as_deref(), Some("c"));
        assert_eq!(e.request_id.as_deref(), Some("hdr"));
    }

    #[test]
    fn non_json_body_is_kept() {
        let e = ServiceError::from_response(502, None, b"<html>Bad\ngateway</html>\xff");
        assert_eq!(e.code, None);
        assert_eq!(e.message, None);
        assert_eq!(e.request_id, None);
        assert!(e.body.starts_with("<html>Bad\ngateway</html>"));
        assert_eq!(e.to_string(), "Graph service error 502 Bad Gateway");
    }

    #[test]
    fn display_is_one_line_and_omits_missing_parts() {
        let body = r#"{"error":{"message":"line one\nline two"}}"#;
        let e = ServiceError::from_response(599, None, body.as_bytes());
        assert_eq!(e.to_string(), "Graph service error 599: line one line two");
        let weird = ServiceError::from_response(403, None, br#"{"error":"nope"}"#);
        assert_eq!(weird.to_string(), "Graph service error 403 Forbidden");
        let wrong_types = br#"{"error":{"code":5,"innerError":[1]}}"#;
        let e = ServiceError::from_response(400, None, wrong_types);
        assert_eq!(e.code, None);
    }

    #[test]
    fn status_and_source() {
        use std::error::Error as _;
        let decode = Error::Decode {
            status: 200,
            source: serde_json::from_str::<i32>("x").unwrap_err(),
            body: "x".into(),
        };
        assert_eq!(decode.status(), Some(200));
        assert!(decode.source().is_some());
        assert!(decode
            .to_string()
            .starts_with("could not decode the 200 response body: "));
        let config = Error::Config("bad".into());
        assert_eq!(config.status(), None);
        assert!(config.source().is_none());
    }
}
