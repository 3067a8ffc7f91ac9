//! OpenAPI unions end to end: tests/fixtures/unions/openapi.yaml (internally tagged,
//! externally tagged and untagged `oneOf`/`anyOf`) becomes a crate that is compiled and
//! tested for real: each JSON value decodes to the right alternative and is written back as
//! it was, a value no alternative matches is kept intact, and a request body with unions
//! goes over HTTP to a server on 127.0.0.1 and its answer is decoded.

mod crate_support;

use crate_support::{cargo, write_crate};
use std::path::Path;

const BEHAVIOUR: &str = r###"
use serde_json::json;
use unions_api::edm::Int64;
use unions_api::models::*;

/// Decodes `value` as `T`, checks it is what `is` says, and that it is written back as read.
fn round_trip<T>(value: serde_json::Value, is: impl Fn(&T) -> bool) -> T
where
    T: serde::de::DeserializeOwned + serde::Serialize + std::fmt::Debug,
{
    let t: T = serde_json::from_value(value.clone()).expect("reads");
    assert!(is(&t), "{value} read as {t:?}");
    assert_eq!(serde_json::to_value(&t).expect("writes"), value);
    t
}

#[test]
fn an_internally_tagged_value_reads_as_its_alternative() {
    let blank = round_trip(json!({"type": "blank", "block_size": 512}), |s: &DiskSource| {
        matches!(s, DiskSource::Blank(b) if b.block_size == Some(Int64(512)) && b.additional_properties.is_empty())
    });
    let built = DiskSource::Blank(DiskSourceBlank { block_size: Some(Int64(512)), ..Default::default() });
    assert_eq!(blank, built);
    round_trip(json!({"type": "snapshot", "snapshot_id": "s1"}), |s: &DiskSource| {
        matches!(s, DiskSource::Snapshot(x) if x.snapshot_id.as_deref() == Some("s1"))
    });
    round_trip(json!({"type": "empty"}), |s: &DiskSource| matches!(s, DiskSource::Empty));
    // A discriminator over named types: the tag is read into the type's own property too.
    round_trip(json!({"kind": "cat", "lives": 9}), |p: &Pet| {
        matches!(p, Pet::Cat(c) if c.lives == Some(9) && c.kind == Some(CatKind::Cat))
    });
    // A discriminator's value from its mapping, and the schema's name by default.
    round_trip(json!({"shapeType": "round", "radius": 1.5}), |s: &Shape| {
        matches!(s, Shape::Round(c) if c.radius == Some(unions_api::edm::Double(1.5)) && c.shape_type.as_deref() == Some("round"))
    });
    round_trip(json!({"shapeType": "Square", "side": 2.0}), |s: &Shape| matches!(s, Shape::Square(_)));
    // Built without the tag, written with it.
    let dog = Pet::Dog(Dog { good: Some(true), ..Default::default() });
    assert_eq!(serde_json::to_value(&dog).expect("writes"), json!({"kind": "dog", "good": true}));
}

#[test]
fn an_externally_tagged_value_reads_as_its_alternative() {
    round_trip(json!("faulted"), |s: &AttachmentState| matches!(s, AttachmentState::Faulted));
    round_trip(json!({"attached": "i-1"}), |s: &AttachmentState| {
        matches!(s, AttachmentState::Attached(id) if id == "i-1")
    });
}

#[test]
fn an_untagged_value_reads_as_the_first_alternative_that_fits() {
    round_trip(json!(3), |l: &DiskLimit| matches!(l, DiskLimit::Integer(Int64(3))));
    round_trip(json!(["a", "b"]), |l: &DiskLimit| matches!(l, DiskLimit::Array(v) if v.len() == 2));
    // Strings told apart by their format: only a uuid reads as the `uuid` alternative.
    round_trip(json!("my-disk"), |n: &NameOrId| matches!(n, NameOrId::Name(s) if s == "my-disk"));
    let id = "7e1e3b2a-0000-4000-8000-000000000001";
    round_trip(json!(id), |n: &NameOrId| matches!(n, NameOrId::Id(s) if s == id));
    // Objects are told apart by their required properties.
    round_trip(json!({"members": ["a"]}), |o: &Owner| matches!(o, Owner::Team(t) if t.members.as_deref() == Some(&["a".to_owned()][..])));
    round_trip(json!({"first_name": "Ada"}), |o: &Owner| matches!(o, Owner::Person(_)));
    round_trip(json!({"nickname": "x"}), |o: &Owner| matches!(o, Owner::UnknownValue(_)));
}

#[test]
fn undeclared_properties_are_read_as_the_type_the_document_gives_them() {
    let q = round_trip(json!({"total": 3, "a": 1, "b": 2}), |q: &Quotas| q.total == Some(3));
    let counts: &std::collections::BTreeMap<String, i32> = &q.additional_properties;
    assert_eq!(counts.get("b"), Some(&2));
    assert!(serde_json::from_value::<Quotas>(json!({"a": "many"})).is_err());
}

