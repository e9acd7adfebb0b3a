//! The registry of diagnostic codes the XML layer raises: one set for every
//! reader of XML in teikit (validate, the TEI reader), so a file refused by
//! one is refused by all with the same code.

/// The text is not well-formed XML 1.0 (syntax, forbidden characters,
/// duplicate attributes, undeclared prefixes).
pub const NOT_WELL_FORMED: &str = "teikit::xml::not-well-formed";
/// An entity was refused: external, undeclared, or expanding beyond the budget.
pub const ENTITY: &str = "teikit::xml::entity";
/// Elements nest deeper than [`super::MAX_DEPTH`].
pub const TOO_DEEP: &str = "teikit::xml::too-deep";

/// Every code with its severity and what it means.
pub const ALL: &[(&str, &str, &str)] = &[
    (
        NOT_WELL_FORMED,
        "error",
        "the file is not well-formed XML 1.0",
    ),
    (ENTITY, "error", "an entity reference was refused"),
    (TOO_DEEP, "error", "elements nest deeper than the limit"),
];
