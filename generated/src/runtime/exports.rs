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

/// What every generated struct's docs refer to instead of repeating it.
///
/// # Permissions
///
/// A request method's docs give the permissions its page asks for: each list of scopes,
/// least privileged first (one of them suffices), followed by the kinds of account it
/// serves: *delegated* (a work or school account), *personal* (a personal Microsoft
/// account), *application* (an app without a signed-in user), or a kind as the page names
/// it. A builder's docs give the permissions all the pages documented through it ask for.
///
/// # Models
///
/// A model `T` (a type of the pages) is read and written as a JSON object:
/// - each field is one property; its wire name is the field's name in camelCase
///   (`display_name` is `displayName`) unless the field's docs name another one;
/// - `odata_type` is the `@odata.type` annotation: which type the service says the value is;
/// - `additional_properties` holds the properties the pages do not name, kept as sent so
///   that a read, modify, write round trip loses nothing.
///
/// A field a type inherits from a base type has its first sentence and names the base,
/// whose field has the rest.
///
/// # Patches
///
/// A patch `TPatch` is the body of an update of a `T`: each property is left out
/// ([`Patch::Absent`], the default), cleared ([`Patch::Null`], sent as `null`) or set
/// ([`Patch::Set`]). Nothing is sent that was not asked for.
/// - `odata_type` is the `@odata.type` to send, needed when patching a derived type
///   through a base path;
/// - `additional_properties` holds further properties to send as they are (a JSON `null`
///   clears one); properties of derived types can be set through it.
pub mod conventions {}
