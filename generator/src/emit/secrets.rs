//! The one rule that decides which properties are secrets.
//!
//! A property is secret when its wire name, lower-cased, contains `password`, `secret`,
//! `privatekey`, `pfxblob`, `presharedkey` or `sharedkey`, or ends in `token` (but
//! not `tokens`, which names a collection of token descriptions). Secret properties are
//! shown as `<redacted>` by the generated `Debug` implementations; their values are
//! still sent and received normally.

const CONTAINS: &[&str] = &[
    "password",
    "secret",
    "privatekey",
    "pfxblob",
    "presharedkey",
    "sharedkey",
];

/// Whether the property with this wire name holds a secret.
pub fn is_secret(wire_name: &str) -> bool {
    let n = wire_name.to_ascii_lowercase();
    CONTAINS.iter().any(|c| n.contains(c)) || n.ends_with("token")
}

#[cfg(test)]
mod tests {
    use super::is_secret;

    #[test]
    fn the_rule() {
        for s in [
            "encryptedPfxPassword",
            "encryptedPfxBlob",
            "clientSecret",
            "accessToken",
            "preSharedKey",
            "privateKey",
        ] {
            assert!(is_secret(s), "{s}");
        }
        for s in [
            "thumbprint",
            "keyName",
            "providerName",
            "tokens",
            "tokenExpirationDateTime",
        ] {
            assert!(!is_secret(s), "{s}");
        }
    }
}
