//! The TEI writer against docs/encoding.md: the worked example of §5.1 byte for byte,
//! every model variant valid against tei_all (jing), split files, escaping.

use crate::support;

use teikit::model::*;
use teikit::tei::write::{TeiOptions, write_document_tei, write_tei};

// ---------------------------------------------------------------- model helpers

fn sp() -> Span {
    Span::default()
}

fn t(s: &str) -> Inline {
    Inline::text(sp(), s)
}

fn il(kind: InlineKind) -> Inline {
    Inline::new(sp(), kind)
}

fn block(kind: BlockKind) -> Block {
    Block { span: sp(), kind }
}

fn head(sub: bool, content: Vec<Inline>) -> Head {
    Head {
        span: sp(),
        sub,
        content,
    }
}

fn date(
    text: &str,
    when: Option<&str>,
    not_before: Option<&str>,
    not_after: Option<&str>,
) -> Inline {
    il(InlineKind::Date(DateValue {
        text: text.into(),
        when: when.map(Into::into),
        not_before: not_before.map(Into::into),
        not_after: not_after.map(Into::into),
    }))
}

fn dateline(content: Vec<Inline>) -> OpenerItem {
    OpenerItem::Dateline {
        span: sp(),
        content,
    }
}

fn opener(items: Vec<OpenerItem>) -> Option<Opener> {
    Some(Opener { span: sp(), items })
}

fn part(kind: ShelfmarkKind, value: &str, label: Option<&str>) -> ShelfmarkPart {
    ShelfmarkPart {
        kind,
        value: value.into(),
        label: label.map(Into::into),
    }
}

/// A parsed witness with fond, opis, delo.
fn witness(
    repo: &str,
    shelf: Vec<ShelfmarkPart>,
    range: (&str, &str, &str, &str),
    cats: &[&str],
) -> Witness {
    Witness {
        span: sp(),
        kind: WitnessKind::Parsed(ParsedWitness {
            repository: repo.into(),
            repository_ref: format!("repo-{}", repo.to_lowercase().replace(' ', "-")),
            inherited: false,
            shelfmark: shelf,
            range: CitedRange {
                unit: range.0.into(),
                from: range.1.into(),
                to: range.2.into(),
                text: range.3.into(),
            },
            categories: cats.iter().map(|c| c.to_string()).collect(),
            certification: None,
        }),
    }
}

fn fond_opis_delo(f: &str, o: &str, d: &str) -> Vec<ShelfmarkPart> {
    vec![
        part(ShelfmarkKind::Fond, f, None),
        part(ShelfmarkKind::Opis, o, None),
        part(ShelfmarkKind::Delo, d, None),
    ]
}

fn witnesses(parenthesized: bool, items: Vec<Witness>) -> Option<Witnesses> {
    Some(Witnesses {
        span: sp(),
        parenthesized,
        items,
    })
}

fn note(
    kind: NoteKind,
    n: Option<&str>,
    id: Option<&str>,
    place: Option<NotePlace>,
    rend: &[&str],
    target: &[&str],
    content: Vec<Inline>,
) -> Note {
    Note {
        span: sp(),
        kind,
        n: n.map(Into::into),
        id: id.map(Into::into),
        place,
        by_editor: true,
        rend: rend.iter().map(|s| s.to_string()).collect(),
        target: target.iter().map(|s| s.to_string()).collect(),
        content,
    }
}

fn emphasis_note() -> Note {
    note(
        NoteKind::Editorial,
        None,
        None,
        None,
        &["parenthesized"],
        &[],
        vec![t("Emphasis added – Y.B.")],
    )
}

fn speech(who: &str, run_in: bool, speaker: Vec<Inline>, content: Vec<Inline>) -> Block {
    block(BlockKind::Speech {
        who: who.into(),
        run_in,
        speaker,
        content,
    })
}

fn expan(abbr: &str, ex: &str) -> Inline {
    il(InlineKind::Expan {
        abbr: abbr.into(),
        ex: ex.into(),
    })
}

fn gap() -> Inline {
    il(InlineKind::Gap)
}

fn category(id: &str, label: &str, children: Vec<Category>) -> Category {
    Category {
        id: id.into(),
        label: label.into(),
        children,
    }
}

fn person(id: &str, name: &str) -> Person {
    Person {
        id: id.into(),
        name: name.into(),
        is_role: false,
        affiliation: None,
    }
}

fn repository(short: &str, full: &str, place: &str) -> Repository {
    Repository {
        id: format!("repo-{}", short.to_lowercase().replace(' ', "-")),
        short: short.into(),
        full: Some(full.into()),
        place: Some(place.into()),
    }
}

fn document(n: &str) -> Document {
    Document {
        n: Some(n.into()),
        id: format!("d{n}"),
        ..Document::default()
    }
}

// ---------------------------------------------------------------- jing

/// Validates with jing against tei_all (the one jing helper of tests/it/support).
fn jing(xml: &str) -> Option<Result<(), String>> {
    support::jing(xml, &support::tei_all())
}

fn assert_valid(xml: &str) {
    if let Some(Err(errors)) = jing(xml) {
        panic!("jing rejects the output:\n{errors}\n---\n{xml}");
    }
}

// ---------------------------------------------------------------- §5.1

fn header_5_1() -> Header {
    Header {
        title: "Nagorno-Karabakh in International Law and Global Politics: Documents No. 555–569".into(),
        language: "en".into(),
        editor: Some(Editor {
            name: "Yuri Barsegov".into(),
            xml_id: "YB".into(),
            initials: vec!["Y.B.".into()],
        }),
        publisher: None,
        licence: None,
        source: SourceDesc::Bibl {
            author: "Yuri Barsegov".into(),
            title: "Nagorno-Karabakh in International Law and Global Politics".into(),
        },
        editorial_decl: vec![
            "Converted from the plain text of the edition. Omissions marked “<…>” by the compiler are encoded as gap, words the compiler supplied in square brackets as supplied, and expansions of abbreviated speaker names as ex.".into(),
            "Emphasis added by the compiler is recorded by the compiler’s note in each document, but the emphasised spans are not recoverable from the plain text and are not encoded.".into(),
            "Underlining, ellipses and errors of the original documents are encoded as the compiler’s footnotes describe them; matter after the last document is not part of the edition.".into(),
        ],
        taxonomies: vec![
            Taxonomy {
                id: "witness-status".into(),
                categories: vec![
                    category("status-copy", "Copy", vec![]),
                    category("status-original", "Original", vec![]),
                    category("status-draft", "Draft", vec![]),
                    category("status-certified-copy", "Certified copy", vec![]),
                ],
            },
            Taxonomy {
                id: "witness-form".into(),
                categories: vec![
                    category("form-typescript", "Typescript", vec![]),
                    category("form-autograph", "Autograph", vec![]),
                ],
            },
        ],
        persons: [
            "Pugachev",
            "Pechersky",
            "Garf",
            "Klim",
            "Chicherin",
            "Stalin",
            "Legran",
            "Shaposhnikov",
            "Gelman",
            "Mirazbekyan",
            "Ordzhonikidze",
        ]
        .iter()
        .map(|name| person(&name.to_lowercase(), name))
        .collect(),
        repositories: vec![
            repository("NA RA", "National Archives of Armenia", "Yerevan"),
            repository("RGVA", "Russian State Military Archive", "Moscow"),
            repository("RGASPI", "Russian State Archive of Socio-Political History", "Moscow"),
            repository("AVPR", "Archive of Foreign Policy of the Russian Federation", "Moscow"),
        ],
        frame: None,
    }
}

