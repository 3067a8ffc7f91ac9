//! The generated models on the pages' own examples: what the docs show deserializes into
//! `UserPfxCertificate` and serializes back to equal JSON; nothing is lost or leaked.

use graph_api::models::{UserPfxCertificate, UserPfxIntendedPurpose, UserPfxPaddingScheme};
use graphgen::ir::ExampleKind;
use serde_json::{json, Value};
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
}

fn round_trip(body: &str) -> (UserPfxCertificate, Value, Value) {
    let original: Value = serde_json::from_str(body).expect("example body is JSON");
    let cert: UserPfxCertificate = serde_json::from_str(body).expect("example body deserializes");
    let back = serde_json::to_value(&cert).expect("serializes");
    (cert, original, back)
}

/// The create page's example request and 201 response, as our specs/ page gives them.
#[test]
fn create_examples_round_trip() {
    let (ir, _) = graphgen::load(&root().join("specs")).expect("specs");
    let op = ir
        .operations
        .iter()
        .find(|o| o.title == "Create userPFXCertificate")
        .expect("create op");
    let bodies: Vec<(ExampleKind, &str)> = op
        .examples
        .iter()
        .filter_map(|e| Some((e.kind, e.body.as_deref()?)))
        .collect();
    assert_eq!(bodies.len(), 2, "a request and a response body");
    for (kind, body) in bodies {
        let (cert, original, back) = round_trip(body);
        assert_eq!(original, back, "{kind:?} example changed in a round trip");
        assert_eq!(
            cert.intended_purpose,
            Some(UserPfxIntendedPurpose::SmimeEncryption)
        );
        assert_eq!(cert.padding_scheme, Some(UserPfxPaddingScheme::Pkcs1));
        assert_eq!(
            cert.encrypted_pfx_blob.as_ref().map(|b| b.0.as_slice()),
            Some(&b"encryptedPfxBlob"[..])
        );
        assert_eq!(
            cert.odata_type.as_deref(),
            Some("#microsoft.graph.userPFXCertificate")
        );
        assert!(
            cert.additional_properties.is_empty(),
            "every property is typed: {:?}",
            cert.additional_properties
        );
    }
}

/// The seed page itself (an older revision of the create page), from ../shared.
#[test]
#[cfg_attr(
    no_shared,
    ignore = "../shared is absent: this test reads the seed page there"
)]
fn seed_examples_round_trip() {
    let seed = root().join("../shared/seeds/000_3b8a7658d746b7fe.txt");
    let text = std::fs::read_to_string(&seed).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; this test reads the seed page (in CI, ../shared must be beside the checkout)",
            seed.display()
        )
    });
    let mut ir = graphgen::ir::Ir::default();
    let mut diags = graphgen::diagnostics::Diagnostics::new();
    graphgen::parse::parse_page("api/seed.md", &text, &mut ir, &mut diags);
    let op = ir.operations.first().expect("the seed is a method page");
    assert_eq!(op.response.status, graphgen::ir::Status::Code(201));
    let bodies: Vec<&str> = op
        .examples
        .iter()
        .filter_map(|e| e.body.as_deref())
        .collect();
    assert_eq!(bodies.len(), 2);
    for body in bodies {
        let (_, original, back) = round_trip(body);
        assert_eq!(original, back);
    }
}

#[test]
fn date_time_offset_keeps_its_offset_and_digits() {
    let text = "2016-12-31T23:58:46.7156189-08:00";
    let cert: UserPfxCertificate =
        serde_json::from_value(json!({ "startDateTime": text })).expect("reads");
    let start = cert.start_date_time.as_ref().expect("set");
    assert_eq!(start.offset_minutes(), -480);
    assert_eq!(start.nanosecond(), 715_618_900);
    assert_eq!(
        serde_json::to_value(&cert).expect("writes")["startDateTime"],
        text
    );
    assert!(
        serde_json::from_value::<UserPfxCertificate>(json!({ "startDateTime": "yesterday" }))
            .is_err()
    );
}

#[test]
fn unknown_enum_values_and_properties_survive() {
    let sent = json!({
        "intendedPurpose": "smimeEncryption,vpn",
        "paddingScheme": "oaepSha1024",
        "newPropertyFrom2030": { "nested": [1, 2, 3] },
        "thumbprint": "AB"
    });
    let cert: UserPfxCertificate = serde_json::from_value(sent.clone()).expect("reads");
    assert_eq!(
        cert.intended_purpose,
        Some(UserPfxIntendedPurpose::UnknownValue(
            "smimeEncryption,vpn".into()
        ))
    );
    assert_eq!(
        cert.padding_scheme.as_ref().map(|p| p.as_str()),
        Some("oaepSha1024")
    );
    assert_eq!(
        cert.additional_properties["newPropertyFrom2030"],
        json!({ "nested": [1, 2, 3] })
    );
    assert_eq!(serde_json::to_value(&cert).expect("writes"), sent);
}

#[test]
fn enums_are_written_as_member_names() {
    for (v, s) in [
        (UserPfxPaddingScheme::None, "none"),
        (UserPfxPaddingScheme::OaepSha256, "oaepSha256"),
        (UserPfxPaddingScheme::OaepSha512, "oaepSha512"),
    ] {
        assert_eq!(serde_json::to_value(&v).expect("writes"), json!(s));
        assert_eq!(UserPfxPaddingScheme::from(s), v);
    }
    assert_eq!(
        serde_json::to_value(UserPfxIntendedPurpose::Wifi).expect("writes"),
        json!("wifi")
    );
}

#[test]
fn unset_properties_are_not_sent() {
    let cert = UserPfxCertificate {
        thumbprint: Some("AB".into()),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(&cert).expect("writes"),
        json!({ "thumbprint": "AB" })
    );
}

#[test]
fn debug_hides_secrets() {
    let cert = UserPfxCertificate {
        encrypted_pfx_password: Some("hunter2-password".into()),
        encrypted_pfx_blob: Some(graph_api::edm::Binary(b"secret-blob-bytes".to_vec())),
        thumbprint: Some("VISIBLE-THUMBPRINT".into()),
        ..Default::default()
    };
    let debug = format!("{cert:?} {cert:#?}");
    assert!(!debug.contains("hunter2"), "{debug}");
    assert!(!debug.contains("secret-blob"), "{debug}");
    assert!(
        !debug.contains(&format!("{:?}", b"secret-blob-bytes".to_vec())),
        "{debug}"
    );
    assert!(debug.contains("VISIBLE-THUMBPRINT"), "{debug}");
    assert!(debug.contains("redacted"), "{debug}");
}
