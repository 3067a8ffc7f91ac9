//! What the navigation builders share: each holds a client and a path, and is made from
//! the one before it (or from `Client`, at the root) by appending a segment. Generated
//! navigation methods are one call of [`step`] or [`key`].

// A build with no workload enabled has no builders.
#![allow(dead_code)]

use super::client::Client;

/// Where a navigation goes on from: a builder, or `Client` at the root.
pub(crate) trait Navigate {
    /// The client and the path so far (empty at the root).
    fn at(&self) -> (&Client, &str);
}

/// A navigation builder, made from a client and a path.
pub(crate) trait Builder {
    /// The builder at `path` (percent-encoded, relative to the client's base URL).
    fn at_path(client: Client, path: String) -> Self;
}

impl Navigate for Client {
    fn at(&self) -> (&Client, &str) {
        (self, "")
    }
}

/// The builder one segment further: `segment` (with its leading `/`, already a valid
/// path) is appended as it is.
pub(crate) fn step<B: Builder>(from: &impl Navigate, segment: &str) -> B {
    let (client, path) = from.at();
    B::at_path(client.clone(), [path, segment].concat())
}

/// The builder of one item of a collection: `/` and the key, percent-encoded, are
/// appended.
pub(crate) fn key<B: Builder>(from: &impl Navigate, id: &str) -> B {
    let (client, path) = from.at();
    B::at_path(
        client.clone(),
        [path, "/", super::encode_path_segment(id).as_str()].concat(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Probe(Client, String);

    impl Builder for Probe {
        fn at_path(client: Client, path: String) -> Self {
            Probe(client, path)
        }
    }

    impl Navigate for Probe {
        fn at(&self) -> (&Client, &str) {
            (&self.0, &self.1)
        }
    }

    #[test]
    fn segments_are_appended_and_keys_encoded() {
        let client = Client::builder()
            .base_url("http://127.0.0.1:9/beta")
            .build()
            .expect("client");
        let root: Probe = step(&client, "/things");
        assert_eq!(root.1, "/things");
        let item: Probe = key(&root, "a/b c");
        assert_eq!(item.1, "/things/a%2Fb%20c");
        let cast: Probe = step(&item, "/microsoft.graph.special");
        assert_eq!(cast.1, "/things/a%2Fb%20c/microsoft.graph.special");
    }
}
