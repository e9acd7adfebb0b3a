//! What several exporters need to know about a document beyond its text: its
//! date and place (from the dateline), its archival citation as one line, and
//! who sent it to whom (from a title such as “Telegram from X to Y on …”).
//! One reading of the model, shared by the site, the citations, CMIF and EPUB.

use crate::model::{
    DateValue, Document, DocumentKind, Header, Inline, InlineKind, OpenerItem, ParsedWitness,
    ShelfmarkKind, WitnessKind, plain_text,
};

/// The date of the document's first dateline.
pub fn document_date(doc: &Document) -> Option<&DateValue> {
    dateline(doc).and_then(|content| {
        find_in_dateline(content, 0, &|kind| match kind {
            InlineKind::Date(d) => Some(d),
            _ => None,
        })
    })
}

/// The place of the document's first dateline.
pub fn document_place(doc: &Document) -> Option<&str> {
    dateline(doc).and_then(|content| {
        find_in_dateline(content, 0, &|kind| match kind {
            InlineKind::PlaceName(p) => Some(p.as_str()),
            _ => None,
        })
    })
}

/// The first inline of dateline content that `pick` accepts, looking inside
/// `supplied` (a date the compiler supplied) and `hi` (a place printed in
/// capitals), at most 8 levels deep.
fn find_in_dateline<'a, T>(
    content: &'a [Inline],
    depth: usize,
    pick: &impl Fn(&'a InlineKind) -> Option<T>,
) -> Option<T> {
    if depth > 8 {
        return None;
    }
    content.iter().find_map(|i| match &i.kind {
        InlineKind::Supplied(c) | InlineKind::Hi { content: c, .. } => {
            find_in_dateline(c, depth + 1, pick)
        }
        kind => pick(kind),
    })
}

fn dateline(doc: &Document) -> Option<&[Inline]> {
    doc.opener
        .iter()
        .flat_map(|o| &o.items)
        .find_map(|item| match item {
            OpenerItem::Dateline { content, .. } => Some(content.as_slice()),
            OpenerItem::Marking(_) => None,
        })
}

/// The sortable day range a date stands for: `when` (a year or month widened
/// to its first and last day), else `notBefore`/`notAfter`. `exact` is false
/// for ranges, bounds and partial dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateRange {
    pub from: String,
    pub to: String,
    pub exact: bool,
}

pub fn date_range(d: &DateValue) -> Option<DateRange> {
    if let Some(when) = d.when.as_deref().filter(|w| !w.is_empty()) {
        let day = when.get(..10).unwrap_or(when);
        return Some(match day.len() {
            10 => DateRange {
                from: day.to_string(),
                to: day.to_string(),
                exact: true,
            },
            7 => DateRange {
                from: format!("{day}-01"),
                to: format!("{day}-31"),
                exact: false,
            },
            _ => DateRange {
                from: format!("{day}-01-01"),
                to: format!("{day}-12-31"),
                exact: false,
            },
        });
    }
    let (a, b) = (d.not_before.as_deref(), d.not_after.as_deref());
    match (a, b) {
        (None, None) => None,
        _ => Some(DateRange {
            from: a.or(b).unwrap_or_default().to_string(),
            to: b.or(a).unwrap_or_default().to_string(),
            exact: false,
        }),
    }
}

/// `No. 562`, `No. [562]` for an inferred number, `Fragment`.
pub fn document_label(doc: &Document) -> String {
    if doc.kind == DocumentKind::Fragment {
        return "Fragment".to_string();
    }
    match (&doc.n, doc.cert) {
        (Some(n), None) => format!("No. {n}"),
        (Some(n), Some(_)) => format!("No. [{n}]"),
        (None, _) => "Unnumbered document".to_string(),
    }
}

