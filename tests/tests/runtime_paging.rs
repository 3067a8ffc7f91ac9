//! Paging and query options through the generated client against a local server: the
//! stream follows `@odata.nextLink` verbatim, re-sends the caller's headers on every page,
//! exposes `@odata.count` / `@odata.deltaLink`, never sends the token to another origin,
//! and OData query options arrive encoded as written.

mod runtime_support;

use futures_util::StreamExt as _;
use graph_api::{Client, Error};
use runtime_support::{cert_json, Reply, Req, Server};
use serde_json::{json, Value};

const PATH: &str = "/beta/deviceManagement/userPfxCertificates";
const PAGES: usize = 5;
const PER_PAGE: usize = 100;

fn client(server: &Server) -> Client {
    Client::builder()
        .base_url(format!("{}/beta", server.url()))
        .bearer_token("page-token")
        .build()
        .expect("client")
}

/// Serves `PAGES` pages of `PER_PAGE` items; page `n` is `?$skiptoken=n`.
async fn paging_server() -> Server {
    Server::start(move |req: &Req| {
        if req.path() != PATH {
            return Reply::status(404);
        }
        let page: usize = req
            .query("$skiptoken")
            .and_then(|t| t.strip_prefix("p"))
            .and_then(|t| t.parse().ok())
            .unwrap_or(0);
        let host = req.header("host").unwrap_or("");
        let items: Vec<Value> = (page * PER_PAGE..(page + 1) * PER_PAGE)
            .map(|i| cert_json(&format!("c{i:03}")))
            .collect();
        let mut body = json!({ "value": items });
        if page == 0 {
            body["@odata.count"] = json!(PAGES * PER_PAGE);
        }
        if page + 1 < PAGES {
            // Written the way Graph writes them: absolute, on the host the client called.
            body["@odata.nextLink"] = json!(format!(
                "http://{host}{PATH}?$top=100&$skiptoken=p{}",
                page + 1
            ));
        } else {
            body["@odata.deltaLink"] = json!(format!("http://{host}{PATH}/delta?$deltatoken=d1"));
        }
        Reply::json(200, &body)
    })
    .await
}

#[tokio::test]
async fn stream_follows_five_pages_with_the_callers_headers_on_every_page() {
    let server = paging_server().await;
    let client = client(&server);
    let items: Vec<_> = client
        .list_user_pfx_certificates()
        .top(100)
        .count(true)
        .header("ConsistencyLevel", "eventual")
        .header("Prefer", "odata.maxpagesize=100")
        .stream()
        .collect()
        .await;
    assert_eq!(items.len(), PAGES * PER_PAGE);
    for (i, item) in items.iter().enumerate() {
        let cert = item.as_ref().expect("item");
        assert_eq!(cert.id.as_deref(), Some(format!("c{i:03}").as_str()));
    }

    let requests = server.requests();
    assert_eq!(requests.len(), PAGES, "one request per page");
    assert_eq!(requests[0].target, format!("{PATH}?$top=100&$count=true"));
    for (n, req) in requests.iter().enumerate() {
        assert_eq!(req.method, "GET");
        if n > 0 {
            // The next link, exactly as the server wrote it.
            assert_eq!(req.target, format!("{PATH}?$top=100&$skiptoken=p{n}"));
        }
        assert_eq!(req.header("consistencylevel"), Some("eventual"), "page {n}");
        assert_eq!(
            req.header("prefer"),
            Some("odata.maxpagesize=100"),
            "page {n}"
        );
        assert_eq!(
            req.header("authorization"),
            Some("Bearer page-token"),
            "page {n}"
        );
    }
}

#[tokio::test]
async fn pages_expose_count_next_and_delta_links() {
    let server = paging_server().await;
    let client = client(&server);
    let pages: Vec<_> = client
        .list_user_pfx_certificates()
        .pages()
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .map(|p| p.expect("page"))
        .collect();
    assert_eq!(pages.len(), PAGES);
    assert_eq!(pages[0].count, Some(500));
    assert!(pages[0]
        .next_link
        .as_deref()
        .unwrap()
        .ends_with("$skiptoken=p1"));
    assert!(pages[1].count.is_none());
    let last = &pages[PAGES - 1];
    assert!(last.next_link.is_none());
    assert!(last
        .delta_link
        .as_deref()
        .unwrap()
        .ends_with("/delta?$deltatoken=d1"));
    // collect_all reads the same items.
    let all = client
        .list_user_pfx_certificates()
        .collect_all()
        .await
        .expect("all");
    assert_eq!(all.len(), PAGES * PER_PAGE);
}

#[tokio::test]
async fn a_next_link_to_another_origin_is_refused_and_gets_no_request() {
    let elsewhere = Server::start(|_| Reply::json(200, &json!({"value": []}))).await;
    let next = format!("{}{PATH}?$skiptoken=p1", elsewhere.url());
    let server = Server::start(move |_| {
        Reply::json(
            200,
            &json!({"value": [cert_json("a")], "@odata.nextLink": next}),
        )
    })
    .await;
    let results: Vec<_> = client(&server)
        .list_user_pfx_certificates()
        .header("ConsistencyLevel", "eventual")
        .stream()
        .collect()
        .await;
    assert_eq!(results.len(), 2, "the first page's item, then the error");
    assert!(results[0].is_ok());
    match &results[1] {
        Err(Error::Config(msg)) => assert!(msg.contains("not on the host"), "{msg}"),
        other => panic!("expected a configuration error, got {other:?}"),
    }
    assert_eq!(
        elsewhere.count(),
        0,
        "nothing, let alone the token, went elsewhere"
    );
}

#[tokio::test]
async fn a_next_link_that_repeats_ends_the_stream_with_an_error() {
    let server = Server::start(|req: &Req| {
        let host = req.header("host").unwrap_or("").to_owned();
        Reply::json(
            200,
            &json!({"value": [cert_json("a")], "@odata.nextLink": format!("http://{host}{PATH}?$skiptoken=same")}),
        )
    })
    .await;
    let results: Vec<_> = client(&server)
        .list_user_pfx_certificates()
        .query("$skiptoken", "same")
        .stream()
        .collect()
        .await;
    assert_eq!(results.len(), 2);
    assert!(
        matches!(results[1], Err(Error::Protocol(_))),
        "{:?}",
        results[1]
    );
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn query_options_arrive_encoded_as_written() {
    let server = Server::start(|_| Reply::json(200, &json!({"value": []}))).await;
    client(&server)
        .list_user_pfx_certificates()
        .select(&["id", "thumbprint"])
        .filter("startswith(keyName,'a b&c') and providerName eq 'O''Brien'")
        .orderby(&["createdDateTime desc", "id"])
        .top(7)
        .skip(3)
        .expand(&["assignments($select=id)"])
        .count(true)
        .search("\"keyName:new key\"")
        .query("$format", "json")
        .send()
        .await
        .expect("list");
    let req = &server.requests()[0];
    assert_eq!(
        req.target,
        format!(
            "{PATH}?$select=id,thumbprint\
             &$filter=startswith(keyName,%27a%20b%26c%27)%20and%20providerName%20eq%20%27O%27%27Brien%27\
             &$orderby=createdDateTime%20desc,id&$top=7&$skip=3&$expand=assignments($select%3Did)\
             &$count=true&$search=%22keyName:new%20key%22&$format=json"
        )
    );
}
