//! `oneOf`/`anyOf` of several schemas → an IR union ([`UnionDef`]) or, when every member
//! is a string enum, one enum of all their values.
//!
//! A union is read as the first of these that fits:
//! - **internally tagged**: every member is an object (inline or through `$ref`) with a
//!   property whose only value (`enum` of one value, or `const`) differs from member to
//!   member; the `discriminator`'s `propertyName` when the document names one, else the
//!   first such property. Inline members become types named after the union and the tag
//!   value (`DiskSourceBlank`), without the tag property; a member that is only its tag has
//!   no data. This is what dropshot/schemars write for Rust enums with `#[serde(tag)]`.
//! - **externally tagged**: every member is a string enum (alternatives without data) or an
//!   object with exactly one required property and `additionalProperties: false` (the
//!   alternative named by the property, its value inside): schemars' default for Rust enums.
//! - **untagged**: anything else; the alternatives are tried in order.
//!
//! Alternatives are named by their `title`, then their tag value, then the schema a `$ref`
//! names, then (untagged) their `type`, else `variant{N}`; the emitter makes the names
//! UpperCamel and unique.

use super::{child, entries, get, get_map, get_seq, get_str, scalar_text};
use super::{Importer, MAX_DEPTH};
use crate::ir::{
    FormatCheck, TypeDef, TypeDefKind, TypeKind, TypeRef, UnionDef, UnionStyle, UnionVariant,
};
use crate::naming;
use crate::openapi::{name_of_key, unescape_pointer, SCHEMAS_POINTER};
use serde_yaml::{Mapping, Value};
use std::collections::BTreeSet;

/// The members of a `oneOf`/`anyOf` other than `null`, with their pointers: `None` when the
/// schema has neither.
pub(super) fn members<'v>(m: &'v Mapping, ptr: &str) -> Option<Vec<(&'v Value, String)>> {
    let comb = ["oneOf", "anyOf"]
        .into_iter()
        .find(|c| m.contains_key(*c))?;
    Some(
        get_seq(m, comb)
            .iter()
            .enumerate()
            .filter(|(_, v)| !Importer::is_null(v))
            .map(|(i, v)| (v, format!("{}/{i}", child(ptr, comb))))
            .collect(),
    )
}

/// Whether a member is a string enum (`{type: string, enum: [...]}`) and nothing more.
fn is_string_enum(v: &Value) -> bool {
    let Some(m) = v.as_mapping() else {
        return false;
    };
    m.contains_key("enum")
        && get_str(m, "type").is_none_or(|t| t == "string")
        && !m.contains_key("properties")
        && !m.contains_key("$ref")
        && get_seq(m, "enum")
            .iter()
            .all(|e| e.is_null() || e.is_string())
}

/// Whether every member of a `oneOf`/`anyOf` is a string enum: the whole is one enum.
pub(super) fn is_enum_union(m: &Mapping) -> bool {
    members(m, "#").is_some_and(|ms| !ms.is_empty() && ms.iter().all(|(v, _)| is_string_enum(v)))
}

/// The one string value a property schema allows (`enum: [x]` or `const: x`).
fn const_of(schema: &Value) -> Option<String> {
    let m = schema.as_mapping()?;
    if let Some(c) = get(m, "const") {
        return c.as_str().map(str::to_owned);
    }
    match get_seq(m, "enum") {
        [one] => one.as_str().map(str::to_owned),
        _ => None,
    }
}

/// An object member: its schema mapping (through a `$ref` to a named schema) and the
/// schema name the `$ref` gives.
struct Member<'v> {
    value: &'v Value,
    ptr: String,
    object: Option<&'v Mapping>,
    ref_name: Option<String>,
    title: Option<String>,
}

