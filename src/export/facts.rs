//! What several exporters need to know about a document beyond its text: its
//! date and place (from the dateline), its archival citation as one line, and
//! who sent it to whom (from a title such as “Telegram from X to Y on …”).
//! One reading of the model, shared by the site, the citations, CMIF and EPUB.

use crate::model::{
    DateValue, Document, DocumentKind, Header, Inline, InlineKind, OpenerItem, ParsedWitness,
    ShelfmarkKind, WitnessKind, for_each_plain_text,
};

use super::words::Words;

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

/// The main title of the document as plain text, line breaks as spaces:
/// the heads that are not subtitles, each as `push_head_text` gives it,
/// one space between them. Written into one string as the inlines are read
/// (every document's citation and view needs it).
pub fn document_title(doc: &Document) -> String {
    let mut title = String::new();
    for (k, head) in doc.heads.iter().filter(|h| !h.sub).enumerate() {
        if k > 0 {
            title.push(' ');
        }
        push_head_text(&head.content, &mut title);
    }
    title
}

/// Appends the plain text of a head to `out`, an `lb` of the head's own
/// content as a space, every run of white space as one space and none at
/// either end: the words of the text, as `split_whitespace` finds them,
/// joined by single spaces.
fn push_head_text(content: &[Inline], out: &mut String) {
    let mut words = Words::new(out);
    for inline in content {
        if matches!(inline.kind, InlineKind::Lb) {
            words.push(" ");
        } else {
            for_each_plain_text(std::slice::from_ref(inline), &mut |piece| words.push(piece));
        }
    }
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
    // `label value` for each part, then the cited range, `, ` between them.
    let mut shelfmark = String::with_capacity(
        w.shelfmark.iter().map(|p| p.value.len() + 8).sum::<usize>() + w.range.text.len(),
    );
    for (k, p) in w.shelfmark.iter().enumerate() {
        if k > 0 {
            shelfmark.push_str(", ");
        }
        shelfmark.push_str(p.label.as_deref().unwrap_or(match p.kind {
            ShelfmarkKind::Fond => "f.",
            ShelfmarkKind::Opis => "op.",
            ShelfmarkKind::Papka => "p.",
            ShelfmarkKind::Delo => "d.",
        }));
        shelfmark.push(' ');
        shelfmark.push_str(&p.value);
    }
    let range = w.range.text.trim();
    if !range.is_empty() {
        if !w.shelfmark.is_empty() {
            shelfmark.push_str(", ");
        }
        shelfmark.push_str(range);
    }
    ArchiveCitation {
        archive: w.repository.clone(),
        archive_full: repo.and_then(|r| r.full.clone()),
        archive_place: repo.and_then(|r| r.place.clone()),
        shelfmark,
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
    use crate::model::plain_text;

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

    /// The title as it was made before it was written into one string: each
    /// inline's plain text (`lb` a space), joined, split at white space and
    /// joined again, the heads' texts joined by a space.
    fn title_by_words(doc: &Document) -> String {
        doc.heads
            .iter()
            .filter(|h| !h.sub)
            .map(|h| {
                let pieces: Vec<String> = h
                    .content
                    .iter()
                    .map(|i| match i.kind {
                        InlineKind::Lb => " ".to_string(),
                        _ => plain_text(std::slice::from_ref(i)),
                    })
                    .collect();
                pieces
                    .concat()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// A head of these inlines: a string is text, `|` an `lb`, `<…>` text
    /// inside `hi` (whose own `lb`, `<|>`, adds nothing: only a head's own
    /// line breaks are spaces).
    fn head(sub: bool, pieces: &[&str]) -> crate::model::Head {
        use crate::model::Span;
        let inline = |piece: &str| match piece {
            "|" => Inline::new(Span::default(), InlineKind::Lb),
            "<|>" => Inline::new(
                Span::default(),
                InlineKind::Hi {
                    rend: "italic".into(),
                    content: vec![Inline::new(Span::default(), InlineKind::Lb)],
                },
            ),
            p if p.starts_with('<') => Inline::new(
                Span::default(),
                InlineKind::Hi {
                    rend: "italic".into(),
                    content: vec![Inline::text(Span::default(), p.trim_matches(['<', '>']))],
                },
            ),
            p => Inline::text(Span::default(), p),
        };
        crate::model::Head {
            span: Span::default(),
            sub,
            content: pieces.iter().map(|p| inline(p)).collect(),
        }
    }

    #[test]
    fn titles_are_words_joined_by_single_spaces() {
        let check = |heads: Vec<crate::model::Head>, expect: &str| {
            let doc = Document {
                heads,
                ..Document::default()
            };
            assert_eq!(document_title(&doc), expect, "{:?}", doc.heads);
            assert_eq!(document_title(&doc), title_by_words(&doc));
        };
        check(
            vec![head(false, &["Letter from A", "|", "to B"])],
            "Letter from A to B",
        );
        check(
            vec![head(false, &["  Report\t\n of ", "<the>", "  Committee  "])],
            "Report of the Committee",
        );
        check(
            vec![head(false, &["Report\u{a0}of\u{2003}the", "|", "|", "Day"])],
            "Report of the Day",
        );
        check(
            vec![head(false, &["Tele", "<gram>", " to", "<|>", "B"])],
            "Telegram toB",
        );
        check(
            vec![
                head(false, &["A"]),
                head(true, &["sub"]),
                head(false, &["B"]),
            ],
            "A B",
        );
        check(
            vec![
                head(false, &["A"]),
                head(false, &[" ", "|"]),
                head(false, &["B"]),
            ],
            "A  B",
        );
        check(vec![head(false, &["|"])], "");
        check(vec![head(true, &["only a subtitle"])], "");
        check(vec![], "");
    }

    proptest::proptest! {
        #[test]
        fn titles_match_the_words_of_their_text(
            heads in proptest::collection::vec(
                (proptest::bool::weighted(0.2), proptest::collection::vec(
                    proptest::prop_oneof![
                        proptest::prelude::Just("|".to_string()),
                        proptest::prelude::Just("<|>".to_string()),
                        "[ a\t\n\u{b}\u{1c}\u{85}\u{a0}\u{2003}.]{0,5}",
                        "<[ ab\u{3000}]{0,4}>",
                        proptest::prelude::any::<String>(),
                    ],
                    0..6,
                )),
                0..4,
            )
        ) {
            let doc = Document {
                heads: heads
                    .iter()
                    .map(|(sub, pieces)| {
                        let pieces: Vec<&str> = pieces.iter().map(String::as_str).collect();
                        head(*sub, &pieces)
                    })
                    .collect(),
                ..Document::default()
            };
            proptest::prop_assert_eq!(document_title(&doc), title_by_words(&doc));
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
