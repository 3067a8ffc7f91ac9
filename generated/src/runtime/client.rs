//! The [`Client`]: HTTP connection pool, base URL, credentials and the policies (retries,
//! timeouts, size limits) shared by all requests.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;

use crate::runtime::auth::{StaticToken, TokenProvider};
use crate::Error;

/// The base URL used when none is configured: the Microsoft Graph beta endpoint of the
/// global cloud.
pub const DEFAULT_BASE_URL: &str = "https://graph.microsoft.com/beta";

/// The `User-Agent` sent unless [`ClientBuilder::user_agent`] says otherwise: the crate's
/// name and version (`graph-api/0.1.0`).
pub const DEFAULT_USER_AGENT: &str =
    concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// How many times a request is retried by default ([`ClientBuilder::max_retries`]).
pub const DEFAULT_MAX_RETRIES: u32 = 3;
/// The most retries [`ClientBuilder::max_retries`] accepts; larger values are clamped.
pub const MAX_RETRIES_LIMIT: u32 = 10;
/// The default cap on the time one request spends waiting between retries.
pub const DEFAULT_MAX_TOTAL_RETRY_WAIT: Duration = Duration::from_secs(60);
/// The default base of the exponential backoff used when the service gives no `Retry-After`.
pub const DEFAULT_RETRY_BASE_DELAY: Duration = Duration::from_secs(1);
/// The longest single backoff wait (a `Retry-After` from the service may be longer).
pub const MAX_BACKOFF_DELAY: Duration = Duration::from_secs(30);
/// The default time allowed to open a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The default time allowed for one attempt, from connecting to the end of the body.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(100);
/// The default cap on a response body: 100 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 100 * 1024 * 1024;

/// A national cloud: which Graph service root the client talks to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Cloud {
    /// The global service, `https://graph.microsoft.com`.
    #[default]
    Global,
    /// Microsoft Graph for US Government L4 (GCC High), `https://graph.microsoft.us`.
    UsGovL4,
    /// Microsoft Graph for US Government L5 (DoD), `https://dod-graph.microsoft.us`.
    UsGovL5,
    /// Microsoft Graph China operated by 21Vianet, `https://microsoftgraph.chinacloudapi.cn`.
    China,
}

impl Cloud {
    /// The service root, without a trailing slash or version.
    pub fn graph_root(self) -> &'static str {
        match self {
            Cloud::Global => "https://graph.microsoft.com",
            Cloud::UsGovL4 => "https://graph.microsoft.us",
            Cloud::UsGovL5 => "https://dod-graph.microsoft.us",
            Cloud::China => "https://microsoftgraph.chinacloudapi.cn",
        }
    }
}

/// The Graph API version: the path segment after the service root.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ApiVersion {
    /// `/beta` (the pages this crate is generated from describe beta).
    #[default]
    Beta,
    /// `/v1.0`.
    V1,
}

impl ApiVersion {
    /// The path segment: `beta` or `v1.0`.
    pub fn as_str(self) -> &'static str {
        match self {
            ApiVersion::Beta => "beta",
            ApiVersion::V1 => "v1.0",
        }
    }
}

/// When and how long to wait before sending a request again.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RetryPolicy {
    pub(crate) max_retries: u32,
    pub(crate) max_total_wait: Duration,
    pub(crate) base_delay: Duration,
}

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
    /// The parsed base URL, for origin checks.
    base: reqwest::Url,
    token: Option<Arc<dyn TokenProvider>>,
    retry: RetryPolicy,
    timeout: Option<Duration>,
    max_response_bytes: u64,
    user_agent: HeaderValue,
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

    /// The token provider, when the client authenticates.
    pub(crate) fn token_provider(&self) -> Option<&Arc<dyn TokenProvider>> {
        self.inner.token.as_ref()
    }

    pub(crate) fn retry_policy(&self) -> RetryPolicy {
        self.inner.retry
    }

    pub(crate) fn timeout(&self) -> Option<Duration> {
        self.inner.timeout
    }

    pub(crate) fn max_response_bytes(&self) -> u64 {
        self.inner.max_response_bytes
    }

    pub(crate) fn user_agent(&self) -> &HeaderValue {
        &self.inner.user_agent
    }

    /// Whether `url` has the same origin (scheme, host and port) as the base URL: the only
    /// place the token is sent to.
    pub(crate) fn is_same_origin(&self, url: &str) -> bool {
        reqwest::Url::parse(url).is_ok_and(|u| u.origin() == self.inner.base.origin())
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("bearer_token", &crate::runtime::redacted(&self.inner.token))
            .field("max_retries", &self.inner.retry.max_retries)
            .field("max_total_retry_wait", &self.inner.retry.max_total_wait)
            .field("timeout", &self.inner.timeout)
            .field("max_response_bytes", &self.inner.max_response_bytes)
            .finish_non_exhaustive()
    }
}

