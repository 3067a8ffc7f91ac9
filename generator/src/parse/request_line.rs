//! The lines of an HTTP request block: `METHOD /path[?query]`, and what else such blocks
//! hold (header lines, `or` between alternatives).
//!
//! Hand-written pages write the same path in many ways; they are read into one template
//! form, `/segment/{param}/call(arg='{param}')`:
//! - a host and version prefix (`https://graph.microsoft.com/beta/`, `/v1.0/`, `~/`) is
//!   dropped, a missing leading `/` added (`GET me/events`), and a method glued to its
//!   path (`DELETE/identity/...`) split off;
//! - alternatives outside the braces (`/users/{user-id} | upn/photo`) keep the first, with
//!   the path after the last (`/users/{user-id}/photo`);
//! - placeholders: `{id | userPrincipalName}` and `{id|name}` keep their first name,
//!   `<address>` becomes `{address}`, inner blanks become `-` (a name used twice in one
//!   path stays as written: the emitter names the second after its collection);
//! - call arguments written as a bare word (`rowsAbove(count=n)`,
//!   `f(userId=userId-value)`) are placeholders too (`count={n}`); quoted text and
//!   numbers stay literal;
//! - the query string (`?$filter=...`) is kept apart, for documentation.

use crate::ir::{HttpMethod, PathSegment, Piece};

/// What one non-blank line of a request block is.
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    /// A request line.
    Request(Request),
    /// `or` between two alternatives.
    Or,
    /// A header line, `name: value`.
    Header(String, String),
    /// Anything else, with what was expected.
    Unreadable(String),
}

/// A request line, read.
#[derive(Debug, PartialEq, Eq)]
pub struct Request {
    /// The method.
    pub method: HttpMethod,
    /// The normalized template.
    pub template: String,
    /// The query string written after `?`, without it.
    pub query: Option<String>,
    /// Text after the path (`(preview)`, notes): ignored.
    pub trailing: Option<String>,
}

const METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/// Reads one trimmed, non-blank line of a request block.
pub fn read(line: &str) -> Line {
    let l = line.trim();
    if l.eq_ignore_ascii_case("or") {
        return Line::Or;
    }
    let upper = l.to_ascii_uppercase();
    let method = METHODS.iter().find(|m| {
        upper.starts_with(**m)
            && l[m.len()..]
                .chars()
                .next()
                .is_none_or(|c| c.is_whitespace() || c == '/')
    });
    let Some(m) = method else {
        if let Some((name, value)) = header_line(l) {
            return Line::Header(name, value);
        }
        return Line::Unreadable(format!(
            "expected `GET|POST|PUT|PATCH|DELETE /path`, found `{l}`"
        ));
    };
    let Some(method) = HttpMethod::parse(m) else {
        return Line::Unreadable(format!("unknown method in `{l}`"));
    };
    let rest = l[m.len()..].trim_start();
    let Some(path) = strip_prefix(rest) else {
        return Line::Unreadable(format!(
            "expected a path (`/a/{{id}}/b`, `a/b` or `https://host/version/a/b`) after {m}, found `{rest}`"
        ));
    };
    let path = first_alternative(path);
    let (path, query, trailing) = split_path(&path);
    let template = normalize(&path);
    if path_segments(&template).is_empty() && template != "/" {
        return Line::Unreadable(format!("expected a path after {m}, found `{rest}`"));
    }
    Line::Request(Request {
        method,
        template,
        query,
        trailing,
    })
}

/// `workbook-session-id: {session-id}`, `Content-Type: application/json`.
fn header_line(l: &str) -> Option<(String, String)> {
    let (name, value) = l.split_once(':')?;
    let name = name.trim();
    let ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    ok.then(|| (name.to_owned(), value.trim().to_owned()))
}

