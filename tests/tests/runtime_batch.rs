//! JSON batching of generated requests against a local `$batch` endpoint that answers the
//! steps out of order, honours `dependsOn` (424 when a dependency failed) and rejects
//! batches of more than 20 steps or with dependencies outside the batch, as Graph does.

mod runtime_support;

use std::collections::HashMap;

use graph_api::models::UserPfxCertificate;
use graph_api::{Client, Error};
use runtime_support::{cert_json, Reply, Req, Server};
use serde_json::{json, Value};

const ITEMS: &str = "/deviceManagement/userPfxCertificates";

/// Answers one step as the service would.
fn answer_step(step: &Value, failed: &HashMap<String, bool>) -> Value {
    let id = step["id"].as_str().unwrap_or_default().to_owned();
    if let Some(deps) = step["dependsOn"].as_array() {
        if deps
            .iter()
            .any(|d| failed.get(d.as_str().unwrap_or("")) != Some(&false))
        {
            return json!({"id": id, "status": 424, "body": {"error": {"code": "FailedDependency", "message": "a dependency failed"}}});
        }
    }
    let url = step["url"].as_str().unwrap_or_default();
    let key = url.rsplit('/').next().unwrap_or_default();
    match (step["method"].as_str(), url) {
        (Some("GET"), _) if key == "missing" => json!({
            "id": id, "status": 404,
            "headers": {"Content-Type": "application/json"},
            "body": {"error": {"code": "ResourceNotFound", "message": "not found"}}
        }),
        (Some("GET"), _) => json!({"id": id, "status": 200, "body": cert_json(key)}),
        (Some("DELETE"), _) => json!({"id": id, "status": 204}),
        (Some("POST"), u) if u == ITEMS => {
            let mut created = step["body"].clone();
            created["id"] = json!("created");
            json!({"id": id, "status": 201, "headers": {"Content-Type": "application/json"}, "body": created})
        }
        _ => {
            json!({"id": id, "status": 400, "body": {"error": {"code": "BadRequest", "message": "?"}}})
        }
    }
}

fn batch_endpoint(req: &Req) -> Reply {
    if req.method != "POST" || req.path() != "/beta/$batch" {
        return Reply::status(404);
    }
    let Some(body) = req.json() else {
        return Reply::status(400);
    };
    let steps = body["requests"].as_array().cloned().unwrap_or_default();
    let ids: Vec<&str> = steps.iter().filter_map(|s| s["id"].as_str()).collect();
    let deps_inside = steps.iter().all(|s| {
        s["dependsOn"]
            .as_array()
            .is_none_or(|d| d.iter().all(|d| ids.contains(&d.as_str().unwrap_or(""))))
    });
    if steps.is_empty() || steps.len() > 20 || !deps_inside {
        return Reply::json(
            400,
            &json!({"error": {"code": "BadRequest", "message": "invalid batch"}}),
        );
    }
    let mut failed = HashMap::new();
    let mut responses = Vec::new();
    for step in &steps {
        let r = answer_step(step, &failed);
        let ok = r["status"]
            .as_u64()
            .is_some_and(|s| (200..300).contains(&s));
        failed.insert(step["id"].as_str().unwrap_or("").to_owned(), !ok);
        responses.push(r);
    }
    // Graph does not promise any order.
    responses.reverse();
    Reply::json(200, &json!({ "responses": responses }))
}

fn client(server: &Server) -> Client {
    Client::builder()
        .base_url(format!("{}/beta", server.url()))
        .bearer_token("batch-token")
        .build()
        .unwrap()
}

