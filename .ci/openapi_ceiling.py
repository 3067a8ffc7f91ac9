#!/usr/bin/env python3
"""How far do the pages themselves allow each OpenAPI score to go? (issue 10)

Usage:
  openapi_ceiling.py DETAILS_JSON DOCS_DIR [--exclude-pages GLOB ...]
                     [--truth TRUTH_JSON] [--json OUT] [--examples N]

  DETAILS_JSON  the `--details` file of ../shared/tools/score_openapi.py, from a run with
                `--only-types-with-pages DOCS_DIR` (and the same --exclude-pages)
  DOCS_DIR      the pages folder (api/ and resources/ below it)
  --truth       the truth JSON the scorer used; with it, a property the truth declares on a
                base type is looked up on that base's pages (without it: on the type's own)
  --json OUT    also write the classification (counts and every miss) as JSON

Every remaining miss of the scorer's details is put into one of three classes, from the
text of the pages (never from the truth alone):
  (a) other:   the page says otherwise (its type cell names another type, it states another
               base, it documents the type in another namespace, it has a row the truth lacks)
  (b) nothing: the page says nothing (no row, member or base statement on the type's own
               pages: the name is absent, or only in prose or a JSON example)
  (c) fixable: the page states it (a row of that name with that type, a base statement...)
and the ceiling of a metric is (matched + fixable) / total. When a rule is unsure it says
"fixable", so that the ceiling is never understated.

A type's own pages: the pages that document it by docpages.py's rules (a resource JSON
comment naming its @odata.type, an H1 "X resource type", an enum page's "### X values"),
minus the excluded ones, keeping those whose namespace (the page's "Namespace:" line, or
the namespace of the @odata.type it names) is the type's. A row: a line of a Markdown table
(a header line, a `---` separator line, then lines with `|`) whose first cell, without
links, emphasis, code marks and HTML, starts with the name (case-insensitive).

Rules per metric:
  types_recall     a type with no schema whose own pages are all in another namespace: (a);
                   otherwise (c).
  prop_recall      a missing property: the type has no schema: the class of that miss; no
                   page documents the type in its namespace: (b); a row on its own pages: (c);
                   else, when the truth declares it on a base: (b) when a base on the way up
                   has no page, the class of the first base-type miss on the way up (our base
                   is wrong, so the inherited rows are not reached), (c) when the declaring
                   type's pages have a row, else (b); else, the name is a path segment of an
                   HTTP request line on a method page (api/) the type's page links to: (c) (a
                   relationship with no row; unsure); else (b) (sub-classes: "only in a JSON
                   example", "in prose only", "not named").
                   A row needs a non-empty type cell; rows of method tables and rows inside
                   HTML comments do not count.
  prop_precision   an extra property: a row on the type's own pages, or on a truth base's
                   pages: (a) (the page lists it, the truth does not); a row on the pages of the
                   base we gave while the truth has another: the class of that base miss;
                   otherwise (c).
  type_acc         a type mismatch: the rows of that property on the own pages (when there
                   are none: on the truth's bases' pages) are read: a type cell whose type is
                   the truth's (its first type word, or the type its link's page documents;
                   "X collection", "Collection(X)", "X[]", "list of X" are collections, "[X][]"
                   either; String, Int32, GUID... are Edm primitives), or a type cell of the
                   truth's shape that names the truth's (non-primitive) type: (c); an empty type
                   cell: (c); a String type cell whose row lists (in code spans) exactly the members
                   of the truth's enum (on that enum's own page; unknownFutureValue aside): (c);
                   a type cell that says something else: (a); no row at all: (b).
  base_acc         a base mismatch (truth X, ours Y): no page documents the type in its
                   namespace: (b); the page states X ("inherits from X", "derived from X",
                   "extends X", "base type X", `"baseType": "...X"`): (c); it states Y: (a);
                   the same with a `keyProperty` in the resource comment stating entity; its
                   resource comment says `"baseType": null`: (a); it names X
                   otherwise (a link or the word; not for `entity`): (c) (unsure); X is none,
                   Y is entity and the page has an `id` row: (a); X is none otherwise: (c)
                   (unsure: the page states no base); else (b).
  enum_member_recall  a missing member: the enum has no schema: the class of that miss; a
                   row in its own section or page: (c); a row of a table whose heading or
                   lead-in text names the enum: (a) on a page of the same-named enum of
                   another namespace, else (c); a code span in the description of a row whose
                   type cell names the enum: (c) (a value list); else (b) ("in prose only"
                   when its own section names it).
"""
import argparse
import collections
import fnmatch
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "shared", "tools"))
import docpages  # noqa: E402  (../shared/tools, beside the repository)

