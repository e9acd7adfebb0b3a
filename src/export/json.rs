//! The JSON export: the document model as it is, for tools that want data, not markup.
//!
//! The shape is the serde form of [`crate::model::Edition`] plus a `schema`
//! version field, so consumers can tell which model they read; docs/json-model.md
//! describes it. Output is deterministic: the model holds only ordered lists.

use serde::Serialize;

use crate::model::Edition;

/// The version of the JSON shape; it changes when the model's serde form does.
pub const JSON_SCHEMA: &str = "teikit-model/1";

#[derive(Serialize)]
struct VersionedEdition<'a> {
    schema: &'static str,
    #[serde(flatten)]
    edition: &'a Edition,
}

/// The edition as pretty-printed JSON, ending in a line feed.
pub fn export_json(edition: &Edition) -> String {
    let versioned = VersionedEdition {
        schema: JSON_SCHEMA,
        edition,
    };
    // The model holds only strings, numbers, booleans, lists and structs, which
    // serde_json always serialises; an error here would be a bug in the model.
    let mut out = serde_json::to_string_pretty(&versioned).unwrap_or_else(|e| {
        serde_json::json!({ "schema": JSON_SCHEMA, "error": e.to_string() }).to_string()
    });
    out.push('\n');
    out
}
