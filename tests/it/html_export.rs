//! The HTML exporter on a hand-built edition of three documents that together
//! carry every editorial mark of docs/encoding.md §2.2 and §7.2: marks, footnote links,
//! citations, indexes and the self-containedness of the pages are checked with a
//! small HTML reader, one page is kept as a snapshot, and (where Chromium is
//! installed) the page is loaded in a headless browser.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use teikit::export::html::{HtmlOptions, export_html};
use teikit::model::*;

// ---------------------------------------------------------------- the edition

fn sp() -> Span {
    Span::default()
}
fn t(s: &str) -> Inline {
    Inline::text(sp(), s)
}
fn i(kind: InlineKind) -> Inline {
    Inline::new(sp(), kind)
}
fn gap() -> Inline {
    i(InlineKind::Gap)
}
fn date(text: &str, when: &str) -> Inline {
    i(InlineKind::Date(DateValue {
        text: text.into(),
        when: Some(when.into()),
        not_before: None,
        not_after: None,
    }))
}
fn pers(reference: &str, name: &str) -> Inline {
    i(InlineKind::PersName {
        reference: Some(reference.into()),
        content: vec![t(name)],
    })
}
fn block(kind: BlockKind) -> Block {
    Block { span: sp(), kind }
}
fn para(content: Vec<Inline>) -> Block {
    block(BlockKind::Paragraph(content))
}
fn head(s: &str, sub: bool) -> Head {
    Head {
        span: sp(),
        sub,
        content: vec![t(s)],
    }
}
fn dateline(content: Vec<Inline>) -> OpenerItem {
    OpenerItem::Dateline {
        span: sp(),
        content,
    }
}
fn note(kind: NoteKind, id: &str, place: Option<NotePlace>, target: &[&str], text: &str) -> Note {
    Note {
        span: sp(),
        kind,
        n: Some("*".into()),
        id: Some(id.into()),
        place,
        by_editor: true,
        rend: Vec::new(),
        target: target.iter().map(|s| s.to_string()).collect(),
        content: vec![t(text)],
    }
}
fn emphasis_note() -> Note {
    Note {
        span: sp(),
        kind: NoteKind::Editorial,
        n: None,
        id: None,
        place: None,
        by_editor: true,
        rend: vec!["parenthesized".into()],
        target: Vec::new(),
        content: vec![t("Emphasis added – Y.B.")],
    }
}
fn witness(
    repo: &str,
    parts: &[(ShelfmarkKind, &str)],
    range: &str,
    cats: &[&str],
) -> ParsedWitness {
    ParsedWitness {
        repository: repo.into(),
        repository_ref: format!("repo-{}", repo.to_lowercase()),
        inherited: false,
        shelfmark: parts
            .iter()
            .map(|(kind, value)| ShelfmarkPart {
                kind: *kind,
                value: value.to_string(),
                label: None,
            })
            .collect(),
        range: CitedRange {
            unit: "page".into(),
            from: String::new(),
            to: String::new(),
            text: range.into(),
        },
        categories: cats.iter().map(|s| s.to_string()).collect(),
        certification: None,
    }
}
fn witnesses(items: Vec<WitnessKind>) -> Option<Witnesses> {
    Some(Witnesses {
        span: sp(),
        parenthesized: false,
        items: items
            .into_iter()
            .map(|kind| Witness { span: sp(), kind })
            .collect(),
    })
}

fn header() -> Header {
    let person = |id: &str, name: &str| Person {
        id: id.into(),
        name: name.into(),
        is_role: false,
        affiliation: None,
    };
    let category = |id: &str, label: &str| Category {
        id: id.into(),
        label: label.into(),
        children: Vec::new(),
    };
    let repo = |id: &str, short: &str, full: &str| Repository {
        id: id.into(),
        short: short.into(),
        full: Some(full.into()),
        place: Some("Moscow".into()),
    };
    Header {
        title: "Documents No. 560–566".into(),
        language: "en".into(),
        editor: Some(Editor {
            name: "Yuri Barsegov".into(),
            xml_id: "YB".into(),
            initials: vec!["Y.B.".into()],
        }),
        publisher: Some("Example Documentary Edition Project".into()),
        licence: Some(Licence {
            text: "For research use.".into(),
            url: Some("https://example.org/rights".into()),
        }),
        source: SourceDesc::Bibl {
            author: "Yuri Barsegov".into(),
            title: "Nagorno-Karabakh in International Law & Global Politics".into(),
        },
        editorial_decl: vec!["Omissions marked “<…>” are encoded as gap.".into()],
        taxonomies: vec![
            Taxonomy {
                id: "witness-status".into(),
                categories: vec![
                    category("status-copy", "Copy"),
                    category("status-original", "Original"),
                ],
            },
            Taxonomy {
                id: "witness-form".into(),
                categories: vec![category("form-typescript", "Typescript")],
            },
        ],
        persons: vec![
            person("chicherin", "Chicherin"),
            person("legran", "Legran"),
            person("pugachev", "Pugachev"),
            Person {
                id: "chairman".into(),
                name: "Chairman".into(),
                is_role: true,
                affiliation: Some("Norway".into()),
            },
        ],
        repositories: vec![
            repo(
                "repo-avpr",
                "AVPR",
                "Archive of Foreign Policy of the Russian Federation",
            ),
            repo(
                "repo-rgaspi",
                "RGASPI",
                "Russian State Archive of Socio-Political History",
            ),
        ],
        frame: None,
    }
}

