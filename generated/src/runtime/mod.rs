//! The hand-written runtime that the generated code calls: the [`client::Client`], prepared
//! [`request::Request`]s (sent with retries by `send`), the [`error::Error`] type,
//! collection [`page::Page`]s, three-state [`patch::Patch`] properties, [`batch::Batch`]es,
//! [`auth::TokenProvider`]s and the [`edm`] primitive types. [`exports`] lists what the
//! crate root re-exports.

pub mod auth;
pub mod batch;
pub mod client;
pub mod edm;
pub mod error;
pub mod exports;
pub(crate) mod macros;
pub(crate) mod model;
pub(crate) mod nav;
pub mod page;
pub mod patch;
pub(crate) mod prelude;
pub mod request;
mod send;
mod timestamp;

use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

/// Percent-encodes one path segment: every byte except the RFC 3986 unreserved characters
/// (`ALPHA / DIGIT / "-" / "." / "_" / "~"`) becomes `%XX` (uppercase hex, UTF-8 bytes).
// Used by the generated request methods; not every spec needs every helper.
#[allow(dead_code)]
pub(crate) fn encode_path_segment(s: &str) -> String {
    percent_encode(s, |_| false)
}

/// Percent-encodes a query-string name like [`encode_path_segment`], but keeps `$` so that
/// OData system query options read naturally (`$top=5`).
pub(crate) fn encode_query_component(s: &str) -> String {
    percent_encode(s, |b| b == b'$')
}

/// Percent-encodes a query-string value (RFC 3986): like [`encode_query_component`], and
/// also keeps `, ( ) / : @ *`, which OData uses as punctuation (`$select=id,name`,
/// `startswith(displayName,...)`). Everything that could end or change the value
/// (`& = + # % ;`, spaces, quotes, non-ASCII) is escaped, so a space is `%20` and the quotes
/// of an OData string literal are `%27`.
pub(crate) fn encode_query_value(s: &str) -> String {
    percent_encode(s, |b| {
        matches!(b, b'$' | b',' | b'(' | b')' | b'/' | b':' | b'@' | b'*')
    })
}

fn percent_encode(s: &str, keep: impl Fn(u8) -> bool) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') || keep(b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0x0F)]));
        }
    }
    out
}

/// The texts a typed parameter value is sent as: a string as it is, a number or a boolean
/// as JSON writes it, an enum as its wire value (it serializes as one), every item of a
/// list, nothing for `null`; anything else (an object) as its JSON text.
// Used by the generated request methods; not every document has parameters.
#[allow(dead_code)]
pub(crate) fn param_values<V: serde::Serialize + ?Sized>(
    value: &V,
) -> Result<Vec<String>, serde_json::Error> {
    fn text(v: serde_json::Value) -> Option<String> {
        match v {
            serde_json::Value::Null => None,
            serde_json::Value::String(s) => Some(s),
            serde_json::Value::Bool(b) => Some(b.to_string()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            other => Some(other.to_string()),
        }
    }
    Ok(match serde_json::to_value(value)? {
        serde_json::Value::Array(items) => items.into_iter().filter_map(text).collect(),
        other => text(other).into_iter().collect(),
    })
}

/// The text a typed path parameter's value is written as, before it is percent-encoded: a
/// string as it is (an enum's wire value, a union's string alternative), anything else as
/// its JSON text (a number, a boolean, or a union's unknown value that is no string). A
/// value `serde_json` cannot write (no generated type is one) is empty.
// Used by the generated navigation and request methods; not every document has typed
// path parameters.
#[allow(dead_code)]
pub(crate) fn path_text<V: serde::Serialize + ?Sized>(value: &V) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// Decodes a JSON response body into `T`.
pub(crate) fn decode_json<T: serde::de::DeserializeOwned>(
    _status: u16,
    body: &[u8],
) -> Result<T, serde_json::Error> {
    serde_json::from_slice(body)
}

/// Decodes a returned primitive or enum, which OData wraps as `{"value": x}`.
// Used by the generated request methods; not every spec needs every helper.
#[allow(dead_code)]
pub(crate) fn decode_value<T: serde::de::DeserializeOwned>(
    _status: u16,
    body: &[u8],
) -> Result<T, serde_json::Error> {
    #[derive(serde::Deserialize)]
    struct Wrapped<T> {
        value: T,
    }
    serde_json::from_slice::<Wrapped<T>>(body).map(|w| w.value)
}

/// Decodes a text response (`text/plain`, ...): the body as text, invalid UTF-8 replaced.
// Used by the generated request methods; few specs have such responses.
#[allow(dead_code)]
pub(crate) fn decode_text(_status: u16, body: &[u8]) -> Result<String, serde_json::Error> {
    Ok(String::from_utf8_lossy(body).into_owned())
}

/// Decodes a binary response (`application/octet-stream`, ...): the body's bytes as sent.
// Used by the generated request methods; few specs have such responses.
#[allow(dead_code)]
pub(crate) fn decode_bytes(
    _status: u16,
    body: &[u8],
) -> Result<crate::edm::Binary, serde_json::Error> {
    Ok(crate::edm::Binary(body.to_vec()))
}

/// Decodes an `Edm.Stream` response: the body's bytes as the service sent them, except
/// that the form the pages document, `{"value": "<base64>"}`, is unwrapped to the bytes
/// it encodes. Never fails: a body that is not that form is returned whole.
// Used by the generated request methods; not every spec needs every helper.
#[allow(dead_code)]
pub(crate) fn decode_stream(
    _status: u16,
    body: &[u8],
) -> Result<crate::edm::Binary, serde_json::Error> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Wrapped {
        value: String,
    }
    let unwrapped = serde_json::from_slice::<Wrapped>(body)
        .ok()
        .and_then(|w| crate::edm::Binary::from_base64(&w.value).ok());
    Ok(unwrapped.unwrap_or_else(|| crate::edm::Binary(body.to_vec())))
}

