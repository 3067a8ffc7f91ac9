//! OpenAPI out and in: the export's shape on specs/, the round trip pages → OpenAPI → IR
//! (same IR, same generated code; on the Intune corpus too when ../shared is present), and
//! import diagnostics that name the JSON pointer of what cannot be represented.

use graphgen::diagnostics::Diagnostics;
use graphgen::ir::{Edm, Ir, ResponseBody, Status, TypeKind, UnionStyle};
use graphgen::openapi::{export::export, import::import, render};
use serde_yaml::Value;
use std::path::{Path, PathBuf};

fn specs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs")
}

fn specs_ir() -> Ir {
    let (ir, diags) = graphgen::load(&specs()).expect("specs/ readable");
    assert!(diags.is_empty(), "{:?}", diags.sorted());
    ir
}

/// Follows a path of keys (sequence indexes as numbers) through a document.
fn at<'v>(doc: &'v Value, path: &[&str]) -> &'v Value {
    let mut cur = doc;
    for k in path {
        cur = match k.parse::<usize>() {
            Ok(i) if cur.is_sequence() => cur.get(i),
            _ => cur.get(*k),
        }
        .unwrap_or_else(|| panic!("no `{k}` on the way to {path:?}"));
    }
    cur
}

fn text<'v>(doc: &'v Value, path: &[&str]) -> &'v str {
    at(doc, path)
        .as_str()
        .unwrap_or_else(|| panic!("{path:?} is not text"))
}

/// Every operation object of the document's `paths`.
fn operations(doc: &Value) -> Vec<(String, String, &Value)> {
    let mut out = Vec::new();
    for (path, item) in at(doc, &["paths"]).as_mapping().expect("paths") {
        for (method, op) in item.as_mapping().expect("path item") {
            out.push((
                path.as_str().expect("path").to_owned(),
                method.as_str().expect("method").to_owned(),
                op,
            ));
        }
    }
    out
}

fn reimport(doc: &Value, json: bool) -> (Ir, Diagnostics) {
    let text = render(doc, json).expect("render");
    let mut diags = Diagnostics::new();
    let ir = import(&text, "specs.openapi", &mut diags).expect("readable document");
    (ir, diags)
}

// ---------------------------------------------------------------- export shape

#[test]
fn export_schemas_use_allof_edm_formats_and_string_enums() {
    let doc = export(&specs_ir());
    assert_eq!(text(&doc, &["openapi"]), "3.0.3");
    let schemas = &["components", "schemas"];
    let cert = at(
        &doc,
        &[schemas[0], schemas[1], "microsoft.graph.userPFXCertificate"],
    );
    // Entity types whose page names no base derive from entity (synthesized: specs/ has
    // no entity page).
    assert_eq!(
        text(cert, &["allOf", "0", "$ref"]),
        "#/components/schemas/microsoft.graph.entity"
    );
    let entity = at(&doc, &["components", "schemas", "microsoft.graph.entity"]);
    assert_eq!(text(entity, &["properties", "id", "type"]), "string");
    let own = at(cert, &["allOf", "1"]);
    assert_eq!(text(own, &["type"]), "object");
    assert!(text(own, &["description"]).starts_with("Represents a PFX certificate"));
    let props = at(own, &["properties"]);
    // `id` comes from entity, not from the type's own properties.
    assert!(props.get("id").is_none());
    let fmt = |p: &str| {
        (
            text(props, &[p, "type"]).to_owned(),
            props
                .get(p)
                .and_then(|v| v.get("format"))
                .and_then(Value::as_str),
        )
    };
    assert_eq!(fmt("startDateTime"), ("string".into(), Some("date-time")));
    assert_eq!(
        fmt("encryptedPfxBlob"),
        ("string".into(), Some("base64url"))
    );
    assert_eq!(fmt("thumbprint"), ("string".into(), None));
    assert_eq!(
        text(props, &["intendedPurpose", "allOf", "0", "$ref"]),
        "#/components/schemas/microsoft.graph.userPfxIntendedPurpose"
    );
    assert!(text(props, &["intendedPurpose", "description"]).starts_with("What the certificate"));

    let purpose = at(
        &doc,
        &[
            "components",
            "schemas",
            "microsoft.graph.userPfxIntendedPurpose",
        ],
    );
    assert_eq!(text(purpose, &["type"]), "string");
    let members: Vec<&str> = at(purpose, &["enum"])
        .as_sequence()
        .expect("enum")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(
        members,
        [
            "unassigned",
            "smimeEncryption",
            "smimeSigning",
            "vpn",
            "wifi"
        ]
    );
    assert_eq!(
        text(purpose, &["x-ms-enum", "values", "1", "description"]),
        "Usable for S/MIME encryption."
    );
}

