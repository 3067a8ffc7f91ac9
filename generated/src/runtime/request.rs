//! [`Request`]: a prepared call to one Graph operation.

use std::fmt;

use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE,
};
use reqwest::Method;

use crate::runtime::encode_query_component;
use crate::{Client, Error, ServiceError};

/// A prepared request whose successful response decodes into `T`.
///
/// Created by the generated methods on [`Client`]; adjust it with [`Request::header`] or
/// [`Request::query`] and run it with [`Request::send`].
///
/// The `Debug` output shows the method and URL only (never the body or the token).
pub struct Request<T> {
    client: Client,
    method: Method,
    url: String,
    /// Whether the client's bearer token may be sent (the URL lies under the base URL).
    authorize: bool,
    body: Option<Vec<u8>>,
    headers: Vec<(HeaderName, HeaderValue)>,
    /// An error found while preparing the request, returned by `send`.
    pending: Option<Error>,
    decode: fn(&[u8]) -> Result<T, serde_json::Error>,
}

impl<T> Request<T> {
    /// A request to `client.base_url() + path`; `path` starts with `/` and is already
    /// percent-encoded. `decode` turns a 2xx body into `T`.
    // Used by the generated request methods.
    #[allow(dead_code)]
    pub(crate) fn new(
        client: &Client,
        method: Method,
        path: String,
        decode: fn(&[u8]) -> Result<T, serde_json::Error>,
    ) -> Self {
        let url = format!("{}{}", client.base_url(), path);
        Self::with_url(client, method, url, true, decode)
    }

    /// A request to an absolute URL; the token is only sent when `authorize` is true.
    pub(crate) fn with_url(
        client: &Client,
        method: Method,
        url: String,
        authorize: bool,
        decode: fn(&[u8]) -> Result<T, serde_json::Error>,
    ) -> Self {
        Request {
            client: client.clone(),
            method,
            url,
            authorize,
            body: None,
            headers: Vec::new(),
            pending: None,
            decode,
        }
    }

    /// Makes `send` fail with `error` without contacting the service.
    pub(crate) fn fail_with(mut self, error: Error) -> Self {
        self.pending.get_or_insert(error);
        self
    }

    /// Serializes `body` as the JSON request body now; a serialization failure is returned
    /// by `send` as [`Error::Encode`].
    // Used by the generated request methods; not every spec has request bodies.
    #[allow(dead_code)]
    pub(crate) fn json_body<B: serde::Serialize + ?Sized>(mut self, body: &B) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some(bytes),
            Err(e) => self = self.fail_with(Error::Encode(e)),
        }
        self
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The full URL, including any query parameters added with [`Request::query`].
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// Adds a header to this request (e.g. `ConsistencyLevel: eventual` or
    /// `Prefer: ...`). It replaces any earlier value of the same header, including the
    /// defaults (`Accept`, `Authorization`, `Content-Type`). An invalid name or value makes
    /// `send` fail with [`Error::Config`].
    pub fn header(mut self, name: &str, value: &str) -> Self {
        let parsed = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        );
        match parsed {
            (Ok(n), Ok(v)) => self.headers.push((n, v)),
            (Err(_), _) => {
                self = self.fail_with(Error::Config(format!("invalid header name {name:?}")));
            }
            (_, Err(_)) => {
                self = self.fail_with(Error::Config(format!("invalid value for header {name:?}")));
            }
        }
        self
    }

    /// Appends a query parameter (e.g. `query("$top", "5")`, `query("$select", "id,name")`);
    /// the name and value are percent-encoded here.
    pub fn query(mut self, name: &str, value: &str) -> Self {
        self.url
            .push(if self.url.contains('?') { '&' } else { '?' });
        self.url.push_str(&encode_query_component(name));
        self.url.push('=');
        self.url.push_str(&encode_query_component(value));
        self
    }

    /// Sends the request and decodes the response.
    ///
    /// Sends `Accept: application/json`, `Authorization: Bearer <token>` when the client has
    /// a token, and `Content-Type: application/json` with a body. A 2xx response is decoded
    /// into `T` ([`Error::Decode`] when that fails); any other status becomes
    /// [`Error::Service`]; a failure to get a response is [`Error::Transport`].
    pub async fn send(self) -> Result<T, Error> {
        if let Some(error) = self.pending {
            return Err(error);
        }
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        if self.authorize {
            if let Some(auth) = self.client.authorization() {
                headers.insert(AUTHORIZATION, auth.clone());
            }
        }
        let body = match self.body {
            Some(bytes) => {
                headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                Some(bytes)
            }
            // Graph rejects bodiless POST/PUT/PATCH without `Content-Length: 0` (411).
            None if matches!(self.method, Method::POST | Method::PUT | Method::PATCH) => {
                headers.insert(CONTENT_LENGTH, HeaderValue::from_static("0"));
                None
            }
            None => None,
        };
        for (name, value) in self.headers {
            headers.insert(name, value);
        }
        let mut builder = self
            .client
            .http()
            .request(self.method, self.url.as_str())
            .headers(headers);
        if let Some(bytes) = body {
            builder = builder.body(bytes);
        }
        let response = builder.send().await.map_err(Error::Transport)?;
        let status = response.status();
        let header_request_id = response
            .headers()
            .get("request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let bytes = response.bytes().await.map_err(Error::Transport)?;
        if status.is_success() {
            (self.decode)(&bytes).map_err(|source| Error::Decode {
                status: status.as_u16(),
                source,
                body: String::from_utf8_lossy(&bytes).into_owned(),
            })
        } else {
            Err(Error::Service(Box::new(ServiceError::from_response(
                status.as_u16(),
                header_request_id,
                &bytes,
            ))))
        }
    }
}

