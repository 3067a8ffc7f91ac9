//! The OpenAPI importer on documents the export did not write: inline schemas become named
//! types and enums, `allOf` members merge, nullability and formats map to the IR, and tags
//! choose workloads. Small documents written here; the peer documents in
//! `../shared/peer-openapi` when present.

use graphgen::diagnostics::Diagnostics;
use graphgen::emit::layout::workload_of;
use graphgen::ir::{
    Edm, Ir, RequestBody, ResponseBody, TypeDef, TypeKind, TypeRef, UnionDef, UnionStyle,
};
use graphgen::openapi::import::import;
use std::path::Path;

fn read(text: &str) -> (Ir, Vec<String>) {
    let mut diags = Diagnostics::new();
    let ir = import(text, "api.yaml", &mut diags).expect("imports");
    (ir, diags.sorted().iter().map(ToString::to_string).collect())
}

fn ty<'a>(ir: &'a Ir, name: &str) -> &'a TypeDef {
    ir.types
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no type {name} in {:?}", names(ir)))
}

fn names(ir: &Ir) -> Vec<&str> {
    ir.types
        .iter()
        .map(|t| t.name.as_str())
        .chain(ir.enums.iter().map(|e| e.name.as_str()))
        .collect()
}

fn prop<'a>(t: &'a TypeDef, name: &str) -> &'a TypeRef {
    &t.properties
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no property {name} in {}", t.name))
        .ty
}

fn is_type(r: &TypeRef, name: &str) -> bool {
    matches!(&r.kind, TypeKind::Type { name: n } if n == name)
}

