//! Model builders shared by the integration tests: documents 562 and 566 of
//! docs/encoding.md §5.1 built by hand, and small constructors.
#![allow(dead_code)]

use teikit::model::*;

pub fn t(s: &str) -> Inline {
    Inline::text(Span::default(), s)
}

pub fn ik(kind: InlineKind) -> Inline {
    Inline::new(Span::default(), kind)
}

pub fn block(kind: BlockKind) -> Block {
    Block {
        span: Span::default(),
        kind,
    }
}

pub fn para(content: Vec<Inline>) -> Block {
    block(BlockKind::Paragraph(content))
}

pub fn head(text: &str) -> Head {
    head_of(vec![t(text)])
}

pub fn head_of(content: Vec<Inline>) -> Head {
    Head {
        span: Span::default(),
        sub: false,
        content,
    }
}

pub fn date(text: &str, when: Option<&str>) -> Inline {
    ik(InlineKind::Date(DateValue {
        text: text.into(),
        when: when.map(String::from),
        ..DateValue::default()
    }))
}

pub fn dateline(content: Vec<Inline>) -> Option<Opener> {
    Some(Opener {
        span: Span::default(),
        items: vec![OpenerItem::Dateline {
            span: Span::default(),
            content,
        }],
    })
}

pub fn place_date(place: &str, text: &str, when: &str) -> Option<Opener> {
    dateline(vec![
        ik(InlineKind::PlaceName(place.into())),
        t(", "),
        date(text, Some(when)),
    ])
}

pub fn note(
    kind: NoteKind,
    n: Option<&str>,
    place: Option<NotePlace>,
    rend: &[&str],
    text: &str,
) -> Note {
    Note {
        span: Span::default(),
        kind,
        n: n.map(String::from),
        id: None,
        place,
        by_editor: true,
        rend: rend.iter().map(|s| s.to_string()).collect(),
        target: Vec::new(),
        content: vec![t(text)],
    }
}

pub fn footnote(n: &str, kind: NoteKind, text: &str) -> Inline {
    ik(InlineKind::Note(Box::new(note(
        kind,
        Some(n),
        Some(NotePlace::Foot),
        &[],
        text,
    ))))
}

pub fn footnote_with_id(n: &str, id: &str, kind: NoteKind, text: &str) -> Inline {
    let mut note = note(kind, Some(n), Some(NotePlace::Foot), &[], text);
    note.id = Some(id.into());
    ik(InlineKind::Note(Box::new(note)))
}

pub fn emphasis(text: &str, rend: &[&str]) -> Note {
    note(NoteKind::Editorial, None, None, rend, text)
}

pub fn pers(name: &str) -> Inline {
    ik(InlineKind::PersName {
        reference: Some(name.to_lowercase()),
        content: vec![t(name)],
    })
}

pub fn role(text: &str) -> Inline {
    ik(InlineKind::RoleName(vec![t(text)]))
}

pub fn signed(content: Vec<Inline>) -> Inline {
    ik(InlineKind::Signed(content))
}

pub fn closer(content: Vec<Inline>) -> Closer {
    Closer {
        span: Span::default(),
        content,
    }
}

pub fn witnesses(parenthesized: bool, items: Vec<WitnessKind>) -> Option<Witnesses> {
    Some(Witnesses {
        span: Span::default(),
        parenthesized,
        items: items
            .into_iter()
            .map(|kind| Witness {
                span: Span::default(),
                kind,
            })
            .collect(),
    })
}

pub fn unparsed(text: &str) -> WitnessKind {
    WitnessKind::Unparsed(text.into())
}

pub fn shelfmark(kind: ShelfmarkKind, value: &str) -> ShelfmarkPart {
    ShelfmarkPart {
        kind,
        value: value.into(),
        label: None,
    }
}

/// RGASPI, fond/opis/delo, one page, status copy.
pub fn rgaspi_copy(fond: &str, delo: &str, page: &str) -> ParsedWitness {
    ParsedWitness {
        repository: "RGASPI".into(),
        repository_ref: "repo-rgaspi".into(),
        inherited: false,
        shelfmark: vec![
            shelfmark(ShelfmarkKind::Fond, fond),
            shelfmark(ShelfmarkKind::Opis, "1"),
            shelfmark(ShelfmarkKind::Delo, delo),
        ],
        range: CitedRange {
            unit: "page".into(),
            from: page.into(),
            to: page.into(),
            text: format!("p. {page}"),
        },
        categories: vec!["status-copy".into()],
        certification: None,
    }
}