/// Drops a host, a version segment and `~`, and checks what is left starts like a path:
/// `/`, a letter, `{`, `<` or `$`.
fn strip_prefix(rest: &str) -> Option<&str> {
    let mut p = rest;
    for scheme in ["https://", "http://"] {
        if let Some(after) = p.strip_prefix(scheme) {
            p = after.find('/').map_or("", |i| &after[i..]);
        }
    }
    p = p.strip_prefix('~').unwrap_or(p);
    let bare = p.trim_start_matches('/');
    for version in ["beta/", "v1.0/"] {
        if bare.starts_with(version) {
            p = &bare[version.len() - 1..];
        }
    }
    if p == "/" {
        // The service root.
        return Some(p);
    }
    let first = p.trim_start_matches('/').chars().next()?;
    (first.is_ascii_alphabetic() || matches!(first, '{' | '<' | '$')).then_some(p)
}

/// A segment with alternatives written outside its braces, `/users/{user-id} | upn/photo`
/// or `/users/{id} | {userPrincipalName}/photo`: the first alternative, with the path that
/// follows the last one (`/users/{user-id}/photo`). A `|` inside braces is
/// [`placeholder_name`]'s; a `|` after the query or trailing text is left alone.
fn first_alternative(p: &str) -> String {
    let mut depth = 0i32;
    let mut bar = None;
    for (i, c) in p.char_indices() {
        match c {
            '{' | '(' | '<' | '[' => depth += 1,
            '}' | ')' | '>' | ']' => depth = (depth - 1).max(0),
            '?' if depth == 0 => break,
            '|' if depth == 0 => {
                bar = Some(i);
                break;
            }
            // Only blanks around the `|` may come before it.
            c if c.is_whitespace() && depth == 0 && !p[i..].trim_start().starts_with('|') => break,
            _ => {}
        }
    }
    let Some(i) = bar else {
        return p.to_owned();
    };
    let (left, right) = (p[..i].trim_end(), p[i + 1..].trim_start());
    // The alternative runs to its first `/` outside braces.
    let mut depth = 0i32;
    let end = right
        .char_indices()
        .find(|&(_, c)| {
            match c {
                '{' => depth += 1,
                '}' => depth = (depth - 1).max(0),
                _ => {}
            }
            depth == 0 && (c == '/' || c.is_whitespace())
        })
        .map_or(right.len(), |(j, _)| j);
    if left.is_empty() || end == 0 {
        return p.to_owned();
    }
    format!("{left}{}", &right[end..])
}

/// Splits `path?query trailing text` at the first `?` or blank outside braces, brackets,
/// parentheses and quotes.
fn split_path(p: &str) -> (String, Option<String>, Option<String>) {
    let mut depth = 0i32;
    let mut quoted = false;
    for (i, c) in p.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            '{' | '(' | '<' | '[' if !quoted => depth += 1,
            '}' | ')' | '>' | ']' if !quoted => depth = (depth - 1).max(0),
            '?' if depth == 0 && !quoted => {
                // The query runs to the end of the line: it may hold blanks (`eq`).
                let q = p[i + 1..].trim();
                return (
                    p[..i].to_owned(),
                    (!q.is_empty()).then(|| q.to_owned()),
                    None,
                );
            }
            c if c.is_whitespace() && depth == 0 && !quoted => {
                let t = p[i..].trim();
                return (
                    p[..i].to_owned(),
                    None,
                    (!t.is_empty()).then(|| t.to_owned()),
                );
            }
            _ => {}
        }
    }
    (p.to_owned(), None, None)
}

/// A placeholder's name: the first of `a | b` alternatives, blanks as `-`.
fn placeholder_name(inner: &str) -> String {
    let first = inner.split('|').next().unwrap_or(inner).trim();
    let name: String = first
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("-")
        .chars()
        .filter(|c| !matches!(c, '{' | '}' | '/' | '\'' | '(' | ')'))
        .collect();
    if name.is_empty() {
        "value".to_owned()
    } else {
        name
    }
}

