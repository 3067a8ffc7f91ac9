//! Method (API) pages: HTTP request lines, permissions, headers, request body, the
//! Response sentence and the examples.

use super::markdown::{Block, Inline};
use super::page::{header_names, paragraphs, tables, Page, Section};
use super::request_line::{self, Line};
use super::typecell::{clean_name, is_identifier, property_rows};
use crate::diagnostics::Diagnostics;
use crate::diagnostics::Kind;
use crate::ir::{
    Edm, Example, ExampleKind, Header, HttpMethod, HttpPath, Operation, ParamIn, Parameter,
    PathSegment, Permission, Property, RequestBody, Response, ResponseBody, Source, Status,
    TypeKind, TypeRef,
};
use std::collections::BTreeSet;

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

    let permissions = regions(page, |t| {
        let t = t.trim().to_ascii_lowercase();
        t == "prerequisites" || t == "permissions"
    })
    .into_iter()
    .next()
    .map(permissions)
    .unwrap_or_default();
    let headers = region(page, "Request headers")
        .map(headers)
        .unwrap_or_default();
    let query_options = page.sections().iter().any(|s| {
        s.title
            .trim()
            .to_ascii_lowercase()
            .ends_with("query parameters")
    });
    let examples = examples(page);
    let method = paths[0].method;
    let sends = matches!(
        method,
        HttpMethod::Post | HttpMethod::Patch | HttpMethod::Put
    );
    let is_function = crate::plan::is_function_page(&title, &paths[0]);

    let response = match regions(page, |t| {
        matches!(
            t.trim().to_ascii_lowercase().as_str(),
            "response" | "responses"
        )
    })
    .into_iter()
    .next()
    {
        Some(s) => response(s, page, file, diags),
        None => match response_from_examples(page, title_line) {
            Some(r) => r,
            None => {
                diags.error(
                    file,
                    title_line,
                    Kind::MissingSection,
                    "expected a `## Response` section with \"If successful, this method returns a `200 OK` response code ...\" (or an example response); assuming 200 with no body",
                );
                Response {
                    status: Status::Code(200),
                    body: ResponseBody::None,
                    source: src(title_line),
                }
            }
        },
    };

    let body_section = regions(page, |t| {
        t.trim().to_ascii_lowercase().starts_with("request body")
    })
    .into_iter()
    .next();
    let ctx = BodyContext {
        file,
        sends,
        references: paths
            .iter()
            .all(|p| p.segments.last() == Some(&PathSegment::Literal("$ref".into()))),
        title: &title,
        response: &response,
    };
    let mut request_body = match body_section {
        Some(s) => request_body(s, &ctx, diags),
        None if sends => {
            let found = ctx.reference_body().or_else(|| ctx.updated_type());
            if found.is_none() {
                diags.warn(
                    file,
                    title_line,
                    Kind::MissingSection,
                    "expected a `## Request body` section; assuming no body",
                );
            }
            found
        }
        None => None,
    };
    // A function's parameters go in its URL; pages list them in a section of their own.
    if is_function && request_body.is_none() {
        let tables: Vec<Property> = regions(page, |t| {
            let t = t.trim().to_ascii_lowercase();
            t == "function parameters" || t == "parameters"
        })
        .into_iter()
        .flat_map(|s| parameter_rows(s, file, true, diags))
        .collect();
        if !tables.is_empty() {
            request_body = Some(RequestBody::Parameters { parameters: tables });
        }
    }

    let mut parameters = query_parameters(page, &paths, file);
    // What any request line carries as `?name={...}`.
    let on_a_line: BTreeSet<String> = paths.iter().flat_map(query_names).collect();
    // The page of a bound action or function (`# thing: name`) that is not read as one
    // lists its parameters under "Query parameters" too, but where they go is unclear:
    // only those its request lines carry are query parameters.
    if !is_function && title.contains(": ") {
        parameters.retain(|(q, _)| on_a_line.contains(&q.name));
    }
    // A function page may list its function parameters under "Query parameters": those
    // its request lines do not carry as `?name=` go in its URL as the function's.
    if is_function && request_body.is_none() {
        let (call, query): (Vec<(Parameter, Option<Property>)>, _) = parameters
            .into_iter()
            .partition(|(q, row)| row.is_some() && !on_a_line.contains(&q.name));
        parameters = query;
        let rows: Vec<Property> = call.into_iter().filter_map(|(_, row)| row).collect();
        if !rows.is_empty() {
            request_body = Some(RequestBody::Parameters { parameters: rows });
        }
    }
    let parameters = parameters.into_iter().map(|(q, _)| q).collect();

    Some(Operation {
        title,
        description: page.description(),
        paths,
        permissions,
        headers,
        query_options,
        parameters,
        request_body,
        request_media: None,
        response_media: None,
        response,
        error_body: None,
        outcomes: Vec::new(),
        examples,
        source: src(title_line),
    })
}

/// The blocks under the heading at `i`: up to the next heading of the same or a higher
/// level (2 and deeper). The H1s after a page's title are SDK tab headings
/// (`# [HTTP](#tab/http)`), not sections: they end nothing.
fn nested(blocks: &[Block], i: usize) -> &[Block] {
    let Some(Block::Heading { level, .. }) = blocks.get(i) else {
        return &[];
    };
    let end = blocks[i + 1..]
        .iter()
        .position(|b| matches!(b, Block::Heading { level: l, .. } if *l >= 2 && l <= level))
        .map_or(blocks.len(), |p| i + 1 + p);
    &blocks[i + 1..end]
}

