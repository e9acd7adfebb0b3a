//! Archival citations and printed publications in the tail of a document.

use crate::config::Config;
use crate::model::ParsedWitness;

/// Writes a parsed witness back in the source's conventions (ENCODING.md §5.2):
/// `{repository}, f. {fond}, op. {opis}[, p. {papka}], d. {delo}, {range}` then
/// `. {status}`, `. {form}`, `. {certification}` — without the final `.` or `;`
/// that separates witnesses. `category_label` gives the printed label of a
/// category id. The reader uses it to check that a parse loses nothing; the text
/// exporter uses it to write citations.
pub fn format_witness(
    witness: &ParsedWitness,
    config: &Config,
    category_label: &dyn Fn(&str) -> Option<String>,
) -> String {
    let _ = (witness, config, category_label);
    String::new()
}

use crate::diagnostic::Diagnostic;
use crate::model::{Publication, Witness};

pub fn find_citation(text: &str, config: &Config) -> Option<usize> {
    let _ = config;
    let re = regex::Regex::new(r"(?:^|[\s(])((?:NA RA|RGVA|RGASPI|AVPR), (?:f\.|Fund) )").ok()?;
    re.captures(text).and_then(|c| c.get(1)).map(|m| m.start())
}

pub fn parse_witnesses(
    text: &str,
    base: usize,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Witness> {
    let _ = (config, diagnostics);
    vec![Witness {
        span: crate::model::Span::new(base, base + text.len()),
        kind: crate::model::WitnessKind::Unparsed(text.to_string()),
    }]
}

pub fn find_publication(text: &str, config: &Config) -> Option<usize> {
    config
        .conventions
        .publication_labels
        .iter()
        .filter_map(|l| {
            text.match_indices(l.as_str())
                .find(|(i, _)| *i == 0 || text[..*i].ends_with(' '))
                .map(|(i, _)| i)
        })
        .min()
}

pub fn parse_publication(text: &str, base: usize, config: &Config) -> Publication {
    let _ = config;
    let span = crate::model::Span::new(base, base + text.len());
    Publication { span, content: vec![crate::model::Inline::text(span, text)] }
}
