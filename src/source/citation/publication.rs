//! Printed publications in the tail (`Published in: …`, `Source: …`), split
//! into title, place, year and scope (docs/encoding.md §7.2 rows 66–67).

use super::find::find_citation;
use crate::config::Config;
use crate::model::{DateValue, Inline, InlineKind, Publication, Span};

/// Offset of a publication label (`config.conventions.publication_labels`) at
/// the start of `text` or after a space.
pub fn find_publication(text: &str, config: &Config) -> Option<usize> {
    let labels = &config.conventions.publication_labels;
    // The first letters of the labels, to skip most word starts at once.
    let initials: Vec<char> = labels.iter().filter_map(|l| l.chars().next()).collect();
    text.char_indices()
        .filter(|&(i, c)| (i == 0 || text[..i].ends_with(' ')) && initials.contains(&c))
        .map(|(i, _)| i)
        .find(|&i| {
            labels
                .iter()
                .any(|l| !l.is_empty() && text[i..].starts_with(l.as_str()))
        })
        // `Source: National Archives, …` is an archival citation, not a print.
        .filter(|&i| find_citation(&text[i..], config) != Some(0))
}

/// Parse a publication (`Published in: The Armenian Question at Geneva,
/// Yerevan, 1994, Document No. 40.`) into its label, `Title`, `PubPlace`,
/// `Date` (a year), `BiblScope` and the text between them (§7.2 rows 66–67).
/// Every byte of `text` is in exactly one inline.
pub fn parse_publication(text: &str, base: usize, config: &Config) -> Publication {
    let label_len = config
        .conventions
        .publication_labels
        .iter()
        .filter(|l| !l.is_empty() && text.starts_with(l.as_str()))
        .map(|l| {
            let rest = &text[l.len()..];
            l.len() + (rest.len() - rest.trim_start_matches(' ').len())
        })
        .max()
        .unwrap_or(0);
    let body_end = if text.ends_with('.') {
        text.len() - 1
    } else {
        text.len()
    };
    let body_start = label_len.min(body_end);
    let pieces = publication_pieces(&text[body_start..body_end], body_start);
    Publication {
        span: Span::new(base, base + text.len()),
        content: fill_gaps(text, base, pieces),
    }
}

/// A recognised part of a publication: its kind and its range in `text`.
type Piece = (usize, usize, InlineKind);

/// Title, place, year and scope of a publication body (label and final period
/// removed); `offset` is the body's offset in the publication text.
fn publication_pieces(body: &str, offset: usize) -> Vec<Piece> {
    let parts = split_with_offsets(body, ", ");
    let year_at = parts
        .iter()
        .skip(1)
        .position(|(_, p)| is_year(p))
        .map(|i| i + 1);
    let scope_at = parts
        .iter()
        .skip(1)
        .position(|(_, p)| bibl_scope(p).is_some())
        .map(|i| i + 1);
    let title_end = match (year_at, scope_at) {
        (Some(y), _) if y >= 2 => y - 1,
        (Some(y), _) => y,
        (None, Some(s)) => s,
        (None, None) => parts.len(),
    };
    let mut pieces = Vec::new();
    if let (Some((first, _)), Some((last, last_text))) =
        (parts.first(), parts.get(title_end.saturating_sub(1)))
        && title_end > 0
    {
        let (start, end) = (offset + first, offset + last + last_text.len());
        pieces.push((
            start,
            end,
            InlineKind::Title(body[*first..last + last_text.len()].to_string()),
        ));
    }
    for (i, (at, part)) in parts.iter().enumerate().skip(title_end) {
        let (start, end) = (offset + at, offset + at + part.len());
        let kind = if Some(i + 1) == year_at {
            Some(InlineKind::PubPlace(part.to_string()))
        } else if is_year(part) {
            Some(InlineKind::Date(DateValue {
                text: part.to_string(),
                when: Some(part.to_string()),
                ..DateValue::default()
            }))
        } else {
            bibl_scope(part)
        };
        if let Some(kind) = kind {
            pieces.push((start, end, kind));
        }
    }
    pieces
}

fn split_with_offsets<'a>(text: &'a str, separator: &str) -> Vec<(usize, &'a str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices(separator) {
        out.push((start, &text[start..i]));
        start = i + separator.len();
    }
    out.push((start, &text[start..]));
    out
}

fn is_year(part: &str) -> bool {
    part.len() == 4 && part.bytes().all(|b| b.is_ascii_digit())
}