/// The main title of the document as plain text, line breaks as spaces.
pub fn document_title(doc: &Document) -> String {
    doc.heads
        .iter()
        .filter(|h| !h.sub)
        .map(|h| head_text(&h.content))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Plain text of a head with `lb` as a space and runs of spaces collapsed.
fn head_text(content: &[Inline]) -> String {
    let mut parts: Vec<String> = Vec::new();
    for i in content {
        if matches!(i.kind, InlineKind::Lb) {
            parts.push(" ".to_string());
        } else {
            parts.push(plain_text(std::slice::from_ref(i)));
        }
    }
    parts
        .concat()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The archival citation of the first witness: archive, repository
/// name and place, and the shelfmark as one line (`f. 558, op. 1, d. 5224, p. 1`);
/// an unparsed citation is its text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArchiveCitation {
    pub archive: String,
    pub archive_full: Option<String>,
    pub archive_place: Option<String>,
    pub shelfmark: String,
}

pub fn archive_citation(header: &Header, doc: &Document) -> Option<ArchiveCitation> {
    let first = doc.witnesses.as_ref()?.items.first()?;
    Some(match &first.kind {
        WitnessKind::Parsed(p) => parsed_citation(header, p),
        WitnessKind::Unparsed(text) => ArchiveCitation {
            shelfmark: text.trim().to_string(),
            ..ArchiveCitation::default()
        },
    })
}

fn parsed_citation(header: &Header, w: &ParsedWitness) -> ArchiveCitation {
    let repo = header.repository(&w.repository_ref);
    let mut parts: Vec<String> = w
        .shelfmark
        .iter()
        .map(|p| {
            let label = p.label.clone().unwrap_or_else(|| {
                match p.kind {
                    ShelfmarkKind::Fond => "f.",
                    ShelfmarkKind::Opis => "op.",
                    ShelfmarkKind::Papka => "p.",
                    ShelfmarkKind::Delo => "d.",
                }
                .to_string()
            });
            format!("{label} {}", p.value)
        })
        .collect();
    if !w.range.text.trim().is_empty() {
        parts.push(w.range.text.trim().to_string());
    }
    ArchiveCitation {
        archive: w.repository.clone(),
        archive_full: repo.and_then(|r| r.full.clone()),
        archive_place: repo.and_then(|r| r.place.clone()),
        shelfmark: parts.join(", "),
    }
}

/// Sender and addressee as the title names them: `Letter from A to B on …`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Correspondents {
    /// `letter`, `telegram`, …: the word before `from`.
    pub kind: String,
    pub sender: Option<String>,
    pub addressee: Option<String>,
}

/// Words that start the subject after the addressee.
const SUBJECT_OPENERS: [&str; 12] = [
    " on ",
    " On ",
    " about ",
    " About ",
    " concerning ",
    " Concerning ",
    " regarding ",
    " Regarding ",
    " Forwarding ",
    " forwarding ",
    " Outlining ",
    " with ",
];

/// Where a capitalised participle (` Conveying`, `, Explaining`) starts the
/// subject of a title.
fn participle_at(s: &str) -> Option<usize> {
    let mut offset: usize = 0;
    for word in s.split(' ') {
        let bare = word.trim_start_matches(',');
        if offset > 0
            && bare.len() > 4
            && bare.ends_with("ing")
            && bare.chars().next().is_some_and(char::is_uppercase)
        {
            return Some(offset.saturating_sub(1));
        }
        offset += word.len() + 1;
    }
    None
}

