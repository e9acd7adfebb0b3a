//! The registry of diagnostic codes the plain-text reader raises (ENCODING.md §3, §7.3).

pub const NOT_UTF8: &str = "teikit::input::not-utf8";
pub const EMPTY: &str = "teikit::input::empty";
pub const NO_DOCUMENTS: &str = "teikit::input::no-documents";
pub const LEADING_FRAGMENT: &str = "teikit::source::leading-fragment";
pub const LEADING_MATTER: &str = "teikit::source::leading-matter";
pub const INTERLEAVED_MATTER: &str = "teikit::source::interleaved-matter";
pub const MISSING_NUMBER: &str = "teikit::source::missing-number";
pub const AMBIGUOUS_NUMBER: &str = "teikit::source::ambiguous-number";
pub const FUSED_NUMBER: &str = "teikit::source::fused-number";
pub const TRAILING_NUMBER: &str = "teikit::source::trailing-number";
pub const TRAILING_MATTER: &str = "teikit::source::trailing-matter";
pub const NUMBER_ORDER: &str = "teikit::source::number-order";
pub const MISSING_CITATION: &str = "teikit::source::missing-citation";
pub const MISSING_DATELINE: &str = "teikit::source::missing-dateline";
pub const INVALID_DATE: &str = "teikit::source::invalid-date";
pub const VAGUE_DATE: &str = "teikit::source::vague-date";
pub const UNKNOWN_LINE: &str = "teikit::source::unknown-line";
pub const SHARED_NOTE: &str = "teikit::note::shared-note";
pub const UNANCHORED_NOTE: &str = "teikit::note::unanchored-note";
pub const UNMATCHED_ANCHOR: &str = "teikit::note::unmatched-anchor";
pub const NOTE_TRAILING_MATTER: &str = "teikit::note::trailing-matter";
pub const EMPHASIS_SPAN_LOST: &str = "teikit::mark::emphasis-span-lost";
pub const AMBIGUOUS_BRACKET: &str = "teikit::mark::ambiguous-bracket";
pub const CITATION_UNPARSED: &str = "teikit::citation::unparsed";
pub const UNKNOWN_ARCHIVE: &str = "teikit::citation::unknown-archive";
pub const CONFIG_INVALID: &str = "teikit::config::invalid";
pub const READ_FAILED: &str = "teikit::io::read-failed";
pub const WRITE_FAILED: &str = "teikit::io::write-failed";
pub const OUTPUT_IS_INPUT: &str = "teikit::io::output-is-input";
pub const CONTROL_CHARACTER: &str = "teikit::input::control-character";
pub const FEATURE_MISSING: &str = "teikit::build::feature-missing";

/// Every code with its severity and a one-line description, for `teikit codes`.
pub const ALL: &[(&str, &str, &str)] = &[
    (NOT_UTF8, "error", "the input is not valid UTF-8"),
    (EMPTY, "error", "the input holds nothing but whitespace"),
    (NO_DOCUMENTS, "error", "no document was found in the source"),
    (
        READ_FAILED,
        "error",
        "an input or config file cannot be read",
    ),
    (WRITE_FAILED, "error", "an output file cannot be written"),
    (
        OUTPUT_IS_INPUT,
        "error",
        "the output is one of the inputs (same path, link or inode); nothing was read",
    ),
    (
        CONTROL_CHARACTER,
        "warning",
        "the source holds a control character XML cannot hold (form feed, vertical tab, ESC…)",
    ),
    (
        FEATURE_MISSING,
        "error",
        "this build lacks the export asked for (PDF needs the `pdf` feature)",
    ),
    (CONFIG_INVALID, "error", "the edition config is not valid"),
    (
        LEADING_FRAGMENT,
        "warning",
        "text before the first document is the end of an earlier one",
    ),
    (
        LEADING_MATTER,
        "warning",
        "lines before the first document are not part of the edition",
    ),
    (
        INTERLEAVED_MATTER,
        "warning",
        "a web-page line between documents is not part of the edition",
    ),
    (
        MISSING_NUMBER,
        "warning",
        "a document without number line was numbered from its neighbours",
    ),
    (
        AMBIGUOUS_NUMBER,
        "warning",
        "the number of a document without number line cannot be decided",
    ),
    (
        FUSED_NUMBER,
        "warning",
        "a document number is fused to the end of the previous line",
    ),
    (
        TRAILING_NUMBER,
        "warning",
        "a number at the end of a line starts no document",
    ),
    (
        TRAILING_MATTER,
        "warning",
        "lines after the last document are not part of the edition",
    ),
    (
        NUMBER_ORDER,
        "warning",
        "a document number repeats or goes down",
    ),
    (
        MISSING_CITATION,
        "warning",
        "a document has no archival citation",
    ),
    (MISSING_DATELINE, "warning", "a title has no dateline"),
    (INVALID_DATE, "warning", "a dateline date does not exist"),
    (VAGUE_DATE, "advice", "a dateline date has no readable form"),
    (
        UNKNOWN_LINE,
        "warning",
        "a line has no known shape and was kept as a paragraph",
    ),
    (
        SHARED_NOTE,
        "warning",
        "one footnote text has several anchors",
    ),
    (UNANCHORED_NOTE, "warning", "a footnote text has no anchor"),
    (
        UNMATCHED_ANCHOR,
        "warning",
        "a footnote anchor has no footnote text",
    ),
    (
        NOTE_TRAILING_MATTER,
        "warning",
        "web-page back-links after footnote texts were dropped",
    ),
    (
        EMPHASIS_SPAN_LOST,
        "advice",
        "emphasised words cannot be located in plain text",
    ),
    (
        AMBIGUOUS_BRACKET,
        "warning",
        "brackets may hold restored words or an explanation",
    ),
    (
        CITATION_UNPARSED,
        "warning",
        "an archival citation could not be parsed and was kept verbatim",
    ),
    (
        UNKNOWN_ARCHIVE,
        "warning",
        "an archive acronym is not in the edition config",
    ),
];