const INLINE: &str = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /tasks/{task}/events:
    get:
      operationId: task_events_get
      tags: [tasks]
      parameters:
        - {name: task, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  events:
                    type: array
                    items:
                      type: object
                      properties:
                        seq: {type: integer, format: int64}
                        kind: {type: string, enum: [start, stop]}
components:
  schemas:
    InstanceEnsureRequest:
      type: object
      properties:
        migrate:
          description: Where to migrate from.
          type: object
          properties:
            src_addr: {type: string}
        state:
          type: string
          enum: [running, stopped]
          nullable: true
    InstanceEnsureRequestMigrate:
      type: object
      properties:
        taken: {type: boolean}
"##;

#[test]
fn inline_objects_and_enums_become_named_types() {
    let (ir, d) = read(INLINE);
    assert!(
        !d.iter().any(|x| x.contains("openapi-unsupported")),
        "{d:#?}"
    );
    // Named after where they sit; a clash with a named schema gets a number.
    let req = ty(&ir, "InstanceEnsureRequest");
    assert!(
        is_type(prop(req, "migrate"), "InstanceEnsureRequestMigrate2"),
        "{:?}",
        prop(req, "migrate")
    );
    let migrate = ty(&ir, "InstanceEnsureRequestMigrate2");
    assert_eq!(migrate.description, "Where to migrate from.");
    assert_eq!(migrate.properties[0].name, "src_addr");
    // An inline enum is an enum of its own, nullable or not.
    assert!(
        matches!(&prop(req, "state").kind, TypeKind::Enum { name } if name == "InstanceEnsureRequestState")
    );
    let state = ir
        .enums
        .iter()
        .find(|e| e.name == "InstanceEnsureRequestState")
        .expect("enum");
    let members: Vec<&str> = state.members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(members, ["running", "stopped"]);
    // Response schemas are named after the operation, nested ones after their path.
    let op = &ir.operations[0];
    let ResponseBody::Single { ty: r } = &op.response.body else {
        panic!("{:?}", op.response.body)
    };
    assert!(is_type(r, "TaskEventsGetResponse"), "{r:?}");
    let resp = ty(&ir, "TaskEventsGetResponse");
    // Without a description of its own, an inline schema is documented by where it is.
    assert_eq!(
        resp.description,
        "The schema written inline at `#/paths/~1tasks~1{task}~1events/get/responses/200/content/application~1json/schema` in the OpenAPI document."
    );
    let events = prop(resp, "events");
    assert!(events.collection && is_type(events, "TaskEventsGetResponseEventsItem"));
    let item = ty(&ir, "TaskEventsGetResponseEventsItem");
    assert!(matches!(
        prop(item, "seq").kind,
        TypeKind::Primitive { edm: Edm::Int64 }
    ));
    assert!(
        matches!(&prop(item, "kind").kind, TypeKind::Enum { name } if name == "TaskEventsGetResponseEventsItemKind")
    );
    // Deterministic: the same document gives the same IR.
    assert_eq!(read(INLINE).0, ir);
    // And the emitter takes it.
    graphgen::emit::generate(&ir).expect("emits");
}

const ALL_OF: &str = r##"
openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Base:
      type: object
      properties:
        id: {type: string, format: uuid}
    Named:
      type: object
      properties:
        name: {type: string}
        id: {type: string}
    Child:
      allOf:
        - $ref: "#/components/schemas/Base"
        - type: object
          properties:
            size: {type: integer, format: int32}
    Both:
      allOf:
        - $ref: "#/components/schemas/Base"
        - $ref: "#/components/schemas/Named"
        - type: object
          properties:
            extra: {type: ["string", "null"], format: date-time}
    Holder:
      type: object
      properties:
        inline_all:
          allOf:
            - $ref: "#/components/schemas/Named"
            - $ref: "#/components/schemas/Base"
"##;

#[test]
fn all_of_members_are_a_base_or_merged() {
    let (ir, d) = read(ALL_OF);
    assert!(
        !d.iter().any(|x| x.contains("openapi-unsupported")),
        "{d:#?}"
    );
    // One reference and inline properties: base + own properties.
    let child = ty(&ir, "Child");
    assert_eq!(child.base.as_deref(), Some("Base"));
    let own: Vec<&str> = child.properties.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(own, ["size"]);
    // Several references: every member's properties, in order, each name once.
    let both = ty(&ir, "Both");
    assert_eq!(both.base, None);
    let all: Vec<&str> = both.properties.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(all, ["id", "name", "extra"]);
    assert!(matches!(
        prop(both, "id").kind,
        TypeKind::Primitive { edm: Edm::Guid }
    ));
    // A 3.1 type list with "null" is its other type.
    assert!(matches!(
        prop(both, "extra").kind,
        TypeKind::Primitive {
            edm: Edm::DateTimeOffset
        }
    ));
    // An inline allOf of several references is a merged type of its own.
    let holder = ty(&ir, "Holder");
    assert!(is_type(prop(holder, "inline_all"), "HolderInlineAll"));
    let merged: Vec<&str> = ty(&ir, "HolderInlineAll")
        .properties
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(merged, ["name", "id"]);
}

const FORMATS: &str = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Formats:
      type: object
      properties:
        when: {type: string, format: date-time}
        id: {type: string, format: uuid}
        big: {type: integer, format: int64}
        small: {type: integer, format: int32}
        bytes: {type: string, format: byte}
        file: {type: string, format: binary}
        link: {type: string, format: uri}
        day: {type: string, format: date}
        ratio: {type: number, format: double}
        maybe: {type: string, nullable: true}
        maybe_ref:
          nullable: true
          allOf:
            - $ref: "#/components/schemas/Other"
        only_null: {type: string, enum: [null]}
        maybe_any:
          anyOf:
            - $ref: "#/components/schemas/Other"
            - type: "null"
    Other:
      type: object
      properties:
        x: {type: boolean}
"##;

#[test]
fn formats_and_nullability_map_to_edm_primitives() {
    let (ir, d) = read(FORMATS);
    assert!(d.is_empty(), "{d:#?}");
    let f = ty(&ir, "Formats");
    for (name, edm) in [
        ("when", Edm::DateTimeOffset),
        ("id", Edm::Guid),
        ("big", Edm::Int64),
        ("small", Edm::Int32),
        ("bytes", Edm::Binary),
        ("file", Edm::Stream),
        ("link", Edm::String),
        ("day", Edm::Date),
        ("ratio", Edm::Double),
        ("maybe", Edm::String),
    ] {
        assert!(
            matches!(prop(f, name).kind, TypeKind::Primitive { edm: e } if e == edm),
            "{name}: {:?}",
            prop(f, name)
        );
    }
    assert!(is_type(prop(f, "maybe_ref"), "Other"));
    // A schema of only `null` is untyped JSON (a string would not read `null`).
    assert!(matches!(prop(f, "only_null").kind, TypeKind::Json { .. }));
    assert!(is_type(prop(f, "maybe_any"), "Other"));
}

const TAGS: &str = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /instances:
    get:
      operationId: instance_list
      tags: [instances, other]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Instance"}
    post:
      operationId: instance_create
      tags: [system/hardware]
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Disk"}
      responses:
        "201": {description: created}
  /untagged:
    get:
      operationId: untagged
      responses:
        "201":
          description: created
          content:
            application/json:
              schema:
                type: object
                properties:
                  id: {type: string}
components:
  schemas:
    Instance:
      type: object
      properties:
        disk: {$ref: "#/components/schemas/Disk"}
        state: {type: string, enum: [on, off]}
    Disk:
      type: object
      properties:
        size: {type: integer}
    Unused:
      type: object
      properties:
        x: {type: string}
"##;

#[test]
fn workloads_come_from_tags() {
    let (ir, d) = read(TAGS);
    assert!(d.is_empty(), "{d:#?}");
    let op = |id: &str| {
        ir.operations
            .iter()
            .find(|o| o.title == id)
            .unwrap_or_else(|| panic!("no operation {id}"))
    };
    assert_eq!(workload_of(&op("instance_list").source.file), "instances");
    assert_eq!(
        workload_of(&op("instance_create").source.file),
        "system_hardware"
    );
    assert_eq!(workload_of(&op("untagged").source.file), "common");
    // A success response of another status than 200 is still the `Response`.
    assert_eq!(
        workload_of(&ty(&ir, "UntaggedResponse").source.file),
        "common"
    );
    // A type goes where its first user is, through properties too; others stay common.
    assert_eq!(workload_of(&ty(&ir, "Instance").source.file), "instances");
    assert_eq!(workload_of(&ty(&ir, "Disk").source.file), "instances");
    assert_eq!(workload_of(&ty(&ir, "Unused").source.file), "common");
    let state = ir
        .enums
        .iter()
        .find(|e| e.name == "InstanceState")
        .expect("enum");
    assert_eq!(workload_of(&state.source.file), "instances");
    let files = graphgen::emit::generate(&ir).expect("emits");
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert!(paths.iter().any(|p| p.contains("instances")), "{paths:?}");
    assert!(matches!(
        op("instance_create").request_body,
        Some(RequestBody::Type { .. })
    ));
}

#[test]
#[cfg_attr(
    no_shared,
    ignore = "../shared is absent: this test reads the peer OpenAPI documents there"
)]
fn peer_documents_have_no_inline_schemas_left_untyped() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/peer-openapi");
    let mut docs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    docs.sort();
    assert!(docs.len() >= 7, "{docs:?}");
    for doc in docs {
        let (ir, diags) = graphgen::load_openapi(&doc).expect("imports");
        let left: Vec<String> = diags
            .sorted()
            .iter()
            .map(ToString::to_string)
            .filter(|d| {
                d.contains("inline object")
                    || d.contains("inline enum")
                    || d.contains("inline allOf")
                    || d.contains("second base type")
            })
            .collect();
        assert!(left.is_empty(), "{}: {left:#?}", doc.display());
        graphgen::emit::generate(&ir).unwrap_or_else(|e| panic!("{}: {e}", doc.display()));
    }
}

