//! Macros the generated modules call, so that code that is the same for every item is
//! written once, here.

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

// A build with no workload enabled has none of these.
#[allow(unused_imports)]
pub(crate) use {open_enum, patch_from, redacted_debug};