impl<'a> Importer<'a> {
    /// The union of the `oneOf`/`anyOf` `m`, named `name` (its variants' inline types are
    /// named after it); `None` when it has no member but `null`.
    pub(super) fn union_def(
        &mut self,
        name: &str,
        m: &Mapping,
        ptr: &str,
        depth: usize,
    ) -> Option<UnionDef> {
        if let Some(types) = several_types(m) {
            // `type: [a, b]`: the schema read once with each type.
            let variants = types
                .into_iter()
                .enumerate()
                .map(|(i, t)| {
                    let mut one = m.clone();
                    one.insert(Value::from("type"), Value::from(t.as_str()));
                    let one = Value::Mapping(one);
                    let ty = self.typeref(&one, &format!("{}/{i}", child(ptr, "type")), depth + 1);
                    UnionVariant {
                        name: t,
                        tag: None,
                        ty: Some(ty),
                        description: String::new(),
                        required: Vec::new(),
                        formats: Vec::new(),
                    }
                })
                .collect();
            return Some(UnionDef {
                style: UnionStyle::Untagged,
                variants,
            });
        }
        let list = members(m, ptr)?;
        if list.is_empty() {
            return None;
        }
        let members: Vec<Member<'_>> = list
            .into_iter()
            .map(|(value, ptr)| {
                let r = value.get("$ref").and_then(Value::as_str);
                let wrapped = value
                    .as_mapping()
                    .filter(|vm| self.is_wrapper(vm))
                    .and_then(|vm| get_seq(vm, "allOf").first())
                    .and_then(|v| v.get("$ref"))
                    .and_then(Value::as_str);
                let object = match r {
                    Some(r) => self.pointer(r).and_then(Value::as_mapping),
                    None => value.as_mapping(),
                };
                Member {
                    value,
                    ptr,
                    object,
                    ref_name: r.or(wrapped).and_then(|r| {
                        r.strip_prefix(SCHEMAS_POINTER)
                            .map(|k| name_of_key(&unescape_pointer(k)).to_owned())
                    }),
                    title: value
                        .get("title")
                        .and_then(Value::as_str)
                        .map(str::to_owned),
                }
            })
            .collect();
        if let Some((tag, values)) = self.internal_tag(m, &members) {
            return Some(self.internal(name, &tag, &values, &members, depth));
        }
        if members
            .iter()
            .all(|mb| external_key(mb.value).is_some() || is_string_enum(mb.value))
        {
            return Some(self.external(&members, depth));
        }
        let formats: Vec<Vec<FormatCheck>> = members
            .iter()
            .map(|mb| self.formats_of(mb.value, 0))
            .collect();
        let variants = members
            .iter()
            .enumerate()
            .map(|(i, mb)| UnionVariant {
                name: mb
                    .title
                    .clone()
                    .or_else(|| mb.ref_name.clone())
                    .or_else(|| get_str(mb.value.as_mapping()?, "type").map(str::to_owned))
                    .unwrap_or_else(|| format!("variant{i}")),
                tag: None,
                ty: Some(self.typeref(mb.value, &mb.ptr, depth + 1)),
                description: self.description(mb.value).unwrap_or_default(),
                required: self.required_of(mb.value, 0),
                formats: distinguishing(&formats, i),
            })
            // An alternative that is the union itself adds nothing, and trying it would
            // never end.
            .filter(|v: &UnionVariant| {
                !matches!(v.ty.as_ref().map(|t| (&t.kind, t.collection)),
                    Some((TypeKind::Type { name: n }, false)) if n == name)
            })
            .collect();
        Some(UnionDef {
            style: UnionStyle::Untagged,
            variants,
        })
    }

    /// The string formats the runtime can check that a member has: its own, when it is a
    /// string (`format` beside `allOf` too, as the export writes it), else its properties',
    /// through `$ref` and `allOf`, each once, in order.
    fn formats_of(&self, v: &Value, depth: usize) -> Vec<FormatCheck> {
        let mut out: Vec<FormatCheck> = Vec::new();
        let Some(m) = v.as_mapping().filter(|_| depth <= MAX_DEPTH) else {
            return out;
        };
        if let Some(f) = checkable(m) {
            return vec![FormatCheck {
                property: String::new(),
                format: f.to_owned(),
            }];
        }
        let mut add = |checks: Vec<FormatCheck>| {
            for c in checks {
                if !out.iter().any(|o| o.property == c.property) {
                    out.push(c);
                }
            }
        };
        if let Some(props) = get_map(m, "properties") {
            add(entries(props)
                .filter_map(|(name, schema)| {
                    let pm = schema.as_mapping()?;
                    let target = match get_str(pm, "$ref") {
                        Some(r) => self.pointer(r)?.as_mapping()?,
                        None => pm,
                    };
                    Some(FormatCheck {
                        property: name,
                        format: checkable(target)?.to_owned(),
                    })
                })
                .collect());
        }
        if let Some(target) = get_str(m, "$ref").and_then(|r| self.pointer(r)) {
            add(self.formats_of(target, depth + 1));
        }
        for part in get_seq(m, "allOf") {
            add(self.formats_of(part, depth + 1));
        }
        out
    }

