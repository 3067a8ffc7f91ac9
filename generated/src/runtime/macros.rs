//! Macros the generated modules call, so that code that is the same for every item is
//! written once, here.

// A build without some kind of item (no workload enabled, no polymorphic type, no secret)
// leaves some of them unused.
#![allow(unused_macros)]

/// The impls of an open enum, from its variants and their wire values:
/// `open_enum!(Name { Variant = "wire", ... });`.
///
/// The generator writes the enum itself (`#[non_exhaustive]`, a documented variant per
/// member, and `UnknownValue(String)` for values the pages do not list); this writes
/// `as_str`, `From<&str>`, `Display`, `Serialize` and `Deserialize`, all through the wire
/// value, so an unknown value is kept and written back unchanged.
macro_rules! open_enum {
    ($name:ident { $($variant:ident($wire:literal)),* $(,)? }) => {
        impl $name {
            /// The value as written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::UnknownValue(value) => value.as_str(),
                }
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    other => Self::UnknownValue(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value =
                    <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from(value.as_str()))
            }
        }
    };
}

/// `Debug` for a struct with secret fields: `redacted_debug!(Name { a, [secret], b });`
/// lists every field in order, a secret one in brackets. It prints like a derived `Debug`
/// but shows a secret as `<redacted>` (`Some(<redacted>)`, `Set(<redacted>)`, ...).
macro_rules! redacted_debug {
    ($name:ident { $($field:tt),* $(,)? }) => {
        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                let mut out = f.debug_struct(::std::stringify!($name));
                $(crate::runtime::macros::redacted_debug!(@field out, self, $field);)*
                out.finish()
            }
        }
    };
    (@field $out:ident, $value:expr, [$field:ident]) => {
        $out.field(
            ::std::stringify!($field),
            &crate::runtime::redacted(&$value.$field),
        );
    };
    (@field $out:ident, $value:expr, $field:ident) => {
        $out.field(::std::stringify!($field), &$value.$field);
    };
}

/// `From<Model> for ModelPatch`: `patch_from!(Model => ModelPatch { a, b });` sets every
/// property that is set on the model (`Some(v)` → `Patch::Set(v)`); the rest stay absent.
macro_rules! patch_from {
    ($model:ident => $patch:ident { $($field:ident),* $(,)? }) => {
        impl ::std::convert::From<$model> for $patch {
            /// Every property that is set on the model is set in the patch; the rest stay absent.
            fn from(value: $model) -> Self {
                Self {
                    odata_type: value.odata_type,
                    $($field: ::std::convert::From::from(value.$field),)*
                    additional_properties: value.additional_properties,
                }
            }
        }
    };
}

