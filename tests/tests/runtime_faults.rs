//! 1,000 creates through the generated client, 4 at a time, against a server that keeps a
//! real store and replaces 30% of its answers with faults: 429 (Retry-After 0 or 1 s), 503,
//! 504 (before or after storing), and connections dropped before or after storing.
//!
//! What must hold: every create either returns the stored item or fails with an
//! outcome-unknown or service error; the store never holds a second copy of anything (the
//! client never repeats a POST that may have been applied); nothing the client reported as
//! created is missing; an item stored without a success report only exists where the client
//! was told it may exist (`Error::may_have_been_applied`). Every attempt of one create sends
//! the same full body and the same `client-request-id`.

mod runtime_support;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use graph_api::models::UserPfxCertificate;
use graph_api::{Client, Error};
use runtime_support::{Reply, Server};
use serde_json::{json, Value};

const CREATES: usize = 1000;
const CONCURRENCY: usize = 4;
const PATH: &str = "/beta/deviceManagement/userPfxCertificates";

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Fault {
    None,
    TooManyRequests0,
    TooManyRequests1,
    Unavailable,
    GatewayTimeoutNotStored,
    GatewayTimeoutStored,
    DropBeforeStore,
    DropAfterStore,
}

/// A deterministic roll per (thumbprint, attempt): the same run every time.
fn roll(thumbprint: &str, attempt: u32) -> Fault {
    let mut h = DefaultHasher::new();
    (thumbprint, attempt, "faults-v1").hash(&mut h);
    match h.finish() % 1000 {
        0..700 => Fault::None,
        700..760 => Fault::TooManyRequests0,
        760..763 => Fault::TooManyRequests1,
        763..810 => Fault::Unavailable,
        810..850 => Fault::GatewayTimeoutNotStored,
        850..880 => Fault::GatewayTimeoutStored,
        880..940 => Fault::DropBeforeStore,
        _ => Fault::DropAfterStore,
    }
}

#[derive(Default)]
struct Store {
    /// thumbprint → ids stored for it.
    items: BTreeMap<String, Vec<String>>,
    next_id: u64,
    attempts: HashMap<String, u32>,
    faults: BTreeMap<String, usize>,
    bad_bodies: usize,
    /// thumbprint → client-request-ids seen.
    request_ids: HashMap<String, BTreeSet<String>>,
}

fn error_body(code: &str) -> Value {
    json!({"error": {"code": code, "message": format!("injected {code}")}})
}

