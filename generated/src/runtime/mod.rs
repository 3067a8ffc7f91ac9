//! The hand-written runtime that the generated code calls: the [`client::Client`], prepared
//! [`request::Request`]s, the [`error::Error`] type, collection [`page::Page`]s and the
//! [`edm`] primitive types.

pub mod client;
pub mod edm;
pub mod error;
pub mod page;
pub mod request;

use std::fmt;

/// Percent-encodes one path segment: every byte except the RFC 3986 unreserved characters
/// (`ALPHA / DIGIT / "-" / "." / "_" / "~"`) becomes `%XX` (uppercase hex, UTF-8 bytes).
// Used by the generated request methods; not every spec needs every helper.
#[allow(dead_code)]
pub(crate) fn encode_path_segment(s: &str) -> String {
    percent_encode(s, |_| false)
}

/// Percent-encodes a query-string name or value like [`encode_path_segment`], but keeps `$`
/// so that OData system query options read naturally (`$top=5`).
pub(crate) fn encode_query_component(s: &str) -> String {
    percent_encode(s, |b| b == b'$')
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

/// Decodes a JSON response body into `T`.
pub(crate) fn decode_json<T: serde::de::DeserializeOwned>(
    body: &[u8],
) -> Result<T, serde_json::Error> {
    serde_json::from_slice(body)
}

/// Decoder for operations that return no content: ignores the body.
// Used by the generated request methods; not every spec needs every helper.
#[allow(dead_code)]
pub(crate) fn decode_empty(_body: &[u8]) -> Result<(), serde_json::Error> {
    Ok(())
}

/// A `Debug` view of a secret optional value: prints `None` or `Some(<redacted>)`, never the
/// value itself.
// Used by the generated Debug impls; not every spec has secret properties.
#[allow(dead_code)]
pub(crate) fn redacted<T>(value: &Option<T>) -> impl fmt::Debug + '_ {
    Redacted(value.is_some())
}

struct Redacted(bool);

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0 { "Some(<redacted>)" } else { "None" })
    }
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
    fn encode_query_component_keeps_dollar() {
        assert_eq!(encode_query_component("$filter"), "$filter");
        assert_eq!(
            encode_query_component("name eq 'a&b'"),
            "name%20eq%20%27a%26b%27"
        );
    }

    #[test]
    fn decoders() {
        let v: Vec<i32> = decode_json(b"[1,2]").unwrap();
        assert_eq!(v, vec![1, 2]);
        assert!(decode_json::<Vec<i32>>(b"{").is_err());
        assert!(decode_empty(b"").is_ok());
        assert!(decode_empty(b"not json").is_ok());
    }

    #[test]
    fn redacted_never_prints_the_value() {
        let secret = Some("hunter2".to_string());
        let shown = format!("{:?}", redacted(&secret));
        assert_eq!(shown, "Some(<redacted>)");
        assert_eq!(format!("{:?}", redacted::<String>(&None)), "None");
    }
}
