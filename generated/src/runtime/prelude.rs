//! The crate-private prelude of the generated modules. Each of them starts with
//! `use crate::runtime::prelude::*;` and names these items (and the std prelude's) by
//! their short names: `Option<String>`, `Vec<T>`, `BTreeMap`, `Patch<T>`, `edm::Binary`,
//! `#[derive(Serialize, Deserialize)]`, `model!`, `patch_model!`, `open_enum!`, `any_enum!`, `one_of!`, `redacted_debug!`,
//! `builder!`.
//!
//! A type defined in a module shadows a glob import and the std prelude, so the generator
//! gives no generated type a name that either brings (`emit::types::RESERVED` lists
//! them): a Graph type called `Option`, `String` or `Patch` is named `Option2`, ...

// A build with no workload enabled uses none of these.
#![allow(unused_imports)]

pub(crate) use super::client::Client;
pub(crate) use super::edm;
pub(crate) use super::macros::{
    any_enum, builder, model, one_of, open_enum, patch_model, redacted_debug,
};
pub(crate) use super::page::Page;
pub(crate) use super::patch::Patch;
pub(crate) use super::request::Request;
pub(crate) use serde::{Deserialize, Serialize};
pub(crate) use std::collections::BTreeMap;
