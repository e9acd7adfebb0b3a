//! The one list of every diagnostic code teikit raises: `teikit codes` prints
//! it and docs/codes.md documents it. Each area keeps its own table beside its
//! code (`source::codes`, `xml::codes`, `validate::codes`, the edition rules);
//! this module gathers them, and holds the table of the areas that have none.

/// One registered code: what `teikit codes` prints for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    /// Stable code, `teikit::area::name`.
    pub code: &'static str,
    /// `error`, `warning` or `advice`.
    pub severity: &'static str,
    /// One line: what the code means.
    pub what: &'static str,
}

/// Codes of areas without a table of their own (the TEI reader, the typst,
/// CMIF, EPUB and PDF exports, validate's input reading), named by the
/// area's constant so that each code string is written once. Two are
/// literals: the PDF export's constants exist only with feature `pdf`, and
/// validate's input reading has no constant. The registry test finds every
/// code literal of `src/` here or in an area's table.
const OTHER: &[(&str, &str, &str)] = &[
    (
        crate::tei::read::UNKNOWN_ELEMENT,
        "warning",
        "a TEI element has no place in the model; its text is kept",
    ),
    (
        crate::tei::read::NO_DOCUMENTS,
        "warning",
        "the TEI has no <text><body>",
    ),
    (
        crate::tei::read::STRAY_TEXT,
        "warning",
        "text stands directly in an element that holds no text",
    ),
    (
        "teikit::validate::io",
        "error",
        "a file to validate could not be read",
    ),
    (
        crate::export::typst::UNPLACED_CODE,
        "warning",
        "the typst export has no layout for an element; its text is kept",
    ),
    (
        crate::export::cmif::codes::UNREADABLE_CORRESPONDENT,
        "warning",
        "a letter's sender or addressee cannot be read from its title; it has no correspDesc",
    ),
    (
        crate::export::epub::codes::ZIP_FAILED,
        "error",
        "the EPUB container could not be written",
    ),
    (
        "teikit::export::pdf::compile-error",
        "error",
        "typst could not compile the edition's source",
    ),
    (
        "teikit::export::pdf::compile-warning",
        "warning",
        "typst warned while compiling (a missing glyph, for instance)",
    ),
];

/// The severity of each edition rule (the rules' own registry gives code and
/// description; a test checks every rule has a severity here).
const RULE_SEVERITY: &[(&str, &str)] = &[
    ("teikit::rules::duplicate-id", "error"),
    ("teikit::rules::ambiguous-authority", "warning"),
    ("teikit::rules::dangling-pointer", "error"),
    ("teikit::rules::impossible-date", "error"),
    ("teikit::rules::duplicate-number", "error"),
    ("teikit::rules::number-order", "error"),
    ("teikit::rules::number-gap", "warning"),
    ("teikit::rules::note-without-anchor", "warning"),
    ("teikit::rules::anchor-without-note", "warning"),
    ("teikit::rules::incomplete-citation", "error"),
    ("teikit::rules::empty-paragraph", "error"),
    ("teikit::rules::empty-head", "error"),
];

/// Every code teikit raises, in a stable order: the plain-text reader, the
/// XML layer, RELAX NG validation, Schematron, the edition rules, then the
/// other areas.
pub fn all() -> Vec<Code> {
    let tables = [
        crate::source::codes::ALL,
        crate::xml::codes::ALL,
        crate::validate::codes::ALL,
        crate::validate::schematron::codes::ALL,
    ];
    let from_tables = tables.into_iter().flatten().copied();
    let rules = crate::validate::rules::REGISTRY.iter().map(|rule| {
        let severity = RULE_SEVERITY
            .iter()
            .find(|(code, _)| *code == rule.code)
            .map_or("error", |(_, severity)| severity);
        (rule.code, severity, rule.description)
    });
    from_tables
        .chain(rules)
        .chain(OTHER.iter().copied())
        .map(|(code, severity, what)| Code {
            code,
            severity,
            what,
        })
        .collect()
}

/// The text `teikit codes` prints: one code a line, aligned columns.
pub fn listing() -> String {
    all()
        .iter()
        .map(|c| format!("{:<44} {:<8} {}\n", c.code, c.severity, c.what))
        .collect()
}