#[tokio::test]
async fn forty_five_requests_go_in_three_batches_with_typed_results() {
    let server = Server::start(batch_endpoint).await;
    let client = client(&server);
    let mut batch = client.batch();
    let steps: Vec<_> = (0..45)
        .map(|i| batch.add(client.get_user_pfx_certificate(&format!("c{i}"))))
        .collect();
    assert_eq!(batch.len(), 45);
    let results = batch.send().await.expect("sent");
    assert_eq!(results.len(), 45);
    for (i, step) in steps.iter().enumerate() {
        let cert = results.get(step).expect("step result");
        assert_eq!(cert.id, Some(format!("c{i}")));
    }
    let reqs = server.requests();
    let sizes: Vec<usize> = reqs
        .iter()
        .map(|r| r.json().unwrap()["requests"].as_array().unwrap().len())
        .collect();
    assert_eq!(sizes, [20, 20, 5]);
    for r in &reqs {
        assert_eq!(r.header("authorization"), Some("Bearer batch-token"));
        assert_eq!(r.header("content-type"), Some("application/json"));
    }
    let first = &reqs[0].json().unwrap()["requests"][0];
    assert_eq!(
        first,
        &json!({"id": "1", "method": "GET", "url": format!("{ITEMS}/c0")})
    );
}

