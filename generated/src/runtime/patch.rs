//! [`Patch`]: one property of an update body, which is absent, null or set.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One property of an update (`PATCH`) body: left out, cleared, or set to a value.
///
/// An update sends only what the caller asked for. The generated `{Type}Patch` structs hold
/// every property as a `Patch<T>`, and their `model!` impls (see `runtime::model`) leave
/// absent ones out, so:
///
/// | value | on the wire |
/// |---|---|
/// | [`Patch::Absent`] (the default) | the property is left out |
/// | [`Patch::Null`] | `"name": null` (clears the property) |
/// | [`Patch::Set`]`(v)` | `"name": v` |
///
/// Reading it back (`Deserialize`) gives `Null` for `null`, `Set` for a value, and `Absent`
/// for a missing property (the field keeps its default). Serializing `Absent` on its own
/// (without the attribute) writes `null`.
///
/// ```ignore
/// use graph_api::Patch;
/// let name: Patch<String> = "new".to_string().into();
/// assert_eq!(name, Patch::Set("new".to_string()));
/// assert_eq!(Patch::<String>::from(None), Patch::Absent);
/// assert_eq!(serde_json::to_string(&Patch::<u8>::null()).unwrap(), "null");
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Patch<T> {
    /// Not part of the update: the property is left out of the body.
    #[default]
    Absent,
    /// Cleared: sent as `null`.
    Null,
    /// Set to this value.
    Set(T),
}

impl<T> Patch<T> {
    /// A patch that sets the property to `value`.
    pub fn set(value: T) -> Self {
        Patch::Set(value)
    }

    /// A patch that clears the property (sends `null`).
    pub fn null() -> Self {
        Patch::Null
    }

    /// Whether the property is left out of the update (the `skip_serializing_if` test).
    pub fn is_absent(&self) -> bool {
        matches!(self, Patch::Absent)
    }

    /// Whether the property is cleared.
    pub fn is_null(&self) -> bool {
        matches!(self, Patch::Null)
    }

    /// The value it is set to, if it is set.
    pub fn as_set(&self) -> Option<&T> {
        match self {
            Patch::Set(v) => Some(v),
            Patch::Absent | Patch::Null => None,
        }
    }

    /// `None` when absent, `Some(None)` when cleared, `Some(Some(v))` when set.
    pub fn into_option(self) -> Option<Option<T>> {
        match self {
            Patch::Absent => None,
            Patch::Null => Some(None),
            Patch::Set(v) => Some(Some(v)),
        }
    }
}

impl<T> From<T> for Patch<T> {
    /// Sets the property to `value`.
    fn from(value: T) -> Self {
        Patch::Set(value)
    }
}

impl<T> From<Option<T>> for Patch<T> {
    /// `Some(v)` sets the property; `None` leaves it out (it does not clear it: use
    /// [`Patch::Null`] for that).
    fn from(value: Option<T>) -> Self {
        match value {
            Some(v) => Patch::Set(v),
            None => Patch::Absent,
        }
    }
}

impl<T: Serialize> Serialize for Patch<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Patch::Set(v) => v.serialize(serializer),
            // `Absent` is skipped by the field attribute and never gets here in a body.
            Patch::Null | Patch::Absent => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Patch<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Option::<T>::deserialize(deserializer)? {
            Some(v) => Patch::Set(v),
            None => Patch::Null,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
    struct Body {
        #[serde(
            rename = "displayName",
            default,
            skip_serializing_if = "crate::Patch::is_absent"
        )]
        display_name: Patch<String>,
        #[serde(default, skip_serializing_if = "crate::Patch::is_absent")]
        count: Patch<i64>,
        #[serde(default, skip_serializing_if = "crate::Patch::is_absent")]
        nested: Patch<Vec<u8>>,
    }

    #[test]
    fn three_states_on_the_wire() {
        let body = Body {
            display_name: Patch::null(),
            count: Patch::set(3),
            ..Body::default()
        };
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"displayName": null, "count": 3})
        );
        assert_eq!(serde_json::to_string(&Body::default()).unwrap(), "{}");
    }

    #[test]
    fn reads_back_the_three_states() {
        let body: Body = serde_json::from_str(r#"{"displayName":null,"count":7}"#).unwrap();
        assert_eq!(body.display_name, Patch::Null);
        assert_eq!(body.count, Patch::Set(7));
        assert_eq!(body.nested, Patch::Absent);
        let round: Body = serde_json::from_value(serde_json::to_value(&body).unwrap()).unwrap();
        assert_eq!(round, body);
        assert!(serde_json::from_str::<Body>(r#"{"count":"x"}"#).is_err());
    }

    #[test]
    fn conversions_and_accessors() {
        assert_eq!(Patch::from(5), Patch::Set(5));
        assert_eq!(Patch::from(Some(5)), Patch::Set(5));
        assert_eq!(Patch::<i32>::from(None), Patch::Absent);
        assert!(Patch::<i32>::default().is_absent());
        assert!(Patch::<i32>::null().is_null());
        assert_eq!(Patch::set(1).as_set(), Some(&1));
        assert_eq!(Patch::<i32>::Null.as_set(), None);
        assert_eq!(Patch::<i32>::Absent.into_option(), None);
        assert_eq!(Patch::<i32>::Null.into_option(), Some(None));
        assert_eq!(Patch::set(2).into_option(), Some(Some(2)));
        // Serialized on its own, Absent is null (the field attribute keeps it out of bodies).
        assert_eq!(
            serde_json::to_string(&Patch::<i32>::Absent).unwrap(),
            "null"
        );
        assert_eq!(format!("{:?}", Patch::set("x")), r#"Set("x")"#);
    }
}
