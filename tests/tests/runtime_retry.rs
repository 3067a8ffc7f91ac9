//! Throttling and retries through the generated client against a local server that
//! misbehaves on purpose: Retry-After is honoured (the one timed assertion, with slack), the
//! total wait cap holds, only what the service did not act on is sent again for POST and
//! PATCH, idempotent requests survive dropped connections, a dropped future stops retrying,
//! tokens are asked for on every attempt.

mod runtime_support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use graph_api::models::{UserPfxCertificate, UserPfxCertificatePatch};
use graph_api::{BoxError, Client, ClientBuilder, Error, TokenFuture, TokenProvider};
use runtime_support::{cert_json, Reply, Req, Server};
use serde_json::json;

const ITEM: &str = "/beta/deviceManagement/userPfxCertificates/x";

fn builder(server: &Server) -> ClientBuilder {
    Client::builder()
        .base_url(format!("{}/beta", server.url()))
        .bearer_token("retry-token")
        .retry_base_delay(Duration::from_millis(1))
}

/// Answers the `n`th request (from 0) with `script(n)`.
async fn scripted(script: impl Fn(usize, &Req) -> Reply + Send + Sync + 'static) -> Server {
    let n = AtomicUsize::new(0);
    Server::start(move |req| script(n.fetch_add(1, Ordering::SeqCst), req)).await
}

fn throttled(retry_after: &str) -> Reply {
    Reply::json(
        429,
        &json!({"error": {"code": "TooManyRequests", "message": "Too many requests"}}),
    )
    .with_header("Retry-After", retry_after)
}

fn new_cert() -> UserPfxCertificate {
    UserPfxCertificate {
        thumbprint: Some("F2A1".into()),
        encrypted_pfx_password: Some("pw".into()),
        ..Default::default()
    }
}

#[tokio::test]
async fn retry_after_is_honoured_and_the_post_is_sent_again_in_full() {
    let server = scripted(|n, _| match n {
        0 => throttled("1"),
        _ => Reply::json(201, &cert_json("new")),
    })
    .await;
    let created = builder(&server)
        .build()
        .unwrap()
        .create_user_pfx_certificate(&new_cert())
        .send()
        .await
        .expect("created after one throttled attempt");
    assert_eq!(created.id.as_deref(), Some("new"));
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    let waited = reqs[1].at - reqs[0].at;
    // Asked for 1 s: within 10% plus scheduling slack.
    assert!(
        waited >= Duration::from_millis(900) && waited <= Duration::from_millis(1100 + 400),
        "waited {waited:?}"
    );
    assert_eq!(reqs[0].body, reqs[1].body, "the same full body");
    assert_eq!(
        reqs[0].json().unwrap(),
        json!({"thumbprint": "F2A1", "encryptedPfxPassword": "pw"})
    );
    let ids: Vec<_> = reqs.iter().map(|r| r.header("client-request-id")).collect();
    assert!(ids[0].is_some());
    assert_eq!(
        ids[0], ids[1],
        "one client-request-id across the retries of one request"
    );
    for r in &reqs {
        assert_eq!(r.header("user-agent"), Some("graph-api/0.1.0"));
    }
}

#[tokio::test]
async fn the_total_wait_cap_holds() {
    let server = scripted(|_, _| throttled("1")).await;
    let started = Instant::now();
    let err = builder(&server)
        .max_retries(10)
        .max_total_retry_wait(Duration::from_millis(1500))
        .build()
        .unwrap()
        .get_user_pfx_certificate("x")
        .send()
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    // 1 s fits under the 1.5 s cap, a second 1 s wait would not: two attempts, then stop.
    assert_eq!(server.count(), 2);
    assert!(elapsed < Duration::from_millis(1500 + 500), "{elapsed:?}");
    match err {
        Error::Service(e) => {
            assert_eq!(e.status, 429);
            assert_eq!(e.retry_after, Some(Duration::from_secs(1)));
            assert_eq!(e.code.as_deref(), Some("TooManyRequests"));
        }
        other => panic!("{other:?}"),
    }

    // A Retry-After beyond the cap (default 60 s) is returned at once, not waited for.
    let server = scripted(|_, _| throttled("120")).await;
    let err = builder(&server)
        .build()
        .unwrap()
        .get_user_pfx_certificate("x")
        .send()
        .await
        .unwrap_err();
    assert_eq!(server.count(), 1);
    assert_eq!(
        err.to_string(),
        "Graph service error 429 Too Many Requests: TooManyRequests: Too many requests (retry after 120s)"
    );
}

