//! Runtime benchmarks (`cargo bench -p graphgen-e2e --bench runtime`), printing medians and
//! ratios:
//!
//! 1. decoding a 1,000-item list response into `Page<UserPfxCertificate>` against decoding
//!    it into `serde_json::Value`;
//! 2. a `GET` through the generated client against the same `GET` written by hand with
//!    reqwest, both to the same local server (127.0.0.1, kept-alive connections).
//!
//! Each figure is the median of several runs; each run times many iterations.

#[path = "../tests/runtime_support/mod.rs"]
mod runtime_support;

use std::hint::black_box;
use std::time::{Duration, Instant};

use graph_api::models::UserPfxCertificate;
use graph_api::{Client, Page};
use runtime_support::{cert_json, Reply, Server};
use serde_json::{json, Value};

const RUNS: usize = 11;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// The median over `RUNS` runs of the time per iteration of `f`, run `iters` times a run.
fn time_per_iter(iters: u32, mut f: impl FnMut()) -> Duration {
    f(); // warm up
    median(
        (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                for _ in 0..iters {
                    f();
                }
                start.elapsed() / iters
            })
            .collect(),
    )
}

fn list_body(items: usize) -> Vec<u8> {
    let value: Vec<Value> = (0..items).map(|i| cert_json(&format!("c{i}"))).collect();
    serde_json::to_vec(&json!({
        "@odata.context": "https://graph.microsoft.com/beta/$metadata#deviceManagement/userPfxCertificates",
        "@odata.nextLink": "https://graph.microsoft.com/beta/deviceManagement/userPfxCertificates?$skiptoken=2",
        "value": value,
    }))
    .expect("json")
}

fn bench_decode() {
    let body = list_body(1000);
    let typed = time_per_iter(20, || {
        let page: Page<UserPfxCertificate> =
            serde_json::from_slice(black_box(&body)).expect("typed");
        assert_eq!(page.value.len(), 1000);
        black_box(page);
    });
    let untyped = time_per_iter(20, || {
        let value: Value = serde_json::from_slice(black_box(&body)).expect("value");
        black_box(value);
    });
    println!(
        "decode 1,000-item list ({} KiB): generated types {typed:.2?}, serde_json::Value {untyped:.2?}, ratio typed/Value {:.2}",
        body.len() / 1024,
        typed.as_secs_f64() / untyped.as_secs_f64()
    );
}

async fn bench_requests() {
    let body = serde_json::to_vec(&cert_json("bench")).expect("json");
    let server = Server::start(move |_| Reply::Respond {
        status: 200,
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: body.clone(),
    })
    .await;
    let base = format!("{}/beta", server.url());
    let client = Client::builder()
        .base_url(&base)
        .bearer_token("bench-token")
        .build()
        .expect("client");
    let http = reqwest::Client::new();
    let url = format!("{base}/deviceManagement/userPfxCertificates/bench");
    const ITERS: u32 = 200;

    let mut generated = Vec::new();
    let mut by_hand = Vec::new();
    for run in 0..=RUNS {
        let start = Instant::now();
        for _ in 0..ITERS {
            let cert = client
                .get_user_pfx_certificate("bench")
                .send()
                .await
                .expect("generated");
            black_box(cert);
        }
        let g = start.elapsed() / ITERS;
        let start = Instant::now();
        for _ in 0..ITERS {
            let bytes = http
                .get(&url)
                .bearer_auth("bench-token")
                .header("Accept", "application/json")
                .send()
                .await
                .expect("send")
                .error_for_status()
                .expect("status")
                .bytes()
                .await
                .expect("body");
            let cert: UserPfxCertificate = serde_json::from_slice(&bytes).expect("json");
            black_box(cert);
        }
        let h = start.elapsed() / ITERS;
        if run > 0 {
            // Run 0 warms up both connection pools.
            generated.push(g);
            by_hand.push(h);
        }
    }
    let (g, h) = (median(generated), median(by_hand));
    println!(
        "GET one certificate from 127.0.0.1: generated client {g:.2?}, hand-written reqwest {h:.2?}, ratio generated/hand-written {:.2}",
        g.as_secs_f64() / h.as_secs_f64()
    );
}

fn main() {
    // `cargo test --benches` runs bench targets with `--bench`-less arguments; only measure
    // under `cargo bench`.
    if !std::env::args().any(|a| a == "--bench") {
        println!("runtime bench: run with `cargo bench` to measure");
        return;
    }
    println!("runtime bench: median of {RUNS} runs");
    bench_decode();
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(bench_requests());
}