#[test]
fn export_operations_have_ids_params_bodies_responses_errors_and_scopes() {
    let doc = export(&specs_ir());
    let ops = operations(&doc);
    assert_eq!(ops.len(), 5);
    let mut ids: Vec<&str> = ops
        .iter()
        .map(|(_, _, op)| text(op, &["operationId"]))
        .collect();
    ids.sort();
    assert_eq!(
        ids,
        [
            "deviceManagement.userPfxCertificates.byId.delete",
            "deviceManagement.userPfxCertificates.byId.get",
            "deviceManagement.userPfxCertificates.byId.update",
            "deviceManagement.userPfxCertificates.create",
            "deviceManagement.userPfxCertificates.list"
        ]
    );
    let find = |id: &str| {
        ops.iter()
            .find(|(_, _, op)| text(op, &["operationId"]) == id)
            .unwrap_or_else(|| panic!("{id}"))
    };

    let (path, method, create) = find("deviceManagement.userPfxCertificates.create");
    assert_eq!(
        (path.as_str(), method.as_str()),
        ("/deviceManagement/userPfxCertificates", "post")
    );
    assert_eq!(text(create, &["summary"]), "Create userPFXCertificate");
    assert_eq!(
        text(
            create,
            &[
                "requestBody",
                "content",
                "application/json",
                "schema",
                "$ref"
            ]
        ),
        "#/components/schemas/microsoft.graph.userPFXCertificate"
    );
    assert_eq!(
        text(
            create,
            &[
                "responses",
                "201",
                "content",
                "application/json",
                "schema",
                "$ref"
            ]
        ),
        "#/components/schemas/microsoft.graph.userPFXCertificate"
    );
    for status in ["4XX", "5XX"] {
        assert_eq!(
            text(create, &["responses", status, "$ref"]),
            "#/components/responses/error"
        );
    }
    assert_eq!(
        text(
            &doc,
            &[
                "components",
                "responses",
                "error",
                "content",
                "application/json",
                "schema",
                "$ref"
            ]
        ),
        "#/components/schemas/microsoft.graph.ODataErrors.ODataError"
    );
    let security = at(create, &["security"]).as_sequence().expect("security");
    let delegated = security
        .iter()
        .find_map(|r| r.get("delegatedWorkOrSchool"))
        .expect("delegated scopes");
    assert_eq!(
        delegated.get(0).and_then(Value::as_str),
        Some("DeviceManagementConfiguration.ReadWrite.All")
    );
    assert!(security.iter().any(|r| r.get("application").is_some()));
    let scopes = at(
        &doc,
        &[
            "components",
            "securitySchemes",
            "application",
            "flows",
            "clientCredentials",
            "scopes",
        ],
    );
    assert!(scopes
        .get("DeviceManagementConfiguration.ReadWrite.All")
        .is_some());

    let (path, _, get) = find("deviceManagement.userPfxCertificates.byId.get");
    assert_eq!(
        path,
        "/deviceManagement/userPfxCertificates/{userPFXCertificateId}"
    );
    let params = at(get, &["parameters"]).as_sequence().expect("parameters");
    let p0 = &params[0];
    assert_eq!(
        p0.get("name").and_then(Value::as_str),
        Some("userPFXCertificateId")
    );
    assert_eq!(p0.get("in").and_then(Value::as_str), Some("path"));
    assert_eq!(p0.get("required").and_then(Value::as_bool), Some(true));
    let (_, _, delete) = find("deviceManagement.userPfxCertificates.byId.delete");
    let no_content = at(delete, &["responses", "204"]);
    assert!(no_content.get("content").is_none());

    // A list answers a page of values and allows the OData query options.
    let (_, _, list) = find("deviceManagement.userPfxCertificates.list");
    let page = at(
        list,
        &["responses", "200", "content", "application/json", "schema"],
    );
    assert_eq!(text(page, &["properties", "value", "type"]), "array");
    assert_eq!(
        text(page, &["properties", "value", "items", "$ref"]),
        "#/components/schemas/microsoft.graph.userPFXCertificate"
    );
    assert!(page
        .get("properties")
        .and_then(|p| p.get("@odata.nextLink"))
        .is_some());
    // The list page has no "Optional query parameters" section; the get page has.
    assert!(list.get("parameters").is_none());
    let refs: Vec<&str> = params
        .iter()
        .filter_map(|p| p.get("$ref").and_then(Value::as_str))
        .collect();
    assert_eq!(
        refs,
        [
            "#/components/parameters/select",
            "#/components/parameters/expand"
        ]
    );
    assert_eq!(
        text(&doc, &["components", "parameters", "select", "name"]),
        "$select"
    );
    assert_eq!(
        text(&doc, &["components", "parameters", "top", "name"]),
        "$top"
    );
}

#[test]
fn export_is_deterministic_and_json_when_asked() {
    let a = render(&export(&specs_ir()), false).expect("yaml");
    let b = render(&export(&specs_ir()), false).expect("yaml");
    assert_eq!(a, b);
    let json = render(&export(&specs_ir()), true).expect("json");
    let v: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(v["openapi"], "3.0.3");
}

// ---------------------------------------------------------------- round trip

#[test]
fn specs_round_trip_gives_the_same_ir_and_the_same_code() {
    let ir = specs_ir();
    let doc = export(&ir);
    for json in [false, true] {
        let (back, diags) = reimport(&doc, json);
        assert!(diags.is_empty(), "{:?}", diags.sorted());
        assert_eq!(back, ir, "IR differs after the round trip (json: {json})");
        let want = graphgen::emit::generate(&ir).expect("emit pages");
        let got = graphgen::emit::generate(&back).expect("emit openapi");
        assert_eq!(want.len(), got.len());
        for (w, g) in want.iter().zip(&got) {
            assert_eq!(w.path, g.path);
            assert!(w.contents == g.contents, "{} differs", w.path);
        }
    }
}

#[test]
#[cfg_attr(
    no_shared,
    ignore = "../shared is absent: this test reads the real pages there"
)]
fn corpus_round_trip_gives_the_same_ir() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/intune-beta");
    assert!(
        dir.is_dir(),
        "{} is absent: this test reads the real pages (in CI, ../shared must be beside the checkout)",
        dir.display()
    );
    let (ir, _) = graphgen::load(&dir).expect("corpus readable");
    let doc = export(&ir);
    let (back, diags) = reimport(&doc, true);
    assert!(
        diags.is_empty(),
        "{:?}",
        &diags.sorted()[..diags.len().min(20)]
    );
    assert_eq!(back.types.len(), ir.types.len());
    assert_eq!(back.enums.len(), ir.enums.len());
    assert_eq!(back.operations.len(), ir.operations.len());
    for (a, b) in ir.types.iter().zip(&back.types) {
        assert_eq!(a, b, "type {}", a.name);
    }
    for (a, b) in ir.enums.iter().zip(&back.enums) {
        assert_eq!(a, b, "enum {}", a.name);
    }
    for (a, b) in ir.operations.iter().zip(&back.operations) {
        assert_eq!(a, b, "operation {}", a.title);
    }
    assert!(back == ir);
}

// ---------------------------------------------------------------- import

fn import_text(text: &str) -> (Option<Ir>, Vec<String>) {
    let mut diags = Diagnostics::new();
    let ir = import(text, "api.yaml", &mut diags);
    (ir, diags.sorted().iter().map(ToString::to_string).collect())
}