/// d560 as in §5.1: underlining by two anchors of one shared note, gaps, supplied text.
fn d560() -> Document {
    let anchor = |k: u32| {
        i(InlineKind::Anchor {
            n: "*".into(),
            id: format!("d560-fn1-a{k}"),
        })
    };
    let underline = |content: Vec<Inline>| {
        i(InlineKind::Hi {
            rend: "underline".into(),
            content,
        })
    };
    Document {
        n: Some("560".into()),
        id: "d560".into(),
        cert: Some(Cert::Low),
        heads: vec![
            head("Letter from G. Chicherin to I. Stalin", false),
            head("On the Possible Shift in Kemalist Orientation", true),
        ],
        opener: Some(Opener {
            span: sp(),
            items: vec![dateline(vec![date("5 November 1920", "1920-11-05")])],
        }),
        blocks: vec![
            para(vec![
                gap(),
                t(" "),
                underline(vec![
                    t("In our relations with Armenia"),
                    anchor(1),
                    t(" and Georgia, we must never forget that."),
                ]),
                t(" In our reliance on Muslim solidarity."),
            ]),
            para(vec![
                t("I have consistently warned. "),
                underline(vec![
                    t("At present, we advocate into the opposing camp"),
                    anchor(2),
                    t("."),
                ]),
            ]),
            para(vec![
                t("Any demand for the Sovietization of "),
                i(InlineKind::Supplied(vec![t("Armenia")])),
                t(", in whatever form. "),
                gap(),
            ]),
        ],
        witnesses: witnesses(vec![WitnessKind::Parsed(witness(
            "AVPR",
            &[
                (ShelfmarkKind::Fond, "04"),
                (ShelfmarkKind::Opis, "39"),
                (ShelfmarkKind::Papka, "232"),
                (ShelfmarkKind::Delo, "54987"),
            ],
            "pp. 42–44",
            &["status-copy"],
        ))]),
        notes: vec![
            emphasis_note(),
            note(
                NoteKind::Textual,
                "d560-fn1",
                Some(NotePlace::Foot),
                &["#d560-fn1-a1", "#d560-fn1-a2"],
                "This sentence is underlined in the original document.",
            ),
        ],
        ..Document::default()
    }
}

/// d562 as in §5.1: place and date, sic/corr with its footnote, a registration closer.
fn d562() -> Document {
    Document {
        n: Some("562".into()),
        id: "d562".into(),
        heads: vec![head(
            "Telegram from I. Stalin to G. Chicherin <On the Draft Treaty>",
            false,
        )],
        opener: Some(Opener {
            span: sp(),
            items: vec![dateline(vec![
                i(InlineKind::PlaceName("Baku".into())),
                t(", "),
                date("5 November 1920", "1920-11-05"),
            ])],
        }),
        blocks: vec![para(vec![
            t("The draft cannot be signed immediately and "),
            i(InlineKind::Choice {
                sic: "begins".into(),
                corr: "requires".into(),
            }),
            i(InlineKind::Note(Box::new(note(
                NoteKind::Textual,
                "d562-fn1",
                Some(NotePlace::Foot),
                &[],
                "The document mistakenly reads “begins.”",
            )))),
            t(" thorough review."),
        ])],
        witnesses: witnesses(vec![WitnessKind::Parsed(witness(
            "RGASPI",
            &[
                (ShelfmarkKind::Fond, "558"),
                (ShelfmarkKind::Opis, "1"),
                (ShelfmarkKind::Delo, "5224"),
            ],
            "p. 1",
            &["status-copy"],
        ))]),
        closers: vec![Closer {
            span: sp(),
            content: vec![
                i(InlineKind::Idno {
                    kind: "registration".into(),
                    text: "No. 159".into(),
                }),
                t("."),
            ],
        }],
        notes: vec![emphasis_note()],
        ..Document::default()
    }
}