/// The sections (with their subsections, see [`nested`]) whose title `is` accepts.
fn regions<'a>(page: &'a Page, is: impl Fn(&str) -> bool) -> Vec<Section<'a>> {
    page.blocks
        .iter()
        .enumerate()
        .filter_map(|(i, b)| match b {
            Block::Heading { level, text, line } if *level >= 2 && is(text) => Some(Section {
                title: text,
                line: *line,
                blocks: nested(&page.blocks, i),
            }),
            _ => None,
        })
        .collect()
}

/// The first region titled `name` (ignoring case).
fn region<'a>(page: &'a Page, name: &str) -> Option<Section<'a>> {
    regions(page, |t| t.trim().eq_ignore_ascii_case(name))
        .into_iter()
        .next()
}

/// "HTTP request", "HTTP Requests", "HTTP request for a user".
fn is_request_heading(title: &str) -> bool {
    title
        .trim()
        .to_ascii_lowercase()
        .starts_with("http request")
}

/// Headings that start the examples: nothing after them documents the request syntax.
fn is_example_heading(title: &str) -> bool {
    let t = title.trim().to_ascii_lowercase();
    t.starts_with("example") || t.starts_with("request example")
}

/// The code blocks that hold the request syntax: those under every "HTTP request"
/// heading (several per page, with prose between, under sub-headings or SDK tabs), or,
/// on a page without one, every code block before the examples whose first line is a
/// request line (each addressing mode under its own heading, or a block left in another
/// section). Blocks marked as example requests (`"blockType": "request"`) are not syntax.
fn request_blocks(page: &Page) -> Vec<(&str, usize)> {
    fn code(b: &Block) -> Option<(&str, &str, usize)> {
        match b {
            Block::Code { lang, text, line } => Some((lang.as_str(), text.as_str(), *line)),
            _ => None,
        }
    }
    let syntax_lang = |lang: &str| matches!(lang, "http" | "msgraph-interactive" | "" | "text");
    let starts_with_request = |text: &str| {
        text.lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .is_some_and(|l| matches!(request_line::read(l), Line::Request(_)))
    };
    let mut out = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for r in regions(page, is_request_heading) {
        for (lang, text, line) in r.blocks.iter().filter_map(code) {
            if (syntax_lang(lang) || starts_with_request(text)) && seen.insert(line) {
                out.push((text, line));
            }
        }
    }
    if !out.is_empty() {
        return out;
    }
    let mut example_request = false;
    for b in &page.blocks {
        match b {
            Block::Heading { level, text, .. } if *level >= 2 && is_example_heading(text) => break,
            Block::Html { text, .. } => {
                let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
                example_request = t.contains("\"blockType\":\"request\"");
            }
            Block::Code { lang, text, line } => {
                if !example_request && syntax_lang(lang) && starts_with_request(text) {
                    out.push((text.as_str(), *line));
                }
                example_request = false;
            }
            _ => {}
        }
    }
    out
}

fn http_paths(page: &Page, diags: &mut Diagnostics) -> Vec<HttpPath> {
    let file = page.file.as_str();
    let mut out: Vec<HttpPath> = Vec::new();
    for (text, line) in request_blocks(page) {
        for (i, raw) in text.lines().enumerate() {
            let l = raw.trim();
            let line = line + 1 + i;
            if l.is_empty() || l.starts_with('#') || l.starts_with("//") {
                continue;
            }
            if let Some(p) = http_line(l, file, line, diags) {
                // The same line twice (one block per addressing mode) is one path.
                if !out
                    .iter()
                    .any(|o| o.method == p.method && o.template == p.template)
                {
                    out.push(p);
                }
            }
        }
    }
    out
}

/// Reads one line of a request block: a `METHOD /path` line, or a line that is no
/// path (`or`, a header) and is skipped. Unreadable lines get a diagnostic.
fn http_line(l: &str, file: &str, line: usize, diags: &mut Diagnostics) -> Option<HttpPath> {
    match request_line::read(l) {
        Line::Request(r) => {
            let segments = path_segments(&r.template);
            Some(HttpPath {
                method: r.method,
                template: r.template,
                segments,
                param_types: Default::default(),
                query: r.query,
                addressed: Vec::new(),
                source: Source {
                    file: file.to_owned(),
                    line,
                },
            })
        }
        Line::Or | Line::Header(..) => None,
        Line::Unreadable(why) => {
            // A line that names a method but no path loses a path: an error. Other
            // text in the block (a note) loses nothing.
            let first = l.split(['/', ' ']).next().unwrap_or("");
            if HttpMethod::parse(&first.to_ascii_uppercase()).is_some() {
                diags.error(
                    file,
                    line,
                    Kind::BadHttpLine,
                    format!("{why}; line skipped"),
                );
            } else {
                diags.warn(
                    file,
                    line,
                    Kind::BadHttpLine,
                    format!("{why}; line skipped"),
                );
            }
            None
        }
    }
}

