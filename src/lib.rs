//! teikit: plain-text documentary editions to valid TEI P5, validation and export.
//!
//! The pipeline has one model at its centre ([`model::Edition`]): readers
//! ([`source`] for plain text, [`tei::read`] for TEI) build it, writers
//! ([`tei::write`], [`export`]) consume it. Every stage returns its result
//! together with [`diagnostic::Diagnostic`]s; nothing in the library prints.

pub mod api;
pub mod batch;
pub mod cli;
pub mod codes;
pub mod config;
pub mod diagnostic;
pub mod export;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod source;
pub mod summary;
pub mod tei;
pub mod validate;
pub mod xml;