fn assert_has(diags: &[String], needle: &str) {
    assert!(
        diags.iter().any(|d| d.contains(needle)),
        "no diagnostic containing {needle:?} in {diags:#?}"
    );
}

const PETS_31: &str = r##"
openapi: 3.1.0
info: {title: pets, version: "1"}
paths:
  /pets/{petId}:
    parameters:
      - {name: petId, in: path, required: true, schema: {type: string}}
    get:
      summary: Get pet
      operationId: getPet
      parameters:
        - {name: $select, in: query, schema: {type: string}}
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {$ref: "#/components/schemas/pet"}
        default: {description: error}
    patch:
      summary: Update pet
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/pet"}
      responses:
        204: {description: No Content}
  /pets:
    get:
      summary: List pets
      security: [{oauth: [Pets.Read]}]
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  value: {type: array, items: {$ref: "#/components/schemas/pet"}}
                  "@odata.nextLink": {type: [string, "null"]}
  /pets/feed:
    post:
      summary: Feed pets
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                amount: {type: integer, format: int32}
      responses:
        "204": {description: fed}
components:
  securitySchemes:
    oauth: {type: oauth2, flows: {clientCredentials: {tokenUrl: "https://x", scopes: {Pets.Read: read}}}}
  schemas:
    animal:
      type: object
      properties:
        id: {type: string}
    pet:
      description: A pet.
      allOf:
        - $ref: "#/components/schemas/animal"
        - type: object
          properties:
            name: {type: [string, "null"], description: The name.}
            born: {type: string, format: date-time}
            weight: {type: number, format: double}
            kind: {oneOf: [{$ref: "#/components/schemas/kind"}, {type: "null"}]}
            tags: {type: array, items: {type: string}}
            photo: {type: string, format: byte}
    kind:
      type: string
      enum: [cat, dog, null]
"##;

#[test]
fn openapi_31_reads_into_ir() {
    let (ir, diags) = import_text(PETS_31);
    assert!(diags.is_empty(), "{diags:#?}");
    let ir = ir.expect("ir");
    let pet = ir.types.iter().find(|t| t.name == "pet").expect("pet");
    assert_eq!(pet.base.as_deref(), Some("animal"));
    assert_eq!(pet.description, "A pet.");
    let ty = |n: &str| {
        pet.properties
            .iter()
            .find(|p| p.name == n)
            .unwrap_or_else(|| panic!("{n}"))
            .ty
            .clone()
    };
    assert_eq!(ty("name").kind, TypeKind::Primitive { edm: Edm::String });
    assert_eq!(
        ty("born").kind,
        TypeKind::Primitive {
            edm: Edm::DateTimeOffset
        }
    );
    assert_eq!(ty("weight").kind, TypeKind::Primitive { edm: Edm::Double });
    assert_eq!(
        ty("kind").kind,
        TypeKind::Enum {
            name: "kind".into()
        }
    );
    assert!(ty("tags").collection);
    assert_eq!(ty("photo").kind, TypeKind::Primitive { edm: Edm::Binary });
    let name = pet
        .properties
        .iter()
        .find(|p| p.name == "name")
        .expect("name");
    assert_eq!(name.description, "The name.");
    let kind = ir.enums.iter().find(|e| e.name == "kind").expect("kind");
    let members: Vec<&str> = kind.members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(members, ["cat", "dog"]);

    let op = |t: &str| {
        ir.operations
            .iter()
            .find(|o| o.title == t)
            .unwrap_or_else(|| panic!("{t}"))
    };
    let get = op("Get pet");
    assert!(get.query_options);
    assert_eq!(get.paths[0].template, "/pets/{petId}");
    assert_eq!(
        get.paths[0].segments[1],
        graphgen::ir::PathSegment::Param("petId".into())
    );
    assert!(matches!(get.response.body, ResponseBody::Single { .. }));
    assert_eq!(op("Update pet").response.status, Status::Code(204));
    let list = op("List pets");
    assert!(matches!(
        list.response.body,
        ResponseBody::Collection { .. }
    ));
    assert_eq!(list.permissions[0].scopes, ["Pets.Read"]);
    assert!(matches!(
        op("Feed pets").request_body,
        Some(graphgen::ir::RequestBody::Parameters { .. })
    ));
    // And the emitter takes it.
    graphgen::emit::generate(&ir).expect("emit");
}

#[test]
fn openapi_30_nullable_and_json_read() {
    let doc = r##"{
      "openapi": "3.0.3",
      "info": {"title": "t", "version": "1"},
      "paths": {},
      "components": {"schemas": {
        "thing": {"type": "object", "properties": {
          "a": {"type": "string", "nullable": true},
          "b": {"anyOf": [{"$ref": "#/components/schemas/other"}, {"type": "object", "nullable": true}]},
          "c": {"nullable": true, "allOf": [{"$ref": "#/components/schemas/other"}], "description": "C."},
          "d": {"type": "integer", "format": "int64", "nullable": true}
        }},
        "other": {"type": "object", "properties": {"x": {"type": "boolean"}}}
      }}
    }"##;
    let (ir, diags) = import_text(doc);
    assert!(diags.is_empty(), "{diags:#?}");
    let ir = ir.expect("ir");
    let thing = &ir.types[1];
    assert_eq!(thing.name, "thing");
    let kinds: Vec<&TypeKind> = thing.properties.iter().map(|p| &p.ty.kind).collect();
    assert_eq!(
        kinds,
        [
            &TypeKind::Primitive { edm: Edm::String },
            &TypeKind::Type {
                name: "other".into()
            },
            &TypeKind::Type {
                name: "other".into()
            },
            &TypeKind::Primitive { edm: Edm::Int64 },
        ]
    );
    assert_eq!(thing.properties[2].description, "C.");
}

