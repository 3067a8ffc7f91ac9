//! Method (API) pages: HTTP request lines, permissions, headers, request body, the
//! Response sentence and the examples.

use super::markdown::{Block, Inline};
use super::page::{header_names, paragraphs, tables, Page, Section};
use super::typecell::{clean_name, is_identifier, property_rows};
use crate::diagnostics::Diagnostics;
use crate::diagnostics::Kind;
use crate::ir::{
    Edm, Example, ExampleKind, Header, HttpMethod, HttpPath, Operation, PathSegment, Permission,
    RequestBody, Response, ResponseBody, Source, TypeKind, TypeRef,
};

/// Reads a method page into an operation. Returns `None` (with an error) only when the
/// page has no usable HTTP request line at all.
pub fn parse(page: &Page, diags: &mut Diagnostics) -> Option<Operation> {
    let file = page.file.as_str();
    let (title, title_line) = match page.title() {
        Some((t, l)) => (t.to_owned(), l),
        None => {
            diags.error(
                file,
                1,
                Kind::MissingTitle,
                "expected an H1 title (`# Create x`) on a method page",
            );
            return None;
        }
    };
    let src = |line| Source {
        file: file.to_owned(),
        line,
    };

    let paths = http_paths(page, diags);
    if paths.is_empty() {
        diags.error(
            file,
            title_line,
            Kind::NoHttpRequest,
            "expected an `## HTTP Request` section with a ```http block of `METHOD /path` lines; page skipped",
        );
        return None;
    }

    let permissions = page
        .section("Prerequisites")
        .map(permissions)
        .unwrap_or_default();
    let headers = page
        .section("Request headers")
        .map(headers)
        .unwrap_or_default();
    let query_options = page
        .sections()
        .iter()
        .any(|s| s.title.eq_ignore_ascii_case("Optional query parameters"));
    let request_body = match page.section("Request body") {
        Some(s) => request_body(s, file, diags),
        None => {
            diags.warn(
                file,
                title_line,
                Kind::MissingSection,
                "expected a `## Request body` section; assuming no body",
            );
            None
        }
    };
    let response = match page.section("Response") {
        Some(s) => response(s, file, diags),
        None => {
            diags.error(
                file,
                title_line,
                Kind::MissingSection,
                "expected a `## Response` section with \"If successful, this method returns a `200 OK` response code ...\"; assuming 200 with no body",
            );
            Response {
                status: 200,
                body: ResponseBody::None,
                source: src(title_line),
            }
        }
    };

    Some(Operation {
        title,
        description: page.description(),
        paths,
        permissions,
        headers,
        query_options,
        request_body,
        response,
        examples: examples(page),
        source: src(title_line),
    })
}

fn http_paths(page: &Page, diags: &mut Diagnostics) -> Vec<HttpPath> {
    let file = page.file.as_str();
    let mut out = Vec::new();
    for s in page.sections() {
        if !s.title.eq_ignore_ascii_case("HTTP Request") {
            continue;
        }
        for b in s.blocks {
            let Block::Code { lang, text, line } = b else {
                continue;
            };
            if !(lang == "http" || lang.is_empty()) {
                continue;
            }
            for (i, raw) in text.lines().enumerate() {
                let l = raw.trim();
                let line = line + 1 + i;
                if l.is_empty() {
                    continue;
                }
                if let Some(p) = http_line(l, file, line, diags) {
                    out.push(p);
                }
            }
        }
    }
    out
}

/// Reads one `METHOD /path` line.
fn http_line(l: &str, file: &str, line: usize, diags: &mut Diagnostics) -> Option<HttpPath> {
    let (m, rest) = l.split_once(char::is_whitespace).unwrap_or((l, ""));
    let Some(method) = HttpMethod::parse(m) else {
        diags.warn(
            file,
            line,
            Kind::BadHttpLine,
            format!("expected `GET|POST|PUT|PATCH|DELETE /path`, found `{l}`; line skipped"),
        );
        return None;
    };
    let template = rest.trim();
    if !template.starts_with('/') {
        diags.error(
            file,
            line,
            Kind::BadHttpLine,
            format!(
                "expected a path starting with `/` after {m}, found `{template}`; line skipped"
            ),
        );
        return None;
    }
    let template = template.split('?').next().unwrap_or(template).to_owned();
    let segments = path_segments(&template);
    Some(HttpPath {
        method,
        template,
        segments,
        addressed: Vec::new(),
        source: Source {
            file: file.to_owned(),
            line,
        },
    })
}

/// The segments of a path template: `{x}` filling a whole segment is a parameter,
/// everything else literal text.
pub fn path_segments(template: &str) -> Vec<PathSegment> {
    template
        .split('/')
        .filter(|s| !s.is_empty())
        .map(
            |s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(p) if !p.contains(['{', '}']) => PathSegment::Param(p.trim().to_owned()),
                _ => PathSegment::Literal(s.to_owned()),
            },
        )
        .collect()
}

