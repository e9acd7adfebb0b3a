//! The plain-text reader: turns the text of a documentary edition into the model.

pub mod citation;
pub mod closer;
pub mod codes;
pub mod conventions;
pub mod date;
pub mod lines;
pub mod pattern;
pub mod segment;
pub mod title;
