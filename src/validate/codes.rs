//! The registry of diagnostic codes RELAX NG validation raises
//! (`teikit codes` lists them; the edition rules have their own registry).

pub const UNEXPECTED_ELEMENT: &str = "teikit::schema::unexpected-element";
pub const UNEXPECTED_ATTRIBUTE: &str = "teikit::schema::unexpected-attribute";
pub const INVALID_VALUE: &str = "teikit::schema::invalid-value";
pub const UNEXPECTED_TEXT: &str = "teikit::schema::unexpected-text";
pub const MISSING_ATTRIBUTE: &str = "teikit::schema::missing-attribute";
pub const INCOMPLETE_ELEMENT: &str = "teikit::schema::incomplete-element";
pub const DUPLICATE_ID: &str = "teikit::schema::duplicate-id";
pub const DANGLING_IDREF: &str = "teikit::schema::dangling-idref";

/// Every code with its severity and what it means.
pub const ALL: &[(&str, &str, &str)] = &[
    (
        UNEXPECTED_ELEMENT,
        "error",
        "the schema allows no such element here",
    ),
    (
        UNEXPECTED_ATTRIBUTE,
        "error",
        "the schema allows no such attribute here",
    ),
    (
        INVALID_VALUE,
        "error",
        "an attribute value or text is not of its datatype",
    ),
    (UNEXPECTED_TEXT, "error", "the schema allows no text here"),
    (
        MISSING_ATTRIBUTE,
        "error",
        "a required attribute is missing",
    ),
    (
        INCOMPLETE_ELEMENT,
        "error",
        "an element ends before its required content",
    ),
    (DUPLICATE_ID, "error", "an ID is used twice"),
    (
        DANGLING_IDREF,
        "error",
        "an IDREF names no ID of the document",
    ),
];