/// The type an `@odata.type` annotation of a JSON object names, without the `#` and the
/// `microsoft.graph.` namespace (`"#microsoft.graph.windows10Policy"` → `windows10Policy`);
/// empty when there is none. The generated `Any*` enums pick their variant by it.
// Used by the generated `Any*` enums; not every spec has one.
#[allow(dead_code)]
pub(crate) fn odata_type_of(value: &serde_json::Value) -> &str {
    value
        .get("@odata.type")
        .and_then(serde_json::Value::as_str)
        .map(|t| {
            t.trim_start_matches('#')
                .trim_start_matches("microsoft.graph.")
        })
        .unwrap_or_default()
}

/// What the enum of an operation's outcomes answers for a 2xx status none of its
/// variants stands for: [`crate::Error::Decode`] then keeps the status and the body.
// Used by the generated outcome enums; few specs have them.
#[allow(dead_code)]
pub(crate) fn unexpected_status(status: u16) -> serde_json::Error {
    serde::de::Error::custom(format!(
        "status {status} is none of the success responses the operation documents"
    ))
}

/// Decoder for operations that return no content: ignores the body.
// Used by the generated request methods; not every spec needs every helper.
#[allow(dead_code)]
pub(crate) fn decode_empty(_status: u16, _body: &[u8]) -> Result<(), serde_json::Error> {
    Ok(())
}

/// A value whose `Debug` view can be redacted: an `Option` or a [`patch::Patch`].
pub(crate) trait Redact {
    /// What `Debug` shows instead of the value.
    fn redacted_view(&self) -> &'static str;
}

impl<T> Redact for Option<T> {
    fn redacted_view(&self) -> &'static str {
        if self.is_some() {
            "Some(<redacted>)"
        } else {
            "None"
        }
    }
}

impl<T> Redact for patch::Patch<T> {
    fn redacted_view(&self) -> &'static str {
        match self {
            patch::Patch::Absent => "Absent",
            patch::Patch::Null => "Null",
            patch::Patch::Set(_) => "Set(<redacted>)",
        }
    }
}

/// A `Debug` view of a secret value: prints `None` or `Some(<redacted>)` for an `Option`,
/// `Absent`, `Null` or `Set(<redacted>)` for a [`patch::Patch`], never the value itself.
// Used by the generated Debug impls; not every spec has secret properties.
#[allow(dead_code)]
pub(crate) fn redacted<V: Redact + ?Sized>(value: &V) -> impl fmt::Debug {
    Redacted(value.redacted_view())
}