/// The segments of a path template (see [`request_line::path_segments`]).
pub fn path_segments(template: &str) -> Vec<PathSegment> {
    request_line::path_segments(template)
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

/// A type named without a link: by position before `object(s)`, `resource(s)`,
/// `entity`, `entities` or `collection`, or after `collection of`. Words of the sentence
/// itself ("the updated object", "a JSON object") are not names.
fn named_type(text: &str) -> Option<(String, bool)> {
    const NOT_NAMES: &[&str] = &[
        "a",
        "an",
        "the",
        "updated",
        "new",
        "requested",
        "json",
        "empty",
        "same",
        "this",
        "that",
        "response",
        "created",
        "existing",
        "specified",
        "body",
        "error",
        "entire",
        "following",
        "modified",
        "corresponding",
        "relevant",
        "returned",
        "single",
        "matching",
        "of",
        "and",
        "object",
        "objects",
        "collection",
        "resource",
        "resources",
    ];
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
                .trim_end_matches('.')
                .to_owned()
        })
        .collect();
    let ok = |w: &str| {
        let name = clean_name(w);
        (is_identifier(&name) && !NOT_NAMES.contains(&name.to_ascii_lowercase().as_str()))
            .then_some(name)
    };
    for (i, w) in words.iter().enumerate() {
        let lower = w.to_ascii_lowercase();
        if lower == "collection" && words.get(i + 1).is_some_and(|n| n == "of") {
            if let Some(n) = words.get(i + 2).and_then(|n| ok(n)) {
                return Some((n, true));
            }
        }
        let marker = matches!(
            lower.as_str(),
            "object" | "objects" | "resource" | "resources" | "entity" | "entities" | "collection"
        );
        if marker && i > 0 {
            if let Some(n) = ok(&words[i - 1]) {
                let collection = lower == "collection" || lower.ends_with('s');
                return Some((n, collection));
            }
        }
    }
    None
}

/// The type a "JSON representation of/for the X object" sentence names.
fn represented_type(p: &Inline) -> Option<TypeRef> {
    let lower = p.text.to_ascii_lowercase();
    let at = lower.find("representation")?;
    let after = &p.text[at..];
    // A link after "representation" names the type.
    if let Some(link) = p.links.iter().find(|l| after.contains(&l.text)) {
        return Some(link_type(link));
    }
    // Otherwise "... for the userPFXCertificate object", "... of a **journals** object".
    let words: Vec<&str> = after.split_whitespace().collect();
    let name = match words.iter().position(|w| *w == "the") {
        Some(i) => clean_name(words.get(i + 1)?.trim_end_matches('.')),
        None => named_type(after)?.0,
    };
    if name == "parameters" || !is_identifier(&name) {
        return None;
    }
    Some(TypeRef {
        kind: TypeKind::Unresolved { name, link: None },
        collection: false,
    })
}

/// The type a link to a resource page names.
fn link_type(link: &super::markdown::Link) -> TypeRef {
    // "[Drive resource][drive]": the words after the name say what it is.
    let text = link.text.trim();
    let text = [
        "resource",
        "resources",
        "object",
        "objects",
        "entity",
        "type",
    ]
    .iter()
    .find_map(|w| {
        text.strip_suffix(w)
            .filter(|t| t.ends_with(' '))
            .map(str::trim)
    })
    .unwrap_or(text);
    TypeRef {
        kind: TypeKind::Unresolved {
            name: clean_name(text),
            link: Some(link.dest.clone()),
        },
        collection: false,
    }
}

/// Whether a link leads to a type's page.
fn is_type_link(l: &super::markdown::Link) -> bool {
    let name = clean_name(&l.text);
    is_identifier(&name)
        && (l.dest.ends_with(".md") || l.dest.contains("resources"))
        && !l.dest.contains('#')
}

/// What the request body section is read against: the rest of the page.
#[derive(Clone, Copy)]
struct BodyContext<'a> {
    file: &'a str,
    /// Whether the method sends a body (POST, PATCH, PUT).
    sends: bool,
    /// Whether every path ends in `/$ref` (a reference is sent).
    references: bool,
    title: &'a str,
    response: &'a Response,
}

impl BodyContext<'_> {
    /// `POST .../$ref` sends `{"@odata.id": "https://.../x/{id}"}`.
    fn reference_body(&self) -> Option<RequestBody> {
        self.references.then(|| RequestBody::Parameters {
            parameters: vec![Property {
                name: "@odata.id".to_owned(),
                ty: TypeRef {
                    kind: TypeKind::Primitive { edm: Edm::String },
                    collection: false,
                },
                description: "The URL of the object to reference.".to_owned(),
                inherited_from: None,
                possible_values: Vec::new(),
                keywords: Default::default(),
                source: self.response.source.clone(),
            }],
        })
    }

    /// The type an update sends part of: what the response returns, else what the title
    /// ("Update x") names.
    fn updated_type(&self) -> Option<RequestBody> {
        let ty = match &self.response.body {
            ResponseBody::Single { ty } => Some(ty.clone()),
            _ => {
                let lower = self.title.to_ascii_lowercase();
                let rest = lower
                    .strip_prefix("update ")
                    .map(|_| &self.title["update ".len()..])?;
                let name = clean_name(rest.split_whitespace().next()?);
                is_identifier(&name).then_some(TypeRef {
                    kind: TypeKind::Unresolved { name, link: None },
                    collection: false,
                })
            }
        }?;
        Some(RequestBody::Type {
            ty,
            properties: Vec::new(),
        })
    }
}

/// Sentences that say there is no request body: "Do not supply a request body", "No
/// request body.", "Request body should be empty", "This operation has no request
/// content", "... specifying a request body is not necessary", "None.".
fn says_no_body(text: &str) -> bool {
    let t = text.to_ascii_lowercase().replace('\u{2019}', "'");
    let t = t.trim().trim_end_matches('.');
    if t == "none" || t == "n/a" {
        return true;
    }
    const PHRASES: &[&str] = &[
        "do not supply a request body",
        "don't supply a request body",
        "no request body",
        "no request content",
        "not supply a request body",
        "not submit a request body",
        "not specify a request body",
        "not provide a request body",
        "not include a request body",
        "not have a request body",
        "request body should be empty",
        "request body must be empty",
        "request body is empty",
        "request body is not necessary",
        "request body is not required",
        "request body is not needed",
        "empty json `{}`",
        "does not require a request body",
        "doesn't require a request body",
        "without a request body",
    ];
    PHRASES.iter().any(|p| t.contains(p))
        || (t.contains("request body") && t.contains("should be supplied") && t.contains("no "))
}