impl<T> fmt::Debug for Request<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::test_server::serve_once;
    use crate::runtime::{decode_empty, decode_json, encode_path_segment};

    fn client(base: &str) -> Client {
        Client::builder()
            .base_url(base)
            .bearer_token("TOKEN-xyz")
            .build()
            .unwrap()
    }

    #[tokio::test]
    async fn send_sends_headers_and_body_and_decodes() {
        let (base, server) = serve_once(
            "200 OK",
            &[("Content-Type", "application/json")],
            r#"{"id":"42"}"#,
        );
        let path = format!("/users/{}/items", encode_path_segment("a b/c"));
        let request = Request::new(
            &client(&base),
            Method::POST,
            path,
            decode_json::<serde_json::Value>,
        )
        .json_body(&serde_json::json!({"name": "x"}))
        .header("ConsistencyLevel", "eventual")
        .query("$top", "5");
        assert_eq!(request.method(), Method::POST);
        assert_eq!(
            request.url(),
            format!("{base}/users/a%20b%2Fc/items?$top=5")
        );
        let value = request.send().await.unwrap();
        assert_eq!(value, serde_json::json!({"id": "42"}));

        let received = server.join().unwrap();
        assert_eq!(
            received.request_line(),
            "POST /users/a%20b%2Fc/items?$top=5 HTTP/1.1"
        );
        assert_eq!(received.header("authorization"), Some("Bearer TOKEN-xyz"));
        assert_eq!(received.header("accept"), Some("application/json"));
        assert_eq!(received.header("content-type"), Some("application/json"));
        assert_eq!(received.header("consistencylevel"), Some("eventual"));
        assert_eq!(received.body, br#"{"name":"x"}"#);
    }

    #[tokio::test]
    async fn bodiless_post_sends_content_length_zero() {
        let (base, server) = serve_once("204 No Content", &[], "");
        let anonymous = Client::builder().base_url(&base).build().unwrap();
        Request::new(&anonymous, Method::POST, "/x".into(), decode_empty)
            .send()
            .await
            .unwrap();
        let received = server.join().unwrap();
        assert_eq!(received.header("content-length"), Some("0"));
        assert_eq!(received.header("authorization"), None);
        assert_eq!(received.header("content-type"), None);
    }

    #[tokio::test]
    async fn not_found_becomes_service_error() {
        let body = r#"{"error":{"code":"ResourceNotFound","message":"Resource not found","innerError":{"date":"2026-11-27T03:00:00","request-id":"abc","client-request-id":"def"}}}"#;
        let (base, server) = serve_once("404 Not Found", &[("request-id", "hdr")], body);
        let err = Request::new(&client(&base), Method::GET, "/x".into(), decode_empty)
            .send()
            .await
            .unwrap_err();
        server.join().unwrap();
        assert_eq!(err.status(), Some(404));
        let shown = err.to_string();
        assert!(shown.contains("ResourceNotFound"), "{shown}");
        assert!(shown.contains("Resource not found"), "{shown}");
        match err {
            Error::Service(e) => {
                assert_eq!(e.request_id.as_deref(), Some("abc"));
                assert_eq!(e.body, body);
            }
            other => panic!("expected a service error, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn error_without_body_uses_request_id_header() {
        let (base, server) = serve_once("500 Internal Server Error", &[("request-id", "hdr")], "");
        let err = Request::new(&client(&base), Method::GET, "/x".into(), decode_empty)
            .send()
            .await
            .unwrap_err();
        server.join().unwrap();
        assert_eq!(
            err.to_string(),
            "Graph service error 500 Internal Server Error (request-id: hdr)"
        );
    }

    #[tokio::test]
    async fn malformed_success_body_becomes_decode_error() {
        let (base, server) = serve_once("200 OK", &[], "{not json");
        let err = Request::new(
            &client(&base),
            Method::GET,
            "/x".into(),
            decode_json::<serde_json::Value>,
        )
        .send()
        .await
        .unwrap_err();
        server.join().unwrap();
        match err {
            Error::Decode { status, body, .. } => {
                assert_eq!(status, 200);
                assert_eq!(body, "{not json");
            }
            other => panic!("expected a decode error, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn connection_failure_is_transport_error() {
        // Bind then drop a listener to get a port nobody listens on.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let c = client(&format!("http://127.0.0.1:{port}"));
        let err = Request::new(&c, Method::GET, "/x".into(), decode_empty)
            .send()
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Transport(_)), "{err:?}");
        assert!(err.to_string().starts_with("request to Graph failed: "));
    }

    #[tokio::test]
    async fn preparation_errors_surface_from_send() {
        struct Unserializable;
        impl serde::Serialize for Unserializable {
            fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
                Err(serde::ser::Error::custom("nope"))
            }
        }
        let c = client("http://127.0.0.1:9");
        let err = Request::new(&c, Method::POST, "/x".into(), decode_empty)
            .json_body(&Unserializable)
            .send()
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Encode(_)), "{err:?}");

        let err = Request::new(&c, Method::GET, "/x".into(), decode_empty)
            .header("bad name", "v")
            .send()
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
        let err = Request::new(&c, Method::GET, "/x".into(), decode_empty)
            .header("X-Ok", "bad\nvalue")
            .send()
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
    }

    #[test]
    fn debug_shows_method_and_url_only() {
        let c = client("https://example.test/beta");
        let request = Request::new(&c, Method::PATCH, "/me".into(), decode_empty)
            .json_body(&serde_json::json!({"password": "p4ss"}));
        let shown = format!("{request:?}");
        assert!(shown.contains("PATCH"), "{shown}");
        assert!(shown.contains("https://example.test/beta/me"), "{shown}");
        assert!(!shown.contains("p4ss"), "{shown}");
        assert!(!shown.contains("TOKEN-xyz"), "{shown}");
    }
}
