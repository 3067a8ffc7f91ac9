//! Sending one logical request: the retry loop, redirects, the token, the size cap and the
//! tracing spans. [`crate::Request::send`] and [`crate::Batch::send`] both go through
//! [`Client::execute`].
//!
//! The rules:
//! - **What is retried.** `429 Too Many Requests` and `503 Service Unavailable` (the service
//!   says it did not act) for every method; `504 Gateway Timeout` and a connection that
//!   failed after the request may have been sent only for `GET`, `HEAD`, `PUT`, `DELETE`
//!   and `OPTIONS`, which are safe to repeat; a connection that could not be opened (the
//!   request certainly never left) for every method. For `POST` and `PATCH`, a connection
//!   failure after sending becomes [`Error::OutcomeUnknown`] at once.
//! - **How long to wait.** The `Retry-After` header (seconds or an HTTP date) when the
//!   service sends one, else exponential backoff with jitter (see
//!   [`crate::ClientBuilder::retry_base_delay`]). When the next wait would push the time
//!   spent waiting past [`crate::ClientBuilder::max_total_retry_wait`], or the retries are
//!   used up, the last error is returned.
//! - **The same body every time.** The body is kept as bytes and sent in full on every
//!   attempt.
//! - **One `client-request-id` per logical request.** Every attempt of one request carries
//!   the same random UUID, as Graph recommends, so the service and its logs can tie retries
//!   together. Every request carries a `User-Agent` naming this crate and its version.
//! - **Cancellation.** Nothing is spawned: dropping the future stops the request and every
//!   retry.
//! - **Redirects** are followed here (at most [`MAX_REDIRECTS`]) rather than by reqwest, so
//!   that `Authorization` (the client's token and any credential header the caller set)
//!   goes only to the origin of the base URL. `303`, and `301`/`302` after a `POST`, turn
//!   into a `GET` without body.
//! - **Tracing.** Every attempt runs in an `info` span `graph.request` with the method, URL,
//!   attempt number, `client-request-id` and (once known) status; retries are logged at
//!   `debug`. The crate installs no subscriber.

use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE,
    COOKIE, LOCATION, PROXY_AUTHORIZATION, USER_AGENT,
};
use reqwest::{Method, StatusCode};
use tracing::Instrument as _;

use crate::runtime::client::{RetryPolicy, MAX_BACKOFF_DELAY};
use crate::runtime::{random_u64, uuid_v4};
use crate::{Client, Error, ServiceError};

/// The most redirects followed for one attempt.
pub(crate) const MAX_REDIRECTS: usize = 10;

/// What to send.
pub(crate) struct Outgoing<'a> {
    pub(crate) method: &'a Method,
    /// The absolute URL.
    pub(crate) url: &'a str,
    /// Whether the token may be sent (the URL has the base URL's origin).
    pub(crate) authorize: bool,
    pub(crate) body: Option<&'a Bytes>,
    /// The caller's own headers; they replace the defaults of the same name.
    pub(crate) headers: &'a [(HeaderName, HeaderValue)],
}

/// A successful (2xx) answer.
pub(crate) struct Incoming {
    pub(crate) status: u16,
    pub(crate) body: Bytes,
}

/// An answer with any status.
struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

/// Why an attempt got no answer.
enum Failure {
    /// The request certainly never reached the service.
    NotSent(reqwest::Error),
    /// The request may have reached the service.
    MaybeSent(reqwest::Error),
    /// Final, whatever the method: no retry.
    Fatal(Error),
}