A, B, C = "a: the page says otherwise", "b: the page says nothing", "c: fixable, the page states it"
METRICS = ("types_recall", "prop_recall", "prop_precision", "type_acc", "base_acc",
           "enum_member_recall")

SEP_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
LINK_RE = re.compile(r"\[([^\]]*)\]\(([^)\s]*)[^)]*\)")
REFLINK_RE = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
TAG_RE = re.compile(r"<[^>]+>")
HEAD_RE = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
NS_RE = re.compile(r"^\s*Namespace:\s*`?([\w.]+)", re.M)
WORD_RE = re.compile(r"[A-Za-z_@][\w.@-]*")
API_LINK_RE = re.compile(r"\]\((?:\.\./)?api/([\w.-]+\.md)")
HTTP_RE = re.compile(r"^\s*(?:GET|POST|PATCH|PUT|DELETE)\s+(/\S+)", re.M)
KEY_RE = re.compile(r'"keyProperty"\s*:\s*"')
PRIMS = {
    "string": "edm.string", "str": "edm.string", "int32": "edm.int32", "int": "edm.int32",
    "integer": "edm.int32", "int64": "edm.int64", "long": "edm.int64", "int16": "edm.int16",
    "double": "edm.double", "single": "edm.single", "float": "edm.single",
    "decimal": "edm.decimal", "boolean": "edm.boolean", "bool": "edm.boolean",
    "datetimeoffset": "edm.datetimeoffset", "datetime": "edm.datetimeoffset",
    "date": "edm.date", "timeofday": "edm.timeofday", "duration": "edm.duration",
    "guid": "edm.guid", "uuid": "edm.guid", "binary": "edm.binary", "stream": "edm.binary",
    "byte": "edm.byte", "sbyte": "edm.sbyte",
}


def last(name):
    return (name or "").split(".")[-1]


def canon_truth(t):
    """The scorer's comparable form of a truth/predicted type string."""
    if t is None:
        return None
    if t.startswith("Collection(") and t.endswith(")"):
        return "collection(%s)" % canon_truth(t[len("Collection("):-1])
    if t.startswith("Edm."):
        t = t.lower()
        return "edm.binary" if t == "edm.stream" else t
    return last(t).lower()


def plain(cell):
    """A cell without links (their text kept), HTML, emphasis and code marks."""
    cell = LINK_RE.sub(lambda m: m.group(1), cell)
    cell = REFLINK_RE.sub(lambda m: m.group(1), cell)
    cell = TAG_RE.sub(" ", cell)
    return cell.replace("*", "").replace("`", "").replace("\\", "").strip()


def split_row(line):
    """Cells of a table line; `\\|` and pipes inside code spans do not split."""
    cells, cur, code = [], [], False
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    i = 0
    while i < len(s):
        ch = s[i]
        if ch == "\\" and i + 1 < len(s) and s[i + 1] == "|":
            cur.append("|")
            i += 2
            continue
        if ch == "`":
            code = not code
        if ch == "|" and not code:
            cells.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
        i += 1
    if "".join(cur).strip():
        cells.append("".join(cur))
    return cells


def row_name(cell):
    """The name a row's first cell states: its first word, when nothing but a note in
    parentheses or after a dash or colon follows ("List activities" states no name)."""
    p = plain(cell)
    m = WORD_RE.match(p)
    if not m:
        return ""
    rest = p[m.end():].strip()
    if rest and rest[0] not in "([:-,\u2014":
        return ""
    return m.group(0).rstrip(".").lower()


class Row:
    __slots__ = ("page", "line", "cells", "context", "section", "commented")

    def __init__(self, page, line, cells, context, section, commented):
        self.page, self.line, self.cells = page, line, cells
        self.context, self.section, self.commented = context, section, commented

    @property
    def name(self):
        return row_name(self.cells[0]) if self.cells else ""

    def where(self):
        return "%s:%d" % (self.page, self.line)


