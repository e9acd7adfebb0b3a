//! The TEI writer: serialises the model as TEI P5 with quick-xml events.
