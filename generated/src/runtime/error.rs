//! The crate's [`Error`] type and the parsed Graph error body, [`ServiceError`].

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use serde_json::Value;

/// A boxed error from a [`crate::TokenProvider`] (or anything else outside this crate).
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Everything that can go wrong when building a client or sending a request.
///
/// The variants tell apart what happened to the request:
///
/// | variant | did the service act? |
/// |---|---|
/// | [`Error::Service`] | it answered with an error status (`status`, `code`, `retry_after`, ...) |
/// | [`Error::Transport`] | no: the request never reached it (connection refused, DNS, TLS, connect timeout) |
/// | [`Error::OutcomeUnknown`] | maybe: the connection failed after the request may have reached it |
/// | [`Error::Decode`] | yes (2xx), but the body could not be decoded; the body is kept |
/// | [`Error::ResponseTooLarge`] | it answered, but the body was over the client's limit |
///
/// and the request was never sent for [`Error::Encode`], [`Error::Config`] and
/// [`Error::Auth`].
///
/// `Display` is one line. `Debug` never shows the bearer token, and shows response bodies
/// only by their length (a body can echo secret properties): read [`ServiceError::body`] or
/// `Error::Decode { body, .. }` to see one.
#[non_exhaustive]
pub enum Error {
    /// The service answered with a non-2xx status.
    Service(Box<ServiceError>),
    /// The request never reached the service: the connection could not be opened
    /// (refused, DNS, TLS, connect timeout) or the request could not be built. Sending it
    /// again is safe.
    Transport(reqwest::Error),
    /// The connection failed (reset, closed, timed out) after the request may have reached
    /// the service, so it may or may not have been applied. For `POST` and `PATCH` the
    /// client does not send it again on its own: check (e.g. list or get) before retrying.
    OutcomeUnknown {
        /// The failure.
        source: reqwest::Error,
    },
    /// The service answered with a 2xx status but the body could not be decoded.
    Decode {
        /// The HTTP status code of the response.
        status: u16,
        /// Why the body could not be decoded.
        source: serde_json::Error,
        /// The response body (invalid UTF-8 replaced by U+FFFD).
        body: String,
    },
    /// The response body was larger than the client's limit
    /// ([`crate::ClientBuilder::max_response_bytes`]); reading stopped at the limit.
    ResponseTooLarge {
        /// The HTTP status code of the response.
        status: u16,
        /// The limit in bytes.
        limit: u64,
    },
    /// The request body could not be serialized to JSON.
    Encode(serde_json::Error),
    /// The client or request is misconfigured (bad base URL, bad header, a link to another
    /// host, a batch that cannot be split, ...).
    Config(String),
    /// The [`crate::TokenProvider`] could not provide an access token.
    Auth(BoxError),
    /// The service's answer broke the protocol (too many redirects, a `$batch` answer
    /// without a response for a step, a `@odata.nextLink` that repeats, ...).
    Protocol(String),
    /// The `$batch` request that carried this step failed as a whole; `source` says how
    /// (e.g. [`Error::OutcomeUnknown`]: the step may or may not have been applied).
    BatchRequestFailed {
        /// The id of the step.
        step: String,
        /// What happened to the `$batch` request (shared by all its steps).
        source: Arc<Error>,
    },
}