class Pages:
    def __init__(self, docs, excludes):
        self.docs = docs
        entries = docpages.doc_page_types(docs)
        self.excluded = lambda p: any(fnmatch.fnmatch(os.path.basename(p), g) for g in excludes)
        self.entries = {k: [e for e in v if not self.excluded(e["page"])]
                        for k, v in entries.items()}
        self.by_page = collections.defaultdict(set)  # page -> lower simple names it documents
        for k, v in self.entries.items():
            for e in v:
                self.by_page[e["page"]].add(k)
        self._text, self._rows = {}, {}
        self._all_rows = None

    def text(self, page):
        if page not in self._text:
            with open(os.path.join(self.docs, page), encoding="utf-8", errors="replace") as fh:
                self._text[page] = fh.read()
        return self._text[page]

    def namespace(self, page):
        m = NS_RE.search(self.text(page)[:4000])
        return m.group(1) if m else "microsoft.graph"

    def rows(self, page):
        """Every table row of a page (header and separator lines excluded), but those of
        method tables (header "Method"); rows inside an HTML comment are marked."""
        if page in self._rows:
            return self._rows[page]
        out, lines = [], self.text(page).split("\n")
        commented, inside = [], False
        for ln in lines:
            start = ln.rfind("<!--")
            end = ln.rfind("-->")
            if start >= 0 and end < start:
                inside = True
            commented.append(inside)
            if end >= 0 and end > start:
                inside = False
        heading, lead, section, i = "", [], "", 0
        while i < len(lines):
            ln = lines[i]
            h = HEAD_RE.match(ln)
            if h:
                heading, lead, section = h.group(2), [], h.group(2)
                i += 1
                continue
            if i + 1 < len(lines) and "|" in ln and SEP_RE.match(lines[i + 1]) and "-" in lines[i + 1]:
                context = " ".join([heading] + lead + [ln])
                method = plain((split_row(ln) or [""])[0]).lower().startswith("method")
                j = i + 2
                while j < len(lines) and "|" in lines[j] and lines[j].strip():
                    if not method:
                        out.append(Row(page, j + 1, split_row(lines[j]), context, section,
                                       commented[j]))
                    j += 1
                lead, i = [], j
                continue
            if ln.strip():
                lead = (lead + [ln])[-4:]
            i += 1
        self._rows[page] = out
        return out

    def all_rows(self):
        if self._all_rows is None:
            self._all_rows = []
            for sub in sorted(os.listdir(self.docs)):
                d = os.path.join(self.docs, sub)
                if not os.path.isdir(d):
                    continue
                for fn in sorted(os.listdir(d)):
                    p = os.path.join(sub, fn)
                    if fn.endswith(".md") and not self.excluded(p):
                        self._all_rows.extend(self.rows(p))
        return self._all_rows

    def own(self, full):
        """(own pages, pages of the same short name in another namespace) of a type."""
        rel = full[len("microsoft.graph."):] if full.lower().startswith("microsoft.graph.") else full
        ns = ("microsoft.graph." + rel.rsplit(".", 1)[0]) if "." in rel else "microsoft.graph"
        mine, other = [], []
        for e in self.entries.get(last(full).lower(), []):
            cands = {self.namespace(e["page"]).lower()}
            q = e.get("qualified") or ""
            if q.count(".") >= 2:
                cands.add(q.rsplit(".", 1)[0].lower())
            (mine if ns.lower() in cands else other).append(e)
        pages = sorted({e["page"] for e in mine})
        return pages, sorted({e["page"] for e in other}), mine

    def own_rows(self, full, commented=False):
        """Rows on a type's own pages (outside HTML comments, or inside with `commented`);
        an enum on an enum page: rows of its section only."""
        pages, _, mine = self.own(full)
        out = []
        sect = {e["page"] for e in mine if e["how"] == "enum-section"}
        whole = {e["page"] for e in mine if e["how"] != "enum-section"}
        name = last(full).lower()
        for p in pages:
            for r in self.rows(p):
                if r.commented != commented:
                    continue
                if p in whole or (p in sect and r.section.lower().split()[:1] == [name]):
                    out.append(r)
        return out

    def method_segments(self, full):
        """Lower-cased path segments of the HTTP request lines of the method pages (api/)
        that a type's own pages link to."""
        segs = set()
        for page in self.own(full)[0]:
            for m in API_LINK_RE.finditer(self.text(page)):
                api = os.path.join("api", m.group(1))
                if self.excluded(api) or not os.path.isfile(os.path.join(self.docs, api)):
                    continue
                for h in HTTP_RE.finditer(self.text(api)):
                    path = h.group(1).split("?")[0]
                    segs |= {re.sub(r"\(.*", "", x).lower() for x in path.split("/")}
        return segs

    def own_text(self, full, sections=False):
        """The text of a type's own pages; with `sections`, an enum page's section only."""
        pages, _, mine = self.own(full)
        if not sections:
            return "\n".join(self.text(p) for p in pages)
        out, name = [], last(full).lower()
        for p in pages:
            if not any(e["page"] == p and e["how"] == "enum-section" for e in mine):
                out.append(self.text(p))
                continue
            keep = False
            for ln in self.text(p).split("\n"):
                h = HEAD_RE.match(ln)
                if h:
                    keep = h.group(2).lower().split()[:1] == [name]
                if keep:
                    out.append(ln)
        return "\n".join(out)