/// d566: dialogue with expanded speakers, markings, original ellipsis, gloss, list,
/// a gap between blocks, signatures, an anchor without note, a note without
/// anchor, a supplied date, an inherited archive, a certification, an unparsed
/// citation and a publication.
fn d566() -> Document {
    let speech = |who: &str, abbr: &str, ex: &str, run_in: bool, text: &str| {
        block(BlockKind::Speech {
            who: who.into(),
            run_in,
            speaker: vec![
                i(InlineKind::Expan {
                    abbr: abbr.into(),
                    ex: ex.into(),
                }),
                t(":"),
            ],
            content: vec![t(text)],
        })
    };
    let mut inherited = witness(
        "RGASPI",
        &[
            (ShelfmarkKind::Fond, "64"),
            (ShelfmarkKind::Opis, "1"),
            (ShelfmarkKind::Delo, "21"),
        ],
        "pp. 8–9",
        &["status-original", "form-typescript"],
    );
    inherited.inherited = true;
    inherited.certification = Some(vec![
        t("Copy certified by the "),
        i(InlineKind::RoleName(vec![t("Secretary of the Mission")])),
        t(", "),
        i(InlineKind::PersName {
            reference: None,
            content: vec![t("L. Schiffers")],
        }),
    ]);
    Document {
        n: Some("566".into()),
        id: "d566".into(),
        cert: Some(Cert::Medium),
        heads: vec![head("Record of a Direct-Line Conversation", false)],
        opener: Some(Opener {
            span: sp(),
            items: vec![
                OpenerItem::Marking(Marking {
                    span: sp(),
                    place: MarkingPlace::Title,
                    text: "Urgent. Secret.".into(),
                }),
                dateline(vec![
                    i(InlineKind::PlaceName("Tiflis".into())),
                    t(", "),
                    i(InlineKind::Supplied(vec![date(
                        "7 November 1920",
                        "1920-11-07",
                    )])),
                ]),
                OpenerItem::Marking(Marking {
                    span: sp(),
                    place: MarkingPlace::Body,
                    text: "Marked “Extremely urgent.”".into(),
                }),
            ],
        }),
        blocks: vec![
            speech("legran", "L", "egran", false, "I await your response."),
            speech(
                "chicherin",
                "Ch",
                "icherin",
                true,
                "Stalin’s cipher No. 164 has not yet been decrypted.",
            ),
            speech("#legran", "L", "egran", true, "Legran on the line."),
            speech(
                "chicherin",
                "Ch",
                "icherin",
                true,
                "Comrade Chicherin on the line.",
            ),
            block(BlockKind::Gap),
            para(vec![
                t("For orientation: Message No. 3 …"),
                i(InlineKind::Note(Box::new(note(
                    NoteKind::Textual,
                    "d566-fn1",
                    Some(NotePlace::Foot),
                    &[],
                    "Ellipsis in the original text.",
                )))),
                t(" Erivan "),
                i(InlineKind::Note(Box::new(Note {
                    kind: NoteKind::Gloss,
                    place: Some(NotePlace::Inline),
                    n: None,
                    id: None,
                    ..note(NoteKind::Gloss, "", None, &[], "modern Yerevan")
                }))),
                t(" and Kemal’s"),
                i(InlineKind::Anchor {
                    n: "*".into(),
                    id: "d566-a1".into(),
                }),
                t(" army."),
            ]),
            block(BlockKind::List {
                rend: Some("bulleted".into()),
                items: vec![
                    ListItem {
                        span: sp(),
                        label: None,
                        content: vec![gap()],
                    },
                    ListItem {
                        span: sp(),
                        label: None,
                        content: vec![t("The situation is <critical> & \"tense\".")],
                    },
                ],
            }),
        ],
        witnesses: witnesses(vec![
            WitnessKind::Parsed(witness(
                "AVPR",
                &[
                    (ShelfmarkKind::Fond, "132"),
                    (ShelfmarkKind::Opis, "4"),
                    (ShelfmarkKind::Delo, "288"),
                ],
                "l. 21 ob.",
                &["status-copy"],
            )),
            WitnessKind::Parsed(inherited),
            WitnessKind::Unparsed("NA RA, f. 276, d. 57, l. 5".into()),
        ]),
        publications: vec![Publication {
            span: sp(),
            content: vec![
                t("Published in: "),
                i(InlineKind::Title("The Armenian Question at Geneva".into())),
                t(", "),
                i(InlineKind::PubPlace("Yerevan".into())),
                t(", "),
                date("1994", "1994"),
                t(", "),
                i(InlineKind::BiblScope {
                    unit: "document".into(),
                    from: "40".into(),
                    to: "40".into(),
                    text: "Document No. 40".into(),
                }),
                t("."),
            ],
        }],
        closers: vec![Closer {
            span: sp(),
            content: vec![i(InlineKind::Signed(vec![
                i(InlineKind::RoleName(vec![t("Chief of Staff")])),
                t(" – "),
                pers("pugachev", "Pugachev"),
                t("."),
            ]))],
        }],
        notes: vec![
            emphasis_note(),
            note(
                NoteKind::Editorial,
                "d566-fn2",
                Some(NotePlace::Foot),
                &[],
                "Present: Members of the Central Committee.",
            ),
        ],
        ..Document::default()
    }
}

fn edition() -> Edition {
    Edition {
        header: header(),
        documents: vec![d560(), d562(), d566()],
    }
}

// ------------------------------------------------------------ a tiny HTML reader

/// One start tag: its name and attributes.
#[derive(Debug)]
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
}

impl Tag {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    fn has_class(&self, class: &str) -> bool {
        self.attr("class")
            .is_some_and(|c| c.split_whitespace().any(|x| x == class))
    }
}

const VOID: [&str; 6] = ["meta", "link", "br", "hr", "img", "input"];

