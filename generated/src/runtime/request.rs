//! [`Request`]: a prepared call to one Graph operation, with OData query options,
//! per-request headers, and paging for collections.

use std::collections::VecDeque;
use std::fmt;
use std::marker::PhantomData;

use bytes::Bytes;
use futures_core::Stream;
use reqwest::header::{HeaderName, HeaderValue};
use reqwest::Method;

use crate::runtime::send::Outgoing;
use crate::runtime::{encode_query_component, encode_query_value};
use crate::{Client, Error, Page};

/// The decoder of a 2xx response: its status and body → `T`. Most decoders read the body
/// only; the enum of an operation's outcomes picks its variant by the status.
pub(crate) type Decode<T> = fn(u16, &[u8]) -> Result<T, serde_json::Error>;

/// A prepared request whose successful response decodes into `T`.
///
/// Created by the generated methods on [`Client`]; adjust it with the OData query options
/// ([`Request::select`], [`Request::filter`], [`Request::orderby`], [`Request::top`],
/// [`Request::skip`], [`Request::expand`], [`Request::count`], [`Request::search`]), raw
/// query parameters ([`Request::query`]) and headers ([`Request::header`]), then run it with
/// [`Request::send`]. A request for a collection (`Request<Page<T>>`) can also be walked
/// page by page with [`Request::pages`] or item by item with [`Request::stream`].
///
/// Query values are percent-encoded per RFC 3986 (a space is `%20`, a quote `%27`; `$` in
/// names and the OData punctuation `, ( ) / : @ *` in values are kept). The query options
/// are sent whatever the operation: the service rejects one that its page does not list.
///
/// An operation with optional typed parameters returns a `Request<T, P>` whose `P` marks
/// the operation: the setters of those parameters are methods of that type
/// (`client.project_list().limit(5).page_token("abc")`). [`Request::erase`] forgets the
/// mark.
///
/// The `Debug` output shows the method and URL only (never the body, headers or token).
pub struct Request<T, P = ()> {
    client: Client,
    method: Method,
    url: String,
    /// Whether the client's bearer token may be sent (the URL has the base URL's origin).
    authorize: bool,
    body: Option<Bytes>,
    headers: Vec<(HeaderName, HeaderValue)>,
    /// An error found while preparing the request, returned by `send`.
    pending: Option<Error>,
    decode: Decode<T>,
    /// The operation whose parameter setters the request has.
    marker: PhantomData<fn() -> P>,
}

impl<T> Request<T> {
    /// A request to `client.base_url() + path`; `path` starts with `/` and is already
    /// percent-encoded. `decode` turns a 2xx status and body into `T`.
    // Used by the generated request methods.
    #[allow(dead_code)]
    pub(crate) fn new(client: &Client, method: Method, path: String, decode: Decode<T>) -> Self {
        let url = format!("{}{}", client.base_url(), path);
        Self::with_url(client, method, url, true, decode)
    }

    /// A request to an absolute URL; the token is only sent when `authorize` is true.
    pub(crate) fn with_url(
        client: &Client,
        method: Method,
        url: String,
        authorize: bool,
        decode: Decode<T>,
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
            marker: PhantomData,
        }
    }
}

impl<T, P> Request<T, P> {
    /// The same request without the mark of its operation (`Request<T>`), e.g. to keep
    /// requests of several operations in one list.
    pub fn erase(self) -> Request<T> {
        self.mark()
    }

    /// The same request marked as one of the operation `Q` (whose parameter setters it
    /// then has).
    // Used by the generated request methods; not every document has optional parameters.
    #[allow(dead_code)]
    pub(crate) fn mark<Q>(self) -> Request<T, Q> {
        Request {
            client: self.client,
            method: self.method,
            url: self.url,
            authorize: self.authorize,
            body: self.body,
            headers: self.headers,
            pending: self.pending,
            decode: self.decode,
            marker: PhantomData,
        }
    }

