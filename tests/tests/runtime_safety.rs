//! What the client does with hostile or broken answers, against a local server: a redirect
//! to another origin arrives without the token; truncated or malformed JSON is a decode
//! error with the body kept; broken HTTP is an error, never a panic; an oversized body is
//! refused; no Debug output shows the token or the secret properties.

mod runtime_support;

use std::time::Duration;

use graph_api::edm::Binary;
use graph_api::models::{UserPfxCertificate, UserPfxCertificatePatch};
use graph_api::{Client, ClientBuilder, Error};
use runtime_support::{cert_json, Reply, Req, Server};
use serde_json::json;

const TOKEN: &str = "SAFETY-TOKEN-7f3a";
const ITEM: &str = "/beta/deviceManagement/userPfxCertificates/x";

fn builder(server: &Server) -> ClientBuilder {
    Client::builder()
        .base_url(format!("{}/beta", server.url()))
        .bearer_token(TOKEN)
        .retry_base_delay(Duration::from_millis(1))
}

#[tokio::test]
async fn a_redirect_to_another_origin_arrives_without_the_token() {
    let elsewhere = Server::start(|req: &Req| match req.method.as_str() {
        "GET" => Reply::json(200, &cert_json("moved")),
        _ => Reply::json(201, &cert_json("created")),
    })
    .await;
    let target = elsewhere.url();
    let server = Server::start(move |req: &Req| match req.path() {
        "/beta/deviceManagement/userPfxCertificates/x" => {
            Reply::status(302).with_header("Location", &format!("{target}/files/x"))
        }
        "/beta/deviceManagement/userPfxCertificates" => {
            Reply::status(307).with_header("Location", &format!("{target}/upload"))
        }
        // Same origin: a relative Location.
        "/beta/deviceManagement/userPfxCertificates/local" => Reply::status(301).with_header(
            "Location",
            "/beta/deviceManagement/userPfxCertificates/here",
        ),
        "/beta/deviceManagement/userPfxCertificates/here" => Reply::json(200, &cert_json("here")),
        _ => Reply::status(404),
    })
    .await;
    let client = builder(&server).build().unwrap();

    let got = client
        .get_user_pfx_certificate("x")
        .header("Cookie", "session=1")
        .send()
        .await
        .expect("followed");
    assert_eq!(got.id.as_deref(), Some("moved"));
    // 307 keeps the method and body, and still drops the token.
    let created = client
        .create_user_pfx_certificate(&UserPfxCertificate {
            thumbprint: Some("T".into()),
            ..Default::default()
        })
        .send()
        .await
        .expect("followed");
    assert_eq!(created.id.as_deref(), Some("created"));
    let away = elsewhere.requests();
    assert_eq!(away.len(), 2);
    for r in &away {
        assert_eq!(r.header("authorization"), None, "{} {}", r.method, r.target);
        assert_eq!(r.header("cookie"), None);
    }
    assert_eq!(away[1].method, "POST");
    assert_eq!(away[1].json(), Some(json!({"thumbprint": "T"})));

    // Within the origin the token goes along.
    let here = client
        .get_user_pfx_certificate("local")
        .send()
        .await
        .expect("same-origin redirect");
    assert_eq!(here.id.as_deref(), Some("here"));
    let home = server.requests();
    assert!(home
        .iter()
        .all(|r| r.header("authorization") == Some(&format!("Bearer {TOKEN}"))));
    assert_eq!(home.len(), 4);
}

#[tokio::test]
async fn endless_redirects_are_an_error() {
    let server = Server::start(|_| Reply::status(302).with_header("Location", ITEM)).await;
    let err = builder(&server)
        .max_retries(0)
        .build()
        .unwrap()
        .get_user_pfx_certificate("x")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Protocol(_)), "{err:?}");
    assert_eq!(server.count(), 11);
}

#[tokio::test]
async fn truncated_or_malformed_json_is_a_decode_error_with_the_body_kept() {
    let full = serde_json::to_string(&cert_json("x")).unwrap();
    let bodies: Vec<String> = (0..full.len())
        .step_by(7)
        .map(|n| full[..n].to_owned())
        .chain([
            r#"{"id": 5}"#.to_owned(),
            r#"{"startDateTime": "yesterday"}"#.to_owned(),
            r#"{"encryptedPfxBlob": "%%%"}"#.to_owned(),
            "[1,2,3]".to_owned(),
            "null".to_owned(),
            "\u{feff}{}".to_owned(),
        ])
        .collect();
    let served = bodies.clone();
    let server = Server::start(move |req: &Req| {
        let n: usize = req.path().rsplit('/').next().unwrap().parse().unwrap();
        Reply::text(200, served[n].clone())
    })
    .await;
    let client = builder(&server).build().unwrap();
    for (n, body) in bodies.iter().enumerate() {
        let err = client
            .get_user_pfx_certificate(&n.to_string())
            .send()
            .await
            .expect_err(body);
        match err {
            Error::Decode {
                status, body: kept, ..
            } => {
                assert_eq!(status, 200);
                assert_eq!(&kept, body);
            }
            other => panic!("{body:?}: {other:?}"),
        }
    }
    assert_eq!(
        server.count(),
        bodies.len(),
        "decode errors are not retried"
    );
}