/// Reads every start tag, and checks on the way that elements nest properly
/// (every end tag closes the innermost open element) and that the raw text
/// holds no stray `<`, `>` or unescaped `&`.
fn parse(html: &str) -> Vec<Tag> {
    let mut tags = Vec::new();
    let mut open: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        check_text(&rest[..lt]);
        rest = &rest[lt..];
        if rest.starts_with("<!DOCTYPE") {
            rest = &rest[rest.find('>').unwrap() + 1..];
            continue;
        }
        let gt = rest.find('>').expect("unclosed tag");
        let inner = &rest[1..gt];
        rest = &rest[gt + 1..];
        if let Some(name) = inner.strip_prefix('/') {
            let top = open
                .pop()
                .unwrap_or_else(|| panic!("</{name}> closes nothing"));
            assert_eq!(top, name, "</{name}> closes <{top}>");
            continue;
        }
        let tag = parse_tag(inner);
        if tag.name == "style" || tag.name == "script" {
            let close = format!("</{}>", tag.name);
            let end = rest.find(&close).expect("unclosed style or script");
            rest = &rest[end + close.len()..];
        } else if !VOID.contains(&tag.name.as_str()) {
            open.push(tag.name.clone());
        }
        tags.push(tag);
    }
    check_text(rest);
    assert!(open.is_empty(), "unclosed elements: {open:?}");
    tags
}

fn check_text(text: &str) {
    assert!(!text.contains('>'), "stray > in text: {text:?}");
    for (k, _) in text.match_indices('&') {
        let entity = &text[k..text[k..].find(';').map(|e| k + e + 1).unwrap_or(text.len())];
        assert!(
            [
                "&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&#x27;", "&#x2f;"
            ]
            .contains(&entity),
            "unescaped & in {text:?}"
        );
    }
}

fn parse_tag(inner: &str) -> Tag {
    let inner = inner.trim_end_matches('/');
    let name_end = inner.find(char::is_whitespace).unwrap_or(inner.len());
    let name = inner[..name_end].to_lowercase();
    let mut attrs = Vec::new();
    let mut rest = inner[name_end..].trim_start();
    while !rest.is_empty() {
        let key_end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        let key = rest[..key_end].to_string();
        rest = &rest[key_end..];
        if let Some(after) = rest.strip_prefix("=\"") {
            let end = after.find('"').expect("unclosed attribute value");
            assert!(!after[..end].contains('<'), "< in attribute {key}");
            attrs.push((key, unescape(&after[..end])));
            rest = &after[end + 1..];
        } else {
            attrs.push((key, String::new()));
        }
        rest = rest.trim_start();
    }
    Tag { name, attrs }
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&amp;", "&")
}

/// The part of a page inside its `<article>` (the legend, which shows one of each
/// mark, stays outside).
fn article(html: &str) -> &str {
    let start = html.find("<article").expect("no article");
    let end = html.find("</article>").expect("no article end");
    &html[start..end + "</article>".len()]
}

fn count_class(tags: &[Tag], class: &str) -> usize {
    tags.iter().filter(|t| t.has_class(class)).count()
}

fn file<'a>(files: &'a [(String, String)], path: &str) -> &'a str {
    files
        .iter()
        .find(|(p, _)| p == path)
        .map(|(_, c)| c.as_str())
        .unwrap_or_else(|| panic!("no {path}"))
}

fn ids(tags: &[Tag]) -> BTreeSet<String> {
    let mut set = BTreeSet::new();
    for id in tags.iter().filter_map(|t| t.attr("id")) {
        assert!(set.insert(id.to_string()), "duplicate id {id}");
    }
    set
}

// ------------------------------------------------------------------------ tests