    /// Sets the typed query parameter `name` to `value` (replacing an earlier value), in
    /// the OpenAPI default style (`form`, exploded): a string as it is, a number or a
    /// boolean as JSON writes it, an enum as its wire value, a date-time in RFC 3339, a
    /// list as the name repeated (`tag=a&tag=b`); `None` removes it. A value that cannot
    /// be serialized makes `send` fail with [`Error::Encode`].
    // Used by the generated request methods; not every document has query parameters.
    #[allow(dead_code)]
    pub(crate) fn param<V: serde::Serialize + ?Sized>(mut self, name: &str, value: &V) -> Self {
        match crate::runtime::param_values(value) {
            Ok(values) => {
                self = self.remove_query(name);
                for v in values {
                    self = self.query(name, &v);
                }
            }
            Err(e) => self = self.fail_with(Error::Encode(e)),
        }
        self
    }

    /// Sets the typed header parameter `name` to `value` (the `simple` style: a list is
    /// written `a,b`), as [`Request::header`] does.
    // Used by the generated request methods; not every document has header parameters.
    #[allow(dead_code)]
    pub(crate) fn header_param<V: serde::Serialize + ?Sized>(self, name: &str, value: &V) -> Self {
        match crate::runtime::param_values(value) {
            Ok(values) => self.header(name, &values.join(",")),
            Err(e) => self.fail_with(Error::Encode(e)),
        }
    }