def word_in(name, text):
    return re.search(r"(?<![\w.])%s(?![\w])" % re.escape(name), text, re.I) is not None


def cell_types(pages, cell):
    """Comparable types a type cell states (the canonical form of its first type, and the
    types documented by the pages its links point to), with its collection flag."""
    raw = cell
    p = plain(cell)
    low = p.lower()
    coll = bool(re.search(r"\bcollection\b|\[\]|\blist of\b|\barray\b", low))
    unsure = "][]" in raw  # `[X][]`: a reference link, or "X[]"?
    m = re.search(r"collection\(\s*([\w.]+)\s*\)", low)
    words = [w for w in WORD_RE.findall(low) if w not in ("collection", "a", "an", "of", "list")]
    first = m.group(1) if m else (words[0] if words else "")
    first = first.rstrip(".")
    if first.startswith("edm."):
        first = first[4:]
    base = PRIMS.get(first, last(first))
    names = {base} if base else set()
    for lm in LINK_RE.finditer(raw):
        tgt = os.path.basename(lm.group(2).split("#")[0]).lower()
        for pg, docs in pages.by_page.items():
            if os.path.basename(pg).lower() == tgt:
                names |= docs
    out = {("collection(%s)" % n) if coll else n for n in names}
    if unsure:
        out |= {"collection(%s)" % n for n in names}
    return out, p