const BROKEN: &str = r##"
openapi: 3.0.3
info: {title: broken, version: "1"}
paths:
  /a:
    get:
      summary: No responses
    head:
      summary: Head
      responses: {"200": {description: ok}}
  /b:
    post:
      summary: Two successes
      parameters:
        - {name: session, in: cookie, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer}}
        - $ref: "#/components/parameters/nowhere"
      responses:
        "200": {description: ok}
        "201": {description: created, content: {application/json: {schema: {type: string}}}}
components:
  schemas:
    a:
      type: object
      properties:
        dangling: {$ref: "#/components/schemas/missing"}
        union: {oneOf: [{type: string}, {type: boolean}]}
        inline: {type: object, properties: {x: {type: string}}}
        nested: {type: array, items: {type: array, items: {type: string}}}
        external: {$ref: "other.yaml#/components/schemas/x"}
        multi: {type: [string, integer]}
    b:
      allOf:
        - $ref: "#/components/schemas/color"
        - type: object
    color: {type: string, enum: [red]}
    microsoft.graph.color: {type: string, enum: [blue]}
    choice: {oneOf: [{$ref: "#/components/schemas/a"}, {$ref: "#/components/schemas/b"}]}
    notaschema: 42
    loop1: {$ref: "#/components/schemas/loop2"}
    loop2: {$ref: "#/components/schemas/loop1"}
    c:
      type: object
      properties:
        l: {$ref: "#/components/schemas/loop1"}
"##;

#[test]
fn what_cannot_be_represented_is_reported_with_its_json_pointer() {
    let (ir, d) = import_text(BROKEN);
    let ir = ir.expect("still read");
    assert_has(&d, "api.yaml:0: error[openapi-dangling-ref]: #/components/schemas/a/properties/dangling: `$ref: #/components/schemas/missing` leads to no schema");
    // Unions are types (see tests/openapi_import.rs), never a diagnostic.
    assert!(!d.iter().any(|x| x.contains("oneOf")), "{d:#?}");
    // An inline object schema is a type of its own, named after where it sits.
    assert!(
        !d.iter().any(|x| x.contains("an inline object schema")),
        "{d:#?}"
    );
    // An array of arrays is one too.
    assert!(!d.iter().any(|x| x.contains("array of arrays")), "{d:#?}");
    assert_has(
        &d,
        "#/components/schemas/a/properties/external: external reference",
    );
    // So is a value of several types (an untagged union).
    assert!(!d.iter().any(|x| x.contains("several types")), "{d:#?}");
    assert_has(&d, "error[openapi-bad-schema]: #/components/schemas/b/allOf/0: base `#/components/schemas/color` is not an object schema");
    let choice = ir
        .types
        .iter()
        .find(|t| t.name == "choice")
        .expect("choice");
    let u = choice.union.as_ref().expect("a union");
    assert_eq!(u.style, UnionStyle::Untagged);
    let v: Vec<&str> = u.variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(v, ["a", "b"]);
    assert_has(
        &d,
        "warning[openapi-duplicate]: #/components/schemas/microsoft.graph.color: `microsoft.graph.color` and `color` both read as the type `color`",
    );
    assert_has(
        &d,
        "error[openapi-bad-schema]: #/components/schemas/notaschema: expected a schema object",
    );
    assert_has(
        &d,
        "#/components/schemas/loop1: schemas nest or refer to each other too deeply",
    );
    assert_has(
        &d,
        "error[openapi-missing-responses]: #/paths/~1a/get: an operation needs `responses`",
    );
    assert_has(&d, "#/paths/~1a/head: method `HEAD` is not supported");
    assert_has(
        &d,
        "#/paths/~1b/post/parameters/0: cookie parameter `session` cannot be represented",
    );
    // A query parameter is typed, not reported.
    assert!(!d.iter().any(|m| m.contains("parameters/1:")), "{d:#?}");
    assert_has(&d, "error[openapi-dangling-ref]: #/paths/~1b/post/parameters/2: `$ref: #/components/parameters/nowhere` leads nowhere");
    // Two success responses that differ are both kept, as outcomes: not a diagnostic.
    assert!(!d.iter().any(|x| x.contains("responses/201")), "{d:#?}");
    let b = ir
        .operations
        .iter()
        .find(|o| o.title == "Two successes")
        .expect("b");
    let statuses: Vec<Status> = b.outcomes.iter().map(|o| o.status).collect();
    assert_eq!(statuses, [Status::Code(200), Status::Code(201)]);
    // What could be read is there, with untyped JSON where the type could not be.
    let a = ir.types.iter().find(|t| t.name == "a").expect("a");
    assert_eq!(a.properties.len(), 6);
    assert!(matches!(a.properties[0].ty.kind, TypeKind::Json { .. }));
    let inline = a
        .properties
        .iter()
        .find(|p| p.name == "inline")
        .expect("inline");
    assert!(
        matches!(&inline.ty.kind, TypeKind::Type { name } if name == "AInline"),
        "{:?}",
        inline.ty
    );
    assert!(ir.types.iter().any(|t| t.name == "AInline"));
    let multi = a
        .properties
        .iter()
        .find(|p| p.name == "multi")
        .expect("multi");
    let TypeKind::Type { name } = &multi.ty.kind else {
        panic!("{:?}", multi.ty)
    };
    let u = ir
        .types
        .iter()
        .find(|t| &t.name == name)
        .expect("the union");
    let u = u.union.as_ref().expect("a union");
    let alternatives: Vec<(&str, Option<&TypeKind>)> = u
        .variants
        .iter()
        .map(|v| (v.name.as_str(), v.ty.as_ref().map(|t| &t.kind)))
        .collect();
    assert_eq!(
        alternatives,
        [
            ("string", Some(&TypeKind::Primitive { edm: Edm::String })),
            ("integer", Some(&TypeKind::Primitive { edm: Edm::Int64 }))
        ]
    );
    assert_eq!(ir.operations.len(), 2);
    graphgen::emit::generate(&ir).expect("emit what could be read");
}