fn handle(store: &Mutex<Store>, req: &runtime_support::Req) -> Reply {
    if req.method != "POST" || req.path() != PATH {
        return Reply::status(404);
    }
    let mut s = store.lock().expect("store");
    let Some(mut body) = req.json() else {
        s.bad_bodies += 1;
        return Reply::json(400, &error_body("BadRequest"));
    };
    let Some(thumb) = body["thumbprint"].as_str().map(str::to_owned) else {
        s.bad_bodies += 1;
        return Reply::json(400, &error_body("BadRequest"));
    };
    if req.header("authorization") != Some("Bearer fault-token") {
        return Reply::json(401, &error_body("Unauthorized"));
    }
    let crid = req.header("client-request-id").unwrap_or("").to_owned();
    s.request_ids.entry(thumb.clone()).or_default().insert(crid);
    let attempt = {
        let a = s.attempts.entry(thumb.clone()).or_default();
        *a += 1;
        *a
    };
    let fault = roll(&thumb, attempt);
    *s.faults.entry(format!("{fault:?}")).or_default() += 1;
    let mut store_it = |s: &mut Store| {
        s.next_id += 1;
        let id = format!("id-{}", s.next_id);
        s.items.entry(thumb.clone()).or_default().push(id.clone());
        body["id"] = json!(id);
        body.clone()
    };
    match fault {
        Fault::None => {
            let stored = store_it(&mut s);
            Reply::json(201, &stored)
        }
        Fault::TooManyRequests0 => {
            Reply::json(429, &error_body("TooManyRequests")).with_header("Retry-After", "0")
        }
        Fault::TooManyRequests1 => {
            Reply::json(429, &error_body("TooManyRequests")).with_header("Retry-After", "1")
        }
        Fault::Unavailable => Reply::json(503, &error_body("ServiceUnavailable")),
        Fault::GatewayTimeoutNotStored => Reply::json(504, &error_body("GatewayTimeout")),
        Fault::GatewayTimeoutStored => {
            store_it(&mut s);
            Reply::json(504, &error_body("GatewayTimeout"))
        }
        Fault::DropBeforeStore => Reply::Drop,
        Fault::DropAfterStore => {
            store_it(&mut s);
            Reply::Drop
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thousand_creates_under_injected_faults_keep_the_store_consistent() {
    let store = Arc::new(Mutex::new(Store::default()));
    let server_store = store.clone();
    let server = Server::start(move |req| handle(&server_store, req)).await;
    let client = Client::builder()
        .base_url(format!("{}/beta", server.url()))
        .bearer_token("fault-token")
        .max_retries(10)
        .retry_base_delay(Duration::from_millis(2))
        .max_total_retry_wait(Duration::from_secs(10))
        .timeout(Duration::from_secs(20))
        .build()
        .expect("client");

    let started = Instant::now();
    let next = Arc::new(AtomicUsize::new(0));
    let mut workers = Vec::new();
    for _ in 0..CONCURRENCY {
        let client = client.clone();
        let next = next.clone();
        workers.push(tokio::spawn(async move {
            let mut done = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= CREATES {
                    return done;
                }
                let thumb = format!("T{i:04}");
                let cert = UserPfxCertificate {
                    thumbprint: Some(thumb.clone()),
                    user_principal_name: Some(format!("user{i}@contoso.com")),
                    encrypted_pfx_password: Some("secret".into()),
                    ..Default::default()
                };
                let result = client.create_user_pfx_certificate(&cert).send().await;
                done.push((thumb, result));
            }
        }));
    }
    let mut results = Vec::new();
    for w in workers {
        results.extend(w.await.expect("worker"));
    }
    let elapsed = started.elapsed();
    assert_eq!(results.len(), CREATES);

    let s = store.lock().expect("store");
    let mut succeeded = 0;
    let mut unknown = (0, 0); // (stored, not stored)
    let mut gateway = (0, 0);
    let mut throttled_out = 0;
    for (thumb, result) in &results {
        let copies = s.items.get(thumb).map_or(&[][..], Vec::as_slice);
        match result {
            Ok(item) => {
                succeeded += 1;
                assert_eq!(item.thumbprint.as_deref(), Some(thumb.as_str()));
                let id = item.id.as_deref().expect("created item has an id");
                assert_eq!(
                    copies,
                    [id.to_owned()],
                    "{thumb}: reported created, store must hold exactly that item"
                );
            }
            Err(e @ Error::OutcomeUnknown { .. }) => {
                assert!(e.may_have_been_applied());
                assert!(copies.len() <= 1, "{thumb}: duplicate {copies:?}");
                if copies.is_empty() {
                    unknown.1 += 1;
                } else {
                    unknown.0 += 1;
                }
            }
            Err(Error::Service(e)) if e.status == 504 => {
                assert!(result.as_ref().unwrap_err().may_have_been_applied());
                assert!(copies.len() <= 1, "{thumb}: duplicate {copies:?}");
                if copies.is_empty() {
                    gateway.1 += 1;
                } else {
                    gateway.0 += 1;
                }
            }
            Err(Error::Service(e)) => {
                // Throttled past the retry budget: the service said it did not act.
                assert!(matches!(e.status, 429 | 503), "{thumb}: {e}");
                assert!(copies.is_empty(), "{thumb}: stored despite {e}");
                throttled_out += 1;
            }
            Err(other) => panic!("{thumb}: unexpected error {other:?}"),
        }
    }
    let stored: usize = s.items.values().map(Vec::len).sum();
    let possible_duplicates = s.items.values().filter(|ids| ids.len() > 1).count();
    assert_eq!(possible_duplicates, 0, "no item is ever stored twice");
    assert_eq!(
        stored,
        succeeded + unknown.0 + gateway.0,
        "every stored item was reported created or may-have-been-applied"
    );
    assert!(s.items.keys().all(|t| results.iter().any(|(r, _)| r == t)));
    assert_eq!(s.bad_bodies, 0, "every attempt carried the full body");
    for (thumb, ids) in &s.request_ids {
        assert_eq!(
            ids.len(),
            1,
            "{thumb}: one client-request-id across retries: {ids:?}"
        );
    }
    let requests = server.count();
    let faults_injected: usize = s
        .faults
        .iter()
        .filter(|(k, _)| k.as_str() != "None")
        .map(|(_, v)| v)
        .sum();
    // The injected faults really were about 30% of the answers.
    let share = faults_injected as f64 / requests as f64;
    assert!((0.25..0.35).contains(&share), "fault share {share}");
    // Every fault kind was exercised.
    assert_eq!(s.faults.len(), 8, "{:?}", s.faults);
    assert!(succeeded > CREATES / 2);

    println!(
        "fault test: {CREATES} creates, {requests} requests in {elapsed:.2?}; injected {faults_injected} faults ({:.1}%): {:?}",
        share * 100.0,
        s.faults
    );
    println!(
        "  succeeded {succeeded}; outcome unknown {} (stored {}, not stored {}); \
         504 service errors {} (stored {}, not stored {}); throttled past retries {throttled_out}; \
         store size {stored}; possible duplicates {possible_duplicates}",
        unknown.0 + unknown.1,
        unknown.0,
        unknown.1,
        gateway.0 + gateway.1,
        gateway.0,
        gateway.1,
    );
}