impl Error {
    /// The HTTP status code of the response, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Service(e) => Some(e.status),
            Error::Decode { status, .. } | Error::ResponseTooLarge { status, .. } => Some(*status),
            Error::Transport(e) | Error::OutcomeUnknown { source: e } => {
                e.status().map(|s| s.as_u16())
            }
            Error::BatchRequestFailed { source, .. } => source.status(),
            Error::Encode(_) | Error::Config(_) | Error::Auth(_) | Error::Protocol(_) => None,
        }
    }

    /// The body of a [`Error::Service`] answer decoded as `T`, e.g. the error type an
    /// operation's docs name (OpenAPI documents that declare their error responses);
    /// `None` for other variants or a body that is not a `T`. See
    /// [`ServiceError::body_as`] for why a body does not decode.
    pub fn service_body<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        match self {
            Error::Service(e) => e.body_as().ok(),
            _ => None,
        }
    }

    /// Whether the request may have been applied although no success was reported:
    /// [`Error::OutcomeUnknown`], a `504 Gateway Timeout` (the gateway gave up waiting, the
    /// service behind it may have acted), or a failed `$batch` request of that kind.
    pub fn may_have_been_applied(&self) -> bool {
        match self {
            Error::OutcomeUnknown { .. } => true,
            Error::Service(e) => e.status == 504,
            Error::BatchRequestFailed { source, .. } => source.may_have_been_applied(),
            _ => false,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Service(e) => fmt::Display::fmt(e, f),
            Error::Transport(e) => {
                f.write_str("request to Graph failed: ")?;
                write_chain(f, e)
            }
            Error::OutcomeUnknown { source } => {
                f.write_str(
                    "the connection to Graph failed after the request was sent; \
                     it may or may not have been applied: ",
                )?;
                write_chain(f, source)
            }
            Error::Decode { status, source, .. } => {
                write!(f, "could not decode the {status} response body: {source}")
            }
            Error::ResponseTooLarge { status, limit } => write!(
                f,
                "the {status} response body is larger than the limit of {limit} bytes"
            ),
            Error::Encode(e) => write!(f, "could not serialize the request body: {e}"),
            Error::Config(msg) => {
                f.write_str("invalid configuration: ")?;
                write_one_line(f, msg)
            }
            Error::Auth(e) => {
                f.write_str("could not get an access token: ")?;
                write_chain(f, e.as_ref())
            }
            Error::Protocol(msg) => {
                f.write_str("unexpected answer from Graph: ")?;
                write_one_line(f, msg)
            }
            Error::BatchRequestFailed { step, source } => {
                f.write_str("the $batch request carrying step ")?;
                write_one_line(f, step)?;
                write!(f, " failed: {source}")
            }
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Service(e) => f.debug_tuple("Service").field(e).finish(),
            Error::Transport(e) => f.debug_tuple("Transport").field(e).finish(),
            Error::OutcomeUnknown { source } => f
                .debug_struct("OutcomeUnknown")
                .field("source", source)
                .finish(),
            Error::Decode {
                status,
                source,
                body,
            } => f
                .debug_struct("Decode")
                .field("status", status)
                .field("source", source)
                .field("body", &BodyLen(body.len()))
                .finish(),
            Error::ResponseTooLarge { status, limit } => f
                .debug_struct("ResponseTooLarge")
                .field("status", status)
                .field("limit", limit)
                .finish(),
            Error::Encode(e) => f.debug_tuple("Encode").field(e).finish(),
            Error::Config(msg) => f.debug_tuple("Config").field(msg).finish(),
            Error::Auth(e) => f.debug_tuple("Auth").field(e).finish(),
            Error::Protocol(msg) => f.debug_tuple("Protocol").field(msg).finish(),
            Error::BatchRequestFailed { step, source } => f
                .debug_struct("BatchRequestFailed")
                .field("step", step)
                .field("source", source)
                .finish(),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) | Error::OutcomeUnknown { source: e } => Some(e),
            Error::Decode { source, .. } => Some(source),
            Error::Encode(e) => Some(e),
            Error::Auth(e) => Some(e.as_ref()),
            Error::BatchRequestFailed { source, .. } => Some(source.as_ref()),
            // The service error's details are already part of this error's message.
            Error::Service(_)
            | Error::Config(_)
            | Error::Protocol(_)
            | Error::ResponseTooLarge { .. } => None,
        }
    }
}

/// Shows a body in `Debug` by its length only.
struct BodyLen(usize);

impl fmt::Debug for BodyLen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{} bytes>", self.0)
    }
}

/// A non-2xx answer from the service, with the parsed Graph error body.
///
/// Graph error bodies look like
/// `{"error":{"code":"ResourceNotFound","message":"...","innerError":{"date":"...","request-id":"...","client-request-id":"..."}}}`.
/// A body that is not in that shape is kept in [`ServiceError::body`] with the parsed
/// fields left `None`.
///
/// `Debug` shows the body by its length only; read the field to see it.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServiceError {
    /// The HTTP status code.
    pub status: u16,
    /// The Graph error code (`error.code`), e.g. `ResourceNotFound`.
    pub code: Option<String>,
    /// The human-readable message (`error.message`).
    pub message: Option<String>,
    /// The request id: `error.innerError["request-id"]`, else the `request-id` response header.
    pub request_id: Option<String>,
    /// The client request id: `error.innerError["client-request-id"]`, else the
    /// `client-request-id` response header.
    pub client_request_id: Option<String>,
    /// When the service handled the request: `error.innerError.date`.
    pub date: Option<String>,
    /// The whole `error.innerError` object (which may hold further, nested details).
    pub inner_error: Option<Value>,
    /// How long the service asked the client to wait before trying again (the
    /// `Retry-After` header, in seconds or as an HTTP date), on 429 and 503 answers.
    pub retry_after: Option<Duration>,
    /// The raw response body (invalid UTF-8 replaced by U+FFFD).
    pub body: String,
}

impl ServiceError {
    /// The raw body decoded as JSON of type `T`, e.g. the error type an operation's docs
    /// name.
    pub fn body_as<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(&self.body)
    }

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
            inner_error: inner.cloned(),
            retry_after: None,
            body: String::from_utf8_lossy(body).into_owned(),
        }
    }

    /// Parses an error response together with its headers (`request-id`,
    /// `client-request-id`, `Retry-After`); never fails.
    pub(crate) fn from_parts(
        status: u16,
        header: impl Fn(&str) -> Option<String>,
        body: &[u8],
    ) -> Self {
        let mut e = Self::from_response(status, header("request-id"), body);
        if e.client_request_id.is_none() {
            e.client_request_id = header("client-request-id");
        }
        e.retry_after =
            header("retry-after").and_then(|v| parse_retry_after(&v, SystemTime::now()));
        e
    }
}

