//! How the generated structs (models, `*Patch` twins and action parameters) are read and
//! written: as a JSON object whose known properties are the struct's fields and whose
//! other properties are kept in `additional_properties`.
//!
//! Each struct gets its impls from one `model!` call (see `macros.rs`) that lists its
//! fields with their wire names; the work is done here, once, by [`serialize`] and
//! [`deserialize`]. This is what `#[derive(Serialize, Deserialize)]` with
//! `#[serde(flatten)] additional_properties` and `skip_serializing_if` on every field did,
//! for a fraction of the code the compiler has to check.

// A build with no workload enabled has no struct that uses these.
#![allow(dead_code)]

use super::patch::Patch;
use serde::de::DeserializeOwned;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

/// The properties the pages do not name, kept as sent.
pub(crate) type Additional = BTreeMap<String, serde_json::Value>;

/// A field of a generated struct: an `Option` (left out when `None`) or a [`Patch`] (left
/// out when absent).
pub(crate) trait Field: Serialize {
    /// Whether the field is left out of the JSON object.
    fn is_unset(&self) -> bool;
}

impl<T: Serialize> Field for Option<T> {
    fn is_unset(&self) -> bool {
        self.is_none()
    }
}

impl<T: Serialize> Field for Patch<T> {
    fn is_unset(&self) -> bool {
        self.is_absent()
    }
}

/// A generated struct, as `model!` implements it.
pub(crate) trait Model: Default {
    /// The Rust name, for error messages.
    const NAME: &'static str;
    /// Writes every field that is set, in declaration order, by wire name.
    fn write_fields<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error>;
    /// Reads the value of property `key` into its field; `false` when no field has that
    /// wire name (the value is then still to be read).
    fn read_field<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<bool, A::Error>;
    /// The type of its undeclared properties: JSON, unless the document types them.
    type Extra: Serialize + DeserializeOwned;
    /// `additional_properties`.
    fn additional(&self) -> &BTreeMap<String, Self::Extra>;
    /// `additional_properties`, to add to.
    fn additional_mut(&mut self) -> &mut BTreeMap<String, Self::Extra>;
}

/// Writes `value` as property `key` unless it is unset.
pub(crate) fn entry<M: SerializeMap, F: Field>(
    map: &mut M,
    key: &str,
    value: &F,
) -> Result<(), M::Error> {
    if value.is_unset() {
        Ok(())
    } else {
        map.serialize_entry(key, value)
    }
}

/// Writes a struct as a JSON object: its set fields, then its additional properties.
pub(crate) fn serialize<T: Model, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(None)?;
    value.write_fields(&mut map)?;
    for (key, v) in value.additional() {
        map.serialize_entry(key, v)?;
    }
    map.end()
}

/// Reads a struct from a JSON object: a property with a field's wire name goes to that
/// field (`null` is `None`, or `Patch::Null`), any other to `additional_properties`, and
/// a missing one leaves its field at its default (`None`, `Patch::Absent`).
pub(crate) fn deserialize<'de, T: Model, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(ModelVisitor(PhantomData))
}

struct ModelVisitor<T>(PhantomData<T>);

impl<'de, T: Model> Visitor<'de> for ModelVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a `{}` object", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut out = T::default();
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            if !out.read_field(&key, &mut map)? {
                let value = map.next_value()?;
                out.additional_mut().insert(key.into_owned(), value);
            }
        }
        Ok(out)
    }
}

/// A property name, borrowed from the input when it can be.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a property name")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

// ------------------------------------------------------------------ unions (`one_of!`)

/// Writes an alternative of an internally tagged union: the properties of `value` (an
/// object; nothing for an alternative without data) with `tag` set to `wire`.
pub(crate) fn write_tagged<S: Serializer, T: Serialize>(
    serializer: S,
    tag: &str,
    wire: &str,
    value: Option<&T>,
) -> Result<S::Ok, S::Error> {
    use serde::ser::Error;
    let mut object = match value.map(serde_json::to_value).transpose() {
        Ok(None) => serde_json::Map::new(),
        Ok(Some(serde_json::Value::Object(m))) => m,
        Ok(Some(_)) => {
            return Err(S::Error::custom(format!(
                "the `{wire}` alternative is not written as a JSON object, so it cannot carry its `{tag}` property"
            )))
        }
        Err(e) => return Err(S::Error::custom(e)),
    };
    object.insert(tag.to_owned(), serde_json::Value::String(wire.to_owned()));
    object.serialize(serializer)
}