#[tokio::test]
async fn broken_http_is_an_error_never_a_panic() {
    let replies: Vec<Vec<u8>> = vec![
        // Body cut off before its announced length.
        b"HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n{\"id\": \"x\"".to_vec(),
        // A broken chunked body.
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc".to_vec(),
        b"garbage\r\n\r\n".to_vec(),
        b"HTTP/1.1 999999 What\r\n\r\n".to_vec(),
        b"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n".to_vec(),
        b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!".to_vec(),
        vec![0xff; 300],
        Vec::new(),
    ];
    for (i, raw) in replies.into_iter().enumerate() {
        let server = Server::start(move |_| Reply::Raw(raw.clone())).await;
        let client = builder(&server).max_retries(1).build().unwrap();
        let get = client.get_user_pfx_certificate("x").send().await;
        let post = client
            .create_user_pfx_certificate(&UserPfxCertificate::default())
            .send()
            .await;
        for (what, result) in [("GET", get.err()), ("POST", post.err())] {
            let err = result.unwrap_or_else(|| panic!("reply {i}: {what} must fail"));
            assert!(
                matches!(err, Error::OutcomeUnknown { .. } | Error::Decode { .. }),
                "reply {i} {what}: {err:?}"
            );
            assert!(!err.to_string().contains('\n'));
        }
    }
}

#[tokio::test]
async fn an_oversized_body_is_refused() {
    let big = vec![b' '; 64 * 1024];
    let mut chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
    for _ in 0..64 {
        chunked.extend_from_slice(b"400\r\n");
        chunked.extend_from_slice(&[b' '; 0x400]);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let small = serde_json::to_vec(&cert_json("x")).unwrap();
    let server = Server::start(move |req: &Req| match req.path().rsplit('/').next() {
        Some("announced") => Reply::text(200, big.clone()),
        Some("error") => Reply::text(500, big.clone()),
        Some("chunked") => Reply::Raw(chunked.clone()),
        _ => Reply::text(200, small.clone()),
    })
    .await;
    let client = builder(&server).max_response_bytes(4096).build().unwrap();
    for (id, status) in [("announced", 200), ("error", 500), ("chunked", 200)] {
        let err = client
            .get_user_pfx_certificate(id)
            .send()
            .await
            .unwrap_err();
        match err {
            Error::ResponseTooLarge { status: s, limit } => {
                assert_eq!((s, limit), (status, 4096), "{id}");
            }
            other => panic!("{id}: {other:?}"),
        }
    }
    assert_eq!(server.count(), 3, "a refused body is not fetched again");
    client
        .get_user_pfx_certificate("fits")
        .send()
        .await
        .expect("a body under the limit is read");
}

#[tokio::test]
async fn debug_output_never_shows_the_token_or_secret_properties() {
    const PASSWORD: &str = "PFX-PASSWORD-91c2";
    const BLOB: &[u8] = b"PFX-BLOB-BYTES-5d0e";
    let blob_b64 = "UEZYLUJMT0ItQllURVMtNWQwZQ=="; // base64 of BLOB
    let mut echoed = cert_json("x");
    echoed["encryptedPfxPassword"] = json!(PASSWORD);
    echoed["encryptedPfxBlob"] = json!(blob_b64);
    let echo = echoed.clone();
    let server = Server::start(move |req: &Req| match req.method.as_str() {
        // Errors that echo the secrets back.
        "POST" => Reply::json(
            400,
            &json!({"error": {"code": "BadRequest", "message": "bad", "echo": echo}}),
        ),
        _ => Reply::text(200, format!("{}!", echo)),
    })
    .await;
    let client = builder(&server).build().unwrap();
    let cert = UserPfxCertificate {
        encrypted_pfx_password: Some(PASSWORD.into()),
        encrypted_pfx_blob: Some(Binary(BLOB.to_vec())),
        ..serde_json::from_value(cert_json("x")).unwrap()
    };
    let patch = UserPfxCertificatePatch::from(cert.clone());
    let request = client.create_user_pfx_certificate(&cert);
    let mut batch = client.batch();
    batch.add(client.create_user_pfx_certificate(&cert));
    let service_error = client
        .create_user_pfx_certificate(&cert)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(service_error, Error::Service(_)));
    let decode_error = client
        .get_user_pfx_certificate("x")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(decode_error, Error::Decode { .. }));
    let shown = [
        format!("{cert:?}"),
        format!("{cert:#?}"),
        format!("{patch:?}"),
        format!("{client:?}"),
        format!("{:?}", builder(&server)),
        format!("{request:?}"),
        format!("{batch:?}"),
        format!("{service_error:?}"),
        format!("{service_error}"),
        format!("{decode_error:?}"),
        format!("{decode_error}"),
    ];
    for text in &shown {
        for secret in [TOKEN, PASSWORD, "PFX-BLOB-BYTES", blob_b64, "Bearer"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
    assert!(shown[0].contains("<redacted>"), "{}", shown[0]);
    assert!(shown[2].contains("Set(<redacted>)") || shown[2].contains("Some(<redacted>)"));
    // The secrets still go over the wire.
    assert!(server.requests()[0]
        .json()
        .unwrap()
        .get("encryptedPfxPassword")
        .is_some());
}