class Classifier:
    def __init__(self, details, pages, truth=None):
        self.d, self.pages = details, pages
        self.by_type = {t["type"]: t for t in details["types"]}
        self.truth = {}
        if truth:
            for key in ("entityTypes", "complexTypes"):
                for t in truth.get(key, []):
                    ns = t.get("namespace", "microsoft.graph")
                    self.truth[(ns + "." + t["name"]).lower()] = t
        self.base_class = {}
        self.type_class = {}
        self.out = {m: collections.defaultdict(list) for m in METRICS}

    def add(self, metric, cls, sub, example):
        self.out[metric][(cls, sub)].append(example)

    def truth_type(self, name):
        t = self.truth.get((name or "").lower())
        if t is None and name:
            t = self.truth.get(("microsoft.graph." + last(name)).lower())
        return t

    # ---- types
    def missing_type(self, t):
        full = t["type"]
        mine, other, _ = self.pages.own(full)
        if not mine and other:
            c = (A, "its pages document a type of that name in another namespace")
        else:
            c = (C, "a page documents it in its namespace")
        self.type_class[full] = c
        self.add("types_recall", c[0], c[1], "%s (%s)" % (full, ", ".join(other or mine)))
        return c

    # ---- bases
    def states_base(self, text, name, key=True):
        """Does the text state `name` as a base? With `key`, a keyProperty states entity."""
        n = re.escape(last(name))
        pat = (r"(inherit\w*|deriv\w*|extends?|base\s+type|subtype|sub-type)\W+(?:\w+\W+){0,6}?"
               r"(?:microsoft\.graph\.)?%s(?![\w])" % n)
        if re.search(pat, text, re.I):
            return True
        if re.search(r'"baseType"\s*:\s*"[\w.]*?\b%s"' % n, text, re.I):
            return True
        return key and last(name).lower() == "entity" and KEY_RE.search(text) is not None

    def base(self, t):
        full, b = t["type"], t["baseType"]
        truth, got = b.get("truth"), b.get("got")
        text = self.pages.own_text(full)
        ex = "%s: truth %s, ours %s" % (full, last(truth) or "none", last(got) or "none")
        has_id = any(r.name == "id" for r in self.pages.own_rows(full))
        if not text:
            c = (B, "no page documents the type in its namespace")
        elif truth and self.states_base(text, truth, key=False):
            c = (C, "the page states the truth's base")
        elif got and self.states_base(text, got, key=False):
            c = (A, "the page states another base")
        elif truth and self.states_base(text, truth):
            c = (C, "the page states the truth's base (a keyProperty)")
        elif got and self.states_base(text, got):
            c = (A, "the page states another base (a keyProperty)")
        elif truth and re.search(r'"baseType"\s*:\s*null', text):
            c = (A, "the page's resource comment says baseType null")
        elif truth and last(truth).lower() != "entity" and (
                word_in(last(truth), text) or re.search(r"\]\(%s\.md" % re.escape(last(truth).lower()), text, re.I)):
            c = (C, "the page names the truth's base, not in a base statement (unsure)")
        elif not truth and last(got or "").lower() == "entity" and has_id:
            c = (A, "truth has no base; the page has an id row (ours: entity)")
        elif not truth:
            c = (C, "truth has no base; the page states none (unsure)")
        elif last(truth).lower() == "entity":
            c = (B, "truth: entity; the page states no base, no keyProperty%s"
                 % (" (it has an id row)" if has_id else ", no id row"))
        else:
            c = (B, "the page never names the truth's base")
        self.base_class[full] = c
        self.add("base_acc", c[0], c[1], ex)

    # ---- properties
    def chain(self, full):
        """Truth types from `full` up its base chain."""
        out, cur, seen = [], self.truth_type(full), set()
        while cur is not None and id(cur) not in seen:
            seen.add(id(cur))
            out.append(cur)
            cur = self.truth_type(cur.get("baseType"))
        return out

    def declared_on(self, full, prop):
        for i, t in enumerate(self.chain(full)):
            names = {p["name"].lower() for p in t.get("properties", []) + t.get("navigationProperties", [])}
            if prop.lower() in names:
                return i, t
        return 0, None

    def rows_named(self, full, prop, commented=False):
        """Property rows: that name in the first cell, a non-empty type cell."""
        return [r for r in self.pages.own_rows(full, commented) if r.name == prop.lower()
                and len(r.cells) >= 2 and plain(r.cells[1])]

    def nothing(self, full, prop):
        if self.rows_named(full, prop, commented=True):
            return (B, "only in a row inside an HTML comment")
        text = self.pages.own_text(full)
        if re.search(r'"%s"\s*:' % re.escape(prop), text, re.I):
            return (B, "only in a JSON example")
        if word_in(prop, text):
            return (B, "in prose only")
        return (B, "not named on its own pages")

    def missing_prop(self, full, prop):
        ex = "%s.%s" % (last(full), prop)
        if not self.pages.own(full)[0]:
            return self.add("prop_recall", B, "no page documents the type in its namespace", ex)
        if self.rows_named(full, prop):
            return self.add("prop_recall", C, "a row on its own page", ex)
        depth, decl = self.declared_on(full, prop)
        if decl is not None and depth > 0:
            for i, t in enumerate(self.chain(full)[:depth]):
                tf = t.get("namespace", "microsoft.graph") + "." + t["name"]
                if i > 0 and not self.pages.own(tf)[0]:
                    return self.add("prop_recall", B, "inherited through a base no page documents", ex)
                bc = self.base_class.get(tf)
                if bc is not None:
                    if bc[0] == C:
                        return self.add("prop_recall", C, "inherited; follows a fixable base", ex)
                    return self.add("prop_recall", bc[0], "inherited through a base " + bc[1], ex)
            dfull = decl.get("namespace", "microsoft.graph") + "." + decl["name"]
            if self.rows_named(dfull, prop):
                return self.add("prop_recall", C, "inherited; a row on the base's page", ex)
            c = self.nothing(dfull, prop)
            return self.add("prop_recall", c[0], "inherited, " + c[1], ex)
        if prop.lower() in self.pages.method_segments(full):
            return self.add("prop_recall", C, "no row, but a path segment of a method page "
                            "its page links to (a relationship with no row; unsure)", ex)
        c = self.nothing(full, prop)
        self.add("prop_recall", c[0], c[1], ex)

    def extra_prop(self, t, prop):
        full = t["type"]
        ex = "%s.%s" % (last(full), prop)
        if self.rows_named(full, prop):
            return self.add("prop_precision", A, "a row on its own page (the truth lacks it)", ex)
        got = (t.get("baseType") or {}).get("got")
        if got and self.rows_named(got, prop):
            bc = self.base_class.get(full, (C, ""))
            if bc[0] == C:
                return self.add("prop_precision", C, "from a base we gave that is fixable", ex)
            return self.add("prop_precision", bc[0], "from the base we gave: " + bc[1], ex)
        for tt in self.chain(full)[1:]:
            tf = tt.get("namespace", "microsoft.graph") + "." + tt["name"]
            if self.rows_named(tf, prop):
                return self.add("prop_precision", A, "a row on a base's page (the truth lacks it)", ex)
        self.add("prop_precision", C, "no row for it on the type's pages", ex)

    def mismatch(self, full, m):
        prop, truth = m["prop"], m["truth"]
        ex = "%s.%s: truth %s, ours %s" % (last(full), prop, truth, m["got"])
        tc = canon_truth(truth)
        inner_full = truth[len("Collection("):-1] if truth.startswith("Collection(") else truth
        inner = inner_full if inner_full.startswith("Edm.") else last(inner_full)
        rows = self.rows_named(full, prop)
        if not rows:  # the own page's row wins over a base's
            for t in self.chain(full)[1:]:
                rows += self.rows_named(t.get("namespace", "microsoft.graph") + "." + t["name"], prop)
        if not rows:
            return self.add("type_acc", B, "no row for the property", ex)
        said = []
        for r in rows:
            types, p = cell_types(self.pages, r.cells[1])
            if tc in types:
                return self.add("type_acc", C, "the type cell states the truth's type", ex)
            same_shape = all(x.startswith("collection(") == tc.startswith("collection(") for x in types)
            if same_shape and not inner.lower().startswith("edm.") and (
                    word_in(inner, p) or re.search(r"\]\([^)]*\b%s\.md" % re.escape(inner.lower()),
                                                   r.cells[1], re.I)):
                return self.add("type_acc", C, "the type cell names the truth's type", ex)
            if not p:
                return self.add("type_acc", C, "an empty type cell (unsure)", ex)
            if "edm.string" in types and not inner.lower().startswith("edm."):
                listed = {v.lower() for c in r.cells[2:] for v in re.findall(r"`([\w.-]+)`", c)}
                members = {m.name for m in self.pages.own_rows(truth.replace("Collection(", "").rstrip(")"))}
                listed.discard("unknownfuturevalue")
                members.discard("unknownfuturevalue")
                if len(listed) >= 2 and listed == members:
                    return self.add("type_acc", C, "the type cell says String, but the values "
                                    "it lists are the members of the truth's enum", ex)
            said.append(p)
            if "edm.string" in types and not inner.lower().startswith("edm.") and not \
                    self.pages.own(truth.replace("Collection(", "").rstrip(")"))[0]:
                return self.add("type_acc", A, "the type cell says String; no page defines the "
                                "truth's type", ex)
        self.add("type_acc", A, "the type cell says another type", ex + " (page: %s)" % said[0][:60])

    # ---- enums
    def missing_member(self, full, member):
        ex = "%s.%s" % (last(full), member)
        ml = member.lower()
        if any(r.name == ml for r in self.pages.own_rows(full)):
            return self.add("enum_member_recall", C, "a row in its own section", ex)
        name = last(full)
        other = set(self.pages.own(full)[1])
        for r in self.pages.all_rows():
            if r.name == ml and word_in(name, r.context):
                if r.page in other:
                    return self.add("enum_member_recall", A, "a row of the same-named enum of "
                                    "another namespace", ex)
                return self.add("enum_member_recall", C, "a row of a table that names the enum", ex)
        for r in self.pages.all_rows():
            if len(r.cells) >= 3 and word_in(name, plain(r.cells[1])) and re.search(
                    r"`%s`" % re.escape(member), "|".join(r.cells[2:]), re.I):
                return self.add("enum_member_recall", C, "in the value list of a property of that type", ex)
        if word_in(member, self.pages.own_text(full, sections=True)):
            return self.add("enum_member_recall", B, "in prose only", ex)
        self.add("enum_member_recall", B, "not named on its own page", ex)

    def run(self):
        types = self.d["types"]
        for t in types:
            if t.get("schema") is None:
                self.missing_type(t)
        for t in types:
            if t.get("baseType"):
                self.base(t)
        for t in types:
            full = t["type"]
            if t.get("schema") is None:
                c = self.type_class[full]
                n = max(0, t.get("errors", 1) - 1)
                metric = "enum_member_recall" if t["kind"] == "enum" else "prop_recall"
                for i in range(n):
                    self.add(metric, c[0], "the type is missing: " + c[1], "%s (%d)" % (last(full), n))
                continue
            for p in t.get("missingProps") or []:
                self.missing_prop(full, p)
            for p in t.get("extraProps") or []:
                self.extra_prop(t, p)
            for m in t.get("typeMismatches") or []:
                self.mismatch(full, m)
            for mem in t.get("missingMembers") or []:
                self.missing_member(full, mem)
        return self.out