fn permissions(s: Section<'_>) -> Vec<Permission> {
    let mut out = Vec::new();
    for t in tables(s.blocks) {
        let Block::Table { rows, .. } = t else {
            continue;
        };
        for r in rows {
            let (Some(kind), Some(perms)) = (r.cells.first(), r.cells.get(1)) else {
                continue;
            };
            let scopes = if perms.text.to_ascii_lowercase().starts_with("not supported") {
                Vec::new()
            } else {
                perms
                    .text
                    .split(',')
                    .map(|p| p.trim().trim_end_matches('.').to_owned())
                    .filter(|p| !p.is_empty())
                    .collect()
            };
            out.push(Permission {
                kind: kind.text.clone(),
                scopes,
            });
        }
    }
    out
}

fn headers(s: Section<'_>) -> Vec<Header> {
    let mut out = Vec::new();
    for t in tables(s.blocks) {
        let Block::Table { rows, .. } = t else {
            continue;
        };
        for r in rows {
            if let (Some(n), Some(v)) = (r.cells.first(), r.cells.get(1)) {
                out.push(Header {
                    name: n.text.clone(),
                    value: v.text.clone(),
                });
            }
        }
    }
    out
}

/// The type a "JSON representation of/for the X object" sentence names.
fn represented_type(p: &Inline) -> Option<TypeRef> {
    let lower = p.text.to_ascii_lowercase();
    let at = lower.find("representation")?;
    let after = &p.text[at..];
    // A link after "representation" names the type.
    if let Some(link) = p.links.iter().find(|l| after.contains(&l.text)) {
        return Some(TypeRef {
            kind: TypeKind::Unresolved {
                name: clean_name(&link.text),
                link: Some(link.dest.clone()),
            },
            collection: false,
        });
    }
    // Otherwise "... for the userPFXCertificate object".
    let words: Vec<&str> = after.split_whitespace().collect();
    let i = words.iter().position(|w| *w == "the")?;
    let name = clean_name(words.get(i + 1)?.trim_end_matches('.'));
    if name == "parameters" || !is_identifier(&name) {
        return None;
    }
    Some(TypeRef {
        kind: TypeKind::Unresolved { name, link: None },
        collection: false,
    })
}

fn request_body(s: Section<'_>, file: &str, diags: &mut Diagnostics) -> Option<RequestBody> {
    let paras: Vec<_> = paragraphs(s.blocks).collect();
    if paras.iter().any(|(p, _)| {
        p.text
            .to_ascii_lowercase()
            .contains("do not supply a request body")
    }) {
        return None;
    }
    let mut props = Vec::new();
    for t in tables(s.blocks) {
        if let Block::Table { header, rows, line } = t {
            let h = header_names(header);
            if h.get(1).is_none_or(|c| c != "type") {
                diags.warn(
                    file,
                    *line,
                    Kind::MalformedTable,
                    format!("expected a | Property | Type | Description | table in Request body, found | {} |", h.join(" | ")),
                );
                continue;
            }
            props.extend(property_rows(rows, file, header.len(), diags));
        }
    }
    if let Some(ty) = paras.iter().find_map(|(p, _)| represented_type(p)) {
        return Some(RequestBody::Type {
            ty,
            properties: props,
        });
    }
    if !props.is_empty() {
        return Some(RequestBody::Parameters { parameters: props });
    }
    if paras.is_empty() {
        diags.warn(
            file,
            s.line,
            Kind::EmptySection,
            "Request body section is empty; assuming no body",
        );
    } else if paras.iter().any(|(p, _)| {
        p.text
            .to_ascii_lowercase()
            .contains("json representation of the parameters")
    }) {
        return Some(RequestBody::Parameters {
            parameters: Vec::new(),
        });
    } else {
        diags.warn(
            file,
            s.line,
            Kind::UnreadRequestBody,
            "could not tell the request body from the prose; expected \"Do not supply a request body\", \"supply a JSON representation of [x](...)\" or a property table; assuming no body",
        );
    }
    None
}

/// The first three-digit status code in the sentence.
fn status_code(text: &str) -> Option<u16> {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(2)).find_map(|i| {
        let w = &b[i..i + 3];
        let boundary_before = i == 0 || !b[i - 1].is_ascii_digit();
        let boundary_after = b.get(i + 3).is_none_or(|c| !c.is_ascii_digit());
        if w.iter().all(u8::is_ascii_digit)
            && boundary_before
            && boundary_after
            && (b'1'..=b'5').contains(&w[0])
        {
            text[i..i + 3].parse().ok()
        } else {
            None
        }
    })
}

