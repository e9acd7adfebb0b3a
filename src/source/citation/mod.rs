//! Archival citations and printed publications in the tail of a document.
//!
//! A citation block is one or more witnesses, `ARCHIVE, f. N, op. N[, p. N],
//! d. N, RANGE[. Status][. Form][. Certification]`, separated by `; `
//! (docs/encoding.md §2.2 rows 32–37, §7.2 rows 62–65). A witness is kept parsed only
//! when [`format_witness`] writes it back exactly as printed; otherwise it is
//! kept verbatim with `teikit::citation::unparsed`, so nothing is ever lost.
//! Publications (`Published in: …`, `Source: …`) are split into title, place,
//! year and scope (rows 66–67).

mod find;
mod format;
mod publication;
mod reference;
#[cfg(test)]
mod tests;
mod witness;

pub use find::find_citation;
pub use format::{category_label, format_witness, witness_categories};
pub use publication::{find_publication, parse_publication};
pub use reference::{find_reference, is_reference};
pub use witness::parse_witnesses;