/// Configures and builds a [`Client`].
///
/// The `Debug` output never shows the bearer token.
#[derive(Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    cloud: Cloud,
    api_version: ApiVersion,
    bearer_token: Option<String>,
    token_provider: Option<Arc<dyn TokenProvider>>,
    http: Option<reqwest::Client>,
    max_retries: Option<u32>,
    max_total_retry_wait: Option<Duration>,
    retry_base_delay: Option<Duration>,
    connect_timeout: Option<Duration>,
    timeout: Option<Option<Duration>>,
    max_response_bytes: Option<u64>,
    user_agent: Option<String>,
}

impl ClientBuilder {
    /// Sets the base URL; it must start with `http://` or `https://`. A trailing slash is
    /// ignored. It wins over [`ClientBuilder::cloud`] and [`ClientBuilder::api_version`];
    /// without it the base URL is the cloud's root plus the version
    /// (default [`DEFAULT_BASE_URL`]).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Chooses the national cloud (default [`Cloud::Global`]).
    pub fn cloud(mut self, cloud: Cloud) -> Self {
        self.cloud = cloud;
        self
    }

    /// Chooses the API version (default [`ApiVersion::Beta`]).
    pub fn api_version(mut self, version: ApiVersion) -> Self {
        self.api_version = version;
        self
    }