impl Client {
    /// Sends `out` under the retry policy; a 2xx answer is `Ok`, anything else an error.
    pub(crate) async fn execute(&self, out: Outgoing<'_>) -> Result<Incoming, Error> {
        let policy = self.retry_policy();
        let repeatable = matches!(
            *out.method,
            Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
        );
        let request_id = uuid_v4();
        let request_id_header =
            HeaderValue::from_str(&request_id).unwrap_or(HeaderValue::from_static("invalid"));
        let mut waited = Duration::ZERO;
        let mut attempt: u32 = 0;
        loop {
            let span = tracing::info_span!(
                "graph.request",
                method = %out.method,
                url = %out.url,
                attempt,
                client_request_id = %request_id,
                status = tracing::field::Empty,
            );
            let result = self
                .attempt(&out, &request_id_header)
                .instrument(span.clone())
                .await;
            let (error, wait) = match result {
                Ok(answer) => {
                    span.record("status", answer.status.as_u16());
                    if answer.status.is_success() {
                        return Ok(Incoming {
                            status: answer.status.as_u16(),
                            body: answer.body,
                        });
                    }
                    let status = answer.status.as_u16();
                    let e = ServiceError::from_parts(
                        status,
                        |name| header_text(&answer.headers, name),
                        &answer.body,
                    );
                    let retry = match status {
                        429 | 503 => true,
                        504 => repeatable,
                        _ => false,
                    };
                    let wait =
                        retry.then(|| e.retry_after.unwrap_or_else(|| backoff(&policy, attempt)));
                    (Error::Service(Box::new(e)), wait)
                }
                Err(Failure::NotSent(e)) => (Error::Transport(e), Some(backoff(&policy, attempt))),
                Err(Failure::MaybeSent(e)) => (
                    Error::OutcomeUnknown { source: e },
                    repeatable.then(|| backoff(&policy, attempt)),
                ),
                Err(Failure::Fatal(e)) => return Err(e),
            };
            let Some(wait) = wait else {
                return Err(error);
            };
            if attempt >= policy.max_retries || waited.saturating_add(wait) > policy.max_total_wait
            {
                tracing::debug!(parent: &span, error = %error, "giving up");
                return Err(error);
            }
            tracing::debug!(parent: &span, wait_ms = wait.as_millis() as u64, error = %error, "retrying");
            tokio::time::sleep(wait).await;
            waited = waited.saturating_add(wait);
            attempt += 1;
        }
    }

    /// One attempt, following redirects.
    async fn attempt(
        &self,
        out: &Outgoing<'_>,
        request_id: &HeaderValue,
    ) -> Result<Answer, Failure> {
        let authorization = match (out.authorize, self.token_provider()) {
            (true, Some(provider)) => {
                let token = provider
                    .token()
                    .await
                    .map_err(|e| Failure::Fatal(Error::Auth(e)))?;
                let mut value =
                    HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| {
                        Failure::Fatal(Error::Auth(
                            "the access token contains characters not allowed in a header".into(),
                        ))
                    })?;
                value.set_sensitive(true);
                Some(value)
            }
            _ => None,
        };
        let mut method = out.method.clone();
        let mut url = out.url.to_owned();
        let mut body = out.body.cloned();
        let mut trusted = out.authorize;
        for _ in 0..=MAX_REDIRECTS {
            let mut headers = HeaderMap::new();
            headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
            headers.insert(USER_AGENT, self.user_agent().clone());
            headers.insert("client-request-id", request_id.clone());
            if trusted {
                if let Some(auth) = &authorization {
                    headers.insert(AUTHORIZATION, auth.clone());
                }
            }
            match &body {
                Some(_) => {
                    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                }
                // Graph rejects bodiless POST/PUT/PATCH without `Content-Length: 0` (411).
                None if matches!(method, Method::POST | Method::PUT | Method::PATCH) => {
                    headers.insert(CONTENT_LENGTH, HeaderValue::from_static("0"));
                }
                None => {}
            }
            for (name, value) in out.headers {
                let credential =
                    *name == AUTHORIZATION || *name == COOKIE || *name == PROXY_AUTHORIZATION;
                if credential && !trusted {
                    continue;
                }
                headers.insert(name.clone(), value.clone());
            }
            let mut builder = self
                .http()
                .request(method.clone(), url.as_str())
                .headers(headers);
            if let Some(timeout) = self.timeout() {
                builder = builder.timeout(timeout);
            }
            if let Some(bytes) = &body {
                builder = builder.body(bytes.clone());
            }
            let response = builder.send().await.map_err(classify)?;
            let status = response.status();
            if matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308) {
                if let Some(location) = response.headers().get(LOCATION) {
                    let next = location
                        .to_str()
                        .ok()
                        .and_then(|l| reqwest::Url::parse(&url).ok()?.join(l).ok())
                        .filter(|u| matches!(u.scheme(), "http" | "https"))
                        .ok_or_else(|| {
                            Failure::Fatal(Error::Protocol(format!(
                                "a {status} redirect from {url} has an unusable Location"
                            )))
                        })?;
                    let to_get = status == StatusCode::SEE_OTHER
                        || (matches!(status.as_u16(), 301 | 302) && method == Method::POST);
                    if to_get && method != Method::HEAD {
                        method = Method::GET;
                        body = None;
                    }
                    url = next.to_string();
                    trusted = trusted && self.is_same_origin(&url);
                    tracing::debug!(%status, to = %url, token_sent = trusted, "following redirect");
                    continue;
                }
            }
            let headers = response.headers().clone();
            let body = read_limited(response, self.max_response_bytes()).await?;
            return Ok(Answer {
                status,
                headers,
                body,
            });
        }
        Err(Failure::Fatal(Error::Protocol(format!(
            "more than {MAX_REDIRECTS} redirects, starting from {}",
            out.url
        ))))
    }
}