fn baku(text: &str, when: &str) -> Option<Opener> {
    opener(vec![dateline(vec![
        il(InlineKind::PlaceName("Baku".into())),
        t(", "),
        date(text, Some(when), None, None),
    ])])
}

fn document_562() -> Document {
    Document {
        heads: vec![head(
            false,
            vec![t(
                "Telegram from I. Stalin and Member of the Caucasian Bureau of the Central Committee of the RCP(b) and the Revolutionary Military Council of the Caucasian Front, G. Ordzhonikidze, to the People’s Commissar for Foreign Affairs of the RSFSR, G. Chicherin On the Unacceptability of the Territorial Settlement Proposed by Legran in the Draft Treaty with Armenia",
            )],
        )],
        opener: baku("5 November 1920", "1920-11-05"),
        blocks: vec![block(BlockKind::Paragraph(vec![
            t(
                "Legran arrived with a draft treaty; no ultimatum was presented to the Armenian government. The draft treaty grants Armenia the districts of Nakhichevan and Zangezur; in return, we gain the right to transport arms to Turkey, etc., provided the Turks, under our pressure, withdraw to the 1914 border. The draft cannot be signed immediately and ",
            ),
            il(InlineKind::Choice {
                sic: "begins".into(),
                corr: "requires".into(),
            }),
            il(InlineKind::Note(Box::new(note(
                NoteKind::Textual,
                Some("*"),
                Some("d562-fn1"),
                Some(NotePlace::Foot),
                &[],
                &[],
                vec![t("The document mistakenly reads “begins.”")],
            )))),
            t(
                " thorough review and substantial revision. Legran should travel to Moscow to provide clarification.",
            ),
        ]))],
        witnesses: witnesses(
            false,
            vec![witness(
                "RGASPI",
                fond_opis_delo("558", "1", "5224"),
                ("page", "1", "1", "p. 1"),
                &["status-copy"],
            )],
        ),
        closers: vec![Closer {
            span: sp(),
            content: vec![
                il(InlineKind::Idno {
                    kind: "registration".into(),
                    text: "No. 159".into(),
                }),
                t("."),
            ],
        }],
        notes: vec![emphasis_note()],
        ..document("562")
    }
}

fn document_566() -> Document {
    let legran = || vec![expan("L", "egran"), t(":")];
    let chicherin = || vec![expan("Ch", "icherin"), t(":")];
    Document {
        heads: vec![head(
            false,
            vec![t(
                "Record of a Direct-Line Conversation Between the People’s Commissar for Foreign Affairs of the RSFSR, G. Chicherin, and the Plenipotentiary Representative in Armenia, B. Legran On Stalin’s Rejection of the Draft Treaty with Armenia and the Decision to Leave the Status of Zangezur and Nakhichevan—and Therefore Karabakh—Unresolved",
            )],
        )],
        opener: baku("7 November 1920", "1920-11-07"),
        blocks: vec![
            speech(
                "legran",
                false,
                legran(),
                vec![t("I await your response to the memorandum.")],
            ),
            speech(
                "chicherin",
                true,
                chicherin(),
                vec![t("Stalin’s cipher No. 164 has not yet been decrypted.")],
            ),
            speech(
                "legran",
                true,
                legran(),
                vec![t(
                    "Comrade Chicherin, I am requesting a response to my memorandum, not to Stalin’s cipher. Legran on the line.",
                )],
            ),
            speech(
                "chicherin",
                true,
                chicherin(),
                vec![
                    t(
                        "Comrade Chicherin on the line. Listen, here it is: Stalin’s cipher No. 164 is still not decrypted. Ciphers 158, 159, and 160 are distorted and do not provide the full draft. Your draft treaty with Armenia is outdated. Events have overtaken it. Only mediation remains, to halt the Turkish advance. Once the Turks stop, we will discuss the rest gradually. ",
                    ),
                    gap(),
                    t(
                        " The conditions for the Armenians are addressed in more detail in a cipher that has not yet been delivered to you. The question of Zangezur and Nakhichevan must remain open. ",
                    ),
                    gap(),
                ],
            ),
        ],
        witnesses: witnesses(
            false,
            vec![witness(
                "RGASPI",
                fond_opis_delo("64", "1", "21"),
                ("page", "207", "207", "p. 207"),
                &["status-copy"],
            )],
        ),
        notes: vec![emphasis_note()],
        ..document("566")
    }
}

fn edition_5_1() -> Edition {
    Edition {
        header: header_5_1(),
        documents: vec![document_562(), document_566()],
    }
}

