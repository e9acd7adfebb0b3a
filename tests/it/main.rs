//! The integration tests, one binary (as ripgrep does): each module was once its
//! own test target, and linking 31 binaries against teikit on every change was
//! the slowest part of `cargo test`. `support` holds the shared fixtures and
//! model builders. A new test file belongs here as a module (`mod name;`), not
//! as a new `tests/*.rs` target.
//!
//! Run one module with a filter: `cargo test --test it cli::`.

mod authorities;
mod batch_cli;
mod cite;
mod cli;
mod cmif;
mod convert_edge_cases;
mod convert_sample;
mod convert_variants;
mod corpus_score;
mod detect_cli;
mod epub;
mod example_edition;
mod field_conventions;
mod hostile_input;
mod html_browser;
mod html_export;
mod notes_and_witnesses;
mod one_xml_front_end;
/// PDF export needs typst: `cargo test --features pdf --test it pdf_export::`.
#[cfg(feature = "pdf")]
mod pdf_export;
mod properties;
mod round_trip;
mod safety;
mod site_stream;
mod support;
mod tei_read;
mod tei_stream;
mod tei_whole;
mod tei_write;
mod tei_xml_equal;
mod text_export;
mod validate_cli;
mod validate_jing;
mod validate_messages;
mod validate_rules;
mod validate_schematron;
mod validate_spectest;
