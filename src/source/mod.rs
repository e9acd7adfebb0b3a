//! The plain-text reader: turns the text of a documentary edition into the model.

pub mod citation;
pub mod date;