struct Redacted(&'static str);

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// 64 random bits, for request ids and backoff jitter (not for cryptography): SipHash of a
/// process-wide counter and the clock, keyed by the standard library's randomly seeded
/// `RandomState`.
pub(crate) fn random_u64() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    hasher.write_u128(nanos);
    hasher.finish()
}

/// A random (version 4) UUID in its hyphenated lowercase form, for `client-request-id`.
pub(crate) fn uuid_v4() -> String {
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&random_u64().to_le_bytes());
    bytes[8..].copy_from_slice(&random_u64().to_le_bytes());
    bytes[6] = (bytes[6] & 0x0F) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3F) | 0x80; // RFC 4122 variant
    let mut out = String::with_capacity(36);
    for (i, b) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// A one-shot HTTP/1.1 server for tests: answers one request with a canned response and
/// hands back the raw request it received.
#[cfg(test)]
pub(crate) mod test_server {
    use std::io::{Read, Write};
    use std::net::TcpListener;
    use std::thread::JoinHandle;

    /// A request as the server received it.
    pub(crate) struct Received {
        /// Request line and headers, as text.
        pub(crate) head: String,
        /// The body bytes (as announced by Content-Length).
        pub(crate) body: Vec<u8>,
    }

    impl Received {
        /// The value of the first header named `name` (case-insensitive).
        pub(crate) fn header(&self, name: &str) -> Option<&str> {
            self.head.lines().skip(1).find_map(|line| {
                let (n, v) = line.split_once(':')?;
                n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
            })
        }

        /// The request line, e.g. `GET /path HTTP/1.1`.
        pub(crate) fn request_line(&self) -> &str {
            self.head.lines().next().unwrap_or("")
        }
    }