/// The names a request line carries in its query with a placeholder value
/// (`from={start}`), OData's (`$filter`) left out.
fn query_names(p: &HttpPath) -> BTreeSet<String> {
    p.query
        .as_deref()
        .unwrap_or("")
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .filter(|(n, v)| is_own_parameter(n.trim()) && v.trim().starts_with('{'))
        .map(|(n, _)| n.trim().to_owned())
        .collect()
}

/// A name an operation's own parameter can have: not OData's `$filter`, nor a filter
/// expression (`initiatedBy/user/id`) a table lists.
fn is_own_parameter(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.')
}

/// The query parameters of the operation's own (not OData's `$filter`, `$top`, ...): the
/// rows of the `| Parameter | Type | Description |` tables of its "Query parameters"
/// sections (with the row), and the `name={placeholder}` pairs of its request lines. A
/// parameter is required when every request line carries it, or when its section is not
/// "Optional query parameters" and says they are required; the others are optional. A
/// request-line parameter no table types is a string.
fn query_parameters(
    page: &Page,
    paths: &[HttpPath],
    file: &str,
) -> Vec<(Parameter, Option<Property>)> {
    let lines: Vec<BTreeSet<String>> = paths.iter().map(query_names).collect();
    let everywhere = |name: &str| !lines.is_empty() && lines.iter().all(|l| l.contains(name));
    let mut out: Vec<(Parameter, Option<Property>)> = Vec::new();
    for s in regions(page, |t| {
        t.trim().to_ascii_lowercase().ends_with("query parameters")
    }) {
        let optional = s.title.trim().to_ascii_lowercase().starts_with("optional");
        let says_required = paragraphs(s.blocks).any(|(p, _)| {
            let t = p.text.to_ascii_lowercase();
            t.contains("required") && !t.contains("not required")
        });
        for t in tables(s.blocks) {
            let Block::Table { header, rows, .. } = t else {
                continue;
            };
            // Only a table with a `Type` column types its parameters (a `Value` column
            // lists values, not types).
            let h = header_names(header);
            if h.len() < 2 || h[0].contains("value") || !h.iter().any(|c| c == "type") {
                continue;
            }
            let Some(rows) = parameter_table(header, rows) else {
                continue;
            };
            // Rows are read quietly: such tables are for reading, and the request works
            // without them.
            let mut scratch = Diagnostics::new();
            for prop in property_rows(&rows, file, 3, &mut scratch) {
                if !is_own_parameter(&prop.name) || out.iter().any(|(q, _)| q.name == prop.name) {
                    continue;
                }
                let q = Parameter {
                    required: everywhere(&prop.name) || (!optional && says_required),
                    name: prop.name.clone(),
                    location: ParamIn::Query,
                    ty: prop.ty.clone(),
                    description: prop.description.clone(),
                };
                out.push((q, Some(prop)));
            }
        }
    }
    for name in lines.first().into_iter().flatten() {
        if everywhere(name) && !out.iter().any(|(q, _)| &q.name == name) {
            let q = Parameter {
                name: name.clone(),
                location: ParamIn::Query,
                required: true,
                ty: TypeRef {
                    kind: TypeKind::Primitive { edm: Edm::String },
                    collection: false,
                },
                description: String::new(),
            };
            out.push((q, None));
        }
    }
    out
}

/// A table's rows with their cells in `name | type | description` order, whatever order
/// and extra columns (`Required`, `Optional`) the header has: the type column is `Type`
/// or `Value`, the description column `Description` (else the last).
fn parameter_table(
    header: &[Inline],
    rows: &[super::markdown::Row],
) -> Option<Vec<super::markdown::Row>> {
    let h = header_names(header);
    let ty = h
        .iter()
        .position(|c| c == "type" || c == "value" || c == "data type")?;
    let desc = h
        .iter()
        .position(|c| c.starts_with("description"))
        .unwrap_or(h.len().saturating_sub(1));
    if ty == 0 {
        return None;
    }
    if ty == 1 && desc == 2 {
        return Some(rows.to_vec());
    }
    Some(
        rows.iter()
            .map(|r| {
                let mut r = r.clone();
                let cell = |i: usize| r.cells.get(i).cloned().unwrap_or_default();
                let cells = vec![cell(0), cell(ty), cell(desc)];
                r.cells = cells;
                // The raw cells only serve to rejoin a description an unescaped `|`
                // split; with columns moved that reading no longer applies.
                r.raw_cells = r.cells.iter().map(|c| c.text.clone()).collect();
                r
            })
            .collect(),
    )
}

/// The rows of every parameter or property table in a section; other tables get a
/// diagnostic, except, with `untyped_ok`, tables without a type column (a function's
/// `| Parameter | Description |`: its path placeholders are its parameters then).
fn parameter_rows(
    s: Section<'_>,
    file: &str,
    untyped_ok: bool,
    diags: &mut Diagnostics,
) -> Vec<Property> {
    let mut props = Vec::new();
    for t in tables(s.blocks) {
        if let Block::Table { header, rows, line } = t {
            let Some(rows) = parameter_table(header, rows) else {
                if untyped_ok {
                    continue;
                }
                diags.warn(
                    file,
                    *line,
                    Kind::MalformedTable,
                    format!(
                        "expected a | Property | Type | Description | (or | Parameter | Type | Description |) table in {}, found | {} |",
                        s.title,
                        header_names(header).join(" | ")
                    ),
                );
                continue;
            };
            props.extend(property_rows(&rows, file, 3, diags));
        }
    }
    props
}