/// Normalizes a path as described in the module docs, with a leading `/`.
pub fn normalize(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 1);
    if !path.starts_with('/') {
        out.push('/');
    }
    let chars: Vec<char> = path.chars().collect();
    let push_param = |out: &mut String, inner: &str| {
        out.push('{');
        out.push_str(&placeholder_name(inner));
        out.push('}');
    };
    let mut paren = 0usize;
    let mut quoted = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let close = |open: char, close: char| {
            (c == open)
                .then(|| chars[i + 1..].iter().position(|&x| x == close))
                .flatten()
                .map(|k| i + 1 + k)
        };
        if let Some(end) = close('{', '}') {
            let inner: String = chars[i + 1..end].iter().collect();
            push_param(&mut out, &inner);
            i = end + 1;
            continue;
        }
        if let Some(end) = close('<', '>') {
            let inner: String = chars[i + 1..end].iter().collect();
            if !inner.is_empty()
                && inner
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ' '))
            {
                push_param(&mut out, &inner);
                i = end + 1;
                continue;
            }
        }
        match c {
            '\'' => quoted = !quoted,
            '(' if !quoted => paren += 1,
            ')' if !quoted => paren = paren.saturating_sub(1),
            '=' if paren > 0 && !quoted => {
                // A bare-word argument value is a placeholder: `count=n`.
                let end = chars[i + 1..]
                    .iter()
                    .position(|&x| matches!(x, ',' | ')'))
                    .map_or(chars.len(), |k| i + 1 + k);
                let value: String = chars[i + 1..end].iter().collect();
                let v = value.trim();
                let bare = !v.is_empty()
                    && v.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                    && v.chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
                    && !matches!(v, "true" | "false" | "null");
                if bare {
                    out.push('=');
                    push_param(&mut out, v);
                    i = end;
                    continue;
                }
            }
            _ => {}
        }
        out.push(c);
        i += 1;
    }
    // `a//b` and a trailing `/` say nothing.
    while out.contains("//") {
        out = out.replace("//", "/");
    }
    if out.len() > 1 && out.ends_with('/') {
        out.pop();
    }
    out
}

/// Splits a template into segments at `/`, except inside parentheses and quotes and
/// inside colon addressing (`root:/{item-path}:`, `{hostname}:/{path}`), which stays one
/// segment. A segment that is exactly `{x}` is a parameter; one with `{x}` inside is
/// [`PathSegment::Mixed`]; the rest literal.
pub fn path_segments(template: &str) -> Vec<PathSegment> {
    let mut raw: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut depth = 0usize;
    let mut quoted = false;
    let mut colon_path = false;
    let chars: Vec<char> = template.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\'' => quoted = !quoted,
            '(' | '{' if !quoted => depth += 1,
            ')' | '}' if !quoted => depth = depth.saturating_sub(1),
            ':' if depth == 0 && !quoted => {
                // `x:/` opens a path inside the segment; the next `:` closes it.
                colon_path = chars.get(i + 1) == Some(&'/') && !colon_path;
            }
            '/' if depth == 0 && !quoted && !colon_path => {
                if !cur.is_empty() {
                    raw.push(std::mem::take(&mut cur));
                }
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        raw.push(cur);
    }
    raw.into_iter().map(|s| segment(&s)).collect()
}

