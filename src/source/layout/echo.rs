//! Headings that repeat one another: a page's short heading echoed by the
//! full title close by, a heading repeated word for word in the next line
//! (docs/encoding.md §7.1 rule 22).

/// Lower-case words of three letters or more (at most 40: headings are short).
pub(super) fn content_words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| w.chars().count() >= 3)
        .take(41)
        .collect()
}

/// Whether the short heading `a` is echoed by the longer line `b`: `a` has
/// 2–40 words and at least 60 % of them are in `b`.
pub(super) fn echoes(a: &[String], b: &[String]) -> bool {
    if a.len() < 2 || a.len() > 40 || b.len() <= a.len() {
        return false;
    }
    let shared = a.iter().filter(|w| b.contains(w)).count();
    shared * 5 >= a.len() * 3
}

/// Whether the shorter of two lines recurs, word for word, inside the longer.
pub(super) fn repeats(a: &str, b: &str) -> bool {
    let norm = |s: &str| -> Vec<String> {
        s.split_whitespace()
            .map(|w| {
                w.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
            })
            .filter(|w| !w.is_empty())
            .collect()
    };
    let (a, b) = (norm(a), norm(b));
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.len() < 3 {
        return false;
    }
    long.windows(short.len()).any(|w| w == short.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_heading_is_echoed_by_the_longer_title_nearby() {
        let w = |s: &str| content_words(s);
        assert!(echoes(
            &w("Treaty of the Two Republics"),
            &w("Treaty between the representatives of the Two Republics on the border")
        ));
        assert!(!echoes(
            &w("Treaty between the representatives of the Two Republics on the border"),
            &w("Treaty of the Two Republics")
        ));
        assert!(!echoes(
            &w("Letter to the Mayor"),
            &w("The harvest was good this year in all provinces")
        ));
    }
    #[test]
    fn repeated_heading() {
        assert!(repeats(
            "Agreement of the Two Republics",
            "Text of the Agreement of the Two Republics signed in the capital"
        ));
        assert!(!repeats("Telegram", "Telegram to the Council"));
    }
}
