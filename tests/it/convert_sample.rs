//! The sample (documents No. 555–570) against the inventory of docs/encoding.md §4.

use crate::support;

use support::{Marks, convert, marks, positions};
use teikit::config::Config;
use teikit::model::{
    BlockKind, Document, DocumentKind, Edition, InlineKind, OpenerItem, WitnessKind, plain_text,
};

const SAMPLE: &str = "barsegov-555-570.txt";

fn sample() -> Edition {
    let (edition, diagnostics, _) = convert(SAMPLE, &Config::builtin());
    assert!(diagnostics.iter().all(|d| !d.is_error()));
    edition
}

fn doc<'e>(edition: &'e Edition, id: &str) -> &'e Document {
    edition
        .documents
        .iter()
        .find(|d| d.id == id)
        .unwrap_or_else(|| panic!("no document {id}"))
}

/// (div, n, cert, head first words, head last words, sub first words, place, when, date text, marking)
type TitleRow = (
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    &'static str,
    &'static str,
    Option<&'static str>,
);

const TITLES: &[TitleRow] = &[
    (
        "d555",
        Some("555"),
        None,
        "Telegram from the",
        "Between Armenia and Azerbaijan",
        None,
        None,
        "1920-10-29",
        "29 October 1920",
        None,
    ),
    (
        "d556",
        Some("556"),
        None,
        "Letter from the",
        "Status of Disputed Territories",
        None,
        None,
        "1920-10-29",
        "29 October 1920",
        None,
    ),
    (
        "d557",
        Some("557"),
        None,
        "Telegram from the",
        "Consent to Military Transit",
        None,
        None,
        "1920-11-01",
        "1 November 1920",
        None,
    ),
    (
        "d558",
        Some("558"),
        Some("medium"),
        "Telegram from the",
        "Foreign Affairs G. Chicherin",
        Some("Including the text"),
        Some("Moscow"),
        "1920-11-02",
        "2 November 1920",
        None,
    ),
    (
        "d559",
        Some("559"),
        None,
        "From a Letter",
        "Policies of the Kemalists",
        None,
        None,
        "1920-11-03",
        "3 November 1920",
        None,
    ),
    (
        "d560",
        Some("560"),
        Some("low"),
        "Letter from the",
        "Chicherin, to I. Stalin",
        Some("On the Possible"),
        None,
        "1920-11-05",
        "5 November 1920",
        None,
    ),
    (
        "d562",
        Some("562"),
        None,
        "Telegram from I.",
        "Draft Treaty with Armenia",
        None,
        Some("Baku"),
        "1920-11-05",
        "5 November 1920",
        None,
    ),
    (
        "d563",
        Some("563"),
        None,
        "Telegram from I.",
        "Retaining Nakhichevan for Armenia",
        None,
        Some("Baku"),
        "1920-11-05T22:15:00",
        "5 November 1920, 22:15",
        Some("Note: “via the duty political controller.”"),
    ),
    (
        "d564",
        Some("564"),
        None,
        "Radiogram from the",
        "Resolution of Disputed Territories",
        None,
        Some("Baku"),
        "1920-11-06",
        "6 November 1920",
        Some("Marked “Extremely urgent. Out of turn.”"),
    ),
    (
        "d565",
        Some("565"),
        Some("medium"),
        "Memorandum Transmitted via",
        "Foreign Affairs, G. Chicherin",
        Some("On the Opposition"),
        None,
        "1920-11-07",
        "7 November 1920",
        None,
    ),
    (
        "d566",
        Some("566"),
        None,
        "Record of a",
        "Karabakh—Unresolved",
        None,
        Some("Baku"),
        "1920-11-07",
        "7 November 1920",
        None,
    ),
    (
        "d567",
        Some("567"),
        None,
        "From Protocol No.",
        "Part of Soviet Russia",
        None,
        None,
        "1920-11-08",
        "8 November 1920",
        None,
    ),
    (
        "d568",
        Some("568"),
        None,
        "Telegram from the",
        "Against Armenia in Zangezur",
        None,
        Some("Moscow"),
        "1920-11-08",
        "8 November 1920",
        Some("Urgent. Secret."),
    ),
    (
        "d569",
        Some("569"),
        None,
        "Transmission via Direct",
        "It from the Kemalists",
        None,
        None,
        "1920-11-09",
        "9 November 1920",
        None,
    ),
];

