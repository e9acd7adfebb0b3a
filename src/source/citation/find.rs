//! Finding where an archival citation starts in a line: a shelfmark
//! (`ARCHIVE, f. N`) after a known or unknown acronym, or an archival
//! reference of another form ([`find_reference`]).

use super::reference::{self, find_reference};
use crate::config::{Config, Labels};

/// Byte offset of the first citation start in `text`: an archive acronym from
/// `config.archives` — or an unknown acronym of capitals, maybe several words —
/// followed by `", "` and a fond label (`config.citations.fond`), at the start
/// of `text` or after a space or `(`; or an archival reference of another form
/// ([`find_reference`]: Russian dotted citations, file numbers, archives named
/// in words, film frames, slash shelfmarks). A label such as `Source: ` right
/// before a citation belongs to it.
pub fn find_citation(text: &str, config: &Config) -> Option<usize> {
    let shelfmark = text
        .match_indices(", ")
        .find_map(|(comma, _)| {
            let after = text.get(comma + 2..)?;
            starts_with_label_and_value(after, &config.citations.fond)
                .or_else(|| starts_with_label_and_digit(after, &config.citations.fond))?;
            acronym_start(&text[..comma], config)
        })
        .map(|at| reference::with_label(text, at));
    match (shelfmark, find_reference(text)) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Where the acronym ending `before` starts: a configured archive (longest
/// first), else a run of words of capitals; it must stand at the start or
/// after a space or `(`.
pub(super) fn acronym_start(before: &str, config: &Config) -> Option<usize> {
    let mut known: Vec<&str> = config.archives.keys().map(String::as_str).collect();
    known.sort_by_key(|k| std::cmp::Reverse(k.len()));
    let known_start = known
        .iter()
        .filter(|k| !k.is_empty() && before.ends_with(*k))
        .map(|k| before.len() - k.len())
        .find(|&start| at_boundary(before, start));
    known_start.or_else(|| unknown_acronym_start(before))
}

fn at_boundary(text: &str, start: usize) -> bool {
    start == 0 || text[..start].ends_with([' ', '('])
}

/// The start of the run of capital words (separated by single spaces) that
/// ends `before`, when it has two letters or more.
fn unknown_acronym_start(before: &str) -> Option<usize> {
    let mut start = before.len();
    let mut letters = 0;
    while let Some(word_start) = capital_word_before(&before[..start]) {
        letters += before[word_start..start].chars().count();
        start = word_start;
        let joined = start > 0
            && before[..start].ends_with(' ')
            && capital_word_before(&before[..start - 1]).is_some();
        if !joined {
            break;
        }
        start -= 1;
    }
    (letters >= 2 && at_boundary(before, start)).then_some(start)
}

/// The start of the word of capitals ending `head`, if it ends in one.
fn capital_word_before(head: &str) -> Option<usize> {
    let word_start = head.rfind([' ', '(']).map_or(0, |i| i + 1);
    let word = &head[word_start..];
    (!word.is_empty() && word.chars().all(char::is_uppercase)).then_some(word_start)
}

/// `text` starts with one of `labels`' forms, a space and a value character.
pub(super) fn starts_with_label_and_value<'a>(text: &str, labels: &'a Labels) -> Option<&'a str> {
    labels.forms().into_iter().find_map(|form| {
        let rest = text.strip_prefix(form)?.strip_prefix(' ')?;
        rest.starts_with(char::is_alphanumeric).then_some(form)
    })
}

/// `text` starts with a dotted label of `labels` and a digit right after it
/// (`f.1`): a shelfmark printed without spaces, found but not parsed.
fn starts_with_label_and_digit<'a>(text: &str, labels: &'a Labels) -> Option<&'a str> {
    labels.forms().into_iter().find_map(|form| {
        let rest = text.strip_prefix(form)?;
        (form.ends_with('.') && rest.starts_with(|c: char| c.is_ascii_digit())).then_some(form)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_citation_starts() {
        let config = Config::builtin();
        fn find<'a>(t: &'a str, config: &Config) -> Option<&'a str> {
            find_citation(t, config).map(|i| &t[i..])
        }
        let find = |t: &'static str| find(t, &config);
        assert_eq!(
            find("No. 159. RGASPI, f. 558, op. 1, d. 5224, p. 1. Copy."),
            Some("RGASPI, f. 558, op. 1, d. 5224, p. 1. Copy.")
        );
        assert_eq!(find("NA RA, f. 200, op. 1"), Some("NA RA, f. 200, op. 1"));
        assert_eq!(
            find("—Arzumanov (AVPR, f. 132, op. 4)"),
            Some("AVPR, f. 132, op. 4)")
        );
        assert_eq!(
            find("text NA RA, Fund 276, Inventory 1"),
            Some("NA RA, Fund 276, Inventory 1")
        );
        assert_eq!(
            find("signed. GA RF, f. 1, op. 1"),
            Some("GA RF, f. 1, op. 1")
        );
        assert_eq!(find("in the USSR NA RA, f. 1"), Some("NA RA, f. 1"));
        // No fond label, a glued acronym, lower-case words, a single capital: none.
        assert_eq!(find("RGASPI, op. 1, d. 21"), None);
        assert_eq!(find("xRGASPI, f. 64"), None);
        assert_eq!(find("the Secretary, f. 64"), None);
        assert_eq!(find("Plan A, f. 64"), None);
        assert_eq!(find("RGASPI, f."), None);
        assert_eq!(find(""), None);
    }
}
