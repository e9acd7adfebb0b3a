//! Exporters: each is one function taking the model and an options struct.

pub mod cite;
pub mod cmif;
pub mod epub;
pub mod facts;
pub mod footnotes;
pub mod generic;
pub mod html;
pub mod json;
mod json_string;
pub mod markdown;
#[cfg(feature = "pdf")]
pub mod pdf;
pub mod pdf_standard;
pub mod russian_correspondents;
mod scan;
pub mod stream;
pub mod text;
pub mod typst;
mod words;