#[test]
fn multi_page_export_has_contents_documents_indexes_and_style() {
    let files = export_html(
        &edition(),
        &HtmlOptions {
            single_file: false,
            ..Default::default()
        },
    );
    let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "index.html",
            "d560.html",
            "d562.html",
            "d566.html",
            "d560.bib",
            "d560.csl.json",
            "d562.bib",
            "d562.csl.json",
            "d566.bib",
            "d566.csl.json",
            "persons.html",
            "places.html",
            "archives.html",
            "chronology.html",
            "style.css",
            "search.js",
            "search-index.js"
        ]
    );
    let contents = parse(file(&files, "index.html"));
    for doc in ["d560.html", "d562.html", "d566.html"] {
        assert!(
            contents
                .iter()
                .any(|t| t.name == "a" && t.attr("href") == Some(doc)),
            "contents lacks {doc}"
        );
    }
    let index = file(&files, "index.html");
    assert!(
        index.contains("No. [560?]") && index.contains("No. 562") && index.contains("No. [566]")
    );
    assert!(index.contains(r#"<time class="date" datetime="1920-11-05">5 November 1920</time>"#));
}

#[test]
fn every_mark_is_shown_with_its_class_and_explained_on_hover() {
    let files = export_html(
        &edition(),
        &HtmlOptions {
            single_file: false,
            ..Default::default()
        },
    );
    let page = |p: &str| parse(article(file(&files, p)));
    let (d560, d562, d566) = (page("d560.html"), page("d562.html"), page("d566.html"));
    // (page, class, expected count): counted by hand from the model above.
    let expected: [(&[Tag], &str, usize); 17] = [
        (&d560, "mark-gap", 2),
        (&d566, "mark-gap", 2), // one between blocks, one in a list item
        (&d560, "mark-supplied", 1),
        (&d566, "mark-supplied", 1), // the supplied date
        (&d560, "mark-underline", 2),
        (&d566, "mark-ellipsis", 1),
        (&d562, "mark-corr", 1),
        (&d560, "mark-emphasis-note", 1),
        (&d562, "mark-emphasis-note", 1),
        (&d566, "mark-emphasis-note", 1),
        (&d566, "mark-gloss", 1),
        (&d566, "mark-ex", 4),
        (&d566, "mark-anchor", 1),
        (&d566, "speech", 4),
        (&d566, "signed", 1),
        (&d566, "marking", 2),
        (&d566, "publication", 1),
    ];
    for (tags, class, n) in expected {
        assert_eq!(count_class(tags, class), n, "{class}");
    }
    for tags in [&d560, &d562, &d566] {
        for tag in tags.iter().filter(|t| t.has_class("mark")) {
            assert!(
                tag.attr("title").is_some_and(|t| !t.is_empty()),
                "mark without title: {tag:?}"
            );
        }
    }
    let corr = d562.iter().find(|t| t.has_class("mark-corr")).unwrap();
    assert!(
        corr.attr("title").unwrap().contains("begins"),
        "original reading on hover"
    );
    assert!(article(file(&files, "d562.html")).contains(">requires</span>"));
    let speaker = d566.iter().find(|t| t.has_class("speaker")).unwrap();
    assert_eq!(speaker.attr("title"), Some("Speaker: Legran"));
    assert_eq!(speaker.attr("href"), Some("persons.html#person-legran"));
}

#[test]
fn footnotes_are_numbered_and_linked_both_ways() {
    let files = export_html(
        &edition(),
        &HtmlOptions {
            single_file: false,
            ..Default::default()
        },
    );
    // (page, footnotes, references): d560 one note shared by two anchors, d562 the
    // sic note, d566 the ellipsis note and a note without anchor.
    for (path, notes, refs) in [
        ("d560.html", 1, 2),
        ("d562.html", 1, 1),
        ("d566.html", 2, 1),
    ] {
        let tags = parse(file(&files, path));
        let footnotes: Vec<&Tag> = tags.iter().filter(|t| t.has_class("footnote")).collect();
        let references: Vec<&Tag> = tags
            .iter()
            .filter(|t| t.attr("role") == Some("doc-noteref"))
            .collect();
        assert_eq!((footnotes.len(), references.len()), (notes, refs), "{path}");
        let numbers: Vec<Option<&str>> = footnotes.iter().map(|f| f.attr("value")).collect();
        let wanted: Vec<String> = (1..=notes).map(|n| n.to_string()).collect();
        assert_eq!(
            numbers,
            wanted.iter().map(|s| Some(s.as_str())).collect::<Vec<_>>(),
            "{path}"
        );
        for r in &references {
            let note_id = r.attr("href").unwrap().trim_start_matches('#');
            let ref_id = r.attr("id").expect("reference without id");
            // The note's back-link to this reference follows the note's <li>.
            let li = tags
                .iter()
                .position(|t| t.attr("id") == Some(note_id))
                .expect("note");
            let back = tags[li + 1..]
                .iter()
                .take_while(|t| !t.has_class("footnote"))
                .any(|t| {
                    t.attr("role") == Some("doc-backlink")
                        && t.attr("href") == Some(&format!("#{ref_id}"))
                });
            assert!(
                back,
                "{path}: note {note_id} does not link back to {ref_id}"
            );
        }
    }
    let d560 = file(&files, "d560.html");
    assert!(d560.contains(r##"href="#d560-fn1-a1""##) && d560.contains(r##"href="#d560-fn1-a2""##));
}

#[test]
fn archival_citations_and_indexes_are_formatted_and_linked() {
    let files = export_html(
        &edition(),
        &HtmlOptions {
            single_file: false,
            ..Default::default()
        },
    );
    let d560 = file(&files, "d560.html");
    assert!(d560.contains("Archive of Foreign Policy of the Russian Federation, Moscow"));
    for part in [
        "f. 04",
        "op. 39",
        "p. 232",
        "d. 54987",
        "pp. 42–44",
        "Copy.",
    ] {
        assert!(d560.contains(part), "{part}");
    }
    let d566 = file(&files, "d566.html");
    assert!(d566.contains("repository inherited"));
    assert!(d566.contains(
        "Original.</span> <span class=\"category category-form-typescript\">Typescript.</span>"
    ));
    assert!(d566.contains("NA RA, f. 276, d. 57, l. 5"));
    assert!(
        d566.contains("l. 21 ob.</span> <span"),
        "no second period after “ob.”"
    );
    assert!(d566.contains("<cite>The Armenian Question at Geneva</cite>"));
    assert!(d566.contains("The situation is &lt;critical&gt; &amp; &quot;tense&quot;."));

    let links = |path: &str, anchor: &str| -> Vec<String> {
        let tags = parse(file(&files, path));
        let li = tags
            .iter()
            .position(|t| t.attr("id") == Some(anchor))
            .unwrap_or_else(|| panic!("{anchor}"));
        tags[li + 1..]
            .iter()
            .take_while(|t| t.name == "a" || t.name == "span")
            .filter_map(|t| t.attr("href").map(str::to_string))
            .collect()
    };
    assert_eq!(links("persons.html", "person-legran"), ["d566.html"]);
    assert_eq!(links("persons.html", "person-pugachev"), ["d566.html"]);
    assert_eq!(links("persons.html", "person-chicherin"), ["d566.html"]);
    assert!(links("persons.html", "person-chairman").is_empty());
    assert_eq!(
        links("archives.html", "archive-repo-avpr"),
        ["d560.html", "d566.html"]
    );
    assert_eq!(
        links("archives.html", "archive-repo-rgaspi"),
        ["d562.html", "d566.html"]
    );
    let places = file(&files, "places.html");
    let baku = places.find("Baku").unwrap();
    let tiflis = places.find("Tiflis").unwrap();
    assert!(baku < tiflis, "places are alphabetical");
    assert!(places[baku..tiflis].contains("href=\"d562.html\""));
    assert!(places[tiflis..].contains("href=\"d566.html\""));
}

/// Every link of every page resolves inside the export; nothing is loaded from elsewhere.
fn assert_self_contained(files: &[(String, String)]) {
    let pages: Vec<(&str, Vec<Tag>)> = files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, c)| (p.as_str(), parse(c)))
        .collect();
    let page_ids: Vec<(&str, BTreeSet<String>)> =
        pages.iter().map(|(p, tags)| (*p, ids(tags))).collect();
    for (path, tags) in &pages {
        let html = file(files, path);
        assert!(
            html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"),
            "{path}"
        );
        // The only script is the search: a file of the edition for a site, its
        // index and code inlined in a single file; nothing from elsewhere.
        let single = files.len() == 1;
        if single {
            assert_eq!(html.matches("<script>\n").count(), 2, "{path}: scripts");
        } else {
            assert!(files.iter().any(|(p, _)| p == "search.js"));
            assert!(files.iter().any(|(p, _)| p == "search-index.js"));
            assert_eq!(
                html.matches("<script src=\"search.js\" defer></script>")
                    .count(),
                1,
                "{path}: script"
            );
        }
        assert_eq!(html.matches("<script").count(), if single { 2 } else { 1 });
        assert!(
            html.contains("<form role=\"search\""),
            "{path}: search form"
        );
        assert!(
            html.contains("<input type=\"search\""),
            "{path}: search box"
        );
        assert!(html.contains("id=\"search-results\""), "{path}: results");
        assert!(
            html.contains("<noscript><p class=\"search-note\">Search needs JavaScript"),
            "{path}: without JavaScript the form says search needs it"
        );
        for landmark in ["<header", "<nav", "<main", "<footer", "<h1"] {
            assert!(html.contains(landmark), "{path}: no {landmark}");
        }
        for tag in tags.iter() {
            if tag.name == "script" && tag.attr("src") == Some("search.js") {
                continue;
            }
            assert!(tag.attr("src").is_none(), "{path}: {tag:?}");
            let Some(href) = tag.attr("href") else {
                continue;
            };
            if href.starts_with("https://") && tag.attr("rel") == Some("license") {
                continue; // a link the reader may follow; nothing is requested
            }
            let (target, fragment) = href.split_once('#').unwrap_or((href, ""));
            let target = if target.is_empty() { *path } else { target };
            let ids = &page_ids
                .iter()
                .find(|(p, _)| *p == target)
                .unwrap_or_else(|| {
                    assert!(
                        files.iter().any(|(p, _)| p == target),
                        "{path}: broken link {href}"
                    );
                    &page_ids[0]
                })
                .1;
            if !fragment.is_empty() && target.ends_with(".html") {
                assert!(ids.contains(fragment), "{path}: no id for {href}");
            }
        }
        let http = html.matches("http").count();
        let licence = html.matches("rel=\"license\" href=\"http").count();
        assert_eq!(
            http, licence,
            "{path}: an http URL other than the licence link"
        );
    }
    for (path, css) in files.iter().filter(|(p, _)| p.ends_with(".css")) {
        assert!(!css.contains("url(") && !css.contains("@import"), "{path}");
    }
}

#[test]
fn pages_are_self_contained_and_links_resolve() {
    assert_self_contained(&export_html(
        &edition(),
        &HtmlOptions {
            single_file: false,
            ..Default::default()
        },
    ));
}

#[test]
fn single_file_holds_everything_with_inline_style() {
    let files = export_html(
        &edition(),
        &HtmlOptions {
            single_file: true,
            ..Default::default()
        },
    );
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].0, "index.html");
    assert_self_contained(&files);
    let html = &files[0].1;
    assert!(html.contains("<style>") && html.contains("@media print"));
    assert!(!html.contains("style.css"));
    let tags = parse(html);
    assert_eq!(tags.iter().filter(|t| t.name == "article").count(), 3);
    for id in [
        "d560",
        "d562",
        "d566",
        "index-persons",
        "index-places",
        "index-archives",
        "person-legran",
    ] {
        assert!(tags.iter().any(|t| t.attr("id") == Some(id)), "{id}");
    }
    assert!(
        tags.iter()
            .any(|t| t.name == "a" && t.attr("href") == Some("#d566"))
    );
    // Inside one page documents use h2, the h1 is the edition's title.
    assert_eq!(tags.iter().filter(|t| t.name == "h1").count(), 1);
}