    /// Removes every query pair named `name`.
    fn remove_query(mut self, name: &str) -> Self {
        let encoded_name = encode_query_component(name);
        if let Some((path, query)) = self.url.split_once('?') {
            let kept: Vec<&str> = query
                .split('&')
                .filter(|pair| pair.split('=').next() != Some(encoded_name.as_str()))
                .collect();
            self.url = if kept.is_empty() {
                path.to_owned()
            } else {
                format!("{path}?{}", kept.join("&"))
            };
        }
        self
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
            Ok(bytes) => self.body = Some(Bytes::from(bytes)),
            Err(e) => self = self.fail_with(Error::Encode(e)),
        }
        self
    }

    /// Sends `body` as a form (`application/x-www-form-urlencoded`): each member of the
    /// JSON object it serializes to is a field; a string as it is, a number or boolean as
    /// written in JSON, an array as the field repeated, an object as its JSON text; null
    /// members are left out.
    // Used by the generated request methods; few specs have such bodies.
    #[allow(dead_code)]
    pub(crate) fn form_body<B: serde::Serialize + ?Sized>(mut self, body: &B) -> Self {
        let value = match serde_json::to_value(body) {
            Ok(v) => v,
            Err(e) => return self.fail_with(Error::Encode(e)),
        };
        let text = |v: &serde_json::Value| match v {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let mut fields: Vec<(String, String)> = Vec::new();
        if let serde_json::Value::Object(members) = &value {
            for (name, v) in members {
                match v {
                    serde_json::Value::Null => {}
                    serde_json::Value::Array(items) => {
                        fields.extend(items.iter().map(|i| (name.clone(), text(i))))
                    }
                    other => fields.push((name.clone(), text(other))),
                }
            }
        }
        // Pairs of strings always encode.
        let encoded = serde_urlencoded::to_string(&fields).unwrap_or_default();
        self.body = Some(Bytes::from(encoded));
        self.header("Content-Type", "application/x-www-form-urlencoded")
    }

    /// Sends `body` as it is, with `Content-Type: content_type` (`text/plain`,
    /// `application/octet-stream`, ...); a content type that is not a valid header value is
    /// returned by `send` as [`Error::Config`].
    // Used by the generated request methods; few specs have such bodies.
    #[allow(dead_code)]
    pub(crate) fn raw_body(mut self, body: Vec<u8>, content_type: &str) -> Self {
        self.body = Some(Bytes::from(body));
        self.header("Content-Type", content_type)
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The full URL, including the query options and parameters added so far.
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// Adds a header to this request (e.g. `ConsistencyLevel: eventual` or
    /// `Prefer: odata.maxpagesize=100`). It replaces any earlier value of the same header,
    /// including the defaults (`Accept`, `Authorization`, `Content-Type`, `User-Agent`,
    /// `client-request-id`), and is sent again on every retry and on every page of
    /// [`Request::pages`] and [`Request::stream`]. An invalid name or value makes `send`
    /// fail with [`Error::Config`].
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

    /// Appends a query parameter as it is, the escape hatch for anything the typed options
    /// do not cover (e.g. `query("$skiptoken", "X")`, `query("$format", "json")`); the name
    /// and value are percent-encoded here. Unlike the typed options, a name given twice is
    /// sent twice.
    pub fn query(mut self, name: &str, value: &str) -> Self {
        self.url
            .push(if self.url.contains('?') { '&' } else { '?' });
        self.url.push_str(&encode_query_component(name));
        self.url.push('=');
        self.url.push_str(&encode_query_value(value));
        self
    }

    /// Sets the OData system query option `name` (replacing an earlier value).
    fn option(self, name: &str, value: &str) -> Self {
        self.remove_query(name).query(name, value)
    }

    /// `$select`: only these properties are returned (`select(&["id", "displayName"])`).
    pub fn select(self, properties: &[&str]) -> Self {
        self.option("$select", &properties.join(","))
    }

    /// `$filter`: only items matching this OData expression, e.g.
    /// `filter("startswith(displayName,'A')")`. String literals are in single quotes, with a
    /// quote inside doubled (`'O''Brien'`); the whole expression is percent-encoded here.
    pub fn filter(self, expression: &str) -> Self {
        self.option("$filter", expression)
    }

    /// `$orderby`: sort by these properties, each optionally followed by ` asc` or ` desc`
    /// (`orderby(&["displayName desc", "id"])`).
    pub fn orderby(self, properties: &[&str]) -> Self {
        self.option("$orderby", &properties.join(","))
    }

    /// `$top`: at most `n` items (on a collection, per page).
    pub fn top(self, n: u32) -> Self {
        self.option("$top", &n.to_string())
    }

    /// `$skip`: leave out the first `n` items.
    pub fn skip(self, n: u32) -> Self {
        self.option("$skip", &n.to_string())
    }

    /// `$expand`: include these related entities
    /// (`expand(&["members($select=id)"])`).
    pub fn expand(self, relations: &[&str]) -> Self {
        self.option("$expand", &relations.join(","))
    }

    /// `$count`: ask for the total number of items (`@odata.count`, in [`Page::count`]).
    /// On directory objects Graph also wants `header("ConsistencyLevel", "eventual")`.
    pub fn count(self, count: bool) -> Self {
        self.option("$count", if count { "true" } else { "false" })
    }

    /// `$search`: full-text search. The caller writes the search expression with its
    /// double quotes, as Graph expects: `search("\"displayName:Ann\"")`; it is
    /// percent-encoded here. Directory objects also need
    /// `header("ConsistencyLevel", "eventual")`.
    pub fn search(self, expression: &str) -> Self {
        self.option("$search", expression)
    }

    /// The decoder of a 2xx body.
    pub(crate) fn decoder(&self) -> Decode<T> {
        self.decode
    }

    /// The type-erased parts of the request, for [`crate::Batch`]: method, URL, headers,
    /// body, and the error found while preparing it.
    pub(crate) fn into_parts(self) -> RequestParts {
        RequestParts {
            method: self.method,
            url: self.url,
            authorize: self.authorize,
            headers: self.headers,
            body: self.body,
            pending: self.pending,
        }
    }

    /// A `GET` of `link` (a `@odata.nextLink`) with this request's own headers and decoder;
    /// it fails with [`Error::Config`] unless `link` has the base URL's origin.
    fn follow<U>(&self, link: &str, decode: Decode<U>) -> Request<U> {
        let same_origin = self.client.is_same_origin(link);
        let mut next = Request::with_url(
            &self.client,
            Method::GET,
            link.to_owned(),
            same_origin,
            decode,
        );
        next.headers = self.headers.clone();
        if same_origin {
            next
        } else {
            next.fail_with(Error::Config(format!(
                "next link {link:?} is not on the host of the base URL {:?}; the token is \
                 never sent elsewhere",
                self.client.base_url()
            )))
        }
    }

    /// Sends the request and decodes the response.
    ///
    /// Sends `Accept: application/json`, `User-Agent`, `client-request-id`,
    /// `Authorization: Bearer <token>` when the client has a token, and
    /// `Content-Type: application/json` with a body. A 2xx response is decoded into `T`
    /// (by its status too when `T` is the enum of an operation's outcomes;
    /// [`Error::Decode`] when that fails); any other status becomes [`Error::Service`];
    /// throttling and transient failures are retried as the client's policy says (see
    /// [`crate::ClientBuilder::max_retries`]); a failure to get a response is
    /// [`Error::Transport`] when the request never left, [`Error::OutcomeUnknown`] when it
    /// may have reached the service.
    ///
    /// Dropping the returned future cancels the request and any pending retry.
    pub async fn send(self) -> Result<T, Error> {
        if let Some(error) = self.pending {
            return Err(error);
        }
        let incoming = self
            .client
            .execute(Outgoing {
                method: &self.method,
                url: &self.url,
                authorize: self.authorize,
                body: self.body.as_ref(),
                headers: &self.headers,
            })
            .await?;
        (self.decode)(incoming.status, &incoming.body).map_err(|source| Error::Decode {
            status: incoming.status,
            source,
            body: String::from_utf8_lossy(&incoming.body).into_owned(),
        })
    }
}

/// The type-erased parts of a [`Request`].
pub(crate) struct RequestParts {
    pub(crate) method: Method,
    pub(crate) url: String,
    pub(crate) authorize: bool,
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    pub(crate) body: Option<Bytes>,
    pub(crate) pending: Option<Error>,
}

impl<T: Send + 'static, P> Request<Page<T>, P> {
    /// Sends the request and then a `GET` of every `@odata.nextLink`, yielding each page.
    ///
    /// The next link is followed as the service wrote it, with this request's own headers
    /// (e.g. `ConsistencyLevel`, `Prefer`) sent again on every page; each page has the same
    /// retry policy. A next link on another origin than the base URL yields an
    /// [`Error::Config`] (the token is never sent elsewhere), a next link that repeats the
    /// current URL an [`Error::Protocol`]. The stream ends after the last page or after the
    /// first error.
    pub fn pages(self) -> impl Stream<Item = Result<Page<T>, Error>> + Send + 'static {
        futures_util::stream::unfold(Some(self.erase()), |state| async move {
            let request = state?;
            let url = request.url.clone();
            let template = request.follow::<Page<T>>(&url, request.decode);
            match request.send().await {
                Ok(page) => {
                    let next = match page.next_link.as_deref() {
                        Some(link) if link == url => Some(template.fail_with(Error::Protocol(
                            format!("@odata.nextLink {link:?} repeats the page just read"),
                        ))),
                        Some(link) => Some(template.follow(link, template.decode)),
                        None => None,
                    };
                    Some((Ok(page), next))
                }
                Err(e) => Some((Err(e), None)),
            }
        })
    }

    /// Like [`Request::pages`], but yields the items of every page one by one.
    ///
    /// ```ignore
    /// use futures_util::TryStreamExt as _;
    /// # async fn run(client: graph_api::Client) -> Result<(), graph_api::Error> {
    /// let mut items = std::pin::pin!(client
    ///     .list_user_pfx_certificates()
    ///     .top(100)
    ///     .header("ConsistencyLevel", "eventual")
    ///     .stream());
    /// while let Some(cert) = items.try_next().await? {
    ///     println!("{:?}", cert.id);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn stream(self) -> impl Stream<Item = Result<T, Error>> + Send + 'static {
        struct State<S, T> {
            pages: std::pin::Pin<Box<S>>,
            items: VecDeque<T>,
        }
        let state = State {
            pages: Box::pin(self.pages()),
            items: VecDeque::new(),
        };
        futures_util::stream::unfold(state, |mut state| async move {
            loop {
                if let Some(item) = state.items.pop_front() {
                    return Some((Ok(item), state));
                }
                match futures_util::StreamExt::next(&mut state.pages).await? {
                    Ok(page) => state.items.extend(page.value),
                    Err(e) => return Some((Err(e), state)),
                }
            }
        })
    }

    /// Reads every page and returns all the items (see [`Request::pages`]).
    pub async fn collect_all(self) -> Result<Vec<T>, Error> {
        let mut all = Vec::new();
        let mut pages = std::pin::pin!(self.pages());
        while let Some(page) = futures_util::StreamExt::next(&mut pages).await {
            all.extend(page?.value);
        }
        Ok(all)
    }
}