/// The tag of an internally tagged value: property `tag` of an object, when a string.
pub(crate) fn tag_of<'v>(value: &'v serde_json::Value, tag: &str) -> Option<&'v str> {
    value.get(tag).and_then(serde_json::Value::as_str)
}

/// Reads the alternative of an internally tagged value: the object without its tag, or
/// with it when the alternative's type has the tag property (`keep`).
pub(crate) fn read_tagged<T: serde::de::DeserializeOwned, E: serde::de::Error>(
    value: &serde_json::Value,
    tag: &str,
    keep: bool,
) -> Result<T, E> {
    if keep {
        return read(value);
    }
    let mut value = value.clone();
    if let Some(m) = value.as_object_mut() {
        m.remove(tag);
    }
    serde_json::from_value(value).map_err(E::custom)
}

/// Writes an alternative of an externally tagged union: `{"wire": value}`.
pub(crate) fn write_external<S: Serializer, T: Serialize>(
    serializer: S,
    wire: &str,
    value: &T,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(1))?;
    map.serialize_entry(wire, value)?;
    map.end()
}

/// What an externally tagged value names: a string names an alternative without data
/// (`(wire, None)`), an object with one property an alternative with its value.
pub(crate) fn external_of(value: &serde_json::Value) -> Option<(&str, Option<&serde_json::Value>)> {
    match value {
        serde_json::Value::String(s) => Some((s.as_str(), None)),
        serde_json::Value::Object(m) if m.len() == 1 => {
            m.iter().next().map(|(k, v)| (k.as_str(), Some(v)))
        }
        _ => None,
    }
}

/// Whether `value` may be an untagged alternative whose object has the `required`
/// properties: always when there are none, else when it is an object with all of them.
pub(crate) fn has_all(value: &serde_json::Value, required: &[&str]) -> bool {
    required.is_empty()
        || value
            .as_object()
            .is_some_and(|m| required.iter().all(|r| m.contains_key(*r)))
}

/// Whether `value` may be an untagged alternative whose strings have the given formats:
/// each `(property, format)` holds when the property (the value itself for `""`) is absent
/// or null, or is a string of that format. A format the runtime does not know holds.
pub(crate) fn formats_hold(value: &serde_json::Value, checks: &[(&str, &str)]) -> bool {
    checks.iter().all(|(property, format)| {
        let at = if property.is_empty() {
            Some(value)
        } else {
            value.get(*property)
        };
        match at {
            None | Some(serde_json::Value::Null) => true,
            Some(serde_json::Value::String(s)) => has_format(s, format),
            Some(_) => false,
        }
    })
}

/// Whether `s` is a string of the OpenAPI `format` (`uuid`, `ipv4`, `ipv6`, `ip`,
/// `date-time`, `date`); any other format holds.
pub(crate) fn has_format(s: &str, format: &str) -> bool {
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    match format {
        "uuid" => {
            s.len() == 36
                && s.bytes().enumerate().all(|(i, b)| match i {
                    8 | 13 | 18 | 23 => b == b'-',
                    _ => b.is_ascii_hexdigit(),
                })
        }
        "ipv4" => s.parse::<std::net::Ipv4Addr>().is_ok(),
        "ipv6" => s.parse::<std::net::Ipv6Addr>().is_ok(),
        "ip" => s.parse::<std::net::IpAddr>().is_ok(),
        "date-time" => crate::runtime::timestamp::parse(s).is_ok(),
        "date" => {
            let mut parts = s.split('-');
            matches!(
                (parts.next(), parts.next(), parts.next(), parts.next()),
                (Some(y), Some(m), Some(d), None)
                    if y.len() == 4 && m.len() == 2 && d.len() == 2
                        && digits(y) && digits(m) && digits(d)
            )
        }
        _ => true,
    }
}