#[test]
fn repeated_ids_in_the_model_still_give_unique_ids_and_working_links() {
    // The same document twice, and a second note reusing the first one's id.
    let mut twice = d562();
    if let BlockKind::Paragraph(content) = &mut twice.blocks[0].kind {
        content.push(i(InlineKind::Note(Box::new(note(
            NoteKind::Editorial,
            "d562-fn1",
            Some(NotePlace::Foot),
            &[],
            "A second note with the same id.",
        )))));
    }
    let ed = Edition {
        header: header(),
        documents: vec![d562(), twice],
    };
    for single_file in [false, true] {
        let files = export_html(
            &ed,
            &HtmlOptions {
                single_file,
                ..Default::default()
            },
        );
        assert_self_contained(&files);
        let html = &files
            .iter()
            .find(|(p, _)| p.ends_with("index.html"))
            .unwrap()
            .1;
        assert!(
            html.contains("d562-2"),
            "second document gets its own anchor"
        );
    }
    let files = export_html(
        &ed,
        &HtmlOptions {
            single_file: false,
            ..Default::default()
        },
    );
    let second = parse(file(&files, "d562-2.html"));
    let notes: Vec<&str> = second
        .iter()
        .filter(|t| t.has_class("footnote"))
        .filter_map(|t| t.attr("id"))
        .collect();
    // Footnote ids are the page anchor and the note's number, not the TEI's
    // ids, so a repeated TEI id cannot make two notes share one.
    assert_eq!(notes, ["d562-2-n1", "d562-2-n2"]);
}