#[test]
fn a_value_no_alternative_matches_is_kept_intact() {
    let newer = json!({"type": "from_url", "url": "https://x", "extra": [1, {"a": null}]});
    round_trip(newer.clone(), |s: &DiskSource| matches!(s, DiskSource::UnknownValue(v) if *v == newer));
    round_trip(json!({"kind": "axolotl"}), |p: &Pet| matches!(p, Pet::UnknownValue(_)));
    round_trip(json!("destroyed"), |s: &AttachmentState| matches!(s, AttachmentState::UnknownValue(_)));
    round_trip(json!({"detaching": 1}), |s: &AttachmentState| matches!(s, AttachmentState::UnknownValue(_)));
    round_trip(json!(true), |l: &DiskLimit| matches!(l, DiskLimit::UnknownValue(_)));
    // Inside a struct, with its other properties.
    let disk = json!({
        "id": "d", "source": newer, "state": {"attached": "i"}, "sort": "name_descending",
        "grid": [[1, 2], []], "labels": {"a": "b"}, "sizes": {"x": {"type": "empty"}, "y": {"type": "blank"}}
    });
    round_trip(disk, |d: &Disk| {
        matches!(d.source.as_deref(), Some(DiskSource::UnknownValue(_)))
            && d.sort == Some(SortMode::NameDescending)
            && d.grid == Some(vec![vec![1, 2], vec![]])
            && d.labels.as_ref().is_some_and(|l| l["a"] == "b")
            && d.sizes.as_ref().is_some_and(|s| {
                matches!(s["x"], DiskSource::Empty) && matches!(&s["y"], DiskSource::Blank(_))
            })
    });
}

/// A server on 127.0.0.1 that answers one request with `status` and `answer`, and gives
/// back its request line and body; and a client of it.
fn serve_once(
    status: &'static str,
    answer: &'static str,
) -> (unions_api::Client, std::thread::JoinHandle<(String, String)>) {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().expect("accept");
        let mut reader = BufReader::new(stream.try_clone().expect("clone"));
        let (mut line, mut len) = (String::new(), 0);
        reader.read_line(&mut line).expect("request line");
        loop {
            let mut h = String::new();
            reader.read_line(&mut h).expect("header");
            if h.trim().is_empty() {
                break;
            }
            if let Some(v) = h.to_ascii_lowercase().strip_prefix("content-length:") {
                len = v.trim().parse().expect("length");
            }
        }
        let mut body = vec![0; len];
        reader.read_exact(&mut body).expect("body");
        let head = format!(
            "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            answer.len()
        );
        stream.write_all(head.as_bytes()).expect("write");
        stream.write_all(answer.as_bytes()).expect("write");
        (line.trim().to_owned(), String::from_utf8(body).expect("utf-8"))
    });
    let client = unions_api::Client::builder()
        .base_url(format!("http://{addr}/v1"))
        .bearer_token("t")
        .build()
        .expect("client");
    (client, server)
}

#[tokio::test]
async fn a_body_with_unions_is_sent_and_the_answer_decoded() {
    let answer = r#"{"id":"d1","source":{"type":"empty"},"state":"detached","limit":7}"#;
    let (client, server) = serve_once("201 Created", answer);
    let create = DiskCreate {
        name: Some(Box::new(NameOrId::Name("my-disk".into()))),
        source: Some(Box::new(DiskSource::Snapshot(DiskSourceSnapshot {
            snapshot_id: Some("s1".into()),
            ..Default::default()
        }))),
        ..Default::default()
    };
    let disk = client.disk_create(&create).send().await.expect("sent");
    assert!(matches!(disk.source.as_deref(), Some(DiskSource::Empty)));
    assert!(matches!(disk.state.as_deref(), Some(AttachmentState::Detached)));
    assert!(matches!(disk.limit.as_deref(), Some(DiskLimit::Integer(Int64(7)))));
    let (line, body) = server.join().expect("server");
    assert_eq!(line, "POST /v1/disks HTTP/1.1");
    let body: serde_json::Value = serde_json::from_str(&body).expect("JSON body");
    assert_eq!(body, json!({"name": "my-disk", "source": {"type": "snapshot", "snapshot_id": "s1"}}));
}

#[tokio::test]
async fn an_update_sends_a_whole_union_value() {
    let (client, server) = serve_once("204 No Content", "");
    let blank = DiskSource::Blank(DiskSourceBlank { block_size: Some(Int64(4096)), ..Default::default() });
    client.disk_source_update("d1", &blank).send().await.expect("sent");
    let (line, body) = server.join().expect("server");
    assert_eq!(line, "PATCH /v1/disks/d1/source HTTP/1.1");
    let body: serde_json::Value = serde_json::from_str(&body).expect("JSON body");
    assert_eq!(body, json!({"type": "blank", "block_size": 4096}));
}
"###;

#[test]
fn unions_decode_to_their_alternatives_and_back_in_a_compiled_crate() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (ir, diags) =
        graphgen::load_openapi(&root.join("fixtures/unions/openapi.yaml")).expect("import");
    assert!(diags.is_empty(), "{:?}", diags.sorted());
    let files = graphgen::emit::crate_files(&ir, "unions-api").expect("generate");
    let dir = write_crate("unions", &files);
    std::fs::write(dir.join("tests/behaviour.rs"), BEHAVIOUR).expect("write");
    // The zoo crate's target folder (tests/tests/generated_crate.rs): same dependencies.
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("zoo-target");
    let (ok, out) = cargo(&dir, &target, &["test", "--features", "full"]);
    assert!(ok, "cargo test --features full:\n{out}");
    assert!(!out.contains("warning:"), "warnings:\n{out}");
    for t in [
        "an_internally_tagged_value_reads_as_its_alternative",
        "an_externally_tagged_value_reads_as_its_alternative",
        "an_untagged_value_reads_as_the_first_alternative_that_fits",
        "a_value_no_alternative_matches_is_kept_intact",
        "a_body_with_unions_is_sent_and_the_answer_decoded",
        "an_update_sends_a_whole_union_value",
        "undeclared_properties_are_read_as_the_type_the_document_gives_them",
    ] {
        assert!(out.contains(&format!("test {t} ... ok")), "{t}: {out}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