/// Sorts a reqwest failure by whether the request may have reached the service.
fn classify(e: reqwest::Error) -> Failure {
    if e.is_connect() {
        Failure::NotSent(e)
    } else if e.is_builder() {
        // The request could not even be built (e.g. an invalid URL): never sent, and
        // sending it again cannot help.
        Failure::Fatal(Error::Transport(e))
    } else {
        Failure::MaybeSent(e)
    }
}

/// Reads the body in chunks, stopping as soon as it passes `limit`.
async fn read_limited(mut response: reqwest::Response, limit: u64) -> Result<Bytes, Failure> {
    let status = response.status();
    let too_large = || {
        Failure::Fatal(Error::ResponseTooLarge {
            status: status.as_u16(),
            limit,
        })
    };
    let announced = response.content_length();
    if announced.is_some_and(|len| len > limit) {
        return Err(too_large());
    }
    // A single chunk (the common case for small bodies) is passed on without copying.
    let mut first: Option<Bytes> = None;
    let mut buf: Vec<u8> = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                let have = first.as_ref().map_or(buf.len(), Bytes::len);
                if (have as u64).saturating_add(chunk.len() as u64) > limit {
                    return Err(too_large());
                }
                match first.take() {
                    None if buf.is_empty() => first = Some(chunk),
                    taken => {
                        if let Some(previous) = taken {
                            // Trust an announced length only up to the limit and 8 MiB;
                            // beyond that the buffer grows as bytes really arrive.
                            let announced = announced.unwrap_or(0).min(limit).min(8 << 20);
                            let size = usize::try_from(announced).unwrap_or(0);
                            buf.reserve(size.max(previous.len() + chunk.len()));
                            buf.extend_from_slice(&previous);
                        }
                        buf.extend_from_slice(&chunk);
                    }
                }
            }
            Ok(None) => break,
            // An error answer is still an answer: keep the status and what arrived.
            Err(_) if !status.is_success() => break,
            Err(e) => return Err(Failure::MaybeSent(e)),
        }
    }
    Ok(first.unwrap_or_else(|| Bytes::from(buf)))
}

/// The header's value as text, if it is text.
fn header_text(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// The wait before retry `attempt` (from 0) without a `Retry-After`: a random time between
/// half and all of `base × 2^attempt`, at most [`MAX_BACKOFF_DELAY`].
pub(crate) fn backoff(policy: &RetryPolicy, attempt: u32) -> Duration {
    let full = policy
        .base_delay
        .checked_mul(1u32.checked_shl(attempt).unwrap_or(u32::MAX))
        .unwrap_or(MAX_BACKOFF_DELAY)
        .min(MAX_BACKOFF_DELAY);
    let half = full / 2;
    let jitter = u128::from(random_u64()) % (half.as_nanos() + 1);
    // `half` is at most 15 s, so the jitter fits in u64 nanoseconds.
    half + Duration::from_nanos(u64::try_from(jitter).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_with_jitter_and_is_capped() {
        let policy = RetryPolicy {
            max_retries: 3,
            max_total_wait: Duration::from_secs(60),
            base_delay: Duration::from_millis(100),
        };
        for attempt in 0..4 {
            let full = Duration::from_millis(100 * (1 << attempt));
            for _ in 0..50 {
                let d = backoff(&policy, attempt);
                assert!(d >= full / 2 && d <= full, "{attempt}: {d:?}");
            }
        }
        for attempt in [20, 31, 32, 1000] {
            assert!(backoff(&policy, attempt) <= MAX_BACKOFF_DELAY);
        }
        let distinct: std::collections::BTreeSet<_> =
            (0..20).map(|_| backoff(&policy, 3)).collect();
        assert!(distinct.len() > 1, "jitter varies the wait");
    }
}