/// The table of docs/codes.md, generated from the registry (the test below
/// keeps the file equal to it).
pub fn markdown() -> String {
    let mut out = String::from(
        "# Diagnostic codes\n\n\
         Every diagnostic teikit reports carries one of these stable codes \
         (`teikit codes` prints the same list). This file is generated from \
         the registry in `src/codes.rs`: run \
         `TEIKIT_BLESS=1 cargo test --lib codes` after adding a code.\n\n\
         | Code | Severity | Meaning |\n|---|---|---|\n",
    );
    for c in all() {
        let what = c.what.replace('|', "\\|").replace('<', "&lt;");
        out.push_str(&format!("| `{}` | {} | {} |\n", c.code, c.severity, what));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::Path;

    /// Every `"teikit::area::name"` string literal in the files under `dir`
    /// (but this file, whose tests hold made-up codes).
    fn literals_in(dir: &Path, found: &mut BTreeSet<(String, String)>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .expect("src/ is readable")
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                literals_in(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("src/codes.rs")
            {
                let text = std::fs::read_to_string(&path).expect("source is UTF-8");
                for code in code_literals(&text) {
                    found.insert((code, path.display().to_string()));
                }
            }
        }
    }

    /// The codes written as whole string literals: `"teikit::` then at least
    /// two `::`-separated names of lowercase letters, digits and hyphens,
    /// then the closing quote (prefixes such as `"teikit::xml::"` are not codes).
    fn code_literals(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for (start, _) in text.match_indices("\"teikit::") {
            let rest = &text[start + 1..];
            let Some(end) = rest.find('"') else { continue };
            let candidate = &rest[..end];
            let names: Vec<&str> = candidate.split("::").skip(1).collect();
            let is_name = |n: &&str| {
                !n.is_empty()
                    && n.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            };
            if names.len() >= 2 && names.iter().all(is_name) {
                out.push(candidate.to_string());
            }
        }
        out
    }

    #[test]
    fn code_literals_finds_whole_codes_only() {
        let text = r#"a("teikit::x::y-z") b("teikit::xml::") c("teikit::io") d("teikit::a::b::c")"#;
        assert_eq!(code_literals(text), ["teikit::x::y-z", "teikit::a::b::c"]);
    }

    #[test]
    fn every_code_literal_in_src_is_registered() {
        let registered: BTreeSet<&str> = all().iter().map(|c| c.code).collect();
        let mut found = BTreeSet::new();
        literals_in(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut found,
        );
        assert!(found.len() > 50, "the scan found too few codes: {found:?}");
        let unregistered: Vec<_> = found
            .iter()
            .filter(|(code, _)| !registered.contains(code.as_str()))
            .collect();
        assert!(
            unregistered.is_empty(),
            "codes used in src/ but not registered in src/codes.rs or an area's table: {unregistered:?}"
        );
    }

    #[test]
    fn registry_is_well_formed() {
        let all = all();
        let mut seen = BTreeSet::new();
        for c in &all {
            assert!(seen.insert(c.code), "{} is registered twice", c.code);
            assert_eq!(code_literals(&format!("\"{}\"", c.code)), [c.code]);
            assert!(
                ["error", "warning", "advice"].contains(&c.severity),
                "{}: severity {}",
                c.code,
                c.severity
            );
            assert!(!c.what.is_empty() && !c.what.contains('\n'), "{}", c.code);
        }
        for rule in crate::validate::rules::REGISTRY {
            assert!(
                RULE_SEVERITY.iter().any(|(code, _)| *code == rule.code),
                "rule {} has no severity in RULE_SEVERITY",
                rule.code
            );
        }
    }

    #[test]
    fn docs_codes_md_lists_exactly_the_registry() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/codes.md");
        let expected = markdown();
        if std::env::var_os("TEIKIT_BLESS").is_some() {
            std::fs::write(&path, &expected).expect("docs/codes.md is writable");
        }
        let actual = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            actual == expected,
            "docs/codes.md differs from the registry; run `TEIKIT_BLESS=1 cargo test --lib codes`"
        );
    }
}
