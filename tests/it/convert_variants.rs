//! variants.txt (other layouts and conventions) against docs/encoding.md §7.5.

use crate::support;

use support::{convert, marks, positions, variants_config};
use teikit::model::{
    BlockKind, Document, Edition, InlineKind, Layout, OpenerItem, SourceDesc, WitnessKind,
    plain_text,
};

const VARIANTS: &str = "variants.txt";

fn variants() -> Edition {
    let (edition, diagnostics, _) = convert(VARIANTS, &variants_config());
    assert!(diagnostics.iter().all(|d| !d.is_error()));
    edition
}

fn doc<'e>(e: &'e Edition, id: &str) -> &'e Document {
    e.documents
        .iter()
        .find(|d| d.id == id)
        .unwrap_or_else(|| panic!("no {id}"))
}

/// (div, cert, blocks layout, head lines, place, date attributes, date text, supplied date)
type Row = (
    &'static str,
    Option<&'static str>,
    bool,
    usize,
    Option<&'static str>,
    &'static str,
    &'static str,
    bool,
);

const TITLES: &[Row] = &[
    (
        "d211",
        Some("medium"),
        true,
        3,
        None,
        "when=1920-09-28",
        "28 September 1920",
        true,
    ),
    (
        "d212",
        None,
        true,
        2,
        None,
        "notBefore=1920-10-12 notAfter=1920-10-13",
        "October 12 or 13, 1920",
        false,
    ),
    (
        "d213",
        None,
        false,
        1,
        Some("Tiflis"),
        "when=1920-11-02",
        "November 2, 1920",
        false,
    ),
    (
        "d214",
        None,
        true,
        2,
        Some("Geneva"),
        "when=1920-11-17T10:30:00",
        "November 17, 1920, 10:30 AM",
        false,
    ),
    (
        "d215",
        None,
        true,
        2,
        Some("Geneva"),
        "when=1920-11-20T16:45:00",
        "20 November 1920, 16:45",
        false,
    ),
    (
        "d216",
        None,
        true,
        3,
        None,
        "notBefore=1920-11-25",
        "After 25 November 1920",
        false,
    ),
    (
        "d217",
        None,
        true,
        2,
        Some("Erivan"),
        "",
        "31 November 1920",
        false,
    ),
];

#[test]
fn documents_titles_and_dates() {
    let e = variants();
    let ids: Vec<&str> = e.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(
        ids,
        ["d211", "d212", "d213", "d214", "d215", "d216", "d217"]
    );
    for &(id, cert, blocks, head_lines, place, attrs, text, supplied) in TITLES {
        let d = doc(&e, id);
        assert_eq!(d.cert.map(|c| c.as_str()), cert, "{id}");
        assert_eq!(d.layout == Layout::Blocks, blocks, "{id} layout");
        let lbs = d.heads[0]
            .content
            .iter()
            .filter(|i| matches!(i.kind, InlineKind::Lb))
            .count();
        assert_eq!(lbs + 1, head_lines, "{id} head lines");
        assert_eq!(d.heads.len(), 1, "{id} no subtitle");
        let Some(OpenerItem::Dateline { content, .. }) =
            d.opener.as_ref().and_then(|o| o.items.first())
        else {
            panic!("{id} has no dateline first in its opener");
        };
        let mut found_place = None;
        let mut date = None;
        let mut in_supplied = false;
        for i in content {
            match &i.kind {
                InlineKind::PlaceName(p) => found_place = Some(p.clone()),
                InlineKind::Date(d) => date = Some(d.clone()),
                InlineKind::Supplied(c) => {
                    in_supplied = true;
                    if let Some(InlineKind::Date(d)) = c.first().map(|x| &x.kind) {
                        date = Some(d.clone());
                    }
                }
                _ => {}
            }
        }
        let date = date.expect("date");
        let mut got = Vec::new();
        for (k, v) in [
            ("when", &date.when),
            ("notBefore", &date.not_before),
            ("notAfter", &date.not_after),
        ] {
            if let Some(v) = v {
                got.push(format!("{k}={v}"));
            }
        }
        assert_eq!(got.join(" "), attrs, "{id} date attributes");
        assert_eq!(date.text, text, "{id} date text");
        assert_eq!(found_place.as_deref(), place, "{id} place");
        assert_eq!(in_supplied, supplied, "{id} supplied date");
    }
}