/// Reads a `T` from a JSON value.
pub(crate) fn read<T: serde::de::DeserializeOwned, E: serde::de::Error>(
    value: &serde_json::Value,
) -> Result<T, E> {
    T::deserialize(value).map_err(E::custom)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// What `model!` writes for a struct with an `Option` and a renamed field.
    #[derive(Debug, Default, PartialEq)]
    struct Thing {
        odata_type: Option<String>,
        display_name: Option<String>,
        count: Option<i64>,
        additional_properties: Additional,
    }
    crate::runtime::macros::model!(Thing {
        display_name("displayName"),
        count("count")
    });

    #[derive(Debug, Default, PartialEq)]
    struct ThingPatch {
        odata_type: Option<String>,
        display_name: Patch<String>,
        count: Patch<i64>,
        additional_properties: Additional,
    }
    crate::runtime::macros::model!(ThingPatch {
        display_name("displayName"),
        count("count")
    });

    /// A struct whose undeclared properties the document types, with its Patch twin.
    #[derive(Debug, Default, PartialEq)]
    struct Counts {
        odata_type: Option<String>,
        total: Option<i64>,
        additional_properties: BTreeMap<String, i64>,
    }
    crate::runtime::macros::model!(Counts extra i64 { total("total") });
    crate::runtime::macros::patch_model!(
        #[derive(Debug, Default, PartialEq)]
        CountsPatch from Counts extra i64 { total("total"): i64 }
    );

    #[test]
    fn typed_undeclared_properties_are_read_as_their_type() {
        let c: Counts = serde_json::from_value(json!({"total": 3, "a": 1, "b": 2})).unwrap();
        assert_eq!(c.total, Some(3));
        assert_eq!(
            c.additional_properties,
            BTreeMap::from([("a".into(), 1), ("b".into(), 2)])
        );
        assert_eq!(
            serde_json::to_value(&c).unwrap(),
            json!({"total": 3, "a": 1, "b": 2})
        );
        // A value of another type is an error that names the struct, not a silent loss.
        let err = serde_json::from_value::<Counts>(json!({"a": "x"})).unwrap_err();
        assert!(err.to_string().contains("invalid type"), "{err}");
        let patch = CountsPatch::from(c);
        assert_eq!(patch.additional_properties.get("b"), Some(&2));
        assert_eq!(
            serde_json::to_value(&patch).unwrap(),
            json!({"total": 3, "a": 1, "b": 2})
        );
    }

    #[test]
    fn known_properties_go_to_fields_and_the_rest_is_kept() {
        let json = json!({
            "@odata.type": "#microsoft.graph.thing",
            "displayName": "a",
            "other": {"x": [1, null]},
            "count": null
        });
        let t: Thing = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(t.odata_type.as_deref(), Some("#microsoft.graph.thing"));
        assert_eq!(t.display_name.as_deref(), Some("a"));
        assert_eq!(t.count, None);
        assert_eq!(t.additional_properties["other"], json!({"x": [1, null]}));
        // Unset fields are left out; fields first, then the other properties.
        let back = serde_json::to_string(&t).unwrap();
        assert_eq!(
            back,
            r##"{"@odata.type":"#microsoft.graph.thing","displayName":"a","other":{"x":[1,null]}}"##
        );
        let from_str: Thing = serde_json::from_str(&back).unwrap();
        assert_eq!(from_str, t);
        assert_eq!(serde_json::to_string(&Thing::default()).unwrap(), "{}");
        let escaped: Thing = serde_json::from_str(r#"{"display\u004eame":"b"}"#).unwrap();
        assert_eq!(escaped.display_name.as_deref(), Some("b"));
    }

    #[test]
    fn wrong_shapes_are_errors() {
        let e = serde_json::from_str::<Thing>("[1]")
            .unwrap_err()
            .to_string();
        assert!(e.contains("a `Thing` object"), "{e}");
        assert!(serde_json::from_str::<Thing>(r#"{"count":"x"}"#).is_err());
        assert!(serde_json::from_str::<Thing>(r#"{"count":1"#).is_err());
    }

    #[test]
    fn a_patch_sends_only_what_was_set_and_reads_back_the_three_states() {
        let p = ThingPatch {
            display_name: Patch::Null,
            count: Patch::Set(3),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(&p).unwrap(),
            json!({"displayName": null, "count": 3})
        );
        assert_eq!(serde_json::to_string(&ThingPatch::default()).unwrap(), "{}");
        let back: ThingPatch = serde_json::from_str(r#"{"displayName":null,"count":7}"#).unwrap();
        assert_eq!(back.display_name, Patch::Null);
        assert_eq!(back.count, Patch::Set(7));
        let absent: ThingPatch = serde_json::from_str("{}").unwrap();
        assert_eq!(absent.count, Patch::Absent);
    }

    /// What the generator writes for an internally tagged union (dropshot's `DiskSource`).
    #[derive(Debug, PartialEq)]
    enum Source {
        Blank(Thing),
        Named(Thing),
        Detached,
        UnknownValue(serde_json::Value),
    }
    crate::runtime::macros::one_of!(Source, internal "type",
        { Blank("blank") => Thing, Named("displayName", keep) => Thing }, { Detached("detached") });

    /// An externally tagged union (schemars' default for a Rust enum).
    #[derive(Debug, PartialEq)]
    enum State {
        Attached(String),
        Faulted,
        UnknownValue(serde_json::Value),
    }
    crate::runtime::macros::one_of!(State, external, { Attached("Attached") => String }, { Faulted("Faulted") });

    /// An untagged union of objects, told apart by their required properties.
    #[derive(Debug, PartialEq)]
    enum CountedOrNamed {
        Counted(Thing),
        Named(Thing),
        UnknownValue(serde_json::Value),
    }
    crate::runtime::macros::one_of!(CountedOrNamed, untagged, {
        Counted["count"] => Thing,
        Named["displayName"] => Thing,
    });

    #[test]
    fn untagged_objects_are_told_apart_by_their_required_properties() {
        let named: CountedOrNamed = serde_json::from_value(json!({"displayName": "a"})).unwrap();
        assert!(matches!(named, CountedOrNamed::Named(_)), "{named:?}");
        let counted: CountedOrNamed = serde_json::from_value(json!({"count": 1})).unwrap();
        assert!(matches!(counted, CountedOrNamed::Counted(_)), "{counted:?}");
        let neither: CountedOrNamed = serde_json::from_value(json!({"x": 1})).unwrap();
        assert_eq!(neither, CountedOrNamed::UnknownValue(json!({"x": 1})));
    }

    /// Untagged unions told apart only by the formats of their strings.
    #[derive(Debug, PartialEq)]
    enum IdOrName {
        Id(String),
        Name(String),
        UnknownValue(serde_json::Value),
    }
    crate::runtime::macros::one_of!(IdOrName, untagged, { Id {"": "uuid"} => String, Name => String });
    #[derive(Debug, PartialEq)]
    enum Range {
        V4(BTreeMap<String, String>),
        V6(BTreeMap<String, String>),
        UnknownValue(serde_json::Value),
    }
    crate::runtime::macros::one_of!(Range, untagged, {
        V4 ["first"] {"first": "ipv4", "last": "ipv4"} => BTreeMap<String, String>,
        V6 ["first"] {"first": "ipv6", "last": "ipv6"} => BTreeMap<String, String>,
    });

    #[test]
    fn untagged_strings_are_told_apart_by_their_formats() {
        let id = "6f1c2b5e-0d1a-4a8e-9c3b-2f4e5d6a7b8c";
        assert_eq!(
            serde_json::from_value::<IdOrName>(json!(id)).unwrap(),
            IdOrName::Id(id.into())
        );
        assert_eq!(
            serde_json::from_value::<IdOrName>(json!("my-disk")).unwrap(),
            IdOrName::Name("my-disk".into())
        );
        let v6: Range =
            serde_json::from_value(json!({"first": "fd00::1", "last": "fd00::9"})).unwrap();
        assert!(matches!(v6, Range::V6(_)), "{v6:?}");
        let v4: Range =
            serde_json::from_value(json!({"first": "10.0.0.1", "last": "10.0.0.9"})).unwrap();
        assert!(matches!(v4, Range::V4(_)), "{v4:?}");
        let mixed = json!({"first": "10.0.0.1", "last": "fd00::9"});
        assert_eq!(
            serde_json::from_value::<Range>(mixed.clone()).unwrap(),
            Range::UnknownValue(mixed.clone())
        );
        assert_eq!(
            serde_json::to_value(Range::UnknownValue(mixed.clone())).unwrap(),
            mixed
        );
    }

    #[test]
    fn formats_are_checked_as_written() {
        for (s, format, holds) in [
            ("6F1C2B5E-0D1A-4A8E-9C3B-2F4E5D6A7B8C", "uuid", true),
            ("6f1c2b5e0d1a4a8e9c3b2f4e5d6a7b8c", "uuid", false),
            ("10.0.0.256", "ipv4", false),
            ("::1", "ip", true),
            ("2016-12-31T23:58:46.7156189-08:00", "date-time", true),
            ("2016-12-31", "date-time", false),
            ("2016-12-31", "date", true),
            ("2016-1-31", "date", false),
            ("anything", "hostname", true),
        ] {
            assert_eq!(has_format(s, format), holds, "{s} as {format}");
        }
        // An absent or null property holds; a number where a string is expected does not.
        assert!(formats_hold(&json!({}), &[("first", "ipv4")]));
        assert!(formats_hold(&json!({"first": null}), &[("first", "ipv4")]));
        assert!(!formats_hold(&json!({"first": 1}), &[("first", "ipv4")]));
        assert!(!formats_hold(&json!(1), &[("", "uuid")]));
    }

    /// An untagged union, tried in order.
    #[derive(Debug, PartialEq)]
    enum NameOrCount {
        Count(i64),
        Name(String),
        UnknownValue(serde_json::Value),
    }
    crate::runtime::macros::one_of!(NameOrCount, untagged, { Count => i64, Name => String });

    #[test]
    fn internally_tagged_unions_read_the_tag_and_keep_unknown_values() {
        let blank: Source = serde_json::from_value(json!({"type": "blank", "count": 2})).unwrap();
        let Source::Blank(thing) = &blank else {
            panic!("{blank:?}")
        };
        assert_eq!(thing.count, Some(2));
        // The tag is the enum's, not left among the alternative's other properties.
        assert!(thing.additional_properties.is_empty(), "{thing:?}");
        assert_eq!(
            serde_json::to_value(&blank).unwrap(),
            json!({"type": "blank", "count": 2})
        );
        // An alternative whose type has the tag property reads it too.
        let named: Source = serde_json::from_str(r#"{"count":1,"type":"displayName"}"#).unwrap();
        let Source::Named(thing) = &named else {
            panic!("{named:?}")
        };
        assert_eq!(thing.count, Some(1));
        assert!(thing.additional_properties.contains_key("type"));
        assert_eq!(
            serde_json::to_value(&named).unwrap(),
            json!({"type": "displayName", "count": 1})
        );
        let detached: Source = serde_json::from_str(r#"{"type":"detached"}"#).unwrap();
        assert_eq!(detached, Source::Detached);
        assert_eq!(
            serde_json::to_value(&detached).unwrap(),
            json!({"type": "detached"})
        );
        for other in [
            json!({"type": "newer", "x": [1]}),
            json!({"no": "tag"}),
            json!(3),
        ] {
            let v: Source = serde_json::from_value(other.clone()).unwrap();
            assert_eq!(v, Source::UnknownValue(other.clone()));
            assert_eq!(serde_json::to_value(&v).unwrap(), other);
        }
        // A known tag with a body that does not fit is an error, not an unknown value.
        assert!(serde_json::from_value::<Source>(json!({"type": "blank", "count": "x"})).is_err());
    }

    #[test]
    fn externally_tagged_unions_read_strings_and_one_property_objects() {
        let a: State = serde_json::from_str(r#"{"Attached":"disk"}"#).unwrap();
        assert_eq!(a, State::Attached("disk".into()));
        assert_eq!(serde_json::to_string(&a).unwrap(), r#"{"Attached":"disk"}"#);
        let f: State = serde_json::from_str(r#""Faulted""#).unwrap();
        assert_eq!(f, State::Faulted);
        assert_eq!(serde_json::to_string(&f).unwrap(), r#""Faulted""#);
        for other in [
            json!("Gone"),
            json!({"Attached": "a", "b": 1}),
            json!({"New": 1}),
        ] {
            let v: State = serde_json::from_value(other.clone()).unwrap();
            assert_eq!(v, State::UnknownValue(other.clone()));
            assert_eq!(serde_json::to_value(&v).unwrap(), other);
        }
    }

    #[test]
    fn untagged_unions_take_the_first_alternative_that_reads_the_value() {
        assert_eq!(
            serde_json::from_str::<NameOrCount>("7").unwrap(),
            NameOrCount::Count(7)
        );
        assert_eq!(
            serde_json::from_str::<NameOrCount>(r#""x""#).unwrap(),
            NameOrCount::Name("x".into())
        );
        let other: NameOrCount = serde_json::from_str("[true]").unwrap();
        assert_eq!(other, NameOrCount::UnknownValue(json!([true])));
        assert_eq!(serde_json::to_string(&other).unwrap(), "[true]");
        assert_eq!(serde_json::to_string(&NameOrCount::Count(7)).unwrap(), "7");
    }
}
