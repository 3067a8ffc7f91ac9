//! Relationships as the path segments they open: every segment of every path is read
//! against the types' relationships (tests/fixtures/zoo, our own pages), what could not be
//! read from a page gets a diagnostic, and the generated docs say what each path addresses
//! and how inherited fields are documented.

use graphgen::ir::{Addressed, HttpPath, Ir, Via};
use std::path::Path;

fn zoo() -> (Ir, Vec<String>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/zoo");
    let (ir, diags) = graphgen::load(&dir).expect("zoo pages load");
    let diags = diags.sorted().iter().map(ToString::to_string).collect();
    (ir, diags)
}

fn path<'a>(ir: &'a Ir, template: &str) -> &'a HttpPath {
    ir.operations
        .iter()
        .flat_map(|o| &o.paths)
        .find(|p| p.template == template)
        .unwrap_or_else(|| panic!("no path {template}"))
}

fn read(p: &HttpPath) -> Vec<(Via, Option<&str>, Option<&str>, bool)> {
    p.addressed
        .iter()
        .map(|a: &Addressed| (a.via, a.owner.as_deref(), a.ty.as_deref(), a.collection))
        .collect()
}

#[test]
fn each_segment_is_read_as_a_root_relationship_key_cast_or_operation() {
    let (ir, _) = zoo();
    assert_eq!(
        read(path(&ir, "/zoo/enclosures/{enclosureId}")),
        vec![
            (Via::Root, None, Some("zoo"), false),
            (Via::Relationship, Some("zoo"), Some("enclosure"), true),
            (Via::Key, None, Some("enclosure"), false),
        ]
    );
    assert_eq!(
        read(path(
            &ir,
            "/zoo/animals/{animalId}/microsoft.graph.dog/kennel"
        )),
        vec![
            (Via::Root, None, Some("zoo"), false),
            (Via::Inferred, Some("zoo"), Some("animal"), true),
            (Via::Key, None, Some("animal"), false),
            (Via::Cast, None, Some("dog"), false),
            (Via::Relationship, Some("dog"), Some("enclosure"), false),
        ]
    );
    // Without the cast, the relationship is found on the derived type.
    assert_eq!(
        read(path(&ir, "/zoo/animals/{animalId}/kennel"))[3],
        (
            Via::DerivedRelationship,
            Some("dog"),
            Some("enclosure"),
            false
        )
    );
    // A structural property can be a segment too.
    assert_eq!(
        read(path(&ir, "/zoo/enclosures/{enclosureId}/residents"))[3],
        (Via::Property, Some("enclosure"), Some("animal"), true)
    );
    // The last segment of an action page is the action.
    let feed = read(path(&ir, "/zoo/animals/{animalId}/feed"));
    assert_eq!(feed.last().map(|a| a.0), Some(Via::Operation));
    for p in ir.operations.iter().flat_map(|o| &o.paths) {
        assert_eq!(p.addressed.len(), p.segments.len(), "{}", p.template);
        assert!(
            p.addressed.iter().all(|a| a.via != Via::Unknown),
            "{} has an unread segment: {:?}",
            p.template,
            p.addressed
        );
    }
}

#[test]
fn segments_no_page_explains_get_one_diagnostic_each() {
    let (_, diags) = zoo();
    let undocumented: Vec<&String> = diags
        .iter()
        .filter(|d| d.contains("undocumented-relationship"))
        .collect();
    // `animals` is used by several pages but reported once, where it is first used.
    assert_eq!(undocumented.len(), 1, "{diags:#?}");
    assert!(undocumented[0].contains("`animals` is no relationship or property on the `zoo` page; read as a collection of `animal`"));
    assert!(diags.iter().any(|d| d.contains(
        "relationship-of-derived-type]: path segment `kennel` is a relationship of `dog`, derived from `animal`"
    )));
}

#[test]
fn docs_say_what_a_path_addresses() {
    let (ir, _) = zoo();
    let files = graphgen::emit::crate_files(&ir, "zoo-api").expect("emits");
    let zoo = &files
        .iter()
        .find(|f| f.path == "src/generated/zoo.rs")
        .expect("zoo module")
        .contents;
    for needle in [
        "/// Addresses an `enclosure`.",
        "/// Bound to an `animal`.",
        // A flat method shows the chain that has the full docs (what it addresses too).
        "/// `GET /zoo/animals/{animalId}/kennel`, the same as `client.zoo().animals().by_id(animal_id).kennel().get()` (full docs there; the page documents 1 more path).",
        // A derived type's inherited field links to the base's field, which has it all
        // (shorter than its first sentence); the wire name is the field's camelCase.
        "/// Inherited from [`Animal::name`].",
    ] {
        assert!(zoo.contains(needle), "missing {needle:?}");
    }
}