/// docs/encoding.md §5.1 with its `<!-- … -->` elision comments taken out.
const EXPECTED_5_1: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en">
  <teiHeader>
    <fileDesc>
      <titleStmt>
        <title>Nagorno-Karabakh in International Law and Global Politics: Documents No. 555–569</title>
        <editor xml:id="YB">Yuri Barsegov</editor>
      </titleStmt>
      <publicationStmt>
        <p>Unpublished.</p>
      </publicationStmt>
      <sourceDesc>
        <bibl><author>Yuri Barsegov</author> <title>Nagorno-Karabakh in International Law and Global Politics</title></bibl>
      </sourceDesc>
    </fileDesc>
    <encodingDesc>
      <editorialDecl>
        <p>Converted from the plain text of the edition. Omissions marked “&lt;…&gt;” by the compiler are encoded as gap, words the compiler supplied in square brackets as supplied, and expansions of abbreviated speaker names as ex.</p>
        <p>Emphasis added by the compiler is recorded by the compiler’s note in each document, but the emphasised spans are not recoverable from the plain text and are not encoded.</p>
        <p>Underlining, ellipses and errors of the original documents are encoded as the compiler’s footnotes describe them; matter after the last document is not part of the edition.</p>
      </editorialDecl>
      <classDecl>
        <taxonomy xml:id="witness-status">
          <category xml:id="status-copy"><catDesc>Copy</catDesc></category>
          <category xml:id="status-original"><catDesc>Original</catDesc></category>
          <category xml:id="status-draft"><catDesc>Draft</catDesc></category>
          <category xml:id="status-certified-copy"><catDesc>Certified copy</catDesc></category>
        </taxonomy>
        <taxonomy xml:id="witness-form">
          <category xml:id="form-typescript"><catDesc>Typescript</catDesc></category>
          <category xml:id="form-autograph"><catDesc>Autograph</catDesc></category>
        </taxonomy>
      </classDecl>
    </encodingDesc>
    <profileDesc>
      <particDesc>
        <listPerson>
          <person xml:id="pugachev"><persName>Pugachev</persName></person>
          <person xml:id="pechersky"><persName>Pechersky</persName></person>
          <person xml:id="garf"><persName>Garf</persName></person>
          <person xml:id="klim"><persName>Klim</persName></person>
          <person xml:id="chicherin"><persName>Chicherin</persName></person>
          <person xml:id="stalin"><persName>Stalin</persName></person>
          <person xml:id="legran"><persName>Legran</persName></person>
          <person xml:id="shaposhnikov"><persName>Shaposhnikov</persName></person>
          <person xml:id="gelman"><persName>Gelman</persName></person>
          <person xml:id="mirazbekyan"><persName>Mirazbekyan</persName></person>
          <person xml:id="ordzhonikidze"><persName>Ordzhonikidze</persName></person>
        </listPerson>
      </particDesc>
    </profileDesc>
  </teiHeader>
  <standOff>
    <listOrg type="repositories">
      <org xml:id="repo-na-ra"><orgName type="short">NA RA</orgName><orgName type="full">National Archives of Armenia</orgName><placeName>Yerevan</placeName></org>
      <org xml:id="repo-rgva"><orgName type="short">RGVA</orgName><orgName type="full">Russian State Military Archive</orgName><placeName>Moscow</placeName></org>
      <org xml:id="repo-rgaspi"><orgName type="short">RGASPI</orgName><orgName type="full">Russian State Archive of Socio-Political History</orgName><placeName>Moscow</placeName></org>
      <org xml:id="repo-avpr"><orgName type="short">AVPR</orgName><orgName type="full">Archive of Foreign Policy of the Russian Federation</orgName><placeName>Moscow</placeName></org>
    </listOrg>
  </standOff>
  <text>
    <body>
      <div type="document" n="562" xml:id="d562">
        <head>Telegram from I. Stalin and Member of the Caucasian Bureau of the Central Committee of the RCP(b) and the Revolutionary Military Council of the Caucasian Front, G. Ordzhonikidze, to the People’s Commissar for Foreign Affairs of the RSFSR, G. Chicherin On the Unacceptability of the Territorial Settlement Proposed by Legran in the Draft Treaty with Armenia</head>
        <opener><dateline><placeName>Baku</placeName>, <date when="1920-11-05">5 November 1920</date></dateline></opener>
        <p>Legran arrived with a draft treaty; no ultimatum was presented to the Armenian government. The draft treaty grants Armenia the districts of Nakhichevan and Zangezur; in return, we gain the right to transport arms to Turkey, etc., provided the Turks, under our pressure, withdraw to the 1914 border. The draft cannot be signed immediately and <choice><sic>begins</sic><corr resp="#YB">requires</corr></choice><note type="textual" n="*" xml:id="d562-fn1" place="foot" resp="#YB">The document mistakenly reads “begins.”</note> thorough review and substantial revision. Legran should travel to Moscow to provide clarification.</p>
        <listBibl type="witnesses">
          <bibl type="witness" ana="#status-copy">
            <msIdentifier>
              <repository ref="#repo-rgaspi">RGASPI</repository>
              <idno type="fond">558</idno>
              <idno type="opis">1</idno>
              <idno type="delo">5224</idno>
            </msIdentifier>
            <citedRange unit="page" from="1" to="1">p. 1</citedRange>
          </bibl>
        </listBibl>
        <closer><idno type="registration">No. 159</idno>.</closer>
        <note type="editorial" resp="#YB" rend="parenthesized">Emphasis added – Y.B.</note>
      </div>
      <div type="document" n="566" xml:id="d566">
        <head>Record of a Direct-Line Conversation Between the People’s Commissar for Foreign Affairs of the RSFSR, G. Chicherin, and the Plenipotentiary Representative in Armenia, B. Legran On Stalin’s Rejection of the Draft Treaty with Armenia and the Decision to Leave the Status of Zangezur and Nakhichevan—and Therefore Karabakh—Unresolved</head>
        <opener><dateline><placeName>Baku</placeName>, <date when="1920-11-07">7 November 1920</date></dateline></opener>
        <sp who="#legran">
          <speaker><expan>L<ex resp="#YB">egran</ex></expan>:</speaker>
          <p>I await your response to the memorandum.</p>
        </sp>
        <sp who="#chicherin" rend="run-in">
          <speaker><expan>Ch<ex resp="#YB">icherin</ex></expan>:</speaker>
          <p>Stalin’s cipher No. 164 has not yet been decrypted.</p>
        </sp>
        <sp who="#legran" rend="run-in">
          <speaker><expan>L<ex resp="#YB">egran</ex></expan>:</speaker>
          <p>Comrade Chicherin, I am requesting a response to my memorandum, not to Stalin’s cipher. Legran on the line.</p>
        </sp>
        <sp who="#chicherin" rend="run-in">
          <speaker><expan>Ch<ex resp="#YB">icherin</ex></expan>:</speaker>
          <p>Comrade Chicherin on the line. Listen, here it is: Stalin’s cipher No. 164 is still not decrypted. Ciphers 158, 159, and 160 are distorted and do not provide the full draft. Your draft treaty with Armenia is outdated. Events have overtaken it. Only mediation remains, to halt the Turkish advance. Once the Turks stop, we will discuss the rest gradually. <gap reason="editorial" resp="#YB"/> The conditions for the Armenians are addressed in more detail in a cipher that has not yet been delivered to you. The question of Zangezur and Nakhichevan must remain open. <gap reason="editorial" resp="#YB"/></p>
        </sp>
        <listBibl type="witnesses">
          <bibl type="witness" ana="#status-copy">
            <msIdentifier>
              <repository ref="#repo-rgaspi">RGASPI</repository>
              <idno type="fond">64</idno>
              <idno type="opis">1</idno>
              <idno type="delo">21</idno>
            </msIdentifier>
            <citedRange unit="page" from="207" to="207">p. 207</citedRange>
          </bibl>
        </listBibl>
        <note type="editorial" resp="#YB" rend="parenthesized">Emphasis added – Y.B.</note>
      </div>
    </body>
  </text>
