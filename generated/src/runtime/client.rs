//! The [`Client`]: HTTP connection pool, base URL and credentials shared by all requests.

use std::fmt;
use std::sync::Arc;

use reqwest::header::HeaderValue;

use crate::Error;

/// The base URL used when none is configured: the Microsoft Graph beta endpoint.
pub const DEFAULT_BASE_URL: &str = "https://graph.microsoft.com/beta";

/// A Microsoft Graph client.
///
/// Cheap to clone: clones share the connection pool and configuration. The request methods
/// (one per Graph operation) are generated; each returns a [`crate::Request`] to `send`.
///
/// The `Debug` output never shows the bearer token.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    /// `Bearer <token>`, marked sensitive.
    authorization: Option<HeaderValue>,
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client for [`DEFAULT_BASE_URL`] that authenticates with `token` as a bearer token.
    pub fn new(token: impl Into<String>) -> Result<Self, Error> {
        Self::builder().bearer_token(token).build()
    }

    /// The base URL that request paths are appended to (no trailing slash).
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The underlying HTTP client.
    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.inner.http
    }

    /// The `Authorization` header value, when a bearer token is configured.
    pub(crate) fn authorization(&self) -> Option<&HeaderValue> {
        self.inner.authorization.as_ref()
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field(
                "bearer_token",
                &crate::runtime::redacted(&self.inner.authorization),
            )
            .finish_non_exhaustive()
    }
}

/// Configures and builds a [`Client`].
///
/// The `Debug` output never shows the bearer token.
#[derive(Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    bearer_token: Option<String>,
    http: Option<reqwest::Client>,
}

impl ClientBuilder {
    /// Sets the base URL (default [`DEFAULT_BASE_URL`]); it must start with `http://` or
    /// `https://`. A trailing slash is ignored.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Sets the OAuth access token sent as `Authorization: Bearer <token>`.
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.bearer_token = Some(token.into());
        self
    }

    /// Uses a preconfigured HTTP client (for timeouts, proxies, ...) instead of a default one.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Builds the client.
    ///
    /// Fails with [`Error::Config`] when the base URL is not an absolute `http`/`https` URL
    /// without query or fragment, when the token cannot be sent in a header, or when the
    /// HTTP client cannot be created.
    pub fn build(self) -> Result<Client, Error> {
        let raw = self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL);
        let base_url = raw.trim_end_matches('/').to_string();
        let lower = base_url.to_ascii_lowercase();
        if !(lower.starts_with("http://") || lower.starts_with("https://")) {
            return Err(Error::Config(format!(
                "base URL {raw:?} must start with http:// or https://"
            )));
        }
        match reqwest::Url::parse(&base_url) {
            Ok(url) if url.host_str().is_some_and(|h| !h.is_empty()) => {
                if url.query().is_some() || url.fragment().is_some() {
                    return Err(Error::Config(format!(
                        "base URL {raw:?} must not have a query or fragment"
                    )));
                }
            }
            Ok(_) => {
                return Err(Error::Config(format!("base URL {raw:?} has no host")));
            }
            Err(e) => {
                return Err(Error::Config(format!("base URL {raw:?} is invalid: {e}")));
            }
        }
        let authorization = match self.bearer_token {
            Some(token) => {
                let mut value =
                    HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| {
                        Error::Config(
                            "the bearer token contains characters not allowed in a header".into(),
                        )
                    })?;
                value.set_sensitive(true);
                Some(value)
            }
            None => None,
        };
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .build()
                .map_err(|e| Error::Config(format!("could not create the HTTP client: {e}")))?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                authorization,
            }),
        })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field(
                "bearer_token",
                &crate::runtime::redacted(&self.bearer_token),
            )
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let client = Client::builder().build().unwrap();
        assert_eq!(client.base_url(), DEFAULT_BASE_URL);
        assert!(client.authorization().is_none());
    }

    #[test]
    fn trailing_slash_trimmed() {
        let client = Client::builder()
            .base_url("http://localhost:8080/v1.0/")
            .build()
            .unwrap();
        assert_eq!(client.base_url(), "http://localhost:8080/v1.0");
    }

    #[test]
    fn invalid_base_urls_rejected() {
        for bad in [
            "",
            "graph.microsoft.com",
            "ftp://x",
            "https://",
            "http://h/?q=1",
        ] {
            let err = Client::builder().base_url(bad).build().unwrap_err();
            assert!(matches!(err, Error::Config(_)), "{bad:?}: {err:?}");
        }
    }

    #[test]
    fn bad_token_rejected_without_echoing_it() {
        let err = Client::new("abc\ndef").unwrap_err();
        assert!(matches!(err, Error::Config(_)));
        assert!(!err.to_string().contains("abc"));
    }

    #[test]
    fn debug_never_prints_the_token() {
        let builder = Client::builder().bearer_token("SECRET-TOKEN-123");
        let shown = format!("{builder:?}");
        assert!(!shown.contains("SECRET-TOKEN-123"), "{shown}");
        assert!(shown.contains("<redacted>"), "{shown}");

        let client = builder.build().unwrap();
        let clone = client.clone();
        for shown in [format!("{client:?}"), format!("{clone:#?}")] {
            assert!(!shown.contains("SECRET-TOKEN-123"), "{shown}");
            assert!(shown.contains("bearer_token: Some(<redacted>)"), "{shown}");
        }
        let anonymous = Client::builder().build().unwrap();
        assert!(format!("{anonymous:?}").contains("bearer_token: None"));
    }
}
