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

/// One document as [`write_json`] writes it in the `documents` list (four
/// spaces in), for an export written a document at a time; the documents
/// are separated by `,` and a line feed, and [`write_json_around`] writes
/// the rest.
pub fn write_json_document(
    document: &crate::model::Document,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let json = serde_json::to_vec_pretty(document).map_err(std::io::Error::from)?;
    // A JSON string holds no raw line feed: each one is the pretty layout's.
    out.write_all(b"    ")?;
    for line in json.split_inclusive(|b| *b == b'\n') {
        out.write_all(line)?;
        if line.ends_with(b"\n") {
            out.write_all(b"    ")?;
        }
    }
    Ok(())
}

/// The JSON of an edition whose `count` documents were written before by
/// [`write_json_document`]: `documents` copies their bytes into the list.
/// Gives the bytes of [`write_json`] for the same edition.
pub fn write_json_around(
    header: &crate::model::Header,
    count: usize,
    out: &mut dyn std::io::Write,
    documents: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let empty = Edition {
        header: header.clone(),
        documents: Vec::new(),
    };
    let mut around = Vec::new();
    write_json(&empty, &mut around)?;
    const EMPTY_LIST: &[u8] = b"[]\n}\n";
    let head = match around.strip_suffix(EMPTY_LIST) {
        Some(head) if count > 0 => head,
        _ => return out.write_all(&around),
    };
    out.write_all(head)?;
    out.write_all(b"[\n")?;
    documents(out)?;
    out.write_all(b"\n  ]\n}\n")
}