    /// The properties a member object must have: its `required`, and those of the schemas
    /// it refers to or merges (`$ref`, `allOf`), each once, in order.
    fn required_of(&self, v: &Value, depth: usize) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let Some(m) = v.as_mapping().filter(|_| depth <= MAX_DEPTH) else {
            return out;
        };
        let mut add = |names: Vec<String>| {
            for n in names {
                if !out.contains(&n) {
                    out.push(n);
                }
            }
        };
        add(get_seq(m, "required")
            .iter()
            .filter_map(|r| r.as_str().map(str::to_owned))
            .collect());
        if let Some(target) = get_str(m, "$ref").and_then(|r| self.pointer(r)) {
            add(self.required_of(target, depth + 1));
        }
        for part in get_seq(m, "allOf") {
            add(self.required_of(part, depth + 1));
        }
        out
    }

    /// The property that tells the members apart and each member's value of it: a
    /// property for which every member is an object with a distinct constant value (the
    /// first that works), or the `discriminator`'s, whose values may also come from its
    /// `mapping` or be the names of the schemas the members `$ref` (OpenAPI's default).
    fn internal_tag(&self, m: &Mapping, members: &[Member<'_>]) -> Option<(String, Vec<String>)> {
        let props: Vec<Option<&Mapping>> = members
            .iter()
            .map(|mb| mb.object.and_then(|o| get_map(o, "properties")))
            .collect();
        let distinct = |values: &[String]| {
            let mut seen = BTreeSet::new();
            values.iter().all(|v| seen.insert(v))
        };
        let consts = |tag: &str| -> Option<Vec<String>> {
            props
                .iter()
                .map(|p| p.and_then(|p| get(p, tag)).and_then(const_of))
                .collect()
        };
        if let Some(d) = get_map(m, "discriminator") {
            let tag = get_str(d, "propertyName")?;
            let mapping: Vec<(String, &str)> = get_map(d, "mapping")
                .map(|mp| {
                    entries(mp)
                        .filter_map(|(k, v)| v.as_str().map(|v| (k, v)))
                        .collect()
                })
                .unwrap_or_default();
            let values: Vec<String> = members
                .iter()
                .zip(&props)
                .map(|(mb, p)| {
                    let r = mb.value.get("$ref").and_then(Value::as_str);
                    p.and_then(|p| get(p, tag))
                        .and_then(const_of)
                        .or_else(|| {
                            mapping
                                .iter()
                                .find(|(_, target)| Some(*target) == r)
                                .map(|(k, _)| k.clone())
                        })
                        .or_else(|| r.and(mb.ref_name.clone()))
                })
                .collect::<Option<_>>()?;
            return distinct(&values).then(|| (tag.to_owned(), values));
        }
        let first = props.first().copied().flatten()?;
        entries(first).find_map(|(k, _)| {
            let values = consts(&k)?;
            distinct(&values).then_some((k, values))
        })
    }

    fn internal(
        &mut self,
        name: &str,
        tag: &str,
        values: &[String],
        members: &[Member<'_>],
        depth: usize,
    ) -> UnionDef {
        let mut variants = Vec::new();
        for (mb, value) in members.iter().zip(values) {
            let value = value.clone();
            let vname = mb.title.clone().unwrap_or_else(|| value.clone());
            let description = self.description(mb.value).unwrap_or_default();
            let ty = match (mb.value.get("$ref"), mb.object) {
                // A named schema: the alternative carries it, tag property and all.
                (Some(_), _) => Some(self.typeref(mb.value, &mb.ptr, depth + 1)),
                (None, Some(o)) => self.internal_payload(name, &vname, tag, o, &mb.ptr, depth),
                (None, None) => None,
            };
            variants.push(UnionVariant {
                name: vname,
                tag: Some(value),
                ty,
                description,
                required: Vec::new(),
                formats: Vec::new(),
            });
        }
        UnionDef {
            style: UnionStyle::Internal {
                tag: tag.to_owned(),
            },
            variants,
        }
    }

    /// What an inline member of an internally tagged union carries: nothing when it is
    /// only the tag, the one schema an `allOf` names beside it, else a type of its own
    /// (without the tag property) named after the union and the alternative.
    fn internal_payload(
        &mut self,
        union: &str,
        variant: &str,
        tag: &str,
        o: &Mapping,
        ptr: &str,
        depth: usize,
    ) -> Option<TypeRef> {
        let rest = get_map(o, "properties")
            .map(|p| entries(p).filter(|(k, _)| k != tag).count())
            .unwrap_or(0);
        let all_of = get_seq(o, "allOf");
        if rest == 0 {
            return match all_of {
                [] => None,
                [one] => Some(self.typeref(one, &format!("{ptr}/allOf/0"), depth + 1)),
                _ => Some(self.variant_type(union, variant, tag, o, ptr)),
            };
        }
        Some(self.variant_type(union, variant, tag, o, ptr))
    }

    /// The type of an inline alternative: the member without its tag property.
    fn variant_type(
        &mut self,
        union: &str,
        variant: &str,
        tag: &str,
        o: &Mapping,
        ptr: &str,
    ) -> TypeRef {
        if let Some(made) = self.made(ptr) {
            return made;
        }
        let mut o = o.clone();
        if let Some(Value::Mapping(p)) = o.get_mut("properties") {
            p.remove(tag);
        }
        if let Some(Value::Sequence(r)) = o.get_mut("required") {
            r.retain(|v| v.as_str() != Some(tag));
        }
        // The description is the alternative's.
        o.remove("description");
        let name = naming::unique(
            naming::camel(&format!("{} {variant}", naming::camel(union))),
            &mut self.taken,
        );
        let kind = TypeKind::Type { name: name.clone() };
        self.inline.insert(ptr.to_owned(), kind.clone());
        let mut t = self.type_def(name, &o, ptr);
        t.description = format!(
            "The data of the `{variant}` alternative of `{}`.",
            naming::camel(union)
        );
        self.inline_types.push(t);
        TypeRef {
            kind,
            collection: false,
        }
    }

    fn external(&mut self, members: &[Member<'_>], depth: usize) -> UnionDef {
        let mut variants = Vec::new();
        for mb in members {
            let description = self.description(mb.value).unwrap_or_default();
            match external_key(mb.value) {
                Some((key, schema)) => {
                    let ptr = format!(
                        "{}/properties/{}",
                        mb.ptr,
                        crate::openapi::escape_pointer(&key)
                    );
                    let ty = self.typeref(schema, &ptr, depth + 1);
                    variants.push(UnionVariant {
                        name: mb.title.clone().unwrap_or_else(|| key.clone()),
                        tag: Some(key),
                        ty: Some(ty),
                        description,
                        required: Vec::new(),
                        formats: Vec::new(),
                    });
                }
                None => {
                    let values: Vec<String> = mb
                        .value
                        .get("enum")
                        .and_then(Value::as_sequence)
                        .map(|l| l.iter().filter_map(scalar_text).collect())
                        .unwrap_or_default();
                    let one = values.len() == 1;
                    for v in values {
                        variants.push(UnionVariant {
                            name: mb
                                .title
                                .clone()
                                .filter(|_| one)
                                .unwrap_or_else(|| v.clone()),
                            tag: Some(v),
                            ty: None,
                            description: if one {
                                description.clone()
                            } else {
                                String::new()
                            },
                            required: Vec::new(),
                            formats: Vec::new(),
                        });
                    }
                }
            }
        }
        UnionDef {
            style: UnionStyle::External,
            variants,
        }
    }

    /// The type an inline `oneOf`/`anyOf` at `ptr` is: made (once per node) and named after
    /// where it sits.
    pub(super) fn inline_union(&mut self, m: &Mapping, ptr: &str, depth: usize) -> TypeRef {
        self.inline_made(ptr, depth, |s, name| s.union_type(name, m, ptr, depth))
    }

    /// The IR type of a union schema.
    pub(super) fn union_type(
        &mut self,
        name: String,
        m: &Mapping,
        ptr: &str,
        depth: usize,
    ) -> Option<TypeDef> {
        let union = self.union_def(&name, m, ptr, depth)?;
        Some(TypeDef {
            name,
            kind: TypeDefKind::Complex,
            key: None,
            base: None,
            is_abstract: false,
            open: false,
            additional: None,
            description: get_str(m, "description").unwrap_or_default().to_owned(),
            properties: Vec::new(),
            navigation: Vec::new(),
            union: Some(union),
            source: self.src(get(m, crate::openapi::ext::SOURCE)),
        })
    }
}

/// The types of a `type` list of several types besides `"null"` (OpenAPI 3.1).
fn several_types(m: &Mapping) -> Option<Vec<String>> {
    let list = get(m, "type")?.as_sequence()?;
    let types: Vec<String> = list
        .iter()
        .filter_map(scalar_text)
        .filter(|t| t != "null")
        .collect();
    (types.len() > 1).then_some(types)
}

/// The format of a string schema when the runtime can check it.
fn checkable(m: &Mapping) -> Option<&str> {
    let f = get_str(m, "format")?;
    let string = get_str(m, "type").is_none_or(|t| t == "string");
    (string && FormatCheck::CHECKABLE.contains(&f)).then_some(f)
}

/// The format checks of member `i` that tell it apart: those some other member does not
/// make (a `uuid` string against any string; `ipv4` against `ipv6` properties). The
/// others would only make reading stricter.
fn distinguishing(all: &[Vec<FormatCheck>], i: usize) -> Vec<FormatCheck> {
    all[i]
        .iter()
        .filter(|c| {
            all.iter()
                .enumerate()
                .any(|(j, other)| j != i && !other.contains(c))
        })
        .cloned()
        .collect()
}

/// The property and its schema of an externally tagged alternative: an object with exactly
/// one property, required, and no other (`additionalProperties: false`).
fn external_key(v: &Value) -> Option<(String, &Value)> {
    let m = v.as_mapping()?;
    let props = get_map(m, "properties")?;
    let mut it = entries(props);
    let (key, schema) = it.next()?;
    if it.next().is_some() || m.contains_key("allOf") {
        return None;
    }
    let required = get_seq(m, "required");
    let closed = get(m, "additionalProperties").and_then(Value::as_bool) == Some(false);
    (closed && required.len() == 1 && required[0].as_str() == Some(key.as_str()))
        .then_some((key, schema))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(s: &str) -> Value {
        serde_yaml::from_str(s).expect("yaml")
    }

    #[test]
    fn a_tag_value_is_a_one_value_enum_or_a_const() {
        assert_eq!(
            const_of(&yaml("{type: string, enum: [ipv4]}")).as_deref(),
            Some("ipv4")
        );
        assert_eq!(const_of(&yaml("{const: v6}")).as_deref(), Some("v6"));
        assert_eq!(const_of(&yaml("{type: string, enum: [a, b]}")), None);
        assert_eq!(const_of(&yaml("{type: string}")), None);
        assert_eq!(const_of(&yaml("{enum: [3]}")), None);
    }

    #[test]
    fn an_externally_tagged_member_is_one_required_property_and_nothing_else() {
        let ok = yaml("{type: object, properties: {Attached: {type: string}}, required: [Attached], additionalProperties: false}");
        assert_eq!(
            external_key(&ok).map(|(k, _)| k).as_deref(),
            Some("Attached")
        );
        for not in [
            // Open to other properties, not required, or two of them.
            "{type: object, properties: {A: {type: string}}, required: [A]}",
            "{type: object, properties: {A: {type: string}}, additionalProperties: false}",
            "{type: object, properties: {A: {}, B: {}}, required: [A], additionalProperties: false}",
        ] {
            assert!(external_key(&yaml(not)).is_none(), "{not}");
        }
    }

    #[test]
    fn string_enum_members_and_type_lists_are_recognised() {
        let m = yaml("{oneOf: [{type: string, enum: [a]}, {enum: [b, null]}, {type: 'null'}]}");
        assert!(is_enum_union(m.as_mapping().expect("map")));
        let m = yaml("{oneOf: [{type: string, enum: [a]}, {type: integer}]}");
        assert!(!is_enum_union(m.as_mapping().expect("map")));
        let m = yaml("{type: [string, integer, 'null']}");
        assert_eq!(
            several_types(m.as_mapping().expect("map")),
            Some(vec!["string".to_owned(), "integer".to_owned()])
        );
        let m = yaml("{type: [string, 'null']}");
        assert_eq!(several_types(m.as_mapping().expect("map")), None);
    }
}