#[test]
fn documents_in_order() {
    let e = sample();
    let ids: Vec<&str> = e.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "fragment-1",
            "d555",
            "d556",
            "d557",
            "d558",
            "d559",
            "d560",
            "d562",
            "d563",
            "d564",
            "d565",
            "d566",
            "d567",
            "d568",
            "d569"
        ]
    );
    let fragment = &e.documents[0];
    assert_eq!(fragment.kind, DocumentKind::Fragment);
    assert!(fragment.n.is_none() && fragment.heads.is_empty() && fragment.opener.is_none());
}

#[test]
fn titles_datelines_markings() {
    let e = sample();
    for &(id, n, cert, first, last, sub, place, when, date_text, marking) in TITLES {
        let d = doc(&e, id);
        assert_eq!(d.n.as_deref(), n, "{id} n");
        assert_eq!(d.cert.map(|c| c.as_str()), cert, "{id} cert");
        let head = plain_text(&d.heads[0].content);
        assert!(
            head.starts_with(first) && head.ends_with(last),
            "{id} head: {head}"
        );
        assert!(!d.heads[0].sub);
        match sub {
            Some(s) => assert!(
                d.heads[1].sub && plain_text(&d.heads[1].content).starts_with(s),
                "{id} sub"
            ),
            None => assert_eq!(d.heads.len(), 1, "{id} has no subtitle"),
        }
        let opener = d.opener.as_ref().expect("opener");
        let mut found_place = None;
        let mut found_date = None;
        let mut markings = Vec::new();
        for item in &opener.items {
            match item {
                OpenerItem::Dateline { content, .. } => {
                    for i in content {
                        match &i.kind {
                            InlineKind::PlaceName(p) => found_place = Some(p.clone()),
                            InlineKind::Date(dv) => found_date = Some(dv.clone()),
                            _ => {}
                        }
                    }
                }
                OpenerItem::Marking(m) => markings.push(m.text.clone()),
            }
        }
        assert_eq!(found_place.as_deref(), place, "{id} place");
        let date = found_date.expect("date");
        assert_eq!(date.when.as_deref(), Some(when), "{id} when");
        assert_eq!(date.text, date_text, "{id} date text");
        assert_eq!(
            markings.first().map(String::as_str),
            marking,
            "{id} marking"
        );
    }
}

/// (div, blocks, gaps, ellipses, supplied, underline, sic, footnotes, anchors, emphasis, speakers)
type BodyRow = (
    &'static str,
    &'static str,
    usize,
    usize,
    usize,
    usize,
    usize,
    usize,
    usize,
    usize,
    &'static [&'static str],
);

const BODIES: &[BodyRow] = &[
    ("fragment-1", "p list", 2, 0, 0, 0, 0, 0, 0, 1, &[]),
    ("d555", "p", 0, 1, 0, 0, 0, 0, 0, 1, &[]),
    ("d556", "p", 2, 0, 0, 0, 0, 0, 0, 1, &[]),
    ("d557", "p", 0, 0, 0, 0, 0, 0, 0, 1, &[]),
    ("d558", "p", 1, 0, 0, 0, 0, 0, 0, 0, &[]),
    ("d559", "p", 0, 1, 0, 0, 0, 0, 0, 1, &[]),
    ("d560", "p p p", 3, 0, 1, 2, 0, 1, 2, 1, &[]),
    ("d562", "p", 0, 0, 0, 0, 1, 1, 0, 1, &[]),
    ("d563", "p list", 1, 1, 0, 0, 0, 1, 0, 1, &[]),
    ("d564", "p", 1, 0, 0, 0, 0, 0, 0, 1, &[]),
    ("d565", "p", 3, 0, 0, 0, 0, 0, 0, 0, &[]),
    (
        "d566",
        "sp sp sp sp",
        2,
        0,
        0,
        0,
        0,
        0,
        0,
        1,
        &["legran", "chicherin", "legran", "chicherin"],
    ),
    ("d567", "sp", 1, 0, 0, 0, 0, 1, 0, 1, &["stalin"]),
    ("d568", "p", 0, 0, 0, 0, 0, 0, 0, 0, &[]),
    (
        "d569",
        "sp sp",
        2,
        0,
        0,
        0,
        0,
        0,
        1,
        0,
        &["gelman", "mirazbekyan"],
    ),
];

