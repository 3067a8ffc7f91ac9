//! `graphgen generate --crate-name` end to end: the pages in tests/fixtures/zoo (our own,
//! small, with inheritance, a polymorphic collection, an action, a function, several paths,
//! and names that clash with Rust and with each other) become a crate that is compiled and
//! tested for real: its generated example tests, and behaviour tests written here.

use std::path::{Path, PathBuf};
use std::process::Command;

const BEHAVIOUR: &str = r###"
use zoo_api::models::*;
use zoo_api::{Client, Page, Patch};

#[test]
fn a_base_typed_collection_reads_each_item_as_its_derived_type() {
    let json = r##"{"value":[
        {"@odata.type":"#microsoft.graph.cat","id":"1","name":"Tom","lives":9,"secretPassword":"hunter2"},
        {"@odata.type":"#microsoft.graph.dog","id":"2","goodBoy":true},
        {"@odata.type":"#microsoft.graph.axolotl","id":"3","gills":6},
        {"id":"4","name":"plain"}
    ]}"##;
    let page: Page<AnyAnimal> = serde_json::from_str(json).expect("reads");
    match &page.value[0] {
        AnyAnimal::Cat(c) => assert_eq!((c.lives, c.name.as_deref()), (Some(9), Some("Tom"))),
        other => panic!("expected a cat, got {other:?}"),
    }
    assert!(matches!(&page.value[1], AnyAnimal::Dog(d) if d.good_boy == Some(true)));
    // A derived type this crate does not know is kept, with its data.
    match &page.value[2] {
        AnyAnimal::Animal(a) => {
            assert_eq!(a.odata_type.as_deref(), Some("#microsoft.graph.axolotl"));
            assert_eq!(a.additional_properties["gills"], 6);
        }
        other => panic!("expected the base type, got {other:?}"),
    }
    assert!(matches!(&page.value[3], AnyAnimal::Animal(a) if a.name.as_deref() == Some("plain")));
    let back = serde_json::to_value(&page).expect("writes");
    let original: serde_json::Value = serde_json::from_str(json).expect("json");
    assert_eq!(back, original);
    assert!(!format!("{page:?}").contains("hunter2"));
    // Printed as a derived `Debug` would, with the secret redacted.
    let cat = Cat { name: Some("Tom".into()), secret_password: Some("hunter2".into()), ..Default::default() };
    assert_eq!(
        format!("{cat:?}"),
        "Cat { odata_type: None, id: None, name: Some(\"Tom\"), type_: None, n3d_model: None, \
         kind: None, lives: None, secret_password: Some(<redacted>), additional_properties: {} }"
    );
    // A patch carries every property the model has set, and nothing else.
    let animal = Animal { name: Some("Rex".into()), ..Default::default() };
    let patch = AnimalPatch::from(animal);
    assert_eq!(patch.name, Patch::Set("Rex".to_owned()));
    assert_eq!(patch.kind, Patch::Absent);
    assert_eq!(serde_json::to_value(&patch).expect("writes"), serde_json::json!({"name": "Rex"}));
}

#[test]
fn awkward_names_are_valid_and_keep_their_wire_names() {
    let a = Animal {
        type_: Some("t".into()),
        n3d_model: Some("m".into()),
        kind: Some(AnimalKind::Self_),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(&a).expect("writes"),
        serde_json::json!({"type": "t", "3dModel": "m", "kind": "self"})
    );
    for (v, s) in [
        (AnimalKind::None, "none"),
        (AnimalKind::None2, "None"),
        (AnimalKind::V2legged, "2legged"),
        (AnimalKind::UnknownValue2, "unknownValue"),
        (AnimalKind::UnknownValue("brandNew".into()), "brandNew"),
    ] {
        assert_eq!(v.as_str(), s);
        assert_eq!(AnimalKind::from(s), v);
    }
    let e = Enclosure { size: Some(zoo_api::edm::Int64(5)), size2: Some("big".into()), ..Default::default() };
    assert_eq!(serde_json::to_value(&e).expect("writes"), serde_json::json!({"size": 5, "Size": "big"}));
}