    /// Starts the server; returns its base URL and a handle yielding the received request.
    pub(crate) fn serve_once(
        status_line: &str,
        extra_headers: &[(&str, &str)],
        body: &str,
    ) -> (String, JoinHandle<Received>) {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("addr");
        let mut response = format!(
            "HTTP/1.1 {status_line}\r\nContent-Length: {}\r\nConnection: close\r\n",
            body.len()
        );
        for (n, v) in extra_headers {
            response.push_str(&format!("{n}: {v}\r\n"));
        }
        response.push_str("\r\n");
        response.push_str(body);
        let handle = std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().expect("accept");
            let mut buf = Vec::new();
            let mut chunk = [0u8; 4096];
            let head_end = loop {
                let n = stream.read(&mut chunk).expect("read");
                assert!(n > 0, "connection closed before the request head ended");
                buf.extend_from_slice(&chunk[..n]);
                if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                    break pos + 4;
                }
            };
            let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
            let mut received = Received {
                head,
                body: buf[head_end..].to_vec(),
            };
            let len: usize = received
                .header("content-length")
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            while received.body.len() < len {
                let n = stream.read(&mut chunk).expect("read body");
                assert!(n > 0, "connection closed before the body ended");
                received.body.extend_from_slice(&chunk[..n]);
            }
            stream.write_all(response.as_bytes()).expect("write");
            stream.flush().expect("flush");
            received
        });
        (format!("http://{addr}"), handle)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_stream_unwraps_the_documented_form_and_keeps_anything_else() {
        let documented = br#"{"value": "aGVsbG8="}"#;
        assert_eq!(
            decode_stream(200, documented).map(|b| b.0).ok(),
            Some(b"hello".to_vec())
        );
        for raw in [
            &b"col1,col2\n1,2"[..],
            br#"{"Schema": [], "Values": []}"#,
            br#"{"value": "not base64!"}"#,
            b"",
        ] {
            assert_eq!(
                decode_stream(200, raw).map(|b| b.0).ok(),
                Some(raw.to_vec())
            );
        }
    }

    #[test]
    fn encode_path_segment_keeps_unreserved() {
        assert_eq!(encode_path_segment("AZaz09-._~"), "AZaz09-._~");
    }

    #[test]
    fn encode_path_segment_escapes_reserved_and_non_ascii() {
        assert_eq!(encode_path_segment("a b"), "a%20b");
        assert_eq!(encode_path_segment("a/b"), "a%2Fb");
        assert_eq!(encode_path_segment("a?b#c"), "a%3Fb%23c");
        assert_eq!(encode_path_segment("it's \"x\""), "it%27s%20%22x%22");
        assert_eq!(encode_path_segment("é"), "%C3%A9");
        assert_eq!(encode_path_segment("日"), "%E6%97%A5");
        assert_eq!(encode_path_segment("a%b+c"), "a%25b%2Bc");
        assert_eq!(encode_path_segment(""), "");
    }

    #[test]
    fn path_text_is_a_string_as_it_is_and_anything_else_as_json() {
        assert_eq!(path_text("a b"), "a b");
        assert_eq!(path_text(&7_i64), "7");
        assert_eq!(path_text(&u64::MAX), "18446744073709551615");
        assert_eq!(path_text(&1.5_f64), "1.5");
        assert_eq!(path_text(&true), "true");
        assert_eq!(path_text(&serde_json::json!({"a": 1})), r#"{"a":1}"#);
        assert_eq!(path_text(&serde_json::Value::Null), "null");
        assert_eq!(
            encode_path_segment(&path_text(&serde_json::json!(["x", 2]))),
            "%5B%22x%22%2C2%5D"
        );
    }

    #[test]
    fn encode_query_component_keeps_dollar() {
        assert_eq!(encode_query_component("$filter"), "$filter");
        assert_eq!(
            encode_query_component("name eq 'a&b'"),
            "name%20eq%20%27a%26b%27"
        );
    }

    #[test]
    fn decoders() {
        let v: Vec<i32> = decode_json(200, b"[1,2]").unwrap();
        assert_eq!(v, vec![1, 2]);
        assert!(decode_json::<Vec<i32>>(200, b"{").is_err());
        assert!(decode_empty(204, b"").is_ok());
        assert!(decode_empty(200, b"not json").is_ok());
        let e = unexpected_status(201).to_string();
        assert!(e.contains("status 201 is none of"), "{e}");
    }

    #[test]
    fn encode_query_value_keeps_odata_punctuation() {
        assert_eq!(encode_query_value("id,displayName"), "id,displayName");
        assert_eq!(
            encode_query_value("startswith(displayName,'A&B') and x eq \"y\""),
            "startswith(displayName,%27A%26B%27)%20and%20x%20eq%20%22y%22"
        );
        assert_eq!(encode_query_value("a+b=c;d#e%f"), "a%2Bb%3Dc%3Bd%23e%25f");
        assert_eq!(
            encode_query_value("2024-01-01T00:00:00Z"),
            "2024-01-01T00:00:00Z"
        );
        assert_eq!(encode_query_value("é"), "%C3%A9");
    }

    #[test]
    fn redacted_never_prints_the_value() {
        let secret = Some("hunter2".to_string());
        let shown = format!("{:?}", redacted(&secret));
        assert_eq!(shown, "Some(<redacted>)");
        assert_eq!(format!("{:?}", redacted(&None::<String>)), "None");
        let set = patch::Patch::Set("hunter2".to_string());
        assert_eq!(format!("{:?}", redacted(&set)), "Set(<redacted>)");
        assert_eq!(format!("{:?}", redacted(&patch::Patch::<u8>::Null)), "Null");
        assert_eq!(
            format!("{:?}", redacted(&patch::Patch::<u8>::Absent)),
            "Absent"
        );
        // The form the generated Patch Debug impls use.
        assert_eq!(format!("{:?}", redacted(&Some(()))), "Some(<redacted>)");
    }

    #[test]
    fn uuids_are_v4_and_distinct() {
        let a = uuid_v4();
        let b = uuid_v4();
        assert_ne!(a, b);
        for id in [&a, &b] {
            assert_eq!(id.len(), 36, "{id}");
            let parts: Vec<&str> = id.split('-').collect();
            assert_eq!(
                parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
                [8, 4, 4, 4, 12]
            );
            assert!(parts[2].starts_with('4'), "{id}");
            assert!(matches!(&parts[3][..1], "8" | "9" | "a" | "b"), "{id}");
            assert!(id.bytes().all(|c| c == b'-' || c.is_ascii_hexdigit()));
        }
    }
}