</TEI>
"##;

#[test]
fn worked_example_5_1_byte_for_byte() {
    let xml = write_tei(&edition_5_1(), &TeiOptions::default());
    assert_eq!(xml, EXPECTED_5_1);
}

#[test]
fn worked_example_5_1_is_valid_tei() {
    assert_valid(&write_tei(&edition_5_1(), &TeiOptions::default()));
}

// ---------------------------------------------------------------- every variant

fn header_all() -> Header {
    let mut header = header_5_1();
    header.title = "Documents No. 211–217".into();
    header.publisher = Some("Example Documentary Edition Project".into());
    header.licence = Some(Licence {
        text: "For research use; rights remain with the rights holders.".into(),
        url: Some("https://example.org/rights".into()),
    });
    header.source = SourceDesc::Note("Plain-text source variants.txt.".into());
    header.taxonomies[1].categories = vec![
        category(
            "form-typescript",
            "Typescript",
            vec![category(
                "form-typescript-typewritten",
                "Typewritten",
                vec![],
            )],
        ),
        category("form-manuscript", "Manuscript", vec![]),
    ];
    header.taxonomies.push(Taxonomy {
        id: "witness-unused".into(),
        categories: vec![],
    });
    header.persons = vec![
        person("alaverdyan", "S. Alaverdyan"),
        Person {
            is_role: true,
            ..person("chairman", "Chairman")
        },
        Person {
            affiliation: Some("Norway".into()),
            ..person("dalgaard", "Dalgaard")
        },
        person("legran", "Legran"),
        person("zvyagintsev", "Zvyagintsev"),
    ];
    header.repositories.push(Repository {
        id: "repo-x".into(),
        short: "X".into(),
        full: None,
        place: None,
    });
    header
}

fn fragment() -> Document {
    Document {
        kind: DocumentKind::Fragment,
        n: None,
        id: "fragment-1".into(),
        blocks: vec![
            block(BlockKind::Paragraph(vec![t("Article XIV "), gap()])),
            block(BlockKind::List {
                rend: None,
                items: vec![
                    ListItem {
                        span: sp(),
                        label: None,
                        content: vec![t("Recognition by the ASSR…")],
                    },
                    ListItem {
                        span: sp(),
                        label: None,
                        content: vec![gap()],
                    },
                ],
            }),
        ],
        witnesses: witnesses(
            false,
            vec![Witness {
                span: sp(),
                kind: WitnessKind::Unparsed("RGASPI, f. 64, d. 21, l. 5".into()),
            }],
        ),
        ..Document::default()
    }
}

fn document_blocks() -> Document {
    let mut inherited = witness(
        "AVPR",
        vec![
            part(ShelfmarkKind::Fond, "04", None),
            part(ShelfmarkKind::Opis, "51", None),
            part(ShelfmarkKind::Papka, "321a", None),
            part(ShelfmarkKind::Delo, "54870", None),
        ],
        ("leaf", "5", "6v", "ll. 5–6 ob."),
        &["status-copy", "form-typescript-typewritten"],
    );
    if let WitnessKind::Parsed(p) = &mut inherited.kind {
        p.inherited = true;
        p.certification = Some(vec![
            t("Copy certified by the "),
            il(InlineKind::RoleName(vec![t("Secretary of the Mission")])),
            t(", "),
            il(InlineKind::PersName {
                reference: None,
                content: vec![t("L. Schiffers")],
            }),
        ]);
    }
    Document {
        cert: Some(Cert::Medium),
        layout: Layout::Blocks,
        heads: vec![
            head(
                false,
                vec![
                    t("TELEGRAM FROM THE SECRETARY"),
                    il(InlineKind::Lb),
                    t("TO THE DELEGATION"),
                ],
            ),
            head(true, vec![t("On the Admission of Armenia")]),
        ],
        opener: opener(vec![
            OpenerItem::Marking(Marking {
                span: sp(),
                place: MarkingPlace::Title,
                text: "Urgent. Secret.".into(),
            }),
            dateline(vec![il(InlineKind::Supplied(vec![date(
                "October 12 or 13, 1920",
                None,
                Some("1920-10-12"),
                Some("1920-10-13"),
            )]))]),
            OpenerItem::Marking(Marking {
                span: sp(),
                place: MarkingPlace::Body,
                text: "Marked “Extremely urgent.”".into(),
            }),
        ]),
        blocks: vec![
            block(BlockKind::Paragraph(vec![
                gap(),
                t(" "),
                il(InlineKind::Hi {
                    rend: "underline".into(),
                    content: vec![
                        t("In our relations with Armenia"),
                        il(InlineKind::Anchor {
                            n: "*".into(),
                            id: "d211-fn1-a1".into(),
                        }),
                        t("."),
                    ],
                }),
                t(" Erivan "),
                il(InlineKind::Note(Box::new(note(
                    NoteKind::Gloss,
                    None,
                    None,
                    Some(NotePlace::Inline),
                    &[],
                    &[],
                    vec![t("modern Yerevan")],
                )))),
                t(" and "),
                il(InlineKind::Supplied(vec![t("Armenia")])),
                t(", "),
                il(InlineKind::PersName {
                    reference: Some("legran".into()),
                    content: vec![t("Legran")],
                }),
                t(" in "),
                il(InlineKind::PlaceName("Baku".into())),
                t(" "),
                il(InlineKind::Element(Element {
                    span: sp(),
                    name: "foreign".into(),
                    attributes: vec![("xml:lang".into(), "fr".into())],
                    content: vec![t("de facto")],
                })),
                t(" Kemal’s"),
                il(InlineKind::Anchor {
                    n: "*".into(),
                    id: "d211-a1".into(),
                }),
            ])),
            block(BlockKind::List {
                rend: Some("bulleted".into()),
                items: vec![ListItem {
                    span: sp(),
                    label: None,
                    content: vec![t("that the Republic has been recognised;")],
                }],
            }),
            block(BlockKind::List {
                rend: Some("numbered".into()),
                items: vec![
                    ListItem {
                        span: sp(),
                        label: Some("1.".into()),
                        content: vec![t("the withdrawal;")],
                    },
                    ListItem {
                        span: sp(),
                        label: Some("2.".into()),
                        content: vec![gap()],
                    },
                ],
            }),
            block(BlockKind::Gap),
            speech(
                "chairman",
                false,
                vec![t("Chairman:")],
                vec![t("The Sub-Committee has heard…")],
            ),
            speech(
                "dalgaard",
                false,
                vec![t("Mr. Dalgaard (Norway):")],
                vec![t("The frontiers are not settled.")],
            ),
            speech(
                "legran",
                true,
                vec![expan("L", "egran"), t(":")],
                vec![t("Agreed.")],
            ),
            block(BlockKind::Other(Element {
                span: sp(),
                name: "ab".into(),
                attributes: vec![("type".into(), "unknown".into())],
                content: vec![t("kept as read")],
            })),
        ],
        witnesses: witnesses(
            true,
            vec![
                witness(
                    "NA RA",
                    vec![
                        part(ShelfmarkKind::Fond, "276", Some("Fund")),
                        part(ShelfmarkKind::Opis, "1", Some("Inventory")),
                        part(ShelfmarkKind::Delo, "57", Some("File")),
                    ],
                    ("leaf", "3", "3", "Leaf 3"),
                    &[],
                ),
                inherited,
                Witness {
                    span: sp(),
                    kind: WitnessKind::Unparsed("X, f. 1".into()),
                },
            ],
        ),
        publications: vec![Publication {
            span: sp(),
            content: vec![
                t("Published in: "),
                il(InlineKind::Title("The Armenian Question at Geneva".into())),
                t(", "),
                il(InlineKind::PubPlace("Yerevan".into())),
                t(", "),
                date("1994", Some("1994"), None, None),
                t(", "),
                il(InlineKind::BiblScope {
                    unit: "document".into(),
                    from: "40".into(),
                    to: "40".into(),
                    text: "Document No. 40".into(),
                }),
                t("."),
            ],
        }],
        closers: vec![
            Closer {
                span: sp(),
                content: vec![
                    il(InlineKind::Signed(vec![
                        il(InlineKind::RoleName(vec![t("Military Commissar")])),
                        t(" "),
                        il(InlineKind::PersName {
                            reference: Some("zvyagintsev".into()),
                            content: vec![t("Zvyagintsev")],
                        }),
                    ])),
                    il(InlineKind::Lb),
                    il(InlineKind::Signed(vec![il(InlineKind::PersName {
                        reference: Some("alaverdyan".into()),
                        content: vec![t("S. Alaverdyan")],
                    })])),
                ],
            },
            Closer {
                span: sp(),
                content: vec![il(InlineKind::Idno {
                    kind: "registration".into(),
                    text: "No. 6600/op.".into(),
                })],
            },
        ],
        notes: vec![
            note(
                NoteKind::Editorial,
                None,
                None,
                None,
                &["parenthesized", "full-stop"],
                &[],
                vec![t("Emphasis added by us. – Y.B.")],
            ),
            note(
                NoteKind::Textual,
                Some("*"),
                Some("d211-fn1"),
                Some(NotePlace::Foot),
                &[],
                &["d211-fn1-a1", "d211-fn1-a2"],
                vec![t("This sentence is underlined in the original document.")],
            ),
            note(
                NoteKind::Editorial,
                Some("**"),
                Some("d211-fn2"),
                Some(NotePlace::Foot),
                &[],
                &[],
                vec![t("Present: Members of the Central Committee.")],
            ),
        ],
        ..document("211")
    }
}