fn block_names(d: &Document) -> Vec<String> {
    d.blocks
        .iter()
        .map(|b| match &b.kind {
            BlockKind::Paragraph(_) => "p".to_string(),
            BlockKind::List { rend, items } => {
                format!("list {} ({})", rend.as_deref().unwrap_or("-"), items.len())
            }
            BlockKind::Speech { who, .. } => format!("sp {who}"),
            BlockKind::Gap => "gap".to_string(),
            BlockKind::Other(_) => "other".to_string(),
        })
        .collect()
}

/// (div, blocks, gaps, glosses, supplied, footnotes, emphasis notes, signatures)
type BodyRow = (
    &'static str,
    &'static [&'static str],
    usize,
    usize,
    usize,
    usize,
    usize,
    &'static [&'static str],
);

#[test]
fn bodies_marks_closers() {
    let e = variants();
    let expect: &[BodyRow] = &[
        (
            "d211",
            &["p", "list bulleted (2)", "gap"],
            1,
            1,
            0,
            0,
            1,
            &["S. Alaverdyan"],
        ),
        (
            "d212",
            &["p", "list numbered (2)", "p"],
            1,
            1,
            0,
            0,
            0,
            &[
                "Military Commissar Zvyagintsev",
                "Chief of Staff of the Sector Kurbatov",
            ],
        ),
        ("d213", &["p", "p"], 1, 1, 0, 1, 1, &["—Arzumanov"]),
        (
            "d214",
            &["p", "p"],
            1,
            0,
            0,
            2,
            1,
            &["Secretary of the Delegation – Ter-Grigoryan"],
        ),
        (
            "d215",
            &[
                "p",
                "sp chairman",
                "sp dalgaard",
                "sp peixoto",
                "sp chairman",
            ],
            1,
            0,
            1,
            0,
            0,
            &[],
        ),
        ("d216", &["p", "gap"], 1, 1, 1, 0, 0, &["—Nikiforov"]),
        (
            "d217",
            &["p"],
            0,
            1,
            0,
            0,
            0,
            &["Deputy Minister A. Vardanyan"],
        ),
    ];
    for &(id, blocks, gaps, glosses, supplied, footnotes, emphasis, signed) in expect {
        let d = doc(&e, id);
        assert_eq!(block_names(d), blocks, "{id} blocks");
        let m = marks(d);
        assert_eq!(
            (m.gaps, m.glosses, m.supplied, m.footnotes, m.emphasis),
            (gaps, glosses, supplied, footnotes, emphasis),
            "{id} marks"
        );
        let mut got = Vec::new();
        for c in &d.closers {
            for i in &c.content {
                if let InlineKind::Signed(s) = &i.kind {
                    got.push(plain_text(s));
                }
            }
        }
        assert_eq!(got, signed, "{id} signatures");
    }
    let closers: usize = e.documents.iter().map(|d| d.closers.len()).sum();
    assert_eq!(closers, 6);
}