#[test]
fn types_named_like_std_items_take_other_names_and_round_trip() {
    // `option`, `string` and `result` on the pages: `Option`, `String` and `Result` keep
    // meaning std's in the generated code, which names them bare.
    let json = serde_json::json!({
        "@odata.type": "#microsoft.graph.option",
        "label": "l",
        "inner": {"text": "t", "URL": "https://example.com", "extra": [1]},
        "outcome": "err",
        "choices": ["a", "b"],
        "maybe": 3,
        "unknownProperty": {"kept": true}
    });
    let o: Option2 = serde_json::from_value(json.clone()).expect("reads");
    assert_eq!(o.label.as_deref(), Some("l"));
    let inner: &String2 = o.inner.as_deref().expect("inner");
    assert_eq!(inner.url.as_deref(), Some("https://example.com"));
    assert_eq!(inner.additional_properties["extra"], serde_json::json!([1]));
    assert_eq!(o.outcome, Some(Result2::Err));
    assert_eq!(Result2::from("later"), Result2::UnknownValue("later".into()));
    assert_eq!(Result2::Some.to_string(), "some");
    assert_eq!(o.additional_properties["unknownProperty"], serde_json::json!({"kept": true}));
    assert_eq!(serde_json::to_value(&o).expect("writes"), json);
    let unknown: Result2 = serde_json::from_value(serde_json::json!("brandNew")).expect("reads");
    assert_eq!(serde_json::to_value(&unknown).expect("writes"), serde_json::json!("brandNew"));
    let empty = Option2::default();
    assert_eq!(serde_json::to_value(&empty).expect("writes"), serde_json::json!({}));
    let _: Option<String> = empty.label;
}

#[test]
fn every_path_function_action_and_patch_has_its_request() {
    let client = Client::builder().base_url("http://127.0.0.1:9/beta").build().expect("client");
    assert_eq!(client.list_animals().url(), "http://127.0.0.1:9/beta/zoo/animals");
    // A relationship of a derived type, with and without the cast the pages write.
    assert_eq!(client.get_kennel("a").url(), "http://127.0.0.1:9/beta/zoo/animals/a/kennel");
    assert_eq!(
        client.get_kennel_via_dog("a").url(),
        "http://127.0.0.1:9/beta/zoo/animals/a/microsoft.graph.dog/kennel"
    );
    let _: Option<Box<Enclosure>> = Dog::default().kennel;
    // An `Edm.Stream` response comes back as bytes.
    let export: zoo_api::Request<zoo_api::edm::Binary> =
        client.export_records(&ExportRecordsParameters { format: Some("csv".into()), ..Default::default() });
    assert_eq!(export.url(), "http://127.0.0.1:9/beta/zoo/exportRecords");
    assert_eq!(
        client.list_animals_via_enclosures_residents("e 1").url(),
        "http://127.0.0.1:9/beta/zoo/enclosures/e%201/residents"
    );
    let count = client.count_by_kind(&AnimalKind::None, &"O'Brien".to_owned());
    assert_eq!(
        count.url(),
        "http://127.0.0.1:9/beta/zoo/animals/countByKind(kind=%27none%27,name=%27O%27%27Brien%27)"
    );
    let feed = client.feed("a1", &FeedParameters { amount: Some(3), ..Default::default() });
    assert_eq!(feed.method(), &reqwest::Method::POST);
    let patch = AnimalPatch { name: Patch::Null, kind: Patch::Set(AnimalKind::None), ..Default::default() };
    assert_eq!(serde_json::to_value(&patch).expect("writes"), serde_json::json!({"name": null, "kind": "none"}));
    let update = client.update_animal("a1", &patch);
    assert_eq!(update.method(), &reqwest::Method::PATCH);
}
"###;

fn cargo(dir: &Path, target: &Path, args: &[&str]) -> (bool, String) {
    let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .expect("run cargo");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn generated_crate_compiles_without_warnings_and_passes_its_tests() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (files, diags, report) =
        graphgen::generate(&root.join("fixtures/zoo"), "zoo-api").expect("generate");
    // The pages are clean but for the two path segments they leave unexplained on purpose.
    let kinds: Vec<&str> = diags.sorted().iter().map(|d| d.kind.as_str()).collect();
    assert_eq!(
        kinds,
        ["undocumented-relationship", "relationship-of-derived-type"],
        "{:?}",
        diags.sorted()
    );
    // Outside the workspace, so the crate is its own package.
    let dir: PathBuf = std::env::temp_dir().join(format!("graphgen-zoo-{}", std::process::id()));
    for f in &files {
        let p = dir.join(&f.path);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(&p, &f.contents).expect("write");
    }
    std::fs::create_dir_all(dir.join("tests")).expect("mkdir");
    std::fs::write(dir.join("tests/behaviour.rs"), BEHAVIOUR).expect("write");
    // Shared across runs so dependencies are built once.
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("zoo-target");

    let (ok, out) = cargo(&dir, &target, &["check", "--features", "zoo"]);
    assert!(
        ok && !out.contains("warning:"),
        "cargo check --features zoo:\n{out}"
    );
    let (ok, out) = cargo(&dir, &target, &["test", "--features", "full"]);
    assert!(ok, "cargo test --features full:\n{out}");
    assert!(!out.contains("warning:"), "warnings:\n{out}");
    assert!(
        out.contains("test a_base_typed_collection_reads_each_item_as_its_derived_type ... ok"),
        "{out}"
    );
    println!(
        "zoo: {} functions, {} example tests",
        report.functions, report.examples.tests
    );
    let _ = std::fs::remove_dir_all(&dir);
}