#[test]
fn openapi_import_reads_the_same_segments() {
    let (ir, _) = zoo();
    let doc = serde_yaml::to_string(&graphgen::openapi::export::export(&ir)).expect("exports");
    let mut diags = graphgen::diagnostics::Diagnostics::new();
    let back = graphgen::openapi::import::import(&doc, "zoo.yaml", &mut diags).expect("imports");
    let of = |ir: &Ir| -> Vec<(String, Vec<Addressed>)> {
        let mut v: Vec<_> = ir
            .operations
            .iter()
            .flat_map(|o| &o.paths)
            .map(|p| (p.template.clone(), p.addressed.clone()))
            .collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v
    };
    assert_eq!(of(&back), of(&ir));
}

#[test]
fn odd_paths_are_read_without_panics() {
    let dir = tempfile::tempdir().expect("tempdir");
    let zoo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/zoo/resources");
    std::fs::create_dir_all(dir.path().join("resources")).expect("mkdir");
    std::fs::create_dir_all(dir.path().join("api")).expect("mkdir");
    for entry in std::fs::read_dir(&zoo).expect("zoo resources") {
        let entry = entry.expect("entry");
        std::fs::copy(
            entry.path(),
            dir.path().join("resources").join(entry.file_name()),
        )
        .expect("copy");
    }
    let odd = [
        "/",
        "/{id}",
        "/{a}/{b}",
        "/zoo/{id}",
        "/zoo/enclosures/{a}/{b}",
        "/zoo/enclosures/$count",
        "/zoo/enclosures/{id}/residents/$ref/extra",
        "/microsoft.graph.dog",
        "/zoo/microsoft.graph.nothing/enclosures",
        "/nowhere/at/all/{id}",
        "/zoo/enclosures/{id}/opened/more",
        "/zoos",
        "/animals/{id}/microsoft.graph.dog/kennel/residents",
        // Segments with placeholders inside: colon addressing, calls, quoted keys.
        "/zoo/enclosures/{id}:/{path}:/residents",
        "/zoo:/{path}",
        "/zoo/range(address='{address}')/clear",
        "/zoo/enclosures/'{key}'",
        "/zoo/f(a={x},b='{x}',c={id})/{id}",
        "/zoo/delta()",
        // A keyword collection whose placeholder repeats: `override_id`, not `override__id`.
        "/zoo/overrides/{id}/overrides/{id}",
    ];
    for (i, p) in odd.iter().enumerate() {
        let page = format!(
            "---\ndoc_type: apiPageType\n---\n# Get odd {i}\n\n## HTTP Request\n``` http\nGET {p}\n```\n\n## Response\nIf successful, this method returns a `200 OK` response code and an [enclosure](../resources/intune-zoo-enclosure.md) object in the response body.\n"
        );
        std::fs::write(dir.path().join(format!("api/intune-zoo-odd-{i}.md")), page).expect("write");
    }
    let (ir, diags) = graphgen::load(dir.path()).expect("loads");
    let paths: Vec<&HttpPath> = ir.operations.iter().flat_map(|o| &o.paths).collect();
    assert_eq!(paths.len(), odd.len(), "{:#?}", diags.sorted());
    for p in paths {
        assert_eq!(p.addressed.len(), p.segments.len(), "{}", p.template);
    }
    // `/zoos` is the entity set of `zoo`; `/animals/{id}/microsoft.graph.dog/kennel/...`
    // walks through the cast.
    assert_eq!(
        read(path(&ir, "/zoos"))[0],
        (Via::Root, None, Some("zoo"), true)
    );
    let through = read(path(
        &ir,
        "/animals/{id}/microsoft.graph.dog/kennel/residents",
    ));
    assert_eq!(through[3].0, Via::Relationship);
    assert_eq!(
        through[4],
        (Via::Property, Some("enclosure"), Some("animal"), true)
    );
    // What cannot be read stays unknown rather than guessed.
    assert!(read(path(&ir, "/{a}/{b}"))
        .iter()
        .all(|a| a.0 == Via::Unknown));
    assert_eq!(read(path(&ir, "/zoo/enclosures/$count"))[2].0, Via::Special);
    // A colon path inside a key selects that key; a quoted key is a key.
    let colon = read(path(&ir, "/zoo/enclosures/{id}:/{path}:/residents"));
    assert_eq!(colon[2].0, Via::Key);
    assert_eq!(read(path(&ir, "/zoo/enclosures/'{key}'"))[2].0, Via::Key);
    // And the emitter takes them as they are.
    let files = graphgen::emit::crate_files(&ir, "odd").expect("emits");
    let all: String = files.iter().map(|f| f.contents.as_str()).collect();
    assert!(
        all.contains("override_id: &str"),
        "no `override_id` argument"
    );
    assert!(
        !all.contains("__id"),
        "an argument name with a double underscore"
    );
}