fn document_low() -> Document {
    Document {
        cert: Some(Cert::Low),
        heads: vec![head(false, vec![t("Letter")])],
        opener: opener(vec![dateline(vec![date(
            "October 1920",
            Some("1920-10"),
            None,
            None,
        )])]),
        blocks: vec![block(BlockKind::Paragraph(vec![t("Text.")]))],
        witnesses: witnesses(
            false,
            vec![witness(
                "RGVA",
                fond_opis_delo("1273", "2", "81"),
                ("leaf", "58", "58", "l. 58"),
                &["form-manuscript"],
            )],
        ),
        ..document("212")
    }
}

fn edition_all() -> Edition {
    Edition {
        header: header_all(),
        documents: vec![fragment(), document_blocks(), document_low()],
    }
}

#[test]
fn every_model_variant_is_valid_tei() {
    let xml = write_tei(&edition_all(), &TeiOptions::default());
    assert_valid(&xml);
}

#[test]
fn every_model_variant_is_written_as_the_spec_says() {
    let xml = write_tei(&edition_all(), &TeiOptions::default());
    let expected_lines = [
        r##"      <div type="document" subtype="fragment" xml:id="fragment-1">"##,
        r##"          <bibl type="witness" subtype="unparsed">RGASPI, f. 64, d. 21, l. 5</bibl>"##,
        r##"      <div type="document" n="211" xml:id="d211" cert="medium" rend="blocks">"##,
        r##"        <head>TELEGRAM FROM THE SECRETARY<lb/>TO THE DELEGATION</head>"##,
        r##"        <head type="sub">On the Admission of Armenia</head>"##,
        r##"        <opener><note type="marking" subtype="title">Urgent. Secret.</note><dateline><supplied resp="#YB"><date notBefore="1920-10-12" notAfter="1920-10-13">October 12 or 13, 1920</date></supplied></dateline><note type="marking" subtype="body">Marked “Extremely urgent.”</note></opener>"##,
        r##"        <p><gap reason="editorial" resp="#YB"/> <hi rend="underline">In our relations with Armenia<anchor n="*" xml:id="d211-fn1-a1"/>.</hi> Erivan <note type="gloss" place="inline" resp="#YB">modern Yerevan</note> and <supplied resp="#YB">Armenia</supplied>, <persName ref="#legran">Legran</persName> in <placeName>Baku</placeName> <foreign xml:lang="fr">de facto</foreign> Kemal’s<anchor n="*" xml:id="d211-a1"/></p>"##,
        r##"        <list rend="bulleted">"##,
        r##"        <list rend="numbered">
          <label>1.</label>
          <item>the withdrawal;</item>
          <label>2.</label>
          <item><gap reason="editorial" resp="#YB"/></item>
        </list>
        <gap reason="editorial" resp="#YB"/>
        <sp who="#chairman">"##,
        r##"        <sp who="#legran" rend="run-in">
          <speaker><expan>L<ex resp="#YB">egran</ex></expan>:</speaker>
          <p>Agreed.</p>
        </sp>
        <ab type="unknown">kept as read</ab>
        <listBibl type="witnesses" rend="parenthesized">"##,
        r##"              <idno type="fond" rend="Fund">276</idno>"##,
        r##"            <citedRange unit="leaf" from="3" to="3">Leaf 3</citedRange>"##,
        r##"          <bibl type="witness" ana="#status-copy #form-typescript-typewritten">
            <msIdentifier>
              <repository ref="#repo-avpr" rend="inherited">AVPR</repository>
              <idno type="fond">04</idno>
              <idno type="opis">51</idno>
              <idno type="papka">321a</idno>
              <idno type="delo">54870</idno>
            </msIdentifier>
            <citedRange unit="leaf" from="5" to="6v">ll. 5–6 ob.</citedRange>
            <note type="certification">Copy certified by the <roleName>Secretary of the Mission</roleName>, <persName>L. Schiffers</persName></note>
          </bibl>"##,
        r##"        <listBibl type="publications">
          <bibl type="publication">Published in: <title>The Armenian Question at Geneva</title>, <pubPlace>Yerevan</pubPlace>, <date when="1994">1994</date>, <biblScope unit="document" from="40" to="40">Document No. 40</biblScope>.</bibl>
        </listBibl>
        <closer><signed><roleName>Military Commissar</roleName> <persName ref="#zvyagintsev">Zvyagintsev</persName></signed><lb/><signed><persName ref="#alaverdyan">S. Alaverdyan</persName></signed></closer>
        <closer><idno type="registration">No. 6600/op.</idno></closer>
        <note type="editorial" resp="#YB" rend="parenthesized full-stop">Emphasis added by us. – Y.B.</note>
        <note type="textual" n="*" xml:id="d211-fn1" place="foot" resp="#YB" target="#d211-fn1-a1 #d211-fn1-a2">This sentence is underlined in the original document.</note>
        <note type="editorial" n="**" xml:id="d211-fn2" place="foot" resp="#YB">Present: Members of the Central Committee.</note>
      </div>"##,
        r##"      <div type="document" n="212" xml:id="d212" cert="low">"##,
        r##"<date when="1920-10">October 1920</date>"##,
        // header: §2.3 and §7.3
        r##"      <publicationStmt>
        <publisher>Example Documentary Edition Project</publisher>
        <availability><licence target="https://example.org/rights">For research use; rights remain with the rights holders.</licence></availability>
      </publicationStmt>
      <sourceDesc>
        <p>Plain-text source variants.txt.</p>
      </sourceDesc>"##,
        r##"          <category xml:id="form-typescript"><catDesc>Typescript</catDesc><category xml:id="form-typescript-typewritten"><catDesc>Typewritten</catDesc></category></category>"##,
        r##"          <person xml:id="alaverdyan"><persName>S. Alaverdyan</persName></person>
          <person xml:id="chairman"><persName><roleName>Chairman</roleName></persName></person>
          <person xml:id="dalgaard"><persName>Dalgaard</persName><affiliation>Norway</affiliation></person>"##,
        r##"      <org xml:id="repo-x"><orgName type="short">X</orgName></org>"##,
    ];
    for expected in expected_lines {
        assert!(
            xml.contains(expected),
            "missing:\n{expected}\n--- in:\n{xml}"
        );
    }
    assert!(
        !xml.contains("witness-unused"),
        "an empty taxonomy is left out"
    );
}

