//! TEI P5 in and out: the writer serialises the model, the reader builds it back.

pub mod read;
pub mod write;