impl<T, P> fmt::Debug for Request<T, P> {
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
            .retry_base_delay(std::time::Duration::from_millis(1))
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
        assert_eq!(
            received.header("user-agent"),
            Some(crate::runtime::client::DEFAULT_USER_AGENT)
        );
        let id = received.header("client-request-id").unwrap();
        assert_eq!(id.len(), 36, "{id}");
        assert_eq!(received.body, br#"{"name":"x"}"#);
    }

    #[test]
    fn query_options_are_encoded() {
        let c = client("https://example.test/beta");
        let request = Request::new(&c, Method::GET, "/users".into(), decode_empty)
            .select(&["id", "displayName"])
            .filter("startswith(displayName,'A&B') and x eq 'it''s'")
            .orderby(&["displayName desc", "id"])
            .top(5)
            .skip(10)
            .expand(&["manager($select=id)"])
            .count(true)
            .search("\"displayName:Ann Lee\"")
            .query("$format", "a+b");
        assert_eq!(
            request.url(),
            "https://example.test/beta/users?$select=id,displayName\
             &$filter=startswith(displayName,%27A%26B%27)%20and%20x%20eq%20%27it%27%27s%27\
             &$orderby=displayName%20desc,id&$top=5&$skip=10&$expand=manager($select%3Did)\
             &$count=true&$search=%22displayName:Ann%20Lee%22&$format=a%2Bb"
        );
        // A typed option given again replaces the first; `query` appends.
        let request = Request::new(&c, Method::GET, "/users".into(), decode_empty)
            .top(1)
            .query("x", "1")
            .top(2)
            .query("x", "2");
        assert_eq!(
            request.url(),
            "https://example.test/beta/users?x=1&$top=2&x=2"
        );
        let only = Request::new(&c, Method::GET, "/users".into(), decode_empty)
            .top(1)
            .top(3);
        assert_eq!(only.url(), "https://example.test/beta/users?$top=3");
    }