// ---------------------------------------------------------------- split files

#[test]
fn split_file_has_one_ms_desc_per_witness_and_only_what_the_document_references() {
    let xml = write_document_tei(&edition_5_1(), 1, &TeiOptions::default());
    let source_desc = r##"      <sourceDesc>
        <bibl><author>Yuri Barsegov</author> <title>Nagorno-Karabakh in International Law and Global Politics</title></bibl>
        <msDesc ana="#status-copy">
          <msIdentifier>
            <repository ref="#repo-rgaspi">RGASPI</repository>
            <idno type="fond">64</idno>
            <idno type="opis">1</idno>
            <idno type="delo">21</idno>
          </msIdentifier>
        </msDesc>
      </sourceDesc>"##;
    assert!(xml.contains(source_desc), "{xml}");
    let persons = r##"        <listPerson>
          <person xml:id="chicherin"><persName>Chicherin</persName></person>
          <person xml:id="legran"><persName>Legran</persName></person>
        </listPerson>"##;
    assert!(xml.contains(persons), "{xml}");
    let orgs = r##"    <listOrg type="repositories">
      <org xml:id="repo-rgaspi"><orgName type="short">RGASPI</orgName><orgName type="full">Russian State Archive of Socio-Political History</orgName><placeName>Moscow</placeName></org>
    </listOrg>"##;
    assert!(xml.contains(orgs), "{xml}");
    let taxonomies = r##"      <classDecl>
        <taxonomy xml:id="witness-status">
          <category xml:id="status-copy"><catDesc>Copy</catDesc></category>
        </taxonomy>
      </classDecl>"##;
    assert!(xml.contains(taxonomies), "{xml}");
    // Only document 566 is in the body.
    assert!(xml.contains(r#"<div type="document" n="566" xml:id="d566">"#));
    assert!(!xml.contains(r#"xml:id="d562""#));
    assert_valid(&xml);
}

#[test]
fn split_file_keeps_the_parent_of_a_label_variant_and_skips_unparsed_witnesses() {
    let xml = write_document_tei(&edition_all(), 1, &TeiOptions::default());
    let form = r##"        <taxonomy xml:id="witness-form">
          <category xml:id="form-typescript"><catDesc>Typescript</catDesc><category xml:id="form-typescript-typewritten"><catDesc>Typewritten</catDesc></category></category>
        </taxonomy>"##;
    assert!(xml.contains(form), "{xml}");
    assert!(!xml.contains("form-manuscript"));
    assert!(!xml.contains("status-original"));
    assert!(
        xml.contains("        <bibl>Plain-text source variants.txt.</bibl>\n        <msDesc>"),
        "{xml}"
    );
    // NA RA (no @ana) and the inherited AVPR; the unparsed "X, f. 1" has no msDesc.
    assert_eq!(xml.matches("<msDesc").count(), 2, "{xml}");
    assert!(xml.contains("        <msDesc>\n          <msIdentifier>\n            <repository ref=\"#repo-na-ra\">NA RA</repository>"));
    assert!(xml.contains(
        "        <msDesc ana=\"#status-copy #form-typescript-typewritten\">\n          <msIdentifier>\n            <repository ref=\"#repo-avpr\" rend=\"inherited\">AVPR</repository>"
    ));
    assert!(
        !xml.contains("repo-rgaspi"),
        "an unparsed citation references no org"
    );
    assert_valid(&xml);
}

#[test]
fn split_file_of_a_document_without_persons_has_no_profile_desc() {
    let xml = write_document_tei(&edition_all(), 2, &TeiOptions::default());
    assert!(!xml.contains("<profileDesc>"), "{xml}");
    assert!(!xml.contains("witness-status"), "{xml}");
    assert!(xml.contains(r#"<org xml:id="repo-rgva">"#));
    assert_eq!(xml.matches("<org ").count(), 1);
    assert_valid(&xml);
}

#[test]
fn split_index_past_the_end_gives_a_body_without_documents() {
    let xml = write_document_tei(&edition_5_1(), 9, &TeiOptions::default());
    assert!(!xml.contains("<div"));
    assert!(!xml.contains("<listPerson>"));
    assert!(xml.ends_with("</TEI>\n"));
}

// ---------------------------------------------------------------- escaping, form

fn one_paragraph(content: Vec<Inline>) -> Edition {
    let mut doc = document("1");
    doc.blocks = vec![block(BlockKind::Paragraph(content))];
    Edition {
        header: header_5_1(),
        documents: vec![doc],
    }
}

#[test]
fn text_escapes_ampersand_and_angle_brackets_but_not_quotes() {
    let mut edition = one_paragraph(vec![t(r#"Smith & Sons <sic> "quoted" 'single'"#)]);
    edition.header.title = "A & B".into();
    let xml = write_tei(&edition, &TeiOptions::default());
    assert!(
        xml.contains(r#"<p>Smith &amp; Sons &lt;sic&gt; "quoted" 'single'</p>"#),
        "{xml}"
    );
    assert!(xml.contains("<title>A &amp; B</title>"));
    // The editorialDecl of §5.1 spells the omission mark “&lt;…&gt;”.
    assert!(xml.contains("Omissions marked “&lt;…&gt;” by the compiler"));
    assert_valid(&xml);
}

#[test]
fn attribute_values_are_escaped() {
    let edition = one_paragraph(vec![il(InlineKind::Element(Element {
        span: sp(),
        name: "seg".into(),
        attributes: vec![("rend".into(), r#"a"b&c<d'e"#.into())],
        content: vec![t("x")],
    }))]);
    let xml = write_tei(&edition, &TeiOptions::default());
    assert!(
        xml.contains(r#"<seg rend="a&quot;b&amp;c&lt;d&apos;e">x</seg>"#),
        "{xml}"
    );
}

#[test]
fn unknown_markup_keeps_its_attribute_order_and_known_markup_follows_the_spec_order() {
    let edition = one_paragraph(vec![
        il(InlineKind::Element(Element {
            span: sp(),
            name: "seg".into(),
            attributes: vec![
                ("rend".into(), "r".into()),
                ("type".into(), "t".into()),
                ("bad name".into(), "dropped".into()),
            ],
            content: vec![],
        })),
        il(InlineKind::Element(Element {
            span: sp(),
            name: "not a name".into(),
            attributes: vec![],
            content: vec![t("content kept")],
        })),
    ]);
    let xml = write_tei(&edition, &TeiOptions::default());
    assert!(
        xml.contains(r#"<p><seg rend="r" type="t"/>content kept</p>"#),
        "{xml}"
    );
}

#[test]
fn marks_carry_no_resp_without_an_editor() {
    let mut edition = one_paragraph(vec![gap(), il(InlineKind::Supplied(vec![t("x")]))]);
    edition.header.editor = None;
    let xml = write_tei(&edition, &TeiOptions::default());
    assert!(
        xml.contains(r#"<p><gap reason="editorial"/><supplied>x</supplied></p>"#),
        "{xml}"
    );
    assert!(!xml.contains("<editor "));
    assert_valid(&xml);
}

#[test]
fn minimal_header_leaves_out_empty_parts_and_stays_valid() {
    let edition = Edition {
        header: Header {
            title: "Documents No. 1–1".into(),
            language: "en".into(),
            source: SourceDesc::Note("Plain-text source x.txt.".into()),
            ..Header::default()
        },
        documents: vec![Document {
            blocks: vec![block(BlockKind::Paragraph(vec![t("Text.")]))],
            ..document("1")
        }],
    };
    let xml = write_tei(&edition, &TeiOptions::default());
    for absent in ["<encodingDesc>", "<profileDesc>", "<standOff>", "<editor "] {
        assert!(!xml.contains(absent), "{absent} in {xml}");
    }
    assert!(xml.contains(
        "      <publicationStmt>\n        <p>Unpublished.</p>\n      </publicationStmt>"
    ));
    assert_valid(&xml);
}

#[test]
fn licence_without_publisher_stays_valid() {
    let mut header = header_5_1();
    header.licence = Some(Licence {
        text: "CC BY 4.0".into(),
        url: Some("https://creativecommons.org/licenses/by/4.0/".into()),
    });
    let edition = Edition {
        header,
        documents: vec![document_562()],
    };
    let xml = write_tei(&edition, &TeiOptions::default());
    assert!(xml.contains(
        "      <publicationStmt>\n        <p><ref target=\"https://creativecommons.org/licenses/by/4.0/\">CC BY 4.0</ref></p>\n      </publicationStmt>"
    ), "{xml}");
    assert_valid(&xml);
}

#[test]
fn xml_model_option_adds_the_processing_instruction() {
    let options = TeiOptions {
        xml_model: Some("tei_all.rng".into()),
        ..TeiOptions::default()
    };
    let xml = write_tei(&edition_5_1(), &options);
    assert!(xml.starts_with(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<?xml-model href=\"tei_all.rng\" type=\"application/xml\" schematypens=\"http://relaxng.org/ns/structure/1.0\"?>\n<TEI "
    ), "{xml}");
    assert_valid(&xml);
}

// ---------------------------------------------------------------- §5.1, document 560

fn anchor(id: &str) -> Inline {
    il(InlineKind::Anchor {
        n: "*".into(),
        id: id.into(),
    })
}

fn hi(content: Vec<Inline>) -> Inline {
    il(InlineKind::Hi {
        rend: "underline".into(),
        content,
    })
}

/// Document 560 of §5.1 as the spec prints it (its `…` elisions kept as text,
/// its commented-out witness left out).
fn document_560() -> Document {
    Document {
        cert: Some(Cert::Low),
        heads: vec![
            head(
                false,
                vec![t(
                    "Letter from the People’s Commissar for Foreign Affairs of the RSFSR, G. Chicherin, to I. Stalin",
                )],
            ),
            head(
                true,
                vec![t(
                    "On the Possible Shift in Kemalist Orientation and the Role of Armenia as a Barrier Against Expansionist Policies of Turkish Nationalists",
                )],
            ),
        ],
        opener: opener(vec![dateline(vec![date(
            "5 November 1920",
            Some("1920-11-05"),
            None,
            None,
        )])]),
        blocks: vec![
            block(BlockKind::Paragraph(vec![
                gap(),
                t(" "),
                hi(vec![
                    t("In our relations with Armenia"),
                    anchor("d560-fn1-a1"),
                    t(
                        " and Georgia, we must never forget that, with a new turn of the historical wheel, these countries may prove necessary to us as barriers against the expansionist policies of Turkish nationalists who have changed sides.",
                    ),
                ]),
                t(" In our reliance on Muslim solidarity, … anti-British ones."),
            ])),
            block(BlockKind::Paragraph(vec![
                t(
                    "I have consistently warned—and continue to warn—against the one-sided reliance on Muslim solidarity, a position represented by Narimanov. ",
                ),
                hi(vec![
                    t(
                        "At present, we advocate maintaining our current stance toward the Kemalists, so as not to lose what influence we still hold and not to push the wavering into the opposing camp",
                    ),
                    anchor("d560-fn1-a2"),
                    t("."),
                ]),
            ])),
            block(BlockKind::Paragraph(vec![
                t("Our proposal … "),
                gap(),
                t(" Any demand for the Sovietization of "),
                il(InlineKind::Supplied(vec![t("Armenia")])),
                t(", in whatever form … with the Entente. "),
                gap(),
            ])),
        ],
        notes: vec![
            emphasis_note(),
            note(
                NoteKind::Textual,
                Some("*"),
                Some("d560-fn1"),
                Some(NotePlace::Foot),
                &[],
                &["d560-fn1-a1", "d560-fn1-a2"],
                vec![t("This sentence is underlined in the original document.")],
            ),
        ],
        ..document("560")
    }
}

/// docs/encoding.md §5.1's document 560, its elision comment taken out.
const EXPECTED_560: &str = r##"<div type="document" n="560" xml:id="d560" cert="low">
  <head>Letter from the People’s Commissar for Foreign Affairs of the RSFSR, G. Chicherin, to I. Stalin</head>
  <head type="sub">On the Possible Shift in Kemalist Orientation and the Role of Armenia as a Barrier Against Expansionist Policies of Turkish Nationalists</head>
  <opener><dateline><date when="1920-11-05">5 November 1920</date></dateline></opener>
  <p><gap reason="editorial" resp="#YB"/> <hi rend="underline">In our relations with Armenia<anchor n="*" xml:id="d560-fn1-a1"/> and Georgia, we must never forget that, with a new turn of the historical wheel, these countries may prove necessary to us as barriers against the expansionist policies of Turkish nationalists who have changed sides.</hi> In our reliance on Muslim solidarity, … anti-British ones.</p>
  <p>I have consistently warned—and continue to warn—against the one-sided reliance on Muslim solidarity, a position represented by Narimanov. <hi rend="underline">At present, we advocate maintaining our current stance toward the Kemalists, so as not to lose what influence we still hold and not to push the wavering into the opposing camp<anchor n="*" xml:id="d560-fn1-a2"/>.</hi></p>
  <p>Our proposal … <gap reason="editorial" resp="#YB"/> Any demand for the Sovietization of <supplied resp="#YB">Armenia</supplied>, in whatever form … with the Entente. <gap reason="editorial" resp="#YB"/></p>
  <note type="editorial" resp="#YB" rend="parenthesized">Emphasis added – Y.B.</note>
  <note type="textual" n="*" xml:id="d560-fn1" place="foot" resp="#YB" target="#d560-fn1-a1 #d560-fn1-a2">This sentence is underlined in the original document.</note>
</div>
"##;

#[test]
fn worked_example_document_560_byte_for_byte() {
    let edition = Edition {
        header: header_5_1(),
        documents: vec![document_560()],
    };
    let xml = write_tei(&edition, &TeiOptions::default());
    let start = xml.find("      <div ").unwrap();
    let end = xml.find("</div>").unwrap() + "</div>\n".len();
    // The spec prints the div at the left margin; in the file it sits three levels deep.
    let div: String = xml[start..end]
        .lines()
        .map(|line| format!("{}\n", line.strip_prefix("      ").unwrap()))
        .collect();
    assert_eq!(div, EXPECTED_560);
}

// ---------------------------------------------------------------- well-formedness, any text

/// The text and `@rend` of the first `seg`, read back with quick-xml.
fn read_seg(xml: &str) -> (String, String) {
    use quick_xml::XmlVersion;
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut text, mut rend, mut in_seg) = (String::new(), String::new(), false);
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) if e.name().as_ref() == "seg" => {
                in_seg = true;
                let attr = e.try_get_attribute("rend").unwrap().unwrap();
                rend = attr
                    .normalized_value(XmlVersion::Implicit1_0)
                    .unwrap()
                    .into_owned();
            }
            Event::End(e) if e.name().as_ref() == "seg" => in_seg = false,
            Event::Text(e) if in_seg => text.push_str(&e.xml10_content()),
            Event::GeneralRef(r) if in_seg => match r.resolve_char_ref().unwrap() {
                Some(c) => text.push(c),
                None => text.push(match r.as_ref() {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    other => panic!("unexpected entity {other:?}"),
                }),
            },
            Event::Eof => break,
            _ => {}
        }
    }
    (text, rend)
}

/// What XML 1.0 can hold of `s`: other characters become U+FFFD.
fn xml_safe(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' | '\u{20}'..='\u{FFFD}' | '\u{10000}'.. => c,
            _ => '\u{FFFD}',
        })
        .collect()
}

proptest::proptest! {
    #[test]
    fn any_text_and_attribute_value_come_back_from_a_parse(text in ".*", value in ".*") {
        let edition = one_paragraph(vec![il(InlineKind::Element(Element {
            span: sp(),
            name: "seg".into(),
            attributes: vec![("rend".into(), value.clone())],
            content: vec![t(&text)],
        }))]);
        let xml = write_tei(&edition, &TeiOptions::default());
        let (got_text, got_rend) = read_seg(&xml);
        proptest::prop_assert_eq!(got_text, xml_safe(&text));
        proptest::prop_assert_eq!(got_rend, xml_safe(&value));
        proptest::prop_assert_eq!(xml, write_tei(&edition, &TeiOptions::default()));
    }
}

#[test]
fn control_characters_cannot_make_the_file_ill_formed() {
    let edition = one_paragraph(vec![t("bell\u{7} form feed\u{c} end")]);
    let xml = write_tei(&edition, &TeiOptions::default());
    assert!(
        xml.contains("<p>bell\u{FFFD} form feed\u{FFFD} end</p>"),
        "{xml}"
    );
    assert_valid(&xml);
}
