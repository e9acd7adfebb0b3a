//! Validation of TEI files: RELAX NG schemas and edition rules.
