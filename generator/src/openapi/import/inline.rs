//! Inline schemas (an object or an enum written where it is used, not in
//! `components.schemas`) → IR types and enums named after where they sit: the named schema
//! or the operation, then each step down (`properties/migrate` → `Migrate`, `items` →
//! `Item`, a request body → `Body`, a response → `Response`). Names are unique (a number
//! is appended on a clash) and deterministic (the document is read in order).

use super::{Importer, MAX_DEPTH};
use crate::ir::{TypeDef, TypeKind, TypeRef};
use crate::naming;
use crate::openapi::{name_of_key, unescape_pointer};
use serde_yaml::Mapping;

impl Importer<'_> {
    /// The name an inline schema at `ptr` gets, before it is made unique.
    pub(super) fn inline_name(&self, ptr: &str) -> String {
        let tokens: Vec<String> = ptr
            .trim_start_matches('#')
            .split('/')
            .skip(1)
            .map(unescape_pointer)
            .collect();
        let mut words: Vec<String> = Vec::new();
        let mut i = 0;
        match tokens.first().map(String::as_str) {
            Some("components") if tokens.len() >= 3 => {
                words.push(name_of_key(&tokens[2]).to_owned());
                i = 3;
            }
            Some("paths") if tokens.len() >= 3 => {
                let op = self
                    .op_name
                    .clone()
                    .unwrap_or_else(|| format!("{} {}", tokens[1], tokens[2]));
                words.push(op);
                // A path item's own parameters (`/paths/{path}/parameters/..`) are read
                // with each of its operations.
                i = if tokens[2] == "parameters" { 2 } else { 3 };
            }
            _ => {}
        }
        while let Some(t) = tokens.get(i) {
            match t.as_str() {
                "properties" => {
                    words.extend(tokens.get(i + 1).cloned());
                    i += 2;
                }
                "items" => {
                    words.push("Item".to_owned());
                    i += 1;
                }
                "additionalProperties" => {
                    words.push("Value".to_owned());
                    i += 1;
                }
                "requestBody" => {
                    words.push("Body".to_owned());
                    i += 1;
                }
                "responses" => {
                    words.push("Response".to_owned());
                    // The (first) success response is the `Response`; others keep
                    // their status.
                    match tokens.get(i + 1).map(String::as_str) {
                        Some(code)
                            if !code.starts_with('2')
                                || self.kept_success.as_deref().is_some_and(|k| k != code) =>
                        {
                            words.push(code.to_owned())
                        }
                        _ => {}
                    }
                    i += 2;
                }
                "parameters" => {
                    match (&self.param_name, tokens.get(1).map(String::as_str)) {
                        // `components/parameters/{key}` is already named after its key.
                        (_, Some("parameters")) => {}
                        (Some(name), _) => words.push(name.clone()),
                        (None, _) => words.push("Parameter".to_owned()),
                    }
                    i += 1;
                }
                // Members of a combination and media types are not named.
                "allOf" | "oneOf" | "anyOf" | "content" => i += 2,
                _ => i += 1,
            }
        }
        if words.is_empty() {
            words.push("Inline".to_owned());
        }
        naming::camel(&words.join(" "))
    }

    /// What an inline schema without a description is documented as: where it is written.
    fn inline_description(ptr: &str) -> String {
        format!("The schema written inline at `{ptr}` in the OpenAPI document.")
    }

    /// The type already made for the inline schema at `ptr`, if any.
    pub(super) fn made(&self, ptr: &str) -> Option<TypeRef> {
        self.inline.get(ptr).map(|kind| TypeRef {
            kind: kind.clone(),
            collection: false,
        })
    }

    /// The type of the inline schema at `ptr`: made once per node by `make` (given the name,
    /// taken from where the schema sits; `None` when it cannot be made, and the reference
    /// is then untyped JSON), documented by where it is written when it has no description.
    pub(super) fn inline_made(
        &mut self,
        ptr: &str,
        depth: usize,
        make: impl FnOnce(&mut Self, String) -> Option<TypeDef>,
    ) -> TypeRef {
        if let Some(made) = self.made(ptr) {
            return made;
        }
        if depth > MAX_DEPTH {
            return Self::json("Json");
        }
        let name = naming::unique(self.inline_name(ptr), &mut self.taken);
        let kind = TypeKind::Type { name: name.clone() };
        self.inline.insert(ptr.to_owned(), kind.clone());
        let Some(mut t) = make(self, name) else {
            self.inline.remove(ptr);
            return Self::json("Json");
        };
        if t.description.is_empty() {
            t.description = Self::inline_description(ptr);
        }
        self.inline_types.push(t);
        TypeRef {
            kind,
            collection: false,
        }
    }

    /// The type an inline object schema at `ptr` is: made (once per node) and named after
    /// where it sits.
    pub(super) fn inline_type(&mut self, m: &Mapping, ptr: &str, depth: usize) -> TypeRef {
        self.inline_made(ptr, depth, |s, name| Some(s.type_def(name, m, ptr)))
    }

    /// The enum an inline enum schema at `ptr` is: made (once per node), open like every
    /// enum, and named after where it sits.
    pub(super) fn inline_enum(&mut self, m: &Mapping, ptr: &str) -> TypeRef {
        if let Some(made) = self.made(ptr) {
            return made;
        }
        let name = naming::unique(self.inline_name(ptr), &mut self.taken);
        let kind = TypeKind::Enum { name: name.clone() };
        self.inline.insert(ptr.to_owned(), kind.clone());
        let mut e = self.enum_def(name, m, ptr);
        if e.description.is_empty() {
            e.description = Self::inline_description(ptr);
        }
        self.inline_enums.push(e);
        TypeRef {
            kind,
            collection: false,
        }
    }
}