#[test]
fn unreadable_documents_are_errors_not_panics() {
    for (text, needle) in [
        (
            "openapi: [3.0\n  : :",
            "error[openapi-malformed]: #: not valid YAML or JSON",
        ),
        (
            "{\"openapi\": \"3.0.3\",",
            "error[openapi-malformed]: #: not valid JSON",
        ),
        ("- a\n- b\n", "#: expected an OpenAPI document"),
        (
            "swagger: \"2.0\"\n",
            "Swagger 2 documents are not supported",
        ),
        (
            "openapi: 2.5.0\n",
            "#/openapi: expected version 3.0.x or 3.1.x, found `2.5.0`",
        ),
        (
            "info: {}\n",
            "#/openapi: expected the `openapi: 3.x.y` field",
        ),
        ("", "#: expected an OpenAPI document"),
    ] {
        let (ir, d) = import_text(text);
        assert!(ir.is_none(), "{text:?}");
        assert_has(&d, needle);
    }
}

#[test]
fn odd_documents_never_panic() {
    let docs = [
        "openapi: 3.0.0\npaths: [1, 2]\ncomponents: {schemas: [1]}\n",
        "openapi: 3.0.0\npaths: {/a: 1, /b: {get: 2, post: {responses: 3}}}\n",
        "openapi: 3.1.0\ncomponents: {schemas: {a: {allOf: 1, properties: [1], enum: 3}, b: {x-ms-enum: {values: [1, {value: [2]}]}}, c: true}}\n",
        "openapi: 3.1.0\ncomponents: {schemas: {a: {type: object, properties: {p: {$ref: 5}, q: {type: array}, r: {allOf: []}, s: {anyOf: 7}}}}}\n",
        "openapi: 3.1.0\npaths: {/a: {get: {parameters: [1, {in: path}], requestBody: {$ref: '#/x'}, responses: {'200': {$ref: '#/paths'}}}}}\n",
        "openapi: 3.1.0\npaths: {/a: {get: {requestBody: {content: {text/plain: {}}}, responses: {'200': {content: {a/b: {schema: {type: object, properties: {value: {type: array}, '@odata.nextLink': {}}}}}}}}}}\n",
        "openapi: 3.1.0\nx-graphgen-operations: [1, {path: 2}]\nx-graphgen-duplicate-schemas: [3, {key: a, schema: 4}]\n",
        "openapi: 3.1.0\npaths: {/a: {get: {x-graphgen-path-of: nobody, responses: {}}}}\ncomponents: {schemas: {t: {type: object, x-graphgen-other-rows: [1, {name: a, index: 99, schema: {}}]}}}\n",
        "openapi: 3.0.3\ncomponents: {schemas: {s: {$ref: '#/components/schemas/s'}, t: {allOf: [{$ref: '#/components/schemas/t'}, {type: object}]}}}\n",
    ];
    for text in docs {
        let (ir, d) = import_text(text);
        let ir = ir.unwrap_or_else(|| panic!("{text}: {d:#?}"));
        // Whatever was read, the emitter takes.
        graphgen::emit::generate(&ir).expect("emit");
    }
}

// ---------------------------------------------------------------- CLI

#[test]
fn cli_exports_and_generates_from_openapi() {
    let dir = tempfile::tempdir().expect("tempdir");
    let exe = env!("CARGO_BIN_EXE_graphgen");
    let json = dir.path().join("specs.json");
    let st = std::process::Command::new(exe)
        .arg("openapi")
        .arg(specs())
        .arg("-o")
        .arg(&json)
        .status()
        .expect("run graphgen openapi");
    assert!(st.success());
    let text = std::fs::read_to_string(&json).expect("written");
    let v: serde_json::Value =
        serde_json::from_str(&text).expect("JSON when the name ends in .json");
    assert_eq!(v["openapi"], "3.0.3");

    let out = dir.path().join("out");
    let st = std::process::Command::new(exe)
        .arg("generate")
        .arg("--from-openapi")
        .arg(&json)
        .arg("--out")
        .arg(&out)
        .status()
        .expect("run graphgen generate");
    assert!(st.success());
    assert!(std::fs::read_dir(&out).expect("out").next().is_some());
}

// ---------------------------------------------------------------- lossless on odd IR

mod odd_ir {
    use graphgen::ir::*;

    fn src(file: &str, line: usize) -> Source {
        Source {
            file: file.into(),
            line,
        }
    }

    fn prim(edm: Edm) -> TypeRef {
        TypeRef {
            kind: TypeKind::Primitive { edm },
            collection: false,
        }
    }

    fn prop(name: &str, ty: TypeRef, line: usize) -> Property {
        Property {
            name: name.into(),
            ty,
            description: String::new(),
            inherited_from: None,
            possible_values: Vec::new(),
            keywords: Default::default(),
            source: src("r/t.md", line),
        }
    }

    fn path(method: HttpMethod, template: &str, line: usize) -> HttpPath {
        HttpPath {
            method,
            template: template.into(),
            segments: graphgen::openapi::path_segments(template),
            param_types: Default::default(),
            query: None,
            addressed: Vec::new(),
            source: src("a/op.md", line),
        }
    }

    fn op(title: &str, file: &str, paths: Vec<HttpPath>) -> Operation {
        Operation {
            title: title.into(),
            description: String::new(),
            paths,
            permissions: Vec::new(),
            headers: Vec::new(),
            query_options: false,
            parameters: Vec::new(),
            request_body: None,
            request_media: None,
            response_media: None,
            response: Response {
                status: Status::Code(204),
                body: ResponseBody::None,
                source: src(file, 3),
            },
            error_body: None,
            outcomes: Vec::new(),
            examples: Vec::new(),
            source: src(file, 1),
        }
    }

