//! [`Page`]: one page of a Graph collection response.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::{Client, Error, Request};

/// One page of a collection response: `{"value": [...], "@odata.nextLink": "..."}`, with
/// `@odata.count` (when `$count=true` was asked) and `@odata.deltaLink` (on the last page
/// of a delta query).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(serialize = "T: Serialize", deserialize = "T: Deserialize<'de>"))]
pub struct Page<T> {
    /// The items on this page.
    #[serde(default)]
    pub value: Vec<T>,
    /// The URL of the next page (`@odata.nextLink`); `None` on the last page.
    #[serde(
        rename = "@odata.nextLink",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub next_link: Option<String>,
    /// The total number of items (`@odata.count`), when `$count=true` was requested.
    #[serde(
        rename = "@odata.count",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub count: Option<i64>,
    /// The delta link (`@odata.deltaLink`) returned on the last page of a delta query.
    #[serde(
        rename = "@odata.deltaLink",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub delta_link: Option<String>,
    /// The OData context URL (`@odata.context`).
    #[serde(
        rename = "@odata.context",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub context: Option<String>,
    /// Any other properties of the response object.
    #[serde(flatten)]
    pub additional_properties: BTreeMap<String, serde_json::Value>,
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Page {
            value: Vec::new(),
            next_link: None,
            count: None,
            delta_link: None,
            context: None,
            additional_properties: BTreeMap::new(),
        }
    }
}

impl<T: DeserializeOwned> Page<T> {
    /// A request for the next page (a `GET` of [`Page::next_link`]), or `None` on the last
    /// page. It carries no headers: [`Request::pages`] and [`Request::stream`] follow the
    /// links with the first request's headers.
    ///
    /// The client's bearer token is only sent to links with the origin (scheme, host and
    /// port) of the client's base URL; for any other link the returned request fails with
    /// [`Error::Config`] when sent.
    pub fn next_request(&self, client: &Client) -> Option<Request<Page<T>>> {
        let link = self.next_link.as_deref()?;
        let same_origin = client.is_same_origin(link);
        let request = Request::with_url(
            client,
            reqwest::Method::GET,
            link.to_string(),
            same_origin,
            crate::runtime::decode_json::<Page<T>>,
        );
        Some(if same_origin {
            request
        } else {
            request.fail_with(Error::Config(format!(
                "next link {link:?} is not on the host of the base URL {:?}",
                client.base_url()
            )))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn round_trip() {
        let text = json!({
            "@odata.context": "https://graph.microsoft.com/beta/$metadata#users",
            "@odata.count": 3,
            "@odata.nextLink": "https://graph.microsoft.com/beta/users?$skiptoken=x",
            "value": [{"id": "1"}, {"id": "2"}],
            "extra": true
        });
        let page: Page<serde_json::Value> = serde_json::from_value(text.clone()).unwrap();
        assert_eq!(page.value.len(), 2);
        assert_eq!(page.count, Some(3));
        assert_eq!(
            page.next_link.as_deref(),
            Some("https://graph.microsoft.com/beta/users?$skiptoken=x")
        );
        assert_eq!(page.delta_link, None);
        assert_eq!(page.additional_properties.get("extra"), Some(&json!(true)));
        assert_eq!(serde_json::to_value(&page).unwrap(), text);
    }

    #[test]
    fn missing_value_defaults_to_empty() {
        #[derive(Debug, PartialEq, Deserialize)]
        struct NotDefault {
            #[allow(dead_code)]
            id: String,
        }
        let page: Page<NotDefault> = serde_json::from_str(r#"{"@odata.deltaLink":"d"}"#).unwrap();
        assert!(page.value.is_empty());
        assert_eq!(page.delta_link.as_deref(), Some("d"));
        assert_eq!(
            serde_json::to_string(&Page::<i32>::default()).unwrap(),
            r#"{"value":[]}"#
        );
    }

    #[test]
    fn next_request() {
        let client = Client::builder().bearer_token("t").build().unwrap();
        let mut page = Page::<i32>::default();
        assert!(page.next_request(&client).is_none());
        page.next_link = Some("https://graph.microsoft.com/beta/users?$skiptoken=x".into());
        let request = page.next_request(&client).unwrap();
        assert_eq!(request.url(), page.next_link.clone().unwrap());
        assert_eq!(request.method(), reqwest::Method::GET);
    }

    #[tokio::test]
    async fn next_request_refuses_foreign_hosts() {
        let client = Client::builder().bearer_token("t").build().unwrap();
        let page = Page::<i32> {
            next_link: Some("https://graph.microsoft.com.evil.test/beta/users".into()),
            ..Page::default()
        };
        let err = page
            .next_request(&client)
            .unwrap()
            .send()
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
    }
}
