//! Archival citations and printed publications in the tail of a document.
