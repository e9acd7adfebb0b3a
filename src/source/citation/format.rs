//! Writing a parsed witness back as printed, and the labels of its
//! categories (statuses and forms) from the config.

use crate::config::{CategoryConfig, Config, Labels};
use crate::model::{ParsedWitness, ShelfmarkKind, plain_text};

/// Writes a parsed witness back in the source's conventions (docs/encoding.md §5.2):
/// `{repository}, f. {fond}, op. {opis}[, p. {papka}], d. {delo}, {range}` then
/// `. {status}`, `. {form}`, `. {certification}` — without the final `.` or `;`
/// that separates witnesses. `category_label` gives the printed label of a
/// category id. The reader uses it to check that a parse loses nothing; the text
/// exporter uses it to write citations.
///
/// An inherited repository is left out with its `, `; a part's label is its
/// printed one when recorded, else the first configured form; after a range
/// ending in `.` (`ob.`) the next item follows a space, not a second period.
pub fn format_witness(
    witness: &ParsedWitness,
    config: &Config,
    category_label: &dyn Fn(&str) -> Option<String>,
) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !witness.inherited {
        parts.push(witness.repository.clone());
    }
    for part in &witness.shelfmark {
        let label = part
            .label
            .as_deref()
            .unwrap_or_else(|| shelfmark_labels(config, part.kind).first());
        parts.push(format!("{label} {}", part.value));
    }
    parts.push(witness.range.text.clone());
    let mut out = parts.join(", ");
    for id in &witness.categories {
        let label = category_label(id).unwrap_or_else(|| id.clone());
        push_item(&mut out, &label);
    }
    if let Some(certification) = &witness.certification {
        push_item(&mut out, &plain_text(certification));
    }
    out
}

/// The printed label of a witness category id (`status-copy` → `Copy`,
/// `form-typescript-typewritten` → `Typewritten`), from the config.
pub fn category_label(config: &Config, id: &str) -> Option<String> {
    // Only entries whose configured id starts the asked one can carry it, so
    // the variant ids (which need a lower-case label) are built only for them.
    let entries: Vec<&CategoryConfig> = category_entries(config).collect();
    entries
        .iter()
        .enumerate()
        .filter(|(_, e)| id.starts_with(e.id.as_str()))
        .find(|&(i, _)| category_id(&entries, i) == id)
        .map(|(_, e)| e.label.clone())
}

pub(super) fn category_entries(config: &Config) -> impl Iterator<Item = &CategoryConfig> {
    config.witnesses.status.iter().chain(&config.witnesses.form)
}

/// The id of entry `i`: its configured id, or a variant id when an earlier
/// entry has the same id (see [`witness_categories`]).
pub(super) fn category_id(entries: &[&CategoryConfig], i: usize) -> String {
    let entry = entries[i];
    if entries[..i].iter().any(|e| e.id == entry.id) {
        format!(
            "{}-{}",
            entry.id,
            entry.label.to_lowercase().replace(' ', "-")
        )
    } else {
        entry.id.clone()
    }
}

/// Every configured witness label with its category id, statuses then forms.
/// An entry repeating an earlier id is a label variant: its id is
/// `{id}-{label in lower case}` (spaces as `-`).
pub fn witness_categories(config: &Config) -> Vec<(String, String)> {
    let entries: Vec<&CategoryConfig> = category_entries(config).collect();
    (0..entries.len())
        .map(|i| (entries[i].label.clone(), category_id(&entries, i)))
        .collect()
}

/// `. item`, or ` item` after text that already ends in a period.
fn push_item(out: &mut String, item: &str) {
    out.push_str(if out.ends_with('.') { " " } else { ". " });
    out.push_str(item);
}

pub(super) fn shelfmark_labels(config: &Config, kind: ShelfmarkKind) -> &Labels {
    let citations = &config.citations;
    match kind {
        ShelfmarkKind::Fond => &citations.fond,
        ShelfmarkKind::Opis => &citations.opis,
        ShelfmarkKind::Papka => &citations.papka,
        ShelfmarkKind::Delo => &citations.delo,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::WitnessKind;
    use crate::source::citation::parse_witnesses;

    #[test]
    fn format_uses_first_labels_unless_recorded() {
        let config = Config::builtin();
        let mut diagnostics = Vec::new();
        let witnesses = parse_witnesses(
            "NA RA, Fund 276, Inventory 1, File 57, Leaf 3. Typewritten.",
            0,
            &config,
            &mut diagnostics,
        );
        let WitnessKind::Parsed(mut witness) = witnesses[0].kind.clone() else {
            panic!()
        };
        for part in &mut witness.shelfmark {
            part.label = None;
        }
        witness.inherited = true;
        let label = |id: &str| category_label(&config, id);
        assert_eq!(
            format_witness(&witness, &config, &label),
            "f. 276, op. 1, d. 57, Leaf 3. Typewritten"
        );
        // A category the closure does not know is written as its id.
        assert_eq!(
            format_witness(&witness, &config, &|_| None),
            "f. 276, op. 1, d. 57, Leaf 3. form-typescript-typewritten"
        );
    }
    #[test]
    fn categories_and_their_labels() {
        let config = Config::builtin();
        let ids: Vec<String> = witness_categories(&config)
            .into_iter()
            .map(|(_, id)| id)
            .collect();
        assert_eq!(
            ids,
            [
                "status-copy",
                "status-original",
                "status-draft",
                "status-certified-copy",
                // Russian labels are label variants of the same categories.
                "status-original-подлинник",
                "status-copy-копия",
                "status-certified-copy-заверенная-копия",
                "status-certified-copy-завер.-копия",
                "form-typescript",
                "form-autograph",
                "form-manuscript",
                "form-typescript-typewritten",
                "form-typescript-машинопись",
                "form-autograph-автограф",
                "form-manuscript-рукопись",
            ]
        );
        assert_eq!(
            category_label(&config, "status-certified-copy").as_deref(),
            Some("Certified copy")
        );
        assert_eq!(
            category_label(&config, "form-typescript-typewritten").as_deref(),
            Some("Typewritten")
        );
        assert_eq!(category_label(&config, "nope"), None);
    }
}
