//! Every Rust identifier the emitter writes comes from here: wire names in, valid and
//! stable identifiers out. The wire name itself is always kept (serde renames), so these
//! rules only have to be valid, readable and deterministic.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Rust keywords (strict, reserved and weak ones that cannot be field names).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "union",
];

/// Keeps only characters valid in identifiers, turning the rest into word breaks.
fn words(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// `snake_case` for fields, parameters and functions: keywords get a trailing `_`,
/// names that would start with a digit get a leading `n`, empty names become `value`.
pub fn snake(s: &str) -> String {
    let mut out = words(s).to_snake_case();
    if out.is_empty() {
        out = "value".to_owned();
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'n');
    }
    if KEYWORDS.contains(&out.as_str()) {
        out.push('_');
    }
    out
}

/// `UpperCamelCase` for types and enum variants: names that would start with a digit
/// get a leading `V`, `Self` becomes `Self_`, empty names become `Value`.
pub fn camel(s: &str) -> String {
    let mut out = words(s).to_upper_camel_case();
    if out.is_empty() {
        out = "Value".to_owned();
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    if out == "Self" {
        out.push('_');
    }
    out
}

/// The Rust name of a struct field for a wire property name. `@odata.type` → `odata_type`.
pub fn field(wire: &str) -> String {
    snake(wire)
}

/// Whether `wire` is the `lowerCamelCase` of the field named `field`, the rule the
/// generated crate's docs state once (`crate::conventions`): then a field's docs need not
/// name its wire name.
pub fn wire_is_camel(field: &str, wire: &str) -> bool {
    let camel = camel(field.trim_start_matches("r#"));
    let mut chars = camel.chars();
    let lower = match chars.next() {
        Some(c) => c.to_ascii_lowercase().to_string() + chars.as_str(),
        None => String::new(),
    };
    // A keyword's field (`type_`) names its wire name: the `_` is not the wire's.
    lower == wire && !field.ends_with('_')
}

/// The Rust name of a type or enum.
pub fn type_name(odata: &str) -> String {
    camel(odata)
}

/// Names a request function may not take, because `Client` already answers to them: its
/// own methods and those of the traits it implements (a generated `clone` would shadow
/// `Clone::clone`). Such a name gets a trailing `_`.
pub const CLIENT_METHODS: &[&str] = &[
    "attempt",
    "authorization",
    "base_url",
    "batch",
    "borrow",
    "borrow_mut",
    "builder",
    "clone",
    "clone_from",
    "default",
    "eq",
    "execute",
    "fmt",
    "from",
    "hash",
    "http",
    "into",
    "is_same_origin",
    "max_response_bytes",
    "ne",
    "new",
    "retry_policy",
    "timeout",
    "to_owned",
    "to_string",
    "token",
    "token_provider",
    "try_from",
    "try_into",
    "type_id",
    "user_agent",
];

/// The Rust name of a request function, from the page title:
/// "Create userPFXCertificate" → `create_user_pfx_certificate`; the " action" and
/// " function" suffixes of action and function pages are dropped ("feed action" → `feed`).
pub fn function(title: &str) -> String {
    let t = title.trim();
    let lower = t.to_ascii_lowercase();
    let cut = [" action", " function"]
        .iter()
        .find_map(|s| lower.strip_suffix(s).map(str::len))
        .unwrap_or(t.len());
    let mut name = snake(&t[..cut]);
    if CLIENT_METHODS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// The catch-all variant every generated enum has for values the pages do not list.
pub const UNKNOWN_VARIANT: &str = "UnknownValue";

/// Makes `name` unique among `taken` by appending `2`, `3`, ... and records it.
pub fn unique(name: String, taken: &mut BTreeSet<String>) -> String {
    if taken.insert(name.clone()) {
        return name;
    }
    let sep = if name.ends_with(|c: char| c.is_ascii_digit()) {
        "_"
    } else {
        ""
    };
    (2..)
        .map(|i| format!("{name}{sep}{i}"))
        .find(|n| taken.insert(n.clone()))
        .unwrap_or(name)
}

/// [`unique`] for names that repeat many times (an operation id per path line): `next`
/// remembers, per name, the suffix to try first, every lower one being taken already, so
/// that n repeats of a name cost n tries, not n². Gives what [`unique`] gives.
pub fn unique_repeated(
    name: String,
    taken: &mut BTreeSet<String>,
    next: &mut std::collections::HashMap<String, usize>,
) -> String {
    if taken.insert(name.clone()) {
        return name;
    }
    let sep = if name.ends_with(|c: char| c.is_ascii_digit()) {
        "_"
    } else {
        ""
    };
    let start = next.get(&name).copied().unwrap_or(2);
    for i in start.. {
        let candidate = format!("{name}{sep}{i}");
        if taken.insert(candidate.clone()) {
            next.insert(name, i + 1);
            return candidate;
        }
    }
    name
}

/// The singular forms an English plural may have, most likely first (`policies` →
/// `policy`; `statuses` → `status`; `licenses` → `licens`, `license`; `settings` →
/// `setting`); empty for a word that does not end in `s`. Used to read a collection's name
/// (a path segment) as the name of what it holds.
pub fn singulars(word: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(stem) = word.strip_suffix("ies") {
        out.push(format!("{stem}y"));
    }
    let sibilant = ["sses", "uses", "xes", "zes", "ches", "shes"]
        .iter()
        .any(|end| word.ends_with(end));
    let es = word.strip_suffix("es").map(str::to_owned);
    let s = word.strip_suffix('s').map(str::to_owned);
    let (first, second) = if sibilant { (es, s) } else { (s, es) };
    out.extend(first);
    out.extend(second);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wire_name_is_camel_only_when_the_field_gives_it_back() {
        assert!(wire_is_camel("display_name", "displayName"));
        assert!(wire_is_camel("id", "id"));
        assert!(!wire_is_camel("user_pfx_certificate", "userPFXCertificate"));
        assert!(!wire_is_camel("odata_type", "@odata.type"));
        assert!(!wire_is_camel("type_", "type"));
    }

    #[test]
    fn graph_names() {
        assert_eq!(type_name("userPFXCertificate"), "UserPfxCertificate");
        assert_eq!(field("encryptedPfxBlob"), "encrypted_pfx_blob");
        assert_eq!(field("@odata.type"), "odata_type");
        assert_eq!(
            function("Create userPFXCertificate"),
            "create_user_pfx_certificate"
        );
        assert_eq!(
            function("List userPFXCertificates"),
            "list_user_pfx_certificates"
        );
        assert_eq!(field("userPFXCertificateId"), "user_pfx_certificate_id");
        assert_eq!(camel("oaepSha256"), "OaepSha256");
        assert_eq!(
            function("getAuditActivityTypes function"),
            "get_audit_activity_types"
        );
        assert_eq!(function("feed action"), "feed");
        assert_eq!(function("clone action"), "clone_");
    }

    #[test]
    fn awkward_names_become_valid_identifiers() {
        assert_eq!(field("type"), "type_");
        assert_eq!(field("self"), "self_");
        assert_eq!(field("3dTouch"), "n3d_touch");
        assert_eq!(camel("3des"), "V3des");
        assert_eq!(camel("self"), "Self_");
        assert_eq!(field(""), "value");
        for s in ["type", "3dTouch", "a-b c", "über", "Self", ""] {
            assert!(syn::parse_str::<syn::Ident>(&snake(s)).is_ok(), "{s}");
            assert!(syn::parse_str::<syn::Ident>(&camel(s)).is_ok(), "{s}");
        }
    }

    #[test]
    fn names_that_differ_only_in_case_stay_apart() {
        let mut taken = BTreeSet::new();
        let a = unique(type_name("iosVppApp"), &mut taken);
        let b = unique(type_name("IOSVppApp"), &mut taken);
        assert_eq!((a.as_str(), b.as_str()), ("IosVppApp", "IosVppApp2"));
        let mut taken = BTreeSet::from([UNKNOWN_VARIANT.to_owned()]);
        let members: Vec<String> = ["none", "None", "unknownValue", "self"]
            .iter()
            .map(|m| unique(camel(m), &mut taken))
            .collect();
        assert_eq!(members, ["None", "None2", "UnknownValue2", "Self_"]);
    }

    #[test]
    fn unique_suffixes() {
        let mut taken = BTreeSet::new();
        assert_eq!(unique("a".into(), &mut taken), "a");
        assert_eq!(unique("a".into(), &mut taken), "a2");
        assert_eq!(unique("v1".into(), &mut taken), "v1");
        assert_eq!(unique("v1".into(), &mut taken), "v1_2");
    }

    #[test]
    fn plurals_read_back_to_singulars_most_likely_first() {
        for (plural, one) in [
            ("networkAccessConfigurations", "networkAccessConfiguration"),
            ("policies", "policy"),
            ("deviceStatuses", "deviceStatus"),
            ("addresses", "address"),
            ("settings", "setting"),
            ("licenses", "license"),
        ] {
            let all = singulars(plural);
            assert!(all.contains(&one.to_owned()), "{plural}: {all:?}");
        }
        assert_eq!(singulars("policies")[0], "policy");
        assert_eq!(singulars("deviceStatuses")[0], "deviceStatus");
        assert_eq!(singulars("settings")[0], "setting");
        assert!(singulars("deviceManagement").is_empty());
    }

    #[test]
    fn unique_repeated_gives_what_unique_gives() {
        let names = ["a", "a", "a2", "a", "b1", "b1", "a", "b1", "a3", "a"];
        let (mut t1, mut t2, mut next) = (BTreeSet::new(), BTreeSet::new(), Default::default());
        for n in names {
            assert_eq!(
                unique_repeated(n.to_owned(), &mut t2, &mut next),
                unique(n.to_owned(), &mut t1)
            );
        }
        assert_eq!(t1, t2);
    }
}
