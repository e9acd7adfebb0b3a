//! Source shapes beyond the samples, each a regression test.

use teikit::config::Config;
use teikit::model::{DocumentKind, WitnessKind};
use teikit::source::read_source;

fn config() -> Config {
    Config::from_toml(
        "[editor]\ninitials = [\"A.V.\"]\nxml_id = \"AV\"\n[archives]\nTOGA = { name = \"Tesminsk Oblast State Archive\" }\n",
    )
    .unwrap()
}

fn read(text: &str) -> (teikit::model::Edition, Vec<&'static str>) {
    let (e, d) = read_source(text, "t.txt", &config());
    (e, d.iter().map(|d| d.code).collect())
}

#[test]
fn a_fragment_ending_in_an_emphasis_note_is_no_title() {
    let text = "Annex II <…>\n- Seed grain is held. TOGA, f. 112, op. 2, d. 41, pp. 17–18. Copy. (Emphasis added – A.V.)\n\nAPPEAL OF THE COMMITTEE\nTO THE VOLOSTS\n\n[3 August 1921]\n\nThe harvest has failed.\n\nTOGA, f. 112, op. 2, d. 44, l. 6.\n\nNo. 302\nLetter from the Committee 9 August 1921\nText. TOGA, f. 1, op. 1, d. 1, p. 1. Copy.\n";
    let (e, codes) = read(text);
    assert_eq!(e.documents[0].kind, DocumentKind::Fragment);
    assert_eq!(e.documents[1].id, "d301");
    assert!(codes.contains(&"teikit::source::leading-fragment"));
}

#[test]
fn a_number_after_an_emphasis_note_or_parenthesized_citation_is_split_off() {
    let text = "No. 1\nLetter one 9 August 1921\nText. TOGA, f. 1, op. 1, d. 1, p. 1. Copy. (Emphasis added – A.V.) 9\n";
    let (e, codes) = read(text);
    assert!(
        codes.contains(&"teikit::source::trailing-number"),
        "{codes:?}"
    );
    assert_eq!(e.documents[0].notes.len(), 1, "the emphasis note is kept");
    let text = "No. 1\nLetter one 9 August 1921\nText. —Kramer (TOGA, f. 112, op. 2, d. 51, p. 12) 2\nLetter two 10 August 1921\nMore. TOGA, f. 1, op. 1, d. 1, p. 2.\n";
    let (e, codes) = read(text);
    assert_eq!(codes, ["teikit::source::fused-number"]);
    assert_eq!(e.documents[1].n.as_deref(), Some("2"));
    assert!(e.documents[1].cert.is_none());
    let w = e.documents[0].witnesses.as_ref().unwrap();
    assert!(w.parenthesized && matches!(w.items[0].kind, WitnessKind::Parsed(_)));
}

#[test]
fn a_later_qualifier_adds_the_affiliation() {
    let text = "No. 1\nRecord one 9 August 1921\nHollis: We agree.\nMr. Hollis (United States): We do.\nTOGA, f. 1, op. 1, d. 1, p. 1.\n";
    let (e, _) = read(text);
    assert_eq!(
        e.header.persons[0].affiliation.as_deref(),
        Some("United States")
    );
}

#[test]
fn unknown_archives_are_reported_but_parsed() {
    let text = "No. 1\nLetter one 9 August 1921\nText. GARF, f. 1, op. 1, d. 1, p. 1. Copy.\n";
    let (e, codes) = read(text);
    assert!(
        codes.contains(&"teikit::citation::unknown-archive"),
        "{codes:?}"
    );
    assert!(matches!(
        e.documents[0].witnesses.as_ref().unwrap().items[0].kind,
        WitnessKind::Parsed(_)
    ));
    assert_eq!(e.header.repositories[0].full, None);
}

#[test]
fn number_order_and_duplicates() {
    let text = "No. 5\nLetter one 9 August 1921\nText. TOGA, f. 1, op. 1, d. 1, p. 1.\nNo. 5\nLetter two 9 August 1921\nText. TOGA, f. 1, op. 1, d. 1, p. 2.\n";
    let (e, codes) = read(text);
    assert_eq!(codes, ["teikit::source::number-order"]);
    let ids: Vec<&str> = e.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["d5", "d5-2"]);
}