#[tokio::test]
async fn retry_after_as_an_http_date_and_backoff_without_it() {
    let past = httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(30));
    let server = scripted(move |n, _| match n {
        0 => Reply::status(503).with_header("Retry-After", &past),
        1 => Reply::status(503),
        2 => Reply::status(504),
        _ => Reply::json(200, &cert_json("x")),
    })
    .await;
    builder(&server)
        .build()
        .unwrap()
        .get_user_pfx_certificate("x")
        .send()
        .await
        .expect("a GET survives 503, 503 and 504");
    assert_eq!(server.count(), 4);

    // The retries are limited: 1 + max_retries attempts.
    let server = scripted(|_, _| Reply::status(503)).await;
    let err = builder(&server)
        .max_retries(2)
        .build()
        .unwrap()
        .get_user_pfx_certificate("x")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.count(), 3);
    let server = scripted(|_, _| Reply::status(503)).await;
    let none = builder(&server).max_retries(0).build().unwrap();
    none.get_user_pfx_certificate("x").send().await.unwrap_err();
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn post_and_patch_are_not_repeated_when_the_service_may_have_acted() {
    // 504: the gateway gave up, the service may have acted.
    let server = scripted(|_, _| Reply::status(504)).await;
    let client = builder(&server).build().unwrap();
    let err = client
        .create_user_pfx_certificate(&new_cert())
        .send()
        .await
        .unwrap_err();
    assert_eq!(server.count(), 1);
    assert!(
        matches!(&err, Error::Service(e) if e.status == 504),
        "{err:?}"
    );
    assert!(err.may_have_been_applied());

    // The connection drops after the request was read.
    let server = scripted(|_, _| Reply::Drop).await;
    let client = builder(&server).build().unwrap();
    let err = client
        .create_user_pfx_certificate(&new_cert())
        .send()
        .await
        .unwrap_err();
    assert_eq!(server.count(), 1);
    assert!(matches!(err, Error::OutcomeUnknown { .. }), "{err:?}");
    assert!(err
        .to_string()
        .contains("it may or may not have been applied"));
    let patch = UserPfxCertificatePatch {
        key_name: "k".to_string().into(),
        ..Default::default()
    };
    let err = client
        .update_user_pfx_certificate("x", &patch)
        .send()
        .await
        .unwrap_err();
    assert_eq!(server.count(), 2, "the PATCH was sent once");
    assert!(matches!(err, Error::OutcomeUnknown { .. }), "{err:?}");

    // A timeout after sending is the same: unknown, not repeated.
    let server = scripted(|_, _| Reply::Hang(Duration::from_secs(5))).await;
    let err = builder(&server)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap()
        .create_user_pfx_certificate(&new_cert())
        .send()
        .await
        .unwrap_err();
    assert_eq!(server.count(), 1);
    match err {
        Error::OutcomeUnknown { source } => assert!(source.is_timeout(), "{source:?}"),
        other => panic!("{other:?}"),
    }

    // 503 says the service did not act: a PATCH is sent again.
    let server = scripted(|n, _| match n {
        0 => Reply::status(503),
        _ => Reply::json(200, &cert_json("x")),
    })
    .await;
    builder(&server)
        .build()
        .unwrap()
        .update_user_pfx_certificate("x", &patch)
        .send()
        .await
        .expect("patched after 503");
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[0].body, reqs[1].body);
}