/// Parses a `Retry-After` value: delay-seconds (`120`) or an HTTP date
/// (`Fri, 31 Dec 1999 23:59:59 GMT`, read relative to `now`; a date in the past is zero).
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // More than u64 seconds is "a very long time".
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

impl fmt::Debug for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceError")
            .field("status", &self.status)
            .field("code", &self.code)
            .field("message", &self.message)
            .field("request_id", &self.request_id)
            .field("client_request_id", &self.client_request_id)
            .field("date", &self.date)
            .field("inner_error", &self.inner_error)
            .field("retry_after", &self.retry_after)
            .field("body", &BodyLen(self.body.len()))
            .finish()
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
        if let Some(wait) = self.retry_after {
            write!(f, " (retry after {}s)", wait.as_secs_f64())?;
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

/// Writes an error and its chain of causes as `a: b: c` on one line, skipping a cause whose
/// text the previous message already contains.
fn write_chain(f: &mut fmt::Formatter<'_>, e: &(dyn std::error::Error + 'static)) -> fmt::Result {
    let mut last = e.to_string();
    write_one_line(f, &last)?;
    let mut cause = e.source();
    let mut depth = 0;
    while let Some(c) = cause {
        let text = c.to_string();
        if !last.contains(&text) {
            f.write_str(": ")?;
            write_one_line(f, &text)?;
        }
        last = text;
        cause = c.source();
        depth += 1;
        if depth > 8 {
            break;
        }
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

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        assert_eq!(parse_retry_after("0", now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after(" 7 ", now), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            Some(Duration::from_secs(u64::MAX))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:40 GMT", now),
            Some(Duration::from_secs(3))
        );
        // A date in the past means "now".
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        for bad in ["", "-1", "1.5", "soon", "Sun, 06 Nov 1994"] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad:?}");
        }
    }

    #[test]
    fn from_parts_reads_headers_and_inner_error() {
        let headers = |name: &str| match name {
            "retry-after" => Some("2".to_owned()),
            "client-request-id" => Some("crid".to_owned()),
            _ => None,
        };
        let body = br#"{"error":{"code":"TooManyRequests","message":"m","innerError":{"date":"d","code":"inner","details":[1]}}}"#;
        let e = ServiceError::from_parts(429, headers, body);
        assert_eq!(e.retry_after, Some(Duration::from_secs(2)));
        assert_eq!(e.client_request_id.as_deref(), Some("crid"));
        assert_eq!(
            e.inner_error,
            Some(serde_json::json!({"date":"d","code":"inner","details":[1]}))
        );
        assert_eq!(
            e.to_string(),
            "Graph service error 429 Too Many Requests: TooManyRequests: m (retry after 2s)"
        );
    }

    #[test]
    fn debug_shows_bodies_by_length_only() {
        let body = r#"{"error":{"message":"echo","encryptedPfxPassword":"hunter2"}}"#;
        let e = Error::Service(Box::new(ServiceError::from_response(
            400,
            None,
            body.as_bytes(),
        )));
        let shown = format!("{e:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(
            shown.contains(&format!("<{} bytes>", body.len())),
            "{shown}"
        );
        let decode = Error::Decode {
            status: 200,
            source: serde_json::from_str::<i32>("x").unwrap_err(),
            body: "{\"encryptedPfxBlob\":\"c2VjcmV0\"".into(),
        };
        let shown = format!("{decode:#?}");
        assert!(!shown.contains("c2VjcmV0"), "{shown}");
    }

    #[test]
    fn new_variants_display_on_one_line() {
        let too_large = Error::ResponseTooLarge {
            status: 200,
            limit: 10,
        };
        assert_eq!(
            too_large.to_string(),
            "the 200 response body is larger than the limit of 10 bytes"
        );
        assert_eq!(too_large.status(), Some(200));
        let auth = Error::Auth("vault\nlocked".into());
        assert_eq!(
            auth.to_string(),
            "could not get an access token: vault locked"
        );
        let protocol = Error::Protocol("x".into());
        assert_eq!(protocol.to_string(), "unexpected answer from Graph: x");
        let gateway = Error::Service(Box::new(ServiceError::from_response(504, None, b"")));
        assert!(gateway.may_have_been_applied());
        let batch = Error::BatchRequestFailed {
            step: "3".into(),
            source: Arc::new(gateway),
        };
        assert_eq!(
            batch.to_string(),
            "the $batch request carrying step 3 failed: Graph service error 504 Gateway Timeout"
        );
        assert!(batch.may_have_been_applied());
        assert_eq!(batch.status(), Some(504));
        assert!(!protocol.may_have_been_applied());
        for e in [&too_large, &auth, &protocol, &batch] {
            assert!(!e.to_string().contains('\n'));
        }
    }
}