#[tokio::test]
async fn depends_on_and_per_step_errors() {
    let server = Server::start(batch_endpoint).await;
    let client = client(&server);
    let mut batch = client.batch();
    let create = batch.add(client.create_user_pfx_certificate(&UserPfxCertificate {
        thumbprint: Some("T".into()),
        ..Default::default()
    }));
    let read = batch.add_after(client.get_user_pfx_certificate("after"), &[create.id()]);
    let missing = batch.add(client.get_user_pfx_certificate("missing"));
    let delete = batch.add_after(client.delete_user_pfx_certificate("m"), &[missing.id()]);
    let results = batch.send().await.expect("sent");

    let created = results.get(&create).expect("created");
    assert_eq!(created.id.as_deref(), Some("created"));
    assert_eq!(created.thumbprint.as_deref(), Some("T"));
    assert_eq!(results.get(&read).unwrap().id.as_deref(), Some("after"));
    match results.get(&missing).unwrap_err() {
        Error::Service(e) => {
            assert_eq!(e.status, 404);
            assert_eq!(e.code.as_deref(), Some("ResourceNotFound"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(results.get(&delete).unwrap_err().status(), Some(424));
    assert_eq!(results.status(delete.id()), Some(424));

    let sent = server.requests()[0].json().unwrap();
    assert_eq!(sent["requests"][0]["body"], json!({"thumbprint": "T"}));
    assert_eq!(
        sent["requests"][0]["headers"],
        json!({"Content-Type": "application/json"})
    );
    assert_eq!(sent["requests"][1]["dependsOn"], json!(["1"]));
}

#[tokio::test]
async fn dependency_chains_stay_in_one_batch_and_long_chains_are_refused() {
    let server = Server::start(batch_endpoint).await;
    let client = client(&server);
    // 15 independent steps, then a chain of 10: the chain may not be split over batches.
    let mut batch = client.batch();
    for i in 0..15 {
        batch.add(client.get_user_pfx_certificate(&format!("i{i}")));
    }
    let mut chain = vec![batch.add(client.get_user_pfx_certificate("k0"))];
    for i in 1..10 {
        let prev = chain[i - 1].id().to_owned();
        chain.push(batch.add_after(client.get_user_pfx_certificate(&format!("k{i}")), &[&prev]));
    }
    let results = batch.send().await.expect("sent");
    for (i, step) in chain.iter().enumerate() {
        assert_eq!(results.get(step).unwrap().id, Some(format!("k{i}")));
    }
    assert_eq!(server.count(), 2);

    let mut batch = client.batch();
    let mut prev = batch.add(client.get_user_pfx_certificate("c0"));
    for i in 1..21 {
        prev = batch.add_after(
            client.get_user_pfx_certificate(&format!("c{i}")),
            &[prev.id()],
        );
    }
    assert!(matches!(batch.send().await, Err(Error::Config(_))));
    assert_eq!(server.count(), 2, "nothing sent");
}

#[tokio::test]
async fn a_failed_batch_request_fails_each_of_its_steps() {
    let server = Server::start(|_| {
        Reply::json(
            500,
            &json!({"error": {"code": "InternalServerError", "message": "boom"}}),
        )
    })
    .await;
    let client = client(&server);
    let mut batch = client.batch();
    let a = batch.add(client.get_user_pfx_certificate("a"));
    let b = batch.add(client.delete_user_pfx_certificate("b"));
    let results = batch.send().await.expect("the batch was sent");
    for err in [results.get(&a).unwrap_err(), results.get(&b).unwrap_err()] {
        match &err {
            Error::BatchRequestFailed { source, .. } => {
                assert_eq!(source.status(), Some(500));
            }
            other => panic!("{other:?}"),
        }
        assert!(err.to_string().contains("InternalServerError"), "{err}");
    }
}

#[tokio::test]
async fn throttled_steps_and_their_dependants_are_sent_again_alone() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    // The first $batch throttles step "2" (so "3", which depends on it, fails with 424);
    // later ones answer everything.
    let calls = std::sync::Arc::new(AtomicUsize::new(0));
    let seen = calls.clone();
    let server = Server::start(move |req| {
        if seen.fetch_add(1, Ordering::SeqCst) > 0 {
            return batch_endpoint(req);
        }
        let body = req.json().unwrap_or_default();
        let steps = body["requests"].as_array().cloned().unwrap_or_default();
        let responses: Vec<Value> = steps
            .iter()
            .map(|s| match s["id"].as_str() {
                Some("2") => json!({"id": "2", "status": 429, "headers": {"Retry-After": "0"},
                    "body": {"error": {"code": "TooManyRequests", "message": "slow down"}}}),
                Some("3") => json!({"id": "3", "status": 424,
                    "body": {"error": {"code": "FailedDependency", "message": "2 failed"}}}),
                _ => answer_step(s, &HashMap::new()),
            })
            .collect();
        Reply::json(200, &json!({ "responses": responses }))
    })
    .await;
    let client = client(&server);
    let mut batch = client.batch();
    let a = batch.add(client.get_user_pfx_certificate("a"));
    let b = batch.add_after(client.get_user_pfx_certificate("b"), &[a.id()]);
    let c = batch.add_after(client.delete_user_pfx_certificate("c"), &[b.id()]);
    let d = batch.add(client.get_user_pfx_certificate("d"));
    let results = batch.send().await.expect("sent");
    assert_eq!(results.get(&a).unwrap().id.as_deref(), Some("a"));
    assert_eq!(results.get(&b).unwrap().id.as_deref(), Some("b"));
    results.get(&c).expect("the dependant ran on the retry");
    assert_eq!(results.get(&d).unwrap().id.as_deref(), Some("d"));
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    // The retry carries only the throttled step and its dependant; the dependency on the
    // step that already succeeded is dropped, the one inside the retry kept.
    let retry = reqs[1].json().unwrap();
    let ids: Vec<&str> = retry["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["2", "3"]);
    assert_eq!(retry["requests"][0].get("dependsOn"), None);
    assert_eq!(retry["requests"][1]["dependsOn"], json!(["2"]));
}

#[tokio::test]
async fn a_step_throttled_past_the_retry_limit_keeps_its_error() {
    let server = Server::start(|req| {
        let body = req.json().unwrap_or_default();
        let steps = body["requests"].as_array().cloned().unwrap_or_default();
        let responses: Vec<Value> = steps
            .iter()
            .map(|s| {
                json!({"id": s["id"], "status": 429, "headers": {"Retry-After": "0"},
                "body": {"error": {"code": "TooManyRequests", "message": "slow down"}}})
            })
            .collect();
        Reply::json(200, &json!({ "responses": responses }))
    })
    .await;
    let client = Client::builder()
        .base_url(format!("{}/beta", server.url()))
        .bearer_token("batch-token")
        .max_retries(2)
        .build()
        .unwrap();
    let mut batch = client.batch();
    let a = batch.add(client.get_user_pfx_certificate("a"));
    let results = batch.send().await.expect("sent");
    match results.get(&a).unwrap_err() {
        Error::Service(e) => {
            assert_eq!(e.status, 429);
            assert_eq!(e.retry_after, Some(std::time::Duration::ZERO));
        }
        other => panic!("{other:?}"),
    }
    // The first try and 2 retries.
    assert_eq!(server.count(), 3);
}