// ---------------------------------------------------------------- unions

fn unions_fixture() -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/unions/openapi.yaml");
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn union_of<'a>(ir: &'a Ir, name: &str) -> &'a UnionDef {
    ty(ir, name)
        .union
        .as_ref()
        .unwrap_or_else(|| panic!("{name} is not a union"))
}

/// (name, tag, carried type) of each alternative.
fn alternatives(u: &UnionDef) -> Vec<(&str, Option<&str>, Option<&TypeRef>)> {
    u.variants
        .iter()
        .map(|v| (v.name.as_str(), v.tag.as_deref(), v.ty.as_ref()))
        .collect()
}

/// Each alternative's format checks, as (property, format).
fn format_checks(u: &UnionDef) -> Vec<Vec<(&str, &str)>> {
    u.variants
        .iter()
        .map(|v| {
            v.formats
                .iter()
                .map(|c| (c.property.as_str(), c.format.as_str()))
                .collect()
        })
        .collect()
}

fn prim(edm: Edm, collection: bool) -> TypeRef {
    TypeRef {
        kind: TypeKind::Primitive { edm },
        collection,
    }
}

fn named(name: &str) -> TypeRef {
    TypeRef {
        kind: TypeKind::Type { name: name.into() },
        collection: false,
    }
}

#[test]
fn one_of_and_any_of_become_tagged_and_untagged_unions() {
    let (ir, diags) = read(&unions_fixture());
    assert!(diags.is_empty(), "{diags:#?}");

    // dropshot's internally tagged shape: inline objects, each with a one-value `type`.
    let source = union_of(&ir, "DiskSource");
    assert_eq!(source.style, UnionStyle::Internal { tag: "type".into() });
    let (blank, snapshot) = (named("DiskSourceBlank"), named("DiskSourceSnapshot"));
    assert_eq!(
        alternatives(source),
        [
            ("blank", Some("blank"), Some(&blank)),
            ("snapshot", Some("snapshot"), Some(&snapshot)),
            ("empty", Some("empty"), None),
        ]
    );
    assert_eq!(source.variants[0].description, "A blank disk.");
    assert_eq!(
        ty(&ir, "DiskSource").description,
        "Where the data of a disk comes from."
    );
    // The alternative's type is the member without its tag.
    let b = ty(&ir, "DiskSourceBlank");
    assert_eq!(b.properties.len(), 1);
    assert_eq!(prop(b, "block_size"), &prim(Edm::Int64, false));

    // A `discriminator` over `$ref`s: the named types, tag property and all.
    let pet = union_of(&ir, "Pet");
    assert_eq!(pet.style, UnionStyle::Internal { tag: "kind".into() });
    let (cat, dog) = (named("Cat"), named("Dog"));
    assert_eq!(
        alternatives(pet),
        [
            ("cat", Some("cat"), Some(&cat)),
            ("dog", Some("dog"), Some(&dog))
        ]
    );

    // A discriminator's values from its mapping, else the names of the schemas.
    let shape = union_of(&ir, "Shape");
    assert_eq!(
        shape.style,
        UnionStyle::Internal {
            tag: "shapeType".into()
        }
    );
    let (circle, square) = (named("Circle"), named("Square"));
    assert_eq!(
        alternatives(shape),
        [
            ("round", Some("round"), Some(&circle)),
            ("Square", Some("Square"), Some(&square))
        ]
    );

    // schemars' externally tagged shape: strings and one-property objects.
    let state = union_of(&ir, "AttachmentState");
    assert_eq!(state.style, UnionStyle::External);
    let guid = prim(Edm::Guid, false);
    assert_eq!(
        alternatives(state),
        [
            ("detached", Some("detached"), None),
            ("faulted", Some("faulted"), None),
            ("attached", Some("attached"), Some(&guid)),
        ]
    );

    // Untagged: named by their titles, tried in order; inline ones are named types too.
    let name_or_id = union_of(&ir, "NameOrId");
    assert_eq!(name_or_id.style, UnionStyle::Untagged);
    let string = prim(Edm::String, false);
    assert_eq!(
        alternatives(name_or_id),
        [("id", None, Some(&guid)), ("name", None, Some(&string))]
    );
    // Only the `uuid` alternative is checked: it is what tells the two strings apart.
    assert_eq!(format_checks(name_or_id), [vec![("", "uuid")], vec![]]);
    assert_eq!(prop(ty(&ir, "Disk"), "limit"), &named("DiskLimit"));
    // Objects without a tag keep their required properties, to be told apart when read.
    let owner = union_of(&ir, "Owner");
    let required: Vec<(&str, &[String])> = owner
        .variants
        .iter()
        .map(|v| (v.name.as_str(), v.required.as_slice()))
        .collect();
    assert_eq!(
        required,
        [
            ("Person", &["first_name".to_owned()][..]),
            ("Team", &["members".to_owned()][..])
        ]
    );
    let (int, strings) = (prim(Edm::Int64, false), prim(Edm::String, true));
    assert_eq!(
        alternatives(union_of(&ir, "DiskLimit")),
        [
            ("integer", None, Some(&int)),
            ("array", None, Some(&strings))
        ]
    );

    // An array of arrays.
    let grid = TypeRef {
        kind: TypeKind::List {
            item: Box::new(prim(Edm::Int32, true)),
        },
        collection: true,
    };
    assert_eq!(prop(ty(&ir, "Disk"), "grid"), &grid);
    // Maps, inline or named (a named map is read where it is used).
    let map = |value: TypeRef| TypeRef {
        kind: TypeKind::Map {
            value: Box::new(value),
        },
        collection: false,
    };
    assert_eq!(prop(ty(&ir, "Disk"), "labels"), &map(string.clone()));
    assert_eq!(prop(ty(&ir, "Disk"), "sizes"), &map(named("DiskSource")));
    // Beside properties, the map's values type the undeclared properties.
    let quotas = ty(&ir, "Quotas");
    assert_eq!(quotas.properties.len(), 1);
    assert_eq!(quotas.additional, Some(prim(Edm::Int32, false)));
    assert!(!names(&ir).contains(&"Sizes"));

    // A oneOf of string enums is one enum, each value with its member's description.
    let sort = ir
        .enums
        .iter()
        .find(|e| e.name == "SortMode")
        .expect("SortMode");
    let members: Vec<(&str, &str)> = sort
        .members
        .iter()
        .map(|m| (m.name.as_str(), m.description.as_str()))
        .collect();
    assert_eq!(
        members,
        [
            ("name_ascending", "By name, A to Z."),
            ("name_descending", "By name, Z to A.")
        ]
    );
}

