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
    let mut out = Vec::new();
    match write_json(edition, &mut out) {
        Ok(()) => String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
        // A bug in the model (serde_json cannot fail on a Vec otherwise).
        Err(e) => format!(
            "{}\n",
            serde_json::json!({ "schema": JSON_SCHEMA, "error": e.to_string() })
        ),
    }
}

/// [`export_json`] into `out` as it is serialised (the whole text is never
/// held in memory).
pub fn write_json(edition: &Edition, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let versioned = VersionedEdition {
        schema: JSON_SCHEMA,
        edition,
    };
    // The model holds only strings, numbers, booleans, lists and structs, which
    // serde_json always serialises; an error here is one of `out`.
    serde_json::to_writer_pretty(&mut *out, &versioned).map_err(std::io::Error::from)?;
    out.write_all(b"\n")
}