    #[test]
    fn typed_parameters_are_sent_in_the_default_styles() {
        let c = client("https://example.test/v1");
        let request = Request::new(&c, Method::GET, "/items".into(), decode_empty)
            .param("limit", &5u32)
            .param("tags", &["a b", "c&d"])
            .param("flag", &true)
            .param("ratio", &0.5f64)
            .param("limit", &7u32)
            .param("none", &Option::<u32>::None)
            .header_param("X-Ids", &["1", "2"])
            .mark::<u8>();
        assert_eq!(
            request.url(),
            "https://example.test/v1/items?tags=a%20b&tags=c%26d&flag=true&ratio=0.5&limit=7"
        );
        let parts = request.erase().into_parts();
        assert!(parts.pending.is_none());
        assert_eq!(
            parts.headers,
            [(
                HeaderName::from_static("x-ids"),
                HeaderValue::from_static("1,2")
            )]
        );
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
    async fn the_decoder_sees_the_status() {
        fn by_status(status: u16, body: &[u8]) -> Result<(u16, String), serde_json::Error> {
            Ok((status, String::from_utf8_lossy(body).into_owned()))
        }
        let (base, server) = serve_once("202 Accepted", &[], "queued");
        let got = Request::new(&client(&base), Method::POST, "/x".into(), by_status)
            .send()
            .await
            .unwrap();
        server.join().unwrap();
        assert_eq!(got, (202, "queued".to_owned()));
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