    /// Everything the IR can hold that the pages rarely produce.
    pub fn build() -> Ir {
        let named = |kind: TypeKind, collection| TypeRef { kind, collection };
        let mut base = TypeDef {
            name: "base".into(),
            kind: TypeDefKind::Complex,
            key: None,
            base: None,
            is_abstract: true,
            open: true,
            additional: None,
            description: String::new(),
            properties: vec![prop("shared", prim(Edm::Int16), 5)],
            navigation: Vec::new(),
            union: None,
            source: src("r/base.md", 1),
        };
        let mut inherited = prop("shared", prim(Edm::Int16), 8);
        inherited.inherited_from = Some("base".into());
        inherited.description = "Shared. Possible values are: `a`, `b`.".into();
        inherited.possible_values = vec!["a".into(), "b".into()];
        let mut listed = prop("odd", prim(Edm::String), 9);
        listed.possible_values = vec!["not in the description".into()];
        let derived = TypeDef {
            name: "derived".into(),
            // Complex although it has an `id` row: the inferred kind is overridden.
            kind: TypeDefKind::Complex,
            key: None,
            base: Some("base".into()),
            is_abstract: false,
            open: false,
            additional: None,
            description: "Derived.".into(),
            properties: vec![
                prop("id", prim(Edm::Guid), 7),
                inherited,
                listed,
                prop("odd", prim(Edm::Stream), 10),
                prop(
                    "json",
                    named(
                        TypeKind::Json {
                            name: "weird thing".into(),
                        },
                        true,
                    ),
                    11,
                ),
                prop(
                    "unresolved",
                    named(
                        TypeKind::Unresolved {
                            name: "u".into(),
                            link: Some("../u.md".into()),
                        },
                        false,
                    ),
                    12,
                ),
                prop(
                    "missing",
                    named(
                        TypeKind::Enum {
                            name: "noSuchEnum".into(),
                        },
                        false,
                    ),
                    13,
                ),
                prop(
                    "colours",
                    named(
                        TypeKind::Enum {
                            name: "colour".into(),
                        },
                        true,
                    ),
                    14,
                ),
            ],
            navigation: vec![
                prop(
                    "odd",
                    named(
                        TypeKind::Type {
                            name: "derived".into(),
                        },
                        false,
                    ),
                    20,
                ),
                prop(
                    "children",
                    named(
                        TypeKind::Type {
                            name: "base".into(),
                        },
                        true,
                    ),
                    21,
                ),
            ],
            union: None,
            source: src("r/derived.md", 1),
        };
        // An entity with a key but no `id` row and no base; one with an unknown base.
        let keyed = TypeDef {
            name: "keyed".into(),
            kind: TypeDefKind::Entity,
            key: Some("code".into()),
            base: None,
            is_abstract: false,
            open: false,
            additional: None,
            description: String::new(),
            properties: vec![prop("code", prim(Edm::String), 3)],
            navigation: Vec::new(),
            union: None,
            source: src("r/keyed.md", 1),
        };
        let orphan = TypeDef {
            name: "orphan".into(),
            kind: TypeDefKind::Entity,
            key: None,
            base: Some("nowhere".into()),
            is_abstract: false,
            open: false,
            additional: None,
            description: String::new(),
            properties: vec![prop("id", prim(Edm::String), 3)],
            navigation: Vec::new(),
            union: None,
            source: src("r/orphan.md", 1),
        };
        // The same name defined by two pages.
        let mut twice = base.clone();
        twice.name = "twice".into();
        twice.source = src("r/twice-1.md", 1);
        let mut twice2 = twice.clone();
        twice2.source = src("r/twice-2.md", 1);
        twice2.description = "Second.".into();
        base.description = "Base.".into();
        // A list in the description that the row does not carry.
        base.properties[0].description = "Possible values are: `x`, `y`.".into();

        let member = |name: &str, value: Option<i64>, line| EnumMember {
            name: name.into(),
            value,
            description: String::new(),
            source: src("r/colour.md", line),
        };
        let colour = EnumDef {
            name: "colour".into(),
            description: "Colours.".into(),
            members: vec![
                member("red", Some(1), 5),
                member("red", Some(2), 6),
                member("3d", None, 7),
            ],
            source: src("r/colour.md", 1),
        };
        let empty = EnumDef {
            name: "empty".into(),
            description: String::new(),
            members: Vec::new(),
            source: src("r/empty.md", 1),
        };

        // Operations: several paths, a path another page has too, equivalent templates,
        // a function-call segment, odd permissions, a parameters body with a repeated name,
        // a documented non-2xx status, every body kind, examples.
        let mut create = op(
            "Create derived",
            "a/create.md",
            vec![
                path(HttpMethod::Post, "/things", 10),
                path(HttpMethod::Post, "/other/{otherId}/things", 11),
                path(HttpMethod::Post, "/things", 12),
            ],
        );
        create.request_body = Some(RequestBody::Type {
            ty: named(
                TypeKind::Type {
                    name: "derived".into(),
                },
                false,
            ),
            properties: vec![prop("id", prim(Edm::Guid), 30)],
        });
        create.response = Response {
            status: Status::Code(201),
            body: ResponseBody::Single {
                ty: named(
                    TypeKind::Type {
                        name: "derived".into(),
                    },
                    false,
                ),
            },
            source: src("a/create.md", 40),
        };
        create.permissions = vec![
            Permission {
                kind: "Delegated (work or school account)".into(),
                scopes: Vec::new(),
            },
            Permission {
                kind: "Policy Set".into(),
                scopes: vec!["A.Read.All".into(), "**TODO** scopes".into()],
            },
            Permission {
                kind: "Application".into(),
                scopes: vec!["A.Read.All B.Read.All".into()],
            },
        ];
        create.headers = vec![Header {
            name: "Prefer".into(),
            value: "return=minimal".into(),
        }];
        create.examples = vec![
            Example {
                kind: ExampleKind::Request,
                start_line: "POST https://x/things".into(),
                body: Some("{ not json".into()),
                truncated: true,
                source: src("a/create.md", 50),
            },
            Example {
                kind: ExampleKind::Response,
                start_line: "HTTP/1.1 201 Created".into(),
                body: None,
                truncated: false,
                source: src("a/create.md", 60),
            },
        ];
        create.description = "Creates.".into();
        let mut create_other = op(
            "Create derived",
            "a/create-other.md",
            vec![path(HttpMethod::Post, "/things", 10)],
        );
        create_other.response.status = Status::Code(302);
        let mut list = op(
            "List things",
            "a/list.md",
            vec![
                path(HttpMethod::Get, "/things/{id}/items", 10),
                path(HttpMethod::Get, "/drive/root:/{item-path}:/items", 11),
            ],
        );
        // The query a page writes after a path is kept.
        list.paths[0].query = Some("$filter=kind eq '{kind}'".into());
        list.query_options = true;
        // Typed query and header parameters.
        list.parameters = vec![
            Parameter {
                name: "colours".into(),
                location: ParamIn::Query,
                required: false,
                ty: named(
                    TypeKind::Enum {
                        name: "colour".into(),
                    },
                    true,
                ),
                description: "Only these.".into(),
            },
            Parameter {
                name: "X-Trace-Id".into(),
                location: ParamIn::Header,
                required: true,
                ty: prim(Edm::Guid),
                description: String::new(),
            },
        ];
        list.response.status = Status::Code(200);
        list.response.body = ResponseBody::Collection {
            ty: named(
                TypeKind::Enum {
                    name: "colour".into(),
                },
                true,
            ),
        };
        let mut get = op(
            "Remove items",
            "a/remove.md",
            vec![path(HttpMethod::Delete, "/things/{thingId}/items", 10)],
        );
        get.response.status = Status::Code(200);
        get.response.body = ResponseBody::Single {
            ty: prim(Edm::Int64),
        };
        // Several success responses that differ: the first is the response.
        get.outcomes = vec![
            Outcome {
                status: Status::Code(200),
                body: get.response.body.clone(),
                media: None,
                description: String::new(),
            },
            Outcome {
                status: Status::Code(202),
                body: ResponseBody::Collection {
                    ty: named(
                        TypeKind::Enum {
                            name: "colour".into(),
                        },
                        true,
                    ),
                },
                media: None,
                description: "Some are left.".into(),
            },
            Outcome {
                status: Status::Code(204),
                body: ResponseBody::None,
                media: None,
                description: "None were there.".into(),
            },
            Outcome {
                status: Status::Code(206),
                body: ResponseBody::Single {
                    ty: prim(Edm::String),
                },
                media: Some("text/csv".into()),
                description: "A report.".into(),
            },
        ];
        let mut action = op(
            "doIt action",
            "a/doit.md",
            vec![path(
                HttpMethod::Post,
                "/things/{thingId}/microsoft.graph.doIt(when='{when}')",
                10,
            )],
        );
        action.request_body = Some(RequestBody::Parameters {
            parameters: vec![
                prop("a", prim(Edm::Date), 20),
                prop("b", prim(Edm::TimeOfDay), 21),
                prop("a", prim(Edm::Duration), 22),
            ],
        });
        let mut empty_body = op(
            "Empty body",
            "a/empty.md",
            vec![path(HttpMethod::Put, "/empty", 10)],
        );
        empty_body.request_body = Some(RequestBody::Parameters {
            parameters: Vec::new(),
        });
        let mut json_body = op(
            "Json body",
            "a/json.md",
            vec![path(HttpMethod::Patch, "/json", 10)],
        );
        json_body.request_body = Some(RequestBody::Type {
            ty: named(
                TypeKind::Json {
                    name: "blob".into(),
                },
                false,
            ),
            properties: Vec::new(),
        });

        let mut ir = Ir {
            types: vec![base, derived, keyed, orphan, twice, twice2],
            enums: vec![colour, empty],
            operations: vec![
                create,
                create_other,
                action,
                empty_body,
                get,
                json_body,
                list,
            ],
            foreign: false,
        };
        ir.sort();
        // Resolved IR knows what its path segments address.
        graphgen::resolve::paths::address(&mut ir, &mut graphgen::diagnostics::Diagnostics::new());
        ir
    }
}

