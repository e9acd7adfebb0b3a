//! The language of a document's text, for its `@xml:lang` (docs/encoding.md
//! §7.2 row 82): Russian when most letters are Cyrillic, else German, French
//! or English by their most frequent short words.

/// Short words frequent in one language and rare in the others.
const MARKERS: [(&str, &[&str]); 3] = [
    (
        "de",
        &[
            "der", "die", "das", "und", "nicht", "mit", "den", "ist", "auf", "für", "dem", "zu",
        ],
    ),
    (
        "fr",
        &[
            "le", "la", "les", "des", "et", "est", "une", "du", "pour", "que", "dans", "qui",
        ],
    ),
    (
        "en",
        &[
            "the", "and", "of", "to", "is", "that", "for", "with", "was", "by", "which", "on",
        ],
    ),
];

/// The language code of `text` (`ru`, `de`, `fr`, `en`), or `None` when it
/// has too few letters or marker words to tell.
pub fn language_of(text: &str) -> Option<&'static str> {
    let (mut cyrillic, mut latin) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        if ('\u{0400}'..='\u{04FF}').contains(&c) {
            cyrillic += 1;
        } else if c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c) {
            latin += 1;
        }
    }
    if cyrillic + latin < 20 {
        return None;
    }
    if cyrillic > latin {
        return Some("ru");
    }
    let mut counts = [0usize; 3];
    for word in text.split(|c: char| !c.is_alphabetic()) {
        if word.is_empty() || word.len() > 6 {
            continue;
        }
        let lower = word.to_lowercase();
        for (k, (_, words)) in MARKERS.iter().enumerate() {
            if words.contains(&lower.as_str()) {
                counts[k] += 1;
            }
        }
    }
    let (best, &count) = counts
        .iter()
        .enumerate()
        .max_by_key(|&(k, c)| (c, std::cmp::Reverse(k)))?;
    (count >= 2).then_some(MARKERS[best].0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_of_editions() {
        let cases = [
            (
                "Прошу срочно сообщить о положении дел в Зангезуре и о мерах.",
                Some("ru"),
            ),
            (
                "The Government of Armenia has the honour to inform the Allied Powers.",
                Some("en"),
            ),
            (
                "Der Bundeskanzler und der Außenminister sprachen über die Lage in der Region.",
                Some("de"),
            ),
            (
                "Le gouvernement de la République a l'honneur de faire savoir que les troupes",
                Some("fr"),
            ),
            // English words in a Russian text do not make it English.
            (
                "Текст телеграммы: The telegram follows — прошу передать немедленно в Москву.",
                Some("ru"),
            ),
            ("No. 5", None),
            ("Xyzzy plugh frobnicate quux wibble wobble", None),
        ];
        for (text, expect) in cases {
            assert_eq!(language_of(text), expect, "{text}");
        }
    }
}