/// `Document No. 40` (document), `No. 16` (issue), `p. 12`/`pp. 12–14` (page),
/// `Vol. 3` (volume), each with a range.
fn bibl_scope(part: &str) -> Option<InlineKind> {
    const UNITS: [(&str, &str); 7] = [
        ("Document No. ", "document"),
        ("Doc. No. ", "document"),
        ("No. ", "issue"),
        ("pp. ", "page"),
        ("p. ", "page"),
        ("Vol. ", "volume"),
        ("vol. ", "volume"),
    ];
    UNITS.iter().find_map(|(label, unit)| {
        let range = part.strip_prefix(label)?;
        let (from, to) = match range.split_once(['–', '-']) {
            Some((from, to)) => (from, to),
            None => (range, range),
        };
        let plain = |v: &str| !v.is_empty() && v.chars().all(char::is_alphanumeric);
        (plain(from) && plain(to)).then(|| InlineKind::BiblScope {
            unit: unit.to_string(),
            from: from.to_string(),
            to: to.to_string(),
            text: part.to_string(),
        })
    })
}

/// The pieces in order, with the text between and around them as `Text`.
fn fill_gaps(text: &str, base: usize, pieces: Vec<Piece>) -> Vec<Inline> {
    let mut content = Vec::new();
    let mut pos = 0;
    for (start, end, kind) in pieces {
        if start > pos {
            content.push(Inline::text(
                Span::new(base + pos, base + start),
                &text[pos..start],
            ));
        }
        content.push(Inline::new(Span::new(base + start, base + end), kind));
        pos = end;
    }
    if pos < text.len() {
        content.push(Inline::text(
            Span::new(base + pos, base + text.len()),
            &text[pos..],
        ));
    }
    content
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::plain_text;
    use crate::source::citation::tests::{assert_spans, render_inlines};
    use crate::source::fixtures::fixture_line;

    fn check_publication(text: &str, expect: &str) {
        let config = Config::builtin();
        let base = 500;
        let publication = parse_publication(text, base, &config);
        assert_eq!(publication.span, Span::new(base, base + text.len()));
        assert_spans(text, base, &publication.content);
        // Lossless: the pieces are contiguous and cover the whole text.
        let mut pos = base;
        for inline in &publication.content {
            assert_eq!(inline.span.start, pos);
            pos = inline.span.end;
        }
        assert_eq!(pos, base + text.len());
        let mut got = String::new();
        render_inlines(&publication.content, &mut got);
        assert_eq!(got.trim_start(), expect, "publication: {text}");
    }

    #[test]
    fn publications_of_the_variants() {
        check_publication(
            "Published in: The Armenian Question at Geneva, Yerevan, 1994, Document No. 40.",
            r#""Published in: " title(The Armenian Question at Geneva) ", " pubPlace(Yerevan) ", " date(1994 when=Some("1994")) ", " scope(document 40–40 "Document No. 40") ".""#,
        );
        check_publication(
            "Source: Diplomatic Archive Review, 1991, No. 16.",
            r#""Source: " title(Diplomatic Archive Review) ", " date(1991 when=Some("1991")) ", " scope(issue 16–16 "No. 16") ".""#,
        );
        let text = include_str!("../../../tests/fixtures/variants.txt");
        let (line, base) = fixture_line(text, 67);
        let publication = parse_publication(line, base, &Config::builtin());
        assert_eq!(
            &text[publication.content[1].span.start..publication.content[1].span.end],
            "The Armenian Question at Geneva"
        );
    }

    #[test]
    fn publication_odd_shapes() {
        check_publication(
            "Published in: Armenia, Turkey and the Powers, Yerevan, 1994, pp. 12–14.",
            r#""Published in: " title(Armenia, Turkey and the Powers) ", " pubPlace(Yerevan) ", " date(1994 when=Some("1994")) ", " scope(page 12–14 "pp. 12–14") ".""#,
        );
        check_publication(
            "Source: A Review of Things",
            r#""Source: " title(A Review of Things)"#,
        );
        check_publication(
            "Source: Review, Vol. 3, somewhere",
            r#""Source: " title(Review) ", " scope(volume 3–3 "Vol. 3") ", somewhere""#,
        );
        for odd in ["", ".", "Source:", "Source: .", "Published in: , , 1994, ."] {
            let p = parse_publication(odd, 0, &Config::builtin());
            assert_eq!(plain_text(&p.content), odd);
        }
    }

    #[test]
    fn find_publication_starts() {
        let config = Config::builtin();
        let find = |t: &str| find_publication(t, &config);
        assert_eq!(find("Published in: X, 1994."), Some(0));
        assert_eq!(
            find("RGVA, f. 1, op. 1, d. 1, l. 1. Source: X, 1991."),
            Some(31)
        );
        assert_eq!(find("Open Source: X"), Some(5));
        assert_eq!(find("OpenSource: X"), None);
        assert_eq!(find("nothing here"), None);
    }
}