/// Reads sender and addressee from a title that names kind, `from` and `to`;
/// `None` when the title is not of that shape (a report, a resolution).
pub fn correspondents(title: &str) -> Option<Correspondents> {
    // `Letter from A`, `Memorandum Transmitted via Direct Line by A`, `From a Letter by A`.
    let (from_at, word) = [" from ", " by "]
        .iter()
        .filter_map(|w| title.find(w).map(|at| (at, *w)))
        .min()?;
    let kind = title[..from_at].trim();
    if kind.is_empty() || kind.split_whitespace().count() > 5 {
        return None;
    }
    let rest = &title[from_at + word.len()..];
    let (sender, after) = match rest.find(" to ") {
        Some(at) => (&rest[..at], Some(&rest[at + " to ".len()..])),
        None => (rest, None),
    };
    let addressee = after.map(|a| {
        let end = SUBJECT_OPENERS
            .iter()
            .filter_map(|w| a.find(w))
            .chain(participle_at(a))
            .min()
            .unwrap_or(a.len());
        &a[..end]
    });
    let clean = |s: &str| {
        // A parenthesis adds to the name (`(Copy to …)`, `(via …)`): left out.
        let s = s.split(" (").next().unwrap_or(s);
        let mut s = s.trim().trim_end_matches([',', ';']).trim();
        if s.ends_with(')') && !s.contains('(') {
            s = s.trim_end_matches(')').trim();
        }
        // A sentence's full stop goes, an initial's (`C. D.`) stays.
        let last_word = s.rsplit(' ').next().unwrap_or("");
        if last_word.chars().count() > 2 {
            s = s.trim_end_matches('.');
        }
        (!s.is_empty() && s != "…").then(|| s.to_string())
    };
    Some(Correspondents {
        kind: kind.to_lowercase(),
        sender: clean(sender),
        addressee: addressee.and_then(clean),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(title: &str, expect: Option<(&str, Option<&str>, Option<&str>)>) {
        let got = correspondents(title);
        let got = got
            .as_ref()
            .map(|c| (c.kind.as_str(), c.sender.as_deref(), c.addressee.as_deref()));
        assert_eq!(got, expect, "{title}");
    }

    #[test]
    fn reads_sender_and_addressee_from_titles() {
        check(
            "Telegram from I. Stalin to V. Lenin Outlining the Situation",
            Some(("telegram", Some("I. Stalin"), Some("V. Lenin"))),
        );
        check(
            "Letter from the Chairman, P. Ostrikov, to the People’s Commissariat for Food Forwarding the Resolution",
            Some((
                "letter",
                Some("the Chairman, P. Ostrikov"),
                Some("the People’s Commissariat for Food"),
            )),
        );
        check(
            "Telegram from the Delegate in Geneva to the Committee on Cholera",
            Some((
                "telegram",
                Some("the Delegate in Geneva"),
                Some("the Committee"),
            )),
        );
        check("Telegram from … to …", Some(("telegram", None, None)));
        check(
            "Telegram from I. Stalin (via G. Chicherin) to the Command of the Army, Conveying the Contents",
            Some((
                "telegram",
                Some("I. Stalin"),
                Some("the Command of the Army"),
            )),
        );
        check(
            "Letter from A. B. to C. D.)",
            Some(("letter", Some("A. B."), Some("C. D."))),
        );
        check(
            "Memorandum Transmitted via Direct Line by B. Legran, to G. Chicherin",
            Some((
                "memorandum transmitted via direct line",
                Some("B. Legran"),
                Some("G. Chicherin"),
            )),
        );
        check("Resolution of the Presidium on the Evacuation", None);
        check(
            "Report of the Inspector to the Committee on the State of the Kitchens",
            None,
        );
    }

    #[test]
    fn date_and_place_are_found_inside_supplied_and_hi() {
        use crate::model::{Opener, Span};
        let date = |when: &str| {
            InlineKind::Date(DateValue {
                text: when.into(),
                when: Some(when.into()),
                ..DateValue::default()
            })
        };
        let inline = |kind| Inline::new(Span::default(), kind);
        let hi = |content| InlineKind::Hi {
            rend: "uppercase".into(),
            content,
        };
        let place = |p: &str| inline(InlineKind::PlaceName(p.into()));
        let text = |t: &str| Inline::text(Span::default(), t);
        let cases: Vec<(Vec<Inline>, Option<&str>, Option<&str>)> = vec![
            (
                vec![place("Baku"), text(", "), inline(date("1920-11-05"))],
                Some("1920-11-05"),
                Some("Baku"),
            ),
            (
                vec![
                    inline(hi(vec![place("Berlin")])),
                    text(", "),
                    inline(InlineKind::Supplied(vec![inline(date("1921"))])),
                ],
                Some("1921"),
                Some("Berlin"),
            ),
            (
                vec![inline(hi(vec![inline(date("1922-01"))]))],
                Some("1922-01"),
                None,
            ),
            (vec![text("undated")], None, None),
        ];
        for (content, when, expect_place) in cases {
            let doc = Document {
                opener: Some(Opener {
                    span: Span::default(),
                    items: vec![OpenerItem::Dateline {
                        span: Span::default(),
                        content,
                    }],
                }),
                ..Document::default()
            };
            let got_when = document_date(&doc).and_then(|d| d.when.as_deref());
            assert_eq!((got_when, document_place(&doc)), (when, expect_place));
        }
    }

    #[test]
    fn date_ranges_widen_partial_dates_and_use_bounds() {
        let d = |when: Option<&str>, nb: Option<&str>, na: Option<&str>| DateValue {
            text: String::new(),
            when: when.map(String::from),
            not_before: nb.map(String::from),
            not_after: na.map(String::from),
        };
        let r = |f: &str, t: &str, exact| {
            Some(DateRange {
                from: f.into(),
                to: t.into(),
                exact,
            })
        };
        assert_eq!(
            date_range(&d(Some("1920-11-05T22:15:00"), None, None)),
            r("1920-11-05", "1920-11-05", true)
        );
        assert_eq!(
            date_range(&d(Some("1920-10"), None, None)),
            r("1920-10-01", "1920-10-31", false)
        );
        assert_eq!(
            date_range(&d(None, Some("1921-08-09"), Some("1921-08-10"))),
            r("1921-08-09", "1921-08-10", false)
        );
        assert_eq!(
            date_range(&d(None, Some("1920-11-25"), None)),
            r("1920-11-25", "1920-11-25", false)
        );
        assert_eq!(date_range(&d(None, None, None)), None);
    }
}