fn request_body(
    s: Section<'_>,
    ctx: &BodyContext<'_>,
    diags: &mut Diagnostics,
) -> Option<RequestBody> {
    let file = ctx.file;
    let paras: Vec<_> = paragraphs(s.blocks).collect();
    if paras.iter().any(|(p, _)| says_no_body(&p.text)) {
        return None;
    }
    let props = parameter_rows(s, file, false, diags);
    if let Some(ty) = paras.iter().find_map(|(p, _)| represented_type(p)) {
        return Some(RequestBody::Type {
            ty,
            properties: props,
        });
    }
    if !props.is_empty() {
        return Some(RequestBody::Parameters { parameters: props });
    }
    let text = paras
        .iter()
        .map(|(p, _)| p.text.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join(" ");
    if paras.is_empty() {
        if let Some(b) = ctx.reference_body() {
            return Some(b);
        }
        if ctx.sends && s.blocks.iter().all(|b| !matches!(b, Block::Code { .. })) {
            // Nothing said: a POST action without parameters, usually.
            if !matches!(ctx.response.body, ResponseBody::None)
                || ctx.title.to_ascii_lowercase().starts_with("update")
            {
                diags.warn(
                    file,
                    s.line,
                    Kind::EmptySection,
                    "Request body section is empty; assuming no body",
                );
            }
        }
        return None;
    }
    if !ctx.sends {
        // A GET or DELETE sends nothing, whatever the section says (often a note on
        // query options).
        return None;
    }
    if text.contains("json representation of the parameters") {
        return Some(RequestBody::Parameters {
            parameters: Vec::new(),
        });
    }
    // A reference: "supply the identifier / the `@odata.id` of the [x] object".
    if ctx.references || text.contains("odata.id") || text.contains("odata id") {
        return BodyContext {
            references: true,
            ..*ctx
        }
        .reference_body();
    }
    // "supply the values for relevant fields that should be updated": part of the type
    // the section links to, else of the one the update returns or its title names.
    if text.contains("should be updated")
        || text.contains("to be updated")
        || text.contains("that need to be updated")
    {
        let linked = paras
            .iter()
            .flat_map(|(p, _)| &p.links)
            .find(|l| is_type_link(l))
            .map(link_type);
        if let Some(ty) = linked {
            return Some(RequestBody::Type {
                ty,
                properties: Vec::new(),
            });
        }
        if let Some(b) = ctx.updated_type() {
            return Some(b);
        }
    }
    // "A [teamsTab](...).", "Provide the new [openShift](...) object in the request body",
    // "supply the [synchronizationSchema](...) object".
    let linked = paras.iter().find_map(|(p, _)| {
        let lower = p.text.to_ascii_lowercase();
        let about_body = lower.contains("request body")
            || lower.contains("supply")
            || lower.contains("provide")
            || p.text.trim_end_matches('.') == p.links.first()?.text
            || lower.starts_with("a ")
            || lower.starts_with("an ");
        about_body
            .then(|| p.links.iter().find(|l| is_type_link(l)).map(link_type))
            .flatten()
    });
    if let Some(ty) = linked {
        return Some(RequestBody::Type {
            ty,
            properties: Vec::new(),
        });
    }
    diags.warn(
        file,
        s.line,
        Kind::UnreadRequestBody,
        "could not tell the request body from the prose; expected \"Do not supply a request body\", \"supply a JSON representation of [x](...)\" or a property table; assuming no body",
    );
    None
}

/// Every status code in the sentence that stands as one (three digits, 1xx-5xx), with
/// where it starts.
fn status_codes(text: &str) -> Vec<(usize, u16)> {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(2))
        .filter_map(|i| {
            let w = &b[i..i + 3];
            let boundary_before = i == 0 || !b[i - 1].is_ascii_alphanumeric();
            let boundary_after = b.get(i + 3).is_none_or(|c| !c.is_ascii_alphanumeric());
            (w.iter().all(u8::is_ascii_digit)
                && boundary_before
                && boundary_after
                && (b'1'..=b'5').contains(&w[0]))
            .then(|| text[i..i + 3].parse().ok().map(|c| (i, c)))
            .flatten()
        })
        .collect()
}

/// The first status code in the sentence.
fn status_code(text: &str) -> Option<u16> {
    status_codes(text).first().map(|c| c.1)
}

/// Reads the example response's annotation (`"@odata.type"`/`"@type"`,
/// `Collection(...)`, `"isCollection"`) and its `HTTP/1.1 NNN` line.
fn example_response(page: &Page) -> (Option<u16>, Option<ResponseBody>, usize) {
    let mut body = None;
    let mut status = None;
    let mut line = 0;
    let mut pending: Option<ResponseBody> = None;
    for b in &page.blocks {
        match b {
            Block::Html { text, .. } => {
                let inner = text
                    .trim()
                    .trim_start_matches("<!--")
                    .trim_end()
                    .trim_end_matches("-->")
                    .trim();
                pending = serde_json::from_str::<serde_json::Value>(inner)
                    .ok()
                    .filter(|v| v.get("blockType").and_then(|b| b.as_str()) == Some("response"))
                    .map(|v| {
                        let ty = v
                            .get("@odata.type")
                            .or_else(|| v.get("@type"))
                            .and_then(|t| t.as_str())
                            .unwrap_or("");
                        let many = v.get("isCollection").is_some_and(|c| {
                            c.as_bool() == Some(true) || c.as_str() == Some("true")
                        });
                        let (inner, collection) = match ty
                            .strip_prefix("Collection(")
                            .and_then(|t| t.strip_suffix(')'))
                        {
                            Some(t) => (t, true),
                            None => (ty, many),
                        };
                        let name = clean_name(inner);
                        if !is_identifier(&name) {
                            return ResponseBody::None;
                        }
                        let kind = match Edm::parse(&name) {
                            Some(edm) => TypeKind::Primitive { edm },
                            None => TypeKind::Unresolved { name, link: None },
                        };
                        let ty = TypeRef {
                            kind,
                            collection: false,
                        };
                        if collection {
                            ResponseBody::Collection { ty }
                        } else {
                            ResponseBody::Single { ty }
                        }
                    });
            }
            Block::Code { text, line: l, .. } => {
                let first = text.lines().next().unwrap_or("").trim();
                if first.starts_with("HTTP/") {
                    status = status_code(first);
                    body = pending.take();
                    line = *l;
                    break;
                }
                pending = None;
            }
            _ => {}
        }
    }
    (status, body, line)
}