    /// Authenticates with a fixed OAuth access token, sent as `Authorization: Bearer <token>`.
    /// Replaces an earlier [`ClientBuilder::token_provider`].
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.bearer_token = Some(token.into());
        self.token_provider = None;
        self
    }

    /// Authenticates with tokens from `provider`, asked before every attempt (so refreshed
    /// tokens are used). Replaces an earlier [`ClientBuilder::bearer_token`].
    pub fn token_provider(mut self, provider: Arc<dyn TokenProvider>) -> Self {
        self.token_provider = Some(provider);
        self.bearer_token = None;
        self
    }

    /// Uses a preconfigured HTTP client (for proxies, TLS settings, ...) instead of a default
    /// one. Its own redirect policy and connect timeout then apply
    /// ([`ClientBuilder::connect_timeout`] is ignored; reqwest's default redirect policy
    /// also drops `Authorization` when the host changes). The per-attempt
    /// [`ClientBuilder::timeout`], retries and size limit still apply.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// How many times a request is sent again after a throttling or transient failure
    /// (default [`DEFAULT_MAX_RETRIES`], clamped to [`MAX_RETRIES_LIMIT`]; 0 disables retries).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries.min(MAX_RETRIES_LIMIT));
        self
    }

    /// Caps the total time one request spends waiting between retries (default
    /// [`DEFAULT_MAX_TOTAL_RETRY_WAIT`]). When the next wait (a `Retry-After` or a backoff)
    /// would go past the cap, the client stops and returns the last error, whose
    /// [`crate::ServiceError::retry_after`] tells how long the service asked to wait.
    pub fn max_total_retry_wait(mut self, cap: Duration) -> Self {
        self.max_total_retry_wait = Some(cap);
        self
    }

    /// The base of the exponential backoff used when the service gives no `Retry-After`
    /// (default [`DEFAULT_RETRY_BASE_DELAY`]): before retry `n` (from 0) the client waits a
    /// random time between half and all of `base × 2ⁿ`, at most [`MAX_BACKOFF_DELAY`].
    pub fn retry_base_delay(mut self, base: Duration) -> Self {
        self.retry_base_delay = Some(base);
        self
    }

    /// The time allowed to open a connection (default [`DEFAULT_CONNECT_TIMEOUT`]).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// The time allowed for one attempt, from connecting to the end of the response body
    /// (default [`DEFAULT_TIMEOUT`]). A timeout after the request was sent is
    /// [`Error::OutcomeUnknown`].
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(Some(timeout));
        self
    }

    /// Removes the per-attempt timeout (a preconfigured [`ClientBuilder::http_client`]'s own
    /// timeout still applies).
    pub fn no_timeout(mut self) -> Self {
        self.timeout = Some(None);
        self
    }

    /// Caps the size of a response body (default [`DEFAULT_MAX_RESPONSE_BYTES`]). A larger
    /// body is refused with [`Error::ResponseTooLarge`]; reading stops at the limit.
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = Some(limit);
        self
    }

    /// Overrides the `User-Agent` header (default [`DEFAULT_USER_AGENT`]).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Builds the client.
    ///
    /// Fails with [`Error::Config`] when the base URL is not an absolute `http`/`https` URL
    /// without query or fragment, when the token or user agent cannot be sent in a header,
    /// or when the HTTP client cannot be created.
    pub fn build(self) -> Result<Client, Error> {
        let raw = match self.base_url {
            Some(url) => url,
            None => format!("{}/{}", self.cloud.graph_root(), self.api_version.as_str()),
        };
        let base_url = raw.trim_end_matches('/').to_string();
        let lower = base_url.to_ascii_lowercase();
        if !(lower.starts_with("http://") || lower.starts_with("https://")) {
            return Err(Error::Config(format!(
                "base URL {raw:?} must start with http:// or https://"
            )));
        }
        let base = match reqwest::Url::parse(&base_url) {
            Ok(url) if url.host_str().is_some_and(|h| !h.is_empty()) => {
                if url.query().is_some() || url.fragment().is_some() {
                    return Err(Error::Config(format!(
                        "base URL {raw:?} must not have a query or fragment"
                    )));
                }
                url
            }
            Ok(_) => {
                return Err(Error::Config(format!("base URL {raw:?} has no host")));
            }
            Err(e) => {
                return Err(Error::Config(format!("base URL {raw:?} is invalid: {e}")));
            }
        };
        let token: Option<Arc<dyn TokenProvider>> = match (self.bearer_token, self.token_provider) {
            (Some(token), _) => {
                if HeaderValue::from_str(&format!("Bearer {token}")).is_err() {
                    return Err(Error::Config(
                        "the bearer token contains characters not allowed in a header".into(),
                    ));
                }
                Some(Arc::new(StaticToken::new(token)))
            }
            (None, provider) => provider,
        };
        let user_agent = match self.user_agent {
            Some(ua) => HeaderValue::from_str(&ua).map_err(|_| {
                Error::Config(format!(
                    "user agent {ua:?} contains characters not allowed in a header"
                ))
            })?,
            None => HeaderValue::from_static(DEFAULT_USER_AGENT),
        };
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                // Redirects are followed by the runtime, which decides where the token goes.
                .redirect(reqwest::redirect::Policy::none())
                .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                .build()
                .map_err(|e| Error::Config(format!("could not create the HTTP client: {e}")))?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                base,
                token,
                retry: RetryPolicy {
                    max_retries: self.max_retries.unwrap_or(DEFAULT_MAX_RETRIES),
                    max_total_wait: self
                        .max_total_retry_wait
                        .unwrap_or(DEFAULT_MAX_TOTAL_RETRY_WAIT),
                    base_delay: self.retry_base_delay.unwrap_or(DEFAULT_RETRY_BASE_DELAY),
                },
                timeout: self.timeout.unwrap_or(Some(DEFAULT_TIMEOUT)),
                max_response_bytes: self
                    .max_response_bytes
                    .unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
                user_agent,
            }),
        })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("cloud", &self.cloud)
            .field("api_version", &self.api_version)
            .field(
                "bearer_token",
                &crate::runtime::redacted(&self.bearer_token),
            )
            .field(
                "token_provider",
                &crate::runtime::redacted(&self.token_provider),
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
        assert!(client.token_provider().is_none());
        assert_eq!(client.retry_policy().max_retries, DEFAULT_MAX_RETRIES);
        assert_eq!(client.timeout(), Some(DEFAULT_TIMEOUT));
        assert_eq!(client.max_response_bytes(), DEFAULT_MAX_RESPONSE_BYTES);
        assert_eq!(client.user_agent(), DEFAULT_USER_AGENT);
    }

    #[test]
    fn clouds_and_versions() {
        let cases = [
            (
                Cloud::Global,
                ApiVersion::Beta,
                "https://graph.microsoft.com/beta",
            ),
            (
                Cloud::Global,
                ApiVersion::V1,
                "https://graph.microsoft.com/v1.0",
            ),
            (
                Cloud::UsGovL4,
                ApiVersion::V1,
                "https://graph.microsoft.us/v1.0",
            ),
            (
                Cloud::UsGovL5,
                ApiVersion::Beta,
                "https://dod-graph.microsoft.us/beta",
            ),
            (
                Cloud::China,
                ApiVersion::V1,
                "https://microsoftgraph.chinacloudapi.cn/v1.0",
            ),
        ];
        for (cloud, version, want) in cases {
            let client = Client::builder()
                .cloud(cloud)
                .api_version(version)
                .build()
                .unwrap();
            assert_eq!(client.base_url(), want);
        }
        // An explicit base URL wins.
        let client = Client::builder()
            .cloud(Cloud::China)
            .base_url("http://127.0.0.1:1/beta")
            .build()
            .unwrap();
        assert_eq!(client.base_url(), "http://127.0.0.1:1/beta");
    }

    #[test]
    fn retry_settings_are_clamped_and_kept() {
        let client = Client::builder()
            .max_retries(99)
            .max_total_retry_wait(Duration::from_secs(5))
            .retry_base_delay(Duration::from_millis(7))
            .timeout(Duration::from_secs(2))
            .max_response_bytes(10)
            .user_agent("me/1")
            .build()
            .unwrap();
        let policy = client.retry_policy();
        assert_eq!(policy.max_retries, MAX_RETRIES_LIMIT);
        assert_eq!(policy.max_total_wait, Duration::from_secs(5));
        assert_eq!(policy.base_delay, Duration::from_millis(7));
        assert_eq!(client.timeout(), Some(Duration::from_secs(2)));
        assert_eq!(client.max_response_bytes(), 10);
        assert_eq!(client.user_agent(), "me/1");
        let untimed = Client::builder().no_timeout().build().unwrap();
        assert_eq!(untimed.timeout(), None);
        assert!(matches!(
            Client::builder().user_agent("a\nb").build(),
            Err(Error::Config(_))
        ));
    }

    #[test]
    fn same_origin() {
        let client = Client::builder()
            .base_url("https://graph.microsoft.com/beta")
            .build()
            .unwrap();
        assert!(client.is_same_origin("https://graph.microsoft.com/v1.0/me"));
        assert!(client.is_same_origin("https://GRAPH.microsoft.com:443/beta"));
        assert!(!client.is_same_origin("http://graph.microsoft.com/beta"));
        assert!(!client.is_same_origin("https://graph.microsoft.com:8443/beta"));
        assert!(!client.is_same_origin("https://graph.microsoft.com.evil.test/beta"));
        assert!(!client.is_same_origin("not a url"));
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
        let provided = Client::builder()
            .token_provider(Arc::new(StaticToken::new("SECRET-TOKEN-123")))
            .build()
            .unwrap();
        let shown = format!("{provided:?}");
        assert!(!shown.contains("SECRET-TOKEN-123"), "{shown}");
        let anonymous = Client::builder().build().unwrap();
        assert!(format!("{anonymous:?}").contains("bearer_token: None"));
    }
}
