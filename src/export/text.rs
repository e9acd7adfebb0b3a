//! The text exporter: writes the edition back in the plain-text conventions of its source.