#[test]
fn unions_survive_an_export_and_an_import() {
    let (ir, _) = read(&unions_fixture());
    let doc = graphgen::openapi::export::export(&ir);
    // The export writes unions as OpenAPI says them: a oneOf, with a discriminator when tagged.
    let pet = &doc["components"]["schemas"]["microsoft.graph.Pet"];
    assert_eq!(pet["discriminator"]["propertyName"].as_str(), Some("kind"));
    assert_eq!(pet["oneOf"].as_sequence().map(Vec::len), Some(2));
    let text = graphgen::openapi::render(&doc, false).expect("render");
    let (back, diags) = read(&text);
    assert!(diags.is_empty(), "{diags:#?}");
    for (a, b) in ir.types.iter().zip(&back.types) {
        assert_eq!(a, b);
    }
    assert_eq!(back.types, ir.types);
    assert_eq!(back.enums, ir.enums);
}

#[test]
fn objects_told_apart_by_the_formats_of_their_properties_keep_those_checks() {
    let doc = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    IpRange:
      oneOf:
        - {title: v4, allOf: [{$ref: '#/components/schemas/Ipv4Range'}]}
        - {title: v6, allOf: [{$ref: '#/components/schemas/Ipv6Range'}]}
    Ipv4Range:
      type: object
      properties:
        first: {type: string, format: ipv4}
        note: {type: string, format: date-time}
      required: [first]
    Ipv6Range:
      type: object
      properties:
        first: {type: string, format: ipv6}
        note: {type: string, format: date-time}
      required: [first]
"#;
    let (ir, diags) = read(doc);
    assert!(diags.is_empty(), "{diags:#?}");
    // `note` has the same format in both, so it tells nothing apart and is not checked.
    assert_eq!(
        format_checks(union_of(&ir, "IpRange")),
        [vec![("first", "ipv4")], vec![("first", "ipv6")]]
    );
    // The property keeps its format for docs and the export; a date-time is a type already.
    let first = &ty(&ir, "Ipv4Range").properties[0];
    assert_eq!(first.keywords.format.as_deref(), Some("ipv4"));
    assert_eq!(ty(&ir, "Ipv4Range").properties[1].keywords.format, None);
    // Export then import keeps them.
    let text =
        graphgen::openapi::render(&graphgen::openapi::export::export(&ir), false).expect("render");
    let (back, _) = read(&text);
    assert_eq!(back.types, ir.types);
}