#[test]
fn ir_to_openapi_to_ir_is_lossless_on_odd_ir() {
    let ir = odd_ir::build();
    let doc = export(&ir);
    for json in [false, true] {
        let (back, diags) = reimport(&doc, json);
        assert!(diags.is_empty(), "{:#?}", diags.sorted());
        for (a, b) in ir.types.iter().zip(&back.types) {
            assert_eq!(a, b);
        }
        for (a, b) in ir.enums.iter().zip(&back.enums) {
            assert_eq!(a, b);
        }
        for (a, b) in ir.operations.iter().zip(&back.operations) {
            assert_eq!(a, b);
        }
        assert_eq!(back, ir);
    }
    // What OpenAPI says natively about it.
    let ops = operations(&doc);
    let mut ids: Vec<&str> = ops
        .iter()
        .map(|(_, _, op)| text(op, &["operationId"]))
        .collect();
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "operationIds are unique");
    // `/things/{id}/items` and `/things/{thingId}/items` are one path to OpenAPI: the
    // first seen ("List things") names it, the other page's template is an extension.
    let paths: Vec<&str> = ops.iter().map(|(p, _, _)| p.as_str()).collect();
    assert!(paths.contains(&"/things/{id}/items"));
    assert!(!paths.contains(&"/things/{thingId}/items"));
    let (_, method, remove) = ops
        .iter()
        .find(|(_, _, op)| text(op, &["summary"]) == "Remove items")
        .expect("remove");
    assert_eq!(method, "delete");
    assert_eq!(
        text(remove, &["x-graphgen-template"]),
        "/things/{thingId}/items"
    );
    assert_eq!(text(remove, &["parameters", "0", "name"]), "id");
    // The parameter inside the function-call segment is declared.
    let (_, _, action) = ops
        .iter()
        .find(|(p, _, _)| p.contains("doIt"))
        .expect("action");
    let names: Vec<&str> = at(action, &["parameters"])
        .as_sequence()
        .expect("parameters")
        .iter()
        .filter_map(|p| p.get("name").and_then(Value::as_str))
        .collect();
    assert_eq!(names, ["thingId", "when"]);
    // The second page with `POST /things` and the third path line of the first are kept
    // aside, as OpenAPI allows one operation per path and method.
    let more = at(&doc, &["x-graphgen-operations"])
        .as_sequence()
        .expect("more");
    assert_eq!(more.len(), 2);
    // Sub-rows' scopes belong to the kind above; prose is no scope. (Two pages are titled
    // "Create derived": a/create-other.md sorts first and takes the native `POST /things`;
    // a/create.md's second path is native, and points at its first path's operationId.)
    let (_, _, create) = ops
        .iter()
        .find(|(p, m, _)| p == "/other/{otherId}/things" && m == "post")
        .expect("create");
    let id = text(create, &["operationId"]);
    assert!(id.starts_with("other."), "{id}");
    let of = text(create, &["x-graphgen-path-of"]);
    assert!(!of.is_empty() && of != id, "{of}");
    let security: Vec<String> = at(create, &["security"])
        .as_sequence()
        .expect("security")
        .iter()
        .map(|r| serde_yaml::to_string(r).expect("yaml").trim().to_owned())
        .collect();
    assert_eq!(
        security,
        [
            "delegatedWorkOrSchool:\n- A.Read.All",
            "application:\n- A.Read.All",
            "application:\n- B.Read.All"
        ]
    );
    // An unknown base is reached through a placeholder schema that names it (so the
    // document still says which type the page named); a reference to an undefined enum
    // never dangles.
    let text_doc = render(&doc, false).expect("yaml");
    let nowhere = at(&doc, &["components", "schemas", "microsoft.graph.nowhere"]);
    assert_eq!(
        nowhere.get("x-graphgen-unresolved"),
        Some(&Value::Bool(true))
    );
    assert_eq!(nowhere.get("properties"), None);
    assert!(!text_doc.contains("microsoft.graph.noSuchEnum'"));
}