fn response(s: Section<'_>, file: &str, diags: &mut Diagnostics) -> Response {
    let src = |line| Source {
        file: file.to_owned(),
        line,
    };
    let Some((p, line)) = paragraphs(s.blocks)
        .find(|(p, _)| p.text.contains("returns") || status_code(&p.text).is_some())
    else {
        diags.error(
            file,
            s.line,
            Kind::UnreadResponse,
            "expected \"If successful, this method returns a `200 OK` response code ...\" in the Response section; assuming 200 with no body",
        );
        return Response {
            status: 200,
            body: ResponseBody::None,
            source: src(s.line),
        };
    };
    let status = status_code(&p.text).unwrap_or_else(|| {
        diags.error(
            file,
            line,
            Kind::UnreadResponse,
            "no status code in the Response sentence; expected e.g. `200 OK`; assuming 200",
        );
        200
    });
    let text = &p.text;
    let lower = text.to_ascii_lowercase();
    let body = if let Some(link) = p
        .links
        .iter()
        .find(|l| l.dest.ends_with(".md") || l.dest.contains("resources"))
    {
        let ty = TypeRef {
            kind: TypeKind::Unresolved {
                name: clean_name(&link.text),
                link: Some(link.dest.clone()),
            },
            collection: false,
        };
        let collection = lower
            .contains(&format!("collection of {}", link.text.to_ascii_lowercase()))
            || lower.contains(&format!("{} collection", link.text.to_ascii_lowercase()));
        if collection {
            ResponseBody::Collection { ty }
        } else {
            ResponseBody::Single { ty }
        }
    } else if let Some((edm, collection)) = primitive_in_body(text) {
        let ty = TypeRef {
            kind: TypeKind::Primitive { edm },
            collection: false,
        };
        if collection {
            ResponseBody::Collection { ty }
        } else {
            ResponseBody::Single { ty }
        }
    } else {
        ResponseBody::None
    };
    if status == 204 && body != ResponseBody::None {
        diags.warn(
            file,
            line,
            Kind::ContradictoryResponse,
            "the sentence says 204 No Content but also names a body; keeping the body",
        );
    }
    Response {
        status,
        body,
        source: src(line),
    }
}

/// "... and a String in the response body." / "... a String collection in the response body."
fn primitive_in_body(text: &str) -> Option<(Edm, bool)> {
    let i = text.find(" in the response body")?;
    let mut words = text[..i].split_whitespace().rev();
    let last = words.next()?;
    if last.eq_ignore_ascii_case("collection") {
        return Edm::parse(words.next()?).map(|e| (e, true));
    }
    Edm::parse(last).map(|e| (e, false))
}

fn examples(page: &Page) -> Vec<Example> {
    let Some(start) = page
        .blocks
        .iter()
        .position(|b| matches!(b, Block::Heading { text, .. } if text.to_ascii_lowercase().starts_with("example")))
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut truncated_next = false;
    for b in &page.blocks[start..] {
        match b {
            Block::Html { text, .. } => {
                truncated_next =
                    text.contains("\"truncated\": true") || text.contains("\"truncated\":true");
            }
            Block::Code { lang, text, line } if lang == "http" => {
                let mut lines = text.lines();
                let start_line = lines.next().unwrap_or("").trim().to_owned();
                let rest: Vec<&str> = lines.collect();
                let body_at = rest.iter().position(|l| l.trim().is_empty());
                let body = body_at
                    .map(|i| rest[i + 1..].join("\n").trim().to_owned())
                    .filter(|b| !b.is_empty());
                out.push(Example {
                    kind: if start_line.starts_with("HTTP/") {
                        ExampleKind::Response
                    } else {
                        ExampleKind::Request
                    },
                    start_line,
                    body,
                    truncated: truncated_next,
                    source: Source {
                        file: page.file.clone(),
                        line: *line,
                    },
                });
                truncated_next = false;
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_codes() {
        assert_eq!(status_code("returns a `201 Created` response"), Some(201));
        assert_eq!(status_code("returns a `204, No Content`"), Some(204));
        assert_eq!(status_code("no code here 12345"), None);
    }

    #[test]
    fn error_message_path_is_reported_not_panicked() {
        let mut d = Diagnostics::new();
        assert!(http_line("POST ** Collection URI for x not found", "f.md", 7, &mut d).is_none());
        assert_eq!(d.iter().next().map(|d| d.line), Some(7));
        let p = http_line("GET /a/{bId}/c?$top=1", "f.md", 1, &mut d).expect("path");
        assert_eq!(p.template, "/a/{bId}/c");
        assert_eq!(p.segments[1], PathSegment::Param("bId".into()));
    }
}