/// A response read from the example alone, for a page without a Response section.
fn response_from_examples(page: &Page, title_line: usize) -> Option<Response> {
    let (status, body, line) = example_response(page);
    let status = status?;
    Some(Response {
        status: Status::Code(status),
        body: if status == 204 {
            ResponseBody::None
        } else {
            body.unwrap_or(ResponseBody::None)
        },
        source: Source {
            file: page.file.clone(),
            line: if line == 0 { title_line } else { line },
        },
    })
}

/// The paragraph of a Response section that states the outcome.
fn outcome_sentence<'a>(s: &Section<'a>) -> Option<(&'a Inline, usize)> {
    let mut paras = paragraphs(s.blocks);
    paras.find(|(p, _)| {
        let lower = p.text.to_ascii_lowercase();
        lower.contains("return") || status_code(&p.text).is_some() || lower.contains("response")
    })
}

fn response(s: Section<'_>, page: &Page, file: &str, diags: &mut Diagnostics) -> Response {
    let src = |line| Source {
        file: file.to_owned(),
        line,
    };
    let (example_status, example_body, _) = example_response(page);
    let Some((p, line)) = outcome_sentence(&s) else {
        if let Some(status) = example_status {
            return Response {
                status: Status::Code(status),
                body: example_body
                    .filter(|_| status != 204)
                    .unwrap_or(ResponseBody::None),
                source: src(s.line),
            };
        }
        diags.error(
            file,
            s.line,
            Kind::UnreadResponse,
            "expected \"If successful, this method returns a `200 OK` response code ...\" in the Response section; assuming 200 with no body",
        );
        return Response {
            status: Status::Code(200),
            body: ResponseBody::None,
            source: src(s.line),
        };
    };
    let codes = status_codes(&p.text);
    let status = match (codes.first(), example_status) {
        (Some((_, c)), _) => *c,
        (None, Some(c)) => c,
        (None, None) => {
            diags.error(
                file,
                line,
                Kind::UnreadResponse,
                "no status code in the Response sentence or the example response; expected e.g. `200 OK`; assuming 200",
            );
            200
        }
    };
    let text = &p.text;
    let lower = text.to_ascii_lowercase();
    // With two codes ("`204 No Content` ... if the request asks, `200 OK` and the updated
    // [x]"), a body named after the second belongs to the second.
    let second = codes
        .iter()
        .find(|(_, c)| *c != status)
        .map_or(usize::MAX, |(i, _)| *i);
    let link = p
        .links
        .iter()
        .find(|l| is_type_link(l) || l.dest.ends_with(".md") || l.dest.contains("resources"));
    let before_second = |name: &str| text.find(name).is_some_and(|i| i < second);
    let mut body = if let Some(link) = link.filter(|l| before_second(&l.text)) {
        let ty = link_type(link);
        let collection = lower
            .contains(&format!("collection of {}", link.text.to_ascii_lowercase()))
            || lower.contains(&format!("{} collection", link.text.to_ascii_lowercase()))
            || lower.contains("array of")
            || lower.contains("list of");
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
    } else if let Some((name, collection)) = (link.is_none() && lower.contains("response body"))
        .then(|| named_type(text))
        .flatten()
        .filter(|(n, _)| before_second(n))
    {
        let ty = TypeRef {
            kind: TypeKind::Unresolved { name, link: None },
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
    // The sentence names no body ("returns `200 OK` with the user's activities"): the
    // example response's annotation says which.
    if body == ResponseBody::None
        && status != 204
        && !lower.contains("not return anything")
        && !lower.contains("no content")
        && !lower.contains("empty")
    {
        if let Some(b) = example_body.filter(|_| example_status == Some(status)) {
            body = b;
        }
    }
    if status == 204 && body != ResponseBody::None {
        diags.warn(
            file,
            line,
            Kind::ContradictoryResponse,
            "the sentence says 204 No Content but also names a body; keeping the body",
        );
    }
    Response {
        status: Status::Code(status),
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

    fn op(text: &str) -> (Operation, Vec<String>) {
        let page = Page::read("api/x.md", text);
        let mut d = Diagnostics::new();
        let op = parse(&page, &mut d).expect("an operation");
        (op, d.iter().map(|d| d.to_string()).collect())
    }

    #[test]
    fn a_type_colon_operation_title_over_a_post_to_that_segment_is_an_action() {
        use crate::plan::{kind, OpKind};
        let page = |title: &str, line: &str| {
            let text = format!("# {title}\n\n## HTTP request\n```http\n{line}\n```\n\n## Request body\nIn the request body, provide a JSON object with the following parameters.\n\n| Parameter | Type | Description |\n|:--|:--|:--|\n|destinationId|String|The folder.|\n\n## Response\n\nIf successful, this method returns `201 Created` response code and a [message](../resources/message.md) object in the response body.\n");
            kind(&op(&text).0)
        };
        // The hand-written form: `type: operation`, the path ending in that operation
        // (in any case, as a call or with the namespace).
        let post = "POST /me/messages/{id}/copy";
        assert_eq!(page("message: copy", post), OpKind::Action);
        assert_eq!(page("Message: Copy", post), OpKind::Action);
        let call = "POST /me/messages/{id}/microsoft.graph.copy()";
        assert_eq!(page("message: copy", call), OpKind::Action);
        // Not that form, or another segment: a create, as before.
        assert_eq!(page("Copy message", post), OpKind::Create);
        assert_eq!(page("message: copy", "POST /me/messages"), OpKind::Create);
        assert_eq!(page("message: copy it", post), OpKind::Create);
    }

    fn templates(op: &Operation) -> Vec<&str> {
        op.paths.iter().map(|p| p.template.as_str()).collect()
    }

    #[test]
    fn request_blocks_under_other_headings_and_tabs() {
        // Several blocks with prose between, under sub-headings and SDK tabs, an `or`
        // line, a header line, a path without `/`, a query; the example is not syntax.
        let text = "# Get thing\n\n## HTTP Requests\n\n### For the signed-in user\n\n# [HTTP](#tab/http)\n\n```msgraph-interactive\nGET me/things/{id}\n```\n\n# [C#](#tab/csharp)\n\nFor a specific user:\n\n```\nGET /users/{id | userPrincipalName}/things/{thing-id}?$select=name\nor\nGET /users/{id}/things/{thing-id}\nworkbook-session-id: {session-id}\n```\n\n## Response\n\nIf successful, this method returns a `200 OK` response code and a [thing](../resources/thing.md) object in the response body.\n\n## Example\n\n```http\nGET https://graph.microsoft.com/beta/me/things/1\n```\n";
        let (op, d) = op(text);
        assert_eq!(
            templates(&op),
            ["/me/things/{id}", "/users/{id}/things/{thing-id}"]
        );
        assert_eq!(op.paths[1].query.as_deref(), Some("$select=name"));
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn request_blocks_without_a_request_heading() {
        // One heading per addressing mode, and a block left in another section; the
        // example request after "Examples" is not read.
        let text = "# Get box\n\n## Permissions\n\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nPOST /boxes/{box-id}/lids\n```\n\n## Get a box by path\n\n```http\nDELETE/shelves/{shelf-id}/boxes/{box-id}/$ref\n```\n\n## Examples\n\n<!-- { \"blockType\": \"request\" } -->\n```http\nGET /boxes/1\n```\n";
        let (op, _) = op(text);
        assert_eq!(
            templates(&op),
            [
                "/boxes/{box-id}/lids",
                "/shelves/{shelf-id}/boxes/{box-id}/$ref"
            ]
        );
    }

    #[test]
    fn responses_in_prose_and_examples() {
        let head = "# Do thing\n\n## HTTP request\n```http\nPOST /things/{id}/go\n```\n\n## Request body\nDo not supply a request body for this method.\n\n## Response\n\n";
        let read = |sentence: &str| op(&format!("{head}{sentence}\n")).0.response;
        assert_eq!(
            read("This method returns a `202 Accepted` response code.").status,
            Status::Code(202)
        );
        assert_eq!(
            read("If successful, this method returns `204, No Content`.").status,
            Status::Code(204)
        );
        let r = read("Returns a `302 Found` response redirecting to a download URL.");
        assert_eq!((r.status, r.body), (Status::Code(302), ResponseBody::None));
        // A body named after a second code belongs to that code.
        let r = read("If successful, this method returns `204 No Content`. If the request asks for it, this method returns a `200 OK` response code and the updated [thing](../resources/thing.md) object.");
        assert_eq!((r.status, r.body), (Status::Code(204), ResponseBody::None));
        // A name without a link; an array of linked objects.
        let r = read("If successful, this method returns `201 Created` response code and a **widget** object in the response body.");
        assert!(
            matches!(r.body, ResponseBody::Single { ty: TypeRef { kind: TypeKind::Unresolved { ref name, .. }, .. } } if name == "widget")
        );
        let r = read("If successful, this method returns a `200 OK` response code and an array of [thing](../resources/thing.md) objects in the response body.");
        assert!(matches!(r.body, ResponseBody::Collection { .. }));
        // Nothing in the prose: the example response's annotation and status line.
        let r = read("Returns the things of the user.\n\n## Example\n\n<!-- { \"blockType\": \"response\", \"@odata.type\": \"Collection(microsoft.graph.thing)\" } -->\n```http\nHTTP/1.1 200 OK\n```\n");
        assert_eq!(r.status, Status::Code(200));
        assert!(matches!(r.body, ResponseBody::Collection { .. }));
    }

    #[test]
    fn request_bodies_in_prose_and_tables() {
        let page = |method: &str, path: &str, body: &str| {
            op(&format!("# Update thing\n\n## HTTP request\n```http\n{method} {path}\n```\n\n## Request body\n\n{body}\n\n## Response\n\nIf successful, this method returns a `200 OK` response code and an updated [thing](../resources/thing.md) object in the response body.\n"))
        };
        let kind = |b: &Option<RequestBody>| match b {
            None => "none".to_owned(),
            Some(RequestBody::Type { ty, .. }) => match &ty.kind {
                TypeKind::Unresolved { name, .. } => format!("type {name}"),
                _ => "type".to_owned(),
            },
            Some(RequestBody::Parameters { parameters }) => format!(
                "parameters {}",
                parameters
                    .iter()
                    .map(|p| format!("{}:{}", p.name, p.description))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        };
        let read = |m: &str, p: &str, b: &str| kind(&page(m, p, b).0.request_body);
        assert_eq!(read("POST", "/a/go", "No request body."), "none");
        assert_eq!(
            read("POST", "/a/go", "This operation has no request content."),
            "none"
        );
        assert_eq!(
            read(
                "POST",
                "/a",
                "In the request body, supply a JSON representation of **thing** object."
            ),
            "type thing"
        );
        assert_eq!(read("PATCH", "/a/{id}", "In the request body, supply the values for relevant fields that should be updated."), "type thing");
        assert_eq!(
            read(
                "POST",
                "/a/{id}/owners/$ref",
                "In the request body, supply the identifier of the owner."
            ),
            "parameters @odata.id:The URL of the object to reference."
        );
        assert_eq!(
            read("POST", "/a/go", "| Parameter | Required | Type | Description |\n|:--|:--|:--|:--|\n| size | Yes | Int32 | How big. |"),
            "parameters size:How big."
        );
        assert_eq!(
            read(
                "POST",
                "/a/go",
                "| Name | Value | Description |\n|:--|:--|:--|\n| id | string | Which one. |"
            ),
            "parameters id:Which one."
        );
        // A GET sends nothing, whatever its section says.
        let (op, d) = page(
            "GET",
            "/a",
            "This method supports the `$select` query parameter.",
        );
        assert_eq!(kind(&op.request_body), "none");
        assert!(
            d.iter().all(|d| !d.contains("unread-request-body")),
            "{d:?}"
        );
    }

    #[test]
    fn function_parameters_are_typed() {
        let text = "# thing: getCounts\n\n## HTTP request\n```http\nGET /things/getCounts(period='{period_value}')\n```\n\n## Function parameters\n\n|Parameter|Type|Description|\n|:--|:--|:--|\n|period|String|D7 or D30.|\n\n## Request body\nDo not supply a request body for this method.\n\n## Response\n\nIf successful, this method returns a `200 OK` response code and a String in the response body.\n";
        let (op, _) = op(text);
        assert_eq!(op.paths[0].segments[1].call_name(), Some("getCounts"));
        assert!(
            matches!(&op.request_body, Some(RequestBody::Parameters { parameters }) if parameters[0].name == "period")
        );
    }

    #[test]
    fn error_message_path_is_reported_not_panicked() {
        let mut d = Diagnostics::new();
        assert!(http_line("POST ** Collection URI for x not found", "f.md", 7, &mut d).is_none());
        assert_eq!(d.iter().next().map(|d| d.line), Some(7));
        let p = http_line("GET /a/{bId}/c?$top=1", "f.md", 1, &mut d).expect("path");
        assert_eq!(p.template, "/a/{bId}/c");
        assert_eq!(p.query.as_deref(), Some("$top=1"));
        assert_eq!(p.segments[1], PathSegment::Param("bId".into()));
    }

    #[test]
    fn own_query_parameters_are_typed_and_required_where_every_line_has_them() {
        // Two lines carry `from` and `to`; the table types `to` and adds an optional
        // `tz`; OData's `$filter` and a `Value` table are not parameters.
        let text = "# List slots\n\n## HTTP request\n```http\nGET /me/slots?from={start}&to={end}&$filter={f}\nGET /users/{id}/slots?from={start}&to={end}\n```\n\n## Query parameters\n\n| Parameter | Type | Description |\n|:--|:--|:--|\n| to | DateTimeOffset | The end. |\n| $filter | String | OData. |\n| tz | String | A time zone. |\n\n| Value | Description |\n|:--|:--|\n| UTC | Coordinated. |\n\n## Optional query parameters\n\n| Name | Type | Description |\n|:--|:--|:--|\n| limit | Int32 | At most this many. |\n\n## Response\n\nIf successful, this method returns a `200 OK` response code and a collection of [slot](../resources/slot.md) objects in the response body.\n";
        let (op, _) = op(text);
        let got: Vec<(&str, bool, String)> = op
            .parameters
            .iter()
            .map(|p| (p.name.as_str(), p.required, format!("{:?}", p.ty.kind)))
            .collect();
        assert_eq!(
            got,
            [
                ("to", true, "Primitive { edm: DateTimeOffset }".to_owned()),
                ("tz", false, "Primitive { edm: String }".to_owned()),
                ("limit", false, "Primitive { edm: Int32 }".to_owned()),
                ("from", true, "Primitive { edm: String }".to_owned()),
            ]
        );
        assert!(op.parameters.iter().all(|p| p.location == ParamIn::Query));
    }

    #[test]
    fn a_function_s_parameters_under_query_parameters_go_in_its_url() {
        let text = "# thing: filterByCurrentUser\n\n## HTTP request\n```http\nGET /things/filterByCurrentUser\n```\n\n## Query parameters\n\n|Parameter|Type|Description|\n|:--|:--|:--|\n|on|thingFilterOptions|Whose things.|\n\n## Response\n\nIf successful, this function returns a `200 OK` response code and a collection of [thing](../resources/thing.md) objects in the response body.\n";
        let (call, _) = op(&text.replace(
            "filterByCurrentUser\n```",
            "filterByCurrentUser(on='{on}')\n```",
        ));
        assert!(call.parameters.is_empty(), "{:?}", call.parameters);
        assert!(
            matches!(&call.request_body, Some(RequestBody::Parameters { parameters }) if parameters[0].name == "on")
        );
        // Not read as a function: where `on` goes is unclear, so it is no query parameter.
        let (op, _) = op(text);
        assert!(op.parameters.is_empty() && op.request_body.is_none());
    }
}