/// The shapes Microsoft's own OData → OpenAPI conversion writes.
const MICROSOFT_STYLE: &str = r##"
openapi: 3.0.4
info: {title: Graph, version: beta}
paths:
  /deviceManagement/managedDevices:
    get:
      tags: [deviceManagement.managedDevice]
      summary: List managedDevices
      operationId: deviceManagement.ListManagedDevices
      parameters:
        - $ref: '#/components/parameters/top'
        - name: $select
          in: query
          style: form
          explode: false
          schema: {uniqueItems: true, type: array, items: {type: string}}
      responses:
        2XX:
          $ref: '#/components/responses/microsoft.graph.managedDeviceCollectionResponse'
        4XX:
          $ref: '#/components/responses/error'
      x-ms-pageable: {nextLinkName: '@odata.nextLink', operationName: listMore}
components:
  schemas:
    microsoft.graph.entity:
      title: entity
      type: object
      properties:
        id: {type: string}
    microsoft.graph.managedDevice:
      allOf:
        - $ref: '#/components/schemas/microsoft.graph.entity'
        - title: managedDevice
          type: object
          properties:
            freeStorageSpaceInBytes: {type: integer, format: int64}
            batteryLevelPercentage:
              oneOf:
                - {type: number, format: double, nullable: true}
                - {type: string, nullable: true}
                - $ref: '#/components/schemas/ReferenceNumeric'
            deviceCategory:
              anyOf:
                - $ref: '#/components/schemas/microsoft.graph.deviceCategory'
                - {type: object, nullable: true}
              description: Device category
              x-ms-navigationProperty: true
    microsoft.graph.deviceCategory:
      allOf:
        - $ref: '#/components/schemas/microsoft.graph.entity'
        - title: deviceCategory
          type: object
          properties:
            displayName: {type: string, nullable: true}
    ReferenceNumeric:
      enum: ['-INF', INF, NaN]
    BaseCollectionPaginationCountResponse:
      title: Base collection pagination and count responses
      type: object
      properties:
        '@odata.count': {type: integer, format: int64, nullable: true}
        '@odata.nextLink': {type: string, nullable: true}
    microsoft.graph.managedDeviceCollectionResponse:
      title: Collection of managedDevice
      type: object
      allOf:
        - $ref: '#/components/schemas/BaseCollectionPaginationCountResponse'
        - type: object
          properties:
            value:
              type: array
              items: {$ref: '#/components/schemas/microsoft.graph.managedDevice'}
  responses:
    error:
      description: error
      content:
        application/json:
          schema: {type: object}
    microsoft.graph.managedDeviceCollectionResponse:
      description: Retrieved collection
      content:
        application/json:
          schema: {$ref: '#/components/schemas/microsoft.graph.managedDeviceCollectionResponse'}
  parameters:
    top:
      name: $top
      in: query
      schema: {minimum: 0, type: integer}
"##;

#[test]
fn microsoft_style_documents_read_into_ir() {
    let (ir, diags) = import_text(MICROSOFT_STYLE);
    assert!(diags.is_empty(), "{diags:#?}");
    let ir = ir.expect("ir");
    let device = ir
        .types
        .iter()
        .find(|t| t.name == "managedDevice")
        .expect("managedDevice");
    assert_eq!(device.base.as_deref(), Some("entity"));
    let kinds: Vec<(&str, &TypeKind)> = device
        .properties
        .iter()
        .map(|p| (p.name.as_str(), &p.ty.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            (
                "freeStorageSpaceInBytes",
                &TypeKind::Primitive { edm: Edm::Int64 }
            ),
            (
                "batteryLevelPercentage",
                &TypeKind::Primitive { edm: Edm::Double }
            ),
        ]
    );
    assert_eq!(device.navigation.len(), 1);
    assert_eq!(
        device.navigation[0].ty.kind,
        TypeKind::Type {
            name: "deviceCategory".into()
        }
    );
    assert_eq!(device.navigation[0].description, "Device category");
    let list = &ir.operations[0];
    assert_eq!(list.title, "List managedDevices");
    assert!(list.query_options);
    assert_eq!(list.response.status, Status::AnySuccess);
    assert_eq!(
        list.response.body,
        ResponseBody::Collection {
            ty: graphgen::ir::TypeRef {
                kind: TypeKind::Type {
                    name: "managedDevice".into()
                },
                collection: false
            }
        }
    );
    graphgen::emit::generate(&ir).expect("emit");
}