def totals(details, out):
    """(matched, total) per metric, from the details' exact ratios and the miss counts."""
    res = {}
    for m in METRICS:
        r = details["metrics"].get(m)
        k = sum(len(v) for v in out[m].values())
        if r is None:
            res[m] = (0, 0)
        elif r >= 1.0:
            res[m] = (None, None)  # no misses: the total is not recoverable and not needed
        elif m == "prop_precision":
            tp = round(r * k / (1 - r))
            res[m] = (tp, tp + k)
        else:
            tot = round(k / (1 - r))
            res[m] = (tot - k, tot)
    return res


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("details")
    ap.add_argument("docs")
    ap.add_argument("--exclude-pages", metavar="GLOB", action="append", default=[])
    ap.add_argument("--truth")
    ap.add_argument("--json", metavar="OUT")
    ap.add_argument("--examples", type=int, default=4)
    a = ap.parse_args(argv)
    with open(a.details, encoding="utf-8") as fh:
        details = json.load(fh)
    truth = None
    if a.truth:
        with open(a.truth, encoding="utf-8") as fh:
            truth = json.load(fh)
    pages = Pages(a.docs, a.exclude_pages)
    out = Classifier(details, pages, truth).run()
    tot = totals(details, out)
    report = {}
    print("%-19s %6s %7s  %6s %6s %6s   %s" % ("metric", "score", "ceiling", "(a)", "(b)",
                                             "(c)", "matched/total"))
    for m in METRICS:
        n = collections.Counter()
        for (cls, _), v in out[m].items():
            n[cls] += len(v)
        matched, total = tot[m]
        if total:
            ceil = (matched + n[C]) / total
            score = matched / total
        else:
            ceil = score = 1.0
        report[m] = {"score": score, "ceiling": ceil, "matched": matched, "total": total,
                     "other": n[A], "nothing": n[B], "fixable": n[C],
                     "classes": [{"class": cls, "why": sub, "count": len(v), "misses": v}
                                 for (cls, sub), v in sorted(out[m].items())]}
        print("%-19s %6.3f %7.3f  %6d %6d %6d   %s/%s" % (m, score, ceil, n[A], n[B], n[C],
                                                      matched, total))
    print("(a) the page says otherwise, (b) the page says nothing, (c) fixable: the page states it;"
          " ceiling = (matched + fixable) / total")
    for m in METRICS:
        if not out[m]:
            continue
        print("\n%s:" % m)
        for (cls, sub), v in sorted(out[m].items(), key=lambda kv: (kv[0][0], -len(kv[1]))):
            uniq = list(dict.fromkeys(v))
            print("  %4d  (%s) %s" % (len(v), cls[0], sub))
            print("        e.g. " + "; ".join(uniq[:a.examples]))
    if a.json:
        with open(a.json, "w", encoding="utf-8") as fh:
            json.dump(report, fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