/// The impls of an `Any{T}` enum: `From` the base type and from each derived type,
/// `Serialize` as the value it holds, and `Deserialize` by the `@odata.type` annotation
/// (a value whose annotation names no variant is read as the base type, keeping all its
/// properties).
///
/// `any_enum!(AnyBase, Base(Base) { #[cfg(...)] "derivedName" => Derived(path::Derived), ... });`
/// where the attributes of a derived type say when its variant exists.
macro_rules! any_enum {
    ($any:ident, $base:ident($base_ty:ty) {
        $($(#[$cfg:meta])* $wire:literal => $variant:ident($ty:ty)),* $(,)?
    }) => {
        impl ::std::convert::From<$base_ty> for $any {
            fn from(value: $base_ty) -> Self {
                Self::$base(value)
            }
        }

        $(
            $(#[$cfg])*
            impl ::std::convert::From<$ty> for $any {
                fn from(value: $ty) -> Self {
                    Self::$variant(value)
                }
            }
        )*

        impl ::serde::Serialize for $any {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    Self::$base(value) => ::serde::Serialize::serialize(value, serializer),
                    $(
                        $(#[$cfg])*
                        Self::$variant(value) => ::serde::Serialize::serialize(value, serializer),
                    )*
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $any {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let result = match crate::runtime::odata_type_of(&value) {
                    $(
                        $(#[$cfg])*
                        $wire => ::serde_json::from_value(value).map(Self::$variant),
                    )*
                    _ => ::serde_json::from_value(value).map(Self::$base),
                };
                result.map_err(<D::Error as ::serde::de::Error>::custom)
            }
        }
    };
}

/// A `{T}Patch` twin, whole: `patch_model!(#[doc = ..] #[derive(..)] TPatch from T {
/// field("wireName"): Type, ... })` declares the struct (`odata_type`, each field as a
/// [`Patch`](crate::runtime::patch::Patch) of its type, documented by a link to the
/// model's field, then `additional_properties`) and writes its impls with
/// `model!(TPatch from T { ... })`. Attributes before a field (more docs) are kept.
macro_rules! patch_model {
    (
        $(#[$attr:meta])*
        $name:ident from $model:ident $(extra $extra:ty)? {
            $( $(#[$fattr:meta])* $field:ident($wire:literal): $ty:ty ),* $(,)?
        }
    ) => {
        $(#[$attr])*
        pub struct $name {
            /// The `@odata.type` to send ([`crate::conventions`]).
            pub odata_type: ::std::option::Option<::std::string::String>,
            $(
                #[doc = ::std::concat!(
                    "Sets, clears or leaves out [`",
                    ::std::stringify!($model),
                    "::",
                    ::std::stringify!($field),
                    "`]."
                )]
                $(#[$fattr])*
                pub $field: crate::runtime::patch::Patch<$ty>,
            )*
            /// Further properties ([`crate::conventions`]).
            pub additional_properties: ::std::collections::BTreeMap<
                ::std::string::String,
                crate::runtime::macros::model!(@extra $($extra)?),
            >,
        }

        crate::runtime::macros::model!($name from $model $(extra $extra)? { $($field($wire)),* });
    };
}

/// `Serialize` and `Deserialize` of a generated struct (a model, a `*Patch` twin or action
/// parameters): `model!(Name { field("wireName"), ... });` lists every field but
/// `odata_type` (wire name `@odata.type`) and `additional_properties` (every other
/// property). `model!(ModelPatch from Model { ... })` also writes `From<Model>` (see
/// `patch_from!`). Fields that are unset (`None`, `Patch::Absent`) are left out when written;
/// see `runtime::model` for the rules.
macro_rules! model {
    (@extra) => { ::serde_json::Value };
    (@extra $extra:ty) => { $extra };
    ($name:ident from $model:ident $(extra $extra:ty)? { $($field:ident($wire:literal)),* $(,)? }) => {
        crate::runtime::macros::model!($name $(extra $extra)? { $($field($wire)),* });
        crate::runtime::macros::patch_from!($model => $name { $($field),* });
    };
    ($name:ident $(extra $extra:ty)? { $($field:ident($wire:literal)),* $(,)? }) => {
        impl crate::runtime::model::Model for $name {
            const NAME: &'static str = ::std::stringify!($name);
            type Extra = crate::runtime::macros::model!(@extra $($extra)?);

            fn write_fields<M: ::serde::ser::SerializeMap>(
                &self,
                map: &mut M,
            ) -> ::std::result::Result<(), M::Error> {
                crate::runtime::model::entry(map, "@odata.type", &self.odata_type)?;
                $(crate::runtime::model::entry(map, $wire, &self.$field)?;)*
                ::std::result::Result::Ok(())
            }

            fn read_field<'de, A: ::serde::de::MapAccess<'de>>(
                &mut self,
                key: &str,
                map: &mut A,
            ) -> ::std::result::Result<bool, A::Error> {
                match key {
                    "@odata.type" => self.odata_type = map.next_value()?,
                    $($wire => self.$field = map.next_value()?,)*
                    _ => return ::std::result::Result::Ok(false),
                }
                ::std::result::Result::Ok(true)
            }

            fn additional(
                &self,
            ) -> &::std::collections::BTreeMap<::std::string::String, Self::Extra> {
                &self.additional_properties
            }

            fn additional_mut(
                &mut self,
            ) -> &mut ::std::collections::BTreeMap<::std::string::String, Self::Extra> {
                &mut self.additional_properties
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                crate::runtime::model::serialize(self, serializer)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                crate::runtime::model::deserialize(deserializer)
            }
        }
    };
}

/// The impls of a navigation builder `struct Name { client, path }`: its accessors, and
/// the runtime's `nav::Navigate` and `nav::Builder`, through which its navigation methods
/// make the next builder.
macro_rules! builder {
    ($name:ident) => {
        impl $name {
            /// The client its requests are sent with.
            pub fn client(&self) -> &crate::Client {
                &self.client
            }

            /// The path so far, percent-encoded, relative to the client's base URL.
            pub fn path(&self) -> &str {
                &self.path
            }
        }

        impl crate::runtime::nav::Navigate for $name {
            fn at(&self) -> (&crate::Client, &str) {
                (&self.client, &self.path)
            }
        }

        impl crate::runtime::nav::Builder for $name {
            fn at_path(client: crate::Client, path: ::std::string::String) -> Self {
                $name { client, path }
            }
        }
    };
}

/// The impls of a union (an OpenAPI `oneOf`/`anyOf`), `Serialize` and `Deserialize`, from
/// its alternatives; the generator writes the enum itself, whose last variant is
/// `UnknownValue(serde_json::Value)`: a value no alternative matches, kept as read and
/// written back unchanged.
///
/// - `one_of!(Name, internal "tag", { Variant("wire") => Type, ... }, { Unit("wire"), ... });`
///   an object whose property `tag` says the alternative; the other properties are the
///   alternative's value (a `Unit` alternative has none). `Variant("wire", keep)` when the
///   alternative's type has the tag property itself: it is then read into it too.
/// - `one_of!(Name, external, { Variant("wire") => Type, ... }, { Unit("wire"), ... });`
///   `{"wire": value}`, or the string `"wire"` for a `Unit` alternative.
/// - `one_of!(Name, untagged, { Variant => Type, Other["a", "b"] => Type, ... });` the value
///   of the first alternative that reads it; one with a list is only tried on an object that
///   has all those properties (the schema's `required`).
///
/// See `runtime::model` for the helpers they call.
macro_rules! one_of {
    (@keep) => { false };
    (@keep keep) => { true };
    ($name:ident, internal $tag:literal,
        { $($variant:ident($wire:literal $(, $keep:ident)?) => $ty:ty),* $(,)? },
        { $($unit:ident($unit_wire:literal)),* $(,)? }) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    $(Self::$variant(value) => {
                        crate::runtime::model::write_tagged(serializer, $tag, $wire, ::std::option::Option::Some(value))
                    })*
                    $(Self::$unit => {
                        crate::runtime::model::write_tagged::<S, ()>(serializer, $tag, $unit_wire, ::std::option::Option::None)
                    })*
                    Self::UnknownValue(value) => ::serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                match crate::runtime::model::tag_of(&value, $tag) {
                    $(::std::option::Option::Some($wire) => {
                        let keep = crate::runtime::macros::one_of!(@keep $($keep)?);
                        crate::runtime::model::read_tagged::<$ty, D::Error>(&value, $tag, keep).map(Self::$variant)
                    })*
                    $(::std::option::Option::Some($unit_wire) => ::std::result::Result::Ok(Self::$unit),)*
                    _ => ::std::result::Result::Ok(Self::UnknownValue(value)),
                }
            }
        }
    };
    ($name:ident, external,
        { $($variant:ident($wire:literal) => $ty:ty),* $(,)? },
        { $($unit:ident($unit_wire:literal)),* $(,)? }) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    $(Self::$variant(value) => crate::runtime::model::write_external(serializer, $wire, value),)*
                    $(Self::$unit => serializer.serialize_str($unit_wire),)*
                    Self::UnknownValue(value) => ::serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                match crate::runtime::model::external_of(&value) {
                    $(::std::option::Option::Some(($wire, ::std::option::Option::Some(inner))) => {
                        crate::runtime::model::read::<$ty, D::Error>(inner).map(Self::$variant)
                    })*
                    $(::std::option::Option::Some(($unit_wire, ::std::option::Option::None)) => {
                        ::std::result::Result::Ok(Self::$unit)
                    })*
                    _ => ::std::result::Result::Ok(Self::UnknownValue(value)),
                }
            }
        }
    };
    ($name:ident, untagged, { $($variant:ident $([$($required:literal),*])? $({$($at:literal : $format:literal),*})? => $ty:ty),* $(,)? }) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    $(Self::$variant(value) => ::serde::Serialize::serialize(value, serializer),)*
                    Self::UnknownValue(value) => ::serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                $(
                    if crate::runtime::model::has_all(&value, &[$($($required),*)?])
                        && crate::runtime::model::formats_hold(&value, &[$($(($at, $format)),*)?])
                    {
                        if let ::std::result::Result::Ok(v) = crate::runtime::model::read::<$ty, D::Error>(&value) {
                            return ::std::result::Result::Ok(Self::$variant(v));
                        }
                    }
                )*
                ::std::result::Result::Ok(Self::UnknownValue(value))
            }
        }
    };
}

// A build with no workload enabled has none of these.
#[allow(unused_imports)]
pub(crate) use {
    any_enum, builder, model, one_of, open_enum, patch_from, patch_model, redacted_debug,
};
