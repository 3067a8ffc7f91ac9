//! The runtime's public surface, re-exported at the crate root by the generated `lib.rs`
//! (`pub use runtime::exports::*;`). Everything a user or the generated code names as
//! `crate::X` / `graph_api::X` is listed here, in one place.
//!
//! What the runtime does for every generated request: OData query options and headers
//! ([`Request::select`], [`Request::header`], ...), paging ([`Request::stream`]), retries of
//! throttled and transient failures (`Retry-After`, backoff, a cap on the total wait; see
//! [`ClientBuilder::max_retries`]), token refresh ([`TokenProvider`]), national clouds
//! ([`Cloud`], [`ApiVersion`]), timeouts, a response size cap, a `client-request-id` and a
//! `User-Agent` on every request, `tracing` spans, three-state updates ([`Patch`]) and
//! JSON batching ([`Batch`]). The token only ever goes to the base URL's origin, and no
//! `Debug` output shows it.

pub use super::auth::{StaticToken, TokenFuture, TokenProvider};
pub use super::batch::{Batch, BatchResults, BatchStep, MAX_BATCH_STEPS};
pub use super::client::{
    ApiVersion, Client, ClientBuilder, Cloud, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_RETRIES, DEFAULT_MAX_TOTAL_RETRY_WAIT,
    DEFAULT_RETRY_BASE_DELAY, DEFAULT_TIMEOUT, DEFAULT_USER_AGENT, MAX_BACKOFF_DELAY,
    MAX_RETRIES_LIMIT,
};
pub use super::edm;
pub use super::error::{BoxError, Error, ServiceError};
pub use super::page::Page;
pub use super::patch::Patch;
pub use super::request::Request;