fn segment(s: &str) -> PathSegment {
    let mut pieces = Vec::new();
    let mut rest = s;
    while let Some(open) = rest.find('{') {
        let Some(len) = rest[open + 1..].find('}') else {
            break;
        };
        let name = &rest[open + 1..open + 1 + len];
        if name.contains('{') {
            break;
        }
        if open > 0 {
            pieces.push(Piece::Text(rest[..open].to_owned()));
        }
        pieces.push(Piece::Param(name.trim().to_owned()));
        rest = &rest[open + 2 + len..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest.to_owned()));
    }
    match pieces.as_slice() {
        [Piece::Param(p)] => PathSegment::Param(p.clone()),
        [] | [Piece::Text(_)] => PathSegment::Literal(s.to_owned()),
        _ => PathSegment::Mixed(pieces),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(l: &str) -> Request {
        match read(l) {
            Line::Request(r) => r,
            other => panic!("{l}: {other:?}"),
        }
    }

    #[test]
    fn paths_are_read_in_every_written_form() {
        assert_eq!(req("GET me/events").template, "/me/events");
        let r = req("DELETE/identity/flows/{flow-id}/providers/{id}/$ref");
        assert_eq!(r.method, HttpMethod::Delete);
        assert_eq!(r.template, "/identity/flows/{flow-id}/providers/{id}/$ref");
        assert_eq!(
            req("GET https://graph.microsoft.com/beta/sites/{site-id}/lists").template,
            "/sites/{site-id}/lists"
        );
        assert_eq!(
            req("GET /v1.0/teams/{id}/photo").template,
            "/teams/{id}/photo"
        );
        assert_eq!(req("PUT ~/things/{id1}").template, "/things/{id1}");
        assert_eq!(
            req("GET /users/{id | userPrincipalName}/contacts/{id}/photo").template,
            "/users/{id}/contacts/{id}/photo"
        );
        // Alternatives outside the braces: the first, with the path after the last.
        for l in [
            "GET /users/{user-id} | upn/photo/$value",
            "GET /users/{user-id}|{userPrincipalName}/photo/$value",
            "GET https://graph.microsoft.com/beta/users/{user-id} | {upn}/photo/$value",
        ] {
            assert_eq!(req(l).template, "/users/{user-id}/photo/$value", "{l}");
        }
        assert_eq!(req("GET /users/{id} | {upn}").template, "/users/{id}");
        let r = req("GET /things?$filter=a eq 'x|y'");
        assert_eq!(r.template, "/things");
        assert_eq!(r.query.as_deref(), Some("$filter=a eq 'x|y'"));
        let r = req("GET /things/{id} (a | b)");
        assert_eq!(r.template, "/things/{id}");
        assert_eq!(r.trailing.as_deref(), Some("(a | b)"));
        assert_eq!(
            req("POST /me/drive/root:/{item-path}:/workbook/worksheets/{id|name}/range(address='<address>')/clear").template,
            "/me/drive/root:/{item-path}:/workbook/worksheets/{id}/range(address='{address}')/clear"
        );
        assert_eq!(
            req("GET /things/rowsAbove(count=n)").template,
            "/things/rowsAbove(count={n})"
        );
        assert_eq!(
            req("GET /a/f(on='reviewer')").template,
            "/a/f(on='reviewer')"
        );
    }

    #[test]
    fn queries_and_trailing_text_are_kept_apart() {
        let r = req("GET /things?$filter=kind eq '{kind}' and x/y eq 1");
        assert_eq!(r.template, "/things");
        assert_eq!(
            r.query.as_deref(),
            Some("$filter=kind eq '{kind}' and x/y eq 1")
        );
        let r = req("GET /things/{id}   (preview)");
        assert_eq!(r.template, "/things/{id}");
        assert_eq!(r.trailing.as_deref(), Some("(preview)"));
    }

    #[test]
    fn other_lines_are_told_apart() {
        assert_eq!(read("or"), Line::Or);
        assert_eq!(
            read("workbook-session-id: {session-id}"),
            Line::Header("workbook-session-id".into(), "{session-id}".into())
        );
        assert!(matches!(
            read("POST ** Collection URI for x not found"),
            Line::Unreadable(_)
        ));
        assert!(matches!(read("GETTING started"), Line::Unreadable(_)));
        assert!(matches!(read("GET"), Line::Unreadable(_)));
    }

    #[test]
    fn segments_keep_calls_and_colon_paths_whole() {
        let s = path_segments("/me/drive/root:/{item-path}:/content");
        assert_eq!(s.len(), 4);
        assert_eq!(
            s[2],
            PathSegment::Mixed(vec![
                Piece::Text("root:/".into()),
                Piece::Param("item-path".into()),
                Piece::Text(":".into())
            ])
        );
        assert_eq!(s[2].name(), Some("root"));
        let s = path_segments("/sites/{hostname}:/{path}");
        assert_eq!(s.len(), 2);
        assert_eq!(s[1].name(), None);
        let s = path_segments("/reports/getCounts(period='{period}',from=a/b)");
        assert_eq!(s.len(), 2);
        assert_eq!(s[1].call_name(), Some("getCounts"));
        assert_eq!(path_segments("/a/delta()")[1].call_name(), Some("delta"));
        assert_eq!(path_segments("/a/{id}")[1], PathSegment::Param("id".into()));
        assert_eq!(path_segments("/a/{id}")[1].call_name(), None);
    }
}