#[test]
fn export_is_deterministic() {
    for single_file in [false, true] {
        let options = HtmlOptions {
            single_file,
            ..Default::default()
        };
        assert_eq!(
            export_html(&edition(), &options),
            export_html(&edition(), &options)
        );
    }
}

#[test]
fn hostile_text_is_escaped() {
    let mut ed = edition();
    ed.header.title = "<script>alert(1)</script>".into();
    ed.header.language = "en\" onload=\"x".into();
    ed.documents[1].heads = vec![head("\"><img src=x onerror=alert(1)>", false)];
    ed.documents[1].id = "d562\"><b>".into();
    let element = |name: &str| Element {
        span: sp(),
        name: name.into(),
        attributes: vec![("x\"><b>".into(), "<b>".into())],
        content: vec![t("<b>kept</b>")],
    };
    ed.documents[1]
        .blocks
        .push(block(BlockKind::Other(element("x\"><b>"))));
    ed.documents[1]
        .blocks
        .push(para(vec![i(InlineKind::Element(element("y\"><b>")))]));
    for single_file in [false, true] {
        for (path, html) in export_html(
            &ed,
            &HtmlOptions {
                single_file,
                ..Default::default()
            },
        ) {
            // Style sheet and citation files are not HTML (the citations' own
            // escaping is tested in tests/it/cite.rs).
            if !path.ends_with(".html") {
                continue;
            }
            assert!(!html.contains("<script>alert"), "{path}");
            assert!(!html.contains("<img"), "{path}");
            assert!(!html.contains("<b>"), "{path}");
            assert!(!html.contains("onload=\"x"), "{path}");
            if path == "d562___b_.html" || single_file {
                assert_eq!(html.matches("&lt;b&gt;kept&lt;/b&gt;").count(), 2, "{path}");
            }
            parse(&html);
        }
    }
}

#[test]
fn document_page_snapshot() {
    let files = export_html(
        &edition(),
        &HtmlOptions {
            single_file: false,
            ..Default::default()
        },
    );
    insta::assert_snapshot!("d566_page", file(&files, "d566.html"));
}

// ------------------------------------------------------------- headless browser

use crate::support::{chromium, chromium_args};

#[test]
fn chromium_renders_the_document_page() {
    let Some(browser) = chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    for (path, content) in export_html(
        &edition(),
        &HtmlOptions {
            single_file: false,
            ..Default::default()
        },
    ) {
        std::fs::write(dir.path().join(path), content).unwrap();
    }
    let profile = tempfile::tempdir().unwrap();
    let page = format!("file://{}", dir.path().join("d560.html").display());
    let out = Command::new(browser)
        .args(chromium_args(profile.path()))
        .args(["--dump-dom", &page])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dom = String::from_utf8(out.stdout).unwrap();
    // The browser parsed the page into the same structure: marks, note links, style sheet.
    let tags = parse_dom(&dom);
    assert_eq!(
        count_class(&tags, "mark-underline"),
        2 + 1,
        "two in the text, one in the legend"
    );
    assert_eq!(
        tags.iter()
            .filter(|t| t.attr("role") == Some("doc-noteref"))
            .count(),
        2
    );
    assert!(
        tags.iter()
            .any(|t| t.name == "link" && t.attr("href") == Some("style.css"))
    );
    assert!(dom.contains("This sentence is underlined in the original document."));

    // A picture of the page for the docs, when asked for.
    if std::env::var_os("TEIKIT_SCREENSHOT").is_some() {
        let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshot-document.png");
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        let status = Command::new(browser)
            .args(chromium_args(profile.path()))
            .args([
                "--hide-scrollbars",
                "--window-size=1000,1400",
                &format!("--screenshot={}", target.display()),
                &page,
            ])
            .status()
            .unwrap();
        assert!(status.success());
    }
}