#[test]
fn an_object_with_one_of_constraints_beside_its_properties_stays_an_object() {
    let doc = r#"
openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Holder:
      type: object
      properties:
        inline:
          type: object
          properties:
            a: {type: string}
            b: {type: string}
          oneOf: [{required: [a]}, {required: [b]}]
"#;
    let (ir, diags) = read(doc);
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!(prop(ty(&ir, "Holder"), "inline"), &named("HolderInline"));
    let inline = ty(&ir, "HolderInline");
    assert!(inline.union.is_none());
    assert_eq!(inline.properties.len(), 2);
}

#[test]
fn an_untagged_union_that_contains_itself_leaves_itself_out() {
    let doc = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Loop:
      oneOf:
        - {$ref: '#/components/schemas/Loop'}
        - {type: string}
        - {type: array, items: {$ref: '#/components/schemas/Loop'}}
"#;
    let (ir, diags) = read(doc);
    assert!(diags.is_empty(), "{diags:#?}");
    let names: Vec<&str> = union_of(&ir, "Loop")
        .variants
        .iter()
        .map(|v| v.name.as_str())
        .collect();
    assert_eq!(names, ["string", "array"]);
    graphgen::emit::generate(&ir).expect("emits");
}

#[test]
fn a_patch_sent_as_a_form_sends_the_type_itself_and_makes_no_patch_twin() {
    let doc = |media: &str| {
        format!(
            r#"
openapi: 3.0.3
info: {{title: t, version: "1"}}
paths:
  /things/{{id}}:
    patch:
      operationId: thing_update
      parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]
      requestBody:
        required: true
        content:
          {media}:
            schema: {{$ref: '#/components/schemas/Thing'}}
      responses:
        "204": {{description: updated}}
components:
  schemas:
    Thing:
      type: object
      properties:
        name: {{type: string}}
"#
        )
    };
    let (json, diags) = read(&doc("application/json"));
    assert!(diags.is_empty(), "{diags:#?}");
    assert!(graphgen::plan::patched_types(&json).contains("Thing"));
    let (form, diags) = read(&doc("application/x-www-form-urlencoded"));
    assert!(diags.is_empty(), "{diags:#?}");
    assert!(graphgen::plan::patched_types(&form).is_empty());
    let files = graphgen::emit::generate(&form).expect("emits");
    let text: String = files.iter().map(|f| f.contents.as_str()).collect();
    assert!(text.contains("body: &Thing"), "{text}");
    assert!(!text.contains("ThingPatch"), "{text}");
}