fn block_names(d: &Document) -> String {
    d.blocks
        .iter()
        .map(|b| match &b.kind {
            BlockKind::Paragraph(_) => "p",
            BlockKind::List { .. } => "list",
            BlockKind::Speech { .. } => "sp",
            BlockKind::Gap => "gap",
            BlockKind::Other(_) => "other",
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn bodies_and_marks() {
    let e = sample();
    let mut totals = Marks::default();
    for &(
        id,
        blocks,
        gaps,
        ellipses,
        supplied,
        underlines,
        sics,
        footnotes,
        anchors,
        emphasis,
        speakers,
    ) in BODIES
    {
        let d = doc(&e, id);
        assert_eq!(block_names(d), blocks, "{id} blocks");
        let m = marks(d);
        let expect = Marks {
            gaps,
            ellipses,
            supplied,
            underlines,
            sics,
            glosses: 0,
            anchors,
            footnotes,
            emphasis,
        };
        assert_eq!(m, expect, "{id} marks");
        let who: Vec<&str> = d
            .blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Speech { who, .. } => Some(who.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(who, speakers, "{id} speakers");
        totals.gaps += m.gaps;
        totals.emphasis += m.emphasis;
        totals.footnotes += m.footnotes;
    }
    assert_eq!(
        (totals.gaps, totals.emphasis, totals.footnotes),
        (18, 11, 4)
    );
}

#[test]
fn lists_have_the_inventory_items() {
    let e = sample();
    let items = |id: &str| -> Vec<usize> {
        doc(&e, id)
            .blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::List { items, .. } => Some(items.len()),
                _ => None,
            })
            .collect()
    };
    assert_eq!(items("fragment-1"), [1]);
    assert_eq!(items("d563"), [2]);
}

#[test]
fn closers() {
    let e = sample();
    let closers = |id: &str| -> Vec<String> {
        doc(&e, id)
            .closers
            .iter()
            .map(|c| plain_text(&c.content))
            .collect()
    };
    assert_eq!(
        closers("d555"),
        [
            "No. 11. Chief of Staff of the Caucasus Front – Pugachev. Military Commissar – Pechersky."
        ]
    );
    assert_eq!(
        closers("d558"),
        [
            "No. 1165/op. Caucasian Front Headquarters – Pugachev. Military Commissar – Pechersky.",
            "No. 6491/os. Operational Council – Garf. Military Commissar – Klim."
        ]
    );
    assert_eq!(closers("d559"), ["—Chicherin"]);
    assert_eq!(closers("d562"), ["No. 159."]);
    assert_eq!(closers("d563"), ["—Stalin"]);
    assert_eq!(
        closers("d568"),
        [
            "No. 6600/op. Signed: Chief of Operational Council – Shaposhnikov Military Commissar – Klim"
        ]
    );
    assert_eq!(
        closers("d569"),
        ["—Ordzhonikidze Awaiting response on the line. Secretary Mirazbekyan."]
    );
    for id in [
        "fragment-1",
        "d556",
        "d557",
        "d560",
        "d564",
        "d565",
        "d566",
        "d567",
    ] {
        assert!(closers(id).is_empty(), "{id} has no closer");
    }
    let e2 = &e;
    let signed_roles: Vec<(String, String)> = doc(e2, "d568").closers[0]
        .content
        .iter()
        .filter_map(|i| match &i.kind {
            InlineKind::Signed(c) => {
                let role = c.iter().find_map(|x| match &x.kind {
                    InlineKind::RoleName(r) => Some(plain_text(r)),
                    _ => None,
                });
                let name = c.iter().find_map(|x| match &x.kind {
                    InlineKind::PersName { reference, .. } => reference.clone(),
                    _ => None,
                });
                Some((role.unwrap_or_default(), name.unwrap_or_default()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        signed_roles,
        [
            (
                "Chief of Operational Council".to_string(),
                "shaposhnikov".to_string()
            ),
            ("Military Commissar".to_string(), "klim".to_string())
        ]
    );
}

/// (div, repository, inherited, fond, opis, papka, delo, range text, from, to, categories)
type WitnessRow = (
    &'static str,
    &'static str,
    bool,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const WITNESSES: &[WitnessRow] = &[
    (
        "fragment-1",
        "NA RA",
        false,
        "200",
        "1",
        "",
        "628",
        "pp. 8–10",
        "8",
        "10",
        "status-certified-copy form-typescript",
    ),
    (
        "d555", "RGVA", false, "195", "11", "", "24", "p. 43", "43", "43", "",
    ),
    (
        "d556",
        "RGASPI",
        false,
        "64",
        "1",
        "",
        "21",
        "pp. 192–193",
        "192",
        "193",
        "status-copy",
    ),
    (
        "d556",
        "AVPR",
        false,
        "04",
        "51",
        "321a",
        "54870",
        "pp. 10–10 verso",
        "10",
        "10v",
        "status-draft",
    ),
    (
        "d557",
        "RGASPI",
        false,
        "64",
        "1",
        "",
        "21",
        "p. 136",
        "136",
        "136",
        "status-copy",
    ),
    (
        "d558", "RGVA", false, "6", "10", "", "303", "p. 129", "129", "129", "",
    ),
    (
        "d559",
        "RGASPI",
        false,
        "64",
        "1",
        "",
        "21",
        "pp. 199–200",
        "199",
        "200",
        "status-copy",
    ),
    (
        "d559",
        "AVPR",
        false,
        "148",
        "3",
        "1",
        "5",
        "pp. 9–10",
        "9",
        "10",
        "status-original",
    ),
    (
        "d559",
        "AVPR",
        true,
        "04",
        "51",
        "321a",
        "54870",
        "pp. 8–9",
        "8",
        "9",
        "status-draft",
    ),
    (
        "d560",
        "AVPR",
        false,
        "04",
        "39",
        "232",
        "54987",
        "pp. 42–44",
        "42",
        "44",
        "status-copy",
    ),
    (
        "d562",
        "RGASPI",
        false,
        "558",
        "1",
        "",
        "5224",
        "p. 1",
        "1",
        "1",
        "status-copy",
    ),
    (
        "d563",
        "RGASPI",
        false,
        "558",
        "1",
        "",
        "1987",
        "p. 1",
        "1",
        "1",
        "status-original form-autograph",
    ),
    (
        "d564",
        "RGASPI",
        false,
        "64",
        "1",
        "",
        "21",
        "p. 203",
        "203",
        "203",
        "status-certified-copy",
    ),
    (
        "d565",
        "RGASPI",
        false,
        "64",
        "1",
        "",
        "21",
        "pp. 214–215",
        "214",
        "215",
        "status-copy",
    ),
    (
        "d566",
        "RGASPI",
        false,
        "64",
        "1",
        "",
        "21",
        "p. 207",
        "207",
        "207",
        "status-copy",
    ),
    (
        "d567",
        "RGASPI",
        false,
        "85",
        "13",
        "",
        "85",
        "p. 5",
        "5",
        "5",
        "status-original",
    ),
    (
        "d568", "RGVA", false, "6", "10", "", "303", "p. 126", "126", "126", "",
    ),
    (
        "d569", "RGVA", false, "109", "3", "", "80", "p. 278", "278", "278", "",
    ),
];

#[test]
fn witnesses() {
    let e = sample();
    let mut rows = Vec::new();
    for d in &e.documents {
        for w in d.witnesses.iter().flat_map(|w| &w.items) {
            let WitnessKind::Parsed(p) = &w.kind else {
                panic!("{} has an unparsed witness", d.id)
            };
            let part = |k: &str| {
                p.shelfmark
                    .iter()
                    .find(|s| s.kind.as_str() == k)
                    .map_or(String::new(), |s| s.value.clone())
            };
            rows.push((
                d.id.clone(),
                p.repository.clone(),
                p.inherited,
                part("fond"),
                part("opis"),
                part("papka"),
                part("delo"),
                p.range.text.clone(),
                p.range.from.clone(),
                p.range.to.clone(),
                p.categories.join(" "),
            ));
        }
    }
    let expect: Vec<_> = WITNESSES
        .iter()
        .map(|r| {
            (
                r.0.to_string(),
                r.1.to_string(),
                r.2,
                r.3.to_string(),
                r.4.to_string(),
                r.5.to_string(),
                r.6.to_string(),
                r.7.to_string(),
                r.8.to_string(),
                r.9.to_string(),
                r.10.to_string(),
            )
        })
        .collect();
    assert_eq!(rows, expect);
    let cert = match &doc(&e, "fragment-1").witnesses.as_ref().unwrap().items[0].kind {
        WitnessKind::Parsed(p) => plain_text(p.certification.as_ref().expect("certification")),
        WitnessKind::Unparsed(_) => unreachable!(),
    };
    assert_eq!(
        cert,
        "Copy certified by the Secretary of the Permanent Mission of the RSFSR in Armenia, L. Schiffers"
    );
}

#[test]
fn header_lists() {
    let e = sample();
    let persons: Vec<&str> = e.header.persons.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        persons,
        [
            "pugachev",
            "pechersky",
            "garf",
            "klim",
            "chicherin",
            "stalin",
            "legran",
            "shaposhnikov",
            "gelman",
            "mirazbekyan",
            "ordzhonikidze"
        ]
    );
    let repos: Vec<&str> = e
        .header
        .repositories
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(
        repos,
        ["repo-na-ra", "repo-rgva", "repo-rgaspi", "repo-avpr"]
    );
    assert_eq!(
        e.header.title,
        "Nagorno-Karabakh in International Law and Global Politics: Documents No. 555–569"
    );
    let editor = e.header.editor.as_ref().unwrap();
    assert_eq!(
        (editor.name.as_str(), editor.xml_id.as_str()),
        ("Yuri Barsegov", "YB")
    );
    let categories: Vec<&str> = e
        .header
        .categories()
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(
        categories,
        [
            "status-copy",
            "status-original",
            "status-draft",
            "status-certified-copy",
            "form-typescript",
            "form-autograph"
        ]
    );
}

#[test]
fn footnotes_of_the_inventory() {
    let e = sample();
    let d560 = doc(&e, "d560");
    let shared = &d560.notes[1];
    assert_eq!(shared.id.as_deref(), Some("d560-fn1"));
    assert_eq!(shared.target, ["d560-fn1-a1", "d560-fn1-a2"]);
    let mut sic = None;
    support::walk(doc(&e, "d562"), &mut |i| {
        if let InlineKind::Choice { sic: s, corr } = &i.kind {
            sic = Some((s.clone(), corr.clone()));
        }
    });
    assert_eq!(sic, Some(("begins".to_string(), "requires".to_string())));
    let d567 = doc(&e, "d567");
    assert_eq!(d567.notes[1].kind.as_str(), "editorial");
    assert!(plain_text(&d567.notes[1].content).starts_with("Present: Members"));
    let mut anchor = None;
    support::walk(doc(&e, "d569"), &mut |i| {
        if let InlineKind::Anchor { id, .. } = &i.kind {
            anchor = Some(id.clone());
        }
    });
    assert_eq!(anchor.as_deref(), Some("d569-a1"));
}

#[test]
fn exactly_the_ten_diagnostics() {
    let (_, diagnostics, text) = convert(SAMPLE, &Config::builtin());
    assert_eq!(
        positions(&diagnostics, &text),
        [
            "2:1-3:620 teikit::source::leading-fragment",
            "3:598-3:620 teikit::mark::emphasis-span-lost",
            "13:1-13:154 teikit::source::missing-number",
            "19:1-19:95 teikit::source::ambiguous-number",
            "23:1280-23:1333 teikit::note::shared-note",
            "35:1-35:172 teikit::source::missing-number",
            "43:460-43:643 teikit::note::unanchored-note",
            "49:278-49:278 teikit::note::unmatched-anchor",
            "49:714-49:716 teikit::source::trailing-number",
            "50:1-135:85 teikit::source::trailing-matter",
        ]
    );
    let shared = diagnostics
        .iter()
        .find(|d| d.code == "teikit::note::shared-note")
        .unwrap();
    let index = teikit::diagnostic::LineIndex::new(&text);
    let labels: Vec<(usize, usize)> = shared
        .labels
        .iter()
        .map(|l| index.position(l.span.start))
        .collect();
    assert_eq!(labels, [(21, 34), (22, 314)]);
}

#[test]
fn the_tei_is_valid_against_tei_all() {
    let e = sample();
    let xml = teikit::tei::write::write_tei(&e, &Default::default());
    if let Some(result) = support::jing(&xml, &support::tei_all()) {
        result.expect("the sample's TEI is valid");
    }
}

#[test]
fn tei_snapshot() {
    let e = sample();
    let xml = teikit::tei::write::write_tei(&e, &Default::default());
    insta::assert_snapshot!("sample_tei", xml);
}

#[test]
fn diagnostics_snapshot() {
    let (_, diagnostics, text) = convert(SAMPLE, &Config::builtin());
    let index = teikit::diagnostic::LineIndex::new(&text);
    let rendered: Vec<String> = diagnostics
        .iter()
        .map(|d| teikit::diagnostic::Rendered::new(d, SAMPLE, &index).to_string())
        .collect();
    insta::assert_snapshot!("sample_diagnostics", rendered.join("\n"));
}

#[test]
fn output_is_deterministic() {
    let a = teikit::tei::write::write_tei(&sample(), &Default::default());
    let b = teikit::tei::write::write_tei(&sample(), &Default::default());
    assert_eq!(a, b);
}
