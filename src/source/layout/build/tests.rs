//! Tests of turning a reading into documents (`build`), kept beside it so the code reads on its own.

use crate::config::Config;
use crate::model::{Inline, InlineKind, OpenerItem};
use crate::source::read_source;

fn render(content: &[Inline], out: &mut Vec<String>) {
    for i in content {
        match &i.kind {
            InlineKind::PlaceName(p) => out.push(format!("place {p}")),
            InlineKind::Date(d) => out.push(format!("date {}", d.when.as_deref().unwrap_or("-"))),
            InlineKind::Supplied(c) | InlineKind::Hi { content: c, .. } => render(c, out),
            _ => {}
        }
    }
}

/// The datelines of the first document of `text`, each as "place P; date D".
fn check(text: &str, expect: &[&str]) {
    let (edition, _) = read_source(text, "test.txt", &Config::builtin());
    let doc = edition.documents.first().expect("a document");
    let got: Vec<String> = doc
        .opener
        .iter()
        .flat_map(|o| &o.items)
        .filter_map(|item| match item {
            OpenerItem::Dateline { content, .. } => {
                let mut parts = Vec::new();
                render(content, &mut parts);
                Some(parts.join("; "))
            }
            OpenerItem::Marking(_) => None,
        })
        .collect();
    assert_eq!(got, expect, "{text}");
}

#[test]
fn the_date_ending_an_earlier_title_line() {
    check(
        "Постановление Совета о школах от 3 мая 1925 г.\nСовершенно секретно\n(Из особой папки)\nСовет постановил открыть школы во всех уездах губернии в этом году.\n",
        &["date 1925-05-03"],
    );
}

#[test]
fn a_dateline_under_a_number_line_with_its_citation() {
    check(
        "No. 12 RGASPI, f. 17, op. 3, d. 100, l. 1.\nLondon, 4 May 1930\nDear Sir,\nWe have received your report on the fisheries and will answer it soon.\n",
        &["place London; date 1930-05-04"],
    );
}

#[test]
fn the_archives_date_line_and_the_documents_own_dateline() {
    check(
        "Skip to content\n\nMay 2, 1975\n\nRecord of the Minister's Talk with the Ambassador\n\nLeiter der Abteilung 4\n\nWien, den 2. Mai 1975\n\nDer Minister begrüßt den Botschafter und dankt ihm für seinen Besuch in der Hauptstadt.\n",
        &["date 1975-05-02", "place Wien; date 1975-05-02"],
    );
}

/// The number of documents of `text` and the notes of each.
fn documents(text: &str) -> Vec<usize> {
    let (edition, _) = read_source(text, "test.txt", &Config::builtin());
    edition.documents.iter().map(|d| d.notes.len()).collect()
}

/// A security marking over a telegram's text is printed text: the TEI
/// keeps it, whether the parse reads it as matter of the heading or not.
#[test]
fn a_security_marking_in_the_heading_is_kept() {
    let cases = [
        "Telegram from the Embassy in Exland\n\nStrictly secret.\n\nFrom Northtown.\n\nThe minister received me this morning and read the note aloud.\n\nArchive of Foreign Policy, fond 059a, opis 5, delo 4, list 46.\n",
        "Note of the Commission on Forests\n\nTop Secret\n\nThe timber must be sent to the mills without further delay.\n",
    ];
    for text in cases {
        let (edition, _) = read_source(text, "test.txt", &Config::builtin());
        let tei = crate::tei::write::write_tei(&edition, &Default::default());
        let marking = text.split("\n\n").nth(1).unwrap_or_default();
        assert!(tei.contains(marking), "{marking} lost:\n{tei}");
    }
}

/// Each document of `text` as its title and its first text paragraph.
fn heads_and_texts(text: &str) -> Vec<(String, String)> {
    let (edition, _) = read_source(text, "test.txt", &Config::builtin());
    edition
        .documents
        .iter()
        .map(|d| {
            let head = d
                .heads
                .iter()
                .map(|h| crate::model::plain_text(&h.content))
                .collect();
            let first = d
                .blocks
                .first()
                .map(|b| format!("{b:?}"))
                .unwrap_or_default();
            (head, first)
        })
        .collect()
}

/// A page whose citation quotes the document's title, and no line
/// repeats it: one document with that title, the site's headings and
/// its summary page matter, the text after them its text.
#[test]
fn the_title_a_pages_citation_quotes() {
    let cases = [(
        "Find in\n\nThe Archive Online\n\nMarch 02, 1960\n\n• Citation\n\n  get citation\n\n  The minister and the envoy discuss the harbour works and the loan.\n  \"Record of a Talk between the Minister and the Envoy,\" March 02, 1960, Digital Archive, AVP RF, f. 5, op. 2, d. 3.\n• share document\n\nFull Text\n\n2 March 1960\n\nThe minister opened the conversation by asking about the harbour works in the north.\n",
        "Record of a Talk between the Minister and the Envoy",
        "The minister opened",
    )];
    for (text, head, body) in cases {
        let docs = heads_and_texts(text);
        assert_eq!(docs.len(), 1, "{docs:?}");
        assert_eq!(docs[0].0, head);
        assert!(docs[0].1.contains(body), "{docs:?}");
    }
}

#[test]
fn a_salutation_after_page_matter_never_starts_a_document() {
    let cases: &[(&str, &[usize])] = &[
        // A salutation after the site's fields continues the letter.
        (
            "12\n\nTo:   A. B. PETROV\n\nWritten: Written in May, 1921\nSource: Collected Works, Volume 9, pages 10-11.\nTranslated: A. Smith\nOther Formats:   Text\n\nComrades Petrov and Ivanov\n\nThe timber must be sent to the mills without further delay.[1]\n\nWith greetings,\nLenin\n\nNotes\n\n[1] The timber had been held at the station for a month.\n",
            &[1],
        ),
    ];
    for (text, expect) in cases {
        assert_eq!(documents(text), *expect, "{text}");
    }
}