/// The browser's serialisation of the DOM: start tags only, no nesting check
/// (the browser writes `&nbsp;` and omits nothing we need).
fn parse_dom(dom: &str) -> Vec<Tag> {
    let mut tags = Vec::new();
    let mut rest = dom;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt + 1..];
        let Some(gt) = rest.find('>') else { break };
        let inner = &rest[..gt];
        rest = &rest[gt + 1..];
        if inner.starts_with('/') || inner.starts_with('!') {
            continue;
        }
        tags.push(parse_tag(inner));
    }
    tags
}

// ------------------------------------------------------ chronology, registers

fn example_edition() -> Edition {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let xml = std::fs::read_to_string(root.join("tei/edition.xml")).unwrap();
    teikit::tei::read::read_tei(&xml).0
}

/// The rows of a chronology table: (document link, inexact?, the whole row).
fn chronology_rows(html: &str) -> Vec<(String, bool, String)> {
    html.match_indices("<tr")
        .filter_map(|(i, _)| {
            let row = &html[i..i + html[i..].find("</tr>")?];
            let href = row.split("<a href=\"").nth(1)?.split('"').next()?;
            Some((
                href.to_string(),
                row.starts_with("<tr class=\"inexact\""),
                row.to_string(),
            ))
        })
        .collect()
}

#[test]
fn chronology_orders_documents_by_date_and_marks_inexact_and_undated_ones() {
    use teikit::export::facts::{date_range, document_date};
    let mut ed = example_edition();
    // One document loses its dateline: it must be listed as undated.
    let undated_id = ed.documents[3].id.clone();
    ed.documents[3].opener = None;
    let files = export_html(&ed, &HtmlOptions::default());
    let page = file(&files, "chronology.html");
    parse(page);
    let rows = chronology_rows(page);
    assert_eq!(rows.len(), ed.documents.len(), "every document once");
    let mut expected: Vec<(String, String, usize, String, bool)> = ed
        .documents
        .iter()
        .enumerate()
        .filter_map(|(i, d)| {
            let r = document_date(d).and_then(date_range)?;
            Some((r.from, r.to, i, format!("{}.html", d.id), !r.exact))
        })
        .collect();
    expected.sort();
    let dated: Vec<(String, bool)> = expected.iter().map(|e| (e.3.clone(), e.4)).collect();
    let got: Vec<(String, bool)> = rows[..dated.len()]
        .iter()
        .map(|(h, inexact, _)| (h.clone(), *inexact))
        .collect();
    assert_eq!(got, dated);
    assert!(
        dated.iter().any(|(_, inexact)| *inexact),
        "tei/ has inexact dates"
    );
    // The inexact row says why, in words a screen reader reads too.
    let d302 = rows.iter().find(|r| r.0 == "d302.html").unwrap();
    assert!(d302.1);
    assert!(
        d302.2.contains("between 1921-08-09 and 1921-08-10"),
        "{}",
        d302.2
    );
    assert!(d302.2.contains("visually-hidden"));
    // Undated documents come last, under their own heading.
    let undated_at = page
        .find("id=\"chronology-undated\"")
        .expect("an undated section");
    let undated_rows = chronology_rows(&page[undated_at..]);
    assert!(
        undated_rows
            .iter()
            .any(|r| r.0 == format!("{undated_id}.html")),
        "{undated_rows:?}"
    );
    assert_eq!(undated_rows.len(), ed.documents.len() - dated.len());
    // Every page links the chronology.
    for (path, html) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        assert!(html.contains("href=\"chronology.html\""), "{path}");
    }
    // The single file holds it as a section.
    let single = export_html(
        &ed,
        &HtmlOptions {
            single_file: true,
            ..Default::default()
        },
    );
    assert!(
        single[0]
            .1
            .contains("<h2 id=\"chronology\">Chronology</h2>")
    );
    let single_page = &single[0].1;
    let section = &single_page[single_page.find("id=\"chronology\"").unwrap()..];
    let linked = chronology_rows(section)
        .iter()
        .filter(|r| r.0.starts_with('#'))
        .count();
    assert!(
        linked >= ed.documents.len(),
        "{linked} rows link into the page"
    );
}

#[test]
fn registers_count_the_documents_of_each_entry() {
    let ed = example_edition();
    let files = export_html(&ed, &HtmlOptions::default());
    for page in ["persons.html", "places.html", "archives.html"] {
        let html = file(&files, page);
        let entries = html.matches("<li id=").count();
        assert!(entries > 0, "{page}");
        assert!(
            html.contains(&format!(
                "<p class=\"register-count\">{entries} entries.</p>"
            )),
            "{page}"
        );
        // Each entry's count equals the links it lists.
        for (i, _) in html.match_indices("<li id=") {
            let li = &html[i..i + html[i..].find("</li>").unwrap()];
            let links = li.matches("<a href=").count();
            let count = li
                .split("<span class=\"entry-count\">")
                .nth(1)
                .and_then(|s| s.split(' ').next())
                .and_then(|n| n.parse::<usize>().ok())
                .unwrap_or_else(|| panic!("{page}: no count in {li}"));
            assert_eq!(count, links, "{page}: {li}");
        }
    }
}
