//! Access tokens: the [`TokenProvider`] trait and its fixed-token implementation,
//! [`StaticToken`].

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use crate::runtime::error::BoxError;

/// The future returned by [`TokenProvider::token`].
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<String, BoxError>> + Send + 'a>>;

/// Supplies the OAuth access token sent as `Authorization: Bearer <token>`.
///
/// The client asks for a token before every attempt of every request (retries included), so
/// a provider that refreshes expiring tokens is honoured without rebuilding the client; a
/// provider should cache its token and return it quickly. A failure becomes
/// [`crate::Error::Auth`] and the request is not sent.
///
/// The token is only ever sent to the origin (scheme, host and port) of the client's base
/// URL: not to other hosts named by `@odata.nextLink` or redirects.
///
/// ```ignore
/// use graph_api::{BoxError, TokenFuture, TokenProvider};
/// use std::sync::{Arc, Mutex};
///
/// struct Refreshing { current: Mutex<String> }
///
/// impl TokenProvider for Refreshing {
///     fn token(&self) -> TokenFuture<'_> {
///         Box::pin(async move {
///             // ... refresh when close to expiry ...
///             let token = self.current.lock().map_err(|_| "poisoned")?.clone();
///             Ok::<_, BoxError>(token)
///         })
///     }
/// }
///
/// let client = graph_api::Client::builder()
///     .token_provider(Arc::new(Refreshing { current: Mutex::new("eyJ0...".into()) }))
///     .build()?;
/// # Ok::<(), graph_api::Error>(())
/// ```
pub trait TokenProvider: Send + Sync {
    /// The access token to send now (without the `Bearer ` prefix).
    fn token(&self) -> TokenFuture<'_>;
}

/// A fixed bearer token. Its `Debug` output never shows the token.
#[derive(Clone)]
pub struct StaticToken(String);

impl StaticToken {
    /// Wraps `token` (without the `Bearer ` prefix).
    pub fn new(token: impl Into<String>) -> Self {
        StaticToken(token.into())
    }
}

impl TokenProvider for StaticToken {
    fn token(&self) -> TokenFuture<'_> {
        let token = self.0.clone();
        Box::pin(async move { Ok(token) })
    }
}

impl fmt::Debug for StaticToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StaticToken(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn static_token_returns_its_token_and_hides_it() {
        let t = StaticToken::new("s3cr3t");
        assert_eq!(t.token().await.unwrap(), "s3cr3t");
        assert_eq!(format!("{t:?}"), "StaticToken(<redacted>)");
    }
}