#[tokio::test]
async fn idempotent_requests_survive_dropped_connections() {
    let server = scripted(|n, req: &Req| match (n, req.method.as_str()) {
        (0, _) | (2, _) => Reply::Drop,
        (_, "DELETE") => Reply::status(204),
        _ => Reply::json(200, &cert_json("x")),
    })
    .await;
    let client = builder(&server).build().unwrap();
    let got = client
        .get_user_pfx_certificate("x")
        .send()
        .await
        .expect("get");
    assert_eq!(got.id.as_deref(), Some("x"));
    client
        .delete_user_pfx_certificate("x")
        .send()
        .await
        .expect("delete");
    let reqs = server.requests();
    assert_eq!(reqs.len(), 4);
    assert!(reqs.iter().all(|r| r.path() == ITEM));
}

#[tokio::test]
async fn a_connection_that_cannot_be_opened_is_retried_then_reported_as_not_sent() {
    struct Counting(AtomicUsize);
    impl TokenProvider for Counting {
        fn token(&self) -> TokenFuture<'_> {
            self.0.fetch_add(1, Ordering::SeqCst);
            Box::pin(async { Ok::<_, BoxError>("t".to_owned()) })
        }
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let tokens = Arc::new(Counting(AtomicUsize::new(0)));
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}/beta"))
        .token_provider(tokens.clone())
        .max_retries(2)
        .retry_base_delay(Duration::from_millis(1))
        .build()
        .unwrap();
    // Even a POST: the request never left.
    let err = client
        .create_user_pfx_certificate(&new_cert())
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(!err.may_have_been_applied());
    assert_eq!(tokens.0.load(Ordering::SeqCst), 3, "three attempts");
}

#[tokio::test]
async fn every_attempt_asks_the_provider_so_refreshed_tokens_are_used() {
    struct Rotating(Mutex<u32>);
    impl TokenProvider for Rotating {
        fn token(&self) -> TokenFuture<'_> {
            Box::pin(async move {
                let mut n = self.0.lock().map_err(|_| "poisoned")?;
                *n += 1;
                Ok::<_, BoxError>(format!("tok-{n}"))
            })
        }
    }
    let server = scripted(|n, _| match n {
        0 => throttled("0"),
        _ => Reply::json(200, &cert_json("x")),
    })
    .await;
    let client = builder(&server)
        .token_provider(Arc::new(Rotating(Mutex::new(0))))
        .build()
        .unwrap();
    client.get_user_pfx_certificate("x").send().await.unwrap();
    let auth: Vec<_> = server
        .requests()
        .iter()
        .map(|r| r.header("authorization").map(str::to_owned))
        .collect();
    assert_eq!(
        auth,
        [
            Some("Bearer tok-1".to_owned()),
            Some("Bearer tok-2".to_owned())
        ]
    );

    // A provider that fails: nothing is sent.
    struct Failing;
    impl TokenProvider for Failing {
        fn token(&self) -> TokenFuture<'_> {
            Box::pin(async { Err::<String, BoxError>("the vault is sealed".into()) })
        }
    }
    let server = scripted(|_, _| Reply::status(200)).await;
    let err = builder(&server)
        .token_provider(Arc::new(Failing))
        .build()
        .unwrap()
        .get_user_pfx_certificate("x")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Auth(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "could not get an access token: the vault is sealed"
    );
    assert_eq!(server.count(), 0);
}

#[tokio::test]
async fn dropping_the_future_stops_retrying() {
    let server = scripted(|_, _| throttled("1")).await;
    let client = builder(&server).max_retries(10).build().unwrap();
    let send = client.get_user_pfx_certificate("x").send();
    assert!(
        tokio::time::timeout(Duration::from_millis(300), send)
            .await
            .is_err(),
        "still waiting for the Retry-After when dropped"
    );
    // Had the retry gone on in the background, it would have arrived after 1 s.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(server.count(), 1);
}
