//! The generated client against a real HTTP server on 127.0.0.1 (wiremock): the right
//! method, path, headers and body go out, and the answers come back typed.

use graph_api::models::{UserPfxCertificate, UserPfxCertificatePatch, UserPfxPaddingScheme};
use graph_api::{Client, Error, Patch};
use serde_json::{json, Value};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "test-token-123";

fn cert_json(id: &str) -> Value {
    json!({
        "@odata.type": "#microsoft.graph.userPFXCertificate",
        "id": id,
        "thumbprint": "Thumbprint value",
        "intendedPurpose": "smimeEncryption",
        "startDateTime": "2016-12-31T23:58:46.7156189-08:00",
        "paddingScheme": "pkcs1",
        "encryptedPfxBlob": "ZW5jcnlwdGVkUGZ4QmxvYg==",
        "encryptedPfxPassword": "Encrypted Pfx Password value"
    })
}

async fn setup() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let client = Client::builder()
        .base_url(format!("{}/beta", server.uri()))
        .bearer_token(TOKEN)
        .build()
        .expect("client");
    (server, client)
}

#[tokio::test]
async fn create_posts_the_body_with_the_bearer_token() {
    let (server, client) = setup().await;
    let mut sent = cert_json("ignored");
    sent.as_object_mut().expect("object").remove("id");
    Mock::given(method("POST"))
        .and(path("/beta/deviceManagement/userPfxCertificates"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("accept", "application/json"))
        .and(header("content-type", "application/json"))
        .and(body_json(&sent))
        .respond_with(ResponseTemplate::new(201).set_body_json(cert_json("045c159b")))
        .expect(1)
        .mount(&server)
        .await;

    let body: UserPfxCertificate = serde_json::from_value(sent.clone()).expect("body");
    let created = client
        .create_user_pfx_certificate(&body)
        .send()
        .await
        .expect("created");
    assert_eq!(created.id.as_deref(), Some("045c159b"));
    assert_eq!(created.padding_scheme, Some(UserPfxPaddingScheme::Pkcs1));
    assert_eq!(
        serde_json::to_value(&created).expect("json"),
        cert_json("045c159b")
    );
}

#[tokio::test]
async fn list_returns_a_page_with_next_link() {
    let (server, client) = setup().await;
    let next = format!(
        "{}/beta/deviceManagement/userPfxCertificates?$skiptoken=2",
        server.uri()
    );
    Mock::given(method("GET"))
        .and(path("/beta/deviceManagement/userPfxCertificates"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "value": [cert_json("a"), cert_json("b")],
            "@odata.nextLink": next,
        })))
        .expect(1)
        .mount(&server)
        .await;
    let page = client
        .list_user_pfx_certificates()
        .send()
        .await
        .expect("page");
    let ids: Vec<_> = page.value.iter().filter_map(|c| c.id.as_deref()).collect();
    assert_eq!(ids, ["a", "b"]);
    assert_eq!(page.next_link.as_deref(), Some(next.as_str()));
}

#[tokio::test]
async fn get_update_and_delete_use_the_right_method_and_path() {
    let (server, client) = setup().await;
    let item = "/beta/deviceManagement/userPfxCertificates/id%20with%2Fslash";
    Mock::given(method("GET"))
        .and(path(item))
        .respond_with(ResponseTemplate::new(200).set_body_json(cert_json("id with/slash")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(path(item))
        .and(body_json(json!({ "keyName": "new key" })))
        .respond_with(ResponseTemplate::new(200).set_body_json(cert_json("id with/slash")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(item))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let got = client
        .get_user_pfx_certificate("id with/slash")
        .send()
        .await
        .expect("get");
    assert_eq!(got.id.as_deref(), Some("id with/slash"));
    let patch = UserPfxCertificatePatch {
        key_name: Patch::Set("new key".into()),
        ..Default::default()
    };
    let updated = client
        .update_user_pfx_certificate("id with/slash", &patch)
        .send()
        .await
        .expect("update");
    assert_eq!(updated.thumbprint.as_deref(), Some("Thumbprint value"));
    let () = client
        .delete_user_pfx_certificate("id with/slash")
        .send()
        .await
        .expect("delete");
}

#[tokio::test]
async fn a_graph_error_becomes_a_service_error() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/beta/deviceManagement/userPfxCertificates/missing"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "error": {
                "code": "ResourceNotFound",
                "message": "The certificate 'missing' was not found.",
                "innerError": { "request-id": "req-42", "date": "2026-11-27T03:00:00" }
            }
        })))
        .mount(&server)
        .await;
    let err = client
        .get_user_pfx_certificate("missing")
        .send()
        .await
        .expect_err("404");
    let text = err.to_string();
    assert!(text.contains("404"), "{text}");
    assert!(text.contains("ResourceNotFound"), "{text}");
    assert!(
        text.contains("The certificate 'missing' was not found."),
        "{text}"
    );
    assert!(text.contains("req-42"), "{text}");
    match err {
        Error::Service(e) => {
            assert_eq!(e.status, 404);
            assert_eq!(e.code.as_deref(), Some("ResourceNotFound"));
        }
        other => panic!("expected a service error, got {other:?}"),
    }
}

#[tokio::test]
async fn malformed_success_body_is_a_decode_error() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/beta/deviceManagement/userPfxCertificates/x"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{\"id\": \"x\", \"thumbp"))
        .mount(&server)
        .await;
    let err = client
        .get_user_pfx_certificate("x")
        .send()
        .await
        .expect_err("truncated JSON");
    assert!(matches!(err, Error::Decode { status: 200, .. }), "{err:?}");
}

#[tokio::test]
async fn default_base_url_is_graph_beta_and_debug_hides_the_token() {
    let client = Client::builder()
        .bearer_token(TOKEN)
        .build()
        .expect("client");
    assert_eq!(client.base_url(), "https://graph.microsoft.com/beta");
    let req = client.get_user_pfx_certificate("abc");
    assert_eq!(
        req.url(),
        "https://graph.microsoft.com/beta/deviceManagement/userPfxCertificates/abc"
    );
    let debug = format!("{client:?} {req:?}");
    assert!(!debug.contains(TOKEN), "{debug}");
}
