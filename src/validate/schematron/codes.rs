//! The registry of diagnostic codes the embedded Schematron raises
//! (`teikit codes` lists them through [`crate::codes`]).

/// An `assert` whose test is false at a node.
pub const ASSERT: &str = "teikit::schematron::assert";
/// A `report` whose test is true at a node.
pub const REPORT: &str = "teikit::schematron::report";
/// A rule the XPath engine cannot compile (or a construct teikit does not
/// run, such as an abstract pattern): reported once per rule and file.
pub const UNSUPPORTED: &str = "teikit::schematron::unsupported";
/// A rule whose evaluation failed at a node (a dynamic XPath error, such as
/// a cast of a value that is not a number): reported once per rule and file.
pub const EVALUATION: &str = "teikit::schematron::evaluation";

/// Every code with its severity and what it means.
pub const ALL: &[(&str, &str, &str)] = &[
    (
        ASSERT,
        "error",
        "a Schematron assert of the schema fails (a warning when its role is warning or nonfatal, advice when info)",
    ),
    (
        REPORT,
        "error",
        "a Schematron report of the schema fires (a warning when its role is warning or nonfatal, advice when info)",
    ),
    (
        UNSUPPORTED,
        "warning",
        "a Schematron rule of the schema cannot be run; it is skipped",
    ),
    (
        EVALUATION,
        "warning",
        "a Schematron rule failed with an XPath error at a node; it is skipped there",
    ),
];
