//! Three-state updates through the generated `update_user_pfx_certificate` and its
//! `UserPfxCertificatePatch` body: a property set to null is sent as `null`, a set one with
//! its value, an untouched one not at all.

mod runtime_support;

use graph_api::models::{UserPfxCertificate, UserPfxCertificatePatch, UserPfxPaddingScheme};
use graph_api::{Client, Patch};
use runtime_support::{cert_json, Reply, Server};
use serde_json::json;

#[tokio::test]
async fn a_patch_sends_exactly_what_was_set() {
    let server = Server::start(|_| Reply::json(200, &cert_json("x"))).await;
    let client = Client::builder()
        .base_url(format!("{}/beta", server.url()))
        .bearer_token("t")
        .build()
        .unwrap();

    let patch = UserPfxCertificatePatch {
        key_name: Patch::Null,
        provider_name: Patch::set("Provider".to_string()),
        padding_scheme: UserPfxPaddingScheme::OaepSha512.into(),
        ..Default::default()
    };
    client
        .update_user_pfx_certificate("x", &patch)
        .send()
        .await
        .expect("patched");
    // Nothing set: an empty object.
    client
        .update_user_pfx_certificate("x", &UserPfxCertificatePatch::default())
        .send()
        .await
        .expect("patched");
    // From a model: what is set on it is set, the rest stays out (nothing becomes null).
    let from_model = UserPfxCertificatePatch::from(UserPfxCertificate {
        thumbprint: Some("T".into()),
        ..Default::default()
    });
    client
        .update_user_pfx_certificate("x", &from_model)
        .send()
        .await
        .expect("patched");

    let reqs = server.requests();
    assert_eq!(reqs.len(), 3);
    assert!(
        reqs.iter()
            .all(|r| r.method == "PATCH"
                && r.path() == "/beta/deviceManagement/userPfxCertificates/x")
    );
    assert_eq!(
        reqs[0].json().unwrap(),
        json!({"keyName": null, "providerName": "Provider", "paddingScheme": "oaepSha512"})
    );
    assert_eq!(reqs[1].json().unwrap(), json!({}));
    assert_eq!(reqs[2].json().unwrap(), json!({"thumbprint": "T"}));
}

#[test]
fn a_patch_reads_back_the_three_states() {
    let patch: UserPfxCertificatePatch =
        serde_json::from_value(json!({"keyName": null, "thumbprint": "T"})).unwrap();
    assert_eq!(patch.key_name, Patch::Null);
    assert_eq!(patch.thumbprint, Patch::Set("T".to_string()));
    assert_eq!(patch.provider_name, Patch::Absent);
}