#[test]
fn witnesses_and_publications() {
    let e = variants();
    let mut rows = Vec::new();
    for d in &e.documents {
        if let Some(w) = &d.witnesses {
            for item in &w.items {
                let WitnessKind::Parsed(p) = &item.kind else {
                    panic!("{} unparsed", d.id)
                };
                let labels: Vec<String> = p
                    .shelfmark
                    .iter()
                    .map(|s| {
                        format!(
                            "{}={}{}",
                            s.kind.as_str(),
                            s.value,
                            s.label.as_ref().map_or(String::new(), |l| format!("({l})"))
                        )
                    })
                    .collect();
                rows.push(format!(
                    "{} {}{} {} {} {}-{} [{}]",
                    d.id,
                    p.repository,
                    if w.parenthesized {
                        " (parenthesized)"
                    } else {
                        ""
                    },
                    labels.join(" "),
                    p.range.unit,
                    p.range.from,
                    p.range.to,
                    p.categories.join(" ")
                ));
            }
        }
    }
    assert_eq!(
        rows,
        [
            "d211 NA RA fond=276(Fund) opis=1(Inventory) delo=57(File) leaf 3-3 [form-typescript-typewritten]",
            "d212 RGVA fond=1273 opis=2 delo=81 leaf 58-58 [form-manuscript]",
            "d213 AVPR (parenthesized) fond=132 opis=4 papka=17 delo=288 leaf 21v-21v []",
            "d214 NA RA fond=276(Fund) opis=1(Inventory) delo=61(File) leaf 14-15 [status-original]",
            "d216 RGASPI fond=372 opis=3 delo=118 leaf 5-6v [status-copy form-typescript-typewritten]",
            "d217 NA RA fond=276 opis=1 delo=64 leaf 2-2 [status-original form-autograph]",
        ]
    );
    let publications: Vec<(String, usize)> = e
        .documents
        .iter()
        .flat_map(|d| {
            d.publications
                .iter()
                .map(move |p| (d.id.clone(), p.content.len()))
        })
        .collect();
    assert_eq!(
        publications
            .iter()
            .map(|p| p.0.as_str())
            .collect::<Vec<_>>(),
        ["d214", "d215"]
    );
    let titles: Vec<String> = e
        .documents
        .iter()
        .flat_map(|d| &d.publications)
        .flat_map(|p| &p.content)
        .filter_map(|i| match &i.kind {
            InlineKind::Title(t) => Some(t.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        titles,
        [
            "The Armenian Question at Geneva",
            "Diplomatic Archive Review"
        ]
    );
}

#[test]
fn header() {
    let e = variants();
    assert_eq!(e.header.title, "Documents No. 211–217");
    assert_eq!(
        e.header.source,
        SourceDesc::Note("Plain-text source variants.txt.".into())
    );
    let persons: Vec<(&str, bool, Option<&str>)> = e
        .header
        .persons
        .iter()
        .map(|p| (p.id.as_str(), p.is_role, p.affiliation.as_deref()))
        .collect();
    assert_eq!(
        persons,
        [
            ("alaverdyan", false, None),
            ("zvyagintsev", false, None),
            ("kurbatov", false, None),
            ("arzumanov", false, None),
            ("tergrigoryan", false, None),
            ("chairman", true, None),
            ("dalgaard", false, Some("Norway")),
            ("peixoto", false, Some("Brazil")),
            ("nikiforov", false, None),
            ("vardanyan", false, None),
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
        ["repo-na-ra", "repo-rgva", "repo-avpr", "repo-rgaspi"]
    );
    let cats: Vec<&str> = e
        .header
        .categories()
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(
        cats,
        [
            "status-copy",
            "status-original",
            "form-typescript",
            "form-typescript-typewritten",
            "form-autograph",
            "form-manuscript"
        ]
    );
    assert!(e.header.editorial_decl[0].ends_with("encoded as notes of type gloss."));
}

#[test]
fn exactly_the_eight_diagnostics() {
    let (_, diagnostics, text) = convert(VARIANTS, &variants_config());
    assert_eq!(
        positions(&diagnostics, &text),
        [
            "1:1-5:23 teikit::source::leading-matter",
            "7:1-9:35 teikit::source::missing-number",
            "25:1-25:24 teikit::mark::emphasis-span-lost",
            "52:1-52:40 teikit::source::interleaved-matter",
            "71:95-71:95 teikit::note::trailing-matter",
            "86:74-86:85 teikit::mark::ambiguous-bracket",
            "115:9-115:24 teikit::source::invalid-date",
            "123:1-126:49 teikit::source::trailing-matter",
        ]
    );
    let missing = diagnostics
        .iter()
        .find(|d| d.code == "teikit::source::missing-number")
        .unwrap();
    assert!(
        missing.message.ends_with("(before No. 212)"),
        "{}",
        missing.message
    );
    let links = diagnostics
        .iter()
        .find(|d| d.code == "teikit::note::trailing-matter")
        .unwrap();
    assert!(links.message.starts_with("2 back-links"));
}

#[test]
fn the_tei_is_valid_against_tei_all() {
    let xml = teikit::tei::write::write_tei(&variants(), &Default::default());
    if let Some(result) = support::jing(&xml, &support::tei_all()) {
        result.expect("the variants' TEI is valid");
    }
}

#[test]
fn tei_snapshot() {
    insta::assert_snapshot!(
        "variants_tei",
        teikit::tei::write::write_tei(&variants(), &Default::default())
    );
}