pub fn document(n: Option<&str>, id: &str, layout: Layout) -> Document {
    Document {
        n: n.map(String::from),
        id: id.into(),
        layout,
        ..Document::default()
    }
}

pub fn header() -> Header {
    Header {
        title: "Documents".into(),
        taxonomies: vec![Taxonomy {
            id: "witness-status".into(),
            categories: vec![Category {
                id: "status-copy".into(),
                label: "Copy".into(),
                children: Vec::new(),
            }],
        }],
        ..Header::default()
    }
}

pub fn edition(documents: Vec<Document>) -> Edition {
    Edition {
        header: header(),
        documents,
    }
}

pub const HEAD_562: &str = "Telegram from I. Stalin and Member of the Caucasian Bureau of the Central Committee of the RCP(b) and the Revolutionary Military Council of the Caucasian Front, G. Ordzhonikidze, to the People’s Commissar for Foreign Affairs of the RSFSR, G. Chicherin On the Unacceptability of the Territorial Settlement Proposed by Legran in the Draft Treaty with Armenia";

/// Document 562 as in the TEI of docs/encoding.md §5.1.
pub fn d562() -> Document {
    let mut doc = document(Some("562"), "d562", Layout::Lines);
    doc.heads = vec![head(HEAD_562)];
    doc.opener = place_date("Baku", "5 November 1920", "1920-11-05");
    doc.blocks = vec![para(vec![
        t(
            "Legran arrived with a draft treaty; no ultimatum was presented to the Armenian government. The draft treaty grants Armenia the districts of Nakhichevan and Zangezur; in return, we gain the right to transport arms to Turkey, etc., provided the Turks, under our pressure, withdraw to the 1914 border. The draft cannot be signed immediately and ",
        ),
        ik(InlineKind::Choice {
            sic: "begins".into(),
            corr: "requires".into(),
        }),
        footnote_with_id(
            "*",
            "d562-fn1",
            NoteKind::Textual,
            "The document mistakenly reads “begins.”",
        ),
        t(
            " thorough review and substantial revision. Legran should travel to Moscow to provide clarification.",
        ),
    ])];
    doc.witnesses = witnesses(
        false,
        vec![WitnessKind::Parsed(rgaspi_copy("558", "5224", "1"))],
    );
    doc.closers = vec![closer(vec![
        ik(InlineKind::Idno {
            kind: "registration".into(),
            text: "No. 159".into(),
        }),
        t("."),
    ])];
    doc.notes = vec![emphasis("Emphasis added – Y.B.", &["parenthesized"])];
    doc
}

pub fn speech(abbr: &str, ex: &str, run_in: bool, content: Vec<Inline>) -> Block {
    block(BlockKind::Speech {
        who: format!("{abbr}{ex}").to_lowercase(),
        run_in,
        speaker: vec![
            ik(InlineKind::Expan {
                abbr: abbr.into(),
                ex: ex.into(),
            }),
            t(":"),
        ],
        content,
    })
}

/// Document 566 as in the TEI of docs/encoding.md §5.1.
pub fn d566() -> Document {
    let mut doc = document(Some("566"), "d566", Layout::Lines);
    doc.heads = vec![head(
        "Record of a Direct-Line Conversation Between the People’s Commissar for Foreign Affairs of the RSFSR, G. Chicherin, and the Plenipotentiary Representative in Armenia, B. Legran On Stalin’s Rejection of the Draft Treaty with Armenia and the Decision to Leave the Status of Zangezur and Nakhichevan—and Therefore Karabakh—Unresolved",
    )];
    doc.opener = place_date("Baku", "7 November 1920", "1920-11-07");
    let gap = || ik(InlineKind::Gap);
    doc.blocks = vec![
        speech(
            "L",
            "egran",
            false,
            vec![t("I await your response to the memorandum.")],
        ),
        speech(
            "Ch",
            "icherin",
            true,
            vec![t("Stalin’s cipher No. 164 has not yet been decrypted.")],
        ),
        speech(
            "L",
            "egran",
            true,
            vec![t(
                "Comrade Chicherin, I am requesting a response to my memorandum, not to Stalin’s cipher. Legran on the line.",
            )],
        ),
        speech(
            "Ch",
            "icherin",
            true,
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
    ];
    doc.witnesses = witnesses(
        false,
        vec![WitnessKind::Parsed(rgaspi_copy("64", "21", "207"))],
    );
    doc.notes = vec![emphasis("Emphasis added – Y.B.", &["parenthesized"])];
    doc
}
